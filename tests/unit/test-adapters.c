/*
 * The platform adapters, driven step by step with recorded replies from
 * tests/fixtures/<platform>/: the exact requests they ask for, what they
 * make of each reply (counts, unknowns, posts, tags, links, paging,
 * refreshes) and how they fail. No network: each reply is handed to the
 * adapter's 'next' as the engine would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fetch/fetch.h"
#include "util/buf.h"
#include "util/xmalloc.h"


#define NOW		1749988800	/* 2025-06-15T12:00:00Z */
#define RECENT_SINCE	1747396800	/* 2025-05-16T12:00:00Z, 30 days back */
#define T_0614		1749893400	/* 2025-06-14T09:30:00Z */
#define T_0610		1749578400	/* 2025-06-10T18:00:00Z */
#define T_0520		1747728000	/* 2025-05-20T08:00:00Z */
#define T_0501		1746086400	/* 2025-05-01T08:00:00Z */
#define T_0420		1745167500	/* 2025-04-20T16:45:00Z */

#define U		COUNT_UNKNOWN

static const char	*source_root;

/* One job being driven, with the request it asked for last. */
struct run {
	struct fetch_job	 job;
	struct fetch_request	 req;
	enum fetch_step_result	 rc;
	char			*cause;
	const char		*dir;		/* fixtures folder */
};

static char *
load(const char *dir, const char *name, size_t *len)
{
	struct buf	 b = BUF_INIT;
	FILE		*fp;
	char		*path, chunk[4096];
	size_t		 n;

	path = xasprintf("%s/tests/fixtures/%s/%s", source_root, dir, name);
	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "cannot open fixture '%s'\n", path);
		exit(1);
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	free(path);
	return (buf_detach(&b, len));
}

static void
req_clear(struct fetch_request *req)
{
	free(req->url);
	free(req->auth);
	memset(req, 0, sizeof *req);
}

static void
run_init(struct run *r, const char *platform, const char *handle,
    const char *base, const char *token)
{
	const struct platform	*p = platform_find(platform, strlen(platform));

	memset(r, 0, sizeof *r);
	r->dir = p->name;
	r->job.adapter = p->adapter;
	r->job.account.platform = p;
	r->job.account.name = xasprintf("%s:%s", p->name, handle);
	r->job.account.handle = xstrdup(handle);
	r->job.account.api_base = xstrdup(base);
	r->job.account.token = token != NULL ? xstrdup(token) : NULL;
	r->job.account.now = NOW;
	r->job.account.recent_since = RECENT_SINCE;
	r->job.account.max_pages = 10;
}

static void
run_refresh(struct run *r, const char *const *ids, size_t n)
{
	size_t	 i;

	r->job.account.refresh_ids = xreallocarray(NULL, n,
	    sizeof (char *));
	for (i = 0; i < n; i++)
		r->job.account.refresh_ids[i] = xstrdup(ids[i]);
	r->job.account.nrefresh = n;
}

static void
run_start(struct run *r)
{
	r->rc = r->job.adapter->next(&r->job, NULL, &r->req, &r->cause);
}

/* Hand body to the adapter as the 200 reply to its last request. */
static void
run_body(struct run *r, const char *body, size_t len, const char *link)
{
	struct fetch_response	 resp;

	if (r->rc != FETCH_MORE) {
		fprintf(stderr, "%s: no request to reply to (%s)\n",
		    r->job.account.name, r->cause ? r->cause : "done");
		check_failures++;
		return;
	}
	memset(&resp, 0, sizeof resp);
	resp.status = 200;
	resp.body = body;
	resp.len = len;
	resp.link = link;
	resp.content_type = "application/json; charset=utf-8";
	resp.step = r->req.step;
	req_clear(&r->req);
	r->rc = r->job.adapter->next(&r->job, &resp, &r->req, &r->cause);
}

static void
run_reply(struct run *r, const char *fixture, const char *link)
{
	char	*body;
	size_t	 len;

	body = load(r->dir, fixture, &len);
	run_body(r, body, len, link);
	free(body);
}

static void
run_text(struct run *r, const char *body)
{
	run_body(r, body, strlen(body), NULL);
}

static void
run_free(struct run *r)
{
	req_clear(&r->req);
	free(r->cause);
	fetch_job_release(&r->job);
}

#define CHECK_MORE(r, want_url) do {					\
	CHECK_INT((r)->rc, FETCH_MORE);					\
	CHECK_STR((r)->req.url, (want_url));				\
} while (0)

#define CHECK_DONE_RUN(r) do {						\
	if ((r)->rc != FETCH_DONE)					\
		fprintf(stderr, "cause: %s\n", (r)->cause ?		\
		    (r)->cause : "(none)");				\
	CHECK_INT((r)->rc, FETCH_DONE);					\
} while (0)

#define CHECK_FAIL(r, want_cause) do {					\
	CHECK_INT((r)->rc, FETCH_FAIL);					\
	CHECK_STR((r)->cause, (want_cause));				\
	CHECK((r)->req.url == NULL && (r)->req.auth == NULL);		\
} while (0)

/* A cause in jansson's words, which vary by version: check the ends. */
static void
check_fail_json(struct run *r, const char *head, const char *tail)
{
	size_t	 n, m;

	CHECK_INT(r->rc, FETCH_FAIL);
	n = r->cause != NULL ? strlen(r->cause) : 0;
	m = strlen(tail);
	if (n < strlen(head) + m ||
	    strncmp(r->cause, head, strlen(head)) != 0 ||
	    strcmp(r->cause + n - m, tail) != 0) {
		fprintf(stderr, "cause '%s' is not '%s...%s'\n",
		    r->cause ? r->cause : "(null)", head, tail);
		check_failures++;
	}
}

/* The post with this remote id, or NULL after a failed check. */
static struct post *
post(struct run *r, const char *id)
{
	struct post	*p;

	if ((p = fetch_result_find_post(&r->job.result, id)) == NULL) {
		fprintf(stderr, "%s: no post '%s'\n", r->job.account.name, id);
		check_failures++;
	}
	return (p);
}

/* The strings of a list joined by spaces, for one comparison. */
static char *
joined(char **list, size_t n)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", list[i]);
	return (buf_detach(&b, NULL));
}

#define CHECK_LIST(list, n, want) do {					\
	char *j_ = joined((list), (n));					\
	CHECK_STR(j_, (want));						\
	free(j_);							\
} while (0)

