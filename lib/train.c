/*
 * Training the linear classifier of linear.h: collecting labelled tickets
 * as feature counts, choosing the features, TF-IDF, one squared-hinge SVM
 * per label by dual coordinate descent (Hsieh et al. 2008, the method of
 * liblinear's default solver, with its shrinking), and calibration on
 * held-out tickets.
 *
 * Labels are independent problems, so they are trained on o->jobs threads;
 * each has its own random stream (seed, label), so the model is the same
 * whatever the number of threads.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "linear.h"

void tk_trainset_init(struct tk_trainset *ts, const struct tk_featcfg *feat)
{
	memset(ts, 0, sizeof(*ts));
	ts->feat = *feat;
	tk_wordset_init(&ts->labels);
	tk_featvec_init(&ts->words);
	tk_featvec_init(&ts->chars);
	ts->start = tk_calloc(1, sizeof(*ts->start));
}

void tk_trainset_release(struct tk_trainset *ts)
{
	size_t i;

	free(ts->label);
	free(ts->start);
	free(ts->ent);
	free(ts->cnt);
	free(ts->hash);
	free(ts->df);
	free(ts->isword);
	free(ts->slot);
	free(ts->stamp);
	free(ts->pos);
	free(ts->heldout);
	tk_wordset_release(&ts->labels);
	for (i = 0; i < ts->nlabel; i++)
		free(ts->label_name[i]);
	free(ts->label_name);
	tk_featvec_release(&ts->words);
	tk_featvec_release(&ts->chars);
	memset(ts, 0, sizeof(*ts));
}

static void grow_slots(struct tk_trainset *ts)
{
	size_t size = ts->slotmask ? 2 * (ts->slotmask + 1) : 1024, i, j;

	free(ts->slot);
	ts->slot = tk_calloc(size, 2 * sizeof(*ts->slot));
	ts->slotmask = size - 1;
	for (i = 0; i < ts->nent; i++) {
		for (j = ts->hash[i] & ts->slotmask; ts->slot[2 * j + 1]; j = (j + 1) & ts->slotmask)
			;
		ts->slot[2 * j] = ts->hash[i];
		ts->slot[2 * j + 1] = (uint32_t)i + 1;
	}
}

/* The entry of feature key, added when new. */
static uint32_t entry(struct tk_trainset *ts, uint32_t key, int isword)
{
	size_t j;

	if (2 * (ts->nent + 1) > ts->slotmask + 1)
		grow_slots(ts);
	for (j = key & ts->slotmask; ts->slot[2 * j + 1]; j = (j + 1) & ts->slotmask)
		if (ts->slot[2 * j] == key)
			return ts->slot[2 * j + 1] - 1;
	if (ts->nent == ts->entalloc) {
		ts->entalloc = ts->entalloc ? 2 * ts->entalloc : 4096;
		ts->hash = tk_realloc(ts->hash, ts->entalloc * sizeof(*ts->hash));
		ts->df = tk_realloc(ts->df, ts->entalloc * sizeof(*ts->df));
		ts->isword = tk_realloc(ts->isword, ts->entalloc * sizeof(*ts->isword));
		ts->stamp = tk_realloc(ts->stamp, ts->entalloc * sizeof(*ts->stamp));
		ts->pos = tk_realloc(ts->pos, ts->entalloc * sizeof(*ts->pos));
	}
	ts->hash[ts->nent] = key;
	ts->df[ts->nent] = 0;
	ts->isword[ts->nent] = (unsigned char)isword;
	ts->stamp[ts->nent] = 0;
	ts->slot[2 * j] = key;
	ts->slot[2 * j + 1] = (uint32_t)++ts->nent;
	return (uint32_t)(ts->nent - 1);
}

static uint32_t label_of(struct tk_trainset *ts, const char *name, size_t len)
{
	int v;

	if (tk_wordset_get(&ts->labels, name, len, &v))
		return (uint32_t)v;
	if (ts->nlabel == ts->labelalloc) {
		ts->labelalloc = ts->labelalloc ? 2 * ts->labelalloc : 16;
		ts->label_name = tk_realloc(ts->label_name, ts->labelalloc * sizeof(*ts->label_name));
	}
	ts->label_name[ts->nlabel] = tk_strndup(name, len);
	tk_wordset_put(&ts->labels, name, len, (int)ts->nlabel);
	return (uint32_t)ts->nlabel++;
}

