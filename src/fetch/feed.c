/*
 * RSS 2.0, RSS 1.0 (RDF) and Atom feeds with expat, made into "article"
 * posts (see feed.h).
 *
 * The XML layer is expat's: it decodes &amp; and friends once. The HTML
 * layer is ours, and is decoded exactly once more where the formats put
 * HTML: RSS titles (often escaped twice, "&amp;#8217;"), descriptions,
 * Atom type="html" text.
 */
#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fetch/feed.h"
#include "fetch/feed-internal.h"
#include "fetch/url.h"
#include "util/buf.h"
#include "util/html.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

/* expat's namespace separator: a space, which no namespace URI holds. */
#define NS_SEP		' '
#define NS_ATOM		"http://www.w3.org/2005/Atom"
#define NS_RDF		"http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RSS1		"http://purl.org/rss/1.0/"
#define NS_RSS090	"http://my.netscape.com/rdf/simple/0.9/"
#define NS_DC		"http://purl.org/dc/elements/1.1/"
#define NS_CONTENT	"http://purl.org/rss/1.0/modules/content/"

#define FIELD_MAX	(1024 * 1024)	/* bytes kept of one element's text */
#define PARSE_CHUNK	(1024 * 1024)	/* bytes given to expat at a time */
#define SNIFF_LEN	1024		/* bytes looked at to name a non-feed */
#define MAX_DEPTH	256		/* feeds nest a dozen deep */

enum feed_format {
	FORMAT_NONE,
	FORMAT_RSS,		/* RSS 0.9x and 2.0: rss/channel/item */
	FORMAT_RDF,		/* RSS 1.0 and 0.90: rdf:RDF/item */
	FORMAT_ATOM,		/* feed/entry */
};

/* What the text being collected is. */
enum field {
	FIELD_NONE,
	FIELD_TITLE,
	FIELD_LINK,
	FIELD_ID,		/* RSS guid, Atom id */
	FIELD_PUBDATE,		/* RSS pubDate (RFC 822) */
	FIELD_PUBLISHED,	/* Atom published */
	FIELD_UPDATED,		/* Atom updated */
	FIELD_DCDATE,		/* dc:date (W3CDTF) */
	FIELD_CATEGORY,
	FIELD_BODY,		/* description, content:encoded, content */
	FIELD_GENERATOR,
};

/* How that text is written. */
enum text_type {
	TEXT_PLAIN,		/* Atom type="text": as it is */
	TEXT_ESCAPED,		/* RSS titles: text, maybe escaped again */
	TEXT_HTML,
	TEXT_XHTML,		/* child elements; their text is the text */
};

/* The dates an item may carry, in the order they are trusted. */
enum { DATE_PUBDATE, DATE_PUBLISHED, DATE_DCDATE, DATE_UPDATED, NDATES };

/* The item or entry being read, as written. */
struct raw_item {
	char		*title;
	char		*link;
	int		 link_rank;	/* how apt the Atom link in 'link' is */
	char		*id;
	int		 id_is_link;	/* an RSS guid with isPermaLink */
	char		*date[NDATES];
	struct strv	 tags;
	struct strv	 hrefs;		/* links in the body, unresolved */
};

struct feed_parser {
	XML_Parser	 xp;
	enum feed_format format;
	const char	*ns;		/* namespace of the items' elements */
	int		 depth;		/* of the element just opened */
	int		 item_depth;	/* of the open item, or 0 */
	int		 text_depth;	/* of the element whose text we keep */
	enum field	 field;		/* what that text is */
	enum text_type	 type;		/* and how it is written */
	struct buf	 text;
	struct raw_item	 raw;
	struct items	 items;
	char		*generator;
	char		*generator_uri;
	char		*cause;		/* why a handler stopped the parse */
	int		 stopped;
};

/* An element's name as expat gives it with namespaces: "URI local". */
struct qname {
	const char	*ns;		/* "" when in no namespace */
	size_t		 nslen;
	const char	*local;
};

/* A feed date in either shape: RFC 822 or ISO 8601 (W3CDTF). */
static int
parse_any_date(const char *s, int64_t *t)
{
	const char	*why;

	if (time_parse(s, strlen(s), t, &why) == 0)
		return (0);
	return (feed_parse_rfc822(s, t));
}

