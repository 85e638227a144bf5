/*
 * Attribution of a burst to the posts behind it.
 *
 * Candidates are the group's posts published from LEAD_DAYS before the
 * burst to its end (fresh), and older posts whose engagement grew during
 * the burst far beyond what an old post gathers (a second life). Each
 * gets evidence: its weighted engagement (reshares and quotes expose new
 * audiences, so they weigh more than likes) by a timing factor, or, for
 * a second life, the jump measured during the burst. Posts that link to
 * one another (an announcement and its article) form one story, credited
 * once and named by its most telling member. Shares are the stories'
 * evidence over the total plus an unexplained part.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/attribute.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define DAY		86400
#define LEAD_DAYS	3	/* a post this long before can still cause */
#define W_REPOST	3.0	/* weights of engagement as evidence */
#define W_QUOTE		3.0
#define W_REPLY		1.0
#define W_LIKE		0.5
#define SECOND_LIFE_MIN	10.0	/* weighted jump that counts at all */
#define SECOND_LIFE_AGE	10	/* days: younger posts are still growing */
#define UNEXPLAINED	0.1	/* share kept back from the best evidence */

struct candidate {
	size_t	 post;
	double	 evidence;
	int	 second_life;
	double	 jump_reposts;	/* second life: reposts gained in the burst */
	int	 story;		/* union-find parent */
};

/*
 * A burst's days are the owner's local days: a post's day is taken in
 * the same zone (at the burst's offset: a change of offset within the
 * few days that matter moves a post by an hour at most), and a day's
 * start in UTC is its number of days less the offset.
 */
static int64_t
post_day(const struct post *p, const struct burst *b)
{
	return (time_day(p->published_at + b->offset));
}

static int64_t
day_start(int64_t day, const struct burst *b)
{
	return (day * DAY - b->offset);
}

static double
count(int64_t v)
{
	return (v > 0 ? (double)v : 0);
}

static double
weighted(const struct metric_point *m)
{
	return (W_REPOST * count(m->reposts) + W_QUOTE * count(m->quotes) +
	    W_REPLY * count(m->replies) + W_LIKE * count(m->likes));
}

/* The last metrics at or before t, or NULL. */
static const struct metric_point *
metrics_at(const struct post *p, int64_t t)
{
	const struct metric_point	*m = NULL;
	size_t				 i;

	for (i = 0; i < p->nmetrics && p->metrics[i].t <= t; i++)
		m = &p->metrics[i];
	return (m);
}

/* The first metrics at or after t, or NULL. */
static const struct metric_point *
metrics_after(const struct post *p, int64_t t)
{
	size_t	 i;

	for (i = 0; i < p->nmetrics; i++)
		if (p->metrics[i].t >= t)
			return (&p->metrics[i]);
	return (NULL);
}

/* A fresh post's evidence: its engagement soon after, by its timing. */
static double
fresh_evidence(const struct post *p, const struct burst *b)
{
	const struct metric_point	*m;
	int64_t				 lag = b->start_day -
					    post_day(p, b);
	double				 timing;

	m = metrics_after(p, day_start(b->end_day + 1, b));
	if (m == NULL && p->nmetrics > 0)
		m = &p->metrics[p->nmetrics - 1];
	if (lag > 0)
		timing = exp(-(double)lag / 1.5);
	else if (post_day(p, b) <= b->peak_day)
		timing = 1;
	else
		timing = 0.3;	/* after the peak: rarely the cause */
	return ((m != NULL ? weighted(m) : 0) * timing);
}

/* An older post's jump during the burst, or 0 if it had no second life. */
static double
second_life_jump(const struct post *p, const struct burst *b,
    double *reposts)
{
	const struct metric_point	*before, *after;
	double				 jump;

	before = metrics_at(p, day_start(b->start_day, b) - 1);
	after = metrics_after(p, day_start(b->end_day, b));
	if (after == NULL)
		after = metrics_at(p, day_start(b->end_day + 3, b));
	if (before == NULL || after == NULL || after->t <= before->t)
		return (0);
	jump = weighted(after) - weighted(before);
	/* Old posts gather little: a jump this large is a second life. */
	if (jump < SECOND_LIFE_MIN || jump < 0.5 * weighted(before))
		return (0);
	*reposts = count(after->reposts) - count(before->reposts);
	return (jump);
}

static int
find(struct candidate *c, int i)
{
	while (c[i].story != i)
		i = c[i].story = c[c[i].story].story;
	return (i);
}

/* Do two URLs name the same page (ignoring a fragment, a final '/')? */
static int
same_url(const char *a, const char *b)
{
	size_t	 la, lb;

	if (a == NULL || b == NULL)
		return (0);
	la = strcspn(a, "#");
	lb = strcspn(b, "#");
	while (la > 0 && a[la - 1] == '/')
		la--;
	while (lb > 0 && b[lb - 1] == '/')
		lb--;
	return (la == lb && la > 0 && strncmp(a, b, la) == 0);
}

static int
links_to(const struct post *from, const struct post *to)
{
	size_t	 i;

	for (i = 0; i < from->nlinks; i++)
		if (same_url(from->links[i], to->url))
			return (1);
	return (0);
}

/* Join candidates that link to one another into stories. */
static void
join_stories(const struct post *posts, struct candidate *c, size_t n)
{
	size_t	 i, j;

	for (i = 0; i < n; i++)
		c[i].story = (int)i;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (i != j && links_to(&posts[c[i].post],
			    &posts[c[j].post]))
				c[find(c, (int)i)].story = find(c, (int)j);
}

