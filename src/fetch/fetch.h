/*
 * The fetcher: pulls follower counts and posts with their engagement from
 * the platforms' APIs. Only src/fetch/ speaks HTTP, and only fetch.c
 * touches libcurl: adapters build requests and parse bodies, nothing more.
 *
 * One account is one job. A job runs its adapter's 'next' step by step:
 * each step looks at the previous response (NULL at the start) and either
 * asks for one more request, or says the job is done, or that it failed.
 * Jobs of different accounts run in parallel; a job's own requests run
 * one after another. What a job found (struct fetch_result) is handed to
 * the caller as soon as the job ends, to be stored in one transaction.
 *
 * Counts that a platform does not give, or hides, are COUNT_UNKNOWN (-1).
 * Posts are the shared struct post (types.h): a fetched post carries the
 * engagement the platform shows now as its one metric point (none for a
 * platform without engagement, a feed), timed when the job ends.
 */
#ifndef TL_FETCH_H
#define TL_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "platform.h"
#include "types.h"

/* The account's own numbers. */
struct fetch_profile {
	int		 has_counts;	/* 0: the platform has none (feeds) */
	char		*remote_id;	/* stable id (DID, user id, channel id) */
	int64_t		 followers;	/* or COUNT_UNKNOWN (hidden) */
	int64_t		 following;	/* or COUNT_UNKNOWN */
	int64_t		 posts;		/* the platform's post count, or unknown */
	int		 rounded;	/* 1: 'followers' is rounded by the platform */
};

/* Everything one account's fetch found (since the last checkpoint). */
struct fetch_result {
	struct fetch_profile	 profile;
	struct post		*posts;		/* nposts of them */
	size_t			 nposts;
	size_t			 posts_cap;	/* private */
	char			**gone;		/* remote ids of posts the
						   platform no longer has */
	size_t			 ngone;
};

/* Add a zeroed post (kind "post", no metrics) to the result; return it. */
struct post		*fetch_result_add_post(struct fetch_result *);
/* Find a post by remote id (NULL if absent): to skip duplicates. */
struct post		*fetch_result_find_post(struct fetch_result *,
			    const char *);
void			 fetch_post_add_tag(struct post *, const char *,
			    size_t);
void			 fetch_post_add_link(struct post *, const char *,
			    size_t);
/* Note a post that a refresh found deleted (a 404, left out of a batch). */
void			 fetch_result_add_gone(struct fetch_result *,
			    const char *);
/* Drop the posts and deletions (stored at a checkpoint); keep the rest. */
void			 fetch_result_clear_posts(struct fetch_result *);
void			 fetch_result_release(struct fetch_result *);

/*
 * The walk back through an account's whole post history, after its
 * counts, recent posts and refreshes. Each page of history is handed to
 * the caller on its own (fetch_options.checkpoint) with the position
 * reached, to be stored in one transaction: a walk cut short (a fault,
 * the request budget, a kill) keeps every page before and goes on from
 * there the next run, until it reaches the oldest post. Positions are
 * the adapter's own strings: a max_id, a cursor, a page token, a page.
 */
struct fetch_history {
	/* Set by the caller. */
	int		 wanted;	/* 1: walk this run */
	char		*cursor;	/* where the stored walk goes on, or
					   NULL: where the recent posts end */
	/* Set by the adapter before it starts. */
	int		 page_cost;	/* requests per page (0 means 1): the
					   page and what it needs besides */
	/* Kept by fetch_history_start and fetch_history_page. */
	int		 active;	/* 1: the walk is under way */
	char		*next;		/* where it goes on, or NULL */
	int		 complete;	/* 1: it reached the oldest post */
	int		 new_pages;	/* pages since the last checkpoint */
	int		 pages;		/* pages read this run */
	int		 budget_spent;	/* 1: stopped by the request budget */
	int64_t		 newest;	/* the last page's newest post, or 0 */
	int64_t		 oldest;	/* the oldest post of the walk, or 0 */
	size_t		 nposts;	/* posts of history read this run */
	char		**seen;		/* positions asked for this run */
	size_t		 nseen;
};

