/*
 * Fuzz the X adapter (src/fetch/x.c, with fetch/parse.c, fetch/result.c,
 * fetch/url.c): the input is the reply to every step of a job. One job
 * gets it as the user reply; one, past a canned user, as a posts page;
 * one, past that and an empty page, as the lookup that refreshes older
 * posts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"
#include "util/xmalloc.h"

#define MAX_INPUT	(1024 * 1024)	/* larger inputs are cut */
#define MAX_STEPS	16		/* replies per job at most */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);


static const char first_reply[] = "{\"data\":{\"id\":\"1234567890\","
    "\"public_metrics\":{\"followers_count\":7}}}";
static const char empty_page[] = "{\"meta\":{\"result_count\":0}}";

static const char *const refresh_ids[] = {
	"1914000000000000000", "1900000000000000000",
};

static void
job_init(struct fetch_job *job)
{
	size_t	 i, n = sizeof refresh_ids / sizeof refresh_ids[0];

	memset(job, 0, sizeof *job);
	job->adapter = &fetch_x_adapter;
	job->account.platform = PLATFORM_X;
	job->account.name = xstrdup("x:example_author");
	job->account.handle = xstrdup("example_author");
	job->account.api_base = xstrdup("https://api.x.com");
	job->account.token = xstrdup("fuzz-token");
	job->account.now = 1749988800;
	/* Every post is recent: paging stops only at max_pages. */
	job->account.recent_since = 0;
	job->account.max_pages = 3;
	job->account.refresh_ids = xreallocarray(NULL, n, sizeof (char *));
	for (i = 0; i < n; i++)
		job->account.refresh_ids[i] = xstrdup(refresh_ids[i]);
	job->account.nrefresh = n;
}

static void
req_clear(struct fetch_request *req)
{
	free(req->url);
	free(req->auth);
	memset(req, 0, sizeof *req);
}

/* Run a job: the canned replies first, then the input to every step. */
static void
drive(const char *const *canned, size_t ncanned, const char *input,
    size_t len, const char *link)
{
	struct fetch_job	 job;
	struct fetch_request	 req;
	struct fetch_response	 resp;
	enum fetch_step_result	 rc;
	char			*cause = NULL;
	size_t			 step;

	job_init(&job);
	memset(&req, 0, sizeof req);
	rc = job.adapter->next(&job, NULL, &req, &cause);
	for (step = 0; rc == FETCH_MORE && step < MAX_STEPS; step++) {
		memset(&resp, 0, sizeof resp);
		resp.status = 200;
		resp.body = step < ncanned ? canned[step] : input;
		resp.len = step < ncanned ? strlen(canned[step]) : len;
		resp.link = link;
		resp.step = req.step;
		req_clear(&req);
		rc = job.adapter->next(&job, &resp, &req, &cause);
	}
	req_clear(&req);
	free(cause);
	fetch_job_release(&job);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const canned[] = { first_reply, empty_page };
	char	*input, *msg;

	if (size > MAX_INPUT)
		size = MAX_INPUT;
	input = xmalloc(size + 1);
	memcpy(input, data, size);
	input[size] = '\0';
	drive(NULL, 0, input, size, NULL);
	drive(canned, 1, input, size, NULL);
	drive(canned, 2, input, size, NULL);
	msg = fetch_x_adapter.error_message(input, size);
	free(msg);
	free(input);
	return (0);
}
