/*
 * One page per group: followers and growth, the bursts and their causes,
 * the effective audience, topic context, top posts, the next milestone,
 * and what in the data to distrust. The page is built as JSON (what
 * --format json prints) and rendered from it as text or Markdown, so the
 * three never disagree.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyze/attribute.h"
#include "analyze/engagement.h"
#include "analyze/series.h"
#include "analyze/stats.h"
#include "cmd/analysis.h"
#include "cmd/cmd.h"
#include "cmd/report.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define YEAR		(365 * SECONDS_PER_DAY)
#define GAP_DAYS	3	/* a longer silence of the cron is reported */
#define TOP_POSTS	5

static enum cmd_retval	cmd_report_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = ANALYSIS_USAGE " [--format text|json|markdown]",
	.summary = "one page per group: growth, bursts, audience, topics",
	.help =
	    "For each group: followers now and growth over 7, 30 and 365\n"
	    "days; the last year's bursts with their causes; the effective\n"
	    "audience now and how it fades; topic context; the top posts of\n"
	    "the last 30 days; the next follower milestone with an 80%\n"
	    "interval; and data-quality warnings (snapshot gaps, failing\n"
	    "fetches, rounded or hidden counts). Markdown is ready for a\n"
	    "weekly note; JSON carries everything, for scripts.\n\n"
	    "options:\n"
	    ANALYSIS_HELP
	    "  -f, --format FORMAT  text (default), json or markdown\n",
	.flags = CMD_NEEDS_DB,
	.exec = cmd_report_exec,
};

static json_t *
growth(const struct follower_point *p, size_t n, int64_t now, int64_t ago)
{
	double	 then = followers_at(p, n, now - ago);

	if (n == 0 || then < 0)
		return (json_null());
	return (json_integer((json_int_t)(p[n - 1].followers - then + 0.5)));
}

/* Round-number milestones: 100, 250, 500, 1k, 2.5k, 5k, 10k ... */
static double
next_milestone(double followers)
{
	static const double	 steps[] = { 1, 2.5, 5 };
	double			 e;
	int			 i;

	for (e = 100; e < 1e12; e *= 10)
		for (i = 0; i < 3; i++)
			if (steps[i] * e > followers)
				return (steps[i] * e);
	return (NAN);
}

static json_t *
date_in(int64_t now, double days)
{
	char	 d[TIME_DATE_SIZE];

	if (!isfinite(days) || days < 0 || days > 3650)
		return (json_null());
	time_format_date(now + (int64_t)(days * SECONDS_PER_DAY), d);
	return (json_string(d));
}

/*
 * When the next milestone comes at the recent pace: the 30-day growth
 * rates of the last 90 days give the median date and an 80% interval
 * (the fastest and slowest tenth of the rates left out).
 */
static json_t *
milestone(const char *account, const struct follower_point *p, size_t n,
    int64_t now)
{
	double	 rates[60], f, m, a, b;
	size_t	 k = 0;
	int	 d;

	if (n == 0)
		return (NULL);
	f = (double)p[n - 1].followers;
	m = next_milestone(f);
	for (d = 0; d < 60; d++) {
		a = followers_at(p, n, now - (int64_t)d * SECONDS_PER_DAY);
		b = followers_at(p, n, now - (int64_t)(d + 30) *
		    SECONDS_PER_DAY);
		if (a >= 0 && b >= 0)
			rates[k++] = (a - b) / 30;
	}
	if (k < 10)
		return (NULL);
	qsort(rates, k, sizeof *rates, stats_cmp_double);
	return (json_pack("{s:s, s:I, s:I, s:f, s:o, s:o, s:o}", "account",
	    account, "followers", (json_int_t)f, "milestone", (json_int_t)m,
	    "per_day", round(rates[k / 2] * 100) / 100, "date",
	    date_in(now, rates[k / 2] > 0 ? (m - f) / rates[k / 2] : NAN),
	    "earliest", date_in(now, rates[k * 9 / 10] > 0 ?
	    (m - f) / rates[k * 9 / 10] : NAN), "latest", date_in(now,
	    rates[k / 10] > 0 ? (m - f) / rates[k / 10] : NAN)));
}

