/*
 * X (API v2, app-only bearer token): the user's counts, their own recent
 * posts page by page (pagination_token), then older posts due for new
 * numbers, 100 to a request.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "fetch/parse.h"
#include "fetch/x.h"
#include "platform.h"
#include "util/buf.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define TWEETS_MAX	100	/* ids per tweets lookup */
/*
 * Posts in one reply at most. We ask for 100; a server sending far more
 * is broken or hostile, and finding duplicates in a huge result gets slow.
 */
#define PAGE_MAX	1000
#define TWEET_FIELDS	"tweet.fields=created_at,public_metrics,entities," \
			"referenced_tweets"

enum {
	STEP_USER = 1,		/* users/by/username */
	STEP_TWEETS,		/* a page of users/:id/tweets */
	STEP_LOOKUP,		/* tweets?ids=, to refresh */
	STEP_HISTORY,		/* an older page of users/:id/tweets */
};

struct x_state {
	int	 pages;		/* timeline pages read */
	size_t	 refresh;	/* next index into refresh_ids */
	char	*recent_next;	/* the token the recent walk stopped at, or
				   NULL: the end of the timeline */
	int	 history;	/* 1: the history walk has begun */
};

static enum fetch_step_result	 x_next(struct fetch_job *,
				    const struct fetch_response *,
				    struct fetch_request *, char **);
static void			 x_release(struct fetch_job *);

static const struct fetch_adapter x_adapter = {
	.next = x_next,
	.error_message = x_error_message,
	.release = x_release,
};

static enum fetch_step_result request(struct fetch_job *,
		    struct fetch_request *, int, char *);
static enum fetch_step_result start(struct fetch_job *,
		    struct fetch_request *, char **);
static enum fetch_step_result tweets_request(struct fetch_job *,
		    struct fetch_request *, const char *);
static enum fetch_step_result refresh_or_done(struct fetch_job *,
		    struct fetch_request *);
static enum fetch_step_result history_or_done(struct fetch_job *,
		    struct fetch_request *);
static int	 read_user(struct fetch_job *, json_t *, char **);
static int	 read_tweet(struct fetch_job *, json_t *, int64_t *, char **);
static int	 fill_tweet(struct fetch_job *, struct post *, json_t *,
		    char **);
static const char *tweet_kind(json_t *);
static int	 add_entities(struct post *, json_t *, char **);
static int	 read_tweets(struct fetch_job *, json_t *, int64_t *, char **);
static enum fetch_step_result on_user(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);
static int	 read_timeline(struct fetch_job *,
		    const struct fetch_response *, size_t *, char **,
		    int64_t *, int64_t *, char **);
static enum fetch_step_result on_history(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);
static enum fetch_step_result on_tweets(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);
static enum fetch_step_result on_lookup(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);

static enum fetch_step_result
request(struct fetch_job *job, struct fetch_request *req, int step, char *url)
{
	req->url = url;
	req->step = step;
	req->auth = xasprintf("Authorization: Bearer %s", job->account.token);
	return (FETCH_MORE);
}

static enum fetch_step_result
start(struct fetch_job *job, struct fetch_request *req, char **cause)
{
	char	*esc, *url;

	if (job->account.token == NULL)
		return (fetch_missing_secret(job, cause));
	job->state = xcalloc(1, sizeof (struct x_state));
	esc = fetch_escape(job->account.handle);
	url = xasprintf("%s/2/users/by/username/%s?"
	    "user.fields=public_metrics,created_at", job->account.api_base,
	    esc);
	free(esc);
	return (request(job, req, STEP_USER, url));
}

/* Ask for a page of the user's posts; token is NULL for the first. */
static enum fetch_step_result
tweets_request(struct fetch_job *job, struct fetch_request *req,
    const char *token)
{
	struct buf	 b = BUF_INIT;
	char		*esc;

	esc = fetch_escape(job->result.profile.remote_id);
	buf_printf(&b, "%s/2/users/%s/tweets?max_results=100&" TWEET_FIELDS
	    "&exclude=retweets,replies", job->account.api_base, esc);
	free(esc);
	if (token != NULL) {
		esc = fetch_escape(token);
		buf_printf(&b, "&pagination_token=%s", esc);
		free(esc);
	}
	return (request(job, req, STEP_TWEETS, buf_detach(&b, NULL)));
}

