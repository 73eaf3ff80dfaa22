/*
 * Unicode character properties: lookups in the tables that
 * lib/gen-unicode.py generates into unicode-table.h.  Properties come from
 * a three-stage table of shared records, so a lookup is three loads and
 * no branch but the range check.  Canonical composition is a binary search
 * of the generated pairs, except for Hangul, which composes by arithmetic
 * (Unicode chapter 3.12) instead of 11,172 table entries.
 */
#include "unicode.h"

#include "unicode-table.h"

#define HANGUL_S 0xAC00
#define HANGUL_L 0x1100
#define HANGUL_V 0x1161
#define HANGUL_T 0x11A7
#define HANGUL_LCOUNT 19
#define HANGUL_VCOUNT 21
#define HANGUL_TCOUNT 28
#define HANGUL_SCOUNT (HANGUL_LCOUNT * HANGUL_VCOUNT * HANGUL_TCOUNT)

const struct tk_uchar *tk_unicode_get(uint32_t cp)
{
	uint32_t i;

	if (cp > 0x10FFFF)
		return &tk_urec[0];
	i = tk_ustage1[cp >> (TK_UBITS2 + TK_UBITS3)];
	i = tk_ustage2[i << TK_UBITS2 | (cp >> TK_UBITS3 & ((1u << TK_UBITS2) - 1))];
	i = tk_ustage3[i << TK_UBITS3 | (cp & ((1u << TK_UBITS3) - 1))];
	return &tk_urec[i];
}

uint32_t tk_unicode_compose(uint32_t a, uint32_t b)
{
	size_t lo = 0, hi = sizeof(tk_ucomp) / sizeof(tk_ucomp[0]);

	/* Unsigned subtraction wraps, so each range takes one comparison. */
	if (a - HANGUL_L < HANGUL_LCOUNT && b - HANGUL_V < HANGUL_VCOUNT)
		return HANGUL_S + ((a - HANGUL_L) * HANGUL_VCOUNT + b - HANGUL_V) * HANGUL_TCOUNT;
	/* A syllable without a final consonant takes one; HANGUL_T is not one. */
	if (a - HANGUL_S < HANGUL_SCOUNT && (a - HANGUL_S) % HANGUL_TCOUNT == 0 &&
	    b - HANGUL_T - 1 < HANGUL_TCOUNT - 1)
		return a + b - HANGUL_T;
	if (b < TK_UCOMP_MIN_B)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const uint32_t *p = tk_ucomp[mid];

		if (p[0] == a && p[1] == b)
			return p[2];
		if (p[0] < a || (p[0] == a && p[1] < b))
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}
