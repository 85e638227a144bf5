/*
 * One page per group: followers and growth, the bursts and their causes,
 * the effective audience, topic context, top posts, the next milestone,
 * and what in the data to distrust. The page is a struct report_page
 * (report.h) built here from the analyses' results and the notes of
 * report-notes.c, all pages before any is written; report-json.c and
 * report-render.c write it as JSON, text or Markdown.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyze/engagement.h"
#include "analyze/series.h"
#include "cmd/analysis.h"
#include "cmd/cmd.h"
#include "cmd/report.h"
#include "cmd/results.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

static enum cmd_retval	cmd_report_run(struct cmd_ctx *,
			    const struct cmd_args *);

static const struct cmd_option options[] = {
	ANALYSIS_OPTIONS,
	{ .name = NULL }
};

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = ANALYSIS_USAGE " [--format text|json|markdown]",
	.summary = "one page per group: growth, bursts, audience, topics",
	.help =
	    "For each group: followers now and growth over 7, 30 and 365\n"
	    "days; the last year's bursts with their causes; the effective\n"
	    "audience now and how it fades; topic context; the top posts of\n"
	    "the last 30 days; the next follower milestone with an 80%\n"
	    "interval; and data-quality warnings (snapshot gaps, failing\n"
	    "fetches, rounded or hidden counts). Markdown is ready for a\n"
	    "weekly note; JSON carries everything, for scripts.\n",
	.options = options,
	.formats = FORMAT_BIT(FORMAT_TEXT) | FORMAT_BIT(FORMAT_JSON) |
	    FORMAT_BIT(FORMAT_MARKDOWN),
	.max_args = -1,
	.check = analysis_check_as_of,
	.flags = CMD_READS_DB | CMD_ACCOUNTS,
	.run = cmd_report_run,
};

/* Followers gained since ago before now, a whole number; NAN: unknown. */
static double
growth(const struct follower_point *p, size_t n, int64_t now, int64_t ago)
{
	double	 then = followers_at(p, n, now - ago);

	if (n == 0 || then < 0)
		return (NAN);
	return ((double)count_clamp(p[n - 1].followers - then + 0.5));
}

static void
account_row(struct analysis_ctx *a, size_t k, const struct follower_point *p,
    size_t n, struct report_account *row)
{
	int64_t	 now = a->opts.as_of;

	row->account = a->names[k];
	row->followers = n > 0 ? p[n - 1].followers : COUNT_UNKNOWN;
	row->growth_7d = growth(p, n, now, 7 * SECONDS_PER_DAY);
	row->growth_30d = growth(p, n, now, 30 * SECONDS_PER_DAY);
	row->growth_365d = growth(p, n, now, REPORT_YEAR);
	row->last_snapshot = n > 0 ? p[n - 1].t : 0;
	row->posts = a->list[k].posts;
}

/* Widen the page's data range to [from, to]. */
static void
data_range(struct report_page *pg, int64_t from, int64_t to)
{
	if (pg->data_from == 0 || from < pg->data_from)
		pg->data_from = from;
	if (pg->data_to == 0 || to > pg->data_to)
		pg->data_to = to;
}

/* The bursts, the decay and the topics of an account with counts. */
static int
account_results(struct analysis_ctx *a, size_t k, struct report_page *pg)
{
	if (analysis_bursts_result(a, k, &pg->bursts[pg->nbursts]) != 0)
		return (-1);
	pg->nbursts++;
	if (analysis_decay_report(a, k, &pg->audience[pg->naudience]) != 0)
		return (-1);
	pg->naudience++;
	if (analysis_topics_result(a, k, &pg->topics[pg->ntopics]) != 0)
		return (-1);
	pg->ntopics++;
	/*
	 * An X census never asked for is listed with audience's reason, so
	 * the page says why the account has no measured audience.
	 */
	if (a->list[k].account.platform->census == NULL)
		return (0);
	pg->ncensus++;
	return (analysis_audience_result(a, k, &pg->census[pg->ncensus - 1]));
}

/* Everything of one account on the page. */
static int
account_sections(struct analysis_ctx *a, size_t k, struct report_page *pg)
{
	struct follower_point	*p = NULL;
	char			*cause = NULL;
	size_t			 n;
	int			 rc = -1;

	if (analysis_load_group(a, k) != 0)
		goto out;
	if (store_follower_series(a->store, a->list[k].account.id, 0,
	    a->opts.until, &p, &n, &cause) != 0) {
		log_error("%s", cause);
		goto out;
	}
	account_row(a, k, p, n, &pg->accounts[pg->naccounts++]);
	if (n > 0)
		data_range(pg, p[0].t, p[n - 1].t);
	if (a->list[k].account.platform->has_counts &&
	    account_results(a, k, pg) != 0)
		goto out;
	if (report_milestone(a->names[k], p, n, a->opts.as_of,
	    &pg->milestones[pg->nmilestones]))
		pg->nmilestones++;
	report_series_warnings(a, k, p, n, pg);
	rc = 0;
out:
	free(cause);
	free(p);
	return (rc);
}

static int
cmp_newest_first(const void *a, const void *b)
{
	const struct attributed_burst *x =
	    *(const struct attributed_burst *const *)a;
	const struct attributed_burst *y =
	    *(const struct attributed_burst *const *)b;
	int	 c;

	c = (y->burst.start_day > x->burst.start_day) -
	    (y->burst.start_day < x->burst.start_day);
	if (c == 0)
		c = strcmp(x->account, y->account);
	return (c);
}

