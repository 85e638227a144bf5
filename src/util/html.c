/*
 * HTML character references, tag stripping and links (see html.h). The
 * scanner is deliberately small: it knows tags, attributes, comments and
 * raw-text elements, which is what feeds and toots contain, and it never
 * backtracks, so its time is linear in the input whatever the input.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/html.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define REPLACEMENT	0xfffd	/* U+FFFD, for whatever cannot be shown */
#define REF_NAME_MAX	32	/* longer than any entity name */

struct entity {
	const char	*name;
	uint32_t	 cp;
};

/* HTML 4's 252 entities and &apos;, sorted by strcmp for bsearch. */
static const struct entity entities[] = {
	{ "AElig", 0xc6 }, { "Aacute", 0xc1 }, { "Acirc", 0xc2 },
	{ "Agrave", 0xc0 }, { "Alpha", 0x391 }, { "Aring", 0xc5 },
	{ "Atilde", 0xc3 }, { "Auml", 0xc4 }, { "Beta", 0x392 },
	{ "Ccedil", 0xc7 }, { "Chi", 0x3a7 }, { "Dagger", 0x2021 },
	{ "Delta", 0x394 }, { "ETH", 0xd0 }, { "Eacute", 0xc9 },
	{ "Ecirc", 0xca }, { "Egrave", 0xc8 }, { "Epsilon", 0x395 },
	{ "Eta", 0x397 }, { "Euml", 0xcb }, { "Gamma", 0x393 },
	{ "Iacute", 0xcd }, { "Icirc", 0xce }, { "Igrave", 0xcc },
	{ "Iota", 0x399 }, { "Iuml", 0xcf }, { "Kappa", 0x39a },
	{ "Lambda", 0x39b }, { "Mu", 0x39c }, { "Ntilde", 0xd1 },
	{ "Nu", 0x39d }, { "OElig", 0x152 }, { "Oacute", 0xd3 },
	{ "Ocirc", 0xd4 }, { "Ograve", 0xd2 }, { "Omega", 0x3a9 },
	{ "Omicron", 0x39f }, { "Oslash", 0xd8 }, { "Otilde", 0xd5 },
	{ "Ouml", 0xd6 }, { "Phi", 0x3a6 }, { "Pi", 0x3a0 },
	{ "Prime", 0x2033 }, { "Psi", 0x3a8 }, { "Rho", 0x3a1 },
	{ "Scaron", 0x160 }, { "Sigma", 0x3a3 }, { "THORN", 0xde },
	{ "Tau", 0x3a4 }, { "Theta", 0x398 }, { "Uacute", 0xda },
	{ "Ucirc", 0xdb }, { "Ugrave", 0xd9 }, { "Upsilon", 0x3a5 },
	{ "Uuml", 0xdc }, { "Xi", 0x39e }, { "Yacute", 0xdd },
	{ "Yuml", 0x178 }, { "Zeta", 0x396 }, { "aacute", 0xe1 },
	{ "acirc", 0xe2 }, { "acute", 0xb4 }, { "aelig", 0xe6 },
	{ "agrave", 0xe0 }, { "alefsym", 0x2135 }, { "alpha", 0x3b1 },
	{ "amp", 0x26 }, { "and", 0x2227 }, { "ang", 0x2220 },
	{ "apos", 0x27 }, { "aring", 0xe5 }, { "asymp", 0x2248 },
	{ "atilde", 0xe3 }, { "auml", 0xe4 }, { "bdquo", 0x201e },
	{ "beta", 0x3b2 }, { "brvbar", 0xa6 }, { "bull", 0x2022 },
	{ "cap", 0x2229 }, { "ccedil", 0xe7 }, { "cedil", 0xb8 },
	{ "cent", 0xa2 }, { "chi", 0x3c7 }, { "circ", 0x2c6 },
	{ "clubs", 0x2663 }, { "cong", 0x2245 }, { "copy", 0xa9 },
	{ "crarr", 0x21b5 }, { "cup", 0x222a }, { "curren", 0xa4 },
	{ "dArr", 0x21d3 }, { "dagger", 0x2020 }, { "darr", 0x2193 },
	{ "deg", 0xb0 }, { "delta", 0x3b4 }, { "diams", 0x2666 },
	{ "divide", 0xf7 }, { "eacute", 0xe9 }, { "ecirc", 0xea },
	{ "egrave", 0xe8 }, { "empty", 0x2205 }, { "emsp", 0x2003 },
	{ "ensp", 0x2002 }, { "epsilon", 0x3b5 }, { "equiv", 0x2261 },
	{ "eta", 0x3b7 }, { "eth", 0xf0 }, { "euml", 0xeb },
	{ "euro", 0x20ac }, { "exist", 0x2203 }, { "fnof", 0x192 },
	{ "forall", 0x2200 }, { "frac12", 0xbd }, { "frac14", 0xbc },
	{ "frac34", 0xbe }, { "frasl", 0x2044 }, { "gamma", 0x3b3 },
	{ "ge", 0x2265 }, { "gt", 0x3e }, { "hArr", 0x21d4 },
	{ "harr", 0x2194 }, { "hearts", 0x2665 }, { "hellip", 0x2026 },
	{ "iacute", 0xed }, { "icirc", 0xee }, { "iexcl", 0xa1 },
	{ "igrave", 0xec }, { "image", 0x2111 }, { "infin", 0x221e },
	{ "int", 0x222b }, { "iota", 0x3b9 }, { "iquest", 0xbf },
	{ "isin", 0x2208 }, { "iuml", 0xef }, { "kappa", 0x3ba },
	{ "lArr", 0x21d0 }, { "lambda", 0x3bb }, { "lang", 0x2329 },
	{ "laquo", 0xab }, { "larr", 0x2190 }, { "lceil", 0x2308 },
	{ "ldquo", 0x201c }, { "le", 0x2264 }, { "lfloor", 0x230a },
	{ "lowast", 0x2217 }, { "loz", 0x25ca }, { "lrm", 0x200e },
	{ "lsaquo", 0x2039 }, { "lsquo", 0x2018 }, { "lt", 0x3c },
	{ "macr", 0xaf }, { "mdash", 0x2014 }, { "micro", 0xb5 },
	{ "middot", 0xb7 }, { "minus", 0x2212 }, { "mu", 0x3bc },
	{ "nabla", 0x2207 }, { "nbsp", 0xa0 }, { "ndash", 0x2013 },
	{ "ne", 0x2260 }, { "ni", 0x220b }, { "not", 0xac },
	{ "notin", 0x2209 }, { "nsub", 0x2284 }, { "ntilde", 0xf1 },
	{ "nu", 0x3bd }, { "oacute", 0xf3 }, { "ocirc", 0xf4 },
	{ "oelig", 0x153 }, { "ograve", 0xf2 }, { "oline", 0x203e },
	{ "omega", 0x3c9 }, { "omicron", 0x3bf }, { "oplus", 0x2295 },
	{ "or", 0x2228 }, { "ordf", 0xaa }, { "ordm", 0xba },
	{ "oslash", 0xf8 }, { "otilde", 0xf5 }, { "otimes", 0x2297 },
	{ "ouml", 0xf6 }, { "para", 0xb6 }, { "part", 0x2202 },
	{ "permil", 0x2030 }, { "perp", 0x22a5 }, { "phi", 0x3c6 },
	{ "pi", 0x3c0 }, { "piv", 0x3d6 }, { "plusmn", 0xb1 },
	{ "pound", 0xa3 }, { "prime", 0x2032 }, { "prod", 0x220f },
	{ "prop", 0x221d }, { "psi", 0x3c8 }, { "quot", 0x22 },
	{ "rArr", 0x21d2 }, { "radic", 0x221a }, { "rang", 0x232a },
	{ "raquo", 0xbb }, { "rarr", 0x2192 }, { "rceil", 0x2309 },
	{ "rdquo", 0x201d }, { "real", 0x211c }, { "reg", 0xae },
	{ "rfloor", 0x230b }, { "rho", 0x3c1 }, { "rlm", 0x200f },
	{ "rsaquo", 0x203a }, { "rsquo", 0x2019 }, { "sbquo", 0x201a },
	{ "scaron", 0x161 }, { "sdot", 0x22c5 }, { "sect", 0xa7 },
	{ "shy", 0xad }, { "sigma", 0x3c3 }, { "sigmaf", 0x3c2 },
	{ "sim", 0x223c }, { "spades", 0x2660 }, { "sub", 0x2282 },
	{ "sube", 0x2286 }, { "sum", 0x2211 }, { "sup", 0x2283 },
	{ "sup1", 0xb9 }, { "sup2", 0xb2 }, { "sup3", 0xb3 },
	{ "supe", 0x2287 }, { "szlig", 0xdf }, { "tau", 0x3c4 },
	{ "there4", 0x2234 }, { "theta", 0x3b8 }, { "thetasym", 0x3d1 },
	{ "thinsp", 0x2009 }, { "thorn", 0xfe }, { "tilde", 0x2dc },
	{ "times", 0xd7 }, { "trade", 0x2122 }, { "uArr", 0x21d1 },
	{ "uacute", 0xfa }, { "uarr", 0x2191 }, { "ucirc", 0xfb },
	{ "ugrave", 0xf9 }, { "uml", 0xa8 }, { "upsih", 0x3d2 },
	{ "upsilon", 0x3c5 }, { "uuml", 0xfc }, { "weierp", 0x2118 },
	{ "xi", 0x3be }, { "yacute", 0xfd }, { "yen", 0xa5 },
	{ "yuml", 0xff }, { "zeta", 0x3b6 }, { "zwj", 0x200d },
	{ "zwnj", 0x200c },
};
#define NENTITIES	(sizeof entities / sizeof entities[0])

