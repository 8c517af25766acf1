/* pstree: the processes as a tree, as psmisc pstree 23.6 draws it. */
#include <getopt.h>
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <curses.h>
#include <term.h>

#include "out/out.h"

static const char usage[] =
	"pstree [options] [PID | USER]\n"
	"Show the processes as a tree, rooted at PID (default 1, init), or one\n"
	"tree for each process of USER whose parent is not USER's.\n"
	"\n"
	"  -a, --arguments       show the command line arguments\n"
	"  -c, --compact-not     do not merge identical subtrees\n"
	"  -g, --show-pgids      show process group IDs\n"
	"  -l, --long            do not cut lines at the width of the terminal\n"
	"  -n, --numeric-sort    sort siblings by PID, not by name\n"
	"  -p, --show-pids       show PIDs (implies -c)\n"
	"  -s, --show-parents    show the parents of PID too\n"
	"  -t, --thread-names    show the threads' own names\n"
	"  -T, --hide-threads    show processes only\n"
	"  -u, --uid-changes     show the user where it changes\n"
	"  -A, --ascii           draw with ASCII characters\n"
	"  -G, --vt100           draw with VT100 line drawing characters\n"
	"  -U, --unicode         draw with UTF-8 line drawing characters\n"
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

enum sym_set { SYM_DEFAULT, SYM_ASCII, SYM_UTF8, SYM_VT100 };

struct opts {
	bool args, nocompact, pgids, long_lines, numeric, pids, parents;
	bool thread_names, hide_threads, uids, json;
	enum sym_set sym;
	int width;           /* columns of a line; 0: no limit */
	pid_t highlight;     /* -h, -H: this process and its ancestors in bold */
	const char *bold, *plain; /* TERM's escapes for that */
};

/* ---- the tree -------------------------------------------------------- */

struct node {
	pid_t pid;           /* TID for a thread; 0 for the parent of init */
	pid_t ppid, pgid;
	char name[SYSQ_PROC_NAME_MAX]; /* comm, raw bytes */
	char state;
	bool thread, kthread, placeholder, have_threads, bold;
	uint64_t nthreads;   /* stat num_threads */
	bool have_uids, have_user, have_owner;
	int64_t ruid, euid, suid;
	int64_t owner; /* owner of /proc/PID: psmisc's sort key for equal names */
	char username[64];
	bool have_cmdline;
	char **argv;         /* owned; argc entries */
	size_t argc;
	uint64_t seq;        /* when psmisc would have added it: ties of the name sort */
	uint64_t hash;       /* of the subtree's shape, for compaction */
	struct node *parent;
	struct node **kids;  /* processes and threads */
	size_t nkids, capkids;
	struct node *path;   /* -s: the one child shown, on the way to the target */
};

struct tree {
	sysq_ctx *ctx;
	struct opts *o;
	struct node *procs;  /* every process, in PID order */
	size_t nprocs;
	struct node **more;  /* placeholders and threads, allocated one by one */
	size_t nmore, capmore;
	bool tids;           /* read the threads' IDs and names, not only their number */
};

static void *xrealloc(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		sq_die(SQ_EXIT_FAIL, "%s", sysq_strerror(SYSQ_ENOMEM));
	p = realloc(p, n && size ? n * size : 1);
	if (!p)
		sq_die(SQ_EXIT_FAIL, "%s", sysq_strerror(SYSQ_ENOMEM));
	return p;
}

static struct node *new_node(struct tree *t)
{
	struct node *n = xrealloc(NULL, 1, sizeof(*n));

	memset(n, 0, sizeof(*n));
	if (t->nmore == t->capmore) {
		t->capmore = t->capmore ? 2 * t->capmore : 64;
		t->more = xrealloc(t->more, t->capmore, sizeof(*t->more));
	}
	t->more[t->nmore++] = n;
	return n;
}

static void add_kid(struct node *parent, struct node *kid)
{
	if (parent->nkids == parent->capkids) {
		parent->capkids = parent->capkids ? 2 * parent->capkids : 4;
		parent->kids = xrealloc(parent->kids, parent->capkids, sizeof(*parent->kids));
	}
	parent->kids[parent->nkids++] = kid;
	kid->parent = parent;
}

static int cmp_node_pid(const void *key, const void *elem)
{
	pid_t pid = *(const pid_t *)key, other = ((const struct node *)elem)->pid;

	return (pid > other) - (pid < other);
}

static struct node *find(struct tree *t, pid_t pid)
{
	struct node *n = bsearch(&pid, t->procs, t->nprocs, sizeof(*t->procs), cmp_node_pid);

