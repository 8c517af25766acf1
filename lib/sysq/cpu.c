/* cpu_times, cpu_percent, cpu_times_percent, cpu_count, cpu_stats,
 * cpu_freq and getloadavg from /proc/stat, /proc/cpuinfo, /proc/loadavg and
 * /sys/devices/system/cpu, with psutil's definitions. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysq/internal.h"

#define TF(idx, nm, un, hlp) \
	[idx] = { .name = nm, .type = SYSQ_T_DOUBLE, .unit = un, \
		  .offset = offsetof(struct sysq_cpu_times, v) + (idx) * sizeof(double), \
		  .source = "stat cpu", .help = hlp }
#define CPU_TIMES_FIELDS(un) { \
	TF(SYSQ_CPUT_USER, "user", un, "normal processes in user mode"), \
	TF(SYSQ_CPUT_NICE, "nice", un, "niced processes in user mode"), \
	TF(SYSQ_CPUT_SYSTEM, "system", un, "kernel mode"), \
	TF(SYSQ_CPUT_IDLE, "idle", un, "doing nothing"), \
	TF(SYSQ_CPUT_IOWAIT, "iowait", un, "waiting for I/O"), \
	TF(SYSQ_CPUT_IRQ, "irq", un, "servicing hardware interrupts"), \
	TF(SYSQ_CPUT_SOFTIRQ, "softirq", un, "servicing software interrupts"), \
	TF(SYSQ_CPUT_STEAL, "steal", un, "taken by other guests of the hypervisor"), \
	TF(SYSQ_CPUT_GUEST, "guest", un, "running guests (included in user)"), \
	TF(SYSQ_CPUT_GUEST_NICE, "guest_nice", un, "running niced guests (included in nice)"), \
}

static const struct sysq_field cpu_times_fields[SYSQ_CPUT__COUNT] = CPU_TIMES_FIELDS(SYSQ_U_SECONDS);
static const struct sysq_field cpu_times_pct_fields[SYSQ_CPUT__COUNT] = CPU_TIMES_FIELDS(SYSQ_U_PERCENT);
const struct sysq_table sysq_cpu_times_table = { "cpu_times", cpu_times_fields, SYSQ_CPUT__COUNT };
const struct sysq_table sysq_cpu_times_percent_table = { "cpu_times_percent", cpu_times_pct_fields,
							  SYSQ_CPUT__COUNT };

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
	F(struct sysq_cpu_stats, SYSQ_CPUS_SYSCALLS, syscalls, SYSQ_T_U64, SYSQ_U_COUNT, 0, "none", "always 0 on Linux"),
};
const struct sysq_table sysq_cpu_stats_table = { "cpu_stats", cpu_stats_fields, SYSQ_CPUS__COUNT };

static const struct sysq_field cpu_freq_fields[SYSQ_CPUF__COUNT] = {
	F(struct sysq_cpu_freq, SYSQ_CPUF_CURRENT, current, SYSQ_T_DOUBLE, SYSQ_U_MHZ, 0, "cpufreq scaling_cur_freq", "current frequency"),
	F(struct sysq_cpu_freq, SYSQ_CPUF_MIN, min, SYSQ_T_DOUBLE, SYSQ_U_MHZ, 0, "cpufreq scaling_min_freq", "lowest frequency"),
	F(struct sysq_cpu_freq, SYSQ_CPUF_MAX, max, SYSQ_T_DOUBLE, SYSQ_U_MHZ, 0, "cpufreq scaling_max_freq", "highest frequency"),
};
const struct sysq_table sysq_cpu_freq_table = { "cpu_freq", cpu_freq_fields, SYSQ_CPUF__COUNT };

/* ---- /proc/stat cpu lines ------------------------------------------ */

/* Parse the numbers after "cpu" or "cpuN" into t (seconds).  Fields the
 * line does not have (old kernels) stay absent; extra fields are ignored.
 * A line whose first four fields do not parse is rejected. */
