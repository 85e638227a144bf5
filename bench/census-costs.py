#!/usr/bin/env python3
"""What the audience census costs on each platform, measured: the
requests tideline makes, and how long they take, for a daily run and for
a full walk of an account with 1,000, 10,000 and 100,000 followers.

For each platform with a census (Mastodon and Bluesky) and each size, a
new account of that many followers on the fake server (its generated
list on Mastodon, a list of that length on Bluesky) is tracked and
`tideline snapshot --no-history` runs once a day at the defaults
(TIDELINE_NOW a day apart, --census-requests each platform's default:
250 on Mastodon, 1,000 on Bluesky) until the first full walk is
complete; then, the day after, --new followers come and a daily run
reads them. The requests are those
the fake server logged for each run: the follower list's pages and, on
Bluesky, getProfiles (the activity sample, and who left). The account's
own two requests a run (its counts and latest posts) are not the
census's and are left out of the counts. A run's time is --reply-ms (20)
for each of its requests, as if every reply took that, and tideline's
own CPU time of the run, measured; the fake server's own time is not
counted (its Bluesky list is a Python list scanned for every request,
far slower than a page of a real server). Each size must have stored
every follower, or the script fails.

Times under the platform's rate limit: a run whose requests fit in one
window of the limit takes that time; more would wait a window for
each limit's worth (tideline's budget keeps a run within one).

usage: bench/census-costs.py [--tideline PATH] [--sizes 1000,10000,100000]
       [--reply-ms MS] [--new N] [--out DIR]
"""
import argparse
import datetime
import math
import os
import sqlite3
import subprocess
import resource
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'fakeplatform'))
import server  # noqa: E402  (tests/fakeplatform/server.py)

T0 = datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.timezone.utc)

# Per page, the requests a rate limit window allows and its length (s),
# the log's paths that are the census's, and the default budget a run.
PLATFORMS = {
    'mastodon': {'name': 'Mastodon', 'page': 80, 'limit': 300,
                 'window': 300, 'census': ('/followers',), 'budget': 250},
    'bluesky': {'name': 'Bluesky', 'page': 100, 'limit': 3000,
                'window': 300, 'census': ('getFollowers', 'getProfiles'),
                'budget': 1000},
}


def at(days):
    return (T0 + datetime.timedelta(days=days)).strftime('%Y-%m-%dT%H:%M:%SZ')


def fresh(path):
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def bsky_follower(i):
    """Bluesky follower i (the higher, the newer)."""
    return {'did': server.fake_did('bench-follower-%d' % i),
            'handle': 'b%d.bsky.social' % i, 'posts_count': 5 + i % 7,
            'follow_ms': 1700000000000 + i * 1000}


def bsky_list(first, last):
    """Followers first..last, newest (last) first."""
    return [bsky_follower(i) for i in range(last, first - 1, -1)]


def mastodon_new(n, new):
    """new followers above the generated n: follow ids past theirs."""
    return [{'id': str(900000000 + i), 'acct': 'new%d@bench.example' % i,
             'follow_id': str(100000 + n + i),
             'last_status_at': T0.strftime('%Y-%m-%d')}
            for i in range(new, 0, -1)]


