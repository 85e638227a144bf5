/*
 * The growth chart's data: each account's followers (the series its
 * bursts were searched in), its bursts labelled with their top post,
 * its posts and its group's feed articles.
 */
#include <stdint.h>
#include <stdlib.h>

#include "cmd/analysis.h"
#include "cmd/plot-gather.h"
#include "cmd/results.h"
#include "plot/charts.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/*
 * The panel's series and bursts, each labelled with its top post (its
 * title, else its id) and its excess as the bursts' JSON rounds it.
 */
static int
growth_bursts(struct analysis_ctx *a, size_t k, struct growth_panel *panel,
    struct gathered *g)
{
	struct bursts_result	 r;
	struct growth_burst	*b;
	const struct burst	*in;
	const struct post_ref	*top;
	size_t			 i;

	if (analysis_bursts_result(a, k, &r) != 0)
		return (-1);
	panel->points = gathered_own(g, r.points);
	panel->npoints = r.npoints;
	r.points = NULL;
	b = gathered_own(g, xcalloc(r.nbursts + 1, sizeof *b));
	for (i = 0; i < r.nbursts; i++) {
		in = &r.bursts[i].burst;
		/* The owner's days, where the chart's axis is UTC's. */
		b[i].start = in->start_day * SECONDS_PER_DAY -
		    analysis_offset_at(a, in->start_time);
		b[i].end = in->end_day * SECONDS_PER_DAY -
		    analysis_offset_at(a, in->end_time);
		b[i].excess = (double)count_clamp(in->excess + 0.5);
		if (r.bursts[i].ncauses == 0)
			continue;
		top = &r.bursts[i].causes[0].post;
		b[i].title = gathered_own(g, xstrdup(top->title != NULL ?
		    top->title : top->post_id));
	}
	panel->bursts = b;
	panel->nbursts = r.nbursts;
	bursts_result_release(&r);
	return (0);
}

/* The account's posts, and its group's feed articles, as ticks. */
static void
growth_posts(struct analysis_ctx *a, size_t k, struct growth_panel *panel,
    struct gathered *g)
{
	struct growth_post	*p;
	const struct post	*in;
	size_t			 i, n = 0;

	p = gathered_own(g, xcalloc(a->posts.n + 1, sizeof *p));
	for (i = 0; i < a->posts.n; i++) {
		in = &a->posts.posts[i];
		if (in->account == (int)k ||
		    !a->list[in->account].account.platform->has_counts) {
			p[n].t = in->published_at;
			p[n++].blog = in->account != (int)k;
		}
	}
	panel->posts = p;
	panel->nposts = n;
}

int
plot_gather_growth(struct analysis_ctx *a, const struct chart_kind *c,
    struct plot *p, const struct plot_opts *o, struct chart_frame *f,
    struct gathered *g)
{
	struct growth_panel	*panels;
	size_t			 k, n = 0, shown = 0;

	panels = gathered_own(g, xcalloc(a->n + 1, sizeof *panels));
	for (k = 0; k < a->n; k++) {
		if (!plot_counted(a, k))
			continue;
		if (growth_bursts(a, k, &panels[n], g) != 0)
			return (-1);
		panels[n].account = a->names[k];
		plot_frame_widen(f, panels[n].points, panels[n].npoints);
		growth_posts(a, k, &panels[n], g);
		shown += plot_in_range(f, panels[n].points, panels[n].npoints);
		n++;
	}
	if (shown == 0)
		return (1);
	plot_size_panels(p, c, n);
	chart_growth(p, f, panels, n);
	return (0);
}
