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
/* The server's "error" in an error body, or NULL. */
char		*mastodon_error_message(const char *, size_t);

#endif
