/* What snapshot.c (the command and its run) and snapshot-jobs.c share. */
#ifndef TL_CMD_SNAPSHOT_H
#define TL_CMD_SNAPSHOT_H

#include <stdint.h>

struct account;
struct fetch_job;
struct store;

/* Posts younger than this get new metrics on every run. */
#define RECENT_DAYS		30
/* Older posts get new metrics when theirs are this old ... */
#define REFRESH_OLD_DAYS	7
/* ... at most this many per account and run. */
#define REFRESH_OLD_MAX		50
/*
 * Recent posts stored that a run checks by id when the recent walk does
 * not list them (deleted since?), at most: the newest this many.
 */
#define RECENT_CHECK_MAX	400
/* Timeline pages read per account and run at most. */
#define MAX_PAGES		10

/* Where the key of the census's hashed mode is set. */
#define CENSUS_KEY_ENV		"TIDELINE_CENSUS_KEY"
#define CENSUS_KEY		"census_key"
/* "the census of ACCOUNT is hashed and needs a key: set ..." (new). */
char	*census_key_missing(const char *);
/*
 * A census job knows this many followers, at most (the first listed most
 * recently, beyond it): every one, so that a new walk stops at the top
 * of the list whatever a long full walk listed last (the deepest
 * followers are the newest to the census then, not the top's).
 */
#define CENSUS_KNOWN_MAX	200000
/*
 * Seconds between two logins to read an account's notifications
 * (Bluesky's createSession: 30 per 5 minutes, 300 a day per account):
 * fewer than 24 a day however often the census runs.
 */
#define LOGIN_EVERY		(60 * 60)
/* It asks why this many followers left, at most, per run. */
#define CENSUS_VERIFY_MAX	50
/*
 * Where the list does not show activity, every follower's is checked
 * within this many seconds by default (snapshot --census-period).
 */
#define CENSUS_PERIOD		(30 * 24 * 60 * 60)

/* How a run walks back through the accounts' post histories. */
struct snapshot_history {
	int		 enabled;	/* 0: --no-history */
	int		 max_requests;	/* per account, or 0: the platform's */
};

/*
 * Make the job that fetches one account, with its API base, its secret,
 * the old posts due for new metrics and where its history walk stands.
 * A job that cannot run (no token, a config file others can read) comes
 * back already failed.
 */
struct fetch_job *snapshot_job_new(struct store *, const struct account *,
		    int64_t, const struct snapshot_history *);
/*
 * The job that reads the followers (the census) of the account whose
 * job 'done' fetched it, from what that job read (its id, its count);
 * NULL when there is none: no list on its platform, the census off for
 * it. Its budget is max_requests, or 0: the platform's; every follower's
 * activity is checked within 'period' seconds where the list does not
 * show it.
 */
struct fetch_job *snapshot_census_job_new(struct store *,
		    const struct fetch_job *, int, int64_t);
/*
 * The hashed census's key for the account, in *key (a secret: the caller
 * wipes it); *cause when it is set nowhere, or is not the key the
 * census hashed with (every follower and engager would look new).
 */
struct fetch_account;
void		 snapshot_census_key(struct store *,
		    const struct fetch_account *, char **, char **);
/*
 * The jobs that read who engaged with the posts of the account whose job
 * 'done' fetched it (fresh counts tell which lists grew): one a list,
 * the lists most wanted first (store_engagers_due), within a budget of
 * max_requests for the account (0: the platform's) and the platform's
 * per list; appended to *jobs. None where the platform lists no
 * engagers or the census is off.
 */
void		 snapshot_engager_jobs(struct store *, const struct fetch_job *,
		    const struct fetch_job *, int, struct fetch_job ***,
		    size_t *);
/* Store a page of an engager job in one transaction. */
int		 snapshot_store_engagers(struct store *, struct fetch_job *,
		    char **);

/*
 * Store what a census job read since its last checkpoint in one
 * transaction: a page of followers with where its walk goes on, the
 * losses at a full walk's end, why followers left.
 */
int		 snapshot_store_census(struct store *, struct fetch_job *,
		    char **);

/*
 * Store what a job found since its last checkpoint, in one transaction:
 * the counts and recent posts the first time, then each page of history
 * with where the walk goes on; the posts are cleared. -1 with *cause.
 */
int		 snapshot_store_job(struct store *, struct fetch_job *, int64_t,
		    char **);

#endif
