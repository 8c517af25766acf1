/* ps: the chosen format, from -o and -O or the System V and BSD layouts. */
#include <stdlib.h>
#include <string.h>

#include "ps.h"

/* ---- the chosen format ------------------------------------------------- */

/* A zeroed column after the last, not yet counted in f->n. */
static struct fmtcol *format_slot(struct format *f)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 32;
		struct fmtcol *v = realloc(f->v, cap * sizeof(*v));

		if (!v)
			sq_die(SQ_EXIT_FAIL, "out of memory");
		f->v = v;
		f->cap = cap;
	}
	memset(&f->v[f->n], 0, sizeof(f->v[0]));
	return &f->v[f->n];
}

/* a column given earlier, its header with it */
static void format_push(struct format *f, const struct fmtcol *fc)
{
	*format_slot(f) = *fc;
	f->n++;
}

/* procps-ng's format macros: one name for a vendor's layout, given to -o
 * as a keyword is (sorted by name, as looked up) */
static const struct { const char *name, *list; } macros[] = {
	{ "DFMT", "pid,tname,state,cputime,cmd" },
	{ "DefBSD", "pid,tname,stat,bsdtime,args" },
	{ "DefSysV", "pid,tname,time,cmd" },
	{ "END_BSD", "state,tname,cputime,comm" },
	{ "END_SYS5", "state,tname,time,command" },
	{ "F5FMT", "uname,pid,ppid,c,start,tname,time,cmd" },
	{ "FB_", "pid,tt,stat,time,command" },
	{ "FB_j", "user,pid,ppid,pgid,sess,jobc,stat,tt,time,command" },
	{ "FB_l", "uid,pid,ppid,cpu,pri,nice,vsz,rss,wchan,stat,tt,time,command" },
	{ "FB_u", "user,pid,pcpu,pmem,vsz,rss,tt,stat,start,time,command" },
	{ "FB_v", "pid,stat,time,sl,re,pagein,vsz,rss,lim,tsiz,pcpu,pmem,command" },
	{ "FD_", "pid,tty,time,comm" },
	{ "FD_f", "user,pid,ppid,start_time,tty,time,comm" },
	{ "FD_fj", "user,pid,ppid,start_time,tty,time,pgid,sid,comm" },
	{ "FD_j", "pid,tty,time,pgid,sid,comm" },
	{ "FD_l", "flags,state,uid,pid,ppid,priority,nice,vsz,wchan,tty,time,comm" },
	{ "FD_lj", "flags,state,uid,pid,ppid,priority,nice,vsz,wchan,tty,time,pgid,sid,comm" },
	{ "FL5FMT", "f,state,uid,pid,ppid,pcpu,pri,nice,rss,wchan,start,time,command" },
	{ "FLASK_context", "pid,context,command" },
	{ "HP_", "pid,tty,time,comm" },
	{ "HP_f", "user,pid,ppid,cpu,stime,tty,time,args" },
	{ "HP_fl", "flags,state,user,pid,ppid,cpu,intpri,nice,addr,sz,wchan,stime,tty,time,args" },
	{ "HP_l", "flags,state,uid,pid,ppid,cpu,intpri,nice,addr,sz,wchan,tty,time,comm" },
	{ "J390", "pid,sid,pgrp,tname,atime,args" },
	{ "JFMT", "user,pid,ppid,pgid,sess,jobc,state,tname,cputime,command" },
	{ "L5FMT", "f,state,uid,pid,ppid,c,pri,nice,addr,sz,wchan,tt,time,ucmd" },
	{ "LFMT", "uid,pid,ppid,cp,pri,nice,vsz,rss,wchan,state,tname,cputime,command" },
	{ "OL_X", "pid,start_stack,esp,eip,timeout,alarm,stat,tname,bsdtime,args" },
	{ "OL_j", "ppid,pid,pgid,sid,tname,tpgid,stat,uid,bsdtime,args" },
	{ "OL_l", "flags,uid,pid,ppid,priority,nice,vsz,rss,wchan,stat,tname,bsdtime,args" },
	{ "OL_m", "pid,tname,majflt,minflt,m_trs,m_drs,m_size,m_swap,rss,m_share,vm_lib,m_dt,args" },
	{ "OL_s", "uid,pid,pending,sig_block,sig_ignore,caught,stat,tname,bsdtime,args" },
	{ "OL_u", "user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args" },
	{ "OL_v", "pid,tname,stat,bsdtime,maj_flt,m_trs,m_drs,rss,pmem,args" },
	{ "RD_", "pid,tname,state,bsdtime,comm" },
	{ "RD_f", "uid,pid,ppid,start_time,tname,bsdtime,args" },
	{ "RD_fj", "uid,pid,ppid,start_time,tname,bsdtime,pgid,sid,args" },
	{ "RD_j", "pid,tname,state,bsdtime,pgid,sid,comm" },
	{ "RD_l", "flags,state,uid,pid,ppid,priority,nice,wchan,tname,bsdtime,comm" },
	{ "RD_lj", "flags,state,uid,pid,ppid,priority,nice,wchan,tname,bsdtime,pgid,sid,comm" },
	{ "RUSAGE", "minflt,majflt,nswap,inblock,oublock,msgsnd,msgrcv,nsigs,nvcsw,nivcsw" },
	{ "SCHED", "user,pcpu,pri,usrpri,nice,psxpri,psr,policy,pset" },
	{ "SFMT", "uid,pid,cursig,sig,sigmask,sigignore,sigcatch,stat,tname,command" },
	{ "Std_f", "uid_hack,pid,ppid,c,stime,tname,time,cmd" },
	{ "Std_fl", "f,s,uid_hack,pid,ppid,c,opri,ni,addr,sz,wchan,stime,tname,time,cmd" },
	{ "Std_l", "f,s,uid,pid,ppid,c,opri,ni,addr,sz,wchan,tname,time,ucmd" },
	{ "THREAD", "user,pcpu,pri,scnt,wchan,usertime,systime" },
	{ "UFMT", "uname,pid,pcpu,pmem,vsz,rss,tt,state,start,time,command" },
	{ "VFMT", "pid,tt,state,time,sl,pagein,vsz,rss,pcpu,pmem,command" },
};

