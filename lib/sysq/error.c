#include <errno.h>

#include "sysq/internal.h"

const char *sysq_strerror(int err)
{
	switch (err) {
	case SYSQ_OK: return "success";
	case SYSQ_ENOENT: return "no such file, process or item";
	case SYSQ_EZOMBIE: return "process is a zombie";
	case SYSQ_EACCES: return "access denied";
	case SYSQ_ENOTSUP: return "not supported";
	case SYSQ_EPARSE: return "unexpected content in a kernel file";
	case SYSQ_ENOMEM: return "out of memory";
	case SYSQ_EIO: return "input/output error";
	case SYSQ_EINVAL: return "invalid argument";
	default: return "unknown error";
	}
}

int sysq_errno_code(int err)
{
	switch (err) {
	case ENOENT: case ESRCH: case ENOTDIR: return SYSQ_ENOENT;
	case EACCES: case EPERM: return SYSQ_EACCES;
	case ENOMEM: case EOVERFLOW: case EFBIG: return SYSQ_ENOMEM;
	case ENOSYS: case EOPNOTSUPP: return SYSQ_ENOTSUP;
	case EINVAL: return SYSQ_EINVAL;
	default: return SYSQ_EIO;
	}
}
