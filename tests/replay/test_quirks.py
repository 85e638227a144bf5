"""The quirks real servers show in recorded replies (issue 10), each
replayed through snapshot. The bodies here are written in the recorded
shapes (tests/fixtures/real/, ../shared/data/real-api/) with made-up
values, so that each quirk is tested on every run."""
import datetime
import json

from common import (FIXTURES, Sandbox, ReplayServer, snapshot, followers,
                    posts, metrics, harness)

ACCOUNT = 'mastodon/account_109302436954721982_fosstodon.json'
MASTODON = 'mastodon:@schochastics@fosstodon.org'
STATUSES = r'^/api/v1/accounts/[^/]+/statuses$'


def fixture(name):
    with open('%s/%s' % (FIXTURES, name), encoding='utf-8') as f:
        return json.load(f)


def iso_in(seconds, micro=True):
    t = datetime.datetime.now(datetime.timezone.utc) + \
        datetime.timedelta(seconds=seconds)
    return t.strftime('%Y-%m-%dT%H:%M:%S.%fZ' if micro else
                      '%Y-%m-%dT%H:%M:%SZ')


def run_mastodon_account(account, extra_routes=()):
    routes = list(extra_routes) + [
        {'path': '/api/v1/accounts/lookup', 'text': json.dumps(account)},
        {'path_re': STATUSES, 'text': '[]'}]
    with Sandbox() as s, ReplayServer(routes) as rs:
        s.ok('track', MASTODON, '--api-base', rs.url)
        snapshot(s, '2025-07-18T00:00:00Z')
        return followers(s, MASTODON), rs.requests('/lookup')


def test_mastodon_last_status_at_date_timestamp_or_null():
    for value in ('2025-07-17', '2019-11-30T20:02:08.277Z', None):
        account = fixture(ACCOUNT)
        account['last_status_at'] = value
        rows, _ = run_mastodon_account(account)
        assert rows == [(1036, 138, 280, 0)], (value, rows)


def test_mastodon_rate_limit_reset_iso_with_microseconds_is_waited():
    limited = {'path': '/api/v1/accounts/lookup', 'status': 429,
               'times': 1, 'text': '{"error": "Too many requests"}',
               'add_headers': {'X-RateLimit-Limit': '300',
                               'X-RateLimit-Remaining': '0',
                               'X-RateLimit-Reset': iso_in(1)}}
    rows, sent = run_mastodon_account(fixture(ACCOUNT), [limited])
    assert len(sent) == 2 and rows[0][0] == 1036, (sent, rows)


def test_mastodon_quote_without_quotes_count():
    status = fixture('mastodon/status_114620457512351116_fosstodon.json')
    status['quote'] = {'state': 'accepted', 'quoted_status': None}
    routes = [{'path': '/api/v1/accounts/lookup', 'body': ACCOUNT},
              {'path_re': STATUSES, 'text': json.dumps([status])}]
    with Sandbox() as s, ReplayServer(routes, FIXTURES) as rs:
        s.ok('track', MASTODON, '--api-base', rs.url)
        snapshot(s, '2025-06-20T00:00:00Z')
        assert metrics(s, MASTODON)['114620457512351116'][3] is None


def bluesky_post(rkey, when, likes):
    did = 'did:plc:abcdefghijklmnopqrstuvwx'
    return {'post': {
        'uri': 'at://%s/app.bsky.feed.post/%s' % (did, rkey),
        'cid': 'bafyreib' + rkey, 'indexedAt': when,
        'author': {'did': did, 'handle': 'quirks.bsky.social'},
        'record': {'$type': 'app.bsky.feed.post', 'text': 'post ' + rkey,
                   'createdAt': when},
        'replyCount': 0, 'repostCount': 1, 'likeCount': likes}}


