/*
 * Burst detection on one account's follower series.
 *
 * The series is brought to steps of its own cadence (the last count of
 * each step): the owner's days for a daily series; for one snapshotted
 * more often, hours (or the cadence, when coarser), since a follower
 * burst lasts hours and minutes would only add noise. A step is the
 * unit of the rhythm and of the baseline; a burst found on steps is then
 * placed within them from the snapshots themselves.
 *
 * Each observed gain covers the steps since the previous observed one:
 * its exposure. The baseline is a trailing robust trend (the median
 * rate over the previous four weeks for days; for hours, whose counts
 * are mostly 0 or 1, the mean over the previous week without its
 * largest fiftieth: so a burst cannot inflate its own baseline) times
 * the rhythm: a weekday factor, and for hours an hour-of-day factor too
 * (quiet nights would otherwise make a burst of every afternoon). The
 * scale is the larger of the local and the whole series' MAD, floored
 * at the negative-binomial scale of the expected gain, because the MAD
 * of sparse counts is often 0 and follower counts vary more than
 * Poisson; hours then widen it to their own tail and hold a score to
 * its Poisson tail (tail_scale, count_z). A burst opens where the
 * summed excess of its first steps stands Z_OPEN scales above the
 * baseline (a lone step: Z_SPIKE) and extends while steps stay above
 * Z_EXTEND.
 *
 * A rounded count (YouTube's three significant digits) is an interval:
 * YouTube cuts the digits off (164,583 shows as 164,000), so the true
 * value lies from the count shown to a rounding unit above it, and the
 * unit grows as the count crosses a power of ten. Such a series moves in
 * steps (1.23 M for days, then 1.24 M), so its daily gains say little:
 * the rate is taken over a week of the series instead (where a unit is
 * a small part of the gain), and a day's gain counts only for what lies
 * beyond its rounding (the gain nearest the baseline that the two
 * intervals allow).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/series.h"
#include "analyze/stats.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define DAY		86400
#define HOUR		3600
#define TREND_DAYS	28	/* trailing window of a daily baseline */
#define TREND_HOURS	(7 * 24) /* ... of an hourly one */
#define MIN_HISTORY	7	/* days observed before scores are trusted */
#define Z_OPEN		4.5	/* calibrated on simulated histories */
#define Z_SPIKE		6.0	/* a lone step must stand out further */
#define OPEN_SPAN	3	/* steps summed when judging an opening */
#define JOIN_STEPS	2	/* bursts this close are one */
#define Z_EXTEND	1.5
#define MIN_EXCESS	3.0	/* followers: below this, no burst */
#define RATE_SPAN	7	/* days a rounded series' rate is taken over */
#define TAIL_QUANTILE	0.95	/* hours: the scores' quantile ... */
#define TAIL_NORMAL	1.645	/* ... held to a normal one's */
#define TAIL_MIN	100	/* gains before the tail is judged */
#define POISSON_MAX	50	/* hours: a Poisson tail below this */
#define TRIM_SHARE	50	/* hours' trend: the largest 1/50 cut */

/*
 * The steps a series is analysed in: days, or for a series snapshotted
 * more often than every 12 hours, hours or its cadence if coarser.
 */
struct cadence {
	int64_t		 seconds;	/* a step's length */
	int64_t		 per_day;	/* steps a day */
	int64_t		 trend;		/* steps in the baseline's window */
	size_t		 min_history;	/* steps before scores are trusted */
	int		 hourly;	/* an hour-of-day rhythm too */
};

/* One observed gain: the change since the previous observed step. */
struct gain {
	int64_t		 step;		/* the step it was observed: time
					   / cadence seconds (for a daily
					   series, the day) */
	int64_t		 t;		/* the snapshot's time */
	int32_t		 offset;	/* its zone's offset east of UTC */
	int		 exposure;	/* steps it covers (1 normally) */
	double		 value;		/* followers gained (may be < 0) */
	double		 level;		/* followers at its end */
	double		 slack;		/* how far rounding may move 'value'
					   down (the earlier count's unit) */
	double		 slack_up;	/* ... and up (the later one's) */
	double		 counted;	/* 'value' moved toward 'expected' by
					   up to 'slack': what counts */
	double		 rate;		/* value / exposure */
	double		 factor;	/* weekday factor over its days */
	double		 adjusted;	/* rate / factor */
	double		 expected;	/* baseline gain over the exposure */
	double		 sd;		/* the scale of 'value' */
	double		 z;		/* one-sided robust score */
};

