/* The output layer: JSON policy, escaping, human sizes, column tables. */
#include <locale.h>
#include <math.h>

#include "unit.h"
#include "out/out.h"

static void json_is(json_object *o, const char *want)
{
	assert_string_equal(sq_json_text(o, false), want);
	json_object_put(o);
}

static void json_strings(void **state)
{
	(void)state;
	json_is(sq_json_str("plain"), "\"plain\"");
	/* invalid bytes become U+FFFD; valid UTF-8 passes */
	json_is(sq_json_str("a\xff" "b\xc3\xa9"), "\"a\xef\xbf\xbd" "b\xc3\xa9\"");
	/* overlong, surrogate, truncated sequences are invalid */
	json_is(sq_json_str("\xc0\xaf"), "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	json_is(sq_json_str("\xed\xa0\x80"), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	json_is(sq_json_str("\xe2\x82"), "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	/* control characters escaped, "/" not */
	json_is(sq_json_str("x\n\x1b[31m/"), "\"x\\n\\u001b[31m/\"");
	assert_null(sq_json_str(NULL));
}

static void json_numbers(void **state)
{
	(void)state;
	json_is(sq_json_u64(UINT64_MAX), "18446744073709551615");
	json_is(sq_json_i64(INT64_MIN), "-9223372036854775808");
	json_is(sq_json_double(37.6), "37.6");
	json_is(sq_json_double(100.0), "100.0");
	json_is(sq_json_double(0.1 + 0.2), "0.30000000000000004");
	json_is(sq_json_double(1795361281.25), "1795361281.25");
	json_is(sq_json_double(-3.0), "-3.0");
	json_is(sq_json_double(1e300), "1e+300");
	json_is(sq_json_double(1.5e-7), "1.5e-07");
	json_is(sq_json_double(1.0 / 3), "0.3333333333333333");
	json_is(sq_json_double(2.0 / 3), "0.6666666666666666");
	json_is(sq_json_double(1700000000.05), "1700000000.05");
	json_is(sq_json_double(0.1), "0.1");
	json_is(sq_json_double(5e-324), "5e-324");
	json_is(sq_json_double(1.7976931348623157e308), "1.7976931348623157e+308");
	json_is(sq_json_double(123456789.123456789), "123456789.12345679");
	/* a few decimals, written without printf: the same text */
	json_is(sq_json_double(0.05), "0.05");
	json_is(sq_json_double(-0.25), "-0.25");
	json_is(sq_json_double(264.99), "264.99");
	json_is(sq_json_double(0.0001), "0.0001");
	json_is(sq_json_double(0.00015), "0.00015");
	json_is(sq_json_double(-1234.5678), "-1234.5678");
	json_is(sq_json_double(99999999999.9999), "99999999999.9999");
	json_is(sq_json_double(999999999999.9999), "999999999999.9999");
	/* with the precision of the source: ticks, percentages */
	json_is(sq_json_double_dec(1000.07 - 0.05, 2), "1000.02");
	json_is(sq_json_double_dec(264.9899999999998, 2), "264.99");
	json_is(sq_json_double_dec(3.8, 2), "3.8");
	json_is(sq_json_double_dec(12.0, 2), "12.0");
	json_is(sq_json_double_dec(0.001, 2), "0.0");
	json_is(sq_json_double_dec(-0.004, 2), "0.0");
	json_is(sq_json_double_dec(-2.005001, 2), "-2.01");
	json_is(sq_json_double_dec(0.3799924001519969, 1), "0.4");
	json_is(sq_json_double_dec(99.96, 1), "100.0");
	json_is(sq_json_double_dec(1796629513.17, 2), "1796629513.17");
	json_is(sq_json_double_dec(1e300, 2), "1e+300");
	json_is(sq_json_double_dec(0.1 + 0.2, -1), "0.30000000000000004");
	assert_null(sq_json_double_dec(NAN, 2));
	assert_int_equal(sq_unit_decimals(SYSQ_U_SECONDS), 2);
	assert_int_equal(sq_unit_decimals(SYSQ_U_PERCENT), 1);
	assert_int_equal(sq_unit_decimals(SYSQ_U_BYTES), -1);
	assert_null(sq_json_double(NAN));
	assert_null(sq_json_double(INFINITY));
	assert_null(sq_json_double(-INFINITY));
}

/* A struct through its field table: absent fields are null; groups. */
static void json_struct(void **state)
{
	struct sysq_swap s = { 0 };
	json_object *o;

	(void)state;
	s.total = 2048;
	s.free = 1024;
	s.used = 1024;
	s.percent = 50.0;
	SYSQ_SET(&s, SYSQ_SWAP_TOTAL);
	SYSQ_SET(&s, SYSQ_SWAP_FREE);
	SYSQ_SET(&s, SYSQ_SWAP_USED);
	SYSQ_SET(&s, SYSQ_SWAP_PERCENT);
	o = sq_json_struct(&sysq_swap_table, &s, 0);
	json_is(o, "{\"total\":2048,\"used\":1024,\"free\":1024,\"percent\":50.0,\"sin\":null,\"sout\":null}");

	struct sysq_vmem m = { 0 };
	m.commit_free = -5;
	SYSQ_SET(&m, SYSQ_VMEM_COMMIT_FREE);
	o = sq_json_struct(&sysq_vmem_table, &m, 0);
	assert_null(json_object_object_get(o, "commit_free")); /* not asked */
	assert_false(json_object_object_get_ex(o, "commit_free", NULL));
	json_object_put(o);
	o = sq_json_struct(&sysq_vmem_table, &m, SYSQ_G_COMMITTED);
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "commit_free")), -5);
	assert_true(json_object_object_get_ex(o, "total", NULL));
	assert_null(json_object_object_get(o, "total"));
	assert_false(json_object_object_get_ex(o, "low_total", NULL));
	json_object_put(o);
}

