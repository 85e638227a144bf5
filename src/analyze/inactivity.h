/*
 * The inactivity model of the effective audience: followers go quiet on
 * the platform at a hazard of their follow age, whether or not the
 * account posts, and only the active ones engage. A post's engagement
 * rate is then proportional to the active share A(t) / F(t), where A(t)
 * sums each cohort of followers (the gains of the follower series) times
 * S(age), the chance a follower of that age is still active, a Weibull
 * survival exp(-(age / scale)^shape). The followers of the first count
 * are one cohort of unknown age with an active share of their own. Pure
 * computation on arrays; see docs/analysis.md section 7.
 */
#ifndef TL_ANALYZE_INACTIVITY_H
#define TL_ANALYZE_INACTIVITY_H

#include <stddef.h>

#include "analyze/decay.h"

#define INACTIVITY_MIN_DAYS	60.0	/* follower series' span needed */

/* What the model is fitted to. */
struct inactivity_input {
	const struct decay_obs	*obs;	/* the posts, as decay_fit takes */
	size_t			 nobs;
	const struct decay_count *counts; /* follower counts, in time order */
	size_t			 ncounts;
	double			 now_days;	/* the as-of time */
	double			 last_post_days; /* NAN: no post */
};

/*
 * The fit. When ok is 0 every number is NaN, ncurve is 0 and note says
 * why; otherwise note is NULL or a caveat (static text). The numbers are
 * posterior medians and means over a grid of scales, shapes and initial
 * shares at the robust fit's weights (flat priors on the grid); the
 * intervals hold both the posterior's 5% to 95% points and those of a
 * bootstrap over posts.
 */
struct inactivity_fit {
	int		 ok;		/* 0: the data cannot support it */
	const char	*note;		/* why not, or a caveat; static */
	double		 scale;		/* Weibull scale of an active life,
					   days */
	double		 scale_lo;	/* 90% interval */
	double		 scale_hi;	/* INFINITY: not bounded above */
	double		 shape;		/* < 1: the hazard falls with age */
	double		 shape_lo, shape_hi;
	double		 initial_share;	/* active share of the first count's
					   followers then */
	double		 initial_lo, initial_hi;
	double		 fraction;	/* active share of the followers at
					   now_days (posterior mean) */
	double		 lo, hi;	/* its 90% interval */
	double		 noise;		/* robust sd of the log residuals */
	int		 n_posts;	/* usable observations */
	int		 n_outliers;	/* set aside by the robust fit */
	/*
	 * Of the followers at the last post, the share still active after
	 * `days` of silence, no one gained or lost meanwhile: what the
	 * reach model's curve is to that model.
	 */
	struct decay_point curve[DECAY_NCURVE];
	size_t		 ncurve;
};

/*
 * Fit the model. The posts usable are those decay_fit uses that fall
 * within the follower series; the bootstrap draws from a generator
 * seeded with seed. Returns 0, or -1 when the data cannot support an
 * estimate (out->ok is 0 and out->note says why).
 */
int	 inactivity_fit(const struct inactivity_input *, unsigned int,
	    struct inactivity_fit *);
/*
 * Held-out prediction, as decay_heldout: resid[i] is observation i's log
 * rate minus its prediction from the fit to the other folds, NAN for a
 * post left out. Returns 0, or -1 when the data cannot support a fit.
 */
int	 inactivity_heldout(const struct inactivity_input *, const int *, int,
	    double *);

#endif
