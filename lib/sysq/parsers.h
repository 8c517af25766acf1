/* The pure parsers of libsysq: the bytes of one kernel file in, the fields
 * of a struct and a status out.  No context, no I/O, no callbacks: what a
 * parser needs besides the bytes (clock ticks, page size, boot time) comes
 * as an argument.  The readers (proc.c, memory.c, cpu*.c, system.c,
 * users.c) decide what to read and call these; so do the unit tests and
 * the fuzz targets (tests/fuzz/).  Not part of the API.
 *
 * Every parser takes data[0..len) with data[len] == '\0', as every read of
 * libsysq leaves it (the number parsers stop at that NUL); the bytes may
 * hold other NULs.  Each fills only what it found and sets its
 * availability bits; 0 or a negative SYSQ_E* code. */
#ifndef SYSQ_PARSERS_H
#define SYSQ_PARSERS_H

#include "sysq/internal.h"

#define PF_KTHREAD_FLAG 0x00200000u /* include/linux/sched.h */

/* ---- /proc/PID files (proc_parse.c, proc_status.c) ------------------ */

/* What the process parsers need from the system, read once a run. */
struct sysq_proc_params {
	long clk_tck;         /* sysconf(_SC_CLK_TCK) */
	long page_size;       /* bytes, > 0 */
	bool have_boot_time;  /* btime of /proc/stat was read */
	uint64_t boot_time;   /* epoch seconds */
};

int sysq_parse_proc_stat(const char *data, size_t len, const struct sysq_proc_params *pp, struct sysq_proc *p);
/* need: SYSQ_PN_GROUPS makes the Groups line read too */
int sysq_parse_proc_status(const char *data, size_t len, unsigned need, struct sysq_proc *p);
int sysq_parse_proc_statm(const char *data, size_t len, const struct sysq_proc_params *pp, struct sysq_proc *p);
int sysq_parse_proc_cmdline(const char *data, size_t len, struct sysq_proc *p);
int sysq_parse_proc_environ(const char *data, size_t len, struct sysq_proc *p);
int sysq_parse_proc_io(const char *data, size_t len, struct sysq_proc *p);
int sysq_parse_proc_limits(const char *data, size_t len, struct sysq_proc *p);
/* smaps_rollup, or smaps (the same keys, one record per mapping) */
int sysq_parse_proc_smaps(const char *data, size_t len, struct sysq_proc *p);
int sysq_parse_proc_wchan(const char *data, size_t len, struct sysq_proc *p);
int sysq_parse_proc_cgroup(const char *data, size_t len, struct sysq_proc *p);
int sysq_parse_proc_label(const char *data, size_t len, struct sysq_proc *p);
int sysq_parse_proc_oom_score(const char *data, size_t len, struct sysq_proc *p);
int sysq_parse_proc_oom_score_adj(const char *data, size_t len, struct sysq_proc *p);
int sysq_parse_proc_loginuid(const char *data, size_t len, struct sysq_proc *p);
int sysq_parse_proc_autogroup(const char *data, size_t len, struct sysq_proc *p);
/* The target of ns/NAME, "NAME:[INODE]": buf[0..n), no NUL needed. */
int sysq_parse_ns_link(const char *name, const char *buf, size_t n, uint64_t *ino);

char *sysq_dup_range(const char *s, size_t n);
/* NUL-separated strings as one allocation: a NULL-terminated pointer
 * array followed by the bytes. */
char **sysq_split_nul(const char *data, size_t len, size_t *count);

/* ---- system files ----------------------------------------------------- */

/* The /proc/meminfo keys virtual_memory and swap_memory use (memory.c),
 * in the kernel's order (fs/proc/meminfo.c; MemShared and Inact_* are of
 * 2.4 kernels), which the parser expects first. */
