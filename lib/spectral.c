/*
 * Spectral embedding (see spectral.h).
 *
 * Matrices are dense and row-major: the n x b basis of the subspace
 * iteration keeps a row's b values side by side, so that multiplying by
 * the sparse graph adds whole rows, and orthonormalising (Cholesky QR)
 * reads each row once.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "spectral.h"
#include "vec.h"

#define ITERATIONS 12 /* of the subspace iteration */
#define DIFFUSION 6   /* each eigenvector is weighted by its eigenvalue to this power */

/* a[c] += v * w[c], the loop of both the graph products and the orthonormalisation (vec.h). */
TK_VECTORISE static void axpy(double *restrict a, const double *restrict w, double v, size_t n)
{
	size_t c;

	for (c = 0; c < n; c++)
		a[c] += v * w[c];
}

/*
 * Put (j, s) among row i's knn best in place of its worst, which s is
 * greater than; floor[i] becomes the new worst.
 */
static void offer(uint32_t *nb, float *w, float *floor, unsigned knn, size_t i, uint32_t j, float s)
{
	uint32_t *n = nb + i * knn;
	float *v = w + i * knn;
	unsigned t, worst = 0;

	for (t = 1; t < knn; t++)
		if (v[t] < v[worst])
			worst = t;
	v[worst] = s;
	n[worst] = j;
	for (t = 0, floor[i] = v[0]; t < knn; t++)
		if (v[t] < floor[i])
			floor[i] = v[t];
}

void tk_knn(const struct tk_rows *x, unsigned knn, uint32_t *nb, float *w)
{
	size_t *cstart = tk_calloc(x->ncol + 2, sizeof(*cstart)), *cursor, i, j, p, q;
	uint32_t *prow = tk_malloc((x->start[x->n] + 1) * sizeof(*prow));
	float *pval = tk_malloc((x->start[x->n] + 1) * sizeof(*pval)), *acc = tk_calloc(x->n + 1, sizeof(*acc));
	float *floor = tk_calloc(x->n + 1, sizeof(*floor));

	for (i = 0; i < x->n * knn; i++) {
		nb[i] = UINT32_MAX;
		w[i] = 0;
	}
	/* Each column's rows, in row order. */
	for (p = 0; p < x->start[x->n]; p++)
		cstart[x->col[p] + 2]++;
	for (p = 2; p <= x->ncol + 1; p++)
		cstart[p] += cstart[p - 1];
	for (i = 0; i < x->n; i++)
		for (p = x->start[i]; p < x->start[i + 1]; p++) {
			q = cstart[x->col[p] + 1]++;
			prow[q] = (uint32_t)i;
			pval[q] = x->val[p];
		}
	/*
	 * Row i meets only the rows after it: each column's cursor stands on
	 * row i's own entry, since the rows before have moved it along.
	 */
	cursor = tk_malloc((x->ncol + 1) * sizeof(*cursor));
	memcpy(cursor, cstart, x->ncol * sizeof(*cursor));
	for (i = 0; i < x->n; i++) {
		for (p = x->start[i]; p < x->start[i + 1]; p++) {
			size_t c = x->col[p], end = cstart[c + 1];
			float v = x->val[p];

			for (q = cursor[c]++ + 1; q < end; q++)
				acc[prow[q]] += v * pval[q];
		}
		for (j = i + 1; j < x->n; j++)
			if (acc[j] > 0) {
				if (acc[j] > floor[i])
					offer(nb, w, floor, knn, i, (uint32_t)j, acc[j]);
				if (acc[j] > floor[j])
					offer(nb, w, floor, knn, j, (uint32_t)i, acc[j]);
				acc[j] = 0;
			}
	}
	free(cstart);
	free(cursor);
	free(floor);
	free(prow);
	free(pval);
	free(acc);
}

/* The graph: row i's edges are col/w[start[i] .. start[i + 1]), w normalised by the degrees. */
struct graph {
	size_t *start;
	uint32_t *col;
	double *w;
};

struct edge {
	uint32_t i, j;
	float w;
};

