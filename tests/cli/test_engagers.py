"""Who engaged with each post (the census, part 2): snapshot reads the
lists of who liked, reposted and quoted each post of the last 30 days
(and older posts whose counts grew), newest first, down to the first
engager it already knows, within a budget per list and per account,
going on next run where a list was cut short. Bluesky likes and quotes
carry their own times; Mastodon's lists and Bluesky's reposts carry
none, so each engagement is placed between the read that first listed
it and the one before. The fake server holds each post's lists; the
tests change them between runs and check exactly what is stored."""
import datetime
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, TOKENS  # noqa: E402

server = harness.fake_platform_module()

T0 = datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.timezone.utc)
DAY = 86400


def at(days, hours=0):
    return (T0 + datetime.timedelta(days=days, hours=hours)).strftime(
        '%Y-%m-%dT%H:%M:%SZ')


def make(fp, platform, handle, posts, day=0):
    """An account holding exactly these posts ({id: fields}), the world
    at day 'day'; (spec, api base, account id on the server)."""
    fp.control({'now': at(day)})
    acct = fp.control({'platform': platform, 'handle': handle, 'posts': 0,
                       'followers': 40}, 'account')['accounts'][0]
    full = {}
    for pid, p in posts.items():
        q = {'created_at': at(-1), 'text': 'post %s' % pid, 'likes': 0,
             'reposts': 0, 'replies': 0, 'quotes': 0, 'kind': 'post'}
        q.update(p)
        full[pid] = q
    fp.control({platform: {acct['key']: {'posts': full}}})
    return acct['spec'], acct['api_base'], acct['id']


def liker(i, hours_ago=None, day=0, followers=None):
    """Engager i of the explicit lists; Bluesky ids are DIDs."""
    e = {'id': server.fake_did('engager-%d' % i),
         'handle': 'l%d.bsky.social' % i}
    if hours_ago is not None:
        e['at'] = at(day, -hours_ago)
    if followers is not None:
        e['followers'] = followers
    return e


def masto(i, followers=None):
    e = {'id': str(61000 + i), 'handle': 'm%d@remote.example' % i}
    if followers is not None:
        e['followers'] = followers
    return e


def snapshot(s, day, *args, code=0, hours=0):
    env = dict(TOKENS, TIDELINE_NOW=at(day, hours))
    return s.fails(code, 'snapshot', '--no-history', *args, env=env)


def stored(s, kind=None):
    """{(post remote id, kind, actor): (handle, at, at_after, source,
    followers)}."""
    rows = s.query(
        'SELECT p.remote_id, e.kind, e.actor, e.handle, e.at, e.at_after, '
        'e.at_source, e.actor_followers FROM engagements e JOIN posts p ON '
        'p.id = e.post_id')
    return {tuple(r[:3]): tuple(r[3:]) for r in rows
            if kind is None or r[1] == kind}


def list_reads(fp, path):
    return [urllib.parse.parse_qs(q['query']) for q in fp.requests(path)]


