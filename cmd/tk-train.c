/*
 * tk-train: learn a text classifier from labelled tickets and write it to
 * a model file, update a model with new labelled tickets, or merge models
 * trained on shards of the tickets.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "linear.h"

enum {
	OPT_UPDATE = CLI_TOOL_OPTIONS,
	OPT_UPDATE_WEIGHT,
	OPT_VALID,
	OPT_VALID_SHARE,
	OPT_SEED,
	OPT_COST,
	OPT_BALANCED,
	OPT_MIN_COUNT,
	OPT_WORD_NGRAMS,
	OPT_CHAR_NGRAMS,
	OPT_PROGRESS,
	OPT_MERGE
};

static const struct cli_option options[] = {
	{ 'l', "label", "FIELD", "the label to learn is in FIELD (default: label; dotted paths)" },
	{ 'o', "output", "FILE", "write the model to FILE (replaced atomically)" },
	{ 'f', "field", "FIELD", "take the text from FIELD (repeatable; dotted paths)" },
	{ OPT_UPDATE, "update", "FILE", "update the model in FILE with the new tickets" },
	{ OPT_MERGE, "merge", NULL, "merge the models given as operands (trained on shards) into one" },
	{ OPT_UPDATE_WEIGHT, "update-weight", "W",
	  "weight of the new tickets against the model's (default: their share, at least 0.1)" },
	{ OPT_VALID, "valid", "FILE", "calibrate on the tickets in FILE instead of a held-out share" },
	{ OPT_VALID_SHARE, "valid-share", "P", "share of tickets held out to calibrate (default 0.1)" },
	{ OPT_SEED, "seed", "NUM", "seed for the split and the solver's order (default 1)" },
	{ OPT_COST, "cost", "C", "weight of the training loss against the regulariser (default 1)" },
	{ OPT_BALANCED, "balanced", NULL, "weight each label by the inverse of its frequency" },
	{ OPT_MIN_COUNT, "min-count", "NUM", "keep character n-grams seen in at least NUM tickets (default 2)" },
	{ OPT_WORD_NGRAMS, "word-ngrams", "NUM", "word n-grams of 1 to NUM words (default 3; 0: none)" },
	{ OPT_CHAR_NGRAMS, "char-ngrams", "MIN-MAX", "character n-grams of MIN to MAX (default 2-5; 0: none)" },
	{ 'a', "strip-accents", NULL, "remove accents from tokens (é -> e, ł -> l)" },
	{ 'p', "placeholders", "LIST", "replace number,url,email,path (or all) with <num>, <url>..." },
	{ 'j', "jobs", "NUM", "train on NUM threads (default: the number of processors)" },
	{ OPT_PROGRESS, "progress", NULL, "report progress on stderr even when it is not a terminal" },
	CLI_INPUT_OPTIONS
};

static struct cli cli = { "tk-train", "[file ...]",
			  "Learn a text classifier from labelled tickets.", options, 0 };

struct train {
	struct tk_textsel sel;
	struct tk_tokenizer tz;
	struct tk_trainset ts;
	const char *label;
	int heldout;
	int progress;
	struct tk_buf text;
	struct tk_tokens toks;
	/* --merge --valid: the merged model's scores of the tickets, and their labels. */
	const struct tk_linear *model;
	struct tk_linear_doc doc;
	double *vscore;
	uint32_t *vy;
	size_t nval, valloc;
};

/* A ticket's label and tokens into name[0 .. *len) and t->toks; 0, or TK_RC_BAD with err set. */
static int ticket(struct train *t, struct tk_record *rec, const char **name, size_t *len,
		  struct tk_error *err)
{
	struct json_object *v = tk_json_path(rec->obj, t->label);

	if (!v) {
		tk_error_set(err, "no '%s' field", t->label);
		return TK_RC_BAD;
	}
	if (json_object_is_type(v, json_type_object) || json_object_is_type(v, json_type_array)) {
		tk_error_set(err, "'%s' is not a string, number or boolean", t->label);
		return TK_RC_BAD;
	}
	*name = json_object_get_string(v);
	*len = json_object_is_type(v, json_type_string) ? (size_t)json_object_get_string_len(v)
							: strlen(*name);
	if (*len == 0) {
		tk_error_set(err, "empty '%s'", t->label);
		return TK_RC_BAD;
	}
	if (tk_text_tokens(&t->sel, &t->tz, rec->obj, &t->text, &t->toks, err) < 0)
		return TK_RC_BAD;
	return TK_RC_OK;
}

