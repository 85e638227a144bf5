/*
 * Bluesky's census: the account's followers from app.bsky.graph.getFollowers
 * (newest first, 100 a page, an opaque cursor), each a profileView with a
 * DID and a handle but no counts and no activity; so activity is checked
 * apart, for a sample of the followers each run, by their post counts
 * from app.bsky.actor.getProfiles (25 a request); and for followers gone
 * from the list getProfiles tells whether the account is still there
 * (unfollowed) or not (deleted, or deactivated). With the owner's app
 * password their follow notifications come first (bluesky-notify.c).
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

#define PAGE_LIMIT	100	/* the most getFollowers gives */
#define PAGE_MAX	1000	/* more in one reply: broken or hostile */
/* The window audience measures activity in, and a check must span. */
#define ACTIVE_WINDOW	(30 * 24 * 60 * 60)

enum {
	STEP_TOP = 1,		/* the follower list's first page */
	STEP_FOLLOWERS,		/* a page of the follower list */
	STEP_VERIFY,		/* getProfiles of followers gone */
	STEP_ACTIVITY,		/* getProfiles of the sample */
};

struct census_state {
	size_t	 from;		/* the batch asked: its first index ... */
	size_t	 n;		/* ... and its length */
	struct bluesky_session session;	/* the owner's, with a password */
};

static enum fetch_step_result	 census_next(struct fetch_job *,
				    const struct fetch_response *,
				    struct fetch_request *, char **);
static void			 census_release(struct fetch_job *);

const struct fetch_adapter bluesky_census_adapter = {
	.next = census_next,
	.error_message = bluesky_error_message,
	.release = census_release,
};

static enum fetch_step_result phase_start(struct fetch_job *,
		    struct fetch_request *, enum fetch_census_phase);

static enum fetch_step_result
request(struct fetch_request *req, int step, char *url)
{
	req->url = url;
	req->step = step;
	req->auth = NULL;	/* the AppView takes no auth */
	return (FETCH_MORE);
}

/* A page of followers from cursor (NULL: the newest). */
static enum fetch_step_result
followers_request(struct fetch_job *job, struct fetch_request *req,
    const char *cursor)
{
	struct buf	 b = BUF_INIT;
	const char	*actor;
	char		*esc;

	/* The DID survives a change of handle. */
	actor = job->result.profile.remote_id != NULL ?
	    job->result.profile.remote_id : job->account.handle;
	esc = fetch_escape(actor);
	buf_printf(&b, "%s/xrpc/app.bsky.graph.getFollowers?actor=%s&limit=%d",
	    job->account.api_base, esc, PAGE_LIMIT);
	free(esc);
	if (cursor != NULL) {
		esc = fetch_escape(cursor);
		buf_printf(&b, "&cursor=%s", esc);
		free(esc);
	}
	return (request(req, cursor == NULL ? STEP_TOP : STEP_FOLLOWERS,
	    buf_detach(&b, NULL)));
}

/* getProfiles of the n DIDs in ids (at most 25), batch 'from' of its list. */
static enum fetch_step_result
profiles_request(struct fetch_job *job, struct fetch_request *req, int step,
    const char **ids, size_t from, size_t n)
{
	struct census_state	*st = job->state;
	struct buf		 b = BUF_INIT;
	char			*esc;
	size_t			 i;

	st->from = from;
	st->n = n;
	buf_printf(&b, "%s/xrpc/app.bsky.actor.getProfiles",
	    job->account.api_base);
	for (i = 0; i < n; i++) {
		esc = fetch_escape(ids[i]);
		buf_printf(&b, "%cactors=%s", i == 0 ? '?' : '&', esc);
		free(esc);
	}
	return (request(req, step, buf_detach(&b, NULL)));
}

static size_t
batch_of(size_t done, size_t total)
{
	return (total - done < BLUESKY_PROFILES_MAX ? total - done :
	    BLUESKY_PROFILES_MAX);
}

/* The phase is over: the next one, if any. */
static enum fetch_step_result
phase_end(struct fetch_job *job, struct fetch_request *req)
{
	enum fetch_census_phase	 next = fetch_census_next(job);

	if (next == CENSUS_PHASE_NONE)
		return (FETCH_DONE);
	return (phase_start(job, req, next));
}

/* Ask the next followers gone from the list whether they are there. */
static enum fetch_step_result
verify_next(struct fetch_job *job, struct fetch_request *req)
{
	struct fetch_census	*c = job->census;
	const char		*ids[BLUESKY_PROFILES_MAX];
	size_t			 i, from = c->verified;

	if (c->verified >= c->nverify || !fetch_census_affords(job))
		return (phase_end(job, req));
	for (i = 0; i < batch_of(from, c->nverify); i++)
		ids[i] = c->verify[from + i];
	c->verified += i;
	return (profiles_request(job, req, STEP_VERIFY, ids, from, i));
}