def test_bluesky_cursors_of_every_shape_go_back_unchanged():
    cursors = ['2023-05-01T12:00:00.000Z', '3kqz5tmu2ew2a',
               '1682809172466::bafyreihdpdn7uiqmshzb2y4o67gzy2aeairq6phu',
               '25']
    profile = {'did': 'did:plc:abcdefghijklmnopqrstuvwx',
               'handle': 'quirks.bsky.social', 'followersCount': 7}
    feed = '/xrpc/app.bsky.feed.getAuthorFeed'
    routes = [{'path': '/xrpc/app.bsky.actor.getProfile',
               'text': json.dumps(profile)}]
    previous = None
    for i, cursor in enumerate(cursors + [None]):
        body = {'feed': [bluesky_post('3kpost%d' % i,
                                      '2023-05-0%dT10:00:00.000Z' % (5 - i),
                                      i)]}
        if cursor is not None:
            body['cursor'] = cursor
        else:
            body['feed'] = []
        routes.append({'path': feed, 'query': {'cursor': previous},
                       'text': json.dumps(body)})
        previous = cursor
    with Sandbox() as s, ReplayServer(routes) as rs:
        spec = 'bluesky:quirks.bsky.social'
        s.ok('track', spec, '--api-base', rs.url)
        snapshot(s, '2023-05-06T00:00:00Z')
        assert len(posts(s, spec)) == 4, posts(s, spec)
        sent = [r['query'] for r in rs.requests(feed)]
        want = ['', 'cursor=2023-05-01T12%3A00%3A00.000Z',
                'cursor=3kqz5tmu2ew2a', 'cursor=1682809172466%3A%3Abafyrei'
                'hdpdn7uiqmshzb2y4o67gzy2aeairq6phu', 'cursor=25']
        for q, w in zip(sent, want):
            assert (w == '' and 'cursor=' not in q) or ('&' + w) in q, \
                (q, w)
        assert len(sent) == 5 and not rs.unmatched(), rs.requests()


def test_bluesky_ratelimit_reset_epoch_and_policy_are_waited():
    profile = {'did': 'did:plc:abcdefghijklmnopqrstuvwx',
               'handle': 'quirks.bsky.social', 'followersCount': 7}
    reset = int(datetime.datetime.now().timestamp()) + 1
    routes = [
        {'path': '/xrpc/app.bsky.actor.getProfile', 'status': 429,
         'times': 1, 'text': '{"error": "RateLimitExceeded", "message": '
         '"Rate Limit Exceeded"}', 'add_headers': {
             'RateLimit-Limit': '3000', 'RateLimit-Remaining': '0',
             'RateLimit-Reset': str(reset),
             'RateLimit-Policy': '3000;w=300'}},
        {'path': '/xrpc/app.bsky.actor.getProfile',
         'text': json.dumps(profile)},
        {'path': '/xrpc/app.bsky.feed.getAuthorFeed', 'text': '{"feed": []}'}]
    with Sandbox() as s, ReplayServer(routes) as rs:
        spec = 'bluesky:quirks.bsky.social'
        s.ok('track', spec, '--api-base', rs.url)
        snapshot(s, '2023-05-06T00:00:00Z')
        assert followers(s, spec)[0][0] == 7
        assert len(rs.requests('getProfile')) == 2


X_USER = {'data': {'id': '2244994945', 'name': 'Quirks', 'username':
                   'quirks', 'public_metrics': {'followers_count': 10,
                                                'following_count': 2,
                                                'tweet_count': 3,
                                                'listed_count': 0}}}


def x_tweet(tid, when, likes):
    return {'id': tid, 'text': 'tweet %s' % tid, 'created_at': when,
            'edit_history_tweet_ids': [tid],
            'public_metrics': {'retweet_count': 1, 'reply_count': 0,
                               'like_count': likes, 'quote_count': 0}}


def run_x(timeline_routes, code=0):
    routes = [{'path_re': r'^/2/users/by/username/', 'text':
               json.dumps(X_USER)}] + timeline_routes
    with Sandbox() as s, ReplayServer(routes) as rs:
        s.ok('track', 'x:quirks', '--api-base', rs.url)
        r = snapshot(s, '2021-06-03T00:00:00Z', code=code)
        return r, followers(s, 'x:quirks'), metrics(s, 'x:quirks'), rs


def test_x_200_with_only_errors_fails_the_account_with_x_words():
    body = {'errors': [{'value': '2244994945', 'detail': 'Could not find '
                        'user with id: [2244994945].', 'title':
                        'Not Found Error', 'resource_type': 'user',
                        'parameter': 'id', 'resource_id': '2244994945',
                        'type': 'https://api.twitter.com/2/problems/'
                        'resource-not-found'}]}
    r, rows, m, _ = run_x([{'path_re': r'/tweets$',
                            'text': json.dumps(body)}], code=3)
    assert 'Could not find user with id: [2244994945].' in r.err, r
    assert rows == [] and m == {}


