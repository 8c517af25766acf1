/* ps: the keywords procps-ng 4.0.2 accepts and never fills on Linux
 * (BSD, SunOS, HP-UX, IRIX and Digital names, and a few it leaves empty):
 * each prints '-', under procps's header and width, so that a format
 * written for procps still runs here.  No JSON value. */
#include "columns.h"

static void r_nop(struct ctx *c, const struct sysq_proc *p, char *buf, size_t n)
{
	(void)c;
	(void)p;
	snprintf(buf, n, "-");
}

#define NOP(k, h, w, ju, on) COL(k, h, NULL, w, ju, 0, on, r_nop, -1, NULL, "always -, as in procps-ng")
#define NOP_PID(k, h, on) PIDCOL(k, h, NULL, 0, on, r_nop, -1, NULL, "always -, as in procps-ng")

const struct column ps_nop_columns[] = {
	NOP("acflag", "ACFLG", 5, J_RIGHT, E),
	NOP("acflg", "ACFLG", 5, J_RIGHT, E),
	NOP("addr_1", "ADDR", 1, J_LEFT, E),
	NOP("argc", "ARGC", 4, J_RIGHT, PO),
	NOP("bnd", "BND", 1, J_RIGHT, TO),
	NOP("cmaj_flt", "-", 1, J_RIGHT, E),
	NOP("cmin_flt", "-", 1, J_RIGHT, E),
	NOP("cnswap", "-", 1, J_RIGHT, E),
	NOP("cpu", "CPU", 3, J_RIGHT, E),
	NOP("ctid", "CTID", 5, J_RIGHT, E),
	NOP("cursig", "CURSIG", 6, J_RIGHT, E),
	NOP("cutime", "-", 1, J_RIGHT, E),
	NOP("cwd", "CWD", 3, J_LEFT, E),
	NOP("emul", "EMUL", 13, J_LEFT, PO),
	NOP("end_code", "E_CODE", 16, J_RIGHT, PO),
	NOP("environ", "ENVIRONMENT", 11, J_UNLIMITED, PO),
	NOP("inblk", "INBLK", 5, J_RIGHT, E),
	NOP("inblock", "INBLK", 5, J_RIGHT, E),
	NOP("jid", "JID", 1, J_RIGHT, PO),
	NOP("jobc", "JOBC", 4, J_RIGHT, E),
	NOP("ktrace", "KTRACE", 8, J_RIGHT, E),
	NOP("ktracep", "KTRACEP", 8, J_RIGHT, E),
	NOP("login", "LOGNAME", 8, J_LEFT, E),
	NOP("logname", "LOGNAME", 8, J_LEFT, E),
	NOP("luser", "LUSER", 8, J_USER, E),
	NOP("m_lrs", "LRS", 5, J_RIGHT, PO),
	NOP("m_resident", "RES", 5, J_RIGHT, PO),
	NOP("msgrcv", "MSGRCV", 6, J_RIGHT, E),
	NOP("msgsnd", "MSGSND", 6, J_RIGHT, E),
	NOP("mwchan", "MWCHAN", 6, J_WCHAN, TO),
	NOP("nivcsw", "IVCSW", 5, J_RIGHT, E),
	NOP("nsignals", "NSIGS", 5, J_RIGHT, E),
	NOP("nsigs", "NSIGS", 5, J_RIGHT, E),
	NOP("nswap", "NSWAP", 5, J_RIGHT, E),
	NOP("nvcsw", "VCSW", 5, J_RIGHT, E),
	NOP("nwchan", "WCHAN", 6, J_RIGHT, TO),
	NOP("osz", "SZ", 2, J_RIGHT, PO),
	NOP("oublk", "OUBLK", 5, J_RIGHT, E),
	NOP("oublock", "OUBLK", 5, J_RIGHT, E),
	NOP("p_ru", "P_RU", 6, J_RIGHT, E),
	NOP("paddr", "PADDR", 6, J_RIGHT, E),
	NOP("poip", "-", 1, J_RIGHT, E),
	NOP("prmgrp", "PRMGRP", 12, J_RIGHT, PO),
	NOP("prmid", "PRMID", 12, J_RIGHT, PO),
	NOP("project", "PROJECT", 12, J_LEFT, PO),
	NOP("projid", "PROJID", 5, J_RIGHT, PO),
	NOP("pset", "PSET", 4, J_RIGHT, TO),
	NOP("psxpri", "PPR", 3, J_RIGHT, TO),
	NOP("re", "RE", 3, J_RIGHT, E),
	NOP("resident", "RES", 5, J_RIGHT, PO),
	NOP("rlink", "RLINK", 8, J_RIGHT, E),
	NOP("scnt", "SCNT", 4, J_RIGHT, E),
	NOP("scount", "SC", 4, J_RIGHT, E),
	NOP("share", "-", 1, J_RIGHT, PO),
	NOP("sl", "SL", 3, J_RIGHT, E),
	NOP("start_code", "S_CODE", 16, J_RIGHT, PO),
	NOP("status", "STATUS", 6, J_RIGHT, E),
	NOP("systime", "SYSTEM", 6, J_RIGHT, E),
	NOP_PID("taskid", "TASKID", TO),
	NOP("tdev", "TDEV", 4, J_RIGHT, E),
	NOP_PID("tsess", "TSESS", PO),
	NOP_PID("tsession", "TSESS", PO),
	NOP_PID("tsid", "TSID", PO),
	NOP("u_procp", "UPROCP", 6, J_RIGHT, E),
	NOP("umask", "UMASK", 5, J_RIGHT, E),
	NOP("upr", "UPR", 3, J_RIGHT, TO),
	NOP("uprocp", "UPROCP", 8, J_RIGHT, E),
	NOP("usertime", "USER", 4, J_RIGHT, E),
	NOP("usrpri", "UPR", 3, J_RIGHT, TO),
	NOP("utime", "UTIME", 6, J_RIGHT, E),
	NOP("vm_data", "DATA", 5, J_RIGHT, PO),
	NOP("vm_exe", "EXE", 5, J_RIGHT, PO),
	NOP("vm_lock", "LCK", 3, J_RIGHT, PO),
	NOP("vm_stack", "STACK", 5, J_RIGHT, PO),
	NOP("xstat", "XSTAT", 5, J_RIGHT, E),
	NOP("zoneid", "ZONEID", 31, J_RIGHT, E),
};
const size_t ps_nnop_columns = sizeof(ps_nop_columns) / sizeof(ps_nop_columns[0]);
