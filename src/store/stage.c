/* An import's stage: its checked rows in TEMP tables (see stage.h). */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/stage.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/* The stage's statements, prepared on first use. */
enum stage_stmt {
	SS_ACCOUNT_FIND,
	SS_ACCOUNT_ADD,
	SS_MATCH,
	SS_MISSING,
	SS_SET_ACCOUNT,
	SS_PUT,
	SS_PUT_BATCH,		/* STAGE_BATCH follower rows at once */
	SS_SAME,		/* the staged row a new one's key names */
	SS_ACCOUNT_NAME,
	SS_READ,
	SS_COUNT
};

/* Follower rows go to the stage many at a time: 64 x 7 parameters. */
#define STAGE_BATCH	64
#define FOLLOWER_PARAMS	7

struct staged_follower {
	struct follower_snapshot f;
	long			 line;
};

struct store_stage {
	struct store	*store;
	enum stage_kind	 kind;
	int		 in_tx;		/* staging's transaction is open */
	int64_t		 last_missing;	/* store_stage_next_missing's place */
	int64_t		 repeated;	/* rows that repeat a staged one */
	sqlite3_stmt	*st[SS_COUNT];
	char		*batch_sql;	/* SS_PUT_BATCH's, made on first use */
	struct staged_follower batch[STAGE_BATCH]; /* waiting to be staged */
	size_t		 nbatch;
};

static const char accounts_table[] =
    "CREATE TEMP TABLE stage_accounts ("
    "    id          INTEGER PRIMARY KEY,"
    "    platform    TEXT NOT NULL,"
    "    handle      TEXT NOT NULL,"
    "    line        INTEGER NOT NULL,"	/* where first named */
    "    account_id  INTEGER,"		/* accounts.id, once known */
    "    UNIQUE (platform, handle))";

/*
 * Times are seconds, counts NULL when not known: no text to parse. The
 * keys are the database's, so a file gives each row once: posts and
 * metrics keep the file's order for writing, follower rows need none.
 */
static const char *const row_table[] = {
	[STAGE_FOLLOWERS] =
	    "CREATE TEMP TABLE stage_rows ("
	    "    acct INTEGER NOT NULL, taken_at INTEGER NOT NULL,"
	    "    followers INTEGER, following INTEGER, posts INTEGER,"
	    "    rounded INTEGER NOT NULL, line INTEGER NOT NULL,"
	    "    PRIMARY KEY (acct, taken_at)) WITHOUT ROWID",
	[STAGE_POSTS] =
	    "CREATE TEMP TABLE stage_rows ("
	    "    acct INTEGER NOT NULL, remote_id TEXT NOT NULL,"
	    "    published_at INTEGER NOT NULL, url TEXT, title TEXT,"
	    "    kind TEXT, tags TEXT NOT NULL, line INTEGER NOT NULL,"
	    "    deleted_at INTEGER, UNIQUE (acct, remote_id))",
	[STAGE_METRICS] =
	    "CREATE TEMP TABLE stage_rows ("
	    "    acct INTEGER NOT NULL, remote_id TEXT NOT NULL,"
	    "    taken_at INTEGER NOT NULL, likes INTEGER, reposts INTEGER,"
	    "    replies INTEGER, quotes INTEGER, views INTEGER,"
	    "    bookmarks INTEGER, line INTEGER NOT NULL,"
	    "    UNIQUE (acct, remote_id, taken_at))",
};

static const char *const put_sql[] = {
	[STAGE_FOLLOWERS] =
	    "INSERT INTO temp.stage_rows VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	    "ON CONFLICT DO NOTHING",
	[STAGE_POSTS] =
	    "INSERT INTO temp.stage_rows VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "    ?8, ?9) ON CONFLICT DO NOTHING",
	[STAGE_METRICS] =
	    "INSERT INTO temp.stage_rows VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "    ?8, ?9, ?10) ON CONFLICT DO NOTHING",
};

/*
 * The line of the staged row with a row's key, and whether its values
 * are the row's: bound as put_sql is (the line left unused).
 */
