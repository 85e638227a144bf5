/*
 * A growable byte buffer that owns its memory.
 *
 * Invariants: after buf_init (or BUF_INIT) 'data' is never NULL and
 * data[len] is always '\0', so the contents can be used as a C string.
 * 'cap' is private. buf_detach is the only way to take ownership of
 * the memory; buf_release frees it and leaves the buffer initialised.
 */
#ifndef TL_BUF_H
#define TL_BUF_H

#include <stddef.h>

struct buf {
	char	*data;		/* contents, NUL-terminated */
	size_t	 len;		/* bytes used, not counting the NUL */
	size_t	 cap;		/* bytes allocated, 0 while 'data' is static */
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0 }

void	 buf_init(struct buf *);
void	 buf_release(struct buf *);
void	 buf_reset(struct buf *);
void	 buf_grow(struct buf *, size_t);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_addc(struct buf *, char);
void	 buf_adds(struct buf *, const char *);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Hand the memory to the caller, who frees it; the buffer is reset. */
char	*buf_detach(struct buf *, size_t *);

/* Add one byte without a capacity check: call buf_grow first. */
static inline void
buf_addc_fast(struct buf *b, char c)
{
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

#endif
