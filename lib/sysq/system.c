/* boot_time, uptime, terminals. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sysq/parsers.h"

int sysq_parse_btime(const char *data, size_t len, uint64_t *btime)
{
	const char *p, *end, *line, *rest;
	size_t ll;

	p = data;
	end = data + len;
	while (sysq_next_line(&p, end, &line, &ll)) {
		if (sysq_key_is(line, ll, "btime", &rest))
			return sysq_parse_u64(&rest, btime);
	}
	return SYSQ_EPARSE;
}

int sysq_boot_time(sysq_ctx *ctx, uint64_t *btime)
{
	char *data;
	size_t len;
	int rc;

	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, "stat", &data, &len)) < 0)
		return rc;
	return sysq_parse_btime(data, len, btime);
}

int sysq_parse_uptime(const char *data, size_t len, double *up, double *idle)
{
	const char *p;
	double u, i;

	(void)len; /* the numbers stop at the NUL */
	p = data;
	if (sysq_parse_decimal(&p, &u) < 0 || sysq_parse_decimal(&p, &i) < 0)
		return SYSQ_EPARSE;
	if (up)
		*up = u;
	if (idle)
		*idle = i;
	return SYSQ_OK;
}

int sysq_uptime(sysq_ctx *ctx, double *up, double *idle)
{
	char *data;
	size_t len;
	int rc;

	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, "uptime", &data, &len)) < 0)
		return rc;
	return sysq_parse_uptime(data, len, up, idle);
}

int sysq_pid_max(sysq_ctx *ctx, uint64_t *pid_max)
{
	char *data;
	size_t len;
	int rc;

	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, "sys/kernel/pid_max", &data, &len)) < 0)
		return rc;
	return sysq_parse_sysfs_u64(data, len, pid_max);
}

int sysq_tty_stat(sysq_ctx *ctx, const char *line, struct sysq_tty *out)
{
	char rel[4096];
	struct stat st;
	bool absolute;

	if (!line || !*line)
		return SYSQ_EINVAL;
	/* an absolute line names its file; it is taken below the rootfs too */
	absolute = *line == '/';
	while (*line == '/')
		line++;
	if (snprintf(rel, sizeof(rel), "%s%s", absolute ? "" : "dev/", line) >= (int)sizeof(rel))
		return SYSQ_EINVAL;
	int fd = sysq_root_fd(ctx, SYSQ_ROOT_FS);

	if (fd < 0)
		return fd;
	if (fstatat(fd, rel, &st, 0) != 0)
		return sysq_errno_code(errno);
	out->atime = (double)st.st_atim.tv_sec;
	out->writable = (st.st_mode & S_IWGRP) != 0;
	return SYSQ_OK;
}

bool sysq_rootfs_is_host(sysq_ctx *ctx)
{
	struct stat a, b;

	int fd = sysq_root_fd(ctx, SYSQ_ROOT_FS);

	return fd >= 0 && fstat(fd, &a) == 0 &&
	       stat("/", &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}
