/*
 * tideline plot CHART: gather what the chart shows from the store and
 * the analyses, hand it to src/plot/ as plain arrays, draw it with
 * gnuplot into a file (its format from the extension) or the terminal.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/attribute.h"
#include "analyze/decay.h"
#include "analyze/engagement.h"
#include "analyze/series.h"
#include "analyze/stats.h"
#include "cmd/analysis.h"
#include "cmd/cmd.h"
#include "cmd/results.h"
#include "plot/charts.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define TOP_POSTS	5	/* engagement: posts drawn by default */
#define MAX_LINES	7	/* ... at most: the palette's colours */
#define MAX_TAGS	15	/* topics: bars per account */
#define CURVE_POINTS	60	/* decay: samples of the fitted curve */

static enum cmd_retval	cmd_plot_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_plot_entry = {
	.name = "plot",
	.usage = "growth|decay|topics|engagement " ANALYSIS_USAGE
	    " [-o FILE] [--size WxH] [--term[=dumb|sixel]] [--top N]"
	    " [--post ID]",
	.summary = "draw charts with gnuplot (PNG, SVG, PDF or the terminal)",
	.help =
	    "Charts, drawn by gnuplot (Debian: gnuplot-nox), which runs as a\n"
	    "separate process:\n"
	    "  growth      followers over time, a panel per account, bursts\n"
	    "              shaded and labelled with their top post, posts as\n"
	    "              ticks (a feed's articles in green), gaps as gaps\n"
	    "  decay       engagement against days since the previous post,\n"
	    "              the fitted curve with its 90% band and the floor;\n"
	    "              and followers against the effective audience\n"
	    "  topics      engagement index per tag, with the 1.0 line\n"
	    "  engagement  posts' engagement over their age (second lives)\n\n"
	    "options:\n"
	    ANALYSIS_HELP
	    "  -o, --output FILE    write here; .png, .svg or .pdf (default:\n"
	    "                       tideline-CHART-DATE.png, printed)\n"
	    "  --size WxH           pixels (default: sized to the panels)\n"
	    "  --term[=dumb|sixel]  draw in the terminal instead (default\n"
	    "                       dumb: characters; sixel for terminals\n"
	    "                       that show sixel graphics)\n"
	    "  --top N              engagement: the N most engaging posts\n"
	    "                       (default 5, at most 7)\n"
	    "  --post ID            engagement: this post (repeatable)\n",
	.flags = CMD_NEEDS_DB,
	.exec = cmd_plot_exec,
};

struct plot_opts {
	const char	*output;
	int		 width, height;		/* 0: sized to the chart */
	int		 term;			/* 0, PLOT_DUMB or PLOT_SIXEL */
	int		 top;
	const char	*posts[MAX_LINES];
	int		 nposts;
};

/* What a chart's gathering made, freed in one place. */
struct gathered {
	void		**owned;	/* arrays and strings to free */
	size_t		 nowned;
};

static void *
own(struct gathered *g, void *p)
{
	g->owned = xreallocarray(g->owned, g->nowned + 1, sizeof *g->owned);
	g->owned[g->nowned++] = p;
	return (p);
}

static void
gathered_free(struct gathered *g)
{
	size_t	 i;

	for (i = 0; i < g->nowned; i++)
		free(g->owned[i]);
	free(g->owned);
}

static int
take_option(void *arg, int c, const char *value)
{
	struct plot_opts	*o = arg;
	char			*end;
	long			 n;

	switch (c) {
	case 'o':
		o->output = value;
		return (0);
	case 'S':
		if (sscanf(value, "%dx%d", &o->width, &o->height) != 2 ||
		    o->width < 80 || o->height < 20 || o->width > 10000 ||
		    o->height > 10000) {
			log_error("bad --size '%s': want WIDTHxHEIGHT, e.g. "
			    "1200x800", value);
			return (-1);
		}
		return (0);
	case 'T':
		if (value == NULL || strcmp(value, "dumb") == 0)
			o->term = PLOT_DUMB;
		else if (strcmp(value, "sixel") == 0)
			o->term = PLOT_SIXEL;
		else {
			log_error("bad --term '%s': dumb or sixel", value);
			return (-1);
		}
		return (0);
	case 'N':
		n = strtol(value, &end, 10);
		if (*end != '\0' || n < 1 || n > MAX_LINES) {
			log_error("bad --top '%s': 1 to %d", value, MAX_LINES);
			return (-1);
		}
		o->top = (int)n;
		return (0);
	case 'P':
		if (o->nposts == MAX_LINES) {
			log_error("at most %d --post options", MAX_LINES);
			return (-1);
		}
		o->posts[o->nposts++] = value;
		return (0);
	}
	return (-1);
}

