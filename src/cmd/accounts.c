/* List the accounts in the database with what is known of each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/census-billed.h"
#include "cmd/cmd.h"
#include "store/store.h"
#include "util/csv.h"
#include "util/log.h"
#include "util/text.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

static enum cmd_retval	cmd_accounts_run(struct cmd_ctx *,
			    const struct cmd_args *);

const struct cmd_entry cmd_accounts_entry = {
	.name = "accounts",
	.usage = "[--format text|json|csv]",
	.summary = "list the accounts and what is stored for each",
	.formats = FORMAT_BIT(FORMAT_TEXT) | FORMAT_BIT(FORMAT_JSON) |
	    FORMAT_BIT(FORMAT_CSV),
	.flags = CMD_READS_DB,
	.run = cmd_accounts_run,
};

/* An account's census as shown. */
struct census_shown {
	const char	*mode;		/* "full", "hashed", "off"; NULL: the
					   platform has none */
	int		 asked;		/* where reads are billed (X): 1 when
					   track --census set it; else -1 */
};

/*
 * Each account's census: its mode, the platform's default where none is
 * set (full, but off where each read is billed until asked for). A new
 * array; -1 with *cause.
 */
static int
census_list(struct store *store, const struct account_summary *list,
    size_t n, struct census_shown **out, char **cause)
{
	struct census_shown	*c;
	const struct platform	*p;
	enum census_mode	 mode;
	size_t			 i;

	c = xcalloc(n + 1, sizeof *c);
	for (i = 0; i < n; i++) {
		p = list[i].account.platform;
		c[i].asked = -1;
		if (p->census == NULL)
			continue;
		if (store_census_mode(store, list[i].account.id, &mode,
		    cause) != 0) {
			free(c);
			return (-1);
		}
		if (census_billed(p))
			c[i].asked = mode != CENSUS_MODE_DEFAULT;
		if (mode == CENSUS_MODE_DEFAULT)
			mode = census_billed(p) ? CENSUS_MODE_OFF :
			    CENSUS_MODE_FULL;
		c[i].mode = census_mode_name(mode);
	}
	*out = c;
	return (0);
}

/* "full", "off (not asked)", "-": for the text table. */
static const char *
census_words(const struct census_shown *c)
{
	if (c->mode == NULL)
		return ("-");
	return (c->asked == 0 ? "off (not asked)" : c->mode);
}

/* The platform's name as stored: an unknown one keeps its own. */
static const char *
platform_of(const struct account *a)
{
	return (a->unknown_platform != NULL ? a->unknown_platform :
	    a->platform->name);
}

/*
 * The widths of the name and group columns: the longest of each, so
 * that one long handle (a feed's URL) does not push its row's columns
 * out of line.
 */
static void
column_widths(const struct account_summary *list, size_t n, int *name_w,
    int *group_w)
{
	char	*name;
	size_t	 i, len;

	*name_w = 44;
	*group_w = 10;
	for (i = 0; i < n; i++) {
		name = account_name(&list[i].account);
		if ((len = strlen(name)) > (size_t)*name_w && len < 1024)
			*name_w = (int)len;
		free(name);
		if ((len = strlen(list[i].account.group)) > (size_t)*group_w &&
		    len < 1024)
			*group_w = (int)len;
	}
}

static void
print_text(const struct account_summary *list,
    const struct census_shown *census, size_t n)
{
	const struct account_summary	*s;
	char				 followers[32], last[TIME_ISO_SIZE];
	char				*name;
	size_t				 i;
	int				 name_w, group_w;

	column_widths(list, n, &name_w, &group_w);
	text_printf("%-*s %-*s %-8s %-15s %10s  %-20s %7s\n", name_w,
	    "ACCOUNT", group_w, "GROUP", "STATE", "CENSUS", "FOLLOWERS",
	    "LAST SNAPSHOT", "POSTS");
	for (i = 0; i < n; i++) {
		s = &list[i];
		name = account_name(&s->account);
		if (s->followers >= 0)
			text_thousands(s->followers, followers,
			    sizeof followers);
		else
			strcpy(followers, "-");
		if (s->last_snapshot != 0)
			time_format(s->last_snapshot, last);
		else
			strcpy(last, "-");
		text_printf("%-*s %-*s %-8s %-15s %10s  %-20s %7lld\n",
		    name_w, name, group_w, s->account.group,
		    s->account.active ? "active" : "inactive",
		    census_words(&census[i]), followers, last,
		    (long long)s->posts);
		free(name);
	}
	if (n == 0)
		text_printf("(no accounts: add one with 'tideline track "
		    "PLATFORM:HANDLE' or 'tideline import')\n");
}

