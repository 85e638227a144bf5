/*
 * What the analysis commands (bursts, and decay, topics and report as
 * they come) share: their options and the accounts they look at.
 */
#ifndef TL_CMD_ANALYSIS_H
#define TL_CMD_ANALYSIS_H

#include <stdint.h>

#include "cmd/cmd.h"

struct account_summary;

struct analysis_opts {
	int64_t		 since;		/* --since, or 0 */
	int64_t		 until;		/* --until (end of that day), or as_of */
	int64_t		 as_of;		/* --as-of, or now */
	enum cmd_format	 format;
	char		**names;	/* ACCOUNT arguments */
	int		 nnames;
};

/*
 * Parse [ACCOUNT...] --since DATE --until DATE --as-of TIME --format F
 * (the formats allowed as bits); -1 after saying what is wrong.
 */
int	 analysis_parse(int, char **, unsigned, struct analysis_opts *);
/*
 * The accounts to analyse: those named, or every account with data.
 * Marks them in picked[] (n entries); -1 when a name is unknown.
 */
int	 analysis_pick(const struct analysis_opts *,
	    const struct account_summary *, size_t, int *);

#define ANALYSIS_USAGE	"[ACCOUNT...] [--since DATE] [--until DATE] " \
			"[--as-of TIME]"
#define ANALYSIS_HELP \
	"  --since DATE         only data from this day on\n" \
	"  --until DATE         only data up to the end of this day\n" \
	"  --as-of TIME         analyse as if it were this time (default:\n" \
	"                       now), for reproducible results\n"

#endif
