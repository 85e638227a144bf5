/*
 * tideline plot CHART: gather what the chart shows from the store and
 * the analyses' results, hand it to src/plot/ as plain arrays, draw it
 * with gnuplot into a file (its format from the extension) or the
 * terminal. The charts are a table (charts[]): each entry says what is
 * particular to one, and its gathering is in plot-CHART.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/analysis.h"
#include "cmd/cmd.h"
#include "cmd/plot-gather.h"
#include "plot/charts.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define TOP_POSTS	5	/* engagement: posts drawn by default */
#define SIZE_MIN_W	80	/* --size at least, pixels or characters */
#define SIZE_MIN_H	20
#define SIZE_MAX_PX	10000	/* --size at most, and COLUMNS, LINES */
#define SIZE_MIN_PX_W	400	/* --size of a chart in pixels at least */
#define SIZE_MIN_PX_H	300
#define TIMEOUT_MAX	86400	/* TIDELINE_PLOT_TIMEOUT at most, s */

static enum cmd_retval	cmd_plot_run(struct cmd_ctx *,
			    const struct cmd_args *);
static enum cmd_retval	cmd_plot_check(const struct cmd_args *);
static int		check_size(const char *);

enum {
	OPT_OUTPUT = 'o',
	OPT_SIZE = 1,
	OPT_TERM,
	OPT_TOP,
	OPT_POST,
};

static const char *const terms[] = { "dumb", "sixel", NULL };

static const struct cmd_option options[] = {
	ANALYSIS_OPTIONS,
	{ .name = "output", .letter = 'o', .id = OPT_OUTPUT,
	  .type = CMD_OPT_STRING, .value = "FILE",
	  .help = "write here; .png, .svg or .pdf (default:\n"
	  "tideline-CHART-DATE.png, printed)" },
	{ .name = "size", .id = OPT_SIZE, .type = CMD_OPT_STRING,
	  .value = "WxH", .check = check_size,
	  .help = "pixels, at least 400x300 (default: sized\nto the panels); "
	  "with --term, characters" },
	{ .name = "term", .id = OPT_TERM, .type = CMD_OPT_CHOICE,
	  .optional = 1, .choices = terms, .value = "dumb|sixel",
	  .help = "draw in the terminal instead (default\ndumb: characters; "
	  "sixel for terminals\nthat show sixel graphics)" },
	{ .name = "top", .id = OPT_TOP, .type = CMD_OPT_NUMBER, .min = 1,
	  .max = PLOT_MAX_LINES, .value = "N",
	  .help = "engagement: the N most engaging posts\n(default 5, at most "
	  "7)" },
	{ .name = "post", .id = OPT_POST, .type = CMD_OPT_STRING,
	  .value = "ID", .help = "engagement: this post (repeatable)" },
	{ .name = NULL }
};

/* The charts' names, in charts[]'s order: the command's first word. */
static const char *const chart_names[] = {
	"growth", "decay", "topics", "engagement", "audience", NULL
};

const struct cmd_entry cmd_plot_entry = {
	.name = "plot",
	.usage = "growth|decay|topics|engagement|audience " ANALYSIS_USAGE
	    " [-o FILE] [--size WxH] [--term[=dumb|sixel]] [--top N]"
	    " [--post ID]",
	.summary = "draw charts with gnuplot (PNG, SVG, PDF or the terminal)",
	.help =
	    "Charts, drawn by gnuplot (Debian: gnuplot-nox), which runs as a\n"
	    "separate process:\n"
	    "  growth      followers over time, a panel per account, bursts\n"
	    "              shaded and labelled with their top post, posts as\n"
	    "              ticks (a feed's articles in green), gaps as gaps\n"
	    "  decay       engagement against days since the previous post,\n"
	    "              the fitted curve with its 90% band and the floor;\n"
	    "              and followers against the effective audience\n"
	    "  topics      engagement index per tag, with the 1.0 line\n"
	    "  engagement  posts' engagement over their age (second lives)\n"
	    "  audience    the census: followers counted, listed and active\n"
	    "              (90% error bars) at each whole walk; gains and\n"
	    "              losses as bars; the share still following by\n"
	    "              days since the follow; an account without a\n"
	    "              census says why\n",
	.options = options,
	.min_args = 1,
	.max_args = -1,
	.args_needed = "a chart (growth, decay, topics, engagement or "
	    "audience)",
	.words = chart_names,
	.word_name = "chart",
	.check = cmd_plot_check,
	.accounts_from = 1,
	.flags = CMD_READS_DB | CMD_ACCOUNTS,
	.run = cmd_plot_run,
};

static const struct chart_kind charts[] = {
	{ "growth", "Followers over time", 1200, 0, 180, 260,
	    plot_gather_growth },
	{ "decay", "Effective audience after silences", 1200, 0, 100, 360,
	    plot_gather_decay },
	{ "topics", "Engagement by topic", 0, 650, 200, 500,
	    plot_gather_topics },
	{ "engagement", "Engagement of posts over their age", 1200, 650, 0, 0,
	    plot_gather_engagement },
	{ "audience", "The audience measured", 1500, 0, 100, 340,
	    plot_gather_audience },
};

