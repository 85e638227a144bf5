/*
 * Mastodon (any instance, and servers that speak its API): the account's
 * counts from accounts/lookup, its recent statuses page by page through
 * the Link header, then older statuses due for new numbers, one by one,
 * then (until it is complete) its history, older pages by max_id.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "fetch/mastodon.h"
#include "fetch/parse.h"
#include "platform.h"
#include "util/html.h"
#include "util/text.h"
#include "util/xmalloc.h"

/*
 * Items in one reply at most. We ask for 40; a server sending far more is
 * broken or hostile, and finding duplicates in a huge result gets slow.
 */
#define PAGE_MAX	1000

enum {
	STEP_LOOKUP = 1,	/* accounts/lookup */
	STEP_STATUSES,		/* a page of the account's statuses */
	STEP_STATUS,		/* one older status, to refresh */
	STEP_HISTORY,		/* a page of older statuses, by max_id */
};

struct mastodon_state {
	int	 pages;		/* timeline pages read */
	size_t	 refresh;	/* next index into refresh_ids */
	int	 recent_known;	/* 1: the recent walk says where it ended */
	char	*recent_next;	/* the max_id it stopped at, or NULL: the
				   end of the timeline */
	int	 history;	/* 1: the history walk has begun */
};

/* What a link in a status must not be: its own mentions and tags. */
struct link_ctx {
	struct post	*post;
	json_t			*status;
};

static enum fetch_step_result	 mastodon_next(struct fetch_job *,
				    const struct fetch_response *,
				    struct fetch_request *, char **);
static void			 mastodon_release(struct fetch_job *);

static const struct fetch_adapter mastodon_adapter = {
	.next = mastodon_next,
	.error_message = mastodon_error_message,
	.release = mastodon_release,
};

static int	 opt_string(json_t *, const char *, const char **, char **);
static enum fetch_step_result start(struct fetch_job *,
		    struct fetch_request *);
static enum fetch_step_result statuses_or_refresh(struct fetch_job *,
		    struct fetch_request *);
static enum fetch_step_result refresh_or_done(struct fetch_job *,
		    struct fetch_request *);
static enum fetch_step_result history_request(struct fetch_job *,
		    struct fetch_request *, const char *);
static enum fetch_step_result history_or_done(struct fetch_job *,
		    struct fetch_request *);
static int	 read_page(struct fetch_job *, const struct fetch_response *,
		    size_t *, int64_t *, int64_t *, char **, char **);
static char	*next_max_id(struct fetch_job *, const char *, const char *);
static int	 usable_next(struct fetch_job *, const char *, int);
static int	 read_account(struct fetch_job *, json_t *, char **);
static int	 read_status(struct fetch_job *, json_t *, int64_t *, char **);
static int	 fill_status(struct post *, json_t *, char **);
static int	 add_tags(struct post *, json_t *, char **);
static int	 add_links(struct post *, json_t *, char **);
static int	 in_url_list(json_t *, const char *, size_t);
static int	 is_profile_or_tag(const char *, size_t);
static int	 link_cb(void *, const char *, size_t);
static enum fetch_step_result on_lookup(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);
static enum fetch_step_result on_statuses(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);
static enum fetch_step_result on_history(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);
static enum fetch_step_result next_page(struct fetch_job *,
		    struct fetch_request *, char *);
static enum fetch_step_result on_status(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);

/* An optional string: absent or null is NULL, another type an error. */
static int
opt_string(json_t *obj, const char *key, const char **out, char **cause)
{
	json_t	*v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return (0);
	if (!json_is_string(v)) {
		*cause = xasprintf("field '%s' is not a string", key);
		return (-1);
	}
	*out = json_string_value(v);
	return (0);
}

enum fetch_step_result
mastodon_request(struct fetch_job *job, struct fetch_request *req, int step,
    char *url)
{
	const char	*base = job->account.api_base;
	size_t		 len = strlen(base);

	req->url = url;
	req->step = step;
	req->auth = NULL;
	if (job->account.token != NULL && strncmp(url, base, len) == 0 &&
	    (url[len] == '/' || url[len] == '?' || url[len] == '\0'))
		req->auth = xasprintf("Authorization: Bearer %s",
		    job->account.token);
	return (FETCH_MORE);
}