/*
 * The refreshes are done: walk back through the history (X serves the
 * newest 3,200 posts; its timeline ends there), or end.
 */
static enum fetch_step_result
history_or_done(struct fetch_job *job, struct fetch_request *req)
{
	struct x_state	*st = job->state;
	const char	*from;

	if (st->history)
		return (FETCH_DONE);
	st->history = 1;
	if ((from = fetch_history_start(job, st->recent_next)) == NULL)
		return (FETCH_DONE);
	tweets_request(job, req, from);
	req->step = STEP_HISTORY;
	return (FETCH_MORE);
}

/* Ask for up to 100 older posts not already in the result, if any. */
static enum fetch_step_result
refresh_or_done(struct fetch_job *job, struct fetch_request *req)
{
	struct x_state	*st = job->state;
	struct buf	 b = BUF_INIT;
	const char	*id;
	char		*esc;
	size_t		 n = 0;

	if (!fetch_refresh_goes_on(job, &st->refresh))
		return (history_or_done(job, req));
	buf_printf(&b, "%s/2/tweets?ids=", job->account.api_base);
	while (st->refresh < job->account.nrefresh && n < TWEETS_MAX) {
		if (!fetch_refresh_wanted(job, st->refresh)) {
			st->refresh++;
			continue;
		}
		id = job->account.refresh_ids[st->refresh++];
		esc = fetch_escape(id);
		buf_printf(&b, "%s%s", n++ == 0 ? "" : ",", esc);
		free(esc);
	}
	if (n == 0) {
		buf_release(&b);
		return (history_or_done(job, req));
	}
	buf_adds(&b, "&" TWEET_FIELDS);
	return (request(job, req, STEP_LOOKUP, buf_detach(&b, NULL)));
}

char *
x_errors_text(json_t *root)
{
	json_t		*e;
	const char	*s;

	e = json_array_get(json_object_get(root, "errors"), 0);
	if ((s = parse_string(e, "detail")) == NULL &&
	    (s = parse_string(e, "message")) == NULL &&
	    (s = parse_string(e, "title")) == NULL)
		return (NULL);
	return (*s != '\0' ? xstrdup(s) : NULL);
}

static int
read_user(struct fetch_job *job, json_t *root, char **cause)
{
	struct fetch_profile	*pr = &job->result.profile;
	json_t			*data, *m;
	const char		*id;

	data = json_object_get(root, "data");
	if (!json_is_object(data)) {
		/* An unknown user is a 200 with only "errors". */
		if ((*cause = x_errors_text(root)) == NULL)
			*cause = xstrdup("x: the user reply has no 'data'");
		return (-1);
	}
	m = json_object_get(data, "public_metrics");
	if (m != NULL && !json_is_object(m)) {
		*cause = xstrdup("x: field 'public_metrics' is not an object");
		return (-1);
	}
	if (parse_required_string(data, "id", &id, cause) != 0 ||
	    parse_count(m, "followers_count", &pr->followers, cause) != 0 ||
	    parse_count(m, "following_count", &pr->following, cause) != 0 ||
	    parse_count(m, "tweet_count", &pr->posts, cause) != 0)
		return (parse_blame("x", cause));
	pr->has_counts = 1;
	free(pr->remote_id);
	pr->remote_id = xstrdup(id);
	return (0);
}

static enum fetch_step_result
on_user(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	json_t			*root;
	enum fetch_step_result	 rc = FETCH_FAIL;

	if ((root = parse_json(resp->body, resp->len, "x", cause)) == NULL)
		return (FETCH_FAIL);
	if (read_user(job, root, cause) == 0)
		rc = job->account.max_pages < 1 ? refresh_or_done(job, req) :
		    tweets_request(job, req, NULL);
	json_decref(root);
	return (rc);
}

