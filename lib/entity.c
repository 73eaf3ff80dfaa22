/*
 * Entities and redaction; see entity.h.
 *
 * The built-in patterns are tuned for support tickets: they prefer missing
 * an odd entity to inventing one, and lean on checks (Luhn, mod 97, digit
 * counts) where a pattern alone cannot tell a card number or a phone number
 * from other digits.  The checks run as pcre2 callouts, so a failed check
 * makes pcre2 try the next kind at the same place.
 *
 * Speed: every built-in kind begins with something a byte scan can spot
 * (see scan_builtin()), so the one combined pattern is compiled anchored
 * and tried only at those places, instead of pcre2 trying thirteen
 * unanchored patterns at every position of the text.
 */
#include "entity.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json.h"
#include "stream.h"
#include "utf8.h"

/* Checks, as callout numbers. */
enum check {
	CHECK_NONE,
	CHECK_LUHN,  /* 13-19 digits passing the Luhn check */
	CHECK_IBAN,  /* 15-34 characters passing ISO 13616 mod 97 */
	CHECK_PHONE, /* 7-15 digits */
	CHECK_IPV6   /* one "::" at most; eight groups unless there is one */
};

/* What happens to a built-in match after it is found. */
enum post {
	POST_NONE,
	POST_URL /* drop punctuation that ends the sentence, not the URL */
};

#define MONTH "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
	      "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
#define KEYED_ID "\\s*(?:no\\.?|number|nr\\.?|id)?\\s*(?:[#:]\\s*){0,2}" \
		 "((?=[A-Za-z-]*\\d)[A-Za-z0-9][A-Za-z0-9-]{3,})"
#define AMOUNT "\\d{1,3}(?:[,.]?\\d{3})*(?:[.,]\\d{1,2})?"

/* Where an alternative of a built-in kind can begin. */
enum {
	AT_DIGIT = 1 << 0,  /* a digit after a blank or punctuation */
	AT_UPPER = 1 << 1,  /* a capitalised word */
	AT_LOWER = 1 << 2,  /* a key word, "v" before a digit, hex before ':' */
	AT_SYMBOL = 1 << 3, /* + # $ ( :: or a currency sign */
	AT_WORD = AT_UPPER | AT_LOWER
};

/* The built-in kinds, in priority order. */
static const struct builtin {
	const char *name;
	const char *mask;
	int check;
	int post;
	int hidden;
} builtins[] = {
	{ "url", NULL, CHECK_NONE, POST_URL, 0 },
	{ "email", "[EMAIL]", CHECK_NONE, POST_NONE, 0 },
	{ "iban", "[IBAN]", CHECK_IBAN, POST_NONE, 1 },
	{ "card", "[CARD]", CHECK_LUHN, POST_NONE, 1 },
	{ "ip", "[IP]", CHECK_IPV6, POST_NONE, 0 },
	{ "date", NULL, CHECK_NONE, POST_NONE, 0 },
	{ "money", NULL, CHECK_NONE, POST_NONE, 0 },
	{ "order_id", NULL, CHECK_NONE, POST_NONE, 0 },
	{ "invoice_id", NULL, CHECK_NONE, POST_NONE, 0 },
	{ "ticket_id", NULL, CHECK_NONE, POST_NONE, 0 },
	{ "error_code", NULL, CHECK_NONE, POST_NONE, 0 },
	{ "version", NULL, CHECK_NONE, POST_NONE, 0 },
	{ "phone", "[PHONE]", CHECK_PHONE, POST_NONE, 0 },
};

#define NBUILTIN (sizeof(builtins) / sizeof(builtins[0]))

/*
 * The ways each built-in kind can look, in the order of the kinds above,
 * and where each can begin.  scan_builtin() tries only the alternatives
 * that can begin with the character it stands on; an e-mail address is
 * only looked for where one starts.  tests/unit/test-entity.c checks that
 * every kind is found wherever it may stand.
 */
