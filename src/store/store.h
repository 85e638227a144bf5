/*
 * The store: tideline's SQLite database. Only src/store/ speaks SQL;
 * everything else goes through these functions, so the database can
 * change shape (or gain a second backend) without the rest noticing.
 *
 * Functions return 0 on success and -1 on failure with a message in
 * *cause that the caller frees. Lookups return 1 (found), 0 (not found)
 * or -1. Times are seconds since the epoch, UTC. A count that is not
 * known is COUNT_UNKNOWN and is stored as NULL. The structs of accounts,
 * series and posts are the shared ones of types.h.
 */
#ifndef TL_STORE_H
#define TL_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "platform.h"
#include "types.h"

struct store;

enum store_open_mode {
	STORE_OPEN_EXISTING,	/* the database must exist already */
	STORE_OPEN_CREATE,	/* create it (and its folder, 0700) if missing */
	/*
	 * Read it, changing nothing: no journal mode set, no migration (a
	 * database that needs one is refused: 'tideline init'). Works on
	 * a read-only file, folder or mount, where a database with no
	 * write-ahead log is read as it is on disk.
	 */
	STORE_OPEN_READONLY,
};

int	 store_open(const char *, enum store_open_mode, struct store **,
	    char **);
void	 store_free(struct store *);
/*
 * What opening did beside the database that its user should hear of (a
 * backup written before a migration), or NULL.
 */
const char	*store_notice(struct store *);
int	 store_schema_version(struct store *);
int	 store_latest_version(void);
/* The database path from --db, TIDELINE_DB or the XDG data folder. */
char	*store_default_path(const char *, char **);

/* Rows changed by this connection so far: tells whether a put changed any. */
int64_t	 store_total_changes(struct store *);

/* One unit of work: BEGIN IMMEDIATE ... COMMIT, or ROLLBACK. */
int	 store_begin(struct store *, char **);
int	 store_commit(struct store *, char **);
void	 store_rollback(struct store *);
/*
 * How long a statement waits for another connection's write lock before
 * it fails with "database is locked" (5 s unless set), in milliseconds.
 */
void	 store_set_wait(struct store *, long);

/* Accounts ----------------------------------------------------------- */

int	 store_account_find(struct store *, const struct platform *,
	    const char *, int64_t *, char **);
/* Create an account, active (1) or not (0), in the default group. */
int	 store_account_create(struct store *, const struct platform *,
	    const char *, int, int64_t, int64_t *, char **);
/*
 * Track an account: create it, or make it active again. A non-NULL group
 * or API base replaces the stored one. *created says which happened.
 */
int	 store_account_track(struct store *, const struct platform *,
	    const char *, const char *, const char *, int64_t, int *, char **);
/* Mark an account inactive; its data stays. 0 if it is not known. */
int	 store_account_untrack(struct store *, const struct platform *,
	    const char *, char **);
int	 store_accounts_list(struct store *, struct account_summary **,
	    size_t *, char **);
/*
 * The same, but 'snapshots' only says whether there are any (1) or not
 * (0): counting them reads every snapshot, a seventh of an analysis.
 */
int	 store_accounts_brief(struct store *, struct account_summary **,
	    size_t *, char **);
void	 store_accounts_free(struct account_summary *, size_t);

/* Follower snapshots ------------------------------------------------- */

enum data_source {
	SOURCE_API,
	SOURCE_IMPORT,
	SOURCE_MANUAL,
};

struct follower_snapshot {
	int64_t		 account_id;
	int64_t		 taken_at;
	int64_t		 followers;	/* or COUNT_UNKNOWN (hidden) */
	int64_t		 following;	/* or COUNT_UNKNOWN */
	int64_t		 posts;		/* or COUNT_UNKNOWN */
	int		 rounded;	/* 1: the platform rounds 'followers' */
	enum data_source source;
	int64_t		 run_id;	/* fetch run, 0 for none */
};

/*
 * Insert or update the snapshots at their (account, time); many rows
 * go to SQLite per statement, which is what makes a large import fast.
 */
int	 store_followers_put(struct store *, const struct follower_snapshot *,
	    size_t, char **);

