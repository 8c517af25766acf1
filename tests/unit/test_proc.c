/* The process layer on a fixture /proc (tests/fixtures/proc-basic) with
 * hostile names, a zombie, a kernel thread, a thread, a truncated stat. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "unit.h"

#define ALL (~0u & ~(SYSQ_PN_OPEN_FILES | SYSQ_PN_CONNECTIONS | SYSQ_PN_MAPS))

static double tck(void)
{
	return (double)sysconf(_SC_CLK_TCK);
}

static void init_everything(void **state)
{
	sysq_ctx *ctx = unit_ctx("proc-basic");
	struct sysq_proc p;
	uint64_t ps = (uint64_t)sysconf(_SC_PAGESIZE);

	(void)state;
	assert_int_equal(sysq_proc_read(ctx, 1, ALL, &p), 0);
	assert_string_equal(p.name, "systemd");
	assert_string_equal(p.status, "sleeping");
	assert_true(p.ppid == 0 && p.pgid == 1 && p.sid == 1 && p.tpgid == -1);
	assert_true(p.user == 250 / tck() && p.system == 130 / tck());
	assert_true(p.children_user == 10 / tck() && p.children_system == 20 / tck());
	assert_true(p.minor_faults == 100 && p.major_faults == 5);
	assert_true(p.children_minor_faults == 7 && p.children_major_faults == 1);
	assert_true(p.priority == 20 && p.nice == 0 && p.num_threads == 1);
	assert_true(p.start_ticks == 5);
	assert_true(p.create_time == 1700000000 + 5 / tck());
	assert_true(p.vms_stat == 170000000 && p.rss_stat == 2500 * ps);
	assert_true(p.cpu_num == 1 && p.iowait == 7 / tck());
	assert_false(p.kernel_thread);
	/* status */
	assert_true(p.ruid == 0 && p.euid == 0 && p.fsgid == 0);
	assert_true(p.voluntary == 3821 && p.involuntary == 122);
	assert_true(p.peak_vms == 170000ULL * 1024 && p.peak_rss == 12000ULL * 1024);
	assert_true(p.rss_anon == 6000ULL * 1024 && p.swap == 64 * 1024);
	assert_true(p.sig_pending == 0x100 && p.sig_blocked == 0x7be3c0fe28014a03ULL);
	assert_true(p.sig_ignored == 0x1000 && p.sig_caught == 0x1800004ecULL);
	assert_string_equal(p.cpu_affinity, "0-1");
	assert_string_equal(p.username, "root");
	/* statm */
	assert_true(p.vms == 41504 * ps && p.rss == 2500 * ps && p.shared == 975 * ps);
	assert_true(p.text == 10 * ps && p.data == 2870 * ps);
	/* the rest */
	assert_int_equal(p.ncmdline, 2);
	assert_string_equal(p.cmdline[0], "/sbin/init");
	assert_string_equal(p.cmdline[1], "splash");
	assert_null(p.cmdline[2]);
	assert_int_equal(p.nenviron, 2);
	assert_string_equal(p.environ[1], "TERM=linux");
	assert_true(p.read_chars == 1000 && p.write_chars == 2000 && p.read_count == 30);
	assert_true(p.write_count == 40 && p.read_bytes == 4096 && p.write_bytes == 8192);
	assert_true(p.num_fds == 3);
	assert_string_equal(p.wchan, "ep_poll");
	assert_string_equal(p.cgroup, "0::/init.scope");
	assert_true(p.uss == 5000 * 1024 && p.pss == 6000 * 1024 && p.swap_smaps == 64 * 1024);
	assert_true(p.have_rlimit);
	assert_true(p.rlimit_soft[SYSQ_RLIMIT_CPU] == SYSQ_RLIM_INFINITY);
	assert_true(p.rlimit_soft[SYSQ_RLIMIT_STACK] == 8388608);
	assert_true(p.rlimit_hard[SYSQ_RLIMIT_STACK] == SYSQ_RLIM_INFINITY);
	assert_true(p.rlimit_soft[SYSQ_RLIMIT_NOFILE] == 1024 && p.rlimit_hard[SYSQ_RLIMIT_NOFILE] == 524288);
	assert_true(p.rlimit_soft[SYSQ_RLIMIT_FSIZE] == SYSQ_RLIM_INFINITY);
	assert_true(p.rlimit_soft[SYSQ_RLIMIT_LOCKS] == SYSQ_RLIM_INFINITY);
	assert_true(p.rlimit_soft[SYSQ_RLIMIT_RTTIME] == SYSQ_RLIM_INFINITY);
	/* exe and cwd are links this fixture lacks: absent, not an error */
	assert_false(SYSQ_HAVE(&p, SYSQ_P_EXE));
	assert_null(p.exe);
	sysq_proc_release(&p);
	sysq_close(ctx);
}