#define NCHARTS	(sizeof charts / sizeof charts[0])

/*
 * A whole number from min to max at the start of s, its end in *end;
 * -1 when there is none. Digits only: strtol alone would take leading
 * blanks and a sign, and an overflow as its limit.
 */
static int
parse_leading(const char *s, long min, long max, const char **end, int *out)
{
	char	*e;
	long	 v;

	if (*s < '0' || *s > '9')
		return (-1);
	errno = 0;
	v = strtol(s, &e, 10);
	if (errno == ERANGE || v < min || v > max)
		return (-1);
	*end = e;
	*out = (int)v;
	return (0);
}

/* All of s a whole number from min to max; -1 if not. */
static int
parse_whole(const char *s, long min, long max, int *out)
{
	const char	*end;
	int		 v;

	if (parse_leading(s, min, max, &end, &v) != 0 || *end != '\0')
		return (-1);
	*out = v;
	return (0);
}

/* --size WIDTHxHEIGHT, all of it; -1 if not so. */
static int
parse_size(const char *s, struct plot_opts *o)
{
	const char	*x;
	int		 w, h;

	if (parse_leading(s, SIZE_MIN_W, SIZE_MAX_PX, &x, &w) != 0 ||
	    *x != 'x' || parse_whole(x + 1, SIZE_MIN_H, SIZE_MAX_PX, &h) != 0)
		return (-1);
	o->width = w;
	o->height = h;
	return (0);
}

static int
check_size(const char *value)
{
	struct plot_opts	 o;

	if (parse_size(value, &o) == 0)
		return (0);
	log_error("bad --size '%s': want WIDTHxHEIGHT from %dx%d to %dx%d "
	    "(e.g. 1200x800; characters with --term)", value, SIZE_MIN_W,
	    SIZE_MIN_H, SIZE_MAX_PX, SIZE_MAX_PX);
	return (-1);
}

static void	plot_options(const struct cmd_args *, struct plot_opts *);

/*
 * The options together, before the database opens: --term or a file,
 * the file's format, the size, --post's count; "--term sixel" (the
 * value must follow '=') is named as such rather than as an account.
 */
static enum cmd_retval
cmd_plot_check(const struct cmd_args *args)
{
	struct plot_opts	 o;
	size_t			 i, posts = 0;

	memset(&o, 0, sizeof o);
	for (i = 0; i < args->nopts; i++)
		posts += args->opts[i].id == OPT_POST;
	if (posts > PLOT_MAX_LINES) {
		log_error("at most %d --post options", PLOT_MAX_LINES);
		return (CMD_USAGE);
	}
	plot_options(args, &o);
	for (i = 1; o.term != 0 && i < (size_t)args->argc; i++)
		if (strcmp(args->argv[i], "dumb") == 0 ||
		    strcmp(args->argv[i], "sixel") == 0) {
			log_error("'%s' is no account: write --term=%s",
			    args->argv[i], args->argv[i]);
			return (CMD_USAGE);
		}
	if (o.term != 0 && o.output != NULL) {
		log_error("--term draws in the terminal: leave out -o");
		return (CMD_USAGE);
	}
	if (o.output != NULL && plot_format_of(o.output) < 0) {
		log_error("%s: say the format with the extension: .png, .svg "
		    "or .pdf", o.output);
		return (CMD_USAGE);
	}
	/* Smaller, and the titles and tics would overlap. */
	if (o.term != PLOT_DUMB && o.width > 0 && (o.width < SIZE_MIN_PX_W ||
	    o.height < SIZE_MIN_PX_H)) {
		log_error("--size %dx%d is too small for a chart: at least "
		    "%dx%d", o.width, o.height, SIZE_MIN_PX_W, SIZE_MIN_PX_H);
		return (CMD_USAGE);
	}
	return (analysis_check(args));
}

/* The chart's options, checked already by the dispatcher. */
static void
plot_options(const struct cmd_args *args, struct plot_opts *o)
{
	const struct cmd_arg	*a;
	size_t			 i;

	for (i = 0; i < args->nopts; i++) {
		a = &args->opts[i];
		switch (a->id) {
		case OPT_OUTPUT:
			o->output = a->value;
			break;
		case OPT_SIZE:
			parse_size(a->value, o);
			break;
		case OPT_TERM:
			o->term = a->value != NULL &&
			    strcmp(a->value, "sixel") == 0 ? PLOT_SIXEL :
			    PLOT_DUMB;
			break;
		case OPT_TOP:
			o->top = (int)a->number;
			break;
		case OPT_POST:
			o->posts[o->nposts++] = a->value;
			break;
		}
	}
}

/* The chart named by the first argument (the dispatcher checked it). */
static const struct chart_kind *
chart_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < NCHARTS; i++)
		if (strcmp(name, charts[i].name) == 0)
			return (&charts[i]);
	return (NULL);
}

