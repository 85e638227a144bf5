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
 *
 * Where the census holds the new followers' own trail (who liked,
 * reposted or quoted which post, and when they followed), a post that
 * new followers engaged with shortly before following has direct
 * evidence, which outranks timing and counts: stories rank by how many
 * such followers they have. A follower who engaged with several posts
 * credits the last before their follow. Not every new follower engages
 * first, so that count over all new followers is a lower bound of a
 * story's part; the rest of the burst is shared by timing as without a
 * trail, with the same part kept back unexplained.
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
	int64_t	 people;	/* new followers who engaged with it first */
	unsigned kinds;		/* how (1 << enum engagement_kind) */
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

/* 1 if engagement e can have brought follower f: before it, not long. */
static int
brought(const struct evidence_follower *f, const struct evidence_engagement *e)
{
	return (e->after <= f->by && e->by >= f->after -
	    ATTRIBUTE_TRAIL_LEAD);
}

/*
 * Each new follower's credit, to the post they engaged with last before
 * following: added to its candidate (made one if timing found none).
 * Returns the followers credited.
 */
static int64_t
credit_trail(const struct attribute_trail *t, struct candidate *c,
    size_t *nc, size_t nposts)
{
	const struct evidence_engagement	*e, **best;
	size_t					 i, k;
	int64_t					 credited = 0;

	best = xcalloc(t->nfollowers + 1, sizeof *best);
	for (i = 0; i < t->nengagements; i++) {
		e = &t->engagements[i];
		if (e->follower >= t->nfollowers || e->post >= nposts ||
		    !brought(&t->followers[e->follower], e))
			continue;
		if (best[e->follower] == NULL || e->by > best[e->follower]->by)
			best[e->follower] = e;
	}
	for (i = 0; i < t->nfollowers; i++) {
		if ((e = best[i]) == NULL)
			continue;
		for (k = 0; k < *nc && c[k].post != e->post; k++)
			continue;
		if (k == *nc) {
			memset(&c[k], 0, sizeof c[k]);
			c[k].post = e->post;
			c[k].evidence = 0.01;
			(*nc)++;
		}
		c[k].people++;
		c[k].kinds |= 1u << e->kind;
		credited++;
	}
	free(best);
	return (credited);
}

/* "liked", "liked or reposted", ...: how a story's followers engaged. */
static const char *
kinds_words(unsigned kinds)
{
	static const char *const words[] = {
		"engaged with", "liked", "reposted", "liked or reposted",
		"quoted", "liked or quoted", "reposted or quoted",
		"liked, reposted or quoted",
	};

	return (words[kinds & 7]);
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
    int64_t people, unsigned kinds, int64_t newcomers,
    const char *const *names, char *why, size_t size)
{
	const struct post		*p = &posts[rep->post];
	const struct metric_point	*m;
	char				 id[32];
	int64_t				 lag = b->start_day -
					    post_day(p, b);

	if (people > 0) {
		snprintf(why, size, "%lld of %lld new follower%s %s it before "
		    "following", (long long)people, (long long)newcomers,
		    newcomers == 1 ? "" : "s", kinds_words(kinds));
		return;
	}
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

/* The story to name next: the most people, then the most evidence. */
static int
next_story(const double *story_ev, const int64_t *story_people, size_t nc)
{
	int	 s, pick = -1;

	for (s = 0; s < (int)nc; s++) {
		if (story_ev[s] <= 0)
			continue;
		if (pick < 0 || story_people[s] > story_people[pick] ||
		    (story_people[s] == story_people[pick] &&
		    story_ev[s] > story_ev[pick]))
			pick = s;
	}
	return (pick);
}

size_t
attribute_burst(const struct burst *b, int account,
    const struct post *posts, size_t n, const char *const *names,
    const struct attribute_trail *trail, struct attribution *out,
    int64_t *new_followers)
{
	struct candidate	*c;
	const struct candidate	*rep, *herald;
	double			*story_ev, total = 0, rest = 1;
	int64_t			*story_people, credited = 0, newcomers = 0;
	unsigned		*story_kinds;
	size_t			 nc, i, k = 0;
	int			 pick, with_trail;

	with_trail = trail != NULL && trail->lists;
	*new_followers = with_trail ? (int64_t)trail->nfollowers : -1;
	c = xcalloc(n + 1, sizeof *c);
	story_ev = xcalloc(n + 1, sizeof *story_ev);
	story_people = xcalloc(n + 1, sizeof *story_people);
	story_kinds = xcalloc(n + 1, sizeof *story_kinds);
	nc = collect(b, account, posts, n, c);
	if (with_trail && trail->nfollowers > 0) {
		newcomers = (int64_t)trail->nfollowers;
		credited = credit_trail(trail, c, &nc, n);
		rest = 1 - (double)credited / (double)newcomers;
	}
	join_stories(posts, c, nc);
	for (i = 0; i < nc; i++) {
		story_ev[find(c, (int)i)] += c[i].evidence;
		story_people[find(c, (int)i)] += c[i].people;
		story_kinds[find(c, (int)i)] |= c[i].kinds;
		total += c[i].evidence;
	}
	while (k < ATTRIBUTE_MAX && total > 0 &&
	    (pick = next_story(story_ev, story_people, nc)) >= 0) {
		story_members(posts, c, nc, pick, &rep, &herald);
		out[k].post = rep->post;
		out[k].engaged = with_trail ? story_people[pick] : -1;
		out[k].second_life = rep->second_life;
		out[k].share = (1 - UNEXPLAINED) * rest * story_ev[pick] /
		    total;
		if (newcomers > 0)
			out[k].share += (double)story_people[pick] /
			    (double)newcomers;
		explain(b, posts, rep, herald, story_people[pick],
		    story_kinds[pick], newcomers, names, out[k].why,
		    sizeof out[k].why);
		story_ev[pick] = 0;
		k++;
	}
	free(story_kinds);
	free(story_people);
	free(story_ev);
	free(c);
	return (k);
}
