/* ps: the rows as text (widths, the line, sorting, the forest) and as JSON. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ps.h"

/* ---- rows -------------------------------------------------------------------- */

static void emit(struct out *w, const char *s, size_t n)
{
	if (w->len + n + 1 > w->cap) {
		size_t nc = (w->len + n + 1) * 2;
		char *nl = realloc(w->line, nc);

		if (!nl)
			sq_die(SQ_EXIT_FAIL, "out of memory");
		w->line = nl;
		w->cap = nc;
	}
	memcpy(w->line + w->len, s, n);
	w->len += n;
}

/* PID columns are as wide as the largest PID pid_max allows, at least 5 */
static int pidmax_width(struct ctx *c)
{
	uint64_t max;

	if (!c->pid_width) {
		c->pid_width = 5;
		if (sysq_pid_max(c->lib, &max) == SYSQ_OK && max > 1) {
			int digits = snprintf(NULL, 0, "%" PRIu64, max - 1);

			if (digits > 5)
				c->pid_width = digits;
		}
	}
	return c->pid_width;
}

/* -m: what a thread row leaves to its process row, and the reverse */
static bool m_process_column(const struct column *col)
{
	return col->only == O_PROCESS;
}

static bool m_thread_column(const struct column *col)
{
	return col->only == O_THREAD;
}

/* KEY:WIDTH wins; else a renamed column is at least as wide as its header */
static int column_width(struct ctx *c, const struct fmtcol *fc)
{
	int width = fc->col->width;

	/* a PID column: the PID's digits, or its header when that is wider */
	if (fc->col->pidmax) {
		width = pidmax_width(c);
		if ((int)strlen(fc->col->header) > width)
			width = (int)strlen(fc->col->header);
	}
	if (fc->width)
		return fc->width;
	if (fc->col->just == J_SIGNAL && c->wide_signals)
		width = 16;
	if (fc->header && (int)strlen(fc->header) > width)
		width = (int)strlen(fc->header);
	return width;
}

/* procps's layout: a cell wider than its column pushes the rest right,
 * and later padding absorbs it where it can. */
void print_row(struct ctx *c, const struct opts *o, struct out *w, const struct row *r, bool header)
{
	int correct = 0, actual = 0, dospace = 0;
	static char buf[PS_LINE_MAX];

	w->len = 0;
	c->thread = r && r->is_thread ? &r->thread : NULL;
	for (size_t i = 0; i < o->fmt.n; i++) {
		const struct fmtcol *fc = &o->fmt.v[i];
		const struct column *col = fc->col;
		int width = column_width(c, fc);
		bool last = i + 1 == o->fmt.n;
		int amount, leftpad = 0, space;
		size_t bytes;

		c->col_width = last ? 0 : width;
		c->children = o->cumulative && col->children;
		c->col_room = width;
		if (last) {
			long tmpspace = correct - actual;

			if (tmpspace < 1)
				c->col_room = w->cols - actual - dospace;
			else
				c->col_room = w->cols - (correct > actual ? correct : actual);
			if (!w->cols)
				c->col_room = -1;
		}
		if (header)
			snprintf(buf, sizeof(buf), "%s", fc->header ? fc->header : col->header);
		else if (r->m_thread ? m_process_column(col) : r->m_process && m_thread_column(col))
			snprintf(buf, sizeof(buf), "-");
		else
			col->render(c, &r->p, buf, sizeof(buf));
		/* amount: screen cells; bytes: what to write.  procps measures
		 * a header in bytes, as its column width (-o comm=NAME) */
		bytes = strlen(buf);
		amount = header ? (int)bytes : (int)sq_text_cells(buf, bytes);
		/* a free-width column that is not the last is cut at its width
		 * (when it is full too: procps drops a zero-width character
		 * after the last cell) */
		if (!header && !last && col->just == J_UNLIMITED && amount >= width) {
			bytes = sq_text_cut(buf, bytes, (size_t)width);
			amount = (int)sq_text_cells(buf, bytes);
		}
		if (col->just == J_RIGHT || col->just == J_SIGNAL || (c->numeric && (col->just == J_USER || col->just == J_WCHAN)))
			leftpad = width - amount > 0 ? width - amount : 0;
		space = correct - actual + leftpad;
		if (space < 1)
			space = dospace;
		/* procps pads from a run of 144 spaces: no more at once (the
		 * rest is owed to the next columns) */
		if (space > 144)
			space = 144;
		if (last) {
			/* procps: only a free-width last column is cut, to what
			 * is left of the line */
			long tmpspace = correct - actual, room;

			if (tmpspace < 1) {
				tmpspace = dospace;
				room = w->cols - actual - tmpspace;
			} else {
				room = w->cols - (correct > actual ? correct : actual);
			}
			if (w->cols && col->just == J_UNLIMITED) {
				if (!header && amount >= room)
					bytes = sq_text_cut(buf, bytes, room > 0 ? (size_t)room : 0);
				if (w->cols - actual - tmpspace < 1)
					bytes = sq_text_cut(buf, bytes, 1);
			}
			for (int s = 0; s < space; s++)
				emit(w, " ", 1);
			emit(w, buf, bytes);
			break;
		}
		for (int s = 0; s < space; s++)
			emit(w, " ", 1);
		emit(w, buf, bytes);
		actual += space + amount;
		correct += width + 1;
		dospace = 1;
	}
	/* sorting reads the columns too, by their own values (as procps) */
	c->children = false;
	emit(w, "\n", 1);
	fwrite(w->line, 1, w->len, stdout);
	sq_out_check();
}