/* Ask for the post counts of the sample's next followers. */
static enum fetch_step_result
activity_next(struct fetch_job *job, struct fetch_request *req)
{
	struct fetch_census	*c = job->census;
	const char		*ids[BLUESKY_PROFILES_MAX];
	size_t			 i, from = c->sampled;

	if (c->sampled >= c->nsample || !fetch_census_affords(job))
		return (FETCH_DONE);
	for (i = 0; i < batch_of(from, c->nsample); i++)
		ids[i] = c->sample[from + i].id;
	c->sampled += i;
	return (profiles_request(job, req, STEP_ACTIVITY, ids, from, i));
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
			return (phase_end(job, req));
		return (followers_request(job, req, c->cursor));
	case CENSUS_PHASE_VERIFY:
		return (verify_next(job, req));
	case CENSUS_PHASE_ACTIVITY:
		return (activity_next(job, req));
	default:
		return (FETCH_DONE);
	}
}

static int
read_follower(struct fetch_job *job, json_t *a, char **cause)
{
	struct census_follower	*f;
	const char		*did, *handle;

	if (!json_is_object(a)) {
		*cause = xstrdup("bluesky: a follower is not an object");
		return (-1);
	}
	if (parse_required_string(a, "did", &did, cause) != 0 ||
	    parse_required_string(a, "handle", &handle, cause) != 0)
		return (parse_blame("bluesky", cause));
	f = fetch_census_add(job);
	f->id = xstrdup(did);
	f->handle = xstrdup(handle);
	return (0);
}

/* root[key]: a list of a sane length, or -1 with *cause. */
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

/*
 * Where the next page starts, as a new string, or NULL at the end. An
 * empty page that still sends a cursor is not a list read to its end:
 * the walk stops there and counts no losses from it.
 */
static char *
next_cursor(struct fetch_job *job, json_t *root, size_t items)
{
	const char	*cursor = parse_string(root, "cursor");

	if (cursor == NULL || *cursor == '\0')
		return (NULL);
	if (items > 0)
		return (xstrdup(cursor));
	fetch_job_warn(job, "the follower list sent an empty page that "
	    "goes on: the walk stops there, and no losses are counted from "
	    "it");
	job->census->broken = 1;
	return (NULL);
}

static enum fetch_step_result
on_followers(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct fetch_census	*c = job->census;
	json_t			*root, *list, *a;
	const char		*from;
	char			*next;
	size_t			 i;
	int			 known = 0;

	if ((root = parse_json(resp->body, resp->len, "bluesky",
	    cause)) == NULL)
		return (FETCH_FAIL);
	if (check_list(root, "followers", cause) != 0) {
		json_decref(root);
		return (FETCH_FAIL);
	}
	list = json_object_get(root, "followers");
	if (json_array_size(list) == 0 && resp->step == STEP_TOP &&
	    c->platform_count > 0) {
		json_decref(root);
		fetch_census_empty(job);
		return (phase_end(job, req));
	}
	json_array_foreach(list, i, a) {
		if (read_follower(job, a, cause) != 0) {
			json_decref(root);
			return (FETCH_FAIL);
		}
		if (fetch_census_known(job, c->page[c->npage - 1].id))
			known = 1;
	}
	next = next_cursor(job, root, json_array_size(list));
	json_decref(root);
	from = fetch_census_page(job, next, c->phase == CENSUS_PHASE_NEW &&
	    known);
	free(next);
	if (from != NULL)
		return (followers_request(job, req, from));
	/* Its end, or the budget: the activity check has its own part. */
	return (phase_end(job, req));
}

/* The profile of did among a getProfiles reply's, or NULL. */
static json_t *
find_profile(json_t *profiles, const char *did)
{
	json_t		*p;
	const char	*v;
	size_t		 i;

	json_array_foreach(profiles, i, p) {
		if ((v = parse_string(p, "did")) != NULL && strcmp(v, did) == 0)
			return (p);
	}
	return (NULL);
}

/* The "profiles" of a getProfiles reply, or NULL with *cause. */
static json_t *
read_profiles(const struct fetch_response *resp, json_t **root, char **cause)
{
	if ((*root = parse_json(resp->body, resp->len, "bluesky",
	    cause)) == NULL)
		return (NULL);
	if (check_list(*root, "profiles", cause) != 0) {
		json_decref(*root);
		*root = NULL;
		return (NULL);
	}
	return (json_object_get(*root, "profiles"));
}

static enum fetch_step_result
on_verify(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct fetch_census	*c = job->census;
	struct census_state	*st = job->state;
	json_t			*root, *profiles;
	const char		*id;
	size_t			 i;

	if ((profiles = read_profiles(resp, &root, cause)) == NULL)
		return (FETCH_FAIL);
	/*
	 * getProfiles leaves out the accounts it cannot show: deleted, or
	 * deactivated (which may come back, and would follow again).
	 */
	for (i = 0; i < st->n; i++) {
		id = c->verify[st->from + i];
		fetch_census_gone(job, id, find_profile(profiles, id) != NULL ?
		    "unfollowed" : "deleted");
	}
	json_decref(root);
	job->checkpoint = 1;
	return (verify_next(job, req));
}

