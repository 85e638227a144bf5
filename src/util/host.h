/*
 * Hosts that a file's word is not enough to fetch from: loopback,
 * private, link-local, unspecified and other special addresses (IPv4
 * and IPv6 literals), local names (localhost, *.local, names without a
 * dot) and numbers written the ways only resolvers read (2130706433,
 * 0x7f.1, 0177.0.0.1), which all reach the machine or its network
 * rather than a public server. A name that resolves to such an address
 * is not caught: that takes a lookup, which an import does not do.
 */
#ifndef TL_HOST_H
#define TL_HOST_H

#include <stddef.h>

/*
 * The host of an http:// or https:// URL (after any user name, without
 * the port; an IPv6 literal with its brackets): 0 and [*host, *host +
 * *len), or -1 when s is no such URL. Where parsers would disagree on
 * the host (a backslash or two '@'s before the path), the whole
 * authority, which host_unusual cannot read.
 */
int		 host_of_url(const char *, const char **, size_t *);
/*
 * What is unusual about a host, as a phrase ("a loopback address",
 * "127.0.0.1 written as a number"), in 'why' (at least 64 bytes); or
 * NULL for a public host name or address.
 */
const char	*host_unusual(const char *, size_t, char *, size_t);

#endif
