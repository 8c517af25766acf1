/* The cpu family on fixture trees: a live VM capture (vm-debian12), real
 * topology and cpufreq captures (cpu-x86_64-*, cpu-arm-*, copied from
 * ../shared/fixtures/cpu-dumps), hand-written cpufreq and cpuinfo corner
 * cases (cpu-freq-*, cpu-cpuinfo-2socket) and hostile /proc/stat files
 * (cpu-hostile-*).  Every expected value is read off the fixture by hand. */
#include <unistd.h>

#include "unit.h"
#include "sysq/parsers.h"

static double dabs(double x)
{
	return x < 0 ? -x : x;
}

/* Exact: values the code must reproduce bit for bit (ticks / CLK_TCK,
 * results of rounding to one decimal). */
#define assert_dbl_exact(a, b) do { \
	double a_ = (a), b_ = (b); \
	if (!(a_ == b_)) { \
		print_error("%s = %.17g, want %.17g\n", #a, a_, b_); \
		fail(); \
	} \
} while (0)

/* Means and kHz/1000: equal up to the last bits of a double. */
#define assert_dbl_near(a, b) do { \
	double a_ = (a), b_ = (b); \
	if (!(dabs(a_ - b_) <= 1e-9 * (dabs(b_) > 1 ? dabs(b_) : 1))) { \
		print_error("%s = %.17g, want %.17g\n", #a, a_, b_); \
		fail(); \
	} \
} while (0)

static double tck(void)
{
	return (double)sysconf(_SC_CLK_TCK);
}

/* ---- field tables --------------------------------------------------- */

static void tables(void **state)
{
	static const char *const names[SYSQ_CPUT__COUNT] = {
		"user", "nice", "system", "idle", "iowait", "irq", "softirq",
		"steal", "guest", "guest_nice",
	};

	(void)state;
	assert_int_equal(sysq_cpu_times_table.nfields, SYSQ_CPUT__COUNT);
	assert_int_equal(sysq_cpu_times_percent_table.nfields, SYSQ_CPUT__COUNT);
	assert_string_equal(sysq_cpu_times_table.name, "cpu_times");
	assert_string_equal(sysq_cpu_times_percent_table.name, "cpu_times_percent");
	for (int i = 0; i < SYSQ_CPUT__COUNT; i++) {
		const struct sysq_field *s = &sysq_cpu_times_table.fields[i];
		const struct sysq_field *p = &sysq_cpu_times_percent_table.fields[i];
		size_t off = offsetof(struct sysq_cpu_times, v) + (size_t)i * sizeof(double);

		assert_string_equal(s->name, names[i]);
		assert_string_equal(p->name, names[i]);
		assert_int_equal(s->offset, off);
		assert_int_equal(p->offset, off);
		assert_int_equal(s->type, SYSQ_T_DOUBLE);
		assert_int_equal(s->unit, SYSQ_U_SECONDS);
		assert_int_equal(p->unit, SYSQ_U_PERCENT);
	}
	assert_string_equal(sysq_cpu_count_table.fields[SYSQ_CPUC_LOGICAL].name, "logical");
	assert_string_equal(sysq_cpu_count_table.fields[SYSQ_CPUC_PHYSICAL].name, "physical");
	assert_int_equal(sysq_cpu_count_table.fields[SYSQ_CPUC_PHYSICAL].offset,
			 offsetof(struct sysq_cpu_count, physical));
	assert_string_equal(sysq_cpu_stats_table.fields[SYSQ_CPUS_CTX_SWITCHES].name, "ctx_switches");
	assert_string_equal(sysq_cpu_stats_table.fields[SYSQ_CPUS_INTERRUPTS].name, "interrupts");
	assert_string_equal(sysq_cpu_stats_table.fields[SYSQ_CPUS_SOFT_INTERRUPTS].name, "soft_interrupts");
	assert_string_equal(sysq_cpu_stats_table.fields[SYSQ_CPUS_SYSCALLS].name, "syscalls");
	assert_int_equal(sysq_cpu_stats_table.fields[SYSQ_CPUS_SYSCALLS].offset,
			 offsetof(struct sysq_cpu_stats, syscalls));
	assert_string_equal(sysq_cpu_freq_table.fields[SYSQ_CPUF_CURRENT].name, "current");
	assert_string_equal(sysq_cpu_freq_table.fields[SYSQ_CPUF_MIN].name, "min");
	assert_string_equal(sysq_cpu_freq_table.fields[SYSQ_CPUF_MAX].name, "max");
	assert_int_equal(sysq_cpu_freq_table.fields[SYSQ_CPUF_MAX].unit, SYSQ_U_MHZ);
	assert_int_equal(sysq_cpu_freq_table.fields[SYSQ_CPUF_MAX].offset,
			 offsetof(struct sysq_cpu_freq, max));
}

/* ---- cpu_times ------------------------------------------------------ */

