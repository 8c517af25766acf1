/* ps: report a snapshot of the processes, as procps-ng ps 4.0.2. */
#include <ctype.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "out/out.h"

static const char usage[] =
	"ps [options]\n"
	"Report a snapshot of the current processes.\n"
	"\n"
	"Selection:\n"
	"  -A, -e               all processes\n"
	"  -a                   all with a terminal, except session leaders\n"
	"  -d                   all except session leaders\n"
	"  -N, --deselect       negate the selection\n"
	"  a                    all with a terminal (BSD)\n"
	"  x                    also processes without a terminal (BSD)\n"
	"  r                    only running processes\n"
	"  -C CMDLIST           by command name\n"
	"  -G, --Group GIDLIST  by real group ID or name\n"
	"  -g, --group GRPLIST  by session or effective group name\n"
	"  -p, p, --pid PIDLIST by process ID (also a bare number: ps 123)\n"
	"      --ppid PIDLIST   by parent process ID\n"
	"  -q, q, --quick-pid PIDLIST  by process ID, quickly\n"
	"  -s, --sid SIDLIST    by session ID\n"
	"  -t, t, --tty TTYLIST by terminal\n"
	"  -u, U, --user USERLIST   by effective user ID or name\n"
	"  -U, --User USERLIST  by real user ID or name\n"
	"\n"
	"Output formats:\n"
	"  -f, -F, -l, -j, j, l, s, u, v   the classic layouts\n"
	"  -o, o, --format FORMAT          user-defined columns (KEY[=HEADER],...)\n"
	"  -O, O FORMAT         the default columns plus FORMAT after PID\n"
	"  -y                   with -l: RSS instead of ADDR, no flags\n"
	"  -H, --forest, f      process hierarchy\n"
	"  e                    show the environment after the command\n"
	"  -L, -T, H, m         threads (LWP/SPID columns)\n"
	"  --sort [+|-]KEY,...  sort order\n"
	"  --no-headers, --headers, --cols N, --lines N, -w, w\n"
	"  L                    list the format keywords\n"
	"\n"
	"  --json, --pretty     JSON: {\"processes\": [...]}\n"
	"  --help, -V, --version\n"
	"\n"
	"See ps(1) and sysq(7).\n";

/* ---- the column table --------------------------------------------------- */

enum just { J_RIGHT, J_LEFT, J_USER, J_UNLIMITED, J_SIGNAL };

struct ctx;
typedef void (*render_fn)(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n);

struct column {
	const char *key;
	const char *header;
	const char *json;     /* key in JSON (psutil's name where it has one) */
	int width;
	enum just just;
	unsigned need;        /* SYSQ_PN_* */
	bool pidmax;          /* width follows the digits of pid_max */
	render_fn render;
	int field;            /* sysq_proc_table index for JSON, -1 when computed */
	int sortf;            /* sort key kind */
	const char *help;
};

struct ctx {
	sysq_ctx *lib;
	time_t now;
	double uptime;
	uint64_t boot;
	char forest_type;    /* 'b' (BSD f, --forest) or 'u' (-H) */
	uint64_t mem_total;
	long tck;
	long page_kb;
	bool bsd_e;          /* show environment after the command */
	bool unix_f;         /* comm shows the full command line */
	char forest[512];    /* forest prefix of the current row */
	bool forest_on;
	const struct sysq_thread *thread; /* the thread of the current row (-L) */
	int col_width;       /* width of the column being rendered, 0 if last */
	int pid_width;       /* digits of the largest PID (at least 5), 0 until read */
	bool wide_signals;   /* signal masks in 16 digits: the line has room */
	long page, since_header; /* --headers: lines a page, rows since the last header */
	struct sysq_proc *kept;  /* processes no row owns (threads borrow them) */
	size_t nkept;
};

static void fmt_i(char *b, size_t n, int64_t v) { snprintf(b, n, "%" PRId64, v); }
static void fmt_u(char *b, size_t n, uint64_t v) { snprintf(b, n, "%" PRIu64, v); }

#define HAVE(p, f) SYSQ_HAVE(p, f)
#define OR_DASH(p, f, stmt) do { if (!HAVE(p, f)) { snprintf(buf, n, "-"); return; } stmt; } while (0)

static void r_pid(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; fmt_i(buf, n, p->pid); }
static void r_ppid(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_PPID, fmt_i(buf, n, p->ppid)); }
static void r_pgid(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_PGID, fmt_i(buf, n, p->pgid)); }
static void r_sid(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_SID, fmt_i(buf, n, p->sid)); }
static void r_tpgid(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_TPGID, fmt_i(buf, n, p->tpgid)); }
static void r_lwp(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { fmt_i(buf, n, c->thread ? c->thread->id : p->pid); }
static void r_nlwp(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_NUM_THREADS, fmt_u(buf, n, p->num_threads)); }

static void id_col(char *buf, size_t n, const struct sysq_proc *p, int f, int64_t v)
{
	if (!HAVE(p, f))
		snprintf(buf, n, "-");
	else
		fmt_i(buf, n, v);
}
static void r_euid(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; id_col(buf, n, p, SYSQ_P_EUID, p->euid); }
static void r_ruid(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; id_col(buf, n, p, SYSQ_P_RUID, p->ruid); }
static void r_suid(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; id_col(buf, n, p, SYSQ_P_SUID, p->suid); }
static void r_fsuid(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; id_col(buf, n, p, SYSQ_P_FSUID, p->fsuid); }
static void r_egid(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; id_col(buf, n, p, SYSQ_P_EGID, p->egid); }
static void r_rgid(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; id_col(buf, n, p, SYSQ_P_RGID, p->rgid); }
static void r_sgid(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; id_col(buf, n, p, SYSQ_P_SGID, p->sgid); }
static void r_fsgid(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; id_col(buf, n, p, SYSQ_P_FSGID, p->fsgid); }

/* A user name; procps shows the number when the name is longer than the
 * column (8) ... it keeps names up to 8 and prints the number otherwise. */
static void user_col(struct ctx *c, char *buf, size_t n, bool have, int64_t uid)
{
	char name[64];

	if (!have) {
		snprintf(buf, n, "-");
		return;
	}
	sysq_user_name(c->lib, uid, name, sizeof(name));
	if (strlen(name) > 8)
		fmt_i(buf, n, uid); /* procps: a name wider than the column is shown as the number */
	else
		snprintf(buf, n, "%s", name);
}
static void r_euser(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { user_col(c, buf, n, HAVE(p, SYSQ_P_EUID), p->euid); }
static void r_ruser(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { user_col(c, buf, n, HAVE(p, SYSQ_P_RUID), p->ruid); }
static void r_suser(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { user_col(c, buf, n, HAVE(p, SYSQ_P_SUID), p->suid); }
static void r_fuser(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { user_col(c, buf, n, HAVE(p, SYSQ_P_FSUID), p->fsuid); }

static void group_col(char *buf, size_t n, bool have, int64_t gid)
{
	struct group *g;

	if (!have) {
		snprintf(buf, n, "-");
		return;
	}
	g = gid >= 0 && gid <= UINT32_MAX ? getgrgid((gid_t)gid) : NULL;
	if (g && strlen(g->gr_name) <= 8)
		snprintf(buf, n, "%s", g->gr_name);
	else
		fmt_i(buf, n, gid);
}
static void r_egroup(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; group_col(buf, n, HAVE(p, SYSQ_P_EGID), p->egid); }
static void r_rgroup(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; group_col(buf, n, HAVE(p, SYSQ_P_RGID), p->rgid); }

static void r_tty(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	OR_DASH(p, SYSQ_P_TTY_NR, sysq_tty_name(c->lib, p->tty_nr, buf, n));
}

static void r_s(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	(void)c;
	OR_DASH(p, SYSQ_P_STATUS, snprintf(buf, n, "%c", c->thread ? c->thread->state : p->state));
}

/* STAT: state, then < N (nice), L (locked pages), s (session leader),
 * l (threads), + (foreground process group). */
static void r_stat(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	size_t k = 0;

	if (!HAVE(p, SYSQ_P_STATUS) || n < 8) {
		snprintf(buf, n, "-");
		return;
	}
	buf[k++] = c->thread ? c->thread->state : p->state;
	if (p->nice < 0)
		buf[k++] = '<';
	else if (p->nice > 0)
		buf[k++] = 'N';
	if (HAVE(p, SYSQ_P_VMLCK) && p->vmlck > 0)
		buf[k++] = 'L';
	if (p->sid == p->pid)
		buf[k++] = 's';
	if (p->num_threads > 1)
		buf[k++] = 'l';
	if (p->pgid == p->tpgid)
		buf[k++] = '+';
	buf[k] = '\0';
}

static void r_pri(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_PRIORITY, fmt_i(buf, n, 39 - p->priority)); }
static void r_opri(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_PRIORITY, fmt_i(buf, n, 60 + p->priority)); }
static void r_priority(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_PRIORITY, fmt_i(buf, n, p->priority)); }

/* SCHED_OTHER (0) and SCHED_BATCH (3) have a nice value; others show '-' */
static void r_nice(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	(void)c;
	OR_DASH(p, SYSQ_P_NICE, if (p->policy != 0 && p->policy != 3) snprintf(buf, n, "-"); else fmt_i(buf, n, p->nice));
}

static void r_rtprio(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	(void)c;
	OR_DASH(p, SYSQ_P_POLICY, if (p->policy == 0) snprintf(buf, n, "-"); else fmt_u(buf, n, p->rt_priority));
}

static void r_class(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	static const char *const cls[] = { "TS", "FF", "RR", "B", "ISO", "IDL", "DLN", "#7", "#8", "#9" };

	(void)c;
	OR_DASH(p, SYSQ_P_POLICY, snprintf(buf, n, "%s", p->policy < 10 ? cls[p->policy] : "?"));
}

static void r_psr(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_CPU_NUM, fmt_i(buf, n, p->cpu_num)); }

static uint64_t ticks_total(const struct ctx *c, const struct sysq_proc *p)
{
	return (uint64_t)((p->user + p->system) * (double)c->tck + 0.5);
}

/* seconds since the process started: uptime less the start, as procps */
static double elapsed(const struct ctx *c, const struct sysq_proc *p)
{
	double e = c->uptime - (double)p->start_ticks / (double)c->tck;

	return e > 0 ? e : 0;
}

/* CPU time over elapsed time, times scale, in integers as procps; false
 * (and "-") when unknown */
static bool cpu_share(struct ctx *c, const struct sysq_proc *p, uint64_t scale, uint64_t *share, char *buf, size_t n)
{
	uint64_t jiffies;

	if (!HAVE(p, SYSQ_P_USER) || !HAVE(p, SYSQ_P_START_TICKS)) {
		snprintf(buf, n, "-");
		return false;
	}
	jiffies = (uint64_t)(elapsed(c, p) * (double)c->tck);
	*share = jiffies ? ticks_total(c, p) * scale / jiffies : 0;
	return true;
}

/* %CPU in tenths; C in whole percent, at most 99 */
static void r_pcpu(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	uint64_t pcpu;

	if (!cpu_share(c, p, 1000, &pcpu, buf, n))
		return;
	if (pcpu > 999)
		snprintf(buf, n, "%" PRIu64, pcpu / 10);
	else
		snprintf(buf, n, "%" PRIu64 ".%" PRIu64, pcpu / 10, pcpu % 10);
}

static void r_c(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	uint64_t pcpu;

	if (cpu_share(c, p, 100, &pcpu, buf, n))
		snprintf(buf, n, "%2" PRIu64, pcpu > 99 ? 99 : pcpu);
}

