/* Stop tracking accounts; their history stays in the database. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd/cmd.h"
#include "store/store.h"
#include "util/log.h"

static enum cmd_retval	cmd_untrack_exec(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_untrack_entry = {
	.name = "untrack",
	.usage = "ACCOUNT...",
	.summary = "stop fetching accounts (their data is kept)",
	.help =
	    "The accounts are marked inactive: snapshot skips them, and\n"
	    "their history stays for the analysis. 'tideline track' makes\n"
	    "them active again.\n",
	.flags = CMD_NEEDS_DB,
	.exec = cmd_untrack_exec,
};

static int
untrack_one(struct store *store, const char *spec)
{
	enum platform	 p;
	char		*handle = NULL, *cause = NULL;
	int		 found, rc = -1;

	if (account_spec_parse(spec, &p, &handle, &cause) != 0)
		goto out;
	if ((found = store_account_untrack(store, p, handle, &cause)) < 0)
		goto out;
	if (found == 0) {
		cause = NULL;
		log_error("no account '%s:%s' in the database",
		    platform_name(p), handle);
		goto out;
	}
	printf("untracked %s:%s (its data is kept)\n", platform_name(p),
	    handle);
	rc = 0;
out:
	if (cause != NULL)
		log_error("%s", cause);
	free(cause);
	free(handle);
	return (rc);
}

static enum cmd_retval
cmd_untrack_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	char	*cause = NULL;
	int	 i;

	if (cmd_getopt(argc, argv, "", opts) != -1)
		return (CMD_USAGE);
	if (optind == argc) {
		log_error("untrack needs an account");
		return (CMD_USAGE);
	}
	if (cmd_open_store(ctx) != 0)
		return (CMD_ERROR);
	if (store_begin(ctx->store, &cause) != 0)
		goto fail;
	for (i = optind; i < argc; i++) {
		if (untrack_one(ctx->store, argv[i]) != 0) {
			store_rollback(ctx->store);
			return (CMD_ERROR);
		}
	}
	if (store_commit(ctx->store, &cause) != 0)
		goto fail;
	return (CMD_OK);
fail:
	log_error("%s", cause);
	free(cause);
	return (CMD_ERROR);
}