/* Only what is asked for is read. */
static void by_request(void **state)
{
	sysq_ctx *ctx = unit_ctx("proc-basic");
	struct sysq_proc p;

	(void)state;
	assert_int_equal(sysq_proc_read(ctx, 1, SYSQ_PN_STATM, &p), 0);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_RSS));
	assert_false(SYSQ_HAVE(&p, SYSQ_P_NAME));
	assert_false(SYSQ_HAVE(&p, SYSQ_P_RUID));
	assert_null(p.cmdline);
	sysq_proc_release(&p);
	/* status alone has the same rss and vms as statm */
	assert_int_equal(sysq_proc_read(ctx, 42, SYSQ_PN_STATUS, &p), 0);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_RSS) && p.rss == 10000 * 1024ull);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_VMS) && p.vms == 166016 * 1024ull);
	/* and statm's shared: RssFile + RssShmem */
	assert_true(SYSQ_HAVE(&p, SYSQ_P_SHARED) && p.shared == (3900 + 100) * 1024ull);
	sysq_proc_release(&p);
	assert_int_equal(sysq_proc_field_need(SYSQ_P_USS), SYSQ_PN_SMAPS);
	assert_int_equal(sysq_proc_field_need(SYSQ_P_NICE), SYSQ_PN_STAT);
	assert_int_equal(sysq_proc_field_need(SYSQ_P_EUID), SYSQ_PN_STATUS);
	sysq_close(ctx);
}

static void hostile_names(void **state)
{
	sysq_ctx *ctx = unit_ctx("proc-basic");
	struct sysq_proc p;

	(void)state;
	/* "evil) S 1 (x": the last ')' ends the name */
	assert_int_equal(sysq_proc_read(ctx, 42, SYSQ_PN_STAT | SYSQ_PN_STATUS, &p), 0);
	assert_string_equal(p.name, "evil) S 1 (x");
	assert_string_equal(p.status, "running");
	assert_true(p.ppid == 1 && p.nice == 5 && p.priority == 25 && p.tty_nr == 34816);
	assert_true(p.user == 1000 / tck());
	assert_true(p.ruid == 1000);
	assert_string_equal(p.username, "alice");
	sysq_proc_release(&p);
	/* raw bytes are kept; escaping is the renderer's job */
	assert_int_equal(sysq_proc_read(ctx, 43, SYSQ_PN_STAT | SYSQ_PN_STATUS | SYSQ_PN_CMDLINE, &p), 0);
	assert_string_equal(p.name, "a\nb\x1b[31m\xff");
	assert_string_equal(p.cmdline[2], "echo \x1b]0;pwned\x07\xff");
	/* a uid with no passwd entry is its number */
	assert_string_equal(p.username, "4242");
	sysq_proc_release(&p);
	/* a captured tree is no procfs, its owners mean nothing: the
	 * effective user and group come from status */
	assert_int_equal(sysq_proc_read(ctx, 43, SYSQ_PN_STAT | SYSQ_PN_OWNER, &p), 0);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_EUID) && p.euid == 4242 && p.egid == 4242);
	sysq_proc_release(&p);
	/* comm is 15 bytes: argv[0]'s basename is the name */
	assert_int_equal(sysq_proc_read(ctx, 47, SYSQ_PN_STAT | SYSQ_PN_CMDLINE, &p), 0);
	assert_string_equal(p.name, "averyveryverylongname");
	sysq_proc_release(&p);
	sysq_close(ctx);
}

