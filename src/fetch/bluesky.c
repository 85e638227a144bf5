/*
 * Bluesky through the public AppView (no auth): the profile's counts, the
 * author's own recent posts page by page (cursor), then older posts due
 * for new numbers, 25 to a request.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/bluesky.h"
#include "fetch/fetch.h"
#include "fetch/parse.h"
#include "platform.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define GETPOSTS_MAX	25	/* uris per getPosts request */
/*
 * Items in one reply at most. We ask for 100; a server sending far more
 * is broken or hostile, and finding duplicates in a huge result gets slow.
 */
#define PAGE_MAX	1000

enum {
	STEP_PROFILE = 1,	/* app.bsky.actor.getProfile */
	STEP_FEED,		/* a page of app.bsky.feed.getAuthorFeed */
	STEP_POSTS,		/* app.bsky.feed.getPosts, to refresh */
	STEP_HISTORY,		/* an older page of the author feed */
};

struct bluesky_state {
	int	 pages;		/* feed pages read */
	size_t	 refresh;	/* next index into refresh_ids */
	char	*recent_next;	/* the cursor the recent walk stopped at,
				   or NULL: the end of the feed */
	int	 history;	/* 1: the history walk has begun */
};

static enum fetch_step_result	 bluesky_next(struct fetch_job *,
				    const struct fetch_response *,
				    struct fetch_request *, char **);
static void			 bluesky_release(struct fetch_job *);

static const struct fetch_adapter bluesky_adapter = {
	.next = bluesky_next,
	.error_message = bluesky_error_message,
	.release = bluesky_release,
};

static enum fetch_step_result request(struct fetch_request *, int, char *);
static enum fetch_step_result start(struct fetch_job *,
		    struct fetch_request *);
static enum fetch_step_result feed_request(struct fetch_job *,
		    struct fetch_request *, const char *);
static enum fetch_step_result refresh_or_done(struct fetch_job *,
		    struct fetch_request *);
static enum fetch_step_result history_or_done(struct fetch_job *,
		    struct fetch_request *);
static int	 read_profile(struct fetch_job *, json_t *, char **);
static const char *post_rkey(const char *);
static int	 read_post(struct fetch_job *, json_t *, int64_t *, char **);
static int	 post_time(json_t *, json_t *, int64_t *, char **);
static int	 fill_post(struct fetch_job *, struct post *, json_t *,
		    json_t *, char **);
static void	 add_facets(struct post *, json_t *);
static void	 add_embed_links(struct post *, json_t *);
static int	 read_item(struct fetch_job *, json_t *, int64_t *, char **);
static int	 check_list(json_t *, const char *, char **);
static enum fetch_step_result on_profile(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);
static enum fetch_step_result on_feed(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);
static int	 read_feed(struct fetch_job *, const struct fetch_response *,
		    size_t *, int64_t *, int64_t *, char **, char **);
static enum fetch_step_result on_history(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);
static enum fetch_step_result on_posts(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);

static enum fetch_step_result
request(struct fetch_request *req, int step, char *url)
{
	req->url = url;
	req->step = step;
	req->auth = NULL;	/* the AppView takes no auth */
	return (FETCH_MORE);
}

static enum fetch_step_result
start(struct fetch_job *job, struct fetch_request *req)
{
	const char	*actor;
	char		*esc, *url;

	job->state = xcalloc(1, sizeof (struct bluesky_state));
	/* The DID survives a change of handle. */
	actor = job->account.remote_id != NULL ? job->account.remote_id :
	    job->account.handle;
	esc = fetch_escape(actor);
	url = xasprintf("%s/xrpc/app.bsky.actor.getProfile?actor=%s",
	    job->account.api_base, esc);
	free(esc);
	return (request(req, STEP_PROFILE, url));
}

/* The refreshes are done: walk back through the history, or end. */
static enum fetch_step_result
history_or_done(struct fetch_job *job, struct fetch_request *req)
{
	struct bluesky_state	*st = job->state;
	const char		*from;

	if (st->history)
		return (FETCH_DONE);
	st->history = 1;
	if ((from = fetch_history_start(job, st->recent_next)) == NULL)
		return (FETCH_DONE);
	feed_request(job, req, from);
	req->step = STEP_HISTORY;
	return (FETCH_MORE);
}

