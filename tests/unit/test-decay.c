/*
 * Effective-audience decay: recovery of known decays from simulated
 * posting histories, honest intervals, refusals, robustness to viral
 * posts, determinism. Set TEST_VERBOSE for the accuracy figures.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "series-random.h"
#include "analyze/decay.h"

#define NMAX	400

/* A simulated account: the truth and its posting habits. */
struct sim {
	double		 half_life;	/* days */
	double		 floor;
	double		 sigma;		/* sd of the log noise */
	double		 p_viral;	/* share of posts times 20 */
	double		 p_long;	/* chance a silence is 20-60 days */
	double		 max_silence;	/* short silences 1..this days */
	int		 topics;	/* pass topic factors as adjust */
};

static const struct sim settings[] = {
	{ 10, 0.3, 0.4, 0.05, 0.08, 30, 1 },
	{ 30, 0.2, 0.4, 0.05, 0.08, 30, 0 },
	{ 20, 0.5, 0.4, 0.05, 0.08, 30, 1 },
};
#define NSETTINGS	(sizeof settings / sizeof settings[0])

static int	 verbose;

static double
truth(const struct sim *m, double days)
{
	return (m->floor + (1 - m->floor) * exp2(-days / m->half_life));
}

/* One post at time ts (days): its gap, its rate under the model. */
static void
add_post(uint64_t *s, const struct sim *m, double ts, double *prev,
    struct decay_obs *o)
{
	double	 topic = exp(0.3 * series_normal(s)), noise;

	noise = exp(m->sigma * series_normal(s) - m->sigma * m->sigma / 2);
	if (series_unif(s) < m->p_viral)
		noise *= 20;
	o->gap_days = ts - *prev;
	o->rate = 0.02 * topic * truth(m, o->gap_days) * noise;
	/* Without topic factors the topic is just more noise. */
	o->adjust = m->topics ? topic : 1.0;
	o->group = 0;
	*prev = ts;
}

/*
 * A posting history like the simulator's: sessions of 1-6 days, posting
 * on most days 1-3 times, separated by silences log-uniform over 1 to
 * max_silence days, now and then a long one of 20-60 days.
 */
static size_t
simulate(uint64_t seed, const struct sim *m, size_t n, struct decay_obs *o)
{
	uint64_t	 s = seed;
	double		 day = 0, prev = -5, hours[3], t;
	size_t		 k = 0;
	int		 d, len, np, i, j;

	while (k < n) {
		len = 1 + (int)(series_unif(&s) * 6);
		for (d = 0; d < len && k < n; d++, day++) {
			if (series_unif(&s) >= 0.7)
				continue;
			np = 1 + (series_unif(&s) < 0.35) + (series_unif(&s) < 0.1);
			for (i = 0; i < np; i++)
				hours[i] = 7 + 16 * series_unif(&s);
			for (i = 1; i < np; i++)
				for (j = i; j > 0 && hours[j] < hours[j - 1];
				    j--) {
					t = hours[j];
					hours[j] = hours[j - 1];
					hours[j - 1] = t;
				}
			for (i = 0; i < np && k < n; i++)
				add_post(&s, m, day + hours[i] / 24, &prev,
				    &o[k++]);
		}
		if (series_unif(&s) < m->p_long)
			day += floor(20 + 40 * series_unif(&s));
		else
			day += floor(exp(series_unif(&s) * log(m->max_silence)));
	}
	return (k);
}

/* Does the curve point at days cover the truth? */
static int
covers(const struct decay_fit *f, const struct sim *m, double days)
{
	double	 lo, hi, t = truth(m, days);

	decay_fraction_ci(f, days, &lo, &hi);
	return (lo <= t && t <= hi);
}

static void
show(const char *what, const struct decay_fit *f, const struct sim *m)
{
	if (!verbose)
		return;
	printf("%s: h %.1f [%.1f, %.1f] (true %.0f)  floor %.2f "
	    "[%.2f, %.2f] (true %.2f)  posts %d silences %d outliers %d\n",
	    what, f->half_life, f->half_life_lo, f->half_life_hi,
	    m->half_life, f->floor, f->floor_lo, f->floor_hi, m->floor,
	    f->n_posts, f->n_silences, f->n_outliers);
	printf("    f30 %.3f [%.3f, %.3f] (true %.3f)  f90 %.3f [%.3f, %.3f] "
	    "(true %.3f)%s%s\n", f->curve[4].fraction, f->curve[4].lo,
	    f->curve[4].hi, truth(m, 30), f->curve[6].fraction,
	    f->curve[6].lo, f->curve[6].hi, truth(m, 90),
	    f->note ? "  note: " : "", f->note ? f->note : "");
}

