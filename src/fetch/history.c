/*
 * The walk back through an account's post history, as adapters drive it:
 * where it starts, when it stops (its end, the request budget, a server
 * whose positions repeat or go backwards), and the checkpoint after each
 * page that lets the caller store the page with the position reached.
 */
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
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

/* Can the next page be asked for within the account's budget? */
static int
within_budget(struct fetch_job *job)
{
	struct fetch_history	*h = &job->history;
	int			 cost = h->page_cost > 0 ? h->page_cost : 1;

	if (h->max_requests <= 0 || job->requests + cost <= h->max_requests)
		return (1);
	h->budget_spent = 1;
	return (0);
}

/*
 * The refreshes are over: a post asked for by id that did not come back
 * (a 404, or left out of a batch reply) is gone from the platform.
 */
static void
note_gone(struct fetch_job *job)
{
	size_t	 i;

	for (i = 0; i < job->account.nrefresh; i++) {
		if (fetch_result_find_post(&job->result,
		    job->account.refresh_ids[i]) == NULL)
			fetch_result_add_gone(&job->result,
			    job->account.refresh_ids[i]);
	}
}

int
fetch_recent_goes_on(const struct fetch_job *job, int pages, int64_t oldest)
{
	return (pages < job->account.max_pages &&
	    (oldest == 0 || oldest >= job->account.recent_since));
}

const char *
fetch_history_start(struct fetch_job *job, const char *recent_next)
{
	struct fetch_history	*h = &job->history;
	const char		*from;

	note_gone(job);
	if (!h->wanted)
		return (NULL);
	/* What was read so far is stored before the first page. */
	job->checkpoint = 1;
	h->active = 1;
	from = h->cursor != NULL ? h->cursor : recent_next;
	if (from == NULL) {
		/* The recent posts reached back to the first one. */
		h->complete = 1;
		return (NULL);
	}
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
