/*
 * The inactivity model of the effective audience (see inactivity.h and
 * docs/analysis.md section 7).
 *
 * On logs: z = log rate - log adjust = a_k + log(P(t) + u Q(t)) + e, a
 * level a_k for each group of posts as in the reach model, P(t) the
 * active share among the followers gained since the first count, Q(t)
 * the share of the first count's followers times their survival since,
 * and u their active share then. Both come from the follower series: a
 * rise of the count is a cohort, gained halfway between the counts; a
 * fall takes followers from every cohort alike (unfollows and purges
 * strike at random), which leaves each cohort's share of the followers
 * as it was, so the shares are w_c / (F_0 + sum of w) with w_c a
 * cohort's gain over the shrinkage up to its time. Net gains hide the
 * followers gained and lost on the same day; that bias is the price of
 * needing nothing but the counts.
 *
 * Cohort ages are binned (a day wide up to two weeks, each bin 9% wider
 * beyond), so the shares of each post are built once and a grid point
 * costs a pass over the bins. The grid: Weibull scales 10 to 3000 days
 * in log steps, shapes 0.5 to 2, initial shares 0.05 to 1. The first
 * count's followers are taken to be `scale` days old then: of unknown
 * age, the typical one (with shape 1 the age does not matter at all).
 *
 * The fit follows the reach model's: levels profiled in closed form,
 * iteratively reweighted least squares with Huber weights and then
 * Tukey's biweight (a viral post gets no weight), the scale the MAD. The
 * grid is small enough to search whole each pass, from the log shares
 * of every grid point, cached once as floats. The estimates are
 * posterior means and medians over the grid at the final weights, the
 * intervals widened to hold a bootstrap's over posts, as the reach
 * model's are: where few posts decide the scale, the posterior, which
 * takes the weights as given, is sure of them too soon.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/inactivity.h"
#include "analyze/robust.h"
#include "analyze/stats.h"
#include "util/xmalloc.h"

#define NSC		28	/* scales from SC_MIN to SC_MAX, log steps */
#define SC_MIN		10.0
#define SC_MAX		3000.0
#define NSH		5	/* shapes, see shapes[] */
#define NU		20	/* initial shares (j + 1) / NU */
#define NSP		(NSC * NSH)	/* survival curves */
#define NCOL		(NSP * NU)	/* grid points */
#define NDAYBIN		14	/* day-wide bins of age ... */
#define BIN_RATIO	1.09	/* ... then each this much wider */
#define NBIN		72	/* to about 2,000 days */
#define NG		DECAY_NGROUPS
#define NBOOT		200	/* bootstrap resamples */
#define MAX_PASSES	30
#define NQ		(1 + DECAY_NCURVE)	/* now, then the curve */

static const double shapes[NSH] = { 0.5, 0.7, 1.0, 1.4, 2.0 };
static const double curve_days[DECAY_NCURVE] = {
	1, 3, 7, 14, 30, 60, 90, 180
};

/* One model's data, its cached grid and a pass's weights. */
struct work {
	size_t		 n;		/* usable posts */
	double		*z;		/* their log rates, centred */
	int		*grp;		/* their groups, in order */
	size_t		 gend[NG];	/* where each group's posts end */
	size_t		*orig;		/* their indices in the caller's */
	double		 sc[NSC];	/* the scale grid, days */
	float		*col;		/* NCOL rows of n: log active share */
	/* The rows of shares: the n posts, now, the last post. */
	double		*hist;		/* per row, NBIN shares by age */
	double		*init;		/* per row, the first count's share */
	double		*age0;		/* per row, days since the first count */
	double		*cw;		/* the cohorts' weights */
	double		*ct;		/* and times, days */
	size_t		 ncohort;
	double		 f0, t0;	/* the first count and its time */
};

/* A grid point's fit at fixed weights. */
struct est {
	int		 g;		/* its column */
	double		 a[NG];		/* the levels, log */
	double		 loss;		/* weighted sum of squares */
};

static double
median_of(const double *v, size_t n, double *tmp)
{
	memcpy(tmp, v, n * sizeof *tmp);
	return (stats_median(tmp, n));
}

