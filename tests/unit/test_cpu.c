/* The cpu family on fixture trees: this VM's /proc/stat, real topology and
 * cpufreq captures (tests/fixtures/cpu-*, from ../shared/fixtures), and
 * hostile stat files.  Expected values are read off the fixtures by hand. */
#include <math.h>
#include <unistd.h>

#include "unit.h"

static double tck(void)
{
	return (double)sysconf(_SC_CLK_TCK);
}

static void snapshot_debian12(void **state)
{
	sysq_ctx *ctx = unit_ctx("vm-debian12");
	struct sysq_cpu_snapshot s;

	(void)state;
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), 0);
	/* cpu  1477 0 1594 773029 322 0 32 24 0 0 */
	assert_true(s.total.v[SYSQ_CPUT_USER] == 1477 / tck());
	assert_true(s.total.v[SYSQ_CPUT_SYSTEM] == 1594 / tck());
	assert_true(s.total.v[SYSQ_CPUT_IDLE] == 773029 / tck());
	assert_true(s.total.v[SYSQ_CPUT_IOWAIT] == 322 / tck());
	assert_true(s.total.v[SYSQ_CPUT_SOFTIRQ] == 32 / tck());
	assert_true(s.total.v[SYSQ_CPUT_STEAL] == 24 / tck());
	for (int i = 0; i < SYSQ_CPUT__COUNT; i++)
		assert_true(SYSQ_HAVE(&s.total, i));
	assert_int_equal(s.ncpu, 2);
	assert_int_equal(s.cpu_ids[1], 1);
	/* cpu1 1011 0 804 386342 304 0 23 13 0 0 */
	assert_true(s.percpu[1].v[SYSQ_CPUT_USER] == 1011 / tck());
	assert_true(s.percpu[1].v[SYSQ_CPUT_IDLE] == 386342 / tck());
	sysq_cpu_snapshot_free(&s);
	sysq_close(ctx);
}

static void times(struct sysq_cpu_times *t, const double *v, int n)
{
	memset(t, 0, sizeof(*t));
	for (int i = 0; i < n; i++) {
		t->v[i] = v[i];
		SYSQ_SET(t, i);
	}
}

/* user nice system idle iowait irq softirq steal guest guest_nice */
static void percent(void **state)
{
	struct sysq_cpu_times a, b, p;
	const double t1[10] = { 100, 0, 50, 800, 10, 0, 0, 0, 0, 0 };
	/* +30 user (of which 20 guest), +10 system, +50 idle, +10 iowait */
	const double t2[10] = { 130, 0, 60, 850, 20, 0, 0, 0, 20, 0 };
	const double back[10] = { 90, 0, 50, 900, 10, 0, 0, 0, 0, 0 };

	(void)state;
	times(&a, t1, 10);
	times(&b, t2, 10);
	/* total = 30+10+50+10 = 100 (guest not counted again); busy = 40 */
	assert_true(sysq_cpu_percent(&a, &b) == 40.0);
	sysq_cpu_times_percent(&a, &b, &p);
	assert_true(p.v[SYSQ_CPUT_USER] == 30.0);
	assert_true(p.v[SYSQ_CPUT_IDLE] == 50.0);
	assert_true(p.v[SYSQ_CPUT_IOWAIT] == 10.0);
	assert_true(p.v[SYSQ_CPUT_GUEST] == 20.0);
	/* nothing elapsed */
	assert_true(sysq_cpu_percent(&a, &a) == 0.0);
	sysq_cpu_times_percent(&a, &a, &p);
	assert_true(p.v[SYSQ_CPUT_USER] == 0.0 && SYSQ_HAVE(&p, SYSQ_CPUT_USER));
	/* a counter going backwards is clamped to 0: only idle moved */
	times(&b, back, 10);
	assert_true(sysq_cpu_percent(&a, &b) == 0.0);
	sysq_cpu_times_percent(&a, &b, &p);
	assert_true(p.v[SYSQ_CPUT_IDLE] == 100.0);
	assert_true(p.v[SYSQ_CPUT_USER] == 0.0);
	/* rounding to one decimal: busy 1 of 3 */
	const double r1[4] = { 0, 0, 0, 0 }, r2[4] = { 1, 0, 0, 2 };
	times(&a, r1, 4);
	times(&b, r2, 4);
	assert_true(sysq_cpu_percent(&a, &b) == 33.3);
	sysq_cpu_times_percent(&a, &b, &p);
	assert_true(p.v[SYSQ_CPUT_IDLE] == 66.7);
	assert_false(SYSQ_HAVE(&p, SYSQ_CPUT_IOWAIT)); /* absent in the samples */
}

