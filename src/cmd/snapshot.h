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
 * Store what a job found since its last checkpoint, in one transaction:
 * the counts and recent posts the first time, then each page of history
 * with where the walk goes on; the posts are cleared. -1 with *cause.
 */
int		 snapshot_store_job(struct store *, struct fetch_job *, int64_t,
		    char **);

#endif
