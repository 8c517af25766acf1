/* ps: the command line (UNIX, BSD and GNU options), and the processes it selects. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "ps.h"

/* ---- errors -------------------------------------------------------------- */

bool parse_error(struct perr *e, int status, const char *fmt, ...)
{
	char msg[sizeof(e->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!e)
		sq_usage_error("%s", msg);
	/* the first error is the one the line is told of */
	if (!e->msg[0]) {
		memcpy(e->msg, msg, sizeof(msg));
		e->status = status;
	}
	return false;
}

#define FAIL(o, ...) parse_error(&(o)->err, SQ_EXIT_USAGE, __VA_ARGS__)

/* ---- lists ------------------------------------------------------------- */

/* procps's list syntax: items between separators, no empty one; a format
 * or a sort list may end in one separator ("pid,comm,") */
bool list_syntax_ok(const char *s, const char *seps, bool trailing_sep)
{
	bool need = true;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (strchr(seps, *s)) {
			if (need)
				return false;
			need = true;
		} else {
			need = false;
		}
	}
	return !need || trailing_sep;
}

/* Numbers are parsed at once (sq_arg_int ends the run): a bad number is
 * as bad under the BSD reading of the line, as procps finds too. */
bool all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* a user or group: a number, else a name of the rootfs's (or the host's) */
static bool named_id(struct opts *o, bool group, const char *s, int64_t *v)
{
	if (all_digits(s)) {
		*v = sq_arg_int(group ? "group ID" : "user ID", s, 0, UINT32_MAX - 1);
		return true;
	}
	if ((group ? sysq_group_id : sysq_user_id)(o->lib, s, v) != SYSQ_OK)
		return FAIL(o, "%s name does not exist: '%s'", group ? "group" : "user", s);
	return true;
}

/* A terminal as procps finds one: a path, else the first of /dev/pts/NAME,
 * /dev/NAME, /dev/ttyNAME, /dev/ptyNAME, /dev/NAMEnsole that exists (so
 * "0" is pts/0, or tty0 without it; "co" is the console), below the
 * rootfs; "-" and "?" are none.  Its number in the kernel's tty_nr form. */
static bool tty_id(struct opts *o, const char *name, int64_t *v)
{
	static const char *const forms[][2] = {
		{ "/dev/pts/", "" }, { "/dev/", "" }, { "/dev/tty", "" }, { "/dev/pty", "" }, { "/dev/", "nsole" },
	};
	const char *root = sysq_root_path(o->lib, SYSQ_ROOT_FS);
	size_t nforms = *name == '/' ? 1 : sizeof(forms) / sizeof(forms[0]);
	char path[8192];
	struct stat st;
	bool found = false;

	for (size_t i = 0; !found && i < nforms; i++) {
		snprintf(path, sizeof(path), "%s%s%s%s", strcmp(root, "/") ? root : "", *name == '/' ? "" : forms[i][0],
			 name, *name == '/' ? "" : forms[i][1]);
		found = stat(path, &st) == 0;
	}
	if (!found) {
		/* and a one-letter file here: the shell made '?' a name */
		if (*name != '/' && (!strcmp(name, "-") || !strcmp(name, "?") || (!name[1] && stat(name, &st) == 0))) {
			*v = 0;
			return true;
		}
		/* not a usage error: procps's exit status for a terminal this
		 * system does not have */
		return parse_error(&o->err, SQ_EXIT_FAIL, "TTY could not be found: '%s'", name);
	}
	if (!S_ISCHR(st.st_mode))
		return parse_error(&o->err, SQ_EXIT_FAIL, "list member was not a TTY: '%s'", name);
	*v = (int64_t)((minor(st.st_rdev) & 0xff) | (major(st.st_rdev) << 8) | ((minor(st.st_rdev) & ~0xffu) << 12));
	return true;
}

static void list_push(struct idlist *l, int64_t v)
{
	int64_t *nv = realloc(l->v, (l->n + 1) * sizeof(int64_t));

	if (!nv)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	l->v = nv;
	l->v[l->n++] = v;
}

