/* Time parsing and formatting: every accepted shape, every refusal. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util/timeutil.h"

static int64_t
parse_ok(const char *s)
{
	const char	*why = NULL;
	int64_t		 t = -12345;

	if (time_parse(s, strlen(s), &t, &why) != 0) {
		fprintf(stderr, "'%s' refused: %s\n", s, why);
		check_failures++;
	}
	return (t);
}

static void
check_refused(const char *s, const char *why_part)
{
	const char	*why = NULL;
	int64_t		 t;

	if (time_parse(s, strlen(s), &t, &why) == 0) {
		fprintf(stderr, "'%s' accepted, should be refused\n", s);
		check_failures++;
	} else if (strstr(why, why_part) == NULL) {
		fprintf(stderr, "'%s': reason '%s' lacks '%s'\n", s, why,
		    why_part);
		check_failures++;
	}
}

static void
check_format(int64_t t, const char *want)
{
	char	 iso[TIME_ISO_SIZE];

	time_format(t, iso);
	CHECK_STR(iso, want);
}

static void
test_shapes(void)
{
	CHECK_INT(parse_ok("1970-01-01"), 0);
	CHECK_INT(parse_ok("1970-01-01T00:00:00Z"), 0);
	CHECK_INT(parse_ok("2025-03-04T06:12:00Z"), 1741068720);
	CHECK_INT(parse_ok("2025-03-04 06:12:00Z"), 1741068720);
	CHECK_INT(parse_ok("2025-03-04t06:12z"), 1741068720);
	CHECK_INT(parse_ok("2025-03-04T06:12:00.999Z"), 1741068720);
	CHECK_INT(parse_ok("2025-03-04T06:12:00,5Z"), 1741068720);
	CHECK_INT(parse_ok("2025-03-04T08:12:00+02:00"), 1741068720);
	CHECK_INT(parse_ok("2025-03-04T08:12:00+0200"), 1741068720);
	CHECK_INT(parse_ok("2025-03-04T08:12:00+02"), 1741068720);
	CHECK_INT(parse_ok("2025-03-03T23:12:00-07:00"), 1741068720);
	CHECK_INT(parse_ok("2025-03-04T06:12:00.123456+00:00"), 1741068720);
	CHECK_INT(parse_ok("2024-02-29"), 1709164800);
	CHECK_INT(parse_ok("2000-02-29"), 951782400);
	CHECK_INT(parse_ok("2026-11-28"), 1795824000);
	/* An offset can cross the date line backwards and forwards. */
	CHECK_INT(parse_ok("2025-01-01T00:30:00+01:00"), 1735687800);
}

static void
test_refusals(void)
{
	check_refused("", "ISO 8601");
	check_refused("yesterday", "ISO 8601");
	check_refused("2025-3-4", "ISO 8601");
	check_refused("2025/03/04", "ISO 8601");
	check_refused("2025-13-01", "out of range");
	check_refused("2025-00-10", "out of range");
	check_refused("2025-02-29", "out of range");
	check_refused("1900-02-29", "out of range");
	check_refused("2025-04-31", "out of range");
	check_refused("1969-12-31", "out of range");
	check_refused("2025-03-04T06:12:00", "no zone");
	check_refused("2025-03-04T25:00:00Z", "out of range");
	check_refused("2025-03-04T06:60:00Z", "out of range");
	check_refused("2025-03-04T06:12:61Z", "out of range");
	check_refused("2025-03-04T06:12:00.Z", "fraction");
	check_refused("2025-03-04T06Z", "time of day");
	check_refused("2025-03-04T06:12:00ZZ", "after the time");
	check_refused("2025-03-04T06:12:00+25:00", "offset");
	check_refused("2025-03-04T06:12:00 UTC", "zone");
	check_refused("2025-03-04x", "after the date");
	check_refused("2025-03-04T06:12:00+02:0", "offset");
	/* In range as written, out of it in UTC. */
	check_refused("9999-12-31T23:00:00-05:00", "out of range");
	check_refused("1970-01-01T00:30:00+01:00", "out of range");
	check_refused("1970-01-01T00:00:00+00:01", "out of range");
	CHECK_INT(parse_ok("9999-12-31T23:59:59Z"), 253402300799LL);
	CHECK_INT(parse_ok("9999-12-31T23:59:59.999-00:00"), 253402300799LL);
	CHECK_INT(parse_ok("1970-01-01T01:00:00+01:00"), 0);
}

/*
 * time_parse_stored reads the stored shape at its fixed places: it must
 * take exactly what time_parse takes of that shape (20 characters, T at
 * 10, Z at 19) with the same value. Valid times, the edges of the range
 * and of months, and every one-character change to them.
 */
