/*
 * The store: migrations from an empty database to the newest version,
 * refusal of databases it must not touch, and the round trip of rows.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "rawdb.h"
#include "store/store.h"

static int
remove_entry(const char *path, const struct stat *sb, int type,
    struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return (remove(path));
}

static char dir[] = "/tmp/tideline-test-store-XXXXXX";

static char *
path_in_dir(const char *name)
{
	static char	 path[256];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return (path);
}

static void
test_fresh(void)
{
	struct store	*s = NULL;
	char		*cause = NULL, *path;
	struct stat	 sb;

	path = path_in_dir("nested/deeper/t.db");
	CHECK(store_open(path, STORE_OPEN_EXISTING, &s, &cause) != 0);
	CHECK(cause != NULL && strstr(cause, "no database") != NULL);
	free(cause);
	cause = NULL;
	CHECK(store_open(path, STORE_OPEN_CREATE, &s, &cause) == 0);
	CHECK(s != NULL);
	CHECK_INT(store_schema_version(s), store_latest_version());
	CHECK(store_latest_version() >= 1);
	store_free(s);
	path = path_in_dir("nested");
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0700);
	path = path_in_dir("nested/deeper/t.db");
	CHECK_INT(raw_int(path, "SELECT journal_mode = 'wal' FROM "
	    "pragma_journal_mode()"), 1);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM sqlite_schema WHERE "
	    "name IN ('accounts', 'follower_snapshots', 'posts', "
	    "'post_tags', 'post_links', 'post_metrics', 'fetch_runs', "
	    "'fetch_errors', 'daily_followers', 'latest_followers', "
	    "'account_names', 'post_overview')"), 12);
	/* Opening again is not a second migration. */
	CHECK(store_open(path, STORE_OPEN_EXISTING, &s, &cause) == 0);
	store_free(s);
}

/*
 * Read-only: it reads, writes nothing (not even a journal mode), and
 * refuses a database that would need a migration, or an empty one.
 */
static void
test_readonly(void)
{
	struct store	*s = NULL;
	char		*cause = NULL, *path, sql[64];
	int64_t		 id;

	path = path_in_dir("ro.db");
	CHECK(store_open(path, STORE_OPEN_READONLY, &s, &cause) != 0);
	CHECK(cause != NULL && strstr(cause, "no database") != NULL);
	free(cause);
	cause = NULL;
	CHECK(store_open(path, STORE_OPEN_CREATE, &s, &cause) == 0);
	store_free(s);
	CHECK(store_open(path, STORE_OPEN_READONLY, &s, &cause) == 0);
	CHECK_INT(store_schema_version(s), store_latest_version());
	CHECK(store_account_create(s, platform_find("x", 1), "someone", 1, 0,
	    &id, &cause) != 0);
	free(cause);
	cause = NULL;
	store_free(s);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM accounts"), 0);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
	    store_latest_version() - 1);
	raw_exec(path, sql);
	CHECK(store_open(path, STORE_OPEN_READONLY, &s, &cause) != 0);
	CHECK(cause != NULL && strstr(cause, "run 'tideline init' to "
	    "migrate it") != NULL);
	free(cause);
	cause = NULL;
	CHECK_INT(raw_int(path, "PRAGMA user_version"),
	    store_latest_version() - 1);
	path = path_in_dir("empty.db");
	raw_exec(path, "VACUUM");
	CHECK(store_open(path, STORE_OPEN_READONLY, &s, &cause) != 0);
	CHECK(cause != NULL && strstr(cause, "is empty: run 'tideline "
	    "init'") != NULL);
	free(cause);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM sqlite_schema"), 0);
}

