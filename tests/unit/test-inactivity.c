/*
 * The inactivity model and the choice between it and the reach model,
 * on constructed histories: a follower series with growth, silences
 * (when gains fall) and a purge, and posts whose rates follow either
 * the active share of the followers or the reach after each silence.
 * Checks recovery of a known active share with an interval that holds
 * it, robustness to viral posts, refusals, held-out residuals, the
 * choice of the model that made the data, a census's measured share
 * held against the estimate, and determinism.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "series-random.h"
#include "analyze/audience.h"
#include "analyze/inactivity.h"

#define NDAYS	600
#define NPOSTS	700

/* A constructed account: its truth and its history. */
struct hist {
	double		 scale;		/* exponential active life, days */
	double		 init_share;	/* of the first count's followers */
	int		 reach;		/* 1: rates follow the reach model */
	double		 counts_f[NDAYS];	/* followers at each day */
	struct decay_count counts[NDAYS];
	struct decay_obs obs[NPOSTS];
	size_t		 nobs;
	double		 last_post;
};

/*
 * The true active share at day t (t <= NDAYS - 1) of those following
 * then, `later` days on: each day's gain a cohort gained half a day
 * before the count, a fall shrinking all alike, survival exp(-age /
 * scale) (with shape 1 the first followers' age does not matter).
 */
static double
true_share(const struct hist *h, double t, double later)
{
	double	 f = h->counts_f[0], act;
	int	 d;

	act = f * h->init_share * exp(-(t + later) / h->scale);
	for (d = 1; d < NDAYS && d <= t; d++) {
		if (h->counts_f[d] < h->counts_f[d - 1]) {
			act *= h->counts_f[d] / h->counts_f[d - 1];
			continue;
		}
		act += (h->counts_f[d] - h->counts_f[d - 1]) *
		    exp(-(t + later - d + 0.5) / h->scale);
	}
	f = h->counts_f[(int)t];
	return (act / f);
}

/* Is day d within one of the account's silences? */
static int
silent(int d)
{
	return ((d >= 100 && d < 140) || (d >= 230 && d < 260) ||
	    (d >= 350 && d < 400) || (d >= 470 && d < 500) ||
	    (d >= 560 && d < 585));
}

/*
 * The follower series: 2,000 followers, 6 a day more when posting and
 * 1 a day in a silence, a purge of 4% on day 300.
 */
static void
make_counts(uint64_t *s, struct hist *h)
{
	int	 d;

	h->counts_f[0] = 2000;
	for (d = 1; d < NDAYS; d++) {
		h->counts_f[d] = h->counts_f[d - 1] + (silent(d) ? 1 : 6) +
		    floor(3 * series_unif(s));
		if (d == 300)
			h->counts_f[d] = floor(h->counts_f[d] * 0.96);
	}
	for (d = 0; d < NDAYS; d++) {
		h->counts[d].t_days = d;
		h->counts[d].followers = h->counts_f[d];
	}
}

/*
 * Posts on most days outside the silences, sometimes two; the rate
 * follows the active share (or, with reach, floor 0.3 + 0.7 2^(-gap /
 * 10) of the silence before), log-normal noise of sd 0.35, and 5% of
 * posts viral (times 15).
 */
static void
make_posts(uint64_t *s, struct hist *h)
{
	double	 prev = -1, t, eff, noise;
	int	 d, k;

	h->nobs = 0;
	for (d = 1; d < NDAYS - 1 && h->nobs < NPOSTS; d++) {
		if (silent(d) || series_unif(s) < 0.25)
			continue;
		for (k = 0; k < 1 + (series_unif(s) < 0.3) && h->nobs < NPOSTS; k++) {
			t = d + 0.3 + 0.3 * k;
			if (h->reach)
				eff = 0.3 + 0.7 * exp2(-(t - prev) / 10);
			else
				eff = true_share(h, t, 0);
			noise = exp(0.35 * series_normal(s));
			if (series_unif(s) < 0.05)
				noise *= 15;
			h->obs[h->nobs].t_days = t;
			h->obs[h->nobs].gap_days = t - prev;
			h->obs[h->nobs].rate = 0.05 * eff * noise;
			h->obs[h->nobs].adjust = 1;
			h->obs[h->nobs].group = 0;
			h->nobs++;
			prev = t;
		}
	}
	h->last_post = prev;
}

