/*
 * Unit tests for lib/json.c: tk_json_path (plain keys, dotted paths, keys
 * holding dots, missing steps, a non-object on the way), tk_json_escape
 * (exact output, and a round trip through json-c's parser over every
 * byte), tk_json_find_raw (the span of a value in the JSON text, checked
 * against tk_json_path), the error objects for bad lines serialized with
 * TK_JSON_FLAGS, tk_json_is_error and tk_json_type_name.
 */
#include <stdlib.h>

#include "buf.h"
#include "json.h"
#include "tap.h"

static struct json_object *parse(const char *text)
{
	struct json_object *o = json_tokener_parse(text);

	if (!o)
		printf("# cannot parse test input: %s\n", text);
	return o;
}

/* The JSON text of tk_json_path(obj, path), or "(null)". */
static const char *at(struct json_object *obj, const char *path)
{
	struct json_object *v = tk_json_path(obj, path);

	return v ? json_object_to_json_string_ext(v, TK_JSON_FLAGS) : "(null)";
}

static void test_path(void)
{
	struct json_object *o =
	    parse("{\"a\":1,\"b\":{\"c\":{\"d\":\"x\"},\"n\":null},\"e.f\":2,"
		  "\"e\":{\"f\":3},\"s\":\"str\",\"arr\":[{\"x\":1}],\"n\":null,"
		  "\"t\":true,\"\":{\"q\":4}}");
	struct json_object *arr = parse("[1,2]");
	struct json_object *deep, *cur;
	struct tk_buf key = TK_BUF_INIT, path = TK_BUF_INIT;
	int i;

	TAP_STR(at(o, "a"), "1", "a plain key");
	TAP_STR(at(o, "b.c.d"), "\"x\"", "a dotted path three deep");
	TAP_STR(at(o, "b.c"), "{\"d\":\"x\"}", "a dotted path to an object");
	TAP_STR(at(o, "e.f"), "2", "a key holding a dot, present whole, wins over the path");
	TAP_STR(at(o, ".q"), "4", "the empty key as a first step");
	TAP_STR(at(o, "x"), "(null)", "a missing key");
	TAP_STR(at(o, "b.x"), "(null)", "a missing last step");
	TAP_STR(at(o, "b.c.x"), "(null)", "a missing last step three deep");
	TAP_STR(at(o, "x.y"), "(null)", "a missing first step");
	TAP_STR(at(o, "b.x.d"), "(null)", "a missing middle step");
	TAP_STR(at(o, "a.b"), "(null)", "a number in the middle");
	TAP_STR(at(o, "s.length"), "(null)", "a string in the middle");
	TAP_STR(at(o, "arr.x"), "(null)", "an array in the middle");
	TAP_STR(at(o, "arr.0"), "(null)", "arrays are not indexed");
	TAP_STR(at(o, "n.x"), "(null)", "null in the middle");
	TAP_STR(at(o, "t.x"), "(null)", "a boolean in the middle");
	TAP_STR(at(o, "b.c.d.e"), "(null)", "a path going past a string");
	TAP_STR(at(arr, "a"), "(null)", "an array is not searched");
	TAP_STR(at(arr, "a.b"), "(null)", "an array is not searched by a dotted path");

	/* Twenty levels deep. */
	deep = json_object_new_object();
	cur = deep;
	for (i = 0; i < 20; i++) {
		struct json_object *next = json_object_new_object();

		json_object_object_add(cur, "k", next);
		cur = next;
		tk_buf_adds(&path, i ? ".k" : "k");
	}
	json_object_object_add(cur, "leaf", json_object_new_int(7));
	tk_buf_adds(&path, ".leaf");
	TAP_STR(at(deep, path.buf), "7", "a path twenty keys deep");

	/* A long key on the way. */
	for (i = 0; i < 300; i++)
		tk_buf_addch(&key, 'a' + i % 26);
	json_object_object_add(deep, key.buf, json_object_new_string("long"));
	TAP_STR(at(deep, key.buf), "\"long\"", "a 300-byte key as a plain key");
	cur = json_object_new_object();
	json_object_object_add(cur, "x", json_object_new_int(1));
	json_object_object_add(deep, "holder", cur);
	cur = json_object_new_object();
	json_object_object_add(cur, "x", json_object_new_int(2));
	json_object_object_add(deep, key.buf, cur);
	tk_buf_adds(&key, ".x");
	TAP_STR(at(deep, key.buf), "2", "a 300-byte key as a step of a dotted path");

	tk_buf_release(&key);
	tk_buf_release(&path);
	json_object_put(deep);
	json_object_put(arr);
	json_object_put(o);
}

