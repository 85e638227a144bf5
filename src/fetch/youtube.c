/*
 * YouTube (Data API v3, API key): the channel's counts and its uploads
 * playlist, the recent uploads page by page, then the numbers of those
 * videos and of older ones due for new numbers, 50 to a request.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fetch/fetch.h"
#include "fetch/parse.h"
#include "platform.h"
#include "util/buf.h"
#include "util/html.h"
#include "util/text.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define VIDEOS_MAX	50	/* ids per videos request */
/*
 * Items in one reply at most. We ask for 50; a server sending far more is
 * broken or hostile, and finding duplicates in a huge result gets slow.
 */
#define PAGE_MAX	1000

enum {
	STEP_CHANNEL = 1,	/* channels.list */
	STEP_UPLOADS,		/* a page of playlistItems.list (uploads) */
	STEP_VIDEOS,		/* videos.list */
	STEP_HISTORY,		/* an older page of the uploads playlist */
};

struct youtube_state {
	char	*uploads;	/* the uploads playlist ("UU...") */
	int	 pages;		/* uploads pages read */
	char	**ids;		/* videos to ask numbers for */
	size_t	 nids;
	size_t	 next;		/* first id not yet asked for */
	size_t	 refresh;	/* next index into refresh_ids */
	char	*recent_next;	/* the page token the recent walk stopped
				   at, or NULL: the end of the playlist */
	int	 history;	/* 1: the history walk has begun */
	char	*page_next;	/* the history page's next token, or NULL */
	size_t	 page_items;	/* the history page's items */
};

static enum fetch_step_result	 youtube_next(struct fetch_job *,
				    const struct fetch_response *,
				    struct fetch_request *, char **);
static char			*youtube_error_message(const char *, size_t);
static long			 youtube_rate_limited(long, const char *,
				    size_t);
static void			 youtube_release(struct fetch_job *);

static const struct fetch_adapter youtube_adapter = {
	.next = youtube_next,
	.error_message = youtube_error_message,
	.rate_limited = youtube_rate_limited,
	.release = youtube_release,
};

static enum fetch_step_result request(struct fetch_job *,
		    struct fetch_request *, int, struct buf *);
static enum fetch_step_result start(struct fetch_job *,
		    struct fetch_request *, char **);
static enum fetch_step_result uploads_request(struct fetch_job *,
		    struct fetch_request *, const char *);
static enum fetch_step_result history_or_done(struct fetch_job *,
		    struct fetch_request *);
static enum fetch_step_result history_page_done(struct fetch_job *,
		    struct fetch_request *);
static enum fetch_step_result on_history(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);
static enum fetch_step_result videos_or_done(struct fetch_job *,
		    struct fetch_request *);
static void	 add_id(struct youtube_state *, const char *);
static int	 has_id(struct youtube_state *, const char *);
static int	 read_channel(struct fetch_job *, json_t *, char **);
static int	 read_uploads(struct fetch_job *, json_t *, int64_t *,
		    char **);
static int	 read_video(struct fetch_job *, json_t *, char **);
static int	 fill_video(struct post *, json_t *, json_t *, char **);
static int	 link_cb(void *, const char *, size_t);
static int	 check_items(json_t *, char **);
static enum fetch_step_result on_channel(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);
static enum fetch_step_result on_uploads(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);
static enum fetch_step_result on_videos(struct fetch_job *,
		    const struct fetch_response *, struct fetch_request *,
		    char **);

/* Finish the URL in b with the API key and ask for it. */
static enum fetch_step_result
request(struct fetch_job *job, struct fetch_request *req, int step,
    struct buf *b)
{
	char	*esc;

	esc = fetch_escape(job->account.token);
	buf_printf(b, "&key=%s", esc);
	secret_wipe(esc, strlen(esc));
	free(esc);
	req->url = buf_detach(b, NULL);
	req->step = step;
	req->auth = NULL;	/* the key goes in the URL, never a header */
	return (FETCH_MORE);
}

static enum fetch_step_result
start(struct fetch_job *job, struct fetch_request *req, char **cause)
{
	struct buf	 b = BUF_INIT;
	const char	*who = job->account.handle;
	char		*esc;

	if (job->account.token == NULL)
		return (fetch_missing_secret(job, cause));
	job->state = xcalloc(1, sizeof (struct youtube_state));
	/* A page of uploads, then its videos' numbers. */
	job->history.page_cost = 2;
	/* The channel id survives a change of handle. */
	if (job->account.remote_id != NULL)
		who = job->account.remote_id;
	esc = fetch_escape(who);
	buf_printf(&b, "%s/youtube/v3/channels?part=statistics,"
	    "contentDetails,snippet&%s=%s", job->account.api_base,
	    *who == '@' ? "forHandle" : "id", esc);
	free(esc);
	return (request(job, req, STEP_CHANNEL, &b));
}

