"""tideline snapshot against recorded replies of the real servers kept
beside the project in ../shared/data/real-api (see its SOURCES.md), served
with their recorded status and headers by tests/replay/server.py. Each
test is skipped (exit 77) when that folder is absent; nothing of it is
copied into the repository."""
import json
import os

from common import (Sandbox, ReplayServer, shared_data, snapshot, followers,
                    posts, metrics, errors, harness)

LOOKUP = '/api/v1/accounts/lookup'
STATUSES = r'^/api/v1/accounts/[^/]+/statuses$'
PROFILE = '/xrpc/app.bsky.actor.getProfile'
FEED = '/xrpc/app.bsky.feed.getAuthorFeed'
X_USER = r'^/2/users/by/username/'
X_TWEETS = r'^/2/users/[^/]+/tweets$'


def load(root, name):
    with open(os.path.join(root, name), encoding='utf-8') as f:
        return json.load(f)


def mastodon_routes(root):
    """The test instance's account and two statuses pages; the page the
    second page's Link points to is the end of the list ([], as Mastodon
    sends it), which the recording stops short of."""
    return [
        {'path': LOOKUP, 'body': 'mastodon/accounts_lookup_200.json',
         'headers': 'mastodon/accounts_lookup_200.headers.txt'},
        {'path_re': STATUSES, 'query': {'max_id': '117020580489281910'},
         'body': 'mastodon/account_statuses_page2_link.json',
         'headers': 'mastodon/account_statuses_page2_link.headers.txt'},
        {'path_re': STATUSES, 'query': {'max_id': '117020580452511285'},
         'text': '[]'},
        {'path_re': STATUSES, 'query': {'max_id': None},
         'body': 'mastodon/account_statuses_page1_link.json',
         'headers': 'mastodon/account_statuses_page1_link.headers.txt'},
    ]


def test_mastodon_account_and_pages_through_link():
    root = shared_data()
    spec = 'mastodon:@mastodonpy_test@test.instance'
    with Sandbox() as s, ReplayServer(mastodon_routes(root), root) as rs:
        s.ok('track', spec, '--api-base', rs.url)
        snapshot(s, '2026-08-01T14:00:00Z')
        assert followers(s, spec) == [(0, 0, 0, 0)], followers(s, spec)
        want = {st['id']: st for name in ('account_statuses_page1_link',
                                          'account_statuses_page2_link')
                for st in load(root, 'mastodon/%s.json' % name)}
        got = posts(s, spec)
        assert set(got) == set(want), sorted(got)
        m = metrics(s, spec)
        for pid, st in want.items():
            assert m[pid][:4] == (st['favourites_count'],
                                  st['reblogs_count'], st['replies_count'],
                                  st['quotes_count']), (pid, m[pid])
            assert got[pid][2] == st['url']
        # Paging followed the recorded Link, made this server's.
        assert rs.requests('max_id=117020580489281910')
        assert not rs.unmatched(), rs.unmatched()


def test_mastodon_pinned_page_with_only_prev_link_ends_paging():
    root = shared_data()
    spec = 'mastodon:@mastodonpy_test@test.instance'
    routes = [
        {'path': LOOKUP, 'body': 'mastodon/accounts_lookup_200.json',
         'headers': 'mastodon/accounts_lookup_200.headers.txt'},
        {'path_re': STATUSES, 'body': 'mastodon/account_statuses_pinned.json',
         'headers': 'mastodon/account_statuses_pinned.headers.txt'},
    ]
    with Sandbox() as s, ReplayServer(routes, root) as rs:
        s.ok('track', spec, '--api-base', rs.url)
        snapshot(s, '2026-08-01T14:00:00Z')
        assert list(posts(s, spec)) == ['117020569296803689']
        # rel="prev" is newer posts: never followed.
        assert len(rs.requests('/statuses')) == 1, rs.requests()


def bluesky_routes():
    return [
        {'path': PROFILE, 'body': 'bluesky/getProfile_atprotodart.json'},
        # The recording has one page; the next is the end of the feed.
        {'path': FEED, 'query': {'cursor': '1682809172466::bafyreihdpdn7u'
                                 'iqmshzb2y4o67gzy2aeairq6phuk476k2oidhy2p5'
                                 'dbwu'}, 'text': '{"feed": []}'},
        {'path': FEED, 'query': {'cursor': None},
         'body': 'bluesky/getAuthorFeed_atprotodart.json'},
    ]


def test_bluesky_2023_feed_without_quote_counts():
    root = shared_data()
    spec = 'bluesky:shinyakato.dev'
    with Sandbox() as s, ReplayServer(bluesky_routes(), root) as rs:
        s.ok('track', spec, '--api-base', rs.url)
        snapshot(s, '2023-05-01T00:00:00Z')
        assert followers(s, spec) == [(4945, 31769, 3358, 0)]
        feed = load(root, 'bluesky/getAuthorFeed_atprotodart.json')['feed']
        own = {i['post']['uri'].rsplit('/', 1)[1]: i['post'] for i in feed
               if i['post']['author']['did'] ==
               'did:plc:iijrtk7ocored6zuziwmqq3c' and 'reason' not in i}
        got = posts(s, spec)
        assert set(got) == set(own), (len(got), len(own))
        m = metrics(s, spec)
        for rkey, p in own.items():
            # No quoteCount in 2023: unknown, not 0.
            assert m[rkey][:4] == (p['likeCount'], p['repostCount'],
                                   p['replyCount'], None), (rkey, m[rkey])
            kind = 'reply' if 'reply' in p['record'] else 'post'
            assert got[rkey][1] == kind, (rkey, got[rkey])
        # The "time::cid" cursor went back unchanged, percent-encoded.
        sent = rs.requests('cursor=')
        assert len(sent) == 1 and 'cursor=1682809172466%3A%3Abafyrei' in \
            sent[0]['query'], sent
        assert not rs.unmatched(), rs.unmatched()