static void
make(uint64_t seed, double scale, double init_share, int reach,
    struct hist *h)
{
	uint64_t	 s = seed;

	memset(h, 0, sizeof *h);
	h->scale = scale;
	h->init_share = init_share;
	h->reach = reach;
	make_counts(&s, h);
	make_posts(&s, h);
}

static struct hist *
xcalloc_test(size_t n)
{
	struct hist	*h = calloc(n, sizeof *h);

	if (h == NULL)
		abort();
	return (h);
}

static void
input(const struct hist *h, struct inactivity_input *in)
{
	in->obs = h->obs;
	in->nobs = h->nobs;
	in->counts = h->counts;
	in->ncounts = NDAYS;
	in->now_days = NDAYS - 1;
	in->last_post_days = h->last_post;
}

/* The audience fit's input of a history: all of it, as of its last day. */
static void
audience_input_of(const struct hist *h, unsigned int seed,
    struct audience_input *in)
{
	memset(in, 0, sizeof *in);
	in->obs = h->obs;
	in->nobs = h->nobs;
	in->counts = h->counts;
	in->ncounts = NDAYS;
	in->now_days = NDAYS - 1;
	in->last_post_days = h->last_post;
	in->seed = seed;
}

/* A known active share is recovered, its interval holding the truth. */
static void
test_recovery(void)
{
	static const double	 scales[] = { 60, 150, 400 };
	struct hist		*h = xcalloc_test(1);
	struct inactivity_input	 in;
	struct inactivity_fit	 f;
	double			 truth, t30;
	size_t			 i, k;

	for (i = 0; i < sizeof scales / sizeof scales[0]; i++) {
		make(11 + i, scales[i], 0.5, 0, h);
		input(h, &in);
		CHECK(inactivity_fit(&in, 1, &f) == 0);
		CHECK(f.ok);
		truth = true_share(h, NDAYS - 1, 0);
		CHECK(fabs(f.fraction - truth) < 0.12);
		CHECK(f.lo <= truth && truth <= f.hi);
		CHECK(f.hi - f.lo < 0.4);
		/* The scale's interval holds the truth. */
		CHECK(f.scale_lo <= scales[i] && scales[i] <= f.scale_hi);
		CHECK(f.n_posts == (int)h->nobs);
		/* The viral posts, and about no others, are set aside. */
		CHECK(f.n_outliers >= (int)(h->nobs * 0.03));
		CHECK(f.n_outliers <= (int)(h->nobs * 0.12));
		CHECK(f.ncurve == DECAY_NCURVE);
		for (k = 0; k < f.ncurve; k++)
			if (f.curve[k].days == 30) {
				t30 = true_share(h, h->last_post, 30);
				CHECK(f.curve[k].lo <= t30 &&
				    t30 <= f.curve[k].hi);
			}
		/* A silence only lowers the share of those following. */
		for (k = 1; k < f.ncurve; k++)
			CHECK(f.curve[k].fraction <= f.curve[k - 1].fraction);
		if (getenv("TEST_VERBOSE") != NULL)
			fprintf(stderr, "scale %.0f: share %.3f (%.3f-%.3f) "
			    "truth %.3f; scale %.0f (%.0f-%.0f), %d outliers\n",
			    scales[i], f.fraction, f.lo, f.hi, truth, f.scale,
			    f.scale_lo, f.scale_hi, f.n_outliers);
	}
	free(h);
}

