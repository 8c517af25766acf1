/* Reading kernel files: openat() below a held root fd, read() into a reused
 * buffer that grows as needed.  No stdio. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysq/internal.h"

void sysq_buf_free(struct sysq_buf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = buf->cap = 0;
}

static int buf_grow(struct sysq_buf *buf, size_t want, size_t max)
{
	size_t cap = buf->cap ? buf->cap : 4096;
	char *p;

	while (cap < want) {
		if (cap > max / 2)
			return SYSQ_ENOMEM;
		cap *= 2;
	}
	if (cap == buf->cap)
		return SYSQ_OK;
	p = realloc(buf->data, cap);
	if (!p)
		return SYSQ_ENOMEM;
	buf->data = p;
	buf->cap = cap;
	return SYSQ_OK;
}

/* once: the file is made whole on each read (a /proc file of one record:
 * stat, status, cmdline, ...), so a short read is its end and the read
 * that would return 0 is saved */
static int read_fd(int fd, struct sysq_buf *buf, size_t max, bool once)
{
	int rc = SYSQ_OK;

	buf->len = 0;
	for (;;) {
		ssize_t n;

		/* keep room for the terminating NUL */
		if (buf->cap - buf->len < 2 && (rc = buf_grow(buf, buf->len + 4096, max)) < 0)
			break;
		size_t room = buf->cap - buf->len - 1;

		n = read(fd, buf->data + buf->len, room);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = sysq_errno_code(errno);
			break;
		}
		if (n == 0)
			break;
		buf->len += (size_t)n;
		if (once && (size_t)n < room)
			break;
	}
	if (rc < 0) {
		buf->len = 0;
		return rc;
	}
	if (!buf->data && (rc = buf_grow(buf, 1, max)) < 0)
		return rc;
	buf->data[buf->len] = '\0';
	return SYSQ_OK;
}

int sysq_read_fd(int fd, struct sysq_buf *buf, size_t max)
{
	return read_fd(fd, buf, max, false);
}

int sysq_read_fd_once(int fd, struct sysq_buf *buf, size_t max)
{
	return read_fd(fd, buf, max, true);
}

int sysq_read_buf(sysq_ctx *ctx, enum sysq_root root, const char *rel, struct sysq_buf *buf)
{
	int fd, rc;

	if (root < 0 || root >= SYSQ_ROOT__COUNT || !rel || rel[0] == '/')
		return SYSQ_EINVAL;
	if ((fd = sysq_root_fd(ctx, root)) < 0)
		return fd;
	fd = sysq_openat(ctx, fd, rel, O_RDONLY | O_NOCTTY);
	if (fd < 0)
		return sysq_errno_code(errno);
	rc = sysq_read_fd(fd, buf, SYSQ_READ_MAX);
	sysq_fd_done(ctx, fd);
	return rc;
}

int sysq_read(sysq_ctx *ctx, enum sysq_root root, const char *rel, char **data, size_t *len)
{
	int rc = sysq_read_buf(ctx, root, rel, &ctx->buf);

	if (rc < 0)
		return rc;
	*data = ctx->buf.data;
	if (len)
		*len = ctx->buf.len;
	return SYSQ_OK;
}