static void
check_metrics(const struct post *p, int64_t likes, int64_t reposts,
    int64_t replies, int64_t quotes, int64_t views, int64_t bookmarks)
{
	const struct metric_point	*m = p->metrics;

	CHECK_INT(p->nmetrics, 1);
	if (p->nmetrics != 1)
		return;
	CHECK_INT(m->likes, likes);
	CHECK_INT(m->reposts, reposts);
	CHECK_INT(m->replies, replies);
	CHECK_INT(m->quotes, quotes);
	CHECK_INT(m->views, views);
	CHECK_INT(m->bookmarks, bookmarks);
}

static void
check_profile(struct run *r, const char *id, int64_t followers,
    int64_t following, int64_t posts, int rounded)
{
	const struct fetch_profile	*pr = &r->job.result.profile;

	CHECK_INT(pr->has_counts, 1);
	CHECK_STR(pr->remote_id, id);
	CHECK_INT(pr->followers, followers);
	CHECK_INT(pr->following, following);
	CHECK_INT(pr->posts, posts);
	CHECK_INT(pr->rounded, rounded);
}

/* The platform's adapter, from the registry. */
static const struct fetch_adapter *
adapter(const char *platform)
{
	return (platform_find(platform, strlen(platform))->adapter);
}

/* An error body through the adapter's error_message. */
static void
check_error_message(const char *platform, const char *body,
    const char *want)
{
	char	*got;

	got = adapter(platform)->error_message(body, strlen(body));
	CHECK_STR(got, want);
	free(got);
}

static void
check_error_fixture(const char *platform, const char *fixture,
    const char *want)
{
	const struct fetch_adapter	*ad = adapter(platform);
	char				*body, *got;
	size_t				 len;

	body = load(platform, fixture, &len);
	got = ad->error_message(body, len);
	CHECK_STR(got, want);
	free(got);
	free(body);
}

/* Mastodon ----------------------------------------------------------- */

#define M_BASE	"https://mastodon.example"
#define M_NEXT	M_BASE "/api/v1/accounts/109000000000000001/statuses?" \
		"limit=40&exclude_reblogs=true&exclude_replies=true&" \
		"max_id=114690000000000001"
#define M_LINK	"<" M_NEXT ">; rel=\"next\", <" M_BASE "/api/v1/accounts/" \
		"109000000000000001/statuses?limit=40&min_id=" \
		"114700000000000003>; rel=\"prev\""

static void
mastodon_init(struct run *r, const char *handle, const char *token)
{
	run_init(r, "mastodon", handle, M_BASE, token);
}

static void
check_mastodon_posts(struct run *r)
{
	struct post	*p;

	CHECK_INT(r->job.result.nposts, 5);
	CHECK(fetch_result_find_post(&r->job.result,
	    "114700000000000002") == NULL);	/* the boost */
	if ((p = post(r, "114700000000000003")) != NULL) {
		CHECK_INT(p->published_at, T_0614);
		CHECK_STR(p->url, M_BASE "/@alice/114700000000000003");
		CHECK_STR(p->kind, "post");
		CHECK_STR(p->title, "New post on the blog: why we stopped "
		    "guessing counts & started storing NULL. https://blog."
		    "example/posts/null-not-zero thanks @bob #CLang "
		    "#Databases");
		CHECK_LIST(p->tags, p->ntags, "clang databases");
		/* Mention and hashtag links dropped; the card's is the same. */
		CHECK_LIST(p->links, p->nlinks,
		    "https://blog.example/posts/null-not-zero");
		check_metrics(p, 30, 12, 4, 2, U, U);
	}
	if ((p = post(r, "114690000000000001")) != NULL) {
		CHECK_STR(p->kind, "reply");
		/* A Medium article is not a profile page, though it has /@. */
		CHECK_LIST(p->links, p->nlinks,
		    "https://medium.com/@carol/counting-followers-9f2c");
		check_metrics(p, 8, 3, 1, U, U, U);
	}
	if ((p = post(r, "114500000000000000")) != NULL) {
		CHECK_INT(p->published_at, T_0501);
		CHECK_LIST(p->tags, p->ntags, "mayday");
	}
	if ((p = post(r, "114400000000000000")) != NULL) {
		CHECK_INT(p->published_at, T_0420);
		CHECK_LIST(p->links, p->nlinks,
		    "https://code.example/tideline/releases/v0.1");
		check_metrics(p, 97, 40, 11, 3, U, U);
	}
}

static void
test_mastodon_flow(void)
{
	static const char *const refresh[] = {
		"114700000000000003", "114400000000000000",
	};
	struct run	 r;

	mastodon_init(&r, "@alice@mastodon.example", NULL);
	run_refresh(&r, refresh, 2);
	run_start(&r);
	CHECK_MORE(&r, M_BASE "/api/v1/accounts/lookup?acct="
	    "alice%40mastodon.example");
	CHECK(r.req.auth == NULL);
	run_reply(&r, "account.json", NULL);
	CHECK_MORE(&r, M_BASE "/api/v1/accounts/109000000000000001/statuses?"
	    "limit=40&exclude_reblogs=true&exclude_replies=true");
	check_profile(&r, "109000000000000001", 2481, 317, 1904, 0);
	run_reply(&r, "statuses-1.json", M_LINK);
	/* The Link header's URL, verbatim. */
	CHECK_MORE(&r, M_NEXT);
	/* Page 2 reaches back past recent_since: no page 3 despite Link. */
	run_reply(&r, "statuses-2.json", "<" M_BASE "/p3>; rel=\"next\"");
	/* One refresh: the other id came with the timeline already. */
	CHECK_MORE(&r, M_BASE "/api/v1/statuses/114400000000000000");
	run_reply(&r, "status-old.json", NULL);
	CHECK_DONE_RUN(&r);
	check_mastodon_posts(&r);
	run_free(&r);
}

static void
test_mastodon_token(void)
{
	struct run	 r;

	mastodon_init(&r, "@alice@mastodon.example", "mtoken");
	run_start(&r);
	CHECK_STR(r.req.auth, "Authorization: Bearer mtoken");
	run_reply(&r, "account.json", NULL);
	CHECK_STR(r.req.auth, "Authorization: Bearer mtoken");
	/* The next page on the API server gets it too. */
	run_reply(&r, "statuses-1.json", M_LINK);
	CHECK_MORE(&r, M_NEXT);
	CHECK_STR(r.req.auth, "Authorization: Bearer mtoken");
	run_free(&r);
}

/*
 * A Link to another host (or to what a parser could take for one) ends
 * the paging: no request there, the page read and the refreshes stay,
 * and the job says why in its warning.
 */
