/* URL helpers: escaping, hiding secrets, a Link's next page, origins. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fetch/fetch.h"

static void
check_escape(const char *in, const char *want)
{
	char	*got = fetch_escape(in);

	CHECK_STR(got, want);
	free(got);
}

static void
check_redact(const char *in, const char *want)
{
	char	*got = fetch_redact_url(in);

	CHECK_STR(got, want);
	free(got);
}

static void
check_next(const char *header, const char *want)
{
	char	*got = fetch_link_next(header);

	CHECK_STR(got, want);
	free(got);
}

static void
check_origin(const char *url, const char *want)
{
	char	*got = fetch_origin(url);

	CHECK_STR(got, want);
	free(got);
}

static void
test_escape(void)
{
	check_escape("", "");
	check_escape("AZaz09-._~", "AZaz09-._~");
	check_escape("alice@mastodon.example", "alice%40mastodon.example");
	check_escape("a b+c/d?e=f&g#h", "a%20b%2Bc%2Fd%3Fe%3Df%26g%23h");
	check_escape("did:plc:abc", "did%3Aplc%3Aabc");
	check_escape("%", "%25");
	/* UTF-8 bytes, each one escaped, upper-case hex. */
	check_escape("\xc3\xa9t\xc3\xa9", "%C3%A9t%C3%A9");
	check_escape("\x7f\x01", "%7F%01");
}

static void
test_redact(void)
{
	check_redact("https://h.example/p", "https://h.example/p");
	check_redact("https://h.example/p?a=1&b=2",
	    "https://h.example/p?a=1&b=2");
	check_redact("https://www.googleapis.com/youtube/v3/videos?"
	    "part=statistics&id=abc&key=AIzaSECRET",
	    "https://www.googleapis.com/youtube/v3/videos?"
	    "part=statistics&id=abc&key=REDACTED");
	check_redact("https://h.example/?key=s&access_token=t&token=u&"
	    "api_key=v&keys=w",
	    "https://h.example/?key=REDACTED&access_token=REDACTED&"
	    "token=REDACTED&api_key=REDACTED&keys=w");
	check_redact("https://h.example/?Key=s",
	    "https://h.example/?Key=REDACTED");
	check_redact("https://h.example/?key=",
	    "https://h.example/?key=REDACTED");
	check_redact("https://h.example/?key", "https://h.example/?key");
	check_redact("https://h.example/?monkey=1&key=2#key=3",
	    "https://h.example/?monkey=1&key=REDACTED#key=3");
	check_redact("https://h.example/#frag?key=1",
	    "https://h.example/#frag?key=1");
	check_redact("https://h.example/?", "https://h.example/?");
	check_redact("https://h.example/?&&key=1&",
	    "https://h.example/?&&key=REDACTED&");
}

static void
test_link_next(void)
{
	check_next(NULL, NULL);
	check_next("", NULL);
	/* Mastodon's shape. */
	check_next("<https://m.example/api/v1/accounts/1/statuses?limit=40&"
	    "max_id=1170>; rel=\"next\", <https://m.example/api/v1/accounts/1/"
	    "statuses?limit=40&min_id=1214>; rel=\"prev\"",
	    "https://m.example/api/v1/accounts/1/statuses?limit=40&"
	    "max_id=1170");
	check_next("<https://a.example/prev>; rel=\"prev\", "
	    "<https://a.example/next>; rel=\"next\"", "https://a.example/next");
	check_next("<https://a.example/n>; rel=next", "https://a.example/n");
	check_next("<https://a.example/n>;rel=NEXT", "https://a.example/n");
	check_next("<https://a.example/n> ; rel = \"last next\"",
	    "https://a.example/n");
	check_next("<https://a.example/n>; rel=\"nextpage\"", NULL);
	check_next("<https://a.example/p>; rel=\"prev\"", NULL);
	/* Commas and semicolons inside the URI or quoted values. */
	check_next("<https://a.example/x?a=1,2;b>; title=\"a, b; rel=next\"; "
	    "rel=\"prev\", <https://a.example/y,z>; rel=\"next\"",
	    "https://a.example/y,z");
	/* Only the first rel of a link counts. */
	check_next("<https://a.example/1>; rel=\"prev\"; rel=\"next\"", NULL);
	check_next("<https://a.example/1>; type=\"text/html\"; rel=next",
	    "https://a.example/1");
	/* Escaped quote in a value; other parameters before rel. */
	check_next("<https://a.example/2>; title=\"say \\\"hi\\\"\"; rel=next",
	    "https://a.example/2");
	/* Two Link headers, joined by the engine with ','. */
	check_next("<https://a.example/p>; rel=\"prev\",<https://a.example/n>; "
	    "rel=\"next\"", "https://a.example/n");
	/* Garbage does not stop the search, and never crashes. */
	check_next("junk, <https://a.example/n>; rel=next",
	    "https://a.example/n");
	check_next("<https://a.example/n; rel=next", NULL);
	check_next("<>; rel=next", NULL);
	check_next(";;;,,,<", NULL);
	check_next("<https://a.example/n>; rel=\"next", "https://a.example/n");
}

