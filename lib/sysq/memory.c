/* virtual_memory and swap_memory from /proc/meminfo, /proc/zoneinfo and
 * /proc/vmstat, with psutil's definitions (which match procps-ng 4 free). */
#include <stddef.h>
#include <string.h>

#include "sysq/parsers.h"

#define F SYSQ_FIELD
static const struct sysq_field vmem_fields[SYSQ_VMEM__COUNT] = {
	F(struct sysq_vmem, SYSQ_VMEM_TOTAL, total, SYSQ_T_U64, SYSQ_U_BYTES, 0, "meminfo MemTotal", "total physical memory"),
	F(struct sysq_vmem, SYSQ_VMEM_AVAILABLE, available, SYSQ_T_U64, SYSQ_U_BYTES, 0, "meminfo MemAvailable", "memory that can be given to processes without swapping"),
	F(struct sysq_vmem, SYSQ_VMEM_PERCENT, percent, SYSQ_T_DOUBLE, SYSQ_U_PERCENT, 0, "derived", "(total - available) / total"),
	F(struct sysq_vmem, SYSQ_VMEM_USED, used, SYSQ_T_U64, SYSQ_U_BYTES, 0, "derived", "total - available"),
	F(struct sysq_vmem, SYSQ_VMEM_FREE, free, SYSQ_T_U64, SYSQ_U_BYTES, 0, "meminfo MemFree", "memory not used at all"),
	F(struct sysq_vmem, SYSQ_VMEM_ACTIVE, active, SYSQ_T_U64, SYSQ_U_BYTES, 0, "meminfo Active", "memory recently used"),
	F(struct sysq_vmem, SYSQ_VMEM_INACTIVE, inactive, SYSQ_T_U64, SYSQ_U_BYTES, 0, "meminfo Inactive", "memory not recently used"),
	F(struct sysq_vmem, SYSQ_VMEM_BUFFERS, buffers, SYSQ_T_U64, SYSQ_U_BYTES, 0, "meminfo Buffers", "block device buffers"),
	F(struct sysq_vmem, SYSQ_VMEM_CACHED, cached, SYSQ_T_U64, SYSQ_U_BYTES, 0, "meminfo Cached + SReclaimable", "page cache and reclaimable slab"),
	F(struct sysq_vmem, SYSQ_VMEM_SHARED, shared, SYSQ_T_U64, SYSQ_U_BYTES, 0, "meminfo Shmem", "shared memory (tmpfs, shm)"),
	F(struct sysq_vmem, SYSQ_VMEM_SLAB, slab, SYSQ_T_U64, SYSQ_U_BYTES, 0, "meminfo Slab", "kernel slab caches"),
	F(struct sysq_vmem, SYSQ_VMEM_LOW_TOTAL, low_total, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_G_LOHI, "meminfo LowTotal", "low memory total (MemTotal when not split)"),
	F(struct sysq_vmem, SYSQ_VMEM_LOW_USED, low_used, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_G_LOHI, "derived", "low_total - low_free"),
	F(struct sysq_vmem, SYSQ_VMEM_LOW_FREE, low_free, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_G_LOHI, "meminfo LowFree", "low memory free"),
	F(struct sysq_vmem, SYSQ_VMEM_HIGH_TOTAL, high_total, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_G_LOHI, "meminfo HighTotal", "high memory total"),
	F(struct sysq_vmem, SYSQ_VMEM_HIGH_USED, high_used, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_G_LOHI, "derived", "high_total - high_free"),
	F(struct sysq_vmem, SYSQ_VMEM_HIGH_FREE, high_free, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_G_LOHI, "meminfo HighFree", "high memory free"),
	F(struct sysq_vmem, SYSQ_VMEM_COMMIT_LIMIT, commit_limit, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_G_COMMITTED, "meminfo CommitLimit", "memory the kernel allows to be committed"),
	F(struct sysq_vmem, SYSQ_VMEM_COMMITTED_AS, committed_as, SYSQ_T_U64, SYSQ_U_BYTES, SYSQ_G_COMMITTED, "meminfo Committed_AS", "memory committed by all processes"),
	F(struct sysq_vmem, SYSQ_VMEM_COMMIT_FREE, commit_free, SYSQ_T_I64, SYSQ_U_BYTES, SYSQ_G_COMMITTED, "derived", "commit_limit - committed_as (negative when overcommitted)"),
};
const struct sysq_table sysq_vmem_table = { "virtual_memory", vmem_fields, SYSQ_VMEM__COUNT };

