/*
 * tk-hostile: a deterministic corpus of hostile JSON Lines, and the checker
 * that every line of it is accounted for in a tool's output or its error
 * report (CONTRACT.md sections 4 and 5; tests/hostile.sh runs both).
 *
 *   tk-hostile [--class NAME] ... [--full] [--step N] [--big-mb N] [--seed N]
 *              [--manifest | --stats]
 *
 * writes the corpus to standard output: the classes asked for (all when
 * none is named; "long", its lines --big-mb long, is the one that is big),
 * each mixed with valid tickets (id, text, label, created_at, customer,
 * class, timestamp, value) so that every tool has real work.  The last
 * line has no final newline when the "binary" class is in.  --manifest
 * writes instead one line per corpus line, "LINE TAGS CLASS", where TAGS
 * says what is wrong with it ("-": nothing):
 *
 *   S  bad for every tool: not JSON, not an object, not UTF-8, NUL, too deep
 *   B  blank (empty or white space only)
 *   E  an earlier tool's error object
 *   T  no usable text      K  'tokens' is not an array of strings
 *   C  no usable created_at   L  no usable label   M  an empty label
 *   P  no usable class.label
 *   V  no usable timestamp or value (tk-anomaly --series)
 *
 * --full writes the every-position classes (a ticket cut at every byte,
 * one byte made invalid UTF-8 at every position) in full, and all the
 * long and deep lines; by default every --step'th position (default 11),
 * the valid and the invalid long line --big-mb long (default 1), the others
 * an eighth of that, and fewer objects nested 100000 deep.  --stats writes the lines and bad lines per class.
 *
 *   tk-hostile --verify stream|last|report --tool NAME --needs TAGS
 *              [--file NAME] [--key KEY] [--upstream pass|bad|skip] [--good N]
 *              [--any-order] [--classes FILE] corpus manifest output stderr
 *
 * checks a tool's run on the corpus.  A line is bad for the tool when its
 * tags hold S or one of --needs (E too with --upstream bad).  Every bad
 * line must be reported once on stderr as "TOOL: FILE:LINE: ..." and no
 * other line may be; every output line must be valid UTF-8 and JSON.
 * stream: one output line per input line in order, an error object naming
 * FILE and LINE for each bad line, the ticket with KEY for each good one
 * (when the input had KEY, even twice, what JSON readers see of it must be
 * the tool's new value), blank lines blank, error objects from upstream
 * unchanged.  last
 * (tk-cluster fitting, tk-route --sort): the good tickets in order (any
 * order with --any-order), then the error objects.
 * report: --good N must be the number of lines taken as good.  Prints what
 * is wrong and exits 1, or exits 0 silently.  --classes FILE also writes
 * there a line per class of the corpus: its name, its lines, and how many
 * of them were found wrong.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timestamp.h"
#include "tk.h"

/* ---- the corpus ---- */

enum { F_ID, F_TEXT, F_LABEL, F_CREATED, F_CUSTOMER, F_CLASS, F_TS, F_VALUE, NFIELD };

static const char *const field_name[NFIELD] = { "id",	    "text",  "label",	  "created_at",
						"customer", "class", "timestamp", "value" };

static struct {
	struct tk_buf val;
	int dropped;
} field[NFIELD];

static int manifest, stats, full, binary_last;
static size_t step = 11, big_mb = 1;
static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static unsigned long nline, nticket;
static double clock_t0 = 1793577600; /* 2026-11-02T00:00:00Z */
static const char *cur_class;
static struct tk_buf line, tmp;

#define MAX_CLASSES 32
static struct {
	const char *name;
	unsigned long lines, bad;
} cstat[MAX_CLASSES];
static int nstat;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t rnd_below(size_t n)
{
	return (size_t)(rnd() % n);
}

/* Write one line of the corpus (or its manifest line) with what is wrong with it. */
static void emit(const char *s, size_t n, const char *tags)
{
	int i;

	nline++;
	for (i = 0; i < nstat && strcmp(cstat[i].name, cur_class) != 0; i++)
		;
	if (i == nstat && nstat < MAX_CLASSES)
		cstat[nstat++].name = cur_class;
	if (i < MAX_CLASSES) {
		cstat[i].lines++;
		cstat[i].bad += *tags != '\0';
	}
	if (stats)
		return;
	if (manifest) {
		printf("%lu %s %s\n", nline, *tags ? tags : "-", cur_class);
		return;
	}
	/* newlines go between lines: the last one can go without */
	if (nline > 1)
		putchar('\n');
	fwrite(s, 1, n, stdout);
}

static void emit_buf(const struct tk_buf *b, const char *tags)
{
	emit(b->buf ? b->buf : "", b->len, tags);
}

static void set(int f, const char *json)
{
	tk_buf_reset(&field[f].val);
	tk_buf_adds(&field[f].val, json);
	field[f].dropped = 0;
}

static void setn(int f, const char *json, size_t n)
{
	tk_buf_reset(&field[f].val);
	tk_buf_add(&field[f].val, json, n);
	field[f].dropped = 0;
}

static void drop(int f)
{
	field[f].dropped = 1;
}

static const char *const labels[] = { "billing", "login", "shipping", "refund" };
static const char *const words[][6] = {
	{ "invoice", "charged", "twice", "card", "payment", "e-4012" },
	{ "password", "reset", "cannot", "sign", "locked", "2fa" },
	{ "parcel", "delivery", "late", "tracking", "courier", "ord-123456" },
	{ "refund", "money", "back", "cancel", "return", "please" },
};

