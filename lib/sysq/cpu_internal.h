/* The cpu family's internals, shared by cpu.c (/proc/stat and
 * /proc/loadavg; it defines the functions below), cpu_count.c (cpu_count)
 * and cpu_freq.c (cpu_freq).  Not part of the API. */
#ifndef SYSQ_CPU_INTERNAL_H
#define SYSQ_CPU_INTERNAL_H

#include "sysq/parsers.h"

static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Does a number end here: a blank, the end of the line or of the file? */
static inline bool at_sep(const char *p, const char *end)
{
	return p >= end || is_blank(*p) || *p == '\n' || *p == '\0';
}

/* A path below a root; false if it would not fit (never read a cut path). */
__attribute__((format(printf, 3, 4)))
bool sysq_path_fmt(char *buf, size_t n, const char *fmt, ...);
/* Room for element n of an array of `size`-byte elements: the array,
 * perhaps moved, or NULL (out of memory or size overflow; arr untouched). */
void *sysq_grow(void *arr, size_t *cap, size_t n, size_t size);

/* The cpuN lines of a /proc/stat image that can be trusted. */
size_t sysq_count_cpu_lines(const char *data, size_t len);

/* The N of the <prefix>N entries of a sysfs directory, in readdir order;
 * *ids is allocated (NULL when none). */
int sysq_list_numbered(sysq_ctx *ctx, const char *dir, const char *prefix,
		       unsigned **ids, size_t *n);

#endif
