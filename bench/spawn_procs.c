/*
 * bench/spawn_procs.c: the workload of bench/procs.sh.  Not part of the
 * build: procs.sh compiles it with `cc -O2 -pthread` into a temporary
 * directory.
 *
 *   spawn_procs [-d] [-u UID:GID] N
 *                                  start N idle processes, print "pid PID" (its
 *                                  own pid), then "ready" when all of them are
 *                                  up, and kill them all when stdin reaches EOF
 *                                  or on SIGTERM/SIGINT/SIGHUP; then exit,
 *                                  which closes its stdout
 *     -d                           detach first (fork, the parent exits), so
 *                                  that the workload hangs off init (or the
 *                                  nearest subreaper), not off the caller's
 *                                  shells: pstree's output, truncated at 132
 *                                  columns when not on a terminal, then does
 *                                  not depend on how deep the caller was
 *   spawn_procs census PID         describe the children of PID (Markdown list)
 *
 * Child i (0-based) of the N:
 *   - is started by execve() of a symlink to this program named after one of
 *     eight command names (so comm varies), argv[0] either the bare name or a
 *     full path, 0-8 further arguments of 0-40 bytes, and one in 25 has an
 *     extra 1-4 KiB argument;
 *   - one in 4 runs as UID:GID (-u; it switches before execve, so it is an
 *     ordinary, dumpable process of that user);
 *   - one in 16 starts 2-4 extra threads;
 *   - child 0 is "sqb-switched": it is executed as root and calls
 *     setresuid()/setresgid() to nobody afterwards, which makes it
 *     non-dumpable: the files in its /proc/PID (not the directory itself,
 *     which follows the effective uid) are owned by root.
 * Every child (and every extra thread) blocks in read() on a pipe whose write
 * end only this program holds: when it closes, or when this program dies,
 * they all get EOF and exit.  No sleeps, no polling.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define HOLD_FD  3 /* children: read end of the hold pipe */
#define READY_FD 4 /* children: write end of the ready pipe */
#define NOBODY   65534

static const char *const names[] = {
	"sqb-idle", "sqb-worker", "sqb-cache", "sqb-httpd",
	"sqb-queue", "sqb-agent", "sqb-db", "sqb-job-runner-long-name",
};
#define NNAMES (sizeof names / sizeof names[0])
#define SWITCHED "sqb-switched"

static pid_t *pids;
static long npids;
static int holdw = -1;

