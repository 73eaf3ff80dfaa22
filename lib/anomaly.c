/*
 * Volume anomalies (see anomaly.h).
 *
 * Counts are compared with their expectation on the Anscombe scale,
 * z = 2 (sqrt(x + 3/8) - sqrt(e + 3/8)), which makes Poisson counts about
 * normal with unit variance whatever e is; z is then divided by the
 * spread the key has shown beyond Poisson (learnt from its ordinary
 * windows), so that a bursty key does not cry wolf.
 */
#include <fcntl.h>
#include <float.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "anomaly.h"
#include "file.h"
#include "hash.h"
#include "timestamp.h"

#define SERIES_HISTORY 1000 /* the points a --series value is compared with */
/* --series contexts (tuned on NAB, one setting for the corpus) */
#define CONTEXT_BINS 6       /* bins between the least and greatest value seen (or --range) */
#define CONTEXT_MARGIN 0.05  /* a new extreme widens the range by 5% more */
#define CONTEXT_ORDER 7      /* contexts: the bins of the last 1 to 7 points and the point's */
#define CONTEXT_BITS 17      /* the contexts seen: 2^17 bits (16 KiB) a key */
#define CONTEXT_LEARN 500    /* points over which the usual share of new contexts is learnt */
#define CONTEXT_BURST 0.75   /* a point with this share of new contexts or more ... */
#define CONTEXT_REST 50      /* ... silences the key's next 50 points */
#define CONTEXT_WARMUP 150   /* points before contexts count: the distance alone till then */
#define DISTANCE_WEIGHT 0.1  /* the distance's part in the score; contexts have the rest */
#define CONTEXT_BYTES ((size_t)1 << (CONTEXT_BITS - 3))
#define RECENT_MASK ((UINT64_C(1) << (4 * CONTEXT_ORDER)) - 1)
#define MAX_CUSTOMERS 4096
#define MAX_TERMS 2048

void tk_anomaly_init(struct tk_anomaly *an)
{
	memset(an, 0, sizeof(*an));
	an->window = 3600;
	an->threshold = 0.9999;
	an->cooldown = 7200;
	an->min_count = 5;
	an->min_expected_drop = 8;
	an->clock = -INFINITY;
	an->now = -INFINITY;
	tk_wordset_init(&an->keyindex);
}

static void key_free(struct tk_akey *k)
{
	size_t i;

	for (i = 0; i < k->nticket; i++)
		free(k->ticket[i].id);
	free(k->ticket);
	for (i = 0; i < k->nterm; i++)
		free(k->term[i].s);
	free(k->term);
	free(k->customer);
	free(k->base);
	free(k->hist);
	free(k->context);
	free(k->name);
	free(k);
}

void tk_anomaly_release(struct tk_anomaly *an)
{
	size_t i;

	for (i = 0; i < an->nkey; i++)
		key_free(an->key[i]);
	free(an->key);
	tk_wordset_release(&an->keyindex);
	free(an->settings);
	tk_anomaly_init(an);
}

int tk_anomaly_in_shard(const char *name, size_t len, unsigned shard, unsigned nshard)
{
	return nshard <= 1 || tk_hash32(name, len, 0) % nshard == shard - 1;
}

void tk_anomaly_keep_shard(struct tk_anomaly *an, unsigned shard, unsigned nshard)
{
	size_t i, kept = 0;

	tk_wordset_release(&an->keyindex);
	tk_wordset_init(&an->keyindex);
	for (i = 0; i < an->nkey; i++) {
		struct tk_akey *k = an->key[i];

		if (!tk_anomaly_in_shard(k->name, strlen(k->name), shard, nshard)) {
			key_free(k);
			continue;
		}
		tk_wordset_put(&an->keyindex, k->name, strlen(k->name), (int)kept);
		an->key[kept++] = k;
	}
	an->nkey = kept;
}

struct tk_akey *tk_anomaly_key(struct tk_anomaly *an, const char *name, size_t len)
{
	struct tk_akey *k;
	int at;

	if (tk_wordset_get(&an->keyindex, name, len, &at))
		return an->key[at];
	tk_wordset_put(&an->keyindex, name, len, (int)an->nkey);
	if (an->nkey == an->keyalloc) {
		an->keyalloc = an->keyalloc ? 2 * an->keyalloc : 16;
		/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
		an->key = tk_realloc(an->key, an->keyalloc * sizeof(*an->key));
	}
	k = tk_calloc(1, sizeof(*k));
	k->name = tk_strndup(name, len);
	k->level = 1;
	k->disp = 1;
	k->first = NAN;
	k->start = NAN;
	k->incident_end = NAN;
	an->key[an->nkey++] = k;
	return k;
}

/* The hour of the week of t, Monday 00:00 UTC = 0 (1970-01-01 was a Thursday). */
static int bucket(double t)
{
	long long day = (long long)floor(t / 86400);
	int hour = (int)floor((t - (double)day * 86400) / 3600);

	return (int)(((day + 3) % 7 + 7) % 7) * 24 + hour;
}

static double upper_tail(double z)
{
	return 0.5 * erfc(z / sqrt(2.0));
}

static void clear_window(struct tk_akey *k)
{
	size_t i;

	for (i = 0; i < k->nticket; i++)
		free(k->ticket[i].id);
	k->nticket = 0;
	k->ncustomer = 0;
	for (i = 0; i < k->nterm; i++)
		free(k->term[i].s);
	k->nterm = 0;
	k->count = 0;
}

