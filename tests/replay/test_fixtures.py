"""tideline snapshot against the project's own recorded replies of real
servers (tests/fixtures/real/, provenance in its README.md), served with
their recorded headers by tests/replay/server.py. Always run."""
from common import (FIXTURES, Sandbox, ReplayServer, snapshot, followers,
                    posts, metrics, links, harness)

STATUS = 'mastodon/status_114620457512351116_fosstodon'
ACCOUNT = 'mastodon/account_109302436954721982_fosstodon'


def test_mastodon_fosstodon_account_and_a_2025_status():
    spec = 'mastodon:@schochastics@fosstodon.org'
    routes = [
        # The recorded GET /api/v1/accounts/:id reply: the same Account
        # entity accounts/lookup answers with.
        {'path': '/api/v1/accounts/lookup', 'body': ACCOUNT + '.json',
         'headers': ACCOUNT + '.headers.txt'},
        # The recorded status, served as a one-status page (no Link: the
        # last page).
        {'path_re': r'^/api/v1/accounts/109302436954721982/statuses$',
         'body': STATUS + '.json', 'headers': STATUS + '.headers.txt',
         'as_list': True},
    ]
    with Sandbox() as s, ReplayServer(routes, FIXTURES) as rs:
        s.ok('track', spec, '--api-base', rs.url)
        snapshot(s, '2025-06-20T00:00:00Z')
        # last_status_at is a bare date here; it is not read.
        assert followers(s, spec) == [(1036, 138, 280, 0)]
        p = posts(s, spec)['114620457512351116']
        assert p[1] == 'post' and p[2] == \
            'https://fosstodon.org/@schochastics/114620457512351116', p
        assert p[3] == '2025-06-03T16:49:43Z', p
        # "quote": null and no quotes_count (a 2025 server): quotes are
        # unknown, not 0.
        assert metrics(s, spec)['114620457512351116'] == \
            (12, 5, 1, None, None, None)
        # The article, once (content and card); not the mention or tag.
        assert links(s, spec) == [
            'https://r-consortium.org/posts/r-consortium-awards-first-round'
            '-of-2025-isc-grants/#bridging-worlds-enhancing-r-igraph-with-'
            'c-core-innovations'], links(s, spec)
        assert not rs.unmatched(), rs.unmatched()


def test_youtube_2019_channel_with_quoted_etags_and_string_counts():
    spec = 'youtube:@nba'
    routes = [
        {'path': '/youtube/v3/channels',
         'body': 'youtube/channels_UCWJ2lWNubArHWmf3FIHbfcQ_2019.json'},
        # Not recorded: an uploads playlist with nothing in it.
        {'path': '/youtube/v3/playlistItems',
         'query': {'playlistId': 'UUWJ2lWNubArHWmf3FIHbfcQ'},
         'text': '{"kind": "youtube#playlistItemListResponse", '
                 '"items": []}'},
    ]
    with Sandbox() as s, ReplayServer(routes, FIXTURES) as rs:
        s.ok('track', spec, '--api-base', rs.url)
        snapshot(s, '2019-09-01T00:00:00Z')
        # Counts are strings; subscribers are marked as rounded.
        assert followers(s, spec) == [(11819219, None, 31266, 1)]
        remote = s.query("SELECT remote_id FROM accounts WHERE "
                         "platform = 'youtube'")
        assert remote == [('UCWJ2lWNubArHWmf3FIHbfcQ',)], remote
        assert not rs.unmatched(), rs.unmatched()


harness.main(globals())
