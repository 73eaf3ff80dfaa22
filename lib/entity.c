/*
 * Entities and redaction; see entity.h.  The built-in patterns are tuned
 * for support tickets: they prefer missing an odd entity to inventing one,
 * and lean on checks (Luhn, mod 97, digit counts) where a pattern alone
 * cannot tell a card number or a phone number from any other digits.
 */
#include "entity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "stream.h"
#include "utf8.h"

enum check {
	CHECK_NONE,
	CHECK_LUHN,  /* 13-19 digits passing the Luhn check */
	CHECK_IBAN,  /* 15-34 characters passing ISO 13616 mod 97 */
	CHECK_PHONE, /* 7-15 digits */
	CHECK_IPV6,  /* one "::" at most; eight groups unless there is one */
	CHECK_URL    /* trim punctuation that ends the sentence, not the URL */
};

#define MONTH "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
	      "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
#define KEYED_ID "\\s*(?:no\\.?|number|nr\\.?|id)?\\s*[#:]?\\s*((?=[A-Za-z-]*\\d)[A-Za-z0-9][A-Za-z0-9-]{3,})"

/* The built-in kinds, in priority order. */
static const struct builtin {
	const char *name;
	const char *mask;
	int check;
	int hidden;
	const char *pattern;
} builtins[] = {
	{ "url", NULL, CHECK_URL, 0,
	  "(?i)\\b(?:https?|ftp)://[^\\s<>\"'`]+|\\bwww\\.[a-z0-9-]+\\.[^\\s<>\"'`]+" },
	{ "email", "[EMAIL]", CHECK_NONE, 0,
	  "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b" },
	{ "iban", "[IBAN]", CHECK_IBAN, 1,
	  "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b" },
	{ "card", "[CARD]", CHECK_LUHN, 1, "(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])" },
	{ "ip", "[IP]", CHECK_IPV6, 0,
	  "(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
	  "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?!\\.?\\d)"
	  "|(?<![\\w:])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::?[0-9A-Fa-f]{1,4}){1,7})(?![\\w:])" },
	{ "date", NULL, CHECK_NONE, 0,
	  "\\b\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])\\b"
	  "|\\b\\d{1,2}(?:/\\d{1,2}/|\\.\\d{1,2}\\.)(?:\\d{4}|\\d{2})\\b"
	  "|(?i)\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?" MONTH "\\b\\.?(?:,?\\s+\\d{4}\\b)?"
	  "|(?i)\\b" MONTH "\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s+\\d{4}\\b)?" },
	{ "money", NULL, CHECK_NONE, 0,
	  "[$€£¥]\\s?\\d{1,3}(?:[,.]?\\d{3})*(?:[.,]\\d{1,2})?(?!\\d)"
	  "|\\b\\d{1,3}(?:[,.]?\\d{3})*(?:[.,]\\d{1,2})?\\s?(?:USD|EUR|GBP|CHF|JPY|€|(?i:dollars?|euros?))\\b"
	  "|\\b(?:USD|EUR|GBP|CHF|JPY)\\s?\\d{1,3}(?:[,.]?\\d{3})*(?:[.,]\\d{1,2})?(?!\\d)" },
	{ "order_id", NULL, CHECK_NONE, 0, "\\bORD-?\\d{4,}\\b|(?i:\\border)" KEYED_ID },
	{ "invoice_id", NULL, CHECK_NONE, 0, "\\bINV-?\\d[\\d-]{3,}\\d\\b|(?i:\\binvoice)" KEYED_ID },
	{ "ticket_id", NULL, CHECK_NONE, 0,
	  "(?<![\\w&])#\\d{3,}\\b|(?i:\\b(?:ticket|case|incident|ref(?:erence)?))" KEYED_ID },
	{ "error_code", NULL, CHECK_NONE, 0,
	  "\\b[A-Z]{1,5}-\\d{3,5}\\b|\\b0x[0-9A-Fa-f]{4,16}\\b|\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b"
	  "|(?i:\\b(?:HTTP|status(?: code)?|error(?: code)?|err)\\s*[:#]?\\s*[1-5]\\d\\d\\b)" },
	{ "version", NULL, CHECK_NONE, 0,
	  "\\b[vV]\\d+(?:\\.\\d+){1,3}(?:-[0-9A-Za-z.]+)?\\b"
	  "|(?i:\\b(?:version|ver\\.?|release|build|ios|android|windows|macos)\\s*)(\\d+(?:\\.\\d+){1,3})\\b"
	  "|\\b\\d+\\.\\d+\\.\\d+(?:\\.\\d+)?\\b" },
	{ "phone", "[PHONE]", CHECK_PHONE, 0,
	  "(?<![\\w+-])\\+\\d{1,3}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]?\\d{2,4}){1,4}(?![\\w-])"
	  "|(?<![\\w-])\\(\\d{2,4}\\)[ .-]?\\d{3,4}[ .-]?\\d{3,4}(?![\\w-])"
	  "|(?<![\\w.-])\\d{3}[ .-]\\d{3,4}(?:[ .-]\\d{4})?(?![\\w-]|\\.\\d)"
	  "|(?<![\\w.-])0\\d{2,4}[ -]\\d{3,4}[ -]?\\d{3,4}(?![\\w-])" },
};

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
	pcre2_match_data_free(e->md);
	pcre2_match_context_free(e->mctx);
	pcre2_jit_stack_free(e->jit);
	tk_buf_release(&e->scratch);
	tk_entities_init(e);
}

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
	if (e->jit)
		pcre2_jit_stack_assign(e->mctx, NULL, e->jit);
	return 0;
}

