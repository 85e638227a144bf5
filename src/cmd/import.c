/*
 * Import follower counts, posts or post metrics from CSV: the backfill
 * path. A file is read and checked whole into a stage first, holding no
 * lock; then, under the lock snapshots take, it is written in one short
 * transaction. One bad row refuses the whole file, with FILE:LINE and
 * what is wrong, and nothing of it is written. Re-importing a file
 * changes nothing (upserts on natural keys).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/import.h"
#include "store/stage.h"
#include "store/store.h"
#include "util/lock.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

static enum cmd_retval	cmd_import_run(struct cmd_ctx *,
			    const struct cmd_args *);
static enum cmd_retval	cmd_import_check(const struct cmd_args *);

enum { OPT_DRY_RUN = 'n', OPT_WAIT = 1 };

static const struct cmd_option options[] = {
	{ .name = "dry-run", .letter = 'n', .id = OPT_DRY_RUN,
	  .type = CMD_OPT_FLAG, .help = "check the file, write nothing" },
	{ .name = "wait", .id = OPT_WAIT, .type = CMD_OPT_NUMBER, .min = 0,
	  .max = 100000, .value = "SEC",
	  .help = "wait this long for a snapshot's (or another\nimport's) "
	  "lock once the file is read\n(default 60)" },
	{ .name = NULL }
};

/* What the command line asks for. */
struct import_opts {
	int		 dry_run;
	long		 wait_ms;	/* for the lock, and the database */
};

static const char *const kinds[] = { "followers", "posts", "metrics", NULL };

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "followers|posts|metrics FILE|- [--dry-run] [--wait SEC]",
	.summary = "import history from CSV (a file is all or nothing)",
	.help =
	    "files (a header row names the columns; extra columns are "
	    "ignored):\n"
	    "  followers  platform,handle,taken_at,followers\n"
	    "             optional: following,posts,rounded\n"
	    "  posts      platform,handle,post_id,published_at,url,title,tags\n"
	    "             optional: kind (post, reply, quote, article, video,\n"
	    "             short, live, thread), deleted_at (when it was found\n"
	    "             deleted on the platform); tags separated by ';'\n"
	    "  metrics    platform,handle,post_id,taken_at,likes,reposts,\n"
	    "             replies,quotes,views; optional: bookmarks\n"
	    "             (an empty cell means not known)\n\n"
	    "Times are ISO 8601 with Z or an offset, or a bare date (00:00 "
	    "UTC).\nUnknown accounts are created; inactive when the file "
	    "names a host that\nis no public server (loopback, private, a "
	    "local name), until\n'tideline track' makes them active. One bad "
	    "row refuses the whole file\n(FILE:LINE: what is wrong) and "
	    "nothing is written. "
	    "The file is read\nand checked whole first, holding no lock; then "
	    "it is written under\nthe lock snapshots take (exit 4 when "
	    "another run held it for over\n--wait).\n",
	.options = options,
	.min_args = 2,
	.max_args = 2,
	.args_needed = "a kind (followers, posts, metrics) and a file",
	.words = kinds,
	.word_name = "kind",
	.check = cmd_import_check,
	.flags = CMD_CREATES_DB,
	.run = cmd_import_run,
};

static const char *const column_names[COL_COUNT] = {
	[COL_PLATFORM] = "platform",	[COL_HANDLE] = "handle",
	[COL_TAKEN_AT] = "taken_at",	[COL_FOLLOWERS] = "followers",
	[COL_FOLLOWING] = "following",	[COL_POSTS] = "posts",
	[COL_ROUNDED] = "rounded",	[COL_POST_ID] = "post_id",
	[COL_PUBLISHED_AT] = "published_at", [COL_URL] = "url",
	[COL_TITLE] = "title",		[COL_TAGS] = "tags",
	[COL_KIND] = "kind",		[COL_LIKES] = "likes",
	[COL_REPOSTS] = "reposts",	[COL_REPLIES] = "replies",
	[COL_QUOTES] = "quotes",	[COL_VIEWS] = "views",
	[COL_BOOKMARKS] = "bookmarks",	[COL_DELETED_AT] = "deleted_at",
};

const char *
import_column_name(enum import_column c)
{
	return (column_names[c]);
}

static const struct import_kind *const import_kinds[] = {
	&import_followers_kind,
	&import_posts_kind,
	&import_metrics_kind,
};
#define KIND_COUNT (sizeof import_kinds / sizeof import_kinds[0])

static const struct import_kind *
find_kind(const char *name)
{
	size_t	 i;

	for (i = 0; i < KIND_COUNT; i++) {
		if (strcmp(import_kinds[i]->name, name) == 0)
			return (import_kinds[i]);
	}
	return (NULL);
}

