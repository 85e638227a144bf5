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

static void
insertion_sort(double *v, size_t n)
{
	size_t	 i, j;
	double	 x;

	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static void
swap(double *a, double *b)
{
	double	 t = *a;

	*a = *b;
	*b = t;
}

/*
 * Put the k-th smallest value at v[k], smaller ones before it, larger
 * after (Hoare's selection, median-of-three pivots): O(n), no callbacks.
 */
static void
select_kth(double *v, size_t n, size_t k)
{
	size_t	 lo = 0, hi = n - 1, i, j, mid;
	double	 pivot;

	while (hi - lo > 16) {
		mid = lo + (hi - lo) / 2;
		if (v[mid] < v[lo])
			swap(&v[mid], &v[lo]);
		if (v[hi] < v[lo])
			swap(&v[hi], &v[lo]);
		if (v[hi] < v[mid])
			swap(&v[hi], &v[mid]);
		pivot = v[mid];
		i = lo;
		j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				swap(&v[i], &v[j]);
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;
	}
	insertion_sort(v + lo, hi - lo + 1);
}

/*
 * Medians are taken over trailing windows millions of times: selection
 * in linear time, with no comparison callbacks; an insertion sort for
 * the smallest.
 */
double
stats_median(double *v, size_t n)
{
	double	 lower;
	size_t	 i;

	if (n == 0)
		return (NAN);
	if (n <= 12) {
		insertion_sort(v, n);
		return (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
	}
	select_kth(v, n, n / 2);
	if (n % 2)
		return (v[n / 2]);
	/* The other middle value is the largest of the lower part. */
	lower = v[0];
	for (i = 1; i < n / 2; i++)
		if (v[i] > lower)
			lower = v[i];
	return ((lower + v[n / 2]) / 2);
}
