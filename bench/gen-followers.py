#!/usr/bin/env python3
"""Write a follower CSV of ACCOUNTS x DAYS rows (deterministic) to stdout.

usage: gen-followers.py ROWS [DAYS]

The rows are daily snapshots of x:bench_NNNN accounts, grouped by
account as an export would give them.
"""
import datetime
import random
import sys


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    days = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    accounts = max(1, rows // days)
    rng = random.Random(42)
    start = datetime.date(2023, 1, 1)
    dates = [(start + datetime.timedelta(days=d)).isoformat() + 'T06:10:00Z'
             for d in range(days)]
    out = sys.stdout
    out.write('platform,handle,taken_at,followers,following,posts\n')
    written = 0
    for a in range(accounts):
        followers = rng.randrange(100, 100000)
        following = rng.randrange(10, 2000)
        posts = rng.randrange(10, 5000)
        lines = []
        for d in range(days):
            if written == rows:
                break
            followers += rng.randrange(-3, 40)
            lines.append('x,bench_%05d,%s,%d,%d,%d\n'
                         % (a, dates[d], max(followers, 0), following, posts))
            written += 1
        out.write(''.join(lines))


if __name__ == '__main__':
    main()
