/* cpu_times, cpu_percent, cpu_times_percent, cpu_count, cpu_stats,
 * cpu_freq and getloadavg from /proc/stat, /proc/cpuinfo, /proc/loadavg and
 * <sysfs>/devices/system/cpu, with psutil's definitions.
 *
 * Hostile input: a number too large for 64 bits is never wrapped.  In a cpu
 * line it makes that one field absent (the line and its CPU are kept); in
 * ctxt/intr/softirq it makes that counter absent.  2^64-1 itself is a value.
 * A last line without its newline was cut short and is not trusted. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysq/internal.h"

/* ---- field tables --------------------------------------------------- */

/* struct sysq_cpu_times keeps its fields in v[], indexed by the enum, so
 * the offsets are computed rather than taken from named members. */
#define CPUT_OFF(idx) (offsetof(struct sysq_cpu_times, v) + (size_t)(idx) * sizeof(double))
#define CPUT(idx, nm, un, hlp) \
	[idx] = { .name = nm, .type = SYSQ_T_DOUBLE, .unit = un, .offset = CPUT_OFF(idx), \
		  .group = SYSQ_G_CORE, .source = "stat cpu", .help = hlp }

/* The same rows in seconds (cpu_times) and percent (cpu_times_percent). */
#define CPUT_ROWS(un) { \
	CPUT(SYSQ_CPUT_USER, "user", un, "normal processes in user mode (includes guest)"), \
	CPUT(SYSQ_CPUT_NICE, "nice", un, "niced processes in user mode (includes guest_nice)"), \
	CPUT(SYSQ_CPUT_SYSTEM, "system", un, "kernel mode"), \
	CPUT(SYSQ_CPUT_IDLE, "idle", un, "doing nothing"), \
	CPUT(SYSQ_CPUT_IOWAIT, "iowait", un, "idle while waiting for I/O"), \
	CPUT(SYSQ_CPUT_IRQ, "irq", un, "servicing hardware interrupts"), \
	CPUT(SYSQ_CPUT_SOFTIRQ, "softirq", un, "servicing software interrupts"), \
	CPUT(SYSQ_CPUT_STEAL, "steal", un, "taken by the hypervisor for other guests"), \
	CPUT(SYSQ_CPUT_GUEST, "guest", un, "running guest virtual CPUs"), \
	CPUT(SYSQ_CPUT_GUEST_NICE, "guest_nice", un, "running niced guest virtual CPUs"), \
}

static const struct sysq_field cpu_times_fields[SYSQ_CPUT__COUNT] = CPUT_ROWS(SYSQ_U_SECONDS);
static const struct sysq_field cpu_times_pct_fields[SYSQ_CPUT__COUNT] = CPUT_ROWS(SYSQ_U_PERCENT);

const struct sysq_table sysq_cpu_times_table = { "cpu_times", cpu_times_fields, SYSQ_CPUT__COUNT };
const struct sysq_table sysq_cpu_times_percent_table = {
	"cpu_times_percent", cpu_times_pct_fields, SYSQ_CPUT__COUNT
};

#define F SYSQ_FIELD
static const struct sysq_field cpu_count_fields[SYSQ_CPUC__COUNT] = {
	F(struct sysq_cpu_count, SYSQ_CPUC_LOGICAL, logical, SYSQ_T_U64, SYSQ_U_COUNT, 0, "stat cpuN lines", "logical CPUs online"),
	F(struct sysq_cpu_count, SYSQ_CPUC_PHYSICAL, physical, SYSQ_T_U64, SYSQ_U_COUNT, 0, "topology core_cpus_list", "physical cores"),
};
const struct sysq_table sysq_cpu_count_table = { "cpu_count", cpu_count_fields, SYSQ_CPUC__COUNT };

