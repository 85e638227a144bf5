/*
 * Take a snapshot of every active account: follower counts, new posts,
 * and fresh metrics for recent posts (and, on a slower schedule, for old
 * ones, so a second life is seen). Safe for cron: a lock keeps runs from
 * overlapping, each account is stored in one transaction or not at all,
 * and one account's failure never costs another its data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/snapshot.h"
#include "fetch/fetch.h"
#include "store/store.h"
#include "util/config.h"
#include "util/lock.h"
#include "util/log.h"
#include "util/text.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "version.h"

static enum cmd_retval	cmd_snapshot_run(struct cmd_ctx *,
			    const struct cmd_args *);
static void		secrets_help(FILE *);

enum {
	OPT_JOBS = 'j',
	OPT_PER_HOST = 1,
	OPT_TIMEOUT,
	OPT_RETRIES,
	OPT_MAX_WAIT,
	OPT_WAIT,
	OPT_DEADLINE,
	OPT_MAX_REQUESTS,
	OPT_NO_HISTORY,
	OPT_NO_CENSUS,
	OPT_CENSUS_REQUESTS,
	OPT_CENSUS_PERIOD,
	OPT_ENGAGER_REQUESTS,
	OPT_NO_ENGAGERS,
};

#define NUMBER(min_) .type = CMD_OPT_NUMBER, .min = (min_), .max = 100000

/*
 * How long storing an account or the run's row waits for another
 * writer: minutes, because counts at a moment cannot be fetched again
 * later. Imports share the lock, so this is for whatever does not.
 */
#define STORE_WAIT_MS	(10 * 60 * 1000)

static const struct cmd_option options[] = {
	{ .name = "jobs", .letter = 'j', .id = OPT_JOBS, NUMBER(1),
	  .value = "N", .help = "requests in flight at most (default 16)" },
	{ .name = "per-host", .id = OPT_PER_HOST, NUMBER(1), .value = "N",
	  .help = "connections to one host at most (default 6)" },
	{ .name = "timeout", .id = OPT_TIMEOUT, NUMBER(1), .value = "SEC",
	  .help = "give up on one request after SEC seconds\n(default 30; "
	  "connecting: 10)" },
	{ .name = "retries", .id = OPT_RETRIES, NUMBER(0), .value = "N",
	  .help = "retries of a 5xx or network error, with\ngrowing waits "
	  "(default 3)" },
	{ .name = "max-wait", .id = OPT_MAX_WAIT, NUMBER(0), .value = "SEC",
	  .help = "sit out a rate limit this long at most;\nlonger, the "
	  "account is retried next run\n(default 60)" },
	{ .name = "wait", .id = OPT_WAIT, NUMBER(0), .value = "SEC",
	  .help = "wait this long for another run's lock\n(default 60)" },
	{ .name = "deadline", .id = OPT_DEADLINE, NUMBER(1), .value = "SEC",
	  .help = "end the run after SEC seconds, an account\nafter a third "
	  "of them from its first request;\nwhat is not fetched by then "
	  "fails\n(default 900)" },
	{ .name = "max-requests", .id = OPT_MAX_REQUESTS, NUMBER(2),
	  .value = "N", .help = "requests each account may send in a run\n"
	  "(at least 2: its counts and first page);\nthe walk back through "
	  "its history stops\nthere and goes on next run (default: the\n"
	  "platform's, below; name an account to\ngive it alone more; the "
	  "census of its\nfollowers has a budget of its own)" },
	{ .name = "no-history", .id = OPT_NO_HISTORY, .type = CMD_OPT_FLAG,
	  .help = "skip the walk back through the accounts'\nolder posts this "
	  "run" },
	{ .name = "no-census", .id = OPT_NO_CENSUS, .type = CMD_OPT_FLAG,
	  .help = "skip the census of the accounts' followers\nthis run" },
	{ .name = "census-requests", .id = OPT_CENSUS_REQUESTS, NUMBER(1),
	  .value = "N", .help = "requests each account's census may send "
	  "in\na run; its walk through a long list goes\non next run "
	  "(default: the platform's,\n250 on Mastodon: 20,000 followers;\n"
	  "1,000 on Bluesky: 95,000)" },
	{ .name = "census-period", .id = OPT_CENSUS_PERIOD, NUMBER(1),
	  .value = "DAYS", .help = "where the list does not show activity\n"
	  "(Bluesky), check every follower's within\nDAYS, a part of them "
	  "each run (default 30)" },
	{ .name = "no-engagers", .id = OPT_NO_ENGAGERS, .type = CMD_OPT_FLAG,
	  .help = "skip the lists of who liked, reposted and\nquoted the "
	  "posts this run" },
	{ .name = "engager-requests", .id = OPT_ENGAGER_REQUESTS,
	  NUMBER(1), .value = "N", .help = "requests each account's lists "
	  "of who liked,\nreposted and quoted its posts may send in\na run; "
	  "a long list goes on next run\n(default: the platform's, 150 on "
	  "Mastodon,\n300 on Bluesky)" },
	{ .name = NULL }
};

