#!/usr/bin/env python3
"""Write a follower CSV of ACCOUNTS x DAYS rows (deterministic) to stdout.

usage: gen-followers.py ROWS [DAYS]

The rows are daily snapshots of x:bench_NNNN accounts, grouped by
account as an export would give them.  Each account grows like a real
one, so that the bursts benchmark has something to find:

  trend    a typical daily gain of 2-40 followers, drifting linearly to
           half or twice that over the account's history;
  weekly   a weekly rhythm (weekends slower, mid-week faster), slightly
           different per account;
  noise    normal, with the variance of a negative binomial count
           (mean + mean^2 / 10), so some days lose followers;
  bursts   about three a year, starting on random days: an extra of 3-10
           times the daily noise on the first day, fading exponentially
           over the next days (time constant 0.7-2 days).
"""
import datetime
import math
import random
import sys

WEEKLY = (0.75, 1.05, 1.15, 1.1, 1.05, 1.0, 0.8)    # Monday .. Sunday
BURSTS_PER_YEAR = 3.0
OVERDISPERSION = 0.1                                # 1/k


def account_gains(rng, days, first_weekday):
    """The daily gains of one account over 'days' days."""
    start = rng.uniform(2, 40)
    end = start * rng.choice((0.5, 0.75, 1.0, 1.5, 2.0))
    weekly = [w * rng.uniform(0.9, 1.1) for w in WEEKLY]
    extra = [0.0] * (days + 8)
    gains = []
    for d in range(days):
        mean = (start + (end - start) * d / days) * \
            weekly[(first_weekday + d) % 7]
        sd = math.sqrt(mean + mean * mean * OVERDISPERSION)
        if rng.random() < BURSTS_PER_YEAR / 365:
            peak = rng.uniform(3, 10) * sd
            tau = rng.uniform(0.7, 2.0)
            for k in range(8):
                extra[d + k] += peak * math.exp(-k / tau)
        gains.append(round(mean + extra[d] + rng.gauss(0, sd)))
    return gains


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
        for gain in account_gains(rng, min(days, rows - written),
                                  start.weekday()):
            followers += gain
            lines.append('x,bench_%05d,%s,%d,%d,%d\n'
                         % (a, dates[len(lines)], max(followers, 0),
                            following, posts))
        written += len(lines)
        out.write(''.join(lines))


if __name__ == '__main__':
    main()
