/*
 * Files the tools write for later runs - models, state - are replaced
 * atomically (CONTRACT.md section 6): a reader, or a process killed half
 * way, sees the old file or the new one, never a mix.
 */
#ifndef TK_FILE_H
#define TK_FILE_H

#include <stddef.h>

#include "error.h"

/* Write all of p[0..n) to fd; -1 with errno set on failure. */
int tk_write_all(int fd, const char *p, size_t n);

/*
 * Replace the file at path with data[0..len): a temporary file beside it,
 * written and synced, given the mode a new file would have, renamed over
 * path, and the directory synced.  The path "-" writes to standard output
 * (not atomic: for pipes).  Return 0, or -1 with err naming path.
 */
int tk_file_replace(const char *path, const char *data, size_t len, struct tk_error *err);

#endif