const struct cmd_entry cmd_snapshot_entry = {
	.name = "snapshot",
	.usage = "[ACCOUNT...] [--jobs N] [--per-host N] [--timeout SEC] "
	    "[--retries N] [--max-wait SEC] [--wait SEC] [--deadline SEC] "
	    "[--max-requests N] [--no-history] [--no-census] "
	    "[--census-requests N] [--census-period DAYS] "
	    "[--no-engagers] [--engager-requests N]",
	.summary = "fetch follower counts and post engagement now",
	.help =
	    "With no ACCOUNT, every active account. Until an account's\n"
	    "history is complete, each run also walks back through its\n"
	    "older posts, page by page, within --max-requests, and the\n"
	    "next run goes on where it stopped. Where the platform\n"
	    "publishes follower lists (Mastodon, Bluesky; X when asked for\n"
	    "and configured, within x_max_usd a month), each run also\n"
	    "reads the new followers, and the whole list once a week,\n"
	    "over several runs if it is long, and on Bluesky checks the\n"
	    "activity of a part of the followers (each once in\n"
	    "--census-period); tideline audience shows it. It also reads\n"
	    "who liked, reposted and quoted the posts of the last 30\n"
	    "days and older posts whose counts grew, down to those it\n"
	    "knows (the census's setting applies; --no-census skips\n"
	    "them too). Quiet on\n"
	    "success (-v says what it fetched; a terminal shows\n"
	    "progress); errors go to stderr, one line per account. Exit 0\n"
	    "when every account was fetched, 3 when some failed or their\n"
	    "census did (the others are stored, and so are the pages\n"
	    "read before a failure) or the run's record could not be\n"
	    "finished (a full disk), 1 when the\n"
	    "run cannot be recorded at all (then nothing is fetched), 4\n"
	    "when another snapshot or an import held the lock for longer\n"
	    "than --wait.\n",
	.options = options,
	.more_help = secrets_help,
	.max_args = -1,
	.flags = CMD_NEEDS_DB | CMD_ACCOUNTS,
	.run = cmd_snapshot_run,
};

/* How a per-server secret's variable names its server (snapshot-jobs.c). */
static const char per_server_help[] =
    "            one per server: HOST is the server's name, its letters in\n"
    "            capitals, '.' as '_' and '-' as '__' (mastodon.social:\n"
    "            MASTODON_SOCIAL, social-linux.pizza: SOCIAL__LINUX_PIZZA);\n"
    "            a name with a '.' beside a '.' or a '-', or a '-' at\n"
    "            an end, has no variable: use the config key\n";

/* Write text from column 12 on, its lines held within 78 columns. */
static void
help_wrapped(FILE *f, const char *text)
{
	const char	*p = text, *end;
	size_t		 n;

	while (*p != '\0') {
		n = strlen(p);
		if (n > 66) {
			for (end = p + 66; end > p && *end != ' '; end--)
				;
			n = end > p ? (size_t)(end - p) : 66;
		}
		fprintf(f, "            %.*s\n", (int)n, p);
		p += n;
		while (*p == ' ')
			p++;
	}
}

/* Each platform's request budget, from the registry. */
static void
budget_help(FILE *f)
{
	const struct platform	*p;
	size_t			 i;

	fputs("\nrequests per account and run (--max-requests), by platform:"
	    "\n", f);
	for (i = 0; platform_table[i] != NULL; i++) {
		p = platform_table[i];
		fprintf(f, "  %-9s %d\n", p->name, p->max_requests);
		help_wrapped(f, p->max_requests_why);
	}
}

/* The secrets each platform may use, from the registry. */
static void
secrets_help(FILE *f)
{
	const struct platform_secret	*ps;
	size_t				 i;

	budget_help(f);
	fputs("\nsecrets (the environment first, else the config file, "
	    "mode 0600):\n", f);
	for (i = 0; platform_table[i] != NULL; i++) {
		ps = &platform_table[i]->secret;
		if (ps->env == NULL)
			continue;
		fprintf(f, "  %-9s %s%s or %s%s = ...\n            (%s, %s)\n",
		    platform_table[i]->name, ps->env, ps->per_server ?
		    "HOST" : "", ps->key, ps->per_server ? ".HOST" : "",
		    ps->what, ps->required ? "required" : "optional");
		if (ps->per_server)
			fputs(per_server_help, f);
	}
}

