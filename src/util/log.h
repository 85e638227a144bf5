/*
 * Messages for people, all on stderr and all in one shape:
 * "tideline: what is wrong" (lowercase, no final period, subject quoted),
 * one line each: controls, bidi overrides and bytes that are not UTF-8
 * in the text are written as escapes or U+FFFD (text_clean's message).
 */
#ifndef TL_LOG_H
#define TL_LOG_H

extern int log_verbose;		/* -v given: tell what is being done */

void	log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Not an error, yet said even without -v: a file was made beside one. */
void	log_notice(const char *, ...) __attribute__((format(printf, 1, 2)));
/*
 * A line that a terminal redraws in place ("\rtideline: ..." without a
 * newline, the rest of the old line erased): progress.
 */
void	log_progress(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
