/*
 * Counts at the bound (COUNT_MAX, 10^15) through every analysis: bursts,
 * engagement rates, attribution, topics, decay, the report's milestone
 * and the numbers the outputs round. Run under UBSan in the sanitizer
 * build, where a signed overflow stops the test; here each result is
 * checked to be whole, finite and in range. Counts past the bound (a
 * database written before it was kept) must not be undefined either.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/attribute.h"
#include "analyze/decay.h"
#include "analyze/engagement.h"
#include "analyze/series.h"
#include "analyze/topics.h"
#include "check.h"
#include "cmd/report.h"
#include "cmd/results.h"
#include "util/text.h"

#define DAY	86400
#define START	1735689600	/* 2025-01-01 */
#define NDAYS	365

static void
test_clamp(void)
{
	char	 s[40];

	CHECK_INT(count_clamp(NAN), 0);
	CHECK_INT(count_clamp(1.9), 1);
	CHECK_INT(count_clamp(-1.9), -1);
	CHECK_INT(count_clamp(1e15), COUNT_MAX);
	CHECK_INT(count_clamp(9223372036854775807.0), INT64_MAX);
	CHECK_INT(count_clamp(1e300), INT64_MAX);
	CHECK_INT(count_clamp(INFINITY), INT64_MAX);
	CHECK_INT(count_clamp(-1e300), -INT64_MAX);
	CHECK_INT(count_clamp(9223372036854774784.0), 9223372036854774784LL);
	text_thousands(COUNT_MAX, s, sizeof s);
	CHECK_STR(s, "1,000,000,000,000,000");
	text_thousands(INT64_MAX, s, sizeof s);
	CHECK_STR(s, "9,223,372,036,854,775,807");
	text_thousands(INT64_MIN, s, sizeof s);
	CHECK_STR(s, "-9,223,372,036,854,775,808");
}

/* The outputs' rounding: as before in range, and defined beyond it. */
static void
test_rounding(void)
{
	double	 v;

	CHECK(analysis_round_half_up(2.345, 100) == 2.35);
	CHECK(analysis_round_half_up(0.6664, 1000) == 0.666);
	CHECK(analysis_round_half_up(0.75, 1) == 1);
	/* A topic's index of 10^30 (10^15 engagement on one follower
	   against 10^-15 of a typical post) times 100. */
	v = analysis_round_half_up(4e30, 100);
	CHECK(isfinite(v) && fabs(v / 4e30 - 1) < 1e-12);
	v = analysis_round_half_up(1e300, 10);
	CHECK(isfinite(v) && v > 0);
}

/* A daily series: f(day). */
static size_t
series(struct follower_point *p, int64_t (*f)(int))
{
	int	 d;

	for (d = 0; d < NDAYS; d++) {
		p[d].t = START + (int64_t)d * DAY + 6 * 3600;
		p[d].followers = f(d);
		p[d].rounded = 0;
	}
	return (NDAYS);
}

/* Near the bound, a steady rise with a burst of 5 * 10^7 on day 200. */
static int64_t
near_bound(int d)
{
	return (COUNT_MAX - 1000000000 + (int64_t)d * 1000000 +
	    (d >= 200 ? 50000000 : 0) + (d % 7) * 1000);
}

/* From 0 to the bound and back every ten days. */
static int64_t
swing(int d)
{
	return (d % 20 >= 10 ? COUNT_MAX : 0);
}

/* Past the bound, as a database kept before it may hold. */
static int64_t
past_bound(int d)
{
	return (d % 20 >= 10 ? INT64_MAX : INT64_MAX - COUNT_MAX);
}

static void
check_bursts(const struct follower_point *p, size_t n, int64_t most,
    size_t want_at_least)
{
	struct burst	*b;
	size_t		 nb, i;

	nb = bursts_detect(p, n, NULL, &b);
	CHECK(nb >= want_at_least);
	for (i = 0; i < nb; i++) {
		CHECK(isfinite(b[i].gained) && isfinite(b[i].excess) &&
		    isfinite(b[i].score) && isfinite(b[i].baseline_per_day));
		CHECK(b[i].gained > 0 && b[i].gained <= (double)most);
		CHECK(b[i].excess <= b[i].gained);
		CHECK(b[i].start_day <= b[i].end_day);
		CHECK(count_clamp(b[i].excess + 0.5) >= 0);
	}
	free(b);
}

static void
test_bursts(void)
{
	struct follower_point	 p[NDAYS];
	size_t			 n;

	n = series(p, near_bound);
	check_bursts(p, n, COUNT_MAX, 1);
	n = series(p, swing);
	check_bursts(p, n, COUNT_MAX, 10);
	n = series(p, past_bound);
	check_bursts(p, n, INT64_MAX, 0);
}

/* A post with engagement e in every count, measured at 1, 7, 14 days. */
static void
post_at(struct post *p, struct metric_point *m, int day, int account,
    int64_t e)
{
	int	 k;

	memset(p, 0, sizeof *p);
	p->published_at = START + (int64_t)day * DAY + 9 * 3600;
	p->account = account;
	p->kind = "post";
	p->remote_id = "1";
	for (k = 0; k < 3; k++) {
		m[k].t = p->published_at + (k == 0 ? 1 : k == 1 ? 7 : 14) * DAY;
		m[k].likes = m[k].reposts = m[k].replies = m[k].quotes = e;
		m[k].views = m[k].bookmarks = e;
	}
	p->metrics = m;
	p->nmetrics = 3;
}