struct snapshot_opts {
	struct fetch_options	 fetch;
	struct snapshot_history	 history;
	int			 census;	/* 0: --no-census */
	int			 census_requests; /* or 0: the platform's */
	int64_t			 census_period;	/* seconds */
	int			 engagers;	/* 0: --no-engagers */
	int			 engager_requests; /* or 0: the platform's */
	long			 wait_ms;	/* for the lock */
};

struct snapshot_run {
	struct store	*store;
	int64_t		 run_id;
	int		 ok;		/* accounts stored whole */
	int		 failed;	/* accounts that failed */
	int		 lost;		/* failures not recorded (disk full) */
	int		 census;	/* 0: --no-census */
	int		 census_requests; /* or 0: the platform's */
	int64_t		 census_period;	/* seconds */
	int		 census_failed;	/* census jobs that failed */
	int		 engagers;	/* 0: --no-engagers or --no-census */
	int		 engager_requests; /* or 0: the platform's */
	int		 engagers_failed; /* engager lists that failed */
	size_t		 engager_lists;	/* engager lists read */
	size_t		 engagers_read;	/* engagements in them */
	size_t		 engagers_cut;	/* lists the budget cut short */
	struct fetch_job **census_jobs;	/* to run once the accounts' own
					   jobs are done */
	size_t		 ncensus;
	struct fetch_job **billed_jobs;	/* engager lists whose reads are
					   billed: once their census is
					   done, from what it left */
	size_t		 nbilled;
	char		*lost_cause;	/* why the first was not, or NULL */
	size_t		 history_posts;	/* posts of history stored */
	int64_t		 history_oldest; /* the oldest of them, or 0 */
	char		*history_name;	/* the account it is of */
};

/* What the engine tells under -v. */
static void
show_trace(void *arg, const char *line)
{
	log_info("%s", line);
}

/* How far the run is, redrawn in place on a terminal. */
static void
show_progress(void *arg, size_t done, size_t total, int final)
{
	struct snapshot_run	*run = arg;
	char			 day[TIME_ISO_SIZE];

	if (run == NULL || run->history_posts == 0) {
		fprintf(stderr, "\rtideline: %zu/%zu accounts fetched\033[K%s",
		    done, total, final ? "\n" : "");
		return;
	}
	time_format(run->history_oldest, day);
	day[10] = '\0';
	log_progress("%zu/%zu accounts fetched; history: %zu posts, %s back "
	    "to %s", done, total, run->history_posts, run->history_name, day);
	if (final)
		fputc('\n', stderr);
}

/* The engine's options from the defaults and the command line. */
static void
snapshot_options(const struct cmd_args *args, struct snapshot_opts *o)
{
	const struct cmd_arg	*a;
	const char		*env;
	size_t			 i;

	/* What no option sets is 0: the platform's own (census budget). */
	memset(o, 0, sizeof *o);
	fetch_options_init(&o->fetch);
	o->history.enabled = 1;
	o->history.max_requests = 0;
	o->census = 1;
	o->engagers = 1;
	o->census_period = CENSUS_PERIOD;
	o->wait_ms = 60 * 1000;
	/* Tests shorten the backoff; people have no reason to. */
	if ((env = getenv("TIDELINE_RETRY_BASE_MS")) != NULL)
		o->fetch.retry_base_ms = strtol(env, NULL, 10);
	for (i = 0; i < args->nopts; i++) {
		a = &args->opts[i];
		switch (a->id) {
		case OPT_JOBS:
			o->fetch.jobs = (int)a->number;
			break;
		case OPT_PER_HOST:
			o->fetch.per_host = (int)a->number;
			break;
		case OPT_MAX_WAIT:
			o->fetch.max_wait_ms = a->number * 1000;
			break;
		case OPT_RETRIES:
			o->fetch.max_retries = (int)a->number;
			break;
		case OPT_TIMEOUT:
			o->fetch.timeout_ms = a->number * 1000;
			if (o->fetch.connect_timeout_ms > o->fetch.timeout_ms)
				o->fetch.connect_timeout_ms = o->fetch.timeout_ms;
			break;
		case OPT_WAIT:
			o->wait_ms = a->number * 1000;
			break;
		case OPT_DEADLINE:
			o->fetch.run_deadline_ms = a->number * 1000;
			o->fetch.job_deadline_ms = a->number * 1000 / 3;
			break;
		case OPT_MAX_REQUESTS:
			o->history.max_requests = (int)a->number;
			break;
		case OPT_NO_HISTORY:
			o->history.enabled = 0;
			break;
		case OPT_NO_CENSUS:
			o->census = 0;
			break;
		case OPT_CENSUS_REQUESTS:
			o->census_requests = (int)a->number;
			break;
		case OPT_CENSUS_PERIOD:
			o->census_period = a->number * 24 * 60 * 60;
			break;
		case OPT_NO_ENGAGERS:
			o->engagers = 0;
			break;
		case OPT_ENGAGER_REQUESTS:
			o->engager_requests = (int)a->number;
			break;
		}
	}
	if (log_verbose)
		o->fetch.trace = show_trace;
	else if (isatty(STDERR_FILENO))
		o->fetch.progress = show_progress;
}

