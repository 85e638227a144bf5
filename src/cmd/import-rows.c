/* One row of each kind of import file: check every cell, then stage it. */
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

int
import_fail(struct importer *imp, const char *fmt, ...)
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

const char *
import_shown(const char *s, size_t len)
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
		return (import_fail(imp, "column '%s' is empty (a time is needed)",
		    import_column_name(c)));
	if (time_parse(s, len, out, &why) != 0)
		return (import_fail(imp, "bad time '%s' in column '%s': %s",
		    import_shown(s, len), import_column_name(c), why));
	return (0);
}

/* Does the row give this column (a non-empty cell)? */
static int
cell_given(struct importer *imp, enum import_column c)
{
	size_t	 len;

	cell(imp, c, &len);
	return (len > 0);
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
			return (import_fail(imp, "column '%s' is empty (a count "
			    "is needed)", import_column_name(c)));
		return (0);
	}
	if (text_parse_count(s, len, out, &why) != 0)
		return (import_fail(imp, "bad count '%s' in column '%s': %s",
		    import_shown(s, len), import_column_name(c), why));
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
 * The row's account, as the stage numbers it. Rows come grouped by
 * account, so the last one is remembered by its spelling in the file.
 * Whether the database has it is for the writing to find out.
 */
static int
get_account(struct importer *imp, int64_t *id)
{
	const char	*ps, *hs, *why;
	size_t		 plen, hlen;
	const struct platform	*p;
	char		*handle = NULL, *cause = NULL;
	int		 rc;

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
		return (import_fail(imp, "unknown platform '%s' (known: %s)",
		    import_shown(ps, plen), platform_names()));
	if (account_handle_normalise(p, hs, hlen, &handle, &why) != 0)
		return (import_fail(imp, "bad %s handle '%s': %s",
		    p->name, import_shown(hs, hlen), why));
	rc = store_stage_account(imp->stage, p, handle, imp->line, id, &cause);
	free(handle);
	if (rc != 0) {
		import_fail(imp, "%s", cause);
		free(cause);
		return (-1);
	}
	buf_reset(&imp->last_platform);
	buf_add(&imp->last_platform, ps, plen);
	buf_reset(&imp->last_handle);
	buf_add(&imp->last_handle, hs, hlen);
	imp->last_account = *id;
	return (0);
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
	return (import_fail(imp, "bad value '%s' in column 'rounded' (use 0 or 1)",
	    import_shown(s, len)));
}

/* What staging a row returned: -1 with imp->why when it failed. */
static int
staged(struct importer *imp, int rc, char **cause)
{
	if (rc != 0) {
		import_fail(imp, "%s", *cause);
		free(*cause);
		*cause = NULL;
		return (-1);
	}
	return (0);
}

static int
followers_row(struct importer *imp)
{
	struct follower_snapshot	 f;
	char				*cause = NULL;

	memset(&f, 0, sizeof f);
	f.source = SOURCE_IMPORT;
	if (get_account(imp, &f.account_id) != 0 ||
	    get_time(imp, COL_TAKEN_AT, &f.taken_at) != 0 ||
	    get_count(imp, COL_FOLLOWERS, 1, &f.followers) != 0 ||
	    get_count(imp, COL_FOLLOWING, 0, &f.following) != 0 ||
	    get_count(imp, COL_POSTS, 0, &f.posts) != 0 ||
	    get_rounded(imp, &f.rounded) != 0)
		return (-1);
	/* A failure may be about a row before: its line goes to imp->line. */
	return (staged(imp, store_stage_follower(imp->stage, &f, imp->line,
	    &imp->line, &cause), &cause));
}

const struct import_kind import_followers_kind = {
	.name = "followers",
	.noun = "follower snapshots",
	.stage = STAGE_FOLLOWERS,
	.creates = 1,
	.required = { COL_PLATFORM, COL_HANDLE, COL_TAKEN_AT, COL_FOLLOWERS,
	    COL_COUNT },
	.stage_row = followers_row,
	.write = import_followers_write,
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
	rc = import_fail(imp, "unknown kind '%s' (use %s)", import_shown(s, len),
	    known.data);
	buf_release(&known);
	return (rc);
}