static void zombie_and_kthread(void **state)
{
	sysq_ctx *ctx = unit_ctx("proc-basic");
	struct sysq_proc p;

	(void)state;
	assert_int_equal(sysq_proc_read(ctx, 44, SYSQ_PN_STAT | SYSQ_PN_STATM | SYSQ_PN_CMDLINE | SYSQ_PN_EXE, &p), 0);
	assert_string_equal(p.status, "zombie");
	assert_int_equal(p.state, 'Z');
	assert_true(p.rss == 0 && SYSQ_HAVE(&p, SYSQ_P_RSS));
	assert_int_equal(p.ncmdline, 0);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_EXE));
	sysq_proc_release(&p);
	assert_int_equal(sysq_proc_read(ctx, 45, SYSQ_PN_STAT | SYSQ_PN_CMDLINE, &p), 0);
	assert_true(p.kernel_thread);
	assert_string_equal(p.name, "kworker/0:1-events");
	assert_string_equal(p.status, "idle");
	sysq_proc_release(&p);
	sysq_close(ctx);
}

static void missing_and_broken(void **state)
{
	sysq_ctx *ctx = unit_ctx("proc-basic");
	struct sysq_proc p;

	(void)state;
	assert_int_equal(sysq_proc_read(ctx, 12345, SYSQ_PN_STAT, &p), SYSQ_ENOENT);
	assert_int_equal(sysq_proc_read(ctx, 12345, SYSQ_PN_STAT | SYSQ_PN_STATUS, &p), SYSQ_ENOENT);
	assert_int_equal(sysq_proc_read(ctx, 0, SYSQ_PN_STAT, &p), SYSQ_ENOENT);
	assert_int_equal(sysq_proc_read(ctx, -5, SYSQ_PN_STAT, &p), SYSQ_ENOENT);
	assert_int_equal(sysq_proc_read(ctx, 48, SYSQ_PN_STAT, &p), SYSQ_EPARSE);
	/* statm missing on a process that has stat: absent, not an error */
	assert_int_equal(sysq_proc_read(ctx, 42, SYSQ_PN_STAT | SYSQ_PN_STATM, &p), SYSQ_OK);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_NAME) && !SYSQ_HAVE(&p, SYSQ_P_SHARED) && !SYSQ_HAVE(&p, SYSQ_P_RSS));
	sysq_proc_release(&p);
	/* 47 has stat and cmdline, no status: status's fields are absent */
	assert_int_equal(sysq_proc_read(ctx, 47, SYSQ_PN_STAT | SYSQ_PN_STATUS | SYSQ_PN_CMDLINE, &p), SYSQ_OK);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_CMDLINE) && !SYSQ_HAVE(&p, SYSQ_P_RUID));
	sysq_proc_release(&p);
	sysq_close(ctx);
}

/* children, parents, is_running, memory_percent on the fixture; the
 * percentages and ionice on live processes */
