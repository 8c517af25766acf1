/* users (utmp records) on fixture trees made by tests/helpers/mkutmp from
 * the utmp.spec beside each one; the expected values are read off the
 * specs. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utmp.h>

#include "unit.h"

static void load(const char *fixture, const char *path, bool user_only, struct sysq_users *u, int want_rc)
{
	sysq_ctx *ctx = unit_ctx(fixture);

	assert_int_equal(sysq_users(ctx, path, user_only, u), want_rc);
	sysq_close(ctx);
}

static void check_user(const struct sysq_user *u, const char *name, const char *term, const char *host,
		       double started, int64_t pid)
{
	assert_string_equal(u->name, name);
	assert_string_equal(u->terminal, term);
	assert_string_equal(u->host, host);
	assert_true(u->started == started);
	assert_true(u->pid == pid);
	assert_int_equal(u->kind, SYSQ_UT_USER_PROCESS);
	assert_true(SYSQ_HAVE(u, SYSQ_USER_NAME) && SYSQ_HAVE(u, SYSQ_USER_TERMINAL) &&
		    SYSQ_HAVE(u, SYSQ_USER_HOST) && SYSQ_HAVE(u, SYSQ_USER_STARTED) &&
		    SYSQ_HAVE(u, SYSQ_USER_PID));
}

/* Every record of utmp-basic, in file order, with its kind. */
static void basic_all(void **state)
{
	static const enum sysq_utmp_kind kinds[] = {
		SYSQ_UT_BOOT_TIME, SYSQ_UT_RUN_LVL, SYSQ_UT_INIT_PROCESS, SYSQ_UT_LOGIN_PROCESS,
		SYSQ_UT_USER_PROCESS, SYSQ_UT_USER_PROCESS, SYSQ_UT_USER_PROCESS, SYSQ_UT_USER_PROCESS,
		SYSQ_UT_USER_PROCESS, SYSQ_UT_DEAD_PROCESS, SYSQ_UT_DEAD_PROCESS, SYSQ_UT_OLD_TIME,
		SYSQ_UT_NEW_TIME,
	};
	struct sysq_users u;

	(void)state;
	load("utmp-basic", NULL, false, &u, 0);
	assert_int_equal(u.n, sizeof(kinds) / sizeof(kinds[0]));
	for (size_t i = 0; i < u.n; i++)
		assert_int_equal(u.v[i].kind, kinds[i]);

	/* BOOT_TIME reboot ~ 6.1.0-18-amd64 0 1700000000 ~~ */
	assert_string_equal(u.v[0].name, "reboot");
	assert_string_equal(u.v[0].terminal, "~");
	assert_string_equal(u.v[0].host, "6.1.0-18-amd64");
	assert_true(u.v[0].started == 1700000000.0);
	assert_true(u.v[0].pid == 0);
	assert_string_equal(u.v[0].id, "~~");
	/* RUN_LVL: the level is in ut_pid, 'N' * 256 + '5' */
	assert_true(u.v[1].pid == 'N' * 256 + '5');
	/* LOGIN_PROCESS LOGIN ttyQ2 - 602 1700000011 Q2 */
	assert_string_equal(u.v[3].name, "LOGIN");
	assert_string_equal(u.v[3].terminal, "ttyQ2");
	assert_true(u.v[3].pid == 602);
	assert_string_equal(u.v[3].id, "Q2");
	/* USER_PROCESS with no name: a record, but not a user */
	assert_string_equal(u.v[8].name, "");
	assert_string_equal(u.v[8].terminal, "pts/4004");
	/* DEAD_PROCESS - ttyQ3 - 603 1700012000 Q3 15 2 */
	assert_string_equal(u.v[10].terminal, "ttyQ3");
	assert_int_equal(u.v[10].exit_termination, 15);
	assert_int_equal(u.v[10].exit_status, 2);
	assert_true(u.v[10].started == 1700012000.0);
	/* NEW_TIME date { - 0 1700020000 - */
	assert_string_equal(u.v[12].name, "date");
	assert_string_equal(u.v[12].terminal, "{");
	assert_string_equal(u.v[12].id, "");
	sysq_users_free(&u);
	assert_null(u.v);
	assert_int_equal(u.n, 0);
}

