/* Filling in struct tk_error; see error.h. */
#include "error.h"

#include <stdio.h>

void tk_error_vat(struct tk_error *err, const char *file, unsigned long line, const char *fmt,
		  va_list ap)
{
	err->file = file;
	err->line = line;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

void tk_error_at(struct tk_error *err, const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tk_error_vat(err, file, line, fmt, ap);
	va_end(ap);
}

void tk_error_set(struct tk_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tk_error_vat(err, NULL, 0, fmt, ap);
	va_end(ap);
}
