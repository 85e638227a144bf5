/*
 * The walk back through an account's post history, as adapters drive it:
 * where it starts, when it stops (its end, the request budget, a server
 * whose positions repeat or go backwards), and the checkpoint after each
 * page that lets the caller store the page with the position reached.
 */
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/* Has the walk asked for this position already, this run? */
static int
seen_before(const struct fetch_history *h, const char *pos)
{
	size_t	 i;

	for (i = 0; i < h->nseen; i++) {
		if (strcmp(h->seen[i], pos) == 0)
			return (1);
	}
	return (0);
}

/* Go on at pos: note it, and say where (the job's own copy). */
static const char *
go_to(struct fetch_history *h, const char *pos)
{
	char	*copy = xstrdup(pos);

	free(h->next);
	h->next = copy;
	h->seen = xreallocarray(h->seen, h->nseen + 1, sizeof *h->seen);
	h->seen[h->nseen++] = xstrdup(pos);
	return (h->next);
}

/* Requests a page costs: the page and what it needs besides. */
static int
page_cost(const struct fetch_job *job)
{
	return (job->history.page_cost > 0 ? job->history.page_cost : 1);
}

/* Can the next page be asked for within the account's budget? */
static int
within_budget(struct fetch_job *job)
{
	int	 max = job->account.max_requests;

	if (max <= 0 || job->requests + page_cost(job) <= max)
		return (1);
	job->history.budget_spent = 1;
	return (0);
}

/* The oldest post in the result (0: none): the recent walk's reach. */
static int64_t
result_oldest(const struct fetch_result *r)
{
	int64_t	 oldest = 0;
	size_t	 i;

	for (i = 0; i < r->nposts; i++) {
		if (oldest == 0 || r->posts[i].published_at < oldest)
			oldest = r->posts[i].published_at;
	}
	return (oldest);
}

/*
 * The recent walk stopped for the budget above posts newer than any
 * stored: those between are not read, and no walk of this run reaches
 * them (a walk under way goes on further back; a new one starts where
 * the recent posts end, and covers them).
 */
static void
warn_recent_gap(struct fetch_job *job)
{
	const struct fetch_budget	*b = &job->budget;
	const struct fetch_history	*h = &job->history;
	char				 from[TIME_ISO_SIZE], to[TIME_ISO_SIZE];

	if (!b->recent_cut || job->account.known_newest == 0 ||
	    b->recent_oldest <= job->account.known_newest ||
	    (h->wanted && h->cursor == NULL))
		return;
	job->budget.gap = 1;
	if (time_format(job->account.known_newest, from) != 0 ||
	    time_format(b->recent_oldest, to) != 0)
		return;
	fetch_job_warn(job, "the request budget (%d) cut the recent posts "
	    "short: those published between %s and %s are not read this run "
	    "(raise --max-requests)", job->account.max_requests, from, to);
}

/* Is refresh_ids[i] a recent post older than the recent walk reached? */
static int
unlisted(const struct fetch_job *job, size_t i)
{
	const struct fetch_account	*a = &job->account;
	int64_t				 since = job->budget.listed_since;

	return (i < a->ncheck && (since == 0 || a->check_times[i] < since));
}

/*
 * The refreshes are over: a post asked for by id that did not come back
 * (a 404, or left out of a batch reply) is gone from the platform. Those
 * the budget left for the next run were not asked.
 */
static void
note_gone(struct fetch_job *job)
{
	size_t	 i, n = job->account.nrefresh;

	if (job->budget.refresh_cut && job->budget.refresh_asked < n)
		n = job->budget.refresh_asked;
	for (i = 0; i < n; i++) {
		if (!unlisted(job, i) && fetch_result_find_post(&job->result,
		    job->account.refresh_ids[i]) == NULL)
			fetch_result_add_gone(&job->result,
			    job->account.refresh_ids[i]);
	}
}

/*
 * The requests that the refreshes and the recent pages of known posts
 * may reach together: half of what is left once they begin, when a
 * history walk is wanted.
 */
static int
share_cap(struct fetch_job *job)
{
	struct fetch_budget	*b = &job->budget;
	int			 max = job->account.max_requests, left;

	if (b->share_cap == 0) {
		left = max > job->requests ? max - job->requests : 0;
		b->share_cap = job->requests + (job->history.wanted ?
		    left / 2 : left);
	}
	return (b->share_cap);
}

