/*
 * ps's own header: the column table, the context a row is rendered in, the
 * options and the chosen format, shared by the files of cmd/ps.
 */
#ifndef SYSQ_PS_H
#define SYSQ_PS_H

#include <time.h>

#include "out/out.h"

/* ---- the column table --------------------------------------------------- */

/* J_USER and J_WCHAN are left-aligned names, right-aligned under BSD n */
enum just { J_RIGHT, J_LEFT, J_USER, J_WCHAN, J_UNLIMITED, J_SIGNAL };
/* procps's PO and TO: with -m, what a thread row leaves to its process
 * row ('-' there), and the reverse */
enum only { O_EVERY, O_PROCESS, O_THREAD };

struct ctx;
typedef void (*render_fn)(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n);
/* a computed column's JSON value (NULL: null) */
typedef json_object *(*json_fn)(struct ctx *c, const struct sysq_proc *p);

struct column {
	const char *key;
	const char *header;
	/* key in JSON: psutil's (libsysq's) name where it has that value, else
	 * the keyword; aliases that show the same value share one */
	const char *json;
	int width;
	enum just just;
	unsigned need;        /* SYSQ_PN_* */
	bool pidmax;          /* width follows the digits of pid_max */
	render_fn render;
	int field;            /* sysq_proc_table index for JSON, -1 when computed */
	json_fn jvalue;       /* computed: the typed value */
	const char *unit;     /* computed: its JSON unit (a field has its own) */
	enum only only;
	bool children;        /* S (--cumulative) adds the waited-for children */
	int sortf;            /* sort key kind */
	const char *help;
};

struct ctx {
	sysq_ctx *lib;
	time_t now;
	double uptime;
	uint64_t boot;
	char forest_type;    /* 'b' (BSD f, --forest) or 'u' (-H) */
	uint64_t mem_total;
	long tck;
	long page_kb;
	bool bsd_e;          /* show environment after the command */
	bool bsd_c;          /* BSD c: the command columns show the name */
	bool unix_f;         /* comm shows the full command line */
	bool numeric;        /* BSD n: user and group IDs for their names */
	char forest[512];    /* forest prefix of the current row */
	bool forest_on;
	bool raw_text;       /* renderers write strings raw (for JSON), not escaped */
	unsigned esc;        /* SQ_PS_UTF8 in a UTF-8 locale: how strings are shown */
	bool children;       /* with S: the column at hand adds the waited-for children */
	const struct sysq_thread *thread; /* the thread of the current row (-L) */
	int col_width;       /* width of the column being rendered, 0 if last */
	long col_room;       /* procps's max_rightward: the cells it may fill (-1: unlimited) */
	int pid_width;       /* digits of the largest PID (at least 5), 0 until read */
	bool wide_signals;   /* signal masks in 16 digits: the line has room */
	long page, since_header; /* --headers: lines a page, rows since the last header */
	struct sysq_proc *kept;  /* processes no row owns (threads borrow them) */
	size_t nkept;
	int cpu_node[1024];      /* numa: node of each CPU + 1 (0: not looked up, -1: none) */
};

#define HAVE(p, f) SYSQ_HAVE(p, f)

/* procps's line buffer: the widest line (in a pipe and with -ww), and the
 * most a cell holds */
#define PS_LINE_MAX 131072

/* the JSON key of a column's value with S: its key and this */
#define CHILDREN_SUFFIX "_with_children"

/* ---- the chosen format ------------------------------------------------- */

struct fmtcol {
	const struct column *col;
	bool from_O;        /* given with -O: goes after PID */
	char *header;       /* KEY=HEADER overrides (allocated) */
	int width;          /* KEY:WIDTH overrides */
};

struct format {
	struct fmtcol *v; /* grows: procps takes any number of columns */
	size_t n, cap;
};

/* ---- options ----------------------------------------------------------- */

/* A parse error, kept rather than reported: procps reads a line that
 * fails as UNIX options again as BSD ones and reports the first error
 * only when that fails too. */
struct perr {
	char msg[256];
	int status; /* the exit status it calls for */
	bool ours;  /* procps takes it, this ps does not: told as it is */
};

enum list_kind { L_PID, L_QUICK, L_PPID, L_PGRP, L_SID, L_TTY, L_CMD, L_EUSER, L_RUSER, L_EGROUP, L_RGROUP, L__COUNT };

struct idlist {
	int64_t *v;   /* IDs; terminals as tty_nr, MY_TTY for ps's own */
	size_t n;
	char **names; /* for -C */
	size_t nnames;
};
#define MY_TTY (-1)