/* The row's tags: the first POST_MAX_TAGS, counted when more. */
static void
get_tags(struct importer *imp, struct post *p)
{
	char	*tags;

	if ((tags = get_text(imp, COL_TAGS)) == NULL)
		return;
	p->tags = xreallocarray(NULL, POST_MAX_TAGS, sizeof *p->tags);
	if (split_tags(tags, p->tags, &p->ntags) != 0 &&
	    imp->tags_cut++ == 0)
		imp->tags_cut_line = imp->line;
	free(tags);
}

static int
posts_row(struct importer *imp)
{
	struct post	 p;
	char		*cause = NULL;
	int		 rc = -1;

	memset(&p, 0, sizeof p);
	if (get_account(imp, &p.account_id) != 0 ||
	    get_time(imp, COL_PUBLISHED_AT, &p.published_at) != 0)
		goto out;
	if ((p.remote_id = get_text(imp, COL_POST_ID)) == NULL) {
		import_fail(imp, "column 'post_id' is empty");
		goto out;
	}
	p.url = get_text(imp, COL_URL);
	p.title = get_text(imp, COL_TITLE);
	if (get_kind(imp, &p.kind) != 0)
		goto out;
	if (cell_given(imp, COL_DELETED_AT) &&
	    get_time(imp, COL_DELETED_AT, &p.deleted_at) != 0)
		goto out;
	if (p.deleted_at != 0 && p.deleted_at < p.published_at) {
		import_fail(imp, "column 'deleted_at' is before 'published_at': "
		    "a post is not deleted before it is published");
		goto out;
	}
	get_tags(imp, &p);
	rc = staged(imp, store_stage_post(imp->stage, &p, imp->line, &cause),
	    &cause);
out:
	post_release(&p);
	return (rc);
}

const struct import_kind import_posts_kind = {
	.name = "posts",
	.noun = "posts",
	.stage = STAGE_POSTS,
	.creates = 1,
	.required = { COL_PLATFORM, COL_HANDLE, COL_POST_ID, COL_PUBLISHED_AT,
	    COL_URL, COL_TITLE, COL_TAGS, COL_COUNT },
	.stage_row = posts_row,
	.write = import_posts_write,
};

static int
metrics_row(struct importer *imp)
{
	struct metric_point	 m;
	char			*remote_id, *cause = NULL;
	int64_t			 account;
	int			 rc;

	memset(&m, 0, sizeof m);
	if (get_account(imp, &account) != 0 ||
	    get_time(imp, COL_TAKEN_AT, &m.t) != 0 ||
	    get_count(imp, COL_LIKES, 0, &m.likes) != 0 ||
	    get_count(imp, COL_REPOSTS, 0, &m.reposts) != 0 ||
	    get_count(imp, COL_REPLIES, 0, &m.replies) != 0 ||
	    get_count(imp, COL_QUOTES, 0, &m.quotes) != 0 ||
	    get_count(imp, COL_VIEWS, 0, &m.views) != 0 ||
	    get_count(imp, COL_BOOKMARKS, 0, &m.bookmarks) != 0)
		return (-1);
	if ((remote_id = get_text(imp, COL_POST_ID)) == NULL)
		return (import_fail(imp, "column 'post_id' is empty"));
	rc = staged(imp, store_stage_metrics(imp->stage, account, remote_id,
	    &m, imp->line, &cause), &cause);
	free(remote_id);
	return (rc);
}

const struct import_kind import_metrics_kind = {
	.name = "metrics",
	.noun = "metric snapshots",
	.stage = STAGE_METRICS,
	.creates = 0,
	.required = { COL_PLATFORM, COL_HANDLE, COL_POST_ID, COL_TAKEN_AT,
	    COL_LIKES, COL_REPOSTS, COL_REPLIES, COL_QUOTES, COL_VIEWS,
	    COL_COUNT },
	.stage_row = metrics_row,
	.write = import_metrics_write,
};
