/*
 * The record-stream core every tool is built on (CONTRACT.md sections 1,
 * 4 and 5): read JSON Lines from files or standard input, check and parse
 * each line, hand each ticket to the tool's record function, write the
 * result, and turn bad lines into reports and error objects.
 *
 * A tool is a record function plus an optional end-of-stream function:
 *
 *	struct tk_stream s;
 *	tk_stream_init(&s);
 *	s.record = tokenize_record;
 *	s.ctx = &settings;
 *	status = tk_stream_run(&s, files, nfiles);
 *	tk_stream_release(&s);
 *
 * Per-ticket tools leave echo set: each ticket is written after the record
 * function returns, one line out per line in, in order.  Tools that write
 * something else (a report, alerts, a model) clear echo and write with
 * tk_stream_write() themselves.
 */
#ifndef TK_STREAM_H
#define TK_STREAM_H

#include <json-c/json.h>
#include <stdio.h>

#include "buf.h"
#include "error.h"

/* What to do with a bad line (--on-error). */
enum tk_on_error {
	TK_ON_ERROR_PASS, /* report it and write an error object in its place */
	TK_ON_ERROR_SKIP, /* report it and write nothing */
	TK_ON_ERROR_FAIL  /* report it and stop at once */
};

/* The deepest JSON nesting a line may have. */
#define TK_JSON_MAX_DEPTH 512

/* Return values of a record function. */
enum tk_rc {
	TK_RC_OK = 0,  /* done; in echo mode the ticket is written */
	TK_RC_BAD = 1, /* the ticket lacks what the tool needs: err says what */
	TK_RC_FATAL = 2, /* stop now: err says why */
	TK_RC_HOLD = 3   /* a batch tool keeps the ticket and writes it later with tk_stream_emit() */
};

struct tk_stream;

/* One input line, parsed. */
struct tk_record {
	struct json_object *obj; /* the ticket, owned by the stream */
	const char *file;        /* the input's name, "-" for standard input */
	unsigned long line;      /* 1-based line number within file */
	const char *raw;         /* the line as read, without its line end */
	size_t rawlen;
	struct tk_stream *stream;
};

/* A change to a ticket's line, made with tk_record_put() or tk_record_replace(). */
struct tk_edit {
	size_t key, keylen;   /* the key or path, in the stream's edit text */
	size_t json, jsonlen; /* the new value's JSON text, there too */
	int append;           /* a top-level key, added at the end when absent */
};

/* The line reader: any line length, CR LF, a UTF-8 BOM at the start of a file. */
struct tk_reader {
	char *const *files;
	int nfiles;
	int next;          /* index of the next operand to open */
	int fd;            /* -1 when no file is open */
	int eof;           /* the open file has been read to its end */
	const char *name;  /* the open file's name */
	unsigned long line;
	char *buf;
	size_t alloc;
	size_t start;      /* first unread byte */
	size_t scan;       /* bytes before this offset hold no newline */
	size_t end;        /* end of the bytes read */
	int nowait;        /* return 2 rather than wait for input that has not come */
};

struct tk_stream {
	/* Settings: set after tk_stream_init(), before tk_stream_run(). */
	int (*record)(void *ctx, struct tk_record *rec, struct tk_error *err);
	int (*end)(void *ctx, struct tk_stream *s, struct tk_error *err); /* may be NULL */
	void *ctx;
	void (*report)(void *rctx, const struct tk_error *err); /* called for every problem */
	void *report_ctx;
	/* rewrite the raw text of a bad line before it goes out (redaction); may be NULL */
	void (*raw_filter)(void *ctx, const char *raw, size_t len, struct tk_buf *out);
	enum tk_on_error on_error;
	int echo;          /* write each ticket after its record function (default 1) */
	int line_buffered; /* flush after every line (also when out is a terminal) */
	/* A batch tool that holds its tickets (TK_RC_HOLD): bad lines' error objects and earlier
	   tools' ones are written after the end function, blank lines dropped. */
	int errors_last;
	FILE *out;         /* default stdout */
	/*
	 * Threads (for echo tools whose record function reads nothing shared
	 * but what no thread changes): with threads > 1, lines are read in
	 * batches and each batch split among the threads, thread i calling
	 * record with thread_ctx[i] (thread_ctx[0] may be ctx itself).  The
	 * output, the reports, their order and the exit status are those of
	 * one thread.  Not used with line_buffered (or a terminal as output),
	 * where each line must go out as it comes, nor with errors_last.
	 */
	unsigned threads;
	void **thread_ctx;

