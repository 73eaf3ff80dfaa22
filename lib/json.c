/*
 * json-c helpers; see json.h.  tk_json_find_raw() lets the stream change a
 * ticket's line in place instead of serializing the whole ticket again.
 */
#include "json.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

struct json_object *tk_json_path(struct json_object *obj, const char *path)
{
	struct json_object *v;
	const char *dot;
	char small[128], *key;

	if (json_object_object_get_ex(obj, path, &v))
		return v;
	while ((dot = strchr(path, '.'))) {
		size_t n = (size_t)(dot - path);
		int found;

		if (!json_object_is_type(obj, json_type_object))
			return NULL;
		key = n < sizeof(small) ? small : tk_malloc(n + 1);
		memcpy(key, path, n);
		key[n] = '\0';
		found = json_object_object_get_ex(obj, key, &obj);
		if (key != small)
			free(key);
		if (!found)
			return NULL;
		path = dot + 1;
	}
	if (!json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, path, &v))
		return NULL;
	return v;
}

/* Skip blanks from i. */
static size_t skip_blank(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* s[i] opens a string: return the index just past its closing quote. */
static size_t skip_string(const char *s, size_t len, size_t i)
{
	for (i++; i < len && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i + 1;
}

/* Return the index just past the value that starts at s[i]. */
static size_t skip_value(const char *s, size_t len, size_t i)
{
	int depth = 0;

	if (s[i] == '"')
		return skip_string(s, len, i);
	if (s[i] != '{' && s[i] != '[') {
		while (i < len && !strchr(",}] \t\r\n", s[i]))
			i++;
		return i;
	}
	for (; i < len; i++) {
		if (s[i] == '"')
			i = skip_string(s, len, i) - 1;
		else if (s[i] == '{' || s[i] == '[')
			depth++;
		else if ((s[i] == '}' || s[i] == ']') && --depth == 0)
			return i + 1;
	}
	return len;
}

/* Does the JSON string literal s[a..b) (quotes included) spell key[0..klen)? */
static int key_is(const char *s, size_t a, size_t b, const char *key, size_t klen)
{
	struct json_object *o;
	char *copy;
	int same;

	if (!memchr(s + a, '\\', b - a))
		return b - a - 2 == klen && memcmp(s + a + 1, key, klen) == 0;
	/* Escapes are rare in keys: let json-c decode this one. */
	copy = tk_strndup(s + a, b - a);
	o = json_tokener_parse(copy);
	free(copy);
	same = o && (size_t)json_object_get_string_len(o) == klen &&
	       memcmp(json_object_get_string(o), key, klen) == 0;
	json_object_put(o);
	return same;
}

/*
 * In the object that opens at s[i], find the value of key[0..klen): the
 * last one when the key is there twice, the one json-c keeps.
 */
static int find_key(const char *s, size_t len, size_t i, const char *key, size_t klen,
		    size_t *start, size_t *end)
{
	int found = 0;

	i = skip_blank(s, len, i);
	if (i >= len || s[i] != '{')
		return 0;
	for (i = skip_blank(s, len, i + 1); i < len && s[i] == '"';) {
		size_t k = i, v;

		i = skip_string(s, len, i);
		v = skip_blank(s, len, skip_blank(s, len, i) + 1); /* past the ':' */
		i = skip_value(s, len, v);
		if (key_is(s, k, skip_string(s, len, k), key, klen)) {
			*start = v;
			*end = i;
			found = 1;
		}
		i = skip_blank(s, len, i);
		if (i < len && s[i] == ',')
			i = skip_blank(s, len, i + 1);
	}
	return found;
}

int tk_json_find_raw(const char *s, size_t len, const char *path, size_t *start, size_t *end)
{
	const char *dot;
	size_t from = 0;

	if (find_key(s, len, 0, path, strlen(path), start, end))
		return 1;
	while ((dot = strchr(path, '.'))) {
		if (!find_key(s, len, from, path, (size_t)(dot - path), start, end))
			return 0;
		from = *start;
		len = *end;
		path = dot + 1;
	}
	return find_key(s, len, from, path, strlen(path), start, end);
}

void tk_json_escape(struct tk_buf *b, const char *str, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i, run = 0;

	tk_buf_grow(b, len + 2);
	tk_buf_addch(b, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];
		char esc[6];
		size_t n = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		tk_buf_add(b, s + run, i - run);
		run = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			/* NOLINTNEXTLINE(bugprone-not-null-terminated-result): esc is bytes */
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		tk_buf_add(b, esc, n);
	}
	tk_buf_add(b, s + run, len - run);
	tk_buf_addch(b, '"');
}

struct json_object *tk_json_error_object(const char *msg, const char *file, unsigned long line,
					 const char *raw, size_t rawlen)
{
	struct json_object *o = json_object_new_object();
	struct tk_buf clean = TK_BUF_INIT;

	tk_utf8_sanitize(raw, rawlen, &clean);
	json_object_object_add(o, "error", json_object_new_string(msg));
	json_object_object_add(o, "file", json_object_new_string(file));
	json_object_object_add(o, "line", json_object_new_int64((int64_t)line));
	json_object_object_add(o, "raw", json_object_new_string_len(clean.buf ? clean.buf : "",
								     (int)clean.len));
	tk_buf_release(&clean);
	return o;
}

int tk_json_is_error(struct json_object *obj)
{
	struct json_object *v;

	return json_object_object_get_ex(obj, "error", &v) && json_object_is_type(v, json_type_string) &&
	       json_object_object_get_ex(obj, "line", &v) && json_object_is_type(v, json_type_int) &&
	       json_object_object_get_ex(obj, "raw", &v) && json_object_is_type(v, json_type_string);
}

const char *tk_json_type_name(struct json_object *obj)
{
	return json_type_to_name(json_object_get_type(obj));
}
