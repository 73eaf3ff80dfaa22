/*
 * The text classifier behind tk-train and tk-classify: a linear model over
 * TF-IDF weighted, hashed word and character n-grams, one-vs-rest, with
 * calibrated probabilities.  tk-model(5) documents the method and the file.
 *
 * A ticket becomes a sparse vector in two blocks: word n-grams (1 .. words
 * tokens) and character n-grams (char_min .. char_max code points of
 * "<token>"), each feature keyed by its 32-bit hash (hash.h).  A feature's
 * value is (1 + ln tf) * idf, idf = ln((1 + N) / (1 + df)) + 1, and each
 * block is scaled to unit length.  Character n-grams seen in fewer than
 * min_count training tickets are not in the model (every word n-gram is);
 * at prediction time a feature the model lacks is ignored.
 *
 * Each label has a weight vector and a bias, learnt as an L2-regularised
 * squared-hinge SVM against all other labels (dual coordinate descent,
 * as liblinear does).  Scores become probabilities two ways, both fitted
 * on held-out tickets: softmax(score / temperature) over the labels (the
 * confidence of the top label), and sigmoid(a * score + b) per label on its
 * own (the probability that the label applies, for tickets about several
 * things at once).
 */
#ifndef TK_LINEAR_H
#define TK_LINEAR_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "hash.h"
#include "token.h"

/* The version of the model file format this library writes and reads. */
#define TK_MODEL_VERSION 1

/* How a ticket's tokens become features: saved in the model. */
struct tk_featcfg {
	unsigned tokflags;           /* enum tk_tok_flag bits the text is tokenized with */
	unsigned words;              /* word n-grams of 1 .. words tokens (0: none) */
	unsigned char_min, char_max; /* character n-grams (char_max 0: none) */
};

/* How to train: the defaults come from tk_trainopts_init(). */
struct tk_trainopts {
	struct tk_featcfg feat;
	unsigned min_count;  /* keep character n-grams seen in at least this many tickets */
	double cost;         /* C: the weight of the loss against the regulariser */
	int balanced;        /* scale each label's C by n / (labels * n_label) */
	double eps;          /* stop when the projected-gradient gap falls below this */
	unsigned max_iter;   /* passes over the data per label, at most */
	double valid_share;  /* share of tickets held out for calibration (0: none) */
	double update_weight; /* an update's C is cost times this (0: see tk_linear_train()) */
	uint64_t seed;
	unsigned jobs;       /* threads */
	/* called after each label is trained, from the training threads, serialized */
	void (*progress)(void *ctx, const char *phase, size_t done, size_t total);
	void *progress_ctx;
};

void tk_trainopts_init(struct tk_trainopts *o);

struct tk_linear {
	struct tk_featcfg feat;
	unsigned min_count;
	double cost;
	int balanced;

	char **label;    /* label names, owned */
	size_t nlabel;

	/* Features, by column: word features 0 .. nword-1, character ones after. */
	size_t nfeat, nword;
	uint32_t *hash;  /* feature key */
	uint32_t *df;    /* tickets it was seen in */
	float *idf;
	/*
	 * The weights, sparse by feature: feature f's non-zero weights are
	 * wv[row[f] .. row[f + 1]), for the labels lab[] there.  Most are zero
	 * (a one-vs-rest SVM's weight for a feature stays zero unless a ticket
	 * with it was a support vector for that label), so this is both smaller
	 * and faster than a dense matrix.
	 */
	size_t *row;     /* nfeat + 1 */
	struct tk_weight {
		uint16_t label;
		int16_t q;      /* the weight is q * wscale */
	} *wt;
	size_t nnz;
	float wscale;
	float *bias;     /* nlabel */
	double ndocs;    /* tickets trained on, in all */

	/* Calibration. */
	double temperature;   /* softmax(score / temperature) */
	double platt_a, platt_b;
	int calibrated;       /* 0: fitted on no held-out tickets */

	char *summary;   /* the training summary, a JSON object text */

	/*
	 * Derived when loaded or trained: the features by key, open-addressed,
	 * each slot holding all that scoring needs of its feature, so that a
	 * ticket's rare features cost one cache miss each and not five.
	 */
	struct tk_slot {
		uint32_t key;
		uint32_t start; /* its weights: wt[start .. start + (info & TK_SLOT_LEN)),
				   or with TK_SLOT_DENSE the row dense[start * nlabel ..] */
		uint32_t info;  /* TK_SLOT_USED, _WORD, _DENSE and the number of weights */
		float idf;
	} *slot;
	size_t slotmask;
	/*
	 * The weights of features with weights for most labels, as whole rows
	 * of nlabel: no labels to store and a loop the compiler can vectorise.
	 */
	int16_t *dense;
};

