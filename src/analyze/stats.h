/* Small robust statistics shared by the analyses. */
#ifndef TL_ANALYZE_STATS_H
#define TL_ANALYZE_STATS_H

#include <stddef.h>

/* qsort comparison of doubles, ascending. */
int	 stats_cmp_double(const void *, const void *);
/*
 * Reorder v so that v[k] is its k-th smallest value, with no larger value
 * before it and no smaller one after it; k < n.
 */
void	 stats_select(double *, size_t, size_t);
/* The median of v (reordered in place); NAN when n is 0. */
double	 stats_median(double *, size_t);
/*
 * Of the n ascending values v, the first index whose value is not below
 * x: how many are below it.
 */
size_t	 stats_lower_bound(const double *, size_t, double);

/*
 * A sorted window of values for running medians: adding or removing a
 * value costs a binary search and a short move, and the median and the
 * MAD are then read without copying or selecting.
 */
struct stats_window {
	double		*v;		/* ascending */
	size_t		 n;
	size_t		 cap;
};

void	 stats_window_init(struct stats_window *, size_t);
void	 stats_window_free(struct stats_window *);
void	 stats_window_add(struct stats_window *, double);
/* Remove one copy of a value that was added. */
void	 stats_window_remove(struct stats_window *, double);
/* Remove one copy of out (add in anyway if out is absent), add in. */
void	 stats_window_replace(struct stats_window *, double, double);
/* The median of the window; NAN when empty. */
double	 stats_window_median(const struct stats_window *);
/* The median absolute deviation from m; NAN when empty. */
double	 stats_window_mad(const struct stats_window *, double);

/* The normal's 95th percentile: the half-width of a 90% interval. */
#define STATS_Z90	1.6448536269514722

/*
 * The share of a population of N that has a property, from k of n of
 * them checked (a sample without replacement): *p = k / n and the Wilson
 * interval at the normal quantile z, narrowed by the finite-population
 * correction, so that it closes on *p when every one was checked. NAN
 * when n is 0.
 */
void	 stats_share_interval(double, double, double, double, double *,
	    double *, double *);
/* The z with P(Z >= z) = p for a standard normal Z, given log p. */
double	 stats_normal_upper(double);
/* log P(X >= x) for X Poisson with mean mu > 0 (x rounded up). */
double	 stats_poisson_log_upper(double, double);

#endif
