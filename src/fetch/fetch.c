/*
 * The transfer engine: runs every account's job through one libcurl multi
 * handle, with bounded parallelism overall and per host, connection reuse,
 * retries with backoff for 5xx and network errors, and rate limits
 * honoured. Only this file touches libcurl.
 */
#include <curl/curl.h>
#ifdef HAVE_MALLOPT
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "fetch/fetch.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "version.h"

void
fetch_options_init(struct fetch_options *o)
{
	memset(o, 0, sizeof *o);
	o->jobs = 16;
	o->per_host = 6;
	o->connect_timeout_ms = 10 * 1000;
	o->timeout_ms = 30 * 1000;
	o->max_body = 32 * 1024 * 1024;
	o->max_redirects = 5;
	o->max_retries = 3;
	o->retry_base_ms = 500;
	o->max_wait_ms = 60 * 1000;
	o->run_deadline_ms = 15 * 60 * 1000;
	o->job_deadline_ms = 5 * 60 * 1000;
}

/* Milliseconds on a clock that never jumps. */
static int64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* One request of a job: waiting, in flight, or waiting to be retried. */
struct transfer {
	struct fetch_job	*job;
	struct fetch_request	 req;
	CURL			*easy;		/* while in flight */
	char			*host;		/* scheme://host:port, for limits */
	struct buf		 body;
	struct buf		 link;		/* Link header */
	char			 retry_after[64];	/* header values, */
	char			 reset_iso[64];	/* X-RateLimit-Reset (Mastodon) */
	char			 reset_epoch[64];	/* x-rate-limit-reset, RateLimit-Reset */
	char			 total_pages[24];	/* X-WP-TotalPages */
	char			 errbuf[CURL_ERROR_SIZE];
	struct curl_slist	*headers;
	size_t			 max_body;
	int			 too_big;	/* the body passed max_body */
	int			 attempt;	/* retries so far */
	int			 waits;		/* rate-limit waits so far */
	int64_t			 not_before;	/* now_ms() before which it waits */
	int64_t			 started;	/* now_ms() when sent */
	int			 cut;		/* deadline cut its timeout */
	struct transfer		*next;		/* in the engine's queue */
};

/* Connections in use per host. */
struct host_count {
	char	*host;
	int	 count;
};

struct engine {
	const struct fetch_options *opts;
	CURLM			*multi;
	struct transfer		*queue;		/* not yet sent, FIFO */
	struct transfer		*queue_tail;
	int			 in_flight;
	struct host_count	*hosts;
	size_t			 nhosts;
	size_t			 jobs_total;
	size_t			 jobs_done;
	fetch_done_fn		 done;
	void			*done_arg;
	unsigned int		 seed;		/* for jitter */
	int64_t			 run_end;	/* now_ms() by which all
						   ends, or 0 */
	int64_t			 last_progress;
};

static char *
host_of(const char *url)
{
	const char	*p, *end;

	p = strstr(url, "://");
	p = p == NULL ? url : p + 3;
	end = p + strcspn(p, "/?#");
	return (xstrndup(url, (size_t)(end - url)));
}

static struct host_count *
host_slot(struct engine *e, const char *host)
{
	size_t	 i;

	for (i = 0; i < e->nhosts; i++) {
		if (strcmp(e->hosts[i].host, host) == 0)
			return (&e->hosts[i]);
	}
	e->hosts = xreallocarray(e->hosts, e->nhosts + 1, sizeof *e->hosts);
	e->hosts[e->nhosts].host = xstrdup(host);
	e->hosts[e->nhosts].count = 0;
	return (&e->hosts[e->nhosts++]);
}

static void
transfer_free(struct transfer *t)
{
	if (t == NULL)
		return;
	if (t->req.url != NULL) {
		/* A YouTube URL carries its API key. */
		secret_wipe(t->req.url, strlen(t->req.url));
		free(t->req.url);
	}
	if (t->req.auth != NULL) {
		secret_wipe(t->req.auth, strlen(t->req.auth));
		free(t->req.auth);
	}
	if (t->req.post != NULL) {
		/* A login's body carries its password, its reply tokens. */
		secret_wipe(t->req.post, strlen(t->req.post));
		free(t->req.post);
		if (t->body.len > 0)
			secret_wipe(t->body.data, t->body.len);
	}
	free(t->host);
	buf_release(&t->body);
	buf_release(&t->link);
	curl_slist_free_all(t->headers);
	free(t);
}