static const struct sysq_field cpu_stats_fields[SYSQ_CPUS__COUNT] = {
	F(struct sysq_cpu_stats, SYSQ_CPUS_CTX_SWITCHES, ctx_switches, SYSQ_T_U64, SYSQ_U_COUNT, 0, "stat ctxt", "context switches since boot"),
	F(struct sysq_cpu_stats, SYSQ_CPUS_INTERRUPTS, interrupts, SYSQ_T_U64, SYSQ_U_COUNT, 0, "stat intr", "interrupts since boot"),
	F(struct sysq_cpu_stats, SYSQ_CPUS_SOFT_INTERRUPTS, soft_interrupts, SYSQ_T_U64, SYSQ_U_COUNT, 0, "stat softirq", "software interrupts since boot"),
	F(struct sysq_cpu_stats, SYSQ_CPUS_SYSCALLS, syscalls, SYSQ_T_U64, SYSQ_U_COUNT, 0, "none", "system calls (always 0 on Linux)"),
};
const struct sysq_table sysq_cpu_stats_table = { "cpu_stats", cpu_stats_fields, SYSQ_CPUS__COUNT };

static const struct sysq_field cpu_freq_fields[SYSQ_CPUF__COUNT] = {
	F(struct sysq_cpu_freq, SYSQ_CPUF_CURRENT, current, SYSQ_T_DOUBLE, SYSQ_U_MHZ, 0, "cpuinfo cpu MHz, cpufreq scaling_cur_freq", "current frequency"),
	F(struct sysq_cpu_freq, SYSQ_CPUF_MIN, min, SYSQ_T_DOUBLE, SYSQ_U_MHZ, 0, "cpufreq scaling_min_freq", "lowest frequency the governor may pick"),
	F(struct sysq_cpu_freq, SYSQ_CPUF_MAX, max, SYSQ_T_DOUBLE, SYSQ_U_MHZ, 0, "cpufreq scaling_max_freq", "highest frequency the governor may pick"),
};
const struct sysq_table sysq_cpu_freq_table = { "cpu_freq", cpu_freq_fields, SYSQ_CPUF__COUNT };

/* ---- small helpers -------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Does a number end here: a blank, the end of the line or of the file? */
static bool at_sep(const char *p, const char *end)
{
	return p >= end || is_blank(*p) || *p == '\n' || *p == '\0';
}

/* Is the line ending at lend the last of data[0..len) and cut short? */
static bool cut_short(const char *lend, const char *data, size_t len)
{
	return lend == data + len && len > 0 && data[len - 1] != '\n';
}

/* A path below a root; false if it would not fit (never read a cut path). */
__attribute__((format(printf, 3, 4)))
static bool path_fmt(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r >= 0 && (size_t)r < n;
}

/* Room for element n of an array of `size`-byte elements: the array,
 * perhaps moved, or NULL (out of memory or size overflow; arr untouched). */
static void *grow(void *arr, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return arr;
	ncap = *cap ? *cap : 16;
	if (*cap) {
		if (ncap > SIZE_MAX / 2)
			return NULL;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / size)
		return NULL;
	if (!(p = realloc(arr, ncap * size)))
		return NULL;
	*cap = ncap;
	return p;
}

/* One unsigned number of a sysfs file (kHz, a flag...), alone on its line. */
static int read_u64_file(sysq_ctx *ctx, const char *rel, uint64_t *v)
{
	const char *p;
	char *data;
	size_t len;
	int rc;

	if ((rc = sysq_read(ctx, SYSQ_ROOT_SYS, rel, &data, &len)) < 0)
		return rc;
	p = data;
	if (sysq_parse_u64(&p, v) < 0 || !at_sep(p, data + len))
		return SYSQ_EPARSE;
	return SYSQ_OK;
}

/* ---- /proc/stat cpu lines ------------------------------------------- */

enum { LINE_OTHER, LINE_TOTAL, LINE_CPU };

/* Classify a /proc/stat line: "cpu" (the total), "cpuN" or anything else.
 * *rest points after the name. */
static int cpu_line_kind(const char *line, size_t ll, int *id, const char **rest)
{
	const char *p = line + 3, *lend = line + ll;
	uint64_t n;

	if (ll < 4 || memcmp(line, "cpu", 3) != 0)
		return LINE_OTHER;
	if (is_blank(*p)) {
		*rest = p;
		return LINE_TOTAL;
	}
	if (*p < '0' || *p > '9' || sysq_parse_u64(&p, &n) < 0 || n > INT32_MAX ||
	    p >= lend || !is_blank(*p))
		return LINE_OTHER;
	*id = (int)n;
	*rest = p;
	return LINE_CPU;
}

/* One tick count of a cpu line: 1 parsed, 0 too large for 64 bits (the
 * digits are skipped), -1 not a number (the fields end here). */
