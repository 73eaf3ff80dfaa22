/*
 * Issue clusters (see cluster.h).
 *
 * Centroids are stored column-major (a feature's weights for all k
 * clusters side by side), so that a ticket's similarity to every cluster
 * is one pass over its non-zero features, each adding k contiguous
 * products.
 */
#include <float.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "file.h"
#include "json.h"
#include "spectral.h"
#include "vec.h"
#include "wordset.h"

/* Spectral seeding (spectral.h): on at most this many tickets, for k up to this, on this many neighbours. */
#define SPECTRAL_ROWS 4096
#define SPECTRAL_MAX_K 256
#define SPECTRAL_KNN 10

void tk_cluster_opts_init(struct tk_cluster_opts *o)
{
	o->k = 0;
	o->runs = 2;
	o->max_iter = 50;
	o->seed = 1;
	o->min_count = 2;
}

void tk_clusters_init(struct tk_clusters *cl)
{
	memset(cl, 0, sizeof(*cl));
	tk_linear_init(&cl->scorer);
}

void tk_clusters_release(struct tk_clusters *cl)
{
	size_t c, i;

	for (c = 0; cl->terms && c < cl->k; c++)
		for (i = 0; i < TK_CLUSTER_TERMS; i++)
			free(cl->terms[c][i]);
	free(cl->terms);
	free(cl->hash);
	free(cl->idf);
	free(cl->centroid);
	free(cl->size);
	free(cl->slot);
	tk_linear_release(&cl->scorer);
	tk_clusters_init(cl);
}

size_t tk_cluster_auto_k(size_t n)
{
	size_t k = (size_t)llround(sqrt((double)n / 2));

	return k < 2 ? 2 : k > 100 ? 100 : k;
}

static uint64_t next_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static double uniform(uint64_t *s)
{
	return (double)(next_rand(s) >> 11) / 9007199254740992.0;
}

/* Scale v[0..n) to unit length (each TF-IDF block is; a ticket may have one or both). */
static void unit(float *v, size_t n)
{
	double sq = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sq += (double)v[i] * v[i];
	if (sq > 0)
		for (i = 0; i < n; i++)
			v[i] = (float)(v[i] / sqrt(sq));
}

