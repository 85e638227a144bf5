/*
 * Estimate how each account's effective audience (the followers who still
 * see and engage) shrinks during silences, and what it is now: the
 * account's struct decay_report (results.h), written here as text, CSV
 * and JSON, the JSON also for the report's page.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyze/attribute.h"
#include "analyze/decay.h"
#include "analyze/engagement.h"
#include "analyze/series.h"
#include "analyze/stats.h"
#include "analyze/topics.h"
#include "cmd/analysis.h"
#include "cmd/cmd.h"
#include "cmd/results.h"
#include "util/log.h"
#include "util/text.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

static enum cmd_retval	cmd_decay_run(struct cmd_ctx *,
			    const struct cmd_args *);

static const struct cmd_option options[] = {
	ANALYSIS_OPTIONS,
	{ .name = NULL }
};

const struct cmd_entry cmd_decay_entry = {
	.name = "decay",
	.usage = ANALYSIS_USAGE " [--format text|json|csv]",
	.summary = "estimate the effective audience and how it fades",
	.help =
	    "Each post's engagement rate (engagement at 7 days over the\n"
	    "followers when posted) is fitted by two models. Reach: against\n"
	    "the days since the account's previous post, the effective\n"
	    "fraction after a silence is floor + (1 - floor) *\n"
	    "2^(-days / half-life), and the next post restores it.\n"
	    "Inactivity: followers go quiet at a hazard of their follow age\n"
	    "(Weibull), posting or not; the rate follows the active share of\n"
	    "the followers, built from the follower series' cohorts. Both\n"
	    "are fitted robustly over grids; the estimate comes from the one\n"
	    "that predicts held-out posts (ten runs of them in time order)\n"
	    "clearly better, and from reach when neither is. The fractions\n"
	    "are posterior means with 90% intervals holding the posterior's\n"
	    "and a bootstrap's over posts. Without enough data for a model\n"
	    "there is no estimate from it, and a note says why. Any post, a\n"
	    "reply too, ends a silence; replies, quotes and videos engage at\n"
	    "levels of their own, fitted alongside.\n",
	.options = options,
	.formats = FORMAT_BIT(FORMAT_TEXT) | FORMAT_BIT(FORMAT_JSON) |
	    FORMAT_BIT(FORMAT_CSV),
	.max_args = -1,
	.check = analysis_check,
	.flags = CMD_READS_DB | CMD_ACCOUNTS,
	.run = cmd_decay_run,
};

static int
cmp_time(const void *a, const void *b)
{
	const struct post	*x = *(const struct post *const *)a;
	const struct post	*y = *(const struct post *const *)b;

	return ((x->published_at > y->published_at) -
	    (x->published_at < y->published_at));
}

/*
 * The group of a kind of post: kinds that engage at a level of their own
 * (a reply reaches few beyond the thread) get one, fitted with the decay.
 */
static int
post_group(const char *kind)
{
	if (strcmp(kind, "reply") == 0)
		return (1);
	if (strcmp(kind, "quote") == 0)
		return (2);
	if (strcmp(kind, "video") == 0 || strcmp(kind, "short") == 0 ||
	    strcmp(kind, "live") == 0)
		return (3);
	return (0);
}

/*
 * What a post's topic alone leads one to expect of its rate: the mean
 * engagement index of its tags (1 without any), so that a silence before
 * an off-topic post is not taken for decay. The indices come from
 * ordinary posts only: replies, with their lower level, would shift the
 * typical rate the indices are relative to.
 */
static void
topic_adjust(const struct post *const *mine, size_t m,
    const double *rates, struct decay_obs *obs, const size_t *obs_post,
    size_t nobs)
{
	struct topic_post	*tp;
	struct topic		*topics;
	size_t			 i, j, t, nt, np = 0, hits;
	double			 sum;

	tp = xcalloc(m + 1, sizeof *tp);
	for (i = 0; i < m; i++) {
		if (post_group(mine[i]->kind) != 0)
			continue;
		tp[np].rate = rates[i];
		tp[np].tags = mine[i]->tags;
		tp[np++].ntags = mine[i]->ntags;
	}
	nt = topics_rank(tp, np, &topics);
	for (i = 0; i < nobs; i++) {
		const struct post	*p = mine[obs_post[i]];

		sum = 0;
		hits = 0;
		for (j = 0; j < p->ntags; j++)
			for (t = 0; t < nt; t++)
				if (strcmp(topics[t].tag, p->tags[j]) == 0 &&
				    !isnan(topics[t].index)) {
					sum += topics[t].index;
					hits++;
				}
		obs[i].adjust = hits > 0 ? sum / hits : 1.0;
	}
	free(topics);
	free(tp);
}

