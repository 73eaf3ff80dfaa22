/*
 * The tokenizer; see token.h for the rules.  One pass over the bytes with
 * an ASCII fast path; each word is folded straight into the output buffer
 * and never copied again, so tokenizing allocates nothing once the buffers
 * have grown to fit.
 */
#include "token.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "json.h"
#include "stream.h"
#include "unicode.h"
#include "utf8.h"

void tk_tokens_init(struct tk_tokens *t)
{
	tk_buf_init(&t->text);
	t->span = NULL;
	t->n = t->alloc = 0;
}

void tk_tokens_release(struct tk_tokens *t)
{
	tk_buf_release(&t->text);
	free(t->span);
	tk_tokens_init(t);
}

void tk_tokens_reset(struct tk_tokens *t)
{
	tk_buf_reset(&t->text);
	t->n = 0;
}

static void push_span(struct tk_tokens *t, size_t off, size_t len)
{
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 64;
		t->span = tk_realloc(t->span, t->alloc * sizeof(*t->span));
	}
	t->span[t->n].off = (uint32_t)off;
	t->span[t->n].len = (uint32_t)len;
	t->n++;
}

void tk_tokens_add(struct tk_tokens *t, const char *s, size_t len)
{
	push_span(t, t->text.len, len);
	tk_buf_add(&t->text, s, len);
	tk_buf_addch(&t->text, ' ');
}

/* ASCII classes and folds, so that most bytes never reach the Unicode tables. */
static unsigned char ascii_cls[128];
static char ascii_fold[128];
static unsigned char word_fold[256]; /* the fold of an ASCII letter or digit; 0 for any other byte */

static void ascii_fill(void)
{
	int c;

	for (c = 0; c < 128; c++) {
		const struct tk_uchar *u = tk_unicode_get((uint32_t)c);

		ascii_cls[c] = u->cls;
		ascii_fold[c] = u->flags & TK_UF_FOLD_SELF ? (char)c : u->fold[0];
		if (u->cls == TK_U_LETTER || u->cls == TK_U_DIGIT)
			word_fold[c] = (unsigned char)ascii_fold[c];
	}
}

/* Fill the tables once, whichever thread tokenizes first. */
static void ascii_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, ascii_fill);
}

/* The class of the code point at p, and its length in *n and value in *cp. */
static inline unsigned char class_at(const unsigned char *p, const unsigned char *end, size_t *n,
				     uint32_t *cp)
{
	if (*p < 0x80) {
		*n = 1;
		*cp = *p;
		return ascii_cls[*p];
	}
	*n = tk_utf8_decode(p, (size_t)(end - p), cp);
	return tk_unicode_get(*cp)->cls;
}

static inline int is_alnum(unsigned char cls)
{
	return cls == TK_U_LETTER || cls == TK_U_DIGIT;
}

/* Append the folded (and maybe stripped) form of cp. */
static inline void add_folded(struct tk_buf *b, uint32_t cp, unsigned flags)
{
	const struct tk_uchar *u;

	if (cp < 0x80) {
		tk_buf_addch(b, ascii_fold[cp]);
		return;
	}
	u = tk_unicode_get(cp);
	if (flags & TK_TOK_STRIP_ACCENTS ? u->flags & TK_UF_STRIP_SELF : u->flags & TK_UF_FOLD_SELF) {
		tk_buf_grow(b, 4);
		b->len += tk_utf8_encode(cp, b->buf + b->len);
		b->buf[b->len] = '\0';
	} else if (flags & TK_TOK_STRIP_ACCENTS) {
		tk_buf_add(b, u->strip, u->strip_len);
	} else {
		tk_buf_add(b, u->fold, u->fold_len);
	}
}

/*
 * Compose cp with the code point written at b->buf[last] when the two
 * compose (e + U+0301 -> é; Hangul jamo -> a syllable), so that decomposed
 * text folds like precomposed text.  Return 1 when they did.
 */
static int compose_last(struct tk_buf *b, size_t last, uint32_t cp, unsigned flags)
{
	uint32_t base, composed;

	tk_utf8_decode((unsigned char *)b->buf + last, b->len - last, &base);
	composed = tk_unicode_compose(base, cp);
	if (!composed)
		return 0;
	b->len = last;
	add_folded(b, composed, flags);
	return 1;
}

/*
 * If the joiner cp at p (n bytes) joins the word so far (whose last code
 * point had class prev) to what follows, return the byte it is written as
 * in the token; else 0.
 */
