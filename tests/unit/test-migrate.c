/*
 * The migration runner, on migration lists of its own: a table rebuild
 * keeps every row that refers to the table, and a migration that fails
 * (an SQL error half-way, a row left without its parent, SQL that tries
 * to run the transaction itself) leaves the database exactly as it was.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "rawdb.h"
#include "store/internal.h"
#include "store/migrate.h"
#include "util/xmalloc.h"

/* Version 1: a parent with a CHECK to drop, two kinds of children, views. */
static const char v1_sql[] =
    "CREATE TABLE parent (\n"
    "    id    INTEGER PRIMARY KEY,\n"
    "    kind  TEXT NOT NULL CHECK (kind IN ('a', 'b')),\n"
    "    name  TEXT NOT NULL CHECK (name <> ''),\n"
    "    note  TEXT,\n"
    "    UNIQUE (kind, name)\n"
    ");\n"
    "CREATE TABLE child (\n"
    "    id        INTEGER PRIMARY KEY,\n"
    "    parent_id INTEGER NOT NULL REFERENCES parent (id) "
    "ON DELETE CASCADE,\n"
    "    value     INTEGER\n"
    ");\n"
    "CREATE TABLE tag (\n"
    "    parent_id INTEGER NOT NULL REFERENCES parent (id) "
    "ON DELETE CASCADE,\n"
    "    tag       TEXT NOT NULL,\n"
    "    PRIMARY KEY (parent_id, tag)\n"
    ") WITHOUT ROWID;\n"
    "CREATE VIEW parent_names AS SELECT id, kind || ':' || name AS full "
    "FROM parent;\n"
    "CREATE VIEW child_names AS SELECT n.full, c.value FROM child AS c "
    "JOIN parent_names AS n ON n.id = c.parent_id;\n";

/* Version 2: SQLite's 12-step rebuild of parent without its CHECK. */
static const char rebuild_sql[] =
    "DROP VIEW child_names;\n"
    "DROP VIEW parent_names;\n"
    "CREATE TABLE parent_new (\n"
    "    id    INTEGER PRIMARY KEY,\n"
    "    kind  TEXT NOT NULL,\n"
    "    name  TEXT NOT NULL CHECK (name <> ''),\n"
    "    note  TEXT,\n"
    "    UNIQUE (kind, name)\n"
    ");\n"
    "INSERT INTO parent_new (id, kind, name, note)\n"
    "    SELECT id, kind, name, note FROM parent;\n"
    "DROP TABLE parent;\n"
    "ALTER TABLE parent_new RENAME TO parent;\n"
    "CREATE VIEW parent_names AS SELECT id, kind || ':' || name AS full "
    "FROM parent;\n"
    "CREATE VIEW child_names AS SELECT n.full, c.value FROM child AS c "
    "JOIN parent_names AS n ON n.id = c.parent_id;\n";

/* Changes a lot, then fails: none of it may stay. */
static const char halfway_sql[] =
    "CREATE TABLE extra (x);\n"
    "INSERT INTO extra VALUES (1);\n"
    "DELETE FROM child;\n"
    "UPDATE parent SET note = 'overwritten';\n"
    "SELECT no_such_column FROM parent;\n";

/* Leaves the children of parent 2 pointing at nothing. */
static const char orphan_sql[] = "DELETE FROM parent WHERE id = 2;\n";
/* Leaves the tags of parent 3 (it has no children) pointing at nothing. */
static const char orphan_tag_sql[] = "DELETE FROM parent WHERE id = 3;\n";
/* Tries to commit half of itself, or to set the version itself. */
static const char commit_sql[] =
    "DELETE FROM child;\nCOMMIT;\nBEGIN;\n";
static const char version_sql[] =
    "DELETE FROM child;\nPRAGMA user_version = 9;\n";

static const struct migration good[] = {
	{ 1, "0001_test.sql", v1_sql },
	{ 2, "0002_rebuild.sql", rebuild_sql },
};

static const char fill_sql[] =
    "INSERT INTO parent VALUES (1, 'a', 'one', NULL), (2, 'b', 'two', 'x'),"
    "    (3, 'a', 'three', 'y'), (4, 'b', 'four', NULL);"
    "INSERT INTO child (id, parent_id, value) VALUES (10, 1, 5),"
    "    (11, 1, NULL), (12, 2, 7), (13, 2, 8), (14, 4, 9);"
    "INSERT INTO tag VALUES (1, 'x'), (1, 'y'), (3, 'z'), (4, 'x');";