static const struct alternative {
	unsigned kind; /* index into builtins[] */
	unsigned at;   /* AT_* bits */
	const char *pattern;
} alternatives[] = {
	{ 0, AT_WORD, "\\b(?i:https?://|ftp://|www\\.(?=[a-z0-9-]+\\.))[^\\s<>\"'`“”‘’«»]+" },
	{ 1, 0, "[A-Za-z0-9_%+-][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b" },
	{ 2, AT_UPPER, "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b" },
	{ 3, AT_DIGIT, "(?<![\\w-])\\d(?:[ -]?\\d){12,18}(?![\\d-])" },
	{ 4, AT_DIGIT, "(?<![\\w.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
		       "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?!\\.?\\d)" },
	{ 4, AT_DIGIT | AT_WORD,
	  "(?<![\\w:])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::?[0-9A-Fa-f]{1,4}){1,7})(?![\\w:])" },
	{ 4, AT_SYMBOL, "(?<![\\w:])::(?:[0-9A-Fa-f]{1,4}:?){1,7}(?<!:)(?![\\w:])" },
	{ 5, AT_DIGIT, "\\b\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])\\b" },
	{ 5, AT_DIGIT, "\\b\\d{1,2}(?:/\\d{1,2}/|\\.\\d{1,2}\\.)(?:\\d{4}|\\d{2})\\b" },
	{ 5, AT_DIGIT, "(?i:\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?" MONTH "\\b\\.?(?:,?\\s+\\d{4}\\b)?)" },
	{ 5, AT_WORD, "(?i:\\b" MONTH "\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s+\\d{4}\\b)?)" },
	{ 6, AT_SYMBOL, "[$€£¥]\\s?" AMOUNT "(?!\\d)" },
	{ 6, AT_DIGIT, "\\b" AMOUNT "\\s?(?:(?:USD|EUR|GBP|CHF|JPY|(?i:dollars?|euros?))\\b|€)" },
	{ 6, AT_UPPER, "\\b(?:USD|EUR|GBP|CHF|JPY)\\s?" AMOUNT "(?!\\d)" },
	{ 7, AT_UPPER, "\\bORD-?\\d{4,}\\b" },
	{ 7, AT_WORD, "(?i:\\border\\b)" KEYED_ID },
	{ 8, AT_UPPER, "\\bINV-?\\d[\\d-]{3,}\\d\\b" },
	{ 8, AT_WORD, "(?i:\\binvoice\\b)" KEYED_ID },
	{ 9, AT_SYMBOL, "(?<![\\w&])#\\d{3,}\\b" },
	{ 9, AT_WORD, "(?i:\\b(?:ticket|case|incident|ref(?:erence)?)\\b)" KEYED_ID },
	{ 10, AT_UPPER, "\\b[A-Z]{1,5}-\\d{3,5}\\b" },
	{ 10, AT_DIGIT, "\\b0x[0-9A-Fa-f]{4,16}\\b" },
	{ 10, AT_UPPER, "\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b" },
	{ 10, AT_WORD, "(?i:\\b(?:HTTP|status(?: code)?|error(?: code)?|err)\\s*[:#]?\\s*[1-5]\\d\\d\\b)" },
	{ 11, AT_WORD, "\\b[vV]\\d+(?:\\.\\d+){1,3}(?:-[0-9A-Za-z.]+)?\\b" },
	{ 11, AT_WORD,
	  "(?i:\\b(?:version|ver\\.?|release|build|ios|android|windows|macos)\\s*)(\\d+(?:\\.\\d+){1,3})\\b" },
	{ 11, AT_DIGIT, "\\b\\d+\\.\\d+\\.\\d+(?:\\.\\d+)?\\b" },
	{ 12, AT_SYMBOL,
	  "(?<![\\w+-])\\+\\d{1,3}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]?\\d{2,4}){1,4}(?![\\w-])" },
	{ 12, AT_SYMBOL, "(?<![\\w-])\\(\\d{2,4}\\)[ .-]?\\d{3,4}[ .-]?\\d{3,4}(?![\\w-])" },
	{ 12, AT_DIGIT, "(?<![\\w.-])\\d{3}[ .-]\\d{3,4}(?:[ .-]\\d{4})?(?![\\w-]|\\.\\d)" },
	{ 12, AT_DIGIT, "(?<![\\w.-])0\\d{2,4}[ -]\\d{3,4}[ -]?\\d{3,4}(?![\\w-])" },
};

