/*
 * Checked number parsing for options and config files (after OpenBSD's
 * strtonum): the whole string must be a number within the given range.
 */
#ifndef TK_NUM_H
#define TK_NUM_H

#include "error.h"

/*
 * Parse s as a decimal integer in [min, max] into *out.  On failure return
 * -1 and set err to "'s' is not a number", "... is too small (min N)" or
 * "... is too large (max N)".
 */
int tk_strtonum(const char *s, long long min, long long max, long long *out,
		struct tk_error *err);

/* Parse s as a finite decimal number in [min, max]; errors as above. */
int tk_strtod(const char *s, double min, double max, double *out, struct tk_error *err);

#endif