/* The terminal's size as procps finds it: stdout, stderr, stdin, then
 * /dev/tty, a size counting only with rows and columns; else 80x24. */
void terminal_size(long *cols, long *rows)
{
	struct winsize ws;
	int fd;

	*cols = 80;
	*rows = 24;
	for (int i = 0; i < 3; i++) {
		static const int fds[] = { STDOUT_FILENO, STDERR_FILENO, STDIN_FILENO };

		if (ioctl(fds[i], TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
			*cols = ws.ws_col;
			*rows = ws.ws_row;
			return;
		}
	}
	if ((fd = open("/dev/tty", O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) >= 0) {
		int rc = ioctl(fd, TIOCGWINSZ, &ws);

		close(fd);
		if (rc == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
			*cols = ws.ws_col;
			*rows = ws.ws_row;
		}
	}
}

/* COLUMNS or LINES as procps takes them: a whole number, else 0 */
long env_size(const char *name)
{
	const char *env = getenv(name);
	char *end;
	long v;

	if (!env || !*env)
		return 0;
	v = strtol(env, &end, 0);
	return !*end && v > 0 && v < PS_LINE_MAX ? v : 0;
}

/* The line width: the screen's, or a multiple of it when the fixed
 * columns need more (as procps does: the line wraps on the screen rather
 * than losing columns); 0 is unlimited. */
long line_width(struct ctx *c, const struct opts *o, long screen)
{
	long total = 0, sigs = 0, width;

	c->wide_signals = false;
	for (size_t i = 0; i < o->fmt.n; i++) {
		bool last = i + 1 == o->fmt.n;

		sigs += o->fmt.v[i].col->just == J_SIGNAL;
		/* a free-width last column needs 3 */
		total += (i ? 1 : 0) + (last && o->fmt.v[i].col->just == J_UNLIMITED ? 3 : column_width(c, &o->fmt.v[i]));
	}
	width = screen;
	for (long k = 2; width && width < total && width < 65536; k++)
		width = screen * k;
	/* signal masks in full when they fit (always on an unlimited line) */
	c->wide_signals = !width || total + sigs * 7 <= width;
	return width;
}

/* "-o pid=,comm=": procps prints no header line at all */
bool all_headers_empty(const struct opts *o)
{
	for (size_t i = 0; i < o->fmt.n; i++)
		if (!o->fmt.v[i].header || o->fmt.v[i].header[0])
			return false;
	return true;
}

/* What a key orders by, where that is not its column's value as read:
 * procps sorts by its own item for the key (STAT by the state letter
 * alone, PRI by the kernel priority, ELAPSED by the start, TRS and DRS by
 * the virtual size, users by their full names). */
enum order {
	BY_FIELD, BY_TEXT, BY_STATE, BY_TID, BY_CPU_TIME, BY_UTILIZATION, BY_ELAPSED, BY_RSS,
	BY_VSIZE, BY_PRIORITY, BY_COMM, BY_TTY, BY_EUSER, BY_RUSER, BY_SUSER, BY_FUSER,
};

static enum order order_of(const struct column *col)
{
	static const struct {
		const char *key;
		enum order by;
	} orders[] = {
		{ "s", BY_STATE }, { "stat", BY_STATE }, { "state", BY_STATE },
		{ "lwp", BY_TID }, { "spid", BY_TID }, { "tid", BY_TID },
		{ "time", BY_CPU_TIME }, { "cputime", BY_CPU_TIME }, { "bsdtime", BY_CPU_TIME },
		{ "%cpu", BY_UTILIZATION }, { "pcpu", BY_UTILIZATION }, { "c", BY_UTILIZATION },
		{ "etime", BY_ELAPSED }, { "etimes", BY_ELAPSED },
		{ "%mem", BY_RSS }, { "pmem", BY_RSS },
		{ "sz", BY_VSIZE }, { "trs", BY_VSIZE }, { "drs", BY_VSIZE },
		{ "pri", BY_PRIORITY }, { "opri", BY_PRIORITY },
		{ "comm", BY_COMM }, { "ucomm", BY_COMM }, { "ucmd", BY_COMM }, { "fname", BY_COMM },
		{ "tname", BY_TTY }, { "tt", BY_TTY }, { "tty", BY_TTY },
		{ "user", BY_EUSER }, { "euser", BY_EUSER }, { "uname", BY_EUSER }, { "uid_hack", BY_EUSER },
		{ "ruser", BY_RUSER }, { "suser", BY_SUSER }, { "fuser", BY_FUSER },
	};
	enum sysq_type t;

	for (size_t i = 0; i < sizeof(orders) / sizeof(orders[0]); i++)
		if (!strcmp(col->key, orders[i].key))
			return orders[i].by;
	if (col->field < 0)
		return BY_TEXT;
	t = sysq_proc_table.fields[col->field].type;
	return t == SYSQ_T_U64 || t == SYSQ_T_I64 || t == SYSQ_T_DOUBLE ? BY_FIELD : BY_TEXT;
}

/* qsort_r's argument: the sort keys, what each orders by, and the
 * context reach the comparator without a global */
struct row_order {
	const struct opts *o;
	const enum order *by;
	struct ctx *c;
};

#define CMP(x, y) (((x) > (y)) - ((x) < (y)))

static int cmp_field(const struct column *col, const struct row *a, const struct row *b)
{
	const struct sysq_field *f = &sysq_proc_table.fields[col->field];
	union {
		uint64_t u;
		int64_t i;
		double d;
	} x, y;

	memcpy(&x, (const char *)&a->p + f->offset, sizeof(x));
	memcpy(&y, (const char *)&b->p + f->offset, sizeof(y));
	if (f->type == SYSQ_T_U64)
		return CMP(x.u, y.u);
	if (f->type == SYSQ_T_I64)
		return CMP(x.i, y.i);
	return CMP(x.d, y.d);
}

/* procps's %CPU for sorting: CPU time over the time since the start */
static double utilization(const struct ctx *c, const struct sysq_proc *p)
{
	double t = c->uptime - (double)p->start_ticks / (double)c->tck;

	return t > 0 ? (p->user + p->system) / t : 0;
}

static int cmp_user(struct ctx *c, int64_t u, int64_t v)
{
	char x[64], y[64];

	sysq_user_name(c->lib, u, x, sizeof(x));
	sysq_user_name(c->lib, v, y, sizeof(y));
	return strcmp(x, y);
}

/* the column as shown (a thread row shows its thread), without a forest */
static void row_text(struct ctx *c, const struct column *col, const struct row *r, char *buf, size_t n)
{
	bool forest = c->forest_on;

	c->forest_on = false;
	c->thread = r->is_thread ? &r->thread : NULL;
	col->render(c, &r->p, buf, n);
	c->forest_on = forest;
}

static int cmp_key(struct ctx *c, const struct column *col, enum order by, const struct row *a, const struct row *b)
{
	const struct sysq_proc *p = &a->p, *q = &b->p;
	char x[4096], y[4096];

	switch (by) {
	case BY_FIELD: return cmp_field(col, a, b);
	case BY_STATE:
		return CMP((unsigned char)(a->is_thread ? a->thread.state : p->state),
			   (unsigned char)(b->is_thread ? b->thread.state : q->state));
	case BY_TID: return CMP(a->is_thread ? a->thread.id : p->pid, b->is_thread ? b->thread.id : q->pid);
	case BY_CPU_TIME: return CMP(p->user + p->system, q->user + q->system);
	case BY_UTILIZATION: return CMP(utilization(c, p), utilization(c, q));
	case BY_ELAPSED: return CMP(q->start_ticks, p->start_ticks); /* the later start, the less */
	case BY_RSS: return CMP(p->rss, q->rss);
	case BY_VSIZE: return CMP(p->vms_stat, q->vms_stat);
	case BY_PRIORITY: return CMP(p->priority, q->priority);
	case BY_COMM: return strcmp(p->comm, q->comm);
	case BY_EUSER: return cmp_user(c, p->euid, q->euid);
	case BY_RUSER: return cmp_user(c, p->ruid, q->ruid);
	case BY_SUSER: return cmp_user(c, p->suid, q->suid);
	case BY_FUSER: return cmp_user(c, p->fsuid, q->fsuid);
	case BY_TTY:
	case BY_TEXT:
		break;
	}
	row_text(c, col, a, x, sizeof(x));
	row_text(c, col, b, y, sizeof(y));
	/* procps orders terminal names as versions: pts/9 before pts/10 */
	return by == BY_TTY ? strverscmp(x, y) : strcmp(x, y);
}

static int cmp_rows_keys(const struct row_order *by, const struct row *a, const struct row *b)
{
	for (size_t k = 0; k < by->o->nsort; k++) {
		int r = cmp_key(by->c, by->o->sort[k].col, by->by[k], a, b);

		if (r)
			return by->o->sort[k].desc ? -r : r;
	}
	return 0;
}

/* ties in procps's order of reading: by PID, a process's threads by TID */
static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct row *x = a, *y = b;
	int r = cmp_rows_keys(arg, x, y);

	if (r)
		return r;
	if (x->p.pid != y->p.pid)
		return CMP(x->p.pid, y->p.pid);
	return CMP(x->thread.id, y->thread.id);
}

/* the rows in cmp's order, by the sort keys */
static void sort_by_keys(const struct opts *o, struct ctx *c, struct row *rows, size_t n,
			 int (*cmp)(const void *, const void *, void *))
{
	enum order *by = malloc((o->nsort + 1) * sizeof(*by));
	struct row_order order = { .o = o, .by = by, .c = c };

	if (!by)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	for (size_t k = 0; k < o->nsort; k++)
		by[k] = order_of(o->sort[k].col);
	qsort_r(rows, n, sizeof(*rows), cmp, &order);
	free(by);
}

void sort_rows(const struct opts *o, struct ctx *c, struct row *rows, size_t n)
{
	sort_by_keys(o, c, rows, n, cmp_rows);
}

/* The forest in procps's order: sorted by the sort keys, else by parent;
 * then by start time and PID.  Roots come from the last row, each
 * parent's children in that order, children of 1 at the level of 1.
 * procps takes a parent's children as one run of that order, so with
 * sort keys that part them it loses some; here each parent has all its
 * own, in the same order, and the output is procps's where it loses none. */
struct forest {
	struct ctx *c;
	const struct opts *o;
	struct out *w;
	struct row *rows;
	size_t n;
	size_t *kids; /* row indices by parent, each parent's in row order */
	void (*show)(struct ctx *, const struct opts *, struct out *, struct row *);
};

static int cmp_forest(const void *a, const void *b, void *arg)
{
	const struct row_order *by = arg;
	const struct row *x = a, *y = b;
	int r = by->o->nsort ? cmp_rows_keys(by, x, y) : CMP(x->p.ppid, y->p.ppid);

	if (r)
		return r;
	if (x->p.start_ticks != y->p.start_ticks)
		return CMP(x->p.start_ticks, y->p.start_ticks);
	return CMP(x->p.pid, y->p.pid);
}

static int cmp_kids(const void *a, const void *b, void *arg)
{
	const struct row *rows = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	if (rows[i].p.ppid != rows[j].p.ppid)
		return CMP(rows[i].p.ppid, rows[j].p.ppid);
	return CMP(i, j);
}

/* the position in kids of pid's first child, or n */
static size_t first_kid(const struct forest *f, int64_t pid)
{
	size_t lo = 0, hi = f->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->rows[f->kids[mid]].p.ppid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->n && f->rows[f->kids[lo]].p.ppid == pid ? lo : f->n;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return CMP(x, y);
}

static void show_tree(const struct forest *f, size_t self, size_t level, bool sibling)
{
	struct ctx *c = f->c;
	int64_t pid = f->rows[self].p.pid;

	if (level >= sizeof(c->forest) - 1)
		level = sizeof(c->forest) - 2;
	if (level)
		c->forest[level - 1] = sibling ? '+' : 'L';
	c->forest[level] = '\0';
	f->show(c, f->o, f->w, &f->rows[self]);
	if (level)
		c->forest[level - 1] = sibling ? '|' : ' ';
	c->forest[level] = '\0';
	for (size_t k = first_kid(f, pid); k < f->n && f->rows[f->kids[k]].p.ppid == pid; k++) {
		bool more = k + 1 < f->n && f->rows[f->kids[k + 1]].p.ppid == pid;

		show_tree(f, f->kids[k], pid == 1 && c->forest_type != 'u' ? level : level + 1, more);
	}
	c->forest[level] = '\0';
}

void show_forest(struct ctx *c, const struct opts *o, struct out *w, struct row *rows, size_t n,
		 void (*show)(struct ctx *, const struct opts *, struct out *, struct row *))
{
	struct forest f = { .c = c, .o = o, .w = w, .rows = rows, .n = n, .show = show };
	int64_t *shown;

	sort_by_keys(o, c, rows, n, cmp_forest);
	if (!(f.kids = malloc(n * sizeof(*f.kids))) || !(shown = malloc(n * sizeof(*shown))))
		sq_die(SQ_EXIT_FAIL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		f.kids[i] = i;
		shown[i] = rows[i].p.pid;
	}
	qsort_r(f.kids, n, sizeof(*f.kids), cmp_kids, rows);
	qsort(shown, n, sizeof(*shown), cmp_i64);
	c->forest_on = true;
	c->forest_type = o->forest_unix ? 'u' : 'b';
	/* a root: a row whose parent is not shown */
	for (size_t i = n; i-- > 0;)
		if (!bsearch(&rows[i].p.ppid, shown, n, sizeof(*shown), cmp_i64))
			show_tree(&f, i, 0, false);
	free(shown);
	free(f.kids);
}

/* ---- JSON ------------------------------------------------------------------------ */

/* With no format: every attribute of the files read for every process */
static bool row_field(size_t i)
{
	return (sysq_proc_table.fields[i].need & (SYSQ_PN_STAT | SYSQ_PN_STATUS | SYSQ_PN_STATM | SYSQ_PN_CMDLINE)) ||
	       i == SYSQ_P_PID;
}

/* The computed values of the every-attribute document: the columns'
 * own JSON values (the code of their text), under their keys */
static const char *const computed_keys[] = { "tname", "%cpu", "%mem", "time" };

static void add_computed(struct ctx *c, const struct row *r, json_object *obj)
{
	static const struct column *cols[sizeof(computed_keys) / sizeof(computed_keys[0])];

	for (size_t i = 0; i < sizeof(computed_keys) / sizeof(computed_keys[0]); i++) {
		/* looked up once a run, not once a row */
		const struct column *col = cols[i] ? cols[i] : (cols[i] = find_column(computed_keys[i]));

		json_object_object_add(obj, col->json, column_json(c, col, &r->p));
	}
	if (r->is_thread)
		json_object_object_add(obj, "tid", sq_json_i64(r->thread.id));
}

json_object *json_row(struct ctx *c, const struct opts *o, const struct row *r)
{
	json_object *obj = json_object_new_object();

	c->thread = r->is_thread ? &r->thread : NULL;
	if (!o->fmt_given) {
		/* every attribute read, through the field table */
		for (size_t i = 0; i < sysq_proc_table.nfields; i++)
			if (row_field(i))
				sq_json_add_field(obj, &sysq_proc_table.fields[i], &r->p, r->p.have, (unsigned)i);
		add_computed(c, r, obj);
		return obj;
	}
	/* the column table's keys; aliases of one value share theirs: once */
	for (size_t k = 0; k < o->fmt.n; k++) {
		const struct column *col = o->fmt.v[k].col;
		char key[64];

		if (!col->json)
			continue;
		/* with S a summed value is another value: its own key */
		c->children = o->cumulative && col->children;
		snprintf(key, sizeof(key), "%s%s", col->json, c->children ? CHILDREN_SUFFIX : "");
		if (!json_object_object_get_ex(obj, key, NULL))
			json_object_object_add(obj, key, column_json(c, col, &r->p));
	}
	c->children = false;
	return obj;
}

/* json_row's every-attribute form as text: the same keys and values */
void json_row_text(struct ctx *c, const struct row *r, FILE *fp)
{
	json_object *more = json_object_new_object();
	const char *text;
	bool first = true;

	c->thread = r->is_thread ? &r->thread : NULL;
	fputc('{', fp);
	for (size_t i = 0; i < sysq_proc_table.nfields; i++)
		if (row_field(i)) {
			if (!first)
				fputc(',', fp);
			first = false;
			sq_json_field_text(fp, &sysq_proc_table.fields[i], &r->p, r->p.have, (unsigned)i);
		}
	/* the computed ones as json_row has them: one small object, written
	 * by the same policy, without its braces */
	add_computed(c, r, more);
	text = sq_json_text(more, false);
	if (text && strlen(text) > 2)
		fprintf(fp, ",%.*s", (int)strlen(text) - 2, text + 1);
	json_object_put(more);
	fputc('}', fp);
}
