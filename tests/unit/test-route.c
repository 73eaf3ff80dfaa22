/*
 * Unit tests for lib/timestamp.c and lib/route.c: RFC 3339 times (offsets,
 * fractions, leap days, what is refused) and their formatting; routing
 * files loaded from text (defaults, the built-in one, errors naming the
 * place); conditions on absent fields, arrays and numbers; the priority
 * formula and its clamping; the repeat and surge memories in a stream and
 * in a batch; and rosters.
 */
#include <math.h>
#include <stdlib.h>

#include "route.h"
#include "tap.h"
#include "timestamp.h"

static void test_time(void)
{
	double t = 0;
	char buf[32];

	TAP_INT(tk_time_parse("1970-01-01T00:00:00Z", 20, &t), 0, "the epoch parses");
	TAP_OK(t == 0, "the epoch is 0");
	tk_time_parse("2026-11-16T09:51:43Z", 20, &t);
	TAP_OK(t == 1794822703, "2026-11-16T09:51:43Z is 1794822703 (got %.0f)", t);
	tk_time_parse("2026-11-16T10:51:43.5+01:00", 27, &t);
	TAP_OK(t == 1794822703.5, "an offset and a fraction are applied (got %.1f)", t);
	tk_time_parse("2026-11-16 04:21:43-05:30", 25, &t);
	TAP_OK(t == 1794822703, "a space for T and a negative offset (got %.0f)", t);
	TAP_INT(tk_time_parse("2024-02-29T00:00:00Z", 20, &t), 0, "29 February of a leap year");
	TAP_INT(tk_time_parse("2026-02-29T00:00:00Z", 20, &t), -1, "29 February of another year is refused");
	TAP_INT(tk_time_parse("2026-11-16T09:51:43", 19, &t), -1, "a time without a zone is refused");
	TAP_INT(tk_time_parse("2026-11-16", 10, &t), -1, "a date alone is refused");
	TAP_INT(tk_time_parse("2026-13-01T00:00:00Z", 20, &t), -1, "month 13 is refused");
	TAP_INT(tk_time_parse("2026-11-16T09:51:43Zx", 21, &t), -1, "text after the time is refused");
	TAP_INT(tk_time_parse("0000-01-01T00:00:00Z", 20, &t), 0, "the first second of year 0000 parses");
	TAP_INT(tk_time_parse("0000-01-01T00:03:00+01:00", 25, &t), -1,
		"a zone that carries the time before year 0000 is refused");
	TAP_INT(tk_time_parse("9999-12-31T23:59:60Z", 20, &t), -1,
		"a leap second into year 10000 is refused");
	TAP_INT(tk_time_parse("9999-12-31T23:59:59-01:00", 25, &t), -1,
		"a zone that carries the time past year 9999 is refused");
	tk_time_format(1794822703, buf, sizeof(buf));
	TAP_STR(buf, "2026-11-16T09:51:43Z", "formatting gives the time back");
	tk_time_format(-1, buf, sizeof(buf));
	TAP_STR(buf, "1969-12-31T23:59:59Z", "a time before the epoch formats");
}

/* Route the JSON ticket text with r; return the result (static, reused). */
static struct tk_route_result *route(struct tk_route *r, const char *ticket)
{
	static struct tk_route_result res;
	struct json_object *t = json_tokener_parse(ticket);
	struct tk_error err;

	tk_route_ticket(r, t, &res, &err);
	if (!r->batch)
		tk_route_observe(r, t);
	json_object_put(t);
	return &res;
}

static int load(struct tk_route *r, const char *config, struct tk_error *err)
{
	tk_route_init(r);
	return tk_route_parse(r, config, strlen(config), "test.json", err);
}

