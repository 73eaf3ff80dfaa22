/* The TAP producer behind tap.h. */
#include "tap.h"

#include <stdarg.h>

int tap_n, tap_failed;

int tap_ok_(int ok, const char *file, int line, const char *expr, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", ok ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok) {
		tap_failed++;
		printf("#   failed at %s:%d: %s\n", file, line, expr);
	}
	return ok;
}

int tap_done(void)
{
	printf("1..%d\n", tap_n);
	if (tap_failed)
		printf("# %d of %d failed\n", tap_failed, tap_n);
	return tap_failed != 0;
}