int
fetch_recent_goes_on(struct fetch_job *job, int pages, int64_t oldest)
{
	int64_t	 known = job->account.known_newest;
	int	 cost = page_cost(job), max = job->account.max_requests, owed;
	int	 fresh;

	if (oldest == 0)
		oldest = result_oldest(&job->result);
	/* New posts are read whatever their number and age. */
	fresh = known != 0 && oldest > known;
	if (!fresh && (pages >= job->account.max_pages ||
	    oldest < job->account.recent_since)) {
		job->budget.reached_known = known != 0;
		return (0);
	}
	/* Each page read so far still owes what it needs besides itself. */
	owed = job->requests + pages * (cost - 1) + cost;
	if (max <= 0 || (owed <= max && (fresh || owed <= share_cap(job))))
		return (1);
	job->budget.recent_cut = 1;
	job->budget.recent_oldest = oldest;
	return (0);
}

/* Set the refreshes' share of the budget, once, as they begin. */
static void
refresh_setup(struct fetch_job *job)
{
	struct fetch_budget	*b = &job->budget;

	if (b->refresh_cap != 0)
		return;
	/* The result holds the recent posts only, so far. */
	b->listed_since = result_oldest(&job->result);
	b->refresh_cap = share_cap(job);
}

int
fetch_refresh_wanted(struct fetch_job *job, size_t i)
{
	refresh_setup(job);
	return (i < job->account.nrefresh && !unlisted(job, i) &&
	    fetch_result_find_post(&job->result,
	    job->account.refresh_ids[i]) == NULL);
}

int
fetch_refresh_goes_on(struct fetch_job *job, size_t *i)
{
	struct fetch_budget	*b = &job->budget;

	while (*i < job->account.nrefresh && !fetch_refresh_wanted(job, *i))
		(*i)++;
	if (*i >= job->account.nrefresh || b->refresh_cut)
		return (0);
	if (job->account.max_requests <= 0 || job->requests < b->refresh_cap)
		return (1);
	b->refresh_cut = 1;
	b->refresh_asked = *i;
	return (0);
}

const char *
fetch_history_start(struct fetch_job *job, const char *recent_next)
{
	struct fetch_history	*h = &job->history;
	const char		*from;

	note_gone(job);
	warn_recent_gap(job);
	/* The recent walk reached the end: nothing newer is left unread. */
	if (recent_next == NULL)
		job->budget.reached_known = 1;
	from = h->cursor != NULL ? h->cursor : recent_next;
	if (from == NULL) {
		/* The recent posts reached back to the first: wanted or not. */
		h->active = 1;
		h->complete = 1;
		return (NULL);
	}
	if (!h->wanted)
		return (NULL);
	/* What was read so far is stored before the first page. */
	job->checkpoint = 1;
	h->active = 1;
	/* Stored as where to go on, even if no page is read this run. */
	if (!within_budget(job)) {
		free(h->next);
		h->next = xstrdup(from);
		return (NULL);
	}
	return (go_to(h, from));
}

/* Count a page read, with its posts' times (0: none). */
static void
count_page(struct fetch_job *job, int64_t newest, int64_t oldest)
{
	struct fetch_history	*h = &job->history;

	job->checkpoint = 1;
	h->pages++;
	h->new_pages++;
	if (newest != 0)
		h->newest = newest;
	if (oldest != 0 && (h->oldest == 0 || oldest < h->oldest))
		h->oldest = oldest;
}

void
fetch_history_halt(struct fetch_job *job, int64_t newest, int64_t oldest)
{
	count_page(job, newest, oldest);
}

const char *
fetch_history_page(struct fetch_job *job, const char *next, size_t items,
    int64_t newest, int64_t oldest)
{
	struct fetch_history	*h = &job->history;
	int64_t			 before = h->newest;

	count_page(job, newest, oldest);
	if (items == 0 || next == NULL || *next == '\0') {
		h->complete = 1;
		free(h->next);
		h->next = NULL;
		return (NULL);
	}
	/* h->next stays the position of this page: the next run asks again. */
	if (seen_before(h, next)) {
		fetch_job_warn(job, "history walk stopped after page %d: the "
		    "server's next position repeats one already read", h->pages);
		return (NULL);
	}
	if (before != 0 && newest > before) {
		fetch_job_warn(job, "history walk stopped after page %d: the "
		    "server's next page went back to newer posts", h->pages);
		return (NULL);
	}
	if (!within_budget(job)) {
		free(h->next);
		h->next = xstrdup(next);
		return (NULL);
	}
	return (go_to(h, next));
}
