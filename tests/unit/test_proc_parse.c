/* The pure parsers of /proc/PID/status and stat (parsers.h) fed bytes
 * directly: the kernel's layout, and what a hostile or captured tree can
 * serve instead (reordered, repeated, missing, unknown keys, a last line
 * without its newline, 4 KiB lines, cut lines, numbers that overflow). */
#include "unit.h"
#include "sysq/parsers.h"

/* Parse a NUL-terminated string as the readers pass a file: the bytes and
 * a NUL after them, in a buffer of exactly that size. */
static int parse_status(const char *text, unsigned need, struct sysq_proc *p)
{
	size_t n = strlen(text);
	char *s = malloc(n + 1);
	int rc;

	assert_non_null(s);
	memcpy(s, text, n + 1);
	rc = sysq_parse_proc_status(s, n, need, p);
	free(s);
	return rc;
}

static const struct sysq_proc_params params = {
	.clk_tck = 100, .page_size = 4096, .have_boot_time = true, .boot_time = 1000,
};

static int parse_stat(const char *text, const struct sysq_proc_params *pp, struct sysq_proc *p)
{
	size_t n = strlen(text);
	char *s = malloc(n + 1);
	int rc;

	assert_non_null(s);
	memcpy(s, text, n + 1);
	memset(p, 0, sizeof(*p));
	rc = sysq_parse_proc_stat(s, n, pp, p);
	free(s);
	return rc;
}

#define HAVE_EQ(p, idx, member, v) do { \
	assert_true(SYSQ_HAVE(p, idx)); \
	assert_true((p)->member == (v)); \
} while (0)

/* A status of Linux 6.1, every line in the kernel's order. */
static const char kernel_status[] =
	"Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\nNgid:\t0\n"
	"Pid:\t4242\nPPid:\t4000\nTracerPid:\t0\nUid:\t1000\t1001\t1002\t1003\n"
	"Gid:\t100\t101\t102\t103\nFDSize:\t64\nGroups:\t4 24 27 \nNStgid:\t4242\n"
	"NSpid:\t4242\nNSpgid:\t4100\nNSsid:\t4000\nVmPeak:\t    8000 kB\n"
	"VmSize:\t    7000 kB\nVmLck:\t       4 kB\nVmPin:\t       0 kB\n"
	"VmHWM:\t     900 kB\nVmRSS:\t     800 kB\nRssAnon:\t     100 kB\n"
	"RssFile:\t     600 kB\nRssShmem:\t     100 kB\nVmData:\t     300 kB\n"
	"VmStk:\t     132 kB\nVmExe:\t      20 kB\nVmLib:\t    1500 kB\n"
	"VmPTE:\t      48 kB\nVmSwap:\t      12 kB\nHugetlbPages:\t       0 kB\n"
	"CoreDumping:\t0\nTHP_enabled:\t1\nThreads:\t3\nSigQ:\t0/31530\n"
	"SigPnd:\t0000000000000001\nShdPnd:\t0000000000000002\n"
	"SigBlk:\t0000000000010000\nSigIgn:\t0000000000000006\n"
	"SigCgt:\tfffffffe7ffbfeff\nCapInh:\t0000000000000000\n"
	"CapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n"
	"CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\nNoNewPrivs:\t0\n"
	"Seccomp:\t0\nSeccomp_filters:\t0\nSpeculation_Store_Bypass:\tvulnerable\n"
	"SpeculationIndirectBranch:\talways enabled\nCpus_allowed:\t3\n"
	"Cpus_allowed_list:\t0-1\nMems_allowed:\t00000001\nMems_allowed_list:\t0\n"
	"voluntary_ctxt_switches:\t150\nnonvoluntary_ctxt_switches:\t7\n";