static int cmp_desc(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

static int cmp_desc_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* The documents as TF-IDF rows over kept columns. */
struct matrix {
	size_t n;
	size_t *start;
	uint32_t *col;
	float *val;
};

static void vectorize(struct tk_clusters *cl, const struct tk_trainset *ts, unsigned min_count,
		      struct matrix *x)
{
	uint32_t *colof = tk_malloc((ts->nent + 1) * sizeof(*colof)), *cnt = NULL;
	size_t e, pass, d, nnz = 0, alloc = 0;

	uint32_t cut = min_count, *df = NULL;
	size_t kept = 0, at_cut = SIZE_MAX; /* columns of the cut-off df still to keep */

	/* At most TK_CLUSTER_MAX_FEATURES columns, the most common ones: the centres are dense. */
	for (e = 0; e < ts->nent; e++)
		kept += ts->df[e] >= min_count;
	if (kept > TK_CLUSTER_MAX_FEATURES) {
		df = tk_malloc(kept * sizeof(*df));
		for (e = 0, kept = 0; e < ts->nent; e++)
			if (ts->df[e] >= min_count)
				df[kept++] = ts->df[e];
		qsort(df, kept, sizeof(*df), cmp_desc);
		cut = df[TK_CLUSTER_MAX_FEATURES - 1];
		/* columns of exactly the cut-off df fill what is left, first come first kept */
		for (e = 0, at_cut = 0; e < TK_CLUSTER_MAX_FEATURES; e++)
			at_cut += df[e] == cut;
		free(df);
	}
	cl->nfeat = 0;
	for (pass = 0; pass < 2; pass++) {
		for (e = 0; e < ts->nent; e++) {
			if (ts->isword[e] != (pass == 0))
				continue;
			colof[e] = UINT32_MAX;
			if (ts->df[e] > cut || (ts->df[e] == cut && at_cut > 0)) {
				if (ts->df[e] == cut)
					at_cut--;
				colof[e] = (uint32_t)cl->nfeat++;
			}
		}
		if (pass == 0)
			cl->nword = cl->nfeat;
	}
	cl->ndocs = (double)ts->ndoc;
	cl->hash = tk_malloc((cl->nfeat + 1) * sizeof(*cl->hash));
	cl->idf = tk_malloc((cl->nfeat + 1) * sizeof(*cl->idf));
	for (e = 0; e < ts->nent; e++)
		if (colof[e] != UINT32_MAX) {
			cl->hash[colof[e]] = ts->hash[e];
			cl->idf[colof[e]] = (float)tk_idf(cl->ndocs, ts->df[e]);
		}
	x->n = ts->ndoc;
	x->start = tk_malloc((ts->ndoc + 1) * sizeof(*x->start));
	x->col = tk_malloc((ts->nnz + 1) * sizeof(*x->col));
	x->val = tk_malloc((ts->nnz + 1) * sizeof(*x->val));
	for (d = 0; d < ts->ndoc; d++) {
		size_t i, n = 0;

		x->start[d] = nnz;
		if (ts->start[d + 1] - ts->start[d] > alloc) {
			alloc = ts->start[d + 1] - ts->start[d];
			cnt = tk_realloc(cnt, alloc * sizeof(*cnt));
		}
		for (i = ts->start[d]; i < ts->start[d + 1]; i++)
			if (colof[ts->ent[i]] != UINT32_MAX) {
				x->col[nnz + n] = colof[ts->ent[i]];
				/* cnt was grown above to hold this doc's entries: it is not null */
				cnt[n++] = ts->cnt[i]; /* NOLINT(clang-analyzer-core.NullDereference) */
			}
		tk_tfidf(x->col + nnz, cnt, x->val + nnz, n, cl->idf, cl->nword);
		unit(x->val + nnz, n);
		nnz += n;
	}
	x->start[ts->ndoc] = nnz;
	free(colof);
	free(cnt);
}

/* a[c] += v * w[c]: the loop the clustering spends its time in (vec.h). */
TK_VECTORISE static void axpy(float *restrict a, const float *restrict w, float v, size_t n)
{
	size_t c;

	for (c = 0; c < n; c++)
		a[c] += v * w[c];
}

/* Similarities of row d to every centroid, into s[0..k). */
static void sims(const struct matrix *x, size_t d, const float *cen, size_t k, float *s)
{
	size_t i;

	memset(s, 0, k * sizeof(*s));
	for (i = x->start[d]; i < x->start[d + 1]; i++)
		axpy(s, cen + (size_t)x->col[i] * k, x->val[i], k);
}

/* Set centroids to the normalised sums of their members; return how many are empty. */
static size_t recompute(const struct matrix *x, const uint32_t *assign, size_t k, size_t nfeat, float *cen)
{
	double *norm = tk_calloc(k, sizeof(*norm));
	size_t d, i, c, empty = 0;

	memset(cen, 0, nfeat * k * sizeof(*cen));
	for (d = 0; d < x->n; d++)
		for (i = x->start[d]; i < x->start[d + 1]; i++)
			cen[(size_t)x->col[i] * k + assign[d]] += x->val[i];
	for (i = 0; i < nfeat; i++)
		for (c = 0; c < k; c++)
			norm[c] += (double)cen[i * k + c] * cen[i * k + c];
	for (c = 0; c < k; c++) {
		norm[c] = norm[c] > 0 ? 1 / sqrt(norm[c]) : 0;
		empty += norm[c] == 0;
	}
	for (i = 0; i < nfeat; i++)
		for (c = 0; c < k; c++)
			cen[i * k + c] = (float)(cen[i * k + c] * norm[c]);
	free(norm);
	return empty;
}

/* Put row d, as a unit vector, into centroid c. */
static void seed_centroid(const struct matrix *x, size_t d, size_t k, size_t c, size_t nfeat, float *cen)
{
	size_t i;

	for (i = 0; i < nfeat; i++)
		cen[i * k + c] = 0;
	for (i = x->start[d]; i < x->start[d + 1]; i++)
		cen[(size_t)x->col[i] * k + c] += x->val[i];
}

/*
 * The similarity of every row to row r, into out[] (or, with keep_max, the
 * larger of it and what out[] holds): r is spread into the dense scratch
 * (all zeros, and left so), each row a pass over its own non-zeros.
 */
static void sims_to_row(const struct matrix *x, size_t r, float *dense, double *out, int keep_max)
{
	size_t i, d;

	for (i = x->start[r]; i < x->start[r + 1]; i++)
		dense[x->col[i]] = x->val[i];
	for (d = 0; d < x->n; d++) {
		double v = 0;

		for (i = x->start[d]; i < x->start[d + 1]; i++)
			v += x->val[i] * dense[x->col[i]];
		out[d] = keep_max && out[d] > v ? out[d] : v;
	}
	for (i = x->start[r]; i < x->start[r + 1]; i++)
		dense[x->col[i]] = 0;
}

/*
 * Greedy k-means++ (as scikit-learn seeds): a few candidates for each next centre are
 * drawn with probability proportional to (1 - similarity)^2 to the nearest centre so
 * far, and the one that brings the tickets closest is kept.
 */
static void seed_plusplus(const struct matrix *x, size_t k, size_t nfeat, uint64_t seed, float *cen)
{
	double *best = tk_malloc((x->n + 1) * sizeof(*best)), *v = tk_malloc((x->n + 1) * sizeof(*v));
	float *dense = tk_calloc(nfeat + 1, sizeof(*dense));
	uint64_t rng = seed;
	size_t c, d, first;

	first = (size_t)(uniform(&rng) * (double)x->n) % x->n;
	seed_centroid(x, first, k, 0, nfeat, cen);
	sims_to_row(x, first, dense, best, 0);
	for (c = 1; c < k; c++) {
		double pot = 0, best_pot = INFINITY;
		size_t trial, trials = 2 + (size_t)log((double)k), chosen = 0;

		for (d = 0; d < x->n; d++)
			pot += (1 - best[d]) * (1 - best[d]);
		for (trial = 0; trial < trials; trial++) {
			double r = uniform(&rng) * pot, p = 0;
			size_t cand;

			for (cand = 0; cand + 1 < x->n; cand++) {
				r -= (1 - best[cand]) * (1 - best[cand]);
				if (r <= 0)
					break;
			}
			sims_to_row(x, cand, dense, v, 0);
			for (d = 0; d < x->n; d++) {
				double m = v[d] > best[d] ? v[d] : best[d];

				p += (1 - m) * (1 - m);
			}
			if (p < best_pot) {
				best_pot = p;
				chosen = cand;
			}
		}
		seed_centroid(x, chosen, k, c, nfeat, cen);
		sims_to_row(x, chosen, dense, best, 1);
	}
	free(best);
	free(v);
	free(dense);
}

/*
 * Spherical k-means on the spectral embedding (m rows of length dim,
 * unit or zero), k-means++ seeded from seed: each row's cluster into lab.
 * The centres are kept column-major, as the tickets' are.
 */
static void embedding_kmeans(const float *emb, size_t m, size_t dim, size_t k, uint64_t seed, uint32_t *lab)
{
	float *cen = tk_calloc(dim * k + 1, sizeof(*cen)), *s = tk_malloc((k + 1) * sizeof(*s));
	double *best = tk_malloc((m + 1) * sizeof(*best)), *sum = tk_malloc((dim * k + 1) * sizeof(*sum));
	uint64_t rng = seed;
	size_t c, d, j, it;

	for (c = 0; c < k; c++) {
		double pot = 0, r;
		size_t pick = m - 1;

		for (d = 0; d < m; d++)
			pot += c ? (1 - best[d]) * (1 - best[d]) : 1;
		r = uniform(&rng) * pot;
		for (d = 0; d + 1 < m; d++)
			if ((r -= c ? (1 - best[d]) * (1 - best[d]) : 1) <= 0) {
				pick = d;
				break;
			}
		for (j = 0; j < dim; j++)
			cen[j * k + c] = emb[pick * dim + j];
		for (d = 0; d < m; d++) {
			double v = 0;

			for (j = 0; j < dim; j++)
				v += (double)emb[d * dim + j] * emb[pick * dim + j];
			if (!c || v > best[d])
				best[d] = v;
		}
	}
	for (it = 0; it < 100; it++) {
		size_t moved = 0;

		for (d = 0; d < m; d++) {
			size_t arg = 0;

			memset(s, 0, k * sizeof(*s));
			for (j = 0; j < dim; j++)
				axpy(s, cen + j * k, emb[d * dim + j], k);
			for (c = 1; c < k; c++)
				if (s[c] > s[arg])
					arg = c;
			moved += it == 0 || lab[d] != arg;
			lab[d] = (uint32_t)arg;
		}
		if (!moved)
			break;
		/* a cluster left empty keeps its centre */
		memset(sum, 0, dim * k * sizeof(*sum));
		for (d = 0; d < m; d++)
			for (j = 0; j < dim; j++)
				sum[j * k + lab[d]] += emb[d * dim + j];
		for (c = 0; c < k; c++) {
			double norm = 0;

			for (j = 0; j < dim; j++)
				norm += sum[j * k + c] * sum[j * k + c];
			if (norm > 0)
				for (j = 0, norm = 1 / sqrt(norm); j < dim; j++)
					cen[j * k + c] = (float)(sum[j * k + c] * norm);
		}
	}
	free(cen);
	free(s);
	free(best);
	free(sum);
}

/*
 * Lloyd iterations from the centres in cen until no ticket moves, at most
 * max_iter of them; the tickets then go to their closest centre, the one
 * they would be assigned to from the saved clusters.  Return the total
 * similarity of the tickets to their centroids.
 */
static double lloyd(const struct matrix *x, size_t k, size_t nfeat, unsigned max_iter, uint32_t *assign,
		    float *sim, float *cen)
{
	float *s = tk_malloc((k + 1) * sizeof(*s));
	double total = 0;
	size_t c, d, it;

	for (it = 0;; it++) {
		size_t moved = 0;

		total = 0;
		for (d = 0; d < x->n; d++) {
			size_t arg = 0;

			sims(x, d, cen, k, s);
			for (c = 1; c < k; c++)
				if (s[c] > s[arg])
					arg = c;
			moved += it == 0 || assign[d] != arg;
			assign[d] = (uint32_t)arg;
			sim[d] = (float)s[arg];
			total += s[arg];
		}
		if (!moved || it == max_iter)
			break;
		if (recompute(x, assign, k, nfeat, cen)) {
			/* An empty cluster takes the ticket farthest from its centre. */
			size_t far = 0;

			for (d = 1; d < x->n; d++)
				if (sim[d] < sim[far])
					far = d;
			for (c = 0; c < k; c++) {
				size_t i;
				int empty = 1;

				for (i = 0; i < nfeat && empty; i++)
					empty = cen[i * k + c] == 0;
				if (empty) {
					seed_centroid(x, far, k, c, nfeat, cen);
					sim[far] = 1;
					for (far = 0, d = 1; d < x->n; d++)
						if (sim[d] < sim[far])
							far = d;
				}
			}
		}
	}
	free(s);
	return total;
}

/*
 * The tickets the spectral seeding looks at: at most SPECTRAL_ROWS of x,
 * spread evenly (x itself when it has no more), with their embedding; or
 * no embedding when k is too large for it.
 */
struct spectral {
	struct matrix sub;
	float *emb;
};

static void spectral_init(struct spectral *sp, const struct matrix *x, size_t k, size_t nfeat, uint64_t seed)
{
	struct tk_rows rows;
	size_t m = x->n < SPECTRAL_ROWS ? x->n : SPECTRAL_ROWS, i, d, nnz = 0;

	memset(sp, 0, sizeof(*sp));
	if (k > SPECTRAL_MAX_K || x->n < 2 * (k + TK_SPECTRAL_EXTRA))
		return;
	if (m == x->n) {
		sp->sub = *x;
	} else {
		for (i = 0; i < m; i++) {
			d = i * x->n / m;
			nnz += x->start[d + 1] - x->start[d];
		}
		sp->sub.n = m;
		sp->sub.start = tk_malloc((m + 1) * sizeof(*sp->sub.start));
		sp->sub.col = tk_malloc((nnz + 1) * sizeof(*sp->sub.col));
		sp->sub.val = tk_malloc((nnz + 1) * sizeof(*sp->sub.val));
		for (i = 0, nnz = 0; i < m; i++) {
			size_t len;

			d = i * x->n / m;
			len = x->start[d + 1] - x->start[d];
			sp->sub.start[i] = nnz;
			memcpy(sp->sub.col + nnz, x->col + x->start[d], len * sizeof(*x->col));
			memcpy(sp->sub.val + nnz, x->val + x->start[d], len * sizeof(*x->val));
			nnz += len;
		}
		sp->sub.start[m] = nnz;
	}
	rows = (struct tk_rows){ m, nfeat, sp->sub.start, sp->sub.col, sp->sub.val };
	sp->emb = tk_spectral_embed(&rows, k, SPECTRAL_KNN, seed);
}

static void spectral_release(struct spectral *sp, const struct matrix *x)
{
	if (sp->sub.start != x->start) {
		free(sp->sub.start);
		free(sp->sub.col);
		free(sp->sub.val);
	}
	free(sp->emb);
}

/* Centres for a run: k-means on the embedding, its clusters' tickets summed; or k-means++. */
static void seed_run(const struct spectral *sp, const struct matrix *x, size_t k, size_t nfeat, uint64_t seed,
		     float *cen)
{
	uint32_t *lab;

	if (!sp->emb) {
		seed_plusplus(x, k, nfeat, seed, cen);
		return;
	}
	lab = tk_malloc((sp->sub.n + 1) * sizeof(*lab));
	embedding_kmeans(sp->emb, sp->sub.n, k, k, seed, lab);
	recompute(&sp->sub, lab, k, nfeat, cen);
	free(lab);
}

/* Name each cluster by its most typical words: in many of its tickets, rare in the others. */
static void name_clusters(struct tk_clusters *cl, const char *const *texts, const uint32_t *assign, size_t n)
{
	struct tk_wordset df, in;
	size_t c, d, i;

	tk_wordset_init(&df);
	/* a word counts once per ticket: the ticket's words, each first seen there */
	for (d = 0; d < n; d++) {
		struct tk_wordset once;
		const char *p = texts[d];

		tk_wordset_init(&once);
		while (*p) {
			size_t len = strcspn(p, " ");
			int v = 0;

			if (len && tk_wordset_put(&once, p, len, 1)) {
				tk_wordset_get(&df, p, len, &v);
				tk_wordset_put(&df, p, len, v + 1);
			}
			p += len + (p[len] == ' ');
		}
		tk_wordset_release(&once);
	}
	for (c = 0; c < cl->k; c++) {
		double score[TK_CLUSTER_TERMS] = { 0 };
		size_t j;

		tk_wordset_init(&in);
		for (d = 0; d < n; d++) {
			struct tk_wordset once;
			const char *p = texts[d];

			if (assign[d] != c)
				continue;
			tk_wordset_init(&once);
			while (*p) {
				size_t len = strcspn(p, " ");
				int v = 0;

				if (len && tk_wordset_put(&once, p, len, 1)) {
					tk_wordset_get(&in, p, len, &v);
					tk_wordset_put(&in, p, len, v + 1);
				}
				p += len + (p[len] == ' ');
			}
			tk_wordset_release(&once);
		}
		for (i = 0; i < in.cap; i++) {
			const struct tk_wordset_slot *sl = &in.slots[i];
			const char *w;
			int all = 0;
			double s;

			if (sl->off == (size_t)-1 || sl->value < 2 || (double)sl->value < 0.1 * (double)cl->size[c])
				continue;
			w = in.pool.buf + sl->off;
			tk_wordset_get(&df, w, sl->len, &all);
			s = (double)sl->value / (double)cl->size[c] * log((double)n / all);
			for (j = TK_CLUSTER_TERMS; j > 0 && score[j - 1] < s; j--)
				;
			if (j >= TK_CLUSTER_TERMS)
				continue;
			free(cl->terms[c][TK_CLUSTER_TERMS - 1]);
			memmove(score + j + 1, score + j, (TK_CLUSTER_TERMS - 1 - j) * sizeof(*score));
			memmove(cl->terms[c] + j + 1, cl->terms[c] + j, (TK_CLUSTER_TERMS - 1 - j) * sizeof(char *));
			score[j] = s;
			cl->terms[c][j] = tk_strndup(w, sl->len);
		}
		tk_wordset_release(&in);
	}
	tk_wordset_release(&df);
}

static void build_lookup(struct tk_clusters *cl)
{
	size_t cap = 16, i;

	while (cap < 2 * cl->nfeat + 2)
		cap *= 2;
	cl->slot = tk_malloc(cap * sizeof(*cl->slot));
	cl->slotmask = cap - 1;
	for (i = 0; i < cap; i++)
		cl->slot[i] = UINT32_MAX;
	for (i = 0; i < cl->nfeat; i++) {
		/* words and characters hash apart: a word column's key has its top bit folded in */
		uint32_t key = cl->hash[i] * 2654435761u ^ (i < cl->nword ? 0x9e3779b9u : 0);
		size_t at = key & cl->slotmask;

		while (cl->slot[at] != UINT32_MAX)
			at = (at + 1) & cl->slotmask;
		cl->slot[at] = (uint32_t)i;
	}
}

/* A column of the centres, for tk_linear_set_rows(). */
static void centre_row(void *ctx, size_t f, float *w)
{
	const struct tk_clusters *cl = ctx;

	memcpy(w, cl->centroid + f * cl->k, cl->k * sizeof(*w));
}

/*
 * The scorer: the centres as a linear model with a label per cluster (the
 * labels unnamed) and no biases.  Its weights are rounded as a model's are,
 * to 1/32767 of the largest, but none is left out: that moves a
 * similarity by far less than the 0.0001 it is printed to.
 */
static void build_scorer(struct tk_clusters *cl)
{
	struct tk_linear *m = &cl->scorer;

	tk_linear_release(m);
	m->feat = cl->feat;
	m->nlabel = cl->k;
	m->label = tk_calloc(cl->k + 1, sizeof(*m->label));
	m->nfeat = cl->nfeat;
	m->nword = cl->nword;
	m->hash = tk_malloc((cl->nfeat + 1) * sizeof(*m->hash));
	m->idf = tk_malloc((cl->nfeat + 1) * sizeof(*m->idf));
	memcpy(m->hash, cl->hash, cl->nfeat * sizeof(*m->hash));
	memcpy(m->idf, cl->idf, cl->nfeat * sizeof(*m->idf));
	m->bias = tk_calloc(cl->k + 1, sizeof(*m->bias));
	tk_linear_set_rows_all(m, centre_row, cl);
	tk_linear_index(m);
}

static uint32_t lookup(const struct tk_clusters *cl, uint32_t hash, int word)
{
	uint32_t key = hash * 2654435761u ^ (word ? 0x9e3779b9u : 0);
	size_t at = key & cl->slotmask;

	while (cl->slot[at] != UINT32_MAX) {
		uint32_t c = cl->slot[at];

		if (cl->hash[c] == hash && (c < cl->nword) == (word != 0))
			return c;
		at = (at + 1) & cl->slotmask;
	}
	return UINT32_MAX;
}

/* Renumber the clusters by size, the largest first (ties: as they were). */
static void by_size(struct tk_clusters *cl, uint32_t *assign, size_t n)
{
	size_t k = cl->k, *order = tk_malloc(k * sizeof(*order)), *rank = tk_malloc(k * sizeof(*rank));
	size_t *size = tk_malloc(k * sizeof(*size)), i, j, c;
	float *cen = tk_malloc((cl->nfeat * k + 1) * sizeof(*cen));

	for (i = 0; i < k; i++)
		order[i] = i;
	/* an insertion sort: k is small */
	for (i = 1; i < k; i++) {
		size_t o = order[i];

		for (j = i; j > 0 && cl->size[order[j - 1]] < cl->size[o]; j--)
			order[j] = order[j - 1];
		order[j] = o;
	}
	for (i = 0; i < k; i++) {
		rank[order[i]] = i;
		size[i] = cl->size[order[i]];
	}
	for (i = 0; i < cl->nfeat; i++)
		for (c = 0; c < k; c++)
			cen[i * k + rank[c]] = cl->centroid[i * k + c];
	for (i = 0; i < n; i++)
		assign[i] = (uint32_t)rank[assign[i]];
	free(cl->centroid);
	free(cl->size);
	cl->centroid = cen;
	cl->size = size;
	free(order);
	free(rank);
}

int tk_cluster_fit(struct tk_clusters *cl, struct tk_trainset *ts, const char *const *texts,
		   const struct tk_cluster_opts *o, uint32_t *assign, float *sim, struct tk_error *err)
{
	struct matrix x;
	struct spectral sp;
	uint32_t *a = NULL;
	float *s = NULL, *cen = NULL;
	double best = -INFINITY;
	size_t k, d;
	unsigned run;

	if (!ts->ndoc) {
		tk_error_set(err, "no tickets to cluster");
		return -1;
	}
	/* Rare features are noise in a large batch, but all there is in a small one. */
	vectorize(cl, ts, ts->ndoc >= 20 ? o->min_count : 1, &x);
	k = o->k ? o->k : tk_cluster_auto_k(x.n);
	if (k > x.n)
		k = x.n;
	cl->k = k;
	cl->centroid = tk_calloc(cl->nfeat * k + 1, sizeof(*cl->centroid));
	a = tk_malloc((x.n + 1) * sizeof(*a));
	s = tk_malloc((x.n + 1) * sizeof(*s));
	cen = tk_calloc(cl->nfeat * k + 1, sizeof(*cen));
	spectral_init(&sp, &x, k, cl->nfeat, o->seed);
	for (run = 0; run < (o->runs ? o->runs : 1); run++) {
		double total;

		seed_run(&sp, &x, k, cl->nfeat, o->seed * 1000003u + run, cen);
		total = lloyd(&x, k, cl->nfeat, o->max_iter, a, s, cen);

		if (total > best) {
			best = total;
			memcpy(assign, a, x.n * sizeof(*a));
			memcpy(sim, s, x.n * sizeof(*s));
			memcpy(cl->centroid, cen, cl->nfeat * k * sizeof(*cen));
		}
	}
	cl->size = tk_calloc(k, sizeof(*cl->size));
	for (d = 0; d < x.n; d++)
		cl->size[assign[d]]++;
	by_size(cl, assign, x.n);
	cl->terms = tk_calloc(k, sizeof(*cl->terms));
	name_clusters(cl, texts, assign, x.n);
	cl->feat = ts->feat;
	build_scorer(cl);
	spectral_release(&sp, &x);
	free(a);
	free(s);
	free(cen);
	free(x.start);
	free(x.col);
	free(x.val);
	return 0;
}

void tk_cluster_doc_init(struct tk_cluster_doc *d)
{
	memset(d, 0, sizeof(*d));
	tk_linear_doc_init(&d->lin);
}

void tk_cluster_doc_release(struct tk_cluster_doc *d)
{
	tk_linear_doc_release(&d->lin);
	free(d->score);
	tk_cluster_doc_init(d);
}

size_t tk_cluster_assign(const struct tk_clusters *cl, const struct tk_tokens *t, struct tk_cluster_doc *d,
			 double *sim)
{
	size_t i, c, best = 0;
	double sq = 0;

	if (d->nscore < cl->k) {
		free(d->score);
		d->score = tk_malloc(cl->k * sizeof(*d->score));
		d->nscore = cl->k;
	}
	tk_linear_scores(&cl->scorer, t, &d->lin, d->score);
	*sim = 0;
	/* The ticket's vector has a unit block or two: its length divides the scores into cosines. */
	for (i = 0; i < d->lin.n; i++)
		sq += (double)d->lin.val[i] * d->lin.val[i];
	if (!(sq > 0))
		return 0;
	for (c = 1; c < cl->k; c++)
		if (d->score[c] > d->score[best])
			best = c;
	*sim = d->score[best] / sqrt(sq);
	return best;
}

/* ---- files ---- */

#define MAGIC "ticketkit-clusters"
#define VERSION 1

int tk_clusters_save(const struct tk_clusters *cl, const char *path, struct tk_error *err)
{
	struct tk_buf b = TK_BUF_INIT;
	size_t i, c;
	int rc, first = 1;

	tk_buf_addf(&b, "{\"tokflags\":%u,\"words\":%u,\"char_min\":%u,\"char_max\":%u,\"k\":%zu,"
		       "\"ndocs\":%.17g,\"nword\":%zu,\"hash\":[",
		    cl->feat.tokflags, cl->feat.words, cl->feat.char_min, cl->feat.char_max, cl->k, cl->ndocs,
		    cl->nword);
	for (i = 0; i < cl->nfeat; i++)
		tk_buf_addf(&b, "%s%u", i ? "," : "", cl->hash[i]);
	tk_buf_adds(&b, "],\"idf\":[");
	for (i = 0; i < cl->nfeat; i++)
		tk_buf_addf(&b, "%s%.9g", i ? "," : "", cl->idf[i]);
	tk_buf_adds(&b, "],\"size\":[");
	for (c = 0; c < cl->k; c++)
		tk_buf_addf(&b, "%s%zu", c ? "," : "", cl->size[c]);
	tk_buf_adds(&b, "],\"terms\":[");
	for (c = 0; c < cl->k; c++) {
		tk_buf_adds(&b, c ? ",[" : "[");
		for (i = 0; i < TK_CLUSTER_TERMS && cl->terms[c][i]; i++) {
			if (i)
				tk_buf_addch(&b, ',');
			tk_json_escape(&b, cl->terms[c][i], strlen(cl->terms[c][i]));
		}
		tk_buf_addch(&b, ']');
	}
	/* the centroids, sparse: column, cluster, weight */
	tk_buf_adds(&b, "],\"centroid\":[");
	for (i = 0; i < cl->nfeat; i++)
		for (c = 0; c < cl->k; c++)
			if (cl->centroid[i * cl->k + c] != 0) {
				tk_buf_addf(&b, "%s%zu,%zu,%.9g", first ? "" : ",", i, c, cl->centroid[i * cl->k + c]);
				first = 0;
			}
	tk_buf_adds(&b, "]}");
	rc = tk_file_save_checked(path, MAGIC, VERSION, b.buf, b.len, err);
	tk_buf_release(&b);
	return rc;
}

static int bad(struct tk_error *err, const char *path, const char *what)
{
	tk_error_at(err, path, 0, "damaged clusters file: %s", what);
	return -1;
}

/* A stored weight as a float's value, or NaN when it is not a number a float holds. */
static double finite_or_nan(struct json_object *v)
{
	double x = json_object_get_double(v);

	if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
		return NAN;
	return isfinite(x) && fabs(x) <= FLT_MAX ? x : NAN;
}

/*
 * The centres are most of a clusters file: as JSON objects, one for each
 * number, a file of 25 MB took 1.5 s and 350 MB to load (bench-cluster's
 * start-up of -m).  tk_clusters_save() writes them last, as
 * ',"centroid":[column,cluster,weight,...]}', so they are cut off the body
 * here (which then ends before them) and read by read_centres().  Return
 * their text, or NULL when the body does not end that way or holds
 * anything but numbers there.
 */
static char *cut_centres(char *body)
{
	static const char key[] = ",\"centroid\":[";
	char *at = strstr(body, key), *nums;
	size_t n;

	if (!at)
		return NULL;
	nums = at + sizeof(key) - 1;
	n = strspn(nums, "0123456789+-.eE,");
	if (strcmp(nums + n, "]}") != 0)
		return NULL;
	nums[n] = '\0';
	at[0] = '}';
	at[1] = '\0';
	return nums;
}

/* Set cl's centres from s, "column,cluster,weight" triples joined by commas. */
static int read_centres(struct tk_clusters *cl, const char *s, const char *path, struct tk_error *err)
{
	cl->centroid = tk_calloc(cl->nfeat * cl->k + 1, sizeof(*cl->centroid));
	while (*s) {
		char *e;
		unsigned long long col, cc;
		double w;

		col = strtoull(s, &e, 10);
		if (e == s || *e != ',')
			return bad(err, path, "its centres are not triples of numbers");
		cc = strtoull(s = e + 1, &e, 10);
		if (e == s || *e != ',')
			return bad(err, path, "its centres are not triples of numbers");
		w = strtod(s = e + 1, &e);
		if (e == s || (*e && (*e != ',' || !e[1])))
			return bad(err, path, "its centres are not triples of numbers");
		s = *e ? e + 1 : e;
		if (col >= cl->nfeat || cc >= cl->k)
			return bad(err, path, "a centroid weight is out of range");
		if (!(isfinite(w) && fabs(w) <= FLT_MAX))
			return bad(err, path, "a centroid weight is not a number");
		cl->centroid[col * cl->k + cc] = (float)w;
	}
	return 0;
}

int tk_clusters_load(struct tk_clusters *cl, const char *path, struct tk_error *err)
{
	struct tk_buf b = TK_BUF_INIT;
	struct json_object *root = NULL, *v, *h, *idf, *size, *terms;
	char *body, *cen;
	size_t i, c;
	int rc = -1;

	if (tk_file_load_checked(path, MAGIC, VERSION, "tk-cluster", "clusters file", &b, &body, err) < 0)
		goto out;
	cen = cut_centres(body);
	root = cen ? json_tokener_parse(body) : NULL;
#define GET(name, type) (json_object_object_get_ex(root, name, &v) && json_object_is_type(v, type) ? v : NULL)
	if (!root || !GET("k", json_type_int) || !(h = GET("hash", json_type_array)) ||
	    !(idf = GET("idf", json_type_array)) || !(size = GET("size", json_type_array)) ||
	    !(terms = GET("terms", json_type_array)) || !GET("nword", json_type_int) || !GET("tokflags", json_type_int)) {
		bad(err, path, "a field is missing or of the wrong type");
		goto out;
	}
	cl->k = (size_t)json_object_get_int64(json_object_object_get(root, "k"));
	cl->nfeat = json_object_array_length(h);
	cl->nword = (size_t)json_object_get_int64(json_object_object_get(root, "nword"));
	cl->ndocs = json_object_get_double(json_object_object_get(root, "ndocs"));
	cl->feat.tokflags = (unsigned)json_object_get_int(json_object_object_get(root, "tokflags"));
	cl->feat.words = (unsigned)json_object_get_int(json_object_object_get(root, "words"));
	cl->feat.char_min = (unsigned)json_object_get_int(json_object_object_get(root, "char_min"));
	cl->feat.char_max = (unsigned)json_object_get_int(json_object_object_get(root, "char_max"));
	if (cl->feat.words > 8 || cl->feat.char_max > 16 || cl->feat.char_min > cl->feat.char_max ||
	    (cl->feat.char_max && !cl->feat.char_min) || cl->feat.tokflags >= 1u << 5 ||
	    !(cl->ndocs >= 0 && cl->ndocs < 1e15)) {
		bad(err, path, "its settings are out of range");
		cl->k = 0;
		goto out;
	}
	if (!cl->k || cl->k > TK_CLUSTER_MAX_K || cl->nword > cl->nfeat || json_object_array_length(idf) != cl->nfeat ||
	    json_object_array_length(size) != cl->k || json_object_array_length(terms) != cl->k) {
		bad(err, path, "its parts do not agree in size");
		cl->k = 0;
		goto out;
	}
	cl->hash = tk_malloc((cl->nfeat + 1) * sizeof(*cl->hash));
	cl->idf = tk_malloc((cl->nfeat + 1) * sizeof(*cl->idf));
	for (i = 0; i < cl->nfeat; i++) {
		cl->hash[i] = (uint32_t)json_object_get_int64(json_object_array_get_idx(h, i));
		cl->idf[i] = (float)finite_or_nan(json_object_array_get_idx(idf, i));
		if (!(cl->idf[i] >= 0)) {
			bad(err, path, "an idf is not a number from 0 up");
			goto out;
		}
	}
	cl->size = tk_calloc(cl->k, sizeof(*cl->size));
	cl->terms = tk_calloc(cl->k, sizeof(*cl->terms));
	for (c = 0; c < cl->k; c++) {
		struct json_object *t = json_object_array_get_idx(terms, c);

		cl->size[c] = (size_t)json_object_get_int64(json_object_array_get_idx(size, c));
		for (i = 0; json_object_is_type(t, json_type_array) && i < json_object_array_length(t) &&
			    i < TK_CLUSTER_TERMS;
		     i++)
			cl->terms[c][i] = tk_strdup(json_object_get_string(json_object_array_get_idx(t, i)));
	}
	if (read_centres(cl, cen, path, err) < 0)
		goto out;
	build_scorer(cl);
	rc = 0;
out:
	json_object_put(root);
	tk_buf_release(&b);
	if (rc < 0)
		tk_clusters_release(cl);
	return rc;
}

/* ---- merging ---- */

/* The df an idf was made from (tk_idf's inverse), at least 0. */
static double df_of(double ndocs, double idf)
{
	double df = (1 + ndocs) / exp(idf - 1) - 1;

	return df > 0 ? df : 0;
}

/* A merged column: its shard key, and the df summed over the shards. */
struct mcol {
	uint32_t hash;
	int word;
	double df;
};

static int cmp_mcol(const void *a, const void *b)
{
	const struct mcol *x = a, *y = b;

	if (x->word != y->word)
		return x->word ? -1 : 1; /* words first, as in a fitted set */
	if (x->df != y->df)
		return x->df > y->df ? -1 : 1;
	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

int tk_clusters_merge(struct tk_clusters *out, const struct tk_clusters *in, const char *const *paths, size_t n,
		      struct tk_error *err)
{
	struct tk_clusters u; /* the union's columns, for their lookup */
	struct mcol *col;
	size_t ncol = 0, alloc = 0, s, i, c, k = 0, at = 0, *order;
	double ndocs = 0;

	tk_clusters_init(out);
	for (s = 0; s < n; s++) {
		if (in[s].feat.tokflags != in[0].feat.tokflags || in[s].feat.words != in[0].feat.words ||
		    in[s].feat.char_min != in[0].feat.char_min || in[s].feat.char_max != in[0].feat.char_max) {
			tk_error_at(err, paths[s], 0, "fitted with other features than %s: clusters cannot be merged",
				    paths[0]);
			return -1;
		}
		k += in[s].k;
		ndocs += in[s].ndocs;
		alloc += in[s].nfeat;
	}
	if (k > TK_CLUSTER_MAX_K) {
		tk_error_at(err, paths[n - 1], 0, "%zu clusters in all: more than %d", k, TK_CLUSTER_MAX_K);
		return -1;
	}
	/* The union of the columns, found through a lookup table over the ones so far. */
	col = tk_malloc((alloc + 1) * sizeof(*col));
	tk_clusters_init(&u);
	u.hash = tk_malloc((alloc + 1) * sizeof(*u.hash));
	u.slotmask = 15;
	while (u.slotmask + 1 < 2 * alloc + 2)
		u.slotmask = 2 * u.slotmask + 1;
	u.slot = tk_malloc((u.slotmask + 1) * sizeof(*u.slot));
	for (i = 0; i <= u.slotmask; i++)
		u.slot[i] = UINT32_MAX;
	for (s = 0; s < n; s++)
		for (i = 0; i < in[s].nfeat; i++) {
			int word = i < in[s].nword;
			uint32_t h = in[s].hash[i], key = h * 2654435761u ^ (word ? 0x9e3779b9u : 0);
			size_t slot = key & u.slotmask;

			while (u.slot[slot] != UINT32_MAX &&
			       !(col[u.slot[slot]].hash == h && col[u.slot[slot]].word == word))
				slot = (slot + 1) & u.slotmask;
			if (u.slot[slot] == UINT32_MAX) {
				u.slot[slot] = (uint32_t)ncol;
				col[ncol].hash = h;
				col[ncol].word = word;
				col[ncol++].df = 0;
			}
			col[u.slot[slot]].df += df_of(in[s].ndocs, in[s].idf[i]);
		}
	tk_clusters_release(&u);
	/* The most common columns, words first, at most TK_CLUSTER_MAX_FEATURES of them. */
	qsort(col, ncol, sizeof(*col), cmp_mcol);
	if (ncol > TK_CLUSTER_MAX_FEATURES) {
		struct mcol *keep = tk_malloc(TK_CLUSTER_MAX_FEATURES * sizeof(*keep));
		size_t w = 0, take;
		double *dfs = tk_malloc(ncol * sizeof(*dfs)), cut;

		for (i = 0; i < ncol; i++)
			dfs[i] = col[i].df;
		qsort(dfs, ncol, sizeof(*dfs), cmp_desc_double);
		cut = dfs[TK_CLUSTER_MAX_FEATURES - 1];
		for (take = 0; take < TK_CLUSTER_MAX_FEATURES && dfs[take] > cut; take++)
			;
		take = TK_CLUSTER_MAX_FEATURES - take; /* columns of exactly the cut-off df still to keep */
		for (i = 0; i < ncol && w < TK_CLUSTER_MAX_FEATURES; i++)
			if (col[i].df > cut || (col[i].df == cut && take > 0)) {
				take -= col[i].df == cut;
				keep[w++] = col[i];
			}
		free(dfs);
		free(col);
		col = keep;
		ncol = w;
	}
	out->feat = in[0].feat;
	out->k = k;
	out->nfeat = ncol;
	out->ndocs = ndocs;
	out->hash = tk_malloc((ncol + 1) * sizeof(*out->hash));
	out->idf = tk_malloc((ncol + 1) * sizeof(*out->idf));
	for (i = 0; i < ncol; i++) {
		out->hash[i] = col[i].hash;
		out->idf[i] = (float)tk_idf(ndocs, col[i].df);
		out->nword += col[i].word;
	}
	free(col);
	build_lookup(out);
	/* The clusters, largest first (ties: in the order of the files). */
	order = tk_malloc(k * 2 * sizeof(*order));
	for (s = 0; s < n; s++)
		for (c = 0; c < in[s].k; c++, at++) {
			size_t j = at;

			for (; j > 0 && in[order[2 * (j - 1)]].size[order[2 * (j - 1) + 1]] < in[s].size[c]; j--) {
				order[2 * j] = order[2 * (j - 1)];
				order[2 * j + 1] = order[2 * (j - 1) + 1];
			}
			order[2 * j] = s;
			order[2 * j + 1] = c;
		}
	/* Each centre re-weighted by the merged idf over its shard's, and made a unit vector again. */
	out->centroid = tk_calloc(ncol * k + 1, sizeof(*out->centroid));
	out->size = tk_calloc(k, sizeof(*out->size));
	out->terms = tk_calloc(k, sizeof(*out->terms));
	for (c = 0; c < k; c++) {
		const struct tk_clusters *sh = &in[order[2 * c]];
		size_t sc = order[2 * c + 1];
		double norm = 0;

		out->size[c] = sh->size[sc];
		for (i = 0; i < TK_CLUSTER_TERMS && sh->terms[sc][i]; i++)
			out->terms[c][i] = tk_strdup(sh->terms[sc][i]);
		for (i = 0; i < sh->nfeat; i++) {
			float w = sh->centroid[i * sh->k + sc];
			uint32_t j;

			if (w == 0 || (j = lookup(out, sh->hash[i], i < sh->nword)) == UINT32_MAX)
				continue;
			w = sh->idf[i] > 0 ? (float)(w * out->idf[j] / sh->idf[i]) : 0;
			out->centroid[(size_t)j * k + c] = w;
			norm += (double)w * w;
		}
		norm = norm > 0 ? 1 / sqrt(norm) : 0;
		for (i = 0; i < ncol; i++)
			out->centroid[i * k + c] = (float)(out->centroid[i * k + c] * norm);
	}
	free(order);
	build_scorer(out);
	return 0;
}

/* ---- near duplicates ---- */

uint64_t tk_simhash(const struct tk_tokens *t)
{
	int acc[64] = { 0 };
	uint64_t sig = 0;
	size_t i, b, n = t->n;

	/* words and word pairs, each voting on every bit */
	for (i = 0; i < n; i++) {
		const char *s = t->text.buf + t->span[i].off;
		size_t len = i + 1 < n ? t->span[i + 1].off + t->span[i + 1].len - t->span[i].off : t->span[i].len;
		uint64_t h1 = (uint64_t)tk_hash32(s, t->span[i].len, 21) << 32 | tk_hash32(s, t->span[i].len, 22);
		uint64_t h2 = i + 1 < n ? (uint64_t)tk_hash32(s, len, 23) << 32 | tk_hash32(s, len, 24) : 0;

		for (b = 0; b < 64; b++) {
			acc[b] += (h1 >> b & 1) ? 1 : -1;
			if (i + 1 < n)
				acc[b] += (h2 >> b & 1) ? 1 : -1;
		}
	}
	for (b = 0; b < 64; b++)
		if (acc[b] > 0)
			sig |= (uint64_t)1 << b;
	return sig;
}

static uint32_t find(uint32_t *parent, uint32_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

static int popcount64(uint64_t x)
{
	int n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

/* A band's buckets: open addressing from the band's 16 bits to the last few tickets seen there. */
#define BAND_KEEP 32

size_t tk_dedup(const uint64_t *sig, size_t n, unsigned maxdist, uint32_t *group)
{
	size_t bands = maxdist + 1, width = 64 / bands, nb = (size_t)1 << width;
	uint32_t (*bucket)[BAND_KEEP] = tk_malloc(nb * sizeof(*bucket));
	unsigned char *count = tk_malloc(nb);
	size_t i, j, band, groups = 0;

	for (i = 0; i < n; i++)
		group[i] = (uint32_t)i;
	/* Two signatures within maxdist bits agree on at least one of maxdist + 1 bands. */
	for (band = 0; band < bands; band++) {
		memset(count, 0, nb);
		for (i = 0; i < n; i++) {
			unsigned v = (unsigned)(sig[i] >> (width * band) & (nb - 1));

			if (!sig[i]) /* no words: nothing to compare */
				continue;
			size_t m = count[v] < BAND_KEEP ? count[v] : BAND_KEEP;

			for (j = 0; j < m; j++) {
				uint32_t o = bucket[v][j];

				if (popcount64(sig[i] ^ sig[o]) <= (int)maxdist) {
					uint32_t a = find(group, (uint32_t)i), b = find(group, o);

					if (a != b)
						group[a > b ? a : b] = a < b ? a : b;
				}
			}
			/* keep the first BAND_KEEP / 2 and then the most recent ones */
			if (count[v] < BAND_KEEP) {
				bucket[v][count[v]++] = (uint32_t)i;
			} else {
				memmove(&bucket[v][BAND_KEEP / 2], &bucket[v][BAND_KEEP / 2 + 1],
					(BAND_KEEP / 2 - 1) * sizeof(uint32_t));
				bucket[v][BAND_KEEP - 1] = (uint32_t)i;
			}
		}
	}
	for (i = 0; i < n; i++) {
		group[i] = find(group, (uint32_t)i);
		groups += group[i] == i;
	}
	free(bucket);
	free(count);
	return groups;
}
