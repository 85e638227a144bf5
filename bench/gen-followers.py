#!/usr/bin/env python3
"""Write a follower CSV of ACCOUNTS x DAYS rows (deterministic) to stdout.

usage: gen-followers.py ROWS [DAYS]
       gen-followers.py --hourly ROWS [DAYS]

The rows are daily snapshots of x:bench_NNNNN accounts, grouped by
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

With --hourly, ROWS / (DAYS x 24) accounts x:hourly_NNNNN (DAYS 90 by
default) are snapshotted every hour, on the hour's fifth minute, from
2025-10-01; their hours' gains are small counts:

  trend    a typical daily gain of 24-480 followers (1-20 an hour),
           drifting linearly to half or twice that;
  hourly   an hour-of-day rhythm of the account's own time zone (one of
           a few, UTC-8 to UTC+9): quiet nights (a seventh of the
           average rate at 3 to 5 in the morning), busy afternoons and
           evenings, slightly different per account;
  weekly   the daily data's weekly rhythm, by the UTC day;
  noise    negative-binomial counts: follows drawn from a gamma-Poisson
           mixture (variance mean + mean^2 / 10) less a Poisson tenth of
           that in unfollows, so some hours lose followers;
  bursts   2-4 an account, starting at random hours after its first two
           days: an extra of 4-12 times the hour's noise (at the
           account's average hour) in the first hour, fading
           exponentially over the next 12 (time constant 1-4 hours).
"""
import datetime
import math
import random
import sys

WEEKLY = (0.75, 1.05, 1.15, 1.1, 1.05, 1.0, 0.8)    # Monday .. Sunday
BURSTS_PER_YEAR = 3.0
OVERDISPERSION = 0.1                                # 1/k

# Local hours 0 .. 23, normalised below to average 1.
HOURLY = (0.45, 0.3, 0.2, 0.15, 0.15, 0.2, 0.35, 0.6, 0.9, 1.1, 1.25, 1.35,
          1.4, 1.45, 1.5, 1.5, 1.5, 1.45, 1.45, 1.4, 1.3, 1.1, 0.85, 0.6)
HOURLY = tuple(h * 24 / sum(HOURLY) for h in HOURLY)
ZONES = (-8, -5, -3, 0, 1, 2, 5, 8, 9)              # hours from UTC
UNFOLLOW = 0.1          # unfollows, as a share of the net mean
BURST_HOURS = 12        # hours a burst's extra lasts


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


def poisson(rng, mean):
    """A Poisson count: by inversion for small means (what hours mostly
    have), normal beyond."""
    if mean <= 0:
        return 0
    if mean >= 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    u = rng.random()
    k, p = 0, math.exp(-mean)
    cdf = p
    while u > cdf and p > 0:
        k += 1
        p *= mean / k
        cdf += p
    return k


def account_hourly_gains(rng, hours, first_weekday):
    """The hourly gains of one account over 'hours' hours from midnight
    UTC of a day that is 'first_weekday'."""
    start = rng.uniform(24, 480) / 24
    end = start * rng.choice((0.5, 0.75, 1.0, 1.5, 2.0))
    zone = rng.choice(ZONES)
    hourly = [HOURLY[(h + zone) % 24] * rng.uniform(0.85, 1.15)
              for h in range(24)]
    hourly = [h * 24 / sum(hourly) for h in hourly]
    weekly = [w * rng.uniform(0.9, 1.1) for w in WEEKLY]
    extra = [0.0] * (hours + BURST_HOURS)
    for _ in range(rng.randint(2, 4)):
        at = rng.randrange(48, hours - BURST_HOURS)
        usual = start + (end - start) * at / hours
        peak = rng.uniform(4, 12) * math.sqrt(usual + usual * usual *
                                              OVERDISPERSION)
        tau = rng.uniform(1.0, 4.0)
        for k in range(BURST_HOURS):
            extra[at + k] += peak * math.exp(-k / tau)
    k = 1 / OVERDISPERSION
    gains = []
    for h in range(hours):
        mean = (start + (end - start) * h / hours) * hourly[h % 24] * \
            weekly[(first_weekday + h // 24) % 7]
        follows = mean * (1 + UNFOLLOW)
        follows = rng.gammavariate(k, follows / k) + extra[h]
        gains.append(poisson(rng, follows) - poisson(rng, mean * UNFOLLOW))
    return gains


def main():
    args = sys.argv[1:]
    hourly = '--hourly' in args
    args = [a for a in args if a != '--hourly']
    rows = int(args[0]) if len(args) > 0 else 1_000_000
    days = int(args[1]) if len(args) > 1 else (90 if hourly else 1000)
    rng = random.Random(42)
    if hourly:
        start = datetime.datetime(2025, 10, 1, 0, 5)
        steps = days * 24
        times = [(start + datetime.timedelta(hours=h)).strftime(
            '%Y-%m-%dT%H:%M:%SZ') for h in range(steps)]
        handle = 'hourly'
    else:
        start = datetime.datetime(2023, 1, 1, 6, 10)
        steps = days
        times = [(start + datetime.timedelta(days=d)).strftime(
            '%Y-%m-%dT%H:%M:%SZ') for d in range(steps)]
        handle = 'bench'
    accounts = max(1, rows // steps)
    out = sys.stdout
    out.write('platform,handle,taken_at,followers,following,posts\n')
    written = 0
    for a in range(accounts):
        followers = rng.randrange(100, 100000)
        following = rng.randrange(10, 2000)
        posts = rng.randrange(10, 5000)
        n = min(steps, rows - written) if not hourly else steps
        gains = account_hourly_gains(rng, n, start.weekday()) if hourly \
            else account_gains(rng, n, start.weekday())
        lines = []
        for gain in gains:
            followers += gain
            lines.append('x,%s_%05d,%s,%d,%d,%d\n'
                         % (handle, a, times[len(lines)], max(followers, 0),
                            following, posts))
        written += len(lines)
        out.write(''.join(lines))


if __name__ == '__main__':
    main()
