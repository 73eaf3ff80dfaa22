/*
 * Unit tests for lib/text.c: the default text of a ticket (subject and
 * body joined, only one of them, text, description, and which wins),
 * fields named with -f (one, several in order, dotted paths, missing ones
 * skipped, all missing), numbers and booleans as their JSON text, null as
 * absent, objects and arrays refused, invalid UTF-8 made safe, and the
 * found[] records (path, parent, key, value).
 */
#include "json.h"
#include "tap.h"
#include "text.h"

static struct tk_textsel sel;
static struct tk_buf out = TK_BUF_INIT;
static struct tk_error err;
static struct json_object *obj;

/* Run tk_text_get on the JSON text with the fields named (NULL-terminated). */
static int get(const char *json, const char *const *fields)
{
	json_object_put(obj);
	obj = json_tokener_parse(json);
	if (!obj)
		printf("# cannot parse test input: %s\n", json);
	tk_textsel_release(&sel);
	for (; fields && *fields; fields++)
		tk_textsel_add(&sel, *fields);
	strcpy(err.msg, "(no message)");
	tk_buf_reset(&out);
	tk_buf_adds(&out, "stale text from before");
	return tk_text_get(&sel, obj, &out, &err);
}

static const char *text(void)
{
	return out.buf ? out.buf : "";
}

static void test_defaults(void)
{
	TAP_INT(get("{\"subject\":\"Hi\",\"body\":\"There\"}", NULL), 2,
		"subject and body: 2 fields");
	TAP_STR(text(), "Hi\nThere", "subject and body joined by a newline");
	TAP_OK(sel.nfound == 2 && sel.found[0].parent == obj && sel.found[1].parent == obj,
	       "found[]: both fields are the ticket's own");
	TAP_STR(sel.nfound == 2 ? sel.found[0].key : NULL, "subject", "found[0].key is subject");
	TAP_STR(sel.nfound == 2 ? sel.found[1].key : NULL, "body", "found[1].key is body");
	TAP_STR(sel.nfound == 2 ? sel.found[1].path : NULL, "body",
		"found[1].path is the default name");
	TAP_INT(get("{\"body\":\"There\",\"subject\":\"Hi\"}", NULL), 2,
		"whatever their order in the ticket");
	TAP_STR(text(), "Hi\nThere", "subject still comes first");
	TAP_INT(get("{\"subject\":\"Only\"}", NULL), 1, "only a subject: 1 field");
	TAP_STR(text(), "Only", "only the subject");
	TAP_INT(get("{\"body\":\"Just body\"}", NULL), 1, "only a body: 1 field");
	TAP_STR(text(), "Just body", "only the body");
	TAP_INT(get("{\"text\":\"T\"}", NULL), 1, "text alone");
	TAP_STR(text(), "T", "text is used");
	TAP_INT(get("{\"description\":\"D\"}", NULL), 1, "description alone");
	TAP_STR(text(), "D", "description is used");
	TAP_INT(get("{\"subject\":\"S\",\"text\":\"T\",\"description\":\"D\"}", NULL), 1,
		"subject beats text and description");
	TAP_STR(text(), "S", "only the subject is taken");
	TAP_INT(get("{\"body\":\"B\",\"description\":\"D\"}", NULL), 1, "body beats description");
	TAP_STR(text(), "B", "only the body is taken");
	TAP_INT(get("{\"description\":\"D\",\"text\":\"T\"}", NULL), 1, "text beats description");
	TAP_STR(text(), "T", "only text is taken");
	TAP_INT(get("{\"subject\":\"\",\"body\":\"\"}", NULL), 2, "empty strings are present");
	TAP_STR(text(), "\n", "two empty fields joined");
	TAP_INT(get("{\"id\":1,\"title\":\"x\"}", NULL), 0, "no text field: 0");
	TAP_STR(err.msg, "no text: none of 'subject', 'body', 'text', 'description'",
		"the message for no default field");
	TAP_STR(text(), "", "no text: out is emptied");
	TAP_INT(get("{}", NULL), 0, "an empty ticket: 0");
	TAP_INT(get("{\"Subject\":\"x\"}", NULL), 0, "keys are case-sensitive");
}

