/* Open, migrate and close the database; transactions; statement cache. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/internal.h"
#include "store/migrate.h"
#include "util/buf.h"
#include "util/text.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define BUSY_TIMEOUT_MS	5000
#define BACKUP_NAMES	99	/* PATH.bak-vN, then .2 ... .99 */

/*
 * The accounts' list, but for its snapshots' column: how many (for
 * 'accounts'), or whether any (for the analyses, which need no more).
 */
#define ACCOUNTS_SELECT \
	"SELECT a.id, a.platform, a.handle, a.group_name, a.api_base, " \
	"    a.remote_id, a.added_at, a.active, "
#define ACCOUNTS_FROM \
	"    (SELECT count(*) FROM posts WHERE account_id = a.id), " \
	"    l.taken_at, l.followers " \
	"FROM accounts AS a " \
	"LEFT JOIN follower_snapshots AS l ON l.account_id = a.id AND " \
	"    l.taken_at = (SELECT max(taken_at) FROM follower_snapshots " \
	"                  WHERE account_id = a.id) " \
	"ORDER BY a.group_name, a.platform, a.handle"

static const char *const stmt_sql[STMT_COUNT] = {
	[STMT_ACCOUNT_FIND] =
	    "SELECT id FROM accounts WHERE platform = ?1 AND handle = ?2",
	[STMT_ACCOUNT_CREATE] =
	    "INSERT INTO accounts (platform, handle, group_name, api_base, "
	    "    added_at, active) "
	    "VALUES (?1, ?2, coalesce(?3, 'default'), ?4, ?5, ?6) "
	    "RETURNING id",
	[STMT_ACCOUNT_TRACK] =
	    "UPDATE accounts SET active = 1, "
	    "    group_name = coalesce(?2, group_name), "
	    "    api_base = coalesce(?3, api_base) "
	    "WHERE id = ?1",
	[STMT_ACCOUNT_UNTRACK] =
	    "UPDATE accounts SET active = 0 "
	    "WHERE platform = ?1 AND handle = ?2",
	[STMT_ACCOUNTS_LIST] =
	    ACCOUNTS_SELECT
	    "    (SELECT count(*) FROM follower_snapshots "
	    "     WHERE account_id = a.id), "
	    ACCOUNTS_FROM,
	/* The same, whether there are snapshots rather than how many. */
	[STMT_ACCOUNTS_BRIEF] =
	    ACCOUNTS_SELECT
	    "    EXISTS (SELECT 1 FROM follower_snapshots "
	    "     WHERE account_id = a.id), "
	    ACCOUNTS_FROM,
	[STMT_POST_REKEY] =
	    "UPDATE posts SET remote_id = ?2 WHERE id = ?1",
	[STMT_POST_INSERT] =
	    "INSERT INTO posts (account_id, remote_id, published_at, url, "
	    "    title, kind) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, 'post'))",
	/* Written only if something differs: a row unchanged is no change. */
	[STMT_POST_UPDATE] =
	    "UPDATE posts SET published_at = ?3, url = coalesce(?4, url), "
	    "    title = coalesce(?5, title), kind = coalesce(?6, kind) "
	    "WHERE id = ?1 AND (published_at IS NOT ?3 "
	    "   OR url IS NOT coalesce(?4, url) "
	    "   OR title IS NOT coalesce(?5, title) "
	    "   OR kind IS NOT coalesce(?6, kind))",
	[STMT_POST_FIND] =
	    "SELECT id FROM posts WHERE account_id = ?1 AND remote_id = ?2",
	[STMT_POST_TAGS_CLEAR] =
	    "DELETE FROM post_tags WHERE post_id = ?1",
	[STMT_POST_TAG_ADD] =
	    "INSERT OR IGNORE INTO post_tags (post_id, tag) VALUES (?1, ?2)",
	[STMT_POST_LINK_ADD] =
	    "INSERT OR IGNORE INTO post_links (post_id, url) VALUES (?1, ?2)",
	[STMT_METRICS_PUT] =
	    "INSERT INTO post_metrics (post_id, taken_at, likes, reposts, "
	    "    replies, quotes, views, bookmarks, source, run_id) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
	    "ON CONFLICT (post_id, taken_at) DO UPDATE SET "
	    "    likes = excluded.likes, reposts = excluded.reposts, "
	    "    replies = excluded.replies, quotes = excluded.quotes, "
	    "    views = excluded.views, bookmarks = excluded.bookmarks, "
	    "    source = excluded.source, run_id = excluded.run_id "
	    "WHERE likes IS NOT excluded.likes "
	    "   OR reposts IS NOT excluded.reposts "
	    "   OR replies IS NOT excluded.replies "
	    "   OR quotes IS NOT excluded.quotes "
	    "   OR views IS NOT excluded.views "
	    "   OR bookmarks IS NOT excluded.bookmarks "
	    "   OR source IS NOT excluded.source",
	[STMT_RUN_START] =
	    "INSERT INTO fetch_runs (started_at, version) VALUES (?1, ?2) "
	    "RETURNING id",
	[STMT_RUN_FINISH] =
	    "UPDATE fetch_runs SET finished_at = ?2, status = ?3, "
	    "    accounts_ok = ?4, accounts_failed = ?5 WHERE id = ?1",
	[STMT_RUN_ERROR] =
	    "INSERT OR REPLACE INTO fetch_errors (run_id, account_id, at, "
	    "    http_status, kind, message, retry_after) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[STMT_CENSUS_ERROR] =
	    "INSERT OR REPLACE INTO census_failures (account_id, run_id, at, "
	    "    http_status, message) VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_ACCOUNT_FETCHED] =
	    "UPDATE accounts SET remote_id = coalesce(?2, remote_id), "
	    "    last_fetched_at = ?3 WHERE id = ?1",
	/* Old posts whose newest metrics are stale, stalest first. */
	[STMT_POSTS_DUE] =
	    "SELECT p.remote_id FROM posts AS p "
	    "WHERE p.account_id = ?1 AND p.published_at < ?2 "
	    "  AND p.id NOT IN (SELECT post_id FROM post_deletions) "
	    "  AND coalesce((SELECT max(taken_at) FROM post_metrics "
	    "                WHERE post_id = p.id), '') < ?3 "
	    "ORDER BY coalesce((SELECT max(taken_at) FROM post_metrics "
	    "                   WHERE post_id = p.id), ''), "
	    "    p.published_at DESC "
	    "LIMIT ?4",
	/* Recent posts, newest first: a walk that misses one may be told. */
	[STMT_POSTS_RECENT] =
	    "SELECT p.remote_id, p.published_at FROM posts AS p "
	    "WHERE p.account_id = ?1 AND p.published_at >= ?2 "
	    "  AND p.id NOT IN (SELECT post_id FROM post_deletions) "
	    "ORDER BY p.published_at DESC LIMIT ?3",
	[STMT_POSTS_NEWEST] =
	    "SELECT max(published_at) FROM posts WHERE account_id = ?1",
	[STMT_SERIES_QUALITY] =
	    "SELECT coalesce(sum(rounded), 0), "
	    "    coalesce(sum(followers IS NULL), 0) "
	    "FROM follower_snapshots "
	    "WHERE account_id = ?1 AND taken_at >= ?2 AND taken_at <= ?3",
	/*
	 * The end of the range is the reader's to find (rows come in time
	 * order): compared here, every row of every series would pay for
	 * a text comparison, a twentieth of an analysis.
	 */
	[STMT_FOLLOWER_SERIES] =
	    "SELECT taken_at, followers, rounded FROM follower_snapshots "
	    "WHERE account_id = ?1 AND taken_at >= ?2 "
	    "  AND followers IS NOT NULL ORDER BY taken_at",
	[STMT_HISTORY_GET] =
	    "SELECT cursor, complete FROM history_walks WHERE account_id = ?1",
	/* A page adds to 'pages'; the first one starts the walk. */
	[STMT_HISTORY_PUT] =
	    "INSERT INTO history_walks (account_id, cursor, complete, pages, "
	    "    started_at, updated_at, completed_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?5, CASE WHEN ?3 THEN ?5 END) "
	    "ON CONFLICT (account_id) DO UPDATE SET cursor = ?2, "
	    "    complete = ?3, pages = pages + ?4, updated_at = ?5, "
	    "    completed_at = CASE WHEN ?3 THEN coalesce(completed_at, ?5) "
	    "    END",
	[STMT_POST_GONE] =
	    "INSERT OR IGNORE INTO post_deletions (post_id, deleted_at) "
	    "SELECT id, ?3 FROM posts WHERE account_id = ?1 AND remote_id = ?2",
	[STMT_POST_BACK] =
	    "DELETE FROM post_deletions WHERE post_id = ?1",
	[STMT_GAP_GET] =
	    "SELECT floor FROM timeline_gaps WHERE account_id = ?1",
	/* A gap already known keeps its floor: the lowest is the one. */
	[STMT_GAP_PUT] =
	    "INSERT INTO timeline_gaps (account_id, floor, found_at) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (account_id) DO UPDATE SET "
	    "    floor = min(floor, excluded.floor)",
	[STMT_GAP_CLEAR] =
	    "DELETE FROM timeline_gaps WHERE account_id = ?1",
};

