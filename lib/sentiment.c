/*
 * Lexicon and rules of tk-sentiment; see sentiment.h.
 */
#include "sentiment.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "stream.h"
#include "utf8.h"

/* Numbers are one word, <num>, so that a term like "for 3 days" matches any number of days. */
static const struct tk_tokenizer senti_tz = { TK_TOK_PH_NUMBER | TK_TOK_PH_URL | TK_TOK_PH_EMAIL,
					       NULL };

static const char *const kind_names[TK_SENTI_KINDS] = {
	"polarity", "negation", "intensifier", "contrast", "frustration", "urgency", "churn",
};

const char *tk_senti_kind_name(enum tk_senti_kind k)
{
	return kind_names[k];
}

void tk_lexicon_init(struct tk_lexicon *l)
{
	memset(l, 0, sizeof(*l));
	tk_wordset_init(&l->index);
	tk_wordset_init(&l->first);
	tk_wordset_init(&l->stop);
	tk_tokens_init(&l->scratch);
}

void tk_lexicon_release(struct tk_lexicon *l)
{
	tk_wordset_release(&l->index);
	tk_wordset_release(&l->first);
	tk_wordset_release(&l->stop);
	free(l->e);
	tk_buf_release(&l->pool);
	free(l->sym);
	tk_tokens_release(&l->scratch);
	tk_lexicon_init(l);
}

/*
 * A symbol: a term with no letters in it but something else than digits
 * and spaces ("<3"), or one word that starts or ends with an ASCII mark
 * other than an apostrophe (":D", ":-P", "D:"), which as words would be
 * the letter alone.
 */
static int symbolic(const char *s, size_t len)
{
	size_t i;
	int other = 0, letter = 0, space = 0;

	while (len && s[len - 1] == ' ')
		len--;
	while (len && *s == ' ')
		s++, len--;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		letter |= isalpha(c) || c >= 0x80;
		space |= c == ' ';
		other |= !isdigit(c) && c != ' ';
	}
	if (!letter)
		return other;
	return !space && ((ispunct((unsigned char)s[0]) && s[0] != '\'') ||
			  (ispunct((unsigned char)s[len - 1]) && s[len - 1] != '\''));
}

void tk_lexicon_set(struct tk_lexicon *l, const char *term, size_t len, enum tk_senti_kind kind,
		    float w)
{
	struct tk_lexentry *e;
	int idx;
	size_t i;

	if (!tk_wordset_get(&l->index, term, len, &idx)) {
		if (l->n == l->alloc) {
			l->alloc = l->alloc ? 2 * l->alloc : 1024;
			l->e = tk_realloc(l->e, l->alloc * sizeof(*l->e));
		}
		idx = (int)l->n++;
		e = &l->e[idx];
		memset(e, 0, sizeof(*e));
		e->term = l->pool.len;
		tk_buf_add(&l->pool, term, len);
		tk_buf_addch(&l->pool, '\0');
		/* A term of words is its folded words joined by single spaces. */
		tk_tokens_reset(&l->scratch);
		tk_tokenize(&senti_tz, term, len, &l->scratch);
		e->ntok = symbolic(term, len) ? 0 : (unsigned)l->scratch.n;
		for (i = 0; e->ntok && i < len; i++)
			if (term[i] == ' ')
				break;
		if (e->ntok == 0) {
			l->sym = tk_realloc(l->sym, (l->nsym + 1) * sizeof(*l->sym));
			l->sym[l->nsym++] = (size_t)idx;
			l->symfirst[(unsigned char)term[0]] = 1;
		} else {
			const char *sp = memchr(term, ' ', len);
			size_t flen = sp ? (size_t)(sp - term) : len;
			int v = 0;

			tk_wordset_get(&l->first, term, flen, &v);
			if (e->ntok == 1)
				v = (v & ~0xffffff) | (idx + 1);
			else if ((unsigned)v >> 24 < e->ntok)
				v = (v & 0xffffff) | (int)(e->ntok << 24);
			tk_wordset_put(&l->first, term, flen, v);
		}
		if (e->ntok > l->maxtok)
			l->maxtok = e->ntok;
		tk_wordset_put(&l->index, term, len, idx);
	}
	e = &l->e[idx];
	e->w[kind] = w;
	e->kinds |= 1u << kind;
}

int tk_lexicon_parse(struct tk_lexicon *l, const char *text, size_t len, const char *name,
		     struct tk_error *err)
{
	struct tk_tokenizer tz = senti_tz;
	struct tk_tokens t;
	struct tk_buf key = TK_BUF_INIT, num = TK_BUF_INIT;
	const char *p = text, *end = text + len;
	unsigned long line = 0;
	int ret = 0;

	tk_tokens_init(&t);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end;
		const char *tab1, *tab2;
		double w;
		int kind = TK_SENTI_POLARITY;
		size_t i;

