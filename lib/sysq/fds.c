/* Descriptors of finished reads, closed in batches.
 *
 * Reading a /proc file costs open, read and close; across 10,000 processes
 * the close is a third of the calls.  A descriptor libsysq has finished
 * with is queued instead, and the queue is closed with one close_range()
 * per run of consecutive numbers (the kernel hands out the lowest free
 * number, so the queue is nearly always one run).  The queue is emptied
 * when it is full, when an open fails for want of descriptors, at the end
 * of an iteration and when the context closes.  Only numbers libsysq
 * queued are ever closed: a descriptor the caller opened meanwhile, even
 * one between two of ours, splits the run and stays open. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sysq/internal.h"

#ifndef SYS_close_range
#define SYS_close_range 436 /* the same number on every architecture */
#endif

/* At most this many held at once, and never more than an eighth of the
 * soft limit on open files (the caller needs the rest). */
#define FDS_HELD_MAX 256

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static void close_run(sysq_ctx *ctx, int lo, int hi)
{
	if (lo < hi && !ctx->no_close_range &&
	    syscall(SYS_close_range, (unsigned)lo, (unsigned)hi, 0u) == 0)
		return;
	if (lo < hi && (errno == ENOSYS || errno == EPERM))
		ctx->no_close_range = true; /* old kernel, or a seccomp filter */
	for (int fd = lo; fd <= hi; fd++)
		close(fd);
}

void sysq_fds_flush(sysq_ctx *ctx)
{
	struct sysq_fds *q = &ctx->fds;
	size_t i = 0;

	if (q->n > 1)
		qsort(q->fd, q->n, sizeof(*q->fd), cmp_int);
	while (i < q->n) {
		size_t j = i;

		while (j + 1 < q->n && q->fd[j + 1] == q->fd[j] + 1)
			j++;
		close_run(ctx, q->fd[i], q->fd[j]);
		i = j + 1;
	}
	q->n = 0;
}

static size_t held_max(void)
{
	struct rlimit rl;
	rlim_t m = FDS_HELD_MAX;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur / 8 < m)
		m = rl.rlim_cur / 8;
	return (size_t)m;
}

void sysq_fd_done(sysq_ctx *ctx, int fd)
{
	struct sysq_fds *q = &ctx->fds;

	if (fd < 0)
		return;
	if (!q->cap) {
		q->cap = held_max();
		q->fd = q->cap ? malloc(q->cap * sizeof(*q->fd)) : NULL;
		if (!q->fd)
			q->cap = SIZE_MAX; /* no queue: close at once */
	}
	if (!q->fd) {
		close(fd);
		return;
	}
	q->fd[q->n++] = fd;
	if (q->n == q->cap)
		sysq_fds_flush(ctx);
}

int sysq_openat(sysq_ctx *ctx, int dirfd, const char *path, int flags)
{
	int fd = openat(dirfd, path, flags | O_CLOEXEC);

	/* out of descriptors while some are only waiting to be closed */
	if (fd < 0 && (errno == EMFILE || errno == ENFILE) && ctx->fds.n) {
		sysq_fds_flush(ctx);
		fd = openat(dirfd, path, flags | O_CLOEXEC);
	}
	return fd;
}

void sysq_fds_free(sysq_ctx *ctx)
{
	sysq_fds_flush(ctx);
	free(ctx->fds.fd);
	ctx->fds.fd = NULL;
	ctx->fds.cap = 0;
}
