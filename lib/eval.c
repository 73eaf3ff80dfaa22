/*
 * Evaluation of predictions against gold labels; see eval.h.  Tickets are
 * counted as they come (per label, per confused pair, per segment); the
 * metrics are computed when the report is written, from the counts and
 * from the retained (confidence, correct) pairs, sorted once.
 */
#include "eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

void tk_eval_init(struct tk_eval *e)
{
	memset(e, 0, sizeof(*e));
	e->label_field = "label";
	e->predicted_field = "class.label";
	e->confidence_field = "class.confidence";
	e->target_precision = 0.95;
	e->bins = 10;
	e->top = 10;
	tk_wordset_init(&e->labelidx);
	tk_wordset_init(&e->all.pairidx);
}

static void stats_release(struct tk_eval_stats *st)
{
	free(st->cls);
	free(st->pair);
	free(st->pt);
	tk_wordset_release(&st->pairidx);
	memset(st, 0, sizeof(*st));
	tk_wordset_init(&st->pairidx);
}

void tk_eval_release(struct tk_eval *e)
{
	struct tk_eval saved = *e;
	size_t i, j;

	for (i = 0; i < e->nlabel; i++)
		free(e->label[i]);
	free(e->label);
	free(e->labellen);
	tk_wordset_release(&e->labelidx);
	stats_release(&e->all);
	for (i = 0; i < e->nby; i++) {
		struct tk_eval_by *by = &e->by[i];

		for (j = 0; j < by->nseg; j++) {
			free(by->seg[j].value);
			stats_release(&by->seg[j].st);
		}
		free(by->seg);
		free(by->field);
		tk_wordset_release(&by->index);
	}
	free(e->by);
	tk_eval_init(e);
	e->label_field = saved.label_field;
	e->predicted_field = saved.predicted_field;
	e->confidence_field = saved.confidence_field;
	e->target_precision = saved.target_precision;
	e->bins = saved.bins;
	e->top = saved.top;
}

void tk_eval_by(struct tk_eval *e, const char *field)
{
	struct tk_eval_by *by;
	size_t i;

	for (i = 0; i < e->nby; i++)
		if (strcmp(e->by[i].field, field) == 0)
			return;
	e->by = tk_realloc(e->by, (e->nby + 1) * sizeof(*e->by));
	by = &e->by[e->nby++];
	memset(by, 0, sizeof(*by));
	by->field = tk_strdup(field);
	tk_wordset_init(&by->index);
	by->missing = -1;
}

/* ---- counting ---- */

/*
 * The text of v as a label or segment value: 1 with *s, *len set; 0 when
 * v is missing or null; -1 for an object or an array.  Numbers and
 * booleans are their JSON text, which json-c keeps as it was read.
 */
static int value_text(struct json_object *v, const char **s, size_t *len)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		return 0;
	case json_type_object:
	case json_type_array:
		return -1;
	case json_type_string:
		*s = json_object_get_string(v);
		*len = (size_t)json_object_get_string_len(v);
		return 1;
	default:
		*s = json_object_get_string(v);
		*len = strlen(*s);
		return 1;
	}
}

/* The type of v with its article, for messages: "a string", "an array". */
static const char *a_type(struct json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_object:
		return "an object";
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	case json_type_boolean:
		return "a boolean";
	default:
		return "a number";
	}
}

/* Fill err for a field whose value cannot be a label or segment value. */
static void not_a_value(struct tk_error *err, const char *field, struct json_object *v)
{
	tk_error_set(err, "'%s' is %s, not a string, number or boolean", field, a_type(v));
}

/* Fill err for an error object from an earlier tool. */
static void upstream_error(struct tk_error *err, struct json_object *ticket)
{
	struct json_object *msg = json_object_object_get(ticket, "error");
	struct json_object *file = json_object_object_get(ticket, "file");
	struct json_object *line = json_object_object_get(ticket, "line");

	if (json_object_is_type(file, json_type_string))
		tk_error_set(err, "upstream error at %s:%lld: %s", json_object_get_string(file),
			     (long long)json_object_get_int64(line), json_object_get_string(msg));
	else
		tk_error_set(err, "upstream error at line %lld: %s",
			     (long long)json_object_get_int64(line), json_object_get_string(msg));
}