	if (n)
		return n;
	for (size_t i = 0; i < t->nmore; i++)
		if (t->more[i]->placeholder && t->more[i]->pid == pid)
			return t->more[i];
	return NULL;
}

/* A parent we could not read (0, the parent of init and kthreadd, or one
 * hidden from us) stands in as "?", as psmisc shows it. */
static struct node *placeholder(struct tree *t, pid_t pid)
{
	struct node *n = find(t, pid);

	if (!n) {
		n = new_node(t);
		n->pid = pid;
		n->placeholder = true;
		n->seq = (uint64_t)pid * 2;
		strcpy(n->name, "?");
	}
	return n;
}

static void copy_ids(struct node *n, const struct sysq_proc *p)
{
	if (SYSQ_HAVE(p, SYSQ_P_RUID) && SYSQ_HAVE(p, SYSQ_P_EUID)) {
		n->have_uids = true;
		n->ruid = p->ruid;
		n->euid = p->euid;
		n->suid = p->suid;
	}
	if (SYSQ_HAVE(p, SYSQ_P_USERNAME)) {
		n->have_user = true;
		snprintf(n->username, sizeof(n->username), "%s", p->username);
	}
}

/* Phase one: every process, linked to its parent.  status alone has the
 * name, state, parent, threads and effective uid (the owner of /proc/PID,
 * psmisc's order for equal names, and what a USER operand selects by);
 * stat is added for what only it has exactly: the kernel-thread flag that
 * -a shows, and the process group of -g on any kernel. */
static void load(struct tree *t)
{
	unsigned need = SYSQ_PN_STATUS | (t->o->args || t->o->pgids ? SYSQ_PN_STAT : 0);
	struct sysq_proc p;
	sysq_proc_iter *it;
	size_t cap = 0;
	int rc;

	if ((rc = sysq_proc_iter_open(t->ctx, need, &it)) < 0)
		sq_die(SQ_EXIT_FAIL, "%s: %s", sysq_root_path(t->ctx, SYSQ_ROOT_PROC), sysq_strerror(rc));
	while ((rc = sysq_proc_next(it, &p)) > 0) {
		struct node *n;

		if (t->nprocs == cap) {
			cap = cap ? 2 * cap : 256;
			t->procs = xrealloc(t->procs, cap, sizeof(*t->procs));
		}
		n = &t->procs[t->nprocs++];
		memset(n, 0, sizeof(*n));
		n->pid = (pid_t)p.pid;
		n->ppid = (pid_t)p.ppid;
		n->pgid = (pid_t)p.pgid;
		n->state = p.state;
		n->kthread = p.kernel_thread;
		n->nthreads = p.num_threads;
		n->seq = (uint64_t)p.pid * 2;
		memcpy(n->name, p.name, sizeof(n->name));
		copy_ids(n, &p);
		/* /proc/PID (a directory) belongs to the effective user, even
		 * when the process is not dumpable; kernel threads' is 0 */
		if (n->have_uids) {
			n->have_owner = true;
			n->owner = n->euid;
		}
		sysq_proc_release(&p);
	}
	sysq_proc_iter_close(it);
	if (rc < 0)
		sq_die(SQ_EXIT_FAIL, "%s: %s", sysq_root_path(t->ctx, SYSQ_ROOT_PROC), sysq_strerror(rc));
	/* the array is final now: link the processes to their parents */
	for (size_t i = 0; i < t->nprocs; i++) {
		struct node *n = &t->procs[i];

		if (n->ppid != n->pid && n->ppid >= 0)
			add_kid(placeholder(t, n->ppid), n);
	}
}

static void add_thread(struct tree *t, struct node *n, pid_t tid, const char *name)
{
	struct node *k = new_node(t);

	k->thread = true;
	k->pid = tid;
	k->ppid = n->ppid; /* as the thread's own stat has it */
	k->pgid = n->pgid;
	k->seq = n->seq + 1;
	k->have_uids = n->have_uids;
	k->ruid = n->ruid;
	k->euid = n->euid;
	k->suid = n->suid;
	snprintf(k->name, sizeof(k->name), "%s", name);
	add_kid(n, k);
}

/* The threads of a process as child nodes: IDs and names from task/ when
 * something shows them, else only their number (stat num_threads). */
