/* The command-line conventions shared by every tool (sysq(7)). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "out/out.h"

#ifndef SYSQ_VERSION
#define SYSQ_VERSION PACKAGE_VERSION
#endif

/* The program name for messages: the one process-wide value, like err(3)'s. */
static const char *progname = "sysq";

const char *sq_progname(void)
{
	return progname;
}

static void vmsg(const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void sq_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void sq_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(status);
}

void sq_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	/* nothing of a half-made output may follow on stdout */
	fflush(stderr);
	_exit(SQ_EXIT_USAGE);
}

/* stdout is checked when the tool ends: a failed write is an error. */
static void write_failed(int err)
{
	if (err == EPIPE)
		_exit(SQ_EXIT_OK); /* the reader went away: end quietly */
	fprintf(stderr, "%s: write error%s%s\n", progname, err ? ": " : "", err ? strerror(err) : "");
	_exit(SQ_EXIT_FAIL);
}

void sq_out_check(void)
{
	/* right after a write, while errno still tells why it failed */
	if (ferror(stdout))
		write_failed(errno);
}

void sq_flush(void)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		write_failed(errno);
}

static void close_stdout(void)
{
	int err;

	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		write_failed(errno);
	}
	err = fclose(stdout) != 0 ? errno : 0;
	if (err && err != EBADF)
		write_failed(err);
	/* stderr stays open: sanitizers and atexit handlers may still write */
	if (fflush(stderr) != 0 && errno != EBADF)
		_exit(SQ_EXIT_FAIL);
}

/* The name the tool was run as: installed under --program-prefix=sq it is
 * sqps, through a link the link's name; the classic name only when argv[0]
 * says nothing. */
static const char *run_name(const char *classic, char **argv)
{
	const char *name, *slash;

	if (!argv || !argv[0] || !argv[0][0])
		return classic;
	slash = strrchr(argv[0], '/');
	name = slash ? slash + 1 : argv[0];
	return *name ? name : classic;
}

void sq_cli_init(struct sq_cli *cli, const char *prog, const char *usage, char **argv)
{
	const char *name = run_name(prog, argv);

	if (argv && argv[0])
		argv[0] = (char *)name;
	memset(cli, 0, sizeof(*cli));
	cli->prog = name;
	cli->usage = usage;
	progname = name;
	/* a closed pipe ends the tool the classic way, even when the parent
	 * left SIGPIPE ignored (write_failed covers the EPIPE case too) */
	signal(SIGPIPE, SIG_DFL);
	atexit(close_stdout);
}

bool sq_cli_common(struct sq_cli *cli, int opt)
{
	switch (opt) {
	case SQ_OPT_JSON:
		cli->json = true;
		return true;
	case SQ_OPT_PRETTY:
		cli->json = cli->pretty = true;
		return true;
	case SQ_OPT_HELP: {
		/* the text starts with the classic name: say the one run */
		const char *rest = strchr(cli->usage, ' ');

		printf("Usage: %s%s", cli->prog, rest ? rest : "\n");
		exit(SQ_EXIT_OK);
	}
	case SQ_OPT_VERSION:
		printf("%s (sysq) %s\n", cli->prog, SYSQ_VERSION);
		exit(SQ_EXIT_OK);
	case '?':
		/* getopt printed its own line ("invalid option -- 'x'") */
		fflush(stderr);
		_exit(SQ_EXIT_USAGE);
	default:
		return false;
	}
}

void sq_cli_no_operands(const struct sq_cli *cli, int argc, char **argv, int ind)
{
	(void)cli;
	if (ind < argc)
		sq_usage_error("unexpected argument '%s'", argv[ind]);
}

sysq_ctx *sq_cli_context(const struct sq_cli *cli)
{
	struct sysq_roots roots = {
		.procfs = getenv("SYSQ_PROCFS"),
		.sysfs = getenv("SYSQ_SYSFS"),
		.rootfs = getenv("SYSQ_ROOTFS"),
	};
	sysq_ctx *ctx;
	int rc = sysq_open(&ctx, &roots);

	(void)cli;
	if (rc < 0)
		sq_die(SQ_EXIT_FAIL, "cannot open the system roots: %s", sysq_strerror(rc));
	return ctx;
}

long long sq_arg_int(const char *what, const char *arg, long long min, long long max)
{
	const char *errstr = NULL;
	long long v;

	/* strtonum allows leading blanks and '+'; the user typed neither */
	if (!((*arg >= '0' && *arg <= '9') || (*arg == '-' && arg[1] >= '0' && arg[1] <= '9')))
		sq_usage_error("invalid %s '%s': not a number", what, arg);
	v = strtonum(arg, min, max, &errstr);
	if (errstr) {
		if (strcmp(errstr, "too small") == 0)
			sq_usage_error("invalid %s '%s': must be at least %lld", what, arg, min);
		if (strcmp(errstr, "too large") == 0)
			sq_usage_error("invalid %s '%s': must be at most %lld", what, arg, max);
		sq_usage_error("invalid %s '%s': not a number", what, arg);
	}
	return v;
}

double sq_arg_seconds(const char *what, const char *arg, double min, double max)
{
	const char *p = arg;
	size_t digits = 0;
	double v;

	if (*p == '-' && p[1] >= '0' && p[1] <= '9')
		sq_usage_error("invalid %s '%s': must not be negative", what, arg);
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (*p == '.' || *p == ',') {
		/* procps takes the locale's decimal point; accept both */
		p++;
		for (; *p >= '0' && *p <= '9'; p++)
			digits++;
	}
	if (*p || digits == 0)
		sq_usage_error("invalid %s '%s': not a number", what, arg);
	{
		char tmp[64];
		size_t len = strlen(arg);

		if (len >= sizeof(tmp))
			sq_usage_error("invalid %s '%s': too large", what, arg);
		memcpy(tmp, arg, len + 1);
		for (char *c = tmp; *c; c++)
			if (*c == ',')
				*c = '.';
		v = strtod(tmp, NULL);
	}
	if (!isfinite(v) || v > max)
		sq_usage_error("invalid %s '%s': must be at most %g", what, arg, max);
	if (v < min || v <= 0.0)
		sq_usage_error("invalid %s '%s': must be greater than 0", what, arg);
	return v;
}

void sq_sleep(double seconds)
{
	struct timespec ts;

	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	if (ts.tv_nsec >= 1000000000L)
		ts.tv_nsec = 999999999L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

double sq_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
