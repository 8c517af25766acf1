/* Text helpers: terminal-safe escaping (sysq's, psmisc's and procps-ng
 * ps's rules), screen cells, and procps-style human sizes. */
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <wctype.h>
#define LIBBSD_NETBSD_VIS 1 /* the NetBSD strnvis argument order */
#include <vis.h>

#include "out/out.h"

/* ---- fast paths --------------------------------------------------------- */

/* Names, arguments and paths are nearly always printable ASCII: find
 * where that ends eight bytes at a time, so that the common string costs
 * one scan and one copy.  A word holds a byte that is not printable ASCII
 * (0x20..0x7e) when a high bit is set in the word itself (0x80 and up),
 * in the word plus 1 per byte (0x7f) or in the word minus 0x20 per byte
 * (below 0x20).  Carries and borrows between bytes start only at such a
 * byte, so they cannot make a word of printable bytes look otherwise. */
static const uint64_t ONES = 0x0101010101010101u, HIGHS = 0x8080808080808080u;

static size_t printable_run(const unsigned char *s, size_t n)
{
	size_t i = 0;

	for (; n - i >= 8; i += 8) {
		uint64_t x;

		memcpy(&x, s + i, 8);
		if ((x | (x + ONES) | (x - 0x20 * ONES)) & HIGHS)
			break;
	}
	while (i < n && s[i] >= 0x20 && s[i] < 0x7f)
		i++;
	return i;
}

size_t sq_text_printable(const char *s, size_t n)
{
	return printable_run((const unsigned char *)s, n);
}

/* the same for ASCII (below 0x80), where a byte is a cell: text that
 * has been escaped holds no control byte */
static size_t ascii_run(const unsigned char *s, size_t n)
{
	size_t i = 0;

	for (; n - i >= 8; i += 8) {
		uint64_t x;

		memcpy(&x, s + i, 8);
		if (x & HIGHS)
			break;
	}
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

/* ---- sysq's and psmisc's escapes ------------------------------------------ */

/* The next unit of src at s (n bytes left) in its escaped form: enc gets
 * it, *used the bytes of src it stands for; returns its length. */
static size_t escape_unit(const unsigned char *s, size_t n, bool ascii, char enc[21], size_t *used)
{
	size_t l = ascii ? 1 : sq_utf8_seq(s, n), cnt;
	/* C1 controls are valid UTF-8 (U+0080..U+009F) but act as controls */
	bool c1 = l == 2 && s[0] == 0xc2 && s[1] < 0xa0;
	char *e = enc;

	if (ascii) {
		/* psmisc: printable ASCII as it is, a backslash doubled, any
		 * other byte in octal */
		*used = 1;
		if (s[0] >= ' ' && s[0] <= '~' && s[0] != '\\') {
			enc[0] = (char)s[0];
			return 1;
		}
		return (size_t)snprintf(enc, 21, s[0] == '\\' ? "\\\\" : "\\%03o", s[0]);
	}
	if ((l == 1 && s[0] >= 0x20 && s[0] != 0x7f) || (l > 1 && !c1)) {
		memcpy(enc, s, l);
		*used = l;
		return l;
	}
	/* escape each byte of it: libbsd's vis in C style, octal for what
	 * has no C name */
	cnt = l ? l : 1;
	for (size_t k = 0; k < cnt; k++)
		e = vis(e, s[k], VIS_CSTYLE | VIS_OCTAL | VIS_TAB | VIS_NL, 0);
	*used = cnt;
	return (size_t)(e - enc);
}

static char *escape(char *dst, size_t dstsz, const char *src, bool ascii)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t n = strlen(src), i = 0, w = 0;

	if (dstsz == 0)
		return dst;
	while (i < n) {
		char enc[5 * 4 + 1];
		size_t run = printable_run(s + i, n - i), used, el;
		const char *bs;

		/* psmisc doubles a backslash: a run ends before one */
		if (ascii && (bs = memchr(s + i, '\\', run)))
			run = (size_t)(bs - (const char *)(s + i));
		if (run > dstsz - 1 - w)
			run = dstsz - 1 - w;
		memcpy(dst + w, s + i, run);
		w += run;
		i += run;
		if (i == n || w + 1 == dstsz)
			break;
		el = escape_unit(s + i, n - i, ascii, enc, &used);
		if (w + el >= dstsz)
			break; /* never split an escape */
		memcpy(dst + w, enc, el);
		w += el;
		i += used;
	}
	dst[w] = '\0';
	return dst;
}

char *sq_escape(char *dst, size_t dstsz, const char *src)
{
	return escape(dst, dstsz, src, false);
}

