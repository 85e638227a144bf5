/*
 * Burst detection on synthetic series: a clear burst is found with its
 * window; a normal rate over an outage, a one-day purge, a weekly rhythm
 * and a slowly rising baseline are not bursts; with hourly snapshots, a
 * burst is placed within its day.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "analyze/series.h"
#include "check.h"

#define DAY	86400
#define START	1735689600	/* 2025-01-01 */
#define DAYS	300

static uint64_t rng_state = 42;

/* A small deterministic PRNG (splitmix64) for repeatable series. */
static double
uniform(void)
{
	uint64_t	 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return ((double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0);
}

/* Poisson by inversion: fine for the small rates used here. */
static int
poisson(double mean)
{
	double	 l = exp(-mean), p = 1;
	int	 k = 0;

	do {
		k++;
		p *= uniform();
	} while (p > l);
	return (k - 1);
}

struct scenario {
	double	 base;		/* daily gain */
	double	 slope;		/* added per day */
	int	 weekly;	/* weekends at half rate */
	int	 burst_day;	/* -1: none */
	int	 burst_size;	/* extra followers over three days */
	int	 outage_from;	/* -1: none; else 9 days without rows */
	int	 purge_day;	/* -1: none */
};

static size_t
make_series(const struct scenario *sc, struct follower_point *p)
{
	int64_t	 followers = 1000;
	double	 rate;
	size_t	 n = 0;
	int	 d;

	for (d = 0; d < DAYS; d++) {
		rate = sc->base + sc->slope * d;
		if (sc->weekly && (d % 7 == 3 || d % 7 == 4))
			rate /= 2;
		followers += poisson(rate);
		if (d == sc->burst_day)
			followers += sc->burst_size * 6 / 10;
		if (d == sc->burst_day + 1)
			followers += sc->burst_size * 3 / 10;
		if (d == sc->burst_day + 2)
			followers += sc->burst_size / 10;
		if (d == sc->purge_day)
			followers -= followers / 50;
		if (sc->outage_from >= 0 && d >= sc->outage_from &&
		    d < sc->outage_from + 9)
			continue;
		p[n].t = START + (int64_t)d * DAY + 6 * 3600 + 600;
		p[n].followers = followers;
		p[n].rounded = 0;
		n++;
	}
	return (n);
}

static size_t
detect(const struct scenario *sc, struct burst **b)
{
	struct follower_point	 p[DAYS];
	size_t			 n;

	n = make_series(sc, p);
	return (bursts_detect(p, n, NULL, b));
}

static void
test_clear_burst(void)
{
	struct scenario	 sc = { 10, 0, 0, 150, 120, -1, -1 };
	struct burst	*b;
	size_t		 n;

	n = detect(&sc, &b);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK(b[0].start_day <= START / DAY + 150 + 1);
		CHECK(b[0].end_day >= START / DAY + 150);
		CHECK(b[0].end_day <= START / DAY + 153);
		CHECK(b[0].excess > 90 && b[0].excess < 150);
		CHECK(b[0].baseline_per_day > 5 && b[0].baseline_per_day < 15);
		CHECK(b[0].score > 5);
	}
	free(b);
}

static void
test_quiet_series_has_none(void)
{
	static const struct scenario cases[] = {
		{ 10, 0, 0, -1, 0, -1, -1 },	/* plain */
		{ 10, 0, 0, -1, 0, 100, -1 },	/* a 9-day outage */
		{ 10, 0, 0, -1, 0, -1, 120 },	/* a one-day purge */
		{ 20, 0, 1, -1, 0, -1, -1 },	/* weekly rhythm */
		{ 2, 0.1, 0, -1, 0, -1, -1 },	/* rising baseline */
		{ 0.3, 0, 0, -1, 0, -1, -1 },	/* sparse counts */
	};
	struct burst	*b;
	size_t		 i, n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = detect(&cases[i], &b);
		if (n != 0) {
			fprintf(stderr, "case %zu: %zu false bursts, first on "
			    "day %lld (score %.1f)\n", i, n,
			    (long long)(b[0].start_day - START / DAY),
			    b[0].score);
			check_failures++;
		}
		free(b);
	}
}