static int64_t
floor_div(int64_t t, int64_t d)
{
	return (t >= 0 ? t / d : -((-t + d - 1) / d));
}

/*
 * The steps: the median time between snapshots decides. Steps divide a
 * day, so that every step has its hour and weekday.
 */
static void
choose_cadence(const struct follower_point *p, size_t n, struct cadence *c)
{
	static const int64_t	 steps[] = { HOUR, 2 * HOUR, 3 * HOUR,
	    4 * HOUR, 6 * HOUR, 8 * HOUR, 12 * HOUR };
	double			*d, spacing;
	size_t			 i, m = 0;

	c->seconds = DAY;
	d = xcalloc(n + 1, sizeof *d);
	for (i = 1; i < n; i++)
		if (p[i].t > p[i - 1].t)
			d[m++] = (double)(p[i].t - p[i - 1].t);
	spacing = m > 0 ? stats_median(d, m) : DAY;
	free(d);
	for (i = 0; i < sizeof steps / sizeof steps[0] && spacing < DAY / 2;
	    i++)
		if (spacing <= (double)steps[i] * 1.1) {
			c->seconds = steps[i];
			break;
		}
	c->per_day = DAY / c->seconds;
	c->hourly = c->seconds < DAY;
	c->trend = c->hourly ? TREND_HOURS / (c->seconds / HOUR) : TREND_DAYS;
	c->min_history = c->hourly ? (size_t)c->per_day : MIN_HISTORY;
}

double
series_unit(const struct follower_point *p)
{
	double	 unit = 1;
	int64_t	 v = p->followers < 0 ? -p->followers : p->followers;

	if (!p->rounded || v < 1000)
		return (0);
	for (; v >= 1000; v /= 10)
		unit *= 10;
	return (unit);
}

/* The step of point i: a local day, or a real hour (see step_local). */
static int64_t
step_of(const struct follower_point *p, const int32_t *offsets, size_t i,
    const struct cadence *c)
{
	if (c->hourly || offsets == NULL)
		return (floor_div(p[i].t, c->seconds));
	return (floor_div(p[i].t + offsets[i], c->seconds));
}

/* Gains between the last counts of consecutive observed steps. */
static size_t
make_gains(const struct follower_point *p, size_t n, const int32_t *offsets,
    const struct cadence *c, struct gain *g)
{
	size_t	 i, k = 0, prev = 0;
	int64_t	 prev_step = 0, prev_value = 0, step, next;
	int	 have = 0;

	for (i = 0, next = n > 0 ? step_of(p, offsets, 0, c) : 0; i < n;
	    i++) {
		step = next;
		if (i + 1 < n)
			next = step_of(p, offsets, i + 1, c);
		/* Only the step's last count stands for the step. */
		if (i + 1 < n && next == step)
			continue;
		if (have) {
			g[k].step = step;
			g[k].t = p[i].t;
			g[k].offset = offsets != NULL ? offsets[i] : 0;
			g[k].exposure = (int)(g[k].step - prev_step);
			g[k].value = (double)(p[i].followers - prev_value);
			g[k].level = (double)p[i].followers;
			g[k].slack = series_unit(&p[prev]);
			g[k].slack_up = series_unit(&p[i]);
			g[k].rate = g[k].value / g[k].exposure;
			k++;
		}
		prev_step = step;
		prev_value = p[i].followers;
		prev = i;
		have = 1;
	}
	return (k);
}

/* A median that is 0 for no data: no history means no baseline yet. */
static double
median(double *v, size_t n)
{
	return (n == 0 ? 0 : stats_median(v, n));
}

/*
 * The mean of v without its largest fiftieth (reordered in place; 0 for
 * no data). Hours' gains are small counts, mostly 0 or 1 where a day's
 * are dozens: their median is 0 or 1 whatever the rate, and only a mean
 * measures it. The largest fiftieth (3 hours of a week) goes so that a
 * burst cannot raise it; cutting more would cut the ordinary 2s and 3s
 * and take the rate for half what it is.
 */
static size_t
trim_keep(size_t n)
{
	return (n - n / TRIM_SHARE);
}

