/* pstree: the processes as a tree, as psmisc pstree 23.6 draws it; here the
 * options, TERM's bold for -h and -H, the width, the line drawing set and main. */
#include <getopt.h>
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <curses.h>
#include <term.h>

#include "pstree.h"

static const char usage[] =
	"pstree [options] [PID | USER]\n"
	"Show the processes as a tree, rooted at PID (default 1, init), or one\n"
	"tree for each process of USER whose parent is not USER's.\n"
	"\n"
	"  -a, --arguments       show the command line arguments\n"
	"  -c, --compact-not     do not merge identical subtrees\n"
	"  -C, --color=age       colour each process by its age\n"
	"  -g, --show-pgids      show process group IDs\n"
	"  -l, --long            do not cut lines at the width of the terminal\n"
	"  -n, --numeric-sort    sort siblings by PID, not by name\n"
	"  -N, --ns-sort=TYPE    one tree per namespace of TYPE (cgroup, ipc, mnt,\n"
	"                        net, pid, time, user, uts)\n"
	"  -p, --show-pids       show PIDs (implies -c)\n"
	"  -s, --show-parents    show the parents of PID too\n"
	"  -S, --ns-changes      show the namespaces a process does not share with\n"
	"                        its parent\n"
	"  -t, --thread-names    show the threads' own names\n"
	"  -T, --hide-threads    show processes only\n"
	"  -u, --uid-changes     show the user where it changes\n"
	"  -A, --ascii           draw with ASCII characters\n"
	"  -G, --vt100           draw with VT100 line drawing characters\n"
	"  -U, --unicode         draw with UTF-8 line drawing characters\n"
	"  -Z, --security-context  show the security context (attr/current)\n"
	"      --json            one JSON document, trees nested\n"
	"      --pretty          indented JSON (implies --json)\n"
	"  -h, --highlight-all   highlight this pstree and its ancestors (TERM's bold)\n"
	"  -H, --highlight-pid=PID  highlight PID and its ancestors\n"
	"      --help            show this help and exit\n"
	"  -V, --version         show the version and exit\n"
	"\n"
	"See pstree(1) and sysq(7).\n";

