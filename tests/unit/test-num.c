/*
 * Unit tests for lib/num.c: tk_strtonum and tk_strtod on valid numbers,
 * both ends of the range, garbage, the empty string, trailing junk and
 * overflow of long long, with the exact error messages, and that *out is
 * left alone on failure.
 */
#include <float.h>
#include <limits.h>
#include <math.h>

#include "num.h"
#include "tap.h"

/* Parse with tk_strtonum; the message, or "ok N". */
static const char *num(const char *s, long long min, long long max)
{
	static char res[600];
	struct tk_error err = { NULL, 0, "" };
	long long v = -12345;

	if (tk_strtonum(s, min, max, &v, &err) == 0)
		snprintf(res, sizeof(res), "ok %lld", v);
	else if (v != -12345)
		snprintf(res, sizeof(res), "out changed on failure: %s", err.msg);
	else
		snprintf(res, sizeof(res), "%s", err.msg);
	return res;
}

/* Parse with tk_strtod; the message, or "ok %.17g". */
static const char *dbl(const char *s, double min, double max)
{
	static char res[600];
	struct tk_error err = { NULL, 0, "" };
	double v = -12345;

	if (tk_strtod(s, min, max, &v, &err) == 0)
		snprintf(res, sizeof(res), "ok %.17g", v);
	else if (v != -12345)
		snprintf(res, sizeof(res), "out changed on failure: %s", err.msg);
	else
		snprintf(res, sizeof(res), "%s", err.msg);
	return res;
}

static void test_strtonum(void)
{
	struct tk_error err = { NULL, 0, "" };
	long long v = 0;

	TAP_STR(num("42", 0, 100), "ok 42", "a plain number");
	TAP_STR(num("0", 0, 100), "ok 0", "zero");
	TAP_STR(num("-5", -10, 10), "ok -5", "a negative number");
	TAP_STR(num("-10", -10, 10), "ok -10", "the minimum itself");
	TAP_STR(num("10", -10, 10), "ok 10", "the maximum itself");
	TAP_STR(num("007", 0, 10), "ok 7", "leading zeros are decimal, not octal");
	TAP_STR(num("-11", -10, 10), "'-11' is too small (min -10)", "one below the minimum");
	TAP_STR(num("11", -10, 10), "'11' is too large (max 10)", "one above the maximum");
	TAP_STR(num("0", 1, 64), "'0' is too small (min 1)", "zero below a minimum of 1");
	TAP_STR(num("abc", 0, 10), "'abc' is not a number", "garbage");
	TAP_STR(num("", 0, 10), "'' is not a number", "the empty string");
	TAP_STR(num("12abc", 0, 100), "'12abc' is not a number", "trailing junk");
	TAP_STR(num("12 ", 0, 100), "'12 ' is not a number", "a trailing space");
	TAP_STR(num("1.5", 0, 10), "'1.5' is not a number", "a fraction is not an integer");
	TAP_STR(num("0x10", 0, 100), "'0x10' is not a number", "hexadecimal is not decimal");
	TAP_STR(num("-", -10, 10), "'-' is not a number", "a sign alone");
	TAP_STR(num("9223372036854775807", 0, LLONG_MAX), "ok 9223372036854775807",
		"LLONG_MAX itself");
	TAP_STR(num("-9223372036854775808", LLONG_MIN, 0), "ok -9223372036854775808",
		"LLONG_MIN itself");
	TAP_STR(num("9223372036854775808", 0, LLONG_MAX),
		"'9223372036854775808' is too large (max 9223372036854775807)",
		"LLONG_MAX + 1 overflows: too large");
	TAP_STR(num("99999999999999999999999", LLONG_MIN, LLONG_MAX),
		"'99999999999999999999999' is too large (max 9223372036854775807)",
		"a huge number with the widest range is too large");
	TAP_STR(num("-9223372036854775809", LLONG_MIN, LLONG_MAX),
		"'-9223372036854775809' is too small (min -9223372036854775808)",
		"LLONG_MIN - 1 overflows: too small");
	TAP_STR(num("-99999999999999999999999", 0, 10),
		"'-99999999999999999999999' is too small (min 0)",
		"a huge negative number is too small");
	TAP_STR(num("99999999999999999999999", 0, 10),
		"'99999999999999999999999' is too large (max 10)",
		"a huge number against a small maximum");

	err.file = "stale";
	err.line = 9;
	TAP_INT(tk_strtonum("x", 0, 1, &v, &err), -1, "failure returns -1");
	TAP_OK(err.file == NULL && err.line == 0, "the error is not about a file");
	TAP_INT(tk_strtonum("1", 0, 1, &v, &err), 0, "success returns 0");
	TAP_INT(v, 1, "success sets *out");
}

