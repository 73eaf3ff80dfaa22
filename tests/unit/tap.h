/*
 * A minimal TAP producer for the C unit tests: each check prints one
 * "ok N - name" or "not ok N - name" line, and tap_done() prints the plan
 * and returns the exit status.  Failed checks say where and what.
 */
#ifndef TK_TAP_H
#define TK_TAP_H

#include <stdio.h>
#include <string.h>

extern int tap_n, tap_failed;

#define TAP_OK(cond, ...) tap_ok_((cond) != 0, __FILE__, __LINE__, #cond, __VA_ARGS__)

#define TAP_INT(got, want, ...)                                                \
	do {                                                                   \
		long long tap_g_ = (long long)(got), tap_w_ = (long long)(want);   \
		if (!tap_ok_(tap_g_ == tap_w_, __FILE__, __LINE__, #got, __VA_ARGS__)) \
			printf("#   got %lld, want %lld\n", tap_g_, tap_w_);    \
	} while (0)

#define TAP_STR(got, want, ...)                                                \
	do {                                                                   \
		const char *tap_g_ = (got), *tap_w_ = (want);                  \
		int tap_eq_ = tap_g_ && tap_w_ ? strcmp(tap_g_, tap_w_) == 0 : tap_g_ == tap_w_; \
		if (!tap_ok_(tap_eq_, __FILE__, __LINE__, #got, __VA_ARGS__))  \
			printf("#   got  '%s'\n#   want '%s'\n", tap_g_ ? tap_g_ : "(null)", \
			       tap_w_ ? tap_w_ : "(null)");                    \
	} while (0)

int tap_ok_(int ok, const char *file, int line, const char *expr, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
int tap_done(void);

/*
 * A temporary directory for the test's files, made on first use under
 * /tmp; the program exits when it cannot be made.  tap_write_tmp() writes
 * data to a file of that name there and returns its path (free it).
 * tap_tmpdir_remove() removes the directory, which must be empty by then:
 * it returns 0 when it was.
 */
const char *tap_tmpdir(void);
char *tap_write_tmp(const char *name, const char *data);
int tap_tmpdir_remove(void);

#endif
