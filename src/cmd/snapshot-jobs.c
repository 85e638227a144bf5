/* One account's fetch job: how it is made, and how its result is stored. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/census-billed.h"
#include "cmd/snapshot.h"
#include "fetch/fetch.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/keyhash.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/*
 * The API base: the account's own, else the one its handle names (a
 * Mastodon server), else the platform's service; NULL for none.
 */
static char *
api_base_for(const struct account *a)
{
	const struct platform	*p = a->platform;
	char			*base = NULL;
	size_t			 len;

	if (a->api_base != NULL)
		base = xstrdup(a->api_base);
	else if (p->base_of != NULL)
		base = p->base_of(a->handle);
	if (base == NULL && p->default_base != NULL)
		base = xstrdup(p->default_base);
	if (base == NULL)
		return (NULL);
	len = strlen(base);
	while (len > 0 && base[len - 1] == '/')
		base[--len] = '\0';
	return (base);
}

/*
 * A server's name as the end of a variable's: letters in capitals,
 * digits, '.' as '_' and '-' as '__' (social.linux.pizza:
 * SOCIAL_LINUX_PIZZA, social-linux.pizza: SOCIAL__LINUX_PIZZA). That is
 * one-to-one for names whose dots and dashes stand between letters or
 * digits, with no dot next to a dot or a dash: any other name has no
 * variable (NULL), only its config key, which is the name itself.
 */
static char *
server_env_name(const char *prefix, const char *host, size_t len)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;
	int		 c, prev, next;

	buf_adds(&b, prefix);
	for (i = 0; i < len; i++) {
		c = (unsigned char)host[i];
		prev = i > 0 ? (unsigned char)host[i - 1] : '.';
		next = i + 1 < len ? (unsigned char)host[i + 1] : '.';
		if (isalnum(c))
			buf_addc(&b, (char)toupper(c));
		else if (c == '.' && isalnum(prev) && isalnum(next))
			buf_addc(&b, '_');
		else if (c == '-' && (isalnum(prev) || prev == '-') &&
		    (isalnum(next) || next == '-'))
			buf_adds(&b, "__");
		else {
			buf_release(&b);
			return (NULL);
		}
	}
	return (buf_detach(&b, NULL));
}

/*
 * A per-server secret's names for the server a handle names (its home
 * server, whichever API base serves it): the variable PREFIX + the
 * host's encoded name (or NULL, see server_env_name), the key KEY.host;
 * and, for a name with a '-', the variable that earlier tidelines read
 * for it (every byte but letters and digits as '_'), or NULL.
 */
static void
server_secret_names(const struct platform_secret *ps, const char *base,
    char **env, char **key, char **old_env)
{
	const char	*host;
	char		*p;
	size_t		 len;

	host = strstr(base, "://");
	host = host != NULL ? host + 3 : base;
	len = strcspn(host, "/:");
	*env = server_env_name(ps->env, host, len);
	*key = xasprintf("%s.%.*s", ps->key, (int)len, host);
	*old_env = NULL;
	if (memchr(host, '-', len) == NULL)
		return;
	*old_env = xasprintf("%s%.*s", ps->env, (int)len, host);
	for (p = *old_env + strlen(ps->env); *p != '\0'; p++)
		*p = isalnum((unsigned char)*p) ?
		    (char)toupper((unsigned char)*p) : '_';
}

/*
 * A warning for a server with a '-' in its name whose token is set only
 * under the old, ambiguous variable: it is not sent (that variable may
 * be another server's now), and the user hears why.
 */
static char *
old_name_warning(const char *old_env, const char *env, const char *key)
{
	const char	*v;

	if (old_env == NULL || (v = getenv(old_env)) == NULL || *v == '\0')
		return (NULL);
	if (env != NULL)
		return (xasprintf("no token sent: %s is another server's "
		    "variable now that a '-' is written '__'; set %s or %s",
		    old_env, env, key));
	return (xasprintf("no token sent: %s is another server's variable now "
	    "that a '-' is written '__'; set %s in the config file", old_env,
	    key));
}

/*
 * The account's secret, if its platform uses one: 0, or -1 with *cause
 * (a config file others can read, or a required secret set nowhere).
 * *warning may say why a secret that looks set was not taken.
 */
