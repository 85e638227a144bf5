/*
 * The engagement chart: the cumulative engagement of a few posts
 * (likes, reposts, replies and quotes) against their age, from the
 * metric snapshots. A post that lives a second life climbs again weeks
 * after the first days' plateau.
 */
#include <stdio.h>

#include "plot/charts.h"

#define TITLE_CHARS	40

void
chart_engagement(struct plot *p, const struct chart_frame *f,
    const struct engagement_line *lines, size_t n)
{
	struct buf	*b, *s = &p->script;
	char		 name[64], label[160];
	double		 top = 10, oldest = 7;
	size_t		 i, j;

	chart_frame_settings(s, f);
	buf_printf(s, "NLINES = %zu\n", n);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "post-%zu.dat", i + 1);
		b = plot_file(p, name);
		for (j = 0; j < lines[i].npoints; j++) {
			buf_printf(b, "%.3f\t%.0f\n",
			    lines[i].points[j].age_days,
			    lines[i].points[j].engagement);
			if (lines[i].points[j].engagement > top)
				top = lines[i].points[j].engagement;
			if (lines[i].points[j].age_days > oldest)
				oldest = lines[i].points[j].age_days;
		}
		if (lines[i].npoints == 0)
			buf_adds(b, "NaN\tNaN\n");
		buf_printf(s, "LINE_%zu = ", i + 1);
		snprintf(label, sizeof label, "%s: ", lines[i].account);
		plot_quote(s, label, 0);
		buf_adds(s, ".");
		plot_quote(s, lines[i].title, TITLE_CHARS);
		buf_addc(s, '\n');
	}
	buf_printf(s, "set xrange [0:%.0f]\n", oldest * 1.05 + 1);
	plot_count_tics(s, "ytics", 0, top * 1.15, 5);
	buf_printf(s, "set yrange [0:%.0f]\n", top * 1.15);
}