static void
test_burst_after_outage(void)
{
	struct scenario	 sc = { 10, 0, 1, 200, 150, 100, 60 };
	struct burst	*b;
	size_t		 n;

	n = detect(&sc, &b);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK(b[0].peak_day == START / DAY + 200);
	free(b);
}

/*
 * Hourly snapshots with a daily rhythm (quiet nights): no burst from the
 * rhythm, and a three-hour burst is placed within its day.
 */
static void
test_hourly_series(void)
{
	static struct follower_point p[DAYS * 24];
	struct burst	*b;
	int64_t		 followers = 500, burst_at;
	size_t		 n = 0, found;
	int		 d, h;

	burst_at = START + 150 * (int64_t)DAY + 14 * 3600;
	for (d = 0; d < DAYS; d++) {
		for (h = 0; h < 24; h++) {
			p[n].t = START + (int64_t)d * DAY + h * 3600;
			followers += poisson(h < 7 ? 0.1 : 0.7);
			/* 40 an hour from 14:00 to 17:00 on day 150 */
			if (p[n].t > burst_at && p[n].t <= burst_at + 3 * 3600)
				followers += 40;
			p[n++].followers = followers;
		}
	}
	found = bursts_detect(p, n, NULL, &b);
	CHECK_INT(found, 1);
	if (found == 1) {
		CHECK_INT(b[0].start_day, START / DAY + 150);
		CHECK_INT(b[0].end_day, START / DAY + 150);
		CHECK(b[0].start_time >= burst_at &&
		    b[0].start_time <= burst_at + 3600);
		CHECK(b[0].end_time >= burst_at + 2 * 3600 &&
		    b[0].end_time <= burst_at + 3 * 3600);
		CHECK(b[0].excess > 100 && b[0].excess < 140);
	}
	free(b);
}

/*
 * Hourly snapshots of a small account, a few followers a day and none
 * most hours: a normal hour's 5 or 6 are no burst, over 120 days and 6
 * seeds (a median of those hours is 0, so the rate must be a mean, and
 * a small count's tail is Poisson's, not a normal one).
 */
static void
test_sparse_hourly_has_none(void)
{
	static struct follower_point p[120 * 24];
	struct burst	*b;
	int64_t		 followers;
	size_t		 n, found, seed;
	int		 d, h;

	for (seed = 0; seed < 6; seed++) {
		rng_state = 1000 + seed;
		followers = 40;
		n = 0;
		for (d = 0; d < 120; d++)
			for (h = 0; h < 24; h++) {
				p[n].t = START + (int64_t)d * DAY + h * 3600;
				followers += poisson(h < 7 ? 0.1 : 0.7);
				p[n].followers = followers;
				p[n++].rounded = 0;
			}
		found = bursts_detect(p, n, NULL, &b);
		if (found != 0)
			fprintf(stderr, "sparse seed %zu: %zu false bursts, "
			    "first at %lld (+%.0f)\n", seed, found,
			    (long long)b[0].start_time, b[0].gained);
		CHECK_INT(found, 0);
		free(b);
	}
}

/*
 * Hourly snapshots with outages (two days, then half a day from 20:00)
 * at the usual rate: the gains over them are no bursts.
 */
static void
test_hourly_gap_is_no_burst(void)
{
	static struct follower_point p[90 * 24];
	struct burst	*b;
	int64_t		 followers = 3000, t;
	size_t		 n = 0, found;
	int		 d, h;

	rng_state = 99;
	for (d = 0; d < 90; d++)
		for (h = 0; h < 24; h++) {
			t = START + (int64_t)d * DAY + h * 3600;
			followers += poisson(h < 7 ? 2 : 9);
			if ((d == 40 || d == 41) ||
			    (d == 60 && h >= 20) || (d == 61 && h < 8))
				continue;
			p[n].t = t;
			p[n].followers = followers;
			p[n++].rounded = 0;
		}
	found = bursts_detect(p, n, NULL, &b);
	if (found != 0)
		fprintf(stderr, "hourly gaps: %zu bursts, first at %lld\n",
		    found, (long long)b[0].start_time);
	CHECK_INT(found, 0);
	free(b);
}

