/*
 * What the account owner's app password adds to Bluesky's census: their
 * follow notifications, each follower's follow time, which getFollowers
 * does not give. com.atproto.server.createSession logs in as the owner
 * (on the entryway, or the account's API base in tests); the session's
 * DID must be the account's (another account's password is not used);
 * then app.bsky.notification.listNotifications on the owner's PDS,
 * reasons=follow, newest first, 100 a page, paged by an opaque cursor,
 * down to the newest one a pass read before. A notification's indexedAt
 * is the earlier of the follow record's time and when the AppView
 * indexed it: never later than the follow, nor in the future. Nothing
 * of the session is kept past the job: its tokens live in memory only
 * and are wiped.
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
#include "util/xmalloc.h"

/* Where accounts on Bluesky's own PDSes log in. */
#define ENTRYWAY	"https://bsky.social"
#define NOTIFY_LIMIT	100	/* the most listNotifications gives */
#define NOTIFY_MAX	1000	/* more in one reply: broken or hostile */

void
bluesky_session_release(struct bluesky_session *s)
{
	secret_free(s->auth);
	free(s->pds);
	memset(s, 0, sizeof *s);
}

/* The service to log in on: the entryway, or a test's own API base. */
static const char *
login_base(const struct fetch_job *job)
{
	const char	*def = job->account.platform->default_base;

	if (def != NULL && strcmp(job->account.api_base, def) == 0)
		return (ENTRYWAY);
	return (job->account.api_base);
}

/* s as a JSON string's body: the bytes it takes (out NULL: only count). */
static size_t
json_escape(const char *s, char *out)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 n = 0;
	unsigned char		 c;

	for (; (c = (unsigned char)*s) != '\0'; s++) {
		if (c == '"' || c == '\\') {
			if (out != NULL) {
				out[n] = '\\';
				out[n + 1] = (char)c;
			}
			n += 2;
		} else if (c < 0x20) {
			if (out != NULL) {
				memcpy(out + n, "\\u00", 4);
				out[n + 4] = hex[c >> 4];
				out[n + 5] = hex[c & 0xf];
			}
			n += 6;
		} else {
			if (out != NULL)
				out[n] = (char)c;
			n++;
		}
	}
	return (n);
}

/*
 * {"identifier": handle, "password": password}, in one allocation of its
 * final size, so that no copy of the password is left behind a realloc.
 */
static char *
session_body(const char *handle, const char *password)
{
	static const char	 a[] = "{\"identifier\":\"";
	static const char	 b[] = "\",\"password\":\"";
	static const char	 z[] = "\"}";
	size_t			 len, n;
	char			*out;

	len = sizeof a - 1 + json_escape(handle, NULL) + sizeof b - 1 +
	    json_escape(password, NULL) + sizeof z;
	out = xmalloc(len);
	memcpy(out, a, sizeof a - 1);
	n = sizeof a - 1;
	n += json_escape(handle, out + n);
	memcpy(out + n, b, sizeof b - 1);
	n += sizeof b - 1;
	n += json_escape(password, out + n);
	memcpy(out + n, z, sizeof z);
	return (out);
}

static enum fetch_step_result
session_request(struct fetch_job *job, struct fetch_request *req)
{
	struct fetch_census	*c = job->census;

	req->url = xasprintf("%s/xrpc/com.atproto.server.createSession",
	    login_base(job));
	req->post = session_body(job->account.handle, job->account.token);
	req->step = BLUESKY_STEP_SESSION;
	/* A refused password is no failure: the census goes on. */
	req->denied_ok = 1;
	/* The login counts, whatever comes of it: stored at once. */
	c->login_at = job->account.now;
	c->notify_held = 1;
	return (FETCH_MORE);
}

static enum fetch_step_result
notify_request(struct fetch_job *job, const struct bluesky_session *s,
    struct fetch_request *req, const char *cursor)
{
	struct buf	 b = BUF_INIT;
	char		*esc;

	buf_printf(&b, "%s/xrpc/app.bsky.notification.listNotifications?"
	    "reasons=follow&limit=%d", s->pds, NOTIFY_LIMIT);
	if (cursor != NULL) {
		esc = fetch_escape(cursor);
		buf_printf(&b, "&cursor=%s", esc);
		free(esc);
	}
	req->url = buf_detach(&b, NULL);
	req->auth = xstrdup(s->auth);
	req->step = BLUESKY_STEP_NOTIFY;
	req->denied_ok = 1;
	return (FETCH_MORE);
}

