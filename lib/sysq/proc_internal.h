/* The process layer's internals, shared by proc.c (reads by request),
 * proc_files.c (one parser per /proc/PID file) and procs.c (listing,
 * iteration, user and terminal names).  Not part of the API. */
#ifndef SYSQ_PROC_INTERNAL_H
#define SYSQ_PROC_INTERNAL_H

#include "sysq/internal.h"

#define PF_KTHREAD_FLAG 0x00200000u /* include/linux/sched.h */

/* One read of one process (or thread) in progress. */
struct reader {
	sysq_ctx *ctx;
	pid_t pid;
	int procfd;   /* the procfs root */
	int pfd;      /* /proc/PID (O_PATH), or -1 when one file is enough */
	char dir[32]; /* "PID", or "PID/task/TID" */
};

/* Read /proc/PID/<file> into the context buffer; once: a file of one
 * record (all but smaps), see sysq_read_fd_once. */
int sysq_rd_file(struct reader *r, const char *file, char **data, size_t *len, bool once);
static inline int sysq_rd(struct reader *r, const char *file, char **data, size_t *len)
{
	return sysq_rd_file(r, file, data, len, true);
}
char *sysq_dup_range(const char *s, size_t n);
/* NUL-separated strings as one allocation: a NULL-terminated pointer
 * array followed by the bytes. */
char **sysq_split_nul(const char *data, size_t len, size_t *count);

/* The parsers (proc_files.c): each fills the fields of its file and sets
 * their availability bits; 0 or a SYSQ_E* code. */
int sysq_rd_stat(struct reader *r, struct sysq_proc *p);
int sysq_rd_status(struct reader *r, struct sysq_proc *p, unsigned need);
int sysq_rd_statm(struct reader *r, struct sysq_proc *p);
int sysq_rd_strv(struct reader *r, const char *file, char ***out, size_t *count, int idx, struct sysq_proc *p);
int sysq_rd_link(struct reader *r, const char *file, char **out, int idx, struct sysq_proc *p);
int sysq_rd_io(struct reader *r, struct sysq_proc *p);
/* Entries of a directory below the process (fd/, task/), "." and ".."
 * left out; with ids, their numbers too. */
int sysq_rd_dir(struct reader *r, const char *sub, uint64_t *count, pid_t **ids);
int sysq_rd_text(struct reader *r, const char *file, char **out, int idx, struct sysq_proc *p);
int sysq_rd_limits(struct reader *r, struct sysq_proc *p);
int sysq_rd_smaps(struct reader *r, struct sysq_proc *p);
int sysq_rd_wchan(struct reader *r, struct sysq_proc *p);
/* A file of one decimal integer (oom_score, oom_score_adj). */
int sysq_rd_int(struct reader *r, const char *file, int64_t *out, int idx, struct sysq_proc *p);
int sysq_rd_loginuid(struct reader *r, struct sysq_proc *p);
int sysq_rd_autogroup(struct reader *r, struct sysq_proc *p);
int sysq_rd_ns(struct reader *r, struct sysq_proc *p);

/* The entries of the open directory fd (which it takes: done with it),
 * "." and ".." and other dot names left out; with ids, only numeric names,
 * their numbers in *ids (allocated) and their count in *count. */
int sysq_dir_ids(sysq_ctx *ctx, int fd, uint64_t *count, pid_t **ids);
/* A /proc entry name that is a PID ("123"), else -1. */
long sysq_name_pid(const char *s);
/* qsort order of pid_t */
int sysq_cmp_pid(const void *a, const void *b);

#endif
