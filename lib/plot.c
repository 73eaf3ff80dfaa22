/*
 * The --plot charts of tk-anomaly and tk-eval (see plot.h), drawn with
 * svg.h.  Layout is fixed in pixels; colours are chosen to stay apart
 * for the common forms of colour blindness (blue against red and green,
 * with shape and dashes as well).
 */
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"

#define WIDTH 960.0
#define LEFT 64.0  /* room for the value labels */
#define RIGHT 24.0
#define HEAD 60.0  /* the title and the legend */
#define PANEL_HEAD 22.0
#define PANEL_PLOT 120.0
#define PANEL_FOOT 40.0 /* the time labels, two lines */
#define PANEL (PANEL_HEAD + PANEL_PLOT + PANEL_FOOT)

#define C_OBSERVED "#1f2937"
#define C_BAND "#93c5fd"
#define C_EXPECTED "#1d4ed8"
#define C_ANOMALY "#ef4444"
#define C_ALERT "#dc2626"
#define C_TARGET "#dc2626"
#define C_CHOSEN "#15803d"
#define C_NOTE "#6b7280"

void tk_plot_init(struct tk_plot *p)
{
	memset(p, 0, sizeof(*p));
	p->window = 3600;
	tk_wordset_init(&p->index);
}

void tk_plot_release(struct tk_plot *p)
{
	size_t i;

	for (i = 0; i < p->nkey; i++) {
		free(p->key[i].name);
		free(p->key[i].pt);
	}
	free(p->key);
	tk_wordset_release(&p->index);
	tk_plot_init(p);
}

static struct tk_plot_key *plot_key(struct tk_plot *p, const char *name)
{
	size_t len = strlen(name);
	struct tk_plot_key *k;
	int at;

	if (tk_wordset_get(&p->index, name, len, &at))
		return &p->key[at];
	if (p->nkey == p->keyalloc) {
		p->keyalloc = p->keyalloc ? 2 * p->keyalloc : 16;
		p->key = tk_realloc(p->key, p->keyalloc * sizeof(*p->key));
	}
	tk_wordset_put(&p->index, name, len, (int)p->nkey);
	k = &p->key[p->nkey++];
	memset(k, 0, sizeof(*k));
	k->name = tk_strndup(name, len);
	k->per = 1;
	return k;
}

static void point_set(struct tk_plot_point *q, const struct tk_alert *a)
{
	memset(q, 0, sizeof(*q));
	q->t0 = a->start;
	q->t1 = a->end;
	q->lo = q->hi = (float)a->observed;
	q->blo = INFINITY;
	q->bhi = -INFINITY;
	q->n = 1;
	if (a->judged) {
		q->judged = 1;
		q->blo = (float)a->lo;
		q->bhi = (float)a->hi;
		q->esum = a->expected;
	}
	q->anomalous = a->severity != NULL;
	if (a->alert) {
		q->alerts = 1;
		q->a_t = a->start;
		q->a_score = a->score;
		q->a_obs = (float)a->observed;
		q->a_exp = (float)a->expected;
		q->a_severity = a->severity;
		q->a_drop = a->drop;
	}
}

/* Merge r (the later) into q. */
static void point_merge(struct tk_plot_point *q, const struct tk_plot_point *r)
{
	q->t0 = r->t0 < q->t0 ? r->t0 : q->t0;
	q->t1 = r->t1 > q->t1 ? r->t1 : q->t1;
	q->lo = r->lo < q->lo ? r->lo : q->lo;
	q->hi = r->hi > q->hi ? r->hi : q->hi;
	q->blo = r->blo < q->blo ? r->blo : q->blo;
	q->bhi = r->bhi > q->bhi ? r->bhi : q->bhi;
	q->esum += r->esum;
	if (r->alerts && (!q->alerts || r->a_score > q->a_score)) {
		q->a_t = r->a_t;
		q->a_score = r->a_score;
		q->a_obs = r->a_obs;
		q->a_exp = r->a_exp;
		q->a_severity = r->a_severity;
		q->a_drop = r->a_drop;
	}
	q->n += r->n;
	q->judged += r->judged;
	q->anomalous += r->anomalous;
	q->alerts += r->alerts;
}

