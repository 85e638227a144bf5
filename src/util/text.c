/* Small text helpers: UTF-8 checks, trimming, numbers, thousands. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/text.h"
#include "util/xmalloc.h"

size_t
utf8_char_len(const char *s, size_t left)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 cp, min;
	size_t			 need, i;

	if (p[0] < 0x80)
		return (1);
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		need = 1; cp = p[0] & 0x1f; min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need = 2; cp = p[0] & 0x0f; min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need = 3; cp = p[0] & 0x07; min = 0x10000;
	} else
		return (0);
	if (left <= need)
		return (0);
	for (i = 1; i <= need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (0);
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return (0);
	return (need + 1);
}

int
utf8_valid(const char *s, size_t len)
{
	size_t	 i, n;

	for (i = 0; i < len; i += n)
		if ((n = utf8_char_len(s + i, len - i)) == 0)
			return (0);
	return (1);
}

void
text_trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

int
text_parse_count(const char *s, size_t len, int64_t *out, const char **why)
{
	int64_t	 v = 0;
	size_t	 i;

	text_trim(&s, &len);
	if (len == 0) {
		*why = "empty count";
		return (-1);
	}
	if (s[0] == '-') {
		*why = "negative count";
		return (-1);
	}
	if (s[0] == '+') {
		s++;
		len--;
	}
	if (len == 0 || len > 18) {
		*why = len == 0 ? "not a number" : "count too large";
		return (-1);
	}
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			*why = "not a whole number";
			return (-1);
		}
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return (0);
}

void
text_thousands(int64_t n, char *out, size_t size)
{
	char	 digits[32], tmp[48];
	size_t	 nd, i, j = 0;
	int	 neg = n < 0;

	snprintf(digits, sizeof digits, "%lld",
	    (long long)(neg ? -(n + 1) + 1 : n));
	nd = strlen(digits);
	if (neg)
		tmp[j++] = '-';
	for (i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			tmp[j++] = ',';
		tmp[j++] = digits[i];
	}
	tmp[j] = '\0';
	snprintf(out, size, "%s", tmp);
}

/* Bytes that end a URL in running text. */
static int
ends_url(char c)
{
	return (c == '\0' || c == ' ' || c == '\t' || c == '\n' ||
	    c == '\r' || c == '<' || c == '>' || c == '"' || c == '`');
}

/* Length of the URL without trailing sentence punctuation. */
static size_t
trim_url(const char *u, size_t len)
{
	size_t	 open = 0, close = 0, i;

	for (i = 0; i < len; i++) {
		open += u[i] == '(';
		close += u[i] == ')';
	}
	while (len > 0) {
		char	 c = u[len - 1];

		if (c == ')' && close > open) {
			close--;
			len--;
		} else if (strchr(".,;:!?'*", c) != NULL)
			len--;
		else
			break;
	}
	return (len);
}

int
text_each_url(const char *s, int (*fn)(void *, const char *, size_t),
    void *arg)
{
	const char	*p = s, *start;
	size_t		 scheme, len;
	int		 rc;

	while ((p = strstr(p, "http")) != NULL) {
		if (strncmp(p, "https://", 8) == 0)
			scheme = 8;
		else if (strncmp(p, "http://", 7) == 0)
			scheme = 7;
		else {
			p += 4;
			continue;
		}
		start = p;
		p += scheme;
		while (!ends_url(*p))
			p++;
		len = trim_url(start, (size_t)(p - start));
		if (len > scheme && (rc = fn(arg, start, len)) != 0)
			return (rc);
	}
	return (0);
}

int
text_all_in(const char *s, size_t len, const char *also)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)s[i]) && strchr(also, s[i]) == NULL)
			return (0);
	}
	return (1);
}

char *
text_lower_copy(const char *s, size_t len)
{
	char	*out;
	size_t	 i;

	out = xstrndup(s, len);
	for (i = 0; i < len; i++)
		out[i] = (char)tolower((unsigned char)out[i]);
	return (out);
}

int
text_is_hostname(const char *s, size_t len)
{
	return (len > 2 && len <= 253 && memchr(s, '.', len) != NULL &&
	    s[0] != '.' && s[len - 1] != '.' && s[0] != '-' &&
	    text_all_in(s, len, ".-"));
}

/* The lower case of a letter of the scripts tags are written in. */
static uint32_t
lower_code_point(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7) ||
	    (c >= 0x391 && c <= 0x3ab && c != 0x3a2) ||
	    (c >= 0x410 && c <= 0x42f))
		return (c + 0x20);
	if (c >= 0x400 && c <= 0x40f)
		return (c + 0x50);
	/* Latin Extended-A pairs letters, upper case first ... */
	if (((c >= 0x100 && c <= 0x12f) || (c >= 0x132 && c <= 0x137) ||
	    (c >= 0x14a && c <= 0x177)) && c % 2 == 0)
		return (c + 1);
	/* ... but for two runs that start on an odd code point. */
	if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) &&
	    c % 2 == 1)
		return (c + 1);
	if (c == 0x178)
		return (0xff);
	if (c == 0x386)
		return (0x3ac);
	if (c >= 0x388 && c <= 0x38a)
		return (c + 0x25);
	if (c == 0x38c)
		return (0x3cc);
	if (c == 0x38e || c == 0x38f)
		return (c + 0x3f);
	return (c);
}

/* Decode the valid UTF-8 character of n bytes at s. */
static uint32_t
utf8_decode(const unsigned char *s, size_t n)
{
	uint32_t	 c;
	size_t		 i;

	if (n == 1)
		return (s[0]);
	c = s[0] & (0xff >> (n + 1));
	for (i = 1; i < n; i++)
		c = (c << 6) | (s[i] & 0x3f);
	return (c);
}

static void
utf8_encode(struct buf *b, uint32_t c)
{
	if (c < 0x80)
		buf_addc(b, (char)c);
	else if (c < 0x800) {
		buf_addc(b, (char)(0xc0 | c >> 6));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		buf_addc(b, (char)(0xe0 | c >> 12));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	} else {
		buf_addc(b, (char)(0xf0 | c >> 18));
		buf_addc(b, (char)(0x80 | ((c >> 12) & 0x3f)));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	}
}

/* White space and the control characters that never belong in a tag. */
static int
tag_space(uint32_t c)
{
	return (c <= 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
	    c == 0xa0);
}

char *
tag_normalise(const char *s, size_t len)
{
	struct buf	 b = BUF_INIT;
	uint32_t	 c;
	size_t		 i, n;
	int		 pending = 0;

	for (i = 0; i < len; i += n) {
		if ((n = utf8_char_len(s + i, len - i)) == 0) {
			buf_release(&b);
			return (NULL);
		}
		c = utf8_decode((const unsigned char *)s + i, n);
		if (tag_space(c) || (c == '#' && b.len == 0)) {
			pending = b.len > 0;
			continue;
		}
		if (pending)
			buf_addc(&b, ' ');
		pending = 0;
		utf8_encode(&b, lower_code_point(c));
	}
	if (b.len == 0) {
		buf_release(&b);
		return (NULL);
	}
	return (buf_detach(&b, NULL));
}