/* Widen the frame to the series within the options' range. */
static void
frame_widen(struct chart_frame *f, const struct follower_point *p,
    size_t n)
{
	if (n == 0)
		return;
	if (f->from == 0 || p[0].t < f->from)
		f->from = p[0].t;
	if (p[n - 1].t > f->to)
		f->to = p[n - 1].t;
}

/* How many of the points fall within the options' range. */
static size_t
in_range(const struct chart_frame *f, const struct follower_point *p,
    size_t n)
{
	size_t	 i, m = 0;

	for (i = 0; i < n; i++)
		m += p[i].t >= f->from && p[i].t <= f->to;
	return (m);
}

/* The picked accounts with follower counts (not feeds). */
static int
counted(const struct analysis_ctx *a, size_t k)
{
	return (a->picked[k] && a->list[k].account.platform != PLATFORM_RSS);
}

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
	panel->points = own(g, r.points);
	panel->npoints = r.npoints;
	r.points = NULL;
	b = own(g, xcalloc(r.nbursts + 1, sizeof *b));
	for (i = 0; i < r.nbursts; i++) {
		in = &r.bursts[i].burst;
		b[i].start = in->start_day * SECONDS_PER_DAY;
		b[i].end = in->end_day * SECONDS_PER_DAY;
		b[i].excess = (double)(int64_t)(in->excess + 0.5);
		top = r.bursts[i].ncauses > 0 ? &r.bursts[i].causes[0].post :
		    NULL;
		if (top != NULL)
			b[i].title = own(g, xstrdup(top->title != NULL ?
			    top->title : top->post_id));
	}
	panel->bursts = b;
	panel->nbursts = r.nbursts;
	bursts_result_release(&r);
	return (0);
}

static void
growth_posts(struct analysis_ctx *a, size_t k, struct growth_panel *panel,
    struct gathered *g)
{
	struct growth_post	*p;
	const struct post_input	*in;
	size_t			 i, n = 0;

	p = own(g, xcalloc(a->posts.n + 1, sizeof *p));
	for (i = 0; i < a->posts.n; i++) {
		in = &a->posts.posts[i];
		if (in->account == (int)k || a->list[in->account].account.
		    platform == PLATFORM_RSS) {
			p[n].t = in->published_at;
			p[n++].blog = in->account != (int)k;
		}
	}
	panel->posts = p;
	panel->nposts = n;
}

static int
gather_growth(struct analysis_ctx *a, struct plot *p, struct chart_frame *f,
    struct gathered *g)
{
	struct growth_panel	*panels;
	size_t			 k, n = 0, shown = 0;

	panels = own(g, xcalloc(a->n + 1, sizeof *panels));
	for (k = 0; k < a->n; k++) {
		if (!counted(a, k))
			continue;
		if (growth_bursts(a, k, &panels[n], g) != 0)
			return (-1);
		panels[n].account = a->names[k];
		frame_widen(f, panels[n].points, panels[n].npoints);
		growth_posts(a, k, &panels[n], g);
		shown += in_range(f, panels[n].points, panels[n].npoints);
		n++;
	}
	if (shown == 0)
		return (1);
	if (p->height == 0)
		p->height = (int)(n > 8 ? 2400 : 180 + 260 * n);
	chart_growth(p, f, panels, n);
	return (0);
}

/* A post's rate over the typical rate of posts made soon after another. */
static void
decay_relative(const struct decay_obs *obs, size_t n,
    struct decay_point_obs *out)
{
	double	*fresh, typical;
	size_t	 i, m = 0;

	fresh = xcalloc(n + 1, sizeof *fresh);
	for (i = 0; i < n; i++)
		if (obs[i].group == 0 && obs[i].gap_days < DECAY_BASELINE_DAYS &&
		    obs[i].rate > 0)
			fresh[m++] = obs[i].rate / (obs[i].adjust > 0 ?
			    obs[i].adjust : 1);
	for (i = 0; m == 0 && i < n; i++)
		if (obs[i].rate > 0)
			fresh[m++] = obs[i].rate;
	typical = m > 0 ? stats_median(fresh, m) : 1;
	for (i = 0; i < n; i++) {
		out[i].gap_days = obs[i].gap_days;
		out[i].relative = obs[i].group != 0 ? NAN : obs[i].rate /
		    (obs[i].adjust > 0 ? obs[i].adjust : 1) / typical;
	}
	free(fresh);
}

