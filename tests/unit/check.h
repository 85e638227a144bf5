/*
 * A minimal test harness: CHECK records a failure with file:line and
 * goes on, so one run shows every broken case; the program exits 1 if
 * any check failed. Exit 77 means skipped (meson's convention).
 */
#ifndef TL_CHECK_H
#define TL_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_STR(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ == NULL || w_ == NULL ? g_ != w_ : strcmp(g_, w_) != 0) {	\
		fprintf(stderr, "%s:%d: got '%s', want '%s'\n",		\
		    __FILE__, __LINE__, g_ ? g_ : "(null)",		\
		    w_ ? w_ : "(null)");				\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_INT(got, want) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (g_ != w_) {							\
		fprintf(stderr, "%s:%d: %s is %lld, want %lld\n",	\
		    __FILE__, __LINE__, #got, g_, w_);			\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_DONE() (check_failures == 0 ? 0 : 1)

#endif
