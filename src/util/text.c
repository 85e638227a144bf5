/*
 * Small text helpers: UTF-8 checks, trimming, numbers, thousands, and
 * text from elsewhere made safe for a terminal.
 */
#include <sys/types.h>

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <uninorm.h>

#include "types.h"
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
	if (len == 0) {
		*why = "not a number";
		return (-1);
	}
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			*why = "not a whole number";
			return (-1);
		}
		if (v <= COUNT_MAX)
			v = v * 10 + (s[i] - '0');
	}
	if (v > COUNT_MAX) {
		*why = "not a plausible count (at most " COUNT_MAX_TEXT ")";
		return (-2);
	}
	*out = v;
	return (0);
}

void
text_thousands(int64_t n, char *out, size_t size)
{
	char	 digits[32], tmp[48];
	size_t	 nd, i, j = 0;

	/* Unsigned, so that the magnitude of INT64_MIN is one too. */
	snprintf(digits, sizeof digits, "%llu", n < 0 ?
	    0ULL - (unsigned long long)n : (unsigned long long)n);
	nd = strlen(digits);
	if (n < 0)
		tmp[j++] = '-';
	for (i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			tmp[j++] = ',';
		tmp[j++] = digits[i];
	}
	tmp[j] = '\0';
	snprintf(out, size, "%s", tmp);
}

