/*
 * Who engaged with each post (the census, part 2): one job a list of a
 * post, run beside the census jobs after the accounts' own (their fresh
 * counts say which lists grew), each page stored as the job reads it.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/census-billed.h"
#include "cmd/snapshot.h"
#include "fetch/fetch.h"
#include "store/store.h"
#include "util/keyhash.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* Engagers a pass knows of a list, the newest: enough to stop at. */
#define KNOWN_MAX	1000
/* Engagers a page holds at the least (Mastodon's 80; Bluesky's 100). */
#define PAGE_LEAST	80
/*
 * A list read whole again when it stores fewer than its count by more
 * than this share (a missed page, a pass cut short), at most weekly:
 * Bluesky counts engagers whose accounts are gone, which no list shows.
 */
#define MISSED_SHARE	20
#define REREAD_EVERY	(7 * 24 * 60 * 60)

/*
 * Whether a pass from the top reads the list whole: never read (nobody
 * known to stop at), or missing more than what deleted accounts explain.
 */
static int
reads_whole(const struct engager_due *d, int64_t now)
{
	int64_t	 slack;

	if (d->list.read_at == 0)
		return (1);
	if (d->count == COUNT_UNKNOWN || now - d->list.ended_at <
	    REREAD_EVERY)
		return (0);
	slack = d->count / MISSED_SHARE > 2 ? d->count / MISSED_SHARE : 2;
	return (d->stored + slack < d->count);
}

/*
 * The requests a list is likely to take this run, at most the platform's
 * per list: a page for what its count grew by (all of it when read
 * whole), one more for the page that shows where the known begin; and
 * where reach is looked up apart, a request a batch of them.
 */
static int
requests_wanted(const struct engager_due *d, const struct platform *p,
    int whole)
{
	int64_t	 grown, pages;

	if (d->count == COUNT_UNKNOWN)
		grown = PAGE_LEAST;
	else
		grown = whole ? d->count : d->count - (d->list.count > 0 ?
		    d->list.count : 0);
	if (grown < 0)
		grown = 0;
	pages = 1 + (grown + PAGE_LEAST - 1) / PAGE_LEAST;
	if (d->kind != ENGAGEMENT_LIKE && p->engager_reach_batch > 0)
		pages += (grown + p->engager_reach_batch - 1) /
		    p->engager_reach_batch;
	return (pages > p->engager_list_requests ? p->engager_list_requests :
	    (int)pages);
}

static struct fetch_job *
list_job(struct store *store, const struct fetch_job *done,
    const struct engager_due *d, int requests, const char *key)
{
	const struct fetch_account	*from = &done->account;
	struct fetch_job		*job;
	struct fetch_account		*fa;
	struct fetch_engagers		*g;
	char				*cause = NULL;

	job = xcalloc(1, sizeof *job);
	job->adapter = from->platform->engagers;
	fa = &job->account;
	fa->id = from->id;
	fa->platform = from->platform;
	fa->name = xstrdup(from->name);
	fa->handle = xstrdup(from->handle);
	fa->api_base = xstrdup(from->api_base);
	/* Mastodon's token goes to the author's server only (adapter). */
	fa->token = from->token != NULL ? xstrdup(from->token) : NULL;
	/* The account's stable id: Bluesky's posts are named under it. */
	fa->remote_id = done->result.profile.remote_id != NULL ?
	    xstrdup(done->result.profile.remote_id) : NULL;
	fa->now = from->now;
	fa->max_requests = requests;
	job->engagers = g = xcalloc(1, sizeof *g);
	g->post_id = d->post_id;
	g->post = xstrdup(d->remote_id);
	g->kind = d->kind;
	g->count = d->count;
	g->published_at = d->published_at;
	g->ended_before = d->list.ended_at;
	g->count_before = d->list.count;
	if (d->list.cursor != NULL) {
		g->cursor = xstrdup(d->list.cursor);
		g->whole = d->list.whole;
	} else {
		g->whole = reads_whole(d, fa->now);
		g->fresh_after = d->list.ended_at;
	}
	g->hash_key = key != NULL ? xstrdup(key) : NULL;
	g->platform_name = fa->platform->name;
	if (!g->whole && store_engagers_known(store, d->post_id, d->kind,
	    KNOWN_MAX, &g->known, &g->nknown, &cause) != 0) {
		job->failed = 1;
		job->error_kind = FETCH_ERR_NONE;
		job->error = cause;
	}
	return (job);
}

/*
 * Where engager reads are billed, the purse the account's census took
 * from the month's cap this run, or NULL: no census asked for or able
 * to run (its job says why), or nothing left of the cap (said here).
 */
