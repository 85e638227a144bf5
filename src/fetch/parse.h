/*
 * Helpers for adapters that read JSON replies (jansson). They never
 * guess: a field of the wrong type is an error naming the field, an
 * absent or null count is COUNT_UNKNOWN, a negative count (how some
 * servers hide a number) is COUNT_UNKNOWN too.
 */
#ifndef TL_FETCH_PARSE_H
#define TL_FETCH_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/*
 * Parse a reply body. On failure return NULL and set *cause to
 * "malformed JSON from WHAT: <jansson's text> at line L column C".
 */
json_t	*parse_json(const char *, size_t, const char *, char **);
/*
 * A count at obj[key]: an integer, or a string of digits (YouTube sends
 * counts as strings). Absent, null or negative: COUNT_UNKNOWN. Above
 * COUNT_MAX, or anything else (a float, "lots", an object): -1 with
 * *cause naming the key.
 */
int	 parse_count(json_t *, const char *, int64_t *, char **);
/* obj[key] if it is a string, else NULL (borrowed from obj). */
const char *parse_string(json_t *, const char *);
/* A required string: -1 with *cause when absent or not a string. */
int	 parse_required_string(json_t *, const char *, const char **, char **);
/* An ISO 8601 time at obj[key]: -1 with *cause if absent or bad. */
int	 parse_time(json_t *, const char *, int64_t *, char **);

/*
 * Put the platform's name in front of *cause ("x: field 'id' ..."), so
 * a complaint from a helper says whose reply it was. Returns -1.
 */
int	 parse_blame(const char *, char **);

#endif