int
store_fail(struct store *s, char **cause, const char *what)
{
	int	 code = sqlite3_errcode(s->db) & 0xff;
	int	 errnum = sqlite3_system_errno(s->db);

	/* "disk I/O error" alone would not say that the disk is full. */
	if ((code == SQLITE_IOERR || code == SQLITE_FULL) && errnum != 0)
		*cause = xasprintf("%s: %s (%s)", what, sqlite3_errmsg(s->db),
		    strerror(errnum));
	else
		*cause = xasprintf("%s: %s", what, sqlite3_errmsg(s->db));
	return (-1);
}

int
store_step_id(struct store *s, sqlite3_stmt *st, int64_t *id,
    const char *what, char **cause)
{
	int	 rc;

	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = 1;
	} else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = store_fail(s, cause, what);
	sqlite3_reset(st);
	return (rc);
}

sqlite3_stmt *
store_stmt(struct store *s, enum stmt_id id, char **cause)
{
	return (store_stmt_sql(s, id, stmt_sql[id], cause));
}

sqlite3_stmt *
store_stmt_sql(struct store *s, enum stmt_id id, const char *sql,
    char **cause)
{
	sqlite3_stmt	*st = s->stmts[id];

	if (st != NULL) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return (st);
	}
	if (sqlite3_prepare_v3(s->db, sql, -1,
	    SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		store_fail(s, cause, "cannot prepare a statement");
		sqlite3_finalize(st);
		return (NULL);
	}
	s->stmts[id] = st;
	return (st);
}

