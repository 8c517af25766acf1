/* JSON documents: json-c builds and serializes them; this file adds sysq's
 * policy (valid UTF-8, null for absent, no NaN/Inf, no "\/", exact
 * integers, shortest round-trip doubles). */
#include <float.h>
#include <inttypes.h>
#include <math.h> /* isfinite: a macro, no libm */
#include <stdlib.h>
#include <string.h>

#include "out/out.h"

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
size_t sq_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

int sq_utf8_char_len(const char *s)
{
	size_t l = *s ? sq_utf8_seq((const unsigned char *)s, strlen(s)) : 0;

	return l ? (int)l : 1;
}

size_t sq_utf8_valid_prefix(const char *s, size_t n)
{
	size_t i = 0, l;

	while (i < n && (l = sq_utf8_seq((const unsigned char *)s + i, n - i)) != 0)
		i += l;
	return i;
}

json_object *sq_json_strn(const char *s, size_t n)
{
	static const char repl[] = "\xef\xbf\xbd";
	json_object *o;
	char *fixed, *w;
	size_t ok = sq_utf8_valid_prefix(s, n);

	if (ok == n)
		return json_object_new_string_len(s, (int)n);
	if (n > (SIZE_MAX - 1) / 3)
		return NULL;
	fixed = malloc(3 * n + 1);
	if (!fixed)
		return NULL;
	w = fixed;
	for (size_t i = 0; i < n;) {
		size_t l = sq_utf8_seq((const unsigned char *)s + i, n - i);

		if (l) {
			memcpy(w, s + i, l);
			w += l;
			i += l;
		} else {
			memcpy(w, repl, 3);
			w += 3;
			i++;
		}
	}
	o = json_object_new_string_len(fixed, (int)(w - fixed));
	free(fixed);
	return o;
}

json_object *sq_json_str(const char *s)
{
	return s ? sq_json_strn(s, strlen(s)) : NULL;
}

/* Most doubles here are ticks and percentages: a few decimals.  When v
 * is the double nearest to M / 10^d for d <= 4 and M of at most 15 digits,
 * that decimal is what the %.15g below prints (15 digits always recover
 * such a decimal) and reads back as v; written without printf.  (M and
 * 10^d are exact doubles, so M / 10^d rounds as strtod rounds the text.) */
static bool few_decimals(char *buf, size_t n, double v)
{
	static const double pow10[] = { 1, 10, 100, 1000, 10000 };
	const double a = v < 0 ? -v : v;

	for (int d = 1; d <= 4; d++) {
		char digits[24], *e = digits + sizeof(digits), *b = e;
		long long m;

		if (a * pow10[d] >= 1e15)
			return false;
		m = (long long)(a * pow10[d] + 0.5);
		if ((double)m / pow10[d] != a)
			continue;
		for (int k = 0; k < d || m; k++) {
			*--b = (char)('0' + m % 10);
			m /= 10;
			if (k == d - 1) {
				*--b = '.';
				if (!m)
					*--b = '0';
			}
		}
		if (v < 0)
			*--b = '-';
		if ((size_t)(e - b) >= n)
			return false;
		memcpy(buf, b, (size_t)(e - b));
		buf[e - b] = '\0';
		return true;
	}
	return false;
}

/* v rounded to `decimals` places (1 to 6), as the decimal its source
 * had: "264.99", never 264.9899999999998; trailing zeros go, one stays
 * (so the number stays typed as a float).  *out gets the double that
 * text reads back as.  False when v is too large to scale exactly. */
