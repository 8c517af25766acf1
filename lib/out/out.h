/*
 * The output layer shared by every sysq tool: JSON documents with sysq's
 * policy, text helpers (escaping, human sizes, column tables) and the
 * command-line conventions (common options, strict numbers, exit codes,
 * write errors).  Tools render with these; libsysq itself never prints.
 */
#ifndef SYSQ_OUT_H
#define SYSQ_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <getopt.h>
#include <stdio.h>
#include <json-c/json.h>

#include "sysq/sysq.h"

/* ---- exit codes (sysq(7)) ------------------------------------------ */
enum { SQ_EXIT_OK = 0, SQ_EXIT_FAIL = 1, SQ_EXIT_USAGE = 2 };

/* ---- command line -------------------------------------------------- */

/* Long options every tool has; add SQ_COMMON_LONGOPTS to a tool's table and
 * pass unknown option codes to sq_cli_common(). */
enum {
	SQ_OPT_JSON = 0x1000,
	SQ_OPT_PRETTY,
	SQ_OPT_HELP,
	SQ_OPT_VERSION,
	SQ_OPT__TOOL = 0x1100 /* first free code for a tool's own long options */
};
#define SQ_COMMON_LONGOPTS \
	{ "json", no_argument, NULL, SQ_OPT_JSON }, \
	{ "pretty", no_argument, NULL, SQ_OPT_PRETTY }, \
	{ "help", no_argument, NULL, SQ_OPT_HELP }, \
	{ "version", no_argument, NULL, SQ_OPT_VERSION }

struct sq_cli {
	const char *prog;   /* the name it was run as (argv[0]'s last part), for messages */
	const char *usage;  /* the --help text, from the classic name on */
	bool json;          /* --json */
	bool pretty;        /* --pretty (implies --json) */
};

/* Set up a tool: program name, the one it was run as (sqps when installed
 * under --program-prefix=sq), else prog, the classic one; also set as
 * argv[0], so getopt's own one-line complaints name it without its path.
 * Default SIGPIPE, the stdout check at exit. */
void sq_cli_init(struct sq_cli *cli, const char *prog, const char *usage, char **argv);
/* Handle SQ_OPT_* codes, '?' and ':' (usage errors); returns false for a
 * code that is the tool's own. */
bool sq_cli_common(struct sq_cli *cli, int opt);
/* Open the libsysq context on the roots named by SYSQ_PROCFS, SYSQ_SYSFS and
 * SYSQ_ROOTFS (the only place they are read).  Exits 1 on failure. */
sysq_ctx *sq_cli_context(const struct sq_cli *cli);
/* getopt_long for a tool's loop: a bad option is a usage error (exit 2)
 * whose one line names it whole -- the whole UTF-8 character of a short
 * option, the whole word of a long one -- escaped like any untrusted
 * string (getopt's own lines print raw bytes). */
int sq_getopt(int argc, char **argv, const char *optstring, const struct option *longopts);
/* Fail on extra operands. */
void sq_cli_no_operands(const struct sq_cli *cli, int argc, char **argv, int optind);

/* Messages: "prog: message" on stderr. */
void sq_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void sq_die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A usage error: one line naming the bad value, exit 2. */
_Noreturn void sq_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *sq_progname(void);

/* Strict numbers from the user: the whole string, in [min, max], else a
 * usage error naming `what` and the value. */
long long sq_arg_int(const char *what, const char *arg, long long min, long long max);
/* A decimal number of seconds (fractions allowed, no exponent, no hex, no
 * inf/nan) in [min, max]. */
double sq_arg_seconds(const char *what, const char *arg, double min, double max);

/* Flush stdout after a sample: a write error exits 1 ("write error: ..."),
 * a closed pipe ends the tool quietly. */
/* After a write to stdout: a failure ends the tool now, with its reason. */
void sq_out_check(void);
void sq_flush(void);

/* Sleep for a fractional number of seconds, resuming after signals. */
void sq_sleep(double seconds);
/* The current time as epoch seconds (for "timestamp"). */
double sq_now(void);

/* ---- JSON ---------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid
 * (overlong forms, surrogates and code points past U+10FFFF are invalid). */
