/*
 * Kaplan-Meier survival of followers, on cases small enough to check by
 * hand: censoring, ties of events with events and with censorings,
 * delayed entry, the log-log interval and its edges, and the census's
 * followers turned into ages (follow times from the walks, those there
 * before the census left out, losses at midpoints, activity from the
 * newest check, nothing after the as-of time, no number past the ages
 * watched).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "analyze/stats.h"
#include "analyze/survival.h"

#define DAY	86400
#define NEAR(a, b)	CHECK(fabs((a) - (b)) < 1e-9)
#define NEAR4(a, b)	CHECK(fabs((a) - (b)) < 1e-4)

static void
km_at(const struct survival_subject *s, size_t n, double age,
    struct survival_km *km)
{
	struct survival_table	 tb;

	survival_table_build(s, n, &tb);
	survival_table_at(&tb, age, km);
	survival_table_free(&tb);
}

/* Six followers, three losses (two at one age), three censored. */
static void
test_censoring_and_ties(void)
{
	const struct survival_subject s[] = {
		{ 0, 1, 1 }, { 0, 2, 0 }, { 0, 3, 1 }, { 0, 3, 1 },
		{ 0, 4, 0 }, { 0, 5, 1 },
	};
	struct survival_km	 km;

	km_at(s, 6, 0.5, &km);
	NEAR(km.s, 1);
	CHECK_INT(km.at_risk, 6);
	km_at(s, 1, 1, &km);	/* one subject, lost at 1 */
	NEAR(km.s, 0);
	km_at(s, 6, 2, &km);
	NEAR(km.s, 5.0 / 6);
	NEAR(km.var, 1.0 / 30);
	CHECK_INT(km.at_risk, 5);
	km_at(s, 6, 3, &km);	/* 4 at risk at 3, 2 lost */
	NEAR(km.s, 5.0 / 12);
	NEAR(km.var, 1.0 / 30 + 2.0 / 8);
	CHECK_INT(km.at_risk, 4);
	km_at(s, 6, 4.5, &km);
	NEAR(km.s, 5.0 / 12);
	CHECK_INT(km.at_risk, 1);
	CHECK(km.reached);
	km_at(s, 6, 9, &km);	/* all gone by 5: 0, known */
	NEAR(km.s, 0);
	CHECK(km.reached);
	CHECK_INT(km.edge_n, 1);
}

/* A censoring at an event's age is still at risk there. */
static void
test_censored_at_an_event_stays_at_risk(void)
{
	const struct survival_subject s[] = {
		{ 0, 2, 1 }, { 0, 2, 0 }, { 0, 4, 1 },
	};
	struct survival_km	 km;

	km_at(s, 3, 2, &km);
	NEAR(km.s, 2.0 / 3);
	km_at(s, 3, 4, &km);
	NEAR(km.s, 0);
}

/*
 * Delayed entry: C comes under watch at 12, so it is not at risk at A's
 * loss at 10 (2 at risk, not 3), and at 15 it and B are.
 */
static void
test_delayed_entry(void)
{
	const struct survival_subject s[] = {
		{ 0, 10, 1 },	/* A */
		{ 5, 20, 0 },	/* B */
		{ 12, 15, 1 },	/* C */
		{ 0, 3, 0 },	/* D */
	};
	struct survival_km	 km;

	km_at(s, 4, 10, &km);
	NEAR(km.s, 0.5);
	NEAR(km.var, 0.5);
	km_at(s, 4, 12, &km);	/* entry excluded: C not yet */
	CHECK_INT(km.at_risk, 1);
	km_at(s, 4, 15, &km);
	NEAR(km.s, 0.25);
	NEAR(km.var, 1.0);
	CHECK_INT(km.at_risk, 2);
	km_at(s, 4, 20, &km);
	CHECK(km.reached);
	km_at(s, 4, 25, &km);	/* no one watched so long: no number */
	CHECK(!km.reached);
	CHECK_INT(km.at_risk, 0);
}

static void
test_interval(void)
{
	double	 lo, hi;

	survival_interval(0.5, 0.5, 2, STATS_Z90, &lo, &hi);
	NEAR4(lo, 0.024438);
	NEAR4(hi, 0.878582);
	/* No loss among 10: the exact bound, 0.05^(1/10). */
	survival_interval(1, 0, 10, STATS_Z90, &lo, &hi);
	NEAR4(lo, 0.741134);
	NEAR(hi, 1);
	survival_interval(0, 0, 3, STATS_Z90, &lo, &hi);
	NEAR(lo, 0);
	NEAR4(hi, 1 - 0.368403);
	survival_interval(0.5, 0.5, 0, STATS_Z90, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi));
}

