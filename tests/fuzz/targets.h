/* The fuzz targets (targets.c), shared by the libFuzzer binary (fuzz.c)
 * and the corpus replay of make check (replay.c). */
#ifndef SYSQ_FUZZ_TARGETS_H
#define SYSQ_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

struct fuzz_target {
	const char *name;  /* also the corpus directory, tests/fuzz/corpus/NAME */
	void (*run)(const char *s, size_t n); /* s[n] == '\0' */
};

extern const struct fuzz_target fuzz_targets[]; /* ends with a NULL name */
const struct fuzz_target *fuzz_target_named(const char *name);
/* Run t on a NUL-terminated copy of data, in a buffer of that size. */
void fuzz_run(const struct fuzz_target *t, const uint8_t *data, size_t size);

#endif
