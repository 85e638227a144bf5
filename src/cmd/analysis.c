/* Options and account selection shared by the analysis commands. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyze/attribute.h"
#include "analyze/series.h"
#include "cmd/analysis.h"
#include "cmd/results.h"
#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/* When --until DATE ends: a bare date is the whole of that day. */
static int64_t
until_of(const struct cmd_arg *a)
{
	if (strlen(a->value) == TIME_DATE_SIZE - 1)
		return (a->time + SECONDS_PER_DAY - 1);
	return (a->time);
}

void
analysis_opts_from(const struct cmd_args *args, enum cmd_format format,
    int first, struct analysis_opts *o)
{
	size_t	 i;
	int	 until_given = 0;

	memset(o, 0, sizeof *o);
	o->as_of = time_now();
	o->format = format;
	for (i = 0; i < args->nopts; i++) {
		switch (args->opts[i].id) {
		case ANALYSIS_OPT_AS_OF:
			o->as_of = args->opts[i].time;
			break;
		case ANALYSIS_OPT_SINCE:
			o->since = args->opts[i].time;
			break;
		case ANALYSIS_OPT_UNTIL:
			o->until = until_of(&args->opts[i]);
			until_given = 1;
			break;
		}
	}
	if (!until_given || o->until > o->as_of)
		o->until = o->as_of;
	o->names = args->argv + first;
	o->nnames = args->argc - first;
}

enum cmd_retval
analysis_check(const struct cmd_args *args)
{
	struct analysis_opts	 o;

	analysis_opts_from(args, FORMAT_TEXT, 0, &o);
	if (o.since > o.until) {
		log_error("--since is after --until");
		return (CMD_USAGE);
	}
	return (CMD_OK);
}

int
analysis_pick(const struct analysis_opts *o,
    const struct account_summary *list, size_t n, int *picked)
{
	const struct platform	*p;
	char		*handle, *cause = NULL;
	size_t		 i;
	int		 k, found;

	for (i = 0; i < n; i++)
		picked[i] = o->nnames == 0 && (list[i].snapshots > 0 ||
		    list[i].posts > 0);
	for (k = 0; k < o->nnames; k++) {
		if (account_spec_parse(o->names[k], &p, &handle, &cause) != 0) {
			log_error("%s", cause);
			free(cause);
			return (-1);
		}
		for (i = 0, found = 0; i < n; i++) {
			if (list[i].account.platform == p &&
			    strcmp(list[i].account.handle, handle) == 0)
				picked[i] = found = 1;
		}
		if (!found)
			log_error("no account '%s:%s' in the database",
			    p->name, handle);
		free(handle);
		if (!found)
			return (-1);
	}
	return (0);
}

enum cmd_retval
analysis_start(struct cmd_ctx *ctx, const struct cmd_args *args, int first,
    struct analysis_ctx *a)
{
	char	*cause = NULL;
	size_t	 i;

	memset(a, 0, sizeof *a);
	analysis_opts_from(args, ctx->format, first, &a->opts);
	a->store = ctx->store;
	if (store_accounts_list(a->store, &a->list, &a->n, &cause) != 0) {
		log_error("%s", cause);
		free(cause);
		return (CMD_ERROR);
	}
	a->picked = xcalloc(a->n + 1, sizeof *a->picked);
	a->names = xcalloc(a->n + 1, sizeof *a->names);
	for (i = 0; i < a->n; i++)
		a->names[i] = account_name(&a->list[i].account);
	if (analysis_pick(&a->opts, a->list, a->n, a->picked) != 0)
		return (CMD_ERROR);
	return (CMD_OK);
}

void
analysis_end(struct analysis_ctx *a)
{
	size_t	 i;

	for (i = 0; a->names != NULL && i < a->n; i++)
		free((char *)a->names[i]);
	free(a->names);
	free(a->picked);
	free(a->group);
	free(a->credits);
	store_group_posts_release(&a->posts);
	store_accounts_free(a->list, a->n);
	memset(a, 0, sizeof *a);
}

int
analysis_load_group(struct analysis_ctx *a, size_t k)
{
	const char	*group = a->list[k].account.group;
	char		*cause = NULL;
	size_t		 i, j;

	if (a->group != NULL && strcmp(a->group, group) == 0)
		return (0);
	free(a->group);
	free(a->credits);
	a->credits = NULL;
	store_group_posts_release(&a->posts);
	a->group = xstrdup(group);
	if (store_group_posts_read(a->store, group, a->opts.until, &a->posts,
	    &cause) != 0) {
		log_error("%s", cause);
		free(cause);
		free(a->group);
		a->group = NULL;
		return (-1);
	}
	for (i = 0; i < a->posts.n; i++)
		for (j = 0; j < a->n; j++)
			if (a->list[j].account.id == a->posts.posts[i].account_id)
				a->posts.posts[i].account = (int)j;
	return (0);
}