static void check_kernel_status(const struct sysq_proc *p)
{
	assert_string_equal(p->name, "sleep");
	assert_string_equal(p->comm, "sleep");
	assert_string_equal(p->status, "sleeping");
	HAVE_EQ(p, SYSQ_P_PPID, ppid, 4000);
	HAVE_EQ(p, SYSQ_P_PGID, pgid, 4100);
	HAVE_EQ(p, SYSQ_P_SID, sid, 4000);
	HAVE_EQ(p, SYSQ_P_RUID, ruid, 1000);
	HAVE_EQ(p, SYSQ_P_EUID, euid, 1001);
	HAVE_EQ(p, SYSQ_P_SUID, suid, 1002);
	HAVE_EQ(p, SYSQ_P_FSUID, fsuid, 1003);
	HAVE_EQ(p, SYSQ_P_RGID, rgid, 100);
	HAVE_EQ(p, SYSQ_P_FSGID, fsgid, 103);
	HAVE_EQ(p, SYSQ_P_PEAK_VMS, peak_vms, 8000 * 1024);
	HAVE_EQ(p, SYSQ_P_VMS, vms, 7000 * 1024);
	HAVE_EQ(p, SYSQ_P_VMLCK, vmlck, 4 * 1024);
	HAVE_EQ(p, SYSQ_P_PEAK_RSS, peak_rss, 900 * 1024);
	HAVE_EQ(p, SYSQ_P_RSS, rss, 800 * 1024);
	HAVE_EQ(p, SYSQ_P_RSS_ANON, rss_anon, 100 * 1024);
	HAVE_EQ(p, SYSQ_P_SHARED, shared, 700 * 1024);
	HAVE_EQ(p, SYSQ_P_DATA, data, 432 * 1024);
	HAVE_EQ(p, SYSQ_P_TEXT, text, 20 * 1024);
	HAVE_EQ(p, SYSQ_P_SWAP, swap, 12 * 1024);
	HAVE_EQ(p, SYSQ_P_HUGETLB, hugetlb, 0);
	HAVE_EQ(p, SYSQ_P_NUM_THREADS, num_threads, 3);
	HAVE_EQ(p, SYSQ_P_SIG_PENDING_THREAD, sig_pending_thread, 1);
	HAVE_EQ(p, SYSQ_P_SIG_PENDING, sig_pending, 2);
	HAVE_EQ(p, SYSQ_P_SIG_BLOCKED, sig_blocked, 0x10000);
	HAVE_EQ(p, SYSQ_P_SIG_IGNORED, sig_ignored, 6);
	HAVE_EQ(p, SYSQ_P_SIG_CAUGHT, sig_caught, 0xfffffffe7ffbfeffull);
	HAVE_EQ(p, SYSQ_P_VOLUNTARY, voluntary, 150);
	HAVE_EQ(p, SYSQ_P_INVOLUNTARY, involuntary, 7);
	assert_true(SYSQ_HAVE(p, SYSQ_P_CPU_AFFINITY));
	assert_string_equal(p->cpu_affinity, "0-1");
}

static void status_kernel_order(void **state)
{
	struct sysq_proc p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status(kernel_status, SYSQ_PN_GROUPS, &p), 0);
	check_kernel_status(&p);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_SUPGID));
	assert_string_equal(p.supgid, "4,24,27");
	sysq_proc_release(&p);
	/* Groups only when asked for */
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status(kernel_status, 0, &p), 0);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_SUPGID));
	assert_null(p.supgid);
	sysq_proc_release(&p);
}

/* The same lines backwards: the same fields */
static void status_reordered(void **state)
{
	char rev[sizeof(kernel_status)], *w = rev;
	const char *end = kernel_status + sizeof(kernel_status) - 1;
	struct sysq_proc p;

	(void)state;
	while (end > kernel_status) {
		const char *start = end - 1;

		while (start > kernel_status && start[-1] != '\n')
			start--;
		memcpy(w, start, (size_t)(end - start));
		w += end - start;
		end = start;
	}
	*w = '\0';
	assert_int_equal(strlen(rev), strlen(kernel_status));
	assert_string_not_equal(rev, kernel_status);
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status(rev, SYSQ_PN_GROUPS, &p), 0);
	check_kernel_status(&p);
	sysq_proc_release(&p);
}