/* The mean of v's first k values: the kept ones, once they come first. */
static double
mean_first(const double *v, size_t k)
{
	double	 sum = 0;
	size_t	 i;

	for (i = 0; i < k; i++)
		sum += v[i];
	return (sum / (double)k);
}

static double
trimmed_mean(double *v, size_t n)
{
	if (n == 0)
		return (0);
	stats_select(v, n, trim_keep(n) - 1);
	return (mean_first(v, trim_keep(n)));
}

/* The typical value: a median for days, a trimmed mean for hours. */
static double
typical(const struct cadence *c, double *v, size_t n)
{
	return (c->hourly ? trimmed_mean(v, n) : median(v, n));
}

/* The rhythm of a series: a factor per weekday and per hour of day. */
struct rhythm {
	double		 weekday[7];
	double		 hour[24];	/* all 1 for a daily series */
};

/*
 * Where a step starts on the owner's clock. A day is a local day (its
 * step is counted in local time). An hour is a real hour, counted in
 * UTC, with the zone's offset at it added: so the hour that a change
 * from summer time repeats is two steps, not one of two hours' gain.
 */
static int64_t
step_local(const struct cadence *c, int64_t step, int32_t offset)
{
	return (step * c->seconds + (c->hourly ? offset : 0));
}

/* A day's step is its day: no divisions for it (10,000 series a run). */
static int
weektime_day(const struct cadence *c, int64_t step, int32_t offset)
{
	if (!c->hourly)
		return ((int)(((step % 7) + 7) % 7));
	return ((int)(((time_day(step_local(c, step, offset)) % 7) + 7) % 7));
}

static int
hour_of(const struct cadence *c, int64_t step, int32_t offset)
{
	int64_t	 t;

	if (!c->hourly)
		return (0);
	t = step_local(c, step, offset);
	return ((int)((t - time_day(t) * DAY) / HOUR));
}

static double
rhythm_at(const struct rhythm *r, const struct cadence *c, int64_t step,
    int32_t offset)
{
	if (!c->hourly)
		return (r->weekday[weektime_day(c, step, offset)]);
	return (r->weekday[weektime_day(c, step, offset)] *
	    r->hour[hour_of(c, step, offset)]);
}

/*
 * Factors of one kind (nslots of them): the typical ratio of the gains
 * in each slot, where a slot has at least 4 (else 1), kept within
 * [lo, hi] and normalised to average 1. slot[i] < 0 leaves gain i out.
 */
static void
slot_factors(const struct cadence *c, const double *ratio, const int *slot,
    size_t n, int nslots, double lo, double hi, double *factor,
    double *scratch)
{
	size_t	 start[25] = { 0 }, at[24], i, m;
	double	 sum = 0;
	int	 s;

	/* The ratios by slot, each slot's together (a counting sort). */
	for (i = 0; i < n; i++)
		if (slot[i] >= 0)
			start[slot[i] + 1]++;
	for (s = 0; s < nslots; s++) {
		start[s + 1] += start[s];
		at[s] = start[s];
	}
	for (i = 0; i < n; i++)
		if (slot[i] >= 0)
			scratch[at[slot[i]]++] = ratio[i];
	for (s = 0; s < nslots; s++) {
		m = start[s + 1] - start[s];
		factor[s] = m >= 4 ? typical(c, scratch + start[s], m) : 1;
		factor[s] = fmin(fmax(factor[s], lo), hi);
		sum += factor[s];
	}
	for (s = 0; s < nslots; s++)
		factor[s] *= nslots / sum;
}

/* No rhythm: every factor 1. */
static void
rhythm_flat(struct rhythm *r)
{
	int	 i;

	for (i = 0; i < 7; i++)
		r->weekday[i] = 1;
	for (i = 0; i < 24; i++)
		r->hour[i] = 1;
}

/*
 * The rhythm, from the single-step gains: each one's rate over the
 * typical rate (see typical), by hour of day first (hours only), then
 * what is left of it by weekday. A weekday moves a rate by half at most
 * either way; an hour from a tenth to four times the typical rate.
 */
static void
rhythm_estimate(const struct gain *g, size_t n, const struct cadence *c,
    struct rhythm *r)
{
	double	*ratio, *scratch, usual;
	size_t	 i, m = 0;
	int	*slot;