static int train_record(void *ctx, struct tk_record *rec, struct tk_error *err)
{
	struct train *t = ctx;
	const char *name;
	size_t len;

	if (ticket(t, rec, &name, &len, err) != TK_RC_OK)
		return TK_RC_BAD;
	tk_trainset_add(&t->ts, name, len, &t->toks, t->heldout);
	if (t->progress && t->ts.ndoc % 10000 == 0)
		fprintf(stderr, "%s: read %zu tickets%s", cli.prog, t->ts.ndoc,
			isatty(2) ? "\r" : "\n");
	return TK_RC_OK;
}

static void progress(void *ctx, const char *phase, size_t done, size_t total)
{
	(void)ctx;
	fprintf(stderr, "%s: %s: %zu of %zu labels%s", cli.prog, phase, done, total,
		isatty(2) ? (done == total ? "\n" : "\r") : "\n");
}

/* A ticket to calibrate a merged model on: its label and the model's scores. */
static int valid_record(void *ctx, struct tk_record *rec, struct tk_error *err)
{
	struct train *t = ctx;
	const char *name;
	size_t len, nl = t->model->nlabel;
	long y;

	if (ticket(t, rec, &name, &len, err) != TK_RC_OK)
		return TK_RC_BAD;
	if ((y = tk_linear_label(t->model, name, len)) < 0) {
		tk_error_set(err, "unknown label '%.*s': no model to merge has it", (int)(len > 200 ? 200 : len), name);
		return TK_RC_BAD;
	}
	if (t->nval == t->valloc) {
		t->valloc = t->valloc ? 2 * t->valloc : 1024;
		t->vscore = tk_realloc(t->vscore, t->valloc * nl * sizeof(*t->vscore));
		t->vy = tk_realloc(t->vy, t->valloc * sizeof(*t->vy));
	}
	tk_linear_scores(t->model, &t->toks, &t->doc, t->vscore + t->nval * nl);
	t->vy[t->nval++] = (uint32_t)y;
	return TK_RC_OK;
}

/* Read files as a stream, each ticket to t->ts or, with t->model, to calibrate it; return the exit status. */
static int read_tickets(struct train *t, const struct tk_stream *settings, char **files, int n)
{
	struct tk_stream s = *settings;
	int status;

	s.record = t->model ? valid_record : train_record;
	s.ctx = t;
	s.report = cli_report;
	s.echo = 0;
	status = tk_stream_run(&s, files, n);
	tk_stream_release(&s);
	return status;
}

static double seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Say what was learnt, from the summary the model carries. */
static void summary(const struct tk_linear *m, const char *out, double secs)
{
	struct json_object *sum = json_tokener_parse(m->summary), *v;
	double acc = -1;
	long held = 0, merged = 0;
	char from[64] = "";

	if (json_object_object_get_ex(sum, "validation_accuracy", &v) && v)
		acc = json_object_get_double(v);
	if (json_object_object_get_ex(sum, "held_out", &v))
		held = json_object_get_int(v);
	if (json_object_object_get_ex(sum, "merged", &v))
		merged = json_object_get_int(v);
	json_object_put(sum);
	if (merged)
		snprintf(from, sizeof(from), ", merged from %ld model%s", merged, merged == 1 ? "" : "s");
	if (acc >= 0)
		cli_warn("wrote %s: %.0f tickets, %zu labels, %zu features%s; "
			 "accuracy %.4f on %ld held out; %.2f s",
			 out, m->ndocs, m->nlabel, m->nfeat, from, acc, held, secs);
	else
		cli_warn("wrote %s: %.0f tickets, %zu labels, %zu features%s; none held out, %s; %.2f s",
			 out, m->ndocs, m->nlabel, m->nfeat, from,
			 !m->calibrated ? "confidence not calibrated"
			 : merged       ? "calibration merged from the models"
					: "calibration kept from the model updated",
			 secs);
}

