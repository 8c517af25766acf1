/* pstree: the tree as text, as psmisc draws it: identical subtrees merged,
 * the line cut at the width, the line drawing symbols, the labels and the
 * arguments of -a. */
#include <stdlib.h>
#include <string.h>

#include "pstree.h"

/* ---- merging identical subtrees -------------------------------------- */

/* The next child at or after *i that stays below its parent (-N takes
 * some off), or NULL. */
static const struct node *kept(const struct node *n, size_t *i)
{
	while (*i < n->nkids && n->kids[*i]->nsroot)
		(*i)++;
	return *i < n->nkids ? n->kids[(*i)++] : NULL;
}

static bool same_tree(const struct opts *o, const struct node *a, const struct node *b)
{
	const struct node *x, *y;
	size_t i = 0, j = 0;

	if (a->hash != b->hash || a->thread != b->thread || strcmp(a->name, b->name) != 0)
		return false;
	if (o->uids && (a->have_uids != b->have_uids || a->euid != b->euid))
		return false;
	if (o->ns_changes && memcmp(a->ns, b->ns, sizeof(a->ns)) != 0)
		return false;
	do {
		x = kept(a, &i);
		y = kept(b, &j);
		if (!x != !y || (x && !same_tree(o, x, y)))
			return false;
	} while (x);
	return true;
}

/* psmisc's one line a process: -a, and -Z */
static bool one_a_line(const struct opts *o)
{
	return o->args || o->scontext;
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
		bool merge = !o->nocompact && !o->pids && (!one_a_line(o) || k->thread);

		if (taken[i] || k->nsroot)
			continue;
		g[ng] = (struct group){ n->kids[i], 1 };
		for (size_t j = i + 1; merge && j < n->nkids; j++) {
			if (!taken[j] && !n->kids[j]->nsroot && same_tree(o, k, n->kids[j])) {
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

const struct sym syms[] = {
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
	/* -S: the namespaces it does not share with its parent, where both
	 * are known (a root of -N has no parent) */
	for (int i = 0; d->o->ns_changes && n->parent && !n->nsroot && i < NS__COUNT; i++) {
		if (!n->ns[i] || !n->parent->ns[i] || n->ns[i] == n->parent->ns[i])
			continue;
		put_str(&d->line, first ? open : ",");
		put_str(&d->line, ns_names[i]);
		first = false;
	}
	if (d->o->scontext) {
		char *esc = sq_escape_ascii_dup(n->label ? n->label : "");

		if (!esc)
			sq_die(SQ_EXIT_FAIL, "%s", sysq_strerror(SYSQ_ENOMEM));
		put_str(&d->line, first ? open : ",");
		put_str(&d->line, "`");
		put_str(&d->line, esc);
		put_str(&d->line, "'");
		free(esc);
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
	/* -C age: green under a minute, yellow under an hour, else red;
	 * written past the cut too, as psmisc writes it */
	if (d->o->color_age) {
		const char *c = n->age < 60 ? "\033[32m" : n->age < 3600 ? "\033[33m" : "\033[31m";

		put_glyph(&d->line, c, strlen(c), 0, 0, 0);
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

static void close_groups(struct draw *d, unsigned closers)
{
	for (unsigned i = 0; i < closers; i++)
		put_str(&d->line, "]");
}

static void end_color(struct draw *d)
{
	if (d->o->color_age)
		put_glyph(&d->line, "\033[0m", 4, 0, 0, 0);
}

/* The classic layout: children on the line of their parent. */
static void draw_tree(struct draw *d, const struct node *n, size_t count, unsigned closers,
		      int64_t parent_uid)
{
	struct group *g;
	size_t ng;
	bool full;

	put_label(d, n, count, parent_uid);
	end_color(d);
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
	if (d->o->args)
		put_args(d, n);
	end_color(d);
	close_groups(d, count > 1);
	flush_line(&d->line, d->o->width);
	ng = groups_of(d->o, n, &g);
	if (ng) {
		/* psmisc: one column further with -a; one less under a name
		 * of one character */
		push_level(d, col + (d->o->args ? 1 : 0) + (cols >= 2 ? 1 : 0));
		for (size_t i = 0; i < ng; i++) {
			d->lv[d->nlv - 1].more = i < ng - 1;
			put_indent(d, i == ng - 1);
			draw_args(d, g[i].n, g[i].count, n->euid);
		}
		d->nlv--;
	}
	free(g);
}

void draw(struct draw *d, const struct node *root, int64_t parent_uid)
{
	if (one_a_line(d->o))
		draw_args(d, root, 1, parent_uid);
	else
		draw_tree(d, root, 1, 0, parent_uid);
}