/*
 * Accurate within 0.12, or honest about it: an interval at least 0.2
 * wide that holds the truth. Beyond the longest silences seen (90 days
 * when they last up to 60) a slow decay to a low floor and a fast one
 * to a high floor fit the data alike; no estimator can pin the fraction
 * there, and this one must then say so.
 */
static int
accurate_or_honest(const struct decay_fit *f, const struct sim *m,
    double days)
{
	double	 lo, hi;

	decay_fraction_ci(f, days, &lo, &hi);
	return (fabs(decay_fraction(f, days) - truth(m, days)) < 0.12 ||
	    (covers(f, m, days) && hi - lo >= 0.2));
}

/* Gaps long enough (two half-lives) to show the floor. */
static int
count_long(const struct decay_obs *o, size_t n, const struct sim *m)
{
	size_t	 i;
	int	 k = 0;

	for (i = 0; i < n; i++)
		k += o[i].gap_days >= 2 * m->half_life;
	return (k);
}

/*
 * Known decays come back. Interval coverage is a rate, checked over
 * many seeds in test_coverage: here a 90% interval would miss one time
 * in ten by design.
 */
static void
test_recovery(void)
{
	struct decay_obs	 o[NMAX];
	struct decay_fit	 f;
	const struct sim	*m;
	size_t			 i, n;

	for (i = 0; i < NSETTINGS; i++) {
		m = &settings[i];
		n = simulate(1000 + i, m, 300, o);
		CHECK_INT(decay_fit(o, n, 7, &f), 0);
		CHECK(f.ok);
		show("recovery", &f, m);
		CHECK_INT(f.n_posts, 300);
		CHECK_INT(f.ncurve, DECAY_NCURVE);
		CHECK(f.curve[2].days == 7 && f.curve[4].days == 30 &&
		    f.curve[6].days == 90);
		CHECK(fabs(decay_fraction(&f, 30) - truth(m, 30)) < 0.12);
		CHECK(accurate_or_honest(&f, m, 90));
		if (count_long(o, n, m) >= 10) {
			CHECK(f.half_life > m->half_life / 2);
			CHECK(f.half_life < m->half_life * 2);
			CHECK(fabs(decay_fraction(&f, 90) - truth(m, 90)) <
			    0.12);
		}
		/* The viral posts are set aside, not fitted. */
		CHECK(f.n_outliers >= 5);
	}
}

/* The curve, the point and the interval functions agree. */
static void
test_curve(void)
{
	struct decay_obs	 o[NMAX];
	struct decay_fit	 f;
	double			 lo, hi, plo = 1, phi = 1, d;
	size_t			 n, k;

	n = simulate(2000, &settings[0], 250, o);
	decay_fit(o, n, 1, &f);
	CHECK(decay_fraction(&f, 0) == 1);
	decay_fraction_ci(&f, 0, &lo, &hi);
	CHECK(lo == 1 && hi == 1);
	for (k = 0; k < f.ncurve; k++) {
		decay_fraction_ci(&f, f.curve[k].days, &lo, &hi);
		CHECK(lo == f.curve[k].lo && hi == f.curve[k].hi);
		CHECK(lo <= f.curve[k].fraction && f.curve[k].fraction <= hi);
		CHECK(fabs(f.curve[k].fraction -
		    decay_fraction(&f, f.curve[k].days)) < 1e-12);
	}
	/* Intervals narrow no faster than the fraction falls. */
	for (d = 0.1; d < 1000; d *= 1.1) {
		decay_fraction_ci(&f, d, &lo, &hi);
		CHECK(lo <= plo + 1e-12 && hi <= phi + 1e-12);
		CHECK(0 <= lo && lo <= hi && hi <= 1);
		plo = lo;
		phi = hi;
	}
	decay_fraction_ci(&f, -1, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi));
	CHECK(isnan(decay_fraction(&f, NAN)));
}

