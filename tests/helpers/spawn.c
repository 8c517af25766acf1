/*
 * spawn: run this program again as a process with a chosen argv (argv[0]
 * included) and comm, for the pidof and killall tests; report when it is
 * ready, then wait to be killed.
 *
 * usage: spawn READY [-n COMM] [-t N] [-T TNAME] [-z ZCOMM] [-r DIR] [--] ARGV0 [ARG...]
 *
 * The process is this program's executable run again (execve of its real
 * path, so the exe link names this file and comm starts as its basename)
 * with exactly ARGV0 ARG... as its command line.  Then:
 *   -n COMM   comm is set to COMM (prctl PR_SET_NAME; the kernel keeps 15 bytes)
 *   -t N      N more threads are started, named TNAME (-T) or COMM
 *   -z ZCOMM  a child named ZCOMM is forked and exits: it stays a zombie
 *   -r DIR    the process chroots to DIR (needs root)
 * When all of that is done it writes one line to the FIFO READY:
 *   PID ZOMBIE_PID TID...
 * (ZOMBIE_PID is 0 without -z; the TIDs are the extra threads') and waits
 * until killed.  SIGTERM reaps the zombie, then ends the process, so that
 * nothing is left for init; a guard alarm ends it after 1800 seconds should
 * a test forget it (the longest test, under the sanitizers on a loaded
 * machine, must end first).  Strings may hold any byte but NUL (the tests
 * give spaces, ')', newlines, escape sequences and invalid UTF-8).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_THREADS 64

extern char **environ;

static _Noreturn void die(const char *what)
{
	fprintf(stderr, "spawn: %s: %s\n", what, strerror(errno));
	_exit(1);
}

static _Noreturn void usage(void)
{
	fprintf(stderr, "usage: spawn READY [-n COMM] [-t N] [-T TNAME] [-z ZCOMM] [-r DIR] [--] ARGV0 [ARG...]\n");
	_exit(2);
}

static pthread_barrier_t ready;
static volatile pid_t zombie;
static pid_t tids[MAX_THREADS];
static const char *tname;

static void *thread_main(void *arg)
{
	size_t i = (size_t)arg;

	tids[i] = (pid_t)syscall(SYS_gettid);
	if (tname)
		prctl(PR_SET_NAME, tname, 0, 0, 0);
	pthread_barrier_wait(&ready);
	for (;;)
		pause();
	return NULL;
}

static void on_term(int sig)
{
	(void)sig;
	if (zombie > 0)
		waitpid(zombie, NULL, 0);
	_exit(0);
}

/* The second stage: we are the process the test looks for. */
static int stage2(void)
{
	const char *fifo = getenv("SQSPAWN_READY"), *comm = getenv("SQSPAWN_COMM"),
		   *zcomm = getenv("SQSPAWN_ZOMBIE"), *root = getenv("SQSPAWN_ROOT");
	long nthreads = getenv("SQSPAWN_THREADS") ? atol(getenv("SQSPAWN_THREADS")) : 0;
	char line[64 * (MAX_THREADS + 2)];
	size_t len;
	int fd;

	tname = getenv("SQSPAWN_TNAME");
	signal(SIGTERM, on_term);
	alarm(1800);
	if (!fifo)
		usage();
	/* opened before a chroot can hide it */
	if ((fd = open(fifo, O_WRONLY | O_CLOEXEC)) < 0)
		die(fifo);
	if (comm && prctl(PR_SET_NAME, comm, 0, 0, 0) < 0)
		die("prctl");
	if (!tname)
		tname = comm;
	if (zcomm) {
		siginfo_t si;

		if ((zombie = fork()) < 0)
			die("fork");
		if (zombie == 0) {
			prctl(PR_SET_NAME, zcomm, 0, 0, 0);
			_exit(0);
		}
		/* wait until it has exited, but leave it unreaped */
		if (waitid(P_PID, (id_t)zombie, &si, WEXITED | WNOWAIT) < 0)
			die("waitid");
	}
	if (nthreads < 0 || nthreads > MAX_THREADS)
		usage();
	if (nthreads) {
		pthread_barrier_init(&ready, NULL, (unsigned)nthreads + 1);
		for (long i = 0; i < nthreads; i++) {
			pthread_t t;

			if ((errno = pthread_create(&t, NULL, thread_main, (void *)(size_t)i)) != 0)
				die("pthread_create");
		}
		pthread_barrier_wait(&ready);
	}
	if (root && (chroot(root) < 0 || chdir("/") < 0))
		die(root);
	len = (size_t)snprintf(line, sizeof(line), "%d %d", (int)getpid(), (int)zombie);
	for (long i = 0; i < nthreads; i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, " %d", (int)tids[i]);
	len += (size_t)snprintf(line + len, sizeof(line) - len, "\n");
	if (write(fd, line, len) != (ssize_t)len)
		die("write");
	close(fd);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	char self[PATH_MAX];
	ssize_t n;
	int i;

	if (getenv("SQSPAWN_STAGE2"))
		return stage2();
	if (argc < 3)
		usage();
	setenv("SQSPAWN_READY", argv[1], 1);
	/* options by hand: getopt would be libbsd's under the build's flags */
	for (i = 2; i < argc && argv[i][0] == '-' && argv[i][1] && !argv[i][2]; i += 2) {
		static const char opts[] = "ntTzr";
		static const char *const vars[] = { "SQSPAWN_COMM", "SQSPAWN_THREADS", "SQSPAWN_TNAME",
						    "SQSPAWN_ZOMBIE", "SQSPAWN_ROOT" };
		const char *o = strchr(opts, argv[i][1]);

		if (argv[i][1] == '-') {
			i++;
			break;
		}
		if (!o || i + 1 >= argc)
			usage();
		setenv(vars[o - opts], argv[i + 1], 1);
	}
	if (i >= argc)
		usage();
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0)
		die("/proc/self/exe");
	self[n] = '\0';
	setenv("SQSPAWN_STAGE2", "1", 1);
	execve(self, argv + i, environ);
	die(self);
}
