/*
 * Routing files and routing decisions (see route.h and tk-route(1)).
 *
 * Loading checks everything a routing file says - keys, types, ranges,
 * regexes - and keeps the place of each part ("queues[2].when.regex") for
 * messages.  Routing a ticket then only reads it: conditions look fields up
 * with tk_json_path(), the text is found once per ticket and only when a
 * text regex needs it, and the two memories (repeat contact, surge) are
 * fixed-size tables.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entity.h"
#include "file.h"
#include "hash.h"
#include "json.h"
#include "route.h"
#include "timestamp.h"

enum cond_op { C_TRUE, C_ALL, C_ANY, C_NOT, C_EQUALS, C_IN, C_ABOVE, C_BELOW, C_REGEX, C_PREFIX, C_EXISTS, C_TEXT };

/* The keys of "weights", in the order of enum tk_factor. */
static const char *const factor_name[TK_NFACTOR + 1] = {
	"urgency", "frustration", "churn_risk", "negativity", "tier", "value",
	"confidence", "sla", "repeat", "surge", NULL
};

/* ---- memories of other tickets ---- */

struct tk_memo_event {
	double t;
	uint32_t who;
};

struct tk_memo_slot {
	uint64_t key; /* 0: empty */
	uint64_t n;   /* events ever added; the last depth are kept */
	double last;
	struct tk_memo_event *ev;
};

static void memo_alloc(struct tk_memo *m, size_t nslot, size_t depth)
{
	struct tk_memo_event *ev;
	size_t i;

	if (m->slot)
		return;
	m->nslot = nslot;
	m->depth = depth;
	m->slot = tk_calloc(nslot, sizeof(*m->slot));
	ev = tk_calloc(nslot * depth, sizeof(*ev));
	for (i = 0; i < nslot; i++)
		m->slot[i].ev = ev + i * depth;
}

static void memo_release(struct tk_memo *m)
{
	if (m->slot)
		free(m->slot[0].ev);
	free(m->slot);
	m->slot = NULL;
}

/* Each key may live in one of two slots; a new key takes the one used least recently. */
static struct tk_memo_slot *memo_slot(struct tk_memo *m, uint64_t key, int create)
{
	struct tk_memo_slot *a, *b, *s;

	key |= 1; /* never 0 */
	a = &m->slot[key & (m->nslot - 1)];
	b = &m->slot[(key >> 32) & (m->nslot - 1)];
	if (a->key == key)
		return a;
	if (b->key == key)
		return b;
	if (!create)
		return NULL;
	s = !a->key ? a : !b->key ? b : a->last <= b->last ? a : b;
	s->key = key;
	s->n = 0;
	s->last = -INFINITY;
	return s;
}

static void memo_add(struct tk_memo *m, uint64_t key, double t, uint32_t who)
{
	struct tk_memo_slot *s = memo_slot(m, key, 1);

	s->ev[s->n++ % m->depth] = (struct tk_memo_event){ t, who };
	if (t > s->last)
		s->last = t;
}

/* The events of key in [lo, hi] (hi excluded when open): their number, or of distinct who. */
static size_t memo_count(struct tk_memo *m, uint64_t key, double lo, double hi, int open, int distinct,
			 uint32_t self)
{
	struct tk_memo_slot *s = memo_slot(m, key, 0);
	uint32_t seen[64];
	size_t n = 0, i, j, k = s ? (s->n < m->depth ? s->n : m->depth) : 0;

	if (distinct)
		seen[n++] = self;
	for (i = 0; i < k; i++) {
		const struct tk_memo_event *e = &s->ev[i];

		if (e->t < lo || e->t > hi || (open && e->t >= hi))
			continue;
		if (!distinct) {
			n++;
			continue;
		}
		for (j = 0; j < n && seen[j] != e->who; j++)
			;
		if (j == n && n < sizeof(seen) / sizeof(seen[0]))
			seen[n++] = e->who;
	}
	return n;
}

static uint64_t hash64(const char *s, size_t len)
{
	return (uint64_t)tk_hash32(s, len, 7) << 32 | tk_hash32(s, len, 11);
}

/* ---- loading ---- */

struct parser {
	const char *name;
	struct tk_error *err;
	struct tk_buf path;
};

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parser *p, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->path.len)
		tk_error_at(p->err, p->name, 0, "%s: %s", p->path.buf, msg);
	else
		tk_error_at(p->err, p->name, 0, "%s", msg);
	return -1;
}

/* Step into key (or [index] when key is NULL); return the length to come back to. */
static size_t enter(struct parser *p, const char *key, size_t index)
{
	size_t at = p->path.len;

	if (key)
		tk_buf_addf(&p->path, "%s%s", at ? "." : "", key);
	else
		tk_buf_addf(&p->path, "[%zu]", index);
	return at;
}

static void leave(struct parser *p, size_t at)
{
	p->path.len = at;
	if (p->path.buf)
		p->path.buf[at] = '\0';
}

static char *path_copy(struct parser *p)
{
	return tk_strdup(p->path.buf ? p->path.buf : "");
}

static int expect_type(struct parser *p, struct json_object *v, json_type type, const char *what)
{
	if (json_object_is_type(v, type) ||
	    (type == json_type_double && json_object_is_type(v, json_type_int)))
		return 0;
	return fail(p, "expected %s, got %s", what, tk_json_type_name(v));
}

/* Every key of obj must be in the NULL-terminated list known ("comment" always is). */
static int check_keys(struct parser *p, struct json_object *obj, const char *const *known)
{
	json_object_object_foreach(obj, key, val) {
		size_t i;

		(void)val;
		if (strcmp(key, "comment") == 0)
			continue;
		for (i = 0; known[i] && strcmp(known[i], key) != 0; i++)
			;
		if (!known[i]) {
			size_t at = enter(p, key, 0);
			int rc = fail(p, "unknown key '%s'", key);

			leave(p, at);
			return rc;
		}
	}
	return 0;
}

static int get_number(struct parser *p, struct json_object *obj, const char *key, double min,
		      double max, double *out)
{
	struct json_object *v;
	size_t at;
	int rc = 0;

	if (!json_object_object_get_ex(obj, key, &v))
		return 0;
	at = enter(p, key, 0);
	if (expect_type(p, v, json_type_double, "a number") < 0)
		rc = -1;
	else if (!(json_object_get_double(v) >= min && json_object_get_double(v) <= max))
		rc = fail(p, "%g is out of range (%g to %g)", json_object_get_double(v), min, max);
	else
		*out = json_object_get_double(v);
	leave(p, at);
	return rc;
}

static int get_string(struct parser *p, struct json_object *obj, const char *key, char **out)
{
	struct json_object *v;
	size_t at;
	int rc = 0;

	if (!json_object_object_get_ex(obj, key, &v))
		return 0;
	at = enter(p, key, 0);
	if (expect_type(p, v, json_type_string, "a string") < 0)
		rc = -1;
	else if (!json_object_get_string_len(v))
		rc = fail(p, "is empty");
	if (rc == 0) {
		free(*out);
		*out = tk_strdup(json_object_get_string(v));
	}
	leave(p, at);
	return rc;
}