static const struct option longopts[] = {
	{ "arguments", no_argument, NULL, 'a' },
	{ "ascii", no_argument, NULL, 'A' },
	{ "compact-not", no_argument, NULL, 'c' },
	{ "color", required_argument, NULL, 'C' },
	{ "ns-sort", required_argument, NULL, 'N' },
	{ "ns-changes", no_argument, NULL, 'S' },
	{ "security-context", no_argument, NULL, 'Z' },
	{ "show-pgids", no_argument, NULL, 'g' },
	{ "vt100", no_argument, NULL, 'G' },
	{ "long", no_argument, NULL, 'l' },
	{ "numeric-sort", no_argument, NULL, 'n' },
	{ "show-pids", no_argument, NULL, 'p' },
	{ "show-parents", no_argument, NULL, 's' },
	{ "thread-names", no_argument, NULL, 't' },
	{ "hide-threads", no_argument, NULL, 'T' },
	{ "uid-changes", no_argument, NULL, 'u' },
	{ "unicode", no_argument, NULL, 'U' },
	{ "version", no_argument, NULL, 'V' },
	{ "highlight-all", no_argument, NULL, 'h' },
	{ "highlight-pid", required_argument, NULL, 'H' },
	SQ_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* A capability without its delays ("$<2>"), which psmisc's tputs drops
 * when no baud rate is set. */
static char *unpad(char *cap)
{
	char *w = cap;

	for (const char *r = cap; *r;) {
		const char *end;

		if (r[0] == '$' && r[1] == '<' && (end = strchr(r, '>'))) {
			r = end + 1;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
	return cap;
}

/* TERM's bold and plain as termcap has them (md and me, which psmisc
 * writes; terminfo's sgr0 differs).  -h without them is nothing; -H is an
 * error. */
static bool terminal_bold(struct opts *o, bool required)
{
	static char ent[2048], caps[256];
	const char *term = getenv("TERM");
	char *area = caps, *b, *e;

	if (!term) {
		if (required)
			sq_die(SQ_EXIT_FAIL, "TERM is not set");
		return false;
	}
	if (tgetent(ent, term) <= 0) {
		if (required)
			sq_die(SQ_EXIT_FAIL, "can't get terminal capabilities");
		return false;
	}
	b = tgetstr("md", &area);
	e = tgetstr("me", &area);
	o->bold = b ? unpad(b) : "";
	o->plain = e ? unpad(e) : "";
	return true;
}

/* ---- -N -------------------------------------------------------------- */

/* psmisc: -N TYPE is an error (exit 1) where /proc/self/ns has no TYPE. */
static void check_ns(sysq_ctx *ctx, int type)
{
	static const enum sysq_proc_field f[NS__COUNT] = {
		[NS_CGROUP] = SYSQ_P_CGROUPNS, [NS_IPC] = SYSQ_P_IPCNS, [NS_MNT] = SYSQ_P_MNTNS,
		[NS_NET] = SYSQ_P_NETNS, [NS_PID] = SYSQ_P_PIDNS, [NS_USER] = SYSQ_P_USERNS,
		[NS_UTS] = SYSQ_P_UTSNS, [NS_TIME] = SYSQ_P_TIMENS,
	};
	struct sysq_proc p;
	bool have = false;

	if (sysq_proc_read(ctx, getpid(), SYSQ_PN_NS, &p) == 0) {
		have = SYSQ_HAVE(&p, f[type]);
		sysq_proc_release(&p);
	}
	if (!have)
		sq_die(SQ_EXIT_FAIL, "the %s namespace is not in %s/self/ns", ns_names[type],
		       sysq_root_path(ctx, SYSQ_ROOT_PROC));
}

/* "[inode]" and the trees that entered that namespace; in JSON a list
 * of the namespaces, each with its trees. */
static void print_ns(struct tree *t, struct draw *d, struct sq_cli *cli, struct ns_group *g, size_t ng)
{
	if (t->o->json) {
		json_object *doc = json_object_new_object(), *list = json_object_new_array();

		for (size_t i = 0; i < ng; i++) {
			json_object *e = json_object_new_object(), *procs = json_object_new_array();

			json_object_object_add(e, "type", sq_json_str(ns_names[t->o->ns_sort]));
			json_object_object_add(e, "inode", g[i].inode ? sq_json_i64((int64_t)g[i].inode) : NULL);
			for (size_t k = 0; k < g[i].nroots; k++)
				json_object_array_add(procs, json_node(t, g[i].roots[k]));
			json_object_object_add(e, "processes", procs);
			json_object_array_add(list, e);
		}
		json_object_object_add(doc, "namespaces", list);
		sq_json_emit(cli, doc);
		json_object_put(doc);
		return;
	}
	d->sym = &syms[t->o->sym];
	d->line.cut = t->o->width != 0;
	for (size_t i = 0; i < ng; i++) {
		printf("[%" PRIu64 "]\n", g[i].inode);
		for (size_t k = 0; k < g[i].nroots; k++)
			draw(d, g[i].roots[k], 0);
	}
}

/* ---- main ------------------------------------------------------------ */

/* psmisc's width: COLUMNS when it is a positive number (C syntax: 0x20
 * and 040 are 32), else the terminal's, else 132. */
static int line_width(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;

	if (env && *env) {
		char *end;
		long v = strtol(env, &end, 0);

		if (*end == '\0' && v > 0 && v <= INT32_MAX)
			return (int)v;
	}
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 132;
}

static enum sym_set default_syms(void)
{
	bool utf8;

	if (!isatty(STDOUT_FILENO))
		return SYM_ASCII;
	setlocale(LC_CTYPE, "");
	utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	/* back to C: the user names' sq_escape (libbsd vis) would pass
	 * bytes through that a UTF-8 locale calls printable */
	setlocale(LC_CTYPE, "C");
	return utf8 ? SYM_UTF8 : SYM_ASCII;
}

int main(int argc, char **argv)
{
	struct sq_cli cli;
	struct opts o = { .sym = SYM_DEFAULT, .ns_sort = -1 };
	struct ns_group *nsg = NULL;
	size_t nnsg = 0;
	struct tree t = { .o = &o };
	struct draw d = { .o = &o };
	struct node **roots = NULL, *target = NULL;
	size_t nroots = 0;
	const char *user = NULL;
	pid_t pid = 1;
	uid_t uid = 0;
	int c;

	sq_cli_init(&cli, "pstree", usage, argv);
	while ((c = sq_getopt(argc, argv, "aAcC:gGhH:lnN:psStTuUVZ", longopts)) != -1) {
		switch (c) {
		case 'a': o.args = true; break;
		case 'A': o.sym = SYM_ASCII; break;
		case 'c': o.nocompact = true; break;
		case 'C':
			/* psmisc takes "age" in any case */
			if (strcasecmp(optarg, "age") != 0)
				sq_usage_error("unknown colour type '%s' (age)", optarg);
			o.color_age = true;
			break;
		case 'N':
			if ((o.ns_sort = ns_type_of(optarg)) < 0)
				sq_usage_error("unknown namespace type '%s' (cgroup, ipc, mnt, net, pid, time, user, uts)",
					       optarg);
			break;
		case 'S': o.ns_changes = true; break;
		case 'Z': o.scontext = true; break;
		case 'g': o.pgids = true; break;
		case 'G': o.sym = SYM_VT100; break;
		case 'l': o.long_lines = true; break;
		case 'n': o.numeric = true; break;
		case 'p': o.pids = true; break;
		case 's': o.parents = true; break;
		case 't': o.thread_names = true; break;
		case 'T': o.hide_threads = true; break;
		case 'u': o.uids = true; break;
		case 'U': o.sym = SYM_UTF8; break;
		case 'h':
		case 'H':
			if (o.highlight)
				sq_usage_error("-h and -H go once, and not together");
			/* psmisc: -h only where TERM names a terminal it knows */
			if (!terminal_bold(&o, c == 'H'))
				break;
			o.highlight = c == 'h' ? getpid() : (pid_t)sq_arg_int("-H", optarg, 1, INT32_MAX);
			break;
		case 'V': c = SQ_OPT_VERSION; goto common;
		default:
		common:
			if (!sq_cli_common(&cli, c))
				sq_usage_error("unhandled option");
		}
	}
	if (argc - optind > 1)
		sq_usage_error("unexpected argument '%s'", argv[optind + 1]);
	if (optind < argc && o.ns_sort >= 0)
		sq_usage_error("-N draws every process: no operand ('%s')", argv[optind]);
	if (optind < argc) {
		const char *arg = argv[optind];

		/* psmisc: a PID starts with a digit; anything else names a user */
		if (*arg >= '0' && *arg <= '9') {
			pid = (pid_t)sq_arg_int("PID", arg, 0, INT32_MAX);
		} else {
			user = arg;
		}
	}
	o.json = cli.json;
	if (o.sym == SYM_DEFAULT)
		o.sym = default_syms();
	o.width = o.long_lines || o.json ? 0 : line_width();

	t.ctx = d.ctx = sq_cli_context(&cli);
	if (user) {
		int64_t id;

		if (sysq_user_id(t.ctx, user, &id) != SYSQ_OK)
			sq_die(SQ_EXIT_FAIL, "no such user: %s", user);
		uid = (uid_t)id;
	}
	if (o.ns_sort >= 0)
		check_ns(t.ctx, o.ns_sort);
	if (o.color_age && sysq_uptime(t.ctx, &o.uptime, NULL) < 0)
		sq_die(SQ_EXIT_FAIL, "%s/uptime: %s", sysq_root_path(t.ctx, SYSQ_ROOT_PROC),
		       sysq_strerror(SYSQ_EIO));
	/* -S and -N read each thread's namespaces: by its ID */
	t.tids = o.pids || o.numeric || o.thread_names || o.json || o.ns_changes || o.ns_sort >= 0;
	load(&t);

	for (struct node *n = o.highlight ? find(&t, o.highlight) : NULL; n && !n->placeholder; n = n->parent)
		n->bold = true;
	if (o.ns_sort >= 0) {
		struct node *init = find(&t, 1);

		prepare(&t, init);
		nnsg = group_by_ns(&t, init, (enum ns_type)o.ns_sort, &nsg);
	} else if (user) {
		struct node *init = find(&t, 1);

		if (init)
			collect_user(&t, init, uid, &roots, &nroots);
		if (!nroots)
			sq_die(SQ_EXIT_FAIL, "no processes found for user %s", user);
	} else {
		/* a "?" is a target too: the hidden parent of what is seen */
		target = find(&t, pid);
		if (!target)
			target = find_thread(&t, pid);
		if (!target || (target->thread && o.hide_threads))
			sq_die(SQ_EXIT_FAIL, "no such process: %d", (int)pid);
		roots = xrealloc(NULL, 1, sizeof(*roots));
		roots[nroots++] = target;
		if (o.parents) {
			/* from the topmost ancestor down, one child a level */
			struct node *n = target;

			/* up through hidden parents, to 1 (the parent of
			 * init and of the kernel's threads is not shown) */
			while (n->parent && !(n->parent->placeholder && n->parent->pid == 0)) {
				n->parent->path = n;
				n = n->parent;
				complete(&t, n, false);
			}
			roots[0] = n;
		}
	}

	for (size_t i = 0; i < nroots; i++) {
		struct node *r = roots[i];

		/* above the target of -s, only the path is prepared */
		while (r->path) {
			complete(&t, r, false);
			r = r->path;
		}
		prepare(&t, r);
	}

	if (o.ns_sort >= 0) {
		print_ns(&t, &d, &cli, nsg, nnsg);
	} else if (o.json) {
		json_object *doc = json_object_new_object(), *list = json_object_new_array();

		for (size_t i = 0; i < nroots; i++) {
			/* the parent of init is no process: list its children */
			if (roots[i]->placeholder && roots[i]->pid == 0) {
				for (size_t k = 0; k < roots[i]->nkids; k++)
					if (!roots[i]->kids[k]->thread)
						json_object_array_add(list, json_node(&t, roots[i]->kids[k]));
			} else {
				json_object_array_add(list, json_node(&t, roots[i]));
			}
		}
		json_object_object_add(doc, "processes", list);
		sq_json_emit(&cli, doc);
		json_object_put(doc);
	} else {
		d.sym = &syms[o.sym];
		d.line.cut = o.width != 0;
		for (size_t i = 0; i < nroots; i++) {
			if (i)
				putchar('\n');
			/* a tree's root is compared with root's uid; USER's trees
			 * with USER's */
			draw(&d, roots[i], user ? (int64_t)uid : 0);
		}
	}

	free(d.line.buf);
	free(d.line.g);
	free(d.lv);
	free(roots);
	free_ns_groups(nsg, nnsg);
	for (size_t i = 0; i < t.nprocs; i++) {
		free(t.procs[i].kids);
		free(t.procs[i].argv);
		free(t.procs[i].label);
	}
	for (size_t i = 0; i < t.nmore; i++) {
		free(t.more[i]->kids);
		free(t.more[i]->argv);
		free(t.more[i]->label);
		free(t.more[i]);
	}
	free(t.more);
	free(t.procs);
	sysq_close(t.ctx);
	return SQ_EXIT_OK;
}
