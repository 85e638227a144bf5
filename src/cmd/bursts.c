/* List each account's growth bursts: when, how large, above what baseline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyze/attribute.h"
#include "analyze/series.h"
#include "cmd/analysis.h"
#include "cmd/cmd.h"
#include "store/store.h"
#include "util/csv.h"
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
causes_json(const struct analysis_ctx *gc, const struct attribution *at,
    size_t nat)
{
	const struct post	*p;
	json_t			*a = json_array();
	size_t			 i;

	for (i = 0; i < nat; i++) {
		p = &gc->posts.posts[at[i].post];
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o, s:o, "
		    "s:f, s:s}", "account", gc->names[p->account], "post_id",
		    p->remote_id, "url", cmd_json_string(p->url), "title",
		    cmd_json_string(p->title), "published_at",
		    cmd_json_time(p->published_at), "share",
		    (double)(int64_t)(at[i].share * 1000 + 0.5) / 1000, "why",
		    at[i].why));
	}
	return (a);
}

static json_t *
burst_json(const char *account, const struct burst *b, json_t *causes)
{
	char	 start[TIME_DATE_SIZE], end[TIME_DATE_SIZE];
	char	 peak[TIME_DATE_SIZE];

	day_text(b->start_day, start);
	day_text(b->end_day, end);
	day_text(b->peak_day, peak);
	return (json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:I, s:I, s:f, "
	    "s:f, s:o}", "account", account, "start", start, "end", end,
	    "start_time", cmd_json_time(b->start_time), "end_time",
	    cmd_json_time(b->end_time), "peak", peak, "gained",
	    (json_int_t)b->gained, "excess", (json_int_t)(b->excess + 0.5),
	    "baseline_per_day", (double)(int64_t)(b->baseline_per_day * 100 +
	    0.5) / 100, "score", (double)(int64_t)(b->score * 10 + 0.5) / 10,
	    "posts", causes));
}

/* "How demand paging really works" (rss, 2026-10-14): why */
static void
print_causes_text(const struct analysis_ctx *gc, const struct attribution *at,
    size_t nat)
{
	const struct post	*p;
	char			 date[TIME_DATE_SIZE];
	size_t			 i;

	for (i = 0; i < nat; i++) {
		p = &gc->posts.posts[at[i].post];
		time_format_date(p->published_at, date);
		printf("     %zu. %3.0f%%  \"%.60s%s\" (%s, %s): %s\n", i + 1,
		    at[i].share * 100, p->title ? p->title : p->remote_id,
		    p->title && strlen(p->title) > 60 ? "\u2026" : "",
		    gc->names[p->account], date, at[i].why);
	}
}

static void
print_burst(enum cmd_format f, const struct analysis_ctx *gc,
    const char *account, const struct burst *b,
    const struct attribution *at, size_t nat, json_t *array)
{
	char	 start[TIME_DATE_SIZE], end[TIME_DATE_SIZE];

	if (f == FORMAT_JSON) {
		json_array_append_new(array, burst_json(account, b,
		    causes_json(gc, at, nat)));
		return;
	}
	day_text(b->start_day, start);
	day_text(b->end_day, end);
	if (f == FORMAT_CSV) {
		printf("%s,%s,%s,%.0f,%.0f,%.2f,%.1f,", account, start, end,
		    b->gained, b->excess, b->baseline_per_day, b->score);
		if (nat > 0)
			csv_write_field(stdout, gc->posts.posts[at[0].post].url);
		putchar('\n');
		return;
	}
	printf("%-12s %-12s %-40s %+8.0f %+8.0f %8.1f %6.1f\n", start, end,
	    account, b->gained, b->excess, b->baseline_per_day, b->score);
	print_causes_text(gc, at, nat);
}

/* Detect, explain and print the bursts of account 'k'; -1 on error. */
int
analysis_bursts_out(struct analysis_ctx *a, size_t k, json_t *array)
{
	struct follower_point	*pts;
	struct burst		*b;
	struct attribution	 at[ATTRIBUTE_MAX];
	size_t			 n, nb, i, nat;

	if (analysis_load_group(a, k) != 0 ||
	    analysis_bursts(a, k, &pts, &n, &b, &nb) != 0)
		return (-1);
	for (i = 0; i < nb; i++) {
		nat = attribute_burst(&b[i], (int)k, a->posts.posts,
		    a->posts.n, a->names, at);
		print_burst(a->opts.format, a, a->names[k], &b[i], at, nat,
		    array);
	}
	free(b);
	free(pts);
	return (0);
}

static enum cmd_retval
cmd_bursts_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct analysis_table table = {
		.csv_header = "account,start,end,gained,excess,"
		    "baseline_per_day,score,top_post_url",
		.text_header = "START        END          ACCOUNT"
		    "                                    GAINED   EXCESS "
		    "BASE/DAY  SCORE",
		.skip_feeds = 1,
		.out = analysis_bursts_out,
	};

	return (analysis_run(ctx, argc, argv, &table));
}