static void
test_origin(void)
{
	check_origin("https://mastodon.example", "https://mastodon.example");
	check_origin("https://mastodon.example/api/v1?max_id=1#x",
	    "https://mastodon.example");
	check_origin("HTTPS://Mastodon.EXAMPLE:443/api",
	    "https://mastodon.example");
	check_origin("http://127.0.0.1:8080/mastodon", "http://127.0.0.1:8080");
	check_origin("http://h.example:80?q", "http://h.example");
	check_origin("http://h.example:0080/", "http://h.example");
	check_origin("https://h.example:80/", "https://h.example:80");
	check_origin("https://h.example#@other.example/",
	    "https://h.example");
	/* What another parser could read another way: none. */
	check_origin("https://mastodon.example@evil.example/", NULL);
	check_origin("https://user:pw@mastodon.example/", NULL);
	check_origin("https://evil.example\\@mastodon.example/", NULL);
	check_origin("https://evil.example%2F@mastodon.example/", NULL);
	check_origin("https://mastodon.example /x", NULL);
	check_origin("https://mastodon.example\t/x", NULL);
	check_origin("https://[::1]:8080/", "https://[::1]:8080");
	check_origin("http://[FE80::1]:80/x", "http://[fe80::1]");
	check_origin("https://[::1]x/", NULL);
	check_origin("https://[::1/", NULL);
	check_origin("https://[]/", NULL);
	check_origin("https://[::1%25eth0]/", NULL);
	check_origin("https://[::1]@evil.example/", NULL);
	check_origin("https://h.example:/", NULL);
	check_origin("https://h.example:65536/", NULL);
	check_origin("https://h.example:0/", NULL);
	check_origin("https://h.example:99999999999999999999/", NULL);
	check_origin("https:///path", NULL);
	check_origin("https://:443/", NULL);
	/* Not http(s), or not absolute. */
	check_origin("ftp://h.example/", NULL);
	check_origin("file:///etc/passwd", NULL);
	check_origin("//h.example/api", NULL);
	check_origin("/api/v1/accounts/1/statuses", NULL);
	check_origin("", NULL);
	CHECK(fetch_same_origin("https://m.example/api", "HTTPS://M.example:443"
	    "/x"));
	CHECK(!fetch_same_origin("https://m.example", "http://m.example"));
	CHECK(!fetch_same_origin("https://m.example", "https://m.example:1"));
	CHECK(!fetch_same_origin("https://m.example", "https://m.example.x"));
	CHECK(!fetch_same_origin("https://m.example", "https://x.m.example"));
	CHECK(!fetch_same_origin("https://m.example", "/relative"));
	CHECK(!fetch_same_origin("/relative", "/relative"));
}

int
main(void)
{
	test_escape();
	test_redact();
	test_link_next();
	test_origin();
	return (CHECK_DONE());
}