static void
warn(json_t *quality, const char *account, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
warn(json_t *quality, const char *account, const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	json_array_append_new(quality, json_pack("{s:s, s:s}", "account",
	    account, "warning", text));
	free(text);
}

/* Snapshot gaps of the last year, and rounded or hidden counts. */
static void
series_warnings(struct analysis_ctx *a, size_t k,
    const struct follower_point *p, size_t n, json_t *quality)
{
	char	 from[TIME_DATE_SIZE], to[TIME_DATE_SIZE], *cause = NULL;
	int64_t	 since = a->opts.as_of - YEAR, rounded = 0, hidden = 0;
	int64_t	 gap;
	size_t	 i;

	for (i = 1; i < n; i++) {
		/* Whole days with no snapshot between the two. */
		gap = p[i].t / SECONDS_PER_DAY - p[i - 1].t / SECONDS_PER_DAY -
		    1;
		if (p[i].t < since || gap < GAP_DAYS)
			continue;
		time_format_date(p[i - 1].t + SECONDS_PER_DAY, from);
		time_format_date(p[i].t - SECONDS_PER_DAY, to);
		warn(quality, a->names[k], "no snapshots %s to %s (%lld days); "
		    "gains spread over the gap", from, to, (long long)gap);
	}
	if (n > 0 && a->opts.as_of - p[n - 1].t > 2 * SECONDS_PER_DAY)
		warn(quality, a->names[k], "the newest snapshot is %lld days "
		    "old: growth and milestones describe then, not now",
		    (long long)((a->opts.as_of - p[n - 1].t) /
		    SECONDS_PER_DAY));
	if (store_series_quality(a->store, a->list[k].account.id, since,
	    a->opts.until, &rounded, &hidden, &cause) != 0)
		free(cause);
	if (rounded > 0)
		warn(quality, a->names[k], "follower counts are rounded by "
		    "the platform (%lld snapshots)", (long long)rounded);
	if (hidden > 0)
		warn(quality, a->names[k], "follower count hidden in %lld "
		    "snapshots (left out)", (long long)hidden);
}

static json_t *
account_row(struct analysis_ctx *a, size_t k, const struct follower_point *p,
    size_t n)
{
	int64_t	 now = a->opts.as_of;

	return (json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:I}", "account",
	    a->names[k], "followers", n > 0 ?
	    json_integer(p[n - 1].followers) : json_null(), "growth_7d",
	    growth(p, n, now, 7 * SECONDS_PER_DAY), "growth_30d",
	    growth(p, n, now, 30 * SECONDS_PER_DAY), "growth_365d",
	    growth(p, n, now, YEAR), "last_snapshot",
	    cmd_json_time(n > 0 ? p[n - 1].t : 0), "posts",
	    (json_int_t)a->list[k].posts));
}

/* Append the bursts that ended in the last year. */
static int
recent_bursts(struct analysis_ctx *a, size_t k, json_t *out)
{
	json_t	*all = json_array(), *b;
	char	 since[TIME_DATE_SIZE];
	size_t	 i;
	int	 rc;

	time_format_date(a->opts.as_of - YEAR, since);
	rc = analysis_bursts_out(a, k, all);
	json_array_foreach(all, i, b)
		if (strcmp(json_string_value(json_object_get(b, "end")),
		    since) >= 0)
			json_array_append(out, b);
	json_decref(all);
	return (rc);
}

