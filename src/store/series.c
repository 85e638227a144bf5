/* Follower snapshots: the series the analyzer reads. */
#include "store/internal.h"

int
store_follower_put(struct store *s, const struct follower_snapshot *f,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc = 0;

	if ((st = store_stmt(s, STMT_FOLLOWER_PUT, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, f->account_id);
	store_bind_time(st, 2, f->taken_at);
	store_bind_count(st, 3, f->followers);
	store_bind_count(st, 4, f->following);
	store_bind_count(st, 5, f->posts);
	sqlite3_bind_int(st, 6, f->rounded != 0);
	store_bind_text(st, 7, store_source_name(f->source));
	if (f->run_id > 0)
		sqlite3_bind_int64(st, 8, f->run_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, "cannot store a follower snapshot");
	sqlite3_reset(st);
	return (rc);
}