def test_bluesky_likes_keep_their_times_and_reposts_their_reach():
    """Likes are stored with their indexedAt ('record'); reposts have no
    time (placed at the read, 'seen') and take their follower counts
    from getProfiles; quotes carry their post's time. The second run
    reads only the first page of each list (it holds known engagers)
    and adds the new like at the top, timed by its record."""
    with Sandbox() as s, server.FakePlatform() as fp:
        likers = [liker(i, hours_ago=i) for i in range(1, 6)]
        spec, base, did = make(fp, 'bluesky', 'eng.bsky.social', {
            '3kpost1aaaa2a': {'likes': 5, 'reposts': 2, 'quotes': 1,
                              'likers': likers,
                              'reposters': [liker(10, followers=120000),
                                            liker(11, followers=7)],
                              'quoters': [liker(12, hours_ago=2)]}})
        s.ok('track', spec, '--api-base', base)
        snapshot(s, 0)
        got = stored(s)
        likes = {k[2]: v for k, v in got.items() if k[1] == 'like'}
        assert set(likes) == {e['id'] for e in likers}, likes
        for e in likers:
            assert likes[e['id']][2:4] == (None, 'record'), likes[e['id']]
            assert likes[e['id']][1].startswith(e['at'][:16]), \
                (likes[e['id']], e['at'])
            assert likes[e['id']][0] == e['handle']
        reposts = {k[2]: v for k, v in got.items() if k[1] == 'repost'}
        assert reposts[liker(10)['id']][3:] == ('seen', 120000), reposts
        assert reposts[liker(11)['id']][3:] == ('seen', 7), reposts
        quotes = {k[2]: v for k, v in got.items() if k[1] == 'quote'}
        assert list(quotes.values())[0][3] == 'record', quotes
        # A new like at the top; the next run's pass stops at the known.
        fp.clear_requests()
        new = liker(20, hours_ago=1, day=1)
        fp.control({'bluesky': {'eng.bsky.social': {'posts': {
            '3kpost1aaaa2a': {'likes': 6, 'likers': [new] + likers}}}}})
        snapshot(s, 1)
        got = stored(s, 'like')
        assert len(got) == 6, got
        row = got[('3kpost1aaaa2a', 'like', new['id'])]
        assert row[3] == 'record' and row[1].startswith(new['at'][:16]), row
        reads = list_reads(fp, 'getLikes')
        assert len(reads) == 1 and 'cursor' not in reads[0], reads


def test_mastodon_lists_page_by_link_and_are_timed_between_reads():
    """favourited_by pages by its Link header (80 a page: 130 likes take
    two pages); no times, so each is 'seen' at the first read, with no
    lower bound but the post; two new favourites on the next run come
    after the first run's read (at_after), and the pass reads one page
    only. Reach (followers_count) is in the list itself."""
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, _ = make(fp, 'mastodon', 'eng@m.example', {
            '111000000000000001': {'likes': 130, 'reposts': 1,
                                   'reposters': [masto(1, 5000)]}})
        s.ok('track', spec, '--api-base', base)
        snapshot(s, 0)
        got = stored(s, 'like')
        assert len(got) == 130, len(got)
        assert {v[3] for v in got.values()} == {'seen'}, got
        assert {v[2] for v in got.values()} <= {None, at(-1)}, \
            {v[2] for v in got.values()}
        pages = list_reads(fp, 'favourited_by')
        assert len(pages) == 2 and 'max_id' in pages[1], pages
        rep = stored(s, 'repost')
        assert rep[('111000000000000001', 'repost', '61001')][4] == 5000, rep
        fp.clear_requests()
        fp.control({'now': at(1)})
        fp.control({'mastodon': {'eng@m.example': {'posts': {
            '111000000000000001': {'likes': 132,
                                   'likers': [masto(2), masto(3)]}}}}})
        snapshot(s, 1)
        got = stored(s, 'like')
        assert len(got) == 132, len(got)
        for i in (2, 3):
            row = got[('111000000000000001', 'like', str(61000 + i))]
            assert row[3] == 'seen' and row[1].startswith(at(1)[:16]), row
            assert row[2] is not None and row[2].startswith(at(0)[:16]), row
        assert len(list_reads(fp, 'favourited_by')) == 1


def test_a_viral_post_stays_within_the_budget_and_goes_on_next_run():
    """A post with 5,000 likes against --engager-requests 10: the run
    sends at most 10 list requests, stores what they read, and keeps
    where the pass stopped; the next runs go on from that cursor (not
    from the top) until the list is read whole."""
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, _ = make(fp, 'bluesky', 'viral.bsky.social', {
            '3kviral1aaa2a': {'likes': 5000}})
        s.ok('track', spec, '--api-base', base)
        r = snapshot(s, 0, '--engager-requests', '10', '-v')
        reads = list_reads(fp, 'getLikes')
        assert 0 < len(reads) <= 10, len(reads)
        assert 'the next run goes on' in r.err, r.err
        first = len(stored(s, 'like'))
        assert first == 100 * len(reads), first
        cursor = s.query('SELECT cursor FROM engager_lists')[0][0]
        assert cursor, cursor
        for day in range(1, 10):
            fp.clear_requests()
            snapshot(s, day, '--engager-requests', '10')
            reads = list_reads(fp, 'getLikes')
            assert 0 < len(reads) <= 10, (day, len(reads))
            assert reads[0].get('cursor') == [cursor], (reads[0], cursor)
            left = s.query('SELECT cursor FROM engager_lists')[0][0]
            if left is None:
                break
            cursor = left
        assert len(stored(s, 'like')) == 5000
        ended = s.query('SELECT ended_at, count FROM engager_lists')
        assert ended[0][0] is not None and ended[0][1] == 5000, ended