static uint32_t term_hash(const char *s)
{
	return tk_hash32(s, strlen(s), 5);
}

/* The terms of the window most over-represented against the key's history, into a. */
static void pick_terms(const struct tk_akey *k, struct tk_alert *a)
{
	double best[8];
	size_t i, j, n = 0;

	for (i = 0; i < k->nterm; i++) {
		const struct tk_term *t = &k->term[i];
		uint32_t h = term_hash(t->s) % TK_BASE_SLOTS;
		double fb = ((k->base ? k->base[h] : 0) + 0.5) / (k->base_total + 1);
		double fw = (double)t->count / (double)(k->count ? k->count : 1);
		double s;

		/* Terms at least twice as frequent as in the key's history, in a fifth of the window. */
		if (t->count < 2 || (double)t->count < 0.2 * k->count || fw < 2 * fb)
			continue;
		s = (double)t->count * log(fw / fb);
		for (j = n; j > 0 && best[j - 1] < s; j--)
			;
		if (j >= 8)
			continue;
		if (n < 8)
			n++;
		memmove(best + j + 1, best + j, (n - 1 - j) * sizeof(*best));
		memmove(a->terms + j + 1, a->terms + j, (n - 1 - j) * sizeof(*a->terms));
		best[j] = s;
		a->terms[j] = t->s;
	}
	a->nterm = n;
}

/* The examples: the window's tickets that have the most of the alert's terms (the first
   terms count most), best first and, among equals, in the order they came; so the first
   tickets when there are no terms. */
static void pick_examples(const struct tk_akey *k, struct tk_alert *a)
{
	uint32_t h[8];
	double best[5];
	size_t i, j, t, n = 0;

	for (t = 0; t < a->nterm; t++)
		h[t] = term_hash(a->terms[t]);
	for (i = 0; i < k->nticket; i++) {
		const struct tk_wticket *w = &k->ticket[i];
		double s = 0;

		for (t = 0; t < a->nterm; t++)
			for (j = 0; j < w->nterm; j++)
				if (w->term[j] == h[t]) {
					s += 1 + 1.0 / (double)(t + 1);
					break;
				}
		for (j = n; j > 0 && best[j - 1] < s; j--)
			;
		if (j >= 5)
			continue;
		if (n < 5)
			n++;
		memmove(best + j + 1, best + j, (n - 1 - j) * sizeof(*best));
		memmove(a->examples + j + 1, a->examples + j, (n - 1 - j) * sizeof(*a->examples));
		best[j] = s;
		a->examples[j] = w->id;
	}
	a->nexample = n;
}

static const char *severity(double x, double e, int drop)
{
	if (drop)
		return x == 0 ? "high" : "medium";
	if (x >= 4 * e && x >= 10)
		return "critical";
	if (x >= 3 * e)
		return "high";
	if (x >= 2 * e)
		return "medium";
	return "low";
}

/* Judge the window of k that starts at start with count x, teach the baseline, emit. */
static int close_window(struct tk_anomaly *an, struct tk_akey *k, double start, double x, int partial)
{
	int b = bucket(start), rc = 0, anomalous = 0;
	double per_week = 7 * 86400 / an->window, e = 0, z = 0, u, n_eff = 1, root, half;
	struct tk_alert a;

	memset(&a, 0, sizeof(a));
	a.key = k;
	a.start = start;
	a.end = start + an->window;
	a.observed = x;
	a.judged = k->seen[b] > 0 && (double)k->windows >= per_week;
	if (a.judged) {
		e = k->mean[b] * k->level;
		if (e < 0.05)
			e = 0.05;
		/* The expectation is itself an estimate from few windows of this hour of the week:
		   its error widens the spread (a bucket's mean weighs about 5.7 of its windows once
		   it has seen them, a week apart for windows of an hour or more). */
		n_eff = k->seen[b] < 5.7 ? (double)k->seen[b] : 5.7;
		z = 2 * (sqrt(x + 0.375) - sqrt(e + 0.375)) / sqrt(k->disp + 1 / n_eff);
		a.expected = e;
		/* z = -1 and +1 back on the count scale: (sqrt(e + 3/8) -+ spread / 2)^2 - 3/8 */
		root = sqrt(e + 0.375);
		half = sqrt(k->disp + 1 / n_eff) / 2;
		a.lo = root > half ? (root - half) * (root - half) - 0.375 : 0;
		a.lo = a.lo > 0 ? a.lo : 0;
		a.hi = (root + half) * (root + half) - 0.375;
		a.score = 1 - 2 * upper_tail(fabs(z));
		a.drop = z < 0;
		if (a.score >= an->threshold) {
			if (!a.drop)
				anomalous = x >= an->min_count && x >= e + 3;
			else
				anomalous = !partial && e >= an->min_expected_drop;
		}
	}
	if (anomalous) {
		a.alert = isnan(k->incident_end) || start - k->incident_end > an->cooldown;
		a.severity = severity(x, e, a.drop);
		k->incident_end = a.end;
		if (!a.drop)
			pick_terms(k, &a);
		pick_examples(k, &a);
		if (a.alert)
			an->alerts++;
	}
	if (an->emit && (a.alert || (an->emit_all && !partial)))
		rc = an->emit(an->ctx, &a);
	/* Learn: an anomalous window a little, so that an incident does not become the norm. */
	u = anomalous ? 0.1 : 1;
	if (!k->seen[b])
		k->mean[b] = x / k->level;
	else
		k->mean[b] += 0.3 * u * (x / k->level - k->mean[b]);
	k->seen[b]++;
	if (a.judged) {
		/* level: the ratio of what came to what the week's profile said, over about two days */
		double alpha = u * an->window / (2 * 86400.0), r = k->mean[b] > 0 ? x / k->mean[b] : k->level;

		if (alpha > 0.5)
			alpha = 0.5;
		if (k->mean[b] >= 0.5)
			k->level += alpha * (r - k->level);
		if (k->level < 0.05)
			k->level = 0.05;
		if (!anomalous) {
			k->disp += 0.02 * (z * z * (k->disp + 1 / n_eff) - 1 / n_eff - k->disp);
			if (k->disp < 1)
				k->disp = 1;
		}
	}
	k->windows++;
	if (isnan(k->first))
		k->first = start;
	/* The window's terms join the key's history. */
	if (k->nterm && !k->base)
		k->base = tk_calloc(TK_BASE_SLOTS, sizeof(*k->base));
	for (size_t i = 0; i < k->nterm; i++)
		k->base[term_hash(k->term[i].s) % TK_BASE_SLOTS] += (float)k->term[i].count;
	k->base_total += x;
	return rc;
}