const char *
text_plural(int64_t n)
{
	return (n == 1 ? "" : "s");
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

uint32_t
utf8_decode(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c;
	size_t			 i;

	if (n == 1)
		return (p[0]);
	c = p[0] & (0xff >> (n + 1));
	for (i = 1; i < n; i++)
		c = (c << 6) | (p[i] & 0x3f);
	return (c);
}

/* The code point at s[*i] (valid UTF-8), moving *i past it. */
static uint32_t
next_code_point(const char *s, size_t len, size_t *i)
{
	size_t	 n = utf8_char_len(s + *i, len - *i);
	uint32_t c = utf8_decode(s + *i, n);

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

/*
 * ASCII, which most tags are, folds to its lower case and is composed
 * already: 1 with b so folded, or 0 (b unchanged) for any other text.
 */
static int
ascii_folded(struct buf *b)
{
	size_t	 i;

	for (i = 0; i < b->len; i++) {
		if ((unsigned char)b->data[i] >= 0x80)
			return (0);
	}
	for (i = 0; i < b->len; i++) {
		if (b->data[i] >= 'A' && b->data[i] <= 'Z')
			b->data[i] += 'a' - 'A';
	}
	return (1);
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
	if (b.len > 0 && ascii_folded(&b))
		return (buf_detach(&b, NULL));
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

/* Text for a terminal ------------------------------------------------ */

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

int
text_unsafe(uint32_t c)
{
	return (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069));
}

/* An unsafe character in a message: an escape a person can read. */
static void
escape(struct buf *b, uint32_t c)
{
	if (c == '\n')
		buf_adds(b, "\\n");
	else if (c == '\r')
		buf_adds(b, "\\r");
	else if (c == '\t')
		buf_adds(b, "\\t");
	else if (c < 0x80)
		buf_printf(b, "\\x%02x", (unsigned int)c);
	else
		buf_printf(b, "\\u%04x", (unsigned int)c);
}

size_t
text_clean(struct buf *b, const char *s, size_t len,
    enum text_clean_mode mode)
{
	uint32_t	 c;
	size_t		 i, n, replaced = 0;

	for (i = 0; i < len; i += n) {
		if ((n = utf8_char_len(s + i, len - i)) == 0) {
			buf_adds(b, REPLACEMENT);
			replaced++;
			n = 1;
			continue;
		}
		c = utf8_decode(s + i, n);
		if (!text_unsafe(c))
			buf_add(b, s + i, n);
		else if (mode == TEXT_CLEAN_MESSAGE)
			escape(b, c);
		else if (c == '\t' || c == '\n' || c == '\r')
			buf_addc(b, ' ');
		else {
			buf_adds(b, REPLACEMENT);
			replaced++;
		}
	}
	return (replaced);
}

/* A conversion of a format as text_printf reads it. */
struct conv {
	char	 spec[48];	/* '%', flags, width, precision, length,
				   letter, with numbers for any '*' */
	int	 left;		/* the '-' flag */
	int	 width;		/* -1: none */
	int	 prec;		/* -1: none */
	char	 length[3];	/* "", "hh", "h", "l", "ll", "j", "z", "t",
				   "L" */
	char	 letter;	/* the conversion; '\0' at a bad end */
};

/* A width or precision: digits, or '*' taken from the arguments. */
static const char *
conv_number(const char *f, va_list *ap, int *out)
{
	if (*f == '*') {
		*out = va_arg(*ap, int);
		return (f + 1);
	}
	for (*out = 0; *f >= '0' && *f <= '9'; f++)
		if (*out < 100000)
			*out = *out * 10 + (*f - '0');
	return (f);
}

/* Read the conversion that follows a '%' at f; return what follows it. */
static const char *
conv_read(const char *f, va_list *ap, struct conv *c)
{
	size_t	 n = 0, k = 0;
	char	 flags[8];

	memset(c, 0, sizeof *c);
	c->width = c->prec = -1;
	while (*f != '\0' && strchr("-+ #0", *f) != NULL && n < 7) {
		c->left |= *f == '-';
		flags[n++] = *f++;
	}
	flags[n] = '\0';
	if (*f == '*' || (*f >= '1' && *f <= '9')) {
		f = conv_number(f, ap, &c->width);
		if (c->width < 0) {
			c->left = 1;
			c->width = c->width == INT_MIN ? INT_MAX : -c->width;
		}
	}
	if (*f == '.') {
		f = conv_number(f + 1, ap, &c->prec);
		if (c->prec < 0)
			c->prec = -1;
	}
	while (*f != '\0' && strchr("hljztL", *f) != NULL && k < 2)
		c->length[k++] = *f++;
	c->letter = *f;
	n = (size_t)snprintf(c->spec, sizeof c->spec, "%%%s%s", flags,
	    c->left && strchr(flags, '-') == NULL ? "-" : "");
	if (c->width >= 0)
		n += (size_t)snprintf(c->spec + n, sizeof c->spec - n, "%d",
		    c->width);
	if (c->prec >= 0)
		n += (size_t)snprintf(c->spec + n, sizeof c->spec - n, ".%d",
		    c->prec);
	snprintf(c->spec + n, sizeof c->spec - n, "%s%c", c->length,
	    c->letter);
	return (*f != '\0' ? f + 1 : f);
}

static void
conv_signed(struct buf *b, const struct conv *c, va_list *ap)
{
	if (strcmp(c->length, "ll") == 0)
		buf_printf(b, c->spec, va_arg(*ap, long long));
	else if (strcmp(c->length, "l") == 0)
		buf_printf(b, c->spec, va_arg(*ap, long));
	else if (strcmp(c->length, "j") == 0)
		buf_printf(b, c->spec, va_arg(*ap, intmax_t));
	else if (strcmp(c->length, "z") == 0)
		buf_printf(b, c->spec, va_arg(*ap, ssize_t));
	else if (strcmp(c->length, "t") == 0)
		buf_printf(b, c->spec, va_arg(*ap, ptrdiff_t));
	else
		buf_printf(b, c->spec, va_arg(*ap, int));
}

static void
conv_unsigned(struct buf *b, const struct conv *c, va_list *ap)
{
	if (strcmp(c->length, "ll") == 0)
		buf_printf(b, c->spec, va_arg(*ap, unsigned long long));
	else if (strcmp(c->length, "l") == 0)
		buf_printf(b, c->spec, va_arg(*ap, unsigned long));
	else if (strcmp(c->length, "j") == 0)
		buf_printf(b, c->spec, va_arg(*ap, uintmax_t));
	else if (strcmp(c->length, "z") == 0)
		buf_printf(b, c->spec, va_arg(*ap, size_t));
	else if (strcmp(c->length, "t") == 0)
		buf_printf(b, c->spec, va_arg(*ap, ptrdiff_t));
	else
		buf_printf(b, c->spec, va_arg(*ap, unsigned int));
}

/* The bytes of s's first whole characters within max bytes. */
static size_t
whole_chars(const char *s, size_t len, size_t max)
{
	size_t	 i = 0, n;

	while (i < len) {
		if ((n = utf8_char_len(s + i, len - i)) == 0)
			n = 1;
		if (i + n > max)
			break;
		i += n;
	}
	return (i);
}

/*
 * A %s: made safe, cut at a whole character, padded as printf pads (by
 * bytes) but with each U+FFFD put in for an unsafe character counted
 * one, so that a cleaned cell takes the room its text would have taken
 * had it been plain.
 */
static void
conv_cell(struct buf *b, const struct conv *c, const char *s)
{
	struct buf	 cell = BUF_INIT;
	size_t		 len, replaced, width, pad = 0;

	if (s == NULL)
		s = "(null)";
	len = strlen(s);
	if (c->prec >= 0)
		len = whole_chars(s, len, (size_t)c->prec);
	replaced = text_clean(&cell, s, len, TEXT_CLEAN_CELL);
	width = cell.len - replaced * (sizeof REPLACEMENT - 2);
	if (c->width >= 0 && (size_t)c->width > width)
		pad = (size_t)c->width - width;
	if (!c->left)
		buf_printf(b, "%*s", (int)pad, "");
	buf_add(b, cell.data, cell.len);
	if (c->left)
		buf_printf(b, "%*s", (int)pad, "");
	buf_release(&cell);
}

static void
conv_write(struct buf *b, const struct conv *c, va_list *ap)
{
	switch (c->letter) {
	case 'd': case 'i':
		conv_signed(b, c, ap);
		break;
	case 'o': case 'u': case 'x': case 'X':
		conv_unsigned(b, c, ap);
		break;
	case 'a': case 'A': case 'e': case 'E': case 'f': case 'F':
	case 'g': case 'G':
		if (strcmp(c->length, "L") == 0)
			buf_printf(b, c->spec, va_arg(*ap, long double));
		else
			buf_printf(b, c->spec, va_arg(*ap, double));
		break;
	case 'c':
		buf_printf(b, c->spec, va_arg(*ap, int));
		break;
	case 'p':
		buf_printf(b, c->spec, va_arg(*ap, void *));
		break;
	case 's':
		conv_cell(b, c, va_arg(*ap, const char *));
		break;
	case '%':
		buf_addc(b, '%');
		break;
	default:
		/* %n and what printf does not know: nothing. */
		break;
	}
}

/* The body of text_printf and text_buf_printf. */
static void
format_safe(struct buf *b, const char *fmt, va_list ap)
{
	struct conv	 c;
	const char	*f = fmt, *pct;
	va_list		 aq;

	/* A copy, whose address is a va_list's wherever va_list is an array. */
	va_copy(aq, ap);
	while ((pct = strchr(f, '%')) != NULL) {
		buf_add(b, f, (size_t)(pct - f));
		f = conv_read(pct + 1, &aq, &c);
		conv_write(b, &c, &aq);
	}
	va_end(aq);
	buf_adds(b, f);
}

void
text_buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	format_safe(b, fmt, ap);
	va_end(ap);
}

void
text_printf(const char *fmt, ...)
{
	struct buf	 b = BUF_INIT;
	va_list		 ap;

	va_start(ap, fmt);
	format_safe(&b, fmt, ap);
	va_end(ap);
	fwrite(b.data, 1, b.len, stdout);
	buf_release(&b);
}
