/* cpu_times, cpu_percent, cpu_times_percent, cpu_stats and getloadavg from
 * /proc/stat and /proc/loadavg, with psutil's definitions; and the helpers
 * cpu_count.c and cpu_freq.c take from here (cpu_internal.h).
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
#include <unistd.h>

#include "sysq/cpu_internal.h"

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
static const struct sysq_field cpu_stats_fields[SYSQ_CPUS__COUNT] = {
	F(struct sysq_cpu_stats, SYSQ_CPUS_CTX_SWITCHES, ctx_switches, SYSQ_T_U64, SYSQ_U_COUNT, 0, "stat ctxt", "context switches since boot"),
	F(struct sysq_cpu_stats, SYSQ_CPUS_INTERRUPTS, interrupts, SYSQ_T_U64, SYSQ_U_COUNT, 0, "stat intr", "interrupts since boot"),
	F(struct sysq_cpu_stats, SYSQ_CPUS_SOFT_INTERRUPTS, soft_interrupts, SYSQ_T_U64, SYSQ_U_COUNT, 0, "stat softirq", "software interrupts since boot"),
	F(struct sysq_cpu_stats, SYSQ_CPUS_SYSCALLS, syscalls, SYSQ_T_U64, SYSQ_U_COUNT, 0, "none", "system calls (always 0 on Linux)"),
};
const struct sysq_table sysq_cpu_stats_table = { "cpu_stats", cpu_stats_fields, SYSQ_CPUS__COUNT };

/* ---- small helpers -------------------------------------------------- */

/* Is the line ending at lend the last of data[0..len) and cut short? */
static bool cut_short(const char *lend, const char *data, size_t len)
{
	return lend == data + len && len > 0 && data[len - 1] != '\n';
}

/* A path below a root; false if it would not fit (never read a cut path). */
bool sysq_path_fmt(char *buf, size_t n, const char *fmt, ...)
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
void *sysq_grow(void *arr, size_t *cap, size_t n, size_t size)
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
size_t sysq_count_cpu_lines(const char *data, size_t len)
{
	const char *p = data, *end = data + len, *line, *rest;
	size_t ll, n = 0;
	int id;

	while (sysq_next_line(&p, end, &line, &ll))
		if (!cut_short(line + ll, data, len) && cpu_line_kind(line, ll, &id, &rest) == LINE_CPU)
			n++;
	return n;
}

int sysq_parse_cpu_snapshot(const char *data, size_t len, long clk_tck, struct sysq_cpu_snapshot *out)
{
	const char *p, *end, *line, *rest;
	bool have_total = false;
	size_t ll, cap;
	int id;

	memset(out, 0, sizeof(*out));
	/* count first so the arrays are allocated once, at their size */
	cap = sysq_count_cpu_lines(data, len);
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
			if (!have_total && parse_cpu_times(rest, lend, clk_tck, &out->total) == 0)
				have_total = true;
			continue;
		}
		if (out->ncpu < cap &&
		    parse_cpu_times(rest, lend, clk_tck, &out->percpu[out->ncpu]) == 0)
			out->cpu_ids[out->ncpu++] = id;
	}
	if (!have_total) {
		sysq_cpu_snapshot_free(out);
		return SYSQ_EPARSE;
	}
	return SYSQ_OK;
}

int sysq_cpu_snapshot(sysq_ctx *ctx, struct sysq_cpu_snapshot *out)
{
	size_t len;
	char *data;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, "stat", &data, &len)) < 0)
		return rc;
	return sysq_parse_cpu_snapshot(data, len, ctx->clk_tck, out);
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
int sysq_list_numbered(sysq_ctx *ctx, const char *dir, const char *prefix,
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
		unsigned *nv = sysq_grow(*ids, &cap, *n, sizeof(**ids));

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

/* ---- cpu_stats ------------------------------------------------------ */

int sysq_parse_cpu_stats(const char *data, size_t len, struct sysq_cpu_stats *out)
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
	size_t ll;

	memset(out, 0, sizeof(*out));
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

int sysq_cpu_stats(sysq_ctx *ctx, struct sysq_cpu_stats *out)
{
	size_t len;
	char *data;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, "stat", &data, &len)) < 0)
		return rc;
	return sysq_parse_cpu_stats(data, len, out);
}

/* ---- getloadavg ----------------------------------------------------- */

int sysq_parse_loadavg(const char *data, size_t len, double load[3])
{
	const char *p, *end;
	double l[3];

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

int sysq_getloadavg(sysq_ctx *ctx, double load[3])
{
	size_t len;
	char *data;
	int rc;

	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, "loadavg", &data, &len)) < 0)
		return rc;
	return sysq_parse_loadavg(data, len, load);
}
