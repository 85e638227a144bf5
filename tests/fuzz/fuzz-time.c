/*
 * Fuzz time parsing: src/util/timeutil.c (time_parse, the ISO 8601 of
 * imports and options; time_parse_stored, the database's shape) and
 * src/fetch/feed-date.c (feed_parse_rfc822, feeds' RFC 822 dates). A
 * time any of them accepts is one tideline stores, so it must print in
 * the one stored shape and parse back to itself: an export re-imports.
 * A failure must say why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/feed.h"
#include "fuzz-check.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define MAX_INPUT	4096

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The stored shape of t must parse back to t, both ways. */
static void
check_round_trip(const char *from, const char *s, size_t len, int64_t t)
{
	char		 iso[TIME_ISO_SIZE], date[TIME_DATE_SIZE];
	const char	*why = NULL;
	int64_t		 back;

	time_format(t, iso);
	if (time_parse(iso, strlen(iso), &back, &why) != 0 || back != t)
		fuzz_broken("%s accepted '%.*s' as %lld, which prints as '%s' "
		    "and parses back %s", from, (int)len, s, (long long)t,
		    iso, why != NULL ? why : "to another time");
	if (time_parse_stored(iso, &back) != 0 || back != t)
		fuzz_broken("'%s' is not read back in the stored shape", iso);
	time_format_date(t, date);
	if (strncmp(date, iso, TIME_DATE_SIZE - 1) != 0 || date[10] != '\0')
		fuzz_broken("date '%s' of '%s'", date, iso);
}

static void
check_stored_as_general(const char *s)
{
	const char	*why;
	size_t		 len = strlen(s);
	int64_t		 a = -1, b = -1;
	int		 ra, rb;

	ra = time_parse_stored(s, &a);
	rb = len == TIME_ISO_SIZE - 1 && s[10] == 'T' && s[19] == 'Z' ?
	    time_parse(s, len, &b, &why) : -1;
	if (ra != rb || (ra == 0 && a != b))
		fuzz_broken("'%s': the stored shape's reader says %d (%lld), "
		    "time_parse %d (%lld)", s, ra, (long long)a, rb,
		    (long long)b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*why = NULL;
	char		*s, iso[TIME_ISO_SIZE];
	int64_t		 t;

	if (size > MAX_INPUT)
		size = MAX_INPUT;
	/* time_parse takes a length and may see any byte. */
	if (time_parse((const char *)data, size, &t, &why) == 0)
		check_round_trip("time_parse", (const char *)data, size, t);
	else if (why == NULL || *why == '\0')
		fuzz_broken("time_parse failed without saying why");

	/* The others take C strings, as stored cells and feeds give them. */
	s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (time_parse_stored(s, &t) == 0) {
		time_format(t, iso);
		if (strcmp(iso, s) != 0)
			fuzz_broken("'%s' read in the stored shape prints as "
			    "'%s'", s, iso);
	}
	/* The stored shape's quick reader takes what time_parse takes of it. */
	check_stored_as_general(s);
	if (feed_parse_rfc822(s, &t) == 0)
		check_round_trip("feed_parse_rfc822", s, strlen(s), t);
	free(s);
	return (0);
}
