/*
 * What the files of src/store/ share and nothing else sees: the store
 * itself and its cache of prepared statements.
 */
#ifndef TL_STORE_INTERNAL_H
#define TL_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store/store.h"

/* Every statement the store runs more than once, prepared on first use. */
enum stmt_id {
	STMT_ACCOUNT_FIND,
	STMT_ACCOUNT_CREATE,
	STMT_ACCOUNT_TRACK,
	STMT_ACCOUNT_UNTRACK,
	STMT_ACCOUNTS_LIST,
	STMT_ACCOUNTS_BRIEF,
	STMT_FOLLOWER_PUT,		/* SQL made in series.c */
	STMT_FOLLOWER_PUT_BATCH,	/* SQL made in series.c */
	STMT_POST_REKEY,
	STMT_POST_INSERT,
	STMT_POST_UPDATE,
	STMT_POST_FIND,
	STMT_POST_TAGS_CLEAR,
	STMT_POST_TAG_ADD,
	STMT_POST_LINK_ADD,
	STMT_METRICS_PUT,
	STMT_RUN_START,
	STMT_RUN_FINISH,
	STMT_RUN_ERROR,
	STMT_CENSUS_ERROR,
	STMT_ACCOUNT_FETCHED,
	STMT_POSTS_DUE,
	STMT_POSTS_NEWEST,
	STMT_POSTS_RECENT,
	STMT_FOLLOWER_SERIES,
	STMT_SERIES_QUALITY,
	STMT_HISTORY_GET,
	STMT_HISTORY_PUT,
	STMT_POST_GONE,
	STMT_POST_BACK,
	STMT_GAP_GET,
	STMT_GAP_PUT,
	STMT_GAP_CLEAR,
	STMT_CENSUS_MODE,		/* the census's SQL is census.c's */
	STMT_CENSUS_SET_MODE,
	STMT_CENSUS_MODE_CHANGE,
	STMT_CENSUS_MODE_AT,
	STMT_CENSUS_STATE,
	STMT_CENSUS_LAST,
	STMT_CENSUS_RECENT,
	STMT_CENSUS_UNCHECKED,
	STMT_CENSUS_WALK_START,
	STMT_CENSUS_FOLLOWER_GET,
	STMT_CENSUS_FOLLOWER_PUT,
	STMT_CENSUS_WALK_UPDATE,
	STMT_CENSUS_WALK_END,
	STMT_CENSUS_LOSSES,
	STMT_CENSUS_REASON,
	STMT_CENSUS_SUMMARY,
	STMT_CENSUS_COHORTS,
	STMT_CENSUS_WINDOW,
	STMT_CENSUS_NAMED,
	STMT_CENSUS_HISTORY,
	STMT_CENSUS_REKEY,
	STMT_CENSUS_FOLLOWING,
	STMT_CENSUS_SAMPLE_NEW,
	STMT_CENSUS_SAMPLE_DUE,
	STMT_CENSUS_ACTIVITY,
	STMT_CENSUS_LIVES,
	STMT_CENSUS_FLOWS,
	STMT_CENSUS_FAILURE,
	STMT_CENSUS_SPEND,		/* census-billed.c's */
	STMT_CENSUS_SPEND_ADD,
	STMT_CENSUS_SPEND_READS,
	STMT_CENSUS_COUNTS,
	STMT_CENSUS_NOTIFY_GET,		/* census-notify.c's */
	STMT_CENSUS_NOTIFY_PUT,
	STMT_CENSUS_FOLLOW_TIME,
	STMT_CENSUS_FOLLOW_APPLY,
	STMT_CENSUS_FOLLOW_FORGET,
	STMT_CENSUS_SEVER_PUT,
	STMT_CENSUS_SEVER_MARK,
	STMT_CENSUS_SEVERANCES,
	STMT_ENGAGERS_DUE,		/* engagers.c's */
	STMT_ENGAGERS_KNOWN,
	STMT_ENGAGERS_PUT,
	STMT_ENGAGER_LIST_GET,
	STMT_ENGAGER_LIST_PUT,
	STMT_ENGAGERS_NAMED,
	STMT_ENGAGERS_REKEY,
	STMT_ENGAGED,
	STMT_EVIDENCE_FOLLOWERS,
	STMT_EVIDENCE_ENGAGEMENTS,
	STMT_EVIDENCE_LISTS,
	STMT_AMPLIFIERS,
	STMT_COUNT
};

struct store {
	sqlite3		*db;		/* the connection */
	char		*path;		/* database file, for messages */
	int		 in_tx;		/* 1 inside store_begin/commit */
	char		*notice;	/* what opening did beside the file (a
					   backup), for the caller, or NULL */
	sqlite3_stmt	*stmts[STMT_COUNT];	/* prepared on first use */
};

/* The statement, reset and unbound, ready to bind; NULL with *cause. */
sqlite3_stmt	*store_stmt(struct store *, enum stmt_id, char **);
/* The same for a statement whose SQL is made at run time. */
sqlite3_stmt	*store_stmt_sql(struct store *, enum stmt_id, const char *,
		    char **);
/*
 * Step a bound lookup whose first column is an id: 1 and *id when a row
 * came back, 0 when none did, -1 with *cause ("what: why") on error.
 */
int		 store_step_id(struct store *, sqlite3_stmt *, int64_t *,
		    const char *, char **);
/*
 * Append each row of a bound statement to *ids (its first column) and,
 * when times is not NULL, to *times (its second); resets it.
 */
int		 store_collect_ids(struct store *, sqlite3_stmt *, char ***,
		    int64_t **, size_t *, const char *, char **);
/*
 * The account's engagers kept by id, each replaced by its keyed hash and
 * their handles dropped (the census's hashed mode: census.c's
 * store_census_hash_all calls it in its transaction).
 */
int		 store_engagers_hash_all(struct store *, int64_t, const char *,
		    const char *, char **);
/* Set *cause from the connection's last error, prefixed; return -1. */
int		 store_fail(struct store *, char **, const char *);
/* Bind a count, or NULL for COUNT_UNKNOWN. */
int		 store_bind_count(sqlite3_stmt *, int, int64_t);
/* Bind a time as its stored text shape; NULL when out of range. */
int		 store_bind_time(sqlite3_stmt *, int, int64_t);
/* Bind a string, or NULL. */
int		 store_bind_text(sqlite3_stmt *, int, const char *);
const char	*store_source_name(enum data_source);
/*
 * The platform a column names, spelt exactly as the store writes it, or
 * &platform_unknown (never NULL) for a name this tideline does not know:
 * since schema version 2 no CHECK keeps one out (a newer tideline's
 * platform, a hand edit). Such an account is listed as inactive and
 * never fetched.
 */
const struct platform *store_column_platform(sqlite3_stmt *, int);
/* A stored time column, or 0 when NULL or unreadable. */
int64_t	 store_column_time(sqlite3_stmt *, int);

/*
 * census-notify.c: mark 'severed' the followers found gone across a
 * severance event stored (after the losses a walk found, or an event);
 * forget the follow times kept by follower id (the hashed mode's start).
 */
int	 census_severed_mark(struct store *, int64_t, char **);
int	 census_follow_times_forget(struct store *, int64_t, char **);

#endif
