/*
 * Text for gnuplot: quoted literals (the only way data reaches a script),
 * counts with thousands separators, count and time tics, and formats
 * from file names.
 */
#include <string.h>

#include "plot/plot.h"
#include "check.h"

static void
quoted(const char *in, size_t max, const char *want)
{
	struct buf	 b = BUF_INIT;

	plot_quote(&b, in, max);
	CHECK_STR(b.data, want);
	buf_release(&b);
}

static void
test_quote(void)
{
	quoted("plain", 0, "'plain'");
	quoted(NULL, 0, "''");
	/* The quote doubled; nothing else is special in single quotes. */
	quoted("it's", 0, "'it''s'");
	quoted("\"; system(\"touch /tmp/pwned\"); \"", 0,
	    "'\"; system(\"touch /tmp/pwned\"); \"'");
	quoted("`touch /tmp/pwned2`", 0, "'`touch /tmp/pwned2`'");
	quoted("a\\b @x &y", 0, "'a\\b @x &y'");
	/* A newline would end the command: control characters are spaces. */
	quoted("one\ntwo\r\n\tthree", 0, "'one two three'");
	quoted("\nlead", 0, "'lead'");
	/* --term shows labels in the terminal: C1 and bidi are spaces too. */
	quoted("a\x1b[2J\xc2\x9b" "31mb\xe2\x80\xae" "c\xe2\x81\xa6" "d\x7f" "e", 0,
	    "'a [2J 31mb c d e'");
	/* Shortened by characters, not bytes, with an ellipsis. */
	quoted("abcdef", 4, "'abc\u2026'");
	quoted("abcd", 4, "'abcd'");
	quoted("\u00e9t\u00e9 \U0001f389 party", 6,
	    "'\u00e9t\u00e9 \U0001f389\u2026'");
	quoted("''''", 3, "'''''\u2026'");
	/*
	 * Bytes that are not UTF-8 must not hide what follows them: a lead
	 * byte before a quote or a newline, a stray continuation, a lead
	 * byte at the end.
	 */
	quoted("\xc3'.system(\"x\") #", 0, "'\ufffd''.system(\"x\") #'");
	quoted("a\xc3\nb", 0, "'a\ufffd b'");
	quoted("\xf0''", 0, "'\ufffd'''''");
	quoted("\xe2\x80'", 0, "'\ufffd\ufffd'''");
	quoted("\x80\xff", 0, "'\ufffd\ufffd'");
	quoted("end\xc3", 0, "'end\ufffd'");
	CHECK_INT(plot_chars("\u00e9t\u00e9 \U0001f389"), 5);
	CHECK_INT(plot_chars("a\xc3"), 2);
}

static void
test_counts(void)
{
	struct buf	 b = BUF_INIT;
	char		 s[32];

	plot_count(s, sizeof s, 1234567);
	CHECK_STR(s, "1,234,567");
	plot_count(s, sizeof s, -1500);
	CHECK_STR(s, "-1,500");
	plot_count_tics(&b, "ytics", 900, 5100, 4);
	CHECK_STR(b.data, "set ytics ('1,000' 1000, '2,000' 2000, "
	    "'3,000' 3000, '4,000' 4000, '5,000' 5000)\n");
	buf_reset(&b);
	plot_count_tics(&b, "ytics", 0, 3, 5);
	CHECK_STR(b.data, "set ytics ('0' 0, '1' 1, '2' 2, '3' 3)\n");
	buf_release(&b);
}

static void
test_quote_lines(void)
{
	struct buf	 b = BUF_INIT;

	/* Broken at the last space that fits; a long word alone. */
	plot_quote_lines(&b, "no census: the platform's list", 14);
	CHECK_STR(b.data, "'no census: the'.\"\\n\".'platform''s'."
	    "\"\\n\".'list'");
	buf_reset(&b);
	plot_quote_lines(&b, "a verylongword b", 4);
	CHECK_STR(b.data, "'a'.\"\\n\".'verylongword'.\"\\n\".'b'");
	buf_reset(&b);
	/* What fits, and width 0, stay one literal. */
	plot_quote_lines(&b, "\u00e9t\u00e9 hiver", 10);
	CHECK_STR(b.data, "'\u00e9t\u00e9 hiver'");
	buf_reset(&b);
	plot_quote_lines(&b, "a b c", 0);
	CHECK_STR(b.data, "'a b c'");
	buf_release(&b);
}

static void
test_time_tics(void)
{
	struct buf	 b = BUF_INIT;

	/* 2025-01-01 to 2025-12-31: a tic every two months, by month. */
	plot_time_tics(&b, 1735689600, 1767139200, 8);
	CHECK_STR(b.data, "set xtics ('2025-01' 1735689600, '2025-03' "
	    "1740787200, '2025-05' 1746057600, '2025-07' 1751328000, "
	    "'2025-09' 1756684800, '2025-11' 1761955200)\n");
	buf_reset(&b);
	/* Ten days: a tic every other day, dates in full. */
	plot_time_tics(&b, 1735689600, 1735689600 + 9 * 86400, 8);
	CHECK(strncmp(b.data, "set xtics ('2025-01-02' 1735776000, "
	    "'2025-01-04' ", 48) == 0);
	buf_reset(&b);
	/* Hours of one day: no midnight inside, its date in the middle. */
	plot_time_tics(&b, 1735711200, 1735758000, 4);
	CHECK_STR(b.data, "set xtics ('2025-01-01' 1735734600)\n");
	buf_release(&b);
}

static void
test_formats(void)
{
	CHECK_INT(plot_format_of("a.png"), PLOT_PNG);
	CHECK_INT(plot_format_of("dir/A.SVG"), PLOT_SVG);
	CHECK_INT(plot_format_of("x.pdf"), PLOT_PDF);
	CHECK_INT(plot_format_of("x.gif"), -1);
	CHECK_INT(plot_format_of(".png"), -1);
	CHECK(plot_has_template("growth"));
	CHECK(plot_has_template("style"));
	CHECK(!plot_has_template("pie"));
}

int
main(void)
{
	test_quote();
	test_counts();
	test_quote_lines();
	test_time_tics();
	test_formats();
	return (CHECK_DONE());
}