static void add_feats(struct tk_trainset *ts, const struct tk_featvec *v, int isword, int heldout)
{
	uint32_t doc = (uint32_t)ts->ndoc + 1;
	size_t i, base = ts->start[ts->ndoc];

	for (i = 0; i < v->n; i++) {
		uint32_t e = entry(ts, v->id[i], isword);

		if (ts->stamp[e] == doc) {
			ts->cnt[base + ts->pos[e]]++;
			continue;
		}
		if (ts->nnz == ts->nnzalloc) {
			ts->nnzalloc = ts->nnzalloc ? 2 * ts->nnzalloc : 65536;
			ts->ent = tk_realloc(ts->ent, ts->nnzalloc * sizeof(*ts->ent));
			ts->cnt = tk_realloc(ts->cnt, ts->nnzalloc * sizeof(*ts->cnt));
		}
		ts->stamp[e] = doc;
		ts->pos[e] = (uint32_t)(ts->nnz - base);
		ts->ent[ts->nnz] = e;
		ts->cnt[ts->nnz++] = 1;
		if (!heldout)
			ts->df[e]++;
	}
}

void tk_trainset_add(struct tk_trainset *ts, const char *name, size_t len, const struct tk_tokens *t,
		     int heldout)
{
	if (ts->ndoc == ts->docalloc) {
		ts->docalloc = ts->docalloc ? 2 * ts->docalloc : 1024;
		ts->label = tk_realloc(ts->label, ts->docalloc * sizeof(*ts->label));
		ts->heldout = tk_realloc(ts->heldout, ts->docalloc * sizeof(*ts->heldout));
		ts->start = tk_realloc(ts->start, (ts->docalloc + 1) * sizeof(*ts->start));
	}
	ts->label[ts->ndoc] = label_of(ts, name, len);
	ts->heldout[ts->ndoc] = (unsigned char)(heldout != 0);
	ts->nheldout += heldout != 0;
	tk_featcfg_hash(&ts->feat, t, &ts->words, &ts->chars);
	add_feats(ts, &ts->words, 1, heldout);
	add_feats(ts, &ts->chars, 0, heldout);
	ts->start[++ts->ndoc] = ts->nnz;
}

void tk_trainset_from(struct tk_trainset *ts, const struct tk_linear *base)
{
	size_t i;

	tk_trainset_init(ts, &base->feat);
	for (i = 0; i < base->nlabel; i++)
		label_of(ts, base->label[i], strlen(base->label[i]));
	for (i = 0; i < base->nfeat; i++) {
		uint32_t e = entry(ts, base->hash[i], i < base->nword);

		ts->df[e] = base->df[i];
	}
}

/* The training data as TF-IDF vectors, and what every label's solver shares. */
struct job {
	const struct tk_trainset *ts;
	const struct tk_linear *base;
	const struct tk_trainopts *o;
	size_t nfeat, nlabel;
	size_t *xstart;        /* per document, into xcol/xval */
	uint32_t *xcol;
	float *xval;
	double *xsq;           /* |x|^2 + 1 / bias_anchor (the bias feature) */
	unsigned char *role;   /* ROLE_* per document */
	uint32_t *basecol;     /* per column: base's column, or UINT32_MAX */
	size_t *count;         /* training tickets per label */
	size_t ntrain, nlabels_present;
	double cost;           /* C, times the update weight when updating */
	double bias_anchor;    /* how much harder the bias is held to base's than a weight */
	size_t *valdoc, nval;  /* held-out documents, in order */
	double *vscore;        /* nval x nlabel */
	float *wt;             /* nlabel x (nfeat + 1): weights then bias */
	pthread_mutex_t lock;
	size_t next, done;
};

