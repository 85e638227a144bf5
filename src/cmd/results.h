/*
 * The analyses' results as C structs. Each analysis makes one per
 * account, once, and every output reads that: the command's text, CSV
 * and JSON, the report's page and the charts. The producers read the
 * store through the analysis context (analysis.h); the sums themselves
 * are src/analyze/'s.
 *
 * Ownership: a result owns what it points to, freed by its _release,
 * except account names ("platform:handle"), which are borrowed from the
 * analysis context and live until analysis_end. Nothing in a result
 * points into the group's posts, so a result outlives the loading of
 * another group.
 */
#ifndef TL_CMD_RESULTS_H
#define TL_CMD_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "analyze/attribute.h"
#include "cmd/census-billed.h"
#include "analyze/audience.h"
#include "analyze/decay.h"
#include "analyze/series.h"
#include "analyze/survival.h"
#include "analyze/topics.h"
#include "cmd/analysis.h"

struct json_t;

/* A post as the outputs name it, copied from the group's posts. */
struct post_ref {
	const char	*account;	/* its account; borrowed */
	char		*post_id;	/* the platform's id; owned */
	char		*url;		/* or NULL; owned */
	char		*title;		/* title or text, or NULL; owned */
	int64_t		 published_at;	/* UTC seconds */
};

/* Copy post i of the loaded group's posts; post_ref_release frees it. */
void	 analysis_post_ref(const struct analysis_ctx *, size_t,
	    struct post_ref *);
void	 post_ref_release(struct post_ref *);

/* A post named as a cause of a burst. */
struct burst_cause {
	struct post_ref	 post;
	size_t		 index;		/* the post's in the group's posts,
					   as loaded when the result was
					   made */
	double		 share;		/* of the burst's evidence, 0..1 */
	int64_t		 engaged;	/* new followers who engaged with it
					   first, or -1: no evidence */
	struct amplifier *amplifiers;	/* who spread it in the burst,
					   largest reach first; owned */
	size_t		 namplifiers;
	char		 why[sizeof ((struct attribution *)0)->why];
					/* a sentence a person can check */
};

/* Who spread a post in a burst, at most (largest reach first). */
#define AMPLIFIERS_MAX	5

/* A burst and the posts that explain it. */
struct attributed_burst {
	const char		*account;	/* whose burst; borrowed */
	struct burst		 burst;		/* when, how large */
	struct burst_cause	 causes[ATTRIBUTE_MAX];	/* best first */
	size_t			 ncauses;
	int64_t			 new_followers;	/* the census's in it, whose
						   trail was asked; -1: the
						   account has no engager
						   lists (timing alone) */
};

/* What `tideline bursts` finds on one account. */
struct bursts_result {
	const char		*account;	/* borrowed */
	struct follower_point	*points;	/* the series searched (the
						   options' range), oldest
						   first; owned */
	size_t			 npoints;
	struct attributed_burst	*bursts;	/* oldest first; owned */
	size_t			 nbursts;
};

/*
 * Account k's series, its bursts and their causes among its group's
 * posts (loaded if they are not). -1 on error, after saying why; the
 * result is then empty. bursts_result_release frees it.
 */
int	 analysis_bursts_result(struct analysis_ctx *, size_t,
	    struct bursts_result *);
void	 bursts_result_release(struct bursts_result *);

/* One burst as the JSON of `bursts` and of `report` carry it. */
struct json_t	*cmd_bursts_json(const struct attributed_burst *);

/* What `tideline decay` says of one account. */
struct decay_report {
	const char	*account;	/* borrowed */
	struct audience_fit audience;	/* how its audience fades: both
					   models and the choice */
	struct decay_obs *obs;		/* the posts fitted; owned */
	size_t		 nobs;
	int64_t		 last_post;	/* UTC seconds; 0: no post */
	double		 days_inactive;	/* from then to the as-of time;
					   NAN without a post */
	double		 followers;	/* the newest count; < 0: unknown */
	double		 fraction;	/* of the followers effective now, by
					   the chosen model; NAN without one */
	double		 lo, hi;	/* its 90% interval; NAN likewise */
	int		 has_measured;	/* 1: a census measured it */
	struct audience_measured measured; /* the share of the listed
					   followers who posted within 30
					   days, as of the as-of time */
};

/*
 * Fit account k's decay from its posts of every kind and its whole
 * series up to the options' end, and read the effective audience at
 * the as-of time off the fit. -1 on error, after saying why; the report
 * is then empty. decay_report_release frees it.
 */
int	 analysis_decay_report(struct analysis_ctx *, size_t,
	    struct decay_report *);
void	 decay_report_release(struct decay_report *);

/* One account's report as the JSON of `decay` and of `report` carry it. */
struct json_t	*cmd_decay_json(const struct decay_report *);

/* The followers a burst brought, and whether they stayed. */
struct burst_cohort {
	int64_t			 start_day, end_day;	/* the burst's */
	int32_t			 offset;
	double			 gained;	/* by the counts */
	struct census_cohort	 c;		/* by the list */
};