def test_a_failed_list_is_said_and_the_others_are_kept():
    """A 500 on one post's likes (after the retries) fails that list
    alone: the run exits 3 naming the account, the post and the status;
    the other post's likes and every list of reposts are stored, and
    the failed list is read on the next run."""
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, did = make(fp, 'bluesky', 'fail.bsky.social', {
            '3kfail1aaaa2a': {'likes': 3},
            '3kgood1aaaa2a': {'likes': 4, 'reposts': 2}})
        s.ok('track', spec, '--api-base', base)
        fp.faults({'match': 'getLikes?uri=at://%s/app.bsky.feed.post/'
                   '3kfail1aaaa2a' % did, 'fault': 'status',
                   'status': 500, 'times': 1})
        r = snapshot(s, 0, '--retries', '0', code=3)
        assert 'the like list of post 3kfail1aaaa2a' in r.err and \
            '500' in r.err, r.err
        # The run is partial, as its exit says.
        assert s.query('SELECT status FROM fetch_runs') == [('partial',)]
        got = stored(s)
        assert {k[0] for k in got if k[1] == 'like'} == {'3kgood1aaaa2a'}
        assert len([k for k in got if k[1] == 'repost']) == 2, got
        fp.clear_faults()
        snapshot(s, 1)
        assert len([k for k in stored(s, 'like')
                    if k[0] == '3kfail1aaaa2a']) == 3


def test_the_hashed_census_hashes_the_engagers_and_off_reads_none():
    """In the hashed mode each engager is a keyed hash of their id, with
    no handle; with the census off no list is asked for at all."""
    with Sandbox() as s, server.FakePlatform() as fp:
        likers = [liker(i, hours_ago=i) for i in range(1, 4)]
        spec, base, _ = make(fp, 'bluesky', 'hash.bsky.social', {
            '3khash1aaaa2a': {'likes': 3, 'likers': likers}})
        env = dict(TOKENS, TIDELINE_NOW=at(0),
                   TIDELINE_CENSUS_KEY='k' * 40)
        s.ok('track', spec, '--api-base', base, '--census', 'hashed',
             env=env)
        s.ok('snapshot', '--no-history', env=env)
        got = stored(s, 'like')
        assert len(got) == 3, got
        ids = {e['id'] for e in likers}
        for k, v in got.items():
            assert k[2] not in ids and v[0] is None, (k, v)
        assert not any(e['handle'] in open(s.db, 'rb').read().decode(
            'latin-1') for e in likers)
        # Off: nothing asked.
        s.ok('track', spec, '--census', 'off')
        fp.clear_requests()
        snapshot(s, 1)
        assert fp.requests('getLikes') == [], fp.requests('getLikes')


def test_switching_to_hashed_hashes_the_engagers_stored():
    """Engagers stored by id and handle in the full mode are replaced by
    their keyed hashes, handles dropped, when the census turns hashed;
    and the next run knows them by hash (its pass stops at them: none is
    stored twice)."""
    with Sandbox() as s, server.FakePlatform() as fp:
        likers = [liker(i, hours_ago=i) for i in range(1, 4)]
        spec, base, _ = make(fp, 'bluesky', 'later.bsky.social', {
            '3klate1aaaa2a': {'likes': 3, 'likers': likers}})
        s.ok('track', spec, '--api-base', base)
        snapshot(s, 0)
        assert {k[2] for k in stored(s, 'like')} == \
            {e['id'] for e in likers}
        env = dict(TOKENS, TIDELINE_CENSUS_KEY='k' * 40)
        s.ok('track', spec, '--census', 'hashed', env=env)
        got = stored(s, 'like')
        assert len(got) == 3, got
        assert not {k[2] for k in got} & {e['id'] for e in likers}, got
        assert {v[0] for v in got.values()} == {None}, got
        env['TIDELINE_NOW'] = at(1)
        s.ok('snapshot', '--no-history', env=env)
        assert len(stored(s, 'like')) == 3, stored(s, 'like')


