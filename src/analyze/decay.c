/*
 * Effective-audience decay (see decay.h and docs/analysis.md section 3).
 *
 * On logs the model is additive: z = log rate - log adjust = a_k +
 * log(floor + (1 - floor) 2^(-g / h)) + e, with a level a_k for each
 * group k of posts (ordinary posts, replies, ...): a reply reaches a
 * quarter of the audience a post does, but the silence it ends tells as
 * much about the decay, so replies are fitted rather than dropped. For
 * fixed weights and a fixed (floor, h) each level is a weighted mean in
 * closed form, so each pass of iteratively reweighted least squares
 * profiles a grid of floors (0 to 0.95 by 0.01) and half-lives (0.5 to
 * 365 days, 120 log steps): a coarse sweep of the whole grid, then a
 * climb to the best neighbour in shrinking strides. The passes use Huber
 * weights first, because they converge from any start, then Tukey's
 * biweight, which gives a viral post no weight at all rather than a
 * bounded pull. The scale is the MAD of the residuals.
 *
 * The estimates do not come from the best grid point, though. With few
 * long silences "slow decay to a low floor" and "fast decay to a high
 * floor" fit alike: the loss is flat along a ridge, its minimum lands
 * anywhere on it, often on the grid's edge, and the fraction after 90
 * days, beyond most silences, swings with it. Instead, at the final
 * weights, each grid point (every second floor and half-life: a finer
 * grid moves no figure) is weighted by its likelihood exp(-loss / 2 s^2)
 * times a weak prior, and the fraction on each day is the posterior
 * mean, its 90% interval the posterior's 5% to 95% points, widened to
 * hold the bootstrap's too (below). The prior: log half-life normal
 * about 20 days with sd 1 (95% between 3 and 140 days), and a floor
 * density falling linearly to 0 at 1, a Beta(1, 2), as a floor near 1
 * (no decay at all) is a claim for the data to make. Where the silences
 * speak, the likelihood outweighs it; beyond them it keeps the estimate
 * off the grid's edges, and the intervals stay wide there. Floor and
 * half-life are reported as the medians of their marginals, so the
 * curve is not exactly the curve of the two.
 *
 * Intervals of the floor and half-life come from bootstrap resamples of
 * posts, which show their trade-off honestly: each resample is refitted
 * from a sweep of the whole grid, not just near the full fit, so that it
 * is free to land anywhere on the ridge, then reweighted at its own
 * estimate. The fraction's interval holds the bootstrap's as well: the
 * posterior takes the fit's weights and scale as given, and where two or
 * three posts after the longest silences decide the floor it can be
 * sure of them too soon; a resample that draws none of them is not.
 *
 * The log efficiency of every post is cached per grid point on first
 * use, so a grid point costs a few dot products after that; the
 * bootstrap climbs to every second grid point only, which the
 * percentiles do not notice.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/decay.h"
#include "analyze/robust.h"
#include "analyze/stats.h"
#include "util/xmalloc.h"

#define NF		96	/* floors j / 100 for j < NF */
#define NH		121	/* half-lives from H_MIN to H_MAX, log steps */
#define H_MIN		0.5
#define H_MAX		365.0
#define NBOOT		1000	/* bootstrap resamples */
#define MAX_PASSES	30	/* reweighting passes per stage */
#define FIT_FSTRIDE	5	/* the full fit's coarse grid */
#define FIT_HSTRIDE	3
#define BOOT_FSTRIDE	24	/* the bootstrap's coarse grid */
#define BOOT_HSTRIDE	20
#define BOOT_STEP	2	/* and its resolution, in grid steps */
#define MAX_CLIMB	1000	/* moves of a local grid search */
#define CACHE_BYTES	((size_t)64 << 20)
#define LN2		0.69314718055994530942
#define NG		DECAY_NGROUPS
#define NBIN		1000	/* the posterior's histogram of fractions */
#define POST_STEP	2	/* the posterior's resolution, in grid steps */
#define PRIOR_H		20.0	/* the prior's median half-life, days */
#define PRIOR_H_SD	1.0	/* and the sd of its log */
#define PRIOR_FLOOR_B	2.0	/* floor ~ Beta(1, this) */

