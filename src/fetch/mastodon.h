/*
 * What Mastodon's two adapters share: the posts' (mastodon.c) and the
 * census's (mastodon-census.c).
 */
#ifndef TL_FETCH_MASTODON_H
#define TL_FETCH_MASTODON_H

#include <stddef.h>

#include "fetch/fetch.h"

/*
 * Ask for url. The token, when there is one, goes only to the account's
 * own server (its API base and the paths under it).
 */
enum fetch_step_result mastodon_request(struct fetch_job *,
			    struct fetch_request *, int, char *);
/*
 * Where the next page starts: the max_id of the Link's next URL, if it
 * is on the API server (else a warning: "WHAT next page is not on its
 * API server"); NULL when there is none. The caller frees it.
 */
char		*mastodon_next_max_id(struct fetch_job *, const char *,
			    const char *);

/* The census's steps of mastodon-notify.c. */
#define MASTODON_STEP_ME	100	/* verify_credentials */
#define MASTODON_STEP_NOTIFY	101	/* a page of notifications */

/*
 * The owner's notifications, before the census walks the list: with a
 * token, whose it is, then the pages of follows and severances down to
 * those read before. FETCH_DONE when they are over (no token, another
 * user's, the end, their share of the budget): the walk comes next.
 */
enum fetch_step_result mastodon_notify_next(struct fetch_job *,
			    const struct fetch_response *,
			    struct fetch_request *, char **);
/* The server's "error" in an error body, or NULL. */
char		*mastodon_error_message(const char *, size_t);

#endif
