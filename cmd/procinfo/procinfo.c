/* procinfo: everything libsysq knows about one process, as psutil's
 * scripts/procinfo.py shows it, and the complete record as JSON. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "procinfo.h"

static const char usage[] =
	"procinfo [options] PID\n"
	"Show everything known about one process.\n"
	"\n"
	"Options:\n"
	"  -v, --verbose       show every item of long lists (threads, children,\n"
	"                      environment, cgroups), not only the first ones\n"
	"      --json          the complete record as one JSON document, in bytes\n"
	"                      and seconds\n"
	"      --pretty        indented JSON (implies --json)\n"
	"      --help          show this help and exit\n"
	"      --version       show the version and exit\n"
	"\n"
	"See procinfo(1) and sysq(7).\n";

static const struct option longopts[] = {
	{ "verbose", no_argument, NULL, 'v' },
	SQ_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* Items of a long list shown without -v (psutil's procinfo shows 4). */
#define LIST_HEAD 4

/* Every file of /proc/PID the report uses; threads and children are
 * read separately. */
#define NEED_ALL (SYSQ_PN_STAT | SYSQ_PN_STATUS | SYSQ_PN_STATM | SYSQ_PN_CMDLINE | \
		  SYSQ_PN_ENVIRON | SYSQ_PN_EXE | SYSQ_PN_CWD | SYSQ_PN_IO | SYSQ_PN_FDS | \
		  SYSQ_PN_LIMITS | SYSQ_PN_WCHAN | SYSQ_PN_CGROUP | SYSQ_PN_SMAPS | \
		  SYSQ_PN_GROUPS | SYSQ_PN_OOM_SCORE | SYSQ_PN_OOM_ADJ | SYSQ_PN_AUTOGROUP | \
		  SYSQ_PN_LOGINUID | SYSQ_PN_NS)

/* The units column of /proc/PID/limits, in sysq_rlimit order. */
static const char *const rlimit_unit[SYSQ_RLIMIT__COUNT] = {
	"seconds", "bytes", "bytes", "bytes", "bytes", "bytes", "processes", "files",
	"bytes", "bytes", "locks", "signals", "bytes", "", "", "us",
};

/* ---- gathering ------------------------------------------------------ */

/* The parent's name and the children (with their names). */
static void read_family(sysq_ctx *ctx, struct info *in)
{
	struct sysq_proc q;
	pid_t *kids;
	size_t n;

	if (SYSQ_HAVE(&in->p, SYSQ_P_PPID) && in->p.ppid > 0 &&
	    sysq_proc_read(ctx, (pid_t)in->p.ppid, SYSQ_PN_STAT, &q) == 0) {
		in->have_parent = true;
		memcpy(in->parent_name, q.name, sizeof(in->parent_name));
		sysq_proc_release(&q);
	}
	if (sysq_proc_children(ctx, (pid_t)in->p.pid, false, &kids, &n) < 0)
		return;
	if (!(in->children = calloc(n ? n : 1, sizeof(*in->children))))
		sq_die(SQ_EXIT_FAIL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		/* a child that ended meanwhile is left out */
		if (sysq_proc_read(ctx, kids[i], SYSQ_PN_STAT, &q) < 0)
			continue;
		in->children[in->nchildren].pid = kids[i];
		memcpy(in->children[in->nchildren++].name, q.name, sizeof(q.name));
		sysq_proc_release(&q);
	}
	free(kids);
	in->have_children = true;
}

/* The I/O priority: a system call, absent under a fixture's procfs. */
static void read_ionice(sysq_ctx *ctx, struct info *in)
{
	in->have_ionice = sysq_proc_ionice(ctx, (pid_t)in->p.pid, &in->ioclass, &in->iovalue) == 0;
}