static void
check_foreign_link(const char *link, const char *warning)
{
	static const char *const refresh[] = { "114400000000000000" };
	struct run	 r;

	mastodon_init(&r, "@alice@mastodon.example", "mtoken");
	run_refresh(&r, refresh, 1);
	run_start(&r);
	run_reply(&r, "account.json", NULL);
	run_reply(&r, "statuses-1.json", link);
	CHECK_MORE(&r, M_BASE "/api/v1/statuses/114400000000000000");
	CHECK_STR(r.req.auth, "Authorization: Bearer mtoken");
	CHECK_STR(r.job.warning, warning);
	run_reply(&r, "status-old.json", NULL);
	CHECK_DONE_RUN(&r);
	CHECK_INT(r.job.result.nposts, 3);
	run_free(&r);
}

#define FOREIGN(origin) "paging stopped after page 1: the server's next " \
	"page is on '" origin "', not on its API server '" M_BASE "'"
#define UNCLEAR "paging stopped after page 1: the server's next page is " \
	"no plain http(s) URL on its API server '" M_BASE "'"

static void
test_mastodon_foreign_link(void)
{
	check_foreign_link("<https://elsewhere.example/api/v1/x>; rel=\"next\"",
	    FOREIGN("https://elsewhere.example"));
	/* A host that only starts like the API server's. */
	check_foreign_link("<https://mastodon.example.evil/api>; rel=\"next\"",
	    FOREIGN("https://mastodon.example.evil"));
	check_foreign_link("<http://mastodon.example/api>; rel=\"next\"",
	    FOREIGN("http://mastodon.example"));
	check_foreign_link("<https://mastodon.example:8443/api>; rel=\"next\"",
	    FOREIGN("https://mastodon.example:8443"));
	check_foreign_link("<https://mastodon.example@evil.example/api>; "
	    "rel=\"next\"", UNCLEAR);
	check_foreign_link("</api/v1/accounts/1/statuses?max_id=1>; "
	    "rel=\"next\"", UNCLEAR);
	check_foreign_link("<file:///etc/passwd>; rel=\"next\"", UNCLEAR);
}

static void
test_mastodon_hidden(void)
{
	struct run	 r;

	mastodon_init(&r, "@quiet@glitch.example", NULL);
	r.job.account.max_pages = 1;
	run_start(&r);
	run_reply(&r, "account-hidden.json", NULL);
	check_profile(&r, "109000000000000002", U, U, 77, 0);
	/* max_pages 1: the Link is not followed, nothing to refresh. */
	run_reply(&r, "statuses-1.json", M_LINK);
	CHECK_DONE_RUN(&r);
	CHECK_INT(r.job.result.nposts, 2);
	run_free(&r);

	mastodon_init(&r, "@pat@pleroma.example", NULL);
	r.job.account.max_pages = 0;
	run_start(&r);
	run_reply(&r, "account-pleroma.json", NULL);
	/* Followers hidden (0 means unknown), follows shown as 0. */
	check_profile(&r, "AQk3qM2w7nV8x1Zc2y", U, 0, 5120, 0);
	CHECK_DONE_RUN(&r);
	run_free(&r);
}

static void
mastodon_fail(const char *account, const char *statuses, const char *cause)
{
	struct run	 r;

	mastodon_init(&r, "@alice@mastodon.example", NULL);
	run_start(&r);
	run_text(&r, account);
	if (statuses != NULL)
		run_text(&r, statuses);
	CHECK_FAIL(&r, cause);
	run_free(&r);
}

static void
test_mastodon_failures(void)
{
	struct run	 r;

	mastodon_init(&r, "@gone@mastodon.example", NULL);
	run_start(&r);
	run_reply(&r, "account-suspended.json", NULL);
	CHECK_FAIL(&r, "account is suspended");
	run_free(&r);

	mastodon_fail("{\"id\":\"1\",\"followers_count\":\"lots\"}", NULL,
	    "mastodon: field 'followers_count' is not a count");
	mastodon_fail("{\"id\":\"1\",\"statuses_count\":12.5}", NULL,
	    "mastodon: field 'statuses_count' is not a count");
	mastodon_fail("{\"id\":1}", NULL,
	    "mastodon: field 'id' is not a string");
	mastodon_fail("{\"username\":\"alice\"}", NULL,
	    "mastodon: field 'id' is missing");
	mastodon_fail("[]", NULL,
	    "mastodon: the account lookup reply is not an object");
	mastodon_fail("{\"id\":\"1\"}", "{\"error\":\"x\"}",
	    "mastodon: the statuses reply is not a list");
	mastodon_fail("{\"id\":\"1\"}", "[{\"id\":\"5\",\"content\":\"\"}]",
	    "mastodon: field 'created_at' is missing");
	mastodon_fail("{\"id\":\"1\"}", "[{\"id\":\"5\","
	    "\"created_at\":\"yesterday\"}]", "mastodon: field 'created_at' "
	    "is not a time: not an ISO 8601 time (expected YYYY-MM-DD or "
	    "YYYY-MM-DDTHH:MM:SSZ)");
	mastodon_fail("{\"id\":\"1\"}", "[{\"id\":\"5\",\"created_at\":"
	    "\"2025-06-01T00:00:00Z\",\"favourites_count\":true}]",
	    "mastodon: field 'favourites_count' is not a count");
	mastodon_fail("{\"id\":\"1\"}", "[{\"id\":\"5\",\"created_at\":"
	    "\"2025-06-01T00:00:00Z\",\"url\":7}]",
	    "mastodon: field 'url' is not a string");
	mastodon_fail("{\"id\":\"1\"}", "[{\"id\":\"5\",\"created_at\":"
	    "\"2025-06-01T00:00:00Z\",\"tags\":[{\"url\":\"u\"}]}]",
	    "mastodon: field 'tags' holds a tag without a 'name'");
}

/* A page far longer than asked for is refused, not slowly read. */
static void
test_mastodon_huge_page(void)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	buf_addc(&b, '[');
	for (i = 0; i < 1001; i++)
		buf_printf(&b, "%s{\"id\":\"%zu\",\"created_at\":"
		    "\"2025-06-01T00:00:00Z\"}", i ? "," : "", i);
	buf_addc(&b, ']');
	mastodon_fail("{\"id\":\"1\"}", b.data,
	    "mastodon: the statuses reply is too long");
	buf_release(&b);
}

static void
test_mastodon_errors(void)
{
	check_error_fixture("mastodon", "error.json",
	    "Record not found");
	check_error_message("mastodon", "{\"error\":\"This API "
	    "requires an authenticated user\"}",
	    "This API requires an authenticated user");
	check_error_message("mastodon",
	    "<html><body>502 Bad Gateway</body></html>", NULL);
	check_error_message("mastodon", "", NULL);
	check_error_message("mastodon", "{\"error\":\"\"}", NULL);
	check_error_message("mastodon", "{\"error\":42}", NULL);
}

/* Bluesky ------------------------------------------------------------ */

