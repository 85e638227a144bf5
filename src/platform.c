/* The platform registry's table, lookups, and PLATFORM:HANDLE names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "platform.h"
#include "util/text.h"
#include "util/xmalloc.h"

extern const struct platform platform_mastodon;
extern const struct platform platform_bluesky;
extern const struct platform platform_x;
extern const struct platform platform_youtube;
extern const struct platform platform_rss;

/* One line per platform; help, messages and `accounts` follow this order. */
const struct platform *const platform_table[] = {
	&platform_mastodon,
	&platform_bluesky,
	&platform_x,
	&platform_youtube,
	&platform_rss,
	NULL
};

static int
normalise_unknown(const char *s, size_t len, char **out, const char **why)
{
	*why = "unknown platform";
	return (-1);
}

/* A row whose platform this tideline does not know: shown, never fetched. */
const struct platform platform_unknown = {
	.name = "unknown",
	.title = "unknown platform",
	.example = "unknown:handle",
	.normalise = normalise_unknown,
	.snapshot_every = 24 * 60 * 60,
};

static int
equal_nocase(const char *s, size_t len, const char *word)
{
	return (strlen(word) == len && strncasecmp(s, word, len) == 0);
}

const struct platform *
platform_find(const char *s, size_t len)
{
	const struct platform	*p;
	size_t			 i, j;

	for (i = 0; (p = platform_table[i]) != NULL; i++) {
		if (equal_nocase(s, len, p->name))
			return (p);
		for (j = 0; p->aliases != NULL && p->aliases[j] != NULL; j++)
			if (equal_nocase(s, len, p->aliases[j]))
				return (p);
	}
	return (NULL);
}

const char *
platform_names(void)
{
	static char	 names[256];
	size_t		 i, len = 0;

	if (names[0] != '\0')
		return (names);
	for (i = 0; platform_table[i] != NULL && len < sizeof names; i++)
		len += (size_t)snprintf(names + len, sizeof names - len,
		    "%s%s", i > 0 ? ", " : "", platform_table[i]->name);
	return (names);
}

int
account_handle_normalise(const struct platform *p, const char *s,
    size_t len, char **out, const char **why)
{
	if (len == 0) {
		*why = "empty handle";
		return (-1);
	}
	/* Handles end up in file names, reports and charts: text only. */
	if (!utf8_valid(s, len)) {
		*why = "the handle is not valid UTF-8";
		return (-1);
	}
	return (p->normalise(s, len, out, why));
}

int
account_spec_parse(const char *spec, const struct platform **p,
    char **handle, char **cause)
{
	const char	*colon, *why;

	colon = strchr(spec, ':');
	if (colon == NULL || colon == spec) {
		*cause = xasprintf("bad account '%s': write it PLATFORM:HANDLE, "
		    "e.g. x:example_author", spec);
		return (-1);
	}
	if ((*p = platform_find(spec, (size_t)(colon - spec))) == NULL) {
		*cause = xasprintf("unknown platform '%.*s' in '%s' (known: "
		    "%s)", (int)(colon - spec), spec, spec, platform_names());
		return (-1);
	}
	if (account_handle_normalise(*p, colon + 1, strlen(colon + 1), handle,
	    &why) != 0) {
		*cause = xasprintf("bad account '%s': %s", spec, why);
		return (-1);
	}
	return (0);
}
