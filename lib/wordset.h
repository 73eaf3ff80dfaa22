/*
 * A set of words, each with an int value: stopword lists, lexicons, label
 * names.  Open addressing over MurmurHash3; the words live in one pool, so
 * adding a word allocates only when a table or the pool grows.
 */
#ifndef TK_WORDSET_H
#define TK_WORDSET_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct tk_wordset {
	struct tk_wordset_slot {
		uint32_t hash;
		uint32_t len;
		size_t off; /* into pool; (size_t)-1 marks an empty slot */
		int value;
	} *slots;
	size_t cap; /* a power of two, or 0 */
	size_t n;
	struct tk_buf pool;
};

void tk_wordset_init(struct tk_wordset *w);
void tk_wordset_release(struct tk_wordset *w);

/*
 * Add the word s[0..len) with value, or set the value of a word already
 * there.  Return 1 when the word is new, 0 when it was there.
 */
int tk_wordset_put(struct tk_wordset *w, const char *s, size_t len, int value);

/* Return 1 and set *value (when value is not NULL) if s[0..len) is in w, else 0. */
int tk_wordset_get(const struct tk_wordset *w, const char *s, size_t len, int *value);

#endif
