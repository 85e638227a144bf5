/*
 * What the report's page shows beyond the analyses: the next follower
 * milestone, the group's top posts, and what in the data to distrust
 * (snapshot gaps, stale, rounded or hidden counts, failing fetches).
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/attribute.h"
#include "analyze/engagement.h"
#include "analyze/series.h"
#include "analyze/stats.h"
#include "cmd/analysis.h"
#include "cmd/report.h"
#include "cmd/results.h"
#include "store/store.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define GAP_DAYS	3	/* a longer silence of the cron is reported */
#define TOP_POSTS	5

/*
 * Round-number milestones: 100, 250, 500, 1k, 2.5k, 5k, 10k ... up to
 * 5 * 10^18, past any count (COUNT_MAX is 10^15); NAN beyond.
 */
static double
next_milestone(double followers)
{
	static const double	 steps[] = { 1, 2.5, 5 };
	double			 e;
	int			 i;

	for (e = 100; e < 1e19; e *= 10)
		for (i = 0; i < 3; i++)
			if (steps[i] * e > followers)
				return (steps[i] * e);
	return (NAN);
}

/* The time days after now; 0 when that is not within ten years. */
static int64_t
time_in(int64_t now, double days)
{
	if (!isfinite(days) || days < 0 || days > 3650)
		return (0);
	return (now + (int64_t)(days * SECONDS_PER_DAY));
}

/*
 * The 30-day growth rates of the last 90 days give the median date and
 * an 80% interval (the fastest and slowest tenth of the rates left out).
 */
int
report_milestone(const char *account, const struct follower_point *p,
    size_t n, int64_t now, struct report_milestone *out)
{
	double	 rates[60], f, m, a, b;
	size_t	 k = 0;
	int	 d;

	if (n == 0)
		return (0);
	f = (double)p[n - 1].followers;
	m = next_milestone(f);
	if (isnan(m))
		return (0);
	for (d = 0; d < 60; d++) {
		a = followers_at(p, n, now - (int64_t)d * SECONDS_PER_DAY);
		b = followers_at(p, n, now - (int64_t)(d + 30) *
		    SECONDS_PER_DAY);
		if (a >= 0 && b >= 0)
			rates[k++] = (a - b) / 30;
	}
	if (k < 10)
		return (0);
	qsort(rates, k, sizeof *rates, stats_cmp_double);
	out->account = account;
	out->followers = p[n - 1].followers;
	out->milestone = count_clamp(m);
	out->per_day = round(rates[k / 2] * 100) / 100;
	out->date = time_in(now, rates[k / 2] > 0 ? (m - f) / rates[k / 2] :
	    NAN);
	out->earliest = time_in(now, rates[k * 9 / 10] > 0 ?
	    (m - f) / rates[k * 9 / 10] : NAN);
	out->latest = time_in(now, rates[k / 10] > 0 ?
	    (m - f) / rates[k / 10] : NAN);
	return (1);
}