static int64_t
one_then_bound(int d)
{
	return (d < 30 ? 1 : COUNT_MAX);
}

#define NPOSTS	120

/*
 * Engagement of 4 * 10^15 on one follower, then 4 on 10^15: rates of
 * 4 * 10^15 and 4 * 10^-15, a topic index near 10^30; attribution of a
 * burst of 10^15 to posts engaging 10^15 times.
 */
static void
test_posts(void)
{
	static struct post		 posts[NPOSTS];
	static struct metric_point	 m[NPOSTS][3];
	static struct topic_post	 tp[NPOSTS];
	static char			*huge[] = { "huge" }, *small[] = {
					    "small" };
	struct follower_point		 p[NDAYS];
	struct attribution		 at[ATTRIBUTE_MAX];
	int64_t				 newcomers;
	struct topic			*t;
	struct burst			 b;
	const char			*names[] = { "x:bound" };
	double				 r, share = 0;
	size_t				 n, i, k, nt;

	n = series(p, one_then_bound);
	for (i = 0; i < NPOSTS; i++) {
		post_at(&posts[i], m[i], (int)(3 * i), 0, i < 10 ? COUNT_MAX :
		    1);
		tp[i].rate = engagement_rate(&posts[i], p, n);
		CHECK(tp[i].rate > 0 && isfinite(tp[i].rate));
		tp[i].tags = i < 10 ? huge : small;
		tp[i].ntags = 1;
		tp[i].followers = (double)COUNT_MAX * 9000;
	}
	r = engagement_rate(&posts[0], p, n);
	CHECK(r == 4.0 * COUNT_MAX);
	nt = topics_rank(tp, NPOSTS, &t);
	CHECK_INT(nt, 2);
	for (k = 0; k < nt; k++) {
		CHECK(isnan(t[k].index) || (t[k].index >= 0 &&
		    isfinite(analysis_round_half_up(t[k].index, 100))));
		CHECK(count_clamp(t[k].followers + 0.5) > 0);
	}
	CHECK(nt > 0 && strcmp(t[0].tag, "huge") == 0 && t[0].index > 1e29);
	free(t);

	memset(&b, 0, sizeof b);
	b.start_day = b.peak_day = START / DAY + 30;
	b.end_day = b.start_day + 1;
	b.gained = b.excess = (double)COUNT_MAX;
	b.baseline_per_day = 0;
	b.score = (double)COUNT_MAX;
	n = attribute_burst(&b, 0, posts, NPOSTS, names, NULL, at,
	    &newcomers);
	CHECK(n > 0);
	CHECK_INT(newcomers, -1);
	for (k = 0; k < n; k++) {
		CHECK(at[k].share >= 0 && at[k].share <= 1);
		share += at[k].share;
		CHECK(utf8_valid(at[k].why, strlen(at[k].why)));
	}
	CHECK(share <= 1 + 1e-9);
}

/* Rates from counts at the bound, from 10^-15 to 4 * 10^15. */
static void
test_decay(void)
{
	static struct decay_obs	 o[200];
	struct decay_fit	 f;
	double			 fr, lo, hi;
	size_t			 i;

	for (i = 0; i < 200; i++) {
		o[i].gap_days = i % 10 == 0 ? 30 : (i % 3 == 0 ? 0.5 : 1.5);
		o[i].rate = i % 2 ? 4.0 * COUNT_MAX : 1.0 / COUNT_MAX;
		o[i].adjust = 1;
		o[i].group = 0;
	}
	if (decay_fit(o, 200, 1, &f) == 0) {
		fr = decay_fraction(&f, 30);
		decay_fraction_ci(&f, 30, &lo, &hi);
		CHECK(fr >= 0 && fr <= 1 && lo <= hi);
	} else
		CHECK(f.note != NULL);
}

/* Milestones past 5 * 10^11, where the round numbers ran out. */
static void
test_milestone(void)
{
	struct follower_point	 p[NDAYS];
	struct report_milestone	 m;
	int64_t			 now;
	size_t			 n, i;

	n = series(p, near_bound);
	now = p[n - 1].t;
	memset(&m, 0, sizeof m);
	CHECK_INT(report_milestone("x:bound", p, n, now, &m), 1);
	CHECK_INT(m.followers, p[n - 1].followers);
	CHECK_INT(m.milestone, COUNT_MAX);
	CHECK(m.per_day > 0 && m.date > now);
	p[n - 1].followers = COUNT_MAX;
	CHECK_INT(report_milestone("x:bound", p, n, now, &m), 1);
	CHECK_INT(m.milestone, 2500000000000000LL);
	for (i = 0; i < n; i++)
		p[i].followers = 600000000000LL + (int64_t)i * 1000;
	CHECK_INT(report_milestone("x:bound", p, n, now, &m), 1);
	CHECK_INT(m.milestone, 1000000000000LL);
	/* Past every round number: no milestone, nothing undefined. */
	n = series(p, past_bound);
	CHECK_INT(report_milestone("x:bound", p, n, p[n - 1].t, &m), 0);
}

int
main(void)
{
	test_clamp();
	test_rounding();
	test_bursts();
	test_posts();
	test_decay();
	test_milestone();
	return (CHECK_DONE());
}