static void r_pmem(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	uint64_t pmem;

	if (!HAVE(p, SYSQ_P_RSS) || !c->mem_total) {
		snprintf(buf, n, "-");
		return;
	}
	pmem = (p->rss / 1024) * 1000ULL / (c->mem_total / 1024);
	if (pmem > 999)
		pmem = 999;
	snprintf(buf, n, "%2u.%u", (unsigned)(pmem / 10), (unsigned)(pmem % 10));
}

static void r_vsz(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_VMS_STAT, fmt_u(buf, n, p->vms_stat / 1024)); }
static void r_rss(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_RSS, fmt_u(buf, n, p->rss / 1024)); }
static void r_sz(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { OR_DASH(p, SYSQ_P_VMS_STAT, fmt_u(buf, n, p->vms_stat / 1024 / (uint64_t)c->page_kb)); }
/* text and data resident sizes as procps has them: the text is the span
 * startcode..endcode, the data the rest of the virtual size (KiB) */
static uint64_t text_span(const struct sysq_proc *p)
{
	return p->end_code > p->start_code ? p->end_code - p->start_code : 0;
}
static void r_trs(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	(void)c;
	OR_DASH(p, SYSQ_P_END_CODE, fmt_u(buf, n, text_span(p) >> 10));
}
static void r_drs(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	(void)c;
	OR_DASH(p, SYSQ_P_VMS_STAT, fmt_u(buf, n, (p->vms_stat - (p->vms_stat > text_span(p) ? text_span(p) : p->vms_stat)) >> 10));
}
static void r_maj(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_MAJOR_FAULTS, fmt_u(buf, n, p->major_faults)); }
static void r_min(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_MINOR_FAULTS, fmt_u(buf, n, p->minor_faults)); }
static void r_flags(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_FLAGS, snprintf(buf, n, "%o", (unsigned)(p->flags >> 6) & 7u)); }
static void r_addr(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; (void)p; snprintf(buf, n, "-"); }
static void r_pss(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_PSS, fmt_u(buf, n, p->pss / 1024)); }
static void r_uss(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_USS, fmt_u(buf, n, p->uss / 1024)); }
static void r_swap(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_SWAP, fmt_u(buf, n, p->swap / 1024)); }
static void r_rbytes(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_READ_BYTES, fmt_u(buf, n, p->read_bytes)); }
static void r_wbytes(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_WRITE_BYTES, fmt_u(buf, n, p->write_bytes)); }
static void r_fds(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_NUM_FDS, fmt_u(buf, n, p->num_fds)); }

/* TIME: [DD-]HH:MM:SS of user + system time */
static void r_time(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	uint64_t t;
	/* a thread's own time; the leader (LWP == PID) shows the process's */
	double secs = c->thread && c->thread->id != p->pid ? c->thread->user_time + c->thread->system_time
							    : p->user + p->system;

	if (!HAVE(p, SYSQ_P_USER)) {
		snprintf(buf, n, "-");
		return;
	}
	t = (uint64_t)((secs * (double)c->tck + 0.5)) / (uint64_t)c->tck;
	if (t / 86400)
		snprintf(buf, n, "%" PRIu64 "-%02u:%02u:%02u", t / 86400, (unsigned)(t / 3600 % 24),
			 (unsigned)(t / 60 % 60), (unsigned)(t % 60));
	else
		snprintf(buf, n, "%02u:%02u:%02u", (unsigned)(t / 3600 % 24), (unsigned)(t / 60 % 60),
			 (unsigned)(t % 60));
}

/* bsdtime: MMM:SS */
static void r_bsdtime(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	uint64_t u;

	if (!HAVE(p, SYSQ_P_USER)) {
		snprintf(buf, n, "-");
		return;
	}
	u = ticks_total(c, p) / (uint64_t)c->tck;
	snprintf(buf, n, "%3" PRIu64 ":%02u", u / 60, (unsigned)(u % 60));
}

static void r_etime(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	uint64_t t;
	unsigned dd, hh, mm, ss;
	int k = 0;

	if (!HAVE(p, SYSQ_P_CREATE_TIME)) {
		snprintf(buf, n, "-");
		return;
	}
	t = (uint64_t)elapsed(c, p);
	ss = (unsigned)(t % 60);
	mm = (unsigned)(t / 60 % 60);
	hh = (unsigned)(t / 3600 % 24);
	dd = (unsigned)(t / 86400);
	if (dd)
		k += snprintf(buf + k, n - (size_t)k, "%u-", dd);
	if (dd || hh)
		k += snprintf(buf + k, n - (size_t)k, "%02u:", hh);
	snprintf(buf + k, n - (size_t)k, "%02u:%02u", mm, ss);
}

static void r_etimes(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	OR_DASH(p, SYSQ_P_CREATE_TIME, fmt_u(buf, n, (uint64_t)elapsed(c, p)));
}

static time_t started(const struct ctx *c, const struct sysq_proc *p)
{
	uint64_t t = c->thread && c->thread->id != p->pid ? c->thread->start_ticks : p->start_ticks;

	return (time_t)(c->boot + t / (uint64_t)c->tck);
}

/* STIME / START: HH:MM today, MonDD this year, else the year */
static void r_stime(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	struct tm now, then;
	time_t t;
	size_t len;

	if (!HAVE(p, SYSQ_P_START_TICKS)) {
		snprintf(buf, n, "-");
		return;
	}
	t = started(c, p);
	localtime_r(&c->now, &now);
	localtime_r(&t, &then);
	if (now.tm_year != then.tm_year)
		len = strftime(buf, n, "%Y", &then);
	else if (now.tm_yday != then.tm_yday)
		len = strftime(buf, n, "%b%d", &then);
	else
		len = strftime(buf, n, "%H:%M", &then);
	if (!len)
		buf[0] = '\0';
}

/* The local start time as "Www Mmm dd hh:mm:ss yyyy" in str, or "-" in
 * buf and false when unknown */
static bool start_text(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n, time_t *t, char str[32])
{
	struct tm tm;

	if (!HAVE(p, SYSQ_P_START_TICKS)) {
		snprintf(buf, n, "-");
		return false;
	}
	*t = started(c, p);
	localtime_r(t, &tm);
	strftime(str, 32, "%a %b %e %H:%M:%S %Y", &tm);
	return true;
}

/* start: HH:MM:SS within a day, else "  Mon DD" */
static void r_start(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	char str[32];
	time_t t;

	if (!start_text(c, p, buf, n, &t, str))
		return;
	if (str[8] == ' ')
		str[8] = '0';
	if ((unsigned long)t + 86400 > (unsigned long)c->now)
		snprintf(buf, n, "%8.8s", str + 11);
	else
		snprintf(buf, n, "  %6.6s", str + 4);
}

static void r_lstart(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	char str[32];
	time_t t;

	if (start_text(c, p, buf, n, &t, str))
		snprintf(buf, n, "%s", str);
}

static void r_bsdstart(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	char str[32];
	time_t t;

	if (start_text(c, p, buf, n, &t, str))
		snprintf(buf, n, "%.6s", c->now - t > 86400 ? str + 4 : str + 10);
}

static void r_wchan(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	(void)c;
	if (!HAVE(p, SYSQ_P_WCHAN) || !strcmp(p->wchan, "0") || !p->wchan[0])
		snprintf(buf, n, "-");
	else
		sq_escape(buf, n, p->wchan);
	/* procps cuts the name to the column (not for the last column) */
	if (c->col_width > 0 && strlen(buf) > (size_t)c->col_width)
		buf[c->col_width] = '\0';
}

/* the forest prefix, then an escaped string */
static void with_forest(struct ctx *c, char *buf, size_t n, const char *s)
{
	size_t k = 0;

	if (c->forest_on && c->forest_type == 'u') {
		for (const char *f = c->forest; *f && k + 3 < n; f++) {
			memcpy(buf + k, "  ", 2); /* -H: two spaces a level */
			k += 2;
		}
	} else if (c->forest_on) {
		for (const char *f = c->forest; *f && k + 5 < n; f++) {
			const char *piece = *f == 'L' || *f == '+' ? " \\_ " : *f == '|' ? " |  " : "    ";

			memcpy(buf + k, piece, 4);
			k += 4;
		}
	}
	buf[k] = '\0';
	sq_escape(buf + k, n - k, s);
}

/* args: the command line, "[comm]" when it has none, "<defunct>" for
 * zombies; with BSD e, the environment after it */
static void command_line(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	char *line;
	size_t len = 0, k;

	if (p->ncmdline == 0) {
		char tmp[SYSQ_PROC_NAME_MAX + 16];

		snprintf(tmp, sizeof(tmp), p->state == 'Z' ? "[%s] <defunct>" : "[%s]", p->comm);
		with_forest(c, buf, n, tmp);
		return;
	}
	for (size_t i = 0; i < p->ncmdline; i++)
		len += strlen(p->cmdline[i]) + 1;
	if (c->bsd_e)
		for (size_t i = 0; i < p->nenviron; i++)
			len += strlen(p->environ[i]) + 1;
	if (!(line = malloc(len + 1))) {
		snprintf(buf, n, "-");
		return;
	}
	k = 0;
	for (size_t i = 0; i < p->ncmdline; i++)
		k += (size_t)sprintf(line + k, i ? " %s" : "%s", p->cmdline[i]);
	if (c->bsd_e)
		for (size_t i = 0; i < p->nenviron; i++)
			k += (size_t)sprintf(line + k, " %s", p->environ[i]);
	line[k] = '\0';
	with_forest(c, buf, n, line);
	free(line);
}