static void
test_newer_refused(void)
{
	struct store	*s = NULL;
	char		*cause = NULL, *path, sql[64];
	struct stat	 before, after;

	path = path_in_dir("newer.db");
	snprintf(sql, sizeof sql, "CREATE TABLE t (x); PRAGMA user_version = %d",
	    store_latest_version() + 1);
	CHECK(raw_exec(path, sql) == 0);
	CHECK(stat(path, &before) == 0);
	CHECK(store_open(path, STORE_OPEN_CREATE, &s, &cause) != 0);
	CHECK(cause != NULL && strstr(cause, "newer") != NULL);
	free(cause);
	CHECK(stat(path, &after) == 0);
	CHECK(before.st_size == after.st_size &&
	    before.st_mtime == after.st_mtime);
	CHECK_INT(raw_int(path, "PRAGMA user_version"),
	    store_latest_version() + 1);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM sqlite_schema"), 1);
}

static void
test_foreign_refused(void)
{
	struct store	*s = NULL;
	char		*cause = NULL, *path;
	FILE		*fp;

	path = path_in_dir("other.db");
	CHECK(raw_exec(path, "CREATE TABLE mine (x)") == 0);
	CHECK(store_open(path, STORE_OPEN_CREATE, &s, &cause) != 0);
	CHECK(cause != NULL && strstr(cause, "not a tideline") != NULL);
	free(cause);
	cause = NULL;
	CHECK_INT(raw_int(path, "SELECT count(*) FROM sqlite_schema"), 1);

	path = path_in_dir("text.db");
	fp = fopen(path, "w");
	fputs("this is not a database, just some text long enough to "
	    "fill a header of one hundred bytes or so, really it is.\n", fp);
	fclose(fp);
	CHECK(store_open(path, STORE_OPEN_CREATE, &s, &cause) != 0);
	CHECK(cause != NULL && strstr(cause, "not a database") != NULL);
	free(cause);
}

static void
test_rows(void)
{
	const struct platform		*x;
	struct store			*s = NULL;
	struct follower_snapshot	 f[3];
	struct post			 p;
	struct metric_point		 m;
	struct account_summary		*list;
	char				*cause = NULL, *path, *tags[2];
	int64_t				 id, post_id, again;
	size_t				 n;
	int				 created;

	x = platform_find("x", 1);
	path = path_in_dir("rows.db");
	CHECK(store_open(path, STORE_OPEN_CREATE, &s, &cause) == 0);
	CHECK(store_begin(s, &cause) == 0);
	CHECK(store_account_track(s, x, "someone", "work", NULL, 1700000000,
	    &created, &cause) == 0 && created);
	CHECK(store_account_find(s, x, "someone", &id, &cause) == 1);
	CHECK(store_account_find(s, x, "nobody", &again, &cause) == 0);
	memset(f, 0, sizeof f);
	f[0].account_id = f[1].account_id = f[2].account_id = id;
	f[0].taken_at = 1700000000;
	f[0].followers = 10;
	f[0].following = f[0].posts = COUNT_UNKNOWN;
	f[1] = f[0];
	f[1].taken_at += 86400;
	f[1].followers = COUNT_UNKNOWN;
	f[2] = f[0];
	f[2].taken_at += 2 * 86400;
	f[2].followers = 30;
	CHECK(store_followers_put(s, f, 3, &cause) == 0);
	memset(&p, 0, sizeof p);
	p.account_id = id;
	p.remote_id = (char *)"123";
	p.published_at = 1700000100;
	p.title = (char *)"hello";
	CHECK(store_post_put(s, &p, &post_id, NULL, &cause) == 0);
	CHECK(store_post_put(s, &p, &again, NULL, &cause) == 0);
	CHECK_INT(again, post_id);
	tags[0] = "kernel";
	tags[1] = "linux";
	CHECK(store_post_set_tags(s, post_id, tags, 2, &cause) == 0);
	memset(&m, 0, sizeof m);
	m.t = 1700086400;
	m.likes = 5;
	m.reposts = m.replies = m.quotes = m.views = m.bookmarks =
	    COUNT_UNKNOWN;
	CHECK(store_metrics_put(s, post_id, &m, SOURCE_IMPORT, 0, &cause) ==
	    0);
	CHECK(store_commit(s, &cause) == 0);
	CHECK(store_accounts_list(s, &list, &n, &cause) == 0);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_INT(list[0].followers, 30);
		CHECK_INT(list[0].snapshots, 3);
		CHECK_INT(list[0].posts, 1);
		CHECK_STR(list[0].account.group, "work");
	}
	store_accounts_free(list, n);
	store_free(s);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM follower_snapshots "
	    "WHERE followers IS NULL"), 1);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM post_metrics WHERE "
	    "likes = 5 AND reposts IS NULL"), 1);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM post_tags"), 2);
	/* Deleting an account takes its rows with it (foreign keys). */
	CHECK(raw_exec(path, "PRAGMA foreign_keys = ON; DELETE FROM accounts")
	    == 0);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM post_metrics"), 0);
}

