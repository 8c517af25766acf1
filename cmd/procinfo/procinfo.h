/* procinfo: what the report and the JSON document share. */
#ifndef PROCINFO_H
#define PROCINFO_H

#include "out/out.h"

/* psutil's IOPriority names, by class number (json.c). */
extern const char *const ioclass_name[4];

struct child {
	int64_t pid;
	char name[SYSQ_PROC_NAME_MAX];
};

/* What the report shows: the process record and what is gathered around
 * it.  Each have_* false means absent (null, "-"). */
struct info {
	struct sysq_proc p;
	bool have_parent;
	char parent_name[SYSQ_PROC_NAME_MAX];
	bool have_children;
	struct child *children;
	size_t nchildren;
	bool have_threads;
	struct sysq_thread *threads;
	size_t nthreads;
	bool have_terminal;
	char terminal[64];
	bool have_mem_percent;
	double mem_percent;
	bool have_ionice;
	int ioclass, iovalue;
};

/* The document of psutil's Process.as_dict() (json.c). */
void render_json(const struct sq_cli *cli, const struct info *in);

#endif