/*
 * The account's posts of every kind in time order, and one observation
 * per post: the gap runs from the previous post, whatever its kind.
 */
static size_t
observations(const struct analysis_ctx *a, size_t k,
    const struct follower_point *pts, size_t npts, struct decay_obs *obs,
    int64_t *last_post)
{
	const struct post	**mine;
	double			*rates;
	size_t			*obs_post, i, m = 0, n = 0;

	mine = xcalloc(a->posts.n + 1, sizeof *mine);
	for (i = 0; i < a->posts.n; i++)
		if (a->posts.posts[i].account == (int)k)
			mine[m++] = &a->posts.posts[i];
	qsort(mine, m, sizeof *mine, cmp_time);
	*last_post = m > 0 ? mine[m - 1]->published_at : 0;
	rates = xcalloc(m + 1, sizeof *rates);
	obs_post = xcalloc(m + 1, sizeof *obs_post);
	for (i = 0; i < m; i++)
		rates[i] = engagement_rate(mine[i], pts, npts);
	for (i = 1; i < m; i++) {
		if (mine[i]->published_at < a->opts.since || rates[i] <= 0)
			continue;
		obs[n].t_days = (double)mine[i]->published_at /
		    SECONDS_PER_DAY;
		obs[n].gap_days = (double)(mine[i]->published_at -
		    mine[i - 1]->published_at) / SECONDS_PER_DAY;
		obs[n].rate = rates[i];
		obs[n].group = post_group(mine[i]->kind);
		obs_post[n++] = i;
	}
	topic_adjust(mine, m, rates, obs, obs_post, n);
	free(obs_post);
	free(rates);
	free(mine);
	return (n);
}

/* The follower counts as the inactivity model takes them. */
static struct decay_count *
counts(const struct follower_point *pts, size_t n)
{
	struct decay_count	*c;
	size_t			 i;

	c = xcalloc(n + 1, sizeof *c);
	for (i = 0; i < n; i++) {
		c[i].t_days = (double)pts[i].t / SECONDS_PER_DAY;
		c[i].followers = (double)pts[i].followers;
	}
	return (c);
}

/*
 * The share of its followers the census found active (posted within 30
 * days of the as-of time), where there is a census with activity read:
 * held beside the models' estimates, which read engagement.
 */
static int
census_measure(struct analysis_ctx *a, size_t k, struct decay_report *r)
{
	struct census_summary	 c;
	struct audience_measured *m = &r->measured;
	char			*cause = NULL;
	double			 p;

	if (a->list[k].account.platform->census == NULL)
		return (0);
	if (store_census_summary(a->store, a->list[k].account.id,
	    a->opts.as_of, &c, &cause) != 0) {
		log_error("%s: %s", r->account, cause);
		free(cause);
		return (-1);
	}
	if (!c.walked || c.hidden || c.checked == 0)
		return (0);
	stats_share_interval((double)c.active_30d, (double)c.checked,
	    (double)c.listed, STATS_Z90, &p, &m->lo, &m->hi);
	m->fraction = p;
	m->at_days = (double)a->opts.as_of / SECONDS_PER_DAY;
	r->has_measured = 1;
	return (0);
}

/* Both models' fits, from the series up to the options' end and every post. */
static int
fit_account(struct analysis_ctx *a, size_t k, struct decay_report *r)
{
	struct follower_point	*pts = NULL;
	struct audience_input	 in;
	char			*cause = NULL;
	size_t			 n;

	if (analysis_load_group(a, k) != 0)
		return (-1);
	if (store_follower_series(a->store, a->list[k].account.id, 0,
	    a->opts.until, &pts, &n, &cause) != 0) {
		log_error("%s", cause);
		free(cause);
		return (-1);
	}
	r->obs = xcalloc(a->posts.n + 1, sizeof *r->obs);
	r->nobs = observations(a, k, pts, n, r->obs, &r->last_post);
	memset(&in, 0, sizeof in);
	in.obs = r->obs;
	in.nobs = r->nobs;
	in.counts = counts(pts, n);
	in.ncounts = n;
	in.now_days = (double)a->opts.as_of / SECONDS_PER_DAY;
	in.last_post_days = r->last_post ? (double)r->last_post /
	    SECONDS_PER_DAY : NAN;
	if (census_measure(a, k, r) != 0) {
		free((void *)in.counts);
		free(pts);
		return (-1);
	}
	in.measured = r->has_measured ? &r->measured : NULL;
	in.seed = (unsigned int)a->list[k].account.id;
	audience_fit(&in, &r->audience);
	free((void *)in.counts);
	r->followers = n > 0 ? (double)pts[n - 1].followers : -1;
	free(pts);
	return (0);
}

