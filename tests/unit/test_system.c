/* boot_time and uptime on fixture trees. */
#include "unit.h"

static void debian12(void **state)
{
	sysq_ctx *ctx = unit_ctx("vm-debian12");
	uint64_t bt = 0;
	double up = 0, idle = 0;

	(void)state;
	assert_int_equal(sysq_boot_time(ctx, &bt), 0);
	assert_true(bt == 1795361281ULL);
	assert_int_equal(sysq_uptime(ctx, &up, &idle), 0);
	assert_true(up == 3889.12);
	assert_true(idle == 7730.29);
	sysq_close(ctx);
}

/* "btime" with no value, then one beyond 2^64: an error, not a wrap; a
 * truncated uptime ("12.") is an error too. */
static void hostile(void **state)
{
	sysq_ctx *ctx = unit_ctx("sys-hostile");
	uint64_t bt = 7;
	double up = 0;

	(void)state;
	assert_int_equal(sysq_boot_time(ctx, &bt), SYSQ_EPARSE);
	assert_true(bt == 7);
	assert_int_equal(sysq_uptime(ctx, &up, NULL), SYSQ_EPARSE);
	sysq_close(ctx);
}

/* No btime line; an uptime file without a trailing newline still parses. */
static void missing(void **state)
{
	sysq_ctx *ctx = unit_ctx("sys-notime");
	uint64_t bt;
	double up = 0, idle = 0;

	(void)state;
	assert_int_equal(sysq_boot_time(ctx, &bt), SYSQ_EPARSE);
	assert_int_equal(sysq_uptime(ctx, &up, &idle), 0);
	assert_true(up == 350735.61);
	assert_true(idle == 699234.02);
	sysq_close(ctx);
	ctx = unit_ctx("does-not-exist");
	assert_int_equal(sysq_boot_time(ctx, &bt), SYSQ_ENOENT);
	assert_int_equal(sysq_uptime(ctx, &up, &idle), SYSQ_ENOENT);
	sysq_close(ctx);
}

/* Roots: defaults, and the paths given. */
static void roots(void **state)
{
	sysq_ctx *ctx;
	struct sysq_roots r = { "/nonexistent-proc", NULL, "" };

	(void)state;
	assert_int_equal(sysq_open(&ctx, NULL), 0);
	assert_string_equal(sysq_root_path(ctx, SYSQ_ROOT_PROC), "/proc");
	assert_string_equal(sysq_root_path(ctx, SYSQ_ROOT_SYS), "/sys");
	assert_string_equal(sysq_root_path(ctx, SYSQ_ROOT_FS), "/");
	sysq_close(ctx);
	assert_int_equal(sysq_open(&ctx, &r), 0);
	assert_string_equal(sysq_root_path(ctx, SYSQ_ROOT_PROC), "/nonexistent-proc");
	assert_string_equal(sysq_root_path(ctx, SYSQ_ROOT_FS), "/"); /* empty = default */
	assert_null(sysq_root_path(ctx, SYSQ_ROOT__COUNT));
	sysq_close(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(debian12),
		cmocka_unit_test(hostile),
		cmocka_unit_test(missing),
		cmocka_unit_test(roots),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
