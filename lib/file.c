/* Atomic replacement of files (see file.h). */
#include <errno.h>
#include <fcntl.h>
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

int tk_file_replace(const char *path, const char *data, size_t len, struct tk_error *err)
{
	char *tmp, *slash;
	int fd, rc = -1;
	mode_t mask;

	if (strcmp(path, "-") == 0) {
		if (tk_write_all(1, data, len) == 0)
			return 0;
		tk_error_at(err, "-", 0, "cannot write: %s", strerror(errno));
		return -1;
	}
	tmp = tk_malloc(strlen(path) + 16);
	sprintf(tmp, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		tk_error_at(err, path, 0, "cannot create a temporary file beside it: %s", strerror(errno));
		free(tmp);
		return -1;
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
			strcpy(tmp, ".");
		if ((fd = open(tmp, O_RDONLY)) >= 0) {
			fsync(fd);
			close(fd);
		}
		free(tmp);
		return 0;
	}
	unlink(tmp);
	free(tmp);
	return rc;
}