#define B_BASE	"https://public.api.bsky.app"
#define B_DID	"did:plc:abc123xyz456def789ghi0jk"
#define B_EDID	"did%3Aplc%3Aabc123xyz456def789ghi0jk"
#define B_FEED	B_BASE "/xrpc/app.bsky.feed.getAuthorFeed?actor=" B_EDID \
		"&limit=100&filter=posts_and_author_threads&includePins=false"
#define B_URI(rkey) "at%3A%2F%2F" B_EDID "%2Fapp.bsky.feed.post%2F" rkey

static void
bluesky_init(struct run *r)
{
	run_init(r, "bluesky", "alice.bsky.social", B_BASE, NULL);
}

static void
check_bluesky_posts(struct run *r)
{
	struct post	*p;

	CHECK_INT(r->job.result.nposts, 5);
	CHECK(fetch_result_find_post(&r->job.result, "3lrbobpost0a") == NULL);
	CHECK(fetch_result_find_post(&r->job.result, "3lrcarol000a") == NULL);
	if ((p = post(r, "3lrpost3aa2x")) != NULL) {
		CHECK_INT(p->published_at, T_0614);
		CHECK_STR(p->url, "https://bsky.app/profile/alice.bsky.social/"
		    "post/3lrpost3aa2x");
		CHECK_STR(p->kind, "post");
		CHECK_STR(p->title, "New post: why a hidden count is not zero "
		    "blog.example/posts/nul... #OpenSource #Databases");
		CHECK_LIST(p->tags, p->ntags, "opensource databases");
		CHECK_LIST(p->links, p->nlinks, "https://blog.example/posts/"
		    "null-not-zero https://news.example/2025/06/counting");
		check_metrics(p, 30, 12, 4, 2, U, 6);
	}
	if ((p = post(r, "3lrpost2aa2x")) != NULL) {
		CHECK_STR(p->kind, "reply");
		CHECK_LIST(p->tags, p->ntags, "threads");
		CHECK_INT(p->nlinks, 0);
		check_metrics(p, 9, 1, 0, U, U, U);
	}
	if ((p = post(r, "3lqpost0aa2x")) != NULL)
		CHECK_LIST(p->links, p->nlinks,
		    "https://video.example/watch/42");
	/* A createdAt that is not a time: indexedAt stands in. */
	if ((p = post(r, "3lopost9aa2x")) != NULL)
		CHECK_INT(p->published_at, T_0501);
	if ((p = post(r, "3jzold1aaa22")) != NULL) {
		CHECK_INT(p->published_at, T_0420);
		CHECK_LIST(p->links, p->nlinks,
		    "https://code.example/tideline/releases/v0.1");
		check_metrics(p, 97, 40, 11, 3, U, 12);
	}
}

static void
test_bluesky_flow(void)
{
	static const char *const refresh[] = {
		"3jzold1aaa22", "3lrpost3aa2x",
	};
	struct run	 r;

	bluesky_init(&r);
	run_refresh(&r, refresh, 2);
	run_start(&r);
	CHECK_MORE(&r, B_BASE "/xrpc/app.bsky.actor.getProfile?actor="
	    "alice.bsky.social");
	CHECK(r.req.auth == NULL);
	run_reply(&r, "profile.json", NULL);
	check_profile(&r, B_DID, 1520, 310, 842, 0);
	CHECK_MORE(&r, B_FEED);
	run_reply(&r, "feed-1.json", NULL);
	CHECK_MORE(&r, B_FEED "&cursor=2025-06-09T12%3A00%3A00.5Z");
	/* The page reaches back past recent_since: no third page. */
	run_reply(&r, "feed-2.json", NULL);
	CHECK_MORE(&r, B_BASE "/xrpc/app.bsky.feed.getPosts?uris="
	    B_URI("3jzold1aaa22"));
	run_reply(&r, "posts.json", NULL);
	CHECK_DONE_RUN(&r);
	check_bluesky_posts(&r);
	run_free(&r);
}

static size_t
count_of(const char *s, const char *what)
{
	size_t	 n = 0;

	while (s != NULL && (s = strstr(s, what)) != NULL) {
		n++;
		s++;
	}
	return (n);
}

static void
test_bluesky_batches(void)
{
	struct run	 r;
	char		*ids[30];
	size_t		 i;

	for (i = 0; i < 30; i++)
		ids[i] = xasprintf("3old%08zu", i);
	bluesky_init(&r);
	r.job.account.remote_id = xstrdup("did:web:alice.example.com");
	run_refresh(&r, (const char *const *)ids, 30);
	run_start(&r);
	/* The known DID, not the handle. */
	CHECK_MORE(&r, B_BASE "/xrpc/app.bsky.actor.getProfile?actor="
	    "did%3Aweb%3Aalice.example.com");
	run_reply(&r, "profile-nocounts.json", NULL);
	check_profile(&r, "did:web:alice.example.com", U, U, U, 0);
	/* A cursor with an empty page ends the paging. */
	run_reply(&r, "feed-empty.json", NULL);
	CHECK_INT(r.rc, FETCH_MORE);
	CHECK_INT(count_of(r.req.url, "uris="), 25);
	CHECK(strstr(r.req.url, "?uris=at%3A%2F%2Fdid%3Aweb%3Aalice.example"
	    ".com%2Fapp.bsky.feed.post%2F3old00000000&uris=") != NULL);
	run_text(&r, "{\"posts\":[]}");
	CHECK_INT(count_of(r.req.url, "uris="), 5);
	CHECK(strstr(r.req.url, "%2F3old00000025&") != NULL);
	run_text(&r, "{\"posts\":[]}");
	CHECK_DONE_RUN(&r);
	CHECK_INT(r.job.result.nposts, 0);
	run_free(&r);
	for (i = 0; i < 30; i++)
		free(ids[i]);
}

static void
bluesky_fail(const char *profile, const char *feed, const char *cause)
{
	struct run	 r;

	bluesky_init(&r);
	run_start(&r);
	run_text(&r, profile);
	if (feed != NULL)
		run_text(&r, feed);
	CHECK_FAIL(&r, cause);
	run_free(&r);
}

#define B_OWN	"{\"uri\":\"at://" B_DID "/app.bsky.feed.post/3x\"," \
		"\"author\":{\"did\":\"" B_DID "\"},\"indexedAt\":" \
		"\"2025-06-01T00:00:00Z\",\"record\":{\"text\":\"t\"}"

