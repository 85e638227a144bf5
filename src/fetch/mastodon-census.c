/*
 * Mastodon's census: the account's followers from accounts/:id/followers
 * (newest follow first, 80 a page, paged by the Link header), each a
 * whole Account with its last_status_at, so a walk measures activity as
 * it lists; then, for followers gone from the list, accounts/:id tells
 * whether they were deleted, suspended or moved, or only unfollowed.
 * With the owner's token the owner's notifications come first
 * (mastodon-notify.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "fetch/mastodon.h"
#include "fetch/parse.h"
#include "platform.h"
#include "util/text.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define PAGE_LIMIT	80	/* the most the server gives */
#define PAGE_MAX	1000	/* more in one reply: broken or hostile */

enum {
	STEP_LOOKUP = 1,	/* accounts/lookup: the id and the count */
	STEP_TOP,		/* the follower list's first page */
	STEP_FOLLOWERS,		/* a page of the follower list */
	STEP_VERIFY,		/* accounts/:id of a follower gone */
};

static enum fetch_step_result	 census_next(struct fetch_job *,
				    const struct fetch_response *,
				    struct fetch_request *, char **);

const struct fetch_adapter mastodon_census_adapter = {
	.next = census_next,
	.error_message = mastodon_error_message,
};

static enum fetch_step_result phase_start(struct fetch_job *,
		    struct fetch_request *, enum fetch_census_phase);

static enum fetch_step_result
lookup(struct fetch_job *job, struct fetch_request *req)
{
	const char	*acct = job->account.handle;
	char		*esc, *url;

	if (*acct == '@')
		acct++;
	esc = fetch_escape(acct);
	url = xasprintf("%s/api/v1/accounts/lookup?acct=%s",
	    job->account.api_base, esc);
	free(esc);
	return (mastodon_request(job, req, STEP_LOOKUP, url));
}

/* A page of followers from max_id (NULL: the newest). */
static enum fetch_step_result
followers_request(struct fetch_job *job, struct fetch_request *req,
    const char *max_id)
{
	char	*id, *esc, *url;

	id = fetch_escape(job->result.profile.remote_id);
	if (max_id != NULL) {
		esc = fetch_escape(max_id);
		url = xasprintf("%s/api/v1/accounts/%s/followers?limit=%d&"
		    "max_id=%s", job->account.api_base, id, PAGE_LIMIT, esc);
		free(esc);
	} else
		url = xasprintf("%s/api/v1/accounts/%s/followers?limit=%d",
		    job->account.api_base, id, PAGE_LIMIT);
	free(id);
	/*
	 * A list hidden from us is a 401 or 403 on some servers; a 404 is
	 * a server without the endpoint.
	 */
	req->denied_ok = 1;
	req->missing_ok = 1;
	return (mastodon_request(job, req, max_id == NULL ? STEP_TOP :
	    STEP_FOLLOWERS, url));
}

/* Ask why the next follower gone from the list left, if any is left. */
static enum fetch_step_result
verify_next(struct fetch_job *job, struct fetch_request *req)
{
	struct fetch_census	*c = job->census;
	char			*esc, *url;

	if (c->verified >= c->nverify || !fetch_census_affords(job))
		return (FETCH_DONE);
	esc = fetch_escape(c->verify[c->verified++]);
	url = xasprintf("%s/api/v1/accounts/%s", job->account.api_base, esc);
	free(esc);
	req->missing_ok = 1;
	return (mastodon_request(job, req, STEP_VERIFY, url));
}

static enum fetch_step_result
phase_start(struct fetch_job *job, struct fetch_request *req,
    enum fetch_census_phase phase)
{
	struct fetch_census	*c = job->census;

	c->phase = phase;
	switch (phase) {
	case CENSUS_PHASE_NEW:
		return (followers_request(job, req, NULL));
	case CENSUS_PHASE_FULL:
		if (!fetch_census_affords(job))
			return (FETCH_DONE);
		return (followers_request(job, req, c->cursor));
	case CENSUS_PHASE_VERIFY:
		return (verify_next(job, req));
	default:
		return (FETCH_DONE);
	}
}