/*
 * The census of an account's followers, for a census job (the adapter
 * is its platform's 'census'). Each run first reads the newest followers
 * down to the first it already knows (the day's gains, a page or two);
 * when a full walk is due or under way it then reads the whole list
 * from where the stored walk stands, a page per checkpoint, until the
 * list's end (where the losses are known) or the request budget; then
 * it asks, while the budget lasts, why followers gone from the list
 * left; then, where the list does not show activity (Bluesky), it
 * checks that of a sample of the followers, with requests the budget
 * keeps for it (reserve), so that a long walk does not starve it.
 */
enum fetch_census_phase {
	CENSUS_PHASE_NONE,
	CENSUS_PHASE_NEW,	/* the newest followers, down to known ones */
	CENSUS_PHASE_FULL,	/* the whole list */
	CENSUS_PHASE_VERIFY,	/* why followers left */
	CENSUS_PHASE_ACTIVITY,	/* the activity of a sample of followers */
};

struct fetch_census {
	/* Set by the caller. */
	int		 full;		/* 1: the full walk goes on this run */
	char		*cursor;	/* where it goes on, or NULL: its start */
	int64_t		 full_walk;	/* caller's: its walk, or 0 */
	int64_t		 new_walk;	/* caller's: the new walk, or 0 */
	int64_t		 prev_walk;	/* the last walk's start before this
					   run: a new follower came after */
	int		 first_census;	/* 1: no full walk ended yet, so who
					   the full walk lists was there */
	char		**known;	/* ids of the followers listed last,
					   sorted (strcmp): a new walk stops
					   at the page that holds one */
	size_t		 nknown;
	char		**verify;	/* followers gone, reason unknown */
	size_t		 nverify;
	char		*hash_key;	/* secret: the hashed mode's key, or
					   NULL (ids kept as they are) */
	const char	*platform_name;	/* what the hashes are of */
	struct census_follower *sample;	/* followers due for an activity
					   check, as stored (asked longest
					   ago first); NULL where the list
					   shows activity */
	size_t		 nsample;
	/* Kept by the adapter (fetch_census_*), stored at checkpoints. */
	enum fetch_census_phase phase;	/* the phase under way */
	enum fetch_census_phase held;	/* the phase of the page held (its
					   walk's state below), or NONE */
	struct census_follower *page;	/* followers read since the last
					   checkpoint */
	size_t		 npage;
	size_t		 page_cap;
	int		 pages;		/* pages since the last checkpoint */
	char		*next;		/* where the walk goes on; NULL */
	int		 ended;		/* 1: the walk is over (its end, a
					   known follower, a hidden list) */
	int		 hidden;	/* 1: the platform hides the list */
	int		 was_hidden;	/* 1: it did, this run (kept) */
	int		 broken;	/* 1: it could not be read to its end
					   (a cursor repeated): no losses */
	int64_t		 platform_count; /* the account's count, or unknown */
	char		**gone_ids;	/* verified: who left, and why */
	const char	**gone_why;
	size_t		 ngone;
	size_t		 verified;	/* verify[] asked so far */
	size_t		 sampled;	/* sample[] asked so far */
	int		 reserve;	/* requests kept for the activity
					   check: the other phases stop
					   short of them (the adapter's) */
	struct census_follower *checks;	/* activity checked since the last
					   checkpoint: counts, and
					   last_active when active_known */
	size_t		 nchecks;
	size_t		 checks_cap;
	size_t		 checked;	/* followers checked this run */
	char		**seen;		/* cursors asked this run */
	size_t		 nseen;
	int		 budget_spent;	/* 1: the budget stopped it */
	size_t		 listed;	/* followers read this run */
	size_t		 gained;	/* caller's: new followers stored */
	size_t		 lost;		/* caller's: gone at the list's end */
	int		 read_whole;	/* caller's: 1 when a full walk ended
					   this run (the list read whole) */
	/* Where each follower read is billed (X): the month's cap. */
	int64_t		 read_price;	/* caller's: micro-USD a follower
					   read, or 0: free */
	struct fetch_purse *purse;	/* what the month's cap leaves: set
					   by the caller, drawn on by the
					   adapter as it reads */
	int64_t		 taken;		/* reads taken for the request out */
	int		 cap_spent;	/* 1: the cap stopped the walk */
	size_t		 lookups;	/* billed reads not of followers (X's
					   check of whose the token is), not
					   yet on the bill */
	/*
	 * The account owner's notifications (Mastodon, with a token the
	 * server says is the account's own; Bluesky, with their app
	 * password, logged in as them): follows with their times and
	 * severed relationships, newest first, in passes that stop at the
	 * newest one a pass read before. Caller's, then kept by the
	 * adapter and stored at checkpoints (notify_held).
	 */
	int64_t		 login_at;	/* the last login to read them
					   (Bluesky), or 0: set when the
					   adapter logs in */
	char		*notify_newest;	/* the last whole pass's newest id */
	char		*notify_top;	/* the pass under way: its newest */
	char		*notify_cursor;	/* and where it goes on (max_id) */
	int		 notify_held;	/* 1: the three above changed, and
					   follows and severed are to store */
	struct census_follower *follows; /* follows read since the last
					   checkpoint: id and followed_at */
	size_t		 nfollows;
	struct census_severance *severed; /* severance events read so */
	size_t		 nsevered;
	int		 notify_again;	/* adapter's: 1 when the pass under
					   way is an earlier run's, which a
					   pass from the top follows */
	int		 not_owner;	/* 1: the token is not the owner's */
	int		 owner;		/* 1: the server says the token is
					   the owner's (sent with every
					   request, the follower list's too) */
	size_t		 notified;	/* notifications read this run */
	size_t		 follows_read;	/* of them follows, this run */
	size_t		 severed_read;	/* and severance events */
	int		 notify_cut;	/* 1: their share of the budget
					   stopped a pass: the next run goes
					   on */
	char		*token_from;	/* caller's: where the billed census's
					   token is set, for messages ("NAME
					   in the environment"), or NULL */
};

