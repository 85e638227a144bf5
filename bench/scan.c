/*
 * The limit for `tideline bursts`: read the same rows (every account's
 * follower snapshots, in account and time order) with a bare SELECT, and
 * touch each value, without analysing anything.
 *
 * usage: scan DATABASE
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	long long	 rows = 0, sum = 0, chars = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: scan DATABASE\n");
		return (2);
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(db, "SELECT account_id, taken_at, "
	    "followers FROM follower_snapshots WHERE followers IS NOT NULL "
	    "ORDER BY account_id, taken_at", -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "scan: %s\n", sqlite3_errmsg(db));
		return (1);
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		sum += sqlite3_column_int64(st, 0) + sqlite3_column_int64(st, 2);
		chars += (long long)strlen((const char *)
		    sqlite3_column_text(st, 1));
		rows++;
	}
	printf("%lld rows (%lld, %lld)\n", rows, sum, chars);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return (0);
}
