/*
 * Mastodon's engager lists of a status, from the author's own server
 * (which sees every interaction addressed to the author):
 * statuses/:id/favourited_by and /reblogged_by, newest first, 80 a
 * page, paged by the Link header; whole Accounts with followers_count,
 * but no times: each is placed between the read that first listed it
 * and the one before. Quotes (statuses/:id/quotes, 4.5+) answer only
 * the author, and are not read.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "fetch/mastodon.h"
#include "fetch/parse.h"
#include "platform.h"
#include "util/xmalloc.h"

#define PAGE_LIMIT	80	/* the most the server gives */
#define PAGE_MAX	1000	/* more in one reply: broken or hostile */

enum {
	STEP_LIST = 1,		/* a page of the list */
};

static enum fetch_step_result	 engagers_next(struct fetch_job *,
				    const struct fetch_response *,
				    struct fetch_request *, char **);

const struct fetch_adapter mastodon_engagers_adapter = {
	.next = engagers_next,
	.error_message = mastodon_error_message,
};

static const char *const paths[] = {
	[ENGAGEMENT_LIKE] = "favourited_by",
	[ENGAGEMENT_REPOST] = "reblogged_by",
};

static enum fetch_step_result
list_request(struct fetch_job *job, struct fetch_request *req,
    const char *max_id, char **cause)
{
	struct fetch_engagers	*g = job->engagers;
	char			*id, *esc, *url;

	if (g->kind != ENGAGEMENT_LIKE && g->kind != ENGAGEMENT_REPOST) {
		*cause = xasprintf("mastodon: no %s list is read",
		    engagement_kind_name(g->kind));
		return (FETCH_FAIL);
	}
	id = fetch_escape(g->post);
	if (max_id != NULL) {
		esc = fetch_escape(max_id);
		url = xasprintf("%s/api/v1/statuses/%s/%s?limit=%d&max_id=%s",
		    job->account.api_base, id, paths[g->kind], PAGE_LIMIT,
		    esc);
		free(esc);
	} else
		url = xasprintf("%s/api/v1/statuses/%s/%s?limit=%d",
		    job->account.api_base, id, paths[g->kind], PAGE_LIMIT);
	free(id);
	/* A status deleted since, or no longer public: said, no failure. */
	req->missing_ok = 1;
	req->denied_ok = 1;
	return (mastodon_request(job, req, STEP_LIST, url));
}

static int
read_account(struct fetch_job *job, json_t *a, char **cause)
{
	struct engagement	*e;
	const char		*id, *acct;
	int64_t			 followers;

	if (!json_is_object(a)) {
		*cause = xstrdup("mastodon: an engager is not an object");
		return (-1);
	}
	if (parse_required_string(a, "id", &id, cause) != 0 ||
	    parse_required_string(a, "acct", &acct, cause) != 0 ||
	    parse_count(a, "followers_count", &followers, cause) != 0)
		return (parse_blame("mastodon", cause));
	e = fetch_engagers_add(job, id);
	e->handle = xstrdup(acct);
	e->followers = followers;
	return (0);
}

static enum fetch_step_result
on_list(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct fetch_engagers	*g = job->engagers;
	json_t			*root, *a;
	const char		*from;
	char			*next;
	size_t			 i;

	if (resp->status >= 400) {
		fetch_job_warn(job, "the %s list of status %s is not served "
		    "(HTTP %ld): deleted or not public",
		    engagement_kind_name(g->kind), g->post, resp->status);
		g->ended = 1;
		return (FETCH_DONE);
	}
	if ((root = parse_json(resp->body, resp->len, "mastodon",
	    cause)) == NULL)
		return (FETCH_FAIL);
	if (!json_is_array(root) || json_array_size(root) > PAGE_MAX) {
		*cause = xasprintf("mastodon: the %s reply is %s",
		    paths[g->kind], json_is_array(root) ? "too long" :
		    "not a list");
		json_decref(root);
		return (FETCH_FAIL);
	}
	json_array_foreach(root, i, a) {
		if (read_account(job, a, cause) != 0) {
			json_decref(root);
			return (FETCH_FAIL);
		}
	}
	next = i > 0 ? mastodon_next_max_id(job, resp->link, "the list's") :
	    NULL;
	json_decref(root);
	from = fetch_engagers_page(job, next);
	free(next);
	if (from == NULL)
		return (FETCH_DONE);
	return (list_request(job, req, from, cause));
}

static enum fetch_step_result
engagers_next(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	if (resp == NULL)
		return (list_request(job, req, job->engagers->cursor, cause));
	if (resp->step == STEP_LIST)
		return (on_list(job, resp, req, cause));
	*cause = xasprintf("mastodon: no engager step %d", resp->step);
	return (FETCH_FAIL);
}