/* The days of the interval table; the curve is a subset of them. */
static const double table_days[DECAY_NTABLE] = {
	0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 7, 10, 14, 18, 22, 26, 30,
	35, 40, 45, 52, 60, 70, 80, 90, 105, 120, 150, 180, 240, 300, 365,
	730
};
static const int curve_at[DECAY_NCURVE] = { 3, 6, 9, 11, 15, 20, 23, 27 };

/* A grid point with its profiled levels and weighted loss. */
struct est {
	int		 fi;		/* floor index */
	int		 hi;		/* half-life index */
	double		 a[NG];		/* level of each group, log */
	double		 loss;		/* weighted sum of squares */
};

/* One fit's data, grid and weights. */
struct work {
	size_t		 n;		/* usable posts */
	double		*g;		/* their gaps, days */
	double		*z;		/* their log rates, centred */
	double		 zmid;		/* what centred them */
	int		*grp;		/* their groups, in order */
	size_t		*orig;		/* their indices in the caller's */
	double		 h[NH];		/* the half-life grid, days */
	double		*e2;		/* 2^(-g / h), NH rows of n */
	double		**col;		/* per grid point: log eff, or NULL */
	size_t		 ncached;	/* columns in col */
	size_t		 maxcached;	/* columns CACHE_BYTES allows */
	double		*spare;		/* a column once the cache is full */
	size_t		 nact;		/* posts weighted in this pass */
	size_t		*act;		/* which they are */
	size_t		 gend[NG];	/* where each group ends in act */
	double		*v;		/* their weights, in act's order */
	double		*vz;		/* v times z */
	double		 sv[NG], svz[NG];	/* per group: sums of v, v z */
	double		 svzz;		/* the sum of v z^2 */
	unsigned int	 pass;		/* counts calls of set_weights */
	unsigned int	*seen;		/* per grid point: pass of memo */
	struct est	*memo;		/* per grid point: its est that pass */
};

static const char *few_silences[DECAY_MIN_SILENCES] = {
	"not enough silences to estimate (0 silences of 7+ days; need 4)",
	"not enough silences to estimate (1 silence of 7+ days; need 4)",
	"not enough silences to estimate (2 silences of 7+ days; need 4)",
	"not enough silences to estimate (3 silences of 7+ days; need 4)"
};

/* The normal-consistent MAD of r; tmp holds n values. */
static double
mad_scale(const double *r, size_t n, double *tmp)
{
	double	 med, s;
	size_t	 i;

	memcpy(tmp, r, n * sizeof *tmp);
	med = robust_quantile(tmp, n, 0.5);
	for (i = 0; i < n; i++)
		tmp[i] = fabs(r[i] - med);
	s = 1.4826 * robust_quantile(tmp, n, 0.5);
	/* A perfect fit has no scale; keep the weights defined. */
	return (s > 1e-9 ? s : 1e-9);
}

/* The MAD of the residuals of the posts drawn (mult NULL: of all). */
static double
drawn_scale(const double *r, size_t n, const unsigned int *mult,
    double *tmp)
{
	size_t	 i, m = 0;

	if (mult == NULL)
		return (mad_scale(r, n, tmp + n));
	for (i = 0; i < n; i++)
		if (mult[i] != 0)
			tmp[m++] = r[i];
	return (mad_scale(tmp, m, tmp + n));
}

static double
eff(double fl, double h, double days)
{
	return (fl + (1 - fl) * exp2(-days / h));
}

/*
 * The log efficiency of every post at grid point (fi, hi). A zero floor
 * is written out, as exp2 would underflow to a log of 0 on long gaps.
 */
static const double *
column(struct work *w, int fi, int hi)
{
	double	**slot = &w->col[fi * NH + hi], *c, fl = fi / 100.0;
	size_t	 i;

	if (*slot != NULL)
		return (*slot);
	if (w->ncached < w->maxcached) {
		c = *slot = xcalloc(w->n, sizeof *c);
		w->ncached++;
	} else
		c = w->spare;
	for (i = 0; i < w->n; i++) {
		if (fi == 0)
			c[i] = -w->g[i] / w->h[hi] * LN2;
		else
			c[i] = log(fl + (1 - fl) * w->e2[hi * w->n + i]);
	}
	return (c);
}

