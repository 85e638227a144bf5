/*
 * The decay chart, a row per account: on the left each post's
 * engagement rate (over the account's typical rate right after another
 * post) against the days since the previous post, on log axes, with the
 * fitted effective fraction, its 90% band and the floor; on the right
 * followers and the effective audience over time.
 */
#include <math.h>
#include <stdio.h>

#include "plot/charts.h"

#define DAY	86400
#define MIN_GAP	0.1	/* days: shorter gaps are drawn at this */

static void
panel_settings(struct buf *s, const struct decay_panel *d,
    const struct chart_frame *f)
{
	double	 lo = INFINITY, hi = 0;
	size_t	 i;

	buf_adds(s, "PANEL_TITLE = ");
	plot_quote(s, d->account, 0);
	buf_printf(s, "\nFLOOR = %.4f\nHAS_FIT = %d\n", isfinite(d->floor) ?
	    d->floor : -1, d->ncurve > 0);
	buf_adds(s, "FIT_TITLE = ");
	if (d->ncurve > 0) {
		char	 t[96];

		snprintf(t, sizeof t, "fit: half-life %.0f d, floor %.2f",
		    d->half_life, d->floor);
		plot_quote(s, t, 0);
	} else {
		char	 t[200];

		snprintf(t, sizeof t, "no estimate: %s", d->note != NULL ?
		    d->note : "too little data");
		plot_quote(s, t, 0);
	}
	buf_addc(s, '\n');
	for (i = 0; i < d->npoints; i++) {
		if (d->followers[i].t < f->from || d->followers[i].t > f->to)
			continue;
		lo = fmin(lo, isfinite(d->effective[i]) ? d->effective[i] :
		    (double)d->followers[i].followers);
		hi = fmax(hi, (double)d->followers[i].followers);
	}
	if (!isfinite(lo))
		lo = 0;
	lo = fmax(0, lo - (hi - lo) * 0.1);
	hi = hi + fmax((hi - lo) * 0.1, 1);
	buf_printf(s, "AUD_LO = %.0f\nAUD_HI = %.0f\n", lo, hi);
	plot_count_tics(s, "ytics", lo, hi, 4);
}

static void
write_panel(struct plot *p, const struct decay_panel *d, size_t k)
{
	struct buf	*b;
	char		 name[64];
	size_t		 i;

	snprintf(name, sizeof name, "obs-%zu.dat", k);
	b = plot_file(p, name);
	for (i = 0; i < d->nobs; i++)
		if (d->obs[i].relative > 0 && isfinite(d->obs[i].relative))
			buf_printf(b, "%.4f\t%.5f\n", fmax(d->obs[i].gap_days,
			    MIN_GAP), d->obs[i].relative);
	buf_adds(b, "NaN\tNaN\n");
	snprintf(name, sizeof name, "curve-%zu.dat", k);
	b = plot_file(p, name);
	for (i = 0; i < d->ncurve; i++)
		buf_printf(b, "%.3f\t%.5f\t%.5f\t%.5f\n", d->curve[i].days,
		    d->curve[i].fraction, d->curve[i].lo, d->curve[i].hi);
	buf_adds(b, "NaN\tNaN\tNaN\tNaN\n");
	snprintf(name, sizeof name, "audience-%zu.dat", k);
	b = plot_file(p, name);
	for (i = 0; i < d->npoints; i++) {
		buf_printf(b, "%lld\t%lld\t", (long long)d->followers[i].t,
		    (long long)d->followers[i].followers);
		if (isfinite(d->effective[i]))
			buf_printf(b, "%.0f\n", d->effective[i]);
		else
			buf_adds(b, "NaN\n");
	}
	buf_adds(b, "NaN\tNaN\tNaN\n");
}

void
chart_decay(struct plot *p, const struct chart_frame *f,
    const struct decay_panel *panels, size_t n)
{
	char	 name[64];
	size_t	 i;

	chart_frame_settings(&p->script, f);
	buf_printf(&p->script, "NPANELS = %zu\nFROM = %lld\nTO = %lld\n", n,
	    (long long)f->from, (long long)(f->to + DAY));
	/* The right panels' time tics; the left ones have their own. */
	plot_time_tics(plot_file(p, "xtics.gp"), f->from, f->to,
	    p->format == PLOT_DUMB ? 3 : 5);
	for (i = 0; i < n; i++) {
		write_panel(p, &panels[i], i + 1);
		snprintf(name, sizeof name, "panel-%zu.gp", i + 1);
		panel_settings(plot_file(p, name), &panels[i], f);
	}
}
