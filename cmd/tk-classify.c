/*
 * tk-classify: add "class" to each ticket - the label a model from
 * tk-train gives it, a calibrated confidence, the top labels, every label
 * that applies, and whether a person should look.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "linear.h"

enum { OPT_EXPLAIN = CLI_TOOL_OPTIONS };

static const struct cli_option options[] = {
	{ 'm', "model", "FILE", "the model to classify with (from tk-train)" },
	{ 'k', "top", "NUM", "list the NUM most likely labels (default 3)" },
	{ 't', "threshold", "P", "list every label whose own probability is at least P (default 0.5)" },
	{ 'e', "escalate-below", "P", "escalate when the confidence is below P (default 0.5)" },
	{ OPT_EXPLAIN, "explain", NULL, "add the words that pushed the decision most" },
	{ 'f', "field", "FIELD", "take the text from FIELD (repeatable; dotted paths)" },
	{ 'o', "output-key", "KEY", "write the result under KEY (default: class)" },
	CLI_STREAM_OPTIONS
};

static struct cli cli = { "tk-classify", "-m model [file ...]",
			  "Label each ticket with a model from tk-train.", options, 0 };

#define EXPLAIN_TERMS 5

struct classify {
	struct tk_linear m;
	struct tk_textsel sel;
	struct tk_tokenizer tz;
	struct tk_linear_doc doc;
	size_t top;
	double threshold, escalate;
	int explain;
	const char *key;
	double *score, *p;
	size_t *order, *chosen;
	struct tk_buf text, out, names;
	struct tk_tokens toks;
};

static void add_label(struct tk_buf *b, const char *label)
{
	tk_json_escape(b, label, strlen(label));
}

static int classify_record(void *ctx, struct tk_record *rec, struct tk_error *err)
{
	struct classify *c = ctx;
	const struct tk_linear *m = &c->m;
	struct tk_buf *b = &c->out;
	size_t i, j, n = m->nlabel, nl = 0, nsel;
	double conf;

	if (tk_text_tokens(&c->sel, &c->tz, rec->obj, &c->text, &c->toks, err) < 0)
		return TK_RC_BAD;
	tk_linear_scores(m, &c->toks, &c->doc, c->score);
	tk_linear_softmax(m, c->score, c->p);
	/* The top labels by probability, ties in label order: insertion into a short list. */
	for (i = 0; i < n; i++) {
		size_t at = nl < c->top ? nl : c->top;

		while (at > 0 && c->p[c->order[at - 1]] < c->p[i])
			at--;
		if (at >= c->top)
			continue;
		if (nl < c->top)
			nl++;
		memmove(c->order + at + 1, c->order + at, (nl - 1 - at) * sizeof(*c->order));
		c->order[at] = i;
	}
	conf = c->p[c->order[0]];

	tk_buf_reset(b);
	tk_buf_adds(b, "{\"label\":");
	add_label(b, m->label[c->order[0]]);
	tk_buf_addf(b, ",\"confidence\":%.4f,\"top\":[", conf);
	for (i = 0; i < nl; i++) {
		tk_buf_adds(b, i ? ",{\"label\":" : "{\"label\":");
		add_label(b, m->label[c->order[i]]);
		tk_buf_addf(b, ",\"p\":%.4f}", c->p[c->order[i]]);
	}
	/* Every label that applies on its own, most likely first; the top one when none does. */
	for (i = 0, nsel = 0; i < n; i++) {
		if (tk_linear_applies(m, c->score[i]) < c->threshold)
			continue;
		for (j = nsel++; j > 0 && c->p[c->chosen[j - 1]] < c->p[i]; j--)
			c->chosen[j] = c->chosen[j - 1];
		c->chosen[j] = i;
	}
	if (nsel == 0)
		c->chosen[nsel++] = c->order[0];
	tk_buf_adds(b, "],\"labels\":[");
	for (i = 0; i < nsel; i++) {
		if (i)
			tk_buf_addch(b, ',');
		add_label(b, m->label[c->chosen[i]]);
	}
	if (conf < c->escalate)
		tk_buf_addf(b, "],\"escalate\":true,\"reason\":\"confidence %.2f is below %.2f\"", conf,
			    c->escalate);
	else
		tk_buf_adds(b, "],\"escalate\":false,\"reason\":null");
	if (c->explain) {
		double w[EXPLAIN_TERMS];
		size_t ne = tk_linear_explain(m, &c->toks, &c->doc, c->order[0], EXPLAIN_TERMS,
					      &c->names, w);
		const char *name = c->names.buf;

		tk_buf_adds(b, ",\"explain\":[");
		for (i = 0; i < ne; i++) {
			tk_buf_adds(b, i ? ",{\"feature\":" : "{\"feature\":");
			tk_json_escape(b, name, strlen(name));
			tk_buf_addf(b, ",\"weight\":%.4f}", w[i]);
			name += strlen(name) + 1;
		}
		tk_buf_addch(b, ']');
	}
	tk_buf_addch(b, '}');
	tk_record_put(rec, c->key, b->buf, b->len);
	return TK_RC_OK;
}

int main(int argc, char **argv)
{
	struct classify c = { .top = 3, .threshold = 0.5, .escalate = 0.5, .key = "class" };
	struct tk_stream s;
	struct tk_error err;
	const char *model = NULL;
	char *arg;
	int id, status;

	cli_init(&cli);
	tk_stream_init(&s);
	tk_textsel_init(&c.sel);
	tk_linear_doc_init(&c.doc);
	tk_tokens_init(&c.toks);
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		switch (id) {
		case 'm': model = arg; break;
		case 'k': c.top = (size_t)cli_num("top", arg, 1, 1000); break;
		case 't': c.threshold = cli_real("threshold", arg, 0, 1); break;
		case 'e': c.escalate = cli_real("escalate-below", arg, 0, 1); break;
		case OPT_EXPLAIN: c.explain = 1; break;
		case 'f': tk_textsel_add(&c.sel, arg); break;
		case 'o': c.key = arg; break;
		default:
			if (!cli_stream_option(&cli, id, arg, &s))
				cli_die("option %d not handled", id);
		}
	}
	if (!model)
		cli_die("no model: give -m FILE (made by tk-train)");
	if (tk_linear_load(&c.m, model, &err) < 0)
		cli_die_error(&err);
	c.tz.flags = c.m.feat.tokflags;
	if (c.top > c.m.nlabel)
		c.top = c.m.nlabel;
	c.score = tk_calloc(c.m.nlabel, sizeof(*c.score));
	c.p = tk_calloc(c.m.nlabel, sizeof(*c.p));
	c.order = tk_calloc(c.m.nlabel + 1, sizeof(*c.order));
	c.chosen = tk_calloc(c.m.nlabel + 1, sizeof(*c.chosen));
	s.record = classify_record;
	s.ctx = &c;
	s.report = cli_report;
	status = tk_stream_run(&s, argv + optind, argc - optind);
	tk_stream_release(&s);
	tk_linear_release(&c.m);
	tk_textsel_release(&c.sel);
	tk_linear_doc_release(&c.doc);
	tk_tokens_release(&c.toks);
	tk_buf_release(&c.text);
	tk_buf_release(&c.out);
	tk_buf_release(&c.names);
	free(c.score);
	free(c.p);
	free(c.order);
	free(c.chosen);
	return cli_exit(status);
}