char *sq_escape_ascii(char *dst, size_t dstsz, const char *src)
{
	return escape(dst, dstsz, src, true);
}

static char *escape_dup(const char *src, bool ascii)
{
	size_t n = strlen(src);
	char *dst;

	if (n > (SIZE_MAX - 1) / 4)
		return NULL;
	dst = malloc(4 * n + 1);
	return dst ? escape(dst, 4 * n + 1, src, ascii) : NULL;
}

char *sq_escape_dup(const char *src)
{
	return escape_dup(src, false);
}

char *sq_escape_ascii_dup(const char *src)
{
	return escape_dup(src, true);
}

/* ---- the locale ------------------------------------------------------------ */

/* The caller's LC_CTYPE when it is UTF-8, as procps-ng takes it from
 * setlocale(LC_ALL, ""); loaded once, without setting the process's
 * locale (that would change what vis() in sq_escape lets through). */
static locale_t user_utf8_locale(bool *found)
{
	static locale_t loc;
	static bool tried;

	if (!tried) {
		tried = true;
		loc = newlocale(LC_ALL_MASK, "", (locale_t)0);
		if (loc && strcasecmp(nl_langinfo_l(CODESET, loc), "UTF-8") != 0) {
			freelocale(loc);
			loc = (locale_t)0;
		}
	}
	*found = loc != (locale_t)0;
	return loc;
}

bool sq_locale_utf8(void)
{
	bool found;

	user_utf8_locale(&found);
	return found;
}

/* The locale that measures and decodes UTF-8: the caller's when it is
 * UTF-8, else C.UTF-8 (sq_escape_ps is asked for UTF-8 rules only under a
 * UTF-8 locale, but the unit tests ask under any); NULL where none is
 * installed. */
static locale_t text_locale(void)
{
	static locale_t cutf8;
	static bool tried;
	bool found;
	locale_t loc = user_utf8_locale(&found);

	if (found)
		return loc;
	if (!tried) {
		tried = true;
		cutf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	return cutf8;
}

/* ---- procps-ng ps's rule -------------------------------------------------- */

/* The bytes libproc takes a sequence to have from its first byte alone
 * (procps-ng 4.0.2, library/escape.c): 0x80..0xc1 and 0xf5..0xff start
 * none; the bytes after the first are not looked at. */
static int ps_lead_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c < 0xc2 || c > 0xf4)
		return -1;
	return c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/* A byte as procps shows it outside a UTF-8 locale, and as libproc
 * shows the rest of a string from the first byte that starts no
 * sequence: a control '.', a byte past ASCII '?' */
static unsigned char ps_byte(unsigned char c)
{
	if (c < 0x20 || c == 0x7f)
		return '.';
	return c < 0x80 ? c : '?';
}

/* libproc's pass over what it reads from /proc, in place from d[i]: a
 * control byte where a sequence starts is '?'; from a byte that starts
 * none, or a sequence the string ends inside, every byte as ps_byte. */
static void ps_read_pass(unsigned char *d, size_t i, size_t n)
{
	while (i < n) {
		int l = ps_lead_len(d[i]);

		if (l < 0 || (size_t)l > n - i) {
			for (; i < n; i++)
				d[i] = ps_byte(d[i]);
			return;
		}
		if (d[i] < 0x20 || d[i] == 0x7f)
			d[i] = '?';
		i += (size_t)l;
	}
}

/* ps's own pass in a UTF-8 locale, in place from d[i] (it never writes
 * more than it reads): what mbrtowc decodes and iswprint calls printable
 * stays, any other character is one '?', each byte it cannot decode a
 * '?'.  glibc's decoder decides, as it does for procps (it refuses
 * surrogates and overlong forms but takes U+110000..U+1FFFFF, which
 * iswprint then refuses: one '?'). */
static size_t ps_show_pass(unsigned char *d, size_t i, size_t n, locale_t loc)
{
	locale_t old = uselocale(loc);
	mbstate_t st;
	size_t w = i;

	memset(&st, 0, sizeof(st));
	while (i < n) {
		size_t run = printable_run(d + i, n - i), l;
		wchar_t wc;

		memmove(d + w, d + i, run);
		w += run;
		i += run;
		if (i == n)
			break;
		if (d[i] < 0x80) {
			d[w++] = '?';
			i++;
			continue;
		}
		l = mbrtowc(&wc, (const char *)d + i, n - i, &st);
		if (l == (size_t)-1 || l == (size_t)-2 || l == 0) {
			memset(&st, 0, sizeof(st));
			d[w++] = '?';
			i++;
		} else if (!iswprint((wint_t)wc)) {
			d[w++] = '?';
			i += l;
		} else {
			memmove(d + w, d + i, l);
			w += l;
			i += l;
		}
	}
	uselocale(old);
	return w;
}