/*
 * The known follower counts of an account between two times (inclusive),
 * oldest first, in a new array the caller frees. Hidden counts are left
 * out: they are not data.
 */
int	 store_follower_series(struct store *, int64_t, int64_t, int64_t,
	    struct follower_point **, size_t *, char **);

/*
 * Every post of a group's accounts published by a time, with its tags,
 * links and the metrics taken by then: what attribution needs. Each
 * post's 'account' is left 0 for the caller to set.
 */
struct store_group_posts {
	struct post	*posts;		/* n of them, by posts.id */
	size_t		 n;
};

int	 store_group_posts_read(struct store *, const char *, int64_t,
	    struct store_group_posts *, char **);
void	 store_group_posts_release(struct store_group_posts *);

/* How many snapshots in a time range had rounded and hidden counts. */
int	 store_series_quality(struct store *, int64_t, int64_t, int64_t,
	    int64_t *, int64_t *, char **);

/* Posts, their tags, links and metrics -------------------------------- */

/*
 * Insert or update a post's row by (account_id, remote id); *post_id is
 * its id, and *created (unless NULL) 1 if the row is new: then no tags,
 * links, metrics or mark of deletion refer to it yet (foreign keys keep
 * those to posts that exist). A NULL url or title keeps the stored one,
 * a NULL kind too. Tags, links and metrics are stored by the functions
 * below.
 */
int	 store_post_put(struct store *, const struct post *, int64_t *, int *,
	    char **);
int	 store_post_find(struct store *, int64_t, const char *, int64_t *,
	    char **);
/* Replace the post's tags with these (already normalised) ones. */
int	 store_post_set_tags(struct store *, int64_t, char *const *, size_t,
	    char **);
/* Add these to the post's tags (a post just created has none). */
int	 store_post_add_tags(struct store *, int64_t, char *const *, size_t,
	    char **);
int	 store_post_add_link(struct store *, int64_t, const char *, char **);
/* Insert or update the post's metrics at their time (run 0: none). */
int	 store_metrics_put(struct store *, int64_t, const struct metric_point *,
	    enum data_source, int64_t, char **);

/*
 * Mark a post of the account (by remote id) as gone from the platform
 * since time 'at' (its rows stay); a post not stored is no error.
 */
int	 store_post_gone(struct store *, int64_t, const char *, int64_t,
	    char **);
/* A post fetched whole again is no longer marked gone. */
int	 store_post_back(struct store *, int64_t, char **);

/* Gaps in a timeline (schema 0005) ------------------------------------- */

/* The account's gap floor (0: no gap): every later post is to be read. */
int	 store_gap_get(struct store *, int64_t, int64_t *, char **);
/* Note a gap above 'floor' (found at 'now'); a lower floor known stays. */
int	 store_gap_put(struct store *, int64_t, int64_t, int64_t, char **);
/* The gap is read: forget it. */
int	 store_gap_clear(struct store *, int64_t, char **);

/* History walks -------------------------------------------------------- */

/*
 * Where the account's walk back through its posts stands: 1 with
 * *cursor (a new string, or NULL: from the newest) and *complete, 0 if
 * the account has never walked, or -1.
 */
int	 store_history_get(struct store *, int64_t, char **, int *, char **);
/*
 * Record 'pages' more pages of the walk and where it goes on (cursor,
 * NULL once complete), at time 'now'. Part of the page's transaction.
 */
int	 store_history_put(struct store *, int64_t, const char *, int, int,
	    int64_t, char **);

/* The census ------------------------------------------------------------ */

/* What the census keeps of an account's followers. */
enum census_mode {
	CENSUS_MODE_DEFAULT,	/* no setting: the platform's default */
	CENSUS_MODE_FULL,	/* ids, handles, activity */
	CENSUS_MODE_HASHED,	/* a keyed hash of each id, no handles */
	CENSUS_MODE_OFF,	/* no census */
};

const char	*census_mode_name(enum census_mode);
/* "full", "hashed", "off": 0, else -1. */
int	 census_mode_parse(const char *, enum census_mode *);
int	 store_census_mode(struct store *, int64_t, enum census_mode *,
	    char **);