static void gather(sysq_ctx *ctx, pid_t pid, struct info *in)
{
	int rc;

	memset(in, 0, sizeof(*in));
	/* /proc/TID answers for a thread too, but a thread is not a process */
	if (sysq_pid_exists(ctx, pid) == 0)
		sq_die(SQ_EXIT_FAIL, "no such process: %d", (int)pid);
	rc = sysq_proc_read(ctx, pid, NEED_ALL, &in->p);
	if (rc == SYSQ_ENOENT)
		sq_die(SQ_EXIT_FAIL, "no such process: %d", (int)pid);
	if (rc < 0)
		sq_die(SQ_EXIT_FAIL, "process %d: %s", (int)pid, sysq_strerror(rc));

	in->have_threads = sysq_proc_threads(ctx, pid, &in->threads, &in->nthreads) == 0;
	if (SYSQ_HAVE(&in->p, SYSQ_P_TTY_NR) && in->p.tty_nr > 0)
		in->have_terminal = sysq_tty_name(ctx, in->p.tty_nr, in->terminal, sizeof(in->terminal)) == 0;
	in->have_mem_percent = sysq_proc_memory_percent(ctx, &in->p, SYSQ_P_RSS, &in->mem_percent) == 0;
	read_family(ctx, in);
	read_ionice(ctx, in);
}

static void release(struct info *in)
{
	sysq_proc_release(&in->p);
	free(in->children);
	free(in->threads);
}

/* ---- text ----------------------------------------------------------- */

static void put_esc(const char *s)
{
	char *e = sq_escape_dup(s);

	if (!e)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	fputs(e, stdout);
	free(e);
}

/* "label         " (psutil's procinfo aligns values at column 14) */
static void label(const char *l)
{
	printf("%-13s ", l);
}

/* A value, or "-" when absent. */
static const char *u64s(char *buf, size_t n, bool have, uint64_t v)
{
	if (!have)
		return "-";
	snprintf(buf, n, "%" PRIu64, v);
	return buf;
}

static const char *i64s(char *buf, size_t n, bool have, int64_t v)
{
	if (!have)
		return "-";
	snprintf(buf, n, "%" PRId64, v);
	return buf;
}

static const char *secs(char *buf, size_t n, bool have, double v)
{
	if (!have)
		return "-";
	snprintf(buf, n, "%.2f", v);
	return buf;
}

static const char *size(char *buf, size_t n, bool have, uint64_t v)
{
	if (!have)
		return "-";
	sq_human_procps(buf, n, v > INT64_MAX ? INT64_MAX : (int64_t)v, false);
	return buf;
}

/* "key=value" items on one line, comma separated. */
struct kv {
	int n;
};

static void kv(struct kv *l, const char *key, const char *val)
{
	printf("%s%s=%s", l->n++ ? ", " : "", key, val);
}

#define HAVE(idx) SYSQ_HAVE(p, idx)
#define KV_U(l, key, idx, member) kv(l, key, u64s(buf, sizeof(buf), HAVE(idx), p->member))
#define KV_I(l, key, idx, member) kv(l, key, i64s(buf, sizeof(buf), HAVE(idx), p->member))
#define KV_T(l, key, idx, member) kv(l, key, secs(buf, sizeof(buf), HAVE(idx), p->member))
#define KV_B(l, key, idx, member) kv(l, key, size(buf, sizeof(buf), HAVE(idx), p->member))

/* "[... 12 more]" after the first items of a long list */
static bool list_cut(size_t i, size_t n, bool verbose)
{
	if (verbose || i < LIST_HEAD)
		return false;
	label("");
	printf("[... %zu more]\n", n - i);
	return true;
}

static void line_str(const char *l, bool have, const char *s)
{
	label(l);
	if (have)
		put_esc(s);
	else
		fputs("-", stdout);
	putchar('\n');
}