/* What browsers show for bytes 0x80-0x9f: windows-1252, not C1 controls. */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
	0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

/* Elements a browser lays out as blocks: their tags separate words. */
static const char *const block_tags[] = {
	"address", "article", "aside", "blockquote", "br", "dd", "div",
	"dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4",
	"h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
	"section", "table", "td", "th", "tr", "ul",
};
#define NBLOCK_TAGS	(sizeof block_tags / sizeof block_tags[0])

/* A tag as the scanner found it. */
struct tag {
	const char	*name;		/* NULL for comments, declarations */
	size_t		 namelen;
	int		 closing;	/* 1: </name> */
	const char	*attrs;		/* after the name, up to the '>' */
	const char	*attrs_end;
};

uint32_t
html_windows1252(unsigned char c)
{
	if (c >= 0x80 && c <= 0x9f)
		return (cp1252_high[c - 0x80]);
	return (c);
}

static int
is_alpha(char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

static int
is_alnum(char c)
{
	return (is_alpha(c) || (c >= '0' && c <= '9'));
}

/* HTML's white space (and the vertical tab, which feeds do contain). */
static int
is_space(char c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v');
}

static void
put_utf8(struct buf *b, uint32_t cp)
{
	char	 s[4];
	size_t	 n;

	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xc0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | cp >> 12);
		s[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		s[0] = (char)(0xf0 | cp >> 18);
		s[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		s[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(b, s, n);
}

/* Add text as it is, but with each byte that is not UTF-8 as U+FFFD. */
static void
add_text(struct buf *b, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, start = 0, n;

	while (i < len) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_char_len(s + i, len - i)) > 0) {
			i += n;
			continue;
		}
		buf_add(b, s + start, i - start);
		put_utf8(b, REPLACEMENT);
		start = ++i;
	}
	buf_add(b, s + start, len - start);
}

