/*
 * The growth chart: followers over time, one panel per account, burst
 * windows shaded and labelled with their top post, posts as ticks along
 * the bottom (a feed's articles taller and in their own colour), and
 * gaps in the snapshots left as gaps in the line. A rounded series
 * (YouTube's three significant digits) is drawn as the steps it moves
 * in, inside the band where the true count lies (YouTube cuts digits
 * off: from the count shown to a rounding unit above it): a smooth line
 * would claim a precision the counts lack.
 *
 * Labels are laid out here, not by gnuplot, which would let them
 * overlap: each goes to the highest of a few rows where it clears the
 * labels already placed, judging widths from the characters and the
 * panel's width in pixels; when no row is free it is shortened, down to
 * the excess alone, and left out only when even that cannot fit.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/series.h"
#include "analyze/stats.h"
#include "plot/charts.h"
#include "util/xmalloc.h"

#define DAY		86400
#define LABEL_ROWS	5
#define LABEL_CHARS	28	/* a label's title, at most */
#define SHORT_CHARS	12	/* ... when the rows are full */
#define CHAR_PX		6.5	/* a label character, roughly */
#define PLOT_MARGIN_PX	110	/* left and right margins together */

/* Snapshots further apart than this are a gap, not a line. */
static int64_t
gap_after(const struct follower_point *p, size_t n)
{
	double	*d, cadence;
	size_t	 i;

	if (n < 3)
		return (INT64_MAX);
	d = xcalloc(n, sizeof *d);
	for (i = 1; i < n; i++)
		d[i - 1] = (double)(p[i].t - p[i - 1].t);
	cadence = stats_median(d, n - 1);
	free(d);
	return (cadence * 3 > 2 * DAY ? (int64_t)(cadence * 3) : 2 * DAY);
}

static void
write_followers(struct buf *b, const struct growth_panel *g)
{
	int64_t	 gap = gap_after(g->points, g->npoints);
	size_t	 i;

	for (i = 0; i < g->npoints; i++) {
		if (i > 0 && g->points[i].t - g->points[i - 1].t > gap)
			buf_addc(b, '\n');	/* gnuplot breaks the line */
		buf_printf(b, "%lld\t%lld\n", (long long)g->points[i].t,
		    (long long)g->points[i].followers);
	}
	if (g->npoints == 0)
		buf_adds(b, "0\tNaN\n");
}

/* Is any count of the panel rounded? */
static int
panel_rounded(const struct growth_panel *g)
{
	size_t	 i;

	for (i = 0; i < g->npoints; i++)
		if (series_unit(&g->points[i]) > 0)
			return (1);
	return (0);
}

/*
 * Where the true counts lie, as steps: each count's interval held until
 * the next snapshot (or across a gap, not at all). Nothing for an exact
 * series.
 */
static void
write_band(struct buf *b, const struct growth_panel *g, int rounded)
{
	int64_t	 gap = gap_after(g->points, g->npoints);
	double	 unit, v;
	size_t	 i;

	for (i = 0; rounded && i < g->npoints; i++) {
		unit = series_unit(&g->points[i]);
		v = (double)g->points[i].followers;
		buf_printf(b, "%lld\t%.0f\t%.0f\n",
		    (long long)g->points[i].t, v, v + unit);
		if (i + 1 == g->npoints)
			break;
		if (g->points[i + 1].t - g->points[i].t > gap)
			buf_addc(b, '\n');
		else
			buf_printf(b, "%lld\t%.0f\t%.0f\n",
			    (long long)g->points[i + 1].t, v, v + unit);
	}
	if (!rounded || g->npoints == 0)
		buf_adds(b, "0\tNaN\tNaN\n");
}

static void
write_posts(struct buf *b, const struct growth_panel *g, int64_t from,
    int64_t to)
{
	size_t	 i, n = 0;

	for (i = 0; i < g->nposts; i++)
		if (g->posts[i].t >= from && g->posts[i].t <= to) {
			buf_printf(b, "%lld\t%d\n", (long long)g->posts[i].t,
			    g->posts[i].blog);
			n++;
		}
	if (n == 0)
		buf_adds(b, "0\tNaN\n");
}

struct row {
	double	 end;		/* x where its last label ends */
};

/*
 * Where a label of chars characters spans, in x: from its burst's start,
 * or, near the right edge, ending where its burst ends.
 */
static double
label_left(const struct growth_burst *b, size_t chars, double unit,
    int64_t right_edge, int *right)
{
	double	 w = (double)(chars + 8) * unit;

	*right = b->start + w > (double)right_edge;
	return (*right ? (double)(b->end + DAY) - w : (double)b->start);
}

/*
 * Place a burst's label on the first row it clears: with its title
 * shortened to LABEL_CHARS, else to SHORT_CHARS, else the excess alone.
 * Returns the row, or -1 when even that finds no room (the shading
 * stays); *chars is the title's length (0: none) and *right says
 * whether the label ends at the burst.
 */
