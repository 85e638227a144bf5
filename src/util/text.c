/* Small text helpers: UTF-8 checks, trimming, numbers, thousands. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <uninorm.h>

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
	size_t	 i, label = 0;

	if (len <= 2 || len > 253 || memchr(s, '.', len) == NULL ||
	    !text_all_in(s, len, ".-"))
		return (0);
	/* Labels of 1 to 63 characters, neither starting nor ending in '-'. */
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '.') {
			label++;
			continue;
		}
		if (label == 0 || label > 63 || s[i - label] == '-' ||
		    s[i - 1] == '-')
			return (0);
		label = 0;
	}
	return (1);
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

/* The code point at s[*i] (valid UTF-8), moving *i past it. */
static uint32_t
next_code_point(const char *s, size_t len, size_t *i)
{
	size_t	 n = utf8_char_len(s + *i, len - *i);
	uint32_t c = utf8_decode((const unsigned char *)s + *i, n);

	*i += n;
	return (c);
}

/*
 * Skip the rest of a terminal control sequence that began with c (ESC,
 * or the C1 CSI, OSC and string introducers): CSI up to its final byte,
 * OSC and strings up to BEL or the string terminator.
 */
static void
skip_sequence(const char *s, size_t len, size_t *i, uint32_t c)
{
	uint32_t	 d;

	if (c == 0x1b) {
		if (*i >= len)
			return;
		d = next_code_point(s, len, i);
		c = d == '[' ? 0x9b : d == ']' ? 0x9d : (d == 'P' ||
		    d == 'X' || d == '^' || d == '_') ? 0x90 : 0;
		if (c == 0)
			return;		/* a two-character escape */
	}
	while (*i < len) {
		d = next_code_point(s, len, i);
		if (c == 0x9b && d >= 0x40 && d <= 0x7e)
			return;
		if (c != 0x9b && (d == 0x07 || d == 0x9c))
			return;
		if (c != 0x9b && d == 0x1b) {
			if (*i < len && s[*i] == '\\')
				(*i)++;
			return;
		}
	}
}

/* Characters a tag never keeps: controls, invisible format marks. */
static int
tag_dropped(uint32_t c)
{
	return (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0xad ||
	    (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) ||
	    c == 0xfeff || c == 0xfffd);
}

static int
tag_space(uint32_t c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == 0xa0 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 ||
	    c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000);
}

/* The tag's characters cleaned: sequences and controls out, spaces one. */
static void
tag_clean(const char *s, size_t len, struct buf *b)
{
	uint32_t	 c;
	size_t		 i = 0, start;
	int		 pending = 0;

	while (i < len) {
		start = i;
		c = next_code_point(s, len, &i);
		if (c == 0x1b || c == 0x9b || c == 0x9d || c == 0x90 ||
		    c == 0x98 || c == 0x9e || c == 0x9f)
			skip_sequence(s, len, &i, c);
		else if (tag_space(c) || (c == '#' && b->len == 0))
			pending = b->len > 0;
		else if (!tag_dropped(c)) {
			if (pending)
				buf_addc(b, ' ');
			pending = 0;
			buf_add(b, s + start, i - start);
		}
	}
}

char *
tag_normalise(const char *s, size_t len)
{
	struct buf	 b = BUF_INIT;
	uint8_t		*folded;
	size_t		 n;
	char		*out = NULL;

	if (!utf8_valid(s, len))
		return (NULL);
	tag_clean(s, len, &b);
	/* Full case folding, composed: 'ΟΔΟΣ' and 'οδος' are one tag. */
	if (b.len > 0 && (folded = u8_casefold((const uint8_t *)b.data, b.len,
	    NULL, UNINORM_NFC, NULL, &n)) != NULL) {
		out = xstrndup((const char *)folded, n);
		free(folded);
	} else if (b.len > 0)
		xalloc_failed("a tag's case folding");
	buf_release(&b);
	return (out);
}
