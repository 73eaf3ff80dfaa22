/*
 * Spectral embedding of documents (Ng, Jordan and Weiss 2001, on a
 * k-nearest-neighbour graph as von Luxburg's tutorial advises): rows that
 * share many neighbours land close together, so k-means on the embedding
 * finds groups that k-means on the rows themselves splits or merges.
 * tk-cluster seeds its k-means with it (cluster.c).
 */
#ifndef TK_SPECTRAL_H
#define TK_SPECTRAL_H

#include <stddef.h>
#include <stdint.h>

/* Basis vectors beyond dim: the last eigenvectors converge with them. */
#define TK_SPECTRAL_EXTRA 10

/* Sparse rows of unit length: row i is col/val[start[i] .. start[i + 1]), columns < ncol. */
struct tk_rows {
	size_t n, ncol;
	const size_t *start;
	const uint32_t *col;
	const float *val;
};

/*
 * Each row's knn most similar other rows (cosine, exactly), into
 * nb[i * knn ..] with their similarities in w[]; a row with fewer
 * neighbours of similarity above 0 has UINT32_MAX in the rest.  Each pair
 * is computed once, by one pass over the rows with their columns' row
 * lists.
 */
void tk_knn(const struct tk_rows *x, unsigned knn, uint32_t *nb, float *w);

/*
 * The embedding: the graph joins each row to its knn nearest (either way),
 * weighted by similarity; the dim eigenvectors of its normalised adjacency
 * D^-1/2 A D^-1/2 with the largest eigenvalues, found by subspace
 * iteration from a random start drawn from seed, each weighted by its
 * eigenvalue to the power 6 (a diffusion map's six steps: the
 * eigenvectors of the coarsest groupings count most), are the columns of
 * an n x dim matrix whose rows are scaled to length 1.  Return it (row-major;
 * the caller frees it), or NULL when dim + TK_SPECTRAL_EXTRA > n.
 */
float *tk_spectral_embed(const struct tk_rows *x, size_t dim, unsigned knn, uint64_t seed);

#endif
