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
	char		 why[200];	/* a sentence a person can check */
};

#define ATTRIBUTE_MAX	5	/* candidates reported per burst at most */

/*
 * Rank the posts that explain the burst on account 'account': posts of
 * the group published shortly before or during it, and older posts whose
 * engagement jumped during it (a second life). Posts linking to one
 * another form one story, credited once. 'names' gives each account as
 * "platform:handle" for the sentences. Returns how many were filled in.
 */
size_t	 attribute_burst(const struct burst *, int,
	    const struct post *, size_t, const char *const *,
	    struct attribution *);

#endif