static void
record_failure(struct snapshot_run *run, struct fetch_job *job)
{
	struct fetch_error_row	 e;
	char			*cause = NULL;

	memset(&e, 0, sizeof e);
	e.run_id = run->run_id;
	e.account_id = job->account.id;
	e.at = time_now();
	e.http_status = job->http_status;
	e.kind = fetch_error_kind_name(job->error_kind);
	e.message = job->error;
	e.retry_after = job->retry_after;
	log_error("%s: %s", job->account.name, job->error);
	/* Said once, at the end: a full disk would say it for every one. */
	if (store_run_error(run->store, &e, &cause) != 0) {
		if (run->lost++ == 0)
			run->lost_cause = cause;
		else
			free(cause);
	}
	run->failed++;
}

/* Note, for the progress line, the history a job has read so far. */
static void
note_history(struct snapshot_run *run, const struct fetch_job *job)
{
	const struct fetch_history	*h = &job->history;

	if (h->new_pages == 0)
		return;
	run->history_posts += job->result.nposts;
	if (h->oldest == 0)
		return;
	if (run->history_name == NULL ||
	    strcmp(run->history_name, job->account.name) != 0) {
		free(run->history_name);
		run->history_name = xstrdup(job->account.name);
	}
	run->history_oldest = h->oldest;
}

/* Store a job's result before its next page of history is asked for. */
static int
job_checkpoint(struct fetch_job *job, void *arg, char **cause)
{
	struct snapshot_run	*run = arg;
	char			*why = NULL;

	if (job->engagers != NULL) {
		if (snapshot_store_engagers(run->store, job, &why) == 0)
			return (0);
	} else if (job->census != NULL) {
		if (snapshot_store_census(run->store, job, &why) == 0)
			return (0);
	} else {
		note_history(run, job);
		if (snapshot_store_job(run->store, job, run->run_id,
		    &why) == 0)
			return (0);
	}
	*cause = xasprintf("not stored: %s", why);
	free(why);
	return (-1);
}

/* For -v: how far the account's history walk came. */
static void
tell_history(const struct fetch_job *job)
{
	const struct fetch_history	*h = &job->history;
	char				 day[TIME_ISO_SIZE];

	if (!h->active)
		return;
	if (h->pages == 0 && h->complete) {
		log_info("%s: history: complete, the recent posts reach back "
		    "to the first", job->account.name);
		return;
	}
	if (h->oldest != 0) {
		time_format(h->oldest, day);
		day[10] = '\0';
	} else
		strcpy(day, "-");
	log_info("%s: history: %d page%s, %zu posts, back to %s; %s",
	    job->account.name, h->pages, h->pages == 1 ? "" : "s", h->nposts,
	    day, h->complete ? "complete" : h->budget_spent ?
	    "the budget of requests is spent, the next run goes on" :
	    "the next run goes on");
}

/* For -v: what the request budget left for the next run. */
static void
tell_budget(const struct fetch_job *job)
{
	const struct fetch_budget	*b = &job->budget;
	char				 day[TIME_DATE_SIZE];
	size_t				 left;

	if (b->recent_cut && time_format_date(b->recent_oldest, day) == 0)
		log_info("%s: recent posts read back to %s only: the budget "
		    "of %d requests", job->account.name, day,
		    job->account.max_requests);
	if (b->refresh_cut && b->refresh_asked < job->account.nrefresh) {
		left = job->account.nrefresh - b->refresh_asked;
		log_info("%s: %zu older post%s due for new numbers wait for "
		    "the next run: the budget of %d requests",
		    job->account.name, left, left == 1 ? "" : "s",
		    job->account.max_requests);
	}
}

/*
 * A job that failed after it stored pages of history keeps them: the
 * message says so (the next run goes on from the last one).
 */
