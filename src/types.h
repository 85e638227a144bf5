/*
 * The data vocabulary every layer shares: accounts, follower counts,
 * posts and their engagement, and counts that may be unknown. The store
 * fills these from the database, the fetcher from the platforms, the
 * importer from CSV; the analyses read them. Every layer may include
 * this header (and platform.h); it includes nothing of any layer.
 *
 * Ownership: a 'char *' member is owned by the struct and freed by its
 * _release function; a 'const char *' member points to static text or
 * to text owned elsewhere, as its comment says. Times are seconds since
 * the epoch, UTC.
 */
#ifndef TL_TYPES_H
#define TL_TYPES_H

#include <stddef.h>
#include <stdint.h>

struct platform;

/* A count the platform did not give or hides; stored as NULL, never 0. */
#define COUNT_UNKNOWN	(-1)
/*
 * The largest count taken from a platform or a file, 10^15: far above
 * any real one (the most watched videos have some 10^10 views), and far
 * enough below 2^63 that sums over posts, differences and doubles of
 * counts stay exact and in range. A larger one is refused.
 */
#define COUNT_MAX	INT64_C(1000000000000000)
#define COUNT_MAX_TEXT	"10^15"

/*
 * A double made a whole number of int64 (cut toward zero), as every
 * count, sum or difference computed in doubles is before it is shown or
 * written: NAN is 0 and what lies beyond int64 is held at +-INT64_MAX,
 * where a cast would be undefined.
 */
static inline int64_t
count_clamp(double v)
{
	if (v != v)
		return (0);
	if (v >= 9223372036854775807.0)		/* 2^63 as a double */
		return (INT64_MAX);
	if (v <= -9223372036854775807.0)
		return (-INT64_MAX);
	return ((int64_t)v);
}

/* Accounts ----------------------------------------------------------- */

struct account {
	int64_t		 id;		/* accounts.id */
	const struct platform *platform; /* the registry's (static); never
					   NULL: platform_unknown for a name
					   this tideline lacks */
	char		*unknown_platform; /* the name stored, when platform is
					   platform_unknown; else NULL */
	char		*handle;	/* normalised handle */
	char		*group;		/* group name, "default" unless set */
	char		*api_base;	/* NULL: the platform's real service */
	char		*remote_id;	/* stable platform id, or NULL */
	int64_t		 added_at;	/* when it was first tracked */
	int		 active;	/* 1 unless untracked */
};

/* An account with what the store knows of it. */
struct account_summary {
	struct account	 account;
	int64_t		 followers;	 /* newest known count, or COUNT_UNKNOWN */
	int64_t		 last_snapshot;	 /* time of newest snapshot, 0 if none */
	int64_t		 snapshots;	 /* follower snapshots stored */
	int64_t		 posts;		 /* posts stored */
};

void	 account_release(struct account *);
/* Write "platform:handle" into a new string the caller frees. */
char	*account_name(const struct account *);

/* Follower counts ------------------------------------------------------ */

/* One follower count at one time; hidden counts are left out. */
struct follower_point {
	int64_t		 t;		/* when it was taken */
	int64_t		 followers;
	int		 rounded;	/* 1: the platform showed it rounded
					   to 3 significant digits */
};

/* Posts and their engagement -------------------------------------------- */

/*
 * A post's cumulative engagement as the platform showed it at time t.
 * Each count is a count or COUNT_UNKNOWN.
 */
struct metric_point {
	int64_t		 t;		/* when it was taken; 0 until known */
	int64_t		 likes;		/* favourites, likes */
	int64_t		 reposts;	/* boosts, reposts, retweets */
	int64_t		 replies;
	int64_t		 quotes;
	int64_t		 views;		/* impressions, video views */
	int64_t		 bookmarks;
};

/* A metric point whose every count is unknown. */
#define METRIC_POINT_UNKNOWN { 0, COUNT_UNKNOWN, COUNT_UNKNOWN, \
	COUNT_UNKNOWN, COUNT_UNKNOWN, COUNT_UNKNOWN, COUNT_UNKNOWN }

/*
 * A post (a toot, a tweet, a blog article, a video) with its tags, its
 * links and its engagement over time. The fetcher makes one with the
 * engagement it has now (at most one metric point), the store one with
 * every snapshot up to a time, the analyses read them.
 */
struct post {
	int64_t		 id;		/* posts.id, 0 until stored */
	int64_t		 account_id;	/* accounts.id, 0 until known */
	int		 account;	/* analyses: index into the caller's
					   accounts */
	char		*remote_id;	/* the platform's id; a feed's article
					   URL */
	int64_t		 published_at;
	char		*url;		/* its public URL, or NULL */
	char		*title;		/* title or plain text, or NULL */
	const char	*kind;		/* static: one of post_kinds[]; NULL
					   in a post to store: keep the
					   stored kind (new posts: "post") */
	char		**tags;		/* normalised (tag_normalise); ntags,
					   at most POST_MAX_TAGS */
	size_t		 ntags;
	char		**links;	/* URLs it links to; nlinks, at most
					   POST_MAX_LINKS */
	size_t		 nlinks;
	struct metric_point *metrics;	/* oldest first; nmetrics; none for
					   a platform without engagement */
	size_t		 nmetrics;
	int64_t		 deleted_at;	/* import: when it was found gone
					   from the platform, or 0 */
};