/*
 * key_check: the hashed mode's key check, or NULL to keep the stored;
 * the time: when the mode changes, kept in its history.
 */
int	 store_census_set_mode(struct store *, int64_t, enum census_mode,
	    const char *, int64_t, char **);

/* The mode an account's census had at a time, and since when. */
struct census_mode_at {
	enum census_mode mode;		/* DEFAULT: none set by then */
	int64_t		 since;		/* the change's time, or 0 */
	int		 since_known;	/* 0: set before schema 16 (or none) */
};

int	 store_census_mode_at(struct store *, int64_t, int64_t,
	    struct census_mode_at *, char **);
/* The stored key check (a new string), or NULL when there is none. */
int	 store_census_key_check(struct store *, int64_t, char **, char **);

/* Where an account's census stands. */
struct census_state {
	int64_t		 full_walk;	/* the full walk under way, or 0 */
	char		*full_cursor;	/* where it goes on; NULL: its start */
	int64_t		 full_started;
	int64_t		 last_full;	/* the last full walk's end, 0: none */
	int64_t		 last_walk;	/* the newest walk's start, 0: none */
	int64_t		 first_walk;	/* the census's first walk, 0: none */
	int		 hidden;	/* the newest walk found it hidden:
					   0, or a CENSUS_HIDDEN value */
	int64_t		 empty_count;	/* the platform's count when the
					   newest walk found the list empty
					   (no page read), else 0 */
};

int	 store_census_state(struct store *, int64_t, struct census_state *,
	    char **);
void	 census_state_release(struct census_state *);
/* The ids of the followers (those first listed most recently first). */
int	 store_census_recent(struct store *, int64_t, size_t, char ***,
	    size_t *, char **);
/* Followers gone from the list whose reason is not known yet. */
int	 store_census_unchecked(struct store *, int64_t, size_t, char ***,
	    size_t *, char **);
/* A new walk (full: 1) at 'now', the platform's count then; its id. */
int	 store_census_walk_start(struct store *, int64_t, int, int64_t,
	    int64_t, int64_t *, char **);
/*
 * Store a page of followers listed at 'now'. Those new to the census
 * (or back after they left) followed after 'followed_after' (0: they
 * were there when the census began, no gain); *gained counts them.
 */
int	 store_census_page(struct store *, int64_t,
	    const struct census_follower *, size_t, int64_t, int64_t,
	    size_t *, char **);
/* The walk read 'pages' more pages and goes on at cursor. */
int	 store_census_walk_update(struct store *, int64_t, const char *, int,
	    size_t, size_t, int64_t, char **);
/*
 * The walk is over (the list's end, or a list hidden from us). A full
 * one marks each follower it did not list, and no walk since its start
 * did, as gone (reason 'unknown' until asked); *lost counts them. A
 * broken one (it stopped short of the list's end) marks none, and is no
 * complete list: the next run walks the list again.
 */
int	 store_census_walk_end(struct store *, int64_t, int64_t, int, int,
	    int, int64_t, size_t *, char **);
/* A walk's hidden, and census_summary's: a list hidden from us (1)... */
#define CENSUS_HIDDEN		1
/* ...or even from the owner's own token, verified (2). */
#define CENSUS_HIDDEN_TO_OWNER	2
/*
 * The hashed mode from now on: each follower kept by id is kept by the
 * keyed hash of it instead, without uri or handle.
 */
int	 store_census_hash_all(struct store *, int64_t, const char *,
	    const char *, char **);
/* Why a follower left: unfollowed, moved, deleted, severed. */
int	 store_census_reason(struct store *, int64_t, const char *,
	    const char *, char **);

/* How many followers the census holds as following now. */
int	 store_census_following(struct store *, int64_t, int64_t *, char **);
/*
 * The followers whose activity is due for a check, at most 'max': first
 * up to 'max_new' never asked (in the order of a hash of their id, so
 * that the first checked are a random part of the list, not its newest),
 * then those last asked at or before 'due', longest ago first; each with
 * what is stored of it (posts, posts_at, read_at, and last_active with
 * active_known when their activity is known). The caller frees them
 * (census_follower_release each, then the array).
 */
