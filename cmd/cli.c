/* The command-line layer; see cli.h. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static struct cli *self;
static char outbuf[64 * 1024];

static void oom(size_t n)
{
	(void)n;
	fprintf(stderr, "%s: out of memory\n", self ? self->prog : "tk");
	exit(TK_EXIT_FAIL);
}

void cli_init(struct cli *c)
{
	self = c;
	(void)signal(SIGPIPE, SIG_DFL);
	(void)setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf)); /* failing, stdout is as it was */
	tk_set_oom_handler(oom);
}

static void vmsg(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static void vmsg(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", self->prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(TK_EXIT_FAIL);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	if (self->quiet)
		return;
	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void cli_report(void *unused, const struct tk_error *err)
{
	(void)unused;
	if (err->file && err->line)
		fprintf(stderr, "%s: %s:%lu: %s\n", self->prog, err->file, err->line, err->msg);
	else if (err->file)
		fprintf(stderr, "%s: %s: %s\n", self->prog, err->file, err->msg);
	else
		fprintf(stderr, "%s: %s\n", self->prog, err->msg);
}

void cli_die_error(const struct tk_error *err)
{
	cli_report(NULL, err);
	exit(TK_EXIT_FAIL);
}

long long cli_num(const char *name, const char *arg, long long min, long long max)
{
	struct tk_error err;
	long long v;

	if (tk_strtonum(arg, min, max, &v, &err) < 0)
		cli_die("--%s: %s", name, err.msg);
	return v;
}

double cli_real(const char *name, const char *arg, double min, double max)
{
	struct tk_error err;
	double v;

	if (tk_strtod(arg, min, max, &v, &err) < 0)
		cli_die("--%s: %s", name, err.msg);
	return v;
}

/* Order flags as OpenBSD does: by letter, a capital before its small letter. */
static int flag_order(int a, int b)
{
	int la = a | 0x20, lb = b | 0x20;

	return la != lb ? la - lb : a - b;
}

/* The usage line, sbase style: [-abc] [-f field] ... operands. */
static void usage_line(FILE *f, const struct cli *c)
{
	const struct cli_option *o;
	char flags[64];
	size_t n = 0, i, j;

	for (o = c->options; o->name; o++)
		if (o->id < CLI_LONG && !o->arg && n < sizeof(flags) - 1)
			flags[n++] = (char)o->id;
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && flag_order(flags[j - 1], flags[j]) > 0; j--) {
			char t = flags[j];

			flags[j] = flags[j - 1];
			flags[j - 1] = t;
		}
	flags[n] = '\0';
	fprintf(f, "usage: %s [-%s]", c->prog, flags);
	for (o = c->options; o->name; o++) {
		const char *a;

		if (o->id >= CLI_LONG || !o->arg)
			continue;
		fprintf(f, " [-%c ", o->id);
		for (a = o->arg; *a; a++)
			fputc(*a >= 'A' && *a <= 'Z' ? *a - 'A' + 'a' : *a, f);
		fputc(']', f);
	}
	fprintf(f, " %s\n", c->operands);
}

static void help(const struct cli *c)
{
	const struct cli_option *o;

	usage_line(stdout, c);
	printf("\n%s\n\nOptions:\n", c->summary);
	for (o = c->options; o->name; o++) {
		char left[64];

		if (o->id < CLI_LONG)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->id, o->name, o->arg ? "=" : "",
				 o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->arg ? "=" : "",
				 o->arg ? o->arg : "");
		if (strlen(left) > 28)
			printf("  %s\n  %-28s  %s\n", left, "", o->help);
		else
			printf("  %-28s  %s\n", left, o->help);
	}
	printf("\nSee %s(1) for more.\n", c->prog);
}

static void usage_hint(const struct cli *c)
{
	usage_line(stderr, c);
	fprintf(stderr, "Try '%s --help' for more.\n", c->prog);
	exit(TK_EXIT_FAIL);
}

int cli_next(struct cli *c, int argc, char **argv, char **arg)
{
	static struct option longopts[64];
	static char shortopts[160];
	const struct cli_option *o;
	int id;

	if (!longopts[0].name) {
		size_t n = 0, s = 0;

		shortopts[s++] = ':'; /* report a missing argument as ':' */
		for (o = c->options; o->name && n < 63; o++, n++) {
			longopts[n].name = o->name;
			longopts[n].has_arg = o->arg ? required_argument : no_argument;
			longopts[n].flag = NULL;
			longopts[n].val = o->id;
			if (o->id < CLI_LONG && s + 3 < sizeof(shortopts)) {
				shortopts[s++] = (char)o->id;
				if (o->arg)
					shortopts[s++] = ':';
			}
		}
	}
	opterr = 0;
	id = getopt_long(argc, argv, shortopts, longopts, NULL);
	*arg = optarg;
	switch (id) {
	case 'h':
		help(c);
		exit(cli_exit(TK_EXIT_OK));
	case 'V':
		printf("%s ticketkit %s\n", c->prog, TK_VERSION);
		exit(cli_exit(TK_EXIT_OK));
	case ':':
		if (strncmp(argv[optind - 1], "--", 2) == 0)
			fprintf(stderr, "%s: option '%s' needs an argument\n", c->prog, argv[optind - 1]);
		else
			fprintf(stderr, "%s: option -%c needs an argument\n", c->prog, optopt);
		usage_hint(c);
		break;
	case '?':
		if (optopt)
			fprintf(stderr, "%s: unknown option -%c\n", c->prog, optopt);
		else
			fprintf(stderr, "%s: unknown option '%s'\n", c->prog, argv[optind - 1]);
		usage_hint(c);
		break;
	}
	return id;
}

int cli_stream_option(struct cli *c, int id, const char *arg, struct tk_stream *s)
{
	switch (id) {
	case 'u':
		s->line_buffered = 1;
		return 1;
	case 'q':
		c->quiet = 1;
		return 1;
	case CLI_ON_ERROR:
		if (strcmp(arg, "pass") == 0)
			s->on_error = TK_ON_ERROR_PASS;
		else if (strcmp(arg, "skip") == 0)
			s->on_error = TK_ON_ERROR_SKIP;
		else if (strcmp(arg, "fail") == 0)
			s->on_error = TK_ON_ERROR_FAIL;
		else
			cli_die("--on-error: unknown policy '%s' (use pass, skip or fail)", arg);
		return 1;
	}
	return 0;
}

int cli_exit(int status)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "%s: write error: %s\n", self->prog, strerror(errno ? errno : EIO));
		return TK_EXIT_FAIL;
	}
	return status;
}

unsigned cli_placeholders(char *list)
{
	static const struct {
		const char *name;
		unsigned flags;
	} names[] = {
		{ "number", TK_TOK_PH_NUMBER }, { "url", TK_TOK_PH_URL }, { "email", TK_TOK_PH_EMAIL },
		{ "path", TK_TOK_PH_PATH },
		{ "all", TK_TOK_PH_NUMBER | TK_TOK_PH_URL | TK_TOK_PH_EMAIL | TK_TOK_PH_PATH },
	};
	char *name, *save = NULL;
	unsigned flags = 0;
	size_t i;

	for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strcmp(name, names[i].name) == 0)
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			cli_die("--placeholders: unknown kind '%s' (use number, url, email, path or all)",
				name);
		flags |= names[i].flags;
	}
	return flags;
}