static const struct sysq_field swap_fields[SYSQ_SWAP__COUNT] = {
	F(struct sysq_swap, SYSQ_SWAP_TOTAL, total, SYSQ_T_U64, SYSQ_U_BYTES, 0, "meminfo SwapTotal", "total swap"),
	F(struct sysq_swap, SYSQ_SWAP_USED, used, SYSQ_T_U64, SYSQ_U_BYTES, 0, "derived", "total - free"),
	F(struct sysq_swap, SYSQ_SWAP_FREE, free, SYSQ_T_U64, SYSQ_U_BYTES, 0, "meminfo SwapFree", "free swap"),
	F(struct sysq_swap, SYSQ_SWAP_PERCENT, percent, SYSQ_T_DOUBLE, SYSQ_U_PERCENT, 0, "derived", "used / total"),
	F(struct sysq_swap, SYSQ_SWAP_SIN, sin, SYSQ_T_U64, SYSQ_U_BYTES, 0, "vmstat pswpin", "bytes swapped in since boot"),
	F(struct sysq_swap, SYSQ_SWAP_SOUT, sout, SYSQ_T_U64, SYSQ_U_BYTES, 0, "vmstat pswpout", "bytes swapped out since boot"),
};
const struct sysq_table sysq_swap_table = { "swap_memory", swap_fields, SYSQ_SWAP__COUNT };

static const struct sysq_key mi_key[MI__COUNT] = {
	[MI_MEMTOTAL] = SYSQ_KEY("MemTotal"),
	[MI_MEMFREE] = SYSQ_KEY("MemFree"),
	[MI_MEMAVAILABLE] = SYSQ_KEY("MemAvailable"),
	[MI_BUFFERS] = SYSQ_KEY("Buffers"),
	[MI_CACHED] = SYSQ_KEY("Cached"),
	[MI_SRECLAIMABLE] = SYSQ_KEY("SReclaimable"),
	[MI_SHMEM] = SYSQ_KEY("Shmem"),
	[MI_MEMSHARED] = SYSQ_KEY("MemShared"),
	[MI_ACTIVE] = SYSQ_KEY("Active"),
	[MI_INACTIVE] = SYSQ_KEY("Inactive"),
	[MI_INACT_DIRTY] = SYSQ_KEY("Inact_dirty"),
	[MI_INACT_CLEAN] = SYSQ_KEY("Inact_clean"),
	[MI_INACT_LAUNDRY] = SYSQ_KEY("Inact_laundry"),
	[MI_ACTIVE_FILE] = SYSQ_KEY("Active(file)"),
	[MI_INACTIVE_FILE] = SYSQ_KEY("Inactive(file)"),
	[MI_SLAB] = SYSQ_KEY("Slab"),
	[MI_LOWTOTAL] = SYSQ_KEY("LowTotal"),
	[MI_LOWFREE] = SYSQ_KEY("LowFree"),
	[MI_HIGHTOTAL] = SYSQ_KEY("HighTotal"),
	[MI_HIGHFREE] = SYSQ_KEY("HighFree"),
	[MI_COMMITLIMIT] = SYSQ_KEY("CommitLimit"),
	[MI_COMMITTED_AS] = SYSQ_KEY("Committed_AS"),
	[MI_SWAPTOTAL] = SYSQ_KEY("SwapTotal"),
	[MI_SWAPFREE] = SYSQ_KEY("SwapFree"),
};

/* Parse "Key:   123 kB" lines.  A value that does not fit in 64 bits once
 * converted to bytes is left absent rather than wrapped. */
