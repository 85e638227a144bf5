/*
 * What the store's tests share: SQL run on a database file directly, as
 * another program would, to set a scene or to look at the rows.
 */
#ifndef TL_TEST_RAWDB_H
#define TL_TEST_RAWDB_H

#include <sqlite3.h>

/* Run SQL on the file: 0, or -1. */
static inline int
raw_exec(const char *path, const char *sql)
{
	sqlite3	*db;
	int	 rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return (-1);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return (rc == SQLITE_OK ? 0 : -1);
}

/* The first column of the first row of a query, or -1. */
static inline long long
raw_int(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*st = NULL;
	long long	 v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return (-1);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return (v);
}

#endif