static char dir[] = "/tmp/tideline-test-migrate-XXXXXX";

static int
remove_entry(const char *path, const struct stat *sb, int type,
    struct FTW *ftw)
{
	return (remove(path));
}

static char *
path_in_dir(const char *name)
{
	static char	 path[256];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return (path);
}

/* Every row a query returns as text, NULL told from '' (caller frees). */
static char *
raw_rows(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	char		*out = NULL;
	size_t		 len = 0;
	FILE		*fp;
	int		 i;

	if ((fp = open_memstream(&out, &len)) == NULL)
		return (NULL);
	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (i = 0; i < sqlite3_column_count(st); i++) {
				if (sqlite3_column_type(st, i) == SQLITE_NULL)
					fputs("NULL|", fp);
				else
					fprintf(fp, "'%s'|",
					    sqlite3_column_text(st, i));
			}
			fputc('\n', fp);
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	fclose(fp);
	return (out);
}

/* Every row of every table and view, and the schema if asked. */
static char *
dump(const char *path, int with_schema)
{
	static const char *const sql[] = {
		"SELECT * FROM parent ORDER BY id",
		"SELECT * FROM child ORDER BY id",
		"SELECT * FROM tag ORDER BY 1, 2",
		"SELECT * FROM child_names ORDER BY 1, 2",
		"SELECT type, name, sql FROM sqlite_schema ORDER BY name",
	};
	char	*all, *part, *joined;
	size_t	 i, n = sizeof sql / sizeof sql[0] - !with_schema;

	all = xstrdup("");
	for (i = 0; i < n; i++) {
		part = raw_rows(path, sql[i]);
		joined = xasprintf("%s--\n%s", all, part ? part : "(failed)");
		free(part);
		free(all);
		all = joined;
	}
	return (all);
}

/* The whole file, to compare byte for byte (caller frees). */
static char *
read_all(const char *path, size_t *len)
{
	FILE	*fp;
	char	*data;
	long	 size;

	*len = 0;
	if ((fp = fopen(path, "rb")) == NULL)
		return (NULL);
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0) {
		fclose(fp);
		return (NULL);
	}
	rewind(fp);
	data = xmalloc((size_t)size + 1);
	*len = fread(data, 1, (size_t)size, fp);
	data[*len] = '\0';
	fclose(fp);
	return (data);
}

static int
same_file(const char *data, size_t len, const char *path)
{
	char	*now;
	size_t	 nlen;
	int	 same;

	now = read_all(path, &nlen);
	same = now != NULL && data != NULL && nlen == len &&
	    memcmp(now, data, len) == 0;
	free(now);
	return (same);
}

/* PATH.bak-v1 followed by 'suffix', in a static buffer. */
static char *
backup_name(const char *path, const char *suffix)
{
	static char	 name[300];

	snprintf(name, sizeof name, "%s.bak-v1%s", path, suffix);
	return (name);
}

/* A version-1 database with rows in every table, closed (checkpointed). */
static char *
make_v1(const char *name)
{
	struct store	*s = NULL;
	char		*cause = NULL, *path;

	path = xstrdup(path_in_dir(name));
	CHECK(store_open_migrations(path, STORE_OPEN_CREATE, good, 1, &s,
	    &cause) == 0);
	free(cause);
	store_free(s);
	CHECK(raw_exec(path, fill_sql) == 0);
	CHECK_INT(raw_int(path, "PRAGMA user_version"), 1);
	return (path);
}

