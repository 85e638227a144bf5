/*
 * What Bluesky's two adapters share: the posts' (bluesky.c) and the
 * census's (bluesky-census.c, with the owner's notifications in
 * bluesky-notify.c).
 */
#ifndef TL_FETCH_BLUESKY_H
#define TL_FETCH_BLUESKY_H

#include <stddef.h>

#include "fetch/fetch.h"

/* Actors one app.bsky.actor.getProfiles request names at most. */
#define BLUESKY_PROFILES_MAX	25

/* {"error": "Name", "message": "text"} as one string, or NULL. */
char		*bluesky_error_message(const char *, size_t);

/* The census's steps for the owner's notifications (bluesky-notify.c). */
enum {
	BLUESKY_STEP_SESSION = 100,	/* createSession with the password */
	BLUESKY_STEP_NOTIFY,		/* a page of listNotifications */
	BLUESKY_STEP_DIDDOC,		/* the owner's DID document */
};

/* A session logged in as the owner: in memory only, wiped when done. */
struct bluesky_session {
	char		*auth;		/* secret: "Authorization: Bearer
					   <accessJwt>", or NULL */
	char		*pds;		/* the owner's PDS (no final '/') */
	char		*doc;		/* where their DID document is */
};

/*
 * The census's first steps where the owner's app password is set (the
 * account's token): find their PDS in their DID document, log in there
 * (once), then read the follow notifications down to the newest a pass
 * read before, within their share of the budget. FETCH_DONE when they are over (or not read: the job's warning
 * says why), and the walk comes next.
 */
enum fetch_step_result bluesky_notify_next(struct fetch_job *,
		    struct bluesky_session *, const struct fetch_response *,
		    struct fetch_request *, char **);
/* Wipe and free what the session holds. */
void		 bluesky_session_release(struct bluesky_session *);

#endif