		line++;
		if (eol > p && eol[-1] == '\r')
			eol--;
		if (eol == p || *p == '#')
			goto next;
		if (tk_utf8_check(p, (size_t)(eol - p)) < (size_t)(eol - p)) {
			tk_error_at(err, name, line, "invalid UTF-8");
			ret = -1;
			break;
		}
		tab1 = memchr(p, '\t', (size_t)(eol - p));
		if (!tab1 || tab1 == p) {
			tk_error_at(err, name, line, "expected 'term<TAB>weight[<TAB>kind]'");
			ret = -1;
			break;
		}
		tab2 = memchr(tab1 + 1, '\t', (size_t)(eol - tab1 - 1));
		tk_buf_reset(&num);
		tk_buf_add(&num, tab1 + 1, (size_t)((tab2 ? tab2 : eol) - tab1 - 1));
		tk_buf_addch(&num, '\0');
		if (tk_strtod(num.buf, -100, 100, &w, err) < 0) {
			tk_error_at(err, name, line, "bad weight '%s' (a number from -100 to 100)", num.buf);
			ret = -1;
			break;
		}
		if (tab2) {
			size_t klen = (size_t)(eol - tab2 - 1);

			for (kind = 0; kind < TK_SENTI_KINDS; kind++)
				if (strlen(kind_names[kind]) == klen &&
				    memcmp(kind_names[kind], tab2 + 1, klen) == 0)
					break;
			if (kind == TK_SENTI_KINDS) {
				tk_error_at(err, name, line,
					    "unknown kind '%.*s' (use polarity, negation, intensifier, "
					    "contrast, frustration, urgency or churn)",
					    (int)(klen > 40 ? 40 : klen), tab2 + 1);
				ret = -1;
				break;
			}
		}
		/* A contrast weight divides (1 / weight before the word); cues add up to at most 1. */
		if ((kind == TK_SENTI_CONTRAST && !(w >= 0.01)) ||
		    (kind >= TK_SENTI_FRUSTRATION && !(w >= 0 && w <= 1))) {
			tk_error_at(err, name, line, "bad weight '%s' for kind %s (from %s)", num.buf,
				    kind_names[kind], kind == TK_SENTI_CONTRAST ? "0.01 to 100" : "0 to 1");
			ret = -1;
			break;
		}
		/*
		 * The term's folded words, or the term itself when it has none:
		 * a symbol.  A term with no letter but digits and other marks
		 * ("<3") is a symbol too, not a number.
		 */
		tk_tokens_reset(&t);
		tk_tokenize(&tz, p, (size_t)(tab1 - p), &t);
		if (symbolic(p, (size_t)(tab1 - p)))
			tk_tokens_reset(&t);
		tk_buf_reset(&key);
		for (i = 0; i < t.n; i++) {
			if (i)
				tk_buf_addch(&key, ' ');
			tk_buf_add(&key, t.text.buf + t.span[i].off, t.span[i].len);
		}
		if (t.n == 0) {
			const char *a = p, *b = tab1;

			while (a < b && (*a == ' ' || *a == '\t'))
				a++;
			while (b > a && b[-1] == ' ')
				b--;
			tk_buf_add(&key, a, (size_t)(b - a));
		}
		if (key.len == 0) {
			tk_error_at(err, name, line, "empty term");
			ret = -1;
			break;
		}
		tk_lexicon_set(l, key.buf, key.len, (enum tk_senti_kind)kind, (float)w);
next:
		p = nl ? nl + 1 : end;
	}
	tk_tokens_release(&t);
	tk_buf_release(&key);
	tk_buf_release(&num);
	return ret;
}

int tk_lexicon_load(struct tk_lexicon *l, const char *path, struct tk_error *err)
{
	struct tk_reader r;
	struct tk_buf all = TK_BUF_INIT;
	char *files[1];
	const char *line;
	size_t len;
	int rc, ret;

	files[0] = (char *)(uintptr_t)path;
	tk_reader_init(&r, files, 1);
	while ((rc = tk_reader_next(&r, &line, &len, err)) > 0) {
		tk_buf_add(&all, line, len);
		tk_buf_addch(&all, '\n');
	}
	tk_reader_release(&r);
	ret = rc < 0 ? -1 : tk_lexicon_parse(l, all.buf ? all.buf : "", all.len, path, err);
	tk_buf_release(&all);
	return ret;
}

extern const char *const tk_lexicon_en_rules[], *const tk_lexicon_en_learned[];

static void add_lines(struct tk_lexicon *l, const char *const *lines, const char *name)
{
	struct tk_buf b = TK_BUF_INIT;
	struct tk_error err;

	for (; *lines; lines++) {
		tk_buf_adds(&b, *lines);
		tk_buf_addch(&b, '\n');
	}
	tk_lexicon_parse(l, b.buf ? b.buf : "", b.len, name, &err);
	tk_buf_release(&b);
}

void tk_lexicon_add_english(struct tk_lexicon *l, int learned)
{
	const char *const *w;

	for (w = tk_stopwords_english(); *w; w++)
		tk_wordset_put(&l->stop, *w, strlen(*w), 1);
	/* Learned weights first, so the hand-written rules and cues win where both speak. */
	if (learned)
		add_lines(l, tk_lexicon_en_learned, "en-learned.tsv");
	add_lines(l, tk_lexicon_en_rules, "en.tsv");
}

