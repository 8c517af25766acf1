#include "sysq/internal.h"

const char *sysq_unit_name(enum sysq_unit unit)
{
	switch (unit) {
	case SYSQ_U_NONE: return "";
	case SYSQ_U_BYTES: return "bytes";
	case SYSQ_U_SECONDS: return "seconds";
	case SYSQ_U_PERCENT: return "percent";
	case SYSQ_U_MHZ: return "MHz";
	case SYSQ_U_EPOCH: return "epoch seconds";
	case SYSQ_U_COUNT: return "count";
	case SYSQ_U_PID: return "pid";
	}
	return "";
}