static void assert_ticks(const struct sysq_cpu_times *t, const double *ticks, int n)
{
	for (int i = 0; i < n; i++) {
		assert_true(SYSQ_HAVE(t, i));
		assert_dbl_exact(t->v[i], ticks[i] / tck());
	}
	for (int i = n; i < SYSQ_CPUT__COUNT; i++)
		assert_false(SYSQ_HAVE(t, i));
}

static void snapshot_debian12(void **state)
{
	static const double total[10] = { 1477, 0, 1594, 773029, 322, 0, 32, 24, 0, 0 };
	static const double cpu0[10] = { 466, 0, 789, 386686, 18, 0, 8, 10, 0, 0 };
	static const double cpu1[10] = { 1011, 0, 804, 386342, 304, 0, 23, 13, 0, 0 };
	sysq_ctx *ctx = unit_ctx("vm-debian12");
	struct sysq_cpu_snapshot s;

	(void)state;
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), 0);
	assert_ticks(&s.total, total, 10);
	assert_int_equal(s.ncpu, 2);
	assert_int_equal(s.cpu_ids[0], 0);
	assert_int_equal(s.cpu_ids[1], 1);
	assert_ticks(&s.percpu[0], cpu0, 10);
	assert_ticks(&s.percpu[1], cpu1, 10);
	sysq_cpu_snapshot_free(&s);
	assert_null(s.percpu);
	assert_int_equal(s.ncpu, 0);
	sysq_cpu_snapshot_free(&s); /* twice is harmless */
	sysq_close(ctx);
}

/* ---- cpu_percent, cpu_times_percent --------------------------------- */

/* user nice system idle iowait irq softirq steal guest guest_nice */
static void mk(struct sysq_cpu_times *t, const double *v, int n)
{
	memset(t, 0, sizeof(*t));
	for (int i = 0; i < n; i++) {
		t->v[i] = v[i];
		SYSQ_SET(t, i);
	}
}

static void percent_basic(void **state)
{
	const double t1[10] = { 100, 5, 50, 800, 10, 1, 2, 0, 0, 0 };
	/* +20 user, +5 nice, +10 system, +60 idle, +5 iowait: 100 in all */
	const double t2[10] = { 120, 10, 60, 860, 15, 1, 2, 0, 0, 0 };
	struct sysq_cpu_times a, b, p;

	(void)state;
	mk(&a, t1, 10);
	mk(&b, t2, 10);
	/* busy = 100 - 60 idle - 5 iowait */
	assert_dbl_exact(sysq_cpu_percent(&a, &b), 35.0);
	sysq_cpu_times_percent(&a, &b, &p);
	assert_dbl_exact(p.v[SYSQ_CPUT_USER], 20.0);
	assert_dbl_exact(p.v[SYSQ_CPUT_NICE], 5.0);
	assert_dbl_exact(p.v[SYSQ_CPUT_SYSTEM], 10.0);
	assert_dbl_exact(p.v[SYSQ_CPUT_IDLE], 60.0);
	assert_dbl_exact(p.v[SYSQ_CPUT_IOWAIT], 5.0);
	for (int i = SYSQ_CPUT_IRQ; i < SYSQ_CPUT__COUNT; i++)
		assert_dbl_exact(p.v[i], 0.0);
	for (int i = 0; i < SYSQ_CPUT__COUNT; i++)
		assert_true(SYSQ_HAVE(&p, i));
}

/* guest and guest_nice are inside user and nice: not counted twice. */
static void percent_guest(void **state)
{
	const double t1[10] = { 100, 50, 50, 800, 0, 0, 0, 0, 40, 10 };
	/* +30 user (20 of it guest), +10 nice (all guest_nice), +60 idle */
	const double t2[10] = { 130, 60, 50, 860, 0, 0, 0, 0, 60, 20 };
	struct sysq_cpu_times a, b, p;

	(void)state;
	mk(&a, t1, 10);
	mk(&b, t2, 10);
	/* all = 30 + 10 + 60 = 100, not 130; busy = 40 */
	assert_dbl_exact(sysq_cpu_percent(&a, &b), 40.0);
	sysq_cpu_times_percent(&a, &b, &p);
	assert_dbl_exact(p.v[SYSQ_CPUT_USER], 30.0);
	assert_dbl_exact(p.v[SYSQ_CPUT_NICE], 10.0);
	assert_dbl_exact(p.v[SYSQ_CPUT_IDLE], 60.0);
	assert_dbl_exact(p.v[SYSQ_CPUT_GUEST], 20.0);
	assert_dbl_exact(p.v[SYSQ_CPUT_GUEST_NICE], 10.0);
}

