/* pstree: the process table read into the tree (the processes, their
 * parents and threads, and what the chosen options show of them), the
 * order of the children, and the roots a thread's TID or a USER operand names. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pstree.h"

void *xrealloc(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		sq_die(SQ_EXIT_FAIL, "%s", sysq_strerror(SYSQ_ENOMEM));
	p = realloc(p, n && size ? n * size : 1);
	if (!p)
		sq_die(SQ_EXIT_FAIL, "%s", sysq_strerror(SYSQ_ENOMEM));
	return p;
}

static struct node *new_node(struct tree *t)
{
	struct node *n = xrealloc(NULL, 1, sizeof(*n));

	memset(n, 0, sizeof(*n));
	if (t->nmore == t->capmore) {
		t->capmore = t->capmore ? 2 * t->capmore : 64;
		t->more = xrealloc(t->more, t->capmore, sizeof(*t->more));
	}
	t->more[t->nmore++] = n;
	return n;
}

static void add_kid(struct node *parent, struct node *kid)
{
	if (parent->nkids == parent->capkids) {
		parent->capkids = parent->capkids ? 2 * parent->capkids : 4;
		parent->kids = xrealloc(parent->kids, parent->capkids, sizeof(*parent->kids));
	}
	parent->kids[parent->nkids++] = kid;
	kid->parent = parent;
}

static int cmp_node_pid(const void *key, const void *elem)
{
	pid_t pid = *(const pid_t *)key, other = ((const struct node *)elem)->pid;

	return (pid > other) - (pid < other);
}

struct node *find(struct tree *t, pid_t pid)
{
	struct node *n = bsearch(&pid, t->procs, t->nprocs, sizeof(*t->procs), cmp_node_pid);

	if (n)
		return n;
	for (size_t i = 0; i < t->nmore; i++)
		if (t->more[i]->placeholder && t->more[i]->pid == pid)
			return t->more[i];
	return NULL;
}

/* A parent we could not read (0, the parent of init and kthreadd, or one
 * hidden from us) stands in as "?", as psmisc shows it. */
static struct node *placeholder(struct tree *t, pid_t pid)
{
	struct node *n = find(t, pid);

	if (!n) {
		n = new_node(t);
		n->pid = pid;
		n->placeholder = true;
		n->seq = (uint64_t)pid * 2;
		strcpy(n->name, "?");
	}
	return n;
}

/* A parent hidden from us (hidepid=2, or gone since its child was read)
 * is a "?" without a parent of its own: psmisc hangs each under process
 * 1, a "?" itself when hidden too, so that what is visible stays in the
 * tree.  It puts them there in the reverse of the order it made them
 * (the order of their first child's PID), which is their order among
 * equal names. */
static void adopt_orphans(struct tree *t)
{
	struct node *init = placeholder(t, 1);
	size_t nmore = t->nmore;

	for (size_t i = 0; i < nmore; i++) {
		struct node *n = t->more[i];

		if (!n->placeholder || n->parent || n->pid == 0 || n->pid == 1)
			continue;
		n->seq = UINT64_MAX - 2 * (uint64_t)i;
		add_kid(init, n);
	}
}

/* The inodes of the namespaces, 0 for one we may not read (psmisc's
 * mark, which -S and -N then compare as a namespace of its own). */
