/*
 * UTC times as seconds since the epoch, and their one text shape.
 *
 * Every time tideline stores or prints is 'YYYY-MM-DDTHH:MM:SSZ' (UTC,
 * whole seconds). Input may be any ISO 8601 time with 'Z' or an offset,
 * with or without fractional seconds (dropped), or a bare date (00:00 UTC).
 */
#ifndef TL_TIMEUTIL_H
#define TL_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#define TIME_ISO_SIZE	21	/* "YYYY-MM-DDTHH:MM:SSZ" and its NUL */
#define TIME_DATE_SIZE	11	/* "YYYY-MM-DD" and its NUL */
#define SECONDS_PER_DAY	86400
/* The times the stored shape can write: 1970-01-01 to 9999-12-31 UTC. */
#define TIME_FIRST	0
#define TIME_LAST	INT64_C(253402300799)	/* 9999-12-31T23:59:59Z */

/* Parse an ISO 8601 time; on failure return -1 and say why in *why. */
int	 time_parse(const char *, size_t, int64_t *, const char **);
/* Parse the stored shape only, quickly; -1 if it is not that shape. */
int	 time_parse_stored(const char *, int64_t *);
void	 time_format(int64_t, char [TIME_ISO_SIZE]);
void	 time_format_date(int64_t, char [TIME_DATE_SIZE]);
/* The current time, or TIDELINE_NOW when set (tests and demos). */
int64_t	 time_now(void);

int64_t	 time_days_from_civil(int, unsigned, unsigned);
void	 time_civil_from_days(int64_t, int *, unsigned *, unsigned *);

#endif