static struct fetch_purse *
billed_purse(const struct fetch_job *done, const struct fetch_job *census)
{
	const struct platform	*p = done->account.platform;
	struct fetch_purse	*purse;

	if (census == NULL || census->failed || census->census == NULL ||
	    (purse = census->census->purse) == NULL)
		return (NULL);
	if (purse->left < p->engager_read_price) {
		log_info("%s: engagers: this month's cap on reads is spent: "
		    "no list is read until next month, or until the cap is "
		    "raised", done->account.name);
		return (NULL);
	}
	return (purse);
}

void
snapshot_engager_jobs(struct store *store, const struct fetch_job *done,
    const struct fetch_job *census, int max_requests,
    struct fetch_job ***jobs, size_t *njobs)
{
	const struct platform	*p = done->account.platform;
	struct engager_due	*due = NULL;
	struct fetch_purse	*purse = NULL;
	struct fetch_job	*job;
	enum census_mode	 mode;
	char			*cause = NULL, *key = NULL;
	size_t			 n = 0, i;
	int			 left, want;

	if (p->engagers == NULL || store_census_mode(store,
	    done->account.id, &mode, &cause) != 0 || mode == CENSUS_MODE_OFF ||
	    (mode == CENSUS_MODE_DEFAULT && census_billed(p)))
		goto out;
	if (p->engager_read_price > 0 &&
	    (purse = billed_purse(done, census)) == NULL)
		goto out;
	/* A key missing or wrong is the census job's error to tell. */
	if (mode == CENSUS_MODE_HASHED) {
		snapshot_census_key(store, &done->account, &key, &cause);
		if (cause != NULL)
			goto out;
	}
	left = max_requests > 0 ? max_requests : p->engager_max_requests;
	if (store_engagers_due(store, done->account.id, p->engager_kinds,
	    done->account.now, RECENT_DAYS * 24 * 60 * 60, (size_t)left,
	    &due, &n, &cause) != 0) {
		log_warn("%s: engagers: %s", done->account.name, cause);
		goto out;
	}
	for (i = 0; i < n && left > 0; i++) {
		want = requests_wanted(&due[i], p, due[i].list.cursor != NULL ?
		    due[i].list.whole : reads_whole(&due[i],
		    done->account.now));
		if (want > left)
			want = left;
		left -= want;
		job = list_job(store, done, &due[i], want, key);
		if (purse != NULL) {
			job->engagers->purse = fetch_purse_ref(purse);
			job->engagers->read_price = p->engager_read_price;
		}
		*jobs = xreallocarray(*jobs, *njobs + 1, sizeof **jobs);
		(*jobs)[(*njobs)++] = job;
	}
out:
	engager_due_free(due, n);
	if (key != NULL) {
		secret_wipe(key, strlen(key));
		free(key);
	}
	free(cause);
}

/* In the hashed mode an engager is a keyed hash of their id, no handle. */
static int
hash_page(struct fetch_engagers *g, char **cause)
{
	struct engagement	*e;
	char			 hash[KEYHASH_SIZE];
	size_t			 i;

	for (i = 0; i < g->npage; i++) {
		e = &g->page[i];
		if (keyhash(g->hash_key, g->platform_name, e->actor,
		    hash) != 0) {
			*cause = xstrdup("cannot hash an engager's id");
			return (-1);
		}
		free(e->actor);
		free(e->handle);
		e->actor = xstrdup(hash);
		e->handle = NULL;
	}
	return (0);
}

int
snapshot_store_engagers(struct store *store, struct fetch_job *job,
    char **cause)
{
	struct fetch_engagers	*g = job->engagers;
	struct engager_list	 l;
	int64_t			 now = job->finished_at;

	if (g->hash_key != NULL && hash_page(g, cause) != 0)
		return (-1);
	memset(&l, 0, sizeof l);
	l.cursor = g->ended ? NULL : g->next;
	l.whole = !g->ended && g->whole && l.cursor != NULL;
	l.read_at = now;
	/* Until a pass ends, the list stays due as it was. */
	l.ended_at = g->ended ? now : g->ended_before;
	l.count = g->ended ? g->count : g->count_before;
	if (store_begin(store, cause) != 0)
		return (-1);
	if (store_engagers_page(store, job->account.id, g->post_id, g->kind,
	    g->page, g->npage, now, g->published_at, &l, cause) != 0 ||
	    (g->billed > 0 && store_census_spend_add(store, job->account.id,
	    now, 0, g->billed * g->read_price, cause) != 0)) {
		store_rollback(store);
		return (-1);
	}
	if (store_commit(store, cause) != 0)
		return (-1);
	job->checkpoints++;
	g->billed = 0;
	fetch_engagers_clear(g);
	return (0);
}
