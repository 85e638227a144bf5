/*
 * The audience chart's data: each account's follower counts, and where
 * its census has a list, the audience of each whole walk (listed, active
 * with its interval), the gains and losses each walk found, and the
 * survival curve of `audience`; where there is none, why, in words short
 * enough for a panel.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/stats.h"
#include "cmd/analysis.h"
#include "cmd/plot-gather.h"
#include "cmd/results.h"
#include "plot/charts.h"
#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/* Why the census has no numbers to draw (audience's reason), or NULL. */
static const char *
census_missing(const struct audience_result *au)
{
	const char	*brief = audience_reason_words(au->reason)->brief;

	if (au->counted)
		return (NULL);
	return (brief != NULL ? brief : au->note);
}

/*
 * Numbers drawn from walks the census no longer adds to (it failed since,
 * or is off): which, as audience, status and report say; else NULL.
 */
static const char *
census_warning(const struct audience_result *au, struct gathered *g)
{
	char	 day[TIME_DATE_SIZE], status[32] = "", *out;

	if (!au->counted)
		return (NULL);
	if (au->reason == AUDIENCE_CENSUS_OFF)
		return ("the census is off: drawn to its last walk");
	if (au->reason != AUDIENCE_CENSUS_FAILED)
		return (NULL);
	time_format_local_date(au->failure.at, day);
	if (au->failure.http_status != 0)
		snprintf(status, sizeof status, " (HTTP %ld)",
		    au->failure.http_status);
	out = gathered_own(g, xmalloc(128));
	snprintf(out, 128, "the census failed on %s%s: drawn to its last "
	    "walk", day, status);
	return (out);
}

/* Each whole walk: listed, and the active followers with their band. */
static void
panel_walks(const struct audience_result *au, struct audience_panel *d,
    struct gathered *g)
{
	struct audience_walk		*w;
	const struct census_point	*p;
	double				 share, lo, hi;
	size_t				 i;

	w = gathered_own(g, xcalloc(au->nhistory + 1, sizeof *w));
	for (i = 0; i < au->nhistory; i++) {
		p = &au->history[i];
		stats_share_interval((double)p->active_30d, (double)p->checked,
		    (double)p->listed, STATS_Z90, &share, &lo, &hi);
		w[i].t = p->at;
		w[i].listed = (double)p->listed;
		w[i].active = share * (double)p->listed;
		w[i].lo = lo * (double)p->listed;
		w[i].hi = hi * (double)p->listed;
	}
	d->walks = w;
	d->nwalks = au->nhistory;
}

/* The census's part of the panel: walks, flows, the survival curve. */
static int
panel_census(struct analysis_ctx *a, size_t k, struct audience_result *au,
    struct audience_panel *d, struct gathered *g)
{
	struct census_flow	*fl = NULL;
	struct audience_flow	*out;
	char			*cause = NULL;
	size_t			 n = 0, i;

	panel_walks(au, d, g);
	if (store_census_flows(a->store, a->list[k].account.id,
	    a->opts.as_of, &fl, &n, &cause) != 0) {
		log_error("%s: %s", a->names[k], cause);
		free(cause);
		return (-1);
	}
	out = gathered_own(g, xcalloc(n + 1, sizeof *out));
	for (i = 0; i < n; i++) {
		out[i].t = fl[i].at;
		out[i].gained = (double)fl[i].gained;
		out[i].lost = (double)fl[i].lost;
	}
	free(fl);
	d->flows = out;
	d->nflows = n;
	if (au->has_survival && au->survival.ncurve > 0) {
		d->curve = gathered_own(g, au->survival.curve);
		d->ncurve = au->survival.ncurve;
		au->survival.curve = NULL;
		au->survival.ncurve = 0;
	} else
		d->curve_note = au->has_survival && au->survival.excluded > 0 ?
		    "every follower was there before the census: no follow "
		    "times" : "no follower seen come yet";
	return (0);
}

static int
audience_panel(struct analysis_ctx *a, size_t k, struct audience_panel *d,
    struct gathered *g)
{
	struct audience_result	 au;
	struct follower_point	*pts;
	size_t			 np;
	int			 rc = -1;

	if (analysis_series(a, k, &pts, &np) != 0)
		return (-1);
	d->account = a->names[k];
	d->points = gathered_own(g, pts);
	d->npoints = np;
	if (analysis_audience_result(a, k, &au) != 0)
		goto out;
	d->warning = census_warning(&au, g);
	if ((d->note = census_missing(&au)) == NULL &&
	    panel_census(a, k, &au, d, g) != 0)
		goto out;
	rc = 0;
out:
	audience_result_release(&au);
	return (rc);
}

int
plot_gather_audience(struct analysis_ctx *a, const struct chart_kind *c,
    struct plot *p, const struct plot_opts *o, struct chart_frame *f,
    struct gathered *g)
{
	struct audience_panel	*panels;
	size_t			 k, n = 0, shown = 0;

	panels = gathered_own(g, xcalloc(a->n + 1, sizeof *panels));
	for (k = 0; k < a->n; k++) {
		if (!plot_counted(a, k))
			continue;
		if (audience_panel(a, k, &panels[n], g) != 0)
			return (-1);
		plot_frame_widen(f, panels[n].points, panels[n].npoints);
		shown += plot_in_range(f, panels[n].points, panels[n].npoints) +
		    panels[n].nwalks;
		n++;
	}
	if (shown == 0)
		return (1);
	plot_size_panels(p, c, n);
	chart_audience(p, f, panels, n);
	return (0);
}