/*
 * Engager lists: which are due (a grown count first, an unchanged old
 * post never), a page stored with its times (a seen one bounded by the
 * read before, a record's time taking its place later), the engagers
 * known sorted for bsearch, and the list's state read back.
 */
static struct engagement
engager(const char *actor, enum engagement_time src, int64_t at)
{
	struct engagement	 e;

	memset(&e, 0, sizeof e);
	e.kind = ENGAGEMENT_LIKE;
	e.actor = (char *)actor;
	e.at_source = src;
	e.at = at;
	e.followers = COUNT_UNKNOWN;
	return (e);
}

static void
test_engagers(void)
{
	const struct platform	*bsky = platform_find("bluesky", 7);
	struct store		*s = NULL;
	struct post		 p;
	struct metric_point	 m;
	struct engager_due	*due;
	struct engager_list	 l;
	struct engagement	 e[3];
	char			*cause = NULL, *path, **known;
	int64_t			 id, old_post, new_post, now = 1800000000;
	size_t			 n, nknown;
	int			 created;

	path = path_in_dir("engagers.db");
	CHECK(store_open(path, STORE_OPEN_CREATE, &s, &cause) == 0);
	CHECK(store_begin(s, &cause) == 0);
	CHECK(store_account_track(s, bsky, "a.example", "default", NULL,
	    now - 400 * 86400, &created, &cause) == 0);
	CHECK(store_account_find(s, bsky, "a.example", &id, &cause) == 1);
	memset(&p, 0, sizeof p);
	p.account_id = id;
	p.remote_id = (char *)"at://old";
	p.published_at = now - 200 * 86400;
	CHECK(store_post_put(s, &p, &old_post, NULL, &cause) == 0);
	p.remote_id = (char *)"at://new";
	p.published_at = now - 2 * 86400;
	CHECK(store_post_put(s, &p, &new_post, NULL, &cause) == 0);
	memset(&m, 0, sizeof m);
	m.t = now - 86400;
	m.likes = 3;
	m.reposts = 0;
	m.replies = m.quotes = m.views = m.bookmarks = COUNT_UNKNOWN;
	CHECK(store_metrics_put(s, new_post, &m, SOURCE_API, 0, &cause) == 0);
	m.likes = 40;
	CHECK(store_metrics_put(s, old_post, &m, SOURCE_API, 0, &cause) == 0);
	/* Likes and reposts: the old post's 40 likes first, then the new
	 * one's 3; no repost counted; the quotes (unknown) of both, never
	 * read, the young post's first. */
	CHECK(store_engagers_due(s, id, 1u << ENGAGEMENT_LIKE |
	    1u << ENGAGEMENT_REPOST | 1u << ENGAGEMENT_QUOTE, now, 30 * 86400,
	    10, &due, &n, &cause) == 0);
	CHECK_INT(n, 4);
	if (n == 4) {
		CHECK_STR(due[0].remote_id, "at://old");
		CHECK_INT(due[0].kind, ENGAGEMENT_LIKE);
		CHECK_INT(due[0].count, 40);
		CHECK_INT(due[0].list.read_at, 0);
		CHECK_STR(due[1].remote_id, "at://new");
		CHECK_INT(due[1].kind, ENGAGEMENT_LIKE);
		CHECK_STR(due[2].remote_id, "at://new");
		CHECK_INT(due[2].kind, ENGAGEMENT_QUOTE);
		CHECK_INT(due[2].count, COUNT_UNKNOWN);
		CHECK_STR(due[3].remote_id, "at://old");
		CHECK_INT(due[3].kind, ENGAGEMENT_QUOTE);
	}
	engager_due_free(due, n);
	e[0] = engager("did:plc:b", ENGAGEMENT_AT_SEEN, 0);
	e[1] = engager("did:plc:a", ENGAGEMENT_AT_RECORD, now - 3600);
	memset(&l, 0, sizeof l);
	l.read_at = l.ended_at = now;
	l.count = 40;
	CHECK(store_engagers_page(s, id, old_post, ENGAGEMENT_LIKE, e, 2, now,
	    now - 86400, &l, &cause) == 0);
	/* A repost among the likes is refused, and names both. */
	e[2] = engager("did:plc:c", ENGAGEMENT_AT_SEEN, 0);
	e[2].kind = ENGAGEMENT_REPOST;
	CHECK(store_engagers_page(s, id, old_post, ENGAGEMENT_LIKE, &e[2], 1,
	    now, 0, &l, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "repost among the likes") !=
	    NULL);
	free(cause);
	cause = NULL;
	/* Seen again with its record's time, b takes it. */
	e[0] = engager("did:plc:b", ENGAGEMENT_AT_RECORD, now - 7200);
	e[0].handle = (char *)"b.example";
	CHECK(store_engagers_page(s, id, old_post, ENGAGEMENT_LIKE, e, 1,
	    now + 60, 0, &l, &cause) == 0);
	CHECK(store_commit(s, &cause) == 0);
	CHECK(store_engagers_known(s, old_post, ENGAGEMENT_LIKE, 10, &known,
	    &nknown, &cause) == 0);
	CHECK_INT(nknown, 2);
	if (nknown == 2) {
		CHECK_STR(known[0], "did:plc:a");
		CHECK_STR(known[1], "did:plc:b");
	}
	while (nknown > 0)
		free(known[--nknown]);
	free(known);
	CHECK(store_engager_list(s, old_post, ENGAGEMENT_LIKE, &l, &cause) ==
	    0);
	CHECK_INT(l.count, 40);
	CHECK_INT(l.ended_at, now);
	CHECK(l.cursor == NULL);
	engager_list_release(&l);
	/* Read at its count, the old post is no longer due. */
	CHECK(store_engagers_due(s, id, 1u << ENGAGEMENT_LIKE, now + 60,
	    30 * 86400, 10, &due, &n, &cause) == 0);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(due[0].remote_id, "at://new");
	engager_due_free(due, n);
	store_free(s);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM engagements WHERE "
	    "actor = 'did:plc:b' AND at_source = 'record' AND at_after IS "
	    "NULL AND handle = 'b.example'"), 1);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM engagements WHERE "
	    "actor = 'did:plc:a' AND at_source = 'record'"), 1);
}