/* An item without a readable date is skipped; remember why. */
static int
item_date(struct items *items, char *const *dates, int64_t *t)
{
	int	 i;

	for (i = 0; i < NDATES; i++) {
		if (dates[i] != NULL && parse_any_date(dates[i], t) == 0) {
			items->dated++;
			return (0);
		}
	}
	for (i = 0; i < NDATES && items->bad_date == NULL; i++) {
		if (dates[i] != NULL)
			items->bad_date = xstrdup(dates[i]);
	}
	return (-1);
}

static void
raw_item_release(struct raw_item *r)
{
	int	 i;

	free(r->title);
	free(r->link);
	free(r->id);
	for (i = 0; i < NDATES; i++)
		free(r->date[i]);
	feed_strv_release(&r->tags);
	feed_strv_release(&r->hrefs);
	memset(r, 0, sizeof *r);
}

static void
stop(struct feed_parser *st, char *cause)
{
	if (st->stopped) {
		free(cause);
		return;
	}
	st->stopped = 1;
	st->cause = cause;
	XML_StopParser(st->xp, XML_FALSE);
}

static void
split_name(const char *name, struct qname *q)
{
	const char	*sep;

	if ((sep = strchr(name, NS_SEP)) == NULL) {
		q->ns = "";
		q->nslen = 0;
		q->local = name;
	} else {
		q->ns = name;
		q->nslen = (size_t)(sep - name);
		q->local = sep + 1;
	}
}

static int
in_ns(const struct qname *q, const char *ns)
{
	return (ns != NULL && q->nslen == strlen(ns) &&
	    strncmp(q->ns, ns, q->nslen) == 0);
}

static int
is(const struct qname *q, const char *ns, const char *local)
{
	return (in_ns(q, ns) && strcmp(q->local, local) == 0);
}

static const char *
attr(const char **attrs, const char *name)
{
	size_t	 i;

	for (i = 0; attrs[i] != NULL; i += 2) {
		if (strcmp(attrs[i], name) == 0)
			return (attrs[i + 1]);
	}
	return (NULL);
}

/* An Atom text construct's type="..." (RFC 4287 3.1.1, 4.1.3.1). */
static enum text_type
atom_text_type(const char **attrs)
{
	const char	*type = attr(attrs, "type");

	if (type == NULL || strcmp(type, "text") == 0)
		return (TEXT_PLAIN);
	if (strcmp(type, "html") == 0 || strcasecmp(type, "text/html") == 0)
		return (TEXT_HTML);
	if (strcmp(type, "xhtml") == 0 || strstr(type, "xhtml") != NULL)
		return (TEXT_XHTML);
	return (TEXT_PLAIN);
}

/*
 * An Atom link: rel="alternate" (the default) is the post itself, the
 * text/html one first; rel="related" points elsewhere, like a body link.
 */
static void
atom_link(struct feed_parser *st, const char **attrs)
{
	const char	*rel, *href, *type;
	int		 rank;

	rel = attr(attrs, "rel");
	if ((href = attr(attrs, "href")) == NULL || *href == '\0')
		return;
	if (rel != NULL && strcmp(rel, "related") == 0) {
		feed_strv_add(&st->raw.hrefs, xstrdup(href), MAX_LINKS);
		return;
	}
	if (rel != NULL && strcmp(rel, "alternate") != 0 &&
	    strcmp(rel, "http://www.iana.org/assignments/relation/alternate")
	    != 0)
		return;
	type = attr(attrs, "type");
	rank = type == NULL || strcasecmp(type, "text/html") == 0 ? 2 : 1;
	if (rank > st->raw.link_rank) {
		free(st->raw.link);
		st->raw.link = feed_squeeze(href, strlen(href));
		st->raw.link_rank = rank;
	}
}