static int get_bool(struct parser *p, struct json_object *obj, const char *key, int *out)
{
	struct json_object *v;
	size_t at;
	int rc = 0;

	if (!json_object_object_get_ex(obj, key, &v))
		return 0;
	at = enter(p, key, 0);
	if (expect_type(p, v, json_type_boolean, "true or false") < 0)
		rc = -1;
	else
		*out = json_object_get_boolean(v);
	leave(p, at);
	return rc;
}

static int compile(struct parser *p, struct json_object *v, pcre2_code **re)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int code;

	if (expect_type(p, v, json_type_string, "a regular expression") < 0)
		return -1;
	/* Case does not matter unless the pattern says (?-i); \w and \b know Unicode. */
	*re = pcre2_compile((PCRE2_SPTR)json_object_get_string(v),
			    (PCRE2_SIZE)json_object_get_string_len(v),
			    PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &code, &off, NULL);
	if (!*re) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		return fail(p, "bad regex at offset %zu: %s", (size_t)off, (const char *)msg);
	}
	tk_regex_jit(*re);
	return 0;
}

/*
 * Conditions nest as deep as the JSON they come from, and parse_json() reads
 * it with a depth limit of 64: the recursion over them is bounded.
 */
/* NOLINTNEXTLINE(misc-no-recursion) */
static void cond_release(struct tk_cond *c)
{
	size_t i;

	for (i = 0; i < c->nkid; i++)
		cond_release(&c->kid[i]);
	free(c->kid);
	free(c->field);
	free(c->str);
	free(c->path);
	json_object_put(c->value);
	pcre2_code_free(c->re);
	memset(c, 0, sizeof(*c));
}

static int parse_cond(struct parser *p, struct json_object *v, struct tk_cond *c);

static int is_scalar(struct json_object *v)
{
	return !v || json_object_is_type(v, json_type_string) || json_object_is_type(v, json_type_int) ||
	       json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_boolean);
}

/* One test named key of a condition object into c. */
/* NOLINTNEXTLINE(misc-no-recursion): bounded, see cond_release() */
static int parse_test(struct parser *p, const char *key, struct json_object *v, const char *field,
		      struct tk_cond *c)
{
	static const struct { const char *name; int op; } ops[] = {
		{ "all", C_ALL },	  { "any", C_ANY },	  { "not", C_NOT },	  { "equals", C_EQUALS },
		{ "in", C_IN },		  { "above", C_ABOVE },	  { "below", C_BELOW }, { "regex", C_REGEX },
		{ "prefix", C_PREFIX }, { "exists", C_EXISTS }, { "text", C_TEXT },
	};
	size_t i, n;

	for (i = 0; strcmp(ops[i].name, key) != 0; i++)
		;
	c->op = ops[i].op;
	c->path = path_copy(p);
	if (c->op != C_ALL && c->op != C_ANY && c->op != C_NOT && c->op != C_TEXT) {
		if (!field)
			return fail(p, "needs a 'field' to test");
		c->field = tk_strdup(field);
	}
	switch (c->op) {
	case C_ALL:
	case C_ANY:
		if (expect_type(p, v, json_type_array, "an array of conditions") < 0)
			return -1;
		if (!(n = json_object_array_length(v)))
			return fail(p, "is empty");
		c->kid = tk_calloc(n, sizeof(*c->kid));
		for (i = 0; i < n; i++) {
			size_t at = enter(p, NULL, i);
			int rc = parse_cond(p, json_object_array_get_idx(v, i), &c->kid[c->nkid++]);

			leave(p, at);
			if (rc < 0)
				return -1;
		}
		return 0;
	case C_NOT:
		c->kid = tk_calloc(1, sizeof(*c->kid));
		c->nkid = 1;
		return parse_cond(p, v, c->kid);
	case C_EQUALS:
		if (!is_scalar(v))
			return fail(p, "expected a string, number, true, false or null, got %s",
				    tk_json_type_name(v));
		c->value = json_object_get(v);
		return 0;
	case C_IN:
		if (expect_type(p, v, json_type_array, "an array of values") < 0)
			return -1;
		for (i = 0; i < json_object_array_length(v); i++)
			if (!is_scalar(json_object_array_get_idx(v, i))) {
				size_t at = enter(p, NULL, i);

				fail(p, "expected a string, number, true, false or null, got %s",
				     tk_json_type_name(json_object_array_get_idx(v, i)));
				leave(p, at);
				return -1;
			}
		c->value = json_object_get(v);
		return 0;
	case C_ABOVE:
	case C_BELOW:
		if (expect_type(p, v, json_type_double, "a number") < 0)
			return -1;
		c->num = json_object_get_double(v);
		return 0;
	case C_PREFIX:
		if (expect_type(p, v, json_type_string, "a string") < 0)
			return -1;
		c->str = tk_strdup(json_object_get_string(v));
		return 0;
	case C_EXISTS:
		if (expect_type(p, v, json_type_boolean, "true or false") < 0)
			return -1;
		c->num = json_object_get_boolean(v);
		return 0;
	default: /* C_REGEX, C_TEXT */
		return compile(p, v, &c->re);
	}
}

