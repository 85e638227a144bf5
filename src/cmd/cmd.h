/*
 * Subcommands. Each src/cmd/<name>.c exports one 'struct cmd_entry'
 * and keeps everything else static; main.c lists them in cmd_table[].
 * An entry carries its options, usage and help; the dispatcher parses
 * the line, checks it, opens and migrates the database the flags ask
 * for, runs the command, closes the database and checks stdout, so a
 * command only does its own work. Commands print their errors; the
 * layers below return them (a message in *cause) and print nothing.
 */
#ifndef TL_CMD_H
#define TL_CMD_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "platform.h"

struct buf;
struct store;

/* What a command returns; these are tideline's exit codes. */
enum cmd_retval {
	CMD_OK = 0,		/* done */
	CMD_ERROR = 1,		/* failed; nothing half-written */
	CMD_USAGE = 2,		/* the command line was wrong */
	CMD_PARTIAL = 3,	/* some accounts failed; the others are stored */
	CMD_LOCKED = 4,		/* another snapshot or import kept the lock
				   too long */
	CMD_MISSING = 5,	/* a run-time dependency (gnuplot) is missing */
};

#define CMD_NEEDS_DB	0x1	/* open an existing database first */
#define CMD_CREATES_DB	0x2	/* open the database, creating it if needed */
#define CMD_ACCOUNTS	0x4	/* the arguments from accounts_from on are
				   accounts, checked before the database */
#define CMD_READS_DB	0x8	/* open an existing database read-only: no
				   write, no migration; works on read-only
				   storage */
#define CMD_OPENS_DB	(CMD_NEEDS_DB | CMD_CREATES_DB | CMD_READS_DB)

/* Output formats a command may offer. */
enum cmd_format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_CSV,
	FORMAT_MARKDOWN,
};
#define FORMAT_BIT(f)	(1u << (f))

/* What an option's value is; the dispatcher checks it before the run. */
enum cmd_opt_type {
	CMD_OPT_FLAG,		/* no value */
	CMD_OPT_STRING,		/* text, as 'check' allows */
	CMD_OPT_NUMBER,		/* a whole number from min to max */
	CMD_OPT_TIME,		/* ISO 8601 with a zone, or a bare date */
	CMD_OPT_CHOICE,		/* one of 'choices' */
};

/* One option of a command, as the command's table lists it. */
struct cmd_option {
	const char	*name;		/* long name: "format" for --format */
	int		 letter;	/* short name (-f), or 0 */
	int		 id;		/* what the run sees: the letter, or any
					   other value unique in the table */
	enum cmd_opt_type type;
	int		 optional;	/* 1: the value may be left out (with
					   '=' when given: --term=sixel) */
	const char	*value;		/* the value's name in help: "N" */
	long		 min, max;	/* CMD_OPT_NUMBER: the range */
	const char *const *choices;	/* CMD_OPT_CHOICE: NULL-terminated */
	/* CMD_OPT_STRING: 0, or -1 after saying what is wrong; or NULL. */
	int		(*check)(const char *);
	const char	*help;		/* for --help; '\n' starts a line */
};

/* One option as given, its value checked. */
struct cmd_arg {
	int		 id;		/* the option's id */
	const char	*spelled;	/* as typed, for messages: "--top" */
	const char	*value;		/* the text given, or NULL */
	long		 number;	/* CMD_OPT_NUMBER's value */
	int64_t		 time;		/* CMD_OPT_TIME's value, UTC */
};

/* The command line as the dispatcher parsed it for the command. */
struct cmd_args {
	const struct cmd_arg *opts;	/* in the order given; nopts */
	size_t		 nopts;
	enum cmd_format	 format;	/* --format, else the entry's default */
	char		**argv;		/* the other arguments, in order */
	int		 argc;
};

struct cmd_ctx {
	struct store	*store;		/* open database, or NULL */
	const char	*db_flag;	/* --db, or NULL */
	char		*db_path;	/* where the database is, once opened */
	int		 flags;		/* the entry's CMD_* flags */
	enum cmd_format	 format;	/* --format, else the default */
};