/* A valid ticket in the fields, the next one in time. */
static void fill_good(void)
{
	size_t lab = rnd_below(4), i, n = 3 + rnd_below(8);
	char when[40];

	nticket++;
	clock_t0 += (double)(30 + rnd_below(900));
	tk_time_format(clock_t0, when, sizeof(when));
	for (i = 0; i < NFIELD; i++) {
		tk_buf_reset(&field[i].val);
		field[i].dropped = 0;
	}
	tk_buf_addf(&field[F_ID].val, "\"H-%06lu\"", nticket);
	tk_buf_addch(&field[F_TEXT].val, '"');
	for (i = 0; i < n; i++)
		tk_buf_addf(&field[F_TEXT].val, "%s%s", i ? " " : "",
			    rnd_below(4) ? words[lab][rnd_below(6)] : words[rnd_below(4)][rnd_below(6)]);
	tk_buf_addch(&field[F_TEXT].val, '"');
	tk_buf_addf(&field[F_LABEL].val, "\"%s\"", labels[lab]);
	tk_buf_addf(&field[F_CREATED].val, "\"%s\"", when);
	tk_buf_addf(&field[F_CUSTOMER].val, "{\"id\":\"C-%zu\",\"tier\":\"%s\"}", rnd_below(50),
		    rnd_below(3) ? "free" : "pro");
	tk_buf_addf(&field[F_CLASS].val, "{\"label\":\"%s\",\"confidence\":0.%02zu}",
		    labels[rnd_below(5) ? lab : rnd_below(4)], 30 + rnd_below(70));
	tk_buf_addf(&field[F_TS].val, "\"%s\"", when);
	tk_buf_addf(&field[F_VALUE].val, "%zu.%zu", 10 + rnd_below(5), rnd_below(10));
}

/* The fields as one object, with extra members (raw JSON text) at the end. */
static void render(struct tk_buf *b, const char *extra, size_t extralen)
{
	int i, n = 0;

	tk_buf_reset(b);
	tk_buf_addch(b, '{');
	for (i = 0; i < NFIELD; i++) {
		if (field[i].dropped)
			continue;
		if (n++)
			tk_buf_addch(b, ',');
		tk_buf_addf(b, "\"%s\":", field_name[i]);
		tk_buf_add(b, field[i].val.buf, field[i].val.len);
	}
	if (extralen) {
		if (n)
			tk_buf_addch(b, ',');
		tk_buf_add(b, extra, extralen);
	}
	tk_buf_addch(b, '}');
}

static void good(void)
{
	const char *saved = cur_class;

	cur_class = "good";
	fill_good();
	render(&line, "", 0);
	emit_buf(&line, "");
	cur_class = saved;
}

/* After a hostile line: a valid ticket, one time in two. */
static void mix(void)
{
	if (rnd() & 1)
		good();
}

static void hostile(const struct tk_buf *b, const char *tags)
{
	emit_buf(b, tags);
	mix();
}

/* A ticket with field f set to json and what that makes it. */
static void with(int f, const char *json, const char *tags)
{
	fill_good();
	set(f, json);
	render(&line, "", 0);
	hostile(&line, tags);
}

static void with_n(int f, const char *json, size_t n, const char *tags)
{
	fill_good();
	setn(f, json, n);
	render(&line, "", 0);
	hostile(&line, tags);
}

static void with_extra(const char *extra, size_t n, const char *tags)
{
	fill_good();
	render(&line, extra, n);
	hostile(&line, tags);
}

static void raw(const char *s, size_t n, const char *tags)
{
	tk_buf_reset(&line);
	tk_buf_add(&line, s, n);
	hostile(&line, tags);
}

#define RAW(s, tags) raw(s, sizeof(s) - 1, tags)
#define EXTRA(s, tags) with_extra(s, sizeof(s) - 1, tags)

/* Strict UTF-8 (RFC 3629), written apart from lib/utf8.c on purpose. */
static int utf8_ok(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n, k;
	uint32_t cp;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xC2 && s[i] <= 0xDF) {
			n = 1;
			cp = s[i] & 0x1Fu;
		} else if (s[i] >= 0xE0 && s[i] <= 0xEF) {
			n = 2;
			cp = s[i] & 0x0Fu;
		} else if (s[i] >= 0xF0 && s[i] <= 0xF4) {
			n = 3;
			cp = s[i] & 0x07u;
		} else {
			return 0;
		}
		if (i + n >= len)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3Fu);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += n + 1;
	}
	return 1;
}

/* A ticket with all sorts of text in it, for the every-position classes. */
static void rich(void)
{
	fill_good();
	set(F_TEXT, "\"Caf\xC3\xA9 \\\"quoted\\\" d\\u00e9j\\u00e0 vu \xE2\x80\x94 na\xC3\xAFve "
		    "\xF0\x9F\x98\x80 \xE4\xB8\xAD\xE6\x96\x87 ORD-123456 ana@example.com\\n\\ttab\"");
	set(F_CUSTOMER, "{\"id\":\"C-7\",\"tier\":\"pro\",\"name\":\"Zo\xC3\xAB\",\"value\":12.5e0}");
	tk_buf_reset(&line);
	tk_buf_adds(&line, "\"n\":[1,-2.5,true,false,null,{}]");
	render(&tmp, line.buf, line.len);
}

static int position(size_t p, size_t len)
{
	return full || p % step == 0 || p + 3 >= len;
}

static void class_truncated(void)
{
	size_t p;

	rich();
	for (p = 0; p < tmp.len; p++)
		if (position(p, tmp.len))
			raw(tmp.buf, p, p == 0 ? "B" : "S");
}

static void class_utf8(void)
{
	static const unsigned char bytes[] = { 0x80, 0xC0, 0xFF };
	size_t p, i;

	rich();
	for (p = 0; p < tmp.len; p++) {
		if (!position(p, tmp.len))
			continue;
		for (i = 0; i < sizeof(bytes); i++) {
			tk_buf_reset(&line);
			tk_buf_add(&line, tmp.buf, tmp.len);
			line.buf[p] = (char)bytes[i];
			/* 0x80 in place of a continuation byte can leave a valid character */
			hostile(&line, utf8_ok(line.buf, line.len) ? "" : "S");
		}
	}
}

static void class_overlong(void)
{
	static const char *const seq[] = {
		"\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xE0\x9F\xBF", "\xF0\x80\x80\xAF",
		"\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xF8\x88\x80\x80\x80",
		"\xFC\x84\x80\x80\x80\x80", "\xC0\x80", "\xE0\x80\x80",
	};
	size_t i;

	for (i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		tk_buf_reset(&tmp);
		tk_buf_addf(&tmp, "\"slash %s here\"", seq[i]);
		with(F_TEXT, tmp.buf, "S");
		tk_buf_reset(&tmp);
		tk_buf_addf(&tmp, "\"ends in %s\"", seq[i]);
		with(F_LABEL, tmp.buf, "S");
		tk_buf_reset(&tmp);
		tk_buf_addf(&tmp, "\"k%s\":1", seq[i]);
		with_extra(tmp.buf, tmp.len, "S");
		tk_buf_reset(&tmp);
		tk_buf_addf(&tmp, "%s", seq[i]);
		with_extra(tmp.buf, tmp.len, "S");
	}
}

