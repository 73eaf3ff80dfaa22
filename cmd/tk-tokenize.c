/*
 * tk-tokenize: add "tokens" and "entities" to each ticket, and with
 * --redact mask personal data in its text fields first.
 */
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "cli.h"

enum { OPT_NO_ENTITIES = CLI_TOOL_OPTIONS, OPT_ENTITIES_KEY };

static const struct cli_option options[] = {
	{ 'f', "field", "FIELD", "take the text from FIELD (repeatable; dotted paths)" },
	{ 'a', "strip-accents", NULL, "remove accents from tokens (é -> e, ł -> l)" },
	{ 'p', "placeholders", "LIST", "replace number,url,email,path (or all) with <num>, <url>..." },
	{ 's', "stopwords", "english|FILE", "drop the built-in English stopwords, or those in FILE (repeatable)" },
	{ 'n', "ngrams", "NUM", "add word n-grams up to NUM words long (default 1: none)" },
	{ 'e', "patterns", "FILE", "add entity kinds from FILE, one kind<TAB>pcre2 a line (repeatable)" },
	{ OPT_NO_ENTITIES, "no-entities", NULL, "do not extract entities" },
	{ 'r', "redact", NULL, "mask e-mails, phones, cards, IBANs and IPs in the text fields" },
	{ 'o', "output-key", "KEY", "write the tokens under KEY (default: tokens)" },
	{ OPT_ENTITIES_KEY, "entities-key", "KEY", "write the entities under KEY (default: entities)" },
	CLI_STREAM_OPTIONS
};

static struct cli cli = { "tk-tokenize", "[file ...]", "Add tokens and entities to each ticket.",
			  options, 0 };

struct tokenize {
	struct tk_textsel sel;
	struct tk_tokenizer tz;
	struct tk_wordset stop;
	struct tk_entities ent;
	int entities, redact;
	unsigned ngram;
	const char *tokens_key, *entities_key;
	unsigned long *masked, redacted_tickets; /* per entity kind; tickets with any */
	struct tk_buf text, tokjson, entjson, tmp;
	struct tk_tokens toks;
};

/* Mask personal data in each text field of rec, in place. */
static void redact_fields(struct tokenize *t, struct tk_record *rec)
{
	struct tk_error err;
	size_t i;
	int any = 0;

	for (i = 0; i < t->sel.nfound; i++) {
		struct tk_textfield *f = &t->sel.found[i];
		int n;

		if (!json_object_is_type(f->val, json_type_string))
			continue;
		tk_buf_reset(&t->tmp);
		n = tk_entities_redact(&t->ent, json_object_get_string(f->val),
				       (size_t)json_object_get_string_len(f->val), &t->tmp, t->masked, &err);
		if (n < 0)
			tk_stream_warn(rec->stream, rec, "%s", err.msg);
		if (n != 0) {
			/* The line gets the masked text; the object too, for the tokens. */
			json_object_object_add(f->parent, f->key,
					       json_object_new_string_len(t->tmp.buf, (int)t->tmp.len));
			tk_buf_reset(&t->entjson);
			tk_json_escape(&t->entjson, t->tmp.buf, t->tmp.len);
			tk_record_replace(rec, f->path, t->entjson.buf, t->entjson.len);
			any = 1;
		}
	}
	t->redacted_tickets += (unsigned long)any;
}

static int tokenize_record(void *ctx, struct tk_record *rec, struct tk_error *err)
{
	struct tokenize *t = ctx;

	if (tk_text_get(&t->sel, rec->obj, &t->text, err) <= 0)
		return TK_RC_BAD;
	if (t->redact) {
		redact_fields(t, rec);
		tk_text_get(&t->sel, rec->obj, &t->text, err);
	}
	tk_tokens_reset(&t->toks);
	tk_tokenize(&t->tz, t->text.buf, t->text.len, &t->toks);
	tk_buf_reset(&t->tokjson);
	tk_tokens_json(&t->toks, t->ngram, &t->tokjson);
	tk_record_put(rec, t->tokens_key, t->tokjson.buf, t->tokjson.len);
	if (t->entities) {
		if (tk_entities_find(&t->ent, t->text.buf, t->text.len, err) < 0)
			tk_stream_warn(rec->stream, rec, "%s", err->msg);
		tk_buf_reset(&t->entjson);
		tk_entities_json(&t->ent, t->text.buf, &t->entjson);
		tk_record_put(rec, t->entities_key, t->entjson.buf, t->entjson.len);
	}
	return TK_RC_OK;
}

