/*
 * Routing: a queue, a priority and an escalation for each ticket, with the
 * reasons in words, decided by a routing file a support lead can read
 * (JSON, described in tk-route(1)) or by the built-in default.
 *
 * A routing file has three parts, and one condition language runs through
 * them all:
 *
 *   queues     rules (a condition and a queue), a classifier label -> queue
 *              map and a page -> queue map; the first that applies wins, or
 *              the one with the best score ("strategy": "best");
 *   priority   base + sum of named weights x factors in 0..1 (urgency,
 *              frustration, churn risk, negativity, customer tier, contract
 *              value, classifier confidence, SLA time used, repeat contact,
 *              surge) + the "add" of every priority rule that holds,
 *              clamped to 0..100;
 *   escalate   classifier confidence below a level, the classifier's own
 *              escalation, no queue matched, or any escalation rule.
 *
 * Repeat contact and surge need memory of other tickets: each keeps a
 * fixed-size table (a few megabytes, whatever the input), so routing a
 * stream runs in constant memory.
 */
#ifndef TK_ROUTE_H
#define TK_ROUTE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <json-c/json.h>
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "entity.h"
#include "error.h"
#include "text.h"

/* The priority factors, each in 0..1, in the order of the "weights" object. */
enum tk_factor {
	TK_F_URGENCY,     /* sentiment.urgency */
	TK_F_FRUSTRATION, /* sentiment.frustration */
	TK_F_CHURN,       /* sentiment.churn_risk */
	TK_F_NEGATIVITY,  /* max(0, -sentiment.score) */
	TK_F_TIER,        /* the value "tiers" gives customer.tier */
	TK_F_VALUE,       /* log(1 + value) / log(1 + max) of the contract value field */
	TK_F_CONFIDENCE,  /* class.confidence */
	TK_F_SLA,         /* share of the tier's SLA used since created_at */
	TK_F_REPEAT,      /* n / (n + 1) for n earlier tickets of the customer in the window */
	TK_F_SURGE,       /* 1 when enough customers share the surge key within the window */
	TK_NFACTOR
};

/* A condition: a test on one field, a regex on the text, or all/any/not of others. */
struct tk_cond {
	int op;                    /* private: enum cond_op in route.c */
	char *field;               /* dotted path in the ticket */
	struct json_object *value; /* equals: the value; in: the array (owned) */
	double num;                /* above, below */
	char *str;                 /* prefix */
	pcre2_code *re;            /* regex, text */
	struct tk_cond *kid;       /* all, any, not */
	size_t nkid;
	char *path;                /* where it is in the routing file, for messages */
};

/* A rule: a condition and what it does. */
struct tk_rule {
	struct tk_cond when;
	char *queue;  /* queue rules */
	double score; /* queue rules under "best" */
	double add;   /* priority rules */
	char *reason; /* in words, for "reasons" */
	char *path;   /* "queues[2]" */
};

/* A name -> value pair of the maps in a routing file. */
struct tk_route_pair {
	char *name;
	char *queue;  /* labels, pages */
	double value; /* tiers, sla_hours */
};

/* A memory of recent events per key, in fixed space (private to route.c). */
struct tk_memo {
	struct tk_memo_slot *slot;
	size_t nslot; /* a power of two */
	size_t depth; /* events kept per key */
};

struct tk_route {
	char *name; /* the routing file, or "(built-in)" */
	/* queues */
	int best;
	char *default_queue;
	struct tk_rule *queue;
	size_t nqueue;
	struct tk_route_pair *label;
	size_t nlabel;
	int label_as_queue;
	struct tk_route_pair *page; /* longest first */
	size_t npage;
	double page_score;
	/* priority */
	double base;
	double weight[TK_NFACTOR];
	struct tk_route_pair *tier;
	size_t ntier;
	char *value_field;
	double value_max;
	struct tk_route_pair *sla; /* hours per tier; "*" for the others */
	size_t nsla;
	double repeat_hours;
	char *surge_field;
	double surge_minutes;
	long surge_customers;
	struct tk_rule *boost;
	size_t nboost;
	/* escalate */
	double below_confidence; /* < 0: off */
	int no_queue;
	int follow_classifier;
	struct tk_rule *escalation;
	size_t nescalation;

