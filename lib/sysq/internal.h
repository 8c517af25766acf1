/* libsysq internals shared by the metric modules; not part of the API. */
#ifndef SYSQ_INTERNAL_H
#define SYSQ_INTERNAL_H

#include "sysq/sysq.h"

/* One row of a field table: [idx] = { name, type, unit, offsetof(st, name),
 * group, source, help }.  The member and the psutil name are the same. */
#define SYSQ_FIELD(st, idx, nm, ty, un, grp, src, hlp) \
	[idx] = { .name = #nm, .type = ty, .unit = un, .offset = offsetof(st, nm), \
		  .group = grp, .source = src, .help = hlp }

/* A growable byte buffer owned by the context and reused between reads. */
struct sysq_buf {
	char *data;
	size_t len;  /* bytes of the last read, data[len] == '\0' */
	size_t cap;
};

/* Descriptors of finished reads waiting to be closed in one call (fds.c). */
struct sysq_fds {
	int *fd;
	size_t n, cap;
};

/* IDs and their names, read once from a "name:x:id:..." file; what the
 * system's databases answered for the others (a name, or none) is added
 * as it is asked, so each ID is looked up once a run */
struct sysq_idnames {
	struct sysq_idname {
		uint32_t id;
		bool known;  /* false: no name anywhere (the number is shown) */
		char name[256];
	} *v;
	size_t n, cap;
	size_t last;     /* the entry found last: rows come in runs of one user */
	bool loaded;
};

/* A terminal name found in /proc/tty/drivers, kept for the next row. */
struct sysq_ttyname {
	int64_t tty_nr;
	int rc;
	char name[160]; /* a /dev path of tty/drivers (127) and a number */
};

struct sysq_ctx {
	char *root[SYSQ_ROOT__COUNT];
	int dirfd[SYSQ_ROOT__COUNT];  /* opened on first use (sysq_root_fd) */
	int dirfd_err[SYSQ_ROOT__COUNT]; /* 0 until tried; then 1 or a SYSQ_E* */
	struct sysq_buf buf;          /* the read buffer */
	struct sysq_fds fds;          /* closed in batches */
	bool no_close_range;          /* close_range() refused: close one by one */
	int procfs;                   /* the proc root: 0 not tried, 1 procfs, -1 not */
	long clk_tck;
	long page_size;
	/* per-run caches */
	int have_boot;               /* 0 not tried, 1 known, <0 SYSQ_E* */
	uint64_t boot_time;
	struct sysq_idnames users;   /* uid -> name, from <rootfs>/etc/passwd */
	struct sysq_idnames groups;  /* gid -> name, from <rootfs>/etc/group */
	struct sysq_ttyname ttys[8]; /* terminals found in tty/drivers */
	size_t nttys;
};

/* Cached boot time (btime of /proc/stat). */
int sysq_cached_boot_time(sysq_ctx *ctx, uint64_t *bt);

/* Whether the proc root is a procfs (statfs), not a captured tree. */
bool sysq_root_is_procfs(sysq_ctx *ctx);

/* The directory fd of a root, opened on first use; or a SYSQ_E* code. */
int sysq_root_fd(sysq_ctx *ctx, enum sysq_root root);

/* openat() with O_CLOEXEC; when descriptors ran out and some are only
 * waiting to be closed, close those and try once more. */
int sysq_openat(sysq_ctx *ctx, int dirfd, const char *path, int flags);
/* Done with fd: queue it to be closed with others (or close it now). */
void sysq_fd_done(sysq_ctx *ctx, int fd);
/* Close every queued descriptor now (end of an iteration). */
void sysq_fds_flush(sysq_ctx *ctx);
void sysq_fds_free(sysq_ctx *ctx);

/* Largest file we agree to read whole (hostile roots can serve anything). */
#define SYSQ_READ_MAX ((size_t)64 << 20)

/* Read a whole file `rel` (relative, no leading '/') below a root into the
 * context buffer; *data points into it until the next read.  The data is
 * NUL-terminated; embedded NULs are the caller's concern. */
int sysq_read(sysq_ctx *ctx, enum sysq_root root, const char *rel, char **data, size_t *len);
/* Read into a caller-owned buffer instead (when two files are needed at
 * once). */
int sysq_read_buf(sysq_ctx *ctx, enum sysq_root root, const char *rel, struct sysq_buf *buf);
/* Read an open fd to its end into buf (at most max bytes), NUL-terminated. */
int sysq_read_fd(int fd, struct sysq_buf *buf, size_t max);
/* the same for a file of one record, made whole by each read: stops at the
 * first short read (not for files of many records: maps, smaps, net/tcp) */
int sysq_read_fd_once(int fd, struct sysq_buf *buf, size_t max);
void sysq_buf_free(struct sysq_buf *buf);
/* Map an errno value to a SYSQ_E* code. */
int sysq_errno_code(int err);

/* ---- strict parsers (parse.c) --------------------------------------- *
 * Each parses one number at *p, skipping leading blanks (space, tab), and
 * advances *p past it.  Overflow is an error (SYSQ_EPARSE), never a wrap. */
int sysq_parse_u64(const char **p, uint64_t *out);
int sysq_parse_i64(const char **p, int64_t *out);
/* A decimal with an optional fraction ("123.45"), as in /proc/uptime. */
int sysq_parse_decimal(const char **p, double *out);
/* The next line of [*p, end): returns its start and length (no '\n') and
 * advances *p; false at the end. */
bool sysq_next_line(const char **p, const char *end, const char **line, size_t *len);
/* Does the line start with the word `key` followed by a blank or ':'?  On
 * true, *rest points after the key. */
bool sysq_key_is(const char *line, size_t len, const char *key, const char **rest);

/* A key of a "Key: value" file, and its length (compared first). */
struct sysq_key {
	const char *name;
	size_t len;
};
#define SYSQ_KEY(k) { k, sizeof(k) - 1 }
/* The index of the key k[0..len) in a table of n rows of `stride` bytes,
 * each starting with its struct sysq_key, or -1.  The search starts at
 * *next and wraps; on a match *next is the row after it, so the keys of a
 * file that lists them in the table's order are found at the first try. */
int sysq_key_find(const struct sysq_key *rows, size_t stride, int n, const char *k, size_t len, int *next);

/* Percentage used/total*100 rounded to one decimal, as psutil; 0 if total 0. */
double sysq_percent(double used, double total);
double sysq_round1(double v);

#endif