static void class_surrogate(void)
{
	static const char *const rawseq[] = {
		"\xED\xA0\x80", "\xED\xAF\xBF", "\xED\xB0\x80", "\xED\xBF\xBF", "\xED\xA0\xBD\xED\xB8\x80",
	};
	static const char *const esc[] = {
		"\\ud800", "\\udc00", "\\udc00\\ud800", "\\ud800\\ud800", "\\ud800x", "x\\udbff",
		"\\uDFFF", "\\ud83d\\ude00", "\\ud800\\u0041", "\\ud800\\", "\\udbff\\udfff",
	};
	size_t i;

	for (i = 0; i < sizeof(rawseq) / sizeof(rawseq[0]); i++) {
		tk_buf_reset(&tmp);
		tk_buf_addf(&tmp, "\"raw %s surrogate\"", rawseq[i]);
		with(F_TEXT, tmp.buf, "S");
		tk_buf_reset(&tmp);
		tk_buf_addf(&tmp, "\"%s\":2", rawseq[i]);
		with_extra(tmp.buf, tmp.len, "S");
	}
	for (i = 0; i < sizeof(esc) / sizeof(esc[0]); i++) {
		size_t n;

		tk_buf_reset(&tmp);
		tk_buf_addf(&tmp, "\"escaped %s surrogate\"", esc[i]);
		n = tmp.len;
		/* "\ud800\" escapes the closing quote: the line ends inside a string */
		if (strcmp(esc[i], "\\ud800\\") == 0) {
			with_n(F_TEXT, tmp.buf, n, "S");
			continue;
		}
		with(F_TEXT, tmp.buf, "");
		with(F_LABEL, tmp.buf, "");
		with(F_ID, tmp.buf, "");
		tk_buf_reset(&tmp);
		tk_buf_addf(&tmp, "{\"label\":\"%s\",\"confidence\":0.5}", esc[i]);
		with(F_CLASS, tmp.buf, "");
		tk_buf_reset(&tmp);
		tk_buf_addf(&tmp, "\"%s\":3", esc[i]);
		with_extra(tmp.buf, tmp.len, "");
	}
}

static void class_nul(void)
{
	fill_good();
	render(&tmp, "", 0);
	with_n(F_TEXT, "\"a\0b\"", 5, "S");
	with_n(F_LABEL, "\"\0\"", 3, "S");
	with_extra("\"n\":1\0", 6, "S");
	with_extra("\0\"n\":1", 6, "S");
	with_extra("\"n\0\":1", 6, "S");
	tk_buf_reset(&line);
	tk_buf_addch(&line, '\0');
	tk_buf_add(&line, tmp.buf, tmp.len);
	hostile(&line, "S");
	tk_buf_reset(&line);
	tk_buf_add(&line, tmp.buf, tmp.len);
	tk_buf_addch(&line, '\0');
	hostile(&line, "S");
	raw("\0", 1, "S");
	raw("\0\0\0", 3, "S");
	raw(" \0 ", 3, "S");
	/* escaped NULs are JSON */
	with(F_TEXT, "\"a\\u0000b nul\"", "");
	with(F_TEXT, "\"\\u0000\"", "");
	with(F_LABEL, "\"x\\u0000y\"", "");
	with(F_ID, "\"\\u0000\"", "");
	with(F_CLASS, "{\"label\":\"\\u0000\",\"confidence\":0.5}", "");
	with(F_CREATED, "\"2026-11-16T06:00:00Z\\u0000\"", "C");
	with(F_TS, "\"2026-11-16T06:00:00Z\\u0000\"", "V");
	with(F_CUSTOMER, "{\"id\":\"\\u0000\",\"tier\":\"\\u0000\"}", "");
	EXTRA("\"te\\u0000xt\":\"shadow\"", "");
	EXTRA("\"\\u0000\":1", "");
}

/* depth containers of kind c ('[' or '{'), the outermost first, a 1 in the last (empty: none). */
static void nest(struct tk_buf *b, size_t depth, int c, int close, int empty)
{
	size_t i;

	for (i = 0; i < depth; i++)
		tk_buf_adds(b, c == '[' ? "[" : i + 1 < depth || !empty ? "{\"a\":" : "{");
	if (!empty)
		tk_buf_addch(b, '1');
	if (close)
		for (i = 0; i < depth; i++)
			tk_buf_addch(b, c == '[' ? ']' : '}');
}

static void class_deep(void)
{
	static const size_t depths[] = { 511, 512, 513, 100000 };
	static const int kinds[] = { '[', '{' };
	size_t i, k;
	int e;

	for (i = 0; i < sizeof(depths) / sizeof(depths[0]); i++)
		for (k = 0; k < 2; k++) {
			/* objects nested 100000 deep are 500 kB a line: one of them unless --full */
			if (!full && depths[i] > 1000 && kinds[k] == '{')
				continue;
			/*
			 * The depth is the levels of values below the ticket: "n":1 is one, "n":[]
			 * one, "n":[1] two.  TK_JSON_MAX_DEPTH of them may be.
			 */
			for (e = 0; e < 2; e++) {
				tk_buf_reset(&tmp);
				tk_buf_adds(&tmp, "\"n\":");
				nest(&tmp, depths[i] - !e, kinds[k], 1, e);
				with_extra(tmp.buf, tmp.len, depths[i] <= TK_JSON_MAX_DEPTH ? "" : "S");
			}
			/* an object of objects is a ticket with nothing in it */
			tk_buf_reset(&line);
			nest(&line, depths[i], kinds[k], 1, 0);
			hostile(&line, depths[i] <= TK_JSON_MAX_DEPTH && kinds[k] == '{' ? "TCLPV" : "S");
		}
	for (k = 0; k < 2; k++) {
		if (full || kinds[k] == '[') {
			tk_buf_reset(&line);
			nest(&line, 100000, kinds[k], 0, 1);
			hostile(&line, "S");
		}
		/* deep inside a ticket and never closed */
		fill_good();
		render(&line, "", 0);
		line.len--;
		tk_buf_adds(&line, ",\"n\":");
		nest(&line, 100000, kinds[k], 0, 1);
		hostile(&line, "S");
	}
}