static void family(void **state)
{
	sysq_ctx *ctx = unit_ctx("proc-basic");
	struct sysq_proc a, b;
	pid_t *v;
	size_t n;
	double pct;
	int cls, lvl;

	(void)state;
	assert_int_equal(sysq_proc_children(ctx, 1, false, &v, &n), 0);
	assert_int_equal(n, 4);
	assert_true(v[0] == 42 && v[1] == 43 && v[2] == 44 && v[3] == 47);
	free(v);
	assert_int_equal(sysq_proc_children(ctx, 12345, true, &v, &n), 0);
	assert_int_equal(n, 0);
	free(v);
	assert_int_equal(sysq_proc_parents(ctx, 42, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0], 1);
	free(v);
	assert_int_equal(sysq_proc_parents(ctx, 12345, &v, &n), SYSQ_ENOENT);
	assert_int_equal(sysq_proc_read(ctx, 42, SYSQ_PN_STAT | SYSQ_PN_STATUS, &a), 0);
	assert_int_equal(sysq_proc_is_running(ctx, &a), 1);
	a.start_ticks++;
	assert_int_equal(sysq_proc_is_running(ctx, &a), 0);
	/* the fixture has no meminfo: no total to divide by */
	assert_int_equal(sysq_proc_memory_percent(ctx, &a, SYSQ_P_RSS, &pct), SYSQ_ENOENT);
	assert_int_equal(sysq_proc_memory_percent(ctx, &a, SYSQ_P_NICE, &pct), SYSQ_EINVAL);
	assert_int_equal(sysq_proc_ionice(ctx, 42, &cls, &lvl), SYSQ_ENOTSUP);
	sysq_proc_release(&a);
	sysq_close(ctx);

	assert_int_equal(sysq_open(&ctx, NULL), 0);
	assert_int_equal(sysq_proc_read(ctx, getpid(), SYSQ_PN_STAT, &a), 0);
	for (volatile unsigned long i = 0; i < 50000000ul; i++)
		;
	assert_int_equal(sysq_proc_read(ctx, getpid(), SYSQ_PN_STAT, &b), 0);
	assert_int_equal(sysq_proc_cpu_percent(&a, &b, &pct), 0);
	assert_true(pct >= 0 && pct <= 100.0 * 1024);
	assert_int_equal(sysq_proc_cpu_percent(&a, &a, &pct), SYSQ_EINVAL);
	sysq_proc_release(&b);
	assert_int_equal(sysq_proc_read(ctx, getpid(), SYSQ_PN_STATUS, &b), 0);
	/* status gives statm's figures: the same numbers as statm itself */
	{
		struct sysq_proc m;

		assert_int_equal(sysq_proc_read(ctx, getpid(), SYSQ_PN_STATM, &m), 0);
		assert_true(m.text == b.text); /* (vms and data may move with the heap) */
		assert_true(SYSQ_HAVE(&b, SYSQ_P_SHARED) && SYSQ_HAVE(&b, SYSQ_P_DATA) && SYSQ_HAVE(&b, SYSQ_P_TEXT));
		sysq_proc_release(&m);
	}
	{
		struct sysq_vmem vm;

		assert_int_equal(sysq_virtual_memory(ctx, &vm), 0);
		assert_int_equal(sysq_proc_memory_percent(ctx, &b, SYSQ_P_RSS, &pct), 0);
		assert_true(pct > 0 && pct == (double)b.rss * 100.0 / (double)vm.total);
	}
	assert_int_equal(sysq_proc_children(ctx, getppid(), false, &v, &n), 0);
	{
		bool found = false;

		for (size_t i = 0; i < n; i++)
			found |= v[i] == getpid();
		assert_true(found);
	}
	free(v);
	assert_int_equal(sysq_proc_ionice(ctx, getpid(), &cls, &lvl), 0);
	assert_true(cls >= 0 && cls <= 3);
	sysq_proc_release(&a);
	sysq_proc_release(&b);
	sysq_close(ctx);
}

static void pids_and_exists(void **state)
{
	sysq_ctx *ctx = unit_ctx("proc-basic");
	const pid_t want[] = { 1, 42, 43, 44, 45, 47, 48, 49 };
	sysq_proc_iter *it;
	struct sysq_proc p;
	pid_t *pids;
	size_t n, got = 0;
	int rc;

	(void)state;
	assert_int_equal(sysq_pids(ctx, &pids, &n), 0);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < n; i++)
		assert_int_equal(pids[i], want[i]);
	free(pids);
	assert_int_equal(sysq_pid_exists(ctx, 1), 1);
	assert_int_equal(sysq_pid_exists(ctx, 49), 0); /* a thread of 1 */
	assert_int_equal(sysq_pid_exists(ctx, 12345), 0);
	assert_int_equal(sysq_pid_exists(ctx, 0), 0);
	/* iteration skips the broken 48 */
	assert_int_equal(sysq_proc_iter_open(ctx, SYSQ_PN_STAT, &it), 0);
	while ((rc = sysq_proc_next(it, &p)) == 1) {
		assert_int_not_equal(p.pid, 48);
		got++;
		sysq_proc_release(&p);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(got, 7);
	sysq_proc_iter_close(it);
	sysq_close(ctx);
}

