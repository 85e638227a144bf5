/*
 * List each account's growth bursts: when, how large, above what
 * baseline, and the posts behind them. The bursts come as a struct
 * (results.h); this file writes them as text, CSV and JSON, the JSON
 * also for the report's page.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cmd/analysis.h"
#include "cmd/cmd.h"
#include "cmd/results.h"
#include "util/csv.h"
#include "util/text.h"
#include "util/timeutil.h"

static enum cmd_retval	cmd_bursts_run(struct cmd_ctx *,
			    const struct cmd_args *);

static const struct cmd_option options[] = {
	ANALYSIS_OPTIONS,
	{ .name = NULL }
};

const struct cmd_entry cmd_bursts_entry = {
	.name = "bursts",
	.usage = ANALYSIS_USAGE " [--format text|json|csv]",
	.summary = "find the growth bursts of each account",
	.help =
	    "A burst is a run of days whose follower gains stand above the\n"
	    "expected baseline (a trailing robust trend with a weekly rhythm);\n"
	    "of hours, with an hour-of-day rhythm too, for a series snapshotted\n"
	    "more often than every 12 hours. Gains over missed snapshots count\n"
	    "with their length, so a normal rate over an outage is no burst;\n"
	    "drops are never bursts. Days and hours are the owner's (--tz).\n",
	.options = options,
	.formats = FORMAT_BIT(FORMAT_TEXT) | FORMAT_BIT(FORMAT_JSON) |
	    FORMAT_BIT(FORMAT_CSV),
	.max_args = -1,
	.check = analysis_check,
	.flags = CMD_READS_DB | CMD_ACCOUNTS,
	.run = cmd_bursts_run,
};

static void
day_text(int64_t day, char out[TIME_DATE_SIZE])
{
	time_format_date(day * SECONDS_PER_DAY, out);
}

/* [{account, followers, kind, at}], largest reach first. */
static json_t *
amplifiers_json(const struct burst_cause *c)
{
	const struct amplifier	*m;
	json_t			*a = json_array();
	size_t			 i;

	for (i = 0; i < c->namplifiers; i++) {
		m = &c->amplifiers[i];
		json_array_append_new(a, json_pack("{s:o, s:o, s:s, s:o, s:b}",
		    "account", cmd_json_string(m->handle), "followers",
		    m->followers >= 0 ? json_integer(m->followers) :
		    json_null(), "kind", engagement_kind_name(m->kind), "at",
		    cmd_json_time(m->at), "at_is_bound", m->seen));
	}
	return (a);
}

static json_t *
causes_json(const struct attributed_burst *b)
{
	const struct burst_cause	*c;
	json_t				*a = json_array();
	size_t				 i;

	for (i = 0; i < b->ncauses; i++) {
		c = &b->causes[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o, s:o, "
		    "s:f, s:o, s:s}", "account", c->post.account, "post_id",
		    c->post.post_id, "url", cmd_json_string(c->post.url),
		    "title", cmd_json_string(c->post.title), "published_at",
		    cmd_json_time(c->post.published_at), "share",
		    analysis_round_half_up(c->share, 1000),
		    "engaged_new_followers", c->engaged >= 0 ?
		    json_integer(c->engaged) : json_null(), "why", c->why));
		json_object_set_new(json_array_get(a, i), "amplifiers",
		    amplifiers_json(c));
	}
	return (a);
}

/* "+HH:MM": the offset of the burst's local days from UTC. */
static void
offset_text(int32_t offset, char out[8])
{
	int32_t	 a = offset < 0 ? -offset : offset;

	snprintf(out, 8, "%c%02d:%02d", offset < 0 ? '-' : '+',
	    (int)(a / 3600 % 100), (int)(a / 60 % 60));
}

/* 1 when a new follower's own trail credited one of its posts. */
static int
by_trail(const struct attributed_burst *ab)
{
	size_t	 i;

	for (i = 0; i < ab->ncauses; i++)
		if (ab->causes[i].engaged > 0)
			return (1);
	return (0);
}

