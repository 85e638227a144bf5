/*
 * The command line of a command, parsed from its option table with the
 * global options, and its help, written from the same table.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/* getopt's ids of the global options and --format; option i's: ID_TABLE + i. */
enum {
	ID_DB = 0x10000,
	ID_VERBOSE,
	ID_HELP,
	ID_FORMAT,
	ID_TABLE = 0x20000,
};

#define HELP_COLUMN	23	/* where the help of an option starts */

static const char *const format_names[] = {
	[FORMAT_TEXT] = "text",
	[FORMAT_JSON] = "json",
	[FORMAT_CSV] = "csv",
	[FORMAT_MARKDOWN] = "markdown",
};

int
cmd_parse_format(const char *arg, unsigned allowed, enum cmd_format *out)
{
	char	 list[64] = "";
	size_t	 i;

	for (i = 0; i < sizeof format_names / sizeof format_names[0]; i++) {
		if ((allowed & FORMAT_BIT(i)) == 0)
			continue;
		if (strcmp(arg, format_names[i]) == 0) {
			*out = (enum cmd_format)i;
			return (0);
		}
		if (list[0] != '\0')
			strncat(list, ", ", sizeof list - strlen(list) - 1);
		strncat(list, format_names[i], sizeof list - strlen(list) - 1);
	}
	log_error("unknown format '%s' (use %s)", arg, list);
	return (-1);
}

static size_t
count_options(const struct cmd_option *o)
{
	size_t	 n = 0;

	while (o != NULL && o[n].name != NULL)
		n++;
	return (n);
}

static int
has_value(const struct cmd_option *o)
{
	return (o->type != CMD_OPT_FLAG);
}

/* The getopt tables for the entry's options and the global ones. */
static void
build_getopt(const struct cmd_entry *e, struct option **longopts,
    char **shortopts)
{
	struct buf		 s = BUF_INIT;
	struct option		*l;
	const struct cmd_option	*o;
	size_t			 i, n = count_options(e->options), k = 0;

	l = xcalloc(n + 5, sizeof *l);
	l[k++] = (struct option){ "db", required_argument, NULL, ID_DB };
	l[k++] = (struct option){ "verbose", no_argument, NULL, ID_VERBOSE };
	l[k++] = (struct option){ "help", no_argument, NULL, ID_HELP };
	buf_adds(&s, ":hv");
	if (e->formats != 0) {
		l[k++] = (struct option){ "format", required_argument, NULL,
		    ID_FORMAT };
		buf_adds(&s, "f:");
	}
	for (i = 0; i < n; i++) {
		o = &e->options[i];
		l[k].name = o->name;
		l[k].has_arg = !has_value(o) ? no_argument : o->optional ?
		    optional_argument : required_argument;
		l[k++].val = ID_TABLE + (int)i;
		if (o->letter != 0) {
			buf_addc(&s, (char)o->letter);
			if (has_value(o))
				buf_adds(&s, o->optional ? "::" : ":");
		}
	}
	*longopts = l;
	*shortopts = buf_detach(&s, NULL);
}

/* The table index of a short option's letter. */
static int
letter_id(const struct cmd_entry *e, int c)
{
	size_t	 i, n = count_options(e->options);

	for (i = 0; i < n; i++)
		if (e->options[i].letter == c)
			return (ID_TABLE + (int)i);
	return (c == 'f' && e->formats != 0 ? ID_FORMAT : c == 'v' ?
	    ID_VERBOSE : c == 'h' ? ID_HELP : -1);
}

static int
check_number(const struct cmd_option *o, struct cmd_arg *a)
{
	char	*end;
	long	 v;

	/* Digits only: strtol alone takes blanks, a '+' and "0x". */
	errno = 0;
	v = strtol(a->value, &end, 10);
	if (!(isdigit((unsigned char)a->value[0]) || (a->value[0] == '-' &&
	    o->min < 0 && isdigit((unsigned char)a->value[1]))) ||
	    *end != '\0' || errno != 0 || v < o->min || v > o->max) {
		log_error("bad value '%s' for %s (a whole number from %ld to "
		    "%ld)", a->value, a->spelled, o->min, o->max);
		return (-1);
	}
	a->number = v;
	return (0);
}

static int
check_choice(const struct cmd_option *o, struct cmd_arg *a)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; o->choices[i] != NULL; i++)
		if (strcmp(a->value, o->choices[i]) == 0)
			return (0);
	for (i = 0; o->choices[i] != NULL; i++)
		buf_printf(&b, "%s%s", i == 0 ? "" : o->choices[i + 1] ==
		    NULL ? " or " : ", ", o->choices[i]);
	log_error("bad %s '%s': %s", a->spelled, a->value, b.data);
	buf_release(&b);
	return (-1);
}