/* Add one post unless it is there already; *when is its time. */
static int
read_tweet(struct fetch_job *job, json_t *t, int64_t *when, char **cause)
{
	struct post	*p;
	const char		*id;

	if (!json_is_object(t)) {
		*cause = xstrdup("x: a post is not an object");
		return (-1);
	}
	if (parse_required_string(t, "id", &id, cause) != 0 ||
	    parse_time(t, "created_at", when, cause) != 0)
		return (parse_blame("x", cause));
	if (fetch_result_find_post(&job->result, id) != NULL)
		return (0);
	p = fetch_result_add_post(&job->result);
	p->remote_id = xstrdup(id);
	p->published_at = *when;
	if (fill_tweet(job, p, t, cause) != 0)
		return (parse_blame("x", cause));
	return (0);
}

static int
fill_tweet(struct fetch_job *job, struct post *p, json_t *t,
    char **cause)
{
	struct metric_point	*now;
	json_t			*m;
	const char		*text;

	p->url = xasprintf("https://x.com/%s/status/%s", job->account.handle,
	    p->remote_id);
	if ((text = parse_string(t, "text")) != NULL && *text != '\0')
		p->title = xstrdup(text);
	p->kind = tweet_kind(json_object_get(t, "referenced_tweets"));
	if (add_entities(p, json_object_get(t, "entities"), cause) != 0)
		return (-1);
	m = json_object_get(t, "public_metrics");
	if (m != NULL && !json_is_object(m)) {
		*cause = xstrdup("field 'public_metrics' is not an object");
		return (-1);
	}
	now = post_metrics_now(p);
	if (parse_count(m, "like_count", &now->likes, cause) != 0 ||
	    parse_count(m, "retweet_count", &now->reposts, cause) != 0 ||
	    parse_count(m, "reply_count", &now->replies, cause) != 0 ||
	    parse_count(m, "quote_count", &now->quotes, cause) != 0 ||
	    parse_count(m, "impression_count", &now->views, cause) != 0 ||
	    parse_count(m, "bookmark_count", &now->bookmarks, cause) != 0)
		return (-1);
	return (0);
}

/* "quote" if the post quotes another, "reply" if it answers one. */
static const char *
tweet_kind(json_t *refs)
{
	json_t		*ref;
	const char	*type, *kind = "post";
	size_t		 i;

	json_array_foreach(refs, i, ref) {
		if ((type = parse_string(ref, "type")) == NULL)
			continue;
		if (strcmp(type, "quoted") == 0)
			return ("quote");
		if (strcmp(type, "replied_to") == 0)
			kind = "reply";
	}
	return (kind);
}

/*
 * Hashtags and the links behind t.co; links to other posts stay, as they
 * tie quote posts to stories.
 */
static int
add_entities(struct post *p, json_t *ent, char **cause)
{
	json_t		*v;
	const char	*s;
	size_t		 i;

	if (ent != NULL && !json_is_object(ent)) {
		*cause = xstrdup("field 'entities' is not an object");
		return (-1);
	}
	json_array_foreach(json_object_get(ent, "hashtags"), i, v) {
		if ((s = parse_string(v, "tag")) != NULL)
			fetch_post_add_tag(p, s, strlen(s));
	}
	json_array_foreach(json_object_get(ent, "urls"), i, v) {
		if ((s = parse_string(v, "expanded_url")) != NULL ||
		    (s = parse_string(v, "url")) != NULL)
			fetch_post_add_link(p, s, strlen(s));
	}
	return (0);
}

