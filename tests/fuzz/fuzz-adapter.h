/*
 * What the JSON adapters' fuzz targets share: a job for one made-up
 * account, driven step by step with the fuzz input as every reply.
 * Three jobs per input: one gets it as the first reply (the profile);
 * one, past a canned profile, as a timeline page; one, past that and an
 * empty page, as the reply that refreshes older posts.
 */
#ifndef TL_FUZZ_ADAPTER_H
#define TL_FUZZ_ADAPTER_H

#include <stddef.h>
#include <stdint.h>

#include "fetch/fetch.h"

struct fuzz_account {
	const char		*platform;	/* its name in the registry */
	const char		*name;		/* "platform:handle" */
	const char		*handle;
	const char		*api_base;
	const char		*first_reply;	/* a canned profile reply */
	const char		*empty_page;	/* a canned empty timeline */
	const char		*next_link;	/* Link header of page replies */
	const char *const	*refresh_ids;	/* old posts to refresh */
	size_t			 nrefresh;
};

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
/* Run the three jobs over the input; always returns 0. */
int	fuzz_adapter(const struct fuzz_account *, const uint8_t *, size_t);

#endif
