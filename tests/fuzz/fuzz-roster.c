/*
 * Rosters (tk-route --assign): the input is a roster file; one that loads
 * takes the tickets the built-in routing sends it, in turn, until the
 * agents are full.
 */
#include <json-c/json.h>

#include "fuzz.h"
#include "route.h"
#include "tickets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tk_route r;
	static int ready;
	struct tk_roster ro;
	struct tk_route_result res;
	struct tk_error err;
	struct tk_buf out = TK_BUF_INIT;
	struct json_object *t;
	size_t i, round;

	if (!ready) {
		tk_route_init(&r);
		if (tk_route_load(&r, NULL, &err) < 0)
			fuzz_fail(err.msg);
		r.now = 1763290800;
		ready = 1;
	}
	tk_roster_init(&ro);
	if (tk_roster_load(&ro, fuzz_file(data, size), &err) == 0) {
		tk_route_result_init(&res);
		for (round = 0; round < 3; round++)
			for (i = 0; i < FUZZ_NTICKETS; i++) {
				t = json_tokener_parse(fuzz_tickets[i]);
				tk_route_ticket(&r, t, &res, &err);
				if (tk_roster_assign(&ro, t, &res) != (res.agent != NULL))
					fuzz_fail("tk_roster_assign() and res->agent disagree");
				tk_buf_reset(&out);
				tk_route_result_json(&res, 1, &out);
				json_object_put(t);
			}
		tk_route_result_release(&res);
	}
	tk_roster_release(&ro);
	tk_buf_release(&out);
	return 0;
}