#define TK_SLOT_USED 0x80000000u
#define TK_SLOT_WORD 0x40000000u
#define TK_SLOT_DENSE 0x20000000u
#define TK_SLOT_LEN 0x1fffffffu

void tk_linear_init(struct tk_linear *m);
void tk_linear_release(struct tk_linear *m);

/*
 * Read the model file at path into m (set up with tk_linear_init()).  On
 * failure return -1 with err naming the file and the problem (not a
 * model, newer format, truncated, corrupt) and leave m empty.
 */
int tk_linear_load(struct tk_linear *m, const char *path, struct tk_error *err);

/* A model file's checksum of p[0 .. n): FNV-1a over 8-byte little-endian words, then bytes. */
uint64_t tk_linear_checksum(const unsigned char *p, size_t n);

/*
 * Write m to path atomically: a temporary file in the same directory,
 * fsync, rename.  On failure return -1 with err set; path is untouched.
 * The path "-" means standard output (not atomic, for pipes).
 */
int tk_linear_save(const struct tk_linear *m, const char *path, struct tk_error *err);

/* The most labels a model can have. */
#define TK_MODEL_MAX_LABELS 65535

/* The weight of feature col for label (0 when absent). */
float tk_linear_weight(const struct tk_linear *m, size_t col, size_t label);

/* Set m's sparse weights from the dense nlabel x (nfeat + 1) matrix wt (weights then bias). */
void tk_linear_set_weights(struct tk_linear *m, const float *wt);

/*
 * Set m's sparse weights (not the biases) feature by feature: row(ctx, f,
 * w) puts feature f's weight for each label into w[0 .. nlabel).  It is
 * called twice for each feature, and must give the same weights both times.
 * Weights under 1/2048 of the largest are left out, as a model's are;
 * tk_linear_set_rows_all() keeps every weight that rounds to a non-zero q.
 */
void tk_linear_set_rows(struct tk_linear *m, void (*row)(void *ctx, size_t f, float *w), void *ctx);
void tk_linear_set_rows_all(struct tk_linear *m, void (*row)(void *ctx, size_t f, float *w), void *ctx);

/* The label index of name, or -1. */
long tk_linear_label(const struct tk_linear *m, const char *name, size_t len);

/* A ticket's tokens as a sparse feature vector: a scratch area, reused. */
struct tk_linear_doc {
	struct tk_featvec words, chars;
	struct tk_slot *feat; /* distinct features: copies of their slots in the model */
	float *val;
	uint32_t *cnt;
	size_t n, alloc;
	uint32_t *seen; /* open-addressed: key and its index in feat[] + 1 */
	size_t seenmask;
	float *acc;     /* the scores as they add up */
	size_t nacc;
	/*
	 * The character n-grams of tokens met before, as model slots: tickets
	 * share most of their words, and a word's n-grams cost a dozen hashes
	 * and table lookups.  Bounded: emptied when full.
	 */
	struct tk_tokcache {
		uint32_t hash, len;     /* 0, 0: empty */
		uint32_t text, slots;   /* offsets into cachetext, cacheslots */
		uint32_t nslots;
	} *cache;
	size_t cachemask, ncache;
	struct tk_buf cachetext;
	struct tk_slot *cacheslots;
	size_t ncacheslots, cacheslotalloc;
	const struct tk_linear *cachemodel; /* the model the slots are of */
};

void tk_linear_doc_init(struct tk_linear_doc *d);
void tk_linear_doc_release(struct tk_linear_doc *d);

/*
 * Turn tokens into d (the model's features only) and put each label's
 * score into scores[0 .. nlabel).
 */
void tk_linear_scores(const struct tk_linear *m, const struct tk_tokens *t,
		      struct tk_linear_doc *d, double *scores);

/* Softmax of scores / temperature into p (may be scores itself). */
void tk_linear_softmax(const struct tk_linear *m, const double *scores, double *p);

/* The calibrated probability that label applies, from its score alone. */
double tk_linear_applies(const struct tk_linear *m, double score);

/*
 * The n tokens and word n-grams that pushed label's score up the most, for
 * the document last given to tk_linear_scores() with the tokens t: each
 * token gets its own word feature and its character n-grams; an n-gram of
 * several words its word feature.  Fill names (joined tokens, NUL-separated
 * in out) and weights, strongest first; return how many (at most n).
 */
size_t tk_linear_explain(const struct tk_linear *m, const struct tk_tokens *t,
			 const struct tk_linear_doc *d, size_t label, size_t n, struct tk_buf *out,
			 double *weights);