int	 store_census_sample(struct store *, int64_t, int64_t, size_t,
	    size_t, struct census_follower **, size_t *, char **);
/*
 * Store activity checks made at 'now' (not a listing: when they were last
 * listed stays): each follower's post count (unknown: the one stored is
 * kept, with when it was read) and follower count, and, when
 * active_known, their last_active. Each is marked asked, so that the
 * sample moves on.
 */
int	 store_census_activity(struct store *, int64_t,
	    const struct census_follower *, size_t, int64_t, char **);

/*
 * What an account's census read in the UTC month of 'at' by 'at': the
 * follower reads and their cost in micro-USD (0 and 0 when none), and
 * in *known 0 when that is not known (reads kept before version 14 as
 * the month's total alone, with 'at' before the month's end, 'now' and
 * any later record).
 */
int	 store_census_spend(struct store *, int64_t, int64_t, int64_t,
	    int64_t *, int64_t *, int *, char **);
/* Add reads and their cost to the month of 'at'. */
int	 store_census_spend_add(struct store *, int64_t, int64_t, int64_t,
	    int64_t, char **);
/*
 * The counts stored of n followers (by id, as stored), into was[i]:
 * posts (or COUNT_UNKNOWN), posts_at, and last_active with active_known
 * when their activity is known; all unknown for one not stored.
 */
int	 store_census_counts(struct store *, int64_t,
	    const struct census_follower *, size_t, struct census_follower *,
	    char **);

/*
 * How far an account's notifications were read (census_notify), each
 * NULL where none: the newest id of the last pass read to its end, and
 * of a pass under way its newest id and where it goes on.
 */
struct census_notify_state {
	char		*newest;
	char		*pass_top;
	char		*cursor;
	int64_t		 login_at;	/* the last login to read them
					   (Bluesky), or 0: none */
};

int	 store_census_notify_get(struct store *, int64_t,
	    struct census_notify_state *, char **);
int	 store_census_notify_put(struct store *, int64_t,
	    const struct census_notify_state *, char **);
void	 census_notify_state_release(struct census_notify_state *);
/*
 * The follow times of n followers (id, as stored, and followed_at): kept
 * by follower, the newest of each, for the walk that lists them; a
 * follower listed already takes it at once.
 */
int	 store_census_follow_times(struct store *, int64_t,
	    const struct census_follower *, size_t, char **);
/*
 * A severance event (stored once), and the followers found gone across
 * it marked 'severed'; a later walk's losses across it are marked too.
 */
int	 store_census_severance(struct store *, int64_t,
	    const struct census_severance *, char **);

/* A severance event, with the followers the census found severed by it. */
struct census_severed {
	struct census_severance	 e;
	int64_t			 matched;	/* found gone across it by
						   the time asked */
	int64_t			 matched_window; /* of them, found gone in
						   the 30 days to it */
	int			 older;		/* 1: the event came before
						   the 30 days */
};

/*
 * The events of the 30 days to as_of, and older ones whose followers were
 * found gone in them, the oldest first.
 */
int	 store_census_severances(struct store *, int64_t, int64_t,
	    struct census_severed **, size_t *, char **);
void	 census_severed_free(struct census_severed *, size_t);

/* An account's audience as the census saw it at a time. */
struct census_summary {
	int		 walked;	/* 1: its list was walked at least once */
	int		 hidden;	/* the newest walk found it hidden */
	int64_t		 list_complete_at; /* the last full walk's end, or 0 */
	int64_t		 began_at;	/* the census's first walk, or 0 */
	int64_t		 last_walk;	/* its newest walk's start up to the
					   time asked, or 0 */
	int64_t		 empty_count;	/* the platform's count when that
					   walk found the list empty although
					   the count was above 0, else 0 */
	int64_t		 listed;	/* following then */
	int64_t		 checked;	/* of them, activity known */
	int64_t		 active_30d;	/* of those, posted within 30 days */
	int64_t		 active_90d;
	int64_t		 gained_7d, lost_7d, gained_30d, lost_30d;
	int64_t		 lost_unfollowed, lost_moved, lost_deleted;
	int64_t		 lost_severed, lost_unknown;	/* in 30 days */
};