static void
test_bluesky_failures(void)
{
	bluesky_fail("{\"handle\":\"alice.bsky.social\"}", NULL,
	    "bluesky: field 'did' is missing");
	bluesky_fail("{\"did\":\"" B_DID "\",\"followersCount\":-3,"
	    "\"followsCount\":[1]}", NULL,
	    "bluesky: field 'followsCount' is not a count");
	bluesky_fail("{\"did\":\"" B_DID "\"}", "{\"cursor\":\"c\"}",
	    "bluesky: field 'feed' is not a list");
	bluesky_fail("{\"did\":\"" B_DID "\"}", "{\"feed\":[{\"post\":"
	    B_OWN ",\"likeCount\":\"many\"}}]}",
	    "bluesky: field 'likeCount' is not a count");
	bluesky_fail("{\"did\":\"" B_DID "\"}", "{\"feed\":[{\"post\":{"
	    "\"uri\":\"https://bsky.app/x\",\"author\":{\"did\":\"" B_DID
	    "\"}}}]}", "bluesky: field 'uri' is not a post URI");
	bluesky_fail("{\"did\":\"" B_DID "\"}", "{\"feed\":[{\"post\":{"
	    "\"uri\":\"at://" B_DID "/app.bsky.feed.post/3x\",\"author\":"
	    "{\"did\":\"" B_DID "\"},\"record\":{}}}]}",
	    "bluesky: field 'indexedAt' is missing");
	bluesky_fail("{\"did\":\"" B_DID "\"}", "{\"feed\":[7]}",
	    "bluesky: a feed item is not an object");
}

static void
test_bluesky_errors(void)
{
	check_error_fixture("bluesky", "error.json",
	    "InvalidRequest: Profile not found");
	check_error_message("bluesky",
	    "{\"error\":\"RateLimitExceeded\"}", "RateLimitExceeded");
	check_error_message("bluesky",
	    "{\"message\":\"Internal Server Error\"}", "Internal Server Error");
	check_error_message("bluesky", "Bad Gateway", NULL);
}

/* X ------------------------------------------------------------------ */

#define X_BASE		"https://api.x.com"
#define X_FIELDS	"tweet.fields=created_at,public_metrics,entities," \
			"referenced_tweets"
#define X_TWEETS	X_BASE "/2/users/1234567890/tweets?max_results=100&" \
			X_FIELDS "&exclude=retweets,replies"

static void
x_init(struct run *r, const char *token)
{
	run_init(r, "x", "example_author", X_BASE, token);
}

static void
check_x_posts(struct run *r)
{
	struct post	*p;

	CHECK_INT(r->job.result.nposts, 6);
	if ((p = post(r, "1933900000000000003")) != NULL) {
		CHECK_INT(p->published_at, T_0614);
		CHECK_STR(p->url, "https://x.com/example_author/status/"
		    "1933900000000000003");
		CHECK_STR(p->kind, "post");
		CHECK_LIST(p->tags, p->ntags, "opensource databases");
		CHECK_LIST(p->links, p->nlinks,
		    "https://blog.example/posts/null-not-zero");
		check_metrics(p, 30, 12, 4, 2, 4811, 6);
	}
	if ((p = post(r, "1932500000000000002")) != NULL) {
		CHECK_STR(p->kind, "quote");
		CHECK_STR(p->title, "This, again. https://t.co/QuOtE00001");
		CHECK_LIST(p->links, p->nlinks, "https://x.com/example_author/"
		    "status/1920000000000000000");
	}
	if ((p = post(r, "1931000000000000001")) != NULL)
		check_metrics(p, 1, 0, 0, 0, U, U);
	if ((p = post(r, "1914000000000000000")) != NULL) {
		CHECK_INT(p->published_at, T_0420);
		check_metrics(p, 97, 40, 11, 3, 20512, 12);
	}
}

static void
test_x_flow(void)
{
	static const char *const refresh[] = {
		"1914000000000000000", "1933900000000000003",
		"1900000000000000000",
	};
	struct run	 r;

	x_init(&r, "xtoken");
	run_refresh(&r, refresh, 3);
	run_start(&r);
	CHECK_MORE(&r, X_BASE "/2/users/by/username/example_author?"
	    "user.fields=public_metrics,created_at");
	CHECK_STR(r.req.auth, "Authorization: Bearer xtoken");
	run_reply(&r, "user.json", NULL);
	check_profile(&r, "1234567890", 15230, 412, 8031, 0);
	CHECK_MORE(&r, X_TWEETS);
	CHECK_STR(r.req.auth, "Authorization: Bearer xtoken");
	run_reply(&r, "tweets-1.json", NULL);
	CHECK_MORE(&r, X_TWEETS "&pagination_token="
	    "7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i");
	run_reply(&r, "tweets-2.json", NULL);
	CHECK_MORE(&r, X_BASE "/2/tweets?ids=1914000000000000000,"
	    "1900000000000000000&" X_FIELDS);
	CHECK_STR(r.req.auth, "Authorization: Bearer xtoken");
	/* A deleted post is a partial error next to the others. */
	run_reply(&r, "tweets-lookup.json", NULL);
	CHECK_DONE_RUN(&r);
	check_x_posts(&r);
	run_free(&r);
}

static void
test_x_edges(void)
{
	struct run	 r;

	x_init(&r, NULL);
	run_start(&r);
	CHECK_FAIL(&r, "no X bearer token: set TIDELINE_X_BEARER_TOKEN or "
	    "x_bearer_token in the config file");
	run_free(&r);

	x_init(&r, "xtoken");
	run_start(&r);
	run_reply(&r, "user-not-found.json", NULL);
	CHECK_FAIL(&r, "Could not find user with username: [example_author].");
	run_free(&r);

	/* Partial errors next to data are fine; no posts at all, too. */
	x_init(&r, "xtoken");
	run_start(&r);
	run_text(&r, "{\"data\":{\"id\":\"42\",\"public_metrics\":"
	    "{\"followers_count\":5}},\"errors\":[{\"detail\":\"partial\"}]}");
	check_profile(&r, "42", 5, U, U, 0);
	run_reply(&r, "tweets-none.json", NULL);
	CHECK_DONE_RUN(&r);
	CHECK_INT(r.job.result.nposts, 0);
	run_free(&r);
}

static void
x_fail(const char *user, const char *tweets, const char *cause)
{
	struct run	 r;

	x_init(&r, "xtoken");
	run_start(&r);
	run_text(&r, user);
	if (tweets != NULL)
		run_text(&r, tweets);
	CHECK_FAIL(&r, cause);
	run_free(&r);
}

