/* HTML text helpers: references decoded once, tags stripped, hrefs found. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util/html.h"
#include "util/text.h"
#include "util/xmalloc.h"

static void
check_decode(const char *in, const char *want)
{
	char	*got = html_decode_entities(in, strlen(in));

	CHECK_STR(got, want);
	CHECK(utf8_valid(got, strlen(got)));
	free(got);
}

static void
check_text(const char *in, const char *want)
{
	char	*got = html_to_text(in, strlen(in));

	CHECK_STR(got, want);
	CHECK(utf8_valid(got, strlen(got)));
	free(got);
}

static void
test_numeric(void)
{
	check_decode("it&#8217;s", "it\xe2\x80\x99s");
	check_decode("it&#x2019;s", "it\xe2\x80\x99s");
	check_decode("it&#X2019;s", "it\xe2\x80\x99s");
	check_decode("&#65;&#x42;&#0067;", "ABC");
	check_decode("&#x1F600;", "\xf0\x9f\x98\x80");
	check_decode("&#233;", "\xc3\xa9");
	/* 128-159 are windows-1252, as browsers read them. */
	check_decode("&#150;&#146;", "\xe2\x80\x93\xe2\x80\x99");
	/* What no text may hold becomes U+FFFD. */
	check_decode("&#0;", "\xef\xbf\xbd");
	check_decode("&#xD800;", "\xef\xbf\xbd");
	check_decode("&#x110000;", "\xef\xbf\xbd");
	check_decode("&#99999999999999999999;", "\xef\xbf\xbd");
	check_decode("&#1;", "\xef\xbf\xbd");
	check_decode("&#129;", "\xef\xbf\xbd");
	check_decode("a&#9;b", "a\tb");
	check_decode("&#160;", " ");
}

static void
test_named(void)
{
	check_decode("fish &amp; chips", "fish & chips");
	check_decode("&lt;b&gt; &quot;q&quot; &apos;a&apos;", "<b> \"q\" 'a'");
	check_decode("a&nbsp;b", "a b");
	check_decode("&hellip;&mdash;&ndash;", "\xe2\x80\xa6\xe2\x80\x94"
	    "\xe2\x80\x93");
	check_decode("&lsquo;&rsquo;&ldquo;&rdquo;&laquo;&raquo;",
	    "\xe2\x80\x98\xe2\x80\x99\xe2\x80\x9c\xe2\x80\x9d\xc2\xab\xc2\xbb");
	check_decode("&copy;&reg;&trade;&deg;&middot;&bull;&euro;&pound;",
	    "\xc2\xa9\xc2\xae\xe2\x84\xa2\xc2\xb0\xc2\xb7\xe2\x80\xa2"
	    "\xe2\x82\xac\xc2\xa3");
	check_decode("caf&eacute; &Eacute;t&eacute; &szlig; &ntilde; &uuml;",
	    "caf\xc3\xa9 \xc3\x89t\xc3\xa9 \xc3\x9f \xc3\xb1 \xc3\xbc");
	/* Names are case-sensitive: &AMP; is not in the HTML 4 table. */
	check_decode("&AMP;", "&AMP;");
}

static void
test_left_alone(void)
{
	check_decode("", "");
	check_decode("no references", "no references");
	check_decode("&bogus; &amp &#; &#x; &#12a; & amp; &", "&bogus; &amp "
	    "&#; &#x; &#12a; & amp; &");
	check_decode("AT&T", "AT&T");
	check_decode("&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;",
	    "&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;");
	check_decode("&&amp;&", "&&&");
}

static void
test_once_only(void)
{
	/* Twice escaped, decoded once: the second layer stays. */
	check_decode("it&amp;#8217;s", "it&#8217;s");
	check_decode("&amp;amp;", "&amp;");
	check_decode("&amp;lt;b&amp;gt;", "&lt;b&gt;");
}

static void
test_length_and_utf8(void)
{
	char	*s;

	/* Only len bytes are read, even mid-reference. */
	s = html_decode_entities("&amp;xyz", 3);
	CHECK_STR(s, "&am");
	free(s);
	s = html_decode_entities("ab\0cd", 5);
	CHECK(memcmp(s, "ab\0cd", 6) == 0);
	free(s);
	check_decode("\xff", "\xef\xbf\xbd");
	check_decode("a\xe2\x80", "a\xef\xbf\xbd\xef\xbf\xbd");
	check_decode("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");
	check_decode("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	check_decode("ok \xc3\xa9 \xf0\x9f\x98\x80", "ok \xc3\xa9 "
	    "\xf0\x9f\x98\x80");
}