/* C1 controls (valid UTF-8, but controls) are escaped on the way out. */
static void json_c1(void **state)
{
	json_object *o = sq_json_str("a\xc2\x9b" "31m\xc2\xa9\xc2");
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	(void)state;
	sq_json_write(fp, sq_json_text(o, false));
	fclose(fp);
	/* the lone \xc2 at the end was invalid: U+FFFD */
	assert_string_equal(text, "\"a\\u009b31m\xc2\xa9\xef\xbf\xbd\"");
	free(text);
	json_object_put(o);
}

/* CPU lists become arrays of CPU numbers; anything else is null */
static void json_cpulist(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "0-3,8", "[0,1,2,3,8]" }, { "1\n", "[1]" }, { "", "[]" },       { "5-5", "[5]" },
		{ "3-1", NULL },            { "0-", NULL },    { "a", NULL },      { "1,,2", NULL },
		{ "1;2", NULL },            { "0-99999999", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_object *o = sq_json_cpulist(cases[i].in);

		if (!cases[i].out) {
			assert_null(o);
			continue;
		}
		assert_non_null(o);
		assert_string_equal(sq_json_text(o, false), cases[i].out);
		json_object_put(o);
	}
	assert_null(sq_json_cpulist(NULL));
}

/* text on a screen: a backslash is a character like any other (ps shows
 * no escapes), a byte that is no UTF-8 one cell */
static void text_cells(void **state)
{
	const char *s = "ab\\033c\xc3\xa9" "d\\n";

	(void)state;
	assert_int_equal(sq_text_cells(s, strlen(s)), 11);
	assert_int_equal(sq_text_cut(s, strlen(s), 3), 3);
	assert_int_equal(sq_text_cut(s, strlen(s), 7), 7);
	assert_int_equal(sq_text_cut(s, strlen(s), 8), 9);   /* the whole e-acute */
	assert_int_equal(sq_text_cut(s, strlen(s), 11), 12);
	assert_int_equal(sq_text_cut(s, strlen(s), 40), 12);
	assert_int_equal(sq_text_cut(s, strlen(s), 0), 0);
	assert_int_equal(sq_text_cells("\xff", 1), 1);      /* a stray byte is one */
}

/* cells as procps counts them in a UTF-8 locale (wcwidth): a CJK
 * character is two, a combining mark none */
