/*
 * tk-anomaly: count tickets per key in time windows and raise an alert,
 * with the evidence a bug report needs, when a window's count is far from
 * what the key's weekly baseline expected; or, with --series, watch any
 * series of values.  --scores writes every window (or point) with its
 * score instead of alerts only.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "anomaly.h"
#include "cli.h"
#include "file.h"
#include "num.h"
#include "plot.h"
#include "timestamp.h"
#include "token.h"
#include "wordset.h"

enum { OPT_SERIES = CLI_TOOL_OPTIONS, OPT_SCORES, OPT_CHECK, OPT_STATE, OPT_NOW, OPT_COOLDOWN, OPT_MIN_COUNT,
       OPT_PLOT, OPT_SHARD, OPT_MERGE, OPT_RANGE };

static const struct cli_option options[] = {
	{ 'w', "window", "DURATION", "count tickets in windows of DURATION: 30s, 5m, 1h, 1d (default 1h)" },
	{ 'k', "key", "FIELD", "watch each value of FIELD apart (repeatable; default: all tickets together)" },
	{ 'f', "field", "FIELD", "take the text for the alerts' terms from FIELD (repeatable)" },
	{ 't', "threshold", "P", "alert when the score reaches P, 0..1 (default 0.9999; --series 0.83)" },
	{ OPT_COOLDOWN, "cooldown", "DURATION", "anomalous windows this close are one incident (default 2h)" },
	{ OPT_MIN_COUNT, "min-count", "N", "a spike needs at least N tickets in its window (default 5)" },
	{ OPT_SERIES, "series", NULL, "read points {timestamp, value}, not tickets" },
	{ OPT_RANGE, "range", "LO:HI", "--series: the values' range when it is known (a percentage: 0:100)" },
	{ OPT_SCORES, "scores", NULL, "write every window (or point) with its score, not only alerts" },
	{ OPT_CHECK, "check", NULL, "exit with status 1 when an alert was raised" },
	{ OPT_STATE, "state", "FILE", "start from the baselines kept in FILE and keep them there" },
	{ OPT_NOW, "now", "TIME", "with --state, judge at the end the windows over by TIME (default: now)" },
	{ OPT_PLOT, "plot", "FILE", "draw each key's volume, baseline band and alerts as SVG into FILE" },
	{ OPT_SHARD, "shard", "I/N", "watch only the keys of shard I of N (a fleet of workers shares the keys)" },
	{ OPT_MERGE, "merge", NULL, "merge the state files named as operands into the --state file" },
	CLI_STREAM_OPTIONS
};

static struct cli cli = { "tk-anomaly", "[file ...] | --merge --state file state ...",
			  "Raise alerts, with evidence, when ticket volume per key spikes or drops.", options, 0 };

struct watch {
	struct tk_anomaly an;
	struct tk_stream *s;
	char **keys;
	size_t nkeys;
	struct tk_textsel sel;
	struct tk_tokenizer tz;
	struct tk_wordset stop;
	struct tk_tokens toks;
	struct tk_buf text, name, out, termtext;
	const char **terms;
	size_t termalloc;
	int scores;
	struct json_object *ts; /* --series: the point's timestamp as given */
	const char *plotfile;   /* --plot: every window is drawn, so every one comes to emit() */
	struct tk_plot plot;
	unsigned shard, nshard; /* --shard I/N; nshard 0: every key */
};

/* Parse a duration: a number and a unit (s, m, h, d). */
static double duration(const char *opt, const char *arg)
{
	char *end;
	double v = strtod(arg, &end), unit;

	if (end == arg || !(v > 0) || !isfinite(v))
		cli_die("--%s: '%s' is not a duration such as 30s, 5m, 1h or 1d", opt, arg);
	if (!strcmp(end, "s") || !*end)
		unit = 1;
	else if (!strcmp(end, "m"))
		unit = 60;
	else if (!strcmp(end, "h"))
		unit = 3600;
	else if (!strcmp(end, "d"))
		unit = 86400;
	else
		cli_die("--%s: '%s' is not a duration such as 30s, 5m, 1h or 1d", opt, arg);
	/* Shorter, a window's end may round to its start: windows would close without end. */
	if (v * unit < 1 || v * unit > 10000 * 86400.0)
		cli_die("--%s: '%s' is not a duration from 1s to 10000d", opt, arg);
	return v * unit;
}

