/*
 * The choice between the reach and the inactivity model (audience.h).
 *
 * Held-out error rather than an information criterion: the two models
 * are fitted robustly, on grids, with levels profiled out, so their
 * "parameter counts" would be a guess, while a fit that predicts posts
 * it did not see is charged for its flexibility without one. The folds
 * are runs of consecutive posts, not scattered ones: the inactivity
 * model reads a slow drift, and a post's neighbours in time would tell
 * it the answer. A model is chosen when the mean per-fold difference of
 * the squared errors stands at least CLEAR_T standard errors (across
 * folds) from 0; otherwise the two are called alike, and the reach
 * model, the one the tool had, is kept and the note says so.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/audience.h"
#include "analyze/stats.h"
#include "util/xmalloc.h"

#define CAP_SD		2.5	/* squared errors capped at this many s */
#define CLEAR_T		2.09	/* Student's t, 19 df, two-sided 5% */

const char *
audience_model_name(enum audience_model m)
{
	switch (m) {
	case AUDIENCE_REACH:
		return ("reach");
	case AUDIENCE_INACTIVITY:
		return ("inactivity");
	default:
		return (NULL);
	}
}

/* The robust scale of the residuals both models have, pooled. */
static double
pooled_scale(const double *ra, const double *rb, size_t n)
{
	double	*tmp, med, s;
	size_t	 i, m = 0;

	tmp = xcalloc(2 * n + 1, sizeof *tmp);
	for (i = 0; i < n; i++)
		if (isfinite(ra[i]) && isfinite(rb[i])) {
			tmp[m++] = ra[i];
			tmp[m++] = rb[i];
		}
	med = stats_median(tmp, m);
	for (i = 0; i < m; i++)
		tmp[i] = fabs(tmp[i] - med);
	s = 1.4826 * stats_median(tmp, m);
	free(tmp);
	return (s > 1e-9 ? s : 1e-9);
}

/*
 * Score the held-out residuals: each model's error, and the t of their
 * difference across folds.
 */
static void
score(const double *rr, const double *ri, const int *fold, size_t n,
    struct audience_fit *out)
{
	double	 cap, lr, li, sr = 0, si = 0, d[AUDIENCE_NFOLD] = { 0 };
	double	 mean = 0, var = 0;
	size_t	 i, cnt[AUDIENCE_NFOLD] = { 0 };
	int	 k, nf = 0;

	cap = CAP_SD * pooled_scale(rr, ri, n);
	cap *= cap;
	for (i = 0; i < n; i++) {
		if (!isfinite(rr[i]) || !isfinite(ri[i]))
			continue;
		lr = fmin(rr[i] * rr[i], cap);
		li = fmin(ri[i] * ri[i], cap);
		sr += lr;
		si += li;
		d[fold[i]] += lr - li;
		cnt[fold[i]]++;
		out->n_scored++;
	}
	if (out->n_scored == 0)
		return;
	out->reach_error = sqrt(sr / out->n_scored);
	out->inactivity_error = sqrt(si / out->n_scored);
	for (k = 0; k < AUDIENCE_NFOLD; k++)
		if (cnt[k] > 0) {
			d[nf] = d[k] / cnt[k];
			mean += d[nf++];
		}
	mean /= nf;
	for (k = 0; k < nf; k++)
		var += (d[k] - mean) * (d[k] - mean);
	var /= nf > 1 ? nf - 1 : 1;
	out->error_t = var > 0 ? mean / sqrt(var / nf) :
	    (mean > 0 ? INFINITY : mean < 0 ? -INFINITY : 0);
}

/* Score both models by their held-out predictions of the posts. */
static void
compare(const struct audience_input *in, const struct inactivity_input *ii,
    struct audience_fit *out)
{
	double	*rr, *ri;
	int	*fold;
	size_t	 i;

	rr = xcalloc(in->nobs + 1, sizeof *rr);
	ri = xcalloc(in->nobs + 1, sizeof *ri);
	fold = xcalloc(in->nobs + 1, sizeof *fold);
	for (i = 0; i < in->nobs; i++)
		fold[i] = (int)(i * AUDIENCE_NFOLD / in->nobs);
	if (decay_heldout(in->obs, in->nobs, fold, AUDIENCE_NFOLD, rr) == 0 &&
	    inactivity_heldout(ii, fold, AUDIENCE_NFOLD, ri) == 0)
		score(rr, ri, fold, in->nobs, out);
	free(fold);
	free(ri);
	free(rr);
}