static int tick_field(const char **pp, const char *end, uint64_t *v)
{
	const char *p = *pp;

	while (p < end && is_blank(*p))
		p++;
	if (p >= end || *p < '0' || *p > '9')
		return -1;
	if (sysq_parse_u64(&p, v) == 0) {
		if (!at_sep(p, end))
			return -1;
		*pp = p;
		return 1;
	}
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	if (!at_sep(p, end))
		return -1;
	*pp = p;
	return 0;
}

/* The tick counts after "cpu"/"cpuN", as seconds.  Fields the line does
 * not have (older kernels: 4 before 2.5.41, 7 before 2.6.11...) stay
 * absent; fields beyond guest_nice are ignored.  Every kernel prints at
 * least user, nice, system and idle: fewer numbers is not a cpu line. */
static int parse_cpu_times(const char *p, const char *end, long tck, struct sysq_cpu_times *t)
{
	int nums = 0;

	memset(t, 0, sizeof(*t));
	for (int i = 0; i < SYSQ_CPUT__COUNT; i++) {
		uint64_t ticks;
		int r = tick_field(&p, end, &ticks);

		if (r < 0)
			break;
		nums++;
		if (r == 0)
			continue;
		t->v[i] = (double)ticks / (double)tck;
		SYSQ_SET(t, i);
	}
	return nums >= 4 ? SYSQ_OK : SYSQ_EPARSE;
}

void sysq_cpu_snapshot_free(struct sysq_cpu_snapshot *snap)
{
	if (!snap)
		return;
	free(snap->percpu);
	free(snap->cpu_ids);
	snap->percpu = NULL;
	snap->cpu_ids = NULL;
	snap->ncpu = 0;
}

/* The cpuN lines of a /proc/stat image that can be trusted. */
static size_t count_cpu_lines(const char *data, size_t len)
{
	const char *p = data, *end = data + len, *line, *rest;
	size_t ll, n = 0;
	int id;

	while (sysq_next_line(&p, end, &line, &ll))
		if (!cut_short(line + ll, data, len) && cpu_line_kind(line, ll, &id, &rest) == LINE_CPU)
			n++;
	return n;
}

int sysq_cpu_snapshot(sysq_ctx *ctx, struct sysq_cpu_snapshot *out)
{
	const char *p, *end, *line, *rest;
	bool have_total = false;
	size_t len, ll, cap;
	char *data;
	int rc, id;

	memset(out, 0, sizeof(*out));
	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, "stat", &data, &len)) < 0)
		return rc;
	/* count first so the arrays are allocated once, at their size */
	cap = count_cpu_lines(data, len);
	if (cap) {
		out->percpu = calloc(cap, sizeof(*out->percpu));
		out->cpu_ids = calloc(cap, sizeof(*out->cpu_ids));
		if (!out->percpu || !out->cpu_ids) {
			sysq_cpu_snapshot_free(out);
			return SYSQ_ENOMEM;
		}
	}
	p = data;
	end = data + len;
	while (sysq_next_line(&p, end, &line, &ll)) {
		const char *lend = line + ll;
		int kind = cpu_line_kind(line, ll, &id, &rest);

		if (kind == LINE_OTHER || cut_short(lend, data, len))
			continue;
		if (kind == LINE_TOTAL) {
			/* the first one, as psutil reads the first line */
			if (!have_total && parse_cpu_times(rest, lend, ctx->clk_tck, &out->total) == 0)
				have_total = true;
			continue;
		}
		if (out->ncpu < cap &&
		    parse_cpu_times(rest, lend, ctx->clk_tck, &out->percpu[out->ncpu]) == 0)
			out->cpu_ids[out->ncpu++] = id;
	}
	if (!have_total) {
		sysq_cpu_snapshot_free(out);
		return SYSQ_EPARSE;
	}
	return SYSQ_OK;
}

/* ---- rates from two snapshots --------------------------------------- */

/* Field deltas clamped at 0 (psutil #392, #645, #1210: some kernels let a
 * counter step back); a field absent in either sample stays absent. */
static void deltas(const struct sysq_cpu_times *a, const struct sysq_cpu_times *b,
		   struct sysq_cpu_times *d)
{
	memset(d, 0, sizeof(*d));
	for (int i = 0; i < SYSQ_CPUT__COUNT; i++) {
		if (!SYSQ_HAVE(a, i) || !SYSQ_HAVE(b, i))
			continue;
		d->v[i] = b->v[i] > a->v[i] ? b->v[i] - a->v[i] : 0.0;
		SYSQ_SET(d, i);
	}
}

