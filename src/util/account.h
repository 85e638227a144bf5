/*
 * Accounts are written PLATFORM:HANDLE everywhere: x:example_author,
 * mastodon:@author@mastodon.example, bluesky:author.bsky.social,
 * youtube:UCxxxx or youtube:@handle, rss:https://example.com/feed.xml.
 * Handles are normalised so that one account has exactly one spelling.
 */
#ifndef TL_ACCOUNT_H
#define TL_ACCOUNT_H

#include <stddef.h>

enum platform {
	PLATFORM_MASTODON,
	PLATFORM_BLUESKY,
	PLATFORM_X,
	PLATFORM_YOUTUBE,
	PLATFORM_RSS,
	PLATFORM_COUNT
};

const char	*platform_name(enum platform);
/* Parse a platform name or alias (twitter, bsky, feed ...); -1 if unknown. */
int		 platform_parse(const char *, size_t, enum platform *);
/*
 * Normalise a handle for its platform into a new string (*out, which the
 * caller frees). Return 0, or -1 with the reason in *why.
 */
int		 account_handle_normalise(enum platform, const char *, size_t,
		     char **, const char **);
/* Parse "PLATFORM:HANDLE"; on failure *cause says why (caller frees). */
int		 account_spec_parse(const char *, enum platform *, char **,
		     char **);

#endif
