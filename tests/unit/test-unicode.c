/*
 * Unit tests for lib/unicode.c: classes, flags, case folding and accent
 * stripping of chosen code points in several scripts, the U+FFFD record
 * for what is not a character, composition including Hangul and the
 * composition exclusions, and the shape of every record in the table.
 */
#include "tap.h"
#include "unicode.h"
#include "utf8.h"

/*
 * Write the fold (or the strip) of cp to buf as a C string, the way a
 * caller does: the code point itself when the record says so.
 */
static const char *text_of(uint32_t cp, char *buf, int strip)
{
	const struct tk_uchar *u = tk_unicode_get(cp);
	int self = u->flags & (strip ? TK_UF_STRIP_SELF : TK_UF_FOLD_SELF);
	size_t n = strip ? u->strip_len : u->fold_len;

	if (self)
		n = tk_utf8_encode(cp, buf);
	else
		memcpy(buf, strip ? u->strip : u->fold, n);
	buf[n] = '\0';
	return buf;
}

static const char *fold(uint32_t cp)
{
	static char buf[16];

	return text_of(cp, buf, 0);
}

static const char *strip(uint32_t cp)
{
	static char buf[16];

	return text_of(cp, buf, 1);
}

static int cls(uint32_t cp)
{
	return tk_unicode_get(cp)->cls;
}

static void test_ascii(void)
{
	uint32_t cp;
	int bad = 0;

	TAP_INT(cls('A'), TK_U_LETTER, "'A' is a letter");
	TAP_INT(cls('z'), TK_U_LETTER, "'z' is a letter");
	TAP_INT(cls('7'), TK_U_DIGIT, "'7' is a digit");
	TAP_INT(cls(' '), TK_U_SPACE, "' ' is space");
	TAP_INT(cls('\t'), TK_U_SPACE, "tab is space");
	TAP_INT(cls('\n'), TK_U_SPACE, "newline is space");
	TAP_INT(cls('!'), TK_U_OTHER, "'!' is other");
	TAP_INT(cls('_'), TK_U_OTHER, "'_' is other");
	TAP_INT(cls(0x7F), TK_U_OTHER, "DEL is other");
	TAP_STR(fold('A'), "a", "'A' folds to 'a'");
	TAP_STR(strip('Q'), "q", "'Q' strips to 'q'");
	TAP_STR(fold('7'), "7", "'7' folds to itself");
	for (cp = 1; cp < 0x80; cp++) {
		const char *f = fold(cp);
		uint32_t want = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;

		if (strlen(f) != 1 || (unsigned char)f[0] != want || strcmp(strip(cp), f) != 0)
			bad++;
	}
	TAP_INT(bad, 0, "every ASCII byte folds and strips to its lowercase self");
}

static void test_flags(void)
{
	TAP_INT(tk_unicode_get('A')->flags & (TK_UF_UPPER | TK_UF_LOWER), TK_UF_UPPER,
		"'A' is upper");
	TAP_INT(tk_unicode_get('a')->flags & (TK_UF_UPPER | TK_UF_LOWER), TK_UF_LOWER,
		"'a' is lower");
	TAP_INT(tk_unicode_get(0x01C5)->flags & (TK_UF_UPPER | TK_UF_LOWER), TK_UF_UPPER,
		"titlecase U+01C5 counts as upper");
	TAP_STR(fold(0x01C5), "ǆ", "U+01C5 folds to U+01C6");
	TAP_INT(tk_unicode_get('1')->flags & (TK_UF_UPPER | TK_UF_LOWER), 0,
		"'1' is neither");
	TAP_INT(tk_unicode_get('a')->flags & TK_UF_FOLD_SELF, TK_UF_FOLD_SELF,
		"'a' folds to itself");
	TAP_OK(tk_unicode_get('a')->fold == NULL, "a self fold stores no bytes");
}