size_t sq_escape_ps(char *dst, size_t dstsz, const char *src, size_t len, unsigned flags)
{
	unsigned char *d = (unsigned char *)dst;
	locale_t loc;
	size_t i;

	if (dstsz == 0)
		return 0;
	if (len > dstsz - 1)
		len = dstsz - 1;
	i = printable_run((const unsigned char *)src, len);
	if (dst != src)
		memmove(dst, src, len);
	if (i < len) {
		if (!(flags & SQ_PS_UTF8) || !(loc = text_locale())) {
			for (size_t k = i; k < len; k++)
				d[k] = ps_byte(d[k]);
		} else {
			if (flags & SQ_PS_READ)
				ps_read_pass(d, i, len);
			if (flags & SQ_PS_SHOW)
				len = ps_show_pass(d, i, len, loc);
		}
	}
	dst[len] = '\0';
	return len;
}

/* ---- screen cells ---------------------------------------------------------- */

/* The cells of the character of u bytes at s, as procps counts them: 1
 * for ASCII or a byte that is no UTF-8, else wcwidth's (2 for East Asian
 * wide and full-width, 0 for combining marks; one it calls unprintable
 * adds none, as procps adds only a positive width).  A UTF-8 locale is
 * in use (*old holds the caller's) from the first character past ASCII. */
static size_t char_cells(const unsigned char *s, size_t u, locale_t *old, bool *switched)
{
	static const unsigned char lead_mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	wchar_t wc = s[0] & lead_mask[u];
	locale_t loc;
	int w;

	if (u == 1)
		return 1;
	if (!*switched) {
		if (!(loc = text_locale()))
			return 1;
		*old = uselocale(loc);
		*switched = true;
	}
	for (size_t k = 1; k < u; k++)
		wc = (wc << 6) | (s[k] & 0x3f);
	w = wcwidth(wc);
	return w < 0 ? 0 : (size_t)w;
}

/* The bytes of the character at s: a valid UTF-8 sequence, else one */
static size_t char_len(const unsigned char *s, size_t n)
{
	size_t u = sq_utf8_seq(s, n);

	return u ? u : 1;
}

size_t sq_text_cells(const char *s, size_t len)
{
	const unsigned char *b = (const unsigned char *)s;
	size_t i = ascii_run(b, len), cells = i;
	bool switched = false;
	locale_t old = (locale_t)0;

	while (i < len) {
		size_t u = char_len(b + i, len - i);

		cells += char_cells(b + i, u, &old, &switched);
		i += u;
	}
	if (switched)
		uselocale(old);
	return cells;
}

size_t sq_text_cut(const char *s, size_t len, size_t maxcells)
{
	const unsigned char *b = (const unsigned char *)s;
	size_t i = ascii_run(b, len < maxcells ? len : maxcells), cells = i;
	bool switched = false;
	locale_t old = (locale_t)0;

	while (i < len) {
		size_t u = char_len(b + i, len - i), c;

		/* full: procps stops there, before a zero-width character too */
		if (cells >= maxcells)
			break;
		c = char_cells(b + i, u, &old, &switched);
		if (cells + c > maxcells)
			break;
		cells += c;
		i += u;
	}
	if (switched)
		uselocale(old);
	return i;
}

/* ---- sizes ----------------------------------------------------------------- */

void sq_human_procps(char *buf, size_t n, int64_t bytes, bool si)
{
	static const char unit[] = { 'B', 'K', 'M', 'G', 'T', 'P' };
	const double base = si ? 1000.0 : 1024.0;
	double scale = 1.0;
	/* si units are one letter ("1.5G"), binary ones two ("1.5Gi"); procps
	 * allows 4 and 5 characters in all */
	const int fit = si ? 4 : 5;

	if (snprintf(buf, n, "%" PRId64 "B", bytes) <= 4)
		return;
	for (size_t i = 1; i < sizeof(unit); i++) {
		scale *= base;
		/* procps rounds through float; do the same to print the same */
		if (snprintf(buf, n, si ? "%.1f%c" : "%.1f%ci", (double)(float)((double)bytes / scale),
			     unit[i]) <= fit)
			return;
		if (snprintf(buf, n, si ? "%ld%c" : "%ld%ci", (long)((double)bytes / scale), unit[i]) <= fit)
			return;
	}
}
