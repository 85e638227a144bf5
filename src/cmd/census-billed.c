/*
 * The census where each follower read is billed (X): its token, its cap,
 * its cost before a first full walk, and the month's bill.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/census-billed.h"
#include "fetch/fetch.h"
#include "platform.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/log.h"
#include "util/text.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define USD		1000000		/* micro-USD in a dollar */
#define CAP_MAX		(1000000LL * USD) /* a cap above is a typo */
/* The new followers' first page (x-census.c's), for the estimate. */
#define NEW_PAGE	100
#define MONTH_DAYS	30

int
census_billed(const struct platform *p)
{
	return (p->census != NULL && p->census_secret.required);
}

int
census_off_by_default(struct store *store, int64_t id,
    const struct platform *p)
{
	enum census_mode	 mode;
	char			*cause = NULL;

	if (!census_billed(p))
		return (0);
	if (store_census_mode(store, id, &mode, &cause) != 0) {
		free(cause);
		return (0);	/* said where the census is read */
	}
	return (mode == CENSUS_MODE_DEFAULT);
}

/*
 * The token's variable: the prefix and the handle in capitals, every
 * byte but letters and digits as '_' (a Bluesky handle's dots).
 */
static char *
token_env(const struct platform *p, const char *handle)
{
	char	*env, *c;

	env = xasprintf("%s%s", p->census_secret.env, handle);
	for (c = env + strlen(p->census_secret.env); *c != '\0'; c++)
		*c = isalnum((unsigned char)*c) ?
		    (char)toupper((unsigned char)*c) : '_';
	return (env);
}

/* Is the variable set (not empty)? Then it wins over the config file. */
static int
in_environment(const char *env)
{
	const char	*v = getenv(env);

	return (v != NULL && *v != '\0');
}

/* Where a setting was found, for a message: a new string. */
static char *
setting_source(const char *env, const char *key)
{
	if (in_environment(env))
		return (xasprintf("%s in the environment", env));
	return (xasprintf("%s in the config file", key));
}

char *
census_billed_token_source(const struct platform *p, const char *handle)
{
	char	*env, *key, *out;

	env = token_env(p, handle);
	key = xasprintf("%s.%s", p->census_secret.key, handle);
	out = setting_source(env, key);
	free(env);
	free(key);
	return (out);
}

char *
census_billed_help(const struct platform *p, const char *handle,
    int missing)
{
	struct buf	 b = BUF_INIT;
	char		*env;

	env = token_env(p, handle);
	if (missing & CENSUS_NO_TOKEN)
		buf_printf(&b, "no %s (set %s.%s in the config file or %s in "
		    "the environment to the account owner's OAuth 2.0 %s)",
		    p->census_secret.what, p->census_secret.key, handle, env,
		    p->census_secret.what);
	if (missing == (CENSUS_NO_TOKEN | CENSUS_NO_CAP))
		buf_adds(&b, " and ");
	if (missing & CENSUS_NO_CAP)
		buf_printf(&b, "no monthly cap (set %s in the config file or "
		    "%s in the environment to the most its census may spend a "
		    "month, in US dollars)", p->census_cap_key,
		    p->census_cap_env);
	free(env);
	return (buf_detach(&b, NULL));
}

int
census_billed_missing(const struct platform *p, const char *handle,
    char **token, int *missing, char **cause)
{
	char	*found = NULL;
	int64_t	 cap;
	int	 rc;

	*missing = 0;
	if ((rc = census_owner_secret(p, handle, &found, cause)) < 0)
		return (-1);
	if (rc == 0)
		*missing |= CENSUS_NO_TOKEN;
	if ((rc = census_billed_cap(p, &cap, cause)) < 0) {
		secret_free(found);
		return (-1);
	}
	if (rc == 0)
		*missing |= CENSUS_NO_CAP;
	if (token != NULL)
		*token = found;
	else
		secret_free(found);
	return (0);
}