static void test_fields(void)
{
	static const char *const title[] = { "title", NULL };
	static const char *const ba[] = { "b", "a", NULL };
	static const char *const dotted[] = { "customer.note", NULL };
	static const char *const deep[] = { "a.b.c", NULL };
	static const char *const some[] = { "x", "a", "y", NULL };
	static const char *const none[] = { "x", "y", NULL };
	static const char *const whole[] = { "customer.tier", NULL };
	struct json_object *customer;

	TAP_INT(get("{\"title\":\"X\",\"subject\":\"S\",\"body\":\"B\"}", title), 1,
		"-f title: 1 field");
	TAP_STR(text(), "X", "a named field replaces the default");
	TAP_INT(get("{\"a\":\"A\",\"b\":\"B\"}", ba), 2, "-f b -f a: 2 fields");
	TAP_STR(text(), "B\nA", "named fields in the order named");
	TAP_INT(get("{\"customer\":{\"note\":\"N\",\"tier\":\"gold\"}}", dotted), 1,
		"a dotted path");
	TAP_STR(text(), "N", "the dotted path's value");
	customer = json_object_object_get(obj, "customer");
	TAP_OK(sel.nfound == 1 && sel.found[0].parent == customer,
	       "found[0].parent is the inner object");
	TAP_STR(sel.nfound ? sel.found[0].key : NULL, "note", "found[0].key is the last step");
	TAP_STR(sel.nfound ? sel.found[0].path : NULL, "customer.note",
		"found[0].path is the path named");
	TAP_OK(sel.nfound == 1 && sel.found[0].val == json_object_object_get(customer, "note"),
	       "found[0].val is the value itself");
	TAP_INT(get("{\"a\":{\"b\":{\"c\":\"deep\"}}}", deep), 1, "a path three deep");
	TAP_STR(text(), "deep", "its value");
	TAP_OK(sel.nfound == 1 && sel.found[0].parent ==
				      json_object_object_get(json_object_object_get(obj, "a"), "b"),
	       "found[0].parent three deep is a.b");
	TAP_STR(sel.nfound ? sel.found[0].key : NULL, "c", "and the key is c");
	TAP_INT(get("{\"customer.tier\":\"gold\",\"customer\":{\"tier\":\"silver\"}}", whole), 1,
		"a key holding a dot, present whole");
	TAP_STR(text(), "gold", "the whole key wins over the path");
	TAP_OK(sel.nfound == 1 && sel.found[0].parent == obj, "its parent is the ticket");
	TAP_STR(sel.nfound ? sel.found[0].key : NULL, "customer.tier", "its key is the whole key");
	TAP_INT(get("{\"a\":\"A\"}", some), 1, "missing named fields are skipped");
	TAP_STR(text(), "A", "the one present is used");
	TAP_INT(get("{\"subject\":\"S\"}", title), 0, "the one named field is missing: 0");
	TAP_STR(err.msg, "no text: field 'title' is missing or null", "the message for one field");
	TAP_INT(get("{\"subject\":\"S\"}", none), 0, "all named fields missing: 0");
	TAP_STR(err.msg, "no text: none of the fields given with -f holds a value",
		"the message for several fields");
	TAP_STR(text(), "", "out is emptied");
}

static void test_types(void)
{
	static const char *const ab[] = { "a", "b", NULL };
	static const char *const nested[] = { "c.d", NULL };

	TAP_INT(get("{\"subject\":42,\"body\":true}", NULL), 2,
		"a number and a boolean count as text");
	TAP_STR(text(), "42\ntrue", "as their JSON text");
	TAP_INT(get("{\"subject\":false,\"body\":-7}", NULL), 2, "false and a negative number");
	TAP_STR(text(), "false\n-7", "as their JSON text");
	TAP_INT(get("{\"a\":1.50,\"b\":1e5}", ab), 2, "fractions");
	TAP_STR(text(), "1.50\n1e5", "fractions as written");
	TAP_INT(get("{\"subject\":null,\"body\":\"B\"}", NULL), 1, "a null subject is absent");
	TAP_STR(text(), "B", "the body alone");
	TAP_INT(get("{\"subject\":null,\"body\":null,\"text\":\"T\"}", NULL), 1,
		"null subject and body: falls back to text");
	TAP_STR(text(), "T", "text is used");
	TAP_INT(get("{\"subject\":null}", NULL), 0, "only null: no text");
	TAP_INT(get("{\"a\":null,\"b\":\"B\"}", ab), 1, "a null named field is skipped");
	TAP_INT(get("{\"subject\":{\"x\":1},\"body\":\"B\"}", NULL), -1, "an object: -1");
	TAP_STR(err.msg, "field 'subject' holds an object, not text", "the message for an object");
	TAP_INT(get("{\"subject\":\"S\",\"body\":[1,2]}", NULL), -1, "an array: -1");
	TAP_STR(err.msg, "field 'body' holds an array, not text", "the message for an array");
	TAP_INT(get("{\"c\":{\"d\":[]}}", nested), -1, "an array at a dotted path: -1");
	TAP_STR(err.msg, "field 'c.d' holds an array, not text", "the message names the path");
	TAP_INT(get("{\"subject\":\"a\\u0000b\"}", NULL), 1, "a string holding \\u0000");
	TAP_OK(out.len == 3 && memcmp(out.buf, "a\0b", 3) == 0, "the NUL byte is kept, len is 3");
}

static void test_utf8(void)
{
	struct json_object *o = json_object_new_object();
	int n;

	json_object_object_add(o, "subject", json_object_new_string("caf\xC3\xA9 \xFF!"));
	json_object_object_add(o, "body", json_object_new_string("\xE2\x82"));
	tk_textsel_release(&sel);
	n = tk_text_get(&sel, o, &out, &err);
	TAP_INT(n, 2, "fields holding invalid UTF-8 are still used");
	TAP_STR(text(), "caf\xC3\xA9 \xEF\xBF\xBD!\n\xEF\xBF\xBD\xEF\xBF\xBD",
		"invalid bytes become U+FFFD, valid ones stay");
	TAP_OK(sel.nfound == 2 && sel.found[0].val == json_object_object_get(o, "subject") &&
		       sel.found[1].parent == o,
	       "found[] still describes the fields");
	TAP_INT(get("{\"subject\":\"\\ud83d\\ude00 ok\"}", NULL), 1, "an escaped surrogate pair");
	TAP_STR(text(), "😀 ok", "decodes to the emoji");
	json_object_put(o);
}

int main(void)
{
	tk_textsel_init(&sel);
	test_defaults();
	test_fields();
	test_types();
	test_utf8();
	tk_textsel_release(&sel);
	tk_buf_release(&out);
	json_object_put(obj);
	return tap_done();
}
