/*
 * Ticket times (CONTRACT.md section 2): "created_at" is RFC 3339
 * ("2026-11-16T09:51:43Z", "2026-11-16T10:51:43.250+01:00") or a number
 * of Unix seconds.  Times are kept as seconds since the epoch in a double.
 */
#ifndef TK_TIMESTAMP_H
#define TK_TIMESTAMP_H

#include <json-c/json.h>
#include <stddef.h>

/*
 * The furthest from the epoch, either way, a time may be (about the year
 * 33700): times are kept to where windows of a second still advance and
 * formatting stays within a long long.
 */
#define TK_TIME_MAX 1e12

/*
 * Parse the RFC 3339 date-time s[0..len) into *out (Unix seconds, UTC).
 * 't' or ' ' may stand for 'T', 'z' for 'Z'; fractions of a second are
 * kept.  Return 0, or -1 when s is not such a time or its zone carries it out
 * of the years 0000-9999 (UTC), which tk_time_format() writes.
 */
int tk_time_parse(const char *s, size_t len, double *out);

/* The same, but a time without a zone ("2015-02-26 21:42:53", as exports often have) is UTC. */
int tk_time_parse_utc(const char *s, size_t len, double *out);

/* Read a time from a JSON value: a string as tk_time_parse_utc() reads it, or a number
   (within TK_TIME_MAX). Return 0, or -1. */
int tk_time_json(struct json_object *v, double *out);

/* Write t as RFC 3339 UTC with seconds ("2026-11-16T09:51:43Z") into buf (at least 21 bytes). */
void tk_time_format(double t, char *buf, size_t size);

#endif
