/* The parser of /proc/PID/status: one pass over its "Key:\tvalue" lines.
 * The key of each line (the bytes before its first ':') is found by a
 * switch on its length and one or two of its letters, then checked with
 * one memcmp, so a line costs a short scan for the colon, one memchr for
 * its end and, for the ~30 of its ~57 lines that are ours, one value
 * parse; the lines of status that stat has too are taken only when stat
 * was not read first.  Keys may come in any order: a repeated key is taken
 * again (its last value stands), but a line stat also has keeps the first.
 * A key that is not exactly one we know (unknown, or with a blank before
 * its colon) is skipped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysq/parsers.h"

enum skind {
	S_NONE,
	S_NAME,    /* comm, "\\" and "\n" escaped */
	S_STATE,
	S_ID,      /* one signed number that stat has too: PPid, NSpgid, NSsid */
	S_THREADS,
	S_KTHREAD,
	S_IDS,     /* Uid, Gid: real, effective, saved, file system */
	S_GROUPS,
	S_KB,      /* "N kB" to bytes */
	S_PAGES_KB, /* VmData, VmStk: statm's data is their sum */
	S_HEX,     /* a signal mask */
	S_COUNT,   /* a plain count */
	S_LIST,    /* Cpus_allowed_list, as text */
};

enum skey {
	K_NONE, K_NAME, K_STATE, K_PPID, K_UID, K_GID, K_GROUPS, K_NSPGID, K_NSSID,
	K_KTHREAD, K_VMPEAK, K_VMSIZE, K_VMLCK, K_VMHWM, K_VMRSS, K_RSSANON,
	K_RSSFILE, K_RSSSHMEM, K_VMDATA, K_VMSTK, K_VMEXE, K_VMSWAP, K_HUGETLB,
	K_THREADS, K_SIGPND, K_SHDPND, K_SIGBLK, K_SIGIGN, K_SIGCGT, K_CPUS_LIST,
	K_VOLUNTARY, K_NONVOLUNTARY, K__COUNT
};