int sysq_parse_meminfo(const char *data, size_t len, struct sysq_meminfo *m)
{
	const char *p, *end, *line;
	size_t ll;
	int next = 0;

	memset(m, 0, sizeof(*m));
	p = data;
	end = data + len;
	while (sysq_next_line(&p, end, &line, &ll)) {
		const char *colon = memchr(line, ':', ll), *v;
		size_t klen;
		uint64_t kb;
		int k;

		if (!colon)
			continue;
		klen = (size_t)(colon - line);
		if ((k = sysq_key_find(mi_key, sizeof(mi_key[0]), MI__COUNT, line, klen, &next)) < 0)
			continue;
		v = colon + 1;
		if (sysq_parse_u64(&v, &kb) == 0 && kb <= UINT64_MAX / 1024) {
			m->v[k] = kb * 1024;
			m->have |= (uint64_t)1 << k;
		}
	}
	if (!MI_HAS(m, MI_MEMTOTAL) || !MI_HAS(m, MI_MEMFREE))
		return SYSQ_EPARSE;
	return SYSQ_OK;
}

int sysq_parse_zoneinfo_low(const char *data, size_t len, uint64_t *pages)
{
	const char *p, *end, *line;
	size_t ll;

	*pages = 0;
	p = data;
	end = data + len;
	while (sysq_next_line(&p, end, &line, &ll)) {
		const char *rest;
		uint64_t v;

		while (ll && (*line == ' ' || *line == '\t')) {
			line++;
			ll--;
		}
		if (!sysq_key_is(line, ll, "low", &rest) || *rest == ':')
			continue;
		if (sysq_parse_u64(&rest, &v) < 0)
			return SYSQ_EPARSE;
		if (*pages > UINT64_MAX - v)
			return SYSQ_EPARSE;
		*pages += v;
	}
	return SYSQ_OK;
}

/* The estimate the kernel made before MemAvailable existed (commit
 * 34e431b0ae39), as psutil computes it:
 *   avail = MemFree - low
 *         + pagecache - min(pagecache / 2, low)
 *         + SReclaimable - min(SReclaimable / 2, low)
 * where pagecache = Active(file) + Inactive(file) and low is the sum of the
 * zones' low watermarks in bytes.  Without those fields or zoneinfo:
 * MemFree + Cached. */
static bool estimate_needs_low(const struct sysq_meminfo *m)
{
	return MI_HAS(m, MI_ACTIVE_FILE) && MI_HAS(m, MI_INACTIVE_FILE) && MI_HAS(m, MI_SRECLAIMABLE);
}

bool sysq_vmem_needs_low(const struct sysq_meminfo *m)
{
	return !(MI_HAS(m, MI_MEMAVAILABLE) && m->v[MI_MEMAVAILABLE] != 0) && estimate_needs_low(m);
}

static double estimate_available(const struct sysq_meminfo *m, const uint64_t *low_pages, long page_size)
{
	double fallback = (double)m->v[MI_MEMFREE] + (double)m->v[MI_CACHED];
	double low, pagecache, slab, avail;

	if (!estimate_needs_low(m) || !low_pages)
		return fallback;
	low = (double)*low_pages * (double)page_size;
	pagecache = (double)m->v[MI_ACTIVE_FILE] + (double)m->v[MI_INACTIVE_FILE];
	slab = (double)m->v[MI_SRECLAIMABLE];
	avail = (double)m->v[MI_MEMFREE] - low;
	avail += pagecache - (pagecache / 2 < low ? pagecache / 2 : low);
	avail += slab - (slab / 2 < low ? slab / 2 : low);
	return avail;
}