/* Return the id of the label s[0..len), adding it when new. */
static uint32_t label_id(struct tk_eval *e, const char *s, size_t len)
{
	int id;

	if (tk_wordset_get(&e->labelidx, s, len, &id))
		return (uint32_t)id;
	if (e->nlabel == e->labelalloc) {
		e->labelalloc = e->labelalloc ? 2 * e->labelalloc : 16;
		e->label = tk_realloc(e->label, e->labelalloc * sizeof(*e->label));
		e->labellen = tk_realloc(e->labellen, e->labelalloc * sizeof(*e->labellen));
	}
	e->label[e->nlabel] = tk_malloc(len + 1);
	memcpy(e->label[e->nlabel], s, len);
	e->label[e->nlabel][len] = '\0';
	e->labellen[e->nlabel] = len;
	tk_wordset_put(&e->labelidx, s, len, (int)e->nlabel);
	return (uint32_t)e->nlabel++;
}

static void stats_add(struct tk_eval_stats *st, size_t nlabel, uint32_t gold, uint32_t pred,
		      int hasconf, double conf)
{
	if (st->ncls < nlabel) {
		size_t n = st->ncls ? st->ncls : 8;

		while (n < nlabel)
			n *= 2;
		st->cls = tk_realloc(st->cls, n * sizeof(*st->cls));
		memset(st->cls + st->ncls, 0, (n - st->ncls) * sizeof(*st->cls));
		st->ncls = n;
	}
	st->tickets++;
	st->cls[gold].support++;
	st->cls[pred].predicted++;
	if (gold == pred) {
		st->correct++;
		st->cls[gold].tp++;
	} else {
		uint32_t key[2] = { gold, pred };
		int i;

		if (!tk_wordset_get(&st->pairidx, (const char *)key, sizeof(key), &i)) {
			if (st->npair == st->pairalloc) {
				st->pairalloc = st->pairalloc ? 2 * st->pairalloc : 16;
				st->pair = tk_realloc(st->pair, st->pairalloc * sizeof(*st->pair));
			}
			i = (int)st->npair++;
			st->pair[i].gold = gold;
			st->pair[i].predicted = pred;
			st->pair[i].count = 0;
			tk_wordset_put(&st->pairidx, (const char *)key, sizeof(key), i);
		}
		st->pair[i].count++;
	}
	if (hasconf) {
		if (st->npt == st->ptalloc) {
			st->ptalloc = st->ptalloc ? 2 * st->ptalloc : 64;
			st->pt = tk_realloc(st->pt, st->ptalloc * sizeof(*st->pt));
		}
		st->pt[st->npt].confidence = conf;
		st->pt[st->npt].correct = gold == pred;
		st->npt++;
	}
}

/* Return the stats of the segment of by whose value is s[0..len) (s NULL: none). */
static struct tk_eval_stats *segment(struct tk_eval_by *by, const char *s, size_t len)
{
	struct tk_eval_segment *seg;
	int i;

	if (s && tk_wordset_get(&by->index, s, len, &i))
		return &by->seg[i].st;
	if (!s && by->missing >= 0)
		return &by->seg[by->missing].st;
	if (by->nseg == by->segalloc) {
		by->segalloc = by->segalloc ? 2 * by->segalloc : 8;
		by->seg = tk_realloc(by->seg, by->segalloc * sizeof(*by->seg));
	}
	i = (int)by->nseg++;
	seg = &by->seg[i];
	memset(seg, 0, sizeof(*seg));
	tk_wordset_init(&seg->st.pairidx);
	if (s) {
		seg->value = tk_malloc(len + 1);
		memcpy(seg->value, s, len);
		seg->value[len] = '\0';
		seg->len = len;
		tk_wordset_put(&by->index, s, len, i);
	} else {
		by->missing = i;
	}
	return &seg->st;
}

