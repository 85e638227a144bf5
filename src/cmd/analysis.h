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
	enum cmd_format	 format;
	char		**names;	/* ACCOUNT arguments */
	int		 nnames;
};

/*
 * A command's options beyond the common ones: take() is called with each
 * one's letter and value and returns 0, or -1 after saying what is wrong.
 */
struct option;
struct analysis_extra {
	const char		*shortopts;	/* as getopt's, e.g. "o:" */
	const struct option	*opts;		/* ending in a zero entry */
	int			(*take)(void *, int, const char *);
	void			*arg;
};

/*
 * Parse [ACCOUNT...] --since DATE --until DATE --as-of TIME --format F
 * (the formats allowed as bits) and the extra options (or NULL); -1
 * after saying what is wrong.
 */
int	 analysis_parse(int, char **, unsigned, const struct analysis_extra *,
	    struct analysis_opts *);
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
};

/*
 * Parse the options, open the store, pick the accounts. Returns CMD_OK,
 * or the code to return after the message was printed.
 */
enum cmd_retval	 analysis_start(struct cmd_ctx *, int, char **, unsigned,
		    const struct analysis_extra *, struct analysis_ctx *);
void		 analysis_end(struct analysis_ctx *);
/* Load the posts of account k's group, unless they are loaded. */
int		 analysis_load_group(struct analysis_ctx *, size_t);
/* Account k's follower series (a new array); -1 on error. */
int		 analysis_series(struct analysis_ctx *, size_t,
		    struct follower_point **, size_t *);
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
enum cmd_retval	 analysis_run(struct cmd_ctx *, int, char **,
		    const struct analysis_table *);

#define ANALYSIS_USAGE	"[ACCOUNT...] [--since DATE] [--until DATE] " \
			"[--as-of TIME]"
#define ANALYSIS_HELP \
	"  --since DATE         only data from this day on\n" \
	"  --until DATE         only data up to the end of this day\n" \
	"  --as-of TIME         analyse as if it were this time (default:\n" \
	"                       now), for reproducible results\n"

#endif