static enum fetch_step_result
start(struct fetch_job *job, struct fetch_request *req)
{
	const char	*acct = job->account.handle;
	char		*esc, *url;

	job->state = xcalloc(1, sizeof (struct mastodon_state));
	if (*acct == '@')
		acct++;
	esc = fetch_escape(acct);
	url = xasprintf("%s/api/v1/accounts/lookup?acct=%s",
	    job->account.api_base, esc);
	free(esc);
	return (mastodon_request(job, req, STEP_LOOKUP, url));
}

static enum fetch_step_result
statuses_or_refresh(struct fetch_job *job, struct fetch_request *req)
{
	char	*esc, *url;

	if (job->account.max_pages < 1)
		return (refresh_or_done(job, req));
	esc = fetch_escape(job->result.profile.remote_id);
	url = xasprintf("%s/api/v1/accounts/%s/statuses?limit=40&"
	    "exclude_reblogs=true&exclude_replies=true",
	    job->account.api_base, esc);
	free(esc);
	return (mastodon_request(job, req, STEP_STATUSES, url));
}

/* Ask for the next older status not already in the result, if any. */
static enum fetch_step_result
refresh_or_done(struct fetch_job *job, struct fetch_request *req)
{
	struct mastodon_state	*st = job->state;
	const char		*id;
	char			*esc, *url;

	if (fetch_refresh_goes_on(job, &st->refresh)) {
		id = job->account.refresh_ids[st->refresh++];
		esc = fetch_escape(id);
		url = xasprintf("%s/api/v1/statuses/%s",
		    job->account.api_base, esc);
		free(esc);
		req->missing_ok = 1;
		return (mastodon_request(job, req, STEP_STATUS, url));
	}
	return (history_or_done(job, req));
}

/* Ask for the statuses older than max_id: a page of history. */
static enum fetch_step_result
history_request(struct fetch_job *job, struct fetch_request *req,
    const char *max_id)
{
	char	*id, *esc, *url;

	id = fetch_escape(job->result.profile.remote_id);
	esc = fetch_escape(max_id);
	url = xasprintf("%s/api/v1/accounts/%s/statuses?limit=40&"
	    "exclude_reblogs=true&exclude_replies=true&max_id=%s",
	    job->account.api_base, id, esc);
	free(id);
	free(esc);
	return (mastodon_request(job, req, STEP_HISTORY, url));
}

/* The refreshes are done: walk back through the history, or end. */
static enum fetch_step_result
history_or_done(struct fetch_job *job, struct fetch_request *req)
{
	struct mastodon_state	*st = job->state;
	const char		*from;

	if (st->history || !st->recent_known)
		return (FETCH_DONE);
	st->history = 1;
	if ((from = fetch_history_start(job, st->recent_next)) == NULL)
		return (FETCH_DONE);
	return (history_request(job, req, from));
}

static int
read_account(struct fetch_job *job, json_t *a, char **cause)
{
	struct fetch_profile	*pr = &job->result.profile;
	json_t			*pleroma, *suspended;
	const char		*id;

	if (!json_is_object(a)) {
		*cause = xstrdup("mastodon: the account lookup reply is not "
		    "an object");
		return (-1);
	}
	suspended = json_object_get(a, "suspended");
	if (suspended != NULL && !json_is_boolean(suspended) &&
	    !json_is_null(suspended)) {
		*cause = xstrdup("mastodon: field 'suspended' is not a "
		    "boolean");
		return (-1);
	}
	if (json_is_true(suspended)) {
		/* Since 3.3 a suspended account is a 200 with zero counts. */
		*cause = xstrdup("account is suspended");
		return (-1);
	}
	if (parse_required_string(a, "id", &id, cause) != 0 ||
	    parse_count(a, "followers_count", &pr->followers, cause) != 0 ||
	    parse_count(a, "following_count", &pr->following, cause) != 0 ||
	    parse_count(a, "statuses_count", &pr->posts, cause) != 0)
		return (parse_blame("mastodon", cause));
	/* Pleroma and Akkoma send 0 for a hidden count, and say so here. */
	pleroma = json_object_get(a, "pleroma");
	if (json_is_true(json_object_get(pleroma, "hide_followers_count")))
		pr->followers = COUNT_UNKNOWN;
	if (json_is_true(json_object_get(pleroma, "hide_follows_count")))
		pr->following = COUNT_UNKNOWN;
	pr->has_counts = 1;
	free(pr->remote_id);
	pr->remote_id = xstrdup(id);
	return (0);
}

