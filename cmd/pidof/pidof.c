/* pidof: the PIDs of running programs, as procps-ng pidof 4.0.2. */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "out/out.h"

static const char usage[] =
	"pidof [options] program...\n"
	"Show the process IDs of the running programs with these names.\n"
	"\n"
	"  -s, --single-shot         one PID per program only\n"
	"  -c, --check-root          only processes with the same root directory\n"
	"                            (when run as root)\n"
	"  -q, --quiet               print nothing: only the exit status\n"
	"  -w, --with-workers        also processes without a command line (kernel\n"
	"                            threads, zombies), matched by their comm name\n"
	"  -x                        also shells running scripts of these names\n"
	"  -o, --omit-pid PID,...    leave out these PIDs (%PPID: pidof's parent)\n"
	"  -S, -d, --separator SEP   put SEP between PIDs (default: a space)\n"
	"  -t, --lightweight         thread IDs of the matching processes\n"
	"      --json                one JSON document:\n"
	"                            {\"pids\": [...], \"programs\": [{\"name\", \"pids\"}]}\n"
	"      --pretty              indented JSON (implies --json)\n"
	"  -h, --help                show this help and exit\n"
	"  -V, --version             show the version and exit\n"
	"\n"
	"Exit status: 0 when a PID was found, 1 when none was, 2 on a usage error.\n"
	"See pidof(1) and sysq(7).\n";

static const struct option longopts[] = {
	{ "single-shot", no_argument, NULL, 's' },
	{ "check-root", no_argument, NULL, 'c' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "with-workers", no_argument, NULL, 'w' },
	{ "omit-pid", required_argument, NULL, 'o' },
	{ "separator", required_argument, NULL, 'S' },
	{ "lightweight", no_argument, NULL, 't' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "json", no_argument, NULL, SQ_OPT_JSON },
	{ "pretty", no_argument, NULL, SQ_OPT_PRETTY },
	{ NULL, 0, NULL, 0 }
};

struct pidlist {
	pid_t *v;
	size_t n, cap;
};

struct opts {
	bool single, quiet, workers, scripts, threads, rootcheck;
	const char *sep;
	struct pidlist omit;
	struct stat root; /* our own root directory, for -c */
};

/* A program name from the command line and what it has matched. */
struct prog {
	const char *name;
	const char *base;   /* after the last '/' */
	bool exe_possible;  /* could equal the exe link or its basename */
	struct pidlist found;
};

/* One process being looked at: its command line, and the comm name and
 * exe link, each read only when a comparison needs it. */
struct cand {
	sysq_ctx *ctx;
	pid_t pid;
	struct sysq_proc cmd;
	const char *arg0, *arg0base, *arg1, *arg1base;
	int comm_state, exe_state; /* 0 unread, 1 read, -1 absent */
	char comm[SYSQ_PROC_NAME_MAX];
	struct sysq_proc exe;
	const char *exebase;
};

static void push(struct pidlist *l, pid_t pid)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		pid_t *v = cap <= SIZE_MAX / sizeof(pid_t) ? realloc(l->v, cap * sizeof(pid_t)) : NULL;

		if (!v)
			sq_die(SQ_EXIT_FAIL, "out of memory");
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = pid;
}

static bool has(const struct pidlist *l, pid_t pid)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == pid)
			return true;
	return false;
}

static const char *base_of(const char *s)
{
	const char *slash = strrchr(s, '/');

	return slash ? slash + 1 : s;
}

/* -o: PIDs separated by ',', ';' or ':' (as procps splits them), each
 * strictly a number, or %PPID. */
static void add_omit(struct opts *o, const char *arg)
{
	char *copy = strdup(arg), *rest = copy, *tok;

	if (!copy)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	while ((tok = strsep(&rest, ",;:")) != NULL) {
		if (strcmp(tok, "%PPID") == 0)
			push(&o->omit, getppid());
		else
			push(&o->omit, (pid_t)sq_arg_int("omit PID", tok, 1, INT32_MAX));
	}
	free(copy);
}

