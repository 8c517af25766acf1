/* ps: the command line (UNIX, BSD and GNU options), and the processes it selects. */
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "ps.h"

static int64_t parse_user(const char *s)
{
	struct passwd *pw;

	if (*s >= '0' && *s <= '9')
		return sq_arg_int("user ID", s, 0, UINT32_MAX);
	if (!(pw = getpwnam(s)))
		sq_usage_error("user name does not exist: '%s'", s);
	return pw->pw_uid;
}

static int64_t parse_group(const char *s)
{
	struct group *gr;

	if (*s >= '0' && *s <= '9')
		return sq_arg_int("group ID", s, 0, UINT32_MAX);
	if (!(gr = getgrnam(s)))
		sq_usage_error("group name does not exist: '%s'", s);
	return gr->gr_gid;
}

static void list_add(struct opts *o, enum list_kind k, const char *arg)
{
	struct idlist *l = &o->list[k];
	char *copy = strdup(arg), *save = NULL, *tok;

	if (!copy)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	if (!*arg)
		sq_usage_error("empty list for a selection option");
	for (tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		int64_t v = 0;

		switch (k) {
		case L_PID: case L_PPID: case L_SID:
			v = sq_arg_int("process ID", tok, 1, INT32_MAX);
			break;
		case L_EUSER: case L_RUSER:
			v = parse_user(tok);
			break;
		case L_EGROUP: case L_RGROUP:
			v = parse_group(tok);
			break;
		case L_TTY: case L_CMD: {
			char **nn = realloc(l->names, (l->nnames + 1) * sizeof(char *));

			if (!nn)
				sq_die(SQ_EXIT_FAIL, "out of memory");
			l->names = nn;
			/* terminals are compared without /dev/ */
			l->names[l->nnames++] = strdup(k == L_TTY && !strncmp(tok, "/dev/", 5) ? tok + 5 : tok);
			continue;
		}
		default:
			break;
		}
		int64_t *nv = realloc(l->v, (l->n + 1) * sizeof(int64_t));

		if (!nv)
			sq_die(SQ_EXIT_FAIL, "out of memory");
		l->v = nv;
		l->v[l->n++] = v;
	}
	free(copy);
	o->any_select = true;
}

static bool in_list(const struct idlist *l, int64_t v)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == v)
			return true;
	return false;
}

static void add_sort(struct opts *o, const char *spec)
{
	char *copy = strdup(spec), *save = NULL, *tok;

	if (!copy)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		bool desc = false;

		if (*tok == '+' || *tok == '-')
			desc = *tok++ == '-';
		if (o->nsort == sizeof(o->sort) / sizeof(o->sort[0]))
			sq_usage_error("too many sort keys in '%s'", spec);
		if (!(o->sort[o->nsort].col = find_column(tok)))
			sq_usage_error("unknown sort specifier '%s'", tok);
		o->sort[o->nsort++].desc = desc;
	}
	free(copy);
}

/* BSD options: a word of letters without a dash ("aux", "axjf"). */
static void bsd_options(struct opts *o, const char *word, int *argi, int argc, char **argv)
{
	for (const char *p = word; *p; p++) {
		const char *rest;

		switch (*p) {
		case 'a': o->bsd_a = true; o->any_select = true; break;
		case 'x': o->bsd_x = true; o->any_select = true; break;
		case 'r': o->running = true; break;
		case 'u': case 'v': case 'j': case 'l': case 's': {
			static const char *const names[] = { "u", "v", "j", "l", "s" };
			const char *name = names[strchr("uvjls", *p) - "uvjls"];

			if (o->bsd_layout && strcmp(o->bsd_layout, name))
				sq_usage_error("conflicting format options: '%s' and '%s'", o->bsd_layout, name);
			o->bsd_layout = name;
			break;
		}
		case 'f': o->forest = true; break;
		case 'e': o->bsd_e = true; break;
		case 'w': o->wide++; break;
		case 'H': o->threads_H = true; break;
		case 'm': o->threads_m = true; break;
		case 'Z': o->label = true; break;
		case 'L': o->list_keys = true; break;
		case 'c': break; /* true command name: our comm already is */
		case 'n': break; /* numeric output: accepted */
		case 'h': o->headers = 0; break;
		case 'o': case 'O': case 'p': case 'q': case 't': case 'U': case 'k': {
			char opt = *p;

			rest = p[1] ? p + 1 : (*argi + 1 < argc ? argv[++*argi] : NULL);
			if (!rest)
				sq_usage_error("option '%c' requires an argument", opt);
			if (opt == 'o')
				format_add(&o->fmt, rest, true, false), o->fmt_given = true;
			else if (opt == 'O')
				format_add(&o->fmt, rest, true, true), o->fmt_extra = true;
			else if (opt == 'p')
				list_add(o, L_PID, rest);
			else if (opt == 'q')
				list_add(o, L_PID, rest), o->quick = true;
			else if (opt == 't')
				list_add(o, L_TTY, rest);
			else if (opt == 'U')
				list_add(o, L_EUSER, rest);
			else
				add_sort(o, rest);
			return;
		}
		default:
			sq_usage_error("unknown BSD option '%c' in '%s'", *p, word);
		}
	}
}