static void threads_and_ttys(void **state)
{
	sysq_ctx *ctx = unit_ctx("proc-basic");
	struct sysq_thread *t;
	char buf[32];
	size_t n;

	(void)state;
	assert_int_equal(sysq_proc_threads(ctx, 1, &t, &n), 0);
	assert_int_equal(n, 2);
	assert_true(t[0].id == 1 && t[1].id == 49);
	assert_string_equal(t[1].name, "worker thr");
	assert_true(t[0].user_time == 250 / tck());
	free(t);
	assert_int_equal(sysq_proc_threads(ctx, 12345, &t, &n), SYSQ_ENOENT);
	/* (major << 8 | minor), with the minor's high bits above bit 20 */
	assert_int_equal(sysq_tty_name(ctx, 34816, buf, sizeof(buf)), 0); /* 136:0 */
	assert_string_equal(buf, "pts/0");
	assert_int_equal(sysq_tty_name(ctx, (136 << 8) | 5 | (1 << 20), buf, sizeof(buf)), 0);
	assert_string_equal(buf, "pts/261");
	assert_int_equal(sysq_tty_name(ctx, (4 << 8) | 1, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "tty1");
	assert_int_equal(sysq_tty_name(ctx, (4 << 8) | 65, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "ttyS1");
	assert_int_equal(sysq_tty_name(ctx, (5 << 8) | 1, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "console");
	assert_int_equal(sysq_tty_name(ctx, (188 << 8) | 3, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "ttyUSB3");
	assert_int_equal(sysq_tty_name(ctx, 0, buf, sizeof(buf)), SYSQ_ENOENT);
	assert_string_equal(buf, "?");
	assert_int_equal(sysq_tty_name(ctx, (250 << 8) | 1, buf, sizeof(buf)), SYSQ_ENOENT);
	sysq_close(ctx);
}

/* This very process, live: values that must agree with what we know. */
static void live_self(void **state)
{
	sysq_ctx *ctx;
	struct sysq_proc p;

	(void)state;
	assert_int_equal(sysq_open(&ctx, NULL), 0);
	assert_int_equal(sysq_proc_read(ctx, getpid(), ALL, &p), 0);
	assert_true(p.pid == getpid() && p.ppid == getppid());
	assert_true(p.ruid == (int64_t)getuid() && p.euid == (int64_t)geteuid());
	assert_int_equal(p.state, 'R');
	assert_non_null(p.exe);
	assert_non_null(strstr(p.exe, "test_proc"));
	assert_true(p.num_fds >= 3);
	assert_true(p.rss > 0 && p.vms >= p.rss);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_USS) && p.uss > 0);
	assert_int_equal(sysq_pid_exists(ctx, getpid()), 1);
	sysq_proc_release(&p);
	/* owner: the effective uid and gid, the owner of /proc/PID */
	assert_int_equal(sysq_proc_read(ctx, getpid(), SYSQ_PN_STAT | SYSQ_PN_OWNER, &p), 0);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_EUID) && p.euid == (int64_t)geteuid() && p.egid == (int64_t)getegid());
	assert_false(SYSQ_HAVE(&p, SYSQ_P_RUID)); /* status was not read */
	sysq_proc_release(&p);
	assert_int_equal(sysq_proc_read(ctx, 1, SYSQ_PN_OWNER, &p), 0);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_EUID));
	sysq_proc_release(&p);
	{
		int64_t uid = -1, gid = -1;

		assert_int_equal(sysq_proc_owner(ctx, getpid(), &uid, &gid), 0);
		assert_true(uid == (int64_t)geteuid() && gid == (int64_t)getegid());
		assert_int_equal(sysq_proc_owner(ctx, -4, &uid, NULL), SYSQ_ENOENT);
	}
	sysq_close(ctx);
}