/* Ask for a page of the author's feed; cursor is NULL for the first. */
static enum fetch_step_result
feed_request(struct fetch_job *job, struct fetch_request *req,
    const char *cursor)
{
	struct buf	 b = BUF_INIT;
	char		*esc;

	esc = fetch_escape(job->result.profile.remote_id);
	buf_printf(&b, "%s/xrpc/app.bsky.feed.getAuthorFeed?actor=%s&"
	    "limit=100&filter=posts_and_author_threads&includePins=false",
	    job->account.api_base, esc);
	free(esc);
	if (cursor != NULL) {
		esc = fetch_escape(cursor);
		buf_printf(&b, "&cursor=%s", esc);
		free(esc);
	}
	return (request(req, STEP_FEED, buf_detach(&b, NULL)));
}

/* Ask for up to 25 older posts not already in the result, if any. */
static enum fetch_step_result
refresh_or_done(struct fetch_job *job, struct fetch_request *req)
{
	struct bluesky_state	*st = job->state;
	struct buf		 b = BUF_INIT;
	const char		*rkey;
	char			*uri, *esc;
	size_t			 n = 0;

	if (!fetch_refresh_goes_on(job, &st->refresh))
		return (history_or_done(job, req));
	buf_printf(&b, "%s/xrpc/app.bsky.feed.getPosts",
	    job->account.api_base);
	while (st->refresh < job->account.nrefresh && n < GETPOSTS_MAX) {
		if (!fetch_refresh_wanted(job, st->refresh)) {
			st->refresh++;
			continue;
		}
		rkey = job->account.refresh_ids[st->refresh++];
		uri = xasprintf("at://%s/app.bsky.feed.post/%s",
		    job->result.profile.remote_id, rkey);
		esc = fetch_escape(uri);
		buf_printf(&b, "%curis=%s", n++ == 0 ? '?' : '&', esc);
		free(esc);
		free(uri);
	}
	if (n == 0) {
		buf_release(&b);
		return (history_or_done(job, req));
	}
	return (request(req, STEP_POSTS, buf_detach(&b, NULL)));
}

static int
read_profile(struct fetch_job *job, json_t *p, char **cause)
{
	struct fetch_profile	*pr = &job->result.profile;
	const char		*did;

	if (!json_is_object(p)) {
		*cause = xstrdup("bluesky: the profile reply is not an object");
		return (-1);
	}
	if (parse_required_string(p, "did", &did, cause) != 0 ||
	    parse_count(p, "followersCount", &pr->followers, cause) != 0 ||
	    parse_count(p, "followsCount", &pr->following, cause) != 0 ||
	    parse_count(p, "postsCount", &pr->posts, cause) != 0)
		return (parse_blame("bluesky", cause));
	pr->has_counts = 1;
	free(pr->remote_id);
	pr->remote_id = xstrdup(did);
	return (0);
}

static enum fetch_step_result
on_profile(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	json_t			*root;
	enum fetch_step_result	 rc = FETCH_FAIL;

	if ((root = parse_json(resp->body, resp->len, "bluesky",
	    cause)) == NULL)
		return (FETCH_FAIL);
	if (read_profile(job, root, cause) == 0)
		rc = job->account.max_pages < 1 ? refresh_or_done(job, req) :
		    feed_request(job, req, NULL);
	json_decref(root);
	return (rc);
}

/* The record key of "at://DID/app.bsky.feed.post/RKEY", or NULL. */
static const char *
post_rkey(const char *uri)
{
	const char	*slash;

	if (strncmp(uri, "at://", 5) != 0 ||
	    (slash = strrchr(uri + 5, '/')) == NULL || slash[1] == '\0')
		return (NULL);
	return (slash + 1);
}

/*
 * When a post was made: record.createdAt, which the client asserts and may
 * get wrong, else indexedAt, when the AppView saw it.
 */
static int
post_time(json_t *post, json_t *record, int64_t *t, char **cause)
{
	const char	*s, *why;

	if ((s = parse_string(record, "createdAt")) != NULL &&
	    time_parse(s, strlen(s), t, &why) == 0)
		return (0);
	return (parse_time(post, "indexedAt", t, cause));
}

/*
 * Add one postView to the result, unless it is another author's or there
 * already; *when is its time if it is the account's own.
 */