static int
cmp_int64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return ((x > y) - (x < y));
}

/*
 * The effective audience at each snapshot: followers times the fraction
 * after the silence since the account's last post before it. Posts and
 * snapshots are walked together, both in time order.
 */
static double *
decay_effective(const struct analysis_ctx *a, size_t k,
    const struct decay_fit *fit, const struct follower_point *pts, size_t n)
{
	double	*eff;
	int64_t	*times, last = 0;
	size_t	 i, j = 0, m = 0;

	times = xcalloc(a->posts.n + 1, sizeof *times);
	for (i = 0; i < a->posts.n; i++)
		if (a->posts.posts[i].account == (int)k)
			times[m++] = a->posts.posts[i].published_at;
	qsort(times, m, sizeof *times, cmp_int64);
	eff = xcalloc(n + 1, sizeof *eff);
	for (i = 0; i < n; i++) {
		while (j < m && times[j] <= pts[i].t)
			last = times[j++];
		eff[i] = fit->ok && last > 0 ? pts[i].followers *
		    decay_fraction(fit, (double)(pts[i].t - last) /
		    SECONDS_PER_DAY) : NAN;
	}
	free(times);
	return (eff);
}

static int
decay_panel(struct analysis_ctx *a, size_t k, struct decay_panel *d,
    struct gathered *g)
{
	struct decay_report		 r;
	struct decay_curve_point	*c;
	struct follower_point		*pts;
	double				 days;
	size_t				 np, i;
	int				 rc = -1;

	if (analysis_decay_report(a, k, &r) != 0)
		return (-1);
	if (analysis_series(a, k, &pts, &np) != 0)
		goto out;
	own(g, pts);
	d->account = a->names[k];
	d->obs = own(g, xcalloc(r.nobs + 1, sizeof *d->obs));
	decay_relative(r.obs, r.nobs, (struct decay_point_obs *)d->obs);
	d->nobs = r.nobs;
	d->floor = r.fit.ok ? r.fit.floor : NAN;
	d->half_life = r.fit.ok ? r.fit.half_life : NAN;
	d->note = r.fit.ok ? NULL : r.fit.note;
	c = own(g, xcalloc(CURVE_POINTS, sizeof *c));
	for (i = 0; r.fit.ok && i < CURVE_POINTS; i++) {
		/* Log-spaced from 0.1 to 365 days. */
		days = 0.1 * pow(3650, (double)i / (CURVE_POINTS - 1));
		c[i].days = days;
		c[i].fraction = decay_fraction(&r.fit, days);
		decay_fraction_ci(&r.fit, days, &c[i].lo, &c[i].hi);
	}
	d->curve = c;
	d->ncurve = r.fit.ok ? CURVE_POINTS : 0;
	d->followers = pts;
	d->npoints = np;
	d->effective = own(g, decay_effective(a, k, &r.fit, pts, np));
	rc = 0;
out:
	decay_report_release(&r);
	return (rc);
}

static int
gather_decay(struct analysis_ctx *a, struct plot *p, struct chart_frame *f,
    struct gathered *g)
{
	struct decay_panel	*panels;
	size_t			 k, n = 0, shown = 0;

	panels = own(g, xcalloc(a->n + 1, sizeof *panels));
	for (k = 0; k < a->n; k++) {
		if (!counted(a, k))
			continue;
		if (decay_panel(a, k, &panels[n], g) != 0)
			return (-1);
		frame_widen(f, panels[n].followers, panels[n].npoints);
		shown += in_range(f, panels[n].followers, panels[n].npoints);
		n++;
	}
	if (shown == 0)
		return (1);
	if (p->height == 0)
		p->height = (int)(n > 6 ? 2400 : 100 + 360 * n);
	chart_decay(p, f, panels, n);
	return (0);
}

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
		bars[m].tag = own(g, xstrdup(t->tag));
		bars[m].index = analysis_round_half_up(t->index, 100);
		bars[m++].posts = t->posts;
	}
	qsort(bars, m, sizeof *bars, cmp_index);
	return (m);
}

