/* The robust grid fits' shared pieces (see robust.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/robust.h"
#include "analyze/stats.h"

#define HUBER_K		1.345
#define BISQUARE_C	4.685

void
robust_weights(const double *r, size_t n, double s, enum robust_rho rho,
    const unsigned int *mult, double *v)
{
	double	 u;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (rho == ROBUST_HUBER) {
			u = fabs(r[i]) / (HUBER_K * s);
			v[i] = u <= 1 ? 1 : 1 / u;
		} else {
			u = r[i] / (BISQUARE_C * s);
			v[i] = fabs(u) < 1 ? (1 - u * u) * (1 - u * u) : 0;
		}
		if (mult != NULL)
			v[i] *= mult[i];
	}
}

uint64_t
robust_random(uint64_t *s)
{
	uint64_t	 x;

	x = (*s += 0x9e3779b97f4a7c15ULL);
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return (x ^ (x >> 31));
}

void
robust_resample(uint64_t *state, size_t n, unsigned int *mult)
{
	size_t	 i;

	memset(mult, 0, n * sizeof *mult);
	for (i = 0; i < n; i++)
		mult[robust_random(state) % n]++;
}

double
robust_quantile(double *x, size_t n, double p)
{
	double	 pos, frac;
	size_t	 k;

	qsort(x, n, sizeof *x, stats_cmp_double);
	pos = p * (double)(n - 1);
	k = (size_t)pos;
	frac = pos - (double)k;
	if (k + 1 >= n)
		return (x[n - 1]);
	return (x[k] + frac * (x[k + 1] - x[k]));
}
