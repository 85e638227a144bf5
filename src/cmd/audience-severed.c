/*
 * The relationships the server severed (Mastodon's severance events, read
 * with the owner's token), for `audience`: each event of the last 30
 * days with the followers it removed as the server counts them and those
 * the census found gone across it, which differ where the census had not
 * listed some of them (or, hashed, cannot tell whose domain is whose).
 * An older event is listed while followers it took were found gone in
 * the 30 days, so that the severed of lost_by_reason are all explained.
 */
#include <stdlib.h>

#include <jansson.h>

#include "cmd/analysis.h"
#include "cmd/cmd.h"
#include "cmd/results.h"
#include "store/store.h"
#include "util/log.h"
#include "util/text.h"
#include "util/timeutil.h"

int
analysis_audience_severed(struct analysis_ctx *a, size_t k,
    struct audience_result *au)
{
	char	*cause = NULL;

	if (store_census_severances(a->store, a->list[k].account.id,
	    a->opts.as_of, &au->severed, &au->nsevered, &cause) != 0) {
		log_error("%s: %s", au->account, cause);
		free(cause);
		return (-1);
	}
	return (0);
}

json_t *
audience_severed_json(const struct audience_result *au)
{
	const struct census_severed	*s;
	json_t				*out;
	size_t				 i;

	if (!au->c.walked || au->c.hidden)
		return (json_null());
	out = json_array();
	for (i = 0; i < au->nsevered; i++) {
		s = &au->severed[i];
		json_array_append_new(out, json_pack("{s:o, s:s, s:s, s:o, "
		    "s:I, s:I}", "at", cmd_json_time(s->e.at), "type",
		    s->e.kind, "target", s->e.target, "followers_count",
		    s->e.followers < 0 ? json_null() :
		    json_integer(s->e.followers), "matched",
		    (json_int_t)s->matched, "matched_30d",
		    (json_int_t)s->matched_window));
	}
	return (out);
}

void
audience_severed_text(const struct audience_result *au, const char *lead)
{
	const struct census_severed	*s;
	char				 day[TIME_DATE_SIZE];
	size_t				 i;

	/*
	 * Said where the count differs from lost_by_reason's: some found
	 * gone before the 30 days, or the event itself older than them.
	 */
	for (i = 0; i < au->nsevered; i++) {
		s = &au->severed[i];
		time_format_local_date(s->e.at, day);
		text_printf("%s%s %s %s: ", lead, day, s->e.kind,
		    s->e.target);
		if (s->e.followers >= 0)
			text_printf("%lld followers by the server, ",
			    (long long)s->e.followers);
		text_printf("%lld found gone here", (long long)s->matched);
		if (s->matched_window == s->matched && s->older)
			text_printf(", all in the 30 days");
		else if (s->matched_window != s->matched)
			text_printf(", %lld in the 30 days",
			    (long long)s->matched_window);
		text_printf("\n");
	}
}
