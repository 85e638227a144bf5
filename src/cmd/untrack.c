/* Stop tracking accounts; their history stays in the database. */
#include <stdio.h>

#include "cmd/cmd.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/xmalloc.h"

static enum cmd_retval	cmd_untrack_run(struct cmd_ctx *,
			    const struct cmd_args *);

const struct cmd_entry cmd_untrack_entry = {
	.name = "untrack",
	.usage = "ACCOUNT...",
	.summary = "stop fetching accounts (their data is kept)",
	.help =
	    "The accounts are marked inactive: snapshot skips them, and\n"
	    "their history stays for the analysis. 'tideline track' makes\n"
	    "them active again.\n",
	.min_args = 1,
	.max_args = -1,
	.args_needed = "an account",
	.flags = CMD_NEEDS_DB | CMD_ACCOUNTS,
	.run = cmd_untrack_run,
};

static int
untrack_one(struct store *store, const struct platform *p, const char *handle,
    void *arg, struct buf *done, char **cause)
{
	int	 found;

	if ((found = store_account_untrack(store, p, handle, cause)) < 0)
		return (-1);
	if (found == 0) {
		*cause = xasprintf("no account '%s:%s' in the database",
		    p->name, handle);
		return (-1);
	}
	buf_printf(done, "untracked %s:%s (its data is kept)\n", p->name,
	    handle);
	return (0);
}

static enum cmd_retval
cmd_untrack_run(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	return (cmd_each_account(ctx, args->argv, args->argc, untrack_one,
	    NULL));
}
