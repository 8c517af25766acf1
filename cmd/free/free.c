/* free: amount of used and free memory, as procps-ng free 4.0.2 prints it. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "out/out.h"

static const char usage[] =
	"free [options]\n"
	"Show the amount of free and used memory and swap.\n"
	"\n"
	"Units (one of):\n"
	"  -b, --bytes         bytes\n"
	"      --kilo          kilobytes (1000)\n"
	"      --mega          megabytes\n"
	"      --giga          gigabytes\n"
	"      --tera          terabytes\n"
	"      --peta          petabytes\n"
	"  -k, --kibi          kibibytes (1024; the default)\n"
	"  -m, --mebi          mebibytes\n"
	"  -g, --gibi          gibibytes\n"
	"      --tebi          tebibytes\n"
	"      --pebi          pebibytes\n"
	"  -h, --human         scale each value to fit (B, Ki, Mi, Gi...)\n"
	"      --si            powers of 1000 instead of 1024\n"
	"\n"
	"Layout:\n"
	"  -l, --lohi          add low and high memory lines\n"
	"  -t, --total         add a line totalling memory and swap\n"
	"  -v, --committed     add the commit limit and committed memory\n"
	"  -w, --wide          separate buffers and cache columns\n"
	"  -s, --seconds N     repeat every N seconds (fractions allowed)\n"
	"  -c, --count N       repeat N times, then exit (every second unless -s)\n"
	"\n"
	"Output:\n"
	"      --json          one JSON document per sample, in bytes\n"
	"      --pretty        indented JSON (implies --json)\n"
	"      --help          show this help and exit\n"
	"  -V, --version       show the version and exit\n"
	"\n"
	"See free(1) and sysq(7).\n";

enum { OPT_SI = SQ_OPT__TOOL, OPT_KILO, OPT_MEGA, OPT_GIGA, OPT_TERA, OPT_PETA, OPT_TEBI, OPT_PEBI };

static const struct option longopts[] = {
	{ "bytes", no_argument, NULL, 'b' },
	{ "kilo", no_argument, NULL, OPT_KILO },
	{ "mega", no_argument, NULL, OPT_MEGA },
	{ "giga", no_argument, NULL, OPT_GIGA },
	{ "tera", no_argument, NULL, OPT_TERA },
	{ "peta", no_argument, NULL, OPT_PETA },
	{ "kibi", no_argument, NULL, 'k' },
	{ "mebi", no_argument, NULL, 'm' },
	{ "gibi", no_argument, NULL, 'g' },
	{ "tebi", no_argument, NULL, OPT_TEBI },
	{ "pebi", no_argument, NULL, OPT_PEBI },
	{ "human", no_argument, NULL, 'h' },
	{ "si", no_argument, NULL, OPT_SI },
	{ "lohi", no_argument, NULL, 'l' },
	{ "total", no_argument, NULL, 't' },
	{ "committed", no_argument, NULL, 'v' },
	{ "seconds", required_argument, NULL, 's' },
	{ "count", required_argument, NULL, 'c' },
	{ "wide", no_argument, NULL, 'w' },
	{ "version", no_argument, NULL, 'V' },
	SQ_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

struct opts {
	int exponent;       /* 0 default (KiB or kB), 1 bytes, 2 kilo... 6 peta */
	const char *unit_opt; /* the unit option given, for the conflict message */
	bool si, human, lohi, total, committed, wide;
	bool repeat;        /* -s or -c */
	double interval;    /* seconds */
	long long count;    /* 0: forever */
};

/* A value of the table: a size in bytes, or (commit_free) a signed one. */
struct cell {
	bool have;
	bool neg;      /* value is -mag */
	uint64_t mag;
};

#define CELL_U(st, idx, member) ((struct cell){ SYSQ_HAVE(st, idx), false, (st)->member })

static struct cell cell_i64(bool have, int64_t v)
{
	return (struct cell){ have, v < 0, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v };
}

/* Sum of two sizes, absent when either is (saturating on hostile input). */
static struct cell cell_sum(struct cell a, struct cell b)
{
	struct cell c = { a.have && b.have, false, 0 };

	if (c.have)
		c.mag = a.mag > UINT64_MAX - b.mag ? UINT64_MAX : a.mag + b.mag;
	return c;
}

static double power(double base, int exp)
{
	double r = 1.0;

	while (exp-- > 0)
		r *= base;
	return r;
}

/* One value as text in the chosen unit, as procps scales it; "-" when the
 * value is absent. */