static void
test_x_failures(void)
{
	x_fail("{}", NULL, "x: the user reply has no 'data'");
	x_fail("{\"data\":{\"id\":\"42\",\"public_metrics\":3}}", NULL,
	    "x: field 'public_metrics' is not an object");
	x_fail("{\"data\":{\"id\":\"42\",\"public_metrics\":"
	    "{\"tweet_count\":\"1e3\"}}}", NULL,
	    "x: field 'tweet_count' is not a count");
	x_fail("{\"data\":{\"id\":\"42\"}}", "{\"data\":[{\"id\":\"1\","
	    "\"text\":\"t\",\"created_at\":\"2025-06-01T00:00:00.000Z\","
	    "\"public_metrics\":{\"like_count\":1.5}}]}",
	    "x: field 'like_count' is not a count");
	x_fail("{\"data\":{\"id\":\"42\"}}", "{\"data\":[{\"id\":\"1\","
	    "\"text\":\"t\"}]}", "x: field 'created_at' is missing");
	x_fail("{\"data\":{\"id\":\"42\"}}", "{\"data\":{}}",
	    "x: field 'data' is not a list");
	x_fail("{\"data\":{\"id\":\"42\"}}", "{\"errors\":[{\"title\":"
	    "\"Authorization Error\",\"detail\":\"Sorry, you are not "
	    "authorized to see the user with id: [42].\"}]}",
	    "Sorry, you are not authorized to see the user with id: [42].");
}

static void
test_x_errors(void)
{
	check_error_fixture("x", "error-problem.json",
	    "Unauthorized");
	check_error_fixture("x", "error-ratelimit.json",
	    "Rate limit exceeded");
	check_error_fixture("x", "user-not-found.json",
	    "Could not find user with username: [example_author].");
	check_error_message("x", "{\"title\":\"Too Many "
	    "Requests\"}", "Too Many Requests");
	check_error_message("x", "{}", NULL);
}

/* YouTube ------------------------------------------------------------ */

#define Y_BASE		"https://www.googleapis.com"
#define Y_UPLOADS	Y_BASE "/youtube/v3/playlistItems?" \
			"part=contentDetails&" \
			"playlistId=UUabcdefghijklmnopqrstuv&maxResults=50"

static void
youtube_init(struct run *r, const char *handle, const char *key)
{
	run_init(r, "youtube", handle, Y_BASE, key);
}

static void
check_youtube_posts(struct run *r)
{
	struct post	*p;

	CHECK_INT(r->job.result.nposts, 5);
	if ((p = post(r, "Xk3pQ9vLm2A")) != NULL) {
		CHECK_INT(p->published_at, T_0614);
		CHECK_STR(p->url,
		    "https://www.youtube.com/watch?v=Xk3pQ9vLm2A");
		CHECK_STR(p->kind, "video");
		CHECK_STR(p->title, "Why a hidden count is not zero");
		CHECK_LIST(p->tags, p->ntags, "databases null sqlite");
		CHECK_LIST(p->links, p->nlinks, "https://blog.example/posts/"
		    "null-not-zero https://code.example/tideline");
		check_metrics(p, 1930, U, 212, U, 48211, U);
	}
	if ((p = post(r, "b7TnR4sWq1E")) != NULL)
		check_metrics(p, U, U, 31, U, 9050, U);
	if ((p = post(r, "Hc2ZyU8oP5k")) != NULL) {
		check_metrics(p, 700, U, U, U, 15000, U);
		CHECK_LIST(p->links, p->nlinks, "https://shop.example/merch");
	}
	if ((p = post(r, "Zr5tW8eKa3N")) != NULL)
		CHECK_INT(p->published_at, T_0420);
}

static void
test_youtube_flow(void)
{
	static const char *const refresh[] = { "Zr5tW8eKa3N", "Xk3pQ9vLm2A",
	    "GoneVideo01" };
	struct run	 r;

	youtube_init(&r, "@examplechannel", "ytkey");
	run_refresh(&r, refresh, 3);
	run_start(&r);
	CHECK_MORE(&r, Y_BASE "/youtube/v3/channels?part=statistics,"
	    "contentDetails,snippet&forHandle=%40examplechannel&key=ytkey");
	CHECK(r.req.auth == NULL);
	run_reply(&r, "channel.json", NULL);
	check_profile(&r, "UCabcdefghijklmnopqrstuv", 12300, U, 87, 1);
	CHECK_MORE(&r, Y_UPLOADS "&key=ytkey");
	run_reply(&r, "uploads-1.json", NULL);
	CHECK_MORE(&r, Y_UPLOADS "&pageToken=EAAaBlBUOkNESQ&key=ytkey");
	/* Page 2 reaches back past recent_since: no third page. */
	run_reply(&r, "uploads-2.json", NULL);
	CHECK_MORE(&r, Y_BASE "/youtube/v3/videos?part=statistics,snippet&"
	    "id=Xk3pQ9vLm2A,b7TnR4sWq1E,pRiVaTe0001,Hc2ZyU8oP5k,mN6vB3xJt0R"
	    "&key=ytkey");
	/*
	 * The private video is simply absent from the reply. The reply
	 * holds an older video due for a refresh too: not asked again.
	 */
	run_reply(&r, "videos.json", NULL);
	/* The refreshes: only the video no reply held yet. */
	CHECK_MORE(&r, Y_BASE "/youtube/v3/videos?part=statistics,snippet&"
	    "id=GoneVideo01&key=ytkey");
	/* It is not in the reply: deleted since. */
	run_reply(&r, "channel-empty.json", NULL);
	CHECK_DONE_RUN(&r);
	CHECK_INT(r.job.result.ngone, 1);
	if (r.job.result.ngone == 1)
		CHECK_STR(r.job.result.gone[0], "GoneVideo01");
	check_youtube_posts(&r);
	run_free(&r);
}

static void
test_youtube_batches(void)
{
	struct run	 r;
	char		*ids[60];
	size_t		 i;

	for (i = 0; i < 60; i++)
		ids[i] = xasprintf("vid%08zu", i);
	youtube_init(&r, "UChiddenhiddenhiddenhidd", "a+b/c");
	r.job.account.max_pages = 0;
	run_refresh(&r, (const char *const *)ids, 60);
	run_start(&r);
	CHECK_MORE(&r, Y_BASE "/youtube/v3/channels?part=statistics,"
	    "contentDetails,snippet&id=UChiddenhiddenhiddenhidd&key=a%2Bb%2Fc");
	run_reply(&r, "channel-hidden.json", NULL);
	check_profile(&r, "UChiddenhiddenhiddenhidd", U, U, 12, 1);
	CHECK_INT(r.rc, FETCH_MORE);
	/* 50 ids, and the comma of "part=statistics,snippet". */
	CHECK_INT(count_of(r.req.url, ","), 50);
	CHECK(strstr(r.req.url, "&id=vid00000000,vid00000001,") != NULL);
	run_text(&r, "{\"items\":[]}");
	CHECK_INT(count_of(r.req.url, ","), 10);
	CHECK(strstr(r.req.url, "&id=vid00000050,") != NULL);
	CHECK(strstr(r.req.url, "vid00000059&key=a%2Bb%2Fc") != NULL);
	run_text(&r, "{\"kind\":\"youtube#videoListResponse\"}");
	CHECK_DONE_RUN(&r);
	run_free(&r);
	for (i = 0; i < 60; i++)
		free(ids[i]);
}