/* [[D-]HH:]MM:SS, as ps shows the elapsed time */
static void fmt_elapsed(char *buf, size_t n, double secs_)
{
	uint64_t s = secs_ > 0 ? (uint64_t)secs_ : 0;
	uint64_t d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60;

	if (d)
		snprintf(buf, n, "%" PRIu64 "-%02" PRIu64 ":%02" PRIu64 ":%02" PRIu64, d, h, m, s % 60);
	else if (h)
		snprintf(buf, n, "%02" PRIu64 ":%02" PRIu64 ":%02" PRIu64, h, m, s % 60);
	else
		snprintf(buf, n, "%02" PRIu64 ":%02" PRIu64, m, s % 60);
}

static void text_identity(const struct info *in)
{
	const struct sysq_proc *p = &in->p;
	char buf[64];
	struct kv l;

	label("pid");
	printf("%" PRId64 "\n", p->pid);
	line_str("name", HAVE(SYSQ_P_NAME), p->name);
	label("parent");
	fputs(i64s(buf, sizeof(buf), HAVE(SYSQ_P_PPID), p->ppid), stdout);
	if (in->have_parent) {
		fputs(" (", stdout);
		put_esc(in->parent_name);
		putchar(')');
	}
	putchar('\n');
	label("status");
	fputs(HAVE(SYSQ_P_STATUS) ? p->status : "-", stdout);
	if (p->kernel_thread)
		fputs(" (kernel thread)", stdout);
	putchar('\n');
	line_str("user", HAVE(SYSQ_P_USERNAME), p->username);
	label("uids");
	l.n = 0;
	KV_I(&l, "real", SYSQ_P_RUID, ruid);
	KV_I(&l, "effective", SYSQ_P_EUID, euid);
	KV_I(&l, "saved", SYSQ_P_SUID, suid);
	KV_I(&l, "fs", SYSQ_P_FSUID, fsuid);
	putchar('\n');
	label("gids");
	l.n = 0;
	KV_I(&l, "real", SYSQ_P_RGID, rgid);
	KV_I(&l, "effective", SYSQ_P_EGID, egid);
	KV_I(&l, "saved", SYSQ_P_SGID, sgid);
	KV_I(&l, "fs", SYSQ_P_FSGID, fsgid);
	putchar('\n');
	/* the supplementary groups, as status lists them ("-" when none) */
	line_str("groups", HAVE(SYSQ_P_SUPGID) && *p->supgid, p->supgid);
	line_str("terminal", in->have_terminal, in->terminal);
	label("session");
	l.n = 0;
	KV_I(&l, "sid", SYSQ_P_SID, sid);
	KV_I(&l, "pgid", SYSQ_P_PGID, pgid);
	KV_I(&l, "tpgid", SYSQ_P_TPGID, tpgid);
	putchar('\n');
	line_str("exe", HAVE(SYSQ_P_EXE), p->exe);
	line_str("cwd", HAVE(SYSQ_P_CWD), p->cwd);
	label("cmdline");
	if (!HAVE(SYSQ_P_CMDLINE))
		fputs("-", stdout);
	else if (!p->ncmdline)
		fputs("(none)", stdout);
	for (size_t i = 0; HAVE(SYSQ_P_CMDLINE) && i < p->ncmdline; i++) {
		if (i)
			putchar(' ');
		put_esc(p->cmdline[i]);
	}
	putchar('\n');
}

