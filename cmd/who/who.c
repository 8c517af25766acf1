/* who: who is logged in, and the other utmp records, as coreutils 9.1 who
 * prints them. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "out/out.h"

static const char usage[] =
	"who [OPTION]... [ FILE | ARG1 ARG2 ]\n"
	"Print information about users who are currently logged in.\n"
	"\n"
	"  -a, --all         same as -b -d --login -p -r -t -T -u\n"
	"  -b, --boot        time of last system boot\n"
	"  -d, --dead        print dead processes\n"
	"  -H, --heading     print line of column headings\n"
	"  -l, --login       print system login processes\n"
	"      --lookup      accepted for compatibility; host names are shown as stored\n"
	"  -m                only hostname and user associated with stdin\n"
	"  -p, --process     print active processes spawned by init\n"
	"  -q, --count       all login names and number of users logged on\n"
	"  -r, --runlevel    print current runlevel\n"
	"  -s, --short       print only name, line, and time (default)\n"
	"  -t, --time        print last system clock change\n"
	"  -T, -w, --mesg    add user's message status as +, - or ?\n"
	"  -u, --users       list users logged in\n"
	"      --message     same as -T\n"
	"      --writable    same as -T\n"
	"      --json        one JSON document (see who(1) for its keys)\n"
	"      --pretty      indented JSON (implies --json)\n"
	"      --help        display this help and exit\n"
	"      --version     output version information and exit\n"
	"\n"
	"If FILE is not specified, use $SYSQ_ROOTFS/var/run/utmp (/var/run/utmp).\n"
	"/var/log/wtmp as FILE is common.  If ARG1 ARG2 given, -m presumed:\n"
	"'am i' or 'mom likes' are usual.\n"
	"\n"
	"See who(1) and sysq(7).\n";

enum { OPT_LOOKUP = SQ_OPT__TOOL };

static const struct option longopts[] = {
	{ "all", no_argument, NULL, 'a' },
	{ "boot", no_argument, NULL, 'b' },
	{ "count", no_argument, NULL, 'q' },
	{ "dead", no_argument, NULL, 'd' },
	{ "heading", no_argument, NULL, 'H' },
	{ "login", no_argument, NULL, 'l' },
	{ "lookup", no_argument, NULL, OPT_LOOKUP },
	{ "message", no_argument, NULL, 'T' },
	{ "mesg", no_argument, NULL, 'T' },
	{ "process", no_argument, NULL, 'p' },
	{ "runlevel", no_argument, NULL, 'r' },
	{ "short", no_argument, NULL, 's' },
	{ "time", no_argument, NULL, 't' },
	{ "users", no_argument, NULL, 'u' },
	{ "writable", no_argument, NULL, 'T' },
	SQ_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

struct opts {
	/* which records */
	bool users, boot, dead, login, initspawn, runlevel, clockchange;
	/* which columns */
	bool heading, mesg, idle, exitcol, short_output;
	bool count;     /* -q */
	bool my_line;   /* -m, or two operands */
	const char *file;
	/* "%Y-%m-%d %H:%M" rather than "%b %e %H:%M", as coreutils picks */
	bool iso_time;
	int time_width;
};

/* What who shows of one record (coreutils' order of precedence). */
enum show {
	SHOW_NONE, SHOW_USER, SHOW_RUNLEVEL, SHOW_BOOT, SHOW_CLOCK, SHOW_INIT, SHOW_LOGIN, SHOW_DEAD
};

/* The tty of a user record: mesg state and last access. */
struct tty {
	bool known;
	bool writable;
	time_t atime;
};

/* Escaped copies of untrusted utmp strings fit in 4 bytes per byte. */
#define ESC_NAME (4 * SYSQ_USER_NAME_MAX + 1)
#define ESC_TERM (4 * SYSQ_USER_TERM_MAX + 1)
#define ESC_HOST (4 * SYSQ_USER_HOST_MAX + 1)
#define ESC_ID (4 * 4 + 1)

static bool is_user_process(const struct sysq_user *u)
{
	return u->kind == SYSQ_UT_USER_PROCESS && u->name[0] != '\0';
}

/* ---- options ------------------------------------------------------- */

