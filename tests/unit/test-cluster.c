/*
 * Unit tests for lib/cluster.c: the automatic k, three clear topics found
 * whatever the seed, clusters numbered by size, k above the number of
 * tickets, a saved set of clusters assigning as the fit did, sets of
 * clusters merged, and near duplicates grouped.
 */
#include <stdlib.h>

#include "cluster.h"
#include "file.h"
#include "tap.h"

static const char *const docs[] = {
	"charged twice for my subscription", "double charge on my card", "charged twice refund one payment",
	"card charged two times", "card charged twice this month", "password reset link broken",
	"password reset email never arrives", "locked out after password reset", "parcel tracking not updated",
	"order not delivered tracking stuck", "parcel delayed where is my order",
};
#define NDOCS (sizeof(docs) / sizeof(docs[0]))

static void fit(struct tk_clusters *cl, size_t k, uint64_t seed, uint32_t *assign, float *sim)
{
	struct tk_trainopts to;
	struct tk_trainset ts;
	struct tk_cluster_opts o;
	struct tk_tokenizer tz = { 0, NULL };
	struct tk_tokens t;
	struct tk_error err;
	size_t i;

	tk_trainopts_init(&to);
	tk_trainset_init(&ts, &to.feat);
	tk_tokens_init(&t);
	for (i = 0; i < NDOCS; i++) {
		tk_tokens_reset(&t);
		tk_tokenize(&tz, docs[i], strlen(docs[i]), &t);
		tk_trainset_add(&ts, "", 0, &t, 0);
	}
	tk_cluster_opts_init(&o);
	o.k = k;
	o.seed = seed;
	tk_clusters_init(cl);
	TAP_INT(tk_cluster_fit(cl, &ts, docs, &o, assign, sim, &err), 0, "fit with k %zu, seed %llu", k,
		(unsigned long long)seed);
	tk_trainset_release(&ts);
	tk_tokens_release(&t);
}