static int
read_post(struct fetch_job *job, json_t *post, int64_t *when, char **cause)
{
	struct post	*p;
	json_t			*record;
	const char		*uri, *rkey, *author;

	if (!json_is_object(post)) {
		*cause = xstrdup("bluesky: a post is not an object");
		return (-1);
	}
	author = parse_string(json_object_get(post, "author"), "did");
	if (author == NULL || strcmp(author,
	    job->result.profile.remote_id) != 0)
		return (0);
	if (parse_required_string(post, "uri", &uri, cause) != 0)
		return (parse_blame("bluesky", cause));
	if ((rkey = post_rkey(uri)) == NULL) {
		*cause = xstrdup("bluesky: field 'uri' is not a post URI");
		return (-1);
	}
	record = json_object_get(post, "record");
	if (!json_is_object(record)) {
		*cause = xstrdup("bluesky: field 'record' is missing");
		return (-1);
	}
	if (post_time(post, record, when, cause) != 0)
		return (parse_blame("bluesky", cause));
	if (fetch_result_find_post(&job->result, rkey) != NULL)
		return (0);
	p = fetch_result_add_post(&job->result);
	p->remote_id = xstrdup(rkey);
	p->published_at = *when;
	return (fill_post(job, p, post, record, cause));
}

static int
fill_post(struct fetch_job *job, struct post *p, json_t *post,
    json_t *record, char **cause)
{
	struct metric_point	*now;
	const char		*text, *tag;
	json_t			*v;
	size_t			 i;

	p->url = xasprintf("https://bsky.app/profile/%s/post/%s",
	    job->account.handle, p->remote_id);
	if ((text = parse_string(record, "text")) != NULL && *text != '\0')
		p->title = xstrdup(text);
	if (json_object_get(record, "reply") != NULL)
		p->kind = "reply";
	add_facets(p, json_object_get(record, "facets"));
	json_array_foreach(json_object_get(record, "tags"), i, v) {
		if ((tag = json_string_value(v)) != NULL)
			fetch_post_add_tag(p, tag, strlen(tag));
	}
	add_embed_links(p, json_object_get(post, "embed"));
	add_embed_links(p, json_object_get(record, "embed"));
	now = post_metrics_now(p);
	if (parse_count(post, "likeCount", &now->likes, cause) != 0 ||
	    parse_count(post, "repostCount", &now->reposts, cause) != 0 ||
	    parse_count(post, "replyCount", &now->replies, cause) != 0 ||
	    parse_count(post, "quoteCount", &now->quotes, cause) != 0 ||
	    parse_count(post, "bookmarkCount", &now->bookmarks, cause) != 0)
		return (parse_blame("bluesky", cause));
	return (0);
}

/*
 * Tags and links from rich-text facets. The record is what the author's
 * client wrote, so a malformed facet is skipped, not fatal.
 */
static void
add_facets(struct post *p, json_t *facets)
{
	json_t		*facet, *feature;
	const char	*type, *v;
	size_t		 i, j;

	json_array_foreach(facets, i, facet) {
		json_array_foreach(json_object_get(facet, "features"), j,
		    feature) {
			if ((type = parse_string(feature, "$type")) == NULL)
				continue;
			if (strcmp(type, "app.bsky.richtext.facet#tag") == 0 &&
			    (v = parse_string(feature, "tag")) != NULL)
				fetch_post_add_tag(p, v, strlen(v));
			else if (strcmp(type,
			    "app.bsky.richtext.facet#link") == 0 &&
			    (v = parse_string(feature, "uri")) != NULL)
				fetch_post_add_link(p, v, strlen(v));
		}
	}
}

/* The link card of an embed (a view or the record's own), if any. */
static void
add_embed_links(struct post *p, json_t *embed)
{
	const char	*type, *uri;

	if ((type = parse_string(embed, "$type")) == NULL)
		return;
	/* A quote with a link card keeps the card in 'media'. */
	if (strncmp(type, "app.bsky.embed.recordWithMedia", 30) == 0) {
		add_embed_links(p, json_object_get(embed, "media"));
		return;
	}
	if (strcmp(type, "app.bsky.embed.external#view") != 0 &&
	    strcmp(type, "app.bsky.embed.external") != 0)
		return;
	uri = parse_string(json_object_get(embed, "external"), "uri");
	if (uri != NULL && (strncmp(uri, "https://", 8) == 0 ||
	    strncmp(uri, "http://", 7) == 0))
		fetch_post_add_link(p, uri, strlen(uri));
}

/* root[key] must be a list of a sane length. */
static int
check_list(json_t *root, const char *key, char **cause)
{
	json_t	*list = json_object_get(root, key);

	if (json_is_array(list) && json_array_size(list) <= PAGE_MAX)
		return (0);
	*cause = xasprintf("bluesky: field '%s' is %s", key,
	    json_is_array(list) ? "too long" : "not a list");
	return (-1);
}