/* Widen the page's data range to [from, to]. */
static void
data_range(json_t *page, int64_t from, int64_t to)
{
	const char	*old;
	char		 f[TIME_DATE_SIZE], t[TIME_DATE_SIZE];

	time_format_date(from, f);
	time_format_date(to, t);
	old = json_string_value(json_object_get(page, "data_from"));
	if (old == NULL || strcmp(f, old) < 0)
		json_object_set_new(page, "data_from", json_string(f));
	old = json_string_value(json_object_get(page, "data_to"));
	if (old == NULL || strcmp(t, old) > 0)
		json_object_set_new(page, "data_to", json_string(t));
}

/* Everything of one account on the page. */
static int
account_sections(struct analysis_ctx *a, size_t k, json_t *page)
{
	struct follower_point	*p = NULL;
	json_t			*m;
	char			*cause = NULL;
	size_t			 n;
	int			 rc = -1;

	if (analysis_load_group(a, k) != 0 ||
	    store_follower_series(a->store, a->list[k].account.id, 0,
	    a->opts.until, &p, &n, &cause) != 0)
		goto out;
	json_array_append_new(json_object_get(page, "accounts"),
	    account_row(a, k, p, n));
	if (n > 0)
		data_range(page, p[0].t, p[n - 1].t);
	if (a->list[k].account.platform != PLATFORM_RSS &&
	    (recent_bursts(a, k, json_object_get(page, "bursts")) != 0 ||
	    analysis_decay_out(a, k, json_object_get(page,
	    "effective_audience")) != 0 || analysis_topics_out(a, k,
	    json_object_get(page, "topics")) != 0))
		goto out;
	if ((m = milestone(a->names[k], p, n, a->opts.as_of)) != NULL)
		json_array_append_new(json_object_get(page, "milestones"), m);
	series_warnings(a, k, p, n, json_object_get(page, "data_quality"));
	rc = 0;
out:
	free(cause);
	free(p);
	return (rc);
}

static int64_t
reposts_now(const struct post_input *p)
{
	return (p->nmetrics > 0 ? p->metrics[p->nmetrics - 1].reposts : -1);
}

static int
cmp_reposts(const void *a, const void *b)
{
	int64_t	 x = reposts_now(*(const struct post_input *const *)a);
	int64_t	 y = reposts_now(*(const struct post_input *const *)b);

	return ((y > x) - (y < x));
}

/* The group's most reshared posts of the last 30 days. */
static json_t *
top_posts(struct analysis_ctx *a)
{
	const struct post_input	**recent, *p;
	json_t			*out = json_array();
	size_t			 i, m = 0;

	recent = xcalloc(a->posts.n + 1, sizeof *recent);
	for (i = 0; i < a->posts.n; i++) {
		p = &a->posts.posts[i];
		if (p->published_at >= a->opts.as_of - 30 * SECONDS_PER_DAY &&
		    reposts_now(p) >= 0)
			recent[m++] = p;
	}
	qsort(recent, m, sizeof *recent, cmp_reposts);
	for (i = 0; i < m && i < TOP_POSTS; i++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:o, s:o, "
		    "s:o, s:I}", "account", a->names[recent[i]->account],
		    "post_id", recent[i]->remote_id, "title",
		    cmd_json_string(recent[i]->title), "url",
		    cmd_json_string(recent[i]->url), "published_at",
		    cmd_json_time(recent[i]->published_at), "reposts",
		    (json_int_t)reposts_now(recent[i])));
	free(recent);
	return (out);
}

/* Accounts whose last fetches failed. */
static void
fetch_warnings(struct analysis_ctx *a, const char *group, json_t *quality)
{
	struct account_health	*h;
	char			*cause = NULL, *name, good[TIME_ISO_SIZE];
	size_t			 n, i;

	if (store_accounts_health(a->store, &h, &n, &cause) != 0) {
		free(cause);
		return;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(h[i].account.group, group) != 0 ||
		    h[i].failures_in_a_row == 0 || h[i].last_error == NULL)
			continue;
		name = account_name(&h[i].account);
		if (h[i].last_fetched_at != 0)
			time_format(h[i].last_fetched_at, good);
		else
			strcpy(good, "never");
		warn(quality, name, "last %d snapshot run%s failed (%s); last "
		    "good %s", h[i].failures_in_a_row,
		    h[i].failures_in_a_row == 1 ? "" : "s", h[i].last_error,
		    good);
		free(name);
	}
	store_accounts_health_free(h, n);
}

