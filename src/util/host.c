/* Hosts that are not public servers (see host.h). */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/host.h"

/*
 * Names for the machine itself or a local network (RFC 6761, 6762,
 * 8375). All of .arpa: home.arpa is a home network's, the rest the
 * DNS's own; none is a public server's.
 */
static const char *const local_names[] = {
	"localhost", "localdomain", "local", "internal", "arpa", "lan",
	NULL,
};

/* IPv4 blocks that are not public, with what they are. */
static const struct block {
	uint32_t	 net;
	int		 bits;
	const char	*what;
} v4_blocks[] = {
	{ 0x00000000, 8, "an unspecified address" },
	{ 0x0a000000, 8, "a private address" },
	{ 0x64400000, 10, "a shared address (carrier-grade NAT)" },
	{ 0x7f000000, 8, "a loopback address" },
	{ 0xa9fe0000, 16, "a link-local address" },
	{ 0xac100000, 12, "a private address" },
	{ 0xc0000000, 24, "an IETF protocol address" },
	{ 0xc0000200, 24, "a documentation address" },
	{ 0xc0a80000, 16, "a private address" },
	{ 0xc6120000, 15, "a benchmarking address" },
	{ 0xc6336400, 24, "a documentation address" },
	{ 0xcb007100, 24, "a documentation address" },
	{ 0xe0000000, 4, "a multicast address" },
	{ 0xf0000000, 4, "a reserved address" },
};

/*
 * Parsers disagree on an authority with a backslash (a browser ends it
 * there, libcurl does not) or two '@'s (the first or the last ends the
 * user name): all of it is then the host, which no check can read.
 */
static int
ambiguous(const char *p, const char *end)
{
	const char	*at;

	if (memchr(p, '\\', (size_t)(end - p)) != NULL)
		return (1);
	if ((at = memchr(p, '@', (size_t)(end - p))) == NULL)
		return (0);
	return (memchr(at + 1, '@', (size_t)(end - at - 1)) != NULL);
}

int
host_of_url(const char *s, const char **host, size_t *len)
{
	const char	*p, *end, *at, *colon;

	if (strncasecmp(s, "https://", 8) == 0)
		p = s + 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		p = s + 7;
	else
		return (-1);
	end = p + strcspn(p, "/?#");
	if (ambiguous(p, end)) {
		*host = p;
		*len = (size_t)(end - p);
		return (0);
	}
	if ((at = memchr(p, '@', (size_t)(end - p))) != NULL)
		p = at + 1;
	if (*p == '[') {
		if ((colon = memchr(p, ']', (size_t)(end - p))) != NULL)
			end = colon + 1;
	} else if ((colon = memchr(p, ':', (size_t)(end - p))) != NULL)
		end = colon;
	*host = p;
	*len = (size_t)(end - p);
	return (0);
}

static const char *
say(char *why, size_t size, const char *what)
{
	snprintf(why, size, "%s", what);
	return (why);
}

static const char *
v4_block(uint32_t a)
{
	size_t	 i;
	uint32_t mask;

	for (i = 0; i < sizeof v4_blocks / sizeof v4_blocks[0]; i++) {
		mask = 0xffffffffu << (32 - v4_blocks[i].bits);
		if ((a & mask) == v4_blocks[i].net)
			return (v4_blocks[i].what);
	}
	return (NULL);
}

/*
 * One part of a number as resolvers read it (0x: hex, 0: octal, else
 * decimal); -1 if it is none. *plain says it was written A.B.C.D's way.
 */
static int64_t
v4_part(const char *s, size_t len, int *plain)
{
	int64_t	 v = 0;
	size_t	 i = 0;
	int	 base = 10, d;

	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	} else if (len >= 2 && s[0] == '0')
		base = 8;
	*plain = base == 10;
	if (i == len)
		return (len == 0 ? -1 : 0);
	for (; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (base == 16 && s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (base == 16 && s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return (-1);
		if (d >= base || (v = v * base + d) > 0xffffffffLL)
			return (-1);
	}
	return (v);
}

/*
 * Read a host as resolvers read an IPv4 number (1 to 4 parts, the last
 * filling what is left): 0 and *a, or -1. *plain: written A.B.C.D.
 */
static int
v4_parse(const char *s, size_t len, uint32_t *a, int *plain)
{
	int64_t		 part[4], v = 0;
	const char	*p = s, *dot, *end = s + len;
	int		 n = 0, i, ok;

	*plain = 1;
	for (;;) {
		if ((dot = memchr(p, '.', (size_t)(end - p))) == NULL)
			dot = end;
		if (n == 4 || (part[n] = v4_part(p, (size_t)(dot - p),
		    &ok)) < 0)
			return (-1);
		*plain &= ok;
		n++;
		if (dot == end)
			break;
		p = dot + 1;
	}
	for (i = 0; i < n - 1; i++) {
		if (part[i] > 255)
			return (-1);
		v = v << 8 | part[i];
	}
	if (part[n - 1] >> (8 * (5 - n)) != 0)
		return (-1);
	*a = (uint32_t)(v << (8 * (5 - n)) | part[n - 1]);
	*plain &= n == 4;
	return (0);
}

/* A host whose last label is a number is read as IPv4, as resolvers do. */
static const char *
v4_unusual(const char *s, size_t len, char *why, size_t size)
{
	uint32_t	 a;
	int		 plain;

	if (v4_parse(s, len, &a, &plain) != 0)
		return (say(why, size, "a number that is no IPv4 address"));
	if (!plain) {
		snprintf(why, size, "%u.%u.%u.%u written as a number",
		    a >> 24, a >> 16 & 0xff, a >> 8 & 0xff, a & 0xff);
		return (why);
	}
	return (v4_block(a) == NULL ? NULL : say(why, size, v4_block(a)));
}

/* An IPv4 address inside an IPv6 one (mapped, compatible, NAT64, 6to4). */
static int
v6_embedded(const unsigned char *b, uint32_t *a)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0xff, 0xff };
	static const unsigned char compatible[12];
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };
	int	 at = -1;

	/*
	 * A compatible address held a public IPv4 one; ::0.x.x.x is the
	 * rest of ::/8 (reserved), not 0.0.0.0/8 written as IPv6.
	 */
	if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0 ||
	    (memcmp(b, compatible, 12) == 0 && b[12] != 0))
		at = 12;
	else if (b[0] == 0x20 && b[1] == 0x02)
		at = 2;
	if (at < 0)
		return (0);
	*a = (uint32_t)b[at] << 24 | (uint32_t)b[at + 1] << 16 |
	    (uint32_t)b[at + 2] << 8 | b[at + 3];
	return (1);
}