/* The character a numeric reference may stand for. */
static uint32_t
sane_code_point(uint32_t cp)
{
	if (cp >= 0x80 && cp <= 0x9f)
		cp = html_windows1252((unsigned char)cp);
	if (cp == 0xa0)
		return (' ');
	if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
	    cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return (REPLACEMENT);
	return (cp);
}

static int
digit_value(char c, int hex)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (hex && c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (hex && c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

static int
entity_cmp(const void *key, const void *elem)
{
	return (strcmp(key, ((const struct entity *)elem)->name));
}

/*
 * Decode the reference that starts at s[0] ('&'): add its character and
 * return how many bytes it took, or return 0 if it is not one we know.
 */
static size_t
decode_ref(struct buf *b, const char *s, size_t len)
{
	const struct entity	*e;
	char			 name[REF_NAME_MAX + 1];
	uint32_t		 cp = 0;
	size_t			 i = 1, ndigits = 0;
	int			 hex = 0, d;

	if (len > 1 && s[1] == '#') {
		i = 2;
		if (i < len && (s[i] == 'x' || s[i] == 'X')) {
			hex = 1;
			i++;
		}
		for (; i < len && (d = digit_value(s[i], hex)) >= 0; i++) {
			/* Past U+10FFFF the value no longer matters. */
			if (cp <= 0x10ffff)
				cp = cp * (hex ? 16 : 10) + (uint32_t)d;
			ndigits++;
		}
		if (ndigits == 0 || i >= len || s[i] != ';')
			return (0);
		put_utf8(b, sane_code_point(cp));
		return (i + 1);
	}
	for (; i < len && i <= REF_NAME_MAX && is_alnum(s[i]); i++)
		name[i - 1] = s[i];
	if (i == 1 || i >= len || s[i] != ';')
		return (0);
	name[i - 1] = '\0';
	e = bsearch(name, entities, NENTITIES, sizeof entities[0],
	    entity_cmp);
	if (e == NULL)
		return (0);
	put_utf8(b, e->cp == 0xa0 ? ' ' : e->cp);
	return (i + 1);
}

/* Add text with its references decoded once. */
static void
decode_into(struct buf *b, const char *s, size_t len)
{
	const char	*amp;
	size_t		 n;

	while (len > 0) {
		if ((amp = memchr(s, '&', len)) == NULL)
			break;
		add_text(b, s, (size_t)(amp - s));
		len -= (size_t)(amp - s);
		s = amp;
		if ((n = decode_ref(b, s, len)) == 0) {
			buf_addc(b, '&');
			n = 1;
		}
		s += n;
		len -= n;
	}
	add_text(b, s, len);
}

char *
html_decode_entities(const char *s, size_t len)
{
	struct buf	 b = BUF_INIT;

	decode_into(&b, s, len);
	return (buf_detach(&b, NULL));
}

/* Where needle (lower case) starts in s, ignoring case; or NULL. */
static const char *
find_ci(const char *s, size_t len, const char *needle)
{
	size_t	 n = strlen(needle), i;

	for (i = 0; i + n <= len; i++) {
		if (strncasecmp(s + i, needle, n) == 0)
			return (s + i);
	}
	return (NULL);
}

/*
 * Read the markup that starts at s[0] ('<'): a tag, a comment or a
 * declaration. Return its length, or 0 if the '<' is plain text ("a < b").
 * Markup left open runs to the end, as in a browser; this also keeps the
 * scan linear on input made of nothing but '<'.
 */
static size_t
scan_markup(const char *s, size_t len, struct tag *t)
{
	const char	*end;
	size_t		 i = 1;
	char		 quote = 0, prev = 0;

	memset(t, 0, sizeof *t);
	if (len >= 4 && memcmp(s, "<!--", 4) == 0) {
		end = find_ci(s + 4, len - 4, "-->");
		return (end == NULL ? len : (size_t)(end - s) + 3);
	}
	if (len > 1 && (s[1] == '!' || s[1] == '?')) {
		end = memchr(s, '>', len);
		return (end == NULL ? len : (size_t)(end - s) + 1);
	}
	if (i < len && s[i] == '/') {
		t->closing = 1;
		i++;
	}
	if (i >= len || !is_alpha(s[i]))
		return (0);
	t->name = s + i;
	while (i < len && (is_alnum(s[i]) || s[i] == '-' || s[i] == ':' ||
	    s[i] == '_'))
		i++;
	t->namelen = (size_t)(s + i - t->name);
	t->attrs = s + i;
	for (; i < len; i++) {
		if (quote != 0) {
			if (s[i] == quote)
				quote = 0;
			continue;
		}
		/* Quotes count only where a value starts: "it's" is text. */
		if ((s[i] == '"' || s[i] == '\'') && prev == '=')
			quote = s[i];
		else if (s[i] == '>') {
			t->attrs_end = s + i;
			return (i + 1);
		}
		if (!is_space(s[i]))
			prev = s[i];
	}
	t->attrs_end = s + len;
	return (len);
}

static int
tag_is(const struct tag *t, const char *name)
{
	return (t->name != NULL && t->namelen == strlen(name) &&
	    strncasecmp(t->name, name, t->namelen) == 0);
}

static int
block_cmp(const void *key, const void *elem)
{
	const struct tag	*t = key;
	const char		*name = *(const char *const *)elem;
	size_t			 n = strlen(name);
	int			 c;

	if ((c = strncasecmp(t->name, name, t->namelen < n ? t->namelen :
	    n)) != 0)
		return (c);
	return (t->namelen < n ? -1 : t->namelen > n);
}

static int
is_block(const struct tag *t)
{
	return (t->name != NULL && bsearch(t, block_tags, NBLOCK_TAGS,
	    sizeof block_tags[0], block_cmp) != NULL);
}

/*
 * After the opening tag of <script> or <style>, skip to its closing tag:
 * what is inside is code, not text. Return the new position.
 */
static size_t
skip_raw_text(const char *s, size_t len, size_t pos, const struct tag *t)
{
	const char	*end;

	if (t->closing || (!tag_is(t, "script") && !tag_is(t, "style")))
		return (pos);
	end = find_ci(s + pos, len - pos, tag_is(t, "script") ? "</script" :
	    "</style");
	return (end == NULL ? len : (size_t)(end - s));
}

/* Copy text with each run of white space made one space, none at ends. */
static void
collapse_space(struct buf *b, const char *s, size_t len)
{
	size_t	 i;
	int	 pending = 0;

	buf_grow(b, len);
	for (i = 0; i < len; i++) {
		if (is_space(s[i])) {
			pending = b->len > 0;
			continue;
		}
		if (pending)
			buf_addc_fast(b, ' ');
		buf_addc_fast(b, s[i]);
		pending = 0;
	}
}

char *
html_to_text(const char *s, size_t len)
{
	struct buf	 raw = BUF_INIT, out = BUF_INIT;
	struct tag	 t;
	size_t		 i = 0, start = 0, n;

	while (i < len) {
		if (s[i] != '<' || (n = scan_markup(s + i, len - i, &t)) == 0) {
			i++;
			continue;
		}
		decode_into(&raw, s + start, i - start);
		if (is_block(&t))
			buf_addc(&raw, ' ');
		i = skip_raw_text(s, len, i + n, &t);
		start = i;
	}
	decode_into(&raw, s + start, len - start);
	collapse_space(&out, raw.data, raw.len);
	buf_release(&raw);
	return (buf_detach(&out, NULL));
}

/*
 * Read the next attribute of a tag from *p: its name, and its value
 * (NULL when it has none). Return 0 when there are no more.
 */
static int
next_attr(const char **p, const char *end, const char **name,
    size_t *namelen, const char **val, size_t *vallen)
{
	const char	*q = *p;
	char		 quote;

	while (q < end && (is_space(*q) || *q == '/'))
		q++;
	if (q >= end)
		return (0);
	*name = q;
	while (q < end && !is_space(*q) && *q != '=' && *q != '/')
		q++;
	if (q == *name)
		q++;		/* a stray '=': a name of its own */
	*namelen = (size_t)(q - *name);
	*val = NULL;
	*vallen = 0;
	while (q < end && is_space(*q))
		q++;
	if (q < end && *q == '=' && *namelen > 0 && **name != '=') {
		q++;
		while (q < end && is_space(*q))
			q++;
		if (q < end && (*q == '"' || *q == '\'')) {
			quote = *q++;
			*val = q;
			while (q < end && *q != quote)
				q++;
			*vallen = (size_t)(q - *val);
			if (q < end)
				q++;
		} else {
			*val = q;
			while (q < end && !is_space(*q))
				q++;
			*vallen = (size_t)(q - *val);
		}
	}
	*p = q;
	return (1);
}

/* Call fn with the decoded href of an <a> tag; return what fn says. */
static int
tag_href(const struct tag *t, int (*fn)(void *, const char *, size_t),
    void *arg)
{
	const char	*p = t->attrs, *name, *val, *v;
	size_t		 namelen, vallen, vlen;
	char		*decoded;
	int		 rc = 0;

	while (next_attr(&p, t->attrs_end, &name, &namelen, &val, &vallen)) {
		if (val == NULL || namelen != 4 ||
		    strncasecmp(name, "href", 4) != 0)
			continue;
		decoded = html_decode_entities(val, vallen);
		v = decoded;
		vlen = strlen(v);
		while (vlen > 0 && is_space(*v)) {
			v++;
			vlen--;
		}
		while (vlen > 0 && is_space(v[vlen - 1]))
			vlen--;
		if (vlen > 0)
			rc = fn(arg, v, vlen);
		free(decoded);
		/* The first href wins, as in a browser. */
		break;
	}
	return (rc);
}

void
html_each_href(const char *s, size_t len,
    int (*fn)(void *, const char *, size_t), void *arg)
{
	struct tag	 t;
	size_t		 i = 0, n;

	while (i < len) {
		if (s[i] != '<' || (n = scan_markup(s + i, len - i, &t)) == 0) {
			i++;
			continue;
		}
		if (!t.closing && tag_is(&t, "a") && tag_href(&t, fn, arg) != 0)
			return;
		i = skip_raw_text(s, len, i + n, &t);
	}
}