static enum field
atom_field(struct feed_parser *st, const char *local, const char **attrs)
{
	const char	*term;

	if (strcmp(local, "title") == 0) {
		st->type = atom_text_type(attrs);
		return (FIELD_TITLE);
	}
	if (strcmp(local, "id") == 0)
		return (FIELD_ID);
	if (strcmp(local, "published") == 0)
		return (FIELD_PUBLISHED);
	if (strcmp(local, "updated") == 0)
		return (FIELD_UPDATED);
	if ((strcmp(local, "content") == 0 || strcmp(local, "summary") ==
	    0) && attr(attrs, "src") == NULL) {
		st->type = atom_text_type(attrs);
		return (FIELD_BODY);
	}
	if (strcmp(local, "link") == 0)
		atom_link(st, attrs);
	else if (strcmp(local, "category") == 0 &&
	    (term = attr(attrs, "term")) != NULL)
		feed_add_tag(&st->raw.tags, term, strlen(term));
	return (FIELD_NONE);
}

/* What an element directly inside an item holds. */
static enum field
item_field(struct feed_parser *st, const struct qname *q, const char **attrs)
{
	const char	*permalink;

	st->type = TEXT_PLAIN;
	if (is(q, NS_DC, "date"))
		return (FIELD_DCDATE);
	if (is(q, NS_DC, "subject"))
		return (FIELD_CATEGORY);
	if (is(q, NS_CONTENT, "encoded")) {
		st->type = TEXT_HTML;
		return (FIELD_BODY);
	}
	if (!in_ns(q, st->ns))
		return (FIELD_NONE);
	if (st->format == FORMAT_ATOM)
		return (atom_field(st, q->local, attrs));
	if (strcmp(q->local, "title") == 0) {
		st->type = TEXT_ESCAPED;
		return (FIELD_TITLE);
	}
	if (strcmp(q->local, "link") == 0)
		return (FIELD_LINK);
	if (strcmp(q->local, "guid") == 0) {
		permalink = attr(attrs, "isPermaLink");
		st->raw.id_is_link = permalink == NULL ||
		    strcmp(permalink, "true") == 0;
		return (FIELD_ID);
	}
	if (strcmp(q->local, "pubDate") == 0)
		return (FIELD_PUBDATE);
	if (strcmp(q->local, "category") == 0)
		return (FIELD_CATEGORY);
	if (strcmp(q->local, "description") == 0) {
		st->type = TEXT_HTML;
		return (FIELD_BODY);
	}
	return (FIELD_NONE);
}

/* A title as we store it: plain text on one line, or NULL. */
static char *
title_text(const char *s, size_t len, enum text_type type)
{
	char	*decoded, *t;

	switch (type) {
	case TEXT_HTML:
		t = html_to_text(s, len);
		break;
	case TEXT_ESCAPED:
		decoded = html_decode_entities(s, len);
		t = feed_squeeze(decoded, strlen(decoded));
		free(decoded);
		break;
	default:
		t = feed_squeeze(s, len);
		break;
	}
	if (*t == '\0') {
		free(t);
		return (NULL);
	}
	return (t);
}

/* Store the text collected for one element. */
static void
finish_field(struct feed_parser *st)
{
	struct raw_item	*r = &st->raw;
	const char	*s = st->text.data;
	size_t		 len = st->text.len;
	char		**slot = NULL;

	switch (st->field) {
	case FIELD_TITLE:
		if (r->title == NULL)
			r->title = title_text(s, len, st->type);
		break;
	case FIELD_LINK:
		slot = &r->link;
		break;
	case FIELD_ID:
		slot = &r->id;
		break;
	case FIELD_PUBDATE:
		slot = &r->date[DATE_PUBDATE];
		break;
	case FIELD_PUBLISHED:
		slot = &r->date[DATE_PUBLISHED];
		break;
	case FIELD_DCDATE:
		slot = &r->date[DATE_DCDATE];
		break;
	case FIELD_UPDATED:
		slot = &r->date[DATE_UPDATED];
		break;
	case FIELD_CATEGORY:
		feed_add_tag(&r->tags, s, len);
		break;
	case FIELD_BODY:
		if (st->type == TEXT_HTML)
			html_each_href(s, len, feed_href_cb, &r->hrefs);
		break;
	case FIELD_GENERATOR:
		slot = &st->generator;
		break;
	case FIELD_NONE:
		break;
	}
	/* The first of a repeated element counts. */
	if (slot != NULL && *slot == NULL)
		*slot = feed_squeeze_or_null(s, len);
	buf_reset(&st->text);
	st->text_depth = 0;
	st->field = FIELD_NONE;
}

