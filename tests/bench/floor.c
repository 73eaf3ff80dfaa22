/*
 * floor: the least any filter of JSON Lines built on json-c must do, as a
 * reference for the benchmarks: read a line, parse it, add one key, print
 * the object back.  Each line on stdin is parsed with one reused tokener,
 * gets "tokens" set to a JSON string, and is printed plain (no spaces, no
 * escaped slashes) through a 64 KiB stdio buffer.
 *
 * The string added is empty: the floor pays for one new value and one more
 * key, not for any text of its own, so it stays a lower bound on the cost
 * of a tool that adds something it computed.
 *
 * It is written to be honest, not slow: no work beyond that, no shortcut
 * around parsing or printing.  Exit 1 on a line that is not a JSON object
 * or on a read or write error.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <json-c/json.h>

static void die(unsigned long lineno, const char *msg)
{
	fprintf(stderr, "floor: <stdin>:%lu: %s\n", lineno, msg);
	exit(1);
}

int main(void)
{
	static char obuf[64 * 1024];
	struct json_tokener *tok = json_tokener_new();
	struct json_object *obj;
	unsigned long lineno = 0;
	const char *out;
	char *line = NULL;
	size_t cap = 0, outlen, end;
	ssize_t n;

	if (tok == NULL || setvbuf(stdout, obuf, _IOFBF, sizeof(obuf)) != 0)
		die(0, "out of memory");
	while ((n = getline(&line, &cap, stdin)) != -1) {
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n > 0x7fffffff)
			die(lineno, "line too long");
		json_tokener_reset(tok);
		obj = json_tokener_parse_ex(tok, line, (int)n);
		if (obj == NULL && json_tokener_get_error(tok) == json_tokener_continue)
			die(lineno, "unexpected end of line");
		if (obj == NULL)
			die(lineno, json_tokener_error_desc(json_tokener_get_error(tok)));
		if (!json_object_is_type(obj, json_type_object))
			die(lineno, "expected an object");
		for (end = json_tokener_get_parse_end(tok); end < (size_t)n; end++)
			if (!strchr(" \t\r", line[end]))
				die(lineno, "text after the object");
		json_object_object_add(obj, "tokens", json_object_new_string(""));
		out = json_object_to_json_string_length(
			obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &outlen);
		fwrite(out, 1, outlen, stdout);
		putchar('\n');
		json_object_put(obj);
	}
	if (ferror(stdin))
		die(lineno, "read error");
	free(line);
	json_tokener_free(tok);
	if (fflush(stdout) == EOF || ferror(stdout))
		die(lineno, "write error");
	return 0;
}
