/*
 * Entity pattern files (tk-tokenize -e): the input is a patterns file,
 * loaded with tk_entities_load() and, when it loads, run with the built-in
 * kinds over a ticket's text and over the file itself: find, list and
 * redact.
 */
#include <json-c/json.h>

#include "entity.h"
#include "fuzz.h"
#include "utf8.h"

static const char sample[] =
	"Order #ORD-1234 failed: ORA-00942 after upgrading to v2.3.1 on 2026-11-16.\n"
	"Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, call +1 (555) 010-9999,\n"
	"mail jane.doe@example.com, see https://example.com/x?y=1 from 10.0.0.1; refund $45.00.";

static void run(struct tk_entities *e, const char *s, size_t len)
{
	struct tk_buf out = TK_BUF_INIT;
	struct tk_error err;
	struct json_object *o;
	unsigned long *counts = tk_calloc(e->n + 1, sizeof(*counts));
	size_t i;

	tk_entities_find(e, s, len, &err);
	for (i = 0; i < e->nhit; i++)
		if (e->hit[i].kind >= e->n || e->hit[i].start > e->hit[i].end || e->hit[i].end > len)
			fuzz_fail("an entity hit is outside the text");
	tk_entities_json(e, s, &out);
	if (!(o = json_tokener_parse(out.buf)) || !json_object_is_type(o, json_type_object)) {
		fprintf(stderr, "fuzz: %s\n", out.buf);
		fuzz_fail("the entities are not a JSON object");
	}
	json_object_put(o);
	tk_buf_reset(&out);
	tk_entities_redact(e, s, len, &out, counts, &err);
	tk_buf_release(&out);
	free(counts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tk_entities e;
	struct tk_error err;
	struct tk_buf text = TK_BUF_INIT;

	tk_entities_init(&e);
	if (tk_entities_load(&e, fuzz_file(data, size), &err) == 0) {
		if (tk_entities_add_builtin(&e, &err) < 0)
			fuzz_fail(err.msg);
		run(&e, sample, sizeof(sample) - 1);
		tk_buf_grow(&text, 1);
		tk_buf_reset(&text);
		tk_utf8_sanitize((const char *)data, size, &text);
		run(&e, text.buf, text.len);
	}
	tk_entities_release(&e);
	tk_buf_release(&text);
	return 0;
}