static void text_cells_wide(void **state)
{
	/* U+4E2D, 'a', 'e' and U+0301 (combining acute), U+4E2D */
	const char *s = "\xe4\xb8\xad" "a" "e\xcc\x81" "\xe4\xb8\xad";
	locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);

	(void)state;
	if (!loc)
		skip();
	freelocale(loc);
	assert_int_equal(sq_text_cells(s, strlen(s)), 6);
	assert_int_equal(sq_text_cells("e\xcc\x81", 3), 1);
	assert_int_equal(sq_text_cut(s, strlen(s), 1), 0);   /* not half of U+4E2D */
	assert_int_equal(sq_text_cut(s, strlen(s), 3), 4);
	assert_int_equal(sq_text_cut(s, strlen(s), 4), 5);   /* full: not the mark */
	assert_int_equal(sq_text_cut(s, strlen(s), 5), 7);   /* the mark with its 'e' */
	assert_int_equal(sq_text_cut(s, strlen(s), 6), 10);
}

static void json_pretty(void **state)
{
	json_object *o = json_object_new_object();

	(void)state;
	json_object_object_add(o, "a", sq_json_u64(1));
	assert_string_equal(sq_json_text(o, true), "{\n  \"a\": 1\n}");
	json_object_put(o);
}

static void escape(void **state)
{
	char buf[64];
	char *dup;

	(void)state;
	assert_string_equal(sq_escape(buf, sizeof(buf), "plain name"), "plain name");
	assert_string_equal(sq_escape(buf, sizeof(buf), "a\nb\tc"), "a\\nb\\tc");
	assert_string_equal(sq_escape(buf, sizeof(buf), "\x1b[2J"), "\\033[2J");
	assert_string_equal(sq_escape(buf, sizeof(buf), "back\\slash"), "back\\slash");
	assert_string_equal(sq_escape(buf, sizeof(buf), "del\x7f"), "del\\177");
	/* valid UTF-8 passes, C1 controls and invalid bytes are escaped */
	assert_string_equal(sq_escape(buf, sizeof(buf), "caf\xc3\xa9"), "caf\xc3\xa9");
	assert_string_equal(sq_escape(buf, sizeof(buf), "\xc2\x9b" "1m"), "\\302\\2331m");
	assert_string_equal(sq_escape(buf, sizeof(buf), "\xff\xfe"), "\\377\\376");
	/* a small buffer never splits an escape */
	assert_string_equal(sq_escape(buf, 6, "ab\x1b"), "ab");
	dup = sq_escape_dup("\x1b\x1b\x1b\x1b");
	assert_string_equal(dup, "\\033\\033\\033\\033");
	free(dup);
	/* psmisc's: printable ASCII, backslash doubled, any other byte octal */
	assert_string_equal(sq_escape_ascii(buf, sizeof(buf), "a b)~"), "a b)~");
	assert_string_equal(sq_escape_ascii(buf, sizeof(buf), "a\nb\tc\x7f"), "a\\012b\\011c\\177");
	assert_string_equal(sq_escape_ascii(buf, sizeof(buf), "caf\xc3\xa9\\"), "caf\\303\\251\\\\");
	assert_string_equal(sq_escape_ascii(buf, 6, "ab\xff"), "ab");
	dup = sq_escape_ascii_dup("\xc2\x9b\xff");
	assert_string_equal(dup, "\\302\\233\\377");
	free(dup);
}

/* sq_escape_ps of a NUL-ended string into a buffer of its own */
static const char *ps_shown(const char *src, unsigned flags)
{
	static char buf[256];

	sq_escape_ps(buf, sizeof(buf), src, strlen(src), flags);
	return buf;
}

static bool have_c_utf8(void)
{
	locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);

	if (loc)
		freelocale(loc);
	return loc != (locale_t)0;
}

#define PS_ALL (SQ_PS_UTF8 | SQ_PS_READ | SQ_PS_SHOW)

/* The fast path for printable ASCII ends at the first byte that is not
 * (it looks at eight bytes at a time): every byte value, at every place
 * of a word, the first word, the second and the bytes after them, gives
 * what the byte-at-a-time rule gives.  Outside UTF-8 that rule is one
 * byte for one: a control '.', past ASCII '?'. */