static void r_args(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { command_line(c, p, buf, n); }

static void r_comm(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	if (c->unix_f) {
		command_line(c, p, buf, n);
		return;
	}
	with_forest(c, buf, n, c->thread ? c->thread->name : p->comm);
}

static void r_exe(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	(void)c;
	OR_DASH(p, SYSQ_P_EXE, sq_escape(buf, n, p->exe));
}

static void r_label(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	(void)c;
	OR_DASH(p, SYSQ_P_LABEL, sq_escape(buf, n, p->label));
}

static void r_cgroup(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	char *s;

	(void)c;
	if (!HAVE(p, SYSQ_P_CGROUP)) {
		snprintf(buf, n, "-");
		return;
	}
	/* procps joins the lines with ';' */
	s = strdup(p->cgroup);
	if (!s) {
		snprintf(buf, n, "-");
		return;
	}
	for (char *q = s; *q; q++)
		if (*q == '\n')
			*q = ';';
	sq_escape(buf, n, s);
	free(s);
}

static void r_sig(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n, int f, uint64_t v)
{
	if (!HAVE(p, f))
		snprintf(buf, n, "-");
	else if (c->wide_signals)
		snprintf(buf, n, "%016" PRIx64, v);
	else /* the low 32 bits, '<' when higher ones are set (procps) */
		snprintf(buf, n, "%s%08" PRIx64, v >> 32 ? "<" : "", v & 0xffffffffu);
}
static void r_pending(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { r_sig(c, p, buf, n, SYSQ_P_SIG_PENDING, p->sig_pending); }
static void r_blocked(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { r_sig(c, p, buf, n, SYSQ_P_SIG_BLOCKED, p->sig_blocked); }
static void r_ignored(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { r_sig(c, p, buf, n, SYSQ_P_SIG_IGNORED, p->sig_ignored); }
static void r_caught(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { r_sig(c, p, buf, n, SYSQ_P_SIG_CAUGHT, p->sig_caught); }

enum { S = SYSQ_PN_STAT, ST = SYSQ_PN_STATUS, O = SYSQ_PN_OWNER };

#define COL(k, h, j, w, ju, nd, fn, fld, hl) \
	{ .key = k, .header = h, .json = j, .width = w, .just = ju, .need = nd, .render = fn, .field = fld, .help = hl }
#define PIDCOL(k, h, j, nd, fn, fld, hl) \
	{ .key = k, .header = h, .json = j, .width = 5, .just = J_RIGHT, .need = nd, .pidmax = true, .render = fn, .field = fld, .help = hl }

static const struct column columns[] = {
	COL("%cpu", "%CPU", "cpu_percent", 4, J_RIGHT, S, r_pcpu, -1, "CPU time over elapsed time"),
	COL("%mem", "%MEM", "memory_percent", 4, J_RIGHT,  ST, r_pmem, -1, "resident memory over total memory"),
	COL("addr", "ADDR", NULL, 4, J_RIGHT, 0, r_addr, -1, "always -"),
	COL("args", "COMMAND", "cmdline", 27, J_UNLIMITED, S | SYSQ_PN_CMDLINE, r_args, SYSQ_P_CMDLINE, "command with its arguments"),
	COL("blocked", "BLOCKED", "sig_blocked", 9, J_SIGNAL, ST, r_blocked, SYSQ_P_SIG_BLOCKED, "blocked signals"),
	COL("bsdstart", "START", "create_time", 6, J_RIGHT, S, r_bsdstart, SYSQ_P_CREATE_TIME, "start time (BSD)"),
	COL("bsdtime", "TIME", "cpu_time", 6, J_RIGHT, S, r_bsdtime, -1, "user + system CPU time, MMM:SS"),
	COL("c", "C", "cpu_utilization", 2, J_RIGHT, S, r_c, -1, "integer %CPU"),
	COL("caught", "CAUGHT", "sig_caught", 9, J_SIGNAL, ST, r_caught, SYSQ_P_SIG_CAUGHT, "caught signals"),
	COL("cgroup", "CGROUP", "cgroup", 27, J_UNLIMITED, SYSQ_PN_CGROUP, r_cgroup, SYSQ_P_CGROUP, "control groups"),
	COL("class", "CLS", "policy", 3, J_LEFT, S, r_class, SYSQ_P_POLICY, "scheduling class"),
	COL("cls", "CLS", "policy", 3, J_RIGHT, S, r_class, SYSQ_P_POLICY, "scheduling class"),
	COL("cmd", "CMD", "cmdline", 27, J_UNLIMITED, S | SYSQ_PN_CMDLINE, r_args, SYSQ_P_CMDLINE, "see args"),
	COL("comm", "COMMAND", "name", 15, J_UNLIMITED, S, r_comm, SYSQ_P_NAME, "command name"),
	COL("command", "COMMAND", "cmdline", 27, J_UNLIMITED, S | SYSQ_PN_CMDLINE, r_args, SYSQ_P_CMDLINE, "see args"),
	COL("cputime", "TIME", "cpu_time", 8, J_RIGHT, S, r_time, -1, "see time"),
	COL("drs", "DRS", "drs", 5, J_RIGHT, S, r_drs, -1, "data resident size: virtual size less the text, KiB"),
	COL("egid", "EGID", "egid", 5, J_RIGHT, ST, r_egid, SYSQ_P_EGID, "effective group ID"),
	COL("egroup", "EGROUP", "egroup", 8, J_USER, ST, r_egroup, -1, "effective group name"),
	COL("etime", "ELAPSED", "elapsed", 11, J_RIGHT, S, r_etime, -1, "time since start, [[DD-]hh:]mm:ss"),
	COL("etimes", "ELAPSED", "elapsed", 7, J_RIGHT, S, r_etimes, -1, "seconds since start"),
	COL("euid", "EUID", "euid", 5, J_RIGHT, O, r_euid, SYSQ_P_EUID, "effective user ID"),
	COL("euser", "EUSER", "username", 8, J_USER, O, r_euser, -1, "effective user name"),
	COL("exe", "EXE", "exe", 27, J_UNLIMITED, SYSQ_PN_EXE, r_exe, SYSQ_P_EXE, "path of the executable"),
	COL("f", "F", "flags", 1, J_RIGHT, S, r_flags, SYSQ_P_FLAGS, "flags (octal, PF_* >> 6)"),
	COL("fgid", "FGID", "fsgid", 5, J_RIGHT, ST, r_fsgid, SYSQ_P_FSGID, "file system group ID"),
	COL("flag", "F", "flags", 1, J_RIGHT, S, r_flags, SYSQ_P_FLAGS, "see f"),
	COL("flags", "F", "flags", 1, J_RIGHT, S, r_flags, SYSQ_P_FLAGS, "see f"),
	COL("fname", "COMMAND", "name", 8, J_LEFT, S, r_comm, SYSQ_P_NAME, "first 8 bytes of the name"),
	COL("fuid", "FUID", "fsuid", 5, J_RIGHT, ST, r_fsuid, SYSQ_P_FSUID, "file system user ID"),
	COL("fuser", "FUSER", "fsuser", 8, J_USER, ST, r_fuser, -1, "file system user name"),
	COL("gid", "GID", "egid", 5, J_RIGHT, ST, r_egid, SYSQ_P_EGID, "see egid"),
	COL("group", "GROUP", "egroup", 8, J_USER, ST, r_egroup, -1, "see egroup"),
	COL("ignored", "IGNORED", "sig_ignored", 9, J_SIGNAL, ST, r_ignored, SYSQ_P_SIG_IGNORED, "ignored signals"),
	COL("label", "LABEL", "label", 31, J_LEFT, SYSQ_PN_LABEL, r_label, SYSQ_P_LABEL, "security label (SELinux, AppArmor)"),
	COL("lstart", "STARTED", "create_time", 24, J_RIGHT, S, r_lstart, SYSQ_P_CREATE_TIME, "start time, full"),
	PIDCOL("lwp", "LWP", "tid", S, r_lwp, -1, "thread ID"),
	COL("maj_flt", "MAJFL", "major_faults", 6, J_RIGHT, S, r_maj, SYSQ_P_MAJOR_FAULTS, "major page faults"),
	COL("majflt", "MAJFLT", "major_faults", 6, J_RIGHT, S, r_maj, SYSQ_P_MAJOR_FAULTS, "major page faults"),
	COL("min_flt", "MINFL", "minor_faults", 6, J_RIGHT, S, r_min, SYSQ_P_MINOR_FAULTS, "minor page faults"),
	COL("minflt", "MINFLT", "minor_faults", 6, J_RIGHT, S, r_min, SYSQ_P_MINOR_FAULTS, "minor page faults"),
	COL("ni", "NI", "nice", 3, J_RIGHT, S, r_nice, SYSQ_P_NICE, "nice value"),
	COL("nice", "NI", "nice", 3, J_RIGHT, S, r_nice, SYSQ_P_NICE, "see ni"),
	COL("nlwp", "NLWP", "num_threads", 4, J_RIGHT, S, r_nlwp, SYSQ_P_NUM_THREADS, "threads"),
	COL("num_fds", "FDS", "num_fds", 4, J_RIGHT, SYSQ_PN_FDS, r_fds, SYSQ_P_NUM_FDS, "open file descriptors (psutil)"),
	COL("opri", "PRI", "priority", 3, J_RIGHT, S, r_opri, -1, "priority, 60 + kernel priority"),
	COL("pcpu", "%CPU", "cpu_percent", 4, J_RIGHT, S, r_pcpu, -1, "see %cpu"),
	COL("pending", "PENDING", "sig_pending", 9, J_SIGNAL, ST, r_pending, SYSQ_P_SIG_PENDING, "pending signals"),
	PIDCOL("pgid", "PGID", "pgid", S, r_pgid, SYSQ_P_PGID, "process group ID"),
	PIDCOL("pgrp", "PGRP", "pgid", S, r_pgid, SYSQ_P_PGID, "see pgid"),
	PIDCOL("pid", "PID", "pid", 0, r_pid, SYSQ_P_PID, "process ID"),
	COL("pmem", "%MEM", "memory_percent", 4, J_RIGHT,  ST, r_pmem, -1, "see %mem"),
	COL("policy", "POL", "policy", 3, J_LEFT, S, r_class, SYSQ_P_POLICY, "see class"),
	PIDCOL("ppid", "PPID", "ppid", S, r_ppid, SYSQ_P_PPID, "parent process ID"),
	COL("pri", "PRI", "priority", 3, J_RIGHT, S, r_pri, -1, "priority, 39 - kernel priority"),
	COL("priority", "PRI", "priority", 3, J_RIGHT, S, r_priority, SYSQ_P_PRIORITY, "kernel priority"),
	COL("psr", "PSR", "cpu_num", 3, J_RIGHT, S, r_psr, SYSQ_P_CPU_NUM, "last CPU"),
	COL("pss", "PSS", "pss", 5, J_RIGHT, SYSQ_PN_SMAPS, r_pss, SYSQ_P_PSS, "proportional set size, KiB"),
	COL("rbytes", "RBYTES", "read_bytes", 5, J_RIGHT, SYSQ_PN_IO, r_rbytes, SYSQ_P_READ_BYTES, "bytes read from storage"),
	COL("rgid", "RGID", "rgid", 5, J_RIGHT, ST, r_rgid, SYSQ_P_RGID, "real group ID"),
	COL("rgroup", "RGROUP", "rgroup", 8, J_USER, ST, r_rgroup, -1, "real group name"),
	COL("rss", "RSS", "rss", 5, J_RIGHT, ST, r_rss, SYSQ_P_RSS, "resident set size, KiB"),
	COL("rssize", "RSS", "rss", 5, J_RIGHT, ST, r_rss, SYSQ_P_RSS, "see rss"),
	COL("rsz", "RSZ", "rss", 5, J_RIGHT, ST, r_rss, SYSQ_P_RSS, "see rss"),
	COL("rtprio", "RTPRIO", "rt_priority", 6, J_RIGHT, S, r_rtprio, SYSQ_P_RT_PRIORITY, "real-time priority"),
	COL("ruid", "RUID", "ruid", 5, J_RIGHT, ST, r_ruid, SYSQ_P_RUID, "real user ID"),
	COL("ruser", "RUSER", "ruser", 8, J_USER, ST, r_ruser, -1, "real user name"),
	COL("s", "S", "status", 1, J_LEFT, S, r_s, SYSQ_P_STATUS, "state letter"),
	PIDCOL("sess", "SESS", "sid", S, r_sid, SYSQ_P_SID, "see sid"),
	PIDCOL("session", "SESS", "sid", S, r_sid, SYSQ_P_SID, "see sid"),
	COL("sgid", "SGID", "sgid", 5, J_RIGHT, ST, r_sgid, SYSQ_P_SGID, "saved group ID"),
	PIDCOL("sid", "SID", "sid", S, r_sid, SYSQ_P_SID, "session ID"),
	COL("sig_block", "BLOCKED", "sig_blocked", 9, J_SIGNAL, ST, r_blocked, SYSQ_P_SIG_BLOCKED, "see blocked"),
	COL("sig_catch", "CATCHED", "sig_caught", 9, J_SIGNAL, ST, r_caught, SYSQ_P_SIG_CAUGHT, "see caught"),
	COL("sig_ignore", "IGNORED", "sig_ignored", 9, J_SIGNAL, ST, r_ignored, SYSQ_P_SIG_IGNORED, "see ignored"),
	PIDCOL("spid", "SPID", "tid", S, r_lwp, -1, "see lwp"),
	COL("start", "STARTED", "create_time", 8, J_RIGHT, S, r_start, SYSQ_P_CREATE_TIME, "start time"),
	COL("start_time", "START", "create_time", 5, J_RIGHT, S, r_stime, SYSQ_P_CREATE_TIME, "start time, short"),
	COL("stat", "STAT", "stat", 4, J_LEFT, S | ST, r_stat, -1, "state with BSD flags (L needs status)"),
	COL("state", "S", "status", 1, J_LEFT, S, r_s, SYSQ_P_STATUS, "see s"),
	COL("stime", "STIME", "create_time", 5, J_RIGHT, S, r_stime, SYSQ_P_CREATE_TIME, "see start_time"),
	COL("suid", "SUID", "suid", 5, J_RIGHT, ST, r_suid, SYSQ_P_SUID, "saved user ID"),
	COL("suser", "SUSER", "suser", 8, J_USER, ST, r_suser, -1, "saved user name"),
	COL("swap", "SWAP", "swap", 5, J_RIGHT, ST, r_swap, SYSQ_P_SWAP, "swapped-out memory, KiB (psutil)"),
	COL("sz", "SZ", "sz", 5, J_RIGHT, S, r_sz, -1, "virtual size in pages"),
	PIDCOL("tgid", "TGID", "pid", 0, r_pid, SYSQ_P_PID, "see pid"),
	COL("thcount", "THCNT", "num_threads", 5, J_RIGHT, S, r_nlwp, SYSQ_P_NUM_THREADS, "see nlwp"),
	PIDCOL("tid", "TID", "tid", S, r_lwp, -1, "see lwp"),
	COL("time", "TIME", "cpu_time", 8, J_RIGHT, S, r_time, -1, "user + system CPU time, [DD-]HH:MM:SS"),
	COL("tname", "TTY", "terminal", 8, J_LEFT, S, r_tty, -1, "terminal"),
	PIDCOL("tpgid", "TPGID", "tpgid", S, r_tpgid, SYSQ_P_TPGID, "foreground process group of the terminal"),
	COL("trs", "TRS", "trs", 4, J_RIGHT, S, r_trs, -1, "text resident size: the program text, KiB"),
	COL("tt", "TT", "terminal", 8, J_LEFT, S, r_tty, -1, "see tname"),
	COL("tty", "TT", "terminal", 8, J_LEFT, S, r_tty, -1, "see tname"),
	COL("ucmd", "CMD", "name", 15, J_UNLIMITED, S, r_comm, SYSQ_P_NAME, "see comm"),
	COL("ucomm", "COMMAND", "name", 15, J_UNLIMITED, S, r_comm, SYSQ_P_NAME, "see comm"),
	COL("uid", "UID", "euid", 5, J_RIGHT, O, r_euid, SYSQ_P_EUID, "see euid"),
	COL("uid_hack", "UID", "username", 8, J_USER, O, r_euser, -1, "user name, or ID when longer than 8"),
	COL("uname", "USER", "username", 8, J_USER, O, r_euser, -1, "see euser"),
	COL("user", "USER", "username", 8, J_USER, O, r_euser, -1, "see euser"),
	COL("uss", "USS", "uss", 5, J_RIGHT, SYSQ_PN_SMAPS, r_uss, SYSQ_P_USS, "unique set size, KiB"),
	COL("vsize", "VSZ", "vms", 6, J_RIGHT, S, r_vsz, SYSQ_P_VMS_STAT, "see vsz"),
	COL("vsz", "VSZ", "vms", 6, J_RIGHT, S, r_vsz, SYSQ_P_VMS_STAT, "virtual memory size, KiB"),
	COL("wbytes", "WBYTES", "write_bytes", 5, J_RIGHT, SYSQ_PN_IO, r_wbytes, SYSQ_P_WRITE_BYTES, "bytes written to storage"),
	COL("wchan", "WCHAN", "wchan", 6, J_LEFT, SYSQ_PN_WCHAN, r_wchan, SYSQ_P_WCHAN, "kernel function the process sleeps in"),
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

static const struct column *find_column(const char *key)
{
	for (size_t i = 0; i < NCOLUMNS; i++)
		if (strcmp(columns[i].key, key) == 0)
			return &columns[i];
	return NULL;
}

/* ---- the chosen format ------------------------------------------------- */

#define MAXCOLS 64

struct fmtcol {
	const struct column *col;
	bool from_O;        /* given with -O: goes after PID */
	char *header;       /* KEY=HEADER overrides (allocated) */
	int width;          /* KEY:WIDTH overrides */
};

struct format {
	struct fmtcol v[MAXCOLS];
	size_t n;
};

static void format_add(struct format *f, const char *spec, bool allow_rename, bool from_O)
{
	char *copy = strdup(spec), *save = NULL, *tok;

	if (!copy)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	/* procps 4.0.2 splits at commas and blanks first; each item is
	 * KEY[:WIDTH][=HEADER], so a header holds neither */
	for (tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		char *eq = allow_rename ? strchr(tok, '=') : NULL, *colon;
		struct fmtcol *fc;

		if (f->n == MAXCOLS)
			sq_usage_error("too many columns in '%s'", spec);
		fc = &f->v[f->n];
		memset(fc, 0, sizeof(*fc));
		if (eq) {
			*eq = '\0';
			if (!(fc->header = strdup(eq + 1)))
				sq_die(SQ_EXIT_FAIL, "out of memory");
		}
		if ((colon = strchr(tok, ':')) != NULL) {
			*colon = '\0';
			fc->width = (int)sq_arg_int("column width", colon + 1, 1, 4096);
		}
		if (!(fc->col = find_column(tok)))
			sq_usage_error("unknown user-defined format specifier \"%s\"", tok);
		fc->from_O = from_O;
		f->n++;
	}
	free(copy);
}

/* ---- options ----------------------------------------------------------- */

enum list_kind { L_PID, L_PPID, L_SID, L_TTY, L_CMD, L_EUSER, L_RUSER, L_EGROUP, L_RGROUP, L__COUNT };

struct idlist {
	int64_t *v;
	size_t n;
	char **names; /* for -C and terminals */
	size_t nnames;
};

struct sortkey {
	const struct column *col;
	bool desc;
};

struct opts {
	bool all, all_tty, no_leaders_tty, no_leaders, deselect, bsd_x, bsd_a, running;
	bool any_select;
	struct idlist list[L__COUNT];
	bool quick;
	struct format fmt;
	bool fmt_given, fmt_extra;
	const char *bsd_layout; /* BSD "u", "v", "j", "l", "s", or NULL */
	bool u_f, u_F, u_l, u_j; /* UNIX format modifiers -f -F -l -j (they combine) */
	bool u_c, label;          /* -c: CLS and PRI; -Z, -M, Z: LABEL first */
	bool threads_m;           /* -m, m: threads after their process */
	bool y, forest, forest_unix, threads_L, threads_T, threads_H;
	bool bsd_syntax; /* a BSD word was given: BSD's default selection */
	struct sortkey sort[16];
	size_t nsort;
	int headers; /* -1 default, 0 none, 1 every page */
	long cols;   /* 0: terminal or unlimited */
	long lines;  /* --lines: the page for --headers */
	int wide;
	bool bsd_e;
	bool list_keys;
};

static int64_t parse_user(const char *s)
{
	struct passwd *pw;

	if (*s >= '0' && *s <= '9')
		return sq_arg_int("user ID", s, 0, UINT32_MAX);
	if (!(pw = getpwnam(s)))
		sq_usage_error("user name does not exist: '%s'", s);
	return pw->pw_uid;
}

static int64_t parse_group(const char *s)
{
	struct group *gr;

	if (*s >= '0' && *s <= '9')
		return sq_arg_int("group ID", s, 0, UINT32_MAX);
	if (!(gr = getgrnam(s)))
		sq_usage_error("group name does not exist: '%s'", s);
	return gr->gr_gid;
}

static void list_add(struct opts *o, enum list_kind k, const char *arg)
{
	struct idlist *l = &o->list[k];
	char *copy = strdup(arg), *save = NULL, *tok;

	if (!copy)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	if (!*arg)
		sq_usage_error("empty list for a selection option");
	for (tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		int64_t v = 0;

		switch (k) {
		case L_PID: case L_PPID: case L_SID:
			v = sq_arg_int("process ID", tok, 1, INT32_MAX);
			break;
		case L_EUSER: case L_RUSER:
			v = parse_user(tok);
			break;
		case L_EGROUP: case L_RGROUP:
			v = parse_group(tok);
			break;
		case L_TTY: case L_CMD: {
			char **nn = realloc(l->names, (l->nnames + 1) * sizeof(char *));

			if (!nn)
				sq_die(SQ_EXIT_FAIL, "out of memory");
			l->names = nn;
			/* terminals are compared without /dev/ */
			l->names[l->nnames++] = strdup(k == L_TTY && !strncmp(tok, "/dev/", 5) ? tok + 5 : tok);
			continue;
		}
		default:
			break;
		}
		int64_t *nv = realloc(l->v, (l->n + 1) * sizeof(int64_t));

		if (!nv)
			sq_die(SQ_EXIT_FAIL, "out of memory");
		l->v = nv;
		l->v[l->n++] = v;
	}
	free(copy);
	o->any_select = true;
}

static bool in_list(const struct idlist *l, int64_t v)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == v)
			return true;
	return false;
}

static void add_sort(struct opts *o, const char *spec)
{
	char *copy = strdup(spec), *save = NULL, *tok;

	if (!copy)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		bool desc = false;

		if (*tok == '+' || *tok == '-')
			desc = *tok++ == '-';
		if (o->nsort == sizeof(o->sort) / sizeof(o->sort[0]))
			sq_usage_error("too many sort keys in '%s'", spec);
		if (!(o->sort[o->nsort].col = find_column(tok)))
			sq_usage_error("unknown sort specifier '%s'", tok);
		o->sort[o->nsort++].desc = desc;
	}
	free(copy);
}

/* BSD options: a word of letters without a dash ("aux", "axjf"). */
static void bsd_options(struct opts *o, const char *word, int *argi, int argc, char **argv)
{
	for (const char *p = word; *p; p++) {
		const char *rest;

		switch (*p) {
		case 'a': o->bsd_a = true; o->any_select = true; break;
		case 'x': o->bsd_x = true; o->any_select = true; break;
		case 'r': o->running = true; break;
		case 'u': case 'v': case 'j': case 'l': case 's': {
			static const char *const names[] = { "u", "v", "j", "l", "s" };
			const char *name = names[strchr("uvjls", *p) - "uvjls"];

			if (o->bsd_layout && strcmp(o->bsd_layout, name))
				sq_usage_error("conflicting format options: '%s' and '%s'", o->bsd_layout, name);
			o->bsd_layout = name;
			break;
		}
		case 'f': o->forest = true; break;
		case 'e': o->bsd_e = true; break;
		case 'w': o->wide++; break;
		case 'H': o->threads_H = true; break;
		case 'm': o->threads_m = true; break;
		case 'Z': o->label = true; break;
		case 'L': o->list_keys = true; break;
		case 'c': break; /* true command name: our comm already is */
		case 'n': break; /* numeric output: accepted */
		case 'h': o->headers = 0; break;
		case 'o': case 'O': case 'p': case 'q': case 't': case 'U': case 'k': {
			char opt = *p;

			rest = p[1] ? p + 1 : (*argi + 1 < argc ? argv[++*argi] : NULL);
			if (!rest)
				sq_usage_error("option '%c' requires an argument", opt);
			if (opt == 'o')
				format_add(&o->fmt, rest, true, false), o->fmt_given = true;
			else if (opt == 'O')
				format_add(&o->fmt, rest, true, true), o->fmt_extra = true;
			else if (opt == 'p')
				list_add(o, L_PID, rest);
			else if (opt == 'q')
				list_add(o, L_PID, rest), o->quick = true;
			else if (opt == 't')
				list_add(o, L_TTY, rest);
			else if (opt == 'U')
				list_add(o, L_EUSER, rest);
			else
				add_sort(o, rest);
			return;
		}
		default:
			sq_usage_error("unknown BSD option '%c' in '%s'", *p, word);
		}
	}
}

static void long_option(struct opts *o, struct sq_cli *cli, const char *name, const char *val,
			int *argi, int argc, char **argv)
{
	static const char *const with_arg[] = { "sort", "format", "pid", "ppid", "user", "User", "group", "Group",
						"sid", "tty", "cols", "columns", "width", "lines", "rows",
						"quick-pid", "deselect-no", NULL };
	bool needs = false;

	for (int i = 0; with_arg[i]; i++)
		if (!strcmp(name, with_arg[i]))
			needs = true;
	if (needs && !val) {
		if (*argi + 1 >= argc)
			sq_usage_error("option '--%s' requires an argument", name);
		val = argv[++*argi];
	}
	if (!needs && val)
		sq_usage_error("option '--%s' doesn't allow an argument", name);
	if (!strcmp(name, "sort")) add_sort(o, val);
	else if (!strcmp(name, "format")) format_add(&o->fmt, val, true, false), o->fmt_given = true;
	else if (!strcmp(name, "pid")) list_add(o, L_PID, val);
	else if (!strcmp(name, "quick-pid")) list_add(o, L_PID, val), o->quick = true;
	else if (!strcmp(name, "ppid")) list_add(o, L_PPID, val);
	else if (!strcmp(name, "user")) list_add(o, L_EUSER, val);
	else if (!strcmp(name, "User")) list_add(o, L_RUSER, val);
	else if (!strcmp(name, "group")) list_add(o, L_EGROUP, val);
	else if (!strcmp(name, "Group")) list_add(o, L_RGROUP, val);
	else if (!strcmp(name, "sid")) list_add(o, L_SID, val);
	else if (!strcmp(name, "tty")) list_add(o, L_TTY, val);
	else if (!strcmp(name, "cols") || !strcmp(name, "columns") || !strcmp(name, "width"))
		o->cols = (long)sq_arg_int("--cols", val, 1, 131072);
	else if (!strcmp(name, "lines") || !strcmp(name, "rows"))
		o->lines = (long)sq_arg_int("--lines", val, 1, 1 << 20);
	else if (!strcmp(name, "forest")) o->forest = true;
	else if (!strcmp(name, "no-headers") || !strcmp(name, "no-heading")) o->headers = 0;
	else if (!strcmp(name, "headers")) o->headers = 1;
	else if (!strcmp(name, "deselect")) o->deselect = true;
	else if (!strcmp(name, "json")) sq_cli_common(cli, SQ_OPT_JSON);
	else if (!strcmp(name, "pretty")) sq_cli_common(cli, SQ_OPT_PRETTY);
	else if (!strcmp(name, "help")) sq_cli_common(cli, SQ_OPT_HELP);
	else if (!strcmp(name, "version") || !strcmp(name, "info")) sq_cli_common(cli, SQ_OPT_VERSION);
	else sq_usage_error("unrecognized option '--%s'", name);
}

static void unix_options(struct opts *o, const char *word, int *argi, int argc, char **argv)
{
	for (const char *p = word; *p; p++) {
		const char *rest;
		char opt = *p;

		switch (opt) {
		case 'A': case 'e': o->all = true; o->any_select = true; continue;
		case 'a': o->no_leaders_tty = true; o->any_select = true; continue;
		case 'd': o->no_leaders = true; o->any_select = true; continue;
		case 'N': o->deselect = true; continue;
		case 'f': o->u_f = true; continue;
		case 'F': o->u_F = true; continue;
		case 'l': o->u_l = true; continue;
		case 'j': o->u_j = true; continue;
		case 'y': o->y = true; continue;
		case 'H': o->forest = true; o->forest_unix = true; continue;
		case 'L': o->threads_L = true; continue;
		case 'T': o->threads_T = true; continue;
		case 'w': o->wide++; continue;
		case 'c': o->u_c = true; continue;
		case 'm': o->threads_m = true; continue;
		case 'M': case 'Z': o->label = true; continue;
		case 'n': continue; /* a namelist file: the kernel names wchan itself */
		case 'V': printf("ps (sysq) %s\n", PACKAGE_VERSION); exit(SQ_EXIT_OK);
		case 'o': case 'O': case 'p': case 'q': case 'C': case 'u': case 'U': case 'g': case 'G':
		case 's': case 't': case 'k':
			break;
		default:
			sq_usage_error("unknown option '-%c'", opt);
		}
		rest = p[1] ? p + 1 : (*argi + 1 < argc ? argv[++*argi] : NULL);
		if (!rest)
			sq_usage_error("option '-%c' requires an argument", opt);
		switch (opt) {
		case 'o': format_add(&o->fmt, rest, true, false); o->fmt_given = true; break;
		case 'O': format_add(&o->fmt, rest, true, true); o->fmt_extra = true; break;
		case 'p': list_add(o, L_PID, rest); break;
		case 'q': list_add(o, L_PID, rest); o->quick = true; break;
		case 'C': list_add(o, L_CMD, rest); break;
		case 'u': list_add(o, L_EUSER, rest); break;
		case 'U': list_add(o, L_RUSER, rest); break;
		case 'g': list_add(o, L_EGROUP, rest); break;
		case 'G': list_add(o, L_RGROUP, rest); break;
		case 's': list_add(o, L_SID, rest); break;
		case 't': list_add(o, L_TTY, rest); break;
		case 'k': add_sort(o, rest); break;
		}
		return;
	}
}

static void parse(struct opts *o, struct sq_cli *cli, int argc, char **argv)
{
	memset(o, 0, sizeof(*o));
	o->headers = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] == '-' && a[1] == '-') {
			char name[64];
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			if (len == 0 || len >= sizeof(name))
				sq_usage_error("unrecognized option '%s'", a);
			memcpy(name, a + 2, len);
			name[len] = '\0';
			long_option(o, cli, name, eq ? eq + 1 : NULL, &i, argc, argv);
		} else if (a[0] == '-') {
			if (!a[1])
				sq_usage_error("unknown option '-'");
			unix_options(o, a + 1, &i, argc, argv);
		} else if (a[0] >= '0' && a[0] <= '9') {
			list_add(o, L_PID, a); /* ps 123 */
		} else {
			o->bsd_syntax = true;
			bsd_options(o, a, &i, argc, argv);
		}
	}
}

