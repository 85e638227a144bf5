"""The census's replies replayed: a recorded Bluesky follower list page
(app.bsky.graph.getFollowers, 2023, 50 followers and a "ms::cid" cursor),
a recorded getProfiles reply, and a recorded Mastodon notifications page
(the owner's, with its Link), through the real census adapters, from
../shared/data/real-api (see its SOURCES.md); skipped (exit 77) when that
folder is absent."""
import json
import os
import urllib.parse

from common import Sandbox, ReplayServer, TOKENS, shared_data, harness

PROFILE = '/xrpc/app.bsky.actor.getProfile'
FEED = '/xrpc/app.bsky.feed.getAuthorFeed'
FOLLOWERS = '/xrpc/app.bsky.graph.getFollowers'
PROFILES = '/xrpc/app.bsky.actor.getProfiles'
SPEC = 'bluesky:shinyakato.dev'
DID = 'did:plc:iijrtk7ocored6zuziwmqq3c'


def load(root, name):
    with open(os.path.join(root, name), encoding='utf-8') as f:
        return json.load(f)


def routes(root):
    cursor = load(root, 'bluesky/getFollowers_atprotodart.json')['cursor']
    return [
        {'path': PROFILE, 'body': 'bluesky/getProfile_atprotodart.json'},
        {'path': FEED, 'text': '{"feed": []}'},
        # The recording has one page; the next is the end of the list.
        {'path': FOLLOWERS, 'query': {'actor': DID, 'cursor': cursor},
         'text': '{"followers": []}'},
        {'path': FOLLOWERS, 'query': {'actor': DID, 'cursor': None},
         'body': 'bluesky/getFollowers_atprotodart.json'},
        {'path': PROFILES, 'body': 'bluesky/getProfiles_atprotodart.json'},
    ]


def snapshot(s, now):
    env = dict(TOKENS)
    env['TIDELINE_NOW'] = now
    return s.ok('snapshot', SPEC, '--no-history', '-v', env=env)


def test_bluesky_follower_page_and_profiles():
    """The 50 recorded followers are stored by DID with their handles as
    listed; the recorded cursor goes back percent-encoded and the empty
    page after it ends the list (read whole: 4,945 counted, 50 listed).
    The next run stops at the first page (every follower known) and asks
    getProfiles for a sample of them: the recorded reply holds only the
    account itself, so none of the 25 asked is found, and each is only
    marked asked (no count, no activity), not failed."""
    root = shared_data()
    page = load(root, 'bluesky/getFollowers_atprotodart.json')
    with Sandbox() as s, ReplayServer(routes(root), root) as rs:
        s.ok('track', SPEC, '--api-base', rs.url)
        r = snapshot(s, '2023-05-01T00:00:00Z')
        assert 'census: 50 followers read (the walk through the whole ' \
            'list ended), 0 new, 0 gone' in r.err, r.err
        got = dict(s.query('SELECT follower, handle FROM census_followers'))
        want = {f['did']: f['handle'] for f in page['followers']}
        assert got == want, (len(got), len(want))
        sent = rs.requests(FOLLOWERS)
        assert len(sent) == 2 and 'limit=100' in sent[0]['query'], sent
        assert 'cursor=' + urllib.parse.quote(page['cursor'], safe='') in \
            sent[1]['query'], sent[1]
        a = json.loads(s.ok('audience', SPEC, '--as-of',
                            '2023-05-01T00:00:00Z', '-f', 'json').out)[0]
        assert a['followers'] == 4945 and a['listed'] == 50, a
        assert a['unlisted'] == 4895, a
        r = snapshot(s, '2023-05-02T00:00:00Z')
        assert len(rs.requests(FOLLOWERS)) == 3, rs.requests(FOLLOWERS)
        asked = rs.requests(PROFILES)
        assert len(asked) == 1, asked
        actors = urllib.parse.parse_qs(asked[0]['query'])['actors']
        assert len(actors) == 25 and set(actors) <= set(want), actors
        rows = s.query('SELECT count(*), count(posts), count(active_checked) '
                       'FROM census_followers WHERE activity_read IS NOT '
                       'NULL')
        assert rows == [(25, 0, 0)], rows
        assert not rs.unmatched(), rs.unmatched()


