/* List each account's growth bursts: when, how large, above what baseline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyze/attribute.h"
#include "analyze/series.h"
#include "cmd/analysis.h"
#include "cmd/cmd.h"
#include "store/store.h"
#include "util/csv.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

static enum cmd_retval	cmd_bursts_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_bursts_entry = {
	.name = "bursts",
	.usage = ANALYSIS_USAGE " [--format text|json|csv]",
	.summary = "find the growth bursts of each account",
	.help =
	    "A burst is a run of days whose follower gains stand above the\n"
	    "expected baseline (a trailing robust trend with a weekly rhythm).\n"
	    "Gains over missed snapshots count with their length, so a normal\n"
	    "rate over an outage is no burst; drops are never bursts.\n\n"
	    "options:\n"
	    ANALYSIS_HELP
	    "  -f, --format FORMAT  text (default), json or csv\n",
	.flags = CMD_NEEDS_DB,
	.exec = cmd_bursts_exec,
};

/* What the bursts of one group are explained with. */
struct group_ctx {
	const struct account_summary *list;	/* every account */
	size_t			 nlist;
	const char		**names;	/* "platform:handle" of each */
	char			*group;		/* the group loaded, or NULL */
	struct store_group_posts posts;		/* its posts */
};

static void
day_text(int64_t day, char out[TIME_DATE_SIZE])
{
	time_format_date(day * SECONDS_PER_DAY, out);
}

static json_t *
causes_json(const struct group_ctx *gc, const struct attribution *at,
    size_t nat)
{
	const struct post_input	*p;
	json_t			*a = json_array();
	size_t			 i;

	for (i = 0; i < nat; i++) {
		p = &gc->posts.posts[at[i].post];
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o, s:o, "
		    "s:f, s:s}", "account", gc->names[p->account], "post_id",
		    p->remote_id, "url", cmd_json_string(p->url), "title",
		    cmd_json_string(p->title), "published_at",
		    cmd_json_time(p->published_at), "share",
		    (double)(int64_t)(at[i].share * 1000 + 0.5) / 1000, "why",
		    at[i].why));
	}
	return (a);
}

static json_t *
burst_json(const char *account, const struct burst *b, json_t *causes)
{
	char	 start[TIME_DATE_SIZE], end[TIME_DATE_SIZE];
	char	 peak[TIME_DATE_SIZE];

	day_text(b->start_day, start);
	day_text(b->end_day, end);
	day_text(b->peak_day, peak);
	return (json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:I, s:I, s:f, "
	    "s:f, s:o}", "account", account, "start", start, "end", end,
	    "start_time", cmd_json_time(b->start_time), "end_time",
	    cmd_json_time(b->end_time), "peak", peak, "gained",
	    (json_int_t)b->gained, "excess", (json_int_t)(b->excess + 0.5),
	    "baseline_per_day", (double)(int64_t)(b->baseline_per_day * 100 +
	    0.5) / 100, "score", (double)(int64_t)(b->score * 10 + 0.5) / 10,
	    "posts", causes));
}

/* "How demand paging really works" (rss, 2026-10-14): why */
static void
print_causes_text(const struct group_ctx *gc, const struct attribution *at,
    size_t nat)
{
	const struct post_input	*p;
	char			 date[TIME_DATE_SIZE];
	size_t			 i;

	for (i = 0; i < nat; i++) {
		p = &gc->posts.posts[at[i].post];
		time_format_date(p->published_at, date);
		printf("     %zu. %3.0f%%  \"%.60s%s\" (%s, %s): %s\n", i + 1,
		    at[i].share * 100, p->title ? p->title : p->remote_id,
		    p->title && strlen(p->title) > 60 ? "\u2026" : "",
		    gc->names[p->account], date, at[i].why);
	}
}

static void
print_burst(enum cmd_format f, const struct group_ctx *gc,
    const char *account, const struct burst *b,
    const struct attribution *at, size_t nat, json_t *array)
{
	char	 start[TIME_DATE_SIZE], end[TIME_DATE_SIZE];

	if (f == FORMAT_JSON) {
		json_array_append_new(array, burst_json(account, b,
		    causes_json(gc, at, nat)));
		return;
	}
	day_text(b->start_day, start);
	day_text(b->end_day, end);
	if (f == FORMAT_CSV) {
		printf("%s,%s,%s,%.0f,%.0f,%.2f,%.1f,", account, start, end,
		    b->gained, b->excess, b->baseline_per_day, b->score);
		if (nat > 0)
			csv_write_field(stdout, gc->posts.posts[at[0].post].url);
		putchar('\n');
		return;
	}
	printf("%-12s %-12s %-40s %+8.0f %+8.0f %8.1f %6.1f\n", start, end,
	    account, b->gained, b->excess, b->baseline_per_day, b->score);
	print_causes_text(gc, at, nat);
}