static void add_threads(struct tree *t, struct node *n)
{
	pid_t *tids = NULL;
	size_t nth = 0;

	n->have_threads = true;
	if (n->nthreads < 2 || n->placeholder)
		return;
	if (!t->tids) {
		for (uint64_t i = 1; i < n->nthreads; i++)
			add_thread(t, n, 0, n->name);
		return;
	}
	if (sysq_proc_tids(t->ctx, n->pid, &tids, &nth) < 0)
		return; /* gone, or denied: no threads shown */
	for (size_t i = 0; i < nth; i++) {
		struct sysq_proc tp;

		if (tids[i] == n->pid)
			continue;
		/* without -t, a thread shows its process's name: no read */
		if (!t->o->thread_names && !t->o->json) {
			add_thread(t, n, tids[i], n->name);
		} else if (sysq_proc_read_task(t->ctx, n->pid, tids[i], SYSQ_PN_STAT, &tp) == 0) {
			add_thread(t, n, tids[i], tp.name);
			sysq_proc_release(&tp);
		}
	}
	free(tids);
}

/* Phase two, for a process that is shown: what only the chosen options
 * print (cmdline, status) and its threads. */
static void complete(struct tree *t, struct node *n, bool threads)
{
	unsigned need = 0;
	struct sysq_proc p;

	if (n->placeholder || n->thread)
		return;
	if (t->o->args && !n->have_cmdline)
		need |= SYSQ_PN_CMDLINE;
	if (t->o->uids && !n->have_uids)
		need |= SYSQ_PN_STATUS;
	if (need && sysq_proc_read(t->ctx, n->pid, need, &p) == 0) {
		if (SYSQ_HAVE(&p, SYSQ_P_CMDLINE)) {
			size_t bytes = 0;
			char *s;

			for (size_t i = 0; i < p.ncmdline; i++)
				bytes += strlen(p.cmdline[i]) + 1;
			/* the pointers, then the strings, in one block */
			n->argv = xrealloc(NULL, 1, (p.ncmdline + 1) * sizeof(char *) + bytes + 1);
			s = (char *)(n->argv + p.ncmdline + 1);
			for (size_t i = 0; i < p.ncmdline; i++) {
				n->argv[i] = s;
				s = stpcpy(s, p.cmdline[i]) + 1;
			}
			n->argv[p.ncmdline] = NULL;
			n->argc = p.ncmdline;
			n->have_cmdline = true;
		}
		copy_ids(n, &p);
		sysq_proc_release(&p);
	}
	if (threads && !t->o->hide_threads && !n->have_threads)
		add_threads(t, n);
}

/* The owner of /proc/PID (what psmisc sorts equal names by: the
 * effective uid, root for a process that is not dumpable), when the sort
 * needs it; true when it was read now. */
static bool fetch_owner(struct tree *t, struct node *n)
{
	if (n->have_owner || n->placeholder || n->thread)
		return false;
	n->have_owner = sysq_proc_owner(t->ctx, n->pid, &n->owner, NULL) == 0;
	return n->have_owner;
}

/* ---- order and compaction -------------------------------------------- */

