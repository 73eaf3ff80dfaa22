/* Sets of words; see wordset.h. */
#include "wordset.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"

#define EMPTY ((size_t)-1)

void tk_wordset_init(struct tk_wordset *w)
{
	w->slots = NULL;
	w->cap = w->n = 0;
	tk_buf_init(&w->pool);
}

void tk_wordset_release(struct tk_wordset *w)
{
	free(w->slots);
	tk_buf_release(&w->pool);
	tk_wordset_init(w);
}

static struct tk_wordset_slot *find(const struct tk_wordset *w, const char *s, size_t len,
				    uint32_t h)
{
	size_t i = h & (w->cap - 1);

	for (;;) {
		struct tk_wordset_slot *slot = &w->slots[i];

		if (slot->off == EMPTY ||
		    (slot->hash == h && slot->len == len && memcmp(w->pool.buf + slot->off, s, len) == 0))
			return slot;
		i = (i + 1) & (w->cap - 1);
	}
}

static void grow(struct tk_wordset *w)
{
	struct tk_wordset_slot *old = w->slots;
	size_t oldcap = w->cap, i;

	w->cap = oldcap ? 2 * oldcap : 64;
	w->slots = tk_malloc(w->cap * sizeof(*w->slots));
	for (i = 0; i < w->cap; i++)
		w->slots[i].off = EMPTY;
	for (i = 0; i < oldcap; i++)
		if (old[i].off != EMPTY)
			*find(w, w->pool.buf + old[i].off, old[i].len, old[i].hash) = old[i];
	free(old);
}

int tk_wordset_put(struct tk_wordset *w, const char *s, size_t len, int value)
{
	uint32_t h = tk_hash32(s, len, 0);
	struct tk_wordset_slot *slot;

	if (2 * (w->n + 1) > w->cap)
		grow(w);
	slot = find(w, s, len, h);
	if (slot->off != EMPTY) {
		slot->value = value;
		return 0;
	}
	slot->hash = h;
	slot->len = (uint32_t)len;
	slot->off = w->pool.len;
	slot->value = value;
	tk_buf_add(&w->pool, s, len);
	w->n++;
	return 1;
}

int tk_wordset_get(const struct tk_wordset *w, const char *s, size_t len, int *value)
{
	const struct tk_wordset_slot *slot;

	if (!w->n)
		return 0;
	slot = find(w, s, len, tk_hash32(s, len, 0));
	if (slot->off == EMPTY)
		return 0;
	if (value)
		*value = slot->value;
	return 1;
}