/* A counter that steps back counts as 0, never as negative time. */
static void percent_negative(void **state)
{
	const double t1[10] = { 100, 0, 50, 800, 10, 0, 0, 0, 0, 0 };
	/* user -10, system +25, idle +75, iowait -5 */
	const double t2[10] = { 90, 0, 75, 875, 5, 0, 0, 0, 0, 0 };
	/* guest moved while user stepped back */
	const double g1[10] = { 100, 0, 0, 100, 0, 0, 0, 0, 0, 0 };
	const double g2[10] = { 99, 0, 0, 110, 0, 0, 0, 0, 50, 0 };
	struct sysq_cpu_times a, b, p;

	(void)state;
	mk(&a, t1, 10);
	mk(&b, t2, 10);
	/* all = 0 + 25 + 75 + 0 = 100 */
	assert_dbl_exact(sysq_cpu_percent(&a, &b), 25.0);
	sysq_cpu_times_percent(&a, &b, &p);
	assert_dbl_exact(p.v[SYSQ_CPUT_USER], 0.0);
	assert_dbl_exact(p.v[SYSQ_CPUT_SYSTEM], 25.0);
	assert_dbl_exact(p.v[SYSQ_CPUT_IDLE], 75.0);
	assert_dbl_exact(p.v[SYSQ_CPUT_IOWAIT], 0.0);

	mk(&a, g1, 10);
	mk(&b, g2, 10);
	/* all = 10 (idle; guest is not in all); guest 50 of 10 capped at 100 */
	assert_dbl_exact(sysq_cpu_percent(&a, &b), 0.0);
	sysq_cpu_times_percent(&a, &b, &p);
	assert_dbl_exact(p.v[SYSQ_CPUT_IDLE], 100.0);
	assert_dbl_exact(p.v[SYSQ_CPUT_GUEST], 100.0);
	assert_dbl_exact(p.v[SYSQ_CPUT_USER], 0.0);
}

static void percent_zero_elapsed(void **state)
{
	const double t1[10] = { 100, 0, 50, 800, 10, 0, 0, 0, 0, 0 };
	const double back[10] = { 90, 0, 40, 700, 5, 0, 0, 0, 0, 0 };
	struct sysq_cpu_times a, b, p;

	(void)state;
	mk(&a, t1, 10);
	assert_dbl_exact(sysq_cpu_percent(&a, &a), 0.0);
	sysq_cpu_times_percent(&a, &a, &p);
	for (int i = 0; i < SYSQ_CPUT__COUNT; i++) {
		assert_true(SYSQ_HAVE(&p, i));
		assert_dbl_exact(p.v[i], 0.0);
	}
	/* everything went back: all deltas clamp to 0, nothing elapsed */
	mk(&b, back, 10);
	assert_dbl_exact(sysq_cpu_percent(&a, &b), 0.0);
	sysq_cpu_times_percent(&a, &b, &p);
	assert_dbl_exact(p.v[SYSQ_CPUT_IDLE], 0.0);
}

static void percent_rounding(void **state)
{
	const double r1[4] = { 0, 0, 0, 0 }, r2[4] = { 1, 0, 0, 2 };
	const double s1[4] = { 0, 0, 0, 0 }, s2[4] = { 0.02, 0, 0.01, 0.04 };
	/* half a second in all (0.25 user, 0.25 idle): percents of that
	 * half second, not of one second as psutil's max(1, all) gives */
	const double h1[4] = { 10, 0, 0, 10 }, h2[4] = { 10.25, 0, 0, 10.25 };
	struct sysq_cpu_times a, b, p;

	(void)state;
	mk(&a, r1, 4);
	mk(&b, r2, 4);
	assert_dbl_exact(sysq_cpu_percent(&a, &b), 33.3);
	sysq_cpu_times_percent(&a, &b, &p);
	assert_dbl_exact(p.v[SYSQ_CPUT_USER], 33.3);
	assert_dbl_exact(p.v[SYSQ_CPUT_IDLE], 66.7);
	mk(&a, s1, 4);
	mk(&b, s2, 4);
	/* 0.03 busy of 0.07: 42.857... */
	assert_dbl_exact(sysq_cpu_percent(&a, &b), 42.9);
	mk(&a, h1, 4);
	mk(&b, h2, 4);
	assert_dbl_exact(sysq_cpu_percent(&a, &b), 50.0);
	sysq_cpu_times_percent(&a, &b, &p);
	assert_dbl_exact(p.v[SYSQ_CPUT_USER], 50.0);
	assert_dbl_exact(p.v[SYSQ_CPUT_IDLE], 50.0);
}

/* Fields absent in either sample stay absent and count for nothing. */
static void percent_absent(void **state)
{
	const double t1[10] = { 10, 0, 10, 80, 0, 0, 0, 0, 0, 0 };
	const double t2[10] = { 20, 0, 20, 140, 20, 0, 0, 0, 0, 0 };
	struct sysq_cpu_times a, b, p;

	(void)state;
	mk(&a, t1, 4); /* an old kernel: user nice system idle */
	mk(&b, t2, 10);
	/* iowait (+20 in t2) is not in t1: all = 10 + 10 + 60 = 80 */
	assert_dbl_exact(sysq_cpu_percent(&a, &b), 25.0);
	sysq_cpu_times_percent(&a, &b, &p);
	assert_dbl_exact(p.v[SYSQ_CPUT_IDLE], 75.0);
	for (int i = SYSQ_CPUT_IOWAIT; i < SYSQ_CPUT__COUNT; i++)
		assert_false(SYSQ_HAVE(&p, i));
	/* without idle there is no share to give: 0.0 */
	mk(&a, t1, 10);
	mk(&b, t2, 10);
	b.have[0] &= ~((uint64_t)1 << SYSQ_CPUT_IDLE);
	assert_dbl_exact(sysq_cpu_percent(&a, &b), 0.0);
	sysq_cpu_times_percent(&a, &b, &p);
	assert_false(SYSQ_HAVE(&p, SYSQ_CPUT_IDLE));
	/* all = 10 + 10 + 20 (iowait) without idle */
	assert_dbl_exact(p.v[SYSQ_CPUT_USER], 25.0);
}

