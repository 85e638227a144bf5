/*
 * URL helpers for adapters and the engine: query escaping, secrets hidden
 * before a URL is shown, and the next page named by a Link header.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fetch/fetch.h"
#include "util/buf.h"
#include "util/xmalloc.h"

static int		 is_unreserved(unsigned char);
static int		 is_secret_name(const char *, size_t);
static const char	*skip_space(const char *);
static const char	*read_value(const char *, struct buf *);
static const char	*read_params(const char *, int *);
static int		 rel_has_next(const char *);

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
