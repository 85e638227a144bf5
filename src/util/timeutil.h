/*
 * UTC times as seconds since the epoch, and their one text shape.
 *
 * Every time tideline stores or prints is 'YYYY-MM-DDTHH:MM:SSZ' (UTC,
 * whole seconds). Input may be any ISO 8601 time with 'Z' or an offset,
 * with or without fractional seconds (dropped), or a bare date (00:00 UTC).
 * Times run from TIME_MIN to TIME_MAX, whose text has four-digit years:
 * one outside is refused where it is parsed (after its offset, so
 * "9999-12-31T23:00:00-05:00" is refused) and where it is formatted.
 */
#ifndef TL_TIMEUTIL_H
#define TL_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#define TIME_ISO_SIZE	21	/* "YYYY-MM-DDTHH:MM:SSZ" and its NUL */
#define TIME_DATE_SIZE	11	/* "YYYY-MM-DD" and its NUL */
#define SECONDS_PER_DAY	86400
#define TIME_MIN	INT64_C(0)		/* 1970-01-01T00:00:00Z */
#define TIME_MAX	INT64_C(253402300799)	/* 9999-12-31T23:59:59Z */

/* Parse an ISO 8601 time; on failure return -1 and say why in *why. */
int	 time_parse(const char *, size_t, int64_t *, const char **);
/* Parse the stored shape only, quickly; -1 if it is not that shape. */
int	 time_parse_stored(const char *, int64_t *);
/* 1 when the time is from TIME_MIN to TIME_MAX. */
int	 time_in_range(int64_t);
/*
 * Write the time's text. A time out of range is refused: -1, and the
 * text is "0000-00-00T00:00:00Z" (the date "0000-00-00"), which no
 * parser takes back.
 */
int	 time_format(int64_t, char [TIME_ISO_SIZE]);
int	 time_format_date(int64_t, char [TIME_DATE_SIZE]);
/* The current time, or TIDELINE_NOW when set (tests and demos). */
int64_t	 time_now(void);

/*
 * The time zone days and hours are counted in (TZ, from a zone database
 * name or "UTC"); -1 with why when there is no such zone.
 */
int	 time_zone_set(const char *, const char **);
/* Seconds east of UTC at a time, in that zone. */
int32_t	 time_local_offset(int64_t);
/* The date a time falls on in that zone (time_format_date's rules). */
int	 time_format_local_date(int64_t, char [TIME_DATE_SIZE]);

/* The day since 1970-01-01 that a time falls in (before 1970 too). */
int64_t	 time_day(int64_t);
int64_t	 time_days_from_civil(int, unsigned, unsigned);
void	 time_civil_from_days(int64_t, int *, unsigned *, unsigned *);

#endif