int
analysis_decay_report(struct analysis_ctx *a, size_t k,
    struct decay_report *r)
{
	memset(r, 0, sizeof *r);
	r->account = a->names[k];
	if (fit_account(a, k, r) != 0)
		return (-1);
	r->days_inactive = r->last_post ? (double)(a->opts.as_of -
	    r->last_post) / SECONDS_PER_DAY : NAN;
	r->fraction = r->lo = r->hi = NAN;
	if (r->last_post) {
		r->fraction = r->audience.fraction;
		r->lo = r->audience.lo;
		r->hi = r->audience.hi;
	}
	return (0);
}

void
decay_report_release(struct decay_report *r)
{
	free(r->obs);
	memset(r, 0, sizeof *r);
}

/* A number rounded for output, or null when not a number. */
static json_t *
num(double v, double unit)
{
	if (!isfinite(v))
		return (json_null());
	return (json_real(analysis_round_to(v, unit)));
}

static json_t *
pair(double lo, double hi, double unit)
{
	return (json_pack("[o, o]", num(lo, unit), num(hi, unit)));
}

/* The reach model's entry of the models list. */
static json_t *
reach_json(const struct decay_report *r)
{
	const struct audience_fit	*m = &r->audience;
	const struct decay_fit		*f = &m->reach;
	double				 fr = NAN, lo = NAN, hi = NAN;

	if (f->ok && r->last_post) {
		fr = decay_fraction(f, r->days_inactive);
		decay_fraction_ci(f, r->days_inactive, &lo, &hi);
	}
	return (json_pack("{s:s, s:b, s:o, s:o, s:o, s:{s:o, s:o, s:o, s:o}, "
	    "s:o}", "name", "reach", "fitted", f->ok, "heldout_log_rmse",
	    num(m->reach_error, 0.0001), "effective_fraction", num(fr, 0.001),
	    "effective_fraction_ci", pair(lo, hi, 0.001), "parameters",
	    "half_life_days", num(f->half_life, 0.1), "half_life_ci",
	    pair(f->half_life_lo, f->half_life_hi, 0.1), "floor",
	    num(f->floor, 0.001), "floor_ci", pair(f->floor_lo, f->floor_hi,
	    0.001), "note", cmd_json_string(f->note)));
}

/* The inactivity model's entry of the models list. */
static json_t *
inactivity_json(const struct decay_report *r)
{
	const struct audience_fit	*m = &r->audience;
	const struct inactivity_fit	*f = &m->inactivity;

	return (json_pack("{s:s, s:b, s:o, s:o, s:o, s:{s:s, s:o, s:o, s:o, "
	    "s:o, s:o, s:o}, s:o}", "name", "inactivity", "fitted", f->ok,
	    "heldout_log_rmse", num(m->inactivity_error, 0.0001),
	    "effective_fraction", num(f->fraction, 0.001),
	    "effective_fraction_ci", pair(f->lo, f->hi, 0.001), "parameters",
	    "survival", "weibull", "active_life_scale_days", num(f->scale, 0.1),
	    "active_life_scale_ci", pair(f->scale_lo, f->scale_hi, 0.1),
	    "active_life_shape", num(f->shape, 0.01), "active_life_shape_ci",
	    pair(f->shape_lo, f->shape_hi, 0.01), "initial_active_share",
	    num(f->initial_share, 0.01), "initial_active_share_ci",
	    pair(f->initial_lo, f->initial_hi, 0.01), "note",
	    cmd_json_string(f->note)));
}

/*
 * The note of the account: the chosen model's caveat, or, without a
 * model, the reach model's refusal (the inactivity model's is in its
 * entry of the models list).
 */
static const char *
account_note(const struct audience_fit *m)
{
	if (m->model == AUDIENCE_INACTIVITY)
		return (m->inactivity.note);
	return (m->reach.note);
}

