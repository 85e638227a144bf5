/* Rank each account's tags by how its audience engages with them. */
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
#include "util/csv.h"
#include "util/xmalloc.h"

static enum cmd_retval	cmd_topics_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_topics_entry = {
	.name = "topics",
	.usage = ANALYSIS_USAGE " [--format text|json|csv]",
	.summary = "rank tags by engagement and by followers they brought",
	.help =
	    "For each tag (hashtags, tags, feed categories) of an account:\n"
	    "its posts, the engagement index (the median engagement rate of\n"
	    "its posts at 7 days over the account's median: 1.0 is typical;\n"
	    "needs 3 measured posts) and the followers its posts brought in\n"
	    "bursts (each burst's excess times the post's share).\n\n"
	    "options:\n"
	    ANALYSIS_HELP
	    "  -f, --format FORMAT  text (default), json or csv\n",
	.flags = CMD_NEEDS_DB,
	.exec = cmd_topics_exec,
};

static void
print_topic(enum cmd_format f, const char *account, const struct topic *t,
    json_t *array)
{
	if (f == FORMAT_JSON) {
		json_array_append_new(array, json_pack("{s:s, s:s, s:i, s:o, "
		    "s:I}", "account", account, "tag", t->tag, "posts",
		    t->posts, "engagement_index", isnan(t->index) ?
		    json_null() : json_real((double)(int64_t)(t->index * 100 +
		    0.5) / 100), "followers_attributed",
		    (json_int_t)(t->followers + 0.5)));
	} else if (f == FORMAT_CSV) {
		csv_write_field(stdout, account);
		putchar(',');
		csv_write_field(stdout, t->tag);
		printf(",%d,", t->posts);
		if (!isnan(t->index))
			printf("%.2f", t->index);
		printf(",%.0f\n", t->followers);
	} else if (isnan(t->index))
		printf("%-40s %-20s %5d %8s %9.0f\n", account, t->tag, t->posts,
		    "-", t->followers);
	else
		printf("%-40s %-20s %5d %8.2f %9.0f\n", account, t->tag,
		    t->posts, t->index, t->followers);
}

int
analysis_topics_out(struct analysis_ctx *a, size_t k, json_t *array)
{
	struct follower_point	*pts = NULL;
	struct topic_post	*tp;
	struct topic		*topics;
	const double		*credit;
	size_t			 i, n, m = 0, nt;

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
	nt = topics_rank(tp, m, &topics);
	for (i = 0; i < nt; i++)
		print_topic(a->opts.format, a->names[k], &topics[i], array);
	free(topics);
	free(tp);
	free(pts);
	return (0);
}

static enum cmd_retval
cmd_topics_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct analysis_table table = {
		.csv_header = "account,tag,posts,engagement_index,"
		    "followers_attributed",
		.text_header = "ACCOUNT                                  TAG"
		    "                  POSTS    INDEX FOLLOWERS",
		.out = analysis_topics_out,
	};

	return (analysis_run(ctx, argc, argv, &table));
}
