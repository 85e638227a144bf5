/* Create the database, or bring an existing one to the newest schema. */
#include <stdio.h>

#include "cmd/cmd.h"
#include "store/store.h"

static enum cmd_retval	cmd_init_run(struct cmd_ctx *, const struct cmd_args *);

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
	.run = cmd_init_run,
};

static enum cmd_retval
cmd_init_run(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	printf("database %s (schema version %d)\n", ctx->db_path,
	    store_schema_version(ctx->store));
	return (CMD_OK);
}