/* ---- selection ----------------------------------------------------------- */

struct me {
	int64_t euid, tty;
};

static bool selected(const struct opts *o, struct ctx *c, const struct sysq_proc *p, const struct me *me)
{
	bool sel = false, has_tty = HAVE(p, SYSQ_P_TTY_NR) && p->tty_nr != 0;
	bool leader = p->sid == p->pid;
	char tty[64];

	if (!o->any_select) {
		/* mine on my terminal; BSD syntax: mine with any terminal */
		sel = HAVE(p, SYSQ_P_EUID) && p->euid == me->euid &&
		      (o->bsd_syntax ? has_tty : p->tty_nr == me->tty);
	} else {
		if (o->all)
			sel = true;
		if (o->no_leaders_tty && has_tty && !leader)
			sel = true;
		if (o->no_leaders && !leader)
			sel = true;
		/* BSD: a lifts "only mine", x lifts "only with a terminal" */
		if (o->bsd_a || o->bsd_x) {
			bool mine = HAVE(p, SYSQ_P_EUID) && p->euid == me->euid;

			if ((o->bsd_a || mine) && (o->bsd_x || has_tty))
				sel = true;
		}
		if (in_list(&o->list[L_PID], p->pid) || in_list(&o->list[L_PPID], p->ppid) ||
		    in_list(&o->list[L_SID], p->sid) || (HAVE(p, SYSQ_P_EUID) && in_list(&o->list[L_EUSER], p->euid)) ||
		    (HAVE(p, SYSQ_P_RUID) && in_list(&o->list[L_RUSER], p->ruid)) ||
		    (HAVE(p, SYSQ_P_EGID) && in_list(&o->list[L_EGROUP], p->egid)) ||
		    (HAVE(p, SYSQ_P_RGID) && in_list(&o->list[L_RGROUP], p->rgid)))
			sel = true;
		for (size_t i = 0; i < o->list[L_CMD].nnames && !sel; i++)
			/* procps: the first 15 bytes, the kernel's length of comm */
			if (!strncmp(o->list[L_CMD].names[i], p->comm, 15))
				sel = true;
		if (o->list[L_TTY].nnames) {
			sysq_tty_name(c->lib, p->tty_nr, tty, sizeof(tty));
			for (size_t i = 0; i < o->list[L_TTY].nnames && !sel; i++)
				if (!strcmp(o->list[L_TTY].names[i], has_tty ? tty : "-") ||
				    (!has_tty && !strcmp(o->list[L_TTY].names[i], "?")))
					sel = true;
		}
	}
	if (o->deselect)
		sel = !sel;
	if (sel && o->running && p->state != 'R')
		sel = false;
	return sel;
}

