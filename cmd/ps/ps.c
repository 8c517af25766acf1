/* ps: report a snapshot of the processes, as procps-ng ps 4.0.2. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ps.h"

static const char usage[] =
	"ps [options]\n"
	"Report a snapshot of the current processes.\n"
	"\n"
	"Selection:\n"
	"  -A, -e               all processes\n"
	"  -a                   all with a terminal, except session leaders\n"
	"  -d                   all except session leaders\n"
	"  -N, --deselect       negate the selection\n"
	"  a                    all with a terminal (BSD)\n"
	"  x                    also processes without a terminal (BSD)\n"
	"  r                    only running processes\n"
	"  g                    session leaders too (always so on Linux)\n"
	"  -C CMDLIST           by command name\n"
	"  -G, --Group GIDLIST  by real group ID or name\n"
	"  -g, --group GRPLIST  by session or effective group name\n"
	"  -p, p, --pid PIDLIST by process ID (also a bare number: ps 123)\n"
	"      --ppid PIDLIST   by parent process ID\n"
	"  -q, q, --quick-pid PIDLIST  by process ID, quickly\n"
	"  -s, --sid SIDLIST    by session ID\n"
	"  -t, t, --tty TTYLIST by terminal (0: pts/0, or tty0)\n"
	"  T, t                 on this terminal\n"
	"  -u, U, --user USERLIST   by effective user ID or name\n"
	"  -U, --User USERLIST  by real user ID or name\n"
	"\n"
	"Output formats:\n"
	"  -f, -F, -l, -j, j, l, s, u, v   the classic layouts\n"
	"  X                    the old i386 register layout\n"
	"  -xm, -axm            the old Linux memory layout (m in a line read as BSD)\n"
	"  --context            the security context layout (PID CONTEXT COMMAND)\n"
	"  -o, o, --format FORMAT          user-defined columns (KEY[=HEADER],...)\n"
	"  -O, O FORMAT         the default columns plus FORMAT after PID\n"
	"  -y                   with -l: RSS instead of ADDR, no flags\n"
	"  -c, -P               CLS and PRI instead of C; a PSR column\n"
	"  n                    user and group IDs instead of names\n"
	"  -H, --forest, f      process hierarchy\n"
	"  e                    show the environment after the command\n"
	"  c                    the name instead of the command line\n"
	"  S, --cumulative      CPU time, %CPU and page faults with the waited-for children\n"
	"  -L, -T, H, m         threads (LWP/SPID columns)\n"
	"  --sort [+|-]KEY,...  sort order\n"
	"  --no-headers, h, --headers, --cols N, --lines N, -w, w\n"
	"  L                    list the format keywords\n"
	"\n"
	"  --json, --pretty     JSON: {\"processes\": [...]}\n"
	"  --help\n"
	"  -V, V, --version     the version (alone on the line)\n"
	"  --info               procps's dump of its internals: not here (a usage error)\n"
	"\n"
	"See ps(1) and sysq(7).\n";

/* what a thread row does not read for itself: the process's */
static const unsigned thread_skip = SYSQ_PN_CMDLINE | SYSQ_PN_ENVIRON | SYSQ_PN_EXE | SYSQ_PN_CWD;

static void borrow_strings(struct sysq_proc *t, const struct sysq_proc *p)
{
	t->cmdline = p->cmdline;
	t->ncmdline = p->ncmdline;
	t->environ = p->environ;
	t->nenviron = p->nenviron;
	t->exe = p->exe;
	t->cwd = p->cwd;
	for (int f = 0; f < SYSQ_P__COUNT; f++)
		if (sysq_proc_field_need(f) & thread_skip) {
			if (SYSQ_HAVE(p, f))
				SYSQ_SET(t, f);
		}
}

static void return_strings(struct sysq_proc *t)
{
	t->cmdline = t->environ = NULL;
	t->exe = t->cwd = NULL;
}

/* The rows to show, in the order read. */
struct table {
	struct row *v;
	size_t n, cap;
};

/* A zeroed row at the end of the table. */
static struct row *new_row(struct table *t)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		if (!(t->v = realloc(t->v, t->cap * sizeof(*t->v))))
			sq_die(SQ_EXIT_FAIL, "out of memory");
	}
	memset(&t->v[t->n], 0, sizeof(*t->v));
	return &t->v[t->n++];
}

/* A row per thread (and with -m the process's row first).  The process's
 * own thread shows the process as read; each other thread is read from
 * task/TID once (its own state, times, flags, wchan, processor) and borrows
 * the process's command line.  The first row owns the process's strings. */