static void class_number(void)
{
	static const char *const plain[] = { "1e400", "-1e400", "1E+400", "1e-400", "-0", "4.9e-324",
					     "1.7976931348623157e308", "123456789012345678901234567890",
					     "-123456789012345678901234567890.5e10" };
	struct tk_buf big = TK_BUF_INIT, neg = TK_BUF_INIT, frac = TK_BUF_INIT;
	size_t i;

	for (i = 0; i < 400; i++)
		tk_buf_addch(&big, '1' + (int)(i % 9));
	tk_buf_addch(&neg, '-');
	tk_buf_add(&neg, big.buf, big.len);
	tk_buf_adds(&frac, "0.");
	for (i = 0; i < 400; i++)
		tk_buf_addch(&frac, '0');
	tk_buf_addch(&frac, '1');
	/* ordinary fields: anything JSON allows */
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		tk_buf_reset(&tmp);
		tk_buf_addf(&tmp, "\"n\":%s", plain[i]);
		with_extra(tmp.buf, tmp.len, "");
		with(F_ID, plain[i], "");
	}
	with(F_CUSTOMER, "{\"id\":1e400,\"tier\":-1e400}", "");
	tk_buf_reset(&tmp);
	tk_buf_addf(&tmp, "\"n\":%s,\"m\":%s,\"f\":%s", big.buf, neg.buf, frac.buf);
	with_extra(tmp.buf, tmp.len, "");
	with(F_TEXT, big.buf, "");
	with(F_TEXT, "1e400", "");
	with(F_LABEL, big.buf, "");
	with(F_LABEL, "1e400", "");
	/* used fields: a time or a value out of any range is not one */
	with(F_CREATED, "1e400", "C");
	with(F_CREATED, "-1e400", "C");
	with(F_CREATED, big.buf, "C");
	with(F_CREATED, neg.buf, "C");
	with(F_CREATED, "1e300", "C");
	with(F_CREATED, "-1e18", "C");
	with(F_CREATED, frac.buf, "");
	with(F_TS, "1e400", "V");
	with(F_TS, big.buf, "V");
	with(F_TS, "1e300", "V");
	with(F_VALUE, "1e400", "V");
	with(F_VALUE, "-1e400", "V");
	with(F_VALUE, big.buf, "V");
	with(F_VALUE, neg.buf, "V");
	with(F_VALUE, frac.buf, "");
	/* tk-anomaly keeps sums of squares: --series values beyond 1e150 are refused */
	with(F_VALUE, "1e150", "");
	with(F_VALUE, "1.0000001e150", "V");
	with(F_VALUE, "1e300", "V");
	with(F_VALUE, "-1.7976931348623157e308", "V");
	with(F_CLASS, "{\"label\":\"login\",\"confidence\":1e400}", "P");
	with(F_CLASS, "{\"label\":\"login\",\"confidence\":-1e400}", "P");
	tk_buf_reset(&tmp);
	tk_buf_addf(&tmp, "{\"label\":\"login\",\"confidence\":%s}", big.buf);
	with(F_CLASS, tmp.buf, "P");
	tk_buf_reset(&tmp);
	tk_buf_addf(&tmp, "{\"label\":\"login\",\"confidence\":%s}", frac.buf);
	with(F_CLASS, tmp.buf, "");
	tk_buf_release(&big);
	tk_buf_release(&neg);
	tk_buf_release(&frac);
}

static void class_dupkey(void)
{
	static const char *const owned[] = { "tokens", "entities", "class", "sentiment", "route", "cluster" };
	size_t i;

	EXTRA("\"text\":\"second text refund\"", "");
	EXTRA("\"label\":\"login\"", "");
	EXTRA("\"label\":\"refund\",\"label\":\"shipping\"", "");
	EXTRA("\"created_at\":\"garbage\"", "C");
	EXTRA("\"id\":\"H-dup\"", "");
	fill_good();
	set(F_CREATED, "\"garbage\",\"created_at\":\"2026-11-16T06:00:00Z\"");
	render(&line, "", 0);
	hostile(&line, "");
	for (i = 0; i < sizeof(owned) / sizeof(owned[0]); i++) {
		/* a tool's own key twice: readers of its output must see the tool's value */
		tk_buf_reset(&tmp);
		tk_buf_addf(&tmp, "\"%s\":[\"old\"],\"%s\":[\"older\"]", owned[i], owned[i]);
		with_extra(tmp.buf, tmp.len, strcmp(owned[i], "class") == 0 ? "P" : "");
	}
}

static void class_long(void)
{
	static const char w[] = "refund card declined e-4012 caf\xC3\xA9 ";
	size_t size = big_mb * 1024 * 1024, i;
	struct tk_buf text = TK_BUF_INIT;

	tk_buf_addch(&text, '"');
	while (text.len < size)
		tk_buf_add(&text, w, sizeof(w) - 1);
	tk_buf_addch(&text, '"');
	with_n(F_TEXT, text.buf, text.len, "");
	text.buf[text.len - 2] = '\xFF';
	with_n(F_TEXT, text.buf, text.len, "S");
	text.buf[text.len - 2] = ' ';
	/* cut in the long string */
	fill_good();
	setn(F_TEXT, text.buf, text.len);
	render(&line, "", 0);
	line.len = 40 + text.len / 2;
	hostile(&line, "S");
	/* the others an eighth as long unless --full: they cost every tool the same */
	if (!full)
		size /= 8;
	/* a long string of escapes */
	tk_buf_reset(&text);
	tk_buf_addch(&text, '"');
	while (text.len < size)
		tk_buf_adds(&text, "\\u00e9\\n\\\"x ");
	tk_buf_addch(&text, '"');
	with_n(F_TEXT, text.buf, text.len, "");
	/* a long blank line and a long line of brackets */
	tk_buf_reset(&line);
	for (i = 0; i < size; i++)
		tk_buf_addch(&line, i % 7 ? ' ' : '\t');
	hostile(&line, "B");
	tk_buf_reset(&line);
	tk_buf_addch(&line, '{');
	tk_buf_adds(&line, "\"n\":");
	while (line.len < size)
		tk_buf_addch(&line, '[');
	hostile(&line, "S");
	tk_buf_release(&text);
}

