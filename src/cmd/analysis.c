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

static int
parse_time_opt(const char *opt, const char *arg, int64_t *out)
{
	const char	*why;

	if (time_parse(arg, strlen(arg), out, &why) != 0) {
		log_error("bad time '%s' for %s: %s", arg, opt, why);
		return (-1);
	}
	return (0);
}

int
analysis_parse(int argc, char **argv, unsigned formats,
    const struct analysis_extra *extra, struct analysis_opts *o)
{
	static const struct option common[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
	};
	struct option	 opts[32];
	char		 shortopts[32];
	size_t		 n = 0, i;
	int	 c, until_given = 0;

	/* The common options, then the command's own, if any. */
	memset(opts, 0, sizeof opts);
	for (i = 0; i < sizeof common / sizeof common[0]; i++)
		opts[n++] = common[i];
	for (i = 0; extra != NULL && extra->opts[i].name != NULL &&
	    n < sizeof opts / sizeof opts[0] - 1; i++)
		opts[n++] = extra->opts[i];
	snprintf(shortopts, sizeof shortopts, "f:%s", extra != NULL ?
	    extra->shortopts : "");
	memset(o, 0, sizeof *o);
	o->as_of = time_now();
	o->format = FORMAT_TEXT;
	while ((c = cmd_getopt(argc, argv, shortopts, opts)) != -1) {
		switch (c) {
		case 'a':
			if (parse_time_opt("--as-of", optarg, &o->as_of) != 0)
				return (-1);
			break;
		case 'f':
			if (cmd_parse_format(optarg, formats, &o->format) != 0)
				return (-1);
			break;
		case 's':
			if (parse_time_opt("--since", optarg, &o->since) != 0)
				return (-1);
			break;
		case 'u':
			if (parse_time_opt("--until", optarg, &o->until) != 0)
				return (-1);
			/* A date means the whole of that day. */
			if (strlen(optarg) == TIME_DATE_SIZE - 1)
				o->until += SECONDS_PER_DAY - 1;
			until_given = 1;
			break;
		default:
			if (c == '?' || extra == NULL ||
			    extra->take(extra->arg, c, optarg) != 0)
				return (-1);
			break;
		}
	}
	if (!until_given || o->until > o->as_of)
		o->until = o->as_of;
	if (o->since > o->until) {
		log_error("--since is after --until");
		return (-1);
	}
	o->names = argv + optind;
	o->nnames = argc - optind;
	return (0);
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
analysis_start(struct cmd_ctx *ctx, int argc, char **argv, unsigned formats,
    const struct analysis_extra *extra, struct analysis_ctx *a)
{
	char	*cause = NULL;
	size_t	 i;

	memset(a, 0, sizeof *a);
	if (analysis_parse(argc, argv, formats, extra, &a->opts) != 0)
		return (CMD_USAGE);
	if (cmd_open_store(ctx) != 0)
		return (CMD_ERROR);
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
	return ((double)(int64_t)(v * scale + 0.5) / scale);
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
analysis_run(struct cmd_ctx *ctx, int argc, char **argv,
    const struct analysis_table *t)
{
	struct analysis_ctx	 a;
	json_t			*array = NULL;
	size_t			 i;
	enum cmd_retval		 rc;

	rc = analysis_start(ctx, argc, argv, FORMAT_BIT(FORMAT_TEXT) |
	    FORMAT_BIT(FORMAT_JSON) | FORMAT_BIT(FORMAT_CSV), NULL, &a);
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
		if (!a.picked[i] || (t->skip_feeds &&
		    !a.list[i].account.platform->has_counts))
			continue;
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