/* Is url the URL of an item kept already? */
static int
has_url(const struct items *items, const char *url)
{
	size_t	 i;

	for (i = 0; i < items->n; i++) {
		if (items->v[i].url != NULL && strcmp(items->v[i].url, url) == 0)
			return (1);
	}
	return (0);
}

/* Turn the item just read into a post, or skip it. */
static void
finish_item(struct feed_parser *st)
{
	struct raw_item	*r = &st->raw;
	struct item	 it;

	memset(&it, 0, sizeof it);
	st->items.seen++;
	if (r->link == NULL && r->id != NULL && r->id_is_link &&
	    fetch_is_web_url(r->id, strlen(r->id)))
		r->link = xstrdup(r->id);
	if (item_date(&st->items, r->date, &it.published_at) != 0 ||
	    (r->link == NULL && r->id == NULL))
		goto out;
	/* An item without an id is known by its link: once is enough. */
	if (r->id == NULL && has_url(&st->items, r->link))
		goto out;
	/*
	 * The guid or Atom id is what the feed says stays the same: the
	 * link may gain a tracking query, and a link blog's alternate link
	 * is another site's story, shared by several of its entries.
	 */
	it.remote_id = xstrdup(r->id != NULL ? r->id : r->link);
	it.url = r->link;
	it.title = r->title;
	r->link = r->title = NULL;
	it.tags = r->tags;
	memset(&r->tags, 0, sizeof r->tags);
	feed_item_set_links(&it, &r->hrefs);
	feed_items_add(&st->items, &it);
out:
	raw_item_release(r);
	st->item_depth = 0;
}

/* Decide what the document is from its root element. */
static void
on_root(struct feed_parser *st, const struct qname *q)
{
	if (is(q, "", "rss")) {
		st->format = FORMAT_RSS;
		st->ns = "";
	} else if (is(q, NS_RDF, "RDF"))
		st->format = FORMAT_RDF;
	else if (is(q, NS_ATOM, "feed") || is(q, "", "feed")) {
		/* Some feeds forget the namespace; nothing else is <feed>. */
		st->format = FORMAT_ATOM;
		st->ns = q->nslen == 0 ? "" : NS_ATOM;
	} else if (strcasecmp(q->local, "html") == 0)
		stop(st, xstrdup("an HTML page, not an RSS or Atom feed"));
	else if (q->nslen > 0)
		stop(st, xasprintf("not an RSS or Atom feed (root element "
		    "'%.40s' in namespace '%.*s')", q->local,
		    (int)(q->nslen > 80 ? 80 : q->nslen), q->ns));
	else
		stop(st, xasprintf("not an RSS or Atom feed (root element "
		    "'%.40s')", q->local));
}

/* Is this element an item, or the feed's generator? */
static void
outside_item(struct feed_parser *st, const struct qname *q,
    const char **attrs)
{
	const char	*uri;

	switch (st->format) {
	case FORMAT_RSS:
		if (st->depth == 3 && is(q, "", "item"))
			st->item_depth = st->depth;
		else if (st->depth == 3 && is(q, "", "generator"))
			st->field = FIELD_GENERATOR;
		break;
	case FORMAT_RDF:
		if (st->depth == 2 && (is(q, NS_RSS1, "item") ||
		    is(q, NS_RSS090, "item"))) {
			st->ns = in_ns(q, NS_RSS1) ? NS_RSS1 : NS_RSS090;
			st->item_depth = st->depth;
			/* rdf:about is the item's URI: its id. */
			if ((uri = attr(attrs, NS_RDF " about")) != NULL)
				st->raw.id = xstrdup(uri);
			st->raw.id_is_link = 1;
		}
		break;
	case FORMAT_ATOM:
		if (st->depth == 2 && is(q, st->ns, "entry"))
			st->item_depth = st->depth;
		else if (st->depth == 2 && is(q, st->ns, "generator")) {
			st->field = FIELD_GENERATOR;
			uri = attr(attrs, "uri");
			if (uri != NULL && st->generator_uri == NULL)
				st->generator_uri = xstrdup(uri);
		}
		break;
	case FORMAT_NONE:
		break;
	}
	if (st->field != FIELD_NONE)
		st->text_depth = st->depth;
}

