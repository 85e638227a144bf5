"""The census as of a time: what audience and the chart say as of T is
what was known by T (the follows, losses and returns, each follower's
activity, X's spend), so later data never changes an earlier result;
and the numbers that are differences (unlisted) keep their sign."""
import csv as csvmod
import datetime
import io
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, TOKENS  # noqa: E402

server = harness.fake_platform_module()

KEY = 'newbie@mastodon.example'
SPEC = 'mastodon:@newbie@mastodon.example'
T0 = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.timezone.utc)


def at(day):
    """Noon on that day of December 2026."""
    return (T0 + datetime.timedelta(days=day - 1)).strftime(
        '%Y-%m-%dT%H:%M:%SZ')


def follower(i, last=None):
    return {'id': str(8000 + i), 'acct': 'f%d@s%d.example' % (i, i),
            'follow_id': str(500000 + i), 'last_status_at': last}


def set_list(fp, listed, former=(), **flags):
    patch = {'follower_list': listed, 'former_followers': list(former),
             'followers': len(listed)}
    patch.update(flags)
    fp.control({'mastodon': {KEY: patch}})


def start(fp, s):
    s.ok('track', SPEC, '--api-base', fp.base('mastodon'))


def snapshot(s, day):
    env = dict(TOKENS, TIDELINE_NOW=at(day))
    return s.ok('snapshot', SPEC, '--no-history', env=env)


def audience(s, day):
    rows = json.loads(s.ok('audience', '--as-of', at(day), '-f',
                           'json').out)
    assert len(rows) == 1, rows
    return rows[0]


def test_one_more_listed_than_counted_is_unlisted_minus_one():
    """The platform counts 3 followers, the list read whole has 4 (the
    two are read at different times): unlisted is -1 in json and csv,
    not null (-1 is no sentinel here), and the text says the list
    exceeds the count."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        set_list(fp, [follower(i) for i in (4, 3, 2, 1)], followers=3)
        snapshot(s, 3)
        a = audience(s, 3)
        assert a['followers'] == 3 and a['listed'] == 4, a
        assert a['unlisted'] == -1, a
        csv = s.ok('audience', '--as-of', at(3), '-f', 'csv').out
        header, row = list(csvmod.reader(io.StringIO(csv)))
        assert dict(zip(header, row))['unlisted'] == '-1', row
        text = s.ok('audience', '--as-of', at(3)).out
        assert "unlisted       -1 (listed exceeds the platform's count" \
            in text, text


def trial(fp, s):
    """Three followers on day 3 (8003, 8002, 8001); 8004 comes by day 5;
    8002 leaves, and the weekly walk through the whole list on day 10
    finds it gone; runs on days 5, 10 and 11."""
    a, b = follower(1), follower(2, '2026-10-01')
    c, d = follower(3, '2026-12-01'), follower(4, '2026-12-04')
    start(fp, s)
    set_list(fp, [c, b, a])
    snapshot(s, 3)
    set_list(fp, [d, c, a], [b])
    for day in (5, 10, 11):
        snapshot(s, day)
    return [d, c, a]


def test_a_loss_and_the_return_are_both_counted_and_the_past_stays():
    """8002 leaves (found gone on day 10) and follows again (listed on
    day 12, posting that day). Before the return, as of day 11: 30 days
    +1 -1, one unfollowed. After it every result as of days 5, 10 and 11
    is what it was (the return is not dated by 8002's first listing, nor
    its post of day 12 taken for known on day 5), and as of day 18 both
    the loss and the return count: +2 -1, the loss's reason kept."""
    with Sandbox() as s, server.FakePlatform() as fp:
        rest = trial(fp, s)
        before = {day: audience(s, day) for day in (5, 10, 11)}
        a = before[11]
        assert (a['listed'], a['gained_30d'], a['lost_30d']) == (3, 1, 1), a
        assert a['lost_by_reason']['unfollowed'] == 1, a
        assert before[5]['active_30d'] == 2, before[5]
        set_list(fp, [follower(2, '2026-12-12')] + rest)
        snapshot(s, 12)
        for day in (5, 10, 11):
            assert audience(s, day) == before[day], (day, before[day])
        a = audience(s, 18)
        assert (a['listed'], a['gained_30d'], a['lost_30d']) == (4, 2, 1), a
        assert a['lost_by_reason']['unfollowed'] == 1, a
        assert a['active_30d'] == 3, a
        first = [c for c in a['cohorts'] if c['from'] is None]
        assert first[0]['followed'] == 3, a['cohorts']
        assert first[0]['still_following'] == 2, a['cohorts']
        kept = s.query('SELECT follower, left_reason FROM census_past_lives')
        assert kept == [('8002', 'unfollowed')], kept


def test_audience_refuses_a_window_and_warns_of_a_future_as_of():
    """--since and --until would move only the follower count, not the
    census's numbers: audience refuses them (exit 2, said in its help).
    An --as-of after now is in the future: audience and report say so on
    stderr (the numbers are today's data) and still answer."""
    with Sandbox() as s, server.FakePlatform() as fp:
        trial(fp, s)
        for opt in ('--since', '--until'):
            r = s.fails(2, 'audience', opt, '2026-12-04')
            assert '--since and --until do not apply' in r.err, r.err
        assert '--since and --until are refused' in \
            s.ok('help', 'audience').out
        env = {'TIDELINE_NOW': at(11)}
        for cmd in ('audience', 'report'):
            r = s.ok(cmd, '--as-of', at(20), env=env)
            assert 'is in the future' in r.err, (cmd, r.err)
            r = s.ok(cmd, '--as-of', at(11), env=env)
            assert 'in the future' not in r.err, (cmd, r.err)


BKEY = 'author.bsky.social'
BSKY = 'bluesky:author.bsky.social'


def test_bluesky_activity_checked_later_is_not_known_earlier():
    """Bluesky's activity comes from asking for profiles, a share each
    run; a follower's activity is known at their second check, 30 days
    after the first (runs every 3 days, a third posting daily). Whatever
    is checked later leaves an earlier result as it was: checked and
    active as of each run's day stay what that run knew."""
    with Sandbox() as s, server.FakePlatform() as fp:
        s.ok('track', BSKY, '--api-base', fp.base('bluesky'))

        def run(day):
            fp.control({'bluesky': {BKEY: {'followers': 300,
                'follower_list': [{
                    'did': server.fake_did('follower-%d' % i),
                    'handle': 'f%d.bsky.social' % i,
                    'posts_count': 5 + day if i % 3 == 0 else 5,
                    'follow_ms': 1700000000000 + i * 1000}
                    for i in range(300, 0, -1)]}}})
            s.ok('snapshot', BSKY, '--no-history',
                 env=dict(TOKENS, TIDELINE_NOW=at(day)))

        def activity(day):
            a = json.loads(s.ok('audience', BSKY, '--as-of', at(day),
                                '-f', 'json').out)[0]
            return a['checked'], a['active_30d']
        known = {}
        for day in range(1, 50, 3):
            run(day)
            known[day] = activity(day)
        assert known[31] == (0, None) and known[49][0] == 300, known
        assert 0 < known[40][0] < 300, known
        assert {day: activity(day) for day in known} == known


harness.main(globals())
