/*
 * TK_VECTORISE, put before a function whose loop is worth vectorising
 * (a[k] += v * w[k] over a dense row, the loop scoring and clustering
 * spend their time in).  GCC vectorises only from -O3 by default, so it
 * is asked to here (clang does at -O2), and on x86-64 Linux it also makes
 * an AVX2 copy that is used on processors that have it.  Each a[k] is
 * computed the same way in both (no fused multiply-add in ISO C mode), so
 * results do not depend on the processor.
 */
#ifndef TK_VEC_H
#define TK_VEC_H

#if defined(__GNUC__) && !defined(__clang__)
#if defined(__x86_64__) && defined(__linux__)
#define TK_VECTORISE __attribute__((target_clones("avx2", "default"), optimize("tree-vectorize")))
#else
#define TK_VECTORISE __attribute__((optimize("tree-vectorize")))
#endif
#else
#define TK_VECTORISE
#endif

#endif