/* One feed item: the account's own post, or a repost to skip. */
static int
read_item(struct fetch_job *job, json_t *item, int64_t *when, char **cause)
{
	const char	*reason;
	size_t		 len;

	if (!json_is_object(item)) {
		*cause = xstrdup("bluesky: a feed item is not an object");
		return (-1);
	}
	reason = parse_string(json_object_get(item, "reason"), "$type");
	len = reason != NULL ? strlen(reason) : 0;
	if (len >= 13 && strcmp(reason + len - 13, "#reasonRepost") == 0)
		return (0);
	return (read_post(job, json_object_get(item, "post"), when, cause));
}

/*
 * Read a page of the feed into the result: its items, its own posts'
 * newest and oldest times (0 if none) and its cursor (a new string, or
 * NULL at the end).
 */
static int
read_feed(struct fetch_job *job, const struct fetch_response *resp,
    size_t *items, int64_t *newest, int64_t *oldest, char **cursor,
    char **cause)
{
	json_t		*root, *feed, *item;
	const char	*c;
	int64_t		 when;
	size_t		 i;
	int		 rc = -1;

	*newest = *oldest = 0;
	*cursor = NULL;
	if ((root = parse_json(resp->body, resp->len, "bluesky",
	    cause)) == NULL)
		return (-1);
	if (check_list(root, "feed", cause) != 0)
		goto out;
	feed = json_object_get(root, "feed");
	json_array_foreach(feed, i, item) {
		when = 0;
		if (read_item(job, item, &when, cause) != 0)
			goto out;
		if (when != 0 && (*newest == 0 || when > *newest))
			*newest = when;
		if (when != 0 && (*oldest == 0 || when < *oldest))
			*oldest = when;
	}
	*items = json_array_size(feed);
	/* A cursor can come with an empty page: that is the end too. */
	if ((c = parse_string(root, "cursor")) != NULL && *c != '\0' &&
	    *items > 0)
		*cursor = xstrdup(c);
	rc = 0;
out:
	json_decref(root);
	return (rc);
}

static enum fetch_step_result
on_feed(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct bluesky_state	*st = job->state;
	int64_t			 newest, oldest;
	size_t			 items = 0;
	char			*cursor;
	enum fetch_step_result	 rc;

	if (read_feed(job, resp, &items, &newest, &oldest, &cursor,
	    cause) != 0)
		return (FETCH_FAIL);
	st->pages++;
	if (cursor != NULL && fetch_recent_goes_on(job, st->pages, oldest)) {
		rc = feed_request(job, req, cursor);
		free(cursor);
		return (rc);
	}
	/* The recent posts are read: the history goes on from here. */
	st->recent_next = cursor;
	return (refresh_or_done(job, req));
}

/* A page of history: stored on its own, then the next one, if any. */
static enum fetch_step_result
on_history(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	int64_t		 newest, oldest;
	size_t		 items = 0;
	char		*cursor;
	const char	*from;

	if (read_feed(job, resp, &items, &newest, &oldest, &cursor,
	    cause) != 0)
		return (FETCH_FAIL);
	from = fetch_history_page(job, cursor, items, newest, oldest);
	free(cursor);
	if (from == NULL)
		return (FETCH_DONE);
	feed_request(job, req, from);
	req->step = STEP_HISTORY;
	return (FETCH_MORE);
}

static enum fetch_step_result
on_posts(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	json_t			*root, *posts, *post;
	enum fetch_step_result	 rc = FETCH_FAIL;
	int64_t			 when;
	size_t			 i;

	if ((root = parse_json(resp->body, resp->len, "bluesky",
	    cause)) == NULL)
		return (FETCH_FAIL);
	if (check_list(root, "posts", cause) != 0)
		goto out;
	posts = json_object_get(root, "posts");
	json_array_foreach(posts, i, post) {
		if (read_post(job, post, &when, cause) != 0)
			goto out;
	}
	rc = refresh_or_done(job, req);
out:
	json_decref(root);
	return (rc);
}

static enum fetch_step_result
bluesky_next(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	if (resp == NULL)
		return (start(job, req));
	switch (resp->step) {
	case STEP_PROFILE:
		return (on_profile(job, resp, req, cause));
	case STEP_FEED:
		return (on_feed(job, resp, req, cause));
	case STEP_POSTS:
		return (on_posts(job, resp, req, cause));
	case STEP_HISTORY:
		return (on_history(job, resp, req, cause));
	}
	*cause = xasprintf("bluesky: no step %d", resp->step);
	return (FETCH_FAIL);
}