static void add_time(struct tk_buf *b, const char *name, double t)
{
	char s[40];

	tk_time_format(t, s, sizeof(s));
	tk_buf_addf(b, ",\"%s\":\"%s\"", name, s);
}

/* A value as JSON: a string escaped, a number as written. */
static void add_json(struct tk_buf *b, struct json_object *v)
{
	const char *s = json_object_get_string(v);

	if (json_object_is_type(v, json_type_string))
		tk_json_escape(b, s, strlen(s));
	else
		tk_buf_adds(b, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
}

static int emit(void *ctx, const struct tk_alert *a)
{
	struct watch *w = ctx;
	struct tk_buf *b = &w->out;
	struct tk_error err;
	size_t i;

	if (w->plotfile) {
		tk_plot_add(&w->plot, a);
		if (!a->alert && !w->scores) /* what is written stays as without --plot */
			return 0;
	}
	tk_buf_reset(b);
	if (w->an.series && w->scores && !a->alert) {
		tk_buf_adds(b, "{\"key\":");
		tk_json_escape(b, a->key->name, strlen(a->key->name));
		tk_buf_adds(b, ",\"timestamp\":");
		add_json(b, w->ts);
		tk_buf_addf(b, ",\"value\":%.17g,\"expected\":%.6g,\"score\":%.9f}", a->observed, a->expected,
			    a->score);
		return tk_stream_write_line(w->s, b->buf, b->len, &err) < 0 ? 2 : 0;
	}
	tk_buf_addf(b, "{\"type\":\"%s\",\"key\":", a->alert ? "alert" : "window");
	tk_json_escape(b, a->key->name, strlen(a->key->name));
	if (w->an.series) {
		tk_buf_adds(b, ",\"timestamp\":");
		add_json(b, w->ts);
	} else {
		add_time(b, "start", a->start);
		add_time(b, "end", a->end);
	}
	tk_buf_addf(b, ",\"observed\":%.17g,\"expected\":%.4g,\"score\":%.9f", a->observed, a->expected,
		    a->score);
	if (!a->judged)
		tk_buf_adds(b, ",\"judged\":false");
	if (a->severity) {
		tk_buf_addf(b, ",\"severity\":\"%s\",\"kind\":\"%s\"", a->severity, a->drop ? "drop" : "spike");
	}
	if (a->alert && !w->an.series) {
		tk_buf_adds(b, ",\"examples\":[");
		for (i = 0; i < a->nexample; i++) {
			if (i)
				tk_buf_addch(b, ',');
			tk_json_escape(b, a->examples[i], strlen(a->examples[i]));
		}
		tk_buf_addf(b, "],\"customers\":%zu,\"terms\":[", a->key->ncustomer);
		for (i = 0; i < a->nterm; i++) {
			if (i)
				tk_buf_addch(b, ',');
			tk_json_escape(b, a->terms[i], strlen(a->terms[i]));
		}
		tk_buf_addch(b, ']');
	}
	tk_buf_addch(b, '}');
	if (tk_stream_write_line(w->s, b->buf, b->len, &err) < 0)
		return 2;
	/* An alert goes out at once: a hook or a tail -f is waiting for it. */
	if (a->alert && fflush(w->s->out) != 0)
		return 2;
	return 0;
}

/* Add "path=value" to names (each value of an array once; objects as their JSON text). */
static void key_names(struct json_object *obj, const char *path, struct tk_buf *names, size_t *n)
{
	struct json_object *v = tk_json_path(obj, path);
	int array = v && json_object_is_type(v, json_type_array);
	size_t i, j, count = array ? json_object_array_length(v) : 1, first = names->len;

	for (i = 0; i < count || (array && i == 0); i++) {
		struct json_object *e = array && count ? json_object_array_get_idx(v, i) : array ? NULL : v;
		const char *s = !e ? "null" : json_object_is_type(e, json_type_string)
						? json_object_get_string(e)
						: json_object_to_json_string_ext(e, JSON_C_TO_STRING_PLAIN);
		size_t at = names->len;
		const char *p;

		tk_buf_addf(names, "%s=%s", path, s);
		/* the same value twice in an array counts once */
		for (j = 0, p = names->buf + first; p < names->buf + at; p += strlen(p) + 1, j++)
			if (strcmp(p, names->buf + at) == 0)
				break;
		if (p < names->buf + at) {
			names->len = at;
			names->buf[at] = '\0';
			continue;
		}
		tk_buf_addch(names, '\0');
		++*n;
	}
}

static int ticket_record(void *ctx, struct tk_record *rec, struct tk_error *err)
{
	struct watch *w = ctx;
	struct json_object *at = tk_json_path(rec->obj, "created_at"), *id, *cust;
	const char *name, *idstr = NULL, *custstr = NULL;
	size_t i, nnames = 0, nterm = 0;
	double t;
	int rc;

	if (tk_json_is_error(rec->obj)) /* an earlier tool's report: already counted there */
		return TK_RC_OK;
	if (!at || tk_time_json(at, &t) < 0) {
		tk_error_set(err, at ? "'created_at' is not a time (RFC 3339 or Unix seconds)" : "no 'created_at'");
		return TK_RC_BAD;
	}
	if ((id = tk_json_path(rec->obj, "id")) != NULL)
		idstr = json_object_get_string(id);
	if ((cust = tk_json_path(rec->obj, "customer.id")) != NULL)
		custstr = json_object_get_string(cust);
	/* The terms: the ticket's words, stopwords and one-letter words left out. */
	tk_buf_reset(&w->termtext);
	if (tk_text_tokens(&w->sel, &w->tz, rec->obj, &w->text, &w->toks, err) == 0) {
		for (i = 0; i < w->toks.n; i++) {
			const char *s = w->toks.text.buf + w->toks.span[i].off;
			size_t len = w->toks.span[i].len;

			if (len < 2 || tk_wordset_get(&w->stop, s, len, NULL) || s[0] == '<')
				continue;
			tk_buf_add(&w->termtext, s, len);
			tk_buf_addch(&w->termtext, '\0');
			nterm++;
		}
	}
	if (nterm > w->termalloc) {
		w->termalloc = nterm;
		w->terms = tk_realloc(w->terms, w->termalloc * sizeof(*w->terms));
	}
	for (i = 0, name = w->termtext.buf; i < nterm; i++, name += strlen(name) + 1)
		w->terms[i] = name;
	tk_buf_reset(&w->name);
	if (!w->nkeys) {
		tk_buf_adds(&w->name, "all");
		tk_buf_addch(&w->name, '\0');
		nnames = 1;
	}
	for (i = 0; i < w->nkeys; i++)
		key_names(rec->obj, w->keys[i], &w->name, &nnames);
	for (i = 0, name = w->name.buf; i < nnames; i++, name += strlen(name) + 1) {
		if (!tk_anomaly_in_shard(name, strlen(name), w->shard, w->nshard))
			continue;
		rc = tk_anomaly_ticket(&w->an, tk_anomaly_key(&w->an, name, strlen(name)), t, idstr, custstr,
				       w->terms, nterm);
		if (rc) {
			tk_error_set(err, "cannot write the output");
			return TK_RC_FATAL;
		}
	}
	return TK_RC_OK;
}

static int point_record(void *ctx, struct tk_record *rec, struct tk_error *err)
{
	struct watch *w = ctx;
	struct json_object *ts = tk_json_path(rec->obj, "timestamp"), *v = tk_json_path(rec->obj, "value");
	const char *name = "all";
	double t, x;
	size_t nnames = 0, at, end;

	if (tk_json_is_error(rec->obj))
		return TK_RC_OK;
	if (!ts || tk_time_json(ts, &t) < 0) {
		tk_error_set(err, ts ? "'timestamp' is not a time" : "no 'timestamp'");
		return TK_RC_BAD;
	}
	if (!v || !(json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)) ||
	    !isfinite(x = json_object_get_double(v))) {
		tk_error_set(err, v ? "'value' is not a number" : "no 'value'");
		return TK_RC_BAD;
	}
	/* json-c clamps an integer beyond 64 bits to INT64_MIN or UINT64_MAX: read it as written. */
	if (json_object_is_type(v, json_type_int) &&
	    (json_object_get_int64(v) == INT64_MIN || json_object_get_uint64(v) == UINT64_MAX) &&
	    tk_json_find_raw(rec->raw, rec->rawlen, "value", &at, &end)) {
		char *num = tk_strndup(rec->raw + at, end - at);

		x = strtod(num, NULL);
		free(num);
	}
	/* The detector keeps sums of squares: a value beyond 1e150 would overflow them. */
	if (!(fabs(x) <= TK_SERIES_MAX)) {
		tk_error_set(err, "'value' is out of range (beyond -1e150 to 1e150)");
		return TK_RC_BAD;
	}
	if (w->nkeys) {
		tk_buf_reset(&w->name);
		key_names(rec->obj, w->keys[0], &w->name, &nnames);
		name = w->name.buf;
	}
	if (!tk_anomaly_in_shard(name, strlen(name), w->shard, w->nshard))
		return TK_RC_OK;
	w->ts = ts;
	if (tk_anomaly_point(&w->an, tk_anomaly_key(&w->an, name, strlen(name)), t, x)) {
		tk_error_set(err, "cannot write the output");
		return TK_RC_FATAL;
	}
	return TK_RC_OK;
}