/*
 * A series between two times: in time order, hidden counts left out,
 * both ends inclusive, nothing past the end however many rows follow
 * (the reader stops at the first), and another account's rows apart.
 */
static void
test_series_range(void)
{
	const struct platform		*x;
	struct store			*s = NULL;
	struct follower_snapshot	 f[20];
	struct follower_point		*pts;
	char				*cause = NULL, *path;
	int64_t				 id, other, t0 = 1700000000;
	size_t				 n, i;
	int				 created;

	x = platform_find("x", 1);
	path = path_in_dir("series.db");
	CHECK(store_open(path, STORE_OPEN_CREATE, &s, &cause) == 0);
	CHECK(store_begin(s, &cause) == 0);
	CHECK(store_account_track(s, x, "one", "g", NULL, t0, &created,
	    &cause) == 0);
	CHECK(store_account_find(s, x, "one", &id, &cause) == 1);
	CHECK(store_account_track(s, x, "two", "g", NULL, t0, &created,
	    &cause) == 0);
	CHECK(store_account_find(s, x, "two", &other, &cause) == 1);
	memset(f, 0, sizeof f);
	for (i = 0; i < 20; i++) {
		/* Put out of order: the series comes back in time order. */
		f[i].account_id = i < 10 ? id : other;
		f[i].taken_at = t0 + (int64_t)((i * 7) % 10) * 86400;
		f[i].followers = i == 4 ? COUNT_UNKNOWN :
		    100 + (int64_t)((i * 7) % 10);
		f[i].following = f[i].posts = COUNT_UNKNOWN;
		f[i].source = SOURCE_IMPORT;
	}
	CHECK(store_followers_put(s, f, 20, &cause) == 0);
	CHECK(store_commit(s, &cause) == 0);
	/* Days 2 to 6 of 0 to 9; day 8 (i == 4) is hidden anyway. */
	CHECK(store_follower_series(s, id, t0 + 2 * 86400, t0 + 6 * 86400,
	    &pts, &n, &cause) == 0);
	CHECK_INT(n, 5);
	for (i = 0; i < n; i++) {
		CHECK_INT(pts[i].t, t0 + (int64_t)(i + 2) * 86400);
		CHECK_INT(pts[i].followers, 100 + (int64_t)(i + 2));
	}
	free(pts);
	CHECK(store_follower_series(s, id, t0, t0 + 9 * 86400, &pts, &n,
	    &cause) == 0);
	CHECK_INT(n, 9);
	free(pts);
	/* An end before every row: none. */
	CHECK(store_follower_series(s, id, t0 - 86400, t0 - 1, &pts, &n,
	    &cause) == 0);
	CHECK_INT(n, 0);
	free(pts);
	store_free(s);
}

