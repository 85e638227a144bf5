/* Start tracking accounts, or change their group or API base. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"

static enum cmd_retval	cmd_track_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_track_entry = {
	.name = "track",
	.usage = "ACCOUNT... [--group NAME] [--api-base URL]",
	.summary = "start tracking accounts (or change their settings)",
	.help =
	    "options:\n"
	    "  -g, --group NAME    the group the accounts belong to (default:\n"
	    "                      'default'); bursts on one account are\n"
	    "                      explained by posts of its whole group\n"
	    "  --api-base URL      fetch from this server instead of the\n"
	    "                      platform's own (a self-hosted AppView,\n"
	    "                      a test server)\n\n"
	    "Tracking an account again makes it active and changes only the\n"
	    "settings given. Examples:\n"
	    "  tideline track bluesky:author.bsky.social\n"
	    "  tideline track mastodon:@author@mastodon.example --group work\n",
	.flags = CMD_CREATES_DB,
	.exec = cmd_track_exec,
};

/* A group is a short word: letters, digits, '-', '_' and '.'. */
static int
group_valid(const char *g)
{
	size_t	 i, len = strlen(g);

	if (len == 0 || len > 64)
		return (0);
	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)g[i]) && strchr("-_.", g[i]) == NULL)
			return (0);
	}
	return (1);
}

static int
api_base_valid(const char *url)
{
	return ((strncmp(url, "https://", 8) == 0 && url[8] != '\0') ||
	    (strncmp(url, "http://", 7) == 0 && url[7] != '\0'));
}

struct track_settings {
	const char	*group;		/* --group, or NULL to keep */
	const char	*api_base;	/* --api-base, or NULL to keep */
};

static int
track_one(struct store *store, const struct platform *p, const char *handle,
    void *arg, struct buf *done, char **cause)
{
	struct track_settings	*t = arg;
	int			 created;

	if (store_account_track(store, p, handle, t->group, t->api_base,
	    time_now(), &created, cause) != 0)
		return (-1);
	buf_printf(done, "%s %s:%s%s%s\n", created ? "tracking" : "updated",
	    p->name, handle, t->group ? " in group " : "",
	    t->group ? t->group : "");
	return (0);
}

static enum cmd_retval
cmd_track_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "api-base", required_argument, NULL, 'a' },
		{ "group", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 }
	};
	struct track_settings	 t;
	const char		*group = NULL, *api_base = NULL;
	int			 c;

	while ((c = cmd_getopt(argc, argv, "g:", opts)) != -1) {
		switch (c) {
		case 'a':
			api_base = optarg;
			break;
		case 'g':
			group = optarg;
			break;
		default:
			return (CMD_USAGE);
		}
	}
	if (optind == argc) {
		log_error("track needs an account");
		return (CMD_USAGE);
	}
	if (group != NULL && !group_valid(group)) {
		log_error("bad group '%s': use letters, digits, '-', '_', '.'",
		    group);
		return (CMD_USAGE);
	}
	if (api_base != NULL && !api_base_valid(api_base)) {
		log_error("bad API base '%s': give an http:// or https:// URL",
		    api_base);
		return (CMD_USAGE);
	}
	t.group = group;
	t.api_base = api_base;
	return (cmd_each_account(ctx, argv + optind, argc - optind, track_one,
	    &t));
}