/* Close k's windows that end at or before t; empty ones count 0. */
static int advance_key(struct tk_anomaly *an, struct tk_akey *k, double t)
{
	int rc = 0;

	/* Silent for more than four weeks: what the key knew is stale; it starts again, from t. */
	if (!isnan(k->start) && t - k->start > 4 * 7 * 86400.0 + an->window) {
		rc = close_window(an, k, k->start, k->count, 0);
		clear_window(k);
		memset(k->mean, 0, sizeof(k->mean));
		memset(k->seen, 0, sizeof(k->seen));
		k->level = k->disp = 1;
		k->windows = 0;
		k->first = NAN;
		k->incident_end = NAN;
		k->start = floor(t / an->window) * an->window;
		return rc;
	}
	while (rc == 0 && !isnan(k->start) && k->start + an->window <= t) {
		rc = close_window(an, k, k->start, k->count, 0);
		clear_window(k);
		k->start += an->window;
	}
	return rc;
}

int tk_anomaly_advance(struct tk_anomaly *an, double t)
{
	size_t i;
	int rc = 0;

	if (t <= an->clock)
		return 0;
	/* Only when t passes a window boundary can a window close. */
	if (an->clock != -INFINITY && floor(t / an->window) == floor(an->clock / an->window)) {
		an->clock = t;
		return 0;
	}
	an->clock = t;
	for (i = 0; i < an->nkey && rc == 0; i++)
		rc = advance_key(an, an->key[i], t);
	return rc;
}

static void add_term(struct tk_akey *k, const char *s)
{
	size_t i;

	/* Window terms are few and short-lived; a linear search stays cheap up to MAX_TERMS. */
	for (i = 0; i < k->nterm; i++)
		if (strcmp(k->term[i].s, s) == 0) {
			k->term[i].count++;
			return;
		}
	if (k->nterm == MAX_TERMS)
		return;
	if (k->nterm == k->termalloc) {
		k->termalloc = k->termalloc ? 2 * k->termalloc : 64;
		k->term = tk_realloc(k->term, k->termalloc * sizeof(*k->term));
	}
	k->term[k->nterm].s = tk_strdup(s);
	k->term[k->nterm++].count = 1;
}

int tk_anomaly_ticket(struct tk_anomaly *an, struct tk_akey *k, double t, const char *id,
		      const char *customer, const char *const *terms, size_t nterm)
{
	size_t i, j;
	int rc = tk_anomaly_advance(an, t);

	if (rc)
		return rc;
	if (isnan(k->start))
		k->start = floor(t / an->window) * an->window;
	else if (k->start + an->window <= t && (rc = advance_key(an, k, t)) != 0)
		return rc;
	/* A ticket older than the open window (late, or out of order) counts in the open one. */
	k->count++;
	if (id && k->nticket < TK_WINDOW_TICKETS) {
		struct tk_wticket *w;

		if (k->nticket == k->ticketalloc) {
			k->ticketalloc = k->ticketalloc ? 2 * k->ticketalloc : 16;
			k->ticket = tk_realloc(k->ticket, k->ticketalloc * sizeof(*k->ticket));
		}
		w = &k->ticket[k->nticket++];
		w->id = tk_strdup(id);
		w->nterm = 0;
		for (i = 0; i < nterm && w->nterm < sizeof(w->term) / sizeof(w->term[0]); i++)
			w->term[w->nterm++] = term_hash(terms[i]);
	}
	if (customer) {
		uint32_t h = tk_hash32(customer, strlen(customer), 9);

		for (i = 0; i < k->ncustomer && k->customer[i] != h; i++)
			;
		if (i == k->ncustomer && k->ncustomer < MAX_CUSTOMERS) {
			if (k->ncustomer == k->customeralloc) {
				k->customeralloc = k->customeralloc ? 2 * k->customeralloc : 32;
				k->customer = tk_realloc(k->customer, k->customeralloc * sizeof(*k->customer));
			}
			k->customer[k->ncustomer++] = h;
		}
	}
	for (i = 0; i < nterm; i++) {
		for (j = 0; j < i && strcmp(terms[j], terms[i]) != 0; j++)
			;
		if (j == i) /* each term once per ticket */
			add_term(k, terms[i]);
	}
	return 0;
}