static void escape_ps_fast_path_bytes(void **state)
{
	const char *plain = "abcdefghijklmnopqrs"; /* 19: two words and 3 */
	char in[32], want[32], out[32];

	(void)state;
	for (unsigned b = 1; b < 256; b++) {
		char shown = b < 0x20 || b == 0x7f ? '.' : b >= 0x80 ? '?' : (char)b;

		for (size_t at = 0; at < 19; at++) {
			strcpy(in, plain);
			in[at] = (char)b;
			strcpy(want, plain);
			want[at] = shown;
			assert_int_equal(sq_escape_ps(out, sizeof(out), in, 19, SQ_PS_READ | SQ_PS_SHOW), 19);
			assert_string_equal(out, want);
			/* and the ASCII fast path of the cells: a byte past
			 * ASCII that is no UTF-8 is one cell too */
			assert_int_equal(sq_text_cells(in, 19), 19);
			assert_int_equal(sq_text_cut(in, 19, at + 1), at + 1);
		}
	}
	/* printable ASCII is itself, to its last byte; dst may be src */
	for (unsigned b = 0x20; b < 0x7f; b++) {
		memset(in, (int)b, 31);
		in[31] = '\0';
		assert_int_equal(sq_escape_ps(in, sizeof(in), in, 31, PS_ALL), 31);
		for (size_t k = 0; k < 31; k++)
			assert_int_equal((unsigned char)in[k], b);
	}
	assert_int_equal(sq_escape_ps(out, sizeof(out), "", 0, PS_ALL), 0);
	assert_string_equal(out, "");
	assert_int_equal(sq_escape_ps(out, 0, "abc", 3, PS_ALL), 0);
}

/* In a UTF-8 locale: a control byte, an ESC sequence, DEL or a
 * multibyte character first, in the middle and last, where the fast path
 * hands over to the slow one */
static void escape_ps_utf8_boundaries(void **state)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "\tabcdefghijklmnop", "?abcdefghijklmnop" },
		{ "abcdefg\tijklmnop", "abcdefg?ijklmnop" },     /* last of a word */
		{ "abcdefgh\tjklmnop", "abcdefgh?jklmnop" },     /* first of the next */
		{ "abcdefghijklmnop\t", "abcdefghijklmnop?" },
		{ "abc\x1b[31mdef\x1b[0m", "abc?[31mdef?[0m" },
		{ "abcdefghij\x7f", "abcdefghij?" },
		{ "\x01" "a\x1f", "?a?" },
		{ "\xe4\xb8\xad" "abcdefgh", "\xe4\xb8\xad" "abcdefgh" },
		{ "abcdef\xe4\xb8\xad" "gh", "abcdef\xe4\xb8\xad" "gh" }, /* across two words */
		{ "abcdefghijk\xcc\x81", "abcdefghijk\xcc\x81" },   /* a combining mark last */
		{ "abcdefghijk\xc3\xa9\t", "abcdefghijk\xc3\xa9?" },
		/* U+009B and U+2028 are valid UTF-8 that iswprint refuses: one '?' */
		{ "abcdefgh\xc2\x9bxyz", "abcdefgh?xyz" },
		{ "a\xe2\x80\xa8" "b", "a?b" },
		/* a byte that starts no sequence: itself '?', and libproc shows
		 * the rest a byte at a time, a control as '.' */
		{ "abcdefgh\xff\ta\xc3\xa9", "abcdefgh?.a??" },
		{ "\x9b" "b", "?b" },
		/* a sequence the string ends inside: the same from there */
		{ "abcdefghij\xe4\xb8", "abcdefghij??" },
		{ "ab\xe4\t", "ab?." },
		/* libproc takes a sequence's length from its first byte; ps
		 * then refuses its bytes one at a time */
		{ "\xc3\xff\ta", "???a" },
		{ "\xc3\x1b[1m", "??[1m" },
		{ "a\xc3" "Ab", "a?Ab" },
		{ "a\xed\xa0\x80" "b", "a???b" },       /* a surrogate */
		{ "a\xc0\xaf" "b", "a??b" },            /* an overlong '/' */
		{ "a\xf4\x90\x80\x80" "b", "a?b" },     /* U+110000: glibc decodes it */
		{ "back\\slash", "back\\slash" },
	};

	(void)state;
	if (!have_c_utf8())
		skip();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(ps_shown(cases[i].in, PS_ALL), cases[i].want);
	/* ps's pass alone (user names): no libproc pass before it, so
	 * what follows a bad byte is shown as ps shows it */
	assert_string_equal(ps_shown("\xff\ta\xc3\xa9", SQ_PS_UTF8 | SQ_PS_SHOW), "??a\xc3\xa9");
	/* libproc's alone leaves a valid character and what it cannot judge */
	assert_string_equal(ps_shown("\xc3\xa9\t\xc2\x9b", SQ_PS_UTF8 | SQ_PS_READ), "\xc3\xa9?\xc2\x9b");
	/* outside UTF-8, every byte past ASCII is '?' */
	assert_string_equal(ps_shown("\xe4\xb8\xad\ta", SQ_PS_READ | SQ_PS_SHOW), "???.a");
}