/* "platform,handle,..." for messages. */
static void
list_columns(struct buf *b, const enum import_column *cols)
{
	size_t	 i;

	for (i = 0; cols[i] != COL_COUNT; i++)
		buf_printf(b, "%s%s", i ? "," : "", column_names[cols[i]]);
}

static int
has_all(const int *col, const enum import_column *cols)
{
	size_t	 i;

	for (i = 0; cols[i] != COL_COUNT; i++) {
		if (col[cols[i]] < 0)
			return (0);
	}
	return (1);
}

/* Explain a missing column, and name the kind the file looks like. */
static void
missing_column(struct importer *imp, enum import_column missing)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	buf_printf(&b, "missing column '%s' (a %s file has columns ",
	    column_names[missing], imp->kind->name);
	list_columns(&b, imp->kind->required);
	buf_adds(&b, ")");
	for (i = 0; i < KIND_COUNT; i++) {
		if (import_kinds[i] != imp->kind &&
		    has_all(imp->col, import_kinds[i]->required)) {
			buf_printf(&b, "; this looks like a %s file: "
			    "'tideline import %s'", import_kinds[i]->name,
			    import_kinds[i]->name);
			break;
		}
	}
	imp->why = buf_detach(&b, NULL);
}

/* Map the header's column names to fields; check the required ones. */
static int
read_header(struct importer *imp)
{
	const char	*name;
	size_t		 i, len, c;

	for (c = 0; c < COL_COUNT; c++)
		imp->col[c] = -1;
	imp->nheader = imp->csv.nfields;
	for (i = 0; i < imp->csv.nfields; i++) {
		name = csv_field(&imp->csv, i, &len);
		text_trim(&name, &len);
		for (c = 0; c < COL_COUNT; c++) {
			if (strlen(column_names[c]) != len ||
			    strncasecmp(name, column_names[c], len) != 0)
				continue;
			if (imp->col[c] >= 0) {
				imp->why = xasprintf("column '%s' appears "
				    "twice", column_names[c]);
				return (-1);
			}
			imp->col[c] = (int)i;
		}
	}
	for (i = 0; imp->kind->required[i] != COL_COUNT; i++) {
		if (imp->col[imp->kind->required[i]] < 0) {
			missing_column(imp, imp->kind->required[i]);
			return (-1);
		}
	}
	return (0);
}

/* Read, check and stage every row; -1 at the first bad one. */
static int
stage_rows(struct importer *imp)
{
	int	 rc;

	while ((rc = csv_read(&imp->csv)) == 1) {
		imp->line = imp->csv.record_line;
		if (imp->csv.nfields != imp->nheader) {
			imp->why = xasprintf("expected %zu fields as in the "
			    "header, found %zu", imp->nheader,
			    imp->csv.nfields);
			return (-1);
		}
		if (imp->kind->stage_row(imp) != 0)
			return (-1);
		imp->rows++;
	}
	imp->line = imp->csv.record_line;
	if (rc < 0) {
		imp->why = xstrdup(imp->csv.why);
		return (-1);
	}
	return (0);
}

/* The header, then every row, into the stage; -1 with imp->why. */
static int
stage_file(struct importer *imp)
{
	int	 got;

	imp->line = 1;
	if ((got = csv_read(&imp->csv)) <= 0) {
		imp->line = imp->csv.record_line;
		imp->why = xstrdup(got == 0 ? "empty file (a header row naming "
		    "the columns is required)" : imp->csv.why);
		return (-1);
	}
	if (read_header(imp) != 0 || stage_rows(imp) != 0)
		return (-1);
	if (store_stage_done(imp->stage, &imp->line, &imp->why) != 0)
		return (-1);
	imp->repeated = store_stage_repeated(imp->stage);
	return (0);
}

/* Say which accounts were made inactive, and why: one warning each. */
static void
warn_inactive(const struct importer *imp)
{
	const char	*p, *nl;

	for (p = imp->inactive.data; (nl = strchr(p, '\n')) != NULL;
	    p = nl + 1)
		log_warn("%.*s", (int)(nl - p), p);
}

static void
report(const struct importer *imp, int dry_run)
{
	char	 rows[32], changed[32];

	text_thousands(imp->rows, rows, sizeof rows);
	text_thousands(imp->changed, changed, sizeof changed);
	printf("%s %s %s from %s (%s new or changed", dry_run ?
	    "checked" : "imported", rows, imp->kind->noun, imp->file, changed);
	if (imp->accounts_created > 0)
		printf(", %lld new account%s", (long long)imp->accounts_created,
		    imp->accounts_created == 1 ? "" : "s");
	if (imp->accounts_inactive > 0)
		printf(", %lld of them inactive",
		    (long long)imp->accounts_inactive);
	if (imp->repeated > 0)
		printf(", %lld repeated row%s stored once",
		    (long long)imp->repeated, imp->repeated == 1 ? "" : "s");
	printf(")");
	if (imp->tags_cut > 0)
		printf("; %lld post%s from line %ld had more than %d tags: the "
		    "first %d kept", (long long)imp->tags_cut,
		    imp->tags_cut == 1 ? "" : "s", imp->tags_cut_line,
		    POST_MAX_TAGS, POST_MAX_TAGS);
	printf("%s\n", dry_run ? "; nothing written (--dry-run)" : "");
}