/* Two snapshots of real files: per-CPU rates line up by cpu_ids. */
static void percent_snapshots(void **state)
{
	struct sysq_cpu_snapshot s1, s2;
	sysq_ctx *ctx;

	(void)state;
	ctx = unit_ctx("cpu-hostile-old"); /* cpu 100 20 50 1000 */
	assert_int_equal(sysq_cpu_snapshot(ctx, &s1), 0);
	sysq_close(ctx);
	ctx = unit_ctx("cpu-hostile-truncated"); /* cpu  100 0 50 1000 5 ... */
	assert_int_equal(sysq_cpu_snapshot(ctx, &s2), 0);
	sysq_close(ctx);
	/* nice -20 clamps to 0, iowait absent in s1: nothing but 0 elapsed */
	assert_dbl_exact(sysq_cpu_percent(&s1.total, &s2.total), 0.0);
	/* cpu0: 100 20 50 1000 -> 60 0 30 500 2: all went back */
	assert_int_equal(s1.cpu_ids[0], s2.cpu_ids[0]);
	assert_dbl_exact(sysq_cpu_percent(&s1.percpu[0], &s2.percpu[0]), 0.0);
	/* the other way round: +40 user, +20 nice, +20 system, +500 idle */
	assert_dbl_exact(sysq_cpu_percent(&s2.percpu[0], &s1.percpu[0]), 13.8);
	sysq_cpu_snapshot_free(&s1);
	sysq_cpu_snapshot_free(&s2);
}

/* ---- cpu_count ------------------------------------------------------ */

