/* tideline: audience-growth analytics for creators. The dispatcher. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "platform.h"
#include "store/store.h"
#include "util/log.h"
#include "version.h"

/* Every command, sorted by name. */
static const struct cmd_entry *const cmd_table[] = {
	&cmd_accounts_entry,
	&cmd_audience_entry,
	&cmd_bursts_entry,
	&cmd_decay_entry,
	&cmd_export_entry,
	&cmd_import_entry,
	&cmd_init_entry,
	&cmd_plot_entry,
	&cmd_report_entry,
	&cmd_snapshot_entry,
	&cmd_status_entry,
	&cmd_topics_entry,
	&cmd_track_entry,
	&cmd_untrack_entry,
};
#define CMD_COUNT (sizeof cmd_table / sizeof cmd_table[0])

static const char *const global_usage =
    "usage: tideline [--db PATH] [-v] COMMAND [ARGS...]";

static void
print_overview(FILE *f)
{
	size_t	 i;

	fprintf(f, "%s\n\nAudience growth across platforms (", global_usage);
	for (i = 0; platform_table[i] != NULL; i++)
		fprintf(f, "%s%s", i == 0 ? "" : ", ",
		    platform_table[i]->title);
	fputs(").\n\ncommands:\n", f);
	for (i = 0; i < CMD_COUNT; i++)
		fprintf(f, "  %-10s %s\n", cmd_table[i]->name,
		    cmd_table[i]->summary);
	fputs("  help       show this, or a command's options\n\n"
	    "global options:\n"
	    "  --db PATH      the database (default: $TIDELINE_DB, else\n"
	    "                 $XDG_DATA_HOME/tideline/tideline.db, else\n"
	    "                 ~/.local/share/tideline/tideline.db)\n"
	    "  -v, --verbose  say what is being done\n"
	    "  --version      print the version\n\n"
	    "Accounts are written PLATFORM:HANDLE, e.g.\n", f);
	for (i = 0; platform_table[i] != NULL; i++)
		fprintf(f, "  %s\n", platform_table[i]->example);
	fputs("Run 'tideline help COMMAND' for a command's options.\n", f);
}

static const struct cmd_entry *
find_command(const char *name)
{
	size_t	 i;

	for (i = 0; i < CMD_COUNT; i++) {
		if (strcmp(cmd_table[i]->name, name) == 0)
			return (cmd_table[i]);
	}
	return (NULL);
}

/* 'tideline help [COMMAND]'. */
static int
run_help(int argc, char **argv)
{
	const struct cmd_entry	*e;

	if (argc < 2) {
		print_overview(stdout);
		return (CMD_OK);
	}
	if (argc > 2) {
		log_error("help takes one command name, not '%s'", argv[2]);
		fprintf(stderr, "usage: tideline help [COMMAND]\n");
		return (CMD_USAGE);
	}
	if ((e = find_command(argv[1])) == NULL) {
		log_error("unknown command '%s'", argv[1]);
		fprintf(stderr, "%s\n", global_usage);
		return (CMD_USAGE);
	}
	cmd_print_help(stdout, e);
	return (CMD_OK);
}

/*
 * Run a command: parse its line, check it, open the database its flags
 * ask for, run it, close the database.
 */
static int
run_command(const struct cmd_entry *e, const char *db_flag, int argc,
    char **argv)
{
	struct cmd_args	 args;
	struct cmd_ctx	 ctx;
	int		 rc;

	memset(&ctx, 0, sizeof ctx);
	ctx.db_flag = db_flag;
	ctx.flags = e->flags;
	switch (cmd_args_parse(e, argc, argv, &args, &ctx.db_flag)) {
	case 1:
		cmd_print_help(stdout, e);
		rc = CMD_OK;
		goto out;
	case 0:
		break;
	default:
		rc = CMD_USAGE;
		goto out;
	}
	ctx.format = args.format;
	rc = e->check != NULL ? e->check(&args) : CMD_OK;
	if (rc == CMD_OK && cmd_check_accounts(e, &args) != 0)
		rc = CMD_USAGE;
	if (rc != CMD_OK)
		goto out;
	if ((e->flags & CMD_OPENS_DB) != 0 && cmd_open_store(&ctx) != 0)
		rc = CMD_ERROR;
	else
		rc = e->run(&ctx, &args);
out:
	if (rc == CMD_USAGE)
		cmd_print_usage(stderr, e);
	cmd_args_release(&args);
	store_free(ctx.store);
	free(ctx.db_path);
	return (rc);
}

/* Report a failed write to stdout (a full disk, a closed pipe). */
static int
check_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			log_error("cannot write output: %s", strerror(errno));
		return (rc == CMD_OK ? CMD_ERROR : rc);
	}
	return (rc);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*e;
	const char		*db_flag = NULL;
	int			 c, rc;

	while ((c = cmd_getopt(argc, argv, "+hv", opts)) != -1) {
		switch (c) {
		case 'd':
			if (cmd_check_db_flag(optarg, &db_flag) != 0) {
				fprintf(stderr, "%s\n", global_usage);
				return (CMD_USAGE);
			}
			break;
		case 'h':
			print_overview(stdout);
			return (check_stdout(CMD_OK));
		case 'v':
			log_verbose = 1;
			break;
		case 'V':
			printf("tideline %s\n", TIDELINE_VERSION);
			return (check_stdout(CMD_OK));
		default:
			fprintf(stderr, "%s\n", global_usage);
			return (CMD_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		log_error("no command given");
		fprintf(stderr, "%s\n", global_usage);
		return (CMD_USAGE);
	}
	if (strcmp(argv[0], "help") == 0)
		return (check_stdout(run_help(argc, argv)));
	if ((e = find_command(argv[0])) == NULL) {
		log_error("unknown command '%s'", argv[0]);
		fprintf(stderr, "%s\n", global_usage);
		return (CMD_USAGE);
	}
	rc = run_command(e, db_flag, argc, argv);
	return (check_stdout(rc));
}