size_t sq_utf8_seq(const unsigned char *s, size_t n);
/* The bytes of the character at s (NUL-ended), to name it whole in a
 * message: a valid UTF-8 sequence, else the one byte (1 at the end). */
int sq_utf8_char_len(const char *s);
/* Length of the longest valid UTF-8 prefix of s[0..n). */
size_t sq_utf8_valid_prefix(const char *s, size_t n);
/* A string as valid UTF-8: invalid bytes become U+FFFD. */
json_object *sq_json_str(const char *s);
json_object *sq_json_strn(const char *s, size_t len);
json_object *sq_json_cpulist(const char *list);
/* One field as text, "name":value, straight to fp with the same policy as
 * sq_json_add_field (for documents too large to build as a tree). */
void sq_json_field_text(FILE *fp, const struct sysq_field *f, const void *st, const uint64_t *have, unsigned idx);
/* A compact document {"key": [rows]} too large for one tree: each row's
 * text goes to the stream sq_json_rows_next returns (comma included); emit
 * writes the document whole and flushes.  Zero-initialise the struct. */
struct sq_json_rows {
	FILE *fp;
	char *buf;
	size_t len, n;
};
FILE *sq_json_rows_next(struct sq_json_rows *r);
void sq_json_rows_emit(struct sq_json_rows *r, const char *key);
/* The pieces of such text: "key":, a string (NULL: null), an integer. */
void sq_json_key_text(FILE *fp, const char *key);
void sq_json_str_text(FILE *fp, const char *s);
void sq_json_i64_text(FILE *fp, int64_t v);
/* A double in its shortest exact form; NaN and Inf become null (NULL). */
json_object *sq_json_double(double v);
/* A derived double with the precision of its source: rounded to
 * `decimals` places (at most 6; trailing zeros dropped, one kept: 264.99,
 * 12.0); decimals < 0 is sq_json_double.  Both JSON writers use this one
 * rule for every SYSQ_T_DOUBLE field, with sq_unit_decimals of its unit. */
json_object *sq_json_double_dec(double v, int decimals);
/* The decimals a derived value of a unit has: seconds and epoch seconds
 * (clock ticks) 2, percent 1, MHz 3; -1 (shortest exact) otherwise. */
int sq_unit_decimals(enum sysq_unit unit);
json_object *sq_json_u64(uint64_t v);
json_object *sq_json_i64(int64_t v);
/* One field of a libsysq struct as a JSON value; NULL (null) if absent. */
json_object *sq_json_field_value(const struct sysq_field *f, const void *st, const uint64_t *have,
				 unsigned idx);
/* Add one field of a libsysq struct to obj: its value, or null if absent. */
void sq_json_add_field(json_object *obj, const struct sysq_field *f, const void *st,
		       const uint64_t *have, unsigned idx);
/* An object of a struct's fields (those of group 0 and of `groups`). */
json_object *sq_json_struct(const struct sysq_table *t, const void *st, unsigned groups);
/* Write a document on one line (or indented with --pretty) and flush. */
void sq_json_emit(const struct sq_cli *cli, json_object *doc);
/* Write serialized JSON text, escaping the C1 controls json-c leaves raw. */
void sq_json_write(FILE *fp, const char *text);
/* The serialization of a document with the policy flags (before the C1
 * escaping of sq_json_write). */
const char *sq_json_text(json_object *doc, bool pretty);

/* ---- text ---------------------------------------------------------- */

/* Escape an untrusted string for a terminal: C0, DEL, C1 control bytes and
 * invalid UTF-8 become C-style or octal escapes; a backslash stays as it
 * is, as procps and coreutils print it (so "\\n" in a name reads as an
 * escaped newline: the JSON output tells them apart).  The
 * result always fits (dst gets at most 4*len+1 bytes); returns dst. */
char *sq_escape(char *dst, size_t dstsz, const char *src);
/* Escaped copy, allocated (NULL on out of memory). */
char *sq_escape_dup(const char *src);
/* psmisc's escaping (pstree): printable ASCII as it is, backslash doubled,
 * every other byte, UTF-8 included, as \ooo.  Same sizes as sq_escape. */