int main(void)
{
	struct tk_clusters cl, back;
	struct tk_cluster_doc d;
	struct tk_tokenizer tz = { 0, NULL };
	struct tk_tokens t;
	struct tk_error err;
	uint32_t assign[NDOCS];
	float sim[NDOCS];
	char *path;
	size_t i, same;
	uint64_t seed;

	TAP_INT(tk_cluster_auto_k(1), 2, "auto k is at least 2");
	TAP_INT(tk_cluster_auto_k(3080), 39, "auto k of 3,080 tickets is 39");
	TAP_INT(tk_cluster_auto_k(1000000), 100, "auto k is at most 100");
	for (seed = 1; seed <= 3; seed++) {
		fit(&cl, 3, seed, assign, sim);
		TAP_OK(assign[0] == assign[1] && assign[1] == assign[2] && assign[2] == assign[3] &&
			       assign[3] == assign[4] && assign[5] == assign[6] && assign[6] == assign[7] &&
			       assign[8] == assign[9] && assign[9] == assign[10] && assign[0] != assign[5] &&
			       assign[5] != assign[8] && assign[0] != assign[8],
		       "seed %llu: the three topics are the three clusters", (unsigned long long)seed);
		TAP_INT(assign[0], 0, "the largest topic (five tickets) is cluster 0");
		tk_clusters_release(&cl);
	}
	fit(&cl, 50, 1, assign, sim);
	TAP_INT(cl.k, NDOCS, "k above the number of tickets is lowered to it");
	tk_clusters_release(&cl);

	fit(&cl, 3, 1, assign, sim);
	path = tap_write_tmp("clusters", "");
	TAP_INT(tk_clusters_save(&cl, path, &err), 0, "the clusters are saved");
	tk_clusters_init(&back);
	TAP_INT(tk_clusters_load(&back, path, &err), 0, "and loaded");
	TAP_STR(back.terms[0][0], cl.terms[0][0], "with their terms");
	tk_cluster_doc_init(&d);
	tk_tokens_init(&t);
	for (i = 0, same = 0; i < NDOCS; i++) {
		double s;

		tk_tokens_reset(&t);
		tk_tokenize(&tz, docs[i], strlen(docs[i]), &t);
		same += tk_cluster_assign(&back, &t, &d, &s) == assign[i];
	}
	TAP_INT(same, NDOCS, "the loaded clusters assign every ticket as the fit did");
	tk_tokens_reset(&t);
	tk_tokenize(&tz, "qqqq", 4, &t);
	{
		double s;

		TAP_INT(tk_cluster_assign(&back, &t, &d, &s), 0, "a ticket of unknown words goes to cluster 0");
		TAP_OK(s == 0, "with similarity 0");
	}
	{
		static const char *const near[] = { "checkout fails with error e-4012 after the update",
						     "re checkout fails with error e-4012 after the update",
						     "my parcel has not arrived yet" };
		uint64_t sig[3];
		uint32_t group[3];

		for (i = 0; i < 3; i++) {
			tk_tokens_reset(&t);
			tk_tokenize(&tz, near[i], strlen(near[i]), &t);
			sig[i] = tk_simhash(&t);
		}
		TAP_INT(tk_dedup(sig, 3, 5, group), 2, "two groups: the resend and the other ticket");
		TAP_OK(group[0] == 0 && group[1] == 0 && group[2] == 2, "the resend joins the first ticket's group");
	}
	{
		/* Merging: the saved set and its copy make one of twice the clusters, the
		   largest first, with the idf of both; other features are refused. */
		struct tk_clusters in[2], m;
		const char *names[2] = { "a.tkc", "b.tkc" };

		in[0] = cl;
		in[1] = back;
		TAP_INT(tk_clusters_merge(&m, in, names, 2, &err), 0, "two sets of clusters merge");
		TAP_INT(m.k, 2 * cl.k, "into one with the clusters of both");
		TAP_OK(m.size[0] >= m.size[1] && m.size[1] >= m.size[m.k - 1], "the largest first");
		TAP_OK(m.nfeat == cl.nfeat && m.ndocs == 2 * cl.ndocs, "over the same columns, the tickets of both");
		tk_cluster_doc_release(&d);
		tk_cluster_doc_init(&d);
		for (i = 0, same = 0; i < NDOCS; i++) {
			const char *want = cl.terms[assign[i]][0], *got;
			double s;

			tk_tokens_reset(&t);
			tk_tokenize(&tz, docs[i], strlen(docs[i]), &t);
			got = m.terms[tk_cluster_assign(&m, &t, &d, &s)][0];
			same += want && got && !strcmp(want, got);
		}
		TAP_INT(same, NDOCS, "every ticket goes to a cluster named as its own was");
		tk_cluster_doc_release(&d);
		tk_cluster_doc_init(&d);
		tk_clusters_release(&m);
		in[1].feat.words++;
		TAP_INT(tk_clusters_merge(&m, in, names, 2, &err), -1, "clusters of other features are not merged");
		TAP_STR(err.msg, "fitted with other features than a.tkc: clusters cannot be merged", "saying why");
		in[1].feat.words--;
	}
	tk_tokens_release(&t);
	tk_cluster_doc_release(&d);
	tk_clusters_release(&back);
	tk_clusters_release(&cl);
	{
		static const struct {
			const char *body, *msg;
		} bad[] = {
			{ "{\"k\":\"3\"}", "damaged clusters file: a field is missing or of the wrong type" },
			{ "{\"k\":2,\"hash\":[1],\"idf\":[1],\"size\":[1],\"terms\":[[]],\"nword\":1,\"tokflags\":0,"
			  "\"centroid\":[]}",
			  "damaged clusters file: its parts do not agree in size" },
			{ "{\"k\":1,\"hash\":[1],\"idf\":[1],\"size\":[1],\"terms\":[[]],\"nword\":1,\"tokflags\":0,"
			  "\"centroid\":[5,0,1]}",
			  "damaged clusters file: a centroid weight is out of range" },
			/* the centres are read by hand: they must come last, as the writer puts them */
			{ "{\"k\":1,\"hash\":[1],\"idf\":[1],\"size\":[1],\"terms\":[[]],\"centroid\":[0,0,1],"
			  "\"nword\":1,\"tokflags\":0}",
			  "damaged clusters file: a field is missing or of the wrong type" },
			{ "{\"k\":1,\"hash\":[1],\"idf\":[1],\"size\":[1],\"terms\":[[]],\"nword\":1,\"tokflags\":0,"
			  "\"centroid\":[0,0,1,0]}",
			  "damaged clusters file: its centres are not triples of numbers" },
			{ "{\"k\":1,\"hash\":[1],\"idf\":[1],\"size\":[1],\"terms\":[[]],\"nword\":1,\"tokflags\":0,"
			  "\"centroid\":[0,0,1,]}",
			  "damaged clusters file: its centres are not triples of numbers" },
			{ "{\"k\":1,\"hash\":[1],\"idf\":[1],\"size\":[1],\"terms\":[[]],\"nword\":1,\"tokflags\":0,"
			  "\"centroid\":[0,0,1e99]}",
			  "damaged clusters file: a centroid weight is not a number" },
			{ "{\"k\":1,\"hash\":[1],\"idf\":[1],\"size\":[1],\"terms\":[[]],\"nword\":1,\"tokflags\":0,"
			  "\"centroid\":[0,0,nan]}",
			  "damaged clusters file: a field is missing or of the wrong type" },
		};

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			tk_file_save_checked(path, "ticketkit-clusters", 1, bad[i].body, strlen(bad[i].body), &err);
			tk_clusters_init(&back);
			TAP_INT(tk_clusters_load(&back, path, &err), -1, "clusters file %zu is refused", i);
			TAP_STR(err.msg, bad[i].msg, "saying why");
		}
	}
	(void)remove(path);
	free(path);
	tap_tmpdir_remove();
	return tap_done();
}
