/*
 * Engagement rates: a post's engagement at a comparable age divided by
 * the followers its account had when it was posted. Comparing posts at
 * the same age matters: a day-old post has not had its week yet.
 */
#ifndef TL_ANALYZE_ENGAGEMENT_H
#define TL_ANALYZE_ENGAGEMENT_H

#include <stddef.h>
#include <stdint.h>

#include "analyze/attribute.h"
#include "analyze/series.h"

#define RATE_AGE	(7 * 86400)	/* the age rates are compared at */

/* Likes, reposts, replies and quotes of a snapshot (unknown ones as 0). */
double	 engagement_total(const struct metric_point *);
/*
 * Total engagement (likes, reposts, replies, quotes) at RATE_AGE,
 * interpolated between metric snapshots; -1 when the snapshots do not
 * reach that age closely enough to say.
 */
double	 engagement_at_age(const struct post *, int64_t);
/* Followers at time t, interpolated; -1 before the first count. */
double	 followers_at(const struct follower_point *, size_t, int64_t);
/* The post's engagement rate, or -1 when it cannot be measured. */
double	 engagement_rate(const struct post *,
	    const struct follower_point *, size_t);

#endif