def test_bluesky_502_on_a_page_is_retried_keeping_what_was_read():
    root = shared_data()
    spec = 'bluesky:shinyakato.dev'
    routes = bluesky_routes()
    routes.insert(1, {'path': FEED, 'query': {'cursor': '1682809172466::'
                      'bafyreihdpdn7uiqmshzb2y4o67gzy2aeairq6phuk476k2oidhy'
                      '2p5dbwu'}, 'status': 502, 'times': 1,
                      'text': '<html><body>502 Bad Gateway</body></html>',
                      'add_headers': {'Content-Type': 'text/html'}})
    with Sandbox() as s, ReplayServer(routes, root) as rs:
        s.ok('track', spec, '--api-base', rs.url)
        snapshot(s, '2023-05-01T00:00:00Z')
        assert len(rs.requests('cursor=')) == 2
        assert len(posts(s, spec)) == 23
        assert followers(s, spec)[0][0] == 4945


def x_routes(timeline, timeline_headers):
    return [
        {'path_re': X_USER, 'body': 'x/users_by_username_tweepy.json',
         'headers': 'x/users_by_username_tweepy.headers.txt'},
        {'path_re': X_TWEETS, 'body': timeline, 'headers': timeline_headers},
    ]


def test_x_timeline_with_include_errors_keeps_its_posts():
    root = shared_data()
    spec = 'x:twitter'
    routes = x_routes('x/users_id_tweets_200_with_errors_academictwitter.json',
                      'x/users_id_tweets_200_with_errors_academictwitter.'
                      'headers.txt')
    # The recording ends at page one; page two is the timeline's end.
    routes.insert(1, {'path_re': X_TWEETS, 'query': {
        'pagination_token': '7140dibdnow9c7btw3w4sp4d62kxfjas0dxxpk3q5wmr9'},
        'text': '{"meta": {"result_count": 0, "previous_token": '
                '"77qpymm88g5h9vqkluxdnrmaxhecakrbtg9a4rswz0n3v"}}'})
    with Sandbox() as s, ReplayServer(routes, root) as rs:
        s.ok('track', spec, '--api-base', rs.url)
        snapshot(s, '2021-06-03T00:00:00Z')
        # Asked without user.fields: no counts, so none are made up.
        assert followers(s, spec) == [(None, None, None, 0)]
        body = load(root, 'x/users_id_tweets_200_with_errors_academictwitter.'
                    'json')
        assert any(e.get('section') == 'includes' for e in body['errors'])
        want = {t['id']: t['public_metrics'] for t in body['data']}
        m = metrics(s, spec)
        assert set(m) == set(want), (len(m), len(want))
        for tid, pm in want.items():
            assert m[tid][:4] == (pm['like_count'], pm['retweet_count'],
                                  pm['reply_count'], pm['quote_count'])
        assert len(rs.requests('pagination_token=')) == 1
        assert not rs.unmatched(), rs.unmatched()


def test_x_timeline_of_only_errors_fails_the_account_with_its_words():
    root = shared_data()
    spec = 'x:twitter'
    routes = x_routes('x/users_id_tweets_200_errors_only_notfound_'
                      'academictwitter.json', 'x/users_id_tweets_200_errors_'
                      'only_notfound_academictwitter.headers.txt')
    with Sandbox() as s, ReplayServer(routes, root) as rs:
        s.ok('track', spec, '--api-base', rs.url)
        r = snapshot(s, '2021-06-03T00:00:00Z', code=3)
        assert 'Could not find user with id: [1405327120163872777]' in \
            r.err, r
        assert followers(s, spec) == [] and posts(s, spec) == {}
        assert any('Could not find user' in e for e in errors(s))


def test_x_suspended_user_is_a_clear_failure():
    root = shared_data()
    spec = 'x:suspended_one'
    # A suspended user's errors-only reply (HTTP 200, title "Forbidden",
    # type .../resource-not-found), recorded on another route of the user.
    routes = [{'path_re': X_USER, 'body': 'x/users_id_mentions_200_errors_'
               'only_forbidden_academictwitter.json', 'headers': 'x/users_'
               'id_mentions_200_errors_only_forbidden_academictwitter.'
               'headers.txt'}]
    with Sandbox() as s, ReplayServer(routes, root) as rs:
        s.ok('track', spec, '--api-base', rs.url)
        r = snapshot(s, '2022-06-03T00:00:00Z', code=3)
        assert 'User has been suspended: [45648666]' in r.err, r
        assert followers(s, spec) == []


def test_youtube_statistics_only_reply_fails_naming_the_field():
    root = shared_data()
    spec = 'youtube:@mrbeast'
    # Recorded with part=statistics only: no contentDetails, so no
    # uploads playlist, which tideline asks for and needs.
    routes = [{'path': '/youtube/v3/channels',
               'body': 'youtube/channels_list_statistics.json'}]
    with Sandbox() as s, ReplayServer(routes, root) as rs:
        s.ok('track', spec, '--api-base', rs.url)
        r = snapshot(s, '2024-01-01T00:00:00Z', code=3)
        assert "field 'uploads' is missing" in r.err, r


harness.main(globals())
