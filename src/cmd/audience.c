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
#include "util/xmalloc.h"

#define DAY	(24 * 60 * 60)
#define YEAR	(365 * DAY)
/*
 * The census runs right after the counts in the same snapshot run: the
 * followers a burst's snapshots show are listed within this of them.
 */
#define CENSUS_LAG	(60 * 60)
#define TEXT_MONTHS	6	/* cohorts the text shows, newest */
#define STALE_AFTER	(3 * DAY)	/* a list read longer ago is old */

static enum cmd_retval	cmd_audience_run(struct cmd_ctx *,
			    const struct cmd_args *);
static json_t		*share_json(double);
static json_t		*active_json(int64_t, int64_t);

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
	    "reads it where the platform publishes it: Mastodon, Bluesky;\n"
	    "X when asked for, with track --census full, the owner's token\n"
	    "and a monthly cap, since X bills each follower read):\n"
	    "the followers the platform counts and those its list holds\n"
	    "(the difference, unlisted, once the list was read whole), how\n"
	    "many of them posted within 30 and 90 days of --as-of (with a\n"
	    "90% interval when only some were checked), and the followers\n"
	    "gained and lost in 7 and 30 days, the losses by reason\n"
	    "(unfollowed, moved, deleted, severed; unknown until asked),\n"
	    "the followers by month of follow and those each burst of the\n"
	    "last year brought: do they still follow, are they active?\n"
	    "Survival by follow age: of the followers the census saw come,\n"
	    "the share still following (and still active) 30, 90 and 365\n"
	    "days after they followed, a Kaplan-Meier estimate with a 90%\n"
	    "interval, null where no follower was watched that long.\n"
	    "Where there is no list, the note says why, and what to know of\n"
	    "the numbers where there are some (JSON census_reason; a census\n"
	    "that failed: census_error, census_error_at, census_http_status;\n"
	    "one turned off: census_off_since; the newest walk by --as-of:\n"
	    "census_last_read_at). An --as-of from when the census was on\n"
	    "reads it as of then.\n"
	    "Active counts are null where no follower's activity was checked.\n"
	    "--since and --until are refused (exit 2): the census counts as\n"
	    "of --as-of; an --as-of in the future is warned of on stderr.\n",
	.options = options,
	.formats = FORMAT_BIT(FORMAT_TEXT) | FORMAT_BIT(FORMAT_JSON) |
	    FORMAT_BIT(FORMAT_CSV),
	.max_args = -1,
	.check = analysis_check_no_window,
	.flags = CMD_READS_DB | CMD_ACCOUNTS,
	.run = cmd_audience_run,
};

void
audience_result_release(struct audience_result *au)
{
	free(au->cohorts);
	free(au->bursts);
	free(au->history);
	census_severed_free(au->severed, au->nsevered);
	free(au->failure.message);
	survival_result_release(&au->survival);
}

/*
 * For each burst of the year before as_of, the followers the census saw
 * come in it: were they still following, still active?
 */
static int
burst_cohorts(struct analysis_ctx *a, size_t k, struct audience_result *au)
{
	struct bursts_result	 r;
	const struct burst	*b;
	struct burst_cohort	*bc;
	char			*cause = NULL;
	size_t			 i;
	int			 rc = 0;

	if (analysis_bursts_result(a, k, &r) != 0)
		return (-1);
	au->bursts = xcalloc(r.nbursts + 1, sizeof *au->bursts);
	for (i = 0; i < r.nbursts && rc == 0; i++) {
		b = &r.bursts[i].burst;
		/* Before the census began, it saw nobody come. */
		if (b->end_time < a->opts.as_of - YEAR ||
		    b->start_time < au->c.began_at)
			continue;
		bc = &au->bursts[au->nbursts++];
		bc->start_day = b->start_day;
		bc->end_day = b->end_day;
		bc->offset = b->offset;
		bc->gained = b->gained;
		if ((rc = store_census_window(a->store, a->list[k].account.id,
		    b->start_time - CENSUS_LAG, b->end_time + CENSUS_LAG,
		    a->opts.as_of, &bc->c, &cause)) != 0) {
			log_error("%s: %s", au->account, cause);
			free(cause);
		}
	}
	bursts_result_release(&r);
	return (rc);
}

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