void tk_senti_init(struct tk_senti *r)
{
	memset(r, 0, sizeof(*r));
	tk_tokens_init(&r->toks);
}

void tk_senti_release(struct tk_senti *r)
{
	free(r->hit);
	free(r->negated);
	free(r->clause);
	tk_tokens_release(&r->toks);
	tk_buf_release(&r->caps);
	tk_buf_release(&r->plain);
	tk_senti_init(r);
}

static void add_hit(struct tk_senti *r, size_t entry, enum tk_senti_kind kind, float value,
		    float mult, size_t pos)
{
	if (r->nhit == r->hitalloc) {
		r->hitalloc = r->hitalloc ? 2 * r->hitalloc : 32;
		r->hit = tk_realloc(r->hit, r->hitalloc * sizeof(*r->hit));
	}
	r->hit[r->nhit++] = (struct tk_senti_hit){ entry, kind, value, mult, pos };
}

/*
 * The words written in capitals (two letters or more, none lower case),
 * folded, each followed by a NUL, into r->caps; return how many, and the
 * number of words with letters in *words.
 */
static size_t find_caps(const char *s, size_t len, struct tk_senti *r, size_t *words)
{
	size_t i = 0, ncaps = 0;

	tk_buf_reset(&r->caps);
	*words = 0;
	while (i < len) {
		size_t start, upper = 0, lower = 0;

		while (i < len && !isalpha((unsigned char)s[i]))
			i++;
		start = i;
		while (i < len && isalpha((unsigned char)s[i])) {
			upper += isupper((unsigned char)s[i]) != 0;
			lower += islower((unsigned char)s[i]) != 0;
			i++;
		}
		if (i == start)
			break;
		(*words)++;
		if (upper >= 2 && lower == 0) {
			size_t k;

			for (k = start; k < i; k++)
				tk_buf_addch(&r->caps, tolower((unsigned char)s[k]));
			tk_buf_addch(&r->caps, '\0');
			ncaps++;
		}
	}
	return ncaps;
}

static int is_caps(const struct tk_senti *r, const char *w, size_t len)
{
	const char *p = r->caps.buf, *end = r->caps.buf + r->caps.len;

	while (p < end) {
		size_t n = strlen(p);

		if (n == len && memcmp(p, w, len) == 0)
			return 1;
		p += n + 1;
	}
	return 0;
}

/* A word like "can't", "dont", "isnt": a negation by its shape. */
static int negated_shape(const char *w, size_t len)
{
	if (len >= 3 && memcmp(w + len - 3, "n't", 3) == 0)
		return 1;
	if (len >= 5 && memcmp(w + len - 5, "n\xe2\x80\x99t", 5) == 0)
		return 1;
	return 0;
}

/* Symbols (emoticons, emoji) found in the text: whole, between spaces or ends for ASCII ones. */
static void find_symbols(const struct tk_lexicon *l, const char *s, size_t len, struct tk_senti *r)
{
	const char *p = s, *end = s + len;
	size_t k;

	while (p < end) {
		size_t best = 0, bestlen = 0;

		if (!l->symfirst[(unsigned char)*p]) {
			p++;
			continue;
		}
		/* The longest symbol here: "❤️" is one symbol, not "❤" and another. */
		for (k = 0; k < l->nsym; k++) {
			const char *term = tk_lexicon_term(l, l->sym[k]);
			size_t tlen = strlen(term);
			int left, right;

			if (tlen <= bestlen || term[0] != *p || (size_t)(end - p) < tlen ||
			    memcmp(p, term, tlen) != 0)
				continue;
			if ((unsigned char)term[0] < 0x80) {
				/* ASCII symbols stand alone: ":)" but not "a:)b"; ":)))" and "<333" are ":)" and "<3". */
				const char *q = p + tlen;

				while (q < end && *q == term[tlen - 1])
					q++;
				left = p == s || p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t';
				right = q == end || *q == ' ' || *q == '\n' || *q == '\t' || *q == '.' || *q == ',' ||
					*q == '!';
				if (!(left && right))
					continue;
				tlen = (size_t)(q - p);
			}
			best = l->sym[k];
			bestlen = tlen;
		}
		if (!bestlen) {
			p++;
			continue;
		}
		if (l->e[best].kinds & (1u << TK_SENTI_POLARITY))
			add_hit(r, best, TK_SENTI_POLARITY, l->e[best].w[TK_SENTI_POLARITY], 1, (size_t)-1);
		for (unsigned c = TK_SENTI_FRUSTRATION; c < TK_SENTI_KINDS; c++)
			if (l->e[best].kinds & (1u << c))
				add_hit(r, best, (enum tk_senti_kind)c, l->e[best].w[c], 1, (size_t)-1);
		p += bestlen;
	}
}

