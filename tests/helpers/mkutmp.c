/*
 * mkutmp: write a utmp file (the native struct utmp records that glibc,
 * login(1) and who(1) use) from a text spec, so tests can make logins
 * without logging in.
 *
 * usage: mkutmp [-c BYTES] SPEC OUT      (SPEC or OUT may be "-")
 *
 * One record per line; blank lines and lines starting with '#' are skipped:
 *
 *   TYPE USER LINE HOST PID EPOCH ID [TERM EXIT]
 *
 * TYPE is a ut_type name (EMPTY RUN_LVL BOOT_TIME NEW_TIME OLD_TIME
 * INIT_PROCESS LOGIN_PROCESS USER_PROCESS DEAD_PROCESS ACCOUNTING) or a
 * number.  PID and EPOCH are decimal (EPOCH is ut_tv.tv_sec); TERM and EXIT
 * fill ut_exit.  A string field of "-" is empty; in string fields "\s" is a
 * space, "\e" ESC, "\t" a tab, "\\" a backslash and "\xHH" any byte, so
 * hostile names (escape sequences, invalid UTF-8, spaces) can be written.
 * A string may fill its field completely: it is then not NUL-terminated,
 * exactly as utmp allows.  A string longer than its field is an error.
 *
 * -c BYTES keeps only the first BYTES bytes of the last record (a file cut
 * short in the middle of a record).
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utmp.h>

static const char *const type_names[] = {
	[EMPTY] = "EMPTY", [RUN_LVL] = "RUN_LVL", [BOOT_TIME] = "BOOT_TIME",
	[NEW_TIME] = "NEW_TIME", [OLD_TIME] = "OLD_TIME", [INIT_PROCESS] = "INIT_PROCESS",
	[LOGIN_PROCESS] = "LOGIN_PROCESS", [USER_PROCESS] = "USER_PROCESS",
	[DEAD_PROCESS] = "DEAD_PROCESS", [ACCOUNTING] = "ACCOUNTING",
};

static const char *spec_name = "-";
static unsigned long lineno;

static void fail(const char *what, const char *value)
{
	fprintf(stderr, "mkutmp: %s:%lu: %s '%s'\n", spec_name, lineno, what, value);
	exit(2);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode an escaped spec word into dst[0..size); the rest stays NUL. */
static void put_str(char *dst, size_t size, const char *word)
{
	size_t n = 0;

	memset(dst, 0, size);
	if (strcmp(word, "-") == 0)
		return;
	for (const char *p = word; *p; p++) {
		int c = (unsigned char)*p;

		if (c == '\\') {
			switch (*++p) {
			case 's': c = ' '; break;
			case 'e': c = 0x1b; break;
			case 't': c = '\t'; break;
			case '\\': c = '\\'; break;
			case 'x': {
				int hi = p[1] ? hexval(p[1]) : -1;
				int lo = hi >= 0 && p[2] ? hexval(p[2]) : -1;

				if (hi < 0 || lo < 0)
					fail("bad \\x escape in", word);
				c = hi * 16 + lo;
				p += 2;
				break;
			}
			default:
				fail("bad escape in", word);
			}
		}
		if (n == size)
			fail("value too long for its field", word);
		dst[n++] = (char)c;
	}
}

static long long get_num(const char *word, long long min, long long max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(word, &end, 10);
	if (errno || end == word || *end || v < min || v > max)
		fail("bad number", word);
	return v;
}

static short get_type(const char *word)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (type_names[i] && strcmp(word, type_names[i]) == 0)
			return (short)i;
	return (short)get_num(word, SHRT_MIN, SHRT_MAX);
}

int main(int argc, char **argv)
{
	FILE *in, *out;
	char line[4096];
	struct utmp ut;
	long long cut = -1;
	int argi = 1, have_last = 0;

	/* no getopt: the build's libbsd overlay would want -lbsd for it */
	if (argc > 2 && strcmp(argv[1], "-c") == 0) {
		cut = get_num(argv[2], 0, (long long)sizeof(ut) - 1);
		argi = 3;
	}
	if (argc - argi != 2) {
		fprintf(stderr, "usage: mkutmp [-c BYTES] SPEC OUT\n");
		return 2;
	}
	spec_name = argv[argi];
	in = strcmp(spec_name, "-") ? fopen(spec_name, "r") : stdin;
	if (!in) {
		fprintf(stderr, "mkutmp: %s: %s\n", spec_name, strerror(errno));
		return 1;
	}
	out = strcmp(argv[argi + 1], "-") ? fopen(argv[argi + 1], "wb") : stdout;
	if (!out) {
		fprintf(stderr, "mkutmp: %s: %s\n", argv[argi + 1], strerror(errno));
		return 1;
	}

	/* Records are written one behind, so -c can cut the last one. */
	while (fgets(line, sizeof(line), in)) {
		char *w[9], *save = NULL;
		int nw = 0;

		lineno++;
		if (!strchr(line, '\n') && !feof(in))
			fail("line too long", "");
		if (line[strspn(line, " \t")] == '#')
			continue;
		for (char *t = strtok_r(line, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save)) {
			if (nw == 9)
				fail("too many fields at", t);
			w[nw++] = t;
		}
		if (nw == 0)
			continue;
		if (nw != 7 && nw != 9)
			fail("want 7 or 9 fields, got", w[0]);
		if (have_last && fwrite(&ut, sizeof(ut), 1, out) != 1)
			goto write_error;

		memset(&ut, 0, sizeof(ut));
		ut.ut_type = get_type(w[0]);
		put_str(ut.ut_user, sizeof(ut.ut_user), w[1]);
		put_str(ut.ut_line, sizeof(ut.ut_line), w[2]);
		put_str(ut.ut_host, sizeof(ut.ut_host), w[3]);
		ut.ut_pid = (pid_t)get_num(w[4], INT_MIN, INT_MAX);
		ut.ut_tv.tv_sec = (int32_t)get_num(w[5], INT32_MIN, INT32_MAX);
		put_str(ut.ut_id, sizeof(ut.ut_id), w[6]);
		if (nw == 9) {
			ut.ut_exit.e_termination = (short)get_num(w[7], SHRT_MIN, SHRT_MAX);
			ut.ut_exit.e_exit = (short)get_num(w[8], SHRT_MIN, SHRT_MAX);
		}
		have_last = 1;
	}
	if (ferror(in)) {
		fprintf(stderr, "mkutmp: %s: read error\n", spec_name);
		return 1;
	}
	if (have_last) {
		size_t n = cut >= 0 ? (size_t)cut : sizeof(ut);

		if (n && fwrite(&ut, n, 1, out) != 1)
			goto write_error;
	}
	if (fflush(out) != 0 || ferror(out) || (out != stdout && fclose(out) != 0))
		goto write_error;
	return 0;

write_error:
	fprintf(stderr, "mkutmp: %s: %s\n", argv[argi + 1], strerror(errno));
	return 1;
}