/*
 * The most tags and links a post keeps, whatever its source: the
 * adapters (fetch_post_add_tag, fetch_post_add_link), the feed parser
 * and import keep the first ones, in the order the source gives them,
 * and drop the rest. More is spam; one cap everywhere means what one
 * source stored, export writes and import takes back whole.
 */
#define POST_MAX_TAGS	64
#define POST_MAX_LINKS	256

/*
 * One follower of an account as a walk through its follower list shows
 * them (the census). 'id' is the platform's stable id, never the handle:
 * a renamed follower stays one follower.
 */
struct census_follower {
	char		*id;		/* Mastodon account id on the creator's
					   server, Bluesky DID */
	char		*uri;		/* Mastodon: the ActivityPub id; NULL */
	char		*handle;	/* as listed, or NULL */
	int		 active_known;	/* 1: last_active was read now */
	int64_t		 last_active;	/* their latest post (0: none) */
	int64_t		 posts;		/* their post count, or COUNT_UNKNOWN */
	int64_t		 followers;	/* their followers, or COUNT_UNKNOWN */
	int64_t		 followed_at;	/* when they followed, or 0: unknown */
	int64_t		 posts_at;	/* as stored: when 'posts' was read
					   (0: never) */
	int64_t		 read_at;	/* as stored: their last activity
					   check (0: never) */
	const char	*gone;		/* static: why the list holds no longer
					   a follower ("moved", "deleted"),
					   or NULL */
};

void		 census_follower_release(struct census_follower *);

/*
 * A relationship severance event (Mastodon 4.3+, the owner's
 * notifications): the server blocked a domain or suspended an account,
 * and the follows across it went.
 */
struct census_severance {
	char		*id;		/* the event's id on the server */
	const char	*kind;		/* static: "domain_block",
					   "user_domain_block" or
					   "account_suspension" */
	char		*target;	/* the domain, or the account's handle */
	int64_t		 followers;	/* followers it removed, as the server
					   counts them, or COUNT_UNKNOWN */
	int64_t		 at;		/* when (UTC seconds) */
};

void		 census_severance_release(struct census_severance *);

/*
 * An engagement with one of the account's posts: who liked, reposted,
 * quoted or replied to it, and when, as far as the platform says.
 */
enum engagement_kind {
	ENGAGEMENT_LIKE,
	ENGAGEMENT_REPOST,
	ENGAGEMENT_QUOTE,
	ENGAGEMENT_REPLY,
	ENGAGEMENT_KINDS
};

/* Where an engagement's time came from. */
enum engagement_time {
	ENGAGEMENT_AT_RECORD,	/* the record's own (Bluesky indexedAt) */
	ENGAGEMENT_AT_NOTIFICATION, /* the owner's notification */
	ENGAGEMENT_AT_SEEN,	/* none: the read that first listed it,
				   after the read before it */
};

struct engagement {
	enum engagement_kind kind;
	char		*actor;		/* stable id as in census_follower, or
					   its keyed hash (hashed mode) */
	char		*handle;	/* as listed, or NULL (always when
					   hashed) */
	enum engagement_time at_source;
	int64_t		 at;		/* record or notification time; for
					   ENGAGEMENT_AT_SEEN 0 (the store
					   takes the read's) */
	int64_t		 after;		/* ENGAGEMENT_AT_SEEN: it came after
					   this (the read before that listed
					   the list down to it), or 0: the
					   store's floor */
	int64_t		 followers;	/* the actor's followers, or
					   COUNT_UNKNOWN */
};

void		 engagement_release(struct engagement *);
/* "like", "repost", "quote", "reply". */
const char	*engagement_kind_name(enum engagement_kind);

/*
 * A new follower's trail (the census's evidence of what brought them):
 * when their follow came, and what they engaged with before.
 */
struct evidence_follower {
	int64_t		 after;		/* the follow came after ... */
	int64_t		 by;		/* ... and by this */
};

struct evidence_engagement {
	size_t		 follower;	/* index into the followers */
	int64_t		 post_id;	/* posts.id */
	size_t		 post;		/* the analysis's index of it, or
					   SIZE_MAX: not among its posts */
	enum engagement_kind kind;
	int64_t		 after;		/* it came after (or at) ... */
	int64_t		 by;		/* ... and by this */
};

/* The kinds of post, by name: "post" first, the default. NULL-ended. */
extern const char *const post_kinds[];

/* The static name of a kind (exactly as written), or NULL if none. */
const char	*post_kind_find(const char *, size_t);
/* Free what the post owns and zero it. */
void		 post_release(struct post *);
/*
 * The post's newest metric point, made (every count unknown) if it has
 * none: what the fetcher fills with the engagement it sees now.
 */
struct metric_point *post_metrics_now(struct post *);

#endif