static void
enqueue(struct engine *e, struct transfer *t)
{
	t->next = NULL;
	if (e->queue_tail != NULL)
		e->queue_tail->next = t;
	else
		e->queue = t;
	e->queue_tail = t;
}

/* Take t, which follows prev (NULL: t is the first), out of the queue. */
static void
dequeue(struct engine *e, struct transfer *prev, struct transfer *t)
{
	if (prev != NULL)
		prev->next = t->next;
	else
		e->queue = t->next;
	if (e->queue_tail == t)
		e->queue_tail = prev;
}

static struct transfer *
transfer_new(struct fetch_job *job, struct fetch_request *req)
{
	struct transfer	*t;

	t = xcalloc(1, sizeof *t);
	t->job = job;
	t->req = *req;
	memset(req, 0, sizeof *req);
	t->host = host_of(t->req.url);
	buf_init(&t->body);
	buf_init(&t->link);
	return (t);
}

/* Collect the body, refusing to grow past the cap. */
static size_t
write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct transfer	*t = arg;
	size_t		 n = size * nmemb;

	if (t->body.len + n > t->max_body) {
		t->too_big = 1;
		return (0);
	}
	buf_add(&t->body, data, n);
	return (n);
}

/* Copy a header value, trimmed, into a fixed buffer. */
static void
keep_value(char *dst, size_t size, const char *v, size_t len)
{
	while (len > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		len--;
	}
	while (len > 0 && (v[len - 1] == '\r' || v[len - 1] == '\n' ||
	    v[len - 1] == ' '))
		len--;
	if (len >= size)
		len = size - 1;
	memcpy(dst, v, len);
	dst[len] = '\0';
}

static int
header_is(const char *line, size_t len, const char *name, const char **value,
    size_t *vlen)
{
	size_t	 n = strlen(name);

	if (len <= n || line[n] != ':' || strncasecmp(line, name, n) != 0)
		return (0);
	*value = line + n + 1;
	*vlen = len - n - 1;
	return (1);
}

/* Keep the headers we act on; forget them when a redirect starts over. */
static size_t
header_cb(char *line, size_t size, size_t nmemb, void *arg)
{
	struct transfer	*t = arg;
	size_t		 len = size * nmemb, vlen;
	const char	*v;

	if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		buf_reset(&t->link);
		t->retry_after[0] = t->reset_iso[0] = t->reset_epoch[0] = '\0';
		t->total_pages[0] = '\0';
	} else if (header_is(line, len, "link", &v, &vlen)) {
		if (t->link.len > 0)
			buf_addc(&t->link, ',');
		buf_add(&t->link, v, vlen);
	} else if (header_is(line, len, "retry-after", &v, &vlen))
		keep_value(t->retry_after, sizeof t->retry_after, v, vlen);
	else if (header_is(line, len, "x-ratelimit-reset", &v, &vlen))
		keep_value(t->reset_iso, sizeof t->reset_iso, v, vlen);
	else if (header_is(line, len, "x-rate-limit-reset", &v, &vlen) ||
	    header_is(line, len, "ratelimit-reset", &v, &vlen))
		keep_value(t->reset_epoch, sizeof t->reset_epoch, v, vlen);
	else if (header_is(line, len, "x-wp-totalpages", &v, &vlen))
		keep_value(t->total_pages, sizeof t->total_pages, v, vlen);
	return (len);
}

/* Restrict a handle to HTTP(S), for the request and any redirect. */
static void
set_protocols(CURL *easy)
{
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(easy, CURLOPT_PROTOCOLS,
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS,
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
}

static CURL *
easy_for(struct engine *e, struct transfer *t, long timeout_ms)
{
	const struct fetch_options	*o = e->opts;
	CURL				*easy;

	if ((easy = curl_easy_init()) == NULL)
		return (NULL);
	t->max_body = o->max_body;
	curl_easy_setopt(easy, CURLOPT_URL, t->req.url);
	curl_easy_setopt(easy, CURLOPT_PRIVATE, t);
	curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->errbuf);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(easy, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(easy, CURLOPT_USERAGENT, "tideline/" TIDELINE_VERSION);
	curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(easy, CURLOPT_HTTP_VERSION,
	    (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(easy, CURLOPT_MAXREDIRS, (long)o->max_redirects);
	curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
	    o->connect_timeout_ms < timeout_ms ? o->connect_timeout_ms :
	    timeout_ms);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)o->max_body);
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	/* TLS is always verified; there is no option to turn that off. */
	curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
	set_protocols(easy);
	t->headers = curl_slist_append(NULL, "Accept: application/json, "
	    "application/rss+xml, application/atom+xml, text/xml;q=0.9, "
	    "*/*;q=0.8");
	if (t->req.auth != NULL)
		t->headers = curl_slist_append(t->headers, t->req.auth);
	if (t->req.post != NULL) {
		t->headers = curl_slist_append(t->headers,
		    "Content-Type: application/json");
		curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE,
		    (long)strlen(t->req.post));
		curl_easy_setopt(easy, CURLOPT_POSTFIELDS, t->req.post);
	}
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->headers);
	return (easy);
}