/*
 * What the month's cap on billed reads (X) leaves an account this run,
 * shared by its census and its engager lists, which run side by side: a
 * job takes what a request may read before it is sent and gives back
 * what it did not read, so that together they never pass the cap.
 */
struct fetch_purse {
	int64_t		 left;		/* micro-USD */
	int		 refs;
};

/*
 * One list of one post (who liked it, reposted it, quoted it), for an
 * engager job (the adapter is its platform's 'engagers'): newest first,
 * a page per checkpoint, from the top down to the first page that holds
 * an engager stored before (or, for a pass that reads the whole list,
 * to its end), within the job's budget; a pass the budget cuts short
 * goes on from its cursor the next run.
 */
struct fetch_engagers {
	/* Set by the caller. */
	int64_t		 post_id;	/* caller's: posts.id */
	char		*post;		/* the platform's id of the post
					   (a status id, an at:// URI) */
	enum engagement_kind kind;
	int64_t		 count;		/* the post's count of the kind now,
					   or COUNT_UNKNOWN: for the list's
					   state */
	char		*cursor;	/* a pass goes on here, or NULL: a
					   pass from the top */
	int		 whole;		/* 1: read to the end, not only down
					   to a known engager */
	int64_t		 fresh_after;	/* a pass from the top: the last pass
					   that ended, after which anyone
					   above the known is new; 0: none */
	char		**known;	/* actors stored, sorted (strcmp) */
	size_t		 nknown;
	char		*hash_key;	/* secret: the hashed mode's key, or
					   NULL */
	const char	*platform_name;
	int64_t		 published_at;	/* caller's: the post's, the floor of
					   a time seen */
	int64_t		 ended_before;	/* caller's: the list's last pass
					   that ended, or 0 */
	int64_t		 count_before;	/* caller's: the count it read at */
	/* Kept by the adapter (fetch_engagers_*), stored at checkpoints. */
	struct engagement *page;	/* engagements read since the last
					   checkpoint */
	size_t		 npage;
	size_t		 page_cap;
	char		*next;		/* where the pass goes on; NULL */
	int		 below_known;	/* 1: this pass read a known engager
					   (who comes after was there) */
	int		 ended;		/* 1: the pass is over */
	int		 budget_spent;	/* 1: the budget stopped it */
	char		**seen;		/* cursors asked this run */
	size_t		 nseen;
	size_t		 read;		/* engagements read this run */
	int		 pages;		/* pages read this run */
	/* Where each engager read is billed (X). */
	struct fetch_purse *purse;	/* caller's: the account's, or NULL */
	int64_t		 read_price;	/* caller's: micro-USD a read */
	int64_t		 taken;		/* reads taken for the request out */
	int64_t		 billed;	/* reads since the last checkpoint,
					   for the month's bill */
	int		 cap_spent;	/* 1: the cap stopped the pass */
};