int
analysis_series(struct analysis_ctx *a, size_t k, struct follower_point **pts,
    size_t *npts)
{
	char	*cause = NULL;

	if (store_follower_series(a->store, a->list[k].account.id,
	    a->opts.since, a->opts.until, pts, npts, &cause) != 0) {
		log_error("%s", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

void
analysis_post_ref(const struct analysis_ctx *a, size_t i,
    struct post_ref *ref)
{
	const struct post	*p = &a->posts.posts[i];

	ref->account = a->names[p->account];
	ref->post_id = xstrdup(p->remote_id);
	ref->url = p->url != NULL ? xstrdup(p->url) : NULL;
	ref->title = p->title != NULL ? xstrdup(p->title) : NULL;
	ref->published_at = p->published_at;
}

void
post_ref_release(struct post_ref *ref)
{
	free(ref->post_id);
	free(ref->url);
	free(ref->title);
	memset(ref, 0, sizeof *ref);
}

/* A burst of account k with its causes resolved to their posts. */
static void
attributed(struct analysis_ctx *a, size_t k, const struct burst *b,
    struct attributed_burst *out)
{
	struct attribution	 at[ATTRIBUTE_MAX];
	size_t			 i;

	out->account = a->names[k];
	out->burst = *b;
	out->ncauses = attribute_burst(b, (int)k, a->posts.posts, a->posts.n,
	    a->names, at);
	for (i = 0; i < out->ncauses; i++) {
		analysis_post_ref(a, at[i].post, &out->causes[i].post);
		out->causes[i].index = at[i].post;
		out->causes[i].share = at[i].share;
		memcpy(out->causes[i].why, at[i].why, sizeof at[i].why);
	}
}

int
analysis_bursts_result(struct analysis_ctx *a, size_t k,
    struct bursts_result *r)
{
	struct burst	*b;
	size_t		 i, nb;

	memset(r, 0, sizeof *r);
	r->account = a->names[k];
	if (analysis_load_group(a, k) != 0 ||
	    analysis_series(a, k, &r->points, &r->npoints) != 0)
		return (-1);
	nb = bursts_detect(r->points, r->npoints, &b);
	r->bursts = xcalloc(nb + 1, sizeof *r->bursts);
	for (i = 0; i < nb; i++)
		attributed(a, k, &b[i], &r->bursts[i]);
	r->nbursts = nb;
	free(b);
	return (0);
}

void
bursts_result_release(struct bursts_result *r)
{
	size_t	 i, j;

	for (i = 0; i < r->nbursts; i++)
		for (j = 0; j < r->bursts[i].ncauses; j++)
			post_ref_release(&r->bursts[i].causes[j].post);
	free(r->bursts);
	free(r->points);
	memset(r, 0, sizeof *r);
}

double
analysis_round_half_up(double v, double scale)
{
	/* trunc, not a cast: a topic's index can pass 2^63 / scale. */
	return (trunc(v * scale + 0.5) / scale);
}

double
analysis_round_to(double v, double unit)
{
	return (isfinite(v) ? round(v / unit) * unit : v);
}

const double *
analysis_credits(struct analysis_ctx *a, size_t k)
{
	struct bursts_result	 r;
	const struct attributed_burst *b;
	double			*credit;
	size_t			 j, i, m;

	if (analysis_load_group(a, k) != 0)
		return (NULL);
	if (a->credits != NULL)
		return (a->credits);
	credit = xcalloc(a->posts.n + 1, sizeof *credit);
	for (j = 0; j < a->n; j++) {
		if (strcmp(a->list[j].account.group, a->group) != 0)
			continue;
		if (analysis_bursts_result(a, j, &r) != 0) {
			free(credit);
			return (NULL);
		}
		for (i = 0; i < r.nbursts; i++) {
			b = &r.bursts[i];
			for (m = 0; m < b->ncauses; m++)
				credit[b->causes[m].index] += b->burst.excess *
				    b->causes[m].share;
		}
		bursts_result_release(&r);
	}
	a->credits = credit;
	return (credit);
}

enum cmd_retval
analysis_run(struct cmd_ctx *ctx, const struct cmd_args *args,
    const struct analysis_table *t)
{
	struct analysis_ctx	 a;
	json_t			*array = NULL;
	size_t			 i;
	enum cmd_retval		 rc;

	rc = analysis_start(ctx, args, 0, &a);
	if (rc != CMD_OK)
		goto out;
	rc = CMD_ERROR;
	if (a.opts.format == FORMAT_JSON)
		array = json_array();
	else if (a.opts.format == FORMAT_CSV)
		printf("%s\n", t->csv_header);
	else if (t->text_header != NULL)
		printf("%s\n", t->text_header);
	for (i = 0; i < a.n; i++) {
		if (!a.picked[i])
			continue;
		if (t->skip_feeds && !a.list[i].account.platform->has_counts) {
			/* Named, it gets an answer; among all, it is left out. */
			if (a.opts.nnames > 0)
				log_warn("%s: a %s has no follower counts to "
				    "analyse", a.names[i],
				    a.list[i].account.platform->title);
			continue;
		}
		if (t->out(&a, i, array) != 0)
			goto out;
	}
	if (array != NULL) {
		json_dumpf(array, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(6));
		putchar('\n');
	}
	rc = CMD_OK;
out:
	json_decref(array);
	analysis_end(&a);
	return (rc);
}
