#!/usr/bin/env python3
"""Self-test of the fake platform server (standard library only).

Starts server.py as a subprocess (--port 0 --port-file), checks every
route, every kind of pagination, the control API and every fault, then a
load of 1000 accounts x 3 requests through 32 keep-alive clients with
20 ms latency; then the in-process FakePlatform and SIGTERM. Prints one
line per check and exits 0 if all passed, 1 otherwise.

    python3 tests/fakeplatform/selftest.py [-v]
"""
import gzip
import html
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, 'server.py')
X_AUTH = {'Authorization': 'Bearer test-bearer-token'}
YT_KEY = 'test-api-key'
VERBOSE = '-v' in sys.argv


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        return self.headers.get(name)


class Fake:
    """A running server.py subprocess and a tiny client for it."""

    def __init__(self, *extra):
        self.dir = tempfile.mkdtemp(prefix='fakeplatform-')
        port_file = os.path.join(self.dir, 'port')
        self.proc = subprocess.Popen(
            [sys.executable, SERVER, '--port', '0', '--port-file',
             port_file] + list(extra),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.fullmatch(r'port (\d+)\n', line)
        if not m:
            raise SystemExit('server did not start: %r %s' % (
                line, self.proc.stderr.read()))
        self.port = int(m.group(1))
        with open(port_file) as f:
            assert int(f.read()) == self.port, 'port file differs'
        self.url = 'http://127.0.0.1:%d' % self.port

    def get(self, path, headers=None, method='GET', data=None, timeout=10):
        url = path if path.startswith('http') else self.url + path
        body = json.dumps(data).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, method=method,
                                     headers=headers or {})
        try:
            with OPENER.open(req, timeout=timeout) as r:
                return Reply(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            return Reply(e.code, e.headers, e.read())

    def control(self, path, data=None, method=None):
        method = method or ('POST' if data is not None else 'GET')
        r = self.get('/_control/' + path, method=method, data=data)
        assert r.status == 200, (path, r.status, r.body)
        return r.json()

    def fault(self, **rule):
        self.control('faults', {'rules': [rule]})

    def stop(self):
        self.control('shutdown', {})
        rc = self.proc.wait(10)
        assert rc == 0, 'exit %d: %s' % (rc, self.proc.stderr.read())


# --------------------------------------------------------------------------
# Checks: each takes the Fake and raises AssertionError on failure.

CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


def state_of(f, platform, key):
    return f.control('state?path=' + urllib.parse.quote(
        '%s/%s' % (platform, key)))


def is_sorted_desc(times):
    return all(a >= b for a, b in zip(times, times[1:]))


@check
def mastodon_routes(f):
    r = f.get('/mastodon/api/v1/accounts/lookup?acct=author@mastodon.example')
    assert r.status == 200, r.status
    acct = r.json()
    assert isinstance(acct['id'], str) and acct['followers_count'] == 1482
    for key in ('username', 'acct', 'url', 'display_name', 'created_at',
                'following_count', 'statuses_count', 'last_status_at'):
        assert key in acct, key
    assert re.fullmatch(r'\d{4}-\d\d-\d\d', acct['last_status_at'])
    assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z',
                        r.header('X-RateLimit-Reset')), 'reset not ISO'
    assert r.header('X-RateLimit-Limit') and r.header('X-RateLimit-Remaining')
    bare = f.get('/mastodon/api/v1/accounts/lookup?acct=author').json()
    assert bare['id'] == acct['id']
    assert f.get('/mastodon/api/v1/accounts/lookup?acct=%40author%40'
                 'mastodon.example').json()['id'] == acct['id']
    by_id = f.get('/mastodon/api/v1/accounts/' + acct['id']).json()
    assert by_id['followers_count'] == 1482
    r = f.get('/mastodon/api/v1/accounts/lookup?acct=nobody@x.example')
    assert r.status == 404 and r.json() == {'error': 'Record not found'}
    assert f.get('/mastodon/api/v1/accounts/999').status == 404


@check
def mastodon_pagination(f):
    acct = f.get('/mastodon/api/v1/accounts/lookup?acct=author').json()
    state = state_of(f, 'mastodon', 'author@mastodon.example')
    own = {pid for pid, p in state['posts'].items()
           if p.get('kind') not in ('repost', 'reply')}
    url = '/mastodon/api/v1/accounts/%s/statuses?limit=7&exclude_reblogs=' \
        'true&exclude_replies=true' % acct['id']
    seen, pages = [], 0
    while url:
        r = f.get(url)
        assert r.status == 200
        page = r.json()
        pages += 1
        seen += page
        link = r.header('Link') or ''
        m = re.search(r'<([^>]+)>; rel="next"', link)
        url = m.group(1) if m else None
        if url:
            assert url.startswith(f.url + '/mastodon/api/v1/'), url
            assert 'exclude_reblogs=true' in url and 'max_id=' in url
        assert pages < 20
    ids = [s['id'] for s in seen]
    assert set(ids) == own and len(ids) == len(own), 'statuses differ'
    times = [s['created_at'] for s in seen]
    assert is_sorted_desc(times)
    assert all(re.fullmatch(r'.*T.*\.000Z', t) for t in times)
    s = seen[0]
    for key in ('url', 'uri', 'content', 'replies_count', 'reblogs_count',
                'favourites_count', 'quotes_count', 'in_reply_to_id',
                'reblog', 'tags', 'visibility'):
        assert key in s, key
    linked = [x for x in seen if 'https://blog.example/posts/' in x['content']]
    assert linked, 'no status links to the blog'
    assert 'class="mention hashtag"' in ''.join(x['content'] for x in seen)
    everything = f.get('/mastodon/api/v1/accounts/%s/statuses?limit=40'
                       % acct['id']).json()
    boosts = [x for x in everything if x['reblog']]
    assert boosts and boosts[0]['reblog']['account']['acct'] != 'author'
    assert any(x['in_reply_to_id'] for x in everything), 'no reply'
    many = f.control('account', {'platform': 'mastodon', 'handle':
                                 'many@mastodon.example', 'posts': 50})
    assert len(f.get('/mastodon/api/v1/accounts/%s/statuses?limit=100'
                     % many['accounts'][0]['id']).json()) == 40
    one = f.get('/mastodon/api/v1/statuses/' + ids[3]).json()
    assert one['id'] == ids[3]
    assert f.get('/mastodon/api/v1/statuses/1').status == 404


def follower_pages(f, account_id, max_pages=2000):
    """Every page of an account's follower list, walked by the Link
    header's next URL: [[follower, ...], ...]."""
    url = '/mastodon/api/v1/accounts/%s/followers?limit=80' % account_id
    pages = []
    while url and len(pages) < max_pages:
        r = f.get(url)
        assert r.status == 200, r.status
        pages.append(r.json())
        m = re.search(r'<([^>]+)>; rel="next"', r.header('Link') or '')
        url = m.group(1)[len(f.url):] if m else None
    return pages


