/* ps: the rarer columns (I/O counters, namespaces, autogroup, systemd's
 * names, NUMA, stack and instruction pointers, supplementary groups and
 * the other keywords procps keeps for compatibility) and their table. */
#include <stdlib.h>
#include <string.h>

#include "columns.h"


/* cp: %CPU in tenths, at most 999 */
static void r_cp(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	uint64_t pcpu;

	if (cpu_share(c, p, 1000, &pcpu, buf, n))
		snprintf(buf, n, "%3" PRIu64, pcpu > 999 ? 999 : pcpu);
}
static json_object *j_cp(struct ctx *c, const struct sysq_proc *p)
{
	uint64_t pcpu;
	char buf[8];

	return cpu_share(c, p, 1000, &pcpu, buf, sizeof(buf)) ? sq_json_u64(pcpu > 999 ? 999 : pcpu) : NULL;
}

/* cuu, cuc: the lifetime share as ##.###, at most 99.999; in procps's
 * arithmetic (ticks times a float 100, over ticks) so the last digit agrees */
static void utilization(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n, bool children)
{
	double life = c->uptime * (double)c->tck - (double)p->start_ticks, cu = 0;
	double secs = p->user + p->system + (children ? p->children_user + p->children_system : 0);
	unsigned long long ticks = (unsigned long long)(secs * (double)c->tck + 0.5);

	if (!HAVE(p, SYSQ_P_USER) || !HAVE(p, SYSQ_P_START_TICKS)) {
		snprintf(buf, n, "-");
		return;
	}
	if (life > 0)
		cu = (double)((float)ticks * 100.0f) / life;
	snprintf(buf, n, "%#.3f", cu > 99.0 ? 99.999 : cu);
}
static void r_cuu(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { utilization(c, p, buf, n, false); }
static void r_cuc(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { utilization(c, p, buf, n, true); }

/* cputimes, times: CPU seconds */
static void r_times(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	OR_DASH(p, SYSQ_P_USER, fmt_u(buf, n, (uint64_t)((thread_cpu(c, p) * (double)c->tck + 0.5)) / (uint64_t)c->tck));
}

/* size: data and stack, KiB (statm's data) */
static void r_size(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_DATA, fmt_u(buf, n, p->data / 1024)); }
/* m_size: the virtual size in bytes (an old Debian format) */
static void r_msize(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, SYSQ_P_VMS_STAT, fmt_u(buf, n, p->vms_stat)); }

/* sgi_p: the processor of a running process, else '*' */
static void r_sgi_p(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	char state = c->thread ? c->thread->state : p->state;

	OR_DASH(p, SYSQ_P_CPU_NUM, if (state == 'R') fmt_i(buf, n, p->cpu_num); else snprintf(buf, n, "*"));
}
static json_object *j_sgi_p(struct ctx *c, const struct sysq_proc *p)
{
	char state = c->thread ? c->thread->state : p->state;

	return HAVE(p, SYSQ_P_CPU_NUM) && state == 'R' ? sq_json_i64(p->cpu_num) : NULL;
}

/* numa: the node of the CPU it last ran on; procps prints -1 for none */
static bool numa_node(struct ctx *c, const struct sysq_proc *p, int *node)
{
	int *slot;

	if (!HAVE(p, SYSQ_P_CPU_NUM) || p->cpu_num < 0 || p->cpu_num >= (int64_t)(sizeof(c->cpu_node) / sizeof(c->cpu_node[0])))
		return false;
	slot = &c->cpu_node[p->cpu_num];
	if (!*slot)
		*slot = sysq_cpu_node(c->lib, p->cpu_num, node) == 0 ? *node + 1 : -1;
	*node = *slot - 1;
	return *slot > 0;
}
static void r_numa(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	int node;

	OR_DASH(p, SYSQ_P_CPU_NUM, snprintf(buf, n, "%d", numa_node(c, p, &node) ? node : -1));
}
static json_object *j_numa(struct ctx *c, const struct sysq_proc *p)
{
	int node;

	return numa_node(c, p, &node) ? sq_json_i64(node) : NULL;
}