/* Run the rebuild with foreign keys on, count the children, roll back. */
static long long
children_left_with_foreign_keys_on(const char *path)
{
	sqlite3		*db;
	sqlite3_stmt	*st = NULL;
	long long	 n = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return (-1);
	if (sqlite3_exec(db, "PRAGMA foreign_keys = ON; BEGIN", NULL, NULL,
	    NULL) == SQLITE_OK &&
	    sqlite3_exec(db, rebuild_sql, NULL, NULL, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM child) + "
	    "(SELECT count(*) FROM tag)", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	return (n);
}

static void
test_rebuild_keeps_children(void)
{
	struct store	*s = NULL;
	char		*cause = NULL, *path, *before, *after;

	path = make_v1("rebuild.db");
	before = dump(path, 0);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM child"), 5);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM tag"), 4);
	/* The same SQL with foreign keys on, as before, loses them all. */
	CHECK_INT(children_left_with_foreign_keys_on(path), 0);
	CHECK(store_open_migrations(path, STORE_OPEN_EXISTING, good, 2, &s,
	    &cause) == 0);
	if (cause != NULL)
		fprintf(stderr, "%s\n", cause);
	free(cause);
	if (s != NULL) {
		CHECK_INT(store_schema_version(s), 2);
		/* Foreign keys are back on for the work that follows. */
		CHECK_INT(sqlite3_exec(s->db, "INSERT INTO child (parent_id) "
		    "VALUES (99)", NULL, NULL, NULL),
		    SQLITE_CONSTRAINT_FOREIGNKEY);
	}
	store_free(s);
	after = dump(path, 0);
	CHECK_STR(after, before);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM child_names"), 5);
	/* The CHECK is gone; the other constraints stay. */
	CHECK(raw_exec(path, "INSERT INTO parent VALUES (5, 'c', 'five', "
	    "NULL)") == 0);
	CHECK(raw_exec(path, "INSERT INTO parent VALUES (6, 'a', '', "
	    "NULL)") != 0);
	CHECK(raw_exec(path, "INSERT INTO parent VALUES (7, 'a', 'one', "
	    "NULL)") != 0);
	/* The children still refer to the rebuilt table. */
	CHECK(raw_exec(path, "PRAGMA foreign_keys = ON; "
	    "DELETE FROM parent WHERE id = 1") == 0);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM child"), 3);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM tag"), 2);
	free(before);
	free(after);
	free(path);
}

/*
 * Open with a failing second migration: it must fail with a message
 * holding 'want', and leave the file as it was, byte for byte.
 */
static void
check_fails_untouched(const char *name, const char *sql, const char *want)
{
	struct migration	 bad[2];
	struct store		*s = NULL;
	char			*cause = NULL, *path, *data;
	char			*before, *after;
	size_t			 len;

	path = make_v1(name);
	data = read_all(path, &len);
	before = dump(path, 1);
	bad[0] = good[0];
	bad[1].version = 2;
	bad[1].name = "0002_bad.sql";
	bad[1].sql = sql;
	CHECK(store_open_migrations(path, STORE_OPEN_EXISTING, bad, 2, &s,
	    &cause) != 0);
	CHECK(s == NULL);
	CHECK(cause != NULL && strstr(cause, "0002_bad.sql") != NULL &&
	    strstr(cause, want) != NULL &&
	    strstr(cause, "stays at schema version 1") != NULL);
	if (cause != NULL && strstr(cause, want) == NULL)
		fprintf(stderr, "%s: '%s' lacks '%s'\n", name, cause, want);
	free(cause);
	cause = NULL;
	CHECK(same_file(data, len, path));
	after = dump(path, 1);
	CHECK_STR(after, before);
	CHECK_INT(raw_int(path, "PRAGMA user_version"), 1);
	/* The backup made for it is gone: it held what the file holds. */
	CHECK(access(backup_name(path, ""), F_OK) != 0);
	CHECK(access(backup_name(path, "-journal"), F_OK) != 0);
	free(after);
	/* A later tideline with a good migration 2 migrates it whole. */
	CHECK(store_open_migrations(path, STORE_OPEN_EXISTING, good, 2, &s,
	    &cause) == 0);
	free(cause);
	store_free(s);
	CHECK_INT(raw_int(path, "PRAGMA user_version"), 2);
	CHECK(access(backup_name(path, ""), F_OK) == 0);
	after = raw_rows(path, "SELECT count(*) FROM child");
	CHECK_STR(after, "'5'|\n");
	free(after);
	free(before);
	free(data);
	free(path);
}

static void
test_failures_change_nothing(void)
{
	check_fails_untouched("halfway.db", halfway_sql, "no such column");
	check_fails_untouched("orphan.db", orphan_sql,
	    "leaves row 12 of 'child' that refers to a missing row of "
	    "'parent'");
	check_fails_untouched("orphan-tag.db", orphan_tag_sql,
	    "leaves a row of 'tag' that refers to a missing row of 'parent'");
	check_fails_untouched("commit.db", commit_sql,
	    "may not begin, commit or roll back");
	check_fails_untouched("version.db", version_sql,
	    "may not set the schema version");
}