/* Write the chart to w->plotfile; return 0, or 2 with a message. */
static int write_plot(struct watch *w)
{
	struct tk_buf svg = TK_BUF_INIT;
	struct tk_error err;
	int rc = 0;

	tk_plot_svg(&w->plot, &svg);
	if (tk_file_replace(w->plotfile, svg.buf, svg.len, &err) < 0) {
		cli_report(NULL, &err);
		rc = TK_EXIT_FAIL;
	}
	tk_buf_release(&svg);
	return rc;
}

/* Say which keys could not be judged yet. */
static void too_little(const struct watch *w)
{
	double per_week = 7 * 86400 / w->an.window;
	struct tk_buf b = TK_BUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < w->an.nkey; i++)
		if (!w->an.series && (double)w->an.key[i]->windows < per_week) {
			if (n++ < 5)
				tk_buf_addf(&b, "%s'%s'", n > 1 ? ", " : "", w->an.key[i]->name);
		}
	if (n)
		cli_warn("too little history to judge %zu key%s (a key needs a week): %s%s", n, n == 1 ? "" : "s",
			 b.buf, n > 5 ? ", ..." : "");
	tk_buf_release(&b);
}

/* --shard I/N */
static void parse_shard(struct watch *w, const char *arg)
{
	char *slash = strchr(arg, '/'), *part;

	if (!slash)
		cli_die("--shard: '%s' is not I/N, such as 2/4", arg);
	part = tk_strndup(arg, (size_t)(slash - arg));
	w->nshard = (unsigned)cli_num("shard", slash + 1, 1, 1000000);
	w->shard = (unsigned)cli_num("shard", part, 1, w->nshard);
	free(part);
}

