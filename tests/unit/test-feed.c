/*
 * Feeds and the rss adapter: RSS 2.0, RSS 1.0, Atom and WordPress REST
 * replies into posts; RFC 822 dates; replies that are no feed; documents
 * that attack the parser. The larger fixtures are files under
 * tests/fixtures/feeds, found through TIDELINE_SOURCE_ROOT (meson sets
 * it); small cases are written here.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "fetch/feed.h"
#include "fetch/fetch.h"
#include "util/buf.h"
#include "util/xmalloc.h"


/* A fixture's contents (NUL-terminated), or NULL after a failed check. */
static char *
fixture(const char *name, size_t *len)
{
	const char	*root = getenv("TIDELINE_SOURCE_ROOT");
	char		*path, *data = NULL;
	FILE		*fp;
	long		 n;

	if (root == NULL || *root == '\0') {
		fprintf(stderr, "TIDELINE_SOURCE_ROOT is not set: cannot find "
		    "fixture '%s'\n", name);
		check_failures++;
		return (NULL);
	}
	path = xasprintf("%s/tests/fixtures/feeds/%s", root, name);
	if ((fp = fopen(path, "rb")) == NULL ||
	    fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fprintf(stderr, "cannot read fixture '%s'\n", path);
		check_failures++;
		goto out;
	}
	data = xmalloc((size_t)n + 1);
	if (fread(data, 1, (size_t)n, fp) != (size_t)n) {
		fprintf(stderr, "cannot read fixture '%s'\n", path);
		check_failures++;
		free(data);
		data = NULL;
		goto out;
	}
	data[n] = '\0';
	*len = (size_t)n;
out:
	if (fp != NULL)
		fclose(fp);
	free(path);
	return (data);
}

static struct post *
find(struct fetch_result *r, const char *id)
{
	struct post	*p = fetch_result_find_post(r, id);

	if (p == NULL) {
		fprintf(stderr, "no post '%s'\n", id);
		check_failures++;
	}
	return (p);
}

/* The list must be exactly want (NULL-terminated), in order. */
static void
check_list(const char *what, char **v, size_t n, const char *const *want)
{
	size_t	 i;

	for (i = 0; want[i] != NULL; i++) {
		if (i >= n) {
			fprintf(stderr, "%s: missing '%s'\n", what, want[i]);
			check_failures++;
		} else if (strcmp(v[i], want[i]) != 0) {
			fprintf(stderr, "%s[%zu]: got '%s', want '%s'\n", what,
			    i, v[i], want[i]);
			check_failures++;
		}
	}
	for (; i < n; i++) {
		fprintf(stderr, "%s: unexpected '%s'\n", what, v[i]);
		check_failures++;
	}
}

static int
parse(const char *body, struct fetch_result *r, char **generator)
{
	char	*cause = NULL, *gen = NULL;
	int	 rc;

	rc = feed_parse(body, strlen(body), r, &gen, &cause);
	if (rc != 0) {
		fprintf(stderr, "feed refused: %s\n", cause);
		check_failures++;
	}
	free(cause);
	if (generator != NULL)
		*generator = gen;
	else
		free(gen);
	return (rc);
}

/* The feed must be refused, nothing added, with part in the reason. */
static void
check_refused(const char *body, size_t len, const char *part)
{
	struct fetch_result	 r;
	char			*cause = NULL, *gen = NULL;

	memset(&r, 0, sizeof r);
	if (feed_parse(body, len, &r, &gen, &cause) == 0) {
		fprintf(stderr, "feed accepted, should be refused: %.60s\n",
		    body);
		check_failures++;
	} else if (cause == NULL || strstr(cause, part) == NULL) {
		fprintf(stderr, "reason '%s' lacks '%s'\n", cause ? cause :
		    "(null)", part);
		check_failures++;
	}
	CHECK_INT(r.nposts, 0);
	CHECK(gen == NULL);
	free(cause);
	fetch_result_release(&r);
}

static int64_t
rfc822(const char *s)
{
	int64_t	 t = -12345;

	if (feed_parse_rfc822(s, &t) != 0) {
		fprintf(stderr, "'%s' refused\n", s);
		check_failures++;
	}
	return (t);
}

static void
rfc822_refused(const char *s)
{
	int64_t	 t;

	if (feed_parse_rfc822(s, &t) == 0) {
		fprintf(stderr, "'%s' accepted as %lld\n", s, (long long)t);
		check_failures++;
	}
}

