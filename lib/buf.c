/* Growable buffers and the allocation wrappers; see buf.h. */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void default_oom(size_t n)
{
	static const char msg[] = "out of memory\n";

	(void)n;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(2);
}

static void (*oom_handler)(size_t) = default_oom;

void tk_set_oom_handler(void (*handler)(size_t))
{
	oom_handler = handler ? handler : default_oom;
}

void *tk_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom_handler(n);
	return p;
}

void *tk_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom_handler(n);
	return q;
}

void *tk_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom_handler(n * size);
	return p;
}

char *tk_strndup(const char *s, size_t n)
{
	char *p = tk_malloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *tk_strdup(const char *s)
{
	return tk_strndup(s, strlen(s));
}

void tk_buf_init(struct tk_buf *b)
{
	b->buf = NULL;
	b->len = 0;
	b->alloc = 0;
}

void tk_buf_release(struct tk_buf *b)
{
	free(b->buf);
	tk_buf_init(b);
}

void tk_buf_grow(struct tk_buf *b, size_t extra)
{
	size_t want;

	if (extra >= SIZE_MAX / 2 - b->len)
		oom_handler(SIZE_MAX);
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return;
	/* Grow by half again so that appending is amortised linear. */
	if (want < b->alloc + b->alloc / 2)
		want = b->alloc + b->alloc / 2;
	if (want < 64)
		want = 64;
	b->buf = tk_realloc(b->buf, want);
	b->alloc = want;
}

void tk_buf_addf(struct tk_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->buf ? b->buf + b->len : NULL, b->alloc - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= b->alloc - b->len) {
		tk_buf_grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}