/* Check an option's value by its type; -1 after saying what is wrong. */
static int
check_value(const struct cmd_option *o, struct cmd_arg *a)
{
	const char	*why;

	if (a->value == NULL)
		return (0);
	switch (o->type) {
	case CMD_OPT_NUMBER:
		return (check_number(o, a));
	case CMD_OPT_TIME:
		if (time_parse(a->value, strlen(a->value), &a->time,
		    &why) != 0) {
			log_error("bad time '%s' for %s: %s", a->value,
			    a->spelled, why);
			return (-1);
		}
		return (0);
	case CMD_OPT_CHOICE:
		return (check_choice(o, a));
	case CMD_OPT_STRING:
		return (o->check != NULL ? o->check(a->value) : 0);
	default:
		return (0);
	}
}

/* Report getopt's complaint about argv[optind - 1]. */
static void
getopt_complaint(int c, char **argv, const struct option *longopts)
{
	const char	*arg = argv[optind - 1], *eq;
	struct buf	 which = BUF_INIT;
	size_t		 i, len, n = 0;

	if (c == ':') {
		log_error("option '%s' needs a value", arg);
		return;
	}
	if (optopt != 0 && optopt < ID_DB) {
		log_error("unknown option '-%c'", optopt);
		return;
	}
	/* getopt says '?' alike for a value given to a flag, an ambiguous
	 * abbreviation and an unknown name: tell them apart. */
	len = (eq = strchr(arg, '=')) != NULL ? (size_t)(eq - arg) :
	    strlen(arg);
	for (i = 0; arg[0] == '-' && arg[1] == '-' && longopts[i].name != NULL;
	    i++) {
		if (strncmp(longopts[i].name, arg + 2, len - 2) != 0)
			continue;
		if (strlen(longopts[i].name) == len - 2 && eq != NULL) {
			log_error("option '--%s' takes no value",
			    longopts[i].name);
			buf_release(&which);
			return;
		}
		buf_printf(&which, "%s--%s", n++ == 0 ? "" : ", ",
		    longopts[i].name);
	}
	if (n > 1)
		log_error("option '%.*s' is ambiguous (%s)", (int)len, arg,
		    which.data);
	else
		log_error("unknown option '%s'", arg);
	buf_release(&which);
}

/*
 * Take one parsed option, given by its long name or not; 1 for --help,
 * 0, or -1 after saying why.
 */
static int
take_option(const struct cmd_entry *e, int id, int as_long,
    struct cmd_args *args, const char **db_flag)
{
	const struct cmd_option	*o;
	struct cmd_arg		*a;

	switch (id) {
	case ID_DB:
		return (cmd_check_db_flag(optarg, db_flag));
	case ID_VERBOSE:
		log_verbose = 1;
		return (0);
	case ID_HELP:
		return (1);
	case ID_FORMAT:
		return (cmd_parse_format(optarg, e->formats, &args->format));
	}
	o = &e->options[id - ID_TABLE];
	a = (struct cmd_arg *)&args->opts[args->nopts++];
	memset(a, 0, sizeof *a);
	a->id = o->id;
	a->value = optarg;
	/* "--top", or "-n" as typed: messages name what the user wrote. */
	a->spelled = as_long ? xasprintf("--%s", o->name) :
	    xasprintf("-%c", o->letter);
	return (check_value(o, a));
}

int
cmd_check_db_flag(const char *path, const char **db_flag)
{
	/* SQLite would open a database that vanishes on exit for these. */
	if (*path == '\0' || strcmp(path, ":memory:") == 0) {
		log_error("--db needs the path of a file, not '%s'", path);
		return (-1);
	}
	*db_flag = path;
	return (0);
}

int
cmd_check_accounts(const struct cmd_entry *e, const struct cmd_args *args)
{
	const struct platform	*p;
	char			*handle, *cause = NULL;
	int			 i;

	if ((e->flags & CMD_ACCOUNTS) == 0)
		return (0);
	for (i = e->accounts_from; i < args->argc; i++) {
		if (account_spec_parse(args->argv[i], &p, &handle,
		    &cause) != 0) {
			log_error("%s", cause);
			free(cause);
			return (-1);
		}
		free(handle);
	}
	return (0);
}

/* The number of other arguments, and the first one's word. */
static int
check_arguments(const struct cmd_entry *e, const struct cmd_args *args)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	if (args->argc < e->min_args) {
		log_error("%s needs %s", e->name, e->args_needed != NULL ?
		    e->args_needed : "more arguments");
		return (-1);
	}
	if (e->max_args >= 0 && args->argc > e->max_args) {
		if (e->max_args == 0)
			log_error("%s takes no arguments", e->name);
		else
			log_error("too many arguments for %s", e->name);
		return (-1);
	}
	if (e->words == NULL || args->argc == 0)
		return (0);
	for (i = 0; e->words[i] != NULL; i++)
		if (strcmp(args->argv[0], e->words[i]) == 0)
			return (0);
	for (i = 0; e->words[i] != NULL; i++)
		buf_printf(&b, "%s%s", i == 0 ? "" : e->words[i + 1] == NULL ?
		    " or " : ", ", e->words[i]);
	log_error("unknown %s '%s' (use %s)", e->word_name != NULL ?
	    e->word_name : "argument", args->argv[0], b.data);
	buf_release(&b);
	return (-1);
}