static bool fixed_decimals(char *buf, size_t n, double v, int decimals, double *out)
{
	static const double pow10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };
	char digits[32], *e = digits + sizeof(digits), *b = e;
	double scaled = v * pow10[decimals];
	long long m;
	bool neg;
	int k = 0;

	if (!(scaled > -1e15 && scaled < 1e15))
		return false;
	/* half away from zero, without libm */
	m = (long long)(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
	neg = m < 0;
	if (neg)
		m = -m;
	*out = (neg ? -(double)m : (double)m) / pow10[decimals];
	/* the fraction's trailing zeros are not written, but one digit is */
	while (k < decimals - 1 && m % 10 == 0) {
		m /= 10;
		k++;
	}
	for (; k < decimals || m; k++) {
		*--b = (char)('0' + m % 10);
		m /= 10;
		if (k == decimals - 1) {
			*--b = '.';
			if (!m)
				*--b = '0';
		}
	}
	if (neg)
		*--b = '-';
	if ((size_t)(e - b) >= n)
		return false;
	memcpy(buf, b, (size_t)(e - b));
	buf[e - b] = '\0';
	return true;
}

int sq_unit_decimals(enum sysq_unit unit)
{
	switch (unit) {
	case SYSQ_U_SECONDS:
	case SYSQ_U_EPOCH:
		return 2; /* clock ticks: USER_HZ is 100 */
	case SYSQ_U_PERCENT:
		return 1; /* as the classic tools and psutil show them */
	case SYSQ_U_MHZ:
		return 3; /* cpuinfo's "cpu MHz", cpufreq's kHz */
	default:
		return -1;
	}
}

/* The text of a double as sysq writes it, with `decimals` places (see
 * fixed_decimals) or, below 0, in its shortest exact form; *out gets the
 * value the text means.  False for NaN and infinities. */
static bool double_text(char *buf, size_t n, double v, int decimals, double *out)
{
	*out = v;
	if (!isfinite(v))
		return false;
	if (decimals > 6)
		decimals = 6;
	if (decimals > 0 && fixed_decimals(buf, n, v, decimals, out))
		return true;
	if (v > -1e15 && v < 1e15 && v == (double)(long long)v) {
		/* integral values keep a fraction so they stay typed as floats */
		snprintf(buf, n, "%.1f", v);
	} else if (!few_decimals(buf, n, v)) {
		/* the shortest %g form that reads back as the same double: a
		 * double that has one of at most 15 digits gets it from %.15g
		 * (which drops trailing zeros), others need 16 or 17 */
		for (int prec = v < DBL_MIN && v > -DBL_MIN ? 1 : 15; prec <= 17; prec++) { /* subnormals have fewer digits */
			snprintf(buf, n, "%.*g", prec, v);
			if (strtod(buf, NULL) == v)
				break;
		}
	}
	return true;
}

json_object *sq_json_double_dec(double v, int decimals)
{
	char buf[40];
	double r;

	return double_text(buf, sizeof(buf), v, decimals, &r) ? json_object_new_double_s(r, buf) : NULL;
}

json_object *sq_json_double(double v)
{
	return sq_json_double_dec(v, -1);
}

json_object *sq_json_u64(uint64_t v)
{
	return json_object_new_uint64(v);
}

json_object *sq_json_i64(int64_t v)
{
	return json_object_new_int64(v);
}

/* "0-3,8" -> [0,1,2,3,8]; null when the text is not a CPU list */
json_object *sq_json_cpulist(const char *s)
{
	json_object *a = json_object_new_array();
	const char *q = s;

	if (!a || !s)
		return json_object_put(a), NULL;
	while (*q && *q != '\n') {
		char *end;
		unsigned long lo, hi;

		if (*q < '0' || *q > '9')
			goto bad;
		lo = strtoul(q, &end, 10);
		hi = lo;
		if (*end == '-') {
			if (end[1] < '0' || end[1] > '9')
				goto bad;
			hi = strtoul(end + 1, &end, 10);
		}
		/* a machine has at most a few thousand CPUs: refuse absurd ranges */
		if (hi < lo || hi > 1u << 20)
			goto bad;
		for (unsigned long c = lo; c <= hi; c++)
			json_object_array_add(a, json_object_new_uint64(c));
		q = end;
		if (*q == ',')
			q++;
		else if (*q && *q != '\n')
			goto bad;
	}
	return a;
bad:
	json_object_put(a);
	return NULL;
}

