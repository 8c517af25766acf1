/* The context: roots, their directory fds, the read buffer, per-run caches. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "sysq/internal.h"

static const char *const default_root[SYSQ_ROOT__COUNT] = {
	[SYSQ_ROOT_PROC] = "/proc",
	[SYSQ_ROOT_SYS] = "/sys",
	[SYSQ_ROOT_FS] = "/",
};

int sysq_open(sysq_ctx **out, const struct sysq_roots *roots)
{
	const char *want[SYSQ_ROOT__COUNT] = {
		[SYSQ_ROOT_PROC] = roots ? roots->procfs : NULL,
		[SYSQ_ROOT_SYS] = roots ? roots->sysfs : NULL,
		[SYSQ_ROOT_FS] = roots ? roots->rootfs : NULL,
	};
	sysq_ctx *ctx;

	*out = NULL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return SYSQ_ENOMEM;
	for (int r = 0; r < SYSQ_ROOT__COUNT; r++)
		ctx->dirfd[r] = -1;
	for (int r = 0; r < SYSQ_ROOT__COUNT; r++) {
		const char *path = want[r] && *want[r] ? want[r] : default_root[r];

		ctx->root[r] = strdup(path);
		if (!ctx->root[r]) {
			sysq_close(ctx);
			return SYSQ_ENOMEM;
		}
	}
	ctx->clk_tck = sysconf(_SC_CLK_TCK);
	if (ctx->clk_tck <= 0)
		ctx->clk_tck = 100;
	ctx->page_size = sysconf(_SC_PAGESIZE);
	if (ctx->page_size <= 0)
		ctx->page_size = 4096;
	*out = ctx;
	return SYSQ_OK;
}

void sysq_close(sysq_ctx *ctx)
{
	if (!ctx)
		return;
	sysq_fds_free(ctx);
	for (int r = 0; r < SYSQ_ROOT__COUNT; r++) {
		if (ctx->dirfd[r] >= 0)
			close(ctx->dirfd[r]);
		free(ctx->root[r]);
	}
	sysq_buf_free(&ctx->buf);
	free(ctx->users.v);
	free(ctx->groups.v);
	free(ctx);
}

int sysq_root_fd(sysq_ctx *ctx, enum sysq_root root)
{
	if (root < 0 || root >= SYSQ_ROOT__COUNT)
		return SYSQ_EINVAL;
	/* opened lazily: a tool pays only for the roots it reads */
	if (ctx->dirfd_err[root] == 0) {
		ctx->dirfd[root] = open(ctx->root[root], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		ctx->dirfd_err[root] = ctx->dirfd[root] < 0 ? sysq_errno_code(errno) : 1;
	}
	return ctx->dirfd[root] >= 0 ? ctx->dirfd[root] : ctx->dirfd_err[root];
}

bool sysq_root_is_procfs(sysq_ctx *ctx)
{
	const long proc_super_magic = 0x9fa0; /* linux/magic.h */
	struct statfs sf;
	int fd;

	if (ctx->procfs == 0) {
		fd = sysq_root_fd(ctx, SYSQ_ROOT_PROC);
		ctx->procfs = fd >= 0 && fstatfs(fd, &sf) == 0 && (long)sf.f_type == proc_super_magic ? 1 : -1;
	}
	return ctx->procfs > 0;
}

const char *sysq_root_path(const sysq_ctx *ctx, enum sysq_root root)
{
	if (!ctx || root < 0 || root >= SYSQ_ROOT__COUNT)
		return NULL;
	return ctx->root[root];
}