static int
gather_topics(struct analysis_ctx *a, struct plot *p, struct chart_frame *f,
    struct gathered *g)
{
	struct topics_result	 r;
	struct topic_panel	*panels;
	struct topic_bar	*bars;
	struct follower_point	*pts;
	size_t			 k, n = 0, m, np;

	panels = own(g, xcalloc(a->n + 1, sizeof *panels));
	for (k = 0; k < a->n; k++) {
		if (!counted(a, k))
			continue;
		if (analysis_topics_result(a, k, &r) != 0)
			return (-1);
		if (analysis_series(a, k, &pts, &np) != 0) {
			topics_result_release(&r);
			return (-1);
		}
		frame_widen(f, pts, np);
		free(pts);
		bars = own(g, xcalloc(r.ntopics + 1, sizeof *bars));
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
	if (p->width == 0)
		p->width = (int)(n > 4 ? 2400 : 200 + 500 * n);
	chart_topics(p, f, panels, n);
	return (0);
}

/* How much a post gained after its tenth day: a second life's size. */
static double
late_gain(const struct post_input *in)
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
 * The posts to draw: those asked for; else the half of --top with the
 * largest second lives (gaining at least a fifth after day 10), then the
 * most engaging.
 */
static size_t
pick_posts(const struct analysis_ctx *a, const struct plot_opts *o,
    const struct post_input **out)
{
	const struct post_input	*in;
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

static int
gather_engagement(struct analysis_ctx *a, struct plot *p,
    const struct plot_opts *o, struct chart_frame *f, struct gathered *g)
{
	const struct post_input	*chosen[MAX_LINES];
	struct engagement_line	*lines;
	struct engagement_point	*pt;
	size_t			 k, n = 0, i, j;
	int			 q;

	for (k = 0; k < a->n && !a->picked[k]; k++)
		;
	/* The posts of the first picked account's group. */
	if (k == a->n || analysis_load_group(a, k) != 0)
		return (k == a->n ? 1 : -1);
	if (o->nposts > 0) {
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
				log_error("post '%s' has no engagement "
				    "snapshots to draw", o->posts[q]);
				return (-1);
			}
			chosen[n++] = &a->posts.posts[i];
		}
	} else
		n = pick_posts(a, o, chosen);
	if (n == 0)
		return (1);
	lines = own(g, xcalloc(n, sizeof *lines));
	for (i = 0; i < n; i++) {
		pt = own(g, xcalloc(chosen[i]->nmetrics + 1, sizeof *pt));
		for (j = 0; j < chosen[i]->nmetrics; j++) {
			pt[j].age_days = (double)(chosen[i]->metrics[j].t -
			    chosen[i]->published_at) / SECONDS_PER_DAY;
			pt[j].engagement = engagement_total(
			    &chosen[i]->metrics[j]);
		}
		lines[i].account = a->names[chosen[i]->account];
		lines[i].title = chosen[i]->title != NULL ? chosen[i]->title :
		    chosen[i]->remote_id;
		lines[i].points = pt;
		lines[i].npoints = chosen[i]->nmetrics;
		if (f->from == 0 || chosen[i]->published_at < f->from)
			f->from = chosen[i]->published_at;
	}
	f->to = a->opts.until;
	chart_engagement(p, f, lines, n);
	return (0);
}

static const char *
chart_title(const char *chart)
{
	if (strcmp(chart, "growth") == 0)
		return ("Followers over time");
	if (strcmp(chart, "decay") == 0)
		return ("Effective audience after silences");
	if (strcmp(chart, "topics") == 0)
		return ("Engagement by topic");
	return ("Engagement of posts over their age");
}

/* Terminal size from the environment, for --term. */
static void
terminal_size(int *w, int *h)
{
	const char	*c = getenv("COLUMNS"), *l = getenv("LINES");

	*w = c != NULL && atoi(c) >= 40 ? atoi(c) : 100;
	*h = l != NULL && atoi(l) >= 15 ? atoi(l) - 2 : 40;
}

static int
known_chart(const char *chart)
{
	return (strcmp(chart, "growth") == 0 || strcmp(chart, "decay") == 0 ||
	    strcmp(chart, "topics") == 0 || strcmp(chart, "engagement") == 0);
}