/* user_only: psutil's users(), the named USER_PROCESS records. */
static void basic_users(void **state)
{
	struct sysq_users u;

	(void)state;
	load("utmp-basic", NULL, true, &u, 0);
	assert_int_equal(u.n, 4);
	check_user(&u.v[0], "alice", "ttyQ1", "", 1700000100.0, 610);
	check_user(&u.v[1], "bob", "pts/4001", "192.0.2.10", 1700003600.0, 2001);
	check_user(&u.v[2], "carol", "pts/4002", "198.51.100.7", 1700007265.0, 2002);
	check_user(&u.v[3], "bob", "pts/4003", ":0", 1700010000.0, 2003);
	assert_string_equal(u.v[1].id, "4001");
	sysq_users_free(&u);
}

/* Fields filled to the last byte are not NUL-terminated in the file; hostile
 * bytes are kept raw (escaping is the renderer's job). */
static void hostile(void **state)
{
	char host[SYSQ_USER_HOST_MAX + 1];
	struct sysq_users u;

	(void)state;
	load("utmp-hostile", NULL, true, &u, 0);
	assert_int_equal(u.n, 7);
	assert_int_equal(strlen(u.v[0].name), 32);
	assert_string_equal(u.v[0].name, "0123456789abcdef0123456789ABCDEF");
	assert_int_equal(strlen(u.v[0].terminal), 32);
	assert_string_equal(u.v[0].terminal, "pts/4100xxxxxxxxxxxxxxxxxxxxxxxX");
	memset(host, 'h', 255);
	host[255] = 'H';
	host[256] = '\0';
	assert_string_equal(u.v[0].host, host);
	assert_string_equal(u.v[0].id, "abcd");
	assert_true(u.v[0].pid == 4100);
	assert_string_equal(u.v[1].name, "evil\x1b[31m");
	assert_string_equal(u.v[2].name, "bad\xff\xfe");
	assert_string_equal(u.v[3].name, "new\nline");
	assert_string_equal(u.v[3].host, "a host with spaces");
	assert_string_equal(u.v[4].name, "back\\sl\xc2\x9b");
	assert_string_equal(u.v[4].host, "\x1b]0;pwned\x07");
	assert_string_equal(u.v[5].name, "del\x7f");
	assert_string_equal(u.v[5].terminal, "pts/41\x1b" "5");
	assert_string_equal(u.v[5].id, "\x1b\x01");
	assert_string_equal(u.v[6].name, "pad  ");
	sysq_users_free(&u);
}

/* A record cut short at the end of the file is ignored. */
static void truncated(void **state)
{
	struct sysq_users u;

	(void)state;
	load("utmp-truncated", NULL, false, &u, 0);
	assert_int_equal(u.n, 2);
	assert_int_equal(u.v[0].kind, SYSQ_UT_BOOT_TIME);
	check_user(&u.v[1], "alice", "pts/4201", "", 1700000100.0, 4201);
	sysq_users_free(&u);
}

/* No utmp at all: nobody is logged in, not an error. */
static void missing(void **state)
{
	struct sysq_users u;

	(void)state;
	load("utmp-none", NULL, false, &u, 0);
	assert_int_equal(u.n, 0);
	assert_null(u.v);
	load("utmp-none", "/nonexistent/utmp", false, &u, 0);
	assert_int_equal(u.n, 0);
	sysq_users_free(&u);
}

/* Without var/run/utmp, run/utmp. */
static void run_fallback(void **state)
{
	struct sysq_users u;

	(void)state;
	load("utmp-run", NULL, true, &u, 0);
	assert_int_equal(u.n, 1);
	check_user(&u.v[0], "dora", "pts/4301", "", 1700000100.0, 4301);
	sysq_users_free(&u);
}

/* An explicit file is taken as is: absolute, or relative to the current
 * directory, not to the rootfs. */
static void explicit_path(void **state)
{
	char abs[PATH_MAX], cwd[PATH_MAX];
	struct sysq_users u;

	(void)state;
	snprintf(abs, sizeof(abs), "%s", unit_fixture("utmp-basic", "var/run/utmp"));
	load("utmp-none", abs, true, &u, 0);
	assert_int_equal(u.n, 4);
	sysq_users_free(&u);

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	/* a relative name is the current directory's, not the rootfs's */
	assert_int_equal(chdir(unit_fixture("utmp-basic", "")), 0);
	load("utmp-truncated", "var/run/utmp", false, &u, 0);
	assert_int_equal(u.n, 13);
	sysq_users_free(&u);
	/* a named file cut inside a record is no utmp file (the system's
	 * own drops the part, as getutent does: see truncated) */
	assert_int_equal(chdir(unit_fixture("utmp-truncated", "")), 0);
	load("utmp-basic", "var/run/utmp", false, &u, SYSQ_EPARSE);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(u.n, 0);
	sysq_users_free(&u);

	/* no context is needed for an explicit file */
	assert_int_equal(sysq_users(NULL, abs, false, &u), 0);
	assert_int_equal(u.n, 13);
	sysq_users_free(&u);
	assert_int_equal(sysq_users(NULL, NULL, false, &u), SYSQ_EINVAL);
}

