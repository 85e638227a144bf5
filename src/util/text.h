/*
 * Small text helpers: UTF-8 checks, trimming, numbers, thousands, and
 * text from elsewhere made safe for a terminal.
 */
#ifndef TL_TEXT_H
#define TL_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* Return 1 when the bytes are valid UTF-8 (no overlongs, no surrogates). */
int	 utf8_valid(const char *, size_t);
/*
 * The length of the valid UTF-8 character at s (left bytes remain, at
 * least 1), or 0 when it is not one.
 */
size_t	 utf8_char_len(const char *, size_t);
/* The code point of the valid UTF-8 character of n bytes at s. */
uint32_t utf8_decode(const char *, size_t);
/* Shrink [*s, *s + *len) past leading and trailing spaces and tabs. */
void	 text_trim(const char **, size_t *);
/*
 * Parse a non-negative decimal count of at most COUNT_MAX (types.h;
 * "1,234" is not a count). Return 0; -2 for a number above COUNT_MAX;
 * -1 for anything else; the reason in *why.
 */
int	 text_parse_count(const char *, size_t, int64_t *, const char **);
/* Return 1 when every byte is alphanumeric ASCII or one of 'also'. */
int	 text_all_in(const char *, size_t, const char *);
/* A copy with ASCII letters made lower case (a new string). */
char	*text_lower_copy(const char *, size_t);
/* Return 1 for a host name: dotted labels of letters, digits and '-'. */
int	 text_is_hostname(const char *, size_t);
/*
 * A tag as every source stores it: terminal control sequences, control
 * characters and invisible format marks dropped, white space made one
 * space between words and none at the ends, no leading '#', then fully
 * case-folded and composed (NFC), so 'Émigré Life' from any platform,
 * in either Unicode form, is 'émigré life'. A new string, or NULL when
 * nothing is left or the bytes are not UTF-8.
 */
char	*tag_normalise(const char *, size_t);
/* Format n with thousands separators ("12,345") into out. */
void	 text_thousands(int64_t, char *, size_t);
/* The plural's "s" unless n is 1: "%s follower%s" of 1 and of 3,440. */
const char *text_plural(int64_t);

/*
 * Call fn for every http:// or https:// URL in the text, without the
 * punctuation that ends a sentence around it; stop if fn returns non-zero.
 */
int	 text_each_url(const char *, int (*)(void *, const char *, size_t),
	    void *);

/*
 * Text for a terminal. Titles, tags, handles, group names and servers'
 * messages come from elsewhere and may carry what drives a terminal:
 * C0 and C1 controls (ESC starts CSI and OSC sequences, among them OSC 52
 * clipboard writes and OSC 8 links; U+009B is CSI in one character),
 * DEL, bidi overrides and isolates that reorder the line, and bytes that
 * are not UTF-8. text_clean writes none of those, whatever the input.
 */
enum text_clean_mode {
	TEXT_CLEAN_CELL,	/* a page's text: each unsafe character one
				   column (tab, newline, return a space,
				   the others U+FFFD) */
	TEXT_CLEAN_MESSAGE,	/* a message: as escapes a person can read
				   (\n, \t, \r, \x1b, \u009b, \u202e), so
				   one message stays one line */
};

/*
 * Return 1 for what text_clean replaces: U+0000-U+001F, U+007F-U+009F,
 * U+202A-U+202E and U+2066-U+2069.
 */
int	 text_unsafe(uint32_t);
/*
 * Append the bytes as safe text: valid UTF-8 (each byte that is not:
 * U+FFFD) without an unsafe character. Return how many U+FFFD it put in.
 */
size_t	 text_clean(struct buf *, const char *, size_t,
	    enum text_clean_mode);
/*
 * printf to stdout for people: every %s argument goes through
 * text_clean as a cell. Its width and precision are printf's (bytes of
 * the text), except that a precision never cuts a character and a U+FFFD
 * put in counts one, as the character it replaced would have if it had
 * been plain: a cleaned cell keeps its column. The format and the other
 * conversions are printf's.
 */
void	 text_printf(const char *, ...)
	    __attribute__((format(printf, 1, 2)));
/* The same, appended to a buffer. */
void	 text_buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
