/*
 * Unit tests for lib/utf8.c: tk_utf8_check on valid text in several
 * scripts and on each class of ill-formed input, the offset it returns,
 * the boundaries of its eight-byte ASCII fast path, an exhaustive
 * comparison with a reference validator written from the Unicode
 * definition, the decode/encode round trip over every scalar value, and
 * tk_utf8_sanitize.
 */
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "tap.h"
#include "utf8.h"

/* tk_utf8_check on a string literal (which may hold NUL bytes). */
#define CHECK(lit) tk_utf8_check(lit, sizeof(lit) - 1)

/*
 * The reference: the length of the well-formed sequence that starts at
 * s[0..len), or 0 when none does, straight from the definition (the
 * shortest form of a scalar value, U+0000..U+10FFFF without surrogates).
 */
static size_t ref_seq(const unsigned char *s, size_t len)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xE0) == 0xC0) {
		n = 2;
		cp = s[0] & 0x1Fu;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3;
		cp = s[0] & 0x0Fu;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4;
		cp = s[0] & 0x07u;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3Fu);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000))
		return 0; /* overlong */
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

static size_t ref_check(const unsigned char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		n = ref_seq(s + i, len - i);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

static void test_valid(void)
{
	static const struct {
		const char *name, *text;
	} cases[] = {
		{ "ASCII", "Hello, world! 0123456789 ~{}|" },
		{ "Latin", "Crème brûlée, Straße, Łódź, ø, Æ" },
		{ "Greek", "Ελληνικά: ΟΔΥΣΣΕΥΣ ὀδυσσεύς" },
		{ "Cyrillic", "Привет, мир! Ёж" },
		{ "Arabic", "مرحبا بالعالم ١٢٣" },
		{ "Hebrew", "שלום עולם" },
		{ "Devanagari", "नमस्ते दुनिया" },
		{ "Han", "中文字符測試" },
		{ "Japanese", "ありがとう カタカナ 東京" },
		{ "Hangul", "안녕하세요" },
		{ "Thai", "สวัสดีครับ" },
		{ "emoji", "ok 😀👍🏽 🇩🇪 👩‍💻" },
		{ "mixed", "a é 中 😀 z" },
		{ "boundaries",
		  "\xC2\x80 \xDF\xBF \xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80 \xEF\xBF\xBF "
		  "\xF0\x90\x80\x80 \xF4\x8F\xBF\xBF" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = strlen(cases[i].text);

		TAP_INT(tk_utf8_check(cases[i].text, len), len, "%s text is valid", cases[i].name);
	}
	TAP_INT(tk_utf8_check("", 0), 0, "empty text is valid (offset 0 = len)");
	TAP_INT(CHECK("a\0b"), 3, "a NUL byte is well-formed UTF-8");
	TAP_INT(tk_utf8_check("abc\xFF", 3), 3, "bytes past len are not looked at");
}

static void test_invalid(void)
{
	static const struct {
		const char *name;
		const char *s;
		size_t len, want;
	} cases[] = {
		{ "lone continuation byte", "ab\x80" "cd", 5, 2 },
		{ "lone continuation byte BF", "\xBF", 1, 0 },
		{ "continuation after a complete sequence", "\xC3\xA9\xA9", 3, 2 },
		{ "truncated 2-byte sequence at the end", "ab\xC3", 3, 2 },
		{ "truncated 3-byte sequence (1 of 3) at the end", "ab\xE2", 3, 2 },
		{ "truncated 3-byte sequence (2 of 3) at the end", "ab\xE2\x82", 4, 2 },
		{ "truncated 4-byte sequence (1 of 4) at the end", "ab\xF0", 3, 2 },
		{ "truncated 4-byte sequence (2 of 4) at the end", "ab\xF0\x9F", 4, 2 },
		{ "truncated 4-byte sequence (3 of 4) at the end", "ab\xF0\x9F\x98", 5, 2 },
		{ "2-byte lead then ASCII", "\xC3(", 2, 0 },
		{ "3-byte lead, bad second byte", "\xE2(\xA1", 3, 0 },
		{ "3-byte lead, bad third byte", "\xE2\x82(", 3, 0 },
		{ "4-byte lead, bad second byte", "\xF0(\x8C\xBC", 4, 0 },
		{ "4-byte lead, bad third byte", "\xF0\x90(\xBC", 4, 0 },
		{ "4-byte lead, bad fourth byte", "\xF0\x90\x8C(", 4, 0 },
		{ "overlong C0 80", "x\xC0\x80", 3, 1 },
		{ "overlong C1 BF", "\xC1\xBF", 2, 0 },
		{ "overlong E0 80 80", "xy\xE0\x80\x80", 5, 2 },
		{ "overlong E0 9F BF", "\xE0\x9F\xBF", 3, 0 },
		{ "overlong F0 80 80 80", "\xF0\x80\x80\x80", 4, 0 },
		{ "overlong F0 8F BF BF", "\xF0\x8F\xBF\xBF", 4, 0 },
		{ "surrogate ED A0 80", "a\xED\xA0\x80", 4, 1 },
		{ "surrogate ED BF BF", "\xED\xBF\xBF", 3, 0 },
		{ "above U+10FFFF: F4 90 80 80", "\xF4\x90\x80\x80", 4, 0 },
		{ "above U+10FFFF: F7 BF BF BF", "\xF7\xBF\xBF\xBF", 4, 0 },
		{ "5-byte form F8 88 80 80 80", "\xF8\x88\x80\x80\x80", 5, 0 },
		{ "invalid after multibyte text", "é中😀\xFF", 10, 9 },
	};
	size_t i;
	char buf[4];
	int c;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		TAP_INT(tk_utf8_check(cases[i].s, cases[i].len), cases[i].want, "%s",
			cases[i].name);
	for (c = 0xF5; c <= 0xFF; c++) {
		buf[0] = 'a';
		buf[1] = (char)c;
		buf[2] = '\x80';
		buf[3] = '\x80';
		TAP_INT(tk_utf8_check(buf, 4), 1, "byte %02X is never valid", (unsigned)c);
	}
}

/* An invalid byte at each offset 0..17 of otherwise ASCII text of each length. */
static void test_fast_path(void)
{
	static const unsigned char badbytes[] = { 0x80, 0xBF, 0xC0, 0xFF };
	char buf[40];
	size_t len, off, b;
	int wrong = 0, tried = 0;

	for (len = 1; len <= 33; len++) {
		memset(buf, 'a', len);
		if (tk_utf8_check(buf, len) != len)
			wrong++;
		tried++;
		for (off = 0; off <= 17 && off < len; off++) {
			for (b = 0; b < sizeof(badbytes); b++) {
				memset(buf, 'a', len);
				buf[off] = (char)badbytes[b];
				if (tk_utf8_check(buf, len) != off)
					wrong++;
				tried++;
				/* The same text seen from an odd address. */
				memmove(buf + 1, buf, len);
				if (tk_utf8_check(buf + 1, len) != off)
					wrong++;
				tried++;
			}
		}
	}
	TAP_INT(wrong, 0, "invalid byte at offsets 0..17 found exactly (%d cases)", tried);

	/* buf holds bytes with a length, not a string: hence the NOLINTs below. */
	memset(buf, 'a', 24);
	memcpy(buf + 8, "\xC3\xA9", 2); /* NOLINT(bugprone-not-null-terminated-result) */
	TAP_INT(tk_utf8_check(buf, 24), 24, "a 2-byte character right after an 8-byte ASCII block");
	memcpy(buf + 7, "\xE2\x82\xAC", 3); /* NOLINT(bugprone-not-null-terminated-result) */
	TAP_INT(tk_utf8_check(buf, 24), 24, "a 3-byte character across an 8-byte boundary");
	memset(buf, 'a', 24);
	memcpy(buf + 6, "\xF0\x9F\x98\x80", 4); /* NOLINT(bugprone-not-null-terminated-result) */
	buf[16] = '\x80';
	TAP_INT(tk_utf8_check(buf, 24), 16,
		"a stray byte after a 4-byte character across a boundary");
	memset(buf, 'a', 24);
	buf[23] = '\xC3';
	TAP_INT(tk_utf8_check(buf, 24), 23,
		"a truncated sequence as the last byte after ASCII blocks");
}

/* Every 1-, 2- and 3-byte string, and many 4- and 5-byte ones, against the reference. */
static void test_exhaustive(void)
{
	static const unsigned char probe[] = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90,
					       0x9F, 0xA0, 0xBF, 0xC0, 0xFF };
	unsigned char s[5];
	unsigned long a, b, c, d, n = 0, bad = 0;

	for (a = 0; a < 256; a++) {
		s[0] = (unsigned char)a;
		n++;
		bad += tk_utf8_check((char *)s, 1) != ref_check(s, 1);
		for (b = 0; b < 256; b++) {
			s[1] = (unsigned char)b;
			n++;
			bad += tk_utf8_check((char *)s, 2) != ref_check(s, 2);
			for (c = 0; c < 256; c++) {
				s[2] = (unsigned char)c;
				n++;
				bad += tk_utf8_check((char *)s, 3) != ref_check(s, 3);
			}
		}
	}
	for (a = 0xE0; a < 256; a++)
		for (b = 0x70; b < 0xD0; b++)
			for (c = 0; c < sizeof(probe); c++)
				for (d = 0; d < sizeof(probe); d++) {
					s[0] = (unsigned char)a;
					s[1] = (unsigned char)b;
					s[2] = probe[c];
					s[3] = probe[d];
					s[4] = 0x80;
					n += 2;
					bad += tk_utf8_check((char *)s, 4) != ref_check(s, 4);
					bad += tk_utf8_check((char *)s, 5) != ref_check(s, 5);
				}
	TAP_INT(bad, 0, "agrees with the reference validator on %lu strings", n);
}

static void test_encode_decode(void)
{
	static const struct {
		uint32_t cp;
		const char *bytes;
	} known[] = {
		{ 0x41, "A" },
		{ 0x7F, "\x7F" },
		{ 0x80, "\xC2\x80" },
		{ 0xE9, "\xC3\xA9" },
		{ 0x7FF, "\xDF\xBF" },
		{ 0x800, "\xE0\xA0\x80" },
		{ 0x20AC, "\xE2\x82\xAC" },
		{ 0xFFFD, "\xEF\xBF\xBD" },
		{ 0xFFFF, "\xEF\xBF\xBF" },
		{ 0x10000, "\xF0\x90\x80\x80" },
		{ 0x1F600, "\xF0\x9F\x98\x80" },
		{ 0x10FFFF, "\xF4\x8F\xBF\xBF" },
	};
	char buf[8];
	size_t i, n;
	uint32_t cp, got;
	unsigned long bad = 0, count = 0;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		memset(buf, 0, sizeof(buf));
		n = tk_utf8_encode(known[i].cp, buf);
		TAP_OK(n == strlen(known[i].bytes) && memcmp(buf, known[i].bytes, n) == 0,
		       "U+%04X encodes as expected", (unsigned)known[i].cp);
		n = tk_utf8_decode((const unsigned char *)known[i].bytes, strlen(known[i].bytes),
				   &got);
		TAP_OK(n == strlen(known[i].bytes) && got == known[i].cp, "U+%04X decodes back",
		       (unsigned)known[i].cp);
	}
	TAP_INT(tk_utf8_encode(0, buf), 1, "U+0000 is one byte");
	TAP_INT(buf[0], 0, "U+0000 encodes as a NUL byte");

	for (cp = 0; cp <= 0x10FFFF; cp++) {
		size_t want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;

		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		count++;
		n = tk_utf8_encode(cp, buf);
		if (n != want || tk_utf8_check(buf, n) != n)
			bad++;
		else if (tk_utf8_decode((const unsigned char *)buf, n, &got) != n || got != cp)
			bad++;
		else if (n > 1 && (tk_utf8_decode((const unsigned char *)buf, n - 1, &got) != 1 ||
				   got != 0xFFFD))
			bad++;
	}
	TAP_INT(bad, 0, "encode, check and decode round-trip all %lu scalar values", count);

	/* A decode that runs out of bytes gives U+FFFD of length 1. */
	TAP_OK(tk_utf8_decode((const unsigned char *)"\xC3", 1, &got) == 1 && got == 0xFFFD,
	       "truncated 2-byte sequence decodes as U+FFFD, length 1");
	TAP_OK(tk_utf8_decode((const unsigned char *)"\xE2\x82", 2, &got) == 1 && got == 0xFFFD,
	       "truncated 3-byte sequence decodes as U+FFFD, length 1");
	TAP_OK(tk_utf8_decode((const unsigned char *)"\xF0\x9F\x98", 3, &got) == 1 && got == 0xFFFD,
	       "truncated 4-byte sequence decodes as U+FFFD, length 1");
	TAP_OK(tk_utf8_decode((const unsigned char *)"\xE2\x82\xAC"
						     "z",
			      2, &got) == 1 &&
		   got == 0xFFFD,
	       "len shorter than the sequence is honoured");
}