static enum fetch_step_result
on_lookup(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	json_t			*root;
	enum fetch_step_result	 rc = FETCH_FAIL;

	if ((root = parse_json(resp->body, resp->len, "mastodon",
	    cause)) == NULL)
		return (FETCH_FAIL);
	if (read_account(job, root, cause) == 0)
		rc = statuses_or_refresh(job, req);
	json_decref(root);
	return (rc);
}

/*
 * Add one status to the result. *when is its time if it is the account's
 * own (boosts of others' posts are skipped and leave *when alone).
 */
static int
read_status(struct fetch_job *job, json_t *s, int64_t *when, char **cause)
{
	struct post	*p;
	json_t			*reblog;
	const char		*id;
	int64_t			 t;

	if (!json_is_object(s)) {
		*cause = xstrdup("mastodon: a status is not an object");
		return (-1);
	}
	reblog = json_object_get(s, "reblog");
	if (reblog != NULL && !json_is_null(reblog))
		return (0);
	if (parse_required_string(s, "id", &id, cause) != 0 ||
	    parse_time(s, "created_at", &t, cause) != 0)
		return (parse_blame("mastodon", cause));
	*when = t;
	if (fetch_result_find_post(&job->result, id) != NULL)
		return (0);
	p = fetch_result_add_post(&job->result);
	p->remote_id = xstrdup(id);
	p->published_at = t;
	if (fill_status(p, s, cause) != 0)
		return (parse_blame("mastodon", cause));
	return (0);
}

static int
fill_status(struct post *p, json_t *s, char **cause)
{
	struct metric_point	*now;
	const char		*url, *uri, *content, *reply_to;

	if (opt_string(s, "url", &url, cause) != 0 ||
	    opt_string(s, "uri", &uri, cause) != 0 ||
	    opt_string(s, "content", &content, cause) != 0 ||
	    opt_string(s, "in_reply_to_id", &reply_to, cause) != 0)
		return (-1);
	if (url != NULL || uri != NULL)
		p->url = xstrdup(url != NULL ? url : uri);
	if (content != NULL && *content != '\0') {
		p->title = html_to_text(content, strlen(content));
		if (*p->title == '\0') {
			free(p->title);
			p->title = NULL;
		}
	}
	if (reply_to != NULL)
		p->kind = "reply";
	if (add_tags(p, json_object_get(s, "tags"), cause) != 0 ||
	    add_links(p, s, cause) != 0)
		return (-1);
	now = post_metrics_now(p);
	if (parse_count(s, "favourites_count", &now->likes, cause) != 0 ||
	    parse_count(s, "reblogs_count", &now->reposts, cause) != 0 ||
	    parse_count(s, "replies_count", &now->replies, cause) != 0 ||
	    parse_count(s, "quotes_count", &now->quotes, cause) != 0)
		return (-1);
	return (0);
}

static int
add_tags(struct post *p, json_t *tags, char **cause)
{
	json_t		*tag;
	const char	*name;
	size_t		 i;

	if (tags == NULL || json_is_null(tags))
		return (0);
	if (!json_is_array(tags)) {
		*cause = xstrdup("field 'tags' is not a list");
		return (-1);
	}
	json_array_foreach(tags, i, tag) {
		if ((name = parse_string(tag, "name")) == NULL) {
			*cause = xstrdup("field 'tags' holds a tag without "
			    "a 'name'");
			return (-1);
		}
		fetch_post_add_tag(p, name, strlen(name));
	}
	return (0);
}

