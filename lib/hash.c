/*
 * MurmurHash3_x86_32 (Austin Appleby's public-domain design, written here
 * from its description) and the feature hashing built on it; see hash.h.
 */
#include "hash.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "token.h"

static inline uint32_t rotl32(uint32_t x, int r)
{
	return x << r | x >> (32 - r);
}

uint32_t tk_hash32(const void *data, size_t len, uint32_t seed)
{
	const unsigned char *p = data;
	const uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
	uint32_t h = seed, k;
	size_t i, nblocks = len / 4;

	for (i = 0; i < nblocks; i++, p += 4) {
		k = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		k *= c1;
		k = rotl32(k, 15);
		k *= c2;
		h ^= k;
		h = rotl32(h, 13);
		h = h * 5 + 0xe6546b64;
	}
	k = 0;
	switch (len & 3) {
	case 3:
		k ^= (uint32_t)p[2] << 16;
		/* fall through */
	case 2:
		k ^= (uint32_t)p[1] << 8;
		/* fall through */
	case 1:
		k ^= p[0];
		k *= c1;
		k = rotl32(k, 15);
		k *= c2;
		h ^= k;
	}
	h ^= (uint32_t)len;
	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	h *= 0xc2b2ae35;
	h ^= h >> 16;
	return h;
}

void tk_featvec_init(struct tk_featvec *f)
{
	f->id = NULL;
	f->n = f->alloc = 0;
}

void tk_featvec_release(struct tk_featvec *f)
{
	free(f->id);
	tk_featvec_init(f);
}

void tk_featvec_add(struct tk_featvec *f, uint32_t id)
{
	if (f->n == f->alloc) {
		f->alloc = f->alloc ? 2 * f->alloc : 256;
		f->id = tk_realloc(f->id, f->alloc * sizeof(*f->id));
	}
	f->id[f->n++] = id;
}

static inline uint32_t mask(unsigned bits)
{
	return bits >= 32 ? 0xFFFFFFFFu : (1u << bits) - 1;
}

void tk_features_words(const struct tk_tokens *t, unsigned maxn, unsigned bits, struct tk_featvec *out)
{
	uint32_t m = mask(bits);
	size_t i, n;

	/* Tokens sit in t->text one space apart, so an n-gram is one run of bytes. */
	for (i = 0; i < t->n; i++) {
		const char *start = t->text.buf + t->span[i].off;

		for (n = 1; n <= maxn && i + n <= t->n; n++) {
			const struct tk_span *last = &t->span[i + n - 1];
			size_t len = last->off + last->len - t->span[i].off;

			tk_featvec_add(out, tk_hash32(start, len, TK_SEED_WORD) & m);
		}
	}
}

/* Hash the character n-grams of "<" word ">" (wlen bytes with the brackets) in word. */
static void chars_of(const char *word, size_t wlen, unsigned minn, unsigned maxn, uint32_t m,
		     struct tk_featvec *out)
{
	size_t cpbuf[130], *cps = cpbuf, ncps, j, n;

	if (wlen + 1 > sizeof(cpbuf) / sizeof(cpbuf[0]))
		cps = tk_malloc((wlen + 1) * sizeof(*cps));
	/* Offsets of each code point, plus the end. */
	for (ncps = 0, j = 0; j < wlen; j++)
		if (((unsigned char)word[j] & 0xC0) != 0x80)
			cps[ncps++] = j;
	cps[ncps] = wlen;
	for (n = minn; n <= maxn && n <= ncps; n++)
		for (j = 0; j + n <= ncps; j++)
			tk_featvec_add(out, tk_hash32(word + cps[j], cps[j + n] - cps[j], TK_SEED_CHAR) & m);
	if (cps != cpbuf)
		free(cps);
}

void tk_features_token_chars(const char *s, size_t len, unsigned minn, unsigned maxn, unsigned bits,
			     struct tk_featvec *out)
{
	char buf[128], *word = buf;

	if (len + 2 > sizeof(buf))
		word = tk_malloc(len + 2);
	word[0] = '<';
	memcpy(word + 1, s, len);
	word[len + 1] = '>';
	chars_of(word, len + 2, minn, maxn, mask(bits), out);
	if (word != buf)
		free(word);
}

void tk_features_chars(const struct tk_tokens *t, unsigned minn, unsigned maxn, unsigned bits,
		       struct tk_featvec *out)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		tk_features_token_chars(t->text.buf + t->span[i].off, t->span[i].len, minn, maxn, bits,
					out);
}