@check
def mastodon_followers(f):
    """An explicit follower_list on top of followers_generate generated
    followers: every one listed once, newest follow first, with dates
    spread over a year; a max_id in the middle of the generated part
    costs a page, not the list; the generated ones answer accounts/:id."""
    key = 'author@mastodon.example'
    aid = f.get('/mastodon/api/v1/accounts/lookup?acct=author').json()['id']
    top = [{'id': '71', 'acct': 'new1@a.example'},
           {'id': '72', 'acct': 'new2@b.example'}]
    f.control('state', {'mastodon': {key: {'follower_list': top,
                                           'followers_generate': 1000}}})
    pages = follower_pages(f, aid)
    ids = [x['id'] for page in pages for x in page]
    assert len(ids) == 1002 and len(set(ids)) == 1002, len(ids)
    assert ids[:3] == ['71', '72', '9000000000'], ids[:3]
    assert ids[-1] == '9000000999' and len(pages) == 13, len(pages)
    dates = [x['last_status_at'] for page in pages for x in page[2:]]
    days = {d for d in dates if d is not None}
    assert len(days) > 300, len(days)
    assert 50 < dates.count(None) < 200, dates.count(None)
    again = follower_pages(f, aid)
    assert again == pages, 'a generated list changed between walks'
    f.control('state', {'mastodon': {key: {'followers_generate': 200000}}})
    t = time.time()
    r = f.get('/mastodon/api/v1/accounts/%s/followers?limit=80&'
              'max_id=150001' % aid)
    page = r.json()
    assert [x['id'] for x in page[:2]] == ['9000150000', '9000150001'], \
        [x['id'] for x in page[:2]]
    assert len(page) == 80 and time.time() - t < 0.5
    one = f.get('/mastodon/api/v1/accounts/9000150000').json()
    assert one['acct'] == page[0]['acct'], one
    assert f.get('/mastodon/api/v1/accounts/9000200000').status == 404
    f.control('state', {'mastodon': {key: {'follower_list': None,
                                           'followers_generate': None}}})
    assert follower_pages(f, aid) == [[]]


@check
def mastodon_hidden_and_auth(f):
    f.control('state', {'mastodon': {'author@mastodon.example': {
        'hide_followers': True}}})
    acct = f.get('/mastodon/api/v1/accounts/lookup?acct=author').json()
    assert acct['followers_count'] == -1
    f.control('state', {'mastodon': {'author@mastodon.example': {
        'hide_followers': None}}, 'mastodon_token': 'sekrit'})
    assert f.get('/mastodon/api/v1/accounts/lookup?acct=author').status == 401
    r = f.get('/mastodon/api/v1/accounts/lookup?acct=author',
              {'Authorization': 'Bearer sekrit'})
    assert r.json()['followers_count'] == 1482
    f.control('state', {'mastodon_token': None})


@check
def mastodon_owner_notifications(f):
    """verify_credentials answers the token's own account and 401 for
    another; notifications need it, come newest first, filtered by
    types[], paged by max_id through a Link that keeps the filter."""
    key = 'author@mastodon.example'
    me = {'Authorization': 'Bearer own-token'}
    notes = [{'id': str(10 + i), 'type': 'follow' if i % 3 else 'mention',
              'created_at': '2026-11-0%dT10:00:00Z' % (1 + i % 9),
              'follower': {'id': str(700 + i)}} for i in range(9)]
    notes.append({'id': '30', 'type': 'severed_relationships',
                  'created_at': '2026-11-09T00:00:00Z', 'event': {
                      'id': '5', 'type': 'domain_block',
                      'target_name': 'bad.example', 'followers_count': 3}})
    f.control('state', {'mastodon': {key: {'owner_token': 'own-token',
                                           'notifications': notes}}})
    aid = f.get('/mastodon/api/v1/accounts/lookup?acct=author').json()['id']
    cred = f.get('/mastodon/api/v1/accounts/verify_credentials', me)
    assert cred.status == 200 and cred.json()['id'] == aid, cred.status
    assert 'source' in cred.json()
    bad = {'Authorization': 'Bearer nobody'}
    assert f.get('/mastodon/api/v1/accounts/verify_credentials',
                 bad).status == 401
    assert f.get('/mastodon/api/v1/notifications').status == 401
    q = ('/mastodon/api/v1/notifications?types%5B%5D=follow&'
         'types%5B%5D=severed_relationships&limit=3')
    r = f.get(q, me)
    page = r.json()
    assert [n['id'] for n in page] == ['30', '18', '17'], page
    assert page[0]['event']['target_name'] == 'bad.example'
    assert page[1]['account']['id'] == '708' and \
        page[1]['created_at'].endswith('.000Z'), page[1]
    nxt = r.header('Link').split(';')[0].strip('<>')
    assert 'max_id=17' in nxt and 'types%5B%5D=follow' in nxt, nxt
    rest = f.get(nxt, me).json()
    assert [n['id'] for n in rest] == ['15', '14', '12'], rest
    f.control('state', {'mastodon': {key: {'owner_token': None,
                                           'notifications': None}}})


@check
def bluesky_owner_notifications(f):
    """createSession takes the account's app password (401 otherwise)
    and answers the real shape; listNotifications needs its accessJwt,
    filters by reasons, pages by the indexedAt cursor."""
    key = 'author.bsky.social'
    fol = {'did': 'did:plc:fol', 'handle': 'fol.bsky.social'}
    notes = [{'reason': 'follow' if i % 2 else 'like',
              'indexed_at': '2026-11-0%dT10:00:00Z' % (1 + i),
              'follower': fol} for i in range(5)]
    f.control('state', {'bluesky': {key: {'app_password': 'a-b-c-d',
                                          'notifications': notes}}})
    url = '/bluesky/xrpc/com.atproto.server.createSession'
    ctype = {'Content-Type': 'application/json'}
    bad = f.get(url, ctype, method='POST',
                data={'identifier': key, 'password': 'wrong'})
    assert bad.status == 401 and bad.json() == {
        'error': 'AuthenticationRequired',
        'message': 'Invalid identifier or password'}, bad.json()
    r = f.get(url, ctype, method='POST',
              data={'identifier': key, 'password': 'a-b-c-d'})
    sess = r.json()
    assert r.status == 200 and sess['handle'] == key, sess
    for name in ('did', 'accessJwt', 'refreshJwt', 'didDoc'):
        assert name in sess, name
    assert sess['didDoc']['service'][0]['id'] == '#atproto_pds'
    q = '/bluesky/xrpc/app.bsky.notification.listNotifications'
    assert f.get(q).status == 401
    me = {'Authorization': 'Bearer ' + sess['accessJwt']}
    page = f.get(q + '?reasons=follow&limit=1', me).json()
    assert [n['indexedAt'] for n in page['notifications']] == [
        '2026-11-04T10:00:00.000Z'], page
    n = page['notifications'][0]
    assert n['reason'] == 'follow' and n['author']['did'] == 'did:plc:fol'
    assert n['record']['$type'] == 'app.bsky.graph.follow'
    rest = f.get(q + '?reasons=follow&cursor=' + page['cursor'], me).json()
    assert [n['indexedAt'][:10] for n in rest['notifications']] == [
        '2026-11-02'], rest
    f.control('state', {'bluesky': {key: {
        'app_password': None, 'notifications': None, 'sessions': None,
        'logins': None}}})


