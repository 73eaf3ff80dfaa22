/*
 * The linear classifier at prediction time: turning tokens into the
 * model's feature vector, scores, probabilities, explanations, and the
 * model file (tk-model(5)).  Training is in train.c.
 */
#include "linear.h"

#include <errno.h>
#include <float.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "json.h"
#include "vec.h"

#define MAGIC "ticketkit-model "

void tk_trainopts_init(struct tk_trainopts *o)
{
	memset(o, 0, sizeof(*o));
	o->feat.words = 3;
	o->feat.char_min = 2;
	o->feat.char_max = 5;
	o->min_count = 2;
	o->cost = 1;
	o->eps = 0.1;
	o->max_iter = 200;
	o->valid_share = 0.1;
	o->seed = 1;
	o->jobs = 1;
}

void tk_linear_init(struct tk_linear *m)
{
	memset(m, 0, sizeof(*m));
	m->temperature = 1;
	m->platt_a = 1;
}

void tk_linear_release(struct tk_linear *m)
{
	size_t i;

	for (i = 0; i < m->nlabel; i++)
		free(m->label[i]);
	free(m->label);
	free(m->hash);
	free(m->df);
	free(m->idf);
	free(m->row);
	free(m->wt);
	free(m->bias);
	free(m->summary);
	free(m->slot);
	free(m->dense);
	tk_linear_init(m);
}

/* The feature table: open addressing on the (already mixed) hash. */
static void build_slots(struct tk_linear *m)
{
	size_t size = 16, i, j, e, ndense = 0, nl = m->nlabel;

	while (size < 2 * m->nfeat)
		size *= 2;
	free(m->slot);
	free(m->dense);
	m->slot = tk_calloc(size, sizeof(*m->slot));
	m->slotmask = size - 1;
	/*
	 * A row is dense when it has weights for more than a quarter of the
	 * labels: at 2 bytes a label against 4 a weight it takes at most twice
	 * the memory, and a vectorised loop adds it several times faster than
	 * the weights one by one (tk-cluster -m's centres are mostly such rows).
	 */
	for (i = 0; i < m->nfeat; i++)
		ndense += 4 * (m->row[i + 1] - m->row[i]) > nl;
	m->dense = tk_calloc(ndense * nl + 1, sizeof(*m->dense));
	ndense = 0;
	for (i = 0; i < m->nfeat; i++) {
		struct tk_slot *sl;
		size_t n = m->row[i + 1] - m->row[i];

		for (j = m->hash[i] & m->slotmask; m->slot[j].info; j = (j + 1) & m->slotmask)
			if (m->slot[j].key == m->hash[i])
				break;
		sl = &m->slot[j];
		if (sl->info)
			continue; /* the same key twice: the first column wins */
		sl->key = m->hash[i];
		sl->start = (uint32_t)m->row[i];
		sl->info = TK_SLOT_USED | (i < m->nword ? TK_SLOT_WORD : 0) | (uint32_t)n;
		sl->idf = m->idf[i];
		if (4 * n > nl) {
			for (e = m->row[i]; e < m->row[i + 1]; e++)
				m->dense[ndense * nl + m->wt[e].label] = m->wt[e].q;
			sl->start = (uint32_t)ndense++;
			sl->info |= TK_SLOT_DENSE;
		}
	}
}

/* Where the weights of slot sl start in memory, and how many bytes they take. */
static inline const char *weights_of(const struct tk_linear *m, const struct tk_slot *sl,
				     size_t *bytes)
{
	if (sl->info & TK_SLOT_DENSE) {
		*bytes = m->nlabel * sizeof(*m->dense);
		return (const char *)(m->dense + (size_t)sl->start * m->nlabel);
	}
	*bytes = (sl->info & TK_SLOT_LEN) * sizeof(*m->wt);
	return (const char *)(m->wt + sl->start);
}

/* The slot of the feature key, or -1. */
static inline long lookup(const struct tk_linear *m, uint32_t key)
{
	size_t j;

	for (j = key & m->slotmask; m->slot[j].info; j = (j + 1) & m->slotmask)
		if (m->slot[j].key == key)
			return (long)j;
	return -1;
}

double tk_idf(double ndocs, double df)
{
	return log((1 + ndocs) / (1 + df)) + 1;
}

void tk_linear_finish(struct tk_linear *m)
{
	size_t i;

	free(m->idf);
	m->idf = tk_malloc((m->nfeat ? m->nfeat : 1) * sizeof(*m->idf));
	for (i = 0; i < m->nfeat; i++)
		m->idf[i] = (float)tk_idf(m->ndocs, m->df[i]);
	build_slots(m);
}

void tk_linear_index(struct tk_linear *m)
{
	build_slots(m);
}

float tk_linear_weight(const struct tk_linear *m, size_t col, size_t label)
{
	size_t e;

	for (e = m->row[col]; e < m->row[col + 1]; e++)
		if (m->wt[e].label == label)
			return (float)m->wt[e].q * m->wscale;
	return 0;
}

