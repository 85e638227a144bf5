/*
 * The audience census: each account's followers as its follower lists
 * showed them, the walks through those lists, and what the census keeps.
 * A follower's row is written by every walk that lists them; a full walk
 * that reaches the list's end marks who it no longer listed as gone.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/buf.h"
#include "util/keyhash.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define DAY	(24 * 60 * 60)

/*
 * Followers a statement looks up or writes at once: a Bluesky page (a
 * Mastodon page is 80, an X page ten batches). Each run of the insert
 * makes a table for the IN list of left_reason's CHECK (a page zeroed,
 * twice: the insert's and the update's) and a statement's start and
 * end; a run for a page pays that once, not for each follower. Ids left
 * unbound are NULL, and a NULL id is no row.
 */
#define CENSUS_BATCH	100
#define PUT_VALUES	10	/* a follower's values in the batch insert */

/*
 * The lookup: each follower of the batch, by its place, with whether the
 * census has them following (1), gone (0) or not at all (NULL).
 */
static const char follower_get[] =
    "SELECT v.column1, (SELECT left_at IS NULL FROM census_followers "
    "    WHERE account_id = ?1 AND follower = v.column2) "
    "FROM (VALUES %s) AS v WHERE v.column2 IS NOT NULL";

/*
 * A follower's follow time from the owner's notifications, where one
 * came after they last left (an older one was their former follow's).
 */
#define FOLLOW_TIME							\
	"(SELECT t.followed_at FROM census_follow_times t "		\
	"LEFT JOIN census_followers c ON c.account_id = t.account_id "	\
	"AND c.follower = t.follower WHERE t.account_id = ?1 AND "	\
	"t.follower = column1 AND (c.left_at IS NULL OR "		\
	"t.followed_at > c.left_at))"

/*
 * Every life of the account's followers (census_followers holds each
 * one's present or last, census_past_lives those that ended before it)
 * with their activity as the newest check by the time asof knew it:
 * checked_at NULL when none had, active_at the latest post it found.
 */
#define LIVES_AS_OF(asof)						\
	"(SELECT l.*, (SELECT max(k.at) FROM census_activity_checks k "	\
	"    WHERE k.account_id = ?1 AND k.follower = l.follower AND "	\
	"    k.at <= " asof ") AS checked_at, "				\
	"    (SELECT k.last_active FROM census_activity_checks k "	\
	"    WHERE k.account_id = ?1 AND k.follower = l.follower AND "	\
	"    k.at <= " asof " ORDER BY k.at DESC LIMIT 1) AS active_at "	\
	"FROM (SELECT follower, first_seen, last_seen, followed_at, "	\
	"    followed_after, left_at, left_reason FROM census_followers "	\
	"    WHERE account_id = ?1 UNION ALL SELECT follower, first_seen, " \
	"    last_seen, followed_at, followed_after, left_at, left_reason " \
	"    FROM census_past_lives WHERE account_id = ?1) l)"

/*
 * ?1 the account, ?2 now, ?3 followed_after; then each follower's id,
 * uri, handle, followed_at, active known, last_active, posts, followers,
 * why gone (NULL: a follower), sample key: a first listing's row. A
 * follower who had left and is listed again followed again: the follow
 * is new. One followed_after serves the batch: a follower there already
 * keeps theirs (the update leaves it unless they had left).
 */
static const char follower_insert[] =
    "INSERT INTO census_followers (account_id, follower, uri, handle, "
    "    first_seen, last_seen, followed_at, followed_after, "
    "    last_active, active_checked, posts, followers, left_at, "
    "    left_reason, posts_at, activity_read, sample_key) "
    "SELECT ?1, column1, column2, column3, ?2, ?2, "
    "    coalesce(column4, " FOLLOW_TIME "), ?3, "
    "    CASE WHEN column5 THEN column6 END, CASE WHEN column5 THEN ?2 END, "
    "    column7, column8, CASE WHEN column9 IS NOT NULL THEN ?2 END, "
    "    column9, CASE WHEN column7 IS NOT NULL THEN ?2 END, "
    "    CASE WHEN column5 THEN ?2 END, column10 "
    "FROM (VALUES %s) WHERE column1 IS NOT NULL "
    "ON CONFLICT (account_id, follower) DO UPDATE SET "
    "    uri = coalesce(excluded.uri, uri), "
    "    handle = coalesce(excluded.handle, handle), "
    "    last_seen = excluded.last_seen, "
    "    first_seen = CASE WHEN left_at IS NOT NULL "
    "        AND excluded.left_reason IS NULL THEN excluded.first_seen "
    "        ELSE first_seen END, "
    "    followed_at = CASE WHEN left_at IS NOT NULL "
    "        AND excluded.left_reason IS NULL THEN excluded.followed_at "
    "        ELSE coalesce(followed_at, excluded.followed_at) END, "
    "    followed_after = CASE WHEN left_at IS NOT NULL "
    "        AND excluded.left_reason IS NULL "
    "        THEN excluded.followed_after ELSE followed_after END, "
    "    last_active = CASE WHEN excluded.active_checked IS NOT NULL "
    "        THEN excluded.last_active ELSE last_active END, "
    "    active_checked = coalesce(excluded.active_checked, "
    "        active_checked), "
    "    activity_read = coalesce(excluded.activity_read, activity_read), "
    "    posts_at = coalesce(excluded.posts_at, posts_at), "
    "    posts = coalesce(excluded.posts, posts), "
    "    followers = coalesce(excluded.followers, followers), "
    "    sample_key = coalesce(sample_key, excluded.sample_key), "
    "    left_at = CASE WHEN excluded.left_reason IS NULL THEN NULL "
    "        ELSE coalesce(left_at, excluded.left_at) END, "
    "    severed_by = CASE WHEN excluded.left_reason IS NULL THEN "
    "        NULL ELSE severed_by END, "
    "    left_reason = excluded.left_reason";