/* Is url[0..len) the 'url' of an item of list (mentions, tags)? */
static int
in_url_list(json_t *list, const char *url, size_t len)
{
	json_t		*item;
	const char	*u;
	size_t		 i;

	json_array_foreach(list, i, item) {
		if ((u = parse_string(item, "url")) != NULL &&
		    strlen(u) == len && strncmp(u, url, len) == 0)
			return (1);
	}
	return (0);
}

/* A profile ("/@user") or hashtag ("/tags/name") page on an instance. */
static int
is_profile_or_tag(const char *url, size_t len)
{
	const char	*end = url + len, *path, *rest;

	if ((path = strstr(url, "://")) == NULL || path >= end)
		return (0);
	path += 3;
	while (path < end && *path != '/')
		path++;
	if (end - path > 2 && strncmp(path, "/@", 2) == 0)
		rest = path + 2;
	else if (end - path > 6 && strncmp(path, "/tags/", 6) == 0)
		rest = path + 6;
	else
		return (0);
	/* One more path segment, as in "/@alice/" at most. */
	while (rest < end && *rest != '/' && *rest != '?' && *rest != '#')
		rest++;
	return (rest == end || (rest + 1 == end && *rest == '/'));
}

/*
 * Mastodon marks mention and hashtag links by class; html_each_href gives
 * only the href, so they are known by the status's own lists instead.
 */
static int
link_cb(void *arg, const char *url, size_t len)
{
	struct link_ctx	*ctx = arg;

	if ((len < 7 || strncmp(url, "http://", 7) != 0) &&
	    (len < 8 || strncmp(url, "https://", 8) != 0))
		return (0);
	if (in_url_list(json_object_get(ctx->status, "mentions"), url, len) ||
	    in_url_list(json_object_get(ctx->status, "tags"), url, len) ||
	    is_profile_or_tag(url, len))
		return (0);
	fetch_post_add_link(ctx->post, url, len);
	return (0);
}

static int
add_links(struct post *p, json_t *s, char **cause)
{
	struct link_ctx	 ctx;
	json_t		*card;
	const char	*content, *url;

	ctx.post = p;
	ctx.status = s;
	if ((content = parse_string(s, "content")) != NULL)
		html_each_href(content, strlen(content), link_cb, &ctx);
	card = json_object_get(s, "card");
	if (card == NULL || json_is_null(card))
		return (0);
	if (!json_is_object(card)) {
		*cause = xstrdup("field 'card' is not an object");
		return (-1);
	}
	if (opt_string(card, "url", &url, cause) != 0)
		return (-1);
	if (url != NULL)
		fetch_post_add_link(p, url, strlen(url));
	return (0);
}

/*
 * Read a page of statuses into the result: its entries, its own posts'
 * newest and oldest times (0 if none), and the id of its last entry
 * (NULL if empty; a new string).
 */
static int
read_page(struct fetch_job *job, const struct fetch_response *resp,
    size_t *items, int64_t *newest, int64_t *oldest, char **last,
    char **cause)
{
	json_t		*root, *s;
	const char	*id;
	int64_t		 when;
	size_t		 i;

	*newest = *oldest = 0;
	*last = NULL;
	if ((root = parse_json(resp->body, resp->len, "mastodon",
	    cause)) == NULL)
		return (-1);
	if (!json_is_array(root) || json_array_size(root) > PAGE_MAX) {
		*cause = xasprintf("mastodon: the statuses reply is %s",
		    json_is_array(root) ? "too long" : "not a list");
		json_decref(root);
		return (-1);
	}
	json_array_foreach(root, i, s) {
		when = 0;
		if (read_status(job, s, &when, cause) != 0) {
			json_decref(root);
			return (-1);
		}
		if (when != 0 && (*newest == 0 || when > *newest))
			*newest = when;
		if (when != 0 && (*oldest == 0 || when < *oldest))
			*oldest = when;
	}
	*items = i;
	if (i > 0 && (id = parse_string(json_array_get(root, i - 1),
	    "id")) != NULL)
		*last = xstrdup(id);
	json_decref(root);
	return (0);
}

/* A max_id of only these is sent as it is; any other is no position. */
static int
plain_id(const char *s)
{
	return (*s != '\0' && text_all_in(s, strlen(s), "_-"));
}

