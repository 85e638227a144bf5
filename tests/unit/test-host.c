/* Which hosts are not public servers, and the host of a URL. */
#include <string.h>

#include "check.h"
#include "util/host.h"

static const char *
unusual(const char *host)
{
	static char	 why[128];

	return (host_unusual(host, strlen(host), why, sizeof why));
}

static void
check_public(const char *host)
{
	const char	*why = unusual(host);

	if (why != NULL) {
		fprintf(stderr, "'%s' taken for %s\n", host, why);
		check_failures++;
	}
}

static void
check_unusual(const char *host, const char *want)
{
	CHECK_STR(unusual(host), want);
}

static void
test_public(void)
{
	check_public("example.com");
	check_public("EXAMPLE.COM.");
	check_public("mastodon.social");
	check_public("blog.example");
	check_public("a-b.c_d.example");
	check_public("b\xc3\xbc" "cher.example");
	check_public("1.2.3.4.example");
	check_public("93.184.216.34");
	check_public("8.8.8.8");
	check_public("172.32.0.1");
	check_public("100.128.0.1");
	check_public("[2001:4860:4860::8888]");
	check_public("[2606:4700::1111]");
}

static void
test_addresses(void)
{
	check_unusual("127.0.0.1", "a loopback address");
	check_unusual("127.255.0.9", "a loopback address");
	check_unusual("169.254.169.254", "a link-local address");
	check_unusual("10.1.2.3", "a private address");
	check_unusual("172.16.0.1", "a private address");
	check_unusual("172.31.255.255", "a private address");
	check_unusual("192.168.1.1", "a private address");
	check_unusual("0.0.0.0", "an unspecified address");
	check_unusual("100.64.0.1", "a shared address (carrier-grade NAT)");
	check_unusual("192.0.0.8", "an IETF protocol address");
	check_unusual("192.0.2.1", "a documentation address");
	check_unusual("198.18.0.1", "a benchmarking address");
	check_unusual("224.0.0.1", "a multicast address");
	check_unusual("255.255.255.255", "a reserved address");
	check_unusual("127.0.0.1.", "a loopback address");
	check_unusual("[::1]", "a loopback address");
	check_unusual("[::]", "an unspecified address");
	check_unusual("[fe80::1]", "a link-local address");
	check_unusual("[fc00::1]", "a private address");
	check_unusual("[fd12:3456::1]", "a private address");
	check_unusual("[fec0::1]", "a private address");
	check_unusual("[ff02::1]", "a multicast address");
	check_unusual("[2001:db8::1]", "a documentation address");
	check_unusual("[::ffff:127.0.0.1]", "a loopback address");
	check_unusual("[::ffff:a9fe:a9fe]", "a link-local address");
	check_unusual("[::127.0.0.1]", "a loopback address");
	check_unusual("[64:ff9b::7f00:1]", "a loopback address");
	check_unusual("[2002:a00:1::]", "a private address");
	check_unusual("[::ffff:8.8.8.8]", "an IPv4 address written as IPv6");
	check_unusual("[::2:1]", "a reserved address");
	check_unusual("[100::1]", "a reserved address");
	check_unusual("[fe80::1%25eth0]", "an IPv6 address that cannot be "
	    "read");
	check_unusual("[::1", "an IPv6 address that cannot be read");
	check_unusual("[example.com]", "an IPv6 address that cannot be read");
}

static void
test_numbers(void)
{
	check_unusual("2130706433", "127.0.0.1 written as a number");
	check_unusual("0x7f.1", "127.0.0.1 written as a number");
	check_unusual("0x7F000001", "127.0.0.1 written as a number");
	check_unusual("017700000001", "127.0.0.1 written as a number");
	check_unusual("0177.0.0.1", "127.0.0.1 written as a number");
	check_unusual("127.1", "127.0.0.1 written as a number");
	check_unusual("127.0.1", "127.0.0.1 written as a number");
	check_unusual("0", "0.0.0.0 written as a number");
	check_unusual("0x08080808", "8.8.8.8 written as a number");
	check_unusual("169.254.43518", "169.254.169.254 written as a number");
	check_unusual("999.1.1.1", "a number that is no IPv4 address");
	check_unusual("1.2.3.4.5", "a number that is no IPv4 address");
	check_unusual("08.0.0.1", "a number that is no IPv4 address");
	check_unusual("4294967296", "a number that is no IPv4 address");
	check_unusual("example.123", "a number that is no IPv4 address");
}

