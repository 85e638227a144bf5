/* Whole tables as text rows, in the column layout import reads. */
#include <stdlib.h>

#include "store/internal.h"
#include "util/xmalloc.h"

#define MAX_COLUMNS	16

static const struct store_column follower_columns[] = {
	{ "platform", 0 }, { "handle", 0 }, { "taken_at", 0 },
	{ "followers", 1 }, { "following", 1 }, { "posts", 1 },
	{ "rounded", 1 }, { "source", 0 },
};

static const struct store_column post_columns[] = {
	{ "platform", 0 }, { "handle", 0 }, { "post_id", 0 },
	{ "published_at", 0 }, { "url", 0 }, { "title", 0 }, { "tags", 0 },
	{ "kind", 0 }, { "deleted_at", 0 },
};

static const struct store_column metric_columns[] = {
	{ "platform", 0 }, { "handle", 0 }, { "post_id", 0 },
	{ "taken_at", 0 }, { "likes", 1 }, { "reposts", 1 },
	{ "replies", 1 }, { "quotes", 1 }, { "views", 1 },
	{ "bookmarks", 1 }, { "source", 0 },
};

static const char *const export_sql[] = {
	[STORE_TABLE_FOLLOWERS] =
	    "SELECT a.platform, a.handle, s.taken_at, s.followers, "
	    "    s.following, s.posts, s.rounded, s.source "
	    "FROM follower_snapshots AS s "
	    "JOIN accounts AS a ON a.id = s.account_id "
	    "ORDER BY a.platform, a.handle, s.taken_at",
	[STORE_TABLE_POSTS] =
	    "SELECT a.platform, a.handle, p.remote_id, p.published_at, p.url, "
	    "    p.title, "
	    "    (SELECT group_concat(tag, ';') FROM (SELECT tag FROM post_tags "
	    "     WHERE post_id = p.id ORDER BY tag)), p.kind, "
	    "    (SELECT deleted_at FROM post_deletions WHERE post_id = p.id) "
	    "FROM posts AS p JOIN accounts AS a ON a.id = p.account_id "
	    "ORDER BY a.platform, a.handle, p.published_at, p.remote_id",
	[STORE_TABLE_METRICS] =
	    "SELECT a.platform, a.handle, p.remote_id, m.taken_at, m.likes, "
	    "    m.reposts, m.replies, m.quotes, m.views, m.bookmarks, m.source "
	    "FROM post_metrics AS m "
	    "JOIN posts AS p ON p.id = m.post_id "
	    "JOIN accounts AS a ON a.id = p.account_id "
	    "ORDER BY a.platform, a.handle, p.published_at, p.remote_id, "
	    "    m.taken_at",
};

const struct store_column *
store_table_columns(enum store_table t, size_t *n)
{
	switch (t) {
	case STORE_TABLE_FOLLOWERS:
		*n = sizeof follower_columns / sizeof follower_columns[0];
		return (follower_columns);
	case STORE_TABLE_POSTS:
		*n = sizeof post_columns / sizeof post_columns[0];
		return (post_columns);
	default:
		*n = sizeof metric_columns / sizeof metric_columns[0];
		return (metric_columns);
	}
}

int
store_export_table(struct store *s, enum store_table t, store_row_fn fn,
    void *arg, char **cause)
{
	sqlite3_stmt	*st = NULL;
	const char	*fields[MAX_COLUMNS];
	size_t		 ncolumns, i;
	int		 rc;

	store_table_columns(t, &ncolumns);
	if (sqlite3_prepare_v2(s->db, export_sql[t], -1, &st, NULL) !=
	    SQLITE_OK) {
		rc = store_fail(s, cause, "cannot read the table");
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncolumns; i++)
			fields[i] = (const char *)sqlite3_column_text(st,
			    (int)i);
		if ((rc = fn(arg, fields)) != 0)
			goto out;
	}
	if (rc != SQLITE_DONE)
		rc = store_fail(s, cause, "cannot read the table");
	else
		rc = 0;
out:
	sqlite3_finalize(st);
	return (rc);
}
