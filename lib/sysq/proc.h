/*
 * libsysq processes: pids, existence, and reads of a process's attributes
 * by request.  Included by sysq.h; see there for the conventions.
 *
 * A read names what it needs (SYSQ_PN_* bits, or sysq_proc_need() of a
 * list of fields); libsysq opens only the files those need, each at most
 * once per process per read, relative to one directory fd per process
 * (or, when a single file is needed, one openat of "PID/file").
 */
#ifndef SYSQ_PROC_H
#define SYSQ_PROC_H

#include <sys/types.h>

/* What a read needs: one bit per kernel file or call. */
enum {
	SYSQ_PN_STAT = 1u << 0,     /* /proc/PID/stat */
	SYSQ_PN_STATUS = 1u << 1,   /* status */
	SYSQ_PN_STATM = 1u << 2,    /* statm */
	SYSQ_PN_CMDLINE = 1u << 3,  /* cmdline */
	SYSQ_PN_ENVIRON = 1u << 4,  /* environ */
	SYSQ_PN_EXE = 1u << 5,      /* readlink exe */
	SYSQ_PN_CWD = 1u << 6,      /* readlink cwd */
	SYSQ_PN_IO = 1u << 7,       /* io */
	SYSQ_PN_FDS = 1u << 8,      /* fd/ (count) */
	SYSQ_PN_LIMITS = 1u << 9,   /* limits */
	SYSQ_PN_WCHAN = 1u << 10,   /* wchan */
	SYSQ_PN_CGROUP = 1u << 11,  /* cgroup */
	SYSQ_PN_SMAPS = 1u << 12,   /* smaps_rollup, else smaps */
	SYSQ_PN_OWNER = 1u << 13,   /* owner of /proc/PID: effective uid/gid */
	SYSQ_PN_TASKS = 1u << 14,   /* task/ (threads and their times) */
	SYSQ_PN_LABEL = 1u << 15,   /* attr/current: the security label */
	SYSQ_PN_OOM_SCORE = 1u << 16, /* oom_score */
	SYSQ_PN_OOM_ADJ = 1u << 17, /* oom_score_adj */
	SYSQ_PN_AUTOGROUP = 1u << 18, /* autogroup */
	SYSQ_PN_NS = 1u << 19,      /* ns/: one readlink per namespace */
	SYSQ_PN_LOGINUID = 1u << 20, /* loginuid */
	SYSQ_PN_GROUPS = 1u << 21,  /* status Groups (status is read for it) */
	/* reserved for later families: open files, connections, maps */
	SYSQ_PN_OPEN_FILES = 1u << 24,
	SYSQ_PN_CONNECTIONS = 1u << 25,
	SYSQ_PN_MAPS = 1u << 26,
};