/* tk_json_escape of s[0..len) as a C string. */
static const char *esc(const char *s, size_t len)
{
	static struct tk_buf b = TK_BUF_INIT;

	tk_buf_reset(&b);
	tk_json_escape(&b, s, len);
	return b.buf;
}

#define ESC(lit) esc(lit, sizeof(lit) - 1)

static void test_escape(void)
{
	struct tk_buf b = TK_BUF_INIT;
	struct json_object *o;
	char all[300];
	size_t i, n = 0;

	TAP_STR(ESC(""), "\"\"", "the empty string");
	TAP_STR(ESC("plain"), "\"plain\"", "plain text is quoted");
	TAP_STR(ESC("say \"hi\""), "\"say \\\"hi\\\"\"", "quotes are escaped");
	TAP_STR(ESC("a\\b"), "\"a\\\\b\"", "a backslash is escaped");
	TAP_STR(ESC("\n\t\r\b\f"), "\"\\n\\t\\r\\b\\f\"", "the short escapes");
	TAP_STR(ESC("\x01\x1f"), "\"\\u0001\\u001f\"", "other control characters as \\u00XX");
	TAP_STR(ESC("a\0b"), "\"a\\u0000b\"", "a NUL byte as \\u0000");
	TAP_STR(ESC("\x0b"), "\"\\u000b\"", "vertical tab as \\u000b");
	TAP_STR(ESC("a/b"), "\"a/b\"", "'/' is not escaped");
	TAP_STR(ESC("é中😀"), "\"é中😀\"", "UTF-8 is kept as it is");
	TAP_STR(ESC("\"\"\"\\\\"), "\"\\\"\\\"\\\"\\\\\\\\\"", "escapes back to back");
	TAP_STR(esc("abc\"def", 3), "\"abc\"", "only len bytes are read");

	tk_buf_adds(&b, "x=");
	tk_json_escape(&b, "y", 1);
	TAP_STR(b.buf, "x=\"y\"", "escape appends to the buffer");
	TAP_INT(b.len, 5, "len after escape");
	tk_buf_release(&b);

	/* Every byte from 1 to 127, and UTF-8, through json-c's parser and back. */
	for (i = 1; i < 128; i++)
		all[n++] = (char)i;
	memcpy(all + n, "é中😀\0z", 12);
	n += 12;
	tk_json_escape(&b, all, n);
	o = json_tokener_parse(b.buf);
	TAP_OK(o && json_object_is_type(o, json_type_string),
	       "the escaped bytes parse as a JSON string");
	TAP_OK(o && (size_t)json_object_get_string_len(o) == n &&
		       memcmp(json_object_get_string(o), all, n) == 0,
	       "and give back the same bytes");
	json_object_put(o);
	tk_buf_release(&b);
}

/* The text of the span tk_json_find_raw() gives for path in s, or "(none)". */
static const char *span(const char *s, const char *path)
{
	static char res[256];
	size_t start, end;

	if (!tk_json_find_raw(s, strlen(s), path, &start, &end))
		return "(none)";
	if (start > end || end > strlen(s) || end - start >= sizeof(res))
		return "(bad span)";
	memcpy(res, s + start, end - start);
	res[end - start] = '\0';
	return res;
}

