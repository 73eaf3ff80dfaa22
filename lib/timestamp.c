/*
 * RFC 3339 times without the C library's time zone machinery: the date is
 * turned into a day number with the days-from-civil formula, so parsing
 * does not depend on TZ or the locale.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "timestamp.h"

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d. */
static long days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Read exactly n digits at s[*i]; return the number or -1. */
static long digits(const char *s, size_t len, size_t *i, int n)
{
	long v = 0;

	for (; n > 0; n--, (*i)++) {
		if (*i >= len || s[*i] < '0' || s[*i] > '9')
			return -1;
		v = v * 10 + (s[*i] - '0');
	}
	return v;
}

static int expect(const char *s, size_t len, size_t *i, const char *any)
{
	if (*i >= len || !s[*i] || !strchr(any, s[*i]))
		return -1;
	(*i)++;
	return 0;
}

/* 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z */
#define T_FIRST (-719528.0 * 86400)
#define T_END (2932897.0 * 86400)

static int parse(const char *s, size_t len, double *out, int zoneless)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	size_t i = 0;
	long y, mo, d, h, mi, sec, oh, om;
	double frac = 0, scale = 0.1, t;
	int sign;

	if ((y = digits(s, len, &i, 4)) < 0 || expect(s, len, &i, "-") ||
	    (mo = digits(s, len, &i, 2)) < 1 || mo > 12 || expect(s, len, &i, "-") ||
	    (d = digits(s, len, &i, 2)) < 1 || d > mdays[mo - 1] || expect(s, len, &i, "Tt ") ||
	    (h = digits(s, len, &i, 2)) < 0 || h > 23 || expect(s, len, &i, ":") ||
	    (mi = digits(s, len, &i, 2)) < 0 || mi > 59 || expect(s, len, &i, ":") ||
	    (sec = digits(s, len, &i, 2)) < 0 || sec > 60)
		return -1;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;
	if (i < len && s[i] == '.') {
		if (++i >= len || s[i] < '0' || s[i] > '9')
			return -1;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			frac += (s[i] - '0') * scale;
			scale /= 10;
		}
	}
	t = (double)days_from_civil(y, mo, d) * 86400 + (double)(h * 3600 + mi * 60 + sec) + frac;
	if (i == len && zoneless) {
		/* no zone: UTC */
	} else if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i < len && (s[i] == '+' || s[i] == '-')) {
		sign = s[i++] == '-' ? -1 : 1;
		if ((oh = digits(s, len, &i, 2)) < 0 || oh > 23 || expect(s, len, &i, ":") ||
		    (om = digits(s, len, &i, 2)) < 0 || om > 59)
			return -1;
		t -= sign * (double)(oh * 3600 + om * 60);
	} else {
		return -1;
	}
	/* a zone may carry the time out of the years 0000-9999, which RFC 3339 and
	   tk_time_format() are limited to */
	if (i != len || t < T_FIRST || t >= T_END)
		return -1;
	*out = t;
	return 0;
}

int tk_time_parse(const char *s, size_t len, double *out)
{
	return parse(s, len, out, 0);
}

int tk_time_parse_utc(const char *s, size_t len, double *out)
{
	return parse(s, len, out, 1);
}

int tk_time_json(struct json_object *v, double *out)
{
	double t;

	if (json_object_is_type(v, json_type_string))
		return tk_time_parse_utc(json_object_get_string(v), (size_t)json_object_get_string_len(v), out);
	if (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)) {
		t = json_object_get_double(v);
		if (!isfinite(t) || fabs(t) > TK_TIME_MAX)
			return -1;
		*out = t;
		return 0;
	}
	return -1;
}

void tk_time_format(double t, char *buf, size_t size)
{
	long long s = (long long)floor(t), days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
	long long rem = s - days * 86400, z = days + 719468, era, doe, yoe, y, doy, mp, d, m;

	/* civil_from_days, the inverse of days_from_civil */
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	snprintf(buf, size, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", y, m, d, rem / 3600,
		 rem / 60 % 60, rem % 60);
}