enum { ROLE_TRAIN, ROLE_SPLIT, ROLE_HELDOUT };

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* w . x for a sparse x; four sums, so that the additions need not wait on each other. */
static float dot(const float *w, const uint32_t *col, const float *val, size_t n)
{
	float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	size_t i;

	for (i = 0; i + 4 <= n; i += 4) {
		s0 += w[col[i]] * val[i];
		s1 += w[col[i + 1]] * val[i + 1];
		s2 += w[col[i + 2]] * val[i + 2];
		s3 += w[col[i + 3]] * val[i + 3];
	}
	for (; i < n; i++)
		s0 += w[col[i]] * val[i];
	return (s0 + s1) + (s2 + s3);
}

/*
 * Dual coordinate descent for min_w,b 1/2 |w - w0|^2 + A/2 (b - b0)^2 +
 * sum_i C_i max(0, 1 - y_i (w.x_i + b))^2 over the documents doc[0 .. n),
 * from the w, b and alpha given (w = w0 + sum alpha_i y_i x_i and b = b0 +
 * sum alpha_i y_i / A must hold on entry; A is j->bias_anchor).
 * liblinear's solve_l2r_l1l2_svc with its shrinking, for the squared hinge.
 */
static void dcd(const struct job *j, uint32_t label, float *w, double *alpha, size_t *doc, size_t n,
		double cp, double cn, uint64_t *rng)
{
	const uint32_t *y = j->ts->label;
	double dp = 0.5 / cp, dn = 0.5 / cn, pgmax_old = HUGE_VAL;
	size_t active = n, s, iter, bias = j->nfeat;

	for (iter = 0; iter < j->o->max_iter; iter++) {
		double pgmax = -HUGE_VAL, pgmin = HUGE_VAL;

		for (s = 0; s < active; s++) {
			size_t r = s + (size_t)(((splitmix(rng) >> 32) * (uint64_t)(active - s)) >> 32),
			       t = doc[s];

			doc[s] = doc[r];
			doc[r] = t;
		}
		for (s = 0; s < active; s++) {
			size_t i = doc[s], a = j->xstart[i], len = j->xstart[i + 1] - a, k;
			double yi = y[i] == label ? 1 : -1, d = yi > 0 ? dp : dn;
			double g = yi * (dot(w, j->xcol + a, j->xval + a, len) + w[bias]) - 1 + alpha[i] * d;
			double pg = 0, old, step;

			if (alpha[i] == 0) {
				if (g > pgmax_old) {
					active--;
					doc[s] = doc[active];
					doc[active] = i;
					s--;
					continue;
				}
				if (g < 0)
					pg = g;
			} else {
				pg = g;
			}
			if (pg > pgmax)
				pgmax = pg;
			if (pg < pgmin)
				pgmin = pg;
			if (fabs(pg) <= 1e-12)
				continue;
			old = alpha[i];
			alpha[i] = old - g / (j->xsq[i] + d);
			if (alpha[i] < 0)
				alpha[i] = 0;
			step = (alpha[i] - old) * yi;
			for (k = 0; k < len; k++)
				w[j->xcol[a + k]] += (float)step * j->xval[a + k];
			w[bias] += (float)(step / j->bias_anchor);
		}
		if (pgmax - pgmin <= j->o->eps) {
			if (active == n)
				break;
			active = n;
			pgmax_old = HUGE_VAL;
			continue;
		}
		/* alpha has no upper bound with the squared hinge: only the lower one shrinks. */
		pgmax_old = pgmax <= 0 ? HUGE_VAL : pgmax;
	}
}

