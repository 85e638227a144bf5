/*
 * Fuzz the YouTube adapter (src/fetch/youtube.c, with fetch/parse.c,
 * fetch/result.c, fetch/url.c, util/text.c) through fuzz-adapter.c.
 */
#include "fuzz-adapter.h"

static const char *const refresh_ids[] = {
	"Zr5tW8eKa3N", "Xk3pQ9vLm2A",
};

static const struct fuzz_account account = {
	.platform = "youtube",
	.name = "youtube:@examplechannel",
	.handle = "@examplechannel",
	.api_base = "https://www.googleapis.com",
	.first_reply = "{\"items\":[{\"id\":\"UCabcdefghijklmnopqrstuv\","
	    "\"contentDetails\":{\"relatedPlaylists\":{\"uploads\":"
	    "\"UUabcdefghijklmnopqrstuv\"}},\"statistics\":"
	    "{\"subscriberCount\":\"12300\"}}]}",
	.empty_page = "{\"items\":[]}",
	.refresh_ids = refresh_ids,
	.nrefresh = sizeof refresh_ids / sizeof refresh_ids[0],
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_adapter(&account, data, size));
}
