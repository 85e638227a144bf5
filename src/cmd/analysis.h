/*
 * What the analysis commands (bursts, and decay, topics and report as
 * they come) share: their options and the accounts they look at.
 */
#ifndef TL_CMD_ANALYSIS_H
#define TL_CMD_ANALYSIS_H

#include <stdint.h>

#include "cmd/cmd.h"

#include "store/store.h"

struct follower_point;

struct analysis_opts {
	int64_t		 since;		/* --since, or 0 */
	int64_t		 until;		/* --until (end of that day), or as_of */
	int64_t		 as_of;		/* --as-of, or now */
	const char	*tz;		/* --tz, or NULL */
	int		 since_day;	/* --since, --until were dates: the */
	int		 until_day;	/* owner's days, not UTC's */
	int64_t		 until_asked;	/* --until before as_of cut it */
	enum cmd_format	 format;
	char		**names;	/* ACCOUNT arguments */
	int		 nnames;
};

/* The options every analysis command has, for its option table. */
enum {
	ANALYSIS_OPT_SINCE = 0x100,
	ANALYSIS_OPT_UNTIL,
	ANALYSIS_OPT_AS_OF,
	ANALYSIS_OPT_TZ,
};
/* --tz: a zone the database knows, or UTC (says why not). */
int	 analysis_tz_check(const char *);
#define ANALYSIS_OPTIONS \
	{ .name = "since", .id = ANALYSIS_OPT_SINCE, .type = CMD_OPT_TIME, \
	  .value = "DATE", .help = "only data from this day on" }, \
	{ .name = "until", .id = ANALYSIS_OPT_UNTIL, .type = CMD_OPT_TIME, \
	  .value = "DATE", .help = "only data up to the end of this day" }, \
	{ .name = "as-of", .id = ANALYSIS_OPT_AS_OF, .type = CMD_OPT_TIME, \
	  .value = "TIME", .help = "analyse as if it were this time " \
	  "(default:\nnow), for reproducible results" }, \
	{ .name = "tz", .id = ANALYSIS_OPT_TZ, .type = CMD_OPT_STRING, \
	  .value = "ZONE", .check = analysis_tz_check, \
	  .help = "count days and hours in this time zone\n" \
	  "(Europe/Paris; default: the config file's tz,\n" \
	  "else TZ, else UTC)" }

/*
 * The common options from the command line: --since, --until (a date:
 * the end of that day; never past --as-of), --as-of (default: now), the
 * format, and the ACCOUNT arguments (args->argv from 'first' on).
 */
void	 analysis_opts_from(const struct cmd_args *, enum cmd_format, int,
	    struct analysis_opts *);
/* The entry's check: --since is not after --until. */
enum cmd_retval	 analysis_check(const struct cmd_args *);
/* analysis_check, and a warning on stderr for an --as-of in the future. */
enum cmd_retval	 analysis_check_as_of(const struct cmd_args *);
/* analysis_check_as_of, refusing --since and --until (exit 2). */
enum cmd_retval	 analysis_check_no_window(const struct cmd_args *);
/*
 * The accounts to analyse: those named, or every account with data.
 * Marks them in picked[] (n entries); -1 when a name is unknown.
 */
int	 analysis_pick(const struct analysis_opts *,
	    const struct account_summary *, size_t, int *);

/* One analysis command's run: the store, its accounts, a group's posts. */
struct analysis_ctx {
	struct analysis_opts	 opts;
	struct store		*store;
	struct account_summary	*list;		/* every account */
	size_t			 n;
	int			*picked;	/* the ones to analyse */
	const char		**names;	/* "platform:handle" of each */
	char			*group;		/* the group loaded, or NULL */
	struct store_group_posts posts;		/* its posts; each post's
						   'account' indexes list */
	double			*credits;	/* followers each of them
						   brought, or NULL until
						   asked for */
	int			 local;		/* days are not UTC days */
	char			*zone_name;	/* their zone, "UTC" for UTC */
	struct zone_days {			/* each UTC day's offset */
		int64_t		 first;		/* the day of [0] */
		size_t		 n;
		int32_t		*start, *end;	/* at 00:00 and 23:59:59;
						   INT32_MIN: not yet */
	}			 zone;
};

/*
 * Take the options (the accounts from argument 'first' on), the store,
 * the accounts picked. Returns CMD_OK, or the code to return after the
 * message was printed.
 */
enum cmd_retval	 analysis_start(struct cmd_ctx *, const struct cmd_args *,
		    int, struct analysis_ctx *);
void		 analysis_end(struct analysis_ctx *);
/* Load the posts of account k's group, unless they are loaded. */
int		 analysis_load_group(struct analysis_ctx *, size_t);
/* Account k's follower series (a new array); -1 on error. */
int		 analysis_series(struct analysis_ctx *, size_t,
		    struct follower_point **, size_t *);
/*
 * Each point's time zone offset east of UTC (a new array), or NULL when
 * days are UTC days.
 */
int32_t		*analysis_offsets(struct analysis_ctx *,
		    const struct follower_point *, size_t);
/* The owner's offset east of UTC at a time (0 when days are UTC's). */
int32_t		 analysis_offset_at(struct analysis_ctx *, int64_t);
/*
 * The followers each post of account k's group brought: every burst of
 * the group's accounts, its excess split by the attribution shares.
 * Computed once per group; NULL on error.
 */
const double	*analysis_credits(struct analysis_ctx *, size_t);

/* How a per-account analysis command prints its results. */
struct json_t;
struct analysis_table {
	const char	*csv_header;	/* first line of --format csv */
	const char	*text_header;	/* first line of text, or NULL */
	int		 skip_feeds;	/* feeds have no counts to analyse */
	/* Print account k's results (JSON: into the array); -1 on error. */
	int		(*out)(struct analysis_ctx *, size_t, struct json_t *);
};

/*
 * The whole of a per-account analysis command (bursts, decay, topics):
 * options, store, the accounts, their results in text, CSV or a JSON
 * array.
 */
enum cmd_retval	 analysis_run(struct cmd_ctx *, const struct cmd_args *,
		    const struct analysis_table *);

#define ANALYSIS_USAGE	"[ACCOUNT...] [--since DATE] [--until DATE] " \
			"[--as-of TIME] [--tz ZONE]"

#endif