static void class_binary(void)
{
	size_t n = full ? 400 : 40, i, k, len;

	for (i = 0; i < n; i++) {
		len = 1 + rnd_below(i % 5 ? 40 : 400);
		tk_buf_reset(&line);
		for (k = 0; k < len; k++) {
			int c;

			do
				c = (int)(rnd() & 0xFF);
			while (c == '\n' || (k == 0 && (c == '{' || strchr(" \t\r\f\v", c))));
			tk_buf_addch(&line, c);
		}
		if (i % 3 == 0)
			line.buf[rnd_below(len)] = '\r';
		if (line.buf[0] == '\r' || line.buf[0] == '{')
			line.buf[0] = '#';
		/* a line of blanks only is blank, anything else is garbage */
		for (k = 0; k < line.len && strchr(" \t\r\f\v", line.buf[k]) && line.buf[k]; k++)
			;
		hostile(&line, k == line.len ? "B" : "S");
	}
	RAW("\r", "B");
	RAW("\r\r", "B");
	RAW(" \r", "B");
	RAW("a\rb", "S");
	RAW("\r{\"text\":\"cr first\"}", "CLPV");
	/* CR LF line ends are fine */
	fill_good();
	render(&line, "", 0);
	tk_buf_addch(&line, '\r');
	hostile(&line, "");
	fill_good();
	render(&line, "", 0);
	tk_buf_adds(&line, "\r\r");
	hostile(&line, "");
	binary_last = 1;
}

static void class_types(void)
{
	static const char *const text_ok[] = { "42", "-1.5", "true", "false", "\"\"" };
	static const char *const text_bad[] = { "[\"a\",\"b\"]", "[]", "{\"a\":\"b\"}", "{}", "null" };
	static const char *const time_bad[] = { "\"garbage\"", "\"2026-13-45T99:99:99Z\"", "\"\"", "[]",
						"{}", "null", "true", "\"2026-02-29T00:00:00Z\"",
						"\"2026-11-16T06:00:00+25:00\"", "\"2026-11-16T06:00:00Zjunk\"" };
	static const char *const label_bad[] = { "[\"a\"]", "{\"a\":1}", "null" };
	static const char *const class_bad[] = { "\"billing\"", "[\"billing\"]", "null", "{\"label\":null}",
						 "{\"label\":[1]}", "{\"confidence\":0.5}",
						 "{\"label\":\"x\",\"confidence\":\"high\"}",
						 "{\"label\":\"x\",\"confidence\":1.5}" };
	static const char *const value_bad[] = { "\"3\"", "null", "[]", "{}", "true" };
	size_t i;

	for (i = 0; i < sizeof(text_ok) / sizeof(text_ok[0]); i++)
		with(F_TEXT, text_ok[i], "");
	for (i = 0; i < sizeof(text_bad) / sizeof(text_bad[0]); i++)
		with(F_TEXT, text_bad[i], "T");
	fill_good();
	drop(F_TEXT);
	render(&line, "", 0);
	hostile(&line, "T");
	for (i = 0; i < sizeof(time_bad) / sizeof(time_bad[0]); i++) {
		with(F_CREATED, time_bad[i], "C");
		with(F_TS, time_bad[i], "V");
	}
	fill_good();
	drop(F_CREATED);
	drop(F_TS);
	render(&line, "", 0);
	hostile(&line, "CV");
	for (i = 0; i < sizeof(label_bad) / sizeof(label_bad[0]); i++)
		with(F_LABEL, label_bad[i], "L");
	with(F_LABEL, "\"\"", "M");
	with(F_LABEL, "42", "");
	with(F_LABEL, "true", "");
	for (i = 0; i < sizeof(class_bad) / sizeof(class_bad[0]); i++)
		with(F_CLASS, class_bad[i], "P");
	for (i = 0; i < sizeof(value_bad) / sizeof(value_bad[0]); i++)
		with(F_VALUE, value_bad[i], "V");
	with(F_CUSTOMER, "\"C-1\"", "");
	with(F_CUSTOMER, "[1,2]", "");
	with(F_CUSTOMER, "{\"id\":{\"x\":1},\"tier\":[\"pro\"]}", "");
	with(F_ID, "{\"x\":1}", "");
	with(F_ID, "null", "");
	EXTRA("\"tokens\":\"not an array\"", "K");
	EXTRA("\"tokens\":[1,2]", "K");
	EXTRA("\"tokens\":[\"ok\",\"tokens\"]", "");
	EXTRA("\"subject\":[1]", "T");
	EXTRA("\"subject\":\"a subject\",\"body\":{\"x\":1}", "T");
	fill_good();
	drop(F_TEXT);
	tk_buf_reset(&tmp);
	tk_buf_adds(&tmp, "\"subject\":\"cannot sign in\",\"body\":null");
	render(&line, tmp.buf, tmp.len);
	hostile(&line, "");
}

static void class_blank(void)
{
	RAW("", "B");
	RAW(" ", "B");
	RAW("\t", "B");
	RAW("   \t  ", "B");
	RAW("\f\v", "B");
	RAW(" \t \r", "B");
}