/* The normal-consistent MAD of the residuals of the posts drawn. */
static double
drawn_scale(const double *r, size_t n, const unsigned int *mult,
    double *tmp)
{
	double	 med, s;
	size_t	 i, m = 0;

	for (i = 0; i < n; i++)
		if (mult == NULL || mult[i] != 0)
			tmp[m++] = r[i];
	med = stats_median(tmp, m);
	for (i = 0, m = 0; i < n; i++)
		if (mult == NULL || mult[i] != 0)
			tmp[m++] = fabs(r[i] - med);
	s = 1.4826 * stats_median(tmp, m);
	return (s > 1e-9 ? s : 1e-9);
}

static int
bin_of(double age)
{
	int	 b;

	if (age < NDAYBIN)
		return (age > 0 ? (int)age : 0);
	b = NDAYBIN + (int)(log(age / NDAYBIN) / log(BIN_RATIO));
	return (b < NBIN ? b : NBIN - 1);
}

static double
bin_age(int b)
{
	if (b < NDAYBIN)
		return (b + 0.5);
	return (NDAYBIN * pow(BIN_RATIO, b - NDAYBIN + 0.5));
}

static double
survival(double age, double scale, double shape)
{
	return (exp(-pow(age / scale, shape)));
}

/* S(age0 + scale) / S(scale): the first count's survival since then. */
static double
initial_survival(double age0, double scale, double shape)
{
	return (exp(1 - pow((age0 + scale) / scale, shape)));
}

/*
 * The cohorts of the follower series: a rise is a cohort, a fall shrinks
 * all alike. Returns the span of the series in days, 0 without two
 * usable counts.
 */
static double
cohorts(const struct inactivity_input *in, struct work *w)
{
	double	 shrink = 1, prev = 0, tprev = 0, last = 0;
	size_t	 j;
	int	 first = 1;

	w->cw = xcalloc(in->ncounts + 1, sizeof *w->cw);
	w->ct = xcalloc(in->ncounts + 1, sizeof *w->ct);
	for (j = 0; j < in->ncounts; j++) {
		const struct decay_count *c = &in->counts[j];

		if (!isfinite(c->followers) || c->followers <= 0 ||
		    !isfinite(c->t_days) || (!first && c->t_days <= tprev))
			continue;
		if (first) {
			w->f0 = c->followers;
			w->t0 = c->t_days;
			first = 0;
		} else if (c->followers > prev) {
			w->cw[w->ncohort] = (c->followers - prev) / shrink;
			w->ct[w->ncohort++] = (tprev + c->t_days) / 2;
		} else
			shrink *= c->followers / prev;
		prev = c->followers;
		last = tprev = c->t_days;
	}
	return (first ? 0 : last - w->t0);
}

/* Row r's shares at time t (t >= the first count's). */
static void
shares_at(struct work *w, size_t r, double t)
{
	double	*h = w->hist + r * NBIN, total = w->f0;
	size_t	 c;

	for (c = 0; c < w->ncohort && w->ct[c] <= t; c++)
		total += w->cw[c];
	for (c = 0; c < w->ncohort && w->ct[c] <= t; c++)
		h[bin_of(t - w->ct[c])] += w->cw[c] / total;
	w->init[r] = w->f0 / total;
	w->age0[r] = t - w->t0;
}

/*
 * Keep the posts decay_fit would that fall within the follower series,
 * and build each one's shares, then those of now and of the last post.
 */