static void die(const char *what)
{
	fprintf(stderr, "spawn_procs: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* async-signal-safe: used from the signal handler as well */
static void kill_all(void)
{
	long i;

	if (holdw >= 0)
		close(holdw);
	holdw = -1;
	for (i = 0; i < npids; i++)
		kill(pids[i], SIGKILL);
	for (i = 0; i < npids; i++)
		while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
			;
	npids = 0;
}

static void on_signal(int sig)
{
	(void)sig;
	kill_all();
	_exit(0);
}

/* ---- the child ------------------------------------------------------- */

static void *thread_main(void *arg)
{
	char c;

	(void)arg;
	while (read(HOLD_FD, &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

static int child_main(void)
{
	const char *s;
	char c = 'x';
	int i, nthreads = 0;
	pthread_t t;

	if ((s = getenv("SPAWN_PROCS_THREADS")))
		nthreads = atoi(s);
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&t, NULL, thread_main, NULL) != 0)
			_exit(3);
	if (getenv("SPAWN_PROCS_SWITCH")) {
		/* started as root: switch now, after execve */
		if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
		    setresuid(NOBODY, NOBODY, NOBODY) < 0)
			_exit(4);
	}
	if (write(READY_FD, &c, 1) != 1)
		_exit(5);
	close(READY_FD);
	while (read(HOLD_FD, &c, 1) < 0 && errno == EINTR)
		;
	_exit(0);
}

/* ---- the spawner ----------------------------------------------------- */

static char selfdir[PATH_MAX - 64]; /* room for "/name" */

/* dir/name -> this program, so that execve gives the child that comm */
static void make_link(const char *self, const char *name)
{
	char p[PATH_MAX];

	snprintf(p, sizeof p, "%s/%s", selfdir, name);
	if (symlink(self, p) < 0 && errno != EEXIST)
		die(p);
}

static void spawn_one(long i, uid_t uid, gid_t gid, int holdr, int readyw, int devnull)
{
	static char arg0[PATH_MAX], path[PATH_MAX], args[9][64], longarg[4200];
	static char env_threads[48];
	char *argv[12], *envp[6];
	const char *name;
	int argc = 0, envc = 0, k, nextra, nthreads = 0, other_user, sw = i == 0;
	size_t len;

	name = sw ? SWITCHED : names[(i / 4) % NNAMES];
	other_user = !sw && i % 4 == 3;
	if (!sw && i % 16 == 5)
		nthreads = 2 + (int)((i / 16) % 3);

	snprintf(path, sizeof path, "%s/%s", selfdir, name);
	if (i % 3 == 0)
		snprintf(arg0, sizeof arg0, "/opt/sqbench/bin/%s", name);
	else
		snprintf(arg0, sizeof arg0, "%s", name);
	argv[argc++] = arg0;
	nextra = (int)((i * 7) % 9);
	for (k = 0; k < nextra; k++) {
		len = (size_t)((i * 13 + k * 31) % 41);
		int pre = snprintf(args[k], sizeof args[k], "--o%d=", k);
		memset(args[k] + pre, 'a' + (int)((i + k) % 26), len);
		args[k][pre + (int)len] = '\0';
		argv[argc++] = args[k];
	}
	if (i % 25 == 7) {
		/* a long command line: a 1-4 KiB class path */
		size_t want = 1024 + (size_t)((i * 97) % 3072), n;
		n = (size_t)snprintf(longarg, sizeof longarg, "--classpath=");
		while (n + 24 < want)
			n += (size_t)snprintf(longarg + n, sizeof longarg - n,
			                      "/opt/lib/jar%05zu.jar:", n);
		argv[argc++] = longarg;
	}
	argv[argc] = NULL;

	envp[envc++] = "SPAWN_PROCS_CHILD=1";
	envp[envc++] = "PATH=/usr/bin:/bin";
	if (nthreads) {
		snprintf(env_threads, sizeof env_threads, "SPAWN_PROCS_THREADS=%d", nthreads);
		envp[envc++] = env_threads;
	}
	if (sw)
		envp[envc++] = "SPAWN_PROCS_SWITCH=1";
	envp[envc] = NULL;

	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "spawn_procs: fork #%ld: %s\n", i, strerror(errno));
		kill_all();
		exit(1);
	}
	if (pid > 0) {
		pids[npids++] = pid;
		return;
	}
	/* child: fds 0-2 to /dev/null, 3 = hold, 4 = ready; default signals */
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	if (dup2(devnull, 0) < 0 || dup2(devnull, 1) < 0 || dup2(devnull, 2) < 0 ||
	    dup2(holdr, HOLD_FD) < 0 || dup2(readyw, READY_FD) < 0)
		_exit(126);
	close_range(READY_FD + 1, ~0U, 0); /* nothing else from the caller */
	if (other_user && (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 ||
	                   setresuid(uid, uid, uid) < 0))
		_exit(126);
	execve(path, argv, envp);
	_exit(127);
}

static int high_fd(int fd)
{
	int h = fcntl(fd, F_DUPFD_CLOEXEC, 10);

	if (h < 0)
		die("fcntl(F_DUPFD_CLOEXEC)");
	close(fd);
	return h;
}

