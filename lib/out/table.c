/* Column tables: one row per column of a tool (ps -o, lsof, netstat). */
#include <string.h>

#include "out/out.h"

const struct sq_column *sq_column_find(const struct sq_column *table, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i].key, key) == 0)
			return &table[i];
	return NULL;
}

size_t sq_column_parse(const struct sq_column *table, size_t n, const char *list,
		       const struct sq_column **out, size_t max)
{
	size_t count = 0;
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ", \t");
		char key[64];

		if (len == 0) {
			p++;
			continue;
		}
		if (len >= sizeof(key))
			sq_usage_error("unknown column '%.*s'", (int)len, p);
		memcpy(key, p, len);
		key[len] = '\0';
		if (!(out[count] = sq_column_find(table, n, key)))
			sq_usage_error("unknown column '%s'", key);
		if (++count == max && p[len])
			sq_usage_error("too many columns in '%s'", list);
		p += len;
	}
	if (count == 0)
		sq_usage_error("empty column list '%s'", list);
	return count;
}

static void cell(FILE *fp, const struct sq_column *c, const char *text, bool last)
{
	int len = (int)strlen(text);
	int pad = c->width > len ? c->width - len : 0;

	if (c->align == SQ_ALIGN_RIGHT)
		fprintf(fp, "%*s%s", pad, "", text);
	else
		fprintf(fp, "%s%*s", text, last ? 0 : pad, "");
}

void sq_column_row(FILE *fp, const struct sq_column *const *cols, size_t n, const char *const *cells)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(' ', fp);
		cell(fp, cols[i], cells[i] ? cells[i] : "-", i + 1 == n);
	}
	fputc('\n', fp);
}

void sq_column_header(FILE *fp, const struct sq_column *const *cols, size_t n)
{
	const char *heads[n ? n : 1];

	for (size_t i = 0; i < n; i++)
		heads[i] = cols[i]->header;
	sq_column_row(fp, cols, n, heads);
}
