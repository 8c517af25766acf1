/* virtual_memory and swap_memory on fixture trees; the expected numbers
 * are worked out by hand from each fixture's meminfo, zoneinfo and vmstat. */
#include <unistd.h>

#include "unit.h"

#define KB(x) ((uint64_t)(x) * 1024)

static void vmem(const char *fixture, struct sysq_vmem *m, int want_rc)
{
	sysq_ctx *ctx = unit_ctx(fixture);

	assert_int_equal(sysq_virtual_memory(ctx, m), want_rc);
	sysq_close(ctx);
}

static void swapmem(const char *fixture, struct sysq_swap *s)
{
	sysq_ctx *ctx = unit_ctx(fixture);

	assert_int_equal(sysq_swap_memory(ctx, s), 0);
	sysq_close(ctx);
}

/* A live capture of this project's VM: MemAvailable present. */
static void debian12(void **state)
{
	struct sysq_vmem m;

	(void)state;
	vmem("vm-debian12", &m, 0);
	assert_true(m.total == KB(24684096));
	assert_true(m.available == KB(24422928));
	assert_true(m.used == KB(24684096 - 24422928));
	assert_true(m.percent == 1.1);
	assert_true(m.free == KB(24484840));
	assert_true(m.buffers == KB(2384));
	assert_true(m.cached == KB(71764 + 51704));
	assert_true(m.shared == KB(8788));
	assert_true(m.active == KB(41316));
	assert_true(m.inactive == KB(29608));
	assert_true(m.slab == KB(72992));
	assert_false(m.available_estimated);
	for (int i = 0; i < SYSQ_VMEM__COUNT; i++)
		assert_true(SYSQ_HAVE(&m, i));
}

/* No MemAvailable: the zoneinfo estimate.  low = (20+1067+196) pages;
 * avail = free - low + (pagecache - low) + (SReclaimable - low) since both
 * halves exceed low. */
static void highmem_estimate(void **state)
{
	struct sysq_vmem m;
	struct sysq_swap s;
	uint64_t low = 1283 * (uint64_t)sysconf(_SC_PAGESIZE);

	(void)state;
	if (sysconf(_SC_PAGESIZE) != 4096)
		skip();
	vmem("mem-highmem32", &m, 0);
	assert_true(m.available_estimated);
	assert_true(m.available == KB(205468) - low + KB(573996 + 515680) - low + KB(51760) - low);
	assert_true(m.available == KB(1331508));
	assert_true(m.used == KB(2066388) - KB(1331508));
	assert_true(m.percent == 35.6);
	assert_true(m.cached == KB(1011316 + 51760));
	assert_true(m.low_total == KB(871564));
	assert_true(m.low_free == KB(183748));
	assert_true(m.low_used == KB(871564 - 183748));
	assert_true(m.high_total == KB(1194824));
	assert_true(m.high_used == KB(1194824 - 21720));
	assert_true(m.commit_free == (int64_t)KB(3127268 - 2377832));

	swapmem("mem-highmem32", &s);
	assert_true(s.total == KB(2094076));
	assert_true(s.used == KB(2094076 - 2087332));
	assert_true(s.percent == 0.3);
	assert_true(s.sin == 371 * 4096ULL);
	assert_true(s.sout == 1686 * 4096ULL);
}

/* MemAvailable: 0 is treated as missing (psutil #1915). */
static void avail_zero(void **state)
{
	struct sysq_vmem m;

	(void)state;
	if (sysconf(_SC_PAGESIZE) != 4096)
		skip();
	vmem("mem-avail-zero", &m, 0);
	assert_true(m.available_estimated);
	assert_true(m.available == 15415172096ULL);
	assert_true(m.used == KB(16303428) - 15415172096ULL);
	/* no highmem lines: all memory is low, high is a true zero */
	assert_true(m.low_total == m.total);
	assert_true(m.high_total == 0 && SYSQ_HAVE(&m, SYSQ_VMEM_HIGH_TOTAL));
}