/* Without enough data there is no number, and the note says why. */
static void
test_refusal(void)
{
	struct hist		*h = xcalloc_test(1);
	struct inactivity_input	 in;
	struct inactivity_fit	 f;

	make(5, 150, 0.5, 0, h);
	input(h, &in);
	in.ncounts = 40;	/* 39 days of counts */
	CHECK(inactivity_fit(&in, 1, &f) == -1);
	CHECK(!f.ok);
	CHECK(isnan(f.fraction) && f.ncurve == 0);
	CHECK(f.note != NULL && strstr(f.note, "follower series") != NULL);

	input(h, &in);
	in.nobs = 15;
	CHECK(inactivity_fit(&in, 1, &f) == -1);
	CHECK(f.note != NULL && strstr(f.note, "too few") != NULL);
	free(h);
}

/* Held-out residuals: one per usable post, NAN for the others. */
static void
test_heldout(void)
{
	struct hist		*h = xcalloc_test(1);
	struct inactivity_input	 in;
	double			*r;
	int			*fold;
	size_t			 i, nan = 0;

	make(7, 150, 0.5, 0, h);
	h->obs[3].rate = 0;
	h->obs[10].rate = NAN;
	input(h, &in);
	r = calloc(h->nobs, sizeof *r);
	fold = calloc(h->nobs, sizeof *fold);
	for (i = 0; i < h->nobs; i++)
		fold[i] = (int)(i * 5 / h->nobs);
	CHECK(inactivity_heldout(&in, fold, 5, r) == 0);
	for (i = 0; i < h->nobs; i++)
		nan += isnan(r[i]);
	CHECK(nan == 2 && isnan(r[3]) && isnan(r[10]));
	/* Predictions, not fits: far off for the viral posts only. */
	for (i = 0, nan = 0; i < h->nobs; i++)
		nan += isfinite(r[i]) && fabs(r[i]) > 1.5;
	CHECK(nan <= h->nobs / 10);
	free(fold);
	free(r);
	free(h);
}

/* The comparison picks the mechanism that made the data. */
static void
test_choice(void)
{
	struct hist		*h = xcalloc_test(1);
	struct audience_input	 in;
	struct audience_fit	 a;
	double			 truth;
	int			 seed;

	for (seed = 1; seed <= 2; seed++) {
		make(100 + seed, 120, 0.6, 0, h);
		audience_input_of(h, 3, &in);
		CHECK(audience_fit(&in, &a) == 0);
		CHECK(a.model == AUDIENCE_INACTIVITY);
		CHECK(a.clear);
		CHECK(a.inactivity_error < a.reach_error);
		CHECK(a.error_t > 0);
		CHECK(a.n_scored == (int)h->nobs);
		truth = true_share(h, NDAYS - 1, 0);
		CHECK(fabs(a.fraction - truth) < 0.08);
		CHECK_STR(audience_model_name(a.model), "inactivity");

		make(200 + seed, 120, 0.6, 1, h);
		in.obs = h->obs;
		in.nobs = h->nobs;
		in.last_post_days = h->last_post;
		CHECK(audience_fit(&in, &a) == 0);
		CHECK(a.model == AUDIENCE_REACH);
		CHECK(a.reach_error < a.inactivity_error);
		CHECK(a.error_t < 0);
		CHECK(a.fraction == a.fraction);
		if (getenv("TEST_VERBOSE") != NULL)
			fprintf(stderr, "reach data: t %.2f clear %d\n",
			    a.error_t, a.clear);
	}
	free(h);
}

/* Without a follower series the reach model is used, and says so. */
static void
test_uncompared(void)
{
	struct hist		*h = xcalloc_test(1);
	struct audience_input	 in;
	struct audience_fit	 a;

	make(9, 120, 0.6, 1, h);
	audience_input_of(h, 0, &in);
	in.ncounts = 10;
	CHECK(audience_fit(&in, &a) == 0);
	CHECK(a.model == AUDIENCE_REACH && !a.clear);
	CHECK(isnan(a.reach_error) && isnan(a.inactivity_error));
	CHECK(a.note != NULL && strstr(a.note, "without a comparison"));
	free(h);
}

/* Reach data that held-out posts cannot tell apart, and its input. */
static int
unclear_reach(struct hist *h, struct audience_input *in,
    struct audience_fit *a)
{
	int	 seed;