/* A repeated line: the lines stat has too keep their first value, the
 * others take the last */
static void status_repeated(void **state)
{
	struct sysq_proc p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status("Name:\tfirst\nState:\tR (running)\nVmRSS:\t1 kB\nUid:\t1\t1\t1\t1\n"
				"Name:\tsecond\nState:\tZ (zombie)\nVmRSS:\t2 kB\nUid:\t2\t2\t2\t2\n"
				"Cpus_allowed_list:\t0\nCpus_allowed_list:\t0-3\nGroups:\t1\nGroups:\t2 3\n",
				SYSQ_PN_GROUPS, &p), 0);
	assert_string_equal(p.name, "first");
	assert_string_equal(p.status, "running");
	HAVE_EQ(&p, SYSQ_P_RSS, rss, 2048);
	HAVE_EQ(&p, SYSQ_P_RUID, ruid, 2);
	assert_string_equal(p.cpu_affinity, "0-3");
	assert_string_equal(p.supgid, "2,3");
	sysq_proc_release(&p);
}

static void status_missing(void **state)
{
	struct sysq_proc p;

	(void)state;
	/* no Vm lines (a kernel thread, a zombie): no memory, statm's zeros */
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status("Name:\tkworker/0:1\nUid:\t0\t0\t0\t0\nThreads:\t1\n", 0, &p), 0);
	HAVE_EQ(&p, SYSQ_P_RSS, rss, 0);
	HAVE_EQ(&p, SYSQ_P_VMS, vms, 0);
	HAVE_EQ(&p, SYSQ_P_DATA, data, 0);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_SWAP));
	sysq_proc_release(&p);
	/* no Uid either (a cut file): nothing is made up */
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status("Name:\tx\n", 0, &p), 0);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_RSS) || SYSQ_HAVE(&p, SYSQ_P_RUID));
	/* a sum needs both its lines: RssFile without RssShmem, VmData
	 * without VmStk */
	assert_int_equal(parse_status("RssFile:\t4 kB\nVmData:\t8 kB\nVmRSS:\t4 kB\n", 0, &p), 0);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_SHARED) || SYSQ_HAVE(&p, SYSQ_P_DATA));
	HAVE_EQ(&p, SYSQ_P_RSS_FILE, rss_file, 4096);
	/* nothing at all */
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status("", 0, &p), 0);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_NAME));
	sysq_proc_release(&p);
}

/* A key must be exactly one we know, right before its colon */
static void status_unknown(void **state)
{
	struct sysq_proc p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status("VmRSSX:\t1 kB\nVmRSS :\t2 kB\nvmrss:\t3 kB\nVmRS:\t4 kB\n"
				"VmRSS\t5 kB\n:\t6 kB\nUidx:\t7\t7\t7\t7\nSigXyz:\t1\n"
				"Nosuchkey_of_twenty_three:\t1\nName:\tok\nVmRSS:\t8 kB\n", 0, &p), 0);
	HAVE_EQ(&p, SYSQ_P_RSS, rss, 8192);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_RUID));
	assert_false(SYSQ_HAVE(&p, SYSQ_P_VOLUNTARY));
	assert_string_equal(p.name, "ok");
	sysq_proc_release(&p);
}

/* The last line without its newline is still a line */
static void status_no_newline(void **state)
{
	struct sysq_proc p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status("Name:\tx\nVmRSS:\t12 kB", 0, &p), 0);
	HAVE_EQ(&p, SYSQ_P_RSS, rss, 12 * 1024);
	sysq_proc_release(&p);
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status("VmRSS:\t1 kB\nName:\tlast", 0, &p), 0);
	assert_string_equal(p.name, "last");
	sysq_proc_release(&p);
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status("VmRSS:\t1 kB\nCpus_allowed_list:\t0-7", 0, &p), 0);
	assert_string_equal(p.cpu_affinity, "0-7");
	sysq_proc_release(&p);
	/* a key with nothing after it, and a key cut before its colon */
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status("VmRSS:\t1 kB\nVmSwap:", 0, &p), 0);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_SWAP));
	assert_int_equal(parse_status("VmSwap:\t1 kB\nVmRS", 0, &p), 0);
	HAVE_EQ(&p, SYSQ_P_SWAP, swap, 1024);
	sysq_proc_release(&p);
}

