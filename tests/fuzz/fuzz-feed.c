/*
 * Fuzz target for blog replies: src/fetch/feed.c (RSS, Atom, RDF with
 * expat; WordPress JSON; RFC 822 dates) and src/util/html.c, which they
 * lean on. Each input goes through every parser; the result must be
 * freed whole, whatever the input. Inputs past 1 MiB are cut: the
 * engine caps replies too, and longer inputs only slow the fuzzer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/feed.h"
#include "fetch/fetch.h"
#include "util/html.h"
#include "util/xmalloc.h"

#define MAX_INPUT	(1024 * 1024)

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
ignore_href(void *arg, const char *s, size_t len)
{
	(void)s;
	(*(size_t *)arg) += len;
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fetch_result	 r;
	char			*body, *generator = NULL, *cause = NULL, *s;
	int64_t			 t;
	size_t			 total = 0;
	int			 count;

	if (size > MAX_INPUT)
		size = MAX_INPUT;
	/* Replies reach the parsers NUL-terminated, as from the engine. */
	body = xmalloc(size + 1);
	memcpy(body, data, size);
	body[size] = '\0';

	memset(&r, 0, sizeof r);
	feed_parse(body, size, &r, &generator, &cause);
	free(generator);
	free(cause);
	cause = NULL;
	wordpress_parse_posts(body, size, &r, &count, &cause);
	free(cause);
	fetch_result_release(&r);

	feed_parse_rfc822(body, &t);
	free(html_decode_entities(body, size));
	s = html_to_text(body, size);
	free(s);
	html_each_href(body, size, ignore_href, &total);
	free(body);
	return (0);
}
