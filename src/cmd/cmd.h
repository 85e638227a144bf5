/*
 * Subcommands. Each src/cmd/<name>.c exports one 'struct cmd_entry'
 * and keeps everything else static; main.c lists them in cmd_table[].
 * The dispatcher does the shared setup the entry's flags ask for
 * (opening and migrating the database when the command has parsed its
 * arguments and calls cmd_open_store, closing it and checking stdout
 * afterwards), so a command only does its own work.
 */
#ifndef TL_CMD_H
#define TL_CMD_H

#include <getopt.h>
#include <stdint.h>

#include "platform.h"

struct buf;
struct store;

/* What a command returns; these are tideline's exit codes. */
enum cmd_retval {
	CMD_OK = 0,		/* done */
	CMD_ERROR = 1,		/* failed; nothing half-written */
	CMD_USAGE = 2,		/* the command line was wrong */
	CMD_PARTIAL = 3,	/* some accounts failed; the others are stored */
	CMD_LOCKED = 4,		/* another snapshot kept the lock too long */
	CMD_MISSING = 5,	/* a run-time dependency (gnuplot) is missing */
};

#define CMD_NEEDS_DB	0x1	/* open an existing database first */
#define CMD_CREATES_DB	0x2	/* open the database, creating it if needed */

struct cmd_ctx {
	struct store	*store;		/* open database, or NULL */
	const char	*db_flag;	/* --db, or NULL */
	char		*db_path;	/* where the database is, once opened */
	int		 flags;		/* the entry's CMD_* flags */
};

struct cmd_entry {
	const char	*name;		/* as typed: 'tideline NAME' */
	const char	*usage;		/* synopsis after the name */
	const char	*summary;	/* one line for 'tideline help' */
	const char	*help;		/* options and details, or NULL */
	int		 flags;		/* CMD_NEEDS_DB, CMD_CREATES_DB */
	enum cmd_retval	(*exec)(struct cmd_ctx *, int, char **);
};

extern const struct cmd_entry cmd_accounts_entry;
extern const struct cmd_entry cmd_bursts_entry;
extern const struct cmd_entry cmd_decay_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_plot_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_snapshot_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_topics_entry;
extern const struct cmd_entry cmd_track_entry;
extern const struct cmd_entry cmd_untrack_entry;

/*
 * Open the database the way the entry's flags ask, once the command has
 * checked its arguments (so a usage error never creates a database).
 * Return 0, or -1 after saying why.
 */
int	 cmd_open_store(struct cmd_ctx *);

/*
 * Open the store and apply fn to every account named in 'specs', in one
 * transaction: a bad name or a failure among several changes nothing.
 * fn gets the parsed account, adds what it did to the buffer (printed
 * once the transaction commits) and returns 0, or -1 with *cause set.
 */
typedef int (*cmd_account_fn)(struct store *,
    const struct platform *, const char *,
    void *, struct buf *, char **);
enum cmd_retval	 cmd_each_account(struct cmd_ctx *, char **, int,
		    cmd_account_fn, void *);

/*
 * getopt_long with tideline's messages: an unknown option or a missing
 * value is reported in one line and returned as '?'.
 */
int	 cmd_getopt(int, char **, const char *, const struct option *);

/* JSON values for output: a time (null when 0) and a string or null. */
struct json_t;
struct json_t	*cmd_json_time(int64_t);
struct json_t	*cmd_json_string(const char *);

/* Output formats a command may offer. */
enum cmd_format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_CSV,
	FORMAT_MARKDOWN,
};

/*
 * Parse --format's value against the formats this command allows (a
 * bit per enum cmd_format); -1 after saying what is allowed.
 */
int	 cmd_parse_format(const char *, unsigned, enum cmd_format *);
#define FORMAT_BIT(f)	(1u << (f))

#endif