/* When the job must end, on the engine's clock; 0 for never. */
static int64_t
job_end(const struct engine *e, const struct fetch_job *job)
{
	int64_t	 end = e->run_end, own;

	if (e->opts->job_deadline_ms > 0 && job->first_sent > 0) {
		own = job->first_sent + e->opts->job_deadline_ms;
		if (end == 0 || own < end)
			end = own;
	}
	return (end);
}

/*
 * The timeout of a transfer sent now: the options', or less when the
 * job's deadline comes sooner (then t->cut is set).
 */
static long
transfer_timeout(struct engine *e, struct transfer *t, int64_t now)
{
	int64_t	 end = job_end(e, t->job);

	t->cut = end != 0 && end - now < e->opts->timeout_ms;
	if (!t->cut)
		return (e->opts->timeout_ms);
	return (end - now < 1 ? 1 : (long)(end - now));
}

/*
 * May t be sent now: its wait is over and the overall and per-host limits
 * have room? One test for start_ready and poll_timeout, so that the loop
 * never sleeps on a request it could send.
 */
static int
transfer_ready(struct engine *e, const struct transfer *t, int64_t now)
{
	return (t->not_before <= now && e->in_flight < e->opts->jobs &&
	    host_slot(e, t->host)->count < e->opts->per_host);
}

/* Send queued transfers while the overall and per-host limits allow. */
static void
start_ready(struct engine *e)
{
	struct transfer		*t, *prev = NULL, *next;
	struct host_count	*h;
	int64_t			 now = now_ms();

	for (t = e->queue; t != NULL && e->in_flight < e->opts->jobs;
	    t = next) {
		next = t->next;
		if (!transfer_ready(e, t, now)) {
			prev = t;
			continue;
		}
		h = host_slot(e, t->host);
		dequeue(e, prev, t);
		buf_reset(&t->body);
		t->too_big = 0;
		t->errbuf[0] = '\0';
		curl_slist_free_all(t->headers);
		t->headers = NULL;
		if (t->job->first_sent == 0)
			t->job->first_sent = now;
		/* libcurl fails here only when memory is exhausted. */
		if ((t->easy = easy_for(e, t, transfer_timeout(e, t, now))) ==
		    NULL)
			xalloc_failed("a transfer handle");
		curl_multi_add_handle(e->multi, t->easy);
		t->started = now;
		t->job->requests++;
		h->count++;
		e->in_flight++;
	}
}

static const char *const error_kind_names[] = {
	[FETCH_ERR_NONE] = "none",
	[FETCH_ERR_HTTP] = "http",
	[FETCH_ERR_NETWORK] = "network",
	[FETCH_ERR_PARSE] = "reply",
	[FETCH_ERR_RATE_LIMIT] = "rate_limit",
	[FETCH_ERR_CONFIG] = "config",
	[FETCH_ERR_DEADLINE] = "deadline",
};

const char *
fetch_error_kind_name(enum fetch_error_kind k)
{
	return (error_kind_names[k]);
}

/* Tell the caller how far the run is, at most ten times a second. */
static void
report_progress(struct engine *e, int final)
{
	int64_t	 now = now_ms();

	if (e->opts->progress == NULL || (!final &&
	    now - e->last_progress < 100))
		return;
	e->last_progress = now;
	e->opts->progress(e->opts->arg, e->jobs_done, e->jobs_total, final);
}

