/*
 * What the fuzz targets share: the entry point libFuzzer (or replay.c)
 * calls, and a file to hand the loaders that take a path.
 *
 * Each target is one file, tests/fuzz/fuzz-NAME.c, defining
 * LLVMFuzzerTestOneInput().  It must free all it allocates: a leak is a
 * bug like any other.  A broken invariant - output that is not JSON, a
 * count that does not add up - is reported with fuzz_fail(), which aborts
 * so that the fuzzer keeps the input.
 */
#ifndef TK_FUZZ_H
#define TK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report a broken invariant and abort. */
static inline void fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz: invariant broken: %s\n", what);
	abort();
}

/*
 * Make the file at the returned path (one per process, under /proc/self/fd
 * so that nothing is left behind) hold exactly data[0..size).
 */
static inline const char *fuzz_file(const void *data, size_t size)
{
	static char path[64];
	static int fd = -1;
	const char *p = data;
	size_t done = 0;

	if (fd < 0) {
		char tmpl[] = "/tmp/tk-fuzz.XXXXXX";

		if ((fd = mkstemp(tmpl)) < 0) {
			perror("fuzz: mkstemp");
			abort();
		}
		unlink(tmpl);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) < 0) {
		perror("fuzz: ftruncate");
		abort();
	}
	while (done < size) {
		ssize_t w = pwrite(fd, p + done, size - done, (off_t)done);

		if (w <= 0) {
			perror("fuzz: pwrite");
			abort();
		}
		done += (size_t)w;
	}
	return path;
}

/* The 64-bit FNV-1a hash that checked state files (lib/file.c) carry. */
static inline uint64_t fuzz_fnv1a(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/*
 * The file a checked loader (tk_file_load_checked()) reads, from a fuzz
 * input: an input that starts with the magic is the whole file as it is;
 * any other is the body, given the header and the checksum that make it
 * pass, so that the fuzzer works on what the loader parses.
 */
static inline const char *fuzz_checked_file(const char *magic, int version, const uint8_t *data,
					    size_t size, struct tk_buf *b)
{
	tk_buf_reset(b);
	if (size >= strlen(magic) && memcmp(data, magic, strlen(magic)) == 0)
		return fuzz_file(data, size);
	tk_buf_addf(b, "%s %d\n", magic, version);
	tk_buf_add(b, data, size);
	tk_buf_addf(b, "\nchecksum %016llx\n", (unsigned long long)fuzz_fnv1a((const char *)data, size));
	return fuzz_file(b->buf, b->len);
}

#endif
