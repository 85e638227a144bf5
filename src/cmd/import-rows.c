/* One row of each kind of import file: check every cell, then store. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/import.h"
#include "store/store.h"
#include "platform.h"
#include "util/text.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

static int
row_fail(struct importer *imp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
row_fail(struct importer *imp, const char *fmt, ...)
{
	va_list	 ap;

	free(imp->why);
	va_start(ap, fmt);
	imp->why = xvasprintf(fmt, ap);
	va_end(ap);
	return (-1);
}

/* The cell of a column, trimmed; NULL when the file has no such column. */
static const char *
cell(struct importer *imp, enum import_column c, size_t *len)
{
	const char	*s;

	if (imp->col[c] < 0) {
		*len = 0;
		return (NULL);
	}
	s = csv_field(&imp->csv, (size_t)imp->col[c], len);
	text_trim(&s, len);
	return (s);
}

/* A copy of a cell for messages: at most 40 bytes, control bytes shown. */
static const char *
shown(const char *s, size_t len)
{
	static char	 out[48];
	size_t		 i, n = len > 40 ? 40 : len;

	for (i = 0; i < n; i++)
		out[i] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	if (len > n)
		memcpy(out + n, "...", 4);
	else
		out[n] = '\0';
	return (out);
}

static int
get_time(struct importer *imp, enum import_column c, int64_t *out)
{
	const char	*s, *why;
	size_t		 len;

	s = cell(imp, c, &len);
	if (len == 0)
		return (row_fail(imp, "column '%s' is empty (a time is needed)",
		    import_column_name(c)));
	if (time_parse(s, len, out, &why) != 0)
		return (row_fail(imp, "bad time '%s' in column '%s': %s",
		    shown(s, len), import_column_name(c), why));
	return (0);
}

/* A count; an empty cell is COUNT_UNKNOWN unless the count is required. */
static int
get_count(struct importer *imp, enum import_column c, int required,
    int64_t *out)
{
	const char	*s, *why;
	size_t		 len;

	s = cell(imp, c, &len);
	*out = COUNT_UNKNOWN;
	if (len == 0) {
		if (required)
			return (row_fail(imp, "column '%s' is empty (a count "
			    "is needed)", import_column_name(c)));
		return (0);
	}
	if (text_parse_count(s, len, out, &why) != 0)
		return (row_fail(imp, "bad count '%s' in column '%s': %s",
		    shown(s, len), import_column_name(c), why));
	return (0);
}

/* A cell as a new string, or NULL when empty or absent. */
static char *
get_text(struct importer *imp, enum import_column c)
{
	const char	*s;
	size_t		 len;

	s = cell(imp, c, &len);
	return (len == 0 ? NULL : xstrndup(s, len));
}

/*
 * The row's account. Rows come grouped by account, so the last one is
 * remembered by its spelling in the file; otherwise it is looked up and,
 * when 'create' is set, created.
 */
static int
get_account(struct importer *imp, int create, int64_t *id)
{
	const char	*ps, *hs, *why;
	size_t		 plen, hlen;
	const struct platform	*p;
	char		*handle = NULL, *cause = NULL;
	int		 found, rc = -1;

	ps = cell(imp, COL_PLATFORM, &plen);
	hs = cell(imp, COL_HANDLE, &hlen);
	if (imp->last_account != 0 && plen == imp->last_platform.len &&
	    hlen == imp->last_handle.len &&
	    memcmp(ps, imp->last_platform.data, plen) == 0 &&
	    memcmp(hs, imp->last_handle.data, hlen) == 0) {
		*id = imp->last_account;
		return (0);
	}
	if ((p = platform_find(ps, plen)) == NULL)
		return (row_fail(imp, "unknown platform '%s' (known: %s)",
		    shown(ps, plen), platform_names()));
	if (account_handle_normalise(p, hs, hlen, &handle, &why) != 0)
		return (row_fail(imp, "bad %s handle '%s': %s",
		    p->name, shown(hs, hlen), why));
	if ((found = store_account_find(imp->store, p, handle, id,
	    &cause)) < 0)
		goto out;
	if (!found && !create) {
		row_fail(imp, "unknown account '%s:%s' (import its posts "
		    "first)", p->name, handle);
		goto out;
	}
	if (!found) {
		if (store_account_create(imp->store, p, handle, time_now(), id,
		    &cause) != 0)
			goto out;
		imp->accounts_created++;
	}
	buf_reset(&imp->last_platform);
	buf_add(&imp->last_platform, ps, plen);
	buf_reset(&imp->last_handle);
	buf_add(&imp->last_handle, hs, hlen);
	imp->last_account = *id;
	rc = 0;
out:
	if (cause != NULL)
		row_fail(imp, "%s", cause);
	free(cause);
	free(handle);
	return (rc);
}

