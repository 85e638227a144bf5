/*
 * X's census: the account's followers from GET /2/users/:id/followers
 * (newest first, up to 1,000 a page, paged by meta.next_token), with the
 * owner's user token (the app's bearer token may not read it). Each
 * follower read is billed, so every request asks for no more followers
 * than the month's cap leaves, and the new walk's first page is short.
 * A follower carries their post count (public_metrics.tweet_count) but
 * no time of their last post: activity comes from the count compared
 * between listings (fetch_census_judge, where the page is stored). Why
 * a follower left is not asked: a user lookup is a read billed at the
 * full price, and a deleted account is not told apart from one that
 * unfollowed; the reason stays 'unknown'.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "fetch/parse.h"
#include "fetch/x.h"
#include "platform.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define PAGE_LIMIT	1000	/* the most the endpoint gives */
/*
 * The new walk's first page: it is billed whole, and a day brings far
 * fewer new followers; a page of them all new asks for the next.
 */
#define NEW_PAGE	100
#define PAGE_MAX	1000	/* more in one reply: broken or hostile */
#define USER_FIELDS	"user.fields=created_at,public_metrics"

enum {
	STEP_TOP = 1,		/* the follower list's first page */
	STEP_FOLLOWERS,		/* a page of the follower list */
	STEP_ME,		/* whose the user token is */
};

static enum fetch_step_result	 census_next(struct fetch_job *,
				    const struct fetch_response *,
				    struct fetch_request *, char **);

const struct fetch_adapter x_census_adapter = {
	.next = census_next,
	.error_message = x_error_message,
};

static enum fetch_step_result phase_start(struct fetch_job *,
		    struct fetch_request *, enum fetch_census_phase);

/*
 * A page of followers from token (NULL: the newest), as many as the cap
 * leaves; FETCH_DONE when it leaves none (the walk goes on next month,
 * or once the cap is raised).
 */
static enum fetch_step_result
followers_request(struct fetch_job *job, struct fetch_request *req,
    const char *token, int limit)
{
	struct buf	 b = BUF_INIT;
	char		*esc;
	int		 n;

	if ((n = fetch_census_page_size(job, limit)) == 0) {
		fetch_job_warn(job, job->census->full ? "this month's cap on "
		    "follower reads is spent: the walk goes on next month, or "
		    "once the cap is raised" : "this month's cap on follower "
		    "reads is spent: no new followers are read until next "
		    "month, or until the cap is raised");
		return (FETCH_DONE);
	}
	esc = fetch_escape(job->result.profile.remote_id);
	buf_printf(&b, "%s/2/users/%s/followers?max_results=%d&" USER_FIELDS,
	    job->account.api_base, esc, n);
	free(esc);
	if (token != NULL) {
		esc = fetch_escape(token);
		buf_printf(&b, "&pagination_token=%s", esc);
		free(esc);
	}
	req->url = buf_detach(&b, NULL);
	req->step = token == NULL ? STEP_TOP : STEP_FOLLOWERS;
	req->auth = xasprintf("Authorization: Bearer %s", job->account.token);
	/* A token without user context: said with what to configure. */
	req->denied_ok = 1;
	return (FETCH_MORE);
}

static enum fetch_step_result
phase_start(struct fetch_job *job, struct fetch_request *req,
    enum fetch_census_phase phase)
{
	struct fetch_census	*c = job->census;

