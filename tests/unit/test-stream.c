/*
 * Unit tests for lib/stream.c, the record-stream core.
 *
 * The reader: LF and CR LF, a BOM on the first line of each file only, a
 * last line without a newline, empty lines, a 5 MB line and the lines
 * after it, line ends across read boundaries, several files in order with
 * line numbers restarting, a missing file and a directory (a message, then
 * the next file), standard input.
 *
 * tk_stream_run over files written here, with the output in a tmpfile():
 * one line out per line in, in order, the input's bytes untouched; keys
 * added with tk_record_put spliced in before the closing brace, replaced in
 * place when present, idempotent; tk_record_replace; bad lines of each
 * kind with their message, report and error object under each --on-error
 * policy; exit statuses; blank lines; error objects passing through;
 * tk_stream_warn; record functions failing; the end hook.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "json.h"
#include "stream.h"
#include "tap.h"
#include "utf8.h"


/* Paths made by write_file(), to remove at the end. */
static char *made[256];
static int nmade;

/* Write len bytes to a new file called name in the temporary folder; return its path. */
static char *write_file(const char *name, const char *data, size_t len)
{
	struct tk_buf path = TK_BUF_INIT;
	FILE *f;

	tk_buf_addf(&path, "%s/%s", tap_tmpdir(), name);
	f = fopen(path.buf, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		printf("# cannot write %s\n", path.buf);
	if (nmade < 256)
		made[nmade++] = path.buf;
	return path.buf;
}

#define WRITE(name, lit) write_file(name, lit, sizeof(lit) - 1)

/* ---- the reader ---- */

/* Read every line of the files into "name:line:text|" records, errors as "ERR msg|". */
static const char *read_all(char *const *files, int nfiles)
{
	static struct tk_buf res = TK_BUF_INIT;
	struct tk_reader r;
	struct tk_error err;
	const char *line;
	size_t len;
	int rc, guard = 0;

	tk_buf_reset(&res);
	tk_buf_adds(&res, "");
	tk_reader_init(&r, files, nfiles);
	while ((rc = tk_reader_next(&r, &line, &len, &err)) != 0 && guard++ < 1000) {
		const char *base;

		if (rc < 0) {
			tk_buf_addf(&res, "ERR %s|", err.msg);
			continue;
		}
		base = strrchr(r.name, '/');
		tk_buf_addf(&res, "%s:%lu:", base ? base + 1 : r.name, r.line);
		tk_buf_add(&res, line, len);
		tk_buf_addch(&res, '|');
	}
	if (tk_reader_next(&r, &line, &len, &err) != 0)
		tk_buf_adds(&res, "(more after the end)");
	tk_reader_release(&r);
	return res.buf;
}

static void test_reader_lines(void)
{
	char *f[3];

	f[0] = WRITE("lf", "one\ntwo\n\nfour");
	TAP_STR(read_all(f, 1), "lf:1:one|lf:2:two|lf:3:|lf:4:four|",
		"LF lines, an empty line, a last line without newline");
	f[0] = WRITE("crlf", "one\r\ntwo\r\n\r\nfour\r\n");
	TAP_STR(read_all(f, 1), "crlf:1:one|crlf:2:two|crlf:3:|crlf:4:four|", "CR LF lines");
	f[0] = WRITE("mixed", "a\rb\r\nc\n\r\r\nd");
	TAP_STR(read_all(f, 1), "mixed:1:a\rb|mixed:2:c|mixed:3:\r|mixed:4:d|",
		"only a CR right before LF is a line end");
	f[0] = WRITE("bom", "\xEF\xBB\xBF{\"a\":1}\n\xEF\xBB\xBF{\"b\":2}\n");
	TAP_STR(read_all(f, 1), "bom:1:{\"a\":1}|bom:2:\xEF\xBB\xBF{\"b\":2}|",
		"a BOM is dropped on the first line only");
	f[0] = WRITE("bomonly", "\xEF\xBB\xBF\r\nx\n");
	TAP_STR(read_all(f, 1), "bomonly:1:|bomonly:2:x|", "a first line of only a BOM is empty");
	f[0] = WRITE("empty", "");
	TAP_STR(read_all(f, 1), "", "an empty file has no lines");
	f[0] = WRITE("nl", "\n");
	TAP_STR(read_all(f, 1), "nl:1:|", "a lone newline is one empty line");
	f[0] = WRITE("nul", "a\0b\nc");
	{
		struct tk_reader r;
		struct tk_error err;
		const char *line;
		size_t len;

		tk_reader_init(&r, f, 1);
		TAP_OK(tk_reader_next(&r, &line, &len, &err) == 1 && len == 3 &&
			       memcmp(line, "a\0b", 3) == 0,
		       "a NUL byte does not end a line");
		tk_reader_release(&r);
	}

	f[0] = WRITE("f1", "a\nb\n");
	f[1] = WRITE("f2", "\xEF\xBB\xBF" "c\nd\ne");
	f[2] = WRITE("f3", "f\n");
	TAP_STR(read_all(f, 3), "f1:1:a|f1:2:b|f2:1:c|f2:2:d|f2:3:e|f3:1:f|",
		"several files in order, line numbers restart, each file's BOM dropped");
}

static void test_reader_errors(void)
{
	char *f[4], dir[200], missing[200], want[600];

	snprintf(missing, sizeof(missing), "%s/no-such-file", tap_tmpdir());
	snprintf(dir, sizeof(dir), "%s/adir", tap_tmpdir());
	mkdir(dir, 0700);
	f[0] = WRITE("e1", "a\n");
	f[1] = missing;
	f[2] = dir;
	f[3] = WRITE("e2", "b\n");
	snprintf(want, sizeof(want),
		 "e1:1:a|ERR cannot open '%s': No such file or directory|"
		 "ERR cannot read '%s': Is a directory|e2:1:b|",
		 missing, dir);
	TAP_STR(read_all(f, 4), want,
		"a missing file and a directory: a message each, then the next file");
	memcpy(strstr(want, "|ERR cannot read"), "|", 2);
	TAP_STR(read_all(f + 1, 1), want + strlen("e1:1:a|"), "a missing file alone");
	rmdir(dir);
}

static void test_reader_long(void)
{
	size_t big = 5 * 1024 * 1024, i;
	char *data = malloc(big + 64), *f[1];
	struct tk_reader r;
	struct tk_error err;
	const char *line;
	size_t len;
	int ok;

	for (i = 0; i < big; i++)
		data[i] = (char)('a' + i % 23);
	memcpy(data + big, "\r\nafter1\nafter2\n", 16);
	f[0] = write_file("big", data, big + 16);
	tk_reader_init(&r, f, 1);
	ok = tk_reader_next(&r, &line, &len, &err) == 1;
	TAP_OK(ok && len == big, "a 5 MB line comes whole (%zu bytes)", ok ? len : 0);
	TAP_OK(ok && len == big && memcmp(line, data, big) == 0, "with every byte right");
	TAP_OK(tk_reader_next(&r, &line, &len, &err) == 1 && len == 6 &&
		   memcmp(line, "after1", 6) == 0 && r.line == 2,
	       "the line after it");
	TAP_OK(tk_reader_next(&r, &line, &len, &err) == 1 && len == 6 &&
		   memcmp(line, "after2", 6) == 0 && r.line == 3,
	       "and the one after that");
	TAP_INT(tk_reader_next(&r, &line, &len, &err), 0, "then the end");
	tk_reader_release(&r);

	/* Line ends at and across 64 kB boundaries, where reads are likely to split them. */
	{
		struct tk_buf b = TK_BUF_INIT;
		static const size_t at[] = { 65535, 65536, 65537, 131071, 131072 };
		size_t k;

		for (k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
			tk_buf_reset(&b);
			for (i = 0; i + 1 < at[k]; i++)
				tk_buf_addch(&b, 'x');
			tk_buf_adds(&b, "\r\nnext\r\n");
			f[0] = write_file(k == 0   ? "b0"
					  : k == 1 ? "b1"
					  : k == 2 ? "b2"
					  : k == 3 ? "b3"
						   : "b4",
					  b.buf, b.len);
			tk_reader_init(&r, f, 1);
			ok = tk_reader_next(&r, &line, &len, &err) == 1 && len == at[k] - 1 &&
			     line[len - 1] == 'x';
			ok = ok && tk_reader_next(&r, &line, &len, &err) == 1 && len == 4 &&
			     memcmp(line, "next", 4) == 0;
			ok = ok && tk_reader_next(&r, &line, &len, &err) == 0;
			TAP_OK(ok, "CR LF with the CR at byte %zu", at[k]);
			tk_reader_release(&r);
		}
		tk_buf_release(&b);
	}
	free(data);
}

static void test_reader_stdin(void)
{
	static char dash[] = "-";
	char *f[2], *p = WRITE("stdin", "s1\r\ns2");
	int saved = dup(0), fd = open(p, O_RDONLY);

	f[0] = dash;
	f[1] = WRITE("after-stdin", "t1\n");
	if (fd < 0 || saved < 0 || dup2(fd, 0) < 0) {
		TAP_OK(0, "cannot redirect standard input");
		return;
	}
	close(fd);
	TAP_STR(read_all(f, 2), "-:1:s1|-:2:s2|after-stdin:1:t1|",
		"'-' reads standard input, named '-'");
	dup2(saved, 0);
	close(saved);
}

/* nowait: a line not yet whole gives 2, not a wait; the rest of it, when it comes, the line. */
static void test_reader_nowait(void)
{
	char name[32], *f[1] = { name };
	struct tk_reader r;
	struct tk_error err;
	const char *line;
	size_t len;
	int p[2], ok;

	if (pipe(p) < 0) {
		TAP_OK(0, "cannot make a pipe");
		return;
	}
	snprintf(name, sizeof(name), "/dev/fd/%d", p[0]);
	ok = write(p[1], "ab\nc", 4) == 4;
	tk_reader_init(&r, f, 1);
	r.nowait = 1;
	TAP_OK(ok && tk_reader_next(&r, &line, &len, &err) == 1 && len == 2 && memcmp(line, "ab", 2) == 0,
	       "nowait: a whole line comes");
	TAP_INT(tk_reader_next(&r, &line, &len, &err), 2, "nowait: half a line and nothing more to read gives 2");
	ok = write(p[1], "d\n", 2) == 2;
	close(p[1]);
	TAP_OK(ok && tk_reader_next(&r, &line, &len, &err) == 1 && len == 2 && memcmp(line, "cd", 2) == 0,
	       "nowait: then the line, once its end has come");
	TAP_INT(tk_reader_next(&r, &line, &len, &err), 0, "nowait: then the end");
	tk_reader_release(&r);
	close(p[0]);
}

/* ---- tk_stream_run ---- */

struct ctx {
	int calls, ends;
	int mode;
	const char *key;
	const char *json;
	struct tk_buf *endline;
};

enum { M_NONE, M_PUT, M_PUT2, M_PUT_SAME, M_REPLACE, M_OBJ, M_WARN, M_BAD, M_FATAL };

static int record_fn(void *vctx, struct tk_record *rec, struct tk_error *err)
{
	struct ctx *c = vctx;

	c->calls++;
	switch (c->mode) {
	case M_PUT:
		tk_record_put(rec, c->key, c->json, strlen(c->json));
		break;
	case M_PUT2:
		tk_record_put(rec, "k1", "1", 1);
		tk_record_put(rec, "k2", "[\"x\"]", 5);
		break;
	case M_PUT_SAME:
		tk_record_put(rec, "k", "\"first\"", 7);
		tk_record_put(rec, "k", "\"second\"", 8);
		break;
	case M_REPLACE:
		tk_record_replace(rec, c->key, c->json, strlen(c->json));
		break;
	case M_OBJ:
		json_object_object_add(rec->obj, "m", json_object_new_int(1));
		json_object_object_del(rec->obj, "a");
		tk_record_put(rec, "k", "2", 1);
		break;
	case M_WARN:
		if (rec->line == 2)
			tk_stream_warn(rec->stream, rec, "odd value %d", 5);
		tk_record_put(rec, "k", "true", 4);
		break;
	case M_BAD:
		if (json_object_object_get_ex(rec->obj, "bad", NULL)) {
			tk_error_set(err, "no field 'x' in this ticket");
			return TK_RC_BAD;
		}
		tk_record_put(rec, "k", "0", 1);
		break;
	case M_FATAL:
		if (json_object_object_get_ex(rec->obj, "fatal", NULL)) {
			tk_error_set(err, "the model broke");
			return TK_RC_FATAL;
		}
		break;
	}
	return TK_RC_OK;
}

static int end_fn(void *vctx, struct tk_stream *s, struct tk_error *err)
{
	struct ctx *c = vctx;

	c->ends++;
	if (c->endline)
		return tk_stream_write_line(s, c->endline->buf, c->endline->len, err);
	return 0;
}

/* Reports as "FILE:LINE: msg\n" (or "msg\n" when not about a file). */
static struct tk_buf reports = TK_BUF_INIT;
static int nreports;

static void report_fn(void *rctx, const struct tk_error *err)
{
	(void)rctx;
	nreports++;
	if (err->file && err->line)
		tk_buf_addf(&reports, "%s:%lu: %s\n", err->file, err->line, err->msg);
	else if (err->file)
		tk_buf_addf(&reports, "%s: %s\n", err->file, err->msg);
	else
		tk_buf_addf(&reports, "%s\n", err->msg);
}

static struct tk_buf output = TK_BUF_INIT;
static struct tk_stream s;
static struct ctx c;

/* Set up s and c for a run in mode. */
static void setup(int mode)
{
	tk_stream_init(&s);
	s.record = record_fn;
	s.end = end_fn;
	s.ctx = &c;
	s.report = report_fn;
	memset(&c, 0, sizeof(c));
	c.mode = mode;
	c.key = "k";
	c.json = "{\"n\":1}";
	tk_buf_reset(&reports);
	tk_buf_adds(&reports, "");
	nreports = 0;
}

/* Run s over the files with output to a tmpfile(); the output goes to output. Return the status. */
static int run(char *const *files, int nfiles)
{
	FILE *out = tmpfile();
	char chunk[65536];
	size_t n;
	int status;

	s.out = out;
	status = tk_stream_run(&s, files, nfiles);
	tk_buf_reset(&output);
	tk_buf_adds(&output, "");
	rewind(out);
	while ((n = fread(chunk, 1, sizeof(chunk), out)) > 0)
		tk_buf_add(&output, chunk, n);
	(void)fclose(out);
	tk_stream_release(&s);
	return status;
}

/* Run mode over the one file holding text; the output. */
static const char *run_text(int mode, const char *name, const char *text, int *status)
{
	char *f[1];
	int st;

	f[0] = write_file(name, text, strlen(text));
	setup(mode);
	st = run(f, 1);
	if (status)
		*status = st;
	return output.buf;
}

static void test_echo(void)
{
	static const char in[] =
	    "{\"b\":1,\"a\":2}\n"
	    "{\"z\" : [1, 2.50],\"y\":{\"x\":null}, \"big\":123456789012345678901234567890}\r\n"
	    "{\"u\":\"caf\\u00e9 \xC3\xA9 /\"}";
	int status;

	TAP_STR(run_text(M_NONE, "echo", in, &status),
		"{\"b\":1,\"a\":2}\n"
		"{\"z\" : [1, 2.50],\"y\":{\"x\":null}, \"big\":123456789012345678901234567890}\n"
		"{\"u\":\"caf\\u00e9 \xC3\xA9 /\"}\n",
		"tickets go out as they came, one line per line, in order, key order kept");
	TAP_INT(status, 0, "a clean run: status 0");
	TAP_INT(c.calls, 3, "the record function ran once per ticket");
	TAP_INT(c.ends, 1, "the end hook ran once");
	TAP_INT(s.lines, 3, "lines counted");
	TAP_INT(s.bad, 0, "no bad lines");
	TAP_INT(nreports, 0, "nothing reported");
}

static void test_put(void)
{
	int status;
	const char *o;
	char *again;

	TAP_STR(run_text(M_PUT, "put1", "{\"a\" : 1.50, \"b\":123456789012345678901234567890}\n",
			 &status),
		"{\"a\" : 1.50, \"b\":123456789012345678901234567890,\"k\":{\"n\":1}}\n",
		"a new key is spliced in before the closing brace, the rest untouched");
	TAP_INT(status, 0, "status 0");
	TAP_STR(run_text(M_PUT, "put2", "{}\n{ }\n  {\"a\":1}  \t\n", NULL),
		"{\"k\":{\"n\":1}}\n{ \"k\":{\"n\":1}}\n  {\"a\":1,\"k\":{\"n\":1}}\n",
		"empty objects get no comma; blanks after the brace are dropped");
	TAP_STR(run_text(M_PUT, "put3",
			 "{\"k\" : \"old\",  \"z\":1}\n{\"z\":1, \"k\":[1,{\"q\":2}]}\n", NULL),
		"{\"k\" : {\"n\":1},  \"z\":1}\n{\"z\":1, \"k\":{\"n\":1}}\n",
		"a key already there is replaced where it stands, spacing kept");
	TAP_STR(run_text(M_PUT, "put4", "{\"inner\":{\"k\":5}}\n", NULL),
		"{\"inner\":{\"k\":5},\"k\":{\"n\":1}}\n",
		"a nested key of the same name is not the key");
	TAP_STR(run_text(M_PUT2, "put5", "{\"a\":1}\n{\"k2\":0,\"a\":1}\n", NULL),
		"{\"a\":1,\"k1\":1,\"k2\":[\"x\"]}\n{\"k2\":[\"x\"],\"a\":1,\"k1\":1}\n",
		"two keys: new ones in the order put, an existing one in place");
	TAP_STR(run_text(M_PUT_SAME, "put6", "{\"a\":1}\n", NULL), "{\"a\":1,\"k\":\"second\"}\n",
		"the same key put twice: one key, the last value");

	/* Idempotence: the same record function over its own output gives the same bytes. */
	o = run_text(M_PUT, "idem1",
		     "{\"a\" : 1.50, \"b\":123456789012345678901234567890}\n"
		     "{\"x\":\"\\u00e9\",  \"y\" : [ ] }\n{}\n",
		     NULL);
	again = tk_strdup(o);
	TAP_STR(run_text(M_PUT, "idem2", again, NULL), again, "running twice gives the same bytes");
	free(again);

}

static void test_put_key_escaped(void)
{
	char *f[1];

	f[0] = WRITE("putesc", "{\"a\":1}\n{\"say \\\"hi\\\"\":0}\n");
	setup(M_PUT);
	c.key = "say \"hi\"";
	c.json = "2";
	run(f, 1);
	TAP_STR(output.buf, "{\"a\":1,\"say \\\"hi\\\"\":2}\n{\"say \\\"hi\\\"\":2}\n",
		"a key needing escapes is escaped, and found when written with escapes");
}

static void test_replace(void)
{
	char *f[1];

	f[0] = WRITE("repl", "{\"a\" : {\"b\" : 1, \"c\":2}, "
			     "\"d\":3}\n{\"a\":{\"c\":2}}\n{\"a.b\":7,\"a\":{\"b\":8}}\n");
	setup(M_REPLACE);
	c.key = "a.b";
	c.json = "\"five\"";
	TAP_INT(run(f, 1), 0, "replace: status 0");
	TAP_STR(output.buf,
		"{\"a\" : {\"b\" : \"five\", \"c\":2}, \"d\":3}\n{\"a\":{\"c\":2}}\n"
		"{\"a.b\":\"five\",\"a\":{\"b\":8}}\n",
		"a nested value replaced in place; a missing path changes nothing; a whole dotted "
		"key wins");
}

static void test_obj_not_written(void)
{
	TAP_STR(run_text(M_OBJ, "obj", "{\"a\" : 1}\n", NULL), "{\"a\" : 1,\"k\":2}\n",
		"changes to rec->obj do not reach the output");
}

/* One bad line: the message reported, and the error object written. */
struct badcase {
	const char *name;
	const char *line; /* without its newline */
	size_t len;
	const char *msg;
};

#define BAD(name, lit, msg) { name, lit, sizeof(lit) - 1, msg }

static const struct badcase bad[] = {
	BAD("not JSON", "not json", "invalid JSON at byte 1: expected an object"),
	BAD("an array", "[1,2]", "expected an object, got array"),
	BAD("null", "null", "expected an object, got null"),
	BAD("a number", "42", "expected an object, got int"),
	BAD("a string", "\"str\"", "expected an object, got string"),
	BAD("true", "true", "expected an object, got boolean"),
	BAD("invalid UTF-8", "{\"a\":\"\xFF\"}", "invalid UTF-8 at byte 7"),
	BAD("an overlong form", "{\"a\":\"\xC0\xAF\"}", "invalid UTF-8 at byte 7"),
	BAD("a NUL byte", "{\"a\":\"x\0y\"}", "NUL byte at byte 8"),
	BAD("a truncated object", "{\"a\":1", "truncated JSON: the line ends inside a value"),
	BAD("a truncated string", "{\"a\":\"xy", "truncated JSON: the line ends inside a value"),
	BAD("trailing garbage", "{\"a\":1} x", "invalid JSON at byte 9: unexpected character"),
	BAD("two objects", "{\"a\":1}{\"b\":2}", "invalid JSON at byte 8: unexpected character"),
	BAD("single quotes", "{'a':1}", "invalid JSON at byte 2: strings take double quotes"),
	BAD("single-quoted value", "{\"a\":'x'}", "invalid JSON at byte 6: unexpected character"),
	BAD("NaN", "{\"a\":NaN}", "invalid JSON at byte 6: NaN and Infinity are not JSON"),
	BAD("Infinity", "{\"a\":-Infinity}",
	    "invalid JSON at byte 7: NaN and Infinity are not JSON"),
	BAD("\"1.\"", "{\"a\":1.}", "invalid JSON at byte 7: a number needs digits after '.'"),
	BAD("a raw tab in a string", "{\"a\":\"x\ty\"}",
	    "invalid JSON at byte 8: control character in a string"),
	BAD("a raw newline escape byte in a string", "{\"a\":\"x\x01\"}",
	    "invalid JSON at byte 8: control character in a string"),
};

#define NBAD (sizeof(bad) / sizeof(bad[0]))

/* The nesting test lines: depth levels of {"a": ... } around 1. */
static void nest(struct tk_buf *b, int depth)
{
	int i;

	tk_buf_reset(b);
	for (i = 0; i < depth; i++)
		tk_buf_adds(b, "{\"a\":");
	tk_buf_addch(b, '1');
	for (i = 0; i < depth; i++)
		tk_buf_addch(b, '}');
}

static void test_bad_lines(void)
{
	struct tk_buf in = TK_BUF_INIT, deep = TK_BUF_INIT, want = TK_BUF_INIT;
	char *f[1], *p;
	const char *o;
	size_t i;
	int status;

	/* Each bad line in its own file, so that its report and output stand alone. */
	for (i = 0; i < NBAD; i++) {
		struct json_object *eo, *v;
		char name[32];

		snprintf(name, sizeof(name), "bad%zu", i);
		tk_buf_reset(&in);
		tk_buf_adds(&in, "{\"ok\":1}\n");
		tk_buf_add(&in, bad[i].line, bad[i].len);
		tk_buf_adds(&in, "\n{\"ok\":2}\n");
		f[0] = p = write_file(name, in.buf, in.len);
		setup(M_PUT);
		c.json = "0";
		status = run(f, 1);
		tk_buf_reset(&want);
		tk_buf_addf(&want, "%s:2: %s\n", p, bad[i].msg);
		TAP_STR(reports.buf, want.buf, "%s: reported as FILE:LINE: message", bad[i].name);
		TAP_INT(status, 1, "%s: status 1", bad[i].name);
		TAP_INT(c.calls, 2, "%s: the record function saw only the good lines", bad[i].name);
		o = strchr(output.buf, '\n');
		eo = o ? json_tokener_parse(o + 1) : NULL;
		TAP_OK(strncmp(output.buf, "{\"ok\":1,\"k\":0}\n", 15) == 0 &&
			   strlen(output.buf) > 15 + 16 &&
			   strcmp(output.buf + strlen(output.buf) - 15, "{\"ok\":2,\"k\":0}\n") ==
			       0,
		       "%s: the good lines around it are written", bad[i].name);
		TAP_OK(eo && tk_json_is_error(eo) && json_object_object_get_ex(eo, "error", &v) &&
			   strcmp(json_object_get_string(v), bad[i].msg) == 0 &&
			   json_object_object_get_ex(eo, "file", &v) &&
			   strcmp(json_object_get_string(v), p) == 0 &&
			   json_object_object_get_ex(eo, "line", &v) &&
			   json_object_get_int(v) == 2 && json_object_object_get_ex(eo, "raw", &v),
		       "%s: an error object with error, file, line in its place", bad[i].name);
		if (eo && json_object_object_get_ex(eo, "raw", &v)) {
			struct tk_buf clean = TK_BUF_INIT;

			tk_utf8_sanitize(bad[i].line, bad[i].len, &clean);
			TAP_OK((size_t)json_object_get_string_len(v) == clean.len &&
				       memcmp(json_object_get_string(v), clean.buf, clean.len) == 0,
			       "%s: raw holds the line (invalid bytes as U+FFFD)", bad[i].name);
			tk_buf_release(&clean);
		} else {
			TAP_OK(0, "%s: raw holds the line", bad[i].name);
		}
		json_object_put(eo);
	}

	/* Nesting: up to TK_JSON_MAX_DEPTH (512) levels are fine, 513 and 600 are not. */
	nest(&deep, 511);
	tk_buf_addch(&deep, '\n');
	TAP_STR(run_text(M_NONE, "deep511", deep.buf, &status), deep.buf,
		"511 levels of nesting pass");
	nest(&deep, 512);
	tk_buf_addch(&deep, '\n');
	TAP_STR(run_text(M_NONE, "deep512", deep.buf, &status), deep.buf,
		"512 levels of nesting pass");
	TAP_INT(status, 0, "512 levels: status 0");
	nest(&deep, 600);
	p = write_file("deep600", deep.buf, deep.len);
	f[0] = p;
	setup(M_NONE);
	status = run(f, 1);
	tk_buf_reset(&want);
	tk_buf_addf(&want, "%s:1: JSON nested deeper than 512 levels\n", p);
	TAP_STR(reports.buf, want.buf, "600 levels of nesting: reported");
	TAP_INT(status, 1, "600 levels: status 1");
	TAP_OK(strncmp(output.buf, "{\"error\":\"JSON nested deeper than 512 levels\",", 46) == 0,
	       "600 levels: an error object");
	nest(&deep, 513);
	run_text(M_NONE, "deep513", deep.buf, &status);
	TAP_STR(reports.buf + strlen(tap_tmpdir()), "/deep513:1: JSON nested deeper than 512 levels\n",
		"513 levels of nesting: reported");

	tk_buf_release(&in);
	tk_buf_release(&deep);
	tk_buf_release(&want);
}

/* Lines that look odd to a quick scan but are JSON objects. */
static void test_tricky_good(void)
{
	static const char in[] =
		"{\"a\":\"it's\"}\n"
		"{\"a\":\"NaN Infinity -Infinity\"}\n"
		"{\"NaN\":1,\"I\":\"x\"}\n"
		"{\"a\":0.5,\"b\":-0.25e-3,\"c\":1E+2}\n"
		"{\"a\":\"\\\"'\\\\\"}\n"
		"{\"a\":\"abcdefghijklmnop'qrstuvwxyz\\\"'.'\"}\n"
		"{\"a\":\"\\u0009 tab escaped\",\"b\":\"1.\"}\n"
		"{\"a\":[1.5,2.25,{\"b\":\"x.y\"}]}\n"
		"{\"a\":\"é'ü ✓ 😀\"}\n"
		"  {\"a\":1}\n"
		"{\"a\":\"\\\\\",\"b\":\"'\"}\n"
		"{\"a\":\"a long string of more than eight bytes with \\\\\\\" escapes \\n\"}\n";
	int status;

	TAP_STR(run_text(M_NONE, "tricky", in, &status), in,
		"tricky but valid lines pass untouched");
	TAP_INT(status, 0, "tricky lines: status 0");
	TAP_STR(reports.buf, "", "tricky lines: nothing reported");
}

static void test_policies(void)
{
	static const char in[] = "{\"n\":1}\n[]\n{\"n\":2}\nnope\n{\"n\":3}\n";
	char *f[1], *p = WRITE("policy", in);
	struct tk_buf want = TK_BUF_INIT;
	int status;

	f[0] = p;
	setup(M_NONE);
	s.on_error = TK_ON_ERROR_SKIP;
	status = run(f, 1);
	TAP_STR(output.buf, "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n", "skip: bad lines write nothing");
	TAP_INT(status, 1, "skip: status 1");
	tk_buf_addf(&want,
		    "%s:2: expected an object, got array\n%s:4: invalid JSON at byte 1: expected "
		    "an object\n",
		    p, p);
	TAP_STR(reports.buf, want.buf, "skip: bad lines are still reported");
	TAP_INT(s.bad, 2, "skip: two bad lines counted");

	setup(M_NONE);
	s.on_error = TK_ON_ERROR_FAIL;
	status = run(f, 1);
	TAP_STR(output.buf, "{\"n\":1}\n", "fail: stops at the first bad line");
	TAP_INT(status, 1, "fail: status 1");
	TAP_INT(nreports, 1, "fail: one report");
	TAP_INT(c.calls, 1, "fail: no record after the bad line is processed");

	setup(M_NONE);
	status = run(f, 1);
	TAP_INT(status, 1, "pass: status 1");
	TAP_INT(s.bad, 2, "pass: two bad lines counted");
	TAP_INT(s.lines, 5, "pass: five lines read");
	TAP_INT(c.ends, 1, "pass: the end hook ran once");
	tk_buf_release(&want);
}

static void test_statuses(void)
{
	char *f[3], missing[200], want[600];
	int status;

	snprintf(missing, sizeof(missing), "%s/missing.jsonl", tap_tmpdir());
	f[0] = WRITE("st1", "{\"a\":1}\n");
	f[1] = missing;
	f[2] = WRITE("st2", "{\"b\":2}\n");
	setup(M_NONE);
	status = run(f, 3);
	TAP_INT(status, 2, "an unreadable operand: status 2");
	TAP_STR(output.buf, "{\"a\":1}\n{\"b\":2}\n", "the other operands are still processed");
	snprintf(want, sizeof(want), "cannot open '%s': No such file or directory\n", missing);
	TAP_STR(reports.buf, want, "the unreadable operand is reported");
	TAP_INT(s.read_failed, 1, "read_failed is set");

	f[1] = WRITE("st3", "[1]\n");
	setup(M_NONE);
	TAP_INT(run(f, 3), 1, "a bad line in one of several files: status 1");
	snprintf(want, sizeof(want),
		 "{\"error\":\"expected an object, got array\",\"file\":\"%s\",\"line\":1,"
		 "\"raw\":\"[1]\"}\n",
		 f[1]);
	TAP_OK(strstr(output.buf, want) != NULL, "its error object names that file and its line");

	setup(M_NONE);
	f[1] = missing;
	f[2] = WRITE("st4", "oops\n");
	TAP_INT(run(f, 3), 2, "an unreadable operand and a bad line: status 2");

	setup(M_FATAL);
	f[0] = WRITE("fatal", "{\"a\":1}\n{\"fatal\":1}\n{\"a\":3}\n");
	status = run(f, 1);
	TAP_INT(status, 2, "a record function's fatal error: status 2");
	TAP_STR(output.buf, "{\"a\":1}\n", "it stops at once");
	snprintf(want, sizeof(want), "%s:2: the model broke\n", f[0]);
	TAP_STR(reports.buf, want, "the fatal error is reported with FILE:LINE");
}

static void test_blank_and_errors(void)
{
	static const char in[] = "{\"a\":1}\n\n   \r\n\t\n"
				 "{\"error\": \"expected an object, got array\", "
				 "\"file\":\"x\",\"line\":3,\"raw\":\"[1]\"}\n"
				 "{\"b\":2}\n";
	int status;

	TAP_STR(run_text(M_PUT, "blank", in, &status),
		"{\"a\":1,\"k\":{\"n\":1}}\n\n\n\n"
		"{\"error\": \"expected an object, got array\", "
		"\"file\":\"x\",\"line\":3,\"raw\":\"[1]\"}\n"
		"{\"b\":2,\"k\":{\"n\":1}}\n",
		"blank lines stay blank; an earlier error object passes untouched");
	TAP_INT(status, 0, "neither is bad: status 0");
	TAP_INT(s.bad, 0, "neither is counted as bad");
	TAP_INT(c.calls, 2, "the record function sees neither");
}

static void test_warn_and_bad_rc(void)
{
	char want[600];
	int status;
	const char *o;

	o = run_text(M_WARN, "warn", "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n", &status);
	TAP_STR(o, "{\"a\":1,\"k\":true}\n{\"a\":2,\"k\":true}\n{\"a\":3,\"k\":true}\n",
		"a warning keeps the ticket");
	TAP_INT(status, 1, "a warning makes the status 1");
	snprintf(want, sizeof(want), "%s/warn:2: odd value 5\n", tap_tmpdir());
	TAP_STR(reports.buf, want, "the warning is reported with FILE:LINE");

	o = run_text(M_BAD, "badrc", "{\"a\":1}\n{\"bad\" : true}\n{\"a\":3}\n", &status);
	snprintf(want, sizeof(want),
		 "{\"a\":1,\"k\":0}\n{\"error\":\"no field 'x' in this "
		 "ticket\",\"file\":\"%s/badrc\",\"line\":2,"
		 "\"raw\":\"{\\\"bad\\\" : true}\"}\n{\"a\":3,\"k\":0}\n",
		 tap_tmpdir());
	TAP_STR(o, want, "TK_RC_BAD: an error object carrying the record function's message");
	TAP_INT(status, 1, "TK_RC_BAD: status 1");
	snprintf(want, sizeof(want), "%s/badrc:2: no field 'x' in this ticket\n", tap_tmpdir());
	TAP_STR(reports.buf, want, "TK_RC_BAD: reported with FILE:LINE");
}

static void upper_filter(void *ctx, const char *raw, size_t len, struct tk_buf *out)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < len; i++)
		tk_buf_addch(out, raw[i] >= 'a' && raw[i] <= 'z' ? raw[i] - 32 : raw[i]);
}