	rhythm_flat(r);
	ratio = xcalloc(n + 1, sizeof *ratio);
	scratch = xcalloc(n + 1, sizeof *scratch);
	slot = xcalloc(n + 1, sizeof *slot);
	for (i = 0; i < n; i++)
		if (g[i].exposure == 1)
			scratch[m++] = g[i].rate;
	usual = typical(c, scratch, m);
	if (usual <= 0)
		goto out;
	if (c->hourly) {
		for (i = 0; i < n; i++) {
			ratio[i] = g[i].rate / usual;
			slot[i] = g[i].exposure == 1 ? hour_of(c, g[i].step,
			    g[i].offset) : -1;
		}
		slot_factors(c, ratio, slot, n, 24, 0.1, 4, r->hour, scratch);
	}
	for (i = 0; i < n; i++) {
		ratio[i] = g[i].rate / (usual * r->hour[hour_of(c,
		    g[i].step, g[i].offset)]);
		slot[i] = g[i].exposure == 1 ? weektime_day(c, g[i].step,
		    g[i].offset) : -1;
	}
	slot_factors(c, ratio, slot, n, 7, 0.5, 1.5, r->weekday, scratch);
out:
	free(slot);
	free(scratch);
	free(ratio);
}

/* Mean rhythm factor over the steps a gain covers. */
static double
exposure_factor(const struct gain *g, const struct rhythm *r,
    const struct cadence *c)
{
	double	 s = 0;
	int	 d;

	for (d = 0; d < g->exposure; d++)
		s += rhythm_at(r, c, g->step - d, g->offset);
	return (s / g->exposure);
}

/*
 * The trailing baseline of gain i: the median and MAD of the rhythm-
 * adjusted rates of the gains in the weeks before it, kept in a sorted
 * window that slides along the series (every earlier gain ends on or
 * before the step gain i starts, so the window is simply the gains
 * before i within the cadence's trend). Early in a series, or after a
 * long outage, the first gains stand in for the missing past.
 */
static void
baseline(const struct gain *g, size_t n, size_t i, const struct cadence *c,
    struct stats_window *w, size_t *oldest, double *scratch, double *trend,
    double *mad)
{
	size_t	 j, m = 0, k;

	if (i > 0 && *oldest < i - 1 &&
	    g[*oldest].step <= g[i].step - c->trend)
		stats_window_replace(w, g[(*oldest)++].adjusted,
		    g[i - 1].adjusted);
	else if (i > 0)
		stats_window_add(w, g[i - 1].adjusted);
	while (*oldest < i && g[*oldest].step <= g[i].step - c->trend)
		stats_window_remove(w, g[(*oldest)++].adjusted);
	if (w->n >= c->min_history && !c->hourly) {
		*trend = stats_window_median(w);
		*mad = stats_window_mad(w, *trend);
		return;
	}
	if (w->n >= c->min_history) {
		/* The window is sorted: its trimmed mean needs no selection. */
		*trend = mean_first(w->v, trim_keep(w->n));
		*mad = stats_window_mad(w, stats_window_median(w));
		return;
	}
	for (j = 0; j < n && m < 2 * c->min_history; j++)
		if (j != i)
			scratch[m++] = g[j].adjusted;
	*trend = typical(c, scratch, m);
	for (k = 0; k < m; k++)
		scratch[k] = fabs(scratch[k] - *trend);
	*mad = median(scratch, m);
}

/*
 * The overdispersion of gains (1/k of a negative binomial, whose
 * variance is E + E^2/k), by moments over single-step gains, leaving out
 * the largest tenth of deviations so that bursts do not inflate it.
 */
static double
overdispersion(const struct gain *g, size_t n, double *scratch)
{
	double	 sum = 0, e, d;
	size_t	 i, m = 0, keep;

	for (i = 0; i < n; i++) {
		if (g[i].exposure != 1 || g[i].expected < 1)
			continue;
		e = g[i].expected;
		d = g[i].counted - e;
		scratch[m++] = (d * d - e) / (e * e);
	}
	if (m < 30)
		return (0);
	/* The smallest nine tenths end up first, in some order. */
	keep = m - m / 10;
	stats_select(scratch, m, keep - 1);
	for (i = 0; i < keep; i++)
		sum += scratch[i];
	/* The trimmed mean underestimates: scale back for the cut tail. */
	sum = sum / keep * 2.0;
	return (sum > 0 ? sum : 0);
}