static int parse_cpu_line(const char *rest, const char *end, long tck, struct sysq_cpu_times *t)
{
	memset(t, 0, sizeof(*t));
	for (int i = 0; i < SYSQ_CPUT__COUNT; i++) {
		const char *p = rest;
		uint64_t ticks;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p >= end || sysq_parse_u64(&p, &ticks) < 0 || (p < end && *p != ' ' && *p != '\t'))
			break;
		rest = p;
		t->v[i] = (double)ticks / (double)tck;
		SYSQ_SET(t, i);
	}
	return SYSQ_HAVE(t, SYSQ_CPUT_IDLE) ? SYSQ_OK : SYSQ_EPARSE;
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

int sysq_cpu_snapshot(sysq_ctx *ctx, struct sysq_cpu_snapshot *out)
{
	const char *p, *end, *line;
	char *data;
	size_t len, ll, cap = 0;
	bool have_total = false;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, "stat", &data, &len)) < 0)
		return rc;
	p = data;
	end = data + len;
	while (sysq_next_line(&p, end, &line, &ll)) {
		const char *num = line + 3, *lend = line + ll;
		uint64_t id;

		if (ll < 3 || memcmp(line, "cpu", 3) != 0)
			continue;
		/* a last line cut short (no newline) cannot be trusted */
		if (lend == end && (len == 0 || data[len - 1] != '\n'))
			break;
		if (num < lend && (*num == ' ' || *num == '\t')) {
			if (parse_cpu_line(num, lend, ctx->clk_tck, &out->total) == 0)
				have_total = true;
			continue;
		}
		if (sysq_parse_u64(&num, &id) < 0 || id > INT32_MAX || num >= lend || (*num != ' ' && *num != '\t'))
			continue;
		if (out->ncpu == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct sysq_cpu_times *v;
			int *ids;

			if (ncap > SIZE_MAX / sizeof(*v))
				goto nomem;
			v = realloc(out->percpu, ncap * sizeof(*v));
			if (!v)
				goto nomem;
			out->percpu = v;
			ids = realloc(out->cpu_ids, ncap * sizeof(*ids));
			if (!ids)
				goto nomem;
			out->cpu_ids = ids;
			cap = ncap;
		}
		if (parse_cpu_line(num, lend, ctx->clk_tck, &out->percpu[out->ncpu]) == 0)
			out->cpu_ids[out->ncpu++] = (int)id;
	}
	if (!have_total) {
		sysq_cpu_snapshot_free(out);
		return SYSQ_EPARSE;
	}
	return SYSQ_OK;
nomem:
	sysq_cpu_snapshot_free(out);
	return SYSQ_ENOMEM;
}

/* ---- rates from two snapshots --------------------------------------- */

/* Field deltas clamped at 0 (counters can go backwards on some kernels);
 * fields absent in either sample stay absent. */
static void deltas(const struct sysq_cpu_times *a, const struct sysq_cpu_times *b, struct sysq_cpu_times *d)
{
	memset(d, 0, sizeof(*d));
	for (int i = 0; i < SYSQ_CPUT__COUNT; i++) {
		if (!SYSQ_HAVE(a, i) || !SYSQ_HAVE(b, i))
			continue;
		d->v[i] = b->v[i] > a->v[i] ? b->v[i] - a->v[i] : 0.0;
		SYSQ_SET(d, i);
	}
}

/* All time, less guest and guest_nice: the kernel counts them in user and
 * nice already. */
static double total_time(const struct sysq_cpu_times *t)
{
	double sum = 0;

	for (int i = 0; i < SYSQ_CPUT__COUNT; i++)
		if (SYSQ_HAVE(t, i) && i != SYSQ_CPUT_GUEST && i != SYSQ_CPUT_GUEST_NICE)
			sum += t->v[i];
	return sum;
}

double sysq_cpu_percent(const struct sysq_cpu_times *t1, const struct sysq_cpu_times *t2)
{
	struct sysq_cpu_times d;
	double all, busy;

	deltas(t1, t2, &d);
	all = total_time(&d);
	busy = all - d.v[SYSQ_CPUT_IDLE] - d.v[SYSQ_CPUT_IOWAIT];
	if (all <= 0)
		return 0.0;
	if (busy < 0)
		busy = 0;
	return sysq_round1(busy / all * 100.0);
}

