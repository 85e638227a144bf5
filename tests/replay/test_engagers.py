"""The engager lists' replies replayed: a recorded Bluesky getLikes page
(2023, one like with createdAt and indexedAt and a "ms::cid" cursor) and
a recorded getRepostedBy page, through the real engager adapter, from
../shared/data/real-api (see its SOURCES.md); skipped (exit 77) when that
folder is absent. The author feed that names the two posts is written
here (the recordings hold no feed of them); the lists are as recorded."""
import json
import os
import urllib.parse

from common import Sandbox, ReplayServer, TOKENS, shared_data, harness

PROFILE = '/xrpc/app.bsky.actor.getProfile'
FEED = '/xrpc/app.bsky.feed.getAuthorFeed'
FOLLOWERS = '/xrpc/app.bsky.graph.getFollowers'
PROFILES = '/xrpc/app.bsky.actor.getProfiles'
LIKES = '/xrpc/app.bsky.feed.getLikes'
REPOSTS = '/xrpc/app.bsky.feed.getRepostedBy'
QUOTES = '/xrpc/app.bsky.feed.getQuotes'
SPEC = 'bluesky:shinyakato.dev'
DID = 'did:plc:iijrtk7ocored6zuziwmqq3c'


def load(root, name):
    with open(os.path.join(root, name), encoding='utf-8') as f:
        return json.load(f)


def post_view(uri, likes, reposts, when):
    return {'post': {
        'uri': uri, 'cid': 'bafyrei' + uri[-13:],
        'author': {'did': DID, 'handle': 'shinyakato.dev'},
        'record': {'$type': 'app.bsky.feed.post', 'createdAt': when,
                   'text': 'a post'},
        'replyCount': 0, 'repostCount': reposts, 'likeCount': likes,
        'quoteCount': 0, 'indexedAt': when, 'labels': []}}


def routes(root):
    liked = load(root, 'bluesky/getLikes_atprotodart.json')
    shared = load(root, 'bluesky/getRepostedBy_atprotodart.json')
    feed = {'feed': [
        post_view(liked['uri'], 1, 0, '2023-04-02T20:00:00.000Z'),
        post_view(shared['uri'], 0, 1, '2023-04-02T21:00:00.000Z')]}
    return [
        {'path': PROFILE, 'body': 'bluesky/getProfile_atprotodart.json'},
        {'path': FEED, 'text': json.dumps(feed)},
        {'path': FOLLOWERS, 'text': '{"followers": []}'},
        {'path': LIKES, 'query': {'uri': liked['uri'],
                                  'cursor': liked['cursor']},
         'text': '{"likes": []}'},
        {'path': LIKES, 'query': {'uri': liked['uri'], 'cursor': None},
         'body': 'bluesky/getLikes_atprotodart.json'},
        {'path': REPOSTS, 'query': {'uri': shared['uri'],
                                    'cursor': shared['cursor']},
         'text': '{"repostedBy": []}'},
        {'path': REPOSTS, 'query': {'uri': shared['uri'], 'cursor': None},
         'body': 'bluesky/getRepostedBy_atprotodart.json'},
        {'path': QUOTES, 'text': '{"posts": []}'},
        {'path': PROFILES, 'body': 'bluesky/getProfiles_atprotodart.json'},
    ]


def test_bluesky_recorded_likes_and_reposts():
    """The recorded like is stored by its actor's DID and handle with its
    indexedAt (22:47:03.524, before its createdAt), as a record time;
    the recorded cursor goes back percent-encoded and the empty page
    after it ends the list. The recorded repost has no time (seen at the
    read) and takes its reposter's followersCount from the recorded
    getProfiles reply (the reposter is the author himself, 4,945)."""
    root = shared_data()
    liked = load(root, 'bluesky/getLikes_atprotodart.json')
    like = liked['likes'][0]
    shared = load(root, 'bluesky/getRepostedBy_atprotodart.json')
    with Sandbox() as s, ReplayServer(routes(root), root) as rs:
        s.ok('track', SPEC, '--api-base', rs.url)
        env = dict(TOKENS, TIDELINE_NOW='2023-04-05T00:00:00Z')
        s.ok('snapshot', SPEC, '--no-history', env=env)
        rows = s.query('SELECT kind, actor, handle, at, at_source, '
                       'actor_followers FROM engagements ORDER BY kind')
        assert rows == [
            ('like', like['actor']['did'], like['actor']['handle'],
             '2023-04-02T22:47:03Z', 'record', None),
            ('repost', shared['repostedBy'][0]['did'],
             shared['repostedBy'][0]['handle'], '2023-04-05T00:00:00Z',
             'seen', 4945)], rows
        sent = rs.requests(LIKES)
        assert len(sent) == 2, sent
        assert 'cursor=' + urllib.parse.quote(liked['cursor'], safe='') in \
            sent[1]['query'], sent[1]
        assert not rs.unmatched(), rs.unmatched()


harness.main(globals())
