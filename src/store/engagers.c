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
#include "util/keyhash.h"
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
	[STMT_ENGAGERS_NAMED] =
	    "SELECT DISTINCT actor FROM engagements WHERE account_id = ?1 "
	    "AND handle IS NOT NULL",
	[STMT_ENGAGERS_REKEY] =
	    "UPDATE engagements SET actor = ?3, handle = NULL WHERE "
	    "account_id = ?1 AND actor = ?2",
	/*
	 * ?1 account, ?2 as of, ?3 30 days before, ?4 90 days before. The
	 * lower bound of an engagement: its own time, else the read before
	 * the one that listed it, else its post's publication.
	 */
	[STMT_ENGAGED] =
	    "WITH e AS (SELECT e.actor, e.at, CASE WHEN e.at_source = 'seen' "
	    "    THEN coalesce(e.at_after, p.published_at) ELSE e.at END AS lo "
	    "    FROM engagements e JOIN posts p ON p.id = e.post_id "
	    "    WHERE e.account_id = ?1 AND e.at <= ?2 AND "
	    "    e.first_seen <= ?2) "
	    "SELECT (SELECT count(*) FROM engager_lists l JOIN posts p ON "
	    "    p.id = l.post_id WHERE p.account_id = ?1 AND "
	    "    l.read_at <= ?2), "
	    "  (SELECT min(first_seen) FROM engagements WHERE "
	    "    account_id = ?1 AND first_seen <= ?2), "
	    "  (SELECT count(DISTINCT actor) FROM e WHERE lo >= ?3), "
	    "  (SELECT count(DISTINCT actor) FROM e WHERE lo >= ?4), "
	    "  (SELECT count(DISTINCT e.actor) FROM e JOIN census_followers f "
	    "    ON f.account_id = ?1 AND f.follower = e.actor WHERE "
	    "    e.lo >= ?3 AND f.first_seen <= ?2 AND (f.left_at IS NULL OR "
	    "    f.left_at > ?2))",
	/*
	 * ?1 account, ?2 from, ?3 to, ?4 listed by. A follow's bounds:
	 * its own time, else (after the walk before, by the walk that
	 * listed them).
	 */
	[STMT_EVIDENCE_FOLLOWERS] =
	    "SELECT follower, coalesce(followed_at, followed_after), "
	    "    coalesce(followed_at, first_seen) FROM census_followers "
	    "WHERE account_id = ?1 AND first_seen >= ?2 AND "
	    "    first_seen <= ?4 AND "
	    "    (followed_at IS NOT NULL OR followed_after IS NOT NULL) AND "
	    "    coalesce(followed_at, first_seen) >= ?2 AND "
	    "    coalesce(followed_at, followed_after) <= ?3 "
	    "ORDER BY 3, 1",
	/* ?1 account, ?2 actor, ?3 not before, ?4 listed by. */
	[STMT_EVIDENCE_ENGAGEMENTS] =
	    "SELECT e.post_id, e.kind, CASE WHEN e.at_source = 'seen' THEN "
	    "    coalesce(e.at_after, p.published_at) ELSE e.at END, e.at "
	    "FROM engagements e JOIN posts p ON p.id = e.post_id "
	    "WHERE e.account_id = ?1 AND e.actor = ?2 AND e.at >= ?3 AND "
	    "    e.first_seen <= ?4 ORDER BY e.at, e.post_id",
	[STMT_EVIDENCE_LISTS] =
	    "SELECT count(*) FROM engager_lists l JOIN posts p ON "
	    "    p.id = l.post_id WHERE p.account_id = ?1 AND l.read_at <= ?2",
	/* ?1 post, ?2 from, ?3 to, ?4 at most. */
	[STMT_AMPLIFIERS] =
	    "SELECT e.actor, e.handle, e.actor_followers, e.kind, e.at, "
	    "    e.at_source = 'seen' FROM engagements e JOIN posts p ON "
	    "    p.id = e.post_id WHERE e.post_id = ?1 AND "
	    "    e.kind IN ('repost', 'quote') AND e.at >= ?2 AND "
	    "    CASE WHEN e.at_source = 'seen' THEN coalesce(e.at_after, "
	    "    p.published_at) ELSE e.at END <= ?3 "
	    "ORDER BY e.actor_followers IS NULL, e.actor_followers DESC, "
	    "    e.at, e.actor LIMIT ?4",
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
	bind_time_or_null(st, 7, !seen ? 0 : e->after > seen_after ?
	    e->after : seen_after);
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