static void
collect(const struct inactivity_input *in, struct work *w)
{
	const struct decay_obs	*o;
	double			 adj, med, *tmp;
	size_t			 i;
	int			 k;

	w->z = xcalloc(in->nobs + 1, sizeof *w->z);
	w->grp = xcalloc(in->nobs + 1, sizeof *w->grp);
	w->orig = xcalloc(in->nobs + 1, sizeof *w->orig);
	w->hist = xcalloc((in->nobs + 2) * NBIN, sizeof *w->hist);
	w->init = xcalloc(in->nobs + 2, sizeof *w->init);
	w->age0 = xcalloc(in->nobs + 2, sizeof *w->age0);
	/* Sorted by group, each group's posts are a run for eval. */
	for (k = 0; k < NG; k++)
	for (i = 0; i < in->nobs; i++) {
		o = &in->obs[i];
		adj = o->adjust == 0 ? 1 : o->adjust;
		if (o->group != k || !isfinite(o->rate) ||
		    o->rate <= 0 || !isfinite(o->gap_days) ||
		    o->gap_days < 0 || !isfinite(adj) || adj < 0 ||
		    !isfinite(o->t_days) || o->t_days < w->t0)
			continue;
		w->z[w->n] = log(o->rate) - log(adj);
		w->grp[w->n] = o->group;
		w->orig[w->n] = i;
		shares_at(w, w->n, o->t_days);
		w->n++;
		w->gend[k] = w->n;
	}
	for (k = 1; k < NG; k++)
		if (w->gend[k] < w->gend[k - 1])
			w->gend[k] = w->gend[k - 1];
	if (w->n == 0)
		return;
	/* The rows of now and of the last post follow the posts'. */
	shares_at(w, w->n, fmax(in->now_days, w->t0));
	shares_at(w, w->n + 1, fmax(isfinite(in->last_post_days) ?
	    in->last_post_days : in->now_days, w->t0));
	tmp = xcalloc(w->n, sizeof *tmp);
	med = median_of(w->z, w->n, tmp);
	free(tmp);
	for (i = 0; i < w->n; i++)
		w->z[i] -= med;
}

/*
 * Row r's active share `later` days on, of the followers then, under
 * survival curve sp: p + u q for an initial share u.
 */
static void
active_share(const struct work *w, size_t r, int sp, double later,
    double *p, double *q)
{
	const double	*h = w->hist + r * NBIN;
	double		 scale = w->sc[sp / NSH], shape = shapes[sp % NSH];
	int		 b;

	*p = 0;
	for (b = 0; b < NBIN; b++)
		if (h[b] != 0)
			*p += h[b] * survival(bin_age(b) + later, scale, shape);
	*q = w->init[r] * initial_survival(w->age0[r] + later, scale, shape);
}

/* The log active share of every post at every grid point. */
static void
columns(struct work *w)
{
	double	 sb[NBIN], scale, shape, p, q;
	size_t	 i;
	int	 sp, b, j;

	w->col = xcalloc((size_t)NCOL * w->n, sizeof *w->col);
	for (sp = 0; sp < NSP; sp++) {
		scale = w->sc[sp / NSH];
		shape = shapes[sp % NSH];
		for (b = 0; b < NBIN; b++)
			sb[b] = survival(bin_age(b), scale, shape);
		for (i = 0; i < w->n; i++) {
			p = 0;
			for (b = 0; b < NBIN; b++)
				p += w->hist[i * NBIN + b] * sb[b];
			q = w->init[i] * initial_survival(w->age0[i], scale,
			    shape);
			for (j = 0; j < NU; j++)
				w->col[((size_t)sp * NU + j) * w->n + i] =
				    (float)log(fmax(p + (j + 1.0) / NU * q,
				    1e-12));
		}
	}
}

/*
 * A pass's weights: v per post (0: left out), v z, and per group the
 * sums of v and v z, and the sum of v z^2, which no column changes.
 */
struct pass {
	const double	*v;
	double		*vz;
	double		 sv[NG], svz[NG], svzz;
};

static void
pass_init(const struct work *w, const double *v, struct pass *p)
{
	size_t	 i;
	int	 k;

	p->v = v;
	memset(p->sv, 0, sizeof p->sv);
	memset(p->svz, 0, sizeof p->svz);
	p->svzz = 0;
	for (k = 0, i = 0; k < NG; k++)
		for (; i < w->gend[k]; i++) {
			p->vz[i] = v[i] * w->z[i];
			p->sv[k] += v[i];
			p->svz[k] += p->vz[i];
			p->svzz += p->vz[i] * w->z[i];
		}
}

/*
 * The fit at column g: levels and loss in closed form from the sums of
 * v l, v l^2 and v z l over each group's run of posts. Four partial
 * sums each let the additions overlap.
 */