int	 store_census_summary(struct store *, int64_t, int64_t,
	    struct census_summary *, char **);

/* A census that failed, with no walk that read a page since. */
struct census_failure {
	int64_t		 at;		/* UTC seconds; 0: none */
	long		 http_status;	/* or 0 */
	char		*message;	/* owned; NULL: none */
};

/* The account's newest census failure up to a time, if no walk since. */
int	 store_census_failure(struct store *, int64_t, int64_t,
	    struct census_failure *, char **);

/* The followers who came in a month (or a window), as of a time. */
struct census_cohort {
	char		 month[8];	/* "YYYY-MM"; "": there before the
					   census began */
	int64_t		 first_listed;	/* the first of them listed */
	int64_t		 followed;
	int64_t		 still_following;
	int64_t		 active_30d;	/* of those, posted within 30 days */
	int64_t		 checked;	/* of those following, activity
					   known: 0, and active_30d says
					   nothing */
};

/* The audience each whole walk found at its end. */
struct census_point {
	int64_t		 at;		/* the walk's end */
	int64_t		 listed;
	int64_t		 checked;
	int64_t		 active_30d;
};

/* One point per full walk ended by as_of, the oldest first. */
int	 store_census_history(struct store *, int64_t, int64_t,
	    struct census_point **, size_t *, char **);
/* By month of follow, the oldest first (those from before: first). */
int	 store_census_cohorts(struct store *, int64_t, int64_t,
	    struct census_cohort **, size_t *, char **);
/* The followers the census saw come between two times (first listed). */
int	 store_census_window(struct store *, int64_t, int64_t, int64_t,
	    int64_t, struct census_cohort *, char **);

/*
 * What the census knows of one follower's follow, for their survival by
 * follow age; times are UTC seconds, 0 where NULL.
 */
struct census_life {
	int64_t		 followed_at;	/* the follow, where known */
	int64_t		 followed_after; /* else after this walk; 0: there
					   when the census began */
	int64_t		 first_seen;
	int64_t		 last_seen;
	int64_t		 left_at;	/* 0: following */
	int64_t		 last_active;	/* their newest post as checked */
	int64_t		 active_checked; /* 0: never checked */
};

/*
 * Every follower first listed by as_of (those who left too), in one
 * array the caller frees.
 */
int	 store_census_lives(struct store *, int64_t, int64_t,
	    struct census_life **, size_t *, char **);

/* The followers a walk found come and found gone, at its last page. */
struct census_flow {
	int64_t		 at;		/* UTC seconds */
	int64_t		 gained;
	int64_t		 lost;
};

/* Each walk (not hidden) by as_of, the oldest first. */
int	 store_census_flows(struct store *, int64_t, int64_t,
	    struct census_flow **, size_t *, char **);

/* Engagements (the census, part 2) ------------------------------------ */

/* How far one list of a post was read (engager_lists). */
struct engager_list {
	char		*cursor;	/* a pass under way goes on here, or
					   NULL: the next starts at the top */
	int		 whole;		/* 1: that pass reads to the end (it
					   stops at no known engager) */
	int64_t		 read_at;	/* its last page read, 0: never */
	int64_t		 ended_at;	/* the last pass that ended, or 0 */
	int64_t		 count;		/* the post's count of the kind
					   then, or COUNT_UNKNOWN */
};

/* A list of a post due to be read, with what is known of it. */
struct engager_due {
	int64_t		 post_id;
	char		*remote_id;	/* the platform's id of the post */
	int64_t		 published_at;
	enum engagement_kind kind;
	int64_t		 count;		/* the newest count of the kind the
					   post's metrics hold, or
					   COUNT_UNKNOWN */
	int64_t		 stored;	/* engagements of the kind stored */
	struct engager_list list;
};

/*
 * The lists of an account's posts due at 'now' among the kinds of the
 * mask (1 << kind), most wanted first, at most 'limit': each list of a
 * post younger than 'young' seconds, a pass under way, a list never
 * read, and one whose post counts more than when it was last read
 * (a second life: the most grown first); then the young ones, newest
 * first. Posts marked deleted are not due.
 */
