/*
 * What X's two adapters share: the posts' (x.c) and the census's
 * (x-census.c).
 */
#ifndef TL_FETCH_X_H
#define TL_FETCH_X_H

#include <stddef.h>

#include <jansson.h>

/* The first error's words in {"errors": [...]}, or NULL. */
char	*x_errors_text(json_t *);
/* Problem JSON ({"title", "detail"}) or {"errors": [...]}, or NULL. */
char	*x_error_message(const char *, size_t);

#endif