static const char *find_macro(const char *name)
{
	for (size_t i = 0; i < sizeof(macros) / sizeof(macros[0]); i++)
		if (!strcmp(macros[i].name, name))
			return macros[i].list;
	return NULL;
}

/* a macro's columns, each under the header given (KEY=HEADER) */
static void add_macro(struct format *f, const char *list, const char *header, bool from_O)
{
	size_t first = f->n;

	format_add(f, NULL, list, false, from_O);
	for (size_t i = first; header && i < f->n; i++)
		if (!(f->v[i].header = strdup(header)))
			sq_die(SQ_EXIT_FAIL, "out of memory");
}

bool format_add(struct format *f, struct perr *e, const char *spec, bool allow_rename, bool from_O)
{
	char *copy = strdup(spec), *save = NULL, *tok;
	bool ok = true;

	if (!copy)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	if (!list_syntax_ok(spec, FORMAT_SEPS, true))
		ok = parse_error(e, SQ_EXIT_USAGE, "improper format list '%s'", spec);
	/* procps 4.0.2 splits at commas and blanks first; each item is
	 * KEY[:WIDTH][=HEADER], so a header holds neither */
	for (tok = strtok_r(copy, FORMAT_SEPS, &save); ok && tok; tok = strtok_r(NULL, FORMAT_SEPS, &save)) {
		char *eq = allow_rename ? strchr(tok, '=') : NULL, *colon;
		struct fmtcol *fc = format_slot(f);

		if (eq)
			*eq = '\0';
		if ((colon = strchr(tok, ':')) != NULL) {
			*colon = '\0';
			/* procps: digits, not starting with 0 */
			const char *w = colon + 1;

			if (!all_digits(w) || *w == '0') {
				ok = parse_error(e, SQ_EXIT_USAGE, "column widths must be unsigned decimal numbers: '%s'", w);
				break;
			}
			if (strlen(w) > 6 || atol(w) > PS_LINE_MAX) {
				ok = parse_error(e, SQ_EXIT_USAGE, "invalid column width '%s': must be at most %d", w, PS_LINE_MAX);
				break;
			}
			fc->width = atoi(w);
		}
		if (!(fc->col = find_column(tok))) {
			const char *macro = find_macro(tok);

			if (!macro) {
				ok = parse_error(e, SQ_EXIT_USAGE, "unknown user-defined format specifier \"%s\"", tok);
				break;
			}
			if (colon) {
				ok = parse_error(e, SQ_EXIT_USAGE, "can not set width for a macro (multi-column) format specifier '%s'", tok);
				break;
			}
			add_macro(f, macro, eq ? eq + 1 : NULL, from_O);
			continue;
		}
		if (eq && !(fc->header = strdup(eq + 1)))
			sq_die(SQ_EXIT_FAIL, "out of memory");
		fc->from_O = from_O;
		f->n++;
	}
	free(copy);
	return ok;
}