@check
def bluesky_routes(f):
    r = f.get('/bluesky/xrpc/app.bsky.actor.getProfile?actor=author.bsky.'
              'social')
    prof = r.json()
    assert prof['did'].startswith('did:plc:')
    assert prof['followersCount'] == 2315
    for key in ('handle', 'displayName', 'followsCount', 'postsCount',
                'createdAt', 'indexedAt'):
        assert key in prof, key
    assert r.header('RateLimit-Policy') == '3000;w=300'
    assert r.header('RateLimit-Reset').isdigit()
    by_did = f.get('/bluesky/xrpc/app.bsky.actor.getProfile?actor='
                   + prof['did']).json()
    assert by_did['handle'] == 'author.bsky.social'
    r = f.get('/bluesky/xrpc/app.bsky.actor.getProfile?actor=no.bsky.social')
    assert r.status == 400 and r.json() == {
        'error': 'InvalidRequest', 'message': 'Profile not found'}
    f.control('state', {'bluesky': {'author.bsky.social': {
        'omit_counts': True}}})
    prof2 = f.get('/bluesky/xrpc/app.bsky.actor.getProfile?actor=author.'
                  'bsky.social').json()
    assert 'followersCount' not in prof2 and 'postsCount' not in prof2
    f.control('state', {'bluesky': {'author.bsky.social': {
        'omit_counts': None}}})


@check
def bluesky_followers_and_profiles(f):
    """getFollowers pages the follower_list (newest first) by cursor and
    leaves the deleted out; getProfiles gives the counts of those it can
    show (at most 25); followers_502_from answers 502 deep in the list."""
    people = [{'did': 'did:plc:%024d' % i, 'handle': 'f%d.bsky.social' % i,
               'posts_count': i} for i in range(7, 0, -1)]
    people[1]['deleted'] = True
    f.control('state', {'bluesky': {'author.bsky.social': {
        'follower_list': people, 'former_followers': [
            {'did': 'did:plc:gone', 'handle': 'gone.bsky.social'}]}}})
    base = '/bluesky/xrpc/app.bsky.graph.getFollowers?actor=author.bsky.' \
        'social&limit=4'
    first = f.get(base).json()
    assert [p['handle'] for p in first['followers']] == [
        'f7.bsky.social', 'f5.bsky.social', 'f4.bsky.social',
        'f3.bsky.social'], first
    assert first['subject']['handle'] == 'author.bsky.social'
    assert 'postsCount' not in first['followers'][0]
    rest = f.get(base + '&cursor=' + urllib.parse.quote(
        first['cursor'])).json()
    assert [p['handle'] for p in rest['followers']] == [
        'f2.bsky.social', 'f1.bsky.social'] and 'cursor' not in rest, rest
    q = '&'.join('actors=' + a for a in ('did:plc:%024d' % 7,
                                         'did:plc:%024d' % 6, 'did:plc:gone'))
    got = f.get('/bluesky/xrpc/app.bsky.actor.getProfiles?' + q).json()
    assert [(p['handle'], p['postsCount']) for p in got['profiles']] == [
        ('f7.bsky.social', 7), ('gone.bsky.social', 5)], got
    many = '&'.join('actors=a%d' % i for i in range(26))
    assert f.get('/bluesky/xrpc/app.bsky.actor.getProfiles?' +
                 many).status == 400
    f.control('state', {'bluesky': {'author.bsky.social': {
        'followers_502_from': 4}}})
    assert f.get(base).status == 200
    assert f.get(base + '&cursor=' + urllib.parse.quote(
        first['cursor'])).status == 502
    f.control('state', {'bluesky': {'author.bsky.social': {
        'followers_502_from': None, 'follower_list': None,
        'former_followers': None}}})


@check
def bluesky_pagination(f):
    base = '/bluesky/xrpc/app.bsky.feed.getAuthorFeed?actor=author.bsky.' \
        'social&limit=10&filter=posts_no_replies'
    state = state_of(f, 'bluesky', 'author.bsky.social')
    expect = {pid for pid, p in state['posts'].items()
              if p.get('kind') != 'reply'}
    items, cursor, pages = [], None, 0
    while True:
        url = base + ('&cursor=' + urllib.parse.quote(cursor) if cursor
                      else '&includePins=true')
        body = f.get(url).json()
        pages += 1
        items += body['feed']
        cursor = body.get('cursor')
        if not cursor:
            break
        assert pages < 20
    pins = [i for i in items if i.get('reason', {}).get('$type') ==
            'app.bsky.feed.defs#reasonPin']
    assert len(pins) == 1 and items[0] is pins[0], 'pin not first'
    reposts = [i for i in items if i.get('reason', {}).get('$type') ==
               'app.bsky.feed.defs#reasonRepost']
    assert reposts and reposts[0]['post']['author']['did'] != \
        reposts[0]['reason']['by']['did']
    own = [i for i in items if 'reason' not in i]
    rkeys = {i['post']['uri'].rsplit('/', 1)[1] for i in own}
    assert len(own) + len(reposts) == len(expect), (len(own), len(expect))
    assert rkeys <= expect
    times = [i['post']['record']['createdAt'] for i in own]
    assert is_sorted_desc(times)
    saw_link = saw_embed = False
    for i in own:
        record = i['post']['record']
        raw = record['text'].encode()
        for facet in record.get('facets', []):
            piece = raw[facet['index']['byteStart']:
                        facet['index']['byteEnd']].decode()
            feat = facet['features'][0]
            if feat['$type'].endswith('#tag'):
                assert piece == '#' + feat['tag'], (piece, feat)
            else:
                assert feat['uri'].startswith('https://')
                saw_link = True
        if 'embed' in i['post']:
            assert i['post']['embed']['$type'] == \
                'app.bsky.embed.external#view'
            saw_embed = True
        for key in ('likeCount', 'repostCount', 'replyCount', 'indexedAt',
                    'cid'):
            assert key in i['post'], key
    assert saw_link and saw_embed, (saw_link, saw_embed)
    uris = [i['post']['uri'] for i in own[:3]]
    got = f.get('/bluesky/xrpc/app.bsky.feed.getPosts?' + urllib.parse
                .urlencode([('uris', u) for u in uris])).json()
    assert [p['uri'] for p in got['posts']] == uris
    r = f.get('/bluesky/xrpc/app.bsky.feed.getPosts?' + urllib.parse
              .urlencode([('uris', uris[0])] * 26))
    assert r.status == 400 and r.json()['error'] == 'InvalidRequest'