/* Ask for a page of the uploads playlist; token is NULL for the first. */
static enum fetch_step_result
uploads_request(struct fetch_job *job, struct fetch_request *req,
    const char *token)
{
	struct youtube_state	*st = job->state;
	struct buf		 b = BUF_INIT;
	char			*esc;

	esc = fetch_escape(st->uploads);
	buf_printf(&b, "%s/youtube/v3/playlistItems?part=contentDetails&"
	    "playlistId=%s&maxResults=50", job->account.api_base, esc);
	free(esc);
	if (token != NULL) {
		esc = fetch_escape(token);
		buf_printf(&b, "&pageToken=%s", esc);
		free(esc);
	}
	return (request(job, req, STEP_UPLOADS, &b));
}

/* The videos read since the last checkpoint: their newest and oldest. */
static void
result_span(const struct fetch_result *r, int64_t *newest, int64_t *oldest)
{
	size_t	 i;

	*newest = *oldest = 0;
	for (i = 0; i < r->nposts; i++) {
		if (*newest == 0 || r->posts[i].published_at > *newest)
			*newest = r->posts[i].published_at;
		if (*oldest == 0 || r->posts[i].published_at < *oldest)
			*oldest = r->posts[i].published_at;
	}
}

/* Forget the ids asked for: a page of history starts afresh. */
static void
clear_ids(struct youtube_state *st)
{
	xfree_strings(st->ids, st->nids);
	st->ids = NULL;
	st->nids = st->next = 0;
}

/*
 * The refreshes are done: walk back through the uploads, a page and its
 * videos' numbers (two requests) at a time, or end.
 */
static enum fetch_step_result
history_or_done(struct fetch_job *job, struct fetch_request *req)
{
	struct youtube_state	*st = job->state;
	const char		*from;

	st->history = 1;
	if ((from = fetch_history_start(job, st->recent_next)) == NULL)
		return (FETCH_DONE);
	uploads_request(job, req, from);
	req->step = STEP_HISTORY;
	return (FETCH_MORE);
}

/* A page of history and its videos are read: on to the next, if any. */
static enum fetch_step_result
history_page_done(struct fetch_job *job, struct fetch_request *req)
{
	struct youtube_state	*st = job->state;
	const char		*from;
	int64_t			 newest, oldest;

	result_span(&job->result, &newest, &oldest);
	from = fetch_history_page(job, st->page_next, st->page_items, newest,
	    oldest);
	if (from == NULL)
		return (FETCH_DONE);
	uploads_request(job, req, from);
	req->step = STEP_HISTORY;
	return (FETCH_MORE);
}

/* Add a video id to a videos request, the nth. */
static void
add_video(struct buf *b, size_t n, const char *id)
{
	char	*esc = fetch_escape(id);

	buf_printf(b, "%s%s", n == 0 ? "" : ",", esc);
	free(esc);
}

/* After the recent uploads: 50 older videos due for new numbers, if any. */
static enum fetch_step_result
refresh_or_done(struct fetch_job *job, struct fetch_request *req)
{
	struct youtube_state	*st = job->state;
	struct buf		 b = BUF_INIT;
	size_t			 n = 0;

	if (!fetch_refresh_goes_on(job, &st->refresh))
		return (history_or_done(job, req));
	buf_printf(&b, "%s/youtube/v3/videos?part=statistics,snippet&id=",
	    job->account.api_base);
	for (; n < VIDEOS_MAX && st->refresh < job->account.nrefresh;
	    st->refresh++) {
		if (fetch_refresh_wanted(job, st->refresh))
			add_video(&b, n++, job->account.refresh_ids[st->refresh]);
	}
	return (request(job, req, STEP_VIDEOS, &b));
}

/* Ask for the numbers of the next 50 videos, if any are left. */
static enum fetch_step_result
videos_or_done(struct fetch_job *job, struct fetch_request *req)
{
	struct youtube_state	*st = job->state;
	struct buf		 b = BUF_INIT;
	size_t			 n;

	if (st->next >= st->nids)
		return (st->history ? history_page_done(job, req) :
		    refresh_or_done(job, req));
	buf_printf(&b, "%s/youtube/v3/videos?part=statistics,snippet&id=",
	    job->account.api_base);
	for (n = 0; n < VIDEOS_MAX && st->next < st->nids; n++)
		add_video(&b, n, st->ids[st->next++]);
	return (request(job, req, STEP_VIDEOS, &b));
}