static void test_errors(void)
{
	static const struct {
		const char *config, *msg;
	} bad[] = {
		{ "{\"queues\": [{\"queue\": \"q\", \"when\": {\"field\": \"a\", \"above\": \"1\"}}]}",
		  "test.json: queues[0].when.above: expected a number, got string" },
		{ "{\"priority\": {\"surge\": {\"customers\": 1}}}",
		  "test.json: priority.surge.customers: 1 is out of range (2 to 64)" },
		{ "{\"escalate\": {\"rules\": [{\"when\": {\"not\": {}}}]}}",
		  "test.json: escalate.rules[0].when.not: has no test (equals, in, above, below, regex, prefix, "
		  "exists, text, all, any, not)" },
		{ "{\"pages\": {\"/a\": 1}}", "test.json: pages./a: expected a queue name, got int" },
		{ "{\n\n  \"queues\": [\n", "test.json:4: not valid JSON: unexpected end of file" },
	};
	struct tk_route r;
	struct tk_error err;
	char got[700];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TAP_INT(load(&r, bad[i].config, &err), -1, "bad routing file %zu is refused", i);
		if (err.line)
			snprintf(got, sizeof(got), "%s:%lu: %s", err.file, err.line, err.msg);
		else
			snprintf(got, sizeof(got), "%s: %s", err.file, err.msg);
		TAP_STR(got, bad[i].msg, "bad routing file %zu: the message names the place", i);
		tk_route_release(&r);
	}
	TAP_INT(tk_route_load(&r, NULL, &err), 0, "the built-in routing file loads");
	TAP_STR(r.default_queue, "triage", "its default queue is triage");
	tk_route_release(&r);
}

static void test_conditions(void)
{
	struct tk_route r;
	struct tk_error err;
	struct tk_route_result *res;

	TAP_INT(load(&r,
		     "{\"queues\": ["
		     "{\"queue\": \"arr\", \"when\": {\"field\": \"tags\", \"in\": [\"x\", 3]}},"
		     "{\"queue\": \"num\", \"when\": {\"field\": \"n\", \"above\": 1, \"below\": 2}},"
		     "{\"queue\": \"null\", \"when\": {\"field\": \"a\", \"equals\": null}}],"
		     "\"default_queue\": \"none\"}",
		     &err),
		0, "a routing file of conditions loads");
	res = route(&r, "{\"a\": 1}");
	TAP_STR(res->queue.buf, "none", "a present field does not equal null");
	res = route(&r, "{\"b\": 1}");
	TAP_STR(res->queue.buf, "null", "an absent field equals null");
	res = route(&r, "{\"tags\": [\"a\", 3]}");
	TAP_STR(res->queue.buf, "arr", "an array field holds when one element does (3 == 3)");
	res = route(&r, "{\"tags\": \"x\"}");
	TAP_STR(res->queue.buf, "arr", "a string field is tested as itself");
	res = route(&r, "{\"n\": 1.5}");
	TAP_STR(res->queue.buf, "num", "above and below in one object both hold");
	res = route(&r, "{\"n\": 2, \"a\": 0}");
	TAP_STR(res->queue.buf, "none", "below is strict");
	res = route(&r, "{\"n\": \"1.5\", \"a\": 0}");
	TAP_STR(res->queue.buf, "none", "a number in a string is not a number");
	tk_route_release(&r);
}

static void test_priority(void)
{
	struct tk_route r;
	struct tk_error err;
	struct tk_route_result *res;

	load(&r,
	     "{\"priority\": {\"base\": 20, \"weights\": {\"urgency\": 50, \"tier\": 10, \"value\": 10},"
	     "\"tiers\": {\"gold\": 0.5}, \"value\": {\"field\": \"m\", \"max\": 99}}}",
	     &err);
	res = route(&r, "{\"sentiment\": {\"urgency\": 0.5}, \"customer\": {\"tier\": \"gold\"}, \"m\": 9}");
	/* 20 + 50 x 0.5 + 10 x 0.5 + 10 x log(10) / log(100) = 55 */
	TAP_OK(fabs(res->priority - 55) < 1e-9, "base + weights x factors (got %.1f)", res->priority);
	TAP_INT(res->nreason, 4, "a reason for the queue and each of the three factors");
	res = route(&r, "{\"sentiment\": {\"urgency\": 7}, \"customer\": {\"tier\": \"gold\"}, \"m\": 1e9}");
	TAP_OK(fabs(res->priority - 85) < 1e-9, "factors are clamped to 0..1 (got %.1f)", res->priority);
	tk_route_release(&r);
	load(&r, "{\"priority\": {\"base\": -5}}", &err);
	res = route(&r, "{}");
	TAP_OK(res->priority == 0, "the priority is clamped at 0 (got %.1f)", res->priority);
	tk_route_release(&r);
}

