/*
 * Burst detection on one account's follower series.
 *
 * The series is brought to UTC days (the last count of each day): days
 * are the unit of the weekly rhythm and of the baseline, and at a finer
 * cadence a daily rhythm (quiet nights) would look like a burst every
 * afternoon. With several snapshots a day, a burst found on days is then
 * placed within them from the snapshots themselves.
 *
 * Each observed gain covers the days since the previous observed day:
 * its exposure. The baseline is a trailing robust trend (the median
 * daily rate over the previous four weeks, so a burst cannot inflate its
 * own baseline) times a weekday factor. The scale is the larger of the
 * local and the whole series' MAD, floored at the negative-binomial
 * scale of the expected gain, because the MAD of sparse counts is often
 * 0 and follower counts vary more than Poisson. A burst opens where the
 * summed excess of its first days stands Z_OPEN scales above the
 * baseline (a lone day: Z_SPIKE) and extends while days stay above
 * Z_EXTEND.
 *
 * A rounded count (YouTube's three significant digits) is an interval:
 * the true value lies within half a rounding unit of it, and the unit
 * grows as the count crosses a power of ten. Such a series moves in
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
#include "util/xmalloc.h"

#define DAY		86400
#define TREND_DAYS	28	/* trailing window of the baseline */
#define MIN_HISTORY	7	/* observations before scores are trusted */
#define Z_OPEN		4.5	/* calibrated on simulated histories */
#define Z_SPIKE		6.0	/* a lone day must stand out further */
#define OPEN_SPAN	3	/* days summed when judging an opening */
#define Z_EXTEND	1.5
#define MIN_EXCESS	3.0	/* followers: below this, no burst */
#define RATE_SPAN	7	/* days a rounded series' rate is taken over */

