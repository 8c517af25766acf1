/* uptime: how long the system has been running, as procps-ng uptime 4.0.2. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "out/out.h"

static const char usage[] =
	"uptime [options]\n"
	"Show the time, how long the system has been up, the number of logged-in\n"
	"users and the load averages.\n"
	"\n"
	"  -p, --pretty   uptime in words (\"up 2 days, 3 hours, 5 minutes\");\n"
	"                 with --json, indent the document instead\n"
	"  -s, --since    the time the system came up (YYYY-MM-DD HH:MM:SS)\n"
	"      --json     one JSON document\n"
	"  -h, --help     show this help and exit\n"
	"  -V, --version  show the version and exit\n"
	"\n"
	"See uptime(1) and sysq(7).\n";

static const struct option longopts[] = {
	{ "pretty", no_argument, NULL, 'p' },
	{ "since", no_argument, NULL, 's' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "json", no_argument, NULL, SQ_OPT_JSON },
	{ NULL, 0, NULL, 0 }
};

struct sample {
	double now;        /* epoch seconds */
	double up, idle;   /* /proc/uptime */
	bool have_boot;
	uint64_t boot_time; /* /proc/stat btime */
	size_t users;
	bool have_load;
	double load[3];
};

/* What a form prints decides what is read: -p and -s need only the time
 * up; the classic line adds users and load; JSON has everything. */
enum { NEED_BOOT = 1, NEED_LOAD = 2, NEED_USERS = 4 };

static void collect(sysq_ctx *ctx, struct sample *s, unsigned need)
{
	struct sysq_users users;
	int rc;

	memset(s, 0, sizeof(*s));
	s->now = sq_now();
	if ((rc = sysq_uptime(ctx, &s->up, &s->idle)) < 0)
		sq_die(SQ_EXIT_FAIL, "%s/uptime: %s", sysq_root_path(ctx, SYSQ_ROOT_PROC), sysq_strerror(rc));
	if (need & NEED_BOOT)
		s->have_boot = sysq_boot_time(ctx, &s->boot_time) == 0;
	if (need & NEED_LOAD)
		s->have_load = sysq_getloadavg(ctx, s->load) == 0;
	if ((need & NEED_USERS) && sysq_users(ctx, NULL, true, &users) == 0) {
		s->users = users.n;
		sysq_users_free(&users);
	}
}

/* " 10:42:01 up 3 days,  4:05,  2 users,  load average: 0.10, 0.20, 0.30" */
static void print_classic(const struct sample *s)
{
	time_t now = (time_t)s->now;
	struct tm tm;
	long secs = (long)s->up;
	long days = secs / 86400, hours = secs / 3600 % 24, mins = secs / 60 % 60;

	localtime_r(&now, &tm);
	printf(" %02d:%02d:%02d up ", tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (days)
		printf("%ld %s, ", days, days > 1 ? "days" : "day");
	if (hours)
		printf("%2ld:%02ld, ", hours, mins);
	else
		printf("%ld min, ", mins);
	printf("%2zu %s,  load average: ", s->users, s->users > 1 ? "users" : "user");
	if (s->have_load)
		printf("%.2f, %.2f, %.2f\n", s->load[0], s->load[1], s->load[2]);
	else
		printf("-, -, -\n");
}

/* "up 1 week, 2 days, 3 hours, 4 minutes": each unit is taken while what is
 * left is strictly greater than it, as procps does (so exactly one hour
 * reads "up 60 minutes"). */
static void print_pretty(const struct sample *s)
{
	static const struct { long secs; const char *one, *many; } unit[] = {
		{ 315360000L, "decade", "decades" },
		{ 31536000L, "year", "years" },
		{ 604800L, "week", "weeks" },
		{ 86400L, "day", "days" },
		{ 3600L, "hour", "hours" },
	};
	double left = s->up;
	int printed = 0;
	long mins = 0;

	fputs("up ", stdout);
	for (size_t i = 0; i < sizeof(unit) / sizeof(unit[0]); i++) {
		long n = 0;

		if (left > (double)unit[i].secs) {
			n = (long)left / unit[i].secs;
			left -= (double)(n * unit[i].secs);
		}
		if (n)
			printf("%s%ld %s", printed++ ? ", " : "", n, n > 1 ? unit[i].many : unit[i].one);
	}
	if (left > 60) {
		mins = (long)left / 60;
		left -= (double)(mins * 60);
	}
	if (mins || left < 60)
		printf("%s%ld %s", printed ? ", " : "", mins, mins != 1 ? "minutes" : "minute");
	putchar('\n');
}

/* The boot moment as procps -s computes it: now - uptime, rounded. */
static void print_since(const struct sample *s)
{
	time_t since = (time_t)(s->now - s->up + 0.5);
	struct tm tm;

	localtime_r(&since, &tm);
	printf("%04d-%02d-%02d %02d:%02d:%02d\n", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	       tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void print_json(const struct sq_cli *cli, const struct sample *s)
{
	json_object *doc = json_object_new_object(), *load = NULL;

	json_object_object_add(doc, "timestamp", sq_json_double(s->now));
	json_object_object_add(doc, "boot_time", s->have_boot ? sq_json_u64(s->boot_time) : NULL);
	json_object_object_add(doc, "uptime", sq_json_double_dec(s->up, sq_unit_decimals(SYSQ_U_SECONDS)));
	json_object_object_add(doc, "num_users", sq_json_u64(s->users));
	if (s->have_load) {
		load = json_object_new_array();
		for (int i = 0; i < 3; i++)
			json_object_array_add(load, sq_json_double_dec(s->load[i], 2) /* loadavg has two decimals */);
	}
	json_object_object_add(doc, "load_average", load);
	sq_json_emit(cli, doc);
	json_object_put(doc);
}

int main(int argc, char **argv)
{
	struct sq_cli cli;
	struct sample s;
	bool pretty = false, since = false;
	sysq_ctx *ctx;
	int c;

	sq_cli_init(&cli, "uptime", usage, argv);
	while ((c = sq_getopt(argc, argv, "phsV", longopts)) != -1) {
		switch (c) {
		case 'p': pretty = true; break;
		case 's': since = true; break;
		case 'h': c = SQ_OPT_HELP; goto common;
		case 'V': c = SQ_OPT_VERSION; goto common;
		default:
		common:
			if (!sq_cli_common(&cli, c))
				sq_usage_error("unhandled option");
		}
	}
	sq_cli_no_operands(&cli, argc, argv, optind);
	/* --pretty is procps's "uptime in words"; with --json it indents */
	if (cli.json && pretty)
		cli.pretty = true;

	ctx = sq_cli_context(&cli);
	collect(ctx, &s, cli.json ? NEED_BOOT | NEED_LOAD | NEED_USERS
			 : since || pretty ? 0 : NEED_LOAD | NEED_USERS);
	sysq_close(ctx);

	if (cli.json)
		print_json(&cli, &s);
	else if (since)
		print_since(&s);
	else if (pretty)
		print_pretty(&s);
	else
		print_classic(&s);
	return SQ_EXIT_OK;
}