int
store_bind_count(sqlite3_stmt *st, int i, int64_t v)
{
	if (v < 0)
		return (sqlite3_bind_null(st, i));
	return (sqlite3_bind_int64(st, i, v));
}

int
store_bind_time(sqlite3_stmt *st, int i, int64_t t)
{
	char	 iso[TIME_ISO_SIZE];

	/* Out of range: NULL, which a column that needs a time refuses. */
	if (time_format(t, iso) != 0)
		return (sqlite3_bind_null(st, i));
	return (sqlite3_bind_text(st, i, iso, TIME_ISO_SIZE - 1,
	    SQLITE_TRANSIENT));
}

int
store_bind_text(sqlite3_stmt *st, int i, const char *text)
{
	if (text == NULL)
		return (sqlite3_bind_null(st, i));
	return (sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC));
}

const char *
store_source_name(enum data_source source)
{
	switch (source) {
	case SOURCE_API:
		return ("api");
	case SOURCE_IMPORT:
		return ("import");
	default:
		return ("manual");
	}
}

int64_t
store_column_time(sqlite3_stmt *st, int i)
{
	const char	*t = (const char *)sqlite3_column_text(st, i);
	int64_t		 v;

	if (t == NULL || time_parse_stored(t, &v) != 0)
		return (0);
	return (v);
}

const struct platform *
store_column_platform(sqlite3_stmt *st, int i)
{
	const char	*name = (const char *)sqlite3_column_text(st, i);
	size_t		 k;

	for (k = 0; name != NULL && platform_table[k] != NULL; k++)
		if (strcmp(name, platform_table[k]->name) == 0)
			return (platform_table[k]);
	return (&platform_unknown);
}

int
store_latest_version(void)
{
	return (store_migration_count);
}

/* Run a statement that returns one integer (a pragma, a count). */
static int
query_int(struct store *s, const char *sql, int *out, char **cause)
{
	sqlite3_stmt	*st = NULL;
	int		 rc = -1;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		/* A pragma that writes (the journal mode) on read-only storage. */
		if ((sqlite3_errcode(s->db) & 0xff) == SQLITE_READONLY)
			*cause = xasprintf("cannot write to database '%s': %s "
			    "(the file or its folder is read-only; the commands "
			    "that only read work there)", s->path,
			    sqlite3_errmsg(s->db));
		else
			*cause = xasprintf("cannot read database '%s': %s",
			    s->path, sqlite3_errmsg(s->db));
		goto out;
	}
	*out = sqlite3_column_int(st, 0);
	rc = 0;
out:
	sqlite3_finalize(st);
	return (rc);
}

int
store_schema_version(struct store *s)
{
	char	*cause = NULL;
	int	 v = -1;

	if (query_int(s, "PRAGMA user_version", &v, &cause) != 0)
		free(cause);
	return (v);
}

/*
 * Migrations run with foreign keys off, switched outside any transaction
 * (inside one, SQLite ignores the pragma): with them on, the DROP TABLE of
 * SQLite's table rebuild, the only way to change a CHECK, would delete
 * every row that refers to the table. PRAGMA foreign_key_check stands in
 * for them: it must find nothing before a migration commits.
 */

/* Deny a migration's SQL what only the runner does; say what it tried. */
static int
guard_authorize(void *arg, int action, const char *what, const char *value,
    const char *db, const char *trigger)
{
	const char	**denied = arg;

	if (action == SQLITE_TRANSACTION) {
		*denied = "begin, commit or roll back a transaction";
		return (SQLITE_DENY);
	}
	if (action == SQLITE_PRAGMA && value != NULL &&
	    (strcasecmp(what, "user_version") == 0 ||
	    strcasecmp(what, "schema_version") == 0)) {
		*denied = "set the schema version";
		return (SQLITE_DENY);
	}
	return (SQLITE_OK);
}