	c->phase = phase;
	switch (phase) {
	case CENSUS_PHASE_NEW:
		return (followers_request(job, req, NULL, NEW_PAGE));
	case CENSUS_PHASE_FULL:
		if (!fetch_census_affords(job))
			return (FETCH_DONE);
		return (followers_request(job, req, c->cursor, PAGE_LIMIT));
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

static int
read_follower(struct fetch_job *job, json_t *u, char **cause)
{
	struct census_follower	*f;
	json_t			*m;
	const char		*id, *username;

	if (!json_is_object(u)) {
		*cause = xstrdup("x: a follower is not an object");
		return (-1);
	}
	if (parse_required_string(u, "id", &id, cause) != 0 ||
	    parse_required_string(u, "username", &username, cause) != 0)
		return (parse_blame("x", cause));
	m = json_object_get(u, "public_metrics");
	if (m != NULL && !json_is_object(m)) {
		*cause = xstrdup("x: field 'public_metrics' is not an object");
		return (-1);
	}
	f = fetch_census_add(job);
	f->id = xstrdup(id);
	f->handle = xstrdup(username);
	if (parse_count(m, "tweet_count", &f->posts, cause) != 0 ||
	    parse_count(m, "followers_count", &f->followers, cause) != 0)
		return (parse_blame("x", cause));
	return (0);
}

/* 401 or 403: the token cannot read the list; say what to set. */
static enum fetch_step_result
denied(struct fetch_job *job, const struct fetch_response *resp,
    char **cause)
{
	const struct platform_secret	*ps;
	char				*words, *from = NULL;

	ps = &job->account.platform->census_secret;
	words = x_error_message(resp->body, resp->len);
	/* Where the refused one is set: the environment's wins. */
	if (job->census->token_from == NULL)
		from = xasprintf("%s.%s in the config file", ps->key,
		    job->account.handle);
	*cause = xasprintf("x: the follower list needs the account owner's "
	    "user token (OAuth 2.0 user context), and it was refused (HTTP "
	    "%ld%s%s): set a current one as %s", resp->status, words != NULL ?
	    ": " : "", words != NULL ? words : "", from != NULL ? from :
	    job->census->token_from);
	free(from);
	free(words);
	return (FETCH_FAIL);
}

/* The page's followers into the held page; *known: one is known. */
static int
read_page(struct fetch_job *job, json_t *root, size_t *items, int *known,
    char **cause)
{
	struct fetch_census	*c = job->census;
	json_t			*data, *u;
	size_t			 i;

	*items = 0;
	data = json_object_get(root, "data");
	if (data == NULL)
		return (0);	/* no followers (result_count 0) */
	if (!json_is_array(data) || json_array_size(data) > PAGE_MAX) {
		*cause = xasprintf("x: field 'data' is %s",
		    json_is_array(data) ? "too long" : "not a list");
		return (-1);
	}
	json_array_foreach(data, i, u) {
		if (read_follower(job, u, cause) != 0)
			return (-1);
		if (fetch_census_known(job, c->page[c->npage - 1].id))
			*known = 1;
	}
	*items = json_array_size(data);
	return (0);
}

static enum fetch_step_result
on_followers(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct fetch_census	*c = job->census;
	json_t			*root;
	const char		*t, *from;
	char			*next = NULL;
	size_t			 items;
	int			 known = 0;

	if (resp->status == 401 || resp->status == 403)
		return (denied(job, resp, cause));
	if ((root = parse_json(resp->body, resp->len, "x", cause)) == NULL)
		return (FETCH_FAIL);
	if (!json_is_object(root)) {
		*cause = xstrdup("x: the followers reply is not an object");
		json_decref(root);
		return (FETCH_FAIL);
	}
	/* A 200 with only errors: the list failed (a suspended user). */
	if (json_object_get(root, "data") == NULL &&
	    json_object_get(root, "meta") == NULL &&
	    (*cause = x_errors_text(root)) != NULL) {
		json_decref(root);
		return (FETCH_FAIL);
	}
	if (read_page(job, root, &items, &known, cause) != 0) {
		json_decref(root);
		return (FETCH_FAIL);
	}
	fetch_census_spend(job, items);
	if (items == 0 && resp->step == STEP_TOP && c->platform_count > 0) {
		json_decref(root);
		fetch_census_empty(job);
		return (phase_end(job, req));
	}
	t = parse_string(json_object_get(root, "meta"), "next_token");
	if (t != NULL && *t != '\0' && items > 0)
		next = xstrdup(t);
	json_decref(root);
	from = fetch_census_page(job, next, c->phase == CENSUS_PHASE_NEW &&
	    known);
	free(next);
	if (from != NULL)
		return (followers_request(job, req, from, PAGE_LIMIT));
	if (!c->ended)
		return (FETCH_DONE);	/* the budget: the next run goes on */
	return (phase_end(job, req));
}

/*
 * Whose the user token is (GET /2/users/me, one read a full walk): with
 * another user's token X reads the list at the full price, ten times
 * the owner's, which the cap and the estimate did not count on.
 */
static enum fetch_step_result
me_request(struct fetch_job *job, struct fetch_request *req)
{
	req->url = xasprintf("%s/2/users/me", job->account.api_base);
	req->step = STEP_ME;
	req->auth = xasprintf("Authorization: Bearer %s", job->account.token);
	req->denied_ok = 1;
	return (FETCH_MORE);
}

static enum fetch_step_result
on_me(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	json_t		*root, *data;
	const char	*id, *name;

	if (resp->status == 401 || resp->status == 403)
		return (denied(job, resp, cause));
	if ((root = parse_json(resp->body, resp->len, "x", cause)) == NULL)
		return (FETCH_FAIL);
	fetch_census_spend(job, 1);
	job->census->lookups++;
	data = json_is_object(root) ? json_object_get(root, "data") : NULL;
	if (!json_is_object(data)) {
		if ((*cause = json_is_object(root) ? x_errors_text(root) :
		    NULL) == NULL)
			*cause = xstrdup("x: the reply of users/me has no "
			    "'data' object");
		json_decref(root);
		return (FETCH_FAIL);
	}
	if (parse_required_string(data, "id", &id, cause) != 0) {
		json_decref(root);
		return (parse_blame("x", cause));
	}
	if (strcmp(id, job->result.profile.remote_id) != 0) {
		name = parse_string(data, "username");
		*cause = xasprintf("x: the user token is @%s's, not this "
		    "account's own: X would bill each follower read at the "
		    "full price, ten times the owner's; set the account "
		    "owner's token as %s", name != NULL ? name : id,
		    job->census->token_from != NULL ? job->census->token_from :
		    "x_user_token.HANDLE");
		json_decref(root);
		return (FETCH_FAIL);
	}
	json_decref(root);
	return (phase_start(job, req, fetch_census_first(job)));
}

static enum fetch_step_result
census_next(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct fetch_census	*c = job->census;

	if (resp == NULL) {
		if (job->account.token == NULL ||
		    job->result.profile.remote_id == NULL) {
			*cause = xstrdup("x: the census needs the account's id "
			    "and its owner's user token");
			return (FETCH_FAIL);
		}
		/* No reasons asked: every one would be a billed lookup. */
		xfree_strings(c->verify, c->nverify);
		c->verify = NULL;
		c->nverify = 0;
		/*
		 * Whose the token is, before a walk through the whole list
		 * starts (weekly): the daily reads of the newest are few, and
		 * the cap bounds them. Not where the cap cannot pay for it:
		 * the walk says why.
		 */
		if (!c->full || c->full_walk != 0 || c->cursor != NULL ||
		    fetch_census_page_size(job, 1) == 0)
			return (phase_start(job, req,
			    fetch_census_first(job)));
		return (me_request(job, req));
	}
	switch (resp->step) {
	case STEP_ME:
		return (on_me(job, resp, req, cause));
	case STEP_TOP:
	case STEP_FOLLOWERS:
		return (on_followers(job, resp, req, cause));
	}
	*cause = xasprintf("x: no census step %d", resp->step);
	return (FETCH_FAIL);
}
