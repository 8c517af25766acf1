/* The libFuzzer binary of the targets of targets.c.  make links it once
 * for each target as tests/fuzz/fuzz_NAME; the name it runs under picks
 * the target (or SYSQ_FUZZ_TARGET=NAME), so every target is its own
 * binary to run, with one build and one table:
 *
 *   tests/fuzz/fuzz_status -max_total_time=600 tests/fuzz/corpus/status
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "targets.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct fuzz_target *target;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *name = getenv("SYSQ_FUZZ_TARGET"), *base;

	if (!name && *argc > 0) {
		base = strrchr((*argv)[0], '/');
		base = base ? base + 1 : (*argv)[0];
		if (strncmp(base, "fuzz_", 5) == 0)
			name = base + 5;
	}
	if (!name || !(target = fuzz_target_named(name))) {
		fprintf(stderr, "fuzz: no target \"%s\"; run as fuzz_NAME or with SYSQ_FUZZ_TARGET=NAME, NAME one of:",
			name ? name : "");
		for (const struct fuzz_target *t = fuzz_targets; t->name; t++)
			fprintf(stderr, " %s", t->name);
		fputc('\n', stderr);
		exit(2);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_run(target, data, size);
	return 0;
}
