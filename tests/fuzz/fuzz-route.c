/*
 * Routing files (tk-route -c): the input is a routing file, parsed with
 * tk_route_parse(); one that loads routes a few tickets in a stream and
 * in batch mode, with the trace --explain writes.  The route written must
 * be a JSON object and the priority within 0..100.
 */
#include <json-c/json.h>
#include <math.h>

#include "fuzz.h"
#include "route.h"
#include "tickets.h"

static void route_all(struct tk_route *r, struct json_object **t)
{
	struct tk_route_result res;
	struct tk_buf out = TK_BUF_INIT;
	struct tk_error err;
	struct json_object *o;
	size_t i;

	tk_route_result_init(&res);
	if (r->batch)
		for (i = 0; i < FUZZ_NTICKETS; i++)
			tk_route_observe(r, t[i]);
	for (i = 0; i < FUZZ_NTICKETS; i++) {
		tk_route_ticket(r, t[i], &res, &err);
		if (!(res.priority >= 0 && res.priority <= 100))
			fuzz_fail("a priority outside 0..100");
		tk_buf_reset(&out);
		tk_route_result_json(&res, 0, &out);
		if (!(o = json_tokener_parse(out.buf)) || !json_object_is_type(o, json_type_object)) {
			fprintf(stderr, "fuzz: %s\n", out.buf);
			fuzz_fail("a route is not a JSON object");
		}
		json_object_put(o);
		if (!r->batch)
			tk_route_observe(r, t[i]);
	}
	tk_route_result_release(&res);
	tk_buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_object *t[FUZZ_NTICKETS];
	struct tk_route r;
	struct tk_error err;
	size_t i;
	int batch;

	for (batch = 0; batch < 2; batch++) {
		tk_route_init(&r);
		if (tk_route_parse(&r, (const char *)data, size, "fuzz.json", &err) == 0) {
			for (i = 0; i < FUZZ_NTICKETS; i++)
				t[i] = json_tokener_parse(fuzz_tickets[i]);
			r.now = 1763290800; /* 2026-11-16T11:00:00Z */
			r.batch = batch;
			r.trace = !batch;
			route_all(&r, t);
			for (i = 0; i < FUZZ_NTICKETS; i++)
				json_object_put(t[i]);
		}
		tk_route_release(&r);
	}
	return 0;
}