static const char *cand_comm(struct cand *c)
{
	struct sysq_proc st;

	if (c->comm_state == 0) {
		c->comm_state = -1;
		if (sysq_proc_read(c->ctx, c->pid, SYSQ_PN_STAT, &st) == 0) {
			/* stat alone: the name is the raw comm, not psutil's
			 * longer argv[0] form (that needs the command line) */
			if (SYSQ_HAVE(&st, SYSQ_P_NAME)) {
				memcpy(c->comm, st.name, sizeof(c->comm));
				c->comm_state = 1;
			}
			sysq_proc_release(&st);
		}
	}
	return c->comm_state > 0 ? c->comm : NULL;
}

static const char *cand_exe(struct cand *c)
{
	if (c->exe_state == 0) {
		c->exe_state = -1;
		/* absent for kernel threads, zombies and, unless we are root,
		 * other users' processes: then only the names decide */
		if (sysq_proc_read(c->ctx, c->pid, SYSQ_PN_EXE, &c->exe) == 0 && SYSQ_HAVE(&c->exe, SYSQ_P_EXE)) {
			c->exebase = base_of(c->exe.exe);
			c->exe_state = 1;
		}
	}
	return c->exe_state > 0 ? c->exe.exe : NULL;
}

/* procps's three ways a name matches an argument: the name is the
 * argument's basename, the name's basename is the argument, or both are
 * the same string. */
static bool arg_match(const struct prog *p, const char *arg, const char *argbase)
{
	return !strcmp(p->name, argbase) || !strcmp(p->base, arg) || !strcmp(p->name, arg);
}

/* The matches that do not depend on the comm name (which differs between
 * the threads of a process): argv[0], then the exe link. */
static bool match_process(struct cand *c, const struct prog *p)
{
	if (arg_match(p, c->arg0, c->arg0base))
		return true;
	if (p->exe_possible && cand_exe(c))
		return !strcmp(p->name, c->exebase) || !strcmp(p->name, c->exe.exe);
	return false;
}

/* Could a comm name make this program match?  Only then is it read. */
static bool comm_matters(const struct cand *c, const struct prog *p, const struct opts *o)
{
	return o->workers || strchr(c->arg0, ' ') ||
	       (o->scripts && c->arg1 && arg_match(p, c->arg1, c->arg1base));
}

/* The matches on a comm name: any process with -w; a shell running a
 * script (argv[1] named, comm a prefix of its basename) with -x; a process
 * that rewrote its command line (a space in argv[0]). */
static bool match_comm(const struct cand *c, const struct prog *p, const char *comm, const struct opts *o)
{
	if (!comm)
		return false;
	if (o->workers && !strcmp(p->name, comm))
		return true;
	if (o->scripts && c->arg1 && !strncmp(comm, c->arg1base, strlen(comm)) &&
	    arg_match(p, c->arg1, c->arg1base))
		return true;
	return strchr(c->arg0, ' ') && !strcmp(p->name, comm);
}

/* -c: the process's root directory is ours (same device and inode).  The
 * library has no root attribute: the link is stat()ed here. */
static bool same_root(sysq_ctx *ctx, pid_t pid, const struct opts *o)
{
	char path[PATH_MAX];
	struct stat st;
	int n = snprintf(path, sizeof(path), "%s/%d/root", sysq_root_path(ctx, SYSQ_ROOT_PROC), (int)pid);

	return n > 0 && (size_t)n < sizeof(path) && stat(path, &st) == 0 &&
	       st.st_dev == o->root.st_dev && st.st_ino == o->root.st_ino;
}

/* Our own PID as the procfs names it: the "self" link, which names it in
 * the PID namespace of that procfs (a host's /proc seen from a container
 * too); -1 for a procfs without one (a fixture).  The library has no call
 * for it: the link is read here. */
static pid_t self_pid(sysq_ctx *ctx)
{
	char path[PATH_MAX], buf[32];
	const char *errstr = NULL;
	long long v;
	ssize_t n;

	if (snprintf(path, sizeof(path), "%s/self", sysq_root_path(ctx, SYSQ_ROOT_PROC)) >= (int)sizeof(path) ||
	    (n = readlink(path, buf, sizeof(buf) - 1)) <= 0)
		return -1;
	buf[n] = '\0';
	v = strtonum(buf, 1, INT32_MAX, &errstr);
	return errstr ? -1 : (pid_t)v;
}