int tk_anomaly_finish(struct tk_anomaly *an, int keep)
{
	size_t i;
	int rc = 0;

	if (keep) {
		/* Windows that ended by now will get no more tickets: judge them - when the stream
		   is live (its open windows began less than a day before now), not on a replay. */
		for (i = 0; i < an->nkey && rc == 0; i++)
			if (!isnan(an->key[i]->start) && an->now - an->key[i]->start <= 86400)
				rc = advance_key(an, an->key[i], an->now);
		return rc;
	}
	for (i = 0; i < an->nkey && rc == 0; i++) {
		struct tk_akey *k = an->key[i];

		if (isnan(k->start))
			continue;
		rc = close_window(an, k, k->start, k->count, 1);
		clear_window(k);
		k->start = NAN;
	}
	return rc;
}

/* The bin of value, from 0 to CONTEXT_BINS - 1, between the least and greatest value seen,
   taking it in; with --range, the range starts as the one given, not as the first value.  A
   new extreme widens the range by CONTEXT_MARGIN more than it needs, so that the next value
   a little beyond it does not move every bin again. */
static uint64_t context_bin(const struct tk_anomaly *an, struct tk_akey *k, double value, int first)
{
	double at, wide;

	if (first) {
		k->lo = an->range ? an->range_lo : value;
		k->hi = an->range ? an->range_hi : value;
	}
	if (value < k->lo) {
		wide = value - CONTEXT_MARGIN * (k->hi - value);
		k->lo = isfinite(wide) ? wide : value; /* near the largest doubles */
	} else if (value > k->hi) {
		wide = value + CONTEXT_MARGIN * (value - k->lo);
		k->hi = isfinite(wide) ? wide : value;
	}
	at = k->hi > k->lo ? (value - k->lo) / (k->hi - k->lo) * CONTEXT_BINS : 0;
	return at < CONTEXT_BINS - 1 ? (uint64_t)at : CONTEXT_BINS - 1;
}

/* SplitMix64's finaliser: every bit of x moves about half of the result's. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/*
 * The share of the point's contexts - the bins of the last 1, 2, ...
 * CONTEXT_ORDER points, each followed by its own bin - that k has never
 * seen; from now on they are seen.  Contexts are hashed to bits, so a
 * new one may pass for seen: with 2^CONTEXT_BITS bits, rarely.
 */
static double new_contexts(const struct tk_anomaly *an, struct tk_akey *k, double value, int first)
{
	uint64_t bin = context_bin(an, k, value, first), h = 0x1234567, bit;
	uint32_t order, fresh = 0;

	for (order = 1; order <= k->nrecent; order++) {
		h = mix64(h + ((k->recent >> (4 * (order - 1))) & 15) + 1);
		bit = mix64(h ^ (bin + 1) * 0x9e3779b97f4a7c15ULL) & (CONTEXT_BYTES * 8 - 1);
		if (!(k->context[bit >> 3] & (1u << (bit & 7)))) {
			k->context[bit >> 3] |= (uint8_t)(1u << (bit & 7));
			fresh++;
		}
	}
	k->recent = ((k->recent << 4) | bin) & RECENT_MASK;
	if (k->nrecent < CONTEXT_ORDER)
		k->nrecent++;
	return order > 1 ? (double)fresh / (order - 1) : 0;
}

int tk_anomaly_point(struct tk_anomaly *an, struct tk_akey *k, double t, double value)
{
	struct tk_alert a;
	double mu, var, sd, raw = 0, share, usual, novel;
	size_t i;
	int first = !k->hist;

	if (first) {
		k->hist = tk_calloc(SERIES_HISTORY, sizeof(*k->hist));
		k->context = tk_calloc(CONTEXT_BYTES, 1);
		k->shift = value;
	}
	/* How far the value is from the mean of the last SERIES_HISTORY, in their standard deviations. */
	memset(&a, 0, sizeof(a));
	a.key = k;
	a.start = a.end = t;
	a.observed = value;
	a.judged = k->nhist >= 10;
	if (k->nhist) {
		/* Sums of the values less a shift near their mean, for precision; exact again every lap. */
		if (k->histpos == 0) {
			k->shift = k->nhist ? k->hist_sum / (double)k->nhist + k->shift : value;
			k->hist_sum = k->hist_sq = 0;
			for (i = 0; i < k->nhist; i++) {
				k->hist_sum += k->hist[i] - k->shift;
				k->hist_sq += (k->hist[i] - k->shift) * (k->hist[i] - k->shift);
			}
		}
		mu = k->hist_sum / (double)k->nhist;
		var = k->hist_sq / (double)k->nhist - mu * mu;
		mu += k->shift;
		sd = sqrt(var > 0 ? var : 0) + 1e-9 * (fabs(mu) + 1);
		raw = fabs(value - mu) / sd;
		a.expected = mu;
		a.lo = mu - sd;
		a.hi = mu + sd;
		a.drop = value < mu;
	}
	/* How new the context is, beyond the share of new contexts usual for the key (a noisy
	   series meets new ones all the time, a regular one seldom). */
	share = new_contexts(an, k, value, first);
	usual = k->usual;
	k->usual += (share - usual) / CONTEXT_LEARN;
	novel = share > usual ? (share - usual) / (1 - usual) : 0;
	if (a.judged) {
		double far = 1 - exp(-raw / 4), sc;

		/* Only a new high distance counts in full: the long tail of high points after a
		   level shift would each be another alarm.  The peak to beat fades by 0.1% a point. */
		sc = far > k->peak ? far : far / 2;
		k->peak = far > k->peak * 0.999 ? far : k->peak * 0.999;
		/* Too few points for contexts: the distance alone.  After a burst of new contexts
		   (an incident, or a new extreme that moves every bin) the key rests: one high score
		   an incident. */
		if (k->windows < CONTEXT_WARMUP)
			a.score = sc;
		else if (k->quiet < CONTEXT_REST)
			a.score = 0;
		else
			a.score = DISTANCE_WEIGHT * sc + (1 - DISTANCE_WEIGHT) * novel;
	}
	if (share >= CONTEXT_BURST)
		k->quiet = 0;
	else if (k->quiet < CONTEXT_REST)
		k->quiet++;
	if (k->nhist == SERIES_HISTORY) {
		k->hist_sum -= k->hist[k->histpos] - k->shift;
		k->hist_sq -= (k->hist[k->histpos] - k->shift) * (k->hist[k->histpos] - k->shift);
	} else {
		k->nhist++;
	}
	k->hist[k->histpos] = value;
	k->hist_sum += value - k->shift;
	k->hist_sq += (value - k->shift) * (value - k->shift);
	k->histpos = (k->histpos + 1) % SERIES_HISTORY;
	k->windows++;
	if (a.judged && a.score >= an->threshold) {
		a.alert = isnan(k->incident_end) || t - k->incident_end > an->cooldown;
		a.severity = raw >= 8 ? "high" : "medium";
		k->incident_end = t;
		if (a.alert)
			an->alerts++;
	}
	an->clock = t > an->clock ? t : an->clock;
	return an->emit && (a.alert || an->emit_all) ? an->emit(an->ctx, &a) : 0;
}