@check
def x_routes(f):
    r = f.get('/x/2/users/by/username/example_author')
    assert r.status == 401 and r.json()['title'] == 'Unauthorized'
    r = f.get('/x/2/users/by/username/example_author?user.fields='
              'public_metrics', X_AUTH)
    user = r.json()['data']
    assert user['public_metrics']['followers_count'] == 12847
    assert r.header('x-rate-limit-reset').isdigit()
    assert r.header('x-rate-limit-limit') == '300'
    plain = f.get('/x/2/users/by/username/Example_Author', X_AUTH).json()
    assert 'public_metrics' not in plain['data']
    r = f.get('/x/2/users/by/username/nobody', X_AUTH)
    assert r.status == 200 and 'data' not in r.json()
    assert r.json()['errors'][0]['detail'] == \
        'Could not find user with username: [nobody].'
    fields = 'tweet.fields=created_at,public_metrics,entities,' \
        'referenced_tweets'
    base = '/x/2/users/%s/tweets?max_results=5&exclude=retweets,replies&%s' \
        % (user['id'], fields)
    state = state_of(f, 'x', 'example_author')
    expect = {pid for pid, p in state['posts'].items()
              if p.get('kind') not in ('repost', 'reply')}
    seen, token = [], None
    while True:
        body = f.get(base + ('&pagination_token=' + token if token else ''),
                     X_AUTH).json()
        seen += body.get('data', [])
        assert body['meta']['result_count'] == len(body.get('data', []))
        token = body['meta'].get('next_token')
        if not token:
            break
    assert {t['id'] for t in seen} == expect
    assert is_sorted_desc([t['created_at'] for t in seen])
    linked = [t for t in seen if t.get('entities', {}).get('urls')]
    assert linked, 'no tweet links to the blog'
    for t in linked:
        for u in t['entities']['urls']:
            assert t['text'][u['start']:u['end']] == u['url']
            assert u['url'].startswith('https://t.co/')
            assert u['expanded_url'].startswith('https://blog.example/')
    t = seen[0]
    for key in ('retweet_count', 'reply_count', 'like_count', 'quote_count',
                'bookmark_count', 'impression_count'):
        assert key in t['public_metrics'], key
    assert 'edit_history_tweet_ids' in t
    everything = f.get('/x/2/users/%s/tweets?max_results=100&%s' % (
        user['id'], fields), X_AUTH).json()['data']
    assert any(r['type'] == 'retweeted' for t in everything
               for r in t.get('referenced_tweets', []))
    r = f.get('/x/2/users/%s/tweets?max_results=3' % user['id'], X_AUTH)
    assert r.status == 400
    ids = [seen[0]['id'], '1', seen[1]['id']]
    look = f.get('/x/2/tweets?ids=%s&%s' % (','.join(ids), fields),
                 X_AUTH).json()
    assert [t['id'] for t in look['data']] == [ids[0], ids[2]]
    assert look['errors'][0]['resource_id'] == '1'


@check
def youtube_routes(f):
    q = 'part=statistics,contentDetails,snippet&forHandle=@exampleauthor'
    r = f.get('/youtube/youtube/v3/channels?' + q)
    assert r.status == 403
    r = f.get('/youtube/youtube/v3/channels?%s&key=wrong' % q)
    assert r.status == 400 and r.json()['error']['message'].startswith(
        'API key not valid')
    ch = f.get('/youtube/youtube/v3/channels?%s&key=%s' % (q, YT_KEY)).json()
    item = ch['items'][0]
    assert item['statistics']['subscriberCount'] == '12300'
    assert isinstance(item['statistics']['viewCount'], str)
    assert item['statistics']['hiddenSubscriberCount'] is False
    uploads = item['contentDetails']['relatedPlaylists']['uploads']
    assert uploads == 'UU' + item['id'][2:]
    by_id = f.get('/youtube/youtube/v3/channels?part=statistics&id=%s&key=%s'
                  % (item['id'], YT_KEY)).json()
    assert by_id['items'][0]['id'] == item['id']
    none = f.get('/youtube/youtube/v3/channels?part=statistics&id=UCxxxxxxxx'
                 'xxxxxxxxxxxxxx&key=' + YT_KEY).json()
    assert not none.get('items')
    videos, token = [], None
    while True:
        url = '/youtube/youtube/v3/playlistItems?part=contentDetails,snippet' \
            '&playlistId=%s&maxResults=5&key=%s' % (uploads, YT_KEY)
        body = f.get(url + ('&pageToken=' + token if token else '')).json()
        videos += body['items']
        token = body.get('nextPageToken')
        if not token:
            break
    assert len(videos) == body['pageInfo']['totalResults'] == 12
    ids = [v['contentDetails']['videoId'] for v in videos]
    assert is_sorted_desc([v['contentDetails']['videoPublishedAt']
                           for v in videos])
    stats = f.get('/youtube/youtube/v3/videos?part=statistics,snippet&id=%s'
                  '&key=%s' % (','.join(ids), YT_KEY)).json()['items']
    assert [v['id'] for v in stats] == ids
    assert all(isinstance(v['statistics']['viewCount'], str) for v in stats)
    assert any('likeCount' not in v['statistics'] for v in stats)
    assert any('commentCount' not in v['statistics'] for v in stats)
    assert any(v['snippet'].get('tags') for v in stats)
    r = f.get('/youtube/youtube/v3/videos?part=statistics&id=%s&key=%s' % (
        ','.join(['a'] * 51), YT_KEY))
    assert r.status == 400
    f.control('state', {'youtube': {'@exampleauthor': {
        'hide_followers': True}}})
    hidden = f.get('/youtube/youtube/v3/channels?%s&key=%s' % (
        q, YT_KEY)).json()['items'][0]['statistics']
    assert hidden['hiddenSubscriberCount'] is True
    assert 'subscriberCount' not in hidden
    f.control('state', {'youtube': {'@exampleauthor': {
        'hide_followers': None}}})