/* Files written here: a partial record alone, an unknown type, errors. */
static void written(void **state)
{
	char path[] = "/tmp/sysq-utmp-XXXXXX";
	struct sysq_users u;
	struct utmp ut[2];
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	memset(ut, 0, sizeof(ut));
	ut[0].ut_type = EMPTY; /* an unused slot: not kept */
	memcpy(ut[0].ut_user, "x", 1);
	ut[1].ut_type = USER_PROCESS;
	memcpy(ut[1].ut_user, "y", 1);
	ut[1].ut_pid = -5;
	ut[1].ut_tv.tv_sec = -1;
	assert_int_equal(write(fd, ut, sizeof(ut)), (ssize_t)sizeof(ut));
	close(fd);

	assert_int_equal(sysq_users(NULL, path, false, &u), 0);
	assert_int_equal(u.n, 1);
	assert_true(u.v[0].pid == -5);
	assert_true(u.v[0].started == -1.0);
	/* no tty: terminal is absent (psutil's None), host is known empty */
	assert_false(SYSQ_HAVE(&u.v[0], SYSQ_USER_TERMINAL));
	assert_true(SYSQ_HAVE(&u.v[0], SYSQ_USER_HOST));
	sysq_users_free(&u);

	/* a named file that is no utmp file is an error saying why */
	assert_int_equal(truncate(path, (off_t)sizeof(ut) - 1), 0);
	assert_int_equal(sysq_users(NULL, path, false, &u), SYSQ_EPARSE);
	assert_string_equal(u.invalid, "its size is no whole number of 384-byte utmp records");
	assert_int_equal(u.n, 0);
	assert_null(u.v);
	ut[0].ut_type = 42;
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, ut, sizeof(ut)), (ssize_t)sizeof(ut));
	close(fd);
	assert_int_equal(sysq_users(NULL, path, false, &u), SYSQ_EPARSE);
	assert_string_equal(u.invalid, "a record has no utmp record type");
	assert_int_equal(sysq_users(NULL, "/dev/zero", true, &u), SYSQ_EPARSE);
	assert_string_equal(u.invalid, "a device, not a file of utmp records");
	assert_int_equal(sysq_users(NULL, "/", true, &u), SYSQ_EPARSE);
	assert_string_equal(u.invalid, "a directory");
	assert_int_equal(truncate(path, 0), 0);
	assert_int_equal(sysq_users(NULL, path, false, &u), 0);
	assert_int_equal(u.n, 0);

	/* unreadable: an error, not an empty list (root reads anything) */
	if (geteuid() != 0) {
		assert_int_equal(chmod(path, 0), 0);
		assert_int_equal(sysq_users(NULL, path, false, &u), SYSQ_EACCES);
		assert_int_equal(u.n, 0);
	}
	unlink(path);

	/* a directory cannot be read as a file */
	assert_true(sysq_users(NULL, "/", false, &u) < 0);
	assert_null(u.v);
}

/* The table is complete, in enum order, with psutil's names. */
static void table(void **state)
{
	static const char *const names[] = { "name", "terminal", "host", "started", "pid" };

	(void)state;
	assert_string_equal(sysq_user_table.name, "users");
	assert_int_equal(sysq_user_table.nfields, SYSQ_USER__COUNT);
	for (size_t i = 0; i < SYSQ_USER__COUNT; i++)
		assert_string_equal(sysq_user_table.fields[i].name, names[i]);
	assert_int_equal(sysq_user_table.fields[SYSQ_USER_STARTED].type, SYSQ_T_DOUBLE);
	assert_int_equal(sysq_user_table.fields[SYSQ_USER_STARTED].unit, SYSQ_U_EPOCH);
	assert_int_equal(sysq_user_table.fields[SYSQ_USER_PID].type, SYSQ_T_I64);
	assert_int_equal(sysq_user_table.fields[SYSQ_USER_NAME].type, SYSQ_T_STR);
	assert_int_equal(sysq_user_table.fields[SYSQ_USER_PID].offset, offsetof(struct sysq_user, pid));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(basic_all),
		cmocka_unit_test(basic_users),
		cmocka_unit_test(hostile),
		cmocka_unit_test(truncated),
		cmocka_unit_test(missing),
		cmocka_unit_test(run_fallback),
		cmocka_unit_test(explicit_path),
		cmocka_unit_test(written),
		cmocka_unit_test(table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
