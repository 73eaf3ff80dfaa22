/*
 * Volume anomalies: per key (all tickets, or each value of a field), the
 * tickets are counted in windows of fixed length, and each closed window
 * is compared with what the key's baseline expected for it.
 *
 * The baseline of a key knows the week: the mean count of each hour of
 * the week, learnt week after week (an average that forgets old weeks),
 * times a level that follows slow growth and shifts.  A window is
 * anomalous when its count is far in the tail of what was expected (a
 * spike) or far below it (a drop, down to zero); the score is one minus
 * the tail probability.  Anomalous windows teach the baseline only a
 * little, so that an incident does not become normal, and windows that
 * follow one another within the cooldown are one incident, with one
 * alert: the first window's, written as soon as it closes.
 *
 * A key says it has too little history until it has seen a week.
 *
 * Alerts carry evidence from the tickets: a few ids, the number of
 * distinct customers, and the terms most over-represented in the window
 * compared with the key's baseline.
 *
 * With series (tk-anomaly --series) each point is a value at a time, not
 * a count.  Its score is mostly how new its context is: the value falls
 * in one of a few bins between the least and the greatest value seen, and
 * the bins of the last points followed by its own are contexts, which are
 * either known or new; and a little its distance from the mean of the
 * points before it, in their standard deviations.
 */
#ifndef TK_ANOMALY_H
#define TK_ANOMALY_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "wordset.h"

#define TK_WEEK_BUCKETS 168

/* A term counted in the open window. */
struct tk_term {
	char *s;
	uint32_t count;
};

/* A ticket of the open window: its id and (the hashes of) its first terms. */
struct tk_wticket {
	char *id;
	uint32_t term[16];
	uint32_t nterm;
};

/* One key's baseline, open window and incident. */
struct tk_akey {
	char *name;            /* "all", or "class.label=billing" */
	/* baseline */
	double mean[TK_WEEK_BUCKETS]; /* mean count per window in each hour of the week */
	uint32_t seen[TK_WEEK_BUCKETS];
	double level;          /* observed / mean, learnt */
	double disp;           /* the spread of z beyond Poisson (mean of z^2), learnt */
	uint64_t windows;      /* windows closed */
	double first;          /* start of the first window */
	float *base;           /* tickets ever seen per hashed term (TK_BASE_SLOTS) */
	double base_total;
	/* the open window */
	double start;          /* NAN: none open */
	uint32_t count;
	struct tk_wticket *ticket; /* the first TK_WINDOW_TICKETS with an id */
	size_t nticket, ticketalloc;
	uint32_t *customer;    /* distinct customer hashes */
	size_t ncustomer, customeralloc;
	struct tk_term *term;
	size_t nterm, termalloc;
	/* incident */
	double incident_end;   /* end of the last anomalous window, or NAN */
	/* series mode */
	double *hist;          /* ring of the last values */
	size_t nhist, histpos;
	double shift, hist_sum, hist_sq; /* sums of (value - shift) over the ring */
	double peak;           /* the highest recent distance score, decaying */
	double lo, hi;         /* the least and greatest value seen */
	uint8_t *context;      /* the contexts seen: a bit per hashed context */
	uint64_t recent;       /* the bins of the last points, 4 bits each, the latest lowest */
	uint32_t nrecent;      /* how many of them there are */
	uint32_t quiet;        /* points since the last burst of new contexts */
	double usual;          /* the usual share of new contexts, learnt */
};

#define TK_BASE_SLOTS 4096
#define TK_SERIES_MAX 1e150 /* --series values beyond this are refused: their squares would overflow */
#define TK_WINDOW_TICKETS 256

/* An alert or a scored window, as tk_anomaly_* hands it to the caller. */
struct tk_alert {
	const struct tk_akey *key;
	double start, end;
	double observed, expected;
	double lo, hi;      /* judged: the band within one spread of expected (|z| <= 1), for charts */
	double score;       /* 0..1 */
	int drop;           /* 1: fewer than expected */
	const char *severity;
	int alert;          /* 1: a new incident; 0: scored only (or part of an open incident) */
	int judged;         /* 0: too little history to judge */
	const char *terms[8];
	size_t nterm;
	const char *examples[5]; /* the window's tickets with most of the terms */
	size_t nexample;
};