@check
def feeds(f):
    state = state_of(f, 'feeds', 'blog')
    titles = {a['url']: a['title'] for a in state['posts'].values()}
    r = f.get('/feeds/blog.xml')
    assert r.status == 200 and 'rss' in r.header('Content-Type')
    raw = r.body.decode()
    assert '&amp;#8217;' in raw and '&#8217;' in raw and '<![CDATA[' in raw
    root = ET.fromstring(r.body)
    items = root.findall('./channel/item')
    assert len(items) == len(titles)
    for item in items:
        link = item.findtext('link')
        assert html.unescape(item.findtext('title')) == titles[link], link
        assert re.fullmatch(r'\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT',
                            item.findtext('pubDate'))
        assert item.findall('category') and item.findtext('guid')
    atom = ET.fromstring(f.get('/feeds/blog.atom').body)
    ns = {'a': 'http://www.w3.org/2005/Atom'}
    entries = atom.findall('a:entry', ns)
    assert len(entries) == len(titles)
    types = set()
    for entry in entries:
        links = [ln for ln in entry.findall('a:link', ns)
                 if ln.get('rel', 'alternate') == 'alternate']
        assert len(links) == 1
        title = entry.find('a:title', ns)
        types.add(title.get('type', 'text'))
        text = title.text
        if title.get('type') == 'html':
            text = html.unescape(text)
        assert text == titles[links[0].get('href')]
        assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)',
                            entry.findtext('a:published', namespaces=ns))
        assert entry.find('a:category', ns).get('term')
    assert types == {'html', 'text'}, types
    wp = f.get('/wp/feed/')
    assert b'<generator>https://wordpress.org/?v=6.4</generator>' in wp.body
    assert len(ET.fromstring(wp.body).findall('./channel/item')) == 10
    assert f.get('/feeds/nope.xml').status == 404
    wpatom = ET.fromstring(f.get('/wp/feed/atom/').body)
    assert len(wpatom.findall('a:entry', ns)) == 10


@check
def wordpress_rest(f):
    seen, page = [], 1
    while True:
        r = f.get('/wp/wp-json/wp/v2/posts?per_page=4&page=%d&_embed' % page)
        assert r.status == 200
        total_pages = int(r.header('X-WP-TotalPages'))
        seen += r.json()
        if page >= total_pages:
            break
        page += 1
    assert len(seen) == int(r.header('X-WP-Total')) == 14
    post = seen[0]
    assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d', post['date_gmt'])
    assert post['date'] != post['date_gmt']
    terms = post['_embedded']['wp:term']
    assert terms[0][0]['taxonomy'] == 'category'
    assert terms[1][0]['taxonomy'] == 'post_tag'
    assert post['categories'] == [t['id'] for t in terms[0]]
    assert any('&#8217;' in p['title']['rendered'] for p in seen)
    r = f.get('/wp/wp-json/wp/v2/posts?per_page=4&page=%d' % (page + 1))
    assert r.status == 400 and r.json()['code'] == \
        'rest_post_invalid_page_number'
    assert f.get('/wp/wp-json/wp/v2/posts?per_page=101').status == 400
    plain = f.get('/wp/wp-json/wp/v2/posts?per_page=1').json()[0]
    assert '_embedded' not in plain
    rr = f.get('/wp/?rest_route=/wp/v2/posts&per_page=2')
    assert len(rr.json()) == 2


@check
def control_api(f):
    f.control('requests', method='DELETE')
    f.control('state', {'x': {'example_author': {'followers': 20000}}})
    user = f.get('/x/2/users/by/username/example_author?user.fields='
                 'public_metrics', X_AUTH).json()['data']
    assert user['public_metrics']['followers_count'] == 20000
    # Add a post (age_s) and bump an old post's reposts: a second life.
    acct = f.get('/mastodon/api/v1/accounts/lookup?acct=author').json()
    added = f.control('post', {'platform': 'mastodon', 'handle':
                               'author@mastodon.example',
                               'text': 'Fresh https://blog.example/x #new',
                               'age_s': 5, 'likes': 1, 'reposts': 2,
                               'replies': 0})
    first = f.get('/mastodon/api/v1/accounts/%s/statuses?limit=1' %
                  acct['id']).json()[0]
    assert first['id'] == added['id'] and first['reblogs_count'] == 2
    assert first['tags'] == [{'name': 'new', 'url':
                              'https://mastodon.example/tags/new'}]
    st = state_of(f, 'mastodon', 'author@mastodon.example')
    oldest = min(st['posts'].items(), key=lambda kv: kv[1]['created_at'])[0]
    f.control('state', {'mastodon': {'author@mastodon.example': {
        'posts': {oldest: {'reposts': 999}}}}})
    assert f.get('/mastodon/api/v1/statuses/' + oldest).json()[
        'reblogs_count'] == 999
    f.control('state', {'mastodon': {'author@mastodon.example': {
        'posts': {oldest: {'likes': None}}}}})
    assert 'favourites_count' not in f.get('/mastodon/api/v1/statuses/' +
                                           oldest).json()
    # Requests are logged with lower-case headers.
    log = f.control('requests')
    assert any(e['headers'].get('authorization') == 'Bearer test-bearer-'
               'token' for e in log)
    assert all(e['path'].startswith('/') and 'time' in e for e in log)
    assert not any(e['path'].startswith('/_control') for e in log)
    assert f.control('requests?match=/statuses/')
    # Many accounts at once; deterministic per handle.
    made = f.control('account', {'platform': 'bluesky', 'count': 3,
                                 'handle': 'user{i}.bsky.social',
                                 'followers': 10, 'posts': 4})['accounts']
    assert [a['key'] for a in made] == ['user0.bsky.social',
                                        'user1.bsky.social',
                                        'user2.bsky.social']
    assert made[0]['api_base'] == f.url + '/bluesky'
    prof = f.get('/bluesky/xrpc/app.bsky.actor.getProfile?actor=user1.bsky.'
                 'social').json()
    assert prof['followersCount'] == 10
    again = f.control('account', {'platform': 'bluesky', 'handle':
                                  'user1.bsky.social', 'followers': 10,
                                  'posts': 4})['accounts'][0]
    assert again['id'] == made[1]['id']
    yt = f.control('account', {'platform': 'youtube', 'handle': '@chan',
                               'followers': 999999})['accounts'][0]
    ch = f.get('/youtube/youtube/v3/channels?part=statistics&id=%s&key=%s' % (
        yt['id'], YT_KEY)).json()
    assert ch['items'][0]['statistics']['subscriberCount'] == '999000'
    fd = f.control('account', {'platform': 'feeds', 'handle': 'other',
                               'posts': 3})['accounts'][0]
    assert len(ET.fromstring(f.get(fd['spec'][4:]).body).findall(
        './channel/item')) == 3
    ws = f.control('account', {'platform': 'wordpress', 'handle': 'site2',
                               'posts': 3})['accounts'][0]
    assert len(f.get(ws['rest']).json()) == 3
    # Replace, then reset.
    f.control('state', {'replace': {'now': '2025-01-01T00:00:00Z'}})
    assert f.get('/mastodon/api/v1/accounts/lookup?acct=author').status == 404
    assert f.control('state')['now'] == '2025-01-01T00:00:00Z'
    f.control('reset', {'now': '2025-06-01T12:00:00Z'})
    st = state_of(f, 'x', 'example_author')
    assert max(p['created_at'] for p in st['posts'].values()) < \
        '2025-06-01T12:00:00Z'
    f.control('reset', {})
    r = f.get('/_control/state', method='POST', data=['not', 'an', 'object'])
    assert r.status == 400


