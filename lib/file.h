/*
 * Files the tools write for later runs - models, state - are replaced
 * atomically (CONTRACT.md section 6): a reader, or a process killed half
 * way, sees the old file or the new one, never a mix.
 */
#ifndef TK_FILE_H
#define TK_FILE_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

/* Write all of p[0..n) to fd; -1 with errno set on failure. */
int tk_write_all(int fd, const char *p, size_t n);

/*
 * Replace the file at path with data[0..len): a temporary file beside it,
 * written and synced, given the mode a new file would have, renamed over
 * path, and the directory synced.  A symbolic link is followed: the file
 * it names is replaced and the link stays.  The path "-" writes to
 * standard output, and a path that is a device or a FIFO (/dev/stdout,
 * /dev/full) is written in place: neither can be replaced, and a rename
 * over a device node would put a file where it was.  Return 0, or -1 with
 * err naming path.
 */
int tk_file_replace(const char *path, const char *data, size_t len, struct tk_error *err);

/*
 * Read the whole file at path into b (appended).  Return 0, or -1 with err
 * naming path: it cannot be opened or read, or it is a directory or a
 * device ("is a directory, not a WHAT"; a device such as /dev/zero would
 * never end).  Pipes and FIFOs are read to their end.
 */
int tk_file_read(const char *path, const char *what, struct tk_buf *b, struct tk_error *err);

/*
 * Checked text files, for state the tools keep between runs: a line
 * "MAGIC VERSION", the body (one line, JSON), and a line "checksum HEX",
 * the 64-bit FNV-1a hash of the body.  tk_file_save_checked() writes one
 * with tk_file_replace().  tk_file_load_checked() reads one into b and
 * points *body at its body, NUL-terminated; it fails, naming path, with
 * "not a TOOL WHAT", "WHAT version N; this TOOL reads version V" or
 * "damaged WHAT: truncated or changed (checksum mismatch)".  MAGIC is
 * "TOOL-ish name" such as "ticketkit-clusters"; WHAT is "clusters file".
 */
int tk_file_save_checked(const char *path, const char *magic, int version, const char *body, size_t len,
			 struct tk_error *err);
int tk_file_load_checked(const char *path, const char *magic, int version, const char *tool, const char *what,
			 struct tk_buf *b, char **body, struct tk_error *err);
/* The same for a reader of versions oldest to version: the file's in *got (when not NULL). */
int tk_file_load_versions(const char *path, const char *magic, int oldest, int version, const char *tool,
			  const char *what, struct tk_buf *b, char **body, int *got, struct tk_error *err);

#endif