/*
 * Set the pass's weights: wt times the resample counts, if any. Posts of
 * weight 0 (not drawn, or viral) are left out of the pass's sums. The
 * posts come sorted by group, so each group is a run of act.
 */
static void
set_weights(struct work *w, const double *wt, const unsigned int *mult)
{
	double	 v;
	size_t	 i;
	int	 gr;

	w->pass++;
	w->nact = 0;
	w->svzz = 0;
	for (gr = 0; gr < NG; gr++)
		w->sv[gr] = w->svz[gr] = w->gend[gr] = 0;
	for (i = 0; i < w->n; i++) {
		v = wt[i] * (mult != NULL ? mult[i] : 1);
		if (v != 0) {
			w->act[w->nact] = i;
			w->v[w->nact] = v;
			w->vz[w->nact] = v * w->z[i];
			w->sv[w->grp[i]] += v;
			w->svz[w->grp[i]] += v * w->z[i];
			w->svzz += v * w->z[i] * w->z[i];
			w->nact++;
		}
		w->gend[w->grp[i]] = w->nact;
	}
	/* A group without posts ends where the one before it does. */
	for (gr = 1; gr < NG; gr++)
		if (w->gend[gr] < w->gend[gr - 1])
			w->gend[gr] = w->gend[gr - 1];
}

/*
 * The sums of v l, v l^2 and v z l over the pass's posts from k to end.
 * Four partial sums each let the additions overlap; one chain would
 * wait on each.
 */
static void
dot3(const struct work *w, const double *c, size_t k, size_t end,
    double *s1, double *s2, double *s3)
{
	double	 a[4] = { 0 }, b[4] = { 0 }, d[4] = { 0 }, l;
	size_t	 j;

	for (; k + 4 <= end; k += 4)
		for (j = 0; j < 4; j++) {
			l = c[w->act[k + j]];
			a[j] += w->v[k + j] * l;
			b[j] += w->v[k + j] * l * l;
			d[j] += w->vz[k + j] * l;
		}
	for (j = 0; k < end; k++, j++) {
		l = c[w->act[k]];
		a[j] += w->v[k] * l;
		b[j] += w->v[k] * l * l;
		d[j] += w->vz[k] * l;
	}
	*s1 = (a[0] + a[1]) + (a[2] + a[3]);
	*s2 = (b[0] + b[1]) + (b[2] + b[3]);
	*s3 = (d[0] + d[1]) + (d[2] + d[3]);
}

/*
 * Profile the levels at grid point (fi, hi): a weighted mean per group.
 * Each point is computed once per pass; a climb revisits its neighbours
 * often.
 */
static void
eval(struct work *w, int fi, int hi, struct est *e)
{
	const double	*c;
	double		 s1, s2, s3, r;
	size_t		 p = (size_t)fi * NH + hi, k;
	int		 gr;

	if (w->seen[p] == w->pass) {
		*e = w->memo[p];
		return;
	}
	c = column(w, fi, hi);
	e->fi = fi;
	e->hi = hi;
	e->loss = w->nact > 0 ? w->svzz : INFINITY;
	for (gr = 0, k = 0; gr < NG; k = w->gend[gr++]) {
		e->a[gr] = 0;
		if (w->gend[gr] == k)
			continue;
		dot3(w, c, k, w->gend[gr], &s1, &s2, &s3);
		r = w->svz[gr] - s1;
		e->a[gr] = r / w->sv[gr];
		e->loss += s2 - 2 * s3 - r * r / w->sv[gr];
	}
	w->seen[p] = w->pass;
	w->memo[p] = *e;
}

/*
 * Move to the best of the eight neighbours at distance step until none
 * is better.
 */
