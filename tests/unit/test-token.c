/*
 * Unit tests for lib/token.c, against the rules in lib/token.h: splitting,
 * case folding (ASCII and Unicode, as the generated tables give it),
 * composition of decomposed text, accent stripping, the joiners and where
 * they do not join, Han, Hiragana and Katakana, emoji and punctuation,
 * the placeholders (number, URL, e-mail, path), stopwords built in and
 * loaded from a file, tk_tokens_json with and without n-grams,
 * tk_tokens_add, and degenerate input (empty, only spaces, a 1 MB word).
 */
#include <stdlib.h>
#include <unistd.h>

#include "tap.h"
#include "token.h"
#include "utf8.h"
#include "wordset.h"


/* The tokens of text under flags and stopwords, joined by '|'. */
static const char *tok_sw(unsigned flags, const struct tk_wordset *sw, const char *text, size_t len)
{
	static struct tk_buf res = TK_BUF_INIT;
	struct tk_tokenizer tz;
	struct tk_tokens t;
	size_t i;

	tz.flags = flags;
	tz.stopwords = sw;
	tk_tokens_init(&t);
	tk_tokenize(&tz, text, len, &t);
	tk_buf_reset(&res);
	tk_buf_adds(&res, "");
	for (i = 0; i < t.n; i++) {
		if (i)
			tk_buf_addch(&res, '|');
		tk_buf_add(&res, t.text.buf + t.span[i].off, t.span[i].len);
	}
	tk_tokens_release(&t);
	return res.buf;
}

static const char *tok(unsigned flags, const char *text)
{
	return tok_sw(flags, NULL, text, strlen(text));
}

#define T(text, want, name) TAP_STR(tok(0, text), want, name)
#define TS(text, want, name) TAP_STR(tok(TK_TOK_STRIP_ACCENTS, text), want, name)

/* Is the tokenization of a the same as that of b? */
static int same(unsigned flags, const char *a, const char *b)
{
	char *x = tk_strdup(tok(flags, a));
	int eq = strcmp(x, tok(flags, b)) == 0;

	if (!eq)
		printf("#   '%s' vs '%s'\n", x, tok(flags, b));
	free(x);
	return eq;
}

static void test_split(void)
{
	T("Hello, World!", "hello|world", "words split at spaces and punctuation, folded");
	T("a,b;c", "a|b|c", "split at , and ; between letters");
	T("foo(bar)[baz]{q}", "foo|bar|baz|q", "split at brackets");
	T("tab\there\nnew\r\nline", "tab|here|new|line", "split at tabs and line ends");
	T("no\xC2\xA0" "break\xE3\x80\x80" "ideo", "no|break|ideo", "split at U+00A0 and U+3000");
	T("x\xE2\x80\xA8y", "x|y", "split at U+2028");
	T("3 apples", "3|apples", "digits are words");
	T("\xD9\xA1\xD9\xA2\xD9\xA3 abc", "\xD9\xA1\xD9\xA2\xD9\xA3|abc",
	  "Arabic-Indic digits are a word");
}

static void test_fold(void)
{
	T("HELLO World", "hello|world", "ASCII is folded");
	T("ÉCOLE", "école", "Latin capitals with accents");
	T("Straße STRASSE", "strasse|strasse", "ß folds to ss");
	T("ẞ", "ss", "capital sharp s folds to ss");
	T("ΟΔΥΣΣΕΥΣ", "οδυσσευσ", "Greek capitals, Σ folds to σ");
	T("ὈΔΥΣΣΕΎΣ ὀδυσσεύς", "ὀδυσσεύσ|ὀδυσσεύσ", "Greek with accents; final ς folds to σ");
	T("ПРИВЕТ Ёж", "привет|ёж", "Cyrillic");
	T("İstanbul", "i\xCC\x87stanbul",
	  "Turkish İ folds to i and a combining dot, as the tables give");
	T("ıI", "ıi", "dotless ı stays, I folds to i");
	T("ǅemal", "ǆemal", "titlecase ǅ folds to ǆ");
	T("ﬁle", "file", "the ﬁ ligature folds to fi");
	T("K", "k", "the Kelvin sign folds to k");
	T("Å", "å", "the Ångström sign folds to å");
}