/* The password is not used this run, and why (once). */
static enum fetch_step_result
not_used(struct fetch_job *job, char *why)
{
	job->census->not_owner = 1;
	fetch_job_warn(job, "%s", why);
	free(why);
	return (FETCH_DONE);
}

static enum fetch_step_result
refused(struct fetch_job *job, const struct fetch_response *resp)
{
	char	*words, *why;

	words = bluesky_error_message(resp->body, resp->len);
	if (words != NULL && strstr(words, "AuthFactorTokenRequired") != NULL)
		why = xasprintf("the login asks for the code Bluesky mails "
		    "(AuthFactorTokenRequired): set an app password, which "
		    "needs none; the follow times are not read");
	else
		why = xasprintf("the app password was refused (HTTP %ld%s%s): "
		    "the follow times are not read", resp->status,
		    words != NULL ? ": " : "", words != NULL ? words : "");
	free(words);
	return (not_used(job, why));
}

/*
 * The PDS the didDoc names (#atproto_pds), or NULL. Only an https one,
 * or the service logged in on: the bearer token goes nowhere else.
 */
static char *
pds_of(const struct fetch_job *job, json_t *root)
{
	json_t		*services, *sv;
	const char	*id, *url;
	size_t		 i, len;

	services = json_object_get(json_object_get(root, "didDoc"), "service");
	json_array_foreach(services, i, sv) {
		if ((id = parse_string(sv, "id")) == NULL ||
		    (url = parse_string(sv, "serviceEndpoint")) == NULL)
			continue;
		if (strcmp(id, "#atproto_pds") != 0 && (strlen(id) < 12 ||
		    strcmp(id + strlen(id) - 12, "#atproto_pds") != 0))
			continue;
		len = strlen(url);
		while (len > 0 && url[len - 1] == '/')
			len--;
		if (strncmp(url, "https://", 8) == 0 || (strlen(login_base(job))
		    == len && strncmp(url, login_base(job), len) == 0))
			return (xasprintf("%.*s", (int)len, url));
	}
	return (NULL);
}

static enum fetch_step_result
on_session(struct fetch_job *job, struct bluesky_session *s,
    const struct fetch_response *resp, struct fetch_request *req,
    char **cause)
{
	struct fetch_census	*c = job->census;
	const char		*did, *jwt, *mine = job->result.profile.remote_id;
	json_t			*root;
	char			*why = NULL;

	/* What the password was needed for is done: it goes. */
	secret_free(job->account.token);
	job->account.token = NULL;
	/* The login's time is stored now, whatever fails later. */
	job->checkpoint = 1;
	if (resp->status != 200)
		return (refused(job, resp));
	if ((root = parse_json(resp->body, resp->len, "bluesky",
	    cause)) == NULL)
		return (FETCH_FAIL);
	if (!json_is_object(root) || parse_required_string(root, "did", &did,
	    cause) != 0 || parse_required_string(root, "accessJwt", &jwt,
	    cause) != 0) {
		if (*cause == NULL)
			*cause = xstrdup("the session reply is not an object");
		json_decref(root);
		return (parse_blame("bluesky", cause));
	}
	if (mine == NULL || strcmp(did, mine) != 0)
		why = xasprintf("the app password is another account's (%s), "
		    "not this one's: the follow times are not read", did);
	else {
		s->auth = xasprintf("Authorization: Bearer %s", jwt);
		if ((s->pds = pds_of(job, root)) == NULL)
			s->pds = xstrdup(login_base(job));
	}
	json_decref(root);
	if (why != NULL)
		return (not_used(job, why));
	c->notify_again = c->notify_cursor != NULL;
	if (!fetch_census_notify_affords(job))
		return (FETCH_DONE);
	return (notify_request(job, s, req, c->notify_cursor));
}

/*
 * Where a pass stops: "TIME URI" of the newest notification it read,
 * which Bluesky numbers by no id.
 */
static char *
mark_of(int64_t at, const char *uri)
{
	char	 iso[TIME_ISO_SIZE];

	if (time_format(at, iso) != 0)
		return (NULL);
	return (xasprintf("%s %s", iso, uri));
}

/* Whether a notification (at, uri) is the mark's or older. */
static int
at_or_below(const char *mark, int64_t at, const char *uri)
{
	const char	*sp = strchr(mark, ' '), *why;
	int64_t		 t;

	if (sp == NULL || time_parse(mark, (size_t)(sp - mark), &t,
	    &why) != 0)
		return (0);
	/* The same second: only the same one (again is harmless). */
	return (at < t || strcmp(sp + 1, uri) == 0);
}

