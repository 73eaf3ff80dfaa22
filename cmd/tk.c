/*
 * tk: the front end, as git is to its commands.  "tk classify ARGS" runs
 * tk-classify ARGS (found beside tk first, then on PATH), "tk help [tool]"
 * opens a man page, and "tk" alone lists the tools beside it, each with the
 * summary its own --help prints, so that a new tool shows up by itself.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

static const struct cli_option options[] = {
	{ 'h', "help", NULL, "print this help and exit" },
	{ 'V', "version", NULL, "print the version and exit" },
	{ 0, NULL, NULL, NULL }
};

static struct cli cli = { "tk", "tool [arg ...]",
			  "Run a ticketkit tool: tk TOOL ARGS is tk-TOOL ARGS.", options, 0 };

static void usage_hint(void) __attribute__((noreturn));

static void usage_hint(void)
{
	fprintf(stderr, "usage: tk [-hV] tool [arg ...]\n       tk help [tool]\n"
			"Try 'tk --help' for more.\n");
	exit(TK_EXIT_FAIL);
}

/* The directory tk was run from (malloc'd), or NULL when it cannot be known. */
static char *self_dir(const char *argv0)
{
	char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n > 0) {
		buf[n] = '\0';
	} else if (argv0 && strchr(argv0, '/') && strlen(argv0) < sizeof(buf)) {
		snprintf(buf, sizeof(buf), "%s", argv0);
	} else {
		return NULL;
	}
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return tk_strdup(slash == buf ? "/" : buf);
}

/* "tk-NAME" as a new string. */
static char *program_name(const char *name)
{
	size_t n = strlen(name) + 4;
	char *p = tk_malloc(n);

	snprintf(p, n, "tk-%s", name);
	return p;
}

/* dir/name as a new string. */
static char *join(const char *dir, size_t dirlen, const char *name)
{
	size_t n = strlen(name);
	char *p = tk_malloc(dirlen + n + 2);

	memcpy(p, dir, dirlen);
	p[dirlen] = '/';
	memcpy(p + dirlen + 1, name, n + 1);
	return p;
}