static json_t *
summary_json(const struct account_summary *s, const struct census_shown *c)
{
	json_t	*o;
	char	*name;

	name = account_name(&s->account);
	o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o, "
	    "s:I, s:I, s:o, s:o}",
	    "account", name,
	    "platform", platform_of(&s->account),
	    "handle", s->account.handle,
	    "group", s->account.group,
	    "active", s->account.active,
	    "api_base", cmd_json_string(s->account.api_base),
	    "remote_id", cmd_json_string(s->account.remote_id),
	    "added_at", cmd_json_time(s->account.added_at),
	    "followers", s->followers >= 0 ? json_integer(s->followers) :
	    json_null(),
	    "last_snapshot", cmd_json_time(s->last_snapshot),
	    "snapshots", (json_int_t)s->snapshots,
	    "posts", (json_int_t)s->posts,
	    "census", cmd_json_string(c->mode),
	    "census_asked", c->asked >= 0 ? json_boolean(c->asked) :
	    json_null());
	free(name);
	return (o);
}

static void
print_json(const struct account_summary *list,
    const struct census_shown *census, size_t n)
{
	json_t	*array;
	size_t	 i;

	array = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(array, summary_json(&list[i],
		    &census[i]));
	json_dumpf(array, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(array);
}

static void
print_csv(const struct account_summary *list,
    const struct census_shown *census, size_t n)
{
	const struct account_summary	*s;
	char				 last[TIME_ISO_SIZE];
	char				*name;
	size_t				 i;

	printf("account,platform,handle,group,active,followers,"
	    "last_snapshot,snapshots,posts,census,census_asked\n");
	for (i = 0; i < n; i++) {
		s = &list[i];
		name = account_name(&s->account);
		csv_write_field(stdout, name);
		printf(",%s,", platform_of(&s->account));
		csv_write_field(stdout, s->account.handle);
		putchar(',');
		csv_write_field(stdout, s->account.group);
		printf(",%d,", s->account.active);
		if (s->followers >= 0)
			printf("%lld", (long long)s->followers);
		putchar(',');
		if (s->last_snapshot != 0) {
			time_format(s->last_snapshot, last);
			fputs(last, stdout);
		}
		printf(",%lld,%lld,%s,", (long long)s->snapshots,
		    (long long)s->posts, census[i].mode != NULL ?
		    census[i].mode : "");
		if (census[i].asked >= 0)
			printf("%d", census[i].asked);
		putchar('\n');
		free(name);
	}
}

static enum cmd_retval
cmd_accounts_run(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	struct account_summary	*list;
	struct census_shown	*census;
	char			*cause = NULL;
	size_t			 n;

	if (store_accounts_list(ctx->store, &list, &n, &cause) != 0) {
		log_error("%s", cause);
		free(cause);
		return (CMD_ERROR);
	}
	if (census_list(ctx->store, list, n, &census, &cause) != 0) {
		log_error("%s", cause);
		free(cause);
		store_accounts_free(list, n);
		return (CMD_ERROR);
	}
	if (ctx->format == FORMAT_JSON)
		print_json(list, census, n);
	else if (ctx->format == FORMAT_CSV)
		print_csv(list, census, n);
	else
		print_text(list, census, n);
	free(census);
	store_accounts_free(list, n);
	return (CMD_OK);
}
