/* List each account's growth bursts: when, how large, above what baseline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyze/series.h"
#include "cmd/analysis.h"
#include "cmd/cmd.h"
#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

static enum cmd_retval	cmd_bursts_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_bursts_entry = {
	.name = "bursts",
	.usage = ANALYSIS_USAGE " [--format text|json|csv]",
	.summary = "find the growth bursts of each account",
	.help =
	    "A burst is a run of days whose follower gains stand above the\n"
	    "expected baseline (a trailing robust trend with a weekly rhythm).\n"
	    "Gains over missed snapshots count with their length, so a normal\n"
	    "rate over an outage is no burst; drops are never bursts.\n\n"
	    "options:\n"
	    ANALYSIS_HELP
	    "  -f, --format FORMAT  text (default), json or csv\n",
	.flags = CMD_NEEDS_DB,
	.exec = cmd_bursts_exec,
};

static void
day_text(int64_t day, char out[TIME_DATE_SIZE])
{
	time_format_date(day * SECONDS_PER_DAY, out);
}

static json_t *
burst_json(const char *account, const struct burst *b)
{
	char	 start[TIME_DATE_SIZE], end[TIME_DATE_SIZE];
	char	 peak[TIME_DATE_SIZE];

	day_text(b->start_day, start);
	day_text(b->end_day, end);
	day_text(b->peak_day, peak);
	return (json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:I, s:I, s:f, "
	    "s:f, s:[]}", "account", account, "start", start, "end", end,
	    "start_time", cmd_json_time(b->start_time), "end_time",
	    cmd_json_time(b->end_time), "peak", peak, "gained",
	    (json_int_t)b->gained, "excess", (json_int_t)(b->excess + 0.5),
	    "baseline_per_day", (double)(int64_t)(b->baseline_per_day * 100 +
	    0.5) / 100, "score", (double)(int64_t)(b->score * 10 + 0.5) / 10,
	    "posts"));
}

static void
print_burst(enum cmd_format f, const char *account, const struct burst *b,
    json_t *array)
{
	char	 start[TIME_DATE_SIZE], end[TIME_DATE_SIZE];

	if (f == FORMAT_JSON) {
		json_array_append_new(array, burst_json(account, b));
		return;
	}
	day_text(b->start_day, start);
	day_text(b->end_day, end);
	if (f == FORMAT_CSV)
		printf("%s,%s,%s,%.0f,%.0f,%.2f,%.1f\n", account, start, end,
		    b->gained, b->excess, b->baseline_per_day, b->score);
	else
		printf("%-12s %-12s %-40s %+8.0f %+8.0f %8.1f %6.1f\n", start,
		    end, account, b->gained, b->excess, b->baseline_per_day,
		    b->score);
}

/* Detect and print the bursts of one account; -1 on a store error. */
static int
account_bursts(struct store *store, const struct account *a,
    const struct analysis_opts *o, json_t *array)
{
	struct follower_point	*pts;
	struct burst		*b;
	char			*name, *cause = NULL;
	size_t			 n, nb, i;

	if (store_follower_series(store, a->id, o->since, o->until, &pts, &n,
	    &cause) != 0) {
		log_error("%s", cause);
		free(cause);
		return (-1);
	}
	nb = bursts_detect(pts, n, &b);
	name = account_name(a);
	for (i = 0; i < nb; i++)
		print_burst(o->format, name, &b[i], array);
	free(name);
	free(b);
	free(pts);
	return (0);
}

static enum cmd_retval
cmd_bursts_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct analysis_opts	 o;
	struct account_summary	*list = NULL;
	json_t			*array = NULL;
	char			*cause = NULL;
	size_t			 n = 0, i;
	int			*picked = NULL;
	enum cmd_retval		 rc = CMD_ERROR;

	if (analysis_parse(argc, argv, FORMAT_BIT(FORMAT_TEXT) |
	    FORMAT_BIT(FORMAT_JSON) | FORMAT_BIT(FORMAT_CSV), &o) != 0)
		return (CMD_USAGE);
	if (cmd_open_store(ctx) != 0)
		return (CMD_ERROR);
	if (store_accounts_list(ctx->store, &list, &n, &cause) != 0)
		goto out;
	picked = xcalloc(n + 1, sizeof *picked);
	if (analysis_pick(&o, list, n, picked) != 0)
		goto out;
	if (o.format == FORMAT_JSON)
		array = json_array();
	else if (o.format == FORMAT_CSV)
		printf("account,start,end,gained,excess,baseline_per_day,"
		    "score\n");
	else
		printf("%-12s %-12s %-40s %8s %8s %8s %6s\n", "START", "END",
		    "ACCOUNT", "GAINED", "EXCESS", "BASE/DAY", "SCORE");
	for (i = 0; i < n; i++) {
		if (picked[i] && account_bursts(ctx->store, &list[i].account,
		    &o, array) != 0)
			goto out;
	}
	if (array != NULL) {
		json_dumpf(array, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(6));
		putchar('\n');
	}
	rc = CMD_OK;
out:
	if (cause != NULL)
		log_error("%s", cause);
	free(cause);
	json_decref(array);
	free(picked);
	store_accounts_free(list, n);
	return (rc);
}