/* A list last read long before the time asked says nothing of since. */
static int
stale(const struct analysis_ctx *a, const struct audience_result *au)
{
	return (au->c.last_walk != 0 &&
	    a->opts.as_of - au->c.last_walk > STALE_AFTER);
}

/* The census's state, for the one choice of what to say of it. */
static void
census_facts(const struct analysis_ctx *a, size_t k,
    const struct audience_result *au, struct audience_census_facts *f)
{
	const struct platform	*p = a->list[k].account.platform;

	memset(f, 0, sizeof *f);
	f->has_list = p->census != NULL;
	/* As of: an --as-of when the census was on reads it as it was. */
	f->off = au->mode_then.mode == CENSUS_MODE_OFF;
	f->not_asked = au->mode_then.mode == CENSUS_MODE_DEFAULT && au->billed;
	f->failed = au->failure.message != NULL;
	f->walked_ever = au->c.began_at != 0;
	f->walked = au->c.walked;
	f->hidden = au->c.hidden != 0;
	f->hidden_to_owner = au->c.hidden == CENSUS_HIDDEN_TO_OWNER;
	f->empty = au->c.empty_count > 0;
	f->complete = au->c.list_complete_at != 0;
	f->stale = stale(a, au);
	f->unlisted = au->unlisted > 0 && p->census_unlisted_why != NULL;
}

void
audience_off_words(const struct census_mode_at *m, int64_t last_read,
    int64_t as_of, char *out, size_t len)
{
	char	 since[64] = "", read[96] = "", day[TIME_DATE_SIZE];
	int64_t	 days;

	if (m->since_known) {
		time_format_local_date(m->since, day);
		snprintf(since, sizeof since, " since %s", day);
	} else
		snprintf(since, sizeof since, " (since a time not known: it "
		    "was set before schema version 16)");
	/* The numbers shown are that old. */
	if (last_read != 0) {
		time_format_local_date(last_read, day);
		days = (as_of - last_read) / DAY;
		snprintf(read, sizeof read, " (the last list was read on %s, "
		    "%lld day%s before)", day, (long long)days,
		    days == 1 ? "" : "s");
	}
	snprintf(out, len, "the census is off for this account%s%s", since,
	    read);
}

/*
 * The note: the reason's words, with the data some of them need before
 * them (the platform's name, a date, the failure).
 */
static void
census_note(const struct analysis_ctx *a, size_t k, struct audience_result *au)
{
	const struct platform	*p = a->list[k].account.platform;
	const char		*words = audience_reason_words(au->reason)->note;
	char			 day[TIME_DATE_SIZE], when[TIME_ISO_SIZE];
	char			 status[32] = "";

	au->note = au->note_text;
	switch (au->reason) {
	case AUDIENCE_CENSUS_NOT_ASKED:
		snprintf(au->note_text, sizeof au->note_text, "%s %s with the "
		    "owner's %s (%s.HANDLE) and a monthly cap (%s)", p->title,
		    words, p->census_secret.what, p->census_secret.key,
		    p->census_cap_key);
		break;
	case AUDIENCE_CENSUS_FAILED:
		time_format(au->failure.at, when);
		/* Not twice where the message begins with it. */
		snprintf(status, sizeof status, "HTTP %ld",
		    au->failure.http_status);
		if (au->failure.http_status == 0 || strncmp(au->failure.message,
		    status, strlen(status)) == 0)
			status[0] = '\0';
		else
			snprintf(status, sizeof status, " (HTTP %ld)",
			    au->failure.http_status);
		snprintf(au->note_text, sizeof au->note_text, "the census "
		    "failed at %s%s: %s; %s", when, status,
		    au->failure.message, words);
		break;
	case AUDIENCE_CENSUS_OFF:
		audience_off_words(&au->mode_then, au->c.last_walk,
		    a->opts.as_of, au->note_text, sizeof au->note_text);
		break;
	case AUDIENCE_CENSUS_NOT_BY:
		time_format_local_date(a->opts.as_of, day);
		snprintf(au->note_text, sizeof au->note_text, "no census by "
		    "%s: %s", day, words);
		break;
	case AUDIENCE_CENSUS_STALE:
		time_format_local_date(au->c.last_walk, day);
		snprintf(au->note_text, sizeof au->note_text, "the follower "
		    "list was last read on %s, %lld days before: %s", day,
		    (long long)((a->opts.as_of - au->c.last_walk) / DAY),
		    words);
		break;
	case AUDIENCE_CENSUS_UNLISTED:
		au->note = p->census_unlisted_why;
		break;
	default:
		au->note = words;
		break;
	}
}

