/*
 * The topics chart's data: each account's tags with an engagement index,
 * best first, a panel per account that has any.
 */
#include <math.h>
#include <stdlib.h>

#include "cmd/analysis.h"
#include "cmd/plot-gather.h"
#include "cmd/results.h"
#include "plot/charts.h"
#include "util/xmalloc.h"

#define MAX_TAGS	15	/* bars per account */

static int
cmp_index(const void *x, const void *y)
{
	double	 a = ((const struct topic_bar *)x)->index;
	double	 b = ((const struct topic_bar *)y)->index;

	return ((b > a) - (b < a));
}

/* The tags with an index, as the topics' JSON rounds it, best first. */
static size_t
topic_bars(const struct topics_result *r, struct topic_bar *bars,
    struct gathered *g)
{
	const struct topic	*t;
	size_t			 i, m = 0;

	for (i = 0; i < r->ntopics; i++) {
		t = &r->topics[i];
		if (isnan(t->index))
			continue;
		bars[m].tag = gathered_own(g, xstrdup(t->tag));
		bars[m].index = analysis_round_half_up(t->index, 100);
		bars[m++].posts = t->posts;
	}
	qsort(bars, m, sizeof *bars, cmp_index);
	return (m);
}

int
plot_gather_topics(struct analysis_ctx *a, const struct chart_kind *c,
    struct plot *p, const struct plot_opts *o, struct chart_frame *f,
    struct gathered *g)
{
	struct topics_result	 r;
	struct topic_panel	*panels;
	struct topic_bar	*bars;
	struct follower_point	*pts;
	size_t			 k, n = 0, m, np;

	panels = gathered_own(g, xcalloc(a->n + 1, sizeof *panels));
	for (k = 0; k < a->n; k++) {
		if (!plot_counted(a, k))
			continue;
		if (analysis_topics_result(a, k, &r) != 0)
			return (-1);
		if (analysis_series(a, k, &pts, &np) != 0) {
			topics_result_release(&r);
			return (-1);
		}
		plot_frame_widen(f, pts, np);
		free(pts);
		bars = gathered_own(g, xcalloc(r.ntopics + 1, sizeof *bars));
		m = topic_bars(&r, bars, g);
		topics_result_release(&r);
		if (m == 0)
			continue;
		panels[n].account = a->names[k];
		panels[n].bars = bars;
		panels[n++].nbars = m < MAX_TAGS ? m : MAX_TAGS;
	}
	if (n == 0)
		return (1);
	plot_size_panels(p, c, n);
	chart_topics(p, f, panels, n);
	return (0);
}