/*
 * Weights below 1/2048 of the largest are dropped: on the shared data sets
 * that leaves accuracy as it was and halves the model.
 */
#define PRUNE 16

static void set_rows(struct tk_linear *m, void (*row)(void *ctx, size_t f, float *w), void *ctx, long prune)
{
	float *w = tk_malloc((m->nlabel + 1) * sizeof(*w)), max = 0;
	size_t f, c, alloc = 1024;

	for (f = 0; f < m->nfeat; f++) {
		row(ctx, f, w);
		for (c = 0; c < m->nlabel; c++)
			if (fabsf(w[c]) > max)
				max = fabsf(w[c]);
	}
	m->wscale = max > 0 ? max / 32767 : 1;
	free(m->row);
	free(m->wt);
	m->row = tk_malloc((m->nfeat + 1) * sizeof(*m->row));
	m->wt = tk_malloc(alloc * sizeof(*m->wt));
	m->nnz = 0;
	for (f = 0; f < m->nfeat; f++) {
		m->row[f] = m->nnz;
		row(ctx, f, w);
		if (m->nnz + m->nlabel >= alloc) {
			while (m->nnz + m->nlabel >= alloc)
				alloc *= 2;
			m->wt = tk_realloc(m->wt, alloc * sizeof(*m->wt));
		}
		for (c = 0; c < m->nlabel; c++) {
			long q = lrintf(w[c] / m->wscale);

			if (labs(q) < prune)
				continue;
			m->wt[m->nnz].label = (uint16_t)c;
			m->wt[m->nnz++].q = (int16_t)q;
		}
	}
	m->row[m->nfeat] = m->nnz;
	free(w);
}

void tk_linear_set_rows(struct tk_linear *m, void (*row)(void *ctx, size_t f, float *w), void *ctx)
{
	set_rows(m, row, ctx, PRUNE);
}

void tk_linear_set_rows_all(struct tk_linear *m, void (*row)(void *ctx, size_t f, float *w), void *ctx)
{
	set_rows(m, row, ctx, 1);
}

/* A column of the dense matrix of tk_linear_set_weights(). */
struct dense_rows {
	const float *wt;
	size_t stride, nlabel;
};

static void dense_row(void *ctx, size_t f, float *w)
{
	const struct dense_rows *d = ctx;
	size_t c;

	for (c = 0; c < d->nlabel; c++)
		w[c] = d->wt[c * d->stride + f];
}

void tk_linear_set_weights(struct tk_linear *m, const float *wt)
{
	struct dense_rows d = { wt, m->nfeat + 1, m->nlabel };
	size_t c;

	tk_linear_set_rows(m, dense_row, &d);
	free(m->bias);
	m->bias = tk_malloc((m->nlabel + 1) * sizeof(*m->bias));
	for (c = 0; c < m->nlabel; c++)
		m->bias[c] = wt[c * d.stride + m->nfeat];
}

long tk_linear_label(const struct tk_linear *m, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < m->nlabel; i++)
		if (strlen(m->label[i]) == len && memcmp(m->label[i], name, len) == 0)
			return (long)i;
	return -1;
}

void tk_linear_doc_init(struct tk_linear_doc *d)
{
	memset(d, 0, sizeof(*d));
	tk_featvec_init(&d->words);
	tk_featvec_init(&d->chars);
}

void tk_linear_doc_release(struct tk_linear_doc *d)
{
	tk_featvec_release(&d->words);
	tk_featvec_release(&d->chars);
	free(d->feat);
	free(d->val);
	free(d->cnt);
	free(d->seen);
	free(d->acc);
	free(d->cache);
	tk_buf_release(&d->cachetext);
	free(d->cacheslots);
	tk_linear_doc_init(d);
}

/*
 * The set of a ticket's features is open-addressed on their keys: seen[2j]
 * is a key, seen[2j + 1] its index in feat[] plus one (0: empty).
 */
static inline size_t seen_home(const struct tk_linear_doc *d, uint32_t key)
{
	return (key * 0x9e3779b1u) & d->seenmask;
}

/* The index in d of the feature key, or -1. */
static long doc_find(const struct tk_linear_doc *d, uint32_t key)
{
	size_t j;

	if (!d->seen)
		return -1;
	for (j = seen_home(d, key); d->seen[2 * j + 1]; j = (j + 1) & d->seenmask)
		if (d->seen[2 * j] == key)
			return (long)d->seen[2 * j + 1] - 1;
	return -1;
}

/* Empty d's set of features: only the entries in use are cleared. */
static void doc_reset(struct tk_linear_doc *d)
{
	size_t i, j;

	for (i = 0; i < d->n; i++) {
		for (j = seen_home(d, d->feat[i].key); d->seen[2 * j + 1] != i + 1;
		     j = (j + 1) & d->seenmask)
			;
		d->seen[2 * j + 1] = 0;
	}
	/* Every entry goes, so no probe chain is left broken. */
	d->n = 0;
}

