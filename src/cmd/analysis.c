/* Options and account selection shared by the analysis commands. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "analyze/attribute.h"
#include "analyze/series.h"
#include "cmd/analysis.h"
#include "cmd/results.h"
#include "store/store.h"
#include "util/config.h"
#include "util/log.h"
#include "util/text.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

static int
is_date(const struct cmd_arg *a)
{
	return (strlen(a->value) == TIME_DATE_SIZE - 1);
}

/* When --until DATE ends: a bare date is the whole of that day. */
static int64_t
until_of(const struct cmd_arg *a)
{
	if (is_date(a))
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
			o->since_day = is_date(&args->opts[i]);
			break;
		case ANALYSIS_OPT_UNTIL:
			o->until = until_of(&args->opts[i]);
			o->until_day = is_date(&args->opts[i]);
			until_given = 1;
			break;
		case ANALYSIS_OPT_TZ:
			o->tz = args->opts[i].value;
			break;
		}
	}
	if (!until_given)
		o->until_day = 0;
	o->until_asked = o->until;
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

enum cmd_retval
analysis_check_as_of(const struct cmd_args *args)
{
	struct analysis_opts	 o;
	enum cmd_retval		 rc;
	char			 when[TIME_ISO_SIZE];

	if ((rc = analysis_check(args)) != CMD_OK)
		return (rc);
	analysis_opts_from(args, FORMAT_TEXT, 0, &o);
	/* Nothing is known of the future: the numbers are today's data. */
	if (o.as_of > time_now() && time_format(o.as_of, when) == 0)
		log_warn("--as-of %s is in the future: the numbers are as of "
		    "the data stored now", when);
	return (CMD_OK);
}

enum cmd_retval
analysis_check_no_window(const struct cmd_args *args)
{
	size_t	 i;

	for (i = 0; i < args->nopts; i++)
		if (args->opts[i].id == ANALYSIS_OPT_SINCE ||
		    args->opts[i].id == ANALYSIS_OPT_UNTIL) {
			log_error("--since and --until do not apply here: the "
			    "census counts as of --as-of (7 and 30 days "
			    "before it)");
			return (CMD_USAGE);
		}
	return (analysis_check_as_of(args));
}

int
analysis_tz_check(const char *zone)
{
	const char	*why;

	if (time_zone_set(zone, &why) != 0) {
		log_error("bad time zone '%s' for --tz: %s", zone, why);
		return (-1);
	}
	return (0);
}

/* Is the zone named UTC itself (its offsets all 0)? */
static int
zone_is_utc(const char *zone)
{
	static const char *const utc[] = { "UTC", "UTC0", "Z", ":UTC",
	    "Etc/UTC", "GMT", "GMT0", "Etc/GMT", "UTC+0", "UTC-0" };
	size_t	 i;

	for (i = 0; i < sizeof utc / sizeof utc[0]; i++)
		if (strcasecmp(zone, utc[i]) == 0)
			return (1);
	return (0);
}

static int	 pick_zone(struct analysis_ctx *);

/*
 * The owner's time zone: --tz, else the config file's 'tz', else TZ
 * (taken as the C library takes it), else UTC. 0, or -1 said; its name
 * is kept for the outputs ("UTC" for every name of UTC).
 */
static int
choose_zone(struct analysis_ctx *a)
{
	int	 rc;

	rc = pick_zone(a);
	if (rc == 0 && (!a->local || a->zone_name == NULL)) {
		free(a->zone_name);
		a->zone_name = xstrdup(a->local ? getenv("TZ") : "UTC");
	}
	return (rc);
}

static int
pick_zone(struct analysis_ctx *a)
{
	const char	*why, *env;
	char		*zone = NULL, *cause = NULL;
	int		 rc;

	if (a->opts.tz != NULL) {
		if (analysis_tz_check(a->opts.tz) != 0)
			return (-1);
		a->local = !zone_is_utc(a->opts.tz);
		a->zone_name = xstrdup(a->opts.tz);
		return (0);
	}
	if ((rc = config_secret(NULL, "tz", &zone, &cause)) < 0) {
		log_error("%s", cause);
		free(cause);
		return (-1);
	}
	if (rc == 1) {
		rc = time_zone_set(zone, &why);
		if (rc != 0)
			log_error("bad time zone '%s' for tz in the config "
			    "file: %s", zone, why);
		else
			a->local = !zone_is_utc(zone);
		a->zone_name = zone;
		return (rc);
	}
	/*
	 * No zone: UTC, set as TZ too, so that the dates shown are UTC's
	 * and not the machine's /etc/localtime.
	 */
	if ((env = getenv("TZ")) == NULL || *env == '\0')
		return (time_zone_set("UTC", &why));
	/*
	 * TZ as the C library reads it: a rule ("IST-5:30", with digits),
	 * a path (":/etc/localtime"), or a name, which must exist, since
	 * the library would take an unknown one for UTC without a word.
	 */
	if (strpbrk(env, "0123456789:") == NULL && *env != '/' &&
	    !zone_is_utc(env) && time_zone_set(env, &why) != 0) {
		log_warn("TZ '%s' is no time zone the zone database knows (%s):"
		    " days are UTC days", env, why);
		return (time_zone_set("UTC", &why));
	}
	tzset();
	a->local = !zone_is_utc(env);
	return (0);
}

