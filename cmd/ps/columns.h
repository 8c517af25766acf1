/* ps: what the two column files share (columns.c: ids, users, state,
 * scheduling, CPU, memory, times, the command; columns_more.c: the rarer
 * columns), and the macros their tables are written with.  Private to
 * them: the other files of ps see only ps.h. */
#ifndef PS_COLUMNS_H
#define PS_COLUMNS_H

#include <inttypes.h>

#include "ps.h"

static inline void fmt_i(char *b, size_t n, int64_t v) { snprintf(b, n, "%" PRId64, v); }
static inline void fmt_u(char *b, size_t n, uint64_t v) { snprintf(b, n, "%" PRIu64, v); }

/* The passes of procps's escaping a cell's string had there (see
 * sq_escape_ps): ps's own for names from NSS, libproc's too for what
 * was read from /proc. */
#define PS_NAME SQ_PS_SHOW
#define PS_PROC (SQ_PS_READ | SQ_PS_SHOW)
void cell_text(struct ctx *c, char *buf, size_t n, const char *s, unsigned passes);

/* a cell of an absent field is "-" */
#define OR_DASH(p, f, stmt) do { if (!HAVE(p, f)) { snprintf(buf, n, "-"); return; } stmt; } while (0)

bool cpu_share(struct ctx *c, const struct sysq_proc *p, uint64_t scale, uint64_t *share, char *buf, size_t n);
void group_text(struct ctx *c, char *name, size_t n, int64_t gid);
json_object *text_json(struct ctx *c, const struct sysq_proc *p, render_fn fn);
double thread_cpu(const struct ctx *c, const struct sysq_proc *p);
json_object *j_cpu_time(struct ctx *c, const struct sysq_proc *p);
json_object *j_cuc(struct ctx *c, const struct sysq_proc *p);
json_object *j_pcpu(struct ctx *c, const struct sysq_proc *p);

enum { S = SYSQ_PN_STAT, ST = SYSQ_PN_STATUS, O = SYSQ_PN_OWNER, CG = SYSQ_PN_CGROUP, IO = SYSQ_PN_IO, NS = SYSQ_PN_NS };
#define E O_EVERY
#define PO O_PROCESS
#define TO O_THREAD

/* KEY, HEADER, JSON key, width, justification, needs, -m rows, the text,
 * the JSON value (a field of the table, or computed), help; widths,
 * headers, justification and PO/TO are procps 4.0.2's */
#define COL(k, h, j, w, ju, nd, on, fn, fld, jv, hl) \
	{ .key = k, .header = h, .json = j, .width = w, .just = ju, .need = nd, .only = on, .render = fn, .field = fld, \
	  .jvalue = jv, .help = hl }
#define PIDCOL(k, h, j, nd, on, fn, fld, jv, hl) \
	{ .key = k, .header = h, .json = j, .width = 5, .just = J_RIGHT, .need = nd, .only = on, .pidmax = true, \
	  .render = fn, .field = fld, .jvalue = jv, .help = hl }
/* the same value under another keyword and header */
#define FIELD(k, h, j, w, ju, nd, on, fn, fld, hl) COL(k, h, j, w, ju, nd, on, fn, fld, NULL, hl)
#define CALC(k, h, j, w, ju, nd, on, fn, jv, un, hl) \
	{ .key = k, .header = h, .json = j, .width = w, .just = ju, .need = nd, .only = on, .render = fn, .field = -1, \
	  .jvalue = jv, .unit = un, .help = hl }

/* what procps's S (include_dead_children) sums the waited-for children
 * into: CPU time and share, and page faults (not time, times, cuu) */
#define SUMMED(k, h, j, w, fn, fld, jv, un, hl) \
	{ .key = k, .header = h, .json = j, .width = w, .just = J_RIGHT, .need = S, .only = E, .render = fn, \
	  .field = fld, .jvalue = jv, .unit = un, .children = true, .help = hl }

/* the three tables, each sorted by key (columns_nop.c: the keywords
 * procps accepts and never fills) */
extern const struct column ps_core_columns[], ps_more_columns[], ps_nop_columns[];
extern const size_t ps_ncore_columns, ps_nmore_columns, ps_nnop_columns;

#endif
