/*
 * The engine's reading of rate-limit headers (fetch_wait_seconds): every
 * form a platform sends, and what a broken or hostile server may send
 * instead (huge, negative, past, garbage), always a wait within 0 and a
 * day. Run under UBSan in the sanitizer build, so an overflow anywhere
 * in the arithmetic fails it.
 */
#include <stdint.h>
#include <stdio.h>

#include "check.h"
#include "fetch/fetch.h"

#define NOW	1749988800	/* 2025-06-15T12:00:00Z */
#define DAY	FETCH_WAIT_MAX

static void
check_wait(int line, const char *retry_after, const char *reset_epoch,
    const char *reset_iso, int64_t want)
{
	int64_t	 got;

	got = fetch_wait_seconds(retry_after, reset_epoch, reset_iso, NOW);
	if (got != want) {
		fprintf(stderr, "%s:%d: Retry-After '%s', reset '%s', ISO '%s':"
		    " %lld, want %lld\n", __FILE__, line,
		    retry_after ? retry_after : "-",
		    reset_epoch ? reset_epoch : "-",
		    reset_iso ? reset_iso : "-", (long long)got,
		    (long long)want);
		check_failures++;
	}
}

#define WAIT(ra, re, ri, want)	check_wait(__LINE__, (ra), (re), (ri), (want))

static void
test_retry_after_seconds(void)
{
	WAIT("0", NULL, NULL, 0);
	WAIT("1", NULL, NULL, 1);
	WAIT("120", NULL, NULL, 120);
	WAIT("86400", NULL, NULL, DAY);
	WAIT("86401", NULL, NULL, DAY);
	WAIT("9223372036854775807", NULL, NULL, DAY);	/* INT64_MAX */
	WAIT("9223372036854775808", NULL, NULL, DAY);	/* one more */
	WAIT("99999999999999999999", NULL, NULL, DAY);
	WAIT("0000000000000000000000000000000000000000042", NULL, NULL, 42);
	WAIT("1844674407370955161600000000000000000000000000000000000000",
	    NULL, NULL, DAY);
	/* Not a number of seconds, nor a date: the next header decides. */
	WAIT("-1", NULL, NULL, -1);
	WAIT("-99999999999999999999", NULL, NULL, -1);
	WAIT("+5", NULL, NULL, -1);
	WAIT("5s", NULL, NULL, -1);
	WAIT("1e9", NULL, NULL, -1);
	WAIT("soon", NULL, NULL, -1);
	WAIT("", NULL, NULL, -1);
	WAIT("soon", "30", NULL, 30);
	WAIT("-1", NULL, "2025-06-15T12:01:00Z", 60);
}

static void
test_retry_after_date(void)
{
	WAIT("Sun, 15 Jun 2025 12:00:30 GMT", NULL, NULL, 30);
	WAIT("Sun, 15 Jun 2025 11:00:00 GMT", NULL, NULL, 0);	/* past */
	WAIT("Thu, 01 Jan 1970 00:00:00 GMT", NULL, NULL, 0);
	WAIT("Mon, 16 Jun 2025 12:00:00 GMT", NULL, NULL, DAY);
	WAIT("Fri, 31 Dec 9999 23:59:59 GMT", NULL, NULL, DAY);
	WAIT("Sun, 15 Jun 2025 99:99:99 GMT", NULL, NULL, -1);
}

static void
test_reset_epoch(void)
{
	/* x-rate-limit-reset (X) and RateLimit-Reset (atproto): epoch. */
	WAIT(NULL, "1749988860", NULL, 60);
	WAIT(NULL, "1749988800", NULL, 0);
	WAIT(NULL, "1000000001", NULL, 0);		/* long past */
	WAIT(NULL, "1750075200", NULL, DAY);
	WAIT(NULL, "1750075201", NULL, DAY);
	WAIT(NULL, "253402300799", NULL, DAY);		/* 9999-12-31 */
	WAIT(NULL, "9223372036854775807", NULL, DAY);
	WAIT(NULL, "99999999999999999999999999", NULL, DAY);
	/* RateLimit-Reset as the IETF draft has it: seconds from now. */
	WAIT(NULL, "0", NULL, 0);
	WAIT(NULL, "45", NULL, 45);
	WAIT(NULL, "86401", NULL, DAY);
	WAIT(NULL, "999999999", NULL, DAY);
	/* Garbage and signs: the ISO header, if any, decides. */
	WAIT(NULL, "-1", NULL, -1);
	WAIT(NULL, "-9223372036854775808", NULL, -1);
	WAIT(NULL, "12 34", NULL, -1);
	WAIT(NULL, "0x10", NULL, -1);
	WAIT(NULL, "", NULL, -1);
	WAIT(NULL, "later", "2025-06-15T12:00:10Z", 10);
}

static void
test_reset_iso(void)
{
	/* Mastodon's X-RateLimit-Reset, microseconds and all. */
	WAIT(NULL, NULL, "2025-06-15T12:05:00.484477Z", 300);
	WAIT(NULL, NULL, "2025-06-15T14:05:00+02:00", 300);
	WAIT(NULL, NULL, "2025-06-15T11:00:00Z", 0);
	WAIT(NULL, NULL, "1970-01-01T00:00:00Z", 0);
	WAIT(NULL, NULL, "2025-06-16T12:00:01Z", DAY);
	WAIT(NULL, NULL, "9999-12-31T23:59:59Z", DAY);
	WAIT(NULL, NULL, "99999-12-31T23:59:59Z", -1);
	WAIT(NULL, NULL, "2025-13-45T99:00:00Z", -1);
	WAIT(NULL, NULL, "tomorrow", -1);
	WAIT(NULL, NULL, "", -1);
	WAIT(NULL, NULL, NULL, -1);
}

int
main(void)
{
	test_retry_after_seconds();
	test_retry_after_date();
	test_reset_epoch();
	test_reset_iso();
	return (CHECK_DONE());
}