/* Halve k's points: each pair merges into one, holding twice the windows. */
static void halve(struct tk_plot_key *k)
{
	size_t i, n = 0;

	for (i = 0; i < k->npt; i += 2) {
		k->pt[n] = k->pt[i];
		if (i + 1 < k->npt)
			point_merge(&k->pt[n], &k->pt[i + 1]);
		n++;
	}
	k->npt = n;
	k->per *= 2;
}

void tk_plot_add(struct tk_plot *p, const struct tk_alert *a)
{
	struct tk_plot_key *k = plot_key(p, a->key->name);
	size_t cap = TK_PLOT_POINTS;
	struct tk_plot_point q;

	if (p->nkey > TK_PLOT_BUDGET / TK_PLOT_POINTS)
		cap = TK_PLOT_BUDGET / p->nkey > 64 ? TK_PLOT_BUDGET / p->nkey : 64;
	point_set(&q, a);
	k->windows++;
	k->total += a->observed;
	k->alerts += a->alert != 0;
	if (k->npt && k->pt[k->npt - 1].n < k->per) {
		point_merge(&k->pt[k->npt - 1], &q);
		return;
	}
	while (k->npt >= cap)
		halve(k);
	if (k->npt && k->pt[k->npt - 1].n < k->per) {
		point_merge(&k->pt[k->npt - 1], &q);
		return;
	}
	if (k->npt == k->ptalloc) {
		k->ptalloc = k->ptalloc ? 2 * k->ptalloc : 64;
		if (k->ptalloc > cap)
			k->ptalloc = cap;
		k->pt = tk_realloc(k->pt, k->ptalloc * sizeof(*k->pt));
	}
	k->pt[k->npt++] = q;
}

/* ---- drawing helpers ---- */

/* A growing array of coordinates for polylines. */
struct coords {
	double *xy;
	size_t n, alloc;
};

static void coords_add(struct coords *c, double x, double y)
{
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? 2 * c->alloc : 256;
		c->xy = tk_realloc(c->xy, 2 * c->alloc * sizeof(*c->xy));
	}
	c->xy[2 * c->n] = x;
	c->xy[2 * c->n + 1] = y;
	c->n++;
}

/* Text turned a quarter left, centred on (x, y): a vertical axis's title. */
static void vertical_text(struct tk_buf *b, double x, double y, const char *s)
{
	struct tk_buf attr = TK_BUF_INIT;

	tk_buf_adds(&attr, "transform=\"rotate(-90 ");
	tk_svg_num(&attr, x);
	tk_buf_addch(&attr, ' ');
	tk_svg_num(&attr, y);
	tk_buf_adds(&attr, ")\"");
	tk_svg_text(b, x, y, "middle", attr.buf, s);
	tk_buf_release(&attr);
}

/* Key name, shortened to about max bytes (at a character's start) with an ellipsis. */
static void short_name(const char *s, size_t max, char *buf, size_t size)
{
	size_t len = strlen(s);

	if (len <= max) {
		snprintf(buf, size, "%s", s);
		return;
	}
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	snprintf(buf, size, "%.*s\xE2\x80\xA6", (int)max, s);
}

/* ---- tk-anomaly ---- */