/* tty4: the terminal without "tty" and "pts/" */
static void r_tty4(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	char name[64];
	const char *s = name;

	if (!HAVE(p, SYSQ_P_TTY_NR)) {
		snprintf(buf, n, "-");
		return;
	}
	sysq_tty_name(c->lib, p->tty_nr, name, sizeof(name));
	if (!strncmp(s, "tty", 3) && s[3])
		s += 3;
	if (!strncmp(s, "pts/", 4) && s[4])
		s += 4;
	snprintf(buf, n, "%s", s);
}
static json_object *j_tty4(struct ctx *c, const struct sysq_proc *p)
{
	return p->tty_nr > 0 ? text_json(c, p, r_tty4) : NULL;
}

/* addresses in 16 hex digits; procps shows the kernel's zeros where
 * they were hidden */
static void hex_addr(const struct sysq_proc *p, int f, uint64_t v, char *buf, size_t n)
{
	snprintf(buf, n, "%016" PRIx64, HAVE(p, f) ? v : 0);
}
static void r_stackp(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; hex_addr(p, SYSQ_P_START_STACK, p->start_stack, buf, n); }
static void r_esp(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; hex_addr(p, SYSQ_P_ESP, p->esp, buf, n); }
static void r_eip(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; hex_addr(p, SYSQ_P_EIP, p->eip, buf, n); }

/* plain numbers of the field table */
#define NUMCOL(nm, fld, member, fmt) \
	static void r_##nm(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; OR_DASH(p, fld, fmt(buf, n, p->member)); }
NUMCOL(rchars, SYSQ_P_READ_CHARS, read_chars, fmt_u)
NUMCOL(wchars, SYSQ_P_WRITE_CHARS, write_chars, fmt_u)
NUMCOL(rops, SYSQ_P_READ_COUNT, read_count, fmt_u)
NUMCOL(wops, SYSQ_P_WRITE_COUNT, write_count, fmt_u)
NUMCOL(wcbytes, SYSQ_P_CANCELLED_WRITE_BYTES, cancelled_write_bytes, fmt_u)
NUMCOL(oom, SYSQ_P_OOM_SCORE, oom_score, fmt_i)
NUMCOL(oomadj, SYSQ_P_OOM_SCORE_ADJ, oom_score_adj, fmt_i)
NUMCOL(luid, SYSQ_P_LOGINUID, loginuid, fmt_i)
NUMCOL(sched, SYSQ_P_POLICY, policy, fmt_u)

/* ag_id, ag_nice: procps prints -1 and 0 when there is no autogroup */
static void r_ag_id(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; fmt_i(buf, n, HAVE(p, SYSQ_P_AG_ID) ? p->ag_id : -1); }
static void r_ag_nice(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; fmt_i(buf, n, HAVE(p, SYSQ_P_AG_NICE) ? p->ag_nice : 0); }

/* the namespaces: one inode each */
#define NSCOL(nm, fld) NUMCOL(nm, fld, nm, fmt_u)
NSCOL(cgroupns, SYSQ_P_CGROUPNS)
NSCOL(ipcns, SYSQ_P_IPCNS)
NSCOL(mntns, SYSQ_P_MNTNS)
NSCOL(netns, SYSQ_P_NETNS)
NSCOL(pidns, SYSQ_P_PIDNS)
NSCOL(timens, SYSQ_P_TIMENS)
NSCOL(userns, SYSQ_P_USERNS)
NSCOL(utsns, SYSQ_P_UTSNS)

/* lim: the soft RSS limit in KiB, "xx" when unlimited */
static void r_lim(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	uint64_t v = p->rlimit_soft[SYSQ_RLIMIT_RSS];

	(void)c;
	if (!p->have_rlimit)
		snprintf(buf, n, "-");
	else if (v == SYSQ_RLIM_INFINITY)
		snprintf(buf, n, "xx");
	else
		snprintf(buf, n, "%5" PRIu64, v >> 10);
}
static json_object *j_lim(struct ctx *c, const struct sysq_proc *p)
{
	uint64_t v = p->rlimit_soft[SYSQ_RLIMIT_RSS];

	(void)c;
	return p->have_rlimit && v != SYSQ_RLIM_INFINITY ? sq_json_u64(v) : NULL;
}