static void class_toplevel(void)
{
	static const char *const bad[] = {
		"[1,2]", "[]", "\"string\"", "42", "-1.5", "true", "false", "null", "[{\"text\":\"x\"}]",
		"{\"text\":\"a\"}{\"text\":\"b\"}", "{\"text\":\"a\"} x", "{\"text\":\"a\"},", "NaN", "Infinity",
		"-Infinity", "{\"text\":NaN}", "{'text':'single'}", "{\"text\":\"a\",}", "{\"text\":\"a\" \"b\"}",
		"{\"n\":1.}", "{\"n\":.5}", "{\"n\":01}", "{\"n\":+1}", "{\"text\":\"\\x\"}", "{\"text\":\"a\tb\"}",
		"{\"text\":\"a\001b\"}", "{text:\"a\"}", "{\"text\"}", "{\"text\":}", "{,}", "{", "}", "\"",
		"{\"a\":tru}", "{\"a\":nul}", "not json", "{\"text\":\"\\u12\"}", "{\"text\":\"\\uZZZZ\"}",
		"\xEF\xBB\xBF{\"text\":\"bom not on line 1\"}", "{\"text\":\"a\"}\x1F", "{\"n\":0x10}",
		"{\"n\":1e}", "{\"n\":-}", "{\"n\":[1,]}", "{\"n\":[,1]}",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		raw(bad[i], strlen(bad[i]), "S");
	RAW("{}", "TCLPV");
	RAW("  {\"text\":\"blanks around\"}  \t", "CLPV");
	RAW("{\"text\":\"only text\"}", "CLPV");
}

static void class_upstream(void)
{
	RAW("{\"error\":\"invalid JSON at byte 1\",\"file\":\"x.jsonl\",\"line\":3,\"raw\":\"[1\"}", "E");
	RAW("{\"error\":\"x\",\"file\":\"-\",\"line\":7,\"raw\":\"oops\",\"extra\":1}", "E");
}

static const struct {
	const char *name;
	void (*fn)(void);
} classes[] = {
	{ "truncated", class_truncated }, { "utf8", class_utf8 },     { "overlong", class_overlong },
	{ "surrogate", class_surrogate }, { "nul", class_nul },	      { "deep", class_deep },
	{ "number", class_number },	  { "dupkey", class_dupkey },   { "types", class_types },
	{ "blank", class_blank },	  { "toplevel", class_toplevel }, { "upstream", class_upstream },
	{ "long", class_long },		  { "binary", class_binary },
};
#define NCLASS (sizeof(classes) / sizeof(classes[0]))

static int generate(int argc, char **argv)
{
	static const char garbage_end[] = "\x01\xFE garbage at the end, no newline";
	int want[NCLASS], any = 0, i;
	size_t c;

	memset(want, 0, sizeof(want));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--manifest") == 0) {
			manifest = 1;
		} else if (strcmp(a, "--stats") == 0) {
			stats = 1;
		} else if (strcmp(a, "--full") == 0) {
			full = 1;
		} else if (v && strcmp(a, "--step") == 0 && strtol(v, NULL, 10) > 0) {
			step = (size_t)strtol(v, NULL, 10);
			i++;
		} else if (v && strcmp(a, "--big-mb") == 0 && strtol(v, NULL, 10) > 0) {
			big_mb = (size_t)strtol(v, NULL, 10);
			i++;
		} else if (v && strcmp(a, "--seed") == 0) {
			rng ^= strtoull(v, NULL, 10) * 0x100000001B3ULL;
			i++;
		} else if (v && strcmp(a, "--class") == 0) {
			for (c = 0; c < NCLASS && strcmp(classes[c].name, v) != 0; c++)
				;
			if (c == NCLASS) {
				fprintf(stderr, "tk-hostile: unknown class '%s'\n", v);
				return 2;
			}
			want[c] = any = 1;
			i++;
		} else {
			fprintf(stderr, "usage: tk-hostile [--class NAME] ... [--full] [--step N] [--big-mb N] "
					"[--seed N] [--manifest | --stats]\n");
			return 2;
		}
	}
	for (i = 0; i < 12; i++)
		good();
	for (c = 0; c < NCLASS; c++) {
		if (any && !want[c])
			continue;
		cur_class = classes[c].name;
		if (strcmp(cur_class, "binary") != 0)
			classes[c].fn();
	}
	for (i = 0; i < 12; i++)
		good();
	/* garbage last, with no newline after it */
	for (c = 0; c < NCLASS; c++)
		if ((any ? want[c] : 1) && strcmp(classes[c].name, "binary") == 0) {
			cur_class = "binary";
			class_binary();
			emit(garbage_end, sizeof(garbage_end) - 1, "S");
		}
	if (!manifest && !stats && nline && !binary_last)
		putchar('\n');
	if (stats) {
		unsigned long all = 0, bad = 0;

		printf("%-10s %7s %7s\n", "class", "lines", "hostile");
		for (i = 0; i < nstat; i++) {
			printf("%-10s %7lu %7lu\n", cstat[i].name, cstat[i].lines, cstat[i].bad);
			all += cstat[i].lines;
			bad += cstat[i].bad;
		}
		printf("%-10s %7lu %7lu\n", "all", all, bad);
	}
	tk_buf_release(&line);
	tk_buf_release(&tmp);
	for (i = 0; i < NFIELD; i++)
		tk_buf_release(&field[i].val);
	return ferror(stdout) ? 2 : 0;
}

/* ---- the checker ---- */

static int failures;
static const char *tool = "tk-?", *file = "-", *key, *needs = "", *upstream = "pass";

/* Per class of the corpus, in the manifest's order: its lines and the failures found in them. */
static struct vclass {
	char name[32];
	unsigned long lines, failed;
} vclass[64];
static size_t nvclass;

static struct vclass *vclass_of(const char *name)
{
	size_t i;

	for (i = 0; i < nvclass; i++)
		if (strcmp(vclass[i].name, name) == 0)
			return &vclass[i];
	if (nvclass == sizeof(vclass) / sizeof(vclass[0]))
		return NULL;
	snprintf(vclass[nvclass].name, sizeof(vclass[nvclass].name), "%s", name);
	return &vclass[nvclass++];
}
static int any_order;

static void fail(unsigned long n, const char *cls, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fail(unsigned long n, const char *cls, const char *fmt, ...)
{
	va_list ap;
	struct vclass *c = vclass_of(cls);

	if (c)
		c->failed++;
	if (failures++ < 30) {
		fprintf(stderr, "%s: line %lu (%s): ", tool, n, cls);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
}

/* The next line of f without its line end (one CR stripped), as the tools read it. */
static ssize_t next_line(FILE *f, char **buf, size_t *alloc)
{
	ssize_t n = getline(buf, alloc, f);

	if (n > 0 && (*buf)[n - 1] == '\n')
		n--;
	if (n > 0 && (*buf)[n - 1] == '\r')
		n--;
	return n;
}

static int blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!s[i] || !strchr(" \t\r\f\v", s[i]))
			return 0;
	return 1;
}

