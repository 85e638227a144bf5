/*
 * The audience as the census measured it: each account's followers as
 * the platform counts them and as its list holds them (and the gap, where
 * the platform counts followers it does not list), how many of those
 * posted within 30 and 90 days, who came and who left and why. Text, CSV
 * and JSON.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyze/stats.h"
#include "cmd/analysis.h"
#include "cmd/cmd.h"
#include "cmd/results.h"
#include "store/store.h"
#include "util/csv.h"
#include "util/log.h"
#include "util/text.h"
#include "util/timeutil.h"

#define Z90	1.6448536269514722	/* the normal's 95th percentile */

static enum cmd_retval	cmd_audience_run(struct cmd_ctx *,
			    const struct cmd_args *);

static const struct cmd_option options[] = {
	ANALYSIS_OPTIONS,
	{ .name = NULL }
};

const struct cmd_entry cmd_audience_entry = {
	.name = "audience",
	.usage = "[ACCOUNT...] [--as-of TIME] [--tz ZONE] "
	    "[--format text|json|csv]",
	.summary = "who follows, who is still active, who came and who left",
	.help =
	    "From the census of each account's follower list (snapshot\n"
	    "reads it where the platform publishes it: Mastodon, Bluesky):\n"
	    "the followers the platform counts and those its list holds\n"
	    "(the difference, unlisted, once the list was read whole), how\n"
	    "many of them posted within 30 and 90 days of --as-of (with a\n"
	    "90% interval when only some were checked), and the followers\n"
	    "gained and lost in 7 and 30 days, the losses by reason\n"
	    "(unfollowed, moved, deleted, severed; unknown until asked).\n"
	    "Where there is no list, the output says why.\n",
	.options = options,
	.formats = FORMAT_BIT(FORMAT_TEXT) | FORMAT_BIT(FORMAT_JSON) |
	    FORMAT_BIT(FORMAT_CSV),
	.max_args = -1,
	.check = analysis_check,
	.flags = CMD_READS_DB | CMD_ACCOUNTS,
	.run = cmd_audience_run,
};

/* One account's audience, for every format. */
struct audience {
	const char		*account;
	int64_t			 followers;	/* the platform's, or unknown */
	int64_t			 unlisted;	/* counted but not in the list
						   read whole, or unknown */
	struct census_summary	 c;
	double			 share, lo, hi;	/* active in 30 days */
	const char		*note;		/* why there are no numbers, or
						   what they leave out */
};

/* The platform's newest count up to the window's end. */
static int
platform_count(struct analysis_ctx *a, size_t k, int64_t *out)
{
	struct follower_point	*p = NULL;
	size_t			 n = 0;

	*out = COUNT_UNKNOWN;
	if (analysis_series(a, k, &p, &n) != 0)
		return (-1);
	if (n > 0)
		*out = (int64_t)p[n - 1].followers;
	free(p);
	return (0);
}

static int
audience_of(struct analysis_ctx *a, size_t k, struct audience *au)
{
	const struct account	*acc = &a->list[k].account;
	enum census_mode	 mode;
	char			*cause = NULL;

	memset(au, 0, sizeof *au);
	au->account = a->names[k];
	au->share = au->lo = au->hi = NAN;
	au->unlisted = COUNT_UNKNOWN;
	if (platform_count(a, k, &au->followers) != 0)
		return (-1);
	if (acc->platform->census == NULL) {
		au->note = "this tideline reads no follower list of this "
		    "platform";
		return (0);
	}
	if (store_census_mode(a->store, acc->id, &mode, &cause) != 0 ||
	    store_census_summary(a->store, acc->id, a->opts.as_of, &au->c,
	    &cause) != 0) {
		log_error("%s: %s", au->account, cause);
		free(cause);
		return (-1);
	}
	if (mode == CENSUS_MODE_OFF)
		au->note = "the census is off for this account";
	else if (!au->c.walked)
		au->note = "no census yet: the next snapshot reads the "
		    "follower list";
	else if (au->c.hidden)
		au->note = "the follower list is hidden from us (the account "
		    "hides its followers; with the owner's token the census "
		    "reads it)";
	else if (au->c.list_complete_at == 0)
		au->note = "the first walk through the follower list is not "
		    "complete yet: the counts hold the followers read so far";
	else if (au->followers >= 0) {
		au->unlisted = au->followers - au->c.listed;
		if (au->unlisted > 0)
			au->note = acc->platform->census_unlisted_why;
	}
	stats_share_interval((double)au->c.active_30d, (double)au->c.checked,
	    (double)au->c.listed, Z90, &au->share, &au->lo, &au->hi);
	return (0);
}

static json_t *
share_json(double v)
{
	return (isnan(v) ? json_null() :
	    json_real(analysis_round_half_up(v, 1000)));
}

static json_t *
count_json(int64_t v)
{
	return (v < 0 ? json_null() : json_integer(v));
}

