/*
 * ptree: start a known tree of processes and threads for the pstree tests,
 * report when all of it is up, and take it all down when told.
 *
 * usage: ptree [-t SECONDS] READY SPEC
 *
 * The tree is the helper itself (comm "ptree") with SPEC's nodes below it.
 * When every process and thread exists, with its name, arguments and
 * credentials set, the helper writes its PID and a newline to READY (a
 * FIFO the test reads) and waits.  SIGTERM, SIGINT, SIGHUP, or the end of
 * SECONDS (default 300, a guard against a test that forgets) make it
 * terminate its children, which terminate theirs, each reaping its own:
 * nothing outlives the helper.  Every node also dies with its parent
 * (PR_SET_PDEATHSIG), should the helper be killed outright.
 *
 *   SPEC  := NODE (',' NODE)*
 *   NODE  := NAME [ '<' ARGV0 '>' ] [ '[' ARG (';' ARG)* ']' ]
 *            [ '{' N [ '=' TNAME ] '}' ] [ '@' UID [ ':' EUID ] ]
 *            [ '%' ] [ '^' ] [ '!' ] [ '(' SPEC ')' ]
 *
 * NAME is the process's comm (prctl PR_SET_NAME, at most 15 bytes) and its
 * argv[0], unless ARGV0 is given; ARGs are argv[1...].  An empty list '[]'
 * execs with no argv at all (the kernel then makes argv[0] "").  {N}
 * starts N threads (pthread) with the process's name, or with TNAME.
 * @UID switches all user IDs to UID (so its subtree runs as UID), or the
 * real one to UID and the effective and saved ones to EUID; '%' makes the
 * node a process group leader, '^' makes it not dumpable (its /proc files
 * then belong to root), '!' makes it exit at once (the tree is ready only
 * once it has, and it stays a zombie until the helper ends).  In names and
 * arguments "\xHH" is any byte and '\' before any other character takes it
 * literally, so spaces, ')', newlines, escape sequences and invalid UTF-8
 * can be written.
 *
 * Each node is this program run again (execve of /proc/self/exe) with its
 * chosen argv; its part of the spec is passed in the environment.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_KIDS 64
#define MAX_ARGS 32
#define MAX_THREADS 64

static pid_t kids[MAX_KIDS];
static size_t nkids;

static _Noreturn void die(const char *what)
{
	fprintf(stderr, "ptree: %s: %s\n", what, strerror(errno));
	_exit(1);
}

static _Noreturn void bad_spec(const char *s)
{
	fprintf(stderr, "ptree: bad spec at: %s\n", s);
	_exit(2);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A name or argument up to one of the stop characters, unescaped into a
 * new string; *sp moves past it. */
static char *word(const char **sp, const char *stops)
{
	const char *s = *sp;
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		die("malloc");
	while (*s && !strchr(stops, *s)) {
		if (*s == '\\' && s[1] == 'x' && hexval(s[2]) >= 0 && hexval(s[3]) >= 0) {
			*o++ = (char)(hexval(s[2]) * 16 + hexval(s[3]));
			s += 4;
		} else if (*s == '\\' && s[1]) {
			*o++ = s[1];
			s += 2;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	*sp = s;
	return out;
}

/* The end of a node or of a bracketed list: skips escapes and nesting. */
static const char *skip_group(const char *s, char open, char close)
{
	int depth = 0;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			continue;
		}
		if (*s == open)
			depth++;
		else if (*s == close && --depth == 0)
			return s + 1;
	}
	bad_spec(s);
}

static const char *node_end(const char *s)
{
	while (*s && *s != ',' && *s != ')') {
		if (*s == '\\' && s[1])
			s += 2;
		else if (*s == '(')
			s = skip_group(s, '(', ')');
		else if (*s == '[')
			s = skip_group(s, '[', ']');
		else
			s++;
	}
	return s;
}

struct node {
	char *name;
	char *argv[MAX_ARGS + 2];
	int nthreads;
	char *tname;
	long uid, euid; /* -1: keep */
	int pgleader, zombie, nodump;
	char *children; /* the SPEC inside '(' ')', or NULL */
};

static void parse_node(const char *s, struct node *n)
{
	int argc = 1;

	memset(n, 0, sizeof(*n));
	n->uid = n->euid = -1;
	n->name = word(&s, "<[{@%^!(,)");
	n->argv[0] = n->name;
	if (*s == '<') {
		s++;
		n->argv[0] = word(&s, ">");
		if (*s++ != '>')
			bad_spec(s);
	}
	if (*s == '[') {
		s++;
		argc = 1;
		if (*s == ']') {
			argc = 0; /* empty command line */
		} else {
			for (;;) {
				if (argc > MAX_ARGS)
					bad_spec(s);
				n->argv[argc++] = word(&s, ";]");
				if (*s == ']')
					break;
				if (*s != ';')
					bad_spec(s);
				s++;
			}
		}
		s++;
	}
	n->argv[argc] = NULL;
	if (*s == '{') {
		char *end;

		n->nthreads = (int)strtol(s + 1, &end, 10);
		s = end;
		if (n->nthreads < 0 || n->nthreads > MAX_THREADS)
			bad_spec(s);
		if (*s == '=') {
			s++;
			n->tname = word(&s, "}");
		}
		if (*s++ != '}')
			bad_spec(s);
	}
	if (*s == '@') {
		char *end;

		n->uid = n->euid = strtol(s + 1, &end, 10);
		s = end;
		if (*s == ':') {
			n->euid = strtol(s + 1, &end, 10);
			s = end;
		}
	}
	if (*s == '%') {
		n->pgleader = 1;
		s++;
	}
	if (*s == '^') {
		n->nodump = 1;
		s++;
	}
	if (*s == '!') {
		n->zombie = 1;
		s++;
	}
	if (*s == '(') {
		const char *end = skip_group(s, '(', ')');

		n->children = strndup(s + 1, (size_t)(end - s - 2));
		s = end;
	}
	if (*s && *s != ',' && *s != ')')
		bad_spec(s);
}

