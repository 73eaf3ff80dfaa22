/*
 * Growable byte buffers (after git's strbuf) and the allocation wrappers
 * the whole library uses.  A buffer's bytes are always NUL-terminated once
 * anything was added, so buf can be handed to functions that want a C
 * string; the data itself may hold NUL bytes, len is the truth.
 */
#ifndef TK_BUF_H
#define TK_BUF_H

#include <stddef.h>
#include <string.h>

struct tk_buf {
	char *buf;
	size_t len;
	size_t alloc;
};

#define TK_BUF_INIT { NULL, 0, 0 }

/*
 * Allocation that never returns NULL: on failure it calls the out-of-memory
 * handler (by default one that writes "out of memory" to stderr and exits
 * with status 2).  The caller frees the result with free().
 */
void *tk_malloc(size_t n);
void *tk_realloc(void *p, size_t n);
void *tk_calloc(size_t n, size_t size);
char *tk_strdup(const char *s);
char *tk_strndup(const char *s, size_t n);

/* Replace the out-of-memory handler; it must not return. */
void tk_set_oom_handler(void (*handler)(size_t));

/* Set b up empty, without allocating. */
void tk_buf_init(struct tk_buf *b);

/* Free b's bytes and leave it empty. */
void tk_buf_release(struct tk_buf *b);

/* Make room for extra more bytes (plus the terminating NUL). */
void tk_buf_grow(struct tk_buf *b, size_t extra);

/* Append printf-style text. */
void tk_buf_addf(struct tk_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Empty b, keeping its allocation. */
static inline void tk_buf_reset(struct tk_buf *b)
{
	b->len = 0;
	if (b->buf)
		b->buf[0] = '\0';
}

/* Append n bytes from p. */
static inline void tk_buf_add(struct tk_buf *b, const void *p, size_t n)
{
	if (b->alloc - b->len <= n)
		tk_buf_grow(b, n);
	/* b->buf is not null after tk_buf_grow(), which the analyzer may not see */
	memcpy(b->buf + b->len, p, n); /* NOLINT(clang-analyzer-core.NonNullParamChecker) */
	b->len += n;
	b->buf[b->len] = '\0';
}

/* Append one byte. */
static inline void tk_buf_addch(struct tk_buf *b, int c)
{
	if (b->alloc - b->len <= 1)
		tk_buf_grow(b, 1);
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
}

/* Append a C string. */
static inline void tk_buf_adds(struct tk_buf *b, const char *s)
{
	tk_buf_add(b, s, strlen(s));
}

#endif
