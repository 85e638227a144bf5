/* The median against a full sort, on many arrays with and without ties. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/stats.h"
#include "check.h"

static uint64_t state = 7;

static double
next(int ties)
{
	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (ties ? (double)((state >> 33) % 5) :
	    (double)(state >> 11) / 9007199254740992.0 - 0.5);
}

int
main(void)
{
	double	 v[600], sorted[600], want, got;
	size_t	 n, i;
	int	 round, ties;

	CHECK(isnan(stats_median(v, 0)));
	for (round = 0; round < 4000; round++) {
		n = 1 + (size_t)(round * 7919 % 599);
		ties = round % 3 == 0;
		for (i = 0; i < n; i++)
			v[i] = sorted[i] = next(ties);
		if (round % 5 == 1)	/* already sorted input */
			qsort(v, n, sizeof *v, stats_cmp_double);
		if (round % 5 == 2)	/* reversed input */
			for (i = 0; i < n; i++)
				v[i] = -fabs(v[i]) - (double)i;
		memcpy(sorted, v, n * sizeof *v);
		qsort(sorted, n, sizeof *sorted, stats_cmp_double);
		want = n % 2 ? sorted[n / 2] :
		    (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
		got = stats_median(v, n);
		if (got != want) {
			fprintf(stderr, "n %zu round %d: got %g want %g\n", n,
			    round, got, want);
			check_failures++;
			break;
		}
	}
	return (CHECK_DONE());
}
