/*
 * Unit tests for lib/hash.c: tk_hash32 against published
 * MurmurHash3_x86_32 vectors (each one checked beforehand with an
 * independent Python implementation), tails of 1, 2 and 3 bytes, bytes
 * with the high bit set, and the feature hashing of hash.h: word n-grams
 * (the hash of the space-joined tokens, one index per n-gram, the mask of
 * bits) and character n-grams of "<token>" counted in code points.
 */
#include <stdlib.h>

#include "hash.h"
#include "tap.h"
#include "token.h"

static void test_vectors(void)
{
	static const struct {
		const char *data;
		size_t len;
		uint32_t seed, want;
	} v[] = {
		{ "", 0, 0, 0 },
		{ "", 0, 1, 0x514E28B7 },
		{ "", 0, 0xffffffff, 0x81F16F39 },
		{ "test", 4, 0, 0xba6bd213 },
		{ "Hello, world!", 13, 0x9747b28c, 0x24884CBA },
		{ "The quick brown fox jumps over the lazy dog", 43, 0x9747b28c, 0x2FA826CD },
		{ "\0\0\0\0", 4, 0, 0x2362F9DE },
		{ "\0\0\0", 3, 0, 0x85F0B427 },
		{ "\0\0", 2, 0, 0x30F4C306 },
		{ "\0", 1, 0, 0x514E28B7 },
		{ "\xff\xff\xff\xff", 4, 0, 0x76293B50 },
		{ "\x21\x43\x65\x87", 4, 0, 0xF55B516B },
		{ "\x21\x43\x65\x87", 4, 0x5082EDEE, 0x2362F9DE },
		{ "\x21\x43\x65", 3, 0, 0x7E4A8634 },
		{ "\x21\x43", 2, 0, 0xA0F7B07A },
		{ "\x21", 1, 0, 0x72661CF4 },
		{ "aaaa", 4, 0x9747b28c, 0x5A97808A },
		{ "aaa", 3, 0x9747b28c, 0x283E0130 },
		{ "aa", 2, 0x9747b28c, 0x5D211726 },
		{ "a", 1, 0x9747b28c, 0x7FA09EA6 },
		{ "abcd", 4, 0x9747b28c, 0xF0478627 },
		{ "abc", 3, 0x9747b28c, 0xC84A62DD },
		{ "ab", 2, 0x9747b28c, 0x74875592 },
		{ "abc", 3, 0, 0xB3DD93FA },
		/* Computed with the Python implementation: a block plus each tail length. */
		{ "abcde", 5, 0, 0xE89B9AF6 },
		{ "abcde", 5, 1, 0xFFACB11B },
		{ "hello world", 11, 0, 0x5E928F0F },
		{ "hello world", 11, 1, 0x4343ED22 },
		{ "\xc3\xa9", 2, 0, 0x10110787 },
		{ "\xe4\xb8\xad\xe6\x96\x87\xff", 7, 1, 0x0AA404B0 },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		TAP_INT(tk_hash32(v[i].data, v[i].len, v[i].seed), v[i].want,
			"vector %zu: %zu bytes, seed 0x%08x", i, v[i].len, (unsigned)v[i].seed);
}

static void test_properties(void)
{
	unsigned char aligned[48], shifted[49];
	size_t i;
	int same = 0;

	/* The same bytes at an odd address hash the same: blocks are read bytewise. */
	for (i = 0; i < sizeof(aligned); i++)
		aligned[i] = shifted[i + 1] = (unsigned char)(i * 37 + 11);
	for (i = 0; i <= 40; i++)
		same += tk_hash32(aligned, i, 7) == tk_hash32(shifted + 1, i, 7);
	TAP_INT(same, 41, "unaligned data hashes like aligned data, lengths 0..40");
	TAP_INT(tk_hash32("abc", 3, 0) == tk_hash32("abd", 3, 0), 0, "the last tail byte counts");
	TAP_INT(tk_hash32("abcd", 4, 0) == tk_hash32("abcd", 4, 1), 0, "the seed counts");
	TAP_INT(tk_hash32("a\0", 2, 0) == tk_hash32("a", 1, 0), 0, "the length counts");
}

/* Fill t with the given tokens (added as they are). */
static void tokens_of(struct tk_tokens *t, const char *const *words)
{
	tk_tokens_reset(t);
	for (; *words; words++)
		tk_tokens_add(t, *words, strlen(*words));
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Is f->id[from..] the same multiset as want[0..n)? */
static int same_ids(const struct tk_featvec *f, size_t from, uint32_t *want, size_t n)
{
	uint32_t *got;
	int ok;

	if (f->n - from != n)
		return 0;
	got = malloc((n ? n : 1) * sizeof(*got));
	memcpy(got, f->id + from, n * sizeof(*got));
	qsort(got, n, sizeof(*got), cmp_u32);
	qsort(want, n, sizeof(*want), cmp_u32);
	ok = n == 0 || memcmp(got, want, n * sizeof(*got)) == 0;
	free(got);
	return ok;
}

#define H(s, seed) tk_hash32(s, strlen(s), seed)

static void test_words(void)
{
	static const char *const three[] = { "the", "cat", "sat", NULL };
	static const char *const multi[] = { "new york", "city", NULL };
	static const char *const none[] = { NULL };
	struct tk_tokens t;
	struct tk_featvec f;
	uint32_t want[16];
	size_t i, from;
	int bad = 0;

	tk_tokens_init(&t);
	tk_featvec_init(&f);
	tokens_of(&t, three);

	tk_features_words(&t, 1, 32, &f);
	want[0] = H("the", TK_SEED_WORD);
	want[1] = H("cat", TK_SEED_WORD);
	want[2] = H("sat", TK_SEED_WORD);
	TAP_OK(same_ids(&f, 0, want, 3), "unigrams: one hash of each token");

	from = f.n;
	tk_features_words(&t, 2, 32, &f);
	want[0] = H("the", 0);
	want[1] = H("cat", 0);
	want[2] = H("sat", 0);
	want[3] = H("the cat", 0);
	want[4] = H("cat sat", 0);
	TAP_OK(same_ids(&f, from, want, 5),
	       "maxn 2: 3 unigrams and 2 bigrams of space-joined tokens");
	TAP_INT(from, 3, "features are appended, not replaced");

	from = f.n;
	tk_features_words(&t, 3, 32, &f);
	want[5] = H("the cat sat", 0);
	TAP_OK(same_ids(&f, from, want, 6), "maxn 3: 3 + 2 + 1 n-grams");

	from = f.n;
	tk_features_words(&t, 9, 32, &f);
	TAP_INT(f.n - from, 6, "maxn beyond the token count adds no more n-grams");

	from = f.n;
	tk_features_words(&t, 3, 10, &f);
	for (i = 0; i < 6; i++)
		want[i] &= 1023;
	TAP_OK(same_ids(&f, from, want, 6), "bits 10: each index is the hash masked to 10 bits");
	for (i = from; i < f.n; i++)
		bad += f.id[i] > 1023;
	TAP_INT(bad, 0, "bits 10: every index below 1024");

	from = f.n;
	tk_features_words(&t, 3, 1, &f);
	for (i = from, bad = 0; i < f.n; i++)
		bad += f.id[i] > 1;
	TAP_OK(f.n - from == 6 && bad == 0, "bits 1: six indices, each 0 or 1");

	tk_featvec_reset(&f);
	tokens_of(&t, multi);
	tk_features_words(&t, 2, 32, &f);
	want[0] = H("new york", 0);
	want[1] = H("city", 0);
	want[2] = H("new york city", 0);
	TAP_OK(same_ids(&f, 0, want, 3), "a token holding a space is not split again");

	tk_featvec_reset(&f);
	tokens_of(&t, none);
	tk_features_words(&t, 3, 20, &f);
	TAP_INT(f.n, 0, "no tokens, no features");

	/* Tokens from the tokenizer give the same indices as the same tokens added by hand. */
	{
		struct tk_tokenizer tz = { 0, NULL };
		struct tk_featvec g;

		tk_featvec_init(&g);
		tk_tokens_reset(&t);
		tk_tokenize(&tz, "The  CAT, sat!", 14, &t);
		tk_featvec_reset(&f);
		tk_features_words(&t, 3, 18, &f);
		tokens_of(&t, three);
		tk_features_words(&t, 3, 18, &g);
		TAP_OK(f.n == g.n && memcmp(f.id, g.id, f.n * sizeof(*f.id)) == 0,
		       "tokenized text and hand-made tokens give the same features");
		tk_featvec_release(&g);
	}
	tk_featvec_release(&f);
	TAP_OK(f.id == NULL && f.n == 0, "release empties the vector");
	tk_tokens_release(&t);
}

static void test_featvec_growth(void)
{
	struct tk_featvec f;
	uint32_t i;
	int bad = 0;

	tk_featvec_init(&f);
	for (i = 0; i < 100000; i++)
		tk_featvec_add(&f, i * 3);
	for (i = 0; i < 100000; i++)
		bad += f.id[i] != i * 3;
	TAP_OK(f.n == 100000 && bad == 0, "100000 indices added and kept in order");
	tk_featvec_release(&f);
}

static void test_chars(void)
{
	static const char *const ab[] = { "ab", NULL };
	static const char *const eacute[] = { "é", NULL };
	static const char *const han[] = { "中文", NULL };
	static const char *const emoji[] = { "x😀", NULL };
	static const char *const two[] = { "a", "bc", NULL };
	struct tk_tokens t;
	struct tk_featvec f;
	uint32_t want[16];

	tk_tokens_init(&t);
	tk_featvec_init(&f);

	tokens_of(&t, ab);
	tk_features_chars(&t, 1, 3, 32, &f);
	want[0] = H("<", TK_SEED_CHAR);
	want[1] = H("a", 1);
	want[2] = H("b", 1);
	want[3] = H(">", 1);
	want[4] = H("<a", 1);
	want[5] = H("ab", 1);
	want[6] = H("b>", 1);
	want[7] = H("<ab", 1);
	want[8] = H("ab>", 1);
	TAP_OK(same_ids(&f, 0, want, 9),
	       "\"ab\", n 1..3: the n-grams of \"<ab>\" with the char seed");

	tk_featvec_reset(&f);
	tk_features_chars(&t, 4, 4, 32, &f);
	want[0] = H("<ab>", 1);
	TAP_OK(same_ids(&f, 0, want, 1), "n 4..4: the whole \"<ab>\"");
	tk_featvec_reset(&f);
	tk_features_chars(&t, 5, 6, 32, &f);
	TAP_INT(f.n, 0, "n-grams longer than \"<ab>\" give nothing");

	tk_featvec_reset(&f);
	tokens_of(&t, eacute);
	tk_features_chars(&t, 1, 3, 32, &f);
	want[0] = H("<", 1);
	want[1] = H("é", 1);
	want[2] = H(">", 1);
	want[3] = H("<é", 1);
	want[4] = H("é>", 1);
	want[5] = H("<é>", 1);
	TAP_OK(same_ids(&f, 0, want, 6), "\"é\": n-grams of code points, not bytes");

	tk_featvec_reset(&f);
	tokens_of(&t, han);
	tk_features_chars(&t, 2, 3, 32, &f);
	want[0] = H("<中", 1);
	want[1] = H("中文", 1);
	want[2] = H("文>", 1);
	want[3] = H("<中文", 1);
	want[4] = H("中文>", 1);
	TAP_OK(same_ids(&f, 0, want, 5), "\"中文\": 3-byte code points stay whole");

	tk_featvec_reset(&f);
	tokens_of(&t, emoji);
	tk_features_chars(&t, 2, 2, 32, &f);
	want[0] = H("<x", 1);
	want[1] = H("x😀", 1);
	want[2] = H("😀>", 1);
	TAP_OK(same_ids(&f, 0, want, 3), "a 4-byte code point stays whole");

	tk_featvec_reset(&f);
	tokens_of(&t, two);
	tk_features_chars(&t, 3, 3, 12, &f);
	want[0] = H("<a>", 1) & 4095;
	want[1] = H("<bc", 1) & 4095;
	want[2] = H("bc>", 1) & 4095;
	TAP_OK(same_ids(&f, 0, want, 3),
	       "each token on its own, n-grams do not cross tokens; masked");

	tk_featvec_release(&f);
	tk_tokens_release(&t);
}

int main(void)
{
	test_vectors();
	test_properties();
	test_words();
	test_featvec_growth();
	test_chars();
	return tap_done();
}