int
audience_bill_shown(int billed, enum census_mode mode,
    const struct census_bill *bill)
{
	return (billed && (mode == CENSUS_MODE_FULL ||
	    mode == CENSUS_MODE_HASHED || bill->reads > 0));
}

/* The census's settings, its summary, its failure and its bill. */
static int
census_read(struct analysis_ctx *a, size_t k, struct audience_result *au)
{
	const struct account	*acc = &a->list[k].account;
	char			*cause = NULL;

	if (store_census_mode(a->store, acc->id, &au->mode, &cause) != 0 ||
	    store_census_mode_at(a->store, acc->id, a->opts.as_of,
	    &au->mode_then, &cause) != 0 || store_census_summary(a->store,
	    acc->id, a->opts.as_of, &au->c, &cause) != 0 ||
	    store_census_failure(a->store, acc->id, a->opts.as_of,
	    &au->failure, &cause) != 0 ||
	    store_engaged(a->store, acc->id, a->opts.as_of, &au->engaged,
	    &cause) != 0 ||
	    ((au->billed = census_billed(acc->platform)) &&
	    census_billed_get(a->store, acc->id, acc->platform, a->opts.as_of,
	    &au->bill, &cause) != 0)) {
		log_error("%s: %s", au->account, cause);
		free(cause);
		return (-1);
	}
	au->bill_shown = audience_bill_shown(au->billed, au->mode, &au->bill);
	/* An empty first read has no list to count from. */
	au->counted = au->c.walked && !au->c.hidden &&
	    !(au->c.empty_count > 0 && au->c.list_complete_at == 0 &&
	    au->c.listed == 0);
	/* A difference of -1 is one more listed, not COUNT_UNKNOWN. */
	au->unlisted_known = au->counted && au->c.list_complete_at != 0 &&
	    au->followers >= 0;
	if (au->unlisted_known)
		au->unlisted = au->followers - au->c.listed;
	return (0);
}

int
analysis_audience_result(struct analysis_ctx *a, size_t k,
    struct audience_result *au)
{
	const struct account		*acc = &a->list[k].account;
	struct audience_census_facts	 facts;
	char				*cause = NULL;

	memset(au, 0, sizeof *au);
	au->account = a->names[k];
	au->share = au->lo = au->hi = NAN;
	if (platform_count(a, k, &au->followers) != 0)
		return (-1);
	if (acc->platform->census != NULL && census_read(a, k, au) != 0)
		return (-1);
	census_facts(a, k, au, &facts);
	au->reason = audience_census_reason(&facts);
	census_note(a, k, au);
	if (!au->counted)
		return (0);
	/*
	 * A list not yet read whole holds its newest followers only, whose
	 * activity differs from the rest: their share is no sample of all.
	 */
	if (au->c.list_complete_at != 0)
		stats_share_interval((double)au->c.active_30d, (double)au->c.checked,
		    (double)au->c.listed, STATS_Z90, &au->share, &au->lo,
		    &au->hi);
	if (store_census_cohorts(a->store, acc->id, a->opts.as_of,
	    &au->cohorts, &au->ncohorts, &cause) != 0 ||
	    store_census_history(a->store, acc->id, a->opts.as_of,
	    &au->history, &au->nhistory, &cause) != 0) {
		log_error("%s: %s", au->account, cause);
		free(cause);
		return (-1);
	}
	if (analysis_audience_survival(a, k, au) != 0 ||
	    analysis_audience_severed(a, k, au) != 0)
		return (-1);
	return (burst_cohorts(a, k, au));
}