/* Compile pattern as a kind, inserted at position at. */
static int add_kind(struct tk_entities *e, size_t at, const char *name, const char *pattern,
		    size_t patlen, uint32_t options, struct tk_error *err, char *errbuf,
		    size_t errsize)
{
	struct tk_entity_kind *k;
	PCRE2_SIZE erroff;
	int errcode;
	pcre2_code *re;
	size_t i;

	re = pcre2_compile((PCRE2_SPTR)pattern, patlen, PCRE2_UTF | options, &errcode, &erroff, NULL);
	if (!re) {
		char msg[256];

		pcre2_get_error_message(errcode, (PCRE2_UCHAR *)msg, sizeof(msg));
		snprintf(errbuf, errsize, "bad pattern for '%s' at offset %zu: %s", name,
			 (size_t)erroff, msg);
		return -1;
	}
	/* JIT is a speed-up only: without it the interpreter runs the same pattern. */
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	if (setup(e, err) < 0) {
		pcre2_code_free(re);
		return -1;
	}
	if (e->n == e->alloc) {
		e->alloc = e->alloc ? 2 * e->alloc : 16;
		e->kind = tk_realloc(e->kind, e->alloc * sizeof(*e->kind));
	}
	memmove(e->kind + at + 1, e->kind + at, (e->n - at) * sizeof(*e->kind));
	e->n++;
	k = &e->kind[at];
	memset(k, 0, sizeof(*k));
	k->name = tk_strdup(name);
	k->re = re;
	for (i = 0; i < e->n; i++) {
		size_t j;

		for (j = 0; j < i && strcmp(e->kind[j].name, e->kind[i].name) != 0; j++)
			;
		e->kind[i].name_id = j;
	}
	return 0;
}

int tk_entities_add_builtin(struct tk_entities *e, struct tk_error *err)
{
	size_t i;
	char msg[300];

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		const struct builtin *b = &builtins[i];
		struct tk_entity_kind *k;

		if (add_kind(e, e->n, b->name, b->pattern, PCRE2_ZERO_TERMINATED, 0, err, msg,
			     sizeof(msg)) < 0) {
			if (!*err->msg || strstr(msg, "bad pattern"))
				tk_error_set(err, "built-in %s", msg);
			return -1;
		}
		k = &e->kind[e->n - 1];
		k->mask = b->mask;
		k->check = b->check;
		k->hidden = b->hidden;
	}
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

	files[0] = (char *)(uintptr_t)path;
	tk_reader_init(&r, files, 1);
	while ((rc = tk_reader_next(&r, &line, &len, err)) > 0) {
		const char *tab;
		char name[65], msg[300];
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
		memcpy(name, line, nlen);
		name[nlen] = '\0';
		if (add_kind(e, e->nuser, name, tab + 1, (size_t)(line + len - tab - 1), 0, err, msg,
			     sizeof(msg)) < 0) {
			tk_error_at(err, path, r.line, "%s", msg);
			ret = -1;
			break;
		}
		e->kind[e->nuser].file = path;
		e->kind[e->nuser].line = r.line;
		e->nuser++;
	}
	if (rc < 0)
		ret = -1;
	tk_reader_release(&r);
	return ret;
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