/* Is the series rounded (any gain that rounding may have moved)? */
static int
is_rounded(const struct gain *g, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (g[i].slack > 0 || g[i].slack_up > 0)
			return (1);
	return (0);
}

/*
 * A rounded series' rates, each taken over the RATE_SPAN days (or more)
 * before it ends: from the level at the start of the latest gain that
 * began that long before, else the series' first. A rounding unit is
 * then a seventh of what it is in one day's gain, and a step of the
 * rounding is spread over the days that made it.
 */
static void
span_rates(struct gain *g, size_t n, const struct cadence *c)
{
	size_t	 i, m = 0;
	int64_t	 from, span = RATE_SPAN * c->per_day;
	double	 from_level;

	for (i = 0; i < n; i++) {
		while (m + 1 <= i && g[m + 1].step - g[m + 1].exposure <=
		    g[i].step - span)
			m++;
		from = g[m].step - g[m].exposure;
		from_level = g[m].level - g[m].value;
		g[i].adjusted = (g[i].level - from_level) /
		    (double)(g[i].step - from);
	}
}

/*
 * What of a gain counts: the gain nearest the baseline that its rounding
 * allows (the gain itself for exact counts).
 */
static double
counted(const struct gain *g)
{
	double	 d = g->value - g->expected;

	if (d > g->slack)
		return (g->value - g->slack);
	if (d < -g->slack_up)
		return (g->value + g->slack_up);
	return (g->expected);
}

/*
 * Hours' gains have heavier tails than the scale above allows (on real
 * 5-minute count series, the 95th percentile of the scores is 2.5 to 5
 * where a normal one is 1.645): the scale is widened until the series'
 * own 95th percentile is that of a normal score, so that a burst must
 * stand out against the series' own swings. Days keep their scale,
 * which the simulated histories calibrate (widened, their bursts' own
 * days would hide them).
 */
static void
tail_scale(struct gain *g, size_t n, double *scratch)
{
	double	 t;
	size_t	 i, k;

	if (n < TAIL_MIN)
		return;
	for (i = 0; i < n; i++)
		scratch[i] = g[i].z;
	k = (size_t)(TAIL_QUANTILE * (double)n);
	stats_select(scratch, n, k);
	t = scratch[k] / TAIL_NORMAL;
	if (t <= 1)
		return;
	for (i = 0; i < n; i++) {
		g[i].z /= t;
		g[i].sd *= t;
	}
}

/*
 * A small count's tail is not a normal one: 7 followers in an hour that
 * usually brings 0.7 stand 6.3 scales out, yet Poisson gives them odds
 * of 1 in 90,000 (4.2 standard deviations), and an account snapshotted
 * hourly sees 9,000 hours a year. So an hour's score is at most what
 * the Poisson tail of its gain allows; above POISSON_MAX followers
 * expected the two agree.
 */
static double
count_z(const struct gain *g)
{
	if (g->expected >= POISSON_MAX || g->counted <= g->expected)
		return (INFINITY);
	return (stats_normal_upper(stats_poisson_log_upper(
	    floor(g->counted + 0.5), fmax(g->expected, 1e-3))));
}

/*
 * Score every gain. The scale is the larger of the local MAD and the
 * whole series' MAD of residuals: a quiet month must not make an
 * ordinary wobble look like a burst. Poisson sets the floor under both.
 */
