/*
 * MurmurHash3_x86_32 (Austin Appleby's public-domain design, written here
 * from its description) and the feature hashing built on it; see hash.h.
 */
#include "hash.h"

#include <stdlib.h>

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

void tk_features_chars(const struct tk_tokens *t, unsigned minn, unsigned maxn, unsigned bits,
		       struct tk_featvec *out)
{
	uint32_t m = mask(bits);
	struct tk_buf word = TK_BUF_INIT;
	size_t *cps = NULL, ncps, cpalloc = 0, i, j, n;

	for (i = 0; i < t->n; i++) {
		tk_buf_reset(&word);
		tk_buf_addch(&word, '<');
		tk_buf_add(&word, t->text.buf + t->span[i].off, t->span[i].len);
		tk_buf_addch(&word, '>');
		/* Offsets of each code point, plus the end. */
		if (cpalloc < word.len + 1) {
			cpalloc = word.len + 1;
			cps = tk_realloc(cps, cpalloc * sizeof(*cps));
		}
		for (ncps = 0, j = 0; j < word.len; j++)
			if (((unsigned char)word.buf[j] & 0xC0) != 0x80)
				cps[ncps++] = j;
		cps[ncps] = word.len;
		for (n = minn; n <= maxn && n <= ncps; n++)
			for (j = 0; j + n <= ncps; j++)
				tk_featvec_add(out, tk_hash32(word.buf + cps[j], cps[j + n] - cps[j],
							      TK_SEED_CHAR) & m);
	}
	free(cps);
	tk_buf_release(&word);
}