/* Look at one process; returns false when it vanished or is skipped. */
static bool cand_open(struct cand *c, sysq_ctx *ctx, pid_t pid, const struct opts *o)
{
	memset(c, 0, sizeof(*c));
	c->ctx = ctx;
	c->pid = pid;
	if (sysq_proc_read(ctx, pid, SYSQ_PN_CMDLINE, &c->cmd) < 0)
		return false;
	if (!SYSQ_HAVE(&c->cmd, SYSQ_P_CMDLINE) || c->cmd.ncmdline == 0) {
		/* kernel threads and zombies: only -w looks at them */
		if (!o->workers) {
			sysq_proc_release(&c->cmd);
			return false;
		}
		c->arg0 = "";
	} else {
		c->arg0 = c->cmd.cmdline[0];
		if (c->cmd.ncmdline > 1)
			c->arg1 = c->cmd.cmdline[1];
	}
	/* a login shell: "-bash" */
	if (*c->arg0 == '-')
		c->arg0++;
	c->arg0base = base_of(c->arg0);
	if (c->arg1)
		c->arg1base = base_of(c->arg1);
	return true;
}

static void cand_close(struct cand *c)
{
	sysq_proc_release(&c->cmd);
	sysq_proc_release(&c->exe);
}

/* hit[] is scratch space, one flag per program. */
static void scan_process(sysq_ctx *ctx, pid_t pid, struct prog *progs, size_t nprogs, const struct opts *o,
			 bool *hit)
{
	struct cand c;
	bool any = false;

	if (!has(&o->omit, pid) && cand_open(&c, ctx, pid, o)) {
		for (size_t i = 0; i < nprogs; i++) {
			hit[i] = false;
			if (!*progs[i].name)
				continue;
			hit[i] = match_process(&c, &progs[i]) ||
				 (comm_matters(&c, &progs[i], o) && match_comm(&c, &progs[i], cand_comm(&c), o));
			any |= hit[i];
		}
		if (any && o->rootcheck && !same_root(ctx, pid, o))
			any = false;
		for (size_t i = 0; any && i < nprogs; i++)
			if (hit[i])
				push(&progs[i].found, pid);
		cand_close(&c);
	}
}

/* -t: the threads of a matching process, each thread on its own comm
 * name; -o names thread IDs. */
static void scan_threads(sysq_ctx *ctx, pid_t pid, struct prog *progs, size_t nprogs, const struct opts *o,
			 bool *fixed)
{
	struct cand c;
	struct sysq_thread *t = NULL;
	size_t nt = 0;
	bool look = false;

	if (!cand_open(&c, ctx, pid, o))
		return;
	for (size_t i = 0; i < nprogs; i++) {
		fixed[i] = false;
		if (!*progs[i].name)
			continue;
		fixed[i] = match_process(&c, &progs[i]);
		look |= fixed[i] || comm_matters(&c, &progs[i], o);
	}
	if (look && (!o->rootcheck || same_root(ctx, pid, o)) && sysq_proc_threads(ctx, pid, &t, &nt) == 0) {
		for (size_t k = 0; k < nt; k++) {
			if (has(&o->omit, (pid_t)t[k].id))
				continue;
			for (size_t i = 0; i < nprogs; i++)
				if (*progs[i].name && (fixed[i] || (comm_matters(&c, &progs[i], o) &&
								    match_comm(&c, &progs[i], t[k].name, o))))
					push(&progs[i].found, (pid_t)t[k].id);
		}
	}
	free(t);
	cand_close(&c);
}

/* The PIDs in procps's order: each program's matches, last seen first
 * (descending, as /proc lists processes in ascending order); with -s only
 * that first one. */
static void print_text(const struct prog *progs, size_t nprogs, const struct opts *o)
{
	bool first = true;

	for (size_t i = 0; i < nprogs; i++) {
		for (size_t k = progs[i].found.n; k-- > 0;) {
			printf("%s%d", first ? "" : o->sep, (int)progs[i].found.v[k]);
			first = false;
			if (o->single)
				break;
		}
	}
	if (!first)
		putchar('\n');
}

