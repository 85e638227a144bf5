/*
 * Fuzz the Mastodon adapter (src/fetch/mastodon.c, with fetch/parse.c,
 * fetch/result.c, fetch/url.c, util/html.c) through fuzz-adapter.c.
 */
#include "fuzz-adapter.h"

static const char *const refresh_ids[] = {
	"114400000000000000", "114700000000000003",
};

static const struct fuzz_account account = {
	.platform = "mastodon",
	.name = "mastodon:@alice@mastodon.example",
	.handle = "@alice@mastodon.example",
	.api_base = "https://mastodon.example",
	/* A real account's id, so that seed statuses pass as its own. */
	.first_reply = "{\"id\":\"109000000000000001\",\"followers_count\":10,"
	    "\"following_count\":2,\"statuses_count\":3}",
	.empty_page = "[]",
	.next_link = "<https://mastodon.example/api/v1/next>; rel=\"next\"",
	.refresh_ids = refresh_ids,
	.nrefresh = sizeof refresh_ids / sizeof refresh_ids[0],
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_adapter(&account, data, size));
}
