/*
 * The "rss" platform: a blog. The account's handle is its feed URL
 * (rss:https://blog.example/feed.xml), fetched as it is; any API base set
 * for the account is ignored, since the handle already says where to go.
 * One request, every item kept: feeds are short, and a post's only
 * numbers are its date, tags and links (feeds have no followers either).
 *
 * WordPress's REST API gives more than its feed (UTC dates, every
 * category and tag, more than the last 10 posts), but it is not tried on
 * its own: the engine ends a job at the first non-2xx reply, so a blog
 * with the API turned off would fail where its feed works. Instead the
 * handle may itself be a REST URL (rss:https://blog.example/wp-json/wp/
 * v2/posts, or ...?rest_route=/wp/v2/posts): then the posts are read
 * from there, page by page.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "fetch/feed.h"
#include "fetch/fetch.h"
#include "platform.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define WP_PER_PAGE	50	/* posts per page we ask for (WP allows 100) */
#define WP_DEFAULT_PAGE	10	/* what WordPress sends without per_page */

enum {
	STEP_FEED = 1,
	STEP_WORDPRESS,
	STEP_WP_HISTORY,	/* an older page of the REST posts */
};

/* Progress of a job that reads a WordPress REST handle. */
struct rss_state {
	int		 page;		/* the page last asked for, from 1 */
	int		 per_page;	/* posts in a full page */
};

/* The value of query parameter name= in url, or NULL. */
static const char *
query_value(const char *url, const char *name)
{
	const char	*q, *p;
	size_t		 n = strlen(name);

	if ((q = strchr(url, '?')) == NULL)
		return (NULL);
	for (p = q; p != NULL; p = strchr(p + 1, '&')) {
		if (strncmp(p + 1, name, n) == 0 && p[1 + n] == '=')
			return (p + 2 + n);
	}
	return (NULL);
}

static int
is_wordpress_rest(const char *url)
{
	const char	*route;

	if (strstr(url, "/wp-json/wp/v2/posts") != NULL)
		return (1);
	route = query_value(url, "rest_route");
	return (route != NULL && (strncmp(route, "/wp/v2/posts", 12) == 0 ||
	    strncasecmp(route, "%2Fwp%2Fv2%2Fposts", 18) == 0));
}

/* Posts in a full page: the handle's own per_page=, else ours. */
static int
wordpress_per_page(const char *url)
{
	const char	*v;
	int		 n = 0;

	if ((v = query_value(url, "per_page")) == NULL)
		return (WP_PER_PAGE);
	while (*v >= '0' && *v <= '9' && n < 1000)
		n = n * 10 + (*v++ - '0');
	return (n > 0 ? n : WP_DEFAULT_PAGE);
}

/* The handle with what we need added: page size, terms, page number. */
static char *
wordpress_url(const char *handle, int page)
{
	char	*url, *next;

	url = xstrdup(handle);
	if (query_value(url, "per_page") == NULL) {
		next = xasprintf("%s%cper_page=%d", url,
		    strchr(url, '?') ? '&' : '?', WP_PER_PAGE);
		free(url);
		url = next;
	}
	if (query_value(url, "_embed") == NULL) {
		next = xasprintf("%s&_embed=wp:term", url);
		free(url);
		url = next;
	}
	if (page > 1) {
		/* A page= already there loses: PHP takes the last one. */
		next = xasprintf("%s&page=%d", url, page);
		free(url);
		url = next;
	}
	return (url);
}

static enum fetch_step_result
rss_start(struct fetch_job *job, struct fetch_request *req, char **cause)
{
	struct rss_state	*st;
	const char		*handle = job->account.handle;

	if (handle == NULL || (strncasecmp(handle, "http://", 7) != 0 &&
	    strncasecmp(handle, "https://", 8) != 0)) {
		*cause = xstrdup("a feed account's handle must be its "
		    "http:// or https:// URL");
		return (FETCH_FAIL);
	}
	if (job->state == NULL)
		job->state = xcalloc(1, sizeof *st);
	st = job->state;
	job->result.profile.has_counts = 0;
	if (is_wordpress_rest(handle)) {
		st->page = 1;
		st->per_page = wordpress_per_page(handle);
		req->url = wordpress_url(handle, 1);
		req->step = STEP_WORDPRESS;
	} else {
		req->url = xstrdup(handle);
		req->step = STEP_FEED;
	}
	req->auth = NULL;
	return (FETCH_MORE);
}

/* Did this page reach back past the recent window? */
static int
reached_old_posts(const struct fetch_job *job, size_t from)
{
	size_t	 i;

	if (job->account.recent_since <= 0)
		return (0);
	for (i = from; i < job->result.nposts; i++) {
		if (job->result.posts[i].published_at <
		    job->account.recent_since)
			return (1);
	}
	return (0);
}

/*
 * WordPress answers a page past the last with 400, which would fail the
 * whole job: so only ask for the next page when the reply's Link header
 * says there is one (WordPress sends rel="next" since 4.7), on top of the
 * page being full.
 */