/* A condition object: each test it holds must pass (several make an "all"). */
/* NOLINTNEXTLINE(misc-no-recursion): bounded, see cond_release() */
static int parse_cond(struct parser *p, struct json_object *v, struct tk_cond *c)
{
	static const char *const known[] = { "field", "all", "any",   "not",    "equals", "in", "above",
					     "below", "regex", "prefix", "exists", "text",   NULL };
	struct json_object *f;
	const char *field = NULL;
	size_t ntest = 0, i;

	memset(c, 0, sizeof(*c));
	if (expect_type(p, v, json_type_object, "a condition (an object)") < 0 || check_keys(p, v, known) < 0)
		return -1;
	if (json_object_object_get_ex(v, "field", &f)) {
		size_t at = enter(p, "field", 0);
		int rc = expect_type(p, f, json_type_string, "a field path (a string)");

		leave(p, at);
		if (rc < 0)
			return -1;
		field = json_object_get_string(f);
	}
	for (i = 1; known[i]; i++)
		ntest += json_object_object_get_ex(v, known[i], NULL);
	if (!ntest)
		return fail(p, "has no test (equals, in, above, below, regex, prefix, exists, text, all, any, not)");
	if (ntest > 1) {
		c->op = C_ALL;
		c->path = path_copy(p);
		c->kid = tk_calloc(ntest, sizeof(*c->kid));
	}
	for (i = 1; known[i]; i++) {
		struct json_object *t;
		struct tk_cond *into = ntest > 1 ? &c->kid[c->nkid] : c;
		size_t at;
		int rc;

		if (!json_object_object_get_ex(v, known[i], &t))
			continue;
		if (ntest > 1)
			c->nkid++;
		at = enter(p, known[i], 0);
		rc = parse_test(p, known[i], t, field, into);
		leave(p, at);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static void rule_release(struct tk_rule *rule)
{
	cond_release(&rule->when);
	free(rule->queue);
	free(rule->reason);
	free(rule->path);
}

enum rule_kind { RULE_QUEUE, RULE_PRIORITY, RULE_ESCALATE };

static int parse_rules(struct parser *p, struct json_object *obj, const char *key, enum rule_kind kind,
		       struct tk_rule **out, size_t *nout)
{
	static const char *const known[][5] = {
		{ "queue", "when", "reason", "score", NULL },
		{ "add", "when", "reason", NULL },
		{ "when", "reason", NULL },
	};
	struct json_object *arr;
	size_t i, n, at;

	if (!json_object_object_get_ex(obj, key, &arr))
		return 0;
	at = enter(p, key, 0);
	if (expect_type(p, arr, json_type_array, "an array of rules") < 0)
		return -1;
	n = json_object_array_length(arr);
	*out = tk_calloc(n + 1, sizeof(**out));
	for (i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(arr, i), *w;
		struct tk_rule *rule = &(*out)[i];
		size_t at2 = enter(p, NULL, i);

		*nout = i + 1;
		rule->path = path_copy(p);
		rule->score = 1;
		if (expect_type(p, v, json_type_object, "a rule (an object)") < 0 ||
		    check_keys(p, v, known[kind]) < 0)
			return -1;
		if (!json_object_object_get_ex(v, "when", &w))
			return fail(p, "has no 'when' condition");
		if (kind == RULE_QUEUE && !json_object_object_get_ex(v, "queue", NULL))
			return fail(p, "has no 'queue'");
		if (kind == RULE_PRIORITY && !json_object_object_get_ex(v, "add", NULL))
			return fail(p, "has no 'add'");
		if (get_string(p, v, "queue", &rule->queue) < 0 || get_string(p, v, "reason", &rule->reason) < 0 ||
		    get_number(p, v, "score", -1e9, 1e9, &rule->score) < 0 ||
		    get_number(p, v, "add", -100, 100, &rule->add) < 0)
			return -1;
		if (!rule->reason)
			rule->reason = tk_strdup(rule->path);
		enter(p, "when", 0);
		if (parse_cond(p, w, &rule->when) < 0)
			return -1;
		leave(p, at2);
	}
	leave(p, at);
	return 0;
}

/* A map of names to queue names (queue != 0) or to numbers in [min, max]. */
static int parse_map(struct parser *p, struct json_object *obj, const char *key, int queue, double min,
		     double max, struct tk_route_pair **out, size_t *nout)
{
	struct json_object *m;
	size_t at;

	if (!json_object_object_get_ex(obj, key, &m))
		return 0;
	at = enter(p, key, 0);
	if (expect_type(p, m, json_type_object, "an object") < 0)
		return -1;
	*out = tk_calloc((size_t)json_object_object_length(m) + 1, sizeof(**out));
	json_object_object_foreach(m, name, val) {
		struct tk_route_pair *pair = &(*out)[*nout];
		size_t at2;

		if (strcmp(name, "comment") == 0)
			continue;
		at2 = enter(p, name, 0);

		if (queue) {
			if (expect_type(p, val, json_type_string, "a queue name") < 0)
				return -1;
			if (!json_object_get_string_len(val))
				return fail(p, "is empty");
			pair->queue = tk_strdup(json_object_get_string(val));
		} else {
			if (expect_type(p, val, json_type_double, "a number") < 0)
				return -1;
			pair->value = json_object_get_double(val);
			if (!(pair->value >= min && pair->value <= max))
				return fail(p, "%g is out of range (%g to %g)", pair->value, min, max);
		}
		pair->name = tk_strdup(name);
		++*nout;
		leave(p, at2);
	}
	leave(p, at);
	return 0;
}

static int by_length(const void *a, const void *b)
{
	size_t x = strlen(((const struct tk_route_pair *)a)->name);
	size_t y = strlen(((const struct tk_route_pair *)b)->name);

	return x < y ? 1 : x > y ? -1 : 0;
}

static int parse_priority(struct tk_route *r, struct parser *p, struct json_object *pr)
{
	static const char *const known[] = { "base",	     "weights", "tiers", "value", "sla_hours",
					     "repeat_hours", "surge",	"rules", NULL };
	static const char *const value_keys[] = { "field", "max", NULL };
	static const char *const surge_keys[] = { "field", "minutes", "customers", NULL };
	struct json_object *w, *v;
	size_t i, at;
	double customers = (double)r->surge_customers;

	if (expect_type(p, pr, json_type_object, "an object") < 0 || check_keys(p, pr, known) < 0 ||
	    get_number(p, pr, "base", -100, 100, &r->base) < 0 ||
	    get_number(p, pr, "repeat_hours", 0.001, 1e6, &r->repeat_hours) < 0 ||
	    parse_map(p, pr, "tiers", 0, 0, 1, &r->tier, &r->ntier) < 0 ||
	    parse_map(p, pr, "sla_hours", 0, 0.001, 1e6, &r->sla, &r->nsla) < 0 ||
	    parse_rules(p, pr, "rules", RULE_PRIORITY, &r->boost, &r->nboost) < 0)
		return -1;
	if (json_object_object_get_ex(pr, "weights", &w)) {
		at = enter(p, "weights", 0);
		if (expect_type(p, w, json_type_object, "an object") < 0 || check_keys(p, w, factor_name) < 0)
			return -1;
		for (i = 0; i < TK_NFACTOR; i++)
			if (get_number(p, w, factor_name[i], -100, 100, &r->weight[i]) < 0)
				return -1;
		leave(p, at);
	}
	if (json_object_object_get_ex(pr, "value", &v)) {
		at = enter(p, "value", 0);
		if (expect_type(p, v, json_type_object, "an object") < 0 || check_keys(p, v, value_keys) < 0 ||
		    get_string(p, v, "field", &r->value_field) < 0 ||
		    get_number(p, v, "max", 1e-9, 1e300, &r->value_max) < 0)
			return -1;
		leave(p, at);
	}
	if (json_object_object_get_ex(pr, "surge", &v)) {
		at = enter(p, "surge", 0);
		if (expect_type(p, v, json_type_object, "an object") < 0 || check_keys(p, v, surge_keys) < 0 ||
		    get_string(p, v, "field", &r->surge_field) < 0 ||
		    get_number(p, v, "minutes", 0.001, 1e7, &r->surge_minutes) < 0 ||
		    get_number(p, v, "customers", 2, 64, &customers) < 0)
			return -1;
		r->surge_customers = (long)customers;
		leave(p, at);
	}
	return 0;
}

static int parse_config(struct tk_route *r, struct parser *p, struct json_object *root)
{
	static const char *const known[] = { "strategy", "default_queue", "queues", "label_as_queue",
					     "labels",	 "pages",	  "page_score", "priority",
					     "escalate", NULL };
	static const char *const esc_keys[] = { "below_confidence", "follow_classifier", "no_queue", "rules",
						NULL };
	struct json_object *v;
	char *strategy = NULL;
	size_t at;
	int rc;

	if (expect_type(p, root, json_type_object, "a JSON object") < 0 || check_keys(p, root, known) < 0)
		return -1;
	rc = get_string(p, root, "strategy", &strategy);
	if (rc == 0 && strategy && strcmp(strategy, "first") != 0 && strcmp(strategy, "best") != 0) {
		at = enter(p, "strategy", 0);
		rc = fail(p, "'%s' is neither 'first' nor 'best'", strategy);
		leave(p, at);
	}
	r->best = strategy && strcmp(strategy, "best") == 0;
	free(strategy);
	if (rc < 0 || get_string(p, root, "default_queue", &r->default_queue) < 0 ||
	    parse_rules(p, root, "queues", RULE_QUEUE, &r->queue, &r->nqueue) < 0 ||
	    get_bool(p, root, "label_as_queue", &r->label_as_queue) < 0 ||
	    parse_map(p, root, "labels", 1, 0, 0, &r->label, &r->nlabel) < 0 ||
	    parse_map(p, root, "pages", 1, 0, 0, &r->page, &r->npage) < 0 ||
	    get_number(p, root, "page_score", -1e9, 1e9, &r->page_score) < 0)
		return -1;
	if (r->npage)
		qsort(r->page, r->npage, sizeof(*r->page), by_length);
	if (json_object_object_get_ex(root, "priority", &v)) {
		at = enter(p, "priority", 0);
		if (parse_priority(r, p, v) < 0)
			return -1;
		leave(p, at);
	}
	if (json_object_object_get_ex(root, "escalate", &v)) {
		at = enter(p, "escalate", 0);
		if (expect_type(p, v, json_type_object, "an object") < 0 || check_keys(p, v, esc_keys) < 0 ||
		    get_number(p, v, "below_confidence", 0, 1, &r->below_confidence) < 0 ||
		    get_bool(p, v, "follow_classifier", &r->follow_classifier) < 0 ||
		    get_bool(p, v, "no_queue", &r->no_queue) < 0 ||
		    parse_rules(p, v, "rules", RULE_ESCALATE, &r->escalation, &r->nescalation) < 0)
			return -1;
		leave(p, at);
	}
	return 0;
}

void tk_route_init(struct tk_route *r)
{
	memset(r, 0, sizeof(*r));
	tk_textsel_init(&r->sel);
	tk_entities_init(&r->ent);
	r->now = NAN;
}

static void free_pairs(struct tk_route_pair *pairs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(pairs[i].name);
		free(pairs[i].queue);
	}
	free(pairs);
}

static void free_rules(struct tk_rule *rules, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		rule_release(&rules[i]);
	free(rules);
}

void tk_route_release(struct tk_route *r)
{
	free(r->name);
	free(r->default_queue);
	free_rules(r->queue, r->nqueue);
	free_pairs(r->label, r->nlabel);
	free_pairs(r->page, r->npage);
	free_pairs(r->tier, r->ntier);
	free_pairs(r->sla, r->nsla);
	free(r->value_field);
	free(r->surge_field);
	free_rules(r->boost, r->nboost);
	free_rules(r->escalation, r->nescalation);
	tk_textsel_release(&r->sel);
	json_object_put(r->cur_queue);
	json_object_put(r->cur_priority);
	pcre2_match_data_free(r->md);
	pcre2_match_context_free(r->mctx);
	pcre2_jit_stack_free(r->jit);
	tk_entities_release(&r->ent);
	memo_release(&r->repeat);
	memo_release(&r->surge);
	tk_buf_release(&r->text);
	tk_route_init(r);
}

/* Where in s[0..len) offset off is, as a 1-based line number. */
static unsigned long line_of(const char *s, size_t len, size_t off)
{
	unsigned long line = 1;
	size_t i;

	for (i = 0; i < off && i < len; i++)
		line += s[i] == '\n';
	return line;
}

/* Parse the JSON text s[0..len) of the file name; NULL with err (FILE:LINE) when it is not JSON. */
static struct json_object *parse_json(const char *s, size_t len, const char *name, struct tk_error *err)
{
	struct json_tokener *tok;
	struct json_object *root;
	size_t end;

	if (len > INT_MAX) {
		tk_error_at(err, name, 0, "larger than 2 GiB: not a routing file");
		return NULL;
	}
	tok = json_tokener_new_ex(64);
	root = json_tokener_parse_ex(tok, s, (int)len);
	end = json_tokener_get_parse_end(tok);
	if (!root || json_tokener_get_error(tok) != json_tokener_success) {
		const char *why = json_tokener_get_error(tok) == json_tokener_continue
					  ? "unexpected end of file"
					  : json_tokener_error_desc(json_tokener_get_error(tok));

		tk_error_at(err, name, line_of(s, len, end), "not valid JSON: %s", why);
		json_tokener_free(tok);
		json_object_put(root);
		return NULL;
	}
	json_tokener_free(tok);
	while (end < len && strchr(" \t\r\n", s[end]))
		end++;
	if (end < len) {
		tk_error_at(err, name, line_of(s, len, end), "not valid JSON: text after the value");
		json_object_put(root);
		return NULL;
	}
	return root;
}

/* Read and parse the JSON file at path (a WHAT); NULL with err when it cannot. */
static struct json_object *load_json(const char *path, const char *what, struct tk_error *err)
{
	struct tk_buf b = TK_BUF_INIT;
	struct json_object *root = NULL;

	if (tk_file_read(path, what, &b, err) == 0)
		root = parse_json(b.buf ? b.buf : "", b.len, path, err);
	tk_buf_release(&b);
	return root;
}

/* Set r up from the routing file root. */
static int route_from(struct tk_route *r, struct json_object *root, const char *name, struct tk_error *err)
{
	struct parser p = { name, err, TK_BUF_INIT };
	int rc;

	r->name = tk_strdup(name);
	r->default_queue = tk_strdup("triage");
	r->page_score = 0.5;
	r->below_confidence = -1;
	r->repeat_hours = 72;
	r->surge_minutes = 120;
	r->surge_customers = 5;
	r->value_max = 10000;
	rc = parse_config(r, &p, root);
	tk_buf_release(&p.path);
	if (rc < 0)
		return -1;
	r->cur_queue = json_object_new_string("");
	r->cur_priority = json_object_new_double(0);
	r->md = pcre2_match_data_create(32, NULL);
	r->mctx = pcre2_match_context_create(NULL);
	r->jit = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
	pcre2_set_match_limit(r->mctx, TK_MATCH_LIMIT);
	pcre2_set_depth_limit(r->mctx, TK_DEPTH_LIMIT);
	if (r->jit)
		pcre2_jit_stack_assign(r->mctx, NULL, r->jit);
	return 0;
}

int tk_route_parse(struct tk_route *r, const char *s, size_t len, const char *name, struct tk_error *err)
{
	struct json_object *root = parse_json(s, len, name, err);
	int rc;

	if (!root)
		return -1;
	rc = route_from(r, root, name, err);
	json_object_put(root);
	return rc;
}

int tk_route_load(struct tk_route *r, const char *path, struct tk_error *err)
{
	struct json_object *root;
	int rc;

	if (!path)
		return tk_route_parse(r, tk_route_default_config, strlen(tk_route_default_config),
				      "(built-in routing)", err);
	if (!(root = load_json(path, "routing file", err)))
		return -1;
	rc = route_from(r, root, path, err);
	json_object_put(root);
	return rc;
}

/* ---- routing a ticket ---- */

/* What routing one ticket works on. */
struct ctx {
	struct tk_route *r;
	struct json_object *t;
	int stage; /* 0: choosing the queue; 1: the priority; 2: the escalation */
	struct tk_route_result *res;
	struct tk_error *err;
	int gave_up; /* a regex hit its limit */
};

/* A field of the ticket; "route.queue" and "route.priority" once they are decided. */
static struct json_object *field(struct ctx *c, const char *path)
{
	if (strncmp(path, "route.", 6) != 0)
		return tk_json_path(c->t, path);
	if (strcmp(path + 6, "queue") == 0 && c->stage >= 1)
		return c->r->cur_queue;
	if (strcmp(path + 6, "priority") == 0 && c->stage >= 2)
		return c->r->cur_priority;
	return NULL;
}

static int number(struct json_object *v, double *out)
{
	if (!v || !(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)))
		return 0;
	*out = json_object_get_double(v);
	return isfinite(*out);
}

