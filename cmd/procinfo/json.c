/* procinfo's JSON: the shape of psutil's Process.as_dict() on Linux.  The
 * nesting comes from the psutil paths of the process field table, so no
 * key is written here twice; what is gathered around the record (threads,
 * limits, children, ionice) is added by hand. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "procinfo.h"

const char *const ioclass_name[4] = {
	"IOPRIO_CLASS_NONE", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE",
};

/* An object the paths made, and where it hangs: once the document is
 * built, an object none of whose values could be read becomes null, as
 * psutil's as_dict() gives None for an attribute it could not read. */
struct made {
	json_object *parent, *obj;
	char key[32];
};

struct nest {
	json_object *doc;
	struct made *v;
	size_t n, cap;
};

static void oom(void)
{
	sq_die(SQ_EXIT_FAIL, "out of memory");
}

/* The object named by one component under parent, made if it is new. */
static json_object *child_object(struct nest *ns, json_object *parent, const char *name, size_t len)
{
	struct made *m;
	json_object *o;
	char key[sizeof(m->key)];

	/* the table's names are short; one that is not is a table bug */
	if (len >= sizeof(key))
		sq_die(SQ_EXIT_FAIL, "psutil path component too long: %.*s", (int)len, name);
	memcpy(key, name, len);
	key[len] = '\0';
	if (json_object_object_get_ex(parent, key, &o) && json_object_is_type(o, json_type_object))
		return o;
	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 16;
		struct made *v = reallocarray(ns->v, cap, sizeof(*v));

		if (!v)
			oom();
		ns->v = v;
		ns->cap = cap;
	}
	if (!(o = json_object_new_object()))
		oom();
	json_object_object_add(parent, key, o);
	m = &ns->v[ns->n++];
	m->parent = parent;
	m->obj = o;
	memcpy(m->key, key, len + 1);
	return o;
}

/* Put v at one dotted path ("cpu_times.user", len bytes of it). */
static void put_path(struct nest *ns, const char *path, size_t len, json_object *v)
{
	json_object *at = ns->doc;
	const char *dot;
	char key[64];

	while ((dot = memchr(path, '.', len))) {
		at = child_object(ns, at, path, (size_t)(dot - path));
		len -= (size_t)(dot - path) + 1;
		path = dot + 1;
	}
	if (len >= sizeof(key))
		sq_die(SQ_EXIT_FAIL, "psutil path component too long: %.*s", (int)len, path);
	memcpy(key, path, len);
	key[len] = '\0';
	json_object_object_add(at, key, v);
}

/* Every field of the record at each of its psutil paths. */
static void put_fields(struct nest *ns, const struct sysq_proc *p)
{
	for (unsigned i = 0; i < sysq_proc_table.nfields; i++) {
		const struct sysq_field *f = &sysq_proc_table.fields[i];

		for (const char *s = f->psutil; s && *s;) {
			size_t len = strcspn(s, " ");

			/* a value of its own at each place: no shared nodes */
			put_path(ns, s, len, sq_json_field_value(f, p, p->have, i));
			s += len;
			s += *s == ' ';
		}
	}
}

static bool all_null(json_object *o)
{
	json_object_object_foreach(o, key, val) {
		(void)key;
		if (val)
			return false;
	}
	return true;
}

/* Innermost first (they were made after their parents), so an object
 * whose only values were such objects goes too. */
static void prune(struct nest *ns)
{
	for (size_t i = ns->n; i-- > 0;)
		if (all_null(ns->v[i].obj))
			json_object_object_add(ns->v[i].parent, ns->v[i].key, NULL);
}

/* psutil's resource names: RLIMIT_NOFILE is "nofile" */
static void rlimit_key(char *buf, size_t n, int k)
{
	const char *s = sysq_rlimit_names[k];
	size_t i = 0;

	if (!strncmp(s, "RLIMIT_", 7))
		s += 7;
	for (; s[i] && i + 1 < n; i++)
		buf[i] = (char)tolower((unsigned char)s[i]);
	buf[i] = '\0';
}

static json_object *rlimit_value(uint64_t v)
{
	return v == SYSQ_RLIM_INFINITY ? NULL : sq_json_u64(v);
}

static json_object *rlimits(const struct sysq_proc *p)
{
	json_object *v;
	char key[32];

	if (!p->have_rlimit)
		return NULL;
	v = json_object_new_object();
	for (int k = 0; k < SYSQ_RLIMIT__COUNT; k++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "soft", rlimit_value(p->rlimit_soft[k]));
		json_object_object_add(o, "hard", rlimit_value(p->rlimit_hard[k]));
		rlimit_key(key, sizeof(key), k);
		json_object_object_add(v, key, o);
	}
	return v;
}

/* psutil's pthread fields, and the thread's name beside them */
static json_object *threads(const struct info *in)
{
	json_object *v;

	if (!in->have_threads)
		return NULL;
	v = json_object_new_array();
	for (size_t i = 0; i < in->nthreads; i++) {
		const struct sysq_thread *t = &in->threads[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "id", sq_json_i64(t->id));
		json_object_object_add(o, "user_time", sq_json_double_dec(t->user_time, sq_unit_decimals(SYSQ_U_SECONDS)));
		json_object_object_add(o, "system_time", sq_json_double_dec(t->system_time, sq_unit_decimals(SYSQ_U_SECONDS)));
		json_object_object_add(o, "name", sq_json_str(t->name));
		json_object_array_add(v, o);
	}
	return v;
}

static json_object *children(const struct info *in)
{
	json_object *v;

	if (!in->have_children)
		return NULL;
	v = json_object_new_array();
	for (size_t i = 0; i < in->nchildren; i++)
		json_object_array_add(v, sq_json_i64(in->children[i].pid));
	return v;
}

static json_object *ionice(const struct info *in)
{
	json_object *v;

	if (!in->have_ionice)
		return NULL;
	v = json_object_new_object();
	json_object_object_add(v, "ioclass", json_object_new_string(ioclass_name[in->ioclass]));
	json_object_object_add(v, "value", sq_json_i64(in->iovalue));
	return v;
}

/* psutil's terminal(): the device's path */
static json_object *terminal(const struct info *in)
{
	char dev[sizeof(in->terminal) + 8];

	if (!in->have_terminal)
		return NULL;
	snprintf(dev, sizeof(dev), "/dev/%s", in->terminal);
	return sq_json_str(dev);
}

void render_json(const struct sq_cli *cli, const struct info *in)
{
	struct nest ns = { 0 };

	if (!(ns.doc = json_object_new_object()))
		oom();
	put_fields(&ns, &in->p);
	/* the parent's name is no psutil attribute: beside the kernel's */
	put_path(&ns, "proc.parent_name", strlen("proc.parent_name"),
		 in->have_parent ? sq_json_str(in->parent_name) : NULL);
	prune(&ns);
	json_object_object_add(ns.doc, "terminal", terminal(in));
	json_object_object_add(ns.doc, "memory_percent",
			       in->have_mem_percent ? sq_json_double_dec(in->mem_percent, sq_unit_decimals(SYSQ_U_PERCENT)) : NULL);
	json_object_object_add(ns.doc, "children", children(in));
	json_object_object_add(ns.doc, "threads", threads(in));
	json_object_object_add(ns.doc, "rlimits", rlimits(&in->p));
	json_object_object_add(ns.doc, "ionice", ionice(in));
	sq_json_emit(cli, ns.doc);
	json_object_put(ns.doc);
	free(ns.v);
}