/* The buffer holds dstsz - 1 bytes of the string; a cut in the middle
 * of a multibyte character leaves a '?' for each byte before it */
static void escape_ps_cut(void **state)
{
	char out[8];

	(void)state;
	if (!have_c_utf8())
		skip();
	assert_int_equal(sq_escape_ps(out, sizeof(out), "abcdefghij", 10, PS_ALL), 7);
	assert_string_equal(out, "abcdefg");
	assert_int_equal(sq_escape_ps(out, sizeof(out), "abcde\xe4\xb8\xad", 8, PS_ALL), 7);
	assert_string_equal(out, "abcde??");
	assert_int_equal(sq_escape_ps(out, sizeof(out), "abcd\xe4\xb8\xad", 7, PS_ALL), 7);
	assert_string_equal(out, "abcd\xe4\xb8\xad");
	/* the length given, not the NUL */
	assert_int_equal(sq_escape_ps(out, sizeof(out), "ab\tcd", 3, PS_ALL), 3);
	assert_string_equal(out, "ab?");
}

/* Cells where the ASCII fast path meets a multibyte character: first,
 * in the middle, last, and a cut that would fall inside one */
static void text_cells_boundaries(void **state)
{
	const char *first = "\xe4\xb8\xad" "abcdefghij";        /* 2 + 10 */
	const char *mid = "abcdefg\xe4\xb8\xad" "hijk";           /* 7 + 2 + 4 */
	const char *last = "abcdefghijklmno\xe4\xb8\xad";          /* 15 + 2 */

	(void)state;
	if (!have_c_utf8())
		skip();
	assert_int_equal(sq_text_cells(first, strlen(first)), 12);
	assert_int_equal(sq_text_cells(mid, strlen(mid)), 13);
	assert_int_equal(sq_text_cells(last, strlen(last)), 17);
	assert_int_equal(sq_text_cut(first, strlen(first), 1), 0);  /* not half of it */
	assert_int_equal(sq_text_cut(first, strlen(first), 2), 3);
	assert_int_equal(sq_text_cut(first, strlen(first), 3), 4);
	assert_int_equal(sq_text_cut(mid, strlen(mid), 7), 7);
	assert_int_equal(sq_text_cut(mid, strlen(mid), 8), 7);      /* a cell short */
	assert_int_equal(sq_text_cut(mid, strlen(mid), 9), 10);
	assert_int_equal(sq_text_cut(mid, strlen(mid), 100), strlen(mid));
	assert_int_equal(sq_text_cut(last, strlen(last), 16), 15);
	assert_int_equal(sq_text_cut(last, strlen(last), 17), 18);
	/* full at the eighth cell: a combining mark after it is left out */
	assert_int_equal(sq_text_cut("abcdefgh\xcc\x81", 10, 8), 8);
	assert_int_equal(sq_text_cut("abcdefg\xcc\x81" "h", 10, 8), 10);
}

/* sysq's and psmisc's escapes take printable runs whole: a control or a
 * backslash first, in the middle, last */
static void escape_fast_path(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(sq_escape(buf, sizeof(buf), "\tabcdefghijklmnop"), "\\tabcdefghijklmnop");
	assert_string_equal(sq_escape(buf, sizeof(buf), "abcdefgh\x1b" "ijklmnop"), "abcdefgh\\033ijklmnop");
	assert_string_equal(sq_escape(buf, sizeof(buf), "abcdefghijklmnop\x7f"), "abcdefghijklmnop\\177");
	assert_string_equal(sq_escape(buf, sizeof(buf), "abcdefg\\hijk\xc3\xa9z"), "abcdefg\\hijk\xc3\xa9z");
	assert_string_equal(sq_escape_ascii(buf, sizeof(buf), "\\abcdefghi"), "\\\\abcdefghi");
	assert_string_equal(sq_escape_ascii(buf, sizeof(buf), "abcdefgh\\ij"), "abcdefgh\\\\ij");
	assert_string_equal(sq_escape_ascii(buf, sizeof(buf), "abcdefghijk\\"), "abcdefghijk\\\\");
	/* a run cut by a small buffer */
	assert_string_equal(sq_escape(buf, 9, "abcdefghijk"), "abcdefgh");
	assert_string_equal(sq_escape_ascii(buf, 10, "abcdefgh\\i"), "abcdefgh");
}