static int
get_rounded(struct importer *imp, int *out)
{
	const char	*s;
	size_t		 len;

	s = cell(imp, COL_ROUNDED, &len);
	*out = 0;
	if (len == 0 || (len == 1 && s[0] == '0') ||
	    (len == 5 && strncasecmp(s, "false", 5) == 0))
		return (0);
	if ((len == 1 && s[0] == '1') ||
	    (len == 4 && strncasecmp(s, "true", 4) == 0)) {
		*out = 1;
		return (0);
	}
	return (row_fail(imp, "bad value '%s' in column 'rounded' (use 0 or 1)",
	    shown(s, len)));
}

/* Count the row as a change when the last statement changed something. */
static int
stored(struct importer *imp, int rc, char *cause, int64_t before)
{
	if (rc != 0) {
		row_fail(imp, "%s", cause);
		free(cause);
		return (-1);
	}
	if (store_total_changes(imp->store) != before)
		imp->changed++;
	return (0);
}

/* Send the pending follower rows to the store. */
static int
followers_flush(struct importer *imp)
{
	char	*cause = NULL;
	int64_t	 before;
	int	 rc;

	before = store_total_changes(imp->store);
	rc = store_followers_put(imp->store, imp->pending, imp->npending,
	    &cause);
	if (rc != 0) {
		row_fail(imp, "%s", cause);
		free(cause);
		return (-1);
	}
	imp->changed += store_total_changes(imp->store) - before;
	imp->npending = 0;
	return (0);
}

static int
followers_row(struct importer *imp)
{
	struct follower_snapshot	*f;

	if (imp->pending == NULL)
		imp->pending = xreallocarray(NULL, IMPORT_BATCH,
		    sizeof *imp->pending);
	f = &imp->pending[imp->npending];
	memset(f, 0, sizeof *f);
	f->source = SOURCE_IMPORT;
	if (get_account(imp, 1, &f->account_id) != 0 ||
	    get_time(imp, COL_TAKEN_AT, &f->taken_at) != 0 ||
	    get_count(imp, COL_FOLLOWERS, 1, &f->followers) != 0 ||
	    get_count(imp, COL_FOLLOWING, 0, &f->following) != 0 ||
	    get_count(imp, COL_POSTS, 0, &f->posts) != 0 ||
	    get_rounded(imp, &f->rounded) != 0)
		return (-1);
	if (++imp->npending == IMPORT_BATCH)
		return (followers_flush(imp));
	return (0);
}

const struct import_kind import_followers_kind = {
	.name = "followers",
	.noun = "follower snapshots",
	.required = { COL_PLATFORM, COL_HANDLE, COL_TAKEN_AT, COL_FOLLOWERS,
	    COL_COUNT },
	.row = followers_row,
	.finish = followers_flush,
};

static int
has_string(char *const *list, size_t n, const char *s)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return (1);
	return (0);
}

/*
 * Split "a; #B;c" into normalised tags (tag_normalise), new strings in
 * out[] that the caller frees: the first POST_MAX_TAGS different ones,
 * *n of them. Return 1 when more were given, else 0.
 */
static int
split_tags(const char *tags, char **out, size_t *n)
{
	const char	*p, *end;
	char		*tag;
	int		 cut = 0;

	*n = 0;
	for (p = tags; p != NULL; p = end) {
		if ((end = strchr(p, ';')) == NULL)
			tag = tag_normalise(p, strlen(p));
		else
			tag = tag_normalise(p, (size_t)(end++ - p));
		if (tag == NULL)
			continue;
		if (has_string(out, *n, tag))
			free(tag);
		else if (*n == POST_MAX_TAGS) {
			free(tag);
			cut = 1;
		} else
			out[(*n)++] = tag;
	}
	return (cut);
}

/* The row's kind as its static name, or NULL when the cell is empty. */
static int
get_kind(struct importer *imp, const char **kind)
{
	struct buf	 known = BUF_INIT;
	const char	*s;
	size_t		 len, i;
	int		 rc;

	s = cell(imp, COL_KIND, &len);
	*kind = NULL;
	if (len == 0 || (*kind = post_kind_find(s, len)) != NULL)
		return (0);
	for (i = 0; post_kinds[i] != NULL; i++)
		buf_printf(&known, "%s%s", i == 0 ? "" : ", ", post_kinds[i]);
	rc = row_fail(imp, "unknown kind '%s' (use %s)", shown(s, len),
	    known.data);
	buf_release(&known);
	return (rc);
}

/* The links of one post, the first POST_MAX_LINKS different ones. */
struct link_ctx {
	struct importer	*imp;
	int64_t		 post_id;
	char		*seen[POST_MAX_LINKS];
	size_t		 n;
};

static int
add_link(void *arg, const char *url, size_t len)
{
	struct link_ctx	*lc = arg;
	char		*copy, *cause = NULL;
	int		 rc;

	copy = xstrndup(url, len);
	if (lc->n == POST_MAX_LINKS || has_string(lc->seen, lc->n, copy)) {
		free(copy);
		return (0);
	}
	lc->seen[lc->n++] = copy;
	rc = store_post_add_link(lc->imp->store, lc->post_id, copy, &cause);
	if (rc != 0) {
		row_fail(lc->imp, "%s", cause);
		free(cause);
	}
	return (rc);
}

