/* Account names: parsing PLATFORM:HANDLE and each platform's normal form. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "platform.h"

static void
check_spec(const char *spec, const char *want)
{
	const struct platform	*p;
	char		*handle = NULL, *cause = NULL, got[512];

	if (account_spec_parse(spec, &p, &handle, &cause) != 0) {
		fprintf(stderr, "'%s' refused: %s\n", spec, cause);
		check_failures++;
		free(cause);
		return;
	}
	snprintf(got, sizeof got, "%s:%s", p->name, handle);
	CHECK_STR(got, want);
	free(handle);
}

static void
check_bad(const char *spec, const char *part)
{
	const struct platform	*p;
	char		*handle = NULL, *cause = NULL;

	if (account_spec_parse(spec, &p, &handle, &cause) == 0) {
		fprintf(stderr, "'%s' accepted as '%s'\n", spec, handle);
		check_failures++;
		free(handle);
		return;
	}
	if (strstr(cause, part) == NULL) {
		fprintf(stderr, "'%s': '%s' lacks '%s'\n", spec, cause, part);
		check_failures++;
	}
	free(cause);
}

int
main(void)
{
	check_spec("x:example_author", "x:example_author");
	check_spec("x:@Example_Author", "x:example_author");
	check_spec("twitter:someone", "x:someone");
	check_spec("X:someone", "x:someone");
	check_spec("mastodon:@author@mastodon.example",
	    "mastodon:@author@mastodon.example");
	check_spec("mastodon:Author@Mastodon.Example",
	    "mastodon:@author@mastodon.example");
	check_spec("bluesky:author.bsky.social", "bluesky:author.bsky.social");
	check_spec("bsky:@Author.Bsky.Social", "bluesky:author.bsky.social");
	check_spec("bluesky:did:plc:z72i7hdynmk6r22z27h6tvur",
	    "bluesky:did:plc:z72i7hdynmk6r22z27h6tvur");
	check_spec("youtube:UC_x5XG1OV2P6uZZ5FSM9Ttw",
	    "youtube:UC_x5XG1OV2P6uZZ5FSM9Ttw");
	check_spec("youtube:@SomeChannel", "youtube:@somechannel");
	check_spec("rss:https://Blog.Example/Feed.xml",
	    "rss:https://blog.example/Feed.xml");
	check_spec("feed:http://example.com/atom", "rss:http://example.com/atom");
	/* One spelling of a feed: no default port, no fragment. */
	check_spec("rss:https://E.example:443/Feed#top",
	    "rss:https://e.example/Feed");
	check_spec("rss:http://e.example:80", "rss:http://e.example");
	check_spec("rss:https://e.example:8443/f?a=B",
	    "rss:https://e.example:8443/f?a=B");
	check_spec("rss:https://e.example/p@x", "rss:https://e.example/p@x");
	check_spec("bluesky:did:web:Example.COM", "bluesky:did:web:example.com");

	check_bad("example_author", "PLATFORM:HANDLE");
	check_bad(":x", "PLATFORM:HANDLE");
	check_bad("myspace:tom", "unknown platform");
	check_bad("x:", "empty");
	check_bad("x:has-dash", "X handle");
	check_bad("x:waytoolonghandle123", "X handle");
	check_bad("mastodon:author", "@user@instance");
	check_bad("mastodon:@author@", "@user@instance");
	check_bad("mastodon:@au thor@m.example", "@user@instance");
	check_bad("bluesky:nodot", "domain handle");
	check_bad("bluesky:foo..bar", "domain handle");
	check_bad("bluesky:a-.b.example", "domain handle");
	check_bad("bluesky:did:plc:ABC", "24 characters");
	check_bad("bluesky:did:plc:z72i7hdynmk6r22z27h6tvu1", "24 characters");
	check_bad("bluesky:did:key:z6Mk", "did:plc:");
	check_bad("mastodon:@a@-x.example", "@user@instance");
	check_bad("rss:https://u:pw@e.example/feed", "user or password");
	check_bad("youtube:UCshort", "channel id");
	check_bad("youtube:plainname", "channel id");
	check_bad("rss:ftp://example.com/feed", "http");
	check_bad("rss:https://exa mple.com/feed", "spaces");
	check_bad("rss:https:///feed", "no host");
	check_bad("rss:https://e.example/\xc3'", "not valid UTF-8");
	check_bad("mastodon:@a\xff@m.example", "not valid UTF-8");
	return (CHECK_DONE());
}