static void train_label(struct job *j, size_t c, float *w, double *alpha, size_t *doc)
{
	const struct tk_trainset *ts = j->ts;
	size_t i, n = 0, f;
	uint64_t rng = j->o->seed * 0x9e3779b97f4a7c15u + c;
	double cp = j->cost, cn = j->cost;

	if (j->o->balanced && j->count[c])
		cp *= (double)j->ntrain / ((double)j->nlabels_present * (double)j->count[c]);
	/* Start from the base model's weights: an update stays close to them. */
	for (f = 0; f < j->nfeat; f++)
		w[f] = j->basecol && j->basecol[f] != UINT32_MAX && c < j->base->nlabel
			       ? tk_linear_weight(j->base, j->basecol[f], c)
			       : 0;
	/*
	 * A label new in an update starts from the old labels' mean bias: every
	 * ticket the model saw before was not about it, and the few new ones
	 * must not make it the answer to everything.
	 */
	w[j->nfeat] = 0;
	if (j->base && c < j->base->nlabel)
		w[j->nfeat] = j->base->bias[c];
	else if (j->base)
		for (f = 0; f < j->base->nlabel; f++)
			w[j->nfeat] += j->base->bias[f] / (float)j->base->nlabel;
	memset(alpha, 0, ts->ndoc * sizeof(*alpha));

	for (i = 0; i < ts->ndoc; i++)
		if (j->role[i] == ROLE_TRAIN)
			doc[n++] = i;
	dcd(j, (uint32_t)c, w, alpha, doc, n, cp, cn, &rng);
	for (i = 0; i < j->nval; i++) {
		size_t d = j->valdoc[i], a = j->xstart[d];

		j->vscore[i * j->nlabel + c] =
			dot(w, j->xcol + a, j->xval + a, j->xstart[d + 1] - a) + w[j->nfeat];
	}
	/* Then on the tickets held out from the training data too, from where it stands. */
	for (n = 0, i = 0; i < ts->ndoc; i++)
		if (j->role[i] != ROLE_HELDOUT)
			doc[n++] = i;
	if (n > 0 && j->nval && j->role[j->valdoc[0]] == ROLE_SPLIT)
		dcd(j, (uint32_t)c, w, alpha, doc, n, cp, cn, &rng);
	for (f = 0; f <= j->nfeat; f++)
		j->wt[c * (j->nfeat + 1) + f] = w[f];
}

static void *worker(void *arg)
{
	struct job *j = arg;
	float *w = tk_malloc((j->nfeat + 1) * sizeof(*w));
	double *alpha = tk_malloc((j->ts->ndoc + 1) * sizeof(*alpha));
	size_t *doc = tk_malloc((j->ts->ndoc + 1) * sizeof(*doc));

	for (;;) {
		size_t c;

		pthread_mutex_lock(&j->lock);
		c = j->next++;
		pthread_mutex_unlock(&j->lock);
		if (c >= j->nlabel)
			break;
		train_label(j, c, w, alpha, doc);
		pthread_mutex_lock(&j->lock);
		j->done++;
		if (j->o->progress)
			j->o->progress(j->o->progress_ctx, "training", j->done, j->nlabel);
		pthread_mutex_unlock(&j->lock);
	}
	free(w);
	free(alpha);
	free(doc);
	return NULL;
}