void sysq_cpu_times_percent(const struct sysq_cpu_times *t1, const struct sysq_cpu_times *t2,
			    struct sysq_cpu_times *out)
{
	struct sysq_cpu_times d;
	double all;

	deltas(t1, t2, &d);
	all = total_time(&d);
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < SYSQ_CPUT__COUNT; i++) {
		double pct;

		if (!SYSQ_HAVE(&d, i))
			continue;
		pct = all > 0 ? sysq_round1(d.v[i] / all * 100.0) : 0.0;
		out->v[i] = pct < 0 ? 0 : pct > 100 ? 100 : pct;
		SYSQ_SET(out, i);
	}
}

/* ---- cpu_count ------------------------------------------------------ */

/* Names "cpuN" (N decimal) of a directory, as numbers; -1 otherwise. */
static long cpu_dir_number(const char *name, const char *prefix)
{
	size_t pl = strlen(prefix);
	const char *p = name + pl;
	uint64_t n;

	if (strncmp(name, prefix, pl) != 0 || sysq_parse_u64(&p, &n) < 0 || *p || n > INT32_MAX)
		return -1;
	return (long)n;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* The numbers N of the entries PREFIXN in a directory below the sysfs root,
 * sorted; *out is allocated. */
static int list_numbered(sysq_ctx *ctx, const char *dir, const char *prefix, long **out, size_t *n)
{
	size_t cap = 0;
	struct dirent *de;
	DIR *d;
	int fd;

	*out = NULL;
	*n = 0;
	if ((fd = sysq_root_fd(ctx, SYSQ_ROOT_SYS)) < 0)
		return fd;
	fd = openat(fd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return sysq_errno_code(errno);
	if (!(d = fdopendir(fd))) {
		close(fd);
		return SYSQ_ENOMEM;
	}
	while ((de = readdir(d)) != NULL) {
		long num = cpu_dir_number(de->d_name, prefix);

		if (num < 0)
			continue;
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			long *v = ncap < SIZE_MAX / sizeof(long) ? realloc(*out, ncap * sizeof(long)) : NULL;

			if (!v) {
				closedir(d);
				free(*out);
				*out = NULL;
				*n = 0;
				return SYSQ_ENOMEM;
			}
			*out = v;
			cap = ncap;
		}
		(*out)[(*n)++] = num;
	}
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof(long), cmp_long);
	return SYSQ_OK;
}

/* Read a small sysfs file into buf, trimmed of trailing blanks. */
static int read_small(sysq_ctx *ctx, enum sysq_root root, const char *rel, char *buf, size_t n)
{
	char *data;
	size_t len;
	int rc = sysq_read(ctx, root, rel, &data, &len);

	if (rc < 0)
		return rc;
	while (len && (data[len - 1] == '\n' || data[len - 1] == ' '))
		len--;
	if (len >= n)
		len = n - 1;
	memcpy(buf, data, len);
	buf[len] = '\0';
	return SYSQ_OK;
}

/* Physical cores: distinct sibling lists (core_cpus_list, else
 * thread_siblings_list) of the CPUs in sysfs. */
static uint64_t cores_from_topology(sysq_ctx *ctx)
{
	static const char *const file[] = { "core_cpus_list", "thread_siblings_list" };
	long *cpus;
	size_t ncpu;
	uint64_t count = 0;

	if (list_numbered(ctx, "devices/system/cpu", "cpu", &cpus, &ncpu) < 0)
		return 0;
	for (size_t f = 0; f < 2 && count == 0; f++) {
		char (*seen)[256] = ncpu ? calloc(ncpu, sizeof(*seen)) : NULL;

		if (!seen)
			break;
		for (size_t i = 0; i < ncpu; i++) {
			char rel[96], val[256];
			bool dup = false;

			snprintf(rel, sizeof(rel), "devices/system/cpu/cpu%ld/topology/%s", cpus[i], file[f]);
			if (read_small(ctx, SYSQ_ROOT_SYS, rel, val, sizeof(val)) < 0 || !val[0])
				continue;
			for (uint64_t k = 0; k < count && !dup; k++)
				dup = strcmp(seen[k], val) == 0;
			if (!dup)
				memcpy(seen[count++], val, sizeof(val));
		}
		free(seen);
	}
	free(cpus);
	return count;
}