static void
explain_kept(struct fetch_job *job)
{
	char	*why;

	if (job->checkpoints == 0 || !job->history.active)
		return;
	why = xasprintf("%s (history walk: %d page%s stored before it; the "
	    "next run goes on from there)", job->error, job->history.pages,
	    job->history.pages == 1 ? "" : "s");
	free(job->error);
	job->error = why;
}

/* "N activity checked, " where the census checked a sample, else "". */
static const char *
checked_words(const struct fetch_census *c, char *buf, size_t len)
{
	if (c->checked == 0)
		return ("");
	char	 checked[32];

	text_thousands((int64_t)c->checked, checked, sizeof checked);
	snprintf(buf, len, "%s activity checked, ", checked);
	return (buf);
}

/* Said and kept for status; once, at the end, if it cannot be kept. */
static void
record_census_failure(struct snapshot_run *run, struct fetch_job *job)
{
	struct fetch_error_row	 e;
	char			*cause = NULL;

	log_error("%s: census: %s%s", job->account.name, job->error,
	    job->checkpoints > 0 ? " (the pages read before are stored; the "
	    "next run goes on)" : "");
	memset(&e, 0, sizeof e);
	e.run_id = run->run_id;
	e.account_id = job->account.id;
	e.at = time_now();
	e.http_status = job->http_status;
	e.message = job->error;
	if (store_census_error(run->store, &e, &cause) != 0) {
		if (run->lost++ == 0)
			run->lost_cause = cause;
		else
			free(cause);
	}
	run->census_failed++;
}

/*
 * A census job ended: what it read is stored (its pages were, as it
 * read them), or why it failed is said. Its account's counts and posts
 * are another job's: a census that fails makes the run partial, not the
 * account failed.
 */
static void
census_done(struct snapshot_run *run, struct fetch_job *job)
{
	const struct fetch_census	*c = job->census;
	char				*cause = NULL, n[64], listed[32];
	char				 gained[32], lost[32];

	if (!job->failed && snapshot_store_census(run->store, job,
	    &cause) != 0) {
		job->failed = 1;
		job->error = xasprintf("not stored: %s", cause);
		free(cause);
	}
	if (job->failed)
		record_census_failure(run, job);
	else if (c->was_hidden && c->owner)
		log_info("%s: census: the follower list stays hidden even "
		    "with the owner's token (the server shows it to nobody)",
		    job->account.name);
	else if (c->was_hidden)
		log_info("%s: census: the follower list is hidden from us "
		    "(give the owner's token to read it)", job->account.name);
	else {
		text_thousands((int64_t)c->listed, listed, sizeof listed);
		text_thousands((int64_t)c->gained, gained, sizeof gained);
		text_thousands((int64_t)c->lost, lost, sizeof lost);
		log_info("%s: census: %s follower%s read%s, %s new, %s "
		    "gone, %s%d request%s%s", job->account.name, listed,
		    text_plural((int64_t)c->listed), c->read_whole ? " (the walk through the whole list "
		    "ended)" : c->full ? " (the walk through the whole list "
		    "goes on)" : " (the newest, down to those known)",
		    gained, lost, checked_words(c, n, sizeof n),
		    job->requests, job->requests == 1 ? "" : "s",
		    c->budget_spent ? "; the budget of requests is spent, the "
		    "next run goes on" : "");
	}
	/* Where reads are billed, the census is paid first. */
	if (!job->failed && run->engagers &&
	    job->account.platform->engager_read_price > 0)
		snapshot_engager_jobs(run->store, job, job,
		    run->engager_requests, &run->billed_jobs, &run->nbilled);
	if (!job->failed && c->notified > 0)
		log_info("%s: census: %zu notification%s read (%zu follow%s, "
		    "%zu severed relationship%s)%s", job->account.name,
		    c->notified, text_plural((int64_t)c->notified),
		    c->follows_read, text_plural((int64_t)c->follows_read),
		    c->severed_read, text_plural((int64_t)c->severed_read),
		    c->notify_cut ? "; their share of the budget is spent, "
		    "the next run goes on" : "");
	if (job->note != NULL)
		log_info("%s: census: %s", job->account.name, job->note);
	if (job->warning != NULL)
		log_warn("%s: census: %s", job->account.name, job->warning);
	fetch_job_release(job);
	free(job);
}

/*
 * The census of an account runs after its own job did, from what that
 * read: an account that could not be fetched has no census either (one
 * error, not two), and its id and count need no second lookup.
 */
