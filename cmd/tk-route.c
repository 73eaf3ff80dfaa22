/*
 * tk-route: add "route" to each ticket - a queue, a priority, an
 * escalation and the reasons - by a routing file or the built-in one;
 * with --sort write the batch by priority, with --assign give tickets to
 * agents, with --explain show how each decision was made.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "num.h"
#include "route.h"
#include "timestamp.h"

enum { OPT_PRINT = CLI_TOOL_OPTIONS, OPT_ESCALATE_BELOW, OPT_NOW, OPT_SORT, OPT_ASSIGN, OPT_EXPLAIN };

static const struct cli_option options[] = {
	{ 'c', "config", "FILE", "route by the routing file FILE (default: the built-in one)" },
	{ OPT_PRINT, "print-config", NULL, "write the built-in routing file and exit" },
	{ 'f', "field", "FIELD", "take the text for text rules from FIELD (repeatable; dotted paths)" },
	{ 'o', "output-key", "KEY", "write the result under KEY (default: route)" },
	{ OPT_ESCALATE_BELOW, "escalate-below", "P", "escalate when class.confidence is below P (0..1)" },
	{ OPT_NOW, "now", "TIME", "measure SLA time at TIME, RFC 3339 or Unix seconds (default: now)" },
	{ OPT_SORT, "sort", NULL, "read the whole batch and write it by priority, highest first" },
	{ OPT_ASSIGN, "assign", "FILE", "give each ticket to an agent of the roster in FILE" },
	{ OPT_EXPLAIN, "explain", NULL, "write how each decision was made, as text" },
	CLI_STREAM_OPTIONS
};

static struct cli cli = { "tk-route", "[file ...]",
			  "Add a queue, a priority and an escalation, with reasons, to each ticket.",
			  options, 0 };

struct router {
	struct tk_route r;
	struct tk_route_result res;
	struct tk_roster roster;
	int assign, explain, sort;
	const char *key;
	struct tk_buf out;
	/* --sort: the tickets held, their lines in one buffer */
	struct tk_buf lines;
	struct held {
		size_t off, len;
		const char *file;
		unsigned long line;
		double priority;
	} *held;
	size_t nheld, heldalloc;
	struct json_tokener *tok;
};

/* Route one ticket and write it (or, with --explain, how it was routed). */
static int route_one(struct router *rt, struct tk_record *rec, struct tk_error *err)
{
	struct tk_stream *s = rec->stream;
	struct tk_route_result *res = &rt->res;
	struct tk_error warn;
	const char *id;

	if (tk_route_ticket(&rt->r, rec->obj, res, &warn))
		tk_stream_warn(s, rec, "%s", warn.msg);
	if (rt->assign)
		tk_roster_assign(&rt->roster, rec->obj, res);
	tk_buf_reset(&rt->out);
	if (!rt->explain) {
		tk_route_result_json(res, rt->assign, &rt->out);
		tk_record_put(rec, rt->key, rt->out.buf, rt->out.len);
		return rt->sort ? tk_stream_emit(s, rec, err) : 0;
	}
	id = json_object_get_string(tk_json_path(rec->obj, "id"));
	tk_buf_addf(&rt->out, "%s (%s:%lu): queue %s, priority %.1f%s%s%s\n%sreasons:\n",
		    id ? id : "ticket", rec->file, rec->line, res->queue.buf, res->priority,
		    res->escalate ? ", escalate" : "", res->agent ? ", agent " : "",
		    res->agent ? res->agent : "", res->trace.buf ? res->trace.buf : "");
	for (const char *r = res->reasons.buf; r && r < res->reasons.buf + res->reasons.len; r += strlen(r) + 1)
		tk_buf_addf(&rt->out, "  - %s\n", r);
	return tk_stream_write_line(s, rt->out.buf, rt->out.len, err);
}

static int route_record(void *ctx, struct tk_record *rec, struct tk_error *err)
{
	struct router *rt = ctx;

	if (tk_json_is_error(rec->obj)) { /* --explain: an earlier tool's error object */
		tk_buf_reset(&rt->out);
		tk_buf_addf(&rt->out, "(%s:%lu: an earlier tool's error object, not routed)\n", rec->file,
			    rec->line);
		return tk_stream_write_line(rec->stream, rt->out.buf, rt->out.len, err) < 0 ? TK_RC_FATAL
											     : TK_RC_OK;
	}
	if (route_one(rt, rec, err) < 0)
		return TK_RC_FATAL;
	tk_route_observe(&rt->r, rec->obj);
	return TK_RC_OK;
}

