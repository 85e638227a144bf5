/*
 * The growth chart: followers over time, one panel per account, burst
 * windows shaded and labelled with their top post, posts as ticks along
 * the bottom (a feed's articles taller and in their own colour), and
 * gaps in the snapshots left as gaps in the line.
 *
 * Labels are laid out here, not by gnuplot, which would let them
 * overlap: each goes to the highest of a few rows where it clears the
 * labels already placed, judging widths from the characters and the
 * panel's width in pixels; when no row is free it is shortened.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
 * Place a burst's label: the first row it clears, else shortened on the
 * row that frees up first. Returns the row; *chars is the title length.
 */
static int
place(struct row *rows, double x, double unit, size_t len, size_t *chars)
{
	int	 r, best = 0;

	*chars = len < LABEL_CHARS ? len : LABEL_CHARS;
	for (r = 0; r < LABEL_ROWS; r++)
		if (rows[r].end < x) {
			rows[r].end = x + (double)(*chars + 8) * unit;
			return (r);
		}
	for (r = 1; r < LABEL_ROWS; r++)
		if (rows[r].end < rows[best].end)
			best = r;
	*chars = len < SHORT_CHARS ? len : SHORT_CHARS;
	rows[best].end = x + (double)(*chars + 8) * unit;
	return (best);
}

/* The panel's settings: axes, ranges, burst shading and labels. */
static void
panel_settings(struct buf *s, const struct chart_frame *f,
    const struct growth_panel *g, int width)
{
	struct row	 rows[LABEL_ROWS];
	double		 lo = INFINITY, hi = -INFINITY, pad, unit;
	char		 excess[32];
	size_t		 i, chars;
	int		 r;

	for (i = 0; i < g->npoints; i++) {
		if (g->points[i].t < f->from || g->points[i].t > f->to)
			continue;
		lo = fmin(lo, (double)g->points[i].followers);
		hi = fmax(hi, (double)g->points[i].followers);
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
	buf_adds(s, "set ylabel 'followers'\nPANEL_TITLE = ");
	plot_quote(s, g->account, 0);
	buf_adds(s, "\nunset object\nunset label\n");
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
		r = place(rows, (double)b->start, unit, b->title != NULL ?
		    strlen(b->title) : 6, &chars);
		buf_printf(s, "set label %zu ", i + 1);
		if (b->title != NULL) {
			plot_quote(s, b->title, chars);
			buf_printf(s, ".' (+%s)'", excess);
		} else
			buf_printf(s, "'+%s'", excess);
		/* Near the right edge a label ends at its burst instead. */
		if (b->start + (chars + 8) * unit > (double)f->to)
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

	chart_frame_settings(s, f);
	buf_printf(s, "NPANELS = %zu\n", n);
	buf_printf(s, "set xrange [%lld:%lld]\n", (long long)f->from,
	    (long long)(f->to + DAY));
	plot_time_tics(s, f->from, f->to, p->format == PLOT_DUMB ? 4 : 8);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "followers-%zu.dat", i + 1);
		write_followers(plot_file(p, name), &panels[i]);
		snprintf(name, sizeof name, "posts-%zu.dat", i + 1);
		write_posts(plot_file(p, name), &panels[i], f->from, f->to);
		snprintf(name, sizeof name, "panel-%zu.gp", i + 1);
		panel_settings(plot_file(p, name), f, &panels[i], p->width);
	}
}
