/*
 * SVG elements, numbers and axes for charts (see svg.h).  Numbers go
 * through integer arithmetic, never through the locale, and dates through
 * the civil calendar in UTC (days_from_civil() and civil_from_days(), after
 * Howard Hinnant's algorithms), so that no setting of the machine changes
 * a chart.
 */
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define DAY 86400.0
#define WEEK (7 * DAY)
#define MONTH 2629746.0 /* a mean Gregorian month: only marks a step as counted in months */

void tk_svg_num(struct tk_buf *b, double v)
{
	long long u;

	if (!isfinite(v))
		v = 0;
	if (fabs(v) > 1e12)
		v = v > 0 ? 1e12 : -1e12;
	u = llround(v * 100);
	if (u < 0) {
		tk_buf_addch(b, '-');
		u = -u;
	}
	tk_buf_addf(b, "%lld", u / 100);
	if (u % 10)
		tk_buf_addf(b, ".%02lld", u % 100);
	else if (u % 100)
		tk_buf_addf(b, ".%lld", u % 100 / 10);
}

void tk_svg_escape(struct tk_buf *b, const char *s, size_t len)
{
	size_t i = 0, ok;

	while (i < len) {
		ok = i + tk_utf8_check(s + i, len - i);
		for (; i < ok; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c == '&')
				tk_buf_adds(b, "&amp;");
			else if (c == '<')
				tk_buf_adds(b, "&lt;");
			else if (c == '>')
				tk_buf_adds(b, "&gt;");
			else if (c == '"')
				tk_buf_adds(b, "&quot;");
			else if (c == '\'')
				tk_buf_adds(b, "&apos;");
			else if (c < 0x20 && c != '\t' && c != '\n')
				tk_buf_adds(b, "\xEF\xBF\xBD");
			else
				tk_buf_addch(b, c);
		}
		if (i < len) { /* a byte that is not UTF-8 */
			tk_buf_adds(b, "\xEF\xBF\xBD");
			i++;
		}
	}
}

void tk_svg_begin(struct tk_buf *b, double width, double height, const char *title)
{
	tk_buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		       "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
	tk_svg_num(b, width);
	tk_buf_adds(b, "\" height=\"");
	tk_svg_num(b, height);
	tk_buf_adds(b, "\" viewBox=\"0 0 ");
	tk_svg_num(b, width);
	tk_buf_addch(b, ' ');
	tk_svg_num(b, height);
	tk_buf_adds(b, "\">\n<title>");
	tk_svg_escape(b, title, strlen(title));
	tk_buf_adds(b, "</title>\n");
	tk_svg_rect(b, 0, 0, width, height, "fill=\"#ffffff\"");
}

void tk_svg_end(struct tk_buf *b)
{
	tk_buf_adds(b, "</svg>\n");
}

/* Append name="v" after a space. */
static void attr_num(struct tk_buf *b, const char *name, double v)
{
	tk_buf_addf(b, " %s=\"", name);
	tk_svg_num(b, v);
	tk_buf_addch(b, '"');
}

/* The end of an element: its extra attributes and "/>". */
static void close_tag(struct tk_buf *b, const char *attr)
{
	if (attr && *attr) {
		tk_buf_addch(b, ' ');
		tk_buf_adds(b, attr);
	}
	tk_buf_adds(b, "/>\n");
}

void tk_svg_rect(struct tk_buf *b, double x, double y, double w, double h, const char *attr)
{
	tk_buf_adds(b, "<rect");
	attr_num(b, "x", x);
	attr_num(b, "y", y);
	attr_num(b, "width", w > 0 ? w : 0);
	attr_num(b, "height", h > 0 ? h : 0);
	close_tag(b, attr);
}

void tk_svg_line(struct tk_buf *b, double x1, double y1, double x2, double y2, const char *attr)
{
	tk_buf_adds(b, "<line");
	attr_num(b, "x1", x1);
	attr_num(b, "y1", y1);
	attr_num(b, "x2", x2);
	attr_num(b, "y2", y2);
	close_tag(b, attr);
}