/* The phase is over: store it, then the next one, if any. */
static enum fetch_step_result
phase_end(struct fetch_job *job, struct fetch_request *req)
{
	enum fetch_census_phase	 next = fetch_census_next(job);

	if (next == CENSUS_PHASE_NONE)
		return (FETCH_DONE);
	return (phase_start(job, req, next));
}

/*
 * The owner's notifications first (with a token), so that the walk's
 * followers find their follow times stored, and the losses it finds the
 * severances that explain them; then the walk.
 */
static enum fetch_step_result
notify_then_walk(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	enum fetch_step_result	 r = mastodon_notify_next(job, resp, req,
				    cause);

	if (r != FETCH_DONE)
		return (r);
	return (phase_start(job, req, fetch_census_first(job)));
}

static enum fetch_step_result
on_lookup(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct fetch_profile	*pr = &job->result.profile;
	json_t			*root;
	const char		*id;
	int			 rc = -1;

	if ((root = parse_json(resp->body, resp->len, "mastodon",
	    cause)) == NULL)
		return (FETCH_FAIL);
	if (!json_is_object(root))
		*cause = xstrdup("mastodon: the account lookup reply is not "
		    "an object");
	else if (parse_required_string(root, "id", &id, cause) != 0 ||
	    parse_count(root, "followers_count", &pr->followers,
	    cause) != 0)
		parse_blame("mastodon", cause);
	else {
		free(pr->remote_id);
		pr->remote_id = xstrdup(id);
		job->census->platform_count = pr->followers;
		rc = 0;
	}
	json_decref(root);
	if (rc != 0)
		return (FETCH_FAIL);
	return (notify_then_walk(job, NULL, req, cause));
}

/* last_status_at: a date since 3.1, a time before; null: never posted. */
static int
read_activity(struct census_follower *f, json_t *a, char **cause)
{
	json_t		*v = json_object_get(a, "last_status_at");
	const char	*s, *why;

	f->active_known = 1;
	if (v == NULL || json_is_null(v))
		return (0);
	if (!json_is_string(v) || (s = json_string_value(v),
	    time_parse(s, strlen(s), &f->last_active, &why) != 0)) {
		*cause = xstrdup("mastodon: field 'last_status_at' is not a "
		    "date");
		return (-1);
	}
	return (0);
}

static int
read_follower(struct fetch_job *job, json_t *a, char **cause)
{
	struct census_follower	*f;
	json_t			*moved;
	const char		*id, *acct, *uri;

	if (!json_is_object(a)) {
		*cause = xstrdup("mastodon: a follower is not an object");
		return (-1);
	}
	if (parse_required_string(a, "id", &id, cause) != 0 ||
	    parse_required_string(a, "acct", &acct, cause) != 0)
		return (parse_blame("mastodon", cause));
	f = fetch_census_add(job);
	f->id = xstrdup(id);
	f->handle = xstrdup(acct);
	if ((uri = parse_string(a, "uri")) != NULL ||
	    (uri = parse_string(a, "url")) != NULL)
		f->uri = xstrdup(uri);
	if (parse_count(a, "statuses_count", &f->posts, cause) != 0 ||
	    parse_count(a, "followers_count", &f->followers, cause) != 0 ||
	    read_activity(f, a, cause) != 0)
		return (parse_blame("mastodon", cause));
	moved = json_object_get(a, "moved");
	if (json_is_object(moved))
		f->gone = "moved";
	else if (json_is_true(json_object_get(a, "suspended")))
		f->gone = "deleted";
	return (0);
}

char *
mastodon_next_max_id(struct fetch_job *job, const char *link,
    const char *what)
{
	char		*next, *id = NULL;
	const char	*q;

	if ((next = fetch_link_next(link)) == NULL)
		return (NULL);
	if (!fetch_same_origin(job->account.api_base, next))
		fetch_job_warn(job, "%s next page is not on its API server "
		    "'%s': the walk stops", what, job->account.api_base);
	else if ((q = strstr(next, "max_id=")) != NULL && (q[-1] == '?' ||
	    q[-1] == '&')) {
		id = xstrndup(q + 7, strcspn(q + 7, "&#"));
		if (*id == '\0' || !text_all_in(id, strlen(id), "_-")) {
			free(id);
			id = NULL;
		}
	}
	free(next);
	return (id);
}

