/* Create the database, or bring an existing one to the newest schema. */
#include <stdio.h>

#include "cmd/cmd.h"
#include "store/store.h"

static enum cmd_retval	cmd_init_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.usage = "",
	.summary = "create the database, or migrate it to this version",
	.help =
	    "The database is created with its folder (mode 0700) if missing,\n"
	    "and an existing one is brought to the newest schema, each\n"
	    "migration in its own transaction. Other commands that write do\n"
	    "this by themselves; init only makes it explicit.\n",
	.flags = CMD_CREATES_DB,
	.exec = cmd_init_exec,
};

static enum cmd_retval
cmd_init_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };

	if (cmd_getopt(argc, argv, "", opts) != -1)
		return (CMD_USAGE);
	if (optind != argc) {
		fprintf(stderr, "tideline: init takes no arguments\n");
		return (CMD_USAGE);
	}
	if (cmd_open_store(ctx) != 0)
		return (CMD_ERROR);
	printf("database %s (schema version %d)\n", ctx->db_path,
	    store_schema_version(ctx->store));
	return (CMD_OK);
}