static int
find_secret(const struct account *a, char **secret, char **warning,
    char **cause)
{
	const struct platform_secret	*ps = &a->platform->secret;
	char				*env = NULL, *key = NULL, *home;
	char				*old_env = NULL;
	int				 rc;

	*secret = NULL;
	if (ps->env == NULL)
		return (0);
	if (ps->per_server) {
		if (a->platform->base_of == NULL ||
		    (home = a->platform->base_of(a->handle)) == NULL)
			return (0);
		server_secret_names(ps, home, &env, &key, &old_env);
		free(home);
	} else {
		env = xstrdup(ps->env);
		key = xstrdup(ps->key);
	}
	rc = config_secret(env, key, secret, cause);
	if (rc == 0)
		*warning = old_name_warning(old_env, env, key);
	free(env);
	free(key);
	free(old_env);
	return (rc < 0 ? -1 : 0);
}

static int
cmp_id(const void *a, const void *b)
{
	return (strcmp(*(const char *const *)a, *(const char *const *)b));
}

static void
job_preset_failure(struct fetch_job *job, char *why)
{
	job->failed = 1;
	job->error_kind = FETCH_ERR_CONFIG;
	job->error = why;
}

/*
 * The posts to ask for by id unless the recent walk lists them: first
 * the recent ones (one it no longer lists may be deleted: asking tells),
 * then the older ones whose numbers are due.
 */
static int
refresh_setup(struct store *store, const struct account *a,
    struct fetch_account *fa, char **cause)
{
	if (store_posts_recent(store, a->id, fa->recent_since, RECENT_CHECK_MAX,
	    &fa->refresh_ids, &fa->check_times, &fa->nrefresh, cause) != 0)
		return (-1);
	fa->ncheck = fa->nrefresh;
	return (store_posts_due(store, a->id, fa->recent_since,
	    fa->now - REFRESH_OLD_DAYS * SECONDS_PER_DAY, REFRESH_OLD_MAX,
	    &fa->refresh_ids, &fa->nrefresh, cause));
}

/*
 * Which posts are new to this run: those after a gap's floor, if an
 * earlier run left one, else after the newest stored.
 */
static int
known_setup(struct store *store, const struct account *a,
    struct fetch_account *fa, char **cause)
{
	if (store_gap_get(store, a->id, &fa->known_newest, cause) != 0)
		return (-1);
	if ((fa->gap_known = fa->known_newest != 0))
		return (0);
	return (store_posts_newest(store, a->id, &fa->known_newest, cause));
}

/* Where the account's history walk stands, and this run's budget. */
static int
history_setup(struct store *store, const struct account *a,
    const struct snapshot_history *opt, struct fetch_history *h,
    char **cause)
{
	int	 complete, rc;

	if (!opt->enabled)
		return (0);
	if ((rc = store_history_get(store, a->id, &h->cursor, &complete,
	    cause)) < 0)
		return (-1);
	h->wanted = !complete;
	return (0);
}

struct fetch_job *
snapshot_job_new(struct store *store, const struct account *a, int64_t now,
    const struct snapshot_history *hist)
{
	struct fetch_job	*job;
	struct fetch_account	*fa;
	char			*cause = NULL;

	job = xcalloc(1, sizeof *job);
	job->adapter = a->platform->adapter;
	/* What an adapter does not read stays unknown, never 0. */
	job->result.profile.followers = COUNT_UNKNOWN;
	job->result.profile.following = COUNT_UNKNOWN;
	job->result.profile.posts = COUNT_UNKNOWN;
	fa = &job->account;
	fa->id = a->id;
	fa->platform = a->platform;
	fa->name = account_name(a);
	fa->handle = xstrdup(a->handle);
	fa->remote_id = a->remote_id ? xstrdup(a->remote_id) : NULL;
	fa->now = now;
	fa->api_base = api_base_for(a);
	fa->recent_since = now - RECENT_DAYS * SECONDS_PER_DAY;
	fa->max_pages = MAX_PAGES;
	fa->max_requests = hist->max_requests > 0 ? hist->max_requests :
	    a->platform->max_requests;
	if (job->adapter == NULL)
		job_preset_failure(job, xasprintf("unknown platform: this "
		    "tideline cannot fetch it"));
	else if (fa->api_base == NULL && a->platform->has_counts)
		job_preset_failure(job, xstrdup("no API base URL"));
	else if (find_secret(a, &fa->token, &job->warning, &cause) != 0)
		job_preset_failure(job, cause);
	else if (a->platform->has_counts && refresh_setup(store, a, fa,
	    &cause) != 0)
		job_preset_failure(job, cause);
	else if (known_setup(store, a, fa, &cause) != 0)
		job_preset_failure(job, cause);
	else if (history_setup(store, a, hist, &job->history, &cause) != 0)
		job_preset_failure(job, cause);
	return (job);
}