/*
 * Where the server's next page starts: the max_id of its Link, else the
 * page's last id; NULL when there is no next page or it is unusable.
 */
static char *
next_max_id(struct fetch_job *job, const char *link, const char *last)
{
	struct mastodon_state	*st = job->state;
	char			*next, *id = NULL;
	const char		*q;
	size_t			 n;

	if ((next = fetch_link_next(link)) == NULL)
		return (NULL);
	if (!usable_next(job, next, st->pages + job->history.pages)) {
		free(next);
		return (NULL);
	}
	if ((q = strstr(next, "max_id=")) != NULL && (q[-1] == '?' ||
	    q[-1] == '&')) {
		n = strcspn(q + 7, "&#");
		id = xstrndup(q + 7, n);
		if (!plain_id(id)) {
			free(id);
			id = NULL;
		}
	}
	free(next);
	if (id == NULL && last != NULL)
		id = xstrdup(last);
	return (id);
}

static enum fetch_step_result
on_statuses(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct mastodon_state	*st = job->state;
	int64_t			 newest, oldest;
	size_t			 items = 0;
	char			*last, *next;

	if (read_page(job, resp, &items, &newest, &oldest, &last, cause) != 0)
		return (FETCH_FAIL);
	st->pages++;
	next = items > 0 ? fetch_link_next(resp->link) : NULL;
	/* Older pages hold older posts: stop once this one reached back. */
	if (next != NULL && fetch_recent_goes_on(job, st->pages, oldest)) {
		free(last);
		return (next_page(job, req, next));
	}
	/* The recent posts are read: the history goes on from here. */
	if (next == NULL)
		st->recent_known = 1;
	else if ((st->recent_next = next_max_id(job, resp->link,
	    last)) != NULL)
		st->recent_known = 1;
	free(next);
	free(last);
	return (refresh_or_done(job, req));
}

/* A page of history: stored on its own, then the next one, if any. */
static enum fetch_step_result
on_history(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	int64_t		 newest, oldest;
	size_t		 items = 0;
	char		*last, *next = NULL, *link;
	const char	*from;

	if (read_page(job, resp, &items, &newest, &oldest, &last, cause) != 0)
		return (FETCH_FAIL);
	if (items > 0 && (link = fetch_link_next(resp->link)) != NULL) {
		free(link);
		if ((next = next_max_id(job, resp->link, last)) == NULL) {
			/* A next page there, but not one we may ask for. */
			free(last);
			fetch_history_halt(job, newest, oldest);
			return (FETCH_DONE);
		}
	}
	from = fetch_history_page(job, next, items, newest, oldest);
	free(next);
	free(last);
	if (from == NULL)
		return (FETCH_DONE);
	return (history_request(job, req, from));
}

/*
 * May the walk follow a Link to this next page? Only on the API server:
 * one to another host (or no URL we can tell apart from one) would have
 * us ask there and read its reply as the account's posts. If not, the
 * user is told that paging stopped after 'pages' pages.
 */
static int
usable_next(struct fetch_job *job, const char *next, int pages)
{
	char	*origin;

	if (fetch_same_origin(job->account.api_base, next))
		return (1);
	origin = fetch_origin(next);
	if (origin != NULL)
		fetch_job_warn(job, "paging stopped after page %d: the "
		    "server's next page is on '%s', not on its API server "
		    "'%s'", pages, origin, job->account.api_base);
	else
		fetch_job_warn(job, "paging stopped after page %d: the "
		    "server's next page is no plain http(s) URL on its API "
		    "server '%s'", pages, job->account.api_base);
	free(origin);
	return (0);
}

/* Follow the Link to the next recent page, if it is on the API server. */
static enum fetch_step_result
next_page(struct fetch_job *job, struct fetch_request *req, char *next)
{
	struct mastodon_state	*st = job->state;

	if (usable_next(job, next, st->pages))
		return (mastodon_request(job, req, STEP_STATUSES, next));
	free(next);
	return (refresh_or_done(job, req));
}