	/* Results of tk_stream_run(). */
	unsigned long lines;   /* lines read */
	unsigned long bad;     /* lines reported as bad */
	int read_failed;       /* an operand could not be opened or read */

	/* Private. */
	struct tk_reader reader;
	struct json_tokener *tok;
	struct tk_buf tmp;
	struct tk_buf edittext; /* keys and values of the current record's edits */
	struct tk_buf later;    /* errors_last: what goes after the end function */
	struct tk_edit *edit;
	size_t nedit, editalloc;
	struct tk_batch *batch; /* threads: the lines read and each thread's share */
};

/*
 * Give rec's ticket the top-level key with the JSON text json[0..len) as
 * its value (copied).  A key the ticket already has is replaced where it
 * stands (where it was last written, when it is there twice: the value
 * JSON readers keep); a new one goes at the end.
 *
 * Tools change tickets only this way and with tk_record_replace(), never
 * through json-c: the stream writes the input line as it came with just
 * these spans replaced or added, so a ticket's own bytes - numbers beyond
 * 64 bits, duplicate keys, spacing - go out untouched, and nothing is
 * serialized twice.  rec->obj is for reading; changing it changes nothing
 * in the output.
 */
void tk_record_put(struct tk_record *rec, const char *key, const char *json, size_t len);

/* Replace the value at path (dotted, as tk_json_path() reads it), which must exist. */
void tk_record_replace(struct tk_record *rec, const char *path, const char *json, size_t len);

/*
 * For batch tools that hold tickets (TK_RC_HOLD) and write them at the
 * end: set rec up as the line raw[0..rawlen) of file:line, parsed as obj
 * (borrowed), with no edits yet.  Put edits with tk_record_put() and write
 * it with tk_stream_emit().
 */
void tk_record_start(struct tk_stream *s, struct tk_record *rec, struct json_object *obj,
		     const char *file, unsigned long line, const char *raw, size_t rawlen);

/* Write rec, its line with its edits, to s->out; on a write error return -1 and fill err. */
int tk_stream_emit(struct tk_stream *s, struct tk_record *rec, struct tk_error *err);

/* Set s up with the defaults, without allocating. */
void tk_stream_init(struct tk_stream *s);

/* Free what s holds. */
void tk_stream_release(struct tk_stream *s);

/*
 * Run the stream over the files (none: standard input; "-": standard
 * input), calling s->record for each ticket and s->end at the end of the
 * input.  Problems are passed to s->report as they happen.  Return the
 * exit status (enum tk_exit): 0 when everything was processed cleanly, 1
 * when some lines were bad or the run was stopped by --on-error=fail, 2
 * when an operand could not be read, output could not be written or a
 * record or end function failed.  The output is flushed before returning.
 */
int tk_stream_run(struct tk_stream *s, char *const *files, int nfiles);

/*
 * Report a problem with rec's line (FILE:LINE: message) that does not
 * replace the ticket: it is still written, and the exit status becomes 1.
 */
void tk_stream_warn(struct tk_stream *s, const struct tk_record *rec, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Write obj as one line; on a write error return -1 and fill err. */
int tk_stream_write(struct tk_stream *s, struct json_object *obj, struct tk_error *err);

/* Write len bytes of text and a newline; on a write error return -1 and fill err. */
int tk_stream_write_line(struct tk_stream *s, const char *text, size_t len, struct tk_error *err);

/* Set r up to read the files in order (see tk_stream_run() for operands). */
void tk_reader_init(struct tk_reader *r, char *const *files, int nfiles);

/* Close the open file and free the buffer. */
void tk_reader_release(struct tk_reader *r);

/*
 * Read the next line into *line, *len (without its line end; valid until
 * the next call) and return 1; return 0 at the end of the last file.  When
 * a file cannot be opened or read, return -1 with err naming it; the next
 * call goes on with the next file.  With r->nowait set, return 2 when the
 * next line has not come whole and reading more would wait.
 */
int tk_reader_next(struct tk_reader *r, const char **line, size_t *len, struct tk_error *err);

#endif