/* Store the post's tags (when the file has them) and the URLs it cites. */
static int
post_extras(struct importer *imp, int64_t post_id, const char *title)
{
	struct link_ctx	 lc;
	char		*tags, *list[POST_MAX_TAGS], *cause = NULL;
	size_t		 n = 0, i;
	int		 rc = 0;

	if (imp->col[COL_TAGS] >= 0) {
		tags = get_text(imp, COL_TAGS);
		if (tags != NULL && split_tags(tags, list, &n) != 0 &&
		    imp->tags_cut++ == 0)
			imp->tags_cut_line = imp->csv.record_line;
		if (store_post_set_tags(imp->store, post_id, list, n,
		    &cause) != 0)
			rc = row_fail(imp, "%s", cause);
		for (i = 0; i < n; i++)
			free(list[i]);
		free(tags);
		free(cause);
	}
	memset(&lc, 0, sizeof lc);
	lc.imp = imp;
	lc.post_id = post_id;
	if (rc == 0 && title != NULL)
		rc = text_each_url(title, add_link, &lc);
	for (i = 0; i < lc.n; i++)
		free(lc.seen[i]);
	return (rc);
}

static int
posts_row(struct importer *imp)
{
	struct post	 p;
	char		*remote_id = NULL, *url = NULL, *title = NULL;
	char		*cause = NULL;
	int64_t		 post_id, before;
	int		 rc = -1;

	memset(&p, 0, sizeof p);
	if (get_account(imp, 1, &p.account_id) != 0 ||
	    get_time(imp, COL_PUBLISHED_AT, &p.published_at) != 0)
		goto out;
	if ((remote_id = get_text(imp, COL_POST_ID)) == NULL) {
		row_fail(imp, "column 'post_id' is empty");
		goto out;
	}
	url = get_text(imp, COL_URL);
	title = get_text(imp, COL_TITLE);
	if (get_kind(imp, &p.kind) != 0)
		goto out;
	p.remote_id = remote_id;
	p.url = url;
	p.title = title;
	before = store_total_changes(imp->store);
	if (stored(imp, store_post_put(imp->store, &p, &post_id, &cause),
	    cause, before) != 0)
		goto out;
	rc = post_extras(imp, post_id, title);
out:
	free(remote_id);
	free(url);
	free(title);
	return (rc);
}

const struct import_kind import_posts_kind = {
	.name = "posts",
	.noun = "posts",
	.required = { COL_PLATFORM, COL_HANDLE, COL_POST_ID, COL_PUBLISHED_AT,
	    COL_URL, COL_TITLE, COL_TAGS, COL_COUNT },
	.row = posts_row,
};

static int
metrics_row(struct importer *imp)
{
	struct metric_point	 m;
	char			*remote_id, *cause = NULL;
	int64_t			 account_id, post_id, before;
	int			 found;

	memset(&m, 0, sizeof m);
	if (get_account(imp, 0, &account_id) != 0 ||
	    get_time(imp, COL_TAKEN_AT, &m.t) != 0 ||
	    get_count(imp, COL_LIKES, 0, &m.likes) != 0 ||
	    get_count(imp, COL_REPOSTS, 0, &m.reposts) != 0 ||
	    get_count(imp, COL_REPLIES, 0, &m.replies) != 0 ||
	    get_count(imp, COL_QUOTES, 0, &m.quotes) != 0 ||
	    get_count(imp, COL_VIEWS, 0, &m.views) != 0 ||
	    get_count(imp, COL_BOOKMARKS, 0, &m.bookmarks) != 0)
		return (-1);
	if ((remote_id = get_text(imp, COL_POST_ID)) == NULL)
		return (row_fail(imp, "column 'post_id' is empty"));
	found = store_post_find(imp->store, account_id, remote_id, &post_id,
	    &cause);
	if (found == 0)
		row_fail(imp, "metrics for unknown post '%s' of %s:%s (import "
		    "its posts first)", shown(remote_id, strlen(remote_id)),
		    imp->last_platform.data, imp->last_handle.data);
	free(remote_id);
	if (found <= 0)
		return (found < 0 ? stored(imp, -1, cause, 0) : -1);
	before = store_total_changes(imp->store);
	return (stored(imp, store_metrics_put(imp->store, post_id, &m,
	    SOURCE_IMPORT, 0, &cause), cause, before));
}

const struct import_kind import_metrics_kind = {
	.name = "metrics",
	.noun = "metric snapshots",
	.required = { COL_PLATFORM, COL_HANDLE, COL_POST_ID, COL_TAKEN_AT,
	    COL_LIKES, COL_REPOSTS, COL_REPLIES, COL_QUOTES, COL_VIEWS,
	    COL_COUNT },
	.row = metrics_row,
};
