/* Helpers shared by the subcommands: option and format parsing. */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>
#include <string.h>

#include "cmd/cmd.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "util/log.h"
#include "util/xmalloc.h"

int
cmd_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts)
{
	char	 spec[64];
	int	 c;

	/* A leading '+' (stop at the first argument) must stay first. */
	if (shortopts[0] == '+')
		snprintf(spec, sizeof spec, "+:%s", shortopts + 1);
	else
		snprintf(spec, sizeof spec, ":%s", shortopts);
	opterr = 0;
	c = getopt_long(argc, argv, spec, longopts, NULL);
	if (c == '?') {
		if (optopt != 0)
			log_error("unknown option '-%c'", optopt);
		else
			log_error("unknown option '%s'", argv[optind - 1]);
	} else if (c == ':') {
		log_error("option '%s' needs a value", argv[optind - 1]);
		c = '?';
	}
	return (c);
}

int
cmd_open_store(struct cmd_ctx *ctx)
{
	enum store_open_mode	 mode;
	char			*cause = NULL;

	if (ctx->store != NULL)
		return (0);
	if (ctx->db_path == NULL &&
	    (ctx->db_path = store_default_path(ctx->db_flag, &cause)) == NULL)
		goto fail;
	mode = (ctx->flags & CMD_CREATES_DB) ? STORE_OPEN_CREATE :
	    (ctx->flags & CMD_READS_DB) ? STORE_OPEN_READONLY :
	    STORE_OPEN_EXISTING;
	if (store_open(ctx->db_path, mode, &ctx->store, &cause) != 0)
		goto fail;
	if (store_notice(ctx->store) != NULL)
		log_notice("%s", store_notice(ctx->store));
	log_info("database %s", ctx->db_path);
	return (0);
fail:
	log_error("%s", cause);
	free(cause);
	return (-1);
}

/*
 * Parse one account name and hand it to fn, unless an earlier name was
 * the same account (x:a and twitter:A); -1 with *cause on failure.
 */
static int
apply_to_account(struct store *store, const char *spec, cmd_account_fn fn,
    void *arg, struct buf *done, struct buf *seen, char **cause)
{
	const struct platform	*p;
	char			*handle = NULL, *name;
	int			 rc = 0;

	if (account_spec_parse(spec, &p, &handle, cause) != 0)
		return (-1);
	name = xasprintf("\n%s:%s\n", p->name, handle);
	if (strstr(seen->data, name) == NULL) {
		buf_adds(seen, name + 1);
		rc = fn(store, p, handle, arg, done, cause);
	}
	free(name);
	free(handle);
	return (rc);
}

enum cmd_retval
cmd_each_account(struct cmd_ctx *ctx, char **specs, int n, cmd_account_fn fn,
    void *arg)
{
	struct buf	 done = BUF_INIT, seen = BUF_INIT;
	char		*cause = NULL;
	int		 i, rc = CMD_ERROR;

	buf_addc(&seen, '\n');
	if (store_begin(ctx->store, &cause) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (apply_to_account(ctx->store, specs[i], fn, arg, &done,
		    &seen, &cause) != 0) {
			store_rollback(ctx->store);
			goto out;
		}
	}
	if (store_commit(ctx->store, &cause) != 0)
		goto out;
	fputs(done.data, stdout);
	rc = CMD_OK;
out:
	if (cause != NULL)
		log_error("%s", cause);
	free(cause);
	buf_release(&done);
	buf_release(&seen);
	return (rc);
}

json_t *
cmd_json_time(int64_t t)
{
	char	 iso[TIME_ISO_SIZE];

	if (t == 0)
		return (json_null());
	time_format(t, iso);
	return (json_string(iso));
}

json_t *
cmd_json_string(const char *s)
{
	return (s != NULL ? json_string(s) : json_null());
}