static void
test_to_text(void)
{
	check_text("", "");
	check_text("<p>Hello <span class=\"h-card\"><a href=\"https://m.example"
	    "/@u\" class=\"u-url mention\">@<span>u</span></a></span> world</p>"
	    "<p>Second&nbsp;para</p>", "Hello @u world Second para");
	check_text("a<br>b<br/>c<BR />d", "a b c d");
	check_text("<ul><li>one</li><li>two</li></ul>", "one two");
	check_text("<div>x</div><div>y</div>", "x y");
	check_text("foo<b>bar</b><i>baz</i>", "foobarbaz");
	check_text("x<script>var a = '<p>'; if (a < b) {}</script>y", "xy");
	check_text("<STYLE type=\"text/css\">p { color: red }</STYLE>z", "z");
	check_text("<script>never closed", "");
	check_text("a<!-- a comment <p> -->b<!DOCTYPE html>c", "abc");
	check_text("1 < 2 &amp; 3 > 2", "1 < 2 & 3 > 2");
	check_text("&lt;b&gt;not a tag&lt;/b&gt;", "<b>not a tag</b>");
	check_text("it&amp;#8217;s", "it&#8217;s");
	check_text("  lots   of \n\t space  ", "lots of space");
	check_text("<a title=\"x>y\">t</a>", "t");
	check_text("<a title='it&#39;s'>t</a>u", "tu");
	check_text("a <b unclosed", "a");
	check_text("<p>caf&eacute;</p>\xff", "caf\xc3\xa9 \xef\xbf\xbd");
}

struct hrefs {
	char	*v[8];
	size_t	 n;
	size_t	 stop_after;
};

static int
collect(void *arg, const char *s, size_t len)
{
	struct hrefs	*h = arg;

	if (h->n < 8)
		h->v[h->n++] = xstrndup(s, len);
	return (h->stop_after != 0 && h->n >= h->stop_after);
}

static void
hrefs_free(struct hrefs *h)
{
	size_t	 i;

	for (i = 0; i < h->n; i++)
		free(h->v[i]);
	memset(h, 0, sizeof *h);
}

static void
test_hrefs(void)
{
	struct hrefs	 h;
	const char	*html =
	    "<p><a href=\"https://a.example/1\">x</a> <A HREF='https://a."
	    "example/2?x=1&amp;y=2'>y</A> <a name=x>z</a> <link href=\"https:"
	    "//no.example/\"> <abbr href=\"no\">n</abbr> <a href = \" https://"
	    "a.example/3 \"></a> <a data-href=\"no\" href=https://a.example/4>"
	    "</a> <a href=\"\">empty</a><script>'<a href=\"https://no.example"
	    "/s\">'</script><!-- <a href=\"https://no.example/c\"> --> <a "
	    "class=\"x\"\nhref=\"/relative\">r</a></p>";

	memset(&h, 0, sizeof h);
	html_each_href(html, strlen(html), collect, &h);
	CHECK_INT(h.n, 5);
	CHECK_STR(h.v[0], "https://a.example/1");
	CHECK_STR(h.v[1], "https://a.example/2?x=1&y=2");
	CHECK_STR(h.v[2], "https://a.example/3");
	CHECK_STR(h.v[3], "https://a.example/4");
	CHECK_STR(h.v[4], "/relative");
	hrefs_free(&h);

	/* A non-zero return stops the walk. */
	h.stop_after = 2;
	html_each_href(html, strlen(html), collect, &h);
	CHECK_INT(h.n, 2);
	hrefs_free(&h);

	/* Only the given length is read. */
	html_each_href(html, 40, collect, &h);
	CHECK_INT(h.n, 1);
	hrefs_free(&h);

	html_each_href("<a href=\"x", 10, collect, &h);
	CHECK_INT(h.n, 1);
	CHECK_STR(h.n > 0 ? h.v[0] : NULL, "x");
	hrefs_free(&h);
	html_each_href("", 0, collect, &h);
	html_each_href("<<<a<a <a href", 14, collect, &h);
	CHECK_INT(h.n, 0);
	hrefs_free(&h);
}

int
main(void)
{
	test_numeric();
	test_named();
	test_left_alone();
	test_once_only();
	test_length_and_utf8();
	test_to_text();
	test_hrefs();
	return (CHECK_DONE());
}