int tk_eval_add(struct tk_eval *e, struct json_object *ticket, struct tk_error *err)
{
	struct json_object *gv, *pv, *cv;
	const char *gs = NULL, *ps = NULL, *vs = NULL;
	size_t glen = 0, plen = 0, vlen = 0, i;
	uint32_t gold, pred;
	double conf = 0;
	int rc, hasconf;

	if (tk_json_is_error(ticket)) {
		upstream_error(err, ticket);
		return -1;
	}
	gv = tk_json_path(ticket, e->label_field);
	pv = tk_json_path(ticket, e->predicted_field);
	cv = tk_json_path(ticket, e->confidence_field);
	if ((rc = value_text(gv, &gs, &glen)) <= 0) {
		if (rc == 0)
			tk_error_set(err, "no '%s' field", e->label_field);
		else
			not_a_value(err, e->label_field, gv);
		return -1;
	}
	if (glen == 0) {
		/* as tk-train: no label is not a class */
		tk_error_set(err, "empty '%s'", e->label_field);
		return -1;
	}
	if ((rc = value_text(pv, &ps, &plen)) <= 0) {
		if (rc == 0)
			tk_error_set(err, "no '%s' field", e->predicted_field);
		else
			not_a_value(err, e->predicted_field, pv);
		return -1;
	}
	hasconf = !json_object_is_type(cv, json_type_null);
	if (hasconf) {
		if (!json_object_is_type(cv, json_type_double) &&
		    !json_object_is_type(cv, json_type_int)) {
			tk_error_set(err, "'%s' is %s, not a number", e->confidence_field,
				     a_type(cv));
			return -1;
		}
		conf = json_object_get_double(cv);
		if (!(conf >= 0 && conf <= 1)) {
			tk_error_set(err, "'%s' is %s, not in [0, 1]", e->confidence_field,
				     json_object_get_string(cv));
			return -1;
		}
	}
	/* Every --by field is checked before anything is counted. */
	for (i = 0; i < e->nby; i++) {
		struct json_object *v = tk_json_path(ticket, e->by[i].field);

		if (value_text(v, &vs, &vlen) < 0) {
			not_a_value(err, e->by[i].field, v);
			return -1;
		}
	}
	gold = label_id(e, gs, glen);
	pred = label_id(e, ps, plen);
	stats_add(&e->all, e->nlabel, gold, pred, hasconf, conf);
	for (i = 0; i < e->nby; i++) {
		struct json_object *v = tk_json_path(ticket, e->by[i].field);
		int has = value_text(v, &vs, &vlen);

		stats_add(segment(&e->by[i], has ? vs : NULL, vlen), e->nlabel, gold, pred,
			  hasconf, conf);
	}
	return 0;
}

/* ---- the metrics ---- */

/* What the report says about one set of tickets. */
struct metrics {
	unsigned long n, m, correct;      /* tickets, with a confidence, correct */
	unsigned long gold_classes;       /* labels with support */
	double macro_f1;                  /* mean F1 over them */
	unsigned long *bcount, *bcorrect; /* per calibration bin */
	double *bconf;                    /* sum of confidences per bin */
	double ece;
	unsigned long acount[TK_EVAL_STEPS + 1], acorrect[TK_EVAL_STEPS + 1];
	int found;        /* the target precision is reached */
	double threshold; /* at this confidence */
	unsigned long tcount, tcorrect;
};

static double ratio(unsigned long a, unsigned long b)
{
	return (double)a / (double)b;
}

static double f1(const struct tk_eval_class *c)
{
	double p, r;

	if (!c->tp)
		return 0;
	p = ratio(c->tp, c->predicted);
	r = ratio(c->tp, c->support);
	return 2 * p * r / (p + r);
}

static int by_confidence_desc(const void *a, const void *b)
{
	double x = ((const struct tk_eval_point *)a)->confidence;
	double y = ((const struct tk_eval_point *)b)->confidence;

	return x > y ? -1 : x < y;
}

/*
 * The bin of confidence c: bin k holds [k/bins, (k+1)/bins), the last one
 * 1 too.  The bounds are compared as doubles, so that a confidence written
 * as 0.3 falls in the bin that starts at 0.3, whatever c * bins rounds to.
 */
static unsigned bin_of(double c, unsigned bins)
{
	unsigned k = (unsigned)(c * bins);

	if (k >= bins)
		k = bins - 1;
	while (k + 1 < bins && c >= (double)(k + 1) / bins)
		k++;
	while (k > 0 && c < (double)k / bins)
		k--;
	return k;
}