/* What a job needs to know about its account. */
struct fetch_account {
	int64_t		 id;		/* accounts.id, for the caller */
	const struct platform *platform; /* never NULL */
	char		*name;		/* "platform:handle", for messages */
	char		*handle;	/* normalised handle */
	char		*api_base;	/* base URL, never NULL, no final '/' */
	char		*remote_id;	/* known stable id, or NULL */
	char		*token;		/* secret (token, key), or NULL */
	int64_t		 now;		/* when the run started */
	int64_t		 recent_since;	/* page back to posts this old */
	int		 max_pages;	/* at most this many timeline pages */
	int		 max_requests;	/* requests this run, every one
					   counted (0: no limit) */
	int64_t		 known_newest;	/* every post after this is new: the
					   newest stored before this run, or
					   a gap's floor (0: none stored) */
	int		 gap_known;	/* 1: known_newest is a gap's floor */
	char		**refresh_ids;	/* posts to ask for by id unless the
					   recent walk read them: first the
					   stored recent ones (a missing one
					   may be deleted), then older ones
					   due for new metrics */
	size_t		 nrefresh;
	int64_t		*check_times;	/* when each of the first ncheck
					   (the recent ones) was published */
	size_t		 ncheck;
};

/*
 * How a job spent its account's request budget (history.c). The counts
 * and the first page of recent posts are always asked for; the further
 * recent pages of new posts (down to known_newest) while the budget
 * lasts; the pages of known recent posts and the refreshes together up
 * to half of what is left when a history walk is wanted (so that the
 * walk advances every run), all of it otherwise; the walk takes the
 * rest.
 */
struct fetch_budget {
	int		 refresh_cap;	/* requests the refreshes may reach,
					   or 0: not set yet */
	int64_t		 listed_since;	/* the recent walk listed every post
					   since (its oldest), set with it */
	int		 recent_cut;	/* 1: the recent walk stopped for it */
	int64_t		 recent_oldest;	/* then its oldest post, or 0 */
	int		 share_cap;	/* requests the refreshes and the
					   recent pages of known posts may
					   reach together, or 0: not set */
	int		 gap;		/* 1: posts after known_newest are
					   left unread (the budget cut the
					   recent walk short above them) */
	int		 reached_known;	/* 1: the recent walk read down to
					   known_newest (or the end) */
	int		 refresh_cut;	/* 1: the refreshes stopped for it */
	size_t		 refresh_asked;	/* then refresh_ids before this index
					   were asked, the rest wait */
};

/* One HTTP request an adapter asks for (GET, or POST with a JSON body). */
struct fetch_request {
	char		*url;		/* owned; may hold an API key: redact */
	char		*auth;		/* "Authorization: ..." header, or NULL */
	char		*post;		/* owned JSON body to POST (may hold a
					   secret: wiped), or NULL: a GET */
	int		 step;		/* the adapter's own marker */
	int		 missing_ok;	/* 404 and 410 go to 'next' too: a post
					   deleted since is no failure */
	int		 denied_ok;	/* 401 and 403 go to 'next' too: a
					   follower list hidden from us */
};

/* The response the adapter sees: a 2xx status, or 404/410 if missing_ok. */
struct fetch_response {
	long		 status;	/* HTTP status */
	const char	*body;		/* NUL-terminated */
	size_t		 len;		/* bytes in body */
	const char	*link;		/* the Link header, or NULL */
	const char	*content_type;	/* or NULL */
	const char	*total_pages;	/* X-WP-TotalPages (WordPress), or NULL */
	int		 step;		/* the request's step */
};

