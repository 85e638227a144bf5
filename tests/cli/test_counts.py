"""Counts near 2^63: refused above 10^15 (COUNT_MAX) from every platform
and from CSV, naming the field."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox  # noqa: E402

BOUND = 10 ** 15
INT64_MAX = 2 ** 63 - 1


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


harness.main(globals())