enum sysq_proc_field {
	SYSQ_P_PID, SYSQ_P_PPID, SYSQ_P_NAME, SYSQ_P_COMM, SYSQ_P_STATUS, SYSQ_P_PGID, SYSQ_P_SID,
	SYSQ_P_TTY_NR, SYSQ_P_TPGID, SYSQ_P_FLAGS, SYSQ_P_MINOR_FAULTS, SYSQ_P_MAJOR_FAULTS,
	SYSQ_P_CHILDREN_MINOR_FAULTS, SYSQ_P_CHILDREN_MAJOR_FAULTS,
	SYSQ_P_USER, SYSQ_P_SYSTEM, SYSQ_P_CHILDREN_USER, SYSQ_P_CHILDREN_SYSTEM,
	SYSQ_P_PRIORITY, SYSQ_P_NICE, SYSQ_P_NUM_THREADS, SYSQ_P_START_TICKS,
	SYSQ_P_CREATE_TIME, SYSQ_P_VMS_STAT, SYSQ_P_RSS_STAT, SYSQ_P_START_CODE, SYSQ_P_END_CODE,
	SYSQ_P_START_STACK, SYSQ_P_ESP, SYSQ_P_EIP, SYSQ_P_CPU_NUM,
	SYSQ_P_RT_PRIORITY, SYSQ_P_POLICY, SYSQ_P_IOWAIT,
	/* status */
	SYSQ_P_RUID, SYSQ_P_EUID, SYSQ_P_SUID, SYSQ_P_FSUID,
	SYSQ_P_RGID, SYSQ_P_EGID, SYSQ_P_SGID, SYSQ_P_FSGID,
	SYSQ_P_VOLUNTARY, SYSQ_P_INVOLUNTARY,
	SYSQ_P_PEAK_VMS, SYSQ_P_PEAK_RSS, SYSQ_P_RSS_ANON, SYSQ_P_RSS_FILE, SYSQ_P_RSS_SHMEM,
	SYSQ_P_SWAP, SYSQ_P_HUGETLB, SYSQ_P_VMLCK,
	SYSQ_P_SIG_PENDING, SYSQ_P_SIG_PENDING_THREAD, SYSQ_P_SIG_BLOCKED, SYSQ_P_SIG_IGNORED,
	SYSQ_P_SIG_CAUGHT, SYSQ_P_CPU_AFFINITY, SYSQ_P_SUPGID,
	/* statm */
	SYSQ_P_RSS, SYSQ_P_VMS, SYSQ_P_SHARED, SYSQ_P_TEXT, SYSQ_P_DATA,
	/* other files */
	SYSQ_P_CMDLINE, SYSQ_P_ENVIRON, SYSQ_P_EXE, SYSQ_P_CWD,
	SYSQ_P_READ_COUNT, SYSQ_P_WRITE_COUNT, SYSQ_P_READ_BYTES, SYSQ_P_WRITE_BYTES,
	SYSQ_P_READ_CHARS, SYSQ_P_WRITE_CHARS, SYSQ_P_CANCELLED_WRITE_BYTES,
	SYSQ_P_NUM_FDS, SYSQ_P_WCHAN, SYSQ_P_CGROUP, SYSQ_P_LABEL,
	SYSQ_P_OOM_SCORE, SYSQ_P_OOM_SCORE_ADJ, SYSQ_P_AG_ID, SYSQ_P_AG_NICE, SYSQ_P_LOGINUID,
	/* ns/: the inode of each namespace, in SYSQ_NS_* order */
	SYSQ_P_CGROUPNS, SYSQ_P_IPCNS, SYSQ_P_MNTNS, SYSQ_P_NETNS, SYSQ_P_PIDNS, SYSQ_P_TIMENS,
	SYSQ_P_USERNS, SYSQ_P_UTSNS,
	SYSQ_P_USS, SYSQ_P_PSS, SYSQ_P_SWAP_SMAPS,
	SYSQ_P_USERNAME,
	SYSQ_P__COUNT
};

/* psutil's status strings */
const char *sysq_proc_status_name(char state);

/* The resources of rlimit(), in /proc/PID/limits order. */
enum sysq_rlimit {
	SYSQ_RLIMIT_CPU, SYSQ_RLIMIT_FSIZE, SYSQ_RLIMIT_DATA, SYSQ_RLIMIT_STACK,
	SYSQ_RLIMIT_CORE, SYSQ_RLIMIT_RSS, SYSQ_RLIMIT_NPROC, SYSQ_RLIMIT_NOFILE,
	SYSQ_RLIMIT_MEMLOCK, SYSQ_RLIMIT_AS, SYSQ_RLIMIT_LOCKS, SYSQ_RLIMIT_SIGPENDING,
	SYSQ_RLIMIT_MSGQUEUE, SYSQ_RLIMIT_NICE, SYSQ_RLIMIT_RTPRIO, SYSQ_RLIMIT_RTTIME,
	SYSQ_RLIMIT__COUNT
};
#define SYSQ_RLIM_INFINITY UINT64_MAX /* "unlimited": its own value */
extern const char *const sysq_rlimit_names[SYSQ_RLIMIT__COUNT]; /* "RLIMIT_CPU"... */

#define SYSQ_PROC_NAME_MAX 256 /* psutil's name: argv[0]'s basename may be long */
#define SYSQ_PROC_COMM_MAX 64  /* the kernel's comm: 15 bytes (64 for a captured tree) */

