/*
 * What the account owner's token adds to Mastodon's census: the owner's
 * notifications. verify_credentials says whose token it is (another
 * user's is not used for them); then notifications of the types follow
 * and severed_relationships, newest first, 80 a page, paged by the Link
 * header, down to the newest one a pass read before: each follow's time
 * is when that follower followed, and each severance event names the
 * domain or account whose follows the server cut.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "fetch/mastodon.h"
#include "fetch/parse.h"
#include "util/xmalloc.h"

#define NOTIFY_LIMIT	80	/* the most the server gives */
#define NOTIFY_MAX	1000	/* more in one reply: broken or hostile */

static const char *const severance_kinds[] = {
	"domain_block", "user_domain_block", "account_suspension", NULL
};

/*
 * Whether notification id a is b or older. Mastodon's ids are numbers
 * in a string (ordered by time); another server's opaque ids only match.
 */
static int
id_at_or_below(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b);

	if (la == 0 || lb == 0 || strspn(a, "0123456789") != la ||
	    strspn(b, "0123456789") != lb)
		return (strcmp(a, b) == 0);
	if (la != lb)
		return (la < lb);
	return (strcmp(a, b) <= 0);
}

static enum fetch_step_result
notify_request(struct fetch_job *job, struct fetch_request *req,
    const char *max_id)
{
	char	*esc, *url;

	esc = max_id != NULL ? fetch_escape(max_id) : NULL;
	url = xasprintf("%s/api/v1/notifications?types%%5B%%5D=follow&"
	    "types%%5B%%5D=severed_relationships&limit=%d%s%s",
	    job->account.api_base, NOTIFY_LIMIT, esc != NULL ? "&max_id=" :
	    "", esc != NULL ? esc : "");
	free(esc);
	/* A token without the scope (read:notifications) is no failure. */
	req->denied_ok = 1;
	req->missing_ok = 1;
	return (mastodon_request(job, req, MASTODON_STEP_NOTIFY, url));
}

/* Whose the token is: the account's own, or the notifications go unread. */
static enum fetch_step_result
me_request(struct fetch_job *job, struct fetch_request *req)
{
	req->denied_ok = 1;
	req->missing_ok = 1;
	return (mastodon_request(job, req, MASTODON_STEP_ME,
	    xasprintf("%s/api/v1/accounts/verify_credentials",
	    job->account.api_base)));
}

/* The owner's notifications are not read this run, and why (once). */
static enum fetch_step_result
not_owner(struct fetch_job *job, char *why)
{
	job->census->not_owner = 1;
	free(job->note);
	job->note = why;
	return (FETCH_DONE);
}

static enum fetch_step_result
on_me(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct fetch_census	*c = job->census;
	json_t			*root;
	const char		*id, *acct;
	char			*why = NULL;

	if (resp->status != 200)
		return (not_owner(job, xasprintf("the server refused the "
		    "token (HTTP %ld): the owner's notifications (follow "
		    "times, severed follows) are not read", resp->status)));
	if ((root = parse_json(resp->body, resp->len, "mastodon",
	    cause)) == NULL)
		return (FETCH_FAIL);
	if (!json_is_object(root) || parse_required_string(root, "id", &id,
	    cause) != 0) {
		if (*cause == NULL)
			*cause = xstrdup("the credentials reply is not an "
			    "object");
		json_decref(root);
		return (parse_blame("mastodon", cause));
	}
	if (strcmp(id, job->result.profile.remote_id) != 0) {
		acct = parse_string(root, "acct");
		why = xasprintf("the token is another user's (@%s), not this "
		    "account's own: its notifications (follow times, severed "
		    "follows) are not read", acct != NULL ? acct : id);
	}
	json_decref(root);
	if (why != NULL)
		return (not_owner(job, why));
	c->owner = 1;
	c->notify_again = c->notify_cursor != NULL;
	if (!fetch_census_notify_affords(job))
		return (FETCH_DONE);
	return (notify_request(job, req, c->notify_cursor));
}

static int
read_follow(struct fetch_job *job, json_t *n, char **cause)
{
	struct census_follower	*f;
	json_t			*a = json_object_get(n, "account");
	const char		*id;
	int64_t			 at;

	if (!json_is_object(a)) {
		*cause = xstrdup("a follow notification has no account");
		return (-1);
	}
	if (parse_required_string(a, "id", &id, cause) != 0 ||
	    parse_time(n, "created_at", &at, cause) != 0)
		return (-1);
	f = fetch_census_follow_add(job);
	f->id = xstrdup(id);
	f->followed_at = at;
	return (0);
}

