/*
 * libsysq: the metrics psutil exposes on Linux, read from /proc and /sys into
 * plain C structs.  This library never prints; rendering lives in lib/out/.
 *
 * Conventions
 *  - Every call takes a context (sysq_open) holding the roots it reads.
 *  - Every call returns 0 or a negative SYSQ_E* code (sysq_strerror).
 *  - Every struct starts with `have[]`, one availability bit per field (the
 *    field's index in its table); test them with SYSQ_HAVE().  A field whose bit is clear is absent
 *    (unknown, denied, not supported): never read it as zero.
 *  - Every struct has a field table (name, type, unit, offset) declared
 *    once beside it; JSON keys and column names come from these tables.
 *  - Sizes are bytes, times seconds, frequencies MHz, percents 0..100.
 */
#ifndef SYSQ_H
#define SYSQ_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors -------------------------------------------------------- */

enum {
	SYSQ_OK = 0,
	SYSQ_ENOENT = -1,   /* no such file, process or item */
	SYSQ_EZOMBIE = -2,  /* process is a zombie */
	SYSQ_EACCES = -3,   /* access denied */
	SYSQ_ENOTSUP = -4,  /* not supported by this kernel or machine */
	SYSQ_EPARSE = -5,   /* kernel file did not have the expected form */
	SYSQ_ENOMEM = -6,   /* out of memory, or a size overflowed */
	SYSQ_EIO = -7,      /* other I/O error */
	SYSQ_EINVAL = -8,   /* bad argument */
};
const char *sysq_strerror(int err);

/* ---- context ------------------------------------------------------- */

enum sysq_root { SYSQ_ROOT_PROC, SYSQ_ROOT_SYS, SYSQ_ROOT_FS, SYSQ_ROOT__COUNT };

struct sysq_roots {
	const char *procfs; /* NULL: "/proc" */
	const char *sysfs;  /* NULL: "/sys" */
	const char *rootfs; /* NULL: "/" (utmp and other files under it) */
};

typedef struct sysq_ctx sysq_ctx;

/* Open a context; roots may be NULL for the defaults.  A root that cannot be
 * opened is not an error here: calls that need it fail with its error.
 * A context holds descriptors: its roots, and files it has finished
 * reading, which it closes in batches (at most 256, and at most an eighth
 * of RLIMIT_NOFILE, at a time; all of them by the end of an iteration and
 * by sysq_close).  They are O_CLOEXEC, and only those are ever closed. */
int sysq_open(sysq_ctx **ctx, const struct sysq_roots *roots);
void sysq_close(sysq_ctx *ctx);
const char *sysq_root_path(const sysq_ctx *ctx, enum sysq_root root);

/* ---- field tables -------------------------------------------------- */

enum sysq_type {
	SYSQ_T_U64,    /* uint64_t */
	SYSQ_T_I64,    /* int64_t */
	SYSQ_T_DOUBLE, /* double */
	SYSQ_T_STR,    /* char[] inside the struct (NUL-terminated, raw bytes) */
	SYSQ_T_STRP,   /* char * (NUL-terminated, raw bytes) */
	SYSQ_T_STRV,   /* char ** (NULL-terminated list of strings) */
	SYSQ_T_CHAR,   /* char: one letter, e.g. a process state */
	SYSQ_T_CPULIST, /* char * in the kernel's list form "0-3,8"; JSON: [0,1,2,3,8] */
	SYSQ_T_IDLIST,  /* char * of comma-separated IDs "4,24,100"; JSON: [4,24,100] */
	SYSQ_T_ENVIRON, /* char ** of "NAME=value" (NULL-terminated); JSON: an object,
			 * as psutil's environ(): entries without a name are left
			 * out, the last of a repeated name wins */
};

enum sysq_unit {
	SYSQ_U_NONE,
	SYSQ_U_BYTES,
	SYSQ_U_SECONDS,
	SYSQ_U_PERCENT,
	SYSQ_U_MHZ,
	SYSQ_U_EPOCH, /* seconds since the epoch */
	SYSQ_U_COUNT,
	SYSQ_U_PID,
};

