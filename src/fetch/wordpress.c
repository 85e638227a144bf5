/*
 * WordPress REST post lists (/wp-json/wp/v2/posts?_embed) with jansson,
 * made into "article" posts (see feed.h); the rendered fields are HTML,
 * decoded once.
 */
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/feed.h"
#include "fetch/feed-internal.h"
#include "fetch/parse.h"
#include "util/html.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/* date_gmt is UTC written without a zone: "2024-01-02T03:04:05". */
static int
wordpress_date(const char *s, int64_t *t)
{
	const char	*why;
	char		*z;
	int		 rc;

	if (time_parse(s, strlen(s), t, &why) == 0)
		return (0);
	z = xasprintf("%sZ", s);
	rc = time_parse(z, strlen(z), t, &why);
	free(z);
	return (rc);
}

/*
 * Categories and tags from _embedded["wp:term"]: an array of arrays of
 * terms (categories, tags, then custom taxonomies). Only the first two
 * are topics; custom ones are often authors or series.
 */
static void
wordpress_terms(json_t *post, struct strv *tags)
{
	json_t		*groups, *group, *term;
	const char	*name, *taxonomy;
	size_t		 i, j;

	groups = json_object_get(json_object_get(post, "_embedded"),
	    "wp:term");
	json_array_foreach(groups, i, group) {
		json_array_foreach(group, j, term) {
			name = parse_string(term, "name");
			taxonomy = parse_string(term, "taxonomy");
			if (name != NULL && taxonomy != NULL &&
			    (strcmp(taxonomy, "category") == 0 ||
			    strcmp(taxonomy, "post_tag") == 0))
				feed_add_tag(tags, name, strlen(name));
		}
	}
}

/* The "rendered" string of a field like title or content, or NULL. */
static const char *
rendered(json_t *post, const char *key)
{
	return (parse_string(json_object_get(post, key), "rendered"));
}

/* One post of the list into an item; -1 with *cause if it is no post. */
static int
wordpress_post(json_t *post, size_t index, struct items *items,
    char **cause)
{
	struct item	 it;
	struct strv	 hrefs;
	const char	*link, *date, *title, *content, *guid;

	if (!json_is_object(post)) {
		*cause = xasprintf("WordPress post %zu is not an object",
		    index);
		return (-1);
	}
	if ((link = parse_string(post, "link")) == NULL || *link == '\0') {
		*cause = xasprintf("WordPress post %zu has no 'link'", index);
		return (-1);
	}
	items->seen++;
	memset(&it, 0, sizeof it);
	date = parse_string(post, "date_gmt");
	if (date != NULL && wordpress_date(date, &it.published_at) == 0)
		items->dated++;
	else {
		if (items->bad_date == NULL && date != NULL)
			items->bad_date = xstrdup(date);
		return (0);
	}
	/*
	 * The post's identity is its guid ("https://site/?p=123", what the
	 * site's RSS feed gives too), which outlives a changed permalink.
	 */
	guid = rendered(post, "guid");
	it.remote_id = guid != NULL && *guid != '\0' ?
	    html_decode_entities(guid, strlen(guid)) : xstrdup(link);
	it.url = xstrdup(link);
	if ((title = rendered(post, "title")) != NULL) {
		it.title = html_to_text(title, strlen(title));
		if (*it.title == '\0') {
			free(it.title);
			it.title = NULL;
		}
	}
	wordpress_terms(post, &it.tags);
	if ((content = rendered(post, "content")) != NULL) {
		memset(&hrefs, 0, sizeof hrefs);
		html_each_href(content, strlen(content), feed_href_cb, &hrefs);
		feed_item_set_links(&it, &hrefs);
		feed_strv_release(&hrefs);
	}
	feed_items_add(items, &it);
	return (0);
}

int
wordpress_parse_posts(const char *body, size_t len, struct fetch_result *out,
    int *count, char **cause)
{
	struct items	 items;
	json_t		*root, *post;
	const char	*msg, *code;
	size_t		 i;
	int		 rc = -1;

	*count = 0;
	memset(&items, 0, sizeof items);
	if ((root = parse_json(body, len, "WordPress", cause)) == NULL)
		return (-1);
	if (json_is_object(root) &&
	    (msg = parse_string(root, "message")) != NULL) {
		code = parse_string(root, "code");
		*cause = xasprintf("WordPress says: %s%s%s%s", msg,
		    code ? " (" : "", code ? code : "", code ? ")" : "");
		goto out;
	}
	if (!json_is_array(root)) {
		*cause = xstrdup("the WordPress reply is not a list of posts");
		goto out;
	}
	json_array_foreach(root, i, post) {
		if (wordpress_post(post, i, &items, cause) != 0)
			goto out;
	}
	if (feed_items_check_dates(&items, cause) != 0)
		goto out;
	feed_items_emit(&items, out);
	*count = json_array_size(root) > INT_MAX ? INT_MAX :
	    (int)json_array_size(root);
	rc = 0;
out:
	feed_items_release(&items);
	json_decref(root);
	return (rc);
}