int	 store_engagers_due(struct store *, int64_t, unsigned, int64_t,
	    int64_t, size_t, struct engager_due **, size_t *, char **);
void	 engager_due_free(struct engager_due *, size_t);
/*
 * The actors of a post's list stored last (the newest 'at' first), at
 * most 'limit', sorted by strcmp for bsearch: a pass stops at the page
 * that holds one. New strings; the caller frees them and the array.
 */
int	 store_engagers_known(struct store *, int64_t, enum engagement_kind,
	    size_t, char ***, size_t *, char **);
/*
 * Store a page of a post's list read at 'now': each engager new to it
 * with their time (ENGAGEMENT_AT_SEEN: now, after 'seen_after', 0 when
 * unknown), each known one's handle and follower count renewed (and
 * their time, where it is now the record's); then the list's state.
 * The caller holds the transaction (the page is one unit of work).
 */
int	 store_engagers_page(struct store *, int64_t, int64_t,
	    enum engagement_kind, const struct engagement *, size_t, int64_t,
	    int64_t, const struct engager_list *, char **);
/*
 * The engaged audience as of a time: the distinct accounts whose
 * engagement with any of the account's posts lies in the 30 (90) days
 * before it, and of the 30 days' how many followed then (the census's
 * list). An engagement without its own time lies between the read that
 * first listed it and its lower bound (the read before, else the post's
 * publication): it counts only where that whole span is in the window,
 * so the counts are lower bounds. lists: the engager lists read by
 * then (0: none, and the counts say nothing); since: the first read.
 */
struct engaged_summary {
	int64_t		 lists;
	int64_t		 since;
	int64_t		 engaged_30d;
	int64_t		 engaged_90d;
	int64_t		 engaged_followers_30d;
};

int	 store_engaged(struct store *, int64_t, int64_t,
	    struct engaged_summary *, char **);
/*
 * What the followers who came in a window did before they came: each
 * follower of the account first listed from 'from' to 'listed_by' whose
 * follow may lie in [from, to] (its bounds: the follow's own time, else
 * after the walk before the first that listed them and by that one;
 * those there when the census began have none, and are left out), with
 * their engagements with the account's posts from 'lead' seconds
 * before their follow's earliest time on. Followers in follow order.
 */
struct burst_evidence {
	struct evidence_follower *followers;
	size_t		 nfollowers;
	struct evidence_engagement *engagements;
	size_t		 nengagements;
	int64_t		 lists;		/* engager lists of the account read
					   by listed_by: 0, no evidence */
};

int	 store_burst_evidence(struct store *, int64_t, int64_t, int64_t,
	    int64_t, int64_t, struct burst_evidence *, char **);
void	 burst_evidence_release(struct burst_evidence *);
/*
 * Who spread a post in a window: the accounts that reposted or quoted
 * it from 'from' to 'to' (an engagement without its own time counts
 * where its span meets the window), largest reach first (unknown reach
 * last), at most 'max'. handle is NULL when hashed.
 */
struct amplifier {
	char		*actor;
	char		*handle;
	int64_t		 followers;	/* or COUNT_UNKNOWN */
	enum engagement_kind kind;
	int64_t		 at;		/* its time, or the read that saw it */
	int		 seen;		/* 1: 'at' is that read, a bound */
};

int	 store_amplifiers(struct store *, int64_t, int64_t, int64_t, size_t,
	    struct amplifier **, size_t *, char **);
void	 amplifiers_free(struct amplifier *, size_t);
int	 store_engager_list(struct store *, int64_t, enum engagement_kind,
	    struct engager_list *, char **);
void	 engager_list_release(struct engager_list *);

/* Fetch runs ----------------------------------------------------------- */

/* One account's failure in a run. */
struct fetch_error_row {
	int64_t		 run_id;
	int64_t		 account_id;
	int64_t		 at;
	long		 http_status;	/* or 0 */
	const char	*kind;		/* http, network, reply, rate_limit ... */
	const char	*message;
	int64_t		 retry_after;	/* rate limited until, or 0 */
};

int	 store_run_start(struct store *, int64_t, const char *, int64_t *,
	    char **);