static void doc_grow(struct tk_linear_doc *d)
{
	size_t size = d->seen ? 2 * (d->seenmask + 1) : 1024, i, j;

	free(d->seen);
	d->seen = tk_calloc(size, 2 * sizeof(*d->seen));
	d->seenmask = size - 1;
	for (i = 0; i < d->n; i++) {
		for (j = seen_home(d, d->feat[i].key); d->seen[2 * j + 1]; j = (j + 1) & d->seenmask)
			;
		d->seen[2 * j] = d->feat[i].key;
		d->seen[2 * j + 1] = (uint32_t)i + 1;
	}
	d->alloc = size / 2;
	d->feat = tk_realloc(d->feat, d->alloc * sizeof(*d->feat));
	d->val = tk_realloc(d->val, d->alloc * sizeof(*d->val));
	d->cnt = tk_realloc(d->cnt, d->alloc * sizeof(*d->cnt));
}

void tk_featcfg_hash(const struct tk_featcfg *f, const struct tk_tokens *t, struct tk_featvec *words,
		     struct tk_featvec *chars)
{
	tk_featvec_reset(words);
	tk_featvec_reset(chars);
	if (f->words)
		tk_features_words(t, f->words, 32, words);
	if (f->char_max)
		tk_features_chars(t, f->char_min, f->char_max, 32, chars);
}

/*
 * How far ahead to prefetch.  A ticket's rarer features sit in tables far
 * bigger than the caches, so each lookup would wait on memory: asking for
 * the next ones early lets the waits overlap.
 */
#define AHEAD 12

/*
 * Count one occurrence of the feature sl (a model slot, or a copy of one)
 * in d.  d keeps a copy, so that the rest of the work reads the ticket's
 * features in a row instead of the model's table all over.
 */
static inline void doc_add(struct tk_linear_doc *d, const struct tk_slot *sl)
{
	size_t j;

	for (j = seen_home(d, sl->key); d->seen[2 * j + 1]; j = (j + 1) & d->seenmask)
		if (d->seen[2 * j] == sl->key) {
			d->cnt[d->seen[2 * j + 1] - 1]++;
			return;
		}
	if (d->n + 1 >= d->alloc) {
		doc_grow(d);
		for (j = seen_home(d, sl->key); d->seen[2 * j + 1]; j = (j + 1) & d->seenmask)
			;
	}
	d->seen[2 * j] = sl->key;
	d->seen[2 * j + 1] = (uint32_t)d->n + 1;
	d->feat[d->n] = *sl;
	d->cnt[d->n++] = 1;
}

static void doc_count(const struct tk_linear *m, struct tk_linear_doc *d, const struct tk_featvec *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		long sl;

		if (i + AHEAD < v->n)
			__builtin_prefetch(&m->slot[v->id[i + AHEAD] & m->slotmask]);
		if ((sl = lookup(m, v->id[i])) >= 0)
			doc_add(d, &m->slot[sl]);
	}
}

/* At most this many tokens and their n-grams' slots: about 18 MB in all. */
#define CACHE_ENTRIES 32768
#define CACHE_SLOTS (1u << 20)

static void cache_clear(struct tk_linear_doc *d)
{
	if (!d->cache)
		d->cache = tk_malloc(2 * CACHE_ENTRIES * sizeof(*d->cache));
	memset(d->cache, 0, 2 * CACHE_ENTRIES * sizeof(*d->cache));
	d->cachemask = 2 * CACHE_ENTRIES - 1;
	d->ncache = 0;
	d->ncacheslots = 0;
	tk_buf_reset(&d->cachetext);
}

/* Count the character n-grams of the token s[0 .. len) in d, through the cache. */
static void doc_chars(const struct tk_linear *m, struct tk_linear_doc *d, const char *s, size_t len)
{
	uint32_t h = tk_hash32(s, len, TK_SEED_WORD);
	struct tk_tokcache *e;
	size_t j, i;

	for (j = h & d->cachemask; d->cache[j].len; j = (j + 1) & d->cachemask) {
		e = &d->cache[j];
		if (e->hash == h && e->len == len && memcmp(d->cachetext.buf + e->text, s, len) == 0) {
			for (i = 0; i < e->nslots; i++)
				doc_add(d, &d->cacheslots[e->slots + i]);
			return;
		}
	}
	tk_featvec_reset(&d->chars);
	tk_features_token_chars(s, len, m->feat.char_min, m->feat.char_max, 32, &d->chars);
	if (d->ncache >= CACHE_ENTRIES || d->ncacheslots + d->chars.n > CACHE_SLOTS ||
	    len >= UINT32_MAX / 2) {
		cache_clear(d);
		for (j = h & d->cachemask; d->cache[j].len; j = (j + 1) & d->cachemask)
			;
	}
	if (d->ncacheslots + d->chars.n > d->cacheslotalloc) {
		while (d->ncacheslots + d->chars.n > d->cacheslotalloc)
			d->cacheslotalloc = d->cacheslotalloc ? 2 * d->cacheslotalloc : 65536;
		d->cacheslots = tk_realloc(d->cacheslots, d->cacheslotalloc * sizeof(*d->cacheslots));
	}
	e = &d->cache[j];
	e->hash = h;
	e->len = (uint32_t)len;
	e->text = (uint32_t)d->cachetext.len;
	e->slots = (uint32_t)d->ncacheslots;
	tk_buf_add(&d->cachetext, s, len);
	for (i = 0; i < d->chars.n; i++) {
		long sl = lookup(m, d->chars.id[i]);

		if (sl >= 0)
			d->cacheslots[d->ncacheslots++] = m->slot[sl];
	}
	e->nslots = (uint32_t)(d->ncacheslots - e->slots);
	d->ncache++;
	for (i = 0; i < e->nslots; i++)
		doc_add(d, &d->cacheslots[e->slots + i]);
}

