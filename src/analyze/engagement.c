/* Engagement rates of posts at a comparable age (see engagement.h). */
#include "analyze/engagement.h"

#define MAX_LATE	(7 * 86400)	/* a snapshot this far past the age
					   still stands for it */

double
engagement_total(const struct metric_point *m)
{
	double	 s = 0;

	s += m->likes > 0 ? (double)m->likes : 0;
	s += m->reposts > 0 ? (double)m->reposts : 0;
	s += m->replies > 0 ? (double)m->replies : 0;
	s += m->quotes > 0 ? (double)m->quotes : 0;
	return (s);
}

double
engagement_at_age(const struct post *p, int64_t age)
{
	int64_t		 at = p->published_at + age, t0, t1;
	double		 v0, v1;
	size_t		 i;

	t0 = p->published_at;
	v0 = 0;
	for (i = 0; i < p->nmetrics; i++) {
		t1 = p->metrics[i].t;
		v1 = engagement_total(&p->metrics[i]);
		if (t1 >= at) {
			/* Engagement comes early: past the age, take it as is. */
			if (i == 0 && t1 - at > MAX_LATE)
				return (-1);
			if (i == 0 || t1 - at <= 86400)
				return (t1 - at <= MAX_LATE ? v1 : -1);
			return (v0 + (v1 - v0) * (double)(at - t0) /
			    (double)(t1 - t0));
		}
		t0 = t1;
		v0 = v1;
	}
	return (-1);
}

double
followers_at(const struct follower_point *pts, size_t n, int64_t t)
{
	size_t	 lo = 0, hi = n, mid;

	if (n == 0 || t < pts[0].t)
		return (-1);
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (pts[mid].t <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* pts[lo - 1].t <= t < pts[lo].t */
	if (lo >= n)
		return ((double)pts[n - 1].followers);
	return (pts[lo - 1].followers + (double)(pts[lo].followers -
	    pts[lo - 1].followers) * (double)(t - pts[lo - 1].t) /
	    (double)(pts[lo].t - pts[lo - 1].t));
}

double
engagement_rate(const struct post *p, const struct follower_point *pts,
    size_t n)
{
	double	 e, f;

	if ((e = engagement_at_age(p, RATE_AGE)) < 0 ||
	    (f = followers_at(pts, n, p->published_at)) <= 0)
		return (-1);
	return (e / f);
}
