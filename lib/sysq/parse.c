/* Strict, hand-written number parsers for kernel text. */
#include <string.h>

#include "sysq/internal.h"

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

int sysq_parse_u64(const char **p, uint64_t *out)
{
	const char *s = skip_blanks(*p);
	uint64_t v = 0;

	if (*s < '0' || *s > '9')
		return SYSQ_EPARSE;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		/* one compare a digit until the last that can fit: a division
		 * here was a fifth of parsing a stat line */
		if (v >= UINT64_MAX / 10 && (v > UINT64_MAX / 10 || d > UINT64_MAX % 10))
			return SYSQ_EPARSE;
		v = v * 10 + d;
	}
	*out = v;
	*p = s;
	return SYSQ_OK;
}

int sysq_parse_i64(const char **p, int64_t *out)
{
	const char *s = skip_blanks(*p);
	bool neg = false;
	uint64_t mag;
	int rc;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (*s < '0' || *s > '9')
		return SYSQ_EPARSE;
	if ((rc = sysq_parse_u64(&s, &mag)) < 0)
		return rc;
	if (neg ? mag > (uint64_t)INT64_MAX + 1 : mag > (uint64_t)INT64_MAX)
		return SYSQ_EPARSE;
	*out = neg ? (mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag) : (int64_t)mag;
	*p = s;
	return SYSQ_OK;
}

int sysq_parse_decimal(const char **p, double *out)
{
	const char *s = skip_blanks(*p);
	uint64_t whole;
	double frac = 0, scale = 1;
	int rc;

	if ((rc = sysq_parse_u64(&s, &whole)) < 0)
		return rc;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return SYSQ_EPARSE;
		for (; *s >= '0' && *s <= '9'; s++) {
			if (scale < 1e18) {
				frac = frac * 10 + (*s - '0');
				scale *= 10;
			}
		}
	}
	*out = (double)whole + frac / scale;
	*p = s;
	return SYSQ_OK;
}

bool sysq_next_line(const char **p, const char *end, const char **line, size_t *len)
{
	const char *s = *p, *nl;

	if (s >= end)
		return false;
	nl = memchr(s, '\n', (size_t)(end - s));
	*line = s;
	*len = (size_t)((nl ? nl : end) - s);
	*p = nl ? nl + 1 : end;
	return true;
}

bool sysq_key_is(const char *line, size_t len, const char *key, const char **rest)
{
	size_t k = strlen(key);

	if (len < k || memcmp(line, key, k) != 0)
		return false;
	if (len > k && line[k] != ' ' && line[k] != '\t' && line[k] != ':')
		return false;
	if (rest)
		*rest = line + k;
	return true;
}

int sysq_key_find(const struct sysq_key *rows, size_t stride, int n, const char *k, size_t len, int *next)
{
	for (int i = 0; i < n; i++) {
		int j = (*next + i) % n;
		const struct sysq_key *key = (const struct sysq_key *)((const char *)rows + (size_t)j * stride);

		if (key->len == len && memcmp(key->name, k, len) == 0) {
			*next = j + 1;
			return j;
		}
	}
	return -1;
}

double sysq_round1(double v)
{
	/* to one decimal, ties to even like Python's round(), without libm */
	double x = v * 10.0, r, diff;

	if (!(x > -9e15 && x < 9e15))
		return v; /* NaN, Inf or too large to have a fraction */
	r = (double)(long long)x;
	if (r > x)
		r -= 1.0; /* floor for negatives */
	diff = x - r;
	if (diff > 0.5 || (diff == 0.5 && ((long long)r & 1)))
		r += 1.0;
	return r / 10.0;
}

double sysq_percent(double used, double total)
{
	if (total <= 0)
		return 0.0;
	return sysq_round1(used / total * 100.0);
}
