/* The strict number and line parsers of libsysq (lib/sysq/parse.c). */
#include "unit.h"
#include "sysq/internal.h"

static void u64_values(void **state)
{
	const char *p;
	uint64_t v;

	(void)state;
	p = "  42 kB";
	assert_int_equal(sysq_parse_u64(&p, &v), 0);
	assert_true(v == 42);
	assert_string_equal(p, " kB");

	p = "18446744073709551615";
	assert_int_equal(sysq_parse_u64(&p, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_string_equal(p, "");
}

static void u64_rejects(void **state)
{
	const char *bad[] = { "18446744073709551616", "99999999999999999999999", "", "kB", "-1", "\n5" };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *p = bad[i];
		uint64_t v = 7;

		assert_int_equal(sysq_parse_u64(&p, &v), SYSQ_EPARSE);
		assert_ptr_equal(p, bad[i]); /* not advanced */
		assert_true(v == 7);         /* not written */
	}
}

static void i64_values(void **state)
{
	const char *p;
	int64_t v;

	(void)state;
	p = "-9223372036854775808";
	assert_int_equal(sysq_parse_i64(&p, &v), 0);
	assert_true(v == INT64_MIN);
	p = "9223372036854775807";
	assert_int_equal(sysq_parse_i64(&p, &v), 0);
	assert_true(v == INT64_MAX);
	p = "9223372036854775808";
	assert_int_equal(sysq_parse_i64(&p, &v), SYSQ_EPARSE);
	p = "-9223372036854775809";
	assert_int_equal(sysq_parse_i64(&p, &v), SYSQ_EPARSE);
	p = "-";
	assert_int_equal(sysq_parse_i64(&p, &v), SYSQ_EPARSE);
	p = "+17x";
	assert_int_equal(sysq_parse_i64(&p, &v), 0);
	assert_true(v == 17);
	assert_string_equal(p, "x");
}

static void decimals(void **state)
{
	const char *p;
	double v;

	(void)state;
	p = "3242.13 6000.50\n";
	assert_int_equal(sysq_parse_decimal(&p, &v), 0);
	assert_true(v == 3242.13);
	assert_int_equal(sysq_parse_decimal(&p, &v), 0);
	assert_true(v == 6000.5);
	p = "12.";
	assert_int_equal(sysq_parse_decimal(&p, &v), SYSQ_EPARSE);
	p = ".5";
	assert_int_equal(sysq_parse_decimal(&p, &v), SYSQ_EPARSE);
	/* a very long fraction is cut, not overflowed */
	p = "1.00000000000000000000000000000000000000001";
	assert_int_equal(sysq_parse_decimal(&p, &v), 0);
	assert_true(v == 1.0);
}

static void lines_and_keys(void **state)
{
	const char text[] = "cpu  1 2\ncpu0 3\n\nbtime 5";
	const char *p = text, *end = text + sizeof(text) - 1, *line, *rest;
	size_t len;

	(void)state;
	assert_true(sysq_next_line(&p, end, &line, &len));
	assert_int_equal(len, 8);
	assert_true(sysq_key_is(line, len, "cpu", &rest));
	assert_string_equal(rest, "  1 2\ncpu0 3\n\nbtime 5");
	assert_true(sysq_next_line(&p, end, &line, &len));
	assert_false(sysq_key_is(line, len, "cpu", NULL)); /* "cpu0" is another key */
	assert_true(sysq_key_is(line, len, "cpu0", NULL));
	assert_true(sysq_next_line(&p, end, &line, &len));
	assert_int_equal(len, 0);
	assert_true(sysq_next_line(&p, end, &line, &len));
	assert_int_equal(len, 7); /* the last line has no newline */
	assert_false(sysq_next_line(&p, end, &line, &len));
}

static void percent_rounding(void **state)
{
	(void)state;
	assert_true(sysq_percent(1, 3) == 33.3);
	assert_true(sysq_percent(2, 3) == 66.7);
	assert_true(sysq_percent(5, 0) == 0.0);
	assert_true(sysq_percent(0, 10) == 0.0);
	assert_true(sysq_percent(10, 10) == 100.0);
	/* ties go to the even digit, as Python's round() */
	assert_true(sysq_round1(0.25) == 0.2);
	assert_true(sysq_round1(0.75) == 0.8);
	assert_true(sysq_round1(-0.25) == -0.2);
	assert_true(sysq_round1(-1.26) == -1.3);
	assert_true(sysq_round1(96.25) == 96.2);
	assert_true(sysq_round1(1e300) == 1e300);
}

static void errors_have_text(void **state)
{
	(void)state;
	for (int e = SYSQ_EINVAL; e <= 0; e++)
		assert_string_not_equal(sysq_strerror(e), "unknown error");
	assert_string_equal(sysq_strerror(-99), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(u64_values),
		cmocka_unit_test(u64_rejects),
		cmocka_unit_test(i64_values),
		cmocka_unit_test(decimals),
		cmocka_unit_test(lines_and_keys),
		cmocka_unit_test(percent_rounding),
		cmocka_unit_test(errors_have_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