static int is_program(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/*
 * The program of tool name ("classify" or "tk-classify"): tk-NAME beside tk,
 * else on PATH.  Returns a malloc'd path, or NULL when there is none.
 */
static char *find_tool(const char *dir, const char *name)
{
	const char *path = getenv("PATH"), *p, *end;
	char *prog, *full;

	if (strncmp(name, "tk-", 3) == 0)
		name += 3;
	/* A name is a word, never a path or an option. */
	if (!*name || *name == '-' ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(name))
		return NULL;
	prog = program_name(name);
	if (dir) {
		full = join(dir, strlen(dir), prog);
		if (is_program(full))
			goto found;
		free(full);
	}
	for (p = path ? path : ""; *p; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		/* An empty PATH entry is the current directory. */
		full = end == p ? join(".", 1, prog) : join(p, (size_t)(end - p), prog);
		if (is_program(full))
			goto found;
		free(full);
	}
	free(prog);
	return NULL;
found:
	free(prog);
	return full;
}

static void unknown_tool(const char *name) __attribute__((noreturn));

static void unknown_tool(const char *name)
{
	cli_die("'%s' is not a ticketkit tool; see 'tk --help'", name);
}

/* The third line of "path --help" (the tool's summary) into line; 0, or -1 when none. */
static int summary(const char *path, char *line, size_t size)
{
	int fd[2], status, nr = 0;
	pid_t pid;
	FILE *f;

	if (pipe(fd) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(fd[1], STDOUT_FILENO);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDERR_FILENO);
		}
		close(fd[0]);
		close(fd[1]);
		execl(path, path, "--help", (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	line[0] = '\0';
	f = fdopen(fd[0], "r");
	if (f) {
		/* Read to the end, so that the tool never meets a closed pipe. */
		while (fgets(line, (int)size, f) && ++nr < 3)
			;
		while (getc(f) != EOF)
			;
		(void)fclose(f); /* read only */
	} else {
		close(fd[0]);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (nr < 3)
		return -1;
	line[strcspn(line, "\n")] = '\0';
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* --help: the usage, then each tool beside tk with its summary, then the options. */
static void help(const char *dir)
{
	char **names = NULL, line[512];
	size_t n = 0, cap = 0, i, width = 0;
	const struct cli_option *o;
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char *path;

		if (strncmp(e->d_name, "tk-", 3) != 0 || !e->d_name[3])
			continue;
		path = join(dir, strlen(dir), e->d_name);
		if (is_program(path)) {
			if (n == cap)
				names = tk_realloc(names, (cap = cap ? 2 * cap : 16) * sizeof(*names));
			names[n++] = path;
			if (strlen(e->d_name) - 3 > width)
				width = strlen(e->d_name) - 3;
		} else {
			free(path);
		}
	}
	if (d)
		closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	printf("usage: tk [-hV] tool [arg ...]\n       tk help [tool]\n\n%s\n\nTools:\n", cli.summary);
	(void)fflush(stdout); /* before the children run, so that none repeats it; cli_exit() reports errors */
	for (i = 0; i < n; i++) {
		const char *name = strrchr(names[i], '/') + 4;

		if (summary(names[i], line, sizeof(line)) < 0)
			line[0] = '\0';
		printf("  %-*s  %s\n", (int)width, name, line);
		free(names[i]);
	}
	free(names);
	printf("\nOptions:\n");
	for (o = options; o->name; o++)
		printf("  -%c, --%-22s  %s\n", o->id, o->name, o->help);
	printf("\n'tk help TOOL' shows a tool's manual page; see tk(1) for more.\n");
}

/* tk help [tool]: exec man. */
static int manual(const char *dir, int argc, char **argv)
{
	const char *name;
	char *page = NULL, *path;
	int e;

	if (argc > 3) {
		fprintf(stderr, "tk: help takes one tool at most\n");
		usage_hint();
	}
	if (argc < 3) {
		execlp("man", "man", "7", "tk", (char *)NULL);
	} else {
		name = argv[2];
		path = find_tool(dir, name);
		if (!path)
			unknown_tool(name);
		free(path);
		if (strncmp(name, "tk-", 3) == 0)
			name += 3;
		page = program_name(name);
		execlp("man", "man", "1", page, (char *)NULL);
	}
	e = errno;
	free(page); /* exec failed: what follows is an exit, and leak checkers look */
	if (e == ENOENT)
		cli_die("cannot show the manual: 'man' is not installed");
	cli_die("cannot run 'man': %s", strerror(e));
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = { { "help", no_argument, NULL, 'h' },
						  { "version", no_argument, NULL, 'V' },
						  { NULL, 0, NULL, 0 } };
	/* static: the paths that end in cli_die() leave it allocated, and a
	   leak checker counts what is static as still in use */
	static char *dir;
	char *path;
	int id;

	cli_init(&cli);
	dir = self_dir(argv[0]);
	opterr = 0;
	/* "+": the options end at the tool's name; the rest are the tool's. */
	while ((id = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (id) {
		case 'h':
			help(dir);
			free(dir);
			return cli_exit(TK_EXIT_OK);
		case 'V':
			printf("tk ticketkit %s\n", TK_VERSION);
			free(dir);
			return cli_exit(TK_EXIT_OK);
		default:
			if (optopt)
				fprintf(stderr, "tk: unknown option -%c\n", optopt);
			else
				fprintf(stderr, "tk: unknown option '%s'\n", argv[optind - 1]);
			usage_hint();
		}
	}
	argc -= optind - 1;
	argv += optind - 1;
	if (argc < 2) {
		help(dir);
		free(dir);
		return cli_exit(TK_EXIT_OK);
	}
	if (strcmp(argv[1], "help") == 0)
		return manual(dir, argc, argv);
	path = find_tool(dir, argv[1]);
	if (!path)
		unknown_tool(argv[1]);
	argv[1] = path;
	execv(path, argv + 1);
	cli_die("cannot run '%s': %s", path, strerror(errno));
}