/* ---- layout ---------------------------------------------------------------- */

/* insert a column after position at (after the last one when at >= n) */
static void insert_col(struct format *f, size_t at, const char *key)
{
	if (f->n == MAXCOLS)
		sq_usage_error("too many columns");
	if (at > f->n)
		at = f->n;
	memmove(&f->v[at + 1], &f->v[at], (f->n - at) * sizeof(f->v[0]));
	memset(&f->v[at], 0, sizeof(f->v[0]));
	f->v[at].col = find_column(key);
	f->n++;
}

/* the position after the last of the given keys, or 0 */
static size_t after_last(const struct format *f, const char *const *keys)
{
	size_t at = 0;

	for (size_t i = 0; i < f->n; i++)
		for (size_t k = 0; keys[k]; k++)
			if (!strcmp(f->v[i].col->key, keys[k]))
				at = i + 1;
	return at;
}

/* The System V layouts: -f -F -l -j -y combine, as in procps; with BSD
 * syntax elsewhere on the line, BSD's TIME, STAT and COMMAND. */
static void sysv_layout(const struct opts *o, struct format *f)
{
	bool l = o->u_l, fF = o->u_f || o->u_F, any = l || fF || o->u_j, bsd = o->bsd_syntax;
	char list[256];

	snprintf(list, sizeof(list), "%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s",
		 l && !o->y ? "f," : "", l ? "s," : "", fF ? "uid_hack," : l ? "uid," : "", "pid,",
		 l || fF ? "ppid," : "", o->u_j ? "pgid,sid," : "", o->u_c ? "class,pri," : l || fF ? "c," : "",
		 l && !o->u_c ? "opri,ni," : "",
		 l && !o->y ? "addr:1," : "", l && o->y ? "rss," : "", l || o->u_F ? "sz," : "", l ? "wchan," : "",
		 o->u_F && !(l && o->y) ? "rss," : "", o->u_F ? "psr," : "", fF ? "stime," : "", "tname,",
		 bsd && !l ? "stat," : "", bsd ? "bsdtime," : "time,",
		 bsd ? (any ? "cmd" : "args") : fF ? "cmd" : "ucmd", "");
	format_add(f, list, false, false);
}