static const char *const mode_names[] = {
	[CENSUS_MODE_DEFAULT] = NULL,
	[CENSUS_MODE_FULL] = "full",
	[CENSUS_MODE_HASHED] = "hashed",
	[CENSUS_MODE_OFF] = "off",
};

static const char *const census_sql[] = {
	[STMT_CENSUS_MODE] =
	    "SELECT mode, key_check FROM census_settings WHERE account_id = ?1",
	[STMT_CENSUS_SET_MODE] =
	    "INSERT INTO census_settings (account_id, mode, key_check) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (account_id) DO UPDATE SET "
	    "mode = ?2, key_check = coalesce(?3, key_check)",
	/* A change only: the same mode again is no new one. */
	[STMT_CENSUS_MODE_CHANGE] =
	    "INSERT INTO census_mode_changes (account_id, mode, since) "
	    "SELECT ?1, ?2, ?3 WHERE ?2 IS NOT (SELECT mode FROM "
	    "    census_mode_changes WHERE account_id = ?1 ORDER BY id DESC "
	    "    LIMIT 1)",
	/*
	 * The mode set by ?2: the newest change by then, or one of a time
	 * not known (set before version 16), taken as set before any other.
	 */
	[STMT_CENSUS_MODE_AT] =
	    "SELECT mode, since FROM census_mode_changes WHERE account_id = ?1 "
	    "    AND (since IS NULL OR since <= ?2) "
	    "ORDER BY since IS NULL, since DESC, id DESC LIMIT 1",
	/* The full walk under way: the newest, if it is not over. */
	[STMT_CENSUS_STATE] =
	    "SELECT id, cursor, started_at FROM census_walks "
	    "WHERE account_id = ?1 AND kind = 'full' AND completed_at IS NULL "
	    "ORDER BY id DESC LIMIT 1",
	/* ?2: as of that time (what was known then), or NULL: now. */
	[STMT_CENSUS_LAST] =
	    "SELECT (SELECT max(completed_at) FROM census_walks "
	    "        WHERE account_id = ?1 AND kind = 'full' AND hidden = 0 "
	    "        AND broken = 0 AND completed_at IS NOT NULL "
	    "        AND (?2 IS NULL OR completed_at <= ?2)), "
	    "    (SELECT max(started_at) FROM census_walks "
	    "        WHERE account_id = ?1 AND (?2 IS NULL OR "
	    "        started_at <= ?2)), "
	    "    (SELECT hidden + hidden_to_owner FROM census_walks "
	    "        WHERE account_id = ?1 "
	    "        AND (?2 IS NULL OR started_at <= ?2) "
	    "        ORDER BY id DESC LIMIT 1), "
	    "    (SELECT min(started_at) FROM census_walks "
	    "        WHERE account_id = ?1), "
	    /* An empty list against a count: broken at its first page. */
	    "    (SELECT CASE WHEN broken = 1 AND listed = 0 AND hidden = 0 "
	    "        THEN platform_count END FROM census_walks "
	    "        WHERE account_id = ?1 AND (?2 IS NULL OR "
	    "        started_at <= ?2) ORDER BY id DESC LIMIT 1)",
	[STMT_CENSUS_RECENT] =
	    "SELECT follower FROM census_followers "
	    "WHERE account_id = ?1 AND left_at IS NULL "
	    "ORDER BY first_seen DESC, follower LIMIT ?2",
	[STMT_CENSUS_UNCHECKED] =
	    "SELECT follower FROM census_followers "
	    "WHERE account_id = ?1 AND left_reason = 'unknown' "
	    "ORDER BY left_at DESC, follower LIMIT ?2",
	[STMT_CENSUS_WALK_START] =
	    "INSERT INTO census_walks (account_id, kind, started_at, "
	    "    updated_at, platform_count) VALUES (?1, ?2, ?3, ?3, ?4)",
	[STMT_CENSUS_WALK_UPDATE] =
	    "UPDATE census_walks SET cursor = ?2, pages = pages + ?3, "
	    "    listed = listed + ?4, gained = gained + ?5, updated_at = ?6 "
	    "WHERE id = ?1",
	/* A full walk's end also keeps the audience it found then. */
	[STMT_CENSUS_WALK_END] =
	    "UPDATE census_walks SET cursor = NULL, hidden = ?2, "
	    "    hidden_to_owner = ?9, "
	    "    lost = ?3, updated_at = ?4, completed_at = ?4, broken = ?8, "
	    "    end_listed = CASE WHEN ?5 THEN (SELECT count(*) FROM "
	    "        census_followers WHERE account_id = ?6 AND left_at IS "
	    "        NULL) END, "
	    "    end_checked = CASE WHEN ?5 THEN (SELECT count(*) FROM "
	    "        census_followers WHERE account_id = ?6 AND left_at IS "
	    "        NULL AND active_checked IS NOT NULL) END, "
	    "    end_active_30d = CASE WHEN ?5 THEN (SELECT count(*) FROM "
	    "        census_followers WHERE account_id = ?6 AND left_at IS "
	    "        NULL AND active_checked IS NOT NULL AND last_active >= ?7) "
	    "        END "
	    "WHERE id = ?1",
	[STMT_CENSUS_HISTORY] =
	    "SELECT completed_at, end_listed, end_checked, end_active_30d "
	    "FROM census_walks WHERE account_id = ?1 AND kind = 'full' AND "
	    "    end_listed IS NOT NULL AND completed_at <= ?2 ORDER BY id",
	/*
	 * A full walk lists everyone who followed before it began: who it
	 * did not list, and no walk since its start did, is gone. Why is
	 * not known yet ('unknown'): asking for them tells.
	 */
	[STMT_CENSUS_LOSSES] =
	    "UPDATE census_followers SET left_at = ?3, left_reason = 'unknown' "
	    "WHERE account_id = ?1 AND left_at IS NULL AND last_seen < "
	    "    (SELECT started_at FROM census_walks WHERE id = ?2)",
	/* A follow the server severed stays severed, whatever asking says. */
	[STMT_CENSUS_REASON] =
	    "UPDATE census_followers SET left_reason = ?3 "
	    "WHERE account_id = ?1 AND follower = ?2 AND left_at IS NOT NULL "
	    "    AND left_reason IS NOT 'severed'",
	/*
	 * ?2 as of; ?3, ?4 its 30 and 90 days before; ?5 seven days
	 * before. A follower at as_of: first listed by then and not gone
	 * by then. Gains are followers the census saw come (followed_after
	 * set: not there when it began).
	 */
	[STMT_CENSUS_FOLLOWING] =
	    "SELECT count(*) FROM census_followers "
	    "WHERE account_id = ?1 AND left_at IS NULL",
	/* Never asked: in the order of the hash, not of the list. */
	[STMT_CENSUS_SAMPLE_NEW] =
	    "SELECT follower, posts, posts_at, activity_read, "
	    "    active_checked IS NOT NULL, last_active "
	    "FROM census_followers WHERE account_id = ?1 AND left_at IS NULL "
	    "    AND activity_read IS NULL "
	    "ORDER BY coalesce(sample_key, 0), follower LIMIT ?2",
	/* Asked at or before ?3: due again, asked longest ago first. */
	[STMT_CENSUS_SAMPLE_DUE] =
	    "SELECT follower, posts, posts_at, activity_read, "
	    "    active_checked IS NOT NULL, last_active "
	    "FROM census_followers WHERE account_id = ?1 AND left_at IS NULL "
	    "    AND activity_read <= ?3 "
	    "ORDER BY activity_read, coalesce(sample_key, 0), follower "
	    "LIMIT ?2",
	/*
	 * ?3 posts (NULL: kept, with when they were read), ?4 followers,
	 * ?5 now, ?6 known, ?7 last_active, ?8 handle.
	 */
	[STMT_CENSUS_ACTIVITY] =
	    "UPDATE census_followers SET "
	    "    posts_at = CASE WHEN ?3 IS NULL THEN posts_at ELSE ?5 END, "
	    "    posts = coalesce(?3, posts), "
	    "    followers = coalesce(?4, followers), "
	    "    handle = coalesce(?8, handle), "
	    "    activity_read = ?5, "
	    "    last_active = CASE WHEN ?6 THEN ?7 ELSE last_active END, "
	    "    active_checked = CASE WHEN ?6 THEN ?5 ELSE active_checked END "
	    "WHERE account_id = ?1 AND follower = ?2",
	[STMT_CENSUS_SUMMARY] =
	    "SELECT "
	    "  count(*) FILTER (WHERE f), "
	    "  count(*) FILTER (WHERE f AND checked_at IS NOT NULL), "
	    "  count(*) FILTER (WHERE f AND checked_at IS NOT NULL "
	    "      AND active_at >= ?3), "
	    "  count(*) FILTER (WHERE f AND checked_at IS NOT NULL "
	    "      AND active_at >= ?4), "
	    "  count(*) FILTER (WHERE followed_after IS NOT NULL "
	    "      AND first_seen > ?5 AND first_seen <= ?2), "
	    "  count(*) FILTER (WHERE left_at > ?5 AND left_at <= ?2), "
	    "  count(*) FILTER (WHERE followed_after IS NOT NULL "
	    "      AND first_seen > ?3 AND first_seen <= ?2), "
	    "  count(*) FILTER (WHERE left_at > ?3 AND left_at <= ?2), "
	    "  count(*) FILTER (WHERE left_at > ?3 AND left_at <= ?2 "
	    "      AND left_reason = 'unfollowed'), "
	    "  count(*) FILTER (WHERE left_at > ?3 AND left_at <= ?2 "
	    "      AND left_reason = 'moved'), "
	    "  count(*) FILTER (WHERE left_at > ?3 AND left_at <= ?2 "
	    "      AND left_reason = 'deleted'), "
	    "  count(*) FILTER (WHERE left_at > ?3 AND left_at <= ?2 "
	    "      AND left_reason = 'severed'), "
	    "  count(*) FILTER (WHERE left_at > ?3 AND left_at <= ?2 "
	    "      AND left_reason = 'unknown') "
	    "FROM (SELECT *, first_seen <= ?2 AND (left_at IS NULL OR "
	    "    left_at > ?2) AS f FROM " LIVES_AS_OF("?2") ")",
	/*
	 * Followers by the month they followed (the follow's time where
	 * known, else when first listed), as of ?2 (?3: 30 days before);
	 * those there when the census began are one group (month NULL).
	 */
	[STMT_CENSUS_COHORTS] =
	    "SELECT CASE WHEN followed_after IS NULL AND followed_at IS NULL "
	    "        THEN NULL ELSE substr(coalesce(followed_at, first_seen), "
	    "        1, 7) END AS month, min(first_seen), count(*), "
	    "    count(*) FILTER (WHERE left_at IS NULL OR left_at > ?2), "
	    "    count(*) FILTER (WHERE (left_at IS NULL OR left_at > ?2) "
	    "        AND checked_at IS NOT NULL AND active_at >= ?3), "
	    "    count(*) FILTER (WHERE (left_at IS NULL OR left_at > ?2) "
	    "        AND checked_at IS NOT NULL) "
	    "FROM " LIVES_AS_OF("?2") " WHERE first_seen <= ?2 "
	    "GROUP BY month ORDER BY month IS NOT NULL, month",
	[STMT_CENSUS_NAMED] =
	    "SELECT follower FROM census_followers WHERE account_id = ?1 AND "
	    "    (handle IS NOT NULL OR uri IS NOT NULL)",
	[STMT_CENSUS_REKEY] =
	    "UPDATE census_followers SET follower = ?3, uri = NULL, "
	    "    handle = NULL WHERE account_id = ?1 AND follower = ?2",
	/* The followers first listed from ?2 to ?3 who came then. */
	[STMT_CENSUS_WINDOW] =
	    "SELECT count(*), "
	    "    count(*) FILTER (WHERE left_at IS NULL OR left_at > ?4), "
	    "    count(*) FILTER (WHERE (left_at IS NULL OR left_at > ?4) "
	    "        AND checked_at IS NOT NULL AND active_at >= ?5), "
	    "    count(*) FILTER (WHERE (left_at IS NULL OR left_at > ?4) "
	    "        AND checked_at IS NOT NULL) "
	    "FROM " LIVES_AS_OF("?4") " WHERE "
	    "    followed_after IS NOT NULL AND first_seen >= ?2 AND "
	    "    first_seen <= ?3 AND first_seen <= ?4",
	[STMT_CENSUS_LIVES] =
	    "SELECT followed_at, followed_after, first_seen, last_seen, "
	    "    left_at, active_at, checked_at "
	    "FROM " LIVES_AS_OF("?2") " WHERE first_seen <= ?2",
	/* Each walk's gains and losses at its last page, by ?2. */
	[STMT_CENSUS_FLOWS] =
	    "SELECT coalesce(completed_at, updated_at) AS at, gained, lost "
	    "FROM census_walks WHERE account_id = ?1 AND hidden = 0 "
	    "    AND at <= ?2 ORDER BY at, id",
	/* As status's: it counts until a later walk read a page. */
	[STMT_CENSUS_FAILURE] =
	    "SELECT at, http_status, message FROM census_failures "
	    "WHERE account_id = ?1 AND at <= ?2 "
	    "    AND at >= coalesce((SELECT max(updated_at) FROM census_walks "
	    "        WHERE account_id = ?1 AND updated_at <= ?2), '') "
	    "ORDER BY run_id DESC LIMIT 1",
};