static void count(void **state)
{
	static const struct { const char *fx; uint64_t logical, physical; } cases[] = {
		{ "vm-debian12", 2, 2 },               /* stat cpuN lines; core_cpus_list */
		{ "cpu-x86_64-dell_e4310", 4, 2 },     /* no stat: cpuinfo; thread_siblings_list */
		{ "cpu-x86_64-64cpu-linux6.2", 8, 4 }, /* core_cpus_list "0,4" ... */
		{ "cpu-arm-A510-A710-A715-X3", 8, 8 }, /* big.LITTLE, no SMT */
		{ "cpu-cpuinfo-2socket", 8, 4 },       /* no sysfs: physical id x cpu cores */
		{ "cpu-hostile-old", 3, 0 },           /* cpu0..2 lines; nothing about cores */
		/* core_cpus_list "0-1" "0-1 " "2-3" "2-3" wins over the
		 * (made up) thread_siblings_list "0" "1" "2" "3" "10" */
		{ "cpu-freq-hostile", 2, 2 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sysq_ctx *ctx = unit_ctx(cases[i].fx);
		struct sysq_cpu_count c;

		assert_int_equal(sysq_cpu_count(ctx, &c), 0);
		assert_true(SYSQ_HAVE(&c, SYSQ_CPUC_LOGICAL));
		assert_int_equal(c.logical, cases[i].logical);
		assert_int_equal(SYSQ_HAVE(&c, SYSQ_CPUC_PHYSICAL), cases[i].physical != 0);
		assert_int_equal(c.physical, cases[i].physical);
		sysq_close(ctx);
	}
}

static void count_unknown(void **state)
{
	sysq_ctx *ctx = unit_ctx("does-not-exist");
	struct sysq_cpu_count c;

	(void)state;
	assert_int_equal(sysq_cpu_count(ctx, &c), SYSQ_ENOTSUP);
	assert_false(SYSQ_HAVE(&c, SYSQ_CPUC_LOGICAL));
	assert_false(SYSQ_HAVE(&c, SYSQ_CPUC_PHYSICAL));
	sysq_close(ctx);
}

/* ---- cpu_stats ------------------------------------------------------ */

static void stats(void **state)
{
	sysq_ctx *ctx = unit_ctx("vm-debian12");
	struct sysq_cpu_stats s;

	(void)state;
	assert_int_equal(sysq_cpu_stats(ctx, &s), 0);
	assert_int_equal(s.ctx_switches, 319834);
	assert_int_equal(s.interrupts, 172763);
	assert_int_equal(s.soft_interrupts, 162495);
	assert_int_equal(s.syscalls, 0);
	for (int i = 0; i < SYSQ_CPUS__COUNT; i++)
		assert_true(SYSQ_HAVE(&s, i));
	sysq_close(ctx);

	/* no intr, no softirq lines: absent, not 0; the first ctxt counts */
	ctx = unit_ctx("cpu-hostile-old");
	assert_int_equal(sysq_cpu_stats(ctx, &s), 0);
	assert_int_equal(s.ctx_switches, 5);
	assert_false(SYSQ_HAVE(&s, SYSQ_CPUS_INTERRUPTS));
	assert_false(SYSQ_HAVE(&s, SYSQ_CPUS_SOFT_INTERRUPTS));
	assert_true(SYSQ_HAVE(&s, SYSQ_CPUS_SYSCALLS));
	sysq_close(ctx);

	ctx = unit_ctx("does-not-exist");
	assert_int_equal(sysq_cpu_stats(ctx, &s), SYSQ_ENOENT);
	sysq_close(ctx);
}

/* ---- cpu_freq ------------------------------------------------------- */

static void assert_freq(const struct sysq_cpu_freq *f, double cur, double min, double max)
{
	assert_true(SYSQ_HAVE(f, SYSQ_CPUF_CURRENT));
	assert_dbl_near(f->current, cur);
	if (min < 0) {
		assert_false(SYSQ_HAVE(f, SYSQ_CPUF_MIN));
	} else {
		assert_true(SYSQ_HAVE(f, SYSQ_CPUF_MIN));
		assert_dbl_near(f->min, min);
	}
	if (max < 0) {
		assert_false(SYSQ_HAVE(f, SYSQ_CPUF_MAX));
	} else {
		assert_true(SYSQ_HAVE(f, SYSQ_CPUF_MAX));
		assert_dbl_near(f->max, max);
	}
}

/* Three policies whose affected_cpus cover 3 + 4 + 1 CPUs; no MHz lines
 * in cpuinfo, so current is scaling_cur_freq.  System-wide: the means. */
static void freq_arm(void **state)
{
	sysq_ctx *ctx = unit_ctx("cpu-arm-A510-A710-A715-X3");
	struct sysq_cpu_freq f, *pc;
	size_t n;

	(void)state;
	assert_int_equal(sysq_cpu_freq(ctx, &f, &pc, &n), 0);
	assert_int_equal(n, 8);
	for (size_t i = 0; i < 3; i++)
		assert_freq(&pc[i], 1017.6, 556.8, 1017.6);
	for (size_t i = 3; i < 7; i++)
		assert_freq(&pc[i], 1056.0, 614.4, 1056.0);
	assert_freq(&pc[7], 864.0, 864.0, 998.4);
	assert_freq(&f, (3 * 1017.6 + 4 * 1056.0 + 864.0) / 8,
		    (3 * 556.8 + 4 * 614.4 + 864.0) / 8,
		    (3 * 1017.6 + 4 * 1056.0 + 998.4) / 8);
	free(pc);
	/* without the per-CPU list */
	assert_int_equal(sysq_cpu_freq(ctx, &f, NULL, NULL), 0);
	assert_dbl_near(f.current, (3 * 1017.6 + 4 * 1056.0 + 864.0) / 8);
	sysq_close(ctx);
}

/* cpuinfo has one "cpu MHz" per CPU: psutil takes current from there
 * (#1851) and min/max from the policies. */
static void freq_x86(void **state)
{
	static const double mhz[8] = {
		1138.044, 1176.470, 1131.600, 1136.132, 1136.085, 1122.833, 1107.717, 1183.463,
	};
	sysq_ctx *ctx = unit_ctx("cpu-x86_64-64cpu-linux6.2");
	struct sysq_cpu_freq f, *pc;
	double sum = 0;
	size_t n;

	(void)state;
	assert_int_equal(sysq_cpu_freq(ctx, &f, &pc, &n), 0);
	assert_int_equal(n, 8);
	for (size_t i = 0; i < 8; i++) {
		assert_freq(&pc[i], mhz[i], 400.0, 4700.0);
		sum += mhz[i];
	}
	assert_freq(&f, sum / 8, 400.0, 4700.0);
	free(pc);
	sysq_close(ctx);

	/* per-CPU cpufreq directories (no policies); cpuinfo says 1199 for
	 * all four, while scaling_cur_freq of cpu2 says 2667 */
	ctx = unit_ctx("cpu-x86_64-dell_e4310");
	assert_int_equal(sysq_cpu_freq(ctx, &f, &pc, &n), 0);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < 4; i++)
		assert_freq(&pc[i], 1199.0, 1199.0, 2667.0);
	assert_freq(&f, 1199.0, 1199.0, 2667.0);
	free(pc);
	sysq_close(ctx);
}

/* policy0: cpus 0 1; policy2: no affected_cpus (cpu 2), scaling_cur_freq
 * "<unknown>" so cpuinfo_cur_freq; policy3: cpu 3, no current, offline:
 * left out; policy4: no CPU online; policy10: "1 10" (cpu1 stays with
 * policy0), no scaling_max_freq.  cpuinfo has 2 MHz lines for 5 CPUs, so
 * sysfs gives current.  Sorted numerically: 0 1 2 10. */
