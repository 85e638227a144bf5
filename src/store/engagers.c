/*
 * Who engaged with each post (the census, part 2): the engagements the
 * platforms list (likes, reposts, quotes), each once per post, kind and
 * actor, with its time and where the time came from; and how far each
 * list of a post was read, so that a pass goes on where the last one
 * stopped and reads only what came since.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/xmalloc.h"

/* The lists' kinds, as stored, by enum engagement_kind (reply has none). */
#define LIST_KINDS							\
	"(SELECT column1 AS bit, column2 AS name FROM (VALUES (0, 'like'), " \
	"(1, 'repost'), (2, 'quote'))) AS k"

/* A post's newest count of list kind k.bit, from its newest metrics. */
#define NEWEST_COUNT							\
	"(SELECT CASE k.bit WHEN 0 THEN m.likes WHEN 1 THEN m.reposts "	\
	"ELSE m.quotes END FROM post_metrics m WHERE m.post_id = p.id "	\
	"ORDER BY m.taken_at DESC LIMIT 1)"

static const char *const engagers_sql[STMT_COUNT] = {
	/*
	 * ?1 account, ?2 kinds mask, ?3 now, ?4 young since, ?5 limit.
	 * grown: what the count gained since the list was last read (all
	 * of it if never); a count unknown asks for the young posts' and
	 * the lists never read.
	 */
	[STMT_ENGAGERS_DUE] =
	    "SELECT * FROM (SELECT p.id, p.remote_id, p.published_at, k.bit, "
	    "    " NEWEST_COUNT " AS cnt, "
	    "    (SELECT count(*) FROM engagements e WHERE e.post_id = p.id "
	    "    AND e.kind = k.name) AS stored, l.cursor, "
	    "    coalesce(l.whole, 0), l.read_at, l.ended_at, l.count, "
	    "    l.post_id IS NULL AS never, p.published_at > ?4 AS young "
	    "FROM posts p CROSS JOIN " LIST_KINDS " "
	    "LEFT JOIN engager_lists l ON l.post_id = p.id AND "
	    "    l.kind = k.name "
	    "WHERE p.account_id = ?1 AND ((?2 >> k.bit) & 1) = 1 AND "
	    "    p.published_at <= ?3 AND "
	    "    p.id NOT IN (SELECT post_id FROM post_deletions)) "
	    "WHERE cursor IS NOT NULL OR cnt > coalesce(count, 0) OR "
	    "    (cnt IS NULL AND (young OR never)) "
	    "ORDER BY cursor IS NULL, coalesce(cnt, 0) - coalesce(count, 0) "
	    "    DESC, published_at DESC, id LIMIT ?5",
	[STMT_ENGAGERS_KNOWN] =
	    "SELECT actor FROM engagements WHERE post_id = ?1 AND kind = ?2 "
	    "ORDER BY at DESC, actor LIMIT ?3",
	/*
	 * A record's time replaces a seen one (it is the better bound),
	 * never the reverse; the first time seen stays.
	 */
	[STMT_ENGAGERS_PUT] =
	    "INSERT INTO engagements (account_id, post_id, kind, actor, "
	    "    handle, at, at_after, at_source, actor_followers, "
	    "    first_seen) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
	    "ON CONFLICT (post_id, kind, actor) DO UPDATE SET "
	    "    handle = coalesce(excluded.handle, handle), "
	    "    actor_followers = coalesce(excluded.actor_followers, "
	    "        actor_followers), "
	    "    at = CASE WHEN at_source = 'seen' AND "
	    "        excluded.at_source <> 'seen' THEN excluded.at ELSE at END, "
	    "    at_after = CASE WHEN at_source = 'seen' AND "
	    "        excluded.at_source <> 'seen' THEN NULL ELSE at_after END, "
	    "    at_source = CASE WHEN at_source = 'seen' THEN "
	    "        excluded.at_source ELSE at_source END",
	[STMT_ENGAGER_LIST_GET] =
	    "SELECT cursor, whole, read_at, ended_at, count FROM "
	    "engager_lists WHERE post_id = ?1 AND kind = ?2",
	[STMT_ENGAGER_LIST_PUT] =
	    "INSERT OR REPLACE INTO engager_lists (post_id, kind, cursor, "
	    "    whole, read_at, ended_at, count) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
};

static const char *const at_sources[] = { "record", "notification", "seen" };

static sqlite3_stmt *
engagers_stmt(struct store *s, enum stmt_id id, char **cause)
{
	return (store_stmt_sql(s, id, engagers_sql[id], cause));
}

static char *
column_dup(sqlite3_stmt *st, int i)
{
	const char	*v = (const char *)sqlite3_column_text(st, i);

	return (v != NULL ? xstrdup(v) : NULL);
}

static int64_t
column_count(sqlite3_stmt *st, int i)
{
	return (sqlite3_column_type(st, i) == SQLITE_NULL ? COUNT_UNKNOWN :
	    sqlite3_column_int64(st, i));
}

