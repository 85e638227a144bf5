/* What the charts' gathering (plot-CHART.c) shares. */
#include <stdlib.h>

#include "cmd/analysis.h"
#include "cmd/plot-gather.h"
#include "plot/charts.h"
#include "util/xmalloc.h"

void *
gathered_own(struct gathered *g, void *p)
{
	g->owned = xreallocarray(g->owned, g->nowned + 1, sizeof *g->owned);
	g->owned[g->nowned++] = p;
	return (p);
}

void
gathered_free(struct gathered *g)
{
	size_t	 i;

	for (i = 0; i < g->nowned; i++)
		free(g->owned[i]);
	free(g->owned);
}

void
plot_size_panels(struct plot *p, const struct chart_kind *c, size_t n)
{
	size_t	 px;

	/* n is at most the number of accounts: no overflow before the cap. */
	px = (size_t)c->base_px + (size_t)c->panel_px * n;
	if (px > PLOT_PANELS_MAX_PX)
		px = PLOT_PANELS_MAX_PX;
	if (c->width == 0 && p->width == 0)
		p->width = (int)px;
	else if (c->height == 0 && p->height == 0)
		p->height = (int)px;
}

void
plot_frame_widen(struct chart_frame *f, const struct follower_point *p,
    size_t n)
{
	if (n == 0)
		return;
	if (f->from == 0 || p[0].t < f->from)
		f->from = p[0].t;
	if (p[n - 1].t > f->to)
		f->to = p[n - 1].t;
}

size_t
plot_in_range(const struct chart_frame *f, const struct follower_point *p,
    size_t n)
{
	size_t	 i, m = 0;

	for (i = 0; i < n; i++)
		m += p[i].t >= f->from && p[i].t <= f->to;
	return (m);
}

int
plot_counted(const struct analysis_ctx *a, size_t k)
{
	return (a->picked[k] && a->list[k].account.platform->has_counts);
}