static int
has_id(struct youtube_state *st, const char *id)
{
	size_t	 i;

	for (i = 0; i < st->nids; i++) {
		if (strcmp(st->ids[i], id) == 0)
			return (1);
	}
	return (0);
}

static void
add_id(struct youtube_state *st, const char *id)
{
	if (has_id(st, id))
		return;
	st->ids = xreallocarray(st->ids, st->nids + 1, sizeof *st->ids);
	st->ids[st->nids++] = xstrdup(id);
}

static int
read_channel(struct fetch_job *job, json_t *root, char **cause)
{
	struct youtube_state	*st = job->state;
	struct fetch_profile	*pr = &job->result.profile;
	json_t			*ch, *stats, *hidden;
	const char		*id, *uploads;

	if ((ch = json_array_get(json_object_get(root, "items"), 0)) == NULL) {
		/* An unknown id or handle is a 200 with no items. */
		*cause = xasprintf("no YouTube channel '%s'",
		    job->account.handle);
		return (-1);
	}
	stats = json_object_get(ch, "statistics");
	hidden = json_object_get(stats, "hiddenSubscriberCount");
	if (hidden != NULL && !json_is_boolean(hidden)) {
		*cause = xstrdup("youtube: field 'hiddenSubscriberCount' is "
		    "not a boolean");
		return (-1);
	}
	uploads = parse_string(json_object_get(json_object_get(ch,
	    "contentDetails"), "relatedPlaylists"), "uploads");
	if (parse_required_string(ch, "id", &id, cause) != 0 ||
	    parse_count(stats, "subscriberCount", &pr->followers, cause) != 0 ||
	    parse_count(stats, "videoCount", &pr->posts, cause) != 0)
		return (parse_blame("youtube", cause));
	if (uploads == NULL || *uploads == '\0') {
		*cause = xstrdup("youtube: field 'uploads' is missing");
		return (-1);
	}
	if (json_is_true(hidden))
		pr->followers = COUNT_UNKNOWN;
	pr->following = COUNT_UNKNOWN;
	/* YouTube shows subscribers to 3 significant figures only. */
	pr->rounded = 1;
	pr->has_counts = 1;
	free(pr->remote_id);
	pr->remote_id = xstrdup(id);
	st->uploads = xstrdup(uploads);
	return (0);
}

static enum fetch_step_result
on_channel(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	json_t			*root;
	enum fetch_step_result	 rc = FETCH_FAIL;

	if ((root = parse_json(resp->body, resp->len, "youtube",
	    cause)) == NULL)
		return (FETCH_FAIL);
	if (read_channel(job, root, cause) == 0) {
		if (job->account.max_pages > 0)
			rc = uploads_request(job, req, NULL);
		else
			rc = videos_or_done(job, req);
	}
	json_decref(root);
	return (rc);
}

/* Note the page's video ids; *oldest is the oldest upload time. */
static int
read_uploads(struct fetch_job *job, json_t *items, int64_t *oldest,
    char **cause)
{
	json_t		*item, *cd;
	const char	*id;
	int64_t		 t;
	size_t		 i;

	*oldest = INT64_MAX;
	json_array_foreach(items, i, item) {
		cd = json_object_get(item, "contentDetails");
		if (parse_required_string(cd, "videoId", &id, cause) != 0)
			return (parse_blame("youtube", cause));
		add_id(job->state, id);
		/* A private video in the playlist has no publication time. */
		if (json_object_get(cd, "videoPublishedAt") == NULL)
			continue;
		if (parse_time(cd, "videoPublishedAt", &t, cause) != 0)
			return (parse_blame("youtube", cause));
		if (t < *oldest)
			*oldest = t;
	}
	return (0);
}

/* "items", when there, must be a list of a sane length. */
static int
check_items(json_t *items, char **cause)
{
	if (items == NULL || (json_is_array(items) &&
	    json_array_size(items) <= PAGE_MAX))
		return (0);
	*cause = xasprintf("youtube: field 'items' is %s",
	    json_is_array(items) ? "too long" : "not a list");
	return (-1);
}

