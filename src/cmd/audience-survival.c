/*
 * The survival of an account's followers by follow age, for `audience`
 * and the report: the census's followers read from the store, the
 * Kaplan-Meier sums analyze/survival.c's, and its JSON, text and CSV.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "analyze/survival.h"
#include "cmd/analysis.h"
#include "cmd/results.h"
#include "store/store.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

int
analysis_audience_survival(struct analysis_ctx *a, size_t k,
    struct audience_result *au)
{
	struct census_life	*l = NULL;
	struct survival_follower *f;
	struct survival_input	 in;
	char			*cause = NULL;
	size_t			 n = 0, i;

	if (store_census_lives(a->store, a->list[k].account.id,
	    a->opts.as_of, &l, &n, &cause) != 0) {
		log_error("%s: %s", au->account, cause);
		free(cause);
		return (-1);
	}
	f = xcalloc(n + 1, sizeof *f);
	for (i = 0; i < n; i++) {
		f[i].followed_at = l[i].followed_at;
		f[i].followed_after = l[i].followed_after;
		f[i].first_seen = l[i].first_seen;
		f[i].last_seen = l[i].last_seen;
		f[i].left_at = l[i].left_at;
		f[i].last_active = l[i].last_active;
		f[i].active_checked = l[i].active_checked;
	}
	free(l);
	in.f = f;
	in.n = n;
	in.as_of = a->opts.as_of;
	/*
	 * The last whole walk by as_of: the history's newest (the summary's
	 * list_complete_at is the newest of all, or 0 when it is later).
	 */
	in.last_full = au->nhistory > 0 ? au->history[au->nhistory - 1].at :
	    0;
	survival_estimate(&in, &au->survival);
	au->has_survival = 1;
	free(f);
	return (0);
}

static json_t *
share(double v)
{
	return (isnan(v) ? json_null() :
	    json_real(analysis_round_half_up(v, 1000)));
}

static json_t *
interval(double lo, double hi)
{
	return (isnan(lo) ? json_null() : json_pack("[o, o]", share(lo),
	    share(hi)));
}

json_t *
audience_survival_json(const struct audience_result *au)
{
	const struct survival_point	*p;
	json_t				*out, *o;
	size_t				 i;

	if (!au->has_survival)
		return (json_null());
	out = json_array();
	for (i = 0; i < SURVIVAL_NAGES; i++) {
		p = &au->survival.points[i];
		o = json_pack("{s:i, s:o, s:o, s:o, s:o, s:I, s:I}",
		    "age_days", p->age_days, "following", share(p->following),
		    "following_ci", interval(p->following_lo,
		    p->following_hi), "active", share(p->active), "active_ci",
		    interval(p->active_lo, p->active_hi), "at_risk",
		    (json_int_t)p->at_risk, "active_at_risk",
		    (json_int_t)p->active_at_risk);
		if (p->note != NULL)
			json_object_set_new(o, "note", json_string(p->note));
		json_array_append_new(out, o);
	}
	return (out);
}

void
audience_survival_text(const struct audience_result *au)
{
	const struct survival_result	*r = &au->survival;
	const struct survival_point	*p;
	size_t				 i;
	char				 n[32];

	if (!au->has_survival)
		return;
	text_thousands(r->used, n, sizeof n);
	text_printf("  survival       by follow age, of %s follower%s seen "
	    "come", n, text_plural(r->used));
	if (r->excluded > 0) {
		text_thousands(r->excluded, n, sizeof n);
		text_printf(" (%s there before the census, left out: their "
		    "follow time is not known)", n);
	}
	text_printf("\n");
	for (i = 0; i < SURVIVAL_NAGES; i++) {
		p = &r->points[i];
		text_printf("    %3d days     ", p->age_days);
		if (isnan(p->following)) {
			text_printf("not known: %s\n", p->note);
			continue;
		}
		text_printf("%.0f%% still follow (90%%: %.0f-%.0f%%, %lld "
		    "watched)", p->following * 100, p->following_lo * 100,
		    p->following_hi * 100, (long long)p->at_risk);
		if (isnan(p->active))
			text_printf("; active not known: %s\n", p->note);
		else
			text_printf(", %.0f%% also active (%.0f-%.0f%%)\n",
			    p->active * 100, p->active_lo * 100,
			    p->active_hi * 100);
	}
}

void
audience_survival_csv(const struct audience_result *au)
{
	const struct survival_point	*p;
	size_t				 i, j;

	for (j = 0; j < 2; j++)
		for (i = 0; i < SURVIVAL_NAGES; i++) {
			p = &au->survival.points[i];
			if (!au->has_survival || isnan(j ? p->active :
			    p->following))
				putchar(',');
			else
				printf(",%.3f", analysis_round_half_up(j ?
				    p->active : p->following, 1000));
		}
}

void
audience_survival_words(const struct audience_result *au, char *buf,
    size_t len)
{
	const struct survival_point	*p;
	size_t				 i, at = 0;
	int				 w;

	buf[0] = '\0';
	for (i = 0; i < SURVIVAL_NAGES && at < len; i++) {
		p = &au->survival.points[i];
		if (isnan(p->following))
			w = snprintf(buf + at, len - at, "%snot yet known",
			    i > 0 ? ", " : "");
		else
			w = snprintf(buf + at, len - at, "%s%.0f%%",
			    i > 0 ? ", " : "", p->following * 100);
		if (w < 0)
			break;
		at += (size_t)w;
	}
}