/* Field groups: fields outside psutil's set (procps extras) are grouped so a
 * renderer can ask for them by name. 0 is psutil's own set. */
enum {
	SYSQ_G_CORE = 0,
	SYSQ_G_LOHI = 1 << 0,      /* low/high memory (free -l) */
	SYSQ_G_COMMITTED = 1 << 1, /* commit limit (free -v) */
};

struct sysq_field {
	const char *name;   /* psutil's name: the JSON key */
	enum sysq_type type;
	enum sysq_unit unit;
	size_t offset;      /* offsetof() in the struct */
	unsigned group;     /* SYSQ_G_* */
	const char *source; /* the kernel file it comes from */
	const char *help;   /* one line */
	unsigned need;      /* what reading it needs (processes: SYSQ_PN_*) */
	/* Processes: where psutil's Process.as_dict() holds the value, as
	 * dotted paths ("cpu_times.user"), space-separated when a named
	 * tuple repeats it ("memory_info.rss memory_full_info.rss"); one
	 * psutil has no name for is "proc.<the kernel's name>".  A nested
	 * document is generated from these, so they are written only here. */
	const char *psutil;
};

struct sysq_table {
	const char *name;   /* psutil's function name, e.g. "virtual_memory" */
	const struct sysq_field *fields;
	size_t nfields;
};

/* Availability bits: `have` is an array of 64-bit words so a struct may
 * have more than 64 fields (processes do). */
#define SYSQ_HAVE_WORDS(nfields) (((nfields) + 63) / 64)
#define SYSQ_HAVE(s, idx) (((s)->have[(idx) / 64] >> ((idx) % 64)) & 1u)
#define SYSQ_SET(s, idx) ((s)->have[(idx) / 64] |= (uint64_t)1 << ((idx) % 64))

const char *sysq_unit_name(enum sysq_unit unit);

/* ---- memory -------------------------------------------------------- */

enum sysq_vmem_field {
	SYSQ_VMEM_TOTAL, SYSQ_VMEM_AVAILABLE, SYSQ_VMEM_PERCENT, SYSQ_VMEM_USED,
	SYSQ_VMEM_FREE, SYSQ_VMEM_ACTIVE, SYSQ_VMEM_INACTIVE, SYSQ_VMEM_BUFFERS,
	SYSQ_VMEM_CACHED, SYSQ_VMEM_SHARED, SYSQ_VMEM_SLAB,
	SYSQ_VMEM_LOW_TOTAL, SYSQ_VMEM_LOW_USED, SYSQ_VMEM_LOW_FREE,
	SYSQ_VMEM_HIGH_TOTAL, SYSQ_VMEM_HIGH_USED, SYSQ_VMEM_HIGH_FREE,
	SYSQ_VMEM_COMMIT_LIMIT, SYSQ_VMEM_COMMITTED_AS, SYSQ_VMEM_COMMIT_FREE,
	SYSQ_VMEM__COUNT
};

struct sysq_vmem {
	uint64_t have[1];
	uint64_t total, available;
	double percent;
	uint64_t used, free, active, inactive, buffers, cached, shared, slab;
	/* procps extras (free -l, free -v) */
	uint64_t low_total, low_used, low_free, high_total, high_used, high_free;
	uint64_t commit_limit, committed_as;
	int64_t commit_free; /* commit_limit - committed_as; may be negative */
	/* true when available was estimated from /proc/zoneinfo because
	 * MemAvailable was missing or 0 */
	bool available_estimated;
};
extern const struct sysq_table sysq_vmem_table;
int sysq_virtual_memory(sysq_ctx *ctx, struct sysq_vmem *out);

enum sysq_swap_field {
	SYSQ_SWAP_TOTAL, SYSQ_SWAP_USED, SYSQ_SWAP_FREE, SYSQ_SWAP_PERCENT,
	SYSQ_SWAP_SIN, SYSQ_SWAP_SOUT, SYSQ_SWAP__COUNT
};