void tk_tfidf(const uint32_t *col, const uint32_t *cnt, float *val, size_t n, const float *idf,
	      size_t nword)
{
	double norm[2] = { 0, 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		double v = (1 + log(cnt[i])) * idf[col[i]];

		val[i] = (float)v;
		norm[col[i] >= nword] += v * v;
	}
	norm[0] = norm[0] > 0 ? 1 / sqrt(norm[0]) : 0;
	norm[1] = norm[1] > 0 ? 1 / sqrt(norm[1]) : 0;
	for (i = 0; i < n; i++)
		val[i] = (float)(val[i] * norm[col[i] >= nword]);
}

/*
 * tk_tfidf() for a document of model slots.  This is the first look at
 * each feature's slot, so it also fetches the slots and weights ahead.
 */
static void doc_tfidf(const struct tk_linear *m, struct tk_linear_doc *d)
{
	double norm[2] = { 0, 0 };
	size_t i;

	for (i = 0; i < d->n; i++) {
		double v;

		if (i + AHEAD < d->n) {
			size_t bytes, off;
			const char *p = weights_of(m, &d->feat[i + AHEAD], &bytes);

			for (off = 0; off < bytes; off += 64)
				__builtin_prefetch(p + off);
		}
		v = (d->cnt[i] == 1 ? 1 : 1 + log(d->cnt[i])) * d->feat[i].idf;
		d->val[i] = (float)v;
		norm[!(d->feat[i].info & TK_SLOT_WORD)] += v * v;
	}
	norm[0] = norm[0] > 0 ? 1 / sqrt(norm[0]) : 0;
	norm[1] = norm[1] > 0 ? 1 / sqrt(norm[1]) : 0;
	for (i = 0; i < d->n; i++)
		d->val[i] = (float)(d->val[i] * norm[!(d->feat[i].info & TK_SLOT_WORD)]);
}

/* a[k] += v * r[k] for a dense row: the one loop worth vectorising (vec.h). */
TK_VECTORISE static void dense_add(float *restrict a, const int16_t *restrict r, float v, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		a[k] += v * (float)r[k];
}

void tk_linear_scores(const struct tk_linear *m, const struct tk_tokens *t,
		      struct tk_linear_doc *d, double *scores)
{
	size_t i, k, nl = m->nlabel;
	float *acc;

	if (!d->seen)
		doc_grow(d);
	if (d->nacc < 4 * nl) {
		free(d->acc);
		d->acc = tk_malloc(4 * nl * sizeof(*d->acc));
		d->nacc = 4 * nl;
	}
	if (d->cachemodel != m || !d->cache) {
		cache_clear(d);
		d->cachemodel = m;
	}
	doc_reset(d);
	tk_featvec_reset(&d->words);
	if (m->feat.words)
		tk_features_words(t, m->feat.words, 32, &d->words);
	doc_count(m, d, &d->words);
	if (m->feat.char_max)
		for (i = 0; i < t->n; i++)
			doc_chars(m, d, t->text.buf + t->span[i].off, t->span[i].len);
	doc_tfidf(m, d);
	/*
	 * Four rows of sums, taken in turn: the same label in consecutive
	 * features would otherwise make every addition wait for the last.
	 */
	acc = d->acc;
	for (k = 0; k < 4 * nl; k++)
		acc[k] = 0;
	for (i = 0; i < d->n; i++) {
		const struct tk_slot *sl = &d->feat[i];
		float v = d->val[i], *a = acc + (i & 3) * nl;

		if (sl->info & TK_SLOT_DENSE) {
			dense_add(a, m->dense + (size_t)sl->start * nl, v, nl);
		} else {
			const struct tk_weight *w = m->wt + sl->start, *end = w + (sl->info & TK_SLOT_LEN);

			for (; w < end; w++)
				a[w->label] += v * (float)w->q;
		}
	}
	for (k = 0; k < nl; k++)
		acc[k] += acc[nl + k] + acc[2 * nl + k] + acc[3 * nl + k];
	for (k = 0; k < nl; k++)
		scores[k] = (double)acc[k] * m->wscale + m->bias[k];
}

