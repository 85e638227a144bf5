/* The CSV reader on RFC 4180 input, odd encodings and broken files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util/csv.h"

/* Read all of 'in' and render records as "a|b|c" lines joined by '/'. */
static char *
render(const char *in, size_t len, int *rc, long *line, char *why)
{
	struct csv_reader	 r;
	FILE			*fp;
	static char		 out[4096];
	const char		*f;
	size_t			 i, flen;

	out[0] = '\0';
	fp = fmemopen((void *)in, len, "r");
	csv_init(&r, fp);
	while ((*rc = csv_read(&r)) == 1) {
		if (out[0] != '\0')
			strcat(out, "/");
		for (i = 0; i < r.nfields; i++) {
			f = csv_field(&r, i, &flen);
			if (i > 0)
				strcat(out, "|");
			strncat(out, f, flen);
		}
	}
	*line = r.record_line;
	if (why != NULL)
		strcpy(why, r.why);
	csv_release(&r);
	fclose(fp);
	return (out);
}

static void
check_parse(const char *in, const char *want)
{
	int	 rc;
	long	 line;
	char	*got;

	got = render(in, strlen(in), &rc, &line, NULL);
	CHECK_INT(rc, 0);
	CHECK_STR(got, want);
}

static void
check_error(const char *in, size_t len, long want_line, const char *part)
{
	char	 why[256];
	int	 rc;
	long	 line;

	render(in, len, &rc, &line, why);
	CHECK_INT(rc, -1);
	CHECK_INT(line, want_line);
	if (strstr(why, part) == NULL) {
		fprintf(stderr, "reason '%s' lacks '%s'\n", why, part);
		check_failures++;
	}
}

static void
test_valid(void)
{
	check_parse("a,b,c\n1,2,3\n", "a|b|c/1|2|3");
	check_parse("a,b\r\n1,2\r\n", "a|b/1|2");
	check_parse("a,b\n1,2", "a|b/1|2");
	check_parse("\xef\xbb\xbf" "a,b\n1,2\n", "a|b/1|2");
	check_parse("a,b\n\n1,2\n\n\n", "a|b/1|2");
	check_parse("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", "a|b/x,y|say \"hi\"");
	check_parse("a,b\n\"line1\nline2\",z\n", "a|b/line1\nline2|z");
	check_parse("a,b\n\"crlf\r\ninside\",z\r\n", "a|b/crlf\r\ninside|z");
	check_parse("a,,c\n,,\n", "a||c/||");
	check_parse("a\n\"\"\"\"\n", "a/\"");
	check_parse("caf\xc3\xa9,\xf0\x9f\x8c\x8a\n", "caf\xc3\xa9|\xf0\x9f\x8c\x8a");
	check_parse("", "");
	/* A quote inside an unquoted field is kept as it is. */
	check_parse("a,5\" screen\n", "a|5\" screen");
}

static void
test_line_numbers(void)
{
	struct csv_reader	 r;
	const char		*in = "h1,h2\n\"a\nb\nc\",x\nnext,y\n";
	FILE			*fp;

	fp = fmemopen((void *)in, strlen(in), "r");
	csv_init(&r, fp);
	CHECK_INT(csv_read(&r), 1);
	CHECK_INT(r.record_line, 1);
	CHECK_INT(csv_read(&r), 1);
	CHECK_INT(r.record_line, 2);
	CHECK_INT(csv_read(&r), 1);
	CHECK_INT(r.record_line, 5);
	CHECK_INT(csv_read(&r), 0);
	csv_release(&r);
	fclose(fp);
}

static void
test_errors(void)
{
	check_error("a,b\n\"open,b\nmore\n", 17, 2, "never closed");
	check_error("a,b\n\"x\"y,b\n", 11, 2, "after a closing quote");
	check_error("a,b\n\xff\xfe,b\n", 9, 2, "invalid UTF-8");
	check_error("a,b\n1,\xc0\xaf\n", 9, 2, "invalid UTF-8");
	check_error("a,b\n1,2\nx\0y,z\n", 14, 3, "NUL");
}

