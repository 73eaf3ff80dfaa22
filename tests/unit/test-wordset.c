/*
 * Unit tests for lib/wordset.c: put and get, values updated in place,
 * many words through several table growths, the empty word, words that
 * differ only in length or in one byte, bytes that are not text, two
 * different words with the same 32-bit hash, and release.
 */
#include <stdio.h>

#include "hash.h"
#include "tap.h"
#include "wordset.h"

#define PUT(w, s, v) tk_wordset_put(w, s, strlen(s), v)
#define HAS(w, s) tk_wordset_get(w, s, strlen(s), NULL)

/* The value of s in w, or -999 when it is absent. */
static int value_of(const struct tk_wordset *w, const char *s, size_t len)
{
	int v = -999;

	if (!tk_wordset_get(w, s, len, &v))
		return -999;
	return v;
}

static void test_basic(void)
{
	struct tk_wordset w;
	int v = 17;

	tk_wordset_init(&w);
	TAP_INT(HAS(&w, "apple"), 0, "an empty set holds nothing");
	TAP_OK(tk_wordset_get(&w, "apple", 5, &v) == 0 && v == 17, "a miss leaves *value alone");
	TAP_INT(PUT(&w, "apple", 1), 1, "a new word: put returns 1");
	TAP_INT(PUT(&w, "pear", 2), 1, "another new word: put returns 1");
	TAP_INT(w.n, 2, "two words");
	TAP_INT(value_of(&w, "apple", 5), 1, "get finds the first word's value");
	TAP_INT(value_of(&w, "pear", 4), 2, "get finds the second word's value");
	TAP_INT(HAS(&w, "apple"), 1, "get with a NULL value pointer");
	TAP_INT(PUT(&w, "apple", 5), 0, "a word already there: put returns 0");
	TAP_INT(value_of(&w, "apple", 5), 5, "its value is updated");
	TAP_INT(w.n, 2, "updating does not add a word");
	TAP_INT(HAS(&w, "Apple"), 0, "words are bytes: case matters");
	TAP_INT(value_of(&w, "apples", 6), -999, "a longer word is another word");
	TAP_INT(value_of(&w, "appl", 4), -999, "a shorter word is another word");
	TAP_INT(value_of(&w, "apple", 4), -999, "len is what counts, not the NUL");
	tk_wordset_release(&w);
	TAP_OK(w.n == 0 && w.cap == 0 && w.slots == NULL, "release empties the set");
	TAP_INT(HAS(&w, "apple"), 0, "a released set holds nothing");
	TAP_INT(PUT(&w, "apple", 3), 1, "a released set can be used again");
	TAP_INT(value_of(&w, "apple", 5), 3, "and finds what was put after release");
	tk_wordset_release(&w);
}

static void test_edge_words(void)
{
	struct tk_wordset w;

	tk_wordset_init(&w);
	TAP_INT(tk_wordset_put(&w, "", 0, 7), 1, "the empty word can be put");
	TAP_INT(value_of(&w, "", 0), 7, "the empty word is found");
	TAP_INT(value_of(&w, "a", 1), -999, "the empty word is not 'a'");
	PUT(&w, "ab", 10);
	PUT(&w, "abc", 11);
	PUT(&w, "abcd", 12);
	PUT(&w, "abcdef", 20);
	PUT(&w, "abcdeg", 21);
	PUT(&w, "Abcdef", 22);
	PUT(&w, "bbcdef", 23);
	TAP_INT(value_of(&w, "ab", 2), 10, "'ab' among its extensions");
	TAP_INT(value_of(&w, "abc", 3), 11, "'abc' among its extensions");
	TAP_INT(value_of(&w, "abcd", 4), 12, "'abcd' among its extensions");
	TAP_INT(value_of(&w, "abcde", 5), -999, "'abcde' was never put");
	TAP_INT(value_of(&w, "a", 1), -999, "'a' was never put");
	TAP_INT(value_of(&w, "abcdef", 6), 20, "'abcdef' differs from 'abcdeg' in the last byte");
	TAP_INT(value_of(&w, "abcdeg", 6), 21, "'abcdeg' differs from 'abcdef' in the last byte");
	TAP_INT(value_of(&w, "Abcdef", 6), 22, "'Abcdef' differs in the first byte");
	TAP_INT(value_of(&w, "bbcdef", 6), 23, "'bbcdef' differs in the first byte");
	TAP_INT(value_of(&w, "abcdeh", 6), -999, "a third one-byte variant is absent");
	TAP_INT(value_of(&w, "", 0), 7, "the empty word is still there");
	TAP_INT(tk_wordset_put(&w, "a\0b", 3, 30), 1, "a word holding a NUL byte");
	TAP_INT(tk_wordset_put(&w, "a\0c", 3, 31), 1, "another word holding a NUL byte");
	TAP_INT(value_of(&w, "a\0b", 3), 30, "NUL bytes are part of the word");
	TAP_INT(value_of(&w, "a\0c", 3), 31, "words differing after a NUL byte");
	TAP_INT(value_of(&w, "a", 1), -999, "a word is not cut at its NUL byte");
	TAP_INT(tk_wordset_put(&w, "straße", strlen("straße"), 40), 1, "a UTF-8 word");
	TAP_INT(value_of(&w, "straße", strlen("straße")), 40, "a UTF-8 word is found");
	TAP_INT(value_of(&w, "strasse", 7), -999, "and is not its folded form");
	tk_wordset_release(&w);
}