/* The columns: kept word entries, then kept character entries; each doc as TF-IDF. */
static void vectorize(struct job *j, struct tk_linear *m, const struct tk_linear *base)
{
	const struct tk_trainset *ts = j->ts;
	uint32_t *colof = tk_malloc((ts->nent + 1) * sizeof(*colof)), *cnt = NULL;
	size_t e, pass, d, nnz = 0, alloc = 0;

	m->nfeat = 0;
	for (pass = 0; pass < 2; pass++) {
		for (e = 0; e < ts->nent; e++) {
			if (ts->isword[e] != (pass == 0))
				continue;
			/* Every word n-gram a training ticket has; character n-grams when common enough. */
			if ((base && e < base->nfeat) || ts->df[e] >= (pass == 0 ? 1 : m->min_count))
				colof[e] = (uint32_t)m->nfeat++;
			else
				colof[e] = UINT32_MAX;
		}
		if (pass == 0)
			m->nword = m->nfeat;
	}
	m->hash = tk_malloc((m->nfeat + 1) * sizeof(*m->hash));
	m->df = tk_malloc((m->nfeat + 1) * sizeof(*m->df));
	if (base)
		j->basecol = tk_malloc((m->nfeat + 1) * sizeof(*j->basecol));
	for (e = 0; e < ts->nent; e++) {
		if (colof[e] == UINT32_MAX)
			continue;
		m->hash[colof[e]] = ts->hash[e];
		m->df[colof[e]] = ts->df[e];
		if (base)
			j->basecol[colof[e]] = e < base->nfeat ? (uint32_t)e : UINT32_MAX;
	}
	m->idf = tk_malloc((m->nfeat + 1) * sizeof(*m->idf));
	for (e = 0; e < m->nfeat; e++)
		m->idf[e] = (float)tk_idf(m->ndocs, m->df[e]);

	j->nfeat = m->nfeat;
	j->xstart = tk_malloc((ts->ndoc + 1) * sizeof(*j->xstart));
	j->xsq = tk_malloc((ts->ndoc + 1) * sizeof(*j->xsq));
	j->xcol = tk_malloc((ts->nnz + 1) * sizeof(*j->xcol));
	j->xval = tk_malloc((ts->nnz + 1) * sizeof(*j->xval));
	for (d = 0; d < ts->ndoc; d++) {
		size_t i, n = 0;

		j->xstart[d] = nnz;
		if (ts->start[d + 1] - ts->start[d] > alloc) {
			alloc = ts->start[d + 1] - ts->start[d];
			cnt = tk_realloc(cnt, alloc * sizeof(*cnt));
		}
		for (i = ts->start[d]; i < ts->start[d + 1]; i++) {
			if (colof[ts->ent[i]] == UINT32_MAX)
				continue;
			j->xcol[nnz + n] = colof[ts->ent[i]];
			/* cnt was grown above to hold this doc's entries: it is not null */
			cnt[n++] = ts->cnt[i]; /* NOLINT(clang-analyzer-core.NullDereference) */
		}
		tk_tfidf(j->xcol + nnz, cnt, j->xval + nnz, n, m->idf, m->nword);
		j->xsq[d] = 1 / j->bias_anchor;
		for (i = 0; i < n; i++)
			j->xsq[d] += (double)j->xval[nnz + i] * j->xval[nnz + i];
		nnz += n;
	}
	j->xstart[ts->ndoc] = nnz;
	free(colof);
	free(cnt);
}

/* Which tickets are held out: the given ones, or a stratified share of the rest. */
static void split(struct job *j)
{
	const struct tk_trainset *ts = j->ts;
	size_t d, c, n, take, i;
	size_t **bylabel = tk_calloc(j->nlabel, sizeof(*bylabel)), *nby = tk_calloc(j->nlabel, sizeof(*nby));
	uint64_t rng = j->o->seed ^ 0x5851f42d4c957f2du;

	j->role = tk_calloc(ts->ndoc + 1, 1);
	j->valdoc = tk_malloc((ts->ndoc + 1) * sizeof(*j->valdoc));
	if (ts->nheldout) {
		for (d = 0; d < ts->ndoc; d++)
			if (ts->heldout[d]) {
				j->role[d] = ROLE_HELDOUT;
				j->valdoc[j->nval++] = d;
			}
		goto out;
	}
	if (j->o->valid_share <= 0)
		goto out;
	for (d = 0; d < ts->ndoc; d++)
		nby[ts->label[d]]++;
	for (c = 0; c < j->nlabel; c++) {
		bylabel[c] = tk_malloc((nby[c] + 1) * sizeof(**bylabel));
		nby[c] = 0;
	}
	for (d = 0; d < ts->ndoc; d++) {
		c = ts->label[d];
		bylabel[c][nby[c]++] = d;
	}
	for (c = 0; c < j->nlabel; c++) {
		n = nby[c];
		take = (size_t)floor(j->o->valid_share * (double)n + 0.5);
		if (take >= n)
			take = n > 1 ? n - 1 : 0;
		for (i = 0; i < take; i++) {
			size_t r = i + splitmix(&rng) % (n - i), t = bylabel[c][i];

			bylabel[c][i] = bylabel[c][r];
			bylabel[c][r] = t;
			j->role[bylabel[c][i]] = ROLE_SPLIT;
		}
	}
	for (d = 0; d < ts->ndoc; d++)
		if (j->role[d] == ROLE_SPLIT)
			j->valdoc[j->nval++] = d;
out:
	for (c = 0; c < j->nlabel; c++)
		free(bylabel[c]);
	free(bylabel);
	free(nby);
}

