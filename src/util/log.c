/* Messages for people, all on stderr (see log.h). */
#include <sys/ioctl.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

int log_verbose;

/*
 * Every message is written here, in one piece: its text may quote a
 * server, a file or a title, so it goes through text_clean, which keeps
 * it one line and shows what could drive a terminal as escapes.
 */
/*
 * The columns of the terminal on stderr, less one: a progress line that
 * wrapped would be erased only from its last row, and leave the others.
 */
static size_t
progress_width(void)
{
	struct winsize	 ws;
	const char	*env;
	long		 n;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
		return ((size_t)ws.ws_col - 1);
	if ((env = getenv("COLUMNS")) != NULL && (n = atol(env)) > 1 &&
	    n < 10000)
		return ((size_t)n - 1);
	return (79);
}

/* Cut line (one column a character) to width characters, '…' last. */
static void
cut_to_width(struct buf *line, size_t width)
{
	size_t	 i = 0, chars = 0, n, last = 0;

	while (i < line->len) {
		if ((n = utf8_char_len(line->data + i, line->len - i)) == 0)
			n = 1;
		if (++chars == width)
			last = i;
		if (chars > width) {
			line->len = last;
			buf_adds(line, "\xe2\x80\xa6");
			return;
		}
		i += n;
	}
}

static void
log_vprint(const char *prefix, const char *fmt, va_list ap)
{
	struct buf	 line = BUF_INIT;
	char		*msg;

	msg = xvasprintf(fmt, ap);
	if (strcmp(prefix, "\r") == 0)
		buf_addc(&line, '\r');
	buf_adds(&line, "tideline: ");
	if (strcmp(prefix, "\r") != 0)
		buf_adds(&line, prefix);
	text_clean(&line, msg, strlen(msg), TEXT_CLEAN_MESSAGE);
	/* A progress line is drawn again over itself: erase the rest. */
	if (strcmp(prefix, "\r") == 0) {
		cut_to_width(&line, progress_width() + 1);	/* and '\r' */
		buf_adds(&line, "\033[K");
	} else
		buf_addc(&line, '\n');
	fwrite(line.data, 1, line.len, stderr);
	buf_release(&line);
	free(msg);
}

void
log_error(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vprint("", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vprint("warning: ", fmt, ap);
	va_end(ap);
}

void
log_notice(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vprint("", fmt, ap);
	va_end(ap);
}

/* Print only when -v was given. */
void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	log_vprint("", fmt, ap);
	va_end(ap);
}

void
log_progress(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vprint("\r", fmt, ap);
	va_end(ap);
}