static void status_long_lines(void **state)
{
	char *text = malloc(3 * 4200 + 200), *w = text, *groups;
	struct sysq_proc p;

	(void)state;
	assert_non_null(text);
	/* a 4 KiB name (cut to comm), a 4 KiB line of no key of ours, a
	 * 4 KiB Groups line, then the line after each */
	w += sprintf(w, "Name:\t");
	memset(w, 'n', 4096);
	w += 4096;
	w += sprintf(w, "\nSpeculation_Store_Bypass:\t");
	memset(w, 'v', 4096);
	w += 4096;
	w += sprintf(w, "\nGroups:\t");
	groups = w;
	for (int i = 0; w - groups < 4096; i++)
		w += sprintf(w, "%d ", 1000 + i);
	w += sprintf(w, "\nVmRSS:\t4 kB\n");
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status(text, SYSQ_PN_GROUPS, &p), 0);
	assert_int_equal(strlen(p.comm), sizeof(p.comm) - 1);
	assert_int_equal(strspn(p.comm, "n"), sizeof(p.comm) - 1);
	assert_non_null(p.supgid);
	assert_memory_equal(p.supgid, "1000,1001,1002", 14);
	assert_int_equal(strlen(p.supgid), (size_t)(w - groups) - strlen("\nVmRSS:\t4 kB\n") - 1);
	HAVE_EQ(&p, SYSQ_P_RSS, rss, 4096);
	sysq_proc_release(&p);
	free(text);
}

/* Values cut short, or not the layout we know: absent, never guessed */
static void status_truncated(void **state)
{
	struct sysq_proc p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status("Uid:\t1\t2\nGid:\t\nSigCgt:\tzz\nSigIgn:\t0000000000000000ff\n"
				"Threads:\tx\nState:\t\nGroups:\t1 2 x\nVmLck:\t kB\n", SYSQ_PN_GROUPS, &p), 0);
	HAVE_EQ(&p, SYSQ_P_RUID, ruid, 1);
	HAVE_EQ(&p, SYSQ_P_EUID, euid, 2);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_SUID) || SYSQ_HAVE(&p, SYSQ_P_RGID));
	assert_false(SYSQ_HAVE(&p, SYSQ_P_SIG_CAUGHT));
	/* at most 16 digits: the kernel's 64-bit mask */
	HAVE_EQ(&p, SYSQ_P_SIG_IGNORED, sig_ignored, 0);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_NUM_THREADS) || SYSQ_HAVE(&p, SYSQ_P_STATUS));
	assert_false(SYSQ_HAVE(&p, SYSQ_P_SUPGID) || SYSQ_HAVE(&p, SYSQ_P_VMLCK));
	sysq_proc_release(&p);
}

/* kB * 1024 past 64 bits: absent, not wrapped */
static void status_overflow(void **state)
{
	struct sysq_proc p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status("VmRSS:\t18014398509481983 kB\nVmSize:\t18014398509481984 kB\n"
				"VmSwap:\t99999999999999999999 kB\nVmData:\t4503599627370495 kB\n"
				"VmStk:\t4503599627370496 kB\nUid:\t-1\t99999999999999999999\t0\t0\n"
				"voluntary_ctxt_switches:\t18446744073709551615\n"
				"nonvoluntary_ctxt_switches:\t18446744073709551616\n", 0, &p), 0);
	HAVE_EQ(&p, SYSQ_P_RSS, rss, 18014398509481983ull * 1024);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_VMS));
	assert_false(SYSQ_HAVE(&p, SYSQ_P_SWAP));
	assert_false(SYSQ_HAVE(&p, SYSQ_P_DATA)); /* VmStk too large */
	HAVE_EQ(&p, SYSQ_P_RUID, ruid, -1);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_EUID));
	HAVE_EQ(&p, SYSQ_P_VOLUNTARY, voluntary, UINT64_MAX);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_INVOLUNTARY));
	sysq_proc_release(&p);
}