static void print_json(const struct sq_cli *cli, const struct prog *progs, size_t nprogs, const struct opts *o)
{
	json_object *doc = json_object_new_object(), *all = json_object_new_array(),
		    *list = json_object_new_array();

	for (size_t i = 0; i < nprogs; i++) {
		json_object *entry = json_object_new_object(), *pids = json_object_new_array();

		for (size_t k = progs[i].found.n; k-- > 0;) {
			json_object_array_add(pids, sq_json_i64(progs[i].found.v[k]));
			json_object_array_add(all, sq_json_i64(progs[i].found.v[k]));
			if (o->single)
				break;
		}
		json_object_object_add(entry, "name", sq_json_str(progs[i].name));
		json_object_object_add(entry, "pids", pids);
		json_object_array_add(list, entry);
	}
	json_object_object_add(doc, "pids", all);
	json_object_object_add(doc, "programs", list);
	sq_json_emit(cli, doc);
	json_object_put(doc);
}

int main(int argc, char **argv)
{
	struct sq_cli cli;
	struct opts o = { .sep = " " };
	struct prog *progs;
	size_t nprogs;
	pid_t *pids, self;
	size_t npids;
	bool found = false, *scratch;
	sysq_ctx *ctx;
	int c, rc;

	sq_cli_init(&cli, "pidof", usage, argv);
	while ((c = sq_getopt(argc, argv, "scqwxo:S:d:tnmhV", longopts)) != -1) {
		switch (c) {
		case 's': o.single = true; break;
		case 'c': o.rootcheck = true; break;
		case 'q': o.quiet = true; break;
		case 'w': o.workers = true; break;
		case 'x': o.scripts = true; break;
		case 'o': add_omit(&o, optarg); break;
		case 'S':
		case 'd': o.sep = optarg; break; /* -d: sysvinit's spelling */
		case 't': o.threads = true; break;
		case 'n':
		case 'm': break; /* accepted and ignored, as procps does */
		case 'h': c = SQ_OPT_HELP; goto common;
		case 'V': c = SQ_OPT_VERSION; goto common;
		default:
		common:
			if (!sq_cli_common(&cli, c))
				sq_usage_error("unhandled option");
		}
	}
	if (optind >= argc)
		sq_usage_error("no program name given");
	/* -c means something only to root, who can see every root directory */
	if (o.rootcheck && (geteuid() != 0 || stat("/", &o.root) < 0))
		o.rootcheck = false;

	nprogs = (size_t)(argc - optind);
	if (!(progs = calloc(nprogs, sizeof(*progs))) || !(scratch = calloc(nprogs, sizeof(bool))))
		sq_die(SQ_EXIT_FAIL, "out of memory");
	for (size_t i = 0; i < nprogs; i++) {
		const char *name = argv[optind + (int)i];

		progs[i].name = name;
		progs[i].base = base_of(name);
		/* the exe link is absolute: a relative path never equals it
		 * nor its basename */
		progs[i].exe_possible = name[0] == '/' || !strchr(name, '/');
	}

	ctx = sq_cli_context(&cli);
	if ((rc = sysq_pids(ctx, &pids, &npids)) < 0)
		sq_die(SQ_EXIT_FAIL, "%s: %s", sysq_root_path(ctx, SYSQ_ROOT_PROC), sysq_strerror(rc));
	self = self_pid(ctx);
	for (size_t k = 0; k < npids; k++) {
		if (pids[k] == self)
			continue; /* pidof is never one of the programs it looks for */
		if (o.threads)
			scan_threads(ctx, pids[k], progs, nprogs, &o, scratch);
		else
			scan_process(ctx, pids[k], progs, nprogs, &o, scratch);
	}
	free(pids);
	sysq_close(ctx);

	for (size_t i = 0; i < nprogs; i++)
		found |= progs[i].found.n > 0;
	if (!o.quiet) {
		if (cli.json)
			print_json(&cli, progs, nprogs, &o);
		else
			print_text(progs, nprogs, &o);
	}
	for (size_t i = 0; i < nprogs; i++)
		free(progs[i].found.v);
	free(progs);
	free(scratch);
	free(o.omit.v);
	return found ? SQ_EXIT_OK : SQ_EXIT_FAIL;
}