static void
climb_by(struct work *w, int step, struct est *e)
{
	struct est	 best, t;
	int		 df, dh, fi, hi, moves;

	for (moves = 0; moves < MAX_CLIMB; moves++) {
		best = *e;
		for (df = -step; df <= step; df += step)
			for (dh = -step; dh <= step; dh += step) {
				fi = e->fi + df;
				hi = e->hi + dh;
				if ((df == 0 && dh == 0) || fi < 0 ||
				    fi >= NF || hi < 0 || hi >= NH)
					continue;
				eval(w, fi, hi, &t);
				if (t.loss < best.loss)
					best = t;
			}
		if (best.fi == e->fi && best.hi == e->hi)
			break;
		*e = best;
	}
}

/* Climb to a local minimum, in long strides first, down to finest. */
static void
climb(struct work *w, int finest, struct est *e)
{
	int	 step;

	eval(w, e->fi, e->hi, e);
	for (step = 4; step >= finest; step /= 2)
		climb_by(w, step, e);
}

/*
 * Search the grid with the weights fixed: every fstride-th floor and
 * hstride-th half-life, and start if given, then climb from the best.
 */
static void
search(struct work *w, int fstride, int hstride, int finest,
    const struct est *start, struct est *e)
{
	struct est	 t;
	int		 fi, hi;

	e->loss = INFINITY;
	if (start != NULL)
		eval(w, start->fi, start->hi, e);
	for (fi = 0; fi < NF; fi += fstride)
		for (hi = 0; hi < NH; hi += hstride) {
			eval(w, fi, hi, &t);
			if (t.loss < e->loss)
				*e = t;
		}
	if (isinf(e->loss))
		eval(w, 0, 0, e);
	climb(w, finest, e);
}

static void
residuals(struct work *w, const struct est *e, double *r)
{
	const double	*c = column(w, e->fi, e->hi);
	size_t		 i;

	for (i = 0; i < w->n; i++)
		r[i] = w->z[i] - e->a[w->grp[i]] - c[i];
}

static int
same_est(const struct est *x, const struct est *y)
{
	int	 gr;

	if (x->fi != y->fi || x->hi != y->hi)
		return (0);
	for (gr = 0; gr < NG; gr++)
		if (fabs(x->a[gr] - y->a[gr]) >= 1e-7)
			return (0);
	return (1);
}

/*
 * Reweight and refit until the estimate settles. With rescale, the scale
 * follows the residuals each pass (the Huber stage); otherwise it stays.
 * A global search each pass keeps a bad start from trapping the fit.
 */
static void
reweight(struct work *w, enum robust_rho rho, int rescale, double *s,
    double *wt, double *r, double *tmp, const unsigned int *mult,
    struct est *e)
{
	struct est	 prev;
	int		 pass;

	for (pass = 0; pass < MAX_PASSES; pass++) {
		residuals(w, e, r);
		if (rescale)
			*s = drawn_scale(r, w->n, mult, tmp);
		robust_weights(r, w->n, *s, rho, NULL, wt);
		set_weights(w, wt, mult);
		prev = *e;
		search(w, FIT_FSTRIDE, FIT_HSTRIDE, 1, &prev, e);
		if (same_est(&prev, e))
			break;
	}
}

/*
 * The fit to the posts mult draws (NULL: all of them); leaves its final
 * weights in wt for the bootstrap. tmp holds 2 n values.
 */
static void
fit_all(struct work *w, const unsigned int *mult, double *wt, double *r,
    double *tmp, struct est *e, double *s)
{
	size_t	 i;

	for (i = 0; i < w->n; i++)
		wt[i] = 1;
	set_weights(w, wt, mult);
	search(w, FIT_FSTRIDE, FIT_HSTRIDE, 1, NULL, e);
	reweight(w, ROBUST_HUBER, 1, s, wt, r, tmp, mult, e);
	reweight(w, ROBUST_BISQUARE, 0, s, wt, r, tmp, mult, e);
	residuals(w, e, r);
	robust_weights(r, w->n, *s, ROBUST_BISQUARE, NULL, wt);
}

/*
 * Refit NBOOT resamples of the posts: start from the full fit's weights,
 * search the coarse grid, then reweight twice at the resample's own
 * estimate. The draws of floor and half-life land in bf and bh.
 */
