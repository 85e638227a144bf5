/*
 * The engagement chart's data: posts' cumulative engagement against
 * their age, for the posts named with --post or, by default, the largest
 * second lives and the most engaging posts of the first picked account's
 * group.
 */
#include <string.h>

#include "analyze/attribute.h"
#include "analyze/engagement.h"
#include "cmd/analysis.h"
#include "cmd/plot-gather.h"
#include "plot/charts.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/* How much a post gained after its tenth day: a second life's size. */
static double
late_gain(const struct post *in)
{
	double	 at10 = -1;
	size_t	 i;

	for (i = 0; i < in->nmetrics; i++)
		if (in->metrics[i].t - in->published_at <= 10 *
		    SECONDS_PER_DAY)
			at10 = engagement_total(&in->metrics[i]);
	if (at10 < 0 || in->nmetrics == 0)
		return (0);
	return (engagement_total(&in->metrics[in->nmetrics - 1]) - at10);
}

/*
 * The posts to draw when none are named: the half of --top with the
 * largest second lives (gaining at least a fifth after day 10), then the
 * most engaging.
 */
static size_t
pick_posts(const struct analysis_ctx *a, const struct plot_opts *o,
    const struct post **out)
{
	const struct post	*in;
	double			 best, score, final;
	size_t			 i, j, n = 0, want = (size_t)o->top;
	int			 pass, taken;

	for (pass = 0; pass < 2; pass++)
		while (n < want && (pass == 1 || n < (want + 1) / 2)) {
			best = 0;
			taken = -1;
			for (i = 0; i < a->posts.n; i++) {
				in = &a->posts.posts[i];
				if (!a->picked[in->account] || in->nmetrics == 0 ||
				    in->published_at < a->opts.since)
					continue;
				for (j = 0; j < n && out[j] != in; j++)
					;
				if (j < n)
					continue;
				final = engagement_total(&in->metrics[
				    in->nmetrics - 1]);
				score = pass == 0 ? late_gain(in) : final;
				if (pass == 0 && score < final / 5)
					continue;
				if (score > best) {
					best = score;
					taken = (int)i;
				}
			}
			if (taken < 0)
				break;
			out[n++] = &a->posts.posts[taken];
		}
	return (n);
}

/* The posts named with --post, from the group of account k; -1 if not. */
static int
named_posts(const struct analysis_ctx *a, size_t k, const struct plot_opts *o,
    const struct post **out)
{
	size_t	 i;
	int	 q;

	for (q = 0; q < o->nposts; q++) {
		for (i = 0; i < a->posts.n && strcmp(a->posts.posts[i].
		    remote_id, o->posts[q]) != 0; i++)
			;
		if (i == a->posts.n) {
			log_error("no post '%s' in the group of %s",
			    o->posts[q], a->names[k]);
			return (-1);
		}
		if (a->posts.posts[i].nmetrics == 0) {
			log_error("post '%s' has no engagement snapshots to "
			    "draw", o->posts[q]);
			return (-1);
		}
		out[q] = &a->posts.posts[i];
	}
	return (o->nposts);
}

/* A post's line: its engagement at each metric snapshot, by age. */
static void
post_line(const struct analysis_ctx *a, const struct post *in,
    struct engagement_line *line, struct gathered *g)
{
	struct engagement_point	*pt;
	size_t			 j;

	pt = gathered_own(g, xcalloc(in->nmetrics + 1, sizeof *pt));
	for (j = 0; j < in->nmetrics; j++) {
		pt[j].age_days = (double)(in->metrics[j].t - in->published_at) /
		    SECONDS_PER_DAY;
		pt[j].engagement = engagement_total(&in->metrics[j]);
	}
	line->account = a->names[in->account];
	line->title = in->title != NULL ? in->title : in->remote_id;
	line->points = pt;
	line->npoints = in->nmetrics;
}

int
plot_gather_engagement(struct analysis_ctx *a, const struct chart_kind *c,
    struct plot *p, const struct plot_opts *o, struct chart_frame *f,
    struct gathered *g)
{
	const struct post	*chosen[PLOT_MAX_LINES];
	struct engagement_line	*lines;
	size_t			 k, i;
	int			 n;

	for (k = 0; k < a->n && !a->picked[k]; k++)
		;
	/* The posts of the first picked account's group. */
	if (k == a->n || analysis_load_group(a, k) != 0)
		return (k == a->n ? 1 : -1);
	if (o->nposts > 0)
		n = named_posts(a, k, o, chosen);
	else
		n = (int)pick_posts(a, o, chosen);
	if (n <= 0)
		return (n == 0 ? 1 : -1);
	lines = gathered_own(g, xcalloc((size_t)n, sizeof *lines));
	for (i = 0; i < (size_t)n; i++) {
		post_line(a, chosen[i], &lines[i], g);
		if (f->from == 0 || chosen[i]->published_at < f->from)
			f->from = chosen[i]->published_at;
	}
	f->to = a->opts.until;
	chart_engagement(p, f, lines, (size_t)n);
	return (0);
}