@check
def fault_status_and_times(f):
    path = '/mastodon/api/v1/accounts/lookup?acct=author'
    f.fault(match='accounts/lookup', fault='status', status=503)
    r = f.get(path)
    assert r.status == 503 and 'error' in r.json()
    assert f.get(path).status == 200, 'times=1 not honoured'
    f.fault(match='/x/', fault='status', status=500, body='oops', times=2)
    assert f.get('/x/2/users/by/username/a', X_AUTH).body == b'oops'
    assert f.get('/x/2/users/by/username/a', X_AUTH).status == 500
    assert f.get('/x/2/users/by/username/a', X_AUTH).status == 200
    f.fault(match='getProfile', fault='status', status=404, skip=1)
    bp = '/bluesky/xrpc/app.bsky.actor.getProfile?actor=author.bsky.social'
    assert f.get(bp).status == 200
    r = f.get(bp)
    assert r.status == 404 and r.json()['error'] == 'NotFound'
    f.fault(match='', platform='youtube', fault='status', status=500,
            times=-1)
    yt = '/youtube/youtube/v3/videos?part=statistics&id=a&key=' + YT_KEY
    assert f.get(yt).status == 500 and f.get(yt).status == 500
    assert f.get(yt).json()['error']['code'] == 500
    rules = f.control('faults')['rules']
    assert rules[-1]['hits'] == 3
    f.control('faults', method='DELETE')
    assert f.get(yt).status == 200
    assert f.get('/_control/health').status == 200
    log = f.control('requests')
    assert any(e['fault'] == 'status' and e['status'] == 500 for e in log)


@check
def fault_rate_limit(f):
    f.fault(match='accounts/lookup', fault='rate_limit', reset_in=60)
    r = f.get('/mastodon/api/v1/accounts/lookup?acct=author')
    assert r.status == 429 and r.json() == {'error': 'Too many requests'}
    assert r.header('X-RateLimit-Remaining') == '0'
    assert re.fullmatch(r'\d{4}-.*Z', r.header('X-RateLimit-Reset'))
    f.fault(match='/x/', fault='rate_limit', reset_in=30, retry_after=7)
    r = f.get('/x/2/users/by/username/example_author', X_AUTH)
    assert r.status == 429 and r.header('x-rate-limit-remaining') == '0'
    assert 20 < int(r.header('x-rate-limit-reset')) - time.time() < 40
    assert r.header('Retry-After') == '7'
    f.fault(match='/bluesky/', fault='rate_limit', reset_in=3)
    r = f.get('/bluesky/xrpc/app.bsky.actor.getProfile?actor=author.bsky.'
              'social')
    assert r.status == 429 and r.header('Retry-After') == '3'
    assert r.header('RateLimit-Remaining') == '0'
    assert r.json()['error'] == 'RateLimitExceeded'
    f.fault(match='/youtube/', fault='rate_limit')
    r = f.get('/youtube/youtube/v3/videos?part=statistics&id=a&key=' + YT_KEY)
    assert r.status == 403
    assert r.json()['error']['errors'][0]['reason'] == 'quotaExceeded'


@check
def fault_headers(f):
    huge = '99999999999999999999'
    f.fault(match='accounts/lookup', fault='status', status=429,
            headers={'Retry-After': huge, 'x-ratelimit-reset': 'garbage'})
    r = f.get('/mastodon/api/v1/accounts/lookup?acct=author')
    assert r.status == 429 and r.header('Retry-After') == huge
    assert r.headers.get_all('X-RateLimit-Reset') == ['garbage']
    link = '<http://elsewhere.example/statuses?max_id=1>; rel="next"'
    f.fault(match='/statuses', fault='headers', headers={'Link': link})
    r = f.get('/mastodon/api/v1/accounts/932631241317232593/statuses')
    assert r.status == 200 and len(r.json()) == 20, r.status
    assert r.headers.get_all('Link') == [link]
    f.fault(match='/statuses', fault='headers',
            headers={'Link': None, 'X-Extra': ['1', '2']})
    r = f.get('/mastodon/api/v1/accounts/932631241317232593/statuses')
    assert r.header('Link') is None
    assert r.headers.get_all('X-Extra') == ['1', '2']
    r = f.get('/mastodon/api/v1/accounts/932631241317232593/statuses')
    assert 'rel="next"' in r.header('Link'), 'the rule was used up'


@check
def fault_slow_is_concurrent(f):
    f.fault(match='acct=author', fault='slow', seconds=1.0)
    done = {}

    def slow():
        t = time.time()
        done['status'] = f.get('/mastodon/api/v1/accounts/lookup?acct='
                               'author').status
        done['slow'] = time.time() - t

    th = threading.Thread(target=slow)
    th.start()
    time.sleep(0.1)
    t = time.time()
    assert f.get('/bluesky/xrpc/app.bsky.actor.getProfile?actor=author.'
                 'bsky.social').status == 200
    fast = time.time() - t
    th.join()
    assert done['status'] == 200 and done['slow'] >= 0.95, done
    assert fast < 0.5, 'slow fault blocked another request: %.2f s' % fast


def raw_get(f, path, timeout=5):
    """(status, declared length, bytes read, error) with http.client."""
    conn = http.client.HTTPConnection('127.0.0.1', f.port, timeout=timeout)
    conn.request('GET', path, headers=X_AUTH)
    resp = conn.getresponse()
    declared = int(resp.getheader('Content-Length'))
    try:
        data, err = resp.read(), None
    except http.client.IncompleteRead as e:
        data, err = e.partial, e
    conn.close()
    return resp.status, declared, data, err


@check
def fault_truncate_and_stall(f):
    path = '/mastodon/api/v1/accounts/lookup?acct=author'
    f.fault(match='acct=author', fault='truncate')
    status, declared, data, err = raw_get(f, path)
    assert status == 200 and err is not None and len(data) < declared
    f.fault(match='acct=author', fault='stall', seconds=0.5)
    t = time.time()
    status, declared, data, err = raw_get(f, path)
    assert err is not None and len(data) == declared // 2
    assert time.time() - t >= 0.45
    f.fault(match='acct=author', fault='stall', seconds=0.2, finish=True)
    status, declared, data, err = raw_get(f, path)
    assert err is None and len(data) == declared
    assert f.get(path).status == 200