	/* Settings of a run: set after loading. */
	double now;   /* the time SLA is measured at (Unix seconds) */
	int batch;    /* tickets were all observed first: surge looks both ways */
	int trace;    /* record every check in the result's trace, for --explain */
	struct tk_textsel sel;

	/* Private. */
	struct json_object *cur_queue, *cur_priority; /* "route.queue", "route.priority" */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	struct tk_entities ent;
	int ent_ready;
	struct tk_memo repeat, surge;
	struct tk_buf text;
	int have_text; /* -1: not looked up yet for this ticket; 0: none; 1: in text */
};

/* The decision for one ticket. */
struct tk_route_result {
	struct tk_buf queue;
	double priority;
	int escalate;
	struct tk_buf reasons; /* NUL-terminated strings, one after the other */
	size_t nreason;
	struct tk_buf trace;   /* text lines, when the route's trace is set */
	char *agent;           /* set by tk_roster_assign(), borrowed from the roster */
};

/* The built-in routing file, as --print-config writes it. */
extern const char tk_route_default_config[];

void tk_route_init(struct tk_route *r);
void tk_route_release(struct tk_route *r);

/*
 * Load the routing file at path, or the built-in one when path is NULL.
 * Every mistake is caught here, not per ticket: err names the file and the
 * place in it (FILE:LINE for JSON syntax, "queues[2].when.regex" for
 * content), and a bad regex fails with pcre2's message and offset.
 * Return 0, or -1 with err set.
 */
int tk_route_load(struct tk_route *r, const char *path, struct tk_error *err);

/* Load routing from the JSON text s[0..len), named name in messages. Return 0 or -1. */
int tk_route_parse(struct tk_route *r, const char *s, size_t len, const char *name,
		   struct tk_error *err);

/*
 * Remember what ticket t tells about other tickets (its customer and time
 * for repeat contact, its surge keys).  Batch mode (r->batch) calls this
 * for every ticket before routing any; a stream calls it after routing
 * each, so that a ticket is judged by the ones before it.
 */
void tk_route_observe(struct tk_route *r, struct json_object *t);

void tk_route_result_init(struct tk_route_result *res);
void tk_route_result_release(struct tk_route_result *res);

/*
 * Decide t's queue, priority and escalation into res (reset first).  A
 * ticket lacking every field the routing names still gets the default
 * queue and the base priority.  Return 0; or 1 when a regex gave up at
 * its match limit (err says which; it counted as not matching).
 */
int tk_route_ticket(struct tk_route *r, struct json_object *t, struct tk_route_result *res,
		    struct tk_error *err);

/* Append res as the JSON object of the "route" key. */
void tk_route_result_json(const struct tk_route_result *res, int with_agent, struct tk_buf *out);

/* An agent of a roster. */
struct tk_agent {
	char *name;
	char **queue;  /* "*": any */
	size_t nqueue;
	char **lang;   /* none: any */
	size_t nlang;
	long capacity;
	long load;
};

struct tk_roster {
	struct tk_agent *agent;
	size_t n;
};

void tk_roster_init(struct tk_roster *ro);
void tk_roster_release(struct tk_roster *ro);

/*
 * Load a roster: {"agents": [{"name", "queues", "languages", "capacity",
 * "load"}, ...]} (or the array alone).  Return 0, or -1 with err naming
 * the file and the place ("agents[1].capacity").
 */
int tk_roster_load(struct tk_roster *ro, const char *path, struct tk_error *err);

/*
 * Give the ticket t, routed as res, to the agent of its queue (and its
 * "language", when the agent lists languages) with the most free capacity
 * (the first in the roster on a tie), and count it in that agent's load.
 * Set res->agent and add the reason; with nobody free, leave res->agent
 * NULL and say why.  Return 1 when assigned, else 0.
 */
int tk_roster_assign(struct tk_roster *ro, struct json_object *t, struct tk_route_result *res);

#endif