/* With --redact, a bad line's raw text is masked too before it goes out. */
static void redact_raw(void *ctx, const char *raw, size_t len, struct tk_buf *out)
{
	struct tokenize *t = ctx;
	struct tk_error err;

	tk_buf_reset(&t->tmp);
	tk_utf8_sanitize(raw, len, &t->tmp);
	tk_entities_redact(&t->ent, t->tmp.buf, t->tmp.len, out, t->masked, &err);
}

static void summary(const struct tokenize *t, const struct tk_stream *s)
{
	struct tk_buf b = TK_BUF_INIT;
	unsigned long total = 0;
	size_t k;

	for (k = 0; k < t->ent.n; k++) {
		if (!t->masked[k])
			continue;
		tk_buf_addf(&b, "%s%lu %s", total ? ", " : "", t->masked[k], t->ent.kind[k].name);
		total += t->masked[k];
	}
	cli_warn("redacted %lu value%s in %lu of %lu tickets%s%s", total, total == 1 ? "" : "s",
		 t->redacted_tickets, s->lines, total ? ": " : "", total ? b.buf : "");
	tk_buf_release(&b);
}

int main(int argc, char **argv)
{
	struct tokenize t = { .entities = 1, .ngram = 1, .tokens_key = "tokens",
			      .entities_key = "entities" };
	struct tk_stream s;
	struct tk_error err;
	char **patterns = tk_calloc((size_t)argc, sizeof(*patterns)), **stoplists = tk_calloc((size_t)argc, sizeof(*stoplists));
	size_t npatterns = 0, nstoplists = 0, i;
	char *arg;
	int id, status;

	cli_init(&cli);
	tk_stream_init(&s);
	tk_textsel_init(&t.sel);
	tk_wordset_init(&t.stop);
	tk_entities_init(&t.ent);
	tk_tokens_init(&t.toks);
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		switch (id) {
		case 'f': tk_textsel_add(&t.sel, arg); break;
		case 'a': t.tz.flags |= TK_TOK_STRIP_ACCENTS; break;
		case 'p': t.tz.flags |= cli_placeholders(arg); break;
		case 's': stoplists[nstoplists++] = arg; break;
		case 'n': t.ngram = (unsigned)cli_num("ngrams", arg, 1, 8); break;
		case 'e': patterns[npatterns++] = arg; break;
		case OPT_NO_ENTITIES: t.entities = 0; break;
		case 'r': t.redact = 1; break;
		case 'o': t.tokens_key = arg; break;
		case OPT_ENTITIES_KEY: t.entities_key = arg; break;
		default:
			if (!cli_stream_option(&cli, id, arg, &s))
				cli_die("option %d not handled", id);
		}
	}
	/* Stopword files are folded like the text, so they are read after every option. */
	for (i = 0; i < nstoplists; i++) {
		const char *const *w;

		if (strcmp(stoplists[i], "english") != 0) {
			if (tk_stopwords_load(&t.tz, stoplists[i], &t.stop, &err) < 0)
				cli_die_error(&err);
			continue;
		}
		for (w = tk_stopwords_english(); *w; w++)
			tk_wordset_put(&t.stop, *w, strlen(*w), 1);
	}
	if (nstoplists)
		t.tz.stopwords = &t.stop;
	for (i = 0; i < npatterns; i++)
		if (tk_entities_load(&t.ent, patterns[i], &err) < 0)
			cli_die_error(&err);
	if ((t.entities || t.redact) && tk_entities_add_builtin(&t.ent, &err) < 0)
		cli_die_error(&err);
	t.masked = tk_calloc(t.ent.n, sizeof(*t.masked));
	s.record = tokenize_record;
	s.ctx = &t;
	s.report = cli_report;
	if (t.redact)
		s.raw_filter = redact_raw;
	status = tk_stream_run(&s, argv + optind, argc - optind);
	if (t.redact)
		summary(&t, &s);
	tk_stream_release(&s);
	tk_textsel_release(&t.sel);
	tk_wordset_release(&t.stop);
	tk_entities_release(&t.ent);
	tk_tokens_release(&t.toks);
	tk_buf_release(&t.text);
	tk_buf_release(&t.tokjson);
	tk_buf_release(&t.entjson);
	tk_buf_release(&t.tmp);
	free(t.masked);
	free(patterns);
	free(stoplists);
	return cli_exit(status);
}
