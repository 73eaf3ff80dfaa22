/*
 * Sentiment of a ticket: polarity from a lexicon of weighted terms and
 * phrases, moved by rules (negation, intensifiers, contrast, emphasis by
 * capitals and "!"), and frustration, urgency and churn risk from cue
 * phrases.  tk-sentiment(1) describes the rules and the scores.
 *
 * A lexicon is a TSV file: term, weight and, optionally, what the term is
 * (polarity when absent):
 *
 *	terrible	-2.1
 *	thanks in advance	0
 *	not	-0.7	negation
 *	extremely	0.35	intensifier
 *	but	1.5	contrast
 *	third time	0.6	frustration
 *	production is down	0.9	urgency
 *	cancel my subscription	0.8	churn
 *	:(	-1.2
 *
 * Terms are tokenized and folded as tk-tokenize does, so a phrase matches
 * whatever its case; a term with no word in it (":(", an emoji) is looked
 * for in the text as it is.  Loading a file adds its terms and replaces
 * the entries of terms already there (kind by kind).
 */
#ifndef TK_SENTIMENT_H
#define TK_SENTIMENT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "token.h"
#include "wordset.h"

enum tk_senti_kind {
	TK_SENTI_POLARITY,
	TK_SENTI_NEGATION,    /* turns the polarity of the next terms (weight: the factor) */
	TK_SENTI_INTENSIFIER, /* scales the next polarity term by 1 + weight */
	TK_SENTI_CONTRAST,    /* "but": what follows counts weight times, what precedes 1 / weight */
	TK_SENTI_FRUSTRATION,
	TK_SENTI_URGENCY,
	TK_SENTI_CHURN,
	TK_SENTI_KINDS
};

/* The name of a kind as lexicon files write it. */
const char *tk_senti_kind_name(enum tk_senti_kind k);

struct tk_lexentry {
	float w[TK_SENTI_KINDS];
	unsigned kinds;   /* bit k set: the term is of kind k */
	unsigned ntok;    /* words in the term (0: a symbol matched in the raw text) */
	size_t term;      /* offset of its text in the lexicon's pool */
};

struct tk_lexicon {
	struct tk_wordset index; /* folded term -> entry */
	struct tk_lexentry *e;
	size_t n, alloc;
	struct tk_buf pool;      /* terms, NUL-terminated */
	size_t *sym;             /* entries of symbol terms */
	size_t nsym;
	unsigned maxtok;
	/*
	 * Per first word of any term: (its own entry + 1) | (the most words of
	 * a term it starts) << 24, so that most words cost one lookup.
	 */
	struct tk_wordset first;
	unsigned char symfirst[256]; /* bytes that start a symbol term */
	struct tk_wordset stop;  /* English stopwords, with the English lexicon: to tell English */
	struct tk_tokens scratch;
};

void tk_lexicon_init(struct tk_lexicon *l);
void tk_lexicon_release(struct tk_lexicon *l);

/* The text of entry i's term. */
static inline const char *tk_lexicon_term(const struct tk_lexicon *l, size_t i)
{
	return l->pool.buf + l->e[i].term;
}

/*
 * Add the lexicon text[0 .. len) (the TSV format above) to l; name is the
 * file's name for messages.  On a bad line return -1 with err naming it.
 */
int tk_lexicon_parse(struct tk_lexicon *l, const char *text, size_t len, const char *name,
		     struct tk_error *err);

/* Add the lexicon file at path to l; -1 with err set on failure. */
int tk_lexicon_load(struct tk_lexicon *l, const char *path, struct tk_error *err);

/*
 * Add the built-in English lexicon: the hand-written rules and cues of
 * lib/lexicon/en.tsv, and with learned the word weights of en-learned.tsv.
 */
void tk_lexicon_add_english(struct tk_lexicon *l, int learned);

/* Set the weight of term (folded words joined by spaces) for kind, adding it when new. */
void tk_lexicon_set(struct tk_lexicon *l, const char *term, size_t len, enum tk_senti_kind kind,
		    float w);

/*
 * Whether the word w has a letter three times in a row ("sooo"); with keep
 * not 0, write it to out (of TK_SENTI_WORD bytes) with each such run cut
 * to keep letters and return the new length.  Words of TK_SENTI_WORD bytes
 * or more are not looked at.
 */
#define TK_SENTI_WORD 64
size_t tk_senti_elongated(const char *w, size_t len, int keep, char *out);

/* The rules' constants: see tk-sentiment(1). */
#define TK_SENTI_ALPHA 15.0     /* score = s / sqrt(s^2 + alpha) */
#define TK_SENTI_NEG_SCOPE 3    /* a negation turns terms up to this many words after it */
#define TK_SENTI_NEG_NEG 0.5    /* a negated negative term turns this much as far as a positive */
#define TK_SENTI_CAPS 1.4       /* a shouted term among words that are not */
#define TK_SENTI_BANG 0.25      /* per "!", up to 4, added to |s| */
#define TK_SENTI_LONG 15        /* past this many words, s is scaled by sqrt(LONG / words) */
#define TK_SENTI_FOREIGN 0.3    /* fewer known words than this share (of 5 or more): not English */

/* One term found in a ticket, and what it did. */
struct tk_senti_hit {
	size_t entry;
	enum tk_senti_kind kind;
	float value;        /* its contribution after the rules */
	float mult;         /* the rules' factor on its weight (polarity) */
	size_t pos;         /* word position */
};

struct tk_senti {
	double s;           /* the sum of the polarity contributions */
	double score;       /* -1 .. 1 */
	double frustration, urgency, churn;
	int shouting;       /* most words in capitals */
	int foreign;        /* few words the English lexicon knows: polarity left neutral */
	unsigned bangs;
	struct tk_senti_hit *hit;
	size_t nhit, hitalloc;
	/* scratch */
	struct tk_tokens toks;
	struct tk_buf caps;
	struct tk_buf plain;    /* the text with its HTML character references decoded */
	unsigned char *negated; /* per word: within a negation's scope */
	size_t negalloc;
	uint32_t *clause;       /* per word: its clause */
	size_t clausealloc;
};

void tk_senti_init(struct tk_senti *r);
void tk_senti_release(struct tk_senti *r);

/*
 * Score the UTF-8 text s[0 .. len) with l into r.  HTML character
 * references ("&lt;3", "&amp;", "&#39;") are read as the characters they
 * stand for: ticket exports and tweets often carry them.
 */
void tk_senti_score(const struct tk_lexicon *l, const char *s, size_t len, struct tk_senti *r);

/*
 * Learn polarity weights for the words of texts (n of them, with target
 * scores in -1 .. 1 and weights, or NULL for 1 each): every word seen in
 * at least min_count texts gets a weight, fitted by stochastic gradient
 * descent on the weighted squared error of the score the rules give, from
 * the weights l already has, with an L2 pull (1e-2) back towards them:
 * seed weights are a prior.  A word l has with the weight 0 is pulled ten
 * times harder: it is a word judged to carry no sentiment.  A word l has
 * then keeps the share seed_share of the way learning moved it from its
 * weight (1: all of it).  A word of l seen in fewer texts keeps its weight,
 * times the least-squares slope of the weights the seeded words seen now
 * have on their seeds: return that factor (1 when no seeded word was seen
 * often enough).  Words l gives another kind keep it.  Weights under prune
 * in size are dropped.
 */
double tk_lexicon_learn(struct tk_lexicon *l, const char *const *texts, const size_t *lens,
		      const double *targets, const double *weights, size_t n, unsigned min_count,
		      unsigned epochs, double seed_share, double prune);

#endif