static void human(void **state)
{
	static const struct { int64_t bytes; bool si; const char *want; } cases[] = {
		{ 0, false, "0B" },
		{ 999, false, "999B" },
		{ 1000, false, "1.0Ki" }, /* "1000B" is 5 wide: procps moves on */
		{ 10000, false, "9.8Ki" },
		{ 25276514304LL, false, "23Gi" },
		{ 9007104LL, false, "8.6Mi" },
		{ 1572864LL, false, "1.5Mi" },
		{ 1048576LL * 1000, false, "1.0Gi" },
		{ 1048576LL * 1024 * 1024 * 1024 * 5, false, "5.0Pi" },
		{ 25276514304LL, true, "25G" },
		{ 1500, true, "1.5K" },
		{ 999999, true, "999K" },
		{ -6278764544LL, false, "-5Gi" }, /* "-5.8Gi" is too wide */
		{ -1024LL * 1024 * 1024 * 15, false, "-15Gi" },
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sq_human_procps(buf, sizeof(buf), cases[i].bytes, cases[i].si);
		assert_string_equal(buf, cases[i].want);
	}
}

static const struct sq_column cols[] = {
	{ .key = "pid", .header = "PID", .json = "pid", .width = 5, .align = SQ_ALIGN_RIGHT },
	{ .key = "user", .header = "USER", .json = "username", .width = 8, .align = SQ_ALIGN_LEFT },
	{ .key = "comm", .header = "COMMAND", .json = "name", .width = 4, .align = SQ_ALIGN_LEFT },
};

static void columns(void **state)
{
	const struct sq_column *sel[4];
	const char *cells[3] = { "1", "root", "init" };
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	size_t n;

	(void)state;
	assert_ptr_equal(sq_column_find(cols, 3, "user"), &cols[1]);
	assert_null(sq_column_find(cols, 3, "nope"));
	n = sq_column_parse(cols, 3, "pid,,user comm", sel, 4);
	assert_int_equal(n, 3);
	assert_ptr_equal(sel[2], &cols[2]);
	sq_column_header(fp, sel, n);
	sq_column_row(fp, sel, n, cells);
	cells[1] = NULL;
	sq_column_row(fp, sel, 2, cells);
	fclose(fp);
	assert_string_equal(text, "  PID USER     COMMAND\n    1 root     init\n    1 -\n");
	free(text);
}

/* environ: psutil's dict, in the tree and in the row-by-row text alike */
static void json_environ(void **state)
{
	struct env { uint64_t have[1]; char **v; } e = { { 1 }, NULL };
	static const struct sysq_field f = { .name = "environ", .type = SYSQ_T_ENVIRON, .offset = offsetof(struct env, v) };
	char *v[] = { "A=1", "noname", "=x", "PATH=/bin:/usr/bin", "A=2", "B=\xff\xc2\x9b", "E=", NULL };
	const char *want = "{\"environ\":{\"A\":\"2\",\"PATH\":\"/bin:/usr/bin\",\"B\":\"\xef\xbf\xbd\\u009b\",\"E\":\"\"}}";
	json_object *o = json_object_new_object();
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	e.v = v;
	sq_json_add_field(o, &f, &e, e.have, 0);
	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	sq_json_write(fp, sq_json_text(o, false)); /* C1 escaped on the way out */
	fclose(fp);
	assert_string_equal(buf, want);
	free(buf);
	json_object_put(o);
	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	fputc('{', fp); /* the field writes its key */
	sq_json_field_text(fp, &f, &e, e.have, 0);
	fputc('}', fp);
	fclose(fp);
	assert_string_equal(buf, want);
	free(buf);
}

/* The row-by-row writer and the tree writer give the same text: numbers
 * at their limits, doubles on both paths, strings of every byte class */