static void freq_hostile(void **state)
{
	sysq_ctx *ctx = unit_ctx("cpu-freq-hostile");
	struct sysq_cpu_freq f, *pc;
	size_t n;

	(void)state;
	assert_int_equal(sysq_cpu_freq(ctx, &f, &pc, &n), 0);
	assert_int_equal(n, 4);
	assert_freq(&pc[0], 1500.0, 800.0, 3000.0);
	assert_freq(&pc[1], 1500.0, 800.0, 3000.0);
	assert_freq(&pc[2], 2000.0, 800.0, 3000.0);
	assert_freq(&pc[3], 2500.0, 1000.0, -1);
	/* one CPU without max: min and max both unknown, as psutil */
	assert_freq(&f, (1500.0 + 1500.0 + 2000.0 + 2500.0) / 4, -1, -1);
	free(pc);
	sysq_close(ctx);

	/* policy0 has no current file and is not known to be offline */
	ctx = unit_ctx("cpu-freq-nocur");
	assert_int_equal(sysq_cpu_freq(ctx, &f, &pc, &n), 0);
	assert_int_equal(n, 2);
	assert_false(SYSQ_HAVE(&pc[0], SYSQ_CPUF_CURRENT));
	assert_dbl_near(pc[0].min, 800.0);
	assert_freq(&pc[1], 1200.0, 1000.0, 3000.0);
	assert_false(SYSQ_HAVE(&f, SYSQ_CPUF_CURRENT));
	assert_dbl_near(f.min, 900.0);
	assert_dbl_near(f.max, 2700.0);
	free(pc);
	sysq_close(ctx);
}

/* No cpufreq at all: cpuinfo's MHz lines, min and max absent. */
static void freq_cpuinfo_only(void **state)
{
	static const double mhz[8] = {
		2000.000, 2100.500, 2200.000, 2300.250, 1800.000, 1900.000, 1999.999, 2400.000,
	};
	sysq_ctx *ctx = unit_ctx("vm-debian12");
	struct sysq_cpu_freq f, *pc;
	double sum = 0;
	size_t n;

	(void)state;
	assert_int_equal(sysq_cpu_freq(ctx, &f, &pc, &n), 0);
	assert_int_equal(n, 2);
	assert_freq(&pc[0], 2596.146, -1, -1);
	assert_freq(&pc[1], 2596.146, -1, -1);
	assert_freq(&f, 2596.146, -1, -1);
	free(pc);
	sysq_close(ctx);

	ctx = unit_ctx("cpu-cpuinfo-2socket");
	assert_int_equal(sysq_cpu_freq(ctx, &f, &pc, &n), 0);
	assert_int_equal(n, 8);
	for (size_t i = 0; i < 8; i++) {
		assert_freq(&pc[i], mhz[i], -1, -1);
		sum += mhz[i];
	}
	assert_freq(&f, sum / 8, -1, -1);
	free(pc);
	sysq_close(ctx);

	/* nothing to say: not supported */
	ctx = unit_ctx("cpu-hostile-nototal");
	assert_int_equal(sysq_cpu_freq(ctx, &f, &pc, &n), SYSQ_ENOTSUP);
	assert_null(pc);
	assert_int_equal(n, 0);
	assert_int_equal(sysq_cpu_freq(ctx, &f, &pc, NULL), SYSQ_EINVAL);
	sysq_close(ctx);
}

/* One CPU (cpu0/cpufreq, no affected_cpus; cpu1 has no cpufreq): the
 * system-wide figure is that CPU as is, so min stays without max. */
static void freq_one(void **state)
{
	sysq_ctx *ctx = unit_ctx("cpu-hostile-old");
	struct sysq_cpu_freq f, *pc;
	size_t n;

	(void)state;
	assert_int_equal(sysq_cpu_freq(ctx, &f, &pc, &n), 0);
	assert_int_equal(n, 1);
	assert_freq(&pc[0], 1000.0, 500.0, -1);
	assert_freq(&f, 1000.0, 500.0, -1);
	free(pc);
	sysq_close(ctx);
}

/* ---- getloadavg ----------------------------------------------------- */

/* The one-value files of sysfs, bytes in: a number alone on its line, a
 * list of CPUs, a trimmed text. */