static void test_memories(void)
{
	static const char *const tickets[] = {
		"{\"created_at\": \"2026-11-16T10:00:00Z\", \"customer\": {\"id\": \"A\"}, \"code\": \"E-1\"}",
		"{\"created_at\": \"2026-11-16T10:10:00Z\", \"customer\": {\"id\": \"B\"}, \"code\": [\"E-1\"]}",
		"{\"created_at\": \"2026-11-16T10:20:00Z\", \"customer\": {\"id\": \"A\"}, \"code\": \"E-1\"}",
		"{\"created_at\": \"2026-11-16T15:00:00Z\", \"customer\": {\"id\": \"C\"}, \"code\": \"E-1\"}",
	};
	const char *config = "{\"priority\": {\"base\": 0, \"weights\": {\"repeat\": 10, \"surge\": 50},"
			     "\"repeat_hours\": 1, \"surge\": {\"field\": \"code\", \"minutes\": 60, \"customers\": 2}}}";
	double stream[4], batch[4];
	struct tk_route r;
	struct tk_error err;
	size_t i;

	load(&r, config, &err);
	for (i = 0; i < 4; i++)
		stream[i] = route(&r, tickets[i])->priority;
	tk_route_release(&r);
	/* A stream: the first ticket sees nobody; the second sees A (surge: 2 customers); the
	   third is A again within the hour (repeat 1/2) and sees B; the fourth is alone. */
	TAP_OK(stream[0] == 0 && stream[1] == 50 && stream[2] == 55 && stream[3] == 0,
	       "in a stream each ticket is judged by those before it (%.0f %.0f %.0f %.0f)", stream[0],
	       stream[1], stream[2], stream[3]);
	load(&r, config, &err);
	r.batch = 1;
	for (i = 0; i < 4; i++) {
		struct json_object *t = json_tokener_parse(tickets[i]);

		tk_route_observe(&r, t);
		json_object_put(t);
	}
	for (i = 0; i < 4; i++)
		batch[i] = route(&r, tickets[i])->priority;
	tk_route_release(&r);
	TAP_OK(batch[0] == 50 && batch[1] == 50 && batch[2] == 55 && batch[3] == 0,
	       "in a batch the surge looks both ways, repeat only back (%.0f %.0f %.0f %.0f)", batch[0],
	       batch[1], batch[2], batch[3]);
}

static void test_roster(void)
{
	struct tk_roster ro;
	struct tk_route_result res;
	struct json_object *t = json_tokener_parse("{\"language\": \"de\"}");
	struct tk_agent agents[2];
	char star[] = "*", de_s[] = "de", en_s[] = "en", name1[] = "en-only", name2[] = "de";
	char *any[] = { star }, *de[] = { de_s }, *en[] = { en_s };

	tk_roster_init(&ro);
	tk_route_result_init(&res);
	tk_buf_adds(&res.queue, "billing");
	agents[0] = (struct tk_agent){ name1, any, 1, en, 1, 5, 0 };
	agents[1] = (struct tk_agent){ name2, any, 1, de, 1, 1, 0 };
	ro.agent = agents;
	ro.n = 2;
	TAP_INT(tk_roster_assign(&ro, t, &res), 1, "a German ticket goes to the agent who speaks German");
	TAP_STR(res.agent, "de", "that agent is 'de'");
	TAP_INT(tk_roster_assign(&ro, t, &res), 0, "a second one finds nobody: 'de' is full");
	TAP_INT(agents[1].load, 1, "no agent goes beyond capacity");
	TAP_STR(res.reasons.buf + res.reasons.len - strlen("unassigned: every agent of queue billing who speaks 'de' is at capacity") - 1,
		"unassigned: every agent of queue billing who speaks 'de' is at capacity", "and says why");
	tk_route_result_release(&res);
	json_object_put(t);
}

int main(void)
{
	test_time();
	test_errors();
	test_conditions();
	test_priority();
	test_memories();
	test_roster();
	return tap_done();
}