static void metrics_compute(const struct tk_eval *e, struct tk_eval_stats *st, struct metrics *r)
{
	size_t i, j;
	unsigned long cum = 0, cumc = 0;
	int s;

	memset(r, 0, sizeof(*r));
	r->n = st->tickets;
	r->m = st->npt;
	r->correct = st->correct;
	for (i = 0; i < st->ncls; i++)
		if (st->cls[i].support) {
			r->gold_classes++;
			r->macro_f1 += f1(&st->cls[i]);
		}
	if (r->gold_classes)
		r->macro_f1 /= (double)r->gold_classes;

	r->bcount = tk_calloc(e->bins, sizeof(*r->bcount));
	r->bcorrect = tk_calloc(e->bins, sizeof(*r->bcorrect));
	r->bconf = tk_calloc(e->bins, sizeof(*r->bconf));
	for (i = 0; i < st->npt; i++) {
		unsigned k = bin_of(st->pt[i].confidence, e->bins);

		r->bcount[k]++;
		r->bcorrect[k] += (unsigned long)st->pt[i].correct;
		r->bconf[k] += st->pt[i].confidence;
	}
	for (i = 0; i < e->bins; i++)
		if (r->bcount[i]) {
			double acc = ratio(r->bcorrect[i], r->bcount[i]);
			double conf = r->bconf[i] / (double)r->bcount[i];

			double gap = acc > conf ? acc - conf : conf - acc;

			r->ece += ratio(r->bcount[i], r->m) * gap;
		}

	/* Highest confidence first: the tickets at or above a threshold are a prefix. */
	if (st->npt > 1)
		qsort(st->pt, st->npt, sizeof(*st->pt), by_confidence_desc);
	j = 0;
	for (s = TK_EVAL_STEPS; s >= 0; s--) {
		double t = (double)s / TK_EVAL_STEPS;

		for (; j < st->npt && st->pt[j].confidence >= t; j++) {
			cum++;
			cumc += (unsigned long)st->pt[j].correct;
		}
		r->acount[s] = cum;
		r->acorrect[s] = cumc;
	}
	/* The target: the longest prefix, cut between different confidences, precise enough. */
	cum = cumc = 0;
	for (j = 0; j < st->npt; j++) {
		cum++;
		cumc += (unsigned long)st->pt[j].correct;
		if (j + 1 < st->npt && st->pt[j + 1].confidence == st->pt[j].confidence)
			continue;
		if (ratio(cumc, cum) >= e->target_precision) {
			r->found = 1;
			r->threshold = st->pt[j].confidence;
			r->tcount = cum;
			r->tcorrect = cumc;
		}
	}
}

static void metrics_release(struct metrics *r)
{
	free(r->bcount);
	free(r->bcorrect);
	free(r->bconf);
}

void tk_eval_curves(struct tk_eval *e, struct tk_eval_curves *c)
{
	struct metrics r;

	metrics_compute(e, &e->all, &r);
	memset(c, 0, sizeof(*c));
	c->m = r.m;
	c->bins = e->bins;
	c->bcount = r.bcount; /* c takes the arrays over */
	c->bcorrect = r.bcorrect;
	c->bconf = r.bconf;
	c->ece = r.ece;
	memcpy(c->acount, r.acount, sizeof(c->acount));
	memcpy(c->acorrect, r.acorrect, sizeof(c->acorrect));
	c->found = r.found;
	c->threshold = r.threshold;
	c->tcount = r.tcount;
	c->tcorrect = r.tcorrect;
	c->pt = e->all.pt;
	c->npt = e->all.npt;
}

void tk_eval_curves_release(struct tk_eval_curves *c)
{
	free(c->bcount);
	free(c->bcorrect);
	free(c->bconf);
	memset(c, 0, sizeof(*c));
}

/* ---- numbers and names as text ---- */

/* A ratio in [0, 1] with four decimals, by integer arithmetic: no locale can change it. */
static const char *fmt_ratio(char *buf, size_t size, double v)
{
	unsigned long long u = (unsigned long long)(v * 10000.0 + 0.5);

	snprintf(buf, size, "%llu.%04llu", u / 10000, u % 10000);
	return buf;
}

/*
 * A number from the data: the shortest %g text that reads back as the
 * same double, with whatever the locale uses as a decimal point made '.'.
 */
static const char *fmt_real(char *buf, size_t size, double v)
{
	char tmp[64];
	size_t i, n = 0;
	int p;

	for (p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*g", p, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	for (i = 0; tmp[i] && n + 1 < size; i++) {
		char c = tmp[i];

		if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == 'e')
			buf[n++] = c;
		else if (n == 0 || buf[n - 1] != '.')
			buf[n++] = '.';
	}
	buf[n] = '\0';
	return buf;
}

/* The threshold of step s of the automation curve, as text. */
static const char *fmt_step(char *buf, size_t size, int s)
{
	unsigned hundredths = (unsigned)s * (100 / TK_EVAL_STEPS);

	snprintf(buf, size, "%u.%02u", hundredths / 100, hundredths % 100);
	return buf;
}

/* A label in sorted order. */
struct name {
	const char *s;
	size_t len;
	uint32_t id;
};

