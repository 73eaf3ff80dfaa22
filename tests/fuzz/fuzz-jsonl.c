/*
 * The record-stream core: the input is a file of JSON Lines, run through
 * tk_stream_run() twice - as a per-ticket tool (tk-tokenize's work: text,
 * tokens, an edit that replaces a key in place and one that adds a key)
 * and as a batch tool that holds every ticket and writes them at the end
 * (tk-route --sort's way).  Every line written must be JSON, and the
 * per-ticket run must write one line per line read.
 */
#include <json-c/json.h>

#include "fuzz.h"
#include "json.h"
#include "stream.h"
#include "text.h"
#include "token.h"
#include "utf8.h"

struct work {
	struct tk_textsel sel;
	struct tk_tokenizer tz;
	struct tk_tokens toks;
	struct tk_buf text, json;
	/* the batch run's held lines */
	struct tk_buf lines;
	size_t *off, *len;
	unsigned long *lineno;
	size_t n, alloc;
};

static void quiet(void *ctx, const struct tk_error *err)
{
	(void)ctx;
	(void)err;
}

static void edit(struct work *w, struct tk_record *rec)
{
	struct json_object *tier = tk_json_path(rec->obj, "customer.tier");

	tk_tokens_reset(&w->toks);
	tk_tokenize(&w->tz, w->text.buf, w->text.len, &w->toks);
	tk_buf_reset(&w->json);
	tk_tokens_json(&w->toks, 2, &w->json);
	tk_record_put(rec, "tokens", w->json.buf, w->json.len);
	if (tier) {
		size_t cut = w->text.len < 16 ? w->text.len : 16;

		/* the first 16 bytes, less a character they would split */
		while (cut > 0 && cut < w->text.len && (w->text.buf[cut] & 0xc0) == 0x80)
			cut--;
		tk_buf_reset(&w->json);
		tk_json_escape(&w->json, w->text.buf, cut);
		tk_record_replace(rec, "customer.tier", w->json.buf, w->json.len);
	}
	if (json_object_object_get_ex(rec->obj, "id", NULL))
		tk_record_put(rec, "id", "\"x\"", 3);
}

static int tokenize_record(void *ctx, struct tk_record *rec, struct tk_error *err)
{
	struct work *w = ctx;

	if (tk_text_get(&w->sel, rec->obj, &w->text, err) <= 0)
		return TK_RC_BAD;
	if (tk_utf8_check(w->text.buf, w->text.len) != w->text.len)
		fuzz_fail("tk_text_get() gave text that is not UTF-8");
	edit(w, rec);
	return TK_RC_OK;
}

static int hold_record(void *ctx, struct tk_record *rec, struct tk_error *err)
{
	struct work *w = ctx;

	if (tk_text_get(&w->sel, rec->obj, &w->text, err) < 0)
		return TK_RC_BAD;
	if (w->n == w->alloc) {
		w->alloc = w->alloc ? 2 * w->alloc : 16;
		w->off = tk_realloc(w->off, w->alloc * sizeof(*w->off));
		w->len = tk_realloc(w->len, w->alloc * sizeof(*w->len));
		w->lineno = tk_realloc(w->lineno, w->alloc * sizeof(*w->lineno));
	}
	w->off[w->n] = w->lines.len;
	w->len[w->n] = rec->rawlen;
	w->lineno[w->n] = rec->line;
	w->n++;
	tk_buf_add(&w->lines, rec->raw, rec->rawlen);
	return TK_RC_HOLD;
}

/* The held tickets, last first, each parsed again and edited. */
static int hold_end(void *ctx, struct tk_stream *s, struct tk_error *err)
{
	struct work *w = ctx;
	struct json_tokener *tok = json_tokener_new_ex(TK_JSON_MAX_DEPTH + 1);
	struct tk_record rec;
	size_t i;
	int rc = 0;

	for (i = w->n; i-- > 0 && rc == 0;) {
		struct json_object *obj;

		json_tokener_reset(tok);
		obj = json_tokener_parse_ex(tok, w->lines.buf + w->off[i], (int)w->len[i]);
		if (!obj)
			fuzz_fail("a held line does not parse again");
		tk_record_start(s, &rec, obj, "-", w->lineno[i], w->lines.buf + w->off[i], w->len[i]);
		if (tk_text_get(&w->sel, obj, &w->text, err) > 0)
			edit(w, &rec);
		rc = tk_stream_emit(s, &rec, err);
		json_object_put(obj);
	}
	json_tokener_free(tok);
	return rc;
}

/* Check what a run wrote: JSON objects, one a line (blank lines aside); return the number of lines. */
static size_t check_output(const char *out, size_t len)
{
	struct json_tokener *tok = json_tokener_new_ex(TK_JSON_MAX_DEPTH + 2);
	const char *p = out, *end = out + len, *nl;
	size_t n = 0;

	if (len && out[len - 1] != '\n')
		fuzz_fail("the output does not end with a newline");
	for (; p < end; p = nl + 1, n++) {
		struct json_object *o;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == p)
			continue;
		if (tk_utf8_check(p, (size_t)(nl - p)) != (size_t)(nl - p))
			fuzz_fail("an output line is not UTF-8");
		json_tokener_reset(tok);
		o = json_tokener_parse_ex(tok, p, (int)(nl - p));
		if (!o || !json_object_is_type(o, json_type_object) ||
		    json_tokener_get_parse_end(tok) != (size_t)(nl - p)) {
			fprintf(stderr, "fuzz: line: %.*s\n", (int)(nl - p), p);
			fuzz_fail("an output line is not one JSON object");
		}
		json_object_put(o);
	}
	json_tokener_free(tok);
	return n;
}

static void run(struct work *w, const char *path, int batch, const uint8_t *data, size_t size)
{
	char name[64], *files[2];
	struct tk_stream s;
	char *out = NULL;
	size_t outlen = 0, n;
	FILE *f = open_memstream(&out, &outlen);

	if (!f)
		fuzz_fail("open_memstream");
	snprintf(name, sizeof(name), "%s", path);
	files[0] = files[1] = name;
	tk_stream_init(&s);
	s.out = f;
	s.report = quiet;
	s.ctx = w;
	if (batch) {
		s.record = hold_record;
		s.end = hold_end;
		s.errors_last = 1;
		s.on_error = size && data[0] == ' ' ? TK_ON_ERROR_SKIP : TK_ON_ERROR_PASS;
	} else {
		s.record = tokenize_record;
	}
	tk_stream_run(&s, files, batch ? 2 : 1);
	fclose(f);
	n = check_output(out, outlen);
	if (!batch && n != s.lines)
		fuzz_fail("a line in did not give one line out");
	tk_stream_release(&s);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct work w;

	memset(&w, 0, sizeof(w));
	tk_textsel_init(&w.sel);
	tk_tokens_init(&w.toks);
	w.tz.flags = TK_TOK_PH_URL | TK_TOK_PH_EMAIL;
	run(&w, path, 0, data, size);
	run(&w, path, 1, data, size);
	tk_textsel_release(&w.sel);
	tk_tokens_release(&w.toks);
	tk_buf_release(&w.text);
	tk_buf_release(&w.json);
	tk_buf_release(&w.lines);
	free(w.off);
	free(w.len);
	free(w.lineno);
	return 0;
}
