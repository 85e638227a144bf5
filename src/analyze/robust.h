/*
 * What the two grid fits of the effective audience (decay.c, the reach
 * model; inactivity.c, the inactivity model) share: the weights of
 * their robust reweighting, and the bootstrap's draws (a seeded
 * generator, resamples of the posts as multiplicities, quantiles of the
 * refits). Equal seeds give equal draws, so equal inputs equal fits.
 */
#ifndef TL_ANALYZE_ROBUST_H
#define TL_ANALYZE_ROBUST_H

#include <stddef.h>
#include <stdint.h>

/* The loss a reweighting pass weights the residuals by. */
enum robust_rho {
	ROBUST_HUBER,		/* k = 1.345: 95% efficiency at the normal */
	ROBUST_BISQUARE		/* c = 4.685: likewise; outliers weigh 0 */
};

/*
 * The weight of each of the n residuals r at scale s, times its draw
 * count mult[i] (mult NULL: each once), into v.
 */
void	 robust_weights(const double *, size_t, double, enum robust_rho,
	    const unsigned int *, double *);
/* The next number of the generator whose state is *state (splitmix64). */
uint64_t robust_random(uint64_t *);
/* A bootstrap resample of n items: how often each is drawn, into mult. */
void	 robust_resample(uint64_t *, size_t, unsigned int *);
/* The p quantile of x (sorted here), interpolated between order stats. */
double	 robust_quantile(double *, size_t, double);

#endif
