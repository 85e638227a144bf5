/*
 * Bluesky's engager lists of a post, from the public AppView:
 * app.bsky.feed.getLikes (each like with its actor and indexedAt, the
 * earlier of the record's time and when it was indexed, so never after
 * the like), getRepostedBy (profileViews, no times) and getQuotes
 * (postViews with their own times); newest first, 100 a page, an opaque
 * cursor. profileViews carry no counts: the reach of those who reposted
 * or quoted comes from app.bsky.actor.getProfiles, 25 a request. Likers'
 * reach is not asked (a like spreads nothing).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/bluesky.h"
#include "fetch/fetch.h"
#include "fetch/parse.h"
#include "platform.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define PAGE_LIMIT	100	/* the most the lists give */
#define PAGE_MAX	1000	/* more in one reply: broken or hostile */

enum {
	STEP_LIST = 1,		/* a page of the list */
	STEP_PROFILES,		/* getProfiles of the page's actors */
};

struct engagers_state {
	char	*next;		/* the page's cursor, while its actors'
				   profiles are asked */
	size_t	 from;		/* the batch asked: its first index ... */
	size_t	 n;		/* ... and its length */
};

static enum fetch_step_result	 engagers_next(struct fetch_job *,
				    const struct fetch_response *,
				    struct fetch_request *, char **);
static void			 engagers_release(struct fetch_job *);

const struct fetch_adapter bluesky_engagers_adapter = {
	.next = engagers_next,
	.error_message = bluesky_error_message,
	.release = engagers_release,
};

/* By kind: the method and the reply's list. */
static const struct {
	const char	*method;
	const char	*field;
} lists[] = {
	[ENGAGEMENT_LIKE] = { "app.bsky.feed.getLikes", "likes" },
	[ENGAGEMENT_REPOST] = { "app.bsky.feed.getRepostedBy",
	    "repostedBy" },
	[ENGAGEMENT_QUOTE] = { "app.bsky.feed.getQuotes", "posts" },
};

static enum fetch_step_result
request(struct fetch_request *req, int step, char *url)
{
	req->url = url;
	req->step = step;
	req->auth = NULL;	/* the AppView takes no auth */
	return (FETCH_MORE);
}

static enum fetch_step_result
list_request(struct fetch_job *job, struct fetch_request *req,
    const char *cursor, char **cause)
{
	struct fetch_engagers	*g = job->engagers;
	struct buf		 b = BUF_INIT;
	char			*esc, *uri;

	/* A post is stored by its record key, under its author's DID. */
	if (strncmp(g->post, "at://", 5) == 0)
		uri = xstrdup(g->post);
	else if (job->account.remote_id != NULL)
		uri = xasprintf("at://%s/app.bsky.feed.post/%s",
		    job->account.remote_id, g->post);
	else {
		*cause = xstrdup("bluesky: the account's DID is not known");
		return (FETCH_FAIL);
	}
	esc = fetch_escape(uri);
	free(uri);
	buf_printf(&b, "%s/xrpc/%s?uri=%s&limit=%d", job->account.api_base,
	    lists[g->kind].method, esc, PAGE_LIMIT);
	free(esc);
	if (cursor != NULL) {
		esc = fetch_escape(cursor);
		buf_printf(&b, "&cursor=%s", esc);
		free(esc);
	}
	return (request(req, STEP_LIST, buf_detach(&b, NULL)));
}

static int
affords(struct fetch_job *job)
{
	int	 max = job->account.max_requests;

	return (max <= 0 || job->requests + 1 <= max);
}

/* The page is read (with what reach was asked): on to the next. */
static enum fetch_step_result
page_done(struct fetch_job *job, struct fetch_request *req, char **cause)
{
	struct engagers_state	*st = job->state;
	const char		*from;
	char			*next = st->next;

	st->next = NULL;
	from = fetch_engagers_page(job, next);
	free(next);
	if (from == NULL)
		return (FETCH_DONE);
	return (list_request(job, req, from, cause));
}

/* getProfiles of the page's next actors, while the budget lasts. */
static enum fetch_step_result
profiles_next(struct fetch_job *job, struct fetch_request *req, char **cause)
{
	struct fetch_engagers	*g = job->engagers;
	struct engagers_state	*st = job->state;
	struct buf		 b = BUF_INIT;
	char			*esc;
	size_t			 i;

	st->from += st->n;
	st->n = g->npage - st->from < BLUESKY_PROFILES_MAX ?
	    g->npage - st->from : BLUESKY_PROFILES_MAX;
	/* One request is left for the list's next page, or none at all. */
	if (st->n == 0 || !affords(job))
		return (page_done(job, req, cause));
	buf_printf(&b, "%s/xrpc/app.bsky.actor.getProfiles",
	    job->account.api_base);
	for (i = 0; i < st->n; i++) {
		esc = fetch_escape(g->page[st->from + i].actor);
		buf_printf(&b, "%cactors=%s", i == 0 ? '?' : '&', esc);
		free(esc);
	}
	return (request(req, STEP_PROFILES, buf_detach(&b, NULL)));
}