/* A locale other than C/POSIX gets the ISO date, as coreutils does. */
static void pick_time_format(struct opts *o)
{
	const char *lc = setlocale(LC_TIME, "");

	o->iso_time = lc && strcmp(lc, "C") != 0 && strcmp(lc, "POSIX") != 0;
	o->time_width = o->iso_time ? 16 : 12;
}

static void parse_args(struct sq_cli *cli, struct opts *o, int argc, char **argv)
{
	bool assumptions = true;
	int c;

	memset(o, 0, sizeof(*o));
	while ((c = sq_getopt(argc, argv, "abdHlmpqrstTuw", longopts)) != -1) {
		switch (c) {
		case 'a':
			o->boot = o->dead = o->login = o->initspawn = true;
			o->runlevel = o->clockchange = o->users = true;
			o->mesg = o->idle = o->exitcol = true;
			assumptions = false;
			break;
		case 'b': o->boot = true; assumptions = false; break;
		case 'd': o->dead = o->idle = o->exitcol = true; assumptions = false; break;
		case 'H': o->heading = true; break;
		case 'l': o->login = o->idle = true; assumptions = false; break;
		case 'm': o->my_line = true; break;
		case 'p': o->initspawn = true; assumptions = false; break;
		case 'q': o->count = true; break;
		case 'r': o->runlevel = o->idle = true; assumptions = false; break;
		case 's': o->short_output = true; break;
		case 't': o->clockchange = true; assumptions = false; break;
		case 'T': case 'w': o->mesg = true; break;
		case 'u': o->users = o->idle = true; assumptions = false; break;
		case OPT_LOOKUP: break; /* no DNS: hosts are shown as stored */
		default:
			if (!sq_cli_common(cli, c))
				sq_usage_error("unhandled option");
		}
	}
	if (assumptions)
		o->users = o->short_output = true;
	if (o->exitcol)
		o->short_output = false;

	switch (argc - optind) {
	case 0:
		break;
	case 1:
		o->file = argv[optind];
		break;
	case 2: /* who am i */
		o->my_line = true;
		break;
	default: {
		char *e = sq_escape_dup(argv[optind + 2]);

		sq_usage_error("extra operand '%s'", e ? e : "?");
	}
	}
	pick_time_format(o);
}

/* ---- records ------------------------------------------------------- */

static enum show classify(const struct opts *o, const struct sysq_user *u)
{
	if (o->users && is_user_process(u))
		return SHOW_USER;
	if (o->runlevel && u->kind == SYSQ_UT_RUN_LVL)
		return SHOW_RUNLEVEL;
	if (o->boot && u->kind == SYSQ_UT_BOOT_TIME)
		return SHOW_BOOT;
	if (o->clockchange && u->kind == SYSQ_UT_NEW_TIME)
		return SHOW_CLOCK;
	if (o->initspawn && u->kind == SYSQ_UT_INIT_PROCESS)
		return SHOW_INIT;
	if (o->login && u->kind == SYSQ_UT_LOGIN_PROCESS)
		return SHOW_LOGIN;
	if (o->dead && u->kind == SYSQ_UT_DEAD_PROCESS)
		return SHOW_DEAD;
	return SHOW_NONE;
}

/* root + "/" + rel without doubled slashes. */
static void join_path(char *buf, size_t n, const char *root, const char *rel)
{
	size_t rl = strlen(root);

	while (rl > 0 && root[rl - 1] == '/')
		rl--;
	while (*rel == '/')
		rel++;
	snprintf(buf, n, "%.*s/%s", (int)rl, root, rel);
}

/* The user's tty: /dev/LINE under the rootfs. */
static void tty_stat(sysq_ctx *ctx, const struct sysq_user *u, struct tty *t)
{
	struct sysq_tty st;

	memset(t, 0, sizeof(*t));
	if (sysq_tty_stat(ctx, u->terminal, &st) != 0)
		return;
	t->known = true;
	t->writable = st.writable;
	t->atime = (time_t)st.atime;
}

/* The line of the terminal on stdin, without /dev/; NULL if none. */
static const char *my_line(void)
{
	const char *name = ttyname(STDIN_FILENO);

	if (name && strncmp(name, "/dev/", 5) == 0)
		name += 5;
	return name;
}

/* Drop what who does not show at all: with the system's own utmp, user
 * records whose process is gone (as coreutils does; a crash leaves them
 * behind); with -m, records of other terminals. */
