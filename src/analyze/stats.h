/* Small robust statistics shared by the analyses. */
#ifndef TL_ANALYZE_STATS_H
#define TL_ANALYZE_STATS_H

#include <stddef.h>

/* qsort comparison of doubles, ascending. */
int	 stats_cmp_double(const void *, const void *);
/* The median of v (reordered in place); NAN when n is 0. */
double	 stats_median(double *, size_t);

#endif