static char joiner(uint32_t cp, unsigned char prev, const unsigned char *p, size_t n,
		   const unsigned char *end)
{
	unsigned char next;
	size_t nn;
	uint32_t ncp;

	if (p + n >= end)
		return 0;
	next = class_at(p + n, end, &nn, &ncp);
	switch (cp) {
	case '-':
	case 0x2010: /* hyphen */
	case 0x2011: /* non-breaking hyphen */
		return is_alnum(prev) && is_alnum(next) ? '-' : 0;
	case '_':
		return is_alnum(prev) && is_alnum(next) ? '_' : 0;
	case '\'':
	case 0x2019: /* right single quotation mark, the typographic apostrophe */
		return prev == TK_U_LETTER && next == TK_U_LETTER ? '\'' : 0;
	case '.':
		return is_alnum(prev) && next == TK_U_DIGIT ? '.' : 0;
	case ',':
		return prev == TK_U_DIGIT && next == TK_U_DIGIT ? ',' : 0;
	}
	return 0;
}

/* End the token that starts at off in out->text: drop it, rename it, or keep it. */
static void end_token(const struct tk_tokenizer *tz, struct tk_tokens *out, size_t off,
		      int has_letter)
{
	size_t len = out->text.len - off;

	if (len == 0)
		return;
	if (!has_letter && (tz->flags & TK_TOK_PH_NUMBER)) {
		out->text.len = off;
		tk_buf_add(&out->text, "<num>", 5);
		len = 5;
	}
	if (tz->stopwords && tk_wordset_get(tz->stopwords, out->text.buf + off, len, NULL)) {
		out->text.len = off;
		out->text.buf[off] = '\0';
		return;
	}
	tk_buf_addch(&out->text, ' ');
	push_span(out, off, len);
}

/* Tokenize a run of text that holds no URL, e-mail or path to replace. */
static void tokenize_plain(const struct tk_tokenizer *tz, const unsigned char *p,
			   const unsigned char *end, struct tk_tokens *out)
{
	struct tk_buf *b = &out->text;

	while (p < end) {
		size_t n, off, last;
		uint32_t cp;
		unsigned char cls = class_at(p, end, &n, &cp), prev;
		int has_letter;

		/* A mark with nothing before it to belong to starts no word. */
		if (cls == TK_U_SPACE || cls == TK_U_OTHER || cls == TK_U_MARK) {
			p += n;
			continue;
		}
		off = b->len;
		if (cls == TK_U_IDEO) {
			add_folded(b, cp, tz->flags);
			end_token(tz, out, off, 1);
			p += n;
			continue;
		}
		/* A word: letters, digits and marks, and the joiners between them. */
		has_letter = 0;
		prev = cls;
		last = off;
		for (;;) {
			if (cp < 0x80 && (cls == TK_U_LETTER || cls == TK_U_DIGIT)) {
				/* Most words are ASCII: fold the run in one pass, with room made ahead. */
				unsigned char f;

				do {
					char *o, *oend;

					if (b->alloc - b->len < 64)
						tk_buf_grow(b, 64);
					o = b->buf + b->len;
					oend = b->buf + b->alloc - 1;
					while (p < end && o < oend && (f = word_fold[*p])) {
						has_letter |= *p > '9';
						*o++ = (char)f;
						p++;
					}
					b->len = (size_t)(o - b->buf);
				} while (p < end && word_fold[*p]);
				b->buf[b->len] = '\0';
				last = b->len - 1;
				prev = ascii_cls[p[-1]];
				if (p >= end)
					break;
				cls = class_at(p, end, &n, &cp);
				if (cls == TK_U_IDEO)
					break;
				continue;
			} else if ((cls == TK_U_MARK || (cp >= 0x1161 && cp <= 0x11C2)) && b->len > last &&
				   compose_last(b, last, cp, tz->flags)) {
				/* A mark or a Hangul vowel or final consonant that composed with what came before. */
			} else if (cls == TK_U_LETTER || cls == TK_U_DIGIT) {
				has_letter |= cls == TK_U_LETTER;
				last = b->len;
				add_folded(b, cp, tz->flags);
				prev = cls;
			} else if (cls == TK_U_MARK) {
				add_folded(b, cp, tz->flags);
			} else {
				char j = cls == TK_U_OTHER ? joiner(cp, prev, p, n, end) : 0;

				if (!j)
					break;
				tk_buf_addch(b, j);
				prev = TK_U_OTHER;
				last = b->len;
			}
			p += n;
			if (p >= end)
				break;
			cls = class_at(p, end, &n, &cp);
			if (cls == TK_U_IDEO)
				break;
		}
		end_token(tz, out, off, has_letter);
	}
}

static int is_ascii_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Bytes that may end a URL or path in running text but are not part of it. */
static size_t trim_trailing(const unsigned char *s, size_t start, size_t end)
{
	while (end > start && strchr(".,;:!?'\")]}>", s[end - 1]))
		end--;
	return end;
}

