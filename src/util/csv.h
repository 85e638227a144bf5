/*
 * A streaming reader of RFC 4180 CSV.
 *
 * Accepts UTF-8 with or without a byte order mark, LF or CRLF line ends,
 * and quoted fields holding commas, doubled quotes and newlines. Blank
 * lines are skipped. Every field is checked to be valid UTF-8. A record's
 * fields stay valid until the next csv_read.
 *
 * Memory is bounded whatever the input: a field longer than
 * CSV_MAX_FIELD bytes, a record longer than CSV_MAX_RECORD or with more
 * than CSV_MAX_FIELDS fields is bad input, said with the line the
 * record starts on, so a hostile file costs a few MiB at most.
 */
#ifndef TL_CSV_H
#define TL_CSV_H

#include <stdio.h>

#include "util/buf.h"

#define CSV_MAX_FIELD	(1024 * 1024)		/* bytes in one field */
#define CSV_MAX_RECORD	(4 * 1024 * 1024)	/* bytes in one record */
#define CSV_MAX_FIELDS	4096			/* fields in one record */

struct csv_reader {
	FILE		*fp;		/* input, not owned */
	char		*in;		/* read buffer */
	size_t		 in_len;	/* bytes in 'in' */
	size_t		 in_pos;	/* next byte to look at */
	int		 in_eof;	/* fp is exhausted */
	long		 line;		/* physical line of the next byte, 1-based */
	long		 record_line;	/* line where the last record started */
	int		 bom_checked;	/* the first bytes were looked at */
	struct buf	 fields;	/* the record's fields, NUL-separated */
	size_t		*offsets;	/* start of each field in 'fields' */
	size_t		 nfields;	/* fields in the last record */
	size_t		 offsets_cap;	/* slots in 'offsets' */
	char		 why[128];	/* what went wrong, after -1 */
};

void		 csv_init(struct csv_reader *, FILE *);
void		 csv_release(struct csv_reader *);
/* Read one record: 1 when read, 0 at end of input, -1 on bad input. */
int		 csv_read(struct csv_reader *);
const char	*csv_field(const struct csv_reader *, size_t, size_t *);

/* Write one field to f, quoted when it needs to be. */
void		 csv_write_field(FILE *, const char *);
/* The same, with ' before a field that a spreadsheet runs as a formula. */
void		 csv_write_field_excel_safe(FILE *, const char *);

#endif