static void
bootstrap(struct work *w, const double *wt0, const struct est *best,
    double s, unsigned int seed, double *bf, double *bh)
{
	struct est	 e, prev;
	unsigned int	*mult;
	double		*wt, *r;
	uint64_t	 state = seed;
	size_t		 b;
	int		 pass;

	mult = xcalloc(w->n, sizeof *mult);
	wt = xcalloc(w->n, sizeof *wt);
	r = xcalloc(w->n, sizeof *r);
	for (b = 0; b < NBOOT; b++) {
		robust_resample(&state, w->n, mult);
		set_weights(w, wt0, mult);
		search(w, BOOT_FSTRIDE, BOOT_HSTRIDE, BOOT_STEP, best, &e);
		for (pass = 0; pass < 2; pass++) {
			residuals(w, &e, r);
			robust_weights(r, w->n, s, ROBUST_BISQUARE, NULL, wt);
			set_weights(w, wt, mult);
			prev = e;
			/* The weights moved a little; so does the minimum. */
			eval(w, e.fi, e.hi, &e);
			climb_by(w, BOOT_STEP, &e);
			if (same_est(&prev, &e))
				break;
		}
		bf[b] = e.fi / 100.0;
		bh[b] = w->h[e.hi];
	}
	free(r);
	free(wt);
	free(mult);
}

/*
 * Keep the usable posts, sorted by group; count the silences among
 * them, and the posts soon after another, which show the level the
 * silences fall from.
 */
static void
collect(const struct decay_obs *obs, size_t n, struct work *w, int *nsil,
    int *nbase)
{
	double	 adj, med, *tmp;
	size_t	 i;
	int	 gr;

	w->g = xcalloc(n + 1, sizeof *w->g);
	w->z = xcalloc(n + 1, sizeof *w->z);
	w->grp = xcalloc(n + 1, sizeof *w->grp);
	w->orig = xcalloc(n + 1, sizeof *w->orig);
	w->n = 0;
	*nsil = *nbase = 0;
	for (gr = 0; gr < NG; gr++)
		for (i = 0; i < n; i++) {
			adj = obs[i].adjust == 0 ? 1 : obs[i].adjust;
			if (obs[i].group != gr || !isfinite(obs[i].rate) ||
			    obs[i].rate <= 0 || !isfinite(obs[i].gap_days) ||
			    obs[i].gap_days < 0 || !isfinite(adj) || adj < 0)
				continue;
			w->g[w->n] = obs[i].gap_days;
			w->z[w->n] = log(obs[i].rate) - log(adj);
			w->grp[w->n] = gr;
			w->orig[w->n] = i;
			if (obs[i].gap_days >= DECAY_SILENCE_DAYS)
				(*nsil)++;
			if (obs[i].gap_days < DECAY_BASELINE_DAYS)
				(*nbase)++;
			w->n++;
		}
	if (w->n == 0)
		return;
	/* Centred, the sums of squares keep their precision. */
	tmp = xcalloc(w->n, sizeof *tmp);
	memcpy(tmp, w->z, w->n * sizeof *tmp);
	med = robust_quantile(tmp, w->n, 0.5);
	free(tmp);
	w->zmid = med;
	for (i = 0; i < w->n; i++)
		w->z[i] -= med;
}

static void
fit_unknown(struct decay_fit *out)
{
	int	 k;

	memset(out, 0, sizeof *out);
	out->half_life = out->half_life_lo = out->half_life_hi = NAN;
	out->floor = out->floor_lo = out->floor_hi = NAN;
	out->scale = NAN;
	for (k = 0; k < DECAY_NTABLE; k++)
		out->tab_mid[k] = out->tab_lo[k] = out->tab_hi[k] = NAN;
}

/* The log prior density at a grid point, up to a constant. */
static double
log_prior(const struct work *w, int fi, int hi)
{
	double	 u = log(w->h[hi] / PRIOR_H) / PRIOR_H_SD;

	return (-u * u / 2 + (PRIOR_FLOOR_B - 1) * log1p(-fi / 100.0));
}

/* The index where the running sum of p[0..n) first reaches q of sum. */
static int
quantile_index(const double *p, int n, double sum, double q)
{
	double	 acc = 0;
	int	 k;

	for (k = 0; k < n - 1; k++)
		if ((acc += p[k]) >= q * sum)
			break;
	return (k);
}