static const struct fetch_job *
queue_census(struct snapshot_run *run, const struct fetch_job *done)
{
	struct fetch_job	*job;

	if (!run->census || (job = snapshot_census_job_new(run->store, done,
	    run->census_requests, run->census_period)) == NULL)
		return (NULL);
	run->census_jobs = xreallocarray(run->census_jobs, run->ncensus + 1,
	    sizeof *run->census_jobs);
	run->census_jobs[run->ncensus++] = job;
	return (job);
}

/*
 * An engager job ended: its last page stored, or its failure said. A
 * list that fails leaves the others and the account alone; the run is
 * partial, and the list goes on next run from its last page stored.
 */
static void
engagers_done(struct snapshot_run *run, struct fetch_job *job)
{
	struct fetch_engagers	*g = job->engagers;
	char			*cause = NULL;

	if (!job->failed && snapshot_store_engagers(run->store, job,
	    &cause) != 0) {
		job->failed = 1;
		job->error = xasprintf("not stored: %s", cause);
		free(cause);
	}
	if (job->failed) {
		log_error("%s: the %s list of post %s: %s", job->account.name,
		    engagement_kind_name(g->kind), g->post, job->error);
		run->engagers_failed++;
	} else {
		run->engager_lists++;
		run->engagers_read += g->read;
		run->engagers_cut += g->budget_spent;
		if (log_verbose)
			log_info("%s: %ss of post %s: %zu read, %d request%s%s",
			    job->account.name, engagement_kind_name(g->kind),
			    g->post, g->read, job->requests,
			    job->requests == 1 ? "" : "s", g->budget_spent ?
			    "; its budget is spent, the next run goes on" :
			    "");
	}
	if (job->warning != NULL)
		log_warn("%s: %s", job->account.name, job->warning);
	fetch_job_release(job);
	free(job);
}

/*
 * The lists of who engaged with the account's posts, after its census
 * (whose purse they share where reads are billed).
 */
static void
queue_engagers(struct snapshot_run *run, const struct fetch_job *done,
    const struct fetch_job *census)
{
	if (!run->census || !run->engagers ||
	    done->account.platform->engager_read_price > 0)
		return;
	snapshot_engager_jobs(run->store, done, census, run->engager_requests,
	    &run->census_jobs, &run->ncensus);
}

static void
census_drop(struct fetch_job *job)
{
	fetch_job_release(job);
	free(job);
}

/* A job ended: store what is left of it, or record why it failed. */
static void
job_done(struct fetch_job *job, void *arg)
{
	struct snapshot_run	*run = arg;
	char			*cause = NULL;

	if (job->engagers != NULL) {
		engagers_done(run, job);
		return;
	}
	if (job->census != NULL) {
		census_done(run, job);
		return;
	}
	if (!job->failed) {
		note_history(run, job);
		if (snapshot_store_job(run->store, job, run->run_id,
		    &cause) != 0) {
			job->failed = 1;
			job->error_kind = FETCH_ERR_NONE;
			job->error = xasprintf("not stored: %s", cause);
			free(cause);
		}
	}
	if (job->failed) {
		explain_kept(job);
		record_failure(run, job);
	} else {
		run->ok++;
		queue_engagers(run, job, queue_census(run, job));
		log_info("%s: %zu posts, %d request%s", job->account.name,
		    job->nstored, job->requests,
		    job->requests == 1 ? "" : "s");
		tell_history(job);
		tell_budget(job);
	}
	if (job->note != NULL)
		log_info("%s: %s", job->account.name, job->note);
	if (job->warning != NULL)
		log_warn("%s: %s", job->account.name, job->warning);
	fetch_job_release(job);
	free(job);
}

/* Mark the account named 'spec' in the list; -1 if it is not there. */
static int
pick_named(struct account_summary *list, size_t n, int *picked,
    const char *spec)
{
	const struct platform	*p;
	char		*handle = NULL, *cause = NULL;
	size_t		 i;
	int		 rc = -1;

	if (account_spec_parse(spec, &p, &handle, &cause) != 0) {
		log_error("%s", cause);
		free(cause);
		return (-1);
	}
	for (i = 0; i < n; i++) {
		if (list[i].account.platform == p &&
		    strcmp(list[i].account.handle, handle) == 0) {
			picked[i] = 1;
			rc = 0;
		}
	}
	if (rc != 0)
		log_error("no account '%s:%s' (add it with 'tideline track')",
		    p->name, handle);
	free(handle);
	return (rc);
}