static void count(void **state)
{
	static const struct { const char *fx; uint64_t logical, physical; } cases[] = {
		{ "vm-debian12", 2, 2 },
		{ "cpu-x86_64-dell_e4310", 4, 2 },        /* hyper-threaded, no stat: cpuinfo */
		{ "cpu-x86_64-64cpu-linux6.2", 8, 4 },    /* core_cpus_list */
		{ "cpu-arm-A510-A710-A715-X3", 8, 8 },    /* big.LITTLE, no SMT */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sysq_ctx *ctx = unit_ctx(cases[i].fx);
		struct sysq_cpu_count c;

		assert_int_equal(sysq_cpu_count(ctx, &c), 0);
		assert_true(c.logical == cases[i].logical);
		assert_true(c.physical == cases[i].physical);
		assert_true(SYSQ_HAVE(&c, SYSQ_CPUC_LOGICAL) && SYSQ_HAVE(&c, SYSQ_CPUC_PHYSICAL));
		sysq_close(ctx);
	}
}

static void stats(void **state)
{
	sysq_ctx *ctx = unit_ctx("vm-debian12");
	struct sysq_cpu_stats s;

	(void)state;
	assert_int_equal(sysq_cpu_stats(ctx, &s), 0);
	assert_true(s.ctx_switches == 319834);
	assert_true(s.interrupts == 172763);
	assert_true(s.soft_interrupts == 162495);
	assert_true(s.syscalls == 0 && SYSQ_HAVE(&s, SYSQ_CPUS_SYSCALLS));
	sysq_close(ctx);
}

/* Per-policy cpufreq with affected_cpus: one entry per CPU, in CPU order,
 * the system-wide figure the mean of them. */
static void freq_arm(void **state)
{
	sysq_ctx *ctx = unit_ctx("cpu-arm-A510-A710-A715-X3");
	struct sysq_cpu_freq f, *pc;
	const double cur[8] = { 1017.6, 1017.6, 1017.6, 1056.0, 1056.0, 1056.0, 1056.0, 864.0 };
	size_t n;

	(void)state;
	assert_int_equal(sysq_cpu_freq(ctx, &f, &pc, &n), 0);
	assert_int_equal(n, 8);
	for (size_t i = 0; i < n; i++)
		assert_true(fabs(pc[i].current - cur[i]) < 1e-9);
	assert_true(fabs(pc[0].min - 556.8) < 1e-9);
	assert_true(fabs(pc[7].max - 998.4) < 1e-9);
	assert_true(fabs(f.current - (3 * 1017.6 + 4 * 1056.0 + 864.0) / 8) < 1e-9);
	assert_true(fabs(f.min - (3 * 556.8 + 4 * 614.4 + 864.0) / 8) < 1e-9);
	free(pc);
	sysq_close(ctx);
}

/* cpuinfo has one "cpu MHz" per CPU: psutil takes current from there. */
static void freq_x86(void **state)
{
	sysq_ctx *ctx = unit_ctx("cpu-x86_64-64cpu-linux6.2");
	struct sysq_cpu_freq f, *pc;
	size_t n;

	(void)state;
	assert_int_equal(sysq_cpu_freq(ctx, &f, &pc, &n), 0);
	assert_int_equal(n, 8);
	assert_true(fabs(pc[0].current - 1138.044) < 1e-9);
	assert_true(fabs(pc[7].current - 1183.463) < 1e-9);
	assert_true(pc[3].min == 400.0 && pc[3].max == 4700.0);
	assert_true(f.min == 400.0 && f.max == 4700.0);
	free(pc);
	sysq_close(ctx);
	/* per-CPU cpufreq directories (no policies) */
	ctx = unit_ctx("cpu-x86_64-dell_e4310");
	assert_int_equal(sysq_cpu_freq(ctx, &f, NULL, NULL), 0);
	assert_true(f.current == 1199.0 && f.min == 1199.0 && f.max == 2667.0);
	sysq_close(ctx);
}

/* No cpufreq at all (this VM): cpuinfo's MHz, min and max absent. */
static void freq_cpuinfo_only(void **state)
{
	sysq_ctx *ctx = unit_ctx("vm-debian12");
	struct sysq_cpu_freq f;

	(void)state;
	if (sysq_cpu_freq(ctx, &f, NULL, NULL) == SYSQ_ENOTSUP)
		skip(); /* the capture had no "cpu MHz" lines */
	assert_true(SYSQ_HAVE(&f, SYSQ_CPUF_CURRENT));
	assert_false(SYSQ_HAVE(&f, SYSQ_CPUF_MIN));
	assert_false(SYSQ_HAVE(&f, SYSQ_CPUF_MAX));
	sysq_close(ctx);
}