static int cmp_edge(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

static void build_graph(const uint32_t *nb, const float *w, size_t n, unsigned knn, struct graph *g)
{
	struct edge *e = tk_malloc((2 * n * knn + 1) * sizeof(*e));
	double *deg = tk_calloc(n + 1, sizeof(*deg));
	size_t i, ne = 0, m = 0, t;

	for (i = 0; i < n * knn; i++)
		if (nb[i] != UINT32_MAX) {
			e[ne++] = (struct edge){ (uint32_t)(i / knn), nb[i], w[i] };
			e[ne++] = (struct edge){ nb[i], (uint32_t)(i / knn), w[i] };
		}
	qsort(e, ne, sizeof(*e), cmp_edge);
	g->start = tk_calloc(n + 1, sizeof(*g->start));
	g->col = tk_malloc((ne + 1) * sizeof(*g->col));
	g->w = tk_malloc((ne + 1) * sizeof(*g->w));
	/* a pair that is a neighbour both ways is one edge */
	for (t = 0; t < ne; t++) {
		if (t && e[t].i == e[t - 1].i && e[t].j == e[t - 1].j)
			continue;
		g->col[m] = e[t].j;
		g->w[m++] = e[t].w;
		g->start[e[t].i + 1] = m;
		deg[e[t].i] += e[t].w;
	}
	for (i = 1; i <= n; i++)
		if (g->start[i] < g->start[i - 1])
			g->start[i] = g->start[i - 1];
	for (i = 0; i < n; i++)
		deg[i] = deg[i] > 0 ? 1 / sqrt(deg[i]) : 0;
	for (i = 0; i < n; i++)
		for (t = g->start[i]; t < g->start[i + 1]; t++)
			g->w[t] *= deg[i] * deg[g->col[t]];
	free(e);
	free(deg);
}

/* y = (A x + shift x) / (1 + shift), x and y n x b. */
static void product(const struct graph *g, size_t n, size_t b, double shift, const double *x, double *y)
{
	size_t i, t;

	for (i = 0; i < n; i++) {
		double *r = y + i * b;

		memset(r, 0, b * sizeof(*r));
		axpy(r, x + i * b, shift / (1 + shift), b);
		for (t = g->start[i]; t < g->start[i + 1]; t++)
			axpy(r, x + (size_t)g->col[t] * b, g->w[t] / (1 + shift), b);
	}
}

static uint64_t next_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * Make the columns of x (n x b) orthonormal: Cholesky QR, G = x'x = R'R
 * and x := x R^-1.  A column that depends on the ones before it is
 * replaced by random values and the whole done again.
 */
static void orthonormalise(double *x, size_t n, size_t b, uint64_t *rng)
{
	double *g = tk_malloc((b * b + 1) * sizeof(*g)), *r;
	size_t i, c, d, t, bad;
	int pass;

	for (pass = 0; pass < 8; pass++) {
		memset(g, 0, b * b * sizeof(*g));
		for (i = 0; i < n; i++) {
			const double *row = x + i * b;

			for (c = 0; c < b; c++)
				axpy(g + c * b + c, row + c, row[c], b - c);
		}
		/* In place, g's upper triangle becomes R. */
		for (c = 0, bad = b; c < b && bad == b; c++) {
			double s = g[c * b + c];

			for (t = 0; t < c; t++)
				s -= g[t * b + c] * g[t * b + c];
			if (!(s > 1e-10 * (g[c * b + c] > 0 ? g[c * b + c] : 1))) {
				bad = c;
				break;
			}
			g[c * b + c] = sqrt(s);
			for (d = c + 1; d < b; d++) {
				double v = g[c * b + d];

				for (t = 0; t < c; t++)
					v -= g[t * b + c] * g[t * b + d];
				g[c * b + d] = v / g[c * b + c];
			}
		}
		if (bad < b) {
			for (i = 0; i < n; i++)
				x[i * b + bad] = (double)(next_rand(rng) >> 11) / 9007199254740992.0 - 0.5;
			continue;
		}
		/* Each row solves row R = old row, left to right. */
		r = g;
		for (i = 0; i < n; i++) {
			double *row = x + i * b;

			for (c = 0; c < b; c++) {
				row[c] /= r[c * b + c];
				if (c + 1 < b)
					axpy(row + c + 1, r + c * b + c + 1, -row[c], b - c - 1);
			}
		}
		break;
	}
	free(g);
}

/* Eigenvalues (into e) and eigenvectors (columns of v) of the symmetric b x b matrix a, by cyclic Jacobi. */
static void jacobi(double *a, size_t b, double *e, double *v)
{
	size_t p, q, k, sweep;

	for (p = 0; p < b; p++)
		for (q = 0; q < b; q++)
			v[p * b + q] = p == q;
	for (sweep = 0; sweep < 50; sweep++) {
		double off = 0;

		for (p = 0; p < b; p++)
			for (q = p + 1; q < b; q++)
				off += a[p * b + q] * a[p * b + q];
		if (off < 1e-22)
			break;
		for (p = 0; p < b; p++)
			for (q = p + 1; q < b; q++) {
				double apq = a[p * b + q], theta, t, c, s;

				if (fabs(apq) < 1e-300)
					continue;
				theta = (a[q * b + q] - a[p * b + p]) / (2 * apq);
				t = (theta >= 0 ? 1 : -1) / (fabs(theta) + sqrt(theta * theta + 1));
				c = 1 / sqrt(t * t + 1);
				s = t * c;
				for (k = 0; k < b; k++) {
					double akp = a[k * b + p], akq = a[k * b + q];

					a[k * b + p] = c * akp - s * akq;
					a[k * b + q] = s * akp + c * akq;
				}
				for (k = 0; k < b; k++) {
					double apk = a[p * b + k], aqk = a[q * b + k];

					a[p * b + k] = c * apk - s * aqk;
					a[q * b + k] = s * apk + c * aqk;
				}
				for (k = 0; k < b; k++) {
					double vkp = v[k * b + p], vkq = v[k * b + q];

					v[k * b + p] = c * vkp - s * vkq;
					v[k * b + q] = s * vkp + c * vkq;
				}
			}
	}
	for (p = 0; p < b; p++)
		e[p] = a[p * b + p];
}

float *tk_spectral_embed(const struct tk_rows *x, size_t dim, unsigned knn, uint64_t seed)
{
	size_t n = x->n, b = dim + TK_SPECTRAL_EXTRA, i, c, d, it, *order;
	uint32_t *nb;
	float *w, *out;
	double *q, *y, *h, *e, *v;
	struct graph g;
	uint64_t rng = seed;

	if (!dim || b > n)
		return NULL;
	nb = tk_malloc((n * knn + 1) * sizeof(*nb));
	w = tk_malloc((n * knn + 1) * sizeof(*w));
	tk_knn(x, knn, nb, w);
	build_graph(nb, w, n, knn, &g);
	free(nb);
	free(w);
	/*
	 * Subspace iteration with (A + I) / 2, whose eigenvalues are those of
	 * A moved into 0..1 in the same order: the basis turns towards the
	 * eigenvectors of the largest.
	 */
	q = tk_malloc((n * b + 1) * sizeof(*q));
	y = tk_malloc((n * b + 1) * sizeof(*y));
	for (i = 0; i < n * b; i++)
		q[i] = (double)(next_rand(&rng) >> 11) / 9007199254740992.0 - 0.5;
	orthonormalise(q, n, b, &rng);
	for (it = 0; it < ITERATIONS; it++) {
		double *t;

		product(&g, n, b, 1, q, y);
		t = q;
		q = y;
		y = t;
		orthonormalise(q, n, b, &rng);
	}
	/* Rayleigh-Ritz: the eigenvectors of q'Aq turn q into A's. */
	product(&g, n, b, 0, q, y);
	h = tk_calloc(b * b + 1, sizeof(*h));
	e = tk_malloc((b + 1) * sizeof(*e));
	v = tk_malloc((b * b + 1) * sizeof(*v));
	for (i = 0; i < n; i++)
		for (c = 0; c < b; c++)
			axpy(h + c * b, y + i * b, q[i * b + c], b);
	for (c = 0; c < b; c++)
		for (d = c + 1; d < b; d++)
			h[c * b + d] = h[d * b + c] = (h[c * b + d] + h[d * b + c]) / 2;
	jacobi(h, b, e, v);
	order = tk_malloc((b + 1) * sizeof(*order));
	for (c = 0; c < b; c++)
		order[c] = c;
	/* the dim largest eigenvalues, by a selection sort (b is small) */
	for (c = 0; c < dim; c++)
		for (d = c + 1; d < b; d++)
			if (e[order[d]] > e[order[c]]) {
				size_t t = order[c];

				order[c] = order[d];
				order[d] = t;
			}
	out = tk_malloc((n * dim + 1) * sizeof(*out));
	for (i = 0; i < n; i++) {
		double norm = 0;

		for (c = 0; c < dim; c++) {
			double s = 0;

			for (d = 0; d < b; d++)
				s += q[i * b + d] * v[d * b + order[c]];
			s *= pow(e[order[c]] > 0 ? e[order[c]] : 0, DIFFUSION);
			y[c] = s;
			norm += s * s;
		}
		norm = norm > 0 ? 1 / sqrt(norm) : 0;
		for (c = 0; c < dim; c++)
			out[i * dim + c] = (float)(y[c] * norm);
	}
	free(q);
	free(y);
	free(h);
	free(e);
	free(v);
	free(order);
	free(g.start);
	free(g.col);
	free(g.w);
	return out;
}