static void build_format(struct opts *o, struct ctx *c)
{
	static const char *const ids[] = { "pid", "ppid", "pgid", "sid", NULL };
	static const char *const cpu[] = { "c", "pcpu", NULL };
	const char *b = o->bsd_layout;
	struct format given = o->fmt;

	/* procps's rules for what combines */
	if (o->y && !o->u_l && !(b && !strcmp(b, "l")))
		sq_usage_error("modifier -y without format -l makes no sense");
	if (b && (o->u_f || o->u_F || o->u_l))
		sq_usage_error("conflicting format options: BSD '%s' and a System V layout", b);
	if ((o->fmt_given || o->fmt_extra) && (b || o->u_l || o->u_F))
		sq_usage_error("conflicting format options: a layout and %s", o->fmt_given ? "-o" : "-O");
	if (o->fmt_given && (o->u_j || o->y))
		sq_usage_error("can not use output modifiers with user-defined output");
	if (o->threads_L && o->threads_T)
		sq_usage_error("thread flags conflict: can't use both -L and -T");
	if (o->forest && (o->threads_L || o->threads_T || o->threads_m || o->threads_H))
		sq_usage_error("thread display conflicts with forest display");
	if (o->threads_H && (o->threads_L || o->threads_T || o->threads_m))
		sq_usage_error("thread flags conflict: H shows threads as processes");
	if (o->fmt_given && !o->fmt_extra)
		return;
	memset(&o->fmt, 0, sizeof(o->fmt));
	if (o->fmt_extra) {
		/* -O: pid, the -O columns, the rest of the default; -o ones last */
		format_add(&o->fmt, "pid", false, false);
		for (size_t i = 0; i < given.n; i++)
			if (given.v[i].from_O)
				o->fmt.v[o->fmt.n++] = given.v[i];
		format_add(&o->fmt, o->bsd_syntax ? "s,tname,time,ucomm" : "s,tname,time,command", false, false);
		for (size_t i = 0; i < given.n; i++)
			if (!given.v[i].from_O) {
				if (o->fmt.n == MAXCOLS)
					sq_usage_error("too many columns");
				o->fmt.v[o->fmt.n++] = given.v[i];
			}
		return;
	}
	if (!b) {
		sysv_layout(o, &o->fmt);
	} else {
		static const struct { const char *name, *list; } bsd[] = {
			{ "u", "user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args" },
			{ "v", "pid,tname,stat,bsdtime,maj_flt,trs:5,drs,rss,pmem,args" },
			{ "j", "ppid,pid,pgid,sid,tname,tpgid,stat,uid,bsdtime,args" },
			{ "l", "f,uid,pid,ppid,priority,ni,vsz,rss,wchan,stat,tname,bsdtime,args" },
			{ "s", "uid,pid,pending,blocked,ignored,caught,stat,tname,bsdtime,args" },
		};

		for (size_t i = 0; i < sizeof(bsd) / sizeof(bsd[0]); i++)
			if (!strcmp(b, bsd[i].name))
				format_add(&o->fmt, bsd[i].list + (o->y && !strcmp(b, "l") ? 2 : 0), false, false);
		/* -j adds PGID and SID after PPID (or PID) */
		if (o->u_j) {
			size_t at = 0;

			for (size_t i = 0; i < o->fmt.n && !at; i++)
				if (!strcmp(o->fmt.v[i].col->key, "ppid"))
					at = i + 1;
			for (size_t i = 0; i < o->fmt.n && !at; i++)
				if (!strcmp(o->fmt.v[i].col->key, "pid"))
					at = i + 1;
			insert_col(&o->fmt, at, "sid");
			insert_col(&o->fmt, at, "pgid");
		}
	}
	if (o->label)
		insert_col(&o->fmt, 0, "label");
	c->unix_f = !b && (o->u_f || o->u_F);
	if (o->threads_L || o->threads_T) {
		/* LWP (or SPID) after the IDs; NLWP after C (or %CPU) with -f, -F, u */
		static const char *const pid[] = { "pid", NULL };

		/* -T: SPID right after PID; -L: LWP after the other IDs too */
		insert_col(&o->fmt, after_last(&o->fmt, o->threads_T ? pid : ids), o->threads_T ? "spid" : "lwp");
		if (o->threads_L && (c->unix_f || (b && !strcmp(b, "u"))) && after_last(&o->fmt, cpu))
			insert_col(&o->fmt, after_last(&o->fmt, cpu), "nlwp");
	}
}

/* what a thread row does not read for itself: the process's */
static const unsigned thread_skip = SYSQ_PN_CMDLINE | SYSQ_PN_ENVIRON | SYSQ_PN_EXE | SYSQ_PN_CWD;

static void borrow_strings(struct sysq_proc *t, const struct sysq_proc *p)
{
	t->cmdline = p->cmdline;
	t->ncmdline = p->ncmdline;
	t->environ = p->environ;
	t->nenviron = p->nenviron;
	t->exe = p->exe;
	t->cwd = p->cwd;
	for (int f = 0; f < SYSQ_P__COUNT; f++)
		if (sysq_proc_field_need(f) & thread_skip) {
			if (SYSQ_HAVE(p, f))
				SYSQ_SET(t, f);
		}
}

static void return_strings(struct sysq_proc *t)
{
	t->cmdline = t->environ = NULL;
	t->exe = t->cwd = NULL;
}

/* ---- rows -------------------------------------------------------------------- */

struct row {
	struct sysq_proc p;
	struct sysq_thread thread; /* with threads shown */
	bool is_thread;
	bool shared;               /* p's strings belong to an earlier row */
	bool borrowed;             /* a thread's own p, with its process's command line */
	bool m_process, m_thread;  /* -m: a process row, a thread row after it */
};

struct out {
	char *line;
	size_t cap, len;
	long cols;
};

static void emit(struct out *w, const char *s, size_t n)
{
	if (w->len + n + 1 > w->cap) {
		size_t nc = (w->len + n + 1) * 2;
		char *nl = realloc(w->line, nc);

		if (!nl)
			sq_die(SQ_EXIT_FAIL, "out of memory");
		w->line = nl;
		w->cap = nc;
	}
	memcpy(w->line + w->len, s, n);
	w->len += n;
}

/* PID columns are as wide as the largest PID pid_max allows, at least 5 */
static int pidmax_width(struct ctx *c)
{
	uint64_t max;

	if (!c->pid_width) {
		c->pid_width = 5;
		if (sysq_pid_max(c->lib, &max) == SYSQ_OK && max > 1) {
			int digits = snprintf(NULL, 0, "%" PRIu64, max - 1);

			if (digits > 5)
				c->pid_width = digits;
		}
	}
	return c->pid_width;
}

/* -m: what a thread row leaves to its process row, and the reverse */
static bool key_in(const struct column *col, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++)
		if (!strcmp(col->key, keys[i]))
			return true;
	return false;
}

static bool m_process_column(const struct column *col)
{
	static const char *const keys[] = { "pid", "tgid", "ppid", "pgid", "pgrp", "sid", "sess", "session", "tpgid",
					    "tname", "tt", "tty", "comm", "ucomm", "ucmd", "args", "cmd", "command",
					    "nlwp", "thcount", "vsz", "vsize", "rss", "rssize", "rsz", "sz", "%mem",
					    "pmem", "trs", "drs", NULL };

	return key_in(col, keys);
}

static bool m_thread_column(const struct column *col)
{
	static const char *const keys[] = { "lwp", "tid", "spid", "stat", "s", "state", "psr", "ni", "nice", NULL };

	return key_in(col, keys);
}

/* KEY:WIDTH wins; else a renamed column is at least as wide as its header */
static int column_width(struct ctx *c, const struct fmtcol *fc)
{
	int width = fc->col->pidmax ? pidmax_width(c) : fc->col->width;

	if (fc->width)
		return fc->width;
	if (fc->col->just == J_SIGNAL && c->wide_signals)
		width = 16;
	if (fc->header && (int)strlen(fc->header) > width)
		width = (int)strlen(fc->header);
	return width;
}

/* procps's layout: a cell wider than its column pushes the rest right,
 * and later padding absorbs it where it can. */
static void print_row(struct ctx *c, const struct opts *o, struct out *w, const struct row *r, bool header)
{
	int correct = 0, actual = 0, dospace = 0;
	/* procps shows up to 128 KiB of a command line */
	static char buf[131072];

	w->len = 0;
	c->thread = r && r->is_thread ? &r->thread : NULL;
	for (size_t i = 0; i < o->fmt.n; i++) {
		const struct fmtcol *fc = &o->fmt.v[i];
		const struct column *col = fc->col;
		int width = column_width(c, fc);
		bool last = i + 1 == o->fmt.n;
		int amount, leftpad = 0, space;
		size_t bytes;

		c->col_width = last ? 0 : width;
		if (header)
			snprintf(buf, sizeof(buf), "%s", fc->header ? fc->header : col->header);
		else if (r->m_thread ? m_process_column(col) : r->m_process && m_thread_column(col))
			snprintf(buf, sizeof(buf), "-");
		else
			col->render(c, &r->p, buf, sizeof(buf));
		/* amount: screen cells; bytes: what to write */
		bytes = strlen(buf);
		amount = (int)sq_text_cells(buf, bytes);
		/* a free-width column that is not the last is cut at its width */
		if (!header && !last && col->just == J_UNLIMITED && amount > width) {
			bytes = sq_text_cut(buf, bytes, (size_t)width);
			amount = (int)sq_text_cells(buf, bytes);
		}
		if (col->just == J_RIGHT || col->just == J_SIGNAL || (header && col->just != J_LEFT && col->just != J_UNLIMITED &&
					     col->just != J_USER))
			leftpad = width - amount > 0 ? width - amount : 0;
		space = correct - actual + leftpad;
		if (space < 1)
			space = dospace;
		if (last) {
			/* procps: only a free-width last column is cut, to what
			 * is left of the line */
			long tmpspace = correct - actual, room;

			if (tmpspace < 1) {
				tmpspace = dospace;
				room = w->cols - actual - tmpspace;
			} else {
				room = w->cols - (correct > actual ? correct : actual);
			}
			if (w->cols && col->just == J_UNLIMITED) {
				if (!header && amount > room)
					bytes = sq_text_cut(buf, bytes, room > 0 ? (size_t)room : 0);
				if (w->cols - actual - tmpspace < 1)
					bytes = sq_text_cut(buf, bytes, 1);
			}
			for (int s = 0; s < space; s++)
				emit(w, " ", 1);
			emit(w, buf, bytes);
			break;
		}
		for (int s = 0; s < space; s++)
			emit(w, " ", 1);
		emit(w, buf, bytes);
		actual += space + amount;
		correct += width + 1;
		dospace = 1;
	}
	emit(w, "\n", 1);
	fwrite(w->line, 1, w->len, stdout);
}

/* The terminal's size as procps finds it: stdout, stderr, stdin, then
 * /dev/tty, a size counting only with rows and columns; else 80x24. */