/*
 * The posterior over the grid, at every POST_STEP-th floor and
 * half-life, at the full fit's weights: the likelihood exp(-loss /
 * 2 s^2), the levels profiled out (with flat priors they integrate to a
 * constant), times the prior. On the table's days the fraction is its
 * posterior mean, and its interval runs between the posterior's 5% and
 * 95% points, found on a histogram of NBIN bins (ample for output to
 * 0.001). Floor and half-life are the medians of their marginals.
 */
static void
posterior(struct work *w, const double *wt, double s, struct decay_fit *out)
{
	struct est	 e;
	double		*p, *hist, pf[NF], ph[NH], acc[DECAY_NTABLE];
	double		 fl, f, sum = 0, top = -INFINITY;
	int		 fi, hi, k, b;

	p = xcalloc((size_t)NF * NH, sizeof *p);
	hist = xcalloc((size_t)DECAY_NTABLE * NBIN, sizeof *hist);
	set_weights(w, wt, NULL);
	for (fi = 0; fi < NF; fi += POST_STEP)
		for (hi = 0; hi < NH; hi += POST_STEP) {
			eval(w, fi, hi, &e);
			p[fi * NH + hi] = -e.loss / (2 * s * s) +
			    log_prior(w, fi, hi);
			if (p[fi * NH + hi] > top)
				top = p[fi * NH + hi];
		}
	memset(pf, 0, sizeof pf);
	memset(ph, 0, sizeof ph);
	memset(acc, 0, sizeof acc);
	for (fi = 0; fi < NF; fi += POST_STEP) {
		fl = fi / 100.0;
		for (hi = 0; hi < NH; hi += POST_STEP) {
			/* Relative to the top, so that exp cannot overflow. */
			p[fi * NH + hi] = exp(p[fi * NH + hi] - top);
			sum += p[fi * NH + hi];
			pf[fi] += p[fi * NH + hi];
			ph[hi] += p[fi * NH + hi];
			for (k = 0; k < DECAY_NTABLE; k++) {
				f = eff(fl, w->h[hi], table_days[k]);
				acc[k] += p[fi * NH + hi] * f;
				b = (int)(f * NBIN);
				hist[k * NBIN + (b < NBIN ? b : NBIN - 1)] +=
				    p[fi * NH + hi];
			}
		}
	}
	for (k = 0; k < DECAY_NTABLE; k++) {
		out->tab_mid[k] = acc[k] / sum;
		/* A bin's outer edge, so that the interval holds it. */
		b = quantile_index(hist + k * NBIN, NBIN, sum, 0.05);
		out->tab_lo[k] = fmin((double)b / NBIN, out->tab_mid[k]);
		b = quantile_index(hist + k * NBIN, NBIN, sum, 0.95);
		out->tab_hi[k] = fmax((double)(b + 1) / NBIN, out->tab_mid[k]);
	}
	for (k = 0; k < DECAY_NCURVE; k++) {
		out->curve[k].days = table_days[curve_at[k]];
		out->curve[k].fraction = out->tab_mid[curve_at[k]];
		out->curve[k].lo = out->tab_lo[curve_at[k]];
		out->curve[k].hi = out->tab_hi[curve_at[k]];
	}
	out->ncurve = DECAY_NCURVE;
	out->floor = quantile_index(pf, NF, sum, 0.5) / 100.0;
	out->half_life = w->h[quantile_index(ph, NH, sum, 0.5)];
	free(hist);
	free(p);
}

/*
 * Widen the posterior's intervals of the fraction to hold the
 * bootstrap's percentile intervals as well (see the top of the file).
 */
static void
widen_by_bootstrap(const double *bf, const double *bh, double *tmp,
    struct decay_fit *out)
{
	size_t	 b, k;

	for (k = 0; k < DECAY_NTABLE; k++) {
		for (b = 0; b < NBOOT; b++)
			tmp[b] = eff(bf[b], bh[b], table_days[k]);
		out->tab_lo[k] = fmin(out->tab_lo[k],
		    robust_quantile(tmp, NBOOT, 0.05));
		out->tab_hi[k] = fmax(out->tab_hi[k],
		    robust_quantile(tmp, NBOOT, 0.95));
	}
	for (k = 0; k < DECAY_NCURVE; k++) {
		out->curve[k].lo = out->tab_lo[curve_at[k]];
		out->curve[k].hi = out->tab_hi[curve_at[k]];
	}
}