/* A row without its parent from before is named, not blamed on it. */
static void
test_orphan_before_is_refused(void)
{
	struct store	*s = NULL;
	char		*cause = NULL, *path, *data, *before, *after;
	size_t		 len;

	path = make_v1("orphan-before.db");
	CHECK(raw_exec(path, "DELETE FROM tag WHERE parent_id = 4; "
	    "DELETE FROM parent WHERE id = 4") == 0);
	data = read_all(path, &len);
	before = dump(path, 1);
	CHECK(store_open_migrations(path, STORE_OPEN_EXISTING, good, 2, &s,
	    &cause) != 0);
	CHECK(cause != NULL && strstr(cause, "0002_rebuild.sql") != NULL &&
	    strstr(cause, "the database already has row 14 of 'child' that "
	    "refers to a missing row of 'parent' (fix or delete it first") !=
	    NULL);
	free(cause);
	CHECK(same_file(data, len, path));
	after = dump(path, 1);
	CHECK_STR(after, before);
	free(after);
	free(before);
	free(data);
	free(path);
}

static void
test_up_to_date_is_untouched(void)
{
	struct store	*s = NULL;
	char		*cause = NULL, *path, *data;
	size_t		 len;

	path = make_v1("current.db");
	data = read_all(path, &len);
	CHECK(store_open_migrations(path, STORE_OPEN_EXISTING, good, 1, &s,
	    &cause) == 0);
	free(cause);
	if (s != NULL)
		CHECK_INT(sqlite3_exec(s->db, "INSERT INTO child (parent_id) "
		    "VALUES (99)", NULL, NULL, NULL),
		    SQLITE_CONSTRAINT_FOREIGNKEY);
	store_free(s);
	CHECK(same_file(data, len, path));
	free(data);
	free(path);
}

static void
test_backup_before_migration(void)
{
	struct store	*s = NULL;
	struct stat	 sb;
	char		*cause = NULL, *path, *before, *copy;

	path = make_v1("backed.db");
	before = dump(path, 1);
	CHECK(store_open_migrations(path, STORE_OPEN_EXISTING, good, 2, &s,
	    &cause) == 0);
	free(cause);
	store_free(s);
	CHECK_INT(raw_int(path, "PRAGMA user_version"), 2);
	CHECK(stat(backup_name(path, ""), &sb) == 0 &&
	    (sb.st_mode & 0777) == 0600);
	CHECK_INT(raw_int(backup_name(path, ""), "PRAGMA user_version"), 1);
	copy = dump(backup_name(path, ""), 1);
	CHECK_STR(copy, before);
	free(copy);
	copy = raw_rows(backup_name(path, ""), "PRAGMA integrity_check");
	CHECK_STR(copy, "'ok'|\n");
	free(copy);
	free(before);
	free(path);
}

/* A backup of that name exists already: it is kept, the next name used. */
static void
test_backup_never_overwrites(void)
{
	struct store	*s = NULL;
	char		*cause = NULL, *path, *before, *copy, next[300];
	FILE		*fp;

	path = make_v1("again.db");
	before = dump(path, 1);
	if ((fp = fopen(backup_name(path, ""), "w")) != NULL) {
		fputs("an older backup\n", fp);
		fclose(fp);
	}
	CHECK(store_open_migrations(path, STORE_OPEN_EXISTING, good, 2, &s,
	    &cause) == 0);
	free(cause);
	store_free(s);
	copy = read_all(backup_name(path, ""), &(size_t){ 0 });
	CHECK_STR(copy, "an older backup\n");
	free(copy);
	snprintf(next, sizeof next, "%s.bak-v1.2", path);
	copy = dump(next, 1);
	CHECK_STR(copy, before);
	free(copy);
	free(before);
	free(path);
}

static void
test_new_database_has_no_backup(void)
{
	struct store	*s = NULL;
	char		*cause = NULL, *path;
	char		 v0[300];

	path = path_in_dir("new.db");
	CHECK(store_open_migrations(path, STORE_OPEN_CREATE, good, 2, &s,
	    &cause) == 0);
	free(cause);
	store_free(s);
	CHECK_INT(raw_int(path, "PRAGMA user_version"), 2);
	snprintf(v0, sizeof v0, "%s.bak-v0", path);
	CHECK(access(v0, F_OK) != 0);
	CHECK(access(backup_name(path, ""), F_OK) != 0);
}

/*
 * Refuse to migrate when no backup can be written, and change nothing:
 * 'block' is called to make that so, 'unblock' to undo it.
 */
