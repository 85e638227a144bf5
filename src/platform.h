/*
 * The platform registry: everything tideline knows of a platform, in one
 * struct platform per platform, defined next to its adapter in
 * src/fetch/<platform>.c and listed once in platform_table[] (platform.c).
 * Every layer may include this header; adding a platform means one
 * adapter file, one line in the table and its tests
 * (docs/adding-a-platform.md).
 *
 * Accounts are written PLATFORM:HANDLE everywhere: x:example_author,
 * mastodon:@author@mastodon.example, bluesky:author.bsky.social,
 * youtube:UCxxxx or youtube:@handle, rss:https://example.com/feed.xml.
 * Handles are normalised so that one account has exactly one spelling.
 */
#ifndef TL_PLATFORM_H
#define TL_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

struct fetch_adapter;

/* Where a platform's secret (token, API key) is looked for. */
struct platform_secret {
	/*
	 * The environment variable, e.g. TIDELINE_X_BEARER_TOKEN; for a
	 * per-server secret, the prefix to which the server's encoded name
	 * is appended. NULL: the platform uses no secret.
	 */
	const char	*env;
	/* The config file's key; for a per-server secret, KEY.SERVER. */
	const char	*key;
	int		 per_server;	/* 1: one secret per server (Mastodon) */
	int		 required;	/* 1: nothing is fetched without it */
	const char	*what;		/* "bearer token", "API key": for help */
};

struct platform {
	const char	*name;		/* as written and stored: "mastodon" */
	const char	*title;		/* as people write it: "Mastodon" */
	const char	*const *aliases; /* other names accepted, or NULL;
					   NULL-terminated */
	const char	*example;	/* an account, for help and messages */
	/*
	 * Normalise a handle (valid UTF-8, not empty) into a new string
	 * in *out; or return -1 with the rule it breaks in *why (static).
	 */
	int		(*normalise)(const char *, size_t, char **,
			    const char **);
	int		 has_counts;	/* 1: follower counts (0: feeds) */
	int		 rounded;	/* 1: the platform rounds the counts */
	struct platform_secret secret;	/* what it may need to be fetched */
	const char	*default_base;	/* the real service's API base, or NULL */
	/*
	 * The API base that a handle names (a Mastodon account's own
	 * server), as a new string, or NULL when the handle names none.
	 * NULL: the default base serves every account.
	 */
	char		*(*base_of)(const char *);
	int64_t		 snapshot_every; /* seconds between snapshots the
					   platform's counts are worth;
					   older is stale */
	/*
	 * Requests one account may send in a run (snapshot's default
	 * --max-requests): what bounds the walk back through its history,
	 * held under the platform's rate limit or cost; and why, for help.
	 */
	int		 max_requests;
	const char	*max_requests_why;
	int64_t		 history_max;	/* the newest posts its API serves,
					   or 0: every one */
	const struct fetch_adapter *adapter; /* how it is fetched */
	/*
	 * The census of its followers (NULL: the platform publishes no
	 * follower list, or this tideline does not read it): how it is
	 * fetched, the requests one account's census may send in a run,
	 * and how often the whole list is walked (the losses, everyone's
	 * activity); the new followers are read on every run.
	 */
	const struct fetch_adapter *census;
	int		 census_max_requests;
	int64_t		 census_full_every;
	/*
	 * Where the list does not show each follower's activity (Bluesky):
	 * how many followers one request checks, for a sample each run;
	 * 0: the list shows it (Mastodon).
	 */
	int		 census_check_batch;
	/*
	 * Why the platform counts followers its list does not hold, for
	 * audience; NULL: it should not.
	 */
	const char	*census_unlisted_why;
	/*
	 * Where the list shows each follower's post count but not when
	 * they posted (X): 1, and a follower's activity is their count
	 * compared between two listings at least 30 days apart.
	 */
	int		 census_activity_by_count;
	/*
	 * A secret of the account's own that the census takes: per
	 * account, the variable env + the handle in capitals (every byte
	 * but letters and digits as '_'), the key key.HANDLE; NULL env:
	 * none. Required where reading the list needs it (X: the owner's
	 * user token) and each follower read is billed: the census runs
	 * only when asked for (track --census) and configured, and the
	 * reads of a month stay within the cap the user sets. Not required
	 * where it adds the owner's notifications, their follow times
	 * (Bluesky: an app password).
	 */
	struct platform_secret census_secret;
	int64_t		 census_read_price;	/* micro-USD a follower read
						   with the owner's token (an
						   owned read); 0: free */
	const char	*census_cap_key;	/* the monthly cap's config key
						   (and KEY.HANDLE), in USD */
	const char	*census_cap_env;	/* and its variable */
	/*
	 * Who engaged with each post (NULL: the platform publishes no
	 * such lists, or this tideline does not read them): how they are
	 * fetched, which lists (1 << enum engagement_kind), the requests
	 * one account's lists may send in a run and one list in a run.
	 */
	const struct fetch_adapter *engagers;
	unsigned	 engager_kinds;
	int		 engager_reach_batch; /* reposters' and quoters'
					   follower counts looked up per
					   request (Bluesky: 25); 0: the
					   list shows them */
	int		 engager_max_requests;
	int		 engager_list_requests;
	int64_t		 engager_read_price; /* micro-USD an engager read,
					   inside the census's monthly cap;
					   0: free */
};

/* Every platform, in the order help lists them; NULL-terminated. */
extern const struct platform *const platform_table[];
/* What an account whose stored platform is unknown gets (no adapter). */
extern const struct platform platform_unknown;

/* A platform by name or alias, any case; NULL if there is none. */
const struct platform *platform_find(const char *, size_t);
/* "mastodon, bluesky, x, youtube, rss": for messages (static). */
const char	*platform_names(void);

/*
 * Normalise a handle for its platform into a new string (*out, which the
 * caller frees). Return 0, or -1 with the reason in *why.
 */
int		 account_handle_normalise(const struct platform *,
		     const char *, size_t, char **, const char **);
/* Parse "PLATFORM:HANDLE"; on failure *cause says why (caller frees). */
int		 account_spec_parse(const char *, const struct platform **,
		     char **, char **);

#endif