json_t *
cmd_decay_json(const struct decay_report *r)
{
	const struct audience_fit	*m = &r->audience;
	const struct decay_fit		*f = &m->reach;
	const struct decay_point	*c;
	json_t				*curve = json_array(), *o;
	size_t				 i, nc;

	c = audience_curve(m, &nc);
	for (i = 0; i < nc; i++)
		json_array_append_new(curve, json_pack("{s:f, s:o, s:o}",
		    "days", c[i].days, "fraction", num(c[i].fraction, 0.001),
		    "ci", pair(c[i].lo, c[i].hi, 0.001)));
	o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:i, s:i, s:o, "
	    "s:o, s:o, s:o, s:o, s:o, s:o}", "account", r->account,
	    "half_life_days", num(f->half_life, 0.1), "half_life_ci",
	    pair(f->half_life_lo, f->half_life_hi, 0.1), "floor",
	    num(f->floor, 0.001), "floor_ci", pair(f->floor_lo, f->floor_hi,
	    0.001), "curve", curve, "n_posts", f->n_posts, "n_silences",
	    f->n_silences, "last_post_at", cmd_json_time(r->last_post),
	    "days_inactive", num(r->days_inactive, 0.1), "followers",
	    r->followers >= 0 ? json_integer(count_clamp(r->followers)) :
	    json_null(), "effective_fraction", num(r->fraction, 0.001),
	    "effective_fraction_ci", pair(r->lo, r->hi, 0.001),
	    "effective_audience", num(r->fraction * r->followers, 1),
	    "note", cmd_json_string(account_note(m)));
	json_object_set_new(o, "model", cmd_json_string(
	    audience_model_name(m->model)));
	json_object_set_new(o, "model_comparison", json_pack("{s:b, s:o, "
	    "s:i, s:o}", "clear", m->clear, "heldout_t", num(m->error_t, 0.01),
	    "n_posts_scored", m->n_scored, "note", cmd_json_string(m->note)));
	json_object_set_new(o, "models", json_pack("[o, o]", reach_json(r),
	    inactivity_json(r)));
	json_object_set_new(o, "measured_active_fraction", r->has_measured ?
	    num(r->measured.fraction, 0.001) : json_null());
	json_object_set_new(o, "measured_active_fraction_ci", r->has_measured ?
	    pair(r->measured.lo, r->measured.hi, 0.001) : json_null());
	json_object_set_new(o, "measured_agrees", m->measured_agrees < 0 ?
	    json_null() : json_boolean(m->measured_agrees));
	json_object_set_new(o, "model_chosen_by_census",
	    json_boolean(m->by_census));
	return (o);
}

/* The chosen model's fraction after 30 and 90 silent days. */
static void
print_curve(const struct audience_fit *m)
{
	const struct decay_point	*c;
	size_t				 i, n;

	c = audience_curve(m, &n);
	text_printf("%-40s", "");
	for (i = 0; i < n; i++)
		if (c[i].days == 30 || c[i].days == 90)
			text_printf(" after %.0f silent days ~%.0f%% "
			    "(%.0f-%.0f%%);", c[i].days, c[i].fraction * 100,
			    c[i].lo * 100, c[i].hi * 100);
	text_printf("\n");
}

static void
print_reach(const struct decay_fit *f)
{
	text_printf("%-40s half-life %.0f d (90%%: %.0f-", "", f->half_life,
	    f->half_life_lo);
	if (isfinite(f->half_life_hi))
		text_printf("%.0f d)", f->half_life_hi);
	else
		text_printf("unbounded)");
	text_printf(", floor %.2f (%.2f-%.2f), from %d posts, %d silences\n",
	    f->floor, f->floor_lo, f->floor_hi, f->n_posts, f->n_silences);
}

static void
print_inactivity(const struct inactivity_fit *f)
{
	text_printf("%-40s followers stay active ~%.0f d (Weibull scale; "
	    "90%%: %.0f-", "", f->scale, f->scale_lo);
	if (isfinite(f->scale_hi))
		text_printf("%.0f d)", f->scale_hi);
	else
		text_printf("unbounded)");
	text_printf(", shape %.1f (%.1f-%.1f), first followers %.0f%% "
	    "active, from %d posts\n", f->shape, f->shape_lo, f->shape_hi,
	    f->initial_share * 100, f->n_posts);
}