static void text_cpu(const struct info *in)
{
	static const char *const policy[] = { "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH",
					      "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE" };
	const struct sysq_proc *p = &in->p;
	char buf[64];
	struct kv l;

	label("started");
	if (HAVE(SYSQ_P_CREATE_TIME)) {
		time_t t = (time_t)p->create_time;
		struct tm tm;

		if (localtime_r(&t, &tm) && strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm))
			fputs(buf, stdout);
		else
			fputs("-", stdout);
		putchar('\n');
		label("running");
		fmt_elapsed(buf, sizeof(buf), sq_now() - p->create_time);
		fputs(buf, stdout);
	} else {
		fputs("-\n", stdout);
		label("running");
		fputs("-", stdout);
	}
	putchar('\n');
	label("cpu-time");
	if (HAVE(SYSQ_P_USER) && HAVE(SYSQ_P_SYSTEM)) {
		double t = p->user + p->system;
		uint64_t cs = (uint64_t)(t * 100.0 + 0.5);

		if (cs >= 360000)
			printf("%" PRIu64 ":%02" PRIu64 ":%02" PRIu64 ".%02" PRIu64 "\n", cs / 360000,
			       cs / 6000 % 60, cs / 100 % 60, cs % 100);
		else
			printf("%" PRIu64 ":%02" PRIu64 ".%02" PRIu64 "\n", cs / 6000, cs / 100 % 60, cs % 100);
	} else {
		fputs("-\n", stdout);
	}
	label("cpu-times");
	l.n = 0;
	KV_T(&l, "user", SYSQ_P_USER, user);
	KV_T(&l, "system", SYSQ_P_SYSTEM, system);
	KV_T(&l, "children_user", SYSQ_P_CHILDREN_USER, children_user);
	KV_T(&l, "children_system", SYSQ_P_CHILDREN_SYSTEM, children_system);
	KV_T(&l, "iowait", SYSQ_P_IOWAIT, iowait);
	putchar('\n');
	line_str("cpu-affinity", HAVE(SYSQ_P_CPU_AFFINITY), p->cpu_affinity);
	label("cpu-num");
	printf("%s\n", i64s(buf, sizeof(buf), HAVE(SYSQ_P_CPU_NUM), p->cpu_num));
	label("nice");
	printf("%s\n", i64s(buf, sizeof(buf), HAVE(SYSQ_P_NICE), p->nice));
	label("sched");
	l.n = 0;
	if (HAVE(SYSQ_P_POLICY) && p->policy < sizeof(policy) / sizeof(policy[0]))
		kv(&l, "policy", policy[p->policy]);
	else
		KV_U(&l, "policy", SYSQ_P_POLICY, policy);
	KV_I(&l, "priority", SYSQ_P_PRIORITY, priority);
	KV_U(&l, "rt_priority", SYSQ_P_RT_PRIORITY, rt_priority);
	putchar('\n');
	label("ionice");
	if (in->have_ionice)
		printf("class=%s, value=%d\n", ioclass_name[in->ioclass], in->iovalue);
	else
		fputs("-\n", stdout);
}

static void text_memory(const struct info *in)
{
	const struct sysq_proc *p = &in->p;
	char buf[64];
	struct kv l;

	label("memory");
	l.n = 0;
	KV_B(&l, "rss", SYSQ_P_RSS, rss);
	KV_B(&l, "vms", SYSQ_P_VMS, vms);
	KV_B(&l, "shared", SYSQ_P_SHARED, shared);
	KV_B(&l, "text", SYSQ_P_TEXT, text);
	KV_B(&l, "data", SYSQ_P_DATA, data);
	putchar('\n');
	label("");
	l.n = 0;
	KV_B(&l, "uss", SYSQ_P_USS, uss);
	KV_B(&l, "pss", SYSQ_P_PSS, pss);
	KV_B(&l, "swap", SYSQ_P_SWAP, swap);
	KV_B(&l, "locked", SYSQ_P_VMLCK, vmlck);
	KV_B(&l, "hugetlb", SYSQ_P_HUGETLB, hugetlb);
	putchar('\n');
	label("");
	l.n = 0;
	KV_B(&l, "anon", SYSQ_P_RSS_ANON, rss_anon);
	KV_B(&l, "file", SYSQ_P_RSS_FILE, rss_file);
	KV_B(&l, "shmem", SYSQ_P_RSS_SHMEM, rss_shmem);
	putchar('\n');
	label("memory-peak");
	l.n = 0;
	KV_B(&l, "rss", SYSQ_P_PEAK_RSS, peak_rss);
	KV_B(&l, "vms", SYSQ_P_PEAK_VMS, peak_vms);
	putchar('\n');
	label("memory %");
	if (in->have_mem_percent)
		printf("%.2f\n", in->mem_percent);
	else
		fputs("-\n", stdout);
	label("page-faults");
	l.n = 0;
	KV_U(&l, "minor", SYSQ_P_MINOR_FAULTS, minor_faults);
	KV_U(&l, "major", SYSQ_P_MAJOR_FAULTS, major_faults);
	putchar('\n');
}

