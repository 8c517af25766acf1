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
	int width = fc->col->pidmax ? pidmax_width(c) : fc->col->width;

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
	/* procps shows up to 128 KiB of a command line */
	static char buf[131072];

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
		if (col->just == J_RIGHT || col->just == J_SIGNAL || (header && col->just != J_LEFT && col->just != J_UNLIMITED &&
					     col->just != J_USER))
			leftpad = width - amount > 0 ? width - amount : 0;
		space = correct - actual + leftpad;
		if (space < 1)
			space = dospace;
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
	emit(w, "\n", 1);
	fwrite(w->line, 1, w->len, stdout);
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
	return !*end && v > 0 && v < 65536 ? v : 0;
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

static int cmp_rows_keys(const struct opts *o, struct ctx *c, const struct row *a, const struct row *b)
{
	char x[4096], y[4096];

	for (size_t k = 0; k < o->nsort; k++) {
		const struct column *col = o->sort[k].col;
		int r = 0;

		if (col->field >= 0 && sysq_proc_table.fields[col->field].type != SYSQ_T_STR &&
		    sysq_proc_table.fields[col->field].type != SYSQ_T_STRP &&
		    sysq_proc_table.fields[col->field].type != SYSQ_T_STRV &&
		    sysq_proc_table.fields[col->field].type != SYSQ_T_CPULIST) {
			const struct sysq_field *f = &sysq_proc_table.fields[col->field];
			const char *pa = (const char *)&a->p + f->offset, *pb = (const char *)&b->p + f->offset;

			if (f->type == SYSQ_T_U64) {
				uint64_t u, v;
				memcpy(&u, pa, 8);
				memcpy(&v, pb, 8);
				r = (u > v) - (u < v);
			} else if (f->type == SYSQ_T_I64) {
				int64_t u, v;
				memcpy(&u, pa, 8);
				memcpy(&v, pb, 8);
				r = (u > v) - (u < v);
			} else if (f->type == SYSQ_T_DOUBLE) {
				double u, v;
				memcpy(&u, pa, 8);
				memcpy(&v, pb, 8);
				r = (u > v) - (u < v);
			}
		} else if (!strcmp(col->key, "time") || !strcmp(col->key, "cputime") || !strcmp(col->key, "bsdtime") ||
			   !strcmp(col->key, "%cpu") || !strcmp(col->key, "pcpu") || !strcmp(col->key, "c")) {
			double u = a->p.user + a->p.system, v = b->p.user + b->p.system;

			if (col->key[0] == '%' || col->key[0] == 'p' || col->key[0] == 'c') {
				double ea = (double)c->now - a->p.create_time, eb = (double)c->now - b->p.create_time;

				u = ea > 0 ? u / ea : 0;
				v = eb > 0 ? v / eb : 0;
			}
			r = (u > v) - (u < v);
		} else if (!strcmp(col->key, "%mem") || !strcmp(col->key, "pmem") || !strcmp(col->key, "sz")) {
			uint64_t u = col->key[1] == 'z' ? a->p.vms_stat : a->p.rss;
			uint64_t v = col->key[1] == 'z' ? b->p.vms_stat : b->p.rss;

			r = (u > v) - (u < v);
		} else {
			col->render(c, &a->p, x, sizeof(x));
			col->render(c, &b->p, y, sizeof(y));
			r = strcmp(x, y);
		}
		if (r)
			return o->sort[k].desc ? -r : r;
	}
	return 0;
}

/* qsort_r's argument: the sort keys and the context reach the comparator
 * without a global */
struct row_order {
	const struct opts *o;
	struct ctx *c;
};

static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct row_order *by = arg;
	const struct row *x = a, *y = b;
	int r = cmp_rows_keys(by->o, by->c, x, y);

	if (r)
		return r;
	if (x->p.pid != y->p.pid)
		return (x->p.pid > y->p.pid) - (x->p.pid < y->p.pid);
	return (x->thread.id > y->thread.id) - (x->thread.id < y->thread.id);
}

void sort_rows(const struct opts *o, struct ctx *c, struct row *rows, size_t n)
{
	struct row_order by = { .o = o, .c = c };

	qsort_r(rows, n, sizeof(*rows), cmp_rows, &by);
}

/* forest: (ppid, start time) order, roots from the last, children of 1
 * at the level of 1, as procps */
static int cmp_forest(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->p.ppid != y->p.ppid)
		return (x->p.ppid > y->p.ppid) - (x->p.ppid < y->p.ppid);
	if (x->p.start_ticks != y->p.start_ticks)
		return (x->p.start_ticks > y->p.start_ticks) - (x->p.start_ticks < y->p.start_ticks);
	return (x->p.pid > y->p.pid) - (x->p.pid < y->p.pid);
}