/* A standard normal draw (Box-Muller). */
static double
normal(void)
{
	double	 u = uniform();

	return (sqrt(-2 * log(u > 0 ? u : 1e-300)) *
	    cos(6.283185307179586 * uniform()));
}

/*
 * Hourly counts whose noise is heavier than Poisson (each hour's rate
 * off by a lognormal factor, as real mention and follower counts are):
 * its ordinary swings are not bursts, a two-hour burst of ten times the
 * rate is found, placed within its hours.
 */
static void
test_heavy_tailed_hourly(void)
{
	static struct follower_point p[60 * 24];
	struct burst	*b;
	int64_t		 followers = 5000, burst_at;
	size_t		 n = 0, found, i, hit = 0;
	int		 d, h;

	rng_state = 7;
	burst_at = START + 40 * (int64_t)DAY + 15 * 3600;
	for (d = 0; d < 60; d++)
		for (h = 0; h < 24; h++) {
			p[n].t = START + (int64_t)d * DAY + h * 3600;
			followers += poisson((h < 7 ? 20 : 60) *
			    exp(0.6 * normal() - 0.18));
			if (p[n].t > burst_at && p[n].t <= burst_at + 2 * 3600)
				followers += 600;
			p[n].followers = followers;
			p[n++].rounded = 0;
		}
	found = bursts_detect(p, n, NULL, &b);
	for (i = 0; i < found; i++)
		if (b[i].start_time <= burst_at + 2 * 3600 &&
		    b[i].end_time >= burst_at + 3600) {
			hit++;
			CHECK(b[i].start_time >= burst_at &&
			    b[i].end_time <= burst_at + 3 * 3600);
		}
	CHECK_INT(hit, 1);
	if (found > 2)
		fprintf(stderr, "heavy tails: %zu bursts\n", found);
	CHECK(found <= 2);
	free(b);
}

/*
 * A burst right before a four-day outage whose gain over the outage is
 * still well above the usual: one burst, whose window covers the gap
 * (when in it the followers came cannot be known), not a second one.
 */
static void
test_burst_runs_on_across_a_gap(void)
{
	struct follower_point	 p[DAYS];
	struct burst		*b;
	int64_t			 followers = 1000;
	size_t			 n = 0, found;
	int			 d;

	for (d = 0; d < DAYS; d++) {
		followers += poisson(10);
		if (d == 150)
			followers += 150;
		if (d > 150 && d <= 155)
			followers += 15;
		if (d > 150 && d < 155)
			continue;
		p[n].t = START + (int64_t)d * DAY + 6 * 3600;
		p[n].rounded = 0;
		p[n++].followers = followers;
	}
	found = bursts_detect(p, n, NULL, &b);
	CHECK_INT(found, 1);
	if (found == 1) {
		CHECK(b[0].start_day >= START / DAY + 149 &&
		    b[0].start_day <= START / DAY + 150);
		CHECK_INT(b[0].end_day, START / DAY + 155);
		CHECK(b[0].excess > 180 && b[0].excess < 260);
	}
	free(b);
}

/*
 * Two bursts of +800 two days apart, a purge of 1,700 on the day
 * between: joined, the three days gain less than the baseline, which
 * lost both; each stays a burst of its own.
 */
static void
test_purge_between_two_bursts(void)
{
	struct follower_point	 p[DAYS];
	struct burst		*b, kept[2];
	int64_t			 followers = 5000;
	size_t			 n = 0, found, i, near;
	int			 d;

	for (d = 0; d < DAYS; d++) {
		followers += poisson(10);
		if (d == 150 || d == 152)
			followers += 800;
		if (d == 151)
			followers -= 1700;
		p[n].t = START + (int64_t)d * DAY + 6 * 3600;
		p[n].rounded = 0;
		p[n++].followers = followers;
	}
	found = bursts_detect(p, n, NULL, &b);
	/* Only the days around them matter here (noise elsewhere may not). */
	for (i = 0, near = 0; i < found; i++) {
		if (b[i].end_day < START / DAY + 145 ||
		    b[i].start_day > START / DAY + 160)
			continue;
		if (near < 2)
			kept[near] = b[i];
		near++;
	}
	CHECK_INT(near, 2);
	if (near == 2) {
		CHECK_INT(kept[0].start_day, START / DAY + 150);
		CHECK_INT(kept[0].end_day, START / DAY + 150);
		CHECK_INT(kept[1].start_day, START / DAY + 152);
		CHECK(kept[0].excess > 750 && kept[1].excess > 750);
	}
	free(b);
}

