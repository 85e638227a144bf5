/*
 * What the account owner's app password adds to Bluesky's census: their
 * follow notifications, each follower's follow time, which getFollowers
 * does not give. The owner's DID document (did:plc: at the PLC
 * directory, did:web: at its host) names their PDS, Bluesky's or a
 * self-hosted one: com.atproto.server.createSession logs in as the owner
 * there; the session's DID must be the account's (another account's
 * password is not used); then app.bsky.notification.listNotifications
 * on that PDS, reasons=follow, newest first, 100 a page, paged by an
 * opaque cursor, down to the newest one a pass read before. A
 * notification's indexedAt is the earlier of the follow record's time
 * and when the AppView indexed it: never later than the follow, nor in
 * the future. Nothing of the session is kept past the job: its tokens
 * live in memory only and are wiped.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fetch/bluesky.h"
#include "fetch/fetch.h"
#include "fetch/parse.h"
#include "platform.h"
#include "util/buf.h"
#include "util/host.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/* Where did:plc: documents are, unless TIDELINE_BLUESKY_PLC says. */
#define PLC_DIRECTORY	"https://plc.directory"
#define PLC_ENV		"TIDELINE_BLUESKY_PLC"
#define NOTIFY_LIMIT	100	/* the most listNotifications gives */
#define NOTIFY_MAX	1000	/* more in one reply: broken or hostile */

void
bluesky_session_release(struct bluesky_session *s)
{
	secret_free(s->auth);
	free(s->pds);
	free(s->doc);
	memset(s, 0, sizeof *s);
}

/* Whether url's host is this machine's loopback. */
static int
loopback(const char *url)
{
	static const char	*names[] = { "127.0.0.1", "localhost", "[::1]" };
	const char		*host;
	size_t			 len, i;

	if (host_of_url(url, &host, &len) != 0)
		return (0);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strlen(names[i]) == len &&
		    strncasecmp(host, names[i], len) == 0)
			return (1);
	}
	return (0);
}

/*
 * Whether the password and the session may go to url: https, or http
 * on this machine while the account's API base is a test server there
 * (--api-base http://127.0.0.1:...); plain http nowhere else.
 */
static int
safe_endpoint(const struct fetch_job *job, const char *url)
{
	char	*origin;

	if ((origin = fetch_origin(url)) == NULL)
		return (0);
	free(origin);
	if (strncasecmp(url, "https://", 8) == 0)
		return (1);
	return (loopback(url) && loopback(job->account.api_base));
}

/* The PLC directory: the environment's (a mirror, a test's) or Bluesky's. */
static char *
plc_base(void)
{
	const char	*env = getenv(PLC_ENV);
	size_t		 len;

	if (env == NULL || *env == '\0')
		env = PLC_DIRECTORY;
	len = strlen(env);
	while (len > 0 && env[len - 1] == '/')
		len--;
	return (xasprintf("%.*s", (int)len, env));
}

/* did:web:'s host, its port written %3A (atproto's has no path), or NULL. */
static char *
web_host(const char *did)
{
	struct buf	 b = BUF_INIT;
	const char	*p;

	for (p = did + 8; *p != '\0'; p++) {
		if (strncasecmp(p, "%3a", 3) == 0) {
			buf_addc(&b, ':');
			p += 2;
		} else if (isalnum((unsigned char)*p) || *p == '.' || *p == '-')
			buf_addc(&b, *p);
		else {
			buf_release(&b);
			return (NULL);
		}
	}
	if (p == did + 8)
		return (NULL);
	return (buf_detach(&b, NULL));
}