/* The UTC day of a time, rounding down before 1970 as after. */
static int64_t
day_of(int64_t t)
{
	return ((t - (t < 0 ? SECONDS_PER_DAY - 1 : 0)) / SECONDS_PER_DAY);
}

/*
 * The group's bursts that ended in the last year, whichever account
 * they are on, newest first.
 */
static void
recent_bursts(struct report_page *pg)
{
	int64_t	 since = day_of(pg->as_of - REPORT_YEAR);
	size_t	 i, j, n = 0;

	for (i = 0; i < pg->nbursts; i++)
		n += pg->bursts[i].nbursts;
	pg->recent = xcalloc(n + 1, sizeof *pg->recent);
	for (i = 0; i < pg->nbursts; i++)
		for (j = 0; j < pg->bursts[i].nbursts; j++)
			if (pg->bursts[i].bursts[j].burst.end_day >= since)
				pg->recent[pg->nrecent++] =
				    &pg->bursts[i].bursts[j];
	qsort(pg->recent, pg->nrecent, sizeof *pg->recent, cmp_newest_first);
}

/* An empty page with room for n accounts' sections. */
static void
page_init(struct report_page *pg, const char *group, int64_t as_of,
    size_t n)
{
	memset(pg, 0, sizeof *pg);
	pg->group = group;
	pg->as_of = as_of;
	pg->accounts = xcalloc(n + 1, sizeof *pg->accounts);
	pg->bursts = xcalloc(n + 1, sizeof *pg->bursts);
	pg->audience = xcalloc(n + 1, sizeof *pg->audience);
	pg->census = xcalloc(n + 1, sizeof *pg->census);
	pg->topics = xcalloc(n + 1, sizeof *pg->topics);
	pg->milestones = xcalloc(n + 1, sizeof *pg->milestones);
}

void
report_page_release(struct report_page *pg)
{
	size_t	 i;

	for (i = 0; i < pg->nbursts; i++)
		bursts_result_release(&pg->bursts[i]);
	for (i = 0; i < pg->naudience; i++)
		decay_report_release(&pg->audience[i]);
	for (i = 0; i < pg->ntopics; i++)
		topics_result_release(&pg->topics[i]);
	for (i = 0; i < pg->ncensus; i++)
		audience_result_release(&pg->census[i]);
	for (i = 0; i < pg->ntop_posts; i++)
		post_ref_release(&pg->top_posts[i].post);
	for (i = 0; i < pg->nwarnings; i++) {
		free(pg->warnings[i].account);
		free(pg->warnings[i].text);
	}
	free(pg->accounts);
	free(pg->bursts);
	free(pg->recent);
	free(pg->audience);
	free(pg->census);
	free(pg->topics);
	free(pg->top_posts);
	free(pg->milestones);
	free(pg->warnings);
	memset(pg, 0, sizeof *pg);
}

/*
 * The page of the group of account k, covering its picked accounts;
 * -1 on error (the page is then to be released all the same).
 */
static int
group_page(struct analysis_ctx *a, size_t k, struct report_page *pg)
{
	const char	*group = a->list[k].account.group;
	size_t		 j, n;

	for (n = k; n < a->n && strcmp(a->list[n].account.group, group) == 0;
	    n++)
		;
	page_init(pg, group, a->opts.as_of, n - k);
	pg->time_zone = a->zone_name;
	for (j = k; j < n; j++)
		if (a->picked[j] && account_sections(a, j, pg) != 0)
			return (-1);
	recent_bursts(pg);
	report_top_posts(a, pg);
	report_fetch_warnings(a, group, pg);
	return (0);
}

/* Write the pages in the format asked for. */
static void
render(const struct report_page *pages, size_t n, enum cmd_format format)
{
	json_t	*all;
	size_t	 i;

	if (format == FORMAT_JSON) {
		all = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(all,
			    report_render_json(&pages[i]));
		json_dumpf(all, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(all);
		return;
	}
	for (i = 0; i < n; i++) {
		if (format == FORMAT_MARKDOWN)
			report_render_markdown(&pages[i]);
		else
			report_render_text(&pages[i]);
	}
	if (n == 0)
		printf("no accounts with data: import history or take a "
		    "snapshot first\n");
}

static enum cmd_retval
cmd_report_run(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	struct analysis_ctx	 a;
	struct report_page	*pages = NULL;
	size_t			 i, j, n = 0;
	enum cmd_retval		 rc;

	rc = analysis_start(ctx, args, 0, &a);
	if (rc != CMD_OK)
		goto out;
	rc = CMD_ERROR;
	/* Every page is built before any is written: all or nothing. */
	pages = xcalloc(a.n + 1, sizeof *pages);
	/* Accounts come sorted by group: a group is a run of them. */
	for (i = 0; i < a.n; i = j) {
		for (j = i; j < a.n && strcmp(a.list[j].account.group,
		    a.list[i].account.group) == 0; j++)
			;
		for (; i < j && !a.picked[i]; i++)
			;
		if (i == j)
			continue;
		if (group_page(&a, i, &pages[n++]) != 0)
			goto out;
	}
	render(pages, n, a.opts.format);
	rc = CMD_OK;
out:
	for (i = 0; i < n; i++)
		report_page_release(&pages[i]);
	free(pages);
	analysis_end(&a);
	return (rc);
}