static int
place(struct row *rows, const struct growth_burst *b, size_t len,
    double unit, int64_t right_edge, size_t *chars, int *right)
{
	static const size_t	 widths[] = { LABEL_CHARS, SHORT_CHARS, 0 };
	double			 left;
	size_t			 i;
	int			 r;

	for (i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		*chars = len < widths[i] ? len : widths[i];
		left = label_left(b, *chars, unit, right_edge, right);
		for (r = 0; r < LABEL_ROWS; r++)
			if (rows[r].end < left) {
				rows[r].end = left + (double)(*chars + 8) *
				    unit;
				return (r);
			}
	}
	return (-1);
}

/* The panel's settings: axes, ranges, burst shading and labels. */
static void
panel_settings(struct buf *s, const struct chart_frame *f,
    const struct growth_panel *g, int rounded, int width, int text)
{
	struct row	 rows[LABEL_ROWS];
	double		 lo = INFINITY, hi = -INFINITY, pad, unit, round_unit;
	char		 excess[32];
	size_t		 i, chars, shown = 0;
	int		 r, right;

	for (i = 0; i < g->npoints; i++) {
		if (g->points[i].t < f->from || g->points[i].t > f->to)
			continue;
		shown++;
		round_unit = series_unit(&g->points[i]);
		lo = fmin(lo, (double)g->points[i].followers);
		hi = fmax(hi, (double)g->points[i].followers + round_unit);
	}
	if (!isfinite(lo)) {
		lo = 0;
		hi = 1;
	}
	/* Headroom above for the labels, a little below for the ticks. */
	pad = fmax(hi - lo, 10);
	buf_printf(s, "set yrange [%.0f:%.0f]\n", fmax(0, lo - pad * 0.12),
	    hi + pad * 0.45);
	plot_count_tics(s, "ytics", fmax(0, lo - pad * 0.12), hi + pad * 0.45,
	    5);
	/* A line needs two points: a handful are drawn as points too. */
	buf_printf(s, "FEW = %d\n", shown < 3);
	buf_adds(s, "set ylabel 'followers'\nPANEL_TITLE = ");
	plot_quote(s, g->account, 0);
	if (rounded)
		buf_adds(s, " . ' (rounded counts: the true count lies in the "
		    "band)'\nROUNDED = 1");
	buf_adds(s, "\nunset object\nunset label\n");
	/* x per label character: the terminal's width is in characters. */
	if (text)
		unit = (double)(f->to - f->from) / fmax(width - 12, 20);
	else
		unit = (double)(f->to - f->from) /
		    fmax(width - PLOT_MARGIN_PX, 100) * CHAR_PX;
	for (r = 0; r < LABEL_ROWS; r++)
		rows[r].end = -INFINITY;
	for (i = 0; i < g->nbursts; i++) {
		const struct growth_burst *b = &g->bursts[i];

		if (b->end < f->from || b->start > f->to)
			continue;
		/* At least a few pixels wide, however long the range. */
		buf_printf(s, "set object rect from %lld, graph 0 to %.0f, "
		    "graph 1 behind fillcolor rgb '#E69F00' fillstyle solid "
		    "0.35 noborder\n", (long long)b->start,
		    fmax((double)(b->end + DAY), b->start + unit * 0.7));
		plot_count(excess, sizeof excess, b->excess);
		r = place(rows, b, b->title != NULL ? plot_chars(b->title) : 0,
		    unit, f->to, &chars, &right);
		if (r < 0)
			continue;
		buf_printf(s, "set label %zu ", i + 1);
		if (b->title != NULL && chars > 0) {
			plot_quote(s, b->title, chars);
			buf_printf(s, ".' (+%s)'", excess);
		} else
			buf_printf(s, "'+%s'", excess);
		if (right)
			buf_printf(s, " at %lld, graph %.3f right",
			    (long long)(b->end + DAY), 0.95 - 0.075 * r);
		else
			buf_printf(s, " at %lld, graph %.3f left",
			    (long long)b->start, 0.95 - 0.075 * r);
		buf_adds(s, " front font ',8' textcolor rgb '#7a4a00' "
		    "noenhanced\n");
	}
}

void
chart_growth(struct plot *p, const struct chart_frame *f,
    const struct growth_panel *panels, size_t n)
{
	struct buf	*s = &p->script;
	char		 name[64];
	size_t		 i;
	int		 rounded;

	chart_frame_settings(s, f);
	buf_printf(s, "NPANELS = %zu\n", n);
	buf_printf(s, "set xrange [%lld:%lld]\n", (long long)f->from,
	    (long long)(f->to + DAY));
	plot_time_tics(s, f->from, f->to, p->format == PLOT_DUMB ? 4 : 8);
	for (i = 0; i < n; i++) {
		rounded = panel_rounded(&panels[i]);
		snprintf(name, sizeof name, "followers-%zu.dat", i + 1);
		write_followers(plot_file(p, name), &panels[i]);
		snprintf(name, sizeof name, "band-%zu.dat", i + 1);
		write_band(plot_file(p, name), &panels[i], rounded);
		snprintf(name, sizeof name, "posts-%zu.dat", i + 1);
		write_posts(plot_file(p, name), &panels[i], f->from, f->to);
		snprintf(name, sizeof name, "panel-%zu.gp", i + 1);
		panel_settings(plot_file(p, name), f, &panels[i], rounded,
		    p->width, p->format == PLOT_DUMB);
	}
}
