/*
 * Blog posts from what blogs publish: RSS 2.0, RSS 1.0 (RDF) and Atom
 * feeds (expat), and WordPress REST post lists (jansson). Each item
 * becomes an "article" post without metrics, keyed by its RSS guid or
 * Atom id (its link when it has none); its URL is the link.
 *
 * Both parsers are all or nothing: on error nothing is added to the
 * result. Items without a date we can read are skipped; a reply whose
 * items all lack one is an error, since then we would store nothing and
 * say nothing.
 *
 * feed.c parses the feeds, feed-date.c their RFC 822 dates, wordpress.c
 * the REST lists; feed-item.c holds what they share (feed-internal.h).
 */
#ifndef TL_FEED_H
#define TL_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "fetch/fetch.h"

/*
 * Parse a feed and add its items to out. *generator is the feed's
 * <generator> (text and uri), or NULL; the caller frees it. Return 0, or
 * -1 with *cause set ("malformed XML at line 12: mismatched tag").
 */
int	 feed_parse(const char *, size_t, struct fetch_result *, char **,
	    char **);
/*
 * Parse an RFC 822 date as feeds write it: "Tue, 10 Jun 2003 04:00:00
 * GMT", with or without the weekday, 2- or 4-digit years, numeric
 * offsets or zone names (EST, PDT, CET ...; unknown names count as UTC).
 * Return 0, or -1 if the text is no such date.
 */
int	 feed_parse_rfc822(const char *, int64_t *);
/*
 * Parse a WordPress REST post list (/wp-json/wp/v2/posts?_embed) and add
 * its posts to out; *count is the number of posts in the reply, to tell a
 * short last page. Return 0, or -1 with *cause set.
 */
int	 wordpress_parse_posts(const char *, size_t, struct fetch_result *,
	    int *, char **);

#endif