/* The combined patterns: one per AT_* class, and one with every alternative. */
enum { PAT_DIGIT, PAT_UPPER, PAT_LOWER, PAT_SYMBOL, PAT_ALL, NPAT };

/* Lower-case words that start a built-in entity: months and the key words above. */
static const char *const keywords[] = {
	"jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
	"jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
	"november", "dec", "december", "http", "https", "ftp", "www", "order", "invoice", "ticket",
	"case", "incident", "ref", "reference", "status", "error", "err", "version", "ver",
	"release", "build", "ios", "android", "windows", "macos", NULL
};

void tk_regex_jit(pcre2_code *re)
{
	if (!getenv("TK_NO_JIT"))
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
}

void tk_entities_init(struct tk_entities *e)
{
	memset(e, 0, sizeof(*e));
	tk_buf_init(&e->scratch);
}

void tk_entities_release(struct tk_entities *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->kind[i].name);
		pcre2_code_free(e->kind[i].re);
	}
	free(e->kind);
	free(e->hit);
	for (i = 0; i < sizeof(e->builtin) / sizeof(e->builtin[0]); i++)
		pcre2_code_free(e->builtin[i]);
	pcre2_match_data_free(e->md);
	pcre2_match_context_free(e->mctx);
	pcre2_jit_stack_free(e->jit);
	tk_buf_release(&e->scratch);
	tk_entities_init(e);
}

static int luhn(const char *s, size_t len)
{
	int sum = 0, dbl = 0, digits = 0;
	size_t i;

	for (i = len; i-- > 0;) {
		int d;

		if (s[i] < '0' || s[i] > '9')
			continue;
		d = s[i] - '0';
		if (dbl && (d *= 2) > 9)
			d -= 9;
		sum += d;
		dbl = !dbl;
		digits++;
	}
	return digits >= 13 && digits <= 19 && sum % 10 == 0;
}

static int iban(const char *s, size_t len)
{
	char buf[40];
	size_t i, n = 0;
	unsigned rem = 0;

	for (i = 0; i < len; i++)
		if (s[i] != ' ') {
			if (n == sizeof(buf))
				return 0;
			buf[n++] = s[i];
		}
	if (n < 15 || n > 34)
		return 0;
	/* Move the country code and check digits to the end; letters count as 10..35. */
	for (i = 0; i < n; i++) {
		char c = buf[(i + 4) % n];

		if (c >= '0' && c <= '9')
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
		else
			rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
	}
	return rem == 1;
}

static int phone(const char *s, size_t len)
{
	size_t i, digits = 0;

	for (i = 0; i < len; i++)
		digits += s[i] >= '0' && s[i] <= '9';
	return digits >= 7 && digits <= 15;
}

static int ipv6(const char *s, size_t len)
{
	size_t i, colons = 0, doubles = 0;

	if (!memchr(s, ':', len))
		return 1; /* IPv4: the pattern said it all */
	for (i = 0; i < len; i++) {
		colons += s[i] == ':';
		doubles += i + 1 < len && s[i] == ':' && s[i + 1] == ':';
	}
	return doubles == 1 ? colons <= 7 : doubles == 0 && colons == 7;
}

/* The callout after a built-in kind with a check: 0 lets the match stand, 1 rejects it. */
static int check_callout(pcre2_callout_block *cb, void *data)
{
	const char *s = (const char *)cb->subject + cb->start_match;
	size_t len = cb->current_position - cb->start_match;

	(void)data;
	switch (cb->callout_number) {
	case CHECK_LUHN:
		return !luhn(s, len);
	case CHECK_IBAN:
		return !iban(s, len);
	case CHECK_PHONE:
		return !phone(s, len);
	case CHECK_IPV6:
		return !ipv6(s, len);
	}
	return 0;
}

