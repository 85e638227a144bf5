"""Counts near 2^63: refused above 10^15 (COUNT_MAX) from every platform
and from CSV, naming the field; and at the bound every analysis, the
report and the charts give whole, sane numbers (under UBSan in the
sanitizer build, where an overflow or an out-of-range conversion stops
the program)."""
import datetime
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox  # noqa: E402

BOUND = 10 ** 15
INT64_MAX = 2 ** 63 - 1
START = datetime.datetime(2025, 1, 1, 6, tzinfo=datetime.timezone.utc)
AS_OF = '2025-12-31T12:00:00Z'


def iso(t):
    return t.strftime('%Y-%m-%dT%H:%M:%SZ')


def test_import_refuses_counts_past_the_bound():
    with Sandbox() as s:
        head = 'platform,handle,taken_at,followers\n'
        ok = s.write('ok.csv', head + 'x,big,2025-01-01,%d\n' % BOUND)
        s.ok('import', 'followers', ok)
        for n in (BOUND + 1, INT64_MAX, 10 ** 30):
            bad = s.write('bad.csv', head + 'x,big,2025-01-02,%d\n' % n)
            r = s.fails(1, 'import', 'followers', bad)
            assert "bad count '%s' in column 'followers': not a plausible " \
                'count (at most 10^15)' % str(n)[:40] in r.err, r
        assert s.query('SELECT followers FROM follower_snapshots') == \
            [(BOUND,)]


def test_snapshot_refuses_counts_past_the_bound():
    """INT64_MAX followers on Mastodon, a post's likes past the bound on
    X, YouTube's string count: each account fails with the field named,
    nothing of it is stored; Bluesky at the bound itself is stored."""
    server = harness.fake_platform_module()
    with Sandbox() as s, server.FakePlatform() as fp:
        names = harness.track_defaults(s, fp, feeds=False)
        fp.control({'mastodon': {'author@mastodon.example': {
            'followers': INT64_MAX}},
            'bluesky': {'author.bsky.social': {'followers': BOUND}},
            'youtube': {'@exampleauthor': {'followers': INT64_MAX}}})
        fp.add_post(platform='x', handle='example_author', text='huge',
                    age_s=60, likes=BOUND + 1)
        r = s.fails(3, 'snapshot', env=harness.TOKENS)
        for name, field, sent in (
                ('mastodon', 'followers_count', str(INT64_MAX)),
                ('x', 'like_count', str(BOUND + 1)),
                ('youtube', 'subscriberCount', '922')):
            line = [ln for ln in r.err.splitlines() if names[name] in ln]
            assert len(line) == 1, r
            assert "field '%s': %s" % (field, sent) in line[0], line
            assert 'is not a plausible count (at most 10^15)' in line[0], line
        assert names['bluesky'] not in r.err, r
        rows = s.query('SELECT a.platform, f.followers FROM '
                       'follower_snapshots f JOIN accounts a ON '
                       'a.id = f.account_id')
        assert rows == [('bluesky', BOUND)], rows
        assert s.query("SELECT count(*) FROM posts p JOIN accounts a ON "
                       "a.id = p.account_id WHERE a.platform != "
                       "'bluesky'") == [(0,)]
        status = json.loads(s.ok('status', '--format', 'json').out)
        failing = {a['account']: a['last_error'] for a in status['accounts']
                   if a['last_error']}
        assert 'plausible' in failing[names['mastodon']], failing


def bound_history(s):
    """Three accounts at the bound: x growing near 10^15 with a burst,
    mastodon swinging from 0 to 10^15 and back, bluesky leaping from one
    follower to 10^15 after its first month, whose posts of that month
    engage 10^15 times each follower and later ones 10^-15 times (a
    topic index near 10^30); posts whose engagement is 10^15."""
    followers = ['platform,handle,taken_at,followers,following,posts']
    posts = ['platform,handle,post_id,published_at,url,title,tags,kind']
    metrics = ['platform,handle,post_id,taken_at,likes,reposts,replies,'
               'quotes,views,bookmarks']
    for d in range(365):
        t = iso(START + datetime.timedelta(days=d))
        x = BOUND - 10 ** 9 + d * 10 ** 6 + (5 * 10 ** 7 if d > 200 else 0)
        swing = BOUND if d % 20 >= 10 else 0
        tiny = 1 if d < 30 else BOUND
        followers += ['x,bound,%s,%d,%d,%d' % (t, x, BOUND, BOUND),
                      'mastodon,@swing@m.example,%s,%d,,' % (t, swing),
                      'bluesky,tiny.example,%s,%d,,' % (t, tiny)]
    n = 0
    for handle, platform in (('bound', 'x'), ('@swing@m.example',
                                              'mastodon'),
                             ('tiny.example', 'bluesky')):
        for d in range(2, 360, 3):
            n += 1
            pub = START + datetime.timedelta(days=d, hours=3)
            big = d < 30 if platform == 'bluesky' else d % 9 == 2
            posts.append('%s,%s,%d,%s,https://p.example/%d,post %d,%s,post'
                         % (platform, handle, n, iso(pub), n, n,
                            'huge;all' if big else 'small;all'))
            for age in (1, 7, 14):
                e = BOUND if big else 1
                metrics.append('%s,%s,%d,%s,%d,%d,%d,%d,%d,%d' % (
                    platform, handle, n,
                    iso(pub + datetime.timedelta(days=age)), e, e, e, e,
                    e, e))
    for kind, rows in (('followers', followers), ('posts', posts),
                       ('metrics', metrics)):
        s.ok('import', kind, s.write(kind + '.csv', '\n'.join(rows) + '\n'))


def test_analyses_at_the_bound():
    with Sandbox() as s:
        bound_history(s)
        for cmd in ('bursts', 'decay', 'topics'):
            for fmt in ('text', 'json', 'csv'):
                s.ok(cmd, '--as-of', AS_OF, '--format', fmt)
        bursts = json.loads(s.ok('bursts', '--as-of', AS_OF, '--format',
                                 'json').out)
        assert bursts, bursts
        for b in bursts:
            assert 0 < b['gained'] <= BOUND and b['excess'] <= BOUND, b
        topics = json.loads(s.ok('topics', '--as-of', AS_OF, '--format',
                                 'json').out)
        for t in topics:
            assert t['engagement_index'] is None or \
                t['engagement_index'] >= 0, t
            assert 0 <= t['followers_attributed'] < 2 ** 63, t
        assert any(t['engagement_index'] is not None and
                   t['engagement_index'] > 1e29 for t in topics), topics
        for fmt in ('text', 'markdown'):
            s.ok('report', '--as-of', AS_OF, '--format', fmt)
        report = json.loads(s.ok('report', '--as-of', AS_OF, '--format',
                                 'json').out)
        text = json.dumps(report)
        assert 'NaN' not in text and 'Infinity' not in text
        for page in report if isinstance(report, list) else [report]:
            for m in page.get('milestones', []):
                assert m['milestone'] > m['followers'], m
            for a in page['accounts']:
                assert a['followers'] <= BOUND, a
        # The charts' labels and tics at the bound, where gnuplot is.
        for chart in ('growth', 'decay', 'topics', 'engagement'):
            if shutil.which('gnuplot') is not None:
                s.ok('plot', chart, '--as-of', AS_OF, '-o',
                     s.path(chart + '.svg'))


harness.main(globals())
