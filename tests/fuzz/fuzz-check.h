/*
 * What the fuzz targets that check properties share: a broken property
 * stops the run the way a crash does (abort), so libFuzzer keeps the
 * input, and a replay of it fails.
 */
#ifndef TL_FUZZ_CHECK_H
#define TL_FUZZ_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static void	fuzz_broken(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn, unused));

/* Say which property the input broke, then stop. */
static void
fuzz_broken(const char *fmt, ...)
{
	va_list	 ap;

	fputs("fuzz: property broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

#endif