static void
trace(struct engine *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A line for -v, made only when someone listens. */
static void
trace(struct engine *e, const char *fmt, ...)
{
	va_list	 ap;
	char	*line;

	if (e->opts->trace == NULL)
		return;
	va_start(ap, fmt);
	line = xvasprintf(fmt, ap);
	va_end(ap);
	e->opts->trace(e->opts->arg, line);
	free(line);
}

/* End a job: hand it to the caller, who stores and frees it. */
static void
job_finish(struct engine *e, struct fetch_job *job)
{
	job->finished_at = time_now();
	e->jobs_done++;
	e->done(job, e->done_arg);
	report_progress(e, 0);
}

static void
job_fail(struct engine *e, struct fetch_job *job, enum fetch_error_kind kind,
    long status, char *why)
{
	job->failed = 1;
	job->error_kind = kind;
	job->http_status = status;
	free(job->error);
	job->error = why;
	job_finish(e, job);
}

/* Fail a job whose time ran out: the run's, or its own share of it. */
static void
job_fail_deadline(struct engine *e, struct fetch_job *job)
{
	int64_t	 own = 0;
	char	*why;

	if (e->opts->job_deadline_ms > 0 && job->first_sent > 0)
		own = job->first_sent + e->opts->job_deadline_ms;
	if (own != 0 && (e->run_end == 0 || own < e->run_end))
		why = xasprintf("deadline passed after %d request%s (an "
		    "account's deadline: %ld s)", job->requests,
		    job->requests == 1 ? "" : "s",
		    e->opts->job_deadline_ms / 1000);
	else
		why = xasprintf("deadline passed after %d request%s (the run's "
		    "deadline: %ld s)", job->requests,
		    job->requests == 1 ? "" : "s",
		    e->opts->run_deadline_ms / 1000);
	job_fail(e, job, FETCH_ERR_DEADLINE, 0, why);
}

/* Has the job's time run out? */
static int
job_late(const struct engine *e, const struct fetch_job *job, int64_t now)
{
	int64_t	 end = job_end(e, job);

	return (end != 0 && now >= end);
}

/* Fail the jobs whose queued request (a retry, a wait) came too late. */
static void
expire_queued(struct engine *e)
{
	struct transfer		*t, *prev = NULL, *next;
	struct fetch_job	*job;
	int64_t			 now = now_ms();

	for (t = e->queue; t != NULL; t = next) {
		next = t->next;
		if (!job_late(e, t->job, now)) {
			prev = t;
			continue;
		}
		dequeue(e, prev, t);
		job = t->job;
		transfer_free(t);
		job_fail_deadline(e, job);
	}
}

/*
 * Hand what the job found so far to the caller before its next request
 * (a page of history is stored on its own); 0, or -1 when the job failed
 * for it.
 */
static int
job_checkpoint(struct engine *e, struct fetch_job *job)
{
	char	*cause = NULL;
	int	 rc = 0;

	if (!job->checkpoint || e->opts->checkpoint == NULL)
		return (0);
	job->checkpoint = 0;
	job->finished_at = time_now();
	if (e->opts->checkpoint(job, e->opts->arg, &cause) != 0) {
		job_fail(e, job, FETCH_ERR_NONE, 0, cause != NULL ? cause :
		    xstrdup("the result could not be stored"));
		rc = -1;
	}
	report_progress(e, 0);
	return (rc);
}

/* Run the adapter's next step; queue its request or end the job. */
static void
job_step(struct engine *e, struct fetch_job *job,
    const struct fetch_response *resp)
{
	struct fetch_request	 req;
	struct transfer		*t;
	char			*cause = NULL;

	memset(&req, 0, sizeof req);
	switch (job->adapter->next(job, resp, &req, &cause)) {
	case FETCH_MORE:
		t = transfer_new(job, &req);
		if (job_checkpoint(e, job) == 0)
			enqueue(e, t);
		else
			transfer_free(t);
		break;
	case FETCH_DONE:
		job_finish(e, job);
		break;
	default:
		job_fail(e, job, resp == NULL ? FETCH_ERR_CONFIG :
		    FETCH_ERR_PARSE, resp ? resp->status : 0, cause ? cause :
		    xstrdup("the adapter failed without saying why"));
		break;
	}
}

/*
 * A header's whole number (digits only: no sign, no blanks), held at cap
 * once it reaches it, so that no number a server sends can overflow; -1
 * if it is not one.
 */
static int64_t
header_number(const char *s, int64_t cap)
{
	int64_t	 v = 0;
	int	 d;

	if (*s == '\0')
		return (-1);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return (-1);
		d = *s - '0';
		v = v > (cap - d) / 10 ? cap : v * 10 + d;
	}
	return (v);
}

