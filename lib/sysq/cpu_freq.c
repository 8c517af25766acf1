/* cpu_freq: per CPU, the current frequency and the range its governor may
 * pick from, and the means over the CPUs; from /proc/cpuinfo and the cpufreq
 * directories of <sysfs>/devices/system/cpu, with psutil's definitions. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "sysq/cpu_internal.h"

#define F SYSQ_FIELD
static const struct sysq_field cpu_freq_fields[SYSQ_CPUF__COUNT] = {
	F(struct sysq_cpu_freq, SYSQ_CPUF_CURRENT, current, SYSQ_T_DOUBLE, SYSQ_U_MHZ, 0, "cpuinfo cpu MHz, cpufreq scaling_cur_freq", "current frequency"),
	F(struct sysq_cpu_freq, SYSQ_CPUF_MIN, min, SYSQ_T_DOUBLE, SYSQ_U_MHZ, 0, "cpufreq scaling_min_freq", "lowest frequency the governor may pick"),
	F(struct sysq_cpu_freq, SYSQ_CPUF_MAX, max, SYSQ_T_DOUBLE, SYSQ_U_MHZ, 0, "cpufreq scaling_max_freq", "highest frequency the governor may pick"),
};
const struct sysq_table sysq_cpu_freq_table = { "cpu_freq", cpu_freq_fields, SYSQ_CPUF__COUNT };

/* ---- cpu_freq ------------------------------------------------------- */

/* One unsigned number of a sysfs file (kHz, a flag...), alone on its line. */
int sysq_parse_sysfs_u64(const char *data, size_t len, uint64_t *v)
{
	const char *p = data;

	if (sysq_parse_u64(&p, v) < 0 || !at_sep(p, data + len))
		return SYSQ_EPARSE;
	return SYSQ_OK;
}

static int read_u64_file(sysq_ctx *ctx, const char *rel, uint64_t *v)
{
	char *data;
	size_t len;
	int rc;

	if ((rc = sysq_read(ctx, SYSQ_ROOT_SYS, rel, &data, &len)) < 0)
		return rc;
	return sysq_parse_sysfs_u64(data, len, v);
}

/* The current frequencies of /proc/cpuinfo, in its order: "cpu MHz"
 * (x86), "clock" (ppc, with a "MHz" suffix), "cpu MHz dynamic" (s390x,
 * whose "cpu MHz static" is not the current one).  Keys as psutil
 * compares them: case-insensitive, blanks around trimmed. */
int sysq_parse_cpuinfo_mhz(const char *data, size_t len, double **out, size_t *n)
{
	static const char *const keys[] = { "cpu MHz", "clock", "cpu MHz dynamic" };
	const char *p, *end, *line;
	size_t ll, cap = 0;

	*out = NULL;
	*n = 0;
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
		double *nv = sysq_grow(*out, &cap, *n, sizeof(**out));

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
		return sysq_path_fmt(buf, n, "devices/system/cpu/cpufreq/policy%u/%s", s->dir, file);
	return sysq_path_fmt(buf, n, "devices/system/cpu/cpu%u/cpufreq/%s", s->dir, file);
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
	struct freq_src *nv = sysq_grow(*v, cap, *n, sizeof(**v));

	if (!nv)
		return SYSQ_ENOMEM;
	*v = nv;
	nv[(*n)++] = s;
	return SYSQ_OK;
}

/* The CPU numbers of a cpufreq affected_cpus file ("0 1 2 3\n"), in
 * file order, up to the first thing that is not one (or is past
 * INT32_MAX); *ids allocated (NULL when there are none). */
int sysq_parse_cpu_ids(const char *data, size_t len, unsigned **ids, size_t *n)
{
	const char *p = data, *end = data + len;
	size_t cap = 0;

	*ids = NULL;
	*n = 0;
	for (;;) {
		uint64_t cpu;
		unsigned *nv;

		while (p < end && (is_blank(*p) || *p == '\n'))
			p++;
		if (p >= end || sysq_parse_u64(&p, &cpu) < 0 || cpu > INT32_MAX || p > end)
			return SYSQ_OK;
		if (!(nv = sysq_grow(*ids, &cap, *n, sizeof(**ids)))) {
			free(*ids);
			*ids = NULL;
			*n = 0;
			return SYSQ_ENOMEM;
		}
		*ids = nv;
		nv[(*n)++] = (unsigned)cpu;
	}
}

/* Add the CPUs a cpufreq directory governs: those of its affected_cpus
 * (psutil #2512: one policy may govern several CPUs, and offline CPUs are
 * in none), else the N of its name. */
static int add_srcs(sysq_ctx *ctx, unsigned dir, bool policy, struct freq_src **v,
		    size_t *n, size_t *cap)
{
	struct freq_src s = { .cpu = dir, .dir = dir, .policy = policy };
	size_t start = *n, nids;
	unsigned *ids;
	char rel[96], *data;
	size_t len;
	int rc;

	if (!src_path(rel, sizeof(rel), &s, "affected_cpus"))
		return SYSQ_OK;
	if (sysq_read(ctx, SYSQ_ROOT_SYS, rel, &data, &len) < 0)
		return push_src(v, n, cap, s);
	if ((rc = sysq_parse_cpu_ids(data, len, &ids, &nids)) < 0)
		return rc;
	for (size_t i = 0; i < nids && rc == 0; i++) {
		s.cpu = ids[i];
		rc = push_src(v, n, cap, s);
	}
	free(ids);
	if (rc < 0)
		return rc;
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
	if (sysq_list_numbered(ctx, "devices/system/cpu/cpufreq", "policy", &ids, &nids) < 0 || !nids) {
		free(ids);
		policy = false;
		if (sysq_list_numbered(ctx, "devices/system/cpu", "cpu", &ids, &nids) < 0)
			return SYSQ_OK;
	}
	sysfd = sysq_root_fd(ctx, SYSQ_ROOT_SYS);
	for (size_t i = 0; i < nids && rc == 0; i++) {
		char rel[64];
		struct stat st;

		if (!policy) {
			if (!sysq_path_fmt(rel, sizeof(rel), "devices/system/cpu/cpu%u/cpufreq", ids[i]) ||
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

	return sysq_path_fmt(rel, sizeof(rel), "devices/system/cpu/cpu%u/online", cpu) &&
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
	size_t ninfo, nsrc, n = 0, len;
	char *data;
	int rc;

	memset(out, 0, sizeof(*out));
	if (percpu && !ncpu)
		return SYSQ_EINVAL;
	if (percpu) {
		*percpu = NULL;
		*ncpu = 0;
	}
	/* no cpuinfo: no MHz lines */
	ninfo = 0;
	if (sysq_read(ctx, SYSQ_ROOT_PROC, "cpuinfo", &data, &len) == 0 &&
	    (rc = sysq_parse_cpuinfo_mhz(data, len, &info, &ninfo)) < 0)
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
