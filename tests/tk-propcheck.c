/*
 * tk-propcheck: check the stream contract's properties on a per-ticket
 * tool's input and output (CONTRACT.md section 1):
 *
 *   - one output line per input line;
 *   - a ticket keeps every key it had, in the same order, with the same
 *     value, and gains only the tool's own keys (which replace keys of the
 *     same name where they stood);
 *   - a line that is not a JSON object comes out as an error object that
 *     names its line, and blank lines stay blank.
 *
 * usage: tk-propcheck [-c key] ... input output key ...
 * (-c: a key whose value the tool may change, such as a redacted text field)
 * Prints what is wrong and exits 1, or exits 0 silently.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tk.h"

static int failures;

static void fail(unsigned long line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(unsigned long line, const char *fmt, ...)
{
	va_list ap;

	if (failures++ < 20) {
		fprintf(stderr, "tk-propcheck: line %lu: ", line);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
}

static struct json_object *parse(const char *s, size_t len)
{
	struct json_tokener *tok = json_tokener_new_ex(TK_JSON_MAX_DEPTH);
	struct json_object *o = NULL;

	if (tok && tk_utf8_check(s, len) == len && !memchr(s, '\0', len)) {
		o = json_tokener_parse_ex(tok, s, (int)len);
		if (json_tokener_get_error(tok) != json_tokener_success ||
		    json_tokener_get_parse_end(tok) != len || !json_object_is_type(o, json_type_object)) {
			json_object_put(o);
			o = NULL;
		}
	}
	json_tokener_free(tok);
	return o;
}

static char *may_change[16];
static int nmay_change;

static int in_list(const char *key, char **keys, int nkeys)
{
	int i;

	for (i = 0; i < nkeys; i++)
		if (strcmp(key, keys[i]) == 0)
			return 1;
	return 0;
}

static int blank(const char *s, size_t len)
{
	while (len > 0 && strchr(" \t\r\f\v", s[len - 1]))
		len--;
	return len == 0;
}

/* Check one ticket: the keys of in, in order and equal, then only tool keys. */
static void check_ticket(unsigned long n, struct json_object *in, struct json_object *out, char **keys,
			 int nkeys)
{
	struct json_object_iterator oi = json_object_iter_begin(out), oe = json_object_iter_end(out);

	json_object_object_foreach(in, key, val)
	{
		const char *okey;

		if (json_object_iter_equal(&oi, &oe)) {
			fail(n, "key '%s' lost", key);
			return;
		}
		okey = json_object_iter_peek_name(&oi);
		if (strcmp(okey, key) != 0) {
			fail(n, "key '%s' where '%s' was", okey, key);
			return;
		}
		if (!in_list(key, keys, nkeys) && !in_list(key, may_change, nmay_change) &&
		    !json_object_equal(val, json_object_iter_peek_value(&oi)))
			fail(n, "value of '%s' changed", key);
		json_object_iter_next(&oi);
	}
	for (; !json_object_iter_equal(&oi, &oe); json_object_iter_next(&oi))
		if (!in_list(json_object_iter_peek_name(&oi), keys, nkeys))
			fail(n, "key '%s' added, not the tool's", json_object_iter_peek_name(&oi));
}

int main(int argc, char **argv)
{
	struct tk_reader rin, rout;
	struct tk_error err;
	const char *a, *b;
	size_t alen, blen;
	unsigned long n = 0;
	int gin, gout;

	while (argc > 2 && strcmp(argv[1], "-c") == 0 && nmay_change < 16) {
		may_change[nmay_change++] = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: tk-propcheck [-c key] ... input output key ...\n");
		return 2;
	}
	tk_reader_init(&rin, argv + 1, 1);
	tk_reader_init(&rout, argv + 2, 1);
	for (;;) {
		struct json_object *in, *out;

		gin = tk_reader_next(&rin, &a, &alen, &err);
		gout = tk_reader_next(&rout, &b, &blen, &err);
		if (gin < 0 || gout < 0) {
			fprintf(stderr, "tk-propcheck: %s\n", err.msg);
			return 2;
		}
		if (gin == 0 || gout == 0)
			break;
		n++;
		if (blank(a, alen)) {
			if (!blank(b, blen))
				fail(n, "blank line became '%.40s'", b);
			continue;
		}
		in = parse(a, alen);
		out = parse(b, blen);
		if (!out) {
			fail(n, "output is not a JSON object");
		} else if (in && tk_json_is_error(in)) {
			if (!json_object_equal(in, out))
				fail(n, "an error object from upstream was changed");
		} else if (tk_json_is_error(out)) {
			struct json_object *line;

			if (!json_object_object_get_ex(out, "line", &line) ||
			    json_object_get_int64(line) != (int64_t)n)
				fail(n, "error object does not name line %lu", n);
		} else if (!in) {
			fail(n, "a bad line came out as a ticket");
		} else {
			check_ticket(n, in, out, argv + 3, argc - 3);
		}
		json_object_put(in);
		json_object_put(out);
	}
	if (gin != gout)
		fail(n, "%s has more lines", gin ? "input" : "output");
	tk_reader_release(&rin);
	tk_reader_release(&rout);
	return failures ? 1 : 0;
}