/*
 * --since and --until given as dates are the owner's days: their UTC
 * midnights move by the zone's offset (times given with a clock stay).
 */
static void
local_window(struct analysis_ctx *a)
{
	struct analysis_opts	*o = &a->opts;

	if (!a->local)
		return;
	if (o->since_day)
		o->since -= analysis_offset_at(a, o->since);
	if (o->until_day) {
		o->until = o->until_asked - analysis_offset_at(a,
		    o->until_asked);
		if (o->until > o->as_of)
			o->until = o->as_of;
	}
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
	if (store_accounts_brief(a->store, &a->list, &a->n, &cause) != 0) {
		log_error("%s", cause);
		free(cause);
		return (CMD_ERROR);
	}
	if (choose_zone(a) != 0)
		return (CMD_ERROR);
	local_window(a);
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
	free(a->zone.start);
	free(a->zone.end);
	free(a->zone_name);
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

/* Make the zone's table of days cover day d. */
static void
zone_cover(struct zone_days *z, int64_t d)
{
	int64_t	 first, last;
	size_t	 n, i, shift;

	if (z->n > 0 && d >= z->first && d < z->first + (int64_t)z->n)
		return;
	first = z->n == 0 ? d : (d < z->first ? d : z->first);
	last = z->n == 0 ? d : (d >= z->first + (int64_t)z->n ? d :
	    z->first + (int64_t)z->n - 1);
	/* Room to grow by a year either way before the next copy. */
	first -= 366;
	last += 366;
	n = (size_t)(last - first + 1);
	shift = z->n == 0 ? 0 : (size_t)(z->first - first);
	z->start = xreallocarray(z->start, n, sizeof *z->start);
	z->end = xreallocarray(z->end, n, sizeof *z->end);
	if (z->n > 0) {
		memmove(z->start + shift, z->start, z->n * sizeof *z->start);
		memmove(z->end + shift, z->end, z->n * sizeof *z->end);
	}
	for (i = 0; i < n; i++)
		if (z->n == 0 || i < shift || i >= shift + z->n)
			z->start[i] = z->end[i] = INT32_MIN;
	z->first = first;
	z->n = n;
}

/*
 * The offset at t: a day's two ends are asked of the C library once,
 * and a day without a change of offset in it (all but two a year) needs
 * no more: 10,000 series of 3 years ask 2,200 times, not 11 million.
 */
static int32_t
zone_offset(struct zone_days *z, int64_t t)
{
	int64_t	 d = time_day(t);
	size_t	 i;

	zone_cover(z, d);
	i = (size_t)(d - z->first);
	if (z->start[i] == INT32_MIN) {
		z->start[i] = time_local_offset(d * SECONDS_PER_DAY);
		z->end[i] = time_local_offset(d * SECONDS_PER_DAY +
		    SECONDS_PER_DAY - 1);
	}
	return (z->start[i] == z->end[i] ? z->start[i] :
	    time_local_offset(t));
}

int32_t
analysis_offset_at(struct analysis_ctx *a, int64_t t)
{
	return (a->local ? zone_offset(&a->zone, t) : 0);
}

int32_t *
analysis_offsets(struct analysis_ctx *a, const struct follower_point *p,
    size_t n)
{
	int32_t	*off;
	size_t	 i;

	if (!a->local)
		return (NULL);
	off = xcalloc(n + 1, sizeof *off);
	for (i = 0; i < n; i++)
		off[i] = zone_offset(&a->zone, p[i].t);
	return (off);
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

/* Posts by their store id, for the trail's engagements. */
struct post_index {
	int64_t	 id;
	size_t	 i;
};

static int
by_post_id(const void *a, const void *b)
{
	const struct post_index	*x = a, *y = b;

	return (x->id < y->id ? -1 : x->id > y->id);
}

/* Each engagement's post, as an index into the group's posts. */
static void
trail_posts(const struct analysis_ctx *a, struct burst_evidence *ev)
{
	struct post_index	*ix, key, *hit;
	size_t			 i;

	ix = xcalloc(a->posts.n + 1, sizeof *ix);
	for (i = 0; i < a->posts.n; i++) {
		ix[i].id = a->posts.posts[i].id;
		ix[i].i = i;
	}
	qsort(ix, a->posts.n, sizeof *ix, by_post_id);
	for (i = 0; i < ev->nengagements; i++) {
		key.id = ev->engagements[i].post_id;
		if ((hit = bsearch(&key, ix, a->posts.n, sizeof *ix,
		    by_post_id)) != NULL)
			ev->engagements[i].post = hit->i;
	}
	free(ix);
}

/*
 * The census's trail of the burst's new followers: those whose follow
 * lies in its days, listed by a walk up to two days after (a daily walk
 * lists the last day's the next morning), and what they engaged with.
 * 0 with ev->lists 0 where the account has no lists read.
 */
static int
trail_read(struct analysis_ctx *a, size_t k, const struct burst *b,
    struct burst_evidence *ev)
{
	int64_t	 from = b->start_day * 86400 - b->offset;
	int64_t	 to = (b->end_day + 1) * 86400 - b->offset;
	int64_t	 by = to + 2 * 86400;
	char	*cause = NULL;

	if (by > a->opts.as_of)
		by = a->opts.as_of;
	if (store_burst_evidence(a->store, a->list[k].account.id, from, to,
	    by, ATTRIBUTE_TRAIL_LEAD, ev, &cause) != 0) {
		log_error("%s: %s", a->names[k], cause);
		free(cause);
		return (-1);
	}
	trail_posts(a, ev);
	return (0);
}

/*
 * Who spread cause c in the burst (from the lead before it to its end),
 * and, for a second life, the biggest of them named in its why.
 */
static void
amplified(struct analysis_ctx *a, size_t k, const struct burst *b,
    struct burst_cause *c, int second_life)
{
	const struct post	*p = &a->posts.posts[c->index];
	const struct amplifier	*big;
	int64_t			 from, to;
	char			 n[32], day[TIME_DATE_SIZE], *cause = NULL;

	from = b->start_day * 86400 - b->offset - ATTRIBUTE_TRAIL_LEAD;
	to = (b->end_day + 1) * 86400 - b->offset;
	if (store_amplifiers(a->store, p->id, from, to, AMPLIFIERS_MAX,
	    &c->amplifiers, &c->namplifiers, &cause) != 0) {
		log_warn("%s: %s", a->names[k], cause);
		free(cause);
		return;
	}
	if (!second_life || c->namplifiers == 0 ||
	    c->amplifiers[0].followers <= 0)
		return;
	big = &c->amplifiers[0];
	text_thousands(big->followers, n, sizeof n);
	time_format_local_date(big->at, day);
	snprintf(c->why, sizeof c->why, "%s by %s%s (%s followers) %s %s: "
	    "second life", big->kind == ENGAGEMENT_QUOTE ? "quoted" :
	    "reposted", big->handle != NULL ? "@" : "", big->handle != NULL ?
	    big->handle : "an account (hashed)", n, big->seen ? "by" : "on",
	    day);
}

/* A burst of account k with its causes resolved to their posts. */
static void
attributed(struct analysis_ctx *a, size_t k, const struct burst *b,
    struct attributed_burst *out)
{
	struct attribution	 at[ATTRIBUTE_MAX];
	struct burst_evidence	 ev;
	struct attribute_trail	 trail;
	size_t			 i;

	out->account = a->names[k];
	out->burst = *b;
	memset(&trail, 0, sizeof trail);
	if (trail_read(a, k, b, &ev) == 0) {
		trail.lists = ev.lists > 0;
		trail.followers = ev.followers;
		trail.nfollowers = ev.nfollowers;
		trail.engagements = ev.engagements;
		trail.nengagements = ev.nengagements;
	}
	out->ncauses = attribute_burst(b, (int)k, a->posts.posts, a->posts.n,
	    a->names, &trail, at, &out->new_followers);
	burst_evidence_release(&ev);
	for (i = 0; i < out->ncauses; i++) {
		analysis_post_ref(a, at[i].post, &out->causes[i].post);
		out->causes[i].index = at[i].post;
		out->causes[i].share = at[i].share;
		out->causes[i].engaged = at[i].engaged;
		memcpy(out->causes[i].why, at[i].why, sizeof at[i].why);
		amplified(a, k, b, &out->causes[i], at[i].second_life);
	}
}

int
analysis_bursts_result(struct analysis_ctx *a, size_t k,
    struct bursts_result *r)
{
	struct burst	*b;
	int32_t		*offsets;
	size_t		 i, nb;

	memset(r, 0, sizeof *r);
	r->account = a->names[k];
	if (analysis_load_group(a, k) != 0 ||
	    analysis_series(a, k, &r->points, &r->npoints) != 0)
		return (-1);
	offsets = analysis_offsets(a, r->points, r->npoints);
	nb = bursts_detect(r->points, r->npoints, offsets, &b);
	free(offsets);
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
		for (j = 0; j < r->bursts[i].ncauses; j++) {
			post_ref_release(&r->bursts[i].causes[j].post);
			amplifiers_free(r->bursts[i].causes[j].amplifiers,
			    r->bursts[i].causes[j].namplifiers);
		}
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