static void
bind_count(sqlite3_stmt *st, int i, int64_t v)
{
	if (v < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

static void
bind_time_or_null(sqlite3_stmt *st, int i, int64_t t)
{
	if (t != 0)
		store_bind_time(st, i, t);
	else
		sqlite3_bind_null(st, i);
}

/* The list's state from columns first .. first + 4 of a row. */
static void
list_columns(sqlite3_stmt *st, int first, struct engager_list *l)
{
	l->cursor = column_dup(st, first);
	l->whole = sqlite3_column_int(st, first + 1);
	l->read_at = sqlite3_column_type(st, first + 2) == SQLITE_NULL ? 0 :
	    store_column_time(st, first + 2);
	l->ended_at = sqlite3_column_type(st, first + 3) == SQLITE_NULL ?
	    0 : store_column_time(st, first + 3);
	l->count = column_count(st, first + 4);
}

int
store_engagers_due(struct store *s, int64_t account_id, unsigned kinds,
    int64_t now, int64_t young, size_t limit, struct engager_due **out,
    size_t *n, char **cause)
{
	sqlite3_stmt		*st;
	struct engager_due	*d;
	size_t			 cap = 0;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((st = engagers_stmt(s, STMT_ENGAGERS_DUE, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)kinds);
	store_bind_time(st, 3, now);
	store_bind_time(st, 4, now - young);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		d = &(*out)[(*n)++];
		memset(d, 0, sizeof *d);
		d->post_id = sqlite3_column_int64(st, 0);
		d->remote_id = column_dup(st, 1);
		d->published_at = store_column_time(st, 2);
		d->kind = (enum engagement_kind)sqlite3_column_int(st, 3);
		d->count = column_count(st, 4);
		d->stored = sqlite3_column_int64(st, 5);
		list_columns(st, 6, &d->list);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		engager_due_free(*out, *n);
		*out = NULL;
		*n = 0;
		return (store_fail(s, cause, "cannot read which engager "
		    "lists are due"));
	}
	return (0);
}

void
engager_due_free(struct engager_due *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].remote_id);
		engager_list_release(&v[i].list);
	}
	free(v);
}

static int
by_strcmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

int
store_engagers_known(struct store *s, int64_t post_id,
    enum engagement_kind kind, size_t limit, char ***out, size_t *n,
    char **cause)
{
	sqlite3_stmt	*st;
	size_t		 cap = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((st = engagers_stmt(s, STMT_ENGAGERS_KNOWN, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, post_id);
	store_bind_text(st, 2, engagement_kind_name(kind));
	sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		(*out)[(*n)++] = column_dup(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		while (*n > 0)
			free((*out)[--*n]);
		free(*out);
		*out = NULL;
		return (store_fail(s, cause, "cannot read the engagers "
		    "known"));
	}
	if (*n > 1)
		qsort(*out, *n, sizeof **out, by_strcmp);
	return (0);
}

static int
put_engagement(struct store *s, int64_t account_id, int64_t post_id,
    const struct engagement *e, int64_t now, int64_t seen_after,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 seen = e->at_source == ENGAGEMENT_AT_SEEN;
	int		 rc = 0;

	if ((st = engagers_stmt(s, STMT_ENGAGERS_PUT, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, post_id);
	store_bind_text(st, 3, engagement_kind_name(e->kind));
	store_bind_text(st, 4, e->actor);
	store_bind_text(st, 5, e->handle);
	store_bind_time(st, 6, seen || e->at == 0 ? now : e->at);
	bind_time_or_null(st, 7, seen ? seen_after : 0);
	store_bind_text(st, 8, at_sources[e->at_source]);
	bind_count(st, 9, e->followers);
	store_bind_time(st, 10, now);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, "cannot store an engagement");
	sqlite3_reset(st);
	return (rc);
}

static int
put_list(struct store *s, int64_t post_id, enum engagement_kind kind,
    const struct engager_list *l, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc = 0;

	if ((st = engagers_stmt(s, STMT_ENGAGER_LIST_PUT, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, post_id);
	store_bind_text(st, 2, engagement_kind_name(kind));
	store_bind_text(st, 3, l->cursor);
	sqlite3_bind_int(st, 4, l->whole != 0);
	store_bind_time(st, 5, l->read_at);
	bind_time_or_null(st, 6, l->ended_at);
	bind_count(st, 7, l->count);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, "cannot store how far an engager "
		    "list was read");
	sqlite3_reset(st);
	return (rc);
}

int
store_engagers_page(struct store *s, int64_t account_id, int64_t post_id,
    enum engagement_kind kind, const struct engagement *v, size_t n,
    int64_t now, int64_t seen_after, const struct engager_list *l,
    char **cause)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (v[i].kind != kind) {
			*cause = xasprintf("a %s among the %ss of a post",
			    engagement_kind_name(v[i].kind),
			    engagement_kind_name(kind));
			return (-1);
		}
		if (put_engagement(s, account_id, post_id, &v[i], now,
		    seen_after, cause) != 0)
			return (-1);
	}
	return (put_list(s, post_id, kind, l, cause));
}

int
store_engager_list(struct store *s, int64_t post_id,
    enum engagement_kind kind, struct engager_list *l, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(l, 0, sizeof *l);
	l->count = COUNT_UNKNOWN;
	if ((st = engagers_stmt(s, STMT_ENGAGER_LIST_GET, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, post_id);
	store_bind_text(st, 2, engagement_kind_name(kind));
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		list_columns(st, 0, l);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (store_fail(s, cause, "cannot read how far an engager "
		    "list was read"));
	return (0);
}

void
engager_list_release(struct engager_list *l)
{
	free(l->cursor);
	memset(l, 0, sizeof *l);
}