/* What `tideline audience` says of one account: its census. */
struct audience_result {
	const char		*account;	/* borrowed */
	int64_t			 followers;	/* the platform's, or unknown */
	int64_t			 unlisted;	/* counted but not in the list
						   read whole (below 0: more
						   listed than counted) */
	int			 unlisted_known;	/* 0: unlisted unknown */
	struct census_summary	 c;
	struct engaged_summary	 engaged;	/* who engaged (lists: 0,
						   none read) */
	double			 share, lo, hi;	/* active in 30 days; NAN */
	enum audience_reason	 reason;	/* what the note says */
	int			 counted;	/* 1: the census has numbers
						   (else the JSON's are null) */
	const char		*note;		/* the reason's words, with the
						   account's data; static or
						   note_text, or NULL */
	char			 note_text[600];
	struct census_failure	 failure;	/* the census's last, if no
						   walk since; owns its
						   message */
	enum census_mode	 mode;		/* the account's setting */
	struct census_mode_at	 mode_then;	/* the mode as of, and since
						   when */
	struct census_cohort	*cohorts;	/* by month of follow; owned */
	size_t			 ncohorts;
	struct burst_cohort	*bursts;	/* the last year's; owned */
	size_t			 nbursts;
	struct census_point	*history;	/* each whole walk's; owned */
	size_t			 nhistory;
	int			 has_survival;	/* 1: survival holds one */
	struct survival_result	 survival;	/* by follow age; owns its
						   curve */
	int			 billed;	/* 1: reads are billed (X) */
	int			 bill_shown;	/* 1: asked for, or spent: the
						   bill is shown */
	struct census_bill	 bill;		/* then the month's, as of */
	struct census_severed	*severed;	/* the server's severances
						   of 30 days; owned */
	size_t			 nsevered;
};

/*
 * Account k's census as of the options' as-of time, with its cohorts and
 * its bursts' followers. -1 on error, after saying why; release it all
 * the same.
 */
int	 analysis_audience_result(struct analysis_ctx *, size_t,
	    struct audience_result *);
void	 audience_result_release(struct audience_result *);
struct json_t	*cmd_audience_json(const struct audience_result *);
/*
 * Whether a billed census's month is shown (audience, status): where the
 * census was asked for (full, hashed), or the month's reads cost.
 */
int	 audience_bill_shown(int, enum census_mode, const struct census_bill *);
/*
 * A census that is off, in words: since when (as the mode's history
 * knows it) and when its list was last read (0: never), as of a time.
 */
void	 audience_off_words(const struct census_mode_at *, int64_t, int64_t,
	    char *, size_t);
/* What the losses of unknown reason are called: "why unknown" where the
 * census cannot ask (hashed ids, X), else "not yet asked why". */
const char	*audience_unknown_words(const struct audience_result *);
/* audience-survival.c: the survival of account k's followers by age. */
int	 analysis_audience_survival(struct analysis_ctx *, size_t,
	    struct audience_result *);
/*
 * audience-severed.c: the severance events of account k's last 30 days,
 * with the followers found gone across them; their JSON (null without a
 * census) and text lines, each after lead (its indent and label).
 */
int	 analysis_audience_severed(struct analysis_ctx *, size_t,
	    struct audience_result *);
struct json_t	*audience_severed_json(const struct audience_result *);
void	 audience_severed_text(const struct audience_result *,
	    const char *);
/* Its JSON (null without one), text lines and CSV fields. */
struct json_t	*audience_survival_json(const struct audience_result *);
void	 audience_survival_text(const struct audience_result *);
void	 audience_survival_csv(const struct audience_result *);
/* "100%, 80%, not yet known": still following at each age. */
void	 audience_survival_words(const struct audience_result *, char *,
	    size_t);

/* What `tideline topics` says of one account's tags. */
struct topics_result {
	const char	*account;	/* borrowed */
	struct topic	*topics;	/* best index first; owned, their
					   tags pointing into tags_text */
	size_t		 ntopics;
	char		*tags_text;	/* the tags, one after another; owned */
};

/*
 * Rank account k's tags among its posts in the options' range, with the
 * followers its group's bursts credit them with. -1 on error, after
 * saying why; the result is then empty. topics_result_release frees it.
 */
int	 analysis_topics_result(struct analysis_ctx *, size_t,
	    struct topics_result *);
void	 topics_result_release(struct topics_result *);

/* One tag of an account as the JSON of `topics` and `report` carry it. */
struct json_t	*cmd_topics_json(const char *, const struct topic *);

/*
 * v to the nearest multiple of 1 / scale, halves up: how the JSON of
 * bursts and topics carries its fractions. The report's text shows the
 * numbers of its JSON, so it rounds through this too.
 */
double	 analysis_round_half_up(double, double);
/*
 * v to the nearest multiple of unit (NAN and infinities as they are:
 * null in JSON): how the JSON of decay carries its numbers, and so the
 * report's text.
 */
double	 analysis_round_to(double, double);

#endif