struct sysq_proc {
	uint64_t have[SYSQ_HAVE_WORDS(SYSQ_P__COUNT)];
	int64_t pid, ppid;
	char name[SYSQ_PROC_NAME_MAX]; /* comm (raw bytes), or argv[0]'s longer basename */
	char comm[SYSQ_PROC_COMM_MAX]; /* comm as the kernel has it (at most 15 bytes there) */
	char status[16];               /* psutil's string: "running", "sleeping"... */
	char state;                    /* the kernel's letter: R S D Z T t X I ... */
	int64_t pgid, sid, tty_nr, tpgid;
	uint64_t flags, minor_faults, major_faults;
	uint64_t children_minor_faults, children_major_faults; /* of waited-for children */
	double user, system, children_user, children_system; /* seconds */
	int64_t priority, nice;
	uint64_t num_threads, start_ticks;
	double create_time;            /* epoch seconds */
	uint64_t vms_stat, rss_stat;   /* stat's vsize (bytes) and rss (bytes; approximate on 6.x kernels) */
	/* addresses around the program text, and where the stack starts;
	 * absent when the kernel hides them (it then shows 1, 1 and 0) */
	uint64_t start_code, end_code, start_stack;
	uint64_t esp, eip;             /* stack and instruction pointers (only of a dying task) */
	int64_t cpu_num;
	uint64_t rt_priority, policy;
	double iowait;                 /* seconds (delayacct_blkio_ticks) */
	int64_t ruid, euid, suid, fsuid, rgid, egid, sgid, fsgid;
	uint64_t voluntary, involuntary;
	uint64_t peak_vms, peak_rss, rss_anon, rss_file, rss_shmem, swap, hugetlb, vmlck;
	/* pending signals of the whole process (ShdPnd), of this thread
	 * alone (SigPnd), and the masks */
	uint64_t sig_pending, sig_pending_thread, sig_blocked, sig_ignored, sig_caught;
	char *cpu_affinity;            /* Cpus_allowed_list, e.g. "0-3,8" */
	char *supgid;                  /* supplementary groups, "4,24,27" ("" for none) */
	uint64_t rss, vms, shared, text, data;
	char **cmdline;                /* NULL-terminated; ncmdline entries */
	size_t ncmdline;
	char **environ;
	size_t nenviron;
	char *exe, *cwd;
	uint64_t read_count, write_count, read_bytes, write_bytes, read_chars, write_chars;
	uint64_t cancelled_write_bytes;
	uint64_t num_fds;
	char *wchan, *cgroup;
	char *label;                   /* security label (SELinux, AppArmor, Smack) */
	int64_t oom_score, oom_score_adj;
	int64_t ag_id, ag_nice;        /* autogroup (absent without CONFIG_SCHED_AUTOGROUP) */
	int64_t loginuid;              /* audit login uid; absent when unset (4294967295) */
	uint64_t cgroupns, ipcns, mntns, netns, pidns, timens, userns, utsns;
	uint64_t uss, pss, swap_smaps;
	char username[64];
	/* limits: soft and hard, SYSQ_RLIM_INFINITY for unlimited */
	bool have_rlimit;
	uint64_t rlimit_soft[SYSQ_RLIMIT__COUNT], rlimit_hard[SYSQ_RLIMIT__COUNT];
	bool kernel_thread;            /* PF_KTHREAD */
	double sample_time;            /* CLOCK_MONOTONIC seconds when read (for cpu_percent) */
	/* owned storage for the strings above */
	char *arena;
	size_t arena_len, arena_cap;
};

extern const struct sysq_table sysq_proc_table;
/* What reading a field needs (its SYSQ_PN_* bits). */
unsigned sysq_proc_field_need(enum sysq_proc_field f);

/* The name of a user ID: <rootfs>/etc/passwd, then (for the host's own
 * root) the system's user databases; else the number as text (and
 * SYSQ_ENOENT).  Cached per context. */
int sysq_user_name(sysq_ctx *ctx, int64_t uid, char *buf, size_t n);
/* The same for a group ID: <rootfs>/etc/group, then the system's. */
int sysq_group_name(sysq_ctx *ctx, int64_t gid, char *buf, size_t n);
/* The ID of a user or group name, from the same places; SYSQ_ENOENT when
 * it has none. */
int sysq_user_id(sysq_ctx *ctx, const char *name, int64_t *uid);
int sysq_group_id(sysq_ctx *ctx, const char *name, int64_t *gid);

/* The terminal of a tty_nr as ps shows it ("pts/3", "tty1", "ttyS0",
 * "console"); SYSQ_ENOENT (and "?") when there is none or it is unknown.
 * Uses /proc/tty/drivers for devices beyond the usual ones. */
int sysq_tty_name(sysq_ctx *ctx, int64_t tty_nr, char *buf, size_t n);

