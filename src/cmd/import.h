/*
 * What import.c (files, header, transaction) and import-rows.c (one
 * row of each kind) share.
 */
#ifndef TL_CMD_IMPORT_H
#define TL_CMD_IMPORT_H

#include <stdint.h>

#include "store/stage.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/csv.h"

/* Every column any kind of file may have. */
enum import_column {
	COL_PLATFORM, COL_HANDLE, COL_TAKEN_AT, COL_FOLLOWERS, COL_FOLLOWING,
	COL_POSTS, COL_ROUNDED, COL_POST_ID, COL_PUBLISHED_AT, COL_URL,
	COL_TITLE, COL_TAGS, COL_KIND, COL_LIKES, COL_REPOSTS, COL_REPLIES,
	COL_QUOTES, COL_VIEWS, COL_BOOKMARKS, COL_DELETED_AT,
	COL_COUNT		/* also ends the lists below */
};

struct importer;

/*
 * A kind of file. Its rows are read and checked whole into the stage
 * first (store/stage.h), then written in one transaction.
 */
struct import_kind {
	const char		*name;		/* followers, posts, metrics */
	const char		*noun;		/* what a row is, plural */
	enum stage_kind		 stage;		/* how its rows are staged */
	int			 creates;	/* 1: unknown accounts are made */
	enum import_column	 required[12];	/* ended by COL_COUNT */
	/* Check the current row and stage it; -1 with imp->why set. */
	int			(*stage_row)(struct importer *);
	/* Write the staged rows; -1 with imp->why and imp->line set. */
	int			(*write)(struct importer *);
};

/* Follower rows wait here to go to the store many at a time. */
#define IMPORT_BATCH	1024

struct importer {
	const struct import_kind *kind;
	struct store		*store;
	struct store_stage	*stage;		/* the file's checked rows */
	struct csv_reader	 csv;
	const char		*file;		/* name for messages */
	long			 line;		/* of the row 'why' is about */
	int			 col[COL_COUNT]; /* field of each column, or -1 */
	size_t			 nheader;	/* fields in the header */
	struct buf		 last_platform;	/* the last row's account, */
	struct buf		 last_handle;	/* as written in the file, */
	int64_t			 last_account;	/* and its stage number */
	int64_t			 accounts_created;
	int64_t			 accounts_inactive; /* of them, on odd hosts */
	struct buf		 inactive;	/* a line saying why, each */
	int64_t			 rows;		/* rows read after the header */
	int64_t			 changed;	/* rows that changed the database */
	int64_t			 repeated;	/* rows given twice, the same */
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
/* Say what is wrong in imp->why (replacing what it said); return -1. */
int		 import_fail(struct importer *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* A copy of a cell for messages: at most 40 bytes, control bytes shown. */
const char	*import_shown(const char *, size_t);

/* Write a kind's staged rows (import-write.c), in the transaction. */
int		 import_followers_write(struct importer *);
int		 import_posts_write(struct importer *);
int		 import_metrics_write(struct importer *);

#endif