/* Bounds of the half-life and the floor, with the notes they call for. */
static void
parameter_bounds(const struct work *w, double *bf, double *bh,
    struct decay_fit *out)
{
	int	 open_hi, open_lo;

	out->half_life_lo = robust_quantile(bh, NBOOT, 0.05);
	out->half_life_hi = robust_quantile(bh, NBOOT, 0.95);
	open_hi = out->half_life_hi >= w->h[NH - 2];
	open_lo = out->half_life_lo <= w->h[1];
	/* The point is a posterior median, not a draw: hold it. */
	out->half_life_lo = fmin(out->half_life_lo, out->half_life);
	out->half_life_hi = fmax(out->half_life_hi, out->half_life);
	if (open_hi)
		out->half_life_hi = INFINITY;
	if (open_lo)
		out->half_life_lo = 0;
	if (open_hi && open_lo)
		out->note = "half-life not bounded: the data fix the "
		    "fraction at the silences seen, not the half-life";
	else if (open_hi)
		out->note = "half-life not bounded above: few long silences";
	else if (open_lo)
		out->note = "half-life not bounded below: the decay is "
		    "faster than the shortest gaps resolve";
	out->floor_lo = fmin(robust_quantile(bf, NBOOT, 0.05), out->floor);
	out->floor_hi = fmax(robust_quantile(bf, NBOOT, 0.95), out->floor);
	/* The grid stops short of 1; a floor at its top is no bound. */
	if (out->floor_hi >= (NF - 1) / 100.0)
		out->floor_hi = 1;
}

/*
 * Keep the usable posts and check that they can support a fit: NULL, or
 * why not (static text).
 */
static const char *
work_collect(const struct decay_obs *obs, size_t n, struct work *w,
    int *nsil)
{
	int	 nbase;

	memset(w, 0, sizeof *w);
	collect(obs, n, w, nsil, &nbase);
	if (w->n < DECAY_MIN_POSTS)
		return ("too few usable posts to estimate (need 20)");
	if (*nsil < DECAY_MIN_SILENCES)
		return (few_silences[*nsil]);
	if (nbase < DECAY_MIN_BASELINE)
		return ("not enough posts soon after another to set the "
		    "baseline (need 10 within 2 days)");
	return (NULL);
}

/* The grid, its caches and the pass's arrays, for w's posts. */
static void
work_init(struct work *w)
{
	size_t	 i, ncol = (size_t)NF * NH;
	int	 k;

	w->e2 = xcalloc((size_t)NH * w->n, sizeof *w->e2);
	for (k = 0; k < NH; k++) {
		w->h[k] = H_MIN * pow(H_MAX / H_MIN, (double)k / (NH - 1));
		for (i = 0; i < w->n; i++)
			w->e2[k * w->n + i] = exp2(-w->g[i] / w->h[k]);
	}
	w->col = xcalloc(ncol, sizeof *w->col);
	w->maxcached = CACHE_BYTES / (w->n * sizeof(double));
	w->spare = xcalloc(w->n, sizeof *w->spare);
	w->seen = xcalloc(ncol, sizeof *w->seen);
	w->memo = xcalloc(ncol, sizeof *w->memo);
	w->act = xcalloc(w->n, sizeof *w->act);
	w->v = xcalloc(w->n, sizeof *w->v);
	w->vz = xcalloc(w->n, sizeof *w->vz);
}

static void
work_release(struct work *w)
{
	size_t	 i, ncol = (size_t)NF * NH;

	if (w->col != NULL)
		for (i = 0; i < ncol; i++)
			free(w->col[i]);
	free(w->col);
	free(w->spare);
	free(w->e2);
	free(w->seen);
	free(w->memo);
	free(w->act);
	free(w->v);
	free(w->vz);
	free(w->g);
	free(w->z);
	free(w->grp);
	free(w->orig);
	memset(w, 0, sizeof *w);
}

