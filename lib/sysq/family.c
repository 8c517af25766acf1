/* What psutil derives from a process's files: its children and parents,
 * whether it is still the same process, CPU and memory percentages, and
 * its I/O priority (a system call). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sysq/internal.h"

struct link {
	pid_t pid, ppid;
};

static int cmp_ppid(const void *a, const void *b)
{
	const struct link *x = a, *y = b;

	if (x->ppid != y->ppid)
		return (x->ppid > y->ppid) - (x->ppid < y->ppid);
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* Every process's parent, sorted by parent then PID. */
static int links(sysq_ctx *ctx, struct link **out, size_t *n)
{
	sysq_proc_iter *it;
	struct sysq_proc p;
	struct link *v = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = sysq_proc_iter_open(ctx, SYSQ_PN_STAT, &it)) < 0)
		return rc;
	while ((rc = sysq_proc_next(it, &p)) > 0) {
		if (SYSQ_HAVE(&p, SYSQ_P_PPID)) {
			if (len == cap) {
				size_t ncap = cap ? cap * 2 : 256;
				struct link *nv = realloc(v, ncap * sizeof(*v));

				if (!nv) {
					rc = SYSQ_ENOMEM;
					sysq_proc_release(&p);
					break;
				}
				v = nv;
				cap = ncap;
			}
			v[len].pid = (pid_t)p.pid;
			v[len++].ppid = (pid_t)p.ppid;
		}
		sysq_proc_release(&p);
	}
	sysq_proc_iter_close(it);
	if (rc < 0) {
		free(v);
		return rc;
	}
	if (len > 1)
		qsort(v, len, sizeof(*v), cmp_ppid);
	*out = v;
	*n = len;
	return SYSQ_OK;
}

/* The first link whose parent is ppid (the array is sorted by parent). */
static size_t first_child(const struct link *v, size_t n, pid_t ppid)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].ppid < ppid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int sysq_proc_children(sysq_ctx *ctx, pid_t pid, bool recursive, pid_t **out, size_t *n)
{
	struct link *v;
	size_t nv, len = 0, done = 0;
	pid_t *kids;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = links(ctx, &v, &nv)) < 0)
		return rc;
	/* a breadth-first walk; each process has one parent, so none comes
	 * twice, and the cap ends a loop that a broken tree could make */
	if (!(kids = malloc((nv + 1) * sizeof(*kids)))) {
		free(v);
		return SYSQ_ENOMEM;
	}
	for (pid_t parent = pid;;) {
		for (size_t i = first_child(v, nv, parent); i < nv && v[i].ppid == parent && len < nv; i++)
			if (v[i].pid != pid && v[i].pid != parent)
				kids[len++] = v[i].pid;
		if (!recursive || done == len)
			break;
		parent = kids[done++];
	}
	free(v);
	*out = kids;
	*n = len;
	return SYSQ_OK;
}

int sysq_proc_parents(sysq_ctx *ctx, pid_t pid, pid_t **out, size_t *n)
{
	struct sysq_proc p;
	pid_t *v = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = sysq_proc_read(ctx, pid, SYSQ_PN_STAT, &p)) < 0)
		return rc;
	/* up the chain until PID 0; a loop (a broken tree) ends it too */
	while (SYSQ_HAVE(&p, SYSQ_P_PPID) && p.ppid > 0 && len < 4096) {
		pid_t parent = (pid_t)p.ppid;
		pid_t *nv;
		bool loop = parent == pid;

		for (size_t k = 0; k < len && !loop; k++)
			loop = v[k] == parent;
		sysq_proc_release(&p);
		if (loop)
			break;
		if (!(nv = realloc(v, (len + 1) * sizeof(*v)))) {
			free(v);
			return SYSQ_ENOMEM;
		}
		v = nv;
		v[len++] = parent;
		/* a parent that vanished ends the chain */
		if (sysq_proc_read(ctx, parent, SYSQ_PN_STAT, &p) < 0)
			break;
	}
	sysq_proc_release(&p);
	*out = v;
	*n = len;
	return SYSQ_OK;
}

int sysq_proc_is_running(sysq_ctx *ctx, const struct sysq_proc *p)
{
	struct sysq_proc now;
	int rc, same;

	if (!SYSQ_HAVE(p, SYSQ_P_START_TICKS))
		return SYSQ_EINVAL;
	rc = sysq_proc_read(ctx, (pid_t)p->pid, SYSQ_PN_STAT, &now);
	if (rc == SYSQ_ENOENT)
		return 0;
	if (rc < 0)
		return rc;
	/* the same PID started at another tick is another process */
	same = SYSQ_HAVE(&now, SYSQ_P_START_TICKS) && now.start_ticks == p->start_ticks && now.state != 'Z';
	sysq_proc_release(&now);
	return same;
}

int sysq_proc_cpu_percent(const struct sysq_proc *before, const struct sysq_proc *after, double *percent)
{
	double dt, dcpu;

	if (!SYSQ_HAVE(before, SYSQ_P_USER) || !SYSQ_HAVE(before, SYSQ_P_SYSTEM) ||
	    !SYSQ_HAVE(after, SYSQ_P_USER) || !SYSQ_HAVE(after, SYSQ_P_SYSTEM) || before->pid != after->pid ||
	    (SYSQ_HAVE(before, SYSQ_P_START_TICKS) && SYSQ_HAVE(after, SYSQ_P_START_TICKS) &&
	     before->start_ticks != after->start_ticks))
		return SYSQ_EINVAL;
	dt = after->sample_time - before->sample_time;
	if (!(dt > 0))
		return SYSQ_EINVAL;
	dcpu = (after->user + after->system) - (before->user + before->system);
	/* the counters never go back; a negative delta is noise */
	*percent = dcpu > 0 ? dcpu / dt * 100.0 : 0.0;
	return SYSQ_OK;
}

int sysq_proc_memory_percent(sysq_ctx *ctx, const struct sysq_proc *p, enum sysq_proc_field field, double *percent)
{
	const struct sysq_field *f;
	struct sysq_vmem vm;
	uint64_t v;
	int rc;

	if ((unsigned)field >= SYSQ_P__COUNT)
		return SYSQ_EINVAL;
	f = &sysq_proc_table.fields[field];
	if (f->type != SYSQ_T_U64 || f->unit != SYSQ_U_BYTES)
		return SYSQ_EINVAL;
	if (!SYSQ_HAVE(p, field))
		return SYSQ_ENOENT;
	if ((rc = sysq_virtual_memory(ctx, &vm)) < 0)
		return rc;
	if (!vm.total)
		return SYSQ_EPARSE;
	memcpy(&v, (const char *)p + f->offset, sizeof(v));
	*percent = (double)v * 100.0 / (double)vm.total;
	return SYSQ_OK;
}

int sysq_proc_ionice(sysq_ctx *ctx, pid_t pid, int *ioclass, int *value)
{
	const char *proc = sysq_root_path(ctx, SYSQ_ROOT_PROC);
	long v;

	/* a system call: only for the system's own processes, not a fixture's */
	if (!proc || strcmp(proc, "/proc") != 0)
		return SYSQ_ENOTSUP;
	if (pid <= 0)
		return SYSQ_ENOENT;
	v = syscall(SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, (int)pid);
	if (v < 0)
		return errno == ESRCH ? SYSQ_ENOENT : sysq_errno_code(errno);
	if ((v >> 13) > 3)
		return SYSQ_EPARSE;
	*ioclass = (int)(v >> 13);
	*value = (int)(v & 0x1fff);
	return SYSQ_OK;
}
