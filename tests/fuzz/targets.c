/* The fuzz targets: one per kernel-file parser of libsysq (parsers.h),
 * each a function of the bytes of one file.  fuzz.c makes them libFuzzer
 * binaries (clang, ./configure --enable-fuzzing); replay.c runs every
 * input of tests/fuzz/corpus/<name>/ through its target on any build, as
 * a test of make check. */
#include <stdlib.h>
#include <string.h>

#include "sysq/parsers.h"
#include "targets.h"

/* What the readers give a parser: the bytes and a NUL after them (the
 * number parsers stop there), in a buffer of exactly that size, so that
 * ASan sees a read past it. */
static char *nul_copy(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static const struct sysq_proc_params params = {
	.clk_tck = 100, .page_size = 4096, .have_boot_time = true, .boot_time = 1700000000,
};

/* the process parsers that take only the bytes */
static void proc_file(const char *s, size_t n, int (*parse)(const char *, size_t, struct sysq_proc *))
{
	struct sysq_proc p;

	memset(&p, 0, sizeof(p));
	parse(s, n, &p);
	/* a second time on the same struct: the parsers replace what they
	 * hold (cmdline, cgroup...), they must not leak or double free */
	parse(s, n, &p);
	sysq_proc_release(&p);
}

static int stat_parser(const char *s, size_t n, struct sysq_proc *p)
{
	return sysq_parse_proc_stat(s, n, &params, p);
}

static int statm_parser(const char *s, size_t n, struct sysq_proc *p)
{
	return sysq_parse_proc_statm(s, n, &params, p);
}

static int status_parser(const char *s, size_t n, struct sysq_proc *p)
{
	return sysq_parse_proc_status(s, n, SYSQ_PN_GROUPS, p);
}

#define PROC_TARGET(nm, parser) \
	static void t_##nm(const char *s, size_t n) { proc_file(s, n, parser); }
PROC_TARGET(stat, stat_parser)
PROC_TARGET(statm, statm_parser)
PROC_TARGET(cmdline, sysq_parse_proc_cmdline)
PROC_TARGET(environ, sysq_parse_proc_environ)
PROC_TARGET(io, sysq_parse_proc_io)
PROC_TARGET(limits, sysq_parse_proc_limits)
PROC_TARGET(smaps, sysq_parse_proc_smaps)
PROC_TARGET(wchan, sysq_parse_proc_wchan)
PROC_TARGET(cgroup, sysq_parse_proc_cgroup)
PROC_TARGET(attr_current, sysq_parse_proc_label)
PROC_TARGET(oom_score, sysq_parse_proc_oom_score)
PROC_TARGET(loginuid, sysq_parse_proc_loginuid)
PROC_TARGET(autogroup, sysq_parse_proc_autogroup)

/* status after stat, as ps reads them, and alone, as pidof does */
static void t_status(const char *s, size_t n)
{
	struct sysq_proc p;
	static const char stat_line[] = "42 (x) S 1 42 42 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 100 1000 10\n";

	proc_file(s, n, status_parser);
	memset(&p, 0, sizeof(p));
	sysq_parse_proc_stat(stat_line, sizeof(stat_line) - 1, &params, &p);
	sysq_parse_proc_status(s, n, 0, &p);
	sysq_proc_release(&p);
}

static void t_ns(const char *s, size_t n)
{
	uint64_t ino;

	/* a link's bytes have no NUL of their own: the length bounds it */
	sysq_parse_ns_link("net", s, n, &ino);
	if (n)
		sysq_parse_ns_link(s + 1, s, n, &ino); /* any name the input holds */
}

static void t_meminfo(const char *s, size_t n)
{
	struct sysq_meminfo m;
	struct sysq_vmem vm;
	uint64_t low = 1000;

	if (sysq_parse_meminfo(s, n, &m) < 0)
		return;
	sysq_vmem_from(&m, NULL, 4096, &vm);
	sysq_vmem_from(&m, &low, 4096, &vm);
	low = UINT64_MAX;
	sysq_vmem_from(&m, &low, 65536, &vm);
}

static void t_zoneinfo(const char *s, size_t n)
{
	uint64_t pages;

	sysq_parse_zoneinfo_low(s, n, &pages);
}

static void t_vmstat(const char *s, size_t n)
{
	uint64_t in, out;
	unsigned found;

	sysq_parse_vmstat_swap(s, n, &in, &out, &found);
}

/* /proc/stat: the three parsers that read it */
static void t_proc_stat(const char *s, size_t n)
{
	struct sysq_cpu_snapshot snap;
	struct sysq_cpu_stats st;
	uint64_t bt;

	if (sysq_parse_cpu_snapshot(s, n, 100, &snap) == 0)
		sysq_cpu_snapshot_free(&snap);
	sysq_parse_cpu_stats(s, n, &st);
	sysq_parse_btime(s, n, &bt);
}

static void t_cpuinfo(const char *s, size_t n)
{
	uint64_t cores;
	double *mhz;
	size_t nmhz;

	sysq_parse_cpuinfo_processors(s, n);
	sysq_parse_cpuinfo_cores(s, n, &cores);
	if (sysq_parse_cpuinfo_mhz(s, n, &mhz, &nmhz) == 0)
		free(mhz);
}

/* the one-value files of sysfs and /proc/sys: a number (scaling_cur_freq,
 * online, pid_max), a list of CPUs (affected_cpus), a trimmed text
 * (topology/core_cpus_list) */
static void t_sysfs_value(const char *s, size_t n)
{
	uint64_t v;
	unsigned *ids;
	size_t nids, tl;
	const char *t;

	sysq_parse_sysfs_u64(s, n, &v);
	if (sysq_parse_cpu_ids(s, n, &ids, &nids) == 0)
		free(ids);
	t = sysq_parse_sysfs_text(s, n, &tl);
	if (tl && (t < s || t + tl > s + n))
		abort();
}

static void t_loadavg(const char *s, size_t n)
{
	double load[3];

	sysq_parse_loadavg(s, n, load);
}

static void t_uptime(const char *s, size_t n)
{
	double up, idle;

	sysq_parse_uptime(s, n, &up, &idle);
}

static void t_utmp(const char *s, size_t n)
{
	struct sysq_users u;

	for (int only = 0; only < 2; only++)
		if (sysq_parse_utmp(s, n, only, &u) == 0)
			sysq_users_free(&u);
}

static void t_passwd(const char *s, size_t n)
{
	struct sysq_idnames t;

	memset(&t, 0, sizeof(t));
	sysq_parse_idnames(s, n, &t);
	free(t.v);
}

static void t_tty_drivers(const char *s, size_t n)
{
	/* the terminals ps meets most, and one the input names */
	static const unsigned dev[][2] = { { 136, 0 }, { 4, 1 }, { 5, 0 }, { 4, 64 } };
	char name[160];

	for (size_t i = 0; i < sizeof(dev) / sizeof(dev[0]); i++)
		sysq_parse_tty_drivers(s, n, dev[i][0], dev[i][1], name, sizeof(name));
	if (n >= 2)
		sysq_parse_tty_drivers(s, n, (unsigned char)s[0], (unsigned char)s[1] * 7u, name, sizeof(name));
}

const struct fuzz_target fuzz_targets[] = {
	{ "stat", t_stat },
	{ "status", t_status },
	{ "statm", t_statm },
	{ "cmdline", t_cmdline },
	{ "environ", t_environ },
	{ "io", t_io },
	{ "limits", t_limits },
	{ "smaps_rollup", t_smaps },
	{ "smaps", t_smaps },
	{ "wchan", t_wchan },
	{ "cgroup", t_cgroup },
	{ "attr_current", t_attr_current },
	{ "oom_score", t_oom_score },
	{ "loginuid", t_loginuid },
	{ "autogroup", t_autogroup },
	{ "ns", t_ns },
	{ "meminfo", t_meminfo },
	{ "zoneinfo", t_zoneinfo },
	{ "vmstat", t_vmstat },
	{ "proc_stat", t_proc_stat },
	{ "cpuinfo", t_cpuinfo },
	{ "sysfs_value", t_sysfs_value },
	{ "loadavg", t_loadavg },
	{ "uptime", t_uptime },
	{ "utmp", t_utmp },
	{ "passwd", t_passwd },
	{ "tty_drivers", t_tty_drivers },
	{ NULL, NULL },
};

const struct fuzz_target *fuzz_target_named(const char *name)
{
	for (const struct fuzz_target *t = fuzz_targets; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

void fuzz_run(const struct fuzz_target *t, const uint8_t *data, size_t size)
{
	char *s = nul_copy(data, size);

	t->run(s, size);
	free(s);
}
