/*
 * Fuzz the X adapter (src/fetch/x.c, with fetch/parse.c, fetch/result.c,
 * fetch/url.c) through fuzz-adapter.c.
 */
#include "fuzz-adapter.h"

static const char *const refresh_ids[] = {
	"1914000000000000000", "1900000000000000000",
};

static const struct fuzz_account account = {
	.platform = "x",
	.name = "x:example_author",
	.handle = "example_author",
	.api_base = "https://api.x.com",
	.first_reply = "{\"data\":{\"id\":\"1234567890\",\"public_metrics\":"
	    "{\"followers_count\":7}}}",
	.empty_page = "{\"meta\":{\"result_count\":0}}",
	.refresh_ids = refresh_ids,
	.nrefresh = sizeof refresh_ids / sizeof refresh_ids[0],
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return (fuzz_adapter(&account, data, size));
}