static void sysfs_values(void **state)
{
	static const char list[] = "0 1 1 0  3\t2\n\n7";
	static const unsigned want[] = { 0, 1, 1, 0, 3, 2, 7 };
	static const char text[] = " \t0-3,8\n\n";
	const char *t;
	unsigned *ids;
	size_t n, tl;
	uint64_t v = 9;

	(void)state;
	assert_int_equal(sysq_parse_sysfs_u64("1800000\n", 8, &v), 0);
	assert_true(v == 1800000);
	assert_int_equal(sysq_parse_sysfs_u64("4194304", 7, &v), 0);
	assert_true(v == 4194304);
	assert_int_equal(sysq_parse_sysfs_u64("1800000kHz\n", 11, &v), SYSQ_EPARSE);
	assert_int_equal(sysq_parse_sysfs_u64("\n", 1, &v), SYSQ_EPARSE);
	assert_int_equal(sysq_parse_sysfs_u64("18446744073709551616\n", 21, &v), SYSQ_EPARSE);

	assert_int_equal(sysq_parse_cpu_ids(list, sizeof(list) - 1, &ids, &n), 0);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	assert_memory_equal(ids, want, sizeof(want));
	free(ids);
	/* the list ends at the first that is not a CPU number */
	assert_int_equal(sysq_parse_cpu_ids("4 2147483648 5\n", 15, &ids, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 4);
	free(ids);
	assert_int_equal(sysq_parse_cpu_ids(" \n", 2, &ids, &n), 0);
	assert_int_equal(n, 0);
	assert_null(ids);
	/* the length bounds it, not the NUL: of "1 23", "1 2" holds one CPU
	 * and a number cut by the end */
	assert_int_equal(sysq_parse_cpu_ids("1 23", 3, &ids, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 1);
	free(ids);

	t = sysq_parse_sysfs_text(text, sizeof(text) - 1, &tl);
	assert_int_equal(tl, 5);
	assert_memory_equal(t, "0-3,8", 5);
	t = sysq_parse_sysfs_text(" \n", 2, &tl);
	assert_int_equal(tl, 0);
}

static void loadavg(void **state)
{
	sysq_ctx *ctx = unit_ctx("upt-3days");
	double l[3] = { -1, -1, -1 };

	(void)state;
	assert_int_equal(sysq_getloadavg(ctx, l), 0);
	assert_dbl_exact(l[0], 0.1);
	assert_dbl_exact(l[1], 0.2);
	assert_dbl_exact(l[2], 0.3);
	sysq_close(ctx);
	/* "0.10 0.2" cut short */
	ctx = unit_ctx("cpu-hostile-truncated");
	assert_int_equal(sysq_getloadavg(ctx, l), SYSQ_EPARSE);
	assert_dbl_exact(l[0], 0.1); /* untouched on failure */
	sysq_close(ctx);
	ctx = unit_ctx("sys-notime");
	assert_int_equal(sysq_getloadavg(ctx, l), SYSQ_ENOENT);
	sysq_close(ctx);
}

/* ---- hostile /proc/stat --------------------------------------------- */

static void hostile_truncated(void **state)
{
	static const double total[10] = { 100, 0, 50, 1000, 5, 0, 0, 0, 0, 0 };
	struct sysq_cpu_snapshot s;
	struct sysq_cpu_count c;
	sysq_ctx *ctx;

	(void)state;
	/* "cpu1 40 0 20 50" has no newline: though it parses, the idle
	 * count was cut, so the line is dropped */
	ctx = unit_ctx("cpu-hostile-truncated");
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), 0);
	assert_ticks(&s.total, total, 10);
	assert_int_equal(s.ncpu, 1);
	assert_int_equal(s.cpu_ids[0], 0);
	sysq_cpu_snapshot_free(&s);
	assert_int_equal(sysq_cpu_count(ctx, &c), 0);
	assert_int_equal(c.logical, 1);
	sysq_close(ctx);

	/* the total line itself cut: no total */
	ctx = unit_ctx("cpu-hostile-cuttotal");
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), SYSQ_EPARSE);
	assert_null(s.percpu);
	assert_int_equal(s.ncpu, 0);
	sysq_close(ctx);
}

static void hostile_old(void **state)
{
	static const double four[4] = { 100, 20, 50, 1000 };
	static const double seven[7] = { 1, 2, 3, 4, 5, 6, 7 };
	struct sysq_cpu_snapshot s;
	sysq_ctx *ctx = unit_ctx("cpu-hostile-old");

	(void)state;
	/* 2.4-era 4-field lines and a 2.6.0 7-field line: the later fields
	 * are absent, not 0; "cpu2 1 2 3" is too short to be a cpu line; a
	 * second "cpu" line does not replace the first */
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), 0);
	assert_ticks(&s.total, four, 4);
	assert_int_equal(s.ncpu, 2);
	assert_ticks(&s.percpu[0], four, 4);
	assert_ticks(&s.percpu[1], seven, 7);
	assert_int_equal(s.cpu_ids[1], 1);
	sysq_cpu_snapshot_free(&s);
	sysq_close(ctx);
}

static void hostile_wide(void **state)
{
	static const double ten[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	static const double cpu1[10] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 };
	struct sysq_cpu_snapshot s;
	struct sysq_cpu_stats st;
	sysq_ctx *ctx = unit_ctx("cpu-hostile-wide");

	(void)state;
	/* 39 fields on cpu and cpu0; cpu1 and intr are 50 KB long each */
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), 0);
	assert_ticks(&s.total, ten, 10);
	assert_int_equal(s.ncpu, 2);
	assert_ticks(&s.percpu[0], ten, 10);
	assert_ticks(&s.percpu[1], cpu1, 10);
	sysq_cpu_snapshot_free(&s);
	assert_int_equal(sysq_cpu_stats(ctx, &st), 0);
	assert_int_equal(st.interrupts, 7);
	assert_int_equal(st.ctx_switches, 9);
	assert_int_equal(st.soft_interrupts, 11);
	sysq_close(ctx);
}