void tk_linear_softmax(const struct tk_linear *m, const double *scores, double *p)
{
	double max = -HUGE_VAL, sum = 0;
	size_t k;

	for (k = 0; k < m->nlabel; k++)
		if (scores[k] > max)
			max = scores[k];
	for (k = 0; k < m->nlabel; k++) {
		p[k] = exp((scores[k] - max) / m->temperature);
		sum += p[k];
	}
	for (k = 0; k < m->nlabel; k++)
		p[k] /= sum;
}

double tk_linear_applies(const struct tk_linear *m, double score)
{
	return 1 / (1 + exp(-(m->platt_a * score + m->platt_b)));
}

/* One occurrence's share of the value the document gives the feature key, times its weight for label. */
static double contribution(const struct tk_linear *m, const struct tk_linear_doc *d, uint32_t key,
			   size_t label)
{
	long sl = lookup(m, key), i;
	const struct tk_weight *w, *end;

	if (sl < 0 || (i = doc_find(d, key)) < 0)
		return 0;
	if (m->slot[sl].info & TK_SLOT_DENSE)
		return (double)d->val[i] / (double)d->cnt[i] *
		       m->dense[(size_t)m->slot[sl].start * m->nlabel + label] * m->wscale;
	w = m->wt + m->slot[sl].start;
	for (end = w + (m->slot[sl].info & TK_SLOT_LEN); w < end; w++)
		if (w->label == label)
			return (double)d->val[i] / (double)d->cnt[i] * w->q * m->wscale;
	return 0;
}

size_t tk_linear_explain(const struct tk_linear *m, const struct tk_tokens *t,
			 const struct tk_linear_doc *d, size_t label, size_t n, struct tk_buf *out,
			 double *weights)
{
	struct tk_featvec v;
	size_t *best = tk_calloc(n ? n : 1, sizeof(*best)), nbest = 0, i, j, g, len;
	double *cand = tk_calloc(t->n * (m->feat.words ? m->feat.words : 1) + 1, sizeof(*cand));
	size_t *candpos = tk_calloc(t->n * (m->feat.words ? m->feat.words : 1) + 1, 2 * sizeof(*candpos));
	size_t ncand = 0;

	tk_featvec_init(&v);
	/* One candidate per token (its word feature and character n-grams), one per longer n-gram. */
	for (i = 0; i < t->n; i++) {
		for (g = 1; g <= (m->feat.words ? m->feat.words : 1) && i + g <= t->n; g++) {
			const struct tk_span *last = &t->span[i + g - 1];
			double c = 0;

			len = last->off + last->len - t->span[i].off;
			if (m->feat.words >= g)
				c += contribution(m, d, tk_hash32(t->text.buf + t->span[i].off, len, TK_SEED_WORD),
						  label);
			if (g == 1 && m->feat.char_max) {
				tk_featvec_reset(&v);
				tk_features_token_chars(t->text.buf + t->span[i].off, t->span[i].len,
							m->feat.char_min, m->feat.char_max, 32, &v);
				for (j = 0; j < v.n; j++)
					c += contribution(m, d, v.id[j], label);
			}
			if (c <= 0)
				continue;
			/* The same token twice adds up. */
			for (j = 0; j < ncand; j++)
				if (candpos[2 * j + 1] == len &&
				    memcmp(t->text.buf + candpos[2 * j], t->text.buf + t->span[i].off, len) == 0)
					break;
			if (j == ncand) {
				candpos[2 * j] = t->span[i].off;
				candpos[2 * j + 1] = len;
				cand[j] = 0;
				ncand++;
			}
			cand[j] += c;
		}
	}
	/* The n strongest, strongest first; ties in order of appearance. */
	for (j = 0; j < ncand; j++) {
		size_t at = nbest;

		while (at > 0 && cand[best[at - 1]] < cand[j])
			at--;
		if (at >= n)
			continue;
		if (nbest < n)
			nbest++;
		memmove(best + at + 1, best + at, (nbest - 1 - at) * sizeof(*best));
		best[at] = j;
	}
	tk_buf_reset(out);
	for (j = 0; j < nbest; j++) {
		tk_buf_add(out, t->text.buf + candpos[2 * best[j]], candpos[2 * best[j] + 1]);
		tk_buf_addch(out, '\0');
		weights[j] = cand[best[j]];
	}
	tk_featvec_release(&v);
	free(best);
	free(cand);
	free(candpos);
	return nbest;
}

/* The model file. */

static void put_u32(struct tk_buf *b, uint32_t v)
{
	unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };

	tk_buf_add(b, c, 4);
}

static uint32_t get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_u16(struct tk_buf *b, uint16_t v)
{
	unsigned char c[2] = { (unsigned char)v, (unsigned char)(v >> 8) };

	tk_buf_add(b, c, 2);
}

static uint16_t get_u16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void put_f32(struct tk_buf *b, float f)
{
	uint32_t v;

	memcpy(&v, &f, 4);
	put_u32(b, v);
}

