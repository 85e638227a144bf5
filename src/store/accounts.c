/* Tracked accounts: find, create, track, untrack, list. */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

int
store_account_find(struct store *s, const struct platform *p,
    const char *handle, int64_t *id, char **cause)
{
	sqlite3_stmt	*st;

	if ((st = store_stmt(s, STMT_ACCOUNT_FIND, cause)) == NULL)
		return (-1);
	store_bind_text(st, 1, p->name);
	store_bind_text(st, 2, handle);
	return (store_step_id(s, st, id, "cannot look up an account", cause));
}

/* Insert an account with an optional group and API base. */
static int
account_insert(struct store *s, const struct platform *p,
    const char *handle, const char *group, const char *api_base, int active,
    int64_t now, int64_t *id, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc = -1;

	if ((st = store_stmt(s, STMT_ACCOUNT_CREATE, cause)) == NULL)
		return (-1);
	store_bind_text(st, 1, p->name);
	store_bind_text(st, 2, handle);
	store_bind_text(st, 3, group);
	store_bind_text(st, 4, api_base);
	store_bind_time(st, 5, now);
	sqlite3_bind_int(st, 6, active);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = 0;
	} else
		store_fail(s, cause, "cannot add an account");
	sqlite3_reset(st);
	return (rc);
}

int
store_account_create(struct store *s, const struct platform *p,
    const char *handle, int active, int64_t now, int64_t *id, char **cause)
{
	return (account_insert(s, p, handle, NULL, NULL, active, now, id,
	    cause));
}

int
store_account_track(struct store *s, const struct platform *p,
    const char *handle, const char *group, const char *api_base, int64_t now,
    int *created, char **cause)
{
	sqlite3_stmt	*st;
	int64_t		 id;
	int		 found, rc;

	if ((found = store_account_find(s, p, handle, &id, cause)) < 0)
		return (-1);
	*created = !found;
	if (!found)
		return (account_insert(s, p, handle, group, api_base, 1, now,
		    &id, cause));
	if ((st = store_stmt(s, STMT_ACCOUNT_TRACK, cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, group);
	store_bind_text(st, 3, api_base);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 :
	    store_fail(s, cause, "cannot update an account");
	sqlite3_reset(st);
	return (rc);
}

int
store_account_untrack(struct store *s, const struct platform *p,
    const char *handle, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = store_stmt(s, STMT_ACCOUNT_UNTRACK, cause)) == NULL)
		return (-1);
	store_bind_text(st, 1, p->name);
	store_bind_text(st, 2, handle);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, cause, "cannot untrack an account");
	else
		rc = sqlite3_changes(s->db) > 0;
	sqlite3_reset(st);
	return (rc);
}

static char *
column_strdup(sqlite3_stmt *st, int i)
{
	const unsigned char	*t;

	t = sqlite3_column_text(st, i);
	return (t == NULL ? NULL : xstrdup((const char *)t));
}

static int64_t
column_count(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return (COUNT_UNKNOWN);
	return (sqlite3_column_int64(st, i));
}

/* Fill one summary from a row of STMT_ACCOUNTS_LIST. */
static void
summary_from_row(sqlite3_stmt *st, struct account_summary *sum)
{
	struct account		*a = &sum->account;

	a->id = sqlite3_column_int64(st, 0);
	a->platform = store_column_platform(st, 1);
	if (a->platform == &platform_unknown)
		a->unknown_platform = column_strdup(st, 1);
	a->handle = column_strdup(st, 2);
	a->group = column_strdup(st, 3);
	a->api_base = column_strdup(st, 4);
	a->remote_id = column_strdup(st, 5);
	a->added_at = store_column_time(st, 6);
	a->active = a->platform != &platform_unknown &&
	    sqlite3_column_int(st, 7);
	sum->snapshots = sqlite3_column_int64(st, 8);
	sum->posts = sqlite3_column_int64(st, 9);
	sum->last_snapshot = store_column_time(st, 10);
	sum->followers = column_count(st, 11);
}

static int
accounts_list(struct store *s, int which, struct account_summary **out,
    size_t *n, char **cause)
{
	struct account_summary	*list = NULL;
	sqlite3_stmt		*st;
	size_t			 len = 0, cap = 0;
	int			 rc;

	if ((st = store_stmt(s, which, cause)) == NULL)
		return (-1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			list = xreallocarray(list, cap, sizeof *list);
		}
		memset(&list[len], 0, sizeof list[len]);
		summary_from_row(st, &list[len++]);
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, cause, "cannot list accounts");
		sqlite3_reset(st);
		store_accounts_free(list, len);
		return (-1);
	}
	sqlite3_reset(st);
	*out = list;
	*n = len;
	return (0);
}

int
store_accounts_list(struct store *s, struct account_summary **out,
    size_t *n, char **cause)
{
	return (accounts_list(s, STMT_ACCOUNTS_LIST, out, n, cause));
}

int
store_accounts_brief(struct store *s, struct account_summary **out,
    size_t *n, char **cause)
{
	return (accounts_list(s, STMT_ACCOUNTS_BRIEF, out, n, cause));
}

void
store_accounts_free(struct account_summary *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		account_release(&list[i].account);
	free(list);
}