/* Find a URL in chunk s[0..len); return 1 and its span. */
static int find_url(const unsigned char *s, size_t len, size_t *start, size_t *end)
{
	size_t i, b;

	for (i = 0; i + 3 <= len; i++) {
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/') {
			for (b = i; b > 0 && (is_ascii_alnum(s[b - 1]) || strchr("+.-", s[b - 1])); b--)
				;
			while (b < i && !((s[b] | 0x20) >= 'a' && (s[b] | 0x20) <= 'z'))
				b++;
			if (i - b < 2 || i + 3 >= len)
				continue;
		} else if ((s[i] | 0x20) == 'w' && i + 4 <= len && strncasecmp((const char *)s + i, "www.", 4) == 0 &&
			   (i == 0 || !is_ascii_alnum(s[i - 1])) && i + 4 < len && is_ascii_alnum(s[i + 4])) {
			b = i;
		} else {
			continue;
		}
		*start = b;
		*end = trim_trailing(s, b, len);
		return 1;
	}
	return 0;
}

static int email_local(int c)
{
	return is_ascii_alnum(c) || c >= 0x80 || (c && strchr("._%+-", c));
}

static int email_domain(int c)
{
	return is_ascii_alnum(c) || c >= 0x80 || c == '.' || c == '-';
}

/* Find an e-mail address in chunk s[0..len); return 1 and its span. */
static int find_email(const unsigned char *s, size_t len, size_t *start, size_t *end)
{
	const unsigned char *at = memchr(s, '@', len);

	while (at) {
		size_t a = (size_t)(at - s), b = a, e = a + 1, dot = 0, k;

		while (b > 0 && email_local(s[b - 1]))
			b--;
		while (b < a && s[b] == '.')
			b++;
		while (e < len && email_domain(s[e]))
			e++;
		while (e > a + 1 && (s[e - 1] == '.' || s[e - 1] == '-'))
			e--;
		for (k = a + 1; k < e; k++)
			if (s[k] == '.')
				dot = k;
		if (b < a && dot > a + 1 && e - dot > 2) {
			*start = b;
			*end = e;
			return 1;
		}
		at = memchr(at + 1, '@', len - a - 1);
	}
	return 0;
}

/* Find a file path in chunk s[0..len); return 1 and its span. */
static int find_path(const unsigned char *s, size_t len, size_t *start, size_t *end)
{
	size_t b = 0, i, seps = 0;

	while (b < len && strchr("(\"'<[", s[b]))
		b++;
	if (b + 2 >= len)
		return 0;
	if (((s[b] | 0x20) >= 'a' && (s[b] | 0x20) <= 'z') && s[b + 1] == ':' && s[b + 2] == '\\')
		seps = 2; /* C:\ */
	else if (s[b] == '\\' && s[b + 1] == '\\')
		seps = 2; /* \\host\share */
	else if (s[b] == '~' && s[b + 1] == '/')
		seps = 2;
	else if (s[b] == '.' && (s[b + 1] == '/' || (s[b + 1] == '.' && s[b + 2] == '/')))
		seps = 2;
	else if (s[b] == '/' && (is_ascii_alnum(s[b + 1]) || s[b + 1] >= 0x80))
		for (i = b; i < len; i++)
			seps += s[i] == '/';
	if (seps < 2)
		return 0;
	*start = b;
	*end = trim_trailing(s, b, len);
	return *end > b + 2;
}

/* Tokenize a chunk of text without white space, replacing URLs, e-mails and paths. */
static void tokenize_chunk(const struct tk_tokenizer *tz, const unsigned char *s, size_t len,
			   struct tk_tokens *out)
{
	while (len > 0) {
		size_t best = len, bend = len, st, en;
		const char *ph = NULL;

		if ((tz->flags & TK_TOK_PH_URL) && find_url(s, len, &st, &en) && st < best)
			best = st, bend = en, ph = "<url>";
		if ((tz->flags & TK_TOK_PH_EMAIL) && find_email(s, len, &st, &en) && st < best)
			best = st, bend = en, ph = "<email>";
		if ((tz->flags & TK_TOK_PH_PATH) && find_path(s, len, &st, &en) && st < best)
			best = st, bend = en, ph = "<path>";
		tokenize_plain(tz, s, s + best, out);
		if (!ph)
			return;
		if (!tz->stopwords || !tk_wordset_get(tz->stopwords, ph, strlen(ph), NULL))
			tk_tokens_add(out, ph, strlen(ph));
		s += bend;
		len -= bend;
	}
}