static int
read_severance(struct fetch_job *job, json_t *n, char **cause)
{
	struct census_severance	*e;
	json_t			*ev = json_object_get(n, "event");
	const char		*id, *kind, *target;
	int64_t			 at, count;
	size_t			 i;

	if (!json_is_object(ev)) {
		*cause = xstrdup("a severed_relationships notification has no "
		    "event");
		return (-1);
	}
	if (parse_required_string(ev, "id", &id, cause) != 0 ||
	    parse_required_string(ev, "type", &kind, cause) != 0 ||
	    parse_required_string(ev, "target_name", &target, cause) != 0 ||
	    parse_count(ev, "followers_count", &count, cause) != 0 ||
	    parse_time(ev, "created_at", &at, cause) != 0)
		return (-1);
	for (i = 0; severance_kinds[i] != NULL; i++)
		if (strcmp(kind, severance_kinds[i]) == 0)
			break;
	/* A kind of a later Mastodon: what it cut is not known. */
	if (severance_kinds[i] == NULL)
		return (0);
	e = fetch_census_severed_add(job);
	e->id = xstrdup(id);
	e->kind = severance_kinds[i];
	e->target = xstrdup(target);
	e->followers = count;
	e->at = at;
	return (0);
}

/*
 * One notification; *stop when it is one a pass read before. The first
 * of a pass from the top is the newest: where the next pass stops.
 */
static int
read_notification(struct fetch_job *job, json_t *n, int *stop,
    char **cause)
{
	struct fetch_census	*c = job->census;
	const char		*id, *type;
	char			*why;
	int			 rc = 0;

	if (!json_is_object(n)) {
		*cause = xstrdup("a notification is not an object");
		return (-1);
	}
	if (parse_required_string(n, "id", &id, cause) != 0 ||
	    parse_required_string(n, "type", &type, cause) != 0)
		return (-1);
	if (c->notify_newest != NULL && id_at_or_below(id,
	    c->notify_newest)) {
		*stop = 1;
		return (0);
	}
	if (c->notify_top == NULL)
		c->notify_top = xstrdup(id);
	c->notified++;
	/* A server that does not filter by type sends others: skipped. */
	if (strcmp(type, "follow") == 0)
		rc = read_follow(job, n, cause);
	else if (strcmp(type, "severed_relationships") == 0)
		rc = read_severance(job, n, cause);
	if (rc != 0) {
		why = *cause;
		*cause = xasprintf("notification %s: %s", id, why);
		free(why);
	}
	return (rc);
}

static enum fetch_step_result
on_notify(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	struct fetch_census	*c = job->census;
	json_t			*root, *n;
	char			*next = NULL, *bad = NULL, *first_bad = NULL;
	size_t			 i, skipped = 0;
	int			 stop = 0, repeats;

	if (resp->status != 200) {
		free(job->note);
		job->note = xasprintf("the token may not read the owner's "
		    "notifications (HTTP %ld; it needs the read:notifications "
		    "scope): their follow times and severed follows are not "
		    "read", resp->status);
		return (FETCH_DONE);
	}
	if ((root = parse_json(resp->body, resp->len, "mastodon",
	    cause)) == NULL)
		return (FETCH_FAIL);
	if (!json_is_array(root) || json_array_size(root) > NOTIFY_MAX) {
		*cause = xasprintf("mastodon: the notifications reply is %s",
		    json_is_array(root) ? "too long" : "not a list");
		json_decref(root);
		return (FETCH_FAIL);
	}
	json_array_foreach(root, i, n) {
		if (read_notification(job, n, &stop, &bad) != 0)
			fetch_census_notify_skip(&bad, &first_bad, &skipped);
		if (stop)
			break;
	}
	fetch_census_notify_warn(job, skipped, first_bad);
	if (!stop && i > 0)
		next = mastodon_next_max_id(job, resp->link,
		    "the notifications'");
	json_decref(root);
	/* A next page not below the one asked would go round for ever. */
	repeats = next != NULL && c->notify_cursor != NULL &&
	    id_at_or_below(c->notify_cursor, next);
	switch (fetch_census_notify_page(job, next, repeats)) {
	case FETCH_NOTIFY_ON:
		return (notify_request(job, req, c->notify_cursor));
	case FETCH_NOTIFY_TOP:
		return (notify_request(job, req, NULL));
	default:
		return (FETCH_DONE);
	}
}

enum fetch_step_result
mastodon_notify_next(struct fetch_job *job, const struct fetch_response *resp,
    struct fetch_request *req, char **cause)
{
	if (resp == NULL) {
		if (job->account.token == NULL ||
		    !fetch_census_notify_affords(job))
			return (FETCH_DONE);
		return (me_request(job, req));
	}
	if (resp->step == MASTODON_STEP_ME)
		return (on_me(job, resp, req, cause));
	return (on_notify(job, resp, req, cause));
}
