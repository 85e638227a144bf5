/* One account's fetch job: how it is made, and how its result is stored. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/snapshot.h"
#include "fetch/fetch.h"
#include "store/store.h"
#include "util/config.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/* The API base: the account's own, else the platform's service. */
static char *
api_base_for(const struct account *a, const struct fetch_adapter *ad)
{
	const char	*at;
	char		*base;
	size_t		 len;

	if (a->api_base != NULL)
		base = xstrdup(a->api_base);
	else if (a->platform == PLATFORM_MASTODON &&
	    (at = strchr(a->handle + 1, '@')) != NULL)
		/* Every Mastodon server is its own API host. */
		base = xasprintf("https://%s", at + 1);
	else if (ad->default_base != NULL)
		base = xstrdup(ad->default_base);
	else
		return (NULL);
	len = strlen(base);
	while (len > 0 && base[len - 1] == '/')
		base[--len] = '\0';
	return (base);
}

/* TIDELINE_MASTODON_TOKEN_MASTODON_SOCIAL for mastodon.social. */
static char *
mastodon_env_name(const char *host)
{
	char	*name, *p;

	name = xasprintf("TIDELINE_MASTODON_TOKEN_%s", host);
	for (p = name + strlen("TIDELINE_MASTODON_TOKEN_"); *p != '\0'; p++)
		*p = isalnum((unsigned char)*p) ?
		    (char)toupper((unsigned char)*p) : '_';
	return (name);
}

/* The account's secret, if its platform uses one: 0, or -1 with *cause. */
static int
find_secret(const struct account *a, char **secret, char **cause)
{
	const char	*host;
	char		*env = NULL, *key = NULL;
	int		 rc;

	*secret = NULL;
	switch (a->platform) {
	case PLATFORM_X:
		return (config_secret("TIDELINE_X_BEARER_TOKEN",
		    "x_bearer_token", secret, cause) < 0 ? -1 : 0);
	case PLATFORM_YOUTUBE:
		return (config_secret("TIDELINE_YOUTUBE_API_KEY",
		    "youtube_api_key", secret, cause) < 0 ? -1 : 0);
	case PLATFORM_MASTODON:
		if ((host = strchr(a->handle + 1, '@')) == NULL)
			return (0);
		env = mastodon_env_name(host + 1);
		key = xasprintf("mastodon_token.%s", host + 1);
		rc = config_secret(env, key, secret, cause);
		free(env);
		free(key);
		return (rc < 0 ? -1 : 0);
	default:
		return (0);
	}
}

static void
job_preset_failure(struct fetch_job *job, char *why)
{
	job->failed = 1;
	job->error_kind = FETCH_ERR_CONFIG;
	job->error = why;
}

struct fetch_job *
snapshot_job_new(struct store *store, const struct account *a, int64_t now)
{
	struct fetch_job	*job;
	struct fetch_account	*fa;
	char			*cause = NULL;

	job = xcalloc(1, sizeof *job);
	job->adapter = fetch_adapter_for(a->platform);
	fa = &job->account;
	fa->id = a->id;
	fa->platform = a->platform;
	fa->name = account_name(a);
	fa->handle = xstrdup(a->handle);
	fa->remote_id = a->remote_id ? xstrdup(a->remote_id) : NULL;
	fa->now = now;
	fa->recent_since = now - RECENT_DAYS * SECONDS_PER_DAY;
	fa->max_pages = MAX_PAGES;
	if ((fa->api_base = api_base_for(a, job->adapter)) == NULL &&
	    a->platform != PLATFORM_RSS)
		job_preset_failure(job, xstrdup("no API base URL"));
	else if (find_secret(a, &fa->token, &cause) != 0)
		job_preset_failure(job, cause);
	else if (a->platform != PLATFORM_RSS && store_posts_due(store, a->id,
	    fa->recent_since, now - REFRESH_OLD_DAYS * SECONDS_PER_DAY,
	    REFRESH_OLD_MAX, &fa->refresh_ids, &fa->nrefresh, &cause) != 0)
		job_preset_failure(job, cause);
	return (job);
}

static int
store_post(struct store *store, const struct fetch_job *job,
    const struct fetch_post *fp, int64_t run_id, char **cause)
{
	struct post		 p;
	struct post_metrics	 m;
	int64_t			 post_id;
	size_t			 i;

	memset(&p, 0, sizeof p);
	p.account_id = job->account.id;
	p.remote_id = fp->remote_id;
	p.published_at = fp->published_at;
	p.url = fp->url;
	p.title = fp->title;
	p.kind = fp->kind;
	if (store_post_put(store, &p, &post_id, cause) != 0 ||
	    store_post_set_tags(store, post_id, fp->tags, fp->ntags,
	    cause) != 0)
		return (-1);
	for (i = 0; i < fp->nlinks; i++) {
		if (store_post_add_link(store, post_id, fp->links[i],
		    cause) != 0)
			return (-1);
	}
	if (!fp->has_metrics)
		return (0);
	memset(&m, 0, sizeof m);
	m.post_id = post_id;
	m.taken_at = job->finished_at;
	m.likes = fp->likes;
	m.reposts = fp->reposts;
	m.replies = fp->replies;
	m.quotes = fp->quotes;
	m.views = fp->views;
	m.bookmarks = fp->bookmarks;
	m.source = SOURCE_API;
	m.run_id = run_id;
	return (store_metrics_put(store, &m, cause));
}

static int
store_counts(struct store *store, const struct fetch_job *job,
    int64_t run_id, char **cause)
{
	const struct fetch_profile	*pr = &job->result.profile;
	struct follower_snapshot	 f;

	if (!pr->has_counts)
		return (0);
	memset(&f, 0, sizeof f);
	f.account_id = job->account.id;
	f.taken_at = job->finished_at;
	f.followers = pr->followers;
	f.following = pr->following;
	f.posts = pr->posts;
	f.rounded = pr->rounded;
	f.source = SOURCE_API;
	f.run_id = run_id;
	return (store_followers_put(store, &f, 1, cause));
}

int
snapshot_store_job(struct store *store, struct fetch_job *job,
    int64_t run_id, char **cause)
{
	size_t	 i;

	if (store_begin(store, cause) != 0)
		return (-1);
	if (store_counts(store, job, run_id, cause) != 0)
		goto fail;
	for (i = 0; i < job->result.nposts; i++) {
		if (store_post(store, job, &job->result.posts[i], run_id,
		    cause) != 0)
			goto fail;
	}
	if (store_account_fetched(store, job->account.id,
	    job->result.profile.remote_id, job->finished_at, cause) != 0)
		goto fail;
	return (store_commit(store, cause));
fail:
	store_rollback(store);
	return (-1);
}
