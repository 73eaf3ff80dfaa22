/*
 * measure: run a command with its stdin and stdout redirected, one or more
 * times, and print what each run cost on one machine-readable line:
 *
 *	wall=1.234 cpu=1.200 maxrss_kb=2345 status=0
 *
 * wall is elapsed seconds on CLOCK_MONOTONIC from just before the fork to
 * just after the wait; cpu is the child's user + system time and maxrss_kb
 * its peak resident set, both from the rusage wait4() returns for that
 * child alone (not getrusage(RUSAGE_CHILDREN), which accumulates over runs
 * and keeps the maximum of every child so far).  The command is exec'd
 * directly, never through a shell, so the figures are the command's own.
 * Linux carries the peak RSS of the forked copy of this program across
 * exec(); it is a few hundred KiB, well under any real command's.
 *
 * status is the exit code, or 128 + the signal number when a signal ended
 * the run (the shell's convention).  measure exits 0 when every run exited
 * 0, 1 when one did not, and 2 on a usage error or when the command cannot
 * be run at all.
 *
 * -i - keeps measure's own stdin for the command, so a pipe can feed it:
 * "producer | measure -i - -- cmd" measures cmd alone, not the producer
 * (with -n above 1, the later runs read what the first one left).
 *
 * Only benchmarks use it (tests/bench/run.sh builds it); it is not a tool.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* wait4 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct run {
	double wall, cpu;
	long maxrss_kb;
	int status;
};

static const char *prog = "measure";

static void usage(void)
{
	fprintf(stderr, "usage: %s [-i infile] [-o outfile] [-n repeat] -- command [arg ...]\n",
		prog);
	exit(2);
}

static void die(int errnum, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (errnum)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
	exit(2);
}

/* Parse s as a repeat count in [1, 1000]; anything else is a usage error. */
static int parse_repeat(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno == ERANGE || v < 1 || v > 1000)
		die(0, "-n: '%s' is not a number in 1..1000", s);
	return (int)v;
}

static double seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static double tv_seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

/*
 * Run argv once with stdin from in ("-": ours) and stdout to out, and fill
 * r.  The files are opened afresh for every run, here in the parent so that
 * failing to open one is our error, not the command's.  An exec failure
 * travels back through a close-on-exec pipe, which closes without a byte
 * when the exec succeeds.
 */
static void run_once(char **argv, const char *in, const char *out, struct run *r)
{
	struct timespec t0, t1;
	struct rusage ru;
	int pfd[2], ifd = STDIN_FILENO, ofd, st, errnum = 0;
	ssize_t n;
	pid_t pid;

	if (strcmp(in, "-") != 0 && (ifd = open(in, O_RDONLY | O_CLOEXEC)) < 0)
		die(errno, "cannot open '%s'", in);
	if ((ofd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0)
		die(errno, "cannot open '%s'", out);
	if (pipe(pfd) < 0 || fcntl(pfd[1], F_SETFD, FD_CLOEXEC) < 0)
		die(errno, "cannot create a pipe");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0)
		die(errno, "cannot fork to run '%s'", argv[0]);
	if (pid == 0) {
		/* dup2 clears close-on-exec on the copies. */
		if ((ifd == STDIN_FILENO || dup2(ifd, STDIN_FILENO) >= 0) &&
		    dup2(ofd, STDOUT_FILENO) >= 0)
			execvp(argv[0], argv);
		errnum = errno;
		n = write(pfd[1], &errnum, sizeof(errnum));
		_exit(n < 0 ? 126 : 127);
	}
	close(pfd[1]);
	if (ifd != STDIN_FILENO)
		close(ifd);
	close(ofd);
	do
		n = read(pfd[0], &errnum, sizeof(errnum));
	while (n < 0 && errno == EINTR);
	close(pfd[0]);
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR)
			die(errno, "cannot wait for '%s'", argv[0]);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (n != 0)
		die(n == (ssize_t)sizeof(errnum) ? errnum : 0, "cannot run '%s'", argv[0]);
	r->wall = seconds(&t0, &t1);
	r->cpu = tv_seconds(&ru.ru_utime) + tv_seconds(&ru.ru_stime);
	r->maxrss_kb = ru.ru_maxrss; /* Linux: kilobytes */
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
	const char *in = "/dev/null", *out = "/dev/null";
	int repeat = 1, failed = 0, c, i;
	struct run r;

	while ((c = getopt(argc, argv, "i:o:n:")) != -1) {
		switch (c) {
		case 'i': in = optarg; break;
		case 'o': out = optarg; break;
		case 'n': repeat = parse_repeat(optarg); break;
		default: usage();
		}
	}
	if (optind >= argc)
		usage();
	/* The command must see the default SIGPIPE action whatever ours was. */
	(void)signal(SIGPIPE, SIG_DFL);
	for (i = 0; i < repeat; i++) {
		run_once(argv + optind, in, out, &r);
		printf("wall=%.3f cpu=%.3f maxrss_kb=%ld status=%d\n", r.wall, r.cpu, r.maxrss_kb,
		       r.status);
		if (fflush(stdout) == EOF)
			die(errno, "cannot write the results");
		failed |= r.status != 0;
	}
	if (fclose(stdout) == EOF)
		die(errno, "cannot write the results");
	return failed;
}