def test_x_suspended_user_forbidden_is_a_clear_message():
    body = {'errors': [{'parameter': 'username', 'resource_id': 'quirks',
                        'value': 'quirks', 'detail': 'User has been '
                        'suspended: [quirks].', 'title': 'Forbidden',
                        'resource_type': 'user', 'type': 'https://api.'
                        'twitter.com/2/problems/resource-not-found'}]}
    routes = [{'path_re': r'^/2/users/by/username/',
               'text': json.dumps(body)}]
    with Sandbox() as s, ReplayServer(routes) as rs:
        s.ok('track', 'x:quirks', '--api-base', rs.url)
        r = snapshot(s, '2021-06-03T00:00:00Z', code=3)
        assert 'User has been suspended: [quirks].' in r.err, r


def test_x_include_errors_keep_posts_and_page_two_has_previous_token():
    page1 = {'data': [x_tweet('1400000000000000002',
                              '2021-06-02T20:30:10.000Z', 5)],
             'errors': [{'resource_id': 'someone', 'parameter':
                         'entities.mentions.username', 'resource_type':
                         'user', 'section': 'includes', 'title':
                         'Authorization Error', 'value': 'someone',
                         'detail': 'Sorry, you are not authorized to see '
                         'the user with entities.mentions.username: '
                         '[someone].', 'type': 'https://api.twitter.com/2/'
                         'problems/not-authorized-for-resource'}],
             'meta': {'result_count': 1, 'next_token': 'tok2'}}
    page2 = {'data': [x_tweet('1400000000000000001',
                              '2021-06-02T10:00:00.000Z', 7)],
             'meta': {'result_count': 1, 'previous_token': 'tok1',
                      'next_token': 'tok3'}}
    page3 = {'meta': {'result_count': 0, 'previous_token': 'tok2'}}
    r, rows, m, rs = run_x([
        {'path_re': r'/tweets$', 'query': {'pagination_token': 'tok3'},
         'text': json.dumps(page3)},
        {'path_re': r'/tweets$', 'query': {'pagination_token': 'tok2'},
         'text': json.dumps(page2)},
        {'path_re': r'/tweets$', 'query': {'pagination_token': None},
         'text': json.dumps(page1)}])
    assert rows == [(10, 2, 3, 0)], rows
    assert {k: v[0] for k, v in m.items()} == {
        '1400000000000000002': 5, '1400000000000000001': 7}, m
    assert len(rs.requests('/tweets')) == 3 and not rs.unmatched()


def test_youtube_2019_video_with_dislikes_and_quoted_etags():
    channel = fixture('youtube/channels_UCWJ2lWNubArHWmf3FIHbfcQ_2019.json')
    uploads = {'kind': 'youtube#playlistItemListResponse',
               'etag': '"Bdx4f4ps3xCOOo1WZ91nTLkRZ_c/aaaa"',
               'items': [{'kind': 'youtube#playlistItem',
                          'etag': '"Bdx4f4ps3xCOOo1WZ91nTLkRZ_c/bbbb"',
                          'contentDetails': {
                              'videoId': 'AbCdEfGhIjK',
                              'videoPublishedAt': '2019-08-30T12:00:00.000Z'
                          }}]}
    videos = {'kind': 'youtube#videoListResponse',
              'etag': '"Bdx4f4ps3xCOOo1WZ91nTLkRZ_c/cccc"',
              'items': [{'kind': 'youtube#video',
                         'etag': '"Bdx4f4ps3xCOOo1WZ91nTLkRZ_c/dddd"',
                         'id': 'AbCdEfGhIjK',
                         'snippet': {'publishedAt': '2019-08-30T12:00:00.000Z',
                                     'title': 'A video'},
                         'statistics': {'viewCount': '8087',
                                        'likeCount': '190',
                                        'dislikeCount': '23',
                                        'favoriteCount': '0',
                                        'commentCount': '32'}}]}
    routes = [{'path': '/youtube/v3/channels', 'text': json.dumps(channel)},
              {'path': '/youtube/v3/playlistItems',
               'text': json.dumps(uploads)},
              {'path': '/youtube/v3/videos', 'text': json.dumps(videos)}]
    with Sandbox() as s, ReplayServer(routes) as rs:
        s.ok('track', 'youtube:@nba', '--api-base', rs.url)
        snapshot(s, '2019-09-01T00:00:00Z')
        assert metrics(s, 'youtube:@nba') == {
            'AbCdEfGhIjK': (190, None, 32, None, 8087, None)}
        assert followers(s, 'youtube:@nba')[0][3] == 1


