/* Small robust statistics shared by the analyses (see stats.h). */
#include <math.h>
#include <stdlib.h>

#include "analyze/stats.h"

int
stats_cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return ((x > y) - (x < y));
}

double
stats_median(double *v, size_t n)
{
	if (n == 0)
		return (NAN);
	qsort(v, n, sizeof *v, stats_cmp_double);
	return (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
}