/* {"error": "Name", "message": "text"}: either may be missing. */
char *
bluesky_error_message(const char *body, size_t len)
{
	json_t		*root;
	const char	*name, *msg;
	char		*out = NULL;

	if ((root = json_loadb(body, len, 0, NULL)) == NULL)
		return (NULL);
	name = parse_string(root, "error");
	msg = parse_string(root, "message");
	if (name != NULL && *name == '\0')
		name = NULL;
	if (msg != NULL && *msg == '\0')
		msg = NULL;
	if (name != NULL && msg != NULL)
		out = xasprintf("%s: %s", name, msg);
	else if (name != NULL || msg != NULL)
		out = xstrdup(name != NULL ? name : msg);
	json_decref(root);
	return (out);
}

static void
bluesky_release(struct fetch_job *job)
{
	struct bluesky_state	*st = job->state;

	if (st != NULL)
		free(st->recent_next);
	free(job->state);
	job->state = NULL;
}

/* The platform -------------------------------------------------------- */

/* Whether the len bytes at s are all lower-case base32 (a-z, 2-7). */
static int
is_base32(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '2' && s[i] <= '7')))
			return (0);
	return (1);
}

static int
normalise_handle(const char *s, size_t len, char **out, const char **why)
{
	if (len > 0 && s[0] == '@') {
		s++;
		len--;
	}
	/* did:plc: is 24 characters of lower-case base32; did:web: a host. */
	if (len == 32 && strncmp(s, "did:plc:", 8) == 0 &&
	    is_base32(s + 8, 24)) {
		*out = xstrndup(s, len);
		return (0);
	}
	if (len > 8 && strncmp(s, "did:web:", 8) == 0 &&
	    text_is_hostname(s + 8, len - 8)) {
		*out = text_lower_copy(s, len);
		return (0);
	}
	if (len > 4 && strncmp(s, "did:", 4) == 0) {
		*why = "a Bluesky DID is did:plc: and 24 characters of a-z and "
		    "2-7, or did:web: and a host";
		return (-1);
	}
	if (!text_is_hostname(s, len)) {
		*why = "a Bluesky account is a domain handle "
		    "(author.bsky.social) or a DID (did:plc:...)";
		return (-1);
	}
	*out = text_lower_copy(s, len);
	return (0);
}

static const char *const aliases[] = { "bsky", NULL };

const struct platform platform_bluesky = {
	.name = "bluesky",
	.title = "Bluesky",
	.aliases = aliases,
	.example = "bluesky:author.bsky.social",
	.normalise = normalise_handle,
	.has_counts = 1,
	.default_base = "https://public.api.bsky.app",
	.snapshot_every = 24 * 60 * 60,
	.max_requests = 300,
	.max_requests_why =
	    "3,000 requests per 5 minutes per IP; 100 posts a page",
	.adapter = &bluesky_adapter,
	/*
	 * The AppView publishes no limit and calls itself generous; 3,000
	 * requests per 5 minutes per IP is the PDS's. 1,000 requests walk
	 * a list of 95,000 followers (100 a page) in one run, beside the
	 * run's sample of activity checks (25 followers a request).
	 */
	.census = &bluesky_census_adapter,
	.census_max_requests = 1000,
	.census_full_every = 7 * 24 * 60 * 60,
	.census_check_batch = BLUESKY_PROFILES_MAX,
	/*
	 * The owner's app password logs in (at most once an hour) to read
	 * their follow notifications: each follower's follow time.
	 */
	.census_secret = {
		.env = "TIDELINE_BLUESKY_APP_PASSWORD_",
		.key = "bluesky_app_password",
		.what = "app password",
	},
	/*
	 * Likes (with their times), reposts and quotes: 100 a page. 300
	 * requests read the new engagers of a month of posts every day,
	 * 30 a list at most (3,000 likes) so that one viral post does not
	 * take them all; it goes on the next run.
	 */
	.engagers = &bluesky_engagers_adapter,
	.engager_kinds = 1u << ENGAGEMENT_LIKE | 1u << ENGAGEMENT_REPOST |
	    1u << ENGAGEMENT_QUOTE,
	.engager_reach_batch = BLUESKY_PROFILES_MAX,
	.engager_max_requests = 300,
	.engager_list_requests = 30,
	.census_unlisted_why = "Bluesky counts followers whose accounts are "
	    "deleted or deactivated, which its list leaves out (1-3% is "
	    "usual)",
};