static void copy_ns(struct node *n, const struct sysq_proc *p)
{
	static const struct { int type; enum sysq_proc_field f; size_t off; } map[] = {
		{ NS_CGROUP, SYSQ_P_CGROUPNS, offsetof(struct sysq_proc, cgroupns) },
		{ NS_IPC, SYSQ_P_IPCNS, offsetof(struct sysq_proc, ipcns) },
		{ NS_MNT, SYSQ_P_MNTNS, offsetof(struct sysq_proc, mntns) },
		{ NS_NET, SYSQ_P_NETNS, offsetof(struct sysq_proc, netns) },
		{ NS_PID, SYSQ_P_PIDNS, offsetof(struct sysq_proc, pidns) },
		{ NS_USER, SYSQ_P_USERNS, offsetof(struct sysq_proc, userns) },
		{ NS_UTS, SYSQ_P_UTSNS, offsetof(struct sysq_proc, utsns) },
		{ NS_TIME, SYSQ_P_TIMENS, offsetof(struct sysq_proc, timens) },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		n->ns[map[i].type] = SYSQ_HAVE(p, map[i].f) ?
			*(const uint64_t *)((const char *)p + map[i].off) : 0;
}

/* psmisc's age: the uptime less the start, in whole seconds as it
 * compares them; never below 0. */
static double age_of(const struct opts *o, uint64_t start_ticks)
{
	static long hz;
	double age;

	if (!hz)
		hz = sysconf(_SC_CLK_TCK) > 0 ? sysconf(_SC_CLK_TCK) : 100;
	age = o->uptime - (double)start_ticks / (double)hz;
	return age > 0 ? age : 0;
}

static void copy_ids(struct node *n, const struct sysq_proc *p)
{
	if (SYSQ_HAVE(p, SYSQ_P_RUID) && SYSQ_HAVE(p, SYSQ_P_EUID)) {
		n->have_uids = true;
		n->ruid = p->ruid;
		n->euid = p->euid;
		n->suid = p->suid;
	}
	if (SYSQ_HAVE(p, SYSQ_P_USERNAME)) {
		n->have_user = true;
		snprintf(n->username, sizeof(n->username), "%s", p->username);
	}
}

/* Phase one: every process, linked to its parent.  status alone has the
 * name, state, parent, threads and effective uid (the owner of /proc/PID,
 * psmisc's order for equal names, and what a USER operand selects by);
 * stat is added for what only it has exactly: the kernel-thread flag that
 * -a shows, and the process group of -g on any kernel. */
void load(struct tree *t)
{
	const struct opts *o = t->o;
	unsigned need = SYSQ_PN_STATUS | (o->args || o->pgids || o->color_age ? SYSQ_PN_STAT : 0) |
			(o->ns_changes || o->ns_sort >= 0 ? SYSQ_PN_NS : 0);
	struct sysq_proc p;
	sysq_proc_iter *it;
	size_t cap = 0;
	int rc;

	if ((rc = sysq_proc_iter_open(t->ctx, need, &it)) < 0)
		sq_die(SQ_EXIT_FAIL, "%s: %s", sysq_root_path(t->ctx, SYSQ_ROOT_PROC), sysq_strerror(rc));
	while ((rc = sysq_proc_next(it, &p)) > 0) {
		struct node *n;

		if (t->nprocs == cap) {
			cap = cap ? 2 * cap : 256;
			t->procs = xrealloc(t->procs, cap, sizeof(*t->procs));
		}
		n = &t->procs[t->nprocs++];
		memset(n, 0, sizeof(*n));
		n->pid = (pid_t)p.pid;
		n->ppid = (pid_t)p.ppid;
		n->pgid = (pid_t)p.pgid;
		n->state = p.state;
		n->kthread = p.kernel_thread;
		n->nthreads = p.num_threads;
		n->seq = (uint64_t)p.pid * 2;
		memcpy(n->name, p.name, sizeof(n->name));
		copy_ids(n, &p);
		copy_ns(n, &p);
		if (o->color_age && SYSQ_HAVE(&p, SYSQ_P_START_TICKS))
			n->age = age_of(o, p.start_ticks);
		/* /proc/PID (a directory) belongs to the effective user, even
		 * when the process is not dumpable; kernel threads' is 0 */
		if (n->have_uids) {
			n->have_owner = true;
			n->owner = n->euid;
		}
		sysq_proc_release(&p);
	}
	sysq_proc_iter_close(it);
	if (rc < 0)
		sq_die(SQ_EXIT_FAIL, "%s: %s", sysq_root_path(t->ctx, SYSQ_ROOT_PROC), sysq_strerror(rc));
	/* the array is final now: link the processes to their parents */
	for (size_t i = 0; i < t->nprocs; i++) {
		struct node *n = &t->procs[i];

		if (n->ppid != n->pid && n->ppid >= 0)
			add_kid(placeholder(t, n->ppid), n);
	}
	adopt_orphans(t);
}

static void add_thread(struct tree *t, struct node *n, pid_t tid, const char *name)
{
	struct node *k = new_node(t);

	k->thread = true;
	k->pid = tid;
	k->ppid = n->ppid; /* as the thread's own stat has it */
	k->pgid = n->pgid;
	k->seq = n->seq + 1;
	k->have_uids = n->have_uids;
	k->ruid = n->ruid;
	k->euid = n->euid;
	k->suid = n->suid;
	k->age = n->age; /* psmisc gives a thread its process's age */
	memcpy(k->ns, n->ns, sizeof(k->ns));
	snprintf(k->name, sizeof(k->name), "%s", name);
	add_kid(n, k);
	/* a thread may have entered namespaces of its own */
	if (tid && (t->o->ns_changes || t->o->ns_sort >= 0)) {
		struct sysq_proc tp;

		if (sysq_proc_read(t->ctx, tid, SYSQ_PN_NS, &tp) == 0) {
			copy_ns(k, &tp);
			sysq_proc_release(&tp);
		}
	}
}

/* The threads of a process as child nodes: IDs and names from task/ when
 * something shows them, else only their number (stat num_threads). */
static void add_threads(struct tree *t, struct node *n)
{
	pid_t *tids = NULL;
	size_t nth = 0;

	n->have_threads = true;
	if (n->nthreads < 2 || n->placeholder)
		return;
	if (!t->tids) {
		for (uint64_t i = 1; i < n->nthreads; i++)
			add_thread(t, n, 0, n->name);
		return;
	}
	if (sysq_proc_tids(t->ctx, n->pid, &tids, &nth) < 0)
		return; /* gone, or denied: no threads shown */
	for (size_t i = 0; i < nth; i++) {
		struct sysq_proc tp;

		if (tids[i] == n->pid)
			continue;
		/* without -t, a thread shows its process's name: no read */
		if (!t->o->thread_names && !t->o->json) {
			add_thread(t, n, tids[i], n->name);
		} else if (sysq_proc_read_task(t->ctx, n->pid, tids[i], SYSQ_PN_STAT, &tp) == 0) {
			add_thread(t, n, tids[i], tp.name);
			sysq_proc_release(&tp);
		}
	}
	free(tids);
}

/* -Z: the security context, attr/current (a thread's own); absent
 * without a security module that has one. */
static void read_label(struct tree *t, struct node *n)
{
	struct sysq_proc p;

	n->have_label = true;
	if (n->pid && sysq_proc_read(t->ctx, n->pid, SYSQ_PN_LABEL, &p) == 0) {
		if (SYSQ_HAVE(&p, SYSQ_P_LABEL) && p.label && !(n->label = strdup(p.label)))
			sq_die(SQ_EXIT_FAIL, "%s", sysq_strerror(SYSQ_ENOMEM));
		sysq_proc_release(&p);
	}
}

/* Phase two, for a process that is shown: what only the chosen options
 * print (cmdline, status) and its threads. */
void complete(struct tree *t, struct node *n, bool threads)
{
	unsigned need = 0;
	struct sysq_proc p;

	if (n->placeholder)
		return;
	if (t->o->scontext && !n->have_label)
		read_label(t, n);
	if (n->thread)
		return;
	if (t->o->args && !n->have_cmdline)
		need |= SYSQ_PN_CMDLINE;
	if (t->o->uids && !n->have_uids)
		need |= SYSQ_PN_STATUS;
	if (need && sysq_proc_read(t->ctx, n->pid, need, &p) == 0) {
		if (SYSQ_HAVE(&p, SYSQ_P_CMDLINE)) {
			size_t bytes = 0;
			char *s;

			for (size_t i = 0; i < p.ncmdline; i++)
				bytes += strlen(p.cmdline[i]) + 1;
			/* the pointers, then the strings, in one block */
			n->argv = xrealloc(NULL, 1, (p.ncmdline + 1) * sizeof(char *) + bytes + 1);
			s = (char *)(n->argv + p.ncmdline + 1);
			for (size_t i = 0; i < p.ncmdline; i++) {
				n->argv[i] = s;
				s = stpcpy(s, p.cmdline[i]) + 1;
			}
			n->argv[p.ncmdline] = NULL;
			n->argc = p.ncmdline;
			n->have_cmdline = true;
		}
		copy_ids(n, &p);
		sysq_proc_release(&p);
	}
	if (threads && !t->o->hide_threads && !n->have_threads)
		add_threads(t, n);
}

/* The owner of /proc/PID (what psmisc sorts equal names by: the
 * effective uid, root for a process that is not dumpable), when the sort
 * needs it; true when it was read now. */
static bool fetch_owner(struct tree *t, struct node *n)
{
	if (n->have_owner || n->placeholder || n->thread)
		return false;
	n->have_owner = sysq_proc_owner(t->ctx, n->pid, &n->owner, NULL) == 0;
	return n->have_owner;
}

/* ---- order, and the hashes compaction compares ----------------------- */

static int cmp_kids(const void *a, const void *b, void *arg)
{
	const struct node *x = *(const struct node *const *)a, *y = *(const struct node *const *)b;
	const struct opts *o = arg;

	if (o->numeric) {
		if (x->pid != y->pid)
			return (x->pid > y->pid) - (x->pid < y->pid);
	} else {
		/* threads sort as "{name}", as they are shown */
		char bx[SYSQ_PROC_NAME_MAX + 2], by[SYSQ_PROC_NAME_MAX + 2];
		int c;

		snprintf(bx, sizeof(bx), x->thread ? "{%s}" : "%s", x->name);
		snprintf(by, sizeof(by), y->thread ? "{%s}" : "%s", y->name);
		if ((c = strcmp(bx, by)) != 0)
			return c;
	}
	/* psmisc: equal names in the order of their users, then of reading */
	if (x->have_owner && y->have_owner && x->owner != y->owner)
		return (x->owner > y->owner) - (x->owner < y->owner);
	if (x->seq != y->seq)
		return (x->seq > y->seq) - (x->seq < y->seq);
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* The children in psmisc's order.  Equal names are ordered by user: read
 * the owner of those only, then sort again. */
void sort_kids(struct tree *t, struct node *n)
{
	bool again = false;

	if (n->nkids < 2)
		return;
	qsort_r(n->kids, n->nkids, sizeof(*n->kids), cmp_kids, t->o);
	if (t->o->numeric)
		return;
	for (size_t i = 0; i + 1 < n->nkids; i++) {
		struct node *a = n->kids[i], *b = n->kids[i + 1];

		if (a->thread != b->thread || strcmp(a->name, b->name) != 0)
			continue;
		if (fetch_owner(t, a))
			again = true;
		if (fetch_owner(t, b))
			again = true;
	}
	if (again)
		qsort_r(n->kids, n->nkids, sizeof(*n->kids), cmp_kids, t->o);
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

/* Sort a shown subtree and hash each node's shape: name, kind, uid when
 * -u shows it, and the children in order. */
static uint64_t hash_node(const struct tree *t, const struct node *n)
{
	uint64_t h = 1469598103934665603ull;

	for (const unsigned char *s = (const unsigned char *)n->name; *s; s++)
		h = (h ^ *s) * 1099511628211ull;
	h = mix(h, n->thread);
	if (t->o->uids && n->have_uids)
		h = mix(h, (uint64_t)n->euid);
	if (t->o->ns_changes)
		for (int i = 0; i < NS__COUNT; i++)
			h = mix(h, n->ns[i]);
	return h;
}

void prepare(struct tree *t, struct node *n)
{
	uint64_t h;

	complete(t, n, true);
	sort_kids(t, n);
	h = hash_node(t, n);
	for (size_t i = 0; i < n->nkids; i++) {
		prepare(t, n->kids[i]);
		h = mix(h, n->kids[i]->hash);
	}
	n->hash = h;
}

/* The hashes again, over the children a node keeps (-N takes some off). */
void hash_tree(struct tree *t, struct node *n)
{
	uint64_t h = hash_node(t, n);

	for (size_t i = 0; i < n->nkids; i++) {
		if (n->kids[i]->nsroot)
			continue;
		hash_tree(t, n->kids[i]);
		h = mix(h, n->kids[i]->hash);
	}
	n->hash = h;
}

/* ---- the operand ----------------------------------------------------- */

/* The thread TID, shown on its own as psmisc does: found among the
 * threads of the processes that have some. */
struct node *find_thread(struct tree *t, pid_t tid)
{
	struct sysq_proc p;

	/* /proc/TID answers for a thread too: no need to look further if not */
	if (sysq_proc_read(t->ctx, tid, SYSQ_PN_STAT, &p) < 0)
		return NULL;
	sysq_proc_release(&p);
	for (size_t i = 0; i < t->nprocs; i++) {
		struct node *n = &t->procs[i];
		pid_t *th;
		size_t nth;
		bool found = false;

		if (n->nthreads < 2 || sysq_proc_tids(t->ctx, n->pid, &th, &nth) < 0)
			continue;
		for (size_t k = 0; k < nth; k++)
			found |= th[k] == tid && tid != n->pid;
		free(th);
		if (!found)
			continue;
		t->tids = true;
		complete(t, n, true);
		for (size_t k = 0; k < n->nkids; k++)
			if (n->kids[k]->thread && n->kids[k]->pid == tid)
				return n->kids[k];
	}
	return NULL;
}

/* USER: the trees of USER's processes whose parent is not USER's, in the
 * order a walk from init meets them. */
void collect_user(struct tree *t, struct node *n, uid_t uid, struct node ***roots, size_t *nroots)
{
	if (!n->thread && n->have_uids && n->euid == (int64_t)uid) {
		*roots = xrealloc(*roots, *nroots + 1, sizeof(**roots));
		(*roots)[(*nroots)++] = n;
		return;
	}
	sort_kids(t, n);
	for (size_t i = 0; i < n->nkids; i++)
		collect_user(t, n->kids[i], uid, roots, nroots);
}
