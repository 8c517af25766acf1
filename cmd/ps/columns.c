/* ps: the columns, each a key, a header, a width and how to render it. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "columns.h"

/* A string of the process in a cell: shown as procps shows it (passes:
 * PS_NAME or PS_PROC); raw for a JSON value made from a renderer's text
 * (text_json). */
void cell_text(struct ctx *c, char *buf, size_t n, const char *s, unsigned passes)
{
	if (c->raw_text)
		snprintf(buf, n, "%s", s);
	else
		sq_escape_ps(buf, n, s, strlen(s), c->esc | passes);
}



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

/* A user or group name as procps 4 shows it: whole when it fits the
 * column (or the column is last), else cut with a '+' in the last cell;
 * the number when that cell would split a multibyte character. */
static void name_col(struct ctx *c, char *buf, size_t n, const char *name, int64_t id)
{
	size_t w = (size_t)c->col_width;

	cell_text(c, buf, n, name, PS_NAME);
	if (!w || sq_text_cells(buf, strlen(buf)) <= w)
		return;
	if (w < n && (unsigned char)buf[w - 1] < 127) {
		buf[w - 1] = '+';
		buf[w] = '\0';
		return;
	}
	fmt_i(buf, n, id);
}

static void user_text(struct ctx *c, char *name, size_t n, int64_t uid)
{
	sysq_user_name(c->lib, uid, name, n);
}

void group_text(struct ctx *c, char *name, size_t n, int64_t gid)
{
	sysq_group_name(c->lib, gid, name, n);
}

typedef void (*name_fn)(struct ctx *c, char *name, size_t n, int64_t id);

static void id_name(struct ctx *c, const struct sysq_proc *p, int f, const int64_t *id, name_fn fn, char *buf, size_t n)
{
	char name[256];

	if (!HAVE(p, f)) {
		snprintf(buf, n, "-");
		return;
	}
	if (c->numeric) {
		fmt_i(buf, n, *id);
		return;
	}
	fn(c, name, sizeof(name), *id);
	name_col(c, buf, n, name, *id);
}

static json_object *id_name_json(struct ctx *c, const struct sysq_proc *p, int f, const int64_t *id, name_fn fn)
{
	char name[256];

	if (!HAVE(p, f))
		return NULL;
	fn(c, name, sizeof(name), *id);
	return sq_json_str(name);
}

#define NAMECOL(nm, fld, member, fn) \
	static void r_##nm(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { id_name(c, p, fld, &p->member, fn, buf, n); } \
	static json_object *j_##nm(struct ctx *c, const struct sysq_proc *p) { return id_name_json(c, p, fld, &p->member, fn); }
NAMECOL(euser, SYSQ_P_EUID, euid, user_text)
NAMECOL(ruser, SYSQ_P_RUID, ruid, user_text)
NAMECOL(suser, SYSQ_P_SUID, suid, user_text)
NAMECOL(fuser, SYSQ_P_FSUID, fsuid, user_text)
NAMECOL(egroup, SYSQ_P_EGID, egid, group_text)
NAMECOL(rgroup, SYSQ_P_RGID, rgid, group_text)
NAMECOL(sgroup, SYSQ_P_SGID, sgid, group_text)
NAMECOL(fgroup, SYSQ_P_FSGID, fsgid, group_text)

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

/* the waited-for children's CPU seconds, where S adds them (else 0) */
static double children_cpu(const struct ctx *c, const struct sysq_proc *p)
{
	return c->children ? p->children_user + p->children_system : 0;
}

static uint64_t ticks_total(const struct ctx *c, const struct sysq_proc *p)
{
	return (uint64_t)((p->user + p->system + children_cpu(c, p)) * (double)c->tck + 0.5);
}

/* seconds since the process started: uptime less the start, as procps */
double elapsed_seconds(const struct ctx *c, const struct sysq_proc *p)
{
	double e = c->uptime - (double)p->start_ticks / (double)c->tck;

	return e > 0 ? e : 0;
}

/* CPU time over elapsed time, times scale, in integers as procps; false
 * (and "-") when unknown */
bool cpu_share(struct ctx *c, const struct sysq_proc *p, uint64_t scale, uint64_t *share, char *buf, size_t n)
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
/* procps's figures, kept in text: no text span without a virtual size,
 * and an empty one where the kernel hid the addresses (it shows 1 and 1) */