void tk_svg_circle(struct tk_buf *b, double cx, double cy, double r, const char *attr)
{
	tk_buf_adds(b, "<circle");
	attr_num(b, "cx", cx);
	attr_num(b, "cy", cy);
	attr_num(b, "r", r);
	close_tag(b, attr);
}

void tk_svg_text(struct tk_buf *b, double x, double y, const char *anchor, const char *attr, const char *s)
{
	tk_buf_adds(b, "<text");
	attr_num(b, "x", x);
	attr_num(b, "y", y);
	tk_buf_addf(b, " text-anchor=\"%s\" font-family=\"sans-serif\"", anchor);
	/* The defaults, unless attr has its own. */
	if (!attr || !strstr(attr, "font-size="))
		tk_buf_adds(b, " font-size=\"11\"");
	if (!attr || !strstr(attr, "fill="))
		tk_buf_adds(b, " fill=\"#374151\"");
	if (attr && *attr) {
		tk_buf_addch(b, ' ');
		tk_buf_adds(b, attr);
	}
	tk_buf_addch(b, '>');
	tk_svg_escape(b, s, strlen(s));
	tk_buf_adds(b, "</text>\n");
}

void tk_svg_polyline(struct tk_buf *b, const double *xy, size_t n, int closed, const char *attr)
{
	size_t i;

	if (n < 2)
		return;
	tk_buf_adds(b, closed ? "<polygon points=\"" : "<polyline points=\"");
	for (i = 0; i < n; i++) {
		if (i)
			tk_buf_addch(b, ' ');
		tk_svg_num(b, xy[2 * i]);
		tk_buf_addch(b, ',');
		tk_svg_num(b, xy[2 * i + 1]);
	}
	tk_buf_addch(b, '"');
	if (!closed)
		tk_buf_adds(b, " fill=\"none\"");
	close_tag(b, attr);
}

void tk_svg_group(struct tk_buf *b, const char *attr, const char *title)
{
	tk_buf_adds(b, "<g");
	if (attr && *attr) {
		tk_buf_addch(b, ' ');
		tk_buf_adds(b, attr);
	}
	tk_buf_adds(b, ">");
	if (title) {
		tk_buf_adds(b, "<title>");
		tk_svg_escape(b, title, strlen(title));
		tk_buf_adds(b, "</title>");
	}
	tk_buf_addch(b, '\n');
}

void tk_svg_group_end(struct tk_buf *b)
{
	tk_buf_adds(b, "</g>\n");
}

/* The decimal digits of v after its first one. */
static const char *frac(long long v, char *tmp)
{
	snprintf(tmp, 24, "%lld", v);
	return tmp + 1;
}

void tk_svg_decimal(char *buf, size_t size, double v, int dec)
{
	char tmp[24];
	long long p = 1, u;
	int i;

	for (i = 0; i < dec && i < 9; i++)
		p *= 10;
	if (!isfinite(v) || fabs(v) > 1e9)
		v = 0;
	u = llround(v * (double)p);
	while (dec > 0 && u % 10 == 0)
		u /= 10, p /= 10, dec--;
	if (dec > 0) /* the fraction's digits: those of p + fraction after the leading 1 */
		snprintf(buf, size, "%s%lld.%s", u < 0 ? "-" : "", llabs(u) / p, frac(llabs(u) % p + p, tmp));
	else
		snprintf(buf, size, "%lld", u);
}

/* ---- dates ---- */

static long long days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, long long *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* The parts of t (Unix seconds, UTC). */
struct civil {
	long long y;
	int m, d, hh, mm, ss;
};

static void civil(double t, struct civil *c)
{
	long long s = (long long)floor(t), days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
	long long rest = s - days * 86400;

	civil_from_days(days, &c->y, &c->m, &c->d);
	c->hh = (int)(rest / 3600);
	c->mm = (int)(rest / 60 % 60);
	c->ss = (int)(rest % 60);
}

