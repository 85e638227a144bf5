/*
 * The decay chart's data: each account's posts (engagement against the
 * days since the previous post, over the typical fresh post), the fitted
 * fraction with its band, and followers against the effective audience
 * over time.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "analyze/decay.h"
#include "analyze/stats.h"
#include "cmd/analysis.h"
#include "cmd/plot-gather.h"
#include "cmd/results.h"
#include "plot/charts.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define CURVE_POINTS	60	/* samples of the fitted curve */

/* A post's rate over the typical rate of posts made soon after another. */
static void
decay_relative(const struct decay_obs *obs, size_t n,
    struct decay_point_obs *out)
{
	double	*fresh, typical;
	size_t	 i, m = 0;

	fresh = xcalloc(n + 1, sizeof *fresh);
	for (i = 0; i < n; i++)
		if (obs[i].group == 0 && obs[i].gap_days < DECAY_BASELINE_DAYS &&
		    obs[i].rate > 0)
			fresh[m++] = obs[i].rate / (obs[i].adjust > 0 ?
			    obs[i].adjust : 1);
	for (i = 0; m == 0 && i < n; i++)
		if (obs[i].rate > 0)
			fresh[m++] = obs[i].rate;
	typical = m > 0 ? stats_median(fresh, m) : 1;
	for (i = 0; i < n; i++) {
		out[i].gap_days = obs[i].gap_days;
		out[i].relative = obs[i].group != 0 ? NAN : obs[i].rate /
		    (obs[i].adjust > 0 ? obs[i].adjust : 1) / typical;
	}
	free(fresh);
}

static int
cmp_int64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return ((x > y) - (x < y));
}

/*
 * The effective audience at each snapshot: followers times the fraction
 * after the silence since the account's last post before it. Posts and
 * snapshots are walked together, both in time order.
 */
static double *
decay_effective(const struct analysis_ctx *a, size_t k,
    const struct decay_fit *fit, const struct follower_point *pts, size_t n)
{
	double	*eff;
	int64_t	*times, last = 0;
	size_t	 i, j = 0, m = 0;

	times = xcalloc(a->posts.n + 1, sizeof *times);
	for (i = 0; i < a->posts.n; i++)
		if (a->posts.posts[i].account == (int)k)
			times[m++] = a->posts.posts[i].published_at;
	qsort(times, m, sizeof *times, cmp_int64);
	eff = xcalloc(n + 1, sizeof *eff);
	for (i = 0; i < n; i++) {
		while (j < m && times[j] <= pts[i].t)
			last = times[j++];
		eff[i] = fit->ok && last > 0 ? pts[i].followers *
		    decay_fraction(fit, (double)(pts[i].t - last) /
		    SECONDS_PER_DAY) : NAN;
	}
	free(times);
	return (eff);
}

/*
 * One account's panel: its posts against silence, the fit, the audience.
 * The chart is the reach model's (rate against the silence before the
 * post), whichever model `decay` chose.
 */
static int
decay_panel(struct analysis_ctx *a, size_t k, struct decay_panel *d,
    struct gathered *g)
{
	struct decay_report		 r;
	struct decay_curve_point	*c;
	struct follower_point		*pts;
	double				 days;
	size_t				 np, i;
	int				 rc = -1;

	if (analysis_decay_report(a, k, &r) != 0)
		return (-1);
	if (analysis_series(a, k, &pts, &np) != 0)
		goto out;
	gathered_own(g, pts);
	d->account = a->names[k];
	d->obs = gathered_own(g, xcalloc(r.nobs + 1, sizeof *d->obs));
	decay_relative(r.obs, r.nobs, (struct decay_point_obs *)d->obs);
	d->nobs = r.nobs;
	d->floor = r.audience.reach.ok ? r.audience.reach.floor : NAN;
	d->half_life = r.audience.reach.ok ? r.audience.reach.half_life :
	    NAN;
	d->note = r.audience.reach.ok ? NULL : r.audience.reach.note;
	c = gathered_own(g, xcalloc(CURVE_POINTS, sizeof *c));
	for (i = 0; r.audience.reach.ok && i < CURVE_POINTS; i++) {
		/* Log-spaced from 0.1 to 365 days. */
		days = 0.1 * pow(3650, (double)i / (CURVE_POINTS - 1));
		c[i].days = days;
		c[i].fraction = decay_fraction(&r.audience.reach, days);
		decay_fraction_ci(&r.audience.reach, days, &c[i].lo, &c[i].hi);
	}
	d->curve = c;
	d->ncurve = r.audience.reach.ok ? CURVE_POINTS : 0;
	d->followers = pts;
	d->npoints = np;
	d->effective = gathered_own(g, decay_effective(a, k, &r.audience.reach, pts, np));
	rc = 0;
out:
	decay_report_release(&r);
	return (rc);
}

int
plot_gather_decay(struct analysis_ctx *a, const struct chart_kind *c,
    struct plot *p, const struct plot_opts *o, struct chart_frame *f,
    struct gathered *g)
{
	struct decay_panel	*panels;
	size_t			 k, n = 0, shown = 0;

	panels = gathered_own(g, xcalloc(a->n + 1, sizeof *panels));
	for (k = 0; k < a->n; k++) {
		if (!plot_counted(a, k))
			continue;
		if (decay_panel(a, k, &panels[n], g) != 0)
			return (-1);
		plot_frame_widen(f, panels[n].followers, panels[n].npoints);
		shown += plot_in_range(f, panels[n].followers,
		    panels[n].npoints);
		n++;
	}
	if (shown == 0)
		return (1);
	plot_size_panels(p, c, n);
	chart_decay(p, f, panels, n);
	return (0);
}