static void text_activity(const struct info *in)
{
	const struct sysq_proc *p = &in->p;
	char buf[64];
	struct kv l;

	label("ctx-switches");
	l.n = 0;
	KV_U(&l, "voluntary", SYSQ_P_VOLUNTARY, voluntary);
	KV_U(&l, "involuntary", SYSQ_P_INVOLUNTARY, involuntary);
	putchar('\n');
	label("num-threads");
	printf("%s\n", u64s(buf, sizeof(buf), HAVE(SYSQ_P_NUM_THREADS), p->num_threads));
	label("num-fds");
	printf("%s\n", u64s(buf, sizeof(buf), HAVE(SYSQ_P_NUM_FDS), p->num_fds));
	label("I/O");
	l.n = 0;
	KV_U(&l, "read_count", SYSQ_P_READ_COUNT, read_count);
	KV_U(&l, "write_count", SYSQ_P_WRITE_COUNT, write_count);
	KV_B(&l, "read_bytes", SYSQ_P_READ_BYTES, read_bytes);
	KV_B(&l, "write_bytes", SYSQ_P_WRITE_BYTES, write_bytes);
	putchar('\n');
	label("");
	l.n = 0;
	KV_B(&l, "read_chars", SYSQ_P_READ_CHARS, read_chars);
	KV_B(&l, "write_chars", SYSQ_P_WRITE_CHARS, write_chars);
	putchar('\n');
	line_str("wchan", HAVE(SYSQ_P_WCHAN), p->wchan);
	label("signals");
	if (HAVE(SYSQ_P_SIG_PENDING) && HAVE(SYSQ_P_SIG_BLOCKED) && HAVE(SYSQ_P_SIG_IGNORED) &&
	    HAVE(SYSQ_P_SIG_CAUGHT))
		printf("pending=%016" PRIx64 ", blocked=%016" PRIx64 ",\n%-13s ignored=%016" PRIx64
		       ", caught=%016" PRIx64 "\n", p->sig_pending, p->sig_blocked, "", p->sig_ignored,
		       p->sig_caught);
	else
		fputs("-\n", stdout);
	label("flags");
	if (HAVE(SYSQ_P_FLAGS))
		printf("0x%08" PRIx64 "\n", p->flags);
	else
		fputs("-\n", stdout);
}

