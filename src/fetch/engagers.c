/*
 * The pass through one list of a post (who liked, reposted or quoted
 * it), as the engager adapters drive it: when a pass stops (its end, a
 * known engager, a repeated cursor, the budget), and the checkpoint
 * after each page that lets the caller store it.
 */
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "util/keyhash.h"
#include "util/xmalloc.h"

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(const char *const *)a, *(const char *const *)b));
}

/* 1 if the list's stored engagers hold this actor (by hash if hashed). */
static int
known(const struct fetch_engagers *g, const char *actor)
{
	char		 hash[KEYHASH_SIZE];
	const char	*key = actor;

	if (g->nknown == 0)
		return (0);
	if (g->hash_key != NULL) {
		if (keyhash(g->hash_key, g->platform_name, actor, hash) != 0)
			return (0);
		key = hash;
	}
	return (bsearch(&key, g->known, g->nknown, sizeof *g->known,
	    cmp_str) != NULL);
}

struct engagement *
fetch_engagers_add(struct fetch_job *job, const char *actor)
{
	struct fetch_engagers	*g = job->engagers;
	struct engagement	*e;

	if (g->npage == g->page_cap) {
		g->page_cap = g->page_cap ? g->page_cap * 2 : 128;
		g->page = xreallocarray(g->page, g->page_cap,
		    sizeof *g->page);
	}
	e = &g->page[g->npage++];
	memset(e, 0, sizeof *e);
	e->kind = g->kind;
	e->actor = xstrdup(actor);
	e->at_source = ENGAGEMENT_AT_SEEN;
	e->followers = COUNT_UNKNOWN;
	/*
	 * Newest first: above the first known engager of a pass from the
	 * top, everyone came after the last pass that ended; below it,
	 * only the post's publication bounds them (a pass that reads the
	 * whole list finds there who an earlier one missed).
	 */
	if (known(g, actor))
		g->below_known = 1;
	else if (!g->below_known && g->cursor == NULL)
		e->after = g->fresh_after;
	g->read++;
	return (e);
}

static int
seen_before(const struct fetch_engagers *g, const char *pos)
{
	size_t	 i;

	for (i = 0; i < g->nseen; i++)
		if (strcmp(g->seen[i], pos) == 0)
			return (1);
	return (0);
}

const char *
fetch_engagers_page(struct fetch_job *job, const char *next)
{
	struct fetch_engagers	*g = job->engagers;
	int			 max = job->account.max_requests;

	g->pages++;
	job->checkpoint = 1;
	free(g->next);
	g->next = NULL;
	if (next != NULL && seen_before(g, next)) {
		fetch_job_warn(job, "the %s list of a post repeats its next "
		    "page: it is read down to there",
		    engagement_kind_name(g->kind));
		next = NULL;
	}
	if (next == NULL || (g->below_known && !g->whole)) {
		g->ended = 1;
		return (NULL);
	}
	g->next = xstrdup(next);
	if (max > 0 && job->requests + 1 > max) {
		g->budget_spent = 1;
		return (NULL);
	}
	g->seen = xreallocarray(g->seen, g->nseen + 1, sizeof *g->seen);
	g->seen[g->nseen++] = xstrdup(next);
	return (g->next);
}

void
fetch_engagers_clear(struct fetch_engagers *g)
{
	size_t	 i;

	for (i = 0; i < g->npage; i++)
		engagement_release(&g->page[i]);
	g->npage = 0;
}

void
fetch_engagers_release(struct fetch_engagers *g)
{
	size_t	 i;

	if (g == NULL)
		return;
	fetch_engagers_clear(g);
	fetch_purse_release(g->purse);
	free(g->page);
	free(g->post);
	free(g->cursor);
	free(g->next);
	for (i = 0; i < g->nknown; i++)
		free(g->known[i]);
	free(g->known);
	for (i = 0; i < g->nseen; i++)
		free(g->seen[i]);
	free(g->seen);
	if (g->hash_key != NULL) {
		secret_wipe(g->hash_key, strlen(g->hash_key));
		free(g->hash_key);
	}
	memset(g, 0, sizeof *g);
}
