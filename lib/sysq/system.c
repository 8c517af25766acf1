/* boot_time and uptime. */
#include <string.h>

#include "sysq/internal.h"

int sysq_boot_time(sysq_ctx *ctx, uint64_t *btime)
{
	const char *p, *end, *line, *rest;
	char *data;
	size_t len, ll;
	int rc;

	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, "stat", &data, &len)) < 0)
		return rc;
	p = data;
	end = data + len;
	while (sysq_next_line(&p, end, &line, &ll)) {
		if (sysq_key_is(line, ll, "btime", &rest))
			return sysq_parse_u64(&rest, btime);
	}
	return SYSQ_EPARSE;
}

int sysq_uptime(sysq_ctx *ctx, double *up, double *idle)
{
	const char *p;
	char *data;
	double u, i;
	int rc;

	if ((rc = sysq_read(ctx, SYSQ_ROOT_PROC, "uptime", &data, NULL)) < 0)
		return rc;
	p = data;
	if (sysq_parse_decimal(&p, &u) < 0 || sysq_parse_decimal(&p, &i) < 0)
		return SYSQ_EPARSE;
	if (up)
		*up = u;
	if (idle)
		*idle = i;
	return SYSQ_OK;
}