static int name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c ? c : (alen > blen) - (alen < blen);
}

static int by_name(const void *a, const void *b)
{
	const struct name *x = a, *y = b;

	return name_cmp(x->s, x->len, y->s, y->len);
}

/* Every label, in byte order; free the result. */
static struct name *sorted_labels(const struct tk_eval *e)
{
	struct name *v = tk_malloc((e->nlabel + 1) * sizeof(*v));
	size_t i;

	for (i = 0; i < e->nlabel; i++) {
		v[i].s = e->label[i];
		v[i].len = e->labellen[i];
		v[i].id = (uint32_t)i;
	}
	qsort(v, e->nlabel, sizeof(*v), by_name);
	return v;
}

/* A confused pair, with its names for sorting. */
struct confusion {
	unsigned long count;
	const char *g, *p;
	size_t glen, plen;
};

static int by_count(const void *a, const void *b)
{
	const struct confusion *x = a, *y = b;
	int c;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if ((c = name_cmp(x->g, x->glen, y->g, y->glen)))
		return c;
	return name_cmp(x->p, x->plen, y->p, y->plen);
}

/* The confused pairs of st, most frequent first; *n of them (at most e->top). */
static struct confusion *top_confusions(const struct tk_eval *e, const struct tk_eval_stats *st,
					size_t *n)
{
	struct confusion *v = tk_malloc((st->npair + 1) * sizeof(*v));
	size_t i;

	for (i = 0; i < st->npair; i++) {
		v[i].count = st->pair[i].count;
		v[i].g = e->label[st->pair[i].gold];
		v[i].glen = e->labellen[st->pair[i].gold];
		v[i].p = e->label[st->pair[i].predicted];
		v[i].plen = e->labellen[st->pair[i].predicted];
	}
	qsort(v, st->npair, sizeof(*v), by_count);
	*n = st->npair < e->top ? st->npair : (size_t)e->top;
	return v;
}

/* ---- the JSON report ---- */

/* Append ,"key": and a ratio of a to b, or null when b is 0. */
static void json_ratio(struct tk_buf *b, const char *key, unsigned long num, unsigned long den)
{
	char tmp[32];

	tk_buf_addf(b, ",\"%s\":%s", key,
		    den ? fmt_ratio(tmp, sizeof(tmp), ratio(num, den)) : "null");
}

