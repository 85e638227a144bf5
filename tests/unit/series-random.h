/*
 * The random draws the unit tests of the effective-audience models
 * (test-decay, test-inactivity) build their series from: uniform and
 * normal numbers from the analyses' own seeded generator, so a seed
 * gives the same series everywhere.
 */
#ifndef TL_TEST_SERIES_RANDOM_H
#define TL_TEST_SERIES_RANDOM_H

#include <math.h>
#include <stdint.h>

#include "analyze/robust.h"

#define SERIES_PI	3.14159265358979323846

/* Uniform on [0, 1), 53 bits. */
static inline double
series_unif(uint64_t *s)
{
	return ((double)(robust_random(s) >> 11) / 9007199254740992.0);
}

/* Standard normal (Box-Muller). */
static inline double
series_normal(uint64_t *s)
{
	double	 u = series_unif(s), v = series_unif(s);

	return (sqrt(-2 * log(1 - u)) * cos(2 * SERIES_PI * v));
}

#endif
