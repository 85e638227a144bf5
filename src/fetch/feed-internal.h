/*
 * What the files of the feed parsers (feed.c, feed-date.c, feed-item.c,
 * wordpress.c) share and nothing else sees.
 */
#ifndef TL_FETCH_FEED_INTERNAL_H
#define TL_FETCH_FEED_INTERNAL_H

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

#endif
