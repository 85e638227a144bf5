/*
 * The report page written for people, from the JSON report.c builds:
 * plain text for a terminal, Markdown for a weekly note.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cmd/report.h"
#include "util/text.h"

#define MAX_CAUSES	2	/* causes shown per burst */
#define MAX_TAGS	6	/* tags shown per account */

static const char *
str(json_t *o, const char *key)
{
	const char	*s = json_string_value(json_object_get(o, key));

	return (s != NULL ? s : "");
}

static int
has(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return (v != NULL && !json_is_null(v));
}

static double
num(json_t *o, const char *key)
{
	return (json_number_value(json_object_get(o, key)));
}

/* "+1,234", or "–" when unknown. */
static const char *
signed_count(json_t *o, const char *key, char *buf, size_t size)
{
	double	 v;

	if (!has(o, key))
		return ("–");
	v = num(o, key);
	buf[0] = v >= 0 ? '+' : '-';
	text_thousands((int64_t)fabs(v), buf + 1, size - 1);
	return (buf);
}

static const char *
count(json_t *o, const char *key, char *buf, size_t size)
{
	if (!has(o, key))
		return ("–");
	text_thousands((int64_t)num(o, key), buf, size);
	return (buf);
}

static void
heading(int md, const char *title)
{
	printf(md ? "\n## %s\n\n" : "\n%s\n", title);
}

static void
accounts_section(json_t *page, int md)
{
	json_t	*a;
	size_t	 i;
	char	 f[32], g7[32] = "–", g30[32] = "–", g365[32] = "–";

	heading(md, md ? "Accounts" : "ACCOUNTS");
	if (md)
		printf("| account | followers | 7d | 30d | 365d | last "
		    "snapshot |\n|---|---:|---:|---:|---:|---|\n");
	json_array_foreach(json_object_get(page, "accounts"), i, a) {
		count(a, "followers", f, sizeof f);
		signed_count(a, "growth_7d", g7, sizeof g7);
		signed_count(a, "growth_30d", g30, sizeof g30);
		signed_count(a, "growth_365d", g365, sizeof g365);
		if (md)
			printf("| %s | %s | %s | %s | %s | %.16s |\n",
			    str(a, "account"), has(a, "followers") ? f : "–",
			    g7, g30, g365, str(a, "last_snapshot"));
		else if (!has(a, "followers"))
			printf("  %-40s %9s  (posts only: %.0f)\n",
			    str(a, "account"), "–", num(a, "posts"));
		else
			printf("  %-40s %9s %7s %7s %8s   %.16s\n",
			    str(a, "account"), f, g7, g30, g365,
			    str(a, "last_snapshot"));
	}
}

static void
bursts_section(json_t *page, int md)
{
	json_t	*b, *p;
	size_t	 i, j;
	char	 g[32], e[32];

	heading(md, md ? "Bursts (last 365 days)" : "BURSTS (last 365 days; "
	    "excess = above the expected baseline)");
	if (json_array_size(json_object_get(page, "bursts")) == 0)
		printf(md ? "None.\n" : "  none\n");
	json_array_foreach(json_object_get(page, "bursts"), i, b) {
		signed_count(b, "gained", g, sizeof g);
		signed_count(b, "excess", e, sizeof e);
		printf(md ? "- **%s → %s** %s: %s followers (excess %s)\n" :
		    "  %s → %s  %-34s %s (excess %s)\n", str(b, "start"),
		    str(b, "end"), str(b, "account"), g, e);
		json_array_foreach(json_object_get(b, "posts"), j, p) {
			if (j >= MAX_CAUSES)
				break;
			printf(md ? "  %zu. %.0f%% %s \"%.70s\": %s\n" :
			    "     %zu. %3.0f%%  %s \"%.60s\": %s\n", j + 1,
			    num(p, "share") * 100, str(p, "account"),
			    str(p, "title"), str(p, "why"));
		}
	}
}

/* "after 30 silent days ~41% (33-53%)" from a decay row's curve. */
static void
curve_point(json_t *row, double days, const char *label)
{
	json_t	*point, *ci;
	size_t	 i;

	json_array_foreach(json_object_get(row, "curve"), i, point) {
		if (num(point, "days") != days || !has(point, "fraction"))
			continue;
		ci = json_object_get(point, "ci");
		printf("%s ~%.0f%% (%.0f-%.0f%%)", label,
		    num(point, "fraction") * 100,
		    json_number_value(json_array_get(ci, 0)) * 100,
		    json_number_value(json_array_get(ci, 1)) * 100);
		return;
	}
}