/* A month's first and last days, "YYYY-MM-01" and "YYYY-MM-DD". */
static void
month_range(const char *month, char from[TIME_DATE_SIZE],
    char to[TIME_DATE_SIZE])
{
	int		 y = atoi(month);
	unsigned	 m = (unsigned)atoi(month + 5), d;
	int64_t		 next;

	next = m == 12 ? time_days_from_civil(y + 1, 1, 1) :
	    time_days_from_civil(y, m + 1, 1);
	time_civil_from_days(next - 1, &y, &m, &d);
	snprintf(from, TIME_DATE_SIZE, "%.7s-01", month);
	snprintf(to, TIME_DATE_SIZE, "%04d-%02u-%02u", y, m, d);
}

static json_t *
cohorts_json(const struct audience_result *au)
{
	const struct census_cohort	*c;
	json_t				*out = json_array();
	char				 from[TIME_DATE_SIZE];
	char				 to[TIME_DATE_SIZE];
	size_t				 i;

	for (i = 0; i < au->ncohorts; i++) {
		c = &au->cohorts[i];
		if (c->month[0] != '\0')
			month_range(c->month, from, to);
		else
			time_format_local_date(c->first_listed, to);
		json_array_append_new(out, json_pack("{s:o, s:s, s:I, s:I, "
		    "s:I, s:o}", "from", c->month[0] != '\0' ?
		    json_string(from) : json_null(), "to", to, "followed",
		    (json_int_t)c->followed, "still_following",
		    (json_int_t)c->still_following, "checked",
		    (json_int_t)c->checked, "active_30d",
		    active_json(c->active_30d, c->checked)));
	}
	return (out);
}

/* The active share at each whole walk's end, with its interval. */
static json_t *
history_json(const struct audience_result *au)
{
	const struct census_point	*p;
	json_t				*out = json_array();
	double				 share, lo, hi;
	size_t				 i;

	for (i = 0; i < au->nhistory; i++) {
		p = &au->history[i];
		stats_share_interval((double)p->active_30d, (double)p->checked,
		    (double)p->listed, STATS_Z90, &share, &lo, &hi);
		json_array_append_new(out, json_pack("{s:o, s:I, s:I, s:o, "
		    "s:o, s:o}", "at", cmd_json_time(p->at), "listed",
		    (json_int_t)p->listed, "checked", (json_int_t)p->checked,
		    "active_30d", active_json(p->active_30d, p->checked),
		    "active_fraction_30d", share_json(share),
		    "active_fraction_30d_ci", isnan(lo) ? json_null() :
		    json_pack("[o, o]", share_json(lo), share_json(hi))));
	}
	return (out);
}

static void
day_of(int64_t day, char out[TIME_DATE_SIZE])
{
	time_format_date(day * DAY, out);
}

static json_t *
burst_cohorts_json(const struct audience_result *au)
{
	const struct burst_cohort	*b;
	json_t				*out = json_array();
	char				 start[TIME_DATE_SIZE];
	char				 end[TIME_DATE_SIZE];
	size_t				 i;

	for (i = 0; i < au->nbursts; i++) {
		b = &au->bursts[i];
		day_of(b->start_day, start);
		day_of(b->end_day, end);
		json_array_append_new(out, json_pack("{s:s, s:s, s:I, s:I, "
		    "s:I, s:I, s:o}", "start", start, "end", end, "gained",
		    (json_int_t)count_clamp(b->gained), "listed",
		    (json_int_t)b->c.followed, "still_following",
		    (json_int_t)b->c.still_following, "checked",
		    (json_int_t)b->c.checked, "active_30d",
		    active_json(b->c.active_30d, b->c.checked)));
	}
	return (out);
}