static const char *const month_name[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

void tk_svg_time(double t, char *buf, size_t size)
{
	struct civil c;

	civil(t, &c);
	if (c.ss || t != floor(t))
		snprintf(buf, size, "%04lld-%02d-%02d %02d:%02d:%02d UTC", c.y, c.m, c.d, c.hh, c.mm, c.ss);
	else
		snprintf(buf, size, "%04lld-%02d-%02d %02d:%02d UTC", c.y, c.m, c.d, c.hh, c.mm);
}

/* ---- axes ---- */

void tk_svg_axis_values(struct tk_svg_axis *a, double lo, double hi, int n, double from, double to)
{
	double raw, mag, norm;

	memset(a, 0, sizeof(*a));
	if (!isfinite(lo) || !isfinite(hi))
		lo = 0, hi = 1;
	if (!(hi > lo)) {
		double d = lo != 0 ? fabs(lo) / 10 : 1;

		lo -= d;
		hi += d;
	}
	raw = (hi - lo) / (n > 1 ? n : 1);
	mag = pow(10, floor(log10(raw)));
	norm = raw / mag;
	a->step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
	a->lo = floor(lo / a->step + 1e-9) * a->step;
	a->hi = ceil(hi / a->step - 1e-9) * a->step;
	a->from = from;
	a->to = to;
}

void tk_svg_axis_times(struct tk_svg_axis *a, double lo, double hi, int n, double from, double to)
{
	static const double step[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
				       10800, 21600, 43200, DAY, 2 * DAY, WEEK, 2 * WEEK, MONTH, 2 * MONTH,
				       3 * MONTH, 6 * MONTH };
	size_t i;

	memset(a, 0, sizeof(*a));
	if (!(hi > lo))
		lo -= 1800, hi += 1800;
	a->lo = lo;
	a->hi = hi;
	a->from = from;
	a->to = to;
	a->time = 1;
	if (n < 1)
		n = 1;
	for (i = 0; i < sizeof(step) / sizeof(step[0]); i++)
		if ((hi - lo) / step[i] <= n) {
			a->step = step[i];
			return;
		}
	/* Years: 1, 2, 5, 10, 20, 50, ... */
	for (i = 0, a->step = 12 * MONTH; (hi - lo) / a->step > n; i++)
		a->step *= i % 3 == 1 ? 2.5 : 2;
}

double tk_svg_map(const struct tk_svg_axis *a, double v)
{
	return a->from + (v - a->lo) / (a->hi - a->lo) * (a->to - a->from);
}

size_t tk_svg_ticks(const struct tk_svg_axis *a, double *tick, size_t max)
{
	size_t n = 0;

	if (!a->time || a->step < MONTH) {
		/* Whole multiples of the step; weeks from a Monday (1970-01-05). */
		double origin = a->time && a->step >= WEEK ? 4 * DAY : 0;
		long long k = (long long)ceil((a->lo - origin) / a->step - 1e-9);

		for (; n < max; k++) {
			double t = origin + (double)k * a->step;

			if (t > a->hi + 1e-9 * a->step)
				break;
			tick[n++] = t;
		}
		return n;
	}
	/* Months: the first of each month whose number is a multiple of the step's months. */
	{
		long long months = llround(a->step / MONTH), y, idx;
		int m, d;

		civil_from_days((long long)floor(a->lo / DAY), &y, &m, &d);
		idx = y * 12 + (m - 1);
		for (;; idx++) {
			double t;

			if (idx % months)
				continue;
			t = (double)days_from_civil(idx / 12, (int)(idx % 12) + 1, 1) * DAY;
			if (t < a->lo)
				continue;
			if (t > a->hi || n == max)
				break;
			tick[n++] = t;
		}
	}
	return n;
}

/* The label of tick v of a value axis: as many decimals as the step needs; k and M for large ones. */
static void value_label(const struct tk_svg_axis *a, double v, char *buf, size_t size)
{
	double step = a->step, big = fabs(a->lo) > fabs(a->hi) ? fabs(a->lo) : fabs(a->hi), p = 1;
	const char *suffix = "";
	char tmp[24];
	long long u;
	int d = 0;

	if (a->percent) {
		v *= 100, step *= 100, suffix = "%";
	} else if (big >= 1e6 && step >= 1e5) {
		v /= 1e6, step /= 1e6, suffix = "M";
	} else if (big >= 1e4 && step >= 1e3) {
		v /= 1e3, step /= 1e3, suffix = "k";
	}
	while (d < 6 && fabs(step * p - round(step * p)) > 1e-6 * step * p)
		d++, p *= 10;
	u = llround(v * p);
	if (d)
		snprintf(buf, size, "%s%lld.%s%s", u < 0 ? "-" : "", llabs(u) / (long long)p,
			 frac(llabs(u) % (long long)p + (long long)p, tmp), suffix);
	else
		snprintf(buf, size, "%lld%s", u, suffix);
}

/* The label of tick t of a time axis, and under it (when it changed since *last) the day or year. */
static void time_label(const struct tk_svg_axis *a, double t, struct civil *last, char *top, char *under,
		       size_t size)
{
	struct civil c;

	civil(t, &c);
	*under = '\0';
	if (a->step < 60)
		snprintf(top, size, "%02d:%02d:%02d", c.hh, c.mm, c.ss);
	else if (a->step < DAY)
		snprintf(top, size, "%02d:%02d", c.hh, c.mm);
	else if (a->step < MONTH)
		snprintf(top, size, "%s %d", month_name[c.m - 1], c.d);
	else if (a->step < 12 * MONTH)
		snprintf(top, size, "%s", month_name[c.m - 1]);
	else
		snprintf(top, size, "%lld", c.y);
	if (a->step < DAY && (last->y != c.y || last->m != c.m || last->d != c.d))
		snprintf(under, size, "%04lld-%02d-%02d", c.y, c.m, c.d);
	else if (a->step >= DAY && a->step < 12 * MONTH && last->y != c.y)
		snprintf(under, size, "%lld", c.y);
	*last = c;
}

#define GRID "stroke=\"#e5e7eb\" stroke-width=\"1\""
#define AXIS "stroke=\"#9ca3af\" stroke-width=\"1\""

void tk_svg_axis_left(struct tk_buf *b, const struct tk_svg_axis *a, double x, double grid)
{
	double tick[64];
	char label[64];
	size_t i, n = tk_svg_ticks(a, tick, 64);

	for (i = 0; i < n; i++) {
		double y = tk_svg_map(a, tick[i]);

		if (grid != x)
			tk_svg_line(b, x, y, grid, y, GRID);
		tk_svg_line(b, x - 4, y, x, y, AXIS);
		value_label(a, tick[i], label, sizeof(label));
		tk_svg_text(b, x - 7, y + 4, "end", "", label);
	}
	tk_svg_line(b, x, a->from, x, a->to, AXIS);
}

void tk_svg_axis_bottom(struct tk_buf *b, const struct tk_svg_axis *a, double y, double grid)
{
	double tick[64];
	char top[64], under[64];
	struct civil last = { -999999, 0, 0, 0, 0, 0 };
	size_t i, n = tk_svg_ticks(a, tick, 64);

	for (i = 0; i < n; i++) {
		double x = tk_svg_map(a, tick[i]);

		if (grid != y)
			tk_svg_line(b, x, grid, x, y, GRID);
		tk_svg_line(b, x, y, x, y + 4, AXIS);
		if (a->time)
			time_label(a, tick[i], &last, top, under, sizeof(top));
		else
			value_label(a, tick[i], top, sizeof(top)), *under = '\0';
		tk_svg_text(b, x, y + 16, "middle", "", top);
		if (*under)
			tk_svg_text(b, x, y + 29, "middle", "", under);
	}
	tk_svg_line(b, a->from, y, a->to, y, AXIS);
}