/* Physical cores from /proc/cpuinfo: the sum of "cpu cores" over the
 * distinct "physical id"s. */
static uint64_t cores_from_cpuinfo(sysq_ctx *ctx)
{
	const char *p, *end, *line;
	char *data;
	size_t len, ll;
	uint64_t ids[256], cores[256], n = 0, sum = 0;
	uint64_t id = UINT64_MAX, nc = UINT64_MAX;

	if (sysq_read(ctx, SYSQ_ROOT_PROC, "cpuinfo", &data, &len) < 0)
		return 0;
	p = data;
	end = data + len;
	for (;;) {
		bool more = sysq_next_line(&p, end, &line, &ll);

		if (!more || ll == 0) {
			/* end of a processor's section */
			if (id != UINT64_MAX && nc != UINT64_MAX) {
				uint64_t k;

				for (k = 0; k < n && ids[k] != id; k++)
					;
				if (k == n && n < 256) {
					ids[n] = id;
					cores[n++] = nc;
				}
			}
			id = nc = UINT64_MAX;
			if (!more)
				break;
			continue;
		}
		const char *colon = memchr(line, ':', ll), *v;

		if (!colon)
			continue;
		v = colon + 1;
		if (sysq_key_is(line, ll, "physical id", NULL))
			sysq_parse_u64(&v, &id);
		else if (sysq_key_is(line, ll, "cpu cores", NULL))
			sysq_parse_u64(&v, &nc);
	}
	for (uint64_t k = 0; k < n; k++)
		sum += cores[k];
	return sum;
}

int sysq_cpu_count(sysq_ctx *ctx, struct sysq_cpu_count *out)
{
	struct sysq_cpu_snapshot snap;

	memset(out, 0, sizeof(*out));
	if (sysq_cpu_snapshot(ctx, &snap) == 0) {
		out->logical = snap.ncpu;
		sysq_cpu_snapshot_free(&snap);
	}
	if (out->logical == 0) {
		/* no per-CPU lines: count the processors of cpuinfo */
		const char *p, *end, *line;
		char *data;
		size_t len, ll;

		if (sysq_read(ctx, SYSQ_ROOT_PROC, "cpuinfo", &data, &len) == 0) {
			p = data;
			end = data + len;
			while (sysq_next_line(&p, end, &line, &ll))
				if (sysq_key_is(line, ll, "processor", NULL))
					out->logical++;
		}
	}
	if (out->logical)
		SYSQ_SET(out, SYSQ_CPUC_LOGICAL);
	out->physical = cores_from_topology(ctx);
	if (!out->physical)
		out->physical = cores_from_cpuinfo(ctx);
	if (out->physical)
		SYSQ_SET(out, SYSQ_CPUC_PHYSICAL);
	return out->logical || out->physical ? SYSQ_OK : SYSQ_ENOTSUP;
}

/* ---- cpu_stats ------------------------------------------------------ */

int sysq_cpu_stats(sysq_ctx *ctx, struct sysq_cpu_stats *out)
{
	static const struct { const char *key; int idx; size_t off; } keys[] = {
		{ "ctxt", SYSQ_CPUS_CTX_SWITCHES, offsetof(struct sysq_cpu_stats, ctx_switches) },
		{ "intr", SYSQ_CPUS_INTERRUPTS, offsetof(struct sysq_cpu_stats, interrupts) },
		{ "softirq", SYSQ_CPUS_SOFT_INTERRUPTS, offsetof(struct sysq_cpu_stats, soft_interrupts) },
	};
	const char *p, *end, *line, *rest;
	char *data;
	size_t len, ll;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, "stat", &data, &len)) < 0)
		return rc;
	p = data;
	end = data + len;
	while (sysq_next_line(&p, end, &line, &ll)) {
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			uint64_t v;

			if (!sysq_key_is(line, ll, keys[k].key, &rest) || sysq_parse_u64(&rest, &v) < 0)
				continue;
			memcpy((char *)out + keys[k].off, &v, sizeof(v));
			SYSQ_SET(out, keys[k].idx);
		}
	}
	/* Linux has no syscall counter: psutil reports 0 */
	out->syscalls = 0;
	SYSQ_SET(out, SYSQ_CPUS_SYSCALLS);
	return SYSQ_OK;
}

