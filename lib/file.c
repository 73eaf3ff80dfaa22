/* Atomic replacement of files (see file.h). */
#define _XOPEN_SOURCE 700 /* realpath() */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"

int tk_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Write data to a device or a FIFO as it stands: it cannot be replaced. */
static int write_in_place(const char *path, const char *data, size_t len, struct tk_error *err)
{
	int fd = strcmp(path, "-") == 0 ? 1 : open(path, O_WRONLY);

	if (fd < 0) {
		tk_error_at(err, path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (tk_write_all(fd, data, len) < 0) {
		tk_error_at(err, path, 0, "cannot write: %s", strerror(errno));
		if (fd != 1)
			close(fd);
		return -1;
	}
	if (fd != 1 && close(fd) < 0) { /* fd is closed even so: not again */
		tk_error_at(err, path, 0, "cannot write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int tk_file_replace(const char *path, const char *data, size_t len, struct tk_error *err)
{
	char *tmp, *slash, *target = NULL;
	int fd, rc = -1;
	mode_t mask;
	struct stat st;

	if (strcmp(path, "-") == 0 || (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)))
		return write_in_place(path, data, len, err);
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && (target = realpath(path, NULL)))
		path = target;
	tmp = tk_malloc(strlen(path) + 16);
	sprintf(tmp, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		tk_error_at(err, path, 0, "cannot create a temporary file beside it: %s", strerror(errno));
		goto out;
	}
	/* mkstemp made it 0600: give it the mode a new file would have. */
	mask = umask(0);
	umask(mask);
	if (tk_write_all(fd, data, len) < 0 || fchmod(fd, 0666 & ~mask) < 0 || fsync(fd) < 0) {
		tk_error_at(err, path, 0, "cannot write: %s", strerror(errno));
		close(fd);
	} else if (close(fd) < 0) {
		tk_error_at(err, path, 0, "cannot write: %s", strerror(errno));
	} else if (rename(tmp, path) < 0) {
		tk_error_at(err, path, 0, "cannot replace: %s", strerror(errno));
	} else {
		/* Make the rename itself durable. */
		slash = strrchr(tmp, '/');
		if (slash)
			slash[1] = '\0';
		else
			memcpy(tmp, ".", 2);
		if ((fd = open(tmp, O_RDONLY)) >= 0) {
			fsync(fd);
			close(fd);
		}
		rc = 0;
		goto out;
	}
	unlink(tmp);
out:
	free(tmp);
	free(target);
	return rc;
}

int tk_file_read(const char *path, const char *what, struct tk_buf *b, struct tk_error *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		tk_error_at(err, path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && (S_ISDIR(st.st_mode) || S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
		/* A device (/dev/zero, /dev/full) would be read for ever. */
		close(fd);
		tk_error_at(err, path, 0, "is a %s, not a %s", S_ISDIR(st.st_mode) ? "directory" : "device", what);
		return -1;
	}
	for (;;) {
		ssize_t r;

		tk_buf_grow(b, 1 << 16);
		r = read(fd, b->buf + b->len, b->alloc - b->len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			tk_error_at(err, path, 0, "cannot read: %s", strerror(errno));
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		b->len += (size_t)r;
		b->buf[b->len] = '\0';
	}
	close(fd);
	return 0;
}

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

int tk_file_save_checked(const char *path, const char *magic, int version, const char *body, size_t len,
			 struct tk_error *err)
{
	struct tk_buf b = TK_BUF_INIT;
	int rc;

	tk_buf_addf(&b, "%s %d\n", magic, version);
	tk_buf_add(&b, body, len);
	tk_buf_addf(&b, "\nchecksum %016llx\n", (unsigned long long)fnv1a(body, len));
	rc = tk_file_replace(path, b.buf, b.len, err);
	tk_buf_release(&b);
	return rc;
}

int tk_file_load_checked(const char *path, const char *magic, int version, const char *tool, const char *what,
			 struct tk_buf *b, char **body, struct tk_error *err)
{
	return tk_file_load_versions(path, magic, version, version, tool, what, b, body, NULL, err);
}

int tk_file_load_versions(const char *path, const char *magic, int oldest, int version, const char *tool,
			  const char *what, struct tk_buf *b, char **body, int *got, struct tk_error *err)
{
	size_t m = strlen(magic);
	unsigned long long sum;
	char *nl, *end, *endp;
	long v;

	if (tk_file_read(path, what, b, err) < 0)
		return -1;
	if (b->len <= m || memcmp(b->buf, magic, m) != 0 || b->buf[m] != ' ') {
		tk_error_at(err, path, 0, "not a %s %s", tool, what);
		return -1;
	}
	v = strtol(b->buf + m + 1, &endp, 10);
	if (*endp != '\n' || endp == b->buf + m + 1) {
		tk_error_at(err, path, 0, "not a %s %s", tool, what);
		return -1;
	}
	if (v < oldest || v > version) {
		if (oldest == version)
			tk_error_at(err, path, 0, "%s version %ld; this %s reads version %d", what, v, tool, version);
		else
			tk_error_at(err, path, 0, "%s version %ld; this %s reads versions %d to %d", what, v, tool,
				    oldest, version);
		return -1;
	}
	if (got)
		*got = (int)v;
	/* line 2: the body; line 3: its checksum; nothing after (16 hex digits cannot overflow) */
	if (!(nl = memchr(b->buf, '\n', b->len)) ||
	    !(end = memchr(nl + 1, '\n', b->len - (size_t)(nl + 1 - b->buf))) ||
	    sscanf(end + 1, "checksum %16llx\n", &sum) != 1 || /* NOLINT(cert-err34-c) */
	    (size_t)(end + 1 - b->buf) + strlen("checksum ") + 17 != b->len ||
	    fnv1a(nl + 1, (size_t)(end - nl - 1)) != sum) {
		tk_error_at(err, path, 0, "damaged %s: truncated or changed (checksum mismatch)", what);
		return -1;
	}
	*end = '\0';
	*body = nl + 1;
	return 0;
}
