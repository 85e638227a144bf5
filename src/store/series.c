/* Follower snapshots: the series the analyzer reads. */
#include <stdlib.h>

#include "store/internal.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/* Rows per statement: 64 x 8 parameters stays far below SQLite's limit. */
#define FOLLOWER_BATCH	64

static const char follower_insert[] =
    "INSERT INTO follower_snapshots (account_id, taken_at, followers, "
    "    following, posts, rounded, source, run_id) VALUES ";

/* An import of the same file again must change nothing: hence the WHERE. */
static const char follower_upsert[] =
    " ON CONFLICT (account_id, taken_at) DO UPDATE SET "
    "    followers = excluded.followers, "
    "    following = excluded.following, posts = excluded.posts, "
    "    rounded = excluded.rounded, source = excluded.source, "
    "    run_id = excluded.run_id "
    "WHERE followers IS NOT excluded.followers "
    "   OR following IS NOT excluded.following "
    "   OR posts IS NOT excluded.posts "
    "   OR rounded IS NOT excluded.rounded "
    "   OR source IS NOT excluded.source";

#define FOLLOWER_PARAMS	8

/* The statement that stores 'rows' snapshots at once. */
static sqlite3_stmt *
follower_stmt(struct store *s, size_t rows, char **cause)
{
	struct buf	 sql = BUF_INIT;
	sqlite3_stmt	*st;
	enum stmt_id	 id;
	size_t		 i;

	id = rows == 1 ? STMT_FOLLOWER_PUT : STMT_FOLLOWER_PUT_BATCH;
	if (s->stmts[id] != NULL)
		return (store_stmt_sql(s, id, NULL, cause));
	buf_adds(&sql, follower_insert);
	for (i = 0; i < rows; i++)
		buf_adds(&sql, i == 0 ? "(?,?,?,?,?,?,?,?)" :
		    ",(?,?,?,?,?,?,?,?)");
	buf_adds(&sql, follower_upsert);
	st = store_stmt_sql(s, id, sql.data, cause);
	buf_release(&sql);
	return (st);
}

static void
bind_follower(sqlite3_stmt *st, int base, const struct follower_snapshot *f)
{
	sqlite3_bind_int64(st, base + 1, f->account_id);
	store_bind_time(st, base + 2, f->taken_at);
	store_bind_count(st, base + 3, f->followers);
	store_bind_count(st, base + 4, f->following);
	store_bind_count(st, base + 5, f->posts);
	sqlite3_bind_int(st, base + 6, f->rounded != 0);
	store_bind_text(st, base + 7, store_source_name(f->source));
	if (f->run_id > 0)
		sqlite3_bind_int64(st, base + 8, f->run_id);
	else
		sqlite3_bind_null(st, base + 8);
}

static int
put_rows(struct store *s, const struct follower_snapshot *f, size_t rows,
    char **cause)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc = 0;

	if ((st = follower_stmt(s, rows, cause)) == NULL)
		return (-1);
	for (i = 0; i < rows; i++)
		bind_follower(st, (int)(i * FOLLOWER_PARAMS), &f[i]);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, "cannot store follower snapshots");
	sqlite3_reset(st);
	return (rc);
}

int
store_followers_put(struct store *s, const struct follower_snapshot *f,
    size_t n, char **cause)
{
	for (; n >= FOLLOWER_BATCH; n -= FOLLOWER_BATCH, f += FOLLOWER_BATCH) {
		if (put_rows(s, f, FOLLOWER_BATCH, cause) != 0)
			return (-1);
	}
	for (; n > 0; n--, f++) {
		if (put_rows(s, f, 1, cause) != 0)
			return (-1);
	}
	return (0);
}

int
store_follower_series(struct store *s, int64_t account_id, int64_t since,
    int64_t until, struct follower_point **out, size_t *n, char **cause)
{
	sqlite3_stmt	*st;
	const char	*t;
	size_t		 cap = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((st = store_stmt(s, STMT_FOLLOWER_SERIES, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, since);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		t = (const char *)sqlite3_column_text(st, 0);
		if (t == NULL || time_parse_stored(t, &(*out)[*n].t) != 0)
			continue;
		/* In time order: the first row past 'until' ends it. */
		if ((*out)[*n].t > until) {
			rc = SQLITE_DONE;
			break;
		}
		(*out)[*n].followers = sqlite3_column_int64(st, 1);
		(*out)[*n].rounded = sqlite3_column_int(st, 2) != 0;
		(*n)++;
	}
	if (rc != SQLITE_DONE)
		store_fail(s, cause, "cannot read the follower series");
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : -1);
}

int
store_series_quality(struct store *s, int64_t account_id, int64_t since,
    int64_t until, int64_t *rounded, int64_t *hidden, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc = -1;

	if ((st = store_stmt(s, STMT_SERIES_QUALITY, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, since);
	store_bind_time(st, 3, until);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*rounded = sqlite3_column_int64(st, 0);
		*hidden = sqlite3_column_int64(st, 1);
		rc = 0;
	} else
		store_fail(s, cause, "cannot read the series' quality");
	sqlite3_reset(st);
	return (rc);
}