/* status alone (no stat) gives what pstree needs: name, state, parent,
 * group, session, threads, the kernel-thread flag; captured from Linux
 * 6.18 (tests/fixtures/proc-status), 12 without the lines of newer kernels */
static void status_alone(void **state)
{
	static const struct { pid_t pid; const char *name; int64_t ppid, pgid, sid; bool kthread; } want[] = {
		{ 10, "a\nb\\c", 31570, 31570, 1220, false },
		{ 11, "\tlead) x", 25493, 25493, 1220, false },
		{ 2, "kthreadd", 0, 0, 0, true },
	};
	sysq_ctx *ctx = unit_ctx("proc-status");
	struct sysq_proc p, q;

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(sysq_proc_read(ctx, want[i].pid, SYSQ_PN_STATUS, &p), 0);
		assert_false(SYSQ_HAVE(&p, SYSQ_P_FLAGS)); /* stat was not read */
		assert_string_equal(p.name, want[i].name);
		assert_string_equal(p.comm, want[i].name);
		assert_int_equal(p.state, 'S');
		assert_string_equal(p.status, "sleeping");
		assert_true(SYSQ_HAVE(&p, SYSQ_P_PPID) && p.ppid == want[i].ppid);
		assert_true(SYSQ_HAVE(&p, SYSQ_P_PGID) && p.pgid == want[i].pgid);
		assert_true(SYSQ_HAVE(&p, SYSQ_P_SID) && p.sid == want[i].sid);
		assert_true(SYSQ_HAVE(&p, SYSQ_P_NUM_THREADS) && p.num_threads == 1);
		assert_int_equal(p.kernel_thread, want[i].kthread);
		assert_true(SYSQ_HAVE(&p, SYSQ_P_EUID) && p.euid == 0);
		/* the same as stat says */
		assert_int_equal(sysq_proc_read(ctx, want[i].pid, SYSQ_PN_STAT, &q), 0);
		assert_string_equal(q.name, p.name);
		assert_true(q.ppid == p.ppid && q.pgid == p.pgid && q.sid == p.sid);
		assert_true(q.num_threads == p.num_threads && q.state == p.state && q.kernel_thread == p.kernel_thread);
		sysq_proc_release(&q);
		sysq_proc_release(&p);
	}
	/* no NSpgid, NSsid (before Linux 4.1): absent, not 0 */
	assert_int_equal(sysq_proc_read(ctx, 12, SYSQ_PN_STATUS, &p), 0);
	assert_string_equal(p.name, "\tlead) x");
	assert_true(SYSQ_HAVE(&p, SYSQ_P_PPID) && p.ppid == 25493);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_PGID) || SYSQ_HAVE(&p, SYSQ_P_SID));
	sysq_proc_release(&p);
	/* without stat, a missing status is a missing process */
	assert_int_equal(sysq_proc_read(ctx, 12345, SYSQ_PN_STATUS, &p), SYSQ_ENOENT);
	sysq_close(ctx);
	ctx = unit_ctx("proc-basic");
	assert_int_equal(sysq_proc_read(ctx, 47, SYSQ_PN_STATUS, &p), SYSQ_ENOENT);
	sysq_close(ctx);
}

/* cmdline as psutil splits it: an empty file is no argument, a lone NUL
 * one empty argument (argv[0] ""), a NUL after the trailing one an empty
 * last argument */
