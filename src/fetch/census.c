/*
 * The census walk through an account's follower list, as the census
 * adapters drive it: which phase comes when, when a walk stops (its end,
 * a known follower, a repeated cursor, the request budget), and the
 * checkpoint after each page that lets the caller store it.
 */
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "util/keyhash.h"
#include "util/xmalloc.h"

/* The window audience measures activity in, and a comparison must span. */
#define CENSUS_WINDOW	(30 * 24 * 60 * 60)

enum fetch_census_phase
fetch_census_first(struct fetch_job *job)
{
	struct fetch_census	*c = job->census;

	/* A full walk from the top lists the new followers too. */
	if (c->full && c->cursor == NULL)
		return (CENSUS_PHASE_FULL);
	return (CENSUS_PHASE_NEW);
}

enum fetch_census_phase
fetch_census_next(struct fetch_job *job)
{
	struct fetch_census		*c = job->census;
	enum fetch_census_phase		 phase = c->phase, next;

	if (phase == CENSUS_PHASE_NEW && c->full)
		next = CENSUS_PHASE_FULL;
	else if ((phase == CENSUS_PHASE_NEW || phase == CENSUS_PHASE_FULL) &&
	    c->nverify > 0 && !c->budget_spent)
		next = CENSUS_PHASE_VERIFY;
	/* Its requests are kept for it: it runs when the walk ran out. */
	else if (phase != CENSUS_PHASE_ACTIVITY && c->sampled < c->nsample)
		next = CENSUS_PHASE_ACTIVITY;
	else
		return (CENSUS_PHASE_NONE);
	/* What the phase read is stored before the next one's request. */
	job->checkpoint = 1;
	return (next);
}

struct census_follower *
fetch_census_add(struct fetch_job *job)
{
	struct fetch_census	*c = job->census;
	struct census_follower	*f;

	if (c->npage == c->page_cap) {
		c->page_cap = c->page_cap ? c->page_cap * 2 : 128;
		c->page = xreallocarray(c->page, c->page_cap,
		    sizeof *c->page);
	}
	f = &c->page[c->npage++];
	memset(f, 0, sizeof *f);
	f->posts = COUNT_UNKNOWN;
	f->followers = COUNT_UNKNOWN;
	return (f);
}

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(const char *const *)a, *(const char *const *)b));
}

int
fetch_census_known(const struct fetch_job *job, const char *id)
{
	const struct fetch_census	*c = job->census;
	char				 hash[KEYHASH_SIZE];
	const char			*key = id;

	if (c->nknown == 0)
		return (0);
	/* In the hashed mode the census knows its followers by hash. */
	if (c->hash_key != NULL) {
		if (keyhash(c->hash_key, c->platform_name, id, hash) != 0)
			return (0);
		key = hash;
	}
	return (bsearch(&key, c->known, c->nknown, sizeof *c->known,
	    cmp_str) != NULL);
}

struct census_follower *
fetch_census_check_add(struct fetch_job *job)
{
	struct fetch_census	*c = job->census;
	struct census_follower	*f;

	if (c->nchecks == c->checks_cap) {
		c->checks_cap = c->checks_cap ? c->checks_cap * 2 : 32;
		c->checks = xreallocarray(c->checks, c->checks_cap,
		    sizeof *c->checks);
	}
	f = &c->checks[c->nchecks++];
	memset(f, 0, sizeof *f);
	f->posts = COUNT_UNKNOWN;
	f->followers = COUNT_UNKNOWN;
	c->checked++;
	return (f);
}

struct census_follower *
fetch_census_follow_add(struct fetch_job *job)
{
	struct fetch_census	*c = job->census;
	struct census_follower	*f;

	c->follows = xreallocarray(c->follows, c->nfollows + 1,
	    sizeof *c->follows);
	f = &c->follows[c->nfollows++];
	memset(f, 0, sizeof *f);
	f->posts = COUNT_UNKNOWN;
	f->followers = COUNT_UNKNOWN;
	c->follows_read++;
	return (f);
}

struct census_severance *
fetch_census_severed_add(struct fetch_job *job)
{
	struct fetch_census	*c = job->census;
	struct census_severance	*e;

	c->severed = xreallocarray(c->severed, c->nsevered + 1,
	    sizeof *c->severed);
	e = &c->severed[c->nsevered++];
	memset(e, 0, sizeof *e);
	e->followers = COUNT_UNKNOWN;
	c->severed_read++;
	return (e);
}

int
fetch_census_notify_affords(struct fetch_job *job)
{
	int	 max = job->account.max_requests;

	if (max <= 0 || job->requests + 1 <= max / 2)
		return (1);
	job->census->notify_cut = 1;
	return (0);
}

/*
 * A notification that cannot be read is skipped, not a failure: it stays
 * in the owner's list, so failing on it would fail every later run too.
 * What it held (a follow time, a severance) is lost; the walk is not.
 */
