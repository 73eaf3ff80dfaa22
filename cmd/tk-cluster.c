/*
 * tk-cluster: group a batch of tickets into issue clusters named by their
 * words and add "cluster" to each ticket, or with --summary describe the
 * clusters; -s saves them, and -m assigns a stream of new tickets to saved
 * clusters, marking those that fit none as "new".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cluster.h"
#include "timestamp.h"
#include "wordset.h"

enum { OPT_SUMMARY = CLI_TOOL_OPTIONS, OPT_NEW, OPT_SEED, OPT_RUNS, OPT_PROGRESS, OPT_DEDUP, OPT_SAMPLE, OPT_MERGE };

static const struct cli_option options[] = {
	{ 'k', "clusters", "N", "find N clusters (default: the square root of half the tickets, 2 to 100)" },
	{ OPT_SUMMARY, "summary", NULL, "write one object per cluster, largest first, not the tickets" },
	{ 's', "save", "FILE", "save the clusters to FILE" },
	{ 'm', "model", "FILE", "assign each ticket to the clusters saved in FILE, as a stream" },
	{ OPT_NEW, "new-threshold", "S", "with -m, a ticket less similar than S to every cluster is new (0.2)" },
	{ OPT_MERGE, "merge", NULL, "merge the clusters files named as operands (fitted on shards) into the -s file" },
	{ 'f', "field", "FIELD", "take the text from FIELD (repeatable; dotted paths)" },
	{ OPT_DEDUP, "dedup", NULL, "group near-duplicate tickets (the same text sent again, pasted twice)" },
	{ 'o', "output-key", "KEY", "write the result under KEY (default: cluster)" },
	{ OPT_SAMPLE, "sample", "N", "fit on at most N tickets spread over the batch, assign the rest (default 100000)" },
	{ OPT_SEED, "seed", "N", "seed of the k-means runs (default 1)" },
	{ OPT_RUNS, "runs", "N", "k-means runs from different seeds; the best is kept (default 2)" },
	{ 'j', "jobs", "NUM", "with -m, assign on NUM threads (default: the number of processors)" },
	{ OPT_PROGRESS, "progress", NULL, "report progress on stderr even when it is not a terminal" },
	CLI_STREAM_OPTIONS
};

static struct cli cli = { "tk-cluster", "[file ...] | --merge -s file clusters ...",
			  "Group tickets into issue clusters named by their words; assign new ones.", options, 0 };

struct clusterer {
	struct tk_clusters cl;
	struct tk_cluster_opts opts;
	struct tk_trainset ts;
	struct tk_textsel sel;
	struct tk_tokenizer tz;
	struct tk_wordset stop;
	struct tk_tokens toks;
	struct tk_cluster_doc doc;
	struct tk_buf text, out, words;
	const char *key;
	int summary, progress, dedup;
	double new_threshold;
	size_t sample; /* fit on at most this many tickets */
	/* the batch */
	struct tk_buf lines;
	struct held {
		size_t off, len;
		const char *file;
		unsigned long line;
		double at;   /* created_at, NAN when none */
		char *id;
		uint64_t sig; /* --dedup: the SimHash of its words */
	} *held;
	size_t nheld, heldalloc;
};

/* The ticket's tokens; with the words for naming (no stopwords or one-letter words) in words. */
static int tokens(struct clusterer *c, struct json_object *obj, struct tk_error *err)
{
	size_t i;

	if (tk_text_tokens(&c->sel, &c->tz, obj, &c->text, &c->toks, err) < 0)
		return -1;
	for (i = 0; i < c->toks.n; i++) {
		const char *s = c->toks.text.buf + c->toks.span[i].off;
		size_t len = c->toks.span[i].len;

		if (len < 2 || s[0] == '<' || tk_wordset_get(&c->stop, s, len, NULL))
			continue;
		tk_buf_add(&c->words, s, len);
		tk_buf_addch(&c->words, ' ');
	}
	return 0;
}