static enum fetch_step_result
on_status(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct mastodon_state	*st = job->state;
	json_t			*root;
	int64_t	 when;
	int	 rc;

	/* Deleted since it was stored: marked so, not a failure. */
	if (resp->status == 404 || resp->status == 410) {
		fetch_result_add_gone(&job->result,
		    job->account.refresh_ids[st->refresh - 1]);
		return (refresh_or_done(job, req));
	}
	if ((root = parse_json(resp->body, resp->len, "mastodon",
	    cause)) == NULL)
		return (FETCH_FAIL);
	rc = read_status(job, root, &when, cause);
	json_decref(root);
	if (rc != 0)
		return (FETCH_FAIL);
	return (refresh_or_done(job, req));
}

static enum fetch_step_result
mastodon_next(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	if (resp == NULL)
		return (start(job, req));
	switch (resp->step) {
	case STEP_LOOKUP:
		return (on_lookup(job, resp, req, cause));
	case STEP_STATUSES:
		return (on_statuses(job, resp, req, cause));
	case STEP_STATUS:
		return (on_status(job, resp, req, cause));
	case STEP_HISTORY:
		return (on_history(job, resp, req, cause));
	}
	*cause = xasprintf("mastodon: no step %d", resp->step);
	return (FETCH_FAIL);
}

char *
mastodon_error_message(const char *body, size_t len)
{
	json_t		*root;
	const char	*msg;
	char		*out = NULL;

	if ((root = json_loadb(body, len, 0, NULL)) == NULL)
		return (NULL);
	if ((msg = parse_string(root, "error")) != NULL && *msg != '\0')
		out = xstrdup(msg);
	json_decref(root);
	return (out);
}

static void
mastodon_release(struct fetch_job *job)
{
	struct mastodon_state	*st = job->state;

	if (st != NULL)
		free(st->recent_next);
	free(job->state);
	job->state = NULL;
}

/* The platform -------------------------------------------------------- */

static int
normalise_handle(const char *s, size_t len, char **out, const char **why)
{
	const char	*at;
	char		*lower;
	size_t		 ulen;

	if (len > 0 && s[0] == '@') {
		s++;
		len--;
	}
	at = memchr(s, '@', len);
	if (at == NULL) {
		*why = "a Mastodon account is written @user@instance";
		return (-1);
	}
	ulen = (size_t)(at - s);
	if (ulen == 0 || ulen > 64 || !text_all_in(s, ulen, "_.-") ||
	    !text_is_hostname(at + 1, len - ulen - 1)) {
		*why = "a Mastodon account is written @user@instance";
		return (-1);
	}
	lower = text_lower_copy(s, len);
	*out = xasprintf("@%s", lower);
	free(lower);
	return (0);
}

/* Every Mastodon server is its own API host: @user@HOST. */
static char *
base_of(const char *handle)
{
	const char	*at = strchr(handle + 1, '@');

	return (at != NULL ? xasprintf("https://%s", at + 1) : NULL);
}

const struct platform platform_mastodon = {
	.name = "mastodon",
	.title = "Mastodon",
	.example = "mastodon:@author@mastodon.example",
	.normalise = normalise_handle,
	.has_counts = 1,
	.secret = {
		.env = "TIDELINE_MASTODON_TOKEN_",
		.key = "mastodon_token",
		.per_server = 1,
		.what = "access token",
	},
	.base_of = base_of,
	.snapshot_every = 24 * 60 * 60,
	.max_requests = 150,
	.max_requests_why =
	    "300 requests per 5 minutes per account or IP; 40 posts a "
	    "page",
	.adapter = &mastodon_adapter,
	/* 80 followers a request: 20,000 a run, a weekly full walk. */
	.census = &mastodon_census_adapter,
	.census_max_requests = 250,
	.census_full_every = 7 * 24 * 60 * 60,
	/*
	 * Favourites and boosts, 80 a page: within the 300 requests per 5
	 * minutes beside the census, 20 a list (1,600 engagers) a run.
	 */
	.engagers = &mastodon_engagers_adapter,
	.engager_kinds = 1u << ENGAGEMENT_LIKE | 1u << ENGAGEMENT_REPOST,
	.engager_max_requests = 150,
	.engager_list_requests = 20,
};