/* Every post in root's "data" (absent when there are none). */
static int
read_tweets(struct fetch_job *job, json_t *root, int64_t *oldest,
    char **cause)
{
	json_t	*data, *t;
	int64_t	 when;
	size_t	 i;

	*oldest = INT64_MAX;
	data = json_object_get(root, "data");
	if (data == NULL)
		return (0);
	if (!json_is_array(data) || json_array_size(data) > PAGE_MAX) {
		*cause = xasprintf("x: field 'data' is %s",
		    json_is_array(data) ? "too long" : "not a list");
		return (-1);
	}
	json_array_foreach(data, i, t) {
		if (read_tweet(job, t, &when, cause) != 0)
			return (-1);
		if (when < *oldest)
			*oldest = when;
	}
	return (0);
}

/*
 * Read a page of the timeline into the result: *items its posts, *token
 * where the next page starts (a new string, or NULL at the end), and the
 * newest and oldest times of the posts it added (0 if none).
 */
static int
read_timeline(struct fetch_job *job, const struct fetch_response *resp,
    size_t *items, char **token, int64_t *newest, int64_t *oldest,
    char **cause)
{
	json_t		*root;
	const char	*t;
	size_t		 from = job->result.nposts, i;
	int64_t		 when;
	int		 rc = -1;

	*token = NULL;
	*newest = *oldest = 0;
	if ((root = parse_json(resp->body, resp->len, "x", cause)) == NULL)
		return (-1);
	if (!json_is_object(root)) {
		*cause = xstrdup("x: the posts reply is not an object");
		goto out;
	}
	/* Only errors, no posts and no page count: the timeline failed. */
	if (json_object_get(root, "data") == NULL &&
	    json_object_get(root, "meta") == NULL &&
	    (*cause = x_errors_text(root)) != NULL)
		goto out;
	if (read_tweets(job, root, &when, cause) != 0)
		goto out;
	*items = json_array_size(json_object_get(root, "data"));
	for (i = from; i < job->result.nposts; i++) {
		when = job->result.posts[i].published_at;
		if (*newest == 0 || when > *newest)
			*newest = when;
		if (*oldest == 0 || when < *oldest)
			*oldest = when;
	}
	t = parse_string(json_object_get(root, "meta"), "next_token");
	if (t != NULL && *t != '\0' && *items > 0)
		*token = xstrdup(t);
	rc = 0;
out:
	json_decref(root);
	return (rc);
}

static enum fetch_step_result
on_tweets(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct x_state		*st = job->state;
	enum fetch_step_result	 rc;
	char			*token;
	int64_t			 newest, oldest;
	size_t			 items = 0;

	if (read_timeline(job, resp, &items, &token, &newest, &oldest,
	    cause) != 0)
		return (FETCH_FAIL);
	st->pages++;
	if (token != NULL && fetch_recent_goes_on(job, st->pages, oldest)) {
		rc = tweets_request(job, req, token);
		free(token);
		return (rc);
	}
	/* The recent posts are read: the history goes on from here. */
	st->recent_next = token;
	return (refresh_or_done(job, req));
}

/* A page of history: stored on its own, then the next one, if any. */
static enum fetch_step_result
on_history(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	char		*token;
	const char	*from;
	int64_t		 newest, oldest;
	size_t		 items = 0;

	if (read_timeline(job, resp, &items, &token, &newest, &oldest,
	    cause) != 0)
		return (FETCH_FAIL);
	from = fetch_history_page(job, token, items, newest, oldest);
	free(token);
	if (from == NULL)
		return (FETCH_DONE);
	tweets_request(job, req, from);
	req->step = STEP_HISTORY;
	return (FETCH_MORE);
}

/* Deleted posts come back as "errors" next to the others: fine. */
static enum fetch_step_result
on_lookup(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	json_t			*root;
	enum fetch_step_result	 rc = FETCH_FAIL;
	int64_t			 oldest;

	if ((root = parse_json(resp->body, resp->len, "x", cause)) == NULL)
		return (FETCH_FAIL);
	if (!json_is_object(root))
		*cause = xstrdup("x: the posts reply is not an object");
	else if (read_tweets(job, root, &oldest, cause) == 0)
		rc = refresh_or_done(job, req);
	json_decref(root);
	return (rc);
}

