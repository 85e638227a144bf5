/* Small robust statistics shared by the analyses (see stats.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/stats.h"
#include "util/xmalloc.h"

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

void
stats_select(double *v, size_t n, size_t k)
{
	if (n > 1)
		select_kth(v, n, k);
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

void
stats_window_init(struct stats_window *w, size_t cap)
{
	w->cap = cap > 0 ? cap : 1;
	w->v = xcalloc(w->cap, sizeof *w->v);
	w->n = 0;
}

void
stats_window_free(struct stats_window *w)
{
	free(w->v);
	w->v = NULL;
	w->n = w->cap = 0;
}

size_t
stats_lower_bound(const double *v, size_t n, double x)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

void
stats_window_add(struct stats_window *w, double x)
{
	size_t	 at;

	if (w->n == w->cap) {
		w->cap *= 2;
		w->v = xreallocarray(w->v, w->cap, sizeof *w->v);
	}
	at = stats_lower_bound(w->v, w->n, x);
	memmove(w->v + at + 1, w->v + at, (w->n - at) * sizeof *w->v);
	w->v[at] = x;
	w->n++;
}

void
stats_window_remove(struct stats_window *w, double x)
{
	size_t	 at;

	at = stats_lower_bound(w->v, w->n, x);
	if (at == w->n || w->v[at] != x)
		return;
	memmove(w->v + at, w->v + at + 1, (w->n - at - 1) * sizeof *w->v);
	w->n--;
}

/*
 * Sliding by one, one value leaves as another comes: shift only the
 * values between the two places, rather than the whole tail twice.
 */
void
stats_window_replace(struct stats_window *w, double out, double in)
{
	size_t	 from, to;

	from = stats_lower_bound(w->v, w->n, out);
	if (from == w->n || w->v[from] != out) {
		stats_window_add(w, in);
		return;
	}
	to = stats_lower_bound(w->v, w->n, in);
	if (to > from) {
		/* in goes after out's place: shift the values between left */
		to--;
		memmove(w->v + from, w->v + from + 1, (to - from) *
		    sizeof *w->v);
	} else
		memmove(w->v + to + 1, w->v + to, (from - to) * sizeof *w->v);
	w->v[to] = in;
}

double
stats_window_median(const struct stats_window *w)
{
	size_t	 n = w->n;

	if (n == 0)
		return (NAN);
	return (n % 2 ? w->v[n / 2] : (w->v[n / 2 - 1] + w->v[n / 2]) / 2);
}

/*
 * The deviations from m are two ascending runs, walking left and right
 * from where m falls. Their k-th smallest is found by bisecting how many
 * of the first k + 1 come from the left run, as in a merge.
 */
static void
split_deviations(const struct stats_window *w, double m, size_t right,
    size_t take, double *last, double *next)
{
	size_t	 nl = right, nr = w->n - right, lo, hi, i, j;
	double	 a, b;

	lo = take > nr ? take - nr : 0;
	hi = take < nl ? take : nl;
	while (lo < hi) {
		i = lo + (hi - lo) / 2;
		j = take - i;
		if (m - w->v[right - 1 - i] < w->v[right + j - 1] - m)
			lo = i + 1;
		else
			hi = i;
	}
	i = lo;
	j = take - i;
	a = i > 0 ? m - w->v[right - i] : -INFINITY;
	b = j > 0 ? w->v[right + j - 1] - m : -INFINITY;
	*last = a > b ? a : b;
	a = i < nl ? m - w->v[right - 1 - i] : INFINITY;
	b = j < nr ? w->v[right + j] - m : INFINITY;
	*next = a < b ? a : b;
}

double
stats_window_mad(const struct stats_window *w, double m)
{
	double	 last, next;
	size_t	 n = w->n;

	if (n == 0)
		return (NAN);
	if (n % 2) {
		split_deviations(w, m, stats_lower_bound(w->v, n, m), n / 2 + 1,
		    &last, &next);
		return (last);
	}
	split_deviations(w, m, stats_lower_bound(w->v, n, m), n / 2, &last,
	    &next);
	return ((last + next) / 2);
}

/*
 * Acklam's rational approximation of the normal quantile (relative
 * error below 1.2e-9), for the upper tail: the z with P(Z >= z) = p,
 * given log p so that the far tail does not underflow.
 */
double
stats_normal_upper(double log_p)
{
	static const double a[] = { -3.969683028665376e+01,
	    2.209460984245205e+02, -2.759285104469687e+02,
	    1.383577518672690e+02, -3.066479806614716e+01,
	    2.506628277459239e+00 };
	static const double b[] = { -5.447609879822406e+01,
	    1.615858368580409e+02, -1.556989798598866e+02,
	    6.680131188771972e+01, -1.328068155288572e+01 };
	static const double c[] = { -7.784894002430293e-03,
	    -3.223964580411365e-01, -2.400758277161838e+00,
	    -2.549732539343734e+00, 4.374664141464968e+00,
	    2.938163982698783e+00 };
	static const double d[] = { 7.784695709041462e-03,
	    3.224671290700398e-01, 2.445134137142996e+00,
	    3.754408661907416e+00 };
	double	 p, q, r;

	if (log_p >= 0)
		return (-INFINITY);
	p = exp(log_p);
	if (p > 0.97575) {
		/* The lower tail: 1 - p is small. */
		q = sqrt(-2 * log1p(-p));
		return ((((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q +
		    c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q +
		    d[3]) * q + 1));
	}
	if (p >= 0.02425) {
		q = 0.5 - p;
		r = q * q;
		return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r +
		    a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r +
		    b[2]) * r + b[3]) * r + b[4]) * r + 1));
	}
	q = sqrt(-2 * log_p);
	return (-(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) *
	    q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1));
}

/*
 * log P(X >= x) for X Poisson with mean mu > 0: the terms from x up,
 * each the last times mu / j, summed relative to the first in logs.
 */
double
stats_poisson_log_upper(double x, double mu)
{
	double	 term = 1, sum = 1, j;

	if (x <= 0)
		return (0);
	x = ceil(x);
	if (x > mu + 1) {
		for (j = x + 1; term > 1e-17 * sum && j < x + 10000; j++) {
			term *= mu / j;
			sum += term;
		}
		return (-mu + x * log(mu) - lgamma(x + 1) + log(sum));
	}
	/* Near the mean the tail is large: 1 less the lower terms. */
	sum = 0;
	term = exp(-mu);
	for (j = 0; j < x; j++) {
		sum += term;
		term *= mu / (j + 1);
	}
	return (sum < 1 ? log1p(-sum) : -INFINITY);
}

void
stats_share_interval(double k, double n, double N, double z, double *p,
    double *lo, double *hi)
{
	double	 ne, c, half, mid;

	if (n <= 0) {
		*p = *lo = *hi = NAN;
		return;
	}
	*p = k / n;
	if (N <= n) {
		*lo = *hi = *p;
		return;
	}
	/*
	 * Sampling without replacement from N shrinks the variance by
	 * (N - n) / (N - 1): the Wilson interval of a sample that much
	 * larger.
	 */
	ne = N > 1 ? n * (N - 1) / (N - n) : n;
	c = z * z / ne;
	mid = (*p + c / 2) / (1 + c);
	half = z * sqrt(*p * (1 - *p) / ne + c / (4 * ne)) / (1 + c);
	*lo = fmax(0, mid - half);
	*hi = fmin(1, mid + half);
}
