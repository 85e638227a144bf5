/*
 * Charts drawn by gnuplot. A chart is a template from plots/ (compiled
 * into the binary), a few settings and data files; plot_render writes
 * them into a private temporary folder, runs gnuplot on them as a
 * separate process (no shell) and removes the folder, whatever happens.
 *
 * Text that comes from data (post titles, tags, account names) reaches
 * gnuplot only through plot_quote: a single-quoted string literal, in
 * which gnuplot expands nothing (no backquotes, no @macros, no escapes),
 * with control characters replaced. Labels are drawn "noenhanced", so
 * '@', '&', '^' and '_' show as themselves.
 */
#ifndef TL_PLOT_PLOT_H
#define TL_PLOT_PLOT_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

enum plot_format {
	PLOT_PNG,
	PLOT_SVG,
	PLOT_PDF,
	PLOT_DUMB,	/* characters, to standard output */
	PLOT_SIXEL	/* sixel graphics, to standard output */
};

/* plot_render's failures, for the caller's exit code. */
enum plot_status {
	PLOT_OK = 0,
	PLOT_FAILED = -1,	/* gnuplot failed or timed out; cause set */
	PLOT_NO_GNUPLOT = -2	/* gnuplot is not installed; cause set */
};

struct plot_file {
	char		*name;		/* in the temporary folder */
	struct buf	 data;
};

struct plot {
	const char		*chart;		/* template: plots/CHART.gp */
	enum plot_format	 format;
	int			 width, height;	/* pixels (characters: dumb) */
	struct buf		 script;	/* set by the chart, before
						   its template */
	struct plot_file	*files;
	size_t			 nfiles;
	int			 timeout;	/* seconds */
	int			 keep;		/* 1: keep the script and data */
	char			*kept;		/* then, their folder (owned) */
};

#define PLOT_TIMEOUT	60

void		 plot_init(struct plot *, const char *, enum plot_format,
		    int, int);
void		 plot_free(struct plot *);
/* A data file of the chart, created empty on first use. */
struct buf	*plot_file(struct plot *, const char *);
/*
 * Draw the chart into output (a file, written whole or not at all), or
 * to standard output for the terminal formats (output NULL).
 */
enum plot_status plot_render(struct plot *, const char *, char **);

/* The format an output file's extension asks for; -1 if none. */
int		 plot_format_of(const char *);
/* Is the template known? */
int		 plot_has_template(const char *);

/*
 * Text for gnuplot: s as a single-quoted literal, at most max characters
 * (UTF-8 aware; longer text ends in an ellipsis; 0: no limit), control
 * characters (C0 and C1) and bidi overrides as spaces, bytes that are
 * not UTF-8 as U+FFFD.
 */
void		 plot_quote(struct buf *, const char *, size_t);
/*
 * Text for gnuplot in lines of at most width characters, broken at
 * spaces: plot_quote's literals joined by newlines ('a'."\n".'b'), a
 * string expression where a label takes one; width 0: one line.
 */
void		 plot_quote_lines(struct buf *, const char *, size_t);
/* Characters of UTF-8 text (a byte that is not UTF-8 counts as one). */
size_t		 plot_chars(const char *);
/* Thousands separators: 12,345. */
void		 plot_count(char *, size_t, double);
/*
 * Tics for a count axis from lo to hi: about n round steps, labelled
 * with thousands separators, as a "set AXIS (...)" command.
 */
void		 plot_count_tics(struct buf *, const char *, double, double,
		    int);
/* Time tics for [from, to] (UTC seconds): a round step, dates as labels. */
void		 plot_time_tics(struct buf *, int64_t, int64_t, int);

#endif