#define OFF(m) offsetof(struct sysq_proc, m)
/* In the kernel's order (fs/proc/array.c). */
static const struct skey_row {
	const char *name;
	enum skind kind;
	int idx;     /* the field's availability bit */
	size_t off;  /* and its member */
} skeys[K__COUNT] = {
	[K_NAME] = { "Name", S_NAME, SYSQ_P_NAME, 0 },
	[K_STATE] = { "State", S_STATE, SYSQ_P_STATUS, 0 },
	[K_PPID] = { "PPid", S_ID, SYSQ_P_PPID, OFF(ppid) },
	[K_UID] = { "Uid", S_IDS, SYSQ_P_RUID, OFF(ruid) },
	[K_GID] = { "Gid", S_IDS, SYSQ_P_RGID, OFF(rgid) },
	[K_GROUPS] = { "Groups", S_GROUPS, SYSQ_P_SUPGID, 0 },
	/* the first number is in the namespace of this procfs, as stat's */
	[K_NSPGID] = { "NSpgid", S_ID, SYSQ_P_PGID, OFF(pgid) },
	[K_NSSID] = { "NSsid", S_ID, SYSQ_P_SID, OFF(sid) },
	[K_KTHREAD] = { "Kthread", S_KTHREAD, 0, 0 }, /* Linux 6.10 and later */
	[K_VMPEAK] = { "VmPeak", S_KB, SYSQ_P_PEAK_VMS, OFF(peak_vms) },
	/* VmSize, VmRSS, VmExe: the same exact counters as statm's size,
	 * resident and text */
	[K_VMSIZE] = { "VmSize", S_KB, SYSQ_P_VMS, OFF(vms) },
	[K_VMLCK] = { "VmLck", S_KB, SYSQ_P_VMLCK, OFF(vmlck) },
	[K_VMHWM] = { "VmHWM", S_KB, SYSQ_P_PEAK_RSS, OFF(peak_rss) },
	[K_VMRSS] = { "VmRSS", S_KB, SYSQ_P_RSS, OFF(rss) },
	[K_RSSANON] = { "RssAnon", S_KB, SYSQ_P_RSS_ANON, OFF(rss_anon) },
	[K_RSSFILE] = { "RssFile", S_KB, SYSQ_P_RSS_FILE, OFF(rss_file) },
	[K_RSSSHMEM] = { "RssShmem", S_KB, SYSQ_P_RSS_SHMEM, OFF(rss_shmem) },
	[K_VMDATA] = { "VmData", S_PAGES_KB, 0, 0 },
	[K_VMSTK] = { "VmStk", S_PAGES_KB, 0, 1 },
	[K_VMEXE] = { "VmExe", S_KB, SYSQ_P_TEXT, OFF(text) },
	[K_VMSWAP] = { "VmSwap", S_KB, SYSQ_P_SWAP, OFF(swap) },
	[K_HUGETLB] = { "HugetlbPages", S_KB, SYSQ_P_HUGETLB, OFF(hugetlb) },
	[K_THREADS] = { "Threads", S_THREADS, SYSQ_P_NUM_THREADS, 0 },
	[K_SIGPND] = { "SigPnd", S_HEX, SYSQ_P_SIG_PENDING_THREAD, OFF(sig_pending_thread) },
	[K_SHDPND] = { "ShdPnd", S_HEX, SYSQ_P_SIG_PENDING, OFF(sig_pending) },
	[K_SIGBLK] = { "SigBlk", S_HEX, SYSQ_P_SIG_BLOCKED, OFF(sig_blocked) },
	[K_SIGIGN] = { "SigIgn", S_HEX, SYSQ_P_SIG_IGNORED, OFF(sig_ignored) },
	[K_SIGCGT] = { "SigCgt", S_HEX, SYSQ_P_SIG_CAUGHT, OFF(sig_caught) },
	[K_CPUS_LIST] = { "Cpus_allowed_list", S_LIST, SYSQ_P_CPU_AFFINITY, 0 },
	[K_VOLUNTARY] = { "voluntary_ctxt_switches", S_COUNT, SYSQ_P_VOLUNTARY, OFF(voluntary) },
	[K_NONVOLUNTARY] = { "nonvoluntary_ctxt_switches", S_COUNT, SYSQ_P_INVOLUNTARY, OFF(involuntary) },
};
#undef OFF

/* The key k[0..n): a guess from its length and a letter or two that tell
 * the keys of that length apart, then checked (every name in skeys has
 * the length its case says, so the memcmp stays inside it). */
static enum skey status_key(const char *k, size_t n)
{
	enum skey c = K_NONE;

	switch (n) {
	case 3:
		c = k[0] == 'U' ? K_UID : K_GID;
		break;
	case 4:
		c = k[0] == 'N' ? K_NAME : K_PPID;
		break;
	case 5:
		switch (k[2]) {
		case 'a': c = K_STATE; break;
		case 'L': c = K_VMLCK; break;
		case 'H': c = K_VMHWM; break;
		case 'R': c = K_VMRSS; break;
		case 'S': c = K_VMSTK; break;
		case 'E': c = K_VMEXE; break;
		case 's': c = K_NSSID; break;
		}
		break;
	case 6:
		switch (k[0]) {
		case 'G': c = K_GROUPS; break;
		case 'N': c = K_NSPGID; break;
		case 'V':
			c = k[2] == 'P' ? K_VMPEAK : k[2] == 'D' ? K_VMDATA : k[3] == 'i' ? K_VMSIZE : K_VMSWAP;
			break;
		case 'S':
			switch (k[3]) {
			case 'P': c = k[1] == 'h' ? K_SHDPND : K_SIGPND; break;
			case 'B': c = K_SIGBLK; break;
			case 'I': c = K_SIGIGN; break;
			case 'C': c = K_SIGCGT; break;
			}
			break;
		}
		break;
	case 7:
		c = k[0] == 'K' ? K_KTHREAD : k[0] == 'T' ? K_THREADS : k[3] == 'A' ? K_RSSANON : K_RSSFILE;
		break;
	case 8: c = K_RSSSHMEM; break;
	case 12: c = K_HUGETLB; break;
	case 17: c = K_CPUS_LIST; break;
	case 23: c = K_VOLUNTARY; break;
	case 26: c = K_NONVOLUNTARY; break;
	}
	return c != K_NONE && memcmp(k, skeys[c].name, n) == 0 ? c : K_NONE;
}