static void test_compose(void)
{
	TAP_OK(same(0, "e\xCC\x81" "cole", "école"), "e + U+0301 gives the same token as é");
	TAP_OK(same(0, "E\xCC\x81" "COLE", "ÉCOLE"), "E + U+0301 gives the same token as É");
	TAP_STR(tok(0, "E\xCC\x81" "COLE"), "école", "and it is folded");
	TAP_OK(same(0, "A\xCC\x8Angstro\xCC\x88m", "Ångström"),
	       "two decomposed letters in one word");
	TAP_OK(same(0, "a\xCC\xA3\xCC\x82", "ậ"), "two marks in canonical order compose to ậ");
	TAP_OK(same(0, "\xCE\xB9\xCC\x88\xCC\x81", "ΐ"), "Greek iota + diaeresis + acute");
	TAP_OK(same(0, "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", "한"),
	       "decomposed Hangul jamo give the syllable");
	TAP_OK(same(0, "e\xCC\x81", "é") && strcmp(tok(0, "e\xCC\x81"), "e") != 0,
	       "without stripping the accent stays");
}

static void test_strip(void)
{
	TS("é É", "e|e", "é strips to e");
	TS("Łódź", "lodz", "ł and ź strip");
	TS("ø Ærø", "o|aero", "ø strips to o, æ to ae");
	TS("Straße", "strasse", "ß strips to ss");
	TS("e\xCC\x81", "e", "a decomposed accent is dropped");
	TS("naïve café", "naive|cafe", "naïve café");
	TS("İstanbul", "istanbul", "İ strips to i");
	TS("ΆΈΉ", "αεη", "Greek tonos is dropped");
	TS("Йод", "иод", "Cyrillic breve is dropped");
	TAP_STR(tok(0, "Łódź"), "łódź", "without the flag accents stay");
}

static void test_joiners(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "e-mail", "e-mail" },
		{ "Wi-Fi", "wi-fi" },
		{ "2FA", "2fa" },
		{ "v2.3.1", "v2.3.1" },
		{ "ORA-00942", "ora-00942" },
		{ "0x80070005", "0x80070005" },
		{ "hr_tool", "hr_tool" },
		{ "can't", "can't" },
		{ "can’t", "can't" },
		{ "l'homme", "l'homme" },
		{ "rock'n'roll", "rock'n'roll" },
		{ "1,200", "1,200" },
		{ "1,200,300.50", "1,200,300.50" },
		{ "3.14", "3.14" },
		{ "x.5", "x.5" },
		{ "wi\xE2\x80\x90" "fi", "wi-fi" },
		{ "non\xE2\x80\x91" "stop", "non-stop" },
		{ "end.", "end" },
		{ "e.g.", "e|g" },
		{ "a-", "a" },
		{ "-b", "b" },
		{ "--", "" },
		{ "a--b", "a|b" },
		{ "a - b", "a|b" },
		{ "a_", "a" },
		{ "_a", "a" },
		{ "'quoted'", "quoted" },
		{ "it's'", "it's" },
		{ "'90s", "90s" },
		{ "rock'5", "rock|5" },
		{ "3.x", "3|x" },
		{ "1,a", "1|a" },
		{ "a,1", "a|1" },
		{ "1, 2", "1|2" },
		{ "1.", "1" },
		{ "e-mail,", "e-mail" },
		{ "ORA-00942:", "ora-00942" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		TAP_STR(tok(0, cases[i].in), cases[i].want, "joiners: '%s'", cases[i].in);
	TAP_OK(same(0, "can't", "can’t"), "can't and can’t give the same token");
}

static void test_scripts(void)
{
	T("中文字", "中|文|字", "Han: one token per character");
	T("ありがとう", "あ|り|が|と|う", "Hiragana: one token per character");
	T("カタカナ", "カタカナ", "Katakana runs stay whole");
	T("東京タワー", "東|京|タワー", "Han then Katakana with the long vowel mark");
	T("日本語abc", "日|本|語|abc", "Han then Latin");
	T("abc中def", "abc|中|def", "Han inside a Latin word splits it");
	T("안녕하세요 세계", "안녕하세요|세계", "Hangul words stay whole");
	T("สวัสดี", "สวัสดี", "Thai with its marks is one word");
	T("नमस्ते", "नमस्ते", "Devanagari with its marks is one word");
	T("ok 😀 👍🏽 !!! ✓", "ok", "emoji, a skin tone, punctuation and symbols are dropped");
	T("hi😀there", "hi|there", "an emoji splits words");
	T("👩‍💻", "", "a ZWJ sequence is dropped");
	T("§ ¶ † © ® ™ … — –", "", "punctuation and symbols alone give nothing");
}

