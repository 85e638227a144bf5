/*
 * What the account owner's notifications add to the census (Mastodon,
 * with the owner's token; Bluesky, with their app password): how far
 * they were read, when the census last logged in to read them, each follower's
 * follow time, and the relationships the server severed, with the
 * followers found gone across them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/xmalloc.h"

#define DAY	(24 * 60 * 60)

/*
 * Whether follower row F was lost across the severance event e: listed
 * at or before it, found gone at or after it, and on its domain (or a
 * subdomain of it, which a domain block takes too) or that account. One
 * who unfollowed by themselves between their last listing and the event
 * cannot be told apart from one it severed, and is counted severed.
 */
/* Every life (current or ended) an event severed, of account ?1. */
#define SEVERED_LIVES							\
	"(SELECT left_at, severed_by FROM census_followers WHERE "	\
	"account_id = ?1 AND left_reason = 'severed' UNION ALL SELECT "	\
	"left_at, severed_by FROM census_past_lives WHERE account_id = ?1 " \
	"AND left_reason = 'severed')"

#define SEVERED_BY(F)							\
	"e.at >= " F ".last_seen AND " F ".left_at >= e.at AND "	\
	F ".handle IS NOT NULL AND CASE WHEN e.kind = "			\
	"'account_suspension' THEN lower(ltrim(" F ".handle, '@')) = "	\
	"lower(ltrim(e.target, '@')) ELSE instr(" F ".handle, '@') > 0 "\
	"AND (lower(substr(" F ".handle, instr(" F ".handle, '@') + 1))"\
	" = lower(e.target) OR lower(substr(" F ".handle, "		\
	"-length(e.target) - 1)) = '.' || lower(e.target)) END"

static const char *const notify_sql[] = {
	[STMT_CENSUS_NOTIFY_GET] =
	    "SELECT newest, pass_top, cursor, login_at FROM census_notify "
	    "WHERE account_id = ?1",
	[STMT_CENSUS_NOTIFY_PUT] =
	    "INSERT INTO census_notify (account_id, newest, pass_top, cursor, "
	    "    login_at) VALUES (?1, ?2, ?3, ?4, ?5) "
	    "ON CONFLICT (account_id) DO UPDATE SET "
	    "newest = ?2, pass_top = ?3, cursor = ?4, login_at = ?5",
	/* Each follower's newest follow: an older one read later is kept. */
	[STMT_CENSUS_FOLLOW_TIME] =
	    "INSERT INTO census_follow_times (account_id, follower, "
	    "    followed_at) VALUES (?1, ?2, ?3) "
	    "ON CONFLICT (account_id, follower) DO UPDATE SET "
	    "followed_at = max(followed_at, excluded.followed_at)",
	/*
	 * A follower listed already follows since then, unless they left
	 * before it (the follow is a new one, which the walk that lists
	 * them again takes from census_follow_times).
	 */
	[STMT_CENSUS_FOLLOW_APPLY] =
	    "UPDATE census_followers SET followed_at = ?3 "
	    "WHERE account_id = ?1 AND follower = ?2 AND "
	    "    (followed_at IS NULL OR followed_at < ?3) AND "
	    "    (left_at IS NULL OR left_at >= ?3)",
	[STMT_CENSUS_SEVER_PUT] =
	    "INSERT INTO census_severances (account_id, event_id, kind, "
	    "    target, followers_count, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	    "ON CONFLICT (account_id, event_id) DO NOTHING",
	/*
	 * Severed outranks what asking said (an account still there looks
	 * unfollowed, a suspended one deleted), but not a move: a follow
	 * that moved with its account was not severed.
	 */
	[STMT_CENSUS_SEVER_MARK] =
	    "UPDATE census_followers SET left_reason = 'severed', "
	    "    severed_by = (SELECT e.event_id FROM census_severances e "
	    "    WHERE e.account_id = ?1 AND " SEVERED_BY("census_followers")
	    "    ORDER BY e.at, e.event_id LIMIT 1) "
	    "WHERE account_id = ?1 AND left_at IS NOT NULL AND "
	    "    left_reason IN ('unknown', 'unfollowed', 'deleted') AND "
	    "    EXISTS (SELECT 1 FROM census_severances e WHERE "
	    "    e.account_id = ?1 AND " SEVERED_BY("census_followers") ")",
	/*
	 * ?2 as of, ?3 30 days before. Matched: the lives the event was
	 * stored as ending (severed_by), as hashing keeps no handle. An
	 * event older than the 30 days is listed still while followers it
	 * took were found gone in them: it explains a loss of the window.
	 */
	[STMT_CENSUS_SEVERANCES] =
	    "SELECT * FROM (SELECT e.event_id, e.kind, e.target, "
	    "    e.followers_count, e.at, "
	    "    (SELECT count(*) FROM " SEVERED_LIVES " f WHERE "
	    "    f.severed_by = e.event_id AND f.left_at <= ?2) AS matched, "
	    "    (SELECT count(*) FROM " SEVERED_LIVES " f WHERE "
	    "    f.severed_by = e.event_id AND f.left_at <= ?2 AND "
	    "    f.left_at > ?3) AS matched_window "
	    "FROM census_severances e WHERE e.account_id = ?1 AND "
	    "    e.at <= ?2) WHERE at > ?3 OR matched_window > 0 "
	    "ORDER BY at, event_id",
	[STMT_CENSUS_FOLLOW_FORGET] =
	    "DELETE FROM census_follow_times WHERE account_id = ?1",
};

static const char *const severance_kinds[] = {
	"domain_block", "user_domain_block", "account_suspension", NULL
};

static sqlite3_stmt *
notify_stmt(struct store *s, enum stmt_id id, char **cause)
{
	return (store_stmt_sql(s, id, notify_sql[id], cause));
}