/* The lines of a multi-line string (cgroup), the first few without -v. */
static void text_lines(const char *l, bool have, const char *s, bool verbose)
{
	size_t n = 0, i = 0;

	label(l);
	if (!have || !*s) {
		puts(have ? "(none)" : "-");
		return;
	}
	for (const char *c = s; c; c = strchr(c, '\n'), c = c ? c + 1 : NULL)
		n++;
	for (const char *c = s; c; i++) {
		const char *nl = strchr(c, '\n');
		char *one = nl ? strndup(c, (size_t)(nl - c)) : strdup(c);

		if (!one)
			sq_die(SQ_EXIT_FAIL, "out of memory");
		if (i && list_cut(i, n, verbose)) {
			free(one);
			break;
		}
		if (i)
			label("");
		put_esc(one);
		putchar('\n');
		free(one);
		c = nl ? nl + 1 : NULL;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void text_lists(const struct info *in, bool verbose)
{
	const struct sysq_proc *p = &in->p;
	char buf[64], buf2[64];

	text_lines("cgroup", HAVE(SYSQ_P_CGROUP), p->cgroup, verbose);

	label("children");
	if (!in->have_children)
		puts("-");
	else if (!in->nchildren)
		puts("(none)");
	else
		printf("%-8s %s\n", "PID", "NAME");
	for (size_t i = 0; in->have_children && i < in->nchildren; i++) {
		if (list_cut(i, in->nchildren, verbose))
			break;
		label("");
		printf("%-8" PRId64 " ", in->children[i].pid);
		put_esc(in->children[i].name);
		putchar('\n');
	}

	label("threads");
	if (!in->have_threads)
		puts("-");
	else if (!in->nthreads)
		puts("(none)");
	else
		printf("%-8s %12s %12s  %s\n", "TID", "USER", "SYSTEM", "NAME");
	for (size_t i = 0; in->have_threads && i < in->nthreads; i++) {
		const struct sysq_thread *t = &in->threads[i];

		if (list_cut(i, in->nthreads, verbose))
			break;
		label("");
		printf("%-8" PRId64 " %12.2f %12.2f  ", t->id, t->user_time, t->system_time);
		put_esc(t->name);
		putchar('\n');
	}

	label("res-limits");
	if (!p->have_rlimit)
		puts("-");
	else
		printf("%-17s %20s %20s  %s\n", "RESOURCE", "SOFT", "HARD", "UNITS");
	for (int k = 0; p->have_rlimit && k < SYSQ_RLIMIT__COUNT; k++) {
		label("");
		printf("%-17s %20s %20s%s%s\n", sysq_rlimit_names[k],
		       p->rlimit_soft[k] == SYSQ_RLIM_INFINITY ? "unlimited" : u64s(buf, sizeof(buf), true, p->rlimit_soft[k]),
		       p->rlimit_hard[k] == SYSQ_RLIM_INFINITY ? "unlimited" : u64s(buf2, sizeof(buf2), true, p->rlimit_hard[k]),
		       *rlimit_unit[k] ? "  " : "", rlimit_unit[k]);
	}

	/* sorted by name, as psutil's procinfo shows them */
	label("environ");
	if (!HAVE(SYSQ_P_ENVIRON) || !p->nenviron) {
		puts(HAVE(SYSQ_P_ENVIRON) ? "(none)" : "-");
	} else {
		char **env = malloc(p->nenviron * sizeof(*env));

		if (!env)
			sq_die(SQ_EXIT_FAIL, "out of memory");
		memcpy(env, p->environ, p->nenviron * sizeof(*env));
		qsort(env, p->nenviron, sizeof(*env), cmp_str);
		for (size_t i = 0; i < p->nenviron; i++) {
			if (i && list_cut(i, p->nenviron, verbose))
				break;
			if (i)
				label("");
			put_esc(env[i]);
			putchar('\n');
		}
		free(env);
	}
}

static void render_text(const struct info *in, bool verbose)
{
	text_identity(in);
	text_cpu(in);
	text_memory(in);
	text_activity(in);
	text_lists(in, verbose);
}

int main(int argc, char **argv)
{
	struct sq_cli cli;
	struct info in;
	bool verbose = false;
	sysq_ctx *ctx;
	pid_t pid;
	int c;

	sq_cli_init(&cli, "procinfo", usage, argv);
	/* "-1" is a (bad) PID, not an option "1": name the whole value */
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9')
			sq_arg_int("PID", argv[i], 1, INT32_MAX);
	while ((c = sq_getopt(argc, argv, "v", longopts)) != -1) {
		if (c == 'v')
			verbose = true;
		else if (!sq_cli_common(&cli, c))
			sq_usage_error("unhandled option");
	}
	if (optind >= argc)
		sq_usage_error("missing PID operand");
	pid = (pid_t)sq_arg_int("PID", argv[optind], 1, INT32_MAX);
	sq_cli_no_operands(&cli, argc, argv, optind + 1);

	ctx = sq_cli_context(&cli);
	gather(ctx, pid, &in);
	if (cli.json)
		render_json(&cli, &in);
	else
		render_text(&in, verbose);
	sq_flush();
	release(&in);
	sysq_close(ctx);
	return SQ_EXIT_OK;
}
