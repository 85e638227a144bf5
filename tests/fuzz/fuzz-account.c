/*
 * Fuzz account names: account_spec_parse and every platform's handle
 * rule (src/platform.c; the normalise and base_of of src/fetch/
 * mastodon.c, bluesky.c, x.c, youtube.c, rss.c; util/text.c). One
 * account has one spelling: a handle that a rule accepts is text
 * without control bytes, the rule accepts it again unchanged, and
 * PLATFORM:HANDLE, written with the platform's name or any alias,
 * parses back to the same platform and handle.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "platform.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define MAX_INPUT	1024

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* 'name:handle' must parse to p and the very same handle. */
static void
check_spec(const struct platform *p, const char *name, const char *handle)
{
	const struct platform	*q;
	char			*spec, *again = NULL, *cause = NULL;

	spec = xasprintf("%s:%s", name, handle);
	if (account_spec_parse(spec, &q, &again, &cause) != 0)
		fuzz_broken("'%s' is refused: %s", spec, cause);
	if (q != p || strcmp(again, handle) != 0)
		fuzz_broken("'%s' reads as %s:%s", spec, q->name, again);
	free(again);
	free(spec);
}

/* What an accepted handle must be, whichever way it came. */
static void
check_handle(const struct platform *p, const char *handle)
{
	const char	*why = NULL;
	char		*again = NULL, *base;
	size_t		 i, len = strlen(handle);

	if (len == 0 || !utf8_valid(handle, len))
		fuzz_broken("%s handle '%s' is empty or not UTF-8", p->name,
		    handle);
	for (i = 0; i < len; i++) {
		if ((unsigned char)handle[i] < 0x20 || handle[i] == 0x7f)
			fuzz_broken("%s handle '%s' holds control byte %d",
			    p->name, handle, handle[i]);
	}
	if (account_handle_normalise(p, handle, len, &again, &why) != 0)
		fuzz_broken("%s handle '%s' is refused once normalised: %s",
		    p->name, handle, why);
	if (strcmp(again, handle) != 0)
		fuzz_broken("%s handle '%s' normalises again to '%s'",
		    p->name, handle, again);
	free(again);
	check_spec(p, p->name, handle);
	for (i = 0; p->aliases != NULL && p->aliases[i] != NULL; i++)
		check_spec(p, p->aliases[i], handle);
	if (p->base_of != NULL && (base = p->base_of(handle)) != NULL) {
		if (strncmp(base, "https://", 8) != 0)
			fuzz_broken("%s handle '%s' has API base '%s'",
			    p->name, handle, base);
		free(base);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct platform	*p;
	const char		*why;
	char			*s, *handle = NULL, *cause = NULL;
	size_t			 i, len;

	if (size > MAX_INPUT)
		size = MAX_INPUT;
	/* Names come as C strings (arguments, CSV cells): up to a NUL. */
	s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	len = strlen(s);

	if (account_spec_parse(s, &p, &handle, &cause) == 0) {
		check_handle(p, handle);
		free(handle);
	} else {
		if (cause == NULL || *cause == '\0')
			fuzz_broken("'%s' is refused without a reason", s);
		free(cause);
	}
	/* The whole input as a handle of every platform. */
	for (i = 0; (p = platform_table[i]) != NULL; i++) {
		why = NULL;
		handle = NULL;
		if (account_handle_normalise(p, s, len, &handle, &why) == 0) {
			check_handle(p, handle);
			free(handle);
		} else if (why == NULL || *why == '\0')
			fuzz_broken("%s refuses '%s' without a reason",
			    p->name, s);
	}
	free(s);
	return (0);
}
