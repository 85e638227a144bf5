/*
 * Fuzz the Bluesky adapter (src/fetch/bluesky.c, with fetch/parse.c,
 * fetch/result.c, fetch/url.c) through fuzz-adapter.c.
 */
#include "fuzz-adapter.h"

static const char *const refresh_ids[] = {
	"3jzold1aaa22", "3lrpost3aa2x",
};

static const struct fuzz_account account = {
	.platform = "bluesky",
	.name = "bluesky:alice.bsky.social",
	.handle = "alice.bsky.social",
	.api_base = "https://public.api.bsky.app",
	.first_reply = "{\"did\":\"did:plc:abc123xyz456def789ghi0jk\","
	    "\"followersCount\":5}",
	.empty_page = "{\"feed\":[]}",
	.refresh_ids = refresh_ids,
	.nrefresh = sizeof refresh_ids / sizeof refresh_ids[0],
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_adapter(&account, data, size));
}