/* Make the jobs for the accounts named, or for every active one. */
static int
make_jobs(struct store *store, char **names, int nnames, int64_t now,
    const struct snapshot_opts *o, struct fetch_job ***jobs,
    size_t *njobs)
{
	struct account_summary	*list;
	char			*cause = NULL;
	size_t			 n, i;
	int			*picked, k, rc = 0;

	if (store_accounts_list(store, &list, &n, &cause) != 0) {
		log_error("%s", cause);
		free(cause);
		return (-1);
	}
	/* The jobs read the secrets: from here on, no core dump holds them. */
	if (config_protect_secrets(&cause) != 0) {
		log_warn("%s", cause);
		free(cause);
	}
	picked = xcalloc(n + 1, sizeof *picked);
	for (i = 0; i < n; i++)
		picked[i] = nnames == 0 && list[i].account.active;
	for (k = 0; k < nnames && rc == 0; k++)
		rc = pick_named(list, n, picked, names[k]);
	*jobs = xcalloc(n + 1, sizeof **jobs);
	*njobs = 0;
	for (i = 0; i < n && rc == 0; i++) {
		if (picked[i])
			(*jobs)[(*njobs)++] = snapshot_job_new(store,
			    &list[i].account, now, &o->history);
	}
	free(picked);
	store_accounts_free(list, n);
	return (rc);
}