static enum fetch_step_result
on_uploads(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct youtube_state	*st = job->state;
	json_t			*root, *items;
	enum fetch_step_result	 rc = FETCH_FAIL;
	const char		*token;
	int64_t			 oldest;

	if ((root = parse_json(resp->body, resp->len, "youtube",
	    cause)) == NULL)
		return (FETCH_FAIL);
	items = json_object_get(root, "items");
	if (check_items(items, cause) != 0)
		goto out;
	if (read_uploads(job, items, &oldest, cause) != 0)
		goto out;
	st->pages++;
	token = parse_string(root, "nextPageToken");
	if (token != NULL && *token != '\0' && json_array_size(items) > 0 &&
	    fetch_recent_goes_on(job, st->pages,
	    oldest == INT64_MAX ? 0 : oldest))
		rc = uploads_request(job, req, token);
	else {
		/* The recent uploads are read: the history goes on here. */
		if (token != NULL && *token != '\0' &&
		    json_array_size(items) > 0)
			st->recent_next = xstrdup(token);
		rc = videos_or_done(job, req);
	}
out:
	json_decref(root);
	return (rc);
}

/* A page of the uploads in the history walk: then its videos. */
static enum fetch_step_result
on_history(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct youtube_state	*st = job->state;
	json_t			*root, *items;
	enum fetch_step_result	 rc = FETCH_FAIL;
	const char		*token;
	int64_t			 oldest;

	if ((root = parse_json(resp->body, resp->len, "youtube",
	    cause)) == NULL)
		return (FETCH_FAIL);
	items = json_object_get(root, "items");
	clear_ids(st);
	if (check_items(items, cause) != 0 ||
	    read_uploads(job, items, &oldest, cause) != 0)
		goto out;
	free(st->page_next);
	st->page_next = NULL;
	st->page_items = json_array_size(items);
	token = parse_string(root, "nextPageToken");
	if (token != NULL && *token != '\0')
		st->page_next = xstrdup(token);
	rc = videos_or_done(job, req);
out:
	json_decref(root);
	return (rc);
}

static int
link_cb(void *arg, const char *url, size_t len)
{
	fetch_post_add_link(arg, url, len);
	return (0);
}

static int
read_video(struct fetch_job *job, json_t *v, char **cause)
{
	struct post	*p;
	json_t			*snippet;
	const char		*id;
	int64_t			 t;

	snippet = json_object_get(v, "snippet");
	if (parse_required_string(v, "id", &id, cause) != 0 ||
	    parse_time(snippet, "publishedAt", &t, cause) != 0)
		return (parse_blame("youtube", cause));
	if (fetch_result_find_post(&job->result, id) != NULL)
		return (0);
	p = fetch_result_add_post(&job->result);
	p->remote_id = xstrdup(id);
	p->published_at = t;
	if (fill_video(p, v, snippet, cause) != 0)
		return (parse_blame("youtube", cause));
	return (0);
}

static int
fill_video(struct post *p, json_t *v, json_t *snippet, char **cause)
{
	struct metric_point	*now;
	json_t			*stats, *tag;
	const char		*s;
	size_t			 i;

	p->url = xasprintf("https://www.youtube.com/watch?v=%s",
	    p->remote_id);
	p->kind = "video";
	if ((s = parse_string(snippet, "title")) != NULL && *s != '\0')
		p->title = xstrdup(s);
	json_array_foreach(json_object_get(snippet, "tags"), i, tag) {
		if ((s = json_string_value(tag)) != NULL)
			fetch_post_add_tag(p, s, strlen(s));
	}
	if ((s = parse_string(snippet, "description")) != NULL)
		text_each_url(s, link_cb, p);
	stats = json_object_get(v, "statistics");
	now = post_metrics_now(p);
	/* likeCount and commentCount are absent when hidden or disabled. */
	if (parse_count(stats, "viewCount", &now->views, cause) != 0 ||
	    parse_count(stats, "likeCount", &now->likes, cause) != 0 ||
	    parse_count(stats, "commentCount", &now->replies, cause) != 0)
		return (-1);
	return (0);
}

static enum fetch_step_result
on_videos(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	json_t			*root, *items, *v;
	enum fetch_step_result	 rc = FETCH_FAIL;
	size_t			 i;

	if ((root = parse_json(resp->body, resp->len, "youtube",
	    cause)) == NULL)
		return (FETCH_FAIL);
	/* Deleted or private videos are simply left out of "items". */
	items = json_object_get(root, "items");
	if (check_items(items, cause) != 0)
		goto out;
	json_array_foreach(items, i, v) {
		if (read_video(job, v, cause) != 0)
			goto out;
	}
	rc = videos_or_done(job, req);
out:
	json_decref(root);
	return (rc);
}

