/*
 * What Bluesky's two adapters share: the posts' (bluesky.c) and the
 * census's (bluesky-census.c).
 */
#ifndef TL_FETCH_BLUESKY_H
#define TL_FETCH_BLUESKY_H

#include <stddef.h>

/* Actors one app.bsky.actor.getProfiles request names at most. */
#define BLUESKY_PROFILES_MAX	25

/* {"error": "Name", "message": "text"} as one string, or NULL. */
char		*bluesky_error_message(const char *, size_t);

#endif
