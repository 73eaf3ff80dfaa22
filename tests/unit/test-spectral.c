/*
 * Unit tests for lib/spectral.c: the nearest neighbours are those a
 * comparison of every pair finds, and the embedding puts rows of one group
 * together and rows of different groups apart; and tk_cluster_fit, seeded
 * by it, finds four topics of twelve tickets each.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "spectral.h"
#include "tap.h"

#define N 60
#define COLS 40
#define PER 8 /* non-zeros per row */
#define KNN 5

static uint64_t rng = 42;

static uint32_t draw(uint32_t n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((rng >> 33) % n);
}

/* Row i's similarity to row j, by a merge of their sorted columns. */
static float dot(const struct tk_rows *x, size_t i, size_t j)
{
	size_t p = x->start[i], q = x->start[j];
	float s = 0;

	while (p < x->start[i + 1] && q < x->start[j + 1]) {
		if (x->col[p] == x->col[q])
			s += x->val[p++] * x->val[q++];
		else if (x->col[p] < x->col[q])
			p++;
		else
			q++;
	}
	return s;
}

/*
 * N rows of PER distinct columns each, unit length; with groups, row i
 * draws its columns from the COLS / groups of group i % groups.
 */
static void make_rows(struct tk_rows *x, size_t *start, uint32_t *col, float *val, unsigned groups)
{
	size_t i, t, u;
	uint32_t width = COLS / groups;

	for (i = 0; i < N; i++) {
		start[i] = i * PER;
		for (t = 0; t < PER; t++) {
			uint32_t c;
			int again;

			do {
				c = (uint32_t)(i % groups) * width + draw(width);
				for (u = 0, again = 0; u < t; u++)
					again |= col[i * PER + u] == c;
			} while (again);
			/* sorted, as the tickets' rows are */
			for (u = t; u > 0 && col[i * PER + u - 1] > c; u--) {
				col[i * PER + u] = col[i * PER + u - 1];
				val[i * PER + u] = val[i * PER + u - 1];
			}
			col[i * PER + u] = c;
			val[i * PER + u] = (float)(1 + draw(4));
		}
		{
			float norm = 0;

			for (t = 0; t < PER; t++)
				norm += val[i * PER + t] * val[i * PER + t];
			for (t = 0; t < PER; t++)
				val[i * PER + t] /= sqrtf(norm);
		}
	}
	start[N] = N * PER;
	*x = (struct tk_rows){ N, COLS, start, col, val };
}

static void neighbours(void)
{
	static size_t start[N + 1];
	static uint32_t col[N * PER], nb[N * KNN];
	static float val[N * PER], w[N * KNN];
	struct tk_rows x;
	size_t i, j, t, wrong = 0;

	make_rows(&x, start, col, val, 1);
	tk_knn(&x, KNN, nb, w);
	for (i = 0; i < N; i++) {
		float least = 2;

		for (t = 0; t < KNN; t++) {
			if (nb[i * KNN + t] == UINT32_MAX || nb[i * KNN + t] == i ||
			    fabsf(dot(&x, i, nb[i * KNN + t]) - w[i * KNN + t]) > 1e-5f)
				wrong++;
			else if (w[i * KNN + t] < least)
				least = w[i * KNN + t];
		}
		/* no row left out is more similar than the least of those kept */
		for (j = 0; j < N; j++) {
			int kept = 0;

			for (t = 0; t < KNN; t++)
				kept |= nb[i * KNN + t] == j;
			if (j != i && !kept && dot(&x, i, j) > least + 1e-5f)
				wrong++;
		}
	}
	TAP_INT(wrong, 0, "each row's %d nearest are those a comparison of every pair finds", KNN);
}

static void embedding(void)
{
	static size_t start[N + 1];
	static uint32_t col[N * PER];
	static float val[N * PER];
	struct tk_rows x;
	float *e, within = 1, across = -1;
	size_t i, j, c;

	make_rows(&x, start, col, val, 3);
	TAP_OK(tk_spectral_embed(&x, 51, KNN, 1) == NULL, "no embedding with fewer than dim + 10 rows");
	e = tk_spectral_embed(&x, 3, KNN, 1);
	TAP_OK(e != NULL, "an embedding of 60 rows in 3 dimensions");
	if (!e)
		return;
	for (i = 0; i < N; i++)
		for (j = i + 1; j < N; j++) {
			float s = 0;

			for (c = 0; c < 3; c++)
				s += e[i * 3 + c] * e[j * 3 + c];
			if (i % 3 == j % 3 && s < within)
				within = s;
			if (i % 3 != j % 3 && s > across)
				across = s;
		}
	TAP_OK(within > 0.99f, "rows of one group share a direction (least cosine %.4f)", (double)within);
	TAP_OK(across < 0.1f, "rows of different groups are apart (greatest cosine %.4f)", (double)across);
	free(e);
}

/* Four topics of twelve tickets, each ticket three of its topic's words: k = 4 is seeded spectrally. */
static void topics(void)
{
	static const char *const words[4][6] = {
		{ "charged", "twice", "refund", "card", "payment", "invoice" },
		{ "password", "reset", "locked", "login", "email", "link" },
		{ "parcel", "tracking", "delivered", "order", "courier", "late" },
		{ "crash", "app", "freezes", "update", "screen", "android" },
	};
	static char text[48][64];
	const char *texts[48];
	uint32_t assign[48];
	float sim[48];
	struct tk_trainopts to;
	struct tk_trainset ts;
	struct tk_cluster_opts o;
	struct tk_clusters cl;
	struct tk_tokenizer tz = { 0, NULL };
	struct tk_tokens t;
	struct tk_error err;
	size_t i, apart = 0;

	tk_trainopts_init(&to);
	tk_trainset_init(&ts, &to.feat);
	tk_tokens_init(&t);
	for (i = 0; i < 48; i++) {
		const char *const *w = words[i % 4];

		snprintf(text[i], sizeof(text[i]), "%s %s %s", w[i % 6], w[(i / 4 + 1) % 6], w[(i / 8 + 3) % 6]);
		texts[i] = text[i];
		tk_tokens_reset(&t);
		tk_tokenize(&tz, text[i], strlen(text[i]), &t);
		tk_trainset_add(&ts, "", 0, &t, 0);
	}
	tk_cluster_opts_init(&o);
	o.k = 4;
	tk_clusters_init(&cl);
	TAP_INT(tk_cluster_fit(&cl, &ts, texts, &o, assign, sim, &err), 0, "48 tickets of four topics fit with k 4");
	for (i = 0; i < 48; i++)
		apart += assign[i] != assign[i % 4];
	TAP_INT(apart, 0, "each topic is one cluster");
	TAP_OK(assign[0] != assign[1] && assign[0] != assign[2] && assign[0] != assign[3] &&
		       assign[1] != assign[2] && assign[1] != assign[3] && assign[2] != assign[3],
	       "of its own");
	tk_clusters_release(&cl);
	tk_trainset_release(&ts);
	tk_tokens_release(&t);
}

int main(void)
{
	neighbours();
	embedding();
	topics();
	return tap_done();
}
