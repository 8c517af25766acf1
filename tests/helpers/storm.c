/*
 * storm: a fork storm for the race tests.  Processes and threads appear and
 * vanish without pause while the tools read /proc.
 *
 * usage: storm [-t SECONDS] READY
 *
 * The helper forks short-lived children one after another, in turn:
 *   - a child that exits at once;
 *   - a child that execs /bin/true;
 *   - a child that forks a grandchild and exits without waiting for it, so
 *     that the grandchild is orphaned (and reparented) while it runs;
 *   - a child that starts a thread and exits while the thread runs, so that
 *     its task directory goes away under a reader.
 * At most MAX_LIVE of them exist at a time.  Once the storm has started,
 * the helper writes its PID and a newline to READY (a FIFO the test reads).
 *
 * It stops when its standard input reaches end of file (the test closes
 * the write end of a pipe or FIFO: keep it open while the storm should
 * run), on SIGTERM, SIGINT or SIGHUP, or after SECONDS (default 300, a
 * guard against a test that forgets it).  It then reaps every child and
 * grandchild (it is their subreaper, PR_SET_CHILD_SUBREAPER, so orphans come
 * back to it) and writes the number of processes it forked to standard
 * output: nothing it started outlives it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_LIVE 24
#define READY_AFTER 64

static volatile sig_atomic_t stop;

static _Noreturn void die(const char *what)
{
	fprintf(stderr, "storm: %s: %s\n", what, strerror(errno));
	_exit(1);
}

static _Noreturn void usage(void)
{
	fprintf(stderr, "usage: storm [-t SECONDS] READY\n");
	_exit(2);
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void *spin(void *arg)
{
	(void)arg;
	for (;;)
		sched_yield();
	return NULL;
}

/* One short-lived child of the given kind; it never returns. */
static _Noreturn void child(unsigned kind)
{
	pthread_t t;

	switch (kind) {
	case 1:
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	case 2:
		/* the grandchild yields a little, so that it often outlives
		 * its parent and is reparented while it runs */
		if (fork() == 0) {
			for (int i = 0; i < 3; i++)
				sched_yield();
			_exit(0);
		}
		_exit(0);
	case 3:
		if (pthread_create(&t, NULL, spin, NULL) == 0)
			sched_yield();
		_exit(0);
	default:
		_exit(0);
	}
}

/* Is standard input at end of file?  Data is read and ignored. */
static int input_closed(void)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };
	char buf[256];

	if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)))
		return 0;
	if (p.revents & POLLNVAL)
		return 1;
	return read(0, buf, sizeof(buf)) <= 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	unsigned long forked = 0, n = 0;
	unsigned timeout = 300;
	long live = 0;
	int argi = 1, ready = 0;

	if (argc == 4 && strcmp(argv[1], "-t") == 0) {
		char *end;
		unsigned long v = strtoul(argv[2], &end, 10);

		if (*end || !*argv[2] || v == 0 || v > 86400)
			usage();
		timeout = (unsigned)v;
		argi = 3;
	}
	if (argc != argi + 1)
		usage();

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: a blocked wait ends */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) < 0 || sigaction(SIGINT, &sa, NULL) < 0 ||
	    sigaction(SIGHUP, &sa, NULL) < 0 || sigaction(SIGALRM, &sa, NULL) < 0)
		die("sigaction");
	signal(SIGPIPE, SIG_IGN);
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		die("prctl");
	alarm(timeout);

	while (!stop) {
		unsigned kind = (unsigned)(n % 4);
		pid_t pid;

		if (live >= MAX_LIVE) {
			/* blocks until one ends, or a signal */
			if (waitpid(-1, NULL, 0) > 0)
				live--;
			else if (errno == ECHILD)
				live = 0;
			continue;
		}
		if ((pid = fork()) < 0) {
			if (errno == EAGAIN || errno == ENOMEM) {
				/* the system is short: let some go first */
				if (waitpid(-1, NULL, 0) > 0)
					live--;
				continue;
			}
			die("fork");
		}
		if (pid == 0)
			child(kind);
		n++;
		forked += kind == 2 ? 2 : 1;
		live += kind == 2 ? 2 : 1; /* the grandchild comes back to us */
		while (live > 0 && waitpid(-1, NULL, WNOHANG) > 0)
			live--;
		if (!ready && forked >= READY_AFTER) {
			char line[32];
			int fd, len = snprintf(line, sizeof(line), "%d\n", (int)getpid());

			if ((fd = open(argv[argi], O_WRONLY | O_CLOEXEC)) < 0) {
				if (errno == EINTR)
					continue; /* stopped before anyone read */
				die(argv[argi]);
			}
			if (write(fd, line, (size_t)len) != len)
				die("write");
			close(fd);
			ready = 1;
		}
		if (input_closed())
			stop = 1;
	}

	/* everything we forked, and every orphan reparented to us, ends at
	 * once by itself: wait for all of it */
	for (;;) {
		if (waitpid(-1, NULL, 0) < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				break;
			die("waitpid");
		}
	}
	printf("%lu\n", forked);
	return 0;
}
