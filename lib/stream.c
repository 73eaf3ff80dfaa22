/*
 * The record-stream core; see stream.h.  Lines are read with read(2) into
 * one buffer that grows to the longest line and shrinks back after it, so
 * memory stays bounded by the longest line however long the input, and a
 * line is handed on as soon as it is complete (tail -f feeds work).
 */
#include "stream.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "utf8.h"

#define READ_CHUNK (64 * 1024)

static void batch_free(struct tk_stream *s);

void tk_reader_init(struct tk_reader *r, char *const *files, int nfiles)
{
	memset(r, 0, sizeof(*r));
	r->files = files;
	r->nfiles = nfiles;
	r->fd = -1;
}

static void reader_close(struct tk_reader *r)
{
	if (r->fd > 0)
		close(r->fd);
	r->fd = -1;
}

void tk_reader_release(struct tk_reader *r)
{
	reader_close(r);
	free(r->buf);
	tk_reader_init(r, NULL, 0);
}

static int reader_open(struct tk_reader *r, struct tk_error *err)
{
	const char *name = r->files[r->next++];

	r->name = name;
	r->line = 0;
	r->eof = 0;
	r->start = r->scan = r->end = 0;
	if (strcmp(name, "-") == 0) {
		r->fd = 0;
		return 0;
	}
	r->fd = open(name, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		tk_error_set(err, "cannot open '%s': %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

/* Read more bytes of the open file into the buffer; 0 at its end. */
static ssize_t reader_fill(struct tk_reader *r, struct tk_error *err)
{
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->scan -= r->start;
		r->start = 0;
	}
	if (r->alloc > 16 * READ_CHUNK && r->end <= READ_CHUNK) {
		/* A huge line has gone by: give its memory back. */
		r->alloc = 2 * READ_CHUNK;
		r->buf = tk_realloc(r->buf, r->alloc);
	} else if (r->end == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : READ_CHUNK;
		r->buf = tk_realloc(r->buf, r->alloc);
	}
	do
		n = read(r->fd, r->buf + r->end, r->alloc - r->end);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		tk_error_set(err, "cannot read '%s': %s", r->name, strerror(errno));
	else
		r->end += (size_t)n;
	return n;
}

/* Can fd be read without waiting? */
static int readable(int fd)
{
	struct pollfd p;

	p.fd = fd;
	p.events = POLLIN;
	p.revents = 0;
	return poll(&p, 1, 0) > 0;
}

int tk_reader_next(struct tk_reader *r, const char **line, size_t *len, struct tk_error *err)
{
	for (;;) {
		char *s, *nl;
		size_t n;
		ssize_t got;

		if (r->fd < 0) {
			if (r->next >= r->nfiles)
				return 0;
			if (reader_open(r, err) < 0)
				return -1;
		}
		nl = r->end > r->scan ? memchr(r->buf + r->scan, '\n', r->end - r->scan) : NULL;
		if (nl || (r->eof && r->end > r->start)) {
			s = r->buf + r->start; /* not before: buf is NULL until the first read */
			n = nl ? (size_t)(nl - s) : r->end - r->start;
			r->start = r->scan = nl ? (size_t)(nl - r->buf) + 1 : r->end;
			if (n > 0 && s[n - 1] == '\r')
				n--;
			if (++r->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
				s += 3;
				n -= 3;
			}
			*line = s;
			*len = n;
			return 1;
		}
		if (r->eof) {
			reader_close(r);
			continue;
		}
		r->scan = r->end;
		if (r->nowait && !readable(r->fd))
			return 2;
		got = reader_fill(r, err);
		if (got < 0) {
			reader_close(r);
			return -1;
		}
		if (got == 0)
			r->eof = 1;
	}
}

void tk_stream_init(struct tk_stream *s)
{
	memset(s, 0, sizeof(*s));
	s->echo = 1;
	s->on_error = TK_ON_ERROR_PASS;
	s->out = stdout;
	tk_buf_init(&s->tmp);
	tk_buf_init(&s->edittext);
}

void tk_stream_release(struct tk_stream *s)
{
	tk_reader_release(&s->reader);
	if (s->tok)
		json_tokener_free(s->tok);
	s->tok = NULL;
	tk_buf_release(&s->tmp);
	tk_buf_release(&s->edittext);
	tk_buf_release(&s->later);
	batch_free(s);
	free(s->edit);
	s->edit = NULL;
	s->nedit = s->editalloc = 0;
}

static void report(struct tk_stream *s, const struct tk_error *err)
{
	if (s->report)
		s->report(s->report_ctx, err);
}

void tk_stream_warn(struct tk_stream *s, const struct tk_record *rec, const char *fmt, ...)
{
	struct tk_error err;
	va_list ap;

	va_start(ap, fmt);
	tk_error_vat(&err, rec->file, rec->line, fmt, ap);
	va_end(ap);
	s->bad++;
	report(s, &err);
}

static int write_failed(struct tk_stream *s, struct tk_error *err)
{
	tk_error_set(err, "write error: %s", strerror(errno ? errno : EIO));
	clearerr(s->out);
	return -1;
}

int tk_stream_write_line(struct tk_stream *s, const char *text, size_t len, struct tk_error *err)
{
	errno = 0;
	if ((len && fwrite(text, 1, len, s->out) != len) || putc('\n', s->out) == EOF)
		return write_failed(s, err);
	if (s->line_buffered && fflush(s->out) == EOF)
		return write_failed(s, err);
	return 0;
}

int tk_stream_write(struct tk_stream *s, struct json_object *obj, struct tk_error *err)
{
	size_t len;
	const char *text = json_object_to_json_string_length(obj, TK_JSON_FLAGS, &len);

	if (!text) {
		tk_error_set(err, "out of memory while writing a record");
		return -1;
	}
	return tk_stream_write_line(s, text, len, err);
}

static void add_edit(struct tk_record *rec, const char *key, const char *json, size_t len,
		     int append)
{
	struct tk_stream *s = rec->stream;
	struct tk_edit *e;
	size_t i;

	/* A key given twice keeps its last value. */
	for (i = 0; i < s->nedit; i++)
		if (strcmp(s->edittext.buf + s->edit[i].key, key) == 0) {
			s->edit[i].json = s->edittext.len;
			s->edit[i].jsonlen = len;
			tk_buf_add(&s->edittext, json, len);
			return;
		}
	if (s->nedit == s->editalloc) {
		s->editalloc = s->editalloc ? 2 * s->editalloc : 8;
		s->edit = tk_realloc(s->edit, s->editalloc * sizeof(*s->edit));
	}
	e = &s->edit[s->nedit++];
	e->key = s->edittext.len;
	e->keylen = strlen(key);
	tk_buf_add(&s->edittext, key, e->keylen + 1); /* with its NUL */
	e->json = s->edittext.len;
	e->jsonlen = len;
	tk_buf_add(&s->edittext, json, len);
	e->append = append;
}

void tk_record_put(struct tk_record *rec, const char *key, const char *json, size_t len)
{
	add_edit(rec, key, json, len, 1);
}

void tk_record_replace(struct tk_record *rec, const char *path, const char *json, size_t len)
{
	add_edit(rec, path, json, len, 0);
}

static int out(struct tk_stream *s, const void *p, size_t n, struct tk_error *err)
{
	errno = 0;
	return fwrite(p, 1, n, s->out) == n ? 0 : write_failed(s, err);
}

/* An edit placed on the line: replace raw[start..end) (start == end: insert). */
struct placed {
	size_t start, end;
	const struct tk_edit *edit;
};

static int by_place(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->edit < y->edit ? -1 : x->edit > y->edit;
}

/* Write a ticket: its input line with the edits applied. */
static int write_record(struct tk_stream *s, struct tk_record *rec, struct tk_error *err)
{
	struct placed place[64], *p = place;
	size_t i, n = 0, at = 0, close;
	int nkeys = json_object_object_length(rec->obj) > 0, rc = 0;

	if (s->nedit > sizeof(place) / sizeof(place[0]))
		p = tk_malloc(s->nedit * sizeof(*p));
	/* A parsed line is one object: it ends with its closing brace, maybe then blanks. */
	for (close = rec->rawlen; rec->raw[close - 1] != '}'; close--)
		;
	close--;
	for (i = 0; i < s->nedit; i++) {
		const struct tk_edit *e = &s->edit[i];
		const char *key = s->edittext.buf + e->key;
		size_t start, end;

		/* json-c knows whether a top-level key is there; only then look for it in the line. */
		if ((!e->append || json_object_object_get_ex(rec->obj, key, NULL)) &&
		    tk_json_find_raw(rec->raw, rec->rawlen, key, &start, &end)) {
			p[n].start = start;
			p[n].end = end;
		} else if (e->append) {
			p[n].start = p[n].end = close;
		} else {
			continue;
		}
		p[n++].edit = e;
	}
	qsort(p, n, sizeof(*p), by_place);
	for (i = 0; i < n && rc == 0; i++) {
		const struct tk_edit *e = p[i].edit;

		rc = out(s, rec->raw + at, p[i].start - at, err);
		if (rc == 0 && p[i].start == close) {
			/* A new key: ,"key": before the value. */
			tk_buf_reset(&s->tmp);
			if (nkeys++)
				tk_buf_addch(&s->tmp, ',');
			tk_json_escape(&s->tmp, s->edittext.buf + e->key, e->keylen);
			tk_buf_addch(&s->tmp, ':');
			rc = out(s, s->tmp.buf, s->tmp.len, err);
		}
		if (rc == 0)
			rc = out(s, s->edittext.buf + e->json, e->jsonlen, err);
		at = p[i].end;
	}
	if (p != place)
		free(p);
	if (rc == 0)
		rc = out(s, rec->raw + at, close + 1 - at, err);
	return rc ? -1 : tk_stream_write_line(s, "", 0, err);
}

void tk_record_start(struct tk_stream *s, struct tk_record *rec, struct json_object *obj,
		     const char *file, unsigned long line, const char *raw, size_t rawlen)
{
	rec->obj = obj;
	rec->file = file;
	rec->line = line;
	rec->raw = raw;
	rec->rawlen = rawlen;
	rec->stream = s;
	s->nedit = 0;
	tk_buf_reset(&s->edittext);
}

int tk_stream_emit(struct tk_stream *s, struct tk_record *rec, struct tk_error *err)
{
	return write_record(s, rec, err);
}

/* How processing a line ended. */
enum line_rc {
	LINE_GO_ON,    /* next line */
	LINE_STOP_BAD, /* a bad line under --on-error=fail: stop, status 1 */
	LINE_FATAL     /* err says why the stream cannot go on: status 2 */
};

/* A line is bad: report it, and by the policy pass an error object on, drop it, or stop. */
static enum line_rc bad_line(struct tk_stream *s, const char *file, unsigned long line,
			     const char *raw, size_t rawlen, const char *msg, struct tk_error *err)
{
	struct json_object *eo;
	int rc;

	tk_error_at(err, file, line, "%s", msg);
	s->bad++;
	report(s, err);
	if (s->on_error == TK_ON_ERROR_FAIL)
		return LINE_STOP_BAD;
	if (s->on_error == TK_ON_ERROR_SKIP || !s->echo)
		return LINE_GO_ON;
	if (s->raw_filter) {
		tk_buf_reset(&s->tmp);
		s->raw_filter(s->ctx, raw, rawlen, &s->tmp);
		raw = s->tmp.buf ? s->tmp.buf : "";
		rawlen = s->tmp.len;
	}
	eo = tk_json_error_object(msg, file, line, raw, rawlen);
	if (s->errors_last) {
		tk_buf_adds(&s->later, json_object_to_json_string_ext(eo, TK_JSON_FLAGS));
		tk_buf_addch(&s->later, '\n');
		rc = 0;
	} else {
		rc = tk_stream_write(s, eo, err);
	}
	json_object_put(eo);
	return rc < 0 ? LINE_FATAL : LINE_GO_ON;
}

static int only_space(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
			return 0;
	return 1;
}

/* Does the word w hold a byte below n (n <= 128)? */
static inline uint64_t has_byte_below(uint64_t w, unsigned char n)
{
	return (w - 0x0101010101010101ULL * n) & ~w & 0x8080808080808080ULL;
}

/* Does the word w hold the byte c? */
static inline uint64_t has_byte(uint64_t w, unsigned char c)
{
	return has_byte_below(w ^ (0x0101010101010101ULL * c), 1);
}

/*
 * json-c's strict mode still takes a few things that are not JSON:
 * single-quoted strings, NaN and Infinity, "1." and raw control characters
 * in strings.  Return the offset of the first such byte, or len.  The line
 * is already known to hold no NUL and to be valid UTF-8.
 */
/* 1: ends a run of plain bytes outside a string; 2: inside one. */
static unsigned char stop[256];

static void stop_fill(void)
{
	int c;

	for (c = 0; c < 0x20; c++)
		stop[c] = 2;
	stop['"'] = 3;
	stop['\\'] = 2;
	stop['\''] = stop['N'] = stop['I'] = stop['.'] = 1;
}

static size_t not_json(const char *line, size_t len)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	const unsigned char *s = (const unsigned char *)line;
	size_t i = 0;

	/* filled once, whichever thread comes first */
	pthread_once(&once, stop_fill);
	for (;;) {
		/* Outside strings. */
		while (i < len && !(stop[s[i]] & 1))
			i++;
		if (i >= len)
			return len;
		if (s[i] != '"') {
			if (s[i] != '.' || i + 1 >= len || s[i + 1] < '0' || s[i + 1] > '9')
				return i;
			i++;
			continue;
		}
		/* Inside a string: skip eight bytes at a time while none is " \\ or a control. */
		i++;
		for (;;) {
			uint64_t w;

			while (i + 8 <= len) {
				memcpy(&w, s + i, 8);
				if (has_byte_below(w, 0x20) | has_byte(w, '"') | has_byte(w, '\\'))
					break;
				i += 8;
			}
			while (i < len && !(stop[s[i]] & 2))
				i++;
			if (i >= len)
				return len;
			if (s[i] == '"')
				break;
			if (s[i] != '\\')
				return i;
			i += 2; /* an escape and the byte it escapes */
		}
		i++;
	}
}

/*
 * Parse one line.  Return the object, or NULL with msg filled for a line
 * that is not one JSON object.
 */
static struct json_object *parse_line(struct tk_stream *s, const char *line, size_t len,
				      char *msg, size_t msgsize)
{
	struct json_object *obj;
	enum json_tokener_error jerr;
	size_t bad, end;
	const char *nul;

	if ((bad = tk_utf8_check(line, len)) < len) {
		snprintf(msg, msgsize, "invalid UTF-8 at byte %zu", bad + 1);
		return NULL;
	}
	if ((nul = memchr(line, '\0', len))) {
		snprintf(msg, msgsize, "NUL byte at byte %zu", (size_t)(nul - line) + 1);
		return NULL;
	}
	if (len > INT_MAX) {
		/* json-c takes an int length */
		snprintf(msg, msgsize, "line longer than 2 GiB");
		return NULL;
	}
	json_tokener_reset(s->tok);
	obj = json_tokener_parse_ex(s->tok, line, (int)len);
	jerr = json_tokener_get_error(s->tok);
	if (jerr == json_tokener_continue) {
		/* A number at the very end is only finished by what follows it. */
		obj = json_tokener_parse_ex(s->tok, " ", 1);
		jerr = json_tokener_get_error(s->tok);
		if (jerr == json_tokener_continue) {
			snprintf(msg, msgsize, "truncated JSON: the line ends inside a value");
			return NULL;
		}
		end = len;
	} else {
		end = json_tokener_get_parse_end(s->tok);
	}
	if (jerr == json_tokener_error_depth) {
		snprintf(msg, msgsize, "JSON nested deeper than %d levels", TK_JSON_MAX_DEPTH);
		return NULL;
	}
	if (jerr != json_tokener_success) {
		size_t first = 0;

		while (first < len && strchr(" \t\r\f\v", line[first]))
			first++;
		/* json-c takes "not json" for a misspelt null: say what was wanted instead. */
		if (line[first] != '{' && line[first] != '[' && line[first] != '"')
			snprintf(msg, msgsize, "invalid JSON at byte %zu: expected an object", first + 1);
		else
			snprintf(msg, msgsize, "invalid JSON at byte %zu: %s",
				 json_tokener_get_parse_end(s->tok) + 1, json_tokener_error_desc(jerr));
		return NULL;
	}
	/* json-c 0.16 in strict mode refuses these itself; other versions may not. */
	if (!only_space(line + end, len - end)) {
		snprintf(msg, msgsize, "invalid JSON at byte %zu: text after the end of the value",
			 end + 1);
		json_object_put(obj);
		return NULL;
	}
	if ((bad = not_json(line, len)) < len) {
		snprintf(msg, msgsize, "invalid JSON at byte %zu: %s", bad + 1,
			 line[bad] == '\'' ? "strings take double quotes" :
			 line[bad] == '.' ? "a number needs digits after '.'" :
			 line[bad] == 'N' || line[bad] == 'I' ? "NaN and Infinity are not JSON" :
								 "control character in a string");
		json_object_put(obj);
		return NULL;
	}
	if (!json_object_is_type(obj, json_type_object)) {
		snprintf(msg, msgsize, "expected an object, got %s",
			 obj ? tk_json_type_name(obj) : "null");
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* Process one line. */
static enum line_rc do_line(struct tk_stream *s, const char *file, unsigned long lineno, const char *line,
			    size_t len, struct tk_error *err)
{
	struct tk_record rec;
	enum line_rc lrc = LINE_GO_ON;
	char msg[sizeof(err->msg)];
	int rc;

	rec.file = file;
	rec.line = lineno;
	if (only_space(line, len))
		return s->echo && !s->errors_last && tk_stream_write_line(s, "", 0, err) < 0 ? LINE_FATAL
											    : LINE_GO_ON;
	rec.obj = parse_line(s, line, len, msg, sizeof(msg));
	if (!rec.obj)
		return bad_line(s, rec.file, rec.line, line, len, msg, err);
	rec.raw = line;
	rec.rawlen = len;
	rec.stream = s;
	s->nedit = 0;
	tk_buf_reset(&s->edittext);
	if (s->echo && tk_json_is_error(rec.obj)) {
		/* an earlier tool's report goes on untouched */
		rc = TK_RC_OK;
		if (s->errors_last) {
			tk_buf_add(&s->later, line, len);
			tk_buf_addch(&s->later, '\n');
			rc = TK_RC_HOLD;
		}
	} else {
		rc = s->record(s->ctx, &rec, err);
	}
	if (rc == TK_RC_BAD) {
		snprintf(msg, sizeof(msg), "%s", err->msg);
		lrc = bad_line(s, rec.file, rec.line, line, len, msg, err);
	} else if (rc == TK_RC_FATAL) {
		if (!err->file) {
			snprintf(msg, sizeof(msg), "%s", err->msg);
			tk_error_at(err, rec.file, rec.line, "%s", msg);
		}
		lrc = LINE_FATAL;
	} else if (s->echo && rc != TK_RC_HOLD && write_record(s, &rec, err) < 0) {
		lrc = LINE_FATAL;
	}
	json_object_put(rec.obj);
	return lrc;
}

/* ---- threads ---- */

#define BATCH_LINES 4096
#define BATCH_BYTES (4u << 20)

/* A line of a batch: text[off .. off + len) of the batch's text. */
struct batch_line {
	size_t off, len;
	const char *file;
	unsigned long line;
};

/* One thread's share of a batch, and what came of it. */
struct share {
	struct tk_stream s;          /* the stream's settings, with a parser and buffers of its own */
	const struct tk_batch *batch;
	size_t from, to;             /* its lines */
	char *out;                   /* what it wrote */
	size_t outlen;
	struct tk_error *rep;        /* what it reported, in order */
	size_t nrep, repalloc;
	enum line_rc lrc;            /* how it ended, and why when it stopped */
	struct tk_error err;
	pthread_t thread;
};

struct tk_batch {
	struct tk_buf text;
	struct batch_line *line;
	size_t n;
	struct share *share;
	unsigned nshare;
};

static void keep_report(void *ctx, const struct tk_error *err)
{
	struct share *sh = ctx;

	if (sh->nrep == sh->repalloc) {
		sh->repalloc = sh->repalloc ? 2 * sh->repalloc : 8;
		sh->rep = tk_realloc(sh->rep, sh->repalloc * sizeof(*sh->rep));
	}
	sh->rep[sh->nrep++] = *err;
}

static void *run_share(void *arg)
{
	struct share *sh = arg;
	const struct tk_batch *b = sh->batch;
	size_t i;

	sh->lrc = LINE_GO_ON;
	sh->s.bad = 0;
	sh->nrep = 0;
	sh->out = NULL;
	sh->outlen = 0;
	sh->s.out = open_memstream(&sh->out, &sh->outlen);
	if (!sh->s.out) {
		tk_error_set(&sh->err, "out of memory");
		sh->lrc = LINE_FATAL;
		return NULL;
	}
	for (i = sh->from; i < sh->to && sh->lrc == LINE_GO_ON; i++) {
		const struct batch_line *l = &b->line[i];
		/* a batch of empty lines has no text at all */
		const char *text = b->text.buf ? b->text.buf + l->off : "";

		sh->lrc = do_line(&sh->s, l->file, l->line, text, l->len, &sh->err);
	}
	if (fclose(sh->s.out) == EOF && sh->lrc != LINE_FATAL) {
		tk_error_set(&sh->err, "out of memory");
		sh->lrc = LINE_FATAL;
	}
	sh->s.out = NULL;
	return NULL;
}

/* Process the batch's lines, a share per thread; then write and report the shares in order. */
static enum line_rc run_batch(struct tk_stream *s, struct tk_error *err)
{
	struct tk_batch *b = s->batch;
	enum line_rc lrc = LINE_GO_ON;
	unsigned t, started;
	size_t i;

	for (t = 0; t < b->nshare; t++) {
		b->share[t].from = b->n * t / b->nshare;
		b->share[t].to = b->n * (t + 1) / b->nshare;
	}
	/* share 0 is done here, and so are the shares of threads that cannot start */
	for (started = 1; started < b->nshare; started++)
		if (pthread_create(&b->share[started].thread, NULL, run_share, &b->share[started]) != 0)
			break;
	run_share(&b->share[0]);
	for (t = started; t < b->nshare; t++)
		run_share(&b->share[t]);
	for (t = 1; t < started; t++)
		pthread_join(b->share[t].thread, NULL);
	for (t = 0; t < b->nshare; t++) {
		struct share *sh = &b->share[t];

		if (lrc == LINE_GO_ON) {
			for (i = 0; i < sh->nrep; i++)
				report(s, &sh->rep[i]);
			s->bad += sh->s.bad;
			if (sh->outlen && out(s, sh->out, sh->outlen, err) < 0)
				lrc = LINE_FATAL;
			else if (sh->lrc != LINE_GO_ON) {
				lrc = sh->lrc;
				*err = sh->err;
			}
		}
		free(sh->out);
		sh->out = NULL;
	}
	return lrc;
}

static void batch_free(struct tk_stream *s)
{
	struct tk_batch *b = s->batch;
	unsigned t;

	if (!b)
		return;
	for (t = 0; t < b->nshare; t++) {
		struct tk_stream *w = &b->share[t].s;

		if (w->tok)
			json_tokener_free(w->tok);
		tk_buf_release(&w->tmp);
		tk_buf_release(&w->edittext);
		free(w->edit);
		free(b->share[t].rep);
	}
	free(b->share);
	free(b->line);
	tk_buf_release(&b->text);
	free(b);
	s->batch = NULL;
}

/*
 * The stream with threads: read a batch (BATCH_LINES lines or BATCH_BYTES
 * bytes, or up to a read error or the end), process it, write it, and on.
 */
static enum line_rc run_threads(struct tk_stream *s, struct tk_error *err)
{
	struct tk_batch *b = tk_calloc(1, sizeof(*b));
	enum line_rc lrc = LINE_GO_ON;
	const char *line;
	size_t len;
	unsigned t;
	int got = 1;

	s->batch = b;
	b->nshare = s->threads;
	b->share = tk_calloc(b->nshare, sizeof(*b->share));
	b->line = tk_malloc(BATCH_LINES * sizeof(*b->line));
	for (t = 0; t < b->nshare; t++) {
		struct share *sh = &b->share[t];

		sh->s = *s;
		sh->s.ctx = s->thread_ctx[t];
		sh->s.report = keep_report;
		sh->s.report_ctx = sh;
		sh->s.batch = NULL;
		sh->s.edit = NULL;
		sh->s.nedit = sh->s.editalloc = 0;
		tk_buf_init(&sh->s.tmp);
		tk_buf_init(&sh->s.edittext);
		tk_buf_init(&sh->s.later);
		sh->batch = b;
		sh->s.tok = json_tokener_new_ex(TK_JSON_MAX_DEPTH + 1);
		if (!sh->s.tok) {
			tk_error_set(err, "out of memory");
			return LINE_FATAL;
		}
		json_tokener_set_flags(sh->s.tok, JSON_TOKENER_STRICT);
	}
	while (lrc == LINE_GO_ON && got != 0) {
		struct tk_error rerr;

		b->n = 0;
		tk_buf_reset(&b->text);
		/* a batch goes no further than what has come, so a slow feed is not held back */
		while (b->n < BATCH_LINES && b->text.len < BATCH_BYTES) {
			s->reader.nowait = b->n > 0;
			if ((got = tk_reader_next(&s->reader, &line, &len, &rerr)) != 1)
				break;
			b->line[b->n] = (struct batch_line){ b->text.len, len, s->reader.name, s->reader.line };
			tk_buf_add(&b->text, line, len);
			b->n++;
			s->lines++;
		}
		s->reader.nowait = 0;
		if (got == 2)
			got = 1;
		if (b->n)
			lrc = run_batch(s, err);
		/* after a batch of long lines, give their memory back */
		if (b->text.len > BATCH_BYTES) {
			tk_buf_release(&b->text);
			tk_buf_init(&b->text);
		}
		if (lrc == LINE_GO_ON && got < 0) {
			s->read_failed = 1;
			report(s, &rerr);
			got = 1;
		}
	}
	return lrc;
}

int tk_stream_run(struct tk_stream *s, char *const *files, int nfiles)
{
	static char dash[] = "-";
	static char *const stdin_only[] = { dash };
	struct tk_error err;
	enum line_rc lrc = LINE_GO_ON;
	const char *line;
	size_t len;
	int got;

	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	tk_reader_init(&s->reader, files, nfiles);
	/* json-c's depth counts one more than the deepest nesting it takes. */
	s->tok = json_tokener_new_ex(TK_JSON_MAX_DEPTH + 1);
	if (!s->tok) {
		tk_error_set(&err, "out of memory");
		report(s, &err);
		return TK_EXIT_FAIL;
	}
	json_tokener_set_flags(s->tok, JSON_TOKENER_STRICT);
	if (isatty(fileno(s->out)))
		s->line_buffered = 1;
	if (s->threads > 1 && s->thread_ctx && s->echo && !s->errors_last && !s->line_buffered)
		lrc = run_threads(s, &err);
	/* (nowait is not set here: 2 does not come) */
	while (lrc == LINE_GO_ON && (got = tk_reader_next(&s->reader, &line, &len, &err)) != 0) {
		if (got != 1) {
			s->read_failed = 1;
			report(s, &err);
			continue;
		}
		s->lines++;
		lrc = do_line(s, s->reader.name, s->reader.line, line, len, &err);
	}
	if (lrc == LINE_GO_ON && s->end && s->end(s->ctx, s, &err) != 0)
		lrc = LINE_FATAL;
	if (lrc == LINE_GO_ON && s->later.len && out(s, s->later.buf, s->later.len, &err) < 0)
		lrc = LINE_FATAL;
	if (lrc != LINE_FATAL && (fflush(s->out) == EOF || ferror(s->out))) {
		write_failed(s, &err);
		lrc = LINE_FATAL;
	}
	if (lrc == LINE_FATAL) {
		report(s, &err);
		return TK_EXIT_FAIL;
	}
	if (s->read_failed)
		return TK_EXIT_FAIL;
	return s->bad ? TK_EXIT_BAD : TK_EXIT_OK;
}
