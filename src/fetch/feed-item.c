/*
 * What the feed and WordPress parsers share: lists of strings, tags as we
 * store them, and the items of one reply until they go into the result.
 */
#include <stdlib.h>
#include <string.h>

#include "fetch/feed-internal.h"
#include "fetch/fetch.h"
#include "fetch/url.h"
#include "util/buf.h"
#include "util/html.h"
#include "util/text.h"
#include "util/xmalloc.h"

static int
strv_has(const struct strv *sv, const char *s)
{
	size_t	 i;

	for (i = 0; i < sv->n; i++) {
		if (strcmp(sv->v[i], s) == 0)
			return (1);
	}
	return (0);
}

/* Keep s (taking it) unless it is there already or the list is full. */
void
feed_strv_add(struct strv *sv, char *s, size_t max)
{
	if (sv->n >= max || strv_has(sv, s)) {
		free(s);
		return;
	}
	if (sv->n == sv->cap) {
		sv->cap = sv->cap == 0 ? 8 : sv->cap * 2;
		sv->v = xreallocarray(sv->v, sv->cap, sizeof *sv->v);
	}
	sv->v[sv->n++] = s;
}

void
feed_strv_release(struct strv *sv)
{
	size_t	 i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof *sv);
}

/* A copy with white space runs made one space and none at the ends. */
char *
feed_squeeze(const char *s, size_t len)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;
	int		 pending = 0;

	for (i = 0; i < len; i++) {
		if (is_space(s[i])) {
			pending = b.len > 0;
			continue;
		}
		if (pending)
			buf_addc(&b, ' ');
		buf_addc(&b, s[i]);
		pending = 0;
	}
	return (buf_detach(&b, NULL));
}

/* feed_squeeze, or NULL when nothing is left. */
char *
feed_squeeze_or_null(const char *s, size_t len)
{
	char	*t = feed_squeeze(s, len);

	if (*t == '\0') {
		free(t);
		return (NULL);
	}
	return (t);
}

/*
 * A feed's tag is written with references even inside CDATA (WordPress:
 * "News &amp; Events"): decoded once, then normalised as every tag is.
 */
static char *
feed_tag(const char *s, size_t len)
{
	char	*decoded, *out;

	decoded = html_decode_entities(s, len);
	out = tag_normalise(decoded, strlen(decoded));
	free(decoded);
	return (out);
}

void
feed_add_tag(struct strv *tags, const char *s, size_t len)
{
	char	*t;

	if ((t = feed_tag(s, len)) != NULL)
		feed_strv_add(tags, t, MAX_TAGS);
}

int
feed_href_cb(void *arg, const char *s, size_t len)
{
	feed_strv_add(arg, xstrndup(s, len), MAX_LINKS);
	return (0);
}

static void
item_release(struct item *it)
{
	free(it->remote_id);
	free(it->url);
	free(it->title);
	feed_strv_release(&it->tags);
	feed_strv_release(&it->links);
}

void
feed_items_release(struct items *items)
{
	size_t	 i;

	for (i = 0; i < items->n; i++)
		item_release(&items->v[i]);
	free(items->v);
	free(items->bad_date);
	memset(items, 0, sizeof *items);
}

/* Keep an item (taking its contents) unless its id is there already. */
void
feed_items_add(struct items *items, struct item *it)
{
	size_t	 i;

	if (items->n >= MAX_ITEMS) {
		item_release(it);
		return;
	}
	for (i = 0; i < items->n; i++) {
		if (strcmp(items->v[i].remote_id, it->remote_id) == 0) {
			item_release(it);
			return;
		}
	}
	if (items->n == items->cap) {
		items->cap = items->cap == 0 ? 16 : items->cap * 2;
		items->v = xreallocarray(items->v, items->cap,
		    sizeof *items->v);
	}
	items->v[items->n++] = *it;
}

/* Take the links of a body, absolute, without the post's own URL. */
void
feed_item_set_links(struct item *it, const struct strv *hrefs)
{
	size_t	 i;
	char	*url;

	for (i = 0; i < hrefs->n; i++) {
		url = fetch_resolve_url(it->url, hrefs->v[i],
		    strlen(hrefs->v[i]));
		if (url != NULL && it->url != NULL &&
		    strcmp(url, it->url) == 0) {
			free(url);
			url = NULL;
		}
		if (url != NULL)
			feed_strv_add(&it->links, url, MAX_LINKS);
	}
}

/* Is the id among the result's first n posts? */
static int
result_has(const struct fetch_result *out, size_t n, const char *id)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(out->posts[i].remote_id, id) == 0)
			return (1);
	}
	return (0);
}

/*
 * Move the items into the result, skipping ids it held already (an
 * earlier page). The items are unique among themselves: only the posts
 * there before need a look, which keeps this linear for a single feed.
 */
void
feed_items_emit(struct items *items, struct fetch_result *out)
{
	struct post		*p;
	struct item		*it;
	size_t			 i, j, before = out->nposts;

	for (i = 0; i < items->n; i++) {
		it = &items->v[i];
		if (result_has(out, before, it->remote_id))
			continue;
		p = fetch_result_add_post(out);
		p->remote_id = it->remote_id;
		p->url = it->url;
		p->title = it->title;
		it->remote_id = it->url = it->title = NULL;
		p->kind = "article";
		p->published_at = it->published_at;
		for (j = 0; j < it->tags.n; j++)
			fetch_post_add_tag(p, it->tags.v[j],
			    strlen(it->tags.v[j]));
		for (j = 0; j < it->links.n; j++)
			fetch_post_add_link(p, it->links.v[j],
			    strlen(it->links.v[j]));
	}
}

/* A reply whose items all lack a date would store nothing: say so. */
int
feed_items_check_dates(const struct items *items, char **cause)
{
	if (items->seen == 0 || items->dated > 0)
		return (0);
	if (items->bad_date != NULL)
		*cause = xasprintf("no item has a date tideline can read "
		    "(%zu item%s; the first date is '%.80s')", items->seen,
		    items->seen == 1 ? "" : "s", items->bad_date);
	else
		*cause = xasprintf("no item has a date (%zu item%s)",
		    items->seen, items->seen == 1 ? "" : "s");
	return (-1);
}