/* supgid, supgrp: the supplementary groups, "-" for none */
static void r_supgid(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	(void)c;
	snprintf(buf, n, "%s", HAVE(p, SYSQ_P_SUPGID) && p->supgid[0] ? p->supgid : "-");
}
/* each supplementary group through fn, as JSON values or joined text */
static json_object *each_group(struct ctx *c, const struct sysq_proc *p, bool names, char *buf, size_t n)
{
	json_object *a = buf ? NULL : json_object_new_array();
	size_t k = 0;
	char *end;

	if (!HAVE(p, SYSQ_P_SUPGID))
		return json_object_put(a), NULL;
	for (const char *s = p->supgid; *s; s = *end ? end + 1 : end) {
		long long gid = strtoll(s, &end, 10);
		char name[256];

		if (end == s)
			break;
		group_text(c, name, sizeof(name), gid);
		if (a)
			json_object_array_add(a, names ? sq_json_str(name) : sq_json_i64(gid));
		else if (k + 1 < n)
			k += (size_t)snprintf(buf + k, n - k, "%s%s", k ? "," : "", name);
	}
	return a;
}
static void r_supgrp(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	char names[4096] = "";

	each_group(c, p, true, names, sizeof(names));
	cell_text(c, buf, n, names[0] ? names : "-", PS_NAME);
}
static json_object *j_supgid(struct ctx *c, const struct sysq_proc *p) { return each_group(c, p, false, NULL, 0); }
static json_object *j_supgrp(struct ctx *c, const struct sysq_proc *p) { return each_group(c, p, true, NULL, 0); }

/* ---- systemd, as libsystemd reads it from the cgroup path ---------------- */

/* The systemd hierarchy's path: name=systemd (v1), else the unified one */
static bool systemd_path(const struct sysq_proc *p, const char **path, size_t *len)
{
	const char *s, *v2 = NULL;

	if (!HAVE(p, SYSQ_P_CGROUP))
		return false;
	for (s = p->cgroup; *s; s += strcspn(s, "\n"), s += *s == '\n') {
		size_t l = strcspn(s, "\n");

		if (l > 14 && !strncmp(s + strcspn(s, ":"), ":name=systemd:", 14)) {
			*path = s + strcspn(s, ":") + 14;
			*len = l - (size_t)(*path - s);
			return true;
		}
		if (!strncmp(s, "0::", 3))
			v2 = s;
	}
	if (!v2)
		return false;
	*path = v2 + 3;
	*len = strcspn(*path, "\n");
	return true;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n > k && !memcmp(s + n - k, suffix, k);
}

/* A unit name: a name, a dot and one of systemd's unit types */
static bool unit_name(const char *s, size_t n)
{
	static const char *const types[] = { ".service", ".scope", ".socket", ".mount", ".swap", ".target",
					     ".device", ".automount", ".timer", ".path", NULL };

	for (size_t i = 0; types[i]; i++)
		if (ends_with(s, n, types[i]))
			return true;
	return false;
}

/* The next component of a path: its start and length, "" at the end */
static const char *component(const char **s, const char *end, size_t *n)
{
	const char *c;

	while (*s < end && **s == '/')
		(*s)++;
	c = *s;
	while (*s < end && **s != '/')
		(*s)++;
	*n = (size_t)(*s - c);
	return c;
}

/* What sd_pid_get_slice, _unit, _user_unit, _session and _owner_uid
 * find: the last slice before the first unit, that unit, and within a
 * user@.service the unit after its slices.  Each is copied into its
 * buffer (n bytes), "-" when there is none ("-.slice" for the slice). */
enum sd_what { SD_SLICE, SD_UNIT, SD_UUNIT, SD_SESSION, SD_OUID };