def test_bluesky_profiles_reply_counts_a_follower():
    """The recorded getProfiles reply read as an activity check: when the
    account it holds is itself a follower (here, of another account), its
    postsCount (3,358) and followersCount (4,945) are stored, its
    activity not known yet (a first count says nothing of when)."""
    root = shared_data()
    profile = load(root, 'bluesky/getProfiles_atprotodart.json')[
        'profiles'][0]
    other = 'did:plc:ewvi7nxzyoun6zhxrhs64oiz'
    follower = {k: profile[k] for k in ('did', 'handle', 'displayName',
                                        'avatar', 'indexedAt', 'viewer',
                                        'labels')}
    subject = dict(profile, did=other, handle='other.example.com')
    plan = [
        {'path': PROFILE, 'text': json.dumps(subject)},
        {'path': FEED, 'text': '{"feed": []}'},
        {'path': FOLLOWERS, 'text': json.dumps(
            {'subject': subject, 'followers': [follower]})},
        {'path': PROFILES, 'body': 'bluesky/getProfiles_atprotodart.json'},
    ]
    with Sandbox() as s, ReplayServer(plan, root) as rs:
        spec = 'bluesky:other.example.com'
        s.ok('track', spec, '--api-base', rs.url)
        env = dict(TOKENS)
        for now in ('2023-05-01T00:00:00Z', '2023-05-02T00:00:00Z'):
            env['TIDELINE_NOW'] = now
            s.ok('snapshot', spec, '--no-history', env=env)
        rows = s.query('SELECT follower, handle, posts, followers, '
                       'active_checked FROM census_followers')
        assert rows == [(DID, 'shinyakato.dev', 3358, 4945, None)], rows
        assert len(rs.requests(PROFILES)) == 1


MLOOKUP = '/api/v1/accounts/lookup'
MNOTIFY = '/api/v1/notifications'
MSPEC = 'mastodon:@halcy@icosahedron.website'
MACCOUNT = 'mastodon/account_23972_mastodon_social.json'
MNOTES = 'mastodon/notifications_link_mastodon_social.json'


def mastodon_owner_routes(notes):
    """The account (its recorded Account, id 23972) for the lookup and
    verify_credentials, no posts, a hidden follower list, and the
    notifications: 'notes' with the recorded headers (its Link), then an
    empty page at the Link's max_id."""
    return [
        {'path': MLOOKUP, 'body': MACCOUNT},
        {'path': '/api/v1/accounts/verify_credentials', 'body': MACCOUNT},
        {'path_re': '^/api/v1/accounts/23972/statuses$', 'text': '[]'},
        {'path_re': '^/api/v1/accounts/23972/followers$', 'text': '[]'},
        {'path': MNOTIFY, 'query': {'max_id': '541461666'}, 'text': '[]'},
        {'path': MNOTIFY, 'query': {'max_id': None}, 'text': notes,
         'headers': MNOTES[:-len('.json')] + '.headers.txt'},
    ]


def test_mastodon_owner_notifications_reply():
    """The recorded /api/v1/notifications reply (40 mentions, ids as
    digit strings, times with milliseconds, a Link with rel="next" and
    rel="prev") read as the owner's, with its first three retyped as
    follows: each follower's newest follow time is kept (two accounts),
    the mentions are skipped, the Link's max_id (541461666) is asked
    next, and the newest id read is where the next run stops."""
    root = shared_data()
    notes = load(root, MNOTES)
    for n in notes[:3]:
        n['type'] = 'follow'
        n.pop('status', None)
    with Sandbox() as s, ReplayServer(mastodon_owner_routes(
            json.dumps(notes)), root) as rs:
        s.ok('track', MSPEC, '--api-base', rs.url)
        env = dict(TOKENS, TIDELINE_NOW='2026-04-12T00:00:00Z')
        env['TIDELINE_MASTODON_TOKEN_ICOSAHEDRON_WEBSITE'] = 'a-test-token'
        r = s.ok('snapshot', MSPEC, '--no-history', '-v', env=env)
        assert 'census: 40 notifications read (3 follows, 0 severed ' \
            'relationships)' in r.err, r.err
        sent = rs.requests(MNOTIFY)
        assert len(sent) == 2 and 'max_id=541461666' in sent[1]['query'], \
            sent
        assert 'types%5B%5D=follow' in sent[0]['query'], sent[0]
        got = dict(s.query('SELECT follower, followed_at FROM '
                           'census_follow_times'))
        assert got == {'109446733121874654': '2026-04-11T16:55:10Z',
                       '109446733188999785': '2026-04-10T19:41:15Z'}, got
        assert s.query('SELECT newest, pass_top, cursor FROM '
                       'census_notify') == [('550622655', None, None)]
        assert not rs.unmatched(), rs.unmatched()


harness.main(globals())