/*
 * Under the lock, write the staged file in one transaction (rolled back
 * for --dry-run). Return CMD_OK, CMD_LOCKED, or CMD_ERROR with *cause
 * or imp->why set.
 */
static enum cmd_retval
write_locked(struct importer *imp, const char *db_path,
    const struct import_opts *o, char **cause)
{
	char		*path = NULL;
	enum cmd_retval	 rc = CMD_ERROR;
	int		 fd;

	fd = lock_take_db(db_path, o->wait_ms, &path, cause);
	if (fd == -2) {
		log_error("another tideline snapshot or import is running "
		    "(lock '%s' held for over %ld s); nothing was imported "
		    "from %s", path, o->wait_ms / 1000, imp->file);
		free(path);
		return (CMD_LOCKED);
	}
	free(path);
	if (fd < 0)
		return (CMD_ERROR);
	store_set_wait(imp->store, o->wait_ms);
	if (store_begin(imp->store, cause) != 0)
		goto out;
	if (imp->kind->write(imp) != 0)
		goto out;
	if (o->dry_run)
		store_rollback(imp->store);
	else if (store_commit(imp->store, cause) != 0)
		goto out;
	rc = CMD_OK;
out:
	store_rollback(imp->store);
	lock_release(fd);
	return (rc);
}

/* Import one open file: stage it whole, then write it. */
static enum cmd_retval
import_file(struct importer *imp, FILE *fp, const char *db_path,
    const struct import_opts *o)
{
	char		*cause = NULL;
	enum cmd_retval	 rc = CMD_ERROR;

	csv_init(&imp->csv, fp);
	if (store_stage_open(imp->store, imp->kind->stage, &imp->stage,
	    &cause) != 0)
		goto out;
	if (stage_file(imp) == 0)
		rc = write_locked(imp, db_path, o, &cause);
	if (rc == CMD_OK) {
		warn_inactive(imp);
		report(imp, o->dry_run);
	} else if (rc == CMD_ERROR && cause == NULL)
		cause = xasprintf("%s:%ld: %s; nothing was imported from it",
		    imp->file, imp->line, imp->why);
out:
	if (cause != NULL)
		log_error("%s", cause);
	free(cause);
	store_stage_free(imp->stage);
	imp->stage = NULL;
	csv_release(&imp->csv);
	return (rc);
}

static void
importer_release(struct importer *imp)
{
	buf_release(&imp->last_platform);
	buf_release(&imp->last_handle);
	buf_release(&imp->inactive);
	free(imp->pending);
	free(imp->why);
}

/* A file that cannot be read is said before any database is made. */
static enum cmd_retval
cmd_import_check(const struct cmd_args *args)
{
	const char	*file = args->argv[1];

	if (strcmp(file, "-") != 0 && access(file, R_OK) != 0) {
		log_error("cannot open '%s': %s", file, strerror(errno));
		return (CMD_ERROR);
	}
	return (CMD_OK);
}

static void
import_options(const struct cmd_args *args, struct import_opts *o)
{
	size_t	 i;

	o->dry_run = 0;
	o->wait_ms = 60 * 1000;
	for (i = 0; i < args->nopts; i++) {
		if (args->opts[i].id == OPT_DRY_RUN)
			o->dry_run = 1;
		else if (args->opts[i].id == OPT_WAIT)
			o->wait_ms = args->opts[i].number * 1000;
	}
}

static enum cmd_retval
cmd_import_run(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	struct importer		 imp;
	struct import_opts	 o;
	FILE			*fp;
	enum cmd_retval		 rc;

	import_options(args, &o);
	memset(&imp, 0, sizeof imp);
	imp.kind = find_kind(args->argv[0]);
	imp.file = args->argv[1];
	imp.store = ctx->store;
	buf_init(&imp.last_platform);
	buf_init(&imp.last_handle);
	buf_init(&imp.inactive);
	if (strcmp(imp.file, "-") == 0) {
		imp.file = "<stdin>";
		fp = stdin;
	} else if ((fp = fopen(imp.file, "r")) == NULL) {
		log_error("cannot open '%s': %s", imp.file, strerror(errno));
		return (CMD_ERROR);
	}
	rc = import_file(&imp, fp, ctx->db_path, &o);
	if (fp != stdin)
		fclose(fp);
	importer_release(&imp);
	return (rc);
}
