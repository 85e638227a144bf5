/* Start tracking accounts, or change their group or API base. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/census-billed.h"
#include "cmd/cmd.h"
#include "cmd/snapshot.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/keyhash.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

static enum cmd_retval	cmd_track_run(struct cmd_ctx *,
			    const struct cmd_args *);
static int		check_group(const char *);
static int		check_census(const char *);
static int		check_api_base(const char *);

enum { OPT_API_BASE = 1, OPT_CENSUS };

static const struct cmd_option options[] = {
	{ .name = "group", .letter = 'g', .id = 'g', .type = CMD_OPT_STRING,
	  .value = "NAME", .check = check_group,
	  .help = "the group the accounts belong to (default:\n'default'); "
	  "bursts on one account are\nexplained by posts of its whole group" },
	{ .name = "api-base", .id = OPT_API_BASE, .type = CMD_OPT_STRING,
	  .value = "URL", .check = check_api_base,
	  .help = "fetch from this server instead of the\nplatform's own "
	  "(a self-hosted AppView,\na test server)" },
	{ .name = "census", .id = OPT_CENSUS, .type = CMD_OPT_STRING,
	  .value = "MODE", .check = check_census,
	  .help = "what the census keeps of the followers:\n'full' (the "
	  "default where lists are public),\n'hashed' (a keyed hash of each "
	  "id, no\nhandles; needs census_key) or 'off'; on X\n(billed reads) "
	  "it is off until asked for,\nand needs x_user_token.HANDLE and\n"
	  "x_max_usd" },
	{ .name = NULL }
};

const struct cmd_entry cmd_track_entry = {
	.name = "track",
	.usage = "ACCOUNT... [--group NAME] [--api-base URL] [--census MODE]",
	.summary = "start tracking accounts (or change their settings)",
	.help =
	    "Tracking an account again makes it active and changes only the\n"
	    "settings given. Examples:\n"
	    "  tideline track bluesky:author.bsky.social\n"
	    "  tideline track mastodon:@author@mastodon.example --group work\n",
	.options = options,
	.min_args = 1,
	.max_args = -1,
	.args_needed = "an account",
	.flags = CMD_CREATES_DB | CMD_ACCOUNTS,
	.run = cmd_track_run,
};

/*
 * A group is a short word: letters, digits, '-', '_' and '.', starting
 * with a letter or digit (so a missing value never takes an option).
 */
static int
group_valid(const char *g)
{
	size_t	 i, len = strlen(g);

	if (len == 0 || len > 64 || !isalnum((unsigned char)g[0]))
		return (0);
	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)g[i]) && strchr("-_.", g[i]) == NULL)
			return (0);
	}
	return (1);
}

static int
check_group(const char *group)
{
	if (group_valid(group))
		return (0);
	log_error("bad group '%s': use letters, digits, '-', '_', '.', "
	    "starting with a letter or digit", group);
	return (-1);
}

static int
check_api_base(const char *url)
{
	if ((strncmp(url, "https://", 8) == 0 && url[8] != '\0') ||
	    (strncmp(url, "http://", 7) == 0 && url[7] != '\0'))
		return (0);
	log_error("bad API base '%s': give an http:// or https:// URL", url);
	return (-1);
}

static int
check_census(const char *mode)
{
	enum census_mode	 m;

	if (census_mode_parse(mode, &m) == 0)
		return (0);
	log_error("bad census mode '%s': use 'full', 'hashed' or 'off'", mode);
	return (-1);
}

/*
 * A census of billed reads (X) runs only when configured: asked for
 * without the token or the cap, it is refused with what to set.
 */
static int
check_billed(const struct platform *p, const char *handle, char **cause)
{
	char	*help;
	int	 missing;

	if (census_billed_missing(p, handle, NULL, &missing, cause) != 0)
		return (-1);
	if (missing == 0)
		return (0);
	help = census_billed_help(p, handle, missing);
	*cause = xasprintf("%s's census reads followers with the owner's "
	    "token and is billed per follower read: %s", p->title, help);
	free(help);
	return (-1);
}

/*
 * The census's mode for an account. Hashed from now on: what is stored
 * by id is hashed now, under the key (which must be set). Hashed ids
 * cannot be turned back into accounts: from hashed, only off.
 */
static int
set_census(struct store *store, const struct platform *p, int64_t id,
    const char *handle, const char *mode_name, char **cause)
{
	enum census_mode	 mode, now;
	char			*key = NULL, check[KEYHASH_SIZE], *name;
	int			 rc;

	if (census_mode_parse(mode_name, &mode) != 0 ||
	    store_census_mode(store, id, &now, cause) != 0)
		return (-1);
	if (mode != CENSUS_MODE_OFF && census_billed(p) &&
	    check_billed(p, handle, cause) != 0)
		return (-1);
	if (now == CENSUS_MODE_HASHED && mode == CENSUS_MODE_FULL) {
		*cause = xstrdup("the census of this account is hashed: its "
		    "ids cannot be turned back into accounts (--census off "
		    "stops it)");
		return (-1);
	}
	if (mode == CENSUS_MODE_HASHED) {
		if ((rc = config_secret(CENSUS_KEY_ENV, CENSUS_KEY, &key,
		    cause)) < 0)
			return (-1);
		if (rc == 0) {
			name = xasprintf("%s:%s", p->name, handle);
			*cause = census_key_missing(name);
			free(name);
			return (-1);
		}
		if ((rc = keyhash_check(key, check)) != 0)
			*cause = xasprintf("%s is too short for a key: give at "
			    "least %d characters, a long random string",
			    CENSUS_KEY, KEYHASH_MIN);
		else
			rc = store_census_hash_all(store, id, key, p->name,
			    cause);
		secret_wipe(key, strlen(key));
		free(key);
		if (rc != 0)
			return (-1);
	}
	return (store_census_set_mode(store, id, mode, mode ==
	    CENSUS_MODE_HASHED ? check : NULL, time_now(), cause));
}

struct track_settings {
	const char	*group;		/* --group, or NULL to keep */
	const char	*api_base;	/* --api-base, or NULL to keep */
	const char	*census;	/* --census, or NULL to keep */
};

static int
track_one(struct store *store, const struct platform *p, const char *handle,
    void *arg, struct buf *done, char **cause)
{
	struct track_settings	*t = arg;
	int			 created;

	int64_t			 id;

	if (store_account_track(store, p, handle, t->group, t->api_base,
	    time_now(), &created, cause) != 0)
		return (-1);
	if (t->census != NULL && (store_account_find(store, p, handle, &id,
	    cause) != 1 || set_census(store, p, id, handle, t->census,
	    cause) != 0))
		return (-1);
	buf_printf(done, "%s %s:%s%s%s\n", created ? "tracking" : "updated",
	    p->name, handle, t->group ? " in group " : "",
	    t->group ? t->group : "");
	return (0);
}

static enum cmd_retval
cmd_track_run(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	struct track_settings	 t = { NULL, NULL, NULL };
	size_t			 i;

	for (i = 0; i < args->nopts; i++) {
		if (args->opts[i].id == 'g')
			t.group = args->opts[i].value;
		else if (args->opts[i].id == OPT_CENSUS)
			t.census = args->opts[i].value;
		else
			t.api_base = args->opts[i].value;
	}
	return (cmd_each_account(ctx, args->argv, args->argc, track_one, &t));
}