/* A count as YouTube shows it: three significant digits. */
static int64_t
round3(double v)
{
	double	 unit = 1;

	/* YouTube cuts the digits off: 164,583 shows as 164,000. */
	while (v / unit >= 1000)
		unit *= 10;
	return ((int64_t)(floor(v / unit) * unit));
}

/*
 * A channel growing smoothly by 'per_day' (with a little noise) from
 * 'start', shown rounded, with 'extra' more on day 150 (0: none).
 */
static size_t
rounded_series(struct follower_point *p, double start, double per_day,
    double extra)
{
	double	 v = start;
	size_t	 n = 0;
	int	 d;

	for (d = 0; d < DAYS; d++) {
		v += per_day * (0.8 + 0.4 * uniform());
		if (d == 150)
			v += extra;
		p[n].t = START + (int64_t)d * DAY + 6 * 3600;
		p[n].followers = round3(v);
		p[n++].rounded = 1;
	}
	return (n);
}

/*
 * Smooth growth shown rounded steps up a unit every few days: no burst
 * at 10 k, 1.23 M or 188 M (each step had been one, baseline 0).
 */
static void
test_rounded_smooth_growth_has_none(void)
{
	static const double cases[][2] = {
		{ 10000, 30 }, { 1230000, 2500 }, { 188000000, 150000 },
		{ 950, 2 },	/* crosses 1,000: the unit changes */
		{ 990000, 1500 },	/* crosses 1 M */
	};
	struct follower_point	 p[DAYS];
	struct burst		*b;
	size_t			 i, n, found;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = rounded_series(p, cases[i][0], cases[i][1], 0);
		found = bursts_detect(p, n, NULL, &b);
		if (found != 0) {
			fprintf(stderr, "rounded case %zu: %zu false bursts, "
			    "first on day %lld (score %.1f)\n", i, found,
			    (long long)(b[0].start_day - START / DAY),
			    b[0].score);
			check_failures++;
		}
		free(b);
	}
}

/*
 * A true burst of four rounding units at 1.23 M: found, on the step
 * that shows it, its excess within what rounding allows.
 */
static void
test_rounded_burst_is_found(void)
{
	struct follower_point	 p[DAYS];
	struct burst		*b;
	size_t			 n, found;

	n = rounded_series(p, 1230000, 2500, 40000);
	found = bursts_detect(p, n, NULL, &b);
	CHECK_INT(found, 1);
	if (found == 1) {
		CHECK(b[0].start_day >= START / DAY + 149 &&
		    b[0].start_day <= START / DAY + 150);
		CHECK(b[0].end_day >= START / DAY + 150 &&
		    b[0].end_day <= START / DAY + 151);
		/* 40,000 less up to a unit (10,000) either side. */
		CHECK(b[0].excess >= 25000 && b[0].excess <= 50000);
	}
	free(b);
}

static void
test_degenerate_input(void)
{
	struct follower_point	 p[2] = { { START, 5, 0 },
	    { START + DAY, 9, 0 } };
	struct burst		*b;

	CHECK_INT(bursts_detect(p, 0, NULL, &b), 0);
	free(b);
	CHECK_INT(bursts_detect(p, 1, NULL, &b), 0);
	free(b);
	CHECK_INT(bursts_detect(p, 2, NULL, &b), 0);
	free(b);
}

int
main(void)
{
	test_clear_burst();
	test_quiet_series_has_none();
	test_burst_after_outage();
	test_hourly_series();
	test_sparse_hourly_has_none();
	test_hourly_gap_is_no_burst();
	test_heavy_tailed_hourly();
	test_burst_runs_on_across_a_gap();
	test_purge_between_two_bursts();
	test_rounded_smooth_growth_has_none();
	test_rounded_burst_is_found();
	test_degenerate_input();
	return (CHECK_DONE());
}