/* Load the posts of the account's group, unless they are loaded. */
static int
load_group(struct store *store, struct group_ctx *gc, const char *group,
    int64_t until)
{
	char	*cause = NULL;
	size_t	 i, j;

	if (gc->group != NULL && strcmp(gc->group, group) == 0)
		return (0);
	free(gc->group);
	store_group_posts_release(&gc->posts);
	gc->group = xstrdup(group);
	if (store_group_posts_read(store, group, until, &gc->posts,
	    &cause) != 0) {
		log_error("%s", cause);
		free(cause);
		return (-1);
	}
	for (i = 0; i < gc->posts.n; i++)
		for (j = 0; j < gc->nlist; j++)
			if (gc->list[j].account.id == gc->posts.account_ids[i])
				gc->posts.posts[i].account = (int)j;
	return (0);
}

/* Detect, explain and print the bursts of account 'k'; -1 on error. */
static int
account_bursts(struct store *store, struct group_ctx *gc, size_t k,
    const struct analysis_opts *o, json_t *array)
{
	const struct account	*a = &gc->list[k].account;
	struct follower_point	*pts;
	struct burst		*b;
	struct attribution	 at[ATTRIBUTE_MAX];
	char			*cause = NULL;
	size_t			 n, nb, i, nat;

	if (load_group(store, gc, a->group, o->until) != 0)
		return (-1);
	if (store_follower_series(store, a->id, o->since, o->until, &pts, &n,
	    &cause) != 0) {
		log_error("%s", cause);
		free(cause);
		return (-1);
	}
	nb = bursts_detect(pts, n, &b);
	for (i = 0; i < nb; i++) {
		nat = attribute_burst(&b[i], (int)k, gc->posts.posts,
		    gc->posts.n, gc->names, at);
		print_burst(o->format, gc, gc->names[k], &b[i], at, nat,
		    array);
	}
	free(b);
	free(pts);
	return (0);
}

static enum cmd_retval
cmd_bursts_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct analysis_opts	 o;
	struct account_summary	*list = NULL;
	struct group_ctx	 gc;
	json_t			*array = NULL;
	char			*cause = NULL;
	size_t			 n = 0, i;
	int			*picked = NULL;
	enum cmd_retval		 rc = CMD_ERROR;

	memset(&gc, 0, sizeof gc);
	if (analysis_parse(argc, argv, FORMAT_BIT(FORMAT_TEXT) |
	    FORMAT_BIT(FORMAT_JSON) | FORMAT_BIT(FORMAT_CSV), &o) != 0)
		return (CMD_USAGE);
	if (cmd_open_store(ctx) != 0)
		return (CMD_ERROR);
	if (store_accounts_list(ctx->store, &list, &n, &cause) != 0)
		goto out;
	picked = xcalloc(n + 1, sizeof *picked);
	if (analysis_pick(&o, list, n, picked) != 0)
		goto out;
	gc.list = list;
	gc.nlist = n;
	gc.names = xcalloc(n + 1, sizeof *gc.names);
	for (i = 0; i < n; i++)
		gc.names[i] = account_name(&list[i].account);
	if (o.format == FORMAT_JSON)
		array = json_array();
	else if (o.format == FORMAT_CSV)
		printf("account,start,end,gained,excess,baseline_per_day,"
		    "score,top_post_url\n");
	else
		printf("%-12s %-12s %-40s %8s %8s %8s %6s\n", "START", "END",
		    "ACCOUNT", "GAINED", "EXCESS", "BASE/DAY", "SCORE");
	for (i = 0; i < n; i++) {
		if (picked[i] && account_bursts(ctx->store, &gc, i, &o,
		    array) != 0)
			goto out;
	}
	if (array != NULL) {
		json_dumpf(array, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(6));
		putchar('\n');
	}
	rc = CMD_OK;
out:
	if (cause != NULL)
		log_error("%s", cause);
	free(cause);
	json_decref(array);
	free(picked);
	for (i = 0; gc.names != NULL && i < n; i++)
		free((char *)gc.names[i]);
	free(gc.names);
	free(gc.group);
	store_group_posts_release(&gc.posts);
	store_accounts_free(list, n);
	return (rc);
}
