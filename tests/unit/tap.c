/* The TAP producer behind tap.h. */
#include "tap.h"

#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

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

static char tmpdir[] = "/tmp/tk-unit-XXXXXX";
static int made;

const char *tap_tmpdir(void)
{
	if (!made && !mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(1);
	}
	made = 1;
	return tmpdir;
}

char *tap_write_tmp(const char *name, const char *data)
{
	size_t n = strlen(tap_tmpdir()) + strlen(name) + 2;
	char *path = malloc(n);
	FILE *f;

	if (!path)
		exit(1);
	snprintf(path, n, "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	if (!f || fputs(data, f) == EOF || fclose(f) != 0)
		printf("# cannot write %s\n", path);
	return path;
}

int tap_tmpdir_remove(void)
{
	return made ? rmdir(tmpdir) : 0;
}