/*
 * Terminal size from the environment, for --term: COLUMNS and LINES that
 * are unset, not whole numbers or too small for a chart mean the usual
 * terminal.
 */
static void
terminal_size(int *w, int *h)
{
	const char	*c = getenv("COLUMNS"), *l = getenv("LINES");

	if (c == NULL || parse_whole(c, 40, SIZE_MAX_PX, w) != 0)
		*w = 100;
	if (l == NULL || parse_whole(l, 15, SIZE_MAX_PX, h) != 0)
		*h = 40;
	else
		*h -= 2;	/* the prompt's line, and the command's */
}

/*
 * TIDELINE_PLOT_TIMEOUT, the seconds gnuplot may take, when set (empty
 * is unset). A value that is not one is refused rather than ignored: a
 * timeout asked for and silently not applied would surprise.
 */
static int
plot_timeout(struct plot *p)
{
	const char	*v = getenv("TIDELINE_PLOT_TIMEOUT");

	if (v == NULL || *v == '\0')
		return (0);
	if (parse_whole(v, 1, TIMEOUT_MAX, &p->timeout) != 0) {
		log_error("bad TIDELINE_PLOT_TIMEOUT '%s': whole seconds from "
		    "1 to %d", v, TIMEOUT_MAX);
		return (-1);
	}
	return (0);
}

/* The output file and its format; -1 on a bad name. */
static int
output_format(const struct chart_kind *c, struct plot_opts *o,
    const struct analysis_ctx *a, char **defname)
{
	char	 date[TIME_DATE_SIZE];
	int	 format;

	if (o->term != 0)
		return (o->term);
	if (o->output == NULL) {
		time_format_local_date(a->opts.as_of, date);
		*defname = xasprintf("tideline-%s-%s.png", c->name, date);
		o->output = *defname;
	}
	if ((format = plot_format_of(o->output)) < 0)
		log_error("%s: say the format with the extension: .png, .svg "
		    "or .pdf", o->output);
	return (format);
}

/*
 * The format and size: the chart's own, the terminal's for --term, or
 * --size's; -1 on a bad file name or size.
 */
static int
setup(struct plot *p, const struct chart_kind *c, struct plot_opts *o,
    const struct analysis_ctx *a, char **defname)
{
	int	 format, w = c->width, h = c->height;

	if ((format = output_format(c, o, a, defname)) < 0)
		return (-1);
	if (format == PLOT_DUMB)
		terminal_size(&w, &h);
	if (o->width > 0) {
		w = o->width;
		h = o->height;
	}
	plot_init(p, c->name, (enum plot_format)format, w, h);
	return (0);
}

/* Draw the plot: the exit code, after saying what went wrong. */
static enum cmd_retval
draw(struct plot *p, const struct plot_opts *o)
{
	char		*cause = NULL;
	enum cmd_retval	 rc = CMD_ERROR;
	int		 status;

	/* For whoever works on a template: keep the script and data. */
	p->keep = getenv("TIDELINE_PLOT_KEEP") != NULL;
	status = plot_render(p, o->term != 0 ? NULL : o->output, &cause);
	if (p->kept != NULL)
		log_notice("kept %s", p->kept);
	switch (status) {
	case PLOT_OK:
		if (o->term == 0)
			printf("wrote %s\n", o->output);
		rc = CMD_OK;
		break;
	case PLOT_NO_GNUPLOT:
		log_error("%s", cause);
		rc = CMD_MISSING;
		break;
	case PLOT_FAILED:
		log_error("%s", cause);
		break;
	}
	free(cause);
	return (rc);
}

static enum cmd_retval
cmd_plot_run(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	const struct chart_kind	*c;
	struct plot_opts	 o = { .top = TOP_POSTS };
	struct analysis_ctx	 a;
	struct gathered		 g = { NULL, 0 };
	struct chart_frame	 f;
	struct plot		 p;
	char			*defname = NULL;
	enum cmd_retval		 rc = CMD_USAGE;
	int			 r;

	memset(&p, 0, sizeof p);
	if ((c = chart_find(args->argv[0])) == NULL)
		goto done;
	plot_options(args, &o);
	/* The chart is not an account: the accounts come after it. */
	rc = analysis_start(ctx, args, 1, &a);
	if (rc != CMD_OK)
		goto out;
	rc = CMD_USAGE;
	if (setup(&p, c, &o, &a, &defname) != 0)
		goto out;
	rc = CMD_ERROR;
	if (plot_timeout(&p) != 0)
		goto out;
	memset(&f, 0, sizeof f);
	f.title = c->title;
	f.from = a.opts.since;
	f.to = a.opts.until;
	f.as_of = a.opts.as_of;
	if ((r = c->gather(&a, c, &p, &o, &f, &g)) > 0)
		log_error("nothing to draw: no %s data for the accounts "
		    "picked", c->name);
	if (r == 0)
		rc = draw(&p, &o);
out:
	analysis_end(&a);
done:
	free(defname);
	plot_free(&p);
	gathered_free(&g);
	return (rc);
}