static int
has_next_page(const struct fetch_response *resp)
{
	char	*next;

	if ((next = fetch_link_next(resp->link)) == NULL)
		return (0);
	free(next);
	return (1);
}

/* Ask for page 'page' of the REST posts. */
static enum fetch_step_result
wordpress_request(struct fetch_job *job, struct fetch_request *req, int page,
    int step)
{
	struct rss_state	*st = job->state;

	st->page = page;
	req->url = wordpress_url(job->account.handle, page);
	req->auth = NULL;
	req->step = step;
	return (FETCH_MORE);
}

/*
 * The number of pages X-WP-TotalPages gives, or -1 when the reply has
 * none we can read (a proxy may drop it; so may a site's plugins).
 */
static long
wordpress_total_pages(const struct fetch_response *resp)
{
	char	*end;
	long	 n;

	if (resp->total_pages == NULL)
		return (-1);
	errno = 0;
	n = strtol(resp->total_pages, &end, 10);
	if (errno != 0 || end == resp->total_pages || *end != '\0' || n < 0)
		return (-1);
	return (n);
}

/*
 * Where the walk goes on after this page: the next page's number, or
 * NULL at the end. WordPress says how many pages there are
 * (X-WP-TotalPages), which a page cut short by posts hidden from us does
 * not; without it, a next page only if this one was full and its Link
 * names one (WordPress answers a page past the last with 400, which
 * would fail the job).
 */
static char *
wordpress_next(const struct fetch_job *job, const struct fetch_response *resp,
    int count)
{
	const struct rss_state	*st = job->state;
	long			 total = wordpress_total_pages(resp);

	if (total >= 0 ? st->page >= total :
	    count < st->per_page || !has_next_page(resp))
		return (NULL);
	return (xasprintf("%d", st->page + 1));
}

/* The recent posts are read: walk back through the older pages, or end. */
static enum fetch_step_result
wordpress_history(struct fetch_job *job, struct fetch_request *req,
    const char *recent_next)
{
	const char	*from;
	long		 page;
	char		*end;

	if ((from = fetch_history_start(job, recent_next)) == NULL)
		return (FETCH_DONE);
	page = strtol(from, &end, 10);
	if (*end != '\0' || page < 1 || page > 1000000) {
		fetch_job_warn(job, "history walk not started: '%s' is no page "
		    "number", from);
		return (FETCH_DONE);
	}
	return (wordpress_request(job, req, (int)page, STEP_WP_HISTORY));
}

static enum fetch_step_result
rss_wordpress_page(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct rss_state	*st = job->state;
	size_t			 before = job->result.nposts;
	enum fetch_step_result	 rc;
	int			 count, max_pages;
	char			*next;

	if (wordpress_parse_posts(resp->body, resp->len, &job->result, &count,
	    cause) != 0)
		return (FETCH_FAIL);
	max_pages = job->account.max_pages > 0 ? job->account.max_pages : 1;
	next = wordpress_next(job, resp, count);
	if (next == NULL || st->page >= max_pages ||
	    reached_old_posts(job, before) ||
	    !fetch_recent_goes_on(job, st->page, 0)) {
		rc = wordpress_history(job, req, next);
		free(next);
		return (rc);
	}
	free(next);
	return (wordpress_request(job, req, st->page + 1, STEP_WORDPRESS));
}

/* A page of history: stored on its own, then the next one, if any. */
static enum fetch_step_result
rss_wordpress_history(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct rss_state	*st = job->state;
	const struct fetch_result *r = &job->result;
	const char		*from;
	int64_t			 newest = 0, oldest = 0, t;
	int			 count;
	char			*next;
	size_t			 i;

	if (wordpress_parse_posts(resp->body, resp->len, &job->result, &count,
	    cause) != 0)
		return (FETCH_FAIL);
	for (i = 0; i < r->nposts; i++) {
		t = r->posts[i].published_at;
		if (newest == 0 || t > newest)
			newest = t;
		if (oldest == 0 || t < oldest)
			oldest = t;
	}
	next = wordpress_next(job, resp, count);
	from = fetch_history_page(job, next, (size_t)count, newest, oldest);
	free(next);
	if (from == NULL)
		return (FETCH_DONE);
	return (wordpress_request(job, req, st->page + 1, STEP_WP_HISTORY));
}

/*
 * The site of a WordPress feed URL: without "/feed/", "/feed" or
 * "/?feed=rss2" at its end; NULL if it has none of them.
 */
static char *
wordpress_root(const char *feed)
{
	static const char *const tails[] = {
		"/feed/", "/feed", "/?feed=rss2", "/feed/atom/", "/feed/atom",
		"/?feed=atom",
	};
	size_t	 len = strlen(feed), n, i;

	for (i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		n = strlen(tails[i]);
		if (len > n && strcmp(feed + len - n, tails[i]) == 0)
			return (xstrndup(feed, len - n));
	}
	return (NULL);
}