static const char *
v6_unusual(const char *s, size_t len, char *why, size_t size)
{
	static const unsigned char zero[16];
	unsigned char	 b[16];
	char		 text[64];
	uint32_t	 a;

	if (len < 2 || s[len - 1] != ']' || len - 2 >= sizeof text)
		return (say(why, size, "an IPv6 address that cannot be read"));
	memcpy(text, s + 1, len - 2);
	text[len - 2] = '\0';
	if (inet_pton(AF_INET6, text, b) != 1)
		return (say(why, size, "an IPv6 address that cannot be read"));
	if (memcmp(b, zero, 16) == 0)
		return (say(why, size, "an unspecified address"));
	if (memcmp(b, zero, 15) == 0 && b[15] == 1)
		return (say(why, size, "a loopback address"));
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
		return (say(why, size, "a link-local address"));
	if ((b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0))
		return (say(why, size, "a private address"));
	if (b[0] == 0xff)
		return (say(why, size, "a multicast address"));
	if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
		return (say(why, size, "a documentation address"));
	if (v6_embedded(b, &a))
		return (v4_block(a) != NULL ? say(why, size, v4_block(a)) :
		    say(why, size, "an IPv4 address written as IPv6"));
	/* The rest of ::/8, and 100::/64 (discard). */
	if (b[0] == 0 || (b[0] == 0x01 && memcmp(b + 1, zero, 7) == 0))
		return (say(why, size, "a reserved address"));
	return (NULL);
}

/* Is the name (or one of its parents) a local one? */
static int
local_name(const char *s, size_t len)
{
	size_t	 i, n;

	for (i = 0; local_names[i] != NULL; i++) {
		n = strlen(local_names[i]);
		if (len >= n && strncasecmp(s + len - n, local_names[i],
		    n) == 0 && (len == n || s[len - n - 1] == '.'))
			return (1);
	}
	return (0);
}

static int
is_hex(char c)
{
	return ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F'));
}

/* All digits, or 0x and hex digits: what resolvers take for a number. */
static int
is_numeric_label(const char *s, size_t len)
{
	size_t	 i = 0;
	int	 hex = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		i = 2;
		hex = 1;
	}
	if (len == 0)
		return (0);
	for (; i < len; i++) {
		if (!(s[i] >= '0' && s[i] <= '9') && !(hex && is_hex(s[i])))
			return (0);
	}
	return (1);
}

const char *
host_unusual(const char *s, size_t len, char *why, size_t size)
{
	const char	*last;
	size_t		 i;

	if (len > 0 && s[0] == '[')
		return (v6_unusual(s, len, why, size));
	if (len > 1 && s[len - 1] == '.')
		len--;
	if (len == 0)
		return (say(why, size, "an empty host"));
	for (i = 0; i < len; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-' || s[i] == '.' || s[i] == '_' ||
		    (unsigned char)s[i] >= 0x80) ||
		    (s[i] == '.' && (i == 0 || s[i - 1] == '.')))
			return (say(why, size, "a host name that cannot be "
			    "read"));
	}
	for (last = s + len; last > s && last[-1] != '.'; last--)
		;
	if (is_numeric_label(last, (size_t)(s + len - last)))
		return (v4_unusual(s, len, why, size));
	/*
	 * IDNA maps fullwidth letters and digits, and other forms, to
	 * ASCII ones (a fullwidth "localhost" to localhost), which only
	 * libcurl's conversion would show. Every verdict here rests on the
	 * last label, so it must be ASCII already.
	 */
	for (i = (size_t)(last - s); i < len; i++) {
		if ((unsigned char)s[i] >= 0x80)
			return (say(why, size, "a name whose last label is "
			    "not ASCII (it may stand for a local one)"));
	}
	if (local_name(s, len))
		return (say(why, size, "a local name"));
	if (memchr(s, '.', len) == NULL)
		return (say(why, size, "a name without a dot (a local one)"));
	return (NULL);
}
