/*
 * Entities and redaction with pcre2.  An extractor holds kinds in priority
 * order: the user's own kinds (from a patterns file) first, then the
 * built-in ones.  A span of text belongs to at most one entity: the
 * leftmost match wins, and among matches that start at the same place the
 * kind listed first wins - so an IP address is not also a version number
 * and an order id is not also an error code.  A user kind's match always
 * beats a built-in one it overlaps.
 *
 * The value of a match is its first capturing group that took part in the
 * match, or the whole match when there is none ("order #(ORD-\d+)").
 * Every pattern runs with a match limit: a pattern that backtracks without
 * end gives up and is reported instead of hanging the tool.
 *
 * User patterns scan the whole text.  The built-in kinds are one pattern
 * that is only tried where a built-in entity can start - digits, a few
 * symbols, capitalised words, key words such as "order" or "version", the
 * start of an e-mail address - which a cheap scan finds; that keeps entity
 * extraction cheaper than parsing the JSON around it.
 */
#ifndef TK_ENTITY_H
#define TK_ENTITY_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"

/* How much work one pattern may do on one text before it gives up. */
#define TK_MATCH_LIMIT 1000000u
#define TK_DEPTH_LIMIT 10000u

struct tk_entity_kind {
	char *name;
	const char *mask;   /* what redaction writes instead, or NULL: not personal data */
	pcre2_code *re;     /* a user kind's pattern; NULL for a built-in */
	int post;           /* how a built-in match is trimmed (private to entity.c) */
	int hidden;         /* found for redaction, never listed as an entity */
	size_t name_id;     /* index of the first kind with this name */
	const char *file;   /* where a user kind was defined, or NULL for a built-in */
	unsigned long line;
};

/* One entity found: the kind and the span of its value. */
struct tk_entity_hit {
	uint32_t kind;
	uint32_t start;
	uint32_t end;
};

struct tk_entities {
	struct tk_entity_kind *kind;
	size_t n;
	size_t alloc;
	size_t nuser;       /* user kinds come first */
	pcre2_code *builtin[5]; /* the built-in kinds, anchored (private to entity.c) */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	/* The hits of the last tk_entities_find(), in order of kind then position. */
	struct tk_entity_hit *hit;
	size_t nhit;
	size_t hitalloc;
	struct tk_buf scratch;
};

/*
 * JIT-compile re when the environment does not say TK_NO_JIT.  JIT is a
 * speed-up only: without it the interpreter runs the same pattern.  The
 * tests run under valgrind with TK_NO_JIT set, for valgrind cannot see
 * into JIT code and reports its vector reads as errors.
 */
void tk_regex_jit(pcre2_code *re);

/* Set e up empty, without allocating. */
void tk_entities_init(struct tk_entities *e);

/* Free every kind and buffer. */
void tk_entities_release(struct tk_entities *e);

/*
 * Add the built-in kinds (email, url, iban, card, ip, date, money,
 * order_id, invoice_id, ticket_id, error_code, version, phone), after any
 * user kinds.  Return -1 with err only if pcre2 cannot work at all.
 */
int tk_entities_add_builtin(struct tk_entities *e, struct tk_error *err);

/*
 * Add the kinds of a patterns file: one "kind<TAB>pattern" per line, '#'
 * starting a comment line, blank lines ignored; kind names are [a-z0-9_]+.
 * User kinds come before the built-in ones, in file order.  Patterns are
 * compiled as UTF-8; \w, \d and \b are ASCII unless the pattern starts
 * with (*UCP).  On a bad line return -1 with err naming file and line; the
 * kinds of the lines before it stay in e.
 */
int tk_entities_load(struct tk_entities *e, const char *path, struct tk_error *err);

/*
 * Find the entities in the valid UTF-8 text s[0..len); the hits replace
 * those of the last call.  Return 0, or -1 when a pattern gave up at its
 * match limit: err names it, and the other kinds still ran.
 */
int tk_entities_find(struct tk_entities *e, const char *s, size_t len, struct tk_error *err);

/*
 * Append the JSON object of the last hits in s to out: kind name -> array
 * of distinct values in order of appearance; kinds with no hit and hidden
 * kinds are left out.
 */
void tk_entities_json(const struct tk_entities *e, const char *s, struct tk_buf *out);

/*
 * Append s[0..len) to out with personal data (e-mails, phone numbers, card
 * numbers that pass the Luhn check, IBANs that pass mod 97, IP addresses)
 * replaced by masks such as "[EMAIL]".  Only the built-in kinds take part,
 * so a kind of one's own never shields personal data from its mask; the
 * hits left in e are the built-in ones.  Add the number masked per kind to
 * counts (indexed like e->kind, e->n entries) when it is not NULL.  Return
 * the number masked, or -1 as tk_entities_find() does (out is still
 * written, with what could be found).
 */
int tk_entities_redact(struct tk_entities *e, const char *s, size_t len, struct tk_buf *out,
		       unsigned long *counts, struct tk_error *err);

#endif