int
store_engagers_hash_all(struct store *s, int64_t account_id, const char *key,
    const char *platform, char **cause)
{
	sqlite3_stmt	*st;
	char		**ids = NULL, hash[KEYHASH_SIZE];
	size_t		 n = 0, i;
	int		 rc = 0;

	if ((st = engagers_stmt(s, STMT_ENGAGERS_NAMED, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	if (store_collect_ids(s, st, &ids, NULL, &n, "cannot list the "
	    "engagers", cause) != 0)
		return (-1);
	for (i = 0; i < n && rc == 0; i++) {
		if (keyhash(key, platform, ids[i], hash) != 0) {
			*cause = xstrdup("cannot hash an engager's id");
			rc = -1;
		} else if ((st = engagers_stmt(s, STMT_ENGAGERS_REKEY,
		    cause)) == NULL)
			rc = -1;
		else {
			sqlite3_bind_int64(st, 1, account_id);
			store_bind_text(st, 2, ids[i]);
			store_bind_text(st, 3, hash);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = store_fail(s, cause, "cannot hash an "
				    "engager");
			sqlite3_reset(st);
		}
	}
	xfree_strings(ids, n);
	return (rc);
}

int
store_engaged(struct store *s, int64_t account_id, int64_t as_of,
    struct engaged_summary *out, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(out, 0, sizeof *out);
	if ((st = engagers_stmt(s, STMT_ENGAGED, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, as_of);
	store_bind_time(st, 3, as_of - 30 * 24 * 60 * 60);
	store_bind_time(st, 4, as_of - 90 * 24 * 60 * 60);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->lists = sqlite3_column_int64(st, 0);
		out->since = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 :
		    store_column_time(st, 1);
		out->engaged_30d = sqlite3_column_int64(st, 2);
		out->engaged_90d = sqlite3_column_int64(st, 3);
		out->engaged_followers_30d = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return (store_fail(s, cause, "cannot count the engaged "
		    "audience"));
	return (0);
}

static enum engagement_kind
kind_of(const char *name)
{
	int	 k;

	for (k = 0; k < ENGAGEMENT_KINDS; k++)
		if (strcmp(engagement_kind_name((enum engagement_kind)k),
		    name) == 0)
			return ((enum engagement_kind)k);
	return (ENGAGEMENT_LIKE);
}

/* Follower i's engagements from 'since' on, appended. */
static int
evidence_of(struct store *s, int64_t account_id, const char *actor,
    size_t i, int64_t since, int64_t listed_by, struct burst_evidence *ev,
    size_t *cap, char **cause)
{
	struct evidence_engagement	*e;
	sqlite3_stmt			*st;
	int				 rc;

	if ((st = engagers_stmt(s, STMT_EVIDENCE_ENGAGEMENTS, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_text(st, 2, actor);
	store_bind_time(st, 3, since);
	store_bind_time(st, 4, listed_by);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ev->nengagements == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			ev->engagements = xreallocarray(ev->engagements, *cap,
			    sizeof *ev->engagements);
		}
		e = &ev->engagements[ev->nengagements++];
		e->follower = i;
		e->post_id = sqlite3_column_int64(st, 0);
		e->post = SIZE_MAX;
		e->kind = kind_of((const char *)sqlite3_column_text(st, 1));
		e->after = store_column_time(st, 2);
		e->by = store_column_time(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(s, cause, "cannot read the new followers' "
		    "engagements"));
	return (0);
}

int
store_burst_evidence(struct store *s, int64_t account_id, int64_t from,
    int64_t to, int64_t listed_by, int64_t lead, struct burst_evidence *ev,
    char **cause)
{
	sqlite3_stmt	*st;
	char		**ids = NULL;
	size_t		 n = 0, cap = 0, ecap = 0, i;
	int		 rc;

	memset(ev, 0, sizeof *ev);
	if ((st = engagers_stmt(s, STMT_EVIDENCE_LISTS, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, listed_by);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		ev->lists = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return (store_fail(s, cause, "cannot count the engager lists"));
	if ((st = engagers_stmt(s, STMT_EVIDENCE_FOLLOWERS, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, from);
	store_bind_time(st, 3, to);
	store_bind_time(st, 4, listed_by);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			ids = xreallocarray(ids, cap, sizeof *ids);
			ev->followers = xreallocarray(ev->followers, cap,
			    sizeof *ev->followers);
		}
		ids[n] = column_dup(st, 0);
		ev->followers[n].after = store_column_time(st, 1);
		ev->followers[n].by = store_column_time(st, 2);
		n++;
	}
	sqlite3_reset(st);
	ev->nfollowers = n;
	if (rc != SQLITE_DONE) {
		xfree_strings(ids, n);
		burst_evidence_release(ev);
		return (store_fail(s, cause, "cannot read the new followers"));
	}
	for (i = 0, rc = 0; i < n && rc == 0 && ev->lists > 0; i++)
		rc = evidence_of(s, account_id, ids[i], i,
		    ev->followers[i].after - lead, listed_by, ev, &ecap, cause);
	xfree_strings(ids, n);
	if (rc != 0)
		burst_evidence_release(ev);
	return (rc);
}

void
burst_evidence_release(struct burst_evidence *ev)
{
	free(ev->followers);
	free(ev->engagements);
	memset(ev, 0, sizeof *ev);
}

int
store_amplifiers(struct store *s, int64_t post_id, int64_t from, int64_t to,
    size_t max, struct amplifier **out, size_t *n, char **cause)
{
	struct amplifier	*a;
	sqlite3_stmt		*st;
	int			 rc;

	*out = xcalloc(max + 1, sizeof **out);
	*n = 0;
	if ((st = engagers_stmt(s, STMT_AMPLIFIERS, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, post_id);
	store_bind_time(st, 2, from);
	store_bind_time(st, 3, to);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		a = &(*out)[(*n)++];
		a->actor = column_dup(st, 0);
		a->handle = column_dup(st, 1);
		a->followers = column_count(st, 2);
		a->kind = kind_of((const char *)sqlite3_column_text(st, 3));
		a->at = store_column_time(st, 4);
		a->seen = sqlite3_column_int(st, 5);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		amplifiers_free(*out, *n);
		*out = NULL;
		*n = 0;
		return (store_fail(s, cause, "cannot read who spread a post"));
	}
	return (0);
}

void
amplifiers_free(struct amplifier *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].actor);
		free(v[i].handle);
	}
	free(v);
}