static void add_thread_rows(struct ctx *c, const struct opts *o, struct table *t,
			    const struct sysq_proc *p, const pid_t *tids, size_t nt, unsigned need)
{
	bool owner_placed = false;
	struct row *r;

	if (o->threads_m) {
		r = new_row(t);
		r->p = *p;
		r->m_process = true;
		r->thread.id = p->pid;
		owner_placed = true;
	}
	for (size_t k = 0; k < nt; k++) {
		struct sysq_proc tp;

		if (tids[k] == p->pid) {
			r = new_row(t);
			r->p = *p;
			r->shared = owner_placed;
			owner_placed = true;
			sysq_proc_thread_of(p, tids[k], &r->thread);
		} else {
			/* a thread that ended meanwhile is left out */
			if (sysq_proc_read_task(c->lib, (pid_t)p->pid, tids[k], need & ~thread_skip, &tp) < 0)
				continue;
			borrow_strings(&tp, p);
			r = new_row(t);
			r->p = tp;
			r->borrowed = true;
			sysq_proc_thread_of(&tp, tids[k], &r->thread);
		}
		r->is_thread = true;
		r->m_thread = o->threads_m;
	}
	/* no row shows the process itself (its own thread ended): keep it
	 * for release at the end, as its rows borrow its strings */
	if (!owner_placed) {
		if (!(c->kept = realloc(c->kept, (c->nkept + 1) * sizeof(*c->kept))))
			sq_die(SQ_EXIT_FAIL, "out of memory");
		c->kept[c->nkept++] = *p;
	}
}

/* A process read: its row, or its threads' rows; released when it is
 * not selected. */
static void add_process(struct ctx *c, const struct opts *o, const struct me *me, struct table *t,
			struct sysq_proc *p, unsigned need)
{
	if (!selected(o, p, me)) {
		sysq_proc_release(p);
		return;
	}
	if (o->threads_L || o->threads_T || o->threads_H || o->threads_m) {
		pid_t *tids;
		size_t nt;

		if (sysq_proc_tids(c->lib, (pid_t)p->pid, &tids, &nt) == 0 && nt) {
			add_thread_rows(c, o, t, p, tids, nt, need);
			free(tids);
			return;
		}
		free(tids);
	}
	new_row(t)->p = *p;
}

/* ---- main ------------------------------------------------------------------------- */

struct run {
	json_object *list;  /* --pretty: the rows, indented as one document */
	struct sq_json_rows text; /* compact: the rows' text, each row freed at once */
	bool json;
};
static struct run g_run;

static void show_row(struct ctx *c, const struct opts *o, struct out *w, struct row *r)
{
	if (g_run.json && (g_run.list || o->fmt_given)) {
		json_object *row = json_row(c, o, r);

		if (g_run.list) {
			json_object_array_add(g_run.list, row);
			return;
		}
		/* compact: serialized now, so the document never exists as a
		 * tree (10,000 rows of 60 fields); written whole at the end */
		sq_json_write(sq_json_rows_next(&g_run.text), sq_json_text(row, false));
		json_object_put(row);
		return;
	}
	if (g_run.json) {
		/* every attribute: the field table written straight as text */
		json_row_text(c, r, sq_json_rows_next(&g_run.text));
		return;
	}
	if (c->page > 1 && ++c->since_header == c->page) {
		print_row(c, o, w, NULL, true);
		c->since_header = 1;
	}
	print_row(c, o, w, r, false);
}

