/* The few functions of the shared data vocabulary (types.h). */
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "types.h"
#include "util/xmalloc.h"

const char *const post_kinds[] = {
	"post", "reply", "quote", "article", "video", "short", "live",
	"thread", NULL
};

void
account_release(struct account *a)
{
	free(a->unknown_platform);
	free(a->handle);
	free(a->group);
	free(a->api_base);
	free(a->remote_id);
	memset(a, 0, sizeof *a);
}

char *
account_name(const struct account *a)
{
	/* An unknown platform keeps its own name, as export writes it. */
	return (xasprintf("%s:%s", a->unknown_platform != NULL ?
	    a->unknown_platform : a->platform->name, a->handle));
}

const char *
post_kind_find(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; post_kinds[i] != NULL; i++)
		if (strlen(post_kinds[i]) == len &&
		    memcmp(post_kinds[i], s, len) == 0)
			return (post_kinds[i]);
	return (NULL);
}

void
post_release(struct post *p)
{
	free(p->remote_id);
	free(p->url);
	free(p->title);
	xfree_strings(p->tags, p->ntags);
	xfree_strings(p->links, p->nlinks);
	free(p->metrics);
	memset(p, 0, sizeof *p);
}

struct metric_point *
post_metrics_now(struct post *p)
{
	static const struct metric_point unknown = METRIC_POINT_UNKNOWN;

	if (p->nmetrics == 0) {
		p->metrics = xcalloc(1, sizeof *p->metrics);
		p->metrics[0] = unknown;
		p->nmetrics = 1;
	}
	return (&p->metrics[p->nmetrics - 1]);
}

void
census_follower_release(struct census_follower *f)
{
	free(f->id);
	free(f->uri);
	free(f->handle);
	memset(f, 0, sizeof *f);
}

void
census_severance_release(struct census_severance *e)
{
	free(e->id);
	free(e->target);
	memset(e, 0, sizeof *e);
}

void
engagement_release(struct engagement *e)
{
	free(e->actor);
	free(e->handle);
	memset(e, 0, sizeof *e);
}

const char *
engagement_kind_name(enum engagement_kind k)
{
	static const char *const names[ENGAGEMENT_KINDS] = {
		"like", "repost", "quote", "reply"
	};

	return (k < ENGAGEMENT_KINDS ? names[k] : "like");
}
