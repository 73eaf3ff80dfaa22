/*
 * Where a ticket's text is (CONTRACT.md section 2).  By default it is
 * "subject" and "body" joined by a newline (whichever are present), else
 * "text", else "description".  Named fields (-f, repeatable, dotted paths)
 * replace the default: every one present is joined, in the order named.
 */
#ifndef TK_TEXT_H
#define TK_TEXT_H

#include <json-c/json.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"

/* A text field found in a ticket. */
struct tk_textfield {
	const char *path;           /* its path, as named or by default */
	struct json_object *parent; /* the object that holds it */
	const char *key;            /* its key in parent */
	struct json_object *val;    /* its value, borrowed */
};

struct tk_textsel {
	char **paths;  /* named fields, or none for the default */
	size_t npaths;
	struct tk_textfield *found; /* the fields the last tk_text_get() used */
	size_t nfound;
	size_t foundalloc;
};

void tk_textsel_init(struct tk_textsel *t);
void tk_textsel_release(struct tk_textsel *t);

/* Name a field (a dotted path) to take text from; a name given again is ignored. */
void tk_textsel_add(struct tk_textsel *t, const char *path);

/*
 * Put the text of obj into out (replacing what it held) and record the
 * fields used in t->found.  The text is valid UTF-8 (anything else would
 * have become U+FFFD).  Strings are taken as they are; numbers and
 * booleans as their JSON text; null counts as absent.  Return the number
 * of fields used; 0 with err "no text: ..." when none is present; -1 with
 * err when a field holds an object or an array.
 */
int tk_text_get(struct tk_textsel *t, struct json_object *obj, struct tk_buf *out,
		struct tk_error *err);

struct tk_tokenizer;
struct tk_tokens;

/*
 * Put the tokens of obj into out (emptied first), the way every tool after
 * tk-tokenize reads them (CONTRACT.md section 2): when no field was named
 * and obj has a "tokens" array, its strings (entries holding a space, the
 * n-grams tk-tokenize -n adds, are left out); else the tokens tz makes of
 * the text tk_text_get() finds, with text as scratch.  Return 0, or -1
 * with err set (no text, or a "tokens" that is not an array of strings).
 */
int tk_text_tokens(struct tk_textsel *t, const struct tk_tokenizer *tz, struct json_object *obj,
		   struct tk_buf *text, struct tk_tokens *out, struct tk_error *err);

#endif