static bool list_add(struct opts *o, enum list_kind k, const char *arg)
{
	struct idlist *l = &o->list[k];
	char *copy = strdup(arg), *save = NULL, *tok;
	bool ok = true;

	if (!copy)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	if (!list_syntax_ok(arg, LIST_SEPS, false))
		ok = FAIL(o, "improper list '%s'", arg);
	for (tok = strtok_r(copy, LIST_SEPS, &save); ok && tok; tok = strtok_r(NULL, LIST_SEPS, &save)) {
		int64_t v = 0;

		switch (k) {
		case L_PID: case L_QUICK: case L_PPID: case L_SID:
			v = sq_arg_int("process ID", tok, 1, INT32_MAX);
			break;
		case L_EUSER: case L_RUSER:
			ok = named_id(o, false, tok, &v);
			break;
		case L_EGROUP: case L_RGROUP:
			ok = named_id(o, true, tok, &v);
			break;
		case L_TTY:
			ok = tty_id(o, tok, &v);
			break;
		case L_CMD: {
			char **nn = realloc(l->names, (l->nnames + 1) * sizeof(char *));

			if (!nn || !(nn[l->nnames] = strdup(tok)))
				sq_die(SQ_EXIT_FAIL, "out of memory");
			l->names = nn;
			l->nnames++;
			continue;
		}
		default:
			break;
		}
		if (ok)
			list_push(l, v);
	}
	free(copy);
	o->any_select = true;
	/* a list, as procps counts them for -q */
	o->nlists++;
	o->nquick += k == L_QUICK;
	return ok;
}

/* procps's -g: sessions when every item is a process ID, else groups */
static bool all_pids(const char *arg)
{
	char *copy = strdup(arg), *save = NULL, *tok;
	bool pids = true;

	if (!copy)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	for (tok = strtok_r(copy, LIST_SEPS, &save); pids && tok; tok = strtok_r(NULL, LIST_SEPS, &save))
		pids = all_digits(tok) && strlen(tok) <= 10 && strtoll(tok, NULL, 10) >= 1 &&
		       strtoll(tok, NULL, 10) <= INT32_MAX;
	free(copy);
	return pids;
}

static bool in_list(const struct idlist *l, int64_t v)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == v)
			return true;
	return false;
}

static bool add_sort(struct opts *o, const char *spec)
{
	char *copy = strdup(spec), *save = NULL, *tok;
	bool ok = true;

	if (!copy)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	/* procps: one sort option (--sort or k), whatever its keys */
	if (o->sort_given)
		ok = FAIL(o, "multiple sort options: '%s'", spec);
	else if (!list_syntax_ok(spec, FORMAT_SEPS, true))
		ok = FAIL(o, "improper sort list '%s'", spec);
	o->sort_given = true;
	for (tok = strtok_r(copy, FORMAT_SEPS, &save); ok && tok; tok = strtok_r(NULL, FORMAT_SEPS, &save)) {
		struct sortkey *keys = realloc(o->sort, (o->nsort + 1) * sizeof(*keys));
		bool desc = false;

		if (*tok == '+' || *tok == '-')
			desc = *tok++ == '-';
		if (!keys)
			sq_die(SQ_EXIT_FAIL, "out of memory");
		o->sort = keys;
		if (!(keys[o->nsort].col = find_column(tok)))
			ok = FAIL(o, "unknown sort specifier '%s'", tok);
		else
			keys[o->nsort++].desc = desc;
	}
	free(copy);
	return ok;
}

/* -o, or -O: the default columns with these after PID, which procps
 * takes only before any other format */
static bool add_format(struct opts *o, const char *spec, bool O)
{
	if (O && (o->fmt_given || o->fmt_extra))
		return FAIL(o, "option -O can not follow other format options: '%s'", spec);
	o->fmt_given |= !O;
	o->fmt_extra |= O;
	return format_add(&o->fmt, &o->err, spec, true, O);
}