static void
test_rollback(void)
{
	struct store			*s = NULL;
	struct follower_snapshot	 f;
	char				*cause = NULL, *path;
	int64_t				 id;

	path = path_in_dir("rollback.db");
	CHECK(store_open(path, STORE_OPEN_CREATE, &s, &cause) == 0);
	CHECK(store_begin(s, &cause) == 0);
	CHECK(store_account_create(s, platform_find("x", 1), "gone", 1, 1,
	    &id, &cause) == 0);
	memset(&f, 0, sizeof f);
	f.account_id = id;
	f.taken_at = 1700000000;
	f.followers = 1;
	CHECK(store_followers_put(s, &f, 1, &cause) == 0);
	store_rollback(s);
	store_free(s);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM accounts"), 0);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM follower_snapshots"), 0);
}

/*
 * A feed post stored under its link (older tidelines, a CSV) keeps its
 * row, history and all, when it comes back known by its guid; a second
 * entry with the same link is a post of its own.
 */
static void
test_post_keyed_by_url_adopted(void)
{
	const struct platform	*rss;
	struct store		*s = NULL;
	struct post		 p;
	char			*cause = NULL, *path;
	int64_t			 id, old_id, new_id, other_id;
	int			 created;

	rss = platform_find("rss", 3);
	path = path_in_dir("rekey.db");
	CHECK(store_open(path, STORE_OPEN_CREATE, &s, &cause) == 0);
	CHECK(store_begin(s, &cause) == 0);
	CHECK(store_account_track(s, rss, "https://blog.example/feed.xml",
	    NULL, NULL, 1700000000, &created, &cause) == 0);
	CHECK(store_account_find(s, rss, "https://blog.example/feed.xml", &id,
	    &cause) == 1);
	memset(&p, 0, sizeof p);
	p.account_id = id;
	p.remote_id = p.url = (char *)"https://blog.example/a";
	p.published_at = 1700000100;
	CHECK(store_post_put(s, &p, &old_id, NULL, &cause) == 0);
	p.remote_id = (char *)"https://blog.example/?p=7";
	CHECK(store_post_put(s, &p, &new_id, NULL, &cause) == 0);
	CHECK_INT(new_id, old_id);
	p.remote_id = (char *)"https://blog.example/?p=8";
	CHECK(store_post_put(s, &p, &other_id, NULL, &cause) == 0);
	CHECK(other_id != old_id);
	CHECK(store_commit(s, &cause) == 0);
	store_free(s);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM posts"), 2);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM posts WHERE remote_id = "
	    "'https://blog.example/a'"), 0);
}