/*
 * A command. The dispatcher (main.c) parses its options with the global
 * ones (--db, -v, --help) anywhere on the line, checks their values and
 * the number of other arguments, calls 'check', opens the database the
 * flags ask for, then runs it; so a usage error never creates or
 * changes a database, and help comes from the same table as parsing.
 */
struct cmd_entry {
	const char	*name;		/* as typed: 'tideline NAME' */
	const char	*usage;		/* synopsis after the name */
	const char	*summary;	/* one line for 'tideline help' */
	const char	*help;		/* details before the options, or NULL */
	const struct cmd_option *options; /* ending in a zero entry, or NULL */
	unsigned	 formats;	/* --format's values (FORMAT_BIT), or 0:
					   no --format */
	enum cmd_format	 default_format; /* without --format (0: text) */
	int		 min_args;	/* other arguments at least ... */
	int		 max_args;	/* ... and at most (-1: any number) */
	const char	*args_needed;	/* "an account": says what is missing */
	const char *const *words;	/* the first argument is one of these,
					   or NULL for any; NULL-terminated */
	const char	*word_name;	/* what they are: "kind", "chart" */
	int		 accounts_from;	/* with CMD_ACCOUNTS: the first one */
	/* Help that depends on more than the table (or NULL). */
	void		(*more_help)(FILE *);
	/*
	 * Checks before the database opens: CMD_OK, or the code to exit
	 * with after saying why (a file that cannot be read: CMD_ERROR).
	 */
	enum cmd_retval	(*check)(const struct cmd_args *);
	int		 flags;		/* CMD_NEEDS_DB, CMD_CREATES_DB,
					   CMD_READS_DB */
	enum cmd_retval	(*run)(struct cmd_ctx *, const struct cmd_args *);
};

extern const struct cmd_entry cmd_accounts_entry;
extern const struct cmd_entry cmd_audience_entry;
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
 * Open the database the way the entry's flags ask (the dispatcher does,
 * once the line is checked). Return 0, or -1 after saying why.
 */
int	 cmd_open_store(struct cmd_ctx *);

/*
 * Apply fn to every account named in 'specs', in one transaction: a bad name or a failure among several changes nothing.
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
 * value is reported in one line and returned as '?'. For main's own
 * options, before the command name.
 */
int	 cmd_getopt(int, char **, const char *, const struct option *);

/* JSON values for output: a time (null when 0) and a string or null. */
struct json_t;
struct json_t	*cmd_json_time(int64_t);
struct json_t	*cmd_json_string(const char *);

/*
 * Parse --format's value against the formats this command allows (a
 * bit per enum cmd_format); -1 after saying what is allowed.
 */
int	 cmd_parse_format(const char *, unsigned, enum cmd_format *);

/*
 * Parse the command line for entry e (argv[0] is the command's name) into
 * *args, whose arrays the caller frees with cmd_args_release. Returns 0,
 * 1 when --help was asked for, or -1 after saying what is wrong. Global
 * options set *db_flag and log_verbose wherever they stand.
 */
int	 cmd_args_parse(const struct cmd_entry *, int, char **,
	    struct cmd_args *, const char **);
/*
 * With CMD_ACCOUNTS, that every argument from the entry's accounts_from
 * on names an account: 0, or -1 after saying which does not.
 */
int	 cmd_check_accounts(const struct cmd_entry *, const struct cmd_args *);
/* Take --db's value into *db_flag: 0, or -1 after saying it is no path. */
int	 cmd_check_db_flag(const char *, const char **);
void	 cmd_args_release(struct cmd_args *);
/* Write the command's usage line(s), wrapped at 80 columns. */
void	 cmd_print_usage(FILE *, const struct cmd_entry *);
/* Write the command's help: usage, summary, details, options. */
void	 cmd_print_help(FILE *, const struct cmd_entry *);

#endif