static void loadavg(void **state)
{
	sysq_ctx *ctx = unit_ctx("upt-3days");
	double l[3] = { -1, -1, -1 };

	(void)state;
	assert_int_equal(sysq_getloadavg(ctx, l), 0);
	assert_true(l[0] == 0.1 && l[1] == 0.2 && l[2] == 0.3);
	sysq_close(ctx);
	ctx = unit_ctx("sys-notime");
	assert_int_equal(sysq_getloadavg(ctx, l), SYSQ_ENOENT);
	assert_true(l[0] == 0.1); /* untouched on failure */
	sysq_close(ctx);
}

static void hostile(void **state)
{
	struct sysq_cpu_snapshot s;
	struct sysq_cpu_stats st;
	sysq_ctx *ctx;

	(void)state;
	/* the cut-off last cpu line is dropped, the rest kept */
	ctx = unit_ctx("cpu-hostile-truncated");
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), 0);
	assert_int_equal(s.ncpu, 1);
	assert_true(s.total.v[SYSQ_CPUT_USER] == 100 / tck());
	sysq_cpu_snapshot_free(&s);
	sysq_close(ctx);

	/* a 2.4-era 4-field line: the later fields are absent, not 0 */
	ctx = unit_ctx("cpu-hostile-old");
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), 0);
	assert_true(SYSQ_HAVE(&s.total, SYSQ_CPUT_IDLE));
	assert_false(SYSQ_HAVE(&s.total, SYSQ_CPUT_IOWAIT));
	assert_false(SYSQ_HAVE(&s.total, SYSQ_CPUT_GUEST_NICE));
	sysq_cpu_snapshot_free(&s);
	sysq_close(ctx);

	/* 39 fields and a 100 KB intr line */
	ctx = unit_ctx("cpu-hostile-wide");
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), 0);
	assert_true(s.total.v[SYSQ_CPUT_GUEST_NICE] == 10 / tck());
	assert_int_equal(s.ncpu, 1);
	sysq_cpu_snapshot_free(&s);
	assert_int_equal(sysq_cpu_stats(ctx, &st), 0);
	assert_true(st.interrupts == 7 && st.ctx_switches == 9 && st.soft_interrupts == 11);
	sysq_close(ctx);

	/* 2^64-1 is a value; 2^64 and beyond are not: that line is dropped,
	 * that counter absent */
	ctx = unit_ctx("cpu-hostile-huge");
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), 0);
	assert_true(s.total.v[SYSQ_CPUT_USER] == 18446744073709551615.0 / tck());
	assert_int_equal(s.ncpu, 0);
	sysq_cpu_snapshot_free(&s);
	assert_int_equal(sysq_cpu_stats(ctx, &st), 0);
	assert_true(st.ctx_switches == UINT64_MAX);
	assert_false(SYSQ_HAVE(&st, SYSQ_CPUS_INTERRUPTS));
	sysq_close(ctx);

	/* no aggregate line is an error; no file is ENOENT */
	ctx = unit_ctx("cpu-hostile-nototal");
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), SYSQ_EPARSE);
	assert_null(s.percpu);
	sysq_close(ctx);
	ctx = unit_ctx("does-not-exist");
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), SYSQ_ENOENT);
	sysq_close(ctx);
}

static void tables(void **state)
{
	(void)state;
	assert_string_equal(sysq_cpu_times_table.fields[SYSQ_CPUT_GUEST_NICE].name, "guest_nice");
	assert_int_equal(sysq_cpu_times_table.fields[SYSQ_CPUT_IDLE].unit, SYSQ_U_SECONDS);
	assert_int_equal(sysq_cpu_times_percent_table.fields[SYSQ_CPUT_IDLE].unit, SYSQ_U_PERCENT);
	assert_int_equal(sysq_cpu_times_table.fields[SYSQ_CPUT_STEAL].offset,
			 offsetof(struct sysq_cpu_times, v) + SYSQ_CPUT_STEAL * sizeof(double));
	assert_string_equal(sysq_cpu_freq_table.fields[SYSQ_CPUF_MAX].name, "max");
	assert_string_equal(sysq_cpu_stats_table.fields[SYSQ_CPUS_SOFT_INTERRUPTS].name, "soft_interrupts");
	assert_string_equal(sysq_cpu_count_table.fields[SYSQ_CPUC_PHYSICAL].name, "physical");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(snapshot_debian12),
		cmocka_unit_test(percent),
		cmocka_unit_test(count),
		cmocka_unit_test(stats),
		cmocka_unit_test(freq_arm),
		cmocka_unit_test(freq_x86),
		cmocka_unit_test(freq_cpuinfo_only),
		cmocka_unit_test(loadavg),
		cmocka_unit_test(hostile),
		cmocka_unit_test(tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
