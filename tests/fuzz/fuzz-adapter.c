/* The shared driver of the JSON adapters' fuzz targets (fuzz-adapter.h). */
#include <stdlib.h>
#include <string.h>

#include "fuzz-adapter.h"
#include "util/xmalloc.h"

#define MAX_INPUT	(1024 * 1024)	/* larger inputs are cut */
#define MAX_STEPS	16		/* replies per job at most */

static void
job_init(struct fetch_job *job, const struct fuzz_account *fa)
{
	size_t	 i;

	memset(job, 0, sizeof *job);
	job->account.platform = platform_find(fa->platform,
	    strlen(fa->platform));
	job->adapter = job->account.platform->adapter;
	job->account.name = xstrdup(fa->name);
	job->account.handle = xstrdup(fa->handle);
	job->account.api_base = xstrdup(fa->api_base);
	job->account.token = xstrdup("fuzz-token");
	job->account.now = 1749988800;
	/* Every post is recent: paging stops only at max_pages. */
	job->account.recent_since = 0;
	job->account.max_pages = 3;
	job->account.refresh_ids = xreallocarray(NULL, fa->nrefresh + 1,
	    sizeof (char *));
	for (i = 0; i < fa->nrefresh; i++)
		job->account.refresh_ids[i] = xstrdup(fa->refresh_ids[i]);
	job->account.nrefresh = fa->nrefresh;
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
drive(const struct fuzz_account *fa, size_t ncanned, const char *input,
    size_t len, const char *link)
{
	const char		*canned[2] = { fa->first_reply, fa->empty_page };
	struct fetch_job	 job;
	struct fetch_request	 req;
	struct fetch_response	 resp;
	enum fetch_step_result	 rc;
	char			*cause = NULL;
	size_t			 step;

	job_init(&job, fa);
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
fuzz_adapter(const struct fuzz_account *fa, const uint8_t *data,
    size_t size)
{
	char	*input, *msg;

	if (size > MAX_INPUT)
		size = MAX_INPUT;
	input = xmalloc(size + 1);
	memcpy(input, data, size);
	input[size] = '\0';
	/* The input doubles as a Link header where the platform pages so. */
	drive(fa, 0, input, size, fa->next_link != NULL ? input : NULL);
	drive(fa, 1, input, size, fa->next_link);
	drive(fa, 2, input, size, NULL);
	msg = platform_find(fa->platform, strlen(fa->platform))->adapter->
	    error_message(input, size);
	free(msg);
	free(input);
	return (0);
}