static void put_cluster(struct clusterer *c, struct tk_record *rec, size_t k, double sim, int isnew)
{
	size_t i;

	tk_buf_reset(&c->out);
	if (isnew)
		tk_buf_addf(&c->out, "{\"id\":\"new\",\"score\":%.4f,\"terms\":[]}", sim);
	else {
		tk_buf_addf(&c->out, "{\"id\":\"c%zu\",\"score\":%.4f,\"terms\":[", k + 1, sim);
		for (i = 0; i < TK_CLUSTER_TERMS && c->cl.terms[k][i]; i++) {
			if (i)
				tk_buf_addch(&c->out, ',');
			tk_json_escape(&c->out, c->cl.terms[k][i], strlen(c->cl.terms[k][i]));
		}
		tk_buf_adds(&c->out, "]}");
	}
	tk_record_put(rec, c->key, c->out.buf, c->out.len);
}

/* -m: a stream. */
static int assign_record(void *ctx, struct tk_record *rec, struct tk_error *err)
{
	struct clusterer *c = ctx;
	double sim;
	size_t k;

	tk_buf_reset(&c->words);
	if (tokens(c, rec->obj, err) < 0)
		return TK_RC_BAD;
	k = tk_cluster_assign(&c->cl, &c->toks, &c->doc, &sim);
	put_cluster(c, rec, k, sim, sim < c->new_threshold);
	return TK_RC_OK;
}

/* Fitting: hold each ticket for the end. */
static int hold_record(void *ctx, struct tk_record *rec, struct tk_error *err)
{
	struct clusterer *c = ctx;
	struct json_object *at = tk_json_path(rec->obj, "created_at"), *id = tk_json_path(rec->obj, "id");
	struct held *h;

	if (tk_json_is_error(rec->obj)) /* --summary: an earlier tool's report, reported there */
		return TK_RC_OK;
	/* the words are found again at the end, for the tickets the clusters are fitted on */
	tk_buf_reset(&c->words);
	if (tokens(c, rec->obj, err) < 0)
		return TK_RC_BAD;
	if (c->nheld == c->heldalloc) {
		c->heldalloc = c->heldalloc ? 2 * c->heldalloc : 1024;
		c->held = tk_realloc(c->held, c->heldalloc * sizeof(*c->held));
	}
	h = &c->held[c->nheld++];
	h->off = c->lines.len;
	h->len = rec->rawlen;
	h->file = rec->file;
	h->line = rec->line;
	h->id = id ? tk_strdup(json_object_get_string(id)) : NULL;
	if (!at || tk_time_json(at, &h->at) < 0)
		h->at = NAN;
	tk_buf_add(&c->lines, rec->raw, rec->rawlen);
	if (c->dedup)
		h->sig = tk_simhash(&c->toks);
	return TK_RC_HOLD;
}

static void add_time(struct tk_buf *b, const char *name, double t)
{
	char s[40];

	if (isnan(t))
		return;
	tk_time_format(t, s, sizeof(s));
	tk_buf_addf(b, ",\"%s\":\"%s\"", name, s);
}

/* --summary: one object per cluster, largest first. */
static int write_summary(struct clusterer *c, struct tk_stream *s, const uint32_t *assign, const float *sim,
			 struct tk_error *err)
{
	double last = -INFINITY;
	size_t i, j, n = c->nheld, recent_all = 0, dated_all = 0;