/*
 * Tokenize s into r->toks clause by clause, noting each word's clause in
 * r->clause: a clause ends at ". ! ? ; : ," followed by a space or the end
 * ("v2.3.1", "e.g" and "3,000" do not end one).
 */
static void tokenize_clauses(const char *s, size_t len, struct tk_senti *r)
{
	struct tk_tokens *t = &r->toks;
	size_t start = 0, i, before, clause = 0;

	tk_tokens_reset(t);
	for (i = 0; i <= len; i++) {
		int end = i == len ||
			  ((s[i] == '.' || s[i] == '!' || s[i] == '?' || s[i] == ';' || s[i] == ':' ||
			    s[i] == ',') &&
			   (i + 1 == len || s[i + 1] == ' ' || s[i + 1] == '\n' || s[i + 1] == '\t' ||
			    s[i + 1] == '\r'));

		if (!end)
			continue;
		before = t->n;
		tk_tokenize(&senti_tz, s + start, i - start, t);
		if (r->clausealloc < t->n + 1) {
			r->clausealloc = 2 * (t->n + 1);
			r->clause = tk_realloc(r->clause, r->clausealloc * sizeof(*r->clause));
		}
		for (; before < t->n; before++)
			r->clause[before] = (uint32_t)clause;
		clause++;
		start = i + 1;
	}
}

/*
 * s with its HTML character references decoded into out, or s itself when
 * it has none: the five named ones XML has, "&nbsp;" (a space), and the
 * numeric ones ("&#39;", "&#x2764;") of characters other than NUL,
 * surrogates and those past U+10FFFF.  Anything else is left as it is.
 */
static const char *unescape_html(const char *s, size_t *len, struct tk_buf *out)
{
	static const struct {
		const char *name;
		char c;
	} named[] = { { "amp;", '&' }, { "lt;", '<' },	  { "gt;", '>' },
		      { "quot;", '"' }, { "apos;", '\'' }, { "nbsp;", ' ' } };
	const char *p = memchr(s, '&', *len), *end = s + *len, *from = s;

	if (!p)
		return s;
	tk_buf_reset(out);
	for (; p; p = memchr(p, '&', (size_t)(end - p))) {
		size_t k, rest = (size_t)(end - p) - 1, used = 0;
		char enc[4];
		size_t nenc = 0;

		for (k = 0; k < sizeof(named) / sizeof(named[0]); k++) {
			size_t n = strlen(named[k].name);

			if (rest >= n && memcmp(p + 1, named[k].name, n) == 0) {
				enc[0] = named[k].c;
				nenc = 1;
				used = n;
				break;
			}
		}
		if (!nenc && rest >= 3 && p[1] == '#') {
			int hex = p[2] == 'x' || p[2] == 'X';
			const char *q = p + 2 + hex;
			uint32_t cp = 0;
			size_t digits = 0;

			for (; q < end && digits < 7 && (hex ? isxdigit((unsigned char)*q) : isdigit((unsigned char)*q));
			     q++, digits++)
				cp = cp * (hex ? 16 : 10) +
				     (uint32_t)(isdigit((unsigned char)*q) ? *q - '0' : (*q | 0x20) - 'a' + 10);
			if (digits && q < end && *q == ';' && cp && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)) {
				nenc = tk_utf8_encode(cp, enc);
				used = (size_t)(q + 1 - (p + 1));
			}
		}
		if (!nenc) {
			p++;
			continue;
		}
		tk_buf_add(out, from, (size_t)(p - from));
		tk_buf_add(out, enc, nenc);
		p += 1 + used;
		from = p;
	}
	if (from == s)
		return s;
	tk_buf_add(out, from, (size_t)(end - from));
	*len = out->len;
	return out->buf;
}

/* A word the tokenizer put for a number, a link or an e-mail address. */
static int placeholder(const char *w, size_t len)
{
	return (len == 5 && (memcmp(w, "<num>", 5) == 0 || memcmp(w, "<url>", 5) == 0)) ||
	       (len == 7 && memcmp(w, "<email>", 7) == 0);
}

/*
 * How many of the words t has of s are of no language: numbers, links,
 * e-mail addresses, @names and #tags (a word after an @ or # that starts
 * a word of s).
 */
static size_t names(const char *s, size_t len, const struct tk_tokens *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->n; i++)
		n += placeholder(t->text.buf + t->span[i].off, t->span[i].len);
	for (i = 0; i + 1 < len; i++)
		n += (s[i] == '@' || s[i] == '#') && (i == 0 || isspace((unsigned char)s[i - 1])) &&
		     (isalnum((unsigned char)s[i + 1]) || s[i + 1] == '_');
	return n < t->n ? n : t->n;
}

#define RULE_KINDS                                                                                \
	(1u << TK_SENTI_POLARITY | 1u << TK_SENTI_NEGATION | 1u << TK_SENTI_INTENSIFIER |        \
	 1u << TK_SENTI_CONTRAST)
#define CUE_KINDS (1u << TK_SENTI_FRUSTRATION | 1u << TK_SENTI_URGENCY | 1u << TK_SENTI_CHURN)