/* ---- layout ---------------------------------------------------------------- */

/* insert a column after position at (after the last one when at >= n) */
static void insert_col(struct format *f, size_t at, const char *key)
{
	format_slot(f);
	if (at > f->n)
		at = f->n;
	memmove(&f->v[at + 1], &f->v[at], (f->n - at) * sizeof(f->v[0]));
	memset(&f->v[at], 0, sizeof(f->v[0]));
	f->v[at].col = find_column(key);
	f->n++;
}

/* the position after the last of the given keys, or 0 */
static size_t after_last(const struct format *f, const char *const *keys)
{
	size_t at = 0;

	for (size_t i = 0; i < f->n; i++)
		for (size_t k = 0; keys[k]; k++)
			if (!strcmp(f->v[i].col->key, keys[k]))
				at = i + 1;
	return at;
}

/* The System V layouts: -f -F -l -j -y combine, as in procps; with BSD
 * syntax elsewhere on the line, BSD's TIME, STAT and COMMAND. */
static void sysv_layout(const struct opts *o, struct format *f)
{
	/* procps's format flags are -f, -F and -l; -j is a modifier */
	bool l = o->u_l, fF = o->u_f || o->u_F, any = l || fF, bsd = o->bsd_syntax;
	char list[256];

	/* -P: PSR before C; -F has its own PSR later, unless with -P */
	snprintf(list, sizeof(list), "%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s",
		 l && !o->y ? "f," : "", l ? "s," : "", fF ? "uid_hack," : l ? "uid," : "", "pid,",
		 l || fF ? "ppid," : "", o->u_j ? "pgid,sid," : "", o->u_P ? "psr," : "",
		 o->u_c ? "class,pri," : l || fF ? "c," : "", l && !o->u_c ? "opri,ni," : "",
		 l && !o->y ? "addr:1," : "", l && o->y ? "rss," : "", l || o->u_F ? "sz," : "", l ? "wchan," : "",
		 o->u_F && !(l && o->y) ? "rss," : "", o->u_F && !o->u_P ? "psr," : "", fF ? "stime," : "", "tname,",
		 bsd && !l ? "stat," : "", bsd ? "bsdtime," : "time,",
		 bsd ? (any ? "cmd" : "args") : fF ? "cmd" : "ucmd", "");
	format_add(f, NULL, list, false, false);
}

/* procps's rules for what combines: part of a reading of the line, as a
 * conflict under the UNIX reading may pass under the BSD one */
bool check_format(const struct opts *o, struct perr *e)
{
	const char *b = o->layout;

	if (o->y && !o->u_l && !(b && !strcmp(b, "l")))
		return parse_error(e, SQ_EXIT_USAGE, "modifier -y without format -l makes no sense");
	if (b && (o->u_f || o->u_F || o->u_l))
		return parse_error(e, SQ_EXIT_USAGE, "conflicting format options: '%s' and a System V layout", b);
	if ((o->fmt_given || o->fmt_extra) && (b || o->u_l || o->u_F))
		return parse_error(e, SQ_EXIT_USAGE, "conflicting format options: a layout and %s", o->fmt_given ? "-o" : "-O");
	if ((o->fmt_given || o->fmt_extra) && (o->u_j || o->y || o->u_c || o->u_P || o->label))
		return parse_error(e, SQ_EXIT_USAGE, "can not use output modifiers with user-defined output");
	if (o->threads_L && o->threads_T)
		return parse_error(e, SQ_EXIT_USAGE, "thread flags conflict: can't use both -L and -T");
	if (o->forest && (o->threads_L || o->threads_T || o->threads_m || o->threads_H))
		return parse_error(e, SQ_EXIT_USAGE, "thread display conflicts with forest display");
	if (o->threads_H && (o->threads_L || o->threads_T || o->threads_m))
		return parse_error(e, SQ_EXIT_USAGE, "thread flags conflict: H shows threads as processes");
	return true;
}

/* PS_FORMAT, as procps takes it: the columns when nothing on the line
 * chose a layout, a modifier or columns; ignored with a warning when it
 * does not parse. */
