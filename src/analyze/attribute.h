/*
 * Attribution: which posts caused a burst. Pure computation on arrays
 * that the caller reads from the store.
 */
#ifndef TL_ANALYZE_ATTRIBUTE_H
#define TL_ANALYZE_ATTRIBUTE_H

#include <stddef.h>
#include <stdint.h>

#include "analyze/series.h"
#include "types.h"

/* One candidate cause of a burst, best first. */
struct attribution {
	size_t		 post;		/* index into the posts */
	double		 share;		/* 0..1; shares sum to at most 1 */
	int64_t		 engaged;	/* new followers who engaged with it
					   (its story) before following, or
					   -1: no such evidence */
	int		 second_life;	/* 1: an older post that came back */
	char		 why[200];	/* a sentence a person can check */
};

/*
 * The new followers of a burst's account and what they engaged with
 * before (the census's lists), for attribution by their own trail; the
 * engagements' 'post' indexes the posts given.
 */
struct attribute_trail {
	int		 lists;		/* 1: the account's engager lists
					   were read (else no evidence) */
	const struct evidence_follower *followers;
	size_t		 nfollowers;
	const struct evidence_engagement *engagements;
	size_t		 nengagements;
};

/* An engagement this long before a follow can have brought it. */
#define ATTRIBUTE_TRAIL_LEAD	(7 * 86400)

#define ATTRIBUTE_MAX	5	/* candidates reported per burst at most */

/*
 * Rank the posts that explain the burst on account 'account': posts of
 * the group published shortly before or during it, and older posts whose
 * engagement jumped during it (a second life). Posts linking to one
 * another form one story, credited once. 'names' gives each account as
 * "platform:handle" for the sentences. With a trail (NULL: none), the
 * stories that new followers engaged with within ATTRIBUTE_TRAIL_LEAD
 * before following rank first, by how many did, whatever their timing:
 * each follower credits the post they engaged with last before their
 * follow, and their share is a lower bound to which timing adds its
 * part of the rest. *new_followers: the followers the trail holds, or
 * -1 without one. Returns how many were filled in.
 */
size_t	 attribute_burst(const struct burst *, int,
	    const struct post *, size_t, const char *const *,
	    const struct attribute_trail *, struct attribution *,
	    int64_t *);

#endif
