/* Processes as a set: the PIDs, iteration over them, and the per-run
 * caches the rows share (boot time, user names, terminal names). */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sysq/proc_internal.h"

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

/* <rootfs>/etc/passwd or etc/group, parsed once: "name:x:id:..." */
static void load_names(sysq_ctx *ctx, const char *file, struct sysq_idnames *t)
{
	const char *p, *end, *line;
	char *data;
	size_t len, ll, cap = 0;

	t->loaded = true;
	if (sysq_read(ctx, SYSQ_ROOT_FS, file, &data, &len) < 0)
		return;
	p = data;
	end = data + len;
	while (sysq_next_line(&p, end, &line, &ll)) {
		const char *c1 = memchr(line, ':', ll), *c2, *u;
		uint64_t id;

		if (!c1 || (size_t)(c1 - line) >= sizeof(t->v[0].name) || c1 == line)
			continue;
		c2 = memchr(c1 + 1, ':', (size_t)(line + ll - c1 - 1));
		if (!c2)
			continue;
		u = c2 + 1;
		if (sysq_parse_u64(&u, &id) < 0 || (u < line + ll && *u != ':') || id > UINT32_MAX)
			continue;
		if (t->n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct sysq_idname *v = realloc(t->v, ncap * sizeof(*v));

			if (!v)
				return;
			t->v = v;
			cap = ncap;
		}
		t->v[t->n].id = (uint32_t)id;
		memcpy(t->v[t->n].name, line, (size_t)(c1 - line));
		t->v[t->n].name[c1 - line] = '\0';
		t->n++;
	}
}

/* The name of an ID: the rootfs's file first (one read per run), then,
 * for the host's own root, the system's databases (NSS: LDAP and such);
 * else the number. */
static int id_name(sysq_ctx *ctx, bool group, int64_t id, char *buf, size_t n)
{
	struct sysq_idnames *t = group ? &ctx->groups : &ctx->users;

	if (!t->loaded)
		load_names(ctx, group ? "etc/group" : "etc/passwd", t);
	for (size_t i = 0; i < t->n; i++) {
		if ((int64_t)t->v[i].id == id) {
			snprintf(buf, n, "%s", t->v[i].name);
			return SYSQ_OK;
		}
	}
	if (id >= 0 && id <= UINT32_MAX && sysq_rootfs_is_host(ctx)) {
		char tmp[65536]; /* a group may list many members */

		if (group) {
			struct group gr, *res = NULL;

			if (getgrgid_r((gid_t)id, &gr, tmp, sizeof(tmp), &res) == 0 && res) {
				snprintf(buf, n, "%s", res->gr_name);
				return SYSQ_OK;
			}
		} else {
			struct passwd pw, *res = NULL;

			if (getpwuid_r((uid_t)id, &pw, tmp, sizeof(tmp), &res) == 0 && res) {
				snprintf(buf, n, "%s", res->pw_name);
				return SYSQ_OK;
			}
		}
	}
	snprintf(buf, n, "%lld", (long long)id);
	return SYSQ_ENOENT;
}

int sysq_user_name(sysq_ctx *ctx, int64_t uid, char *buf, size_t n) { return id_name(ctx, false, uid, buf, n); }
int sysq_group_name(sysq_ctx *ctx, int64_t gid, char *buf, size_t n) { return id_name(ctx, true, gid, buf, n); }

/* The ID of a name, from the same sources in the same order. */
static int name_id(sysq_ctx *ctx, bool group, const char *name, int64_t *id)
{
	struct sysq_idnames *t = group ? &ctx->groups : &ctx->users;

	if (!t->loaded)
		load_names(ctx, group ? "etc/group" : "etc/passwd", t);
	for (size_t i = 0; i < t->n; i++) {
		if (!strcmp(t->v[i].name, name)) {
			*id = t->v[i].id;
			return SYSQ_OK;
		}
	}
	if (sysq_rootfs_is_host(ctx)) {
		char tmp[65536]; /* a group may list many members */

		if (group) {
			struct group gr, *res = NULL;

			if (getgrnam_r(name, &gr, tmp, sizeof(tmp), &res) == 0 && res) {
				*id = res->gr_gid;
				return SYSQ_OK;
			}
		} else {
			struct passwd pw, *res = NULL;

			if (getpwnam_r(name, &pw, tmp, sizeof(tmp), &res) == 0 && res) {
				*id = res->pw_uid;
				return SYSQ_OK;
			}
		}
	}
	return SYSQ_ENOENT;
}

int sysq_user_id(sysq_ctx *ctx, const char *name, int64_t *uid) { return name_id(ctx, false, name, uid); }
int sysq_group_id(sysq_ctx *ctx, const char *name, int64_t *gid) { return name_id(ctx, true, name, gid); }

/* ---- pids ----------------------------------------------------------- */

int sysq_cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* A /proc entry name that is a PID ("123"), else -1. */
long sysq_name_pid(const char *s)
{
	uint64_t v;
	const char *p = s;

	if (*s < '1' || *s > '9' || sysq_parse_u64(&p, &v) < 0 || *p || v > INT32_MAX)
		return -1;
	return (long)v;
}

int sysq_dir_ids(sysq_ctx *ctx, int fd, uint64_t *count, pid_t **ids)
{
	char buf[32768];
	size_t cap = 0;
	int rc = SYSQ_OK;

	*count = 0;
	if (ids)
		*ids = NULL;
	for (;;) {
		long got = syscall(SYS_getdents64, fd, buf, sizeof(buf));

		if (got <= 0) {
			if (got < 0)
				rc = sysq_errno_code(errno);
			break;
		}
		for (long off = 0; off < got && rc == SYSQ_OK;) {
			struct {
				uint64_t ino;
				int64_t off;
				unsigned short reclen;
				unsigned char type;
				char name[];
			} *de = (void *)(buf + off);
			long id;

			off += de->reclen;
			if (de->name[0] == '.')
				continue;
			if (ids) {
				if ((id = sysq_name_pid(de->name)) < 0)
					continue;
				if (*count == cap) {
					size_t ncap = cap ? cap * 2 : 16;
					pid_t *v = realloc(*ids, ncap * sizeof(pid_t));

					if (!v) {
						rc = SYSQ_ENOMEM;
						break;
					}
					*ids = v;
					cap = ncap;
				}
				(*ids)[*count] = (pid_t)id;
			}
			(*count)++;
		}
		if (rc < 0)
			break;
	}
	sysq_fd_done(ctx, fd);
	if (rc < 0 && ids) {
		free(*ids);
		*ids = NULL;
		*count = 0;
	}
	return rc;
}

int sysq_pids(sysq_ctx *ctx, pid_t **pids, size_t *n)
{
	uint64_t count;
	int fd, rc;

	*pids = NULL;
	*n = 0;
	if ((fd = sysq_root_fd(ctx, SYSQ_ROOT_PROC)) < 0)
		return fd;
	/* a fresh descriptor: the root fd's offset is shared with openat users */
	if ((fd = sysq_openat(ctx, fd, ".", O_RDONLY | O_DIRECTORY)) < 0)
		return sysq_errno_code(errno);
	if ((rc = sysq_dir_ids(ctx, fd, &count, pids)) < 0)
		return rc;
	*n = (size_t)count;
	if (*n > 1)
		qsort(*pids, *n, sizeof(pid_t), sysq_cmp_pid);
	return SYSQ_OK;
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