static void
warn(struct report_page *pg, const char *account, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
warn(struct report_page *pg, const char *account, const char *fmt, ...)
{
	struct report_warning	*w;
	va_list			 ap;

	pg->warnings = xreallocarray(pg->warnings, pg->nwarnings + 1,
	    sizeof *pg->warnings);
	w = &pg->warnings[pg->nwarnings++];
	w->account = xstrdup(account);
	va_start(ap, fmt);
	w->text = xvasprintf(fmt, ap);
	va_end(ap);
}

/* Whole days without a snapshot count as a gap; partial ones do not. */
void
report_series_warnings(struct analysis_ctx *a, size_t k,
    const struct follower_point *p, size_t n, struct report_page *pg)
{
	char	 from[TIME_DATE_SIZE], to[TIME_DATE_SIZE], *cause = NULL;
	int64_t	 since = a->opts.as_of - REPORT_YEAR, rounded = 0, hidden = 0;
	int64_t	 gap;
	size_t	 i;

	for (i = 1; i < n; i++) {
		/* Whole days with no snapshot between the two. */
		gap = p[i].t / SECONDS_PER_DAY - p[i - 1].t / SECONDS_PER_DAY -
		    1;
		if (p[i].t < since || gap < GAP_DAYS)
			continue;
		time_format_local_date(p[i - 1].t + SECONDS_PER_DAY, from);
		time_format_local_date(p[i].t - SECONDS_PER_DAY, to);
		warn(pg, a->names[k], "no snapshots %s to %s (%lld days); "
		    "gains spread over the gap", from, to, (long long)gap);
	}
	/* Two of the platform's snapshot intervals missed: stale. */
	if (n > 0 && a->opts.as_of - p[n - 1].t >
	    2 * a->list[k].account.platform->snapshot_every)
		warn(pg, a->names[k], "the newest snapshot is %lld days "
		    "old: growth and milestones describe then, not now",
		    (long long)((a->opts.as_of - p[n - 1].t) /
		    SECONDS_PER_DAY));
	if (store_series_quality(a->store, a->list[k].account.id, since,
	    a->opts.until, &rounded, &hidden, &cause) != 0) {
		warn(pg, a->names[k], "cannot tell rounded or hidden counts: "
		    "%s", cause);
		free(cause);
	}
	if (rounded > 0)
		warn(pg, a->names[k], "follower counts are rounded by "
		    "the platform (%lld snapshots)", (long long)rounded);
	if (hidden > 0)
		warn(pg, a->names[k], "follower count hidden in %lld "
		    "snapshots (left out)", (long long)hidden);
}

static int64_t
reposts_now(const struct post *p)
{
	return (p->nmetrics > 0 ? p->metrics[p->nmetrics - 1].reposts : -1);
}

static int
cmp_reposts(const void *a, const void *b)
{
	int64_t	 x = reposts_now(*(const struct post *const *)a);
	int64_t	 y = reposts_now(*(const struct post *const *)b);

	return ((y > x) - (y < x));
}

/* Posts without a metric snapshot have no repost count to rank by. */
void
report_top_posts(struct analysis_ctx *a, struct report_page *pg)
{
	const struct post	**recent, *p;
	size_t			 i, m = 0;

	recent = xcalloc(a->posts.n + 1, sizeof *recent);
	for (i = 0; i < a->posts.n; i++) {
		p = &a->posts.posts[i];
		if (p->published_at >= a->opts.as_of - 30 * SECONDS_PER_DAY &&
		    reposts_now(p) >= 0)
			recent[m++] = p;
	}
	qsort(recent, m, sizeof *recent, cmp_reposts);
	pg->top_posts = xcalloc(TOP_POSTS, sizeof *pg->top_posts);
	for (i = 0; i < m && i < TOP_POSTS; i++) {
		analysis_post_ref(a, (size_t)(recent[i] - a->posts.posts),
		    &pg->top_posts[i].post);
		pg->top_posts[i].reposts = reposts_now(recent[i]);
		pg->ntop_posts++;
	}
	free(recent);
}

/*
 * A store that cannot say how fetches went costs the page no more than
 * a warning that says so.
 */
void
report_fetch_warnings(struct analysis_ctx *a, const char *group,
    struct report_page *pg)
{
	struct account_health	*h;
	char			*cause = NULL, *name, good[TIME_ISO_SIZE];
	size_t			 n, i;

	if (store_accounts_health(a->store, &h, &n, &cause) != 0) {
		warn(pg, group, "cannot tell how the last fetches went: %s",
		    cause);
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
		warn(pg, name, "last %d snapshot run%s failed (%s); last "
		    "good %s", h[i].failures_in_a_row,
		    h[i].failures_in_a_row == 1 ? "" : "s", h[i].last_error,
		    good);
		free(name);
	}
	store_accounts_health_free(h, n);
}