static void cmdline_split(void **state)
{
	sysq_ctx *ctx = unit_ctx("proc-status");
	struct sysq_proc p;

	(void)state;
	assert_int_equal(sysq_proc_read(ctx, 11, SYSQ_PN_CMDLINE, &p), 0);
	assert_int_equal(p.ncmdline, 1);
	assert_string_equal(p.cmdline[0], "");
	assert_null(p.cmdline[1]);
	sysq_proc_release(&p);
	assert_int_equal(sysq_proc_read(ctx, 10, SYSQ_PN_CMDLINE, &p), 0);
	assert_int_equal(p.ncmdline, 2);
	assert_string_equal(p.cmdline[0], "a");
	assert_string_equal(p.cmdline[1], "");
	sysq_proc_release(&p);
	assert_int_equal(sysq_proc_read(ctx, 12, SYSQ_PN_CMDLINE, &p), 0);
	assert_int_equal(p.ncmdline, 0);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_CMDLINE));
	sysq_proc_release(&p);
	sysq_close(ctx);
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n - 3; /* ".", "..", the listing's own */
}

/* Finished reads are closed in batches: never more than a bounded number
 * held, none left after sysq_close, and none of the caller's closed, even
 * one opened between two of ours, or when descriptors run out. */
static void batched_close(void **state)
{
	struct rlimit old, low;
	int base = open_fds(), mine, fill[64], nfill = 0;
	sysq_ctx *ctx = unit_ctx("proc-status");
	struct sysq_proc p;

	(void)state;
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(sysq_proc_read(ctx, 10, SYSQ_PN_STAT | SYSQ_PN_STATUS, &p), 0);
		sysq_proc_release(&p);
		assert_true(open_fds() - base <= 256);
	}
	assert_true(open_fds() > base); /* some are held: the queue works */
	mine = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(mine >= 0);
	for (int i = 0; i < 300; i++) {
		assert_int_equal(sysq_proc_read(ctx, 11, SYSQ_PN_STAT, &p), 0);
		sysq_proc_release(&p);
	}
	assert_true(fcntl(mine, F_GETFD) >= 0);
	sysq_close(ctx);
	assert_true(fcntl(mine, F_GETFD) >= 0);
	assert_int_equal(open_fds(), base + 1);
	close(mine);

	/* out of descriptors with some queued: they are closed, the read goes on */
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
	low = old;
	low.rlim_cur = (rlim_t)base + 40; /* room for a queue of 5 and the fillers */
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	ctx = unit_ctx("proc-status");
	for (int i = 0; i < 3; i++) {
		assert_int_equal(sysq_proc_read(ctx, 10, SYSQ_PN_STATUS, &p), 0);
		sysq_proc_release(&p);
	}
	while (nfill < 64 && (fill[nfill] = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0)
		nfill++;
	assert_true(nfill < 64); /* the limit was reached */
	assert_int_equal(sysq_proc_read(ctx, 11, SYSQ_PN_STATUS, &p), 0);
	assert_string_equal(p.name, "\tlead) x");
	sysq_proc_release(&p);
	for (int i = 0; i < nfill; i++) {
		assert_true(fcntl(fill[i], F_GETFD) >= 0);
		close(fill[i]);
	}
	sysq_close(ctx);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
	assert_int_equal(open_fds(), base);
}

/* The files ps's rarer columns need (tests/fixtures/proc-extra): what
 * each parser accepts, and what the kernel's markers for hidden mean. */