int
census_owner_secret(const struct platform *p, const char *handle,
    char **token, char **cause)
{
	char	*env, *key;
	int	 rc;

	env = token_env(p, handle);
	key = xasprintf("%s.%s", p->census_secret.key, handle);
	rc = config_secret(env, key, token, cause);
	free(env);
	free(key);
	return (rc);
}

/* "2", "2.5", "0.005": dollars into micro-USD; -1 for anything else. */
static int
parse_usd(const char *s, int64_t *out)
{
	int64_t	 v = 0, scale = USD;
	int	 digits = 0, dot = 0;

	for (; *s != '\0'; s++) {
		if (*s == '.' && !dot) {
			dot = 1;
			continue;
		}
		if (!isdigit((unsigned char)*s) || (dot && scale == 1))
			return (-1);
		if (dot) {
			scale /= 10;
			v += (*s - '0') * scale;
		} else if ((v = v * 10 + (*s - '0') * USD) > CAP_MAX)
			return (-1);
		digits++;
	}
	if (digits == 0)
		return (-1);
	*out = v;
	return (0);
}

int
census_billed_cap(const struct platform *p, int64_t *cap, char **cause)
{
	char	*v = NULL;
	int	 rc;

	*cap = -1;
	if ((rc = config_secret(p->census_cap_env, p->census_cap_key, &v,
	    cause)) <= 0)
		return (rc);
	if (parse_usd(v, cap) != 0) {
		*cause = xasprintf("bad %s '%s': give US dollars, as 25 or "
		    "2.50", in_environment(p->census_cap_env) ?
		    p->census_cap_env : p->census_cap_key, v);
		rc = -1;
	}
	free(v);
	return (rc);
}

int
census_billed_get(struct store *store, int64_t id, const struct platform *p,
    int64_t at, struct census_bill *b, char **cause)
{
	char	 date[TIME_DATE_SIZE];

	memset(b, 0, sizeof *b);
	if (time_format_date(at, date) == 0)
		memcpy(b->month, date, 7);
	if (census_billed_cap(p, &b->cap, cause) < 0)
		return (-1);
	b->as_of = at;
	return (store_census_spend(store, id, at, time_now(), &b->reads,
	    &b->spent, &b->known, cause));
}

void
census_usd(int64_t micro, char *out, size_t len)
{
	/* Whole cents as cents; a price of a tenth of a cent as such. */
	if (micro % 10000 == 0)
		snprintf(out, len, "$%lld.%02lld", (long long)(micro / USD),
		    (long long)(micro % USD / 10000));
	else
		snprintf(out, len, "$%lld.%03lld", (long long)(micro / USD),
		    (long long)((micro % USD + 500) / 1000));
}

/*
 * Before a first full walk, what it and the new followers cost: said
 * once (on stderr, without -v), and a walk the cap cannot pay is not
 * started.
 */
static int
estimate(const struct fetch_job *job, const struct census_bill *b,
    char **cause)
{
	const struct platform	*p = job->account.platform;
	int64_t			 n = job->census->platform_count;
	const char		*name;
	int64_t			 cost;
	char			 walk[32], run[32], month[32];
	char			 cap[32], spent[32], left[32], count[32];

	if (n == COUNT_UNKNOWN) {
		log_notice("%s: census: a first full walk of a list whose "
		    "count X does not give: its cost is not known, and the "
		    "cap bounds it", job->account.name);
		return (0);
	}
	text_thousands(n, count, sizeof count);
	/* The followers, and the read of whose the token is (x-census.c). */
	cost = (n + 1) * p->census_read_price;
	census_usd(cost, walk, sizeof walk);
	census_usd(NEW_PAGE * p->census_read_price, run, sizeof run);
	census_usd(NEW_PAGE * p->census_read_price * MONTH_DAYS, month,
	    sizeof month);
	census_usd(b->cap, cap, sizeof cap);
	census_usd(b->spent, spent, sizeof spent);
	log_notice("%s: census: a first full walk reads %s followers, about "
	    "%s (owned reads, and one to check the token is the owner's); "
	    "then the new followers about %s a run (%s a month with a run a "
	    "day); cap %s a month, %s spent in %s", job->account.name, count,
	    walk, run, month, cap, spent, b->month);
	if (cost <= b->cap - b->spent)
		return (0);
	census_usd(b->cap > b->spent ? b->cap - b->spent : 0, left,
	    sizeof left);
	/* The name it was set by: the environment's wins. */
	name = in_environment(p->census_cap_env) ? p->census_cap_env :
	    p->census_cap_key;
	/* A cap below the whole walk: no later month pays for it either. */
	if (cost > b->cap)
		*cause = xasprintf("the first full walk would cost about %s, "
		    "more than the whole monthly cap (%s %s): not started, "
		    "and it will not start until %s is raised to %s or more",
		    walk, name, cap, name, walk);
	else
		*cause = xasprintf("the first full walk would cost about %s, "
		    "more than the %s this month's cap leaves (%s %s, %s spent "
		    "in %s): not started; raise %s, or it starts next month",
		    walk, left, name, cap, spent, b->month, name);
	return (-1);
}

