/*
 * What the plot command (plot.c) and its charts' gathering (plot-*.c,
 * one file per chart) share: the options, the table entry that says how
 * a chart differs from the others, and what the gathering allocated.
 * Gathering reads the store and the analyses' results (results.h) into
 * the plain arrays of src/plot/charts.h and has the chart drawn.
 */
#ifndef TL_CMD_PLOT_GATHER_H
#define TL_CMD_PLOT_GATHER_H

#include <stddef.h>

#include "cmd/analysis.h"
#include "plot/charts.h"

#define PLOT_MAX_LINES	7	/* engagement: posts drawn at most, the
				   palette's colours */

struct plot_opts {
	const char	*output;	/* -o, or NULL */
	int		 width, height;	/* --size; 0: the chart's own */
	int		 term;		/* 0, PLOT_DUMB or PLOT_SIXEL */
	int		 top;		/* --top: engagement's posts */
	const char	*posts[PLOT_MAX_LINES];	/* --post ids */
	int		 nposts;
};

/* What a chart's gathering allocated, freed in one place. */
struct gathered {
	void		**owned;	/* arrays and strings to free */
	size_t		 nowned;
};

/* Take p (a new allocation) into g; returns p. */
void	*gathered_own(struct gathered *, void *);
void	 gathered_free(struct gathered *);

struct chart_kind;
/*
 * Gather a chart's data and draw it into the plot: 0; 1 when there is
 * nothing to draw; -1 on error, after saying why.
 */
typedef int	 (*chart_gather_fn)(struct analysis_ctx *,
		    const struct chart_kind *, struct plot *,
		    const struct plot_opts *, struct chart_frame *,
		    struct gathered *);

/* How a chart differs from the others: one entry of plot.c's table. */
struct chart_kind {
	const char	*name;		/* as typed; its template is
					   plots/NAME.gp */
	const char	*title;		/* drawn above the panels */
	int		 width;		/* pixels by default; 0: from the
					   panels (side by side) */
	int		 height;	/* pixels by default; 0: from the
					   panels (one above another) */
	int		 base_px;	/* that size: titles and margins ... */
	int		 panel_px;	/* ... and this per panel, up to
					   PLOT_PANELS_MAX_PX */
	chart_gather_fn	 gather;
};

#define PLOT_PANELS_MAX_PX	2400

/* Give the plot the chart's size from n panels, unless it has one. */
void	 plot_size_panels(struct plot *, const struct chart_kind *, size_t);
/* Widen the frame to the series' times. */
void	 plot_frame_widen(struct chart_frame *,
	    const struct follower_point *, size_t);
/* How many of the points fall within the frame's range. */
size_t	 plot_in_range(const struct chart_frame *,
	    const struct follower_point *, size_t);
/* Is account k picked, and one with follower counts (not a feed)? */
int	 plot_counted(const struct analysis_ctx *, size_t);

int	 plot_gather_audience(struct analysis_ctx *,
	    const struct chart_kind *, struct plot *, const struct plot_opts *,
	    struct chart_frame *, struct gathered *);
int	 plot_gather_growth(struct analysis_ctx *, const struct chart_kind *,
	    struct plot *, const struct plot_opts *, struct chart_frame *,
	    struct gathered *);
int	 plot_gather_decay(struct analysis_ctx *, const struct chart_kind *,
	    struct plot *, const struct plot_opts *, struct chart_frame *,
	    struct gathered *);
int	 plot_gather_topics(struct analysis_ctx *, const struct chart_kind *,
	    struct plot *, const struct plot_opts *, struct chart_frame *,
	    struct gathered *);
int	 plot_gather_engagement(struct analysis_ctx *,
	    const struct chart_kind *, struct plot *, const struct plot_opts *,
	    struct chart_frame *, struct gathered *);

#endif