@check
def fault_bodies(f):
    mp = '/mastodon/api/v1/accounts/lookup?acct=author'
    f.fault(match='acct=author', fault='malformed')
    r = f.get(mp)
    assert r.status == 200
    try:
        json.loads(r.body)
        raise AssertionError('malformed JSON parsed')
    except ValueError:
        pass
    f.fault(match='/feeds/blog.xml', fault='malformed')
    try:
        ET.fromstring(f.get('/feeds/blog.xml').body)
        raise AssertionError('malformed XML parsed')
    except ET.ParseError:
        pass
    f.fault(match='acct=author', fault='wrong_type')
    assert f.get(mp).json()['followers_count'] == 'lots'
    f.fault(match='/statuses', fault='wrong_type', field='reblogs_count',
            value='1,234')
    acct = f.get(mp).json()
    sts = f.get('/mastodon/api/v1/accounts/%s/statuses' % acct['id']).json()
    assert all(s['reblogs_count'] == '1,234' for s in sts)
    f.fault(match='acct=author', fault='missing_field')
    assert 'followers_count' not in f.get(mp).json()
    f.fault(match='/x/', fault='missing_field')
    body = f.get('/x/2/users/by/username/example_author', X_AUTH).json()
    assert 'data' not in body
    f.fault(match='/x/', fault='missing_field', field='id')
    assert 'id' not in f.get('/x/2/users/by/username/example_author',
                             X_AUTH).json()['data']
    f.fault(match='blog.atom', fault='missing_field')
    assert b'<published>' not in f.get('/feeds/blog.atom').body
    f.fault(match='/x/', fault='x_200_errors')
    r = f.get('/x/2/users/by/username/example_author', X_AUTH)
    assert r.status == 200 and 'data' not in r.json()
    assert r.json()['errors'][0]['title'] == 'Not Found Error'
    f.fault(match='/bluesky/', fault='html_error')
    r = f.get('/bluesky/xrpc/app.bsky.actor.getProfile?actor=a')
    assert r.status == 502 and r.header('Content-Type').startswith(
        'text/html') and b'<title>502 Bad Gateway</title>' in r.body
    f.fault(match='/bluesky/', fault='html_error', status=504)
    assert f.get('/bluesky/xrpc/app.bsky.actor.getProfile?actor=a')\
        .status == 504


@check
def fault_huge(f):
    f.fault(match='/statuses', fault='huge', mb=2)
    acct = f.get('/mastodon/api/v1/accounts/lookup?acct=author').json()
    r = f.get('/mastodon/api/v1/accounts/%s/statuses' % acct['id'])
    assert r.status == 200 and len(r.body) >= 2 * 1024 * 1024
    assert int(r.header('Content-Length')) == len(r.body)
    assert isinstance(json.loads(r.body), list)
    f.fault(match='acct=author', fault='huge', mb=1)
    r = f.get('/mastodon/api/v1/accounts/lookup?acct=author')
    assert json.loads(r.body)['followers_count'] == 1482
    f.fault(match='blog.xml', fault='huge', mb=1)
    r = f.get('/feeds/blog.xml')
    assert len(r.body) > 1024 * 1024 and ET.fromstring(r.body).tag == 'rss'
    # A client that gives up early must not hurt the server.
    f.fault(match='blog.xml', fault='huge', mb=64)
    conn = http.client.HTTPConnection('127.0.0.1', f.port, timeout=5)
    conn.request('GET', '/feeds/blog.xml')
    resp = conn.getresponse()
    assert int(resp.getheader('Content-Length')) > 64 * 1024 * 1024
    resp.read(100000)
    conn.close()
    assert f.get('/feeds/blog.xml').status == 200


@check
def fault_redirects(f):
    path = '/mastodon/api/v1/accounts/lookup?acct=author'
    f.fault(match='acct=author', fault='redirect_loop')
    for _ in range(3):
        r = f.get(path)
        assert r.status == 302 and r.header('Location') == f.url + path
    f.control('faults', method='DELETE')
    f.fault(match='/feeds/old.xml', fault='redirect',
            location='/feeds/blog.xml', status=301)
    r = f.get('/feeds/old.xml')
    assert r.status == 301 and r.header('Location') == f.url + \
        '/feeds/blog.xml'
    assert f.get(r.header('Location')).status == 200


@check
def fault_empty_cursor_page(f):
    f.fault(match='cursor=', fault='empty_cursor_page')
    base = '/bluesky/xrpc/app.bsky.feed.getAuthorFeed?actor=author.bsky.' \
        'social&limit=5'
    first = f.get(base).json()
    assert len(first['feed']) == 5 and first['cursor']
    cursor = first['cursor']
    for _ in range(3):
        page = f.get(base + '&cursor=' + urllib.parse.quote(cursor)).json()
        assert page['feed'] == [] and page['cursor'] and \
            page['cursor'] != cursor
        cursor = page['cursor']
    f.control('faults', method='DELETE')


@check
def long_histories(f):
    """2,000 posts on each platform, walked to the end in its own paging
    shape: every post once, newest first, then a last page."""
    def walk(first, pages_of):
        seen, url = [], first
        while url:
            ids, url = pages_of(f.get(url))
            seen += ids
        return seen
    made = {}
    for platform, handle in (('mastodon', 'long@m.example'),
                             ('bluesky', 'long.bsky.social'),
                             ('x', 'long_x'), ('youtube', '@longtube')):
        made[platform] = f.control('account', {
            'platform': platform, 'handle': handle, 'posts': 2000,
            'days': 2000, 'quotes': False})['accounts'][0]
    m = made['mastodon']

    def mastodon_page(r):
        nxt = re.search(r'<([^>]+)>; rel="next"', r.headers.get('Link', ''))
        return [s['id'] for s in r.json()], nxt and nxt.group(1)
    ids = walk('/mastodon/api/v1/accounts/%s/statuses?limit=40' % m['id'],
               mastodon_page)
    assert len(ids) == len(set(ids)) == 2000, len(ids)
    b = made['bluesky']
    base = '/bluesky/xrpc/app.bsky.feed.getAuthorFeed?actor=%s&limit=100' \
        % urllib.parse.quote(b['id'])

    def bluesky_page(r):
        body = r.json()
        nxt = body.get('cursor')
        return ([i['post']['uri'] for i in body['feed']],
                nxt and base + '&cursor=' + urllib.parse.quote(nxt))
    ids = walk(base, bluesky_page)
    assert len(ids) == len(set(ids)) == 2000, len(ids)
    ch = f.get('/youtube/youtube/v3/channels?part=contentDetails&id=%s&key=test-api-'
               'key' % made['youtube']['id']).json()['items'][0]
    base = '/youtube/youtube/v3/playlistItems?part=contentDetails&playlistId=%s' \
        '&maxResults=50&key=test-api-key' % \
        ch['contentDetails']['relatedPlaylists']['uploads']

    def youtube_page(r):
        body = r.json()
        nxt = body.get('nextPageToken')
        return ([i['contentDetails']['videoId'] for i in body['items']],
                nxt and base + '&pageToken=' + nxt)
    ids = walk(base, youtube_page)
    assert len(ids) == len(set(ids)) == 2000, len(ids)