/* "4,24,100" as [4,24,100]; null for anything but decimal IDs */
static json_object *idlist_array(const char *s)
{
	json_object *a = s ? json_object_new_array() : NULL;

	while (a && *s) {
		uint64_t v = 0;
		int digits = 0;

		for (; *s >= '0' && *s <= '9' && digits < 19; s++, digits++)
			v = v * 10 + (uint64_t)(*s - '0');
		if (!digits || (*s && *s != ',') || (*s == ',' && !s[1])) {
			json_object_put(a);
			return NULL;
		}
		json_object_array_add(a, json_object_new_uint64(v));
		s += *s == ',';
	}
	return a;
}

/* psutil's environ(): {"NAME": "value"}; names and values UTF-8-repaired */
static json_object *environ_object(char *const *sv)
{
	json_object *o = json_object_new_object();

	for (size_t i = 0; o && sv && sv[i]; i++) {
		const char *eq = strchr(sv[i], '=');
		json_object *k;

		if (!eq || eq == sv[i])
			continue;
		k = sq_json_strn(sv[i], (size_t)(eq - sv[i]));
		/* json-c copies the key; a repeated one replaces the value */
		json_object_object_add(o, json_object_get_string(k), sq_json_str(eq + 1));
		json_object_put(k);
	}
	return o;
}

/* a pointer member of a struct, which may not be aligned in the table's view */
static const void *pointer_at(const char *p)
{
	const void *v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* the text of a CPU list, an ID list or an environment, as JSON */
static json_object *list_value(enum sysq_type type, const char *p)
{
	if (type == SYSQ_T_CPULIST)
		return sq_json_cpulist(pointer_at(p));
	if (type == SYSQ_T_IDLIST)
		return idlist_array(pointer_at(p));
	return environ_object(pointer_at(p));
}

json_object *sq_json_field_value(const struct sysq_field *f, const void *st, const uint64_t *have,
				 unsigned idx)
{
	const char *p = (const char *)st + f->offset;
	json_object *v = NULL;

	if ((have[idx / 64] >> (idx % 64)) & 1u) {
		switch (f->type) {
		case SYSQ_T_U64: {
			uint64_t u;
			memcpy(&u, p, sizeof(u));
			v = sq_json_u64(u);
			break;
		}
		case SYSQ_T_I64: {
			int64_t i;
			memcpy(&i, p, sizeof(i));
			v = sq_json_i64(i);
			break;
		}
		case SYSQ_T_DOUBLE: {
			double d;
			memcpy(&d, p, sizeof(d));
			v = sq_json_double_dec(d, sq_unit_decimals(f->unit));
			break;
		}
		case SYSQ_T_STR:
			v = sq_json_str(p);
			break;
		case SYSQ_T_STRP:
			v = sq_json_str(pointer_at(p));
			break;
		case SYSQ_T_STRV: {
			char *const *sv = pointer_at(p);

			v = json_object_new_array();
			for (size_t i = 0; sv && sv[i]; i++)
				json_object_array_add(v, sq_json_str(sv[i]));
			break;
		}
		case SYSQ_T_CHAR:
			v = sq_json_strn(p, *p ? 1 : 0);
			break;
		case SYSQ_T_CPULIST:
		case SYSQ_T_IDLIST:
		case SYSQ_T_ENVIRON:
			v = list_value(f->type, p);
			break;
		}
	}
	return v;
}

void sq_json_add_field(json_object *obj, const struct sysq_field *f, const void *st,
		       const uint64_t *have, unsigned idx)
{
	/* a table's names are constant and unique: no copy, no lookup */
	json_object_object_add_ex(obj, f->name, sq_json_field_value(f, st, have, idx),
				  JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_KEY_IS_CONSTANT);
}

json_object *sq_json_struct(const struct sysq_table *t, const void *st, unsigned groups)
{
	json_object *obj = json_object_new_object();
	/* every libsysq struct starts with its availability words */
	const uint64_t *have = st;

	if (!obj)
		return NULL;
	for (size_t i = 0; i < t->nfields; i++) {
		const struct sysq_field *f = &t->fields[i];

		if (f->group == 0 || (f->group & groups))
			sq_json_add_field(obj, f, st, have, (unsigned)i);
	}
	return obj;
}

const char *sq_json_text(json_object *doc, bool pretty)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
		    (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED : JSON_C_TO_STRING_PLAIN);

	return json_object_to_json_string_ext(doc, flags);
}

