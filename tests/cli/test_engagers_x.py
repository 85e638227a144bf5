"""Who liked and reposted an X account's tweets: every user read is
billed ($0.010 each), so the lists are read only where the census is
asked for and configured, after the census of the run (which is paid
first), and within what the month's cap leaves; a list the cap cuts
short keeps its place and goes on next month. The fake server holds
the lists in X's shape and paging; the tests check the requests, what
is stored and the month's bill to the micro-dollar."""
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox  # noqa: E402
import test_census_x as cx  # noqa: E402

server = harness.fake_platform_module()

TWEET = '1790000000000000001'
OLD = '1790000000000000002'
FOLLOWERS = 10
ENGAGER_PRICE = 10000          # micro-USD a user read
FOLLOWER_PRICE = 1000          # an owned read (the census's)


def xliker(i, followers=None):
    return {'id': str(7100000 + i), 'handle': 'xl%d' % i,
            'followers': 100 + i if followers is None else followers}


def set_posts(fp, likers, reposters=()):
    """The account's tweets: one of yesterday with these lists (newest
    first), one of 90 days ago that nobody engages with; no others."""
    fp.control({'x': {cx.KEY: {'posts': None}}})
    fp.control({'x': {cx.KEY: {'posts': {
        TWEET: {'created_at': cx.at(-1), 'text': 'a thread', 'kind': 'post',
                'likes': len(likers), 'reposts': len(reposters),
                'replies': 0, 'quotes': 0, 'likers': list(likers),
                'reposters': list(reposters)},
        OLD: {'created_at': cx.at(-90), 'text': 'an old one', 'kind': 'post',
              'likes': 0, 'reposts': 0, 'replies': 0, 'quotes': 0}}}}})


def lists_asked(fp):
    """(path end, query dict) of each engager list request, in order."""
    out = []
    for r in fp.requests('/2/tweets/'):
        path = r['path'].split('?')[0]
        if path.endswith(('/liking_users', '/retweeted_by')):
            out.append((path.rsplit('/', 1)[1],
                        dict(urllib.parse.parse_qsl(r['query']))))
    return out


def engagements(s):
    return s.query('SELECT e.kind, e.actor, e.handle, e.actor_followers, '
                   'e.at_source FROM engagements e JOIN posts p ON p.id = '
                   'e.post_id WHERE p.remote_id = ? ORDER BY e.kind, e.actor',
                   (TWEET,))


def test_read_with_the_census_only_and_billed_after_it():
    """Not asked for: no list is read. Asked for: the census first, then
    the tweet's like and repost lists, each user with their reach, placed
    by the reads (X gives no times); the bill holds the census's owned
    reads and the engagers' user reads."""
    with Sandbox() as s, server.FakePlatform() as fp:
        cx.set_list(fp, cx.newest_first(FOLLOWERS))
        likers = [xliker(i) for i in range(1, 8)]
        reposters = [xliker(50), xliker(51, followers=120000)]
        set_posts(fp, likers, reposters)
        cx.start(fp, s, census=False)
        cx.snapshot(s, 0)
        assert lists_asked(fp) == [], lists_asked(fp)
        assert engagements(s) == []
        s.ok('track', cx.SPEC, '--census', 'full', env=cx.env_at(s, 0))
        fp.clear_requests()
        r = cx.snapshot(s, 0)
        asked = lists_asked(fp)
        assert sorted(a[0] for a in asked) == ['liking_users',
                                               'retweeted_by'], asked
        for _, q in asked:
            assert q['user.fields'] == 'public_metrics', q
            assert 1 <= int(q['max_results']) <= 100, q
        # The census's reads come before the first list's.
        paths = [r['path'] for r in fp.requests('/x/')]
        first_list = min(i for i, p in enumerate(paths)
                         if '/liking_users' in p or '/retweeted_by' in p)
        assert all('/followers' not in p for p in paths[first_list:]), paths
        got = engagements(s)
        want = sorted([('like', e['id'], e['handle'], e['followers'], 'seen')
                       for e in likers] +
                      [('repost', e['id'], e['handle'], e['followers'],
                        'seen') for e in reposters])
        assert got == want, (got, r.err)
        # Followers and the token's check at $0.001, engagers at $0.010.
        reads = FOLLOWERS + len(likers) + len(reposters)
        assert cx.spend(s) == [('2026-10', FOLLOWERS, (FOLLOWERS + 1) *
                                FOLLOWER_PRICE + (len(likers) +
                                                  len(reposters)) *
                                ENGAGER_PRICE)], (cx.spend(s), reads)
        # The next day nobody new: one page each, stopped at the known.
        fp.clear_requests()
        cx.snapshot(s, 1)
        asked = lists_asked(fp)
        assert len(asked) <= 2 and all('pagination_token' not in q
                                       for _, q in asked), asked
        assert engagements(s) == want


def test_the_cap_cuts_a_list_short_and_next_month_goes_on():
    """A cap that leaves room for 30 engager reads after the census: the
    like list of 250 asks for exactly 30, says the cap is spent, keeps
    its place; the month's spend is the cap to the micro-dollar. Next
    month, the cap raised, the list goes on from its place (a pagination
    token), and every liker is stored once."""
    with Sandbox() as s, server.FakePlatform() as fp:
        cx.set_list(fp, cx.newest_first(FOLLOWERS))
        likers = [xliker(i) for i in range(1, 251)]
        set_posts(fp, likers)
        census = (FOLLOWERS + 1) * FOLLOWER_PRICE
        cap = census + 30 * ENGAGER_PRICE
        cx.configure(s, cap='%.3f' % (cap / 1e6))
        s.ok('track', cx.SPEC, '--api-base', fp.base('x'),
             env=cx.env_at(s, 0))
        s.ok('track', cx.SPEC, '--census', 'full', env=cx.env_at(s, 0))
        r = cx.snapshot(s, 0)
        asked = lists_asked(fp)
        likes = [q for p, q in asked if p == 'liking_users']
        assert [q['max_results'] for q in likes] == ['30'], asked
        assert "this month's cap on reads is spent" in r.err, r.err
        assert cx.spend(s) == [('2026-10', FOLLOWERS, cap)], cx.spend(s)
        assert len(engagements(s)) == 30
        # Later the same month: nothing left, nothing asked.
        fp.clear_requests()
        r = cx.snapshot(s, 2)
        assert lists_asked(fp) == [], lists_asked(fp)
        assert cx.spend(s)[-1][2] == cap, cx.spend(s)
        # November, the cap raised: the census's newest page, then the
        # list from its place, to its end.
        cx.configure(s, cap='5')
        fp.clear_requests()
        cx.snapshot(s, 31)
        likes = [q for p, q in lists_asked(fp) if p == 'liking_users']
        assert likes and 'pagination_token' in likes[0], likes
        ids = [row[1] for row in engagements(s)]
        assert len(ids) == len(set(ids))
        assert set(ids) == {e['id'] for e in likers}, len(ids)
        month = [m for m in cx.spend(s) if m[0] == '2026-11']
        # The monthly full walk (its 10 and the token's check), then the
        # 220 likers left.
        assert month == [('2026-11', FOLLOWERS, (FOLLOWERS + 1) *
                          FOLLOWER_PRICE + 220 * ENGAGER_PRICE)], cx.spend(s)


if __name__ == '__main__':
    harness.main(globals())