/*
 * Whether the word w has a letter three times in a row ("sooo"); with keep
 * not 0, write it to out (of TK_SENTI_WORD bytes) with each such run cut
 * to keep letters and return the new length.
 */
size_t tk_senti_elongated(const char *w, size_t len, int keep, char *out)
{
	size_t i, j, o = 0;
	int found = 0;

	if (len >= TK_SENTI_WORD)
		return 0;
	for (i = 0; i < len; i = j) {
		size_t run;

		for (j = i + 1; j < len && w[j] == w[i]; j++)
			;
		run = j - i;
		if (run >= 3 && isalpha((unsigned char)w[i])) {
			found = 1;
			run = (size_t)keep;
		}
		if (keep) {
			memset(out + o, w[i], run);
			o += run;
		}
	}
	return found ? (keep ? o : 1) : 0;
}

/*
 * The word at w, or when it is not in the lexicon and drawn out ("gooood",
 * "yaaay"), the word with its runs of letters cut to two ("good"), else to
 * one ("yay"): its value in l->first.  Return 0 for neither, 1 for the word,
 * 2 for the word drawn out.
 */
static int first_word(const struct tk_lexicon *l, const char *w, size_t len, int *v)
{
	char cut[TK_SENTI_WORD];
	int keep;

	if (tk_wordset_get(&l->first, w, len, v))
		return 1;
	for (keep = 2; keep >= 1; keep--) {
		size_t n = tk_senti_elongated(w, len, keep, cut);

		if (!n)
			return 0;
		/* Only a word of its own: a phrase is matched as written. */
		if (tk_wordset_get(&l->first, cut, n, v) && (*v & 0xffffff)) {
			*v &= 0xffffff;
			return 2;
		}
	}
	return 0;
}

/*
 * The longest term of a kind in mask that starts at word i: its entry and
 * length in words.  A drawn-out word ("nooo") is no negation: it cries out.
 */
static const struct tk_lexentry *longest(const struct tk_lexicon *l, const struct tk_tokens *t,
					 size_t i, unsigned mask, size_t *entry, size_t *n)
{
	const char *w = t->text.buf + t->span[i].off;
	size_t k, maxk;
	int idx, v, found;

	*n = 1;
	found = first_word(l, w, t->span[i].len, &v);
	if (!found)
		return NULL;
	if (found == 2)
		mask &= ~(1u << TK_SENTI_NEGATION);
	maxk = (unsigned)v >> 24;
	for (k = maxk < t->n - i ? maxk : t->n - i; k >= 2; k--) {
		const struct tk_span *last = &t->span[i + k - 1];

		if (tk_wordset_get(&l->index, w, last->off + last->len - t->span[i].off, &idx) &&
		    (l->e[idx].kinds & mask)) {
			*entry = (size_t)idx;
			*n = k;
			return &l->e[idx];
		}
	}
	idx = (v & 0xffffff) - 1;
	if (idx < 0 || !(l->e[idx].kinds & mask))
		return NULL;
	*entry = (size_t)idx;
	return &l->e[idx];
}