/* ---- cpu_freq ------------------------------------------------------- */

/* A kHz value of a cpufreq file, as MHz. */
static bool read_khz(sysq_ctx *ctx, const char *dir, const char *file, double *mhz)
{
	char rel[160], val[64];
	const char *p = val;
	uint64_t khz;

	snprintf(rel, sizeof(rel), "%s/%s", dir, file);
	if (read_small(ctx, SYSQ_ROOT_SYS, rel, val, sizeof(val)) < 0 || sysq_parse_u64(&p, &khz) < 0)
		return false;
	*mhz = (double)khz / 1000.0;
	return true;
}

/* "cpu MHz" (x86), "clock" (ppc, "MHz" suffix) or "cpu MHz dynamic"
 * (s390x) lines of /proc/cpuinfo, in order. */
static size_t cpuinfo_mhz(sysq_ctx *ctx, double **out)
{
	const char *p, *end, *line;
	char *data;
	size_t len, ll, n = 0, cap = 0;

	*out = NULL;
	if (sysq_read(ctx, SYSQ_ROOT_PROC, "cpuinfo", &data, &len) < 0)
		return 0;
	p = data;
	end = data + len;
	while (sysq_next_line(&p, end, &line, &ll)) {
		const char *colon = memchr(line, ':', ll), *v;
		size_t kl;
		double mhz;

		if (!colon)
			continue;
		kl = (size_t)(colon - line);
		while (kl && (line[kl - 1] == ' ' || line[kl - 1] == '\t'))
			kl--;
		if (!((kl == 7 && strncasecmp(line, "cpu MHz", 7) == 0) ||
		      (kl == 5 && strncasecmp(line, "clock", 5) == 0) ||
		      (kl == 15 && strncasecmp(line, "cpu MHz dynamic", 15) == 0)))
			continue;
		v = colon + 1;
		if (sysq_parse_decimal(&v, &mhz) < 0)
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			double *nv = realloc(*out, ncap * sizeof(double));

			if (!nv)
				break;
			*out = nv;
			cap = ncap;
		}
		(*out)[n++] = mhz;
	}
	return n;
}

struct freq_src {
	long cpu;
	char dir[64];
};

static int cmp_src(const void *a, const void *b)
{
	const struct freq_src *x = a, *y = b;

	return (x->cpu > y->cpu) - (x->cpu < y->cpu);
}

/* The cpufreq directory of each CPU: a policy governs the CPUs of its
 * affected_cpus (psutil #2512), else one directory per CPU.  Sorted by CPU. */
static size_t freq_sources(sysq_ctx *ctx, struct freq_src **out)
{
	struct freq_src *v = NULL;
	size_t n = 0, cap = 0, nids;
	long *ids;
	bool policies = list_numbered(ctx, "devices/system/cpu/cpufreq", "policy", &ids, &nids) == 0 && nids;

	if (!policies) {
		free(ids);
		if (list_numbered(ctx, "devices/system/cpu", "cpu", &ids, &nids) < 0)
			return 0;
	}
	for (size_t i = 0; i < nids; i++) {
		char dir[64], rel[96], list[1024];
		const char *p = list;
		long one[1] = { ids[i] };
		size_t ncpu = 1;

		if (policies)
			snprintf(dir, sizeof(dir), "devices/system/cpu/cpufreq/policy%ld", ids[i]);
		else
			snprintf(dir, sizeof(dir), "devices/system/cpu/cpu%ld/cpufreq", ids[i]);
		snprintf(rel, sizeof(rel), "%s/affected_cpus", dir);
		bool listed = policies && read_small(ctx, SYSQ_ROOT_SYS, rel, list, sizeof(list)) == 0;

		for (;;) {
			uint64_t cpu;
			long c;

			if (listed) {
				while (*p == ' ')
					p++;
				if (sysq_parse_u64(&p, &cpu) < 0 || cpu > INT32_MAX)
					break;
				c = (long)cpu;
			} else {
				if (ncpu-- == 0)
					break;
				c = one[0];
			}
			if (n == cap) {
				size_t ncap = cap ? cap * 2 : 16;
				struct freq_src *nv = realloc(v, ncap * sizeof(*v));

				if (!nv)
					goto out;
				v = nv;
				cap = ncap;
			}
			v[n].cpu = c;
			memcpy(v[n].dir, dir, sizeof(dir));
			n++;
		}
	}
out:
	free(ids);
	if (n)
		qsort(v, n, sizeof(*v), cmp_src);
	*out = v;
	return n;
}

