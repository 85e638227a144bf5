/*
 * The audience chart, a row per account: on the left the platform's
 * follower count over time with the census's whole walks (listed, and
 * active with its 90% interval as error bars); in the middle the gains
 * and losses the walks found, as bars, losses below zero, by day, or by
 * week over more than 90 days; on the right the share of the followers
 * still following by days since they followed (the Kaplan-Meier curve
 * of `audience`'s survival). An account without a census says why in
 * the place of its census panels.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plot/charts.h"
#include "util/xmalloc.h"

#define DAY		86400
#define WEEKLY_AFTER	(90 * DAY)	/* a longer span: bars by week */
/*
 * A census panel's share of the chart's width (audience.gp's layout:
 * three columns from 0.07 to 0.98, 0.07 apart, less room at the sides
 * for the text to clear the axes) and the pixels a character of the
 * note takes (its 9 points are widest in a PDF, by the page's scale).
 */
#define PANEL_TEXT_SHARE	0.22
#define NOTE_CHAR_PX		7

/* The bar a time falls in: UTC days, or weeks from a Monday. */
static int64_t
bucket_of(int64_t t, int64_t width)
{
	/* 1970-01-01 was a Thursday: the Monday before is day -3. */
	int64_t	 shift = width > DAY ? 3 * DAY : 0, v = t + shift;

	v = (v >= 0 ? v / width : -((-v + width - 1) / width)) * width;
	return (v - shift);
}

static void
axis_range(struct buf *s, const char *lo_name, const char *hi_name,
    double lo, double hi)
{
	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0;
		hi = 1;
	}
	lo = fmax(0, lo - (hi - lo) * 0.1);
	hi = hi + fmax((hi - lo) * 0.1, 1);
	buf_printf(s, "%s = %.0f\n%s = %.0f\n", lo_name, lo, hi_name, hi);
}

/* The followers' y range: counts, listed and the active band. */
static void
audience_range(struct buf *s, const struct audience_panel *d,
    const struct chart_frame *f)
{
	double	 lo = INFINITY, hi = -INFINITY, v;
	size_t	 i;

	for (i = 0; i < d->npoints; i++) {
		if (d->points[i].t < f->from || d->points[i].t > f->to)
			continue;
		v = d->points[i].followers;
		lo = fmin(lo, v);
		hi = fmax(hi, v);
	}
	for (i = 0; i < d->nwalks; i++) {
		lo = fmin(lo, isfinite(d->walks[i].lo) ? d->walks[i].lo :
		    d->walks[i].listed);
		hi = fmax(hi, d->walks[i].listed);
	}
	axis_range(s, "AUD_LO", "AUD_HI", lo, hi);
	if (isfinite(lo))
		plot_count_tics(s, "ytics", fmax(0, lo), hi, 4);
}

/*
 * The gains and losses summed by bar into flows-K.dat (the bar's middle,
 * gained, minus lost); their largest bar, for the range.
 */
static double
write_flows(struct plot *p, const struct audience_panel *d, size_t k,
    int64_t width)
{
	struct buf	*b;
	char		 name[64];
	double		 gained = 0, lost = 0, top = 0;
	int64_t		 bar = 0, at;
	size_t		 i;

	snprintf(name, sizeof name, "flows-%zu.dat", k);
	b = plot_file(p, name);
	for (i = 0; i <= d->nflows; i++) {
		at = i < d->nflows ? bucket_of(d->flows[i].t, width) : 0;
		if (i > 0 && (i == d->nflows || at != bar)) {
			buf_printf(b, "%lld\t%.0f\t%.0f\n", (long long)(bar +
			    width / 2), gained, -lost);
			top = fmax(top, fmax(gained, lost));
			gained = lost = 0;
		}
		if (i == d->nflows)
			break;
		bar = at;
		gained += d->flows[i].gained;
		lost += d->flows[i].lost;
	}
	buf_adds(b, "NaN\tNaN\tNaN\n");
	return (top);
}

static void
write_series(struct plot *p, const struct audience_panel *d, size_t k)
{
	struct buf	*b;
	char		 name[64];
	size_t		 i;

	snprintf(name, sizeof name, "followers-%zu.dat", k);
	b = plot_file(p, name);
	for (i = 0; i < d->npoints; i++)
		buf_printf(b, "%lld\t%lld\n", (long long)d->points[i].t,
		    (long long)d->points[i].followers);
	buf_adds(b, "NaN\tNaN\n");
	snprintf(name, sizeof name, "walks-%zu.dat", k);
	b = plot_file(p, name);
	for (i = 0; i < d->nwalks; i++) {
		buf_printf(b, "%lld\t%.0f", (long long)d->walks[i].t,
		    d->walks[i].listed);
		if (isfinite(d->walks[i].active))
			buf_printf(b, "\t%.1f\t%.1f\t%.1f\n",
			    d->walks[i].active, d->walks[i].lo,
			    d->walks[i].hi);
		else
			buf_adds(b, "\tNaN\tNaN\tNaN\n");
	}
	buf_adds(b, "NaN\tNaN\tNaN\tNaN\tNaN\n");
	snprintf(name, sizeof name, "curve-%zu.dat", k);
	b = plot_file(p, name);
	for (i = 0; i < d->ncurve; i++)
		buf_printf(b, "%zu\t%.4f\n", i, d->curve[i]);
	buf_adds(b, "NaN\tNaN\n");
}

