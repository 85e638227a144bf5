/*
 * Pure analysis of follower series: no I/O, no store, no network. The
 * callers (src/cmd/) read the rows from the store and hand arrays in.
 */
#ifndef TL_ANALYZE_SERIES_H
#define TL_ANALYZE_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "types.h"

/*
 * A growth burst: a run of days whose gains stand above the expected
 * baseline. Days are the owner's days (UTC unless a time zone is given)
 * since 1970-01-01, inclusive.
 */
struct burst {
	int64_t		 start_day;
	int64_t		 end_day;
	int64_t		 peak_day;	/* the day with the highest score */
	/*
	 * The snapshots that first show the burst's gain and that end it:
	 * the days' last snapshots for a daily series; with several
	 * snapshots a day, where within the days the burst happened.
	 */
	int64_t		 start_time;
	int64_t		 end_time;
	double		 gained;	/* followers gained in the window */
	double		 excess;	/* gained above the expected baseline */
	double		 baseline_per_day; /* expected daily gain then */
	double		 score;		/* the peak's robust z score */
	int32_t		 offset;	/* the owner's offset east of UTC at
					   its end: its days are local days,
					   day * 86400 - offset their start */
};

/*
 * Find the bursts of a series sorted by time. Gains accumulated over a
 * gap (missed snapshots, an outage) count with their length, so a
 * normal rate over a week is no burst; drops are never bursts. Days and
 * hours are the owner's: offsets[i] is point i's time zone offset east
 * of UTC in seconds (NULL: UTC), and a burst's days are local days.
 * Returns the number found, with a new array in *out (the caller frees
 * it; NULL when none).
 */
size_t	 bursts_detect(const struct follower_point *, size_t,
	    const int32_t *, struct burst **);

/*
 * The rounding unit of a count shown to three significant digits (0 for
 * an exact one): YouTube cuts the digits off, so 1,234,567 shows as
 * 1,230,000 and the true count lies from it to a unit (10,000) above.
 */
double	 series_unit(const struct follower_point *);

#endif
