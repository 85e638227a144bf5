/*
 * Topic context: which tags an account's audience engages with, as an
 * index against the account's typical post (1.0), and how many followers
 * its bursts brought through each tag's posts.
 */
#ifndef TL_ANALYZE_TOPICS_H
#define TL_ANALYZE_TOPICS_H

#include <stddef.h>

/* One post of the account: its rate (or < 0 if unmeasured), its tags. */
struct topic_post {
	double		 rate;
	char *const	*tags;
	size_t		 ntags;
	double		 followers;	/* followers its bursts credit it with */
};

struct topic {
	const char	*tag;		/* borrowed from the posts */
	int		 posts;		/* posts with the tag */
	double		 index;		/* median rate / the account's median;
					   NAN when too few rates */
	double		 followers;	/* followers attributed */
};

#define TOPIC_MIN_POSTS	3	/* fewer rated posts: no index */

/* Rank the tags, best index first; a new array in *out. */
size_t	 topics_rank(const struct topic_post *, size_t, struct topic **);

#endif
