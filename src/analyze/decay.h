/*
 * Effective-audience decay: the share of an account's audience that
 * still sees its next post after a silence of g days, modelled as
 * floor + (1 - floor) * 2^(-g / half_life), relative to an account that
 * has just posted (g = 0 gives 1). Pure computation on arrays.
 */
#ifndef TL_ANALYZE_DECAY_H
#define TL_ANALYZE_DECAY_H

#include <stddef.h>

#define DECAY_MIN_POSTS		20	/* usable posts needed to fit */
#define DECAY_MIN_SILENCES	4	/* long silences needed to fit */
#define DECAY_SILENCE_DAYS	7.0	/* a gap this long is a silence */
#define DECAY_MIN_BASELINE	10	/* posts needed within ... */
#define DECAY_BASELINE_DAYS	2.0	/* ... this of the previous one */
#define DECAY_NCURVE		8	/* at 1 3 7 14 30 60 90 180 days */
#define DECAY_NTABLE		32	/* see decay_fraction_ci */
#define DECAY_NGROUPS		4	/* kinds of post, see decay_obs */

/*
 * One post of one account. The gap runs from the account's previous post
 * of any kind: a reply ends a silence as well as a post does. Posts of a
 * group other than 0 (replies, say) engage at a level of their own, a
 * factor fitted along with the decay.
 */
struct decay_obs {
	double		 t_days;	/* when posted, days since the epoch
					   (the inactivity model's clock) */
	double		 gap_days;	/* days since the previous post, >= 0 */
	double		 rate;		/* engagement at ~7 days / followers */
	double		 adjust;	/* expected multiplier (topic);
					   1.0, or 0 for none */
	int		 group;		/* 0 to DECAY_NGROUPS - 1 */
};

/* One follower count: the inactivity model's cohorts come from these. */
struct decay_count {
	double		 t_days;	/* days since the epoch */
	double		 followers;	/* > 0; others are left out */
};

/* The effective fraction after `days` of silence, with a 90% interval. */
struct decay_point {
	double		 days;
	double		 fraction;	/* posterior mean */
	double		 lo, hi;	/* posterior 5% and 95% points,
					   widened to the bootstrap's */
};

/*
 * The fit. When ok is 0 every number is NaN, ncurve is 0 and note says
 * why; otherwise note is NULL or a caveat. All text is static. With few
 * long silences half_life and floor trade off against each other: their
 * intervals (from a bootstrap) are then wide while the fraction at the
 * observed silence lengths stays well determined, so report the fraction
 * first. Floor and half-life are posterior medians; the curve is the
 * posterior mean of the fraction on each day, not the curve of the two.
 */
struct decay_fit {
	int		 ok;		/* 0: the data cannot support it */
	const char	*note;		/* why not, or a caveat; static */
	double		 half_life;	/* days */
	double		 half_life_lo;	/* 0 when not bounded below */
	double		 half_life_hi;	/* INFINITY when not bounded above */
	double		 floor;		/* fraction that never decays */
	double		 floor_lo, floor_hi;
	double		 scale;		/* robust sd of the log residuals */
	int		 n_posts;	/* usable observations */
	int		 n_silences;	/* of which gap >= DECAY_SILENCE_DAYS */
	int		 n_outliers;	/* set aside by the robust fit */
	struct decay_point curve[DECAY_NCURVE];
	size_t		 ncurve;
	/* Private: the fraction and its bounds on a table of days. */
	double		 tab_mid[DECAY_NTABLE];
	double		 tab_lo[DECAY_NTABLE], tab_hi[DECAY_NTABLE];
};

/*
 * Fit one account's posts. Observations with a rate <= 0, a negative
 * gap, a negative adjust, a group out of range or anything non-finite
 * are left out. The bootstrap draws from a generator seeded with seed,
 * so equal inputs give equal fits. Returns 0, or -1 when the data
 * cannot support an estimate (out->ok is 0 and out->note says why).
 */
int	 decay_fit(const struct decay_obs *, size_t, unsigned int,
	    struct decay_fit *);
/*
 * The point estimate of the effective fraction after days of silence,
 * and its 90% interval: exact at the curve's days, interpolated in log
 * days between table points elsewhere, and held at the 730-day value
 * beyond it.
 */
double	 decay_fraction(const struct decay_fit *, double);
void	 decay_fraction_ci(const struct decay_fit *, double, double *,
	    double *);
/*
 * Held-out prediction of the posts: for each fold k of nfold, the model
 * is fitted (robustly, as decay_fit does, without the intervals) to the
 * posts of the other folds, and the log rate of each post of fold k is
 * predicted. resid[i] gets observation i's log rate minus the
 * prediction, NAN for a post decay_fit leaves out. fold[i] is in 0 to
 * nfold - 1. Returns 0, or -1 when the data cannot support a fit.
 */
int	 decay_heldout(const struct decay_obs *, size_t, const int *, int,
	    double *);

#endif