static void env_format(struct opts *o)
{
	const char *env = getenv("PS_FORMAT");
	struct perr e = { 0 };

	if (!env || !*env || o->fmt_given || o->fmt_extra || o->layout || o->u_f || o->u_F || o->u_l || o->u_j ||
	    o->y || o->u_c || o->u_P || o->label)
		return;
	if (format_add(&o->fmt, &e, env, true, false)) {
		o->fmt_given = true;
		return;
	}
	sq_warn("warning: $PS_FORMAT ignored (%s)", e.msg);
	for (size_t i = 0; i < o->fmt.n; i++)
		free(o->fmt.v[i].header);
	free(o->fmt.v);
	memset(&o->fmt, 0, sizeof(o->fmt));
}

void build_format(struct opts *o, struct ctx *c)
{
	static const char *const ids[] = { "pid", "ppid", "pgid", "sid", NULL };
	static const char *const cpu[] = { "c", "pcpu", NULL };
	const char *b = o->layout;
	struct format given;

	env_format(o);
	given = o->fmt;
	if (o->fmt_given && !o->fmt_extra)
		return;
	memset(&o->fmt, 0, sizeof(o->fmt));
	if (o->fmt_extra) {
		/* -O: pid, the -O columns, the rest of the default; -o ones last */
		format_add(&o->fmt, NULL, "pid", false, false);
		for (size_t i = 0; i < given.n; i++)
			if (given.v[i].from_O)
				format_push(&o->fmt, &given.v[i]);
		/* procps's trailers: BSD O's ends in the name, -O's in the
		 * command line */
		format_add(&o->fmt, NULL, o->bsd_O ? "s,tname,time,ucomm" : "s,tname,time,command", false, false);
		for (size_t i = 0; i < given.n; i++)
			if (!given.v[i].from_O)
				format_push(&o->fmt, &given.v[i]);
		free(given.v);
		return;
	}
	if (!b) {
		sysv_layout(o, &o->fmt);
	} else {
		static const struct { const char *name, *list; } bsd[] = {
			{ "u", "user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args" },
			{ "v", "pid,tname,stat,bsdtime,maj_flt,trs:5,drs,rss,pmem,args" },
			{ "j", "ppid,pid,pgid,sid,tname,tpgid,stat,uid,bsdtime,args" },
			{ "l", "f,uid,pid,ppid,priority,ni,vsz,rss,wchan,stat,tname,bsdtime,args" },
			{ "s", "uid,pid,pending,blocked,ignored,caught,stat,tname,bsdtime,args" },
			/* the old i386 registers */
			{ "X", "pid,start_stack,esp,eip,timeout,alarm,stat,tname,bsdtime,args" },
			/* the old Linux memory layout */
			{ "m", "pid,tname,majflt,minflt,m_trs,m_drs,m_size,m_swap,rss,m_share,vm_lib,m_dt,args" },
			/* the security context (procps's FLASK layout) */
			{ "--context", "pid,context,command" },
		};

		for (size_t i = 0; i < sizeof(bsd) / sizeof(bsd[0]); i++)
			if (!strcmp(b, bsd[i].name))
				format_add(&o->fmt, NULL, bsd[i].list + (o->y && !strcmp(b, "l") ? 2 : 0), false, false);
		/* -j adds PGID and SID after PPID (or PID) */
		if (o->u_j) {
			size_t at = 0;

			for (size_t i = 0; i < o->fmt.n && !at; i++)
				if (!strcmp(o->fmt.v[i].col->key, "ppid"))
					at = i + 1;
			for (size_t i = 0; i < o->fmt.n && !at; i++)
				if (!strcmp(o->fmt.v[i].col->key, "pid"))
					at = i + 1;
			insert_col(&o->fmt, at, "sid");
			insert_col(&o->fmt, at, "pgid");
		}
	}
	if (o->label)
		insert_col(&o->fmt, 0, "label");
	c->unix_f = !b && (o->u_f || o->u_F);
	if (o->threads_L || o->threads_T) {
		/* LWP (or SPID) after the IDs; NLWP after C (or %CPU) with -f, -F, u */
		static const char *const pid[] = { "pid", NULL };

		/* -T: SPID right after PID; -L: LWP after the other IDs too */
		insert_col(&o->fmt, after_last(&o->fmt, o->threads_T ? pid : ids), o->threads_T ? "spid" : "lwp");
		if (o->threads_L && (c->unix_f || (b && !strcmp(b, "u"))) && after_last(&o->fmt, cpu))
			insert_col(&o->fmt, after_last(&o->fmt, cpu), "nlwp");
	}
}