/* ---- state files ---- */

#define STATE_MAGIC "ticketkit-anomaly-state"
#define STATE_VERSION 2

static struct json_object *num_or_null(double v)
{
	return isnan(v) ? NULL : json_object_new_double(v);
}

static struct json_object *doubles(const double *v, size_t n)
{
	struct json_object *a = json_object_new_array_ext((int)n);
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_double(v[i]));
	return a;
}

/* Bytes as a string of hex digits, two a byte, the lowest bits of each first. */
static struct json_object *hex(const uint8_t *v, size_t n)
{
	static const char digit[] = "0123456789abcdef";
	char *s = tk_malloc(2 * n + 1);
	struct json_object *o;
	size_t i;

	for (i = 0; i < n; i++) {
		s[2 * i] = digit[v[i] & 15];
		s[2 * i + 1] = digit[v[i] >> 4];
	}
	s[2 * n] = '\0';
	o = json_object_new_string_len(s, (int)(2 * n));
	free(s);
	return o;
}

static struct json_object *key_json(const struct tk_akey *k)
{
	struct json_object *o = json_object_new_object(), *a;
	size_t i;

	json_object_object_add(o, "name", json_object_new_string(k->name));
	json_object_object_add(o, "mean", doubles(k->mean, TK_WEEK_BUCKETS));
	a = json_object_new_array_ext(TK_WEEK_BUCKETS);
	for (i = 0; i < TK_WEEK_BUCKETS; i++)
		json_object_array_add(a, json_object_new_int64(k->seen[i]));
	json_object_object_add(o, "seen", a);
	json_object_object_add(o, "level", json_object_new_double(k->level));
	json_object_object_add(o, "disp", json_object_new_double(k->disp));
	json_object_object_add(o, "windows", json_object_new_int64((int64_t)k->windows));
	json_object_object_add(o, "first", num_or_null(k->first));
	json_object_object_add(o, "base_total", json_object_new_double(k->base_total));
	a = json_object_new_array();
	for (i = 0; k->base && i < TK_BASE_SLOTS; i++)
		if (k->base[i] != 0) {
			json_object_array_add(a, json_object_new_int64((int64_t)i));
			json_object_array_add(a, json_object_new_double(k->base[i]));
		}
	json_object_object_add(o, "base", a);
	json_object_object_add(o, "start", num_or_null(k->start));
	json_object_object_add(o, "count", json_object_new_int64(k->count));
	a = json_object_new_array();
	for (i = 0; i < k->nticket; i++) {
		struct json_object *t = json_object_new_array();

		json_object_array_add(t, json_object_new_string(k->ticket[i].id));
		for (size_t j = 0; j < k->ticket[i].nterm; j++)
			json_object_array_add(t, json_object_new_int64(k->ticket[i].term[j]));
		json_object_array_add(a, t);
	}
	json_object_object_add(o, "tickets", a);
	a = json_object_new_array();
	for (i = 0; i < k->ncustomer; i++)
		json_object_array_add(a, json_object_new_int64(k->customer[i]));
	json_object_object_add(o, "customers", a);
	a = json_object_new_array();
	for (i = 0; i < k->nterm; i++) {
		json_object_array_add(a, json_object_new_string(k->term[i].s));
		json_object_array_add(a, json_object_new_int64(k->term[i].count));
	}
	json_object_object_add(o, "terms", a);
	json_object_object_add(o, "incident_end", num_or_null(k->incident_end));
	if (k->hist) {
		json_object_object_add(o, "hist", doubles(k->hist, k->nhist));
		json_object_object_add(o, "histpos", json_object_new_int64((int64_t)k->histpos));
		json_object_object_add(o, "shift", json_object_new_double(k->shift));
		json_object_object_add(o, "peak", json_object_new_double(k->peak));
		json_object_object_add(o, "hist_sum", json_object_new_double(k->hist_sum));
		json_object_object_add(o, "hist_sq", json_object_new_double(k->hist_sq));
		json_object_object_add(o, "lo", json_object_new_double(k->lo));
		json_object_object_add(o, "hi", json_object_new_double(k->hi));
		json_object_object_add(o, "recent", json_object_new_int64((int64_t)k->recent));
		json_object_object_add(o, "nrecent", json_object_new_int64(k->nrecent));
		json_object_object_add(o, "quiet", json_object_new_int64(k->quiet));
		json_object_object_add(o, "usual", json_object_new_double(k->usual));
		json_object_object_add(o, "contexts", hex(k->context, CONTEXT_BYTES));
	}
	return o;
}