/*
 * Find the first row that refers to a missing row: 0 if there is none,
 * else -1 with *why, 'lead' ("it leaves") and 'tail' around the row.
 */
static int
check_foreign_keys(struct store *s, const char *lead, const char *tail,
    char **why)
{
	sqlite3_stmt	*st = NULL;
	const char	*table, *parent;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st,
	    NULL) != SQLITE_OK)
		rc = SQLITE_ERROR;
	else
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		table = (const char *)sqlite3_column_text(st, 0);
		parent = (const char *)sqlite3_column_text(st, 2);
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			*why = xasprintf("%s a row of '%s' that refers to a "
			    "missing row of '%s'%s", lead, table, parent, tail);
		else
			*why = xasprintf("%s row %lld of '%s' that refers to "
			    "a missing row of '%s'%s", lead,
			    (long long)sqlite3_column_int64(st, 1), table,
			    parent, tail);
	} else if (rc != SQLITE_DONE)
		*why = xasprintf("cannot check its foreign keys: %s",
		    sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/*
 * Run a migration's SQL in the open transaction and check what it left.
 * A row without its parent from before (a hand edit with foreign keys
 * off) is named as such, not blamed on the migration.
 */
static int
run_migration_sql(struct store *s, const struct migration *m, char **why)
{
	const char	*denied = NULL;
	char		*err = NULL;
	int		 rc;

	if (check_foreign_keys(s, "the database already has", " (fix or "
	    "delete it first: PRAGMA foreign_key_check lists them)", why) != 0)
		return (-1);
	sqlite3_set_authorizer(s->db, guard_authorize, &denied);
	rc = sqlite3_exec(s->db, m->sql, NULL, NULL, &err);
	sqlite3_set_authorizer(s->db, NULL, NULL);
	if (denied != NULL)
		*why = xasprintf("its SQL may not %s (the runner does)",
		    denied);
	else if (rc != SQLITE_OK)
		*why = xstrdup(err != NULL ? err : sqlite3_errmsg(s->db));
	sqlite3_free(err);
	if (*why != NULL)
		return (-1);
	return (check_foreign_keys(s, "it leaves", "", why));
}

/* One stored tag and the form it takes now. */
struct retag {
	int64_t	 post_id;
	char	*tag;		/* as stored */
	char	*now;		/* normalised, or NULL: nothing is left */
};

/* Every stored tag whose normal form differs, in a new array. */
static int
retags_read(struct store *s, struct retag **out, size_t *n, char **why)
{
	sqlite3_stmt	*st = NULL;
	const char	*tag;
	struct retag	*v = NULL;
	size_t		 len = 0;
	char		*now;
	int		 rc;

	if (sqlite3_prepare_v2(s->db, "SELECT post_id, tag FROM post_tags",
	    -1, &st, NULL) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		tag = (const char *)sqlite3_column_text(st, 1);
		now = tag_normalise(tag, strlen(tag));
		if (now != NULL && strcmp(now, tag) == 0) {
			free(now);
			continue;
		}
		v = xreallocarray(v, len + 1, sizeof *v);
		v[len].post_id = sqlite3_column_int64(st, 0);
		v[len].tag = xstrdup(tag);
		v[len++].now = now;
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	*out = v;
	*n = len;
	return (0);
fail:
	*why = xstrdup(sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	*out = v;
	*n = len;
	return (-1);
}

/* Version 3's data step: each tag in tag_normalise's form, once a post. */
static int
retag_posts(struct store *s, char **why)
{
	sqlite3_stmt	*del = NULL, *ins = NULL;
	struct retag	*v;
	size_t		 n, i;
	int		 rc = -1;

	if (retags_read(s, &v, &n, why) != 0)
		goto out;
	if (sqlite3_prepare_v2(s->db, "DELETE FROM post_tags WHERE post_id = "
	    "?1 AND tag = ?2", -1, &del, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO post_tags "
	    "(post_id, tag) VALUES (?1, ?2)", -1, &ins, NULL) != SQLITE_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(del, 1, v[i].post_id);
		sqlite3_bind_text(del, 2, v[i].tag, -1, SQLITE_STATIC);
		if (sqlite3_step(del) != SQLITE_DONE)
			goto fail;
		sqlite3_reset(del);
		if (v[i].now == NULL)
			continue;
		sqlite3_bind_int64(ins, 1, v[i].post_id);
		sqlite3_bind_text(ins, 2, v[i].now, -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			goto fail;
		sqlite3_reset(ins);
	}
	rc = 0;
	goto out;
fail:
	*why = xstrdup(sqlite3_errmsg(s->db));
out:
	for (i = 0; i < n; i++) {
		free(v[i].tag);
		free(v[i].now);
	}
	free(v);
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	return (rc);
}

/*
 * What a migration does that SQL cannot, by its file's name (so that a
 * test's own migration list never runs one), in its transaction.
 */
static const struct {
	const char	*name;
	int		(*run)(struct store *, char **);
} data_steps[] = {
	{ "0003_tags_in_one_form.sql", retag_posts },
};

static int
run_data_step(struct store *s, const struct migration *m, char **why)
{
	size_t	 i;

	for (i = 0; i < sizeof data_steps / sizeof data_steps[0]; i++)
		if (strcmp(m->name, data_steps[i].name) == 0)
			return (data_steps[i].run(s, why));
	return (0);
}

/* Remove a backup file this tideline wrote, and its journal if left. */
static void
backup_remove(const char *path)
{
	char	*journal;

	journal = xasprintf("%s-journal", path);
	unlink(journal);
	unlink(path);
	free(journal);
}

/*
 * Reserve a new file for the backup, private to the user: PATH.bak-vN,
 * else PATH.bak-vN.2, .3 ... An existing file is never overwritten, so a
 * database restored from a backup and migrated again keeps both. *to is
 * the name (caller frees), also on failure; *created says if it exists.
 */
static int
backup_create(const char *db, int version, char **to, int *created,
    char **why)
{
	int	 fd, i, errnum;

	*created = 0;
	for (i = 1; i <= BACKUP_NAMES; i++) {
		free(*to);
		*to = i == 1 ? xasprintf("%s.bak-v%d", db, version) :
		    xasprintf("%s.bak-v%d.%d", db, version, i);
		fd = open(*to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0) {
			*created = 1;
			/* Exactly 0600, whatever the umask. */
			errnum = fchmod(fd, 0600) == 0 ? 0 : errno;
			if (close(fd) != 0 && errnum == 0)
				errnum = errno;
			if (errnum == 0)
				return (0);
			*why = xstrdup(strerror(errnum));
			return (-1);
		}
		if (errno != EEXIST) {
			*why = xstrdup(strerror(errno));
			return (-1);
		}
	}
	*why = xasprintf("'%s.bak-v%d' and %d more backups of it exist (move "
	    "some away)", db, version, BACKUP_NAMES - 1);
	return (-1);
}

/*
 * Copy the database into the file 'to'. SQLite's backup cannot read from
 * a connection in a write transaction, so a second one reads: it sees the
 * last commit, which is what is migrated while we hold the write lock.
 */
static int
backup_copy(struct store *s, const char *to, char **why)
{
	sqlite3_backup	*b;
	sqlite3		*src = NULL, *dst = NULL;
	int		 rc, errnum;

	if ((rc = sqlite3_open_v2(s->path, &src, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_EXRESCODE, NULL)) == SQLITE_OK)
		rc = sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE |
		    SQLITE_OPEN_EXRESCODE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(src, BUSY_TIMEOUT_MS);
		if ((b = sqlite3_backup_init(dst, "main", src, "main")) ==
		    NULL)
			rc = sqlite3_extended_errcode(dst);
		else {
			/* Finish says OK after a BUSY step: keep the step's. */
			if ((rc = sqlite3_backup_step(b, -1)) == SQLITE_DONE)
				rc = SQLITE_OK;
			if (sqlite3_backup_finish(b) != SQLITE_OK &&
			    rc == SQLITE_OK)
				rc = sqlite3_extended_errcode(dst);
		}
	}
	if (rc == SQLITE_OK && (rc = sqlite3_close(dst)) == SQLITE_OK) {
		sqlite3_close(src);
		return (0);
	}
	/* "disk I/O error" alone would not say that the disk is full. */
	if (dst != NULL && (errnum = sqlite3_system_errno(dst)) != 0)
		*why = xasprintf("%s: %s", sqlite3_errstr(rc),
		    strerror(errnum));
	else
		*why = xstrdup(sqlite3_errstr(rc));
	sqlite3_close(dst);
	sqlite3_close(src);
	return (-1);
}

/* Flush a file to disk, and the folder that holds its name. */
static int
sync_file(const char *path, char **why)
{
	char	*dir, *slash;
	int	 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fsync(fd) != 0) {
		*why = xasprintf("cannot flush it to disk: %s",
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return (-1);
	}
	close(fd);
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else
		slash[slash == dir] = '\0';
	/* Some file systems cannot flush a folder (EINVAL): nothing to do. */
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0 &&
	    (fsync(fd) == 0 || errno == EINVAL))
		rc = 0;
	else
		*why = xasprintf("cannot flush folder '%s' to disk: %s", dir,
		    strerror(errno));
	if (fd >= 0)
		close(fd);
	free(dir);
	return (rc);
}

/*
 * Back the database up beside it before its first migration, inside the
 * migration's write lock (so it holds what is migrated, no later write),
 * flushed to disk before anything changes. *to is the file (caller frees).
 */
static int
backup_make(struct store *s, int version, char **to, char **cause)
{
	char	*why = NULL;
	int	 created;

	if (backup_create(s->path, version, to, &created, &why) == 0 &&
	    backup_copy(s, *to, &why) == 0 && sync_file(*to, &why) == 0)
		return (0);
	*cause = xasprintf("cannot back up '%s' to '%s' before migrating it: "
	    "%s; the database was not changed", s->path, *to, why);
	if (created)
		backup_remove(*to);
	free(why);
	free(*to);
	*to = NULL;
	return (-1);
}

/* The backup of a database before its first migration. */
struct backup {
	int	 due;		/* 1: make it before the next migration */
	char	*path;		/* the file made, or NULL */
};

/*
 * Apply one migration in its own transaction, unless another did: 1 if
 * it was applied, 0 if not, -1 on error. A backup due is made first.
 */
static int
apply_migration(struct store *s, const struct migration *m,
    struct backup *b, char **cause)
{
	char	*why = NULL, *pragma = NULL;
	int	 version = -1, rc = -1;

	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		*cause = xasprintf("cannot start migration %s of '%s': %s",
		    m->name, s->path, sqlite3_errmsg(s->db));
		return (-1);
	}
	/* Another tideline may have migrated while we waited for the lock. */
	if (query_int(s, "PRAGMA user_version", &version, cause) != 0)
		goto rollback;
	if (version >= m->version) {
		rc = 0;
		goto rollback;
	}
	if (b->due && backup_make(s, version, &b->path, cause) != 0)
		goto rollback;
	b->due = 0;
	pragma = xasprintf("PRAGMA user_version = %d", m->version);
	if (run_migration_sql(s, m, &why) != 0 ||
	    run_data_step(s, m, &why) != 0)
		goto rollback;
	if (sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		why = xstrdup(sqlite3_errmsg(s->db));
		goto rollback;
	}
	rc = 1;
	goto out;
rollback:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	if (why != NULL)
		*cause = xasprintf("cannot apply migration %s to '%s': %s; "
		    "nothing of it was written (the database stays at "
		    "schema version %d)", m->name, s->path, why, version);
out:
	free(why);
	free(pragma);
	return (rc);
}

/* Switch foreign keys, outside any transaction, and see that it took. */
static int
set_foreign_keys(struct store *s, int on, char **cause)
{
	int	 now = -1;

	if (sqlite3_exec(s->db, on ? "PRAGMA foreign_keys = ON" :
	    "PRAGMA foreign_keys = OFF", NULL, NULL, NULL) != SQLITE_OK ||
	    query_int(s, "PRAGMA foreign_keys", &now, cause) != 0 ||
	    now != on) {
		if (*cause == NULL)
			*cause = xasprintf("cannot turn foreign keys %s in "
			    "'%s' %s migrating it: %s", on ? "back on" : "off",
			    s->path, on ? "after" : "before",
			    sqlite3_errmsg(s->db));
		return (-1);
	}
	return (0);
}

/*
 * Say where the backup is once a migration after it committed; remove it
 * if none did (the database is then exactly what the backup holds).
 */
static void
backup_settle(struct store *s, struct backup *b, int reached)
{
	if (b->path == NULL)
		return;
	if (reached > 0) {
		/* Not an error, but always said: a file appeared beside it. */
		free(s->notice);
		s->notice = xasprintf("backed up '%s' to '%s' before migrating "
		    "it to version %d", s->path, b->path, reached);
	} else
		backup_remove(b->path);
	free(b->path);
}

/*
 * Bring the database from 'version' to the newest of the n migrations;
 * an up-to-date database costs nothing here. One that has tables is
 * backed up first; a new one is not.
 */
static int
migrate(struct store *s, const struct migration *list, int n, int version,
    char **cause)
{
	struct backup	 b;
	char		*fk_cause = NULL;
	int		 i, reached = 0, rc = 0;

	if (n == 0 || list[n - 1].version <= version)
		return (0);
	b.due = version >= 1;
	b.path = NULL;
	if (set_foreign_keys(s, 0, cause) != 0)
		return (-1);
	for (i = 0; i < n && rc >= 0; i++) {
		if (list[i].version <= version)
			continue;
		if ((rc = apply_migration(s, &list[i], &b, cause)) > 0)
			reached = list[i].version;
	}
	backup_settle(s, &b, reached);
	if (set_foreign_keys(s, 1, &fk_cause) != 0 && rc >= 0) {
		*cause = fk_cause;
		fk_cause = NULL;
		rc = -1;
	}
	free(fk_cause);
	return (rc < 0 ? -1 : 0);
}

/*
 * Refuse databases this tideline must not touch: not SQLite at all,
 * SQLite but someone else's, or written by a newer tideline. Nothing is
 * written before this check passes.
 */
static int
check_database(struct store *s, int latest, int *version, char **cause)
{
	int	 tables;

	if (query_int(s, "PRAGMA user_version", version, cause) != 0)
		return (-1);
	if (*version > latest) {
		*cause = xasprintf("database '%s' has schema version %d, newer "
		    "than this tideline understands (%d): upgrade tideline; "
		    "the database was not changed", s->path, *version, latest);
		return (-1);
	}
	if (*version == 0) {
		if (query_int(s, "SELECT count(*) FROM sqlite_schema", &tables,
		    cause) != 0)
			return (-1);
		if (tables != 0) {
			*cause = xasprintf("'%s' is an SQLite database but not "
			    "a tideline one (it has tables and no tideline "
			    "schema version); it was not changed", s->path);
			return (-1);
		}
	}
	return (0);
}

/*
 * A database opened read-only must be at this tideline's schema version:
 * migrating it is a write ('tideline init' does it).
 */
static int
check_readonly_version(struct store *s, int latest, int version,
    char **cause)
{
	if (version == latest)
		return (0);
	if (version == 0)
		*cause = xasprintf("database '%s' is empty: run 'tideline "
		    "init' to make it a tideline database", s->path);
	else
		*cause = xasprintf("database '%s' has schema version %d and "
		    "this tideline reads version %d: run 'tideline init' to "
		    "migrate it (this command only reads)", s->path, version,
		    latest);
	return (-1);
}

static int
configure(struct store *s, int readonly, char **cause)
{
	static const char *const pragmas =
	    "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA cache_size = -32768;";
	static const char *const readonly_pragmas =
	    "PRAGMA query_only = ON;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA cache_size = -32768;";
	char	*err = NULL;

	if (sqlite3_exec(s->db, readonly ? readonly_pragmas : pragmas, NULL,
	    NULL, &err) != SQLITE_OK) {
		*cause = xasprintf("cannot configure database '%s': %s",
		    s->path, err ? err : sqlite3_errmsg(s->db));
		sqlite3_free(err);
		return (-1);
	}
	return (0);
}

/* Create every missing folder above the file, private to the user. */
static int
make_parents(const char *path, char **cause)
{
	char	*dir, *p;
	int	 rc = 0;

	dir = xstrdup(path);
	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			*cause = xasprintf("cannot create folder '%s': %s",
			    dir, strerror(errno));
			rc = -1;
			break;
		}
		*p = '/';
	}
	free(dir);
	return (rc);
}