/* The row writers put one value after another into a memory stream or
 * stdout, from one thread: stdio's locks are not needed. */
static void put_bytes(FILE *fp, const char *s, size_t n)
{
	fwrite_unlocked(s, 1, n, fp);
}

/* A byte JSON writes as it is: printable ASCII but the quote and the
 * backslash */
static bool plain_ascii(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* A JSON string straight to fp, with the policy of sq_json_strn and
 * sq_json_write: invalid UTF-8 as U+FFFD, C0, DEL and C1 as \u00XX. */
static void put_string(FILE *fp, const char *s, size_t n)
{
	size_t run = 0;
	char esc[8];

	fputc_unlocked('"', fp);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t l;
		bool plain;

		/* most text is printable ASCII: one test a byte */
		if (plain_ascii(c)) {
			run++;
			i++;
			continue;
		}
		l = sq_utf8_seq((const unsigned char *)s + i, n - i);
		plain = l > 1 && !(l == 2 && c == 0xc2 && (unsigned char)s[i + 1] < 0xa0);
		if (plain) {
			run += l;
			i += l;
			continue;
		}
		put_bytes(fp, s + i - run, run);
		run = 0;
		if (!l)
			put_bytes(fp, "\xef\xbf\xbd", 3);
		else if (l == 2)
			put_bytes(fp, esc, (size_t)snprintf(esc, sizeof(esc), "\\u%04x", (unsigned char)s[i + 1]));
		else if (c == '"' || c == '\\')
			put_bytes(fp, c == '"' ? "\\\"" : "\\\\", 2);
		else if (c == '\n')
			put_bytes(fp, "\\n", 2);
		else if (c == '\t')
			put_bytes(fp, "\\t", 2);
		else if (c == '\r')
			put_bytes(fp, "\\r", 2);
		else if (c == '\b')
			put_bytes(fp, "\\b", 2);
		else if (c == '\f')
			put_bytes(fp, "\\f", 2);
		else
			put_bytes(fp, esc, (size_t)snprintf(esc, sizeof(esc), "\\u%04x", c));
		i += l ? l : 1;
	}
	put_bytes(fp, s + n - run, run);
	fputc_unlocked('"', fp);
}

