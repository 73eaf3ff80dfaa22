/*
 * Clusters files (tk-cluster -m): the input is the file's body (given the
 * header and checksum that make it pass) or, when it starts with the
 * magic, the whole file; when it loads, a ticket is assigned to a cluster.
 */
#include <math.h>

#include "cluster.h"
#include "fuzz.h"
#include "token.h"

static const char ticket[] =
	"Checkout fails with E-4012 since the 5.2.0 update; payments declined, can't pay.";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tk_buf file = TK_BUF_INIT;
	struct tk_clusters cl;
	struct tk_cluster_doc d;
	struct tk_tokenizer tz = { 0, NULL };
	struct tk_tokens toks;
	struct tk_error err;
	double sim;
	size_t k;

	tk_clusters_init(&cl);
	if (tk_clusters_load(&cl, fuzz_checked_file("ticketkit-clusters", 1, data, size, &file), &err) == 0) {
		tk_tokens_init(&toks);
		tk_cluster_doc_init(&d);
		tz.flags = cl.feat.tokflags;
		tk_tokenize(&tz, ticket, sizeof(ticket) - 1, &toks);
		k = tk_cluster_assign(&cl, &toks, &d, &sim);
		if (k >= cl.k)
			fuzz_fail("a ticket was assigned to a cluster that is not there");
		if (!isfinite(sim))
			fuzz_fail("a similarity JSON cannot hold");
		/* again: the scratch is reused */
		tk_cluster_assign(&cl, &toks, &d, &sim);
		tk_cluster_doc_release(&d);
		tk_tokens_release(&toks);
	}
	tk_clusters_release(&cl);
	tk_buf_release(&file);
	return 0;
}