/* The NUMA node of a CPU (a process's cpu_num), from the nodeN entry of
 * <sysfs>/devices/system/cpu/cpuN; SYSQ_ENOENT when it has none. */
int sysq_cpu_node(sysq_ctx *ctx, int64_t cpu, int *node);

/* One thread of a process (task/TID). */
struct sysq_thread {
	int64_t id;
	char name[SYSQ_PROC_COMM_MAX];
	char state;
	double user_time, system_time; /* seconds */
	uint64_t start_ticks;          /* clock ticks after boot */
};
/* The threads of a process, in TID order; *out is allocated (free()).
 * A thread that vanishes while it is read is left out. */
int sysq_proc_threads(sysq_ctx *ctx, pid_t pid, struct sysq_thread **out, size_t *n);
/* Only the thread IDs (task/), sorted; *out is allocated (free()). */
int sysq_proc_tids(sysq_ctx *ctx, pid_t pid, pid_t **out, size_t *n);
/* A thread's summary from a read of it (sysq_proc_read_task, stat). */
void sysq_proc_thread_of(const struct sysq_proc *p, pid_t tid, struct sysq_thread *t);

/* All PIDs, sorted; *pids is allocated (free()). */
int sysq_pids(sysq_ctx *ctx, pid_t **pids, size_t *n);
/* 1 if a process (not a thread) with this PID exists, 0 if not, or <0. */
int sysq_pid_exists(sysq_ctx *ctx, pid_t pid);

/* Read one process.  SYSQ_ENOENT when it does not exist (or vanished);
 * attributes denied to the caller are absent, not errors. */
int sysq_proc_read(sysq_ctx *ctx, pid_t pid, unsigned need, struct sysq_proc *out);
/* The same for one thread TID of process PID (PID/task/TID): its own
 * state, times, flags, wchan, processor, faults, name; pid stays PID. */
int sysq_proc_read_task(sysq_ctx *ctx, pid_t pid, pid_t tid, unsigned need, struct sysq_proc *out);
/* The owner of /proc/PID in one call: the effective user and group, but
 * root for a process that is not dumpable (one that changed user); psmisc
 * sorts by it.  uid or gid may be NULL. */
int sysq_proc_owner(sysq_ctx *ctx, pid_t pid, int64_t *uid, int64_t *gid);
/* psutil's derived attributes (family.c).  children: PIDs whose parent
 * is pid, in PID order, with recursive the whole subtree breadth-first;
 * parents: the parent, its parent, ... up to PID 1.  *out is allocated. */
int sysq_proc_children(sysq_ctx *ctx, pid_t pid, bool recursive, pid_t **out, size_t *n);
int sysq_proc_parents(sysq_ctx *ctx, pid_t pid, pid_t **out, size_t *n);
/* 1 when p (read with its start time) still runs: the same PID started
 * at the same tick and not a zombie; 0 when not; <0 on error. */
int sysq_proc_is_running(sysq_ctx *ctx, const struct sysq_proc *p);
/* CPU use between two reads of one process (with user and system
 * times), over the wall time between them: 100 is one CPU busy. */
int sysq_proc_cpu_percent(const struct sysq_proc *before, const struct sysq_proc *after, double *percent);
/* A size field (rss, vms, uss, pss, swap, ...) over total memory, in %. */
int sysq_proc_memory_percent(sysq_ctx *ctx, const struct sysq_proc *p, enum sysq_proc_field field, double *percent);
/* The I/O priority class (0 none, 1 realtime, 2 best effort, 3 idle) and
 * level; a system call, so SYSQ_ENOTSUP under a procfs that is not the
 * system's own. */
int sysq_proc_ionice(sysq_ctx *ctx, pid_t pid, int *ioclass, int *value);
/* Free what a read allocated (the struct itself is the caller's). */
void sysq_proc_release(struct sysq_proc *p);

/* Iterate over all processes in PID order; a process that vanishes is
 * skipped.  next returns 1 with *out filled, 0 at the end, or <0. */
typedef struct sysq_proc_iter sysq_proc_iter;
int sysq_proc_iter_open(sysq_ctx *ctx, unsigned need, sysq_proc_iter **it);
int sysq_proc_next(sysq_proc_iter *it, struct sysq_proc *out);
void sysq_proc_iter_close(sysq_proc_iter *it);

#endif