static double number_or(struct ctx *c, const char *path, double dflt)
{
	double v;

	return number(field(c, path), &v) ? v : dflt;
}

static const char *string_of(struct ctx *c, const char *path)
{
	struct json_object *v = field(c, path);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static int match(struct ctx *c, const struct tk_cond *k, const char *s, size_t len)
{
	int rc = pcre2_match(k->re, (PCRE2_SPTR)s, len, 0, 0, c->r->md, c->r->mctx);

	if (rc >= 0)
		return 1;
	if (rc != PCRE2_ERROR_NOMATCH && !c->gave_up) {
		PCRE2_UCHAR msg[200];

		pcre2_get_error_message(rc, msg, sizeof(msg));
		tk_error_set(c->err, "%s: %s: %s (taken as no match)", c->r->name, k->path, (const char *)msg);
		c->gave_up = 1;
	}
	return 0;
}

static int same_value(struct json_object *a, struct json_object *b)
{
	double x, y;

	if (!a || !b)
		return !a && !b;
	if (number(a, &x) && number(b, &y))
		return x == y;
	if (json_object_is_type(a, json_type_string) && json_object_is_type(b, json_type_string))
		return json_object_get_string_len(a) == json_object_get_string_len(b) &&
		       memcmp(json_object_get_string(a), json_object_get_string(b),
			      (size_t)json_object_get_string_len(a)) == 0;
	if (json_object_is_type(a, json_type_boolean) && json_object_is_type(b, json_type_boolean))
		return json_object_get_boolean(a) == json_object_get_boolean(b);
	return 0;
}

/* A field test on one value (an element, when the field is an array). */
static int test_value(struct ctx *c, const struct tk_cond *k, struct json_object *v)
{
	double x;
	size_t i;

	switch (k->op) {
	case C_EQUALS:
		return same_value(v, k->value);
	case C_IN:
		for (i = 0; i < json_object_array_length(k->value); i++)
			if (same_value(v, json_object_array_get_idx(k->value, i)))
				return 1;
		return 0;
	case C_ABOVE:
		return number(v, &x) && x > k->num;
	case C_BELOW:
		return number(v, &x) && x < k->num;
	case C_PREFIX:
		return json_object_is_type(v, json_type_string) &&
		       strncmp(json_object_get_string(v), k->str, strlen(k->str)) == 0;
	case C_REGEX:
		if (json_object_is_type(v, json_type_string))
			return match(c, k, json_object_get_string(v), (size_t)json_object_get_string_len(v));
		if (number(v, &x) || json_object_is_type(v, json_type_boolean))
			return match(c, k, json_object_to_json_string(v), strlen(json_object_to_json_string(v)));
		return 0;
	}
	return 0;
}

/* Find the ticket's text once, when a rule first needs it. */
static int ticket_text(struct tk_route *r, struct json_object *t)
{
	struct tk_error ignored;

	if (r->have_text < 0)
		r->have_text = tk_text_get(&r->sel, t, &r->text, &ignored) > 0;
	return r->have_text;
}

/* NOLINTNEXTLINE(misc-no-recursion): bounded, see cond_release() */
static int holds(struct ctx *c, const struct tk_cond *k)
{
	struct json_object *v;
	size_t i;

	switch (k->op) {
	case C_ALL:
		for (i = 0; i < k->nkid; i++)
			if (!holds(c, &k->kid[i]))
				return 0;
		return 1;
	case C_ANY:
		for (i = 0; i < k->nkid; i++)
			if (holds(c, &k->kid[i]))
				return 1;
		return 0;
	case C_NOT:
		return !holds(c, k->kid);
	case C_TEXT:
		return ticket_text(c->r, c->t) && match(c, k, c->r->text.buf, c->r->text.len);
	case C_EXISTS:
		return (field(c, k->field) != NULL) == (k->num != 0);
	}
	v = field(c, k->field);
	if (!v) /* absent is null: "equals": null holds, every other test fails */
		return (k->op == C_EQUALS || k->op == C_IN) && test_value(c, k, NULL);
	if (json_object_is_type(v, json_type_array)) {
		for (i = 0; i < json_object_array_length(v); i++)
			if (test_value(c, k, json_object_array_get_idx(v, i)))
				return 1;
		return 0;
	}
	return test_value(c, k, v);
}

static void reason(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void reason(struct ctx *c, const char *fmt, ...)
{
	struct tk_route_result *res = c->res;
	char text[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	tk_buf_add(&res->reasons, text, strlen(text) + 1);
	res->nreason++;
}

static void trace(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void trace(struct ctx *c, const char *fmt, ...)
{
	char text[600];
	va_list ap;

	if (!c->r->trace)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	tk_buf_adds(&c->res->trace, text);
	tk_buf_addch(&c->res->trace, '\n');
}

/* The queue a label maps to, or NULL. */
static const char *label_queue(const struct tk_route *r, const char *label)
{
	size_t i;

	for (i = 0; i < r->nlabel; i++)
		if (strcmp(r->label[i].name, label) == 0)
			return r->label[i].queue;
	return r->label_as_queue ? label : NULL;
}

/* The longest page prefix that ends at a path boundary, or NULL. */
static const struct tk_route_pair *page_of(const struct tk_route *r, const char *page)
{
	size_t i, n;

	for (i = 0; i < r->npage; i++) {
		n = strlen(r->page[i].name);
		if (strncmp(page, r->page[i].name, n) == 0 &&
		    (!page[n] || page[n] == '/' || page[n] == '?' || page[n] == '#' || r->page[i].name[n - 1] == '/'))
			return &r->page[i];
	}
	return NULL;
}

/* Choose the queue: rules, then the label, then the page - the first, or the best score. */
static int choose_queue(struct ctx *c)
{
	struct tk_route *r = c->r;
	const char *queue = NULL, *label, *page;
	double best = -INFINITY, conf = 1;
	char why[400] = "";
	size_t i;

	for (i = 0; i < r->nqueue && !(queue && !r->best); i++) {
		const struct tk_rule *rule = &r->queue[i];
		int yes = holds(c, &rule->when);

		trace(c, "  %-22s %s -> %s: %s", rule->path, rule->reason, rule->queue, yes ? "yes" : "no");
		if (yes && rule->score > best) {
			queue = rule->queue;
			best = rule->score;
			snprintf(why, sizeof(why), "%s (%s)", rule->reason, rule->path);
		}
	}
	if ((label = string_of(c, "class.label")) != NULL && !(queue && !r->best)) {
		const char *q = label_queue(r, label);

		conf = number_or(c, "class.confidence", 1);
		trace(c, "  %-22s '%s' (confidence %.2f) -> %s", "classifier label", label, conf,
		      q ? q : "no queue");
		if (q && conf > best) {
			queue = q;
			best = conf;
			snprintf(why, sizeof(why), "classifier label '%s' (confidence %.2f)", label, conf);
		}
	}
	if ((page = string_of(c, "page")) != NULL && !(queue && !r->best)) {
		const struct tk_route_pair *pg = page_of(r, page);

		trace(c, "  %-22s %s -> %s", "page", page, pg ? pg->queue : "no queue");
		if (pg && r->page_score > best) {
			queue = pg->queue;
			snprintf(why, sizeof(why), "page %s", page);
		}
	}
	tk_buf_reset(&c->res->queue);
	if (!queue) {
		tk_buf_adds(&c->res->queue, r->default_queue);
		reason(c, "queue %s: no rule, label or page matched", r->default_queue);
		return 0;
	}
	tk_buf_adds(&c->res->queue, queue);
	reason(c, "queue %s: %s", queue, why);
	return 1;
}

static double clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* The value of name in pairs, NAN when it is not there. */
static double pair_value(const struct tk_route_pair *pairs, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(pairs[i].name, name) == 0)
			return pairs[i].value;
	return NAN;
}

/* The SLA hours of a tier (or of "*"), NAN when none. */
static double sla_hours(const struct tk_route *r, const char *tier)
{
	double h = tier ? pair_value(r->sla, r->nsla, tier) : NAN;

	return isnan(h) ? pair_value(r->sla, r->nsla, "*") : h;
}

static uint32_t customer_of(struct ctx *c)
{
	const char *who = string_of(c, "customer.id");

	if (!who)
		who = string_of(c, "id");
	return who ? tk_hash32(who, strlen(who), 3) : 0;
}

/* Call fn for every value of the surge field of ticket t (entities found here when missing). */
static void surge_values(struct tk_route *r, struct json_object *t,
			 void (*fn)(void *arg, const char *s, size_t len), void *arg)
{
	struct json_object *v = tk_json_path(t, r->surge_field);
	struct tk_error ignored;
	size_t i;

	if (!v && strncmp(r->surge_field, "entities.", 9) == 0 && !tk_json_path(t, "entities")) {
		const char *kind = r->surge_field + 9;

		if (!r->ent_ready)
			r->ent_ready = tk_entities_add_builtin(&r->ent, &ignored) == 0 ? 1 : -1;
		if (r->ent_ready < 0 || !ticket_text(r, t) ||
		    tk_entities_find(&r->ent, r->text.buf, r->text.len, &ignored) < 0)
			return;
		for (i = 0; i < r->ent.nhit; i++) {
			const struct tk_entity_hit *h = &r->ent.hit[i];

			if (strcmp(r->ent.kind[h->kind].name, kind) == 0)
				fn(arg, r->text.buf + h->start, h->end - h->start);
		}
		return;
	}
	if (v && json_object_is_type(v, json_type_array)) {
		for (i = 0; i < json_object_array_length(v) && i < 16; i++) {
			struct json_object *e = json_object_array_get_idx(v, i);

			if (json_object_is_type(e, json_type_string))
				fn(arg, json_object_get_string(e), (size_t)json_object_get_string_len(e));
		}
	} else if (v && (json_object_is_type(v, json_type_string) || json_object_is_type(v, json_type_int))) {
		fn(arg, json_object_get_string(v), strlen(json_object_get_string(v)));
	}
}

struct observed {
	struct tk_route *r;
	double t;
	uint32_t who;
};

static void observe_value(void *arg, const char *s, size_t len)
{
	struct observed *o = arg;

	memo_add(&o->r->surge, hash64(s, len), o->t, o->who);
}

void tk_route_observe(struct tk_route *r, struct json_object *t)
{
	struct json_object *at = tk_json_path(t, "created_at");
	struct ctx c = { r, t, 0, NULL, NULL, 0 };
	struct observed o = { r, 0, customer_of(&c) };
	const char *who = string_of(&c, "customer.id");

	r->have_text = -1;
	if (!at || tk_time_json(at, &o.t) < 0)
		return;
	if (r->weight[TK_F_REPEAT] != 0 && who) {
		memo_alloc(&r->repeat, 16384, 16);
		memo_add(&r->repeat, hash64(who, strlen(who)), o.t, 0);
	}
	if (r->weight[TK_F_SURGE] != 0 && r->surge_field) {
		memo_alloc(&r->surge, 4096, 64);
		surge_values(r, t, observe_value, &o);
	}
}

/* The surge value with the most customers in the window. */
struct surge {
	struct tk_route *r;
	double t;
	uint32_t who;
	size_t best;
	char value[80];
};

static void surge_value(void *arg, const char *s, size_t len)
{
	struct surge *sg = arg;
	struct tk_route *r = sg->r;
	double w = r->surge_minutes * 60;
	size_t n = memo_count(&r->surge, hash64(s, len), sg->t - w, r->batch ? sg->t + w : sg->t, 0, 1,
			      sg->who);

	if (n > sg->best) {
		sg->best = n;
		snprintf(sg->value, sizeof(sg->value), "%.*s", (int)(len < 60 ? len : 60), s);
	}
}

/* Each factor in 0..1, with what to say about it in *what. */
static double factor(struct ctx *c, enum tk_factor f, char *what, size_t size)
{
	struct tk_route *r = c->r;
	const char *tier, *who;
	struct json_object *at;
	double x, t, h;

	*what = '\0';
	switch (f) {
	case TK_F_URGENCY:
	case TK_F_FRUSTRATION:
	case TK_F_CHURN:
	case TK_F_CONFIDENCE: {
		static const char *const path[] = { "sentiment.urgency", "sentiment.frustration",
						    "sentiment.churn_risk", NULL, NULL, NULL,
						    "class.confidence" };
		if (!number(field(c, path[f]), &x))
			return 0;
		snprintf(what, size, "%s %.2f", f == TK_F_CONFIDENCE ? "classifier confidence" : factor_name[f], x);
		return clamp01(x);
	}
	case TK_F_NEGATIVITY:
		if (!number(field(c, "sentiment.score"), &x) || x >= 0)
			return 0;
		snprintf(what, size, "negative sentiment %.2f", x);
		return clamp01(-x);
	case TK_F_TIER:
		if (!(tier = string_of(c, "customer.tier")) || isnan(x = pair_value(r->tier, r->ntier, tier)))
			return 0;
		snprintf(what, size, "%s tier", tier);
		return x;
	case TK_F_VALUE:
		if (!r->value_field || !number(field(c, r->value_field), &x) || x <= 0)
			return 0;
		snprintf(what, size, "contract value %g", x);
		return clamp01(log1p(x) / log1p(r->value_max));
	case TK_F_SLA:
		tier = string_of(c, "customer.tier");
		if (isnan(r->now) || !(at = field(c, "created_at")) || tk_time_json(at, &t) < 0 ||
		    isnan(h = sla_hours(r, tier)))
			return 0;
		x = (r->now - t) / 3600;
		if (x <= 0)
			return 0;
		if (x >= h)
			snprintf(what, size, "SLA of %g h%s%s passed %.1f h ago", h, tier ? " for " : "",
				 tier ? tier : "", x - h);
		else
			snprintf(what, size, "SLA: %.1f of %g h used", x, h);
		return clamp01(x / h);
	case TK_F_REPEAT: {
		size_t n;

		if (!r->repeat.slot || !(who = string_of(c, "customer.id")) || !(at = field(c, "created_at")) ||
		    tk_time_json(at, &t) < 0)
			return 0;
		n = memo_count(&r->repeat, hash64(who, strlen(who)), t - r->repeat_hours * 3600, t, 1, 0, 0);
		if (!n)
			return 0;
		snprintf(what, size, "repeat contact: %zu earlier ticket%s from %s in %g h", n, n == 1 ? "" : "s",
			 who, r->repeat_hours);
		return (double)n / (double)(n + 1);
	}
	case TK_F_SURGE: {
		struct surge sg = { r, 0, customer_of(c), 0, "" };

		if (!r->surge.slot || !(at = field(c, "created_at")) || tk_time_json(at, &sg.t) < 0)
			return 0;
		surge_values(r, c->t, surge_value, &sg);
		if (sg.best < (size_t)r->surge_customers)
			return 0;
		snprintf(what, size, "surge: %zu%s customers mention %s within %g min", sg.best,
			 sg.best >= 64 ? "+" : "", sg.value, r->surge_minutes);
		return 1;
	}
	default:
		return 0;
	}
}

static double compute_priority(struct ctx *c)
{
	struct tk_route *r = c->r;
	double p = r->base, x, add;
	char what[300];
	size_t i;

	trace(c, "  %-22s %+.1f", "base", r->base);
	for (i = 0; i < TK_NFACTOR; i++) {
		if (r->weight[i] == 0)
			continue;
		x = factor(c, (enum tk_factor)i, what, sizeof(what));
		add = r->weight[i] * x;
		trace(c, "  %-22s %.2f x %g = %+.1f%s%s", factor_name[i], x, r->weight[i], add, *what ? "  " : "",
		      what);
		if (fabs(add) >= 0.05) {
			reason(c, "priority %+.1f: %s (weight %g)", add, what, r->weight[i]);
			p += add;
		}
	}
	for (i = 0; i < r->nboost; i++) {
		const struct tk_rule *rule = &r->boost[i];
		int yes = holds(c, &rule->when);

		trace(c, "  %-22s %s %+g: %s", rule->path, rule->reason, rule->add, yes ? "yes" : "no");
		if (yes) {
			reason(c, "priority %+.1f: %s (%s)", rule->add, rule->reason, rule->path);
			p += rule->add;
		}
	}
	if (p > 100 || p < 0) {
		reason(c, "priority %.1f clamped to %d", p, p > 100 ? 100 : 0);
		p = p > 100 ? 100 : 0;
	}
	return round(p * 10) / 10;
}

static void escalation(struct ctx *c, int matched)
{
	struct tk_route *r = c->r;
	struct tk_route_result *res = c->res;
	struct json_object *v;
	double conf;
	size_t i;

	if (r->follow_classifier && (v = field(c, "class.escalate")) && json_object_is_type(v, json_type_boolean) &&
	    json_object_get_boolean(v)) {
		const char *why = string_of(c, "class.reason");

		res->escalate = 1;
		reason(c, "escalate: the classifier asked for a person%s%s", why ? ": " : "", why ? why : "");
		trace(c, "  %-22s yes", "classifier escalation");
	}
	if (r->below_confidence >= 0 && number(field(c, "class.confidence"), &conf)) {
		int yes = conf < r->below_confidence;

		trace(c, "  %-22s %.2f below %.2f: %s", "confidence", conf, r->below_confidence, yes ? "yes" : "no");
		if (yes) {
			res->escalate = 1;
			reason(c, "escalate: classifier confidence %.2f below %.2f", conf, r->below_confidence);
		}
	}
	if (r->no_queue && !matched) {
		res->escalate = 1;
		reason(c, "escalate: no queue matched");
		trace(c, "  %-22s yes", "no queue matched");
	}
	for (i = 0; i < r->nescalation; i++) {
		const struct tk_rule *rule = &r->escalation[i];
		int yes = holds(c, &rule->when);

		trace(c, "  %-22s %s: %s", rule->path, rule->reason, yes ? "yes" : "no");
		if (yes) {
			res->escalate = 1;
			reason(c, "escalate: %s (%s)", rule->reason, rule->path);
		}
	}
}

void tk_route_result_init(struct tk_route_result *res)
{
	memset(res, 0, sizeof(*res));
}

void tk_route_result_release(struct tk_route_result *res)
{
	tk_buf_release(&res->queue);
	tk_buf_release(&res->reasons);
	tk_buf_release(&res->trace);
	tk_route_result_init(res);
}

int tk_route_ticket(struct tk_route *r, struct json_object *t, struct tk_route_result *res,
		    struct tk_error *err)
{
	struct ctx c = { r, t, 0, res, err, 0 };
	int matched;

	tk_buf_reset(&res->queue);
	tk_buf_reset(&res->reasons);
	tk_buf_reset(&res->trace);
	res->nreason = 0;
	res->escalate = 0;
	res->agent = NULL;
	r->have_text = -1;
	trace(&c, "queue (%s):", r->best ? "the best score" : "the first that applies");
	matched = choose_queue(&c);
	/* A new string each time: json-c 0.16's json_object_set_string_len() can lose its buffer. */
	json_object_put(r->cur_queue);
	r->cur_queue = json_object_new_string_len(res->queue.buf, (int)res->queue.len);
	c.stage = 1;
	trace(&c, "  => %s", res->queue.buf);
	trace(&c, "priority:");
	res->priority = compute_priority(&c);
	json_object_set_double(r->cur_priority, res->priority);
	c.stage = 2;
	trace(&c, "  => %.1f", res->priority);
	trace(&c, "escalation:");
	escalation(&c, matched);
	trace(&c, "  => %s", res->escalate ? "yes" : "no");
	return c.gave_up;
}

void tk_route_result_json(const struct tk_route_result *res, int with_agent, struct tk_buf *out)
{
	const char *s = res->reasons.buf;
	size_t i;

	tk_buf_adds(out, "{\"queue\":");
	tk_json_escape(out, res->queue.buf, res->queue.len);
	tk_buf_addf(out, ",\"priority\":%.1f,\"escalate\":%s,\"reasons\":[", res->priority,
		    res->escalate ? "true" : "false");
	for (i = 0; i < res->nreason; i++, s += strlen(s) + 1) {
		if (i)
			tk_buf_addch(out, ',');
		tk_json_escape(out, s, strlen(s));
	}
	tk_buf_addch(out, ']');
	if (with_agent) {
		tk_buf_adds(out, ",\"agent\":");
		if (res->agent)
			tk_json_escape(out, res->agent, strlen(res->agent));
		else
			tk_buf_adds(out, "null");
	}
	tk_buf_addch(out, '}');
}

/* ---- rosters ---- */

void tk_roster_init(struct tk_roster *ro)
{
	memset(ro, 0, sizeof(*ro));
}

static void free_strings(char **s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

void tk_roster_release(struct tk_roster *ro)
{
	size_t i;

	for (i = 0; i < ro->n; i++) {
		free(ro->agent[i].name);
		free_strings(ro->agent[i].queue, ro->agent[i].nqueue);
		free_strings(ro->agent[i].lang, ro->agent[i].nlang);
	}
	free(ro->agent);
	tk_roster_init(ro);
}

static int parse_strings(struct parser *p, struct json_object *obj, const char *key, char ***out, size_t *n)
{
	struct json_object *arr;
	size_t i, at;

	if (!json_object_object_get_ex(obj, key, &arr))
		return 0;
	at = enter(p, key, 0);
	if (expect_type(p, arr, json_type_array, "an array of strings") < 0)
		return -1;
	*out = tk_calloc(json_object_array_length(arr) + 1, sizeof(**out));
	for (i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *v = json_object_array_get_idx(arr, i);
		size_t at2 = enter(p, NULL, i);

		if (expect_type(p, v, json_type_string, "a string") < 0)
			return -1;
		(*out)[(*n)++] = tk_strdup(json_object_get_string(v));
		leave(p, at2);
	}
	leave(p, at);
	return 0;
}

static int parse_roster(struct tk_roster *ro, struct parser *p, struct json_object *root)
{
	static const char *const known[] = { "agents", NULL };
	static const char *const agent_keys[] = { "name", "queues", "languages", "capacity", "load", NULL };
	struct json_object *arr = root;
	size_t i, n, at = 0;

	if (json_object_is_type(root, json_type_object)) {
		if (check_keys(p, root, known) < 0)
			return -1;
		if (!json_object_object_get_ex(root, "agents", &arr))
			return fail(p, "has no 'agents'");
		at = enter(p, "agents", 0);
	}
	if (expect_type(p, arr, json_type_array, "an array of agents") < 0)
		return -1;
	n = json_object_array_length(arr);
	ro->agent = tk_calloc(n + 1, sizeof(*ro->agent));
	for (i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(arr, i);
		struct tk_agent *a = &ro->agent[ro->n++];
		size_t at2 = enter(p, NULL, i);
		double capacity = -1, load = 0;

		if (expect_type(p, v, json_type_object, "an agent (an object)") < 0 || check_keys(p, v, agent_keys) < 0 ||
		    get_string(p, v, "name", &a->name) < 0 ||
		    parse_strings(p, v, "queues", &a->queue, &a->nqueue) < 0 ||
		    parse_strings(p, v, "languages", &a->lang, &a->nlang) < 0 ||
		    get_number(p, v, "capacity", 0, 1e9, &capacity) < 0 || get_number(p, v, "load", 0, 1e9, &load) < 0)
			return -1;
		if (!a->name)
			return fail(p, "has no 'name'");
		if (!a->nqueue)
			return fail(p, "has no 'queues' (use [\"*\"] for every queue)");
		if (capacity < 0)
			return fail(p, "has no 'capacity'");
		if (capacity != floor(capacity) || load != floor(load))
			return fail(p, "capacity and load are whole numbers of tickets");
		a->capacity = (long)capacity;
		a->load = (long)load;
		leave(p, at2);
	}
	leave(p, at);
	return 0;
}

int tk_roster_load(struct tk_roster *ro, const char *path, struct tk_error *err)
{
	struct parser p = { path, err, TK_BUF_INIT };
	struct json_object *root;
	int rc;

	if (!(root = load_json(path, "roster", err)))
		return -1;
	rc = parse_roster(ro, &p, root);
	json_object_put(root);
	tk_buf_release(&p.path);
	return rc;
}

static int has(char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0 || strcmp(list[i], "*") == 0)
			return 1;
	return 0;
}

int tk_roster_assign(struct tk_roster *ro, struct json_object *t, struct tk_route_result *res)
{
	struct json_object *lv = tk_json_path(t, "language");
	const char *queue = res->queue.buf, *lang = NULL;
	struct tk_agent *best = NULL;
	size_t i, handles = 0, speaks = 0;
	char text[400];

	if (lv && json_object_is_type(lv, json_type_string))
		lang = json_object_get_string(lv);
	for (i = 0; i < ro->n; i++) {
		struct tk_agent *a = &ro->agent[i];

		if (!has(a->queue, a->nqueue, queue))
			continue;
		handles++;
		if (lang && a->nlang && !has(a->lang, a->nlang, lang))
			continue;
		speaks++;
		if (a->load < a->capacity && (!best || a->capacity - a->load > best->capacity - best->load))
			best = a;
	}
	if (!best) {
		if (!handles)
			snprintf(text, sizeof(text), "unassigned: no agent handles queue %s", queue);
		else if (!speaks)
			snprintf(text, sizeof(text), "unassigned: no agent of queue %s speaks '%s'", queue, lang);
		else
			snprintf(text, sizeof(text), "unassigned: every agent of queue %s%s%s%s is at capacity", queue,
				 lang ? " who speaks '" : "", lang ? lang : "", lang ? "'" : "");
		res->agent = NULL;
	} else {
		snprintf(text, sizeof(text), "agent %s: handles %s%s%s%s, %ld of %ld places were free", best->name,
			 queue, lang && best->nlang ? ", speaks '" : "", lang && best->nlang ? lang : "",
			 lang && best->nlang ? "'" : "", best->capacity - best->load, best->capacity);
		best->load++;
		res->agent = best->name;
	}
	tk_buf_add(&res->reasons, text, strlen(text) + 1);
	res->nreason++;
	return best != NULL;
}
