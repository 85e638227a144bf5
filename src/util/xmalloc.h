/* Allocation that cannot fail: on exhaustion the program stops. */
#ifndef TL_XMALLOC_H
#define TL_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/*
 * Return a newly allocated formatted string; the caller frees it. The
 * format is never NULL: saying so keeps gcc 12 from warning, under
 * -fsanitize=undefined at -O2, about the NULL-format path that the
 * sanitizer's own check of vsnprintf's argument makes.
 */
char	*xasprintf(const char *, ...)
	    __attribute__((format(printf, 1, 2), nonnull(1)));
char	*xvasprintf(const char *, va_list)
	    __attribute__((format(printf, 1, 0), nonnull(1)));

/* Free n strings and the array holding them (NULL and 0 are fine). */
void	 xfree_strings(char **, size_t);
/* Stop the program: memory for 'what' ran out (a library said so). */
void	 xalloc_failed(const char *) __attribute__((noreturn));

/* Overwrite a secret before its memory is freed or reused. */
void	 secret_wipe(void *, size_t);
/* Wipe a secret string, then free it; NULL is fine. */
void	 secret_free(char *);

#endif