static void
test_refusal(void)
{
	struct decay_obs	 o[NMAX];
	struct decay_fit	 f;
	struct sim		 m = settings[0];
	size_t			 i, n, nsil = 0;

	/* Daily posting with two long breaks only. */
	m.p_long = 0;
	m.max_silence = 2;
	n = simulate(3000, &m, 200, o);
	for (i = 0; i < n; i++)
		if (o[i].gap_days >= 7)
			nsil++;
	CHECK_INT(nsil, 0);
	o[50].gap_days = 12;
	o[120].gap_days = 40;
	CHECK_INT(decay_fit(o, n, 1, &f), -1);
	CHECK(!f.ok);
	CHECK_INT(f.n_silences, 2);
	CHECK_STR(f.note,
	    "not enough silences to estimate (2 silences of 7+ days; need 4)");
	CHECK(isnan(f.half_life) && isnan(f.floor));
	CHECK(isnan(decay_fraction(&f, 30)));
	CHECK_INT(f.ncurve, 0);

	/* Weekly posting: no level for the silences to fall from. */
	n = simulate(3003, &settings[1], 100, o);
	for (i = 0; i < n; i++)
		o[i].gap_days = 7 + i % 5;
	CHECK_INT(decay_fit(o, n, 1, &f), -1);
	CHECK(!f.ok && f.note != NULL && strstr(f.note, "baseline") != NULL);

	n = simulate(3001, &settings[1], 15, o);
	CHECK_INT(decay_fit(o, n, 1, &f), -1);
	CHECK(!f.ok && f.note != NULL && strstr(f.note, "too few") != NULL);
	CHECK_INT(decay_fit(o, 0, 1, &f), -1);
	CHECK_INT(f.n_posts, 0);

	/* Unusable rows are dropped and not counted. */
	n = simulate(3002, &settings[1], 200, o);
	o[n].gap_days = 30;
	o[n++].rate = 0;
	o[n].gap_days = 30;
	o[n++].rate = NAN;
	o[n].gap_days = -1;
	o[n++].rate = 0.01;
	o[n].gap_days = INFINITY;
	o[n++].rate = 0.01;
	o[n].gap_days = 30;
	o[n].rate = 0.01;
	o[n++].adjust = -1;
	o[n].gap_days = 30;
	o[n].rate = 0.01;
	o[n].adjust = 1;
	o[n++].group = DECAY_NGROUPS;
	CHECK_INT(decay_fit(o, n, 1, &f), 0);
	CHECK_INT(f.n_posts, 200);
}

/* Ten huge outliers, after long silences where they pull hardest. */
static void
test_outliers(void)
{
	struct decay_obs	 o[NMAX];
	struct decay_fit	 a, b;
	size_t			 i, n;

	n = simulate(4000, &settings[1], 250, o);
	decay_fit(o, n, 3, &a);
	for (i = 0; i < 10; i++) {
		o[n].gap_days = 10 + 8 * i;
		o[n].rate = 0.02 * 1000;
		o[n].adjust = 1;
		o[n++].group = 0;
	}
	decay_fit(o, n, 3, &b);
	show("clean", &a, &settings[1]);
	show("+10 outliers", &b, &settings[1]);
	CHECK(b.ok);
	CHECK(fabs(b.curve[4].fraction - a.curve[4].fraction) < 0.03);
	CHECK(fabs(b.curve[6].fraction - a.curve[6].fraction) < 0.03);
	CHECK(b.n_outliers >= 10);
}

/*
 * Replies engage at a quarter of a post's level but end silences all
 * the same: in a group of their own their level is fitted, and the
 * decay comes out as from posts alone.
 */
static void
test_groups(void)
{
	struct decay_obs	 o[NMAX];
	struct decay_fit	 a, b;
	const struct sim	*m = &settings[1];
	size_t			 i, n;

	n = simulate(7000, m, 300, o);
	decay_fit(o, n, 5, &a);
	for (i = 0; i < n; i += 4) {
		o[i].rate *= 0.25;
		o[i].group = 1;
	}
	decay_fit(o, n, 5, &b);
	show("plain", &a, m);
	show("replies", &b, m);
	CHECK(b.ok);
	CHECK_INT(b.n_posts, (int)n);
	CHECK(fabs(b.curve[4].fraction - a.curve[4].fraction) < 0.05);
	CHECK(fabs(b.curve[6].fraction - a.curve[6].fraction) < 0.05);
	CHECK(fabs(b.curve[4].fraction - truth(m, 30)) < 0.12);
}

/*
 * Silences of at most 20 days say little of the fraction after 90: the
 * estimate must not run to an edge of the grid (no decay, or none
 * left), and its interval must be wide.
 */
