/*
 * URL helpers for adapters and the engine: query escaping, secrets hidden
 * before a URL is shown, the next page named by a Link header, the origin
 * a URL is on, and links found in a page made absolute.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fetch/fetch.h"
#include "fetch/url.h"
#include "util/buf.h"
#include "util/xmalloc.h"

static int		 is_unreserved(unsigned char);
static int		 is_secret_name(const char *, size_t);
static const char	*skip_space(const char *);
static const char	*read_value(const char *, struct buf *);
static const char	*read_params(const char *, int *);
static int		 rel_has_next(const char *);
static int		 is_alpha(char);
static int		 is_digit(char);
static size_t		 scheme_len(const char *, size_t);
static int		 origin_port(const char *, size_t, long *);
static size_t		 origin_host(const char *, const char *);

static int
is_unreserved(unsigned char c)
{
	return ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~');
}

char *
fetch_escape(const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	char			*out, *o;

	out = xreallocarray(NULL, strlen(s) + 1, 3);
	for (o = out, p = (const unsigned char *)s; *p != '\0'; p++) {
		if (is_unreserved(*p))
			*o++ = (char)*p;
		else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 0x0f];
		}
	}
	*o = '\0';
	return (out);
}

static int
is_secret_name(const char *name, size_t len)
{
	static const char *const names[] = {
		"key", "access_token", "token", "api_key",
	};
	size_t	 i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strlen(names[i]) == len &&
		    strncasecmp(name, names[i], len) == 0)
			return (1);
	}
	return (0);
}

char *
fetch_redact_url(const char *url)
{
	struct buf	 b = BUF_INIT;
	const char	*q, *frag, *p, *end, *eq;

	frag = url + strcspn(url, "#");
	q = memchr(url, '?', (size_t)(frag - url));
	if (q == NULL)
		return (xstrdup(url));
	buf_add(&b, url, (size_t)(q + 1 - url));
	for (p = q + 1; p <= frag; p = end + 1) {
		end = p + strcspn(p, "&#");
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq != NULL && is_secret_name(p, (size_t)(eq - p))) {
			buf_add(&b, p, (size_t)(eq + 1 - p));
			buf_adds(&b, "REDACTED");
		} else
			buf_add(&b, p, (size_t)(end - p));
		if (end == frag)
			break;
		buf_addc(&b, '&');
	}
	buf_adds(&b, frag);
	return (buf_detach(&b, NULL));
}

static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return (p);
}

/* A parameter value, a token or a quoted string, into b (unquoted). */
static const char *
read_value(const char *p, struct buf *b)
{
	buf_reset(b);
	if (*p != '"') {
		while (*p != '\0' && strchr(";, \t", *p) == NULL)
			buf_addc(b, *p++);
		return (p);
	}
	for (p++; *p != '\0' && *p != '"'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		buf_addc(b, *p);
	}
	return (*p == '"' ? p + 1 : p);
}

/* Is "next" one of the space-separated relation types? */
static int
rel_has_next(const char *rels)
{
	const char	*p = rels;
	size_t		 len;

	while (*p != '\0') {
		p += strspn(p, " \t");
		len = strcspn(p, " \t");
		if (len == 4 && strncasecmp(p, "next", 4) == 0)
			return (1);
		p += len;
	}
	return (0);
}

/*
 * Read the "; name=value" parameters after a link's URI, up to the ',' that
 * ends the link; *next says whether its first rel lists "next".
 */
static const char *
read_params(const char *p, int *next)
{
	struct buf	 v = BUF_INIT;
	const char	*name;
	size_t		 len;
	int		 seen_rel = 0;

	*next = 0;
	while (*(p = skip_space(p)) == ';') {
		name = p = skip_space(p + 1);
		len = strcspn(p, "=;, \t");
		p = skip_space(p + len);
		buf_reset(&v);
		if (*p == '=')
			p = read_value(skip_space(p + 1), &v);
		/* Only the first rel counts (RFC 8288, section 3.3). */
		if (len == 3 && strncasecmp(name, "rel", 3) == 0 && !seen_rel) {
			seen_rel = 1;
			*next = rel_has_next(v.data);
		}
	}
	buf_release(&v);
	return (p);
}

char *
fetch_link_next(const char *header)
{
	const char	*p = header, *uri, *gt;
	int		 next;

	if (header == NULL)
		return (NULL);
	for (;;) {
		p = skip_space(p + strspn(p, ", \t"));
		if (*p != '<') {
			/* Not a link: skip to the next one, if any. */
			if ((p = strchr(p, ',')) == NULL)
				return (NULL);
			continue;
		}
		uri = p + 1;
		if ((gt = strchr(uri, '>')) == NULL)
			return (NULL);
		p = read_params(gt + 1, &next);
		if (next && gt > uri)
			return (xstrndup(uri, (size_t)(gt - uri)));
		p += strcspn(p, ",");
		if (*p == '\0')
			return (NULL);
	}
}