static json_t *
audience_json(const struct audience *au)
{
	const struct census_summary	*c = &au->c;
	json_t				*o;

	/*
	 * unlisted can be below 0: the count and the list are read at
	 * different times, and the count differs by a few between viewers.
	 */
	o = json_pack("{s:s, s:o, s:I, s:o, s:I, s:I, s:I, s:o, s:o, s:I, "
	    "s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I}, s:o}", "account",
	    au->account, "followers", count_json(au->followers), "listed",
	    (json_int_t)c->listed, "unlisted", au->unlisted == COUNT_UNKNOWN ?
	    json_null() : json_integer(au->unlisted), "checked", (json_int_t)c->checked,
	    "active_30d", (json_int_t)c->active_30d, "active_90d",
	    (json_int_t)c->active_90d, "active_fraction_30d",
	    share_json(au->share), "active_fraction_30d_ci",
	    isnan(au->lo) ? json_null() : json_pack("[o, o]",
	    share_json(au->lo), share_json(au->hi)), "gained_7d",
	    (json_int_t)c->gained_7d, "lost_7d", (json_int_t)c->lost_7d,
	    "gained_30d", (json_int_t)c->gained_30d, "lost_30d",
	    (json_int_t)c->lost_30d, "lost_by_reason", "unfollowed",
	    (json_int_t)c->lost_unfollowed, "moved", (json_int_t)c->lost_moved,
	    "deleted", (json_int_t)c->lost_deleted, "severed",
	    (json_int_t)c->lost_severed, "unknown",
	    (json_int_t)c->lost_unknown, "list_complete_at",
	    c->list_complete_at != 0 ? cmd_json_time(c->list_complete_at) :
	    json_null());
	if (au->note != NULL)
		json_object_set_new(o, "note", json_string(au->note));
	return (o);
}

static void
print_csv(const struct audience *au)
{
	const struct census_summary	*c = &au->c;

	csv_write_field(stdout, au->account);
	if (au->followers >= 0)
		printf(",%lld", (long long)au->followers);
	else
		putchar(',');
	printf(",%lld,%lld,%lld,%lld,", (long long)c->listed,
	    (long long)c->checked, (long long)c->active_30d,
	    (long long)c->active_90d);
	if (!isnan(au->share))
		printf("%.3f,%.3f,%.3f", au->share, au->lo, au->hi);
	else
		printf(",,");
	printf(",%lld,%lld,%lld,%lld\n", (long long)c->gained_7d,
	    (long long)c->lost_7d, (long long)c->gained_30d,
	    (long long)c->lost_30d);
}

static void
print_losses(const struct census_summary *c)
{
	static const char *const names[] = { "unfollowed", "moved",
	    "deleted", "severed", "not yet asked" };
	const int64_t	 v[] = { c->lost_unfollowed, c->lost_moved,
			    c->lost_deleted, c->lost_severed,
			    c->lost_unknown };
	size_t		 i;
	int		 first = 1;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (v[i] == 0)
			continue;
		text_printf("%s%lld %s", first ? " (" : ", ", (long long)v[i],
		    names[i]);
		first = 0;
	}
	if (!first)
		text_printf(")");
}

static void
print_text(const struct audience *au)
{
	const struct census_summary	*c = &au->c;
	char				 n[32], day[TIME_DATE_SIZE];

	text_printf("%s\n", au->account);
	if (au->followers >= 0) {
		text_thousands(au->followers, n, sizeof n);
		text_printf("  followers      %s (the platform's count)\n", n);
	}
	if (au->note != NULL)
		text_printf("  note           %s\n", au->note);
	if (!c->walked || c->hidden)
		return;
	text_thousands(c->listed, n, sizeof n);
	if (c->list_complete_at != 0) {
		time_format_local_date(c->list_complete_at, day);
		text_printf("  listed         %s (the list read whole on %s)\n",
		    n, day);
	} else
		text_printf("  listed         %s so far\n", n);
	if (au->unlisted > 0) {
		text_thousands(au->unlisted, n, sizeof n);
		text_printf("  unlisted       %s (counted, not in the list)\n", n);
	}
	if (isnan(au->share))
		text_printf("  active         no follower's activity checked "
		    "yet\n");
	else if (c->checked == c->listed)
		text_printf("  active         %lld in 30 days (%.1f%%, every "
		    "follower checked), %lld in 90 days\n",
		    (long long)c->active_30d, au->share * 100,
		    (long long)c->active_90d);
	else
		text_printf("  active         %lld of %lld checked in 30 days "
		    "(%.1f%%, 90%%: %.1f-%.1f%%), %lld in 90 days\n",
		    (long long)c->active_30d, (long long)c->checked,
		    au->share * 100, au->lo * 100, au->hi * 100,
		    (long long)c->active_90d);
	text_printf("  7 days         +%lld -%lld\n", (long long)c->gained_7d,
	    (long long)c->lost_7d);
	text_printf("  30 days        +%lld -%lld", (long long)c->gained_30d,
	    (long long)c->lost_30d);
	print_losses(c);
	text_printf("\n");
}

static int
audience_out(struct analysis_ctx *a, size_t k, json_t *array)
{
	struct audience	 au;

	if (audience_of(a, k, &au) != 0)
		return (-1);
	if (a->opts.format == FORMAT_JSON)
		json_array_append_new(array, audience_json(&au));
	else if (a->opts.format == FORMAT_CSV)
		print_csv(&au);
	else
		print_text(&au);
	return (0);
}

static enum cmd_retval
cmd_audience_run(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	static const struct analysis_table table = {
		.csv_header = "account,followers,listed,checked,active_30d,"
		    "active_90d,active_fraction_30d,active_fraction_30d_low,"
		    "active_fraction_30d_high,gained_7d,lost_7d,gained_30d,"
		    "lost_30d",
		.skip_feeds = 1,
		.out = audience_out,
	};

	return (analysis_run(ctx, args, &table));
}
