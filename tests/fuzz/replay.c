/* make check's replay of the fuzz corpora: every input under
 * tests/fuzz/corpus/NAME/ through the target NAME of targets.c, on the
 * normal build (and under ASan and UBSan in the sanitizer pass).  TAP,
 * one test per target: it fails when a corpus is missing or empty; a
 * crash is the test's crash.
 *
 *   replay [CORPUS_DIR]   default $SQ_SRCDIR/tests/fuzz/corpus */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "targets.h"

/* The whole of a file at dir/name; NULL on error */
static uint8_t *slurp(int dfd, const char *name, size_t *len)
{
	int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC);
	struct stat st;
	uint8_t *buf = NULL;
	size_t got = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !(buf = malloc((size_t)st.st_size + 1)))
		goto out;
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n <= 0) {
			free(buf);
			buf = NULL;
			goto out;
		}
		got += (size_t)n;
	}
	*len = got;
out:
	close(fd);
	return buf;
}

/* Every input of one corpus: how many, or -1 */
static long replay(const struct fuzz_target *t, const char *root)
{
	char path[4096];
	struct dirent *e;
	long n = 0;
	DIR *d;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", root, t->name) >= sizeof(path) || !(d = opendir(path)))
		return -1;
	while ((e = readdir(d)) != NULL) {
		uint8_t *buf;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		if (!(buf = slurp(dirfd(d), e->d_name, &len))) {
			printf("# %s/%s: %s\n", path, e->d_name, strerror(errno));
			n = -1;
			break;
		}
		fuzz_run(t, buf, len);
		free(buf);
		n++;
	}
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	const char *src = getenv("SQ_SRCDIR");
	char def[4096];
	const char *root = def;
	int count = 0, failed = 0, i = 0;

	if (argc > 1)
		root = argv[1];
	else if ((size_t)snprintf(def, sizeof(def), "%s/tests/fuzz/corpus", src ? src : ".") >= sizeof(def))
		return 99;
	for (const struct fuzz_target *t = fuzz_targets; t->name; t++)
		count++;
	printf("1..%d\n", count);
	for (const struct fuzz_target *t = fuzz_targets; t->name; t++) {
		long n = replay(t, root);

		i++;
		fflush(stdout);
		if (n > 0) {
			printf("ok %d - %s: %ld inputs\n", i, t->name, n);
		} else {
			printf("not ok %d - %s: %s\n", i, t->name, n < 0 ? "no corpus" : "empty corpus");
			failed++;
		}
	}
	return failed ? 1 : 0;
}