	for (seed = 1; seed <= 8; seed++) {
		make(300 + seed, 120, 0.6, 1, h);
		audience_input_of(h, 3, in);
		if (audience_fit(in, a) == 0 && a->reach.ok &&
		    a->inactivity.ok && !a->clear && a->n_scored > 0)
			return (seed);
	}
	return (0);
}

/*
 * The census's measured share against the estimate: it is said whether
 * the estimate's interval holds it, and between models the posts cannot
 * tell apart it takes the one whose interval holds it; a clear verdict
 * it never overrules.
 */
static void
test_census_choice(void)
{
	struct hist		*h = xcalloc_test(1);
	struct audience_input	 in;
	struct audience_fit	 a, plain;
	struct audience_measured m;
	double			 rlo, rhi;

	CHECK(unclear_reach(h, &in, &plain) != 0);
	CHECK(plain.model == AUDIENCE_REACH && plain.measured_agrees == -1);
	CHECK(!plain.by_census);
	rlo = plain.lo;
	rhi = plain.hi;
	/* Inside inactivity's interval, below reach's. */
	m.at_days = in.now_days;
	m.fraction = plain.inactivity.fraction;
	m.lo = m.fraction - 0.01;
	m.hi = m.fraction + 0.01;
	CHECK(m.hi < rlo);
	in.measured = &m;
	CHECK(audience_fit(&in, &a) == 0);
	CHECK(a.model == AUDIENCE_INACTIVITY && a.by_census);
	CHECK(a.measured_agrees == 1);
	CHECK(a.fraction == plain.inactivity.fraction);
	CHECK(a.note != NULL && strstr(a.note, "census") != NULL);
	/* Inside reach's, above inactivity's: reach kept, by the census. */
	m.fraction = (rlo + rhi) / 2;
	m.lo = m.fraction - 0.005;
	m.hi = m.fraction + 0.005;
	CHECK(m.lo > plain.inactivity.hi);
	CHECK(audience_fit(&in, &a) == 0);
	CHECK(a.model == AUDIENCE_REACH && a.by_census);
	CHECK(a.measured_agrees == 1);
	/* Outside both: nothing decided by it, and the estimate refuted. */
	m.fraction = 0.01;
	m.lo = 0.005;
	m.hi = 0.015;
	CHECK(m.hi < plain.inactivity.lo);
	CHECK(audience_fit(&in, &a) == 0);
	CHECK(a.model == AUDIENCE_REACH && !a.by_census);
	CHECK(a.measured_agrees == 0);
	/* A clear verdict (inactivity data) stands against the census. */
	make(101, 120, 0.6, 0, h);
	in.obs = h->obs;
	in.nobs = h->nobs;
	in.last_post_days = h->last_post;
	in.measured = NULL;
	CHECK(audience_fit(&in, &plain) == 0);
	CHECK(plain.model == AUDIENCE_INACTIVITY && plain.clear);
	m.fraction = 0.995;
	m.lo = 0.99;
	m.hi = 1;
	CHECK(m.lo > plain.hi);
	in.measured = &m;
	CHECK(audience_fit(&in, &a) == 0);
	CHECK(a.model == AUDIENCE_INACTIVITY && !a.by_census);
	CHECK(a.measured_agrees == 0);
	free(h);
}

/* Equal inputs, equal fits. */
static void
test_determinism(void)
{
	struct hist		*h = xcalloc_test(1);
	struct inactivity_input	 in;
	struct inactivity_fit	 f1, f2;

	make(21, 150, 0.5, 0, h);
	input(h, &in);
	inactivity_fit(&in, 4, &f1);
	inactivity_fit(&in, 4, &f2);
	CHECK(memcmp(&f1, &f2, sizeof f1) == 0);
	free(h);
}

int
main(void)
{
	test_recovery();
	test_refusal();
	test_heldout();
	test_choice();
	test_uncompared();
	test_census_choice();
	test_determinism();
	return (CHECK_DONE());
}