def run_feed(name, text, now='2024-06-10T00:00:00Z'):
    routes = [{'path': '/' + name, 'text': text,
               'add_headers': {'Content-Type': 'application/xml'}}]
    with Sandbox() as s, ReplayServer(routes) as rs:
        spec = 'rss:%s/%s' % (rs.url, name)
        s.ok('track', spec)
        snapshot(s, now)
        return posts(s, spec)


RSS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">'
            '<channel><title>Quirks</title><link>https://quirks.example/'
            '</link>\n')
RSS_TAIL = '</channel></rss>\n'


def rss_item(guid, link, date, permalink=True):
    return ('<item><title>%s</title><link>%s</link><guid%s>%s</guid>'
            '<pubDate>%s</pubDate></item>\n' % (
                guid, link, '' if permalink else ' isPermaLink="false"',
                guid, date))


def test_feed_repeated_guid_is_one_post():
    # The same item twice, the second time with a tracking query added.
    body = RSS_HEAD + rss_item(
        'https://quirks.example/?p=12', 'https://quirks.example/a/',
        'Mon, 3 Jun 2024 10:00:00 +0000', permalink=False) + rss_item(
        'https://quirks.example/?p=12', 'https://quirks.example/a/?utm=x',
        'Mon, 3 Jun 2024 10:00:00 +0000', permalink=False) + RSS_TAIL
    got = run_feed('feed.xml', body)
    assert list(got) == ['https://quirks.example/?p=12'], got
    assert got['https://quirks.example/?p=12'][2] == \
        'https://quirks.example/a/'


def test_feed_link_blog_entry_is_known_by_its_atom_id():
    entry = ('<entry><title>On %s</title><id>tag:quirks.example,2024:/'
             'linked/%s</id><link rel="alternate" type="text/html" '
             'href="https://elsewhere.example/story"/><link rel="related" '
             'type="text/html" href="https://quirks.example/linked/%s"/>'
             '<published>2024-06-0%sT10:00:00Z</published><updated>'
             '2024-06-0%sT10:00:00Z</updated></entry>\n')
    body = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://'
            'www.w3.org/2005/Atom"><title>Quirks</title><id>https://quirks.'
            'example/</id><updated>2024-06-05T10:00:00Z</updated>\n' +
            entry % ('one', '1', '1', '1', '1') +
            entry % ('two', '2', '2', '2', '2') + '</feed>\n')
    got = run_feed('feed.atom', body)
    # Two posts that link to the same story stay two posts.
    assert sorted(got) == ['tag:quirks.example,2024:/linked/1',
                           'tag:quirks.example,2024:/linked/2'], got


def test_feed_dates_with_varying_offsets_and_one_digit_days():
    body = RSS_HEAD + rss_item(
        'https://quirks.example/a/', 'https://quirks.example/a/',
        'Mon, 3 Jun 2024 10:00:00 -0700') + rss_item(
        'https://quirks.example/b/', 'https://quirks.example/b/',
        'Tue, 04 Jun 2024 10:00:00 +0200') + rss_item(
        'https://quirks.example/c/', 'https://quirks.example/c/',
        'Wed, 5 Jun 2024 10:00:00 GMT') + RSS_TAIL
    got = run_feed('feed.xml', body)
    assert {k: v[3] for k, v in got.items()} == {
        'https://quirks.example/a/': '2024-06-03T17:00:00Z',
        'https://quirks.example/b/': '2024-06-04T08:00:00Z',
        'https://quirks.example/c/': '2024-06-05T10:00:00Z'}, got


def test_feed_named_atom_that_is_rss():
    body = RSS_HEAD + rss_item(
        'https://quirks.example/a/', 'https://quirks.example/a/',
        'Mon, 3 Jun 2024 10:00:00 +0000') + RSS_TAIL
    got = run_feed('index.atom', body)
    assert list(got) == ['https://quirks.example/a/'], got


harness.main(globals())