struct sortkey {
	const struct column *col;
	bool desc;
};

struct opts {
	bool all, all_tty, no_leaders_tty, no_leaders, deselect, bsd_x, bsd_a, running;
	bool any_select;
	struct idlist list[L__COUNT];
	int nlists, nquick; /* selection lists given, -q ones among them */
	struct format fmt;
	bool fmt_given, fmt_extra;
	bool bsd_O;      /* the -O columns came from BSD O */
	/* procps's other layouts: BSD u, v, j, l, s, X; m (read as BSD after
	 * a dash: the old memory layout); "--context"; or NULL */
	const char *layout;
	bool u_f, u_F, u_l, u_j; /* UNIX format modifiers -f -F -l -j (they combine) */
	bool u_c, label;          /* -c: CLS and PRI; -Z, -M, Z: LABEL first */
	bool threads_m;           /* -m, m: threads after their process */
	bool y, forest, forest_unix, threads_L, threads_T, threads_H;
	bool bsd_syntax; /* a BSD word was given: BSD's default selection */
	struct sortkey *sort;
	size_t nsort;
	bool sort_given;
	int headers; /* -1 default, 0 none, 1 every page */
	long cols;   /* 0: terminal or unlimited */
	long lines;  /* --lines: the page for --headers */
	int wide;
	bool bsd_e;
	bool bsd_c;
	bool bsd_n;      /* n: numeric user and group columns, WCHAN right-aligned */
	bool u_P;        /* -P: PSR in the System V layouts */
	bool bsd_g;      /* g: every process, session leaders too (the default on Linux) */
	bool cumulative; /* S, --cumulative: the waited-for children in CPU and faults */
	bool list_keys;
	bool version;    /* V, -V, --version */
	bool bsd_pass;   /* the second reading: dash words are BSD options */
	sysq_ctx *lib;   /* the roots terminals are looked up below */
	struct perr err; /* the reading's first error */
};

/* ---- selection ----------------------------------------------------------- */

struct me {
	int64_t euid, tty;
};

/* ---- rows -------------------------------------------------------------------- */

struct row {
	struct sysq_proc p;
	struct sysq_thread thread; /* with threads shown */
	bool is_thread;
	bool shared;               /* p's strings belong to an earlier row */
	bool borrowed;             /* a thread's own p, with its process's command line */
	bool m_process, m_thread;  /* -m: a process row, a thread row after it */
};

struct out {
	char *line;
	size_t cap, len;
	long cols;
};

/* columns.c */
const struct column *find_column(const char *key);
/* a column's JSON value for one row (NULL: null) */
json_object *column_json(struct ctx *c, const struct column *col, const struct sysq_proc *p);
void list_keywords(void);
double elapsed_seconds(const struct ctx *c, const struct sysq_proc *p);
uint64_t text_span(const struct sysq_proc *p);

/* options.c */
bool parse_error(struct perr *e, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* procps's separators: of ID and name lists; of formats and sort keys */
#define LIST_SEPS " ,\t"
#define FORMAT_SEPS " ,\t\n"
bool list_syntax_ok(const char *s, const char *seps, bool trailing_sep);
void parse_options(struct opts *o, struct sq_cli *cli, sysq_ctx *lib, int argc, char **argv);
void free_options(struct opts *o);
bool selected(const struct opts *o, const struct sysq_proc *p, const struct me *me);

/* layout.c */
bool format_add(struct format *f, struct perr *e, const char *spec, bool allow_rename, bool from_O);
bool check_format(const struct opts *o, struct perr *e);
/* a non-empty string of decimal digits */
bool all_digits(const char *s);
void build_format(struct opts *o, struct ctx *c);

/* output.c */
void print_row(struct ctx *c, const struct opts *o, struct out *w, const struct row *r, bool header);
void terminal_size(long *cols, long *rows);
long env_size(const char *name);
long line_width(struct ctx *c, const struct opts *o, long screen);
bool all_headers_empty(const struct opts *o);
void sort_rows(const struct opts *o, struct ctx *c, struct row *rows, size_t n);
void show_forest(struct ctx *c, const struct opts *o, struct out *w, struct row *rows, size_t n,
		 void (*show)(struct ctx *, const struct opts *, struct out *, struct row *));
json_object *json_row(struct ctx *c, const struct opts *o, const struct row *r);
void json_row_text(struct ctx *c, const struct row *r, FILE *fp);

#endif
