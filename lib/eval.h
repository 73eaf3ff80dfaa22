/*
 * Evaluation of a classifier's output against gold labels: accuracy,
 * macro and micro F1, per-class precision, recall and F1, the most
 * confused pairs, calibration (expected calibration error) and the
 * automation curve with the confidence threshold that reaches a target
 * precision - over all tickets and per segment (--by FIELD).
 *
 *	struct tk_eval e;
 *	tk_eval_init(&e);
 *	tk_eval_by(&e, "customer.tier");
 *	for each ticket: if (tk_eval_add(&e, ticket, &err) < 0) report err;
 *	e.bad = lines that were bad;
 *	tk_eval_json(&e, &out);
 *	tk_eval_release(&e);
 *
 * Labels are compared as text: a string is its value, a number or a
 * boolean its JSON text (1 and 1.0 are different labels).  Memory grows
 * with the number of distinct labels, of distinct confused pairs and of
 * segments, and by 16 bytes per ticket that has a confidence, once for
 * the whole and once more for each --by field: the automation curve and
 * the target threshold are computed exactly from every (confidence,
 * correct) pair.
 *
 * Numbers are written without help from the locale: ratios with four
 * decimals, a threshold taken from the data as the shortest text that
 * reads back as the same double.
 */
#ifndef TK_EVAL_H
#define TK_EVAL_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "wordset.h"

/* The thresholds of the automation curve: 0.00, 0.05, ..., 1.00. */
#define TK_EVAL_STEPS 20

/* One ticket with a confidence: for calibration and the automation curve. */
struct tk_eval_point {
	double confidence;
	int correct;
};

/* Per label id: how often it was the gold label, the prediction, and both. */
struct tk_eval_class {
	unsigned long support, predicted, tp;
};

/* A confused pair: gold label id, predicted label id, how often. */
struct tk_eval_pair {
	uint32_t gold, predicted;
	unsigned long count;
};

/* The counts behind the metrics of one set of tickets (all, or a segment). */
struct tk_eval_stats {
	unsigned long tickets, correct;
	struct tk_eval_class *cls; /* indexed by label id */
	size_t ncls;
	struct tk_wordset pairidx; /* (gold, predicted) ids -> index into pair */
	struct tk_eval_pair *pair;
	size_t npair, pairalloc;
	struct tk_eval_point *pt;
	size_t npt, ptalloc;
};

/* One segment: the tickets whose --by field has one value. */
struct tk_eval_segment {
	char *value; /* NULL: the field is missing or null */
	size_t len;
	struct tk_eval_stats st;
};

/* The segments of one --by field. */
struct tk_eval_by {
	char *field;
	struct tk_wordset index; /* value -> index into seg */
	long missing;            /* index of the missing-value segment, or -1 */
	struct tk_eval_segment *seg;
	size_t nseg, segalloc;
};

struct tk_eval {
	/* Settings: set after tk_eval_init(); the strings are borrowed and must outlive e. */
	const char *label_field;      /* gold label, a dotted path (default "label") */
	const char *predicted_field;  /* default "class.label" */
	const char *confidence_field; /* default "class.confidence" */
	double target_precision;      /* in (0, 1], default 0.95 */
	unsigned bins;                /* calibration bins, at least 1, default 10 */
	unsigned long top;            /* confused pairs to list, default 10 */
	unsigned long bad;            /* bad input lines, for the report (the caller counts) */

	/* Private. */
	struct tk_wordset labelidx; /* label text -> id */
	char **label;               /* id -> label text (NUL-terminated copy) */
	size_t *labellen;
	size_t nlabel, labelalloc;
	struct tk_eval_stats all;
	struct tk_eval_by *by;
	size_t nby;
};

/* Set e up with the default settings, without allocating. */
void tk_eval_init(struct tk_eval *e);

/* Free what e holds and forget every ticket; the settings stay as they were. */
void tk_eval_release(struct tk_eval *e);

/*
 * Report the metrics per value of field (a dotted path) as well, in a
 * segments block of their own; call before the first tk_eval_add().  The
 * field is copied.  A field named again is ignored.
 */
void tk_eval_by(struct tk_eval *e, const char *field);

/*
 * Count one ticket.  Return 0, or -1 with err (no file or line) saying
 * why the ticket cannot be counted; it is then not counted anywhere:
 *   - it is an error object from an earlier tool (tk_json_is_error());
 *   - the gold label or the prediction is missing or null ("no 'label'
 *     field") or is an object or an array;
 *   - the confidence is not a number in [0, 1] (missing or null is fine:
 *     the ticket is then left out of calibration and automation);
 *   - a --by field is an object or an array (missing or null is fine: the
 *     ticket goes to the segment with no value).
 */
int tk_eval_add(struct tk_eval *e, struct json_object *ticket, struct tk_error *err);

/*
 * Append the report to out as one line of JSON, without a newline.  The
 * shape is in tk-eval(1).  e's retained pairs are sorted on the way; more
 * tickets may be added afterwards.
 */
void tk_eval_json(struct tk_eval *e, struct tk_buf *out);

/* Append the report to out as a table for people, lines ending in newlines. */
void tk_eval_text(struct tk_eval *e, struct tk_buf *out);

/* The calibration and automation figures of the report over all tickets, for charts. */
struct tk_eval_curves {
	unsigned long m;                  /* tickets with a confidence */
	unsigned bins;                    /* calibration bins, as e->bins */
	unsigned long *bcount, *bcorrect; /* per bin: tickets, right ones */
	double *bconf;                    /* per bin: sum of confidences */
	double ece;
	/* automation, per threshold s / TK_EVAL_STEPS: tickets at or above it, right ones */
	unsigned long acount[TK_EVAL_STEPS + 1], acorrect[TK_EVAL_STEPS + 1];
	int found;                        /* the target precision is reached ... */
	double threshold;                 /* ... at this confidence, */
	unsigned long tcount, tcorrect;   /* by this many tickets, this many right */
	const struct tk_eval_point *pt;   /* every (confidence, correct), highest first; borrowed from e */
	size_t npt;
};

/*
 * Fill c with the figures tk_eval_json() reports for all tickets, computed
 * by the same code; c->pt stays valid until e changes.  Free with
 * tk_eval_curves_release().
 */
void tk_eval_curves(struct tk_eval *e, struct tk_eval_curves *c);
void tk_eval_curves_release(struct tk_eval_curves *c);

#endif