static const char *scale(char *buf, size_t n, struct cell c, const struct opts *o)
{
	const double base = o->si ? 1000.0 : 1024.0;
	const char *sign = c.neg ? "-" : "";

	if (!c.have)
		return "-";
	if (o->human)
		sq_human_procps(buf, n, c.mag > INT64_MAX ? (c.neg ? INT64_MIN : INT64_MAX)
				: (c.neg ? -(int64_t)c.mag : (int64_t)c.mag), o->si);
	else if (o->exponent == 0)
		snprintf(buf, n, "%s%" PRIu64, c.mag && c.mag / (uint64_t)base ? sign : "", c.mag / (uint64_t)base);
	else if (o->exponent == 1)
		snprintf(buf, n, "%s%" PRIu64, sign, c.mag);
	else
		snprintf(buf, n, "%s%" PRIu64, (uint64_t)((double)c.mag / power(base, o->exponent - 1)) ? sign : "",
			 (uint64_t)((double)c.mag / power(base, o->exponent - 1)));
	return buf;
}

static void row(const char *label, const struct cell *cells, size_t n, const struct opts *o)
{
	char buf[64];

	/* labels are padded to 9 columns, values right-aligned in 11 */
	printf("%-9s", label);
	for (size_t i = 0; i < n; i++)
		printf(i ? " %11s" : "%11s", scale(buf, sizeof(buf), cells[i], o));
	putchar('\n');
}

static void render_text(const struct sysq_vmem *m, const struct sysq_swap *s, const struct opts *o)
{
	struct cell mem[7];
	size_t n = 0;
	struct cell buffers = CELL_U(m, SYSQ_VMEM_BUFFERS, buffers);
	struct cell cached = CELL_U(m, SYSQ_VMEM_CACHED, cached);

	if (o->wide)
		puts("               total        used        free      shared     buffers       cache   available");
	else
		puts("               total        used        free      shared  buff/cache   available");

	mem[n++] = CELL_U(m, SYSQ_VMEM_TOTAL, total);
	mem[n++] = CELL_U(m, SYSQ_VMEM_USED, used);
	mem[n++] = CELL_U(m, SYSQ_VMEM_FREE, free);
	mem[n++] = CELL_U(m, SYSQ_VMEM_SHARED, shared);
	if (o->wide) {
		mem[n++] = buffers;
		mem[n++] = cached;
	} else {
		mem[n++] = cell_sum(buffers, cached);
	}
	mem[n++] = CELL_U(m, SYSQ_VMEM_AVAILABLE, available);
	row("Mem:", mem, n, o);

	if (o->lohi) {
		struct cell low[3] = { CELL_U(m, SYSQ_VMEM_LOW_TOTAL, low_total),
				       CELL_U(m, SYSQ_VMEM_LOW_USED, low_used),
				       CELL_U(m, SYSQ_VMEM_LOW_FREE, low_free) };
		struct cell high[3] = { CELL_U(m, SYSQ_VMEM_HIGH_TOTAL, high_total),
					CELL_U(m, SYSQ_VMEM_HIGH_USED, high_used),
					CELL_U(m, SYSQ_VMEM_HIGH_FREE, high_free) };

		row("Low:", low, 3, o);
		row("High:", high, 3, o);
	}

	struct cell swap[3] = { CELL_U(s, SYSQ_SWAP_TOTAL, total), CELL_U(s, SYSQ_SWAP_USED, used),
				CELL_U(s, SYSQ_SWAP_FREE, free) };
	row("Swap:", swap, 3, o);

	if (o->total) {
		struct cell tot[3] = { cell_sum(mem[0], swap[0]), cell_sum(mem[1], swap[1]),
				       cell_sum(mem[2], swap[2]) };
		row("Total:", tot, 3, o);
	}
	if (o->committed) {
		struct cell comm[3] = { CELL_U(m, SYSQ_VMEM_COMMIT_LIMIT, commit_limit),
					CELL_U(m, SYSQ_VMEM_COMMITTED_AS, committed_as),
					cell_i64(SYSQ_HAVE(m, SYSQ_VMEM_COMMIT_FREE), m->commit_free) };
		row("Comm:", comm, 3, o);
	}
}

/* The total line in JSON: sums of memory and swap, null when either is. */
static json_object *json_sum(bool have, uint64_t a, uint64_t b)
{
	return have && a <= UINT64_MAX - b ? sq_json_u64(a + b) : NULL;
}