static void scan_init(void);

/* Set up what matching needs, once. */
static int setup(struct tk_entities *e, struct tk_error *err)
{
	if (e->mctx)
		return 0;
	e->mctx = pcre2_match_context_create(NULL);
	e->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	e->md = pcre2_match_data_create(16, NULL);
	if (!e->mctx || !e->md) {
		tk_error_set(err, "out of memory");
		return -1;
	}
	pcre2_set_match_limit(e->mctx, TK_MATCH_LIMIT);
	pcre2_set_depth_limit(e->mctx, TK_DEPTH_LIMIT);
	pcre2_set_callout(e->mctx, check_callout, NULL);
	if (e->jit)
		pcre2_jit_stack_assign(e->mctx, NULL, e->jit);
	return 0;
}

/* Compile a pattern; on error fill msg and return NULL. */
static pcre2_code *compile(const char *pattern, size_t len, uint32_t options, char *msg,
			   size_t msgsize)
{
	PCRE2_SIZE erroff;
	int errcode;
	pcre2_code *re;

	re = pcre2_compile((PCRE2_SPTR)pattern, len, PCRE2_UTF | options, &errcode, &erroff, NULL);
	if (!re) {
		char why[256];

		pcre2_get_error_message(errcode, (PCRE2_UCHAR *)why, sizeof(why));
		snprintf(msg, msgsize, "bad pattern at offset %zu: %s", (size_t)erroff, why);
		return NULL;
	}
	tk_regex_jit(re);
	return re;
}

/* Insert a kind at position at and renumber the names. */
static struct tk_entity_kind *insert_kind(struct tk_entities *e, size_t at, const char *name)
{
	struct tk_entity_kind *k;
	size_t i, j;

	if (e->n == e->alloc) {
		e->alloc = e->alloc ? 2 * e->alloc : 16;
		e->kind = tk_realloc(e->kind, e->alloc * sizeof(*e->kind));
	}
	memmove(e->kind + at + 1, e->kind + at, (e->n - at) * sizeof(*e->kind));
	e->n++;
	k = &e->kind[at];
	memset(k, 0, sizeof(*k));
	k->name = tk_strdup(name);
	for (i = 0; i < e->n; i++) {
		for (j = 0; j < i && strcmp(e->kind[j].name, e->kind[i].name) != 0; j++)
			;
		e->kind[i].name_id = j;
	}
	return k;
}

int tk_entities_add_builtin(struct tk_entities *e, struct tk_error *err)
{
	struct tk_buf pat = TK_BUF_INIT;
	char msg[300];
	size_t i, k, a;

	if (e->builtin[PAT_ALL] || setup(e, err) < 0)
		return e->builtin[PAT_ALL] ? 0 : -1;
	scan_init();
	for (k = 0; k < NBUILTIN; k++) {
		struct tk_entity_kind *kind = insert_kind(e, e->n, builtins[k].name);

		kind->mask = builtins[k].mask;
		kind->post = builtins[k].post;
		kind->hidden = builtins[k].hidden;
	}
	/*
	 * Each pattern: per kind, its alternatives that can begin there, then
	 * the kind's check as a callout and its number as a mark.
	 */
	for (i = 0; i < NPAT; i++) {
		tk_buf_reset(&pat);
		for (k = 0; k < NBUILTIN; k++) {
			size_t nalt = 0;

			for (a = 0; a < sizeof(alternatives) / sizeof(alternatives[0]); a++) {
				const struct alternative *alt = &alternatives[a];

				if (alt->kind != k || (i != PAT_ALL && !(alt->at & 1u << i)))
					continue;
				tk_buf_adds(&pat, nalt++ ? "|" : pat.len ? "|(?:" : "(?:");
				tk_buf_adds(&pat, alt->pattern);
			}
			if (!nalt)
				continue;
			tk_buf_addch(&pat, ')');
			if (builtins[k].check)
				tk_buf_addf(&pat, "(?C%d)", builtins[k].check);
			tk_buf_addf(&pat, "(*MARK:%zu)", k);
		}
		e->builtin[i] = compile(pat.buf, pat.len, PCRE2_ANCHORED, msg, sizeof(msg));
		if (!e->builtin[i]) {
			tk_buf_release(&pat);
			tk_error_set(err, "built-in entity %s", msg);
			return -1;
		}
	}
	tk_buf_release(&pat);
	return 0;
}