def test_the_engaged_audience_counts_who_engaged_and_who_follows():
    """audience's engaged_30d: the distinct accounts that engaged with a
    post in the 30 days (three likers of a new post, one of them also a
    reposter: counted once), engaged_followers_30d the two of them the
    census lists as following. An old post's likes, first read today
    with no time of their own, might be from any day since the post:
    they count in neither the 30 nor the 90 days (lower bounds), and a
    90-day old post's engagements count in 90 days once a read bounds
    them there."""
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, _ = make(fp, 'mastodon', 'aud@m.example', {
            '111000000000000010': {'created_at': at(-2), 'likes': 3,
                                   'reposts': 1,
                                   'likers': [masto(1), masto(2), masto(3)],
                                   'reposters': [masto(1)]},
            '111000000000000011': {'created_at': at(-200), 'likes': 2,
                                   'likers': [masto(4), masto(5)]}})
        fp.control({'mastodon': {'aud@m.example': {
            'follower_list': [{'id': '61001', 'acct': 'm1@remote.example'},
                              {'id': '61002', 'acct': 'm2@remote.example'},
                              {'id': '61009', 'acct': 'm9@remote.example'}],
            'followers': 3}}})
        s.ok('track', spec, '--api-base', base)
        snapshot(s, 0)
        # The old post's lists are read too (never read before).
        assert len(stored(s, 'like')) == 5, stored(s, 'like')
        out = s.ok('audience', '--as-of', at(0, 1), '-f', 'json').out
        a = __import__('json').loads(out)[0]
        assert a['engaged_30d'] == 3 and a['engaged_90d'] == 3, a
        assert a['engaged_followers_30d'] == 2, a
        assert a['engaged_since'] is not None, a
        text = s.ok('audience', '--as-of', at(0, 1)).out
        assert 'engaged        3 accounts in 30 days (2 following), 3 in ' \
            '90 days' in text, text
        # Before any list was read: nothing known, null.
        a = __import__('json').loads(s.ok('audience', '--as-of', at(-1),
                                          '-f', 'json').out)[0]
        assert a['engaged_30d'] is None and a['engaged_90d'] is None, a


def test_the_followers_own_trail_names_the_post_that_brought_them():
    """Two posts go out hours apart with the same counts; a burst of 300
    followers follows. Timing and counts cannot tell the two apart, and
    rank the later one first; but 12 of the 20 new followers the census
    listed liked the earlier one before following, and none the later:
    the earlier is top-1, with the evidence in its why, the burst says
    how many new followers its trail holds, and the share is at least
    their part. Without the engager lists (--no-engagers from the start)
    the same history ranks by timing and says so."""
    import json
    for with_lists in (True, False):
        with Sandbox() as s, server.FakePlatform() as fp:
            fans = [masto(100 + i) for i in range(12)]
            others = [masto(200 + i) for i in range(12)]
            spec, base, _ = make(fp, 'mastodon', 'trail@m.example', {
                '111000000000000020': {'created_at': at(-2, 1),
                                       'likes': 12, 'reposts': 3,
                                       'likers': fans},
                '111000000000000021': {'created_at': at(-2, 3),
                                       'likes': 12, 'reposts': 3,
                                       'likers': others}}, day=-3)
            old = [{'id': str(50000 + i), 'acct': 'o%d@x.example' % i}
                   for i in range(5)]
            fp.control({'mastodon': {'trail@m.example': {
                'follower_list': old, 'followers': 1000}}})
            s.ok('track', spec, '--api-base', base)
            rows = ['platform,handle,taken_at,followers']
            for d in range(-60, -3):
                rows.append('mastodon,@trail@m.example,%s,%d' % (
                    at(d), 900 + d + 60))
            s.write('hist.csv', '\n'.join(rows) + '\n')
            s.ok('import', 'followers', s.path('hist.csv'))
            extra = () if with_lists else ('--no-engagers',)
            snapshot(s, -3, *extra)
            # The burst: 300 more, 20 of them listed (the rest are
            # beyond the list's first page in a real account).
            new = [{'id': str(61100 + i), 'acct': 'm%d@remote.example'
                    % (100 + i)} for i in range(12)] + \
                [{'id': str(70000 + i), 'acct': 'n%d@y.example' % i}
                 for i in range(8)]
            fp.control({'now': at(-1)})
            fp.control({'mastodon': {'trail@m.example': {
                'follower_list': new + old, 'followers': 1300}}})
            snapshot(s, -1, *extra)
            fp.control({'now': at(0)})
            snapshot(s, 0, *extra)
            r = s.ok('bursts', '--as-of', at(0, 1), '-f', 'json')
            bursts = [b for b in json.loads(r.out)
                      if b['account'] == spec]
            assert bursts, r.out
            b = bursts[-1]
            top = b["posts"][0]
            if with_lists:
                assert b['new_followers'] == 20, b
                assert b['evidence'] == "followers' engagements", b
                assert top['post_id'] == '111000000000000020', b['posts']
                assert top['engaged_new_followers'] == 12, top
                assert top['why'].startswith(
                    '12 of 20 new followers liked it before following'), \
                    top
                assert top['share'] >= 0.6, top
                second = [p for p in b['posts']
                          if p['post_id'] == '111000000000000021']
                assert second and second[0]['engaged_new_followers'] == 0
            else:
                assert b['new_followers'] is None, b
                assert b['evidence'] == 'timing and counts', b
                assert top['post_id'] == '111000000000000021', b['posts']
                assert top['engaged_new_followers'] is None, top


