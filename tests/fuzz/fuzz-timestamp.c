/*
 * Ticket times: the input is a created_at string, read by every parser
 * tools use for times; a time that parses must format and parse back.
 */
#include <json-c/json.h>
#include <math.h>

#include "fuzz.h"
#include "num.h"
#include "timestamp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *z = tk_strndup(s, size), buf[64];
	struct json_object *o;
	struct tk_error err;
	double t, u;
	long long n;

	if (tk_time_parse(s, size, &t) == 0) {
		if (!isfinite(t))
			fuzz_fail("a time parsed as a number that is not finite");
		tk_time_format(t, buf, sizeof(buf));
		if (tk_time_parse(buf, strlen(buf), &u) < 0)
			fuzz_fail("a formatted time does not parse");
	}
	tk_time_parse_utc(s, size, &t);
	o = json_object_new_string_len(s, (int)size);
	tk_time_json(o, &t);
	json_object_put(o);
	tk_strtod(z, -1e12, 1e12, &t, &err);
	tk_strtonum(z, -1000000, 1000000, &n, &err);
	free(z);
	return 0;
}
