/* Write an import's staged rows, in the store's transaction. */
#include <stdlib.h>
#include <string.h>

#include "cmd/import.h"
#include "store/stage.h"
#include "store/store.h"
#include "util/host.h"
#include "util/text.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/* Say the store's failure (taking its message); return -1. */
static int
store_failed(struct importer *imp, char *cause)
{
	import_fail(imp, "%s", cause);
	free(cause);
	return (-1);
}

/*
 * The URL a handle makes tideline fetch from, as a new string: a
 * Mastodon account's server; for a platform with no service of its own
 * (a feed), the handle itself. NULL when the platform's service is
 * fetched, whatever the handle.
 */
static char *
fetched_url(const struct platform *p, const char *handle)
{
	if (p->base_of != NULL)
		return (p->base_of(handle));
	if (p->default_base == NULL)
		return (xstrdup(handle));
	return (NULL);
}

/*
 * A file's word is not enough to fetch from a host that is no public
 * server (a loopback or private address, a local name): an account the
 * file makes there is left inactive, and a line in imp->inactive says
 * where the file names it and why. Return 1 for such an account.
 */
static int
odd_host(struct importer *imp, const struct stage_account *a)
{
	const char	*host, *what;
	char		*url, why[128];
	size_t		 len;
	int		 odd = 0;

	if ((url = fetched_url(a->platform, a->handle)) == NULL)
		return (0);
	if (host_of_url(url, &host, &len) == 0 &&
	    (what = host_unusual(host, len, why, sizeof why)) != NULL) {
		buf_printf(&imp->inactive, "%s:%ld: %s:%s is imported "
		    "inactive: its host '%s' is %s; 'tideline track %s:%s' "
		    "makes it active\n", imp->file, a->line,
		    a->platform->name, a->handle, import_shown(host, len),
		    what, a->platform->name, a->handle);
		odd = 1;
	}
	free(url);
	return (odd);
}

/* Find the file's accounts in the database; make those it lacks. */
static int
write_accounts(struct importer *imp)
{
	struct stage_account	 a;
	char			*cause = NULL;
	int64_t			 id;
	int			 rc, odd;

	if (store_stage_match_accounts(imp->stage, &cause) != 0)
		return (store_failed(imp, cause));
	if (!imp->kind->creates)
		return (0);
	while ((rc = store_stage_next_missing(imp->stage, &a, &cause)) == 1) {
		imp->line = a.line;
		odd = odd_host(imp, &a);
		if (store_account_create(imp->store, a.platform, a.handle,
		    !odd, time_now(), &id, &cause) != 0 ||
		    store_stage_set_account(imp->stage, a.id, id, &cause) != 0)
			return (store_failed(imp, cause));
		imp->accounts_created++;
		imp->accounts_inactive += odd;
	}
	return (rc < 0 ? store_failed(imp, cause) : 0);
}

/* Send the pending follower rows to the store. */
static int
followers_flush(struct importer *imp)
{
	char	*cause = NULL;
	int64_t	 before;

	before = store_total_changes(imp->store);
	if (store_followers_put(imp->store, imp->pending, imp->npending,
	    &cause) != 0)
		return (store_failed(imp, cause));
	imp->changed += store_total_changes(imp->store) - before;
	imp->npending = 0;
	return (0);
}

int
import_followers_write(struct importer *imp)
{
	char	*cause = NULL;
	int	 rc;

	if (write_accounts(imp) != 0)
		return (-1);
	imp->pending = xreallocarray(imp->pending, IMPORT_BATCH,
	    sizeof *imp->pending);
	while ((rc = store_stage_next_follower(imp->stage,
	    &imp->pending[imp->npending], &imp->line, &cause)) == 1) {
		if (++imp->npending == IMPORT_BATCH &&
		    followers_flush(imp) != 0)
			return (-1);
	}
	if (rc < 0)
		return (store_failed(imp, cause));
	return (followers_flush(imp));
}