/* All the time that passed: the present fields, less guest and guest_nice,
 * which the kernel already counts in user and nice. */
static double total_time(const struct sysq_cpu_times *d)
{
	double sum = 0;

	for (int i = 0; i < SYSQ_CPUT__COUNT; i++)
		if (SYSQ_HAVE(d, i) && i != SYSQ_CPUT_GUEST && i != SYSQ_CPUT_GUEST_NICE)
			sum += d->v[i];
	return sum;
}

/* Without idle, no share can be computed: like psutil's "nothing elapsed",
 * the answer is 0.0 (the API has no way to say absent). */
double sysq_cpu_percent(const struct sysq_cpu_times *t1, const struct sysq_cpu_times *t2)
{
	struct sysq_cpu_times d;
	double all, busy;

	deltas(t1, t2, &d);
	if (!SYSQ_HAVE(&d, SYSQ_CPUT_IDLE))
		return 0.0;
	all = total_time(&d);
	if (!(all > 0))
		return 0.0;
	/* iowait is idle time too (not counted in idle on Linux) */
	busy = all - d.v[SYSQ_CPUT_IDLE] - d.v[SYSQ_CPUT_IOWAIT];
	/* all >= idle + iowait, so only rounding can take this below 0 */
	if (busy < 0)
		busy = 0;
	return sysq_round1(busy / all * 100.0);
}

/* psutil scales by 100 / max(1, all), assuming whole seconds; with times in
 * seconds an interval under a second would then be under-reported, so the
 * scale here is 100 / all, and 0 when nothing elapsed. */
void sysq_cpu_times_percent(const struct sysq_cpu_times *t1, const struct sysq_cpu_times *t2,
			    struct sysq_cpu_times *out)
{
	struct sysq_cpu_times d;
	double all, scale;

	deltas(t1, t2, &d);
	all = total_time(&d);
	scale = all > 0 ? 100.0 / all : 0.0;
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < SYSQ_CPUT__COUNT; i++) {
		double pct;

		if (!SYSQ_HAVE(&d, i))
			continue;
		pct = sysq_round1(d.v[i] * scale);
		out->v[i] = pct < 0 ? 0.0 : pct > 100.0 ? 100.0 : pct;
		SYSQ_SET(out, i);
	}
}

/* ---- sysfs directory listings --------------------------------------- */

/* N of a directory entry named <prefix>N (N decimal, nothing after). */
static bool numbered(const char *name, const char *prefix, unsigned *n)
{
	size_t pl = strlen(prefix);
	const char *p = name + pl;
	uint64_t v;

	if (strncmp(name, prefix, pl) != 0 || *p < '0' || *p > '9' ||
	    sysq_parse_u64(&p, &v) < 0 || *p || v > INT32_MAX)
		return false;
	*n = (unsigned)v;
	return true;
}

/* The N of the <prefix>N entries of a sysfs directory, in readdir order;
 * *ids is allocated (NULL when none). */