static void terminal_size(long *cols, long *rows)
{
	struct winsize ws;
	int fd;

	*cols = 80;
	*rows = 24;
	for (int i = 0; i < 3; i++) {
		static const int fds[] = { STDOUT_FILENO, STDERR_FILENO, STDIN_FILENO };

		if (ioctl(fds[i], TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
			*cols = ws.ws_col;
			*rows = ws.ws_row;
			return;
		}
	}
	if ((fd = open("/dev/tty", O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) >= 0) {
		int rc = ioctl(fd, TIOCGWINSZ, &ws);

		close(fd);
		if (rc == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
			*cols = ws.ws_col;
			*rows = ws.ws_row;
		}
	}
}

/* COLUMNS or LINES as procps takes them: a whole number, else 0 */
static long env_size(const char *name)
{
	const char *env = getenv(name);
	char *end;
	long v;

	if (!env || !*env)
		return 0;
	v = strtol(env, &end, 0);
	return !*end && v > 0 && v < 65536 ? v : 0;
}

/* The line width: the screen's, or a multiple of it when the fixed
 * columns need more (as procps does: the line wraps on the screen rather
 * than losing columns); 0 is unlimited. */
static long line_width(struct ctx *c, const struct opts *o, long screen)
{
	long total = 0, sigs = 0, width;

	c->wide_signals = false;
	for (size_t i = 0; i < o->fmt.n; i++) {
		bool last = i + 1 == o->fmt.n;

		sigs += o->fmt.v[i].col->just == J_SIGNAL;
		/* a free-width last column needs 3 */
		total += (i ? 1 : 0) + (last && o->fmt.v[i].col->just == J_UNLIMITED ? 3 : column_width(c, &o->fmt.v[i]));
	}
	width = screen;
	for (long k = 2; width && width < total && width < 65536; k++)
		width = screen * k;
	/* signal masks in full when they fit (always on an unlimited line) */
	c->wide_signals = !width || total + sigs * 7 <= width;
	return width;
}

/* "-o pid=,comm=": procps prints no header line at all */
static bool all_headers_empty(const struct opts *o)
{
	for (size_t i = 0; i < o->fmt.n; i++)
		if (!o->fmt.v[i].header || o->fmt.v[i].header[0])
			return false;
	return true;
}

static int cmp_rows_keys(const struct opts *o, struct ctx *c, const struct row *a, const struct row *b)
{
	char x[4096], y[4096];

	for (size_t k = 0; k < o->nsort; k++) {
		const struct column *col = o->sort[k].col;
		int r = 0;

		if (col->field >= 0 && sysq_proc_table.fields[col->field].type != SYSQ_T_STR &&
		    sysq_proc_table.fields[col->field].type != SYSQ_T_STRP &&
		    sysq_proc_table.fields[col->field].type != SYSQ_T_STRV &&
		    sysq_proc_table.fields[col->field].type != SYSQ_T_CPULIST) {
			const struct sysq_field *f = &sysq_proc_table.fields[col->field];
			const char *pa = (const char *)&a->p + f->offset, *pb = (const char *)&b->p + f->offset;

			if (f->type == SYSQ_T_U64) {
				uint64_t u, v;
				memcpy(&u, pa, 8);
				memcpy(&v, pb, 8);
				r = (u > v) - (u < v);
			} else if (f->type == SYSQ_T_I64) {
				int64_t u, v;
				memcpy(&u, pa, 8);
				memcpy(&v, pb, 8);
				r = (u > v) - (u < v);
			} else if (f->type == SYSQ_T_DOUBLE) {
				double u, v;
				memcpy(&u, pa, 8);
				memcpy(&v, pb, 8);
				r = (u > v) - (u < v);
			}
		} else if (!strcmp(col->key, "time") || !strcmp(col->key, "cputime") || !strcmp(col->key, "bsdtime") ||
			   !strcmp(col->key, "%cpu") || !strcmp(col->key, "pcpu") || !strcmp(col->key, "c")) {
			double u = a->p.user + a->p.system, v = b->p.user + b->p.system;

			if (col->key[0] == '%' || col->key[0] == 'p' || col->key[0] == 'c') {
				double ea = (double)c->now - a->p.create_time, eb = (double)c->now - b->p.create_time;

				u = ea > 0 ? u / ea : 0;
				v = eb > 0 ? v / eb : 0;
			}
			r = (u > v) - (u < v);
		} else if (!strcmp(col->key, "%mem") || !strcmp(col->key, "pmem") || !strcmp(col->key, "sz")) {
			uint64_t u = col->key[1] == 'z' ? a->p.vms_stat : a->p.rss;
			uint64_t v = col->key[1] == 'z' ? b->p.vms_stat : b->p.rss;

			r = (u > v) - (u < v);
		} else {
			col->render(c, &a->p, x, sizeof(x));
			col->render(c, &b->p, y, sizeof(y));
			r = strcmp(x, y);
		}
		if (r)
			return o->sort[k].desc ? -r : r;
	}
	return 0;
}

/* qsort_r's argument: the sort keys and the context reach the comparator
 * without a global */
struct row_order {
	const struct opts *o;
	struct ctx *c;
};

static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct row_order *by = arg;
	const struct row *x = a, *y = b;
	int r = cmp_rows_keys(by->o, by->c, x, y);

	if (r)
		return r;
	if (x->p.pid != y->p.pid)
		return (x->p.pid > y->p.pid) - (x->p.pid < y->p.pid);
	return (x->thread.id > y->thread.id) - (x->thread.id < y->thread.id);
}

static void sort_rows(const struct opts *o, struct ctx *c, struct row *rows, size_t n)
{
	struct row_order by = { .o = o, .c = c };

	qsort_r(rows, n, sizeof(*rows), cmp_rows, &by);
}

/* forest: (ppid, start time) order, roots from the last, children of 1
 * at the level of 1, as procps */
static int cmp_forest(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->p.ppid != y->p.ppid)
		return (x->p.ppid > y->p.ppid) - (x->p.ppid < y->p.ppid);
	if (x->p.start_ticks != y->p.start_ticks)
		return (x->p.start_ticks > y->p.start_ticks) - (x->p.start_ticks < y->p.start_ticks);
	return (x->p.pid > y->p.pid) - (x->p.pid < y->p.pid);
}

/* rows are sorted by parent: the first child of pid, or n */
static size_t first_child_row(const struct row *rows, size_t n, int64_t pid)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rows[mid].p.ppid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && rows[lo].p.ppid == pid ? lo : n;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void show_tree(struct ctx *c, const struct opts *o, struct out *w, struct row *rows, size_t n,
		      size_t self, size_t level, bool sibling, void (*show)(struct ctx *, const struct opts *, struct out *, struct row *))
{
	size_t i;

	if (level >= sizeof(c->forest) - 1)
		level = sizeof(c->forest) - 2;
	if (level)
		c->forest[level - 1] = sibling ? '+' : 'L';
	c->forest[level] = '\0';
	show(c, o, w, &rows[self]);
	i = first_child_row(rows, n, rows[self].p.pid);
	if (level)
		c->forest[level - 1] = sibling ? '|' : ' ';
	c->forest[level] = '\0';
	while (i < n) {
		bool more = i + 1 < n && rows[i + 1].p.ppid == rows[self].p.pid;

		if (rows[self].p.pid == 1 && c->forest_type != 'u')
			show_tree(c, o, w, rows, n, i++, level, more, show);
		else
			show_tree(c, o, w, rows, n, i++, level + 1, more, show);
		if (!more)
			break;
	}
	c->forest[level] = '\0';
}

/* ---- JSON ------------------------------------------------------------------------ */

/* With no format: every attribute of the files read for every process */
static bool row_field(size_t i)
{
	return (sysq_proc_table.fields[i].need & (SYSQ_PN_STAT | SYSQ_PN_STATUS | SYSQ_PN_STATM | SYSQ_PN_CMDLINE)) ||
	       i == SYSQ_P_PID;
}

static json_object *json_row(struct ctx *c, const struct opts *o, const struct row *r)
{
	json_object *obj = json_object_new_object();
	char buf[4096];

	c->thread = r->is_thread ? &r->thread : NULL;
	if (!o->fmt_given) {
		/* every attribute read, through the field table */
		for (size_t i = 0; i < sysq_proc_table.nfields; i++)
			if (row_field(i))
				sq_json_add_field(obj, &sysq_proc_table.fields[i], &r->p, r->p.have, (unsigned)i);
		json_object_object_add(obj, "terminal", r->p.tty_nr > 0 && sysq_tty_name(c->lib, r->p.tty_nr, buf, sizeof(buf)) == 0 ?
					       sq_json_str(buf) : NULL);
		if (r->is_thread)
			json_object_object_add(obj, "tid", sq_json_i64(r->thread.id));
		return obj;
	}
	for (size_t k = 0; k < o->fmt.n; k++) {
		const struct column *col = o->fmt.v[k].col;

		if (!col->json)
			continue;
		if (col->field >= 0) {
			sq_json_add_field(obj, &sysq_proc_table.fields[col->field], &r->p, r->p.have, (unsigned)col->field);
			continue;
		}
		/* computed columns: typed values */
		if (!strcmp(col->json, "terminal")) {
			json_object_object_add(obj, "terminal", r->p.tty_nr > 0 && sysq_tty_name(c->lib, r->p.tty_nr, buf, sizeof(buf)) == 0 ? sq_json_str(buf) : NULL);
		} else if (!strcmp(col->json, "cpu_time")) {
			json_object_object_add(obj, "cpu_time", HAVE(&r->p, SYSQ_P_USER) ? sq_json_double(r->p.user + r->p.system) : NULL);
		} else if (!strcmp(col->json, "elapsed")) {
			json_object_object_add(obj, "elapsed", HAVE(&r->p, SYSQ_P_CREATE_TIME) ? sq_json_double(elapsed(c, &r->p)) : NULL);
		} else if (!strcmp(col->json, "memory_percent")) {
			json_object_object_add(obj, "memory_percent", HAVE(&r->p, SYSQ_P_RSS) && c->mem_total ?
					       sq_json_double((double)r->p.rss * 100.0 / (double)c->mem_total) : NULL);
		} else if (!strcmp(col->json, "cpu_percent") || !strcmp(col->json, "cpu_utilization")) {
			double e = elapsed(c, &r->p);
			json_object_object_add(obj, col->json, HAVE(&r->p, SYSQ_P_USER) ?
					       sq_json_double(e > 0 ? (r->p.user + r->p.system) * 100.0 / e : 0.0) : NULL);
		} else if (!strcmp(col->json, "tid")) {
			json_object_object_add(obj, "tid", sq_json_i64(r->is_thread ? r->thread.id : r->p.pid));
		} else if (!strcmp(col->json, "trs")) {
			json_object_object_add(obj, "trs", HAVE(&r->p, SYSQ_P_END_CODE) ? sq_json_u64(text_span(&r->p)) : NULL);
		} else if (!strcmp(col->json, "drs")) {
			json_object_object_add(obj, "drs", HAVE(&r->p, SYSQ_P_VMS_STAT) && HAVE(&r->p, SYSQ_P_END_CODE) ?
					       sq_json_u64(r->p.vms_stat - (r->p.vms_stat > text_span(&r->p) ? text_span(&r->p) : r->p.vms_stat)) : NULL);
		} else if (!strcmp(col->json, "sz")) {
			json_object_object_add(obj, "sz", HAVE(&r->p, SYSQ_P_VMS_STAT) ? sq_json_u64(r->p.vms_stat / 1024 / (uint64_t)c->page_kb) : NULL);
		} else {
			/* names (users, groups), stat letters: as shown */
			col->render(c, &r->p, buf, sizeof(buf));
			json_object_object_add(obj, col->json, strcmp(buf, "-") ? sq_json_str(buf) : NULL);
		}
	}
	return obj;
}