static int spawn(long n, uid_t uid, gid_t gid, int detach)
{
	char self[PATH_MAX], *slash, buf[4096];
	int hold[2], ready[2], devnull;
	long i, got = 0;
	ssize_t r, len;
	struct rlimit rl;
	struct sigaction sa;

	if (detach) {
		pid_t p = fork();
		if (p < 0)
			die("fork");
		if (p > 0)
			_exit(0);
	}
	printf("pid %ld\n", (long)getpid());
	fflush(stdout);

	len = readlink("/proc/self/exe", self, sizeof self - 1);
	if (len < 0)
		die("/proc/self/exe");
	self[len] = '\0';
	if ((size_t)len >= sizeof selfdir) {
		fprintf(stderr, "spawn_procs: %s: path too long\n", self);
		return 1;
	}
	memcpy(selfdir, self, (size_t)len + 1);
	if ((slash = strrchr(selfdir, '/')))
		*slash = '\0';
	for (i = 0; i < (long)NNAMES; i++)
		make_link(self, names[i]);
	make_link(self, SWITCHED);

	/* the other user needs RLIMIT_NPROC above its share (processes+threads);
	 * raising it here only affects this program and its children */
	if (getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < (rlim_t)(n + 1000)) {
		rl.rlim_cur = rl.rlim_max;
		if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)(n + 1000))
			rl.rlim_cur = rl.rlim_max = (rlim_t)(n + 1000);
		if (setrlimit(RLIMIT_NPROC, &rl) < 0)
			die("setrlimit(RLIMIT_NPROC)");
	}

	if (!(pids = calloc((size_t)n, sizeof *pids)))
		die("calloc");
	if (pipe2(hold, O_CLOEXEC) < 0 || pipe2(ready, O_CLOEXEC) < 0)
		die("pipe");
	if ((devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
		die("/dev/null");
	/* out of the way of 0-4, which the children dup2 onto */
	hold[0] = high_fd(hold[0]);
	hold[1] = high_fd(hold[1]);
	ready[0] = high_fd(ready[0]);
	ready[1] = high_fd(ready[1]);
	devnull = high_fd(devnull);
	holdw = hold[1];

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	for (i = 0; i < n; i++)
		spawn_one(i, uid, gid, hold[0], ready[1], devnull);
	close(hold[0]);
	close(ready[1]);
	close(devnull);

	/* one byte per child once it is set up; EOF means they all died */
	while (got < n) {
		r = read(ready[0], buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			fprintf(stderr, "spawn_procs: only %ld of %ld children came up\n", got, n);
			kill_all();
			return 1;
		}
		got += r;
	}
	close(ready[0]);
	printf("ready\n");
	fflush(stdout);

	/* until stdin closes */
	for (;;) {
		r = read(0, buf, sizeof buf);
		if (r == 0 || (r < 0 && errno != EINTR))
			break;
	}
	kill_all();
	return 0;
}

/* ---- census ---------------------------------------------------------- */

struct kv { char name[32]; long n; };

static void kv_add(struct kv *t, int *nt, const char *name)
{
	int i;

	for (i = 0; i < *nt; i++)
		if (!strcmp(t[i].name, name)) {
			t[i].n++;
			return;
		}
	if (*nt < 64) {
		snprintf(t[*nt].name, sizeof t[*nt].name, "%s", name);
		t[(*nt)++].n = 1;
	}
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

static const char *user_name(uid_t uid, char *buf, size_t sz)
{
	FILE *f = fopen("/etc/passwd", "r");
	char line[1024], *p;

	snprintf(buf, sz, "%u", (unsigned)uid);
	if (!f)
		return buf;
	while (fgets(line, sizeof line, f)) {
		char *name = strtok_r(line, ":", &p), *x = strtok_r(NULL, ":", &p);
		char *u = strtok_r(NULL, ":", &p);
		(void)x;
		if (name && u && (uid_t)strtoul(u, NULL, 10) == uid) {
			snprintf(buf, sz, "%s", name);
			break;
		}
	}
	fclose(f);
	return buf;
}

static int census(pid_t parent)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	struct kv owners[64], comms[64], thr[64];
	int nowners = 0, ncomms = 0, nthr = 0, i;
	long nproc_all = 0, nchild = 0, nthreads = 0, nlong = 0, *lens = NULL,
	     nlens = 0, caplens = 0, argc_min = LONG_MAX, argc_max = 0, nmismatch = 0;
	char mismatch[1024] = "", ubuf[64];

	if (!d)
		die("/proc");
	while ((e = readdir(d))) {
		char p[300], line[256], comm[64] = "", buf[8192];
		long ppid = -1, threads = 0, euid = -1, argc = 0, len = 0;
		struct stat st;
		FILE *f;
		int fd;
		ssize_t r;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		nproc_all++;
		snprintf(p, sizeof p, "/proc/%s/status", e->d_name);
		if (!(f = fopen(p, "r")))
			continue;
		while (fgets(line, sizeof line, f)) {
			if (!strncmp(line, "Name:", 5))
				sscanf(line + 5, "%63s", comm);
			else if (!strncmp(line, "PPid:", 5))
				ppid = atol(line + 5);
			else if (!strncmp(line, "Uid:", 4))
				sscanf(line + 4, "%*s %ld", &euid);
			else if (!strncmp(line, "Threads:", 8))
				threads = atol(line + 8);
		}
		fclose(f);
		if (ppid != parent)
			continue;
		nchild++;
		nthreads += threads;
		kv_add(owners, &nowners, user_name((uid_t)euid, ubuf, sizeof ubuf));
		kv_add(comms, &ncomms, comm);
		snprintf(line, sizeof line, "%ld", threads);
		kv_add(thr, &nthr, line);
		/* a non-dumpable process's files (not its directory) are root's */
		snprintf(p, sizeof p, "/proc/%s/stat", e->d_name);
		if (stat(p, &st) == 0 && (long)st.st_uid != euid) {
			nmismatch++;
			snprintf(mismatch, sizeof mismatch,
			         "%.63s (pid %.20s, /proc/%.20s/stat owned by %.63s, ", comm, e->d_name,
			         e->d_name, user_name(st.st_uid, ubuf, sizeof ubuf));
			snprintf(mismatch + strlen(mismatch), sizeof mismatch - strlen(mismatch),
			         "runs as %s)", user_name((uid_t)euid, ubuf, sizeof ubuf));
		}
		snprintf(p, sizeof p, "/proc/%s/cmdline", e->d_name);
		if ((fd = open(p, O_RDONLY)) >= 0) {
			while ((r = read(fd, buf, sizeof buf)) > 0) {
				len += r;
				for (ssize_t k = 0; k < r; k++)
					argc += buf[k] == '\0';
			}
			close(fd);
		}
		if (nlens == caplens) {
			caplens = caplens ? 2 * caplens : 1024;
			if (!(lens = realloc(lens, (size_t)caplens * sizeof *lens)))
				die("realloc");
		}
		lens[nlens++] = len;
		nlong += len >= 1024;
		if (argc < argc_min)
			argc_min = argc;
		if (argc > argc_max)
			argc_max = argc;
	}
	closedir(d);
	if (!nchild) {
		printf("- no children of pid %ld\n", (long)parent);
		return 1;
	}
	qsort(lens, (size_t)nlens, sizeof *lens, cmp_long);
	printf("- processes on the machine: %ld (%ld children of the workload's spawner + the spawner + the rest)\n",
	       nproc_all, nchild);
	printf("- owner (effective uid, from status):");
	for (i = 0; i < nowners; i++)
		printf("%s %s %ld", i ? "," : "", owners[i].name, owners[i].n);
	printf("\n- started as root, then switched user: %ld%s%s\n", nmismatch,
	       nmismatch ? ": " : "", mismatch);
	printf("- threads: %ld in the workload; processes by thread count:", nthreads);
	for (i = 0; i < nthr; i++)
		printf("%s %ld thread%s: %ld", i ? "," : "", atol(thr[i].name), atol(thr[i].name) == 1 ? "" : "s", thr[i].n);
	printf("\n- command names (comm):");
	for (i = 0; i < ncomms; i++)
		printf("%s %s %ld", i ? "," : "", comms[i].name, comms[i].n);
	printf("\n- argv: %ld-%ld arguments; command line %ld-%ld bytes (median %ld); %ld of 1 KiB or more\n",
	       argc_min, argc_max, lens[0], lens[nlens - 1], lens[nlens / 2], nlong);
	free(lens);
	return 0;
}

int main(int argc, char **argv)
{
	uid_t uid = NOBODY;
	gid_t gid = NOBODY;
	char *end;
	long n;
	int opt, detach = 0;

	if (getenv("SPAWN_PROCS_CHILD"))
		return child_main();
	if (argc == 3 && !strcmp(argv[1], "census"))
		return census((pid_t)atol(argv[2]));
	while ((opt = getopt(argc, argv, "du:")) != -1) {
		unsigned long u, g;
		if (opt == 'd') {
			detach = 1;
			continue;
		}
		if (opt != 'u' || sscanf(optarg, "%lu:%lu", &u, &g) != 2)
			goto usage;
		uid = (uid_t)u;
		gid = (gid_t)g;
	}
	if (optind != argc - 1)
		goto usage;
	n = strtol(argv[optind], &end, 10);
	if (*end || n < 1)
		goto usage;
	return spawn(n, uid, gid, detach);
usage:
	fprintf(stderr, "usage: spawn_procs [-d] [-u UID:GID] N | spawn_procs census PID\n");
	return 2;
}
