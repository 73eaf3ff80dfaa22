/*
 * The command-line layer every tool shares: one option table per tool
 * drives getopt_long, --help and the usage line (and, through --help, the
 * shell completions and the man page checks in tests/), and one set of
 * functions prints messages in the format of CONTRACT.md section 7.
 *
 * Only cmd/ prints and exits; the library reports through struct tk_error.
 */
#ifndef TK_CLI_H
#define TK_CLI_H

#include <stdio.h>

#include "tk.h"

/* Ids of long-only options start here; short options use their character. */
#define CLI_LONG 256

enum cli_common {
	CLI_ON_ERROR = CLI_LONG,
	CLI_TOOL_OPTIONS /* the first id a tool may use for its own long-only options */
};

/* One option: its id, long name, argument name (NULL: none) and help. */
struct cli_option {
	int id;
	const char *name;
	const char *arg;
	const char *help;
};

/* The options every stream tool has, at the end of its table. */
#define CLI_STREAM_OPTIONS                                                                      \
	{ 'u', "line-buffered", NULL, "flush the output after every line" }, CLI_INPUT_OPTIONS

/* The same for tools that read a stream but do not write one (tk-train, tk-eval). */
#define CLI_INPUT_OPTIONS                                                                       \
	{ CLI_ON_ERROR, "on-error", "pass|skip|fail",                                             \
	  "on a bad line, pass an error object on, skip it, or stop (default: pass)" },          \
	{ 'q', "quiet", NULL, "do not print warnings" },                                          \
	{ 'h', "help", NULL, "print this help and exit" },                                        \
	{ 'V', "version", NULL, "print the version and exit" },                                   \
	{ 0, NULL, NULL, NULL }

/* What a tool tells the command-line layer about itself. */
struct cli {
	const char *prog;     /* "tk-tokenize" */
	const char *operands; /* "[file ...]" */
	const char *summary;  /* one line: what the tool does */
	const struct cli_option *options;
	int quiet;            /* set by -q */
};

/*
 * Set up: remember the tool, restore the default SIGPIPE action (a closed
 * pipe ends the tool quietly), give stdout a large buffer, and route
 * out-of-memory to a message.
 */
void cli_init(struct cli *c);

/*
 * Return the next option's id, with its argument in *arg, or -1 after the
 * last one (optind is then the first operand).  --help and --version are
 * answered here and exit; an unknown option or a missing argument prints a
 * usage hint and exits with status 2.
 */
int cli_next(struct cli *c, int argc, char **argv, char **arg);

/*
 * Handle an option every stream tool has (-u, -q, --on-error) for s.
 * Return 1 when id was one of them, else 0.
 */
int cli_stream_option(struct cli *c, int id, const char *arg, struct tk_stream *s);

/* Print "prog: message" to stderr and exit with status 2. */
void cli_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Print "prog: message" to stderr unless -q was given. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print an error as "prog: FILE:LINE: message" (for tk_stream's report hook). */
void cli_report(void *unused, const struct tk_error *err);

/* Print err and exit with status 2. */
void cli_die_error(const struct tk_error *err) __attribute__((noreturn));

/* Parse the number arg of option name in [min, max], or die saying why. */
long long cli_num(const char *name, const char *arg, long long min, long long max);

/* Parse the decimal number arg of option name in [min, max], or die saying why. */
double cli_real(const char *name, const char *arg, double min, double max);

/* Parse --placeholders' comma-separated LIST (changed) into tk_tok_flag bits, or die. */
unsigned cli_placeholders(char *list);

/*
 * Flush stdout and return status, or 2 with a message when the output
 * could not be written: every tool ends with return cli_exit(status).
 */
int cli_exit(int status);

#endif