static void
youtube_fail(const char *channel, const char *next, const char *cause)
{
	struct run	 r;

	youtube_init(&r, "@examplechannel", "ytkey");
	run_start(&r);
	run_text(&r, channel);
	if (next != NULL)
		run_text(&r, next);
	CHECK_FAIL(&r, cause);
	run_free(&r);
}

#define Y_CHANNEL "{\"items\":[{\"id\":\"UCx\",\"contentDetails\":" \
		"{\"relatedPlaylists\":{\"uploads\":\"UUx\"}}}]}"

static void
test_youtube_failures(void)
{
	struct run	 r;

	youtube_init(&r, "@examplechannel", NULL);
	run_start(&r);
	CHECK_FAIL(&r, "no YouTube API key: set TIDELINE_YOUTUBE_API_KEY or "
	    "youtube_api_key in the config file");
	run_free(&r);

	youtube_init(&r, "@examplechannel", "ytkey");
	run_start(&r);
	run_reply(&r, "channel-empty.json", NULL);
	CHECK_FAIL(&r, "no YouTube channel '@examplechannel'");
	run_free(&r);

	youtube_fail("{\"items\":[{\"id\":\"UCx\",\"statistics\":"
	    "{\"subscriberCount\":\"12.3K\"}}]}", NULL,
	    "youtube: field 'subscriberCount' is not a count");
	youtube_fail("{\"items\":[{\"id\":\"UCx\",\"statistics\":"
	    "{\"hiddenSubscriberCount\":\"no\"}}]}", NULL,
	    "youtube: field 'hiddenSubscriberCount' is not a boolean");
	youtube_fail("{\"items\":[{\"id\":\"UCx\"}]}", NULL,
	    "youtube: field 'uploads' is missing");
	youtube_fail(Y_CHANNEL, "{\"items\":[{\"contentDetails\":{}}]}",
	    "youtube: field 'videoId' is missing");
	youtube_fail(Y_CHANNEL, "{\"items\":{}}",
	    "youtube: field 'items' is not a list");
}

static void
test_youtube_videos_fail(void)
{
	static const char *const refresh[] = { "v1" };
	struct run	 r;

	youtube_init(&r, "@examplechannel", "ytkey");
	r.job.account.max_pages = 0;
	run_refresh(&r, refresh, 1);
	run_start(&r);
	run_text(&r, Y_CHANNEL);
	run_text(&r, "{\"items\":[{\"id\":\"v1\",\"snippet\":{}}]}");
	CHECK_FAIL(&r, "youtube: field 'publishedAt' is missing");
	run_free(&r);

	youtube_init(&r, "@examplechannel", "ytkey");
	r.job.account.max_pages = 0;
	run_refresh(&r, refresh, 1);
	run_start(&r);
	run_text(&r, Y_CHANNEL);
	run_text(&r, "{\"items\":[{\"id\":\"v1\",\"snippet\":{\"publishedAt\":"
	    "\"2025-01-01T00:00:00Z\"},\"statistics\":{\"viewCount\":-5}}]}");
	/* A negative count is a hidden one. */
	CHECK_DONE_RUN(&r);
	if (r.job.result.nposts == 1 && r.job.result.posts[0].nmetrics == 1)
		CHECK_INT(r.job.result.posts[0].metrics[0].views, U);
	else
		CHECK(!"one post with its metrics");
	run_free(&r);
}

static void
test_youtube_errors(void)
{
	check_error_fixture("youtube", "error.json",
	    "The request cannot be completed because you have exceeded your "
	    "quota. (quotaExceeded)");
	check_error_message("youtube", "{\"error\":{\"code\":400,"
	    "\"message\":\"API key not valid. Please pass a valid API key.\","
	    "\"errors\":[{\"domain\":\"global\",\"reason\":\"badRequest\"}]}}",
	    "API key not valid. Please pass a valid API key. (badRequest)");
	check_error_message("youtube",
	    "{\"error\":{\"message\":\"Backend Error\"}}", "Backend Error");
	check_error_message("youtube", "{\"error\":\"x\"}", NULL);
}

static void
test_malformed(void)
{
	struct run	 r;

	mastodon_init(&r, "@alice@mastodon.example", NULL);
	run_start(&r);
	run_text(&r, "{\"id\":");
	check_fail_json(&r, "malformed JSON from mastodon: ",
	    " at line 1 column 6");
	run_free(&r);
	bluesky_init(&r);
	run_start(&r);
	run_reply(&r, "profile.json", NULL);
	run_text(&r, "<html><body>502</body></html>");
	check_fail_json(&r, "malformed JSON from bluesky: ",
	    " at line 1 column 1");
	run_free(&r);
	x_init(&r, "t");
	run_start(&r);
	run_text(&r, "");
	check_fail_json(&r, "malformed JSON from x: ", " at line 1 column 0");
	run_free(&r);
	youtube_init(&r, "@examplechannel", "k");
	run_start(&r);
	run_text(&r, "{\"items\": [}");
	check_fail_json(&r, "malformed JSON from youtube: ",
	    " at line 1 column 12");
	run_free(&r);
}

/* Counts near 2^63 ----------------------------------------------------- */

#define HUGE_WHY(platform, field, n) platform ": field '" field "': " n \
		" is not a plausible count (at most 10^15)"
#define STATUS_AT "\"id\":\"5\",\"created_at\":\"2025-06-01T00:00:00Z\""

/*
 * Every adapter refuses a count above 10^15, whichever field, as an
 * integer or as a string, naming the field; 10^15 itself is taken.
 */