static int valid_kind_name(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 64)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

int tk_entities_load(struct tk_entities *e, const char *path, struct tk_error *err)
{
	struct tk_reader r;
	char *files[1];
	const char *line;
	size_t len, bad;
	int rc, ret = 0;

	if (setup(e, err) < 0)
		return -1;
	files[0] = (char *)(uintptr_t)path;
	tk_reader_init(&r, files, 1);
	while ((rc = tk_reader_next(&r, &line, &len, err)) > 0) {
		struct tk_entity_kind *k;
		const char *tab;
		char name[65], msg[300];
		pcre2_code *re;
		size_t nlen;

		if (len == 0 || line[0] == '#')
			continue;
		if ((bad = tk_utf8_check(line, len)) < len) {
			tk_error_at(err, path, r.line, "invalid UTF-8 at byte %zu", bad + 1);
			ret = -1;
			break;
		}
		tab = memchr(line, '\t', len);
		if (!tab || tab + 1 == line + len) {
			tk_error_at(err, path, r.line, "expected 'kind<TAB>pattern'");
			ret = -1;
			break;
		}
		nlen = (size_t)(tab - line);
		if (!valid_kind_name(line, nlen)) {
			tk_error_at(err, path, r.line, "bad kind name '%.*s' (use a-z, 0-9 and _)",
				    (int)(nlen > 64 ? 64 : nlen), line);
			ret = -1;
			break;
		}
		re = compile(tab + 1, (size_t)(line + len - tab - 1), 0, msg, sizeof(msg));
		if (!re) {
			tk_error_at(err, path, r.line, "%s", msg);
			ret = -1;
			break;
		}
		memcpy(name, line, nlen);
		name[nlen] = '\0';
		k = insert_kind(e, e->nuser++, name);
		k->re = re;
		k->file = path;
		k->line = r.line;
	}
	if (rc < 0)
		ret = -1;
	tk_reader_release(&r);
	return ret;
}

static int overlaps(const struct tk_entities *e, size_t upto, uint32_t start, uint32_t end)
{
	size_t i;

	for (i = 0; i < upto; i++)
		if (start < e->hit[i].end && e->hit[i].start < end)
			return 1;
	return 0;
}

static void add_hit(struct tk_entities *e, size_t kind, uint32_t start, uint32_t end)
{
	if (e->nhit == e->hitalloc) {
		e->hitalloc = e->hitalloc ? 2 * e->hitalloc : 32;
		e->hit = tk_realloc(e->hit, e->hitalloc * sizeof(*e->hit));
	}
	e->hit[e->nhit].kind = (uint32_t)kind;
	e->hit[e->nhit].start = start;
	e->hit[e->nhit].end = end;
	e->nhit++;
}

/* The span of a match's value: its first capturing group that matched, else all of it. */
static void value_span(pcre2_match_data *md, int rc, uint32_t *vs, uint32_t *ve)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	int g;

	*vs = (uint32_t)ov[0];
	*ve = (uint32_t)ov[1];
	for (g = 1; g < rc; g++)
		if (ov[2 * g] != PCRE2_UNSET) {
			*vs = (uint32_t)ov[2 * g];
			*ve = (uint32_t)ov[2 * g + 1];
			return;
		}
}

