/* Processes, one at a time: the field table and reads by request (each
 * file opened only when a requested field needs it, at most once a read),
 * the owner, existence, and the threads of a process. */
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

#include "sysq/proc_internal.h"

#define PF(idx, nm, ty, un, nd, src, hlp, ps) \
	[idx] = { .name = #nm, .type = ty, .unit = un, .offset = offsetof(struct sysq_proc, nm), \
		  .source = src, .help = hlp, .need = nd, .psutil = ps }
/* the same with a JSON name that differs from the member */
#define PFN(idx, jn, mem, ty, un, nd, src, hlp, ps) \
	[idx] = { .name = jn, .type = ty, .unit = un, .offset = offsetof(struct sysq_proc, mem), \
		  .source = src, .help = hlp, .need = nd, .psutil = ps }

enum { ST = SYSQ_PN_STAT, SS = SYSQ_PN_STATUS, SM = SYSQ_PN_STATM };

static const struct sysq_field proc_fields[SYSQ_P__COUNT] = {
	PF(SYSQ_P_PID, pid, SYSQ_T_I64, SYSQ_U_PID, 0, "", "process ID", "pid"),
	PF(SYSQ_P_PPID, ppid, SYSQ_T_I64, SYSQ_U_PID, ST, "stat", "parent process ID", "ppid"),
	PF(SYSQ_P_NAME, name, SYSQ_T_STR, SYSQ_U_NONE, ST, "stat comm", "process name", "name"),
	PF(SYSQ_P_COMM, comm, SYSQ_T_STR, SYSQ_U_NONE, ST, "stat comm", "the kernel's name (psutil's name may be longer)", "proc.comm"),
	PF(SYSQ_P_STATUS, status, SYSQ_T_STR, SYSQ_U_NONE, ST, "stat state", "running, sleeping, disk-sleep, zombie, stopped...", "status"),
	PF(SYSQ_P_PGID, pgid, SYSQ_T_I64, SYSQ_U_PID, ST, "stat pgrp", "process group ID", "proc.pgrp"),
	PF(SYSQ_P_SID, sid, SYSQ_T_I64, SYSQ_U_PID, ST, "stat session", "session ID", "proc.session"),
	PF(SYSQ_P_TTY_NR, tty_nr, SYSQ_T_I64, SYSQ_U_NONE, ST, "stat tty_nr", "controlling terminal device number, 0 if none", "proc.tty_nr"),
	PF(SYSQ_P_TPGID, tpgid, SYSQ_T_I64, SYSQ_U_PID, ST, "stat tpgid", "foreground process group of the terminal", "proc.tpgid"),
	PF(SYSQ_P_FLAGS, flags, SYSQ_T_U64, SYSQ_U_NONE, ST, "stat flags", "kernel flags (PF_*)", "proc.flags"),
	PF(SYSQ_P_MINOR_FAULTS, minor_faults, SYSQ_T_U64, SYSQ_U_COUNT, ST, "stat minflt", "page faults without disk I/O", "page_faults.minor"),
	PF(SYSQ_P_MAJOR_FAULTS, major_faults, SYSQ_T_U64, SYSQ_U_COUNT, ST, "stat majflt", "page faults that read from disk", "page_faults.major"),
	PF(SYSQ_P_CHILDREN_MINOR_FAULTS, children_minor_faults, SYSQ_T_U64, SYSQ_U_COUNT, ST, "stat cminflt", "minor faults of waited-for children", "proc.cminflt"),
	PF(SYSQ_P_CHILDREN_MAJOR_FAULTS, children_major_faults, SYSQ_T_U64, SYSQ_U_COUNT, ST, "stat cmajflt", "major faults of waited-for children", "proc.cmajflt"),
	PFN(SYSQ_P_USER, "user_time", user, SYSQ_T_DOUBLE, SYSQ_U_SECONDS, ST, "stat utime", "CPU time in user mode", "cpu_times.user"),
	PFN(SYSQ_P_SYSTEM, "system_time", system, SYSQ_T_DOUBLE, SYSQ_U_SECONDS, ST, "stat stime", "CPU time in kernel mode", "cpu_times.system"),
	PF(SYSQ_P_CHILDREN_USER, children_user, SYSQ_T_DOUBLE, SYSQ_U_SECONDS, ST, "stat cutime", "user time of waited-for children", "cpu_times.children_user"),
	PF(SYSQ_P_CHILDREN_SYSTEM, children_system, SYSQ_T_DOUBLE, SYSQ_U_SECONDS, ST, "stat cstime", "system time of waited-for children", "cpu_times.children_system"),
	PF(SYSQ_P_PRIORITY, priority, SYSQ_T_I64, SYSQ_U_NONE, ST, "stat priority", "kernel scheduling priority", "proc.priority"),
	PF(SYSQ_P_NICE, nice, SYSQ_T_I64, SYSQ_U_NONE, ST, "stat nice", "nice value, -20..19", "nice"),
	PF(SYSQ_P_NUM_THREADS, num_threads, SYSQ_T_U64, SYSQ_U_COUNT, ST, "stat num_threads", "threads", "num_threads"),
	PF(SYSQ_P_START_TICKS, start_ticks, SYSQ_T_U64, SYSQ_U_NONE, ST, "stat starttime", "start time in clock ticks after boot", "proc.starttime"),
	PF(SYSQ_P_CREATE_TIME, create_time, SYSQ_T_DOUBLE, SYSQ_U_EPOCH, ST, "stat starttime + btime", "creation time", "create_time"),
	PFN(SYSQ_P_VMS_STAT, "vsize", vms_stat, SYSQ_T_U64, SYSQ_U_BYTES, ST, "stat vsize", "virtual memory size", "proc.vsize"),
	PFN(SYSQ_P_RSS_STAT, "rss_stat", rss_stat, SYSQ_T_U64, SYSQ_U_BYTES, ST, "stat rss", "resident set size (approximate: per-CPU counters)", "proc.rss"),
	PF(SYSQ_P_START_CODE, start_code, SYSQ_T_U64, SYSQ_U_NONE, ST, "stat startcode", "address where the program text starts", "proc.startcode"),
	PF(SYSQ_P_END_CODE, end_code, SYSQ_T_U64, SYSQ_U_NONE, ST, "stat endcode", "address where the program text ends", "proc.endcode"),
	PF(SYSQ_P_START_STACK, start_stack, SYSQ_T_U64, SYSQ_U_NONE, ST, "stat startstack", "address of the bottom of the stack", "proc.startstack"),
	PF(SYSQ_P_ESP, esp, SYSQ_T_U64, SYSQ_U_NONE, ST, "stat kstkesp", "stack pointer (0 unless the task is dying)", "proc.kstkesp"),
	PF(SYSQ_P_EIP, eip, SYSQ_T_U64, SYSQ_U_NONE, ST, "stat kstkeip", "instruction pointer (0 unless the task is dying)", "proc.kstkeip"),
	PF(SYSQ_P_CPU_NUM, cpu_num, SYSQ_T_I64, SYSQ_U_NONE, ST, "stat processor", "CPU the process last ran on", "cpu_num"),
	PF(SYSQ_P_RT_PRIORITY, rt_priority, SYSQ_T_U64, SYSQ_U_NONE, ST, "stat rt_priority", "real-time priority, 0 if not real-time", "proc.rt_priority"),
	PF(SYSQ_P_POLICY, policy, SYSQ_T_U64, SYSQ_U_NONE, ST, "stat policy", "scheduling policy (SCHED_*)", "proc.policy"),
	PF(SYSQ_P_IOWAIT, iowait, SYSQ_T_DOUBLE, SYSQ_U_SECONDS, ST, "stat delayacct_blkio_ticks", "time waiting for block I/O", "cpu_times.iowait"),
	PF(SYSQ_P_RUID, ruid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Uid", "real user ID", "uids.real"),
	PF(SYSQ_P_EUID, euid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Uid", "effective user ID", "uids.effective"),
	PF(SYSQ_P_SUID, suid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Uid", "saved user ID", "uids.saved"),
	PF(SYSQ_P_FSUID, fsuid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Uid", "file system user ID", "proc.fsuid"),
	PF(SYSQ_P_RGID, rgid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Gid", "real group ID", "gids.real"),
	PF(SYSQ_P_EGID, egid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Gid", "effective group ID", "gids.effective"),
	PF(SYSQ_P_SGID, sgid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Gid", "saved group ID", "gids.saved"),
	PF(SYSQ_P_FSGID, fsgid, SYSQ_T_I64, SYSQ_U_NONE, SS, "status Gid", "file system group ID", "proc.fsgid"),
	PF(SYSQ_P_VOLUNTARY, voluntary, SYSQ_T_U64, SYSQ_U_COUNT, SS, "status voluntary_ctxt_switches", "voluntary context switches", "num_ctx_switches.voluntary"),
	PF(SYSQ_P_INVOLUNTARY, involuntary, SYSQ_T_U64, SYSQ_U_COUNT, SS, "status nonvoluntary_ctxt_switches", "involuntary context switches", "num_ctx_switches.involuntary"),
	PF(SYSQ_P_PEAK_VMS, peak_vms, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status VmPeak", "peak virtual memory size", "memory_info_ex.peak_vms"),
	PF(SYSQ_P_PEAK_RSS, peak_rss, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status VmHWM", "peak resident set size", "memory_info_ex.peak_rss"),
	PF(SYSQ_P_RSS_ANON, rss_anon, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status RssAnon", "resident anonymous memory", "memory_info_ex.rss_anon"),
	PF(SYSQ_P_RSS_FILE, rss_file, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status RssFile", "resident file mappings", "memory_info_ex.rss_file"),
	PF(SYSQ_P_RSS_SHMEM, rss_shmem, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status RssShmem", "resident shared memory", "memory_info_ex.rss_shmem"),
	PF(SYSQ_P_SWAP, swap, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status VmSwap", "swapped-out memory", "memory_info_ex.swap"),
	PF(SYSQ_P_HUGETLB, hugetlb, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status HugetlbPages", "huge page memory", "memory_info_ex.hugetlb"),
	PFN(SYSQ_P_VMLCK, "locked", vmlck, SYSQ_T_U64, SYSQ_U_BYTES, SS, "status VmLck", "locked memory", "proc.vmlck"),
	PF(SYSQ_P_SIG_PENDING, sig_pending, SYSQ_T_U64, SYSQ_U_NONE, SS, "status ShdPnd", "signals pending for the process (mask)", "proc.shdpnd"),
	PF(SYSQ_P_SIG_PENDING_THREAD, sig_pending_thread, SYSQ_T_U64, SYSQ_U_NONE, SS, "status SigPnd", "signals pending for this thread alone (mask)", "proc.sigpnd"),
	PF(SYSQ_P_SIG_BLOCKED, sig_blocked, SYSQ_T_U64, SYSQ_U_NONE, SS, "status SigBlk", "blocked signals (mask)", "proc.sigblk"),
	PF(SYSQ_P_SIG_IGNORED, sig_ignored, SYSQ_T_U64, SYSQ_U_NONE, SS, "status SigIgn", "ignored signals (mask)", "proc.sigign"),
	PF(SYSQ_P_SIG_CAUGHT, sig_caught, SYSQ_T_U64, SYSQ_U_NONE, SS, "status SigCgt", "caught signals (mask)", "proc.sigcgt"),
	PF(SYSQ_P_CPU_AFFINITY, cpu_affinity, SYSQ_T_CPULIST, SYSQ_U_NONE, SS, "status Cpus_allowed_list", "CPUs the process may run on", "cpu_affinity"),
	PF(SYSQ_P_SUPGID, supgid, SYSQ_T_IDLIST, SYSQ_U_NONE, SYSQ_PN_GROUPS, "status Groups", "supplementary group IDs, comma-separated", "proc.groups"),
	PF(SYSQ_P_RSS, rss, SYSQ_T_U64, SYSQ_U_BYTES, SM, "statm resident (or status VmRSS)", "resident set size", "memory_info.rss memory_info_ex.rss memory_full_info.rss"),
	PF(SYSQ_P_VMS, vms, SYSQ_T_U64, SYSQ_U_BYTES, SM, "statm size (or status VmSize)", "virtual memory size", "memory_info.vms memory_info_ex.vms memory_full_info.vms"),
	PF(SYSQ_P_SHARED, shared, SYSQ_T_U64, SYSQ_U_BYTES, SM, "statm shared", "resident shared (file-backed) memory", "memory_info.shared memory_info_ex.shared memory_full_info.shared"),
	PF(SYSQ_P_TEXT, text, SYSQ_T_U64, SYSQ_U_BYTES, SM, "statm text", "program code", "memory_info.text memory_info_ex.text memory_full_info.text"),
	PF(SYSQ_P_DATA, data, SYSQ_T_U64, SYSQ_U_BYTES, SM, "statm data", "data and stack", "memory_info.data memory_info_ex.data memory_full_info.data"),
	PF(SYSQ_P_CMDLINE, cmdline, SYSQ_T_STRV, SYSQ_U_NONE, SYSQ_PN_CMDLINE, "cmdline", "arguments", "cmdline"),
	PF(SYSQ_P_ENVIRON, environ, SYSQ_T_ENVIRON, SYSQ_U_NONE, SYSQ_PN_ENVIRON, "environ", "environment, NAME=value", "environ"),
	PF(SYSQ_P_EXE, exe, SYSQ_T_STRP, SYSQ_U_NONE, SYSQ_PN_EXE, "exe", "path of the executable", "exe"),
	PF(SYSQ_P_CWD, cwd, SYSQ_T_STRP, SYSQ_U_NONE, SYSQ_PN_CWD, "cwd", "working directory", "cwd"),
	PF(SYSQ_P_READ_COUNT, read_count, SYSQ_T_U64, SYSQ_U_COUNT, SYSQ_PN_IO, "io syscr", "read system calls", "io_counters.read_count"),
	PF(SYSQ_P_WRITE_COUNT, write_count, SYSQ_T_U64, SYSQ_U_COUNT, SYSQ_PN_IO, "io syscw", "write system calls", "io_counters.write_count"),
	PF(SYSQ_P_READ_BYTES, read_bytes, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_PN_IO, "io read_bytes", "bytes read from storage", "io_counters.read_bytes"),
	PF(SYSQ_P_WRITE_BYTES, write_bytes, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_PN_IO, "io write_bytes", "bytes written to storage", "io_counters.write_bytes"),
	PF(SYSQ_P_READ_CHARS, read_chars, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_PN_IO, "io rchar", "bytes passed to read calls", "io_counters.read_chars"),
	PF(SYSQ_P_WRITE_CHARS, write_chars, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_PN_IO, "io wchar", "bytes passed to write calls", "io_counters.write_chars"),
	PF(SYSQ_P_CANCELLED_WRITE_BYTES, cancelled_write_bytes, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_PN_IO, "io cancelled_write_bytes", "written bytes never stored (truncated page cache)", "proc.cancelled_write_bytes"),
	PF(SYSQ_P_NUM_FDS, num_fds, SYSQ_T_U64, SYSQ_U_COUNT, SYSQ_PN_FDS, "fd/", "open file descriptors", "num_fds"),
	PF(SYSQ_P_WCHAN, wchan, SYSQ_T_STRP, SYSQ_U_NONE, SYSQ_PN_WCHAN, "wchan", "kernel function the process sleeps in", "proc.wchan"),
	PF(SYSQ_P_CGROUP, cgroup, SYSQ_T_STRP, SYSQ_U_NONE, SYSQ_PN_CGROUP, "cgroup", "control groups, one per line", "proc.cgroup"),
	PF(SYSQ_P_LABEL, label, SYSQ_T_STRP, SYSQ_U_NONE, SYSQ_PN_LABEL, "attr/current", "security label; absent without a security module", "proc.attr.current"),
	PF(SYSQ_P_OOM_SCORE, oom_score, SYSQ_T_I64, SYSQ_U_NONE, SYSQ_PN_OOM_SCORE, "oom_score", "badness for the OOM killer", "proc.oom_score"),
	PF(SYSQ_P_OOM_SCORE_ADJ, oom_score_adj, SYSQ_T_I64, SYSQ_U_NONE, SYSQ_PN_OOM_ADJ, "oom_score_adj", "adjustment of oom_score, -1000..1000", "proc.oom_score_adj"),
	PF(SYSQ_P_AG_ID, ag_id, SYSQ_T_I64, SYSQ_U_NONE, SYSQ_PN_AUTOGROUP, "autogroup", "autogroup ID", "proc.autogroup.id"),
	PF(SYSQ_P_AG_NICE, ag_nice, SYSQ_T_I64, SYSQ_U_NONE, SYSQ_PN_AUTOGROUP, "autogroup", "nice value of the autogroup", "proc.autogroup.nice"),
	PF(SYSQ_P_LOGINUID, loginuid, SYSQ_T_I64, SYSQ_U_NONE, SYSQ_PN_LOGINUID, "loginuid", "login user ID (audit); absent when unset", "proc.loginuid"),
	PF(SYSQ_P_CGROUPNS, cgroupns, SYSQ_T_U64, SYSQ_U_NONE, SYSQ_PN_NS, "ns/cgroup", "inode of the cgroup namespace", "proc.ns.cgroup"),
	PF(SYSQ_P_IPCNS, ipcns, SYSQ_T_U64, SYSQ_U_NONE, SYSQ_PN_NS, "ns/ipc", "inode of the IPC namespace", "proc.ns.ipc"),
	PF(SYSQ_P_MNTNS, mntns, SYSQ_T_U64, SYSQ_U_NONE, SYSQ_PN_NS, "ns/mnt", "inode of the mount namespace", "proc.ns.mnt"),
	PF(SYSQ_P_NETNS, netns, SYSQ_T_U64, SYSQ_U_NONE, SYSQ_PN_NS, "ns/net", "inode of the network namespace", "proc.ns.net"),
	PF(SYSQ_P_PIDNS, pidns, SYSQ_T_U64, SYSQ_U_NONE, SYSQ_PN_NS, "ns/pid", "inode of the PID namespace", "proc.ns.pid"),
	PF(SYSQ_P_TIMENS, timens, SYSQ_T_U64, SYSQ_U_NONE, SYSQ_PN_NS, "ns/time", "inode of the time namespace", "proc.ns.time"),
	PF(SYSQ_P_USERNS, userns, SYSQ_T_U64, SYSQ_U_NONE, SYSQ_PN_NS, "ns/user", "inode of the user namespace", "proc.ns.user"),
	PF(SYSQ_P_UTSNS, utsns, SYSQ_T_U64, SYSQ_U_NONE, SYSQ_PN_NS, "ns/uts", "inode of the UTS namespace", "proc.ns.uts"),
	PF(SYSQ_P_USS, uss, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_PN_SMAPS, "smaps_rollup Private_*", "memory unique to the process", "memory_footprint.uss memory_full_info.uss"),
	PF(SYSQ_P_PSS, pss, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_PN_SMAPS, "smaps_rollup Pss", "proportional set size", "memory_footprint.pss memory_full_info.pss"),
	PFN(SYSQ_P_SWAP_SMAPS, "footprint_swap", swap_smaps, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_PN_SMAPS, "smaps_rollup Swap", "swapped-out memory (memory_footprint)", "memory_footprint.swap memory_full_info.swap"),
	PF(SYSQ_P_USERNAME, username, SYSQ_T_STR, SYSQ_U_NONE, SS, "status Uid + passwd", "name of the real user", "username"),
};
const struct sysq_table sysq_proc_table = { "process", proc_fields, SYSQ_P__COUNT };

const char *const sysq_rlimit_names[SYSQ_RLIMIT__COUNT] = {
	"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE",
	"RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS",
	"RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE",
	"RLIMIT_RTPRIO", "RLIMIT_RTTIME",
};


unsigned sysq_proc_field_need(enum sysq_proc_field f)
{
	return f < SYSQ_P__COUNT ? proc_fields[f].need : 0;
}

/* ---- one process ------------------------------------------------------ *
 * The driver: which files a mask needs, in which order, on which held
 * descriptors; the bytes go to the pure parsers of parsers.h. */

/* One read of one process (or thread) in progress. */
struct reader {
	sysq_ctx *ctx;
	pid_t pid;
	int procfd;   /* the procfs root */
	int pfd;      /* /proc/PID (O_PATH), or -1 when one file is enough */
	char dir[32]; /* "PID", or "PID/task/TID" */
};

/* The directory fd and path of PID/file: the held directory, else the
 * proc root and "DIR/file" in rel */
static int at(const struct reader *r, const char *file, char *rel, size_t n, const char **path)
{
	if (r->pfd >= 0) {
		*path = file;
		return r->pfd;
	}
	snprintf(rel, n, "%s/%s", r->dir, file);
	*path = rel;
	return r->procfd;
}

/* Read PID/file into the context buffer; once: a file of one record (all
 * but smaps), see sysq_read_fd_once. */
static int rd_file(struct reader *r, const char *file, bool once, char **data, size_t *len)
{
	char rel[64];
	const char *path;
	int dfd = at(r, file, rel, sizeof(rel), &path), fd, rc;

	if ((fd = sysq_openat(r->ctx, dfd, path, O_RDONLY | O_NOCTTY)) < 0)
		return sysq_errno_code(errno);
	rc = once ? sysq_read_fd_once(fd, &r->ctx->buf, SYSQ_READ_MAX) : sysq_read_fd(fd, &r->ctx->buf, SYSQ_READ_MAX);
	sysq_fd_done(r->ctx, fd);
	if (rc < 0)
		return rc;
	*data = r->ctx->buf.data;
	*len = r->ctx->buf.len;
	return SYSQ_OK;
}

typedef int (*proc_parser)(const char *data, size_t len, struct sysq_proc *p);

/* Read PID/file and parse it: the read's failure, or the parser's answer */
static int rd_parse(struct reader *r, const char *file, proc_parser parse, struct sysq_proc *p)
{
	char *data;
	size_t len;
	int rc = rd_file(r, file, true, &data, &len);

	return rc < 0 ? rc : parse(data, len, p);
}

static ssize_t rd_readlink(const struct reader *r, const char *file, char *buf, size_t n)
{
	char rel[64];
	const char *path;
	int dfd = at(r, file, rel, sizeof(rel), &path);

	return readlinkat(dfd, path, buf, n);
}

static int rd_link(struct reader *r, const char *file, char **out, int idx, struct sysq_proc *p)
{
	char buf[4097];
	ssize_t n = rd_readlink(r, file, buf, sizeof(buf) - 1);

	if (n < 0)
		return sysq_errno_code(errno);
	free(*out);
	if (!(*out = sysq_dup_range(buf, (size_t)n)))
		return SYSQ_ENOMEM;
	SYSQ_SET(p, idx);
	return SYSQ_OK;
}

/* Entries of a directory below the process (fd/, task/), "." and ".."
 * left out; with ids, their numbers too. */
static int rd_dir(struct reader *r, const char *sub, uint64_t *count, pid_t **ids)
{
	char rel[64];
	const char *path;
	int dfd = at(r, sub, rel, sizeof(rel), &path), fd;

	*count = 0;
	if (ids)
		*ids = NULL;
	if ((fd = sysq_openat(r->ctx, dfd, path, O_RDONLY | O_DIRECTORY)) < 0)
		return sysq_errno_code(errno);
	return sysq_dir_ids(r->ctx, fd, count, ids);
}

/* uss, pss and swap: smaps_rollup (Linux 4.14+) has the sums; smaps, one
 * record per mapping (so not read "once"), is summed by the same parser */
static int rd_smaps(struct reader *r, struct sysq_proc *p)
{
	char *data;
	size_t len;
	int rc;

	if ((rc = rd_file(r, "smaps_rollup", true, &data, &len)) == SYSQ_ENOENT)
		rc = rd_file(r, "smaps", false, &data, &len);
	return rc < 0 ? rc : sysq_parse_proc_smaps(data, len, p);
}

/* ns/NAME links; each is denied without ptrace access, and missing on
 * kernels without that namespace */
static void rd_ns(struct reader *r, struct sysq_proc *p)
{
	static const struct { const char *name; int idx; size_t off; } ns[] = {
		{ "cgroup", SYSQ_P_CGROUPNS, offsetof(struct sysq_proc, cgroupns) },
		{ "ipc", SYSQ_P_IPCNS, offsetof(struct sysq_proc, ipcns) },
		{ "mnt", SYSQ_P_MNTNS, offsetof(struct sysq_proc, mntns) },
		{ "net", SYSQ_P_NETNS, offsetof(struct sysq_proc, netns) },
		{ "pid", SYSQ_P_PIDNS, offsetof(struct sysq_proc, pidns) },
		{ "time", SYSQ_P_TIMENS, offsetof(struct sysq_proc, timens) },
		{ "user", SYSQ_P_USERNS, offsetof(struct sysq_proc, userns) },
		{ "uts", SYSQ_P_UTSNS, offsetof(struct sysq_proc, utsns) },
	};

	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		char rel[16], buf[128];
		ssize_t n;
		uint64_t ino;

		snprintf(rel, sizeof(rel), "ns/%s", ns[i].name);
		if ((n = rd_readlink(r, rel, buf, sizeof(buf))) < 0 ||
		    sysq_parse_ns_link(ns[i].name, buf, (size_t)n, &ino) < 0)
			continue;
		memcpy((char *)p + ns[i].off, &ino, sizeof(ino));
		SYSQ_SET(p, ns[i].idx);
	}
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
	free(p->supgid);
	memset(p, 0, sizeof(*p));
}

/* A failed read after stat: the process is gone (stop), or the attribute
 * is denied or missing (absent, go on).  status or statm missing: the process vanished, unless its stat is
 * still there (a captured tree may lack a file): then only the fields of
 * that file are absent.  One more call, on failure only.  (Every process
 * has a cmdline, kernel threads too: without one it is gone.) */
static bool gone(const struct reader *r, int rc)
{
	char rel[64];
	const char *path;
	int dfd;

	if (rc != SYSQ_ENOENT)
		return false;
	dfd = at(r, "stat", rel, sizeof(rel), &path);
	return faccessat(dfd, path, F_OK, 0) != 0;
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

	/* the effective user and group are the owner of the process's
	 * directory (the kernel makes the files of a process that is not
	 * dumpable root's, never its directories), or status's Uid and Gid
	 * lines; a tree that is not procfs (a captured one) has only status */
	if ((need & SYSQ_PN_OWNER) && !sysq_root_is_procfs(ctx))
		need |= SYSQ_PN_STATUS;
	/* Groups is a line of status */
	if (need & SYSQ_PN_GROUPS)
		need |= SYSQ_PN_STATUS;
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
	if (need & SYSQ_PN_STAT) {
		struct sysq_proc_params pp = { .clk_tck = ctx->clk_tck, .page_size = ctx->page_size };
		char *data;
		size_t len;

		/* btime first: it is read (once a run) into the same buffer */
		pp.have_boot_time = sysq_cached_boot_time(ctx, &pp.boot_time) == 0;
		/* stat is the process's existence: any failure is fatal */
		if ((rc = rd_file(&r, "stat", true, &data, &len)) < 0 ||
		    (rc = sysq_parse_proc_stat(data, len, &pp, out)) < 0)
			goto fail;
	}
	if (need & SYSQ_PN_OWNER) {
		struct stat st;

		/* after stat: a directory gone since is a process gone */
		if ((r.pfd >= 0 ? fstat(r.pfd, &st) : fstatat(r.procfd, r.dir, &st, 0)) == 0) {
			out->euid = st.st_uid;
			out->egid = st.st_gid;
			SYSQ_SET(out, SYSQ_P_EUID);
			SYSQ_SET(out, SYSQ_P_EGID);
		} else if ((rc = sysq_errno_code(errno)) == SYSQ_ENOENT) {
			goto fail;
		}
	}
	/* without stat, status is the process's existence */
	if (need & SYSQ_PN_STATUS) {
		char *data;
		size_t len;

		if ((rc = rd_file(&r, "status", true, &data, &len)) == 0)
			rc = sysq_parse_proc_status(data, len, need, out);
		if (rc < 0 && (!(need & SYSQ_PN_STAT) || gone(&r, rc)))
			goto fail;
	}
	if (need & SYSQ_PN_STATM) {
		struct sysq_proc_params pp = { .clk_tck = ctx->clk_tck, .page_size = ctx->page_size };
		char *data;
		size_t len;

		if ((rc = rd_file(&r, "statm", true, &data, &len)) == 0)
			rc = sysq_parse_proc_statm(data, len, &pp, out);
		if (rc < 0 && gone(&r, rc))
			goto fail;
	}
	/* a kernel thread has no command line: nothing to read */
	if ((need & SYSQ_PN_CMDLINE) && (need & SYSQ_PN_STAT) && out->kernel_thread) {
		if (!(out->cmdline = calloc(1, sizeof(char *)))) {
			rc = SYSQ_ENOMEM;
			goto fail;
		}
		SYSQ_SET(out, SYSQ_P_CMDLINE);
	} else if ((need & SYSQ_PN_CMDLINE) && (rc = rd_parse(&r, "cmdline", sysq_parse_proc_cmdline, out)) == SYSQ_ENOENT) {
		goto fail;
	}
	/* a kernel thread's environ is ESRCH: absent, not a vanished process */
	if (need & SYSQ_PN_ENVIRON)
		rd_parse(&r, "environ", sysq_parse_proc_environ, out);
	/* exe and cwd of a zombie or kernel thread are ENOENT: absent */
	if (need & SYSQ_PN_EXE)
		rd_link(&r, "exe", &out->exe, SYSQ_P_EXE, out);
	if (need & SYSQ_PN_CWD)
		rd_link(&r, "cwd", &out->cwd, SYSQ_P_CWD, out);
	if (need & SYSQ_PN_IO)
		rd_parse(&r, "io", sysq_parse_proc_io, out);
	if ((need & SYSQ_PN_FDS) && rd_dir(&r, "fd", &out->num_fds, NULL) == 0)
		SYSQ_SET(out, SYSQ_P_NUM_FDS);
	if (need & SYSQ_PN_LIMITS)
		rd_parse(&r, "limits", sysq_parse_proc_limits, out);
	if (need & SYSQ_PN_WCHAN)
		rd_parse(&r, "wchan", sysq_parse_proc_wchan, out);
	if (need & SYSQ_PN_CGROUP)
		rd_parse(&r, "cgroup", sysq_parse_proc_cgroup, out);
	/* EINVAL without a security module: absent */
	if (need & SYSQ_PN_LABEL)
		rd_parse(&r, "attr/current", sysq_parse_proc_label, out);
	if (need & SYSQ_PN_SMAPS)
		rd_smaps(&r, out);
	if (need & SYSQ_PN_OOM_SCORE)
		rd_parse(&r, "oom_score", sysq_parse_proc_oom_score, out);
	if (need & SYSQ_PN_OOM_ADJ)
		rd_parse(&r, "oom_score_adj", sysq_parse_proc_oom_score_adj, out);
	if (need & SYSQ_PN_LOGINUID)
		rd_parse(&r, "loginuid", sysq_parse_proc_loginuid, out);
	if (need & SYSQ_PN_AUTOGROUP)
		rd_parse(&r, "autogroup", sysq_parse_proc_autogroup, out);
	if (need & SYSQ_PN_NS)
		rd_ns(&r, out);
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
	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, rel, &data, &len)) == SYSQ_ENOENT) {
		int fd = sysq_root_fd(ctx, SYSQ_ROOT_PROC);

		/* a captured tree may hold stat alone: a process, as far as
		 * anyone can tell */
		snprintf(rel, sizeof(rel), "%d/stat", (int)pid);
		return fd >= 0 && faccessat(fd, rel, F_OK, 0) == 0;
	}
	if (rc < 0)
		return rc;
	pp = data;
	end = data + len;
	while (sysq_next_line(&pp, end, &line, &ll)) {
		int64_t tgid;

		if (!sysq_key_is(line, ll, "Tgid", &rest))
			continue;
		/* (a "Tgid" that ends the file has its NUL there, not a colon) */
		if (*rest == ':')
			rest++;
		return sysq_parse_i64(&rest, &tgid) == 0 && tgid == (int64_t)pid;
	}
	return SYSQ_EPARSE;
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
	if ((rc = rd_dir(&r, "task", &count, out)) < 0) {
		free(*out);
		*out = NULL;
		return rc;
	}
	if (count > 1)
		qsort(*out, count, sizeof(**out), sysq_cmp_pid);
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

int sysq_cpu_node(sysq_ctx *ctx, int64_t cpu, int *node)
{
	char rel[64];
	int fd, dfd;
	DIR *d;
	struct dirent *e;
	int rc = SYSQ_ENOENT;

	if (cpu < 0 || cpu > INT32_MAX)
		return SYSQ_ENOENT;
	if ((fd = sysq_root_fd(ctx, SYSQ_ROOT_SYS)) < 0)
		return fd;
	snprintf(rel, sizeof(rel), "devices/system/cpu/cpu%d", (int)cpu);
	if ((dfd = sysq_openat(ctx, fd, rel, O_RDONLY | O_DIRECTORY)) < 0)
		return sysq_errno_code(errno);
	if (!(d = fdopendir(dfd))) {
		close(dfd);
		return sysq_errno_code(errno);
	}
	/* one "nodeN" link per CPU on a NUMA kernel */
	while ((e = readdir(d)) != NULL) {
		const char *s = e->d_name + 4;
		uint64_t n;

		if (strncmp(e->d_name, "node", 4) != 0 || *s < '0' || *s > '9')
			continue;
		if (sysq_parse_u64(&s, &n) == 0 && !*s && n <= INT32_MAX) {
			*node = (int)n;
			rc = SYSQ_OK;
			break;
		}
	}
	closedir(d);
	return rc;
}