static void test_strtod(void)
{
	struct tk_error err = { NULL, 0, "" };
	double v = 0;

	TAP_STR(dbl("0.5", 0, 1), "ok 0.5", "a fraction");
	TAP_STR(dbl("1e-3", 0, 1), "ok 0.001", "an exponent");
	TAP_STR(dbl("-0.25", -1, 1), "ok -0.25", "a negative fraction");
	TAP_STR(dbl("3", 0, 10), "ok 3", "an integer");
	TAP_STR(dbl("0", 0, 1), "ok 0", "the minimum itself");
	TAP_STR(dbl("1", 0, 1), "ok 1", "the maximum itself");
	TAP_STR(dbl("1.5", 0, 1), "'1.5' is too large (max 1)", "above the maximum");
	TAP_STR(dbl("-0.1", 0, 1), "'-0.1' is too small (min 0)", "below the minimum");
	TAP_STR(dbl("0.75", 0, 0.5), "'0.75' is too large (max 0.5)", "a fractional maximum");
	TAP_STR(dbl("-3", -2.5, 0), "'-3' is too small (min -2.5)", "a fractional minimum");
	TAP_STR(dbl("abc", 0, 1), "'abc' is not a number", "garbage");
	TAP_STR(dbl("", 0, 1), "'' is not a number", "the empty string");
	TAP_STR(dbl("0.5x", 0, 1), "'0.5x' is not a number", "trailing junk");
	TAP_STR(dbl("0.5 ", 0, 1), "'0.5 ' is not a number", "a trailing space");
	TAP_STR(dbl(".", 0, 1), "'.' is not a number", "a dot alone");
	TAP_STR(dbl("nan", -DBL_MAX, DBL_MAX), "'nan' is not a number", "NaN is not a number");
	TAP_STR(dbl("1e999", -DBL_MAX, DBL_MAX), "'1e999' is too large (max 1.79769e+308)",
		"overflow to infinity is too large");
	TAP_STR(dbl("-1e999", -DBL_MAX, DBL_MAX), "'-1e999' is too small (min -1.79769e+308)",
		"overflow to minus infinity is too small");
	TAP_OK(tk_strtod("inf", -DBL_MAX, DBL_MAX, &v, &err) == -1, "inf is refused");
	/* num.h promises a finite decimal number: not inf, not hexadecimal, whatever the range. */
	TAP_OK(tk_strtod("inf", -INFINITY, INFINITY, &v, &err) == -1,
	       "inf is refused even when the range is unbounded");
	TAP_STR(dbl("0x10", 0, 100), "'0x10' is not a number", "hexadecimal is not decimal");
	TAP_STR(dbl("0x1p3", 0, 100), "'0x1p3' is not a number",
		"a hexadecimal float is not decimal");
	TAP_STR(dbl("infinity", 0, 1), "'infinity' is not a number", "'infinity' is not a number");
	TAP_OK(tk_strtod("1e999", -INFINITY, INFINITY, &v, &err) == -1,
	       "overflow is refused even when the range is unbounded");

	v = 7;
	TAP_INT(tk_strtod("2.5", 0, 10, &v, &err), 0, "success returns 0");
	TAP_OK(v == 2.5, "success sets *out");
	TAP_INT(tk_strtod("x", 0, 10, &v, &err), -1, "failure returns -1");
	TAP_OK(v == 2.5, "failure leaves *out alone");
}

int main(void)
{
	test_strtonum();
	test_strtod();
	return tap_done();
}