void tk_senti_score(const struct tk_lexicon *l, const char *s, size_t len, struct tk_senti *r)
{
	struct tk_tokens *t = &r->toks;
	size_t i, n, words, lang, ncaps;
	size_t contrast = (size_t)-1, last_neg = (size_t)-1, last_int = (size_t)-1;
	size_t known = 0, stackfirst[64], *first, nfirst = 0;
	double intensity = 0, contrast_w = 1, notcue[TK_SENTI_KINDS], damp;

	r->nhit = 0;
	r->s = 0;
	s = unescape_html(s, &len, &r->plain);
	tk_tokens_reset(t);
	tokenize_clauses(s, len, r);
	ncaps = find_caps(s, len, r, &words);
	r->shouting = ncaps >= 3 && 2 * ncaps >= words;
	for (r->bangs = 0, i = 0; i < len; i++)
		r->bangs += s[i] == '!';
	for (i = 0; i < TK_SENTI_KINDS; i++)
		notcue[i] = 1;

	/* Pass 1: polarity and the words that move it, the longest term at each word. */
	if (r->negalloc < t->n + 1) {
		r->negalloc = t->n + 1;
		r->negated = tk_realloc(r->negated, r->negalloc);
	}
	memset(r->negated, 0, t->n + 1);
	for (i = 0; i < t->n; i += n) {
		const char *w = t->text.buf + t->span[i].off;
		size_t entry;
		const struct tk_lexentry *e = longest(l, t, i, RULE_KINDS, &entry, &n);

		/* A negation reaches up to three words on, within its clause. */
		if (last_neg != (size_t)-1 && r->clause[i] != r->clause[last_neg])
			last_neg = (size_t)-1;
		r->negated[i] = last_neg != (size_t)-1 && i > last_neg && i - last_neg <= TK_SENTI_NEG_SCOPE;
		if (!e || !(e->kinds & (1u << TK_SENTI_NEGATION))) {
			if (negated_shape(w, t->span[i].len))
				last_neg = i;
		}
		if (!e)
			continue;
		known += n;
		if (e->kinds & (1u << TK_SENTI_NEGATION)) {
			last_neg = i + n - 1;
			add_hit(r, entry, TK_SENTI_NEGATION, e->w[TK_SENTI_NEGATION], 1, i);
		}
		if (e->kinds & (1u << TK_SENTI_INTENSIFIER)) {
			last_int = i + n - 1;
			intensity = e->w[TK_SENTI_INTENSIFIER];
		}
		if (e->kinds & (1u << TK_SENTI_CONTRAST)) {
			contrast = r->nhit;
			contrast_w = e->w[TK_SENTI_CONTRAST];
			add_hit(r, entry, TK_SENTI_CONTRAST, e->w[TK_SENTI_CONTRAST], 1, i);
		}
		/*
		 * A negation with a polarity of its own ("no") has it only when the
		 * word after it in its clause has none: "No. Not again" but not
		 * "no problem".
		 */
		if ((e->kinds & (1u << TK_SENTI_NEGATION)) && i + n < t->n &&
		    r->clause[i + n] == r->clause[i]) {
			size_t e2, n2;
			const struct tk_lexentry *next = longest(l, t, i + n, RULE_KINDS, &e2, &n2);

			if (next && (next->kinds & (1u << TK_SENTI_POLARITY)) &&
			    next->w[TK_SENTI_POLARITY] != 0)
				continue;
		}
		if (e->kinds & (1u << TK_SENTI_POLARITY) && e->w[TK_SENTI_POLARITY] != 0) {
			double mult = 1;

			if (last_int != (size_t)-1 && i > last_int && i - last_int <= 2)
				mult *= 1 + intensity;
			if (!r->shouting && n == 1 && is_caps(r, w, t->span[i].len))
				mult *= TK_SENTI_CAPS;
			/* A negation's own polarity is not turned by another: "no no no". */
			if (r->negated[i] && !(e->kinds & (1u << TK_SENTI_NEGATION))) {
				/* The factor of the nearest negation word, or of a "n't" word. */
				double f = -0.6;
				size_t h;

				for (h = r->nhit; h-- > 0;)
					if (r->hit[h].kind == TK_SENTI_NEGATION) {
						if (r->hit[h].pos + 1 + TK_SENTI_NEG_SCOPE > i)
							f = r->hit[h].value;
						break;
					}
				/* "not bad" is less good than "good" is. */
				if (e->w[TK_SENTI_POLARITY] < 0)
					f *= TK_SENTI_NEG_NEG;
				mult *= f;
			}
			add_hit(r, entry, TK_SENTI_POLARITY, (float)(mult * e->w[TK_SENTI_POLARITY]),
				(float)mult, i);
		}
	}
	/*
	 * Pass 2: the cue phrases, matched apart so that "still not fixed" is a
	 * frustration cue and its words still count for polarity.  A cue that
	 * follows a negation ("not urgent") does not count.
	 */
	for (i = 0; i < t->n; i += n) {
		size_t entry;
		const struct tk_lexentry *e = longest(l, t, i, CUE_KINDS, &entry, &n);

		if (!e || r->negated[i])
			continue;
		for (unsigned c = TK_SENTI_FRUSTRATION; c < TK_SENTI_KINDS; c++)
			if (e->kinds & (1u << c))
				add_hit(r, entry, (enum tk_senti_kind)c, e->w[c], 1, i);
	}
	/*
	 * Text in another language: when the English lexicon knows few of its
	 * words (English stopwords included) among those of a language (not
	 * numbers, links, @names), its few matches are chance ("die" in
	 * German), so the polarity is left at neutral.
	 */
	if (l->stop.n && t->n >= 5 && (lang = t->n - names(s, len, t)) >= 5) {
		for (i = 0; i < t->n; i++)
			known += tk_wordset_get(&l->stop, t->text.buf + t->span[i].off, t->span[i].len, NULL);
		r->foreign = (double)known < TK_SENTI_FOREIGN * (double)lang;
	} else {
		r->foreign = 0;
	}
	find_symbols(l, s, len, r);

	/* Long texts: many words add up to a lot of noise; scale by sqrt(L / words) past L words. */
	damp = t->n > TK_SENTI_LONG ? sqrt((double)TK_SENTI_LONG / (double)t->n) : 1;
	/* Contrast: what follows the last "but" counts more, what precedes it less. */
	for (i = 0; i < r->nhit; i++) {
		struct tk_senti_hit *h = &r->hit[i];

		if (h->kind != TK_SENTI_POLARITY)
			continue;
		if (r->foreign && h->pos != (size_t)-1) {
			h->value = 0;
			continue;
		}
		if (contrast != (size_t)-1 && h->pos != (size_t)-1) {
			double f = h->pos > r->hit[contrast].pos ? contrast_w : 1 / contrast_w;

			h->value = (float)(h->value * f);
			h->mult = (float)(h->mult * f);
		}
		if (damp != 1) {
			h->value = (float)(h->value * damp);
			h->mult = (float)(h->mult * damp);
		}
		r->s += h->value;
	}
	if (r->s != 0 && r->bangs)
		r->s += (r->s > 0 ? 1 : -1) * TK_SENTI_BANG * (r->bangs > 4 ? 4 : r->bangs);
	r->score = r->s / sqrt(r->s * r->s + TK_SENTI_ALPHA);

	/* Cues: a noisy or of their weights; the same cue counts once.  The first hit of each
	   cue is looked for among the cues seen, which are few, not among all the hits before
	   it, which a long text makes many (a quadratic time). */
	first = r->nhit <= 64 ? stackfirst : tk_malloc(r->nhit * sizeof(*first));
	for (i = 0; i < r->nhit; i++) {
		const struct tk_senti_hit *h = &r->hit[i];
		size_t j;

		if (h->kind < TK_SENTI_FRUSTRATION)
			continue;
		for (j = 0; j < nfirst; j++)
			if (r->hit[first[j]].entry == h->entry && r->hit[first[j]].kind == h->kind)
				break;
		if (j < nfirst)
			continue;
		first[nfirst++] = i;
		if (h->value > 0)
			notcue[h->kind] *= 1 - (h->value < 1 ? h->value : 1);
	}
	if (first != stackfirst)
		free(first);
	/* Shouting and strong negativity are frustration of their own. */
	if (r->shouting)
		notcue[TK_SENTI_FRUSTRATION] *= 0.5;
	if (r->bangs >= 3 && r->s < 0)
		notcue[TK_SENTI_FRUSTRATION] *= 0.7;
	if (r->score < -0.5)
		notcue[TK_SENTI_FRUSTRATION] *= 1 - (-r->score - 0.5);
	r->frustration = 1 - notcue[TK_SENTI_FRUSTRATION];
	r->urgency = 1 - notcue[TK_SENTI_URGENCY];
	r->churn = 1 - notcue[TK_SENTI_CHURN];
}

