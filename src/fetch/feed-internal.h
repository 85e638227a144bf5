/*
 * What the files of the feed parsers (feed.c, feed-date.c, feed-item.c,
 * wordpress.c) share and nothing else sees.
 */
#ifndef TL_FETCH_FEED_INTERNAL_H
#define TL_FETCH_FEED_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "types.h"

struct fetch_result;

/*
 * Caps that keep a hostile or absurd reply from costing more than a real
 * one: a post with more links or tags is spam (the caps every source
 * shares, types.h), and a feed with more items is an archive whose first
 * (newest) items are what we want.
 */
#define MAX_ITEMS	5000
#define MAX_LINKS	POST_MAX_LINKS
#define MAX_TAGS	POST_MAX_TAGS

/* A list of owned strings, without duplicates. */
struct strv {
	char		**v;
	size_t		 n;
	size_t		 cap;
};

/* A post ready for the result. */
struct item {
	char		*remote_id;
	char		*url;		/* or NULL */
	char		*title;		/* or NULL */
	int64_t		 published_at;
	struct strv	 tags;
	struct strv	 links;
};

/* Posts of one reply: added to the result only if all of it is good. */
struct items {
	struct item	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 seen;		/* items in the reply, kept or not */
	size_t		 dated;		/* of those, with a date we can read */
	char		*bad_date;	/* the first date we could not read */
};

/* ASCII classes, whatever the locale: feeds are parsed the same anywhere. */
static inline int
is_space(char c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v');
}

static inline int
is_alpha(char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

static inline int
is_digit(char c)
{
	return (c >= '0' && c <= '9');
}

/*
 * A strv owns its strings, an item its strings and lists, an items list
 * its items, which feed_items_add keeps unique by remote_id. The release
 * functions free what is owned and leave the thing empty.
 */
/* Keep s (taking it) unless it is there already or the list is full. */
void	 feed_strv_add(struct strv *, char *, size_t);
void	 feed_strv_release(struct strv *);
/* A copy with white space runs made one space and none at the ends. */
char	*feed_squeeze(const char *, size_t);
/* feed_squeeze, or NULL when nothing is left. */
char	*feed_squeeze_or_null(const char *, size_t);
/* Add the tag written in s as we store it, unless nothing is left of it. */
void	 feed_add_tag(struct strv *, const char *, size_t);
/* For html_each_href: keep a copy of the href in the strv given. */
int	 feed_href_cb(void *, const char *, size_t);

void	 feed_items_release(struct items *);
/* Keep an item (taking its contents) unless its id is there already. */
void	 feed_items_add(struct items *, struct item *);
/* Take the links of a body, absolute, without the post's own URL. */
void	 feed_item_set_links(struct item *, const struct strv *);
/* Move the items into the result, skipping ids it held already. */
void	 feed_items_emit(struct items *, struct fetch_result *);
/* A reply whose items all lack a date would store nothing: -1, *cause. */
int	 feed_items_check_dates(const struct items *, char **);

#endif