/*
 * Close a run with its counts (accounts ok, failed, and censuses failed);
 * its status follows from them: a failed census makes it partial.
 */
int	 store_run_finish(struct store *, int64_t, int64_t, int, int, int,
	    char **);
int	 store_run_error(struct store *, const struct fetch_error_row *,
	    char **);
/* A census that failed (kind and retry_after are not kept). */
int	 store_census_error(struct store *, const struct fetch_error_row *,
	    char **);
/* Record a whole fetch of the account (and its stable id, if known). */
int	 store_account_fetched(struct store *, int64_t, const char *, int64_t,
	    char **);
/*
 * Remote ids of the account's posts published before the first time
 * whose newest metrics are older than the second, stalest first, at most
 * 'limit', appended to the array (new strings; the caller frees both).
 */
int	 store_posts_due(struct store *, int64_t, int64_t, int64_t, size_t,
	    char ***, size_t *, char **);
/*
 * Remote ids of the account's posts published since the time (not
 * marked deleted), newest first, at most 'limit', and when each was
 * published (new arrays; the caller frees them).
 */
int	 store_posts_recent(struct store *, int64_t, int64_t, size_t,
	    char ***, int64_t **, size_t *, char **);
/* When the account's newest stored post was published (0: none). */
int	 store_posts_newest(struct store *, int64_t, int64_t *, char **);

/* What the status command shows -------------------------------------- */

struct run_summary {
	int64_t		 id;
	int64_t		 started_at;
	int64_t		 finished_at;	/* 0: still running, or killed */
	char		*status;	/* running, ok, partial, failed */
	int		 ok;		/* accounts stored */
	int		 failed;	/* accounts that failed */
	int		 census_failed;	/* accounts whose census failed */
	int		 stored;	/* unfinished: accounts whose counts
					   it stored; else 0 */
};

struct account_health {
	struct account	 account;	/* id, platform, handle, group, active */
	int64_t		 last_fetched_at; /* last whole fetch, or 0 */
	int64_t		 last_snapshot;	/* newest follower snapshot, or 0 */
	int		 failures_in_a_row; /* errors since the last whole fetch */
	int64_t		 last_error_at;	/* or 0 */
	long		 last_status;	/* HTTP status of it, or 0 */
	char		*last_kind;	/* its kind, or NULL */
	char		*last_error;	/* its message, or NULL */
	int64_t		 retry_after;	/* rate limited until, or 0 */
	int		 history;	/* walk back through the posts: -1
					   never started, 0 under way,
					   1 complete */
	int64_t		 oldest_post;	/* oldest stored post, or 0 */
	int64_t		 posts;		/* posts stored */
	int64_t		 deleted_posts;	/* of them, gone from the platform */
	int64_t		 platform_posts; /* the count the platform gave last,
					   or COUNT_UNKNOWN */
	/* The census's last failure, if no walk read a page since. */
	int64_t		 census_error_at; /* or 0 */
	long		 census_status;	/* HTTP status of it, or 0 */
	char		*census_error;	/* its message, or NULL */
};

/* The newest runs first, at most 'limit'. */
int	 store_runs_recent(struct store *, size_t, struct run_summary **,
	    size_t *, char **);
void	 store_runs_free(struct run_summary *, size_t);
int	 store_accounts_health(struct store *, struct account_health **,
	    size_t *, char **);
void	 store_accounts_health_free(struct account_health *, size_t);

/* Export: every row of a table, in account and time order -------------- */

enum store_table {
	STORE_TABLE_FOLLOWERS,
	STORE_TABLE_POSTS,
	STORE_TABLE_METRICS,
};

struct store_column {
	const char	*name;		/* the CSV header, same as import's */
	int		 numeric;	/* 1: a count or flag, 0: text */
};

/*
 * Called once per row with the row as text: fields[i] is NULL where the
 * database holds NULL. A non-zero return stops the walk and is returned.
 */
typedef int (*store_row_fn)(void *, const char *const *);

const struct store_column *store_table_columns(enum store_table, size_t *);
int	 store_export_table(struct store *, enum store_table, store_row_fn,
	    void *, char **);

#endif