static size_t
collect(const struct burst *b, int account, const struct post *posts,
    size_t n, struct candidate *c)
{
	size_t	 i, k = 0;
	int64_t	 pub;
	double	 ev, reposts = 0;

	for (i = 0; i < n; i++) {
		pub = post_day(&posts[i], b);
		if (pub > b->end_day)
			continue;
		memset(&c[k], 0, sizeof c[k]);
		c[k].post = i;
		if (pub >= b->start_day - LEAD_DAYS)
			ev = fresh_evidence(&posts[i], b);
		else if (b->start_day - pub >= SECOND_LIFE_AGE &&
		    (ev = second_life_jump(&posts[i], b, &reposts)) > 0) {
			c[k].second_life = 1;
			c[k].jump_reposts = reposts;
		} else
			continue;
		/*
		 * Another social account's audience is another audience:
		 * its posts explain this one's growth less. An article is
		 * everyone's (and has no counts: its announcers speak).
		 */
		if (posts[i].account != account &&
		    strcmp(posts[i].kind, "article") != 0)
			ev *= 0.5;
		c[k].evidence = ev > 0 ? ev : 0.01;
		k++;
	}
	return (k);
}

static void
short_id(const char *id, char *out, size_t size)
{
	if (strlen(id) > 10)
		snprintf(out, size, "%.6s\u2026", id);
	else
		snprintf(out, size, "%s", id);
}

static const struct metric_point *
latest(const struct post *p)
{
	return (p->nmetrics > 0 ? &p->metrics[p->nmetrics - 1] : NULL);
}

/* Say why a candidate is one, in words a person can check. */
static void
explain(const struct burst *b, const struct post *posts,
    const struct candidate *rep, const struct candidate *herald,
    const char *const *names, char *why, size_t size)
{
	const struct post		*p = &posts[rep->post];
	const struct metric_point	*m;
	char				 id[32];
	int64_t				 lag = b->start_day -
					    post_day(p, b);

	if (herald != NULL) {
		m = latest(&posts[herald->post]);
		short_id(posts[herald->post].remote_id, id, sizeof id);
		snprintf(why, size, "announced by %s post %s (%.0f reposts)",
		    names[posts[herald->post].account], id,
		    m != NULL ? count(m->reposts) : 0);
	} else if (rep->second_life)
		snprintf(why, size, "reposts %+.0f during the burst: second "
		    "life (%lld days old)", rep->jump_reposts, (long long)
		    (b->start_day - post_day(p, b)));
	else {
		m = latest(p);
		if (lag >= 0)
			snprintf(why, size, "published %lld day%s before, "
			    "%.0f reposts, %.0f quotes", (long long)lag,
			    lag == 1 ? "" : "s", m ? count(m->reposts) : 0,
			    m ? count(m->quotes) : 0);
		else
			snprintf(why, size, "published during the burst, "
			    "%.0f reposts, %.0f quotes", m ? count(m->reposts) :
			    0, m ? count(m->quotes) : 0);
	}
}

/*
 * The member that names a story: an article when the story has one (the
 * thing announced), else the member with the most evidence. 'herald' is
 * then the best other member, the post that carried it.
 */
static void
story_members(const struct post *posts, struct candidate *c,
    size_t n, int story, const struct candidate **rep,
    const struct candidate **herald)
{
	size_t	 i;

	*rep = *herald = NULL;
	for (i = 0; i < n; i++) {
		if (find(c, (int)i) != story)
			continue;
		if (*rep == NULL || (strcmp(posts[c[i].post].kind, "article") ==
		    0 && strcmp(posts[(*rep)->post].kind, "article") != 0) ||
		    (c[i].evidence > (*rep)->evidence &&
		    strcmp(posts[(*rep)->post].kind, "article") != 0))
			*rep = &c[i];
	}
	for (i = 0; i < n; i++) {
		if (find(c, (int)i) == story && &c[i] != *rep &&
		    (*herald == NULL || c[i].evidence > (*herald)->evidence))
			*herald = &c[i];
	}
	if (*herald != NULL && strcmp(posts[(*rep)->post].kind, "article") != 0)
		*herald = NULL;
}

size_t
attribute_burst(const struct burst *b, int account,
    const struct post *posts, size_t n, const char *const *names,
    struct attribution *out)
{
	struct candidate	*c;
	const struct candidate	*rep, *herald;
	double			*story_ev, total = 0, best;
	size_t			 nc, i, k = 0;
	int			 s, pick;

	c = xcalloc(n + 1, sizeof *c);
	story_ev = xcalloc(n + 1, sizeof *story_ev);
	nc = collect(b, account, posts, n, c);
	join_stories(posts, c, nc);
	for (i = 0; i < nc; i++) {
		story_ev[find(c, (int)i)] += c[i].evidence;
		total += c[i].evidence;
	}
	while (k < ATTRIBUTE_MAX && total > 0) {
		pick = -1;
		best = 0;
		for (s = 0; s < (int)nc; s++)
			if (story_ev[s] > best) {
				best = story_ev[s];
				pick = s;
			}
		if (pick < 0)
			break;
		story_members(posts, c, nc, pick, &rep, &herald);
		out[k].post = rep->post;
		out[k].share = (1 - UNEXPLAINED) * story_ev[pick] / total;
		explain(b, posts, rep, herald, names, out[k].why,
		    sizeof out[k].why);
		story_ev[pick] = 0;
		k++;
	}
	free(story_ev);
	free(c);
	return (k);
}
