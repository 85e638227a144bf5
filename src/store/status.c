/* What the status command shows: recent runs and each account's health. */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/*
 * The census failures of each run, and for a run that did not finish
 * (its counts never written) the accounts whose counts it stored: rare
 * runs, so their scan of the snapshots is rare too.
 */
static const char runs_sql[] =
    "SELECT id, started_at, finished_at, status, accounts_ok, "
    "    accounts_failed, "
    "    (SELECT count(*) FROM census_failures AS c WHERE c.run_id = r.id), "
    "    CASE WHEN finished_at IS NULL THEN "
    "        (SELECT count(DISTINCT account_id) FROM follower_snapshots AS f "
    "         WHERE f.run_id = r.id) ELSE 0 END "
    "FROM fetch_runs AS r ORDER BY id DESC LIMIT ?1";

/* Failures in a row: errors since the last whole fetch of the account. */
static const char health_sql[] =
    "SELECT a.id, a.platform, a.handle, a.group_name, a.active, "
    "    a.last_fetched_at, "
    "    (SELECT count(*) FROM fetch_errors AS e WHERE e.account_id = a.id "
    "     AND e.at >= coalesce(a.last_fetched_at, '')), "
    "    le.at, le.http_status, le.kind, le.message, le.retry_after, "
    "    (SELECT max(taken_at) FROM follower_snapshots "
    "     WHERE account_id = a.id), "
    "    coalesce((SELECT complete FROM history_walks "
    "              WHERE account_id = a.id), -1), "
    "    (SELECT min(published_at) FROM posts WHERE account_id = a.id), "
    "    (SELECT count(*) FROM posts WHERE account_id = a.id), "
    "    (SELECT count(*) FROM post_deletions AS d "
    "     JOIN posts AS p ON p.id = d.post_id WHERE p.account_id = a.id), "
    "    (SELECT posts FROM follower_snapshots WHERE account_id = a.id "
    "     AND posts IS NOT NULL ORDER BY taken_at DESC LIMIT 1), "
    "    ce.at, ce.http_status, ce.message "
    "FROM accounts AS a "
    "LEFT JOIN fetch_errors AS le ON le.account_id = a.id AND le.run_id = "
    "    (SELECT max(run_id) FROM fetch_errors WHERE account_id = a.id) "
    /* A census failure counts until a later walk read a page. */
    "LEFT JOIN census_failures AS ce ON ce.account_id = a.id "
    "    AND ce.run_id = (SELECT max(run_id) FROM census_failures "
    "                     WHERE account_id = a.id) "
    "    AND ce.at >= coalesce((SELECT max(updated_at) FROM census_walks "
    "                           WHERE account_id = a.id), '') "
    "ORDER BY a.group_name, a.platform, a.handle";

static char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char	*t = sqlite3_column_text(st, i);

	return (t == NULL ? NULL : xstrdup((const char *)t));
}

int
store_runs_recent(struct store *s, size_t limit, struct run_summary **out,
    size_t *n, char **cause)
{
	struct run_summary	*r;
	sqlite3_stmt		*st = NULL;
	int			 rc = -1;

	*out = xcalloc(limit + 1, sizeof **out);
	*n = 0;
	if (sqlite3_prepare_v2(s->db, runs_sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)limit);
	while (*n < limit && sqlite3_step(st) == SQLITE_ROW) {
		r = &(*out)[(*n)++];
		r->id = sqlite3_column_int64(st, 0);
		r->started_at = store_column_time(st, 1);
		r->finished_at = store_column_time(st, 2);
		r->status = col_text(st, 3);
		r->ok = sqlite3_column_int(st, 4);
		r->failed = sqlite3_column_int(st, 5);
		r->census_failed = sqlite3_column_int(st, 6);
		r->stored = sqlite3_column_int(st, 7);
	}
	rc = 0;
	goto out;
fail:
	store_fail(s, cause, "cannot read the runs");
out:
	sqlite3_finalize(st);
	return (rc);
}

void
store_runs_free(struct run_summary *runs, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(runs[i].status);
	free(runs);
}

static void
health_from_row(sqlite3_stmt *st, struct account_health *h)
{
	h->account.id = sqlite3_column_int64(st, 0);
	h->account.platform = store_column_platform(st, 1);
	if (h->account.platform == &platform_unknown)
		h->account.unknown_platform = col_text(st, 1);
	h->account.handle = col_text(st, 2);
	h->account.group = col_text(st, 3);
	h->account.active = h->account.platform != &platform_unknown &&
	    sqlite3_column_int(st, 4);
	h->last_fetched_at = store_column_time(st, 5);
	h->failures_in_a_row = sqlite3_column_int(st, 6);
	h->last_error_at = store_column_time(st, 7);
	h->last_status = sqlite3_column_int(st, 8);
	h->last_kind = col_text(st, 9);
	h->last_error = col_text(st, 10);
	h->retry_after = store_column_time(st, 11);
	h->last_snapshot = store_column_time(st, 12);
	h->history = sqlite3_column_int(st, 13);
	h->oldest_post = store_column_time(st, 14);
	h->posts = sqlite3_column_int64(st, 15);
	h->deleted_posts = sqlite3_column_int64(st, 16);
	h->platform_posts = sqlite3_column_type(st, 17) == SQLITE_NULL ?
	    COUNT_UNKNOWN : sqlite3_column_int64(st, 17);
	h->census_error_at = store_column_time(st, 18);
	h->census_status = sqlite3_column_int(st, 19);
	h->census_error = col_text(st, 20);
}

int
store_accounts_health(struct store *s, struct account_health **out,
    size_t *n, char **cause)
{
	sqlite3_stmt	*st = NULL;
	size_t		 cap = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(s->db, health_sql, -1, &st, NULL) != SQLITE_OK)
		return (store_fail(s, cause, "cannot read account health"));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		memset(&(*out)[*n], 0, sizeof (*out)[*n]);
		health_from_row(st, &(*out)[(*n)++]);
	}
	if (rc != SQLITE_DONE)
		store_fail(s, cause, "cannot read account health");
	sqlite3_finalize(st);
	return (rc == SQLITE_DONE ? 0 : -1);
}

void
store_accounts_health_free(struct account_health *h, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		account_release(&h[i].account);
		free(h[i].last_kind);
		free(h[i].last_error);
		free(h[i].census_error);
	}
	free(h);
}
