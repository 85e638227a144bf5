/* UTC times as seconds since the epoch, and their one text shape. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/timeutil.h"

/*
 * Days since 1970-01-01 of a proleptic Gregorian date; Howard Hinnant's
 * days_from_civil, exact for every year and free of time zone state.
 */
int64_t
time_days_from_civil(int y, unsigned m, unsigned d)
{
	int64_t		 era;
	unsigned	 yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + (int64_t)doe - 719468);
}

int64_t
time_day(int64_t t)
{
	return (t >= 0 ? t / SECONDS_PER_DAY :
	    -((-t + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY));
}

/* The inverse of time_days_from_civil. */
void
time_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	int64_t		 era;
	unsigned	 doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)((int64_t)yoe + era * 400 + (*m <= 2));
}

static int
days_in_month(int y, unsigned m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	 leap;

	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return (days[m - 1] + (m == 2 && leap));
}

/* Read exactly n digits at *p; -1 if any is not a digit or is missing. */
static int
digits(const char **p, const char *end, int n)
{
	int	 v = 0;

	while (n-- > 0) {
		if (*p >= end || **p < '0' || **p > '9')
			return (-1);
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	return (v);
}

/* Parse "+HH:MM", "+HHMM", "+HH", "-..." or "Z" into seconds east of UTC. */
static int
parse_zone(const char **p, const char *end, int *offset, const char **why)
{
	int	 sign, hh, mm = 0;

	if (*p >= end) {
		*why = "time has no zone (add 'Z' for UTC or an offset "
		    "like '+02:00')";
		return (-1);
	}
	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		*offset = 0;
		return (0);
	}
	if (**p != '+' && **p != '-') {
		*why = "bad time zone (expected 'Z' or an offset like '+02:00')";
		return (-1);
	}
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if ((hh = digits(p, end, 2)) < 0)
		goto bad;
	if (*p < end && **p == ':')
		(*p)++;
	if (*p < end && (mm = digits(p, end, 2)) < 0)
		goto bad;
	if (hh > 23 || mm > 59)
		goto bad;
	*offset = sign * (hh * 3600 + mm * 60);
	return (0);
bad:
	*why = "bad time zone offset (expected like '+02:00')";
	return (-1);
}

/* Parse "HH:MM[:SS[.fff]]" into seconds since midnight. */
static int
parse_clock(const char **p, const char *end, int *secs, const char **why)
{
	int	 hh, mm, ss = 0;

	if ((hh = digits(p, end, 2)) < 0 || *p >= end || **p != ':' ||
	    (++(*p), (mm = digits(p, end, 2)) < 0)) {
		*why = "bad time of day (expected HH:MM or HH:MM:SS)";
		return (-1);
	}
	if (*p < end && **p == ':') {
		(*p)++;
		if ((ss = digits(p, end, 2)) < 0) {
			*why = "bad seconds (expected two digits)";
			return (-1);
		}
		if (*p < end && (**p == '.' || **p == ',')) {
			(*p)++;
			if (*p >= end || **p < '0' || **p > '9') {
				*why = "bad fraction of a second";
				return (-1);
			}
			while (*p < end && **p >= '0' && **p <= '9')
				(*p)++;
		}
	}
	if (hh > 23 || mm > 59 || ss > 59) {
		*why = "time of day out of range";
		return (-1);
	}
	*secs = hh * 3600 + mm * 60 + ss;
	return (0);
}

int
time_parse(const char *s, size_t len, int64_t *out, const char **why)
{
	const char	*p = s, *end = s + len;
	int64_t		 t;
	int		 y, m, d, secs = 0, offset = 0;

	if ((y = digits(&p, end, 4)) < 0 || p >= end || *p != '-' ||
	    (++p, (m = digits(&p, end, 2)) < 0) || p >= end || *p != '-' ||
	    (++p, (d = digits(&p, end, 2)) < 0)) {
		*why = "not an ISO 8601 time (expected YYYY-MM-DD or "
		    "YYYY-MM-DDTHH:MM:SSZ)";
		return (-1);
	}
	if (y < 1970 || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, (unsigned)m)) {
		*why = "date out of range";
		return (-1);
	}
	if (p < end) {
		if (*p != 'T' && *p != 't' && *p != ' ') {
			*why = "unexpected text after the date";
			return (-1);
		}
		p++;
		if (parse_clock(&p, end, &secs, why) != 0 ||
		    parse_zone(&p, end, &offset, why) != 0)
			return (-1);
		if (p != end) {
			*why = "unexpected text after the time";
			return (-1);
		}
	}
	t = time_days_from_civil(y, (unsigned)m, (unsigned)d) *
	    SECONDS_PER_DAY + secs - offset;
	/* An offset may carry it out of what the stored shape can write. */
	if (!time_in_range(t)) {
		*why = "time out of range (UTC from 1970-01-01T00:00:00Z to "
		    "9999-12-31T23:59:59Z)";
		return (-1);
	}
	*out = t;
	return (0);
}

/* Two decimal digits at s, or -1 (a NUL is no digit: nothing past it). */
static int
two_digits(const char *s)
{
	unsigned	 hi = (unsigned)(unsigned char)s[0] - '0', lo;

	if (hi > 9 || (lo = (unsigned)(unsigned char)s[1] - '0') > 9)
		return (-1);
	return ((int)(hi * 10 + lo));
}