class Census:
    """One platform's account of n followers on the fake server and a
    database tracking it; each run's census requests and time."""

    def __init__(self, args, fp, platform, n):
        self.args, self.fp, self.platform, self.n = args, fp, platform, n
        self.p = PLATFORMS[platform]
        self.db = os.path.join(args.out, 'costs-%s-%d.db' % (platform, n))
        fresh(self.db)
        fp.latency(0)
        handle = ('c%d@bench.example' if platform == 'mastodon' else
                  'c%d.bench.example') % n
        made = fp.control({'platform': platform, 'handle': handle,
                           'followers': n, 'posts': 5, 'days': 20},
                          'account')['accounts'][0]
        self.key = made['key']
        if platform == 'mastodon':
            self.patch({'followers_generate': n})
        else:
            self.patch({'follower_list': bsky_list(1, n)})
        subprocess.run([args.tideline, '--db', self.db, 'track',
                        '--api-base', fp.base(platform), made['spec']],
                       check=True, stdout=subprocess.DEVNULL)

    def patch(self, state):
        self.fp.control({self.platform: {self.key: state}})

    def run(self, day):
        """A day's snapshot: (census requests by path, its time: a reply's
        for each request, and tideline's CPU time)."""
        self.fp.clear_requests()
        env = dict(os.environ, TIDELINE_NOW=at(day))
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = ru.ru_utime + ru.ru_stime
        # The platform's default budget, said (as a run without the
        # option would take it) so that the table holds at any default.
        r = subprocess.run([self.args.tideline, '--db', self.db, 'snapshot',
                            '--no-history', '--census-requests',
                            str(self.p['budget'])], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = ru.ru_utime + ru.ru_stime - cpu
        if r.returncode != 0:
            sys.exit('%s %d, day %d: snapshot exited %d\n%s' % (
                self.platform, self.n, day, r.returncode, r.stderr))
        counts = {m: len(self.fp.requests(m)) for m in self.p['census']}
        # A reply's time for each request the run made (the account's
        # own 2 too), tideline's own work besides.
        return counts, (sum(counts.values()) + 2) * self.args.reply_ms / \
            1000 + cpu

    def query(self, sql):
        con = sqlite3.connect(self.db)
        try:
            return con.execute(sql).fetchone()
        finally:
            con.close()

    def walked(self):
        return self.query("SELECT count(*) FROM census_walks WHERE kind = "
                          "'full' AND completed_at IS NOT NULL")[0] > 0


def measure(args, fp, platform, n):
    """The first full walk (runs until complete) and a daily run after."""
    c = Census(args, fp, platform, n)
    walk = {'runs': 0, 'pages': 0, 'profiles': 0, 'time': 0.0,
            'most': 0}
    day = 0
    while not c.walked():
        if day > 60:
            sys.exit('%s %d: no full walk after 60 runs' % (platform, n))
        counts, spent = c.run(day)
        pages = counts[c.p['census'][0]]
        walk['runs'] += 1
        walk['pages'] += pages
        walk['profiles'] += sum(counts.values()) - pages
        walk['time'] += spent
        walk['most'] = max(walk['most'], sum(counts.values()))
        day += 1
    listed, = c.query('SELECT count(*) FROM census_followers '
                      'WHERE left_at IS NULL')
    if listed != n:
        sys.exit('%s %d: %d followers stored' % (platform, n, listed))
    if platform == 'mastodon':
        c.patch({'follower_list': mastodon_new(n, args.new),
                 'followers': n + args.new})
    else:
        c.patch({'follower_list': bsky_list(1, n + args.new),
                 'followers': n + args.new})
    counts, spent = c.run(day)
    pages = counts[c.p['census'][0]]
    daily = {'pages': pages, 'profiles': sum(counts.values()) - pages,
             'time': spent}
    listed, = c.query('SELECT count(*) FROM census_followers '
                      'WHERE left_at IS NULL')
    if listed != n + args.new:
        sys.exit('%s %d: %d followers stored after the daily run' % (
            platform, n, listed))
    fresh(c.db)
    return walk, daily


def windows(requests, p):
    """The rate limit's windows that many requests need at the least."""
    return max(1, math.ceil(requests / p['limit']))


def duration(s):
    if s < 60:
        return '%.1f s' % s
    return '%.0f min' % (s / 60)


def cell_daily(p, d):
    if p['census'][-1] == 'getProfiles':
        return '%d + %d getProfiles, %s' % (d['pages'], d['profiles'],
                                             duration(d['time']))
    return '%d, %s' % (d['pages'], duration(d['time']))


def cell_walk(p, w):
    total = w['pages'] + w['profiles']
    text = '{:,}'.format(w['pages'])
    if w['profiles']:
        text += ' + {:,} getProfiles'.format(w['profiles'])
    text += ', %s' % duration(w['time'])
    if w['runs'] > 1:
        text += ' over %d daily runs (at most %d a run)' % (w['runs'],
                                                             w['most'])
    if windows(total, p) > 1:
        text += '; in one go at least %s (%d windows)' % (
            duration((windows(total, p) - 1) * p['window']),
            windows(total, p))
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--tideline', default=os.path.join(
        ROOT, 'build', 'src', 'tideline'))
    ap.add_argument('--sizes', default='1000,10000,100000')
    ap.add_argument('--reply-ms', type=float, default=20,
                    help='what a reply takes (the fake server answers at '
                    'once; its own time is not counted)')
    ap.add_argument('--new', type=int, default=10)
    ap.add_argument('--out', default=os.path.join(ROOT, 'bench-out'))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(',')]
    rows = []
    with server.FakePlatform() as fp:
        for n in sizes:
            for platform in PLATFORMS:
                walk, daily = measure(args, fp, platform, n)
                rows.append((n, platform, walk, daily))
                print('%s %d: walk %r, daily %r' % (platform, n, walk,
                                                    daily),
                      file=sys.stderr)
    print('Census requests measured on the fake server; time: %g ms a '
          'reply and tideline\'s CPU time;' % args.reply_ms)
    print('daily run: %d new followers the day after the first full walk '
          'was complete.\n' % args.new)
    print('| followers | platform | daily run | full walk |')
    print('|---|---|---|---|')
    for n, platform, walk, daily in rows:
        p = PLATFORMS[platform]
        print('| {:,} | {} | {} | {} |'.format(
            n, p['name'], cell_daily(p, daily), cell_walk(p, walk)))
    over = [(n, PLATFORMS[p]['name']) for n, p, walk, _ in rows
            if walk['most'] + 2 > PLATFORMS[p]['limit']]
    print('\nRate limits: Mastodon 300 requests / 5 min, Bluesky 3,000 / '
          '5 min; %s' % ('each run above stayed within one window (its '
                         'census requests and the account\'s 2).' if not over
                         else 'runs past one window: %r' % over))


if __name__ == '__main__':
    main()