/* After stat, the lines stat has too leave stat's values */
static void status_after_stat(void **state)
{
	struct sysq_proc p;

	(void)state;
	assert_int_equal(parse_stat("7 (fromstat) R 3 4 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 9 0 100 0 0\n", &params, &p), 0);
	assert_int_equal(parse_status("Name:\tfromstatus\nState:\tS (sleeping)\nPPid:\t30\nNSpgid:\t40\n"
				"NSsid:\t50\nThreads:\t90\nKthread:\t1\nUid:\t0\t0\t0\t0\n", 0, &p), 0);
	assert_string_equal(p.name, "fromstat");
	assert_string_equal(p.status, "running");
	assert_true(p.ppid == 3 && p.pgid == 4 && p.sid == 5 && p.num_threads == 9);
	assert_false(p.kernel_thread);
	sysq_proc_release(&p);
	/* alone, status says it; Name unescapes only \\ and \n */
	memset(&p, 0, sizeof(p));
	assert_int_equal(parse_status("Name:\t a\\nb\\\\c\\t\nKthread:\t1\nNSpgid:\t40\n", 0, &p), 0);
	assert_string_equal(p.name, " a\nb\\c\\t");
	assert_true(p.kernel_thread);
	HAVE_EQ(&p, SYSQ_P_PGID, pgid, 40);
	sysq_proc_release(&p);
}

/* ---- stat ------------------------------------------------------------ */

static void stat_kernel(void **state)
{
	struct sysq_proc p;

	(void)state;
	assert_int_equal(parse_stat("4242 (sleep) S 4000 4100 4000 34816 4100 4194304 120 0 1 0 250 50 3 4 20 0 1 0 "
			      "12345 8000000 200 18446744073709551615 94000000000000 94000000100000 "
			      "140000000000000 0 0 0 0 0 0 0 0 0 17 1 0 0 7 0 0\n", &params, &p), 0);
	assert_string_equal(p.name, "sleep");
	assert_int_equal(p.state, 'S');
	HAVE_EQ(&p, SYSQ_P_PPID, ppid, 4000);
	HAVE_EQ(&p, SYSQ_P_TTY_NR, tty_nr, 34816);
	HAVE_EQ(&p, SYSQ_P_FLAGS, flags, 4194304);
	HAVE_EQ(&p, SYSQ_P_MINOR_FAULTS, minor_faults, 120);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_USER) && p.user > 2.49 && p.user < 2.51);
	HAVE_EQ(&p, SYSQ_P_NICE, nice, 0);
	HAVE_EQ(&p, SYSQ_P_START_TICKS, start_ticks, 12345);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_CREATE_TIME) && p.create_time > 1123.44 && p.create_time < 1123.46);
	HAVE_EQ(&p, SYSQ_P_VMS_STAT, vms_stat, 8000000);
	HAVE_EQ(&p, SYSQ_P_RSS_STAT, rss_stat, 200 * 4096);
	HAVE_EQ(&p, SYSQ_P_START_CODE, start_code, 94000000000000);
	HAVE_EQ(&p, SYSQ_P_CPU_NUM, cpu_num, 1);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_IOWAIT) && p.iowait > 0.069 && p.iowait < 0.071);
	assert_false(p.kernel_thread);
	sysq_proc_release(&p);
}

