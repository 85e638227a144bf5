/* Write followers, posts or metrics as CSV (import's layout) or JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "store/store.h"
#include "util/csv.h"
#include "util/log.h"

static enum cmd_retval	cmd_export_run(struct cmd_ctx *,
			    const struct cmd_args *);
static enum cmd_retval	cmd_export_check(const struct cmd_args *);

static const char *const tables[] = { "followers", "posts", "metrics", NULL };

static const struct cmd_option options[] = {
	{ .name = "excel-safe", .id = 'e', .type = CMD_OPT_FLAG,
	  .help = "a ' before each text cell that starts with =, +, -, @,\n"
	    "tab or CR, which a spreadsheet runs as a formula; such a\n"
	    "file is for spreadsheets: import keeps the ' in the text" },
	{ .name = NULL }
};

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "followers|posts|metrics [--format csv|json] [--excel-safe]",
	.summary = "write a table as CSV (re-importable) or JSON",
	.help =
	    "The CSV has the columns 'tideline import' reads, so an export\n"
	    "imported into another database gives the same data. Empty cells\n"
	    "(CSV) and nulls (JSON) mean the count is not known.\n\n"
	    "Titles, tags and links are written as stored: a title that\n"
	    "starts with '=' or '@' is a formula to a spreadsheet that opens\n"
	    "the file. Use --excel-safe for a file meant for one.\n",
	.options = options,
	.formats = FORMAT_BIT(FORMAT_CSV) | FORMAT_BIT(FORMAT_JSON),
	.default_format = FORMAT_CSV,
	.min_args = 1,
	.max_args = 1,
	.args_needed = "one of followers, posts, metrics",
	.words = tables,
	.word_name = "table",
	.check = cmd_export_check,
	.flags = CMD_READS_DB,
	.run = cmd_export_run,
};

static int
excel_safe_asked(const struct cmd_args *args)
{
	size_t	 i;

	for (i = 0; i < args->nopts; i++)
		if (args->opts[i].id == 'e')
			return (1);
	return (0);
}

static enum cmd_retval
cmd_export_check(const struct cmd_args *args)
{
	if (excel_safe_asked(args) && args->format != FORMAT_CSV) {
		log_error("--excel-safe is for CSV: JSON is no spreadsheet's "
		    "formula");
		return (CMD_USAGE);
	}
	return (CMD_OK);
}

struct export_ctx {
	const struct store_column	*columns;
	size_t				 ncolumns;
	long long			 rows;
	int				 excel_safe;
};

static int
csv_row(void *arg, const char *const *fields)
{
	struct export_ctx	*ex = arg;
	size_t			 i;

	for (i = 0; i < ex->ncolumns; i++) {
		if (i > 0)
			putchar(',');
		if (ex->excel_safe && !ex->columns[i].numeric)
			csv_write_field_excel_safe(stdout, fields[i]);
		else
			csv_write_field(stdout, fields[i]);
	}
	putchar('\n');
	ex->rows++;
	return (ferror(stdout) ? -1 : 0);
}

static json_t *
field_json(const struct store_column *c, const char *value)
{
	if (value == NULL)
		return (json_null());
	if (c->numeric)
		return (json_integer(strtoll(value, NULL, 10)));
	return (json_string(value));
}

/* One object per line, so a large table streams instead of piling up. */
static int
json_row(void *arg, const char *const *fields)
{
	struct export_ctx	*ex = arg;
	json_t			*o;
	size_t			 i;

	o = json_object();
	for (i = 0; i < ex->ncolumns; i++)
		json_object_set_new(o, ex->columns[i].name,
		    field_json(&ex->columns[i], fields[i]));
	fputs(ex->rows == 0 ? "[\n  " : ",\n  ", stdout);
	json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	ex->rows++;
	return (ferror(stdout) ? -1 : 0);
}

static int
parse_table(const char *name, enum store_table *t)
{
	if (strcmp(name, "followers") == 0)
		*t = STORE_TABLE_FOLLOWERS;
	else if (strcmp(name, "posts") == 0)
		*t = STORE_TABLE_POSTS;
	else if (strcmp(name, "metrics") == 0)
		*t = STORE_TABLE_METRICS;
	else
		return (-1);
	return (0);
}

static enum cmd_retval
cmd_export_run(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	struct export_ctx	 ex = { NULL, 0, 0, 0 };
	enum cmd_format		 format = ctx->format;
	enum store_table	 table;
	char			*cause = NULL;
	size_t			 i;
	int			 rc;

	if (parse_table(args->argv[0], &table) != 0)
		return (CMD_USAGE);	/* the dispatcher checked it */
	ex.columns = store_table_columns(table, &ex.ncolumns);
	ex.excel_safe = excel_safe_asked(args);
	if (format == FORMAT_CSV) {
		for (i = 0; i < ex.ncolumns; i++)
			printf("%s%s", i ? "," : "", ex.columns[i].name);
		putchar('\n');
	}
	rc = store_export_table(ctx->store, table, format == FORMAT_CSV ?
	    csv_row : json_row, &ex, &cause);
	if (format == FORMAT_JSON)
		fputs(ex.rows == 0 ? "[]\n" : "\n]\n", stdout);
	if (rc != 0) {
		if (cause != NULL)
			log_error("%s", cause);
		free(cause);
		return (CMD_ERROR);
	}
	return (CMD_OK);
}
