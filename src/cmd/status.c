/* Show what the last snapshot runs did and how each account is faring. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyze/audience.h"
#include "cmd/census-billed.h"
#include "cmd/cmd.h"
#include "cmd/results.h"
#include "store/store.h"
#include "util/lock.h"
#include "util/log.h"
#include "util/text.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#define RECENT_RUNS	10
/* From this many failed runs in a row on, an account is called failing. */
#define FAILING_RUNS	2

static enum cmd_retval	cmd_status_run(struct cmd_ctx *,
			    const struct cmd_args *);

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "[--format text|json]",
	.summary = "show the last snapshot runs and failing accounts",
	.help =
	    "Lists the last runs (a run still marked running while no\n"
	    "snapshot holds the lock was interrupted), each account's last\n"
	    "good fetch, and the accounts whose last runs failed, with the\n"
	    "platform's message and, when rate limited, when to retry.\n\n"
	    "For each account also its posts stored, the oldest one's date\n"
	    "and its history: complete (every post the platform serves is\n"
	    "read; X serves the 3,200 newest only, and says so), incomplete\n"
	    "(the walk back goes on at the next snapshot) or not started;\n"
	    "and the posts found deleted on the platform since (kept);\n"
	    "and its census of followers: one that failed since its last\n"
	    "walk, one turned off, a list that came back empty although\n"
	    "the platform counts followers.\n\n"
	    "JSON: runs (id, started_at, finished_at, status, accounts_ok,\n"
	    "accounts_failed, census_failed: accounts whose census failed,\n"
	    "accounts_stored: of a run that did not finish, the accounts\n"
	    "whose counts it stored) and accounts (account, active, last_good_fetch,\n"
	    "last_snapshot, failures_in_a_row, failing, last_error,\n"
	    "last_error_at, http_status, retry_after, history, posts,\n"
	    "oldest_post, deleted_posts, history_limit, census_error,\n"
	    "census_error_at, census_http_status: the census's last failure\n"
	    "while no walk has read its list since and the census is on,\n"
	    "else null; census_note: the census is off, or its list came\n"
	    "back empty, else null).\n",
	.formats = FORMAT_BIT(FORMAT_TEXT) | FORMAT_BIT(FORMAT_JSON),
	.flags = CMD_READS_DB,
	.run = cmd_status_run,
};

/* Is a snapshot running now? Its runs are 'running'; others died. */
static int
snapshot_running(const char *db_path)
{
	return (lock_held_db(db_path));
}

static const char *
run_state(const struct run_summary *r, int live)
{
	if (strcmp(r->status, "running") == 0 && !live)
		return ("interrupted");
	return (r->status);
}

static void
fmt_time(int64_t t, char out[TIME_ISO_SIZE])
{
	if (t == 0)
		strcpy(out, "never");
	else
		time_format(t, out);
}

static void
print_runs(const struct run_summary *runs, size_t n, int live)
{
	char	 at[TIME_ISO_SIZE];
	size_t	 i;

	text_printf("LAST RUNS\n");
	if (n == 0)
		text_printf("  (none yet: run 'tideline snapshot')\n");
	for (i = 0; i < n; i++) {
		time_format(runs[i].started_at, at);
		text_printf("  #%-5lld %s  %-11s %3d ok  %3d failed", (long long)
		    runs[i].id, at, run_state(&runs[i], live && i == 0),
		    runs[i].ok, runs[i].failed);
		if (runs[i].census_failed > 0)
			text_printf("  %d census failed", runs[i].census_failed);
		/* Its counts are written at its end: what it stored before. */
		if (runs[i].finished_at == 0 && runs[i].stored > 0)
			text_printf("  (%d account%s stored before it stopped)",
			    runs[i].stored, runs[i].stored == 1 ? "" : "s");
		if (runs[i].finished_at != 0)
			text_printf("  (%lld s)", (long long)
			    (runs[i].finished_at - runs[i].started_at));
		putchar('\n');
	}
}

static const char *
history_word(int history)
{
	return (history > 0 ? "complete" : history == 0 ? "incomplete" :
	    "not started");
}

/*
 * The platform's API serves only its newest posts, fewer than the
 * account has: a complete history is complete as far as it goes.
 */
static int64_t
history_capped(const struct account_health *h)
{
	int64_t	 max = h->account.platform->history_max;

	if (h->history > 0 && max > 0 && h->platform_posts > max)
		return (max);
	return (0);
}

