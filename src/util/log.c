/* Messages for people, all on stderr (see log.h). */
#include <stdarg.h>
#include <stdio.h>

#include "util/log.h"

int log_verbose;

static void
log_vprint(const char *prefix, const char *fmt, va_list ap)
{
	fputs("tideline: ", stderr);
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
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