int
cmd_args_parse(const struct cmd_entry *e, int argc, char **argv,
    struct cmd_args *args, const char **db_flag)
{
	struct option	*longopts;
	char		*shortopts;
	int		 c, id, longindex, rc = 0, help = 0;

	memset(args, 0, sizeof *args);
	args->format = e->default_format;
	args->opts = xcalloc((size_t)argc + 1, sizeof *args->opts);
	build_getopt(e, &longopts, &shortopts);
	opterr = 0;
	optind = 0;	/* GNU getopt: start over, permuting */
	for (;;) {
		longindex = -1;
		if (rc != 0 || (c = getopt_long(argc, argv, shortopts, longopts,
		    &longindex)) == -1)
			break;
		if (c == '?' || c == ':') {
			getopt_complaint(c, argv, longopts);
			rc = -1;
		} else if ((id = c >= ID_DB ? c : letter_id(e, c)) < 0)
			rc = -1;
		else if ((rc = take_option(e, id, longindex >= 0, args,
		    db_flag)) == 1) {
			/* Help wins over missing arguments, not over errors. */
			help = 1;
			rc = 0;
		}
	}
	if (rc == 0 && help)
		rc = 1;
	else if (rc == 0) {
		args->argv = argv + optind;
		args->argc = argc - optind;
		rc = check_arguments(e, args);
	}
	free(longopts);
	free(shortopts);
	return (rc);
}

void
cmd_args_release(struct cmd_args *args)
{
	size_t	 i;

	for (i = 0; i < args->nopts; i++)
		free((char *)args->opts[i].spelled);
	free((struct cmd_arg *)args->opts);
	memset(args, 0, sizeof *args);
}

/* One option's help: its names in a column, then the text. */
static void
print_option(FILE *f, int letter, const char *name, const char *value,
    int optional, const char *help)
{
	struct buf	 left = BUF_INIT;
	const char	*p, *nl;

	buf_adds(&left, "  ");
	if (letter != 0)
		buf_printf(&left, "-%c, ", letter);
	buf_printf(&left, "--%s", name);
	if (value != NULL)
		buf_printf(&left, optional ? "[=%s]" : " %s", value);
	fputs(left.data, f);
	if (left.len + 2 > HELP_COLUMN)
		fprintf(f, "\n%*s", HELP_COLUMN, "");
	else
		fprintf(f, "%*s", (int)(HELP_COLUMN - left.len), "");
	for (p = help; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		fprintf(f, "%.*s\n%*s", (int)(nl - p), p, HELP_COLUMN, "");
	fprintf(f, "%s\n", p);
	buf_release(&left);
}

/* "text (default), json or csv": the default first. */
static void
print_format_option(FILE *f, unsigned formats, enum cmd_format def)
{
	struct buf	 b = BUF_INIT;
	size_t		 i, n = 0, seen = 1;

	for (i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		n += (formats & FORMAT_BIT(i)) != 0;
	buf_printf(&b, "%s (default)", format_names[def]);
	for (i = 0; i < sizeof format_names / sizeof format_names[0]; i++) {
		if ((formats & FORMAT_BIT(i)) == 0 || i == (size_t)def)
			continue;
		buf_printf(&b, "%s%s", ++seen == n ? " or " : ", ",
		    format_names[i]);
	}
	print_option(f, 'f', "format", "FORMAT", 0, b.data);
	buf_release(&b);
}

/*
 * "usage: tideline NAME USAGE", broken before a '[' where a line would
 * pass 79 columns, the next lines under the first word of USAGE.
 */
void
cmd_print_usage(FILE *f, const struct cmd_entry *e)
{
	const char	*p = e->usage, *next;
	int		 indent, col;

	indent = col = fprintf(f, "usage: tideline %s%s", e->name,
	    *p != '\0' ? " " : "");
	while (*p != '\0') {
		if ((next = strstr(p + 1, " [")) == NULL)
			next = p + strlen(p);
		if (col > indent && col + (next - p) > 79) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
			if (*p == ' ')
				p++;
		}
		col += fprintf(f, "%.*s", (int)(next - p), p);
		p = next;
	}
	fputc('\n', f);
}

void
cmd_print_help(FILE *f, const struct cmd_entry *e)
{
	size_t	 i, n = count_options(e->options);

	cmd_print_usage(f, e);
	fprintf(f, "\n%s\n", e->summary);
	if (e->help != NULL)
		fprintf(f, "\n%s", e->help);
	if (n > 0 || e->formats != 0)
		fputs("\noptions:\n", f);
	for (i = 0; i < n; i++)
		print_option(f, e->options[i].letter, e->options[i].name,
		    has_value(&e->options[i]) ? e->options[i].value : NULL,
		    e->options[i].optional, e->options[i].help);
	if (e->formats != 0)
		print_format_option(f, e->formats, e->default_format);
	if (e->more_help != NULL)
		e->more_help(f);
	fputs("\nglobal options: --db PATH, -v (--verbose), -h (--help)\n",
	    f);
}
