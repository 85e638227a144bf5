/*
 * Text helpers: UTF-8 validation, counts, thousands, URLs in text, and
 * text made safe for a terminal.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "types.h"
#include "util/buf.h"
#include "util/text.h"

static char urls[1024];

static int
collect(void *arg, const char *url, size_t len)
{
	(void)arg;
	if (urls[0] != '\0')
		strcat(urls, " ");
	strncat(urls, url, len);
	return (0);
}

static void
check_urls(const char *text, const char *want)
{
	urls[0] = '\0';
	text_each_url(text, collect, NULL);
	CHECK_STR(urls, want);
}

static void
check_count(const char *s, long long want)
{
	const char	*why = NULL;
	int64_t		 v;

	if (text_parse_count(s, strlen(s), &v, &why) != 0) {
		fprintf(stderr, "'%s' refused: %s\n", s, why);
		check_failures++;
		return;
	}
	CHECK_INT(v, want);
}

static void
check_bad_count(const char *s, const char *part)
{
	const char	*why = "";
	int64_t		 v;

	CHECK(text_parse_count(s, strlen(s), &v, &why) != 0);
	if (strstr(why, part) == NULL) {
		fprintf(stderr, "'%s': '%s' lacks '%s'\n", s, why, part);
		check_failures++;
	}
}

static void
check_tag(const char *s, const char *want)
{
	char	*got = tag_normalise(s, strlen(s));

	if (want == NULL)
		CHECK(got == NULL);
	else
		CHECK_STR(got, want);
	free(got);
}

/* One normal form whichever platform, feed or file a tag came from. */
static void
test_tags(void)
{
	check_tag("\xc3\x89migr\xc3\xa9 Life", "\xc3\xa9migr\xc3\xa9 life");
	/* The same, decomposed (NFD): composed again. */
	check_tag("E\xcc\x81migre\xcc\x81 LIFE", "\xc3\xa9migr\xc3\xa9 life");
	check_tag("  #Kernel   Dev\t", "kernel dev");
	/* ASCII is folded apart from the rest: every letter, nothing else. */
	check_tag("AZaz09 @[`{~_-", "azaz09 @[`{~_-");
	check_tag("KELVIN \xe2\x84\xaa", "kelvin k");	/* U+212A */
	check_tag("# #rust", "rust");
	check_tag("c#", "c#");
	check_tag("##", NULL);
	check_tag(" \t ", NULL);
	check_tag("bad\xff", NULL);
	/* Controls and whole terminal sequences are dropped, not spaced. */
	check_tag("ker\x07nel", "kernel");
	check_tag("\x1b[31mred\x1b[0m", "red");
	check_tag("a\x1b]52;c;aGk=\x07" "b", "ab");
	check_tag("a\x1b]8;;https://x.example\x1b\\b\x1b]8;;\x1b\\", "ab");
	check_tag("a\xc2\x9b" "2Jb", "ab");		/* C1 CSI */
	check_tag("a\xc2\x85" "b\x7f", "ab");		/* NEL, DEL */
	check_tag("zw\xe2\x80\x8bsp", "zwsp");		/* zero-width space */
	check_tag("r\xe2\x80\xaeight", "right");	/* a bidi override */
	check_tag("a\xc2\xa0\xe3\x80\x80" "b", "a b");	/* NBSP, ideographic */
	check_tag("\xc3\x9c" "BER", "\xc3\xbc" "ber");	/* Latin-1 */
	check_tag("\xc3\x97", "\xc3\x97");		/* the x sign */
	check_tag("\xc5\x81\xc3\xb3" "d\xc5\xba", "\xc5\x82\xc3\xb3" "d\xc5\xba");
	check_tag("\xc5\xb8", "\xc3\xbf");		/* Y diaeresis */
	check_tag("TI\xe1\xba\xbeNG VI\xe1\xbb\x86T",
	    "ti\xe1\xba\xbfng vi\xe1\xbb\x87t");	/* Vietnamese */
	/* Greek, with the final sigma folded like any other. */
	check_tag("\xce\x9f\xce\x94\xce\x9f\xce\xa3",
	    "\xce\xbf\xce\xb4\xce\xbf\xcf\x83");
	check_tag("\xce\xbf\xce\xb4\xce\xbf\xcf\x82",
	    "\xce\xbf\xce\xb4\xce\xbf\xcf\x83");
	check_tag("\xd0\x9b\xd0\xb8\xd0\xbd\xd1\x83\xd0\xba\xd1\x81",
	    "\xd0\xbb\xd0\xb8\xd0\xbd\xd1\x83\xd0\xba\xd1\x81");	/* Cyrillic */
	check_tag("\xd2\x90\xd0\x90\xd0\x9d\xd0\x9e\xd0\x9a",
	    "\xd2\x91\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xba");	/* Ukrainian */
	check_tag("\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8c\x8a",
	    "\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8c\x8a");
}

#define FFFD	"\xef\xbf\xbd"