json_t *
cmd_bursts_json(const struct attributed_burst *ab)
{
	const struct burst	*b = &ab->burst;
	char			 start[TIME_DATE_SIZE], end[TIME_DATE_SIZE];
	char			 peak[TIME_DATE_SIZE], offset[8];

	day_text(b->start_day, start);
	day_text(b->end_day, end);
	day_text(b->peak_day, peak);
	offset_text(b->offset, offset);
	/*
	 * new_followers: the census's, whose trail decided; null where the
	 * account's engagers are not read (the posts rank by timing).
	 */
	return (json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:I, s:I, s:f, "
	    "s:f, s:o, s:s, s:o}", "account", ab->account, "start", start,
	    "end", end,
	    "utc_offset", offset,
	    "start_time", cmd_json_time(b->start_time), "end_time",
	    cmd_json_time(b->end_time), "peak", peak, "gained",
	    (json_int_t)count_clamp(b->gained), "excess",
	    (json_int_t)count_clamp(b->excess + 0.5),
	    "baseline_per_day", analysis_round_half_up(b->baseline_per_day,
	    100), "score", analysis_round_half_up(b->score, 10), "posts",
	    causes_json(ab), "evidence", by_trail(ab) ?
	    "followers' engagements" : "timing and counts",
	    "new_followers", ab->new_followers >= 0 ?
	    json_integer(ab->new_followers) : json_null()));
}

/* "How demand paging really works" (rss, 2026-10-14): why */
static void
print_causes_text(const struct attributed_burst *b)
{
	const struct post_ref	*p;
	char			 date[TIME_DATE_SIZE];
	size_t			 i;

	for (i = 0; i < b->ncauses; i++) {
		p = &b->causes[i].post;
		time_format_local_date(p->published_at, date);
		text_printf("     %zu. %3.0f%%  \"%.60s%s\" (%s, %s): %s\n",
		    i + 1, b->causes[i].share * 100, p->title ? p->title :
		    p->post_id, p->title && strlen(p->title) > 60 ? "\u2026" :
		    "", p->account, date, b->causes[i].why);
	}
}

static void
print_text(const struct attributed_burst *ab)
{
	const struct burst	*b = &ab->burst;
	char			 start[TIME_DATE_SIZE], end[TIME_DATE_SIZE];

	day_text(b->start_day, start);
	day_text(b->end_day, end);
	text_printf("%-12s %-12s %-40s %+8.0f %+8.0f %8.1f %6.1f\n", start,
	    end, ab->account, b->gained, b->excess, b->baseline_per_day,
	    b->score);
	print_causes_text(ab);
}

static void
print_csv(const struct attributed_burst *ab)
{
	const struct burst	*b = &ab->burst;
	char			 start[TIME_DATE_SIZE], end[TIME_DATE_SIZE];

	day_text(b->start_day, start);
	day_text(b->end_day, end);
	printf("%s,%s,%s,%.0f,%.0f,%.2f,%.1f,", ab->account, start, end,
	    b->gained, b->excess, b->baseline_per_day, b->score);
	if (ab->ncauses > 0)
		csv_write_field(stdout, ab->causes[0].post.url);
	putchar('\n');
}

/* Account k's bursts in the command's format (JSON: into the array). */
static int
bursts_out(struct analysis_ctx *a, size_t k, json_t *array)
{
	struct bursts_result	 r;
	size_t			 i;

	if (analysis_bursts_result(a, k, &r) != 0)
		return (-1);
	for (i = 0; i < r.nbursts; i++) {
		if (a->opts.format == FORMAT_JSON)
			json_array_append_new(array,
			    cmd_bursts_json(&r.bursts[i]));
		else if (a->opts.format == FORMAT_CSV)
			print_csv(&r.bursts[i]);
		else
			print_text(&r.bursts[i]);
	}
	bursts_result_release(&r);
	return (0);
}

static enum cmd_retval
cmd_bursts_run(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	static const struct analysis_table table = {
		.csv_header = "account,start,end,gained,excess,"
		    "baseline_per_day,score,top_post_url",
		.text_header = "START        END          ACCOUNT"
		    "                                    GAINED   EXCESS "
		    "BASE/DAY  SCORE",
		.skip_feeds = 1,
		.out = bursts_out,
	};

	return (analysis_run(ctx, args, &table));
}