static void *thread_main(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* Start one node per element of spec, each ready before the next. */
static void start_children(const char *spec)
{
	const char *s = spec;

	while (s && *s) {
		const char *end = node_end(s);
		char *one = strndup(s, (size_t)(end - s));
		struct node n;
		int pfd[2];
		char *env[5], c;
		pid_t pid;

		parse_node(one, &n);
		if (nkids == MAX_KIDS)
			bad_spec(s);
		if (pipe2(pfd, O_CLOEXEC) < 0)
			die("pipe");
		/* built before fork: the child only execs */
		if (asprintf(&env[0], "PTREE_NODE=%s", one) < 0 ||
		    asprintf(&env[1], "PTREE_FD=%d", pfd[1]) < 0 ||
		    asprintf(&env[2], "PTREE_PARENT=%d", (int)getpid()) < 0)
			die("asprintf");
		env[3] = "PATH=/usr/bin:/bin";
		env[4] = NULL;
		pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0) {
			/* the ready pipe is the one descriptor passed on */
			if (fcntl(pfd[1], F_SETFD, 0) < 0)
				_exit(1);
			execve("/proc/self/exe", n.argv, env);
			_exit(1);
		}
		free(env[0]);
		free(env[1]);
		free(env[2]);
		close(pfd[1]);
		kids[nkids++] = pid;
		/* one byte when the child and all below it are up; EOF if it
		 * failed */
		if (read(pfd[0], &c, 1) != 1) {
			fprintf(stderr, "ptree: a node failed to start\n");
			_exit(1);
		}
		close(pfd[0]);
		/* a zombie node is ready once it has exited: wait for that,
		 * leaving it unreaped */
		if (n.zombie) {
			siginfo_t si;

			if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) < 0)
				die("waitid");
		}
		free(one);
		s = *end == ',' ? end + 1 : end;
	}
}

/* Terminate and reap the children, then leave. */
static _Noreturn void finish(void)
{
	for (size_t i = 0; i < nkids; i++)
		kill(kids[i], SIGTERM);
	for (size_t i = 0; i < nkids; i++)
		while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
			;
	_exit(0);
}

static sigset_t stop_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGALRM);
	return set;
}

static int node_main(const char *spec, int readyfd)
{
	struct node n;
	sigset_t set = stop_signals();
	pthread_t tids[MAX_THREADS];
	const char *parent = getenv("PTREE_PARENT");
	int sig;
	char c = 1;

	parse_node(spec, &n);
	unsetenv("PTREE_NODE");
	unsetenv("PTREE_FD");
	if (n.uid >= 0 && setresgid((gid_t)n.uid, (gid_t)n.uid, (gid_t)n.uid) < 0 &&
	    setresgid(65534, 65534, 65534) < 0)
		die("setresgid");
	if (n.uid >= 0 && setresuid((uid_t)n.uid, (uid_t)n.euid, (uid_t)n.euid) < 0)
		die("setresuid");
	if (n.nodump && prctl(PR_SET_DUMPABLE, 0) < 0)
		die("prctl");
	/* after the credentials change, which clears it */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		die("prctl");
	/* the parent may have died before that: then go now */
	if (!parent || getppid() != (pid_t)atoi(parent))
		_exit(1);
	if (n.pgleader && setpgid(0, 0) < 0)
		die("setpgid");
	if (prctl(PR_SET_NAME, n.name) < 0)
		die("prctl");
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (int i = 0; i < n.nthreads; i++) {
		if ((errno = pthread_create(&tids[i], NULL, thread_main, NULL)) != 0)
			die("pthread_create");
		if (n.tname && (errno = pthread_setname_np(tids[i], n.tname)) != 0)
			die("pthread_setname_np");
	}
	start_children(n.children);
	if (write(readyfd, &c, 1) != 1)
		die("write");
	close(readyfd);
	if (n.zombie)
		_exit(0);
	sigwait(&set, &sig);
	finish();
}

int main(int argc, char **argv)
{
	const char *node = getenv("PTREE_NODE"), *fdenv = getenv("PTREE_FD");
	sigset_t set = stop_signals();
	unsigned timeout = 300;
	int sig;
	FILE *ready;

	if (node && fdenv)
		return node_main(node, atoi(fdenv));
	/* no getopt: the libbsd overlay of the build would need -lbsd */
	if (argc > 2 && strcmp(argv[1], "-t") == 0) {
		timeout = (unsigned)strtoul(argv[2], NULL, 10);
		argv += 2;
		argc -= 2;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: ptree [-t SECONDS] READY SPEC\n");
		return 2;
	}
	sigprocmask(SIG_BLOCK, &set, NULL);
	alarm(timeout);
	start_children(argv[2]);
	if (!(ready = fopen(argv[1], "w")))
		die(argv[1]);
	fprintf(ready, "%d\n", (int)getpid());
	if (fclose(ready) != 0)
		die(argv[1]);
	sigwait(&set, &sig);
	finish();
}