static enum fetch_step_result
youtube_next(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	if (resp == NULL)
		return (start(job, req, cause));
	switch (resp->step) {
	case STEP_CHANNEL:
		return (on_channel(job, resp, req, cause));
	case STEP_UPLOADS:
		return (on_uploads(job, resp, req, cause));
	case STEP_VIDEOS:
		return (on_videos(job, resp, req, cause));
	case STEP_HISTORY:
		return (on_history(job, resp, req, cause));
	}
	*cause = xasprintf("youtube: no step %d", resp->step);
	return (FETCH_FAIL);
}

/*
 * {"error": {"message": "...", "errors": [{"reason": "..."}]}}; Google
 * writes links into the message as HTML.
 */
static char *
youtube_error_message(const char *body, size_t len)
{
	json_t		*root, *err;
	const char	*msg, *reason;
	char		*out = NULL, *text = NULL;

	if ((root = json_loadb(body, len, 0, NULL)) == NULL)
		return (NULL);
	err = json_object_get(root, "error");
	msg = parse_string(err, "message");
	reason = parse_string(json_array_get(json_object_get(err, "errors"),
	    0), "reason");
	if (msg != NULL)
		msg = text = html_to_text(msg, strlen(msg));
	if (msg != NULL && *msg == '\0')
		msg = NULL;
	if (reason != NULL && *reason == '\0')
		reason = NULL;
	if (msg != NULL && reason != NULL)
		out = xasprintf("%s (%s)", msg, reason);
	else if (msg != NULL || reason != NULL)
		out = xstrdup(msg != NULL ? msg : reason);
	free(text);
	json_decref(root);
	return (out);
}

/*
 * The daily quota resets at midnight Pacific time: 08:00 UTC in winter,
 * an hour earlier in summer, so waiting for 08:00 UTC is always enough.
 * The per-minute limits clear within a minute.
 */
static long
youtube_rate_limited(long status, const char *body, size_t len)
{
	json_t		*root;
	const char	*reason;
	long		 wait = -1, now, next;

	if (status != 403 && status != 429)
		return (-1);
	if ((root = json_loadb(body, len, 0, NULL)) == NULL)
		return (-1);
	reason = parse_string(json_array_get(json_object_get(json_object_get(
	    root, "error"), "errors"), 0), "reason");
	if (reason != NULL && strcmp(reason, "quotaExceeded") == 0) {
		now = (long)time(NULL);
		next = now - now % SECONDS_PER_DAY + 8 * 3600;
		wait = (next > now ? next : next + SECONDS_PER_DAY) - now;
	} else if (reason != NULL && (strcmp(reason, "rateLimitExceeded") ==
	    0 || strcmp(reason, "userRateLimitExceeded") == 0))
		wait = 60;
	json_decref(root);
	return (wait);
}

static void
youtube_release(struct fetch_job *job)
{
	struct youtube_state	*st = job->state;
	size_t			 i;

	for (i = 0; i < st->nids; i++)
		free(st->ids[i]);
	free(st->ids);
	free(st->uploads);
	free(st->recent_next);
	free(st->page_next);
	free(st);
	job->state = NULL;
}

/* The platform -------------------------------------------------------- */

static int
normalise_handle(const char *s, size_t len, char **out, const char **why)
{
	/* Channel ids are case-sensitive; handles are not. */
	if (len == 24 && strncmp(s, "UC", 2) == 0 &&
	    text_all_in(s, len, "_-")) {
		*out = xstrndup(s, len);
		return (0);
	}
	if (len >= 4 && len <= 31 && s[0] == '@' &&
	    text_all_in(s + 1, len - 1, "._-")) {
		*out = text_lower_copy(s, len);
		return (0);
	}
	*why = "a YouTube account is a channel id (UC followed by 22 "
	    "characters) or a @handle";
	return (-1);
}

static const char *const aliases[] = { "yt", NULL };

const struct platform platform_youtube = {
	.name = "youtube",
	.title = "YouTube",
	.aliases = aliases,
	.example = "youtube:@handle",
	.normalise = normalise_handle,
	.has_counts = 1,
	.rounded = 1,
	.secret = {
		.env = "TIDELINE_YOUTUBE_API_KEY",
		.key = "youtube_api_key",
		.required = 1,
		.what = "API key",
	},
	.default_base = "https://www.googleapis.com",
	.snapshot_every = 24 * 60 * 60,
	.max_requests = 400,
	.max_requests_why =
	    "10,000 quota units a day; 1 unit a request, 50 videos a "
	    "page and 1 more for their numbers",
	.adapter = &youtube_adapter,
};