static void
check_backup_refused(const char *name, void (*block)(const char *),
    void (*unblock)(const char *), const char *want)
{
	struct store	*s = NULL;
	char		*cause = NULL, *path, *data;
	size_t		 len;

	path = make_v1(name);
	CHECK(raw_exec(path, "WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL "
	    "SELECT i + 1 FROM n WHERE i < 500) INSERT INTO parent "
	    "SELECT i, 'a', 'p' || i, hex(randomblob(400)) FROM n") == 0);
	data = read_all(path, &len);
	CHECK(len > 200000);
	block(path);
	CHECK(store_open_migrations(path, STORE_OPEN_EXISTING, good, 2, &s,
	    &cause) != 0);
	unblock(path);
	CHECK(cause != NULL && strstr(cause, "cannot back up") != NULL &&
	    strstr(cause, want) != NULL &&
	    strstr(cause, "the database was not changed") != NULL);
	if (cause != NULL && strstr(cause, want) == NULL)
		fprintf(stderr, "%s: '%s' lacks '%s'\n", name, cause, want);
	free(cause);
	CHECK(same_file(data, len, path));
	CHECK_INT(raw_int(path, "PRAGMA user_version"), 1);
	CHECK(access(backup_name(path, ""), F_OK) != 0);
	CHECK(access(backup_name(path, "-journal"), F_OK) != 0);
	free(data);
	free(path);
}

static struct rlimit	 saved_fsize;

/* A disk that fills up: files may not grow past 64 KiB. */
static void
limit_file_size(const char *path)
{
	struct rlimit	 rl;

	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &saved_fsize);
	rl = saved_fsize;
	rl.rlim_cur = 65536;
	CHECK(setrlimit(RLIMIT_FSIZE, &rl) == 0);
}

static void
unlimit_file_size(const char *path)
{
	CHECK(setrlimit(RLIMIT_FSIZE, &saved_fsize) == 0);
	signal(SIGXFSZ, SIG_DFL);
}

/* Every name a backup may take is taken. */
static void
take_backup_names(const char *path)
{
	char	 name[300];
	int	 i;

	for (i = 1; i <= 99; i++) {
		if (i == 1)
			snprintf(name, sizeof name, "%s.bak-v1", path);
		else
			snprintf(name, sizeof name, "%s.bak-v1.%d", path, i);
		CHECK(raw_exec(name, "CREATE TABLE t (x)") == 0);
	}
}

static void
free_backup_names(const char *path)
{
	char	 name[300];
	int	 i;

	for (i = 1; i <= 99; i++) {
		if (i == 1)
			snprintf(name, sizeof name, "%s.bak-v1", path);
		else
			snprintf(name, sizeof name, "%s.bak-v1.%d", path, i);
		CHECK_INT(raw_int(name, "SELECT count(*) FROM sqlite_schema"),
		    1);
		CHECK(unlink(name) == 0);
	}
}

static void
test_backup_failure_refuses(void)
{
	check_backup_refused("full.db", limit_file_size, unlimit_file_size,
	    "full.db.bak-v1'");
	check_backup_refused("taken.db", take_backup_names, free_backup_names,
	    "98 more backups of it exist");
}

/* Migration 3 fails after 2 committed: the backup of version 1 stays. */
static void
test_later_failure_keeps_backup(void)
{
	struct migration	 three[3];
	struct store		*s = NULL;
	char			*cause = NULL, *path, *before, *copy;

	path = make_v1("third.db");
	before = dump(path, 1);
	memcpy(three, good, sizeof good);
	three[2].version = 3;
	three[2].name = "0003_bad.sql";
	three[2].sql = halfway_sql;
	CHECK(store_open_migrations(path, STORE_OPEN_EXISTING, three, 3, &s,
	    &cause) != 0);
	CHECK(cause != NULL && strstr(cause, "0003_bad.sql") != NULL &&
	    strstr(cause, "stays at schema version 2") != NULL);
	free(cause);
	CHECK_INT(raw_int(path, "PRAGMA user_version"), 2);
	CHECK_INT(raw_int(path, "SELECT count(*) FROM child"), 5);
	copy = dump(backup_name(path, ""), 1);
	CHECK_STR(copy, before);
	free(copy);
	free(before);
	free(path);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return (1);
	test_rebuild_keeps_children();
	test_failures_change_nothing();
	test_orphan_before_is_refused();
	test_up_to_date_is_untouched();
	test_backup_before_migration();
	test_backup_never_overwrites();
	test_new_database_has_no_backup();
	test_backup_failure_refuses();
	test_later_failure_keeps_backup();
	if (nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		check_failures++;
	return (CHECK_DONE());
}