void
fetch_census_notify_skip(char **cause, char **first, size_t *skipped)
{
	if (*first == NULL)
		*first = *cause;
	else
		free(*cause);
	*cause = NULL;
	(*skipped)++;
}

void
fetch_census_notify_warn(struct fetch_job *job, size_t skipped, char *first)
{
	if (skipped > 0)
		fetch_job_warn(job, "%zu notification%s could not be read and "
		    "%s skipped (%s)", skipped, skipped == 1 ? "" : "s",
		    skipped == 1 ? "was" : "were", first);
	free(first);
}

/* A pass is over: 1 when a pass from the top follows, else 0. */
static int
notify_pass_end(struct fetch_job *job)
{
	struct fetch_census	*c = job->census;

	if (c->notify_top != NULL) {
		free(c->notify_newest);
		c->notify_newest = c->notify_top;
		c->notify_top = NULL;
	}
	free(c->notify_cursor);
	c->notify_cursor = NULL;
	if (!c->notify_again || !fetch_census_notify_affords(job))
		return (0);
	c->notify_again = 0;
	return (1);
}

enum fetch_notify_next
fetch_census_notify_page(struct fetch_job *job, char *next, int repeats)
{
	struct fetch_census	*c = job->census;

	c->notify_held = 1;
	job->checkpoint = 1;
	/* A next page where this one was would go round for ever. */
	if (next != NULL && repeats) {
		fetch_job_warn(job, "the notifications' next page repeats: "
		    "they are read down to there");
		free(next);
		next = NULL;
	}
	if (next == NULL)
		return (notify_pass_end(job) ? FETCH_NOTIFY_TOP :
		    FETCH_NOTIFY_STOP);
	free(c->notify_cursor);
	c->notify_cursor = next;
	return (fetch_census_notify_affords(job) ? FETCH_NOTIFY_ON :
	    FETCH_NOTIFY_STOP);
}

int
fetch_census_affords(struct fetch_job *job)
{
	struct fetch_census	*c = job->census;
	int			 max = job->account.max_requests;
	int			 keep;

	keep = c->phase == CENSUS_PHASE_ACTIVITY ? 0 : c->reserve;
	if (max <= 0 || job->requests + 1 + keep <= max)
		return (1);
	c->budget_spent = 1;
	return (0);
}

static int
seen_before(const struct fetch_census *c, const char *pos)
{
	size_t	 i;

	for (i = 0; i < c->nseen; i++)
		if (strcmp(c->seen[i], pos) == 0)
			return (1);
	return (0);
}

const char *
fetch_census_page(struct fetch_job *job, const char *next, int stop)
{
	struct fetch_census	*c = job->census;

	c->pages++;
	c->held = c->phase;
	free(c->next);
	c->next = next != NULL ? xstrdup(next) : NULL;
	job->checkpoint = 1;
	if (stop || next == NULL) {
		c->ended = 1;
		return (NULL);
	}
	if (seen_before(c, next)) {
		/*
		 * A server that loops would have us walk for ever; what it
		 * listed is stored, but a list we could not read to its end
		 * says nothing of who left.
		 */
		fetch_job_warn(job, "the follower list's cursor repeats after "
		    "%zu followers: the walk stops there, and no losses are "
		    "counted from it", c->listed + c->npage);
		free(c->next);
		c->next = NULL;
		c->ended = 1;
		c->broken = 1;
		return (NULL);
	}
	c->seen = xreallocarray(c->seen, c->nseen + 1, sizeof *c->seen);
	c->seen[c->nseen++] = xstrdup(next);
	if (!fetch_census_affords(job))
		return (NULL);
	return (c->next);
}

/* The walk ends here with its list not read: held, to be stored. */
static void
end_unread(struct fetch_job *job)
{
	struct fetch_census	*c = job->census;

	c->held = c->phase;
	c->ended = 1;
	free(c->next);
	c->next = NULL;
	job->checkpoint = 1;
}

void
fetch_census_empty(struct fetch_job *job)
{
	struct fetch_census	*c = job->census;

	static const char	 what[] = "the follower list came back empty "
				    "although the account counts %lld "
				    "followers: taken as not read (no losses "
				    "counted), the next run reads it again";

	/* Said as a warning where it would have lost followers known. */
	if (c->nknown > 0)
		fetch_job_warn(job, what, (long long)c->platform_count);
	else {
		free(job->note);
		job->note = xasprintf(what, (long long)c->platform_count);
	}
	c->broken = 1;
	end_unread(job);
}

void
fetch_census_hidden(struct fetch_job *job)
{
	struct fetch_census	*c = job->census;

	c->hidden = c->was_hidden = 1;
	end_unread(job);
}

void
fetch_census_gone(struct fetch_job *job, const char *id, const char *why)
{
	struct fetch_census	*c = job->census;

	c->gone_ids = xreallocarray(c->gone_ids, c->ngone + 1,
	    sizeof *c->gone_ids);
	c->gone_why = xreallocarray(c->gone_why, c->ngone + 1,
	    sizeof *c->gone_why);
	c->gone_ids[c->ngone] = xstrdup(id);
	c->gone_why[c->ngone++] = why;
}