struct sysq_swap {
	uint64_t have[1];
	uint64_t total, used, free;
	double percent;
	uint64_t sin, sout;
};
extern const struct sysq_table sysq_swap_table;
int sysq_swap_memory(sysq_ctx *ctx, struct sysq_swap *out);

/* Both from one read of /proc/meminfo; either may be NULL.  Without
 * SYSQ_MEM_SWAP_IO, /proc/vmstat is not read and sin/sout stay absent. */
enum { SYSQ_MEM_SWAP_IO = 1 << 0 };
int sysq_memory(sysq_ctx *ctx, struct sysq_vmem *vm, struct sysq_swap *swap, unsigned flags);

/* ---- cpu ----------------------------------------------------------- */

enum sysq_cputimes_field {
	SYSQ_CPUT_USER, SYSQ_CPUT_NICE, SYSQ_CPUT_SYSTEM, SYSQ_CPUT_IDLE,
	SYSQ_CPUT_IOWAIT, SYSQ_CPUT_IRQ, SYSQ_CPUT_SOFTIRQ, SYSQ_CPUT_STEAL,
	SYSQ_CPUT_GUEST, SYSQ_CPUT_GUEST_NICE, SYSQ_CPUT__COUNT
};

/* Seconds (cpu_times) or percent (cpu_times_percent), field by field in
 * table order so code may index v[]. */
struct sysq_cpu_times {
	uint64_t have[1];
	double v[SYSQ_CPUT__COUNT];
};
extern const struct sysq_table sysq_cpu_times_table;
extern const struct sysq_table sysq_cpu_times_percent_table;

/* A snapshot of /proc/stat's cpu lines: the total and each CPU, in ticks
 * converted to seconds.  Owned by the caller; two make a rate. */
struct sysq_cpu_snapshot {
	struct sysq_cpu_times total;
	struct sysq_cpu_times *percpu; /* ncpu entries, cpuN order */
	size_t ncpu;
	int *cpu_ids;                  /* N of each cpuN line */
};
int sysq_cpu_snapshot(sysq_ctx *ctx, struct sysq_cpu_snapshot *out);
void sysq_cpu_snapshot_free(struct sysq_cpu_snapshot *snap);

/* psutil's cpu_percent between two samples of the same CPU: busy share of
 * the elapsed time (guest already in user/nice, so it is not counted twice;
 * negative deltas clamped to 0), rounded to 0.1.  0.0 when nothing elapsed. */
double sysq_cpu_percent(const struct sysq_cpu_times *t1, const struct sysq_cpu_times *t2);
/* psutil's cpu_times_percent: each field's share of the elapsed time. */
void sysq_cpu_times_percent(const struct sysq_cpu_times *t1, const struct sysq_cpu_times *t2,
			    struct sysq_cpu_times *out);

enum sysq_cpucount_field { SYSQ_CPUC_LOGICAL, SYSQ_CPUC_PHYSICAL, SYSQ_CPUC__COUNT };
struct sysq_cpu_count {
	uint64_t have[1];
	uint64_t logical, physical;
};
extern const struct sysq_table sysq_cpu_count_table;
int sysq_cpu_count(sysq_ctx *ctx, struct sysq_cpu_count *out);

enum sysq_cpustats_field {
	SYSQ_CPUS_CTX_SWITCHES, SYSQ_CPUS_INTERRUPTS, SYSQ_CPUS_SOFT_INTERRUPTS,
	SYSQ_CPUS_SYSCALLS, SYSQ_CPUS__COUNT
};
struct sysq_cpu_stats {
	uint64_t have[1];
	uint64_t ctx_switches, interrupts, soft_interrupts, syscalls;
};
extern const struct sysq_table sysq_cpu_stats_table;
int sysq_cpu_stats(sysq_ctx *ctx, struct sysq_cpu_stats *out);

enum sysq_cpufreq_field { SYSQ_CPUF_CURRENT, SYSQ_CPUF_MIN, SYSQ_CPUF_MAX, SYSQ_CPUF__COUNT };
struct sysq_cpu_freq {
	uint64_t have[1];
	double current, min, max; /* MHz */
};
extern const struct sysq_table sysq_cpu_freq_table;
/* The system-wide figure (mean current, and min/max of the CPUs) and, when
 * percpu is not NULL, one entry per CPU (free with free()). */