static const char *const same_sql[] = {
	[STAGE_FOLLOWERS] =
	    "SELECT line, followers IS ?3 AND following IS ?4 AND "
	    "    posts IS ?5 AND rounded = ?6 "
	    "FROM temp.stage_rows WHERE acct = ?1 AND taken_at = ?2",
	[STAGE_POSTS] =
	    "SELECT line, published_at = ?3 AND url IS ?4 AND title IS ?5 "
	    "    AND kind IS ?6 AND tags = ?7 AND deleted_at IS ?9 "
	    "FROM temp.stage_rows WHERE acct = ?1 AND remote_id = ?2",
	[STAGE_METRICS] =
	    "SELECT line, likes IS ?4 AND reposts IS ?5 AND replies IS ?6 "
	    "    AND quotes IS ?7 AND views IS ?8 AND bookmarks IS ?9 "
	    "FROM temp.stage_rows "
	    "WHERE acct = ?1 AND remote_id = ?2 AND taken_at = ?3",
};

/* The rows back, with the database's ids (posts, metrics: in file order). */
static const char *const read_sql[] = {
	[STAGE_FOLLOWERS] =
	    "SELECT coalesce(a.account_id, 0), r.taken_at, r.followers, "
	    "    r.following, r.posts, r.rounded, r.line "
	    "FROM temp.stage_rows AS r "
	    "JOIN temp.stage_accounts AS a ON a.id = r.acct "
	    "ORDER BY r.acct, r.taken_at",
	[STAGE_POSTS] =
	    "SELECT coalesce(a.account_id, 0), r.remote_id, r.published_at, "
	    "    r.url, r.title, r.kind, r.tags, r.line, r.deleted_at "
	    "FROM temp.stage_rows AS r "
	    "JOIN temp.stage_accounts AS a ON a.id = r.acct "
	    "ORDER BY r.rowid",
	[STAGE_METRICS] =
	    "SELECT r.line, a.platform, a.handle, coalesce(a.account_id, 0), "
	    "    r.remote_id, coalesce(p.id, 0), r.taken_at, r.likes, "
	    "    r.reposts, r.replies, r.quotes, r.views, r.bookmarks "
	    "FROM temp.stage_rows AS r "
	    "JOIN temp.stage_accounts AS a ON a.id = r.acct "
	    "LEFT JOIN main.posts AS p ON p.account_id = a.account_id "
	    "    AND p.remote_id = r.remote_id "
	    "ORDER BY r.rowid",
};

/* "INSERT ... VALUES (?,...),(?,...)...", STAGE_BATCH rows. */
static const char *
batch_text(struct store_stage *g)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	if (g->batch_sql != NULL)
		return (g->batch_sql);
	buf_adds(&b, "INSERT INTO temp.stage_rows VALUES ");
	for (i = 0; i < STAGE_BATCH; i++)
		buf_adds(&b, i == 0 ? "(?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?)");
	buf_adds(&b, " ON CONFLICT DO NOTHING");
	g->batch_sql = buf_detach(&b, NULL);
	return (g->batch_sql);
}

static const char *
stmt_text(struct store_stage *g, enum stage_stmt id)
{
	switch (id) {
	case SS_ACCOUNT_FIND:
		return ("SELECT id FROM temp.stage_accounts "
		    "WHERE platform = ?1 AND handle = ?2");
	case SS_ACCOUNT_ADD:
		return ("INSERT INTO temp.stage_accounts (platform, handle, "
		    "line) VALUES (?1, ?2, ?3) RETURNING id");
	case SS_MATCH:
		return ("UPDATE temp.stage_accounts SET account_id = "
		    "(SELECT a.id FROM main.accounts AS a "
		    " WHERE a.platform = stage_accounts.platform "
		    "   AND a.handle = stage_accounts.handle)");
	case SS_MISSING:
		return ("SELECT id, platform, handle, line "
		    "FROM temp.stage_accounts "
		    "WHERE id > ?1 AND account_id IS NULL ORDER BY id LIMIT 1");
	case SS_SET_ACCOUNT:
		return ("UPDATE temp.stage_accounts SET account_id = ?2 "
		    "WHERE id = ?1");
	case SS_PUT:
		return (put_sql[g->kind]);
	case SS_PUT_BATCH:
		return (batch_text(g));
	case SS_SAME:
		return (same_sql[g->kind]);
	case SS_ACCOUNT_NAME:
		return ("SELECT platform || ':' || handle "
		    "FROM temp.stage_accounts WHERE id = ?1");
	default:
		return (read_sql[g->kind]);
	}
}