static uint64_t shown_span(const struct sysq_proc *p)
{
	return p->vms_stat && HAVE(p, SYSQ_P_END_CODE) ? text_span(p) : 0;
}
static void r_trs(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	(void)c;
	OR_DASH(p, SYSQ_P_VMS_STAT, fmt_u(buf, n, shown_span(p) >> 10));
}
static void r_drs(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	(void)c;
	OR_DASH(p, SYSQ_P_VMS_STAT, fmt_u(buf, n, (p->vms_stat - (p->vms_stat > shown_span(p) ? shown_span(p) : p->vms_stat)) >> 10));
}
/* in JSON only what is known: nothing where the addresses were hidden */
static json_object *j_trs(struct ctx *c, const struct sysq_proc *p)
{
	(void)c;
	return HAVE(p, SYSQ_P_END_CODE) && HAVE(p, SYSQ_P_VMS_STAT) ? sq_json_u64(shown_span(p)) : NULL;
}
static json_object *j_drs(struct ctx *c, const struct sysq_proc *p)
{
	(void)c;
	if (!HAVE(p, SYSQ_P_END_CODE) || !HAVE(p, SYSQ_P_VMS_STAT))
		return NULL;
	return sq_json_u64(p->vms_stat - (p->vms_stat > shown_span(p) ? shown_span(p) : p->vms_stat));
}
/* page faults, with S the waited-for children's too */
static uint64_t faults(const struct ctx *c, const struct sysq_proc *p, bool major)
{
	if (major)
		return p->major_faults + (c->children ? p->children_major_faults : 0);
	return p->minor_faults + (c->children ? p->children_minor_faults : 0);
}
static void r_maj(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { OR_DASH(p, SYSQ_P_MAJOR_FAULTS, fmt_u(buf, n, faults(c, p, true))); }
static void r_min(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { OR_DASH(p, SYSQ_P_MINOR_FAULTS, fmt_u(buf, n, faults(c, p, false))); }
static json_object *j_maj(struct ctx *c, const struct sysq_proc *p) { return HAVE(p, SYSQ_P_MAJOR_FAULTS) ? sq_json_u64(faults(c, p, true)) : NULL; }
static json_object *j_min(struct ctx *c, const struct sysq_proc *p) { return HAVE(p, SYSQ_P_MINOR_FAULTS) ? sq_json_u64(faults(c, p, false)) : NULL; }
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

/* procps drops ppc64's leading '.' and the leading underscores
 * (do_sys_poll for __do_sys_poll) */
static void r_wchan(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	const char *w = HAVE(p, SYSQ_P_WCHAN) ? p->wchan : "-";

	if (*w == '.')
		w++;
	w += strspn(w, "_");
	/* procps copies the kernel's symbol as it is; shown as a name here,
	 * which changes nothing in a symbol */
	cell_text(c, buf, n, *w ? w : "-", PS_NAME);
	/* procps cuts the name to the column (not for the last column) */
	if (c->col_width > 0 && strlen(buf) > (size_t)c->col_width)
		buf[c->col_width] = '\0';
}

/* the forest prefix of the row (none for JSON): its length in buf; as
 * procps, a level that does not fit whole in the column's room is left
 * out, not cut */
static size_t forest_prefix(struct ctx *c, char *buf, size_t n)
{
	size_t k = 0;
	long room = c->col_room;

	if (c->raw_text || !c->forest_on) {
		/* JSON: the name itself */
	} else if (c->forest_type == 'u') {
		for (const char *f = c->forest; *f && k + 3 < n && (room < 0 || room >= 2); f++, room -= room < 0 ? 0 : 2) {
			memcpy(buf + k, "  ", 2); /* -H: two spaces a level */
			k += 2;
		}
	} else {
		for (const char *f = c->forest; *f && k + 5 < n && (room < 0 || room >= 4); f++, room -= room < 0 ? 0 : 4) {
			memcpy(buf + k, *f == 'L' || *f == '+' ? " \\_ " : *f == '|' ? " |  " : "    ", 4);
			k += 4;
		}
	}
	buf[k] = '\0';
	return k;
}

/* the forest prefix, then a name of the process as procps shows it */
static void with_forest(struct ctx *c, char *buf, size_t n, const char *s)
{
	size_t k = forest_prefix(c, buf, n);

	cell_text(c, buf + k, n - k, s, PS_PROC);
}

/* len bytes of s at buf[*k], as many as fit before buf[n - 1] */
static void put(char *buf, size_t n, size_t *k, const char *s, size_t len)
{
	if (len > n - 1 - *k)
		len = n - 1 - *k;
	memcpy(buf + *k, s, len);
	*k += len;
}

/* A piece of the line that libproc reads and escapes on its own: the
 * name, cmdline or environ, buf[from..to); it reads the files with
 * newlines as spaces */
struct piece {
	size_t from, to;
	bool newlines;
};

static void read_piece(struct ctx *c, char *buf, const struct piece *pc)
{
	char *nl = buf + pc->from, after = buf[pc->to];

	while (pc->newlines && (nl = memchr(nl, '\n', (size_t)(buf + pc->to - nl))))
		*nl++ = ' ';
	/* the same length in place; the NUL it ends with would cover what
	 * follows the piece ("]" after a name) */
	sq_escape_ps(buf + pc->from, pc->to - pc->from + 1, buf + pc->from, pc->to - pc->from, c->esc | SQ_PS_READ);
	buf[pc->to] = after;
}

/* args: the command line, "[comm]" when it has none, "<defunct>" for
 * zombies; with BSD e, the environment after it.  procps drops the
 * trailing NULs of cmdline before it joins the arguments, so trailing
 * empty arguments leave no spaces, and a command line of empty
 * arguments only (argv[0] = "") is "?", not the "[comm]" of an empty
 * one.  The line is built in buf after the forest prefix; unless it is
 * printable ASCII (one scan), each piece is then read as libproc reads
 * it and the whole shown as ps shows it, in place. */
static void command_line(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	size_t argc = p->ncmdline, start = forest_prefix(c, buf, n), k = start, np = 0;
	const char *name = c->thread ? c->thread->name : p->comm;
	struct piece pc[2];

	while (argc && !*p->cmdline[argc - 1])
		argc--;
	if (c->bsd_c && !c->raw_text) { /* BSD c: the name (a zombie's too), not the arguments */
		put(buf, n, &k, name, strlen(name));
		pc[np++] = (struct piece){ start, k, false };
		argc = 0;
	} else if (p->ncmdline == 0) {
		put(buf, n, &k, "[", 1);
		pc[np] = (struct piece){ k, 0, false };
		put(buf, n, &k, p->comm, strlen(p->comm));
		pc[np++].to = k;
		if (p->state == 'Z')
			put(buf, n, &k, "] <defunct>", 11);
		else
			put(buf, n, &k, "]", 1);
	} else if (argc == 0) {
		put(buf, n, &k, "?", 1);
	}
	for (size_t i = 0; i < argc; i++) {
		if (i)
			put(buf, n, &k, " ", 1);
		put(buf, n, &k, p->cmdline[i], strlen(p->cmdline[i]));
	}
	if (argc)
		pc[np++] = (struct piece){ start, k, true };
	if (c->bsd_e && p->nenviron) {
		pc[np] = (struct piece){ k + 1, 0, true };
		for (size_t i = 0; i < p->nenviron; i++) {
			put(buf, n, &k, " ", 1);
			put(buf, n, &k, p->environ[i], strlen(p->environ[i]));
		}
		if (pc[np].from <= k)
			pc[np++].to = k;
	}
	buf[k] = '\0';
	if (c->raw_text || sq_text_printable(buf + start, k - start) == k - start)
		return;
	for (size_t i = 0; i < np; i++)
		read_piece(c, buf, &pc[i]);
	sq_escape_ps(buf + start, n - start, buf + start, k - start, c->esc | SQ_PS_SHOW);
}

static void r_args(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { command_line(c, p, buf, n); }

/* fname: the first 8 cells of the name, after the forest */
static void r_fname(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	size_t k = forest_prefix(c, buf, n);

	cell_text(c, buf + k, n - k, c->thread ? c->thread->name : p->comm, PS_PROC);
	buf[k + sq_text_cut(buf + k, strlen(buf + k), 8)] = '\0';
}

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
	OR_DASH(p, SYSQ_P_EXE, cell_text(c, buf, n, p->exe, PS_PROC));
}

/* procps shows a label up to its first byte that is not printable ASCII
 * (it reads attr/current itself, and stops at the newline there) */
static void r_label(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	size_t k = 0;

	if (HAVE(p, SYSQ_P_LABEL) && !c->raw_text)
		while (p->label[k] >= 0x20 && p->label[k] < 0x7f)
			k++;
	if (!HAVE(p, SYSQ_P_LABEL) || (!c->raw_text && !k))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.*s", c->raw_text ? (int)strlen(p->label) : (int)k, p->label);
}

/* procps: the lines of cgroup not at the root ("4:memory:/a"; "0::/"
 * is left out), joined with ','; '-' for none */
static char *cgroup_text(struct ctx *c, const struct sysq_proc *p)
{
	const char *s = p->cgroup;
	char *out;
	size_t k = 0;

	if (!HAVE(p, SYSQ_P_CGROUP) || !(out = malloc(strlen(s) + 2)))
		return NULL;
	while (*s) {
		size_t len = strcspn(s, "\n");

		if (len && s[len - 1] != '/') {
			if (k)
				out[k++] = ',';
			memcpy(out + k, s, len);
			/* libproc escapes each line on its own */
			if (!c->raw_text)
				sq_escape_ps(out + k, len + 1, out + k, len, c->esc | SQ_PS_READ);
			k += len;
		}
		s += len + (s[len] == '\n');
	}
	out[k] = '\0';
	return out;
}

static void r_cgroup(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	char *s = cgroup_text(c, p);

	cell_text(c, buf, n, s && *s ? s : "-", SQ_PS_SHOW);
	free(s);
}

/* cgname: the name= hierarchy's path when there is one, else cgroup */
static void r_cgname(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	char *s = cgroup_text(c, p), *name = s ? strstr(s, ":name=") : NULL;

	cell_text(c, buf, n, name && name[6] ? name + 6 : s && *s ? s : "-", SQ_PS_SHOW);
	free(s);
}

json_object *text_json(struct ctx *c, const struct sysq_proc *p, render_fn fn)
{
	char buf[4096];

	c->raw_text = true;
	fn(c, p, buf, sizeof(buf));
	c->raw_text = false;
	return strcmp(buf, "-") ? sq_json_str(buf) : NULL;
}
static json_object *j_cgname(struct ctx *c, const struct sysq_proc *p) { return text_json(c, p, r_cgname); }
static json_object *j_fname(struct ctx *c, const struct sysq_proc *p) { return text_json(c, p, r_fname); }

static void r_sig(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n, int f, uint64_t v)
{
	if (!HAVE(p, f))
		snprintf(buf, n, "-");
	else if (c->wide_signals)
		snprintf(buf, n, "%016" PRIx64, v);
	else /* the low 32 bits, '<' when higher ones are set (procps) */
		snprintf(buf, n, "%s%08" PRIx64, v >> 32 ? "<" : "", v & 0xffffffffu);
}
/* procps: a thread row shows the thread's own pending signals, a
 * process row the process's */
static void r_pending(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	if (c->thread)
		r_sig(c, p, buf, n, SYSQ_P_SIG_PENDING_THREAD, p->sig_pending_thread);
	else
		r_sig(c, p, buf, n, SYSQ_P_SIG_PENDING, p->sig_pending);
}
static json_object *j_pending(struct ctx *c, const struct sysq_proc *p)
{
	int f = c->thread ? SYSQ_P_SIG_PENDING_THREAD : SYSQ_P_SIG_PENDING;

	return HAVE(p, f) ? sq_json_u64(c->thread ? p->sig_pending_thread : p->sig_pending) : NULL;
}
static void r_tsig(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { r_sig(c, p, buf, n, SYSQ_P_SIG_PENDING_THREAD, p->sig_pending_thread); }
static void r_blocked(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { r_sig(c, p, buf, n, SYSQ_P_SIG_BLOCKED, p->sig_blocked); }
static void r_ignored(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { r_sig(c, p, buf, n, SYSQ_P_SIG_IGNORED, p->sig_ignored); }
static void r_caught(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { r_sig(c, p, buf, n, SYSQ_P_SIG_CAUGHT, p->sig_caught); }

/* ---- JSON of computed columns -------------------------------------------- */

/* psutil's terminal(), as procinfo: the device's path ("/dev/pts/0"),
 * where the text shows its name under /dev */
static json_object *j_terminal(struct ctx *c, const struct sysq_proc *p)
{
	char buf[64], dev[sizeof(buf) + 8];

	if (p->tty_nr <= 0 || sysq_tty_name(c->lib, p->tty_nr, buf, sizeof(buf)) != 0)
		return NULL;
	snprintf(dev, sizeof(dev), "/dev/%s", buf);
	return sq_json_str(dev);
}

double thread_cpu(const struct ctx *c, const struct sysq_proc *p)
{
	double own = c->thread && c->thread->id != p->pid ? c->thread->user_time + c->thread->system_time : p->user + p->system;
	double ticks = (own + children_cpu(c, p)) * (double)c->tck;

	/* a sum of clock ticks, divided once: 1.05 + 0.05 is 1.1, not 1.0999999999999999 */
	return (double)(uint64_t)(ticks + 0.5) / (double)c->tck;
}
json_object *j_cpu_time(struct ctx *c, const struct sysq_proc *p)
{
	return HAVE(p, SYSQ_P_USER) ? sq_json_double_dec(thread_cpu(c, p), sq_unit_decimals(SYSQ_U_SECONDS)) : NULL;
}
static json_object *j_elapsed(struct ctx *c, const struct sysq_proc *p)
{
	return HAVE(p, SYSQ_P_CREATE_TIME) ? sq_json_double_dec(elapsed_seconds(c, p), sq_unit_decimals(SYSQ_U_SECONDS)) : NULL;
}
static json_object *j_pmem(struct ctx *c, const struct sysq_proc *p)
{
	return HAVE(p, SYSQ_P_RSS) && c->mem_total ? sq_json_double_dec((double)p->rss * 100.0 / (double)c->mem_total, sq_unit_decimals(SYSQ_U_PERCENT)) : NULL;
}
/* CPU time over the lifetime, in percent (with children for cuc) */
static json_object *cpu_over_life(struct ctx *c, const struct sysq_proc *p, bool children)
{
	double e = elapsed_seconds(c, p), t = p->user + p->system;

	if (!HAVE(p, SYSQ_P_USER))
		return NULL;
	if (children)
		t += p->children_user + p->children_system;
	return sq_json_double_dec(e > 0 ? t * 100.0 / e : 0.0, sq_unit_decimals(SYSQ_U_PERCENT));
}
json_object *j_pcpu(struct ctx *c, const struct sysq_proc *p) { return cpu_over_life(c, p, c->children); }
json_object *j_cuc(struct ctx *c, const struct sysq_proc *p) { return cpu_over_life(c, p, true); }
static json_object *j_tid(struct ctx *c, const struct sysq_proc *p) { return sq_json_i64(c->thread ? c->thread->id : p->pid); }
static json_object *j_sz(struct ctx *c, const struct sysq_proc *p)
{
	return HAVE(p, SYSQ_P_VMS_STAT) ? sq_json_u64(p->vms_stat / 1024 / (uint64_t)c->page_kb) : NULL;
}
static json_object *j_stat(struct ctx *c, const struct sysq_proc *p) { return text_json(c, p, r_stat); }

/* the kernel's priority seen through procps's scales */
static json_object *prio_json(const struct sysq_proc *p, int64_t scale, int64_t offset)
{
	return HAVE(p, SYSQ_P_PRIORITY) ? sq_json_i64(scale * p->priority + offset) : NULL;
}
#define PRIO(nm, scale, offset) \
	static void r_##nm(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) \
	{ (void)c; OR_DASH(p, SYSQ_P_PRIORITY, fmt_i(buf, n, (scale) * p->priority + (offset))); } \
	static json_object *j_##nm(struct ctx *c, const struct sysq_proc *p) { (void)c; return prio_json(p, scale, offset); }
PRIO(pri, -1, 39)       /* 0..139, higher is more urgent */
PRIO(opri, 1, 60)       /* intpri too */
PRIO(pri_api, -1, -1)   /* the real-time API's -40..99 */
PRIO(pri_bar, 1, 1)     /* real-time negative */
PRIO(pri_baz, 1, 100)   /* the kernel's ->prio */
PRIO(pri_foo, 1, -20)   /* as nice values of sleeping processes */

const struct column ps_core_columns[] = {
	SUMMED("%cpu", "%CPU", "cpu_percent", 4, r_pcpu, -1, j_pcpu, "percent", "CPU time over elapsed time, percent"),
	CALC("%mem", "%MEM", "memory_percent", 4, J_RIGHT, ST, PO, r_pmem, j_pmem, "percent", "resident memory over total memory, percent"),
	COL("addr", "ADDR", NULL, 4, J_RIGHT, 0, E, r_addr, -1, NULL, "always -"),
	FIELD("args", "COMMAND", "cmdline", 27, J_UNLIMITED, S | SYSQ_PN_CMDLINE, PO, r_args, SYSQ_P_CMDLINE, "command with its arguments"),
	CALC("atime", "TIME", "cpu_time", 8, J_RIGHT, S, E, r_time, j_cpu_time, "seconds", "see time"),
	FIELD("blocked", "BLOCKED", "sig_blocked", 9, J_SIGNAL, ST, TO, r_blocked, SYSQ_P_SIG_BLOCKED, "blocked signals (mask)"),
	FIELD("bsdstart", "START", "create_time", 6, J_RIGHT, S, E, r_bsdstart, SYSQ_P_CREATE_TIME, "start time (BSD), epoch seconds"),
	SUMMED("bsdtime", "TIME", "cpu_time", 6, r_bsdtime, -1, j_cpu_time, "seconds", "user + system CPU time, MMM:SS; seconds"),
	SUMMED("c", "C", "cpu_utilization", 2, r_c, -1, j_pcpu, "percent", "integer %CPU (at most 99)"),
	FIELD("caught", "CAUGHT", "sig_caught", 9, J_SIGNAL, ST, TO, r_caught, SYSQ_P_SIG_CAUGHT, "caught signals (mask)"),
	CALC("cgname", "CGNAME", "cgname", 27, J_UNLIMITED, CG, PO, r_cgname, j_cgname, NULL, "path of the name= control group, else cgroup"),
	FIELD("cgroup", "CGROUP", "cgroup", 27, J_UNLIMITED, CG, PO, r_cgroup, SYSQ_P_CGROUP, "control groups not at the root"),
	FIELD("class", "CLS", "policy", 3, J_LEFT, S, TO, r_class, SYSQ_P_POLICY, "scheduling class"),
	FIELD("cls", "CLS", "policy", 3, J_RIGHT, S, TO, r_class, SYSQ_P_POLICY, "see class"),
	FIELD("cmd", "CMD", "cmdline", 27, J_UNLIMITED, S | SYSQ_PN_CMDLINE, PO, r_args, SYSQ_P_CMDLINE, "see args"),
	FIELD("comm", "COMMAND", "name", 15, J_UNLIMITED, S, PO, r_comm, SYSQ_P_NAME, "command name"),
	FIELD("command", "COMMAND", "cmdline", 27, J_UNLIMITED, S | SYSQ_PN_CMDLINE, PO, r_args, SYSQ_P_CMDLINE, "see args"),
	FIELD("context", "CONTEXT", "label", 31, J_LEFT, SYSQ_PN_LABEL, E, r_label, SYSQ_P_LABEL, "see label"),
	FIELD("cpuid", "CPUID", "cpu_num", 5, J_RIGHT, S, TO, r_psr, SYSQ_P_CPU_NUM, "see psr"),
	CALC("cputime", "TIME", "cpu_time", 8, J_RIGHT, S, E, r_time, j_cpu_time, "seconds", "see time"),
	CALC("drs", "DRS", "drs", 5, J_RIGHT, S, PO, r_drs, j_drs, "bytes", "virtual size less the text, KiB; bytes"),
	CALC("dsiz", "DSIZ", "drs", 4, J_RIGHT, S, PO, r_drs, j_drs, "bytes", "see drs"),
	FIELD("egid", "EGID", "egid", 5, J_RIGHT, ST, E, r_egid, SYSQ_P_EGID, "effective group ID"),
	CALC("egroup", "EGROUP", "egroup", 8, J_USER, ST, E, r_egroup, j_egroup, NULL, "effective group name"),
	CALC("etime", "ELAPSED", "elapsed", 11, J_RIGHT, S, E, r_etime, j_elapsed, "seconds", "time since start, [[DD-]hh:]mm:ss; seconds"),
	CALC("etimes", "ELAPSED", "elapsed", 7, J_RIGHT, S, E, r_etimes, j_elapsed, "seconds", "seconds since start"),
	FIELD("euid", "EUID", "euid", 5, J_RIGHT, O, E, r_euid, SYSQ_P_EUID, "effective user ID"),
	CALC("euser", "EUSER", "euser", 8, J_USER, O, E, r_euser, j_euser, NULL, "effective user name"),
	FIELD("exe", "EXE", "exe", 27, J_UNLIMITED, SYSQ_PN_EXE, PO, r_exe, SYSQ_P_EXE, "path of the executable"),
	FIELD("f", "F", "flags", 1, J_RIGHT, S, E, r_flags, SYSQ_P_FLAGS, "flags (octal, PF_* >> 6); JSON: all of PF_*"),
	FIELD("fgid", "FGID", "fsgid", 5, J_RIGHT, ST, E, r_fsgid, SYSQ_P_FSGID, "file system group ID"),
	CALC("fgroup", "FGROUP", "fsgroup", 8, J_USER, ST, E, r_fgroup, j_fgroup, NULL, "file system group name"),
	FIELD("flag", "F", "flags", 1, J_RIGHT, S, E, r_flags, SYSQ_P_FLAGS, "see f"),
	FIELD("flags", "F", "flags", 1, J_RIGHT, S, E, r_flags, SYSQ_P_FLAGS, "see f"),
	CALC("fname", "COMMAND", "fname", 8, J_LEFT, S, PO, r_fname, j_fname, NULL, "first 8 characters of the name"),
	FIELD("fsgid", "FSGID", "fsgid", 5, J_RIGHT, ST, E, r_fsgid, SYSQ_P_FSGID, "see fgid"),
	CALC("fsgroup", "FSGROUP", "fsgroup", 8, J_USER, ST, E, r_fgroup, j_fgroup, NULL, "see fgroup"),
	FIELD("fsuid", "FSUID", "fsuid", 5, J_RIGHT, ST, E, r_fsuid, SYSQ_P_FSUID, "see fuid"),
	CALC("fsuser", "FSUSER", "fsuser", 8, J_USER, ST, E, r_fuser, j_fuser, NULL, "see fuser"),
	FIELD("fuid", "FUID", "fsuid", 5, J_RIGHT, ST, E, r_fsuid, SYSQ_P_FSUID, "file system user ID"),
	CALC("fuser", "FUSER", "fsuser", 8, J_USER, ST, E, r_fuser, j_fuser, NULL, "file system user name"),
	FIELD("gid", "GID", "egid", 5, J_RIGHT, ST, E, r_egid, SYSQ_P_EGID, "see egid"),
	CALC("group", "GROUP", "egroup", 8, J_USER, ST, E, r_egroup, j_egroup, NULL, "see egroup"),
	FIELD("ignored", "IGNORED", "sig_ignored", 9, J_SIGNAL, ST, TO, r_ignored, SYSQ_P_SIG_IGNORED, "ignored signals (mask)"),
	CALC("intpri", "PRI", "opri", 3, J_RIGHT, S, TO, r_opri, j_opri, NULL, "see opri"),
	FIELD("label", "LABEL", "label", 31, J_LEFT, SYSQ_PN_LABEL, E, r_label, SYSQ_P_LABEL, "security label (SELinux, AppArmor)"),
	FIELD("lastcpu", "C", "cpu_num", 3, J_RIGHT, S, TO, r_psr, SYSQ_P_CPU_NUM, "see psr"),
	CALC("longtname", "TTY", "terminal", 8, J_LEFT, S, PO, r_tty, j_terminal, NULL, "see tname"),
	FIELD("lstart", "STARTED", "create_time", 24, J_RIGHT, S, E, r_lstart, SYSQ_P_CREATE_TIME, "start time, full; epoch seconds"),
	PIDCOL("lwp", "LWP", "tid", S, TO, r_lwp, -1, j_tid, "thread ID"),
	CALC("m_drs", "DRS", "drs", 5, J_RIGHT, S, PO, r_drs, j_drs, "bytes", "see drs"),
	CALC("m_trs", "TRS", "trs", 5, J_RIGHT, S, PO, r_trs, j_trs, "bytes", "see trs"),
	SUMMED("maj_flt", "MAJFL", "major_faults", 6, r_maj, SYSQ_P_MAJOR_FAULTS, j_maj, NULL, "major page faults"),
	SUMMED("majflt", "MAJFLT", "major_faults", 6, r_maj, SYSQ_P_MAJOR_FAULTS, j_maj, NULL, "see maj_flt"),
	SUMMED("min_flt", "MINFL", "minor_faults", 6, r_min, SYSQ_P_MINOR_FAULTS, j_min, NULL, "minor page faults"),
	SUMMED("minflt", "MINFLT", "minor_faults", 6, r_min, SYSQ_P_MINOR_FAULTS, j_min, NULL, "see min_flt"),
	FIELD("ni", "NI", "nice", 3, J_RIGHT, S, TO, r_nice, SYSQ_P_NICE, "nice value"),
	FIELD("nice", "NI", "nice", 3, J_RIGHT, S, TO, r_nice, SYSQ_P_NICE, "see ni"),
	FIELD("nlwp", "NLWP", "num_threads", 4, J_RIGHT, S, PO, r_nlwp, SYSQ_P_NUM_THREADS, "threads"),
	FIELD("num_fds", "FDS", "num_fds", 4, J_RIGHT, SYSQ_PN_FDS, E, r_fds, SYSQ_P_NUM_FDS, "open file descriptors (psutil)"),
	CALC("opri", "PRI", "opri", 3, J_RIGHT, S, TO, r_opri, j_opri, NULL, "priority, 60 + kernel priority"),
	SUMMED("pagein", "PAGEIN", "major_faults", 6, r_maj, SYSQ_P_MAJOR_FAULTS, j_maj, NULL, "see maj_flt"),
	SUMMED("pcpu", "%CPU", "cpu_percent", 4, r_pcpu, -1, j_pcpu, "percent", "see %cpu"),
	CALC("pending", "PENDING", "sig_pending", 9, J_SIGNAL, ST, E, r_pending, j_pending, NULL, "pending signals (mask; a thread's own on a thread row)"),
	PIDCOL("pgid", "PGID", "pgid", S, PO, r_pgid, SYSQ_P_PGID, NULL, "process group ID"),
	PIDCOL("pgrp", "PGRP", "pgid", S, PO, r_pgid, SYSQ_P_PGID, NULL, "see pgid"),
	PIDCOL("pid", "PID", "pid", 0, PO, r_pid, SYSQ_P_PID, NULL, "process ID"),
	CALC("pmem", "%MEM", "memory_percent", 4, J_RIGHT, ST, PO, r_pmem, j_pmem, "percent", "see %mem"),
	FIELD("policy", "POL", "policy", 3, J_LEFT, S, TO, r_class, SYSQ_P_POLICY, "see class"),
	PIDCOL("ppid", "PPID", "ppid", S, PO, r_ppid, SYSQ_P_PPID, NULL, "parent process ID"),
	CALC("pri", "PRI", "pri", 3, J_RIGHT, S, TO, r_pri, j_pri, NULL, "priority, 39 - kernel priority"),
	CALC("pri_api", "API", "pri_api", 3, J_RIGHT, S, TO, r_pri_api, j_pri_api, NULL, "priority, -1 - kernel priority"),
	CALC("pri_bar", "BAR", "pri_bar", 3, J_RIGHT, S, TO, r_pri_bar, j_pri_bar, NULL, "priority, kernel priority + 1"),
	CALC("pri_baz", "BAZ", "pri_baz", 3, J_RIGHT, S, TO, r_pri_baz, j_pri_baz, NULL, "priority, kernel priority + 100"),
	CALC("pri_foo", "FOO", "pri_foo", 3, J_RIGHT, S, TO, r_pri_foo, j_pri_foo, NULL, "priority, kernel priority - 20"),
	FIELD("priority", "PRI", "priority", 3, J_RIGHT, S, TO, r_priority, SYSQ_P_PRIORITY, "kernel priority"),
	FIELD("psr", "PSR", "cpu_num", 3, J_RIGHT, S, TO, r_psr, SYSQ_P_CPU_NUM, "last CPU"),
	FIELD("pss", "PSS", "pss", 5, J_RIGHT, SYSQ_PN_SMAPS, PO, r_pss, SYSQ_P_PSS, "proportional set size, KiB; bytes"),
	FIELD("rbytes", "RBYTES", "read_bytes", 5, J_RIGHT, IO, TO, r_rbytes, SYSQ_P_READ_BYTES, "bytes read from storage"),
	FIELD("rgid", "RGID", "rgid", 5, J_RIGHT, ST, E, r_rgid, SYSQ_P_RGID, "real group ID"),
	CALC("rgroup", "RGROUP", "rgroup", 8, J_USER, ST, E, r_rgroup, j_rgroup, NULL, "real group name"),
	FIELD("rss", "RSS", "rss", 5, J_RIGHT, ST, PO, r_rss, SYSQ_P_RSS, "resident set size, KiB; bytes"),
	FIELD("rssize", "RSS", "rss", 5, J_RIGHT, ST, PO, r_rss, SYSQ_P_RSS, "see rss"),
	FIELD("rsz", "RSZ", "rss", 5, J_RIGHT, ST, PO, r_rss, SYSQ_P_RSS, "see rss"),
	FIELD("rtprio", "RTPRIO", "rt_priority", 6, J_RIGHT, S, TO, r_rtprio, SYSQ_P_RT_PRIORITY, "real-time priority"),
	FIELD("ruid", "RUID", "ruid", 5, J_RIGHT, ST, E, r_ruid, SYSQ_P_RUID, "real user ID"),
	CALC("ruser", "RUSER", "username", 8, J_USER, ST, E, r_ruser, j_ruser, NULL, "real user name"),
	FIELD("s", "S", "status", 1, J_LEFT, S, TO, r_s, SYSQ_P_STATUS, "state letter; JSON: psutil's status"),
	PIDCOL("sess", "SESS", "sid", S, PO, r_sid, SYSQ_P_SID, NULL, "see sid"),
	PIDCOL("session", "SESS", "sid", S, PO, r_sid, SYSQ_P_SID, NULL, "see sid"),
	FIELD("sgi_rss", "RSS", "rss", 4, J_LEFT, ST, PO, r_rss, SYSQ_P_RSS, "see rss"),
	FIELD("sgid", "SGID", "sgid", 5, J_RIGHT, ST, E, r_sgid, SYSQ_P_SGID, "saved group ID"),
	CALC("sgroup", "SGROUP", "sgroup", 8, J_USER, ST, E, r_sgroup, j_sgroup, NULL, "saved group name"),
	PIDCOL("sid", "SID", "sid", S, PO, r_sid, SYSQ_P_SID, NULL, "session ID"),
	CALC("sig", "PENDING", "sig_pending", 9, J_SIGNAL, ST, E, r_pending, j_pending, NULL, "see pending"),
	FIELD("sig_block", "BLOCKED", "sig_blocked", 9, J_SIGNAL, ST, TO, r_blocked, SYSQ_P_SIG_BLOCKED, "see blocked"),
	FIELD("sig_catch", "CATCHED", "sig_caught", 9, J_SIGNAL, ST, TO, r_caught, SYSQ_P_SIG_CAUGHT, "see caught"),
	FIELD("sig_ignore", "IGNORED", "sig_ignored", 9, J_SIGNAL, ST, TO, r_ignored, SYSQ_P_SIG_IGNORED, "see ignored"),
	CALC("sig_pend", "SIGNAL", "sig_pending", 9, J_SIGNAL, ST, E, r_pending, j_pending, NULL, "see pending"),
	FIELD("sigcatch", "CAUGHT", "sig_caught", 9, J_SIGNAL, ST, TO, r_caught, SYSQ_P_SIG_CAUGHT, "see caught"),
	FIELD("sigignore", "IGNORED", "sig_ignored", 9, J_SIGNAL, ST, TO, r_ignored, SYSQ_P_SIG_IGNORED, "see ignored"),
	FIELD("sigmask", "BLOCKED", "sig_blocked", 9, J_SIGNAL, ST, TO, r_blocked, SYSQ_P_SIG_BLOCKED, "see blocked"),
	PIDCOL("spid", "SPID", "tid", S, TO, r_lwp, -1, j_tid, "see lwp"),
	FIELD("start", "STARTED", "create_time", 8, J_RIGHT, S, E, r_start, SYSQ_P_CREATE_TIME, "start time; epoch seconds"),
	FIELD("start_time", "START", "create_time", 5, J_RIGHT, S, E, r_stime, SYSQ_P_CREATE_TIME, "start time, short"),
	CALC("stat", "STAT", "stat", 4, J_LEFT, S | ST, TO, r_stat, j_stat, NULL, "state with BSD flags"),
	FIELD("state", "S", "status", 1, J_LEFT, S, TO, r_s, SYSQ_P_STATUS, "see s"),
	FIELD("stime", "STIME", "create_time", 5, J_RIGHT, S, E, r_stime, SYSQ_P_CREATE_TIME, "see start_time"),
	FIELD("suid", "SUID", "suid", 5, J_RIGHT, ST, E, r_suid, SYSQ_P_SUID, "saved user ID"),
	CALC("suser", "SUSER", "suser", 8, J_USER, ST, E, r_suser, j_suser, NULL, "saved user name"),
	FIELD("svgid", "SVGID", "sgid", 5, J_RIGHT, ST, E, r_sgid, SYSQ_P_SGID, "see sgid"),
	CALC("svgroup", "SVGROUP", "sgroup", 8, J_USER, ST, E, r_sgroup, j_sgroup, NULL, "see sgroup"),
	FIELD("svuid", "SVUID", "suid", 5, J_RIGHT, ST, E, r_suid, SYSQ_P_SUID, "see suid"),
	CALC("svuser", "SVUSER", "suser", 8, J_USER, ST, E, r_suser, j_suser, NULL, "see suser"),
	FIELD("swap", "SWAP", "swap", 5, J_RIGHT, ST, PO, r_swap, SYSQ_P_SWAP, "swapped-out memory, KiB; bytes (psutil)"),
	CALC("sz", "SZ", "sz", 5, J_RIGHT, S, PO, r_sz, j_sz, "pages", "virtual size in pages"),
	PIDCOL("tgid", "TGID", "pid", 0, PO, r_pid, SYSQ_P_PID, NULL, "see pid"),
	FIELD("thcount", "THCNT", "num_threads", 5, J_RIGHT, S, PO, r_nlwp, SYSQ_P_NUM_THREADS, "see nlwp"),
	PIDCOL("tid", "TID", "tid", S, TO, r_lwp, -1, j_tid, "see lwp"),
	CALC("time", "TIME", "cpu_time", 8, J_RIGHT, S, E, r_time, j_cpu_time, "seconds", "user + system CPU time, [DD-]HH:MM:SS; seconds"),
	CALC("tname", "TTY", "terminal", 8, J_LEFT, S, PO, r_tty, j_terminal, NULL, "terminal"),
	PIDCOL("tpgid", "TPGID", "tpgid", S, PO, r_tpgid, SYSQ_P_TPGID, NULL, "foreground process group of the terminal"),
	CALC("trs", "TRS", "trs", 4, J_RIGHT, S, PO, r_trs, j_trs, "bytes", "size of the program text, KiB; bytes"),
	CALC("trss", "TRSS", "trs", 4, J_RIGHT, S, PO, r_trs, j_trs, "bytes", "see trs"),
	FIELD("tsig", "PENDING", "sig_pending_thread", 9, J_SIGNAL, ST, E, r_tsig, SYSQ_P_SIG_PENDING_THREAD, "signals pending for the thread alone"),
	CALC("tsiz", "TSIZ", "trs", 4, J_RIGHT, S, PO, r_trs, j_trs, "bytes", "see trs"),
	CALC("tt", "TT", "terminal", 8, J_LEFT, S, PO, r_tty, j_terminal, NULL, "see tname"),
	CALC("tty", "TT", "terminal", 8, J_LEFT, S, PO, r_tty, j_terminal, NULL, "see tname"),
	CALC("tty8", "TTY", "terminal", 8, J_LEFT, S, PO, r_tty, j_terminal, NULL, "see tname"),
	FIELD("ucmd", "CMD", "name", 15, J_UNLIMITED, S, PO, r_comm, SYSQ_P_NAME, "see comm"),
	FIELD("ucomm", "COMMAND", "name", 15, J_UNLIMITED, S, PO, r_comm, SYSQ_P_NAME, "see comm"),
	FIELD("uid", "UID", "euid", 5, J_RIGHT, O, E, r_euid, SYSQ_P_EUID, "see euid"),
	CALC("uid_hack", "UID", "euser", 8, J_USER, O, E, r_euser, j_euser, NULL, "see euser"),
	CALC("uname", "USER", "euser", 8, J_USER, O, E, r_euser, j_euser, NULL, "see euser"),
	CALC("user", "USER", "euser", 8, J_USER, O, E, r_euser, j_euser, NULL, "see euser"),
	FIELD("uss", "USS", "uss", 5, J_RIGHT, SYSQ_PN_SMAPS, PO, r_uss, SYSQ_P_USS, "unique set size, KiB; bytes"),
	SUMMED("util", "C", "cpu_utilization", 2, r_c, -1, j_pcpu, "percent", "see c"),
	FIELD("vsize", "VSZ", "vms", 6, J_RIGHT, S, PO, r_vsz, SYSQ_P_VMS_STAT, "see vsz"),
	FIELD("vsz", "VSZ", "vms", 6, J_RIGHT, S, PO, r_vsz, SYSQ_P_VMS_STAT, "virtual memory size, KiB; bytes"),
	FIELD("wbytes", "WBYTES", "write_bytes", 5, J_RIGHT, IO, TO, r_wbytes, SYSQ_P_WRITE_BYTES, "bytes written to storage"),
	FIELD("wchan", "WCHAN", "wchan", 6, J_WCHAN, SYSQ_PN_WCHAN, TO, r_wchan, SYSQ_P_WCHAN, "kernel function the process sleeps in"),
	FIELD("wname", "WCHAN", "wchan", 6, J_WCHAN, SYSQ_PN_WCHAN, TO, r_wchan, SYSQ_P_WCHAN, "see wchan"),
	FIELD("zone", "ZONE", "label", 31, J_LEFT, SYSQ_PN_LABEL, E, r_label, SYSQ_P_LABEL, "see label"),
};
const size_t ps_ncore_columns = sizeof(ps_core_columns) / sizeof(ps_core_columns[0]);

static const struct { const struct column *v; const size_t *n; } tables[] = {
	{ ps_core_columns, &ps_ncore_columns },
	{ ps_more_columns, &ps_nmore_columns },
	{ ps_nop_columns, &ps_nnop_columns },
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

const struct column *find_column(const char *key)
{
	for (size_t t = 0; t < NTABLES; t++)
		for (size_t i = 0; i < *tables[t].n; i++)
			if (strcmp(tables[t].v[i].key, key) == 0)
				return &tables[t].v[i];
	return NULL;
}

json_object *column_json(struct ctx *c, const struct column *col, const struct sysq_proc *p)
{
	const struct sysq_field *f;
	json_object *tmp, *v = NULL;

	if (col->jvalue)
		return col->jvalue(c, p);
	if (col->field < 0)
		return NULL;
	/* a field of the table, typed as the table says, under the column's key */
	f = &sysq_proc_table.fields[col->field];
	if (!(tmp = json_object_new_object()))
		return NULL;
	sq_json_add_field(tmp, f, p, p->have, (unsigned)col->field);
	if (json_object_object_get_ex(tmp, f->name, &v))
		json_object_get(v);
	json_object_put(tmp);
	return v;
}

/* the JSON unit: the field's, or a computed column's own */
static const char *column_unit(const struct column *col)
{
	const char *u = col->field >= 0 ? sysq_unit_name(sysq_proc_table.fields[col->field].unit) : col->unit;

	return u && *u ? u : "-";
}

/* ps L: every keyword */
void list_keywords(void)
{
	size_t at[NTABLES] = { 0 };

	/* the tables merged, in key order */
	for (;;) {
		const struct column *col = NULL;
		size_t from = 0;

		for (size_t t = 0; t < NTABLES; t++)
			if (at[t] < *tables[t].n && (!col || strcmp(tables[t].v[at[t]].key, col->key) < 0)) {
				col = &tables[t].v[at[t]];
				from = t;
			}
		if (!col)
			break;
		at[from]++;
		printf("%-11s %-8s %-21s %-13s %s%s\n", col->key, col->header, col->json ? col->json : "-",
		       column_unit(col), col->help, col->children ? "; S: the waited-for children too (JSON: *" CHILDREN_SUFFIX ")" : "");
		sq_out_check();
	}
}