/* Note, for -v, that a WordPress blog has a richer source. */
static void
hint_wordpress(struct fetch_job *job, const char *generator)
{
	char	*root;

	if (generator == NULL || strstr(generator, "wordpress.org") == NULL ||
	    (root = wordpress_root(job->account.handle)) == NULL)
		return;
	free(job->note);
	job->note = xasprintf("a WordPress feed; rss:%s/wp-json/wp/v2/posts "
	    "would give exact dates and every tag", root);
	free(root);
}

static enum fetch_step_result
rss_next(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	char	*generator = NULL;

	if (resp == NULL)
		return (rss_start(job, req, cause));
	if (job->state == NULL) {
		*cause = xstrdup("feed reply without a request");
		return (FETCH_FAIL);
	}
	if (resp->step == STEP_WORDPRESS)
		return (rss_wordpress_page(job, resp, req, cause));
	if (resp->step == STEP_WP_HISTORY)
		return (rss_wordpress_history(job, resp, req, cause));
	if (feed_parse(resp->body, resp->len, &job->result, &generator,
	    cause) != 0)
		return (FETCH_FAIL);
	hint_wordpress(job, generator);
	free(generator);
	/* A feed holds what it holds: its history is complete at once. */
	fetch_history_start(job, NULL);
	return (FETCH_DONE);
}

/* WordPress errors are {"code": ..., "message": ...}; feeds have none. */
static char *
rss_error_message(const char *body, size_t len)
{
	json_t		*root;
	const char	*msg;
	char		*out = NULL;

	while (len > 0 && (*body == ' ' || *body == '\t' || *body == '\r' ||
	    *body == '\n')) {
		body++;
		len--;
	}
	if (len == 0 || body[0] != '{')
		return (NULL);
	if ((root = json_loadb(body, len, 0, NULL)) == NULL)
		return (NULL);
	msg = json_string_value(json_object_get(root, "message"));
	if (msg != NULL && *msg != '\0')
		out = xstrdup(msg);
	json_decref(root);
	return (out);
}

static void
rss_release(struct fetch_job *job)
{
	free(job->state);
	job->state = NULL;
}

static const struct fetch_adapter rss_adapter = {
	.next = rss_next,
	.error_message = rss_error_message,
	.release = rss_release,
};

/* The platform -------------------------------------------------------- */

/*
 * One spelling per feed: scheme and host in lower case, no default port
 * (:443 for https, :80 for http), no fragment (the server never sees
 * it); the path and query as written. A user or password in the URL is
 * refused: the handle is shown in every output.
 */
static int
normalise_handle(const char *s, size_t len, char **out, const char **why)
{
	const char	*host, *end, *port;
	size_t		 i, hlen;
	int		 tls;

	if (len > 8 && strncasecmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (len > 7 && strncasecmp(s, "http://", 7) == 0)
		host = s + 7;
	else {
		*why = "a feed is its http:// or https:// URL";
		return (-1);
	}
	tls = host - s == 8;
	if (memchr(s, '#', len) != NULL)
		len = (size_t)((const char *)memchr(s, '#', len) - s);
	for (i = 0; i < len; i++) {
		if (isspace((unsigned char)s[i]) ||
		    iscntrl((unsigned char)s[i])) {
			*why = "a feed URL cannot contain spaces";
			return (-1);
		}
	}
	hlen = strcspn(host, "/?");
	if (hlen > len - (size_t)(host - s))
		hlen = len - (size_t)(host - s);
	end = host + hlen;
	if (memchr(host, '@', hlen) != NULL) {
		*why = "a feed URL may not hold a user or password (it would "
		    "show in every output)";
		return (-1);
	}
	if (end == host) {
		*why = "the feed URL has no host";
		return (-1);
	}
	port = memchr(host, ':', hlen);
	if (port != NULL && (size_t)(end - port) == (tls ? 4u : 3u) &&
	    strncmp(port, tls ? ":443" : ":80", tls ? 4 : 3) == 0)
		hlen = (size_t)(port - host);
	/* Scheme and host are case-insensitive; the path is not. */
	*out = xasprintf("%.*s%.*s", (int)(host - s + hlen), s,
	    (int)(len - (size_t)(end - s)), end);
	for (i = 0; i < (size_t)(host - s) + hlen; i++)
		(*out)[i] = (char)tolower((unsigned char)(*out)[i]);
	return (0);
}

static const char *const aliases[] = { "atom", "blog", "feed", NULL };

/* The handle is the feed's URL: no API base, no counts, no secret. */
const struct platform platform_rss = {
	.name = "rss",
	.title = "blog feed",
	.aliases = aliases,
	.example = "rss:https://example.com/feed.xml",
	.normalise = normalise_handle,
	.snapshot_every = 24 * 60 * 60,
	.max_requests = 100,
	.max_requests_why =
	    "a feed is one request; WordPress REST: 50 posts a page",
	.adapter = &rss_adapter,
};
