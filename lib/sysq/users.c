/* users: the records of the utmp file (who is logged in, boot, run level,
 * dead processes), parsed as an array of native struct utmp records.  No
 * getutent(3): it keeps its place in hidden global state. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utmp.h>

#include "sysq/parsers.h"

#define F SYSQ_FIELD
static const struct sysq_field user_fields[SYSQ_USER__COUNT] = {
	F(struct sysq_user, SYSQ_USER_NAME, name, SYSQ_T_STR, SYSQ_U_NONE, 0, "utmp ut_user", "login name"),
	F(struct sysq_user, SYSQ_USER_TERMINAL, terminal, SYSQ_T_STR, SYSQ_U_NONE, 0, "utmp ut_line", "tty or pseudo-tty, null if none"),
	F(struct sysq_user, SYSQ_USER_HOST, host, SYSQ_T_STR, SYSQ_U_NONE, 0, "utmp ut_host", "remote host or X display, empty if none"),
	F(struct sysq_user, SYSQ_USER_STARTED, started, SYSQ_T_DOUBLE, SYSQ_U_EPOCH, 0, "utmp ut_tv.tv_sec", "time of the login"),
	F(struct sysq_user, SYSQ_USER_PID, pid, SYSQ_T_I64, SYSQ_U_PID, 0, "utmp ut_pid", "PID of the login process (sshd, login, tmux...)"),
};
const struct sysq_table sysq_user_table = { "users", user_fields, SYSQ_USER__COUNT };

/* The fields are not NUL-terminated when full: copy at most the field. */
#define COPY_FIELD(dst, src) copy_field(dst, sizeof(dst), src, sizeof(src))

static void copy_field(char *dst, size_t dstsz, const char *src, size_t srcsz)
{
	size_t n = strnlen(src, srcsz);

	if (n >= dstsz)
		n = dstsz - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static enum sysq_utmp_kind utmp_kind(short type)
{
	switch (type) {
	case RUN_LVL: return SYSQ_UT_RUN_LVL;
	case BOOT_TIME: return SYSQ_UT_BOOT_TIME;
	case NEW_TIME: return SYSQ_UT_NEW_TIME;
	case OLD_TIME: return SYSQ_UT_OLD_TIME;
	case INIT_PROCESS: return SYSQ_UT_INIT_PROCESS;
	case LOGIN_PROCESS: return SYSQ_UT_LOGIN_PROCESS;
	case USER_PROCESS: return SYSQ_UT_USER_PROCESS;
	case DEAD_PROCESS: return SYSQ_UT_DEAD_PROCESS;
	case ACCOUNTING: return SYSQ_UT_ACCOUNTING;
	default: return SYSQ_UT_EMPTY; /* EMPTY, or a type we do not know */
	}
}

static void user_from_utmp(struct sysq_user *u, const struct utmp *ut)
{
	memset(u, 0, sizeof(*u));
	COPY_FIELD(u->name, ut->ut_user);
	COPY_FIELD(u->terminal, ut->ut_line);
	COPY_FIELD(u->host, ut->ut_host);
	COPY_FIELD(u->id, ut->ut_id);
	/* psutil: the whole seconds of ut_tv */
	u->started = (double)ut->ut_tv.tv_sec;
	u->pid = ut->ut_pid;
	u->kind = utmp_kind(ut->ut_type);
	u->exit_termination = ut->ut_exit.e_termination;
	u->exit_status = ut->ut_exit.e_exit;
	SYSQ_SET(u, SYSQ_USER_NAME);
	if (u->terminal[0]) /* psutil: None when there is no tty */
		SYSQ_SET(u, SYSQ_USER_TERMINAL);
	SYSQ_SET(u, SYSQ_USER_HOST);
	SYSQ_SET(u, SYSQ_USER_STARTED);
	SYSQ_SET(u, SYSQ_USER_PID);
}

/* A file named by the caller may be a wtmp of years of logins: allow more
 * than SYSQ_READ_MAX, but still bound it. */
#define UTMP_READ_MAX ((size_t)1 << 30)

/* Read a file named by the caller (absolute, or relative to the current
 * directory) whole into buf. */
static int read_path(const char *path, struct sysq_buf *buf)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY), rc;

	if (fd < 0)
		return sysq_errno_code(errno);
	rc = sysq_read_fd(fd, buf, UTMP_READ_MAX);
	close(fd);
	return rc;
}

int sysq_parse_utmp(const char *data, size_t len, bool user_only, struct sysq_users *out)
{
	/* a partial record at the end (a file being written) is ignored */
	size_t nrec = len / sizeof(struct utmp);

	out->v = NULL;
	out->n = 0;

	if (nrec == 0)
		return SYSQ_OK;
	out->v = calloc(nrec, sizeof(*out->v));
	if (!out->v)
		return SYSQ_ENOMEM;
	for (size_t i = 0; i < nrec; i++) {
		struct utmp ut;

		/* the buffer gives no alignment promise: copy the record out */
		memcpy(&ut, data + i * sizeof(ut), sizeof(ut));
		if (user_only && (ut.ut_type != USER_PROCESS || ut.ut_user[0] == '\0'))
			continue;
		user_from_utmp(&out->v[out->n++], &ut);
	}
	return SYSQ_OK;
}

int sysq_users(sysq_ctx *ctx, const char *path, bool user_only, struct sysq_users *out)
{
	struct sysq_buf buf = { 0 };
	int rc;

	if (!out)
		return SYSQ_EINVAL;
	out->v = NULL;
	out->n = 0;
	if (!ctx && !path)
		return SYSQ_EINVAL;
	if (path) {
		rc = read_path(path, &buf);
	} else {
		rc = sysq_read_buf(ctx, SYSQ_ROOT_FS, "var/run/utmp", &buf);
		if (rc == SYSQ_ENOENT)
			rc = sysq_read_buf(ctx, SYSQ_ROOT_FS, "run/utmp", &buf);
	}
	if (rc == SYSQ_OK)
		rc = sysq_parse_utmp(buf.data, buf.len, user_only, out);
	else if (rc == SYSQ_ENOENT)
		rc = SYSQ_OK; /* no utmp: nobody is logged in */
	sysq_buf_free(&buf);
	if (rc < 0)
		sysq_users_free(out);
	return rc;
}

void sysq_users_free(struct sysq_users *users)
{
	if (!users)
		return;
	free(users->v);
	users->v = NULL;
	users->n = 0;
}