/* Expected values from Python's email.utils.parsedate_to_datetime. */
static void
test_rfc822(void)
{
	CHECK_INT(rfc822("Tue, 10 Jun 2003 04:00:00 GMT"), 1055217600);
	CHECK_INT(rfc822("Tue, 10 Jun 2003 06:00:00 +0200"), 1055217600);
	CHECK_INT(rfc822("Mon, 09 Jun 2003 23:00:00 EST"), 1055217600);
	CHECK_INT(rfc822("Tue, 10 Jun 2003 00:00:00 EDT"), 1055217600);
	CHECK_INT(rfc822("Mon, 9 Jun 2003 21:00:00 PDT"), 1055217600);
	CHECK_INT(rfc822("10 Jun 2003 04:00:00 GMT"), 1055217600);
	CHECK_INT(rfc822("Tue, 10 Jun 03 04:00:00 GMT"), 1055217600);
	CHECK_INT(rfc822("Fri, 01 Jan 99 12:00:00 +0000"), 915192000);
	CHECK_INT(rfc822("Sun, 3 Mar 2024 08:05 -0500"), 1709471100);
	CHECK_INT(rfc822("Tue, 10 Jun 2003 04:00:00"), 1055217600);
	CHECK_INT(rfc822("tue, 10 jun 2003 04:00:00 gmt"), 1055217600);
	CHECK_INT(rfc822("Sat, 29 Feb 2020 23:59:59 +0530"), 1583000999);
	CHECK_INT(rfc822("Mon, 01 Jan 2024 00:30:00 -1000"), 1704105000);
	CHECK_INT(rfc822("Tue, 10 Jun 2003 04:00:00 UT"), 1055217600);
	CHECK_INT(rfc822("Tue, 10 Jun 2003 04:00:00 Z"), 1055217600);
	CHECK_INT(rfc822("  Tuesday, 10 June 2003 04:00:00 GMT  "), 1055217600);
	CHECK_INT(rfc822("Tue,10 Jun 2003 04:00:00 GMT"), 1055217600);
	CHECK_INT(rfc822("Tue 10 Jun 2003 04:00:00 GMT"), 1055217600);
	CHECK_INT(rfc822("Tue, 10 Jun 2003 04:00:00 GMT (Greenwich)"),
	    1055217600);
	/* Python ignores these zones; the values are of their offsets. */
	CHECK_INT(rfc822("Wed, 02 Oct 2002 13:00:00 CET"), 1033560000);
	CHECK_INT(rfc822("Tue, 10 Jun 2003 04:00:00 +02:00"), 1055210400);
	CHECK_INT(rfc822("Tue, 10 Jun 2003 04:00:00 GMT+0200"), 1055210400);
	/* Unknown zone names count as UTC rather than losing the date. */
	CHECK_INT(rfc822("Tue, 10 Jun 2003 04:00:00 XYZT"), 1055217600);

	rfc822_refused("");
	rfc822_refused("yesterday");
	rfc822_refused("2003-06-10T04:00:00Z");
	rfc822_refused("June 10, 2003 04:00:00 GMT");
	rfc822_refused("Tue, 31 Jun 2003 04:00:00 GMT");
	rfc822_refused("Tue, 29 Feb 2023 04:00:00 GMT");
	rfc822_refused("Tue, 10 Foo 2003 04:00:00 GMT");
	rfc822_refused("Tue, 10 Jun 2003 24:00:00 GMT");
	rfc822_refused("Tue, 10 Jun 2003 04:60:00 GMT");
	rfc822_refused("Tue, 10 Jun 2003 04:00:00 +2400");
	/* Out of range once in UTC: four-digit years from 1970 only. */
	CHECK_INT(rfc822("Fri, 31 Dec 9999 23:59:59 GMT"), 253402300799LL);
	CHECK_INT(rfc822("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
	rfc822_refused("Fri, 31 Dec 9999 23:00:00 -0500");
	rfc822_refused("Thu, 01 Jan 1970 00:30:00 +0100");
	rfc822_refused("Wed, 31 Dec 1969 23:59:59 GMT");
	rfc822_refused("Tue, 10 Jun 2003 04:00:00 GMT garbage");
	rfc822_refused("Tue, 10 Jun 20031 04:00:00 GMT");
	rfc822_refused("Tue, 100 Jun 2003 04:00:00 GMT");
	rfc822_refused("Tue, 10 Jun 2003");
	rfc822_refused("Tue, 10 Jun 2003 04:00:00 GMT (unclosed");
}

static void
test_rss(void)
{
	static const char *const tags1[] = { "news & events", "tides",
	    "open source", NULL };
	static const char *const links1[] = {
	    "https://other.example/article?a=1&b=2",
	    "https://blog.example/2023/12/older-post/",
	    "https://cdn.example/file.pdf", NULL };
	static const char *const tags2[] = { "\xc3\xa9t\xc3\xa9", NULL };
	static const char *const none[] = { NULL };
	struct fetch_result	 r;
	struct post	*p;
	char			*body, *gen = NULL;
	size_t			 len;

	if ((body = fixture("wordpress-rss.xml", &len)) == NULL)
		return;
	memset(&r, 0, sizeof r);
	if (parse(body, &r, &gen) != 0)
		goto out;
	CHECK_STR(gen, "https://wordpress.org/?v=6.4.2");
	/* Seven items: one without a date, one without a guid whose link
	   is the first one's. */
	CHECK_INT(r.nposts, 5);
	if ((p = find(&r, "https://blog.example/?p=123")) != NULL) {
		CHECK_STR(p->url, "https://blog.example/2024/01/why-its/");
		CHECK_STR(p->title, "Why it\xe2\x80\x99s <b> not bold & more");
		CHECK_STR(p->kind, "article");
		CHECK_INT(p->published_at, 1704974400);
		CHECK_INT(p->nmetrics, 0);
		check_list("tags", p->tags, p->ntags, tags1);
		check_list("links", p->links, p->nlinks, links1);
	}
	if ((p = find(&r, "https://blog.example/?p=122")) != NULL) {
		CHECK_STR(p->title, "Caf\xc3\xa9 \xc3\xa9t\xc3\xa9 "
		    "\xe2\x80\x94 notes");
		CHECK_INT(p->published_at, 1704877200);
		check_list("tags", p->tags, p->ntags, tags2);
		check_list("links", p->links, p->nlinks, none);
	}
	/* A guid without isPermaLink="false" is the link. */
	if ((p = find(&r, "https://blog.example/2024/01/guid-only/")) != NULL) {
		CHECK_STR(p->url, "https://blog.example/2024/01/guid-only/");
		CHECK_INT(p->published_at, 1704700800);
	}
	/* A guid that is no URL is an id, not a URL. */
	if ((p = find(&r, "tag:blog.example,2024:post-119")) != NULL) {
		CHECK(p->url == NULL);
		CHECK_INT(p->published_at, 1704614400);
	}
	if ((p = find(&r, "https://blog.example/2024/01/dc-date/")) != NULL)
		CHECK_INT(p->published_at, 1704448800);
	CHECK(fetch_result_find_post(&r,
	    "https://blog.example/?p=121") == NULL);
out:
	free(gen);
	free(body);
	fetch_result_release(&r);
}

static void
test_atom(void)
{
	static const char *const tags1[] = { "fish", "food", NULL };
	static const char *const links1[] = {
	    "https://elsewhere.example/story",
	    "https://recipes.example/chips",
	    "https://news.example/a?x=1&y=2",
	    "https://atom.example/posts/0", NULL };
	static const char *const none[] = { NULL };
	struct fetch_result	 r;
	struct post	*p;
	char			*body, *gen = NULL;
	size_t			 len;

	if ((body = fixture("atom.xml", &len)) == NULL)
		return;
	memset(&r, 0, sizeof r);
	if (parse(body, &r, &gen) != 0)
		goto out;
	CHECK_STR(gen, "WordPress (https://wordpress.org/)");
	CHECK_INT(r.nposts, 3);
	/* The text/html alternate link wins over the PDF one. */
	if ((p = find(&r, "tag:atom.example,2024:1")) != NULL) {
		CHECK_STR(p->url, "https://atom.example/posts/1");
		CHECK_STR(p->title, "Fish & chips \xe2\x80\x93 part 1");
		/* published, not updated. */
		CHECK_INT(p->published_at, 1704873600);
		check_list("tags", p->tags, p->ntags, tags1);
		check_list("links", p->links, p->nlinks, links1);
	}
	if ((p = find(&r, "tag:atom.example,2024:2")) != NULL) {
		CHECK_STR(p->title, "An xhtml & title");
		CHECK_INT(p->published_at, 1704787200);
	}
	/* No link: the id is the id. type="text" is taken as it is. */
	if ((p = find(&r, "tag:atom.example,2024:3")) != NULL) {
		CHECK(p->url == NULL);
		CHECK_STR(p->title, "Plain &amp; as is");
		CHECK_INT(p->published_at, 1704700800);
		check_list("links", p->links, p->nlinks, none);
	}
out:
	free(gen);
	free(body);
	fetch_result_release(&r);
}

static void
test_rdf(void)
{
	static const char *const tags[] = { "science", NULL };
	static const char *const links[] = { "https://ref.example/", NULL };
	struct fetch_result	 r;
	struct post	*p;
	char			*body;
	size_t			 len;

	if ((body = fixture("rss1.xml", &len)) == NULL)
		return;
	memset(&r, 0, sizeof r);
	if (parse(body, &r, NULL) == 0 && r.nposts == 1 &&
	    (p = find(&r, "https://rdf.example/a")) != NULL) {
		CHECK_STR(p->title, "First & only");
		CHECK_INT(p->published_at, 1704164645);
		check_list("tags", p->tags, p->ntags, tags);
		check_list("links", p->links, p->nlinks, links);
	}
	CHECK_INT(r.nposts, 1);
	free(body);
	fetch_result_release(&r);
}

/* A feed in UTF-16LE with its BOM: expat reads it, so do we. */
static void
check_utf16(void)
{
	static const char ascii[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel>"
	    "<item><title>wide</title><link>https://u16.example/</link>"
	    "<pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>"
	    "</channel></rss>";
	struct fetch_result	 r;
	struct post	*p;
	char			 body[2 + 2 * sizeof ascii], *gen = NULL;
	char			*cause = NULL;
	size_t			 i;

	body[0] = (char)0xff;
	body[1] = (char)0xfe;
	for (i = 0; i < sizeof ascii - 1; i++) {
		body[2 + 2 * i] = ascii[i];
		body[3 + 2 * i] = '\0';
	}
	memset(&r, 0, sizeof r);
	if (feed_parse(body, 2 + 2 * i, &r, &gen, &cause) != 0) {
		fprintf(stderr, "UTF-16 feed refused: %s\n", cause);
		check_failures++;
	} else if ((p = find(&r, "https://u16.example/")) != NULL)
		CHECK_STR(p->title, "wide");
	free(cause);
	free(gen);
	fetch_result_release(&r);
}

/* Small feeds as the wild writes them. */
static void
test_rss_quirks(void)
{
	struct fetch_result	 r;
	struct post	*p;

	memset(&r, 0, sizeof r);
	/* RSS 0.91's DTD (never read) defines HTML entities. */
	if (parse("<?xml version=\"1.0\"?>\n<!DOCTYPE rss PUBLIC \"-//Netscape "
	    "Communications//DTD RSS 0.91//EN\" \"http://my.netscape.com/"
	    "publish/formats/rss-0.91.dtd\">\n<rss version=\"0.91\"><channel>"
	    "<item><title>Caf&eacute; &amp;amp; <![CDATA[<b>bold</b> &amp;]]>"
	    "</title><link> https://old.example/1 </link>"
	    "<pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item></channel>"
	    "</rss>", &r, NULL) == 0 && (p = find(&r,
	    "https://old.example/1")) != NULL) {
		CHECK_STR(p->title, "Caf\xc3\xa9 & <b>bold</b> &");
		CHECK_INT(p->published_at, 1055217600);
	}
	fetch_result_release(&r);

	/* windows-1252, which expat does not know by itself. */
	if (parse("<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss>"
	    "<channel><item><title>\x93quoted\x94 caf\xe9</title><link>"
	    "https://cp.example/</link><pubDate>Tue, 10 Jun 2003 04:00:00 GMT"
	    "</pubDate></item></channel></rss>", &r, NULL) == 0 && (p = find(&r,
	    "https://cp.example/")) != NULL)
		CHECK_STR(p->title, "\xe2\x80\x9cquoted\xe2\x80\x9d "
		    "caf\xc3\xa9");
	fetch_result_release(&r);

	check_utf16();

	/* An empty feed is no error: a new blog. */
	if (parse("<rss version=\"2.0\"><channel><title>new</title></channel>"
	    "</rss>", &r, NULL) == 0)
		CHECK_INT(r.nposts, 0);
	fetch_result_release(&r);

	/* A pubDate in ISO 8601, and an unreadable pubDate with a dc:date. */
	if (parse("<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
	    "<item><link>https://iso.example/1</link><pubDate>2024-01-02T03:04:"
	    "05Z</pubDate></item><item><link>https://iso.example/2</link>"
	    "<pubDate>sometime</pubDate><dc:date>2024-01-02T03:04:05Z</dc:date>"
	    "</item></channel></rss>", &r, NULL) == 0) {
		CHECK_INT(r.nposts, 2);
		if ((p = find(&r, "https://iso.example/2")) != NULL)
			CHECK_INT(p->published_at, 1704164645);
	}
	fetch_result_release(&r);

	/* Atom without its namespace, and a feed-level <title> ignored. */
	if (parse("<feed><title>t</title><entry><title type=\"html\">a "
	    "&amp;amp; b</title><link href=\"https://nons.example/1\"/>"
	    "<updated>2024-01-02T03:04:05Z</updated></entry></feed>", &r,
	    NULL) == 0 && (p = find(&r, "https://nons.example/1")) != NULL)
		CHECK_STR(p->title, "a & b");
	fetch_result_release(&r);
}

/* Nesting is capped: expat would follow millions of levels, slowly. */
static void
check_deep(void)
{
	struct buf	 b = BUF_INIT;
	int		 i;

	buf_adds(&b, "<rss><channel><item>");
	for (i = 0; i < 300; i++)
		buf_adds(&b, "<x>");
	check_refused(b.data, b.len, "nests elements more than 256 deep");
	buf_release(&b);
}

static void
test_refused(void)
{
	static const char laughs[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE lolz [\n"
	    " <!ENTITY lol \"lol\">\n"
	    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
	    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
	    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
	    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
	    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
	    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
	    "]>\n"
	    "<rss><channel><item><title>&lol9;</title></item></channel>"
	    "</rss>\n";
	const char	*s;
	clock_t		 start;

	start = clock();
	check_refused(laughs, strlen(laughs), "declares XML entities");
	CHECK((double)(clock() - start) / CLOCKS_PER_SEC < 0.5);
	s = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "
	    "\"file:///etc/passwd\">]><rss><channel><item><title>&xxe;</title>"
	    "</item></channel></rss>";
	check_refused(s, strlen(s), "declares XML entities");

	s = "<rss><channel>\n<item>\n<title>a</title>\n</channel></rss>";
	check_refused(s, strlen(s), "malformed XML at line 4: mismatched tag");
	s = "<rss><channel><item><title>x</title><link>https://a.example/"
	    "</link><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>"
	    "<item><title>cut off";
	check_refused(s, strlen(s), "malformed XML at line 1");
	/* A broken feed that mentions <html is a broken feed, not a page. */
	s = "<rss><channel><item><description><![CDATA[<html>]]></description>"
	    "</channel></rss>";
	check_refused(s, strlen(s), "malformed XML at line 1: mismatched tag");
	s = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Blog"
	    "</title></head><body><p>Hi<br></body></html>";
	check_refused(s, strlen(s), "an HTML page, not an RSS or Atom feed");
	s = "<!doctype html><html lang=en><body>x";
	check_refused(s, strlen(s), "an HTML page");
	s = "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml"
	    "\"><body/></html>";
	check_refused(s, strlen(s), "an HTML page");
	s = "<note><to>x</to></note>";
	check_refused(s, strlen(s), "not an RSS or Atom feed (root element "
	    "'note')");
	s = "<feed xmlns=\"http://purl.org/atom/ns#\"/>";
	check_refused(s, strlen(s), "in namespace 'http://purl.org/atom/ns#'");
	s = "{\"version\": \"https://jsonfeed.org/version/1.1\"}";
	check_refused(s, strlen(s), "a JSON reply");
	check_refused("", 0, "an empty reply");
	check_refused("   \n", 4, "not an RSS or Atom feed");
	check_refused("<", 1, "malformed XML at line 1");
	check_refused("<rss>\0</rss>", 12, "malformed XML");
	check_deep();
	s = "<?xml version=\"1.0\" encoding=\"koi8-r\"?><rss/>";
	check_refused(s, strlen(s), "malformed XML at line 1");
	/* Items, but none with a date: we would store nothing, silently. */
	s = "<rss><channel><item><link>https://a.example/1</link><pubDate>"
	    "someday</pubDate></item><item><link>https://a.example/2</link>"
	    "</item></channel></rss>";
	check_refused(s, strlen(s), "no item has a date tideline can read (2 "
	    "items; the first date is 'someday')");
	s = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>x</id>"
	    "</entry></feed>";
	check_refused(s, strlen(s), "no item has a date (1 item)");
}

static void
test_wordpress(void)
{
	static const char *const tags1[] = { "news & events", "tides",
	    "open source", NULL };
	static const char *const links1[] = {
	    "https://other.example/article?a=1&b=2",
	    "https://blog.example/2023/12/older-post/", NULL };
	struct fetch_result	 r;
	struct post	*p;
	char			*body, *cause = NULL;
	size_t			 len;
	int			 count = -1;

	if ((body = fixture("wordpress-posts.json", &len)) == NULL)
		return;
	memset(&r, 0, sizeof r);
	if (wordpress_parse_posts(body, len, &r, &count, &cause) != 0) {
		fprintf(stderr, "WordPress refused: %s\n", cause);
		check_failures++;
	}
	CHECK_INT(count, 3);
	CHECK_INT(r.nposts, 2);
	if ((p = find(&r, "https://blog.example/2024/01/why-its/")) != NULL) {
		CHECK_STR(p->url, "https://blog.example/2024/01/why-its/");
		CHECK_STR(p->title, "Why it\xe2\x80\x99s <b> not bold & more");
		CHECK_STR(p->kind, "article");
		CHECK_INT(p->published_at, 1704974400);
		CHECK_INT(p->nmetrics, 0);
		check_list("tags", p->tags, p->ntags, tags1);
		check_list("links", p->links, p->nlinks, links1);
	}
	if ((p = find(&r, "https://blog.example/2024/01/cafe/")) != NULL) {
		CHECK_STR(p->title, "Caf\xc3\xa9 \xe2\x80\x94 notes");
		CHECK_INT(p->published_at, 1704877200);
		CHECK_INT(p->ntags, 0);
	}
	free(cause);
	free(body);
	fetch_result_release(&r);
}

static void
wordpress_refused(const char *body, const char *part)
{
	struct fetch_result	 r;
	char			*cause = NULL;
	int			 count = -1;

	memset(&r, 0, sizeof r);
	if (wordpress_parse_posts(body, strlen(body), &r, &count, &cause) ==
	    0) {
		fprintf(stderr, "WordPress reply accepted: %s\n", body);
		check_failures++;
	} else if (cause == NULL || strstr(cause, part) == NULL) {
		fprintf(stderr, "reason '%s' lacks '%s'\n", cause ? cause :
		    "(null)", part);
		check_failures++;
	}
	CHECK_INT(r.nposts, 0);
	free(cause);
	fetch_result_release(&r);
}

static void
test_wordpress_refused(void)
{
	wordpress_refused("{\"code\":\"rest_post_invalid_page_number\","
	    "\"message\":\"The page number requested is larger than the number "
	    "of pages available.\",\"data\":{\"status\":400}}",
	    "WordPress says: The page number requested is larger than the "
	    "number of pages available. (rest_post_invalid_page_number)");
	wordpress_refused("<html>", "malformed JSON from WordPress");
	wordpress_refused("{\"posts\": []}", "not a list of posts");
	wordpress_refused("[1]", "WordPress post 0 is not an object");
	wordpress_refused("[{\"link\": \"https://a.example/\", \"date_gmt\": "
	    "\"2024-01-02T03:04:05\"}, {\"date_gmt\": "
	    "\"2024-01-02T03:04:05\"}]",
	    "WordPress post 1 has no 'link'");
	wordpress_refused("[{\"link\": \"https://a.example/\", \"date_gmt\": "
	    "\"soon\"}]", "no item has a date tideline can read (1 item; the "
	    "first date is 'soon')");
}

static const struct fetch_adapter *
rss_adapter(void)
{
	return (platform_find("rss", 3)->adapter);
}

static void
job_init(struct fetch_job *job, const char *handle)
{
	memset(job, 0, sizeof *job);
	job->account.platform = platform_find("rss", 3);
	job->adapter = job->account.platform->adapter;
	job->account.name = xasprintf("rss:%s", handle);
	job->account.handle = xstrdup(handle);
	/* Set for another host: rss ignores it, the handle is the URL. */
	job->account.api_base = xstrdup("https://api.elsewhere.example");
	job->account.now = 1705000000;
	job->account.recent_since = 1705000000 - 30 * 86400;
	job->account.max_pages = 5;
}

static enum fetch_step_result
step(struct fetch_job *job, const struct fetch_request *prev,
    const char *body, const char *link, struct fetch_request *req,
    char **cause)
{
	struct fetch_response	 resp;

	memset(&resp, 0, sizeof resp);
	resp.status = 200;
	resp.body = body;
	resp.len = strlen(body);
	resp.link = link;
	resp.step = prev->step;
	memset(req, 0, sizeof *req);
	return (rss_adapter()->next(job, &resp, req, cause));
}

static void
test_adapter_feed(void)
{
	struct fetch_job	 job;
	struct fetch_request	 req, next;
	char			*body, *cause = NULL;
	size_t			 len;

	CHECK_STR(platform_find("feed", 4)->name, "rss");
	CHECK(platform_find("rss", 3)->default_base == NULL);
	CHECK(platform_find("rss", 3)->secret.env == NULL);
	CHECK_INT(platform_find("rss", 3)->has_counts, 0);
	if ((body = fixture("wordpress-rss.xml", &len)) == NULL)
		return;
	job_init(&job, "https://blog.example/feed/");
	memset(&req, 0, sizeof req);
	CHECK_INT(rss_adapter()->next(&job, NULL, &req, &cause), FETCH_MORE);
	CHECK_STR(req.url, "https://blog.example/feed/");
	CHECK(req.auth == NULL);
	CHECK_INT(step(&job, &req, body, NULL, &next, &cause), FETCH_DONE);
	CHECK(cause == NULL);
	CHECK_INT(job.result.nposts, 5);
	CHECK_INT(job.result.profile.has_counts, 0);
	CHECK(fetch_result_find_post(&job.result,
	    "https://blog.example/?p=123") != NULL);
	free(req.url);
	fetch_job_release(&job);

	/* A reply that is no feed fails the job, saying why. */
	job_init(&job, "https://blog.example/feed.xml");
	memset(&req, 0, sizeof req);
	CHECK_INT(rss_adapter()->next(&job, NULL, &req, &cause), FETCH_MORE);
	CHECK_INT(step(&job, &req, "<!DOCTYPE html><html><body>moved</body>"
	    "</html>", NULL, &next, &cause), FETCH_FAIL);
	CHECK_STR(cause, "an HTML page, not an RSS or Atom feed");
	CHECK_INT(job.result.nposts, 0);
	free(cause);
	cause = NULL;
	free(req.url);
	fetch_job_release(&job);

	job_init(&job, "ftp://blog.example/feed.xml");
	memset(&req, 0, sizeof req);
	CHECK_INT(rss_adapter()->next(&job, NULL, &req, &cause), FETCH_FAIL);
	CHECK(cause != NULL);
	CHECK(req.url == NULL);
	free(cause);
	fetch_job_release(&job);
	free(body);
}

static const char wp_page2[] =
    "[{\"link\": \"https://blog.example/old/\", \"date_gmt\": "
    "\"2023-06-01T00:00:00\", \"title\": {\"rendered\": \"Old\"}}]";

static void
test_adapter_wordpress(void)
{
	static const char link_next[] = "<https://blog.example/wp-json/wp/v2/"
	    "posts?per_page=3&page=2>; rel=\"next\"";
	struct fetch_job	 job;
	struct fetch_request	 req, next;
	char			*body, *cause = NULL;
	size_t			 len;

	if ((body = fixture("wordpress-posts.json", &len)) == NULL)
		return;

	/* A short page is the last one. */
	job_init(&job, "https://blog.example/wp-json/wp/v2/posts");
	memset(&req, 0, sizeof req);
	CHECK_INT(rss_adapter()->next(&job, NULL, &req, &cause), FETCH_MORE);
	CHECK_STR(req.url, "https://blog.example/wp-json/wp/v2/posts?per_page="
	    "50&_embed=wp:term");
	CHECK_INT(step(&job, &req, body, link_next, &next, &cause), FETCH_DONE);
	CHECK_INT(job.result.nposts, 2);
	free(req.url);
	fetch_job_release(&job);

	/* A full page with a rel="next" link asks for the next page. */
	job_init(&job, "https://blog.example/wp-json/wp/v2/posts?per_page=3");
	memset(&req, 0, sizeof req);
	CHECK_INT(rss_adapter()->next(&job, NULL, &req, &cause), FETCH_MORE);
	CHECK_STR(req.url, "https://blog.example/wp-json/wp/v2/posts?per_page="
	    "3&_embed=wp:term");
	CHECK_INT(step(&job, &req, body, link_next, &next, &cause), FETCH_MORE);
	CHECK_STR(next.url, "https://blog.example/wp-json/wp/v2/posts?per_page="
	    "3&_embed=wp:term&page=2");
	free(req.url);
	req = next;
	CHECK_INT(step(&job, &req, wp_page2, NULL, &next, &cause), FETCH_DONE);
	CHECK_INT(job.result.nposts, 3);
	CHECK(fetch_result_find_post(&job.result, "https://blog.example/old/")
	    != NULL);
	free(req.url);
	fetch_job_release(&job);

	/* Full, but no Link header: page 2 might be a 400, so stop. */
	job_init(&job, "https://blog.example/wp-json/wp/v2/posts?per_page=3");
	memset(&req, 0, sizeof req);
	CHECK_INT(rss_adapter()->next(&job, NULL, &req, &cause), FETCH_MORE);
	CHECK_INT(step(&job, &req, body, NULL, &next, &cause), FETCH_DONE);
	free(req.url);
	fetch_job_release(&job);

	/* Full, but already older than the recent window: stop. */
	job_init(&job, "https://blog.example/wp-json/wp/v2/posts?per_page=3");
	job.account.recent_since = 1704900000;
	memset(&req, 0, sizeof req);
	CHECK_INT(rss_adapter()->next(&job, NULL, &req, &cause), FETCH_MORE);
	CHECK_INT(step(&job, &req, body, link_next, &next, &cause), FETCH_DONE);
	free(req.url);
	fetch_job_release(&job);

	/* Full, but max_pages reached: stop. */
	job_init(&job, "https://blog.example/wp-json/wp/v2/posts?per_page=3");
	job.account.max_pages = 1;
	memset(&req, 0, sizeof req);
	CHECK_INT(rss_adapter()->next(&job, NULL, &req, &cause), FETCH_MORE);
	CHECK_INT(step(&job, &req, body, link_next, &next, &cause), FETCH_DONE);
	free(req.url);
	fetch_job_release(&job);

	/* The rest_route form, for hosts without pretty permalinks. */
	job_init(&job, "https://blog.example/?rest_route=/wp/v2/posts");
	memset(&req, 0, sizeof req);
	CHECK_INT(rss_adapter()->next(&job, NULL, &req, &cause), FETCH_MORE);
	CHECK_STR(req.url, "https://blog.example/?rest_route=/wp/v2/posts&"
	    "per_page=50&_embed=wp:term");
	CHECK_INT(step(&job, &req, "{\"code\":\"x\",\"message\":\"nope\"}",
	    NULL, &next, &cause), FETCH_FAIL);
	CHECK_STR(cause, "WordPress says: nope (x)");
	free(cause);
	free(req.url);
	fetch_job_release(&job);
	free(body);
}

static void
test_error_message(void)
{
	char	*m;
	const char *wp = " {\"code\":\"rest_forbidden\",\"message\":\"Sorry, "
	    "you are not allowed to do that.\",\"data\":{\"status\":401}}";

	m = rss_adapter()->error_message(wp, strlen(wp));
	CHECK_STR(m, "Sorry, you are not allowed to do that.");
	free(m);
	CHECK(rss_adapter()->error_message("<html>", 6) == NULL);
	CHECK(rss_adapter()->error_message("", 0) == NULL);
	CHECK(rss_adapter()->error_message("{\"code\":1}", 10) == NULL);
	CHECK(rss_adapter()->error_message("{broken", 7) == NULL);
}

int
main(void)
{
	test_rfc822();
	test_rss();
	test_atom();
	test_rdf();
	test_rss_quirks();
	test_refused();
	test_wordpress();
	test_wordpress_refused();
	test_adapter_feed();
	test_adapter_wordpress();
	test_error_message();
	return (CHECK_DONE());
}