static void test_collision(void)
{
	struct tk_wordset w;

	/* Found by a birthday search with an independent MurmurHash3 (seed 0). */
	TAP_INT(tk_hash32("w30181", 6, 0), 0x6cab06a7, "'w30181' hashes to 0x6cab06a7");
	TAP_INT(tk_hash32("w38066", 6, 0), 0x6cab06a7, "'w38066' hashes to the same value");
	tk_wordset_init(&w);
	PUT(&w, "w30181", 1);
	TAP_INT(value_of(&w, "w38066", 6), -999, "a word with the same hash is not taken for it");
	TAP_INT(PUT(&w, "w38066", 2), 1, "a word with the same hash is a new word");
	TAP_INT(value_of(&w, "w30181", 6), 1, "the first of two same-hash words keeps its value");
	TAP_INT(value_of(&w, "w38066", 6), 2, "the second of two same-hash words has its own");
	tk_wordset_release(&w);
}

static void test_many(void)
{
	struct tk_wordset w;
	char word[32];
	int i, n = 100000, bad = 0, absent = 0, updated = 0;
	size_t growths = 0, cap = 0;

	tk_wordset_init(&w);
	for (i = 0; i < n; i++) {
		int len = snprintf(word, sizeof(word), "word%d", i);

		if (tk_wordset_put(&w, word, (size_t)len, i) != 1)
			bad++;
		if (w.cap != cap) {
			growths++;
			cap = w.cap;
		}
	}
	TAP_INT(bad, 0, "%d distinct words are all new", n);
	TAP_INT(w.n, n, "the set counts them");
	TAP_OK(growths >= 5, "the table grew several times (%zu)", growths);
	TAP_OK(w.cap >= 2 * w.n && (w.cap & (w.cap - 1)) == 0,
	       "the table stays at most half full and a power of two (cap %zu)", w.cap);
	for (i = 0; i < n; i++) {
		int len = snprintf(word, sizeof(word), "word%d", i);

		if (value_of(&w, word, (size_t)len) != i)
			bad++;
		len = snprintf(word, sizeof(word), "Word%d", i);
		if (tk_wordset_get(&w, word, (size_t)len, NULL))
			absent++;
	}
	TAP_INT(bad, 0, "every word is found with its value after the growths");
	TAP_INT(absent, 0, "no word that was not put is found");
	for (i = 0; i < n; i += 7) {
		int len = snprintf(word, sizeof(word), "word%d", i);

		if (tk_wordset_put(&w, word, (size_t)len, -i) != 0)
			bad++;
	}
	for (i = 0; i < n; i++) {
		int len = snprintf(word, sizeof(word), "word%d", i);

		updated += value_of(&w, word, (size_t)len) == (i % 7 ? i : -i);
	}
	TAP_INT(bad, 0, "putting words again reports them as present");
	TAP_INT(updated, n, "updated values are seen, the others unchanged");
	TAP_INT(w.n, n, "updates add no words");
	tk_wordset_release(&w);
}

int main(void)
{
	test_basic();
	test_edge_words();
	test_collision();
	test_many();
	return tap_done();
}