static void
test_short_silences(void)
{
	struct decay_obs	 o[NMAX];
	struct decay_fit	 f;
	struct sim		 m = settings[1];
	double			 lo, hi, p;
	int			 seed;

	m.p_long = 0;
	m.max_silence = 20;
	for (seed = 0; seed < 5; seed++) {
		decay_fit(o, simulate(7100 + seed, &m, 250, o), seed, &f);
		show("short silences", &f, &m);
		CHECK(f.ok);
		p = decay_fraction(&f, 90);
		decay_fraction_ci(&f, 90, &lo, &hi);
		CHECK(p > 0.1 && p < 0.9);
		CHECK(lo <= p && p <= hi && hi - lo >= 0.2);
	}
}

static void
test_determinism(void)
{
	struct decay_obs	 o[NMAX];
	struct decay_fit	 a, b;
	size_t			 n, k;

	n = simulate(5000, &settings[2], 200, o);
	decay_fit(o, n, 42, &a);
	decay_fit(o, n, 42, &b);
	CHECK(a.half_life == b.half_life && a.floor == b.floor);
	CHECK(a.half_life_lo == b.half_life_lo &&
	    a.half_life_hi == b.half_life_hi);
	CHECK(a.floor_lo == b.floor_lo && a.floor_hi == b.floor_hi);
	for (k = 0; k < a.ncurve; k++)
		CHECK(a.curve[k].lo == b.curve[k].lo &&
		    a.curve[k].hi == b.curve[k].hi);
	CHECK(memcmp(a.tab_mid, b.tab_mid, sizeof a.tab_mid) == 0);
	CHECK(memcmp(a.tab_lo, b.tab_lo, sizeof a.tab_lo) == 0);
	CHECK(memcmp(a.tab_hi, b.tab_hi, sizeof a.tab_hi) == 0);
}

/*
 * The 90% intervals of the fraction cover the truth most of the time.
 * The error bounds guard against regressions: they sit above what 60
 * seeds per setting showed (mean |error| at 30 days 0.035-0.065 with
 * 200 posts), not at the figures of these 30 seeds.
 */
static void
test_coverage(void)
{
	struct decay_obs	 o[NMAX];
	struct decay_fit	 f;
	const struct sim	*m;
	double			 err30 = 0, err90 = 0, herr = 0;
	int			 seed, runs = 30, c30 = 0, c90 = 0, hcov = 0;
	int			 h2 = 0, nlong = 0, honest = 0;
	size_t			 n;

	for (seed = 0; seed < runs; seed++) {
		m = &settings[seed % NSETTINGS];
		n = simulate(6000 + seed, m, 150 + seed, o);
		decay_fit(o, n, seed, &f);
		CHECK(f.ok);
		c30 += covers(&f, m, 30);
		c90 += covers(&f, m, 90);
		honest += accurate_or_honest(&f, m, 30) &&
		    accurate_or_honest(&f, m, 90);
		err30 += fabs(f.curve[4].fraction - truth(m, 30));
		err90 += fabs(f.curve[6].fraction - truth(m, 90));
		hcov += f.half_life_lo <= m->half_life &&
		    m->half_life <= f.half_life_hi;
		if (count_long(o, n, m) >= 10) {
			nlong++;
			herr += fabs(log2(f.half_life / m->half_life));
			h2 += f.half_life > m->half_life / 2 &&
			    f.half_life < m->half_life * 2;
		}
	}
	if (verbose)
		printf("over %d seeds: interval covers f30 %d, f90 %d, h %d; "
		    "accurate or honest %d; mean |error| f30 %.3f f90 %.3f; "
		    "with 10+ gaps of 2h: %d seeds, h within 2x %d, mean "
		    "|log2(h / true h)| %.2f\n", runs, c30, c90, hcov, honest,
		    err30 / runs, err90 / runs, nlong, h2,
		    nlong ? herr / nlong : NAN);
	CHECK(c30 * 4 >= runs * 3);
	CHECK(c90 * 4 >= runs * 3);
	CHECK(hcov * 4 >= runs * 3);
	CHECK(honest * 10 >= runs * 7);
	CHECK(err30 / runs < 0.09);
	CHECK(err90 / runs < 0.18);
	CHECK(h2 * 10 >= nlong * 8);
}

int
main(void)
{
	verbose = getenv("TEST_VERBOSE") != NULL;
	test_recovery();
	test_curve();
	test_refusal();
	test_outliers();
	test_groups();
	test_short_silences();
	test_determinism();
	test_coverage();
	return (CHECK_DONE());
}