static void test_hooks(void)
{
	struct tk_buf summary = TK_BUF_INIT;
	char *f[2];
	const char *o;
	int status;

	f[0] = WRITE("filt", "secret stuff\n");
	setup(M_NONE);
	s.raw_filter = upper_filter;
	run(f, 1);
	TAP_OK(strstr(output.buf, "\"raw\":\"SECRET STUFF\"") != NULL,
	       "raw_filter rewrites a bad line's raw");

	tk_buf_adds(&summary, "{\"summary\":true}");
	f[0] = WRITE("noecho1", "{\"a\":1}\n{\"a\":2}\n");
	f[1] = WRITE("noecho2", "{\"a\":3}\n");
	setup(M_NONE);
	s.echo = 0;
	c.endline = &summary;
	status = run(f, 2);
	TAP_STR(output.buf, "{\"summary\":true}\n", "echo off: only what the end hook writes");
	TAP_INT(c.calls, 3, "echo off: every ticket of every file reaches the record function");
	TAP_INT(c.ends, 1, "the end hook runs once, after the last file");
	TAP_INT(status, 0, "echo off: status 0");

	o = run_text(M_NONE, "none", "", &status);
	TAP_STR(o, "", "empty input: no output");
	TAP_INT(c.ends, 1, "empty input: the end hook still runs once");
	TAP_INT(status, 0, "empty input: status 0");
	tk_buf_release(&summary);
}