int
store_open(const char *path, enum store_open_mode mode, struct store **out,
    char **cause)
{
	return (store_open_migrations(path, mode, store_migrations,
	    store_migration_count, out, cause));
}

/* Add the notice (a backup kept) to the reason opening failed. */
static void
fail_with_notice(struct store *s, char **cause)
{
	char	*both;

	both = xasprintf("%s; %s", *cause, s->notice);
	free(*cause);
	*cause = both;
}

/*
 * The database as an SQLite URI that opens it immutable: read as it is on
 * disk, without locks or a -shm file (which a read-only folder cannot
 * hold). '%', '?' and '#' of the path are escaped.
 */
static char *
immutable_uri(const char *path)
{
	struct buf	 b = BUF_INIT;
	const char	*p;

	/* "file://" and an absolute path: an empty authority. */
	buf_adds(&b, path[0] == '/' ? "file://" : "file:");
	for (p = path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			buf_printf(&b, "%%%02X", (unsigned char)*p);
		else
			buf_addc(&b, *p);
	}
	buf_adds(&b, "?mode=ro&immutable=1");
	return (buf_detach(&b, NULL));
}

/* Does the database have a write-ahead log with frames in it? */
static int
has_wal(const char *path)
{
	struct stat	 sb;
	char		*wal;
	int		 rc;

	wal = xasprintf("%s-wal", path);
	rc = stat(wal, &sb) == 0 && sb.st_size > 0;
	free(wal);
	return (rc);
}