static void test_find_raw(void)
{
	static const char *const line =
	    " {\"a\" : 1.50, \"b\":{\"c\": [1, 2], \"d\":\"x}\\\"]\" , \"e\":{}} , \"e.f\": true,"
	    "\"k\\\"q\":null, \"u\\u00e9\":\"v\",\"n\":123456789012345678901234567890,"
	    "\"arr\":[{\"a\":\"]}\"}],\"x\":-1.5e+3 }\t";
	static const char *const paths[] = {
		"a", "b", "b.c", "b.d", "b.e", "e.f", "k\"q", "u\xC3\xA9", "n", "arr", "x", "z",
		"b.z", "a.x", "arr.a", "b.c.d", "e", "b.e.f", NULL
	};
	struct json_object *o = parse(line);
	size_t i;
	int agree = 0, total = 0;

	TAP_STR(span(line, "a"), "1.50", "a number's span, spacing around the colon");
	TAP_STR(span(line, "b"), "{\"c\": [1, 2], \"d\":\"x}\\\"]\" , \"e\":{}}",
		"an object's span");
	TAP_STR(span(line, "b.c"), "[1, 2]", "a dotted path to an array");
	TAP_STR(span("{\"a\":1,\"b\":{\"c\":2},\"a\":3,\"b\":{\"c\":4}}", "a"), "3",
		"a key written twice: the last, as json-c reads it");
	TAP_STR(span("{\"a\":1,\"b\":{\"c\":2},\"a\":3,\"b\":{\"c\":4}}", "b.c"), "4",
		"a path through a key written twice: the last");
	TAP_STR(span(line, "b.d"), "\"x}\\\"]\"", "a string holding } \\\" and ]");
	TAP_STR(span(line, "b.e"), "{}", "an empty object");
	TAP_STR(span(line, "e.f"), "true", "a key holding a dot, present whole");
	TAP_STR(span(line, "k\"q"), "null", "a key written with an escaped quote");
	TAP_STR(span(line, "u\xC3\xA9"), "\"v\"",
		"a key written with \\u00e9 is matched by meaning");
	TAP_STR(span(line, "n"), "123456789012345678901234567890",
		"a number beyond 64 bits, as written");
	TAP_STR(span(line, "arr"), "[{\"a\":\"]}\"}]",
		"an array holding an object and brackets in a string");
	TAP_STR(span(line, "x"), "-1.5e+3", "the last value, before blanks and the brace");
	TAP_STR(span(line, "z"), "(none)", "a missing key");
	TAP_STR(span(line, "b.z"), "(none)", "a missing last step");
	TAP_STR(span(line, "a.x"), "(none)", "a number in the middle");
	TAP_STR(span(line, "arr.a"), "(none)",
		"an array in the middle: the object inside is not searched");
	TAP_STR(span("{\"b\":{\"a\":1},\"a\":2}", "a"), "2",
		"a key of a nested object is not taken for a top-level one");
	TAP_STR(span("{\"x\":\"\\\"a\\\":5\",\"a\":6}", "a"), "6",
		"a key spelt inside a string value is not a key");
	TAP_STR(span("{\"s\":\"a\\\\\",\"t\":1}", "t"), "1",
		"a string ending in an escaped backslash");
	TAP_STR(span("{}", "a"), "(none)", "an empty object");
	TAP_STR(span("{\"e\":{\"f\":3},\"e.f\":2}", "e.f"), "2",
		"the whole dotted key wins over the path");
	TAP_STR(span("{\"e\":{\"f\":3}}", "e.f"), "3", "else the path is followed");

	{
		struct tk_buf longline = TK_BUF_INIT, path = TK_BUF_INIT;

		for (i = 0; i < 300; i++)
			tk_buf_addch(&path, 'a' + (int)(i % 26));
		tk_buf_addf(&longline, "{\"%s\":{\"x\":2}}", path.buf);
		tk_buf_adds(&path, ".x");
		TAP_STR(span(longline.buf, path.buf), "2",
			"a 300-byte key as a step of a dotted path");
		tk_buf_release(&longline);
		tk_buf_release(&path);
	}

	/* tk_json_find_raw agrees with tk_json_path on every path. */
	for (i = 0; paths[i]; i++) {
		struct json_object *v = tk_json_path(o, paths[i]), *w = NULL;
		size_t start, end;
		int found = tk_json_find_raw(line, strlen(line), paths[i], &start, &end);
		int present = v != NULL || (o && json_object_object_get_ex(o, paths[i], NULL)) ||
			      strcmp(paths[i], "k\"q") == 0;

		total++;
		if (found) {
			char *copy = tk_strndup(line + start, end - start);

			w = json_tokener_parse(copy);
			free(copy);
		}
		if (found == present &&
		    (!found || (v == NULL && w == NULL) ||
		     (v && w && strcmp(json_object_to_json_string_ext(v, TK_JSON_FLAGS),
				       json_object_to_json_string_ext(w, TK_JSON_FLAGS)) == 0)))
			agree++;
		else
			printf("# disagree on '%s'\n", paths[i]);
		json_object_put(w);
	}
	TAP_INT(agree, total, "tk_json_find_raw and tk_json_path agree on %d paths", total);
	json_object_put(o);
}

/* The string member key of o, or NULL. */
static const char *member(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : NULL;
}

