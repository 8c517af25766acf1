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

/* Every message: our formats are plain text, but the values they quote
 * come from the user (or a file), so the whole line is escaped as any
 * untrusted string: no ESC, BEL or half a UTF-8 character reaches the
 * terminal.  A very long value is cut (the line says so). */
static void vmsg(const char *fmt, va_list ap)
{
	char msg[1024], esc[4 * sizeof(msg)];
	int n;

	fflush(stdout);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	sq_escape(esc, sizeof(esc), msg);
	fprintf(stderr, "%s: %s%s\n", progname, esc, n >= (int)sizeof(msg) ? "..." : "");
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
		/* sq_getopt named the option already */
		fflush(stderr);
		_exit(SQ_EXIT_USAGE);
	default:
		return false;
	}
}

/* a word of short options that holds c */
static bool short_word_has(const char *w, char c)
{
	return w && w[0] == '-' && w[1] != '-' && strchr(w + 1, c);
}

/* getopt's complaint about a short option, by the word it came from:
 * the bad character whole, though getopt took only its first byte */
static _Noreturn void short_option_error(int argc, char **argv, const char *optstring)
{
	const char *word = NULL, *at = NULL;
	char c = (char)optopt;

	/* the word is argv[optind] while getopt is inside it, argv[optind-1]
	 * when the bad character was its last */
	for (int i = optind; i >= optind - 1 && i >= 1 && !at; i--) {
		if (i < argc && short_word_has(argv[i], c))
			at = strchr((word = argv[i]) + 1, c);
	}
	if (c != ':' && strchr(optstring, c))
		sq_usage_error("option requires an argument -- '%c'", c);
	if (!at || strlen(word) == 1 + (size_t)sq_utf8_char_len(at))
		sq_usage_error("invalid option -- '%.*s'", at ? sq_utf8_char_len(at) : 1, at ? at : &c);
	sq_usage_error("invalid option -- '%.*s' in '%s'", sq_utf8_char_len(at), at, word);
}

/* getopt's complaint about the long option word it has just stepped past */
static _Noreturn void long_option_error(const char *word, const struct option *longopts)
{
	const char *name = word + 2;
	size_t len = strcspn(name, "=");
	const struct option *found = NULL;
	int matches = 0;

	for (const struct option *lo = longopts; lo && lo->name; lo++) {
		if (strncmp(lo->name, name, len) != 0)
			continue;
		if (lo->name[len] == '\0') {
			found = lo;
			matches = 1;
			break;
		}
		found = lo;
		matches++;
	}
	if (matches > 1)
		sq_usage_error("option '%.*s' is ambiguous", (int)(len + 2), word);
	if (!found)
		sq_usage_error("unrecognized option '%s'", word);
	if (name[len] == '=')
		sq_usage_error("option '--%s' doesn't allow an argument", found->name);
	sq_usage_error("option '--%s' requires an argument", found->name);
}

int sq_getopt(int argc, char **argv, const char *optstring, const struct option *longopts)
{
	const char *last;
	int c;

	/* getopt's own lines would quote the raw bytes of a bad option */
	opterr = 0;
	c = getopt_long(argc, argv, optstring, longopts, NULL);
	if (c != '?')
		return c;
	/* a bad long option: getopt has stepped past its word; a short one
	 * that was not the last of its word leaves getopt inside that word */
	last = optind >= 2 ? argv[optind - 1] : NULL;
	if (last && !strncmp(last, "--", 2) && last[2] &&
	    !(optopt && !strchr(optstring, optopt) && optind < argc && short_word_has(argv[optind], (char)optopt)))
		long_option_error(last, longopts);
	short_option_error(argc, argv, optstring);
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

/* a limit as the user would type it: 0.000001, not 1e-06 */
static const char *decimal_text(double v)
{
	static char buf[64];
	char *e;

	snprintf(buf, sizeof(buf), "%.9f", v);
	e = buf + strlen(buf);
	while (e[-1] == '0')
		*--e = '\0';
	if (e[-1] == '.')
		e[-1] = '\0';
	return buf;
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
		sq_usage_error("invalid %s '%s': must be at most %s", what, arg, decimal_text(max));
	if (v < min && min > 0.0)
		sq_usage_error("invalid %s '%s': must be at least %s", what, arg, decimal_text(min));
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
