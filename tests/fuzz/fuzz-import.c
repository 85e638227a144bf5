/*
 * Fuzz the importer end to end (src/cmd/import.c and import-rows.c,
 * through the CSV reader, time and count parsing, account rules and the
 * store's writes), into fresh databases: copies of one that store_open
 * made once, in /dev/shm where there is one (migrating a new database
 * for every run would take most of its time).
 *
 * An input is up to four CSV files separated by NUL bytes (which no CSV
 * file may hold). The first byte of each names its kind: 'f', 'p' or
 * 'm' (followers, posts, metrics), 'F', 'P' or 'M' for a --dry-run;
 * any other byte picks a kind by its value. They are imported one after
 * another into a fresh database as 'tideline import' does it, and these
 * must hold, as the README says:
 *   - a file is all or nothing: after a refused file or a dry run, the
 *     database exports exactly as before;
 *   - the export round trip: what 'tideline export' writes of the three
 *     tables imports into another fresh database without a complaint,
 *     and exports from there byte for byte the same.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "fuzz-check.h"
#include "store/store.h"
#include "util/xmalloc.h"

#define MAX_INPUT	(64 * 1024)
#define MAX_FILES	4
#define NTABLES		3

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const tables[NTABLES] = { "followers", "posts",
    "metrics" };
static char	*dir;		/* the run's files, removed at exit */
static char	*input_path;	/* where each file goes to be imported */
static char	*db_paths[2];	/* the database, and its round trip's */
static char	*fresh;		/* a new database's file, as store_open
				   left it */
static size_t	 fresh_len;
static FILE	*quiet;		/* the commands' messages go here */

static char *
read_file(const char *path, size_t *len)
{
	FILE	*fp;
	char	*data = NULL;
	size_t	 cap = 0, n;

	if ((fp = fopen(path, "rb")) == NULL)
		fuzz_broken("cannot read '%s'", path);
	*len = 0;
	do {
		data = xreallocarray(data, 1, cap += 65536);
		*len += n = fread(data + *len, 1, cap - *len, fp);
	} while (n > 0);
	fclose(fp);
	return (data);
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE	*fp;

	if ((fp = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, len, fp) != len || fclose(fp) != 0)
		fuzz_broken("cannot write '%s'", path);
}

/* Remove a database and what SQLite keeps beside it. */
static void
remove_db(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm",
	    "-journal" };
	char	*p;
	size_t	 i;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		p = xasprintf("%s%s", path, suffixes[i]);
		unlink(p);
		free(p);
	}
}

static void
cleanup(void)
{
	remove_db(db_paths[0]);
	remove_db(db_paths[1]);
	unlink(input_path);
	rmdir(dir);
}

static void
setup(void)
{
	struct store	*s;
	const char	*tmp;
	char		*cause = NULL, *made;

	if (dir != NULL)
		return;
	/* Accounts made by an import are stamped with this time. */
	setenv("TIDELINE_NOW", "2026-06-15T12:00:00Z", 1);
	if (access("/dev/shm", W_OK) == 0)
		tmp = "/dev/shm";
	else if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	dir = xasprintf("%s/tideline-fuzz-import-XXXXXX", tmp);
	if (mkdtemp(dir) == NULL || (quiet = fopen("/dev/null", "w")) == NULL)
		fuzz_broken("cannot make a folder in %s, or open /dev/null", tmp);
	input_path = xasprintf("%s/input.csv", dir);
	db_paths[0] = xasprintf("%s/a.db", dir);
	db_paths[1] = xasprintf("%s/b.db", dir);
	atexit(cleanup);
	made = xasprintf("%s/new.db", dir);
	if (store_open(made, STORE_OPEN_CREATE, &s, &cause) != 0)
		fuzz_broken("cannot make a database: %s", cause);
	store_free(s);
	fresh = read_file(made, &fresh_len);
	remove_db(made);
	free(made);
}

/* A fresh database, 0 or 1, in a copy of the one made in setup. */
static struct store *
open_store(int which)
{
	struct store	*s;
	char		*cause = NULL;

	remove_db(db_paths[which]);
	write_file(db_paths[which], fresh, fresh_len);
	if (store_open(db_paths[which], STORE_OPEN_EXISTING, &s, &cause) != 0)
		fuzz_broken("cannot open a fresh database: %s", cause);
	return (s);
}

/*
 * Run a command's entry as the dispatcher would, its output into *out
 * (when out is not NULL) and its messages into /dev/null. glibc's
 * stdout and stderr are variables that may be set (the glibc manual,
 * "Standard Streams"); the sanitizers and libFuzzer write to fd 2.
 */
