/*
 * Text and tics for gnuplot scripts (see plot.h). A single-quoted string
 * is the one literal in which gnuplot expands nothing: no backquoted
 * commands, no @macros, no backslash escapes. Its only special character
 * is the quote itself, written twice. A newline would end the command,
 * so control characters become spaces (text_unsafe's: C1 controls and
 * bidi overrides too, which --term would show in the terminal).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot/charts.h"
#include "plot/plot.h"
#include "util/text.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define DAY	86400

size_t
plot_chars(const char *s)
{
	size_t	 i, k, n = s != NULL ? strlen(s) : 0, chars = 0;

	for (i = 0; i < n; i += k, chars++)
		if ((k = utf8_char_len(s + i, n - i)) == 0)
			k = 1;
	return (chars);
}

void
plot_quote(struct buf *b, const char *s, size_t max)
{
	size_t	 i, k, n = s != NULL ? strlen(s) : 0, chars = 0;
	int	 space = 0;

	buf_addc(b, '\'');
	for (i = 0; i < n; i += k) {
		/*
		 * Only whole characters are copied, so a byte that is not
		 * UTF-8 cannot take a quote or a newline along with it.
		 */
		k = utf8_char_len(s + i, n - i);
		if (max > 0 && chars == max - 1 && i + (k ? k : 1) < n) {
			buf_adds(b, "\u2026");
			break;
		}
		if (k == 0) {
			/* Not UTF-8: a replacement character, byte by byte. */
			buf_adds(b, "\ufffd");
			k = 1;
			space = 0;
			chars++;
			continue;
		}
		if (text_unsafe(utf8_decode(s + i, k))) {
			/* Runs of unsafe characters and spaces: one space. */
			if (!space && chars > 0)
				buf_addc(b, ' ');
			space = 1;
			chars++;
			continue;
		}
		space = s[i] == ' ';
		if (s[i] == '\'')
			buf_addc(b, '\'');
		buf_add(b, s + i, k);
		chars++;
	}
	buf_addc(b, '\'');
}

/*
 * Where the line that starts at s ends to hold at most width characters:
 * at a space (a word longer than that stands alone on its line), or at
 * the end of s. *next is where the following line starts.
 */
static const char *
line_end(const char *s, size_t width, const char **next)
{
	const char	*p, *brk = NULL;
	size_t		 chars = 0, k, n = strlen(s);

	for (p = s; *p != '\0'; p += k, chars++) {
		if (*p == ' ') {
			if (chars > width)
				break;
			brk = p;
		} else if (chars >= width && brk != NULL) {
			p = brk;
			break;
		}
		if ((k = utf8_char_len(p, n - (size_t)(p - s))) == 0)
			k = 1;
	}
	for (*next = p; **next == ' '; (*next)++)
		;
	return (p);
}

void
plot_quote_lines(struct buf *b, const char *s, size_t width)
{
	const char	*line = s, *end, *next;
	char		*piece;

	if (s == NULL || width == 0) {
		plot_quote(b, s, 0);
		return;
	}
	for (;;) {
		end = line_end(line, width, &next);
		piece = xstrndup(line, (size_t)(end - line));
		plot_quote(b, piece, 0);
		free(piece);
		if (*next == '\0')
			break;
		/* A newline only a double-quoted literal can hold. */
		buf_adds(b, ".\"\\n\".");
		line = next;
	}
}

void
plot_count(char *out, size_t size, double v)
{
	if (v < 0) {
		out[0] = '-';
		text_thousands(count_clamp(-v + 0.5), out + 1, size - 1);
	} else
		text_thousands(count_clamp(v + 0.5), out, size);
}

/* The round step (1, 2 or 5 times a power of ten) nearest to n steps. */
static double
round_step(double span, int n)
{
	double	 raw = span / (n > 0 ? n : 1), p, f;

	if (!(raw > 0))
		return (1);
	p = pow(10, floor(log10(raw)));
	f = raw / p;
	if (f < 1.5)
		f = 1;
	else if (f < 3.5)
		f = 2;
	else if (f < 7.5)
		f = 5;
	else
		f = 10;
	return (f * p < 1 ? 1 : f * p);
}

void
plot_count_tics(struct buf *b, const char *axis, double lo, double hi,
    int n)
{
	double	 step = round_step(hi - lo, n), v;
	char	 label[32];
	int	 first = 1;

	buf_printf(b, "set %s (", axis);
	for (v = ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
		plot_count(label, sizeof label, v);
		buf_printf(b, "%s'%s' %.0f", first ? "" : ", ", label, v);
		first = 0;
	}
	buf_adds(b, ")\n");
}

void
plot_time_tics(struct buf *b, int64_t from, int64_t to, int n)
{
	static const int64_t	 steps[] = { 1, 2, 7, 14, 30, 61, 91, 182,
				    365, 730 };
	int64_t			 step = steps[0], day, span;
	char			 label[TIME_DATE_SIZE];
	size_t			 i;
	int			 first = 1, y;
	unsigned		 m, d;

	span = (to - from) / DAY + 1;
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		step = steps[i];
		if (span / step <= n)
			break;
	}
	buf_adds(b, "set xtics (");
	for (day = (from + DAY - 1) / DAY; day * DAY <= to; day++) {
		time_civil_from_days(day, &y, &m, &d);
		/*
		 * Years start tics of a year or more, months those of a
		 * month or more; shorter ones go by day.
		 */
		if (step >= 365 ? m != 1 || d != 1 || y % (int)(step / 365) :
		    step >= 30 ? d != 1 || (m - 1) % (unsigned)(step / 30) :
		    day % step != 0)
			continue;
		time_format_date(day * DAY, label);
		if (step >= 30)
			label[7] = '\0';	/* YYYY-MM */
		buf_printf(b, "%s'%s' %lld", first ? "" : ", ", label,
		    (long long)(day * DAY));
		first = 0;
	}
	/*
	 * No round day within the range (all of it inside one day): its
	 * date in the middle, else gnuplot would number the axis itself,
	 * in seconds.
	 */
	if (first) {
		time_format_date(from + (to - from) / 2, label);
		buf_printf(b, "'%s' %lld", label,
		    (long long)(from + (to - from) / 2));
	}
	buf_adds(b, ")\n");
}

void
chart_frame_settings(struct buf *s, const struct chart_frame *f)
{
	char	 from[TIME_DATE_SIZE], to[TIME_DATE_SIZE];
	char	 as_of[TIME_ISO_SIZE], caption[160];

	time_format_local_date(f->from, from);
	time_format_local_date(f->to, to);
	time_format(f->as_of, as_of);
	snprintf(caption, sizeof caption, "data %s to %s, as of %s; "
	    "tideline", from, to, as_of);
	buf_adds(s, "TITLE = ");
	plot_quote(s, f->title, 0);
	buf_adds(s, "\nCAPTION = ");
	plot_quote(s, caption, 0);
	buf_addc(s, '\n');
}
