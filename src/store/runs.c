/* Fetch runs: what each snapshot did, and which accounts failed why. */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/* Run one statement with no result rows; -1 with *cause on failure. */
static int
exec_done(struct store *s, sqlite3_stmt *st, const char *what, char **cause)
{
	int	 rc = 0;

	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, what);
	sqlite3_reset(st);
	return (rc);
}

int
store_run_start(struct store *s, int64_t now, const char *version,
    int64_t *run_id, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = store_stmt(s, STMT_RUN_START, cause)) == NULL)
		return (-1);
	store_bind_time(st, 1, now);
	store_bind_text(st, 2, version);
	/*
	 * The row comes back before it is committed: the insert commits
	 * as the statement ends, and that can fail (a full disk). The id
	 * of a row never written is no run.
	 */
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*run_id = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE)
		store_fail(s, cause, "cannot record the run");
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* Did the last statement fail for want of room (a full disk, a quota)? */
static int
out_of_room(struct store *s)
{
	int	 code = sqlite3_errcode(s->db) & 0xff;

	return (code == SQLITE_FULL || code == SQLITE_IOERR);
}

int
store_run_finish(struct store *s, int64_t run_id, int64_t now, int ok,
    int failed, int census_failed, char **cause)
{
	sqlite3_stmt	*st;
	int		 tries;

	for (tries = 0; tries < 2; tries++) {
		if ((st = store_stmt(s, STMT_RUN_FINISH, cause)) == NULL)
			return (-1);
		sqlite3_bind_int64(st, 1, run_id);
		store_bind_time(st, 2, now);
		store_bind_text(st, 3, failed == 0 && census_failed == 0 ?
		    "ok" : ok == 0 ? "failed" : "partial");
		sqlite3_bind_int(st, 4, ok);
		sqlite3_bind_int(st, 5, failed);
		if (sqlite3_step(st) == SQLITE_DONE) {
			sqlite3_reset(st);
			return (0);
		}
		if (tries > 0 || !out_of_room(s))
			break;
		/*
		 * The write-ahead log may be what filled the disk: emptied
		 * into the database, it makes room for this one row.
		 */
		sqlite3_reset(st);
		sqlite3_wal_checkpoint_v2(s->db, NULL,
		    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	}
	store_fail(s, cause, "cannot finish the run");
	sqlite3_reset(st);
	return (-1);
}

int
store_run_error(struct store *s, const struct fetch_error_row *e,
    char **cause)
{
	sqlite3_stmt	*st;

	if ((st = store_stmt(s, STMT_RUN_ERROR, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, e->run_id);
	sqlite3_bind_int64(st, 2, e->account_id);
	store_bind_time(st, 3, e->at);
	if (e->http_status > 0)
		sqlite3_bind_int64(st, 4, e->http_status);
	store_bind_text(st, 5, e->kind);
	store_bind_text(st, 6, e->message);
	if (e->retry_after > 0)
		store_bind_time(st, 7, e->retry_after);
	return (exec_done(s, st, "cannot record an account's error", cause));
}

int
store_census_error(struct store *s, const struct fetch_error_row *e,
    char **cause)
{
	sqlite3_stmt	*st;

	if ((st = store_stmt(s, STMT_CENSUS_ERROR, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, e->account_id);
	sqlite3_bind_int64(st, 2, e->run_id);
	store_bind_time(st, 3, e->at);
	if (e->http_status > 0)
		sqlite3_bind_int64(st, 4, e->http_status);
	store_bind_text(st, 5, e->message);
	return (exec_done(s, st, "cannot record a census's error", cause));
}

int
store_account_fetched(struct store *s, int64_t account_id,
    const char *remote_id, int64_t now, char **cause)
{
	sqlite3_stmt	*st;

	if ((st = store_stmt(s, STMT_ACCOUNT_FETCHED, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_text(st, 2, remote_id);
	store_bind_time(st, 3, now);
	return (exec_done(s, st, "cannot update the account", cause));
}

int
store_collect_ids(struct store *s, sqlite3_stmt *st, char ***ids,
    int64_t **times, size_t *n, const char *what, char **cause)
{
	const char	*id, *t;
	size_t		 cap = *n;
	int		 rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((id = (const char *)sqlite3_column_text(st, 0)) == NULL)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*ids = xreallocarray(*ids, cap, sizeof **ids);
			if (times != NULL)
				*times = xreallocarray(*times, cap,
				    sizeof **times);
		}
		if (times != NULL) {
			t = (const char *)sqlite3_column_text(st, 1);
			if (t == NULL || time_parse_stored(t, &(*times)[*n]) != 0)
				(*times)[*n] = 0;
		}
		(*ids)[(*n)++] = xstrdup(id);
	}
	if (rc != SQLITE_DONE)
		store_fail(s, cause, what);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : -1);
}

int
store_posts_due(struct store *s, int64_t account_id, int64_t published_before,
    int64_t metrics_before, size_t limit, char ***ids, size_t *n,
    char **cause)
{
	sqlite3_stmt	*st;

	if ((st = store_stmt(s, STMT_POSTS_DUE, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, published_before);
	store_bind_time(st, 3, metrics_before);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)limit);
	return (store_collect_ids(s, st, ids, NULL, n, "cannot list posts to "
	    "refresh", cause));
}

int
store_posts_recent(struct store *s, int64_t account_id, int64_t since,
    size_t limit, char ***ids, int64_t **times, size_t *n, char **cause)
{
	sqlite3_stmt	*st;

	*ids = NULL;
	*times = NULL;
	*n = 0;
	if ((st = store_stmt(s, STMT_POSTS_RECENT, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, since);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
	return (store_collect_ids(s, st, ids, times, n, "cannot list recent "
	    "posts", cause));
}

int
store_posts_newest(struct store *s, int64_t account_id, int64_t *newest,
    char **cause)
{
	sqlite3_stmt		*st;
	const unsigned char	*t;
	int			 rc;

	*newest = 0;
	if ((st = store_stmt(s, STMT_POSTS_NEWEST, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    (t = sqlite3_column_text(st, 0)) != NULL &&
	    time_parse_stored((const char *)t, newest) != 0)
		*newest = 0;
	if (rc != SQLITE_ROW)
		store_fail(s, cause, "cannot read the newest post");
	sqlite3_reset(st);
	return (rc == SQLITE_ROW ? 0 : -1);
}