static void json_stats(struct tk_eval *e, struct tk_eval_stats *st, const struct name *order,
		       const unsigned long *bad, struct tk_buf *b)
{
	struct metrics r;
	struct confusion *conf;
	char tmp[64];
	size_t i, n;
	int s, first = 1;

	metrics_compute(e, st, &r);
	tk_buf_addf(b, "\"tickets\":%lu", r.n);
	if (bad)
		tk_buf_addf(b, ",\"bad\":%lu", *bad);
	tk_buf_addf(b, ",\"with_confidence\":%lu", r.m);
	json_ratio(b, "accuracy", r.correct, r.n);
	tk_buf_addf(b, ",\"macro_f1\":%s",
		    r.gold_classes ? fmt_ratio(tmp, sizeof(tmp), r.macro_f1) : "null");
	json_ratio(b, "micro_f1", r.correct, r.n);

	tk_buf_adds(b, ",\"classes\":[");
	/* The analyzer takes the test of bad, which is &e->bad, for one of e. */
	for (i = 0; i < e->nlabel; i++) { /* NOLINT(clang-analyzer-core.NullDereference) */
		const struct tk_eval_class *c;

		if (order[i].id >= st->ncls)
			continue;
		c = &st->cls[order[i].id];
		if (!c->support && !c->predicted)
			continue;
		tk_buf_adds(b, first ? "{\"label\":" : ",{\"label\":");
		first = 0;
		tk_json_escape(b, order[i].s, order[i].len);
		tk_buf_addf(b, ",\"support\":%lu,\"predicted\":%lu", c->support, c->predicted);
		tk_buf_addf(b, ",\"precision\":%s",
			    fmt_ratio(tmp, sizeof(tmp), c->tp ? ratio(c->tp, c->predicted) : 0));
		tk_buf_addf(b, ",\"recall\":%s",
			    fmt_ratio(tmp, sizeof(tmp), c->tp ? ratio(c->tp, c->support) : 0));
		tk_buf_addf(b, ",\"f1\":%s}", fmt_ratio(tmp, sizeof(tmp), f1(c)));
	}

	tk_buf_adds(b, "],\"confusions\":[");
	conf = top_confusions(e, st, &n);
	for (i = 0; i < n; i++) {
		tk_buf_adds(b, i ? ",{\"gold\":" : "{\"gold\":");
		tk_json_escape(b, conf[i].g, conf[i].glen);
		tk_buf_adds(b, ",\"predicted\":");
		tk_json_escape(b, conf[i].p, conf[i].plen);
		tk_buf_addf(b, ",\"count\":%lu}", conf[i].count);
	}
	free(conf);

	tk_buf_adds(b, "],\"calibration\":{\"bins\":[");
	for (i = 0; i < e->bins; i++) {
		tk_buf_addf(b, "%s{\"lower\":%s", i ? "," : "",
			    fmt_ratio(tmp, sizeof(tmp), (double)i / e->bins));
		tk_buf_addf(b, ",\"upper\":%s,\"count\":%lu",
			    fmt_ratio(tmp, sizeof(tmp), (double)(i + 1) / e->bins), r.bcount[i]);
		if (r.bcount[i])
			tk_buf_addf(b, ",\"confidence\":%s",
				    fmt_ratio(tmp, sizeof(tmp), r.bconf[i] / (double)r.bcount[i]));
		else
			tk_buf_adds(b, ",\"confidence\":null");
		json_ratio(b, "accuracy", r.bcorrect[i], r.bcount[i]);
		tk_buf_addch(b, '}');
	}
	tk_buf_addf(b, "],\"ece\":%s}", r.m ? fmt_ratio(tmp, sizeof(tmp), r.ece) : "null");

	tk_buf_adds(b, ",\"automation\":[");
	for (s = 0; s <= TK_EVAL_STEPS; s++) {
		tk_buf_addf(b, "%s{\"threshold\":%s", s ? "," : "", fmt_step(tmp, sizeof(tmp), s));
		json_ratio(b, "automated", r.acount[s], r.m);
		json_ratio(b, "accuracy", r.acorrect[s], r.acount[s]);
		tk_buf_addch(b, '}');
	}

	tk_buf_addf(b, "],\"target\":{\"precision\":%s",
		    fmt_ratio(tmp, sizeof(tmp), e->target_precision));
	if (r.found) {
		tk_buf_addf(b, ",\"threshold\":%s", fmt_real(tmp, sizeof(tmp), r.threshold));
		json_ratio(b, "automated", r.tcount, r.m);
		json_ratio(b, "accuracy", r.tcorrect, r.tcount);
		tk_buf_adds(b, ",\"reason\":null}");
	} else {
		tk_buf_adds(b, ",\"threshold\":null,\"automated\":null,\"accuracy\":null");
		tk_buf_addf(b, ",\"reason\":\"%s\"}",
			    r.m ? "no confidence threshold reaches the target precision"
				: "no ticket has a confidence");
	}
	metrics_release(&r);
}

/* The segments of a --by field in the order of the report: by value, the missing value last. */
static int by_value(const void *a, const void *b)
{
	const struct tk_eval_segment *x = *(const struct tk_eval_segment *const *)a;
	const struct tk_eval_segment *y = *(const struct tk_eval_segment *const *)b;

	if (!x->value || !y->value)
		return !x->value - !y->value;
	return name_cmp(x->value, x->len, y->value, y->len);
}

static struct tk_eval_segment **sorted_segments(const struct tk_eval_by *by)
{
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
	struct tk_eval_segment **v = tk_malloc((by->nseg + 1) * sizeof(*v));
	size_t i;

	for (i = 0; i < by->nseg; i++)
		v[i] = &by->seg[i];
	qsort(v, by->nseg, sizeof(*v), by_value); /* NOLINT(bugprone-sizeof-expression) */
	return v;
}

void tk_eval_json(struct tk_eval *e, struct tk_buf *out)
{
	struct name *order = sorted_labels(e);
	size_t i, j;

	tk_buf_addch(out, '{');
	json_stats(e, &e->all, order, &e->bad, out);
	tk_buf_adds(out, ",\"segments\":[");
	for (i = 0; i < e->nby; i++) {
		struct tk_eval_segment **seg = sorted_segments(&e->by[i]);

		tk_buf_adds(out, i ? ",{\"field\":" : "{\"field\":");
		tk_json_escape(out, e->by[i].field, strlen(e->by[i].field));
		tk_buf_adds(out, ",\"values\":[");
		for (j = 0; j < e->by[i].nseg; j++) {
			tk_buf_adds(out, j ? ",{\"value\":" : "{\"value\":");
			if (seg[j]->value)
				tk_json_escape(out, seg[j]->value, seg[j]->len);
			else
				tk_buf_adds(out, "null");
			tk_buf_addch(out, ',');
			json_stats(e, &seg[j]->st, order, NULL, out);
			tk_buf_addch(out, '}');
		}
		tk_buf_adds(out, "]}");
		free(seg);
	}
	tk_buf_adds(out, "]}");
	free(order);
}