def test_a_second_life_names_the_account_that_reposted_it():
    """A month-old post is reposted by a large account and 38 others; a
    burst of followers follows. The post is the burst's second life, and
    its why names the account that spread it with its reach (the repost
    has no time of its own: between the two reads that bound it); its
    amplifiers list the reposters of the window, largest reach first."""
    import json
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, _ = make(fp, 'bluesky', 'old.bsky.social', {
            '3kold11aaaa2a': {'created_at': at(-30), 'likes': 5,
                              'reposts': 2}}, day=-5)
        fp.control({'bluesky': {'old.bsky.social': {'followers': 1000}}})
        s.ok('track', spec, '--api-base', base)
        rows = ['platform,handle,taken_at,followers']
        for d in range(-60, -5):
            rows.append('bluesky,old.bsky.social,%s,%d' % (at(d),
                                                          940 + d + 60))
        s.write('hist.csv', '\n'.join(rows) + '\n')
        s.ok('import', 'followers', s.path('hist.csv'))
        snapshot(s, -5)
        fp.control({'now': at(-3)})
        snapshot(s, -3)
        big = dict(liker(900, followers=120000), handle='big.example')
        small = [liker(901 + i, followers=10 + i) for i in range(38)]
        fp.control({'now': at(-1)})
        fp.control({'bluesky': {'old.bsky.social': {
            'followers': 1300, 'posts': {'3kold11aaaa2a': {
                'reposts': 41, 'likes': 60,
                'reposters': small[:20] + [big] + small[20:]}}}}})
        snapshot(s, -1)
        fp.control({'now': at(0)})
        snapshot(s, 0)
        r = s.ok('bursts', '--as-of', at(0, 1), '-f', 'json')
        bursts = [b for b in json.loads(r.out) if b['account'] == spec]
        assert bursts, r.out
        post = [p for p in bursts[-1]['posts']
                if p['post_id'] == '3kold11aaaa2a']
        assert post, bursts[-1]
        post = post[0]
        assert post['why'] == 'reposted by @big.example (120,000 ' \
            'followers) by %s: second life' % at(-1)[:10], post
        amps = post['amplifiers']
        assert amps[0]['account'] == 'big.example' and \
            amps[0]['followers'] == 120000 and amps[0]['kind'] == 'repost', \
            amps
        assert amps[0]['at_is_bound'] is True, amps
        assert [a['followers'] for a in amps] == sorted(
            (a['followers'] for a in amps), reverse=True), amps
        assert len(amps) == 5, amps


harness.main(globals())