static void systemd_part(const struct sysq_proc *p, enum sd_what what, char *buf, size_t n)
{
	const char *path, *end, *c, *slice = "-.slice", *unit = NULL, *uunit = NULL;
	size_t len, cl, slen = 7, ulen = 0, uulen = 0;

	snprintf(buf, n, "-");
	if (!systemd_path(p, &path, &len))
		return;
	end = path + len;
	while ((c = component(&path, end, &cl)) && cl && ends_with(c, cl, ".slice"))
		slice = c, slen = cl;
	if (cl && unit_name(c, cl)) {
		unit = c, ulen = cl;
		if (!strncmp(c, "user@", 5) && ends_with(c, cl, ".service")) {
			while ((c = component(&path, end, &cl)) && cl && ends_with(c, cl, ".slice"))
				;
			if (cl && unit_name(c, cl))
				uunit = c, uulen = cl;
		}
	}
	switch (what) {
	case SD_SLICE:
		snprintf(buf, n, "%.*s", (int)slen, slice);
		break;
	case SD_UNIT:
		if (unit)
			snprintf(buf, n, "%.*s", (int)ulen, unit);
		break;
	case SD_UUNIT:
		if (uunit)
			snprintf(buf, n, "%.*s", (int)uulen, uunit);
		break;
	case SD_SESSION:
		if (unit && ulen > 14 && !strncmp(unit, "session-", 8) && ends_with(unit, ulen, ".scope"))
			snprintf(buf, n, "%.*s", (int)(ulen - 14), unit + 8);
		break;
	case SD_OUID:
		/* the owner of user-UID.slice */
		if (slen > 11 && !strncmp(slice, "user-", 5) && strspn(slice + 5, "0123456789") == slen - 11)
			snprintf(buf, n, "%.*s", (int)(slen - 11), slice + 5);
		break;
	}
}

#define SDCOL(nm, what) \
	static void r_##nm(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; systemd_part(p, what, buf, n); } \
	static json_object *j_##nm(struct ctx *c, const struct sysq_proc *p) { return text_json(c, p, r_##nm); }
SDCOL(slice, SD_SLICE)
SDCOL(unit, SD_UNIT)
SDCOL(uunit, SD_UUNIT)
SDCOL(lsession, SD_SESSION)

/* ouid: the owner's uid (a number: JSON has it as one) */
static void r_ouid(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; systemd_part(p, SD_OUID, buf, n); }
static json_object *j_ouid(struct ctx *c, const struct sysq_proc *p)
{
	char buf[32];

	r_ouid(c, p, buf, sizeof(buf));
	return strcmp(buf, "-") ? sq_json_i64(strtoll(buf, NULL, 10)) : NULL;
}

/* "-": machine and seat need systemd's state under /run, not known here;
 * procps keeps columns it never fills (the Linux 2.0 timers, the old
 * memory layout's SWAP, SHRD, LIB and DT) */
static void r_dash(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n) { (void)c; (void)p; snprintf(buf, n, "-"); }

/* lxc: the container named after the last lxc delimiter of the cgroup
 * line that has one */
static void r_lxc(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	static const char *const delims[] = { "lxc.payload.", "lxc.payload/", "lxc/" };
	const char *s, *hit = NULL, *d = NULL, *eol;

	(void)c;
	snprintf(buf, n, "-");
	if (!HAVE(p, SYSQ_P_CGROUP))
		return;
	for (size_t i = 0; i < 3 && !hit; i++)
		hit = strstr(p->cgroup, d = delims[i]);
	if (!hit)
		return;
	/* nested containers: the innermost on that line */
	eol = hit + strcspn(hit, "\n");
	do {
		s = hit + strlen(d);
		hit = strstr(s, d);
	} while (hit && hit < eol);
	snprintf(buf, n, "%.*s", (int)strcspn(s, "/\n"), s);
}
static json_object *j_lxc(struct ctx *c, const struct sysq_proc *p) { return text_json(c, p, r_lxc); }
static json_object *j_unknown(struct ctx *c, const struct sysq_proc *p) { (void)c; (void)p; return NULL; }