/* Name: one tab, then comm with only "\\" and "\n" escaped: any other
 * byte, a leading blank too, is the name's own */
static void status_name(struct sysq_proc *p, const char *s, const char *end)
{
	size_t n = 0;

	if (s < end && *s == '\t')
		s++;
	for (; s < end && n + 1 < sizeof(p->comm); s++) {
		char c = *s;

		if (c == '\\' && s + 1 < end && (s[1] == 'n' || s[1] == '\\'))
			c = *++s == 'n' ? '\n' : '\\';
		p->comm[n++] = c;
	}
	p->comm[n] = '\0';
	memcpy(p->name, p->comm, n + 1);
	SYSQ_SET(p, SYSQ_P_NAME);
	SYSQ_SET(p, SYSQ_P_COMM);
}

/* Groups: "\t4 24 27 \n" (or nothing) as "4,24,27": numbers only */
static int status_groups(struct sysq_proc *p, const char *s, const char *end)
{
	char *out = malloc((size_t)(end - s) + 1);
	size_t k = 0;

	if (!out)
		return SYSQ_ENOMEM;
	while (s < end) {
		const char *q = s;
		uint64_t gid;

		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (q == end)
			break;
		s = q;
		if (sysq_parse_u64(&s, &gid) < 0 || s > end) {
			free(out);
			return SYSQ_OK; /* not the layout we know: absent */
		}
		if (k)
			out[k++] = ',';
		memcpy(out + k, q, (size_t)(s - q));
		k += (size_t)(s - q);
	}
	out[k] = '\0';
	free(p->supgid);
	p->supgid = out;
	SYSQ_SET(p, SYSQ_P_SUPGID);
	return SYSQ_OK;
}

