/* A group's posts with their links and engagement, for attribution. */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

static const char posts_sql[] =
    "SELECT p.id, p.account_id, p.remote_id, p.published_at, p.url, "
    "    p.title, p.kind "
    "FROM posts AS p JOIN accounts AS a ON a.id = p.account_id "
    "WHERE a.group_name = ?1 AND p.published_at <= ?2 ORDER BY p.id";

static const char links_sql[] =
    "SELECT l.post_id, l.url FROM post_links AS l "
    "JOIN posts AS p ON p.id = l.post_id "
    "JOIN accounts AS a ON a.id = p.account_id "
    "WHERE a.group_name = ?1 AND p.published_at <= ?2 ORDER BY l.post_id";

static const char tags_sql[] =
    "SELECT t.post_id, t.tag FROM post_tags AS t "
    "JOIN posts AS p ON p.id = t.post_id "
    "JOIN accounts AS a ON a.id = p.account_id "
    "WHERE a.group_name = ?1 AND p.published_at <= ?2 ORDER BY t.post_id";

static const char metrics_sql[] =
    "SELECT m.post_id, m.taken_at, m.likes, m.reposts, m.replies, m.quotes, "
    "    m.views, m.bookmarks "
    "FROM post_metrics AS m JOIN posts AS p ON p.id = m.post_id "
    "JOIN accounts AS a ON a.id = p.account_id "
    "WHERE a.group_name = ?1 AND m.taken_at <= ?2 "
    "ORDER BY m.post_id, m.taken_at";

static char *
text_dup(sqlite3_stmt *st, int i)
{
	const unsigned char	*t = sqlite3_column_text(st, i);

	return (t == NULL ? NULL : xstrdup((const char *)t));
}

static int64_t
text_time(sqlite3_stmt *st, int i)
{
	const unsigned char	*t = sqlite3_column_text(st, i);
	int64_t			 v = 0;

	if (t != NULL)
		time_parse_stored((const char *)t, &v);
	return (v);
}

static int64_t
nullable(sqlite3_stmt *st, int i)
{
	return (sqlite3_column_type(st, i) == SQLITE_NULL ? COUNT_UNKNOWN :
	    sqlite3_column_int64(st, i));
}

/* Index of the post with this id in a list sorted by id, or -1. */
static long
index_of(const struct post *posts, size_t n, int64_t id)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (posts[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo < n && posts[lo].id == id ? (long)lo : -1);
}

/* A stored kind as the static name (types.h); unknown ones are posts. */
static const char *
column_kind(sqlite3_stmt *st, int i)
{
	const char	*t = (const char *)sqlite3_column_text(st, i);
	const char	*kind = t != NULL ? post_kind_find(t, strlen(t)) : NULL;

	return (kind != NULL ? kind : post_kinds[0]);
}

static sqlite3_stmt *
prepare(struct store *s, const char *sql, const char *group, int64_t until,
    char **cause)
{
	sqlite3_stmt	*st = NULL;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, cause, "cannot read the group's posts");
		sqlite3_finalize(st);
		return (NULL);
	}
	store_bind_text(st, 1, group);
	store_bind_time(st, 2, until);
	return (st);
}

static int
read_posts(struct store *s, const char *group, int64_t until,
    struct store_group_posts *g, char **cause)
{
	struct post	*p;
	sqlite3_stmt	*st;
	size_t		 cap = 0;
	int		 rc;

	if ((st = prepare(s, posts_sql, group, until, cause)) == NULL)
		return (-1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (g->n == cap) {
			cap = cap ? cap * 2 : 256;
			g->posts = xreallocarray(g->posts, cap, sizeof *g->posts);
		}
		p = &g->posts[g->n];
		memset(p, 0, sizeof *p);
		p->id = sqlite3_column_int64(st, 0);
		p->account_id = sqlite3_column_int64(st, 1);
		p->remote_id = text_dup(st, 2);
		p->published_at = text_time(st, 3);
		p->url = text_dup(st, 4);
		p->title = text_dup(st, 5);
		p->kind = column_kind(st, 6);
		g->n++;
	}
	if (rc != SQLITE_DONE)
		store_fail(s, cause, "cannot read the group's posts");
	sqlite3_finalize(st);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* Read (post id, text) rows into each post's links or tags. */
static int
read_strings(struct store *s, const char *sql, const char *group,
    int64_t until, struct store_group_posts *g, int tags, char **cause)
{
	struct post	*p;
	sqlite3_stmt	*st;
	char		***list;
	size_t		*n;
	long		 i;
	int		 rc;

	if ((st = prepare(s, sql, group, until, cause)) == NULL)
		return (-1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((i = index_of(g->posts, g->n, sqlite3_column_int64(st, 0))) < 0)
			continue;
		p = &g->posts[i];
		list = tags ? &p->tags : &p->links;
		n = tags ? &p->ntags : &p->nlinks;
		*list = xreallocarray(*list, *n + 1, sizeof **list);
		(*list)[(*n)++] = text_dup(st, 1);
	}
	if (rc != SQLITE_DONE)
		store_fail(s, cause, "cannot read the group's posts");
	sqlite3_finalize(st);
	return (rc == SQLITE_DONE ? 0 : -1);
}

static int
read_metrics(struct store *s, const char *group, int64_t until,
    struct store_group_posts *g, char **cause)
{
	struct post		*p;
	struct metric_point	*m;
	sqlite3_stmt		*st;
	long			 i;
	int			 rc;

	if ((st = prepare(s, metrics_sql, group, until, cause)) == NULL)
		return (-1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((i = index_of(g->posts, g->n, sqlite3_column_int64(st, 0))) < 0)
			continue;
		p = &g->posts[i];
		p->metrics = xreallocarray(p->metrics, p->nmetrics + 1,
		    sizeof *p->metrics);
		m = &p->metrics[p->nmetrics++];
		m->t = text_time(st, 1);
		m->likes = nullable(st, 2);
		m->reposts = nullable(st, 3);
		m->replies = nullable(st, 4);
		m->quotes = nullable(st, 5);
		m->views = nullable(st, 6);
		m->bookmarks = nullable(st, 7);
	}
	if (rc != SQLITE_DONE)
		store_fail(s, cause, "cannot read the group's metrics");
	sqlite3_finalize(st);
	return (rc == SQLITE_DONE ? 0 : -1);
}

int
store_group_posts_read(struct store *s, const char *group, int64_t until,
    struct store_group_posts *g, char **cause)
{
	memset(g, 0, sizeof *g);
	if (read_posts(s, group, until, g, cause) != 0 ||
	    read_strings(s, links_sql, group, until, g, 0, cause) != 0 ||
	    read_strings(s, tags_sql, group, until, g, 1, cause) != 0 ||
	    read_metrics(s, group, until, g, cause) != 0) {
		store_group_posts_release(g);
		return (-1);
	}
	return (0);
}

void
store_group_posts_release(struct store_group_posts *g)
{
	size_t	 i;

	for (i = 0; i < g->n; i++)
		post_release(&g->posts[i]);
	free(g->posts);
	memset(g, 0, sizeof *g);
}