static enum cmd_retval
run(const struct cmd_entry *e, struct store *s, char **argv, int dry_run,
    char **out)
{
	static const struct cmd_arg	 dry = { .id = 'n',
					     .spelled = "--dry-run" };
	struct cmd_args	 args;
	struct cmd_ctx	 ctx;
	FILE		*saved_out = stdout, *saved_err = stderr, *fp;
	enum cmd_retval	 rc;
	size_t		 len;

	memset(&args, 0, sizeof args);
	memset(&ctx, 0, sizeof ctx);
	args.argv = argv;
	args.argc = e == &cmd_import_entry ? 2 : 1;
	args.opts = dry_run ? &dry : NULL;
	args.nopts = dry_run ? 1 : 0;
	args.format = e->default_format;
	ctx.store = s;
	ctx.flags = e->flags;
	ctx.format = e->default_format;
	fp = out != NULL ? open_memstream(out, &len) : quiet;
	if (fp == NULL)
		fuzz_broken("open_memstream failed");
	stdout = fp;
	stderr = quiet;
	rc = e->run(&ctx, &args);
	fflush(stdout);
	stdout = saved_out;
	stderr = saved_err;
	if (out != NULL)
		fclose(fp);
	return (rc);
}

static enum cmd_retval
import_file(struct store *s, const char *table, const void *data,
    size_t len, int dry_run)
{
	char	*argv[3];

	write_file(input_path, data, len);
	argv[0] = (char *)table;
	argv[1] = input_path;
	argv[2] = NULL;
	return (run(&cmd_import_entry, s, argv, dry_run, NULL));
}

/* The three tables as 'tideline export' writes them (CSV). */
static void
export_all(struct store *s, char *out[NTABLES])
{
	char	*argv[2];
	size_t	 i;

	for (i = 0; i < NTABLES; i++) {
		argv[0] = (char *)tables[i];
		argv[1] = NULL;
		if (run(&cmd_export_entry, s, argv, 0, &out[i]) != CMD_OK)
			fuzz_broken("export %s failed", tables[i]);
	}
}

static int
same_export(char *a[NTABLES], char *b[NTABLES])
{
	size_t	 i;

	for (i = 0; i < NTABLES; i++) {
		if (strcmp(a[i], b[i]) != 0)
			return (0);
	}
	return (1);
}

static void
free_export(char *e[NTABLES])
{
	size_t	 i;

	for (i = 0; i < NTABLES; i++) {
		free(e[i]);
		e[i] = NULL;
	}
}

/* Import the export of one database into a fresh one: the same again. */
static void
check_round_trip(char *exported[NTABLES])
{
	struct store	*s;
	char		*again[NTABLES];
	size_t		 i;

	s = open_store(1);
	for (i = 0; i < NTABLES; i++) {
		if (import_file(s, tables[i], exported[i],
		    strlen(exported[i]), 0) != CMD_OK)
			fuzz_broken("the export of %s does not import:\n%s",
			    tables[i], exported[i]);
	}
	export_all(s, again);
	for (i = 0; i < NTABLES; i++) {
		if (strcmp(exported[i], again[i]) != 0)
			fuzz_broken("%s exported:\n%s\nimported and exported "
			    "again:\n%s", tables[i], exported[i], again[i]);
	}
	free_export(again);
	store_free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store	*s;
	const uint8_t	*p = data, *end, *nul;
	char		*before[NTABLES], *after[NTABLES];
	enum cmd_retval	 rc;
	int		 files = 0, imported = 0, dry_run;
	const char	*table;

	setup();
	if (size > MAX_INPUT)
		size = MAX_INPUT;
	end = data + size;
	s = open_store(0);
	export_all(s, before);
	while (p < end && files++ < MAX_FILES) {
		if ((nul = memchr(p, '\0', (size_t)(end - p))) == NULL)
			nul = end;
		if (nul == p) {		/* no kind byte, no file */
			p++;
			continue;
		}
		switch (*p) {
		case 'f': case 'F': table = tables[0]; break;
		case 'p': case 'P': table = tables[1]; break;
		case 'm': case 'M': table = tables[2]; break;
		default: table = tables[*p % NTABLES]; break;
		}
		dry_run = *p == 'F' || *p == 'P' || *p == 'M';
		rc = import_file(s, table, p + 1, (size_t)(nul - p - 1),
		    dry_run);
		export_all(s, after);
		if ((rc != CMD_OK || dry_run) && !same_export(before, after))
			fuzz_broken("a %s import of %s changed the database",
			    rc != CMD_OK ? "refused" : "dry-run", table);
		imported += rc == CMD_OK && !dry_run;
		free_export(before);
		memcpy(before, after, sizeof before);
		p = nul + 1;
	}
	if (imported > 0)
		check_round_trip(before);
	free_export(before);
	store_free(s);
	return (0);
}
