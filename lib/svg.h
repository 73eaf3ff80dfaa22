/*
 * SVG for the tools' charts (--plot): elements appended to a tk_buf, text
 * escaped for XML, and every number in one fixed format - rounded to two
 * decimals, trailing zeros dropped, '.' whatever the locale - so that the
 * same data always gives the same bytes.  Axes pick "nice" ticks: 1, 2 or
 * 5 times a power of ten for values; whole minutes, hours, days, weeks
 * (from Monday), months or years, in UTC, for times.
 *
 * Attribute arguments (attr) are written as given, after the element's
 * own attributes: fill="#ccc" stroke-width="2" and the like, or "".
 */
#ifndef TK_SVG_H
#define TK_SVG_H

#include <stddef.h>

#include "buf.h"

/* Start a document of width x height pixels on a white background, with a <title>. */
void tk_svg_begin(struct tk_buf *b, double width, double height, const char *title);

/* End the document (the newline after it included). */
void tk_svg_end(struct tk_buf *b);

/* Append v rounded to two decimals, trailing zeros dropped: "12", "0.5", "-3.25". */
void tk_svg_num(struct tk_buf *b, double v);

/*
 * Append s[0..len) escaped for XML text and attribute values: & < > " '
 * as entities, bytes that are not UTF-8 and control characters (which XML
 * forbids) as U+FFFD.
 */
void tk_svg_escape(struct tk_buf *b, const char *s, size_t len);

/* Shapes. */
void tk_svg_rect(struct tk_buf *b, double x, double y, double w, double h, const char *attr);
void tk_svg_line(struct tk_buf *b, double x1, double y1, double x2, double y2, const char *attr);
void tk_svg_circle(struct tk_buf *b, double cx, double cy, double r, const char *attr);

/* Text s at (x, y), anchored "start", "middle" or "end"; s is escaped. */
void tk_svg_text(struct tk_buf *b, double x, double y, const char *anchor, const char *attr, const char *s);

/*
 * A polyline (closed: a polygon) through the n points (xy[2i], xy[2i+1]);
 * nothing for fewer than two points.
 */
void tk_svg_polyline(struct tk_buf *b, const double *xy, size_t n, int closed, const char *attr);

/* A group; with a title (not NULL), the group's tooltip.  Close with tk_svg_group_end(). */
void tk_svg_group(struct tk_buf *b, const char *attr, const char *title);
void tk_svg_group_end(struct tk_buf *b);

/* An axis: a range of data mapped to a range of pixels, with its ticks. */
struct tk_svg_axis {
	double lo, hi;     /* the data shown: lo goes to pixel from, hi to pixel to */
	double from, to;
	double step;       /* values: between ticks; times: the unit, in seconds (a month is 2629746) */
	int time;          /* values are Unix seconds, labelled in UTC */
	int percent;       /* values are shares, labelled as percentages */
};

/*
 * A value axis over [lo, hi] with about n ticks or fewer, widened to whole
 * ticks (a range of one value is widened to show it).
 */
void tk_svg_axis_values(struct tk_svg_axis *a, double lo, double hi, int n, double from, double to);

/* A time axis over [lo, hi] (Unix seconds; not widened) with about n ticks or fewer. */
void tk_svg_axis_times(struct tk_svg_axis *a, double lo, double hi, int n, double from, double to);

/* The pixel of v. */
double tk_svg_map(const struct tk_svg_axis *a, double v);

/* Store the ticks of a in [lo, hi] into tick[0..max); return how many. */
size_t tk_svg_ticks(const struct tk_svg_axis *a, double *tick, size_t max);

/*
 * Draw a as a vertical axis at pixel x with its labels to the left and
 * light grid lines to pixel grid (x when none), or as a horizontal axis
 * at pixel y with its labels below (a time axis names the day, or the
 * year, under the first tick and wherever it changes).
 */
void tk_svg_axis_left(struct tk_buf *b, const struct tk_svg_axis *a, double x, double grid);
void tk_svg_axis_bottom(struct tk_buf *b, const struct tk_svg_axis *a, double y, double grid);

/* Write v rounded to at most dec decimals (0 to 9), trailing zeros dropped, into buf. */
void tk_svg_decimal(char *buf, size_t size, double v, int dec);

/* Write t as "2026-11-16 09:51 UTC" into buf (at least 24 bytes); seconds when it has some. */
void tk_svg_time(double t, char *buf, size_t size);

#endif
