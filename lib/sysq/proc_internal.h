/* The process layer's internals, shared by proc.c (the driver: reads by
 * request, on held descriptors), procs.c (listing, iteration, user and
 * terminal names) and family.c.  The parsers proc.c calls are in
 * parsers.h.  Not part of the API. */
#ifndef SYSQ_PROC_INTERNAL_H
#define SYSQ_PROC_INTERNAL_H

#include "sysq/parsers.h"

/* The entries of the open directory fd (which it takes: done with it),
 * "." and ".." and other dot names left out; with ids, only numeric names,
 * their numbers in *ids (allocated) and their count in *count. */
int sysq_dir_ids(sysq_ctx *ctx, int fd, uint64_t *count, pid_t **ids);
/* A /proc entry name that is a PID ("123"), else -1. */
long sysq_name_pid(const char *s);
/* qsort order of pid_t */
int sysq_cmp_pid(const void *a, const void *b);

#endif
