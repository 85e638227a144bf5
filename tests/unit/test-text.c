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

int
main(void)
{
	char	 out[32];

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