/* Seconds from now until 'until', within 0 and FETCH_WAIT_MAX. */
static int64_t
wait_until(int64_t until, int64_t now)
{
	if (until <= now)
		return (0);
	return (until - now > FETCH_WAIT_MAX ? FETCH_WAIT_MAX : until - now);
}

int64_t
fetch_wait_seconds(const char *retry_after, const char *reset_epoch,
    const char *reset_iso, int64_t now)
{
	int64_t		 v;
	time_t		 date;
	const char	*why;

	if (retry_after != NULL && *retry_after != '\0') {
		if ((v = header_number(retry_after, FETCH_WAIT_MAX)) >= 0)
			return (v);
		if ((date = curl_getdate(retry_after, NULL)) != -1)
			return (wait_until((int64_t)date, now));
	}
	if (reset_epoch != NULL &&
	    (v = header_number(reset_epoch, INT64_MAX / 2)) >= 0) {
		/* Epoch seconds (X, atproto) or a delta (IETF draft). */
		return (v > 1000000000 ? wait_until(v, now) :
		    v > FETCH_WAIT_MAX ? FETCH_WAIT_MAX : v);
	}
	if (reset_iso != NULL && *reset_iso != '\0' && time_parse(reset_iso,
	    strlen(reset_iso), &v, &why) == 0)
		return (wait_until(v, now));
	return (-1);
}

/* Seconds the server asks us to wait, from whichever header it sent. */
static int64_t
rate_limit_wait(const struct transfer *t)
{
	return (fetch_wait_seconds(t->retry_after, t->reset_epoch,
	    t->reset_iso, (int64_t)time(NULL)));
}

/*
 * Backoff before retry n (0-based): base * 2^n, plus up to half again;
 * the base held within 0 and a minute, so no shift overflows.
 */
static int64_t
backoff_ms(struct engine *e, int n)
{
	int64_t	 base = e->opts->retry_base_ms, d;

	base = base < 0 ? 0 : base > 60 * 1000 ? 60 * 1000 : base;
	d = base << (n > 10 ? 10 : n);
	return (d + (d > 1 ? (int64_t)(rand_r(&e->seed) % (d / 2 + 1)) : 0));
}

static void
retry_later(struct engine *e, struct transfer *t, int64_t delay_ms)
{
	t->not_before = now_ms() + delay_ms;
	enqueue(e, t);
}

/* The platform's words about an error reply, or a short generic text. */
static char *
error_text(struct transfer *t)
{
	char	*msg = NULL;

	if (t->body.len > 0)
		msg = t->job->adapter->error_message(t->body.data, t->body.len);
	if (msg == NULL && t->body.len > 0 &&
	    (strstr(t->body.data, "<html") != NULL ||
	    strstr(t->body.data, "<HTML") != NULL))
		msg = xstrdup("an HTML error page instead of an API reply");
	return (msg);
}

static void
fail_http(struct engine *e, struct transfer *t, long status, int tries)
{
	char	*url, *msg, *why;

	url = fetch_redact_url(t->req.url);
	msg = error_text(t);
	why = xasprintf("HTTP %ld from %s%s%s%s", status, url,
	    tries > 1 ? " (after retries)" : "", msg ? ": " : "",
	    msg ? msg : "");
	free(url);
	free(msg);
	job_fail(e, t->job, FETCH_ERR_HTTP, status, why);
}

static void
fail_rate_limited(struct engine *e, struct transfer *t, long status,
    int64_t wait)
{
	struct fetch_job	*job = t->job;
	char			 until[TIME_ISO_SIZE], *msg, *why;

	job->retry_after = (int64_t)time(NULL) + (wait < 0 ? 900 : wait);
	time_format(job->retry_after, until);
	msg = error_text(t);
	why = xasprintf("rate limited (HTTP %ld)%s%s; try again after %s",
	    status, msg ? ": " : "", msg ? msg : "", until);
	free(msg);
	job_fail(e, job, FETCH_ERR_RATE_LIMIT, status, why);
}