int tk_anomaly_save(const struct tk_anomaly *an, const char *path, struct tk_error *err)
{
	struct json_object *root = json_object_new_object(), *keys = json_object_new_array();
	const char *text;
	size_t i;
	int rc;

	json_object_object_add(root, "window", json_object_new_double(an->window));
	json_object_object_add(root, "series", json_object_new_boolean(an->series));
	json_object_object_add(root, "settings", json_object_new_string(an->settings ? an->settings : ""));
	json_object_object_add(root, "clock", an->clock == -INFINITY ? NULL : json_object_new_double(an->clock));
	for (i = 0; i < an->nkey; i++)
		json_object_array_add(keys, key_json(an->key[i]));
	json_object_object_add(root, "keys", keys);
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN);
	rc = tk_file_save_checked(path, STATE_MAGIC, STATE_VERSION, text, strlen(text), err);
	json_object_put(root);
	return rc;
}

/* Loading: every field is checked; the first problem names the key and field. */
struct loader {
	const char *path;
	struct tk_error *err;
	const char *key;
	int failed;
	int had;    /* keys loaded before this file (merging) */
	int version; /* the file's */
};

static struct json_object *field_of(struct loader *l, struct json_object *o, const char *name, json_type type,
				    int nullable)
{
	struct json_object *v;

	if (l->failed)
		return NULL;
	if (!json_object_object_get_ex(o, name, &v) || (!v && !nullable) ||
	    (v && !json_object_is_type(v, type) &&
	     !(type == json_type_double && json_object_is_type(v, json_type_int)))) {
		tk_error_at(l->err, l->path, 0, "damaged state file: %s%s'%s' is missing or of the wrong type",
			    l->key ? l->key : "", l->key ? ": " : "", name);
		l->failed = 1;
		return NULL;
	}
	return v;
}

static void out_of_range(struct loader *l, const char *name)
{
	if (!l->failed)
		tk_error_at(l->err, l->path, 0, "damaged state file: %s%s'%s' is out of range", l->key ? l->key : "",
			    l->key ? ": " : "", name);
	l->failed = 1;
}

/* A number (NAN for null when nullable); json-c also reads NaN and Infinity, which are damage. */
static double get_num(struct loader *l, struct json_object *o, const char *name, int nullable)
{
	struct json_object *v = field_of(l, o, name, json_type_double, nullable);
	double x = v ? json_object_get_double(v) : NAN;

	if (v && !isfinite(x))
		out_of_range(l, name);
	return x;
}

/* A count from 0 to max: converting anything else to an integer is undefined. */
static uint64_t get_count(struct loader *l, struct json_object *o, const char *name, double max)
{
	double x = get_num(l, o, name, 0);

	if (x >= 0 && x <= max)
		return (uint64_t)x;
	out_of_range(l, name);
	return 0;
}

/* A number from lo to hi: what the baseline's arithmetic stays finite with. */
static double get_range(struct loader *l, struct json_object *o, const char *name, double lo, double hi)
{
	double x = get_num(l, o, name, 0);

	if (!(x >= lo && x <= hi))
		out_of_range(l, name);
	return x;
}

/* A time, or NAN for null: within the years tickets have, so that windows advance. */
static double get_time(struct loader *l, struct json_object *o, const char *name)
{
	double x = get_num(l, o, name, 1);

	if (fabs(x) > TK_TIME_MAX)
		out_of_range(l, name);
	return x;
}

static struct json_object *get_array(struct loader *l, struct json_object *o, const char *name, size_t n,
				     int even)
{
	struct json_object *v = field_of(l, o, name, json_type_array, 0);

	if (v && ((n && json_object_array_length(v) != n) || (even && json_object_array_length(v) % 2))) {
		tk_error_at(l->err, l->path, 0, "damaged state file: %s: '%s' has the wrong length", l->key, name);
		l->failed = 1;
		return NULL;
	}
	return v;
}

static double elem(struct json_object *a, size_t i)
{
	return json_object_get_double(json_object_array_get_idx(a, i));
}

static double elem_range(struct loader *l, struct json_object *a, size_t i, const char *name, double lo,
			 double hi)
{
	double x = elem(a, i);

	if (!(x >= lo && x <= hi))
		out_of_range(l, name);
	return x;
}

static uint32_t elem_count(struct loader *l, struct json_object *a, size_t i, const char *name)
{
	double x = elem(a, i);

	if (x >= 0 && x <= UINT32_MAX)
		return (uint32_t)x;
	out_of_range(l, name);
	return 0;
}

/* The n bytes of s[0..len), written by hex(); -1 when it is not that. */
static int unhex(const char *s, size_t len, uint8_t *v, size_t n)
{
	size_t i;

	if (len != 2 * n)
		return -1;
	for (i = 0; i < 2 * n; i++) {
		const char *d = strchr("0123456789abcdef", s[i]);

		if (!s[i] || !d)
			return -1;
		v[i / 2] |= (uint8_t)((d - "0123456789abcdef") << (i % 2 ? 4 : 0));
	}
	return 0;
}

