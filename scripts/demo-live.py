#!/usr/bin/env python3
"""The demo's live part: start the fake platform server (the one the tests
use, tests/fakeplatform), point the sample's social accounts at it, take a
real `tideline snapshot` over HTTP (with the census of the Mastodon and
Bluesky accounts' followers), show `tideline status` and `tideline
audience`, stop the server.

usage: demo-live.py TIDELINE DATABASE TIME

TIME (ISO 8601, UTC) is when the snapshot is taken, for tideline
(TIDELINE_NOW) and the fake server alike: scripts/demo-run dates it the
day after the sample's last snapshot, so that the census is part of the
sample's history and a report as of that day shows it. The fake accounts
are set to the sample's last follower counts plus the growth of the days
since at the sample's last 30 days' pace, so the live snapshot continues
the history instead of jumping, and hold the sample's posts, so that the
posts asked for by id are found, not taken for deleted. No network
beyond 127.0.0.1, no credentials.
"""
import datetime
import os
import sqlite3
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'fakeplatform'))
import server  # noqa: E402

ACCOUNTS = {   # tideline account -> (fake platform, its state key)
    'x:example_author': ('x', 'example_author'),
    'mastodon:@author@mastodon.example': ('mastodon',
                                          'author@mastodon.example'),
    'bluesky:author.bsky.social': ('bluesky', 'author.bsky.social'),
}


def parse_time(text):
    return datetime.datetime.strptime(text, '%Y-%m-%dT%H:%M:%SZ').replace(
        tzinfo=datetime.timezone.utc)


def followers_at(db, when):
    """{account: its follower count at when}: the last count before it
    plus the growth since at the pace of the 30 days before that count."""
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            'SELECT account, followers, taken_at FROM latest_followers '
            'WHERE followers IS NOT NULL').fetchall()
        out = {}
        for account, followers, taken in rows:
            last = parse_time(taken)
            before = con.execute(
                'SELECT followers, day FROM daily_followers WHERE '
                "account = ? AND day <= date(?, '-30 days') AND followers "
                'IS NOT NULL ORDER BY day DESC LIMIT 1',
                (account, taken)).fetchone()
            per_day = 0.0
            if before is not None:
                days = (last.date() - datetime.date.fromisoformat(
                    before[1])).days
                per_day = max(0.0, (followers - before[0]) / days)
            since = max(0.0, (when - last).total_seconds() / 86400)
            out[account] = followers + round(per_day * since)
        return out
    finally:
        con.close()


def sample_posts(db):
    """{account: {post id: post}}: the sample's posts, for the fake
    server to hold as the platform does, with their newest counts. The
    snapshot asks for stored posts by id (their numbers are due); a post
    the server did not know would be one deleted on the platform."""
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            'SELECT account, post_id, published_at, kind, title, tags, '
            'likes, reposts, replies, quotes, views, bookmarks '
            'FROM post_overview').fetchall()
    finally:
        con.close()
    out = {}
    for (account, pid, published, kind, title, tags, *counts) in rows:
        text = ' '.join([title or ''] + ['#' + t for t in
                                         (tags or '').split(';') if t])
        post = {'created_at': published, 'text': text, 'kind': kind}
        for name, value in zip(('likes', 'reposts', 'replies', 'quotes',
                                'views', 'bookmarks'), counts):
            post[name] = value or 0
        out.setdefault(account, {})[pid] = post
    return out


def follower_list(n, today):
    """n followers for the Mastodon account's census, the newest first:
    a quarter each posted this week, within three months, long ago and
    never, as of the date today."""
    out = []
    for i in range(n, 0, -1):
        ago = (3, 60, 400, None)[i % 4]
        out.append({'id': str(800000 + i),
                    'acct': 'reader%d@fediverse%d.example' % (i, i % 7),
                    'last_status_at': None if ago is None else
                    (today - datetime.timedelta(days=ago)).isoformat()})
    return out


def run(tideline, db, *args, env=None):
    cmd = [tideline, '--db', db] + list(args)
    print('$ tideline ' + ' '.join(args), flush=True)
    return subprocess.run(cmd, env=env).returncode


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: demo-live.py TIDELINE DATABASE TIME')
    tideline, db, when = sys.argv[1], sys.argv[2], sys.argv[3]
    counts = followers_at(db, parse_time(when))
    env = dict(os.environ, TIDELINE_X_BEARER_TOKEN='test-bearer-token',
               TIDELINE_NOW=when)
    with server.FakePlatform(server.default_state(when)) as fp:
        print('fake platform server on %s, its clock and tideline\'s at %s'
              % (fp.url, when), flush=True)
        patch = {}
        posts = sample_posts(db)
        for spec, (platform, key) in ACCOUNTS.items():
            if counts.get(spec) is not None:
                # The Bluesky list follows the count (fakeplatform).
                patch.setdefault(platform, {})[key] = {
                    'followers': counts[spec],
                    'posts': posts.get(spec, {})}
                if platform == 'mastodon':
                    patch[platform][key]['follower_list'] = \
                        follower_list(counts[spec],
                                      parse_time(when).date())
        fp.control(patch)
        for spec, (platform, _) in ACCOUNTS.items():
            if run(tideline, db, 'track', spec, '--api-base',
                   fp.base(platform), env=env) != 0:
                return 1
        rc = run(tideline, db, 'snapshot', *ACCOUNTS, env=env)
        print('snapshot exit status %d (0: every account fetched)' % rc)
        run(tideline, db, 'status', env=env)
        run(tideline, db, 'audience', 'mastodon:@author@mastodon.example',
            'bluesky:author.bsky.social', env=env)
        # Point the accounts back at the real services.
        con = sqlite3.connect(db)
        con.execute('UPDATE accounts SET api_base = NULL')
        con.commit()
        con.close()
    return rc


if __name__ == '__main__':
    sys.exit(main())
