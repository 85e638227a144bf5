/* Posts, their tags and links, and their engagement over time. */
#include <string.h>

#include "store/internal.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/*
 * The post's row, found by its id or else by its URL, which it then
 * takes: feeds' posts were known by their link before they were known
 * by their guid or Atom id, and a CSV may have given the URL as the id.
 * Without this the next fetch would store each such post a second time.
 * 1 with *post_id if there is one, 0 if the post is new, or -1.
 */
static int
find_or_adopt(struct store *s, const struct post *p, int64_t *post_id,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((rc = store_post_find(s, p->account_id, p->remote_id, post_id,
	    cause)) != 0)
		return (rc);
	if (p->url == NULL || p->remote_id == NULL ||
	    strcmp(p->url, p->remote_id) == 0)
		return (0);
	if ((rc = store_post_find(s, p->account_id, p->url, post_id,
	    cause)) != 1)
		return (rc);
	if ((st = store_stmt(s, STMT_POST_REKEY, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, *post_id);
	store_bind_text(st, 2, p->remote_id);
	rc = 1;
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, "cannot store a post");
	sqlite3_reset(st);
	return (rc);
}

/*
 * A lookup first, then an INSERT or an UPDATE: an upsert would need
 * RETURNING for the id, which SQLite keeps in a table of its own made
 * at every step, and would not say whether the row is new. Writes run
 * in a transaction that holds the write lock (BEGIN IMMEDIATE), so no
 * other writer comes between the lookup and the INSERT.
 */
int
store_post_put(struct store *s, const struct post *p, int64_t *post_id,
    int *created, char **cause)
{
	sqlite3_stmt	*st;
	int		 found, rc = 0;

	if ((found = find_or_adopt(s, p, post_id, cause)) < 0)
		return (-1);
	if ((st = store_stmt(s, found ? STMT_POST_UPDATE : STMT_POST_INSERT,
	    cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, found ? *post_id : p->account_id);
	store_bind_text(st, 2, p->remote_id);
	store_bind_time(st, 3, p->published_at);
	store_bind_text(st, 4, p->url);
	store_bind_text(st, 5, p->title);
	store_bind_text(st, 6, p->kind);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, "cannot store a post");
	else if (!found)
		*post_id = sqlite3_last_insert_rowid(s->db);
	sqlite3_reset(st);
	if (rc == 0 && created != NULL)
		*created = !found;
	return (rc);
}

int
store_post_find(struct store *s, int64_t account_id, const char *remote_id,
    int64_t *post_id, char **cause)
{
	sqlite3_stmt	*st;

	if ((st = store_stmt(s, STMT_POST_FIND, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_text(st, 2, remote_id);
	return (store_step_id(s, st, post_id, "cannot look up a post", cause));
}

/* Run a statement bound to (post id, text) that returns no rows. */
static int
exec_post_text(struct store *s, enum stmt_id id, int64_t post_id,
    const char *text, const char *what, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc = 0;

	if ((st = store_stmt(s, id, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, post_id);
	if (text != NULL)
		store_bind_text(st, 2, text);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, what);
	sqlite3_reset(st);
	return (rc);
}

int
store_post_set_tags(struct store *s, int64_t post_id, char *const *tags,
    size_t n, char **cause)
{
	if (exec_post_text(s, STMT_POST_TAGS_CLEAR, post_id, NULL,
	    "cannot replace a post's tags", cause) != 0)
		return (-1);
	return (store_post_add_tags(s, post_id, tags, n, cause));
}

int
store_post_add_tags(struct store *s, int64_t post_id, char *const *tags,
    size_t n, char **cause)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (exec_post_text(s, STMT_POST_TAG_ADD, post_id, tags[i],
		    "cannot store a tag", cause) != 0)
			return (-1);
	}
	return (0);
}

int
store_post_add_link(struct store *s, int64_t post_id, const char *url,
    char **cause)
{
	return (exec_post_text(s, STMT_POST_LINK_ADD, post_id, url,
	    "cannot store a link", cause));
}

int
store_metrics_put(struct store *s, int64_t post_id,
    const struct metric_point *m, enum data_source source, int64_t run_id,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc = 0;

	if ((st = store_stmt(s, STMT_METRICS_PUT, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, post_id);
	store_bind_time(st, 2, m->t);
	store_bind_count(st, 3, m->likes);
	store_bind_count(st, 4, m->reposts);
	store_bind_count(st, 5, m->replies);
	store_bind_count(st, 6, m->quotes);
	store_bind_count(st, 7, m->views);
	store_bind_count(st, 8, m->bookmarks);
	store_bind_text(st, 9, store_source_name(source));
	if (run_id > 0)
		sqlite3_bind_int64(st, 10, run_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, "cannot store post metrics");
	sqlite3_reset(st);
	return (rc);
}

int
store_post_gone(struct store *s, int64_t account_id, const char *remote_id,
    int64_t at, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc = 0;

	if ((st = store_stmt(s, STMT_POST_GONE, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_text(st, 2, remote_id);
	store_bind_time(st, 3, at);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, "cannot mark a post deleted");
	sqlite3_reset(st);
	return (rc);
}

int
store_post_back(struct store *s, int64_t post_id, char **cause)
{
	return (exec_post_text(s, STMT_POST_BACK, post_id, NULL,
	    "cannot unmark a deleted post", cause));
}

int
store_history_get(struct store *s, int64_t account_id, char **cursor,
    int *complete, char **cause)
{
	sqlite3_stmt		*st;
	const unsigned char	*c;
	int			 rc;

	*cursor = NULL;
	*complete = 0;
	if ((st = store_stmt(s, STMT_HISTORY_GET, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		if ((c = sqlite3_column_text(st, 0)) != NULL)
			*cursor = xstrdup((const char *)c);
		*complete = sqlite3_column_int(st, 1);
		rc = 1;
		break;
	case SQLITE_DONE:
		rc = 0;
		break;
	default:
		rc = store_fail(s, cause, "cannot read the history walk");
	}
	sqlite3_reset(st);
	return (rc);
}

int
store_history_put(struct store *s, int64_t account_id, const char *cursor,
    int complete, int pages, int64_t now, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc = 0;

	if ((st = store_stmt(s, STMT_HISTORY_PUT, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_text(st, 2, complete ? NULL : cursor);
	sqlite3_bind_int(st, 3, complete != 0);
	sqlite3_bind_int(st, 4, pages);
	store_bind_time(st, 5, now);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, "cannot record the history walk");
	sqlite3_reset(st);
	return (rc);
}

int
store_gap_get(struct store *s, int64_t account_id, int64_t *floor,
    char **cause)
{
	sqlite3_stmt		*st;
	const unsigned char	*t;
	int			 rc;

	*floor = 0;
	if ((st = store_stmt(s, STMT_GAP_GET, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && ((t = sqlite3_column_text(st, 0)) == NULL ||
	    time_parse_stored((const char *)t, floor) != 0))
		*floor = 0;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_fail(s, cause, "cannot read the timeline's gap");
	sqlite3_reset(st);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1);
}

int
store_gap_put(struct store *s, int64_t account_id, int64_t floor,
    int64_t now, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc = 0;

	if ((st = store_stmt(s, STMT_GAP_PUT, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, floor);
	store_bind_time(st, 3, now);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, "cannot note the timeline's gap");
	sqlite3_reset(st);
	return (rc);
}

int
store_gap_clear(struct store *s, int64_t account_id, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc = 0;

	if ((st = store_stmt(s, STMT_GAP_CLEAR, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, "cannot forget the timeline's gap");
	sqlite3_reset(st);
	return (rc);
}
