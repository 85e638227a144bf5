/* Messages for people, all on stderr (see log.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	buf_adds(&line, strcmp(prefix, "\r") == 0 ? "\033[K" : "\n");
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
