/* Finding a ticket's text; see text.h. */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "token.h"
#include "utf8.h"

void tk_textsel_init(struct tk_textsel *t)
{
	memset(t, 0, sizeof(*t));
}

void tk_textsel_release(struct tk_textsel *t)
{
	size_t i;

	for (i = 0; i < t->npaths; i++)
		free(t->paths[i]);
	free(t->paths);
	free(t->found);
	tk_textsel_init(t);
}

void tk_textsel_add(struct tk_textsel *t, const char *path)
{
	size_t i;

	/* A field named twice is used once: its text is not doubled, nor rewritten twice. */
	for (i = 0; i < t->npaths; i++)
		if (strcmp(t->paths[i], path) == 0)
			return;
	t->paths = tk_realloc(t->paths, (t->npaths + 1) * sizeof(*t->paths));
	t->paths[t->npaths++] = tk_strdup(path);
}

/*
 * Find path in obj: the value and the object holding it.  A key that
 * contains dots is found whole before the path is split.
 */
static struct json_object *lookup(struct json_object *obj, const char *path,
				  struct json_object **parent, const char **key)
{
	const char *dot = strrchr(path, '.');
	struct json_object *v;

	*parent = obj;
	*key = path;
	if (json_object_object_get_ex(obj, path, &v) || !dot)
		return v;
	v = tk_json_path(obj, path);
	if (v) {
		char *head = tk_strndup(path, (size_t)(dot - path));

		*parent = tk_json_path(obj, head);
		*key = dot + 1;
		free(head);
	}
	return v;
}

/* Add the field at path to t->found when present; -1 when it is not text. */
static int use(struct tk_textsel *t, struct json_object *obj, const char *path,
	       struct tk_error *err)
{
	struct tk_textfield *f;
	struct json_object *parent, *v;
	const char *key;

	v = lookup(obj, path, &parent, &key);
	if (!v)
		return 0;
	if (json_object_is_type(v, json_type_object) || json_object_is_type(v, json_type_array)) {
		tk_error_set(err, "field '%s' holds an %s, not text", path, tk_json_type_name(v));
		return -1;
	}
	if (t->nfound == t->foundalloc) {
		t->foundalloc = t->foundalloc ? 2 * t->foundalloc : 4;
		t->found = tk_realloc(t->found, t->foundalloc * sizeof(*t->found));
	}
	f = &t->found[t->nfound++];
	f->path = path;
	f->parent = parent;
	f->key = key;
	f->val = v;
	return 1;
}

int tk_text_get(struct tk_textsel *t, struct json_object *obj, struct tk_buf *out,
		struct tk_error *err)
{
	static const char *const defaults[][2] = {
		{ "subject", "body" }, { "text", NULL }, { "description", NULL }
	};
	size_t i, j;

	t->nfound = 0;
	tk_buf_reset(out);
	if (t->npaths) {
		for (i = 0; i < t->npaths; i++)
			if (use(t, obj, t->paths[i], err) < 0)
				return -1;
	} else {
		for (i = 0; i < 3 && !t->nfound; i++)
			for (j = 0; j < 2 && defaults[i][j]; j++)
				if (use(t, obj, defaults[i][j], err) < 0)
					return -1;
	}
	if (!t->nfound) {
		if (t->npaths == 1)
			tk_error_set(err, "no text: field '%s' is missing or null", t->paths[0]);
		else if (t->npaths)
			tk_error_set(err, "no text: none of the fields given with -f holds a value");
		else
			tk_error_set(err, "no text: none of 'subject', 'body', 'text', 'description'");
		return 0;
	}
	for (i = 0; i < t->nfound; i++) {
		struct json_object *v = t->found[i].val;
		const char *s = json_object_get_string(v);
		size_t len = json_object_is_type(v, json_type_string) ?
				     (size_t)json_object_get_string_len(v) : strlen(s);

		if (i)
			tk_buf_addch(out, '\n');
		tk_buf_add(out, s, len);
	}
	/* Input lines are checked, but a field's text must be safe to decode whatever made it. */
	if (tk_utf8_check(out->buf, out->len) < out->len) {
		struct tk_buf clean = TK_BUF_INIT;

		tk_utf8_sanitize(out->buf, out->len, &clean);
		tk_buf_release(out);
		*out = clean;
	}
	return (int)t->nfound;
}

int tk_text_tokens(struct tk_textsel *t, const struct tk_tokenizer *tz, struct json_object *obj,
		   struct tk_buf *text, struct tk_tokens *out, struct tk_error *err)
{
	struct json_object *toks;
	size_t i, n;

	tk_tokens_reset(out);
	if (t->npaths == 0 && json_object_object_get_ex(obj, "tokens", &toks) && toks) {
		if (!json_object_is_type(toks, json_type_array)) {
			tk_error_set(err, "'tokens' is not an array of strings");
			return -1;
		}
		n = json_object_array_length(toks);
		for (i = 0; i < n; i++) {
			struct json_object *e = json_object_array_get_idx(toks, i);
			const char *s;
			size_t len;

			if (!json_object_is_type(e, json_type_string)) {
				tk_error_set(err, "'tokens' is not an array of strings");
				return -1;
			}
			s = json_object_get_string(e);
			len = (size_t)json_object_get_string_len(e);
			if (len && !memchr(s, ' ', len))
				tk_tokens_add(out, s, len);
		}
		return 0;
	}
	if (tk_text_get(t, obj, text, err) <= 0)
		return -1;
	tk_tokenize(tz, text->buf, text->len, out);
	return 0;
}
