/* pstree: the tree as JSON (--json): each process with its threads and,
 * nested, its children. */
#include "pstree.h"

/* Keys of the process table (psutil's names). */
static void json_add(json_object *obj, enum sysq_proc_field f, json_object *v)
{
	json_object_object_add(obj, sysq_proc_table.fields[f].name, v);
}

json_object *json_node(const struct tree *t, const struct node *n)
{
	json_object *obj = json_object_new_object(), *kids = json_object_new_array(), *threads = NULL;

	json_add(obj, SYSQ_P_PID, sq_json_i64(n->pid));
	json_add(obj, SYSQ_P_PPID, n->placeholder ? NULL : sq_json_i64(n->ppid));
	json_add(obj, SYSQ_P_NAME, n->placeholder ? NULL : sq_json_str(n->name));
	if (t->o->pgids)
		json_add(obj, SYSQ_P_PGID, n->placeholder ? NULL : sq_json_i64(n->pgid));
	if (t->o->uids) {
		json_object *u = NULL;

		json_add(obj, SYSQ_P_USERNAME, n->have_user ? sq_json_str(n->username) : NULL);
		if (n->have_uids) {
			u = json_object_new_object();
			json_object_object_add(u, "real", sq_json_i64(n->ruid));
			json_object_object_add(u, "effective", sq_json_i64(n->euid));
			json_object_object_add(u, "saved", sq_json_i64(n->suid));
		}
		json_object_object_add(obj, "uids", u);
	}
	if (t->o->args) {
		json_object *cmd = NULL;

		if (n->have_cmdline) {
			cmd = json_object_new_array();
			for (size_t i = 0; i < n->argc; i++)
				json_object_array_add(cmd, sq_json_str(n->argv[i]));
		}
		json_add(obj, SYSQ_P_CMDLINE, cmd);
	}
	if (t->o->ns_changes) {
		json_object *ns = json_object_new_object();

		/* the inode of each, null where it may not be read */
		for (int i = 0; i < NS__COUNT; i++)
			json_object_object_add(ns, ns_names[i], n->ns[i] ? sq_json_i64((int64_t)n->ns[i]) : NULL);
		json_object_object_add(obj, "namespaces", ns);
	}
	if (t->o->scontext)
		json_object_object_add(obj, "security_context", n->label ? sq_json_str(n->label) : NULL);
	/* with -s, an ancestor lists only the child on the path */
	if ((n->have_threads && !t->o->hide_threads) || (n->path && n->path->thread))
		threads = json_object_new_array();
	for (size_t i = 0; i < n->nkids; i++) {
		const struct node *k = n->kids[i];
		json_object *th;

		if (!k->thread || !threads || k->nsroot || (n->path && k != n->path))
			continue;
		th = json_object_new_object();
		json_object_object_add(th, "id", sq_json_i64(k->pid));
		json_object_object_add(th, "name", sq_json_str(k->name));
		json_object_array_add(threads, th);
	}
	if (threads)
		json_object_object_add(obj, "threads", threads);
	for (size_t i = 0; i < n->nkids; i++) {
		const struct node *k = n->kids[i];

		if (k->thread || k->nsroot || (n->path && k != n->path))
			continue;
		json_object_array_add(kids, json_node(t, k));
	}
	json_object_object_add(obj, "children", kids);
	return obj;
}