/* Pick the model from the fits and the scores, saying how. */
static void
choose(struct audience_fit *out)
{
	int	 r = out->reach.ok, i = out->inactivity.ok;

	out->model = AUDIENCE_NONE;
	if (!r && !i)
		return;
	if (!i) {
		out->model = AUDIENCE_REACH;
		out->note = "reach model used without a comparison: the "
		    "inactivity model could not be fitted";
	} else if (!r) {
		out->model = AUDIENCE_INACTIVITY;
		out->note = "inactivity model used without a comparison: "
		    "the reach model could not be fitted";
	} else if (out->n_scored == 0) {
		out->model = AUDIENCE_REACH;
		out->note = "no posts to compare the models on; reach kept";
	} else if (out->error_t >= CLEAR_T) {
		out->model = AUDIENCE_INACTIVITY;
		out->clear = 1;
		out->note = "inactivity model: clearly lower held-out error";
	} else if (out->error_t <= -CLEAR_T) {
		out->model = AUDIENCE_REACH;
		out->clear = 1;
		out->note = "reach model: clearly lower held-out error";
	} else {
		out->model = AUDIENCE_REACH;
		out->note = "neither model predicts held-out posts clearly "
		    "better; reach kept";
	}
}

/* A model's effective fraction now and its 90% interval; NAN without. */
static void
model_share(const struct audience_input *in, const struct audience_fit *out,
    enum audience_model m, double *f, double *lo, double *hi)
{
	double	 days = in->now_days - in->last_post_days;

	*f = *lo = *hi = NAN;
	if (m == AUDIENCE_INACTIVITY && out->inactivity.ok) {
		*f = out->inactivity.fraction;
		*lo = out->inactivity.lo;
		*hi = out->inactivity.hi;
	} else if (m == AUDIENCE_REACH && out->reach.ok && isfinite(days)) {
		*f = decay_fraction(&out->reach, days);
		decay_fraction_ci(&out->reach, days, lo, hi);
	}
}

/* Whether a model's interval holds the measured share: 1, 0, -1 unknown. */
static int
holds(const struct audience_input *in, const struct audience_fit *out,
    enum audience_model m)
{
	const struct audience_measured *ms = in->measured;
	double	 f, lo, hi;

	model_share(in, out, m, &f, &lo, &hi);
	if (ms == NULL || !isfinite(lo) || !isfinite(hi))
		return (-1);
	/* The two intervals overlap: the measurement does not refute it. */
	return (ms->lo <= hi && ms->hi >= lo);
}

/*
 * Two models the held-out posts cannot tell apart, and a census: the
 * measured active share is the one direct observation of what both
 * estimate, so a model whose interval holds it, where the other's does
 * not, is taken. A clear held-out verdict is not overruled: the census
 * measures posting within 30 days, which is not quite reach.
 */
static void
choose_by_census(const struct audience_input *in, struct audience_fit *out)
{
	int	 r, i;

	if (in->measured == NULL || out->clear || out->n_scored == 0 ||
	    !out->reach.ok || !out->inactivity.ok)
		return;
	r = holds(in, out, AUDIENCE_REACH);
	i = holds(in, out, AUDIENCE_INACTIVITY);
	if (i == 1 && r == 0) {
		out->model = AUDIENCE_INACTIVITY;
		out->by_census = 1;
		out->note = "neither model predicts held-out posts clearly "
		    "better; the census's measured active share is inside the "
		    "inactivity model's interval and outside the reach "
		    "model's: inactivity used";
	} else if (r == 1 && i == 0) {
		out->by_census = 1;
		out->note = "neither model predicts held-out posts clearly "
		    "better; the census's measured active share is inside the "
		    "reach model's interval and outside the inactivity "
		    "model's: reach kept";
	}
}

/* The chosen model's fraction now, and whether the census agrees. */
static void
estimate(const struct audience_input *in, struct audience_fit *out)
{
	model_share(in, out, out->model, &out->fraction, &out->lo, &out->hi);
	out->measured_agrees = holds(in, out, out->model);
}

const struct decay_point *
audience_curve(const struct audience_fit *f, size_t *n)
{
	*n = 0;
	if (f->model == AUDIENCE_INACTIVITY) {
		*n = f->inactivity.ncurve;
		return (f->inactivity.curve);
	}
	if (f->model == AUDIENCE_REACH) {
		*n = f->reach.ncurve;
		return (f->reach.curve);
	}
	return (NULL);
}

/*
 * in->measured, a census's share, is held against the estimate
 * (measured_agrees) and decides between two models the posts cannot
 * tell apart (choose_by_census).
 */