static const char *limit_name(int rc)
{
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
		return "match limit";
	case PCRE2_ERROR_DEPTHLIMIT:
		return "depth limit";
	case PCRE2_ERROR_HEAPLIMIT:
		return "heap limit";
	case PCRE2_ERROR_JIT_STACKLIMIT:
		return "JIT stack limit";
	}
	return "an internal limit";
}

/* Run a user kind over the whole of s; return 0 or a pcre2 error code. */
static int find_user(struct tk_entities *e, size_t k, const char *s, size_t len)
{
	PCRE2_SIZE off = 0, *ov;
	size_t claimed = e->nhit;
	int rc;

	while (off <= len) {
		uint32_t vs, ve;

		rc = pcre2_match(e->kind[k].re, (PCRE2_SPTR)s, len, off, PCRE2_NO_UTF_CHECK, e->md,
				 e->mctx);
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		if (rc < 0)
			return rc;
		ov = pcre2_get_ovector_pointer(e->md);
		value_span(e->md, rc, &vs, &ve);
		if (ov[1] > ov[0]) {
			off = ov[1];
		} else {
			/* An empty match: step over one whole character. */
			off = ov[0] + 1;
			while (off < len && ((unsigned char)s[off] & 0xC0) == 0x80)
				off++;
		}
		if (ve > vs && !overlaps(e, claimed, vs, ve))
			add_hit(e, k, vs, ve);
	}
	return 0;
}

/*
 * Byte classes for the scan that finds where a built-in entity can start,
 * in the order of the PAT_* patterns, so that a byte's class picks its
 * pattern.
 */
enum { B_DIGIT, B_UPPER, B_LOWER, B_SYMBOL, B_OTHER };

static unsigned char bclass[256];
static struct {
	const char *word;
	size_t len;
} kwtab[256];

/* The keyword table's hash of a lower-case word of 3 letters or more. */
static size_t kwhash(const unsigned char *w, size_t len)
{
	return ((size_t)w[0] * 31 + (size_t)w[len - 1] * 7 + len * 131 + (size_t)w[2]) & 255;
}

static void scan_fill(void)
{
	size_t i;
	int c;

	memset(bclass, B_OTHER, sizeof(bclass));
	for (c = '0'; c <= '9'; c++)
		bclass[c] = B_DIGIT;
	for (c = 'A'; c <= 'Z'; c++)
		bclass[c] = B_UPPER;
	for (c = 'a'; c <= 'z'; c++)
		bclass[c] = B_LOWER;
	/* + # $ ( ':' and the lead bytes of € (E2), £ and ¥ (C2). */
	bclass['+'] = bclass['#'] = bclass['$'] = bclass['('] = bclass[':'] = B_SYMBOL;
	bclass[0xE2] = bclass[0xC2] = B_SYMBOL;
	for (i = 0; keywords[i]; i++) {
		const unsigned char *w = (const unsigned char *)keywords[i];
		size_t len = strlen(keywords[i]), h = kwhash(w, len);

		while (kwtab[h].word)
			h = (h + 1) & 255;
		kwtab[h].word = keywords[i];
		kwtab[h].len = len;
	}
}

/* Fill the tables once, whichever thread scans first. */
static void scan_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, scan_fill);
}

/* Is s[0..len) (ASCII letters) one of the key words, in any case? */
static int is_keyword(const unsigned char *s, size_t len)
{
	size_t h;

	if (len < 3 || len > 10)
		return 0;
	/* kwhash() looks at three letters only: fold just those, compare the rest on a hit. */
	h = ((size_t)(s[0] | 0x20) * 31 + (size_t)(s[len - 1] | 0x20) * 7 + len * 131 +
	     (size_t)(s[2] | 0x20)) & 255;
	for (; kwtab[h].word; h = (h + 1) & 255)
		if (kwtab[h].len == len && strncasecmp(kwtab[h].word, (const char *)s, len) == 0)
			return 1;
	return 0;
}

