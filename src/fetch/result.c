/*
 * What one account's fetch found (posts with their tags and links), its
 * warnings, and how a whole job is freed.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "util/text.h"
#include "util/xmalloc.h"

static int	 has_string(char **, size_t, const char *);
static void	 add_string(char ***, size_t *, size_t, char *);

struct post *
fetch_result_add_post(struct fetch_result *r)
{
	struct post	*p;

	if (r->nposts == r->posts_cap) {
		r->posts_cap = r->posts_cap == 0 ? 16 : r->posts_cap * 2;
		r->posts = xreallocarray(r->posts, r->posts_cap,
		    sizeof *r->posts);
	}
	p = &r->posts[r->nposts++];
	memset(p, 0, sizeof *p);
	p->kind = post_kinds[0];
	return (p);
}

struct post *
fetch_result_find_post(struct fetch_result *r, const char *remote_id)
{
	size_t	 i;

	for (i = 0; i < r->nposts; i++) {
		if (strcmp(r->posts[i].remote_id, remote_id) == 0)
			return (&r->posts[i]);
	}
	return (NULL);
}

static int
has_string(char **list, size_t n, const char *s)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(list[i], s) == 0)
			return (1);
	}
	return (0);
}

/* Append s (taking it) unless it is empty, there already or max are. */
static void
add_string(char ***list, size_t *n, size_t max, char *copy)
{
	if (*n == max || *copy == '\0' || has_string(*list, *n, copy)) {
		free(copy);
		return;
	}
	*list = xreallocarray(*list, *n + 1, sizeof **list);
	(*list)[(*n)++] = copy;
}

void
fetch_post_add_tag(struct post *p, const char *s, size_t len)
{
	char	*tag;

	/* A NUL ends the tag: what follows is no part of it. */
	if ((tag = tag_normalise(s, strnlen(s, len))) != NULL)
		add_string(&p->tags, &p->ntags, POST_MAX_TAGS, tag);
}

void
fetch_post_add_link(struct post *p, const char *s, size_t len)
{
	add_string(&p->links, &p->nlinks, POST_MAX_LINKS,
	    xstrndup(s, len));
}

void
fetch_result_add_gone(struct fetch_result *r, const char *remote_id)
{
	add_string(&r->gone, &r->ngone, SIZE_MAX, xstrdup(remote_id));
}

void
fetch_result_clear_posts(struct fetch_result *r)
{
	size_t	 i;

	for (i = 0; i < r->nposts; i++)
		post_release(&r->posts[i]);
	r->nposts = 0;
	xfree_strings(r->gone, r->ngone);
	r->gone = NULL;
	r->ngone = 0;
}

void
fetch_result_release(struct fetch_result *r)
{
	fetch_result_clear_posts(r);
	free(r->posts);
	free(r->profile.remote_id);
	memset(r, 0, sizeof *r);
}

enum fetch_step_result
fetch_missing_secret(const struct fetch_job *job, char **cause)
{
	const struct platform	*p = job->account.platform;

	*cause = xasprintf("no %s %s: set %s or %s in the config file",
	    p->title, p->secret.what, p->secret.env, p->secret.key);
	return (FETCH_FAIL);
}

void
fetch_job_release(struct fetch_job *job)
{
	struct fetch_account	*a = &job->account;

	if (job->state != NULL && job->adapter != NULL &&
	    job->adapter->release != NULL)
		job->adapter->release(job);
	job->state = NULL;
	free(a->name);
	free(a->handle);
	free(a->api_base);
	free(a->remote_id);
	if (a->token != NULL) {
		secret_wipe(a->token, strlen(a->token));
		free(a->token);
	}
	xfree_strings(a->refresh_ids, a->nrefresh);
	free(a->check_times);
	a->check_times = NULL;
	a->ncheck = 0;
	a->name = a->handle = a->api_base = a->remote_id = a->token = NULL;
	a->refresh_ids = NULL;
	a->nrefresh = 0;
	fetch_result_release(&job->result);
	fetch_census_release(job->census);
	free(job->census);
	job->census = NULL;
	fetch_engagers_release(job->engagers);
	free(job->engagers);
	job->engagers = NULL;
	free(job->history.cursor);
	free(job->history.next);
	xfree_strings(job->history.seen, job->history.nseen);
	memset(&job->history, 0, sizeof job->history);
	free(job->error);
	free(job->note);
	free(job->warning);
	job->error = job->note = job->warning = NULL;
}

void
fetch_job_warn(struct fetch_job *job, const char *fmt, ...)
{
	va_list	 ap;
	char	*more, *both;

	va_start(ap, fmt);
	more = xvasprintf(fmt, ap);
	va_end(ap);
	if (job->warning == NULL) {
		job->warning = more;
		return;
	}
	both = xasprintf("%s; %s", job->warning, more);
	free(job->warning);
	free(more);
	job->warning = both;
}