/* The links of one post, the first POST_MAX_LINKS different ones. */
struct link_ctx {
	struct importer	*imp;
	int64_t		 post_id;
	char		*seen[POST_MAX_LINKS];
	size_t		 n;
};

static int
add_link(void *arg, const char *url, size_t len)
{
	struct link_ctx	*lc = arg;
	char		*copy, *cause = NULL;
	size_t		 i;

	copy = xstrndup(url, len);
	for (i = 0; i < lc->n; i++)
		if (strcmp(lc->seen[i], copy) == 0)
			break;
	if (i < lc->n || lc->n == POST_MAX_LINKS) {
		free(copy);
		return (0);
	}
	lc->seen[lc->n++] = copy;
	if (store_post_add_link(lc->imp->store, lc->post_id, copy,
	    &cause) != 0)
		return (store_failed(lc->imp, cause));
	return (0);
}

/* Store the post's tags and the URLs its title or text cites. */
static int
post_extras(struct importer *imp, int64_t post_id, const struct post *p)
{
	struct link_ctx	 lc;
	char		*cause = NULL;
	size_t		 i;
	int		 rc = 0;

	if (store_post_set_tags(imp->store, post_id, p->tags, p->ntags,
	    &cause) != 0)
		return (store_failed(imp, cause));
	memset(&lc, 0, sizeof lc);
	lc.imp = imp;
	lc.post_id = post_id;
	if (p->title != NULL)
		rc = text_each_url(p->title, add_link, &lc);
	for (i = 0; i < lc.n; i++)
		free(lc.seen[i]);
	return (rc);
}

/* Store one post; -1 with imp->why. */
static int
write_post(struct importer *imp, const struct post *p)
{
	char	*cause = NULL;
	int64_t	 post_id, before;

	before = store_total_changes(imp->store);
	if (store_post_put(imp->store, p, &post_id, NULL, &cause) != 0)
		return (store_failed(imp, cause));
	/* An earlier time of deletion stored stays: the first seen. */
	if (p->deleted_at != 0 && store_post_gone(imp->store, p->account_id,
	    p->remote_id, p->deleted_at, &cause) != 0)
		return (store_failed(imp, cause));
	if (store_total_changes(imp->store) != before)
		imp->changed++;
	return (post_extras(imp, post_id, p));
}

int
import_posts_write(struct importer *imp)
{
	struct post	 p;
	char		*cause = NULL;
	int		 rc;

	if (write_accounts(imp) != 0)
		return (-1);
	while ((rc = store_stage_next_post(imp->stage, &p, &imp->line,
	    &cause)) == 1) {
		rc = write_post(imp, &p);
		post_release(&p);
		if (rc != 0)
			return (-1);
	}
	return (rc < 0 ? store_failed(imp, cause) : 0);
}

int
import_metrics_write(struct importer *imp)
{
	struct stage_metrics	 r;
	char			*cause = NULL;
	int64_t			 before;
	int			 rc;

	if (write_accounts(imp) != 0)
		return (-1);
	while ((rc = store_stage_next_metrics(imp->stage, &r, &cause)) == 1) {
		imp->line = r.line;
		if (r.account_id == 0)
			return (import_fail(imp, "unknown account '%s:%s' "
			    "(import its posts first)", r.platform->name,
			    r.handle));
		if (r.post_id == 0)
			return (import_fail(imp, "metrics for unknown post "
			    "'%s' of %s:%s (import its posts first)",
			    import_shown(r.remote_id, strlen(r.remote_id)),
			    r.platform->name, r.handle));
		before = store_total_changes(imp->store);
		if (store_metrics_put(imp->store, r.post_id, &r.m,
		    SOURCE_IMPORT, 0, &cause) != 0)
			return (store_failed(imp, cause));
		if (store_total_changes(imp->store) != before)
			imp->changed++;
	}
	return (rc < 0 ? store_failed(imp, cause) : 0);
}