static void stat_hostile(void **state)
{
	struct sysq_proc p;
	struct sysq_proc_params noboot = params;
	char longname[200];

	(void)state;
	/* the name runs from the first '(' to the last ')' */
	assert_int_equal(parse_stat("1 (a) b) (c) Z 0 1 1\n", &params, &p), 0);
	assert_string_equal(p.name, "a) b) (c");
	assert_string_equal(p.status, "zombie");
	HAVE_EQ(&p, SYSQ_P_SID, sid, 1);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_TTY_NR)); /* the line ends there */
	sysq_proc_release(&p);
	/* no name, a name never closed, nothing after it: not a stat line */
	assert_int_equal(parse_stat("", &params, &p), SYSQ_EPARSE);
	assert_int_equal(parse_stat("7 x S 1\n", &params, &p), SYSQ_EPARSE);
	assert_int_equal(parse_stat("7 (x S 1\n", &params, &p), SYSQ_EPARSE);
	assert_int_equal(parse_stat(")7 ( S\n", &params, &p), SYSQ_EPARSE);
	assert_int_equal(parse_stat("7 (x)", &params, &p), SYSQ_EPARSE);
	assert_int_equal(parse_stat("7 (x) ", &params, &p), SYSQ_EPARSE);
	/* a name longer than comm is cut */
	memset(longname, 'L', sizeof(longname));
	memcpy(longname, "1 (", 3);
	memcpy(longname + sizeof(longname) - 6, ") S 0", 6);
	assert_int_equal(parse_stat(longname, &params, &p), 0);
	assert_int_equal(strlen(p.comm), sizeof(p.comm) - 1);
	HAVE_EQ(&p, SYSQ_P_PPID, ppid, 0);
	sysq_proc_release(&p);
	/* above INT64_MAX: held at INT64_MAX; above 64 bits: the fields end */
	assert_int_equal(parse_stat("7 (x) S 1 7 7 0 -1 18446744073709551615 99999999999999999999 3\n", &params, &p), 0);
	HAVE_EQ(&p, SYSQ_P_FLAGS, flags, (uint64_t)INT64_MAX);
	assert_true(p.kernel_thread); /* every flag bit is set */
	assert_false(SYSQ_HAVE(&p, SYSQ_P_MINOR_FAULTS));
	sysq_proc_release(&p);
	/* negative counts are absent; rss * page size past 64 bits too */
	assert_int_equal(parse_stat("7 (x) S 1 7 7 0 -1 0 -5 0 0 0 0 0 0 0 20 0 1 0 99 0 9223372036854775807\n", &params, &p), 0);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_MINOR_FAULTS));
	assert_false(SYSQ_HAVE(&p, SYSQ_P_RSS_STAT));
	HAVE_EQ(&p, SYSQ_P_START_TICKS, start_ticks, 99);
	sysq_proc_release(&p);
	/* without ptrace access: 1, 1 for the code addresses; nothing known */
	assert_int_equal(parse_stat("7 (x) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99 0 0 18446744073709551615 1 1 0 0 0\n",
			      &params, &p), 0);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_START_CODE) || SYSQ_HAVE(&p, SYSQ_P_END_CODE) ||
		     SYSQ_HAVE(&p, SYSQ_P_START_STACK));
	sysq_proc_release(&p);
	/* no boot time: no create_time; a cut line keeps what it has */
	noboot.have_boot_time = false;
	assert_int_equal(parse_stat("7 (x) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99", &noboot, &p), 0);
	HAVE_EQ(&p, SYSQ_P_START_TICKS, start_ticks, 99);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_CREATE_TIME));
	assert_false(SYSQ_HAVE(&p, SYSQ_P_VMS_STAT));
	sysq_proc_release(&p);
	/* a NUL in the fields ends them */
	{
		static const char nul[] = "7 (x) S 1 7\0 7 0";
		char *s = malloc(sizeof(nul));

		assert_non_null(s);
		memcpy(s, nul, sizeof(nul));
		memset(&p, 0, sizeof(p));
		assert_int_equal(sysq_parse_proc_stat(s, sizeof(nul) - 1, &params, &p), 0);
		HAVE_EQ(&p, SYSQ_P_PGID, pgid, 7);
		assert_false(SYSQ_HAVE(&p, SYSQ_P_SID));
		free(s);
	}
}