/* The actor of a list item: the item itself, a like's or a post's. */
static json_t *
item_actor(enum engagement_kind kind, json_t *item)
{
	switch (kind) {
	case ENGAGEMENT_LIKE:
		return (json_object_get(item, "actor"));
	case ENGAGEMENT_QUOTE:
		return (json_object_get(item, "author"));
	default:
		return (item);
	}
}

static int
read_item(struct fetch_job *job, json_t *item, char **cause)
{
	struct fetch_engagers	*g = job->engagers;
	struct engagement	*e;
	json_t			*actor;
	const char		*did, *handle;
	int64_t			 at;

	if (!json_is_object(item) || !json_is_object(actor =
	    item_actor(g->kind, item))) {
		*cause = xasprintf("bluesky: an item of the %s list is not "
		    "an object with an actor", engagement_kind_name(g->kind));
		return (-1);
	}
	if (parse_required_string(actor, "did", &did, cause) != 0 ||
	    parse_required_string(actor, "handle", &handle, cause) != 0)
		return (parse_blame("bluesky", cause));
	/* A like's and a quote's own time; a repost has none here. */
	if (g->kind != ENGAGEMENT_REPOST && parse_time(item, "indexedAt",
	    &at, cause) != 0)
		return (parse_blame("bluesky", cause));
	e = fetch_engagers_add(job, did);
	e->handle = xstrdup(handle);
	if (g->kind != ENGAGEMENT_REPOST) {
		e->at_source = ENGAGEMENT_AT_RECORD;
		e->at = at;
	}
	return (0);
}

static enum fetch_step_result
on_list(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct fetch_engagers	*g = job->engagers;
	struct engagers_state	*st = job->state;
	const char		*field = lists[g->kind].field, *cursor;
	json_t			*root, *list, *item;
	size_t			 i;

	if ((root = parse_json(resp->body, resp->len, "bluesky",
	    cause)) == NULL)
		return (FETCH_FAIL);
	list = json_object_get(root, field);
	if (!json_is_array(list) || json_array_size(list) > PAGE_MAX) {
		*cause = xasprintf("bluesky: field '%s' is %s", field,
		    json_is_array(list) ? "too long" : "not a list");
		json_decref(root);
		return (FETCH_FAIL);
	}
	json_array_foreach(list, i, item) {
		if (read_item(job, item, cause) != 0) {
			json_decref(root);
			return (FETCH_FAIL);
		}
	}
	/* An empty page that sends a cursor on is the list's end here. */
	cursor = parse_string(root, "cursor");
	free(st->next);
	st->next = cursor != NULL && *cursor != '\0' &&
	    json_array_size(list) > 0 ? xstrdup(cursor) : NULL;
	json_decref(root);
	if (g->kind == ENGAGEMENT_LIKE)
		return (page_done(job, req, cause));
	st->from = st->n = 0;
	return (profiles_next(job, req, cause));
}

static enum fetch_step_result
on_profiles(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct fetch_engagers	*g = job->engagers;
	struct engagers_state	*st = job->state;
	json_t			*root, *profiles, *p;
	const char		*did;
	size_t			 i, k;
	int64_t			 followers;

	if ((root = parse_json(resp->body, resp->len, "bluesky",
	    cause)) == NULL)
		return (FETCH_FAIL);
	profiles = json_object_get(root, "profiles");
	if (!json_is_array(profiles)) {
		*cause = xstrdup("bluesky: field 'profiles' is not a list");
		json_decref(root);
		return (FETCH_FAIL);
	}
	/* Those it leaves out (deleted, deactivated) keep no count. */
	json_array_foreach(profiles, i, p) {
		if ((did = parse_string(p, "did")) == NULL)
			continue;
		if (parse_count(p, "followersCount", &followers,
		    cause) != 0) {
			json_decref(root);
			parse_blame("bluesky", cause);
			return (FETCH_FAIL);
		}
		for (k = st->from; k < st->from + st->n; k++)
			if (strcmp(g->page[k].actor, did) == 0)
				g->page[k].followers = followers;
	}
	json_decref(root);
	return (profiles_next(job, req, cause));
}

static enum fetch_step_result
engagers_next(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	if (resp == NULL) {
		job->state = xcalloc(1, sizeof (struct engagers_state));
		return (list_request(job, req, job->engagers->cursor,
		    cause));
	}
	switch (resp->step) {
	case STEP_LIST:
		return (on_list(job, resp, req, cause));
	case STEP_PROFILES:
		return (on_profiles(job, resp, req, cause));
	}
	*cause = xasprintf("bluesky: no engager step %d", resp->step);
	return (FETCH_FAIL);
}

static void
engagers_release(struct fetch_job *job)
{
	struct engagers_state	*st = job->state;

	if (st != NULL)
		free(st->next);
	free(job->state);
	job->state = NULL;
}