static void
test_names(void)
{
	check_unusual("localhost", "a local name");
	check_unusual("LocalHost.", "a local name");
	check_unusual("www.localhost", "a local name");
	check_unusual("localhost.localdomain", "a local name");
	check_unusual("printer.local", "a local name");
	check_unusual("nas.home.arpa", "a local name");
	check_unusual("db.internal", "a local name");
	check_unusual("router.lan", "a local name");
	check_unusual("1.0.0.127.in-addr.arpa", "a local name");
	/* Fullwidth "localhost", "127" and ideographic full stops. */
	check_unusual("\xef\xbd\x8c\xef\xbd\x8f\xef\xbd\x83\xef\xbd\x81"
	    "\xef\xbd\x8c\xef\xbd\x88\xef\xbd\x8f\xef\xbd\x93\xef\xbd\x94",
	    "a name whose last label is not ASCII (it may stand for a local "
	    "one)");
	check_unusual("www.\xef\xbd\x8c\xef\xbd\x8f\xef\xbd\x83\xef\xbd\x81"
	    "\xef\xbd\x8c", "a name whose last label is not ASCII (it may "
	    "stand for a local one)");
	check_unusual("\xef\xbc\x91\xef\xbc\x92\xef\xbc\x97.0.0.1",
	    "a number that is no IPv4 address");
	check_unusual("example.com\xe3\x80\x82localhost", "a name whose last "
	    "label is not ASCII (it may stand for a local one)");
	check_unusual("intranet", "a name without a dot (a local one)");
	check_unusual("", "an empty host");
	check_unusual("a..example", "a host name that cannot be read");
	check_unusual(".example", "a host name that cannot be read");
	check_unusual("127.0.0.1%2f", "a host name that cannot be read");
	check_unusual("exa mple.com", "a host name that cannot be read");
	check_unusual("a\\b.example", "a host name that cannot be read");
	check_public("notlocalhost.example");
	check_public("local.example");
}

static void
check_host(const char *url, const char *want)
{
	const char	*h;
	size_t		 len;
	char		 got[128];

	if (host_of_url(url, &h, &len) != 0) {
		CHECK_STR(NULL, want);
		return;
	}
	snprintf(got, sizeof got, "%.*s", (int)len, h);
	CHECK_STR(got, want);
}

static void
test_url_host(void)
{
	check_host("http://127.0.0.1:8080/feed.xml", "127.0.0.1");
	check_host("HTTPS://Blog.Example/feed", "Blog.Example");
	check_host("https://user:pw@host.example:443/x", "host.example");
	check_host("http://example.com@127.0.0.1/", "127.0.0.1");
	check_host("http://[::1]:80/", "[::1]");
	check_host("http://[::ffff:127.0.0.1]/f", "[::ffff:127.0.0.1]");
	check_host("http://a.example?x=1", "a.example");
	check_host("http://a.example#top", "a.example");
	/* Parsers disagree on these: the whole authority is returned. */
	check_host("http://127.0.0.1\\@example.com/",
	    "127.0.0.1\\@example.com");
	check_host("http://example.com\\@127.0.0.1/",
	    "example.com\\@127.0.0.1");
	check_host("http://a@example.com@127.0.0.1/",
	    "a@example.com@127.0.0.1");
	check_unusual("example.com\\@127.0.0.1",
	    "a host name that cannot be read");
	check_unusual("a@example.com@127.0.0.1",
	    "a host name that cannot be read");
	check_host("http://", "");
	check_host("ftp://a.example/", NULL);
	check_host("a.example", NULL);
}

int
main(void)
{
	test_public();
	test_addresses();
	test_numbers();
	test_names();
	test_url_host();
	return (CHECK_DONE());
}