static void
audience_section(json_t *page, int md)
{
	json_t	*r, *ci;
	char	 audience[32];
	size_t	 i;

	heading(md, md ? "Effective audience" : "EFFECTIVE AUDIENCE (who "
	    "still sees you, estimated from engagement after silences)");
	json_array_foreach(json_object_get(page, "effective_audience"), i, r) {
		if (!has(r, "effective_fraction")) {
			printf(md ? "- %s: %s\n" : "  %-34s %s\n",
			    str(r, "account"), str(r, "note"));
			continue;
		}
		ci = json_object_get(r, "effective_fraction_ci");
		printf(md ? "- %s: last post %.0f days ago, ~%.0f%% of "
		    "followers effective (90%%: %.0f–%.0f%%) ≈ %s\n" :
		    "  %-34s last post %.0f days ago -> ~%.0f%% effective "
		    "(90%%: %.0f-%.0f%%) = %s\n", str(r, "account"),
		    num(r, "days_inactive"), num(r, "effective_fraction") * 100,
		    json_number_value(json_array_get(ci, 0)) * 100,
		    json_number_value(json_array_get(ci, 1)) * 100,
		    count(r, "effective_audience", audience, sizeof audience));
		printf(md ? "  " : "%-36s", "");
		curve_point(r, 30, "after 30 silent days");
		curve_point(r, 90, ", after 90");
		printf(md ? "  \n  " : "\n%-36s", "");
		ci = json_object_get(r, "half_life_ci");
		printf("half-life %.0f d (90%%: %.0f-%.0f d), ",
		    num(r, "half_life_days"),
		    json_number_value(json_array_get(ci, 0)),
		    json_number_value(json_array_get(ci, 1)));
		ci = json_object_get(r, "floor_ci");
		printf("floor %.2f (%.2f-%.2f), from %.0f posts\n",
		    num(r, "floor"), json_number_value(json_array_get(ci, 0)),
		    json_number_value(json_array_get(ci, 1)), num(r, "n_posts"));
	}
}

static void
topics_section(json_t *page, int md)
{
	json_t		*t;
	const char	*account = NULL;
	size_t		 i, shown = 0;

	heading(md, md ? "Context (engagement index: 1.0 = typical)" :
	    "CONTEXT (engagement index: 1.0 = this account's typical post)");
	json_array_foreach(json_object_get(page, "topics"), i, t) {
		if (!has(t, "engagement_index"))
			continue;
		if (account == NULL || strcmp(account, str(t, "account")) != 0) {
			account = str(t, "account");
			printf(md ? "%s- %s:" : "%s  %-34s", shown ? "\n" : "",
			    account);
			shown = 0;
		}
		if (shown++ < MAX_TAGS)
			printf("%s %s %.1f", shown > 1 ? " ·" : "",
			    str(t, "tag"), num(t, "engagement_index"));
	}
	printf(account == NULL ? (md ? "None.\n" : "  none\n") : "\n");
}

static void
posts_section(json_t *page, int md)
{
	json_t	*p;
	size_t	 i;

	heading(md, md ? "Top posts (30 days, by reposts)" :
	    "TOP POSTS (30 days, by reposts)");
	if (json_array_size(json_object_get(page, "top_posts")) == 0)
		printf(md ? "None.\n" : "  none\n");
	json_array_foreach(json_object_get(page, "top_posts"), i, p)
		printf(md ? "%zu. %s \"%.70s\" (%.0f reposts)\n" :
		    "  %zu. %-30s \"%.50s\" (%.0f reposts)\n", i + 1,
		    str(p, "account"), str(p, "title"), num(p, "reposts"));
}

static void
milestones_section(json_t *page, int md)
{
	json_t	*m;
	size_t	 i;
	char	 goal[32];

	heading(md, md ? "Next milestone" : "NEXT MILESTONE");
	json_array_foreach(json_object_get(page, "milestones"), i, m) {
		count(m, "milestone", goal, sizeof goal);
		if (!has(m, "date"))
			printf(md ? "- %s: %s followers: not at the recent pace "
			    "(%.2f a day)\n" : "  %-34s %s followers: not at "
			    "the recent pace (%.2f a day)\n", str(m, "account"),
			    goal, num(m, "per_day"));
		else
			printf(md ? "- %s: %s followers around %s (80%%: %s → "
			    "%s)\n" : "  %-34s %s followers: around %s (80%%: "
			    "%s -> %s)\n", str(m, "account"), goal,
			    str(m, "date"), has(m, "earliest") ?
			    str(m, "earliest") : "?", has(m, "latest") ?
			    str(m, "latest") : "later");
	}
}

static void
quality_section(json_t *page, int md)
{
	json_t	*q;
	size_t	 i;

	heading(md, md ? "Data quality" : "DATA QUALITY");
	if (json_array_size(json_object_get(page, "data_quality")) == 0)
		printf(md ? "No warnings.\n" : "  no warnings\n");
	json_array_foreach(json_object_get(page, "data_quality"), i, q)
		printf(md ? "- ⚠ %s: %s\n" : "  ! %s: %s\n",
		    str(q, "account"), str(q, "warning"));
}

static void
render(json_t *page, int md)
{
	if (md)
		printf("# tideline report: group \"%s\"\n\nAs of %.10s (UTC); "
		    "data %s → %s.\n", str(page, "group"), str(page, "as_of"),
		    str(page, "data_from"), str(page, "data_to"));
	else
		printf("tideline report · group \"%s\" · as of %.10s (UTC) · "
		    "data %s → %s\n", str(page, "group"), str(page, "as_of"),
		    str(page, "data_from"), str(page, "data_to"));
	accounts_section(page, md);
	bursts_section(page, md);
	audience_section(page, md);
	topics_section(page, md);
	posts_section(page, md);
	milestones_section(page, md);
	quality_section(page, md);
}

void
report_render_text(json_t *page)
{
	render(page, 0);
}

void
report_render_markdown(json_t *page)
{
	render(page, 1);
}