static void XMLCALL
on_start(void *arg, const XML_Char *name, const XML_Char **attrs)
{
	struct feed_parser	*st = arg;
	struct qname		 q;
	const char		*href;

	if (st->stopped)
		return;
	if (++st->depth > MAX_DEPTH) {
		stop(st, xasprintf("the feed nests elements more than %d deep",
		    MAX_DEPTH));
		return;
	}
	split_name(name, &q);
	if (st->depth == 1) {
		on_root(st, &q);
		return;
	}
	if (st->text_depth != 0) {
		/* Inside a body: type="xhtml" content, or HTML unescaped. */
		if (st->field == FIELD_BODY && strcmp(q.local, "a") == 0 &&
		    (href = attr(attrs, "href")) != NULL)
			feed_strv_add(&st->raw.hrefs,
			    feed_squeeze(href, strlen(href)), MAX_LINKS);
		return;
	}
	if (st->item_depth == 0) {
		outside_item(st, &q, attrs);
		return;
	}
	if (st->depth != st->item_depth + 1)
		return;
	if ((st->field = item_field(st, &q, attrs)) != FIELD_NONE)
		st->text_depth = st->depth;
}

static void XMLCALL
on_end(void *arg, const XML_Char *name)
{
	struct feed_parser	*st = arg;

	(void)name;
	if (st->stopped)
		return;
	if (st->text_depth == st->depth)
		finish_field(st);
	if (st->item_depth == st->depth)
		finish_item(st);
	st->depth--;
}

static void XMLCALL
on_text(void *arg, const XML_Char *s, int len)
{
	struct feed_parser	*st = arg;
	size_t			 n = (size_t)len;

	if (st->stopped || st->text_depth == 0 || len <= 0 ||
	    st->text.len >= FIELD_MAX)
		return;
	if (n > FIELD_MAX - st->text.len)
		n = FIELD_MAX - st->text.len;
	buf_add(&st->text, s, n);
}

/*
 * A reference to an entity the document's external DTD would define
 * (RSS 0.91 declares the HTML ones there, and we read no DTD): keep it
 * as written, so the HTML decoding after expat's can resolve it.
 */
static void XMLCALL
on_skipped_entity(void *arg, const XML_Char *name, int is_parameter)
{
	struct feed_parser	*st = arg;

	if (st->stopped || st->text_depth == 0 || is_parameter ||
	    st->text.len >= FIELD_MAX)
		return;
	buf_addc(&st->text, '&');
	buf_adds(&st->text, name);
	buf_addc(&st->text, ';');
}

/*
 * Feeds have no use for entity declarations; documents that have them
 * are mostly attacks (billion laughs, external files). expat 2.4+ caps
 * expansion anyway; we stop at the first declaration.
 */
static void XMLCALL
on_entity_decl(void *arg, const XML_Char *name, int is_parameter,
    const XML_Char *value, int value_len, const XML_Char *base,
    const XML_Char *system_id, const XML_Char *public_id,
    const XML_Char *notation)
{
	struct feed_parser	*st = arg;

	(void)name; (void)is_parameter; (void)value; (void)value_len;
	(void)base; (void)system_id; (void)public_id; (void)notation;
	stop(st, xstrdup("the feed declares XML entities, which tideline "
	    "refuses (they serve to blow up memory or read files)"));
}

/* expat knows UTF-8, UTF-16 and Latin-1; old feeds also use cp1252. */
static int XMLCALL
on_unknown_encoding(void *arg, const XML_Char *name, XML_Encoding *info)
{
	int	 i;

	(void)arg;
	if (strcasecmp(name, "windows-1252") != 0 &&
	    strcasecmp(name, "cp1252") != 0)
		return (XML_STATUS_ERROR);
	for (i = 0; i < 256; i++)
		info->map[i] = (int)html_windows1252((unsigned char)i);
	info->data = NULL;
	info->convert = NULL;
	info->release = NULL;
	return (XML_STATUS_OK);
}

/* Where s starts (after a BOM and white space) with word, any case. */
static int
starts_with_ci(const char *s, size_t len, const char *word)
{
	size_t	 n = strlen(word);

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		len -= 3;
	}
	while (len > 0 && is_space(*s)) {
		s++;
		len--;
	}
	return (len >= n && strncasecmp(s, word, n) == 0);
}