static void test_error_object(void)
{
	struct json_object *o, *p, *v;
	const char *text;
	char order[64] = "";

	o = tk_json_error_object("expected an object, got array", "in.jsonl", 12, "[1,\"a/b\"]", 9);
	text = json_object_to_json_string_ext(o, TK_JSON_FLAGS);
	TAP_STR(text,
		"{\"error\":\"expected an object, got array\",\"file\":\"in.jsonl\",\"line\":12,"
		"\"raw\":\"[1,\\\"a/b\\\"]\"}",
		"an error object: error, file, line, raw, in that order");
	TAP_INT(tk_json_is_error(o), 1, "tk_json_is_error knows it");
	p = json_tokener_parse(text);
	TAP_INT(tk_json_is_error(p), 1, "and knows it again after a round trip through text");
	json_object_object_foreach(p, k, val)
	{
		(void)val;
		snprintf(order + strlen(order), sizeof(order) - strlen(order), "%s ", k);
	}
	TAP_STR(order, "error file line raw ", "the keys survive in order");
	json_object_put(p);
	json_object_put(o);

	o = tk_json_error_object("invalid UTF-8 at byte 2", "-", 3, "a\xFF" "b\xC3", 4);
	TAP_STR(member(o, "raw"),
		"a\xEF\xBF\xBD"
		"b\xEF\xBF\xBD",
		"invalid bytes in raw become U+FFFD");
	TAP_STR(member(o, "file"), "-", "file '-' for standard input");
	TAP_OK(json_object_object_get_ex(o, "line", &v) && json_object_get_int64(v) == 3,
	       "line is a number");
	json_object_put(o);

	o = tk_json_error_object("NUL byte at byte 2", "f", 1, "a\0b", 3);
	TAP_OK(json_object_object_get_ex(o, "raw", &v) && json_object_get_string_len(v) == 3 &&
		       memcmp(json_object_get_string(v), "a\0b", 3) == 0,
	       "a NUL byte in raw is kept");
	TAP_STR(json_object_to_json_string_ext(o, TK_JSON_FLAGS),
		"{\"error\":\"NUL byte at byte 2\",\"file\":\"f\",\"line\":1,"
		"\"raw\":\"a\\u0000b\"}",
		"and serialized as \\u0000");
	json_object_put(o);

	o = tk_json_error_object("empty", "f", 4000000000ul, "", 0);
	TAP_STR(json_object_to_json_string_ext(o, TK_JSON_FLAGS),
		"{\"error\":\"empty\",\"file\":\"f\",\"line\":4000000000,\"raw\":\"\"}",
		"an empty raw and a line number above 2^31");
	json_object_put(o);
}

static void test_is_error(void)
{
	static const struct {
		const char *text;
		int want;
	} cases[] = {
		{ "{\"error\":\"x\",\"file\":\"f\",\"line\":1,\"raw\":\"r\"}", 1 },
		{ "{\"error\":\"x\",\"line\":1,\"raw\":\"r\",\"file\":\"f\",\"extra\":0}", 1 },
		{ "{\"error\":\"x\"}", 0 },
		{ "{\"error\":\"x\",\"file\":\"f\",\"line\":1}", 0 },
		{ "{\"error\":\"x\",\"file\":\"f\",\"raw\":\"r\"}", 0 },
		{ "{\"error\":1,\"file\":\"f\",\"line\":1,\"raw\":\"r\"}", 0 },
		{ "{\"error\":\"x\",\"file\":\"f\",\"line\":\"1\",\"raw\":\"r\"}", 0 },
		{ "{\"error\":\"x\",\"file\":\"f\",\"line\":1,\"raw\":[]}", 0 },
		{ "{\"subject\":\"error\",\"line\":1,\"raw\":\"r\"}", 0 },
		{ "{}", 0 },
		{ "[\"error\",\"line\",\"raw\"]", 0 },
		{ "\"error\"", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct json_object *o = parse(cases[i].text);

		TAP_INT(tk_json_is_error(o), cases[i].want, "is_error %s", cases[i].text);
		json_object_put(o);
	}
}

static void test_type_name(void)
{
	struct json_object *o =
	    parse("{\"o\":{},\"a\":[],\"s\":\"\",\"i\":1,\"d\":1.5,\"b\":false}");

	TAP_STR(tk_json_type_name(o), "object", "type name of an object");
	TAP_STR(tk_json_type_name(json_object_object_get(o, "a")), "array", "of an array");
	TAP_STR(tk_json_type_name(json_object_object_get(o, "s")), "string", "of a string");
	TAP_STR(tk_json_type_name(json_object_object_get(o, "i")), "int", "of an integer");
	TAP_STR(tk_json_type_name(json_object_object_get(o, "d")), "double", "of a fraction");
	TAP_STR(tk_json_type_name(json_object_object_get(o, "b")), "boolean", "of a boolean");
	TAP_STR(tk_json_type_name(NULL), "null", "of null");
	json_object_put(o);
}

int main(void)
{
	test_path();
	test_escape();
	test_find_raw();
	test_error_object();
	test_is_error();
	test_type_name();
	return tap_done();
}