enum fetch_step_result {
	FETCH_MORE,	/* *next is filled in: send it */
	FETCH_DONE,	/* the result is complete */
	FETCH_FAIL,	/* *cause says why (the platform's words if any) */
};

struct fetch_job;

/* The census adapters, which the registry names. */
extern const struct fetch_adapter mastodon_census_adapter;
extern const struct fetch_adapter bluesky_census_adapter;
extern const struct fetch_adapter x_census_adapter;
/* And those of the engager lists. */
extern const struct fetch_adapter mastodon_engagers_adapter;
extern const struct fetch_adapter bluesky_engagers_adapter;
extern const struct fetch_adapter x_engagers_adapter;

/*
 * A platform adapter: src/fetch/<platform>.c defines one, and its struct
 * platform (platform.h) points to it.
 */
struct fetch_adapter {
	/*
	 * Take the previous response (NULL at the start) and either fill
	 * *next (FETCH_MORE), finish (FETCH_DONE) or fail (FETCH_FAIL,
	 * *cause set, owned by the caller). The adapter keeps its progress
	 * in job->state and frees it in 'release'.
	 */
	enum fetch_step_result (*next)(struct fetch_job *,
			    const struct fetch_response *,
			    struct fetch_request *, char **);
	/*
	 * The platform's own message in an error body (any status), or NULL
	 * if the body says nothing usable (an HTML page, empty).
	 */
	char		*(*error_message)(const char *, size_t);
	/*
	 * For platforms that signal limits without a 429 (YouTube's 403
	 * quotaExceeded): seconds until this error reply may be retried, or
	 * -1 when it is no rate limit. NULL when 429 is the only signal.
	 */
	long		 (*rate_limited)(long, const char *, size_t);
	void		 (*release)(struct fetch_job *);
};

/* Why a job failed, for fetch_errors and the user. */
enum fetch_error_kind {
	FETCH_ERR_NONE,
	FETCH_ERR_HTTP,		/* 4xx/5xx, or an API error body */
	FETCH_ERR_NETWORK,	/* connect, timeout, TLS, truncated */
	FETCH_ERR_PARSE,	/* a reply we cannot read */
	FETCH_ERR_RATE_LIMIT,	/* 429 with a wait too long to sit out */
	FETCH_ERR_CONFIG,	/* no token, bad API base */
	FETCH_ERR_DEADLINE,	/* the account's or the run's time ran out */
};

struct fetch_job {
	const struct fetch_adapter *adapter;
	struct fetch_account	 account;
	struct fetch_result	 result;
	void			*state;		/* the adapter's progress */
	/* Outcome, set when the job ends. */
	int			 failed;
	enum fetch_error_kind	 error_kind;
	long			 http_status;	/* of the failing reply, or 0 */
	char			*error;		/* what went wrong, or NULL */
	int64_t			 retry_after;	/* rate limited until, or 0 */
	int64_t			 finished_at;	/* when the job ended, or
						   its last checkpoint */
	struct fetch_history	 history;
	struct fetch_budget	 budget;
	int			 checkpoint;	/* 1: the result is ready to be
						   stored before the next
						   request (an adapter sets
						   it through fetch_history_*) */
	int			 checkpoints;	/* results stored so far */
	size_t			 nstored;	/* posts stored so far */
	int			 requests;	/* requests sent, retries too */
	int64_t			 first_sent;	/* engine's: its clock (ms) when
					   the first request went, or 0 */
	char			*note;		/* a hint for the user (a richer
					   source the account has), or NULL */
	char			*warning;	/* what the user must hear
					   though the job did not fail
					   (paging cut short), or NULL */
	void			*engine;	/* fetch.c's per-job state */
	struct fetch_census	*census;	/* a census job's, or NULL */
	struct fetch_engagers	*engagers;	/* an engager job's, or NULL */
};