static float get_f32(const unsigned char *p)
{
	uint32_t v = get_u32(p);
	float f;

	memcpy(&f, &v, 4);
	return f;
}

uint64_t tk_linear_checksum(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u, w;
	size_t i, k;

	for (i = 0; i + 8 <= n; i += 8) {
		for (w = 0, k = 0; k < 8; k++)
			w |= (uint64_t)p[i + k] << (8 * k);
		h = (h ^ w) * 0x100000001b3u;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3u;
	return h;
}

static const struct {
	const char *name;
	unsigned flag;
} tokflags[] = {
	{ "strip-accents", TK_TOK_STRIP_ACCENTS }, { "number", TK_TOK_PH_NUMBER },
	{ "url", TK_TOK_PH_URL },                  { "email", TK_TOK_PH_EMAIL },
	{ "path", TK_TOK_PH_PATH },
};
#define NTOKFLAGS (sizeof(tokflags) / sizeof(tokflags[0]))

static void add_double(struct tk_buf *b, const char *key, double v)
{
	tk_buf_addf(b, ",\"%s\":%.17g", key, v);
}

int tk_linear_save(const struct tk_linear *m, const char *path, struct tk_error *err)
{
	struct tk_buf b = TK_BUF_INIT, head = TK_BUF_INIT;
	size_t i, k, payload;
	uint64_t sum;
	int rc;

	/* The payload first, so the header can give its size. */
	for (k = 0; k < m->nlabel; k++)
		put_f32(&b, m->bias[k]);
	for (i = 0; i < m->nfeat; i++) {
		put_u32(&b, m->hash[i]);
		put_u32(&b, m->df[i]);
		put_u32(&b, (uint32_t)(m->row[i + 1] - m->row[i]));
	}
	for (i = 0; i < m->nnz; i++) {
		put_u16(&b, m->wt[i].label);
		put_u16(&b, (uint16_t)m->wt[i].q);
	}
	payload = b.len;

	tk_buf_addf(&head, "%s%d\n{\"type\":\"linear-ovr\",\"tokenizer\":[", MAGIC, TK_MODEL_VERSION);
	for (i = 0, k = 0; i < NTOKFLAGS; i++)
		if (m->feat.tokflags & tokflags[i].flag)
			tk_buf_addf(&head, "%s\"%s\"", k++ ? "," : "", tokflags[i].name);
	tk_buf_addf(&head, "],\"word_ngrams\":%u,\"char_ngrams\":[%u,%u],\"min_count\":%u",
		    m->feat.words, m->feat.char_min, m->feat.char_max, m->min_count);
	add_double(&head, "cost", m->cost);
	tk_buf_addf(&head, ",\"balanced\":%s,\"labels\":[", m->balanced ? "true" : "false");
	for (k = 0; k < m->nlabel; k++) {
		if (k)
			tk_buf_addch(&head, ',');
		tk_json_escape(&head, m->label[k], strlen(m->label[k]));
	}
	tk_buf_addf(&head, "],\"features\":%zu,\"word_features\":%zu,\"weights\":%zu", m->nfeat,
		    m->nword, m->nnz);
	add_double(&head, "documents", m->ndocs);
	add_double(&head, "weight_scale", m->wscale);
	add_double(&head, "temperature", m->temperature);
	add_double(&head, "platt_a", m->platt_a);
	add_double(&head, "platt_b", m->platt_b);
	tk_buf_addf(&head, ",\"calibrated\":%s,\"payload\":%zu,\"summary\":%s}\n",
		    m->calibrated ? "true" : "false", payload, m->summary ? m->summary : "{}");
	tk_buf_add(&head, b.buf, b.len);
	sum = tk_linear_checksum((const unsigned char *)head.buf, head.len);
	for (k = 0; k < 8; k++)
		tk_buf_addch(&head, (int)(unsigned char)(sum >> (8 * k)));

	rc = tk_file_replace(path, head.buf, head.len, err);
	tk_buf_release(&b);
	tk_buf_release(&head);
	return rc;
}

/* Fetch a header member of the given type, or set err. */
static struct json_object *member(struct json_object *h, const char *key, enum json_type type,
				  const char *path, struct tk_error *err)
{
	struct json_object *v;

	if (!json_object_object_get_ex(h, key, &v) || !json_object_is_type(v, type) ||
	    (type == json_type_double && !json_object_is_type(v, json_type_double))) {
		if (type == json_type_double && v && json_object_is_type(v, json_type_int))
			return v;
		tk_error_at(err, path, 0, "corrupt model: header lacks a valid '%s'", key);
		return NULL;
	}
	return v;
}

static int get_uint(struct json_object *h, const char *key, size_t max, size_t *out, const char *path,
		    struct tk_error *err)
{
	struct json_object *v = member(h, key, json_type_int, path, err);
	int64_t x;

	if (!v)
		return -1;
	x = json_object_get_int64(v);
	if (x < 0 || (uint64_t)x > max) {
		tk_error_at(err, path, 0, "corrupt model: '%s' out of range", key);
		return -1;
	}
	*out = (size_t)x;
	return 0;
}

static int get_real(struct json_object *h, const char *key, double *out, const char *path,
		    struct tk_error *err)
{
	struct json_object *v = member(h, key, json_type_double, path, err);

	if (!v)
		return -1;
	*out = json_object_get_double(v);
	if (!isfinite(*out)) {
		tk_error_at(err, path, 0, "corrupt model: '%s' is not finite", key);
		return -1;
	}
	return 0;
}

static int parse_header(struct tk_linear *m, struct json_object *h, size_t *payload, const char *path,
			struct tk_error *err)
{
	struct json_object *v, *e;
	size_t i, k, n, x;
	double wscale;

	if (!(v = member(h, "tokenizer", json_type_array, path, err)))
		return -1;
	for (i = 0; i < json_object_array_length(v); i++) {
		e = json_object_array_get_idx(v, i);
		for (k = 0; k < NTOKFLAGS; k++)
			if (json_object_is_type(e, json_type_string) &&
			    strcmp(json_object_get_string(e), tokflags[k].name) == 0)
				break;
		if (k == NTOKFLAGS) {
			tk_error_at(err, path, 0, "model needs tokenizer setting '%s', unknown here",
				    json_object_get_string(e));
			return -1;
		}
		m->feat.tokflags |= tokflags[k].flag;
	}
	if (get_uint(h, "word_ngrams", 8, &x, path, err) < 0)
		return -1;
	m->feat.words = (unsigned)x;
	if (!(v = member(h, "char_ngrams", json_type_array, path, err)))
		return -1;
	if (json_object_array_length(v) != 2 ||
	    !json_object_is_type(json_object_array_get_idx(v, 0), json_type_int) ||
	    !json_object_is_type(json_object_array_get_idx(v, 1), json_type_int)) {
		tk_error_at(err, path, 0, "corrupt model: header lacks a valid 'char_ngrams'");
		return -1;
	}
	m->feat.char_min = (unsigned)json_object_get_int(json_object_array_get_idx(v, 0));
	m->feat.char_max = (unsigned)json_object_get_int(json_object_array_get_idx(v, 1));
	if (m->feat.char_max > 16 || m->feat.char_min > m->feat.char_max ||
	    (m->feat.char_max && !m->feat.char_min)) {
		tk_error_at(err, path, 0, "corrupt model: 'char_ngrams' out of range");
		return -1;
	}
	if (get_uint(h, "min_count", UINT32_MAX, &x, path, err) < 0)
		return -1;
	m->min_count = (unsigned)x;
	if (get_real(h, "cost", &m->cost, path, err) < 0)
		return -1;
	if (!(v = member(h, "balanced", json_type_boolean, path, err)))
		return -1;
	m->balanced = json_object_get_boolean(v);
	if (!(v = member(h, "labels", json_type_array, path, err)))
		return -1;
	n = json_object_array_length(v);
	if (n < 1 || n > TK_MODEL_MAX_LABELS) {
		tk_error_at(err, path, 0, "corrupt model: %zu labels", n);
		return -1;
	}
	m->label = tk_calloc(n, sizeof(*m->label));
	for (k = 0; k < n; k++) {
		e = json_object_array_get_idx(v, k);
		if (!json_object_is_type(e, json_type_string)) {
			tk_error_at(err, path, 0, "corrupt model: label %zu is not a string", k + 1);
			return -1;
		}
		m->label[k] = tk_strdup(json_object_get_string(e));
		m->nlabel++;
	}
	if (get_uint(h, "features", TK_SLOT_LEN, &m->nfeat, path, err) < 0 ||
	    get_uint(h, "word_features", m->nfeat, &m->nword, path, err) < 0 ||
	    get_uint(h, "weights", UINT32_MAX, &m->nnz, path, err) < 0 ||
	    get_real(h, "documents", &m->ndocs, path, err) < 0 ||
	    get_real(h, "weight_scale", &wscale, path, err) < 0 ||
	    get_real(h, "temperature", &m->temperature, path, err) < 0 ||
	    get_real(h, "platt_a", &m->platt_a, path, err) < 0 ||
	    get_real(h, "platt_b", &m->platt_b, path, err) < 0 ||
	    get_uint(h, "payload", SIZE_MAX / 2, payload, path, err) < 0)
		return -1;
	if (m->temperature <= 0 || m->ndocs < 0 || !(wscale > 0 && wscale <= FLT_MAX)) {
		tk_error_at(err, path, 0, "corrupt model: calibration out of range");
		return -1;
	}
	m->wscale = (float)wscale;
	if (!(v = member(h, "calibrated", json_type_boolean, path, err)))
		return -1;
	m->calibrated = json_object_get_boolean(v);
	if (!(v = member(h, "summary", json_type_object, path, err)))
		return -1;
	m->summary = tk_strdup(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
	return 0;
}

int tk_linear_load(struct tk_linear *m, const char *path, struct tk_error *err)
{
	struct tk_buf b = TK_BUF_INIT;
	struct json_object *h = NULL;
	struct json_tokener *tok;
	const unsigned char *p;
	char *nl, *nl2;
	size_t payload = 0, i, k, need;
	uint64_t sum;
	long version;

	tk_linear_init(m);
	if (tk_file_read(path, "model", &b, err) < 0)
		goto fail;
	nl = memchr(b.buf, '\n', b.len);
	if (b.len < strlen(MAGIC) || memcmp(b.buf, MAGIC, strlen(MAGIC)) != 0 || !nl) {
		tk_error_at(err, path, 0, "not a ticketkit model");
		goto fail;
	}
	*nl = '\0';
	errno = 0;
	version = strtol(b.buf + strlen(MAGIC), &nl2, 10);
	if (nl2 != nl || nl2 == b.buf + strlen(MAGIC) || errno || version < 1) {
		tk_error_at(err, path, 0, "not a ticketkit model (bad version line)");
		goto fail;
	}
	if (version > TK_MODEL_VERSION) {
		tk_error_at(err, path, 0,
			    "model format version %ld is newer than this ticketkit reads (%d); "
			    "upgrade ticketkit or retrain",
			    version, TK_MODEL_VERSION);
		goto fail;
	}
	*nl = '\n';
	if (b.len < 8) {
		tk_error_at(err, path, 0, "truncated model");
		goto fail;
	}
	sum = tk_linear_checksum((const unsigned char *)b.buf, b.len - 8);
	for (k = 0; k < 8; k++)
		if ((unsigned char)b.buf[b.len - 8 + k] != (unsigned char)(sum >> (8 * k)))
			break;
	nl2 = memchr(nl + 1, '\n', b.len - (size_t)(nl + 1 - b.buf));
	if (!nl2) {
		tk_error_at(err, path, 0, "truncated model");
		goto fail;
	}
	tok = json_tokener_new();
	h = json_tokener_parse_ex(tok, nl + 1, (int)(nl2 - nl - 1));
	json_tokener_free(tok);
	if (!h || !json_object_is_type(h, json_type_object)) {
		tk_error_at(err, path, 0, k < 8 ? "corrupt model (checksum mismatch)" : "corrupt model: bad header");
		goto fail;
	}
	if (parse_header(m, h, &payload, path, err) < 0)
		goto fail;
	p = (const unsigned char *)nl2 + 1;
	need = (size_t)(p - (const unsigned char *)b.buf) + payload + 8;
	if (b.len < need) {
		tk_error_at(err, path, 0, "truncated model (%zu of %zu bytes)", b.len, need);
		goto fail;
	}
	if (b.len > need) {
		tk_error_at(err, path, 0, "corrupt model: %zu bytes of trailing garbage", b.len - need);
		goto fail;
	}
	if (k < 8) {
		tk_error_at(err, path, 0, "corrupt model (checksum mismatch)");
		goto fail;
	}
	if (payload != m->nlabel * 4 + m->nfeat * 12 + m->nnz * 4) {
		tk_error_at(err, path, 0, "corrupt model: payload size does not match the header");
		goto fail;
	}
	m->bias = tk_malloc((m->nlabel + 1) * sizeof(*m->bias));
	m->hash = tk_malloc((m->nfeat + 1) * sizeof(*m->hash));
	m->df = tk_malloc((m->nfeat + 1) * sizeof(*m->df));
	m->row = tk_malloc((m->nfeat + 1) * sizeof(*m->row));
	m->wt = tk_malloc((m->nnz + 1) * sizeof(*m->wt));
	for (k = 0; k < m->nlabel; k++, p += 4)
		if (!isfinite(m->bias[k] = get_f32(p))) {
			tk_error_at(err, path, 0, "corrupt model: a weight is not a finite number");
			goto fail;
		}
	for (i = 0, need = 0; i < m->nfeat; i++, p += 12) {
		m->hash[i] = get_u32(p);
		m->df[i] = get_u32(p + 4);
		m->row[i] = need;
		need += get_u32(p + 8);
	}
	m->row[m->nfeat] = need;
	if (need != m->nnz) {
		tk_error_at(err, path, 0, "corrupt model: weight counts do not add up");
		goto fail;
	}
	for (i = 0; i < m->nnz; i++, p += 4) {
		uint32_t lab = get_u16(p);

		m->wt[i].q = (int16_t)get_u16(p + 2);
		if (lab >= m->nlabel) {
			tk_error_at(err, path, 0, "corrupt model: weight %zu is out of range", i + 1);
			goto fail;
		}
		m->wt[i].label = (uint16_t)lab;
	}
	tk_linear_finish(m);
	json_object_put(h);
	tk_buf_release(&b);
	return 0;
fail:
	json_object_put(h);
	tk_buf_release(&b);
	tk_linear_release(m);
	return -1;
}