int
census_billed_setup(struct store *store, struct fetch_job *job,
    char **cause)
{
	struct fetch_account	*fa = &job->account;
	struct fetch_census	*c = job->census;
	const struct platform	*p = fa->platform;
	struct census_bill	 b;
	int			 missing;

	secret_free(fa->token);
	fa->token = NULL;
	/* Whatever is missing, said at once. */
	if (census_billed_missing(p, fa->handle, &fa->token, &missing,
	    cause) != 0)
		return (-1);
	if (missing != 0) {
		*cause = census_billed_help(p, fa->handle, missing);
		return (-1);
	}
	free(c->token_from);
	c->token_from = census_billed_token_source(p, fa->handle);
	if (census_billed_get(store, fa->id, p, fa->now, &b, cause) != 0)
		return (-1);
	c->read_price = p->census_read_price;
	fetch_purse_release(c->purse);
	c->purse = fetch_purse_new(b.cap > b.spent ? b.cap - b.spent : 0);
	if (c->full && c->first_census && c->full_walk == 0 &&
	    c->cursor == NULL)
		return (estimate(job, &b, cause));
	return (0);
}

int
census_billed_record(struct store *store, struct fetch_job *job,
    char **cause)
{
	struct fetch_census	*c = job->census;

	if (c->read_price <= 0 || (c->npage == 0 && c->lookups == 0))
		return (0);
	/* reads counts followers; the spend holds the lookups too. */
	if (store_census_spend_add(store, job->account.id, job->finished_at,
	    (int64_t)c->npage, (int64_t)(c->npage + c->lookups) *
	    c->read_price, cause) != 0)
		return (-1);
	c->lookups = 0;
	return (0);
}

json_t *
census_bill_json(const struct census_bill *b)
{
	return (json_pack("{s:s, s:o, s:o, s:o}", "month", b->month, "reads",
	    b->known ? json_integer(b->reads) : json_null(), "spent_usd",
	    b->known ? json_real((double)b->spent / USD) : json_null(),
	    "cap_usd", b->cap >= 0 ? json_real((double)b->cap / USD) :
	    json_null()));
}

void
census_bill_words(const struct census_bill *b, char *out, size_t len)
{
	char	 spent[32], cap[32], n[32];

	char	 date[TIME_DATE_SIZE];

	if (!b->known) {
		if (time_format_date(b->as_of, date) != 0)
			date[0] = '\0';
		snprintf(out, len, "not known as of %s: the census "
		    "kept %s's total only", date, b->month);
		return;
	}
	census_usd(b->spent, spent, sizeof spent);
	text_thousands(b->reads, n, sizeof n);
	if (b->cap >= 0) {
		census_usd(b->cap, cap, sizeof cap);
		snprintf(out, len, "%s of the %s cap in %s (%s followers read)",
		    spent, cap, b->month, n);
	} else
		snprintf(out, len, "%s in %s (%s followers read; no cap set)",
		    spent, b->month, n);
}