/*
 * The stored shape only, YYYY-MM-DDTHH:MM:SSZ, read at its fixed places
 * from left to right (so a shorter string stops at its NUL): an analysis
 * reads millions (a quarter of time_parse's cost). It takes exactly what
 * time_parse takes of that length with that T and Z.
 */
int
time_parse_stored(const char *s, int64_t *out)
{
	int64_t	 t;
	int	 cc, yy, m, d, hh, mm, ss, y;

	if ((cc = two_digits(s)) < 0 || (yy = two_digits(s + 2)) < 0 ||
	    s[4] != '-' || (m = two_digits(s + 5)) < 0 || s[7] != '-' ||
	    (d = two_digits(s + 8)) < 0 || s[10] != 'T' ||
	    (hh = two_digits(s + 11)) < 0 || s[13] != ':' ||
	    (mm = two_digits(s + 14)) < 0 || s[16] != ':' ||
	    (ss = two_digits(s + 17)) < 0 || s[19] != 'Z' || s[20] != '\0')
		return (-1);
	y = cc * 100 + yy;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || hh > 23 || mm > 59 ||
	    ss > 59 || (d > 28 && d > days_in_month(y, (unsigned)m)))
		return (-1);
	t = time_days_from_civil(y, (unsigned)m, (unsigned)d) *
	    SECONDS_PER_DAY + hh * 3600 + mm * 60 + ss;
	if (!time_in_range(t))
		return (-1);
	*out = t;
	return (0);
}

/* Write v as exactly n decimal digits. */
static void
put_digits(char *out, unsigned v, int n)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

int
time_in_range(int64_t t)
{
	return (t >= TIME_MIN && t <= TIME_MAX);
}

int
time_format(int64_t t, char out[TIME_ISO_SIZE])
{
	int64_t		 days, secs;
	int		 y;
	unsigned	 m, d;

	memcpy(out, "0000-00-00T00:00:00Z", TIME_ISO_SIZE);
	if (!time_in_range(t))
		return (-1);
	days = t / SECONDS_PER_DAY;
	secs = t % SECONDS_PER_DAY;
	time_civil_from_days(days, &y, &m, &d);
	put_digits(out, (unsigned)y, 4);
	put_digits(out + 5, m, 2);
	put_digits(out + 8, d, 2);
	put_digits(out + 11, (unsigned)(secs / 3600), 2);
	put_digits(out + 14, (unsigned)(secs / 60 % 60), 2);
	put_digits(out + 17, (unsigned)(secs % 60), 2);
	return (0);
}

int
time_format_date(int64_t t, char out[TIME_DATE_SIZE])
{
	char	 iso[TIME_ISO_SIZE];
	int	 rc;

	rc = time_format(t, iso);
	memcpy(out, iso, TIME_DATE_SIZE - 1);
	out[TIME_DATE_SIZE - 1] = '\0';
	return (rc);
}

int64_t
time_now(void)
{
	const char	*env, *why;
	int64_t		 t;

	env = getenv("TIDELINE_NOW");
	if (env != NULL && *env != '\0' &&
	    time_parse(env, strlen(env), &t, &why) == 0)
		return (t);
	return ((int64_t)time(NULL));
}

/*
 * The owner's time zone, for the days and hours an analysis counts in.
 * A name from the zone database ("America/Los_Angeles"), checked to
 * exist there (the C library would take any other text for UTC without
 * a word), or "UTC". It becomes the process's TZ.
 */
#define ZONE_NAME_CHARS	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
			"0123456789/_+-"

int
time_zone_set(const char *zone, const char **why)
{
	const char	*dir = getenv("TZDIR");
	char		 path[4096], magic[4];
	size_t		 n;
	FILE		*f;

	if (strcasecmp(zone, "UTC") == 0 || strcasecmp(zone, "Z") == 0)
		zone = "UTC0";
	else {
		if (*zone == '\0' || *zone == '/' || strstr(zone, "..") !=
		    NULL || zone[strspn(zone, ZONE_NAME_CHARS)] != '\0') {
			*why = "not a time zone name (like Europe/Paris)";
			return (-1);
		}
		/* A zone file starts "TZif" (a folder, Europe/, does not). */
		if (snprintf(path, sizeof path, "%s/%s", dir != NULL &&
		    *dir != '\0' ? dir : "/usr/share/zoneinfo", zone) >=
		    (int)sizeof path || (f = fopen(path, "rb")) == NULL ||
		    (n = fread(magic, 1, sizeof magic, f), fclose(f),
		    n != sizeof magic || memcmp(magic, "TZif", 4) != 0)) {
			*why = "no such time zone (is the tzdata package "
			    "installed?)";
			return (-1);
		}
	}
	if (setenv("TZ", zone, 1) != 0) {
		*why = "cannot set TZ";
		return (-1);
	}
	tzset();
	return (0);
}

/*
 * Seconds east of UTC at t in the zone set (TZ): local time read back
 * as if it were UTC, less t. tm_gmtoff would say it, but is no POSIX.
 */
int32_t
time_local_offset(int64_t t)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;
	int64_t		 local;

	if (localtime_r(&tt, &tm) == NULL)
		return (0);
	local = time_days_from_civil(tm.tm_year + 1900,
	    (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday) * SECONDS_PER_DAY +
	    tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	return ((int32_t)(local - t));
}

int
time_format_local_date(int64_t t, char out[TIME_DATE_SIZE])
{
	if (!time_in_range(t))
		return (time_format_date(t, out));
	return (time_format_date(t + time_local_offset(t), out));
}