static uint64_t sat_sub(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

void sysq_vmem_from(const struct sysq_meminfo *mp, const uint64_t *low_pages, long page_size, struct sysq_vmem *out)
{
	const struct sysq_meminfo m = *mp;
	double avail;

	memset(out, 0, sizeof(*out));

#define COPY(dst_idx, dst, mi) \
	do { if (MI_HAS(&m, mi)) { out->dst = m.v[mi]; SYSQ_SET(out, dst_idx); } } while (0)
	COPY(SYSQ_VMEM_TOTAL, total, MI_MEMTOTAL);
	COPY(SYSQ_VMEM_FREE, free, MI_MEMFREE);
	COPY(SYSQ_VMEM_BUFFERS, buffers, MI_BUFFERS);
	COPY(SYSQ_VMEM_ACTIVE, active, MI_ACTIVE);
	COPY(SYSQ_VMEM_SLAB, slab, MI_SLAB);
	COPY(SYSQ_VMEM_COMMIT_LIMIT, commit_limit, MI_COMMITLIMIT);
	COPY(SYSQ_VMEM_COMMITTED_AS, committed_as, MI_COMMITTED_AS);
	COPY(SYSQ_VMEM_HIGH_TOTAL, high_total, MI_HIGHTOTAL);
	COPY(SYSQ_VMEM_HIGH_FREE, high_free, MI_HIGHFREE);
	COPY(SYSQ_VMEM_LOW_TOTAL, low_total, MI_LOWTOTAL);
	COPY(SYSQ_VMEM_LOW_FREE, low_free, MI_LOWFREE);
#undef COPY

	if (MI_HAS(&m, MI_CACHED)) {
		uint64_t sr = MI_HAS(&m, MI_SRECLAIMABLE) ? m.v[MI_SRECLAIMABLE] : 0;

		out->cached = m.v[MI_CACHED] + (sr <= UINT64_MAX - m.v[MI_CACHED] ? sr : 0);
		SYSQ_SET(out, SYSQ_VMEM_CACHED);
	}
	if (MI_HAS(&m, MI_SHMEM) || MI_HAS(&m, MI_MEMSHARED)) {
		out->shared = MI_HAS(&m, MI_SHMEM) ? m.v[MI_SHMEM] : m.v[MI_MEMSHARED];
		SYSQ_SET(out, SYSQ_VMEM_SHARED);
	}
	if (MI_HAS(&m, MI_INACTIVE)) {
		out->inactive = m.v[MI_INACTIVE];
		SYSQ_SET(out, SYSQ_VMEM_INACTIVE);
	} else if (MI_HAS(&m, MI_INACT_DIRTY) && MI_HAS(&m, MI_INACT_CLEAN) && MI_HAS(&m, MI_INACT_LAUNDRY)) {
		out->inactive = m.v[MI_INACT_DIRTY] + m.v[MI_INACT_CLEAN] + m.v[MI_INACT_LAUNDRY];
		SYSQ_SET(out, SYSQ_VMEM_INACTIVE);
	}

	/* available, used, percent */
	if (MI_HAS(&m, MI_MEMAVAILABLE) && m.v[MI_MEMAVAILABLE] != 0) {
		avail = (double)m.v[MI_MEMAVAILABLE];
	} else {
		avail = estimate_available(&m, low_pages, page_size);
		out->available_estimated = true;
	}
	if (avail < 0)
		out->available = 0;
	else if (avail > (double)out->total)
		out->available = out->free; /* distorted (containers): as procps */
	else
		out->available = (uint64_t)avail;
	out->used = sat_sub(out->total, out->available);
	out->percent = sysq_percent((double)out->used, (double)out->total);
	SYSQ_SET(out, SYSQ_VMEM_AVAILABLE);
	SYSQ_SET(out, SYSQ_VMEM_USED);
	SYSQ_SET(out, SYSQ_VMEM_PERCENT);

	/* free -l: a kernel without the split reports all memory as low */
	if (!SYSQ_HAVE(out, SYSQ_VMEM_LOW_TOTAL) || out->low_total == 0) {
		out->low_total = out->total;
		out->low_free = out->free;
		SYSQ_SET(out, SYSQ_VMEM_LOW_TOTAL);
		SYSQ_SET(out, SYSQ_VMEM_LOW_FREE);
	}
	if (SYSQ_HAVE(out, SYSQ_VMEM_LOW_FREE)) {
		out->low_used = sat_sub(out->low_total, out->low_free);
		SYSQ_SET(out, SYSQ_VMEM_LOW_USED);
	}
	if (!SYSQ_HAVE(out, SYSQ_VMEM_HIGH_TOTAL)) {
		/* no highmem on this kernel: zero is the true value, as procps */
		out->high_total = out->high_free = 0;
		SYSQ_SET(out, SYSQ_VMEM_HIGH_TOTAL);
		SYSQ_SET(out, SYSQ_VMEM_HIGH_FREE);
	}
	if (SYSQ_HAVE(out, SYSQ_VMEM_HIGH_FREE)) {
		out->high_used = sat_sub(out->high_total, out->high_free);
		SYSQ_SET(out, SYSQ_VMEM_HIGH_USED);
	}
	if (SYSQ_HAVE(out, SYSQ_VMEM_COMMIT_LIMIT) && SYSQ_HAVE(out, SYSQ_VMEM_COMMITTED_AS) &&
	    out->commit_limit <= INT64_MAX && out->committed_as <= INT64_MAX) {
		out->commit_free = (int64_t)out->commit_limit - (int64_t)out->committed_as;
		SYSQ_SET(out, SYSQ_VMEM_COMMIT_FREE);
	}
}

int sysq_parse_vmstat_swap(const char *data, size_t len, uint64_t *in, uint64_t *outp, unsigned *found)
{
	const char *p, *end, *line;
	size_t ll;

	*found = 0;
	p = data;
	end = data + len;
	while (sysq_next_line(&p, end, &line, &ll) && *found != 3) {
		const char *rest;

		if (sysq_key_is(line, ll, "pswpin", &rest) && sysq_parse_u64(&rest, in) == 0)
			*found |= 1;
		else if (sysq_key_is(line, ll, "pswpout", &rest) && sysq_parse_u64(&rest, outp) == 0)
			*found |= 2;
	}
	return SYSQ_OK;
}

static void swap_from(sysq_ctx *ctx, const struct sysq_meminfo *m, struct sysq_swap *out, unsigned flags)
{
	uint64_t in = 0, outp = 0, ps = (uint64_t)ctx->page_size;
	unsigned found = 0;
	char *data;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (MI_HAS(m, MI_SWAPTOTAL) && MI_HAS(m, MI_SWAPFREE)) {
		out->total = m->v[MI_SWAPTOTAL];
		out->free = m->v[MI_SWAPFREE];
		out->used = sat_sub(out->total, out->free);
		out->percent = sysq_percent((double)out->used, (double)out->total);
		SYSQ_SET(out, SYSQ_SWAP_TOTAL);
		SYSQ_SET(out, SYSQ_SWAP_FREE);
		SYSQ_SET(out, SYSQ_SWAP_USED);
		SYSQ_SET(out, SYSQ_SWAP_PERCENT);
	}
	/* psutil multiplies by 4096; the page size is the right factor */
	if ((flags & SYSQ_MEM_SWAP_IO) && sysq_read(ctx, SYSQ_ROOT_PROC, "vmstat", &data, &len) == 0 &&
	    sysq_parse_vmstat_swap(data, len, &in, &outp, &found) == 0) {
		if ((found & 1) && in <= UINT64_MAX / ps) {
			out->sin = in * ps;
			SYSQ_SET(out, SYSQ_SWAP_SIN);
		}
		if ((found & 2) && outp <= UINT64_MAX / ps) {
			out->sout = outp * ps;
			SYSQ_SET(out, SYSQ_SWAP_SOUT);
		}
	}
}

int sysq_memory(sysq_ctx *ctx, struct sysq_vmem *vm, struct sysq_swap *swap, unsigned flags)
{
	struct sysq_meminfo m;
	uint64_t low;
	char *data;
	size_t len;
	int rc;

	if (vm)
		memset(vm, 0, sizeof(*vm));
	if (swap)
		memset(swap, 0, sizeof(*swap));
	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, "meminfo", &data, &len)) < 0 ||
	    (rc = sysq_parse_meminfo(data, len, &m)) < 0)
		return rc;
	/* zoneinfo only for the estimate of a kernel without MemAvailable */
	if (vm) {
		bool have_low = sysq_vmem_needs_low(&m) &&
				sysq_read(ctx, SYSQ_ROOT_PROC, "zoneinfo", &data, &len) == 0 &&
				sysq_parse_zoneinfo_low(data, len, &low) == 0;

		sysq_vmem_from(&m, have_low ? &low : NULL, ctx->page_size, vm);
	}
	if (swap)
		swap_from(ctx, &m, swap, flags);
	return SYSQ_OK;
}

int sysq_virtual_memory(sysq_ctx *ctx, struct sysq_vmem *out)
{
	return sysq_memory(ctx, out, NULL, 0);
}

int sysq_swap_memory(sysq_ctx *ctx, struct sysq_swap *out)
{
	return sysq_memory(ctx, NULL, out, SYSQ_MEM_SWAP_IO);
}