/* Learning. */

#define TK_SENTI_PULL 1e-2          /* of a weight back to its seed, per occurrence and step */
#define TK_SENTI_PULL_NEUTRAL 0.1   /* of a word seeded with the weight 0 */

struct occ {
	uint32_t entry;
	float mult;
};

double tk_lexicon_learn(struct tk_lexicon *l, const char *const *texts, const size_t *lens,
		      const double *targets, const double *weights, size_t n, unsigned min_count,
		      unsigned epochs, double seed_share, double prune)
{
	struct tk_senti r;
	struct occ *occ = NULL;
	size_t *start = tk_calloc(n + 1, sizeof(*start)), nocc = 0, alloc = 0, i, k, e;
	double *extra = tk_calloc(n + 1, sizeof(*extra)), *w, *prior, *pull;
	unsigned *count, *seen;
	size_t npull;
	size_t *order = tk_malloc((n + 1) * sizeof(*order));
	uint64_t rng = 0x243f6a8885a308d3u;
	double sxy = 0, sxx = 0, scale;
	unsigned ep;

	/*
	 * The pull of each weight back to the one it came with: a word given
	 * the weight 0 (one judged to carry no sentiment, "film") is pulled
	 * harder than the others, so that it does not take on the mood of a
	 * corpus it is frequent in.
	 */
	npull = l->n;
	pull = tk_malloc((npull + 1) * sizeof(*pull));
	for (e = 0; e < npull; e++)
		pull[e] = (l->e[e].kinds & (1u << TK_SENTI_POLARITY)) && l->e[e].w[TK_SENTI_POLARITY] == 0
				  ? TK_SENTI_PULL_NEUTRAL
				  : TK_SENTI_PULL;
	/* Every word a polarity term (weight 0) unless it has a kind already. */
	tk_senti_init(&r);
	for (i = 0; i < n; i++) {
		size_t len = lens[i];
		const char *text = unescape_html(texts[i], &len, &r.plain);

		tk_tokens_reset(&r.toks);
		tk_tokenize(&senti_tz, text, len, &r.toks);
		for (k = 0; k < r.toks.n; k++) {
			const char *wd = r.toks.text.buf + r.toks.span[k].off;
			int idx;

			/*
			 * A number or a link says nothing of sentiment, whatever the training
			 * texts say; a drawn-out word counts as the word it draws out.
			 */
			if (placeholder(wd, r.toks.span[k].len) ||
			    tk_senti_elongated(wd, r.toks.span[k].len, 0, NULL))
				continue;
			if (!tk_wordset_get(&l->index, wd, r.toks.span[k].len, &idx))
				tk_lexicon_set(l, wd, r.toks.span[k].len, TK_SENTI_POLARITY, 0);
			else if (!(l->e[idx].kinds & RULE_KINDS))
				l->e[idx].kinds |= 1u << TK_SENTI_POLARITY; /* a cue word has a polarity too */
		}
	}
	pull = tk_realloc(pull, (l->n + 1) * sizeof(*pull));
	for (e = npull; e < l->n; e++)
		pull[e] = TK_SENTI_PULL;
	count = tk_calloc(l->n + 1, sizeof(*count));
	seen = tk_calloc(l->n + 1, sizeof(*seen));
	/* Mark every polarity entry so the rules report it even at weight 0. */
	for (e = 0; e < l->n; e++)
		if ((l->e[e].kinds & (1u << TK_SENTI_POLARITY)) && l->e[e].w[TK_SENTI_POLARITY] == 0)
			l->e[e].w[TK_SENTI_POLARITY] = 1e-6f;
	/* Each text's occurrences of polarity terms with the rules' factors; the rest is constant. */
	for (i = 0; i < n; i++) {
		tk_senti_score(l, texts[i], lens[i], &r);
		start[i] = nocc;
		for (k = 0; k < r.nhit; k++) {
			const struct tk_senti_hit *h = &r.hit[k];

			if (h->kind != TK_SENTI_POLARITY)
				continue;
			if (l->e[h->entry].ntok == 0) {
				extra[i] += h->value;
				continue;
			}
			if (nocc == alloc) {
				alloc = alloc ? 2 * alloc : 65536;
				occ = tk_realloc(occ, alloc * sizeof(*occ));
			}
			occ[nocc++] = (struct occ){ (uint32_t)h->entry, h->mult };
			if (seen[h->entry] != i + 1) {
				seen[h->entry] = (unsigned)i + 1;
				count[h->entry]++;
			}
		}
	}
	start[n] = nocc;
	w = tk_calloc(l->n + 1, sizeof(*w));
	for (e = 0; e < l->n; e++)
		w[e] = l->e[e].w[TK_SENTI_POLARITY] == 1e-6f ? 0 : l->e[e].w[TK_SENTI_POLARITY];
	prior = tk_malloc((l->n + 1) * sizeof(*prior));
	memcpy(prior, w, l->n * sizeof(*w));
	for (i = 0; i < n; i++)
		order[i] = i;
	for (ep = 0; ep < epochs; ep++) {
		double lr = 0.5 / (1 + ep);

		for (i = n; i > 1; i--) {
			size_t j, t;

			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			j = (size_t)(rng % i);
			t = order[i - 1];
			order[i - 1] = order[j];
			order[j] = t;
		}
		for (k = 0; k < n; k++) {
			size_t d = order[k], o;
			double s = extra[d], score, g;

			for (o = start[d]; o < start[d + 1]; o++)
				s += w[occ[o].entry] * occ[o].mult;
			score = s / sqrt(s * s + TK_SENTI_ALPHA);
			g = (targets[d] - score) * TK_SENTI_ALPHA / pow(s * s + TK_SENTI_ALPHA, 1.5);
			if (weights)
				g *= weights[d];
			for (o = start[d]; o < start[d + 1]; o++) {
				e = occ[o].entry;
				if (count[e] < min_count)
					continue;
				w[e] += lr * (g * occ[o].mult - pull[e] * (w[e] - prior[e]));
			}
		}
	}
	/*
	 * A word the lexicon came with keeps seed_share of the way the texts
	 * moved it: its weight was a judgement of the word, the texts are
	 * evidence of how they used it, and a blend of the two can score kinds
	 * of text the texts do not show better than either alone.
	 */
	for (e = 0; e < npull; e++)
		w[e] = prior[e] + seed_share * (w[e] - prior[e]);
	/*
	 * A word seen too rarely to learn from keeps the weight it came with,
	 * scaled as learning scaled the seeds it saw (the least-squares slope of
	 * their learnt weights on their seeds), so that it weighs as much
	 * against them as its seed said.
	 */
	for (e = 0; e < l->n; e++)
		if ((l->e[e].kinds & (1u << TK_SENTI_POLARITY)) && l->e[e].ntok && prior[e] != 0 &&
		    count[e] >= min_count) {
			sxy += w[e] * prior[e];
			sxx += prior[e] * prior[e];
		}
	scale = sxx > 0 ? sxy / sxx : 1;
	for (e = 0; e < l->n; e++) {
		if (!(l->e[e].kinds & (1u << TK_SENTI_POLARITY)) || l->e[e].ntok == 0)
			continue;
		if (count[e] < min_count && prior[e] != 0) {
			l->e[e].w[TK_SENTI_POLARITY] = (float)(scale * prior[e]);
			continue;
		}
		if (count[e] < min_count || fabs(w[e]) < prune) {
			l->e[e].w[TK_SENTI_POLARITY] = 0;
			if (l->e[e].kinds == (1u << TK_SENTI_POLARITY) || count[e] < min_count)
				l->e[e].kinds &= ~(1u << TK_SENTI_POLARITY);
			continue;
		}
		l->e[e].w[TK_SENTI_POLARITY] = (float)w[e];
	}
	free(w);
	free(prior);
	free(pull);
	free(occ);
	free(start);
	free(extra);
	free(count);
	free(seen);
	free(order);
	tk_senti_release(&r);
	return scale;
}
