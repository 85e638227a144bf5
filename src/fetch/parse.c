/*
 * JSON helpers for adapters (see parse.h): parse a reply, read counts,
 * strings and times, and say which field was wrong when one is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "fetch/parse.h"
#include "util/text.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

static int	 string_count(const char *, size_t, int64_t *);

json_t *
parse_json(const char *body, size_t len, const char *what, char **cause)
{
	json_error_t	 err;
	json_t		*root;

	root = json_loadb(body, len, 0, &err);
	if (root == NULL)
		*cause = xasprintf("malformed JSON from %s: %s at line %d "
		    "column %d", what, err.text, err.line, err.column);
	return (root);
}

/*
 * A count sent as a string: digits, or a negative number (hidden,
 * however large). 0, or text_parse_count's -2 (too large) or -1.
 */
static int
string_count(const char *s, size_t len, int64_t *out)
{
	const char	*why;

	if (len > 1 && s[0] == '-') {
		if (text_parse_count(s + 1, len - 1, out, &why) == -1)
			return (-1);
		*out = COUNT_UNKNOWN;
		return (0);
	}
	return (text_parse_count(s, len, out, &why));
}

/* The complaint about a count above COUNT_MAX, as it was sent. */
static int
implausible(const char *key, const char *sent, size_t len, char **cause)
{
	*cause = xasprintf("field '%s': %.*s%s is not a plausible count (at "
	    "most " COUNT_MAX_TEXT ")", key, (int)(len > 40 ? 40 : len), sent,
	    len > 40 ? "..." : "");
	return (-1);
}

int
parse_count(json_t *obj, const char *key, int64_t *out, char **cause)
{
	json_t	*v;
	char	 digits[32];
	int	 rc;

	*out = COUNT_UNKNOWN;
	v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v))
		return (0);
	if (json_is_integer(v) && json_integer_value(v) > COUNT_MAX) {
		snprintf(digits, sizeof digits, "%lld",
		    (long long)json_integer_value(v));
		return (implausible(key, digits, strlen(digits), cause));
	}
	if (json_is_integer(v)) {
		if (json_integer_value(v) >= 0)
			*out = (int64_t)json_integer_value(v);
		return (0);
	}
	if (json_is_string(v) && (rc = string_count(json_string_value(v),
	    json_string_length(v), out)) != -1) {
		if (rc == 0)
			return (0);
		*out = COUNT_UNKNOWN;
		return (implausible(key, json_string_value(v),
		    json_string_length(v), cause));
	}
	*out = COUNT_UNKNOWN;
	*cause = xasprintf("field '%s' is not a count", key);
	return (-1);
}

const char *
parse_string(json_t *obj, const char *key)
{
	return (json_string_value(json_object_get(obj, key)));
}

int
parse_required_string(json_t *obj, const char *key, const char **out,
    char **cause)
{
	json_t	*v;

	v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v)) {
		*cause = xasprintf("field '%s' is missing", key);
		return (-1);
	}
	if (!json_is_string(v)) {
		*cause = xasprintf("field '%s' is not a string", key);
		return (-1);
	}
	/* An empty id or time is as good as none. */
	if (json_string_length(v) == 0) {
		*cause = xasprintf("field '%s' is empty", key);
		return (-1);
	}
	*out = json_string_value(v);
	return (0);
}

int
parse_time(json_t *obj, const char *key, int64_t *out, char **cause)
{
	const char	*s, *why;

	if (parse_required_string(obj, key, &s, cause) != 0)
		return (-1);
	if (time_parse(s, strlen(s), out, &why) != 0) {
		*cause = xasprintf("field '%s' is not a time: %s", key, why);
		return (-1);
	}
	return (0);
}

int
parse_blame(const char *platform, char **cause)
{
	char	*why = *cause;

	*cause = xasprintf("%s: %s", platform, why);
	free(why);
	return (-1);
}
