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

static struct sysq_idname *add_name(struct sysq_idnames *t, uint32_t id, const char *name, size_t len, bool known)
{
	if (len >= sizeof(t->v[0].name))
		return NULL;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct sysq_idname *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n].id = id;
	t->v[t->n].known = known;
	memcpy(t->v[t->n].name, name, len);
	t->v[t->n].name[len] = '\0';
	return &t->v[t->n++];
}

/* etc/passwd or etc/group: "name:x:id:..." */
void sysq_parse_idnames(const char *data, size_t len, struct sysq_idnames *t)
{
	const char *p, *end, *line;
	size_t ll;

	p = data;
	end = data + len;
	while (sysq_next_line(&p, end, &line, &ll)) {
		const char *c1 = memchr(line, ':', ll), *c2, *u;
		uint64_t id;

		if (!c1 || c1 == line)
			continue;
		c2 = memchr(c1 + 1, ':', (size_t)(line + ll - c1 - 1));
		if (!c2)
			continue;
		u = c2 + 1;
		if (sysq_parse_u64(&u, &id) < 0 || (u < line + ll && *u != ':') || id > UINT32_MAX)
			continue;
		add_name(t, (uint32_t)id, line, (size_t)(c1 - line), true);
	}
}

/* <rootfs>/etc/passwd or etc/group, parsed once */
static struct sysq_idnames *names(sysq_ctx *ctx, bool group)
{
	struct sysq_idnames *t = group ? &ctx->groups : &ctx->users;
	char *data;
	size_t len;

	if (t->loaded)
		return t;
	t->loaded = true;
	if (sysq_read(ctx, SYSQ_ROOT_FS, group ? "etc/group" : "etc/passwd", &data, &len) == 0)
		sysq_parse_idnames(data, len, t);
	return t;
}

/* The system's databases (NSS: LDAP and such), for the host's own root
 * only: by ID (name NULL) or by name; the name found in out */
static bool nss_lookup(sysq_ctx *ctx, bool group, int64_t id, const char *name, char *out, size_t n, int64_t *idout)
{
	char tmp[65536]; /* a group may list many members */

	if (!sysq_rootfs_is_host(ctx) || (!name && (id < 0 || id > UINT32_MAX)))
		return false;
	if (group) {
		struct group gr, *res = NULL;

		if ((name ? getgrnam_r(name, &gr, tmp, sizeof(tmp), &res) : getgrgid_r((gid_t)id, &gr, tmp, sizeof(tmp), &res)) ||
		    !res)
			return false;
		snprintf(out, n, "%s", res->gr_name);
		*idout = res->gr_gid;
	} else {
		struct passwd pw, *res = NULL;

		if ((name ? getpwnam_r(name, &pw, tmp, sizeof(tmp), &res) : getpwuid_r((uid_t)id, &pw, tmp, sizeof(tmp), &res)) ||
		    !res)
			return false;
		snprintf(out, n, "%s", res->pw_name);
		*idout = res->pw_uid;
	}
	return true;
}

/* The name of an ID: the rootfs's file first (one read per run), then the
 * system's databases, else the number; each answer is kept. */
static int id_name(sysq_ctx *ctx, bool group, int64_t id, char *buf, size_t n)
{
	struct sysq_idnames *t = names(ctx, group);
	const struct sysq_idname *e = NULL;
	char name[sizeof(t->v[0].name)];
	int64_t found;
	bool known;

	if (t->last < t->n && (int64_t)t->v[t->last].id == id)
		e = &t->v[t->last];
	for (size_t i = 0; !e && i < t->n; i++)
		if ((int64_t)t->v[i].id == id) {
			e = &t->v[i];
			t->last = i;
		}
	if (!e && id >= 0 && id <= UINT32_MAX) {
		known = nss_lookup(ctx, group, id, NULL, name, sizeof(name), &found);
		if (!known)
			snprintf(name, sizeof(name), "%lld", (long long)id);
		e = add_name(t, (uint32_t)id, name, strlen(name), known);
	}
	if (!e) {
		snprintf(buf, n, "%lld", (long long)id);
		return SYSQ_ENOENT;
	}
	snprintf(buf, n, "%s", e->name);
	return e->known ? SYSQ_OK : SYSQ_ENOENT;
}

int sysq_user_name(sysq_ctx *ctx, int64_t uid, char *buf, size_t n) { return id_name(ctx, false, uid, buf, n); }
int sysq_group_name(sysq_ctx *ctx, int64_t gid, char *buf, size_t n) { return id_name(ctx, true, gid, buf, n); }

/* The ID of a name, from the same sources in the same order. */
static int name_id(sysq_ctx *ctx, bool group, const char *name, int64_t *id)
{
	struct sysq_idnames *t = names(ctx, group);
	char found[sizeof(t->v[0].name)];

	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].known && !strcmp(t->v[i].name, name)) {
			*id = t->v[i].id;
			return SYSQ_OK;
		}
	}
	return nss_lookup(ctx, group, -1, name, found, sizeof(found), id) ? SYSQ_OK : SYSQ_ENOENT;
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

static int tty_from_drivers(sysq_ctx *ctx, unsigned major, unsigned minor, char *buf, size_t n);

int sysq_tty_name(sysq_ctx *ctx, int64_t tty_nr, char *buf, size_t n)
{
	/* the kernel's new_encode_dev() layout */
	uint64_t dev = (uint64_t)tty_nr;
	unsigned major = (unsigned)((dev >> 8) & 0xfff);
	unsigned minor = (unsigned)((dev & 0xff) | ((dev >> 12) & 0xfff00));
	char name[sizeof(ctx->ttys[0].name)];
	int rc;

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
	/* found in tty/drivers for an earlier row */
	for (size_t i = 0; i < ctx->nttys; i++)
		if (ctx->ttys[i].tty_nr == tty_nr) {
			snprintf(buf, n, "%s", ctx->ttys[i].name);
			return ctx->ttys[i].rc;
		}
	rc = tty_from_drivers(ctx, major, minor, name, sizeof(name));
	if (ctx->nttys < sizeof(ctx->ttys) / sizeof(ctx->ttys[0])) {
		struct sysq_ttyname *t = &ctx->ttys[ctx->nttys++];

		t->tty_nr = tty_nr;
		t->rc = rc;
		snprintf(t->name, sizeof(t->name), "%s", name);
	}
	snprintf(buf, n, "%s", name);
	return rc;
}

static int tty_from_drivers(sysq_ctx *ctx, unsigned major, unsigned minor, char *buf, size_t n)
{
	char *data;
	size_t len;

	snprintf(buf, n, "?");
	if (sysq_read(ctx, SYSQ_ROOT_PROC, "tty/drivers", &data, &len) < 0)
		return SYSQ_ENOENT;
	return sysq_parse_tty_drivers(data, len, major, minor, buf, n);
}

/* "name  /dev/path  major  minor[-minor]  type" */
int sysq_parse_tty_drivers(const char *data, size_t len, unsigned major, unsigned minor, char *buf, size_t n)
{
	const char *p, *end, *line;
	size_t ll;

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