int sysq_cpu_freq(sysq_ctx *ctx, struct sysq_cpu_freq *out, struct sysq_cpu_freq **percpu, size_t *ncpu)
{
	struct sysq_cpu_freq *v = NULL;
	struct freq_src *src = NULL;
	double *info = NULL;
	size_t ninfo, nsrc, n = 0;
	int rc = SYSQ_OK;

	memset(out, 0, sizeof(*out));
	if (percpu)
		*percpu = NULL;
	if (ncpu)
		*ncpu = 0;
	ninfo = cpuinfo_mhz(ctx, &info);
	nsrc = freq_sources(ctx, &src);
	if (nsrc && !(v = calloc(nsrc, sizeof(*v)))) {
		rc = SYSQ_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < nsrc; i++) {
		struct sysq_cpu_freq *f = &v[n];

		memset(f, 0, sizeof(*f));
		if (!read_khz(ctx, src[i].dir, "scaling_cur_freq", &f->current) &&
		    !read_khz(ctx, src[i].dir, "cpuinfo_cur_freq", &f->current))
			continue; /* no cpufreq here (or an offline CPU) */
		SYSQ_SET(f, SYSQ_CPUF_CURRENT);
		if (read_khz(ctx, src[i].dir, "scaling_min_freq", &f->min))
			SYSQ_SET(f, SYSQ_CPUF_MIN);
		if (read_khz(ctx, src[i].dir, "scaling_max_freq", &f->max))
			SYSQ_SET(f, SYSQ_CPUF_MAX);
		n++;
	}
	/* psutil takes the current value from cpuinfo when it has one per
	 * CPU (it is cached there, sysfs may wake the CPU) */
	if (n && ninfo == n)
		for (size_t i = 0; i < n; i++)
			v[i].current = info[i];
	if (n == 0 && ninfo) {
		/* no cpufreq: cpuinfo's MHz, min and max unknown */
		free(v);
		if (!(v = calloc(ninfo, sizeof(*v)))) {
			rc = SYSQ_ENOMEM;
			goto done;
		}
		for (size_t i = 0; i < ninfo; i++) {
			v[i].current = info[i];
			SYSQ_SET(&v[i], SYSQ_CPUF_CURRENT);
		}
		n = ninfo;
	}
	if (n == 0) {
		rc = SYSQ_ENOTSUP;
		goto done;
	}
	/* the system-wide figure: psutil's means over the CPUs; min and max
	 * are unknown if any CPU lacks them */
	{
		double cur = 0, mn = 0, mx = 0;
		bool minmax = true;

		for (size_t i = 0; i < n; i++) {
			cur += v[i].current;
			if (!SYSQ_HAVE(&v[i], SYSQ_CPUF_MIN) || !SYSQ_HAVE(&v[i], SYSQ_CPUF_MAX)) {
				minmax = false;
				continue;
			}
			mn += v[i].min;
			mx += v[i].max;
		}
		out->current = cur / (double)n;
		SYSQ_SET(out, SYSQ_CPUF_CURRENT);
		if (minmax) {
			out->min = mn / (double)n;
			out->max = mx / (double)n;
			SYSQ_SET(out, SYSQ_CPUF_MIN);
			SYSQ_SET(out, SYSQ_CPUF_MAX);
		}
	}
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
	const char *p;
	char *data;
	double l[3];
	int rc;

	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, "loadavg", &data, NULL)) < 0)
		return rc;
	p = data;
	for (int i = 0; i < 3; i++)
		if (sysq_parse_decimal(&p, &l[i]) < 0)
			return SYSQ_EPARSE;
	memcpy(load, l, sizeof(l));
	return SYSQ_OK;
}
