/*
 * Topic context (see topics.h). The index compares medians, so one viral
 * post neither makes a tag nor breaks it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/stats.h"
#include "analyze/topics.h"
#include "util/xmalloc.h"

static int
has_tag(const struct topic_post *p, const char *tag)
{
	size_t	 i;

	for (i = 0; i < p->ntags; i++)
		if (strcmp(p->tags[i], tag) == 0)
			return (1);
	return (0);
}

/* Add each tag once to the list of distinct tags. */
static size_t
distinct_tags(const struct topic_post *p, size_t n, const char ***tags)
{
	size_t	 i, j, k, m = 0, cap = 0;

	*tags = NULL;
	for (i = 0; i < n; i++)
		for (j = 0; j < p[i].ntags; j++) {
			for (k = 0; k < m; k++)
				if (strcmp((*tags)[k], p[i].tags[j]) == 0)
					break;
			if (k < m)
				continue;
			if (m == cap) {
				cap = cap ? cap * 2 : 16;
				*tags = xreallocarray(*tags, cap,
				    sizeof **tags);
			}
			(*tags)[m++] = p[i].tags[j];
		}
	return (m);
}

static int
cmp_topic(const void *a, const void *b)
{
	const struct topic	*x = a, *y = b;

	if (isnan(x->index) != isnan(y->index))
		return (isnan(x->index) ? 1 : -1);
	if (!isnan(x->index) && x->index != y->index)
		return (x->index < y->index ? 1 : -1);
	return (y->posts - x->posts);
}

size_t
topics_rank(const struct topic_post *p, size_t n, struct topic **out)
{
	const char	**tags;
	double		*rates, typical;
	size_t		 ntags, i, t, m;

	ntags = distinct_tags(p, n, &tags);
	rates = xcalloc(n + 1, sizeof *rates);
	for (i = 0, m = 0; i < n; i++)
		if (p[i].rate >= 0)
			rates[m++] = p[i].rate;
	typical = stats_median(rates, m);
	*out = xcalloc(ntags + 1, sizeof **out);
	for (t = 0; t < ntags; t++) {
		(*out)[t].tag = tags[t];
		for (i = 0, m = 0; i < n; i++) {
			if (!has_tag(&p[i], tags[t]))
				continue;
			(*out)[t].posts++;
			(*out)[t].followers += p[i].followers;
			if (p[i].rate >= 0)
				rates[m++] = p[i].rate;
		}
		(*out)[t].index = m >= TOPIC_MIN_POSTS && typical > 0 ?
		    stats_median(rates, m) / typical : NAN;
	}
	qsort(*out, ntags, sizeof **out, cmp_topic);
	free(rates);
	free(tags);
	return (ntags);
}