/* A 2xx reply: give it to the adapter. */
static void
handle_ok(struct engine *e, struct transfer *t, CURL *easy, long status)
{
	struct fetch_response	 resp;
	char			*ctype = NULL;

	curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &ctype);
	memset(&resp, 0, sizeof resp);
	resp.status = status;
	resp.body = t->body.data;
	resp.len = t->body.len;
	resp.link = t->link.len > 0 ? t->link.data : NULL;
	resp.content_type = ctype;
	resp.total_pages = t->total_pages[0] != '\0' ? t->total_pages : NULL;
	resp.step = t->req.step;
	job_step(e, t->job, &resp);
}

static void
handle_http_error(struct engine *e, struct transfer *t, long status)
{
	const struct fetch_adapter	*ad = t->job->adapter;
	int64_t				 wait = -1, end;
	int				 limited = status == 429;

	if (!limited && ad->rate_limited != NULL && t->body.len > 0 &&
	    (wait = ad->rate_limited(status, t->body.data, t->body.len)) >= 0) {
		limited = 1;
		if (wait > FETCH_WAIT_MAX)
			wait = FETCH_WAIT_MAX;
	}
	if (limited) {
		if (status == 429 || wait < 0)
			wait = rate_limit_wait(t);
		end = job_end(e, t->job);
		/* A wait that would outlast the deadline is not sat out. */
		if (wait >= 0 && wait * 1000 <= e->opts->max_wait_ms &&
		    t->waits < 3 && (end == 0 || now_ms() + wait * 1000 +
		    100 < end)) {
			trace(e, "%s: rate limited, waiting %lld s as asked",
			    t->job->account.name, (long long)wait);
			t->waits++;
			retry_later(e, t, wait * 1000 + 100);
			return;
		}
		fail_rate_limited(e, t, status, wait);
	} else if (status >= 500 && t->attempt < e->opts->max_retries) {
		wait = rate_limit_wait(t);
		retry_later(e, t, wait >= 0 && wait * 1000 <=
		    e->opts->max_wait_ms ? wait * 1000 :
		    backoff_ms(e, t->attempt));
		t->attempt++;
		return;
	} else
		fail_http(e, t, status, t->attempt + 1);
	transfer_free(t);
}

static void
handle_network_error(struct engine *e, struct transfer *t, CURLcode rc)
{
	char	*url, *why;
	int	 retry;

	/* Cut short by the deadline, or too late to try again. */
	if ((t->cut && rc == CURLE_OPERATION_TIMEDOUT) ||
	    job_late(e, t->job, now_ms())) {
		job_fail_deadline(e, t->job);
		transfer_free(t);
		return;
	}
	retry = !t->too_big && rc != CURLE_TOO_MANY_REDIRECTS &&
	    rc != CURLE_UNSUPPORTED_PROTOCOL && rc != CURLE_URL_MALFORMAT &&
	    rc != CURLE_FILESIZE_EXCEEDED;
	if (retry && t->attempt < e->opts->max_retries) {
		retry_later(e, t, backoff_ms(e, t->attempt));
		t->attempt++;
		return;
	}
	url = fetch_redact_url(t->req.url);
	if (t->too_big || rc == CURLE_FILESIZE_EXCEEDED)
		why = xasprintf("reply from %s is larger than %zu MiB", url,
		    e->opts->max_body >> 20);
	else
		why = xasprintf("%s (%s)%s", t->errbuf[0] ? t->errbuf :
		    curl_easy_strerror(rc), url, retry ? " after retries" : "");
	free(url);
	job_fail(e, t->job, FETCH_ERR_NETWORK, 0, why);
	transfer_free(t);
}

/* A transfer ended: take it out of the multi and decide what follows. */
static void
transfer_done(struct engine *e, CURL *easy, CURLcode rc)
{
	struct transfer		*t = NULL;
	struct host_count	*h;
	char			*url;
	long			 status = 0;

	curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&t);
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
	curl_multi_remove_handle(e->multi, easy);
	h = host_slot(e, t->host);
	h->count--;
	e->in_flight--;
	if (e->opts->trace != NULL) {
		url = fetch_redact_url(t->req.url);
		trace(e, "%s %s -> %ld (%zu bytes, %lld ms)",
		    t->req.post != NULL ? "POST" : "GET", url, status,
		    t->body.len, (long long)(now_ms() - t->started));
		free(url);
	}
	/* Each handler keeps t (to retry it) or frees it. */
	t->easy = NULL;
	if (rc != CURLE_OK)
		handle_network_error(e, t, rc);
	else if ((status >= 200 && status < 300) || (t->req.missing_ok &&
	    (status == 404 || status == 410)) || (t->req.denied_ok &&
	    (status == 401 || status == 403))) {
		handle_ok(e, t, easy, status);
		transfer_free(t);
	} else
		handle_http_error(e, t, status);
	curl_easy_cleanup(easy);
}