/* 2^64-1 is a value.  2^64 and beyond never wrap: in a cpu line that field
 * is absent (the CPU kept), in ctxt/intr/softirq that counter is absent;
 * "cpu99999999999" is no CPU number. */
static void hostile_huge(void **state)
{
	static const double nice_on[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct sysq_cpu_snapshot s;
	struct sysq_cpu_stats st;
	struct sysq_cpu_count c;
	sysq_ctx *ctx = unit_ctx("cpu-hostile-huge");

	(void)state;
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), 0);
	assert_true(SYSQ_HAVE(&s.total, SYSQ_CPUT_USER));
	assert_dbl_exact(s.total.v[SYSQ_CPUT_USER], (double)UINT64_MAX / tck());
	assert_dbl_exact(s.total.v[SYSQ_CPUT_GUEST_NICE], 9 / tck());
	assert_int_equal(s.ncpu, 2);
	/* cpu0: user 2^64 absent, the nine others kept */
	assert_false(SYSQ_HAVE(&s.percpu[0], SYSQ_CPUT_USER));
	for (int i = 1; i < SYSQ_CPUT__COUNT; i++) {
		assert_true(SYSQ_HAVE(&s.percpu[0], i));
		assert_dbl_exact(s.percpu[0].v[i], nice_on[i - 1] / tck());
	}
	/* cpu1: idle of 32 digits absent; iowait on still there */
	assert_false(SYSQ_HAVE(&s.percpu[1], SYSQ_CPUT_IDLE));
	assert_dbl_exact(s.percpu[1].v[SYSQ_CPUT_SYSTEM], 3 / tck());
	assert_dbl_exact(s.percpu[1].v[SYSQ_CPUT_IOWAIT], 5 / tck());
	assert_dbl_exact(s.percpu[1].v[SYSQ_CPUT_GUEST_NICE], 10 / tck());
	/* no idle: no share */
	assert_dbl_exact(sysq_cpu_percent(&s.percpu[1], &s.percpu[1]), 0.0);
	sysq_cpu_snapshot_free(&s);

	assert_int_equal(sysq_cpu_stats(ctx, &st), 0);
	assert_true(SYSQ_HAVE(&st, SYSQ_CPUS_CTX_SWITCHES));
	assert_true(st.ctx_switches == UINT64_MAX);
	assert_false(SYSQ_HAVE(&st, SYSQ_CPUS_INTERRUPTS));
	assert_false(SYSQ_HAVE(&st, SYSQ_CPUS_SOFT_INTERRUPTS));

	assert_int_equal(sysq_cpu_count(ctx, &c), 0);
	assert_int_equal(c.logical, 2);
	sysq_close(ctx);
}

static void hostile_missing(void **state)
{
	struct sysq_cpu_snapshot s;
	sysq_ctx *ctx;

	(void)state;
	/* cpuN lines but no aggregate line */
	ctx = unit_ctx("cpu-hostile-nototal");
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), SYSQ_EPARSE);
	assert_null(s.percpu);
	assert_null(s.cpu_ids);
	sysq_close(ctx);
	/* no /proc/stat at all */
	ctx = unit_ctx("cpu-cpuinfo-2socket");
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), SYSQ_ENOENT);
	assert_int_equal(s.ncpu, 0);
	sysq_close(ctx);
	ctx = unit_ctx("does-not-exist");
	assert_int_equal(sysq_cpu_snapshot(ctx, &s), SYSQ_ENOENT);
	sysq_close(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tables),
		cmocka_unit_test(snapshot_debian12),
		cmocka_unit_test(percent_basic),
		cmocka_unit_test(percent_guest),
		cmocka_unit_test(percent_negative),
		cmocka_unit_test(percent_zero_elapsed),
		cmocka_unit_test(percent_rounding),
		cmocka_unit_test(percent_absent),
		cmocka_unit_test(percent_snapshots),
		cmocka_unit_test(count),
		cmocka_unit_test(count_unknown),
		cmocka_unit_test(stats),
		cmocka_unit_test(freq_arm),
		cmocka_unit_test(freq_x86),
		cmocka_unit_test(freq_hostile),
		cmocka_unit_test(freq_cpuinfo_only),
		cmocka_unit_test(freq_one),
		cmocka_unit_test(sysfs_values),
		cmocka_unit_test(loadavg),
		cmocka_unit_test(hostile_truncated),
		cmocka_unit_test(hostile_old),
		cmocka_unit_test(hostile_wide),
		cmocka_unit_test(hostile_huge),
		cmocka_unit_test(hostile_missing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
