/*
 * Fuzz the CSV reader and writer (src/util/csv.c, with util/text.c's
 * UTF-8 check). Every record of the input is read; each field must be
 * valid UTF-8 and hold no NUL byte, and the line of each record (what
 * an import's FILE:LINE says) must lie in the input. The records that
 * were read, written back with csv_write_field, must read back the
 * same. An input that starts with the byte 0xff is also read a second
 * time after a line that takes the rest of it to just before the
 * reader's 64 KiB chunk boundary, as many bytes before it as its second
 * byte says (0 to 127), so that a quote, a CR or a UTF-8 sequence
 * straddles the boundary: its records must be the same as without.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define MAX_INPUT	(256 * 1024)
#define CHUNK		(64 * 1024)	/* csv.c's CSV_CHUNK */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Read every record of in[0..len) into 'out' (each record as its field
 * count and each field's length and bytes); return csv_read's last
 * result. 'lines' is how many lines the input has.
 */
static int
read_all(const char *in, size_t len, long lines, struct buf *out,
    size_t *nrecords)
{
	struct csv_reader	 r;
	FILE			*fp;
	const char		*f;
	size_t			 i, flen;
	long			 last = 0;
	int			 rc;

	*nrecords = 0;
	/* fmemopen refuses an empty buffer. */
	if ((fp = len > 0 ? fmemopen((void *)in, len, "r") :
	    fopen("/dev/null", "r")) == NULL)
		fuzz_broken("cannot open the input as a file");
	csv_init(&r, fp);
	while ((rc = csv_read(&r)) == 1) {
		if (r.record_line < 1 || r.record_line > lines ||
		    r.record_line <= last)
			fuzz_broken("record %zu says line %ld (previous %ld, "
			    "%ld lines)", *nrecords, r.record_line, last,
			    lines);
		last = r.record_line;
		if (r.nfields == 0)
			fuzz_broken("a record with no field");
		buf_printf(out, "%zu:", r.nfields);
		for (i = 0; i < r.nfields; i++) {
			f = csv_field(&r, i, &flen);
			if (strlen(f) != flen)
				fuzz_broken("field %zu holds a NUL byte", i);
			if (!utf8_valid(f, flen))
				fuzz_broken("field %zu is not UTF-8", i);
			buf_printf(out, "%zu:", flen);
			buf_add(out, f, flen);
		}
		(*nrecords)++;
	}
	if (rc == -1 && (r.why[0] == '\0' || r.record_line < 1 ||
	    r.record_line > lines))
		fuzz_broken("an error without a reason or a line (%ld of %ld)",
		    r.record_line, lines);
	csv_release(&r);
	fclose(fp);
	return (rc);
}

/* Write the records that 'rec' describes back as CSV, after a BOM. */
static char *
write_all(const struct buf *rec, size_t *len)
{
	FILE	*fp;
	char	*text = NULL, *field, *p = rec->data, *end = p + rec->len;
	size_t	 nfields, flen, i;

	if ((fp = open_memstream(&text, len)) == NULL)
		fuzz_broken("open_memstream failed");
	/* The reader drops one BOM at the start, so a field may begin so. */
	fputs("\xef\xbb\xbf", fp);
	while (p < end) {
		nfields = strtoul(p, &p, 10);
		p++;
		for (i = 0; i < nfields; i++) {
			flen = strtoul(p, &p, 10);
			p++;
			field = xstrndup(p, flen);
			p += flen;
			if (i > 0)
				fputc(',', fp);
			csv_write_field(fp, field);
			free(field);
		}
		fputc('\n', fp);
	}
	fclose(fp);
	return (text);
}

static long
count_lines(const char *s, size_t len)
{
	long	 n = 1;
	size_t	 i;

	for (i = 0; i < len; i++)
		n += s[i] == '\n';
	return (n);
}

/*
 * Read in[] after a line that ends 'before' bytes short of the chunk
 * boundary: the records must be that line's, then those of in[] alone.
 */
static void
check_boundary(const char *in, size_t len, size_t before, int rc,
    const struct buf *records, size_t nrecords)
{
	struct buf	 want = BUF_INIT, got = BUF_INIT;
	char		*padded;
	size_t		 fill = CHUNK - before - 1, plen = fill + 1 + len, n;

	padded = xmalloc(plen + 1);
	memset(padded, 'x', fill);
	padded[fill] = '\n';
	memcpy(padded + fill + 1, in, len);
	padded[plen] = '\0';
	buf_printf(&want, "1:%zu:", fill);
	buf_add(&want, padded, fill);
	buf_add(&want, records->data, records->len);
	if (read_all(padded, plen, count_lines(padded, plen), &got, &n) !=
	    rc || n != nrecords + 1 || got.len != want.len ||
	    memcmp(got.data, want.data, got.len) != 0)
		fuzz_broken("the input reads otherwise %zu bytes before the "
		    "chunk boundary", before);
	free(padded);
	buf_release(&want);
	buf_release(&got);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 first = BUF_INIT, again = BUF_INIT;
	char		*in, *text;
	size_t		 n1, n2, tlen, before = 0;
	int		 rc, boundary = 0;

	if (size > MAX_INPUT)
		size = MAX_INPUT;
	if (size >= 2 && data[0] == 0xff) {
		boundary = 1;
		before = data[1] & 0x7f;
		data += 2;
		size -= 2;
	}
	in = xmalloc(size + 1);
	memcpy(in, data, size);
	in[size] = '\0';

	rc = read_all(in, size, count_lines(in, size), &first, &n1);
	text = write_all(&first, &tlen);
	if (read_all(text, tlen, count_lines(text, tlen), &again, &n2) != 0)
		fuzz_broken("the records written back do not read back");
	if (n1 != n2 || first.len != again.len ||
	    memcmp(first.data, again.data, first.len) != 0)
		fuzz_broken("%zu records read back as %zu, or differ", n1, n2);
	/* A BOM counts only at the start of the input. */
	if (boundary && (size < 3 || memcmp(in, "\xef\xbb\xbf", 3) != 0))
		check_boundary(in, size, before, rc, &first, n1);
	free(text);
	free(in);
	buf_release(&first);
	buf_release(&again);
	return (0);
}
