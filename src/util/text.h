/* Small text helpers: UTF-8 checks, trimming, numbers, thousands. */
#ifndef TL_TEXT_H
#define TL_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Return 1 when the bytes are valid UTF-8 (no overlongs, no surrogates). */
int	 utf8_valid(const char *, size_t);
/*
 * The length of the valid UTF-8 character at s (left bytes remain, at
 * least 1), or 0 when it is not one.
 */
size_t	 utf8_char_len(const char *, size_t);
/* Shrink [*s, *s + *len) past leading and trailing spaces and tabs. */
void	 text_trim(const char **, size_t *);
/*
 * Parse a non-negative decimal count of at most 18 digits ("1,234" is not
 * a count). Return 0, or -1 with the reason in *why.
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

/*
 * Call fn for every http:// or https:// URL in the text, without the
 * punctuation that ends a sentence around it; stop if fn returns non-zero.
 */
int	 text_each_url(const char *, int (*)(void *, const char *, size_t),
	    void *);

#endif
