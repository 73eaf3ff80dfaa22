/*
 * Issue clusters: tickets as TF-IDF vectors of the same word and
 * character n-grams the classifier uses (linear.h), grouped by spherical
 * k-means (cosine similarity; seeded from a spectral embedding, spectral.h,
 * or by k-means++; the best of a few runs),
 * each cluster named by the words most typical of its tickets.  A fitted
 * set of clusters can be saved and new tickets assigned to it one by one,
 * in constant memory; a ticket close to no cluster is "new".
 */
#ifndef TK_CLUSTER_H
#define TK_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "linear.h"

#define TK_CLUSTER_TERMS 5
#define TK_CLUSTER_MAX_FEATURES 131072 /* columns kept, the most common (the centres are dense) */
#define TK_CLUSTER_MAX_K TK_MODEL_MAX_LABELS /* clusters: labels of the scorer */

struct tk_clusters {
	struct tk_featcfg feat;
	size_t k;
	size_t nfeat, nword;  /* columns: word n-grams first, then character n-grams */
	uint32_t *hash;       /* per column: the feature's hash */
	float *idf;
	double ndocs;
	float *centroid;      /* nfeat x k, column-major: centroid[col * k + c] */
	char *(*terms)[TK_CLUSTER_TERMS]; /* per cluster, NULL-padded */
	size_t *size;         /* tickets per cluster when fitted */
	/*
	 * (private) The centres as a linear model with a label per cluster
	 * and no biases, so that assigning a ticket is scoring it as
	 * tk-classify does; and a lookup of columns by hash, for merging.
	 */
	struct tk_linear scorer;
	uint32_t *slot;
	size_t slotmask;
};

/* Fitting settings. */
struct tk_cluster_opts {
	size_t k;         /* 0: choose */
	unsigned runs;    /* k-means runs from different seeds; the best is kept */
	unsigned max_iter;
	uint64_t seed;
	unsigned min_count; /* features in fewer tickets are dropped (batches of 20 tickets or more) */
};

void tk_cluster_opts_init(struct tk_cluster_opts *o);
void tk_clusters_init(struct tk_clusters *cl);
void tk_clusters_release(struct tk_clusters *cl);

/* The k chosen for n tickets when none is given: sqrt(n / 2), from 2 to 100. */
size_t tk_cluster_auto_k(size_t n);

/*
 * Fit clusters to the tickets of ts (their labels are ignored); token
 * texts[i] (the tokens of ticket i, joined by spaces) name the clusters.
 * Set assign[i] to each ticket's cluster and sim[i] to its cosine
 * similarity with the cluster's centre.  Clusters are numbered by size,
 * the largest first.  k larger than the number of
 * tickets is lowered to it.  Return 0, or -1 with err set.
 */
int tk_cluster_fit(struct tk_clusters *cl, struct tk_trainset *ts, const char *const *texts,
		   const struct tk_cluster_opts *o, uint32_t *assign, float *sim, struct tk_error *err);

/* Scratch for tk_cluster_assign(). */
struct tk_cluster_doc {
	struct tk_linear_doc lin;
	double *score;
	size_t nscore;
};

void tk_cluster_doc_init(struct tk_cluster_doc *d);
void tk_cluster_doc_release(struct tk_cluster_doc *d);

/* The closest cluster to tokens t, with its similarity in *sim; 0 when no feature is known (*sim 0). */
size_t tk_cluster_assign(const struct tk_clusters *cl, const struct tk_tokens *t, struct tk_cluster_doc *d,
			 double *sim);

/*
 * Near duplicates: a 64-bit SimHash of a ticket's words and word pairs;
 * tickets whose signatures differ in at most maxdist bits (1 to 7) are one
 * group; a signature of 0 (a ticket without words) joins none.  tk_dedup() sets group[i] to the first ticket of i's group and
 * returns the number of groups.  The signature is cut into maxdist + 1
 * bands, one of which two such tickets share; each ticket is compared with
 * up to 32 tickets of each of its bands, so a whole export takes time
 * linear in its size.
 */
uint64_t tk_simhash(const struct tk_tokens *t);
size_t tk_dedup(const uint64_t *sig, size_t n, unsigned maxdist, uint32_t *group);

/*
 * Merge the clusters fitted on shards of a stream (in[0..n), loaded from
 * paths[0..n)) into one set in out: every cluster of every shard, the
 * largest first, over the union of their columns (the most common ones,
 * at most TK_CLUSTER_MAX_FEATURES), with the idf of all the tickets (each
 * shard's document frequencies are recovered from its idf and summed) and
 * each centre re-weighted by it.  The shards must have been fitted with
 * the same features.  Return 0, or -1 with err set (out is then empty).
 */
int tk_clusters_merge(struct tk_clusters *out, const struct tk_clusters *in, const char *const *paths, size_t n,
		      struct tk_error *err);

/* Save to path atomically (a text format with a checksum); load it back, refusing damage. */
int tk_clusters_save(const struct tk_clusters *cl, const char *path, struct tk_error *err);
int tk_clusters_load(struct tk_clusters *cl, const char *path, struct tk_error *err);

#endif
