/* Processes: pids, existence, and attribute reads by request from
 * /proc/PID/{stat,status,statm,cmdline,environ,io,limits,wchan,cgroup,
 * smaps_rollup}, the exe and cwd links, the fd/ and task/ directories. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "sysq/internal.h"

#define PF_KTHREAD_FLAG 0x00200000u /* include/linux/sched.h */

#define PF(idx, nm, ty, un, nd, src, hlp) \
	[idx] = { .name = #nm, .type = ty, .unit = un, .offset = offsetof(struct sysq_proc, nm), \
		  .source = src, .help = hlp, .need = nd }
/* the same with a JSON name that differs from the member */
#define PFN(idx, jn, mem, ty, un, nd, src, hlp) \
	[idx] = { .name = jn, .type = ty, .unit = un, .offset = offsetof(struct sysq_proc, mem), \
		  .source = src, .help = hlp, .need = nd }

enum { ST = SYSQ_PN_STAT, SS = SYSQ_PN_STATUS, SM = SYSQ_PN_STATM };

static const struct sysq_field proc_fields[SYSQ_P__COUNT] = {
	PF(SYSQ_P_PID, pid, SYSQ_T_I64, SYSQ_U_PID, 0, "", "process ID"),
	PF(SYSQ_P_PPID, ppid, SYSQ_T_I64, SYSQ_U_PID, ST, "stat", "parent process ID"),
	PF(SYSQ_P_NAME, name, SYSQ_T_STR, SYSQ_U_NONE, ST, "stat comm", "process name"),
	PF(SYSQ_P_COMM, comm, SYSQ_T_STR, SYSQ_U_NONE, ST, "stat comm", "the kernel's name (psutil's name may be longer)"),
	PF(SYSQ_P_STATUS, status, SYSQ_T_STR, SYSQ_U_NONE, ST, "stat state", "running, sleeping, disk-sleep, zombie, stopped..."),
	PF(SYSQ_P_PGID, pgid, SYSQ_T_I64, SYSQ_U_PID, ST, "stat pgrp", "process group ID"),
	PF(SYSQ_P_SID, sid, SYSQ_T_I64, SYSQ_U_PID, ST, "stat session", "session ID"),
	PF(SYSQ_P_TTY_NR, tty_nr, SYSQ_T_I64, SYSQ_U_NONE, ST, "stat tty_nr", "controlling terminal device number, 0 if none"),
	PF(SYSQ_P_TPGID, tpgid, SYSQ_T_I64, SYSQ_U_PID, ST, "stat tpgid", "foreground process group of the terminal"),
	PF(SYSQ_P_FLAGS, flags, SYSQ_T_U64, SYSQ_U_NONE, ST, "stat flags", "kernel flags (PF_*)"),
	PF(SYSQ_P_MINOR_FAULTS, minor_faults, SYSQ_T_U64, SYSQ_U_COUNT, ST, "stat minflt", "page faults without disk I/O"),
	PF(SYSQ_P_MAJOR_FAULTS, major_faults, SYSQ_T_U64, SYSQ_U_COUNT, ST, "stat majflt", "page faults that read from disk"),
	PFN(SYSQ_P_USER, "user_time", user, SYSQ_T_DOUBLE, SYSQ_U_SECONDS, ST, "stat utime", "CPU time in user mode"),
	PFN(SYSQ_P_SYSTEM, "system_time", system, SYSQ_T_DOUBLE, SYSQ_U_SECONDS, ST, "stat stime", "CPU time in kernel mode"),
	PF(SYSQ_P_CHILDREN_USER, children_user, SYSQ_T_DOUBLE, SYSQ_U_SECONDS, ST, "stat cutime", "user time of waited-for children"),
	PF(SYSQ_P_CHILDREN_SYSTEM, children_system, SYSQ_T_DOUBLE, SYSQ_U_SECONDS, ST, "stat cstime", "system time of waited-for children"),
	PF(SYSQ_P_PRIORITY, priority, SYSQ_T_I64, SYSQ_U_NONE, ST, "stat priority", "kernel scheduling priority"),
	PF(SYSQ_P_NICE, nice, SYSQ_T_I64, SYSQ_U_NONE, ST, "stat nice", "nice value, -20..19"),
	PF(SYSQ_P_NUM_THREADS, num_threads, SYSQ_T_U64, SYSQ_U_COUNT, ST, "stat num_threads", "threads"),
	PF(SYSQ_P_START_TICKS, start_ticks, SYSQ_T_U64, SYSQ_U_NONE, ST, "stat starttime", "start time in clock ticks after boot"),
	PF(SYSQ_P_CREATE_TIME, create_time, SYSQ_T_DOUBLE, SYSQ_U_EPOCH, ST, "stat starttime + btime", "creation time"),
	PFN(SYSQ_P_VMS_STAT, "vsize", vms_stat, SYSQ_T_U64, SYSQ_U_BYTES, ST, "stat vsize", "virtual memory size"),
	PFN(SYSQ_P_RSS_STAT, "rss_stat", rss_stat, SYSQ_T_U64, SYSQ_U_BYTES, ST, "stat rss", "resident set size (approximate: per-CPU counters)"),
	PF(SYSQ_P_START_CODE, start_code, SYSQ_T_U64, SYSQ_U_NONE, ST, "stat startcode", "address where the program text starts"),
	PF(SYSQ_P_END_CODE, end_code, SYSQ_T_U64, SYSQ_U_NONE, ST, "stat endcode", "address where the program text ends"),
	PF(SYSQ_P_CPU_NUM, cpu_num, SYSQ_T_I64, SYSQ_U_NONE, ST, "stat processor", "CPU the process last ran on"),
	PF(SYSQ_P_RT_PRIORITY, rt_priority, SYSQ_T_U64, SYSQ_U_NONE, ST, "stat rt_priority", "real-time priority, 0 if not real-time"),
	PF(SYSQ_P_POLICY, policy, SYSQ_T_U64, SYSQ_U_NONE, ST, "stat policy", "scheduling policy (SCHED_*)"),
	PF(SYSQ_P_IOWAIT, iowait, SYSQ_T_DOUBLE, SYSQ_U_SECONDS, ST, "stat delayacct_blkio_ticks", "time waiting for block I/O"),
	PF(SYSQ_P_RUID, ruid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Uid", "real user ID"),
	PF(SYSQ_P_EUID, euid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Uid", "effective user ID"),
	PF(SYSQ_P_SUID, suid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Uid", "saved user ID"),
	PF(SYSQ_P_FSUID, fsuid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Uid", "file system user ID"),
	PF(SYSQ_P_RGID, rgid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Gid", "real group ID"),
	PF(SYSQ_P_EGID, egid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Gid", "effective group ID"),
	PF(SYSQ_P_SGID, sgid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Gid", "saved group ID"),
	PF(SYSQ_P_FSGID, fsgid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Gid", "file system group ID"),
	PF(SYSQ_P_VOLUNTARY, voluntary, SYSQ_T_U64, SYSQ_U_COUNT, SS, "status voluntary_ctxt_switches", "voluntary context switches"),
	PF(SYSQ_P_INVOLUNTARY, involuntary, SYSQ_T_U64, SYSQ_U_COUNT, SS, "status nonvoluntary_ctxt_switches", "involuntary context switches"),
	PF(SYSQ_P_PEAK_VMS, peak_vms, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status VmPeak", "peak virtual memory size"),
	PF(SYSQ_P_PEAK_RSS, peak_rss, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status VmHWM", "peak resident set size"),
	PF(SYSQ_P_RSS_ANON, rss_anon, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status RssAnon", "resident anonymous memory"),
	PF(SYSQ_P_RSS_FILE, rss_file, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status RssFile", "resident file mappings"),
	PF(SYSQ_P_RSS_SHMEM, rss_shmem, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status RssShmem", "resident shared memory"),
	PF(SYSQ_P_SWAP, swap, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status VmSwap", "swapped-out memory"),
	PF(SYSQ_P_HUGETLB, hugetlb, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status HugetlbPages", "huge page memory"),
	PFN(SYSQ_P_VMLCK, "locked", vmlck, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status VmLck", "locked memory"),
	PF(SYSQ_P_SIG_PENDING, sig_pending, SYSQ_T_U64, SYSQ_U_NONE, SS, "status SigPnd|ShdPnd", "pending signals (mask)"),
	PF(SYSQ_P_SIG_BLOCKED, sig_blocked, SYSQ_T_U64, SYSQ_U_NONE, SS, "status SigBlk", "blocked signals (mask)"),
	PF(SYSQ_P_SIG_IGNORED, sig_ignored, SYSQ_T_U64, SYSQ_U_NONE, SS, "status SigIgn", "ignored signals (mask)"),
	PF(SYSQ_P_SIG_CAUGHT, sig_caught, SYSQ_T_U64, SYSQ_U_NONE, SS, "status SigCgt", "caught signals (mask)"),
	PF(SYSQ_P_CPU_AFFINITY, cpu_affinity, SYSQ_T_CPULIST, SYSQ_U_NONE, SS, "status Cpus_allowed_list", "CPUs the process may run on"),
	PF(SYSQ_P_RSS, rss, SYSQ_T_U64, SYSQ_U_BYTES, SM, "statm resident (or status VmRSS)", "resident set size"),
	PF(SYSQ_P_VMS, vms, SYSQ_T_U64, SYSQ_U_BYTES, SM, "statm size (or status VmSize)", "virtual memory size"),
	PF(SYSQ_P_SHARED, shared, SYSQ_T_U64, SYSQ_U_BYTES, SM, "statm shared", "resident shared (file-backed) memory"),
	PF(SYSQ_P_TEXT, text, SYSQ_T_U64, SYSQ_U_BYTES, SM, "statm text", "program code"),
	PF(SYSQ_P_DATA, data, SYSQ_T_U64, SYSQ_U_BYTES, SM, "statm data", "data and stack"),
	PF(SYSQ_P_CMDLINE, cmdline, SYSQ_T_STRV, SYSQ_U_NONE, SYSQ_PN_CMDLINE, "cmdline", "arguments"),
	PF(SYSQ_P_ENVIRON, environ, SYSQ_T_STRV, SYSQ_U_NONE, SYSQ_PN_ENVIRON, "environ", "environment, NAME=value"),
	PF(SYSQ_P_EXE, exe, SYSQ_T_STRP, SYSQ_U_NONE, SYSQ_PN_EXE, "exe", "path of the executable"),
	PF(SYSQ_P_CWD, cwd, SYSQ_T_STRP, SYSQ_U_NONE, SYSQ_PN_CWD, "cwd", "working directory"),
	PF(SYSQ_P_READ_COUNT, read_count, SYSQ_T_U64, SYSQ_U_COUNT, SYSQ_PN_IO, "io syscr", "read system calls"),
	PF(SYSQ_P_WRITE_COUNT, write_count, SYSQ_T_U64, SYSQ_U_COUNT, SYSQ_PN_IO, "io syscw", "write system calls"),
	PF(SYSQ_P_READ_BYTES, read_bytes, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_PN_IO, "io read_bytes", "bytes read from storage"),
	PF(SYSQ_P_WRITE_BYTES, write_bytes, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_PN_IO, "io write_bytes", "bytes written to storage"),
	PF(SYSQ_P_READ_CHARS, read_chars, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_PN_IO, "io rchar", "bytes passed to read calls"),
	PF(SYSQ_P_WRITE_CHARS, write_chars, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_PN_IO, "io wchar", "bytes passed to write calls"),
	PF(SYSQ_P_NUM_FDS, num_fds, SYSQ_T_U64, SYSQ_U_COUNT, SYSQ_PN_FDS, "fd/", "open file descriptors"),
	PF(SYSQ_P_WCHAN, wchan, SYSQ_T_STRP, SYSQ_U_NONE, SYSQ_PN_WCHAN, "wchan", "kernel function the process sleeps in"),
	PF(SYSQ_P_CGROUP, cgroup, SYSQ_T_STRP, SYSQ_U_NONE, SYSQ_PN_CGROUP, "cgroup", "control groups, one per line"),
	PF(SYSQ_P_LABEL, label, SYSQ_T_STRP, SYSQ_U_NONE, SYSQ_PN_LABEL, "attr/current", "security label; absent without a security module"),
	PF(SYSQ_P_USS, uss, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_PN_SMAPS, "smaps_rollup Private_*", "memory unique to the process"),
	PF(SYSQ_P_PSS, pss, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_PN_SMAPS, "smaps_rollup Pss", "proportional set size"),
	PFN(SYSQ_P_SWAP_SMAPS, "footprint_swap", swap_smaps, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_PN_SMAPS, "smaps_rollup Swap", "swapped-out memory (memory_footprint)"),
	PF(SYSQ_P_USERNAME, username, SYSQ_T_STR, SYSQ_U_NONE, SS, "status Uid + passwd", "name of the real user"),
};
const struct sysq_table sysq_proc_table = { "process", proc_fields, SYSQ_P__COUNT };

const char *const sysq_rlimit_names[SYSQ_RLIMIT__COUNT] = {
	"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE",
	"RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS",
	"RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE",
	"RLIMIT_RTPRIO", "RLIMIT_RTTIME",
};

/* The row labels of /proc/PID/limits, in the same order. */
static const char *const limit_label[SYSQ_RLIMIT__COUNT] = {
	"Max cpu time", "Max file size", "Max data size", "Max stack size",
	"Max core file size", "Max resident set", "Max processes", "Max open files",
	"Max locked memory", "Max address space", "Max file locks", "Max pending signals",
	"Max msgqueue size", "Max nice priority", "Max realtime priority", "Max realtime timeout",
};

unsigned sysq_proc_field_need(enum sysq_proc_field f)
{
	return f < SYSQ_P__COUNT ? proc_fields[f].need : 0;
}

const char *sysq_proc_status_name(char state)
{
	switch (state) {
	case 'R': return "running";
	case 'S': return "sleeping";
	case 'D': return "disk-sleep";
	case 'T': return "stopped";
	case 't': return "tracing-stop";
	case 'Z': return "zombie";
	case 'X': case 'x': return "dead";
	case 'K': return "wake-kill";
	case 'W': return "waking";
	case 'I': return "idle";
	case 'P': return "parked";
	default: return "unknown";
	}
}

/* ---- boot time and user names (per-run caches) --------------------- */

int sysq_cached_boot_time(sysq_ctx *ctx, uint64_t *bt)
{
	if (ctx->have_boot == 0) {
		int rc = sysq_boot_time(ctx, &ctx->boot_time);

		ctx->have_boot = rc < 0 ? rc : 1;
	}
	*bt = ctx->boot_time;
	return ctx->have_boot < 0 ? ctx->have_boot : SYSQ_OK;
}

/* <rootfs>/etc/passwd, parsed once: "name:x:uid:..." */
static void load_passwd(sysq_ctx *ctx)
{
	const char *p, *end, *line;
	char *data;
	size_t len, ll, cap = 0;

	ctx->unames_loaded = 1;
	if (sysq_read(ctx, SYSQ_ROOT_FS, "etc/passwd", &data, &len) < 0)
		return;
	p = data;
	end = data + len;
	while (sysq_next_line(&p, end, &line, &ll)) {
		const char *c1 = memchr(line, ':', ll), *c2, *u;
		uint64_t uid;

		if (!c1 || (size_t)(c1 - line) >= sizeof(ctx->unames[0].name) || c1 == line)
			continue;
		c2 = memchr(c1 + 1, ':', (size_t)(line + ll - c1 - 1));
		if (!c2)
			continue;
		u = c2 + 1;
		if (sysq_parse_u64(&u, &uid) < 0 || *u != ':' || uid > UINT32_MAX)
			continue;
		if (ctx->nunames == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct sysq_uname *v = realloc(ctx->unames, ncap * sizeof(*v));

			if (!v)
				return;
			ctx->unames = v;
			cap = ncap;
		}
		ctx->unames[ctx->nunames].uid = (uint32_t)uid;
		memcpy(ctx->unames[ctx->nunames].name, line, (size_t)(c1 - line));
		ctx->unames[ctx->nunames].name[c1 - line] = '\0';
		ctx->nunames++;
	}
}

/* The name of a uid: <rootfs>/etc/passwd first (one read per run), then,
 * for the host's own root, the system's databases (NSS: LDAP and such);
 * else the number. */
int sysq_user_name(sysq_ctx *ctx, int64_t uid, char *buf, size_t n)
{
	if (!ctx->unames_loaded)
		load_passwd(ctx);
	for (size_t i = 0; i < ctx->nunames; i++) {
		if ((int64_t)ctx->unames[i].uid == uid) {
			snprintf(buf, n, "%s", ctx->unames[i].name);
			return SYSQ_OK;
		}
	}
	if (uid >= 0 && uid <= UINT32_MAX && sysq_rootfs_is_host(ctx)) {
		struct passwd pw, *res = NULL;
		char tmp[1024];

		if (getpwuid_r((uid_t)uid, &pw, tmp, sizeof(tmp), &res) == 0 && res) {
			snprintf(buf, n, "%s", res->pw_name);
			return SYSQ_OK;
		}
	}
	snprintf(buf, n, "%lld", (long long)uid);
	return SYSQ_ENOENT;
}

/* ---- pids ----------------------------------------------------------- */

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* A /proc entry name that is a PID ("123"), else -1. */
static long name_pid(const char *s)
{
	uint64_t v;
	const char *p = s;

	if (*s < '1' || *s > '9' || sysq_parse_u64(&p, &v) < 0 || *p || v > INT32_MAX)
		return -1;
	return (long)v;
}

int sysq_pids(sysq_ctx *ctx, pid_t **pids, size_t *n)
{
	char buf[32768];
	size_t cap = 0;
	int fd, dfd;

	*pids = NULL;
	*n = 0;
	if ((fd = sysq_root_fd(ctx, SYSQ_ROOT_PROC)) < 0)
		return fd;
	/* a fresh descriptor: the root fd's offset is shared with openat users */
	dfd = sysq_openat(ctx, fd, ".", O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		return sysq_errno_code(errno);
	for (;;) {
		long got = syscall(SYS_getdents64, dfd, buf, sizeof(buf));

		if (got < 0) {
			int rc = sysq_errno_code(errno);

			sysq_fd_done(ctx, dfd);
			free(*pids);
			*pids = NULL;
			*n = 0;
			return rc;
		}
		if (got == 0)
			break;
		for (long off = 0; off < got;) {
			struct {
				uint64_t ino;
				int64_t off;
				unsigned short reclen;
				unsigned char type;
				char name[];
			} *de = (void *)(buf + off);
			long pid = name_pid(de->name);

			off += de->reclen;
			if (pid < 0)
				continue;
			if (*n == cap) {
				size_t ncap = cap ? cap * 2 : 1024;
				pid_t *v = realloc(*pids, ncap * sizeof(pid_t));

				if (!v) {
					sysq_fd_done(ctx, dfd);
					free(*pids);
					*pids = NULL;
					*n = 0;
					return SYSQ_ENOMEM;
				}
				*pids = v;
				cap = ncap;
			}
			(*pids)[(*n)++] = (pid_t)pid;
		}
	}
	sysq_fd_done(ctx, dfd);
	if (*n > 1)
		qsort(*pids, *n, sizeof(pid_t), cmp_pid);
	return SYSQ_OK;
}

/* ---- one process ------------------------------------------------------ */

struct reader {
	sysq_ctx *ctx;
	pid_t pid;
	bool want_owner; /* fstat the next file opened: its owner */
	bool have_owner;
	uid_t owner_uid;
	gid_t owner_gid;
	int procfd;   /* the procfs root */
	int pfd;      /* /proc/PID (O_PATH), or -1 when one file is enough */
	char dir[32]; /* "PID", or "PID/task/TID" */
};

/* Read /proc/PID/<file> into the context buffer; once: a file of one
 * record (all but smaps), see sysq_read_fd_once. */
static int rd_file(struct reader *r, const char *file, char **data, size_t *len, bool once)
{
	char rel[64];
	int fd, rc;

	if (r->pfd >= 0) {
		fd = sysq_openat(r->ctx, r->pfd, file, O_RDONLY | O_NOCTTY);
	} else {
		snprintf(rel, sizeof(rel), "%s/%s", r->dir, file);
		fd = sysq_openat(r->ctx, r->procfd, rel, O_RDONLY | O_NOCTTY);
	}
	if (fd < 0)
		return sysq_errno_code(errno);
	if (r->want_owner) {
		struct stat st;

		/* a /proc/PID file belongs to the process's effective user
		 * (root when it is not dumpable) */
		r->want_owner = false;
		if (fstat(fd, &st) == 0) {
			r->have_owner = true;
			r->owner_uid = st.st_uid;
			r->owner_gid = st.st_gid;
		}
	}
	rc = once ? sysq_read_fd_once(fd, &r->ctx->buf, SYSQ_READ_MAX) : sysq_read_fd(fd, &r->ctx->buf, SYSQ_READ_MAX);
	sysq_fd_done(r->ctx, fd);
	if (rc < 0)
		return rc;
	*data = r->ctx->buf.data;
	*len = r->ctx->buf.len;
	return SYSQ_OK;
}

static int rd(struct reader *r, const char *file, char **data, size_t *len)
{
	return rd_file(r, file, data, len, true);
}

static char *dup_range(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Split NUL-separated strings into one allocation: a NULL-terminated
 * pointer array followed by the bytes. */
static char **split_nul(const char *data, size_t len, size_t *count)
{
	size_t n = 0, i;
	char **v, *bytes;

	if (len && data[len - 1] == '\0')
		len--; /* the usual trailing NUL */
	for (i = 0; i < len; i++)
		if (data[i] == '\0')
			n++;
	n = len ? n + 1 : 0;
	if (n > (SIZE_MAX - len - 1) / sizeof(char *) - 1)
		return NULL;
	v = malloc((n + 1) * sizeof(char *) + len + 1);
	if (!v)
		return NULL;
	bytes = (char *)(v + n + 1);
	memcpy(bytes, data, len);
	bytes[len] = '\0';
	for (i = 0; i < n; i++) {
		v[i] = bytes;
		bytes += strlen(bytes) + 1;
	}
	v[n] = NULL;
	*count = n;
	return v;
}

static int read_stat(struct reader *r, struct sysq_proc *p)
{
	const double tck = (double)r->ctx->clk_tck;
	const char *open, *close_, *s;
	char *data;
	size_t len, clen;
	int64_t f[52];
	int nf = 0, rc;
	uint64_t bt;

	if ((rc = rd(r, "stat", &data, &len)) < 0)
		return rc;
	/* the name sits between the first '(' and the last ')': it may hold
	 * spaces, parentheses and any other byte */
	open = memchr(data, '(', len);
	close_ = memrchr(data, ')', len);
	if (!open || !close_ || close_ < open || close_ + 2 >= data + len)
		return SYSQ_EPARSE;
	clen = (size_t)(close_ - open - 1);
	if (clen >= sizeof(p->comm))
		clen = sizeof(p->comm) - 1;
	memcpy(p->name, open + 1, clen);
	p->name[clen] = '\0';
	memcpy(p->comm, p->name, clen + 1);
	SYSQ_SET(p, SYSQ_P_COMM);
	p->state = close_[2];
	snprintf(p->status, sizeof(p->status), "%s", sysq_proc_status_name(p->state));
	SYSQ_SET(p, SYSQ_P_NAME);
	SYSQ_SET(p, SYSQ_P_STATUS);
	/* fields 4.. of proc(5) */
	s = close_ + 3;
	while (nf < 52 && s < data + len && *s != '\n') {
		if (sysq_parse_i64(&s, &f[nf]) < 0) {
			uint64_t u; /* values above INT64_MAX (signal masks of old kernels) */

			if (sysq_parse_u64(&s, &u) < 0)
				break;
			f[nf] = (int64_t)(u > INT64_MAX ? INT64_MAX : u);
		}
		nf++;
	}
	/* f[0] is field 4 (ppid); field k is f[k - 4] */
#define FLD(k) f[(k) - 4]
#define HAS(k) (nf > (k) - 4)
#define SETI(idx, member, k) do { if (HAS(k)) { p->member = FLD(k); SYSQ_SET(p, idx); } } while (0)
#define SETU(idx, member, k) do { if (HAS(k) && FLD(k) >= 0) { p->member = (uint64_t)FLD(k); SYSQ_SET(p, idx); } } while (0)
#define SETT(idx, member, k) do { if (HAS(k)) { p->member = (double)FLD(k) / tck; SYSQ_SET(p, idx); } } while (0)
	SETI(SYSQ_P_PPID, ppid, 4);
	SETI(SYSQ_P_PGID, pgid, 5);
	SETI(SYSQ_P_SID, sid, 6);
	SETI(SYSQ_P_TTY_NR, tty_nr, 7);
	SETI(SYSQ_P_TPGID, tpgid, 8);
	SETU(SYSQ_P_FLAGS, flags, 9);
	SETU(SYSQ_P_MINOR_FAULTS, minor_faults, 10);
	SETU(SYSQ_P_MAJOR_FAULTS, major_faults, 12);
	SETT(SYSQ_P_USER, user, 14);
	SETT(SYSQ_P_SYSTEM, system, 15);
	SETT(SYSQ_P_CHILDREN_USER, children_user, 16);
	SETT(SYSQ_P_CHILDREN_SYSTEM, children_system, 17);
	SETI(SYSQ_P_PRIORITY, priority, 18);
	SETI(SYSQ_P_NICE, nice, 19);
	SETU(SYSQ_P_NUM_THREADS, num_threads, 20);
	SETU(SYSQ_P_START_TICKS, start_ticks, 22);
	SETU(SYSQ_P_VMS_STAT, vms_stat, 23);
	SETU(SYSQ_P_START_CODE, start_code, 26);
	SETU(SYSQ_P_END_CODE, end_code, 27);
	if (HAS(24) && FLD(24) >= 0 && (uint64_t)FLD(24) <= UINT64_MAX / (uint64_t)r->ctx->page_size) {
		p->rss_stat = (uint64_t)FLD(24) * (uint64_t)r->ctx->page_size;
		SYSQ_SET(p, SYSQ_P_RSS_STAT);
	}
	SETI(SYSQ_P_CPU_NUM, cpu_num, 39);
	SETU(SYSQ_P_RT_PRIORITY, rt_priority, 40);
	SETU(SYSQ_P_POLICY, policy, 41);
	SETT(SYSQ_P_IOWAIT, iowait, 42);
#undef FLD
#undef HAS
#undef SETI
#undef SETU
#undef SETT
	if (SYSQ_HAVE(p, SYSQ_P_FLAGS))
		p->kernel_thread = (p->flags & PF_KTHREAD_FLAG) != 0;
	if (SYSQ_HAVE(p, SYSQ_P_START_TICKS) && sysq_cached_boot_time(r->ctx, &bt) == 0) {
		p->create_time = (double)bt + (double)p->start_ticks / tck;
		SYSQ_SET(p, SYSQ_P_CREATE_TIME);
	}
	return SYSQ_OK;
}

/* The lines of status that stat has too (name, state, parent, process
 * group, session, threads, kernel thread), for a read without stat; when
 * stat was read (first), its values stand.  True when the line was one
 * of these. */
static bool status_stat_line(struct sysq_proc *p, const char *line, size_t ll, const char *rest)
{
	static const struct { const char *key; int idx; size_t off; } ids[] = {
		{ "PPid", SYSQ_P_PPID, offsetof(struct sysq_proc, ppid) },
		/* the first number is in the namespace of this procfs, as stat's */
		{ "NSpgid", SYSQ_P_PGID, offsetof(struct sysq_proc, pgid) },
		{ "NSsid", SYSQ_P_SID, offsetof(struct sysq_proc, sid) },
	};
	const char *end = line + ll;
	uint64_t u;

	if (sysq_key_is(line, ll, "Name", NULL)) {
		size_t n = 0;

		if (SYSQ_HAVE(p, SYSQ_P_NAME))
			return true;
		/* one tab, then comm with only "\\" and "\n" escaped: any
		 * other byte, a leading blank too, is the name's own */
		if (rest < end && *rest == '\t')
			rest++;
		for (; rest < end && n + 1 < sizeof(p->comm); rest++) {
			char c = *rest;

			if (c == '\\' && rest + 1 < end && (rest[1] == 'n' || rest[1] == '\\'))
				c = *++rest == 'n' ? '\n' : '\\';
			p->comm[n++] = c;
		}
		p->comm[n] = '\0';
		memcpy(p->name, p->comm, n + 1);
		SYSQ_SET(p, SYSQ_P_NAME);
		SYSQ_SET(p, SYSQ_P_COMM);
		return true;
	}
	if (sysq_key_is(line, ll, "State", NULL)) {
		while (rest < end && (*rest == ' ' || *rest == '\t'))
			rest++;
		if (!SYSQ_HAVE(p, SYSQ_P_STATUS) && rest < end) {
			p->state = *rest;
			snprintf(p->status, sizeof(p->status), "%s", sysq_proc_status_name(p->state));
			SYSQ_SET(p, SYSQ_P_STATUS);
		}
		return true;
	}
	if (sysq_key_is(line, ll, "Threads", NULL)) {
		if (!SYSQ_HAVE(p, SYSQ_P_NUM_THREADS) && sysq_parse_u64(&rest, &u) == 0) {
			p->num_threads = u;
			SYSQ_SET(p, SYSQ_P_NUM_THREADS);
		}
		return true;
	}
	if (sysq_key_is(line, ll, "Kthread", NULL)) {
		/* Linux 6.10 and later; stat's flags say the same */
		if (!SYSQ_HAVE(p, SYSQ_P_FLAGS) && sysq_parse_u64(&rest, &u) == 0)
			p->kernel_thread = u != 0;
		return true;
	}
	for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
		int64_t v;

		if (ids[k].key[0] != line[0] || !sysq_key_is(line, ll, ids[k].key, NULL))
			continue;
		if (!SYSQ_HAVE(p, ids[k].idx) && sysq_parse_i64(&rest, &v) == 0) {
			memcpy((char *)p + ids[k].off, &v, sizeof(v));
			SYSQ_SET(p, ids[k].idx);
		}
		return true;
	}
	return false;
}

/* "Key:\tvalue" lines of status. */
static int read_status(struct reader *r, struct sysq_proc *p, unsigned need)
{
	static const struct { const char *key; int idx; size_t off; } kb[] = {
		{ "VmPeak", SYSQ_P_PEAK_VMS, offsetof(struct sysq_proc, peak_vms) },
		{ "VmHWM", SYSQ_P_PEAK_RSS, offsetof(struct sysq_proc, peak_rss) },
		{ "RssAnon", SYSQ_P_RSS_ANON, offsetof(struct sysq_proc, rss_anon) },
		{ "RssFile", SYSQ_P_RSS_FILE, offsetof(struct sysq_proc, rss_file) },
		{ "RssShmem", SYSQ_P_RSS_SHMEM, offsetof(struct sysq_proc, rss_shmem) },
		{ "VmSwap", SYSQ_P_SWAP, offsetof(struct sysq_proc, swap) },
		{ "HugetlbPages", SYSQ_P_HUGETLB, offsetof(struct sysq_proc, hugetlb) },
		{ "VmLck", SYSQ_P_VMLCK, offsetof(struct sysq_proc, vmlck) },
		/* the same exact counters as statm's size, resident, text */
		{ "VmSize", SYSQ_P_VMS, offsetof(struct sysq_proc, vms) },
		{ "VmRSS", SYSQ_P_RSS, offsetof(struct sysq_proc, rss) },
		{ "VmExe", SYSQ_P_TEXT, offsetof(struct sysq_proc, text) },
	};
	static const struct { const char *key; int idx; size_t off; } hex[] = {
		{ "SigPnd", SYSQ_P_SIG_PENDING, offsetof(struct sysq_proc, sig_pending) },
		{ "ShdPnd", SYSQ_P_SIG_PENDING, offsetof(struct sysq_proc, sig_pending) },
		{ "SigBlk", SYSQ_P_SIG_BLOCKED, offsetof(struct sysq_proc, sig_blocked) },
		{ "SigIgn", SYSQ_P_SIG_IGNORED, offsetof(struct sysq_proc, sig_ignored) },
		{ "SigCgt", SYSQ_P_SIG_CAUGHT, offsetof(struct sysq_proc, sig_caught) },
	};
	const char *pp, *end, *line, *rest;
	char *data;
	size_t len, ll;
	uint64_t vmdata = UINT64_MAX, vmstk = UINT64_MAX;
	int rc;

	(void)need;
	if ((rc = rd(r, "status", &data, &len)) < 0)
		return rc;
	pp = data;
	end = data + len;
	while (sysq_next_line(&pp, end, &line, &ll)) {
		const char *colon = memchr(line, ':', ll);
		size_t k;

		/* most of the ~57 lines are none of ours: sort by first letter */
		if (!colon || !strchr("UGvnCVRHSNPTK", line[0]))
			continue;
		rest = colon + 1;
		if (strchr("NSPTK", line[0]) && status_stat_line(p, line, ll, rest))
			continue;
		if (line[0] == 'V' && (sysq_key_is(line, ll, "VmData", NULL) || sysq_key_is(line, ll, "VmStk", NULL))) {
			uint64_t v;

			if (sysq_parse_u64(&rest, &v) == 0 && v <= UINT64_MAX / 4096)
				*(line[2] == 'D' ? &vmdata : &vmstk) = v;
			continue;
		}
		if (sysq_key_is(line, ll, "Uid", NULL) || sysq_key_is(line, ll, "Gid", NULL)) {
			int base = line[0] == 'U' ? SYSQ_P_RUID : SYSQ_P_RGID;
			int64_t *dst = line[0] == 'U' ? &p->ruid : &p->rgid;

			for (int i = 0; i < 4; i++) {
				int64_t v;

				if (sysq_parse_i64(&rest, &v) < 0)
					break;
				dst[i] = v;
				SYSQ_SET(p, base + i);
			}
			continue;
		}
		if (sysq_key_is(line, ll, "voluntary_ctxt_switches", NULL)) {
			if (sysq_parse_u64(&rest, &p->voluntary) == 0)
				SYSQ_SET(p, SYSQ_P_VOLUNTARY);
			continue;
		}
		if (sysq_key_is(line, ll, "nonvoluntary_ctxt_switches", NULL)) {
			if (sysq_parse_u64(&rest, &p->involuntary) == 0)
				SYSQ_SET(p, SYSQ_P_INVOLUNTARY);
			continue;
		}
		if (sysq_key_is(line, ll, "Cpus_allowed_list", NULL)) {
			while (rest < line + ll && (*rest == ' ' || *rest == '\t'))
				rest++;
			free(p->cpu_affinity);
			p->cpu_affinity = dup_range(rest, (size_t)(line + ll - rest));
			if (p->cpu_affinity)
				SYSQ_SET(p, SYSQ_P_CPU_AFFINITY);
			continue;
		}
		for (k = 0; k < sizeof(kb) / sizeof(kb[0]); k++) {
			uint64_t v;

			if (kb[k].key[0] == line[0] && sysq_key_is(line, ll, kb[k].key, NULL) && sysq_parse_u64(&rest, &v) == 0 &&
			    v <= UINT64_MAX / 1024) {
				v *= 1024;
				memcpy((char *)p + kb[k].off, &v, sizeof(v));
				SYSQ_SET(p, kb[k].idx);
				break;
			}
		}
		for (k = 0; k < sizeof(hex) / sizeof(hex[0]); k++) {
			uint64_t v = 0, old;
			const char *h = rest;
			int digits = 0;

			if (hex[k].key[0] != line[0] || !sysq_key_is(line, ll, hex[k].key, NULL))
				continue;
			while (h < line + ll && (*h == ' ' || *h == '\t'))
				h++;
			for (; h < line + ll && digits < 16; h++, digits++) {
				int d = *h >= '0' && *h <= '9' ? *h - '0' : *h >= 'a' && *h <= 'f' ? *h - 'a' + 10 : -1;

				if (d < 0)
					break;
				v = v << 4 | (uint64_t)d;
			}
			if (digits == 0)
				break;
			memcpy(&old, (char *)p + hex[k].off, sizeof(old));
			v |= SYSQ_HAVE(p, hex[k].idx) ? old : 0; /* SigPnd | ShdPnd */
			memcpy((char *)p + hex[k].off, &v, sizeof(v));
			SYSQ_SET(p, hex[k].idx);
			break;
		}
	}
	/* statm's shared is RssFile + RssShmem, its data VmData + VmStk */
	if (SYSQ_HAVE(p, SYSQ_P_RSS_FILE) && SYSQ_HAVE(p, SYSQ_P_RSS_SHMEM)) {
		p->shared = p->rss_file + p->rss_shmem;
		SYSQ_SET(p, SYSQ_P_SHARED);
	}
	if (vmdata != UINT64_MAX && vmstk != UINT64_MAX) {
		p->data = (vmdata + vmstk) * 1024;
		SYSQ_SET(p, SYSQ_P_DATA);
	}
	/* no Vm lines: no memory (a kernel thread, a zombie); statm says 0 */
	if (SYSQ_HAVE(p, SYSQ_P_RUID) && !SYSQ_HAVE(p, SYSQ_P_RSS) && !SYSQ_HAVE(p, SYSQ_P_VMS)) {
		p->rss = p->vms = p->shared = p->text = p->data = 0;
		SYSQ_SET(p, SYSQ_P_RSS);
		SYSQ_SET(p, SYSQ_P_VMS);
		SYSQ_SET(p, SYSQ_P_SHARED);
		SYSQ_SET(p, SYSQ_P_TEXT);
		SYSQ_SET(p, SYSQ_P_DATA);
	}
	return SYSQ_OK;
}

static int read_statm(struct reader *r, struct sysq_proc *p)
{
	static const int idx[5] = { SYSQ_P_VMS, SYSQ_P_RSS, SYSQ_P_SHARED, SYSQ_P_TEXT, -1 };
	uint64_t *dst[5] = { &p->vms, &p->rss, &p->shared, &p->text, NULL };
	const uint64_t ps = (uint64_t)r->ctx->page_size;
	const char *s;
	char *data;
	size_t len;
	uint64_t v[6];
	int rc;

	if ((rc = rd(r, "statm", &data, &len)) < 0)
		return rc;
	s = data;
	/* size resident shared text lib data dt */
	for (int i = 0; i < 6; i++)
		if (sysq_parse_u64(&s, &v[i]) < 0 || v[i] > UINT64_MAX / ps)
			return SYSQ_EPARSE;
	for (int i = 0; i < 4; i++) {
		*dst[i] = v[i] * ps;
		SYSQ_SET(p, idx[i]);
	}
	p->data = v[5] * ps;
	SYSQ_SET(p, SYSQ_P_DATA);
	return SYSQ_OK;
}

static int read_strv(struct reader *r, const char *file, char ***out, size_t *count, int idx,
		     struct sysq_proc *p)
{
	char *data;
	size_t len;
	int rc;

	if ((rc = rd(r, file, &data, &len)) < 0)
		return rc;
	free(*out);
	if (!(*out = split_nul(data, len, count)))
		return SYSQ_ENOMEM;
	SYSQ_SET(p, idx);
	return SYSQ_OK;
}

static int read_link(struct reader *r, const char *file, char **out, int idx, struct sysq_proc *p)
{
	char buf[4097], rel[64];
	ssize_t n;

	if (r->pfd >= 0) {
		n = readlinkat(r->pfd, file, buf, sizeof(buf) - 1);
	} else {
		snprintf(rel, sizeof(rel), "%s/%s", r->dir, file);
		n = readlinkat(r->procfd, rel, buf, sizeof(buf) - 1);
	}
	if (n < 0)
		return sysq_errno_code(errno);
	free(*out);
	if (!(*out = dup_range(buf, (size_t)n)))
		return SYSQ_ENOMEM;
	SYSQ_SET(p, idx);
	return SYSQ_OK;
}

static int read_io(struct reader *r, struct sysq_proc *p)
{
	static const struct { const char *key; int idx; size_t off; } keys[] = {
		{ "rchar", SYSQ_P_READ_CHARS, offsetof(struct sysq_proc, read_chars) },
		{ "wchar", SYSQ_P_WRITE_CHARS, offsetof(struct sysq_proc, write_chars) },
		{ "syscr", SYSQ_P_READ_COUNT, offsetof(struct sysq_proc, read_count) },
		{ "syscw", SYSQ_P_WRITE_COUNT, offsetof(struct sysq_proc, write_count) },
		{ "read_bytes", SYSQ_P_READ_BYTES, offsetof(struct sysq_proc, read_bytes) },
		{ "write_bytes", SYSQ_P_WRITE_BYTES, offsetof(struct sysq_proc, write_bytes) },
	};
	const char *pp, *end, *line, *rest;
	char *data;
	size_t len, ll;
	int rc;

	if ((rc = rd(r, "io", &data, &len)) < 0)
		return rc;
	pp = data;
	end = data + len;
	while (sysq_next_line(&pp, end, &line, &ll)) {
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			uint64_t v;

			if (!sysq_key_is(line, ll, keys[k].key, &rest))
				continue;
			if (*rest == ':')
				rest++;
			if (sysq_parse_u64(&rest, &v) == 0) {
				memcpy((char *)p + keys[k].off, &v, sizeof(v));
				SYSQ_SET(p, keys[k].idx);
			}
			break;
		}
	}
	return SYSQ_OK;
}

/* Entries of a directory below the process (fd/, task/), "." and ".."
 * left out; with ids, their numbers too. */
static int count_dir(struct reader *r, const char *sub, uint64_t *count, pid_t **ids)
{
	char buf[16384], rel[64];
	size_t cap = 0;
	int fd;

	*count = 0;
	if (ids)
		*ids = NULL;
	if (r->pfd >= 0) {
		fd = sysq_openat(r->ctx, r->pfd, sub, O_RDONLY | O_DIRECTORY);
	} else {
		snprintf(rel, sizeof(rel), "%s/%s", r->dir, sub);
		fd = sysq_openat(r->ctx, r->procfd, rel, O_RDONLY | O_DIRECTORY);
	}
	if (fd < 0)
		return sysq_errno_code(errno);
	for (;;) {
		long got = syscall(SYS_getdents64, fd, buf, sizeof(buf));

		if (got <= 0) {
			int rc = got < 0 ? sysq_errno_code(errno) : SYSQ_OK;

			sysq_fd_done(r->ctx, fd);
			return rc;
		}
		for (long off = 0; off < got;) {
			struct {
				uint64_t ino;
				int64_t off;
				unsigned short reclen;
				unsigned char type;
				char name[];
			} *de = (void *)(buf + off);

			off += de->reclen;
			if (de->name[0] == '.')
				continue;
			if (ids) {
				long id = name_pid(de->name);

				if (id < 0)
					continue;
				if (*count == cap) {
					size_t ncap = cap ? cap * 2 : 16;
					pid_t *v = realloc(*ids, ncap * sizeof(pid_t));

					if (!v) {
						sysq_fd_done(r->ctx, fd);
						return SYSQ_ENOMEM;
					}
					*ids = v;
					cap = ncap;
				}
				(*ids)[*count] = (pid_t)id;
			}
			(*count)++;
		}
	}
}

static int read_text(struct reader *r, const char *file, char **out, int idx, struct sysq_proc *p)
{
	char *data;
	size_t len;
	int rc;

	if ((rc = rd(r, file, &data, &len)) < 0)
		return rc;
	while (len && data[len - 1] == '\n')
		len--;
	free(*out);
	if (!(*out = dup_range(data, len)))
		return SYSQ_ENOMEM;
	SYSQ_SET(p, idx);
	return SYSQ_OK;
}

static int read_limits(struct reader *r, struct sysq_proc *p)
{
	const char *pp, *end, *line;
	char *data;
	size_t len, ll;
	int rc, found = 0;

	if ((rc = rd(r, "limits", &data, &len)) < 0)
		return rc;
	pp = data;
	end = data + len;
	while (sysq_next_line(&pp, end, &line, &ll)) {
		for (int k = 0; k < SYSQ_RLIMIT__COUNT; k++) {
			size_t kl = strlen(limit_label[k]);
			const char *s = line + kl;
			uint64_t *dst[2] = { &p->rlimit_soft[k], &p->rlimit_hard[k] };

			/* the label, then at least two blanks ("Max file size" is
			 * not "Max file locks") */
			if (ll < kl + 2 || memcmp(line, limit_label[k], kl) != 0 || s[0] != ' ' || s[1] != ' ')
				continue;
			for (int i = 0; i < 2; i++) {
				while (s < line + ll && *s == ' ')
					s++;
				if ((size_t)(line + ll - s) >= 9 && memcmp(s, "unlimited", 9) == 0) {
					*dst[i] = SYSQ_RLIM_INFINITY;
					s += 9;
				} else if (sysq_parse_u64(&s, dst[i]) < 0) {
					return SYSQ_EPARSE;
				}
			}
			found++;
			break;
		}
	}
	p->have_rlimit = found > 0;
	return SYSQ_OK;
}

/* uss = Private_Clean + Private_Dirty (+ Private_Hugetlb), pss, swap:
 * smaps_rollup (Linux 4.14+) has the sums; smaps is summed by hand. */
static int read_smaps(struct reader *r, struct sysq_proc *p)
{
	const char *pp, *end, *line, *rest;
	char *data;
	size_t len, ll;
	uint64_t uss = 0, pss = 0, swap = 0;
	int rc;

	if ((rc = rd(r, "smaps_rollup", &data, &len)) == SYSQ_ENOENT)
		rc = rd_file(r, "smaps", &data, &len, false); /* one record per mapping */
	if (rc < 0)
		return rc;
	pp = data;
	end = data + len;
	while (sysq_next_line(&pp, end, &line, &ll)) {
		uint64_t v;

		if (sysq_key_is(line, ll, "Private_Clean", &rest) || sysq_key_is(line, ll, "Private_Dirty", &rest) ||
		    sysq_key_is(line, ll, "Private_Hugetlb", &rest)) {
			if (sysq_parse_u64(&(const char *){ rest + 1 }, &v) == 0)
				uss += v;
		} else if (sysq_key_is(line, ll, "Pss", &rest)) {
			if (sysq_parse_u64(&(const char *){ rest + 1 }, &v) == 0)
				pss += v;
		} else if (sysq_key_is(line, ll, "Swap", &rest)) {
			if (sysq_parse_u64(&(const char *){ rest + 1 }, &v) == 0)
				swap += v;
		}
	}
	p->uss = uss * 1024;
	p->pss = pss * 1024;
	p->swap_smaps = swap * 1024;
	SYSQ_SET(p, SYSQ_P_USS);
	SYSQ_SET(p, SYSQ_P_PSS);
	SYSQ_SET(p, SYSQ_P_SWAP_SMAPS);
	return SYSQ_OK;
}

void sysq_proc_release(struct sysq_proc *p)
{
	if (!p)
		return;
	free(p->cmdline);
	free(p->environ);
	free(p->exe);
	free(p->cwd);
	free(p->wchan);
	free(p->cgroup);
	free(p->label);
	free(p->cpu_affinity);
	memset(p, 0, sizeof(*p));
}

/* A failed read after stat: the process is gone (stop), or the attribute
 * is denied or missing (absent, go on).  status or statm missing: the process vanished, unless its stat is
 * still there (a captured tree may lack a file): then only the fields of
 * that file are absent.  One more call, on failure only.  (Every process
 * has a cmdline, kernel threads too: without one it is gone.) */
static bool gone(struct reader *r, int rc)
{
	char rel[64];

	if (rc != SYSQ_ENOENT)
		return false;
	if (r->pfd >= 0)
		return faccessat(r->pfd, "stat", F_OK, 0) != 0;
	snprintf(rel, sizeof(rel), "%s/stat", r->dir);
	return faccessat(r->procfd, rel, F_OK, 0) != 0;
}

static unsigned popcount(unsigned v)
{
	unsigned n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

int sysq_proc_owner(sysq_ctx *ctx, pid_t pid, int64_t *uid, int64_t *gid)
{
	char rel[16];
	struct stat st;
	int fd;

	if (pid <= 0)
		return SYSQ_ENOENT;
	if ((fd = sysq_root_fd(ctx, SYSQ_ROOT_PROC)) < 0)
		return fd;
	snprintf(rel, sizeof(rel), "%d", (int)pid);
	if (fstatat(fd, rel, &st, 0) < 0)
		return sysq_errno_code(errno);
	if (uid)
		*uid = st.st_uid;
	if (gid)
		*gid = st.st_gid;
	return SYSQ_OK;
}

/* tid 0: the process PID; else its thread TID (PID/task/TID) */
static int proc_read(sysq_ctx *ctx, pid_t pid, pid_t tid, unsigned need, struct sysq_proc *out)
{
	struct reader r = { .ctx = ctx, .pid = pid, .pfd = -1 };
	int rc = SYSQ_OK;

	memset(out, 0, sizeof(*out));
	if (pid <= 0 || tid < 0)
		return SYSQ_ENOENT;
	if ((r.procfd = sysq_root_fd(ctx, SYSQ_ROOT_PROC)) < 0)
		return r.procfd;
	if (tid)
		snprintf(r.dir, sizeof(r.dir), "%d/task/%d", (int)pid, (int)tid);
	else
		snprintf(r.dir, sizeof(r.dir), "%d", (int)pid);
	out->pid = pid;
	SYSQ_SET(out, SYSQ_P_PID);
	{
		struct timespec ts;

		if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0)
			out->sample_time = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	}

	/* status has the effective user: no need for the owner */
	if (need & SYSQ_PN_STATUS)
		need &= ~(unsigned)SYSQ_PN_OWNER;
	/* up to four files or links: open "PID/file" directly (three calls
	 * a file, one a link); more, or a directory to list: hold the
	 * directory (two calls more; the reads cannot stray to a reused PID) */
	if (popcount(need & ~(unsigned)SYSQ_PN_OWNER) > 4 || (need & (SYSQ_PN_FDS | SYSQ_PN_TASKS)) ||
	    ((need & SYSQ_PN_OWNER) && !(need & SYSQ_PN_STAT))) {
		r.pfd = sysq_openat(ctx, r.procfd, r.dir, O_PATH | O_DIRECTORY);
		if (r.pfd < 0)
			return sysq_errno_code(errno);
	}
	if (need & SYSQ_PN_OWNER) {
		struct stat st;

		if (r.pfd >= 0 && fstat(r.pfd, &st) == 0) {
			r.have_owner = true;
			r.owner_uid = st.st_uid;
			r.owner_gid = st.st_gid;
		} else {
			r.want_owner = true; /* from the stat file, below */
		}
	}
	if ((need & SYSQ_PN_STAT) && (rc = read_stat(&r, out)) < 0)
		goto fail; /* stat is the process's existence: any failure is fatal */
	if (need & SYSQ_PN_OWNER) {
		/* the owner is the effective user, except root: a set-uid or
		 * otherwise non-dumpable process shows root; then status
		 * decides, unless it is a kernel thread (always root) */
		if (r.have_owner && (r.owner_uid != 0 || out->kernel_thread)) {
			out->euid = r.owner_uid;
			out->egid = r.owner_gid;
			SYSQ_SET(out, SYSQ_P_EUID);
			SYSQ_SET(out, SYSQ_P_EGID);
		} else {
			need |= SYSQ_PN_STATUS;
		}
	}
	/* without stat, status is the process's existence */
	if ((need & SYSQ_PN_STATUS) && (rc = read_status(&r, out, need)) < 0 &&
	    (!(need & SYSQ_PN_STAT) || gone(&r, rc)))
		goto fail;
	if ((need & SYSQ_PN_STATM) && (rc = read_statm(&r, out)) < 0 && gone(&r, rc))
		goto fail;
	/* a kernel thread has no command line: nothing to read */
	if ((need & SYSQ_PN_CMDLINE) && (need & SYSQ_PN_STAT) && out->kernel_thread) {
		if (!(out->cmdline = calloc(1, sizeof(char *)))) {
			rc = SYSQ_ENOMEM;
			goto fail;
		}
		SYSQ_SET(out, SYSQ_P_CMDLINE);
	} else if ((need & SYSQ_PN_CMDLINE) &&
		   (rc = read_strv(&r, "cmdline", &out->cmdline, &out->ncmdline, SYSQ_P_CMDLINE, out)) == SYSQ_ENOENT)
		goto fail;
	/* a kernel thread's environ is ESRCH: absent, not a vanished process */
	if (need & SYSQ_PN_ENVIRON)
		read_strv(&r, "environ", &out->environ, &out->nenviron, SYSQ_P_ENVIRON, out);
	/* exe and cwd of a zombie or kernel thread are ENOENT: absent */
	if (need & SYSQ_PN_EXE)
		read_link(&r, "exe", &out->exe, SYSQ_P_EXE, out);
	if (need & SYSQ_PN_CWD)
		read_link(&r, "cwd", &out->cwd, SYSQ_P_CWD, out);
	if (need & SYSQ_PN_IO)
		read_io(&r, out);
	if ((need & SYSQ_PN_FDS) && count_dir(&r, "fd", &out->num_fds, NULL) == 0)
		SYSQ_SET(out, SYSQ_P_NUM_FDS);
	if (need & SYSQ_PN_LIMITS)
		read_limits(&r, out);
	if (need & SYSQ_PN_WCHAN)
		read_text(&r, "wchan", &out->wchan, SYSQ_P_WCHAN, out);
	if (need & SYSQ_PN_CGROUP)
		read_text(&r, "cgroup", &out->cgroup, SYSQ_P_CGROUP, out);
	/* EINVAL without a security module: absent */
	if (need & SYSQ_PN_LABEL)
		read_text(&r, "attr/current", &out->label, SYSQ_P_LABEL, out);
	if (need & SYSQ_PN_SMAPS)
		read_smaps(&r, out);
	if ((need & SYSQ_PN_STATUS) && SYSQ_HAVE(out, SYSQ_P_RUID)) {
		/* psutil: the real user; an unknown uid is shown as its number */
		sysq_user_name(ctx, out->ruid, out->username, sizeof(out->username));
		SYSQ_SET(out, SYSQ_P_USERNAME);
	}
	/* psutil: comm is cut at 15 bytes; argv[0]'s basename, when it starts
	 * with comm, is the longer name */
	if (SYSQ_HAVE(out, SYSQ_P_NAME) && strlen(out->name) >= 15 && out->ncmdline) {
		const char *base = strrchr(out->cmdline[0], '/');

		base = base ? base + 1 : out->cmdline[0];
		if (strncmp(base, out->name, strlen(out->name)) == 0) {
			size_t n = strlen(base);

			/* longer than we keep: cut between characters */
			if (n >= sizeof(out->name))
				for (n = sizeof(out->name) - 1; n > 0 && ((unsigned char)base[n] & 0xc0) == 0x80; n--)
					;
			memcpy(out->name, base, n);
			out->name[n] = '\0';
		}
	}
	sysq_fd_done(ctx, r.pfd);
	return SYSQ_OK;
fail:
	sysq_fd_done(ctx, r.pfd);
	sysq_proc_release(out);
	return rc;
}

int sysq_proc_read(sysq_ctx *ctx, pid_t pid, unsigned need, struct sysq_proc *out)
{
	return proc_read(ctx, pid, 0, need, out);
}

int sysq_proc_read_task(sysq_ctx *ctx, pid_t pid, pid_t tid, unsigned need, struct sysq_proc *out)
{
	return proc_read(ctx, pid, tid > 0 ? tid : -1, need & ~(unsigned)SYSQ_PN_TASKS, out);
}

int sysq_pid_exists(sysq_ctx *ctx, pid_t pid)
{
	const char *pp, *end, *line, *rest;
	char rel[32], *data;
	size_t len, ll;
	int rc;

	if (pid <= 0)
		return 0;
	/* /proc/TID exists for threads too: a process leads its thread group */
	snprintf(rel, sizeof(rel), "%d/status", (int)pid);
	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, rel, &data, &len)) == SYSQ_ENOENT)
		return 0;
	if (rc < 0)
		return rc;
	pp = data;
	end = data + len;
	while (sysq_next_line(&pp, end, &line, &ll)) {
		int64_t tgid;

		if (!sysq_key_is(line, ll, "Tgid", &rest))
			continue;
		rest++;
		return sysq_parse_i64(&rest, &tgid) == 0 && tgid == (int64_t)pid;
	}
	return SYSQ_EPARSE;
}

/* ---- terminals and threads -------------------------------------------- */

int sysq_tty_name(sysq_ctx *ctx, int64_t tty_nr, char *buf, size_t n)
{
	/* the kernel's new_encode_dev() layout */
	uint64_t dev = (uint64_t)tty_nr;
	unsigned major = (unsigned)((dev >> 8) & 0xfff);
	unsigned minor = (unsigned)((dev & 0xff) | ((dev >> 12) & 0xfff00));
	const char *p, *end, *line;
	char *data;
	size_t len, ll;

	snprintf(buf, n, "?");
	if (tty_nr <= 0)
		return SYSQ_ENOENT;
	if (major >= 136 && major <= 143) {
		snprintf(buf, n, "pts/%u", (major - 136) * 256 + minor);
		return SYSQ_OK;
	}
	if (major == 4 && minor < 64) {
		snprintf(buf, n, "tty%u", minor);
		return SYSQ_OK;
	}
	if (major == 4 && minor < 256) {
		snprintf(buf, n, "ttyS%u", minor - 64);
		return SYSQ_OK;
	}
	/* "name  /dev/path  major  minor[-minor]  type" */
	if (sysq_read(ctx, SYSQ_ROOT_PROC, "tty/drivers", &data, &len) < 0)
		return SYSQ_ENOENT;
	p = data;
	end = data + len;
	while (sysq_next_line(&p, end, &line, &ll)) {
		char name[64], path[128], range[64];
		unsigned maj, lo, hi;
		char copy[256];

		if (ll >= sizeof(copy))
			continue;
		memcpy(copy, line, ll);
		copy[ll] = '\0';
		if (sscanf(copy, "%63s %127s %u %63s", name, path, &maj, range) != 4 || maj != major)
			continue;
		if (sscanf(range, "%u-%u", &lo, &hi) != 2)
			hi = lo = (unsigned)strtoul(range, NULL, 10);
		if (minor < lo || minor > hi || strncmp(path, "/dev/", 5) != 0)
			continue;
		if (lo == hi)
			snprintf(buf, n, "%s", path + 5);
		else
			snprintf(buf, n, "%s%u", path + 5, minor - lo);
		return SYSQ_OK;
	}
	return SYSQ_ENOENT;
}

static int cmp_tid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

int sysq_proc_tids(sysq_ctx *ctx, pid_t pid, pid_t **out, size_t *n)
{
	struct reader r = { .ctx = ctx, .pid = pid, .pfd = -1 };
	uint64_t count;
	int rc;

	*out = NULL;
	*n = 0;
	if ((r.procfd = sysq_root_fd(ctx, SYSQ_ROOT_PROC)) < 0)
		return r.procfd;
	snprintf(r.dir, sizeof(r.dir), "%d", (int)pid);
	if ((rc = count_dir(&r, "task", &count, out)) < 0) {
		free(*out);
		*out = NULL;
		return rc;
	}
	if (count > 1)
		qsort(*out, count, sizeof(**out), cmp_tid);
	*n = count;
	return SYSQ_OK;
}

void sysq_proc_thread_of(const struct sysq_proc *p, pid_t tid, struct sysq_thread *t)
{
	memset(t, 0, sizeof(*t));
	t->id = tid;
	memcpy(t->name, p->name, sizeof(t->name) - 1);
	t->state = p->state;
	t->user_time = p->user;
	t->system_time = p->system;
	t->start_ticks = p->start_ticks;
}

int sysq_proc_threads(sysq_ctx *ctx, pid_t pid, struct sysq_thread **out, size_t *n)
{
	struct sysq_thread *v;
	pid_t *ids;
	size_t count, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = sysq_proc_tids(ctx, pid, &ids, &count)) < 0)
		return rc;
	if (!count) {
		free(ids);
		return SYSQ_OK;
	}
	if (!(v = calloc(count, sizeof(*v)))) {
		free(ids);
		return SYSQ_ENOMEM;
	}
	for (size_t i = 0; i < count; i++) {
		struct sysq_proc p;

		/* task/TID/stat; a thread that ended meanwhile is left out */
		if (sysq_proc_read_task(ctx, pid, ids[i], SYSQ_PN_STAT, &p) < 0)
			continue;
		sysq_proc_thread_of(&p, ids[i], &v[k++]);
		sysq_proc_release(&p);
	}
	free(ids);
	*out = v;
	*n = k;
	return SYSQ_OK;
}

/* ---- iteration -------------------------------------------------------- */

struct sysq_proc_iter {
	sysq_ctx *ctx;
	unsigned need;
	pid_t *pids;
	size_t n, next;
};

int sysq_proc_iter_open(sysq_ctx *ctx, unsigned need, sysq_proc_iter **out)
{
	sysq_proc_iter *it = calloc(1, sizeof(*it));
	int rc;

	*out = NULL;
	if (!it)
		return SYSQ_ENOMEM;
	it->ctx = ctx;
	it->need = need;
	if ((rc = sysq_pids(ctx, &it->pids, &it->n)) < 0) {
		free(it);
		return rc;
	}
	*out = it;
	return SYSQ_OK;
}

int sysq_proc_next(sysq_proc_iter *it, struct sysq_proc *out)
{
	while (it->next < it->n) {
		int rc = sysq_proc_read(it->ctx, it->pids[it->next++], it->need, out);

		/* vanished between the listing and the read: skip */
		if (rc == SYSQ_ENOENT || rc == SYSQ_EPARSE)
			continue;
		if (rc == SYSQ_EACCES)
			continue; /* hidden from us (hidepid) */
		if (rc < 0)
			return rc;
		return 1;
	}
	return 0;
}

void sysq_proc_iter_close(sysq_proc_iter *it)
{
	if (!it)
		return;
	sysq_fds_flush(it->ctx);
	free(it->pids);
	free(it);
}