int
decay_fit(const struct decay_obs *obs, size_t n, unsigned int seed,
    struct decay_fit *out)
{
	struct work	 w;
	struct est	 e;
	double		*wt = NULL, *r = NULL, *tmp = NULL, *bf = NULL;
	double		*bh = NULL, s = 1;
	size_t		 i;
	int		 nsil, rv = -1;

	fit_unknown(out);
	out->note = work_collect(obs, n, &w, &nsil);
	out->n_posts = (int)w.n;
	out->n_silences = nsil;
	if (out->note != NULL)
		goto out;

	work_init(&w);
	wt = xcalloc(w.n, sizeof *wt);
	r = xcalloc(w.n, sizeof *r);
	tmp = xcalloc(2 * w.n > NBOOT ? 2 * w.n : NBOOT, sizeof *tmp);
	bf = xcalloc(NBOOT, sizeof *bf);
	bh = xcalloc(NBOOT, sizeof *bh);

	fit_all(&w, NULL, wt, r, tmp, &e, &s);
	out->ok = 1;
	out->scale = s;
	posterior(&w, wt, s, out);
	for (i = 0; i < w.n; i++)
		if (wt[i] == 0)
			out->n_outliers++;
	bootstrap(&w, wt, &e, s, seed, bf, bh);
	/* Before parameter_bounds, which sorts the draws apart. */
	widen_by_bootstrap(bf, bh, tmp, out);
	parameter_bounds(&w, bf, bh, out);
	rv = 0;
out:
	work_release(&w);
	free(wt);
	free(r);
	free(tmp);
	free(bf);
	free(bh);
	return (rv);
}

int
decay_heldout(const struct decay_obs *obs, size_t n, const int *fold,
    int nfold, double *resid)
{
	struct work	 w;
	struct est	 e;
	unsigned int	*mult = NULL;
	double		*wt = NULL, *r = NULL, *tmp = NULL, s = 1;
	size_t		 i;
	int		 nsil, k, rv = -1;

	for (i = 0; i < n; i++)
		resid[i] = NAN;
	if (work_collect(obs, n, &w, &nsil) != NULL)
		goto out;
	work_init(&w);
	mult = xcalloc(w.n, sizeof *mult);
	wt = xcalloc(w.n, sizeof *wt);
	r = xcalloc(w.n, sizeof *r);
	tmp = xcalloc(2 * w.n, sizeof *tmp);
	for (k = 0; k < nfold; k++) {
		for (i = 0; i < w.n; i++)
			mult[i] = fold[w.orig[i]] != k;
		fit_all(&w, mult, wt, r, tmp, &e, &s);
		for (i = 0; i < w.n; i++)
			if (!mult[i])
				resid[w.orig[i]] = r[i];
	}
	rv = 0;
out:
	work_release(&w);
	free(mult);
	free(wt);
	free(r);
	free(tmp);
	return (rv);
}

/*
 * A table's value at days: interpolated in log days between its points,
 * from 1 at day 0 to its first, held at its last beyond it.
 */
static double
table_at(const double *tab, double days)
{
	double	 t;
	int	 k;

	if (days < table_days[0])
		return (1 + days / table_days[0] * (tab[0] - 1));
	for (k = 0; k + 1 < DECAY_NTABLE; k++)
		if (days < table_days[k + 1])
			break;
	if (k + 1 >= DECAY_NTABLE)
		return (tab[DECAY_NTABLE - 1]);
	t = log(days / table_days[k]) /
	    log(table_days[k + 1] / table_days[k]);
	return (tab[k] + t * (tab[k + 1] - tab[k]));
}

double
decay_fraction(const struct decay_fit *fit, double days)
{
	if (!fit->ok || !(days >= 0))
		return (NAN);
	return (table_at(fit->tab_mid, days));
}

void
decay_fraction_ci(const struct decay_fit *fit, double days, double *lo,
    double *hi)
{
	if (!fit->ok || !(days >= 0)) {
		*lo = *hi = NAN;
		return;
	}
	/* Just after a post the fraction is 1 by definition. */
	*lo = table_at(fit->tab_lo, days);
	*hi = table_at(fit->tab_hi, days);
}
