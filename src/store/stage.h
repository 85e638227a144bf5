/*
 * An import's stage: the checked rows of one file, kept in temporary
 * tables of the store's connection until the file has been read whole,
 * then read back to be written in one short transaction. The tables are
 * SQLite's TEMP database, a file of the connection's own (under TMPDIR)
 * that takes no lock on the database: reading a slow pipe, or checking
 * ten million rows, holds nothing a snapshot needs, and memory stays
 * bounded.
 *
 * Accounts are staged by (platform, normalised handle) and numbered; a
 * row names its account by that number. Once the store's transaction
 * has begun, store_stage_match_accounts finds them in the database,
 * store_stage_next_missing lists those it lacks and
 * store_stage_set_account says what they became; the rows then come
 * back, in the order the file gave them, with the database's ids.
 * Functions return 0, or -1 with *cause; the readers 1 with a row, 0 at
 * the end, or -1.
 */
#ifndef TL_STORE_STAGE_H
#define TL_STORE_STAGE_H

#include <stdint.h>

#include "store/store.h"

enum stage_kind {
	STAGE_FOLLOWERS,
	STAGE_POSTS,
	STAGE_METRICS,
};

struct store_stage;

/* A staged account that the database lacks. */
struct stage_account {
	int64_t		 id;		/* the stage's number for it */
	const struct platform *platform; /* the registry's */
	const char	*handle;	/* normalised; valid until the next
					   store_stage_next_missing */
	long		 line;		/* where the file first names it */
};

/* A staged row of metrics, read back. */
struct stage_metrics {
	long		 line;		/* where the file gives it */
	const struct platform *platform; /* its account's */
	const char	*handle;	/* valid until the next read */
	int64_t		 account_id;	/* accounts.id, or 0: none */
	const char	*remote_id;	/* the post's; valid until the next
					   read */
	int64_t		 post_id;	/* posts.id, or 0: none */
	struct metric_point m;
};

/*
 * Make an empty stage for a file of one kind. Staging runs in a
 * transaction of the TEMP database only, which store_stage_done ends.
 */
int	 store_stage_open(struct store *, enum stage_kind,
	    struct store_stage **, char **);
/* Drop the stage's tables and free it; NULL is fine. */
void	 store_stage_free(struct store_stage *);

/* The stage's number for an account, given on first sight (at line). */
int	 store_stage_account(struct store_stage *, const struct platform *,
	    const char *, long, int64_t *, char **);
/*
 * Stage a row given at a line; its account is the stage's number, a
 * post's tags (normalised: no line ends) go with it. A file gives each
 * key once (account and time; account and post; account, post and
 * time): a row that repeats a staged one's key and values is counted
 * (store_stage_repeated) and left out, one with other values is the
 * file's error ("x:a at T already given at line N with other values").
 * Follower rows are staged many at a time: a failure may be about a
 * row given before, whose line is put in *at.
 */
int	 store_stage_follower(struct store_stage *,
	    const struct follower_snapshot *, long, long *, char **);
int	 store_stage_post(struct store_stage *, const struct post *, long,
	    char **);
int	 store_stage_metrics(struct store_stage *, int64_t, const char *,
	    const struct metric_point *, long, char **);
/* The file is read: stage what waits (*at as above), end staging. */
int	 store_stage_done(struct store_stage *, long *, char **);
/* Rows left out for repeating a staged row exactly. */
int64_t	 store_stage_repeated(const struct store_stage *);

/* In the store's transaction: find the staged accounts it has. */
int	 store_stage_match_accounts(struct store_stage *, char **);
/* The next staged account it lacks, first seen first. */
int	 store_stage_next_missing(struct store_stage *, struct stage_account *,
	    char **);
/* The staged account 'id' is accounts.id 'account_id' now. */
int	 store_stage_set_account(struct store_stage *, int64_t, int64_t,
	    char **);

/*
 * The staged rows, with accounts.id (0 for an account the database
 * lacks): posts and metrics in file order, follower rows by account and
 * time. A post read back owns its strings (post_release).
 */
int	 store_stage_next_follower(struct store_stage *,
	    struct follower_snapshot *, long *, char **);
int	 store_stage_next_post(struct store_stage *, struct post *, long *,
	    char **);
int	 store_stage_next_metrics(struct store_stage *, struct stage_metrics *,
	    char **);

#endif
