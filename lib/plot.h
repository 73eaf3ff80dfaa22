/*
 * Charts for the tools' --plot option, as SVG documents (see svg.h).
 *
 * tk-anomaly: struct tk_plot collects every window (or point) tk_anomaly
 * emits, per key, and draws one panel per key: the observed counts, the
 * baseline's band (expected, and the counts within one spread of it), the
 * anomalous windows and the alerts.  Memory is bounded: a key keeps at
 * most TK_PLOT_POINTS points; beyond that, neighbouring points merge in
 * pairs, each keeping the least and the most observed (and the band's
 * extremes), so a key of a million windows costs what one of 2000 does.
 * With more than TK_PLOT_BUDGET / TK_PLOT_POINTS keys each keeps fewer,
 * TK_PLOT_BUDGET in all (but at least 64).
 *
 *	struct tk_plot p;
 *	tk_plot_init(&p);
 *	p.window = an.window; p.series = an.series;
 *	for every window emitted: tk_plot_add(&p, alert);
 *	tk_plot_svg(&p, &out);
 *	tk_plot_release(&p);
 *
 * tk-eval: tk_plot_eval() draws the automation curve and the reliability
 * diagram from the figures of the report (tk_eval_curves()).
 */
#ifndef TK_PLOT_H
#define TK_PLOT_H

#include <stddef.h>
#include <stdint.h>

#include "anomaly.h"
#include "buf.h"
#include "eval.h"
#include "wordset.h"

#define TK_PLOT_POINTS 2000   /* points per key at most */
#define TK_PLOT_BUDGET 200000 /* points in all, when keys are many */
#define TK_PLOT_KEYS 12       /* panels drawn at most */

/* A window, or neighbouring windows merged. */
struct tk_plot_point {
	double t0, t1;           /* the start of the first window, the end of the last */
	double esum;             /* the sum of expected over the judged windows */
	double a_t, a_score;     /* the strongest alert: its start and score */
	float lo, hi;            /* observed: the least and the most */
	float blo, bhi;          /* the band over the judged windows: its lowest and highest bounds */
	float a_obs, a_exp;      /* the strongest alert: observed, expected */
	uint32_t n, judged, anomalous, alerts; /* windows: all, judged, anomalous, new alerts */
	const char *a_severity;  /* the strongest alert's severity (a literal of the library) */
	int a_drop;
};

/* The points of one key. */
struct tk_plot_key {
	char *name;
	struct tk_plot_point *pt;
	size_t npt, ptalloc;
	uint32_t per;            /* windows a point holds when full: 1, 2, 4, ... */
	uint64_t windows;
	double total;            /* the sum of observed */
	unsigned long alerts;
};

struct tk_plot {
	double window;           /* seconds: the window of tk_anomaly (counts) */
	int series;              /* points are values of a series, not counts of windows */
	struct tk_plot_key *key;
	size_t nkey, keyalloc;
	struct tk_wordset index; /* key name -> index in key */
};

/* Set p up for windows of an hour, without allocating. */
void tk_plot_init(struct tk_plot *p);

/* Free what p holds. */
void tk_plot_release(struct tk_plot *p);

/* Add a window (or a series point) as tk_anomaly's emit hook is given it. */
void tk_plot_add(struct tk_plot *p, const struct tk_alert *a);

/*
 * Append the chart to out as an SVG document: a panel per key, at most
 * TK_PLOT_KEYS, those with alerts first, then by total observed, then by
 * name; the chart says how many keys were left out.
 */
void tk_plot_svg(const struct tk_plot *p, struct tk_buf *out);

/*
 * Append the chart of e's report over all tickets to out as an SVG
 * document: the automation curve with the target precision and the
 * chosen threshold, and the reliability diagram of the calibration bins.
 * Like tk_eval_json(), it sorts e's retained pairs.
 */
void tk_plot_eval(struct tk_eval *e, struct tk_buf *out);

#endif
