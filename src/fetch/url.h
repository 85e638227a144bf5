/*
 * Links found in pages (feed items, WordPress posts) made absolute; the
 * other URL helpers of url.c are declared in fetch.h.
 */
#ifndef TL_FETCH_URL_H
#define TL_FETCH_URL_H

#include <stddef.h>

/* Is s (len bytes) an http:// or https:// URL? */
int	 fetch_is_web_url(const char *, size_t);
/*
 * An href (len bytes) made absolute against the URL of the page it is
 * on (or NULL), without its fragment: a new string, or NULL unless it is
 * a web URL (mailto:, a bare "#more", no base).
 */
char	*fetch_resolve_url(const char *, const char *, size_t);

#endif