static struct json_object *parse_json(struct json_tokener *tok, const char *s, size_t n)
{
	struct json_object *o;

	json_tokener_reset(tok);
	o = json_tokener_parse_ex(tok, s, (int)n);
	if (json_tokener_get_error(tok) != json_tokener_success || json_tokener_get_parse_end(tok) != n) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* How many times the top-level object in s has the key k. */
static int count_key(const char *s, size_t n, const char *k)
{
	size_t i, klen = strlen(k);
	int depth = 0, count = 0, want_key = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '"') {
			size_t start = ++i;

			for (; i < n && s[i] != '"'; i++)
				if (s[i] == '\\')
					i++;
			if (depth == 1 && want_key && i - start == klen && memcmp(s + start, k, klen) == 0)
				count++;
			want_key = 0;
		} else if (c == '{' || c == '[') {
			depth++;
			want_key = c == '{' && depth == 1;
		} else if (c == '}' || c == ']') {
			depth--;
		} else if (c == ',' && depth == 1) {
			want_key = 1;
		}
	}
	return count;
}

static int is_error_object(struct json_object *o)
{
	return o && json_object_is_type(o, json_type_object) &&
	       json_object_is_type(json_object_object_get(o, "error"), json_type_string) &&
	       json_object_is_type(json_object_object_get(o, "raw"), json_type_string) &&
	       json_object_is_type(json_object_object_get(o, "line"), json_type_int);
}

/* An output line: valid UTF-8 and JSON; return it parsed (NULL after a failure). */
static struct json_object *check_output(struct json_tokener *tok, unsigned long n, const char *cls,
					const char *s, size_t len)
{
	struct json_object *o;

	if (memchr(s, '\0', len)) {
		fail(n, cls, "output line holds a NUL byte");
		return NULL;
	}
	if (!utf8_ok(s, len)) {
		fail(n, cls, "output line is not valid UTF-8");
		return NULL;
	}
	if (!(o = parse_json(tok, s, len)))
		fail(n, cls, "output line is not JSON: %.60s", s);
	return o;
}