static int list_numbered(sysq_ctx *ctx, const char *dir, const char *prefix,
			 unsigned **ids, size_t *n)
{
	struct dirent *de;
	size_t cap = 0;
	int fd, rc = SYSQ_OK;
	DIR *d;

	*ids = NULL;
	*n = 0;
	if ((fd = sysq_root_fd(ctx, SYSQ_ROOT_SYS)) < 0)
		return fd;
	fd = openat(fd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return sysq_errno_code(errno);
	if (!(d = fdopendir(fd))) {
		rc = sysq_errno_code(errno);
		close(fd);
		return rc;
	}
	while ((de = readdir(d)) != NULL) {
		unsigned num;

		if (!numbered(de->d_name, prefix, &num))
			continue;
		unsigned *nv = grow(*ids, &cap, *n, sizeof(**ids));

		if (!nv) {
			rc = SYSQ_ENOMEM;
			break;
		}
		*ids = nv;
		(*ids)[(*n)++] = num;
	}
	closedir(d);
	if (rc < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return rc;
	}
	return SYSQ_OK;
}

/* ---- cpu_count ------------------------------------------------------ */

/* Logical CPUs: the cpuN lines of /proc/stat (online CPUs), else the
 * "processor" lines of /proc/cpuinfo; 0 when neither says. */
static uint64_t logical_cpus(sysq_ctx *ctx)
{
	const char *p, *end, *line;
	size_t len, ll;
	uint64_t n = 0;
	char *data;

	if (sysq_read(ctx, SYSQ_ROOT_PROC, "stat", &data, &len) == 0)
		n = count_cpu_lines(data, len);
	if (n || sysq_read(ctx, SYSQ_ROOT_PROC, "cpuinfo", &data, &len) < 0)
		return n;
	p = data;
	end = data + len;
	/* case-sensitive: old ARM kernels also print "Processor : ARMv7..." */
	while (sysq_next_line(&p, end, &line, &ll))
		if (sysq_key_is(line, ll, "processor", NULL))
			n++;
	return n;
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

		if (!path_fmt(rel, sizeof(rel), "devices/system/cpu/cpu%u/topology/%s", cpus[i], file))
			continue;
		/* a CPU that went away, or a denied file, is skipped */
		if (sysq_read(ctx, SYSQ_ROOT_SYS, rel, &data, &len) < 0)
			continue;
		while (len && (is_blank(data[len - 1]) || data[len - 1] == '\n'))
			len--;
		while (len && (is_blank(*data) || *data == '\n')) {
			data++;
			len--;
		}
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
	if (list_numbered(ctx, "devices/system/cpu", "cpu", &cpus, &ncpu) < 0)
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
static int cores_from_cpuinfo(sysq_ctx *ctx, uint64_t *count)
{
	const char *p, *end, *line;
	struct socket_cores *v = NULL;
	uint64_t id = 0, nc = 0, sum = 0;
	bool have_id = false, have_nc = false;
	size_t len, ll, n = 0, cap = 0;
	char *data;
	int rc = SYSQ_OK;

	*count = 0;
	if (sysq_read(ctx, SYSQ_ROOT_PROC, "cpuinfo", &data, &len) < 0)
		return SYSQ_OK;
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
			struct socket_cores *nv = grow(v, &cap, n, sizeof(*v));

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
	int rc;

	memset(out, 0, sizeof(*out));
	out->logical = logical_cpus(ctx);
	if (out->logical)
		SYSQ_SET(out, SYSQ_CPUC_LOGICAL);
	if ((rc = cores_from_topology(ctx, &out->physical)) < 0)
		return rc;
	if (!out->physical && (rc = cores_from_cpuinfo(ctx, &out->physical)) < 0)
		return rc;
	if (out->physical)
		SYSQ_SET(out, SYSQ_CPUC_PHYSICAL);
	return out->logical || out->physical ? SYSQ_OK : SYSQ_ENOTSUP;
}

/* ---- cpu_stats ------------------------------------------------------ */

int sysq_cpu_stats(sysq_ctx *ctx, struct sysq_cpu_stats *out)
{
	static const struct { const char *key; int idx; } keys[] = {
		{ "ctxt", SYSQ_CPUS_CTX_SWITCHES },
		{ "intr", SYSQ_CPUS_INTERRUPTS },       /* the total, before the per-IRQ counts */
		{ "softirq", SYSQ_CPUS_SOFT_INTERRUPTS }, /* likewise */
	};
	uint64_t *const dst[SYSQ_CPUS__COUNT] = {
		[SYSQ_CPUS_CTX_SWITCHES] = &out->ctx_switches,
		[SYSQ_CPUS_INTERRUPTS] = &out->interrupts,
		[SYSQ_CPUS_SOFT_INTERRUPTS] = &out->soft_interrupts,
		[SYSQ_CPUS_SYSCALLS] = &out->syscalls,
	};
	const char *p, *end, *line, *rest;
	bool seen[SYSQ_CPUS__COUNT] = { false };
	size_t len, ll;
	char *data;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, "stat", &data, &len)) < 0)
		return rc;
	p = data;
	end = data + len;
	while (sysq_next_line(&p, end, &line, &ll)) {
		if (cut_short(line + ll, data, len))
			break;
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			int idx = keys[k].idx;
			uint64_t v;

			if (seen[idx] || !sysq_key_is(line, ll, keys[k].key, &rest))
				continue;
			/* the first such line decides, even when its number
			 * does not fit: that counter is then absent */
			seen[idx] = true;
			if (sysq_parse_u64(&rest, &v) == 0 && at_sep(rest, line + ll)) {
				*dst[idx] = v;
				SYSQ_SET(out, idx);
			}
		}
	}
	/* Linux counts no system calls: psutil reports 0, a real value */
	out->syscalls = 0;
	SYSQ_SET(out, SYSQ_CPUS_SYSCALLS);
	return SYSQ_OK;
}

