/* One pure parser per /proc/PID file: stat, status, statm, cmdline and
 * environ, io, wchan, cgroup, attr/current, limits, smaps_rollup (or
 * smaps), oom_score(_adj), loginuid, autogroup and the ns/ links.  Bytes
 * in, fields out: no context, no I/O (proc.c reads, these parse), so the
 * unit tests and the fuzz targets feed them bytes directly.  Each is
 * strict about the layout it accepts and fills only what it read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysq/parsers.h"

/* The row labels of /proc/PID/limits, in the same order. */
static const char *const limit_label[SYSQ_RLIMIT__COUNT] = {
	"Max cpu time", "Max file size", "Max data size", "Max stack size",
	"Max core file size", "Max resident set", "Max processes", "Max open files",
	"Max locked memory", "Max address space", "Max file locks", "Max pending signals",
	"Max msgqueue size", "Max nice priority", "Max realtime priority", "Max realtime timeout",
};

const char *sysq_proc_status_name(char state)
{
	switch (state) {
	case 'R': return "running";
	case 'S': return "sleeping";
	case 'D': return "disk-sleep";
	case 'T': return "stopped";
	case 't': return "tracing-stop";
	case 'Z': return "zombie";
	case 'X': case 'x': return "dead";
	case 'K': return "wake-kill";
	case 'W': return "waking";
	case 'I': return "idle";
	case 'P': return "parked";
	default: return "unknown";
	}
}