/* Decimal digits of v, without printf's format parsing (a row has dozens) */
static void put_u64(FILE *fp, uint64_t v, bool negative)
{
	char buf[21], *e = buf + sizeof(buf), *b = e;

	do {
		*--b = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (negative)
		*--b = '-';
	put_bytes(fp, b, (size_t)(e - b));
}

void sq_json_key_text(FILE *fp, const char *key)
{
	put_string(fp, key, strlen(key));
	fputc_unlocked(':', fp);
}

void sq_json_str_text(FILE *fp, const char *s)
{
	if (s)
		put_string(fp, s, strlen(s));
	else
		put_bytes(fp, "null", 4);
}

void sq_json_i64_text(FILE *fp, int64_t v)
{
	/* the magnitude of INT64_MIN as an unsigned number */
	put_u64(fp, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0);
}

void sq_json_field_text(FILE *fp, const struct sysq_field *f, const void *st, const uint64_t *have, unsigned idx)
{
	const char *p = (const char *)st + f->offset;
	char buf[40];

	sq_json_key_text(fp, f->name);
	if (!((have[idx / 64] >> (idx % 64)) & 1u)) {
		put_bytes(fp, "null", 4);
		return;
	}
	switch (f->type) {
	case SYSQ_T_U64: {
		uint64_t u;
		memcpy(&u, p, sizeof(u));
		put_u64(fp, u, false);
		return;
	}
	case SYSQ_T_I64: {
		int64_t i;
		memcpy(&i, p, sizeof(i));
		sq_json_i64_text(fp, i);
		return;
	}
	case SYSQ_T_DOUBLE: {
		double d, r;
		memcpy(&d, p, sizeof(d));
		if (double_text(buf, sizeof(buf), d, sq_unit_decimals(f->unit), &r))
			put_bytes(fp, buf, strlen(buf));
		else
			put_bytes(fp, "null", 4);
		return;
	}
	case SYSQ_T_STR:
		put_string(fp, p, strlen(p));
		return;
	case SYSQ_T_CHAR:
		put_string(fp, p, *p ? 1 : 0);
		return;
	case SYSQ_T_STRP:
		sq_json_str_text(fp, pointer_at(p));
		return;
	case SYSQ_T_STRV: {
		char *const *sv = pointer_at(p);

		fputc_unlocked('[', fp);
		for (size_t i = 0; sv && sv[i]; i++) {
			if (i)
				fputc_unlocked(',', fp);
			put_string(fp, sv[i], strlen(sv[i]));
		}
		fputc_unlocked(']', fp);
		return;
	}
	case SYSQ_T_CPULIST:
	case SYSQ_T_IDLIST:
	case SYSQ_T_ENVIRON: {
		json_object *o = list_value(f->type, p);

		/* the C1 controls json-c leaves raw are escaped on the way */
		sq_json_write(fp, o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
									   JSON_C_TO_STRING_NOSLASHESCAPE)
				    : "null");
		json_object_put(o);
		return;
	}
	}
	put_bytes(fp, "null", 4);
}

FILE *sq_json_rows_next(struct sq_json_rows *r)
{
	if (!r->fp && !(r->fp = open_memstream(&r->buf, &r->len)))
		sq_die(SQ_EXIT_FAIL, "out of memory");
	if (r->n++)
		fputc_unlocked(',', r->fp);
	return r->fp;
}

void sq_json_rows_emit(struct sq_json_rows *r, const char *key)
{
	if (r->fp && fclose(r->fp) != 0)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	putchar('{');
	sq_json_key_text(stdout, key);
	putchar('[');
	fwrite(r->buf, 1, r->len, stdout);
	fputs("]}\n", stdout);
	free(r->buf);
	memset(r, 0, sizeof(*r));
	sq_flush();
}

void sq_json_write(FILE *fp, const char *text)
{
	const char *p = text;
	size_t run;

	/* json-c leaves DEL and U+0080..U+009F raw; as controls they could
	 * still act on a terminal, so they become \u escapes, as the row
	 * writer has them.  In serialized JSON these bytes only occur inside
	 * strings. */
	while (*(p += (run = strcspn(p, "\x7f\xc2")))) {
		unsigned char next = (unsigned char)p[1];

		fwrite(p - run, 1, run, fp);
		if (*p == 0x7f) {
			fputs("\\u007f", fp);
			p++;
		} else if (next >= 0x80 && next <= 0x9f) {
			fprintf(fp, "\\u%04x", next);
			p += 2;
		} else {
			fputc(0xc2, fp);
			p++;
		}
	}
	fwrite(p - run, 1, run, fp);
}

void sq_json_emit(const struct sq_cli *cli, json_object *doc)
{
	const char *s;

	if (!doc)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	s = sq_json_text(doc, cli->pretty);
	if (!s)
		sq_die(SQ_EXIT_FAIL, "out of memory");
	/* written whole, then flushed, so a sample is one complete line */
	sq_json_write(stdout, s);
	putchar('\n');
	sq_flush();
}
