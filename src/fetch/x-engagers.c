/*
 * X's engager lists of a tweet: tweets/:id/liking_users and
 * /retweeted_by, newest first (inference from the v2 docs), 100 a page,
 * paged by meta.next_token; User objects whose public_metrics carry
 * followers_count, but no times: each is placed between the read that
 * first listed it and the one before. Every user read is billed, so
 * each page asks for no more than the account's purse (the month's cap,
 * shared with its census this run) still pays for.
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

#define PAGE_LIMIT	100	/* the most the endpoints give */

enum {
	STEP_LIST = 1,		/* a page of the list */
};

static enum fetch_step_result	 engagers_next(struct fetch_job *,
				    const struct fetch_response *,
				    struct fetch_request *, char **);

const struct fetch_adapter x_engagers_adapter = {
	.next = engagers_next,
	.error_message = x_error_message,
};

static const char *const paths[] = {
	[ENGAGEMENT_LIKE] = "liking_users",
	[ENGAGEMENT_REPOST] = "retweeted_by",
};

/*
 * A page from token (NULL: the top), as many as the purse pays for;
 * FETCH_DONE when it pays for none: the pass keeps its place (token)
 * and goes on next month, or once the cap is raised.
 */
static enum fetch_step_result
list_request(struct fetch_job *job, struct fetch_request *req,
    const char *token, char **cause)
{
	struct fetch_engagers	*g = job->engagers;
	struct buf		 b = BUF_INIT;
	char			*esc;

	if (g->kind != ENGAGEMENT_LIKE && g->kind != ENGAGEMENT_REPOST) {
		*cause = xasprintf("x: no %s list is read",
		    engagement_kind_name(g->kind));
		return (FETCH_FAIL);
	}
	g->taken = fetch_purse_take(g->purse, g->read_price, PAGE_LIMIT);
	if (g->taken == 0) {
		g->cap_spent = 1;
		if (token != g->next) {
			free(g->next);
			g->next = token != NULL ? xstrdup(token) : NULL;
		}
		fetch_job_warn(job, "this month's cap on reads is spent: the "
		    "%s list of post %s is read next month, or once the cap "
		    "is raised", engagement_kind_name(g->kind), g->post);
		return (FETCH_DONE);
	}
	esc = fetch_escape(g->post);
	buf_printf(&b, "%s/2/tweets/%s/%s?max_results=%lld&"
	    "user.fields=public_metrics", job->account.api_base, esc,
	    paths[g->kind], (long long)g->taken);
	free(esc);
	if (token != NULL) {
		esc = fetch_escape(token);
		buf_printf(&b, "&pagination_token=%s", esc);
		free(esc);
	}
	req->url = buf_detach(&b, NULL);
	req->step = STEP_LIST;
	req->auth = xasprintf("Authorization: Bearer %s", job->account.token);
	return (FETCH_MORE);
}

static int
read_user(struct fetch_job *job, json_t *u, char **cause)
{
	struct engagement	*e;
	json_t			*m;
	const char		*id, *username;
	int64_t			 followers;

	if (!json_is_object(u)) {
		*cause = xstrdup("x: an engager is not an object");
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
	if (parse_count(m, "followers_count", &followers, cause) != 0)
		return (parse_blame("x", cause));
	e = fetch_engagers_add(job, id);
	e->handle = xstrdup(username);
	e->followers = followers;
	return (0);
}

/* The page's users into the held page; *items: how many it held. */
static int
read_page(struct fetch_job *job, json_t *root, size_t *items, char **cause)
{
	json_t	*data, *u;
	size_t	 i;

	*items = 0;
	if ((data = json_object_get(root, "data")) == NULL)
		return (0);	/* nobody (result_count 0) */
	if (!json_is_array(data) || json_array_size(data) > PAGE_LIMIT) {
		*cause = xasprintf("x: field 'data' is %s",
		    json_is_array(data) ? "too long" : "not a list");
		return (-1);
	}
	json_array_foreach(data, i, u) {
		if (read_user(job, u, cause) != 0)
			return (-1);
	}
	*items = json_array_size(data);
	return (0);
}

static enum fetch_step_result
on_list(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct fetch_engagers	*g = job->engagers;
	json_t			*root, *meta, *token;
	const char		*from;
	char			*words;
	size_t			 items = 0;

	if ((root = parse_json(resp->body, resp->len, "x", cause)) == NULL)
		return (FETCH_FAIL);
	/* A tweet deleted since, or protected: HTTP 200 with only errors. */
	meta = json_is_object(root) ? json_object_get(root, "meta") : NULL;
	if (!json_is_object(meta)) {
		words = json_is_object(root) ? x_errors_text(root) : NULL;
		json_decref(root);
		if (words == NULL) {
			*cause = xstrdup("x: the reply has no 'meta'");
			return (FETCH_FAIL);
		}
		fetch_purse_give(g->purse, g->read_price, g->taken);
		g->taken = 0;
		fetch_job_warn(job, "the %s list of post %s is not served "
		    "(%s): deleted or protected",
		    engagement_kind_name(g->kind), g->post, words);
		free(words);
		g->ended = 1;
		return (FETCH_DONE);
	}
	if (read_page(job, root, &items, cause) != 0) {
		json_decref(root);
		return (FETCH_FAIL);
	}
	/* Billed for what it read; the rest of what it took, given back. */
	fetch_purse_give(g->purse, g->read_price, g->taken - (int64_t)items);
	g->taken = 0;
	g->billed += (int64_t)items;
	token = json_object_get(meta, "next_token");
	from = fetch_engagers_page(job, items > 0 && json_is_string(token) ?
	    json_string_value(token) : NULL);
	json_decref(root);
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
	*cause = xasprintf("x: no engager step %d", resp->step);
	return (FETCH_FAIL);
}
