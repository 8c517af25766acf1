/* Shared by the cmocka unit tests: fixture roots and a context on them. */
#ifndef SYSQ_UNIT_H
#define SYSQ_UNIT_H

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sysq/sysq.h"

/* The path of tests/fixtures/<name>/<sub> in the source tree. */
static inline const char *unit_fixture(const char *name, const char *sub)
{
	static char path[PATH_MAX];
	const char *src = getenv("SQ_SRCDIR");

	snprintf(path, sizeof(path), "%s/tests/fixtures/%s/%s", src ? src : ".", name, sub);
	return path;
}

/* A context whose procfs and sysfs are fixture <name>'s proc/ and sys/ and
 * whose rootfs is the fixture itself. */
static inline sysq_ctx *unit_ctx(const char *name)
{
	char proc[PATH_MAX], sys[PATH_MAX], root[PATH_MAX];
	struct sysq_roots roots = { proc, sys, root };
	sysq_ctx *ctx = NULL;

	snprintf(proc, sizeof(proc), "%s", unit_fixture(name, "proc"));
	snprintf(sys, sizeof(sys), "%s", unit_fixture(name, "sys"));
	snprintf(root, sizeof(root), "%s", unit_fixture(name, ""));
	assert_int_equal(sysq_open(&ctx, &roots), 0);
	assert_non_null(ctx);
	return ctx;
}

#endif