/* rows are sorted by parent: the first child of pid, or n */
static size_t first_child_row(const struct row *rows, size_t n, int64_t pid)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rows[mid].p.ppid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && rows[lo].p.ppid == pid ? lo : n;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void show_tree(struct ctx *c, const struct opts *o, struct out *w, struct row *rows, size_t n,
		      size_t self, size_t level, bool sibling, void (*show)(struct ctx *, const struct opts *, struct out *, struct row *))
{
	size_t i;

	if (level >= sizeof(c->forest) - 1)
		level = sizeof(c->forest) - 2;
	if (level)
		c->forest[level - 1] = sibling ? '+' : 'L';
	c->forest[level] = '\0';
	show(c, o, w, &rows[self]);
	i = first_child_row(rows, n, rows[self].p.pid);
	if (level)
		c->forest[level - 1] = sibling ? '|' : ' ';
	c->forest[level] = '\0';
	while (i < n) {
		bool more = i + 1 < n && rows[i + 1].p.ppid == rows[self].p.pid;

		if (rows[self].p.pid == 1 && c->forest_type != 'u')
			show_tree(c, o, w, rows, n, i++, level, more, show);
		else
			show_tree(c, o, w, rows, n, i++, level + 1, more, show);
		if (!more)
			break;
	}
	c->forest[level] = '\0';
}

void show_forest(struct ctx *c, const struct opts *o, struct out *w, struct row *rows, size_t n,
		 void (*show)(struct ctx *, const struct opts *, struct out *, struct row *))
{
	int64_t *shown;

	qsort(rows, n, sizeof(*rows), cmp_forest);
	c->forest_on = true;
	c->forest_type = o->forest_unix ? 'u' : 'b';
	/* a root: a row whose parent is not shown */
	if (!(shown = malloc(n * sizeof(*shown))))
		sq_die(SQ_EXIT_FAIL, "out of memory");
	for (size_t i = 0; i < n; i++)
		shown[i] = rows[i].p.pid;
	qsort(shown, n, sizeof(*shown), cmp_i64);
	for (size_t i = n; i-- > 0;)
		if (!bsearch(&rows[i].p.ppid, shown, n, sizeof(*shown), cmp_i64))
			show_tree(c, o, w, rows, n, i, 0, false, show);
	free(shown);
}

/* ---- JSON ------------------------------------------------------------------------ */

/* With no format: every attribute of the files read for every process */
static bool row_field(size_t i)
{
	return (sysq_proc_table.fields[i].need & (SYSQ_PN_STAT | SYSQ_PN_STATUS | SYSQ_PN_STATM | SYSQ_PN_CMDLINE)) ||
	       i == SYSQ_P_PID;
}

json_object *json_row(struct ctx *c, const struct opts *o, const struct row *r)
{
	json_object *obj = json_object_new_object();
	char buf[4096];

	c->thread = r->is_thread ? &r->thread : NULL;
	if (!o->fmt_given) {
		/* every attribute read, through the field table */
		for (size_t i = 0; i < sysq_proc_table.nfields; i++)
			if (row_field(i))
				sq_json_add_field(obj, &sysq_proc_table.fields[i], &r->p, r->p.have, (unsigned)i);
		json_object_object_add(obj, "terminal", r->p.tty_nr > 0 && sysq_tty_name(c->lib, r->p.tty_nr, buf, sizeof(buf)) == 0 ?
					       sq_json_str(buf) : NULL);
		if (r->is_thread)
			json_object_object_add(obj, "tid", sq_json_i64(r->thread.id));
		return obj;
	}
	/* the column table's keys; aliases of one value share theirs: once */
	for (size_t k = 0; k < o->fmt.n; k++) {
		const struct column *col = o->fmt.v[k].col;

		if (col->json && !json_object_object_get_ex(obj, col->json, NULL))
			json_object_object_add(obj, col->json, column_json(c, col, &r->p));
	}
	return obj;
}

/* json_row's every-attribute form as text: the same keys and values */
void json_row_text(struct ctx *c, const struct row *r, FILE *fp)
{
	char buf[4096];
	bool first = true;

	fputc('{', fp);
	for (size_t i = 0; i < sysq_proc_table.nfields; i++)
		if (row_field(i)) {
			if (!first)
				fputc(',', fp);
			first = false;
			sq_json_field_text(fp, &sysq_proc_table.fields[i], &r->p, r->p.have, (unsigned)i);
		}
	fputc(',', fp);
	sq_json_key_text(fp, "terminal");
	sq_json_str_text(fp, r->p.tty_nr > 0 && sysq_tty_name(c->lib, r->p.tty_nr, buf, sizeof(buf)) == 0 ? buf : NULL);
	if (r->is_thread) {
		fputc(',', fp);
		sq_json_key_text(fp, "tid");
		sq_json_i64_text(fp, r->thread.id);
	}
	fputc('}', fp);
}
