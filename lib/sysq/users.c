/* users: the records of the utmp file (who is logged in, boot, run level,
 * dead processes), parsed as an array of native struct utmp records.  No
 * getutent(3): it keeps its place in hidden global state. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
#define UTMP_RECORDS_AT_ONCE 64

/* An EMPTY slot holds no one and no event: no list shows it, and a file
 * of zeros (a pipe from /dev/zero) then costs no memory. */
static bool keep_record(const struct utmp *ut, bool user_only)
{
	if (user_only)
		return ut->ut_type == USER_PROCESS && ut->ut_user[0] != '\0';
	return ut->ut_type != EMPTY;
}

/* the record size the messages name */
_Static_assert(sizeof(struct utmp) == 384, "struct utmp is 384 bytes on Linux");

static int not_utmp(struct sysq_users *out, const char *why)
{
	out->invalid = why;
	return SYSQ_EPARSE;
}

/* Take the nrec whole records at data (no alignment promised: each is
 * copied out): those a listing shows go to out, grown as needed; strict
 * (a file the caller named): a record of no utmp type is an error. */
static int take_records(const char *data, size_t nrec, bool user_only, bool strict, struct sysq_users *out,
			size_t *cap)
{
	for (size_t i = 0; i < nrec; i++) {
		struct utmp ut;

		memcpy(&ut, data + i * sizeof(ut), sizeof(ut));
		if (strict && (ut.ut_type < EMPTY || ut.ut_type > ACCOUNTING))
			return not_utmp(out, "a record has no utmp record type");
		if (!keep_record(&ut, user_only))
			continue;
		if (out->n == *cap) {
			size_t ncap = *cap ? *cap * 2 : 16;
			struct sysq_user *nv = reallocarray(out->v, ncap, sizeof(*nv));

			if (!nv)
				return SYSQ_ENOMEM;
			out->v = nv;
			*cap = ncap;
		}
		memset(&out->v[out->n], 0, sizeof(out->v[0]));
		user_from_utmp(&out->v[out->n++], &ut);
	}
	return SYSQ_OK;
}

/* Records of an open file named by the caller, read a few at a time (a
 * fixed buffer, so /dev/zero or a pipe that never ends cannot grow it);
 * what is kept grows only with the records themselves, up to
 * UTMP_READ_MAX.  A file that is not one is an error, not an empty or
 * half-read list: a device, a size that is no whole number of records, a
 * record of no utmp type. */
static int read_records(int fd, bool user_only, struct sysq_users *out)
{
	struct utmp recs[UTMP_RECORDS_AT_ONCE];
	size_t have = 0, total = 0, cap = 0;
	struct stat st;
	int rc;

	if (fstat(fd, &st) < 0)
		return sysq_errno_code(errno);
	if (S_ISDIR(st.st_mode))
		return not_utmp(out, "a directory");
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		return not_utmp(out, "a device, not a file of utmp records");
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > UTMP_READ_MAX)
		return not_utmp(out, "larger than 1 GiB, the most read of a utmp file");
	if (S_ISREG(st.st_mode) && st.st_size % (off_t)sizeof(struct utmp))
		return not_utmp(out, "its size is no whole number of 384-byte utmp records");
	for (;;) {
		ssize_t r = read(fd, (char *)recs + have, sizeof(recs) - have);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return sysq_errno_code(errno);
		if (r == 0)
			break;
		have += (size_t)r;
		total += (size_t)r;
		if (total > UTMP_READ_MAX)
			return not_utmp(out, "more than 1 GiB, the most read of a utmp file");
		/* whole records only; a part waits for the rest */
		if ((rc = take_records((const char *)recs, have / sizeof(recs[0]), user_only, true, out, &cap)) < 0)
			return rc;
		if (have % sizeof(recs[0]))
			memmove(recs, (char *)recs + have - have % sizeof(recs[0]), have % sizeof(recs[0]));
		have %= sizeof(recs[0]);
	}
	if (have)
		return not_utmp(out, "its size is no whole number of 384-byte utmp records");
	return SYSQ_OK;
}

/* Read a file named by the caller (absolute, or relative to the current
 * directory), as read_records. */
static int read_path(const char *path, bool user_only, struct sysq_users *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY), rc;

	if (fd < 0)
		return sysq_errno_code(errno);
	rc = read_records(fd, user_only, out);
	close(fd);
	return rc;
}

int sysq_parse_utmp(const char *data, size_t len, bool user_only, struct sysq_users *out)
{
	size_t cap = 0;
	int rc;

	out->v = NULL;
	out->n = 0;
	/* a partial record at the end (a file being written) is ignored */
	if ((rc = take_records(data, len / sizeof(struct utmp), user_only, false, out, &cap)) < 0)
		sysq_users_free(out);
	return rc;
}

int sysq_users(sysq_ctx *ctx, const char *path, bool user_only, struct sysq_users *out)
{
	struct sysq_buf buf = { 0 };
	int rc;

	if (!out)
		return SYSQ_EINVAL;
	out->v = NULL;
	out->n = 0;
	out->invalid = NULL;
	if (!ctx && !path)
		return SYSQ_EINVAL;
	if (path) {
		rc = read_path(path, user_only, out);
	} else {
		rc = sysq_read_buf(ctx, SYSQ_ROOT_FS, "var/run/utmp", &buf);
		if (rc == SYSQ_ENOENT)
			rc = sysq_read_buf(ctx, SYSQ_ROOT_FS, "run/utmp", &buf);
		if (rc == SYSQ_OK)
			rc = sysq_parse_utmp(buf.data, buf.len, user_only, out);
	}
	if (rc == SYSQ_ENOENT)
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