static void
score_gains(struct gain *g, size_t n, const struct cadence *c)
{
	struct rhythm	 rhythm;
	double		 mad, f, sd, floor_sd, global, inv_k, *scratch;
	double		*trend, *local;
	struct stats_window window;
	size_t		 i, oldest = 0;
	int		 rounded = is_rounded(g, n);

	if (rounded)
		rhythm_flat(&rhythm);	/* a rounding's steps carry none */
	else
		rhythm_estimate(g, n, c, &rhythm);
	scratch = xreallocarray(NULL, n + 1, sizeof *scratch);
	trend = xreallocarray(NULL, n + 1, sizeof *trend);
	local = xreallocarray(NULL, n + 1, sizeof *local);
	for (i = 0; i < n; i++) {
		g[i].factor = exposure_factor(&g[i], &rhythm, c);
		g[i].adjusted = g[i].rate / g[i].factor;
	}
	if (rounded)
		span_rates(g, n, c);
	stats_window_init(&window, (size_t)c->trend + 1);
	for (i = 0; i < n; i++) {
		baseline(g, n, i, c, &window, &oldest, scratch, &trend[i],
		    &local[i]);
		g[i].expected = trend[i] * g[i].factor * g[i].exposure;
		if (g[i].expected < 0)
			g[i].expected = 0;
		g[i].counted = counted(&g[i]);
	}
	for (i = 0; i < n; i++)
		scratch[i] = fabs(g[i].counted / (g[i].factor * g[i].exposure) -
		    trend[i]);
	stats_window_free(&window);
	global = median(scratch, n);
	inv_k = overdispersion(g, n, scratch);
	for (i = 0; i < n; i++) {
		f = g[i].factor;
		mad = local[i] > global ? local[i] : global;
		sd = 1.4826 * mad * f * sqrt((double)g[i].exposure);
		/* Counts vary more than Poisson: a negative binomial floor. */
		floor_sd = g[i].expected > 1 ? g[i].expected : 1;
		floor_sd = sqrt(floor_sd + floor_sd * floor_sd * inv_k /
		    g[i].exposure);
		if (sd < floor_sd)
			sd = floor_sd;
		g[i].sd = sd;
		g[i].z = (g[i].counted - g[i].expected) / sd;
	}
	if (c->hourly) {
		tail_scale(g, n, scratch);
		for (i = 0; i < n; i++)
			g[i].z = fmin(g[i].z, count_z(&g[i]));
	}
	free(local);
	free(trend);
	free(scratch);
}

/* The first step gain a covers. */
static int64_t
first_step(const struct gain *g)
{
	return (g->step - (g->exposure - 1));
}

/* Fill a burst from gains [a, b]. */
static void
summarise(const struct gain *g, size_t a, size_t b, const struct cadence *c,
    struct burst *out)
{
	size_t	 i, peak = a;
	double	 steps = 0;

	memset(out, 0, sizeof *out);
	out->start_day = time_day(step_local(c, first_step(&g[a]), g[a].offset));
	out->end_day = time_day(step_local(c, g[b].step, g[b].offset));
	out->start_time = g[a].t;
	out->end_time = g[b].t;
	for (i = a; i <= b; i++) {
		out->gained += g[i].value;
		out->excess += g[i].counted - g[i].expected;
		steps += g[i].exposure;
		out->baseline_per_day += g[i].expected;
		if (g[i].z > g[peak].z)
			peak = i;
	}
	out->baseline_per_day = out->baseline_per_day / steps *
	    (double)c->per_day;
	out->peak_day = time_day(step_local(c, g[peak].step, g[peak].offset));
	out->score = g[peak].z;
	out->offset = g[b].offset;
}

/* The index of the last point at or before time t (0 if none). */
static size_t
point_at(const struct follower_point *p, size_t n, int64_t t)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (p[mid].t <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo > 0 ? lo - 1 : 0);
}

/* Followers gained from point 'from' to point k above a baseline rate. */
static double
excess_since(const struct follower_point *p, size_t from, size_t k,
    double rate)
{
	return ((double)(p[k].followers - p[from].followers) -
	    rate * (double)(p[k].t - p[from].t));
}

/*
 * With several snapshots a step, say when inside its steps (gains
 * [a, b]) the burst happened. The followers gained above the baseline
 * rate, summed from the last snapshot before the window, fall to their
 * lowest just before
 * the burst and climb to their highest at its end: the burst spans the
 * snapshots from the first past 5% of that climb to the first past 95%,
 * so the ordinary drift of a day with a quiet night does not stretch
 * it. A series with a snapshot a step keeps its steps' snapshots.
 */