/*
 * What a follower's post count says of their activity, against the count
 * stored (was) and when it was read. The count is all getProfiles shows:
 * one that moved since means a post (or a deletion) between the two
 * reads, so last_active becomes this check's time, which is a bound (the
 * post came at it or before, after the last read), not the post's time;
 * one that did not move keeps the last_active known (none: no post seen).
 * Either answers audience's 30 days only over a window that long: a
 * read less than 30 days after the stored one tells nothing, and keeps
 * that one to compare with. So an active follower is not known sooner
 * than a quiet one, and those known are a fair sample. A first count
 * says nothing of when (0 included: they may post tomorrow, and the
 * quiet would be known before the others otherwise).
 *
 * We do not read app.bsky.feed.getAuthorFeed for the latest post's time
 * on a first check: one request a follower instead of one for 25 (a
 * list of 100,000 would cost 104,000 requests in its first period, not
 * 4,000), for a time that is exact only until their next post, after
 * which the bound above is all there is again.
 */
static void
judge(const struct census_follower *was, int64_t posts, int64_t now,
    struct census_follower *f)
{
	if (posts == COUNT_UNKNOWN)
		return;
	if (was->posts == COUNT_UNKNOWN || was->posts_at == 0) {
		f->posts = posts;
		return;
	}
	if (now - was->posts_at < ACTIVE_WINDOW)
		return;
	f->posts = posts;
	f->active_known = 1;
	f->last_active = posts != was->posts ? now : was->last_active;
}

/* The sample's follower was, as this check found them (p: NULL, gone). */
static int
check_one(struct fetch_job *job, const struct census_follower *was,
    json_t *p, char **cause)
{
	struct census_follower	*f;
	const char		*handle;
	int64_t			 posts = COUNT_UNKNOWN;

	f = fetch_census_check_add(job);
	f->id = xstrdup(was->id);
	/*
	 * Not returned: deleted or deactivated. Only marked asked; the
	 * list's next full walk finds whether they still follow.
	 */
	if (p == NULL)
		return (0);
	if ((handle = parse_string(p, "handle")) != NULL)
		f->handle = xstrdup(handle);
	if (parse_count(p, "postsCount", &posts, cause) != 0 ||
	    parse_count(p, "followersCount", &f->followers, cause) != 0)
		return (parse_blame("bluesky", cause));
	judge(was, posts, job->account.now, f);
	return (0);
}

static enum fetch_step_result
on_activity(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct fetch_census	*c = job->census;
	struct census_state	*st = job->state;
	const struct census_follower *was;
	json_t			*root, *profiles;
	size_t			 i;

	if ((profiles = read_profiles(resp, &root, cause)) == NULL)
		return (FETCH_FAIL);
	for (i = 0; i < st->n; i++) {
		was = &c->sample[st->from + i];
		if (check_one(job, was, find_profile(profiles, was->id),
		    cause) != 0) {
			json_decref(root);
			return (FETCH_FAIL);
		}
	}
	json_decref(root);
	job->checkpoint = 1;
	return (activity_next(job, req));
}

/*
 * The owner's notifications first (with their app password), so that
 * the walk's followers find their follow times stored; then the walk.
 */
static enum fetch_step_result
notify_then_walk(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct census_state	*st = job->state;
	enum fetch_step_result	 r;

	r = bluesky_notify_next(job, &st->session, resp, req, cause);
	if (r != FETCH_DONE)
		return (r);
	bluesky_session_release(&st->session);
	return (phase_start(job, req, fetch_census_first(job)));
}

static enum fetch_step_result
census_next(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct fetch_census	*c = job->census;

	if (resp == NULL) {
		job->state = xcalloc(1, sizeof (struct census_state));
		c->reserve = (int)((c->nsample + BLUESKY_PROFILES_MAX - 1) /
		    BLUESKY_PROFILES_MAX);
		return (notify_then_walk(job, NULL, req, cause));
	}
	switch (resp->step) {
	case BLUESKY_STEP_SESSION:
	case BLUESKY_STEP_NOTIFY:
	case BLUESKY_STEP_DIDDOC:
		return (notify_then_walk(job, resp, req, cause));
	case STEP_TOP:
	case STEP_FOLLOWERS:
		return (on_followers(job, resp, req, cause));
	case STEP_VERIFY:
		return (on_verify(job, resp, req, cause));
	case STEP_ACTIVITY:
		return (on_activity(job, resp, req, cause));
	}
	*cause = xasprintf("bluesky: no census step %d", resp->step);
	return (FETCH_FAIL);
}

static void
census_release(struct fetch_job *job)
{
	struct census_state	*st = job->state;

	if (st != NULL)
		bluesky_session_release(&st->session);
	free(job->state);
	job->state = NULL;
}