static int
is_alpha(char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

static int
is_digit(char c)
{
	return (c >= '0' && c <= '9');
}

/* Length of "scheme:" at the start of s, or 0 if there is none. */
static size_t
scheme_len(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || !is_alpha(s[0]))
		return (0);
	for (i = 1; i < len; i++) {
		if (s[i] == ':')
			return (i + 1);
		if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '+' &&
		    s[i] != '-' && s[i] != '.')
			return (0);
	}
	return (0);
}

/* A port of 1 to 5 digits, 1 to 65535; -1 if it is not one. */
static int
origin_port(const char *s, size_t len, long *port)
{
	size_t	 i;

	*port = 0;
	if (len == 0 || len > 5)
		return (-1);
	for (i = 0; i < len; i++) {
		if (!is_digit(s[i]))
			return (-1);
		*port = *port * 10 + (s[i] - '0');
	}
	return (*port >= 1 && *port <= 65535 ? 0 : -1);
}

/*
 * Length of the host at the start of an authority: a name of letters,
 * digits, '.' and '-', or an IPv6 literal in brackets; 0 for neither.
 */
static size_t
origin_host(const char *host, const char *end)
{
	const char	*p = host;

	if (*p != '[') {
		while (p < end && (is_alpha(*p) || is_digit(*p) || *p == '.' ||
		    *p == '-'))
			p++;
		return ((size_t)(p - host));
	}
	for (p++; p < end && *p != ']'; p++) {
		if (!is_digit(*p) && !(*p >= 'a' && *p <= 'f') &&
		    !(*p >= 'A' && *p <= 'F') && *p != ':' && *p != '.')
			return (0);
	}
	return (p < end && p - host > 2 ? (size_t)(p + 1 - host) : 0);
}

char *
fetch_origin(const char *url)
{
	const char	*host, *end, *after, *p;
	char		*out, *o;
	long		 port, def;
	size_t		 hlen;

	/* Nothing that another URL parser could read another way. */
	for (p = url; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '\\')
			return (NULL);
	}
	if (strncasecmp(url, "http://", 7) == 0) {
		host = url + 7;
		def = 80;
	} else if (strncasecmp(url, "https://", 8) == 0) {
		host = url + 8;
		def = 443;
	} else
		return (NULL);
	end = host + strcspn(host, "/?#");
	/* The host, then nothing or a port: no user name (a@b), no escape. */
	if ((hlen = origin_host(host, end)) == 0)
		return (NULL);
	after = host + hlen;
	port = def;
	if (after < end && (*after != ':' || origin_port(after + 1,
	    (size_t)(end - after - 1), &port) != 0))
		return (NULL);
	out = xasprintf("%s%.*s:%ld", def == 80 ? "http://" : "https://",
	    (int)hlen, host, port);
	for (o = out; *o != '\0'; o++) {
		if (*o >= 'A' && *o <= 'Z')
			*o = (char)(*o - 'A' + 'a');
	}
	if (port == def)
		*strrchr(out, ':') = '\0';
	return (out);
}

int
fetch_same_origin(const char *a, const char *b)
{
	char	*oa, *ob;
	int	 same;

	oa = fetch_origin(a);
	ob = fetch_origin(b);
	same = oa != NULL && ob != NULL && strcmp(oa, ob) == 0;
	free(oa);
	free(ob);
	return (same);
}

int
fetch_is_web_url(const char *s, size_t len)
{
	return ((len > 7 && strncasecmp(s, "http://", 7) == 0) ||
	    (len > 8 && strncasecmp(s, "https://", 8) == 0));
}

/*
 * An href made absolute against the page it is on, without its fragment;
 * NULL unless it is a web URL (mailto:, a bare "#more", no base). Dot
 * segments are kept: the blogs we read write absolute links anyway.
 */
char *
fetch_resolve_url(const char *base, const char *ref, size_t len)
{
	const char	*hash, *host, *path, *end;
	char		*url;
	size_t		 n;

	if ((hash = memchr(ref, '#', len)) != NULL)
		len = (size_t)(hash - ref);
	if (len == 0)
		return (NULL);
	if (scheme_len(ref, len) > 0)
		return (fetch_is_web_url(ref, len) ? xstrndup(ref, len) : NULL);
	if (base == NULL || !fetch_is_web_url(base, strlen(base)))
		return (NULL);
	host = strstr(base, "://") + 3;
	if (len >= 2 && ref[0] == '/' && ref[1] == '/')
		return (xasprintf("%.*s%.*s", (int)(host - base - 2), base,
		    (int)len, ref));
	path = host + strcspn(host, "/?#");
	if (ref[0] == '/')
		return (xasprintf("%.*s%.*s", (int)(path - base), base,
		    (int)len, ref));
	end = path + strcspn(path, "?#");
	if (ref[0] == '?')
		return (xasprintf("%.*s%.*s", (int)(end - base), base,
		    (int)len, ref));
	/* A relative path: replace the last segment of the base's path. */
	for (n = (size_t)(end - base); n > (size_t)(path - base); n--) {
		if (base[n - 1] == '/')
			break;
	}
	url = xasprintf("%.*s%s%.*s", (int)n, base, n == (size_t)(path -
	    base) ? "/" : "", (int)len, ref);
	return (url);
}
