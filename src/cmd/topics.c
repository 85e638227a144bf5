/*
 * Rank each account's tags by how its audience engages with them and by
 * the followers their posts brought: the account's struct topics_result
 * (results.h), written here as text, CSV and JSON, the JSON also for the
 * report's page.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyze/attribute.h"
#include "analyze/engagement.h"
#include "analyze/series.h"
#include "analyze/topics.h"
#include "cmd/analysis.h"
#include "cmd/cmd.h"
#include "cmd/results.h"
#include "util/csv.h"
#include "util/text.h"
#include "util/xmalloc.h"

static enum cmd_retval	cmd_topics_run(struct cmd_ctx *,
			    const struct cmd_args *);

static const struct cmd_option options[] = {
	ANALYSIS_OPTIONS,
	{ .name = NULL }
};

const struct cmd_entry cmd_topics_entry = {
	.name = "topics",
	.usage = ANALYSIS_USAGE " [--format text|json|csv]",
	.summary = "rank tags by engagement and by followers they brought",
	.help =
	    "For each tag (hashtags, tags, feed categories) of an account:\n"
	    "its posts, the engagement index (the median engagement rate of\n"
	    "its posts at 7 days over the account's median: 1.0 is typical;\n"
	    "needs 3 measured posts) and the followers its posts brought in\n"
	    "bursts (each burst's excess times the post's share).\n",
	.options = options,
	.formats = FORMAT_BIT(FORMAT_TEXT) | FORMAT_BIT(FORMAT_JSON) |
	    FORMAT_BIT(FORMAT_CSV),
	.max_args = -1,
	.check = analysis_check,
	.flags = CMD_READS_DB | CMD_ACCOUNTS,
	.run = cmd_topics_run,
};

/* Copy the tags, which the ranking borrows from the group's posts. */
static void
own_tags(struct topics_result *r)
{
	size_t	 i, len = 0, n;
	char	*p;

	for (i = 0; i < r->ntopics; i++)
		len += strlen(r->topics[i].tag) + 1;
	r->tags_text = p = xmalloc(len + 1);
	for (i = 0; i < r->ntopics; i++) {
		n = strlen(r->topics[i].tag) + 1;
		memcpy(p, r->topics[i].tag, n);
		r->topics[i].tag = p;
		p += n;
	}
}

int
analysis_topics_result(struct analysis_ctx *a, size_t k,
    struct topics_result *r)
{
	struct follower_point	*pts = NULL;
	struct topic_post	*tp;
	const double		*credit;
	size_t			 i, n, m = 0;

	memset(r, 0, sizeof *r);
	r->account = a->names[k];
	if ((credit = analysis_credits(a, k)) == NULL ||
	    analysis_series(a, k, &pts, &n) != 0)
		return (-1);
	tp = xcalloc(a->posts.n + 1, sizeof *tp);
	for (i = 0; i < a->posts.n; i++) {
		if (a->posts.posts[i].account != (int)k ||
		    a->posts.posts[i].published_at < a->opts.since)
			continue;
		tp[m].rate = engagement_rate(&a->posts.posts[i], pts, n);
		tp[m].tags = a->posts.posts[i].tags;
		tp[m].ntags = a->posts.posts[i].ntags;
		tp[m].followers = credit[i];
		m++;
	}
	r->ntopics = topics_rank(tp, m, &r->topics);
	own_tags(r);
	free(tp);
	free(pts);
	return (0);
}

void
topics_result_release(struct topics_result *r)
{
	free(r->topics);
	free(r->tags_text);
	memset(r, 0, sizeof *r);
}

json_t *
cmd_topics_json(const char *account, const struct topic *t)
{
	return (json_pack("{s:s, s:s, s:i, s:o, s:I}", "account", account,
	    "tag", t->tag, "posts", t->posts, "engagement_index",
	    isnan(t->index) ? json_null() :
	    json_real(analysis_round_half_up(t->index, 100)),
	    "followers_attributed",
	    (json_int_t)count_clamp(t->followers + 0.5)));
}

static void
print_csv(const char *account, const struct topic *t)
{
	csv_write_field(stdout, account);
	putchar(',');
	csv_write_field(stdout, t->tag);
	printf(",%d,", t->posts);
	if (!isnan(t->index))
		printf("%.2f", t->index);
	printf(",%.0f\n", t->followers);
}

static void
print_text(const char *account, const struct topic *t)
{
	if (isnan(t->index))
		text_printf("%-40s %-20s %5d %8s %9.0f\n", account, t->tag,
		    t->posts, "-", t->followers);
	else
		text_printf("%-40s %-20s %5d %8.2f %9.0f\n", account, t->tag,
		    t->posts, t->index, t->followers);
}

/* Account k's tags in the command's format (JSON: into the array). */
static int
topics_out(struct analysis_ctx *a, size_t k, json_t *array)
{
	struct topics_result	 r;
	const struct topic	*t;
	size_t			 i;

	if (analysis_topics_result(a, k, &r) != 0)
		return (-1);
	for (i = 0; i < r.ntopics; i++) {
		t = &r.topics[i];
		if (a->opts.format == FORMAT_JSON)
			json_array_append_new(array,
			    cmd_topics_json(r.account, t));
		else if (a->opts.format == FORMAT_CSV)
			print_csv(r.account, t);
		else
			print_text(r.account, t);
	}
	topics_result_release(&r);
	return (0);
}

static enum cmd_retval
cmd_topics_run(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	static const struct analysis_table table = {
		.csv_header = "account,tag,posts,engagement_index,"
		    "followers_attributed",
		.text_header = "ACCOUNT                                  TAG"
		    "                  POSTS    INDEX FOLLOWERS",
		.out = topics_out,
	};

	return (analysis_run(ctx, args, &table));
}
