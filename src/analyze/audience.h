/*
 * The effective audience by two models, and the choice between them:
 * the reach model (decay.h: a silence shrinks the reach of the next
 * post, which restores it) and the inactivity model (inactivity.h:
 * followers go quiet at a hazard of their follow age, and posting only
 * brings new ones). Both are fitted to the same posts; the one whose
 * held-out predictions of the posts' log rates are clearly better gives
 * the estimate. Pure computation; see docs/analysis.md sections 3 and 7.
 */
#ifndef TL_ANALYZE_AUDIENCE_H
#define TL_ANALYZE_AUDIENCE_H

#include <stddef.h>

#include "analyze/decay.h"
#include "analyze/inactivity.h"

#define AUDIENCE_NFOLD	20	/* time-ordered folds of the posts */

enum audience_model {
	AUDIENCE_NONE = -1,	/* neither model could be fitted */
	AUDIENCE_REACH,
	AUDIENCE_INACTIVITY
};

/*
 * A direct measurement of the active share (a census of the followers,
 * section 7), held against the models' estimates.
 */
struct audience_measured {
	double		 at_days;	/* when measured, days since the epoch */
	double		 fraction;	/* active share of the followers */
	double		 lo, hi;	/* its 90% interval */
};

struct audience_input {
	const struct decay_obs	*obs;	/* the posts, in time order */
	size_t			 nobs;
	const struct decay_count *counts; /* follower counts, in time order */
	size_t			 ncounts;
	double			 now_days;	/* the as-of time */
	double			 last_post_days; /* NAN: no post */
	const struct audience_measured *measured; /* NULL: none */
	unsigned int		 seed;	/* the bootstraps' */
};

/*
 * Both fits and the choice. The held-out error of a model is the root
 * mean square of the held-out residuals of the log rates, each squared
 * residual capped at (2.5 s)^2 with s the robust scale of all of them,
 * so that a viral post, an outlier to both models, does not decide; it
 * is NAN for a model that could not be fitted. Both are scored on the
 * same posts, fold by fold (the posts in time order, in AUDIENCE_NFOLD
 * runs, each predicted from a fit to the others): a model predicting
 * posts it was not fitted to pays for any parameter it does not need.
 */
struct audience_fit {
	struct decay_fit	 reach;
	struct inactivity_fit	 inactivity;
	double		 reach_error;	/* held-out, log rates */
	double		 inactivity_error;
	double		 error_t;	/* the mean per-fold difference of
					   squared errors (reach minus
					   inactivity) over its standard
					   error: > 0 favours inactivity */
	int		 n_scored;	/* posts both models predicted */
	enum audience_model model;	/* the one the estimate is from */
	int		 clear;		/* 1: chosen for a clearly lower
					   held-out error */
	const char	*note;		/* how the choice was made; static,
					   NULL when neither was fitted */
	double		 fraction;	/* the chosen model's effective
					   fraction now; NAN without one */
	double		 lo, hi;	/* its 90% interval */
	int		 measured_agrees; /* 1: the interval overlaps the
					   measured share's; 0: it does not
					   (the model misreads this audience);
					   -1: no measurement or no interval */
	int		 by_census;	/* 1: the measured share chose between
					   models the posts could not */
};

/*
 * Fit both models, score them and choose. Returns 0 when a model gives
 * the estimate, -1 when neither can (the fits' notes say why).
 */
int	 audience_fit(const struct audience_input *, struct audience_fit *);
/*
 * The chosen model's curve, the effective fraction after 1 to 180
 * silent days (decay_fit's and inactivity_fit's say what they mean), in
 * *n points; NULL and 0 without a model.
 */
const struct decay_point *audience_curve(const struct audience_fit *,
	    size_t *);
/* "reach", "inactivity", or NULL for AUDIENCE_NONE. */
const char *audience_model_name(enum audience_model);

/*
 * Why the census says what it says of an account, decided once (here)
 * for every output: audience's note, report's line, status, the chart.
 * The first ones leave no numbers; from AUDIENCE_CENSUS_FAILED on there
 * may be numbers (of walks before) with a note on them.
 */
enum audience_reason {
	AUDIENCE_CENSUS_READ,	/* numbers, nothing to say of them */
	AUDIENCE_CENSUS_NO_LIST,	/* no follower list of the platform */
	AUDIENCE_CENSUS_OFF,		/* turned off for the account */
	AUDIENCE_CENSUS_NOT_ASKED,	/* billed (X) and not asked for */
	AUDIENCE_CENSUS_FAILED,		/* failed, no walk read a page since */
	AUDIENCE_CENSUS_NOT_YET,	/* no walk yet */
	AUDIENCE_CENSUS_NOT_BY,		/* the first walk came after as-of */
	AUDIENCE_CENSUS_HIDDEN,		/* the account hides its list */
	AUDIENCE_CENSUS_HIDDEN_TO_OWNER, /* and the server, from its owner */
	AUDIENCE_CENSUS_EMPTY,		/* counted followers, listed none */
	AUDIENCE_CENSUS_STALE,		/* last read long before as-of */
	AUDIENCE_CENSUS_INCOMPLETE,	/* the first walk is under way */
	AUDIENCE_CENSUS_UNLISTED	/* counted, not all of them listed */
};

/* What the census's state is, as the caller found it: each 0 or 1. */
struct audience_census_facts {
	int	 has_list;	/* this tideline reads the platform's list */
	int	 off;
	int	 not_asked;
	int	 failed;
	int	 walked_ever;	/* a walk at any time */
	int	 walked;	/* a walk by the as-of time */
	int	 hidden;
	int	 hidden_to_owner;	/* even from the owner's own token */
	int	 empty;
	int	 complete;	/* the list was read whole */
	int	 stale;
	int	 unlisted;
};

/* Its words: a JSON name, the note's sentence, a panel's short one. */
struct audience_reason_words {
	const char	*name;
	const char	*note;		/* NULL: none (read) */
	const char	*brief;		/* NULL: numbers to draw */
};

enum audience_reason audience_census_reason(
	    const struct audience_census_facts *);
const struct audience_reason_words *audience_reason_words(
	    enum audience_reason);

#endif
