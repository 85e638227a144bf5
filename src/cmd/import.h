/*
 * What import.c (files, header, transaction) and import-rows.c (one
 * row of each kind) share.
 */
#ifndef TL_CMD_IMPORT_H
#define TL_CMD_IMPORT_H

#include <stdint.h>

#include "store/store.h"
#include "util/buf.h"
#include "util/csv.h"

/* Every column any kind of file may have. */
enum import_column {
	COL_PLATFORM, COL_HANDLE, COL_TAKEN_AT, COL_FOLLOWERS, COL_FOLLOWING,
	COL_POSTS, COL_ROUNDED, COL_POST_ID, COL_PUBLISHED_AT, COL_URL,
	COL_TITLE, COL_TAGS, COL_KIND, COL_LIKES, COL_REPOSTS, COL_REPLIES,
	COL_QUOTES, COL_VIEWS, COL_BOOKMARKS,
	COL_COUNT		/* also ends the lists below */
};

struct importer;

struct import_kind {
	const char		*name;		/* followers, posts, metrics */
	const char		*noun;		/* what a row is, plural */
	enum import_column	 required[12];	/* ended by COL_COUNT */
	/* Check and store the current row; -1 with imp->why set. */
	int			(*row)(struct importer *);
	/* Store what the rows left pending, or NULL; -1 with imp->why. */
	int			(*finish)(struct importer *);
};

/* Follower rows wait here to go to the store many at a time. */
#define IMPORT_BATCH	1024

struct importer {
	const struct import_kind *kind;
	struct store		*store;
	struct csv_reader	 csv;
	const char		*file;		/* name for messages */
	int			 col[COL_COUNT]; /* field of each column, or -1 */
	size_t			 nheader;	/* fields in the header */
	struct buf		 last_platform;	/* the last row's account, */
	struct buf		 last_handle;	/* as written in the file, */
	int64_t			 last_account;	/* and its id (0: none) */
	int64_t			 accounts_created;
	int64_t			 rows;		/* rows read after the header */
	int64_t			 changed;	/* rows that changed the database */
	int64_t			 tags_cut;	/* posts with over POST_MAX_TAGS */
	long			 tags_cut_line;	/* the first of them */
	char			*why;		/* what is wrong with the row */
	struct follower_snapshot *pending;	/* IMPORT_BATCH slots */
	size_t			 npending;	/* rows waiting in 'pending' */
};

extern const struct import_kind import_followers_kind;
extern const struct import_kind import_posts_kind;
extern const struct import_kind import_metrics_kind;

const char	*import_column_name(enum import_column);

#endif
