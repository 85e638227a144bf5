/*
 * What report.c (building a group's page from the analyses' results) and
 * report-render.c (writing it as JSON, text or Markdown) share. Every
 * format is written from the same struct report_page, so the three never
 * disagree; the text and Markdown show the numbers as the JSON rounds
 * them.
 *
 * Ownership as in results.h: the page owns its arrays and what they
 * point to, except account and group names, borrowed from the analysis
 * context (until analysis_end).
 */
#ifndef TL_CMD_REPORT_H
#define TL_CMD_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "cmd/results.h"
#include "util/timeutil.h"

/* An account's line: followers now and growth. */
struct report_account {
	const char	*account;	/* borrowed */
	int64_t		 followers;	/* the newest count; COUNT_UNKNOWN
					   without snapshots */
	double		 growth_7d;	/* followers gained in 7 days, a
					   whole number; NAN: unknown */
	double		 growth_30d;	/* ... in 30 days */
	double		 growth_365d;	/* ... in 365 days */
	int64_t		 last_snapshot;	/* UTC seconds; 0: none */
	int64_t		 posts;		/* posts stored */
};

/* A post of the group's last 30 days, by reposts. */
struct report_post {
	struct post_ref	 post;
	int64_t		 reposts;	/* the newest count */
};

/* The next round number of followers, at the recent pace. */
struct report_milestone {
	const char	*account;	/* borrowed */
	int64_t		 followers;	/* now */
	int64_t		 milestone;	/* the next round number above */
	double		 per_day;	/* the median 30-day pace of the last
					   90 days, followers a day, to 0.01 */
	int64_t		 date;		/* when, at that pace, UTC seconds;
					   0: not within ten years */
	int64_t		 earliest;	/* the 80% interval: at the fastest */
	int64_t		 latest;	/* ... and the slowest pace; 0 alike */
};

/* Something in the data to distrust. */
struct report_warning {
	char		*account;	/* "platform:handle"; owned */
	char		*text;		/* a sentence; owned */
};

/* One group's page. */
struct report_page {
	const char		*group;		/* borrowed */
	int64_t			 as_of;		/* UTC seconds */
	const char		*time_zone;	/* the zone of its dates;
						   borrowed */
	int64_t			 data_from;	/* the oldest snapshot of its
						   accounts, UTC s; 0: none */
	int64_t			 data_to;	/* the newest; 0: none */
	struct report_account	*accounts;	/* its picked accounts, in
						   order; owned */
	size_t			 naccounts;
	struct bursts_result	*bursts;	/* of those with counts (not
						   feeds); owned */
	size_t			 nbursts;
	const struct attributed_burst **recent;	/* the bursts that ended in
						   the last year, newest
						   first; owned array
						   pointing into bursts */
	size_t			 nrecent;
	struct decay_report	*audience;	/* as bursts; owned */
	size_t			 naudience;
	struct audience_result	*census;	/* of those whose platform
						   lists followers; owned */
	size_t			 ncensus;
	struct topics_result	*topics;	/* as bursts; owned */
	size_t			 ntopics;
	struct report_post	*top_posts;	/* most reposted first; owned */
	size_t			 ntop_posts;
	struct report_milestone	*milestones;	/* owned */
	size_t			 nmilestones;
	struct report_warning	*warnings;	/* owned */
	size_t			 nwarnings;
};

void	 report_page_release(struct report_page *);

#define REPORT_YEAR	(365 * SECONDS_PER_DAY)	/* how far back it looks */

/*
 * The page's notes (report-notes.c). report_milestone: when account's
 * next round number of followers comes at the recent pace; 0 when the
 * series is too short to say. report_series_warnings: account k's
 * snapshot gaps of the last year, stale, rounded or hidden counts.
 * report_top_posts: the loaded group's most reshared posts of the last
 * 30 days. report_fetch_warnings: the group's accounts whose last fetches
 * failed.
 */
int	 report_milestone(const char *, const struct follower_point *, size_t,
	    int64_t, struct report_milestone *);
void	 report_series_warnings(struct analysis_ctx *, size_t,
	    const struct follower_point *, size_t, struct report_page *);
void	 report_top_posts(struct analysis_ctx *, struct report_page *);
void	 report_fetch_warnings(struct analysis_ctx *, const char *,
	    struct report_page *);

/* One group's page as JSON (a new value; report-json.c). */
json_t	*report_render_json(const struct report_page *);
/* ... as text or Markdown on standard output (report-render.c). */
void	 report_render_text(const struct report_page *);
void	 report_render_markdown(const struct report_page *);

#endif