static int
cmp_newest_first(const void *a, const void *b)
{
	json_t	*x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int	 c;

	c = strcmp(json_string_value(json_object_get(y, "start")),
	    json_string_value(json_object_get(x, "start")));
	if (c == 0)
		c = strcmp(json_string_value(json_object_get(x, "account")),
		    json_string_value(json_object_get(y, "account")));
	return (c);
}

/* The group's bursts, whichever account they are on, newest first. */
static void
sort_newest_first(json_t *bursts)
{
	json_t	**v;
	size_t	  i, n = json_array_size(bursts);

	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(bursts, i));
	qsort(v, n, sizeof *v, cmp_newest_first);
	json_array_clear(bursts);
	for (i = 0; i < n; i++)
		json_array_append_new(bursts, v[i]);
	free(v);
}

static json_t *
page_new(const char *group, int64_t as_of)
{
	return (json_pack("{s:s, s:o, s:n, s:n, s:[], s:[], s:[], s:[], "
	    "s:[], s:[], s:[]}", "group", group, "as_of",
	    cmd_json_time(as_of), "data_from", "data_to", "accounts",
	    "bursts", "effective_audience", "topics", "top_posts",
	    "milestones", "data_quality"));
}

/* The page of the group of account k, covering its picked accounts. */
static json_t *
group_page(struct analysis_ctx *a, size_t k)
{
	const char	*group = a->list[k].account.group;
	json_t		*page;
	size_t		 j;

	page = page_new(group, a->opts.as_of);
	for (j = k; j < a->n; j++) {
		if (strcmp(a->list[j].account.group, group) != 0)
			break;
		if (a->picked[j] && account_sections(a, j, page) != 0) {
			json_decref(page);
			return (NULL);
		}
	}
	sort_newest_first(json_object_get(page, "bursts"));
	json_object_set_new(page, "top_posts", top_posts(a));
	fetch_warnings(a, group, json_object_get(page, "data_quality"));
	return (page);
}

static enum cmd_retval
cmd_report_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct analysis_ctx	 a;
	enum cmd_format		 format;
	json_t			*pages = NULL, *page;
	size_t			 i, j;
	enum cmd_retval		 rc;

	rc = analysis_start(ctx, argc, argv, FORMAT_BIT(FORMAT_TEXT) |
	    FORMAT_BIT(FORMAT_JSON) | FORMAT_BIT(FORMAT_MARKDOWN), NULL, &a);
	if (rc != CMD_OK)
		goto out;
	rc = CMD_ERROR;
	/* The sections come as JSON; the page is rendered from that. */
	format = a.opts.format;
	a.opts.format = FORMAT_JSON;
	pages = json_array();
	/* Accounts come sorted by group: a group is a run of them. */
	for (i = 0; i < a.n; i = j) {
		for (j = i; j < a.n && strcmp(a.list[j].account.group,
		    a.list[i].account.group) == 0; j++)
			;
		for (; i < j && !a.picked[i]; i++)
			;
		if (i == j)
			continue;
		if ((page = group_page(&a, i)) == NULL)
			goto out;
		json_array_append_new(pages, page);
	}
	json_array_foreach(pages, i, page) {
		if (format == FORMAT_MARKDOWN)
			report_render_markdown(page);
		else if (format == FORMAT_TEXT)
			report_render_text(page);
	}
	if (json_array_size(pages) == 0 && format != FORMAT_JSON)
		printf("no accounts with data: import history or take a "
		    "snapshot first\n");
	if (format == FORMAT_JSON) {
		json_dumpf(pages, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	}
	rc = CMD_OK;
out:
	json_decref(pages);
	analysis_end(&a);
	return (rc);
}
