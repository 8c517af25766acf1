/* pstree: namespaces.  -N TYPE draws, for each namespace of TYPE in the
 * order a walk from process 1 meets it, the trees of the processes that
 * entered it (whose parent is in another one, or is not known), each
 * taken off its parent's tree, as psmisc 23.6 does. */
#include <stdlib.h>
#include <string.h>

#include "pstree.h"

const char *const ns_names[NS__COUNT] = {
	[NS_CGROUP] = "cgroup", [NS_IPC] = "ipc", [NS_MNT] = "mnt", [NS_NET] = "net",
	[NS_PID] = "pid", [NS_USER] = "user", [NS_UTS] = "uts", [NS_TIME] = "time",
};

int ns_type_of(const char *name)
{
	for (int i = 0; i < NS__COUNT; i++)
		if (strcmp(name, ns_names[i]) == 0)
			return i;
	return -1;
}

static void add_root(struct ns_group **g, size_t *ng, uint64_t inode, struct node *n)
{
	struct ns_group *e = NULL;

	for (size_t i = 0; i < *ng && !e; i++)
		if ((*g)[i].inode == inode)
			e = &(*g)[i];
	if (!e) {
		*g = xrealloc(*g, *ng + 1, sizeof(**g));
		e = &(*g)[(*ng)++];
		*e = (struct ns_group){ inode, NULL, 0 };
	}
	e->roots = xrealloc(e->roots, e->nroots + 1, sizeof(*e->roots));
	e->roots[e->nroots++] = n;
	n->nsroot = true;
}

/* The children are in their drawn order already (prepare). */
static void walk(struct node *n, enum ns_type type, struct ns_group **g, size_t *ng)
{
	if (!n->parent || n->parent->ns[type] != n->ns[type])
		add_root(g, ng, n->ns[type], n);
	for (size_t i = 0; i < n->nkids; i++)
		walk(n->kids[i], type, g, ng);
}

size_t group_by_ns(struct tree *t, struct node *init, enum ns_type type, struct ns_group **out)
{
	size_t ng = 0;

	*out = NULL;
	walk(init, type, out, &ng);
	/* compaction compares the trees as they are left */
	hash_tree(t, init);
	for (size_t i = 0; i < ng; i++)
		for (size_t k = 0; k < (*out)[i].nroots; k++)
			hash_tree(t, (*out)[i].roots[k]);
	return ng;
}

void free_ns_groups(struct ns_group *g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(g[i].roots);
	free(g);
}