/* json_row's every-attribute form as text: the same keys and values */
static void json_row_text(struct ctx *c, const struct row *r, FILE *fp)
{
	char buf[4096];
	bool first = true;

	fputc('{', fp);
	for (size_t i = 0; i < sysq_proc_table.nfields; i++)
		if (row_field(i)) {
			if (!first)
				fputc(',', fp);
			first = false;
			sq_json_field_text(fp, &sysq_proc_table.fields[i], &r->p, r->p.have, (unsigned)i);
		}
	fputc(',', fp);
	sq_json_key_text(fp, "terminal");
	sq_json_str_text(fp, r->p.tty_nr > 0 && sysq_tty_name(c->lib, r->p.tty_nr, buf, sizeof(buf)) == 0 ? buf : NULL);
	if (r->is_thread) {
		fputc(',', fp);
		sq_json_key_text(fp, "tid");
		sq_json_i64_text(fp, r->thread.id);
	}
	fputc('}', fp);
}

/* A zeroed row at the end of the table. */
static struct row *new_row(struct row **rows, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		if (!(*rows = realloc(*rows, *cap * sizeof(**rows))))
			sq_die(SQ_EXIT_FAIL, "out of memory");
	}
	memset(&(*rows)[*n], 0, sizeof(**rows));
	return &(*rows)[(*n)++];
}

/* A row per thread (and with -m the process's row first).  The process's
 * own thread shows the process as read; each other thread is read from
 * task/TID once (its own state, times, flags, wchan, processor) and borrows
 * the process's command line.  The first row owns the process's strings. */
static void add_thread_rows(struct ctx *c, const struct opts *o, struct row **rows, size_t *n, size_t *cap,
			    const struct sysq_proc *p, const pid_t *tids, size_t nt, unsigned need)
{
	bool owner_placed = false;
	struct row *r;

	if (o->threads_m) {
		r = new_row(rows, n, cap);
		r->p = *p;
		r->m_process = true;
		r->thread.id = p->pid;
		owner_placed = true;
	}
	for (size_t k = 0; k < nt; k++) {
		struct sysq_proc tp;

		if (tids[k] == p->pid) {
			r = new_row(rows, n, cap);
			r->p = *p;
			r->shared = owner_placed;
			owner_placed = true;
			sysq_proc_thread_of(p, tids[k], &r->thread);
		} else {
			/* a thread that ended meanwhile is left out */
			if (sysq_proc_read_task(c->lib, (pid_t)p->pid, tids[k], need & ~thread_skip, &tp) < 0)
				continue;
			borrow_strings(&tp, p);
			r = new_row(rows, n, cap);
			r->p = tp;
			r->borrowed = true;
			sysq_proc_thread_of(&tp, tids[k], &r->thread);
		}
		r->is_thread = true;
		r->m_thread = o->threads_m;
	}
	/* no row shows the process itself (its own thread ended): keep it
	 * for release at the end, as its rows borrow its strings */
	if (!owner_placed) {
		if (!(c->kept = realloc(c->kept, (c->nkept + 1) * sizeof(*c->kept))))
			sq_die(SQ_EXIT_FAIL, "out of memory");
		c->kept[c->nkept++] = *p;
	}
}

/* ---- main ------------------------------------------------------------------------- */

struct run {
	json_object *list;  /* --pretty: the rows, indented as one document */
	struct sq_json_rows text; /* compact: the rows' text, each row freed at once */
	bool json;
};
static struct run g_run;

static void show_row(struct ctx *c, const struct opts *o, struct out *w, struct row *r)
{
	if (g_run.json && (g_run.list || o->fmt_given)) {
		json_object *row = json_row(c, o, r);

		if (g_run.list) {
			json_object_array_add(g_run.list, row);
			return;
		}
		/* compact: serialized now, so the document never exists as a
		 * tree (10,000 rows of 60 fields); written whole at the end */
		sq_json_write(sq_json_rows_next(&g_run.text), sq_json_text(row, false));
		json_object_put(row);
		return;
	}
	if (g_run.json) {
		/* every attribute: the field table written straight as text */
		json_row_text(c, r, sq_json_rows_next(&g_run.text));
		return;
	}
	if (c->page > 1 && ++c->since_header == c->page) {
		print_row(c, o, w, NULL, true);
		c->since_header = 1;
	}
	print_row(c, o, w, r, false);
}

static void list_keywords(void)
{
	for (size_t i = 0; i < NCOLUMNS; i++)
		printf("%-10s %-8s %-16s %s\n", columns[i].key, columns[i].header,
		       columns[i].json ? columns[i].json : "-", columns[i].help);
}

int main(int argc, char **argv)
{
	struct sq_cli cli;
	struct opts o;
	struct ctx c = { 0 };
	struct out w = { 0 };
	struct row *rows = NULL;
	size_t nrows = 0, cap = 0;
	unsigned need = SYSQ_PN_STAT;
	struct me me = { 0 };
	sysq_proc_iter *it;
	struct sysq_vmem vm;
	struct sysq_proc self;
	int rc;

	sq_cli_init(&cli, "ps", usage, argv);
	parse(&o, &cli, argc, argv);
	if (o.list_keys) {
		list_keywords();
		return SQ_EXIT_OK;
	}
	c.lib = sq_cli_context(&cli);
	c.now = time(NULL);
	sysq_uptime(c.lib, &c.uptime, NULL);
	c.tck = sysconf(_SC_CLK_TCK);
	c.page_kb = sysconf(_SC_PAGESIZE) / 1024;
	c.bsd_e = o.bsd_e;
	build_format(&o, &c);
	for (size_t i = 0; i < o.fmt.n; i++)
		need |= o.fmt.v[i].col->need;
	for (size_t i = 0; i < o.nsort; i++)
		need |= o.sort[i].col->need;
	if (c.bsd_e)
		need |= SYSQ_PN_ENVIRON;
	/* the effective user: for "mine" (the default selection, BSD x
	 * without a) and -u; the file owner gives it cheaply */
	if (!o.any_select || (o.bsd_x && !o.bsd_a) || o.list[L_EUSER].n)
		need |= SYSQ_PN_OWNER;
	if (o.list[L_RUSER].n || o.list[L_RGROUP].n || o.list[L_EGROUP].n)
		need |= SYSQ_PN_STATUS;
	if (cli.json && !o.fmt_given)
		need |= SYSQ_PN_STATUS | SYSQ_PN_CMDLINE; /* status has statm's figures too */
	/* JSON's name is psutil's: a 15-byte comm may continue in argv[0] */
	for (size_t i = 0; cli.json && i < o.fmt.n; i++)
		if (o.fmt.v[i].col->field == SYSQ_P_NAME)
			need |= SYSQ_PN_CMDLINE;
	{
		uint64_t bt = 0;
		sysq_boot_time(c.lib, &bt);
		c.boot = bt;
	}
	if (sysq_memory(c.lib, &vm, NULL, 0) == 0)
		c.mem_total = vm.total;
	/* who am I: my effective user and terminal */
	me.euid = geteuid();
	if (sysq_proc_read(c.lib, getpid(), SYSQ_PN_STAT, &self) == 0) {
		me.tty = self.tty_nr;
		sysq_proc_release(&self);
	}
	{
		long cols = env_size("COLUMNS"), lines;

		if (o.wide >= 2 || cli.json)
			w.cols = 0;
		else if (o.cols)
			w.cols = o.cols;
		else if (cols)
			w.cols = cols;
		else if (isatty(STDOUT_FILENO))
			terminal_size(&w.cols, &lines);
		if (w.cols && o.wide == 1 && w.cols < 132)
			w.cols = 132;
		w.cols = line_width(&c, &o, w.cols);
		/* --headers: a header every page */
		if (o.headers == 1) {
			c.page = o.lines ? o.lines : env_size("LINES");
			if (!c.page)
				terminal_size(&cols, &c.page);
		}
	}
	if ((rc = sysq_proc_iter_open(c.lib, need, &it)) < 0)
		sq_die(SQ_EXIT_FAIL, "%s: %s", sysq_root_path(c.lib, SYSQ_ROOT_PROC), sysq_strerror(rc));
	for (;;) {
		struct sysq_proc p;

		rc = sysq_proc_next(it, &p);
		if (rc <= 0)
			break;
		if (!selected(&o, &c, &p, &me)) {
			sysq_proc_release(&p);
			continue;
		}
		if (o.threads_L || o.threads_T || o.threads_H || o.threads_m) {
			pid_t *tids;
			size_t nt;

			if (sysq_proc_tids(c.lib, (pid_t)p.pid, &tids, &nt) == 0 && nt) {
				add_thread_rows(&c, &o, &rows, &nrows, &cap, &p, tids, nt, need);
				free(tids);
				continue;
			}
			free(tids);
		}
		new_row(&rows, &nrows, &cap)->p = p;
	}
	sysq_proc_iter_close(it);
	if (rc < 0)
		sq_die(SQ_EXIT_FAIL, "%s: %s", sysq_root_path(c.lib, SYSQ_ROOT_PROC), sysq_strerror(rc));

	g_run.json = cli.json;
	if (cli.json && cli.pretty)
		g_run.list = json_object_new_array();
	else if (!cli.json && (o.headers == 1 || (o.headers == -1 && !all_headers_empty(&o))))
		print_row(&c, &o, &w, NULL, true);
	if (o.forest && nrows) {
		qsort(rows, nrows, sizeof(*rows), cmp_forest);
		c.forest_on = true;
		c.forest_type = o.forest_unix ? 'u' : 'b';
		/* a root: a row whose parent is not shown */
		int64_t *shown = malloc(nrows * sizeof(*shown));

		if (!shown)
			sq_die(SQ_EXIT_FAIL, "out of memory");
		for (size_t i = 0; i < nrows; i++)
			shown[i] = rows[i].p.pid;
		qsort(shown, nrows, sizeof(*shown), cmp_i64);
		for (size_t i = nrows; i-- > 0;)
			if (!bsearch(&rows[i].p.ppid, shown, nrows, sizeof(*shown), cmp_i64))
				show_tree(&c, &o, &w, rows, nrows, i, 0, false, show_row);
		free(shown);
	} else {
		if (o.nsort)
			sort_rows(&o, &c, rows, nrows);
		for (size_t i = 0; i < nrows; i++)
			show_row(&c, &o, &w, &rows[i]);
	}
	if (g_run.list) {
		json_object *doc = json_object_new_object();

		json_object_object_add(doc, "processes", g_run.list);
		sq_json_emit(&cli, doc);
		json_object_put(doc);
	} else if (cli.json) {
		sq_json_rows_emit(&g_run.text, "processes");
	}
	for (size_t i = 0; i < nrows; i++) {
		if (rows[i].borrowed)
			return_strings(&rows[i].p);
		if (!rows[i].shared)
			sysq_proc_release(&rows[i].p);
	}
	for (size_t i = 0; i < c.nkept; i++)
		sysq_proc_release(&c.kept[i]);
	free(c.kept);
	free(rows);
	for (int k = 0; k < L__COUNT; k++) {
		free(o.list[k].v);
		for (size_t i = 0; i < o.list[k].nnames; i++)
			free(o.list[k].names[i]);
		free(o.list[k].names);
	}
	free(w.line);
	for (size_t i = 0; i < o.fmt.n; i++)
		free(o.fmt.v[i].header);
	sysq_close(c.lib);
	/* procps: exit 1 when nothing was selected */
	return nrows ? SQ_EXIT_OK : SQ_EXIT_FAIL;
}
