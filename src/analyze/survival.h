/*
 * Survival of followers by follow age: the share of the followers still
 * following, and still following and active, a number of days after
 * they followed, by the Kaplan-Meier estimate, since the census sees
 * each follower only between walks (a loss is known at the walk that
 * no longer lists them, a follower still there is known only up to the
 * last walk that listed them). Pure computation on arrays; see
 * docs/analysis.md section 7.
 */
#ifndef TL_ANALYZE_SURVIVAL_H
#define TL_ANALYZE_SURVIVAL_H

#include <stddef.h>
#include <stdint.h>

#define SURVIVAL_QUIET_DAYS	30	/* no post in this long: gone quiet */
#define SURVIVAL_NAGES		3	/* the ages reported: 30, 90, 365 */
#define SURVIVAL_CURVE_DAYS	1095	/* the curve's longest age */

/*
 * One subject of a Kaplan-Meier estimate, by age (days since the
 * follow): under watch from entry (excluded: at risk only after it) to
 * exit (included), where the event happened (event 1) or the watch
 * ended (0, censored). A follower first seen some time after following
 * enters then (delayed entry): those who left before any walk saw them
 * are never counted, so neither are the days before.
 */
struct survival_subject {
	double		 entry;		/* days */
	double		 exit;		/* days, >= entry */
	int		 event;		/* 1: the event at exit */
};

/* The estimate at one age. */
struct survival_km {
	double		 s;		/* the estimate, 1 before any event */
	double		 var;		/* Greenwood's sum of d / (n (n - d))
					   to then: the variance of log s */
	int64_t		 at_risk;	/* under watch at that age */
	int64_t		 edge_n;	/* for an interval at s 1: at_risk;
					   at s 0: the risk set the last
					   event emptied */
	int		 reached;	/* 1: someone was watched that long,
					   or s had already fallen to 0 */
};

/*
 * The step function of a Kaplan-Meier estimate, made once and read at
 * any age: each distinct event age with the estimate just after it.
 */
struct survival_table {
	double		*t;		/* event ages, ascending */
	double		*s;		/* the estimate after each */
	double		*var;		/* Greenwood's sum after each */
	int64_t		*n;		/* the risk set at each */
	size_t		 nt;
	double		*entries;	/* every subject's entry, ascending */
	double		*exits;		/* every subject's exit, ascending */
	size_t		 nsub;
};

void	 survival_table_build(const struct survival_subject *, size_t,
	    struct survival_table *);
void	 survival_table_free(struct survival_table *);
void	 survival_table_at(const struct survival_table *, double,
	    struct survival_km *);
/*
 * The 90% (at the normal quantile z) interval of an estimate s with
 * Greenwood variance var of log s: the log-log interval, s^exp(+-z se)
 * with se = sqrt(var) / |log s|, which stays within 0 and 1. At s 1 (no
 * event yet) it is [0.05^(1/n), 1] and at s 0 [0, 1 - 0.05^(1/n)], n
 * the edge_n: the exact binomial bound for none (or all) of n failing.
 */
void	 survival_interval(double, double, int64_t, double, double *,
	    double *);

/* What the census knows of one follower; times are UTC seconds. */
struct survival_follower {
	int64_t		 followed_at;	/* the follow, where known; 0 */
	int64_t		 followed_after; /* else after this walk; 0: there
					   when the census began */
	int64_t		 first_seen;	/* the first walk that listed them */
	int64_t		 last_seen;	/* the last walk that listed them */
	int64_t		 left_at;	/* found gone then; 0: following */
	int64_t		 last_active;	/* their newest post as checked; 0:
					   none */
	int64_t		 active_checked; /* when checked; 0: never */
};

struct survival_input {
	const struct survival_follower *f;
	size_t		 n;
	int64_t		 as_of;		/* nothing after it is known */
	int64_t		 last_full;	/* the last whole walk's end by as_of;
					   0: none */
};

struct survival_point {
	int		 age_days;
	double		 following;	/* still following; NAN: unknown */
	double		 following_lo, following_hi;
	double		 active;	/* still following and active; NAN */
	double		 active_lo, active_hi;
	int64_t		 at_risk;	/* followers watched at that age */
	int64_t		 active_at_risk; /* of those, activity watched */
	const char	*note;		/* why a number is NAN; static, or
					   NULL */
};

struct survival_result {
	struct survival_point points[SURVIVAL_NAGES];
	int64_t		 used;		/* followers with a follow time */
	int64_t		 excluded;	/* there when the census began, follow
					   time unknown: left out */
	int64_t		 checked;	/* used whose activity is known */
	double		*curve;		/* still following at day 0, 1, ...
					   ncurve - 1; owned, NULL: none */
	size_t		 ncurve;
};

/*
 * The survival of the followers at 30, 90 and 365 days of follow age.
 *
 * A follower's follow time is followed_at, else the midpoint of
 * followed_after and first_seen (the follow happened between those two
 * walks); those there when the census began, whose follow time is not
 * known, have no age and are left out (counted in excluded). A loss is
 * placed midway between the last walk that listed them and the walk
 * that found them gone; a follower still following is censored at the
 * last time a walk listed them by as_of (first_seen, or the last whole
 * walk when they were listed only after as_of).
 *
 * Gone quiet: no post in SURVIVAL_QUIET_DAYS. Only a follower's newest
 * check is kept, so they count as quiet from 30 days after the last post
 * that check saw (from the follow if they never posted), and as active
 * up to the check otherwise; a quiet spell ended by a later post is not
 * seen. Its estimate is made among the followers whose activity was
 * checked, while they follow; "following and active" is the product of
 * the two estimates (the two taken as independent), its log variance
 * their sum.
 */
void	 survival_estimate(const struct survival_input *,
	    struct survival_result *);
void	 survival_result_release(struct survival_result *);

#endif