	for (i = 0; i < n; i++)
		if (!isnan(c->held[i].at) && c->held[i].at > last)
			last = c->held[i].at;
	for (i = 0; i < n; i++) {
		recent_all += !isnan(c->held[i].at) && c->held[i].at > last - 86400;
		dated_all += !isnan(c->held[i].at);
	}
	for (j = 0; j < c->cl.k; j++) {
		size_t k = j, ex[3], nex = 0, recent = 0, dated = 0, t;
		double first = NAN, lastk = NAN;

		if (!c->cl.size[k])
			continue;
		for (i = 0; i < n; i++) {
			if (assign[i] != k)
				continue;
			/* examples: the tickets closest to the centre */
			for (t = nex; t > 0 && sim[ex[t - 1]] < sim[i]; t--)
				;
			if (t < 3) {
				if (nex < 3)
					nex++;
				memmove(ex + t + 1, ex + t, (nex - 1 - t) * sizeof(*ex));
				ex[t] = i;
			}
			if (!isnan(c->held[i].at)) {
				dated++;
				if (isnan(first) || c->held[i].at < first)
					first = c->held[i].at;
				if (isnan(lastk) || c->held[i].at > lastk)
					lastk = c->held[i].at;
				recent += c->held[i].at > last - 86400;
			}
		}
		tk_buf_reset(&c->out);
		tk_buf_addf(&c->out, "{\"cluster\":\"c%zu\",\"size\":%zu,\"share\":%.4f,\"terms\":[", j + 1,
			    c->cl.size[k], (double)c->cl.size[k] / (double)n);
		for (i = 0; i < TK_CLUSTER_TERMS && c->cl.terms[k][i]; i++) {
			if (i)
				tk_buf_addch(&c->out, ',');
			tk_json_escape(&c->out, c->cl.terms[k][i], strlen(c->cl.terms[k][i]));
		}
		tk_buf_adds(&c->out, "],\"examples\":[");
		for (i = 0, t = 0; i < nex; i++)
			if (c->held[ex[i]].id) {
				if (t++)
					tk_buf_addch(&c->out, ',');
				tk_json_escape(&c->out, c->held[ex[i]].id, strlen(c->held[ex[i]].id));
			}
		tk_buf_addch(&c->out, ']');
		add_time(&c->out, "first_seen", first);
		add_time(&c->out, "last_seen", lastk);
		/* growth: the cluster's share of the last day's tickets over its share of all dated ones */
		if (dated && recent_all)
			tk_buf_addf(&c->out, ",\"growth\":%.2f",
				    ((double)recent / (double)recent_all) / ((double)dated / (double)dated_all));
		tk_buf_addch(&c->out, '}');
		if (tk_stream_write_line(s, c->out.buf, c->out.len, err) < 0)
			return -1;
	}
	return 0;
}

static int popcount_bits(uint64_t x);

static int cmp_groups(const void *a, const void *b)
{
	const size_t *x = a, *y = b;

	/* by size, then by first appearance */
	return x[1] != y[1] ? (x[1] > y[1] ? -1 : 1) : (x[0] > y[0]) - (x[0] < y[0]);
}

/* --dedup: near-duplicate groups, numbered d1, d2, ... by first appearance; "unique" alone. */
static int dedup_end(struct clusterer *c, struct tk_stream *s, struct tk_error *err)
{
	uint64_t *sig = tk_malloc((c->nheld + 1) * sizeof(*sig));
	uint32_t *group = tk_malloc((c->nheld + 1) * sizeof(*group)), *size = tk_calloc(c->nheld + 1, sizeof(*size));
	uint32_t *number = tk_calloc(c->nheld + 1, sizeof(*number)), next = 0;
	struct json_tokener *tok = json_tokener_new_ex(TK_JSON_MAX_DEPTH + 1); /* the stream's depth */
	size_t i, ng = 0, (*groups)[2] = NULL;
	int rc = 0;

	for (i = 0; i < c->nheld; i++)
		sig[i] = c->held[i].sig;
	tk_dedup(sig, c->nheld, 5, group);
	for (i = 0; i < c->nheld; i++)
		size[group[i]]++;
	for (i = 0; i < c->nheld; i++)
		if (group[i] == i && size[i] > 1)
			number[i] = ++next;
	if (c->summary) {
		groups = tk_malloc((next + 1) * sizeof(*groups));
		for (i = 0; i < c->nheld; i++)
			if (number[i]) {
				groups[ng][0] = i;
				groups[ng++][1] = size[i];
			}
		qsort(groups, ng, sizeof(*groups), cmp_groups);
		for (i = 0; i < ng && rc == 0; i++) {
			size_t g = groups[i][0], j, shown = 0;
			double first = NAN, last = NAN;

			tk_buf_reset(&c->out);
			tk_buf_addf(&c->out, "{\"group\":\"d%u\",\"size\":%zu,\"examples\":[", number[g], groups[i][1]);
			for (j = g; j < c->nheld; j++) {
				if (group[j] != g)
					continue;
				if (c->held[j].id && shown < 5) {
					if (shown++)
						tk_buf_addch(&c->out, ',');
					tk_json_escape(&c->out, c->held[j].id, strlen(c->held[j].id));
				}
				if (!isnan(c->held[j].at)) {
					if (isnan(first) || c->held[j].at < first)
						first = c->held[j].at;
					if (isnan(last) || c->held[j].at > last)
						last = c->held[j].at;
				}
			}
			tk_buf_addch(&c->out, ']');
			add_time(&c->out, "first_seen", first);
			add_time(&c->out, "last_seen", last);
			tk_buf_addch(&c->out, '}');
			rc = tk_stream_write_line(s, c->out.buf, c->out.len, err);
		}
	} else {
		for (i = 0; i < c->nheld && rc == 0; i++) {
			const struct held *h = &c->held[i];
			struct tk_record rec;
			struct json_object *obj;
			uint32_t g = group[i];

			tk_buf_reset(&c->out);
			if (number[g])
				tk_buf_addf(&c->out, "{\"id\":\"d%u\",\"score\":%.4f,\"terms\":[]}", number[g],
					    1 - popcount_bits(sig[i] ^ sig[g]) / 64.0);
			else
				tk_buf_adds(&c->out, "{\"id\":\"unique\",\"score\":1.0000,\"terms\":[]}");
			json_tokener_reset(tok);
			obj = json_tokener_parse_ex(tok, c->lines.buf + h->off, (int)h->len);
			tk_record_start(s, &rec, obj, h->file, h->line, c->lines.buf + h->off, h->len);
			tk_record_put(&rec, c->key, c->out.buf, c->out.len);
			rc = tk_stream_emit(s, &rec, err);
			json_object_put(obj);
		}
	}
	free(groups);
	free(sig);
	free(group);
	free(size);
	free(number);
	json_tokener_free(tok);
	return rc;
}