static void
eval(const struct work *w, const struct pass *p, int g, struct est *e)
{
	const float	*c = w->col + (size_t)g * w->n;
	double		 a[4], b[4], d[4], l, s1, s2, s3, r;
	size_t		 i, j, end;
	int		 k;

	e->g = g;
	e->loss = p->svzz;
	for (k = 0, i = 0; k < NG; k++) {
		e->a[k] = 0;
		end = w->gend[k];
		if (p->sv[k] <= 0) {
			i = end;
			continue;
		}
		memset(a, 0, sizeof a);
		memset(b, 0, sizeof b);
		memset(d, 0, sizeof d);
		for (; i + 4 <= end; i += 4)
			for (j = 0; j < 4; j++) {
				l = c[i + j];
				a[j] += p->v[i + j] * l;
				b[j] += p->v[i + j] * l * l;
				d[j] += p->vz[i + j] * l;
			}
		for (j = 0; i < end; i++, j++) {
			l = c[i];
			a[j] += p->v[i] * l;
			b[j] += p->v[i] * l * l;
			d[j] += p->vz[i] * l;
		}
		s1 = (a[0] + a[1]) + (a[2] + a[3]);
		s2 = (b[0] + b[1]) + (b[2] + b[3]);
		s3 = (d[0] + d[1]) + (d[2] + d[3]);
		/* Sum of v (z - l - a)^2 at the best a = (svz - s1) / sv. */
		r = p->svz[k] - s1;
		e->a[k] = r / p->sv[k];
		e->loss += s2 - 2 * s3 - r * r / p->sv[k];
	}
}

#define GRID(sc, sh, u)	(((sc) * NSH + (sh)) * NU + (u))

/* Move to the best of the 26 neighbours until none is better. */
static void
climb(const struct work *w, const struct pass *p, struct est *e)
{
	struct est	 best, t;
	int		 sc, sh, u, dsc, dsh, du, moves;

	for (moves = 0; moves < NCOL; moves++) {
		best = *e;
		sc = e->g / NU / NSH;
		sh = e->g / NU % NSH;
		u = e->g % NU;
		for (dsc = -1; dsc <= 1; dsc++)
			for (dsh = -1; dsh <= 1; dsh++)
				for (du = -1; du <= 1; du++) {
					if (sc + dsc < 0 || sc + dsc >= NSC ||
					    sh + dsh < 0 || sh + dsh >= NSH ||
					    u + du < 0 || u + du >= NU ||
					    (dsc == 0 && dsh == 0 && du == 0))
						continue;
					eval(w, p, GRID(sc + dsc, sh + dsh,
					    u + du), &t);
					if (t.loss < best.loss)
						best = t;
				}
		if (best.g == e->g)
			break;
		*e = best;
	}
}

/*
 * The best grid point at weights v (vz holds n values): a sweep of
 * every third scale and fourth share, and start if given, then a climb
 * from the best. The sweep keeps a climb from a bad start out of a
 * local minimum; a grid point costs a pass over the posts, so a sweep
 * of the whole grid on each of the passes and folds is what to avoid.
 */
static void
search(const struct work *w, const double *v, double *vz,
    const struct est *start, struct est *e)
{
	struct pass	 p;
	struct est	 t;
	int		 sc, sh, u;

	p.vz = vz;
	pass_init(w, v, &p);
	eval(w, &p, start != NULL ? start->g : 0, e);
	for (sc = 0; sc < NSC; sc += 3)
		for (sh = 0; sh < NSH; sh++)
			for (u = 1; u < NU; u += 4) {
				eval(w, &p, GRID(sc, sh, u), &t);
				if (t.loss < e->loss)
					*e = t;
			}
	climb(w, &p, e);
}

static void
residuals(const struct work *w, const struct est *e, double *r)
{
	const float	*c = w->col + (size_t)e->g * w->n;
	size_t		 i;

	for (i = 0; i < w->n; i++)
		r[i] = w->z[i] - e->a[w->grp[i]] - c[i];
}

static int
same_est(const struct est *x, const struct est *y)
{
	int	 k;

	if (x->g != y->g)
		return (0);
	for (k = 0; k < NG; k++)
		if (fabs(x->a[k] - y->a[k]) >= 1e-7)
			return (0);
	return (1);
}