/* Sanitize s[0..len) into a fresh buffer and compare with want[0..wantlen). */
static int sanitized_is(const char *s, size_t len, const char *want, size_t wantlen)
{
	struct tk_buf b = TK_BUF_INIT;
	int ok;

	tk_utf8_sanitize(s, len, &b);
	ok = b.len == wantlen && (wantlen == 0 || memcmp(b.buf, want, wantlen) == 0);
	if (!ok)
		printf("#   got %zu bytes: '%.*s'\n", b.len, (int)b.len, b.buf ? b.buf : "");
	tk_buf_release(&b);
	return ok;
}

#define SANITIZED(in, want, name) \
	TAP_OK(sanitized_is(in, sizeof(in) - 1, want, sizeof(want) - 1), name)

static void test_sanitize(void)
{
	struct tk_buf b = TK_BUF_INIT;
	unsigned char rnd[4096];
	size_t i, bad;
	unsigned seed = 12345;
	int k, badruns = 0;

	SANITIZED("plain text é 中 😀", "plain text é 中 😀", "valid text is copied as it is");
	SANITIZED("a\xFF" "b", "a\xEF\xBF\xBD" "b", "an invalid byte becomes U+FFFD");
	SANITIZED("\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD", "each invalid byte becomes one U+FFFD");
	SANITIZED("ab\xC3", "ab\xEF\xBF\xBD", "a truncated sequence at the end becomes U+FFFD");
	SANITIZED("\xE2\x82", "\xEF\xBF\xBD\xEF\xBF\xBD",
		  "a truncated 3-byte sequence: one U+FFFD per byte");
	SANITIZED("\xC0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD", "an overlong NUL becomes two U+FFFD");
	SANITIZED("\xED\xA0\x80x", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx",
		  "a surrogate becomes U+FFFD per byte");
	SANITIZED("\xC3\xA9\xFF\xC3\xA9", "\xC3\xA9\xEF\xBF\xBD\xC3\xA9",
		  "valid text around a bad byte is kept");
	SANITIZED("a\0b", "a\0b", "NUL bytes are kept");
	TAP_OK(sanitized_is("", 0, "", 0), "empty input gives empty output");

	tk_buf_adds(&b, "keep:");
	tk_utf8_sanitize("x\xFF", 2, &b);
	TAP_STR(b.buf, "keep:x\xEF\xBF\xBD", "sanitize appends to what out holds");
	tk_buf_release(&b);

	/* Random bytes always come out valid, and valid runs come out unchanged. */
	for (k = 0; k < 200; k++) {
		for (i = 0; i < sizeof(rnd); i++) {
			seed = seed * 1103515245u + 12345u;
			rnd[i] = (unsigned char)(seed >> 16);
			if (k % 2 && rnd[i] >= 0x80 && (seed & 0x100))
				rnd[i] &= 0x7F;
		}
		tk_buf_reset(&b);
		tk_utf8_sanitize((char *)rnd, sizeof(rnd), &b);
		bad = ref_check((unsigned char *)b.buf, b.len);
		if (bad != b.len || b.len < sizeof(rnd))
			badruns++;
	}
	tk_buf_release(&b);
	TAP_INT(badruns, 0, "sanitized random bytes are valid UTF-8 and nothing is lost");
}

int main(void)
{
	test_valid();
	test_invalid();
	test_fast_path();
	test_exhaustive();
	test_encode_decode();
	test_sanitize();
	return tap_done();
}