static int cmp_kids(const void *a, const void *b, void *arg)
{
	const struct node *x = *(const struct node *const *)a, *y = *(const struct node *const *)b;
	const struct opts *o = arg;

	if (o->numeric) {
		if (x->pid != y->pid)
			return (x->pid > y->pid) - (x->pid < y->pid);
	} else {
		/* threads sort as "{name}", as they are shown */
		char bx[SYSQ_PROC_NAME_MAX + 2], by[SYSQ_PROC_NAME_MAX + 2];
		int c;

		snprintf(bx, sizeof(bx), x->thread ? "{%s}" : "%s", x->name);
		snprintf(by, sizeof(by), y->thread ? "{%s}" : "%s", y->name);
		if ((c = strcmp(bx, by)) != 0)
			return c;
	}
	/* psmisc: equal names in the order of their users, then of reading */
	if (x->have_owner && y->have_owner && x->owner != y->owner)
		return (x->owner > y->owner) - (x->owner < y->owner);
	if (x->seq != y->seq)
		return (x->seq > y->seq) - (x->seq < y->seq);
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* The children in psmisc's order.  Equal names are ordered by user: read
 * the owner of those only, then sort again. */
static void sort_kids(struct tree *t, struct node *n)
{
	bool again = false;

	if (n->nkids < 2)
		return;
	qsort_r(n->kids, n->nkids, sizeof(*n->kids), cmp_kids, t->o);
	if (t->o->numeric)
		return;
	for (size_t i = 0; i + 1 < n->nkids; i++) {
		struct node *a = n->kids[i], *b = n->kids[i + 1];

		if (a->thread != b->thread || strcmp(a->name, b->name) != 0)
			continue;
		if (fetch_owner(t, a))
			again = true;
		if (fetch_owner(t, b))
			again = true;
	}
	if (again)
		qsort_r(n->kids, n->nkids, sizeof(*n->kids), cmp_kids, t->o);
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

/* Sort a shown subtree and hash each node's shape: name, kind, uid when
 * -u shows it, and the children in order. */
static void prepare(struct tree *t, struct node *n)
{
	uint64_t h = 1469598103934665603ull;

	complete(t, n, true);
	sort_kids(t, n);
	for (const unsigned char *s = (const unsigned char *)n->name; *s; s++)
		h = (h ^ *s) * 1099511628211ull;
	h = mix(h, n->thread);
	if (t->o->uids && n->have_uids)
		h = mix(h, (uint64_t)n->euid);
	for (size_t i = 0; i < n->nkids; i++) {
		prepare(t, n->kids[i]);
		h = mix(h, n->kids[i]->hash);
	}
	n->hash = h;
}

static bool same_tree(const struct opts *o, const struct node *a, const struct node *b)
{
	if (a->hash != b->hash || a->thread != b->thread || a->nkids != b->nkids ||
	    strcmp(a->name, b->name) != 0)
		return false;
	if (o->uids && (a->have_uids != b->have_uids || a->euid != b->euid))
		return false;
	for (size_t i = 0; i < a->nkids; i++)
		if (!same_tree(o, a->kids[i], b->kids[i]))
			return false;
	return true;
}

/* The children as drawn: identical siblings merged into the first of
 * them ("3*[name]"), wherever they sit in the order. */
struct group {
	struct node *n;
	size_t count;
};

static size_t groups_of(const struct opts *o, const struct node *n, struct group **out)
{
	struct group *g;
	bool *taken;
	size_t ng = 0;

	if (n->path) {
		*out = xrealloc(NULL, 1, sizeof(**out));
		(*out)[0] = (struct group){ n->path, 1 };
		return 1;
	}
	g = xrealloc(NULL, n->nkids, sizeof(*g));
	taken = xrealloc(NULL, n->nkids, sizeof(*taken));
	memset(taken, 0, n->nkids * sizeof(*taken));
	for (size_t i = 0; i < n->nkids; i++) {
		const struct node *k = n->kids[i];
		/* -p lists every process; -a every process but not threads */
		bool merge = !o->nocompact && !o->pids && (!o->args || k->thread);

		if (taken[i])
			continue;
		g[ng] = (struct group){ n->kids[i], 1 };
		for (size_t j = i + 1; merge && j < n->nkids; j++) {
			if (!taken[j] && same_tree(o, k, n->kids[j])) {
				taken[j] = true;
				g[ng].count++;
			}
		}
		ng++;
	}
	free(taken);
	*out = g;
	return ng;
}

/* ---- text ------------------------------------------------------------ */

/* One line, held until it ends so it can be cut at the width: the bytes
 * and, per character, its columns in the layout, its columns as psmisc
 * counts them when it cuts (each byte of a VT100 escape counts), and how
 * many '+' replace it when it is the first that does not fit (psmisc
 * writes one per byte of a UTF-8 line drawing character). */
struct glyph {
	size_t off;
	unsigned len, cols, tcols, plus;
};

struct line {
	char *buf;
	size_t len, cap;
	struct glyph *g;
	size_t ng, capg;
	int cols;  /* layout columns so far */
	int tcols; /* psmisc's cursor */
	bool cut;  /* lines are cut: keep the glyphs */
};

static void put_glyph(struct line *l, const char *s, size_t n, unsigned cols, unsigned tcols,
		      unsigned plus)
{
	if (l->len + n + 1 > l->cap) {
		l->cap = 2 * (l->len + n + 1);
		l->buf = xrealloc(l->buf, l->cap, 1);
	}
	if (l->cut && l->ng == l->capg) {
		l->capg = l->capg ? 2 * l->capg : 64;
		l->g = xrealloc(l->g, l->capg, sizeof(*l->g));
	}
	memcpy(l->buf + l->len, s, n);
	if (l->cut)
		l->g[l->ng++] = (struct glyph){ l->len, (unsigned)n, cols, tcols, plus };
	l->len += n;
	l->cols += (int)cols;
	l->tcols += (int)tcols;
}

static void put(struct line *l, const char *s, size_t n, unsigned cols, unsigned plus)
{
	put_glyph(l, s, n, cols, cols, plus);
}

/* Zero columns in the layout, one per byte for psmisc's cursor. */
static void put_escape(struct line *l, const char *s)
{
	for (; *s; s++)
		put_glyph(l, s, 1, 0, 1, 1);
}

/* Text already escaped: one column per character.  Escapes are ASCII, so
 * a cut may end inside one ("\30+"), as psmisc's does: what is left of it
 * is harmless text. */
static void put_text(struct line *l, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t k = 1;

		while (i + k < n && ((unsigned char)s[i + k] & 0xc0) == 0x80)
			k++;
		put(l, s + i, k, 1, 1);
		i += k;
	}
}

static void put_str(struct line *l, const char *s)
{
	put_text(l, s, strlen(s));
}

static void put_spaces_to(struct line *l, int col)
{
	while (l->cols < col)
		put(l, " ", 1, 1, 1);
}

/* Line drawing: a piece is shown between pre and post (VT100 switches
 * its character set there); each character of body is one column. */
struct sym {
	const char *pre, *post;
	const char *single, *first, *branch, *last, *vert;
};

static const struct sym syms[] = {
	[SYM_ASCII] = { "", "", "---", "-+-", "|-", "`-", "|" },
	[SYM_UTF8] = { "", "", "\u2500\u2500\u2500", "\u2500\u252c\u2500", "\u251c\u2500",
		       "\u2514\u2500", "\u2502" },
	[SYM_VT100] = { "\033(0\017", "\033(B", "qqq", "qwq", "tq", "mq", "x" },
};

static void put_sym(struct line *l, const struct sym *sym, const char *body)
{
	put_escape(l, sym->pre);
	for (size_t i = 0, n = strlen(body); i < n;) {
		size_t k = 1;

		while (i + k < n && ((unsigned char)body[i + k] & 0xc0) == 0x80)
			k++;
		put(l, body + i, k, 1, (unsigned)k);
		i += k;
	}
	put_escape(l, sym->post);
}

/* Write the line, cut to width - 1 columns and a '+' when it is longer;
 * the highlight's escapes (no columns at all: psmisc writes them with
 * tputs, around its cursor) are written past the cut too. */
static void flush_line(struct line *l, int width)
{
	bool cut = false;
	int cols = 0;

	if (!width) {
		fwrite(l->buf, 1, l->len, stdout);
	} else {
		for (size_t i = 0; i < l->ng; i++) {
			const struct glyph *g = &l->g[i];
			bool bare = !g->tcols && !g->plus;

			if (cut && !bare)
				continue;
			if (!bare && cols + (int)g->tcols > width - 1) {
				for (unsigned k = 0; k < g->plus; k++)
					putchar('+');
				cut = true;
				continue;
			}
			fwrite(l->buf + g->off, 1, g->len, stdout);
			cols += (int)g->tcols;
		}
	}
	putchar('\n');
	l->len = 0;
	l->ng = 0;
	l->cols = 0;
	l->tcols = 0;
}

struct level {
	int col;   /* where the vertical line of this level runs */
	bool more; /* more siblings below: draw it */
};

struct draw {
	const struct opts *o;
	sysq_ctx *ctx;
	const struct sym *sym;
	struct line line;
	struct level *lv;
	size_t nlv, caplv;
};

static void push_level(struct draw *d, int col)
{
	if (d->nlv == d->caplv) {
		d->caplv = d->caplv ? 2 * d->caplv : 16;
		d->lv = xrealloc(d->lv, d->caplv, sizeof(*d->lv));
	}
	d->lv[d->nlv++] = (struct level){ col, true };
}

/* The start of a continuation line: the vertical lines of the levels
 * above, then the branch to this child. */
static void put_indent(struct draw *d, bool last)
{
	for (size_t i = 0; i + 1 < d->nlv; i++) {
		put_spaces_to(&d->line, d->lv[i].col);
		if (d->lv[i].more)
			put_sym(&d->line, d->sym, d->sym->vert);
		else
			put(&d->line, " ", 1, 1, 1);
	}
	put_spaces_to(&d->line, d->lv[d->nlv - 1].col);
	put_sym(&d->line, d->sym, last ? d->sym->last : d->sym->branch);
}

static void put_number(struct line *l, bool *first, const char *sep, pid_t v)
{
	char buf[24] = "";

	/* psmisc leaves a 0 out (the pgid of a kernel thread, "?"'s PID) */
	if (v)
		snprintf(buf, sizeof(buf), "%d", (int)v);
	put_str(l, *first ? sep : ",");
	put_str(l, buf);
	*first = false;
}

/* "(pid,pgid,user)" in the tree, ",pid,pgid,user" with -a */
static void put_ids(struct draw *d, const struct node *n, int64_t parent_uid, const char *open)
{
	bool first = true;

	if (d->o->pids)
		put_number(&d->line, &first, open, n->pid);
	if (d->o->pgids)
		put_number(&d->line, &first, open, n->pgid);
	if (d->o->uids && n->have_uids && n->euid != parent_uid) {
		char user[SYSQ_USER_NAME_MAX + 24], esc[4 * sizeof(user) + 1];

		sysq_user_name(d->ctx, n->euid, user, sizeof(user));
		put_str(&d->line, first ? open : ",");
		put_str(&d->line, sq_escape(esc, sizeof(esc), user));
		first = false;
	}
	if (!first && *open == '(')
		put_str(&d->line, ")");
}

static int name_cols(const char *esc)
{
	int cols = 0;

	for (const unsigned char *s = (const unsigned char *)esc; *s; s++)
		cols += (*s & 0xc0) != 0x80;
	return cols;
}

/* With -a, psmisc puts a process without a command line (a kernel
 * thread, a zombie) in parentheses. */
static bool bare(const struct node *n)
{
	return !n->placeholder && !n->thread && n->argc == 0 &&
	       (n->kthread || n->state == 'Z' || n->state == 'X');
}

/* The arguments after the name, as psmisc 23.6 reads and prints them.
 * It reads the command line's first width bytes (8192 with -l) and adds a
 * NUL; it counts one argument a run of NULs, but takes the arguments one
 * NUL after another, so empty ones shift the rest out ("a '' b" shows
 * "a b", "a '' '' b" shows "a "); each is preceded by a space but the
 * last (the added NUL's empty string when nothing was cut), and shown
 * when it ends 4 columns before the width (the last: at the width), else
 * "..." ends the line.  It measures a byte it escapes as 4, even a
 * backslash (which it prints as 2). */
static void put_args(struct draw *d, const struct node *n)
{
	const size_t limit = d->o->width ? (size_t)d->o->width + 1 : 8193;
	size_t size = 0, argc = 0;
	char *buf;
	const char *arg;

	if (n->argc < 1)
		return;
	for (size_t i = 0; i < n->argc; i++)
		size += strlen(n->argv[i]) + 1;
	buf = xrealloc(NULL, size + 1, 1);
	for (size_t i = 0, at = 0; i < n->argc; i++) {
		size_t k = strlen(n->argv[i]) + 1;

		memcpy(buf + at, n->argv[i], k);
		at += k;
	}
	if (size >= limit)
		size = limit - 1;
	buf[size++] = '\0';
	for (size_t i = 0; i + 1 < size; i++)
		if (!buf[i]) {
			argc++;
			while (!buf[i] && i + 1 < size)
				i++;
		}
	arg = buf + strlen(buf) + 1;
	for (size_t i = 0; i < argc; i++, arg += strlen(arg) + 1) {
		bool lastarg = i + 1 == argc;
		int cols = 0;
		char *esc;

		if (!lastarg)
			put_str(&d->line, " ");
		for (const unsigned char *c = (const unsigned char *)arg; *c; c++)
			cols += *c >= ' ' && *c <= '~' ? 1 : 4;
		if (d->o->width && d->line.tcols + 1 + cols > d->o->width - (lastarg ? 0 : 4)) {
			put_str(&d->line, "...");
			break;
		}
		if (!(esc = sq_escape_ascii_dup(arg)))
			sq_die(SQ_EXIT_FAIL, "%s", sysq_strerror(SYSQ_ENOMEM));
		put_str(&d->line, esc);
		free(esc);
	}
	free(buf);
}

/* The label of a node: "3*[" for a merged group, the name, the ids. */
static int put_label(struct draw *d, const struct node *n, size_t count, int64_t parent_uid)
{
	char esc[4 * SYSQ_PROC_NAME_MAX + 1], buf[32];
	bool paren = d->o->args && bare(n);

	sq_escape_ascii(esc, sizeof(esc), n->name);
	if (count > 1) {
		snprintf(buf, sizeof(buf), "%zu*[", count);
		put_str(&d->line, buf);
	}
	/* psmisc writes these past its cursor: no columns */
	if (n->bold)
		put_glyph(&d->line, d->o->bold, strlen(d->o->bold), 0, 0, 0);
	if (paren)
		put_str(&d->line, "(");
	put_str(&d->line, n->thread ? "{" : "");
	put_str(&d->line, esc);
	put_str(&d->line, n->thread ? "}" : "");
	put_ids(d, n, parent_uid, d->o->args ? "," : "(");
	if (paren)
		put_str(&d->line, ")");
	if (n->bold)
		put_glyph(&d->line, d->o->plain, strlen(d->o->plain), 0, 0, 0);
	return name_cols(esc);
}

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

static void close_groups(struct draw *d, unsigned closers)
{
	for (unsigned i = 0; i < closers; i++)
		put_str(&d->line, "]");
}

/* The classic layout: children on the line of their parent. */
static void draw_tree(struct draw *d, const struct node *n, size_t count, unsigned closers,
		      int64_t parent_uid)
{
	struct group *g;
	size_t ng;
	bool full;

	put_label(d, n, count, parent_uid);
	full = d->o->width && d->line.tcols >= d->o->width - 1;
	ng = groups_of(d->o, n, &g);
	if (ng && full) {
		/* psmisc draws nothing below a node that fills the line; the
		 * line ends with the start of the branch, cut */
		put_sym(&d->line, d->sym, ng == 1 ? d->sym->single : d->sym->first);
		ng = 0;
	}
	if (ng == 0) {
		close_groups(d, closers);
		flush_line(&d->line, d->o->width);
	} else if (ng == 1) {
		put_sym(&d->line, d->sym, d->sym->single);
		draw_tree(d, g[0].n, g[0].count, closers + (g[0].count > 1), n->euid);
	} else {
		put_sym(&d->line, d->sym, d->sym->first);
		push_level(d, d->line.cols - 2);
		for (size_t i = 0; i < ng; i++) {
			if (i)
				put_indent(d, i == ng - 1);
			d->lv[d->nlv - 1].more = i < ng - 1;
			draw_tree(d, g[i].n, g[i].count, closers + (g[i].count > 1), n->euid);
		}
		d->nlv--;
	}
	free(g);
}

/* -a: one process a line, its arguments after its name. */
static void draw_args(struct draw *d, const struct node *n, size_t count, int64_t parent_uid)
{
	int col = d->line.cols, cols;
	struct group *g;
	size_t ng;

	cols = put_label(d, n, count, parent_uid);
	put_args(d, n);
	close_groups(d, count > 1);
	flush_line(&d->line, d->o->width);
	ng = groups_of(d->o, n, &g);
	if (ng) {
		push_level(d, col + (cols >= 2 ? 2 : 1));
		for (size_t i = 0; i < ng; i++) {
			d->lv[d->nlv - 1].more = i < ng - 1;
			put_indent(d, i == ng - 1);
			draw_args(d, g[i].n, g[i].count, n->euid);
		}
		d->nlv--;
	}
	free(g);
}

static void draw(struct draw *d, const struct node *root, int64_t parent_uid)
{
	if (d->o->args)
		draw_args(d, root, 1, parent_uid);
	else
		draw_tree(d, root, 1, 0, parent_uid);
}

/* ---- JSON ------------------------------------------------------------ */

/* Keys of the process table (psutil's names). */
static void json_add(json_object *obj, enum sysq_proc_field f, json_object *v)
{
	json_object_object_add(obj, sysq_proc_table.fields[f].name, v);
}

static json_object *json_node(const struct tree *t, const struct node *n)
{
	json_object *obj = json_object_new_object(), *kids = json_object_new_array(), *threads = NULL;

	json_add(obj, SYSQ_P_PID, sq_json_i64(n->pid));
	json_add(obj, SYSQ_P_PPID, n->placeholder ? NULL : sq_json_i64(n->ppid));
	json_add(obj, SYSQ_P_NAME, n->placeholder ? NULL : sq_json_str(n->name));
	if (t->o->pgids)
		json_add(obj, SYSQ_P_PGID, n->placeholder ? NULL : sq_json_i64(n->pgid));
	if (t->o->uids) {
		json_object *u = NULL;

		json_add(obj, SYSQ_P_USERNAME, n->have_user ? sq_json_str(n->username) : NULL);
		if (n->have_uids) {
			u = json_object_new_object();
			json_object_object_add(u, "real", sq_json_i64(n->ruid));
			json_object_object_add(u, "effective", sq_json_i64(n->euid));
			json_object_object_add(u, "saved", sq_json_i64(n->suid));
		}
		json_object_object_add(obj, "uids", u);
	}
	if (t->o->args) {
		json_object *cmd = NULL;

		if (n->have_cmdline) {
			cmd = json_object_new_array();
			for (size_t i = 0; i < n->argc; i++)
				json_object_array_add(cmd, sq_json_str(n->argv[i]));
		}
		json_add(obj, SYSQ_P_CMDLINE, cmd);
	}
	/* with -s, an ancestor lists only the child on the path */
	if ((n->have_threads && !t->o->hide_threads) || (n->path && n->path->thread))
		threads = json_object_new_array();
	for (size_t i = 0; i < n->nkids; i++) {
		const struct node *k = n->kids[i];
		json_object *th;

		if (!k->thread || !threads || (n->path && k != n->path))
			continue;
		th = json_object_new_object();
		json_object_object_add(th, "id", sq_json_i64(k->pid));
		json_object_object_add(th, "name", sq_json_str(k->name));
		json_object_array_add(threads, th);
	}
	if (threads)
		json_object_object_add(obj, "threads", threads);
	for (size_t i = 0; i < n->nkids; i++) {
		const struct node *k = n->kids[i];

		if (k->thread || (n->path && k != n->path))
			continue;
		json_object_array_add(kids, json_node(t, k));
	}
	json_object_object_add(obj, "children", kids);
	return obj;
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

/* The thread TID, shown on its own as psmisc does: found among the
 * threads of the processes that have some. */
static struct node *find_thread(struct tree *t, pid_t tid)
{
	struct sysq_proc p;

	/* /proc/TID answers for a thread too: no need to look further if not */
	if (sysq_proc_read(t->ctx, tid, SYSQ_PN_STAT, &p) < 0)
		return NULL;
	sysq_proc_release(&p);
	for (size_t i = 0; i < t->nprocs; i++) {
		struct node *n = &t->procs[i];
		pid_t *th;
		size_t nth;
		bool found = false;

		if (n->nthreads < 2 || sysq_proc_tids(t->ctx, n->pid, &th, &nth) < 0)
			continue;
		for (size_t k = 0; k < nth; k++)
			found |= th[k] == tid && tid != n->pid;
		free(th);
		if (!found)
			continue;
		t->tids = true;
		complete(t, n, true);
		for (size_t k = 0; k < n->nkids; k++)
			if (n->kids[k]->thread && n->kids[k]->pid == tid)
				return n->kids[k];
	}
	return NULL;
}

/* USER: the trees of USER's processes whose parent is not USER's, in the
 * order a walk from init meets them. */
static void collect_user(struct tree *t, struct node *n, uid_t uid, struct node ***roots, size_t *nroots)
{
	if (!n->thread && n->have_uids && n->euid == (int64_t)uid) {
		*roots = xrealloc(*roots, *nroots + 1, sizeof(**roots));
		(*roots)[(*nroots)++] = n;
		return;
	}
	sort_kids(t, n);
	for (size_t i = 0; i < n->nkids; i++)
		collect_user(t, n->kids[i], uid, roots, nroots);
}

int main(int argc, char **argv)
{
	struct sq_cli cli;
	struct opts o = { .sym = SYM_DEFAULT };
	struct tree t = { .o = &o };
	struct draw d = { .o = &o };
	struct node **roots = NULL, *target = NULL;
	size_t nroots = 0;
	const char *user = NULL;
	pid_t pid = 1;
	uid_t uid = 0;
	int c;

	sq_cli_init(&cli, "pstree", usage, argv);
	while ((c = getopt_long(argc, argv, "aAcgGhH:lnpstTuUV", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': o.args = true; break;
		case 'A': o.sym = SYM_ASCII; break;
		case 'c': o.nocompact = true; break;
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
	t.tids = o.pids || o.numeric || o.thread_names || o.json;
	load(&t);

	for (struct node *n = o.highlight ? find(&t, o.highlight) : NULL; n && !n->placeholder; n = n->parent)
		n->bold = true;
	if (user) {
		struct node *init = find(&t, 1);

		if (init)
			collect_user(&t, init, uid, &roots, &nroots);
		if (!nroots)
			sq_die(SQ_EXIT_FAIL, "no processes found for user %s", user);
	} else {
		target = find(&t, pid);
		if (!target || (target->placeholder && pid != 0))
			target = find_thread(&t, pid);
		if (!target || (target->thread && o.hide_threads))
			sq_die(SQ_EXIT_FAIL, "no such process: %d", (int)pid);
		roots = xrealloc(NULL, 1, sizeof(*roots));
		roots[nroots++] = target;
		if (o.parents) {
			/* from the topmost ancestor down, one child a level */
			struct node *n = target;

			while (n->parent && !n->parent->placeholder) {
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

	if (o.json) {
		json_object *doc = json_object_new_object(), *list = json_object_new_array();

		for (size_t i = 0; i < nroots; i++) {
			/* the parent of init is no process: list its children */
			if (roots[i]->placeholder) {
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
	for (size_t i = 0; i < t.nprocs; i++) {
		free(t.procs[i].kids);
		free(t.procs[i].argv);
	}
	for (size_t i = 0; i < t.nmore; i++) {
		free(t.more[i]->kids);
		free(t.more[i]->argv);
		free(t.more[i]);
	}
	free(t.more);
	free(t.procs);
	sysq_close(t.ctx);
	return SQ_EXIT_OK;
}