/* smaps_rollup and smaps: a key without its colon takes nothing (it took
 * the next line's number, and read past the buffer at its end: found by
 * fuzz_smaps), and a sum past 64 bits of bytes is absent */
static void smaps_sums(void **state)
{
	static const char *const cases[] = { "Pss\n7 kB\nSwap:  2 kB\nPss", "Pss" };
	struct sysq_proc p;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(cases[i]);
		char *s = malloc(n + 1);

		assert_non_null(s);
		memcpy(s, cases[i], n + 1);
		memset(&p, 0, sizeof(p));
		assert_int_equal(sysq_parse_proc_smaps(s, n, &p), 0);
		HAVE_EQ(&p, SYSQ_P_PSS, pss, 0);
		HAVE_EQ(&p, SYSQ_P_SWAP_SMAPS, swap_smaps, i ? 0 : 2048);
		free(s);
	}
	{
		static const char t[] = "Pss: 9007199254740992 kB\nPss: 9007199254740992 kB\nPss_Anon: 5 kB\n"
					"Private_Clean: 1 kB\nPrivate_Dirty: 2 kB\nPrivate_Hugetlb: 4 kB\n";
		char *s = malloc(sizeof(t));

		assert_non_null(s);
		memcpy(s, t, sizeof(t));
		memset(&p, 0, sizeof(p));
		assert_int_equal(sysq_parse_proc_smaps(s, sizeof(t) - 1, &p), 0);
		assert_false(SYSQ_HAVE(&p, SYSQ_P_PSS));
		HAVE_EQ(&p, SYSQ_P_USS, uss, 7 * 1024);
		free(s);
	}
}

/* io: the kernel's seven lines in any order; a key is what stands
 * before the colon */
static void io_keys(void **state)
{
	static const char t[] = "write_bytes: 8192\nrchar: 100\nwchar: 200\nsyscr: 3\nsyscw: 4\n"
				"read_bytes: 4096\ncancelled_write_bytes: 0\nrchar 7\nwchar:\nread_bytes_x: 1\nsyscw";
	struct sysq_proc p;
	char *s = malloc(sizeof(t));

	(void)state;
	assert_non_null(s);
	memcpy(s, t, sizeof(t));
	memset(&p, 0, sizeof(p));
	assert_int_equal(sysq_parse_proc_io(s, sizeof(t) - 1, &p), 0);
	HAVE_EQ(&p, SYSQ_P_READ_CHARS, read_chars, 100);
	HAVE_EQ(&p, SYSQ_P_WRITE_CHARS, write_chars, 200);
	HAVE_EQ(&p, SYSQ_P_READ_COUNT, read_count, 3);
	HAVE_EQ(&p, SYSQ_P_WRITE_COUNT, write_count, 4);
	HAVE_EQ(&p, SYSQ_P_READ_BYTES, read_bytes, 4096);
	HAVE_EQ(&p, SYSQ_P_WRITE_BYTES, write_bytes, 8192);
	HAVE_EQ(&p, SYSQ_P_CANCELLED_WRITE_BYTES, cancelled_write_bytes, 0);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_kernel_order),
		cmocka_unit_test(status_reordered),
		cmocka_unit_test(status_repeated),
		cmocka_unit_test(status_missing),
		cmocka_unit_test(status_unknown),
		cmocka_unit_test(status_no_newline),
		cmocka_unit_test(status_long_lines),
		cmocka_unit_test(status_truncated),
		cmocka_unit_test(status_overflow),
		cmocka_unit_test(status_after_stat),
		cmocka_unit_test(stat_kernel),
		cmocka_unit_test(stat_hostile),
		cmocka_unit_test(smaps_sums),
		cmocka_unit_test(io_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
