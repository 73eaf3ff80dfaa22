/*
 * json-c helpers; see json.h.  The raw values let a tool build the JSON
 * for its own keys straight into a buffer, instead of allocating a json-c
 * object per token only to serialize it again.
 */
#include "json.h"

#include <string.h>

#include "utf8.h"

struct json_object *tk_json_path(struct json_object *obj, const char *path)
{
	struct json_object *v;
	const char *dot;
	char key[256];

	if (json_object_object_get_ex(obj, path, &v))
		return v;
	while ((dot = strchr(path, '.'))) {
		size_t n = (size_t)(dot - path);

		if (n >= sizeof(key) || !json_object_is_type(obj, json_type_object))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		if (!json_object_object_get_ex(obj, key, &obj))
			return NULL;
		path = dot + 1;
	}
	if (!json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, path, &v))
		return NULL;
	return v;
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

static int raw_serialize(struct json_object *jso, struct printbuf *pb, int level, int flags)
{
	const struct tk_buf *text = json_object_get_userdata(jso);

	(void)level;
	(void)flags;
	return printbuf_memappend(pb, text->buf, (int)text->len) < 0 ? -1 : 0;
}

struct json_object *tk_json_new_raw(const struct tk_buf *text)
{
	struct json_object *v = json_object_new_array();

	if (v)
		json_object_set_serializer(v, raw_serialize, (void *)(uintptr_t)text, NULL);
	return v;
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