/* ---- the options ----------------------------------------------------------- */

/* Where the words are read: the argument vector and the word at hand. */
struct args {
	int argc;
	char **argv;
	int i;
};

/* An option's argument: the rest of the word, else the next argument;
 * an empty one counts as none, as in procps. */
static const char *opt_arg(const char *p, struct args *a)
{
	if (p[1])
		return p + 1;
	if (a->i + 1 >= a->argc || !a->argv[a->i + 1][0])
		return NULL;
	return a->argv[++a->i];
}

/* An option that must be the only argument (procps: "ps L", "ps -V"). */
static bool alone(struct opts *o, const struct args *a, const char *word)
{
	if (a->argc != 2 || strcmp(a->argv[1], word))
		return FAIL(o, "the option is exclusive: '%s'", word);
	return true;
}

/* What procps takes and this ps does not: told as it is, whichever
 * reading of the line fails first. */
static bool unsupported(struct opts *o, const char *what)
{
	FAIL(o, "unsupported %s", what);
	o->err.ours = true;
	return false;
}

/* V, -V, --version: shown once the line is read (procps takes them alone) */
static bool version(struct opts *o, const struct args *a, const char *word)
{
	if (!alone(o, a, word))
		return false;
	o->version = true;
	return true;
}

/* BSD T: the processes on the terminal of ps itself (none: those
 * without one, as in procps) */
static void my_terminal(struct opts *o)
{
	list_push(&o->list[L_TTY], MY_TTY);
	o->any_select = true;
	o->nlists++;
}

/* A layout beyond System V's (u, v, j, l, s, X, m, --context): one at
 * most, as procps takes one of these format flags */
static bool set_layout(struct opts *o, const char *name)
{
	if (o->layout && strcmp(o->layout, name))
		return FAIL(o, "conflicting format options: '%s' and '%s'", o->layout, name);
	o->layout = name;
	return true;
}

/* one of procps's heading options at most: h, --headers, --no-headers */
static bool set_headers(struct opts *o, int v)
{
	if (o->headers != -1)
		return FAIL(o, "only one heading option may be specified");
	o->headers = v;
	return true;
}

/* BSD options: a word of letters without a dash ("aux", "axjf"), and in
 * the second reading of a line the letters after a dash too ("-aux"). */
static bool bsd_options(struct opts *o, const char *word, struct args *a)
{
	for (const char *p = word; *p; p++) {
		const char *rest;

		switch (*p) {
		case 'a': o->bsd_a = true; o->any_select = true; break;
		case 'x': o->bsd_x = true; o->any_select = true; break;
		case 'r': o->running = true; break;
		case 'u': case 'v': case 'j': case 'l': case 's': case 'X': {
			static const char *const names[] = { "u", "v", "j", "l", "s", "X" };

			if (!set_layout(o, names[strchr("uvjlsX", *p) - "uvjlsX"]))
				return false;
			break;
		}
		case 'f': o->forest = true; break;
		case 'e': o->bsd_e = true; break;
		case 'S': o->cumulative = true; break;
		case 'w': o->wide++; break;
		case 'H': o->threads_H = true; break;
		case 'm':
			/* procps's second reading takes m as the old Linux
			 * memory layout (its "old" personality), not threads */
			if (o->bsd_pass) {
				if (!set_layout(o, "m"))
					return false;
				break;
			}
			o->threads_m = true;
			break;
		case 'M': o->threads_m = true; break; /* threads, as on macOS */
		case 'Z': o->label = true; break;
		case 'L':
			if (!alone(o, a, "L"))
				return false;
			o->list_keys = true;
			break;
		case 'V':
			if (!version(o, a, "V"))
				return false;
			break;
		case 'c': o->bsd_c = true; break; /* COMMAND shows the name */
		case 'n': o->bsd_n = true; break;
		case 'g': o->bsd_g = true; break;
		case 'h':
			if (!set_headers(o, 0))
				return false;
			break;
		case 'T':
			my_terminal(o);
			break;
		case 'o': case 'O': case 'p': case 'q': case 't': case 'U': case 'k': {
			char opt = *p;

			rest = opt_arg(p, a);
			/* old BSD: t alone is this terminal, as T */
			if (!rest && opt == 't') {
				my_terminal(o);
				return true;
			}
			if (!rest)
				return FAIL(o, "option '%c' requires an argument", opt);
			if (opt == 'O')
				o->bsd_O = true;
			if (opt == 'o' || opt == 'O')
				return add_format(o, rest, opt == 'O');
			if (opt == 'k')
				return add_sort(o, rest);
			return list_add(o, opt == 'p' ? L_PID : opt == 'q' ? L_QUICK : opt == 't' ? L_TTY : L_EUSER, rest);
		}
		default:
			return FAIL(o, "unknown BSD option '%.*s' in '%s'", sq_utf8_char_len(p), p, word);
		}
	}
	return true;
}

