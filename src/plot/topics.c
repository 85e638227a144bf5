/*
 * The topics chart: the engagement index of each tag as horizontal
 * bars, highest at the top, with the 1.0 line (the account's typical
 * post) marked; one panel per account. Tags reach gnuplot as quoted
 * tic labels.
 */
#include <math.h>
#include <stdio.h>

#include "plot/charts.h"

#define TAG_CHARS	24

static void
panel_settings(struct buf *s, const struct topic_panel *t)
{
	double	 top = 1.2;
	size_t	 i;

	buf_adds(s, "PANEL_TITLE = ");
	plot_quote(s, t->account, 0);
	buf_printf(s, "\nNBARS = %zu\nset yrange [-0.7:%zu.3]\n",
	    t->nbars, t->nbars > 0 ? t->nbars - 1 : 0);
	buf_adds(s, "set ytics (");
	for (i = 0; i < t->nbars; i++) {
		buf_adds(s, i > 0 ? ", " : "");
		plot_quote(s, t->bars[i].tag, TAG_CHARS);
		/* The highest bar at the top. */
		buf_printf(s, " %zu", t->nbars - 1 - i);
		if (t->bars[i].index > top)
			top = t->bars[i].index;
	}
	buf_printf(s, ")\nset xrange [0:%.2f]\n", ceil(top * 5 + 0.5) / 5);
}

void
chart_topics(struct plot *p, const struct chart_frame *f,
    const struct topic_panel *panels, size_t n)
{
	struct buf	*b;
	char		 name[64];
	size_t		 i, j;

	chart_frame_settings(&p->script, f);
	buf_printf(&p->script, "NPANELS = %zu\n", n);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "topics-%zu.dat", i + 1);
		b = plot_file(p, name);
		for (j = 0; j < panels[i].nbars; j++)
			buf_printf(b, "%zu\t%.3f\t%d\n",
			    panels[i].nbars - 1 - j, panels[i].bars[j].index,
			    panels[i].bars[j].posts);
		if (panels[i].nbars == 0)
			buf_adds(b, "0\tNaN\t0\n");
		snprintf(name, sizeof name, "panel-%zu.gp", i + 1);
		panel_settings(plot_file(p, name), &panels[i]);
	}
}