static void
reweight(const struct work *w, enum robust_rho rho, int rescale,
    const unsigned int *mult, double *s, double *v, double *r, double *tmp,
    struct est *e)
{
	struct est	 prev;
	int		 pass;

	for (pass = 0; pass < MAX_PASSES; pass++) {
		residuals(w, e, r);
		if (rescale)
			*s = drawn_scale(r, w->n, mult, tmp);
		robust_weights(r, w->n, *s, rho, mult, v);
		prev = *e;
		search(w, v, tmp, &prev, e);
		if (same_est(&prev, e))
			break;
	}
}

/*
 * The robust fit to the posts mult draws (NULL: all); leaves the final
 * weights in v, the residuals of every post in r and the scale in *s.
 */
static void
fit(const struct work *w, const unsigned int *mult, double *v, double *r,
    double *tmp, double *s, struct est *e)
{
	size_t	 i;

	for (i = 0; i < w->n; i++)
		v[i] = mult != NULL ? mult[i] : 1;
	search(w, v, tmp, NULL, e);
	reweight(w, ROBUST_HUBER, 1, mult, s, v, r, tmp, e);
	reweight(w, ROBUST_BISQUARE, 0, mult, s, v, r, tmp, e);
	residuals(w, e, r);
	robust_weights(r, w->n, *s, ROBUST_BISQUARE, mult, v);
}

/*
 * Keep the usable posts, build their shares and the grid: NULL, or why
 * the data cannot support a fit (static text).
 */
static const char *
work_init(const struct inactivity_input *in, struct work *w)
{
	int	 k;

	memset(w, 0, sizeof *w);
	if (cohorts(in, w) < INACTIVITY_MIN_DAYS)
		return ("too short a follower series to follow its cohorts "
		    "(need 60 days)");
	collect(in, w);
	if (w->n < DECAY_MIN_POSTS)
		return ("too few usable posts to estimate (need 20)");
	for (k = 0; k < NSC; k++)
		w->sc[k] = SC_MIN * pow(SC_MAX / SC_MIN, (double)k / (NSC - 1));
	columns(w);
	return (NULL);
}

static void
work_release(struct work *w)
{
	free(w->z);
	free(w->grp);
	free(w->orig);
	free(w->col);
	free(w->hist);
	free(w->init);
	free(w->age0);
	free(w->cw);
	free(w->ct);
	memset(w, 0, sizeof *w);
}

/*
 * What the fit reports at each grid point, NQ values a point: the share
 * now, then the curve from the last post.
 */
static void
quantities(const struct work *w, double *qg)
{
	double	 p, q;
	int	 sp, j, k;

	for (sp = 0; sp < NSP; sp++)
		for (k = 0; k < NQ; k++) {
			if (k == 0)
				active_share(w, w->n, sp, 0, &p, &q);
			else
				active_share(w, w->n + 1, sp,
				    curve_days[k - 1], &p, &q);
			for (j = 0; j < NU; j++)
				qg[((size_t)sp * NU + j) * NQ + k] = p +
				    (j + 1.0) / NU * q;
		}
}

struct wval {
	double	 x;
	double	 p;
};

static int
cmp_wval(const void *a, const void *b)
{
	const struct wval	*x = a, *y = b;

	return ((x->x > y->x) - (x->x < y->x));
}

/* The q and 1 - q points of weighted values (sorted here). */
static void
weighted_interval(struct wval *v, size_t n, double q, double *lo,
    double *hi)
{
	double	 sum = 0, acc = 0;
	size_t	 i;

	qsort(v, n, sizeof *v, cmp_wval);
	for (i = 0; i < n; i++)
		sum += v[i].p;
	*lo = *hi = v[n - 1].x;
	for (i = 0; i < n; i++) {
		acc += v[i].p;
		if (acc >= q * sum) {
			*lo = v[i].x;
			break;
		}
	}
	for (acc = 0, i = 0; i < n; i++) {
		acc += v[i].p;
		if (acc >= (1 - q) * sum) {
			*hi = v[i].x;
			break;
		}
	}
}