static bool is_one_of(const char *name, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

static bool long_option(struct opts *o, struct sq_cli *cli, const char *name, const char *val, struct args *a)
{
	/* procps's spellings */
	static const char *const no_headers[] = { "no-headers", "no-heading", "no-headings", "noheader", "noheaders",
						  "noheading", "noheadings", NULL };
	static const char *const headers[] = { "header", "headers", "heading", "headings", NULL };
	static const char *const with_arg[] = { "sort", "format", "pid", "ppid", "user", "User", "group", "Group",
						"sid", "tty", "cols", "columns", "width", "lines", "rows",
						"quick-pid", "deselect-no", NULL };
	bool needs = is_one_of(name, with_arg);

	/* the argument after '=', else the next one; empty is none (procps) */
	if (needs && !val && a->i + 1 < a->argc)
		val = a->argv[++a->i];
	if (needs && (!val || !*val))
		return FAIL(o, "option '--%s' requires an argument", name);
	if (!needs && val)
		return FAIL(o, "option '--%s' doesn't allow an argument", name);
	if (!strcmp(name, "sort")) return add_sort(o, val);
	if (!strcmp(name, "format")) return add_format(o, val, false);
	if (!strcmp(name, "pid")) return list_add(o, L_PID, val);
	if (!strcmp(name, "quick-pid")) return list_add(o, L_QUICK, val);
	if (!strcmp(name, "ppid")) return list_add(o, L_PPID, val);
	if (!strcmp(name, "user")) return list_add(o, L_EUSER, val);
	if (!strcmp(name, "User")) return list_add(o, L_RUSER, val);
	if (!strcmp(name, "group")) return list_add(o, L_EGROUP, val);
	if (!strcmp(name, "Group")) return list_add(o, L_RGROUP, val);
	if (!strcmp(name, "sid")) return list_add(o, L_SID, val);
	if (!strcmp(name, "tty")) return list_add(o, L_TTY, val);
	if (!strcmp(name, "cols") || !strcmp(name, "columns") || !strcmp(name, "width"))
		o->cols = (long)sq_arg_int("--cols", val, 1, PS_LINE_MAX);
	else if (!strcmp(name, "lines") || !strcmp(name, "rows"))
		o->lines = (long)sq_arg_int("--lines", val, 1, 1 << 20);
	else if (!strcmp(name, "forest")) o->forest = true;
	else if (!strcmp(name, "cumulative")) o->cumulative = true;
	else if (!strcmp(name, "context")) return set_layout(o, "--context");
	else if (is_one_of(name, no_headers)) return set_headers(o, 0);
	else if (is_one_of(name, headers)) return set_headers(o, 1);
	else if (!strcmp(name, "deselect")) o->deselect = true;
	else if (!strcmp(name, "json")) sq_cli_common(cli, SQ_OPT_JSON);
	else if (!strcmp(name, "pretty")) sq_cli_common(cli, SQ_OPT_PRETTY);
	else if (!strcmp(name, "help")) sq_cli_common(cli, SQ_OPT_HELP);
	else if (!strcmp(name, "version")) return version(o, a, "--version");
	/* procps's --info dumps its own internals (its format names,
	 * personality, sizeof(proc_t)): nothing of that exists here */
	else if (!strcmp(name, "info")) return unsupported(o, "option '--info' (procps-ng's dump of its own internals)");
	else return FAIL(o, "unrecognized option '--%s'", name);
	return true;
}

static bool unix_options(struct opts *o, const char *word, struct args *a)
{
	for (const char *p = word; *p; p++) {
		const char *rest;
		char opt = *p;

		switch (opt) {
		case 'A': case 'e': o->all = true; o->any_select = true; continue;
		case 'a': o->no_leaders_tty = true; o->any_select = true; continue;
		case 'd': o->no_leaders = true; o->any_select = true; continue;
		case 'N': o->deselect = true; continue;
		case 'f': o->u_f = true; continue;
		case 'F': o->u_F = true; continue;
		case 'l': o->u_l = true; continue;
		case 'j': o->u_j = true; continue;
		case 'y': o->y = true; continue;
		case 'H': o->forest = true; o->forest_unix = true; continue;
		case 'L': o->threads_L = true; continue;
		case 'T': o->threads_T = true; continue;
		case 'w': o->wide++; continue;
		case 'c': o->u_c = true; continue;
		case 'P': o->u_P = true; continue;
		case 'm': o->threads_m = true; continue;
		case 'M': case 'Z': o->label = true; continue;
		case 'n': continue; /* a namelist file: the kernel names wchan itself */
		case 'V':
			if (!version(o, a, "-V"))
				return false;
			continue;
		case 'o': case 'O': case 'p': case 'q': case 'C': case 'u': case 'U': case 'g': case 'G':
		case 's': case 't': case 'k':
			break;
		default:
			return FAIL(o, "unknown option '-%.*s'", sq_utf8_char_len(p), p);
		}
		if (!(rest = opt_arg(p, a)))
			return FAIL(o, "option '-%c' requires an argument", opt);
		switch (opt) {
		case 'o': return add_format(o, rest, false);
		case 'O': return add_format(o, rest, true);
		case 'p': return list_add(o, L_PID, rest);
		case 'q': return list_add(o, L_QUICK, rest);
		case 'C': return list_add(o, L_CMD, rest);
		case 'u': return list_add(o, L_EUSER, rest);
		case 'U': return list_add(o, L_RUSER, rest);
		case 'g': return list_add(o, all_pids(rest) ? L_SID : L_EGROUP, rest);
		case 'G': return list_add(o, L_RGROUP, rest);
		case 's': return list_add(o, L_SID, rest);
		case 't': return list_add(o, L_TTY, rest);
		default: return add_sort(o, rest);
		}
	}
	return true;
}

/* procps: a number ends the options: it and every argument after it is a
 * process ID ("ps 123 456"), -N a process group, +N a session; one ID an
 * argument, and BSD's default layout and selection, as with p. */
static void trailing_ids(struct opts *o, struct args *a)
{
	bool kinds[L__COUNT] = { false };
	int first = a->i;

	for (; a->i < a->argc; a->i++) {
		const char *w = a->argv[a->i];
		enum list_kind k = *w == '-' ? L_PGRP : *w == '+' ? L_SID : L_PID;

		/* "ps 1 -o pid": an option after the list is no bad number */
		if (a->i > first && !(w[k != L_PID] >= '0' && w[k != L_PID] <= '9'))
			sq_usage_error("process ID list syntax error: '%s' after the process ID '%s' "
				       "(a bare process ID ends the options)", w, a->argv[a->i - 1]);
		list_push(&o->list[k], sq_arg_int("process ID", w + (k != L_PID), 1, INT32_MAX));
		o->nlists += !kinds[k]; /* procps: a list a kind */
		kinds[k] = true;
	}
	o->any_select = true;
	o->bsd_syntax = true;
}

/* procps's selection table: UNIX -a and -d do not mix with BSD a and x */
static bool check_selection(struct opts *o)
{
	if ((o->no_leaders_tty || o->no_leaders) && (o->bsd_a || o->bsd_x || o->bsd_g))
		return FAIL(o, "process selection options conflict: -%s and BSD %s",
			    o->no_leaders_tty ? "a" : "d", o->bsd_a ? "a" : o->bsd_x ? "x" : "g");
	return true;
}

/* One reading of the line: UNIX options after a dash, or (bsd_pass) BSD
 * options there too; false with o->err set at the first error. */
static bool parse_pass(struct opts *o, struct sq_cli *cli, sysq_ctx *lib, int argc, char **argv, bool bsd_pass)
{
	struct args a = { .argc = argc, .argv = argv };
	bool ok = true;

	memset(o, 0, sizeof(*o));
	o->headers = -1;
	o->bsd_pass = bsd_pass;
	o->lib = lib;
	for (a.i = 1; ok && a.i < argc; a.i++) {
		const char *w = argv[a.i];

		if (!w[0]) {
			ok = FAIL(o, "empty argument ''");
		} else if (w[0] == '-' && w[1] == '-') {
			char name[64];
			const char *eq = strchr(w + 2, '=');
			size_t len = eq ? (size_t)(eq - w - 2) : strlen(w + 2);

			if (len == 0 || len >= sizeof(name)) {
				ok = FAIL(o, "unrecognized option '%s'", w);
				break;
			}
			memcpy(name, w + 2, len);
			name[len] = '\0';
			ok = long_option(o, cli, name, eq ? eq + 1 : NULL, &a);
		} else if ((w[0] >= '0' && w[0] <= '9') || w[0] == '+' ||
			   (w[0] == '-' && w[1] >= '0' && w[1] <= '9')) {
			trailing_ids(o, &a);
		} else if (w[0] == '-') {
			if (!w[1]) {
				ok = FAIL(o, "unknown option '-'");
			} else if (bsd_pass) {
				o->bsd_syntax = true;
				ok = bsd_options(o, w + 1, &a);
			} else {
				ok = unix_options(o, w + 1, &a);
			}
		} else if (bsd_pass) {
			/* procps: the second reading takes no plain BSD word */
			ok = FAIL(o, "BSD option '%s' in a line read as BSD after a dash", w);
		} else {
			o->bsd_syntax = true;
			ok = bsd_options(o, w, &a);
		}
	}
	return ok && check_selection(o) && check_format(o, &o->err);
}

void free_options(struct opts *o)
{
	for (int k = 0; k < L__COUNT; k++) {
		free(o->list[k].v);
		for (size_t i = 0; i < o->list[k].nnames; i++)
			free(o->list[k].names[i]);
		free(o->list[k].names);
	}
	for (size_t i = 0; i < o->fmt.n; i++)
		free(o->fmt.v[i].header);
	free(o->fmt.v);
	free(o->sort);
}

/* procps's rules for -q, on the reading taken: one list that is read
 * as given, so neither more lists, nor an order, a forest or -N */
static void check_quick(const struct opts *o)
{
	if (!o->nquick)
		return;
	if (o->nquick > 1)
		sq_usage_error("q/-q/--quick-pid can only be used once");
	if (o->nlists > o->nquick)
		sq_usage_error("q/-q/--quick-pid cannot be combined with other selection options");
	if (o->forest)
		sq_usage_error("q/-q/--quick-pid cannot be used together with forest type listings");
	if (o->nsort)
		sq_usage_error("q/-q/--quick-pid cannot be used together with sort options");
	if (o->deselect)
		sq_usage_error("q/-q/--quick-pid cannot be used together with negation switches");
}

/* procps reads a line first as UNIX options; when that fails anywhere
 * (an unknown letter, "-aux" with no user "x", a conflict), it reads it
 * again with the dash words as BSD options ("ps -aux" is "ps aux"), and
 * reports the first reading's error when the second fails too. */
void parse_options(struct opts *o, struct sq_cli *cli, sysq_ctx *lib, int argc, char **argv)
{
	struct perr first;

	if (!parse_pass(o, cli, lib, argc, argv, false)) {
		first = o->err;
		free_options(o);
		if (!parse_pass(o, cli, lib, argc, argv, true)) {
			if (o->err.ours)
				first = o->err;
			if (first.status == SQ_EXIT_USAGE)
				sq_usage_error("%s", first.msg);
			sq_die(first.status, "%s", first.msg);
		}
	}
	check_quick(o);
	/* V, -V, --version: alone on the line, so the reading succeeded */
	if (o->version)
		sq_cli_common(cli, SQ_OPT_VERSION);
}

/* ---- selection ----------------------------------------------------------- */

/* procps's -C: the whole name (up to 63 bytes), but a comm of 15 bytes,
 * the kernel's limit for a process's own name, by its 15 bytes: a name
 * may go on where comm was cut.  Kernel threads have longer names. */
static bool comm_matches(const char *name, const char *comm)
{
	if (strlen(comm) == 15 && strlen(name) >= 15)
		return !strncmp(comm, name, 15);
	return !strncmp(comm, name, 63);
}

bool selected(const struct opts *o, const struct sysq_proc *p, const struct me *me)
{
	bool sel = false, has_tty = HAVE(p, SYSQ_P_TTY_NR) && p->tty_nr != 0;
	bool leader = p->sid == p->pid;

	if (!o->any_select) {
		/* mine on my terminal; BSD syntax: mine with any terminal */
		sel = HAVE(p, SYSQ_P_EUID) && p->euid == me->euid &&
		      (o->bsd_syntax ? has_tty : p->tty_nr == me->tty);
	} else {
		if (o->all)
			sel = true;
		if (o->no_leaders_tty && has_tty && !leader)
			sel = true;
		if (o->no_leaders && !leader)
			sel = true;
		/* BSD: a lifts "only mine", x lifts "only with a terminal" */
		if (o->bsd_a || o->bsd_x) {
			bool mine = HAVE(p, SYSQ_P_EUID) && p->euid == me->euid;

			if ((o->bsd_a || mine) && (o->bsd_x || has_tty))
				sel = true;
		}
		if (in_list(&o->list[L_PID], p->pid) || in_list(&o->list[L_QUICK], p->pid) ||
		    in_list(&o->list[L_PPID], p->ppid) ||
		    in_list(&o->list[L_PGRP], p->pgid) ||
		    in_list(&o->list[L_SID], p->sid) || (HAVE(p, SYSQ_P_EUID) && in_list(&o->list[L_EUSER], p->euid)) ||
		    (HAVE(p, SYSQ_P_RUID) && in_list(&o->list[L_RUSER], p->ruid)) ||
		    (HAVE(p, SYSQ_P_EGID) && in_list(&o->list[L_EGROUP], p->egid)) ||
		    (HAVE(p, SYSQ_P_RGID) && in_list(&o->list[L_RGROUP], p->rgid)))
			sel = true;
		for (size_t i = 0; i < o->list[L_CMD].nnames && !sel; i++)
			sel = comm_matches(o->list[L_CMD].names[i], p->comm);
		/* terminals by device, as procps; 0 is none */
		for (size_t i = 0; i < o->list[L_TTY].n && !sel; i++) {
			int64_t t = o->list[L_TTY].v[i];

			sel = (t == MY_TTY ? me->tty : t) == (has_tty ? p->tty_nr : 0);
		}
	}
	if (o->deselect)
		sel = !sel;
	/* procps's r: running, or in uninterruptible sleep (on the CPU's way) */
	if (sel && o->running && p->state != 'R' && p->state != 'D')
		sel = false;
	return sel;
}