int
audience_fit(const struct audience_input *in, struct audience_fit *out)
{
	struct inactivity_input	 ii;

	memset(out, 0, sizeof *out);
	out->reach_error = out->inactivity_error = out->error_t = NAN;
	ii.obs = in->obs;
	ii.nobs = in->nobs;
	ii.counts = in->counts;
	ii.ncounts = in->ncounts;
	ii.now_days = in->now_days;
	ii.last_post_days = in->last_post_days;
	decay_fit(in->obs, in->nobs, in->seed, &out->reach);
	inactivity_fit(&ii, in->seed, &out->inactivity);
	if (out->reach.ok && out->inactivity.ok)
		compare(in, &ii, out);
	choose(out);
	choose_by_census(in, out);
	estimate(in, out);
	return (out->model == AUDIENCE_NONE ? -1 : 0);
}

/*
 * Where a reason's words need the account's data (a date, the platform's
 * name), the note is those words' ending and the caller puts the data
 * before it (cmd/audience.c's census_note).
 */
static const struct audience_reason_words reason_words[] = {
	[AUDIENCE_CENSUS_READ] = { "read", NULL, NULL },
	[AUDIENCE_CENSUS_NO_LIST] = { "no_list", "this tideline reads no "
	    "follower list of this platform", "no census: the platform "
	    "publishes no follower list" },
	[AUDIENCE_CENSUS_OFF] = { "off", "the census is off for this account",
	    "no census: it is off for this account" },
	[AUDIENCE_CENSUS_NOT_ASKED] = { "not_asked", "bills each follower "
	    "read: its census runs only when asked for (track --census full)",
	    "no census: the platform bills each follower read (track "
	    "--census full asks for it)" },
	[AUDIENCE_CENSUS_FAILED] = { "failed", "no walk has read the "
	    "follower list since", "no census: it failed (audience says "
	    "why)" },
	[AUDIENCE_CENSUS_NOT_YET] = { "not_yet", "no census yet: the next "
	    "snapshot reads the follower list", "no census yet: the next "
	    "snapshot reads the list" },
	[AUDIENCE_CENSUS_NOT_BY] = { "not_by", "the census's first walk "
	    "came after it", "no census by then: it began later" },
	[AUDIENCE_CENSUS_HIDDEN] = { "hidden", "the follower list is hidden "
	    "from us (the account hides its followers; with the owner's "
	    "token the census reads it)", "no census: the account hides its "
	    "follower list" },
	/* The owner's token, given, does not help: none to ask for. */
	[AUDIENCE_CENSUS_HIDDEN_TO_OWNER] = { "hidden_to_owner", "the "
	    "follower list stays hidden even with the owner's token (the "
	    "server shows it to nobody, its owner too)", "no census: the "
	    "server hides the follower list" },
	[AUDIENCE_CENSUS_EMPTY] = { "empty", "the platform counts followers "
	    "but lists none (the follower list came back empty): taken as "
	    "not read, no losses counted; the next snapshot reads it again",
	    "no census: the platform counts followers but lists none" },
	[AUDIENCE_CENSUS_INCOMPLETE] = { "incomplete", "the first walk "
	    "through the follower list is not complete yet: the counts hold "
	    "the followers read so far", NULL },
	[AUDIENCE_CENSUS_STALE] = { "stale", "who left or went quiet since "
	    "is not known", NULL },
	[AUDIENCE_CENSUS_UNLISTED] = { "unlisted", "the platform counts "
	    "followers its list does not hold", NULL },
};

const struct audience_reason_words *
audience_reason_words(enum audience_reason r)
{
	return (&reason_words[r]);
}

/* The first that holds, in the order of the enum. */
enum audience_reason
audience_census_reason(const struct audience_census_facts *f)
{
	if (!f->has_list)
		return (AUDIENCE_CENSUS_NO_LIST);
	if (f->off)
		return (AUDIENCE_CENSUS_OFF);
	if (f->not_asked)
		return (AUDIENCE_CENSUS_NOT_ASKED);
	if (f->failed)
		return (AUDIENCE_CENSUS_FAILED);
	if (!f->walked)
		return (f->walked_ever ? AUDIENCE_CENSUS_NOT_BY :
		    AUDIENCE_CENSUS_NOT_YET);
	if (f->hidden)
		return (f->hidden_to_owner ? AUDIENCE_CENSUS_HIDDEN_TO_OWNER :
		    AUDIENCE_CENSUS_HIDDEN);
	if (f->empty)
		return (AUDIENCE_CENSUS_EMPTY);
	if (f->stale)
		return (AUDIENCE_CENSUS_STALE);
	if (!f->complete)
		return (AUDIENCE_CENSUS_INCOMPLETE);
	if (f->unlisted)
		return (AUDIENCE_CENSUS_UNLISTED);
	return (AUDIENCE_CENSUS_READ);
}