static int verify(int argc, char **argv)
{
	const char *mode = argv[2], *class_table = NULL;
	FILE *fc, *fm, *fo, *fe;
	char *cbuf = NULL, *obuf = NULL, *ebuf = NULL, tags[32], cls[32];
	size_t calloc_ = 0, oalloc = 0, ealloc = 0, prefix;
	unsigned char *reported = NULL;
	char **clsname = NULL;
	unsigned long n = 0, nalloc = 0, i, good_lines = 0, expect_good = -1UL, nbad = 0;
	unsigned long *later = NULL, nlater = 0, out_n = 0;
	struct json_tokener *tok = json_tokener_new_ex(4 * TK_JSON_MAX_DEPTH);
	ssize_t clen, olen;
	int a, last = strcmp(mode, "last") == 0, stream = strcmp(mode, "stream") == 0;

	for (a = 3; a + 1 < argc && strncmp(argv[a], "--", 2) == 0; a += 2) {
		if (strcmp(argv[a], "--tool") == 0)
			tool = argv[a + 1];
		else if (strcmp(argv[a], "--file") == 0)
			file = argv[a + 1];
		else if (strcmp(argv[a], "--key") == 0)
			key = argv[a + 1];
		else if (strcmp(argv[a], "--needs") == 0)
			needs = argv[a + 1];
		else if (strcmp(argv[a], "--upstream") == 0)
			upstream = argv[a + 1];
		else if (strcmp(argv[a], "--good") == 0)
			expect_good = strtoul(argv[a + 1], NULL, 10);
		else if (strcmp(argv[a], "--classes") == 0)
			class_table = argv[a + 1];
		else if (strcmp(argv[a], "--any-order") == 0) {
			any_order = 1;
			a--; /* no argument */
		} else
			break;
	}
	if (argc - a != 4 || (!stream && !last && strcmp(mode, "report") != 0)) {
		fprintf(stderr, "usage: tk-hostile --verify stream|last|report [--tool NAME] [--file NAME] "
				"[--key KEY] [--needs TAGS] [--upstream pass|bad|skip] [--good N] "
				"[--any-order] [--classes FILE] corpus manifest output stderr\n");
		return 2;
	}
	fc = fopen(argv[a], "r");
	fm = fopen(argv[a + 1], "r");
	fo = fopen(argv[a + 2], "r");
	fe = fopen(argv[a + 3], "r");
	if (!fc || !fm || !fo || !fe || !tok) {
		fprintf(stderr, "tk-hostile: cannot open the files to check\n");
		return 2;
	}
	/* The manifest: what each line is (ours: a number out of range fails the order check). */
	while (fscanf(fm, "%lu %31s %31s", &i, tags, cls) == 3) { /* NOLINT(cert-err34-c) */
		int bad = strchr(tags, 'S') != NULL, j;
		struct vclass *c = vclass_of(cls);

		if (i != n + 1) {
			fprintf(stderr, "tk-hostile: manifest out of order at line %lu\n", i);
			return 2;
		}
		for (j = 0; needs[j]; j++)
			bad |= strchr(tags, needs[j]) != NULL;
		if (strchr(tags, 'E'))
			bad = strcmp(upstream, "bad") == 0 ? 1 : strcmp(upstream, "skip") == 0 ? 4 : 3;
		if (strchr(tags, 'B'))
			bad = 2;
		if (n == nalloc) {
			nalloc = nalloc ? 2 * nalloc : 1024;
			reported = tk_realloc(reported, nalloc * 2);
			clsname = tk_realloc(clsname, nalloc * sizeof(*clsname));
		}
		/* reported[2n]: 0 good, 1 bad, 2 blank, 3 upstream passed on, 4 skipped */
		reported[2 * n] = (unsigned char)bad;
		reported[2 * n + 1] = 0;
		clsname[n++] = tk_strdup(cls);
		if (c)
			c->lines++;
		nbad += bad == 1;
		good_lines += bad == 0;
	}
	/* The reports on stderr: "TOOL: FILE:LINE: ". */
	prefix = strlen(tool) + strlen(file) + 3;
	while ((clen = getline(&ebuf, &ealloc, fe)) > 0) {
		char *end;

		if ((size_t)clen <= prefix || strncmp(ebuf, tool, strlen(tool)) != 0 ||
		    strncmp(ebuf + strlen(tool), ": ", 2) != 0 ||
		    strncmp(ebuf + strlen(tool) + 2, file, strlen(file)) != 0 || ebuf[prefix - 1] != ':')
			continue;
		i = strtoul(ebuf + prefix, &end, 10);
		if (end == ebuf + prefix || *end != ':')
			continue;
		if (i < 1 || i > n) {
			fail(i, "?", "reported, but there is no such line: %s", ebuf);
			continue;
		}
		if (reported[2 * (i - 1) + 1]++ == 1)
			fail(i, clsname[i - 1], "reported twice");
	}
	for (i = 0; i < n; i++) {
		int bad = reported[2 * i] == 1, got = reported[2 * i + 1] > 0;

		if (bad && !got)
			fail(i + 1, clsname[i], "a bad line with no message on stderr");
		else if (!bad && got)
			fail(i + 1, clsname[i], "a line that is not bad for %s was reported", tool);
	}
	/* The output. */
	for (i = 0; (clen = next_line(fc, &cbuf, &calloc_)) >= 0; i++) {
		struct json_object *o, *in, *v, *w;
		int what = i < n ? reported[2 * i] : -1;

		if (i >= n) {
			fail(i + 1, "?", "the corpus has more lines than the manifest");
			break;
		}
		if (!stream) {
			if (last && (what == 1 || what == 3)) {
				later = tk_realloc(later, (nlater + 1) * sizeof(*later));
				later[nlater++] = i;
			}
			if (!last || what != 0)
				continue;
		}
		if ((olen = next_line(fo, &obuf, &oalloc)) < 0) {
			fail(i + 1, clsname[i], "no output line for it (the output ends early)");
			break;
		}
		out_n++;
		if (what == 2) {
			if (!blank(obuf, (size_t)olen))
				fail(i + 1, clsname[i], "a blank line became '%.40s'", obuf);
			continue;
		}
		if (what == 3) {
			if ((size_t)olen != (size_t)clen || memcmp(obuf, cbuf, (size_t)clen) != 0)
				fail(i + 1, clsname[i], "an upstream error object was changed");
			continue;
		}
		if (!(o = check_output(tok, i + 1, clsname[i], obuf, (size_t)olen)))
			continue;
		if (what == 1) {
			if (!is_error_object(o) || json_object_get_int64(json_object_object_get(o, "line")) != (int64_t)(i + 1) ||
			    strcmp(json_object_get_string(json_object_object_get(o, "file")), file) != 0)
				fail(i + 1, clsname[i], "a bad line did not become an error object naming %s:%lu: %.60s",
				     file, i + 1, obuf);
		} else if (is_error_object(o) || !json_object_is_type(o, json_type_object)) {
			fail(i + 1, clsname[i], "a good line became '%.80s'", obuf);
		} else {
			if (key && count_key(obuf, (size_t)olen, key) < 1)
				fail(i + 1, clsname[i], "the output has no '%s'", key);
			in = any_order ? NULL : parse_json(tok, cbuf, (size_t)clen);
			/* a key the ticket had (twice, say): readers must see the tool's value */
			if (key && in && json_object_object_get_ex(in, key, &v) &&
			    json_object_object_get_ex(o, key, &w) && json_object_equal(v, w))
				fail(i + 1, clsname[i], "readers of the output see the input's '%s'", key);
			if (in && json_object_object_get_ex(in, "id", &v) && json_object_object_get_ex(o, "id", &w) &&
			    !json_object_equal(v, w))
				fail(i + 1, clsname[i], "the output is another ticket: %.60s", obuf);
			json_object_put(in);
		}
		json_object_put(o);
	}
	if (i < n)
		fail(i + 1, "?", "the corpus has fewer lines than the manifest");
	/* tk-cluster fitting: the error objects after the tickets, in order. */
	for (i = 0; last && i < nlater; i++) {
		struct json_object *o;
		unsigned long ln = later[i] + 1;

		if ((olen = next_line(fo, &obuf, &oalloc)) < 0) {
			fail(ln, clsname[ln - 1], "no error object for it (the output ends early)");
			break;
		}
		out_n++;
		o = check_output(tok, ln, clsname[ln - 1], obuf, (size_t)olen);
		if (o && (!is_error_object(o) ||
			  (reported[2 * (ln - 1)] == 1 &&
			   json_object_get_int64(json_object_object_get(o, "line")) != (int64_t)ln)))
			fail(ln, clsname[ln - 1], "expected its error object, got %.60s", obuf);
		json_object_put(o);
	}
	/* Anything more is an extra line, or a report's line to check. */
	while ((olen = next_line(fo, &obuf, &oalloc)) >= 0) {
		struct json_object *o;

		if (stream || last) {
			fail(out_n + 1, "output", "more output lines than there should be");
			break;
		}
		o = check_output(tok, ++out_n, "output", obuf, (size_t)olen);
		json_object_put(o);
	}
	if (expect_good != -1UL && expect_good != good_lines) {
		failures++;
		fprintf(stderr, "%s: took %lu lines as good; the corpus has %lu good for it (%lu bad)\n", tool,
			expect_good, good_lines, nbad);
	}
	if (class_table) {
		FILE *f = fopen(class_table, "w");
		size_t k;

		for (k = 0; f && k < nvclass; k++)
			fprintf(f, "%s %lu %lu\n", vclass[k].name, vclass[k].lines, vclass[k].failed);
		if (!f || fclose(f) != 0) {
			fprintf(stderr, "tk-hostile: cannot write %s\n", class_table);
			failures++;
		}
	}
	for (i = 0; i < n; i++)
		free(clsname[i]);
	free(clsname);
	free(reported);
	free(later);
	free(cbuf);
	free(obuf);
	free(ebuf);
	json_tokener_free(tok);
	(void)fclose(fc); /* all four were read, not written */
	(void)fclose(fm);
	(void)fclose(fo);
	(void)fclose(fe);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "--verify") == 0)
		return verify(argc, argv);
	return generate(argc, argv);
}