/* A signal mask: up to 16 lowercase hex digits, as the kernel prints it */
static bool status_hex(const char *s, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	int digits = 0;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	for (; s < end && digits < 16; s++, digits++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;

		if (d < 0)
			break;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return digits > 0;
}

static void set_u64(struct sysq_proc *p, const struct skey_row *k, uint64_t v)
{
	memcpy((char *)p + k->off, &v, sizeof(v));
	SYSQ_SET(p, k->idx);
}

int sysq_parse_proc_status(const char *data, size_t len, unsigned need, struct sysq_proc *p)
{
	const char *s = data, *const end = data + len;
	/* VmData, VmStk in kB; UINT64_MAX: not read */
	uint64_t pages_kb[2] = { UINT64_MAX, UINT64_MAX };

	while (s < end) {
		const char *key = s, *rest, *eol;
		const struct skey_row *k;
		enum skey c;
		uint64_t u;
		int64_t v;

		/* the line, then its key: a line without a colon is skipped */
		eol = memchr(s, '\n', (size_t)(end - s));
		if (!eol)
			eol = end;
		s = eol < end ? eol + 1 : end;
		if (!(rest = memchr(key, ':', (size_t)(eol - key))))
			continue;
		if ((c = status_key(key, (size_t)(rest - key))) == K_NONE)
			continue;
		rest++;
		k = &skeys[c];
		switch (k->kind) {
		case S_NONE:
			break;
		case S_NAME:
			if (!SYSQ_HAVE(p, SYSQ_P_NAME))
				status_name(p, rest, eol);
			break;
		case S_STATE:
			while (rest < eol && (*rest == ' ' || *rest == '\t'))
				rest++;
			if (!SYSQ_HAVE(p, SYSQ_P_STATUS) && rest < eol) {
				p->state = *rest;
				snprintf(p->status, sizeof(p->status), "%s", sysq_proc_status_name(p->state));
				SYSQ_SET(p, SYSQ_P_STATUS);
			}
			break;
		case S_ID:
			if (!SYSQ_HAVE(p, k->idx) && sysq_parse_i64(&rest, &v) == 0) {
				memcpy((char *)p + k->off, &v, sizeof(v));
				SYSQ_SET(p, k->idx);
			}
			break;
		case S_THREADS:
			if (!SYSQ_HAVE(p, SYSQ_P_NUM_THREADS) && sysq_parse_u64(&rest, &u) == 0) {
				p->num_threads = u;
				SYSQ_SET(p, SYSQ_P_NUM_THREADS);
			}
			break;
		case S_KTHREAD:
			/* stat's flags say the same, and first */
			if (!SYSQ_HAVE(p, SYSQ_P_FLAGS) && sysq_parse_u64(&rest, &u) == 0)
				p->kernel_thread = u != 0;
			break;
		case S_IDS:
			for (int i = 0; i < 4; i++) {
				if (sysq_parse_i64(&rest, &v) < 0)
					break;
				memcpy((char *)p + k->off + (size_t)i * sizeof(v), &v, sizeof(v));
				SYSQ_SET(p, k->idx + i);
			}
			break;
		case S_GROUPS:
			if ((need & SYSQ_PN_GROUPS) && status_groups(p, rest, eol) < 0)
				return SYSQ_ENOMEM;
			break;
		case S_KB:
			/* a size that does not fit in bytes is absent, not wrapped */
			if (sysq_parse_u64(&rest, &u) == 0 && u <= UINT64_MAX / 1024)
				set_u64(p, k, u * 1024);
			break;
		case S_PAGES_KB:
			if (sysq_parse_u64(&rest, &u) == 0 && u <= UINT64_MAX / 4096)
				pages_kb[k->off] = u;
			break;
		case S_HEX:
			if (status_hex(rest, eol, &u))
				set_u64(p, k, u);
			break;
		case S_COUNT:
			if (sysq_parse_u64(&rest, &u) == 0)
				set_u64(p, k, u);
			break;
		case S_LIST:
			while (rest < eol && (*rest == ' ' || *rest == '\t'))
				rest++;
			free(p->cpu_affinity);
			p->cpu_affinity = sysq_dup_range(rest, (size_t)(eol - rest));
			if (p->cpu_affinity)
				SYSQ_SET(p, SYSQ_P_CPU_AFFINITY);
			break;
		}
	}
	/* statm's shared is RssFile + RssShmem, its data VmData + VmStk */
	if (SYSQ_HAVE(p, SYSQ_P_RSS_FILE) && SYSQ_HAVE(p, SYSQ_P_RSS_SHMEM)) {
		p->shared = p->rss_file + p->rss_shmem;
		SYSQ_SET(p, SYSQ_P_SHARED);
	}
	if (pages_kb[0] != UINT64_MAX && pages_kb[1] != UINT64_MAX) {
		p->data = (pages_kb[0] + pages_kb[1]) * 1024;
		SYSQ_SET(p, SYSQ_P_DATA);
	}
	/* no Vm lines: no memory (a kernel thread, a zombie); statm says 0 */
	if (SYSQ_HAVE(p, SYSQ_P_RUID) && !SYSQ_HAVE(p, SYSQ_P_RSS) && !SYSQ_HAVE(p, SYSQ_P_VMS)) {
		p->rss = p->vms = p->shared = p->text = p->data = 0;
		SYSQ_SET(p, SYSQ_P_RSS);
		SYSQ_SET(p, SYSQ_P_VMS);
		SYSQ_SET(p, SYSQ_P_SHARED);
		SYSQ_SET(p, SYSQ_P_TEXT);
		SYSQ_SET(p, SYSQ_P_DATA);
	}
	return SYSQ_OK;
}
