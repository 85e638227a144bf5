/* RFC 822 dates as feeds write them, for feed_parse_rfc822 (feed.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fetch/feed.h"
#include "fetch/feed-internal.h"
#include "util/timeutil.h"

static const char *const month_names[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
	"nov", "dec",
};

static const char *const day_names[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun",
};

/* Zone names seen in feeds, sorted, with their minutes east of UTC. */
static const struct zone {
	const char	*name;
	int		 minutes;
} zones[] = {
	{ "ACDT", 630 }, { "ACST", 570 }, { "ADT", -180 }, { "AEDT", 660 },
	{ "AEST", 600 }, { "AKDT", -480 }, { "AKST", -540 }, { "AST", -240 },
	{ "AWST", 480 }, { "BST", 60 }, { "CDT", -300 }, { "CEST", 120 },
	{ "CET", 60 }, { "CST", -360 }, { "EDT", -240 }, { "EEST", 180 },
	{ "EET", 120 }, { "EST", -300 }, { "GMT", 0 }, { "HKT", 480 },
	{ "HST", -600 }, { "JST", 540 }, { "KST", 540 }, { "MDT", -360 },
	{ "MEST", 120 }, { "MET", 60 }, { "MSK", 180 }, { "MST", -420 },
	{ "NZDT", 780 }, { "NZST", 720 }, { "PDT", -420 }, { "PST", -480 },
	{ "SGT", 480 }, { "UT", 0 }, { "UTC", 0 }, { "WEST", 60 },
	{ "WET", 0 }, { "Z", 0 },
};

static const char *
skip_space(const char *p)
{
	while (is_space(*p))
		p++;
	return (p);
}

static size_t
word_len(const char *p)
{
	size_t	 n = 0;

	while (is_alpha(p[n]))
		n++;
	return (n);
}

/* Which of names[] the word starts with (3 letters at least), or -1. */
static int
name_index(const char *const *names, int count, const char *p, size_t n)
{
	int	 i;

	if (n < 3)
		return (-1);
	for (i = 0; i < count; i++) {
		if (strncasecmp(p, names[i], 3) == 0)
			return (i);
	}
	return (-1);
}

/* Read min to max digits, with no digit after them. */
static int
read_digits(const char **p, int min, int max, int *v)
{
	int	 n = 0;

	*v = 0;
	while (n < max && is_digit(**p)) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return (n >= min && !is_digit(**p) ? 0 : -1);
}

/* "+0200", "-05:00", "+02" into minutes east of UTC. */
static int
read_offset(const char **p, int *minutes)
{
	int	 sign, hh, mm = 0;

	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (is_digit((*p)[0]) && is_digit((*p)[1]) && is_digit((*p)[2])) {
		if (read_digits(p, 4, 4, &hh) != 0)
			return (-1);
		mm = hh % 100;
		hh /= 100;
	} else {
		if (read_digits(p, 2, 2, &hh) != 0)
			return (-1);
		if (**p == ':') {
			(*p)++;
			if (read_digits(p, 2, 2, &mm) != 0)
				return (-1);
		}
	}
	if (hh > 23 || mm > 59)
		return (-1);
	*minutes = sign * (hh * 60 + mm);
	return (0);
}

static int
zone_cmp(const void *key, const void *elem)
{
	return (strcasecmp(key, ((const struct zone *)elem)->name));
}

/*
 * The zone at the end of an RFC 822 date, in minutes east of UTC. None
 * is UTC; so are names we do not know (RFC 2822 says to take military
 * letters as UTC; a date off by hours is better than no date).
 */
static int
read_zone(const char **p, int *minutes)
{
	const struct zone	*z;
	char			 name[8];
	size_t			 n;

	*minutes = 0;
	if (**p == '+' || **p == '-')
		return (read_offset(p, minutes));
	if ((n = word_len(*p)) == 0)
		return (0);
	if (n < sizeof name) {
		memcpy(name, *p, n);
		name[n] = '\0';
		if ((z = bsearch(name, zones, sizeof zones / sizeof zones[0],
		    sizeof zones[0], zone_cmp)) != NULL)
			*minutes = z->minutes;
	}
	*p += n;
	/* "GMT+0200": the offset is what counts. */
	if (**p == '+' || **p == '-')
		return (read_offset(p, minutes));
	return (0);
}

int
feed_parse_rfc822(const char *s, int64_t *out)
{
	const char	*p = skip_space(s);
	int64_t		 days, t;
	int		 day, mon, year, hh, mm, ss = 0, zone, y;
	unsigned	 m, d;
	size_t		 n;

	if ((n = word_len(p)) > 0) {
		if (name_index(day_names, 7, p, n) < 0)
			return (-1);
		p = skip_space(p + n);
		if (*p == ',')
			p = skip_space(p + 1);
	}
	if (read_digits(&p, 1, 2, &day) != 0)
		return (-1);
	p = skip_space(*p == '-' ? p + 1 : p);
	n = word_len(p);
	if ((mon = name_index(month_names, 12, p, n)) < 0)
		return (-1);
	p = skip_space(p + n);
	if (*p == '-')
		p = skip_space(p + 1);
	if (read_digits(&p, 2, 4, &year) != 0)
		return (-1);
	/* RFC 2822 4.3: 00-49 are 20xx, 50-999 are 1900 plus. */
	if (year < 50)
		year += 2000;
	else if (year < 1000)
		year += 1900;
	p = skip_space(p);
	if (read_digits(&p, 1, 2, &hh) != 0 || *p++ != ':' ||
	    read_digits(&p, 2, 2, &mm) != 0)
		return (-1);
	if (*p == ':') {
		p++;
		if (read_digits(&p, 2, 2, &ss) != 0)
			return (-1);
	}
	p = skip_space(p);
	if (read_zone(&p, &zone) != 0)
		return (-1);
	p = skip_space(p);
	if (*p == '(' && (p = strchr(p, ')')) != NULL)
		p = skip_space(p + 1);
	if (p == NULL || *p != '\0' || hh > 23 || mm > 59 || ss > 60 ||
	    day < 1 || day > 31)
		return (-1);
	/* A day past the month's end comes back as another date. */
	days = time_days_from_civil(year, (unsigned)mon + 1, (unsigned)day);
	time_civil_from_days(days, &y, &m, &d);
	if (d != (unsigned)day)
		return (-1);
	/* Only times that the stored shape can write (time_parse's range). */
	t = days * SECONDS_PER_DAY + hh * 3600 + mm * 60 + ss -
	    (int64_t)zone * 60;
	if (!time_in_range(t))
		return (-1);
	*out = t;
	return (0);
}