static void parse_char_ngrams(struct tk_featcfg *f, const char *arg)
{
	const char *dash = strchr(arg, '-');
	char min[16];

	if (strcmp(arg, "0") == 0) {
		f->char_min = f->char_max = 0;
		return;
	}
	if (!dash || (size_t)(dash - arg) >= sizeof(min))
		cli_die("--char-ngrams: expected MIN-MAX or 0, got '%s'", arg);
	memcpy(min, arg, (size_t)(dash - arg));
	min[dash - arg] = '\0';
	f->char_min = (unsigned)cli_num("char-ngrams", min, 1, 16);
	f->char_max = (unsigned)cli_num("char-ngrams", dash + 1, 1, 16);
	if (f->char_min > f->char_max)
		cli_die("--char-ngrams: MIN %u is larger than MAX %u", f->char_min, f->char_max);
}

/* Whether option id means something with --merge (-l and -f only with --valid). */
static int merge_option(int id)
{
	switch (id) {
	case 'l': case 'o': case 'f': case 'q': case OPT_MERGE: case OPT_VALID: case OPT_PROGRESS:
	case CLI_ON_ERROR:
		return 1;
	default:
		return 0;
	}
}

static const char *option_name(int id)
{
	const struct cli_option *o;

	for (o = options; o->name && o->id != id; o++)
		;
	return o->name ? o->name : "?";
}

/*
 * --merge: merge the models files[0 .. n) into out, calibrated on the
 * tickets of valid when given; return the exit status.
 */
static int merge(struct train *t, const struct tk_stream *settings, char **files, int n,
		 char *valid, const char *out, double t0)
{
	/* m on the heap: t->model points at it while the tickets are read */
	struct tk_linear *in = tk_calloc((size_t)n + 1, sizeof(*in)), *m = tk_calloc(1, sizeof(*m));
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
	const struct tk_linear **inp = tk_calloc((size_t)n + 1, sizeof(*inp));
	struct tk_error err;
	int i, status = TK_EXIT_OK;

	if (n == 0)
		cli_die("--merge needs the models to merge as operands");
	for (i = 0; i < n; i++) {
		if (tk_linear_load(&in[i], files[i], &err) < 0)
			cli_die_error(&err);
		inp[i] = &in[i];
	}
	if (tk_linear_merge(m, inp, (const char *const *)files, (size_t)n, &err) < 0)
		cli_die_error(&err);
	if (valid) {
		t->model = m;
		t->tz.flags = m->feat.tokflags;
		tk_linear_doc_init(&t->doc);
		status = read_tickets(t, settings, &valid, 1);
		tk_linear_doc_release(&t->doc);
		if (t->nval == 0 && status != TK_EXIT_FAIL)
			cli_die("%s: no labelled tickets to calibrate on", valid);
		t->model = NULL;
		tk_linear_calibrate(m, t->vscore, t->vy, t->nval);
	}
	if (status == TK_EXIT_FAIL || (status != TK_EXIT_OK && settings->on_error == TK_ON_ERROR_FAIL)) {
		cli_warn("no model written");
	} else if (tk_linear_save(m, out, &err) < 0) {
		cli_report(NULL, &err);
		status = TK_EXIT_FAIL;
	} else {
		summary(m, out, seconds() - t0);
	}
	tk_linear_release(m);
	free(m);
	for (i = 0; i < n; i++)
		tk_linear_release(&in[i]);
	free(in);
	free(inp);
	free(t->vscore);
	free(t->vy);
	return status;
}