static void filter(const struct opts *o, sysq_ctx *ctx, const struct sysq_users *recs, bool *keep)
{
	const char *mine = o->my_line ? my_line() : NULL;
	bool live = !o->file && sysq_rootfs_is_host(ctx);

	for (size_t i = 0; i < recs->n; i++) {
		const struct sysq_user *u = &recs->v[i];

		keep[i] = true;
		if (live && is_user_process(u) && u->pid > 0 && u->pid <= INT_MAX &&
		    kill((pid_t)u->pid, 0) < 0 && errno == ESRCH)
			keep[i] = false;
	}
	/* -m narrows the detailed listing only; -q lists everyone, as
	 * coreutils does */
	if (o->my_line && !o->count)
		for (size_t i = 0; i < recs->n; i++)
			if (!mine || strncmp(mine, recs->v[i].terminal, SYSQ_USER_TERM_MAX) != 0)
				keep[i] = false;
}

/* ---- text ---------------------------------------------------------- */

static void time_string(const struct opts *o, double when, char *buf, size_t n)
{
	time_t t = (time_t)when;
	struct tm tm;

	if (localtime_r(&t, &tm) &&
	    (o->iso_time ? strftime(buf, n, "%Y-%m-%d %H:%M", &tm) : strftime(buf, n, "%b %e %H:%M", &tm)) > 0)
		return;
	snprintf(buf, n, "%jd", (intmax_t)t);
}

/* "  .  " under a minute, "HH:MM" under a day, " old " otherwise (and for
 * a tty last used before the boot or in the future). */
static const char *idle_string(time_t when, time_t boot, time_t now, char *buf, size_t n)
{
	if (boot < when && when <= now && now - when < 24 * 60 * 60) {
		long secs = (long)(now - when);

		if (secs < 60)
			return "  .  ";
		snprintf(buf, n, "%02ld:%02ld", secs / 3600, secs % 3600 / 60);
		return buf;
	}
	return " old ";
}

/* One line in coreutils' layout: NAME [MESG] LINE TIME [IDLE] [PID] COMMENT
 * [EXIT], trailing blanks removed. */
static void print_line(const struct opts *o, const char *user, char state, const char *line,
		       const char *time, const char *idle, const char *pid, const char *comment,
		       const char *exitstr)
{
	char buf[4 * SYSQ_USER_HOST_MAX + 1024], mesg[3] = { ' ', state, '\0' };
	char x_idle[16] = "", x_pid[32] = "", x_exit[64] = "";
	int len;

	if (o->idle && !o->short_output)
		snprintf(x_idle, sizeof(x_idle), " %-6s", idle);
	if (!o->short_output)
		snprintf(x_pid, sizeof(x_pid), " %10s", pid);
	if (o->exitcol)
		snprintf(x_exit, sizeof(x_exit), " %-12s", exitstr);
	len = snprintf(buf, sizeof(buf), "%-8s%s %-12s %-*s%s%s %-8s%s", user, o->mesg ? mesg : "",
		       line, o->time_width, time, x_idle, x_pid, comment, x_exit);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof(buf))
		len = (int)sizeof(buf) - 1;
	while (len > 0 && buf[len - 1] == ' ')
		len--;
	buf[len] = '\0';
	puts(buf);
}

static void print_record(const struct opts *o, sysq_ctx *ctx, const struct sysq_user *u,
			 enum show show, time_t boot, time_t now)
{
	char name[ESC_NAME], line[ESC_TERM], host[ESC_HOST], id[ESC_ID];
	char when[64], pid[24], comment[ESC_HOST + 8], exitstr[48], idlebuf[16];
	char runlevel[24] = "";

	sq_escape(name, sizeof(name), u->name);
	sq_escape(line, sizeof(line), u->terminal);
	sq_escape(id, sizeof(id), u->id);
	time_string(o, u->started, when, sizeof(when));
	snprintf(pid, sizeof(pid), "%" PRId64, u->pid);
	snprintf(comment, sizeof(comment), "id=%s", id);