const struct column ps_more_columns[] = {
	FIELD("ag_id", "AGID", "ag_id", 5, J_RIGHT, SYSQ_PN_AUTOGROUP, E, r_ag_id, SYSQ_P_AG_ID, "autogroup ID (-1: none)"),
	FIELD("ag_nice", "AGNI", "ag_nice", 4, J_RIGHT, SYSQ_PN_AUTOGROUP, E, r_ag_nice, SYSQ_P_AG_NICE, "nice value of the autogroup"),
	COL("alarm", "ALARM", NULL, 5, J_RIGHT, 0, E, r_dash, -1, NULL, "always - (a Linux 2.0 timer)"),
	FIELD("cgroupns", "CGROUPNS", "cgroupns", 10, J_RIGHT, NS, E, r_cgroupns, SYSQ_P_CGROUPNS, "cgroup namespace (inode)"),
	SUMMED("cp", "CP", "cp", 3, r_cp, -1, j_cp, "permille", "%CPU in tenths (at most 999)"),
	CALC("cputimes", "TIME", "cpu_time", 8, J_RIGHT, S, E, r_times, j_cpu_time, "seconds", "user + system CPU time, seconds"),
	CALC("cuc", "%CUC", "cuc", 7, J_RIGHT, S, E, r_cuc, j_cuc, "percent", "%CPU with the waited-for children, ##.###"),
	CALC("cuu", "%CUU", "cpu_percent", 6, J_RIGHT, S, E, r_cuu, j_pcpu, "percent", "%CPU, ##.###"),
	FIELD("eip", "EIP", "eip", 16, J_RIGHT, S, TO, r_eip, SYSQ_P_EIP, "instruction pointer (of a dying task)"),
	FIELD("esp", "ESP", "esp", 16, J_RIGHT, S, TO, r_esp, SYSQ_P_ESP, "stack pointer (of a dying task)"),
	FIELD("ipcns", "IPCNS", "ipcns", 10, J_RIGHT, NS, E, r_ipcns, SYSQ_P_IPCNS, "IPC namespace (inode)"),
	CALC("lim", "LIM", "lim", 5, J_RIGHT, SYSQ_PN_LIMITS, E, r_lim, j_lim, "bytes", "soft RSS limit, KiB (xx: unlimited); bytes, null"),
	CALC("lsession", "SESSION", "lsession", 11, J_LEFT, CG, E, r_lsession, j_lsession, NULL, "systemd login session"),
	FIELD("luid", "LUID", "loginuid", 5, J_RIGHT, SYSQ_PN_LOGINUID, E, r_luid, SYSQ_P_LOGINUID, "login user ID (audit)"),
	CALC("lxc", "LXC", "lxc", 8, J_LEFT, CG, E, r_lxc, j_lxc, NULL, "LXC container"),
	COL("m_dt", "DT", NULL, 4, J_RIGHT, 0, PO, r_dash, -1, NULL, "dirty pages (always -: none since Linux 2.6)"),
	FIELD("m_share", "SHRD", "shared", 5, J_RIGHT, SYSQ_PN_STATM, PO, r_dash, SYSQ_P_SHARED, "shared memory: - as procps; JSON: bytes"),
	FIELD("m_size", "SIZE", "vms", 5, J_RIGHT, S, PO, r_msize, SYSQ_P_VMS_STAT, "virtual memory size, bytes"),
	FIELD("m_swap", "SWAP", "swap", 5, J_RIGHT, ST, PO, r_dash, SYSQ_P_SWAP, "swapped-out memory: - as procps; JSON: bytes"),
	CALC("machine", "MACHINE", "machine", 31, J_LEFT, 0, E, r_dash, j_unknown, NULL, "systemd machine (always -)"),
	FIELD("mntns", "MNTNS", "mntns", 10, J_RIGHT, NS, E, r_mntns, SYSQ_P_MNTNS, "mount namespace (inode)"),
	FIELD("netns", "NETNS", "netns", 10, J_RIGHT, NS, E, r_netns, SYSQ_P_NETNS, "network namespace (inode)"),
	CALC("numa", "NUMA", "numa", 4, J_RIGHT, S, E, r_numa, j_numa, NULL, "NUMA node of the last CPU"),
	FIELD("oom", "OOM", "oom_score", 4, J_RIGHT, SYSQ_PN_OOM_SCORE, TO, r_oom, SYSQ_P_OOM_SCORE, "OOM killer score"),
	FIELD("oomadj", "OOMADJ", "oom_score_adj", 5, J_RIGHT, SYSQ_PN_OOM_ADJ, TO, r_oomadj, SYSQ_P_OOM_SCORE_ADJ, "OOM score adjustment"),
	CALC("ouid", "OWNER", "ouid", 5, J_LEFT, CG, E, r_ouid, j_ouid, NULL, "owner of the systemd user slice"),
	FIELD("pidns", "PIDNS", "pidns", 10, J_RIGHT, NS, E, r_pidns, SYSQ_P_PIDNS, "PID namespace (inode)"),
	FIELD("rchars", "RCHARS", "read_chars", 5, J_RIGHT, IO, TO, r_rchars, SYSQ_P_READ_CHARS, "bytes passed to read calls"),
	FIELD("rops", "ROPS", "read_count", 5, J_RIGHT, IO, TO, r_rops, SYSQ_P_READ_COUNT, "read system calls"),
	FIELD("sched", "SCH", "policy", 3, J_RIGHT, S, TO, r_sched, SYSQ_P_POLICY, "scheduling policy, a number"),
	CALC("seat", "SEAT", "seat", 11, J_LEFT, 0, E, r_dash, j_unknown, NULL, "systemd seat (always -)"),
	CALC("sgi_p", "P", "sgi_p", 1, J_RIGHT, S, TO, r_sgi_p, j_sgi_p, NULL, "CPU of a running process, else *"),
	FIELD("size", "SIZE", "data", 5, J_RIGHT, ST, PO, r_size, SYSQ_P_DATA, "data and stack, KiB; bytes"),
	CALC("slice", "SLICE", "slice", 31, J_LEFT, CG, E, r_slice, j_slice, NULL, "systemd slice"),
	FIELD("stackp", "STACKP", "start_stack", 16, J_RIGHT, S, PO, r_stackp, SYSQ_P_START_STACK, "address of the stack"),
	FIELD("start_stack", "STACKP", "start_stack", 16, J_RIGHT, S, PO, r_stackp, SYSQ_P_START_STACK, "see stackp"),
	CALC("supgid", "SUPGID", "supgid", 20, J_UNLIMITED, SYSQ_PN_GROUPS, PO, r_supgid, j_supgid, NULL, "supplementary group IDs"),
	CALC("supgrp", "SUPGRP", "supgrp", 40, J_UNLIMITED, SYSQ_PN_GROUPS, PO, r_supgrp, j_supgrp, NULL, "supplementary group names"),
	FIELD("timens", "TIMENS", "timens", 10, J_RIGHT, NS, E, r_timens, SYSQ_P_TIMENS, "time namespace (inode)"),
	COL("timeout", "TMOUT", NULL, 5, J_RIGHT, 0, E, r_dash, -1, NULL, "always - (a Linux 2.0 timer)"),
	CALC("times", "TIME", "cpu_time", 8, J_RIGHT, S, E, r_times, j_cpu_time, "seconds", "see cputimes"),
	COL("tmout", "TMOUT", NULL, 5, J_RIGHT, 0, E, r_dash, -1, NULL, "see timeout"),
	CALC("tty4", "TTY", "tty4", 4, J_LEFT, S, PO, r_tty4, j_tty4, NULL, "terminal without tty and pts/"),
	CALC("unit", "UNIT", "unit", 31, J_LEFT, CG, E, r_unit, j_unit, NULL, "systemd unit"),
	FIELD("userns", "USERNS", "userns", 10, J_RIGHT, NS, E, r_userns, SYSQ_P_USERNS, "user namespace (inode)"),
	FIELD("utsns", "UTSNS", "utsns", 10, J_RIGHT, NS, E, r_utsns, SYSQ_P_UTSNS, "UTS namespace (inode)"),
	CALC("uunit", "UUNIT", "uunit", 31, J_LEFT, CG, E, r_uunit, j_uunit, NULL, "systemd user unit"),
	COL("vm_lib", "LIB", NULL, 5, J_RIGHT, 0, PO, r_dash, -1, NULL, "shared library code (always -, as procps)"),
	FIELD("wcbytes", "WCBYTES", "cancelled_write_bytes", 5, J_RIGHT, IO, TO, r_wcbytes, SYSQ_P_CANCELLED_WRITE_BYTES, "written bytes never stored"),
	FIELD("wchars", "WCHARS", "write_chars", 5, J_RIGHT, IO, TO, r_wchars, SYSQ_P_WRITE_CHARS, "bytes passed to write calls"),
	FIELD("wops", "WOPS", "write_count", 5, J_RIGHT, IO, TO, r_wops, SYSQ_P_WRITE_COUNT, "write system calls"),
};
const size_t ps_nmore_columns = sizeof(ps_more_columns) / sizeof(ps_more_columns[0]);
