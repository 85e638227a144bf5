/*
 * What the census of a platform that bills each follower read (X) keeps
 * besides the lists: the month's reads and their cost, and the counts
 * stored of a page's followers, which a listing that shows counts but no
 * times is judged against.
 */
#include <stdint.h>
#include <string.h>

#include "store/internal.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

static const char *const billed_sql[] = {
	/*
	 * ?3 as of, ?4 now. The records with no time came before all of
	 * their month's with one, and before now.
	 */
	[STMT_CENSUS_SPEND] =
	    "SELECT coalesce(sum(reads) FILTER (WHERE at IS NULL OR "
	    "    at <= ?3), 0), coalesce(sum(usd_micro) FILTER (WHERE "
	    "    at IS NULL OR at <= ?3), 0), "
	    "    count(*) FILTER (WHERE at IS NULL) = 0 OR ?3 >= ?4 OR "
	    "    ?3 > ?2 || '-32' OR ?3 >= min(at) "
	    "FROM census_spend_reads WHERE account_id = ?1 AND month = ?2",
	[STMT_CENSUS_SPEND_ADD] =
	    "INSERT INTO census_spend (account_id, month, reads, usd_micro) "
	    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account_id, month) DO "
	    "UPDATE SET reads = reads + ?3, usd_micro = usd_micro + ?4",
	[STMT_CENSUS_SPEND_READS] =
	    "INSERT INTO census_spend_reads (account_id, month, at, reads, "
	    "    usd_micro) VALUES (?1, ?2, ?5, ?3, ?4)",
	[STMT_CENSUS_COUNTS] =
	    "SELECT posts, posts_at, active_checked IS NOT NULL, last_active "
	    "FROM census_followers WHERE account_id = ?1 AND follower = ?2",
};

static sqlite3_stmt *
billed_stmt(struct store *s, enum stmt_id id, char **cause)
{
	return (store_stmt_sql(s, id, billed_sql[id], cause));
}

/* The UTC month of a time, "YYYY-MM"; -1 for one out of range. */
static int
month_of(int64_t at, char month[8])
{
	char	 date[TIME_DATE_SIZE];

	if (time_format_date(at, date) != 0)
		return (-1);
	memcpy(month, date, 7);
	month[7] = '\0';
	return (0);
}

int
store_census_spend(struct store *s, int64_t account_id, int64_t at,
    int64_t now, int64_t *reads, int64_t *usd_micro, int *known,
    char **cause)
{
	sqlite3_stmt	*st;
	char		 month[8];
	int		 rc;

	*reads = *usd_micro = 0;
	*known = 1;
	if (month_of(at, month) != 0)
		return (0);
	if ((st = billed_stmt(s, STMT_CENSUS_SPEND, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_text(st, 2, month);
	store_bind_time(st, 3, at);
	store_bind_time(st, 4, now);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*reads = sqlite3_column_int64(st, 0);
		*usd_micro = sqlite3_column_int64(st, 1);
		*known = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (store_fail(s, cause, "cannot read the census's spend"));
	return (0);
}

int
store_census_spend_add(struct store *s, int64_t account_id, int64_t at,
    int64_t reads, int64_t usd_micro, char **cause)
{
	/* The month's total, and the record of when (as of a time). */
	static const enum stmt_id ids[] = { STMT_CENSUS_SPEND_ADD,
	    STMT_CENSUS_SPEND_READS };
	sqlite3_stmt	*st;
	char		 month[8];
	size_t		 i;
	int		 rc = 0;

	if (reads == 0 && usd_micro == 0)
		return (0);
	if (month_of(at, month) != 0) {
		*cause = xstrdup("the census's spend has no month: the time "
		    "is out of range");
		return (-1);
	}
	for (i = 0; i < sizeof ids / sizeof ids[0] && rc == 0; i++) {
		if ((st = billed_stmt(s, ids[i], cause)) == NULL)
			return (-1);
		sqlite3_bind_int64(st, 1, account_id);
		store_bind_text(st, 2, month);
		sqlite3_bind_int64(st, 3, reads);
		sqlite3_bind_int64(st, 4, usd_micro);
		if (ids[i] == STMT_CENSUS_SPEND_READS)
			store_bind_time(st, 5, at);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, cause, "cannot store the census's "
			    "spend");
		sqlite3_reset(st);
	}
	return (rc);
}

/* One follower's stored counts into *was. */
static int
counts_one(struct store *s, sqlite3_stmt *st, int64_t account_id,
    const char *id, struct census_follower *was, char **cause)
{
	int	 rc;

	memset(was, 0, sizeof *was);
	was->posts = COUNT_UNKNOWN;
	was->followers = COUNT_UNKNOWN;
	sqlite3_bind_int64(st, 1, account_id);
	store_bind_text(st, 2, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			was->posts = sqlite3_column_int64(st, 0);
		was->posts_at = store_column_time(st, 1);
		if ((was->active_known = sqlite3_column_int(st, 2)) != 0)
			was->last_active = store_column_time(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (store_fail(s, cause, "cannot read a follower"));
	return (0);
}

int
store_census_counts(struct store *s, int64_t account_id,
    const struct census_follower *f, size_t n, struct census_follower *was,
    char **cause)
{
	sqlite3_stmt	*st;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if ((st = billed_stmt(s, STMT_CENSUS_COUNTS, cause)) == NULL)
			return (-1);
		if (counts_one(s, st, account_id, f[i].id, &was[i],
		    cause) != 0)
			return (-1);
	}
	return (0);
}