/* ---- cpu_freq ------------------------------------------------------- */

/* The current frequencies of /proc/cpuinfo, in its order: "cpu MHz"
 * (x86), "clock" (ppc, with a "MHz" suffix), "cpu MHz dynamic" (s390x,
 * whose "cpu MHz static" is not the current one).  Keys as psutil
 * compares them: case-insensitive, blanks around trimmed. */
static int cpuinfo_mhz(sysq_ctx *ctx, double **out, size_t *n)
{
	static const char *const keys[] = { "cpu MHz", "clock", "cpu MHz dynamic" };
	const char *p, *end, *line;
	size_t len, ll, cap = 0;
	char *data;

	*out = NULL;
	*n = 0;
	if (sysq_read(ctx, SYSQ_ROOT_PROC, "cpuinfo", &data, &len) < 0)
		return SYSQ_OK; /* no cpuinfo: no MHz lines */
	p = data;
	end = data + len;
	while (sysq_next_line(&p, end, &line, &ll)) {
		const char *colon = memchr(line, ':', ll), *k = line, *v;
		size_t kl;
		bool match = false;
		double mhz;

		if (!colon)
			continue;
		while (k < colon && is_blank(*k))
			k++;
		kl = (size_t)(colon - k);
		while (kl && is_blank(k[kl - 1]))
			kl--;
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]) && !match; i++)
			match = kl == strlen(keys[i]) && strncasecmp(k, keys[i], kl) == 0;
		v = colon + 1;
		if (!match || sysq_parse_decimal(&v, &mhz) < 0)
			continue;
		double *nv = grow(*out, &cap, *n, sizeof(**out));

		if (!nv) {
			free(*out);
			*out = NULL;
			*n = 0;
			return SYSQ_ENOMEM;
		}
		*out = nv;
		(*out)[(*n)++] = mhz;
	}
	return SYSQ_OK;
}

/* Which cpufreq directory answers for a CPU. */
struct freq_src {
	unsigned cpu;
	unsigned dir;   /* N of policyN or of cpuN/cpufreq */
	bool policy;
};

static int cmp_src(const void *a, const void *b)
{
	const struct freq_src *x = a, *y = b;

	if (x->cpu != y->cpu)
		return (x->cpu > y->cpu) - (x->cpu < y->cpu);
	return (x->dir > y->dir) - (x->dir < y->dir);
}

static bool src_path(char *buf, size_t n, const struct freq_src *s, const char *file)
{
	if (s->policy)
		return path_fmt(buf, n, "devices/system/cpu/cpufreq/policy%u/%s", s->dir, file);
	return path_fmt(buf, n, "devices/system/cpu/cpu%u/cpufreq/%s", s->dir, file);
}

/* Sort and drop repeated CPUs (the lowest directory keeps a CPU that two
 * directories claim, so the answer does not hang on readdir order). */
static size_t unique_srcs(struct freq_src *v, size_t n)
{
	size_t k = 0;

	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_src);
	for (size_t i = 1; i < n; i++)
		if (v[i].cpu != v[k].cpu)
			v[++k] = v[i];
	return k + 1;
}

static int push_src(struct freq_src **v, size_t *n, size_t *cap, struct freq_src s)
{
	struct freq_src *nv = grow(*v, cap, *n, sizeof(**v));

	if (!nv)
		return SYSQ_ENOMEM;
	*v = nv;
	nv[(*n)++] = s;
	return SYSQ_OK;
}

/* Add the CPUs a cpufreq directory governs: those of its affected_cpus
 * (psutil #2512: one policy may govern several CPUs, and offline CPUs are
 * in none), else the N of its name. */