/* The account's posts: how many, how far back, whether that is all. */
static void
print_history(const struct account_health *h)
{
	char	 oldest[TIME_ISO_SIZE];

	if (h->posts == 0 && h->history < 0)
		return;
	fmt_time(h->oldest_post, oldest);
	oldest[h->oldest_post != 0 ? 10 : 5] = '\0';
	text_printf("  %-44s %lld post%s back to %s, history %s", "",
	    (long long)h->posts, h->posts == 1 ? "" : "s", oldest,
	    history_word(h->history));
	if (history_capped(h) != 0)
		text_printf(" (%s serves an account's %lld newest posts only, "
		    "replies and reposts among them; it has %lld)",
		    h->account.platform->title, (long long)history_capped(h),
		    (long long)h->platform_posts);
	if (h->deleted_posts > 0)
		text_printf(", %lld deleted on the platform",
		    (long long)h->deleted_posts);
	putchar('\n');
}

/* What status says of an account's census. */
struct census_view {
	enum census_mode	 mode;
	int64_t			 empty_count;	/* census_summary's */
	const char		*note;		/* off, an empty list; or NULL */
	char			 off[256];	/* off: since when, in words */
	int			 bill_shown;	/* 1: bill holds the month's */
	struct census_bill	 bill;
};

/*
 * The account's census setting and its newest walk, and where its reads
 * are billed (X), the month's spend; a census turned off says so, not a
 * failure from before.
 */
static void
census_view(struct store *store, const struct account_health *h,
    struct census_view *v)
{
	const struct account	*a = &h->account;
	struct census_summary	 c;
	struct census_mode_at	 m;
	char			*cause = NULL;

	memset(v, 0, sizeof *v);
	if (a->platform->census == NULL)
		return;
	if (store_census_mode(store, a->id, &v->mode, &cause) != 0 ||
	    store_census_mode_at(store, a->id, time_now(), &m, &cause) != 0 ||
	    store_census_summary(store, a->id, time_now(), &c, &cause) != 0 ||
	    (census_billed(a->platform) && census_billed_get(store, a->id,
	    a->platform, time_now(), &v->bill, &cause) != 0)) {
		log_warn("%s", cause);
		free(cause);
		return;
	}
	v->bill_shown = audience_bill_shown(census_billed(a->platform),
	    v->mode, &v->bill);
	if (v->mode == CENSUS_MODE_OFF) {
		audience_off_words(&m, c.last_walk, time_now(), v->off,
		    sizeof v->off);
		v->note = v->off;
	}
	else if (h->census_error == NULL && c.empty_count > 0)
		v->note = audience_reason_words(AUDIENCE_CENSUS_EMPTY)->note;
}

static void
print_census(const struct account_health *h, const struct census_view *v)
{
	char	 words[200], when[TIME_ISO_SIZE];

	if (v->bill_shown) {
		census_bill_words(&v->bill, words, sizeof words);
		text_printf("  %-44s census spent %s\n", "", words);
	}
	if (v->note != NULL)
		text_printf("  %-44s %s\n", "", v->note);
	else if (h->census_error != NULL) {
		fmt_time(h->census_error_at, when);
		text_printf("  %-44s census failed %s: %s\n", "", when,
		    h->census_error);
	}
}

static void
print_health(struct store *store, const struct account_health *h, size_t n)
{
	struct census_view	 v;
	char			 good[TIME_ISO_SIZE], when[TIME_ISO_SIZE];
	char			*name;
	size_t			 i;

	text_printf("\nACCOUNTS\n");
	for (i = 0; i < n; i++) {
		name = account_name(&h[i].account);
		fmt_time(h[i].last_fetched_at, good);
		text_printf("  %-44s last good fetch %s%s\n", name, good,
		    h[i].account.active ? "" : " (untracked)");
		print_history(&h[i]);
		census_view(store, &h[i], &v);
		if (h[i].failures_in_a_row > 0 && h[i].last_error != NULL) {
			text_printf("  %-44s %s %d run%s in a row: %s\n", "",
			    h[i].failures_in_a_row >= FAILING_RUNS ?
			    "FAILING" : "failed", h[i].failures_in_a_row,
			    h[i].failures_in_a_row == 1 ? "" : "s",
			    h[i].last_error);
			if (h[i].retry_after != 0) {
				time_format(h[i].retry_after, when);
				text_printf("  %-44s rate limited until %s\n",
				    "", when);
			}
		}
		print_census(&h[i], &v);
		free(name);
	}
}