	switch (show) {
	case SHOW_USER: {
		struct tty t;
		const char *idle = "  ?";

		tty_stat(ctx, u, &t);
		if (t.known && t.atime != 0)
			idle = idle_string(t.atime, boot, now, idlebuf, sizeof(idlebuf));
		comment[0] = '\0';
		if (u->host[0]) {
			sq_escape(host, sizeof(host), u->host);
			snprintf(comment, sizeof(comment), "(%s)", host);
		}
		print_line(o, name, t.known ? (t.writable ? '+' : '-') : '?', line, when, idle, pid,
			   comment, "");
		break;
	}
	case SHOW_RUNLEVEL: {
		/* the run level lives in ut_pid: previous * 256 + current */
		int32_t v = (int32_t)u->pid;
		unsigned char last = (unsigned char)(v / 256), curr = (unsigned char)(v % 256);
		char cur[2] = { (char)curr, '\0' }, ecur[8];

		sq_escape(ecur, sizeof(ecur), cur);
		snprintf(runlevel, sizeof(runlevel), "run-level %s", ecur);
		comment[0] = '\0';
		if (last >= 0x20 && last < 0x7f)
			snprintf(comment, sizeof(comment), "last=%c", last == 'N' ? 'S' : last);
		print_line(o, "", ' ', runlevel, when, "", "", comment, "");
		break;
	}
	case SHOW_BOOT:
		print_line(o, "", ' ', "system boot", when, "", "", "", "");
		break;
	case SHOW_CLOCK:
		print_line(o, "", ' ', "clock change", when, "", "", "", "");
		break;
	case SHOW_INIT:
		print_line(o, "", ' ', line, when, "", pid, comment, "");
		break;
	case SHOW_LOGIN:
		print_line(o, "LOGIN", ' ', line, when, "", pid, comment, "");
		break;
	case SHOW_DEAD:
		snprintf(exitstr, sizeof(exitstr), "term=%d exit=%d", u->exit_termination, u->exit_status);
		print_line(o, "", ' ', line, when, "", pid, comment, exitstr);
		break;
	case SHOW_NONE:
		break;
	}
}

static void print_text(const struct opts *o, sysq_ctx *ctx, const struct sysq_users *recs,
		       const bool *keep)
{
	time_t boot = (time_t)LLONG_MIN, now = time(NULL);

	if (o->count) {
		const char *sep = "";
		unsigned long n = 0;

		for (size_t i = 0; i < recs->n; i++) {
			char name[ESC_NAME];
			size_t len;

			if (!keep[i] || !is_user_process(&recs->v[i]))
				continue;
			sq_escape(name, sizeof(name), recs->v[i].name);
			len = strlen(name);
			while (len > 0 && name[len - 1] == ' ')
				len--;
			printf("%s%.*s", sep, (int)len, name);
			sep = " ";
			n++;
		}
		printf("\n# users=%lu\n", n);
		return;
	}
	if (o->heading)
		print_line(o, "NAME", ' ', "LINE", "TIME", "IDLE", "PID", "COMMENT", "EXIT");
	for (size_t i = 0; i < recs->n; i++) {
		const struct sysq_user *u = &recs->v[i];

		if (keep[i])
			print_record(o, ctx, u, classify(o, u), boot, now);
		/* idle times are "old" when the tty was last used before the
		 * boot recorded above them */
		if (u->kind == SYSQ_UT_BOOT_TIME)
			boot = (time_t)u->started;
	}
}

/* ---- JSON ---------------------------------------------------------- */

static const char *const kind_name[] = {
	[SYSQ_UT_EMPTY] = "empty", [SYSQ_UT_RUN_LVL] = "run_level",
	[SYSQ_UT_BOOT_TIME] = "boot_time", [SYSQ_UT_NEW_TIME] = "new_time",
	[SYSQ_UT_OLD_TIME] = "old_time", [SYSQ_UT_INIT_PROCESS] = "init_process",
	[SYSQ_UT_LOGIN_PROCESS] = "login_process", [SYSQ_UT_USER_PROCESS] = "user_process",
	[SYSQ_UT_DEAD_PROCESS] = "dead_process", [SYSQ_UT_ACCOUNTING] = "accounting",
};

static json_object *json_user(sysq_ctx *ctx, const struct sysq_user *u, time_t now)
{
	json_object *obj = sq_json_struct(&sysq_user_table, u, 0);
	struct tty t;

	tty_stat(ctx, u, &t);
	json_object_object_add(obj, "idle",
			       t.known && t.atime != 0 && t.atime <= now ? sq_json_i64((int64_t)(now - t.atime)) : NULL);
	json_object_object_add(obj, "mesg", t.known ? json_object_new_boolean(t.writable) : NULL);
	return obj;
}