static int add_srcs(sysq_ctx *ctx, unsigned dir, bool policy, struct freq_src **v,
		    size_t *n, size_t *cap)
{
	struct freq_src s = { .cpu = dir, .dir = dir, .policy = policy };
	size_t start = *n;
	const char *p, *end;
	char rel[96], *data;
	size_t len;
	int rc;

	if (!src_path(rel, sizeof(rel), &s, "affected_cpus"))
		return SYSQ_OK;
	if (sysq_read(ctx, SYSQ_ROOT_SYS, rel, &data, &len) < 0)
		return push_src(v, n, cap, s);
	p = data;
	end = data + len;
	for (;;) {
		uint64_t cpu;

		while (p < end && (is_blank(*p) || *p == '\n'))
			p++;
		if (p >= end || sysq_parse_u64(&p, &cpu) < 0 || cpu > INT32_MAX)
			break;
		s.cpu = (unsigned)cpu;
		if ((rc = push_src(v, n, cap, s)) < 0)
			return rc;
	}
	/* a list that repeats itself takes the room of its distinct CPUs */
	*n = start + unique_srcs(*v + start, *n - start);
	return SYSQ_OK;
}

/* The cpufreq directory of each CPU, sorted by CPU: cpufreq/policyN/
 * (Linux 4.3+), else cpuN/cpufreq/.  0 entries when there is no cpufreq. */
static int freq_sources(sysq_ctx *ctx, struct freq_src **out, size_t *nout)
{
	struct freq_src *v = NULL;
	size_t n = 0, cap = 0, nids;
	unsigned *ids;
	bool policy = true;
	int sysfd, rc = SYSQ_OK;

	*out = NULL;
	*nout = 0;
	if (list_numbered(ctx, "devices/system/cpu/cpufreq", "policy", &ids, &nids) < 0 || !nids) {
		free(ids);
		policy = false;
		if (list_numbered(ctx, "devices/system/cpu", "cpu", &ids, &nids) < 0)
			return SYSQ_OK;
	}
	sysfd = sysq_root_fd(ctx, SYSQ_ROOT_SYS);
	for (size_t i = 0; i < nids && rc == 0; i++) {
		char rel[64];
		struct stat st;

		if (!policy) {
			if (!path_fmt(rel, sizeof(rel), "devices/system/cpu/cpu%u/cpufreq", ids[i]) ||
			    fstatat(sysfd, rel, &st, 0) < 0 || !S_ISDIR(st.st_mode))
				continue;
		}
		rc = add_srcs(ctx, ids[i], policy, &v, &n, &cap);
	}
	free(ids);
	if (rc < 0) {
		free(v);
		return rc;
	}
	*out = v;
	*nout = unique_srcs(v, n);
	return SYSQ_OK;
}

/* A kHz file of a cpufreq directory, as MHz. */
static bool read_khz(sysq_ctx *ctx, const struct freq_src *s, const char *file, double *mhz)
{
	char rel[96];
	uint64_t khz;

	if (!src_path(rel, sizeof(rel), s, file) || read_u64_file(ctx, rel, &khz) < 0)
		return false;
	*mhz = (double)khz / 1000.0;
	return true;
}

/* Is this CPU known to be offline (cpuN/online says 0)? */
static bool cpu_offline(sysq_ctx *ctx, unsigned cpu)
{
	char rel[64];
	uint64_t on;

	return path_fmt(rel, sizeof(rel), "devices/system/cpu/cpu%u/online", cpu) &&
	       read_u64_file(ctx, rel, &on) == 0 && on == 0;
}

/* psutil's Linux cpu_freq, per CPU in CPU order.  When cpuinfo has one MHz
 * line per CPU, current comes from there (psutil #1851: reading
 * scaling_cur_freq can wake an idle CPU); else scaling_cur_freq, else
 * cpuinfo_cur_freq (psutil #1071).  A CPU with neither is skipped when
 * offline (psutil #2628) and has current absent otherwise. */
static void freq_from_sysfs(sysq_ctx *ctx, const struct freq_src *src, size_t nsrc,
			    const double *info, size_t ninfo, struct sysq_cpu_freq *v, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < nsrc; i++) {
		struct sysq_cpu_freq *f = &v[*n];
		bool cur;

		memset(f, 0, sizeof(*f));
		if (nsrc == ninfo) {
			f->current = info[i];
			cur = true;
		} else {
			cur = read_khz(ctx, &src[i], "scaling_cur_freq", &f->current) ||
			      read_khz(ctx, &src[i], "cpuinfo_cur_freq", &f->current);
		}
		if (!cur && cpu_offline(ctx, src[i].cpu))
			continue;
		if (cur)
			SYSQ_SET(f, SYSQ_CPUF_CURRENT);
		if (read_khz(ctx, &src[i], "scaling_min_freq", &f->min))
			SYSQ_SET(f, SYSQ_CPUF_MIN);
		if (read_khz(ctx, &src[i], "scaling_max_freq", &f->max))
			SYSQ_SET(f, SYSQ_CPUF_MAX);
		(*n)++;
	}
}

