/* A streaming reader and writer of RFC 4180 CSV (see csv.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/csv.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define CSV_CHUNK	(64 * 1024)

void
csv_init(struct csv_reader *r, FILE *fp)
{
	memset(r, 0, sizeof *r);
	r->fp = fp;
	r->in = xmalloc(CSV_CHUNK);
	r->line = 1;
	buf_init(&r->fields);
}

void
csv_release(struct csv_reader *r)
{
	free(r->in);
	free(r->offsets);
	buf_release(&r->fields);
	memset(r, 0, sizeof *r);
}

static int
fail(struct csv_reader *r, long line, const char *fmt, ...)
{
	va_list	 ap;

	r->record_line = line;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof r->why, fmt, ap);
	va_end(ap);
	return (-1);
}

/* Return the next byte, or -1 at end of input (or on a read error). */
static int
next_byte(struct csv_reader *r)
{
	if (r->in_pos == r->in_len) {
		if (r->in_eof)
			return (-1);
		r->in_len = fread(r->in, 1, CSV_CHUNK, r->fp);
		r->in_pos = 0;
		if (r->in_len < CSV_CHUNK)
			r->in_eof = 1;
		if (r->in_len == 0)
			return (-1);
	}
	return ((unsigned char)r->in[r->in_pos++]);
}

static int
peek_byte(struct csv_reader *r)
{
	int	 c;

	if ((c = next_byte(r)) != -1)
		r->in_pos--;
	return (c);
}

static void
skip_bom(struct csv_reader *r)
{
	r->bom_checked = 1;
	if (peek_byte(r) == 0xef && r->in_len - r->in_pos >= 3 &&
	    memcmp(r->in + r->in_pos, "\xef\xbb\xbf", 3) == 0)
		r->in_pos += 3;
}

static int
start_field(struct csv_reader *r)
{
	if (r->nfields == CSV_MAX_FIELDS)
		return (fail(r, r->record_line, "more than %d fields in a "
		    "record", CSV_MAX_FIELDS));
	if (r->nfields == r->offsets_cap) {
		r->offsets_cap = r->offsets_cap ? r->offsets_cap * 2 : 16;
		r->offsets = xreallocarray(r->offsets, r->offsets_cap,
		    sizeof *r->offsets);
	}
	r->offsets[r->nfields++] = r->fields.len;
	return (0);
}

/* Add a byte to the field being read, unless it or the record is full. */
static int
add_byte(struct csv_reader *r, int c)
{
	if (r->fields.len - r->offsets[r->nfields - 1] >= CSV_MAX_FIELD)
		return (fail(r, r->record_line, "field %zu is longer than %d "
		    "MiB", r->nfields, CSV_MAX_FIELD / (1024 * 1024)));
	if (r->fields.len >= CSV_MAX_RECORD)
		return (fail(r, r->record_line, "record is longer than %d MiB",
		    CSV_MAX_RECORD / (1024 * 1024)));
	buf_addc(&r->fields, (char)c);
	return (0);
}

/* Close the current field: NUL-terminate it and check its encoding. */
static int
end_field(struct csv_reader *r)
{
	size_t	 start = r->offsets[r->nfields - 1];

	if (!utf8_valid(r->fields.data + start, r->fields.len - start))
		return (fail(r, r->line, "invalid UTF-8 in field %zu",
		    r->nfields));
	buf_addc(&r->fields, '\0');
	return (0);
}

/* Read a quoted field's body, after its opening quote. */
static int
read_quoted(struct csv_reader *r)
{
	long	 opened = r->line;
	int	 c;

	for (;;) {
		if ((c = next_byte(r)) == -1)
			return (fail(r, opened, "quoted field opened on line "
			    "%ld is never closed", opened));
		if (c == '"') {
			if (peek_byte(r) != '"')
				break;
			next_byte(r);
		} else if (c == '\n')
			r->line++;
		else if (c == '\0')
			return (fail(r, r->line, "NUL byte in input"));
		if (add_byte(r, c) != 0)
			return (-1);
	}
	c = peek_byte(r);
	if (c == '\r') {
		next_byte(r);
		c = peek_byte(r);
		if (c != '\n')
			return (fail(r, r->line,
			    "stray carriage return after a quoted field"));
	}
	if (c != ',' && c != '\n' && c != -1)
		return (fail(r, r->line, "unexpected '%c' after a closing quote "
		    "(quotes inside a quoted field are doubled: \"\")", c));
	return (0);
}

/*
 * Read the record's fields; stop after its line end or at end of input.
 * Return 1 when a record was read, 0 at end of input, -1 on bad input.
 */
static int
read_fields(struct csv_reader *r)
{
	int	 c;

	for (;;) {
		if (start_field(r) != 0)
			return (-1);
		if (peek_byte(r) == '"') {
			next_byte(r);
			if (read_quoted(r) != 0)
				return (-1);
		}
		while ((c = next_byte(r)) != -1 && c != ',' && c != '\n') {
			if (c == '\r' && peek_byte(r) == '\n')
				continue;
			if (c == '\0')
				return (fail(r, r->line, "NUL byte in input"));
			if (add_byte(r, c) != 0)
				return (-1);
		}
		if (end_field(r) != 0)
			return (-1);
		if (c == '\n') {
			r->line++;
			return (1);
		}
		if (c == -1) {
			if (ferror(r->fp))
				return (fail(r, r->line, "read error"));
			return (r->nfields == 1 && r->fields.len == 1 ? 0 : 1);
		}
	}
}

int
csv_read(struct csv_reader *r)
{
	int	 rc;

	if (!r->bom_checked)
		skip_bom(r);
	for (;;) {
		r->nfields = 0;
		buf_reset(&r->fields);
		r->record_line = r->line;
		if (peek_byte(r) == -1)
			return (ferror(r->fp) ? fail(r, r->line, "read error") :
			    0);
		if ((rc = read_fields(r)) != 1)
			return (rc);
		/* A blank line is one empty, unquoted field: skip it. */
		if (r->nfields == 1 && r->fields.len == 1)
			continue;
		return (1);
	}
}

const char *
csv_field(const struct csv_reader *r, size_t i, size_t *len)
{
	const char	*p;
	size_t		 end;

	p = r->fields.data + r->offsets[i];
	end = i + 1 < r->nfields ? r->offsets[i + 1] - 1 : r->fields.len - 1;
	if (len != NULL)
		*len = end - r->offsets[i];
	return (p);
}

static void	csv_write_quoted(FILE *, const char *, int);

void
csv_write_field(FILE *f, const char *s)
{
	csv_write_quoted(f, s, 0);
}

/*
 * A spreadsheet runs a cell that starts with one of these as a formula
 * (OWASP's list, CSV injection): a quote before it makes it text.
 */
void
csv_write_field_excel_safe(FILE *f, const char *s)
{
	csv_write_quoted(f, s, s != NULL && *s != '\0' &&
	    strchr("=+-@\t\r", *s) != NULL);
}

static void
csv_write_quoted(FILE *f, const char *s, int tick)
{
	const char	*p;

	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		if (tick)
			fputc('\'', f);
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (tick)
		fputc('\'', f);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}