/* The format and size, from the options; -1 on a bad file name. */
static int
setup(struct plot *p, const char *chart, struct plot_opts *o,
    const struct analysis_ctx *a, char **defname)
{
	char	 date[TIME_DATE_SIZE];
	int	 format, w = 1200, h = 0;

	if (o->term != 0 && o->output != NULL) {
		log_error("--term draws in the terminal: leave out -o");
		return (-1);
	}
	if (o->term != 0) {
		format = o->term;
		if (format == PLOT_DUMB)
			terminal_size(&w, &h);
		else
			h = 0;
	} else {
		if (o->output == NULL) {
			time_format_date(a->opts.as_of, date);
			*defname = xasprintf("tideline-%s-%s.png", chart, date);
			o->output = *defname;
		}
		if ((format = plot_format_of(o->output)) < 0) {
			log_error("%s: say the format with the extension: "
			    ".png, .svg or .pdf", o->output);
			return (-1);
		}
	}
	if (o->width > 0) {
		/* Smaller, and the titles and tics would overlap. */
		if (format != PLOT_DUMB && (o->width < 400 ||
		    o->height < 300)) {
			log_error("--size %dx%d is too small for a chart: at "
			    "least 400x300", o->width, o->height);
			return (-1);
		}
		w = o->width;
		h = o->height;
	}
	if (strcmp(chart, "topics") == 0 && o->width == 0 &&
	    format != PLOT_DUMB)
		w = 0;	/* sized to the panels */
	if (h == 0 && (strcmp(chart, "topics") == 0 ||
	    strcmp(chart, "engagement") == 0))
		h = 650;
	plot_init(p, chart, (enum plot_format)format, w, h);
	return (0);
}

static enum cmd_retval
cmd_plot_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "post", required_argument, NULL, 'P' },
		{ "size", required_argument, NULL, 'S' },
		{ "term", optional_argument, NULL, 'T' },
		{ "top", required_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 }
	};
	struct plot_opts	 o = { .top = TOP_POSTS };
	struct analysis_extra	 extra = { "o:", opts, take_option, &o };
	struct analysis_ctx	 a;
	struct gathered		 g = { NULL, 0 };
	struct chart_frame	 f;
	struct plot		 p;
	const char		*chart, *timeout;
	char			*defname = NULL, *cause = NULL;
	enum cmd_retval		 rc;
	int			 r;

	memset(&p, 0, sizeof p);
	if (argc < 2 || !known_chart(argv[1])) {
		log_error(argc < 2 ? "which chart? growth, decay, topics or "
		    "engagement" : "no chart '%s': growth, decay, topics or "
		    "engagement", argc < 2 ? "" : argv[1]);
		rc = CMD_USAGE;
		goto done;
	}
	chart = argv[1];
	argv[1] = argv[0];	/* the chart is not an account */
	rc = analysis_start(ctx, argc - 1, argv + 1, FORMAT_BIT(FORMAT_TEXT),
	    &extra, &a);
	if (rc != CMD_OK)
		goto out;
	rc = CMD_USAGE;
	if (setup(&p, chart, &o, &a, &defname) != 0)
		goto out;
	rc = CMD_ERROR;
	memset(&f, 0, sizeof f);
	f.title = chart_title(chart);
	f.from = a.opts.since;
	f.to = a.opts.until;
	f.as_of = a.opts.as_of;
	if (strcmp(chart, "growth") == 0)
		r = gather_growth(&a, &p, &f, &g);
	else if (strcmp(chart, "decay") == 0)
		r = gather_decay(&a, &p, &f, &g);
	else if (strcmp(chart, "topics") == 0)
		r = gather_topics(&a, &p, &f, &g);
	else
		r = gather_engagement(&a, &p, &o, &f, &g);
	if (r > 0)
		log_error("nothing to draw: no %s data for the accounts "
		    "picked", chart);
	if (r != 0)
		goto out;
	if (p.width == 0)
		p.width = 1200;
	if ((timeout = getenv("TIDELINE_PLOT_TIMEOUT")) != NULL &&
	    atoi(timeout) > 0)
		p.timeout = atoi(timeout);
	switch (plot_render(&p, o.term != 0 ? NULL : o.output, &cause)) {
	case PLOT_OK:
		if (o.term == 0)
			printf("wrote %s\n", o.output);
		rc = CMD_OK;
		break;
	case PLOT_NO_GNUPLOT:
		log_error("%s", cause);
		rc = CMD_MISSING;
		break;
	case PLOT_FAILED:
		log_error("%s", cause);
		break;
	}
out:
	analysis_end(&a);
done:
	free(cause);
	free(defname);
	plot_free(&p);
	gathered_free(&g);
	return (rc);
}