/* ---- the table for people ---- */

/* The width of s[0..len) on a terminal: its UTF-8 characters, counted. */
static size_t width(const char *s, size_t len)
{
	size_t i, w = 0;

	for (i = 0; i < len; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

/* Append s[0..len) with control characters as '?', padded with spaces to w columns. */
static void text_name(struct tk_buf *b, const char *s, size_t len, size_t w)
{
	size_t i;

	for (i = 0; i < len; i++)
		tk_buf_addch(b, (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i]);
	for (i = width(s, len); i < w; i++)
		tk_buf_addch(b, ' ');
}

/* A ratio of num to den as text, "-" when den is 0. */
static const char *text_ratio(char *buf, size_t size, unsigned long num, unsigned long den)
{
	return den ? fmt_ratio(buf, size, ratio(num, den)) : "-";
}

/* The lines about the target threshold. */
static void text_target(const struct tk_eval *e, const struct metrics *r, struct tk_buf *b)
{
	char t1[64], t2[32], t3[32], t4[32];

	fmt_ratio(t2, sizeof(t2), e->target_precision);
	if (!r->m) {
		tk_buf_adds(b, "target      none: no ticket has a confidence\n");
		return;
	}
	if (!r->found) {
		tk_buf_addf(b, "target      no confidence threshold reaches precision %s\n", t2);
		return;
	}
	tk_buf_addf(b, "target      confidence >= %s reaches precision %s\n",
		    fmt_real(t1, sizeof(t1), r->threshold), t2);
	tk_buf_addf(b, "automated   %lu of %lu tickets (%s), accuracy %s\n", r->tcount, r->m,
		    fmt_ratio(t3, sizeof(t3), ratio(r->tcount, r->m)),
		    fmt_ratio(t4, sizeof(t4), ratio(r->tcorrect, r->tcount)));
}

static void text_classes(const struct tk_eval *e, const struct tk_eval_stats *st,
			 const struct name *order, struct tk_buf *b)
{
	char t1[32], t2[32], t3[32];
	size_t i, w = 5;

	for (i = 0; i < e->nlabel; i++)
		if (width(order[i].s, order[i].len) > w)
			w = width(order[i].s, order[i].len);
	tk_buf_addch(b, '\n');
	text_name(b, "label", 5, w);
	tk_buf_addf(b, "%9s%11s%11s%9s%9s\n", "support", "predicted", "precision", "recall", "F1");
	for (i = 0; i < e->nlabel; i++) {
		const struct tk_eval_class *c;

		if (order[i].id >= st->ncls)
			continue;
		c = &st->cls[order[i].id];
		if (!c->support && !c->predicted)
			continue;
		text_name(b, order[i].s, order[i].len, w);
		tk_buf_addf(b, "%9lu%11lu%11s%9s%9s\n", c->support, c->predicted,
			    fmt_ratio(t1, sizeof(t1), c->tp ? ratio(c->tp, c->predicted) : 0),
			    fmt_ratio(t2, sizeof(t2), c->tp ? ratio(c->tp, c->support) : 0),
			    fmt_ratio(t3, sizeof(t3), f1(c)));
	}
}

static void text_rest(const struct tk_eval *e, const struct tk_eval_stats *st,
		      const struct metrics *r, struct tk_buf *b)
{
	struct confusion *conf;
	char t1[32], t2[32], t3[32];
	size_t i, n;
	int s;

	tk_buf_adds(b, "\nconfusions (gold -> predicted)\n");
	conf = top_confusions(e, st, &n);
	for (i = 0; i < n; i++) {
		tk_buf_addf(b, "%9lu  ", conf[i].count);
		text_name(b, conf[i].g, conf[i].glen, 0);
		tk_buf_adds(b, " -> ");
		text_name(b, conf[i].p, conf[i].plen, 0);
		tk_buf_addch(b, '\n');
	}
	if (!n)
		tk_buf_adds(b, "     none\n");
	free(conf);

	tk_buf_addf(b, "\n%-15s%9s%12s%10s\n", "calibration", "tickets", "confidence",
		    "accuracy");
	for (i = 0; i < e->bins; i++) {
		tk_buf_addf(b, "%s-", fmt_ratio(t1, sizeof(t1), (double)i / e->bins));
		tk_buf_addf(b, "%-8s%9lu", fmt_ratio(t1, sizeof(t1), (double)(i + 1) / e->bins),
			    r->bcount[i]);
		if (r->bcount[i])
			fmt_ratio(t2, sizeof(t2), r->bconf[i] / (double)r->bcount[i]);
		tk_buf_addf(b, "%12s%10s\n", r->bcount[i] ? t2 : "-",
			    text_ratio(t3, sizeof(t3), r->bcorrect[i], r->bcount[i]));
	}

	tk_buf_addf(b, "\n%-15s%9s%11s%10s\n", "automation", "tickets", "automated", "accuracy");
	for (s = 0; s <= TK_EVAL_STEPS; s++)
		tk_buf_addf(b, ">= %-12s%9lu%11s%10s\n", fmt_step(t1, sizeof(t1), s),
			    r->acount[s], text_ratio(t2, sizeof(t2), r->acount[s], r->m),
			    text_ratio(t3, sizeof(t3), r->acorrect[s], r->acount[s]));
}

static void text_segments(struct tk_eval *e, const struct tk_eval_by *by, struct tk_buf *b)
{
	struct tk_eval_segment **seg = sorted_segments(by);
	char t1[32], t2[32], t3[32], t4[64];
	size_t i, w = 6;

	for (i = 0; i < by->nseg; i++)
		if (seg[i]->value && width(seg[i]->value, seg[i]->len) > w)
			w = width(seg[i]->value, seg[i]->len);
	tk_buf_addf(b, "\nby %s\n", by->field);
	text_name(b, "value", 5, w);
	tk_buf_addf(b, "%9s%10s%10s%8s%8s\n", "tickets", "accuracy", "macro F1", "ECE", "target");
	for (i = 0; i < by->nseg; i++) {
		struct metrics r;

		metrics_compute(e, &seg[i]->st, &r);
		if (seg[i]->value)
			text_name(b, seg[i]->value, seg[i]->len, w);
		else
			text_name(b, "(none)", 6, w);
		tk_buf_addf(b, "%9lu%10s%10s%8s%8s\n", r.n,
			    text_ratio(t1, sizeof(t1), r.correct, r.n),
			    r.gold_classes ? fmt_ratio(t2, sizeof(t2), r.macro_f1) : "-",
			    r.m ? fmt_ratio(t3, sizeof(t3), r.ece) : "-",
			    r.found ? fmt_real(t4, sizeof(t4), r.threshold) : "-");
		metrics_release(&r);
	}
	free(seg);
}

void tk_eval_text(struct tk_eval *e, struct tk_buf *out)
{
	struct name *order = sorted_labels(e);
	struct metrics r;
	char t1[32];
	size_t i;

	metrics_compute(e, &e->all, &r);
	tk_buf_addf(out, "tickets     %lu\n", r.n);
	if (e->bad)
		tk_buf_addf(out, "bad lines   %lu, not counted\n", e->bad);
	tk_buf_addf(out, "confidence  %lu of %lu tickets have one\n", r.m, r.n);
	tk_buf_addf(out, "accuracy    %s\n", text_ratio(t1, sizeof(t1), r.correct, r.n));
	tk_buf_addf(out, "macro F1    %s (mean over %lu gold label%s)\n",
		    r.gold_classes ? fmt_ratio(t1, sizeof(t1), r.macro_f1) : "-", r.gold_classes,
		    r.gold_classes == 1 ? "" : "s");
	tk_buf_addf(out, "micro F1    %s\n", text_ratio(t1, sizeof(t1), r.correct, r.n));
	tk_buf_addf(out, "ECE         %s (%u bin%s)\n",
		    r.m ? fmt_ratio(t1, sizeof(t1), r.ece) : "-", e->bins, e->bins == 1 ? "" : "s");
	text_target(e, &r, out);
	text_classes(e, &e->all, order, out);
	text_rest(e, &e->all, &r, out);
	metrics_release(&r);
	for (i = 0; i < e->nby; i++)
		text_segments(e, &e->by[i], out);
	free(order);
}
