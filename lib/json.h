/*
 * json-c helpers shared by the tools: dotted-path lookup, JSON string
 * escaping, values that serialize as pre-built JSON text, and the error
 * objects that stand in for bad input lines (CONTRACT.md section 4).
 *
 * json-c's rules apply: json_object_object_add() takes ownership of the
 * value, json_object_object_get() borrows.
 */
#ifndef TK_JSON_H
#define TK_JSON_H

#include <json-c/json.h>
#include <stddef.h>

#include "buf.h"

/* Serialization flags for every record a tool writes. */
#define TK_JSON_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/*
 * Return the value at path in obj, borrowed, or NULL when any step is
 * missing or not an object.  A path is keys joined by dots
 * ("customer.tier"); a key that itself contains dots is found when it is
 * present as a whole.
 */
struct json_object *tk_json_path(struct json_object *obj, const char *path);

/*
 * Find the value at path (as tk_json_path() reads paths) in the JSON text
 * s[0..len), which must be one valid JSON object (blanks around it are
 * fine).  Return 1 and the value's span [*start, *end), or 0 when it is not
 * there.  Keys written with escapes are matched by what they mean; of a
 * key written twice, the last is found, the one json-c and jq read.
 */
int tk_json_find_raw(const char *s, size_t len, const char *path, size_t *start, size_t *end);

/* Append s[0..len) to b as a JSON string literal, quotes included. */
void tk_json_escape(struct tk_buf *b, const char *s, size_t len);

/*
 * Return a new error object {"error": msg, "file": file, "line": line,
 * "raw": raw} for a bad input line.  raw need not be valid UTF-8: invalid
 * bytes become U+FFFD so that the object itself is valid.
 */
struct json_object *tk_json_error_object(const char *msg, const char *file, unsigned long line,
					 const char *raw, size_t rawlen);

/* Return 1 when obj is an error object made by tk_json_error_object(). */
int tk_json_is_error(struct json_object *obj);

/* Return the JSON type name of obj for messages ("object", "array", ...). */
const char *tk_json_type_name(struct json_object *obj);

#endif