static sqlite3_stmt *
census_stmt(struct store *s, enum stmt_id id, char **cause)
{
	return (store_stmt_sql(s, id, census_sql[id], cause));
}

static int
step_done(struct store *s, sqlite3_stmt *st, const char *what, char **cause)
{
	int	 rc = 0;

	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, what);
	sqlite3_reset(st);
	return (rc);
}

const char *
census_mode_name(enum census_mode m)
{
	return (m > CENSUS_MODE_DEFAULT && m <= CENSUS_MODE_OFF ?
	    mode_names[m] : "default");
}

int
census_mode_parse(const char *s, enum census_mode *m)
{
	int	 i;

	for (i = CENSUS_MODE_FULL; i <= CENSUS_MODE_OFF; i++)
		if (strcmp(s, mode_names[i]) == 0) {
			*m = (enum census_mode)i;
			return (0);
		}
	return (-1);
}

int
store_census_mode(struct store *s, int64_t account_id, enum census_mode *m,
    char **cause)
{
	sqlite3_stmt	*st;
	const char	*v;
	int		 rc;

	*m = CENSUS_MODE_DEFAULT;
	if ((st = census_stmt(s, STMT_CENSUS_MODE, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && (v = (const char *)sqlite3_column_text(st,
	    0)) != NULL && census_mode_parse(v, m) != 0)
		*m = CENSUS_MODE_OFF;	/* a newer tideline's: keep out */
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_fail(s, cause, "cannot read the census setting");
	sqlite3_reset(st);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1);
}

/* The setting, and the change in the history when it is one. */
int
store_census_set_mode(struct store *s, int64_t account_id,
    enum census_mode m, const char *key_check, int64_t now, char **cause)
{
	sqlite3_stmt	*st;

	if ((st = census_stmt(s, STMT_CENSUS_SET_MODE, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_text(st, 2, mode_names[m]);
	store_bind_text(st, 3, key_check);
	if (step_done(s, st, "cannot store the census setting", cause) != 0)
		return (-1);
	if ((st = census_stmt(s, STMT_CENSUS_MODE_CHANGE, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_text(st, 2, mode_names[m]);
	store_bind_time(st, 3, now);
	return (step_done(s, st, "cannot store the census mode's change",
	    cause));
}

int
store_census_mode_at(struct store *s, int64_t account_id, int64_t as_of,
    struct census_mode_at *out, char **cause)
{
	sqlite3_stmt	*st;
	const char	*v;
	int		 rc;

	memset(out, 0, sizeof *out);
	out->mode = CENSUS_MODE_DEFAULT;
	if ((st = census_stmt(s, STMT_CENSUS_MODE_AT, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, as_of);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v = (const char *)sqlite3_column_text(st, 0);
		if (v == NULL || census_mode_parse(v, &out->mode) != 0)
			out->mode = CENSUS_MODE_OFF; /* a newer tideline's */
		out->since = store_column_time(st, 1);
		out->since_known = out->since != 0;
	} else if (rc != SQLITE_DONE)
		store_fail(s, cause, "cannot read the census mode's history");
	sqlite3_reset(st);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1);
}

int
store_census_key_check(struct store *s, int64_t account_id, char **check,
    char **cause)
{
	sqlite3_stmt	*st;
	const char	*v;
	int		 rc;

	*check = NULL;
	if ((st = census_stmt(s, STMT_CENSUS_MODE, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && (v = (const char *)sqlite3_column_text(st,
	    1)) != NULL)
		*check = xstrdup(v);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_fail(s, cause, "cannot read the census setting");
	sqlite3_reset(st);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1);
}

/* The walks' ends as of a time (or 0: now) into cs. */
static int
census_last(struct store *s, int64_t account_id, int64_t as_of,
    struct census_state *cs, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = census_stmt(s, STMT_CENSUS_LAST, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	if (as_of != 0)
		store_bind_time(st, 2, as_of);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cs->last_full = store_column_time(st, 0);
		cs->last_walk = store_column_time(st, 1);
		cs->hidden = sqlite3_column_int(st, 2);
		cs->first_walk = store_column_time(st, 3);
		cs->empty_count = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (store_fail(s, cause, "cannot read the census"));
	return (0);
}

int
store_census_state(struct store *s, int64_t account_id,
    struct census_state *cs, char **cause)
{
	sqlite3_stmt	*st;
	const char	*cursor;
	int		 rc;

	memset(cs, 0, sizeof *cs);
	if ((st = census_stmt(s, STMT_CENSUS_STATE, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cs->full_walk = sqlite3_column_int64(st, 0);
		cursor = (const char *)sqlite3_column_text(st, 1);
		cs->full_cursor = cursor != NULL ? xstrdup(cursor) : NULL;
		cs->full_started = store_column_time(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (store_fail(s, cause, "cannot read the census"));
	return (census_last(s, account_id, 0, cs, cause));
}

void
census_state_release(struct census_state *cs)
{
	free(cs->full_cursor);
	memset(cs, 0, sizeof *cs);
}

/* The first column's ids of a census list of an account, up to limit. */
static int
account_ids(struct store *s, enum stmt_id id, int64_t account_id,
    size_t limit, char ***ids, size_t *n, const char *what, char **cause)
{
	sqlite3_stmt	*st;

	*ids = NULL;
	*n = 0;
	if ((st = census_stmt(s, id, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	return (store_collect_ids(s, st, ids, NULL, n, what, cause));
}

int
store_census_recent(struct store *s, int64_t account_id, size_t limit,
    char ***ids, size_t *n, char **cause)
{
	return (account_ids(s, STMT_CENSUS_RECENT, account_id, limit, ids, n,
	    "cannot list the newest followers", cause));
}

int
store_census_unchecked(struct store *s, int64_t account_id, size_t limit,
    char ***ids, size_t *n, char **cause)
{
	return (account_ids(s, STMT_CENSUS_UNCHECKED, account_id, limit, ids,
	    n, "cannot list the followers gone", cause));
}

int
store_census_walk_start(struct store *s, int64_t account_id, int full,
    int64_t now, int64_t platform_count, int64_t *walk, char **cause)
{
	sqlite3_stmt	*st;

	if ((st = census_stmt(s, STMT_CENSUS_WALK_START, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_text(st, 2, full ? "full" : "new");
	store_bind_time(st, 3, now);
	store_bind_count(st, 4, platform_count);
	if (step_done(s, st, "cannot start a census walk", cause) != 0)
		return (-1);
	*walk = sqlite3_last_insert_rowid(s->db);
	return (0);
}

/*
 * A statement of the batch's size, made on first use: 'fmt' with its
 * VALUES rows of 'cols' parameters each, numbered on from 'first', and
 * when 'place' is set each row's place in the batch before them.
 */
static sqlite3_stmt *
batch_stmt(struct store *s, enum stmt_id id, const char *fmt, int first,
    int cols, int place, char **cause)
{
	struct buf	 rows = BUF_INIT, sql = BUF_INIT;
	sqlite3_stmt	*st;
	int		 i, j, p = first;

	if (s->stmts[id] != NULL)
		return (store_stmt_sql(s, id, NULL, cause));
	for (i = 0; i < CENSUS_BATCH; i++) {
		buf_adds(&rows, i == 0 ? "(" : ", (");
		if (place)
			buf_printf(&rows, "%d, ", i);
		for (j = 0; j < cols; j++)
			buf_printf(&rows, j == 0 ? "?%d" : ", ?%d", p++);
		buf_addc(&rows, ')');
	}
	buf_printf(&sql, fmt, rows.data);
	st = store_stmt_sql(s, id, sql.data, cause);
	buf_release(&rows);
	buf_release(&sql);
	return (st);
}

/* A follower of a batch: its id (borrowed) and its place there. */
struct batch_slot {
	const char	*id;
	size_t		 i;
};

/* By id, then by place. */
static int
cmp_slot(const void *a, const void *b)
{
	const struct batch_slot	*x = a, *y = b;
	int			 c = strcmp(x->id, y->id);

	if (c != 0)
		return (c);
	return (x->i < y->i ? -1 : x->i > y->i);
}

/*
 * Whether each of a batch's n followers is one already (1), gone and
 * back (2), or new (0) when its turn comes: a follower listed twice is,
 * the second time, what the first left them.
 */
static int
batch_known(struct store *s, int64_t account_id,
    const struct census_follower *f, size_t n, int *known, char **cause)
{
	struct batch_slot	 slot[CENSUS_BATCH];
	sqlite3_stmt		*st;
	size_t			 i, place;
	int			 rc;

	if ((st = batch_stmt(s, STMT_CENSUS_FOLLOWER_GET, follower_get, 2, 1,
	    1, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	for (i = 0; i < n; i++) {
		store_bind_text(st, (int)i + 2, f[i].id);
		known[i] = 0;
		slot[i].id = f[i].id;
		slot[i].i = i;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		place = (size_t)sqlite3_column_int64(st, 0);
		if (place < n && sqlite3_column_type(st, 1) != SQLITE_NULL)
			known[place] = sqlite3_column_int(st, 1) ? 1 : 2;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(s, cause, "cannot read the followers"));
	qsort(slot, n, sizeof *slot, cmp_slot);
	for (i = 1; i < n; i++)
		if (strcmp(slot[i].id, slot[i - 1].id) == 0)
			known[slot[i].i] = f[slot[i - 1].i].gone == NULL ? 1 : 2;
	return (0);
}

/*
 * FNV-1a of the id: where a follower never asked for their activity
 * stands in the sample's order. Any hash that does not follow the list's
 * order (who came when) would do; this one is fixed, so runs agree.
 */
static int64_t
sample_key(const char *id)
{
	uint64_t	 h = 14695981039346656037ULL;

	for (; *id != '\0'; id++) {
		h ^= (unsigned char)*id;
		h *= 1099511628211ULL;
	}
	return ((int64_t)(h >> 1));
}

/* Write a batch of n followers listed at 'now' (stored text, or NULL). */
static int
batch_put(struct store *s, int64_t account_id,
    const struct census_follower *f, size_t n, const char *now,
    int64_t followed_after, char **cause)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 p;

	if ((st = batch_stmt(s, STMT_CENSUS_FOLLOWER_PUT, follower_insert, 4,
	    PUT_VALUES, 0, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_text(st, 2, now);
	if (followed_after != 0)
		store_bind_time(st, 3, followed_after);
	for (i = 0; i < n; i++, f++) {
		p = 4 + (int)i * PUT_VALUES;
		store_bind_text(st, p, f->id);
		store_bind_text(st, p + 1, f->uri);
		store_bind_text(st, p + 2, f->handle);
		if (f->followed_at != 0)
			store_bind_time(st, p + 3, f->followed_at);
		sqlite3_bind_int(st, p + 4, f->active_known != 0);
		if (f->last_active != 0)
			store_bind_time(st, p + 5, f->last_active);
		store_bind_count(st, p + 6, f->posts);
		store_bind_count(st, p + 7, f->followers);
		store_bind_text(st, p + 8, f->gone);
		sqlite3_bind_int64(st, p + 9, sample_key(f->id));
	}
	return (step_done(s, st, "cannot store a follower", cause));
}

int
store_census_page(struct store *s, int64_t account_id,
    const struct census_follower *f, size_t n, int64_t now,
    int64_t followed_after, size_t *gained, char **cause)
{
	char	 when[TIME_ISO_SIZE];
	int	 known[CENSUS_BATCH];
	size_t	 i, k;

	/* Out of range: NULL, which first_seen refuses (store_bind_time). */
	if (time_format(now, when) != 0)
		when[0] = '\0';
	*gained = 0;
	for (; n > 0; n -= k, f += k) {
		k = n < CENSUS_BATCH ? n : CENSUS_BATCH;
		if (batch_known(s, account_id, f, k, known, cause) != 0)
			return (-1);
		for (i = 0; i < k; i++)
			if (known[i] != 1 && f[i].gone == NULL &&
			    followed_after != 0)
				(*gained)++;
		if (batch_put(s, account_id, f, k, when[0] != '\0' ? when :
		    NULL, followed_after, cause) != 0)
			return (-1);
	}
	return (0);
}

int
store_census_walk_update(struct store *s, int64_t walk, const char *cursor,
    int pages, size_t listed, size_t gained, int64_t now, char **cause)
{
	sqlite3_stmt	*st;

	if ((st = census_stmt(s, STMT_CENSUS_WALK_UPDATE, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, walk);
	store_bind_text(st, 2, cursor);
	sqlite3_bind_int(st, 3, pages);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)listed);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)gained);
	store_bind_time(st, 6, now);
	return (step_done(s, st, "cannot store the census walk", cause));
}

int
store_census_walk_end(struct store *s, int64_t account_id, int64_t walk,
    int full, int broken, int hidden, int64_t now, size_t *lost,
    char **cause)
{
	sqlite3_stmt	*st;

	*lost = 0;
	if (full && !broken && !hidden) {
		if ((st = census_stmt(s, STMT_CENSUS_LOSSES, cause)) == NULL)
			return (-1);
		sqlite3_bind_int64(st, 1, account_id);
		sqlite3_bind_int64(st, 2, walk);
		store_bind_time(st, 3, now);
		if (step_done(s, st, "cannot mark the followers gone",
		    cause) != 0)
			return (-1);
		*lost = (size_t)sqlite3_changes(s->db);
		if (*lost > 0 && census_severed_mark(s, account_id,
		    cause) != 0)
			return (-1);
	}
	if ((st = census_stmt(s, STMT_CENSUS_WALK_END, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, walk);
	sqlite3_bind_int(st, 2, hidden != 0);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)*lost);
	store_bind_time(st, 4, now);
	sqlite3_bind_int(st, 5, full && !hidden && !broken);
	sqlite3_bind_int64(st, 6, account_id);
	store_bind_time(st, 7, now - 30 * DAY);
	sqlite3_bind_int(st, 8, broken != 0);
	sqlite3_bind_int(st, 9, hidden == CENSUS_HIDDEN_TO_OWNER);
	return (step_done(s, st, "cannot end the census walk", cause));
}

int
store_census_reason(struct store *s, int64_t account_id, const char *id,
    const char *reason, char **cause)
{
	sqlite3_stmt	*st;

	if ((st = census_stmt(s, STMT_CENSUS_REASON, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_text(st, 2, id);
	store_bind_text(st, 3, reason);
	return (step_done(s, st, "cannot store why a follower left", cause));
}

int
store_census_following(struct store *s, int64_t account_id, int64_t *n,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	*n = 0;
	if ((st = census_stmt(s, STMT_CENSUS_FOLLOWING, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return (store_fail(s, cause, "cannot count the followers"));
	return (0);
}

/* One row of the sample: a follower and what is stored of them. */
static void
sample_row(sqlite3_stmt *st, struct census_follower *f)
{
	memset(f, 0, sizeof *f);
	f->id = xstrdup((const char *)sqlite3_column_text(st, 0));
	f->posts = sqlite3_column_type(st, 1) == SQLITE_NULL ?
	    COUNT_UNKNOWN : sqlite3_column_int64(st, 1);
	f->followers = COUNT_UNKNOWN;
	f->posts_at = store_column_time(st, 2);
	f->read_at = store_column_time(st, 3);
	f->active_known = sqlite3_column_int(st, 4);
	f->last_active = store_column_time(st, 5);
}

/* Append the rows of a bound sample query to *v (*n of *cap). */
static int
sample_rows(struct store *s, sqlite3_stmt *st, struct census_follower **v,
    size_t *n, size_t *cap, char **cause)
{
	int	 rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*v = xreallocarray(*v, *cap, sizeof **v);
		}
		sample_row(st, &(*v)[(*n)++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(s, cause, "cannot list the followers due "
		    "for a check"));
	return (0);
}

int
store_census_sample(struct store *s, int64_t account_id, int64_t due,
    size_t max_new, size_t max, struct census_follower **out, size_t *n,
    char **cause)
{
	sqlite3_stmt	*st;
	size_t		 cap = 0;

	*out = NULL;
	*n = 0;
	if (max_new > max)
		max_new = max;
	if (max_new > 0) {
		if ((st = census_stmt(s, STMT_CENSUS_SAMPLE_NEW, cause)) == NULL)
			return (-1);
		sqlite3_bind_int64(st, 1, account_id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)max_new);
		if (sample_rows(s, st, out, n, &cap, cause) != 0)
			return (-1);
	}
	if (*n >= max)
		return (0);
	if ((st = census_stmt(s, STMT_CENSUS_SAMPLE_DUE, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(max - *n));
	store_bind_time(st, 3, due);
	return (sample_rows(s, st, out, n, &cap, cause));
}

int
store_census_activity(struct store *s, int64_t account_id,
    const struct census_follower *f, size_t n, int64_t now, char **cause)
{
	sqlite3_stmt	*st;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if ((st = census_stmt(s, STMT_CENSUS_ACTIVITY, cause)) == NULL)
			return (-1);
		sqlite3_bind_int64(st, 1, account_id);
		store_bind_text(st, 2, f[i].id);
		store_bind_count(st, 3, f[i].posts);
		store_bind_count(st, 4, f[i].followers);
		store_bind_time(st, 5, now);
		sqlite3_bind_int(st, 6, f[i].active_known != 0);
		if (f[i].last_active != 0)
			store_bind_time(st, 7, f[i].last_active);
		store_bind_text(st, 8, f[i].handle);
		if (step_done(s, st, "cannot store a follower's activity",
		    cause) != 0)
			return (-1);
	}
	return (0);
}

int
store_census_summary(struct store *s, int64_t account_id, int64_t as_of,
    struct census_summary *cs, char **cause)
{
	struct census_state	 state;
	sqlite3_stmt		*st;
	int64_t			*out[] = { &cs->listed, &cs->checked,
				    &cs->active_30d, &cs->active_90d,
				    &cs->gained_7d, &cs->lost_7d,
				    &cs->gained_30d, &cs->lost_30d,
				    &cs->lost_unfollowed, &cs->lost_moved,
				    &cs->lost_deleted, &cs->lost_severed,
				    &cs->lost_unknown };
	size_t			 i;
	int			 rc;

	memset(cs, 0, sizeof *cs);
	memset(&state, 0, sizeof state);
	if (census_last(s, account_id, as_of, &state, cause) != 0)
		return (-1);
	/* As of a time before the census began, there was none. */
	cs->walked = state.first_walk != 0 && state.first_walk <= as_of;
	cs->hidden = state.hidden;
	cs->list_complete_at = state.last_full;
	cs->began_at = state.first_walk;
	cs->last_walk = state.last_walk;
	cs->empty_count = cs->walked ? state.empty_count : 0;
	if ((st = census_stmt(s, STMT_CENSUS_SUMMARY, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, as_of);
	store_bind_time(st, 3, as_of - 30 * DAY);
	store_bind_time(st, 4, as_of - 90 * DAY);
	store_bind_time(st, 5, as_of - 7 * DAY);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (i = 0; i < sizeof out / sizeof out[0]; i++)
			*out[i] = sqlite3_column_int64(st, (int)i);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return (store_fail(s, cause, "cannot count the followers"));
	return (0);
}

int
store_census_failure(struct store *s, int64_t account_id, int64_t as_of,
    struct census_failure *f, char **cause)
{
	sqlite3_stmt	*st;
	const char	*message;
	int		 rc;

	memset(f, 0, sizeof *f);
	if ((st = census_stmt(s, STMT_CENSUS_FAILURE, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, as_of);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		f->at = store_column_time(st, 0);
		f->http_status = sqlite3_column_int(st, 1);
		message = (const char *)sqlite3_column_text(st, 2);
		f->message = xstrdup(message != NULL ? message : "");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (store_fail(s, cause, "cannot read the census's failures"));
	return (0);
}

int
store_census_cohorts(struct store *s, int64_t account_id, int64_t as_of,
    struct census_cohort **out, size_t *n, char **cause)
{
	sqlite3_stmt		*st;
	struct census_cohort	*c;
	const char		*month;
	size_t			 cap = 0;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((st = census_stmt(s, STMT_CENSUS_COHORTS, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, as_of);
	store_bind_time(st, 3, as_of - 30 * DAY);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		c = &(*out)[(*n)++];
		memset(c, 0, sizeof *c);
		month = (const char *)sqlite3_column_text(st, 0);
		if (month != NULL)
			snprintf(c->month, sizeof c->month, "%s", month);
		c->first_listed = store_column_time(st, 1);
		c->followed = sqlite3_column_int64(st, 2);
		c->still_following = sqlite3_column_int64(st, 3);
		c->active_30d = sqlite3_column_int64(st, 4);
		c->checked = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return (store_fail(s, cause, "cannot group the followers"));
	}
	return (0);
}

int
store_census_window(struct store *s, int64_t account_id, int64_t from,
    int64_t to, int64_t as_of, struct census_cohort *c, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(c, 0, sizeof *c);
	if ((st = census_stmt(s, STMT_CENSUS_WINDOW, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, from);
	store_bind_time(st, 3, to);
	store_bind_time(st, 4, as_of);
	store_bind_time(st, 5, as_of - 30 * DAY);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c->followed = sqlite3_column_int64(st, 0);
		c->still_following = sqlite3_column_int64(st, 1);
		c->active_30d = sqlite3_column_int64(st, 2);
		c->checked = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return (store_fail(s, cause, "cannot count a burst's "
		    "followers"));
	return (0);
}

int
store_census_hash_all(struct store *s, int64_t account_id, const char *key,
    const char *platform, char **cause)
{
	sqlite3_stmt	*st;
	char		**ids = NULL, hash[KEYHASH_SIZE];
	size_t		 n = 0, i;
	int		 rc = 0;

	/* What is overwritten is zeroed, not left in free pages. */
	if (sqlite3_exec(s->db, "PRAGMA secure_delete = ON", NULL, NULL,
	    NULL) != SQLITE_OK)
		return (store_fail(s, cause, "cannot hash the followers"));
	if ((st = census_stmt(s, STMT_CENSUS_NAMED, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	if (store_collect_ids(s, st, &ids, NULL, &n, "cannot list the "
	    "followers", cause) != 0)
		return (-1);
	/*
	 * The follow times waiting for their followers are kept by id:
	 * forgotten (those listed have theirs in their rows).
	 */
	if (census_follow_times_forget(s, account_id, cause) != 0)
		rc = -1;
	for (i = 0; i < n && rc == 0; i++) {
		if (keyhash(key, platform, ids[i], hash) != 0) {
			*cause = xstrdup("cannot hash a follower's id");
			rc = -1;
		} else if ((st = census_stmt(s, STMT_CENSUS_REKEY,
		    cause)) == NULL)
			rc = -1;
		else {
			sqlite3_bind_int64(st, 1, account_id);
			store_bind_text(st, 2, ids[i]);
			store_bind_text(st, 3, hash);
			rc = step_done(s, st, "cannot hash a follower", cause);
		}
	}
	xfree_strings(ids, n);
	if (rc == 0)
		rc = store_engagers_hash_all(s, account_id, key, platform,
		    cause);
	return (rc);
}

int
store_census_history(struct store *s, int64_t account_id, int64_t as_of,
    struct census_point **out, size_t *n, char **cause)
{
	sqlite3_stmt		*st;
	struct census_point	*p;
	size_t			 cap = 0;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((st = census_stmt(s, STMT_CENSUS_HISTORY, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, as_of);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		p = &(*out)[(*n)++];
		p->at = store_column_time(st, 0);
		p->listed = sqlite3_column_int64(st, 1);
		p->checked = sqlite3_column_int64(st, 2);
		p->active_30d = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return (store_fail(s, cause, "cannot read the census's walks"));
	}
	return (0);
}

int
store_census_lives(struct store *s, int64_t account_id, int64_t as_of,
    struct census_life **out, size_t *n, char **cause)
{
	sqlite3_stmt		*st;
	struct census_life	*l;
	size_t			 cap = 0;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((st = census_stmt(s, STMT_CENSUS_LIVES, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, as_of);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		l = &(*out)[(*n)++];
		l->followed_at = store_column_time(st, 0);
		l->followed_after = store_column_time(st, 1);
		l->first_seen = store_column_time(st, 2);
		l->last_seen = store_column_time(st, 3);
		l->left_at = store_column_time(st, 4);
		l->last_active = store_column_time(st, 5);
		l->active_checked = store_column_time(st, 6);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return (store_fail(s, cause, "cannot read the followers' "
		    "follows"));
	}
	return (0);
}

int
store_census_flows(struct store *s, int64_t account_id, int64_t as_of,
    struct census_flow **out, size_t *n, char **cause)
{
	sqlite3_stmt		*st;
	struct census_flow	*f;
	size_t			 cap = 0;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((st = census_stmt(s, STMT_CENSUS_FLOWS, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_time(st, 2, as_of);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		f = &(*out)[(*n)++];
		f->at = store_column_time(st, 0);
		f->gained = sqlite3_column_int64(st, 1);
		f->lost = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return (store_fail(s, cause, "cannot read the census's walks"));
	}
	return (0);
}