static void long_option(struct opts *o, struct sq_cli *cli, const char *name, const char *val,
			int *argi, int argc, char **argv)
{
	static const char *const with_arg[] = { "sort", "format", "pid", "ppid", "user", "User", "group", "Group",
						"sid", "tty", "cols", "columns", "width", "lines", "rows",
						"quick-pid", "deselect-no", NULL };
	bool needs = false;

	for (int i = 0; with_arg[i]; i++)
		if (!strcmp(name, with_arg[i]))
			needs = true;
	if (needs && !val) {
		if (*argi + 1 >= argc)
			sq_usage_error("option '--%s' requires an argument", name);
		val = argv[++*argi];
	}
	if (!needs && val)
		sq_usage_error("option '--%s' doesn't allow an argument", name);
	if (!strcmp(name, "sort")) add_sort(o, val);
	else if (!strcmp(name, "format")) format_add(&o->fmt, val, true, false), o->fmt_given = true;
	else if (!strcmp(name, "pid")) list_add(o, L_PID, val);
	else if (!strcmp(name, "quick-pid")) list_add(o, L_PID, val), o->quick = true;
	else if (!strcmp(name, "ppid")) list_add(o, L_PPID, val);
	else if (!strcmp(name, "user")) list_add(o, L_EUSER, val);
	else if (!strcmp(name, "User")) list_add(o, L_RUSER, val);
	else if (!strcmp(name, "group")) list_add(o, L_EGROUP, val);
	else if (!strcmp(name, "Group")) list_add(o, L_RGROUP, val);
	else if (!strcmp(name, "sid")) list_add(o, L_SID, val);
	else if (!strcmp(name, "tty")) list_add(o, L_TTY, val);
	else if (!strcmp(name, "cols") || !strcmp(name, "columns") || !strcmp(name, "width"))
		o->cols = (long)sq_arg_int("--cols", val, 1, 131072);
	else if (!strcmp(name, "lines") || !strcmp(name, "rows"))
		o->lines = (long)sq_arg_int("--lines", val, 1, 1 << 20);
	else if (!strcmp(name, "forest")) o->forest = true;
	else if (!strcmp(name, "no-headers") || !strcmp(name, "no-heading")) o->headers = 0;
	else if (!strcmp(name, "headers")) o->headers = 1;
	else if (!strcmp(name, "deselect")) o->deselect = true;
	else if (!strcmp(name, "json")) sq_cli_common(cli, SQ_OPT_JSON);
	else if (!strcmp(name, "pretty")) sq_cli_common(cli, SQ_OPT_PRETTY);
	else if (!strcmp(name, "help")) sq_cli_common(cli, SQ_OPT_HELP);
	else if (!strcmp(name, "version") || !strcmp(name, "info")) sq_cli_common(cli, SQ_OPT_VERSION);
	else sq_usage_error("unrecognized option '--%s'", name);
}