static enum fetch_step_result
x_next(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	if (resp == NULL)
		return (start(job, req, cause));
	switch (resp->step) {
	case STEP_USER:
		return (on_user(job, resp, req, cause));
	case STEP_TWEETS:
		return (on_tweets(job, resp, req, cause));
	case STEP_LOOKUP:
		return (on_lookup(job, resp, req, cause));
	case STEP_HISTORY:
		return (on_history(job, resp, req, cause));
	}
	*cause = xasprintf("x: no step %d", resp->step);
	return (FETCH_FAIL);
}

char *
x_error_message(const char *body, size_t len)
{
	json_t		*root;
	const char	*s;
	char		*out = NULL;

	if ((root = json_loadb(body, len, 0, NULL)) == NULL)
		return (NULL);
	if (((s = parse_string(root, "detail")) != NULL && *s != '\0') ||
	    ((s = parse_string(root, "title")) != NULL && *s != '\0'))
		out = xstrdup(s);
	else
		out = x_errors_text(root);
	json_decref(root);
	return (out);
}

static void
x_release(struct fetch_job *job)
{
	struct x_state	*st = job->state;

	if (st != NULL)
		free(st->recent_next);
	free(job->state);
	job->state = NULL;
}

/* The platform -------------------------------------------------------- */

static int
normalise_handle(const char *s, size_t len, char **out, const char **why)
{
	if (len > 0 && s[0] == '@') {
		s++;
		len--;
	}
	if (len == 0 || len > 15 || !text_all_in(s, len, "_")) {
		*why = "an X handle is 1 to 15 letters, digits or '_'";
		return (-1);
	}
	*out = text_lower_copy(s, len);
	return (0);
}

static const char *const aliases[] = { "twitter", NULL };

const struct platform platform_x = {
	.name = "x",
	.title = "X",
	.aliases = aliases,
	.example = "x:example_author",
	.normalise = normalise_handle,
	.has_counts = 1,
	.secret = {
		.env = "TIDELINE_X_BEARER_TOKEN",
		.key = "x_bearer_token",
		.required = 1,
		.what = "bearer token",
	},
	.default_base = "https://api.x.com",
	.snapshot_every = 24 * 60 * 60,
	.max_requests = 5,
	.max_requests_why =
	    "billed per post read (about $0.005): 100 posts a page, "
	    "about $0.50; the timeline reaches the 3,200 newest posts",
	.history_max = 3200,
	.adapter = &x_adapter,
	/*
	 * Followers are billed reads: $0.001 each as owned reads (the
	 * owner's token reading the owner's followers, which the census
	 * takes its token to be), $0.010 with anyone else's. The endpoint
	 * allows 15 requests per 15 minutes per user (inference from the
	 * v2 limits), 1,000 followers a request; and a full walk costs a
	 * read per follower, so it comes monthly, not weekly.
	 */
	.census = &x_census_adapter,
	.census_max_requests = 15,
	.census_full_every = 30 * 24 * 60 * 60,
	.census_activity_by_count = 1,
	.census_secret = {
		.env = "TIDELINE_X_USER_TOKEN_",
		.key = "x_user_token",
		.required = 1,
		.what = "user token",
	},
	.census_read_price = 1000,
	.census_cap_key = "x_max_usd",
	.census_cap_env = "TIDELINE_X_MAX_USD",
	/* As the v1.1 lists were documented to (inference for v2). */
	.census_unlisted_why = "X counts followers whose accounts are "
	    "suspended or deactivated, which its list may leave out",
	/*
	 * Who liked and reposted a tweet: user reads at $0.010 each (not
	 * owned reads), so only where the census is asked for, within its
	 * cap; 100 a page, and few pages a run (a tweet liked by 5,000
	 * would cost $50 to list).
	 */
	.engagers = &x_engagers_adapter,
	.engager_kinds = 1u << ENGAGEMENT_LIKE | 1u << ENGAGEMENT_REPOST,
	.engager_max_requests = 20,
	.engager_list_requests = 5,
	.engager_read_price = 10000,
};