/* Check a match; a URL may lose trailing punctuation.  Return 0 to reject it. */
static int check_hit(int check, const char *s, uint32_t start, uint32_t *end)
{
	size_t len = *end - start;

	switch (check) {
	case CHECK_LUHN:
		return luhn(s + start, len);
	case CHECK_IBAN:
		return iban(s + start, len);
	case CHECK_PHONE:
		return phone(s + start, len);
	case CHECK_IPV6:
		return ipv6(s + start, len);
	case CHECK_URL: {
		/* Keep a closing parenthesis only when the URL opened one. */
		int open = memchr(s + start, '(', len) != NULL;

		while (*end > start && (strchr(".,;:!?'\"]}>", s[*end - 1]) ||
					(s[*end - 1] == ')' && !open)))
			(*end)--;
		return *end > start;
	}
	}
	return 1;
}

static int overlaps(const struct tk_entities *e, uint32_t start, uint32_t end)
{
	size_t i;

	for (i = 0; i < e->nhit; i++)
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
	return "an internal error";
}

/* Run one kind over s; return 0, or a pcre2 error code. */
static int find_kind(struct tk_entities *e, size_t k, const char *s, size_t len)
{
	const struct tk_entity_kind *kind = &e->kind[k];
	PCRE2_SIZE off = 0, *ov;
	int rc, g;

	while (off <= len) {
		uint32_t vs, ve;

		rc = pcre2_match(kind->re, (PCRE2_SPTR)s, len, off, PCRE2_NO_UTF_CHECK, e->md, e->mctx);
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		if (rc < 0)
			return rc;
		ov = pcre2_get_ovector_pointer(e->md);
		vs = (uint32_t)ov[0];
		ve = (uint32_t)ov[1];
		for (g = 1; g < rc; g++)
			if (ov[2 * g] != PCRE2_UNSET) {
				vs = (uint32_t)ov[2 * g];
				ve = (uint32_t)ov[2 * g + 1];
				break;
			}
		if (ov[1] > ov[0]) {
			off = ov[1];
		} else {
			/* An empty match: step over one whole character. */
			off = ov[0] + 1;
			while (off < len && ((unsigned char)s[off] & 0xC0) == 0x80)
				off++;
		}
		if (ve > vs && check_hit(kind->check, s, vs, &ve) && !overlaps(e, vs, ve))
			add_hit(e, k, vs, ve);
	}
	return 0;
}

int tk_entities_find(struct tk_entities *e, const char *s, size_t len, enum tk_entity_which which,
		     struct tk_error *err)
{
	size_t k;
	int ret = 0;

	e->nhit = 0;
	for (k = 0; k < e->n; k++) {
		const struct tk_entity_kind *kind = &e->kind[k];
		int rc;

		if (which == TK_ENTITY_PERSONAL && !kind->mask)
			continue;
		rc = find_kind(e, k, s, len);
		if (rc < 0 && ret == 0) {
			if (kind->file)
				tk_error_set(err, "pattern '%s' (%s:%lu) gave up: %s reached", kind->name,
					     kind->file, kind->line, limit_name(rc));
			else
				tk_error_set(err, "built-in pattern '%s' gave up: %s reached",
					     kind->name, limit_name(rc));
			ret = -1;
		}
	}
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
				if (e->kind[e->hit[j].kind].name_id == k && e->hit[j].end - e->hit[j].start == len &&
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

static int by_start(const void *a, const void *b)
{
	const struct tk_entity_hit *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

int tk_entities_redact(struct tk_entities *e, const char *s, size_t len, struct tk_buf *out,
		       unsigned long *counts, struct tk_error *err)
{
	int rc = tk_entities_find(e, s, len, TK_ENTITY_PERSONAL, err), n = 0;
	size_t i, at = 0;

	/* Hits never overlap, so in order of position they can be replaced one by one. */
	qsort(e->hit, e->nhit, sizeof(*e->hit), by_start);
	for (i = 0; i < e->nhit; i++) {
		const struct tk_entity_hit *h = &e->hit[i];
		const char *mask = e->kind[h->kind].mask;

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
