/*
 * HTML as the web serves it inside feeds and API replies: character
 * references, tags to strip, links to find. Pure text functions: no I/O,
 * no parser state kept between calls. Every result is valid UTF-8 (bytes
 * that are not become U+FFFD) and the caller frees it.
 */
#ifndef TL_HTML_H
#define TL_HTML_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode character references once: &#8217; &#x2019; and the HTML 4
 * named ones (&amp; &hellip; &eacute; ...). The terminating ';' is
 * required; unknown or malformed references stay as written, so
 * "&amp;#8217;" becomes "&#8217;" and no more. &#128;-&#159; mean their
 * windows-1252 characters, as in browsers; NUL, surrogates, controls and
 * code points past U+10FFFF become U+FFFD. &nbsp; becomes a plain space.
 */
char	*html_decode_entities(const char *, size_t);
/*
 * The text of an HTML fragment: tags stripped (block tags such as <br>,
 * <p>, <li> and <div> separate words), comments and <script>/<style>
 * contents dropped, references decoded once, runs of white space made one
 * space, no space at either end.
 */
char	*html_to_text(const char *, size_t);
/*
 * Call fn with the href value of each <a> tag, references decoded and
 * surrounding space trimmed (empty values are skipped). A non-zero return
 * from fn stops the walk.
 */
void	 html_each_href(const char *, size_t,
	    int (*)(void *, const char *, size_t), void *);
/* The code point of a windows-1252 byte (0x81 and friends map to self). */
uint32_t html_windows1252(unsigned char);

#endif