struct tk_anomaly {
	/* Settings. */
	double window;      /* seconds */
	double threshold;   /* alert when score >= threshold */
	double cooldown;    /* seconds after an incident's last anomalous window that still belong to it */
	uint32_t min_count; /* a spike needs at least this many tickets */
	double min_expected_drop; /* a drop needs at least this many expected */
	int series;         /* --series: values, not counts */
	int range;          /* --series: the values' bins span range_lo .. range_hi (else what was seen) */
	double range_lo, range_hi;
	/* Keys. */
	struct tk_akey **key;
	size_t nkey, keyalloc;
	struct tk_wordset keyindex; /* key name -> index in key */
	char *settings;     /* what else must match for a state file to be used (-k fields, --range) */
	double clock;       /* the latest time seen */
	double now;         /* with a state file, windows that end by now are judged at the end */
	/* Called for every closed window (scores) or only alerts; may be NULL. */
	int (*emit)(void *ctx, const struct tk_alert *a);
	void *ctx;
	int emit_all;       /* emit every judged window, not only alerts */
	int adopt;          /* the next tk_anomaly_load() takes the file's window, mode and keys (merging) */
	unsigned long alerts;
};

void tk_anomaly_init(struct tk_anomaly *an);
void tk_anomaly_release(struct tk_anomaly *an);

/* The key named name[0..len), made when new. */
struct tk_akey *tk_anomaly_key(struct tk_anomaly *an, const char *name, size_t len);

/*
 * Shards of the keys, for a fleet of workers: the key named name[0..len)
 * is in shard 1 to nshard by the MurmurHash3 of its name (any key is in
 * the one shard of 1).  tk_anomaly_keep_shard() drops the keys of other
 * shards.
 */
int tk_anomaly_in_shard(const char *name, size_t len, unsigned shard, unsigned nshard);
void tk_anomaly_keep_shard(struct tk_anomaly *an, unsigned shard, unsigned nshard);

/*
 * Count one ticket at time t for key k, with its id, customer and terms
 * (tokens; each counted once) as evidence.  Windows that close before t
 * are judged first, for every key.  Return 0, or what emit returned.
 */
int tk_anomaly_ticket(struct tk_anomaly *an, struct tk_akey *k, double t, const char *id,
		      const char *customer, const char *const *terms, size_t nterm);

/* Judge every window that ends at or before t (all keys); return 0 or emit's status. */
int tk_anomaly_advance(struct tk_anomaly *an, double t);

/*
 * End of input: judge each key's open window for spikes only (it may be
 * partial, so it cannot show a drop) and close it.  With keep set, judge
 * only the windows that ended by an->now (when that is less than a day
 * after they began: a live stream, not a replay) and leave the others
 * open (they go on in the next run, through a state file).
 */
int tk_anomaly_finish(struct tk_anomaly *an, int keep);

/* --series: one value at time t for key k; emit is called with its score. */
int tk_anomaly_point(struct tk_anomaly *an, struct tk_akey *k, double t, double value);

/*
 * State files: what the keys learnt and their open windows, so that runs
 * on consecutive slices of a stream behave as one run on all of it.
 * tk_anomaly_save() writes atomically (a temporary file, fsync, rename);
 * tk_anomaly_load() refuses a file that is damaged, foreign, of another
 * version or of other settings (window length, mode), naming it.
 *
 * Loading several files into one tk_anomaly merges them: the state files
 * of workers that each watched their own keys (tk-anomaly --shard) become
 * one, with the latest clock.  A key in two files is refused.  With adopt
 * set, the first file's settings are taken rather than checked.
 */
int tk_anomaly_save(const struct tk_anomaly *an, const char *path, struct tk_error *err);
int tk_anomaly_load(struct tk_anomaly *an, const char *path, struct tk_error *err);

#endif