/* How the engine behaves; fetch_options_init gives the defaults. */
struct fetch_options {
	int		 jobs;		/* transfers in flight at most */
	int		 per_host;	/* connections to one host at most */
	long		 connect_timeout_ms;
	long		 timeout_ms;	/* whole transfer */
	size_t		 max_body;	/* larger replies are an error */
	int		 max_redirects;
	int		 max_retries;	/* for 5xx and network errors */
	long		 retry_base_ms;	/* first backoff; doubles, with jitter */
	long		 max_wait_ms;	/* longest 429 wait sat out in a run */
	/*
	 * Deadlines, 0 for none. The run ends by run_deadline_ms after it
	 * started; an account's requests end by job_deadline_ms after its
	 * first was sent. A job still going then fails (FETCH_ERR_DEADLINE):
	 * a request in flight is cut short, no retry or wait starts.
	 */
	long		 run_deadline_ms;
	long		 job_deadline_ms;
	/*
	 * What the engine has to tell as it goes; it prints nothing
	 * itself. 'trace' gets a line for -v (a request and its reply, a
	 * rate limit sat out), 'progress' the jobs done so far (final:
	 * the run is over). Either may be NULL.
	 */
	void		(*trace)(void *, const char *);
	void		(*progress)(void *, size_t, size_t, int);
	/*
	 * Store what a job found so far (job->checkpoint was set: before a
	 * page of history is asked for), then clear its posts. Non-zero
	 * fails the job with *cause. NULL: results wait for the job's end.
	 */
	int		(*checkpoint)(struct fetch_job *, void *, char **);
	void		*arg;		/* for trace, progress, checkpoint */
};

void	 fetch_options_init(struct fetch_options *);
/*
 * "http", "network", "reply", "rate_limit", "config", "deadline": for
 * fetch_errors.
 */
const char *fetch_error_kind_name(enum fetch_error_kind);

/* Called as each job ends, in the engine's thread, in end order. */
typedef void (*fetch_done_fn)(struct fetch_job *, void *);

/*
 * Run the jobs to their end. Returns 0, or -1 if the engine itself could
 * not start (then no job ran). Jobs fail one by one, never each other.
 */
int	 fetch_run(struct fetch_job **, size_t, const struct fetch_options *,
	    fetch_done_fn, void *, char **);

