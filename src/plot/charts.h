/*
 * The charts: each fills a struct plot (plot.h) from plain arrays that
 * the plot command gathers from the store and the analyses. They write
 * data files and the settings their template in plots/ expects.
 */
#ifndef TL_PLOT_CHARTS_H
#define TL_PLOT_CHARTS_H

#include <stddef.h>
#include <stdint.h>

#include "analyze/series.h"
#include "plot/plot.h"

/* What every chart shows around its data. */
struct chart_frame {
	const char	*title;
	int64_t		 from, to;	/* the data's time range, UTC s */
	int64_t		 as_of;
};

/* TITLE and CAPTION (the data's range, as of when) for the template. */
void	 chart_frame_settings(struct buf *, const struct chart_frame *);

struct growth_burst {
	int64_t		 start, end;	/* first and last day, UTC s */
	double		 excess;
	const char	*title;		/* of its top post, or NULL */
};

struct growth_post {
	int64_t		 t;
	int		 blog;		/* an article of a feed */
};

struct growth_panel {
	const char			*account;
	const struct follower_point	*points;
	size_t				 npoints;
	const struct growth_burst	*bursts;
	size_t				 nbursts;
	const struct growth_post	*posts;
	size_t				 nposts;
};

/* Followers over time, one panel per account. */
void	 chart_growth(struct plot *, const struct chart_frame *,
	    const struct growth_panel *, size_t);

struct decay_point_obs {
	double		 gap_days;	/* since the previous post */
	double		 relative;	/* rate over the typical fresh rate */
};

struct decay_curve_point {
	double		 days, fraction, lo, hi;
};

struct decay_panel {
	const char			*account;
	const struct decay_point_obs	*obs;
	size_t				 nobs;
	const struct decay_curve_point	*curve;	/* ascending days */
	size_t				 ncurve;
	double				 floor;
	double				 half_life;
	const char			*note;	/* why no fit, or NULL */
	const struct follower_point	*followers;	/* over time */
	const double			*effective;	/* per point */
	size_t				 npoints;
};

/* Engagement against silence with the fit, and effective audience. */
void	 chart_decay(struct plot *, const struct chart_frame *,
	    const struct decay_panel *, size_t);

struct topic_bar {
	const char	*tag;
	double		 index;
	int		 posts;
};

struct topic_panel {
	const char		*account;
	const struct topic_bar	*bars;		/* sorted, highest first */
	size_t			 nbars;
};

/* Engagement index per tag, sorted, with the 1.0 line. */
void	 chart_topics(struct plot *, const struct chart_frame *,
	    const struct topic_panel *, size_t);

struct engagement_point {
	double		 age_days;
	double		 engagement;	/* likes + reposts + replies + quotes */
};

struct engagement_line {
	const char			*account;
	const char			*title;
	const struct engagement_point	*points;
	size_t				 npoints;
};

/* Posts' engagement over their age: second lives show as late climbs. */
void	 chart_engagement(struct plot *, const struct chart_frame *,
	    const struct engagement_line *, size_t);

/* The audience a whole walk found at its end. */
struct audience_walk {
	int64_t		 t;		/* UTC seconds */
	double		 listed;
	double		 active;	/* listed times the active share, its
					   90% interval; NAN: unknown */
	double		 lo, hi;
};

/* What a walk found come and gone. */
struct audience_flow {
	int64_t		 t;		/* its end, UTC seconds */
	double		 gained, lost;
};

struct audience_panel {
	const char			*account;
	const struct follower_point	*points;	/* the platform's */
	size_t				 npoints;
	const char			*note;		/* no census: why, drawn
							   in its place; else
							   NULL */
	const struct audience_walk	*walks;
	size_t				 nwalks;
	const struct audience_flow	*flows;
	size_t				 nflows;
	const double			*curve;		/* still following at
							   day 0, 1, ... since
							   the follow */
	size_t				 ncurve;
	const char			*curve_note;	/* why no curve, or
							   NULL */
	const char			*warning;	/* the census failed or
							   is off since the
							   walks drawn, or
							   NULL */
};

/*
 * The census, a row per account: followers counted and listed, active
 * with its interval, over time; gains and losses as bars by day (by week
 * over more than 90 days); the share still following by days since the
 * follow.
 */
void	 chart_audience(struct plot *, const struct chart_frame *,
	    const struct audience_panel *, size_t);

#endif
