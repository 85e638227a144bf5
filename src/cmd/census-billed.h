/*
 * The census of a platform that bills each follower read and needs the
 * owner's token to list them (X, platform.census_secret): it runs only
 * when asked for (track --census) and configured (the account's user
 * token and a monthly cap), prints its cost before a first full walk and
 * refuses one the month's cap cannot pay, and never reads past the cap.
 */
#ifndef TL_CMD_CENSUS_BILLED_H
#define TL_CMD_CENSUS_BILLED_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct fetch_job;
struct platform;

/* What a billed census spent in a month, and may. */
struct census_bill {
	char		 month[8];	/* "YYYY-MM", UTC */
	int64_t		 reads;		/* followers read */
	int64_t		 spent;		/* micro-USD */
	int64_t		 cap;		/* micro-USD a month, or -1: not set */
	int		 known;		/* 0: reads and spent by then unknown
					   (kept as the month's total only) */
	int64_t		 as_of;		/* the time the bill is of */
};

/* 1 where the platform's census needs configuring (X), else 0. */
int	 census_billed(const struct platform *);
/*
 * 1 when the account's census is off because it was never asked for on
 * a platform where it must be (X, mode default); else 0.
 */
int	 census_off_by_default(struct store *, int64_t,
	    const struct platform *);
/* What census_billed_missing finds missing. */
#define CENSUS_NO_TOKEN	0x1	/* the account's user token */
#define CENSUS_NO_CAP	0x2	/* the monthly cap */
/*
 * Which of the account's token and the cap are set nowhere (neither in
 * the environment nor in the config file), in *missing; the token found
 * in *token (a new string, or NULL) unless token is NULL. -1 with *cause
 * (a config file that may not be used, a bad cap).
 */
int	 census_billed_missing(const struct platform *, const char *,
	    char **, int *, char **);
/*
 * What is missing and how to set it, each named once in both ways (the
 * config file's key, the environment's variable): a new string.
 */
char	*census_billed_help(const struct platform *, const char *, int);
/* Where the account's token is set, for messages: a new string. */
char	*census_billed_token_source(const struct platform *, const char *);
/*
 * The account's own census secret (platform.census_secret: X's user
 * token, Bluesky's app password): 1 with a new string in *secret, 0 when
 * it is set nowhere, -1 with *cause (a config file that may not be used).
 */
int	 census_owner_secret(const struct platform *, const char *, char **,
	    char **);
/* The monthly cap in micro-USD: 1, 0 when not set, -1 when unreadable. */
int	 census_billed_cap(const struct platform *, int64_t *, char **);
/* The account's bill in the month of 'at'. -1 with *cause. */
int	 census_billed_get(struct store *, int64_t, const struct platform *,
	    int64_t, struct census_bill *, char **);
/*
 * Make a census job of a billed platform ready: its token (the user's,
 * not the app's), the price and what the cap leaves; before a first full
 * walk, print its cost and refuse it (*cause) if the cap cannot pay.
 */
int	 census_billed_setup(struct store *, struct fetch_job *, char **);
/*
 * A page was stored: its reads, and the lookups before it, go on the
 * month's bill (same transaction).
 */
int	 census_billed_record(struct store *, struct fetch_job *, char **);
/* "$1.20", "$0.001": micro-USD for people. */
void	 census_usd(int64_t, char *, size_t);
/* The bill as JSON: month, reads, spent_usd, cap_usd (null: not set). */
struct json_t	*census_bill_json(const struct census_bill *);
/* "$1.20 of the $2.00 cap in 2026-11 (1,200 followers read)". */
void	 census_bill_words(const struct census_bill *, char *, size_t);

#endif