void	 fetch_job_release(struct fetch_job *);
/* Add a sentence to the job's warning (joined by "; "). */
void	 fetch_job_warn(struct fetch_job *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* Helpers for adapters ------------------------------------------------- */

/*
 * The counts, recent posts and refreshes are read: start the walk back
 * through the history, if the caller wants it. 'recent_next' is where
 * the recent walk would have gone on, NULL if it reached the oldest
 * post (then the history is complete at once). Returns where to ask for
 * the first page (a string of the job's), or NULL: the job is done. The
 * result read so far is stored first (a checkpoint). Refreshed posts
 * that did not come back are noted as deleted: every adapter calls this
 * once its refreshes are over, history or not.
 */
const char *fetch_history_start(struct fetch_job *, const char *);
/*
 * Whether the recent walk asks for one more page after 'pages' pages,
 * the oldest post read so far at 'oldest' (0: none yet): while it reads
 * new posts (after known_newest), however many pages; then until it
 * reaches back past recent_since, at most max_pages; within the budget
 * (a page costs page_cost requests; the pages read so far owe theirs).
 */
int	 fetch_recent_goes_on(struct fetch_job *, int, int64_t);
/*
 * Whether the refreshes go on from refresh_ids[*i]: *i moves past the
 * posts the result holds already (read as recent posts) and the recent
 * ones older than the recent walk reached (not listed: no sign of a
 * deletion, and their numbers are fresh enough); 0 when none is
 * left, or when the next request does not fit the budget (then the posts
 * from *i on wait for the next run and are not taken as deleted).
 */
int	 fetch_refresh_goes_on(struct fetch_job *, size_t *);
/*
 * Whether refresh_ids[i] is to be asked for: not read already, and not a
 * recent post older than the recent walk reached. For the adapters that
 * ask for several in one request.
 */
int	 fetch_refresh_wanted(struct fetch_job *, size_t);
/*
 * A page of history was read into the result ('items' entries in the
 * reply, its posts' newest and oldest times, 0 if none): it is stored
 * with 'next' (where the walk goes on, NULL at the end). Returns where to
 * ask next, or NULL when the walk stops this run: at its end, when the
 * budget is spent, or (with a warning) when the position repeats or the
 * page is newer than the one before (a server going backwards).
 */
const char *fetch_history_page(struct fetch_job *, const char *, size_t,
	    int64_t, int64_t);
/*
 * A page was read but the walk cannot go on from it (its next link is
 * on another server, say; the adapter warned): it is stored, and the
 * next run asks for it again.
 */
void	 fetch_history_halt(struct fetch_job *, int64_t, int64_t);

/*
 * Fail a job whose platform needs a secret that was not given: the
 * message (in *cause) names it and where to set it, from the registry.
 */
enum fetch_step_result fetch_missing_secret(const struct fetch_job *,
			    char **);

/* Census helpers (census.c) ------------------------------------------ */

/*
 * Where the census job starts: the new followers (when there is a full
 * walk under way to go on with; else the full walk covers them), or
 * the full walk, or the check of who left; FETCH_DONE when none is due.
 */
enum fetch_census_phase fetch_census_first(struct fetch_job *);
/*
 * The phase under way is over: the next one, or CENSUS_PHASE_NONE; when
 * there is one, what was read is first stored (a checkpoint).
 */
enum fetch_census_phase fetch_census_next(struct fetch_job *);
/* Add a zeroed follower (counts unknown) to the page held; return it. */
struct census_follower *fetch_census_add(struct fetch_job *);
/* 1 if the id is one of the followers the census knows last. */
int	 fetch_census_known(const struct fetch_job *, const char *);
/*
 * A page of the walk was read ('next': where it goes on, NULL at the
 * end; 'stop': 1 when it is over anyway, a known follower read): the
 * page is stored at the checkpoint. Returns where to ask next, or NULL
 * when the walk stops (its end, a repeated cursor, the budget).
 */
const char *fetch_census_page(struct fetch_job *, const char *, int);
/* The list is hidden from us: the walk ends with nothing stored. */
void	 fetch_census_hidden(struct fetch_job *);
/*
 * The list's first page is empty while the account counts followers: a
 * server's fault more likely than every follower gone, so the walk ends
 * broken (no losses), with a warning.
 */
void	 fetch_census_empty(struct fetch_job *);
/*
 * Whether the budget allows one more request: in the activity check, any
 * left; before it, those left beyond its reserve.
 */
int	 fetch_census_affords(struct fetch_job *);
/* Add a zeroed activity check (counts unknown) to those held; return it. */
struct census_follower *fetch_census_check_add(struct fetch_job *);
/* A follow (zeroed: the adapter sets id and followed_at) to store. */
struct census_follower *fetch_census_follow_add(struct fetch_job *);
/* A severance event (zeroed) to store. */
struct census_severance *fetch_census_severed_add(struct fetch_job *);
/*
 * 1 if one more request for the notifications fits their share of the
 * budget: half of it, so that the walk goes on however many there are.
 */
int	 fetch_census_notify_affords(struct fetch_job *);
/*
 * A notification that could not be read (*cause) is skipped: the first
 * cause kept in *first, the rest freed, *skipped counted. Then, once a
 * page is read, fetch_census_notify_warn says how many (and frees
 * *first).
 */
void	 fetch_census_notify_skip(char **, char **, size_t *);
void	 fetch_census_notify_warn(struct fetch_job *, size_t, char *);
/* What comes after a page of notifications (fetch_census_notify_page). */
enum fetch_notify_next {
	FETCH_NOTIFY_STOP,	/* nothing more this run */
	FETCH_NOTIFY_ON,	/* the page at census->notify_cursor */
	FETCH_NOTIFY_TOP,	/* a pass from the top (the newest) */
};
/*
 * A page of notifications is read: it is stored before the next request
 * (a checkpoint). next (owned; NULL: none) is where the pass goes on;
 * repeats: 1 when next is no further than the page asked, which ends the
 * pass with a warning. A pass over makes its newest where the next one
 * stops, and one that went on from an earlier run is followed by a pass
 * from the top, for what came since; within the budget's share.
 */
enum fetch_notify_next fetch_census_notify_page(struct fetch_job *, char *,
	    int);
/* A follower gone from the list left for 'why' (static). */
void	 fetch_census_gone(struct fetch_job *, const char *, const char *);
/*
 * How many followers the next request may ask for, at most 'max': what
 * the month's cap leaves where reads are billed (0: none, and cap_spent
 * is set), else max.
 */
int	 fetch_census_page_size(struct fetch_job *, int);
/* A reply held 'reads' billed followers: what the cap leaves drops. */
void	 fetch_census_spend(struct fetch_job *, size_t);
/* The purse (census.c): a new one holding micro-USD; refs; release. */
struct fetch_purse *fetch_purse_new(int64_t);
struct fetch_purse *fetch_purse_ref(struct fetch_purse *);
void	 fetch_purse_release(struct fetch_purse *);
/* Reads of price it pays for, at most max, taken out of it; or 0. */
int64_t	 fetch_purse_take(struct fetch_purse *, int64_t, int64_t);
/* Reads taken that were not read, given back (negative: more read). */
void	 fetch_purse_give(struct fetch_purse *, int64_t, int64_t);
/*
 * What a follower's post count says of their activity, where the list
 * shows counts but no times (X): against the count stored (was, with
 * when it was read) and 'now', f's posts and activity as they are to be
 * stored (see census.c).
 */
void	 fetch_census_judge(const struct census_follower *, int64_t,
	    struct census_follower *);
/* Drop what was stored at a checkpoint. */
void	 fetch_census_clear(struct fetch_census *);
void	 fetch_census_release(struct fetch_census *);

/* Engager helpers (engagers.c) ---------------------------------------- */

/* Add a zeroed engagement of the list's kind to the page; return it. */
struct engagement *fetch_engagers_add(struct fetch_job *, const char *);
/*
 * A page of the list was read, 'next' where it goes on (NULL: the end):
 * the page is stored at the checkpoint. Returns where to ask next, or
 * NULL when the pass stops: its end, a page holding a known engager
 * (unless the pass reads the whole list), a repeated cursor (warned),
 * the budget.
 */
const char *fetch_engagers_page(struct fetch_job *, const char *);
/* Drop what was stored at a checkpoint. */
void	 fetch_engagers_clear(struct fetch_engagers *);
void	 fetch_engagers_release(struct fetch_engagers *);

/* Percent-encode a query value into a new string. */
char	*fetch_escape(const char *);
/*
 * The longest wait, in seconds, that a rate limit is taken to ask for: a
 * server asking for more (or for a time past the year 9999) gets this.
 */
#define FETCH_WAIT_MAX	(24 * 60 * 60)

/*
 * The seconds a rate-limited reply asks to wait, from its headers' values
 * (each NULL or "" when absent), the first usable in this order:
 * Retry-After (seconds or an HTTP date), x-rate-limit-reset or
 * RateLimit-Reset (epoch seconds, or a delta when small), X-RateLimit-
 * Reset (an ISO time). Within 0 and FETCH_WAIT_MAX whatever they say
 * (huge, negative, past); -1 when none is usable. 'now' is epoch seconds.
 */
int64_t	 fetch_wait_seconds(const char *, const char *, const char *,
	    int64_t);

/* A URL with any secret query value (key=, access_token=) hidden. */
char	*fetch_redact_url(const char *);
/* The URL of rel="next" in a Link header, or NULL (new string). */
char	*fetch_link_next(const char *);
/*
 * The origin of an http(s) URL, "scheme://host[:port]" in lower case
 * without a default port (a new string); NULL for any other URL, and for
 * one with a user name, an escape, a bad port, blanks or a backslash:
 * what parsers could disagree on. The host is a name or an IPv6 literal.
 */
char	*fetch_origin(const char *);
/* 1 if both URLs are on one origin (as fetch_origin reads them), else 0. */
int	 fetch_same_origin(const char *, const char *);

#endif
