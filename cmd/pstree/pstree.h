/*
 * pstree's own header: the options, the tree of processes, the line it is
 * drawn in, and the functions the files of cmd/pstree share.
 */
#ifndef SYSQ_PSTREE_H
#define SYSQ_PSTREE_H

#include <sys/types.h>

#include "out/out.h"

/* ---- the options ----------------------------------------------------- */

enum sym_set { SYM_DEFAULT, SYM_ASCII, SYM_UTF8, SYM_VT100 };

/* Namespaces in psmisc's order: that of -S's labels. */
enum ns_type { NS_CGROUP, NS_IPC, NS_MNT, NS_NET, NS_PID, NS_USER, NS_UTS, NS_TIME, NS__COUNT };
extern const char *const ns_names[NS__COUNT];

struct opts {
	bool args, nocompact, pgids, long_lines, numeric, pids, parents;
	bool thread_names, hide_threads, uids, json;
	bool ns_changes;     /* -S */
	int ns_sort;         /* -N: an enum ns_type, or -1 */
	bool scontext;       /* -Z */
	bool color_age;      /* -C age */
	double uptime;       /* for the ages of -C age */
	enum sym_set sym;
	int width;           /* columns of a line; 0: no limit */
	pid_t highlight;     /* -h, -H: this process and its ancestors in bold */
	const char *bold, *plain; /* TERM's escapes for that */
};

/* ---- the tree -------------------------------------------------------- */

struct node {
	pid_t pid;           /* TID for a thread; 0 for the parent of init */
	pid_t ppid, pgid;
	char name[SYSQ_PROC_NAME_MAX]; /* comm, raw bytes */
	char state;
	bool thread, kthread, placeholder, have_threads, bold;
	uint64_t nthreads;   /* stat num_threads */
	bool have_uids, have_user, have_owner;
	int64_t ruid, euid, suid;
	int64_t owner; /* owner of /proc/PID: psmisc's sort key for equal names */
	char username[64];
	bool have_cmdline;
	char **argv;         /* owned; argc entries */
	uint64_t ns[NS__COUNT]; /* inodes, 0 where unreadable (-S, -N) */
	bool nsroot;         /* -N: moved under its namespace, off its parent */
	double age;          /* seconds since it started (-C age) */
	char *label;         /* owned: attr/current (-Z); NULL when unreadable */
	bool have_label;
	size_t argc;
	uint64_t seq;        /* when psmisc would have added it: ties of the name sort */
	uint64_t hash;       /* of the subtree's shape, for compaction */
	struct node *parent;
	struct node **kids;  /* processes and threads */
	size_t nkids, capkids;
	struct node *path;   /* -s: the one child shown, on the way to the target */
};

struct tree {
	sysq_ctx *ctx;
	struct opts *o;
	struct node *procs;  /* every process, in PID order */
	size_t nprocs;
	struct node **more;  /* placeholders and threads, allocated one by one */
	size_t nmore, capmore;
	bool tids;           /* read the threads' IDs and names, not only their number */
};

/* ---- text ------------------------------------------------------------ */

/* One line, held until it ends so it can be cut at the width: the bytes
 * and, per character, its columns in the layout, its columns as psmisc
 * counts them when it cuts (each byte of a VT100 escape counts), and how
 * many '+' replace it when it is the first that does not fit (psmisc
 * writes one per byte of a UTF-8 line drawing character). */
struct glyph {
	size_t off;
	unsigned len, cols, tcols, plus;
};

struct line {
	char *buf;
	size_t len, cap;
	struct glyph *g;
	size_t ng, capg;
	int cols;  /* layout columns so far */
	int tcols; /* psmisc's cursor */
	bool cut;  /* lines are cut: keep the glyphs */
};

/* Line drawing: a piece is shown between pre and post (VT100 switches
 * its character set there); each character of body is one column. */
struct sym {
	const char *pre, *post;
	const char *single, *first, *branch, *last, *vert;
};

struct level {
	int col;   /* where the vertical line of this level runs */
	bool more; /* more siblings below: draw it */
};

struct draw {
	const struct opts *o;
	sysq_ctx *ctx;
	const struct sym *sym;
	struct line line;
	struct level *lv;
	size_t nlv, caplv;
};

/* load.c */
void *xrealloc(void *p, size_t n, size_t size);
struct node *find(struct tree *t, pid_t pid);
void load(struct tree *t);
void complete(struct tree *t, struct node *n, bool threads);
void sort_kids(struct tree *t, struct node *n);
void prepare(struct tree *t, struct node *n);
struct node *find_thread(struct tree *t, pid_t tid);
void collect_user(struct tree *t, struct node *n, uid_t uid, struct node ***roots, size_t *nroots);
void hash_tree(struct tree *t, struct node *n);

/* ns.c: -N, the trees of each namespace of a type */
struct ns_group {
	uint64_t inode;
	struct node **roots;
	size_t nroots;
};
size_t group_by_ns(struct tree *t, struct node *init, enum ns_type type, struct ns_group **out);
void free_ns_groups(struct ns_group *g, size_t n);
int ns_type_of(const char *name);

/* draw.c */
extern const struct sym syms[]; /* by enum sym_set */
void draw(struct draw *d, const struct node *root, int64_t parent_uid);

/* json.c */
json_object *json_node(const struct tree *t, const struct node *n);

#endif