/* Jobs that could not start are done already; the engine runs the rest. */
static int
run_jobs(struct snapshot_run *run, struct fetch_job **jobs, size_t n,
    const struct fetch_options *o)
{
	char	*cause = NULL;
	size_t	 i, k = 0;

	for (i = 0; i < n; i++) {
		if (jobs[i]->failed)
			job_done(jobs[i], run);
		else
			jobs[k++] = jobs[i];
	}
	if (fetch_run(jobs, k, o, job_done, run, &cause) != 0) {
		/* Nothing ran: each job still ends, as a failure. */
		for (i = 0; i < k; i++) {
			jobs[i]->failed = 1;
			jobs[i]->error_kind = FETCH_ERR_NETWORK;
			jobs[i]->error = xstrdup(cause);
			job_done(jobs[i], run);
		}
		log_error("%s", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/*
 * The engager lists whose reads are billed, queued as their census
 * ended, in the time the census left of the deadline.
 */
static void
run_billed(struct snapshot_run *run, struct fetch_options *fo, int64_t start)
{
	long	 used_ms = (long)(time_now() - start) * 1000;
	size_t	 n = run->nbilled;

	if (n == 0)
		return;
	if (fo->run_deadline_ms > 0) {
		if (used_ms >= fo->run_deadline_ms) {
			log_warn("no time left for %zu engager list%s whose "
			    "reads are billed: the next run reads them", n,
			    n == 1 ? "" : "s");
			while (n > 0)
				census_drop(run->billed_jobs[--n]);
			run->nbilled = 0;
			return;
		}
		fo->run_deadline_ms -= used_ms;
	}
	run->nbilled = 0;
	run_jobs(run, run->billed_jobs, n, fo);
}

/*
 * The census jobs, in the time the run's deadline leaves (none left: they
 * wait for the next run, and the user hears it).
 */
static void
run_census(struct snapshot_run *run, struct fetch_options *fo, int64_t start)
{
	long	 used_ms = (long)(time_now() - start) * 1000;
	size_t	 n = run->ncensus, i, accounts = 0;

	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		accounts += run->census_jobs[i]->census != NULL;
	if (fo->run_deadline_ms > 0) {
		if (used_ms >= fo->run_deadline_ms) {
			log_warn("no time left for the census of %zu "
			    "account%s (%zu engager list%s): the next run "
			    "reads it", accounts, accounts == 1 ? "" : "s",
			    n - accounts, n - accounts == 1 ? "" : "s");
			while (n > 0)
				census_drop(run->census_jobs[--n]);
			run->ncensus = 0;
			return;
		}
		fo->run_deadline_ms -= used_ms;
	}
	run->ncensus = 0;
	start = time_now();
	run_jobs(run, run->census_jobs, n, fo);
	run_billed(run, fo, start);
}

/*
 * Close the run with its counts; rc is what the fetching came to. A run
 * that cannot be closed (a full disk) is said, and stays 'running' (shown
 * as interrupted); it still stored what it stored: 3 if it stored any.
 */
static enum cmd_retval
finish_run(struct store *store, struct snapshot_run *run, enum cmd_retval rc)
{
	char	*cause = NULL, census[128] = "";

	if (run->lost > 0) {
		log_error("the errors of %d account%s were not recorded: %s",
		    run->lost, run->lost == 1 ? "" : "s", run->lost_cause);
		free(run->lost_cause);
		run->lost_cause = NULL;
	}
	if (store_run_finish(store, run->run_id, time_now(), run->ok,
	    run->failed, run->census_failed + run->engagers_failed,
	    &cause) != 0) {
		log_error("%s; run %lld stays 'running' (tideline status shows "
		    "it as interrupted) with %d account%s stored, %d failed",
		    cause, (long long)run->run_id, run->ok, run->ok == 1 ? "" :
		    "s", run->failed);
		free(cause);
		return (run->ok > 0 ? CMD_PARTIAL : CMD_ERROR);
	}
	if (run->census_failed > 0)
		snprintf(census, sizeof census, ", %d of their census%s "
		    "failed", run->census_failed, run->census_failed == 1 ?
		    "" : "es");
	if (run->engagers_failed > 0)
		snprintf(census + strlen(census), sizeof census -
		    strlen(census), ", %d engager list%s failed",
		    run->engagers_failed, run->engagers_failed == 1 ? "" : "s");
	log_info("run %lld: %d accounts stored, %d failed%s",
	    (long long)run->run_id, run->ok, run->failed, census);
	if (run->engager_lists > 0)
		log_info("engagers: %zu read from %zu list%s of posts%s",
		    run->engagers_read, run->engager_lists,
		    run->engager_lists == 1 ? "" : "s", run->engagers_cut > 0 ?
		    " (some were cut short by their budget; the next run goes "
		    "on)" : "");
	return (rc);
}

/* Everything after the lock: record the run, fetch, store, close it. */
static enum cmd_retval
snapshot_locked(struct cmd_ctx *ctx, char **names, int nnames,
    const struct snapshot_opts *o)
{
	struct snapshot_run	 run;
	struct fetch_options	 fo = o->fetch;
	struct fetch_job	**jobs = NULL;
	char			*cause = NULL;
	size_t			 njobs = 0, i;
	int64_t			 now = time_now();
	enum cmd_retval		 rc = CMD_ERROR;

	memset(&run, 0, sizeof run);
	run.store = ctx->store;
	if (make_jobs(ctx->store, names, nnames, now, o, &jobs,
	    &njobs) != 0)
		goto out;
	if (njobs == 0) {
		/* Said even from cron: a run that fetches nothing is a setup
		 * to look at (the wrong database, every account untracked). */
		log_warn("no active accounts in '%s' to fetch (add one with "
		    "'tideline track PLATFORM:HANDLE')", ctx->db_path);
		rc = CMD_OK;
		goto out;
	}
	/* No run row, no fetching: nothing fetched could be stored. */
	if (store_run_start(ctx->store, now, TIDELINE_VERSION, &run.run_id,
	    &cause) != 0) {
		log_error("%s; nothing was fetched", cause);
		goto out;
	}
	fo.checkpoint = job_checkpoint;
	fo.arg = &run;
	run.census = o->census;
	run.census_requests = o->census_requests;
	run.census_period = o->census_period;
	run.engagers = o->engagers;
	run.engager_requests = o->engager_requests;
	if (run_jobs(&run, jobs, njobs, &fo) == 0) {
		run_census(&run, &fo, now);
		rc = run.failed == 0 && run.census_failed == 0 &&
		    run.engagers_failed == 0 ? CMD_OK : CMD_PARTIAL;
	}
	njobs = 0;	/* every job was handed to job_done, which frees it */
	rc = finish_run(ctx->store, &run, rc);
out:
	for (i = 0; i < run.ncensus; i++)
		census_drop(run.census_jobs[i]);
	free(run.census_jobs);
	for (i = 0; i < run.nbilled; i++)
		census_drop(run.billed_jobs[i]);
	free(run.billed_jobs);
	free(run.history_name);
	free(cause);
	for (i = 0; i < njobs; i++) {
		fetch_job_release(jobs[i]);
		free(jobs[i]);
	}
	free(jobs);
	config_release();
	return (rc);
}

static enum cmd_retval
cmd_snapshot_run(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	struct snapshot_opts	 o;
	char			*path = NULL, *cause = NULL;
	int			 fd;
	enum cmd_retval		 rc;

	snapshot_options(args, &o);
	fd = lock_take_db(ctx->db_path, o.wait_ms, &path, &cause);
	if (fd == -2) {
		log_error("another tideline snapshot or import is running "
		    "(lock '%s' held for over %ld s); not running this one",
		    path, o.wait_ms / 1000);
		free(path);
		return (CMD_LOCKED);
	}
	if (fd < 0) {
		log_error("%s", cause);
		free(cause);
		free(path);
		return (CMD_ERROR);
	}
	store_set_wait(ctx->store, STORE_WAIT_MS);
	rc = snapshot_locked(ctx, args->argv, args->argc, &o);
	lock_release(fd);
	free(path);
	return (rc);
}