/*
 * How many followers never asked a run checks the activity of: the part
 * of the list that the time since the last census is of the period (a
 * day's part on the first), in whole requests. Those due again (a
 * period after their last check) are all checked besides, within half
 * the budget (the walk goes on too): since the first checks are spread
 * over the period, so are the later ones, and a follower who came late
 * pushes none of them past it.
 */
static size_t
new_per_run(int64_t following, int64_t since, int64_t period, int batch)
{
	int64_t	 due;

	if (since <= 0)
		since = 24 * 60 * 60;
	if (since > period)
		since = period;
	due = (following * since + period - 1) / period;
	return ((size_t)((due + batch - 1) / batch * batch));
}

/*
 * The followers whose activity this run checks, if the list lacks it:
 * each one a period after the last, so that every follower is checked
 * within it, and the windows between checks are the period long.
 */
static int
sample_setup(struct store *store, const struct fetch_account *a,
    int64_t since, int64_t period, struct fetch_census *c, char **cause)
{
	int	 batch = a->platform->census_check_batch;
	int64_t	 following;
	size_t	 max;

	if (batch <= 0 || period <= 0)
		return (0);
	if (store_census_following(store, a->id, &following, cause) != 0)
		return (-1);
	if (following == 0)
		return (0);
	max = (size_t)following;
	if (a->max_requests > 0 && (size_t)(a->max_requests / 2) * batch < max)
		max = (size_t)(a->max_requests / 2) * batch;
	return (store_census_sample(store, a->id, a->now - period,
	    new_per_run(following, since, period, batch), max, &c->sample,
	    &c->nsample, cause));
}

/*
 * 1 where the census's own secret is a login that reads the owner's
 * notifications (Bluesky's app password), not what the list needs.
 */
static int
census_logs_in(const struct platform *p)
{
	return (p->census_secret.env != NULL && !p->census_secret.required);
}

/* Forget the account's secret: the census goes on without it. */
static void
secret_drop(struct fetch_account *a)
{
	secret_free(a->token);
	a->token = NULL;
}

/*
 * How far the owner's notifications were read, where a token may read
 * them. A login comes at most once an hour (LOGIN_EVERY): Bluesky allows
 * 300 a day per account, and cron may run us every minute; a run sooner
 * reads no notifications, and says so with -v.
 */
static int
notify_setup(struct store *store, struct fetch_account *a,
    struct fetch_census *c, char **cause)
{
	struct census_notify_state	 ns;
	int64_t				 since;

	if (a->token == NULL)
		return (0);
	if (store_census_notify_get(store, a->id, &ns, cause) != 0)
		return (-1);
	since = a->now - ns.login_at;
	if (census_logs_in(a->platform) && ns.login_at != 0 &&
	    since < LOGIN_EVERY) {
		log_info("%s: census: the last login to read the owner's "
		    "notifications came %lld minutes ago: the next comes an "
		    "hour after it (Bluesky allows 300 logins a day)", a->name,
		    (long long)(since / 60));
		secret_drop(a);
		census_notify_state_release(&ns);
		return (0);
	}
	c->login_at = ns.login_at;
	c->notify_newest = ns.newest;
	c->notify_top = ns.pass_top;
	c->notify_cursor = ns.cursor;
	return (0);
}

/* The owner's login for their notifications, if it is set (Bluesky). */
static int
login_setup(struct fetch_account *a, char **cause)
{
	if (!census_logs_in(a->platform))
		return (0);
	secret_drop(a);
	return (census_owner_secret(a->platform, a->handle, &a->token,
	    cause) < 0 ? -1 : 0);
}

/*
 * Where the account's census stands: whether the whole list is walked
 * this run (due, or a walk under way), the followers it knows last (a
 * new walk stops at them), who left for reasons not known yet.
 */