static void
test_large_record(void)
{
	struct csv_reader	 r;
	char			*in;
	FILE			*fp;
	size_t			 len = 200000, flen;
	const char		*f;

	/* A field far larger than the read buffer. */
	in = malloc(len + 16);
	memcpy(in, "h\n\"", 3);
	memset(in + 3, 'x', len);
	memcpy(in + 3 + len, "\"\n", 3);
	fp = fmemopen(in, len + 5, "r");
	csv_init(&r, fp);
	CHECK_INT(csv_read(&r), 1);
	CHECK_INT(csv_read(&r), 1);
	f = csv_field(&r, 0, &flen);
	CHECK_INT(flen, len);
	CHECK(f[0] == 'x' && f[len - 1] == 'x');
	csv_release(&r);
	fclose(fp);
	free(in);
}

/*
 * "h\n" then, on line 2, n fields of 'len' bytes: 'x', or quoted line
 * ends (the record runs over many lines; its first is said).
 */
static char *
big_record(size_t n, size_t len, int quoted, size_t *size)
{
	char	*in, *p;
	size_t	 i;

	in = malloc(3 + n * (len + 3) + 1);
	memcpy(in, "h\n", 2);
	p = in + 2;
	for (i = 0; i < n; i++) {
		if (quoted)
			*p++ = '"';
		memset(p, quoted ? '\n' : 'x', len);
		p += len;
		if (quoted)
			*p++ = '"';
		*p++ = i + 1 < n ? ',' : '\n';
	}
	*size = (size_t)(p - in);
	return (in);
}

static void
check_big(size_t n, size_t len, int quoted, int want_rc, const char *part)
{
	struct csv_reader	 r;
	FILE			*fp;
	char			*in;
	size_t			 size;
	int			 rc;

	in = big_record(n, len, quoted, &size);
	fp = fmemopen(in, size, "r");
	csv_init(&r, fp);
	CHECK_INT(csv_read(&r), 1);
	rc = csv_read(&r);
	CHECK_INT(rc, want_rc == 0 ? 1 : -1);
	if (rc == 1)
		CHECK_INT(r.nfields, n);
	if (rc == 1)
		CHECK_INT(csv_read(&r), 0);
	if (want_rc < 0) {
		CHECK_INT(r.record_line, 2);
		if (strstr(r.why, part) == NULL) {
			fprintf(stderr, "reason '%s' lacks '%s'\n", r.why,
			    part);
			check_failures++;
		}
	}
	csv_release(&r);
	fclose(fp);
	free(in);
}

/* Fields, records and the number of fields are bounded. */
static void
test_bounds(void)
{
	check_big(1, CSV_MAX_FIELD, 0, 0, NULL);
	check_big(1, CSV_MAX_FIELD, 1, 0, NULL);
	check_big(1, CSV_MAX_FIELD + 1, 0, -1, "field 1 is longer than 1 MiB");
	check_big(1, CSV_MAX_FIELD + 1, 1, -1, "field 1 is longer than 1 MiB");
	check_big(3, CSV_MAX_FIELD + 1, 0, -1, "field 1 is longer than 1 MiB");
	check_big(4, CSV_MAX_FIELD - 8, 0, 0, NULL);
	check_big(5, CSV_MAX_FIELD - 8, 1, -1, "record is longer than 4 MiB");
	check_big(CSV_MAX_FIELDS, 1, 0, 0, NULL);
	check_big(CSV_MAX_FIELDS + 1, 0, 0, -1, "more than 4096 fields");
}

static void
test_write(void)
{
	char	 out[256];
	FILE	*fp;

	fp = fmemopen(out, sizeof out, "w");
	csv_write_field(fp, "plain");
	fputc(',', fp);
	csv_write_field(fp, "a,b");
	fputc(',', fp);
	csv_write_field(fp, "say \"x\"");
	fputc(',', fp);
	csv_write_field(fp, "two\nlines");
	fputc(',', fp);
	csv_write_field(fp, NULL);
	fclose(fp);
	CHECK_STR(out, "plain,\"a,b\",\"say \"\"x\"\"\",\"two\nlines\",");
}

int
main(void)
{
	test_valid();
	test_line_numbers();
	test_errors();
	test_large_record();
	test_bounds();
	test_write();
	return (CHECK_DONE());
}