@check
def x_timeline_reaches_3200(f):
    acct = f.control('account', {'platform': 'x', 'handle': 'deep_x',
                                 'posts': 3300, 'days': 3000,
                                 'quotes': False})['accounts'][0]
    auth = {'Authorization': 'Bearer test-bearer-token'}
    base = '/x/2/users/%s/tweets?max_results=100' % acct['id']
    seen, url = 0, base
    while url:
        body = f.get(url, headers=auth).json()
        seen += len(body.get('data', []))
        token = body['meta'].get('next_token')
        url = token and base + '&pagination_token=' + token
    assert seen == 3200, seen


@check
def fault_repeat_cursor_and_rewind(f):
    base = '/bluesky/xrpc/app.bsky.feed.getAuthorFeed?actor=author.bsky.' \
        'social&limit=5'
    first = f.get(base).json()
    f.fault(match='cursor=', fault='repeat_cursor')
    page = f.get(base + '&cursor=' + urllib.parse.quote(first['cursor']))
    assert page.json()['cursor'] == first['cursor'], page.json()['cursor']
    f.fault(match='cursor=', fault='rewind')
    page = f.get(base + '&cursor=' + urllib.parse.quote(first['cursor']))
    assert page.json()['feed'] == first['feed']
    m = '/mastodon/api/v1/accounts/932631241317232593/statuses?limit=5'
    nxt = re.search(r'<([^>]+)>; rel="next"', f.get(m).headers['Link'])
    f.fault(match='max_id=', fault='repeat_cursor')
    again = f.get(nxt.group(1)).headers['Link']
    assert again == '<%s>; rel="next"' % nxt.group(1), again
    f.control('faults', method='DELETE')


@check
def latency_and_http(f):
    f.control('latency', {'ms': 200})
    t = time.time()
    f.get('/feeds/blog.xml')
    assert time.time() - t >= 0.19
    t = time.time()
    f.control('state?path=now')
    assert time.time() - t < 0.15, 'control requests must not be delayed'
    f.control('latency', {'ms': 0})
    # Keep-alive, Connection: close, gzip, HEAD.
    conn = http.client.HTTPConnection('127.0.0.1', f.port, timeout=5)
    for _ in range(3):
        conn.request('GET', '/feeds/blog.xml')
        resp = conn.getresponse()
        assert resp.status == 200 and resp.read()
    conn.request('GET', '/feeds/blog.xml', headers={
        'Accept-Encoding': 'gzip, deflate', 'Connection': 'close'})
    resp = conn.getresponse()
    assert resp.getheader('Content-Encoding') == 'gzip'
    assert resp.getheader('Connection') == 'close'
    assert gzip.decompress(resp.read()).startswith(b'<?xml')
    conn.close()
    log = f.control('requests?match=/feeds/blog.xml')
    assert log[-1]['headers']['accept-encoding'] == 'gzip, deflate'
    r = f.get('/feeds/blog.xml', method='HEAD')
    assert r.status == 200 and r.body == b''


@check
def load_1000_accounts(f):
    """1000 Mastodon accounts x 3 requests, 32 clients, 20 ms latency."""
    t0 = time.time()
    made = f.control('account', {'platform': 'mastodon', 'count': 1000,
                                 'handle': 'u{i}@bench.example',
                                 'posts': 20})['accounts']
    made_s = time.time() - t0
    f.control('latency', {'ms': 20})
    local = threading.local()

    def fetch(acct):
        conn = getattr(local, 'conn', None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection(
                '127.0.0.1', f.port, timeout=30)
        out = []
        for path in ('/mastodon/api/v1/accounts/lookup?acct=' + acct['key'],
                     '/mastodon/api/v1/accounts/%s' % acct['id'],
                     '/mastodon/api/v1/accounts/%s/statuses?limit=40'
                     % acct['id']):
            conn.request('GET', path)
            resp = conn.getresponse()
            resp.read()
            out.append(resp.status)
        return out

    t1 = time.time()
    with ThreadPoolExecutor(32) as pool:
        results = list(pool.map(fetch, made))
    elapsed = time.time() - t1
    f.control('latency', {'ms': 0})
    assert all(s == [200, 200, 200] for s in results)
    print('    1000 accounts made in %.2f s; 3000 requests in %.2f s '
          '(%.0f/s)' % (made_s, elapsed, 3000 / elapsed))
    assert elapsed < 10, 'too slow: %.1f s' % elapsed


def in_process_and_sigterm():
    """FakePlatform in this process; SIGTERM on a subprocess."""
    sys.dont_write_bytecode = True
    sys.path.insert(0, HERE)
    import server
    with server.FakePlatform(latency_ms=0) as fp:
        url = fp.base('x') + '/2/users/by/username/example_author'
        req = urllib.request.Request(url, headers=X_AUTH)
        with urllib.request.urlopen(req, timeout=5) as r:
            assert json.load(r)['data']['username'] == 'example_author'
        fp.control({'x': {'example_author': {'followers': 3}}})
        fp.faults({'match': '/x/', 'fault': 'status', 'status': 503})
        try:
            urllib.request.urlopen(req, timeout=5)
            raise AssertionError('fault not applied')
        except urllib.error.HTTPError as e:
            assert e.code == 503
        assert fp.requests('/x/')[-1]['status'] == 503
        assert fp.state('x/example_author')['followers'] == 3
        made = fp.add_account(platform='x', handle='bench1', followers=5)
        assert made[0]['spec'] == 'x:bench1'
    proc = subprocess.Popen([sys.executable, SERVER], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().startswith('port ')
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(10) == 0
    assert proc.stderr.read() == ''


def main():
    t0 = time.time()
    f = Fake()
    failed = 0
    for fn in CHECKS:
        t = time.time()
        try:
            fn(f)
            status = 'ok'
        except Exception as e:            # report every check
            import traceback
            failed += 1
            status = 'FAIL'
            traceback.print_exc()
        finally:
            try:
                f.control('faults', method='DELETE')
            except Exception:
                pass
        print('%-4s %-28s %.2f s' % (status, fn.__name__, time.time() - t))
    try:
        f.stop()
        in_process_and_sigterm()
        print('ok   in_process_and_sigterm')
    except Exception:
        import traceback
        traceback.print_exc()
        failed += 1
        print('FAIL in_process_and_sigterm')
    stderr = f.proc.stderr.read()
    if stderr:
        print('server stderr:\n' + stderr)
        failed += 1
    print('%d checks, %d failed, %.1f s' % (len(CHECKS) + 1, failed,
                                            time.time() - t0))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
