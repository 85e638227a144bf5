/*
 * The report page (report.h) as JSON for scripts: every section, the
 * bursts, decay reports and topics as their own commands write them.
 */
#include <math.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "cmd/report.h"
#include "cmd/results.h"
#include "util/timeutil.h"

/* A date, or null for 0. */
static json_t *
date_json(int64_t t)
{
	char	 d[TIME_DATE_SIZE];

	if (t == 0)
		return (json_null());
	time_format_local_date(t, d);
	return (json_string(d));
}

/* A whole number of followers, or null when unknown. */
static json_t *
whole_json(double v)
{
	return (isnan(v) ? json_null() : json_integer(count_clamp(v)));
}

static json_t *
accounts_json(const struct report_page *pg)
{
	const struct report_account	*r;
	json_t				*out = json_array();
	size_t				 i;

	for (i = 0; i < pg->naccounts; i++) {
		r = &pg->accounts[i];
		json_array_append_new(out, json_pack("{s:s, s:o, s:o, s:o, "
		    "s:o, s:o, s:I}", "account", r->account, "followers",
		    r->followers != COUNT_UNKNOWN ?
		    json_integer(r->followers) : json_null(), "growth_7d",
		    whole_json(r->growth_7d), "growth_30d",
		    whole_json(r->growth_30d), "growth_365d",
		    whole_json(r->growth_365d), "last_snapshot",
		    cmd_json_time(r->last_snapshot), "posts",
		    (json_int_t)r->posts));
	}
	return (out);
}

/* The bursts, decay reports and topics, as their commands write them. */
static json_t *
results_json(const struct report_page *pg, int which)
{
	json_t	*out = json_array();
	size_t	 i, j;

	if (which == 0)
		for (i = 0; i < pg->nrecent; i++)
			json_array_append_new(out,
			    cmd_bursts_json(pg->recent[i]));
	else if (which == 1)
		for (i = 0; i < pg->naudience; i++)
			json_array_append_new(out,
			    cmd_decay_json(&pg->audience[i]));
	else if (which == 3)
		for (i = 0; i < pg->ncensus; i++)
			json_array_append_new(out,
			    cmd_audience_json(&pg->census[i]));
	else
		for (i = 0; i < pg->ntopics; i++)
			for (j = 0; j < pg->topics[i].ntopics; j++)
				json_array_append_new(out, cmd_topics_json(
				    pg->topics[i].account,
				    &pg->topics[i].topics[j]));
	return (out);
}

static json_t *
top_posts_json(const struct report_page *pg)
{
	const struct post_ref	*p;
	json_t			*out = json_array();
	size_t			 i;

	for (i = 0; i < pg->ntop_posts; i++) {
		p = &pg->top_posts[i].post;
		json_array_append_new(out, json_pack("{s:s, s:s, s:o, s:o, "
		    "s:o, s:I}", "account", p->account, "post_id", p->post_id,
		    "title", cmd_json_string(p->title), "url",
		    cmd_json_string(p->url), "published_at",
		    cmd_json_time(p->published_at), "reposts",
		    (json_int_t)pg->top_posts[i].reposts));
	}
	return (out);
}

static json_t *
milestones_json(const struct report_page *pg)
{
	const struct report_milestone	*m;
	json_t				*out = json_array();
	size_t				 i;

	for (i = 0; i < pg->nmilestones; i++) {
		m = &pg->milestones[i];
		json_array_append_new(out, json_pack("{s:s, s:I, s:I, s:f, "
		    "s:o, s:o, s:o}", "account", m->account, "followers",
		    (json_int_t)m->followers, "milestone",
		    (json_int_t)m->milestone, "per_day", m->per_day, "date",
		    date_json(m->date), "earliest", date_json(m->earliest),
		    "latest", date_json(m->latest)));
	}
	return (out);
}

static json_t *
warnings_json(const struct report_page *pg)
{
	json_t	*out = json_array();
	size_t	 i;

	for (i = 0; i < pg->nwarnings; i++)
		json_array_append_new(out, json_pack("{s:s, s:s}", "account",
		    pg->warnings[i].account, "warning", pg->warnings[i].text));
	return (out);
}

json_t *
report_render_json(const struct report_page *pg)
{
	return (json_pack("{s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, "
	    "s:o, s:o, s:o, s:o}", "group", pg->group, "as_of",
	    cmd_json_time(pg->as_of), "time_zone", pg->time_zone,
	    "data_from", date_json(pg->data_from), "data_to", date_json(pg->data_to), "accounts", accounts_json(pg),
	    "bursts", results_json(pg, 0), "effective_audience",
	    results_json(pg, 1), "audience_measured", results_json(pg, 3),
	    "topics", results_json(pg, 2), "top_posts",
	    top_posts_json(pg), "milestones", milestones_json(pg),
	    "data_quality", warnings_json(pg)));
}