static void test_latin(void)
{
	TAP_STR(fold(0x00C9), "é", "'É' folds to 'é'");
	TAP_STR(strip(0x00C9), "e", "'É' strips to 'e'");
	TAP_STR(strip(0x00E9), "e", "'é' strips to 'e'");
	TAP_INT(tk_unicode_get(0x00E9)->flags & TK_UF_FOLD_SELF, TK_UF_FOLD_SELF,
		"'é' folds to itself");
	TAP_STR(fold(0x00DF), "ss", "'ß' folds to 'ss'");
	TAP_STR(strip(0x00DF), "ss", "'ß' strips to 'ss'");
	TAP_STR(fold(0x1E9E), "ss", "capital sharp s folds to 'ss'");
	TAP_STR(fold(0x0141), "ł", "'Ł' folds to 'ł'");
	TAP_STR(strip(0x0141), "l", "'Ł' strips to 'l'");
	TAP_STR(strip(0x00F8), "o", "'ø' strips to 'o'");
	TAP_STR(strip(0x01FF), "o", "'ǿ' strips to 'o'");
	TAP_STR(strip(0x00C6), "ae", "'Æ' strips to 'ae'");
	TAP_STR(strip(0x00FE), "th", "'þ' strips to 'th'");
	TAP_STR(strip(0x0111), "d", "'đ' strips to 'd'");
	TAP_STR(fold(0x0130), "i\xcc\x87", "'İ' folds to 'i' and a combining dot");
	TAP_STR(strip(0x0130), "i", "'İ' strips to 'i'");
	TAP_STR(fold(0x212A), "k", "the Kelvin sign folds to 'k'");
	TAP_STR(fold(0xFB01), "fi", "the 'ﬁ' ligature folds to 'fi'");
}

static void test_scripts(void)
{
	TAP_STR(fold(0x03A3), "σ", "'Σ' folds to 'σ'");
	TAP_STR(fold(0x03C2), "σ", "final 'ς' folds to 'σ'");
	TAP_STR(strip(0x0390), "ι", "'ΐ' strips to 'ι'");
	TAP_STR(fold(0x0414), "д", "'Д' folds to 'д'");
	TAP_STR(strip(0x0419), "и", "'Й' strips to 'и'");
	TAP_INT(cls(0x4E2D), TK_U_IDEO, "'中' is an ideograph");
	TAP_INT(cls(0x20000), TK_U_IDEO, "U+20000 is an ideograph");
	TAP_INT(cls(0xF900), TK_U_IDEO, "compatibility U+F900 is an ideograph");
	TAP_STR(strip(0xF900), "豈", "U+F900 strips to its canonical U+8C48");
	TAP_INT(cls(0x3042), TK_U_IDEO, "'あ' is an ideograph");
	TAP_INT(cls(0x3005), TK_U_IDEO, "'々' is an ideograph");
	TAP_INT(cls(0x3007), TK_U_IDEO, "'〇' is an ideograph");
	TAP_INT(cls(0x3099), TK_U_MARK, "the combining voiced mark stays a mark");
	TAP_INT(cls(0x30AB), TK_U_LETTER, "Katakana 'カ' is a letter");
	TAP_INT(cls(0xD55C), TK_U_LETTER, "Hangul '한' is a letter");
	TAP_STR(strip(0xD55C), "한", "'한' strips to itself, not to jamo");
	TAP_INT(cls(0x0E01), TK_U_LETTER, "Thai U+0E01 is a letter");
	TAP_INT(cls(0x0663), TK_U_DIGIT, "Arabic-Indic U+0663 is a digit");
	TAP_INT(cls(0x00B2), TK_U_LETTER, "'²' is a letter (No)");
	TAP_STR(strip(0x00B2), "²", "'²' strips to itself, not to '2'");
}

static void test_space_marks_other(void)
{
	const struct tk_uchar *u = tk_unicode_get(0x0301);

	TAP_INT(u->cls, TK_U_MARK, "U+0301 is a mark");
	TAP_INT(u->strip_len, 0, "U+0301 strips to nothing");
	TAP_OK(u->strip != NULL && !(u->flags & TK_UF_STRIP_SELF), "an empty strip is not 'self'");
	TAP_INT(tk_unicode_get(0x0345)->strip_len, 0, "U+0345 strips to nothing though it folds");
	TAP_INT(cls(0x00A0), TK_U_SPACE, "U+00A0 is space");
	TAP_INT(cls(0x3000), TK_U_SPACE, "U+3000 is space");
	TAP_INT(cls(0x2028), TK_U_SPACE, "U+2028 is space");
	TAP_INT(cls(0x0085), TK_U_SPACE, "U+0085 is space");
	TAP_INT(cls(0x200B), TK_U_OTHER, "zero width space is not White_Space");
	TAP_INT(cls(0x1F600), TK_U_OTHER, "U+1F600 is other");
	TAP_STR(fold(0x1F600), "😀", "U+1F600 folds to itself");
	TAP_INT(cls(0xE000), TK_U_OTHER, "private use is other");
	TAP_STR(fold(0xE000), "\xee\x80\x80", "private use folds to itself");
}