static enum fetch_step_result
on_followers(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct fetch_census	*c = job->census;
	json_t			*root, *a;
	const char		*from;
	char			*next;
	size_t			 i;
	int			 known = 0;

	if (resp->status == 401 || resp->status == 403) {
		fetch_census_hidden(job);
		return (phase_end(job, req));
	}
	/* A server without the endpoint (not Mastodon's own): no list. */
	if (resp->status == 404 || resp->status == 410) {
		fetch_job_warn(job, "the server has no follower list for it "
		    "(HTTP %ld): no census", resp->status);
		return (FETCH_DONE);
	}
	if ((root = parse_json(resp->body, resp->len, "mastodon",
	    cause)) == NULL)
		return (FETCH_FAIL);
	if (!json_is_array(root) || json_array_size(root) > PAGE_MAX) {
		*cause = xasprintf("mastodon: the followers reply is %s",
		    json_is_array(root) ? "too long" : "not a list");
		json_decref(root);
		return (FETCH_FAIL);
	}
	/*
	 * An empty first page of an account the server counts followers
	 * of: the list is hidden (hide_collections), not empty.
	 */
	if (json_array_size(root) == 0 && resp->step == STEP_TOP &&
	    c->platform_count > 0) {
		json_decref(root);
		fetch_census_hidden(job);
		return (phase_end(job, req));
	}
	json_array_foreach(root, i, a) {
		if (read_follower(job, a, cause) != 0) {
			json_decref(root);
			return (FETCH_FAIL);
		}
		if (fetch_census_known(job, c->page[c->npage - 1].id))
			known = 1;
	}
	next = i > 0 ? mastodon_next_max_id(job, resp->link,
	    "the follower list's") : NULL;
	json_decref(root);
	from = fetch_census_page(job, next, c->phase == CENSUS_PHASE_NEW &&
	    known);
	free(next);
	if (from != NULL)
		return (followers_request(job, req, from));
	if (!c->ended)
		return (FETCH_DONE);	/* the budget: the next run goes on */
	return (phase_end(job, req));
}

static enum fetch_step_result
on_verify(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct fetch_census	*c = job->census;
	const char		*id = c->verify[c->verified - 1];
	const char		*why = "unfollowed";
	json_t			*root;

	if (resp->status == 404 || resp->status == 410)
		why = "deleted";
	else {
		if ((root = parse_json(resp->body, resp->len, "mastodon",
		    cause)) == NULL)
			return (FETCH_FAIL);
		if (json_is_object(json_object_get(root, "moved")))
			why = "moved";
		else if (json_is_true(json_object_get(root, "suspended")))
			why = "deleted";
		json_decref(root);
	}
	fetch_census_gone(job, id, why);
	job->checkpoint = c->verified == c->nverify;
	return (verify_next(job, req));
}

static enum fetch_step_result
census_next(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	/* The account's own job read its id and count: no lookup. */
	if (resp == NULL && job->result.profile.remote_id != NULL)
		return (notify_then_walk(job, NULL, req, cause));
	if (resp == NULL)
		return (lookup(job, req));
	switch (resp->step) {
	case STEP_LOOKUP:
		return (on_lookup(job, resp, req, cause));
	case STEP_TOP:
	case STEP_FOLLOWERS:
		return (on_followers(job, resp, req, cause));
	case STEP_VERIFY:
		return (on_verify(job, resp, req, cause));
	case MASTODON_STEP_ME:
	case MASTODON_STEP_NOTIFY:
		return (notify_then_walk(job, resp, req, cause));
	}
	*cause = xasprintf("mastodon: no census step %d", resp->step);
	return (FETCH_FAIL);
}