static void test_long_line(void)
{
	struct tk_buf in = TK_BUF_INIT, want = TK_BUF_INIT;
	size_t i;
	int status;

	tk_buf_adds(&in, "{\"body\":\"");
	for (i = 0; i < 5 * 1024 * 1024; i++)
		tk_buf_addch(&in, (char)('a' + i % 26));
	tk_buf_adds(&in, "\"}\n{\"x\":1}\n");
	tk_buf_adds(&want, "");
	tk_buf_add(&want, in.buf, in.len - 10);
	tk_buf_adds(&want, ",\"k\":{\"n\":1}}\n{\"x\":1,\"k\":{\"n\":1}}\n");
	TAP_OK(strcmp(run_text(M_PUT, "long", in.buf, &status), want.buf) == 0,
	       "a 5 MB ticket and the one after it go through");
	TAP_INT(status, 0, "a 5 MB ticket: status 0");
	tk_buf_release(&in);
	tk_buf_release(&want);
}

static void test_write_error(void)
{
	FILE *full = fopen("/dev/full", "w");
	char *f[1];
	int status;

	if (!full)
		return; /* no /dev/full here: nothing to test */
	f[0] = WRITE("full", "{\"a\":1}\n");
	setup(M_NONE);
	s.out = full;
	status = tk_stream_run(&s, f, 1);
	tk_stream_release(&s);
	(void)fclose(full); /* /dev/full: the error is the point */
	TAP_INT(status, 2, "a write error: status 2");
	TAP_STR(reports.buf, "write error: No space left on device\n", "a write error is reported");
}

int main(void)
{
	int i;

	test_reader_lines();
	test_reader_errors();
	test_reader_long();
	test_reader_stdin();
	test_reader_nowait();
	test_echo();
	test_put();
	test_put_key_escaped();
	test_replace();
	test_obj_not_written();
	test_bad_lines();
	test_tricky_good();
	test_policies();
	test_statuses();
	test_blank_and_errors();
	test_warn_and_bad_rc();
	test_hooks();
	test_long_line();
	test_write_error();
	for (i = 0; i < nmade; i++) {
		unlink(made[i]);
		free(made[i]);
	}
	TAP_INT(tap_tmpdir_remove(), 0, "every temporary file was removed");
	tk_buf_release(&reports);
	tk_buf_release(&output);
	return tap_done();
}