char *sq_escape_ascii(char *dst, size_t dstsz, const char *src);
char *sq_escape_ascii_dup(const char *src);

/* procps-ng ps's rule (ps(1) text): a name, argument or path shows the
 * characters the terminal can print and a '?' or '.' for the rest, in
 * two passes as procps-ng 4.0.2 makes them:
 *   SQ_PS_READ  libproc's, on what it reads from /proc (comm, cmdline,
 *               environ, exe, cgroup): a control byte where a UTF-8
 *               sequence starts is '?'; from a byte that starts none (or a
 *               sequence cut by the end) on, a control is '.' and every
 *               byte past ASCII '?';
 *   SQ_PS_SHOW  ps's, on every string it shows (user names too): what
 *               mbrtowc decodes and iswprint calls printable stays, any
 *               other character is one '?', each undecodable byte a '?'.
 * Both only with SQ_PS_UTF8, which the caller gives when the locale is
 * UTF-8 (sq_locale_utf8); outside it every control is '.' and every byte
 * past ASCII '?'.  Printable ASCII costs one scan and one copy.  At most
 * dstsz-1 bytes of src[0..len) are taken; the text is never longer than
 * them; dst may be src.  Returns the length written (dst is NUL-ended). */
#define SQ_PS_UTF8 1u
#define SQ_PS_READ 2u
#define SQ_PS_SHOW 4u
size_t sq_escape_ps(char *dst, size_t dstsz, const char *src, size_t len, unsigned flags);
/* The bytes of s[0..n) before the first that is not printable ASCII:
 * such text is shown as it is, by every rule here. */
size_t sq_text_printable(const char *s, size_t n);
/* Whether the caller's locale (LC_ALL, LC_CTYPE, LANG) is UTF-8; read once. */
bool sq_locale_utf8(void);
/* Text on a screen: the cells of len bytes (printable ASCII one each, a
 * UTF-8 character as wcwidth has it in the UTF-8 locale: 2 for a CJK one,
 * 0 for a combining mark; a byte that is no UTF-8 one), and the bytes of
 * the longest prefix that fits in maxcells without splitting a character
 * -- ending, as procps-ng's, where the cells are full, before any
 * zero-width character after them.  ASCII costs one scan. */
size_t sq_text_cells(const char *s, size_t len);
size_t sq_text_cut(const char *s, size_t len, size_t maxcells);

/* A size the way procps free -h and top print it: "980B", "1.5Gi", "23Gi",
 * or with si "1.5G", "12K"; at most 4 characters with the unit letter(s).
 * Negative sizes (an overcommitted commit limit) keep their sign. */
void sq_human_procps(char *buf, size_t n, int64_t bytes, bool si);

/* ---- column tables ------------------------------------------------- */

enum sq_align { SQ_ALIGN_LEFT, SQ_ALIGN_RIGHT };

/* One row of a tool's column table (ps -o, lsof, netstat): everything about
 * a column lives here, so headers, -o parsing, --help and JSON keys agree. */
struct sq_column {
	const char *key;     /* the -o keyword */
	const char *header;  /* the text header */
	const char *json;    /* the JSON key */
	int width;           /* minimum width */
	enum sq_align align;
	uint64_t needs;      /* attribute mask the column needs */
	const char *help;
};

/* Find a column by keyword; NULL when there is none. */
const struct sq_column *sq_column_find(const struct sq_column *table, size_t n, const char *key);
/* Parse a comma or blank separated keyword list into out[] (at most max);
 * an unknown keyword is a usage error naming it.  Returns the count. */
size_t sq_column_parse(const struct sq_column *table, size_t n, const char *list,
		       const struct sq_column **out, size_t max);
/* Print one row: cells padded to the column widths, left-aligned cells
 * unpadded when last; one space between columns; then a newline. */
void sq_column_row(FILE *fp, const struct sq_column *const *cols, size_t n, const char *const *cells);
/* Print the header row of the selected columns. */
void sq_column_header(FILE *fp, const struct sq_column *const *cols, size_t n);

#endif