/* The statement, reset and unbound (a reader's is left as it is). */
static sqlite3_stmt *
stage_stmt(struct store_stage *g, enum stage_stmt id, char **cause)
{
	sqlite3_stmt	*st = g->st[id];

	if (st != NULL) {
		if (id != SS_READ) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
		}
		return (st);
	}
	if (sqlite3_prepare_v3(g->store->db, stmt_text(g, id), -1,
	    SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		store_fail(g->store, cause, "cannot prepare the import's stage");
		sqlite3_finalize(st);
		return (NULL);
	}
	g->st[id] = st;
	return (st);
}

/* Run SQL that returns no rows; -1 with *cause. */
static int
stage_exec(struct store_stage *g, const char *sql, char **cause)
{
	if (sqlite3_exec(g->store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return (store_fail(g->store, cause, "cannot stage the import"));
	return (0);
}

/* Run a bound statement that returns no rows. */
static int
stage_step_done(struct store_stage *g, sqlite3_stmt *st, char **cause)
{
	int	 rc = 0;

	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(g->store, cause, "cannot stage the import");
	sqlite3_reset(st);
	return (rc);
}

int
store_stage_open(struct store *s, enum stage_kind kind,
    struct store_stage **out, char **cause)
{
	struct store_stage	*g;

	g = xcalloc(1, sizeof *g);
	g->store = s;
	g->kind = kind;
	*out = NULL;
	if (stage_exec(g, "DROP TABLE IF EXISTS temp.stage_accounts;"
	    "DROP TABLE IF EXISTS temp.stage_rows", cause) != 0 ||
	    stage_exec(g, accounts_table, cause) != 0 ||
	    stage_exec(g, row_table[kind], cause) != 0 ||
	    stage_exec(g, "BEGIN", cause) != 0) {
		store_stage_free(g);
		return (-1);
	}
	g->in_tx = 1;
	*out = g;
	return (0);
}

void
store_stage_free(struct store_stage *g)
{
	int	 i;

	if (g == NULL)
		return;
	for (i = 0; i < SS_COUNT; i++)
		sqlite3_finalize(g->st[i]);
	/*
	 * The tables stay until the next stage or the connection's end:
	 * dropping them costs as much as filling them did.
	 */
	if (g->in_tx)
		sqlite3_exec(g->store->db, "ROLLBACK", NULL, NULL, NULL);
	free(g->batch_sql);
	free(g);
}

int
store_stage_account(struct store_stage *g, const struct platform *p,
    const char *handle, long line, int64_t *id, char **cause)
{
	sqlite3_stmt	*st;
	int		 found;

	if ((st = stage_stmt(g, SS_ACCOUNT_FIND, cause)) == NULL)
		return (-1);
	store_bind_text(st, 1, p->name);
	store_bind_text(st, 2, handle);
	if ((found = store_step_id(g->store, st, id, "cannot stage the "
	    "import", cause)) != 0)
		return (found < 0 ? -1 : 0);
	if ((st = stage_stmt(g, SS_ACCOUNT_ADD, cause)) == NULL)
		return (-1);
	store_bind_text(st, 1, p->name);
	store_bind_text(st, 2, handle);
	sqlite3_bind_int64(st, 3, line);
	return (store_step_id(g->store, st, id, "cannot stage the import",
	    cause) == 1 ? 0 : -1);
}

/*
 * A row whose key the file gave before, at line 'first', with other
 * values: the file's error, said in *cause.
 */
static int
clash(struct store_stage *g, int64_t acct, const char *remote_id,
    int64_t t, long first, char **cause)
{
	sqlite3_stmt	*st;
	char		 when[TIME_ISO_SIZE];
	const char	*name;

	if ((st = stage_stmt(g, SS_ACCOUNT_NAME, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, acct);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return (store_fail(g->store, cause, "cannot read the import's "
		    "stage"));
	}
	name = (const char *)sqlite3_column_text(st, 0);
	time_format(t, when);
	if (remote_id == NULL)
		*cause = xasprintf("%s at %s", name, when);
	else if (g->kind == STAGE_METRICS)
		*cause = xasprintf("metrics of post '%.40s' of %s at %s",
		    remote_id, name, when);
	else
		*cause = xasprintf("post '%.40s' of %s", remote_id, name);
	sqlite3_reset(st);
	name = *cause;
	*cause = xasprintf("%s already given at line %ld with other values",
	    name, first);
	free((char *)name);
	return (-1);
}

/*
 * After a row given at 'line' was staged or not, with SS_SAME bound to
 * it: 0 when it is the staged row or repeats it (counted), else clash.
 */
static int
check_same(struct store_stage *g, sqlite3_stmt *st, long line, int64_t acct,
    const char *remote_id, int64_t t, char **cause)
{
	long	 first;
	int	 same;

	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return (store_fail(g->store, cause, "cannot read the import's "
		    "stage"));
	}
	first = (long)sqlite3_column_int64(st, 0);
	same = sqlite3_column_int(st, 1);
	sqlite3_reset(st);
	if (first == line)
		return (0);
	if (!same)
		return (clash(g, acct, remote_id, t, first, cause));
	g->repeated++;
	return (0);
}

static void
bind_follower(sqlite3_stmt *st, int base, const struct staged_follower *b)
{
	sqlite3_bind_int64(st, base + 1, b->f.account_id);
	sqlite3_bind_int64(st, base + 2, b->f.taken_at);
	store_bind_count(st, base + 3, b->f.followers);
	store_bind_count(st, base + 4, b->f.following);
	store_bind_count(st, base + 5, b->f.posts);
	sqlite3_bind_int(st, base + 6, b->f.rounded != 0);
	sqlite3_bind_int64(st, base + 7, b->line);
}

/* Check a waiting row that may not have gone in. */
static int
check_one(struct store_stage *g, const struct staged_follower *b, long *at,
    char **cause)
{
	sqlite3_stmt	*st;

	*at = b->line;
	if ((st = stage_stmt(g, SS_SAME, cause)) == NULL)
		return (-1);
	bind_follower(st, 0, b);
	return (check_same(g, st, b->line, b->f.account_id, NULL,
	    b->f.taken_at, cause));
}

/*
 * Stage the waiting follower rows, all in one statement when it is
 * full; a failure is about the row at *at.
 */
static int
flush_followers(struct store_stage *g, long *at, char **cause)
{
	sqlite3_stmt	*st;
	size_t		 i, n = g->nbatch;

	g->nbatch = 0;
	if (n == 0)
		return (0);
	*at = g->batch[n - 1].line;
	if (n == STAGE_BATCH) {
		if ((st = stage_stmt(g, SS_PUT_BATCH, cause)) == NULL)
			return (-1);
		for (i = 0; i < n; i++)
			bind_follower(st, (int)i * FOLLOWER_PARAMS,
			    &g->batch[i]);
		if (stage_step_done(g, st, cause) != 0)
			return (-1);
		if ((size_t)sqlite3_changes(g->store->db) == n)
			return (0);
		for (i = 0; i < n; i++)
			if (check_one(g, &g->batch[i], at, cause) != 0)
				return (-1);
		return (0);
	}
	for (i = 0; i < n; i++) {
		if ((st = stage_stmt(g, SS_PUT, cause)) == NULL)
			return (-1);
		bind_follower(st, 0, &g->batch[i]);
		if (stage_step_done(g, st, cause) != 0)
			return (-1);
		if (sqlite3_changes(g->store->db) == 0 &&
		    check_one(g, &g->batch[i], at, cause) != 0)
			return (-1);
	}
	return (0);
}

int
store_stage_follower(struct store_stage *g,
    const struct follower_snapshot *f, long line, long *at, char **cause)
{
	g->batch[g->nbatch].f = *f;
	g->batch[g->nbatch].line = line;
	if (++g->nbatch < STAGE_BATCH)
		return (0);
	return (flush_followers(g, at, cause));
}

static void
bind_post(sqlite3_stmt *st, const struct post *p, const char *tags,
    long line)
{
	sqlite3_bind_int64(st, 1, p->account_id);
	store_bind_text(st, 2, p->remote_id);
	sqlite3_bind_int64(st, 3, p->published_at);
	store_bind_text(st, 4, p->url);
	store_bind_text(st, 5, p->title);
	store_bind_text(st, 6, p->kind);
	store_bind_text(st, 7, tags);
	sqlite3_bind_int64(st, 8, line);
	if (p->deleted_at != 0)
		sqlite3_bind_int64(st, 9, p->deleted_at);
	else
		sqlite3_bind_null(st, 9);
}

static int
compare_strings(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The tags as one text, sorted (a set), a line each: none holds one. */
static char *
join_tags(const struct post *p)
{
	struct buf	 b = BUF_INIT;
	char		**v;
	size_t		 i;

	v = xreallocarray(NULL, p->ntags + 1, sizeof *v);
	/* A post without tags has no array: memcpy may not be given NULL. */
	if (p->ntags > 0)
		memcpy(v, p->tags, p->ntags * sizeof *v);
	qsort(v, p->ntags, sizeof *v, compare_strings);
	for (i = 0; i < p->ntags; i++)
		buf_printf(&b, "%s%s", i > 0 ? "\n" : "", v[i]);
	free(v);
	return (buf_detach(&b, NULL));
}

int
store_stage_post(struct store_stage *g, const struct post *p, long line,
    char **cause)
{
	sqlite3_stmt	*st;
	char		*tags;
	int		 rc = -1;

	tags = join_tags(p);
	if ((st = stage_stmt(g, SS_PUT, cause)) == NULL)
		goto out;
	bind_post(st, p, tags, line);
	if (stage_step_done(g, st, cause) != 0)
		goto out;
	if (sqlite3_changes(g->store->db) == 0) {
		if ((st = stage_stmt(g, SS_SAME, cause)) == NULL)
			goto out;
		bind_post(st, p, tags, line);
		if (check_same(g, st, line, p->account_id, p->remote_id, 0,
		    cause) != 0)
			goto out;
	}
	rc = 0;
out:
	free(tags);
	return (rc);
}

static void
bind_metrics(sqlite3_stmt *st, int64_t acct, const char *remote_id,
    const struct metric_point *m, long line)
{
	sqlite3_bind_int64(st, 1, acct);
	store_bind_text(st, 2, remote_id);
	sqlite3_bind_int64(st, 3, m->t);
	store_bind_count(st, 4, m->likes);
	store_bind_count(st, 5, m->reposts);
	store_bind_count(st, 6, m->replies);
	store_bind_count(st, 7, m->quotes);
	store_bind_count(st, 8, m->views);
	store_bind_count(st, 9, m->bookmarks);
	sqlite3_bind_int64(st, 10, line);
}

int
store_stage_metrics(struct store_stage *g, int64_t acct,
    const char *remote_id, const struct metric_point *m, long line,
    char **cause)
{
	sqlite3_stmt	*st;

	if ((st = stage_stmt(g, SS_PUT, cause)) == NULL)
		return (-1);
	bind_metrics(st, acct, remote_id, m, line);
	if (stage_step_done(g, st, cause) != 0)
		return (-1);
	if (sqlite3_changes(g->store->db) > 0)
		return (0);
	if ((st = stage_stmt(g, SS_SAME, cause)) == NULL)
		return (-1);
	bind_metrics(st, acct, remote_id, m, line);
	return (check_same(g, st, line, acct, remote_id, m->t, cause));
}

int
store_stage_done(struct store_stage *g, long *at, char **cause)
{
	if (flush_followers(g, at, cause) != 0 ||
	    stage_exec(g, "COMMIT", cause) != 0)
		return (-1);
	g->in_tx = 0;
	return (0);
}

int64_t
store_stage_repeated(const struct store_stage *g)
{
	return (g->repeated);
}

int
store_stage_match_accounts(struct store_stage *g, char **cause)
{
	sqlite3_stmt	*st;

	if ((st = stage_stmt(g, SS_MATCH, cause)) == NULL)
		return (-1);
	return (stage_step_done(g, st, cause));
}

int
store_stage_next_missing(struct store_stage *g, struct stage_account *a,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = stage_stmt(g, SS_MISSING, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, g->last_missing);
	if ((rc = sqlite3_step(st)) == SQLITE_DONE)
		return (0);
	if (rc != SQLITE_ROW)
		return (store_fail(g->store, cause, "cannot read the import's "
		    "stage"));
	a->id = g->last_missing = sqlite3_column_int64(st, 0);
	a->platform = store_column_platform(st, 1);
	a->handle = (const char *)sqlite3_column_text(st, 2);
	a->line = (long)sqlite3_column_int64(st, 3);
	return (1);
}

int
store_stage_set_account(struct store_stage *g, int64_t id,
    int64_t account_id, char **cause)
{
	sqlite3_stmt	*st;

	if ((st = stage_stmt(g, SS_SET_ACCOUNT, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, account_id);
	return (stage_step_done(g, st, cause));
}

/* Step the reader: 1 on a row, 0 at the end (reset), -1 with *cause. */
static sqlite3_stmt *
next_row(struct store_stage *g, int *rc, char **cause)
{
	sqlite3_stmt	*st;

	if ((st = stage_stmt(g, SS_READ, cause)) == NULL) {
		*rc = -1;
		return (NULL);
	}
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		*rc = 1;
		return (st);
	case SQLITE_DONE:
		*rc = 0;
		break;
	default:
		*rc = store_fail(g->store, cause, "cannot read the import's "
		    "stage");
		break;
	}
	sqlite3_reset(st);
	return (NULL);
}

static int64_t
column_count(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return (COUNT_UNKNOWN);
	return (sqlite3_column_int64(st, i));
}

static char *
column_strdup(sqlite3_stmt *st, int i)
{
	const unsigned char	*t = sqlite3_column_text(st, i);

	return (t == NULL ? NULL : xstrdup((const char *)t));
}

int
store_stage_next_follower(struct store_stage *g,
    struct follower_snapshot *f, long *line, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = next_row(g, &rc, cause)) == NULL)
		return (rc);
	memset(f, 0, sizeof *f);
	f->account_id = sqlite3_column_int64(st, 0);
	f->taken_at = sqlite3_column_int64(st, 1);
	f->followers = column_count(st, 2);
	f->following = column_count(st, 3);
	f->posts = column_count(st, 4);
	f->rounded = sqlite3_column_int(st, 5);
	f->source = SOURCE_IMPORT;
	*line = (long)sqlite3_column_int64(st, 6);
	return (1);
}

/* Split the staged tags (a line each) into the post's. */
static void
read_tags(struct post *p, const char *tags)
{
	const char	*end;

	while (*tags != '\0') {
		if ((end = strchr(tags, '\n')) == NULL)
			end = tags + strlen(tags);
		p->tags = xreallocarray(p->tags, p->ntags + 1,
		    sizeof *p->tags);
		p->tags[p->ntags++] = xstrndup(tags, (size_t)(end - tags));
		tags = *end == '\n' ? end + 1 : end;
	}
}

int
store_stage_next_post(struct store_stage *g, struct post *p, long *line,
    char **cause)
{
	sqlite3_stmt	*st;
	const char	*kind;
	int		 rc;

	if ((st = next_row(g, &rc, cause)) == NULL)
		return (rc);
	memset(p, 0, sizeof *p);
	p->account_id = sqlite3_column_int64(st, 0);
	p->remote_id = column_strdup(st, 1);
	p->published_at = sqlite3_column_int64(st, 2);
	p->url = column_strdup(st, 3);
	p->title = column_strdup(st, 4);
	kind = (const char *)sqlite3_column_text(st, 5);
	p->kind = kind == NULL ? NULL : post_kind_find(kind, strlen(kind));
	read_tags(p, (const char *)sqlite3_column_text(st, 6));
	*line = (long)sqlite3_column_int64(st, 7);
	p->deleted_at = sqlite3_column_int64(st, 8);
	return (1);
}

int
store_stage_next_metrics(struct store_stage *g, struct stage_metrics *r,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = next_row(g, &rc, cause)) == NULL)
		return (rc);
	memset(r, 0, sizeof *r);
	r->line = (long)sqlite3_column_int64(st, 0);
	r->platform = store_column_platform(st, 1);
	r->handle = (const char *)sqlite3_column_text(st, 2);
	r->account_id = sqlite3_column_int64(st, 3);
	r->remote_id = (const char *)sqlite3_column_text(st, 4);
	r->post_id = sqlite3_column_int64(st, 5);
	r->m.t = sqlite3_column_int64(st, 6);
	r->m.likes = column_count(st, 7);
	r->m.reposts = column_count(st, 8);
	r->m.replies = column_count(st, 9);
	r->m.quotes = column_count(st, 10);
	r->m.views = column_count(st, 11);
	r->m.bookmarks = column_count(st, 12);
	return (1);
}