static int is_hex(unsigned char c)
{
	return bclass[c] == B_DIGIT || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static int email_char(unsigned char c)
{
	return bclass[c] == B_DIGIT || bclass[c] == B_UPPER || bclass[c] == B_LOWER ||
	       (c && strchr("._%+-", c));
}

/*
 * Is i a place where a built-in entity other than an e-mail address can
 * start?  Set *skip to how many bytes from i on cannot start one either.
 */
static inline int may_start(const unsigned char *s, size_t len, size_t i, size_t *skip)
{
	unsigned char c = s[i], p = i ? s[i - 1] : ' ';
	int word_start;
	size_t n;

	*skip = 1;
	switch (bclass[c]) {
	case B_DIGIT:
		/* No built-in entity starts at digits glued to a word (abc123, hr_2). */
		return bclass[p] > B_LOWER && p != '_';
	case B_SYMBOL:
		return c != ':' || (i + 1 < len && s[i + 1] == ':');
	case B_UPPER:
	case B_LOWER:
		break;
	default:
		return 0;
	}
	word_start = i == 0 || !(bclass[p] == B_DIGIT || bclass[p] == B_UPPER || bclass[p] == B_LOWER);
	/* Nothing starts inside a word's letters: skip them. */
	for (n = 1; i + n < len && (bclass[s[i + n]] == B_LOWER || bclass[s[i + n]] == B_UPPER); n++)
		;
	*skip = n;
	if (!word_start)
		return 0;
	if (bclass[c] == B_UPPER || is_keyword(s + i, n))
		return 1;
	if (c == 'v' && n == 1 && i + 1 < len && bclass[s[i + 1]] == B_DIGIT)
		return 1;
	/* A word of hex digits followed by ':' may start an IPv6 address. */
	for (n = 0; i + n < len && n < 5 && is_hex(s[i + n]); n++)
		;
	return n >= 1 && n <= 4 && i + n < len && s[i + n] == ':';
}

/* Where the e-mail address around the '@' at 'at' would start, or at when none. */
static size_t email_start(const unsigned char *s, size_t at)
{
	size_t b = at;

	while (b > 0 && email_char(s[b - 1]))
		b--;
	return b;
}

/* Find the built-in entities of s; return 0 or a pcre2 error code. */
static int scan_builtin(struct tk_entities *e, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	const unsigned char *at = memchr(s, '@', len);
	size_t claimed = e->nhit, first = e->n - NBUILTIN, i = 0, skip;
	size_t next_email = at ? email_start(s, (size_t)(at - s)) : len;

	while (i < len) {
		const pcre2_code *re;
		uint32_t vs, ve;
		size_t kind;
		int rc;

		/*
		 * Where the next e-mail address starts, if one is ahead: an address
		 * whose start a match ran into starts where that match ended.
		 */
		while (next_email < i) {
			if (at >= s + i) {
				next_email = i;
				break;
			}
			at = memchr(at + 1, '@', len - (size_t)(at - s) - 1);
			next_email = at ? email_start(s, (size_t)(at - s)) : len;
		}
		/* Spaces and most punctuation start nothing: skip them in one go. */
		while (i < next_email && bclass[s[i]] == B_OTHER)
			i++;
		if (i >= len)
			break;
		if (i != next_email && !may_start(s, len, i, &skip)) {
			i += skip;
			if (i > next_email)
				i = next_email;
			continue;
		}
		re = e->builtin[i == next_email ? PAT_ALL : bclass[s[i]] - B_DIGIT];
		rc = pcre2_match(re, (PCRE2_SPTR)s, len, i, PCRE2_NO_UTF_CHECK, e->md, e->mctx);
		if (rc == PCRE2_ERROR_NOMATCH) {
			i++;
			continue;
		}
		if (rc < 0)
			return rc;
		kind = first + strtoul((const char *)pcre2_get_mark(e->md), NULL, 10);
		value_span(e->md, rc, &vs, &ve);
		i = pcre2_get_ovector_pointer(e->md)[1];
		if (e->kind[kind].post == POST_URL) {
			int open = memchr(s + vs, '(', ve - vs) != NULL;

			while (ve > vs && (strchr(".,;:!?'\"]}>", s[ve - 1]) || (s[ve - 1] == ')' && !open)))
				ve--;
			i = ve;
		}
		if (ve > vs && !overlaps(e, claimed, vs, ve))
			add_hit(e, kind, vs, ve);
	}
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const struct tk_entity_hit *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

int tk_entities_find(struct tk_entities *e, const char *s, size_t len, struct tk_error *err)
{
	size_t k;
	int rc, ret = 0;

	e->nhit = 0;
	for (k = 0; k < e->nuser; k++) {
		rc = find_user(e, k, s, len);
		if (rc < 0 && ret == 0) {
			tk_error_set(err, "pattern '%s' (%s:%lu) gave up: %s reached", e->kind[k].name,
				     e->kind[k].file, e->kind[k].line, limit_name(rc));
			ret = -1;
		}
	}
	if (e->builtin[PAT_ALL] && (rc = scan_builtin(e, s, len)) < 0 && ret == 0) {
		tk_error_set(err, "built-in entity patterns gave up: %s reached", limit_name(rc));
		ret = -1;
	}
	/* In order of position, so that values are listed as they appear. */
	if (e->nuser && e->nhit > 1)
		qsort(e->hit, e->nhit, sizeof(*e->hit), by_start);
	return ret;
}

void tk_entities_json(const struct tk_entities *e, const char *s, struct tk_buf *out)
{
	size_t k, i, j;
	int first_kind = 1;

	tk_buf_addch(out, '{');
	for (k = 0; k < e->n; k++) {
		int first = 1;

		if (e->kind[k].name_id != k || e->kind[k].hidden)
			continue;
		for (i = 0; i < e->nhit; i++) {
			const struct tk_entity_hit *h = &e->hit[i];
			size_t len = h->end - h->start;

			if (e->kind[h->kind].name_id != k)
				continue;
			/* Each value once, where it first appears. */
			for (j = 0; j < i; j++)
				if (e->kind[e->hit[j].kind].name_id == k &&
				    e->hit[j].end - e->hit[j].start == len &&
				    memcmp(s + e->hit[j].start, s + h->start, len) == 0)
					break;
			if (j < i)
				continue;
			if (first) {
				if (!first_kind)
					tk_buf_addch(out, ',');
				tk_json_escape(out, e->kind[k].name, strlen(e->kind[k].name));
				tk_buf_add(out, ":[", 2);
				first_kind = first = 0;
			} else {
				tk_buf_addch(out, ',');
			}
			tk_json_escape(out, s + h->start, len);
		}
		if (!first)
			tk_buf_addch(out, ']');
	}
	tk_buf_addch(out, '}');
}

int tk_entities_redact(struct tk_entities *e, const char *s, size_t len, struct tk_buf *out,
		       unsigned long *counts, struct tk_error *err)
{
	size_t i, at = 0;
	int rc = 0, n = 0;

	/*
	 * Only the built-in kinds: a kind of one's own may not shield personal
	 * data from its mask.  Their hits come in order of position and never
	 * overlap, so they can be replaced one by one.
	 */
	e->nhit = 0;
	if (e->builtin[PAT_ALL] && (rc = scan_builtin(e, s, len)) < 0)
		tk_error_set(err, "built-in entity patterns gave up: %s reached", limit_name(rc));
	for (i = 0; i < e->nhit; i++) {
		const struct tk_entity_hit *h = &e->hit[i];
		const char *mask = e->kind[h->kind].mask;

		if (!mask)
			continue;
		tk_buf_add(out, s + at, h->start - at);
		tk_buf_adds(out, mask);
		at = h->end;
		n++;
		if (counts)
			counts[h->kind]++;
	}
	tk_buf_add(out, s + at, len - at);
	return rc < 0 ? -1 : n;
}
