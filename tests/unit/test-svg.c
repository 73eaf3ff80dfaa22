/*
 * Unit tests for lib/svg.c: numbers in their fixed format, text escaped
 * for XML (entities, control characters, bytes that are not UTF-8), nice
 * value ticks and their labels, and time ticks on whole UTC days, weeks
 * from Monday and months.
 */
#include <string.h>

#include "svg.h"
#include "tap.h"

static const char *num(double v)
{
	static struct tk_buf b;

	tk_buf_reset(&b);
	tk_svg_num(&b, v);
	return b.buf;
}

static const char *esc(const char *s, size_t len)
{
	static struct tk_buf b;

	tk_buf_reset(&b);
	tk_buf_adds(&b, "");
	tk_svg_escape(&b, s, len);
	return b.buf;
}

static void test_numbers(void)
{
	char buf[32];

	TAP_STR(num(12), "12", "a whole number has no decimals");
	TAP_STR(num(0.5), "0.5", "trailing zeros are dropped");
	TAP_STR(num(-3.254), "-3.25", "two decimals at most");
	TAP_STR(num(-0.001), "0", "no minus zero");
	tk_svg_decimal(buf, sizeof(buf), 0.99999, 4);
	TAP_STR(buf, "1", "tk_svg_decimal rounds and drops zeros");
	tk_svg_decimal(buf, sizeof(buf), 0.0512, 3);
	TAP_STR(buf, "0.051", "tk_svg_decimal keeps leading zeros of the fraction");
}

static void test_escape(void)
{
	TAP_STR(esc("a<b & \"c\"", 9), "a&lt;b &amp; &quot;c&quot;", "markup is escaped");
	TAP_STR(esc("x\001y", 3), "x\xEF\xBF\xBDy", "a control character becomes U+FFFD");
	TAP_STR(esc("\xC3\xA9\xFF", 3), "\xC3\xA9\xEF\xBF\xBD", "UTF-8 stays, a stray byte becomes U+FFFD");
}

static void test_axes(void)
{
	struct tk_svg_axis a;
	double t[64];
	size_t n;

	tk_svg_axis_values(&a, 0, 69, 4, 100, 0);
	TAP_OK(a.step == 20 && a.lo == 0 && a.hi == 80, "0..69 in about 4 ticks: steps of 20 up to 80");
	TAP_INT(tk_svg_ticks(&a, t, 64), 5, "ticks 0, 20, 40, 60, 80");
	TAP_OK(tk_svg_map(&a, 40) == 50, "40 maps half way");
	tk_svg_axis_values(&a, 5, 5, 4, 0, 1);
	TAP_OK(a.hi > a.lo, "a range of one value is widened");
	/* 2026-10-05 02:46 (a Monday) to 2026-11-16 23:00: weekly ticks on Mondays at 00:00 */
	tk_svg_axis_times(&a, 1791168409, 1794870000, 8, 0, 800);
	n = tk_svg_ticks(&a, t, 64);
	TAP_OK(a.step == 7 * 86400 && n == 6 && t[0] == 1791763200, "six weeks: ticks on the Mondays from Oct 12");
	/* 2025-01-15 to 2026-01-15, 5 ticks at most: every third month, on its first day */
	tk_svg_axis_times(&a, 1736899200, 1768435200, 5, 0, 800);
	n = tk_svg_ticks(&a, t, 64);
	TAP_OK(n == 4 && t[0] == 1743465600, "a year: Apr 1, Jul 1, Oct 1 and Jan 1");
}

int main(void)
{
	test_numbers();
	test_escape();
	test_axes();
	return tap_done();
}