enum sysq_mi {
	MI_MEMTOTAL, MI_MEMFREE, MI_MEMAVAILABLE, MI_MEMSHARED, MI_BUFFERS,
	MI_CACHED, MI_ACTIVE, MI_INACTIVE, MI_INACT_DIRTY, MI_INACT_LAUNDRY,
	MI_INACT_CLEAN, MI_ACTIVE_FILE, MI_INACTIVE_FILE, MI_HIGHTOTAL,
	MI_HIGHFREE, MI_LOWTOTAL, MI_LOWFREE, MI_SWAPTOTAL, MI_SWAPFREE,
	MI_SHMEM, MI_SLAB, MI_SRECLAIMABLE, MI_COMMITLIMIT, MI_COMMITTED_AS,
	MI__COUNT
};

struct sysq_meminfo {
	uint64_t have;          /* bit k: key k was read */
	uint64_t v[MI__COUNT];  /* bytes */
};

#define MI_HAS(m, k) (((m)->have >> (k)) & 1u)

int sysq_parse_meminfo(const char *data, size_t len, struct sysq_meminfo *m);
/* Sum of the zones' "low" watermarks, in pages. */
int sysq_parse_zoneinfo_low(const char *data, size_t len, uint64_t *pages);
/* pswpin, pswpout (pages): bit 0 and bit 1 of *found say which were read */
int sysq_parse_vmstat_swap(const char *data, size_t len, uint64_t *in, uint64_t *out, unsigned *found);
/* virtual_memory from meminfo; low_pages: the zoneinfo sum, or NULL when
 * it could not be read (the estimate of available then falls back) */
void sysq_vmem_from(const struct sysq_meminfo *m, const uint64_t *low_pages, long page_size, struct sysq_vmem *out);
/* Whether sysq_vmem_from would use zoneinfo (no usable MemAvailable). */
bool sysq_vmem_needs_low(const struct sysq_meminfo *m);

/* /proc/stat (cpu.c, system.c) */
int sysq_parse_cpu_snapshot(const char *data, size_t len, long clk_tck, struct sysq_cpu_snapshot *out);
int sysq_parse_cpu_stats(const char *data, size_t len, struct sysq_cpu_stats *out);
int sysq_parse_btime(const char *data, size_t len, uint64_t *btime);
int sysq_parse_loadavg(const char *data, size_t len, double load[3]);
int sysq_parse_uptime(const char *data, size_t len, double *up, double *idle);

/* /proc/cpuinfo (cpu_count.c, cpu_freq.c) */
uint64_t sysq_parse_cpuinfo_processors(const char *data, size_t len);
int sysq_parse_cpuinfo_cores(const char *data, size_t len, uint64_t *count);
/* the current MHz of each CPU, in file order; *out allocated */
int sysq_parse_cpuinfo_mhz(const char *data, size_t len, double **out, size_t *n);

/* sysfs and /proc/sys values (cpu_freq.c, cpu_count.c, system.c) */
/* one unsigned number alone on its line (kHz, a flag, pid_max) */
int sysq_parse_sysfs_u64(const char *data, size_t len, uint64_t *v);
/* the CPU numbers of a cpufreq affected_cpus list, in file order; *ids
 * allocated, NULL when there are none */
int sysq_parse_cpu_ids(const char *data, size_t len, unsigned **ids, size_t *n);
/* the text without the blanks and newlines around it (topology lists) */
const char *sysq_parse_sysfs_text(const char *data, size_t len, size_t *out);

/* etc/passwd, etc/group (procs.c): the names of "name:x:id:..." lines
 * added to t */
void sysq_parse_idnames(const char *data, size_t len, struct sysq_idnames *t);
/* /proc/tty/drivers (procs.c): the /dev name of terminal major:minor in
 * buf, or SYSQ_ENOENT */
int sysq_parse_tty_drivers(const char *data, size_t len, unsigned major, unsigned minor, char *buf, size_t n);

/* utmp records (users.c): an array of native struct utmp */
int sysq_parse_utmp(const char *data, size_t len, bool user_only, struct sysq_users *out);

#endif