static void
drain_done(struct engine *e)
{
	CURLMsg	*msg;
	int	 left;

	while ((msg = curl_multi_info_read(e->multi, &left)) != NULL) {
		if (msg->msg == CURLMSG_DONE)
			transfer_done(e, msg->easy_handle, msg->data.result);
	}
}

/*
 * How long the loop may sleep: not at all when a queued request can be
 * sent (a job's next page, queued as its reply was read), else until the
 * next delayed retry or deadline, or 1 s.
 */
static int
poll_timeout(struct engine *e)
{
	struct transfer	*t;
	int64_t		 now = now_ms(), wait = 1000, end;

	/* Ones waiting for a free slot wake with curl's activity. */
	for (t = e->queue; t != NULL; t = t->next) {
		if (transfer_ready(e, t, now))
			return (0);
		if (t->not_before > now && t->not_before - now < wait)
			wait = t->not_before - now;
		/* Its deadline ends its wait: it fails then. */
		if ((end = job_end(e, t->job)) != 0 && end - now < wait)
			wait = end - now;
	}
	return (wait < 0 ? 0 : (int)wait);
}

static void
engine_release(struct engine *e)
{
	struct transfer	*t, *next;
	size_t		 i;

	for (t = e->queue; t != NULL; t = next) {
		next = t->next;
		transfer_free(t);
	}
	for (i = 0; i < e->nhosts; i++)
		free(e->hosts[i].host);
	free(e->hosts);
	if (e->multi != NULL)
		curl_multi_cleanup(e->multi);
}

/*
 * A reply's values, thousands of small blocks, are built and freed at
 * the top of the heap, reply after reply. glibc would give that memory
 * back to the system each time (at 128 KiB free) and fault it in again
 * for the next, dozens of brk calls a page of history: up to 4 MiB free
 * is kept instead. And it would keep the blocks freed in its fast bins
 * until the next large request (SQLite's, for one), which then sorts
 * and merges them all: without fast bins a freed block is merged at
 * once, which costs less in all (7% of a first snapshot's CPU).
 */
static void
keep_heap(void)
{
#ifdef M_TRIM_THRESHOLD
	mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
#endif
#ifdef M_MXFAST
	mallopt(M_MXFAST, 0);
#endif
}

int
fetch_run(struct fetch_job **jobs, size_t n, const struct fetch_options *o,
    fetch_done_fn done, void *arg, char **cause)
{
	struct engine	 e;
	size_t		 i;
	int		 running;

	memset(&e, 0, sizeof e);
	e.opts = o;
	e.done = done;
	e.done_arg = arg;
	e.jobs_total = n;
	e.seed = (unsigned int)time(NULL) ^ (unsigned int)getpid();
	keep_heap();
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (e.multi = curl_multi_init()) == NULL) {
		*cause = xstrdup("cannot start libcurl");
		return (-1);
	}
	curl_multi_setopt(e.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)o->jobs);
	curl_multi_setopt(e.multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)o->per_host);
	curl_multi_setopt(e.multi, CURLMOPT_PIPELINING,
	    (long)CURLPIPE_MULTIPLEX);
	if (o->run_deadline_ms > 0)
		e.run_end = now_ms() + o->run_deadline_ms;
	for (i = 0; i < n; i++)
		job_step(&e, jobs[i], NULL);
	/*
	 * Each turn sends what may go, lets curl work, takes the finished
	 * transfers (whose jobs may queue their next request), and sleeps
	 * only when nothing can be sent.
	 */
	while (e.jobs_done < e.jobs_total) {
		expire_queued(&e);
		if (e.jobs_done == e.jobs_total)
			break;
		start_ready(&e);
		curl_multi_perform(e.multi, &running);
		drain_done(&e);
		if (e.jobs_done == e.jobs_total)
			break;
		curl_multi_poll(e.multi, NULL, 0, poll_timeout(&e), NULL);
	}
	report_progress(&e, 1);
	engine_release(&e);
	curl_global_cleanup();
	return (0);
}