int sysq_cpu_freq(sysq_ctx *ctx, struct sysq_cpu_freq *out,
		  struct sysq_cpu_freq **percpu, size_t *ncpu);

/* getloadavg from /proc/loadavg */
int sysq_getloadavg(sysq_ctx *ctx, double load[3]);

/* ---- system -------------------------------------------------------- */

/* Boot time in epoch seconds (/proc/stat btime). */
int sysq_boot_time(sysq_ctx *ctx, uint64_t *btime);
/* Seconds since boot and the summed idle time of all CPUs (/proc/uptime). */
int sysq_uptime(sysq_ctx *ctx, double *up, double *idle);
/* /proc/sys/kernel/pid_max: one more than the largest PID */
int sysq_pid_max(sysq_ctx *ctx, uint64_t *pid_max);

#define SYSQ_USER_NAME_MAX 32
#define SYSQ_USER_TERM_MAX 32
#define SYSQ_USER_HOST_MAX 256

enum sysq_user_field {
	SYSQ_USER_NAME, SYSQ_USER_TERMINAL, SYSQ_USER_HOST, SYSQ_USER_STARTED,
	SYSQ_USER_PID, SYSQ_USER__COUNT
};

/* One utmp record.  psutil's users() are the USER_PROCESS records; the other
 * record types (boot, run level, login, dead...) are kept for who -a. */
enum sysq_utmp_kind {
	SYSQ_UT_EMPTY, SYSQ_UT_RUN_LVL, SYSQ_UT_BOOT_TIME, SYSQ_UT_NEW_TIME,
	SYSQ_UT_OLD_TIME, SYSQ_UT_INIT_PROCESS, SYSQ_UT_LOGIN_PROCESS,
	SYSQ_UT_USER_PROCESS, SYSQ_UT_DEAD_PROCESS, SYSQ_UT_ACCOUNTING
};

struct sysq_user {
	uint64_t have[1];
	char name[SYSQ_USER_NAME_MAX + 1];
	char terminal[SYSQ_USER_TERM_MAX + 1];
	char host[SYSQ_USER_HOST_MAX + 1];
	double started; /* epoch seconds */
	int64_t pid;
	/* utmp detail beyond psutil, for who */
	enum sysq_utmp_kind kind;
	char id[5];
	int exit_termination, exit_status;
};
extern const struct sysq_table sysq_user_table;

struct sysq_users {
	struct sysq_user *v;
	size_t n;
	/* after SYSQ_EPARSE from a named file: why it is no utmp file
	 * (constant text, "a device, not a file of utmp records") */
	const char *invalid;
};

/* All records of <rootfs>/var/run/utmp (or `path`, when not NULL, taken
 * as is).  A missing utmp file is an empty list, not an error.  With
 * user_only, only USER_PROCESS records with a name (psutil's users()).
 * A named file is read a few records at a time, in memory that grows
 * only with the records kept (at most 1 GiB of them), and is checked:
 * a device, a directory, a size that is no whole number of records or
 * a record of no utmp type is SYSQ_EPARSE with out->invalid saying
 * which.  The system's own file keeps whole records and drops a part
 * at its end, as getutent(3) does. */
int sysq_users(sysq_ctx *ctx, const char *path, bool user_only, struct sysq_users *out);
void sysq_users_free(struct sysq_users *users);

/* A terminal line of utmp ("pts/3", or an absolute path), looked up as
 * dev/LINE under the rootfs: who's idle time and mesg state. */
struct sysq_tty {
	double atime;   /* last access, epoch seconds */
	bool writable;  /* group-writable: messages allowed */
};
int sysq_tty_stat(sysq_ctx *ctx, const char *line, struct sysq_tty *out);
/* Is the rootfs this system's own "/" (so utmp PIDs are live PIDs)? */
bool sysq_rootfs_is_host(sysq_ctx *ctx);

#include "sysq/proc.h"

#ifdef __cplusplus
}
#endif
#endif