static int
read_follow(struct fetch_job *job, json_t *n, int64_t at, char **cause)
{
	struct census_follower	*f;
	json_t			*a = json_object_get(n, "author");
	const char		*did;

	if (!json_is_object(a)) {
		*cause = xstrdup("a follow notification has no author");
		return (-1);
	}
	if (parse_required_string(a, "did", &did, cause) != 0)
		return (-1);
	f = fetch_census_follow_add(job);
	f->id = xstrdup(did);
	f->followed_at = at;
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
	const char		*uri, *reason;
	char			*why;
	int64_t			 at;

	if (!json_is_object(n)) {
		*cause = xstrdup("a notification is not an object");
		return (-1);
	}
	if (parse_required_string(n, "uri", &uri, cause) != 0 ||
	    parse_required_string(n, "reason", &reason, cause) != 0 ||
	    parse_time(n, "indexedAt", &at, cause) != 0)
		return (-1);
	if (c->notify_newest != NULL && at_or_below(c->notify_newest, at,
	    uri)) {
		*stop = 1;
		return (0);
	}
	if (c->notify_top == NULL)
		c->notify_top = mark_of(at, uri);
	c->notified++;
	/* A server that ignores reasons= sends others: skipped. */
	if (strcmp(reason, "follow") != 0 || read_follow(job, n, at,
	    cause) == 0)
		return (0);
	why = *cause;
	*cause = xasprintf("notification %s: %s", uri, why);
	free(why);
	return (-1);
}

/* The page's notifications, or -1 with *cause; *stop at a known one. */
static int
read_page(struct fetch_job *job, json_t *root, int *stop, size_t *items,
    char **cause)
{
	json_t		*list = json_object_get(root, "notifications"), *n;
	char		*bad = NULL, *first_bad = NULL;
	size_t		 i, skipped = 0;

	if (!json_is_array(list) || json_array_size(list) > NOTIFY_MAX) {
		*cause = xasprintf("bluesky: the notifications reply's "
		    "'notifications' is %s", json_is_array(list) ?
		    "too long" : "not a list");
		return (-1);
	}
	json_array_foreach(list, i, n) {
		if (read_notification(job, n, stop, &bad) != 0)
			fetch_census_notify_skip(&bad, &first_bad, &skipped);
		if (*stop)
			break;
	}
	fetch_census_notify_warn(job, skipped, first_bad);
	*items = json_array_size(list);
	return (0);
}

static enum fetch_step_result
on_notify(struct fetch_job *job, const struct bluesky_session *s,
    const struct fetch_response *resp, struct fetch_request *req,
    char **cause)
{
	struct fetch_census	*c = job->census;
	json_t			*root;
	const char		*cursor;
	char			*next = NULL;
	size_t			 items = 0;
	int			 stop = 0, repeats;

	if (resp->status != 200) {
		fetch_job_warn(job, "the owner's notifications could not be "
		    "read (HTTP %ld): their follow times are not read",
		    resp->status);
		return (FETCH_DONE);
	}
	if ((root = parse_json(resp->body, resp->len, "bluesky",
	    cause)) == NULL)
		return (FETCH_FAIL);
	if (read_page(job, root, &stop, &items, cause) != 0) {
		json_decref(root);
		return (FETCH_FAIL);
	}
	cursor = parse_string(root, "cursor");
	if (!stop && items > 0 && cursor != NULL && *cursor != '\0')
		next = xstrdup(cursor);
	json_decref(root);
	/* The cursor is opaque: only one equal to the page asked repeats. */
	repeats = next != NULL && c->notify_cursor != NULL &&
	    strcmp(next, c->notify_cursor) == 0;
	switch (fetch_census_notify_page(job, next, repeats)) {
	case FETCH_NOTIFY_ON:
		return (notify_request(job, s, req, c->notify_cursor));
	case FETCH_NOTIFY_TOP:
		return (notify_request(job, s, req, NULL));
	default:
		return (FETCH_DONE);
	}
}

enum fetch_step_result
bluesky_notify_next(struct fetch_job *job, struct bluesky_session *s,
    const struct fetch_response *resp, struct fetch_request *req,
    char **cause)
{
	if (resp == NULL) {
		if (job->account.token == NULL ||
		    !fetch_census_notify_affords(job))
			return (FETCH_DONE);
		return (session_request(job, req));
	}
	if (resp->step == BLUESKY_STEP_SESSION)
		return (on_session(job, s, resp, req, cause));
	return (on_notify(job, s, resp, req, cause));
}
