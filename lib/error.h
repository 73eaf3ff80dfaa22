/*
 * Errors and exit status.  The library reports problems in a struct
 * tk_error; the tools print it in one format,
 *
 *	tk-NAME: FILE:LINE: message
 *
 * and leave with one of the exit statuses below (CONTRACT.md section 5).
 */
#ifndef TK_ERROR_H
#define TK_ERROR_H

#include <stdarg.h>

/* The exit status of every tool. */
enum tk_exit {
	TK_EXIT_OK = 0,  /* all input processed, no bad lines */
	TK_EXIT_BAD = 1, /* finished, but some lines were bad (or a check found its condition) */
	TK_EXIT_FAIL = 2 /* usage error, unreadable input, unusable model or config */
};

/*
 * What went wrong and where.  file is borrowed: it points at a name that
 * outlives the error (a command-line operand, a config path); NULL when the
 * error is not about a file.  line is 0 when it is not about a line.
 */
struct tk_error {
	const char *file;
	unsigned long line;
	char msg[512];
};

/* Set err to the message fmt (printf-style), not about any file. */
void tk_error_set(struct tk_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Set err to the message fmt about FILE:LINE (line 0: the whole file). */
void tk_error_at(struct tk_error *err, const char *file, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The va_list form of tk_error_at(). */
void tk_error_vat(struct tk_error *err, const char *file, unsigned long line, const char *fmt,
		  va_list ap) __attribute__((format(printf, 4, 0)));

#endif