static json_t *
share_json(double v)
{
	return (isnan(v) ? json_null() :
	    json_real(analysis_round_half_up(v, 1000)));
}

/* Active followers, or null where none was checked: not a measured 0. */
static json_t *
active_json(int64_t active, int64_t checked)
{
	return (checked > 0 ? json_integer(active) : json_null());
}

static json_t *
count_json(int64_t v)
{
	return (v < 0 ? json_null() : json_integer(v));
}

/*
 * The census's numbers, or null where there are none to give (no walk,
 * a hidden list): never a measured-looking 0.
 */
static json_t *
census_count(const struct audience_result *au, int64_t v)
{
	if (!au->counted)
		return (json_null());
	return (json_integer(v));
}

static json_t *
losses_json(const struct audience_result *au)
{
	const struct census_summary	*c = &au->c;

	if (!au->counted)
		return (json_null());
	return (json_pack("{s:I, s:I, s:I, s:I, s:I}", "unfollowed",
	    (json_int_t)c->lost_unfollowed, "moved", (json_int_t)c->lost_moved,
	    "deleted", (json_int_t)c->lost_deleted, "severed",
	    (json_int_t)c->lost_severed, "unknown",
	    (json_int_t)c->lost_unknown));
}

/* Null where no engager list was read by then: nothing is known. */
static json_t *
engaged_count(const struct audience_result *au, int64_t v)
{
	return (au->engaged.lists > 0 ? json_integer(v) : json_null());
}

static void
engaged_json(const struct audience_result *au, json_t *o)
{
	const struct engaged_summary	*e = &au->engaged;

	json_object_set_new(o, "engaged_30d", engaged_count(au,
	    e->engaged_30d));
	json_object_set_new(o, "engaged_90d", engaged_count(au,
	    e->engaged_90d));
	/* Who follows is the census's to say: none, no number. */
	json_object_set_new(o, "engaged_followers_30d", au->counted ?
	    engaged_count(au, e->engaged_followers_30d) : json_null());
	json_object_set_new(o, "engaged_since", e->lists > 0 && e->since ?
	    cmd_json_time(e->since) : json_null());
}

json_t *
cmd_audience_json(const struct audience_result *au)
{
	const struct census_summary	*c = &au->c;
	json_t				*o;

	/*
	 * unlisted can be below 0: the count and the list are read at
	 * different times, and the count differs by a few between viewers.
	 */
	o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
	    "s:o, s:o, s:o, s:o, s:o}", "account", au->account, "followers",
	    count_json(au->followers), "listed", census_count(au, c->listed),
	    "unlisted", au->unlisted_known ? json_integer(au->unlisted) :
	    json_null(), "checked",
	    census_count(au, c->checked), "active_30d", au->counted ?
	    active_json(c->active_30d, c->checked) : json_null(),
	    "active_90d", au->counted ? active_json(c->active_90d,
	    c->checked) : json_null(), "active_fraction_30d",
	    share_json(au->share), "active_fraction_30d_ci",
	    isnan(au->lo) ? json_null() : json_pack("[o, o]",
	    share_json(au->lo), share_json(au->hi)), "gained_7d",
	    census_count(au, c->gained_7d), "lost_7d",
	    census_count(au, c->lost_7d), "gained_30d",
	    census_count(au, c->gained_30d), "lost_30d",
	    census_count(au, c->lost_30d), "lost_by_reason", losses_json(au),
	    "list_complete_at", c->list_complete_at != 0 ?
	    cmd_json_time(c->list_complete_at) : json_null());
	engaged_json(au, o);
	json_object_set_new(o, "history", history_json(au));
	json_object_set_new(o, "cohorts", cohorts_json(au));
	json_object_set_new(o, "burst_cohorts", burst_cohorts_json(au));
	json_object_set_new(o, "severances", audience_severed_json(au));
	json_object_set_new(o, "survival", audience_survival_json(au));
	json_object_set_new(o, "survival_excluded", au->has_survival ?
	    json_integer(au->survival.excluded) : json_null());
	if (au->bill_shown)
		json_object_set_new(o, "census_spend",
		    census_bill_json(&au->bill));
	json_object_set_new(o, "census_reason",
	    json_string(audience_reason_words(au->reason)->name));
	json_object_set_new(o, "census_error",
	    cmd_json_string(au->failure.message));
	json_object_set_new(o, "census_error_at",
	    cmd_json_time(au->failure.at));
	json_object_set_new(o, "census_http_status", au->failure.http_status ?
	    json_integer(au->failure.http_status) : json_null());
	json_object_set_new(o, "census_off_since",
	    au->reason == AUDIENCE_CENSUS_OFF && au->mode_then.since_known ?
	    cmd_json_time(au->mode_then.since) : json_null());
	json_object_set_new(o, "census_last_read_at",
	    cmd_json_time(au->c.last_walk));
	json_object_set_new(o, "note", cmd_json_string(au->note));
	return (o);
}