/* One observed gain: the change since the previous observed day. */
struct gain {
	int64_t		 day;		/* the day it was observed */
	int64_t		 t;		/* the snapshot's time */
	int		 exposure;	/* days it covers (1 normally) */
	double		 value;		/* followers gained (may be < 0) */
	double		 level;		/* followers at its end */
	double		 slack;		/* how far rounding may move 'value' */
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
day_of(int64_t t)
{
	return (t >= 0 ? t / DAY : -((-t + DAY - 1) / DAY));
}

/*
 * Half the rounding unit of a count shown to three significant digits
 * (0 for an exact one): 1,234,567 shows as 1,230,000, +-5,000.
 */
static double
half_unit(const struct follower_point *p)
{
	double	 unit = 1;
	int64_t	 v = p->followers < 0 ? -p->followers : p->followers;

	if (!p->rounded || v < 1000)
		return (0);
	for (; v >= 1000; v /= 10)
		unit *= 10;
	return (unit / 2);
}

/* Gains between the last counts of consecutive observed days. */
static size_t
make_gains(const struct follower_point *p, size_t n, struct gain *g)
{
	size_t	 i, k = 0, prev = 0;
	int64_t	 prev_day = 0, prev_value = 0;
	int	 have = 0;

	for (i = 0; i < n; i++) {
		/* Only the day's last count stands for the day. */
		if (i + 1 < n && day_of(p[i + 1].t) == day_of(p[i].t))
			continue;
		if (have) {
			g[k].day = day_of(p[i].t);
			g[k].t = p[i].t;
			g[k].exposure = (int)(g[k].day - prev_day);
			g[k].value = (double)(p[i].followers - prev_value);
			g[k].level = (double)p[i].followers;
			g[k].slack = half_unit(&p[i]) + half_unit(&p[prev]);
			g[k].rate = g[k].value / g[k].exposure;
			k++;
		}
		prev_day = day_of(p[i].t);
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
 * Weekday factors: the median of rate / typical rate per weekday, over
 * single-day gains, normalised to average 1 and kept within [0.5, 1.5].
 */
static void
weekday_factors(const struct gain *g, size_t n, double factor[7])
{
	double	*all, *by[7], typical, sum = 0;
	size_t	 i, cnt[7] = { 0 }, m = 0;
	int	 w;

	all = xcalloc(n + 1, sizeof *all);
	for (w = 0; w < 7; w++)
		by[w] = xcalloc(n + 1, sizeof *by[w]);
	for (i = 0; i < n; i++)
		if (g[i].exposure == 1)
			all[m++] = g[i].rate;
	typical = median(all, m);
	for (i = 0; i < n && typical > 0; i++) {
		if (g[i].exposure != 1)
			continue;
		w = (int)(((g[i].day % 7) + 7) % 7);
		by[w][cnt[w]++] = g[i].rate / typical;
	}
	for (w = 0; w < 7; w++) {
		factor[w] = cnt[w] >= 4 ? median(by[w], cnt[w]) : 1;
		if (factor[w] < 0.5)
			factor[w] = 0.5;
		if (factor[w] > 1.5)
			factor[w] = 1.5;
		sum += factor[w];
	}
	for (w = 0; w < 7; w++) {
		factor[w] *= 7 / sum;
		free(by[w]);
	}
	free(all);
}

/* Mean weekday factor over the days a gain covers. */
static double
exposure_factor(const struct gain *g, const double factor[7])
{
	double	 s = 0;
	int	 d;

	for (d = 0; d < g->exposure; d++)
		s += factor[(((g->day - d) % 7) + 7) % 7];
	return (s / g->exposure);
}

/*
 * The trailing baseline of gain i: the median and MAD of the weekday-
 * adjusted daily rates of the gains in the weeks before it, kept in a
 * sorted window that slides along the series (every earlier gain ends
 * on or before the day gain i starts, so the window is simply the gains
 * before i within TREND_DAYS). Early in a series, or after a long
 * outage, the first gains stand in for the missing past.
 */
static void
baseline(const struct gain *g, size_t n, size_t i, struct stats_window *w,
    size_t *oldest, double *scratch, double *trend, double *mad)
{
	size_t	 j, m = 0, k;

	if (i > 0 && *oldest < i - 1 &&
	    g[*oldest].day <= g[i].day - TREND_DAYS)
		stats_window_replace(w, g[(*oldest)++].adjusted,
		    g[i - 1].adjusted);
	else if (i > 0)
		stats_window_add(w, g[i - 1].adjusted);
	while (*oldest < i && g[*oldest].day <= g[i].day - TREND_DAYS)
		stats_window_remove(w, g[(*oldest)++].adjusted);
	if (w->n >= MIN_HISTORY) {
		*trend = stats_window_median(w);
		*mad = stats_window_mad(w, *trend);
		return;
	}
	for (j = 0; j < n && m < 2 * MIN_HISTORY; j++)
		if (j != i)
			scratch[m++] = g[j].adjusted;
	*trend = median(scratch, m);
	for (k = 0; k < m; k++)
		scratch[k] = fabs(scratch[k] - *trend);
	*mad = median(scratch, m);
}

/*
 * The overdispersion of daily gains (1/k of a negative binomial, whose
 * variance is E + E^2/k), by moments over single-day gains, leaving out
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
		if (g[i].slack > 0)
			return (1);
	return (0);
}

/*
 * A rounded series' daily rates, each taken over the RATE_SPAN days (or
 * more) before it ends: from the level at the start of the latest gain
 * that began that long before, else the series' first. A rounding unit
 * is then a seventh of what it is in one day's gain, and a step is
 * spread over the days that made it.
 */
static void
span_rates(struct gain *g, size_t n)
{
	size_t	 i, m = 0;
	int64_t	 from_day;
	double	 from_level;

	for (i = 0; i < n; i++) {
		while (m + 1 <= i && g[m + 1].day - g[m + 1].exposure <=
		    g[i].day - RATE_SPAN)
			m++;
		from_day = g[m].day - g[m].exposure;
		from_level = g[m].level - g[m].value;
		g[i].adjusted = (g[i].level - from_level) /
		    (double)(g[i].day - from_day);
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
	if (d < -g->slack)
		return (g->value + g->slack);
	return (g->expected);
}

/*
 * Score every gain. The scale is the larger of the local MAD and the
 * whole series' MAD of residuals: a quiet month must not make an
 * ordinary wobble look like a burst. Poisson sets the floor under both.
 */
static void
score_gains(struct gain *g, size_t n)
{
	double	 factor[7], mad, f, sd, floor_sd, global, inv_k, *scratch;
	double	*trend, *local;
	struct stats_window window;
	size_t	 i, oldest = 0;
	int	 rounded = is_rounded(g, n);

	if (rounded) {
		/* Steps carry no weekday rhythm. */
		for (i = 0; i < 7; i++)
			factor[i] = 1;
	} else
		weekday_factors(g, n, factor);
	scratch = xcalloc(n + 1, sizeof *scratch);
	trend = xcalloc(n + 1, sizeof *trend);
	local = xcalloc(n + 1, sizeof *local);
	for (i = 0; i < n; i++) {
		g[i].factor = exposure_factor(&g[i], factor);
		g[i].adjusted = g[i].rate / g[i].factor;
	}
	if (rounded)
		span_rates(g, n);
	stats_window_init(&window, TREND_DAYS + 1);
	for (i = 0; i < n; i++) {
		baseline(g, n, i, &window, &oldest, scratch, &trend[i],
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
	free(local);
	free(trend);
	free(scratch);
}

/* Fill a burst from gains [a, b]. */
static void
summarise(const struct gain *g, size_t a, size_t b, struct burst *out)
{
	size_t	 i, peak = a;
	double	 days = 0;

	memset(out, 0, sizeof *out);
	out->start_day = g[a].day - (g[a].exposure - 1);
	out->end_day = g[b].day;
	out->start_time = g[a].t;
	out->end_time = g[b].t;
	for (i = a; i <= b; i++) {
		out->gained += g[i].value;
		out->excess += g[i].counted - g[i].expected;
		days += g[i].exposure;
		out->baseline_per_day += g[i].expected;
		if (g[i].z > g[peak].z)
			peak = i;
	}
	out->baseline_per_day /= days;
	out->peak_day = g[peak].day;
	out->score = g[peak].z;
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
 * With several snapshots a day, say when inside its days the burst
 * happened. The followers gained above the baseline rate, summed from
 * the last snapshot before the window, fall to their lowest just before
 * the burst and climb to their highest at its end: the burst spans the
 * snapshots from the first past 5% of that climb to the first past 95%,
 * so the ordinary drift of a day with a quiet night does not stretch
 * it. Daily series keep their days' snapshots.
 */
static void
refine_times(const struct follower_point *p, size_t n, struct burst *b)
{
	size_t	 from, to, k, low, high;
	double	 rate, e, e_low, e_high, climb;

	from = point_at(p, n, b->start_day * DAY - 1);
	to = point_at(p, n, b->end_time);
	if (to - from <= (size_t)(b->end_day - b->start_day + 1))
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
 * Does a burst open at gain i? Real bursts fade over a few days, so the
 * summed excess of the first days is the better evidence; one lone day
 * must stand out further to count, since heavy-tailed noise makes more
 * lone spikes than lasting ones.
 */
static int
opens(const struct gain *g, size_t n, size_t i)
{
	double	 excess = 0, var = 0;
	size_t	 j;

	if (g[i].z < Z_EXTEND)
		return (0);
	if (g[i].z >= Z_SPIKE)
		return (1);
	for (j = i; j < n && j < i + OPEN_SPAN; j++) {
		if (j > i && g[j].z < Z_EXTEND)
			break;
		excess += g[j].counted - g[j].expected;
		var += g[j].sd * g[j].sd;
		if (j > i && excess / sqrt(var) >= Z_OPEN)
			return (1);
	}
	return (0);
}

/*
 * One quiet day between two bursts does not split them: join the burst
 * found over [a, b] to the last one, over [last_a, b], if the joined
 * window still gains enough. If the days between lost more than the two
 * gained (a purge between them), the two stay apart: 0.
 */
static int
join_last(const struct follower_point *p, size_t n, const struct gain *g,
    size_t last_a, size_t b, struct burst *last)
{
	struct burst	 joined;

	summarise(g, last_a, b, &joined);
	refine_times(p, n, &joined);
	if (joined.excess < MIN_EXCESS)
		return (0);
	*last = joined;
	return (1);
}

size_t
bursts_detect(const struct follower_point *p, size_t n, struct burst **out)
{
	struct gain	*g;
	size_t		 ng, i, a, b, nb = 0, last_a = 0, last_b = 0;
	int		 have_last = 0;

	*out = NULL;
	if (n < 2)
		return (0);
	g = xcalloc(n, sizeof *g);
	ng = make_gains(p, n, g);
	score_gains(g, ng);
	*out = xcalloc(ng + 1, sizeof **out);
	for (i = 0; i < ng; i++) {
		if (!opens(g, ng, i))
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
		if (have_last && g[a].day - g[last_b].day <= 2 &&
		    join_last(p, n, g, last_a, b, &(*out)[nb - 1])) {
			last_b = b;
			i = b;
			continue;
		}
		summarise(g, a, b, &(*out)[nb]);
		refine_times(p, n, &(*out)[nb]);
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
