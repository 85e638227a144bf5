/*
 * The median against a full sort, on many arrays with and without ties;
 * the sliding window's median and MAD against the same computed afresh;
 * the robust fits' weights, resamples and quantiles.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/robust.h"
#include "analyze/stats.h"
#include "check.h"

static uint64_t state = 7;

static double
next(int ties)
{
	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (ties ? (double)((state >> 33) % 5) :
	    (double)(state >> 11) / 9007199254740992.0 - 0.5);
}

/* Slide windows of every width up to 40 along a series, with ties. */
static void
check_window(void)
{
	struct stats_window w;
	double	 series[300], copy[64], want, got, m;
	size_t	 width, i, k, lo;

	stats_window_init(&w, 1);
	CHECK(isnan(stats_window_median(&w)));
	CHECK(isnan(stats_window_mad(&w, 0)));
	for (i = 0; i < 300; i++)
		series[i] = next(i % 2);
	for (width = 1; width <= 40; width++) {
		for (i = 0; i < 300; i++) {
			if (i >= width && i % 2) {
				stats_window_replace(&w, series[i - width],
				    series[i]);
			} else {
				stats_window_add(&w, series[i]);
				if (i >= width)
					stats_window_remove(&w,
					    series[i - width]);
			}
			lo = i >= width ? i - width + 1 : 0;
			memcpy(copy, series + lo, (i - lo + 1) * sizeof *copy);
			want = stats_median(copy, i - lo + 1);
			m = stats_window_median(&w);
			for (k = 0; k < i - lo + 1; k++)
				copy[k] = fabs(series[lo + k] - m);
			got = stats_window_mad(&w, m);
			if (m != want || got != stats_median(copy, i - lo + 1)) {
				fprintf(stderr, "width %zu at %zu: median %g/%g, "
				    "MAD %g\n", width, i, m, want, got);
				check_failures++;
				goto out;
			}
		}
		while (w.n > 0)
			stats_window_remove(&w, w.v[w.n / 2]);
	}
	/* The MAD around a point outside the values, too. */
	stats_window_add(&w, 1);
	stats_window_add(&w, 2);
	stats_window_add(&w, 4);
	CHECK(stats_window_mad(&w, 10) == 8);
	CHECK(stats_window_mad(&w, -1) == 3);
	stats_window_remove(&w, 3);	/* absent: no change */
	CHECK_INT(w.n, 3);
	stats_window_replace(&w, 1, 5);	/* 2 4 5 */
	stats_window_replace(&w, 5, 0);	/* 0 2 4 */
	stats_window_replace(&w, 2, 3);	/* 0 3 4 */
	CHECK(w.v[0] == 0 && w.v[1] == 3 && w.v[2] == 4);
	stats_window_replace(&w, 7, 1);	/* absent: 1 added */
	CHECK_INT(w.n, 4);
out:
	stats_window_free(&w);
}

/*
 * The tails the hourly scores use: the normal quantile from a log tail
 * probability in each of its three regions and far beyond a double's
 * range, and Poisson upper tails (values from Python's statistics).
 */
static void
check_tails(void)
{
	CHECK(fabs(stats_normal_upper(log(0.5))) < 1e-8);
	CHECK(fabs(stats_normal_upper(log(0.025)) - 1.959964) < 1e-5);
	CHECK(fabs(stats_normal_upper(log(0.9)) + 1.281552) < 1e-5);
	CHECK(fabs(stats_normal_upper(log(1e-10)) - 6.361341) < 1e-5);
	CHECK(fabs(stats_normal_upper(log(0.99)) + 2.326348) < 1e-5);
	/* log p = -2000: p underflows, z does not (about 63). */
	CHECK(stats_normal_upper(-2000) > 60 && stats_normal_upper(-2000) < 64);
	CHECK(stats_normal_upper(0) == -INFINITY);
	/* P(X >= 7 | 0.7) = 8.8836e-6; P(X >= 8 | 1.4) = 1.0655e-4 */
	CHECK(fabs(stats_poisson_log_upper(7, 0.7) - -11.631301) < 1e-5);
	CHECK(fabs(stats_poisson_log_upper(8, 1.4) - -9.146915) < 1e-5);
	/* Near the mean: P(X >= 1 | 0.5) = 1 - e^-0.5. */
	CHECK(fabs(stats_poisson_log_upper(1, 0.5) - log(1 - exp(-0.5))) <
	    1e-12);
	CHECK(stats_poisson_log_upper(0, 3) == 0);
	/* Far out, in logs: 3,000 where 2 are expected. */
	CHECK(stats_poisson_log_upper(3000, 2) < -18000);
}

/*
 * Huber and bisquare weights at known residuals (and times the draws), a
 * resample of n drawing n with a seed repeatable, interpolated quantiles.
 */
static void
check_robust(void)
{
	double		 r[4] = { 0, 1.345, -2.69, 10 }, v[4], q[5];
	unsigned int	 mult[4] = { 2, 0, 1, 3 }, m1[50], m2[50];
	uint64_t	 s1 = 9, s2 = 9;
	size_t		 i, sum = 0;

	robust_weights(r, 4, 1, ROBUST_HUBER, NULL, v);
	CHECK(v[0] == 1 && v[1] == 1 && fabs(v[2] - 0.5) < 1e-12 &&
	    fabs(v[3] - 0.1345) < 1e-12);
	robust_weights(r, 4, 1, ROBUST_BISQUARE, mult, v);
	CHECK(v[0] == 2 && v[1] == 0 && v[3] == 0);
	CHECK(fabs(v[2] - pow(1 - pow(2.69 / 4.685, 2), 2)) < 1e-12);
	robust_resample(&s1, 50, m1);
	robust_resample(&s2, 50, m2);
	for (i = 0; i < 50; i++)
		sum += m1[i];
	CHECK(sum == 50 && memcmp(m1, m2, sizeof m1) == 0);
	CHECK(robust_random(&s1) == robust_random(&s2));
	for (i = 0; i < 5; i++)
		q[i] = (double)(4 - i);
	CHECK(robust_quantile(q, 5, 0.5) == 2);
	CHECK(fabs(robust_quantile(q, 5, 0.1) - 0.4) < 1e-12);
	CHECK(robust_quantile(q, 5, 1) == 4);
}

int
main(void)
{
	double	 v[600], sorted[600], want, got;
	size_t	 n, i;
	int	 round, ties;

	CHECK(isnan(stats_median(v, 0)));
	for (round = 0; round < 4000; round++) {
		n = 1 + (size_t)(round * 7919 % 599);
		ties = round % 3 == 0;
		for (i = 0; i < n; i++)
			v[i] = sorted[i] = next(ties);
		if (round % 5 == 1)	/* already sorted input */
			qsort(v, n, sizeof *v, stats_cmp_double);
		if (round % 5 == 2)	/* reversed input */
			for (i = 0; i < n; i++)
				v[i] = -fabs(v[i]) - (double)i;
		memcpy(sorted, v, n * sizeof *v);
		qsort(sorted, n, sizeof *sorted, stats_cmp_double);
		want = n % 2 ? sorted[n / 2] :
		    (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
		got = stats_median(v, n);
		if (got != want) {
			fprintf(stderr, "n %zu round %d: got %g want %g\n", n,
			    round, got, want);
			check_failures++;
			break;
		}
	}
	check_window();
	check_tails();
	check_robust();
	return (CHECK_DONE());
}
