/* Text helpers: UTF-8 validation, counts, thousands, URLs in text. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
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

int
main(void)
{
	char	 out[32];

	test_tags();

	CHECK(utf8_valid("plain", 5));
	CHECK(utf8_valid("caf\xc3\xa9 \xf0\x9f\x8c\x8a", 10));
	CHECK(!utf8_valid("\xc3", 1));
	CHECK(!utf8_valid("\xc0\xaf", 2));		/* overlong '/' */
	CHECK(!utf8_valid("\xed\xa0\x80", 3));		/* a surrogate */
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4));	/* past U+10FFFF */
	CHECK(!utf8_valid("\xff", 1));

	check_count("0", 0);
	check_count(" 42 ", 42);
	check_count("+7", 7);
	check_count("999999999999999999", 999999999999999999LL);
	check_bad_count("-1", "negative");
	check_bad_count("1.5", "whole number");
	check_bad_count("1,234", "whole number");
	check_bad_count("ten", "whole number");
	check_bad_count("", "empty");
	check_bad_count("9999999999999999999", "too large");

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