/* Fit the softmax temperature to the held-out scores: Newton on 1/T, NLL is convex in it. */
static double fit_temperature(const double *s, const uint32_t *y, size_t n, size_t k)
{
	double beta = 1, *p = tk_malloc(k * sizeof(*p));
	size_t it, i, c;

	for (it = 0; it < 100; it++) {
		double g = 0, h = 0, step;

		for (i = 0; i < n; i++) {
			const double *si = s + i * k;
			double max = -HUGE_VAL, sum = 0, mean = 0, var = 0;

			for (c = 0; c < k; c++)
				if (si[c] > max)
					max = si[c];
			for (c = 0; c < k; c++)
				sum += p[c] = exp(beta * (si[c] - max));
			for (c = 0; c < k; c++) {
				p[c] /= sum;
				mean += p[c] * si[c];
			}
			for (c = 0; c < k; c++)
				var += p[c] * (si[c] - mean) * (si[c] - mean);
			g += mean - si[y[i]];
			h += var;
		}
		if (h <= 1e-12)
			break;
		step = g / h;
		/* Stay positive, move at most by a factor of 4 a step. */
		if (beta - step < beta / 4)
			step = beta - beta / 4;
		if (beta - step > beta * 4)
			step = beta - beta * 4;
		beta -= step;
		if (fabs(step) < 1e-9 * beta)
			break;
	}
	free(p);
	return 1 / beta;
}

/* Fit sigmoid(a s + b) to whether each label is the ticket's, over every held-out (ticket, label). */
static void fit_platt(const double *s, const uint32_t *y, size_t n, size_t k, double *pa, double *pb)
{
	double a = 1, b = 0;
	size_t it, i, c;

	for (it = 0; it < 100; it++) {
		double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0, det, da, db;

		for (i = 0; i < n; i++)
			for (c = 0; c < k; c++) {
				double x = s[i * k + c], p = 1 / (1 + exp(-(a * x + b))), t = y[i] == c;
				double wgt = p * (1 - p);

				ga += (p - t) * x;
				gb += p - t;
				haa += wgt * x * x;
				hab += wgt * x;
				hbb += wgt;
			}
		haa += 1e-9;
		hbb += 1e-9;
		det = haa * hbb - hab * hab;
		if (det <= 0)
			break;
		da = (hbb * ga - hab * gb) / det;
		db = (haa * gb - hab * ga) / det;
		if (fabs(da) > 10 || fabs(db) > 10) {
			da /= 10;
			db /= 10;
		}
		a -= da;
		b -= db;
		if (fabs(da) < 1e-9 && fabs(db) < 1e-9)
			break;
	}
	*pa = a;
	*pb = b;
}