/* The posterior median and 90% interval of a parameter of the grid. */
static void
parameter(struct wval *v, const double *post, double (*of)(const struct
    work *, int), const struct work *w, double *mid, double *lo, double *hi)
{
	double	 dummy;
	int	 g;

	for (g = 0; g < NCOL; g++) {
		v[g].x = of(w, g);
		v[g].p = post[g];
	}
	weighted_interval(v, NCOL, 0.5, mid, &dummy);
	weighted_interval(v, NCOL, 0.05, lo, hi);
}

static double
scale_of(const struct work *w, int g)
{
	return (w->sc[g / NU / NSH]);
}

static double
shape_of(const struct work *w, int g)
{
	(void)w;
	return (shapes[g / NU % NSH]);
}

static double
share_of(const struct work *w, int g)
{
	(void)w;
	return ((g % NU + 1.0) / NU);
}

/*
 * The posterior over the grid at the fit's weights: exp(-loss / 2 s^2),
 * the levels profiled out, flat priors. Fills the estimates, their
 * posterior intervals, and each grid point's quantities into qg.
 */
static void
posterior(const struct work *w, const double *v, double s, double *qg,
    struct inactivity_fit *out)
{
	struct pass	 p;
	struct est	 e;
	struct wval	*wv;
	double		*post, top = -INFINITY, mean[NQ] = { 0 }, sum = 0;
	double		 lo, hi;
	int		 g, k;

	post = xcalloc(NCOL, sizeof *post);
	wv = xcalloc(NCOL, sizeof *wv);
	p.vz = xcalloc(w->n, sizeof *p.vz);
	pass_init(w, v, &p);
	for (g = 0; g < NCOL; g++) {
		eval(w, &p, g, &e);
		post[g] = -e.loss / (2 * s * s);
		top = fmax(top, post[g]);
	}
	quantities(w, qg);
	for (g = 0; g < NCOL; g++) {
		post[g] = exp(post[g] - top);
		sum += post[g];
		for (k = 0; k < NQ; k++)
			mean[k] += post[g] * qg[(size_t)g * NQ + k];
	}
	for (k = 0; k < NQ; k++) {
		for (g = 0; g < NCOL; g++) {
			wv[g].x = qg[(size_t)g * NQ + k];
			wv[g].p = post[g];
		}
		weighted_interval(wv, NCOL, 0.05, &lo, &hi);
		if (k == 0) {
			out->fraction = mean[0] / sum;
			out->lo = fmin(lo, out->fraction);
			out->hi = fmax(hi, out->fraction);
			continue;
		}
		out->curve[k - 1].days = curve_days[k - 1];
		out->curve[k - 1].fraction = mean[k] / sum;
		out->curve[k - 1].lo = fmin(lo, mean[k] / sum);
		out->curve[k - 1].hi = fmax(hi, mean[k] / sum);
	}
	out->ncurve = DECAY_NCURVE;
	parameter(wv, post, scale_of, w, &out->scale, &out->scale_lo,
	    &out->scale_hi);
	parameter(wv, post, shape_of, w, &out->shape, &out->shape_lo,
	    &out->shape_hi);
	parameter(wv, post, share_of, w, &out->initial_share,
	    &out->initial_lo, &out->initial_hi);
	free(p.vz);
	free(wv);
	free(post);
}

/*
 * Refit NBOOT resamples of the posts at the fit's weights (a search of
 * the whole grid, no reweighting: the weights moved little) and widen
 * the intervals of the share now and of the curve to hold theirs.
 */