static void test_placeholders(void)
{
	const unsigned all = TK_TOK_PH_NUMBER | TK_TOK_PH_URL | TK_TOK_PH_EMAIL | TK_TOK_PH_PATH;
	static const struct {
		unsigned flags;
		const char *in, *want;
	} cases[] = {
		{ TK_TOK_PH_NUMBER, "order 12345", "order|<num>" },
		{ TK_TOK_PH_NUMBER, "1,200 3.14 12-34 1_000", "<num>|<num>|<num>|<num>" },
		{ TK_TOK_PH_NUMBER, "2fa ORA-00942 v2", "2fa|ora-00942|v2" },
		{ TK_TOK_PH_NUMBER, "١٢٣", "<num>" },
		{ TK_TOK_PH_URL, "see https://example.com/a?b=1 now", "see|<url>|now" },
		{ TK_TOK_PH_URL, "www.example.com", "<url>" },
		{ TK_TOK_PH_URL, "HTTPS://EXAMPLE.COM/X", "<url>" },
		{ TK_TOK_PH_URL, "(https://example.com/x).", "<url>" },
		{ TK_TOK_PH_URL, "https://example.com,", "<url>" },
		{ TK_TOK_PH_URL, "https://en.wikipedia.org/wiki/Foo_(bar)", "<url>" },
		{ TK_TOK_PH_URL, "ftp://files.example.com/a.zip!", "<url>" },
		{ TK_TOK_PH_URL, "link:https://x.com/a", "link|<url>" },
		{ TK_TOK_PH_URL, "\"http://x.io/a\"?", "<url>" },
		{ TK_TOK_PH_URL, "http://", "http" },
		{ TK_TOK_PH_URL, "a://b", "a|b" },
		{ TK_TOK_PH_EMAIL, "mail john.doe@example.com today", "mail|<email>|today" },
		{ TK_TOK_PH_EMAIL, "<john+tag@mail.example.co.uk>,", "<email>" },
		{ TK_TOK_PH_EMAIL, "x@y.com.", "<email>" },
		{ TK_TOK_PH_EMAIL, "a@b", "a|b" },
		{ TK_TOK_PH_EMAIL, "user@host.c", "user|host|c" },
		{ TK_TOK_PH_EMAIL, "@handle", "handle" },
		{ TK_TOK_PH_PATH, "/var/log/app.log", "<path>" },
		{ TK_TOK_PH_PATH, "/var/log/app.log.", "<path>" },
		{ TK_TOK_PH_PATH, "C:\\Users\\x\\a.csv", "<path>" },
		{ TK_TOK_PH_PATH, "~/x/y", "<path>" },
		{ TK_TOK_PH_PATH, "./a/b", "<path>" },
		{ TK_TOK_PH_PATH, "../a", "<path>" },
		{ TK_TOK_PH_PATH, "\\\\host\\share", "<path>" },
		{ TK_TOK_PH_PATH, "(/var/log/x)", "<path>" },
		{ TK_TOK_PH_PATH, "\"/etc/hosts\"", "<path>" },
		{ TK_TOK_PH_PATH, "and/or", "and|or" },
		{ TK_TOK_PH_PATH, "a/b/c", "a|b|c" },
		{ TK_TOK_PH_PATH, "/usr", "usr" },
		{ TK_TOK_PH_PATH, "1/2/2024", "1|2|2024" },
		{ all, "Email bob@corp.io about https://x.io/a and /var/log/a.log, 42 items",
		  "email|<email>|about|<url>|and|<path>|<num>|items" },
		{ all, "see: https://x.io/?u=bob@y.com", "see|<url>" },
		{ all, "mailto:bob@x.com", "mailto|<email>" },
		{ 0, "bob@corp.io https://x.io/a /var/log/a.log 42",
		  "bob|corp|io|https|x|io|a|var|log|a|log|42" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		TAP_STR(tok(cases[i].flags, cases[i].in), cases[i].want, "placeholders: '%s'",
			cases[i].in);
}

static void test_stopwords_english(void)
{
	static const char *const negations[] = {
		"no", "not", "never", "none", "nor", "nothing", "nobody", "nowhere", "neither",
		"cannot", "can't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't",
		"weren't", "won't", "wouldn't", "shouldn't", "couldn't", "hasn't", "haven't",
		"hadn't", "mustn't", "without", NULL
	};
	const char *const *sw = tk_stopwords_english();
	struct tk_wordset set;
	size_t n, i;
	int found = 0, unfolded = 0;

	tk_wordset_init(&set);
	for (n = 0; sw[n]; n++) {
		tk_wordset_put(&set, sw[n], strlen(sw[n]), 1);
		if (strcmp(tok(0, sw[n]), sw[n]) != 0)
			unfolded++;
	}
	TAP_OK(n > 100, "the English list has %zu words", n);
	TAP_INT(unfolded, 0, "every stopword is one token, already folded");
	TAP_OK(tk_wordset_get(&set, "the", 3, NULL) && tk_wordset_get(&set, "and", 3, NULL),
	       "it holds 'the' and 'and'");
	for (i = 0; negations[i]; i++)
		if (tk_wordset_get(&set, negations[i], strlen(negations[i]), NULL)) {
			printf("# negation '%s' is a stopword\n", negations[i]);
			found++;
		}
	TAP_INT(found, 0, "it holds no negation (not, no, never, n't forms ...)");
	TAP_STR(tok_sw(0, &set, "This is NOT the answer, I can't say", 35), "not|answer|can't|say",
		"stopwords are dropped after folding; negations stay");
	TAP_STR(tok_sw(TK_TOK_PH_NUMBER, &set, "the 42 of", 9), "<num>",
		"placeholders survive stopwords");
	tk_wordset_release(&set);
}

static void test_stopwords_load(void)
{
	struct tk_tokenizer tz = { 0, NULL }, strip = { TK_TOK_STRIP_ACCENTS, NULL };
	struct tk_wordset set, set2;
	struct tk_error err;
	char *good =
	    tap_write_tmp("stop.txt", "\xEF\xBB\xBF# my stopwords\n\nFoo\n  BAR  # trailing comment\r\n"
				  "Straße\nCafé two-words x\n#only comment\n");
	char *bad = tap_write_tmp("bad.txt", "ok\n# fine\nbad \xFF here\nlater\n");
	char *missing = tap_write_tmp("tmp", "");
	char want[600];
	int rc;

	unlink(missing);
	tk_wordset_init(&set);
	rc = tk_stopwords_load(&tz, good, &set, &err);
	TAP_INT(rc, 0, "a good stopword file loads");
	TAP_OK(tk_wordset_get(&set, "foo", 3, NULL), "words are folded (Foo)");
	TAP_OK(tk_wordset_get(&set, "bar", 3, NULL),
	       "blanks around a word and a trailing comment (BAR)");
	TAP_OK(tk_wordset_get(&set, "strasse", 7, NULL), "full folding (Straße)");
	TAP_OK(tk_wordset_get(&set, "café", strlen("café"), NULL),
	       "accents kept by a tokenizer that keeps them");
	TAP_OK(tk_wordset_get(&set, "two-words", 9, NULL) && tk_wordset_get(&set, "x", 1, NULL),
	       "several tokens on a line are all added");
	TAP_OK(!tk_wordset_get(&set, "my", 2, NULL) && !tk_wordset_get(&set, "comment", 7, NULL) &&
		   !tk_wordset_get(&set, "only", 4, NULL) &&
		   !tk_wordset_get(&set, "trailing", 8, NULL),
	       "comments add nothing");
	TAP_INT(set.n, 6, "six words in all");
	TAP_STR(tok_sw(0, &set, "FOO and bar Strasse", 19), "and",
		"the loaded set drops words from text");

	tk_wordset_init(&set2);
	TAP_INT(tk_stopwords_load(&strip, good, &set2, &err), 0, "loads with accent stripping");
	TAP_OK(tk_wordset_get(&set2, "cafe", 4, NULL) &&
		   !tk_wordset_get(&set2, "café", strlen("café"), NULL),
	       "words are folded the way the tokenizer folds (café -> cafe)");
	tk_wordset_release(&set2);

	tk_wordset_release(&set);
	tk_wordset_init(&set);
	err.file = NULL;
	err.line = 0;
	rc = tk_stopwords_load(&tz, bad, &set, &err);
	TAP_INT(rc, -1, "invalid UTF-8 in a stopword file fails");
	TAP_OK(err.file && strcmp(err.file, bad) == 0 && err.line == 3,
	       "the error names file and line 3");
	TAP_STR(err.msg, "invalid UTF-8 at byte 5", "the error says what and where in the line");

	rc = tk_stopwords_load(&tz, missing, &set, &err);
	snprintf(want, sizeof(want), "cannot open '%s': No such file or directory", missing);
	TAP_INT(rc, -1, "a missing stopword file fails");
	TAP_STR(err.msg, want, "and names the file");
	tk_wordset_release(&set);
	unlink(good);
	unlink(bad);
	free(good);
	free(bad);
	free(missing);
}

static void test_json(void)
{
	struct tk_tokens t;
	struct tk_buf b = TK_BUF_INIT;
	struct tk_tokenizer tz = { 0, NULL };

	tk_tokens_init(&t);
	tk_tokens_json(&t, 3, &b);
	TAP_STR(b.buf, "[]", "no tokens: []");
	tk_tokens_add(&t, "a", 1);
	tk_tokens_add(&t, "b", 1);
	tk_tokens_add(&t, "c", 1);
	tk_buf_reset(&b);
	tk_tokens_json(&t, 0, &b);
	TAP_STR(b.buf, "[\"a\",\"b\",\"c\"]", "ngram 0: the tokens");
	tk_buf_reset(&b);
	tk_tokens_json(&t, 1, &b);
	TAP_STR(b.buf, "[\"a\",\"b\",\"c\"]", "ngram 1: the tokens");
	tk_buf_reset(&b);
	tk_tokens_json(&t, 2, &b);
	TAP_STR(b.buf, "[\"a\",\"b\",\"c\",\"a b\",\"b c\"]", "ngram 2: tokens then bigrams");
	tk_buf_reset(&b);
	tk_tokens_json(&t, 3, &b);
	TAP_STR(b.buf, "[\"a\",\"b\",\"c\",\"a b\",\"a b c\",\"b c\"]",
		"ngram 3: n-grams in order of position");
	tk_buf_reset(&b);
	tk_tokens_json(&t, 9, &b);
	TAP_STR(b.buf, "[\"a\",\"b\",\"c\",\"a b\",\"a b c\",\"b c\"]",
		"ngram beyond the count adds nothing more");
	tk_buf_reset(&b);
	tk_buf_adds(&b, "x=");
	tk_tokens_json(&t, 1, &b);
	TAP_STR(b.buf, "x=[\"a\",\"b\",\"c\"]", "the JSON is appended");

	tk_tokens_reset(&t);
	TAP_INT(t.n, 0, "reset empties the tokens");
	tk_tokenize(&tz, "Can’t log in: ORA-00942 — «café»",
		    strlen("Can’t log in: ORA-00942 — «café»"), &t);
	tk_buf_reset(&b);
	tk_tokens_json(&t, 2, &b);
	TAP_STR(b.buf,
		"[\"can't\",\"log\",\"in\",\"ora-00942\",\"café\",\"can't log\",\"log in\",\"in "
		"ora-00942\","
		"\"ora-00942 café\"]",
		"tokenized text as JSON with bigrams");
	tk_tokens_release(&t);
	tk_buf_release(&b);
}

static void test_tokens_add(void)
{
	struct tk_tokens t;
	struct tk_tokenizer tz = { 0, NULL };

	tk_tokens_init(&t);
	tk_tokens_add(&t, "new york", 8);
	TAP_OK(t.n == 1 && t.span[0].off == 0 && t.span[0].len == 8,
	       "tk_tokens_add: one token of 8 bytes");
	TAP_OK(memcmp(t.text.buf, "new york ", 9) == 0, "stored as is, followed by a space");
	tk_tokens_add(&t, "Ünïcode", strlen("Ünïcode"));
	TAP_OK(t.n == 2 && memcmp(t.text.buf + t.span[1].off, "Ünïcode", t.span[1].len) == 0,
	       "tk_tokens_add does not fold");
	tk_tokenize(&tz, "More words", 10, &t);
	TAP_OK(t.n == 4 && t.span[3].off + t.span[3].len + 1 == t.text.len &&
		       t.text.buf[t.span[2].off + t.span[2].len] == ' ',
	       "tk_tokenize appends after added tokens, each token followed by one space");
	TAP_OK(memcmp(t.text.buf + t.span[2].off, "more", 4) == 0, "and its tokens are folded");
	tk_tokens_release(&t);
}

static void test_degenerate(void)
{
	const unsigned all = TK_TOK_PH_NUMBER | TK_TOK_PH_URL | TK_TOK_PH_EMAIL | TK_TOK_PH_PATH |
			     TK_TOK_STRIP_ACCENTS;
	size_t big = 1024 * 1024, i;
	char *word = malloc(big + 1), *lower = malloc(big + 1);
	const char *r;
	int ok;

	TAP_STR(tok(0, ""), "", "empty text: no tokens");
	TAP_STR(tok(all, ""), "", "empty text with every flag: no tokens");
	TAP_STR(tok(0, "   \t\n\r  "), "", "only spaces: no tokens");
	TAP_STR(tok(all, "   \t\n\r  "), "", "only spaces with every flag: no tokens");
	TAP_STR(tok(all, "!?.,;:"), "", "only punctuation with every flag: no tokens");
	for (i = 0; i < big; i++) {
		word[i] = (char)('A' + i % 26);
		lower[i] = (char)('a' + i % 26);
	}
	word[big] = lower[big] = '\0';
	r = tok(0, word);
	TAP_OK(strlen(r) == big && strcmp(r, lower) == 0, "a 1 MB word is one folded token");
	r = tok(all, word);
	TAP_OK(strlen(r) == big && strcmp(r, lower) == 0, "a 1 MB word with every flag");
	for (i = 0; i < big; i++)
		word[i] = (char)('0' + i % 10);
	TAP_STR(tok(TK_TOK_PH_NUMBER, word), "<num>", "a 1 MB number is one <num>");
	for (i = 0; i < big; i++)
		word[i] = i % 2 ? '-' : 'a';
	word[big - 1] = 'a';
	r = tok(0, word);
	ok = strlen(r) == big;
	TAP_OK(ok, "a 1 MB word joined by hyphens is one token");
	free(word);
	free(lower);
}

/* Every token of odd input is valid UTF-8 and its JSON parses. */
static void test_fuzz(void)
{
	static const char *const pieces[] = {
		"a",           "Z",   "é", "e\xCC\x81", "\xCC\x81", "中",
		"カ",          "😀",   "-", "'",         "’",        ".",
		",",           "_",   "1", "٣",         " ",        "\t",
		"@",           "://", "/", "\\",        "~/",       "www.",
		"x.io",        "ß",   "İ", "ǅ",         "\"",       "(",
		")",           "<",   ">", "C:\\",      "ﬁ",        "\xE1\x84\x92",
		"\xE1\x85\xA1"
	};
	const size_t np = sizeof(pieces) / sizeof(pieces[0]);
	struct tk_tokenizer tz;
	struct tk_tokens t;
	struct tk_buf text = TK_BUF_INIT, json = TK_BUF_INIT;
	unsigned seed = 99, flags;
	int k, bad = 0, badjson = 0;

	tk_tokens_init(&t);
	for (k = 0; k < 3000; k++) {
		size_t i, n;

		tk_buf_reset(&text);
		tk_buf_adds(&text, "");
		for (n = 0; n < 30; n++) {
			seed = seed * 1103515245u + 12345u;
			tk_buf_adds(&text, pieces[(seed >> 16) % np]);
		}
		flags = (unsigned)k & 31u;
		tz.flags = flags;
		tz.stopwords = NULL;
		tk_tokens_reset(&t);
		tk_tokenize(&tz, text.buf, text.len, &t);
		for (i = 0; i < t.n; i++) {
			const char *s = t.text.buf + t.span[i].off;

			if (t.span[i].len == 0 ||
			    tk_utf8_check(s, t.span[i].len) != t.span[i].len ||
			    memchr(s, ' ', t.span[i].len) || memchr(s, '"', t.span[i].len) ||
			    memchr(s, '\\', t.span[i].len))
				bad++;
		}
		tk_buf_reset(&json);
		tk_tokens_json(&t, 2, &json);
		if (tk_utf8_check(json.buf, json.len) != json.len || json.buf[0] != '[' ||
		    json.buf[json.len - 1] != ']')
			badjson++;
	}
	TAP_INT(bad, 0,
		"tokens of random text are non-empty valid UTF-8 "
		"without space, quote or backslash");
	TAP_INT(badjson, 0, "and their JSON is a valid UTF-8 array");
	tk_tokens_release(&t);
	tk_buf_release(&text);
	tk_buf_release(&json);
}

int main(void)
{
	test_split();
	test_fold();
	test_compose();
	test_strip();
	test_joiners();
	test_scripts();
	test_placeholders();
	test_stopwords_english();
	test_stopwords_load();
	test_json();
	test_tokens_add();
	test_degenerate();
	test_fuzz();
	TAP_INT(tap_tmpdir_remove(), 0, "every temporary file was removed");
	return tap_done();
}