int main(int argc, char **argv)
{
	struct sq_cli cli;
	struct opts o;
	struct ctx c = { 0 };
	struct out w = { 0 };
	struct table t = { 0 };
	unsigned need = SYSQ_PN_STAT;
	struct me me = { 0 };
	sysq_proc_iter *it;
	struct sysq_vmem vm;
	struct sysq_proc self;
	int rc;

	sq_cli_init(&cli, "ps", usage, argv);
	/* the roots first: terminals are looked up below them as the line is read */
	c.lib = sq_cli_context(&cli);
	parse_options(&o, &cli, c.lib, argc, argv);
	if (o.list_keys) {
		list_keywords();
		sysq_close(c.lib);
		return SQ_EXIT_OK;
	}
	c.now = time(NULL);
	/* procps shows names by the locale's character set */
	c.esc = sq_locale_utf8() ? SQ_PS_UTF8 : 0;
	sysq_uptime(c.lib, &c.uptime, NULL);
	c.tck = sysconf(_SC_CLK_TCK);
	c.col_room = -1; /* print_row sets it for each cell */
	c.page_kb = sysconf(_SC_PAGESIZE) / 1024;
	c.bsd_e = o.bsd_e;
	c.bsd_c = o.bsd_c;
	c.numeric = o.bsd_n;
	build_format(&o, &c);
	for (size_t i = 0; i < o.fmt.n; i++)
		need |= o.fmt.v[i].col->need;
	for (size_t i = 0; i < o.nsort; i++)
		need |= o.sort[i].col->need;
	if (c.bsd_e)
		need |= SYSQ_PN_ENVIRON;
	/* the effective user: for "mine" (the default selection, BSD x
	 * without a) and -u; the file owner gives it cheaply */
	if (!o.any_select || (o.bsd_x && !o.bsd_a) || o.list[L_EUSER].n)
		need |= SYSQ_PN_OWNER;
	if (o.list[L_RUSER].n || o.list[L_RGROUP].n || o.list[L_EGROUP].n)
		need |= SYSQ_PN_STATUS;
	if (cli.json && !o.fmt_given)
		need |= SYSQ_PN_STATUS | SYSQ_PN_CMDLINE; /* status has statm's figures too */
	/* JSON's name is psutil's: a 15-byte comm may continue in argv[0] */
	for (size_t i = 0; cli.json && i < o.fmt.n; i++)
		if (o.fmt.v[i].col->field == SYSQ_P_NAME)
			need |= SYSQ_PN_CMDLINE;
	{
		uint64_t bt = 0;
		sysq_boot_time(c.lib, &bt);
		c.boot = bt;
	}
	if (sysq_memory(c.lib, &vm, NULL, 0) == 0)
		c.mem_total = vm.total;
	/* who am I: my effective user and terminal */
	me.euid = geteuid();
	if (sysq_proc_read(c.lib, getpid(), SYSQ_PN_STAT, &self) == 0) {
		me.tty = self.tty_nr;
		sysq_proc_release(&self);
	}
	{
		long cols = env_size("COLUMNS"), lines;

		/* as procps: -ww and a pipe are its whole line buffer, 128 KiB
		 * (JSON has no lines) */
		if (cli.json)
			w.cols = 0;
		else if (o.wide >= 2)
			w.cols = PS_LINE_MAX;
		else if (o.cols)
			w.cols = o.cols;
		else if (cols)
			w.cols = cols;
		else if (isatty(STDOUT_FILENO))
			terminal_size(&w.cols, &lines);
		else
			w.cols = PS_LINE_MAX;
		if (w.cols && o.wide == 1 && w.cols < 132)
			w.cols = 132;
		w.cols = line_width(&c, &o, w.cols);
		/* --headers: a header every page */
		if (o.headers == 1) {
			c.page = o.lines ? o.lines : env_size("LINES");
			if (!c.page)
				terminal_size(&cols, &c.page);
		}
	}
	if (o.nquick) {
		/* -q: the processes named, read one by one in the order
		 * given, as procps does (no listing, no sorting) */
		for (size_t i = 0; i < o.list[L_QUICK].n; i++) {
			struct sysq_proc p;

			if (sysq_proc_read(c.lib, (pid_t)o.list[L_QUICK].v[i], need, &p) == 0)
				add_process(&c, &o, &me, &t, &p, need);
		}
	} else {
		if ((rc = sysq_proc_iter_open(c.lib, need, &it)) < 0)
			sq_die(SQ_EXIT_FAIL, "%s: %s", sysq_root_path(c.lib, SYSQ_ROOT_PROC), sysq_strerror(rc));
		for (;;) {
			struct sysq_proc p;

			rc = sysq_proc_next(it, &p);
			if (rc <= 0)
				break;
			add_process(&c, &o, &me, &t, &p, need);
		}
		sysq_proc_iter_close(it);
		if (rc < 0)
			sq_die(SQ_EXIT_FAIL, "%s: %s", sysq_root_path(c.lib, SYSQ_ROOT_PROC), sysq_strerror(rc));
	}

	g_run.json = cli.json;
	if (cli.json && cli.pretty)
		g_run.list = json_object_new_array();
	else if (!cli.json && (o.headers == 1 || (o.headers == -1 && !all_headers_empty(&o))))
		print_row(&c, &o, &w, NULL, true);
	if (o.forest && t.n) {
		show_forest(&c, &o, &w, t.v, t.n, show_row);
	} else {
		if (o.nsort)
			sort_rows(&o, &c, t.v, t.n);
		for (size_t i = 0; i < t.n; i++)
			show_row(&c, &o, &w, &t.v[i]);
	}
	if (g_run.list) {
		json_object *doc = json_object_new_object();

		json_object_object_add(doc, "processes", g_run.list);
		sq_json_emit(&cli, doc);
		json_object_put(doc);
	} else if (cli.json) {
		sq_json_rows_emit(&g_run.text, "processes");
	}
	for (size_t i = 0; i < t.n; i++) {
		if (t.v[i].borrowed)
			return_strings(&t.v[i].p);
		if (!t.v[i].shared)
			sysq_proc_release(&t.v[i].p);
	}
	for (size_t i = 0; i < c.nkept; i++)
		sysq_proc_release(&c.kept[i]);
	free(c.kept);
	free(t.v);
	free_options(&o);
	free(w.line);
	sysq_close(c.lib);
	/* procps: exit 1 when nothing was selected */
	return t.n ? SQ_EXIT_OK : SQ_EXIT_FAIL;
}