int main(int argc, char **argv)
{
	struct train t = { .label = "label" };
	struct tk_trainopts o;
	struct tk_linear base, m;
	struct tk_stream s;
	struct tk_error err;
	const char *out = NULL, *update = NULL;
	char *valid = NULL;
	char *arg, *validv[1];
	int id, status, featopts = 0, merging = 0, notmerge = 0, textopts = 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	double t0 = seconds();

	cli_init(&cli);
	tk_stream_init(&s);
	tk_textsel_init(&t.sel);
	tk_trainopts_init(&o);
	tk_linear_init(&base);
	tk_tokens_init(&t.toks);
	o.jobs = cpus < 1 ? 1 : cpus > 16 ? 16 : (unsigned)cpus;
	t.progress = isatty(2);
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		if (!merge_option(id))
			notmerge = id;
		textopts |= id == 'l' || id == 'f';
		switch (id) {
		case 'l': t.label = arg; break;
		case 'o': out = arg; break;
		case 'f': tk_textsel_add(&t.sel, arg); break;
		case OPT_UPDATE: update = arg; break;
		case OPT_MERGE: merging = 1; break;
		case OPT_UPDATE_WEIGHT: o.update_weight = cli_real("update-weight", arg, 1e-6, 1e6); break;
		case OPT_VALID: valid = arg; break;
		case OPT_VALID_SHARE: o.valid_share = cli_real("valid-share", arg, 0, 0.9); break;
		case OPT_SEED: o.seed = (uint64_t)cli_num("seed", arg, 0, 0x7fffffffffffffffLL); break;
		case OPT_COST: o.cost = cli_real("cost", arg, 1e-6, 1e6); featopts = 1; break;
		case OPT_BALANCED: o.balanced = 1; featopts = 1; break;
		case OPT_MIN_COUNT: o.min_count = (unsigned)cli_num("min-count", arg, 1, 1000000); featopts = 1; break;
		case OPT_WORD_NGRAMS: o.feat.words = (unsigned)cli_num("word-ngrams", arg, 0, 8); featopts = 1; break;
		case OPT_CHAR_NGRAMS: parse_char_ngrams(&o.feat, arg); featopts = 1; break;
		case 'a': o.feat.tokflags |= TK_TOK_STRIP_ACCENTS; featopts = 1; break;
		case 'p': o.feat.tokflags |= cli_placeholders(arg); featopts = 1; break;
		case 'j': o.jobs = (unsigned)cli_num("jobs", arg, 1, 256); break;
		case OPT_PROGRESS: t.progress = 1; break;
		default:
			if (!cli_stream_option(&cli, id, arg, &s))
				cli_die("option %d not handled", id);
		}
	}
	if (!out)
		cli_die("no model file to write: give -o FILE");
	if (merging && notmerge)
		cli_die("--%s does not apply to --merge, which combines trained models", option_name(notmerge));
	if (merging && textopts && !valid)
		cli_die("--merge reads no tickets without --valid: -l and -f do not apply");
	if (merging) {
		status = merge(&t, &s, argv + optind, argc - optind, valid, out, t0);
		goto out;
	}
	if (!o.feat.words && !o.feat.char_max)
		cli_die("no features: --word-ngrams 0 needs character n-grams");
	if (update) {
		if (featopts)
			cli_die("--update keeps the model's settings; do not give -a, -p, --word-ngrams, "
				"--char-ngrams, --min-count, --cost or --balanced with it");
		if (tk_linear_load(&base, update, &err) < 0)
			cli_die_error(&err);
		tk_trainset_from(&t.ts, &base);
	} else {
		tk_trainset_init(&t.ts, &o.feat);
	}
	t.tz.flags = t.ts.feat.tokflags;
	if (t.progress)
		o.progress = progress;
	status = read_tickets(&t, &s, argv + optind, argc - optind);
	if (valid && (status == TK_EXIT_OK || s.on_error != TK_ON_ERROR_FAIL)) {
		int vstatus;

		validv[0] = valid;
		t.heldout = 1;
		vstatus = read_tickets(&t, &s, validv, 1);
		if (vstatus > status)
			status = vstatus;
		if (t.ts.nheldout == 0 && vstatus != TK_EXIT_FAIL)
			cli_die("%s: no labelled tickets to calibrate on", valid);
	}
	tk_linear_init(&m);
	if (status == TK_EXIT_FAIL || (status != TK_EXIT_OK && s.on_error == TK_ON_ERROR_FAIL)) {
		cli_warn("no model written");
	} else if (tk_linear_train(&m, &t.ts, update ? &base : NULL, &o, &err) < 0) {
		cli_report(NULL, &err);
		status = TK_EXIT_FAIL;
	} else if (tk_linear_save(&m, out, &err) < 0) {
		cli_report(NULL, &err);
		status = TK_EXIT_FAIL;
	} else {
		summary(&m, out, seconds() - t0);
	}
	tk_linear_release(&m);
	tk_trainset_release(&t.ts);
out:
	tk_linear_release(&base);
	tk_textsel_release(&t.sel);
	tk_tokens_release(&t.toks);
	tk_buf_release(&t.text);
	tk_stream_release(&s);
	return cli_exit(status);
}