static void
test_huge_counts(void)
{
	struct run	 r;

	mastodon_fail("{\"id\":\"1\",\"followers_count\":9223372036854775807}",
	    NULL, HUGE_WHY("mastodon", "followers_count",
	    "9223372036854775807"));
	mastodon_fail("{\"id\":\"1\"}", "[{" STATUS_AT ",\"favourites_count\":"
	    "1000000000000001}]", HUGE_WHY("mastodon", "favourites_count",
	    "1000000000000001"));
	bluesky_fail("{\"did\":\"" B_DID "\",\"followersCount\":"
	    "4611686018427387904}", NULL, HUGE_WHY("bluesky",
	    "followersCount", "4611686018427387904"));
	bluesky_fail("{\"did\":\"" B_DID "\"}", "{\"feed\":[{\"post\":" B_OWN
	    ",\"repostCount\":9223372036854775807}}]}", HUGE_WHY("bluesky",
	    "repostCount", "9223372036854775807"));
	x_fail("{\"data\":{\"id\":\"42\",\"public_metrics\":"
	    "{\"followers_count\":9223372036854775807}}}", NULL,
	    HUGE_WHY("x", "followers_count", "9223372036854775807"));
	x_fail("{\"data\":{\"id\":\"42\"}}", "{\"data\":[{\"id\":\"1\","
	    "\"text\":\"t\",\"created_at\":\"2025-06-01T00:00:00.000Z\","
	    "\"public_metrics\":{\"impression_count\":1000000000000001}}]}",
	    HUGE_WHY("x", "impression_count", "1000000000000001"));
	/* YouTube's counts are strings, of any length. */
	youtube_fail("{\"items\":[{\"id\":\"UCx\",\"statistics\":"
	    "{\"subscriberCount\":\"9223372036854775807\"}}]}", NULL,
	    HUGE_WHY("youtube", "subscriberCount", "9223372036854775807"));
	youtube_fail("{\"items\":[{\"id\":\"UCx\",\"statistics\":"
	    "{\"videoCount\":\"1234567890123456789012345678901234567890"
	    "12345678901234567890\"}}]}", NULL, HUGE_WHY("youtube",
	    "videoCount", "1234567890123456789012345678901234567890..."));
	/* Past int64, jansson itself refuses the reply. */
	mastodon_init(&r, "@alice@mastodon.example", NULL);
	run_start(&r);
	run_text(&r, "{\"id\":\"1\",\"followers_count\":9223372036854775808}");
	check_fail_json(&r, "malformed JSON from mastodon: ", "");
	run_free(&r);
	/* The bound itself is a count. */
	mastodon_init(&r, "@alice@mastodon.example", NULL);
	run_start(&r);
	run_text(&r, "{\"id\":\"1\",\"followers_count\":1000000000000000}");
	run_text(&r, "[{" STATUS_AT ",\"reblogs_count\":1000000000000000}]");
	CHECK_DONE_RUN(&r);
	CHECK_INT(r.job.result.profile.followers, COUNT_MAX);
	if (r.job.result.nposts == 1)
		check_metrics(&r.job.result.posts[0], U, COUNT_MAX, U, U, U, U);
	else
		CHECK(!"one post");
	run_free(&r);
}

/* Results ------------------------------------------------------------ */

static void
test_result_helpers(void)
{
	struct fetch_job	 job;
	struct metric_point	*m;
	struct post		*p;

	memset(&job, 0, sizeof job);
	job.account.name = xstrdup("x:someone");
	job.account.token = xstrdup("secret");
	job.error = xstrdup("why");
	job.result.profile.remote_id = xstrdup("42");
	p = fetch_result_add_post(&job.result);
	CHECK_STR(p->kind, "post");
	CHECK_INT(p->nmetrics, 0);
	m = post_metrics_now(p);
	CHECK(m->likes == U && m->reposts == U && m->replies == U &&
	    m->quotes == U && m->views == U && m->bookmarks == U);
	CHECK(post_metrics_now(p) == m && p->nmetrics == 1);
	p->remote_id = xstrdup("a");
	fetch_post_add_tag(p, " #Rust ", 7);
	fetch_post_add_tag(p, "rust", 4);
	fetch_post_add_tag(p, "##", 2);
	fetch_post_add_tag(p, "\xc3\x9c" "ber", 5);
	fetch_post_add_tag(p, "Tag\0junk", 8);
	/* One normaliser for every source: Ü is ü here as in a feed. */
	CHECK_LIST(p->tags, p->ntags, "rust \xc3\xbc" "ber tag");
	fetch_post_add_link(p, "https://a.example/", 18);
	fetch_post_add_link(p, "https://a.example/x", 18);
	fetch_post_add_link(p, "", 0);
	CHECK_LIST(p->links, p->nlinks, "https://a.example/");
	CHECK(fetch_result_find_post(&job.result, "a") == p);
	CHECK(fetch_result_find_post(&job.result, "b") == NULL);
	fetch_job_release(&job);
	CHECK(job.result.posts == NULL && job.result.nposts == 0);
	CHECK(job.account.token == NULL && job.error == NULL);
}

/* Past the caps every source shares, the first tags and links stay. */
static void
test_result_caps(void)
{
	struct post	 p;
	char		 s[32];
	int		 i, n;

	memset(&p, 0, sizeof p);
	for (i = 0; i < POST_MAX_TAGS + 36; i++) {
		n = snprintf(s, sizeof s, "Tag%d", i);
		fetch_post_add_tag(&p, s, (size_t)n);
		fetch_post_add_tag(&p, "tag0", 4);
	}
	CHECK_INT(p.ntags, POST_MAX_TAGS);
	CHECK_STR(p.tags[0], "tag0");
	snprintf(s, sizeof s, "tag%d", POST_MAX_TAGS - 1);
	CHECK_STR(p.tags[POST_MAX_TAGS - 1], s);
	for (i = 0; i < POST_MAX_LINKS + 44; i++) {
		n = snprintf(s, sizeof s, "https://a.example/%d", i);
		fetch_post_add_link(&p, s, (size_t)n);
	}
	CHECK_INT(p.nlinks, POST_MAX_LINKS);
	snprintf(s, sizeof s, "https://a.example/%d", POST_MAX_LINKS - 1);
	CHECK_STR(p.links[POST_MAX_LINKS - 1], s);
	post_release(&p);
}

int
main(void)
{
	if ((source_root = getenv("TIDELINE_SOURCE_ROOT")) == NULL) {
		fprintf(stderr, "TIDELINE_SOURCE_ROOT is not set: it must "
		    "name the source tree, for tests/fixtures\n");
		return (1);
	}
	test_result_helpers();
	test_result_caps();
	test_mastodon_flow();
	test_mastodon_token();
	test_mastodon_foreign_link();
	test_mastodon_hidden();
	test_mastodon_failures();
	test_mastodon_huge_page();
	test_mastodon_errors();
	test_bluesky_flow();
	test_bluesky_batches();
	test_bluesky_failures();
	test_bluesky_errors();
	test_x_flow();
	test_x_edges();
	test_x_failures();
	test_x_errors();
	test_youtube_flow();
	test_youtube_batches();
	test_youtube_failures();
	test_youtube_videos_fail();
	test_youtube_errors();
	test_malformed();
	test_huge_counts();
	return (CHECK_DONE());
}