static json_object *json_record(const struct sysq_user *u)
{
	json_object *obj = sq_json_struct(&sysq_user_table, u, 0);

	json_object_object_add(obj, "type", json_object_new_string(kind_name[u->kind]));
	json_object_object_add(obj, "id", sq_json_str(u->id));
	if (u->kind == SYSQ_UT_DEAD_PROCESS) {
		json_object_object_add(obj, "termination", sq_json_i64(u->exit_termination));
		json_object_object_add(obj, "exit_status", sq_json_i64(u->exit_status));
	}
	if (u->kind == SYSQ_UT_RUN_LVL) {
		int32_t v = (int32_t)u->pid;
		char last = (char)(unsigned char)(v / 256), curr = (char)(unsigned char)(v % 256);

		json_object_object_add(obj, "runlevel", curr ? sq_json_strn(&curr, 1) : NULL);
		if (last == 'N')
			last = 'S';
		json_object_object_add(obj, "previous_runlevel",
				       last >= 0x20 && last < 0x7f ? sq_json_strn(&last, 1) : NULL);
	}
	return obj;
}

static void print_json(const struct sq_cli *cli, const struct opts *o, sysq_ctx *ctx,
		       const struct sysq_users *recs, const bool *keep)
{
	json_object *doc = json_object_new_object(), *users = NULL, *records = NULL, *boot = NULL;
	time_t now = time(NULL);
	uint64_t count = 0;

	if (o->users || o->count)
		users = json_object_new_array();
	if (!o->count && (o->boot || o->dead || o->login || o->initspawn || o->runlevel || o->clockchange))
		records = json_object_new_array();
	for (size_t i = 0; i < recs->n; i++) {
		const struct sysq_user *u = &recs->v[i];
		enum show show = keep[i] ? classify(o, u) : SHOW_NONE;

		if (o->count) {
			if (keep[i] && is_user_process(u)) {
				json_object_array_add(users, json_user(ctx, u, now));
				count++;
			}
			continue;
		}
		if (show == SHOW_USER)
			json_object_array_add(users, json_user(ctx, u, now));
		else if (show != SHOW_NONE)
			json_object_array_add(records, json_record(u));
		if (show == SHOW_BOOT) {
			json_object_put(boot);
			/* whole seconds, as uptime's boot_time */
			boot = sq_json_i64((int64_t)u->started);
		}
	}
	if (users)
		json_object_object_add(doc, "users", users);
	if (o->count)
		json_object_object_add(doc, "count", sq_json_u64(count));
	if (records)
		json_object_object_add(doc, "records", records);
	if (o->boot && !o->count)
		json_object_object_add(doc, "boot_time", boot);
	else
		json_object_put(boot);
	sq_json_emit(cli, doc);
	json_object_put(doc);
}

int main(int argc, char **argv)
{
	struct sq_cli cli;
	struct opts o;
	struct sysq_users recs;
	sysq_ctx *ctx;
	bool *keep;
	int rc;

	sq_cli_init(&cli, "who", usage, argv);
	parse_args(&cli, &o, argc, argv);

	ctx = sq_cli_context(&cli);
	if ((rc = sysq_users(ctx, o.file, false, &recs)) < 0) {
		char path[PATH_MAX], *e;

		if (o.file)
			snprintf(path, sizeof(path), "%s", o.file);
		else
			join_path(path, sizeof(path), sysq_root_path(ctx, SYSQ_ROOT_FS), "var/run/utmp");
		/* a file the user named that is no utmp file is bad input */
		if (rc == SYSQ_EPARSE && recs.invalid)
			sq_usage_error("%s: not a utmp file: %s", path, recs.invalid);
		e = sq_escape_dup(path);
		sq_die(SQ_EXIT_FAIL, "%s: %s", e ? e : "utmp", sysq_strerror(rc));
	}
	keep = calloc(recs.n ? recs.n : 1, sizeof(*keep));
	if (!keep)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	filter(&o, ctx, &recs, keep);

	if (cli.json)
		print_json(&cli, &o, ctx, &recs, keep);
	else
		print_text(&o, ctx, &recs, keep);

	free(keep);
	sysq_users_free(&recs);
	sysq_close(ctx);
	return SQ_EXIT_OK;
}