static int popcount_bits(uint64_t x)
{
	int n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

static int fit_end(void *ctx, struct tk_stream *s, struct tk_error *err)
{
	struct clusterer *c = ctx;
	uint32_t *assign = NULL, *fitted = NULL;
	float *sim = NULL, *fitsim = NULL;
	size_t i, j, m, *sampled = NULL, *wordsat = NULL;
	const char **texts = NULL;
	struct json_tokener *tok = json_tokener_new_ex(TK_JSON_MAX_DEPTH + 1); /* the stream's depth */
	int rc = 0;

	if (!c->nheld || c->dedup) {
		rc = c->nheld ? dedup_end(c, s, err) : 0;
		json_tokener_free(tok);
		return rc;
	}
	/* The clusters are fitted on at most --sample tickets spread evenly over the batch
	   (ticket i when i * m mod n < m); the others are assigned to them. */
	m = c->nheld < c->sample ? c->nheld : c->sample;
	sampled = tk_malloc(m * sizeof(*sampled));
	wordsat = tk_malloc(m * sizeof(*wordsat));
	tk_buf_reset(&c->words);
	for (i = 0, j = 0; i < c->nheld; i++) {
		const struct held *h = &c->held[i];
		struct json_object *obj;

		if ((size_t)(((unsigned long long)i * m) % c->nheld) >= m)
			continue;
		json_tokener_reset(tok);
		obj = json_tokener_parse_ex(tok, c->lines.buf + h->off, (int)h->len);
		wordsat[j] = c->words.len;
		tokens(c, obj, err);
		tk_buf_addch(&c->words, '\0');
		tk_trainset_add(&c->ts, "", 0, &c->toks, 0);
		sampled[j++] = i;
		json_object_put(obj);
	}
	texts = tk_malloc(m * sizeof(*texts));
	for (j = 0; j < m; j++)
		texts[j] = c->words.buf + wordsat[j];
	assign = tk_malloc(c->nheld * sizeof(*assign));
	sim = tk_malloc(c->nheld * sizeof(*sim));
	fitted = tk_malloc(m * sizeof(*fitted));
	fitsim = tk_malloc(m * sizeof(*fitsim));
	if (c->progress)
		fprintf(stderr, "tk-cluster: clustering %zu tickets%s\n", m, m < c->nheld ? " (a sample)" : "");
	if (tk_cluster_fit(&c->cl, &c->ts, texts, &c->opts, fitted, fitsim, err) < 0) {
		rc = -1;
		goto out;
	}
	for (i = 0, j = 0; i < c->nheld; i++) {
		const struct held *h = &c->held[i];
		struct json_object *obj;
		double v;

		if (j < m && sampled[j] == i) {
			assign[i] = fitted[j];
			sim[i] = fitsim[j++];
			continue;
		}
		json_tokener_reset(tok);
		obj = json_tokener_parse_ex(tok, c->lines.buf + h->off, (int)h->len);
		tk_buf_reset(&c->words);
		tokens(c, obj, err);
		assign[i] = (uint32_t)tk_cluster_assign(&c->cl, &c->toks, &c->doc, &v);
		sim[i] = (float)v;
		json_object_put(obj);
	}
	if (m < c->nheld) {
		/* sizes of the whole batch */
		for (i = 0; i < c->cl.k; i++)
			c->cl.size[i] = 0;
		for (i = 0; i < c->nheld; i++)
			c->cl.size[assign[i]]++;
		if (c->progress)
			fprintf(stderr, "tk-cluster: assigned the other %zu tickets\n", c->nheld - m);
	}
	if (c->summary) {
		rc = write_summary(c, s, assign, sim, err);
	} else {
		for (i = 0; i < c->nheld && rc == 0; i++) {
			const struct held *h = &c->held[i];
			struct tk_record rec;
			struct json_object *obj;

			json_tokener_reset(tok);
			obj = json_tokener_parse_ex(tok, c->lines.buf + h->off, (int)h->len);
			tk_record_start(s, &rec, obj, h->file, h->line, c->lines.buf + h->off, h->len);
			put_cluster(c, &rec, assign[i], sim[i], 0);
			rc = tk_stream_emit(s, &rec, err);
			json_object_put(obj);
		}
	}
out:
	free(texts);
	free(assign);
	free(sim);
	free(sampled);
	free(wordsat);
	free(fitted);
	free(fitsim);
	json_tokener_free(tok);
	return rc;
}

/* --merge: the clusters files of shards into one, saved to save. */
static int merge_files(const char *save, char *const *paths, int n, int other_options)
{
	struct tk_clusters *in, out;
	struct tk_error err;
	int i, rc = TK_EXIT_OK;

	if (other_options)
		cli_die("--merge takes clusters files and -s: -k, -m, --summary and --dedup are not for it");
	if (!save)
		cli_die("--merge needs -s FILE, where the merged clusters go");
	if (n < 1)
		cli_die("--merge needs the clusters files to merge");
	tk_clusters_init(&out);
	in = tk_calloc((size_t)n, sizeof(*in));
	for (i = 0; i < n; i++)
		if (tk_clusters_load(&in[i], paths[i], &err) < 0) {
			cli_report(NULL, &err);
			rc = TK_EXIT_FAIL;
			break;
		}
	if (rc == TK_EXIT_OK &&
	    (tk_clusters_merge(&out, in, (const char *const *)paths, (size_t)n, &err) < 0 ||
	     tk_clusters_save(&out, save, &err) < 0)) {
		cli_report(NULL, &err);
		rc = TK_EXIT_FAIL;
	}
	tk_clusters_release(&out);
	for (i = 0; i < n; i++)
		tk_clusters_release(&in[i]);
	free(in);
	return cli_exit(rc);
}

int main(int argc, char **argv)
{
	struct clusterer c;
	struct tk_stream s;
	struct tk_error err;
	const char *save = NULL, *model = NULL, *const *sw;
	struct clusterer *worker = NULL;
	void **wctx = NULL;
	char *arg;
	size_t i;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned jobs = cpus < 1 ? 1 : cpus > 16 ? 16 : (unsigned)cpus;
	int id, status, merge = 0;

	memset(&c, 0, sizeof(c));
	c.key = "cluster";
	c.new_threshold = 0.2;
	c.sample = 100000;
	cli_init(&cli);
	tk_stream_init(&s);
	tk_cluster_opts_init(&c.opts);
	tk_clusters_init(&c.cl);
	tk_textsel_init(&c.sel);
	tk_tokens_init(&c.toks);
	tk_wordset_init(&c.stop);
	tk_cluster_doc_init(&c.doc);
	c.progress = isatty(2);
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		switch (id) {
		case 'k': c.opts.k = (size_t)cli_num("clusters", arg, 1, TK_CLUSTER_MAX_K); break;
		case OPT_SUMMARY: c.summary = 1; break;
		case 's': save = arg; break;
		case 'm': model = arg; break;
		case OPT_NEW: c.new_threshold = cli_real("new-threshold", arg, 0, 1); break;
		case 'f': tk_textsel_add(&c.sel, arg); break;
		case 'o': c.key = arg; break;
		case OPT_SEED: c.opts.seed = (uint64_t)cli_num("seed", arg, 0, 1000000000000LL); break;
		case OPT_RUNS: c.opts.runs = (unsigned)cli_num("runs", arg, 1, 1000); break;
		case 'j': jobs = (unsigned)cli_num("jobs", arg, 1, 256); break;
		case OPT_PROGRESS: c.progress = 1; break;
		case OPT_DEDUP: c.dedup = 1; break;
		case OPT_SAMPLE: c.sample = (size_t)cli_num("sample", arg, 1, 1000000000); break;
		case OPT_MERGE: merge = 1; break;
		default:
			if (!cli_stream_option(&cli, id, arg, &s))
				cli_die("option %d not handled", id);
		}
	}
	if (merge)
		return merge_files(save, argv + optind, argc - optind, model || c.summary || c.opts.k || c.dedup);
	if (model && (save || c.summary || c.opts.k || c.dedup))
		cli_die("-m assigns to saved clusters: -k, -s, --summary and --dedup are for fitting");
	if (c.dedup && (save || c.opts.k))
		cli_die("--dedup groups near duplicates: -k and -s are for clusters");
	for (sw = tk_stopwords_english(); *sw; sw++)
		tk_wordset_put(&c.stop, *sw, strlen(*sw), 1);
	s.ctx = &c;
	s.report = cli_report;
	if (model) {
		if (tk_clusters_load(&c.cl, model, &err) < 0)
			cli_die_error(&err);
		c.tz.flags = c.cl.feat.tokflags;
		s.record = assign_record;
		if (jobs > 1) {
			/* each thread its own scratch; the clusters, field names, tokenizer and stopwords shared */
			worker = tk_calloc(jobs, sizeof(*worker));
			wctx = tk_calloc(jobs, sizeof(*wctx));
			wctx[0] = &c;
			for (i = 1; i < jobs; i++) {
				worker[i] = c;
				tk_buf_init(&worker[i].text);
				tk_buf_init(&worker[i].out);
				tk_buf_init(&worker[i].words);
				tk_tokens_init(&worker[i].toks);
				tk_cluster_doc_init(&worker[i].doc);
				worker[i].sel.found = NULL;
				worker[i].sel.nfound = worker[i].sel.foundalloc = 0;
				wctx[i] = &worker[i];
			}
			s.threads = jobs;
			s.thread_ctx = wctx;
		}
	} else {
		struct tk_trainopts to;

		tk_trainopts_init(&to);
		c.tz.flags = to.feat.tokflags;
		tk_trainset_init(&c.ts, &to.feat);
		s.record = hold_record;
		s.end = fit_end;
		/* Bad lines and earlier tools' error objects go after the tickets; a summary is
		   a report, with no place for them (they are reported only). */
		s.errors_last = 1;
		s.echo = !c.summary;
	}
	status = tk_stream_run(&s, argv + optind, argc - optind);
	if (save && status != TK_EXIT_FAIL && !c.cl.k)
		cli_warn("no tickets to cluster: %s not written", save);
	if (save && status != TK_EXIT_FAIL && c.cl.k && tk_clusters_save(&c.cl, save, &err) < 0) {
		cli_report(NULL, &err);
		status = TK_EXIT_FAIL;
	}
	for (i = 1; worker && i < jobs; i++) {
		tk_buf_release(&worker[i].text);
		tk_buf_release(&worker[i].out);
		tk_buf_release(&worker[i].words);
		tk_tokens_release(&worker[i].toks);
		tk_cluster_doc_release(&worker[i].doc);
		free(worker[i].sel.found);
	}
	free(worker);
	free(wctx);
	for (i = 0; i < c.nheld; i++)
		free(c.held[i].id);
	free(c.held);
	tk_stream_release(&s);
	tk_clusters_release(&c.cl);
	tk_textsel_release(&c.sel);
	tk_tokens_release(&c.toks);
	tk_wordset_release(&c.stop);
	tk_cluster_doc_release(&c.doc);
	if (!model)
		tk_trainset_release(&c.ts);
	tk_buf_release(&c.text);
	tk_buf_release(&c.out);
	tk_buf_release(&c.words);
	tk_buf_release(&c.lines);
	return cli_exit(status);
}