/* --sort: keep the line, and what it tells about the others, for the end. */
static int hold_record(void *ctx, struct tk_record *rec, struct tk_error *err)
{
	struct router *rt = ctx;

	(void)err;
	if (rt->nheld == rt->heldalloc) {
		rt->heldalloc = rt->heldalloc ? 2 * rt->heldalloc : 1024;
		rt->held = tk_realloc(rt->held, rt->heldalloc * sizeof(*rt->held));
	}
	rt->held[rt->nheld++] = (struct held){ rt->lines.len, rec->rawlen, rec->file, rec->line, 0 };
	tk_buf_add(&rt->lines, rec->raw, rec->rawlen);
	tk_route_observe(&rt->r, rec->obj);
	return TK_RC_HOLD;
}

static struct json_object *parse_held(struct router *rt, const struct held *h)
{
	json_tokener_reset(rt->tok);
	return json_tokener_parse_ex(rt->tok, rt->lines.buf + h->off, (int)h->len);
}

static int by_priority(const void *a, const void *b)
{
	const struct held *x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority > y->priority ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off; /* stable: input order */
}

/* --sort: route every ticket knowing the whole batch, then write them by priority. */
static int sort_end(void *ctx, struct tk_stream *s, struct tk_error *err)
{
	struct router *rt = ctx;
	struct tk_error warn;
	struct tk_record rec;
	size_t i;
	int rc = 0;

	for (i = 0; i < rt->nheld; i++) {
		struct json_object *obj = parse_held(rt, &rt->held[i]);

		tk_route_ticket(&rt->r, obj, &rt->res, &warn);
		rt->held[i].priority = rt->res.priority;
		json_object_put(obj);
	}
	qsort(rt->held, rt->nheld, sizeof(*rt->held), by_priority);
	for (i = 0; i < rt->nheld && rc == 0; i++) {
		const struct held *h = &rt->held[i];
		struct json_object *obj = parse_held(rt, h);

		tk_record_start(s, &rec, obj, h->file, h->line, rt->lines.buf + h->off, h->len);
		rc = route_one(rt, &rec, err);
		json_object_put(obj);
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct router rt = { .key = "route" };
	struct tk_stream s;
	struct tk_error err;
	const char *config = NULL, *roster = NULL;
	char *arg;
	double below = -1, now = (double)time(NULL);
	int id, status;

	cli_init(&cli);
	tk_stream_init(&s);
	tk_route_init(&rt.r);
	tk_route_result_init(&rt.res);
	tk_roster_init(&rt.roster);
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		switch (id) {
		case 'c': config = arg; break;
		case OPT_PRINT: fputs(tk_route_default_config, stdout); return cli_exit(0);
		case 'f': tk_textsel_add(&rt.r.sel, arg); break;
		case 'o': rt.key = arg; break;
		case OPT_ESCALATE_BELOW: below = cli_real("escalate-below", arg, 0, 1); break;
		case OPT_NOW:
			if (tk_time_parse(arg, strlen(arg), &now) < 0 && tk_strtod(arg, -1e12, 1e12, &now, &err) < 0)
				cli_die("--now: '%s' is neither an RFC 3339 time nor Unix seconds", arg);
			break;
		case OPT_SORT: rt.sort = 1; break;
		case OPT_ASSIGN: roster = arg; break;
		case OPT_EXPLAIN: rt.explain = 1; break;
		default:
			if (!cli_stream_option(&cli, id, arg, &s))
				cli_die("option %d not handled", id);
		}
	}
	if (tk_route_load(&rt.r, config, &err) < 0)
		cli_die_error(&err);
	if (roster && tk_roster_load(&rt.roster, roster, &err) < 0)
		cli_die_error(&err);
	rt.assign = roster != NULL;
	rt.r.now = now;
	rt.r.trace = rt.explain;
	rt.r.batch = rt.sort;
	if (below >= 0)
		rt.r.below_confidence = below;
	s.ctx = &rt;
	s.report = cli_report;
	s.record = route_record;
	s.echo = !rt.explain;
	if (rt.sort) {
		/* Bad lines and earlier tools' error objects go after the sorted tickets. */
		s.record = hold_record;
		s.end = sort_end;
		s.echo = 1;
		s.errors_last = 1;
		rt.tok = json_tokener_new_ex(TK_JSON_MAX_DEPTH + 1); /* the stream's depth */
	}
	status = tk_stream_run(&s, argv + optind, argc - optind);
	if (rt.tok)
		json_tokener_free(rt.tok);
	tk_stream_release(&s);
	tk_route_release(&rt.r);
	tk_route_result_release(&rt.res);
	tk_roster_release(&rt.roster);
	tk_buf_release(&rt.out);
	tk_buf_release(&rt.lines);
	free(rt.held);
	return cli_exit(status);
}