/* Which model gave the estimate, and by how much it beat the other. */
static void
print_choice(const struct audience_fit *m)
{
	const char	*used = audience_model_name(m->model);
	const char	*other = m->model == AUDIENCE_REACH ? "inactivity" :
			    "reach";
	double		 mine, theirs;

	mine = m->model == AUDIENCE_REACH ? m->reach_error :
	    m->inactivity_error;
	theirs = m->model == AUDIENCE_REACH ? m->inactivity_error :
	    m->reach_error;
	if (!isfinite(mine) || !isfinite(theirs)) {
		text_printf("%-40s model: %s, not compared (%s)\n", "", used,
		    m->note);
		return;
	}
	if (m->clear)
		text_printf("%-40s model: %s, held-out log error %.3f vs %.3f "
		    "for %s (%.0f%% lower, t %.1f)\n", "", used, mine, theirs,
		    other, (1 - mine / theirs) * 100, fabs(m->error_t));
	else
		text_printf("%-40s model: %s kept, neither clearly better: "
		    "held-out log error %.3f vs %.3f for %s (t %.1f)\n", "",
		    used, mine, theirs, other, fabs(m->error_t));
}

/* What the census measured, beside the models' estimate. */
static void
print_measured(const struct decay_report *r)
{
	const char	*held;

	if (!r->has_measured)
		return;
	switch (r->audience.measured_agrees) {
	case 1:
		held = ": the estimate's interval holds it";
		break;
	case 0:
		held = ": outside the estimate's interval, the model misreads "
		    "this audience";
		break;
	default:
		held = "";
	}
	text_printf("%-40s measured: %.0f%% of the listed followers "
	    "posted within 30 days (census; 90%%: %.0f-%.0f%%)%s\n", "",
	    r->measured.fraction * 100, r->measured.lo * 100,
	    r->measured.hi * 100, held);
}

static void
print_text(const struct decay_report *r)
{
	const struct audience_fit	*m = &r->audience;
	const char			*note = account_note(m);

	if (m->model == AUDIENCE_NONE) {
		text_printf("%-40s %s\n", r->account, note ? note :
		    "no estimate");
		print_measured(r);
		return;
	}
	text_printf("%-40s last post %.0f day%s ago -> ~%.0f%% of followers "
	    "effective (90%%: %.0f-%.0f%%) = %.0f\n", r->account,
	    r->days_inactive, text_plural(llround(r->days_inactive)),
	    r->fraction * 100, r->lo * 100, r->hi * 100,
	    r->fraction * r->followers);
	print_curve(m);
	if (m->model == AUDIENCE_REACH)
		print_reach(&m->reach);
	else
		print_inactivity(&m->inactivity);
	print_choice(m);
	print_measured(r);
	if (note != NULL)
		text_printf("%-40s note: %s\n", "", note);
}

static void
print_csv(const struct decay_report *r)
{
	const struct audience_fit	*m = &r->audience;
	const struct decay_fit		*f = &m->reach;
	const char			*model = audience_model_name(m->model);

	printf("%s,", r->account);
	if (f->ok)
		printf("%.1f,%.3f", f->half_life, f->floor);
	else
		printf(",");
	if (model != NULL)
		printf(",%.3f,%.0f", r->fraction, r->fraction * r->followers);
	else
		printf(",,");
	printf(",%d,%d,%s,", f->n_posts, f->n_silences, model ? model : "");
	/* What a census measured, to hold the estimate against; or empty. */
	if (r->has_measured)
		printf("%.3f", r->measured.fraction);
	putchar('\n');
}

/* Account k's estimate in the command's format (JSON: into the array). */
static int
decay_out(struct analysis_ctx *a, size_t k, json_t *array)
{
	struct decay_report	 r;

	if (analysis_decay_report(a, k, &r) != 0)
		return (-1);
	if (a->opts.format == FORMAT_JSON)
		json_array_append_new(array, cmd_decay_json(&r));
	else if (a->opts.format == FORMAT_CSV)
		print_csv(&r);
	else
		print_text(&r);
	decay_report_release(&r);
	return (0);
}

static enum cmd_retval
cmd_decay_run(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	static const struct analysis_table table = {
		.csv_header = "account,half_life_days,floor,"
		    "effective_fraction,effective_audience,n_posts,"
		    "n_silences,model,measured_active_fraction",
		.skip_feeds = 1,
		.out = decay_out,
	};

	return (analysis_run(ctx, args, &table));
}