static void render_json(const struct sq_cli *cli, const struct sysq_vmem *m, const struct sysq_swap *s,
			const struct opts *o)
{
	json_object *doc = json_object_new_object();
	unsigned groups = (o->lohi ? SYSQ_G_LOHI : 0) | (o->committed ? SYSQ_G_COMMITTED : 0);

	if (o->repeat)
		json_object_object_add(doc, "timestamp", sq_json_double(sq_now()));
	json_object_object_add(doc, "virtual_memory", sq_json_struct(&sysq_vmem_table, m, groups));
	json_object_object_add(doc, "swap_memory", sq_json_struct(&sysq_swap_table, s, 0));
	if (o->total) {
		json_object *t = json_object_new_object();

		json_object_object_add(t, "total", json_sum(SYSQ_HAVE(m, SYSQ_VMEM_TOTAL) && SYSQ_HAVE(s, SYSQ_SWAP_TOTAL), m->total, s->total));
		json_object_object_add(t, "used", json_sum(SYSQ_HAVE(m, SYSQ_VMEM_USED) && SYSQ_HAVE(s, SYSQ_SWAP_USED), m->used, s->used));
		json_object_object_add(t, "free", json_sum(SYSQ_HAVE(m, SYSQ_VMEM_FREE) && SYSQ_HAVE(s, SYSQ_SWAP_FREE), m->free, s->free));
		json_object_object_add(doc, "total", t);
	}
	sq_json_emit(cli, doc);
	json_object_put(doc);
}

static void set_unit(struct opts *o, int exponent, bool si, const char *name)
{
	if (o->unit_opt)
		sq_usage_error("unit options conflict: '%s' and '%s'", o->unit_opt, name);
	o->unit_opt = name;
	o->exponent = exponent;
	if (si)
		o->si = true;
}

int main(int argc, char **argv)
{
	struct sq_cli cli;
	struct opts o = { .interval = 1.0 };
	sysq_ctx *ctx;
	int c;

	sq_cli_init(&cli, "free", usage, argv);
	while ((c = sq_getopt(argc, argv, "bkmghltvc:ws:V", longopts)) != -1) {
		switch (c) {
		case 'b': set_unit(&o, 1, false, "--bytes"); break;
		case 'k': set_unit(&o, 2, false, "--kibi"); break;
		case 'm': set_unit(&o, 3, false, "--mebi"); break;
		case 'g': set_unit(&o, 4, false, "--gibi"); break;
		case OPT_TEBI: set_unit(&o, 5, false, "--tebi"); break;
		case OPT_PEBI: set_unit(&o, 6, false, "--pebi"); break;
		case OPT_KILO: set_unit(&o, 2, true, "--kilo"); break;
		case OPT_MEGA: set_unit(&o, 3, true, "--mega"); break;
		case OPT_GIGA: set_unit(&o, 4, true, "--giga"); break;
		case OPT_TERA: set_unit(&o, 5, true, "--tera"); break;
		case OPT_PETA: set_unit(&o, 6, true, "--peta"); break;
		case 'h': o.human = true; break;
		case OPT_SI: o.si = true; break;
		case 'l': o.lohi = true; break;
		case 't': o.total = true; break;
		case 'v': o.committed = true; break;
		case 'w': o.wide = true; break;
		case 's':
			o.repeat = true;
			o.interval = sq_arg_seconds("--seconds", optarg, 0.000001, 31536000.0);
			break;
		case 'c':
			o.repeat = true;
			o.count = sq_arg_int("--count", optarg, 1, INT32_MAX);
			break;
		case 'V':
			c = SQ_OPT_VERSION;
			/* fall through */
		default:
			if (!sq_cli_common(&cli, c))
				sq_usage_error("unhandled option");
		}
	}
	sq_cli_no_operands(&cli, argc, argv, optind);

	ctx = sq_cli_context(&cli);
	for (long long i = 1;; i++) {
		struct sysq_vmem mem;
		struct sysq_swap swap;
		int rc;

		/* sin/sout (vmstat) appear only in JSON */
		if ((rc = sysq_memory(ctx, &mem, &swap, cli.json ? SYSQ_MEM_SWAP_IO : 0)) < 0)
			sq_die(SQ_EXIT_FAIL, "%s/meminfo: %s", sysq_root_path(ctx, SYSQ_ROOT_PROC),
			       sysq_strerror(rc));
		if (cli.json) {
			render_json(&cli, &mem, &swap, &o);
		} else {
			render_text(&mem, &swap, &o);
			sq_flush();
		}
		if (!o.repeat || (o.count && i >= o.count))
			break;
		if (!cli.json) {
			putchar('\n');
			sq_flush();
		}
		sq_sleep(o.interval);
	}
	sysq_close(ctx);
	return SQ_EXIT_OK;
}
