/* A census job's pages, stored as the job reads them. */
#include <stdlib.h>

#include "cmd/census-billed.h"
#include "cmd/snapshot.h"
#include "fetch/fetch.h"
#include "store/store.h"
#include "util/keyhash.h"
#include "util/xmalloc.h"

/*
 * The followers new to the census came after the last walk before this
 * run; those of the first full walk were there when the census began.
 */
static int64_t
followed_after(const struct fetch_census *c)
{
	if (c->held == CENSUS_PHASE_FULL && c->first_census)
		return (0);
	return (c->prev_walk);
}

/*
 * In the hashed mode a follower is kept as a keyed hash of its id and
 * nothing else names it: no uri, no handle.
 */
static int
hash_followers(struct fetch_census *c, struct census_follower *v, size_t n,
    char **cause)
{
	struct census_follower	*f;
	char			 hash[KEYHASH_SIZE];
	size_t			 i;

	for (i = 0; i < n; i++) {
		f = &v[i];
		if (keyhash(c->hash_key, c->platform_name, f->id, hash) != 0) {
			*cause = xstrdup("cannot hash a follower's id");
			return (-1);
		}
		free(f->id);
		free(f->uri);
		free(f->handle);
		f->id = xstrdup(hash);
		f->uri = f->handle = NULL;
	}
	return (0);
}

/*
 * Where the list shows post counts but no times (X), each follower's
 * activity from their count against the one stored.
 */
static int
judge_page(struct store *store, struct fetch_job *job, int64_t now,
    char **cause)
{
	struct fetch_census	*c = job->census;
	struct census_follower	*was;
	size_t			 i;
	int			 rc;

	if (!job->account.platform->census_activity_by_count || c->npage == 0)
		return (0);
	was = xcalloc(c->npage, sizeof *was);
	if ((rc = store_census_counts(store, job->account.id, c->page,
	    c->npage, was, cause)) == 0)
		for (i = 0; i < c->npage; i++)
			fetch_census_judge(&was[i], now, &c->page[i]);
	free(was);
	return (rc);
}

/* The page held: its followers, its walk's progress, the walk's end. */
static int
store_page(struct store *store, struct fetch_job *job, char **cause)
{
	struct fetch_census	*c = job->census;
	int64_t			 id = job->account.id, now = job->finished_at;
	int64_t			*walk;
	size_t			 gained, lost;
	int			 full = c->held == CENSUS_PHASE_FULL;

	if (c->hash_key != NULL && hash_followers(c, c->page, c->npage,
	    cause) != 0)
		return (-1);
	if (census_billed_record(store, job, cause) != 0 ||
	    judge_page(store, job, now, cause) != 0)
		return (-1);
	walk = full ? &c->full_walk : &c->new_walk;
	if (*walk == 0 && store_census_walk_start(store, id, full, now,
	    c->platform_count, walk, cause) != 0)
		return (-1);
	if (store_census_page(store, id, c->page, c->npage, now,
	    followed_after(c), &gained, cause) != 0)
		return (-1);
	if (store_census_walk_update(store, *walk, full && !c->ended ?
	    c->next : NULL, c->pages, c->npage, gained, now, cause) != 0)
		return (-1);
	c->gained += gained;
	if (!c->ended)
		return (0);
	if (store_census_walk_end(store, id, *walk, full, c->broken,
	    !c->hidden ? 0 : c->owner ? CENSUS_HIDDEN_TO_OWNER : CENSUS_HIDDEN,
	    now, &lost, cause) != 0)
		return (-1);
	c->lost += lost;
	c->read_whole |= full && !c->broken && !c->hidden;
	*walk = 0;
	return (0);
}

/*
 * The owner's notifications read since the last checkpoint: the follow
 * times (by hash in the hashed mode), the severance events, and how far
 * the notifications are read.
 */
static int
store_notify(struct store *store, struct fetch_job *job, char **cause)
{
	struct fetch_census		*c = job->census;
	struct census_notify_state	 ns;
	int64_t				 id = job->account.id;
	size_t				 i;

	if (c->hash_key != NULL && hash_followers(c, c->follows,
	    c->nfollows, cause) != 0)
		return (-1);
	if (store_census_follow_times(store, id, c->follows, c->nfollows,
	    cause) != 0)
		return (-1);
	for (i = 0; i < c->nsevered; i++)
		if (store_census_severance(store, id, &c->severed[i],
		    cause) != 0)
			return (-1);
	ns.newest = c->notify_newest;
	ns.pass_top = c->notify_top;
	ns.cursor = c->notify_cursor;
	ns.login_at = c->login_at;
	return (store_census_notify_put(store, id, &ns, cause));
}

int
snapshot_store_census(struct store *store, struct fetch_job *job,
    char **cause)
{
	struct fetch_census	*c = job->census;
	size_t			 i;

	if (store_begin(store, cause) != 0)
		return (-1);
	if (c->notify_held && store_notify(store, job, cause) != 0)
		goto fail;
	if (c->held != CENSUS_PHASE_NONE && store_page(store, job,
	    cause) != 0)
		goto fail;
	for (i = 0; i < c->ngone; i++)
		if (store_census_reason(store, job->account.id,
		    c->gone_ids[i], c->gone_why[i], cause) != 0)
			goto fail;
	if (store_census_activity(store, job->account.id, c->checks,
	    c->nchecks, job->finished_at, cause) != 0)
		goto fail;
	if (store_commit(store, cause) != 0)
		return (-1);
	job->checkpoints++;
	fetch_census_clear(c);
	return (0);
fail:
	store_rollback(store);
	return (-1);
}
