/* cpu_count: logical CPUs from the cpuN lines of /proc/stat (else the
 * "processor" lines of /proc/cpuinfo), physical cores from
 * <sysfs>/devices/system/cpu/cpuN/topology (else the "physical id" and
 * "cpu cores" of /proc/cpuinfo), with psutil's definitions. */
#include <stdlib.h>
#include <string.h>

#include "sysq/cpu_internal.h"

#define F SYSQ_FIELD
static const struct sysq_field cpu_count_fields[SYSQ_CPUC__COUNT] = {
	F(struct sysq_cpu_count, SYSQ_CPUC_LOGICAL, logical, SYSQ_T_U64, SYSQ_U_COUNT, 0, "stat cpuN lines", "logical CPUs online"),
	F(struct sysq_cpu_count, SYSQ_CPUC_PHYSICAL, physical, SYSQ_T_U64, SYSQ_U_COUNT, 0, "topology core_cpus_list", "physical cores"),
};
const struct sysq_table sysq_cpu_count_table = { "cpu_count", cpu_count_fields, SYSQ_CPUC__COUNT };

/* ---- cpu_count ------------------------------------------------------ */

/* Logical CPUs: the cpuN lines of /proc/stat (online CPUs), else the
 * "processor" lines of /proc/cpuinfo; 0 when neither says. */
static uint64_t logical_cpus(sysq_ctx *ctx)
{
	size_t len;
	uint64_t n = 0;
	char *data;

	if (sysq_read(ctx, SYSQ_ROOT_PROC, "stat", &data, &len) == 0)
		n = sysq_count_cpu_lines(data, len);
	if (n || sysq_read(ctx, SYSQ_ROOT_PROC, "cpuinfo", &data, &len) < 0)
		return n;
	return sysq_parse_cpuinfo_processors(data, len);
}

uint64_t sysq_parse_cpuinfo_processors(const char *data, size_t len)
{
	const char *p = data, *end = data + len, *line;
	size_t ll;
	uint64_t n = 0;

	/* case-sensitive: old ARM kernels also print "Processor : ARMv7..." */
	while (sysq_next_line(&p, end, &line, &ll))
		if (sysq_key_is(line, ll, "processor", NULL))
			n++;
	return n;
}

/* The text of a one-value sysfs file (a CPU list of topology/...) without
 * the blanks and newlines around it: its start, and its length in *out. */