static void
check_clean(const char *in, const char *cell, const char *message)
{
	struct buf	 b = BUF_INIT;

	text_clean(&b, in, strlen(in), TEXT_CLEAN_CELL);
	CHECK_STR(b.data, cell);
	CHECK(utf8_valid(b.data, b.len));
	buf_reset(&b);
	text_clean(&b, in, strlen(in), TEXT_CLEAN_MESSAGE);
	CHECK_STR(b.data, message);
	CHECK(utf8_valid(b.data, b.len));
	buf_release(&b);
}

/*
 * Every kind of sequence that drives a terminal loses what starts it;
 * what is left is inert text. A cell keeps one column per character, a
 * message one line.
 */
static void
test_clean(void)
{
	check_clean("plain caf\xc3\xa9 \xf0\x9f\x8e\x89",
	    "plain caf\xc3\xa9 \xf0\x9f\x8e\x89",
	    "plain caf\xc3\xa9 \xf0\x9f\x8e\x89");
	/* CSI: colours, clearing the screen, moving the cursor. */
	check_clean("\x1b[31mred\x1b[0m \x1b[2J\x1b[H",
	    FFFD "[31mred" FFFD "[0m " FFFD "[2J" FFFD "[H",
	    "\\x1b[31mred\\x1b[0m \\x1b[2J\\x1b[H");
	/* OSC 52: a write to the clipboard, ended by BEL or ST. */
	check_clean("\x1b]52;c;cm0gLXJmIH4=\x07",
	    FFFD "]52;c;cm0gLXJmIH4=" FFFD,
	    "\\x1b]52;c;cm0gLXJmIH4=\\x07");
	/* OSC 8: a link whose text hides its target. */
	check_clean("\x1b]8;;https://evil.example\x1b\\bank\x1b]8;;\x1b\\",
	    FFFD "]8;;https://evil.example" FFFD "\\bank" FFFD "]8;;" FFFD
	    "\\", "\\x1b]8;;https://evil.example\\x1b\\bank\\x1b]8;;"
	    "\\x1b\\");
	/* Other C0 controls and DEL; tab, newline and return in a cell. */
	check_clean("a\x01" "b\x08" "c\x7f", "a" FFFD "b" FFFD "c" FFFD,
	    "a\\x01b\\x08c\\x7f");
	check_clean("one\ntwo\r\tthree", "one two  three",
	    "one\\ntwo\\r\\tthree");
	/* C1 controls in UTF-8: CSI, OSC, NEL, ST. */
	check_clean("\xc2\x9b" "31m \xc2\x9d" "52;c;x \xc2\x85 \xc2\x9c",
	    FFFD "31m " FFFD "52;c;x " FFFD " " FFFD,
	    "\\u009b31m \\u009d52;c;x \\u0085 \\u009c");
	/* C1 bytes that are not UTF-8, and other bad UTF-8. */
	check_clean("\x9b" "31m\x9d\x80", FFFD "31m" FFFD FFFD,
	    FFFD "31m" FFFD FFFD);
	check_clean("\xc0\xaf \xed\xa0\x80 \xe2\x80", FFFD FFFD " " FFFD
	    FFFD FFFD " " FFFD FFFD, FFFD FFFD " " FFFD FFFD FFFD " " FFFD
	    FFFD);
	/* Bidi overrides, embeddings and isolates: all nine. */
	check_clean("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad"
	    "\xe2\x80\xae\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
	    FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD,
	    "\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068"
	    "\\u2069");
	check_clean("txt.\xe2\x80\xaegpj.exe", "txt." FFFD "gpj.exe",
	    "txt.\\u202egpj.exe");
	/* The neighbours of each range stay. */
	CHECK(text_unsafe(0x1f) && !text_unsafe(0x20));
	CHECK(!text_unsafe(0x7e) && text_unsafe(0x7f));
	CHECK(text_unsafe(0x9f) && !text_unsafe(0xa0));
	CHECK(!text_unsafe(0x2029) && text_unsafe(0x202a));
	CHECK(text_unsafe(0x202e) && !text_unsafe(0x202f));
	CHECK(!text_unsafe(0x2065) && text_unsafe(0x2066));
	CHECK(text_unsafe(0x2069) && !text_unsafe(0x206a));
	CHECK(!text_unsafe(0x200f) && !text_unsafe(0xfeff));
}

#define CHECK_PRINTF(want, ...) do {					\
	struct buf b_ = BUF_INIT;					\
	text_buf_printf(&b_, __VA_ARGS__);				\
	CHECK_STR(b_.data, (want));					\
	buf_release(&b_);						\
} while (0)