int tk_linear_train(struct tk_linear *m, struct tk_trainset *ts, const struct tk_linear *base,
		    const struct tk_trainopts *o, struct tk_error *err)
{
	struct job j;
	pthread_t *th;
	size_t i, c, njobs, correct = 0;
	uint32_t *vy;
	double acc = 0;
	struct tk_buf sum = TK_BUF_INIT;

	memset(&j, 0, sizeof(j));
	j.ts = ts;
	j.base = base;
	j.o = o;
	j.nlabel = ts->nlabel;
	j.ntrain = ts->ndoc - ts->nheldout;
	if (j.ntrain == 0) {
		tk_error_set(err, "no labelled tickets to train on");
		return -1;
	}
	j.count = tk_calloc(ts->nlabel + 1, sizeof(*j.count));
	for (i = 0; i < ts->ndoc; i++)
		if (!ts->heldout[i] && j.count[ts->label[i]]++ == 0)
			j.nlabels_present++;
	if (ts->nlabel > TK_MODEL_MAX_LABELS) {
		tk_error_set(err, "too many labels: %zu (at most %d)", ts->nlabel, TK_MODEL_MAX_LABELS);
		free(j.count);
		return -1;
	}
	if (!base && j.nlabels_present < 2) {
		tk_error_set(err, "need tickets of at least two labels to train, found only '%s'",
			     ts->label_name[ts->label[0]]);
		free(j.count);
		return -1;
	}

	tk_linear_init(m);
	m->feat = ts->feat;
	m->min_count = base ? base->min_count : o->min_count;
	m->cost = base ? base->cost : o->cost;
	m->balanced = base ? base->balanced : o->balanced;
	m->ndocs = (base ? base->ndocs : 0) + (double)j.ntrain;
	m->nlabel = ts->nlabel;
	m->label = tk_calloc(m->nlabel, sizeof(*m->label));
	for (c = 0; c < m->nlabel; c++)
		m->label[c] = tk_strdup(ts->label_name[c]);

	/*
	 * An update keeps the weights close to base's: C for the new tickets is
	 * scaled by their share of all tickets seen (at least 0.1, so that a
	 * handful of corrections still count), unless o->update_weight says.
	 */
	j.cost = m->cost;
	j.bias_anchor = 1;
	if (base) {
		double share = (double)j.ntrain / m->ndocs;

		j.cost *= o->update_weight > 0 ? o->update_weight : share > 0.1 ? share : 0.1;
		/*
		 * Every ticket the model saw bears on a label's bias, so it is held
		 * to base's as many times harder as there were old tickets for each
		 * new one: a few new tickets must not make their label the answer
		 * to everything.
		 */
		if (base->ndocs > (double)j.ntrain)
			j.bias_anchor = base->ndocs / (double)j.ntrain;
	}
	vectorize(&j, m, base);
	split(&j);
	j.vscore = tk_calloc(j.nval * j.nlabel + 1, sizeof(*j.vscore));
	j.wt = tk_malloc(j.nlabel * (j.nfeat + 1) * sizeof(*j.wt));
	pthread_mutex_init(&j.lock, NULL);
	njobs = o->jobs < 1 ? 1 : o->jobs > j.nlabel ? j.nlabel : o->jobs;
	th = tk_calloc(njobs, sizeof(*th));
	for (i = 1; i < njobs; i++)
		if (pthread_create(&th[i], NULL, worker, &j) != 0)
			break;
	worker(&j);
	while (--i > 0)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&j.lock);
	free(th);

	tk_linear_set_weights(m, j.wt);

	vy = tk_malloc((j.nval + 1) * sizeof(*vy));
	for (i = 0; i < j.nval; i++) {
		size_t best = 0;

		vy[i] = ts->label[j.valdoc[i]];
		for (c = 1; c < j.nlabel; c++)
			if (j.vscore[i * j.nlabel + c] > j.vscore[i * j.nlabel + best])
				best = c;
		correct += best == vy[i];
	}
	if (j.nval) {
		m->temperature = fit_temperature(j.vscore, vy, j.nval, j.nlabel);
		fit_platt(j.vscore, vy, j.nval, j.nlabel, &m->platt_a, &m->platt_b);
		m->calibrated = 1;
		acc = (double)correct / (double)j.nval;
	} else if (base) {
		m->temperature = base->temperature;
		m->platt_a = base->platt_a;
		m->platt_b = base->platt_b;
		m->calibrated = base->calibrated;
	}

	tk_buf_addf(&sum, "{\"examples\":%zu,\"labels\":%zu,\"features\":%zu,\"held_out\":%zu,",
		    j.ntrain, m->nlabel, m->nfeat, j.nval);
	if (j.nval)
		tk_buf_addf(&sum, "\"validation_accuracy\":%.4f,", acc);
	else
		tk_buf_adds(&sum, "\"validation_accuracy\":null,");
	tk_buf_addf(&sum, "\"updated\":%s}", base ? "true" : "false");
	m->summary = tk_strndup(sum.buf, sum.len);
	tk_buf_release(&sum);
	tk_linear_finish(m);

	free(vy);
	free(j.count);
	free(j.xstart);
	free(j.xcol);
	free(j.xval);
	free(j.xsq);
	free(j.role);
	free(j.basecol);
	free(j.valdoc);
	free(j.vscore);
	free(j.wt);
	return 0;
}