char *sysq_dup_range(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

char **sysq_split_nul(const char *data, size_t len, size_t *count)
{
	size_t n = 0, i;
	const bool empty = len == 0;
	char **v, *bytes;

	/* as psutil: the usual trailing NUL ends the last string; an empty
	 * file is no strings, a lone NUL one empty string (argv[0] "") */
	if (len && data[len - 1] == '\0')
		len--;
	for (i = 0; i < len; i++)
		if (data[i] == '\0')
			n++;
	n = empty ? 0 : n + 1;
	if (n > (SIZE_MAX - len - 1) / sizeof(char *) - 1)
		return NULL;
	v = malloc((n + 1) * sizeof(char *) + len + 1);
	if (!v)
		return NULL;
	bytes = (char *)(v + n + 1);
	memcpy(bytes, data, len);
	bytes[len] = '\0';
	for (i = 0; i < n; i++) {
		v[i] = bytes;
		bytes += strlen(bytes) + 1;
	}
	v[n] = NULL;
	*count = n;
	return v;
}

int sysq_parse_proc_stat(const char *data, size_t len, const struct sysq_proc_params *pp, struct sysq_proc *p)
{
	const double tck = (double)pp->clk_tck;
	const uint64_t page = (uint64_t)pp->page_size;
	const char *open, *close_, *s;
	size_t clen;
	int64_t f[52];
	int nf = 0;

	/* the name sits between the first '(' and the last ')': it may hold
	 * spaces, parentheses and any other byte */
	open = memchr(data, '(', len);
	close_ = memrchr(data, ')', len);
	if (!open || !close_ || close_ < open || close_ + 2 >= data + len)
		return SYSQ_EPARSE;
	clen = (size_t)(close_ - open - 1);
	if (clen >= sizeof(p->comm))
		clen = sizeof(p->comm) - 1;
	memcpy(p->name, open + 1, clen);
	p->name[clen] = '\0';
	memcpy(p->comm, p->name, clen + 1);
	SYSQ_SET(p, SYSQ_P_COMM);
	p->state = close_[2];
	snprintf(p->status, sizeof(p->status), "%s", sysq_proc_status_name(p->state));
	SYSQ_SET(p, SYSQ_P_NAME);
	SYSQ_SET(p, SYSQ_P_STATUS);
	/* fields 4.. of proc(5) */
	s = close_ + 3;
	while (nf < 52 && s < data + len && *s != '\n') {
		if (sysq_parse_i64(&s, &f[nf]) < 0) {
			uint64_t u; /* values above INT64_MAX (signal masks of old kernels) */

			if (sysq_parse_u64(&s, &u) < 0)
				break;
			f[nf] = (int64_t)(u > INT64_MAX ? INT64_MAX : u);
		}
		nf++;
	}
	/* f[0] is field 4 (ppid); field k is f[k - 4] */
#define FLD(k) f[(k) - 4]
#define HAS(k) (nf > (k) - 4)
#define SETI(idx, member, k) do { if (HAS(k)) { p->member = FLD(k); SYSQ_SET(p, idx); } } while (0)
#define SETU(idx, member, k) do { if (HAS(k) && FLD(k) >= 0) { p->member = (uint64_t)FLD(k); SYSQ_SET(p, idx); } } while (0)
#define SETT(idx, member, k) do { if (HAS(k)) { p->member = (double)FLD(k) / tck; SYSQ_SET(p, idx); } } while (0)
	SETI(SYSQ_P_PPID, ppid, 4);
	SETI(SYSQ_P_PGID, pgid, 5);
	SETI(SYSQ_P_SID, sid, 6);
	SETI(SYSQ_P_TTY_NR, tty_nr, 7);
	SETI(SYSQ_P_TPGID, tpgid, 8);
	SETU(SYSQ_P_FLAGS, flags, 9);
	SETU(SYSQ_P_MINOR_FAULTS, minor_faults, 10);
	SETU(SYSQ_P_CHILDREN_MINOR_FAULTS, children_minor_faults, 11);
	SETU(SYSQ_P_MAJOR_FAULTS, major_faults, 12);
	SETU(SYSQ_P_CHILDREN_MAJOR_FAULTS, children_major_faults, 13);
	SETT(SYSQ_P_USER, user, 14);
	SETT(SYSQ_P_SYSTEM, system, 15);
	SETT(SYSQ_P_CHILDREN_USER, children_user, 16);
	SETT(SYSQ_P_CHILDREN_SYSTEM, children_system, 17);
	SETI(SYSQ_P_PRIORITY, priority, 18);
	SETI(SYSQ_P_NICE, nice, 19);
	SETU(SYSQ_P_NUM_THREADS, num_threads, 20);
	SETU(SYSQ_P_START_TICKS, start_ticks, 22);
	SETU(SYSQ_P_VMS_STAT, vms_stat, 23);
	/* without ptrace access the kernel shows 1, 1 and 0 for the text
	 * and the stack (and 0 for both pointers): nothing is known then */
	if (!(HAS(27) && FLD(26) == 1 && FLD(27) == 1)) {
		SETU(SYSQ_P_START_CODE, start_code, 26);
		SETU(SYSQ_P_END_CODE, end_code, 27);
		SETU(SYSQ_P_START_STACK, start_stack, 28);
		SETU(SYSQ_P_ESP, esp, 29);
		SETU(SYSQ_P_EIP, eip, 30);
	}
	if (HAS(24) && FLD(24) >= 0 && (uint64_t)FLD(24) <= UINT64_MAX / page) {
		p->rss_stat = (uint64_t)FLD(24) * page;
		SYSQ_SET(p, SYSQ_P_RSS_STAT);
	}
	SETI(SYSQ_P_CPU_NUM, cpu_num, 39);
	SETU(SYSQ_P_RT_PRIORITY, rt_priority, 40);
	SETU(SYSQ_P_POLICY, policy, 41);
	SETT(SYSQ_P_IOWAIT, iowait, 42);
#undef FLD
#undef HAS
#undef SETI
#undef SETU
#undef SETT
	if (SYSQ_HAVE(p, SYSQ_P_FLAGS))
		p->kernel_thread = (p->flags & PF_KTHREAD_FLAG) != 0;
	if (SYSQ_HAVE(p, SYSQ_P_START_TICKS) && pp->have_boot_time) {
		p->create_time = (double)pp->boot_time + (double)p->start_ticks / tck;
		SYSQ_SET(p, SYSQ_P_CREATE_TIME);
	}
	return SYSQ_OK;
}

int sysq_parse_proc_statm(const char *data, size_t len, const struct sysq_proc_params *pp, struct sysq_proc *p)
{
	static const int idx[5] = { SYSQ_P_VMS, SYSQ_P_RSS, SYSQ_P_SHARED, SYSQ_P_TEXT, -1 };
	uint64_t *dst[5] = { &p->vms, &p->rss, &p->shared, &p->text, NULL };
	const uint64_t ps = (uint64_t)pp->page_size;
	const char *s;
	uint64_t v[6];

	(void)len; /* the numbers stop at the NUL */
	s = data;
	/* size resident shared text lib data dt */
	for (int i = 0; i < 6; i++)
		if (sysq_parse_u64(&s, &v[i]) < 0 || v[i] > UINT64_MAX / ps)
			return SYSQ_EPARSE;
	for (int i = 0; i < 4; i++) {
		*dst[i] = v[i] * ps;
		SYSQ_SET(p, idx[i]);
	}
	p->data = v[5] * ps;
	SYSQ_SET(p, SYSQ_P_DATA);
	return SYSQ_OK;
}

/* cmdline and environ: NUL-separated strings */
static int strv_field(const char *data, size_t len, char ***out, size_t *count, int idx, struct sysq_proc *p)
{
	free(*out);
	if (!(*out = sysq_split_nul(data, len, count)))
		return SYSQ_ENOMEM;
	SYSQ_SET(p, idx);
	return SYSQ_OK;
}

int sysq_parse_proc_cmdline(const char *data, size_t len, struct sysq_proc *p)
{
	return strv_field(data, len, &p->cmdline, &p->ncmdline, SYSQ_P_CMDLINE, p);
}

int sysq_parse_proc_environ(const char *data, size_t len, struct sysq_proc *p)
{
	return strv_field(data, len, &p->environ, &p->nenviron, SYSQ_P_ENVIRON, p);
}

/* "key: value" lines, matched on the key before the colon */
int sysq_parse_proc_io(const char *data, size_t len, struct sysq_proc *p)
{
	static const struct { struct sysq_key key; int idx; size_t off; } keys[] = {
		{ SYSQ_KEY("rchar"), SYSQ_P_READ_CHARS, offsetof(struct sysq_proc, read_chars) },
		{ SYSQ_KEY("wchar"), SYSQ_P_WRITE_CHARS, offsetof(struct sysq_proc, write_chars) },
		{ SYSQ_KEY("syscr"), SYSQ_P_READ_COUNT, offsetof(struct sysq_proc, read_count) },
		{ SYSQ_KEY("syscw"), SYSQ_P_WRITE_COUNT, offsetof(struct sysq_proc, write_count) },
		{ SYSQ_KEY("read_bytes"), SYSQ_P_READ_BYTES, offsetof(struct sysq_proc, read_bytes) },
		{ SYSQ_KEY("write_bytes"), SYSQ_P_WRITE_BYTES, offsetof(struct sysq_proc, write_bytes) },
		{ SYSQ_KEY("cancelled_write_bytes"), SYSQ_P_CANCELLED_WRITE_BYTES, offsetof(struct sysq_proc, cancelled_write_bytes) },
	};
	const char *pp = data, *end = data + len, *line;
	size_t ll;
	int next = 0;

	while (sysq_next_line(&pp, end, &line, &ll)) {
		const char *colon = memchr(line, ':', ll), *rest;
		uint64_t v;
		int k;

		if (!colon || (k = sysq_key_find(&keys[0].key, sizeof(keys[0]), (int)(sizeof(keys) / sizeof(keys[0])),
						 line, (size_t)(colon - line), &next)) < 0)
			continue;
		rest = colon + 1;
		if (sysq_parse_u64(&rest, &v) == 0) {
			memcpy((char *)p + keys[k].off, &v, sizeof(v));
			SYSQ_SET(p, keys[k].idx);
		}
	}
	return SYSQ_OK;
}

/* cgroup and attr/current: the text, less its last newlines */
static int text_field(const char *data, size_t len, char **out, int idx, struct sysq_proc *p)
{
	while (len && data[len - 1] == '\n')
		len--;
	free(*out);
	if (!(*out = sysq_dup_range(data, len)))
		return SYSQ_ENOMEM;
	SYSQ_SET(p, idx);
	return SYSQ_OK;
}

int sysq_parse_proc_cgroup(const char *data, size_t len, struct sysq_proc *p)
{
	return text_field(data, len, &p->cgroup, SYSQ_P_CGROUP, p);
}

int sysq_parse_proc_label(const char *data, size_t len, struct sysq_proc *p)
{
	return text_field(data, len, &p->label, SYSQ_P_LABEL, p);
}

int sysq_parse_proc_limits(const char *data, size_t len, struct sysq_proc *p)
{
	const char *pp, *end, *line;
	size_t ll;
	int found = 0;

	pp = data;
	end = data + len;
	while (sysq_next_line(&pp, end, &line, &ll)) {
		for (int k = 0; k < SYSQ_RLIMIT__COUNT; k++) {
			size_t kl = strlen(limit_label[k]);
			const char *s = line + kl;
			uint64_t *dst[2] = { &p->rlimit_soft[k], &p->rlimit_hard[k] };

			/* the label, then at least two blanks ("Max file size" is
			 * not "Max file locks") */
			if (ll < kl + 2 || memcmp(line, limit_label[k], kl) != 0 || s[0] != ' ' || s[1] != ' ')
				continue;
			for (int i = 0; i < 2; i++) {
				while (s < line + ll && *s == ' ')
					s++;
				if ((size_t)(line + ll - s) >= 9 && memcmp(s, "unlimited", 9) == 0) {
					*dst[i] = SYSQ_RLIM_INFINITY;
					s += 9;
				} else if (sysq_parse_u64(&s, dst[i]) < 0) {
					return SYSQ_EPARSE;
				}
			}
			found++;
			break;
		}
	}
	p->have_rlimit = found > 0;
	return SYSQ_OK;
}

/* uss = Private_Clean + Private_Dirty (+ Private_Hugetlb), pss, swap:
 * smaps_rollup (Linux 4.14+) has the sums; smaps is summed by hand.  The
 * key is what stands before a line's colon ("Pss_Anon" is not "Pss"); a
 * sum that would not fit in bytes is absent, not wrapped. */
int sysq_parse_proc_smaps(const char *data, size_t len, struct sysq_proc *p)
{
	static const int idx[3] = { SYSQ_P_USS, SYSQ_P_PSS, SYSQ_P_SWAP_SMAPS };
	uint64_t *const dst[3] = { &p->uss, &p->pss, &p->swap_smaps };
	const char *pp = data, *end = data + len, *line;
	uint64_t kb[3] = { 0, 0, 0 };
	bool over[3] = { false, false, false };
	size_t ll;

	while (sysq_next_line(&pp, end, &line, &ll)) {
		const char *colon = memchr(line, ':', ll), *rest;
		int k = -1;
		uint64_t v;

		if (!colon)
			continue;
		switch (colon - line) {
		case 3:
			k = memcmp(line, "Pss", 3) == 0 ? 1 : -1;
			break;
		case 4:
			k = memcmp(line, "Swap", 4) == 0 ? 2 : -1;
			break;
		case 13:
			k = memcmp(line, "Private_Clean", 13) == 0 || memcmp(line, "Private_Dirty", 13) == 0 ? 0 : -1;
			break;
		case 15:
			k = memcmp(line, "Private_Hugetlb", 15) == 0 ? 0 : -1;
			break;
		}
		rest = colon + 1;
		if (k < 0 || sysq_parse_u64(&rest, &v) < 0)
			continue;
		if (v > UINT64_MAX / 1024 - kb[k])
			over[k] = true;
		else
			kb[k] += v;
	}
	for (int k = 0; k < 3; k++) {
		if (over[k])
			continue;
		*dst[k] = kb[k] * 1024;
		SYSQ_SET(p, idx[k]);
	}
	return SYSQ_OK;
}

/* The kernel writes "0" when the task runs, is a zombie, or is not ours
 * to look at: then nothing is known */
int sysq_parse_proc_wchan(const char *data, size_t len, struct sysq_proc *p)
{
	while (len && data[len - 1] == '\n')
		len--;
	if (!len || (len == 1 && data[0] == '0'))
		return SYSQ_OK;
	free(p->wchan);
	if (!(p->wchan = sysq_dup_range(data, len)))
		return SYSQ_ENOMEM;
	SYSQ_SET(p, SYSQ_P_WCHAN);
	return SYSQ_OK;
}

/* One signed decimal and a newline, nothing else */
static int one_i64(const char *data, size_t len, int64_t *v)
{
	const char *s = data;

	if (sysq_parse_i64(&s, v) < 0 || (s < data + len && *s != '\n'))
		return SYSQ_EPARSE;
	return SYSQ_OK;
}

int sysq_parse_proc_oom_score(const char *data, size_t len, struct sysq_proc *p)
{
	int rc = one_i64(data, len, &p->oom_score);

	if (rc == 0)
		SYSQ_SET(p, SYSQ_P_OOM_SCORE);
	return rc;
}

int sysq_parse_proc_oom_score_adj(const char *data, size_t len, struct sysq_proc *p)
{
	int rc = one_i64(data, len, &p->oom_score_adj);

	if (rc == 0)
		SYSQ_SET(p, SYSQ_P_OOM_SCORE_ADJ);
	return rc;
}

int sysq_parse_proc_loginuid(const char *data, size_t len, struct sysq_proc *p)
{
	int64_t v;
	int rc;

	if ((rc = one_i64(data, len, &v)) < 0)
		return rc;
	/* (uid_t)-1: no login uid was ever set */
	if (v < 0 || v >= UINT32_MAX)
		return SYSQ_OK;
	p->loginuid = v;
	SYSQ_SET(p, SYSQ_P_LOGINUID);
	return SYSQ_OK;
}

/* "/autogroup-667 nice 0"; empty for a kernel thread */
int sysq_parse_proc_autogroup(const char *data, size_t len, struct sysq_proc *p)
{
	const char *s;
	int64_t id, nice;

	if (len < 11 || memcmp(data, "/autogroup-", 11) != 0)
		return SYSQ_OK;
	s = data + 11;
	if (sysq_parse_i64(&s, &id) < 0)
		return SYSQ_EPARSE;
	p->ag_id = id;
	SYSQ_SET(p, SYSQ_P_AG_ID);
	if (strncmp(s, " nice ", 6) == 0) {
		s += 5;
		if (sysq_parse_i64(&s, &nice) == 0) {
			p->ag_nice = nice;
			SYSQ_SET(p, SYSQ_P_AG_NICE);
		}
	}
	return SYSQ_OK;
}

/* ns/NAME links read "NAME:[INODE]" */
int sysq_parse_ns_link(const char *name, const char *buf, size_t n, uint64_t *ino)
{
	size_t nl = strlen(name);
	const char *s, *end = buf + n;
	uint64_t v = 0;

	if (n < nl + 3 || memcmp(buf, name, nl) != 0 || buf[nl] != ':' || buf[nl + 1] != '[')
		return SYSQ_EPARSE;
	/* bounded by n: a link's bytes carry no NUL of their own */
	for (s = buf + nl + 2; s < end && *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return SYSQ_EPARSE;
		v = v * 10 + d;
	}
	if (s == buf + nl + 2 || s >= end || *s != ']')
		return SYSQ_EPARSE;
	*ino = v;
	return SYSQ_OK;
}
