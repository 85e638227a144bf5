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


harness.main(globals())