/*
 * The fields after followers that a census fills: listed ... lost_30d
 * (11), survival's 6, unlisted, list_complete_at and the 5 reasons.
 */
#define CSV_CENSUS_FIELDS	24

/* A spend in micro-USD as dollars, exactly. */
static void
csv_usd(int64_t micro)
{
	printf(",%lld.%06lld", (long long)(micro / 1000000),
	    (long long)(micro % 1000000));
}

/*
 * The note (empty when none), then the fields added after it (the
 * reason, survival_excluded, the month's census spend: empty where
 * there is none), and the line's end.
 */
static void
csv_note(const struct audience_result *au)
{
	putchar(',');
	if (au->note != NULL)
		csv_write_field(stdout, au->note);
	printf(",%s,", audience_reason_words(au->reason)->name);
	if (au->has_survival)
		printf("%lld", (long long)au->survival.excluded);
	if (!au->bill_shown)
		printf(",,,");
	else {
		printf(",%lld", (long long)au->bill.reads);
		csv_usd(au->bill.spent);
		if (au->bill.cap >= 0)
			csv_usd(au->bill.cap);
		else
			putchar(',');
	}
	putchar('\n');
}

static void
print_csv(const struct audience_result *au)
{
	const struct census_summary	*c = &au->c;
	char				 when[TIME_ISO_SIZE];

	csv_write_field(stdout, au->account);
	if (au->followers >= 0)
		printf(",%lld", (long long)au->followers);
	else
		putchar(',');
	/* No list read (or a hidden one): empty fields, never zeros. */
	if (!au->counted) {
		printf("%.*s", CSV_CENSUS_FIELDS, ",,,,,,,,,,,,,,,,,,,,,,,,,,");
		csv_note(au);
		return;
	}
	printf(",%lld,%lld,", (long long)c->listed, (long long)c->checked);
	/* Nobody checked: no count of the active, empty fields. */
	if (c->checked > 0)
		printf("%lld,%lld,", (long long)c->active_30d,
		    (long long)c->active_90d);
	else
		printf(",,");
	if (!isnan(au->share))
		printf("%.3f,%.3f,%.3f", au->share, au->lo, au->hi);
	else
		printf(",,");
	printf(",%lld,%lld,%lld,%lld", (long long)c->gained_7d,
	    (long long)c->lost_7d, (long long)c->gained_30d,
	    (long long)c->lost_30d);
	audience_survival_csv(au);
	if (au->unlisted_known)
		printf(",%lld", (long long)au->unlisted);
	else
		putchar(',');
	putchar(',');
	if (c->list_complete_at != 0) {
		time_format(c->list_complete_at, when);
		fputs(when, stdout);
	}
	printf(",%lld,%lld,%lld,%lld,%lld", (long long)c->lost_unfollowed,
	    (long long)c->lost_moved, (long long)c->lost_deleted,
	    (long long)c->lost_severed, (long long)c->lost_unknown);
	csv_note(au);
}