static void
check_stored_as_general(void)
{
	static const char *seeds[] = { "1970-01-01T00:00:00Z",
	    "9999-12-31T23:59:59Z", "2024-02-29T12:34:56Z",
	    "2025-02-28T23:59:59Z", "2000-02-29T00:00:00Z",
	    "1969-12-31T23:59:59Z", "2025-12-31T09:59:09Z" };
	static const char alphabet[] = "0123456789-:TZtz +.,\x7f";
	char		 s[TIME_ISO_SIZE + 1];
	const char	*why;
	int64_t		 a, b;
	size_t		 i, pos, k, len;
	int		 ra, rb, bad = 0;

	for (i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
		for (pos = 0; pos <= 20; pos++)
			for (k = 0; k < sizeof alphabet; k++) {
				memcpy(s, seeds[i], TIME_ISO_SIZE);
				if (pos < 20)
					s[pos] = alphabet[k];
				else if (k > 0)
					continue;
				len = strlen(s);
				a = b = -1;
				ra = time_parse_stored(s, &a);
				rb = len == TIME_ISO_SIZE - 1 &&
				    s[10] == 'T' && s[19] == 'Z' ?
				    time_parse(s, len, &b, &why) : -1;
				if (ra != rb || (ra == 0 && a != b)) {
					if (bad++ == 0)
						fprintf(stderr, "stored and "
						    "general disagree on "
						    "'%s'\n", s);
					check_failures++;
				}
			}
}

static void
test_format(void)
{
	char		 iso[TIME_ISO_SIZE], date[TIME_DATE_SIZE];
	const char	*why;
	int64_t		 t, back;

	check_format(0, "1970-01-01T00:00:00Z");
	check_format(1741068720, "2025-03-04T06:12:00Z");
	check_format(951782400 + 86399, "2000-02-29T23:59:59Z");
	check_format(253402300799LL, "9999-12-31T23:59:59Z");
	CHECK_INT(time_format_date(1741068720, date), 0);
	CHECK_STR(date, "2025-03-04");
	/* Out of range: refused, with a text that no parser takes back. */
	CHECK_INT(time_format(TIME_MAX + 1, iso), -1);
	CHECK_STR(iso, "0000-00-00T00:00:00Z");
	CHECK(time_parse(iso, strlen(iso), &back, &why) != 0);
	CHECK_INT(time_format(-1, iso), -1);
	CHECK_STR(iso, "0000-00-00T00:00:00Z");
	CHECK_INT(time_format(INT64_MIN, iso), -1);
	CHECK_INT(time_format(INT64_MAX, iso), -1);
	CHECK_INT(time_format_date(TIME_MAX + 86400, date), -1);
	CHECK_STR(date, "0000-00-00");
	CHECK_INT(time_format(TIME_MIN, iso), 0);
	CHECK_INT(time_format(TIME_MAX, iso), 0);
	CHECK(time_in_range(TIME_MAX) && !time_in_range(TIME_MAX + 1));
	CHECK(time_in_range(0) && !time_in_range(-1));
	/* Every day (at an odd second) from 1970 to 2100 survives a trip. */
	for (t = 7; t < 4102444800LL; t += 86400 + 3607) {
		time_format(t, iso);
		if (time_parse(iso, strlen(iso), &back, &why) != 0 ||
		    back != t) {
			fprintf(stderr, "round trip of %lld failed (%s)\n",
			    (long long)t, iso);
			check_failures++;
			break;
		}
		if (time_parse_stored(iso, &back) != 0 || back != t) {
			fprintf(stderr, "stored round trip failed: %s\n", iso);
			check_failures++;
			break;
		}
	}
	CHECK(time_parse_stored("2025-03-04", &back) != 0);
	CHECK(time_parse_stored("2025-03-04T06:12:00+00:00", &back) != 0);
	check_stored_as_general();
}

static void
test_civil(void)
{
	int		 y;
	unsigned	 m, d;
	int64_t		 z;

	CHECK_INT(time_days_from_civil(1970, 1, 1), 0);
	CHECK_INT(time_days_from_civil(2000, 3, 1), 11017);
	CHECK_INT(time_days_from_civil(1969, 12, 31), -1);
	for (z = -800000; z < 800000; z += 997) {
		time_civil_from_days(z, &y, &m, &d);
		if (time_days_from_civil(y, m, d) != z) {
			fprintf(stderr, "civil round trip failed at %lld\n",
			    (long long)z);
			check_failures++;
			break;
		}
	}
}

static void
test_now(void)
{
	setenv("TIDELINE_NOW", "2026-11-28T12:00:00Z", 1);
	CHECK_INT(time_now(), 1795824000 + 12 * 3600);
	setenv("TIDELINE_NOW", "garbage", 1);
	CHECK(time_now() > 1700000000);
	unsetenv("TIDELINE_NOW");
}

int
main(void)
{
	test_shapes();
	test_refusals();
	test_format();
	test_civil();
	test_now();
	return (CHECK_DONE());
}
