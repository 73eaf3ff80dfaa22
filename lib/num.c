/* Checked number parsing; see num.h. */
#include "num.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int tk_strtonum(const char *s, long long min, long long max, long long *out,
		struct tk_error *err)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end != '\0' || (errno && errno != ERANGE)) {
		tk_error_set(err, "'%s' is not a number", s);
		return -1;
	}
	if (v < min || (errno == ERANGE && v == LLONG_MIN)) {
		tk_error_set(err, "'%s' is too small (min %lld)", s, min);
		return -1;
	}
	if (v > max || errno == ERANGE) {
		tk_error_set(err, "'%s' is too large (max %lld)", s, max);
		return -1;
	}
	*out = v;
	return 0;
}

int tk_strtod(const char *s, double min, double max, double *out, struct tk_error *err)
{
	char *end;
	double v;

	/* strtod also takes hexadecimal, inf and nan: only plain decimals are numbers here. */
	if (strspn(s, "0123456789+-.eE") != strlen(s)) {
		tk_error_set(err, "'%s' is not a number", s);
		return -1;
	}
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0') {
		tk_error_set(err, "'%s' is not a number", s);
		return -1;
	}
	/* An overflow gives an infinity, which no range takes. */
	if (v < min || (isinf(v) && v < 0)) {
		tk_error_set(err, "'%s' is too small (min %g)", s, min);
		return -1;
	}
	if (v > max || isinf(v)) {
		tk_error_set(err, "'%s' is too large (max %g)", s, max);
		return -1;
	}
	*out = v;
	return 0;
}