/*
 * store_post_put says whether the row is new, which lets a snapshot skip
 * what only an existing post needs; an existing one is updated in place
 * (an unchanged one is no change), and one adopted by its URL is not new.
 */
static void
test_post_created_or_updated(void)
{
	const struct platform	*rss;
	struct store		*s = NULL;
	struct post		 p;
	char			*cause = NULL, *path;
	int64_t			 id, post_id, again, before;
	int			 created, created_too, created_again;

	rss = platform_find("rss", 3);
	path = path_in_dir("update.db");
	CHECK(store_open(path, STORE_OPEN_CREATE, &s, &cause) == 0);
	CHECK(store_begin(s, &cause) == 0);
	CHECK(store_account_track(s, rss, "https://b.example/feed.xml", NULL,
	    NULL, 1700000000, &created, &cause) == 0);
	CHECK(store_account_find(s, rss, "https://b.example/feed.xml", &id,
	    &cause) == 1);
	memset(&p, 0, sizeof p);
	p.account_id = id;
	p.remote_id = (char *)"guid-1";
	p.url = (char *)"https://b.example/one";
	p.title = (char *)"One";
	p.published_at = 1700000100;
	created = -1;
	CHECK(store_post_put(s, &p, &post_id, &created, &cause) == 0);
	CHECK_INT(created, 1);
	before = store_total_changes(s);
	created = -1;
	CHECK(store_post_put(s, &p, &again, &created, &cause) == 0);
	CHECK_INT(created, 0);
	CHECK_INT(again, post_id);
	CHECK_INT(store_total_changes(s), before);
	/* A NULL title keeps the stored one; a new time and kind replace. */
	p.title = NULL;
	p.kind = "article";
	p.published_at = 1700000200;
	CHECK(store_post_put(s, &p, &again, &created, &cause) == 0);
	CHECK_INT(created, 0);
	CHECK_INT(again, post_id);
	CHECK_INT(store_total_changes(s), before + 1);
	/* Stored under its URL, then known by its guid: the same post. */
	p.remote_id = p.url = (char *)"https://b.example/two";
	CHECK(store_post_put(s, &p, &again, &created_too, &cause) == 0);
	CHECK_INT(created_too, 1);
	p.remote_id = (char *)"guid-2";
	created_again = -1;
	CHECK(store_post_put(s, &p, &post_id, &created_again, &cause) == 0);
	CHECK_INT(created_again, 0);
	CHECK_INT(post_id, again);
	CHECK(store_commit(s, &cause) == 0);
	store_free(s);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM posts"), 2);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM posts WHERE remote_id = "
	    "'guid-1' AND title = 'One' AND kind = 'article' AND published_at "
	    "= '2023-11-14T22:16:40Z'"), 1);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM posts WHERE remote_id = "
	    "'guid-2' AND url = 'https://b.example/two'"), 1);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return (1);
	unsetenv("TIDELINE_DB");
	test_fresh();
	test_readonly();
	test_newer_refused();
	test_foreign_refused();
	test_rows();
	test_engagers();
	test_series_range();
	test_post_keyed_by_url_adopted();
	test_post_created_or_updated();
	test_rollback();
	if (nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		check_failures++;
	return (CHECK_DONE());
}