static json_t *
runs_json(const struct run_summary *runs, size_t n, int live)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:o, s:o, s:s, s:i, "
		    "s:i, s:i, s:i}", "id", (json_int_t)runs[i].id,
		    "started_at", cmd_json_time(runs[i].started_at),
		    "finished_at", cmd_json_time(runs[i].finished_at),
		    "status", run_state(&runs[i], live && i == 0),
		    "accounts_ok", runs[i].ok, "accounts_failed",
		    runs[i].failed, "census_failed", runs[i].census_failed,
		    "accounts_stored", runs[i].finished_at != 0 ?
		    runs[i].ok : runs[i].stored));
	return (a);
}

static json_t *
health_json(struct store *store, const struct account_health *h, size_t n)
{
	struct census_view	 v;
	json_t			*a = json_array();
	char			*name;
	size_t			 i;
	int			 failed;

	for (i = 0; i < n; i++) {
		name = account_name(&h[i].account);
		json_array_append_new(a, json_pack("{s:s, s:b, s:o, s:o, s:i, "
		    "s:b, s:o, s:o, s:o, s:o}", "account", name, "active",
		    h[i].account.active, "last_good_fetch",
		    cmd_json_time(h[i].last_fetched_at), "last_snapshot",
		    cmd_json_time(h[i].last_snapshot), "failures_in_a_row",
		    h[i].failures_in_a_row, "failing",
		    h[i].failures_in_a_row >= FAILING_RUNS, "last_error",
		    cmd_json_string(h[i].last_error), "last_error_at",
		    cmd_json_time(h[i].last_error_at), "http_status",
		    h[i].last_status ? json_integer(h[i].last_status) :
		    json_null(), "retry_after", cmd_json_time(h[i].retry_after)));
		json_object_set_new(json_array_get(a, i), "history",
		    json_string(history_word(h[i].history)));
		json_object_set_new(json_array_get(a, i), "posts",
		    json_integer(h[i].posts));
		json_object_set_new(json_array_get(a, i), "oldest_post",
		    cmd_json_time(h[i].oldest_post));
		json_object_set_new(json_array_get(a, i), "deleted_posts",
		    json_integer(h[i].deleted_posts));
		census_view(store, &h[i], &v);
		failed = v.mode != CENSUS_MODE_OFF && h[i].census_error != NULL;
		json_object_set_new(json_array_get(a, i), "census_error",
		    cmd_json_string(failed ? h[i].census_error : NULL));
		json_object_set_new(json_array_get(a, i), "census_error_at",
		    cmd_json_time(failed ? h[i].census_error_at : 0));
		json_object_set_new(json_array_get(a, i), "census_http_status",
		    failed && h[i].census_status ?
		    json_integer(h[i].census_status) : json_null());
		json_object_set_new(json_array_get(a, i), "census_note",
		    cmd_json_string(v.note));
		json_object_set_new(json_array_get(a, i), "history_limit",
		    history_capped(&h[i]) != 0 ?
		    json_integer(history_capped(&h[i])) : json_null());
		if (v.bill_shown)
			json_object_set_new(json_array_get(a, i),
			    "census_spend", census_bill_json(&v.bill));
		free(name);
	}
	return (a);
}

static enum cmd_retval
cmd_status_run(struct cmd_ctx *ctx, const struct cmd_args *args)
{
	struct run_summary	*runs = NULL;
	struct account_health	*health = NULL;
	char			*cause = NULL;
	size_t			 nruns = 0, nhealth = 0;
	int			 live;
	json_t			*o;
	enum cmd_retval		 rc = CMD_ERROR;

	if (store_runs_recent(ctx->store, RECENT_RUNS, &runs, &nruns,
	    &cause) != 0 || store_accounts_health(ctx->store, &health,
	    &nhealth, &cause) != 0)
		goto out;
	live = snapshot_running(ctx->db_path);
	if (ctx->format == FORMAT_JSON) {
		o = json_pack("{s:o, s:o}", "runs", runs_json(runs, nruns,
		    live), "accounts", health_json(ctx->store, health,
		    nhealth));
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
	} else {
		print_runs(runs, nruns, live);
		print_health(ctx->store, health, nhealth);
	}
	rc = CMD_OK;
out:
	if (cause != NULL)
		log_error("%s", cause);
	free(cause);
	store_runs_free(runs, nruns);
	store_accounts_health_free(health, nhealth);
	return (rc);
}