static void
bootstrap(const struct work *w, const double *v0, const struct est *best,
    unsigned int seed, const double *qg, struct inactivity_fit *out)
{
	struct est	 e;
	unsigned int	*mult;
	double		*v, *vz, *draw;
	uint64_t	 state = seed;
	size_t		 b, i;
	int		 k;

	mult = xcalloc(w->n, sizeof *mult);
	v = xcalloc(w->n, sizeof *v);
	vz = xcalloc(w->n, sizeof *vz);
	draw = xcalloc((size_t)NQ * NBOOT, sizeof *draw);
	for (b = 0; b < NBOOT; b++) {
		robust_resample(&state, w->n, mult);
		for (i = 0; i < w->n; i++)
			v[i] = mult[i] * v0[i];
		search(w, v, vz, best, &e);
		for (k = 0; k < NQ; k++)
			draw[k * NBOOT + b] = qg[(size_t)e.g * NQ + k];
	}
	out->lo = fmin(out->lo, robust_quantile(draw, NBOOT, 0.05));
	out->hi = fmax(out->hi, robust_quantile(draw, NBOOT, 0.95));
	for (k = 0; k < DECAY_NCURVE; k++) {
		out->curve[k].lo = fmin(out->curve[k].lo,
		    robust_quantile(draw + (k + 1) * NBOOT, NBOOT, 0.05));
		out->curve[k].hi = fmax(out->curve[k].hi,
		    robust_quantile(draw + (k + 1) * NBOOT, NBOOT, 0.95));
	}
	free(draw);
	free(vz);
	free(v);
	free(mult);
}

static void
fit_unknown(struct inactivity_fit *out)
{
	memset(out, 0, sizeof *out);
	out->scale = out->scale_lo = out->scale_hi = NAN;
	out->shape = out->shape_lo = out->shape_hi = NAN;
	out->initial_share = out->initial_lo = out->initial_hi = NAN;
	out->fraction = out->lo = out->hi = NAN;
	out->noise = NAN;
}

/* The caveats the intervals call for. */
static void
caveats(struct inactivity_fit *out)
{
	if (out->scale_hi >= SC_MAX * 0.999) {
		out->scale_hi = INFINITY;
		out->note = "active life not bounded above: little "
		    "inactivity seen";
	} else if (out->scale_lo <= SC_MIN * 1.001)
		out->note = "active life not bounded below: followers go "
		    "quiet faster than the data resolve";
}

int
inactivity_fit(const struct inactivity_input *in, unsigned int seed,
    struct inactivity_fit *out)
{
	struct work	 w;
	struct est	 e;
	double		*v = NULL, *r = NULL, *tmp = NULL, *qg = NULL, s = 1;
	size_t		 i;
	int		 rv = -1;

	fit_unknown(out);
	out->note = work_init(in, &w);
	out->n_posts = (int)w.n;
	if (out->note != NULL)
		goto out;
	v = xcalloc(w.n, sizeof *v);
	r = xcalloc(w.n, sizeof *r);
	tmp = xcalloc(w.n, sizeof *tmp);
	qg = xcalloc((size_t)NCOL * NQ, sizeof *qg);
	fit(&w, NULL, v, r, tmp, &s, &e);
	out->ok = 1;
	out->noise = s;
	for (i = 0; i < w.n; i++)
		if (v[i] == 0)
			out->n_outliers++;
	posterior(&w, v, s, qg, out);
	bootstrap(&w, v, &e, seed, qg, out);
	caveats(out);
	rv = 0;
out:
	work_release(&w);
	free(v);
	free(r);
	free(tmp);
	free(qg);
	return (rv);
}

int
inactivity_heldout(const struct inactivity_input *in, const int *fold,
    int nfold, double *resid)
{
	struct work	 w;
	struct est	 e;
	unsigned int	*mult = NULL;
	double		*v = NULL, *r = NULL, *tmp = NULL, s = 1;
	size_t		 i;
	int		 k, rv = -1;

	for (i = 0; i < in->nobs; i++)
		resid[i] = NAN;
	if (work_init(in, &w) != NULL)
		goto out;
	mult = xcalloc(w.n, sizeof *mult);
	v = xcalloc(w.n, sizeof *v);
	r = xcalloc(w.n, sizeof *r);
	tmp = xcalloc(w.n, sizeof *tmp);
	for (k = 0; k < nfold; k++) {
		for (i = 0; i < w.n; i++)
			mult[i] = fold[w.orig[i]] != k;
		fit(&w, mult, v, r, tmp, &s, &e);
		for (i = 0; i < w.n; i++)
			if (!mult[i])
				resid[w.orig[i]] = r[i];
	}
	rv = 0;
out:
	work_release(&w);
	free(mult);
	free(v);
	free(r);
	free(tmp);
	return (rv);
}