/* --range LO:HI */
static void parse_range(struct watch *w, const char *arg)
{
	const char *colon = strchr(arg + (*arg == '-'), ':');
	char *part;

	if (!colon)
		cli_die("--range: '%s' is not LO:HI, such as 0:100", arg);
	part = tk_strndup(arg, (size_t)(colon - arg));
	w->an.range_lo = cli_real("range", part, -TK_SERIES_MAX, TK_SERIES_MAX);
	w->an.range_hi = cli_real("range", colon + 1, -TK_SERIES_MAX, TK_SERIES_MAX);
	free(part);
	if (w->an.range_lo > w->an.range_hi)
		cli_die("--range: '%s': LO is greater than HI", arg);
	w->an.range = 1;
}

/* --merge: the state files of workers (or one file, to split with --shard) into state. */
static int merge_states(struct watch *w, const char *state, char *const *paths, int n)
{
	struct tk_error err;
	int i;

	if (!state)
		cli_die("--merge needs --state FILE, where the merged state goes");
	if (n < 1)
		cli_die("--merge needs the state files to merge");
	w->an.adopt = 1;
	for (i = 0; i < n; i++)
		if (tk_anomaly_load(&w->an, paths[i], &err) < 0)
			cli_die_error(&err);
	if (w->nshard)
		tk_anomaly_keep_shard(&w->an, w->shard, w->nshard);
	if (tk_anomaly_save(&w->an, state, &err) < 0) {
		cli_report(NULL, &err);
		return TK_EXIT_FAIL;
	}
	return TK_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct watch w;
	struct tk_stream s;
	struct tk_error err;
	const char *state = NULL;
	char *arg;
	double threshold = -1;
	int id, status, check = 0, merge = 0, other = 0;
	const char *const *sw;

	memset(&w, 0, sizeof(w));
	cli_init(&cli);
	tk_stream_init(&s);
	tk_anomaly_init(&w.an);
	tk_textsel_init(&w.sel);
	tk_tokens_init(&w.toks);
	tk_wordset_init(&w.stop);
	tk_plot_init(&w.plot);
	w.keys = tk_calloc((size_t)argc, sizeof(*w.keys));
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		/* what --merge takes from the files, or does not do */
		other |= id == 'w' || id == 'k' || id == 'f' || id == 't' || id == OPT_COOLDOWN || id == OPT_MIN_COUNT || id == OPT_SERIES ||
			 id == OPT_SCORES || id == OPT_CHECK || id == OPT_PLOT || id == OPT_NOW || id == OPT_RANGE;
		switch (id) {
		case 'w': w.an.window = duration("window", arg); break;
		case 'k': w.keys[w.nkeys++] = arg; break;
		case 'f': tk_textsel_add(&w.sel, arg); break;
		case 't': threshold = cli_real("threshold", arg, 0, 1); break;
		case OPT_COOLDOWN: w.an.cooldown = duration("cooldown", arg); break;
		case OPT_MIN_COUNT: w.an.min_count = (uint32_t)cli_num("min-count", arg, 1, 1000000000); break;
		case OPT_SERIES: w.an.series = 1; break;
		case OPT_RANGE: parse_range(&w, arg); break;
		case OPT_SCORES: w.scores = 1; break;
		case OPT_CHECK: check = 1; break;
		case OPT_STATE: state = arg; break;
		case OPT_PLOT: w.plotfile = arg; break;
		case OPT_SHARD: parse_shard(&w, arg); break;
		case OPT_MERGE: merge = 1; break;
		case OPT_NOW:
			if (tk_time_parse_utc(arg, strlen(arg), &w.an.now) < 0 &&
			    tk_strtod(arg, -1e12, 1e12, &w.an.now, &err) < 0)
				cli_die("--now: '%s' is neither an RFC 3339 time nor Unix seconds", arg);
			break;
		default:
			if (!cli_stream_option(&cli, id, arg, &s))
				cli_die("option %d not handled", id);
		}
	}
	if (merge) {
		if (other)
			cli_die("--merge takes state files, --state and --shard: the other settings are the files'");
		status = merge_states(&w, state, argv + optind, argc - optind);
		tk_anomaly_release(&w.an);
		tk_textsel_release(&w.sel);
		tk_tokens_release(&w.toks);
		tk_wordset_release(&w.stop);
		tk_plot_release(&w.plot);
		tk_stream_release(&s);
		free(w.keys);
		return cli_exit(status);
	}
	if (w.an.series && w.nkeys > 1)
		cli_die("--series watches one key field at most");
	if (w.an.range && !w.an.series)
		cli_die("--range is for --series: tickets are counted");
	/* A point's score is mostly the share of its contexts that are new (see SERIES in
	   tk-anomaly(1)): 0.83 asks for nearly all of them, or, in a key's first 150
	   points, about 7 standard deviations. */
	if (w.an.series && threshold < 0)
		threshold = 0.83;
	if (threshold >= 0)
		w.an.threshold = threshold;
	if (state && strcmp(state, "-") == 0)
		cli_die("--state: a state file, not standard output");
	if (w.an.now == -INFINITY)
		w.an.now = (double)time(NULL);
	/* A state file is only good for the same keys. */
	{
		struct tk_buf settings = TK_BUF_INIT;
		size_t i;

		for (i = 0; i < w.nkeys; i++)
			tk_buf_addf(&settings, "%s-k %s", i ? " " : "", w.keys[i]);
		/* the contexts' bins are over the range */
		if (w.an.range)
			tk_buf_addf(&settings, "%s--range %.17g:%.17g", w.nkeys ? " " : "", w.an.range_lo,
				    w.an.range_hi);
		w.an.settings = settings.buf;
	}
	for (sw = tk_stopwords_english(); *sw; sw++)
		tk_wordset_put(&w.stop, *sw, strlen(*sw), 1);
	if (state && access(state, F_OK) == 0 && tk_anomaly_load(&w.an, state, &err) < 0)
		cli_die_error(&err);
	for (id = 0; w.nshard && id < (int)w.an.nkey; id++)
		if (!tk_anomaly_in_shard(w.an.key[id]->name, strlen(w.an.key[id]->name), w.shard, w.nshard))
			cli_die("%s: key %s is not in shard %u/%u (tk-anomaly --merge --shard %u/%u --state NEW %s "
				"keeps only the shard's keys)",
				state, w.an.key[id]->name, w.shard, w.nshard, w.shard, w.nshard, state);
	w.s = &s;
	w.an.emit = emit;
	w.an.ctx = &w;
	w.an.emit_all = w.scores || w.plotfile;
	w.plot.window = w.an.window;
	w.plot.series = w.an.series;
	s.ctx = &w;
	s.report = cli_report;
	s.echo = 0;
	s.record = w.an.series ? point_record : ticket_record;
	status = tk_stream_run(&s, argv + optind, argc - optind);
	if (status != TK_EXIT_FAIL && !(status && s.on_error == TK_ON_ERROR_FAIL)) {
		if (tk_anomaly_finish(&w.an, state != NULL) != 0)
			status = TK_EXIT_FAIL;
		else if (state && tk_anomaly_save(&w.an, state, &err) < 0) {
			cli_report(NULL, &err);
			status = TK_EXIT_FAIL;
		}
		too_little(&w);
		if (w.plotfile && write_plot(&w))
			status = TK_EXIT_FAIL;
	}
	if (check && status == TK_EXIT_OK && w.an.alerts)
		status = TK_EXIT_BAD;
	tk_stream_release(&s);
	tk_anomaly_release(&w.an);
	tk_plot_release(&w.plot);
	tk_textsel_release(&w.sel);
	tk_tokens_release(&w.toks);
	tk_wordset_release(&w.stop);
	tk_buf_release(&w.text);
	tk_buf_release(&w.name);
	tk_buf_release(&w.out);
	tk_buf_release(&w.termtext);
	free(w.terms);
	free(w.keys);
	return cli_exit(status);
}