static int
census_setup(struct store *store, struct fetch_account *a,
    int64_t now, int64_t period, struct fetch_census *c, char **cause)
{
	struct census_state	 st;

	if (store_census_state(store, a->id, &st, cause) != 0)
		return (-1);
	c->full_walk = st.full_walk;
	c->cursor = st.full_cursor;
	st.full_cursor = NULL;
	c->full = st.full_walk != 0 || st.last_full == 0 ||
	    now - st.last_full >= a->platform->census_full_every;
	c->prev_walk = st.last_walk;
	c->first_census = st.last_full == 0;
	census_state_release(&st);
	if (notify_setup(store, a, c, cause) != 0)
		return (-1);
	if (store_census_recent(store, a->id, CENSUS_KNOWN_MAX, &c->known,
	    &c->nknown, cause) != 0 || store_census_unchecked(store, a->id,
	    CENSUS_VERIFY_MAX, &c->verify, &c->nverify, cause) != 0)
		return (-1);
	if (c->nknown > 1)
		qsort(c->known, c->nknown, sizeof *c->known, cmp_id);
	return (sample_setup(store, a, c->prev_walk != 0 ? now - c->prev_walk :
	    0, period, c, cause));
}

static void
census_unnamed(struct fetch_census *c)
{
	size_t	 i;

	xfree_strings(c->verify, c->nverify);
	c->verify = NULL;
	c->nverify = 0;
	for (i = 0; i < c->nsample; i++)
		census_follower_release(&c->sample[i]);
	free(c->sample);
	c->sample = NULL;
	c->nsample = 0;
}

char *
census_key_missing(const char *account)
{
	char	*path = config_path(), *out;

	out = xasprintf("the census of %s is hashed and needs a key: set %s "
	    "in the config file%s%s%s or %s in the environment to a long "
	    "random secret, kept as long as the database", account,
	    CENSUS_KEY, path != NULL ? " (" : "", path != NULL ? path : "",
	    path != NULL ? ")" : "", CENSUS_KEY_ENV);
	free(path);
	return (out);
}

/*
 * The hashed mode's key; *cause when it is set nowhere, or is not the
 * key the followers were hashed with (every one would look new, and
 * every one stored gone).
 */
void
snapshot_census_key(struct store *store, const struct fetch_account *fa,
    char **key, char **cause)
{
	char	*stored = NULL, check[KEYHASH_SIZE];
	int64_t	 id = fa->id;

	if (config_secret(CENSUS_KEY_ENV, CENSUS_KEY, key, cause) == 0)
		*cause = census_key_missing(fa->name);
	if (*cause != NULL || store_census_key_check(store, id, &stored,
	    cause) != 0)
		return;
	if (keyhash_check(*key, check) != 0 ||
	    (stored != NULL && strcmp(stored, check) != 0))
		*cause = xasprintf("the census key (%s or %s) is not the one "
		    "its followers were hashed with: with another key every "
		    "follower would look new; set the key back", CENSUS_KEY,
		    CENSUS_KEY_ENV);
	free(stored);
}

struct fetch_job *
snapshot_census_job_new(struct store *store, const struct fetch_job *done,
    int max_requests, int64_t period)
{
	const struct fetch_account	*from = &done->account;
	const struct fetch_profile	*pr = &done->result.profile;
	struct fetch_job		*job;
	struct fetch_account		*fa;
	enum census_mode		 mode;
	char				*cause = NULL;

	if (from->platform->census == NULL)
		return (NULL);
	/* Where reads are billed, only when asked for (and configured). */
	if (store_census_mode(store, from->id, &mode, &cause) == 0 &&
	    (mode == CENSUS_MODE_OFF || (mode == CENSUS_MODE_DEFAULT &&
	    census_billed(from->platform))))
		return (NULL);
	job = xcalloc(1, sizeof *job);
	job->adapter = from->platform->census;
	fa = &job->account;
	fa->id = from->id;
	fa->platform = from->platform;
	fa->name = xstrdup(from->name);
	fa->handle = xstrdup(from->handle);
	fa->api_base = xstrdup(from->api_base);
	fa->token = from->token != NULL ? xstrdup(from->token) : NULL;
	fa->now = from->now;
	fa->max_requests = max_requests > 0 ? max_requests :
	    from->platform->census_max_requests;
	/* What the account's own job read: no lookup again. */
	job->result.profile = *pr;
	job->result.profile.remote_id = pr->remote_id != NULL ?
	    xstrdup(pr->remote_id) : NULL;
	job->census = xcalloc(1, sizeof *job->census);
	job->census->platform_count = pr->followers;
	job->census->platform_name = fa->platform->name;
	if (cause == NULL && mode == CENSUS_MODE_HASHED)
		snapshot_census_key(store, fa, &job->census->hash_key,
		    &cause);
	if (cause == NULL)
		login_setup(fa, &cause);
	if (cause != NULL)
		job_preset_failure(job, cause);
	else if (census_setup(store, fa, fa->now, period, job->census,
	    &cause) != 0)
		job_preset_failure(job, cause);
	else if (census_billed(fa->platform) && census_billed_setup(store,
	    job, &cause) != 0)
		job_preset_failure(job, cause);
	/*
	 * A hashed census cannot ask about a follower it knows by hash:
	 * why one left, or (Bluesky) whether one still posts.
	 */
	if (job->census->hash_key != NULL)
		census_unnamed(job->census);
	return (job);
}