static int
mentions_html(const char *s, size_t len)
{
	size_t	 i;

	if (len > SNIFF_LEN)
		len = SNIFF_LEN;
	for (i = 0; i + 5 <= len; i++) {
		if (strncasecmp(s + i, "<html", 5) == 0)
			return (1);
	}
	return (0);
}

/*
 * Why a reply that expat refused is not a feed. HTML is seldom good XML
 * ("<!doctype html>" in lower case, <br> never closed): if expat stopped
 * before a feed's root element and the start says <html, it is a page.
 */
static char *
parse_error(const struct feed_parser *st, const char *body, size_t len)
{
	XML_Parser	 xp = st->xp;

	if (starts_with_ci(body, len, "<!doctype html") ||
	    starts_with_ci(body, len, "<html") ||
	    (st->format == FORMAT_NONE && mentions_html(body, len)))
		return (xstrdup("an HTML page, not an RSS or Atom feed"));
	return (xasprintf("malformed XML at line %lu: %s",
	    (unsigned long)XML_GetCurrentLineNumber(xp),
	    XML_ErrorString(XML_GetErrorCode(xp))));
}

/* Give the body to expat; on failure set *cause. */
static int
run_expat(struct feed_parser *st, const char *body, size_t len, char **cause)
{
	size_t	 off = 0, n;
	int	 final;

	do {
		n = len - off > PARSE_CHUNK ? PARSE_CHUNK : len - off;
		final = off + n == len;
		if (XML_Parse(st->xp, body + off, (int)n, final) !=
		    XML_STATUS_OK) {
			if (st->cause != NULL) {
				*cause = st->cause;
				st->cause = NULL;
			} else
				*cause = parse_error(st, body, len);
			return (-1);
		}
		off += n;
	} while (!final);
	return (0);
}

/* The generator as one string: "WordPress (https://wordpress.org/)". */
static char *
generator_text(struct feed_parser *st)
{
	char	*g;

	if (st->generator != NULL && st->generator_uri != NULL)
		g = xasprintf("%s (%s)", st->generator, st->generator_uri);
	else if (st->generator != NULL) {
		g = st->generator;
		st->generator = NULL;
	} else if (st->generator_uri != NULL)
		g = xstrdup(st->generator_uri);
	else
		g = NULL;
	return (g);
}

int
feed_parse(const char *body, size_t len, struct fetch_result *out,
    char **generator, char **cause)
{
	struct feed_parser	 st;
	int			 rc = -1;

	*generator = NULL;
	memset(&st, 0, sizeof st);
	buf_init(&st.text);
	/* UTF-16 (with its BOM) is for expat to read; else XML starts '<'. */
	if (!starts_with_ci(body, len, "<") && !(len >= 2 &&
	    (memcmp(body, "\xfe\xff", 2) == 0 ||
	    memcmp(body, "\xff\xfe", 2) == 0))) {
		if (starts_with_ci(body, len, "{") ||
		    starts_with_ci(body, len, "["))
			*cause = xstrdup("a JSON reply, not an RSS or Atom "
			    "feed");
		else
			*cause = xstrdup(len == 0 ? "an empty reply, not a "
			    "feed" : "not an RSS or Atom feed (no XML)");
		return (-1);
	}
	if ((st.xp = XML_ParserCreateNS(NULL, NS_SEP)) == NULL) {
		*cause = xstrdup("cannot create an XML parser");
		return (-1);
	}
	XML_SetUserData(st.xp, &st);
	XML_SetElementHandler(st.xp, on_start, on_end);
	XML_SetCharacterDataHandler(st.xp, on_text);
	XML_SetSkippedEntityHandler(st.xp, on_skipped_entity);
	XML_SetEntityDeclHandler(st.xp, on_entity_decl);
	XML_SetUnknownEncodingHandler(st.xp, on_unknown_encoding, NULL);
	if (run_expat(&st, body, len, cause) != 0 ||
	    feed_items_check_dates(&st.items, cause) != 0)
		goto out;
	feed_items_emit(&st.items, out);
	*generator = generator_text(&st);
	rc = 0;
out:
	XML_ParserFree(st.xp);
	buf_release(&st.text);
	raw_item_release(&st.raw);
	feed_items_release(&st.items);
	free(st.generator);
	free(st.generator_uri);
	free(st.cause);
	return (rc);
}