/* Shared with train.c. */

/* The idf of a feature seen in df of ndocs tickets. */
double tk_idf(double ndocs, double df);

/* Derive m's idf and feature table from its hash, df and ndocs. */
void tk_linear_finish(struct tk_linear *m);

/* Derive m's feature table from its hash, idf and weights (set already). */
void tk_linear_index(struct tk_linear *m);

/* The word and character n-gram hashes of t's tokens (both emptied first). */
void tk_featcfg_hash(const struct tk_featcfg *f, const struct tk_tokens *t, struct tk_featvec *words,
		     struct tk_featvec *chars);

/*
 * Set val[i] to the TF-IDF value of column col[i] seen cnt[i] times, each
 * block (columns below nword, the rest) scaled to unit length.
 */
void tk_tfidf(const uint32_t *col, const uint32_t *cnt, float *val, size_t n, const float *idf,
	      size_t nword);

/* Labelled tickets to train on. */
struct tk_trainset {
	/* Documents, as counts of feature entries (CSR). */
	size_t ndoc;
	uint32_t *label;  /* per document */
	size_t *start;    /* ndoc + 1 offsets into ent/cnt */
	uint32_t *ent;
	uint32_t *cnt;
	size_t nnz, nnzalloc, docalloc;

	/* Feature entries met so far (a model's first, when updating). */
	uint32_t *hash, *df;
	unsigned char *isword;
	size_t nent, entalloc;
	uint32_t *slot;
	size_t slotmask;
	uint32_t *stamp, *pos; /* per entry: last document + 1, its index there */
	unsigned char *heldout; /* per document: for calibration, not training */
	size_t nheldout;

	/* Label names, in order of first appearance (a model's first). */
	struct tk_wordset labels;
	char **label_name;
	size_t nlabel, labelalloc;

	struct tk_featcfg feat;
	struct tk_featvec words, chars; /* scratch */
};

/* Set up ts to collect tickets whose tokens are made with feat. */
void tk_trainset_init(struct tk_trainset *ts, const struct tk_featcfg *feat);
void tk_trainset_release(struct tk_trainset *ts);

/*
 * Add a ticket with the label name[0 .. len) and tokens t.  A held-out
 * ticket is used only to calibrate and measure the model, never to train
 * it (nor to count features).
 */
void tk_trainset_add(struct tk_trainset *ts, const char *name, size_t len, const struct tk_tokens *t,
		     int heldout);

/*
 * Train a model on ts into m (set up with tk_linear_init()).  Without
 * held-out tickets in ts a stratified share (o->valid_share) is held out
 * to calibrate, and the model is then trained further on every ticket.
 * When base is not NULL, update it instead: ts must have been set up with
 * tk_trainset_from(base), and the new weights stay as close to base's as
 * the new tickets allow: their C is the model's times o->update_weight,
 * or by default their share of all tickets seen, at least 0.1.  Return 0, or -1 with err set (no tickets to
 * train on, fewer than two labels).
 */
int tk_linear_train(struct tk_linear *m, struct tk_trainset *ts, const struct tk_linear *base,
		    const struct tk_trainopts *o, struct tk_error *err);

/* Set up ts to collect tickets for updating base (its settings, labels and features first). */
void tk_trainset_from(struct tk_trainset *ts, const struct tk_linear *base);

/*
 * Merge the n models in[] into m (set up with tk_linear_init()): models of
 * the same settings trained on different tickets, such as shards of data
 * too large for one process (parameter mixing).  m has every label and
 * every feature of any of them; a weight or bias is the mean of those of
 * the models that have its label (and its feature), weighted by the
 * tickets each learnt from; df and the number of tickets are sums.  The calibration is the models' weighted
 * mean (that of the calibrated ones; none: uncalibrated), until
 * tk_linear_calibrate() fits one.  The result is the same whatever the
 * order of in[].  names[i] names in[i] in messages.  Return 0, or -1 with
 * err set (n is 0, settings differ, too many labels) and m empty.
 */
int tk_linear_merge(struct tk_linear *m, const struct tk_linear *const *in, const char *const *names,
		    size_t n, struct tk_error *err);

/*
 * Fit m's calibration to its scores of n labelled tickets (scores[i *
 * nlabel + k]: ticket i's score for label k; y[i]: its label), as training
 * does on held-out tickets, and put their number and the accuracy on them
 * into m's summary.  Nothing changes when n is 0.
 */
void tk_linear_calibrate(struct tk_linear *m, const double *scores, const uint32_t *y, size_t n);

#endif