const char *
audience_unknown_words(const struct audience_result *au)
{
	/* A hashed id cannot be looked up; on X a lookup is billed. */
	if (au->mode == CENSUS_MODE_HASHED || au->billed)
		return ("why unknown");
	return ("not yet asked why");
}

static void
print_losses(const struct audience_result *au)
{
	const struct census_summary	*c = &au->c;
	const char *const names[] = { "unfollowed", "moved", "deleted",
	    "severed", audience_unknown_words(au) };
	const int64_t			 v[] = { c->lost_unfollowed,
					    c->lost_moved, c->lost_deleted,
					    c->lost_severed, c->lost_unknown };
	size_t				 i;
	int				 first = 1;

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

/* The active share at the newest whole walks' ends. */
static void
print_history(const struct audience_result *au)
{
	const struct census_point	*p;
	char				 day[TIME_DATE_SIZE];
	size_t				 i, shown = 0;

	for (i = 0; i < au->nhistory; i++)
		shown += au->history[i].checked > 0;
	if (shown < 2)
		return;
	text_printf("  active then   ");
	i = au->nhistory > TEXT_MONTHS ? au->nhistory - TEXT_MONTHS : 0;
	for (; i < au->nhistory; i++) {
		p = &au->history[i];
		time_format_local_date(p->at, day);
		if (p->checked > 0)
			text_printf(" %s %.0f%%", day, 100.0 *
			    (double)p->active_30d / (double)p->checked);
	}
	text_printf("\n");
}

/* A cohort's active followers, or that none of them was checked. */
static void
print_active(const struct census_cohort *c)
{
	char	 n[32];

	if (c->checked > 0) {
		text_thousands(c->active_30d, n, sizeof n);
		text_printf("%s active\n", n);
	} else
		text_printf("activity not checked\n");
}

/* The newest months' cohorts, and the bursts' followers. */
static void
print_cohorts(const struct audience_result *au)
{
	const struct census_cohort	*c;
	const struct burst_cohort	*b;
	char				 start[TIME_DATE_SIZE];
	char				 end[TIME_DATE_SIZE];
	char				 followed[32], still[32];
	size_t				 i;

	i = au->ncohorts > TEXT_MONTHS ? au->ncohorts - TEXT_MONTHS : 0;
	for (; i < au->ncohorts; i++) {
		c = &au->cohorts[i];
		text_thousands(c->followed, followed, sizeof followed);
		text_thousands(c->still_following, still, sizeof still);
		text_printf("  %-14s %s followed, %s still follow, ",
		    c->month[0] != '\0' ? c->month : "before", followed,
		    still);
		print_active(c);
	}
	for (i = 0; i < au->nbursts; i++) {
		b = &au->bursts[i];
		day_of(b->start_day, start);
		day_of(b->end_day, end);
		text_thousands(b->c.followed, followed, sizeof followed);
		text_thousands(b->c.still_following, still, sizeof still);
		text_printf("  burst %s..%s: %s listed of +%.0f, %s still "
		    "follow, ", start, end, followed, b->gained, still);
		print_active(&b->c);
	}
}

static void
print_bill(const struct census_bill *b)
{
	char	 words[200];

	census_bill_words(b, words, sizeof words);
	text_printf("  spent          %s\n", words);
}

/* The active followers of a list read whole or not, with thousands. */
static void
print_active_share(const struct audience_result *au)
{
	const struct census_summary	*c = &au->c;
	char				 a30[32], a90[32], n[32];

	text_thousands(c->active_30d, a30, sizeof a30);
	text_thousands(c->active_90d, a90, sizeof a90);
	if (c->list_complete_at == 0) {
		text_thousands(c->listed, n, sizeof n);
		text_printf("  active         %s in 30 days of the newest %s "
		    "read so far (no share before the list is read whole)\n",
		    a30, n);
	} else if (c->checked == c->listed)
		text_printf("  active         %s in 30 days (%.1f%%, every "
		    "follower checked), %s in 90 days\n", a30,
		    au->share * 100, a90);
	else {
		text_thousands(c->checked, n, sizeof n);
		text_printf("  active         %s of %s checked in 30 days "
		    "(%.1f%%, 90%%: %.1f-%.1f%%), %s in 90 days\n", a30, n,
		    au->share * 100, au->lo * 100, au->hi * 100, a90);
	}
}

/*
 * Who engaged: distinct accounts, at least (an engagement without its own
 * time counts only where the reads bound it inside the window).
 */
static void
print_engaged(const struct audience_result *au)
{
	const struct engaged_summary	*e = &au->engaged;
	char				 n30[32], n90[32], f[32];
	char				 day[TIME_DATE_SIZE];

	if (e->lists == 0)
		return;
	text_thousands(e->engaged_30d, n30, sizeof n30);
	text_thousands(e->engaged_90d, n90, sizeof n90);
	text_printf("  engaged        %s account%s in 30 days", n30,
	    text_plural(e->engaged_30d));
	if (au->counted) {
		text_thousands(e->engaged_followers_30d, f, sizeof f);
		text_printf(" (%s following)", f);
	}
	text_printf(", %s in 90 days", n90);
	if (e->since != 0) {
		time_format_local_date(e->since, day);
		text_printf("; lists read since %s", day);
	}
	text_printf("\n");
}

static void
print_text(const struct audience_result *au)
{
	const struct census_summary	*c = &au->c;
	char				 n[32], day[TIME_DATE_SIZE];

	text_printf("%s\n", au->account);
	if (au->followers >= 0) {
		text_thousands(au->followers, n, sizeof n);
		text_printf("  followers      %s (the platform's count)\n", n);
	}
	print_engaged(au);
	if (au->note != NULL)
		text_printf("  note           %s\n", au->note);
	if (au->bill_shown)
		print_bill(&au->bill);
	if (!au->counted)
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
	} else if (au->unlisted_known && au->unlisted < 0) {
		text_thousands(-au->unlisted, n, sizeof n);
		text_printf("  unlisted       -%s (listed exceeds the platform's "
		    "count: the two are read at different times)\n", n);
	}
	if (c->checked == 0)
		text_printf("  active         not checked: no follower's "
		    "activity is known yet\n");
	else
		print_active_share(au);
	text_printf("  7 days         +%lld -%lld\n", (long long)c->gained_7d,
	    (long long)c->lost_7d);
	text_printf("  30 days        +%lld -%lld", (long long)c->gained_30d,
	    (long long)c->lost_30d);
	print_losses(au);
	text_printf("\n");
	audience_severed_text(au, "  severed        ");
	print_history(au);
	audience_survival_text(au);
	print_cohorts(au);
}