/* Where did's document is, or NULL and *why. */
static char *
doc_url(const struct fetch_job *job, const char *did, char **why)
{
	static const char	 b32[] = "abcdefghijklmnopqrstuvwxyz234567";
	char			*base, *host, *url;

	if (strncmp(did, "did:plc:", 8) == 0 && strlen(did) == 32 &&
	    strspn(did + 8, b32) == 24) {
		base = plc_base();
		url = xasprintf("%s/%s", base, did);
		free(base);
		return (url);
	}
	if (strncmp(did, "did:web:", 8) != 0 || (host = web_host(did)) ==
	    NULL) {
		*why = xasprintf("its DID (%s) is no did:plc: or did:web: one",
		    did);
		return (NULL);
	}
	/* A test's server on this machine speaks no https. */
	url = xasprintf("http://%s/.well-known/did.json", host);
	if (!loopback(url) || !loopback(job->account.api_base)) {
		free(url);
		url = xasprintf("https://%s/.well-known/did.json", host);
	}
	free(host);
	return (url);
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
session_request(struct fetch_job *job, const struct bluesky_session *s,
    struct fetch_request *req)
{
	struct fetch_census	*c = job->census;

	req->url = xasprintf("%s/xrpc/com.atproto.server.createSession",
	    s->pds);
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

/* The owner's PDS is not known, and why (once): no login this run. */
static enum fetch_step_result
no_pds(struct fetch_job *job, char *why)
{
	secret_free(job->account.token);
	job->account.token = NULL;
	fetch_job_warn(job, "%s: the app password is not used and the follow "
	    "times are not read", why);
	free(why);
	return (FETCH_DONE);
}

/* The owner's DID document, which names the PDS to log in on. */
static enum fetch_step_result
doc_request(struct fetch_job *job, struct bluesky_session *s,
    struct fetch_request *req)
{
	/* The account's job read it: getProfile always gives the DID. */
	const char	*did = job->result.profile.remote_id;
	char		*why = NULL;

	if (did == NULL)
		why = xstrdup("its DID is not known");
	else if ((s->doc = doc_url(job, did, &why)) != NULL) {
		req->url = xstrdup(s->doc);
		req->step = BLUESKY_STEP_DIDDOC;
		/* A document gone or hidden fails no census. */
		req->missing_ok = 1;
		req->denied_ok = 1;
		return (FETCH_MORE);
	}
	return (no_pds(job, why));
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
 * The endpoint of a DID document's #atproto_pds service, without a
 * final '/', or NULL and *why.
 */
static char *
pds_of(const struct fetch_job *job, json_t *doc, char **why)
{
	json_t		*sv;
	const char	*id, *type, *url;
	char		*pds;
	size_t		 i, len;

	json_array_foreach(json_object_get(doc, "service"), i, sv) {
		if ((id = parse_string(sv, "id")) == NULL ||
		    (type = parse_string(sv, "type")) == NULL ||
		    (url = parse_string(sv, "serviceEndpoint")) == NULL ||
		    strcmp(type, "AtprotoPersonalDataServer") != 0)
			continue;
		/* "#atproto_pds", or the DID and that. */
		if ((len = strlen(id)) < 12 ||
		    strcmp(id + len - 12, "#atproto_pds") != 0)
			continue;
		len = strlen(url);
		while (len > 0 && url[len - 1] == '/')
			len--;
		pds = xasprintf("%.*s", (int)len, url);
		if (safe_endpoint(job, pds))
			return (pds);
		*why = xasprintf("names a PDS that is not https (%s), where "
		    "the password is not sent", pds);
		free(pds);
		return (NULL);
	}
	*why = xstrdup("names no #atproto_pds service "
	    "(AtprotoPersonalDataServer)");
	return (NULL);
}

/* The DID document read: on to the login at the PDS it names. */
static enum fetch_step_result
on_doc(struct fetch_job *job, struct bluesky_session *s,
    const struct fetch_response *resp, struct fetch_request *req)
{
	const char	*did = job->result.profile.remote_id, *id;
	json_t		*root = NULL;
	char		*why = NULL, *cause = NULL;

	if (resp->status != 200)
		return (no_pds(job, xasprintf("its DID document could not be "
		    "read (HTTP %ld from %s)", resp->status, s->doc)));
	root = parse_json(resp->body, resp->len, "bluesky", &cause);
	free(cause);
	if (!json_is_object(root))
		why = xstrdup("is not a JSON object");
	else if ((id = parse_string(root, "id")) == NULL ||
	    strcmp(id, did) != 0)
		why = xasprintf("is not %s's", did);
	else
		s->pds = pds_of(job, root, &why);
	json_decref(root);
	if (why != NULL) {
		cause = xasprintf("its DID document (%s) %s", s->doc, why);
		free(why);
		return (no_pds(job, cause));
	}
	if (!fetch_census_notify_affords(job))
		return (FETCH_DONE);
	return (session_request(job, s, req));
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
	else
		s->auth = xasprintf("Authorization: Bearer %s", jwt);
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
		return (doc_request(job, s, req));
	}
	if (resp->step == BLUESKY_STEP_DIDDOC)
		return (on_doc(job, s, resp, req));
	if (resp->step == BLUESKY_STEP_SESSION)
		return (on_session(job, s, resp, req, cause));
	return (on_notify(job, s, resp, req, cause));
}