/*
 * The census's followers, times in days: as of day 100, the last whole
 * walk on day 98.
 *   F1 came between walks on days 0 and 2 (follows on day 1), last
 *      listed on 40, found gone on 50: lost on 45, at age 44; posted on
 *      35 as checked on 40 (active then: watched to 39).
 *   F2 was there when the census began: no follow time, left out.
 *   F3 followed on day 10 (known), first listed on 20: in at age 10,
 *      listed on 100: censored at 90; never checked.
 *   F4 follows on 5, listed on 98: censored at 93; posted on 90 as
 *      checked on 98: active.
 *   F5 follows on 5, listed on 100: censored at 95; last posted on 20
 *      as checked on 100: quiet from day 50, at age 45.
 *   F6 follows on 29, listed last on 120 and gone on 150, both after
 *      as of: known to follow at the whole walk of 98 (age 69); its
 *      check (on 120, a post on 110) tells nothing of day 100.
 *   F7 is first listed on 101, after as of: not there yet.
 */
static void
test_followers(void)
{
	const struct survival_follower f[] = {
		/* after a walk at 1 s: 0 would be from before the census */
		{ 0, 1, 2 * DAY, 40 * DAY, 50 * DAY, 35 * DAY, 40 * DAY },
		{ 0, 0, 0, 100 * DAY, 0, 90 * DAY, 100 * DAY },
		{ 10 * DAY, 0, 20 * DAY, 100 * DAY, 0, 0, 0 },
		{ 0, 4 * DAY, 6 * DAY, 98 * DAY, 0, 90 * DAY, 98 * DAY },
		{ 0, 4 * DAY, 6 * DAY, 100 * DAY, 0, 20 * DAY, 100 * DAY },
		{ 0, 28 * DAY, 30 * DAY, 120 * DAY, 150 * DAY, 110 * DAY,
		    120 * DAY },
		{ 0, 100 * DAY, 101 * DAY, 101 * DAY, 0, 0, 0 },
	};
	struct survival_input	 in;
	struct survival_result	 r;
	const struct survival_point *p;

	in.f = f;
	in.n = sizeof f / sizeof f[0];
	in.as_of = 100 * DAY;
	in.last_full = 98 * DAY;
	survival_estimate(&in, &r);
	CHECK_INT(r.used, 5);
	CHECK_INT(r.excluded, 1);
	CHECK_INT(r.checked, 3);

	p = &r.points[0];	/* 30 days: nobody lost, nobody quiet */
	CHECK_INT(p->age_days, 30);
	NEAR(p->following, 1);
	CHECK_INT(p->at_risk, 5);
	NEAR4(p->following_lo, pow(0.05, 1.0 / 5));
	NEAR(p->active, 1);
	CHECK_INT(p->active_at_risk, 3);
	NEAR4(p->active_lo, 0.368403);
	CHECK(p->note == NULL);

	p = &r.points[1];	/* 90 days: F1 lost of 5; F5 quiet of 2 */
	NEAR4(p->following, 0.8);
	NEAR4(p->following_lo, 0.313520);
	NEAR4(p->following_hi, 0.957979);
	CHECK_INT(p->at_risk, 3);
	NEAR4(p->active, 0.4);
	NEAR4(p->active_lo, 0.031147);
	NEAR4(p->active_hi, 0.785038);
	CHECK_INT(p->active_at_risk, 1);

	p = &r.points[2];	/* 365 days: nobody watched so long */
	CHECK(isnan(p->following) && isnan(p->active));
	CHECK(p->note != NULL);

	/* Day by day to 95, the oldest age watched; the loss at 44. */
	CHECK_INT(r.ncurve, 96);
	NEAR(r.curve[43], 1);
	NEAR4(r.curve[44], 0.8);
	NEAR4(r.curve[95], 0.8);
	survival_result_release(&r);
}

/* Only followers from before the census: no ages, and it says so. */
static void
test_no_follow_times(void)
{
	const struct survival_follower f[] = {
		{ 0, 0, 10 * DAY, 100 * DAY, 0, 90 * DAY, 100 * DAY },
	};
	struct survival_input	 in = { f, 1, 100 * DAY, 100 * DAY };
	struct survival_result	 r;

	survival_estimate(&in, &r);
	CHECK_INT(r.used, 0);
	CHECK_INT(r.excluded, 1);
	CHECK(isnan(r.points[0].following));
	CHECK_STR(r.points[0].note, "no follower whose follow time is known");
	CHECK_INT(r.ncurve, 0);
	survival_result_release(&r);
}

/* Followers never checked: the following share, no active one. */
static void
test_no_activity(void)
{
	const struct survival_follower f[] = {
		{ 0, 1, 2 * DAY, 60 * DAY, 0, 0, 0 },
		{ 0, 1, 2 * DAY, 20 * DAY, 30 * DAY, 0, 0 },
	};
	struct survival_input	 in = { f, 2, 60 * DAY, 60 * DAY };
	struct survival_result	 r;

	survival_estimate(&in, &r);
	/* Lost on day 25, at 24 (of 2); the other watched to 59. */
	NEAR4(r.points[0].following, 0.5);
	CHECK(isnan(r.points[0].active));
	CHECK_STR(r.points[0].note, "no follower's activity checked");
	CHECK(isnan(r.points[1].following));
	survival_result_release(&r);
}

int
main(void)
{
	test_censoring_and_ties();
	test_censored_at_an_event_stays_at_risk();
	test_delayed_entry();
	test_interval();
	test_followers();
	test_no_follow_times();
	test_no_activity();
	return (CHECK_DONE());
}