static void test_invalid(void)
{
	static const uint32_t cps[] = { 0xD800, 0xDFFF, 0x0378, 0xFFFF, 0x110000, 0xFFFFFFFF };
	size_t i;

	for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		const struct tk_uchar *u = tk_unicode_get(cps[i]);

		TAP_INT(u->cls, TK_U_OTHER, "U+%04X is other", (unsigned)cps[i]);
		TAP_STR(fold(cps[i]), "\xef\xbf\xbd", "U+%04X folds to U+FFFD", (unsigned)cps[i]);
		TAP_STR(strip(cps[i]), "\xef\xbf\xbd", "U+%04X strips to U+FFFD", (unsigned)cps[i]);
	}
}

static void test_compose(void)
{
	TAP_INT(tk_unicode_compose('e', 0x0301), 0x00E9, "e + acute is 'é'");
	TAP_INT(tk_unicode_compose('A', 0x030A), 0x00C5, "A + ring is 'Å'");
	TAP_INT(tk_unicode_compose(0x03B9, 0x0308), 0x03CA, "iota + diaeresis is 'ϊ'");
	TAP_INT(tk_unicode_compose(0x00E9, 0x0301), 0, "'é' + acute does not compose");
	TAP_INT(tk_unicode_compose('a', 'b'), 0, "'a' + 'b' does not compose");
	TAP_INT(tk_unicode_compose(0x0915, 0x093C), 0, "excluded U+0958 is not composed");
	TAP_INT(tk_unicode_compose(0x0308, 0x0301), 0, "non-starter U+0344 is not composed");
	TAP_INT(tk_unicode_compose(0x1112, 0x1161), 0xD558, "Hangul L + V is '하'");
	TAP_INT(tk_unicode_compose(0xD558, 0x11AB), 0xD55C, "Hangul LV + T is '한'");
	TAP_INT(tk_unicode_compose(0xD55C, 0x11AB), 0, "Hangul LVT + T does not compose");
	TAP_INT(tk_unicode_compose(0xAC00, 0x11A7), 0, "Hangul LV + U+11A7 does not compose");
	TAP_INT(tk_unicode_compose(0x110000, 0x0301), 0, "out of range does not compose");
}

/* Every record of every code point keeps the promises of unicode.h. */
static void test_all_records(void)
{
	uint32_t cp;
	long bad = 0;

	for (cp = 0; cp <= 0x110000; cp++) {
		const struct tk_uchar *u = tk_unicode_get(cp);
		int fself = (u->flags & TK_UF_FOLD_SELF) != 0;
		int sself = (u->flags & TK_UF_STRIP_SELF) != 0;

		if (u->cls > TK_U_IDEO || u->fold_len > 12 || u->strip_len > 12)
			bad++;
		else if (fself != (u->fold == NULL) || fself == (u->fold_len > 0))
			bad++;
		else if (sself != (u->strip == NULL) || (sself && u->strip_len))
			bad++;
		else if (u->fold && strlen(u->fold) != u->fold_len)
			bad++;
		else if (u->strip && strlen(u->strip) != u->strip_len)
			bad++;
		else if (u->cls == TK_U_MARK && (sself || u->strip_len))
			bad++;
	}
	TAP_INT(bad, 0, "every record is well-formed");
}

int main(void)
{
	test_ascii();
	test_flags();
	test_latin();
	test_scripts();
	test_space_marks_other();
	test_invalid();
	test_compose();
	test_all_records();
	return tap_done();
}