static int load_key(struct tk_anomaly *an, struct loader *l, struct json_object *o)
{
	struct json_object *name = field_of(l, o, "name", json_type_string, 0), *a;
	struct tk_akey *k;
	size_t i, n;
	int at;

	if (!name)
		return -1;
	l->key = json_object_get_string(name);
	if (tk_wordset_get(&an->keyindex, l->key, strlen(l->key), &at)) {
		if (at < l->had)
			tk_error_at(l->err, l->path, 0,
				    "%s: the key is in an earlier state file too (shards must keep apart keys)", l->key);
		else
			tk_error_at(l->err, l->path, 0, "damaged state file: %s: the key is there twice", l->key);
		return -1;
	}
	k = tk_anomaly_key(an, l->key, strlen(l->key));
	if ((a = get_array(l, o, "mean", TK_WEEK_BUCKETS, 0)) != NULL)
		for (i = 0; i < TK_WEEK_BUCKETS; i++)
			k->mean[i] = elem_range(l, a, i, "mean", 0, 1e12);
	if ((a = get_array(l, o, "seen", TK_WEEK_BUCKETS, 0)) != NULL)
		for (i = 0; i < TK_WEEK_BUCKETS; i++)
			k->seen[i] = elem_count(l, a, i, "seen");
	/* both are kept at least these by close_window() */
	k->level = get_range(l, o, "level", 0.05, 1e12);
	k->disp = get_range(l, o, "disp", 1, 1e12);
	k->windows = get_count(l, o, "windows", 1e18);
	k->first = get_time(l, o, "first");
	k->base_total = get_range(l, o, "base_total", 0, 1e300);
	if ((a = get_array(l, o, "base", 0, 1)) != NULL && json_object_array_length(a)) {
		k->base = tk_calloc(TK_BASE_SLOTS, sizeof(*k->base));
		for (i = 0; i < json_object_array_length(a); i += 2) {
			double slot = elem(a, i);

			if (!(slot >= 0 && slot < TK_BASE_SLOTS)) {
				tk_error_at(l->err, l->path, 0, "damaged state file: %s: 'base' is out of range", l->key);
				return -1;
			}
			k->base[(size_t)slot] = (float)elem_range(l, a, i + 1, "base", 0, FLT_MAX);
		}
	}
	k->start = get_time(l, o, "start");
	k->count = (uint32_t)get_count(l, o, "count", UINT32_MAX);
	if ((a = get_array(l, o, "tickets", 0, 0)) != NULL && (n = json_object_array_length(a)) > 0) {
		if (n > TK_WINDOW_TICKETS)
			n = TK_WINDOW_TICKETS;
		k->ticket = tk_calloc(n, sizeof(*k->ticket));
		k->ticketalloc = n;
		for (i = 0; i < n; i++) {
			struct json_object *t = json_object_array_get_idx(a, i);
			struct tk_wticket *w = &k->ticket[k->nticket];
			size_t j;

			if (!json_object_is_type(t, json_type_array) || !json_object_array_length(t) ||
			    !json_object_is_type(json_object_array_get_idx(t, 0), json_type_string)) {
				tk_error_at(l->err, l->path, 0, "damaged state file: %s: 'tickets' is malformed", l->key);
				return -1;
			}
			w->id = tk_strdup(json_object_get_string(json_object_array_get_idx(t, 0)));
			for (j = 1; j < json_object_array_length(t) && w->nterm < 16; j++)
				w->term[w->nterm++] = (uint32_t)json_object_get_int64(json_object_array_get_idx(t, j));
			k->nticket++;
		}
	}
	if ((a = get_array(l, o, "customers", 0, 0)) != NULL && (n = json_object_array_length(a)) > 0) {
		k->customer = tk_calloc(n, sizeof(*k->customer));
		k->customeralloc = n;
		for (i = 0; i < n; i++)
			k->customer[k->ncustomer++] = (uint32_t)json_object_get_int64(json_object_array_get_idx(a, i));
	}
	if ((a = get_array(l, o, "terms", 0, 1)) != NULL) {
		for (i = 0; i < json_object_array_length(a) && k->nterm < MAX_TERMS; i += 2) {
			struct json_object *t = json_object_array_get_idx(a, i);
			size_t before = k->nterm;

			if (!json_object_is_type(t, json_type_string)) {
				tk_error_at(l->err, l->path, 0, "damaged state file: %s: 'terms' is malformed", l->key);
				return -1;
			}
			add_term(k, json_object_get_string(t));
			if (k->nterm == before) {
				tk_error_at(l->err, l->path, 0, "damaged state file: %s: a term is there twice", l->key);
				return -1;
			}
			k->term[k->nterm - 1].count = elem_count(l, a, i + 1, "terms");
		}
	}
	k->incident_end = get_time(l, o, "incident_end");
	if (json_object_object_get_ex(o, "hist", NULL)) {
		k->hist = tk_calloc(SERIES_HISTORY, sizeof(*k->hist));
		if ((a = get_array(l, o, "hist", 0, 0)) != NULL) {
			k->nhist = json_object_array_length(a) < SERIES_HISTORY ? json_object_array_length(a)
										: SERIES_HISTORY;
			for (i = 0; i < k->nhist; i++)
				k->hist[i] = elem_range(l, a, i, "hist", -TK_SERIES_MAX, TK_SERIES_MAX);
		}
		k->histpos = get_count(l, o, "histpos", SERIES_HISTORY - 1);
		k->shift = get_num(l, o, "shift", 0);
		k->peak = get_num(l, o, "peak", 0);
		k->hist_sum = get_num(l, o, "hist_sum", 0);
		k->hist_sq = get_num(l, o, "hist_sq", 0);
		k->context = tk_calloc(CONTEXT_BYTES, 1);
		if (l->version < 2) {
			/* Version 1 kept no contexts: learn them from the points it kept, oldest
			   first, with the bins over their range, as if the key had seen them. */
			k->lo = k->hi = k->nhist ? k->hist[0] : 0;
			for (i = 1; i < k->nhist; i++) {
				k->lo = k->hist[i] < k->lo ? k->hist[i] : k->lo;
				k->hi = k->hist[i] > k->hi ? k->hist[i] : k->hi;
			}
			for (i = 0; i < k->nhist; i++) {
				double share = new_contexts(an, k, k->hist[(k->nhist == SERIES_HISTORY ? k->histpos + i : i) %
									 SERIES_HISTORY], 0);

				k->usual += (share - k->usual) / CONTEXT_LEARN;
			}
			k->quiet = CONTEXT_REST;
			l->key = NULL;
			return l->failed ? -1 : 0;
		}
		k->lo = get_num(l, o, "lo", 0);
		k->hi = get_num(l, o, "hi", 0);
		if (!l->failed && !(k->lo <= k->hi))
			out_of_range(l, "hi");
		k->nrecent = (uint32_t)get_count(l, o, "nrecent", CONTEXT_ORDER);
		/* bins of the points there are, each less than CONTEXT_BINS */
		k->recent = get_count(l, o, "recent", (double)RECENT_MASK);
		for (i = 0; i < CONTEXT_ORDER; i++)
			if (((k->recent >> (4 * i)) & 15) >= (i < k->nrecent ? CONTEXT_BINS : 1))
				out_of_range(l, "recent");
		k->quiet = (uint32_t)get_count(l, o, "quiet", CONTEXT_REST);
		k->usual = get_range(l, o, "usual", 0, 1);
		if ((a = field_of(l, o, "contexts", json_type_string, 0)) != NULL &&
		    unhex(json_object_get_string(a), (size_t)json_object_get_string_len(a), k->context, CONTEXT_BYTES) < 0) {
			tk_error_at(l->err, l->path, 0, "damaged state file: %s: 'contexts' is malformed", l->key);
			return -1;
		}
	}
	l->key = NULL;
	return l->failed ? -1 : 0;
}