static void json_text_same_as_tree(void **state)
{
	struct rec { uint64_t have[1]; uint64_t u[2]; int64_t i[4]; double d[5]; char *s[6]; } r = {
		{ UINT64_MAX >> 2 }, /* the last two strings are absent */
		{ UINT64_MAX, 0 },
		{ INT64_MIN, INT64_MAX, -1, 0 },
		{ 0.25, -3.0, 1.0 / 3, 1795361281.25, 1.5e-7 },
		{ "plain", "tab\tnl\nq\"b\\", "\x1b[31m\x7f\xc2\x9b\xff", "\xe4\xb8\xad\xcc\x81", NULL, NULL },
	};
	struct sysq_field f[17];
	char names[17][4];
	json_object *o = json_object_new_object();
	char *tree, *buf = NULL;
	size_t len = 0, n = 0, t;
	FILE *fp;

	(void)state;
	for (size_t k = 0; k < 17; k++) {
		snprintf(names[k], sizeof(names[k]), "k%zu", k);
		f[k] = (struct sysq_field){ .name = names[k] };
		if (k < 2)
			f[k].type = SYSQ_T_U64, f[k].offset = offsetof(struct rec, u) + k * sizeof(uint64_t);
		else if (k < 6)
			f[k].type = SYSQ_T_I64, f[k].offset = offsetof(struct rec, i) + (k - 2) * sizeof(int64_t);
		else if (k < 11)
			f[k].type = SYSQ_T_DOUBLE, f[k].offset = offsetof(struct rec, d) + (k - 6) * sizeof(double);
		else
			f[k].type = SYSQ_T_STRP, f[k].offset = offsetof(struct rec, s) + (k - 11) * sizeof(char *);
	}
	r.have[0] &= ~((uint64_t)1 << 15 | (uint64_t)1 << 16);
	/* derived doubles: rounded to their unit's decimals by both writers */
	f[8].unit = SYSQ_U_SECONDS, r.d[2] = 1000.07 - 0.05;
	f[9].unit = SYSQ_U_PERCENT, r.d[3] = 0.3799924001519969;
	f[10].unit = SYSQ_U_MHZ, r.d[4] = 2399.9984999;
	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	for (unsigned k = 0; k < 17; k++)
		sq_json_add_field(o, &f[k], &r, r.have, k);
	sq_json_write(fp, sq_json_text(o, false));
	fclose(fp);
	tree = buf;
	t = len;
	buf = NULL;
	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	fputc('{', fp);
	for (unsigned k = 0; k < 17; k++) {
		if (k)
			fputc(',', fp);
		sq_json_field_text(fp, &f[k], &r, r.have, k);
	}
	fputc('}', fp);
	fclose(fp);
	assert_string_equal(buf, tree);
	assert_int_equal(len, t);
	/* and the values themselves */
	assert_non_null(strstr(buf, "\"k0\":18446744073709551615,\"k1\":0,\"k2\":-9223372036854775808,"
				    "\"k3\":9223372036854775807,\"k4\":-1,\"k5\":0,\"k6\":0.25,\"k7\":-3.0,"));
	assert_non_null(strstr(buf, "\"k8\":1000.02,\"k9\":0.4,\"k10\":2399.998,\"k11\":"));
	assert_non_null(strstr(buf, "\"k12\":\"tab\\tnl\\nq\\\"b\\\\\",\"k13\":\"\\u001b[31m\\u007f\\u009b\xef\xbf\xbd\""));
	assert_non_null(strstr(buf, "\"k15\":null,\"k16\":null}"));
	n = strlen(buf);
	assert_int_equal(n, len);
	free(buf);
	free(tree);
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_strings),
		cmocka_unit_test(json_numbers),
		cmocka_unit_test(json_text_same_as_tree),
		cmocka_unit_test(json_struct),
		cmocka_unit_test(json_c1),
		cmocka_unit_test(json_cpulist),
		cmocka_unit_test(json_pretty),
		cmocka_unit_test(text_cells),
		cmocka_unit_test(text_cells_wide),
		cmocka_unit_test(escape),
		cmocka_unit_test(escape_fast_path),
		cmocka_unit_test(escape_ps_fast_path_bytes),
		cmocka_unit_test(escape_ps_utf8_boundaries),
		cmocka_unit_test(escape_ps_cut),
		cmocka_unit_test(text_cells_boundaries),
		cmocka_unit_test(human),
		cmocka_unit_test(columns),
		cmocka_unit_test(json_environ),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
