/*
 * Run a fuzz target's LLVMFuzzerTestOneInput() on each file named on the
 * command line, as libFuzzer would, without libFuzzer: the regression
 * inputs in tests/fuzz/regress/ replay under the normal build (and under
 * SANITIZE=1) in make check.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

int main(int argc, char **argv)
{
	struct tk_buf b = TK_BUF_INIT;
	int i, status = 0;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		char chunk[65536];
		size_t n;

		if (!f) {
			fprintf(stderr, "%s: %s: %s\n", argv[0], argv[i], strerror(errno));
			status = 2;
			continue;
		}
		tk_buf_reset(&b);
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			tk_buf_add(&b, chunk, n);
		if (ferror(f)) {
			fprintf(stderr, "%s: %s: cannot read\n", argv[0], argv[i]);
			status = 2;
		} else {
			/* A copy exactly as long as the data, as libFuzzer gives it: no NUL after it. */
			uint8_t *data = tk_malloc(b.len ? b.len : 1);

			memcpy(data, b.buf ? b.buf : "", b.len);
			LLVMFuzzerTestOneInput(data, b.len);
			free(data);
		}
		fclose(f);
	}
	tk_buf_release(&b);
	return status;
}
