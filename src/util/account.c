/* Account names, PLATFORM:HANDLE, and the normal form of each handle. */
#include <ctype.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "util/account.h"
#include "util/text.h"
#include "util/xmalloc.h"

static const char *const platform_names[PLATFORM_COUNT] = {
	[PLATFORM_MASTODON] = "mastodon",
	[PLATFORM_BLUESKY] = "bluesky",
	[PLATFORM_X] = "x",
	[PLATFORM_YOUTUBE] = "youtube",
	[PLATFORM_RSS] = "rss",
};

static const struct {
	const char	*alias;
	enum platform	 platform;
} platform_aliases[] = {
	{ "atom", PLATFORM_RSS },
	{ "blog", PLATFORM_RSS },
	{ "bsky", PLATFORM_BLUESKY },
	{ "feed", PLATFORM_RSS },
	{ "twitter", PLATFORM_X },
	{ "yt", PLATFORM_YOUTUBE },
};

const char *
platform_name(enum platform p)
{
	return ((unsigned)p < PLATFORM_COUNT ? platform_names[p] : "unknown");
}

static int
equal_nocase(const char *s, size_t len, const char *word)
{
	return (strlen(word) == len && strncasecmp(s, word, len) == 0);
}

int
platform_parse(const char *s, size_t len, enum platform *out)
{
	size_t	 i;

	for (i = 0; i < PLATFORM_COUNT; i++) {
		if (equal_nocase(s, len, platform_names[i])) {
			*out = (enum platform)i;
			return (0);
		}
	}
	for (i = 0; i < sizeof platform_aliases / sizeof platform_aliases[0];
	    i++) {
		if (equal_nocase(s, len, platform_aliases[i].alias)) {
			*out = platform_aliases[i].platform;
			return (0);
		}
	}
	return (-1);
}

/* Return 1 when every byte of s is in the set 'ok' or alphanumeric. */
static int
all_in(const char *s, size_t len, const char *ok)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)s[i]) && strchr(ok, s[i]) == NULL)
			return (0);
	}
	return (1);
}

static char *
lower_copy(const char *s, size_t len)
{
	char	*out;
	size_t	 i;

	out = xstrndup(s, len);
	for (i = 0; i < len; i++)
		out[i] = (char)tolower((unsigned char)out[i]);
	return (out);
}

/* A host name: dotted labels of letters, digits and '-'. */
static int
is_hostname(const char *s, size_t len)
{
	return (len > 2 && len <= 253 && memchr(s, '.', len) != NULL &&
	    s[0] != '.' && s[len - 1] != '.' && s[0] != '-' &&
	    all_in(s, len, ".-"));
}

static int
normalise_mastodon(const char *s, size_t len, char **out, const char **why)
{
	const char	*at;
	char		*lower;
	size_t		 ulen;

	if (len > 0 && s[0] == '@') {
		s++;
		len--;
	}
	at = memchr(s, '@', len);
	if (at == NULL) {
		*why = "a Mastodon account is written @user@instance";
		return (-1);
	}
	ulen = (size_t)(at - s);
	if (ulen == 0 || ulen > 64 || !all_in(s, ulen, "_.-") ||
	    !is_hostname(at + 1, len - ulen - 1)) {
		*why = "a Mastodon account is written @user@instance";
		return (-1);
	}
	lower = lower_copy(s, len);
	*out = xasprintf("@%s", lower);
	free(lower);
	return (0);
}

static int
normalise_bluesky(const char *s, size_t len, char **out, const char **why)
{
	if (len > 0 && s[0] == '@') {
		s++;
		len--;
	}
	if (len > 8 && (strncmp(s, "did:plc:", 8) == 0 ||
	    strncmp(s, "did:web:", 8) == 0) && all_in(s, len, ":._-")) {
		*out = xstrndup(s, len);
		return (0);
	}
	if (!is_hostname(s, len)) {
		*why = "a Bluesky account is a domain handle "
		    "(author.bsky.social) or a DID (did:plc:...)";
		return (-1);
	}
	*out = lower_copy(s, len);
	return (0);
}

static int
normalise_x(const char *s, size_t len, char **out, const char **why)
{
	if (len > 0 && s[0] == '@') {
		s++;
		len--;
	}
	if (len == 0 || len > 15 || !all_in(s, len, "_")) {
		*why = "an X handle is 1 to 15 letters, digits or '_'";
		return (-1);
	}
	*out = lower_copy(s, len);
	return (0);
}

static int
normalise_youtube(const char *s, size_t len, char **out, const char **why)
{
	/* Channel ids are case-sensitive; handles are not. */
	if (len == 24 && strncmp(s, "UC", 2) == 0 && all_in(s, len, "_-")) {
		*out = xstrndup(s, len);
		return (0);
	}
	if (len >= 4 && len <= 31 && s[0] == '@' &&
	    all_in(s + 1, len - 1, "._-")) {
		*out = lower_copy(s, len);
		return (0);
	}
	*why = "a YouTube account is a channel id (UC followed by 22 "
	    "characters) or a @handle";
	return (-1);
}

static int
normalise_rss(const char *s, size_t len, char **out, const char **why)
{
	const char	*host, *end;
	size_t		 i;

	if (len > 8 && strncasecmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (len > 7 && strncasecmp(s, "http://", 7) == 0)
		host = s + 7;
	else {
		*why = "a feed is its http:// or https:// URL";
		return (-1);
	}
	for (i = 0; i < len; i++) {
		if (isspace((unsigned char)s[i]) || iscntrl((unsigned char)s[i])) {
			*why = "a feed URL cannot contain spaces";
			return (-1);
		}
	}
	end = memchr(host, '/', len - (size_t)(host - s));
	if (end == NULL)
		end = s + len;
	if (end == host) {
		*why = "the feed URL has no host";
		return (-1);
	}
	/* Scheme and host are case-insensitive; the path is not. */
	*out = xstrndup(s, len);
	for (i = 0; i < (size_t)(end - s); i++)
		(*out)[i] = (char)tolower((unsigned char)(*out)[i]);
	return (0);
}

int
account_handle_normalise(enum platform p, const char *s, size_t len,
    char **out, const char **why)
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
	switch (p) {
	case PLATFORM_MASTODON:
		return (normalise_mastodon(s, len, out, why));
	case PLATFORM_BLUESKY:
		return (normalise_bluesky(s, len, out, why));
	case PLATFORM_X:
		return (normalise_x(s, len, out, why));
	case PLATFORM_YOUTUBE:
		return (normalise_youtube(s, len, out, why));
	case PLATFORM_RSS:
		return (normalise_rss(s, len, out, why));
	default:
		*why = "unknown platform";
		return (-1);
	}
}

int
account_spec_parse(const char *spec, enum platform *p, char **handle,
    char **cause)
{
	const char	*colon, *why;

	colon = strchr(spec, ':');
	if (colon == NULL || colon == spec) {
		*cause = xasprintf("bad account '%s': write it PLATFORM:HANDLE, "
		    "e.g. x:example_author", spec);
		return (-1);
	}
	if (platform_parse(spec, (size_t)(colon - spec), p) != 0) {
		*cause = xasprintf("unknown platform '%.*s' in '%s' (known: "
		    "mastodon, bluesky, x, youtube, rss)",
		    (int)(colon - spec), spec, spec);
		return (-1);
	}
	if (account_handle_normalise(*p, colon + 1, strlen(colon + 1), handle,
	    &why) != 0) {
		*cause = xasprintf("bad account '%s': %s", spec, why);
		return (-1);
	}
	return (0);
}