static int
audience_out(struct analysis_ctx *a, size_t k, json_t *array)
{
	struct audience_result	 au;

	if (analysis_audience_result(a, k, &au) != 0) {
		audience_result_release(&au);
		return (-1);
	}
	if (a->opts.format == FORMAT_JSON)
		json_array_append_new(array, cmd_audience_json(&au));
	else if (a->opts.format == FORMAT_CSV)
		print_csv(&au);
	else
		print_text(&au);
	audience_result_release(&au);
	return (0);
}

static enum cmd_retval
cmd_audience_run(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	static const struct analysis_table table = {
		.csv_header = "account,followers,listed,checked,active_30d,"
		    "active_90d,active_fraction_30d,active_fraction_30d_low,"
		    "active_fraction_30d_high,gained_7d,lost_7d,gained_30d,"
		    "lost_30d,following_at_30d,following_at_90d,"
		    "following_at_365d,active_at_30d,active_at_90d,"
		    "active_at_365d,unlisted,list_complete_at,"
		    "lost_unfollowed,lost_moved,lost_deleted,lost_severed,"
		    "lost_unknown,note,census_reason,survival_excluded,"
		    "census_reads,census_spent_usd,census_cap_usd",
		.skip_feeds = 1,
		.out = audience_out,
	};

	return (analysis_run(ctx, args, &table));
}