/* psutil's system-wide figure: the mean of each field over the CPUs (one
 * CPU: itself).  Current is absent if any CPU lacks it; min and max are
 * both absent if any CPU lacks either, as psutil sets both to None. */
static void freq_mean(const struct sysq_cpu_freq *v, size_t n, struct sysq_cpu_freq *out)
{
	double cur = 0, mn = 0, mx = 0;
	bool have_cur = true, have_mm = true;

	memset(out, 0, sizeof(*out));
	if (n == 1) {
		*out = v[0];
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (SYSQ_HAVE(&v[i], SYSQ_CPUF_CURRENT))
			cur += v[i].current;
		else
			have_cur = false;
		if (SYSQ_HAVE(&v[i], SYSQ_CPUF_MIN) && SYSQ_HAVE(&v[i], SYSQ_CPUF_MAX)) {
			mn += v[i].min;
			mx += v[i].max;
		} else {
			have_mm = false;
		}
	}
	if (have_cur) {
		out->current = cur / (double)n;
		SYSQ_SET(out, SYSQ_CPUF_CURRENT);
	}
	if (have_mm) {
		out->min = mn / (double)n;
		out->max = mx / (double)n;
		SYSQ_SET(out, SYSQ_CPUF_MIN);
		SYSQ_SET(out, SYSQ_CPUF_MAX);
	}
}

int sysq_cpu_freq(sysq_ctx *ctx, struct sysq_cpu_freq *out, struct sysq_cpu_freq **percpu,
		  size_t *ncpu)
{
	struct sysq_cpu_freq *v = NULL;
	struct freq_src *src = NULL;
	double *info = NULL;
	size_t ninfo, nsrc, n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (percpu && !ncpu)
		return SYSQ_EINVAL;
	if (percpu) {
		*percpu = NULL;
		*ncpu = 0;
	}
	if ((rc = cpuinfo_mhz(ctx, &info, &ninfo)) < 0)
		return rc;
	if ((rc = freq_sources(ctx, &src, &nsrc)) < 0)
		goto done;
	if (nsrc) {
		if (!(v = calloc(nsrc, sizeof(*v)))) {
			rc = SYSQ_ENOMEM;
			goto done;
		}
		freq_from_sysfs(ctx, src, nsrc, info, ninfo, v, &n);
	} else if (ninfo) {
		/* no cpufreq (VMs, old kernels): cpuinfo's MHz; min and max
		 * unknown (psutil says 0.0, which would be a lie here) */
		if (!(v = calloc(ninfo, sizeof(*v)))) {
			rc = SYSQ_ENOMEM;
			goto done;
		}
		for (n = 0; n < ninfo; n++) {
			v[n].current = info[n];
			SYSQ_SET(&v[n], SYSQ_CPUF_CURRENT);
		}
	}
	if (n == 0) {
		rc = SYSQ_ENOTSUP;
		goto done;
	}
	freq_mean(v, n, out);
	if (percpu) {
		*percpu = v;
		*ncpu = n;
		v = NULL;
	}
done:
	free(v);
	free(src);
	free(info);
	return rc;
}

/* ---- getloadavg ----------------------------------------------------- */

int sysq_getloadavg(sysq_ctx *ctx, double load[3])
{
	const char *p, *end;
	double l[3];
	size_t len;
	char *data;
	int rc;

	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, "loadavg", &data, &len)) < 0)
		return rc;
	p = data;
	end = data + len;
	/* each number ends at a blank or the newline: one that ends the
	 * file was cut short */
	for (int i = 0; i < 3; i++)
		if (sysq_parse_decimal(&p, &l[i]) < 0 || p >= end || !(is_blank(*p) || *p == '\n'))
			return SYSQ_EPARSE;
	memcpy(load, l, sizeof(l));
	return SYSQ_OK;
}
