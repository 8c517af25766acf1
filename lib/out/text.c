/* Text helpers: terminal-safe escaping and procps-style human sizes. */
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#define LIBBSD_NETBSD_VIS 1 /* the NetBSD strnvis argument order */
#include <vis.h>

#include "out/out.h"

/* Bytes that must not reach a terminal raw: C0 controls, DEL, and the
 * backslash that introduces our escapes. */
static bool is_unsafe_ascii(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* The next unit of src at s[i] (n bytes left) in its escaped form: enc
 * gets it, *used the bytes of src it stands for; returns its length. */
enum esc { ESC_TERMINAL, ESC_MARKED, ESC_ASCII };

static size_t escape_unit(const unsigned char *s, size_t n, enum esc mode, char enc[21], size_t *used)
{
	const bool ascii = mode == ESC_ASCII;
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
	if (mode == ESC_MARKED && s[0] == '\\') {
		/* doubled while the text is measured and cut: sq_text_unmark */
		*used = 1;
		memcpy(enc, "\\\\", 2);
		return 2;
	}
	if ((l == 1 && !is_unsafe_ascii(s[0])) || (l > 1 && !c1)) {
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

static char *escape(char *dst, size_t dstsz, const char *src, enum esc mode)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t n = strlen(src), i = 0, w = 0;

	if (dstsz == 0)
		return dst;
	while (i < n) {
		char enc[5 * 4 + 1];
		size_t used, el = escape_unit(s + i, n - i, mode, enc, &used);

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
	return escape(dst, dstsz, src, ESC_TERMINAL);
}

char *sq_escape_marked(char *dst, size_t dstsz, const char *src)
{
	return escape(dst, dstsz, src, ESC_MARKED);
}

char *sq_escape_ascii(char *dst, size_t dstsz, const char *src)
{
	return escape(dst, dstsz, src, ESC_ASCII);
}

size_t sq_text_unmark(char *s, size_t len)
{
	size_t w = 0;

	for (size_t i = 0; i < len; i++) {
		s[w++] = s[i];
		if (s[i] == '\\' && i + 1 < len && s[i + 1] == '\\')
			i++;
	}
	return w;
}

/* One unit of escaped text: an escape (\n, \033), a marked backslash
 * (\\, one cell), a UTF-8 character, or a byte; its length in bytes.  In
 * text that is not marked a backslash before anything but an escape's
 * letters or octal digits stands alone. */
static size_t text_unit(const char *s, size_t len)
{
	size_t k;

	if (s[0] == '\\' && len > 1) {
		if (strchr("abtnvfr\\", s[1]) && s[1])
			return 2;
		for (k = 1; k < len && k < 4 && s[k] >= '0' && s[k] <= '7'; k++)
			;
		return k == 4 ? 4 : 1;
	}
	k = sq_utf8_seq((const unsigned char *)s, len);
	return k ? k : 1;
}

/* The widths of a UTF-8 locale, whatever the caller's: the text is UTF-8
 * even where LC_CTYPE is C, and setting the process's locale would change
 * what vis() in sq_escape lets through.  Loaded at the first character
 * past ASCII; NULL where no UTF-8 locale is installed. */
static locale_t utf8_locale(void)
{
	static locale_t loc;
	static bool tried;

	if (!tried) {
		tried = true;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
		if (!loc) {
			loc = newlocale(LC_CTYPE_MASK, "", (locale_t)0);
			if (loc && strcmp(nl_langinfo_l(CODESET, loc), "UTF-8") != 0) {
				freelocale(loc);
				loc = (locale_t)0;
			}
		}
	}
	return loc;
}

/* The cells of a valid UTF-8 character of len bytes as wcwidth() has them
 * in a UTF-8 locale (procps-ng measures so): 2 for East Asian wide and
 * full-width ones, 0 for combining marks and other zero-width ones.  One
 * that wcwidth does not call printable is 1, as procps's '?' for it. */
static size_t utf8_cells(const unsigned char *s, size_t len)
{
	static const unsigned char lead_mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	wchar_t wc = s[0] & lead_mask[len];
	locale_t loc, old;
	int w;

	if (len == 1 || !(loc = utf8_locale()))
		return 1;
	for (size_t k = 1; k < len; k++)
		wc = (wc << 6) | (s[k] & 0x3f);
	old = uselocale(loc);
	w = wcwidth(wc);
	uselocale(old);
	return w < 0 ? 1 : (size_t)w;
}

/* the cells of the unit of u bytes at s: an escape shows as its characters */
static size_t unit_cells(const char *s, size_t u)
{
	const unsigned char *b = (const unsigned char *)s;

	if (s[0] == '\\')
		return u == 2 && s[1] == '\\' ? 1 : u;
	return sq_utf8_seq(b, u) == u ? utf8_cells(b, u) : 1;
}

size_t sq_text_cells(const char *s, size_t len)
{
	size_t cells = 0;

	for (size_t i = 0; i < len;) {
		size_t u = text_unit(s + i, len - i);

		cells += unit_cells(s + i, u);
		i += u;
	}
	return cells;
}

size_t sq_text_cut(const char *s, size_t len, size_t maxcells)
{
	size_t cells = 0, i = 0;

	while (i < len) {
		size_t u = text_unit(s + i, len - i), c = unit_cells(s + i, u);

		/* full: procps stops there, before a zero-width character too */
		if (cells >= maxcells || cells + c > maxcells)
			break;
		cells += c;
		i += u;
	}
	return i;
}

static char *escape_dup(const char *src, enum esc mode)
{
	size_t n = strlen(src);
	char *dst;

	if (n > (SIZE_MAX - 1) / 4)
		return NULL;
	dst = malloc(4 * n + 1);
	return dst ? escape(dst, 4 * n + 1, src, mode) : NULL;
}

char *sq_escape_dup(const char *src)
{
	return escape_dup(src, ESC_TERMINAL);
}

char *sq_escape_ascii_dup(const char *src)
{
	return escape_dup(src, ESC_ASCII);
}

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