/* In swap and overcommitted: commit_free goes negative. */
static void overcommit(void **state)
{
	struct sysq_vmem m;
	struct sysq_swap s;

	(void)state;
	vmem("mem-overcommit", &m, 0);
	assert_true(m.used == 8232493056ULL - 308453376ULL);
	assert_true(m.percent == 96.3);
	assert_true(m.commit_free == -6278764544LL);
	swapmem("mem-overcommit", &s);
	assert_true(s.used == 3221225472ULL);
	assert_true(s.percent == 75.0);
	assert_true(s.sin == 9123456ULL * 4096);
	assert_true(s.sout == 12345678ULL * 4096);

	/* one meminfo read for both; vmstat only when asked */
	sysq_ctx *ctx = unit_ctx("mem-overcommit");
	struct sysq_vmem m2;
	struct sysq_swap s2;

	assert_int_equal(sysq_memory(ctx, &m2, &s2, 0), 0);
	assert_true(m2.used == m.used && s2.used == s.used);
	assert_false(SYSQ_HAVE(&s2, SYSQ_SWAP_SIN));
	assert_int_equal(sysq_memory(ctx, NULL, &s2, SYSQ_MEM_SWAP_IO), 0);
	assert_true(s2.sin == s.sin && SYSQ_HAVE(&s2, SYSQ_SWAP_SIN));
	sysq_close(ctx);
}

/* Values beyond 2^64 bytes, garbage, a 100 KB line, a truncated last line:
 * unreadable fields are absent, never zero or wrapped. */
static void hostile(void **state)
{
	struct sysq_vmem m;
	struct sysq_swap s;

	(void)state;
	vmem("mem-hostile", &m, 0);
	assert_true(m.total == KB(16303428));
	assert_false(SYSQ_HAVE(&m, SYSQ_VMEM_BUFFERS));   /* no line */
	assert_false(SYSQ_HAVE(&m, SYSQ_VMEM_INACTIVE));  /* "-5 kB" */
	assert_false(SYSQ_HAVE(&m, SYSQ_VMEM_SLAB));      /* truncated */
	assert_true(m.cached == UINT64_MAX - 1023);       /* SReclaimable overflowed */
	assert_true(m.shared == KB(4096));                /* no unit: kB assumed */
	/* MemAvailable unreadable -> estimate -> larger than total -> MemFree */
	assert_true(m.available_estimated);
	assert_true(m.available == KB(1203428));
	swapmem("mem-hostile", &s);
	assert_true(s.total == KB(1000));
	assert_true(s.used == 0); /* free > total */
	assert_false(SYSQ_HAVE(&s, SYSQ_SWAP_SIN)); /* no vmstat */
}

static void errors(void **state)
{
	struct sysq_vmem m;
	struct sysq_swap s;
	sysq_ctx *ctx;

	(void)state;
	vmem("mem-no-total", &m, SYSQ_EPARSE);
	vmem("mem-empty", &m, SYSQ_EPARSE);
	vmem("mem-free-overflow", &m, SYSQ_EPARSE);
	vmem("does-not-exist", &m, SYSQ_ENOENT);
	ctx = unit_ctx("does-not-exist");
	assert_int_equal(sysq_swap_memory(ctx, &s), SYSQ_ENOENT);
	sysq_close(ctx);
}

/* The table is complete and in enum order. */
static void table(void **state)
{
	(void)state;
	assert_int_equal(sysq_vmem_table.nfields, SYSQ_VMEM__COUNT);
	for (size_t i = 0; i < sysq_vmem_table.nfields; i++)
		assert_non_null(sysq_vmem_table.fields[i].name);
	assert_string_equal(sysq_vmem_table.fields[SYSQ_VMEM_AVAILABLE].name, "available");
	assert_int_equal(sysq_vmem_table.fields[SYSQ_VMEM_COMMIT_FREE].type, SYSQ_T_I64);
	assert_string_equal(sysq_swap_table.fields[SYSQ_SWAP_SOUT].name, "sout");
	assert_int_equal(sysq_swap_table.fields[SYSQ_SWAP_PERCENT].unit, SYSQ_U_PERCENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(debian12),
		cmocka_unit_test(highmem_estimate),
		cmocka_unit_test(avail_zero),
		cmocka_unit_test(overcommit),
		cmocka_unit_test(hostile),
		cmocka_unit_test(errors),
		cmocka_unit_test(table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