static void unix_options(struct opts *o, const char *word, int *argi, int argc, char **argv)
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
		case 'm': o->threads_m = true; continue;
		case 'M': case 'Z': o->label = true; continue;
		case 'n': continue; /* a namelist file: the kernel names wchan itself */
		case 'V': printf("ps (sysq) %s\n", PACKAGE_VERSION); exit(SQ_EXIT_OK);
		case 'o': case 'O': case 'p': case 'q': case 'C': case 'u': case 'U': case 'g': case 'G':
		case 's': case 't': case 'k':
			break;
		default:
			sq_usage_error("unknown option '-%c'", opt);
		}
		rest = p[1] ? p + 1 : (*argi + 1 < argc ? argv[++*argi] : NULL);
		if (!rest)
			sq_usage_error("option '-%c' requires an argument", opt);
		switch (opt) {
		case 'o': format_add(&o->fmt, rest, true, false); o->fmt_given = true; break;
		case 'O': format_add(&o->fmt, rest, true, true); o->fmt_extra = true; break;
		case 'p': list_add(o, L_PID, rest); break;
		case 'q': list_add(o, L_PID, rest); o->quick = true; break;
		case 'C': list_add(o, L_CMD, rest); break;
		case 'u': list_add(o, L_EUSER, rest); break;
		case 'U': list_add(o, L_RUSER, rest); break;
		case 'g': list_add(o, L_EGROUP, rest); break;
		case 'G': list_add(o, L_RGROUP, rest); break;
		case 's': list_add(o, L_SID, rest); break;
		case 't': list_add(o, L_TTY, rest); break;
		case 'k': add_sort(o, rest); break;
		}
		return;
	}
}

void parse_options(struct opts *o, struct sq_cli *cli, int argc, char **argv)
{
	memset(o, 0, sizeof(*o));
	o->headers = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] == '-' && a[1] == '-') {
			char name[64];
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			if (len == 0 || len >= sizeof(name))
				sq_usage_error("unrecognized option '%s'", a);
			memcpy(name, a + 2, len);
			name[len] = '\0';
			long_option(o, cli, name, eq ? eq + 1 : NULL, &i, argc, argv);
		} else if (a[0] == '-') {
			if (!a[1])
				sq_usage_error("unknown option '-'");
			unix_options(o, a + 1, &i, argc, argv);
		} else if (a[0] >= '0' && a[0] <= '9') {
			list_add(o, L_PID, a); /* ps 123 */
		} else {
			o->bsd_syntax = true;
			bsd_options(o, a, &i, argc, argv);
		}
	}
}

/* ---- selection ----------------------------------------------------------- */

bool selected(const struct opts *o, struct ctx *c, const struct sysq_proc *p, const struct me *me)
{
	bool sel = false, has_tty = HAVE(p, SYSQ_P_TTY_NR) && p->tty_nr != 0;
	bool leader = p->sid == p->pid;
	char tty[64];

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
		if (in_list(&o->list[L_PID], p->pid) || in_list(&o->list[L_PPID], p->ppid) ||
		    in_list(&o->list[L_SID], p->sid) || (HAVE(p, SYSQ_P_EUID) && in_list(&o->list[L_EUSER], p->euid)) ||
		    (HAVE(p, SYSQ_P_RUID) && in_list(&o->list[L_RUSER], p->ruid)) ||
		    (HAVE(p, SYSQ_P_EGID) && in_list(&o->list[L_EGROUP], p->egid)) ||
		    (HAVE(p, SYSQ_P_RGID) && in_list(&o->list[L_RGROUP], p->rgid)))
			sel = true;
		for (size_t i = 0; i < o->list[L_CMD].nnames && !sel; i++)
			/* procps: the first 15 bytes, the kernel's length of comm */
			if (!strncmp(o->list[L_CMD].names[i], p->comm, 15))
				sel = true;
		if (o->list[L_TTY].nnames) {
			sysq_tty_name(c->lib, p->tty_nr, tty, sizeof(tty));
			for (size_t i = 0; i < o->list[L_TTY].nnames && !sel; i++)
				if (!strcmp(o->list[L_TTY].names[i], has_tty ? tty : "-") ||
				    (!has_tty && !strcmp(o->list[L_TTY].names[i], "?")))
					sel = true;
		}
	}
	if (o->deselect)
		sel = !sel;
	if (sel && o->running && p->state != 'R')
		sel = false;
	return sel;
}