int
fetch_census_page_size(struct fetch_job *job, int max)
{
	struct fetch_census	*c = job->census;
	int64_t			 n;

	if (c->read_price <= 0)
		return (max);
	/* What an earlier request took and its reply did not use. */
	fetch_purse_give(c->purse, c->read_price, c->taken);
	n = c->taken = fetch_purse_take(c->purse, c->read_price, max);
	if (n <= 0) {
		c->cap_spent = 1;
		return (0);
	}
	return ((int)n);
}

/* Reads a reply held: out of what its request took, the rest given back. */
void
fetch_census_spend(struct fetch_job *job, size_t reads)
{
	struct fetch_census	*c = job->census;

	if (c->read_price <= 0)
		return;
	fetch_purse_give(c->purse, c->read_price, c->taken - (int64_t)reads);
	c->taken = 0;
}

struct fetch_purse *
fetch_purse_new(int64_t left)
{
	struct fetch_purse	*p;

	p = xcalloc(1, sizeof *p);
	p->left = left > 0 ? left : 0;
	p->refs = 1;
	return (p);
}

struct fetch_purse *
fetch_purse_ref(struct fetch_purse *p)
{
	if (p != NULL)
		p->refs++;
	return (p);
}

void
fetch_purse_release(struct fetch_purse *p)
{
	if (p != NULL && --p->refs == 0)
		free(p);
}

int64_t
fetch_purse_take(struct fetch_purse *p, int64_t price, int64_t max)
{
	int64_t	 n;

	if (p == NULL || price <= 0 || max <= 0)
		return (0);
	n = p->left / price;
	if (n > max)
		n = max;
	p->left -= n * price;
	return (n);
}

void
fetch_purse_give(struct fetch_purse *p, int64_t price, int64_t unread)
{
	if (p == NULL || price <= 0 || unread == 0)
		return;
	p->left += unread * price;
	if (p->left < 0)
		p->left = 0;
}

/*
 * A count that moved between two listings at least CENSUS_WINDOW apart
 * means a post (or a deletion) between them: last_active becomes this
 * listing's time, a bound (the post came at it or before), not the
 * post's time; one that did not move keeps the last_active known (none:
 * no post seen). A listing sooner than that after the stored count says
 * nothing of the 30 days audience asks about, and keeps the stored count
 * to compare with (posts unknown: the store keeps it, and when it was
 * read); a first count says nothing of when. So an active follower is
 * not known sooner than a quiet one.
 */
void
fetch_census_judge(const struct census_follower *was, int64_t now,
    struct census_follower *f)
{
	int64_t	 posts = f->posts;

	f->active_known = 0;
	if (posts == COUNT_UNKNOWN)
		return;
	if (was->posts == COUNT_UNKNOWN || was->posts_at == 0)
		return;
	if (now - was->posts_at < CENSUS_WINDOW) {
		f->posts = COUNT_UNKNOWN;
		return;
	}
	f->active_known = 1;
	f->last_active = posts != was->posts ? now : was->last_active;
}

void
fetch_census_clear(struct fetch_census *c)
{
	size_t	 i;

	c->listed += c->npage;
	for (i = 0; i < c->npage; i++)
		census_follower_release(&c->page[i]);
	c->npage = 0;
	c->pages = 0;
	c->held = CENSUS_PHASE_NONE;
	c->ended = c->hidden = c->broken = 0;
	for (i = 0; i < c->ngone; i++)
		free(c->gone_ids[i]);
	c->ngone = 0;
	for (i = 0; i < c->nchecks; i++)
		census_follower_release(&c->checks[i]);
	c->nchecks = 0;
	for (i = 0; i < c->nfollows; i++)
		census_follower_release(&c->follows[i]);
	c->nfollows = 0;
	for (i = 0; i < c->nsevered; i++)
		census_severance_release(&c->severed[i]);
	c->nsevered = 0;
	c->notify_held = 0;
}

static void
free_list(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
fetch_census_release(struct fetch_census *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	fetch_census_clear(c);
	fetch_purse_release(c->purse);
	free(c->page);
	free(c->checks);
	for (i = 0; i < c->nsample; i++)
		census_follower_release(&c->sample[i]);
	free(c->sample);
	free(c->gone_ids);
	free(c->gone_why);
	free(c->cursor);
	free(c->next);
	free(c->follows);
	free(c->severed);
	free(c->notify_newest);
	free(c->notify_top);
	free(c->notify_cursor);
	free(c->token_from);
	if (c->hash_key != NULL) {
		secret_wipe(c->hash_key, strlen(c->hash_key));
		free(c->hash_key);
	}
	free_list(c->known, c->nknown);
	free_list(c->verify, c->nverify);
	free_list(c->seen, c->nseen);
	memset(c, 0, sizeof *c);
}