const char *sysq_parse_sysfs_text(const char *data, size_t len, size_t *out)
{
	while (len && (is_blank(data[len - 1]) || data[len - 1] == '\n'))
		len--;
	while (len && (is_blank(*data) || *data == '\n')) {
		data++;
		len--;
	}
	*out = len;
	return data;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The distinct contents of cpuN/topology/<file>: one per core.  0 when no
 * CPU has the file. */
static int distinct_siblings(sysq_ctx *ctx, const unsigned *cpus, size_t ncpu,
			     const char *file, uint64_t *count)
{
	char **seen;
	size_t n = 0;
	int rc = SYSQ_OK;

	*count = 0;
	if (!ncpu)
		return SYSQ_OK;
	if (!(seen = calloc(ncpu, sizeof(*seen))))
		return SYSQ_ENOMEM;
	for (size_t i = 0; i < ncpu; i++) {
		char rel[96], *data;
		size_t len;

		if (!sysq_path_fmt(rel, sizeof(rel), "devices/system/cpu/cpu%u/topology/%s", cpus[i], file))
			continue;
		/* a CPU that went away, or a denied file, is skipped */
		if (sysq_read(ctx, SYSQ_ROOT_SYS, rel, &data, &len) < 0)
			continue;
		data = (char *)sysq_parse_sysfs_text(data, len, &len);
		if (!len)
			continue;
		if (!(seen[n] = strndup(data, len))) {
			rc = SYSQ_ENOMEM;
			break;
		}
		n++;
	}
	if (rc == 0 && n) {
		qsort(seen, n, sizeof(*seen), cmp_str);
		*count = 1;
		for (size_t i = 1; i < n; i++)
			if (strcmp(seen[i - 1], seen[i]) != 0)
				(*count)++;
	}
	free_strv(seen, n);
	return rc;
}

/* Physical cores from sysfs topology: CPUs sharing a core list the same
 * siblings.  core_cpus_list (Linux 5.x) else thread_siblings_list. */
static int cores_from_topology(sysq_ctx *ctx, uint64_t *count)
{
	unsigned *cpus;
	size_t ncpu;
	int rc;

	*count = 0;
	if (sysq_list_numbered(ctx, "devices/system/cpu", "cpu", &cpus, &ncpu) < 0)
		return SYSQ_OK; /* no sysfs: not an error, try cpuinfo */
	rc = distinct_siblings(ctx, cpus, ncpu, "core_cpus_list", count);
	if (rc == 0 && *count == 0)
		rc = distinct_siblings(ctx, cpus, ncpu, "thread_siblings_list", count);
	free(cpus);
	return rc;
}

struct socket_cores {
	uint64_t id, cores;
	size_t seq; /* order in the file: the last section of an id wins */
};

static int cmp_socket(const void *a, const void *b)
{
	const struct socket_cores *x = a, *y = b;

	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The number after "key<blanks>:" on a cpuinfo line. */
static bool cpuinfo_u64(const char *line, size_t ll, const char *key, uint64_t *v)
{
	const char *colon, *p;

	if (!sysq_key_is(line, ll, key, &p))
		return false;
	colon = memchr(p, ':', ll - (size_t)(p - line));
	if (!colon)
		return false;
	for (const char *q = p; q < colon; q++)
		if (!is_blank(*q))
			return false;
	p = colon + 1;
	return sysq_parse_u64(&p, v) == 0 && at_sep(p, line + ll);
}

/* psutil's second method: the sections (blank-line separated) of
 * /proc/cpuinfo give "physical id" and "cpu cores"; the cores of each
 * distinct physical id are added up. */
int sysq_parse_cpuinfo_cores(const char *data, size_t len, uint64_t *count)
{
	const char *p, *end, *line;
	struct socket_cores *v = NULL;
	uint64_t id = 0, nc = 0, sum = 0;
	bool have_id = false, have_nc = false;
	size_t ll, n = 0, cap = 0;
	int rc = SYSQ_OK;

	*count = 0;
	p = data;
	end = data + len;
	for (;;) {
		bool more = sysq_next_line(&p, end, &line, &ll);

		if (more && ll) {
			if (cpuinfo_u64(line, ll, "physical id", &id))
				have_id = true;
			else if (cpuinfo_u64(line, ll, "cpu cores", &nc))
				have_nc = true;
			continue;
		}
		/* a section ends */
		if (have_id && have_nc) {
			struct socket_cores *nv = sysq_grow(v, &cap, n, sizeof(*v));

			if (!nv) {
				rc = SYSQ_ENOMEM;
				break;
			}
			v = nv;
			v[n] = (struct socket_cores){ id, nc, n };
			n++;
		}
		have_id = have_nc = false;
		if (!more)
			break;
	}
	if (rc == 0 && n) {
		qsort(v, n, sizeof(*v), cmp_socket);
		for (size_t i = 0; i < n; i++) {
			if (i + 1 < n && v[i + 1].id == v[i].id)
				continue;
			if (sum > UINT64_MAX - v[i].cores) {
				sum = 0; /* nonsense: unknown rather than wrapped */
				break;
			}
			sum += v[i].cores;
		}
		*count = sum;
	}
	free(v);
	return rc;
}

int sysq_cpu_count(sysq_ctx *ctx, struct sysq_cpu_count *out)
{
	char *data;
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	out->logical = logical_cpus(ctx);
	if (out->logical)
		SYSQ_SET(out, SYSQ_CPUC_LOGICAL);
	if ((rc = cores_from_topology(ctx, &out->physical)) < 0)
		return rc;
	if (!out->physical && sysq_read(ctx, SYSQ_ROOT_PROC, "cpuinfo", &data, &len) == 0 &&
	    (rc = sysq_parse_cpuinfo_cores(data, len, &out->physical)) < 0)
		return rc;
	if (out->physical)
		SYSQ_SET(out, SYSQ_CPUC_PHYSICAL);
	return out->logical || out->physical ? SYSQ_OK : SYSQ_ENOTSUP;
}