static void extra_files(void **state)
{
	sysq_ctx *ctx = unit_ctx("proc-extra");
	struct sysq_proc p;
	int node = -1;

	(void)state;
	assert_int_equal(sysq_proc_read(ctx, 100, ALL, &p), 0);
	assert_true(p.start_code == 4096 && p.end_code == 8192 && p.start_stack == 140000000);
	assert_true(p.esp == 777 && p.eip == 888);
	/* ShdPnd is the process's, SigPnd the thread's own */
	assert_true(p.sig_pending == 0x100 && p.sig_pending_thread == 0x200);
	assert_string_equal(p.supgid, "4,24,3000000000");
	assert_true(p.cancelled_write_bytes == 512 && p.write_bytes == 8192);
	assert_string_equal(p.wchan, "do_sys_poll");
	assert_true(p.oom_score == 667 && p.oom_score_adj == -500);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_LOGINUID) && p.loginuid == 1000);
	assert_true(p.ag_id == 42 && p.ag_nice == -3);
	assert_true(p.cgroupns == 4026531835ULL && p.netns == 4026531833ULL && p.utsns == 4026531838ULL);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_USERNS) && SYSQ_HAVE(&p, SYSQ_P_PIDNS));
	assert_false(SYSQ_HAVE(&p, SYSQ_P_TIMENS)); /* a link of another form */
	sysq_proc_release(&p);

	/* Groups is parsed only when asked for */
	assert_int_equal(sysq_proc_read(ctx, 100, SYSQ_PN_STATUS, &p), 0);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_SUPGID));
	assert_null(p.supgid);
	sysq_proc_release(&p);
	assert_int_equal(sysq_proc_read(ctx, 100, SYSQ_PN_GROUPS, &p), 0);
	assert_string_equal(p.supgid, "4,24,3000000000");
	sysq_proc_release(&p);

	/* seen without ptrace access: 1 1 0 is the kernel hiding them */
	assert_int_equal(sysq_proc_read(ctx, 200, ALL, &p), 0);
	assert_false(SYSQ_HAVE(&p, SYSQ_P_START_CODE) || SYSQ_HAVE(&p, SYSQ_P_END_CODE));
	assert_false(SYSQ_HAVE(&p, SYSQ_P_START_STACK) || SYSQ_HAVE(&p, SYSQ_P_EIP));
	assert_true(SYSQ_HAVE(&p, SYSQ_P_VMS_STAT) && p.vms_stat == 5000000);
	/* wchan "0": running, a zombie, or hidden: unknown */
	assert_false(SYSQ_HAVE(&p, SYSQ_P_WCHAN));
	assert_null(p.wchan);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_SUPGID) && !strcmp(p.supgid, ""));
	assert_false(SYSQ_HAVE(&p, SYSQ_P_LOGINUID)); /* (uid_t)-1: never set */
	assert_false(SYSQ_HAVE(&p, SYSQ_P_AG_ID) || SYSQ_HAVE(&p, SYSQ_P_AG_NICE));
	assert_false(SYSQ_HAVE(&p, SYSQ_P_OOM_SCORE)); /* not a number */
	assert_false(SYSQ_HAVE(&p, SYSQ_P_OOM_SCORE_ADJ) || SYSQ_HAVE(&p, SYSQ_P_NETNS));
	sysq_proc_release(&p);

	/* a kernel thread has no memory: 0 0 0 is what it is */
	assert_int_equal(sysq_proc_read(ctx, 300, SYSQ_PN_STAT, &p), 0);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_START_CODE) && p.start_code == 0 && p.end_code == 0);
	assert_true(SYSQ_HAVE(&p, SYSQ_P_START_STACK) && p.start_stack == 0);
	assert_true(p.kernel_thread);
	sysq_proc_release(&p);

	assert_int_equal(sysq_cpu_node(ctx, 1, &node), 0);
	assert_int_equal(node, 1);
	assert_int_equal(sysq_cpu_node(ctx, 0, &node), SYSQ_ENOENT);
	assert_int_equal(sysq_cpu_node(ctx, -1, &node), SYSQ_ENOENT);
	sysq_close(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_everything),
		cmocka_unit_test(by_request),
		cmocka_unit_test(hostile_names),
		cmocka_unit_test(zombie_and_kthread),
		cmocka_unit_test(missing_and_broken),
		cmocka_unit_test(pids_and_exists),
		cmocka_unit_test(threads_and_ttys),
		cmocka_unit_test(live_self),
		cmocka_unit_test(family),
		cmocka_unit_test(status_alone),
		cmocka_unit_test(batched_close),
		cmocka_unit_test(cmdline_split),
		cmocka_unit_test(extra_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
