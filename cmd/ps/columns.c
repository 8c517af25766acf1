/* ps: the columns, each a key, a header, a width and how to render it. */
#include <grp.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ps.h"

static void fmt_i(char *b, size_t n, int64_t v) { snprintf(b, n, "%" PRId64, v); }
static void fmt_u(char *b, size_t n, uint64_t v) { snprintf(b, n, "%" PRIu64, v); }

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
double elapsed_seconds(const struct ctx *c, const struct sysq_proc *p)
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
	jiffies = (uint64_t)(elapsed_seconds(c, p) * (double)c->tck);
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
uint64_t text_span(const struct sysq_proc *p)
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
	t = (uint64_t)elapsed_seconds(c, p);
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
	OR_DASH(p, SYSQ_P_CREATE_TIME, fmt_u(buf, n, (uint64_t)elapsed_seconds(c, p)));
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

const struct column *find_column(const char *key)
{
	for (size_t i = 0; i < NCOLUMNS; i++)
		if (strcmp(columns[i].key, key) == 0)
			return &columns[i];
	return NULL;
}

void list_keywords(void)
{
	for (size_t i = 0; i < NCOLUMNS; i++)
		printf("%-10s %-8s %-16s %s\n", columns[i].key, columns[i].header,
		       columns[i].json ? columns[i].json : "-", columns[i].help);
}
