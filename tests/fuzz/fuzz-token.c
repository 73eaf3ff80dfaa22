/*
 * The tokenizer and the built-in entity kinds: the input, made valid UTF-8
 * as tk_text_get() makes a ticket's text, is tokenized with and without
 * every flag, its tokens and n-grams written as JSON, its entities found,
 * listed and redacted.  The JSON written must parse, every hit must lie
 * inside the text, and redacted text must be UTF-8.
 */
#include <json-c/json.h>

#include "entity.h"
#include "fuzz.h"
#include "token.h"
#include "utf8.h"
#include "wordset.h"

static struct tk_entities ent;
static struct tk_wordset stop;
static int ready;

static void setup(void)
{
	struct tk_error err;
	const char *const *w;

	tk_entities_init(&ent);
	if (tk_entities_add_builtin(&ent, &err) < 0)
		fuzz_fail(err.msg);
	tk_wordset_init(&stop);
	for (w = tk_stopwords_english(); *w; w++)
		tk_wordset_put(&stop, *w, strlen(*w), 1);
	ready = 1;
}

static void check_json(const struct tk_buf *b, json_type type)
{
	struct json_object *o = json_tokener_parse(b->buf);

	if (!o || !json_object_is_type(o, type)) {
		fprintf(stderr, "fuzz: %s\n", b->buf);
		fuzz_fail("tokens or entities are not the JSON they should be");
	}
	json_object_put(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tk_buf text = TK_BUF_INIT, out = TK_BUF_INIT;
	struct tk_tokenizer tz = { 0, NULL };
	struct tk_tokens toks;
	struct tk_error err;
	unsigned long counts[64] = { 0 };
	size_t i;

	if (!ready)
		setup();
	tk_buf_grow(&text, 1); /* a text, even when empty */
	tk_buf_reset(&text);
	tk_utf8_sanitize((const char *)data, size, &text);
	tk_tokens_init(&toks);

	tk_tokenize(&tz, text.buf, text.len, &toks);
	tk_tokens_json(&toks, 3, &out);
	check_json(&out, json_type_array);

	tz.flags = TK_TOK_STRIP_ACCENTS | TK_TOK_PH_NUMBER | TK_TOK_PH_URL | TK_TOK_PH_EMAIL | TK_TOK_PH_PATH;
	tz.stopwords = &stop;
	tk_tokens_reset(&toks);
	tk_tokenize(&tz, text.buf, text.len, &toks);
	for (i = 0; i < toks.n; i++)
		if ((size_t)toks.span[i].off + toks.span[i].len > toks.text.len ||
		    tk_utf8_check(toks.text.buf + toks.span[i].off, toks.span[i].len) != toks.span[i].len)
			fuzz_fail("a token is outside its text or not UTF-8");
	tk_buf_reset(&out);
	tk_tokens_json(&toks, 2, &out);
	check_json(&out, json_type_array);

	tk_entities_find(&ent, text.buf, text.len, &err);
	for (i = 0; i < ent.nhit; i++)
		if (ent.hit[i].kind >= ent.n || ent.hit[i].start > ent.hit[i].end || ent.hit[i].end > text.len)
			fuzz_fail("an entity hit is outside the text");
	tk_buf_reset(&out);
	tk_entities_json(&ent, text.buf, &out);
	check_json(&out, json_type_object);

	if (ent.n > sizeof(counts) / sizeof(counts[0]))
		fuzz_fail("more entity kinds than the harness counts");
	tk_buf_reset(&out);
	tk_entities_redact(&ent, text.buf, text.len, &out, counts, &err);
	if (tk_utf8_check(out.buf ? out.buf : "", out.len) != out.len)
		fuzz_fail("redacted text is not UTF-8");

	tk_tokens_release(&toks);
	tk_buf_release(&text);
	tk_buf_release(&out);
	return 0;
}