/*
 * A gap the budget left above the stored posts is noted, so that later
 * runs read down to it however old its posts are by then; one read is
 * forgotten.
 */
static int
store_gap(struct store *store, const struct fetch_job *job, char **cause)
{
	const struct fetch_account	*a = &job->account;

	if (job->budget.gap)
		return (store_gap_put(store, a->id, a->known_newest,
		    job->finished_at, cause));
	if (a->gap_known && job->budget.reached_known)
		return (store_gap_clear(store, a->id, cause));
	return (0);
}

/* A fetched post: its row, tags and links, and its engagement now. */
static int
store_post(struct store *store, const struct fetch_job *job,
    struct post *p, int64_t run_id, char **cause)
{
	struct metric_point	 now;
	int64_t			 post_id;
	size_t			 i;
	int			 created;

	p->account_id = job->account.id;
	if (store_post_put(store, p, &post_id, &created, cause) != 0)
		return (-1);
	/*
	 * A post seen whole is there: no longer marked deleted. A new one
	 * has no mark and no tags to replace (most of a first snapshot).
	 */
	if (created) {
		if (store_post_add_tags(store, post_id, p->tags, p->ntags,
		    cause) != 0)
			return (-1);
	} else if (store_post_back(store, post_id, cause) != 0 ||
	    store_post_set_tags(store, post_id, p->tags, p->ntags,
	    cause) != 0)
		return (-1);
	for (i = 0; i < p->nlinks; i++) {
		if (store_post_add_link(store, post_id, p->links[i],
		    cause) != 0)
			return (-1);
	}
	if (p->nmetrics == 0)
		return (0);
	now = p->metrics[p->nmetrics - 1];
	now.t = job->finished_at;
	return (store_metrics_put(store, post_id, &now, SOURCE_API, run_id,
	    cause));
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
	/* The registry says whether the platform rounds; a reply may too. */
	f.rounded = pr->rounded || job->account.platform->rounded;
	f.source = SOURCE_API;
	f.run_id = run_id;
	return (store_followers_put(store, &f, 1, cause));
}

/* The posts of the result, and those it found deleted. */
static int
store_posts(struct store *store, const struct fetch_job *job,
    int64_t run_id, char **cause)
{
	const struct fetch_result	*r = &job->result;
	size_t				 i;

	for (i = 0; i < r->nposts; i++) {
		if (store_post(store, job, &r->posts[i], run_id, cause) != 0)
			return (-1);
	}
	for (i = 0; i < r->ngone; i++) {
		if (store_post_gone(store, job->account.id, r->gone[i],
		    job->finished_at, cause) != 0)
			return (-1);
	}
	return (0);
}

/* The first store of a job holds its counts and marks the fetch. */
int
snapshot_store_job(struct store *store, struct fetch_job *job,
    int64_t run_id, char **cause)
{
	struct fetch_history	*h = &job->history;
	int			 first = job->checkpoints == 0;

	if (store_begin(store, cause) != 0)
		return (-1);
	if (first && store_counts(store, job, run_id, cause) != 0)
		goto fail;
	if (store_posts(store, job, run_id, cause) != 0)
		goto fail;
	if (first && store_account_fetched(store, job->account.id,
	    job->result.profile.remote_id, job->finished_at, cause) != 0)
		goto fail;
	if (h->active && store_history_put(store, job->account.id, h->next,
	    h->complete, h->new_pages, job->finished_at, cause) != 0)
		goto fail;
	if (store_gap(store, job, cause) != 0)
		goto fail;
	if (store_commit(store, cause) != 0)
		return (-1);
	job->checkpoints++;
	job->nstored += job->result.nposts;
	if (h->new_pages > 0)
		h->nposts += job->result.nposts;
	h->new_pages = 0;
	fetch_result_clear_posts(&job->result);
	return (0);
fail:
	store_rollback(store);
	return (-1);
}