/*
 * Can this process write the database and make files beside it (its
 * -wal and -shm)?
 */
static int
may_write(const char *path)
{
	char	*dir, *slash;
	int	 ok;

	if (access(path, W_OK) != 0)
		return (0);
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL)
		ok = access(".", W_OK | X_OK) == 0;
	else {
		slash[slash == dir ? 1 : 0] = '\0';
		ok = access(dir, W_OK | X_OK) == 0;
	}
	free(dir);
	return (ok);
}

/*
 * Open the connection. A reader opens read-write where it may, kept
 * from writing by query_only (configure): only the last connection
 * that can write removes the write-ahead log and its -shm file on
 * closing, so a read-only connection would leave both behind after
 * every 'tideline status'. Where it may not write, it opens read-only;
 * then a database in write-ahead-log mode needs its -shm file, which a
 * read-only folder cannot get: without a log to read, the file alone
 * is the database, opened immutable; with one, it cannot be read
 * safely here.
 */
static int
connect_db(struct store *s, enum store_open_mode mode, char **cause)
{
	int	 flags, version, rc;
	char	*uri;

	flags = SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX;
	flags |= mode == STORE_OPEN_READONLY && !may_write(s->path) ?
	    SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (mode == STORE_OPEN_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(s->path, &s->db, flags, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(s->db, 1);
	if (mode != STORE_OPEN_READONLY ||
	    query_int(s, "PRAGMA user_version", &version, cause) == 0)
		return (0);
	rc = sqlite3_extended_errcode(s->db);
	if ((rc & 0xff) != SQLITE_CANTOPEN && (rc & 0xff) != SQLITE_READONLY)
		return (-1);
	if (has_wal(s->path)) {
		free(*cause);
		*cause = xasprintf("cannot read database '%s' here: its "
		    "write-ahead log '%s-wal' needs a '-shm' file that this "
		    "read-only folder cannot hold (any tideline command where "
		    "it is writable folds the log in)", s->path, s->path);
		return (-1);
	}
	free(*cause);
	*cause = NULL;
	sqlite3_close(s->db);
	uri = immutable_uri(s->path);
	flags = (flags & ~SQLITE_OPEN_READWRITE) | SQLITE_OPEN_READONLY;
	rc = sqlite3_open_v2(uri, &s->db, flags | SQLITE_OPEN_URI, NULL);
	free(uri);
	if (rc != SQLITE_OK)
		goto fail;
	sqlite3_extended_result_codes(s->db, 1);
	return (0);
fail:
	*cause = xasprintf("cannot open database '%s': %s", s->path,
	    s->db ? sqlite3_errmsg(s->db) : "out of memory");
	return (-1);
}

int
store_open_migrations(const char *path, enum store_open_mode mode,
    const struct migration *list, int n, struct store **out, char **cause)
{
	struct store	*s;
	struct stat	 sb;
	int		 version, readonly = mode == STORE_OPEN_READONLY;

	*out = NULL;
	if (mode != STORE_OPEN_CREATE && stat(path, &sb) != 0) {
		*cause = xasprintf("no database at '%s' (create one with "
		    "'tideline init', or import or track something)", path);
		return (-1);
	}
	if (mode == STORE_OPEN_CREATE && make_parents(path, cause) != 0)
		return (-1);
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	if (connect_db(s, mode, cause) != 0 ||
	    check_database(s, n, &version, cause) != 0 ||
	    (readonly && check_readonly_version(s, n, version, cause) != 0) ||
	    configure(s, readonly, cause) != 0 ||
	    (!readonly && migrate(s, list, n, version, cause) != 0))
		goto fail;
	*out = s;
	return (0);
fail:
	if (s->notice != NULL) {
		/* A later migration failed: the backup stays, and is said. */
		fail_with_notice(s, cause);
	}
	store_free(s);
	return (-1);
}

const char *
store_notice(struct store *s)
{
	return (s->notice);
}

void
store_free(struct store *s)
{
	int	 i;

	if (s == NULL)
		return;
	for (i = 0; i < STMT_COUNT; i++)
		sqlite3_finalize(s->stmts[i]);
	if (s->in_tx)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(s->db);
	free(s->notice);
	free(s->path);
	free(s);
}

char *
store_default_path(const char *flag, char **cause)
{
	const char	*env;

	if (flag != NULL)
		return (xstrdup(flag));
	if ((env = getenv("TIDELINE_DB")) != NULL && *env != '\0')
		return (xstrdup(env));
	if ((env = getenv("XDG_DATA_HOME")) != NULL && *env == '/')
		return (xasprintf("%s/tideline/tideline.db", env));
	if ((env = getenv("HOME")) != NULL && *env != '\0')
		return (xasprintf("%s/.local/share/tideline/tideline.db", env));
	*cause = xstrdup("cannot find a place for the database: set HOME, "
	    "TIDELINE_DB or --db");
	return (NULL);
}

int
store_begin(struct store *s, char **cause)
{
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return (store_fail(s, cause, "cannot start a transaction"));
	s->in_tx = 1;
	return (0);
}

int
store_commit(struct store *s, char **cause)
{
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(s, cause, "cannot commit");
		store_rollback(s);
		return (-1);
	}
	s->in_tx = 0;
	return (0);
}

void
store_rollback(struct store *s)
{
	if (s->in_tx)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = 0;
}

void
store_set_wait(struct store *s, long ms)
{
	sqlite3_busy_timeout(s->db, ms < 0 ? 0 : ms > INT_MAX ? INT_MAX :
	    (int)ms);
}

int64_t
store_total_changes(struct store *s)
{
	return ((int64_t)sqlite3_total_changes64(s->db));
}