static void
refine_times(const struct follower_point *p, size_t n, const struct gain *g,
    size_t a, size_t bg, const struct cadence *c, struct burst *b)
{
	size_t	 from, to, k, low, high;
	double	 rate, e, e_low, e_high, climb;

	from = point_at(p, n, step_local(c, first_step(&g[a]), g[a].offset) -
	    g[a].offset - 1);
	to = point_at(p, n, b->end_time);
	if (to - from <= (size_t)(g[bg].step - first_step(&g[a]) + 1))
		return;
	rate = b->baseline_per_day / DAY;
	high = from;
	e_high = 0;
	for (k = from; k <= to; k++)
		if ((e = excess_since(p, from, k, rate)) > e_high) {
			e_high = e;
			high = k;
		}
	low = from;
	e_low = 0;
	for (k = from; k < high; k++)
		if ((e = excess_since(p, from, k, rate)) <= e_low) {
			e_low = e;
			low = k;
		}
	if (high <= low)
		return;
	climb = e_high - e_low;
	for (k = low + 1; k < high &&
	    excess_since(p, from, k, rate) - e_low < 0.05 * climb; k++)
		;
	b->start_time = p[k].t;
	for (; k < high &&
	    excess_since(p, from, k, rate) - e_low < 0.95 * climb; k++)
		;
	b->end_time = p[k].t;
}

/*
 * Does a burst open at gain i? Real bursts fade over a few steps, so the
 * summed excess of the first steps is the better evidence; one lone step
 * must stand out further to count, since heavy-tailed noise makes more
 * lone spikes than lasting ones.
 */
static int
opens(const struct gain *g, size_t n, size_t i, const struct cadence *c)
{
	struct gain	 span;
	double		 excess = 0, var = 0, z;
	size_t		 j;

	if (g[i].z < Z_EXTEND)
		return (0);
	if (g[i].z >= Z_SPIKE)
		return (1);
	memset(&span, 0, sizeof span);
	for (j = i; j < n && j < i + OPEN_SPAN; j++) {
		if (j > i && g[j].z < Z_EXTEND)
			break;
		excess += g[j].counted - g[j].expected;
		var += g[j].sd * g[j].sd;
		span.counted += g[j].counted;
		span.expected += g[j].expected;
		z = excess / sqrt(var);
		if (c->hourly)
			z = fmin(z, count_z(&span));
		if (j > i && z >= Z_OPEN)
			return (1);
	}
	return (0);
}

/*
 * One quiet step between two bursts does not split them: join the burst
 * found over [a, b] to the last one, over [last_a, b], if the joined
 * window still gains enough. If the steps between lost more than the
 * two gained (a purge between them), the two stay apart: 0.
 */
static int
join_last(const struct follower_point *p, size_t n, const struct gain *g,
    size_t last_a, size_t b, const struct cadence *c, struct burst *last)
{
	struct burst	 joined;

	summarise(g, last_a, b, c, &joined);
	refine_times(p, n, g, last_a, b, c, &joined);
	if (joined.excess < MIN_EXCESS)
		return (0);
	*last = joined;
	return (1);
}

size_t
bursts_detect(const struct follower_point *p, size_t n, const int32_t *offsets,
    struct burst **out)
{
	struct cadence	 c;
	struct gain	*g;
	size_t		 ng, i, a, b, nb = 0, cap = 0, last_a = 0, last_b = 0;
	int		 have_last = 0;

	*out = NULL;
	if (n < 2)
		return (0);
	choose_cadence(p, n, &c);
	/* Every member of every gain is written before it is read. */
	g = xreallocarray(NULL, n, sizeof *g);
	ng = make_gains(p, n, offsets, &c, g);
	score_gains(g, ng, &c);
	for (i = 0; i < ng; i++) {
		if (!opens(g, ng, i, &c))
			continue;
		/*
		 * Grow the window both ways over elevated gains. A gain over
		 * a gap in the snapshots that is still elevated carries the
		 * burst on: the window then covers the gap, since when in it
		 * the followers came cannot be known.
		 */
		for (a = i; a > 0 && g[a - 1].z >= Z_EXTEND; a--)
			;
		for (b = i; b + 1 < ng && g[b + 1].z >= Z_EXTEND; b++)
			;
		if (have_last && g[a].step - g[last_b].step <= JOIN_STEPS &&
		    join_last(p, n, g, last_a, b, &c, &(*out)[nb - 1])) {
			last_b = b;
			i = b;
			continue;
		}
		if (nb == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		summarise(g, a, b, &c, &(*out)[nb]);
		refine_times(p, n, g, a, b, &c, &(*out)[nb]);
		if ((*out)[nb].excess >= MIN_EXCESS) {
			nb++;
			last_a = a;
			last_b = b;
			have_last = 1;
		}
		i = b;
	}
	free(g);
	return (nb);
}