/* Keys with alerts first, then the larger total, then by name. */
static int by_interest(const void *x, const void *y)
{
	const struct tk_plot_key *a = *(const struct tk_plot_key *const *)x;
	const struct tk_plot_key *b = *(const struct tk_plot_key *const *)y;

	if ((a->alerts > 0) != (b->alerts > 0))
		return a->alerts > 0 ? -1 : 1;
	if (a->total != b->total)
		return a->total > b->total ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* The middle of a point on the time axis. */
static double mid(const struct tk_plot_point *q)
{
	return (q->t0 + q->t1) / 2;
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void legend(struct tk_buf *b, int series)
{
	double x = LEFT, y = 46;

	tk_svg_line(b, x, y - 4, x + 22, y - 4, "stroke=\"" C_OBSERVED "\" stroke-width=\"1.5\"");
	tk_svg_text(b, x + 28, y, "start", "", series ? "observed value" : "observed count");
	x += 140;
	tk_svg_rect(b, x, y - 10, 22, 12, "fill=\"" C_BAND "\" fill-opacity=\"0.55\"");
	tk_svg_line(b, x, y - 4, x + 22, y - 4, "stroke=\"" C_EXPECTED "\" stroke-dasharray=\"4 3\"");
	tk_svg_text(b, x + 28, y, "start", "", "expected, and within one spread of it");
	x += 250;
	tk_svg_rect(b, x, y - 10, 22, 12, "fill=\"" C_ANOMALY "\" fill-opacity=\"0.2\"");
	tk_svg_text(b, x + 28, y, "start", "", "anomalous");
	x += 100;
	tk_svg_circle(b, x + 11, y - 4, 4.5, "fill=\"" C_ALERT "\" stroke=\"#ffffff\" stroke-width=\"1.5\"");
	tk_svg_text(b, x + 28, y, "start", "", "alert (hover for its figures)");
}

/* The tooltip of point q's alert(s). */
static void alert_title(const struct tk_plot *p, const struct tk_plot_point *q, char *buf, size_t size)
{
	char when[40], obs[32], exp[32], score[32], more[64] = "";

	tk_svg_time(q->a_t, when, sizeof(when));
	tk_svg_decimal(obs, sizeof(obs), q->a_obs, 4);
	tk_svg_decimal(exp, sizeof(exp), q->a_exp, p->series ? 4 : 1);
	tk_svg_decimal(score, sizeof(score), q->a_score, 9);
	if (q->alerts > 1)
		snprintf(more, sizeof(more), " (the strongest of %u alerts here)", (unsigned)q->alerts);
	snprintf(buf, size, "alert%s, %s: observed %s, expected %s, score %s, %s %s", more, when, obs, exp,
		 score, q->a_severity ? q->a_severity : "", q->a_drop ? "drop" : "spike");
}

static void panel(struct tk_buf *b, const struct tk_plot *p, const struct tk_plot_key *k,
		  const struct tk_svg_axis *xa, double top, struct coords *c)
{
	double y0 = top + PANEL_HEAD, y1 = y0 + PANEL_PLOT, lo = INFINITY, hi = -INFINITY, span, blo, bhi;
	struct tk_svg_axis ya;
	char name[200], info[200], num[32], title[400];
	size_t i, j;

	for (i = 0; i < k->npt; i++) {
		lo = k->pt[i].lo < lo ? k->pt[i].lo : lo;
		hi = k->pt[i].hi > hi ? k->pt[i].hi : hi;
	}
	/* The band may widen the range by a tenth of the data's at most: a wild band is cut. */
	span = hi - lo > 1 ? hi - lo : 1;
	blo = lo - span / 10;
	bhi = hi + span / 10;
	for (i = 0; i < k->npt; i++)
		if (k->pt[i].judged) {
			lo = fmin(lo, clamp(k->pt[i].blo, blo, bhi));
			hi = fmax(hi, clamp(k->pt[i].bhi, blo, bhi));
		}
	if (!p->series)
		lo = 0;
	tk_svg_axis_values(&ya, lo, hi, 4, y1, y0);
	blo = ya.lo;
	bhi = ya.hi;

	short_name(k->name, 80, name, sizeof(name));
	tk_svg_text(b, LEFT, top + 15, "start", "font-weight=\"bold\" font-size=\"12\"", name);
	tk_svg_decimal(num, sizeof(num), k->total, 2);
	if (p->series)
		snprintf(info, sizeof(info), "%lu alert%s, %llu points", k->alerts, k->alerts == 1 ? "" : "s",
			 (unsigned long long)k->windows);
	else
		snprintf(info, sizeof(info), "%lu alert%s, %s tickets in %llu windows", k->alerts,
			 k->alerts == 1 ? "" : "s", num, (unsigned long long)k->windows);
	if (k->per > 1) {
		size_t at = strlen(info);

		snprintf(info + at, sizeof(info) - at, "; drawn as the least and most of each %u %s", (unsigned)k->per,
			 p->series ? "points" : "windows");
	}
	tk_svg_text(b, WIDTH - RIGHT, top + 15, "end", "fill=\"" C_NOTE "\"", info);
	tk_svg_axis_left(b, &ya, LEFT, WIDTH - RIGHT);
	tk_svg_axis_bottom(b, xa, y1, y0);

	/* Anomalous windows: a shaded span over each run of them, at least 2 pixels wide. */
	for (i = 0; i < k->npt; i = j) {
		double x0, x1;

		if (!k->pt[i].anomalous) {
			j = i + 1;
			continue;
		}
		for (j = i + 1; j < k->npt && k->pt[j].anomalous; j++)
			;
		x0 = tk_svg_map(xa, k->pt[i].t0);
		x1 = tk_svg_map(xa, k->pt[j - 1].t1);
		if (x1 - x0 < 4)
			x0 = (x0 + x1) / 2 - 2, x1 = x0 + 4;
		tk_svg_rect(b, x0, y0, x1 - x0, PANEL_PLOT, "fill=\"" C_ANOMALY "\" fill-opacity=\"0.2\"");
	}
	/* The band and the expected line, over each run of judged points. */
	for (i = 0; i < k->npt; i = j) {
		if (!k->pt[i].judged) {
			j = i + 1;
			continue;
		}
		for (j = i + 1; j < k->npt && k->pt[j].judged; j++)
			;
		c->n = 0;
		for (size_t m = i; m < j; m++)
			coords_add(c, tk_svg_map(xa, mid(&k->pt[m])), tk_svg_map(&ya, clamp(k->pt[m].bhi, blo, bhi)));
		for (size_t m = j; m > i; m--)
			coords_add(c, tk_svg_map(xa, mid(&k->pt[m - 1])),
				   tk_svg_map(&ya, clamp(k->pt[m - 1].blo, blo, bhi)));
		tk_svg_polyline(b, c->xy, c->n, 1, "fill=\"" C_BAND "\" fill-opacity=\"0.55\"");
		c->n = 0;
		for (size_t m = i; m < j; m++)
			coords_add(c, tk_svg_map(xa, mid(&k->pt[m])),
				   tk_svg_map(&ya, clamp(k->pt[m].esum / k->pt[m].judged, blo, bhi)));
		tk_svg_polyline(b, c->xy, c->n, 0,
				"stroke=\"" C_EXPECTED "\" stroke-width=\"1\" stroke-dasharray=\"4 3\"");
	}
	/* Observed: a line; merged points, the band from their least to their most. */
	c->n = 0;
	for (i = 0; i < k->npt; i++)
		coords_add(c, tk_svg_map(xa, mid(&k->pt[i])), tk_svg_map(&ya, k->pt[i].hi));
	if (k->per > 1)
		for (i = k->npt; i > 0; i--)
			coords_add(c, tk_svg_map(xa, mid(&k->pt[i - 1])), tk_svg_map(&ya, k->pt[i - 1].lo));
	if (k->npt == 1)
		tk_svg_circle(b, c->xy[0], c->xy[1], 2, "fill=\"" C_OBSERVED "\"");
	tk_svg_polyline(b, c->xy, c->n, k->per > 1,
			k->per > 1 ? "fill=\"" C_OBSERVED "\" stroke=\"" C_OBSERVED "\" stroke-width=\"1\""
				   : "stroke=\"" C_OBSERVED "\" stroke-width=\"1.5\" stroke-linejoin=\"round\"");
	/* Alerts: a marker with the figures as its tooltip. */
	for (i = 0; i < k->npt; i++) {
		const struct tk_plot_point *q = &k->pt[i];
		double t = p->series ? q->a_t : q->a_t + p->window / 2;

		if (!q->alerts)
			continue;
		alert_title(p, q, title, sizeof(title));
		tk_svg_group(b, "class=\"alert\"", title);
		tk_svg_circle(b, tk_svg_map(xa, t), tk_svg_map(&ya, clamp(q->a_obs, blo, bhi)), 4.5,
			      "fill=\"" C_ALERT "\" stroke=\"#ffffff\" stroke-width=\"1.5\"");
		tk_svg_group_end(b);
	}
}

void tk_plot_svg(const struct tk_plot *p, struct tk_buf *out)
{
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
	const struct tk_plot_key **order = tk_malloc((p->nkey + 1) * sizeof(*order));
	size_t i, j, n = p->nkey < TK_PLOT_KEYS ? p->nkey : TK_PLOT_KEYS;
	double tlo = INFINITY, thi = -INFINITY, height = HEAD + (n ? (double)n * PANEL : 40) + 8;
	struct tk_svg_axis xa;
	struct coords c = { NULL, 0, 0 };
	char title[160], when[40], note[200];

	for (i = 0; i < p->nkey; i++)
		order[i] = &p->key[i];
	qsort(order, p->nkey, sizeof(*order), by_interest); /* NOLINT(bugprone-sizeof-expression) */
	for (i = 0; i < n; i++)
		for (j = 0; j < order[i]->npt; j++) {
			tlo = fmin(tlo, order[i]->pt[j].t0);
			thi = fmax(thi, order[i]->pt[j].t1);
		}
	if (p->series)
		snprintf(title, sizeof(title), "tk-anomaly: series values per key");
	else {
		tk_svg_decimal(when, sizeof(when), p->window >= 3600 ? p->window / 3600 : p->window / 60, 2);
		snprintf(title, sizeof(title), "tk-anomaly: tickets per window of %s %s, per key", when,
			 p->window >= 3600 ? "h" : "min");
	}
	tk_svg_begin(out, WIDTH, height, title);
	tk_buf_addf(out, "<!-- %zu of %zu keys shown -->\n", n, p->nkey);
	tk_svg_text(out, LEFT, 24, "start", "font-size=\"15\" font-weight=\"bold\" fill=\"#111827\"", title);
	if (p->nkey > n)
		snprintf(note, sizeof(note), "times in UTC; %zu of %zu keys shown (those with alerts first, then "
			 "the largest), %zu left out", n, p->nkey, p->nkey - n);
	else
		snprintf(note, sizeof(note), "times in UTC; %zu key%s", n, n == 1 ? "" : "s");
	tk_svg_text(out, WIDTH - RIGHT, 24, "end", "fill=\"" C_NOTE "\"", note);
	legend(out, p->series);
	if (!n)
		tk_svg_text(out, WIDTH / 2, HEAD + 24, "middle", "fill=\"" C_NOTE "\"", "no windows to show");
	tk_svg_axis_times(&xa, tlo, thi, (int)((WIDTH - LEFT - RIGHT) / 110), LEFT, WIDTH - RIGHT);
	for (i = 0; i < n; i++)
		panel(out, p, order[i], &xa, HEAD + (double)i * PANEL, &c);
	tk_svg_end(out);
	free(c.xy);
	free(order);
}

/* ---- tk-eval ---- */

#define EVAL_WIDTH 1000.0
#define EVAL_HEIGHT 500.0
#define EVAL_LEGEND 478.0
#define EVAL_TOP 84.0
#define EVAL_BOTTOM 410.0

/* A share as a percentage with one decimal at most: "40%", "33.3%". */
static void percent(char *buf, size_t size, double v)
{
	size_t n;

	tk_svg_decimal(buf, size, 100 * v, 1);
	n = strlen(buf);
	snprintf(buf + n, size - n, "%%");
}

static void chart_title(struct tk_buf *b, double x0, double x1, const char *title, const char *sub)
{
	tk_svg_text(b, (x0 + x1) / 2, EVAL_TOP - 30, "middle", "font-size=\"13\" font-weight=\"bold\" fill=\"#111827\"",
		    title);
	tk_svg_text(b, (x0 + x1) / 2, EVAL_TOP - 14, "middle", "fill=\"" C_NOTE "\"", sub);
}

/* A line of text in the lower left corner of a chart, where the automation curve seldom is. */
static void note(struct tk_buf *b, double x0, const char *s, const char *colour)
{
	char attr[80];

	/* about 7 pixels a character, in bold at 11 pixels */
	tk_svg_rect(b, x0 + 4, EVAL_BOTTOM - 24, 7.0 * (double)strlen(s) + 8, 18,
		    "fill=\"#ffffff\" fill-opacity=\"0.85\"");
	snprintf(attr, sizeof(attr), "fill=\"%s\" font-weight=\"bold\"", colour);
	tk_svg_text(b, x0 + 8, EVAL_BOTTOM - 11, "start", attr, s);
}

/* The automation curve: share automated against their accuracy, as the threshold falls. */
static void automation(struct tk_buf *b, const struct tk_eval *e, const struct tk_eval_curves *c, double x0,
		       double x1)
{
	struct tk_svg_axis xa, ya;
	struct coords pts = { NULL, 0, 0 };
	unsigned long cum = 0, cumc = 0;
	double low = e->target_precision, lastx = -1;
	int pending = 0; /* the last point is the latest cut in lastx's pixel */
	char a[32], p[32], t[48], text[200];
	size_t j;
	int s;

	for (j = 0; j < c->npt; j++) { /* the lowest accuracy the curve reaches */
		cum++;
		cumc += (unsigned long)c->pt[j].correct;
		if (j + 1 == c->npt || c->pt[j + 1].confidence != c->pt[j].confidence)
			low = fmin(low, (double)cumc / (double)cum);
	}
	tk_svg_axis_values(&xa, 0, 1, 5, x0, x1);
	xa.percent = 1;
	tk_svg_axis_values(&ya, low < 1 ? low : 0.9, 1, 5, EVAL_BOTTOM, EVAL_TOP);
	ya.percent = 1;
	tk_svg_decimal(p, sizeof(p), e->target_precision, 4);
	snprintf(text, sizeof(text), "threshold lowered from 1 to 0; target precision %s", p);
	chart_title(b, x0, x1, "Automation curve", text);
	tk_svg_axis_left(b, &ya, x0, x1);
	tk_svg_axis_bottom(b, &xa, EVAL_BOTTOM, EVAL_TOP);
	tk_svg_text(b, (x0 + x1) / 2, EVAL_BOTTOM + 36, "middle", "", "share of tickets automated");
	vertical_text(b, x0 - 50, (EVAL_TOP + EVAL_BOTTOM) / 2, "accuracy of the automated tickets");
	if (!c->m) {
		tk_svg_text(b, (x0 + x1) / 2, (EVAL_TOP + EVAL_BOTTOM) / 2, "middle", "fill=\"" C_NOTE "\"",
			    "no ticket has a confidence");
		return;
	}
	/* The target precision. */
	tk_svg_line(b, x0, tk_svg_map(&ya, e->target_precision), x1, tk_svg_map(&ya, e->target_precision),
		    "stroke=\"" C_TARGET "\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");
	snprintf(text, sizeof(text), "target %s", p);
	tk_svg_text(b, x1 - 4, tk_svg_map(&ya, e->target_precision) - 5, "end", "fill=\"" C_TARGET "\"", text);
	/* The exact curve: a point per cut between different confidences; of the cuts in one
	   pixel, the first and the last, so that a long input stays small and a drop stays sharp. */
	cum = cumc = 0;
	for (j = 0; j < c->npt; j++) {
		double x, y;

		cum++;
		cumc += (unsigned long)c->pt[j].correct;
		if (j + 1 < c->npt && c->pt[j + 1].confidence == c->pt[j].confidence)
			continue;
		x = tk_svg_map(&xa, (double)cum / (double)c->m);
		y = tk_svg_map(&ya, (double)cumc / (double)cum);
		if (pts.n && floor(x) == floor(lastx)) {
			if (!pending)
				coords_add(&pts, x, y);
			pts.xy[2 * pts.n - 2] = x;
			pts.xy[2 * pts.n - 1] = y;
			pending = 1;
			continue;
		}
		coords_add(&pts, x, y);
		lastx = x;
		pending = 0;
	}
	if (pts.n == 1)
		tk_svg_circle(b, pts.xy[0], pts.xy[1], 2, "fill=\"" C_EXPECTED "\"");
	tk_svg_polyline(b, pts.xy, pts.n, 0, "stroke=\"" C_EXPECTED "\" stroke-width=\"2\" stroke-linejoin=\"round\"");
	free(pts.xy);
	/* The report's steps of the curve, with their figures as tooltips. */
	for (s = TK_EVAL_STEPS; s >= 0; s--) {
		double x, y;

		if (!c->acount[s])
			continue;
		x = tk_svg_map(&xa, (double)c->acount[s] / (double)c->m);
		y = tk_svg_map(&ya, (double)c->acorrect[s] / (double)c->acount[s]);
		tk_svg_decimal(t, sizeof(t), (double)s / TK_EVAL_STEPS, 2);
		percent(a, sizeof(a), (double)c->acount[s] / (double)c->m);
		percent(p, sizeof(p), (double)c->acorrect[s] / (double)c->acount[s]);
		snprintf(text, sizeof(text), "confidence >= %s: %s of the tickets automated, %s of them right", t, a,
			 p);
		tk_svg_group(b, "class=\"step\"", text);
		tk_svg_circle(b, x, y, 2.5, "fill=\"#ffffff\" stroke=\"" C_EXPECTED "\" stroke-width=\"1.2\"");
		tk_svg_group_end(b);
	}
	/* The legend, under the axis. */
	tk_svg_line(b, x0, EVAL_LEGEND - 4, x0 + 20, EVAL_LEGEND - 4, "stroke=\"" C_EXPECTED "\" stroke-width=\"2\"");
	tk_svg_circle(b, x0 + 10, EVAL_LEGEND - 4, 2.5, "fill=\"#ffffff\" stroke=\"" C_EXPECTED "\" stroke-width=\"1.2\"");
	tk_svg_text(b, x0 + 26, EVAL_LEGEND, "start", "", "curve; dots at 0.05 steps");
	tk_svg_circle(b, x0 + 185, EVAL_LEGEND - 4, 5, "fill=\"" C_CHOSEN "\"");
	tk_svg_text(b, x0 + 194, EVAL_LEGEND, "start", "", "chosen threshold");
	tk_svg_line(b, x0 + 300, EVAL_LEGEND - 4, x0 + 320, EVAL_LEGEND - 4,
		    "stroke=\"" C_TARGET "\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");
	tk_svg_text(b, x0 + 326, EVAL_LEGEND, "start", "", "target");
	/* The chosen operating point. */
	if (c->found) {
		double x = tk_svg_map(&xa, (double)c->tcount / (double)c->m);
		double y = tk_svg_map(&ya, (double)c->tcorrect / (double)c->tcount);

		tk_svg_decimal(t, sizeof(t), c->threshold, 4);
		percent(a, sizeof(a), (double)c->tcount / (double)c->m);
		percent(p, sizeof(p), (double)c->tcorrect / (double)c->tcount);
		snprintf(text, sizeof(text), "confidence >= %s: %s automated, %s right", t, a, p);
		tk_svg_line(b, x, y, x, EVAL_BOTTOM, "stroke=\"" C_CHOSEN "\" stroke-width=\"1\" stroke-dasharray=\"3 3\"");
		tk_svg_group(b, "class=\"chosen\"", text);
		tk_svg_circle(b, x, y, 6, "fill=\"" C_CHOSEN "\" stroke=\"#ffffff\" stroke-width=\"2\"");
		tk_svg_group_end(b);
		note(b, x0, text, C_CHOSEN);
	} else {
		note(b, x0, "no confidence threshold reaches the target precision", C_TARGET);
	}
}

/* The reliability diagram: per bin, accuracy against mean confidence. */
static void reliability(struct tk_buf *b, const struct tk_eval_curves *c, double x0, double x1)
{
	struct tk_svg_axis xa, ya;
	struct coords pts = { NULL, 0, 0 };
	char lo[32], hi[32], conf[32], acc[32], text[200];
	double bw = (x1 - x0) / c->bins;
	unsigned i;

	tk_svg_axis_values(&xa, 0, 1, 5, x0, x1);
	tk_svg_axis_values(&ya, 0, 1, 5, EVAL_BOTTOM, EVAL_TOP);
	ya.percent = 1;
	tk_svg_decimal(acc, sizeof(acc), c->ece, 4);
	snprintf(text, sizeof(text), "%u bins; ECE %s%s", c->bins, c->m ? acc : "-",
		 bw < 24 ? "; counts in the tooltips" : "");
	chart_title(b, x0, x1, "Calibration (reliability diagram)", text);
	tk_svg_axis_left(b, &ya, x0, x1);
	tk_svg_axis_bottom(b, &xa, EVAL_BOTTOM, EVAL_TOP);
	tk_svg_text(b, (x0 + x1) / 2, EVAL_BOTTOM + 36, "middle", "", "confidence");
	vertical_text(b, x0 - 50, (EVAL_TOP + EVAL_BOTTOM) / 2, "accuracy");
	for (i = 0; i < c->bins; i++) {
		double bx0 = tk_svg_map(&xa, (double)i / c->bins), bx1 = tk_svg_map(&xa, (double)(i + 1) / c->bins);
		double a, m, y;

		if (!c->bcount[i])
			continue;
		a = (double)c->bcorrect[i] / (double)c->bcount[i];
		m = c->bconf[i] / (double)c->bcount[i];
		y = tk_svg_map(&ya, a);
		tk_svg_decimal(lo, sizeof(lo), (double)i / c->bins, 4);
		tk_svg_decimal(hi, sizeof(hi), (double)(i + 1) / c->bins, 4);
		tk_svg_decimal(conf, sizeof(conf), m, 4);
		tk_svg_decimal(acc, sizeof(acc), a, 4);
		snprintf(text, sizeof(text), "confidence %s to %s: %lu tickets, mean confidence %s, accuracy %s", lo,
			 hi, c->bcount[i], conf, acc);
		tk_svg_group(b, "class=\"bin\"", text);
		tk_svg_rect(b, bx0 + (bw >= 6 ? 1 : 0), y, bx1 - bx0 - (bw >= 6 ? 2 : 0), EVAL_BOTTOM - y,
			    "fill=\"" C_BAND "\" fill-opacity=\"0.8\"");
		tk_svg_group_end(b);
		if (bw >= 24) {
			snprintf(text, sizeof(text), "%lu", c->bcount[i]);
			tk_svg_text(b, (bx0 + bx1) / 2, y - 4, "middle", "font-size=\"10\" fill=\"" C_NOTE "\"", text);
		}
		coords_add(&pts, tk_svg_map(&xa, m), y);
	}
	tk_svg_line(b, x0, EVAL_BOTTOM, x1, EVAL_TOP, "stroke=\"#9ca3af\" stroke-width=\"1\" stroke-dasharray=\"5 4\"");
	tk_svg_polyline(b, pts.xy, pts.n, 0, "stroke=\"" C_EXPECTED "\" stroke-width=\"1.5\"");
	for (i = 0; i < pts.n; i++)
		tk_svg_circle(b, pts.xy[2 * i], pts.xy[2 * i + 1], 3.5, "fill=\"" C_EXPECTED "\" stroke=\"#ffffff\"");
	free(pts.xy);
	/* The legend, under the axis. */
	tk_svg_rect(b, x0, EVAL_LEGEND - 9, 16, 10, "fill=\"" C_BAND "\" fill-opacity=\"0.8\"");
	tk_svg_text(b, x0 + 22, EVAL_LEGEND, "start", "", "accuracy per bin");
	tk_svg_circle(b, x0 + 140, EVAL_LEGEND - 4, 3.5, "fill=\"" C_EXPECTED "\"");
	tk_svg_text(b, x0 + 148, EVAL_LEGEND, "start", "", "at its mean confidence");
	tk_svg_line(b, x0 + 290, EVAL_LEGEND - 4, x0 + 310, EVAL_LEGEND - 4,
		    "stroke=\"#9ca3af\" stroke-dasharray=\"5 4\"");
	tk_svg_text(b, x0 + 316, EVAL_LEGEND, "start", "", "perfect");
}

void tk_plot_eval(struct tk_eval *e, struct tk_buf *out)
{
	struct tk_eval_curves c;
	char title[160];

	tk_eval_curves(e, &c);
	snprintf(title, sizeof(title), "tk-eval: automation and calibration, %lu of %lu tickets with a confidence",
		 c.m, e->all.tickets);
	tk_svg_begin(out, EVAL_WIDTH, EVAL_HEIGHT, title);
	tk_svg_text(out, 70, 24, "start", "font-size=\"15\" font-weight=\"bold\" fill=\"#111827\"", title);
	automation(out, e, &c, 90, 470);
	reliability(out, &c, 590, 970);
	tk_svg_end(out);
	tk_eval_curves_release(&c);
}