void tk_tokenize(const struct tk_tokenizer *tz, const char *str, size_t len, struct tk_tokens *out)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + len;

	ascii_init();
	if (!(tz->flags & (TK_TOK_PH_URL | TK_TOK_PH_EMAIL | TK_TOK_PH_PATH))) {
		tokenize_plain(tz, s, end, out);
		return;
	}
	/* URLs, e-mails and paths hold no white space: look for them chunk by chunk. */
	while (s < end) {
		const unsigned char *c;

		while (s < end && (*s == ' ' || (*s >= '\t' && *s <= '\r')))
			s++;
		for (c = s; c < end && !(*c == ' ' || (*c >= '\t' && *c <= '\r')); c++)
			;
		tokenize_chunk(tz, s, (size_t)(c - s), out);
		s = c;
	}
}

/* Append one token as a JSON string: tokens hold letters, digits, marks and - _ ' . , only. */
static inline void add_json_token(struct tk_buf *out, const char *s, size_t len)
{
	if (out->alloc - out->len <= len + 3)
		tk_buf_grow(out, len + 3);
	out->buf[out->len++] = '"';
	memcpy(out->buf + out->len, s, len);
	out->len += len;
	out->buf[out->len++] = '"';
	out->buf[out->len] = '\0';
}

void tk_tokens_json(const struct tk_tokens *t, unsigned ngram, struct tk_buf *out)
{
	size_t i, n;

	tk_buf_addch(out, '[');
	for (i = 0; i < t->n; i++) {
		if (i)
			tk_buf_addch(out, ',');
		add_json_token(out, t->text.buf + t->span[i].off, t->span[i].len);
	}
	for (i = 0; i < t->n; i++) {
		for (n = 2; n <= ngram && i + n <= t->n; n++) {
			const struct tk_span *last = &t->span[i + n - 1];

			tk_buf_addch(out, ',');
			add_json_token(out, t->text.buf + t->span[i].off, last->off + last->len - t->span[i].off);
		}
	}
	tk_buf_addch(out, ']');
}

/*
 * The built-in English stopwords: function words that carry no topic.
 * Negations (no, not, never, cannot, n't forms) are deliberately absent:
 * "not working" and "working" are different tickets.
 */
static const char *const english[] = {
	"a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any",
	"are", "as", "at", "be", "because", "been", "before", "being", "below", "between",
	"both", "but", "by", "could", "did", "do", "does", "doing", "down", "during", "each",
	"few", "for", "from", "further", "had", "has", "have", "having", "he", "he'd", "he'll",
	"he's", "her", "here", "here's", "hers", "herself", "him", "himself", "his", "how",
	"how's", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "it", "it's",
	"its", "itself", "let's", "me", "more", "most", "my", "myself", "of", "off", "on",
	"once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over",
	"own", "same", "she", "she'd", "she'll", "she's", "should", "so", "some", "such",
	"than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then",
	"there", "there's", "these", "they", "they'd", "they'll", "they're", "they've", "this",
	"those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "we'd",
	"we'll", "we're", "we've", "were", "what", "what's", "when", "when's", "where",
	"where's", "which", "while", "who", "who's", "whom", "why", "why's", "will", "with",
	"would", "you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself",
	"yourselves", "also", "just", "can", "may", "might", "must", "shall", "us", NULL
};

const char *const *tk_stopwords_english(void)
{
	return english;
}

int tk_stopwords_load(const struct tk_tokenizer *tz, const char *path, struct tk_wordset *set,
		      struct tk_error *err)
{
	struct tk_tokenizer plain = *tz;
	struct tk_tokens toks;
	struct tk_reader r;
	char *files[1];
	const char *line;
	size_t len, i, bad;
	int rc, ret = 0;

	plain.stopwords = NULL;
	plain.flags &= TK_TOK_STRIP_ACCENTS;
	files[0] = (char *)(uintptr_t)path;
	tk_reader_init(&r, files, 1);
	tk_tokens_init(&toks);
	while ((rc = tk_reader_next(&r, &line, &len, err)) > 0) {
		const char *hash = memchr(line, '#', len);

		if (hash)
			len = (size_t)(hash - line);
		if ((bad = tk_utf8_check(line, len)) < len) {
			tk_error_at(err, path, r.line, "invalid UTF-8 at byte %zu", bad + 1);
			ret = -1;
			break;
		}
		tk_tokens_reset(&toks);
		tk_tokenize(&plain, line, len, &toks);
		for (i = 0; i < toks.n; i++)
			tk_wordset_put(set, toks.text.buf + toks.span[i].off, toks.span[i].len, 1);
	}
	if (rc < 0)
		ret = -1;
	tk_tokens_release(&toks);
	tk_reader_release(&r);
	return ret;
}
