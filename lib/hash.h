/*
 * Feature hashing: tokens and n-grams become indices into a table of 2^bits
 * weights without a vocabulary, so a model never meets an unknown word.
 *
 * The scheme is fixed and documented in tk-model(5), so that indices are
 * the same on every run and machine:
 *
 * - hash: MurmurHash3_x86_32 of the feature's UTF-8 bytes (blocks read as
 *   little-endian whatever the host), with a seed per feature family;
 * - word n-gram of tokens t1 .. tn (n >= 1): the bytes "t1 t2 ... tn" (one
 *   U+0020 between tokens), seed TK_SEED_WORD;
 * - character n-gram: each run of n code points of "<" token ">", for n in
 *   minn .. maxn, seed TK_SEED_CHAR;
 * - index: hash & (2^bits - 1).
 */
#ifndef TK_HASH_H
#define TK_HASH_H

#include <stddef.h>
#include <stdint.h>

struct tk_tokens;

#define TK_SEED_WORD 0u
#define TK_SEED_CHAR 1u

/* MurmurHash3_x86_32 of data[0..len) with seed. */
uint32_t tk_hash32(const void *data, size_t len, uint32_t seed);

/* A list of feature indices; an index appears once per occurrence. */
struct tk_featvec {
	uint32_t *id;
	size_t n;
	size_t alloc;
};

void tk_featvec_init(struct tk_featvec *f);
void tk_featvec_release(struct tk_featvec *f);

static inline void tk_featvec_reset(struct tk_featvec *f)
{
	f->n = 0;
}

/* Append one index. */
void tk_featvec_add(struct tk_featvec *f, uint32_t id);

/*
 * Append the indices of every word n-gram of t for n in 1..maxn (maxn >= 1),
 * into a table of 2^bits (1 <= bits <= 32).  N-grams are taken over
 * t's tokens only (entries of t made of several words are not re-split).
 */
void tk_features_words(const struct tk_tokens *t, unsigned maxn, unsigned bits, struct tk_featvec *out);

/* Append the indices of every character n-gram of t's tokens, n in minn..maxn. */
void tk_features_chars(const struct tk_tokens *t, unsigned minn, unsigned maxn, unsigned bits,
		       struct tk_featvec *out);

/* Append the indices of the character n-grams of the one token s[0..len). */
void tk_features_token_chars(const char *s, size_t len, unsigned minn, unsigned maxn, unsigned bits,
			     struct tk_featvec *out);

#endif