int tk_anomaly_load(struct tk_anomaly *an, const char *path, struct tk_error *err)
{
	struct loader l = { path, err, NULL, 0, (int)an->nkey, STATE_VERSION };
	struct tk_buf b = TK_BUF_INIT;
	struct json_object *root = NULL, *keys;
	char *body;
	double clock;
	size_t i;
	int rc = -1;

	if (tk_file_load_versions(path, STATE_MAGIC, 1, STATE_VERSION, "tk-anomaly", "state file", &b, &body,
				  &l.version, err) < 0)
		goto out;
	if (!(root = json_tokener_parse(body)) || !json_object_is_type(root, json_type_object)) {
		tk_error_at(err, path, 0, "damaged state file: not a JSON object");
		goto out;
	}
	if (an->adopt) {
		/* the first file of a merge: its settings are the ones the others must have */
		an->window = get_range(&l, root, "window", 1, 1e9);
		if (l.failed || !field_of(&l, root, "series", json_type_boolean, 0) ||
		    !field_of(&l, root, "settings", json_type_string, 0))
			goto out;
		an->series = json_object_get_boolean(json_object_object_get(root, "series"));
		free(an->settings);
		an->settings = tk_strdup(json_object_get_string(json_object_object_get(root, "settings")));
		an->adopt = 0;
	}
	if (get_num(&l, root, "window", 0) != an->window) {
		if (!l.failed)
			tk_error_at(err, path, 0, "the state was kept with windows of %g s, not %g s",
				    get_num(&l, root, "window", 0), an->window);
		goto out;
	}
	if (!field_of(&l, root, "series", json_type_boolean, 0))
		goto out;
	if (json_object_get_boolean(json_object_object_get(root, "series")) != an->series) {
		tk_error_at(err, path, 0, "the state was kept %s --series", an->series ? "without" : "with");
		goto out;
	}
	if (!field_of(&l, root, "settings", json_type_string, 0))
		goto out;
	if (strcmp(json_object_get_string(json_object_object_get(root, "settings")), an->settings ? an->settings : "") != 0) {
		tk_error_at(err, path, 0, "the state was kept with other settings (%s there, %s here)",
			    *json_object_get_string(json_object_object_get(root, "settings"))
				    ? json_object_get_string(json_object_object_get(root, "settings"))
				    : "no -k or --range",
			    an->settings && *an->settings ? an->settings : "no -k or --range");
		goto out;
	}
	clock = get_time(&l, root, "clock");
	/* merged files: the latest clock */
	if (!isnan(clock) && clock > an->clock)
		an->clock = clock;
	if (!(keys = get_array(&l, root, "keys", 0, 0)))
		goto out;
	for (i = 0; i < json_object_array_length(keys); i++)
		if (load_key(an, &l, json_object_array_get_idx(keys, i)) < 0)
			goto out;
	rc = 0;
out:
	json_object_put(root);
	tk_buf_release(&b);
	return rc;
}