/* printf's numbers, and cells padded and cut by whole characters. */
static void
test_printf(void)
{
	char	 want[128];

	CHECK_PRINTF("|ab   |   ab|", "|%-5s|%5s|", "ab", "ab");
	CHECK_PRINTF("|" FFFD "[2J |", "|%-5s|", "\x1b[2J");
	CHECK_PRINTF("|  " FFFD "x|", "|%4s|", "\xc2\x9bx");
	CHECK_PRINTF("|" FFFD FFFD "  |", "|%-4s|", "\xe2\x80\xae\x9b");
	/* Other text is padded as printf pads it, by bytes. */
	CHECK_PRINTF("|\xc3\xa9t\xc3\xa9|", "|%-4s|", "\xc3\xa9t\xc3\xa9");
	CHECK_PRINTF("|  \xe2\x80\x93|", "|%5s|", "\xe2\x80\x93");
	CHECK_PRINTF("|a b|", "|%s|", "a\nb");
	/* A precision in bytes, as printf's, that keeps whole characters. */
	CHECK_PRINTF("ab\xc3\xa9", "%.4s", "ab\xc3\xa9z");
	CHECK_PRINTF("ab", "%.3s", "ab\xc3\xa9");
	CHECK_PRINTF("ab" FFFD, "%.3s", "ab\x9bzz");
	CHECK_PRINTF("\xf0\x9f\x8e\x89", "%.4s", "\xf0\x9f\x8e\x89!");
	CHECK_PRINTF("|ab  |", "|%-4.2s|", "abcdef");
	CHECK_PRINTF("|ab    |", "|%-*s|", 6, "ab");
	CHECK_PRINTF("|ab    |", "|%*s|", -6, "ab");
	CHECK_PRINTF("|abc|", "|%.*s|", 3, "abcdef");
	snprintf(want, sizeof want, "%d %5d %-3d| %u %x %X %o %lld %ld %zu "
	    "%jd %+8.0f %8.1f %.2f %e %g %c %% %3d%%", -7, 42, 1, 7u, 255u,
	    255u, 8u, -1234567890123LL, -5L, (size_t)12, (intmax_t)-3,
	    142.4, 3.55, 0.125, 1e20, 0.0001, 'z', 50);
	CHECK_PRINTF(want, "%d %5d %-3d| %u %x %X %o %lld %ld %zu %jd %+8.0f "
	    "%8.1f %.2f %e %g %c %% %3d%%", -7, 42, 1, 7u, 255u, 255u, 8u,
	    -1234567890123LL, -5L, (size_t)12, (intmax_t)-3, 142.4, 3.55,
	    0.125, 1e20, 0.0001, 'z', 50);
	CHECK_PRINTF("x: 1,\xe2\x80\x93 3.0 [" FFFD "]", "%s: %d,%s %.1f [%s]",
	    "x", 1, "\xe2\x80\x93", 3.0, "\x1b");
}

/* Counts as the importer reads them: whole, and at most COUNT_MAX. */
static void
test_counts(void)
{
	const char	*why;
	int64_t		 v;

	check_count("0", 0);
	check_count(" 42 ", 42);
	check_count("+7", 7);
	check_count("1000000000000000", COUNT_MAX);
	check_count("0000001000000000000000", COUNT_MAX);
	check_bad_count("-1", "negative");
	check_bad_count("1.5", "whole number");
	check_bad_count("1,234", "whole number");
	check_bad_count("ten", "whole number");
	check_bad_count("", "empty");
	/* Above 10^15, however long: no overflow, one reason. */
	check_bad_count("1000000000000001", "not a plausible count (at most "
	    "10^15)");
	check_bad_count("9223372036854775807", "at most 10^15");
	check_bad_count("99999999999999999999999999999999", "at most 10^15");
	check_bad_count("99999999999999999999x", "whole number");
	CHECK_INT(text_parse_count("1000000000000001", 16, &v, &why), -2);
	CHECK_INT(text_parse_count("12x", 3, &v, &why), -1);
}

int
main(void)
{
	char	 out[32];

	test_tags();
	test_clean();
	test_printf();
	test_counts();

	CHECK(utf8_valid("plain", 5));
	CHECK(utf8_valid("caf\xc3\xa9 \xf0\x9f\x8c\x8a", 10));
	CHECK(!utf8_valid("\xc3", 1));
	CHECK(!utf8_valid("\xc0\xaf", 2));		/* overlong '/' */
	CHECK(!utf8_valid("\xed\xa0\x80", 3));		/* a surrogate */
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4));	/* past U+10FFFF */
	CHECK(!utf8_valid("\xff", 1));

	text_thousands(0, out, sizeof out);
	CHECK_STR(out, "0");
	text_thousands(999, out, sizeof out);
	CHECK_STR(out, "999");
	text_thousands(1000, out, sizeof out);
	CHECK_STR(out, "1,000");
	text_thousands(1234567, out, sizeof out);
	CHECK_STR(out, "1,234,567");
	text_thousands(-45678, out, sizeof out);
	CHECK_STR(out, "-45,678");

	check_urls("no links here", "");
	check_urls("New: https://blog.example/a. Read it!",
	    "https://blog.example/a");
	check_urls("two http://a.example/x, and https://b.example/y?q=1#f",
	    "http://a.example/x https://b.example/y?q=1#f");
	check_urls("(see https://en.wikipedia.org/wiki/Foo_(bar))",
	    "https://en.wikipedia.org/wiki/Foo_(bar)");
	check_urls("(https://a.example/x)", "https://a.example/x");
	check_urls("<a href=\"https://a.example/q\">", "https://a.example/q");
	check_urls("https:// alone and httpfoo", "");
	return (CHECK_DONE());
}