/*
 * The characters a line of a note may hold to stay inside its panel; 0
 * in a terminal, where the note runs across both census panels.
 */
static size_t
note_width(const struct plot *p)
{
	if (p->format == PLOT_DUMB)
		return (0);
	return ((size_t)(p->width * PANEL_TEXT_SHARE / NOTE_CHAR_PX));
}

static void
panel_settings(struct buf *s, const struct audience_panel *d,
    const struct chart_frame *f, double top, size_t width)
{
	buf_adds(s, "PANEL_TITLE = ");
	plot_quote(s, d->account, 0);
	buf_printf(s, "\nHAS_CENSUS = %d\nNOTE = ", d->note == NULL);
	plot_quote_lines(s, d->note != NULL ? d->note : "", width);
	buf_adds(s, "\nWARNING = ");
	plot_quote_lines(s, d->warning != NULL ? d->warning : "", width);
	buf_printf(s, "\nHAS_CURVE = %d\nCURVE_NOTE = ", d->ncurve > 1);
	plot_quote(s, d->curve_note != NULL ? d->curve_note :
	    "no follower seen come has been watched a day yet", 0);
	/* A day at least, a round number of weeks beyond a month. */
	buf_printf(s, "\nCURVE_MAX = %zu\n", d->ncurve <= 30 ? (size_t)30 :
	    (d->ncurve + 6) / 7 * 7);
	top = fmax(top, 1);
	buf_printf(s, "FLOW_LO = %.0f\nFLOW_HI = %.0f\n", -ceil(top * 1.15),
	    ceil(top * 1.15));
	audience_range(s, d, f);
}

/* The gains and losses' tics, whole followers (no 0.5 of one). */
static void
flow_tics(struct plot *p, size_t k, double top)
{
	char	 name[64];

	top = ceil(fmax(top, 1) * 1.15);
	snprintf(name, sizeof name, "flowtics-%zu.gp", k);
	plot_count_tics(plot_file(p, name), "ytics", -top, top, 4);
}

/* 1 when a walk of the panel has an active count to draw. */
static int
any_active(const struct audience_panel *d)
{
	size_t	 i;

	for (i = 0; i < d->nwalks; i++)
		if (isfinite(d->walks[i].active))
			return (1);
	return (0);
}

/*
 * The legends, one a column above the panels: where they stand (just
 * above the first row's panel titles, at SCREEN_TOP, see plot.c; their
 * rows grow upwards when they wrap) and what they name (what any row
 * shows).
 */
static void
legend_settings(struct plot *p, const struct audience_panel *panels,
    size_t n)
{
	size_t	 i;

	buf_printf(&p->script, "KEY_BOTTOM = %.4f\n", p->format ==
	    PLOT_DUMB ? 1 - 3.0 / p->height : 1 - 64.0 / p->height);
	for (i = 0; i < n && panels[i].note != NULL; i++)
		;
	buf_printf(&p->script, "ANY_CENSUS = %d\n", i < n);
	for (i = 0; i < n && panels[i].ncurve <= 1; i++)
		;
	buf_printf(&p->script, "ANY_CURVE = %d\n", i < n);
	for (i = 0; i < n && !any_active(&panels[i]); i++)
		;
	buf_printf(&p->script, "ANY_ACTIVE = %d\n", i < n);
}

void
chart_audience(struct plot *p, const struct chart_frame *f,
    const struct audience_panel *panels, size_t n)
{
	char	 name[64];
	int64_t	 width = f->to - f->from > WEEKLY_AFTER ? 7 * DAY : DAY;
	double	 top;
	size_t	 i;

	chart_frame_settings(&p->script, f);
	buf_printf(&p->script, "NPANELS = %zu\nFROM = %lld\nTO = %lld\n"
	    "BAR = %lld\nBAR_NAME = '%s'\n", n, (long long)f->from,
	    (long long)(f->to + DAY), (long long)width, width > DAY ?
	    "week" : "day");
	plot_time_tics(plot_file(p, "xtics.gp"), f->from, f->to,
	    p->format == PLOT_DUMB ? 2 : 4);
	legend_settings(p, panels, n);
	for (i = 0; i < n; i++) {
		write_series(p, &panels[i], i + 1);
		top = write_flows(p, &panels[i], i + 1, width);
		snprintf(name, sizeof name, "panel-%zu.gp", i + 1);
		panel_settings(plot_file(p, name), &panels[i], f, top,
		    note_width(p));
		flow_tics(p, i + 1, top);
	}
}