static int
notify_done(struct store *s, sqlite3_stmt *st, const char *what,
    char **cause)
{
	int	 rc = 0;

	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, what);
	sqlite3_reset(st);
	return (rc);
}

static char *
column_dup(sqlite3_stmt *st, int i)
{
	const char	*v = (const char *)sqlite3_column_text(st, i);

	return (v != NULL ? xstrdup(v) : NULL);
}

int
store_census_notify_get(struct store *s, int64_t account_id,
    struct census_notify_state *ns, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(ns, 0, sizeof *ns);
	if ((st = notify_stmt(s, STMT_CENSUS_NOTIFY_GET, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ns->newest = column_dup(st, 0);
		ns->pass_top = column_dup(st, 1);
		ns->cursor = column_dup(st, 2);
		ns->login_at = store_column_time(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (store_fail(s, cause, "cannot read how far the "
		    "notifications were read"));
	return (0);
}

int
store_census_notify_put(struct store *s, int64_t account_id,
    const struct census_notify_state *ns, char **cause)
{
	sqlite3_stmt	*st;

	if ((st = notify_stmt(s, STMT_CENSUS_NOTIFY_PUT, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_text(st, 2, ns->newest);
	store_bind_text(st, 3, ns->pass_top);
	store_bind_text(st, 4, ns->cursor);
	if (ns->login_at != 0)
		store_bind_time(st, 5, ns->login_at);
	else
		sqlite3_bind_null(st, 5);
	return (notify_done(s, st, "cannot store how far the notifications "
	    "were read", cause));
}

void
census_notify_state_release(struct census_notify_state *ns)
{
	free(ns->newest);
	free(ns->pass_top);
	free(ns->cursor);
	memset(ns, 0, sizeof *ns);
}

/* One follow: kept by follower, and the follower's row if it has one. */
static int
follow_time(struct store *s, int64_t account_id,
    const struct census_follower *f, char **cause)
{
	static const enum stmt_id	 ids[] = { STMT_CENSUS_FOLLOW_TIME,
					    STMT_CENSUS_FOLLOW_APPLY };
	sqlite3_stmt			*st;
	size_t				 i;

	for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		if ((st = notify_stmt(s, ids[i], cause)) == NULL)
			return (-1);
		sqlite3_bind_int64(st, 1, account_id);
		store_bind_text(st, 2, f->id);
		store_bind_time(st, 3, f->followed_at);
		if (notify_done(s, st, "cannot store a follow's time",
		    cause) != 0)
			return (-1);
	}
	return (0);
}

int
store_census_follow_times(struct store *s, int64_t account_id,
    const struct census_follower *f, size_t n, char **cause)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (f[i].followed_at != 0 && follow_time(s, account_id, &f[i],
		    cause) != 0)
			return (-1);
	return (0);
}

int
census_severed_mark(struct store *s, int64_t account_id, char **cause)
{
	sqlite3_stmt	*st;

	if ((st = notify_stmt(s, STMT_CENSUS_SEVER_MARK, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	return (notify_done(s, st, "cannot mark the followers severed",
	    cause));
}

int
store_census_severance(struct store *s, int64_t account_id,
    const struct census_severance *e, char **cause)
{
	sqlite3_stmt	*st;

	if ((st = notify_stmt(s, STMT_CENSUS_SEVER_PUT, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_text(st, 2, e->id);
	store_bind_text(st, 3, e->kind);
	store_bind_text(st, 4, e->target);
	store_bind_count(st, 5, e->followers);
	store_bind_time(st, 6, e->at);
	if (notify_done(s, st, "cannot store a severed relationship",
	    cause) != 0)
		return (-1);
	return (census_severed_mark(s, account_id, cause));
}

int
census_follow_times_forget(struct store *s, int64_t account_id,
    char **cause)
{
	sqlite3_stmt	*st;

	if ((st = notify_stmt(s, STMT_CENSUS_FOLLOW_FORGET, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	return (notify_done(s, st, "cannot forget the follow times", cause));
}

/* The static name of a stored kind (a newer tideline's: the first). */
static const char *
severance_kind(const char *v)
{
	size_t	 i;

	for (i = 0; v != NULL && severance_kinds[i] != NULL; i++)
		if (strcmp(v, severance_kinds[i]) == 0)
			return (severance_kinds[i]);
	return (severance_kinds[0]);
}

int
store_census_severances(struct store *s, int64_t account_id, int64_t as_of,
    struct census_severed **out, size_t *n, char **cause)
{
	sqlite3_stmt		*st;
	struct census_severed	*e;
	size_t			 cap = 0;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((st = notify_stmt(s, STMT_CENSUS_SEVERANCES, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, as_of);
	store_bind_time(st, 3, as_of - 30 * DAY);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		e = &(*out)[(*n)++];
		memset(e, 0, sizeof *e);
		e->e.id = column_dup(st, 0);
		e->e.kind = severance_kind((const char *)
		    sqlite3_column_text(st, 1));
		e->e.target = column_dup(st, 2);
		e->e.followers = sqlite3_column_type(st, 3) == SQLITE_NULL ?
		    COUNT_UNKNOWN : sqlite3_column_int64(st, 3);
		e->e.at = store_column_time(st, 4);
		e->matched = sqlite3_column_int64(st, 5);
		e->matched_window = sqlite3_column_int64(st, 6);
		e->older = e->e.at <= as_of - 30 * DAY;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		census_severed_free(*out, *n);
		*out = NULL;
		*n = 0;
		return (store_fail(s, cause, "cannot read the severed "
		    "relationships"));
	}
	return (0);
}

void
census_severed_free(struct census_severed *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		census_severance_release(&v[i].e);
	free(v);
}
