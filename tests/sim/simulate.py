#!/usr/bin/env python3
"""Deterministic simulator of a creator's cross-platform history for tideline.

It writes the four files tideline's sample and benchmarks are made of:
followers.csv, posts.csv, metrics.csv and truth.json (the ground truth the
generator used, so analyses can be scored).  Standard library only.

The model
=========

Accounts.  One creator with a blog (platform ``rss``; posts only, no
followers, no metrics) and three social accounts (``x``, ``mastodon``,
``bluesky``; bluesky may join part-way through).

Snapshot calendar.  A cron job runs once a day at 06:10 UTC plus a few
minutes of jitter and records every social account's follower count (and
metric snapshots of recent posts).  The follower *gain of date D* is the
count at D's run minus the count at the previous day's run.  Faults remove
rows but never change the counts underneath: single missed days (the whole
run or one account), a missed week (fixed gap), a multi-day outage (all
accounts), and one-day purges (the platform removes 1-3 % of followers:
a drop, never a burst).

Baseline follower gains (per account, per snapshot date D):
    trend(D)   = linear drift gain_start -> gain_end over the account's life,
                 times (1 + wobble * sin(2 pi D / period + phase))
    lam_in(D)  = trend(D) * weekly[weekday(D)]     (weekly is indexed by the
                 weekday of the *snapshot* date; Mon and Sun snapshots cover
                 the weekend and are ~0.7)
    new(D)     ~ Poisson(lam_in * Gamma(k, 1/k))  (negative binomial)
    lost(D)    ~ Poisson(unfollow_ratio * trend(D))
    gain(D)    = new - lost + burst extras - purge
    noise_sd(D) = sqrt(lam_in + lam_in^2 / k + unfollow_ratio * trend)

Bursts.  A trigger at time T (a viral post, the social post announcing a
blog article, or an old post reshared weeks later: "second life") adds
followers at rate  total * exp(-(t - T) / tau) / tau,  tau 0.3-1.2 days,
integrated over each snapshot interval.  The size is set so that the peak
day's expected extra equals  snr * noise_sd(peak day);  snr is drawn
log-uniformly from the scenario's range (sample: 8-30; ``--difficulty D``:
D-2D).  Realised extras are Poisson.  The burst window reported in truth
is the first..last date whose expected extra is >= 10 % of the peak day's.

Posts.  Each social account alternates sessions (1-N days, posting on most
of them, 1-3 posts a day) with silences drawn log-uniformly from 1-30 days,
plus a few planned long silences of 20-60 days (20-70 between posts).  Tags come from an
on-context set (kernel, debugging, linux, performance) or an off-context
set (music, life, food).  The blog publishes an article every 1-5 weeks;
each article is announced by social accounts not in a long silence, with
a post whose text contains the article URL.  Posts linking to each other
form "stories" (truth lists the link-graph component of each burst cause).

Engagement (the decay model).  For a social post published at time t,
    E7 = F * base_rate * topic * kind * eff(g) * noise
    eff(g) = floor + (1 - floor) * 2 ** (-g / half_life)
F is the follower count at the latest run before t, g the days since the
account's previous post (any kind; for the first post, since a pre-window
post or the join time), topic the geometric mean of the tags' factors (1
without tags), kind 1 for posts, 1.3 for videos, 0.25 for replies, noise
log-normal with mean 1, times 10-50 for rare viral outliers and for every
fresh or announcing burst-causing post.  Burst causes are picked among
posts made within 7 days of the previous one, so the rare long-gap posts
keep their ordinary engagement.  E7 is split into likes/reposts/replies/
quotes (about 70/15/10/5 %, jittered per post); E7 counts quotes even on
mastodon, which does not report them (visible total ~95 % of E7).
Cumulative counts at age a are E7 * G(a), G rising from ~60 % at 1 day to
100 % at 7 days and ~110 % at 30 days.  Views exist on x only, bookmarks
on x and bluesky.  A second-life reshare adds a further jump (reposts
+100..250 in the sample, proportional likes etc.) rising with a ~1 day
time constant after the reshare.

The inactivity mechanism (``--mechanism inactivity``; the default is the
reach mechanism above).  Each follower goes inactive on the platform at an
age-dependent hazard, whether or not the creator posts: a follower gained
at s is still active at t with probability
    S(t - s) = exp(-((t - s) / active_scale) ** active_shape)      (Weibull;
shape < 1: the hazard falls with follow age, > 1: it rises).  The
followers present at the join have follow ages uniform in 0..initial_age_max
days, so only some of them are active at the start.  Posting brings the new
followers: the day's baseline gain is lam_in(D) times
    silence_gain + (1 - silence_gain) * exp(-g_D / gain_memory)
with g_D the days since the account's last post at D's run.  Unfollows and
purges take followers at random, active or not.  Engagement comes from the
active followers only:
    E7 = A(t) * base_rate * topic * kind * noise
(base_rate, per active follower, is the reach mechanism's divided by the
initial active share, so the first posts engage as much as they would
there).
with A(t) the expected active followers at the latest run before t (a sum
over each day's cohort of new followers, shrunk by the unfollows, times S).
After a silence the next posts stay low until new followers come; there is
no reach factor.  truth.json then gives half_life_days and floor as null and
adds mechanism, activity (the parameters), active_fraction (A/F at every
day's run), active_fraction_as_of, and active_after_silence (the share of
the followers at the last post still active 30 and 90 days later, with no
one gained or lost: what an inactivity model's curve estimates).

Metric snapshots are taken, for ages 1, 7 and 30 days, at the first run
at least (age - 12 h) after publication (later if that day's run is
missing), plus, for second-life posts, at the last run before the reshare
and the first runs 0, 1, 3 and 7 days after it.  They share the follower
rows' taken_at.  The blog has no metrics.

truth.json holds per-account truth (half_life_days, floor, topic_factors,
base_rate, baseline growth parameters, long silences seen in the posts),
the bursts (account, window start/end, extra_followers, kind, cause, via =
the social post carrying it, story, snr, daily extras), gaps (missing rows
per account), purges and as_of (the last run; no data is later).

Determinism.  Every random draw comes from random.Random instances seeded
with strings derived from the scenario seed (one stream per concern), so
the same seed gives byte-identical files (tested with Python 3.11).

Usage
=====
    python3 tests/sim/simulate.py --preset sample --out data/sample
    python3 tests/sim/simulate.py --seed 7 --difficulty 4 --out /tmp/b7 \\
        [--start 2024-11-01 --days 730] [--mechanism reach|inactivity] [--check]
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import json
import math
import os
import random
import sys
import unicodedata
from dataclasses import dataclass, field

DAY = 86400
HOUR = 3600
NOMINAL_RUN = 6 * HOUR + 10 * 60          # cron: 06:10:00 UTC
PLATFORM_ORDER = ("rss", "x", "mastodon", "bluesky")

ON_CONTEXT = ("kernel", "debugging", "linux", "performance")
OFF_CONTEXT = ("music", "life", "food")
KIND_FACTORS = {"post": 1.0, "video": 1.3, "reply": 0.25}
METRIC_SHARES = {"likes": 0.70, "reposts": 0.15, "replies": 0.10, "quotes": 0.05}
# Extra engagement per extra repost when an old post gets a second life.
RESHARE_RATIOS = {"likes": 3.0, "reposts": 1.0, "replies": 0.3, "quotes": 0.1}

BLOG_FEED = "https://blog.example/feed.xml"
BLOG_BASE = "https://blog.example/posts/"
HANDLES = {
    "x": "example_author",
    "mastodon": "@author@mastodon.example",
    "bluesky": "author.bsky.social",
    "rss": BLOG_FEED,
}


# --------------------------------------------------------------------------
# Small helpers: time, randomness
# --------------------------------------------------------------------------

def parse_date(text: str) -> int:
    """'YYYY-MM-DD' -> epoch seconds at 00:00 UTC."""
    d = dt.date.fromisoformat(text)
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc).timestamp())


def iso(ts: int) -> str:
    return dt.datetime.fromtimestamp(ts, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def date_of(ts: int) -> str:
    return iso(ts)[:10]


def sub_rng(seed: int, name: str) -> random.Random:
    """An independent, reproducible stream (str seeds hash via SHA-512)."""
    return random.Random(f"tideline-sim:{seed}:{name}")


def poisson(rng: random.Random, lam: float) -> int:
    """Exact Poisson draw (Knuth), split into chunks so large means stay cheap."""
    total = 0
    while lam > 0:
        chunk = min(lam, 20.0)
        lam -= chunk
        limit, k, p = math.exp(-chunk), 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        total += k
    return total


def lognormal_unit(rng: random.Random, sigma: float) -> float:
    """Log-normal noise with mean 1."""
    return math.exp(rng.gauss(-sigma * sigma / 2.0, sigma))


def log_uniform(rng: random.Random, lo: float, hi: float) -> float:
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def r4(x: float) -> float:
    return round(x, 4)


# --------------------------------------------------------------------------
# Scenario description
# --------------------------------------------------------------------------

@dataclass
class AccountSpec:
    """A social account: audience growth, posting habits, engagement truth."""
    platform: str
    joined_day: int              # first day with a follower row / posts
    followers0: int              # followers at the first snapshot
    gain_start: float            # trend of new followers/day at join ...
    gain_end: float              # ... and at the end of the window
    wobble: float                # relative amplitude of a slow sinusoid
    wobble_period: float         # days
    wobble_phase: float          # radians
    unfollow_ratio: float        # expected unfollows per day / trend
    nb_shape: float              # negative-binomial k (smaller = noisier)
    weekly: tuple                # factor per snapshot weekday, Mon..Sun
    following0: int
    posts0: int                  # posts made before the window
    run_offset: int              # seconds after the cron start
    # posting habits
    post_day_prob: float         # chance of posting on a session day
    extra_posts_mean: float      # posts per posting day = 1 + Poisson(this)
    max_session_days: int
    max_short_silence: float     # silences between sessions: log-uniform 1..this days
    long_silences: int           # planned silences of 20-60 days
    reply_prob: float
    video_prob: float
    off_context_prob: float
    untagged_prob: float
    announce_prob: float         # chance of announcing a blog article
    # engagement truth
    half_life: float
    floor: float
    base_rate: float
    noise_sigma: float
    topic_factors: dict
    # the inactivity mechanism (``--mechanism inactivity``); unused by reach
    mechanism: str = "reach"     # reach | inactivity
    active_scale: float = 0.0    # Weibull scale of a follower's active life, days
    active_shape: float = 1.0    # Weibull shape (< 1: hazard falls with follow age)
    initial_age_max: float = 0.0  # followers0's follow ages: uniform 0..this days
    silence_gain: float = 1.0    # share of new-follower gains left in a long silence
    gain_memory: float = 7.0     # days for gains to fall after the last post

    @property
    def handle(self) -> str:
        return HANDLES[self.platform]

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.handle}"


@dataclass
class Scenario:
    name: str
    seed: int
    start: int                   # epoch seconds of day 0, 00:00 UTC
    days: int
    accounts: list               # AccountSpec, social accounts only
    blog_interval: tuple         # days between articles (lo, hi)
    blog_long_silences: int
    snr_range: tuple
    burst_plan: list             # [(platform, kind)], kind fresh|announced|second_life
    purge_plan: list             # [(platform, day or None)]
    fixed_gaps: list             # [(platform, first day, n days)]
    outage: tuple | None         # (first day, n days), all accounts
    p_missed_run: float          # per day: the whole cron run is lost
    p_missed_account: float      # per day and account
    reshare_reposts: tuple       # extra reposts on a second life (lo, hi)
    p_viral: float               # viral outliers among ordinary posts
    p_note: float                # creator comments on a second life
    p_remention: float           # ordinary post linking an older article

    def account(self, platform: str) -> AccountSpec:
        return next(a for a in self.accounts if a.platform == platform)


# --------------------------------------------------------------------------
# Presets
# --------------------------------------------------------------------------

WEEKLY = (0.72, 1.05, 1.08, 1.06, 1.04, 1.00, 0.70)


def _topics(x_kernel, x_debug, x_linux, x_perf, music, life, food) -> dict:
    return {"kernel": x_kernel, "debugging": x_debug, "linux": x_linux,
            "performance": x_perf, "music": music, "life": life, "food": food}


def sample_scenario() -> Scenario:
    """The bundled sample: 2024-11-01 .. 2026-10-31, clear bursts."""
    start = parse_date("2024-11-01")
    day = lambda s: (parse_date(s) - start) // DAY  # noqa: E731
    common = dict(nb_shape=4.0, weekly=WEEKLY, reply_prob=0.15, video_prob=0.04,
                  off_context_prob=0.18, untagged_prob=0.2, noise_sigma=0.4,
                  max_short_silence=30.0)
    x = AccountSpec(
        platform="x", joined_day=0, followers0=1240, gain_start=3.0, gain_end=4.6,
        wobble=0.15, wobble_period=240.0, wobble_phase=0.8, unfollow_ratio=0.12,
        following0=412, posts0=5310, run_offset=2, long_silences=4,
        post_day_prob=0.75, extra_posts_mean=0.6, max_session_days=8,
        announce_prob=0.95, half_life=14.0, floor=0.35, base_rate=0.010,
        topic_factors=_topics(1.6, 1.35, 1.25, 1.5, 0.55, 0.7, 0.5), **common)
    mastodon = AccountSpec(
        platform="mastodon", joined_day=0, followers0=262, gain_start=1.0, gain_end=1.25,
        wobble=0.1, wobble_period=300.0, wobble_phase=2.0, unfollow_ratio=0.15,
        following0=188, posts0=1460, run_offset=17, long_silences=4,
        post_day_prob=0.65, extra_posts_mean=0.35, max_session_days=6,
        announce_prob=0.85, half_life=30.0, floor=0.25, base_rate=0.04,
        topic_factors=_topics(1.8, 1.4, 1.5, 1.3, 0.6, 0.8, 0.6), **common)
    bluesky = AccountSpec(
        platform="bluesky", joined_day=day("2025-01-14"), followers0=38,
        gain_start=1.9, gain_end=1.0, wobble=0.1, wobble_period=200.0,
        wobble_phase=4.0, unfollow_ratio=0.15, following0=95, posts0=0, run_offset=29,
        long_silences=3,
        post_day_prob=0.6, extra_posts_mean=0.35, max_session_days=6,
        announce_prob=0.8, half_life=21.0, floor=0.45, base_rate=0.035,
        topic_factors=_topics(1.4, 1.5, 1.2, 1.6, 0.7, 0.65, 0.55), **common)
    return Scenario(
        name="sample", seed=20241101, start=start, days=730,
        accounts=[x, mastodon, bluesky], blog_interval=(9, 33), blog_long_silences=1,
        snr_range=(8.0, 30.0),
        burst_plan=[("x", "fresh"), ("x", "announced"), ("mastodon", "second_life"),
                    ("bluesky", "fresh"), ("mastodon", "announced"), ("x", "second_life"),
                    ("bluesky", "announced"), ("x", "fresh"), ("mastodon", "fresh")],
        purge_plan=[("x", day("2025-07-15"))],
        fixed_gaps=[("x", day("2026-03-03"), 7)],
        outage=None, p_missed_run=0.010, p_missed_account=0.005,
        reshare_reposts=(100.0, 250.0), p_viral=0.006, p_note=0.6, p_remention=0.03)


def use_inactivity(scen: Scenario) -> None:
    """Switch every account to the inactivity mechanism, its parameters drawn
    from a stream of their own, so the rest of the history is the seed's."""
    rng = sub_rng(scen.seed, "inactivity")
    for spec in scen.accounts:
        spec.mechanism = "inactivity"
        spec.active_scale = log_uniform(rng, 60.0, 400.0)
        spec.active_shape = rng.uniform(0.7, 1.5)
        spec.initial_age_max = rng.uniform(200.0, 1200.0)
        spec.silence_gain = rng.uniform(0.1, 0.4)
        spec.gain_memory = rng.uniform(3.0, 10.0)
        # base_rate is engagement per active follower now: as many
        # engagements at the start as the reach mechanism would give.
        ages = [(k + 0.5) * spec.initial_age_max / 64 for k in range(64)]
        spec.base_rate /= sum(survival(spec, a) for a in ages) / 64
    scen.name += "-inactivity"


def random_scenario(seed: int, difficulty: float, start_date: str, days: int) -> Scenario:
    """A random history for benchmarks; bursts are difficulty..2*difficulty x noise."""
    rng = sub_rng(seed, "scenario")
    start = parse_date(start_date)
    u = rng.uniform

    def account(platform, joined_day, f0, gain, base_rate):
        g0 = gain * u(0.7, 1.3)
        return AccountSpec(
            platform=platform, joined_day=joined_day, followers0=f0,
            gain_start=g0, gain_end=g0 * u(0.6, 1.6), wobble=u(0.0, 0.25),
            wobble_period=u(120, 400), wobble_phase=u(0, 2 * math.pi),
            unfollow_ratio=u(0.08, 0.2), nb_shape=u(2.5, 8.0),
            weekly=tuple(r4(w * u(0.95, 1.05)) for w in WEEKLY),
            following0=rng.randint(50, 900), posts0=rng.randint(0, 8000) if joined_day == 0 else 0,
            run_offset=PLATFORM_ORDER.index(platform) * 12 - 10,
            post_day_prob=u(0.5, 0.85), extra_posts_mean=u(0.2, 0.8),
            max_session_days=rng.randint(4, 9), max_short_silence=u(15.0, 35.0),
            long_silences=rng.randint(2, 4),
            reply_prob=u(0.05, 0.25), video_prob=u(0.0, 0.08),
            off_context_prob=u(0.1, 0.3), untagged_prob=u(0.1, 0.3),
            announce_prob=u(0.6, 1.0), half_life=u(8.0, 45.0), floor=u(0.15, 0.55),
            base_rate=base_rate * u(0.6, 1.5), noise_sigma=u(0.3, 0.55),
            topic_factors={**{t: r4(u(1.1, 1.9)) for t in ON_CONTEXT},
                           **{t: r4(u(0.4, 0.85)) for t in OFF_CONTEXT}})

    bsky_join = rng.choice([0, rng.randint(days // 20, days // 3)])
    accounts = [account("x", 0, rng.randint(300, 4000), 3.5, 0.010),
                account("mastodon", 0, rng.randint(100, 1500), 1.2, 0.04),
                account("bluesky", bsky_join, rng.randint(0, 600), 1.5, 0.035)]
    kinds = ("fresh", "fresh", "announced", "announced", "second_life")
    plan = [(rng.choice(("x", "x", "mastodon", "bluesky")), rng.choice(kinds))
            for _ in range(max(3, days // 90 + rng.randint(0, 3)))]
    purges = [(rng.choice(("x", "mastodon", "bluesky")), None) for _ in range(rng.randint(0, 2))]
    gaps = []
    if rng.random() < 0.6 and days > 60:
        gaps.append((rng.choice(("x", "mastodon", "bluesky")), rng.randint(20, days - 20), 7))
    outage = (rng.randint(20, days - 20), rng.randint(3, 6)) if rng.random() < 0.5 and days > 60 else None
    return Scenario(
        name=f"random-{seed}", seed=seed, start=start, days=days, accounts=accounts,
        blog_interval=(7, 40), blog_long_silences=rng.randint(0, 2),
        snr_range=(difficulty, 2.0 * difficulty), burst_plan=plan, purge_plan=purges,
        fixed_gaps=gaps, outage=outage, p_missed_run=u(0.0, 0.02),
        p_missed_account=u(0.0, 0.01), reshare_reposts=(60.0, 250.0),
        p_viral=u(0.003, 0.012), p_note=0.5, p_remention=0.03)


# --------------------------------------------------------------------------
# Snapshot calendar and data faults
# --------------------------------------------------------------------------

@dataclass
class Calendar:
    start: int
    days: int
    jitter: list                                  # seconds after 06:10, per day
    offsets: dict                                 # platform -> seconds
    joined: dict                                  # platform -> first day
    missing: dict = field(default_factory=dict)   # platform -> set of days

    def run_time(self, day: int, platform: str) -> int:
        return self.start + day * DAY + NOMINAL_RUN + self.jitter[day] + self.offsets[platform]

    def has_run(self, day: int, platform: str) -> bool:
        return (self.joined[platform] <= day < self.days
                and day not in self.missing[platform])

    def date(self, day: int) -> str:
        return date_of(self.start + day * DAY)

    def weekday(self, day: int) -> int:
        return dt.date.fromisoformat(self.date(day)).weekday()

    def day_of(self, ts: int) -> int:
        return (ts - self.start) // DAY

    def last_run_day(self, ts: int, platform: str) -> int:
        """The day of the latest run (present or not) at or before ts."""
        d = self.day_of(ts)
        return d if ts >= self.run_time(d, platform) else d - 1

    @property
    def as_of(self) -> int:
        return max(self.run_time(self.days - 1, p) for p in self.offsets)


def make_calendar(scen: Scenario) -> Calendar:
    rng = sub_rng(scen.seed, "calendar")
    jitter = [rng.randint(0, 240) for _ in range(scen.days)]
    offsets = {a.platform: a.run_offset for a in scen.accounts}
    joined = {a.platform: a.joined_day for a in scen.accounts}
    missing = {a.platform: set() for a in scen.accounts}
    return Calendar(scen.start, scen.days, jitter, offsets, joined, missing)


def plan_gaps(scen: Scenario, cal: Calendar) -> list:
    """Fill cal.missing; return truth entries (one per account and run of days)."""
    rng = sub_rng(scen.seed, "gaps")
    gaps = []

    def add(platform, first, n, kind):
        days = [d for d in range(first, first + n) if cal.joined[platform] < d < cal.days - 1]
        if not days or any(d in cal.missing[platform] for d in range(days[0] - 1, days[-1] + 2)):
            return
        cal.missing[platform].update(days)
        gaps.append({"account": scen.account(platform).key, "start": cal.date(days[0]),
                     "end": cal.date(days[-1]), "days": len(days), "kind": kind})

    for platform, first, n in scen.fixed_gaps:
        add(platform, first, n, "missed_week" if n == 7 else "gap")
    if scen.outage:
        for a in scen.accounts:
            add(a.platform, scen.outage[0], scen.outage[1], "outage")
    for d in range(1, scen.days - 1):
        if rng.random() < scen.p_missed_run:
            for a in scen.accounts:
                add(a.platform, d, 1, "missed_run")
        for a in scen.accounts:
            if rng.random() < scen.p_missed_account:
                add(a.platform, d, 1, "missed_day")
    gaps.sort(key=lambda g: (g["start"], PLATFORM_ORDER.index(g["account"].split(":")[0])))
    return gaps


@dataclass
class Purge:
    platform: str
    day: int
    fraction: float
    removed: int = 0


def plan_purges(scen: Scenario, cal: Calendar) -> list:
    rng = sub_rng(scen.seed, "purges")
    purges = []
    for platform, day in scen.purge_plan:
        for _ in range(100):
            d = day if day is not None else rng.randint(cal.joined[platform] + 30, cal.days - 10)
            clear = all(cal.has_run(e, platform) for e in range(d - 1, d + 2))
            if clear or day is not None:
                purges.append(Purge(platform, d, rng.uniform(0.01, 0.03)))
                break
    return purges


# --------------------------------------------------------------------------
# Texts
# --------------------------------------------------------------------------

POOLS = {
    "subj": ["the page cache", "the OOM killer", "io_uring", "the scheduler", "cgroup v2",
             "eBPF", "the VFS layer", "RCU", "futexes", "the slab allocator",
             "transparent huge pages", "kswapd", "the TCP stack", "epoll", "mmap"],
    "tool": ["perf", "bpftrace", "gdb", "strace", "ftrace", "rr", "valgrind", "pahole"],
    "metric": ["p99 latency", "tail latency", "build time", "cold start", "RSS",
               "context switches", "CPU time"],
    "dur": ["two days", "an entire afternoon", "most of the week", "three hours",
            "a whole sprint", "one very long evening"],
    "cause": ["a missing memory barrier", "an off-by-one in a ring buffer",
              "DNS, obviously", "a signal handler calling malloc", "a stale cache line",
              "a timer nobody remembered", "a naïve retry loop"],
    "cmd": ["perf top", "ss -tnp", "pidstat 1", "vmstat 1", "dmesg -T", "lsof -p",
            "cat /proc/pressure/memory"],
    "album": ["Kind of Blue", "OK Computer", "Björk's Homogenic", "the new Khruangbin record",
              "Rumours"],
    "song": ["Blackbird", "Romanza", "Wish You Were Here", "Clair de Lune"],
    "user": ["kernelhacker", "perf_ninja", "debug_daisy", "tux_fan", "lowlevel_lena"],
}

ON_TEMPLATES = {
    "kernel": [
        "Spent {dur} chasing a bug in {subj}. The fix was one line, of course.",
        "TIL {subj} has a tunable I had never noticed in ten years of reading the docs.",
        "Reading {subj} code on a Sunday morning. Weirdly relaxing.",
        "Nobody warns you that {subj} behaves differently under memory pressure, so: warning.",
        "\"It's never {subj}.\" It was {subj}.",
        "Patch for {subj} finally merged 🎉 Took {num} revisions, and the reviewers were right every time.",
        "Is there a good write-up on how {subj} interacts with cgroups? Asking for a future blog post.",
    ],
    "linux": [
        "Reminder that `{cmd}` exists and will save your afternoon.",
        "New kernel on the laptop and {subj} feels noticeably snappier. Nice.",
        "Setting up a fresh box: first things I install are {tool}, a decent shell and tmux.",
        "The Linux man pages are better than their reputation. Read them, really.",
        "Small Linux joy: `{cmd}` told me exactly what was wrong in {num} seconds 🐧",
    ],
    "debugging": [
        "Debugging story of the week: a {dur} hang that turned out to be {cause}.",
        "{tool} is the most underrated tool in my kit. Fight me.",
        "Step one of debugging: stop assuming. Step two: {tool}.",
        "A flame graph is worth a thousand log lines, honestly.",
        "Bisected a regression down to a commit that \"only touched comments\". Sure.",
        "Rule of thumb: if it only fails on Fridays, it's {cause}.",
    ],
    "performance": [
        "{Metric} down {pct}% after a single change to {subj}. Measure first, always.",
        "Performance work is mostly finding the one thing that matters, then leaving everything else alone.",
        "If your {metric} looks weird, look at {subj} before you touch the code.",
        "Benchmarks without error bars are just anecdotes, and naïve ones at that.",
        "Shaved {pct}% off {metric} today. The trick, as usual, was doing less.",
    ],
}

OFF_TEMPLATES = {
    "music": ["Listening to {album} on repeat while reviewing patches.",
              "Finally nailed the intro of {song} on guitar. Only took a year.",
              "Concert tonight, no laptop 🎶"],
    "life": ["Long walk by the lake today, no laptop. Highly recommended.",
             "Moving apartments this week, so replies will be slow.",
             "Two weeks off. See you on the other side 🙂",
             "Kid asked what I do all day. \"I read other people's code and sigh\", apparently."],
    "food": ["Made crêpes for breakfast. The first one is for the cat, as tradition demands.",
             "Café au lait and a kernel panic: a classic Monday.",
             "Sourdough attempt #{num}: better, still flat."],
}

REPLY_TEMPLATES = ["Yes, exactly that.", "Thanks, glad it helped!",
                   "Good point, I hadn't considered {subj}.", "Not yet, but it's on the list.",
                   "Try {tool} with the default options first, it usually tells you enough.",
                   "Ha, been there. It was {cause} for me."]

ANNOUNCE_TEMPLATES = ["New article: {title} {url}", "New on the blog: {title} {url}",
                      "I finally wrote it up: \"{title}\" {url}",
                      "{title} — new post, feedback welcome 🐧 {url}"]
REMENTION_TEMPLATES = ["Still one of my favourite things I've written: {title} {url}",
                       "Someone asked about {subj} today, so here's my old post: {url}"]
NOTE_TEMPLATES = ["Funny, my post from {month} is making the rounds again 🙂 {url}",
                  "Didn't expect this old one to come back. Welcome, new folks! {url}"]

BLOG_TITLES = [
    ("How demand paging really works", ("kernel", "linux")),
    ("Why \"free\" memory is a lie, and what to watch instead", ("linux", "performance")),
    ("Debugging a futex deadlock with bpftrace", ("debugging", "kernel")),
    ("The page cache, explained with one diagram", ("kernel",)),
    ("What the OOM killer is actually thinking", ("kernel", "linux")),
    ("Flame graphs for people in a hurry", ("performance", "debugging")),
    ("io_uring: the good, the bad, and the weird", ("kernel", "performance")),
    ("A field guide to strace output", ("debugging", "linux")),
    ("Tail latency is a systems problem", ("performance",)),
    ("Notes from a week of reading the scheduler", ("kernel",)),
    ("cgroup v2 memory limits, demystified", ("linux", "kernel")),
    ("Perf counters you should know", ("performance",)),
    ("Bisecting a kernel regression, step by step", ("debugging", "kernel")),
    ("When fsync lies (and when it doesn't)", ("kernel", "linux")),
    ("Two years of writing this blog — what I learned", ("life",)),
    ("Transparent huge pages: friend or foe?", ("performance", "kernel")),
    ("RCU for the rest of us", ("kernel",)),
    ("A gentle introduction to eBPF", ("linux", "debugging")),
    ("How I debug \"impossible\" crashes", ("debugging",)),
    ("Context switches are not free", ("performance", "kernel")),
    ("The slab allocator, one object at a time", ("kernel",)),
    ("Reading core dumps without tears", ("debugging",)),
    ("Why your container thinks it has 64 CPUs", ("linux", "performance")),
    ("A tour of /proc/self, entry by entry", ("linux",)),
    ("Making sense of kswapd", ("kernel", "performance")),
    ("Zero-copy networking, a practical look", ("performance", "linux")),
    ("Über-tuning: when sysctl changes make things worse", ("performance", "linux")),
]
TITLE_PATTERNS = [("How {subj} really works", ("kernel",)),
                  ("Debugging {subj} with {tool}", ("debugging",)),
                  ("Notes on {subj}", ("kernel", "linux")),
                  ("What I learned profiling {subj}", ("performance",)),
                  ("{Subj}, revisited", ("kernel",))]


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    out, dash = [], False
    for ch in ascii_title.lower():
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


class TextMaker:
    """Short, plausible post texts; tags follow from the template's topic."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def fill(self, template: str, **extra) -> str:
        values = {k: self.rng.choice(v) for k, v in POOLS.items()}
        values.update(num=self.rng.randint(2, 14), pct=self.rng.randint(12, 70), **extra)
        for key in ("subj", "metric"):
            values[key.capitalize()] = values[key][:1].upper() + values[key][1:]
        return template.format(**values)

    def on_context(self, tag: str) -> str:
        return self.fill(self.rng.choice(ON_TEMPLATES[tag]))

    def off_context(self, tag: str) -> str:
        return self.fill(self.rng.choice(OFF_TEMPLATES[tag]))

    def reply(self, platform: str) -> str:
        user = self.rng.choice(POOLS["user"])
        mention = {"x": f"@{user}", "mastodon": f"@{user}@fosstodon.example",
                   "bluesky": f"@{user.replace('_', '')}.bsky.social"}[platform]
        return f"{mention} " + self.fill(self.rng.choice(REPLY_TEMPLATES))

    def announce(self, title: str, url: str) -> str:
        return self.fill(self.rng.choice(ANNOUNCE_TEMPLATES), title=title, url=url)

    def remention(self, title: str, url: str) -> str:
        return self.fill(self.rng.choice(REMENTION_TEMPLATES), title=title, url=url)

    def note(self, old_ts: int, url: str) -> str:
        month = dt.datetime.fromtimestamp(old_ts, tz=dt.timezone.utc).strftime("%B")
        return self.fill(self.rng.choice(NOTE_TEMPLATES), month=month, url=url)


class TitleMaker:
    """Blog titles: the hand-written list in random order, then generated ones."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.queue = list(BLOG_TITLES)
        rng.shuffle(self.queue)
        self.slugs = set()

    def next(self) -> tuple:
        while True:
            if self.queue:
                title, tags = self.queue.pop()
            else:
                pattern, tags = self.rng.choice(TITLE_PATTERNS)
                title = TextMaker(self.rng).fill(pattern)
            slug = slugify(title)
            if slug not in self.slugs:
                self.slugs.add(slug)
                return title, slug, tags


# --------------------------------------------------------------------------
# Posts
# --------------------------------------------------------------------------

@dataclass
class Post:
    platform: str
    post_id: str
    ts: int
    url: str
    text: str
    tags: tuple
    kind: str                    # post | article | video | reply
    role: str = "regular"        # regular | article | announce | remention | note
    links: tuple = ()            # (platform, post_id) of posts this one links to
    viral: float = 0.0           # forced engagement multiplier (burst causes)

    @property
    def account(self) -> str:
        return f"{self.platform}:{HANDLES[self.platform]}"

    @property
    def ref(self) -> tuple:
        return (self.platform, self.post_id)


BSKY_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


class IdMaker:
    """Realistic, time-sortable ids per platform (unique within a run)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen = set()

    def make(self, platform: str, ts: int) -> str:
        while True:
            pid = self._one(platform, ts)
            if pid not in self.seen:
                self.seen.add(pid)
                return pid

    def _one(self, platform: str, ts: int) -> str:
        ms = ts * 1000 + self.rng.randrange(1000)
        if platform == "x":                     # snowflake
            return str(((ms - 1288834974657) << 22) | self.rng.getrandbits(22))
        if platform == "mastodon":              # Mastodon snowflake
            return str((ms << 16) | self.rng.getrandbits(16))
        us = ms * 1000 + self.rng.randrange(1000)   # bluesky TID
        value = (us << 10) | self.rng.getrandbits(10)
        return "".join(BSKY_ALPHABET[(value >> (5 * i)) & 31] for i in range(12, -1, -1))


def post_url(platform: str, post_id: str) -> str:
    return {"x": f"https://x.com/example_author/status/{post_id}",
            "mastodon": f"https://mastodon.example/@author/{post_id}",
            "bluesky": f"https://bsky.app/profile/author.bsky.social/post/{post_id}"}[platform]


def time_in_day(rng: random.Random, day_start: int, lo_h: float = 7.0, hi_h: float = 23.0) -> int:
    """A posting time of day, mostly daytime (UTC)."""
    hours = rng.triangular(lo_h, hi_h, 14.0)
    return day_start + int(hours * HOUR) + rng.randrange(60)


def place_long_silences(rng: random.Random, first: int, last: int, count: int) -> list:
    """Non-overlapping [a, b) day intervals of 20-60 days inside (first, last).

    The silence seen in the data is a little longer (up to ~70 days): it runs
    from the last post before the interval to the first one after it."""
    silences = []
    for _ in range(count * 50):
        if len(silences) == count:
            break
        length = rng.randint(20, 60)
        a = rng.randint(first + 30, max(first + 31, last - 30 - length))
        if all(a + length + 30 <= s or a >= e + 30 for s, e in silences) and a + length < last:
            silences.append((a, a + length))
    return sorted(silences)


def in_silence(silences: list, day: int) -> tuple | None:
    return next(((a, b) for a, b in silences if a <= day < b), None)


def session_posts(spec, cal, rng, texts, ids, silences) -> list:
    """Regular posts of one social account: sessions separated by silences."""
    posts, day = [], spec.joined_day
    while day < cal.days:
        hit = in_silence(silences, day)
        if hit:
            day = hit[1]
            continue
        for d in range(day, min(cal.days, day + rng.randint(1, spec.max_session_days))):
            if in_silence(silences, d):
                break
            if rng.random() < spec.post_day_prob:
                for _ in range(1 + poisson(rng, spec.extra_posts_mean)):
                    ts = time_in_day(rng, cal.start + d * DAY)
                    if ts < cal.as_of:
                        posts.append(regular_post(spec, rng, texts, ids, ts))
            day = d + 1
        day += max(1, round(log_uniform(rng, 1.0, spec.max_short_silence)))
    return posts


def regular_post(spec, rng, texts, ids, ts) -> Post:
    pid = ids.make(spec.platform, ts)
    roll = rng.random()
    if roll < spec.reply_prob:
        text, tags, kind = texts.reply(spec.platform), (), "reply"
    elif roll < spec.reply_prob + spec.off_context_prob:
        tag = rng.choice(OFF_CONTEXT)
        text, tags, kind = texts.off_context(tag), (tag,), "post"
    else:
        tag = rng.choice(ON_CONTEXT)
        text, tags = texts.on_context(tag), [tag]
        if rng.random() < 0.3:
            tags.append(rng.choice([t for t in ON_CONTEXT if t != tag]))
        if rng.random() < spec.untagged_prob:
            tags = []
        kind = "video" if rng.random() < spec.video_prob else "post"
        tags = tuple(tags)
    return Post(spec.platform, pid, ts, post_url(spec.platform, pid), text, tags, kind)


def blog_articles(scen, cal, rng, titles) -> list:
    silences = place_long_silences(rng, 0, cal.days, scen.blog_long_silences)
    articles, day = [], rng.randint(2, 12)
    while day < cal.days:
        hit = in_silence(silences, day)
        if hit:
            day = hit[1] + rng.randint(0, 5)
            continue
        ts = time_in_day(rng, cal.start + day * DAY, 7.0, 19.0)
        if ts < cal.as_of - HOUR:
            title, slug, tags = titles.next()
            url = BLOG_BASE + slug
            articles.append(Post("rss", url, ts, url, title, tags, "article", role="article"))
        day += rng.randint(*scen.blog_interval)
    return articles


def announcements(scen, cal, rng, texts, ids, articles, silences) -> list:
    """Social posts linking each article, from accounts not in a long silence."""
    posts = []
    for art in articles:
        for spec in scen.accounts:
            d = cal.day_of(art.ts)
            if d < spec.joined_day or in_silence(silences[spec.platform], d):
                continue
            if rng.random() >= spec.announce_prob:
                continue
            ts = art.ts + rng.randint(5 * 60, 3 * HOUR)
            if ts >= cal.as_of:
                continue
            pid = ids.make(spec.platform, ts)
            posts.append(Post(spec.platform, pid, ts, post_url(spec.platform, pid),
                              texts.announce(art.text, art.url), art.tags, "post",
                              role="announce", links=(art.ref,)))
    return posts


def add_rementions(scen, rng, texts, posts, articles) -> None:
    """Turn a few ordinary on-context posts into links to an older article."""
    for p in posts:
        if p.role != "regular" or p.kind == "reply" or rng.random() >= scen.p_remention:
            continue
        older = [a for a in articles if a.ts < p.ts - 14 * DAY]
        if older:
            art = rng.choice(older)
            p.text, p.tags, p.role, p.links = (texts.remention(art.text, art.url), art.tags,
                                               "remention", (art.ref,))


def make_posts(scen: Scenario, cal: Calendar) -> tuple:
    """All posts (blog + social) and each account's long silences (planned)."""
    rng = sub_rng(scen.seed, "posts")
    texts, ids = TextMaker(sub_rng(scen.seed, "texts")), IdMaker(sub_rng(scen.seed, "ids"))
    articles = blog_articles(scen, cal, rng, TitleMaker(sub_rng(scen.seed, "titles")))
    silences, posts = {}, []
    for spec in scen.accounts:
        silences[spec.platform] = place_long_silences(rng, spec.joined_day, cal.days,
                                                      spec.long_silences)
        posts += session_posts(spec, cal, rng, texts, ids, silences[spec.platform])
    add_rementions(scen, rng, texts, posts, articles)
    posts += announcements(scen, cal, rng, texts, ids, articles, silences)
    return articles + posts, ids, texts


def sort_posts(posts: list) -> None:
    posts.sort(key=lambda p: (p.ts, PLATFORM_ORDER.index(p.platform), p.post_id))


# --------------------------------------------------------------------------
# Bursts
# --------------------------------------------------------------------------

@dataclass
class Burst:
    platform: str
    kind: str                    # fresh | announced | second_life
    trigger: int                 # time the extra followers start arriving
    cause: Post
    via: Post                    # the social post carrying it (== cause unless announced)
    tau: float                   # impulse time constant, days
    snr: float
    shares: dict                 # day -> share of the total extra
    reshare_reposts: float = 0.0
    note: Post | None = None
    expected: dict = field(default_factory=dict)
    realized: dict = field(default_factory=dict)
    noise_sd: float = 0.0

    def window(self) -> list:
        peak = max(self.shares.values())
        return sorted(d for d, s in self.shares.items() if s >= 0.1 * peak)


def impulse_shares(cal: Calendar, platform: str, trigger: int, tau: float) -> dict:
    """Share of an exponential impulse starting at `trigger` per snapshot date."""
    shares, d = {}, cal.last_run_day(trigger, platform) + 1
    cdf = lambda t: 1.0 - math.exp(-max(0.0, t - trigger) / (tau * DAY))  # noqa: E731
    while d < cal.days:
        share = cdf(cal.run_time(d, platform)) - cdf(cal.run_time(d - 1, platform))
        if share > 0:
            shares[d] = share
        if cdf(cal.run_time(d, platform)) > 0.9999:
            break
        d += 1
    return shares


def after_short_gap(mine: list, max_days: float = 7.0) -> set:
    """Refs of posts whose previous post on the account is recent.

    Viral posts are kept off the ends of long silences so that the few
    long-gap posts stay usable for fitting the decay model."""
    return {b.ref for a, b in zip(mine, mine[1:]) if b.ts - a.ts <= max_days * DAY}


def burst_candidates(kind, spec, posts, cal, rng) -> list:
    """(trigger, cause, via) options for one planned burst."""
    mine = [p for p in posts if p.platform == spec.platform]
    ok = after_short_gap(mine)
    if kind == "fresh":
        return [(p.ts, p, p) for p in mine
                if p.role == "regular" and p.kind in ("post", "video") and p.ref in ok
                and p.tags and p.tags[0] in ON_CONTEXT]
    if kind == "announced":
        arts = {a.ref: a for a in posts if a.role == "article"}
        return [(p.ts, arts[p.links[0]], p) for p in mine if p.role == "announce"
                and p.ref in ok and arts[p.links[0]].tags[0] in ON_CONTEXT]
    options = []                                  # second life: old post, later reshare
    for p in mine:
        if p.role == "regular" and p.kind == "post" and p.tags and p.tags[0] in ON_CONTEXT:
            day = cal.day_of(p.ts) + rng.randint(35, 180)
            if day < cal.days - 10:
                options.append((time_in_day(rng, cal.start + day * DAY, 10.0, 22.0), p, p))
    return options


def burst_is_clear(cal, platform, shares, taken, blocked) -> bool:
    days = sorted(shares)
    lo, hi = days[0], days[-1]
    if any(abs(lo - d) < 14 or abs(hi - d) < 14 for d in taken.get(platform, ())):
        return False
    if any(lo - 4 <= b <= hi + 4 for b in blocked.get(platform, ())):
        return False
    return lo > cal.joined[platform] + 3 and hi < cal.days - 1


def plan_bursts(scen: Scenario, cal: Calendar, posts: list, purges: list, gaps: list) -> list:
    """Pick causes for the planned bursts, spread over the window."""
    rng = sub_rng(scen.seed, "bursts")
    blocked = {a.platform: set() for a in scen.accounts}
    for pg in purges:
        blocked[pg.platform].add(pg.day)
    for g in gaps:                    # keep burst windows clear of missing rows
        platform = g["account"].split(":")[0]
        first = (parse_date(g["start"]) - cal.start) // DAY
        blocked[platform].update(range(first, first + g["days"]))
    plan = list(scen.burst_plan)
    rng.shuffle(plan)
    taken, used, bursts = {}, set(), []
    seg = cal.days / max(1, len(plan))
    for i, (platform, kind) in enumerate(plan):
        spec = scen.account(platform)
        options = [o for o in burst_candidates(kind, spec, posts, cal, rng)
                   if o[1].ref not in used]
        in_seg = [o for o in options if i * seg <= cal.day_of(o[0]) < (i + 1) * seg]
        for pool in (in_seg, options):
            burst = pick_burst(rng, scen, cal, spec, kind, pool, taken, blocked)
            if burst:
                bursts.append(burst)
                used.add(burst.cause.ref)
                taken.setdefault(platform, []).extend(burst.shares)
                break
    bursts.sort(key=lambda b: (b.trigger, b.platform))
    return bursts


def pick_burst(rng, scen, cal, spec, kind, pool, taken, blocked) -> Burst | None:
    pool = list(pool)
    rng.shuffle(pool)
    for trigger, cause, via in pool[:200]:
        tau = rng.uniform(0.3, 1.2)
        shares = impulse_shares(cal, spec.platform, trigger, tau)
        if shares and burst_is_clear(cal, spec.platform, shares, taken, blocked):
            snr = log_uniform(rng, *scen.snr_range)
            burst = Burst(spec.platform, kind, trigger, cause, via, tau, snr, shares)
            if kind == "second_life":
                burst.reshare_reposts = rng.uniform(*scen.reshare_reposts)
            else:
                via.viral = rng.uniform(10.0, 50.0)
            return burst
    return None


def add_second_life_notes(scen, cal, posts, bursts, ids, texts) -> None:
    """Sometimes the creator links the old post again when it resurfaces."""
    rng = sub_rng(scen.seed, "notes")
    for b in bursts:
        if b.kind != "second_life" or rng.random() >= scen.p_note:
            continue
        ts = b.trigger + rng.randint(2 * HOUR, 20 * HOUR)
        if ts >= cal.as_of:
            continue
        pid = ids.make(b.platform, ts)
        b.note = Post(b.platform, pid, ts, post_url(b.platform, pid),
                      texts.note(b.cause.ts, b.cause.url), (), "post", role="note",
                      links=(b.cause.ref,))
        posts.append(b.note)


def story_of(cause: Post, posts: list) -> list:
    """The link-graph component containing `cause`, in time order."""
    by_ref = {p.ref: p for p in posts}
    neighbours = {p.ref: set() for p in posts}
    for p in posts:
        for ref in p.links:
            if ref in by_ref:
                neighbours[p.ref].add(ref)
                neighbours[ref].add(p.ref)
    seen, todo = {cause.ref}, [cause.ref]
    while todo:
        for ref in neighbours[todo.pop()]:
            if ref not in seen:
                seen.add(ref)
                todo.append(ref)
    members = sorted((by_ref[r] for r in seen),
                     key=lambda p: (p.ts, PLATFORM_ORDER.index(p.platform), p.post_id))
    return [{"account": p.account, "post_id": p.post_id} for p in members]


# --------------------------------------------------------------------------
# Followers
# --------------------------------------------------------------------------

def trend(spec: AccountSpec, cal: Calendar, day: int) -> float:
    life = max(1, cal.days - 1 - spec.joined_day)
    frac = (day - spec.joined_day) / life
    base = spec.gain_start + (spec.gain_end - spec.gain_start) * frac
    return base * (1.0 + spec.wobble * math.sin(2 * math.pi * day / spec.wobble_period
                                                 + spec.wobble_phase))


def lam_in(spec: AccountSpec, cal: Calendar, day: int) -> float:
    return trend(spec, cal, day) * spec.weekly[cal.weekday(day)]


def noise_sd(spec: AccountSpec, cal: Calendar, day: int) -> float:
    lam = lam_in(spec, cal, day)
    return math.sqrt(lam + lam * lam / spec.nb_shape + spec.unfollow_ratio * trend(spec, cal, day))


def size_bursts(scen: Scenario, cal: Calendar, bursts: list) -> None:
    """Expected and realised extra followers per day for each burst."""
    rng = sub_rng(scen.seed, "burst-extras")
    for b in bursts:
        spec = scen.account(b.platform)
        peak_day = max(b.shares, key=lambda d: (b.shares[d], -d))
        b.noise_sd = noise_sd(spec, cal, peak_day)
        total = b.snr * b.noise_sd / b.shares[peak_day]
        b.expected = {d: total * s for d, s in sorted(b.shares.items())}
        b.realized = {d: poisson(rng, e) for d, e in b.expected.items()}


@dataclass
class Series:
    counts: dict                 # day -> true followers at that day's run
    following: dict
    baseline_gain: dict          # day -> gain without bursts and purges
    activity: Activity | None = None  # the inactivity mechanism's truth


def survival(spec: AccountSpec, age_days: float) -> float:
    """The chance that a follower of this age is still active (inactivity)."""
    return math.exp(-(max(0.0, age_days) / spec.active_scale) ** spec.active_shape)


def posting_factor(spec: AccountSpec, cal: Calendar, posts: list) -> dict:
    """Per day: the share of the baseline gain that the posting brings
    (inactivity mechanism; 1 on every day under reach)."""
    times = sorted(p.ts for p in posts if p.platform == spec.platform)
    out = {}
    for d in range(spec.joined_day, cal.days):
        i = bisect.bisect_right(times, cal.run_time(d, spec.platform))
        g = ((cal.run_time(d, spec.platform) - times[i - 1]) / DAY if i > 0
             else spec.gain_memory * 10)
        out[d] = spec.silence_gain + (1 - spec.silence_gain) * math.exp(-g / spec.gain_memory)
    return out


class Activity:
    """Expected active followers at each day's run: one cohort per day of
    new followers, plus followers0 with ages spread over initial_age_max,
    all shrunk alike by unfollows and purges (which strike at random)."""

    AGES = 64                    # ages sampled for followers0

    def __init__(self, spec: AccountSpec, days: int):
        self.spec = spec
        self.s_tab = [survival(spec, a + 0.5) for a in range(days + 1)]
        ages = [(k + 0.5) * spec.initial_age_max / self.AGES for k in range(self.AGES)]
        self.init_tab = [sum(survival(spec, a + t) for a in ages) / self.AGES
                         for t in range(days + 1)]
        self.scaled_new = {}     # day -> new followers / shrink up to then
        self.shrink = 1.0        # product of the days' (1 - lost / count)
        self.shrink_at = {}      # day -> shrink after that day
        self.active = {}         # day -> expected active followers

    def day(self, d: int, new: float, lost: float, count_before: int) -> None:
        spec = self.spec
        if count_before > 0:
            self.shrink *= max(0.0, count_before - lost) / count_before
        self.shrink_at[d] = self.shrink
        if self.shrink > 0:
            self.scaled_new[d] = new / self.shrink
        self.active[d] = self.at(d, 0)

    def at(self, d: int, later: int) -> float:
        """Active at day d + later of those following at d, with no one
        gained or lost after d."""
        spec, shrink = self.spec, self.shrink_at.get(d, 1.0)
        total = spec.followers0 * shrink * self.init_tab[min(d + later - spec.joined_day,
                                                              len(self.init_tab) - 1)]
        last = len(self.s_tab) - 1
        for c, n in self.scaled_new.items():
            if c <= d:
                total += n * shrink * self.s_tab[min(d + later - c, last)]
        return total


def simulate_followers(scen, cal, spec, bursts, purges, posts=None) -> Series:
    rng = sub_rng(scen.seed, f"followers:{spec.platform}")
    extra = {}
    for b in bursts:
        if b.platform == spec.platform:
            for d, n in b.realized.items():
                extra[d] = extra.get(d, 0) + n
    purge_at = {p.day: p for p in purges if p.platform == spec.platform}
    inactivity = spec.mechanism == "inactivity"
    factor = posting_factor(spec, cal, posts or []) if inactivity else {}
    activity = Activity(spec, cal.days) if inactivity else None
    count = spec.followers0
    counts, baseline = {spec.joined_day: count}, {}
    if activity:
        activity.day(spec.joined_day, 0, 0, count)
    for d in range(spec.joined_day + 1, cal.days):
        lam = lam_in(spec, cal, d) * rng.gammavariate(spec.nb_shape, 1.0 / spec.nb_shape)
        new = poisson(rng, lam * factor.get(d, 1.0))
        lost = poisson(rng, spec.unfollow_ratio * trend(spec, cal, d))
        gain = new - lost
        baseline[d] = gain
        gain += extra.get(d, 0)
        new += extra.get(d, 0)
        if d in purge_at:
            p = purge_at[d]
            floor_drop = math.ceil(lam_in(spec, cal, d) + 6 * noise_sd(spec, cal, d))
            p.removed = max(round(count * p.fraction), floor_drop)
            gain -= p.removed
            lost += p.removed
        before = count
        count = max(0, count + gain)
        counts[d] = count
        if activity:
            activity.day(d, new, before - count + new, before)
    return Series(counts, following_walk(scen, cal, spec), baseline, activity)


def following_walk(scen, cal, spec) -> dict:
    rng = sub_rng(scen.seed, f"following:{spec.platform}")
    value, out = spec.following0, {}
    for d in range(spec.joined_day, cal.days):
        roll = rng.random()
        if roll < 0.12:
            value += rng.randint(1, 3)
        elif roll < 0.15:
            value = max(0, value - 1)
        out[d] = value
    return out


def followers_at(cal: Calendar, series: Series, platform: str, ts: int) -> int:
    d = cal.last_run_day(ts, platform)
    first = min(series.counts)
    return series.counts[max(first, min(d, cal.days - 1))]


def audience_at(cal: Calendar, series: Series, platform: str, ts: int) -> float:
    """Who can engage with a post at ts: every follower under the reach
    mechanism (its efficiency does the rest), the active ones under the
    inactivity mechanism."""
    if series.activity is None:
        return followers_at(cal, series, platform, ts)
    d = cal.last_run_day(ts, platform)
    first = min(series.counts)
    return series.activity.active[max(first, min(d, cal.days - 1))]


# --------------------------------------------------------------------------
# Engagement and metric snapshots
# --------------------------------------------------------------------------

@dataclass
class Engagement:
    e7: float
    shares: dict
    d1: float                    # growth curve: fraction of E7 at 1 day
    d30: float                   # ... at 30 days
    views_per_e: float
    bookmarks_per_e: float
    reshare: tuple | None = None  # (time, extra reposts, tau days)


def topic_factor(spec: AccountSpec, tags: tuple) -> float:
    if not tags:
        return 1.0
    logs = [math.log(spec.topic_factors[t]) for t in tags]
    return math.exp(sum(logs) / len(logs))


def efficiency(spec: AccountSpec, gap_days: float) -> float:
    if spec.mechanism == "inactivity":
        return 1.0
    return spec.floor + (1.0 - spec.floor) * 2.0 ** (-gap_days / spec.half_life)


def make_engagement(scen, spec, rng, post, followers, gap_days) -> Engagement:
    noise = lognormal_unit(rng, spec.noise_sigma)
    outlier = rng.uniform(10.0, 50.0) if rng.random() < scen.p_viral else 1.0
    noise *= post.viral or outlier
    e7 = (followers * spec.base_rate * topic_factor(spec, post.tags)
          * KIND_FACTORS[post.kind] * efficiency(spec, gap_days) * noise)
    raw = {k: v * lognormal_unit(rng, 0.25) for k, v in METRIC_SHARES.items()}
    norm = sum(raw.values())
    return Engagement(e7, {k: v / norm for k, v in raw.items()},
                      rng.uniform(0.5, 0.7), rng.uniform(1.05, 1.15),
                      rng.uniform(25.0, 60.0), rng.uniform(0.02, 0.06))


def growth(age_days: float, d1: float, d30: float) -> float:
    """Cumulative fraction of E7 reached at a given age."""
    if age_days <= 0:
        return 0.0
    if age_days < 1:
        return d1 * math.sqrt(age_days)
    if age_days < 7:
        return d1 + (1.0 - d1) * math.log(age_days) / math.log(7)
    if age_days < 30:
        return 1.0 + (d30 - 1.0) * math.log(age_days / 7) / math.log(30 / 7)
    return d30


def counts_at(platform: str, post: Post, eng: Engagement, ts: int) -> dict:
    g = growth((ts - post.ts) / DAY, eng.d1, eng.d30)
    base = {k: eng.e7 * s * g for k, s in eng.shares.items()}
    base["views"] = eng.e7 * eng.views_per_e * g
    base["bookmarks"] = eng.e7 * eng.bookmarks_per_e * g
    if eng.reshare and ts > eng.reshare[0]:
        t0, reposts, tau = eng.reshare
        h = 1.0 - math.exp(-(ts - t0) / (tau * DAY))
        for k, ratio in RESHARE_RATIOS.items():
            base[k] += reposts * ratio * h
        base["views"] += reposts * 60.0 * h
        base["bookmarks"] += reposts * 0.2 * h
    out = {k: round(v) for k, v in base.items()}
    if platform != "x":
        out["views"] = None
    if platform == "mastodon":
        out["quotes"] = out["bookmarks"] = None
    return out


class Runs:
    """Available run times of one account, for picking snapshot moments."""

    def __init__(self, cal: Calendar, platform: str):
        self.times = [cal.run_time(d, platform) for d in range(cal.days)
                      if cal.has_run(d, platform)]

    def first_after(self, ts: int) -> int | None:
        i = bisect.bisect_left(self.times, ts)
        return self.times[i] if i < len(self.times) else None

    def last_before(self, ts: int) -> int | None:
        i = bisect.bisect_left(self.times, ts)
        return self.times[i - 1] if i > 0 else None


def snapshot_times(post: Post, runs: Runs, reshare_ts: int | None) -> list:
    times = set()
    for age in (1, 7, 30):
        t = runs.first_after(post.ts + int((age - 0.5) * DAY))
        if t is not None and t < post.ts + (age + 7) * DAY:
            times.add(t)
    if reshare_ts is not None:
        before = runs.last_before(reshare_ts)
        if before is not None and before > post.ts:
            times.add(before)
        for age in (0, 1, 3, 7):
            t = runs.first_after(reshare_ts + age * DAY)
            if t is not None:
                times.add(t)
    return sorted(times)


def simulate_metrics(scen, cal, posts, series, bursts) -> list:
    """Metric rows for every social post; uses each account's true decay model."""
    rng = sub_rng(scen.seed, "engagement")
    reshares = {b.cause.ref: b for b in bursts if b.kind == "second_life"}
    rows = []
    for spec in scen.accounts:
        runs, mine = Runs(cal, spec.platform), [p for p in posts if p.platform == spec.platform]
        prev = first_previous_post(scen, cal, spec)
        for post in mine:
            gap = (post.ts - prev) / DAY
            prev = post.ts
            eng = make_engagement(scen, spec, rng, post,
                                  audience_at(cal, series[spec.platform], spec.platform, post.ts),
                                  gap)
            b = reshares.get(post.ref)
            if b:
                eng.reshare = (b.trigger, b.reshare_reposts, rng.uniform(0.5, 1.2))
            for t in snapshot_times(post, runs, b.trigger if b else None):
                rows.append((t, post, counts_at(spec.platform, post, eng, t)))
    rows.sort(key=lambda r: (r[0], PLATFORM_ORDER.index(r[1].platform), r[1].post_id))
    return rows


def first_previous_post(scen, cal, spec) -> int:
    """When the post before the first simulated one was made (or the join time)."""
    if spec.joined_day > 0:
        return cal.start + spec.joined_day * DAY
    rng = sub_rng(scen.seed, f"prehistory:{spec.platform}")
    return cal.start - int(rng.uniform(0.5, 6.0) * DAY)


# --------------------------------------------------------------------------
# The whole history
# --------------------------------------------------------------------------

@dataclass
class History:
    scen: Scenario
    cal: Calendar
    posts: list
    series: dict
    bursts: list
    purges: list
    gaps: list
    metrics: list


def generate(scen: Scenario) -> History:
    cal = make_calendar(scen)
    gaps = plan_gaps(scen, cal)
    purges = plan_purges(scen, cal)
    posts, ids, texts = make_posts(scen, cal)
    sort_posts(posts)
    bursts = plan_bursts(scen, cal, posts, purges, gaps)
    add_second_life_notes(scen, cal, posts, bursts, ids, texts)
    sort_posts(posts)
    size_bursts(scen, cal, bursts)
    series = {a.platform: simulate_followers(scen, cal, a, bursts, purges, posts)
              for a in scen.accounts}
    metrics = simulate_metrics(scen, cal, posts, series, bursts)
    return History(scen, cal, posts, series, bursts, purges, gaps, metrics)


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def cell(value) -> str:
    return "" if value is None else str(value)


def write_csv(path: str, header: list, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow([cell(v) for v in row])


def follower_rows(h: History):
    rows = []
    for spec in h.scen.accounts:
        times = [p.ts for p in h.posts if p.platform == spec.platform]
        s = h.series[spec.platform]
        for d in sorted(s.counts):
            if h.cal.has_run(d, spec.platform):
                t = h.cal.run_time(d, spec.platform)
                rows.append((t, spec.platform, spec.handle, iso(t), s.counts[d],
                             s.following[d], spec.posts0 + bisect.bisect_right(times, t)))
    rows.sort(key=lambda r: (r[0], PLATFORM_ORDER.index(r[1])))
    return [r[1:] for r in rows]


def post_rows(h: History):
    for p in h.posts:
        yield (p.platform, HANDLES[p.platform], p.post_id, iso(p.ts), p.url, p.text,
               ";".join(p.tags), p.kind)


def metric_rows(h: History):
    for t, p, c in h.metrics:
        yield (p.platform, HANDLES[p.platform], p.post_id, iso(t), c["likes"], c["reposts"],
               c["replies"], c["quotes"], c["views"], c["bookmarks"])


def long_silences(posts: list, platform: str, min_days: float = 20.0) -> list:
    times = [p.ts for p in posts if p.platform == platform]
    return [{"from": iso(a), "to": iso(b), "days": round((b - a) / DAY, 1)}
            for a, b in zip(times, times[1:]) if b - a >= min_days * DAY]


def activity_truth(h: History, spec: AccountSpec) -> dict:
    """The inactivity mechanism's truth: its parameters, the active share
    of the followers at every day's run and at the as-of time, and what
    share of the followers at the last post a silence would leave."""
    s, cal = h.series[spec.platform], h.cal
    act = s.activity
    frac = {cal.date(d): r4(act.active[d] / s.counts[d]) if s.counts[d] else None
            for d in sorted(act.active)}
    mine = [p.ts for p in h.posts if p.platform == spec.platform]
    last = cal.last_run_day(mine[-1], spec.platform) if mine else cal.days - 1
    last = max(spec.joined_day, min(last, cal.days - 1))
    end = cal.days - 1
    return {
        "mechanism": "inactivity",
        "activity": {
            "survival": "weibull", "scale_days": r4(spec.active_scale),
            "shape": r4(spec.active_shape),
            "initial_age_max_days": r4(spec.initial_age_max),
            "initial_active_share": r4(act.init_tab[0]),
            "silence_gain": r4(spec.silence_gain), "gain_memory_days": r4(spec.gain_memory),
        },
        "active_fraction": frac,
        "active_fraction_as_of": frac[cal.date(end)],
        "active_after_silence": {
            str(k): r4(act.at(last, k) / s.counts[last]) if s.counts[last] else None
            for k in (30, 90)},
    }


def account_truth(h: History, spec: AccountSpec) -> dict:
    s, cal = h.series[spec.platform], h.cal
    out = {
        "platform": spec.platform, "handle": spec.handle,
        "joined": cal.date(spec.joined_day),
        "half_life_days": r4(spec.half_life), "floor": r4(spec.floor),
        "base_rate": r4(spec.base_rate), "noise_sigma": r4(spec.noise_sigma),
        "topic_factors": {t: r4(spec.topic_factors[t]) for t in ON_CONTEXT + OFF_CONTEXT},
        "topic_combine": "geometric_mean", "kind_factors": KIND_FACTORS,
        "on_context": list(ON_CONTEXT), "off_context": list(OFF_CONTEXT),
        "first_post_previous_at": iso(first_previous_post(h.scen, cal, spec)),
        "followers_start": s.counts[spec.joined_day], "followers_end": s.counts[cal.days - 1],
        "baseline": {
            "gain_per_day_start": r4(spec.gain_start), "gain_per_day_end": r4(spec.gain_end),
            "wobble": r4(spec.wobble), "wobble_period_days": r4(spec.wobble_period),
            "weekly_profile_by_snapshot_weekday_mon_sun": [r4(w) for w in spec.weekly],
            "unfollow_ratio": r4(spec.unfollow_ratio), "nb_shape": r4(spec.nb_shape),
            "noise_sd_median": r4(sorted(noise_sd(spec, cal, d) for d in s.baseline_gain)
                                  [len(s.baseline_gain) // 2]),
        },
        "posts": sum(1 for p in h.posts if p.platform == spec.platform),
        "long_silences": long_silences(h.posts, spec.platform),
    }
    if spec.mechanism == "inactivity":
        out["half_life_days"] = out["floor"] = None
        out.update(activity_truth(h, spec))
    return out


def blog_truth(h: History) -> dict:
    return {"platform": "rss", "handle": BLOG_FEED, "joined": h.cal.date(0),
            "half_life_days": None, "floor": None, "has_followers": False,
            "has_metrics": False, "on_context": list(ON_CONTEXT),
            "off_context": list(OFF_CONTEXT),
            "posts": sum(1 for p in h.posts if p.platform == "rss"),
            "long_silences": long_silences(h.posts, "rss")}


def burst_truth(h: History, b: Burst) -> dict:
    window = b.window()
    peak = max(b.expected, key=lambda d: (b.expected[d], -d))
    out = {
        "account": h.scen.account(b.platform).key, "start": h.cal.date(window[0]),
        "end": h.cal.date(window[-1]), "extra_followers": sum(b.realized.values()),
        "kind": b.kind, "cause": {"account": b.cause.account, "post_id": b.cause.post_id},
        "via": {"account": b.via.account, "post_id": b.via.post_id},
        "story": story_of(b.cause, h.posts), "trigger_at": iso(b.trigger),
        "peak_date": h.cal.date(peak), "peak_extra_expected": r4(b.expected[peak]),
        "noise_sd": r4(b.noise_sd), "snr": r4(b.snr), "tau_days": r4(b.tau),
        "daily_extra": {h.cal.date(d): n for d, n in b.realized.items() if n},
    }
    if b.kind == "second_life":
        out["reshare_extra_reposts"] = round(b.reshare_reposts)
    return out


def truth(h: History) -> dict:
    accounts = {f"rss:{BLOG_FEED}": blog_truth(h)}
    for spec in h.scen.accounts:
        accounts[spec.key] = account_truth(h, spec)
    return {
        "generator": "tests/sim/simulate.py", "scenario": h.scen.name, "seed": h.scen.seed,
        "start": h.cal.date(0), "end": h.cal.date(h.cal.days - 1),
        "snr_range": [r4(x) for x in h.scen.snr_range],
        "accounts": accounts,
        "bursts": [burst_truth(h, b) for b in h.bursts],
        "gaps": h.gaps,
        "purges": [{"account": h.scen.account(p.platform).key, "date": h.cal.date(p.day),
                    "removed": p.removed, "fraction": r4(p.fraction)} for p in h.purges],
        "as_of": iso(h.cal.as_of),
    }


def write_history(h: History, out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    write_csv(os.path.join(out_dir, "followers.csv"),
              ["platform", "handle", "taken_at", "followers", "following", "posts"],
              follower_rows(h))
    write_csv(os.path.join(out_dir, "posts.csv"),
              ["platform", "handle", "post_id", "published_at", "url", "title", "tags", "kind"],
              post_rows(h))
    write_csv(os.path.join(out_dir, "metrics.csv"),
              ["platform", "handle", "post_id", "taken_at", "likes", "reposts", "replies",
               "quotes", "views", "bookmarks"], metric_rows(h))
    with open(os.path.join(out_dir, "truth.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(truth(h), f, indent=2, ensure_ascii=False)
        f.write("\n")


# --------------------------------------------------------------------------
# Sanity report (--check)
# --------------------------------------------------------------------------

def observed_gains(h: History, platform: str) -> dict:
    """Gains between consecutive *present* daily rows, as the CSV shows them."""
    s, gains, prev = h.series[platform], {}, None
    for d in sorted(s.counts):
        if not h.cal.has_run(d, platform):
            prev = None
            continue
        if prev is not None:
            gains[d] = s.counts[d] - s.counts[prev]
        prev = d
    return gains


def robust_baseline(gains: dict, lo: int, hi: int) -> tuple:
    """Median and MAD-based SD of gains in [lo-30, lo-3] and [hi+3, hi+30]."""
    vals = sorted(v for d, v in gains.items() if lo - 30 <= d <= lo - 3 or hi + 3 <= d <= hi + 30)
    if not vals:
        return 0.0, 1.0
    med = vals[len(vals) // 2]
    mad = sorted(abs(v - med) for v in vals)[len(vals) // 2]
    return med, max(1.0, 1.4826 * mad)


def check_report(h: History, out=sys.stderr) -> None:
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p(f"scenario {h.scen.name}: {h.cal.date(0)} .. {h.cal.date(h.cal.days - 1)}, as_of {iso(h.cal.as_of)}")
    for spec in h.scen.accounts:
        s = h.series[spec.platform]
        n = sum(1 for q in h.posts if q.platform == spec.platform)
        sil = [x["days"] for x in long_silences(h.posts, spec.platform)]
        p(f"  {spec.key:34} followers {s.counts[spec.joined_day]:5} -> {s.counts[h.cal.days - 1]:5}"
          f"  posts {n:4}  silences>=20d {sil}")
    p(f"  rss posts {sum(1 for q in h.posts if q.platform == 'rss')}, total posts {len(h.posts)},"
      f" metric rows {len(h.metrics)}")
    p(f"bursts: {len(h.bursts)}")
    for b in h.bursts:
        gains = observed_gains(h, b.platform)
        w = b.window()
        med, sd = robust_baseline(gains, w[0], w[-1])
        peak = max((gains.get(d, 0) for d in w), default=0)
        p(f"  {b.platform:8} {b.kind:11} {h.cal.date(w[0])}..{h.cal.date(w[-1])}"
          f" extra {sum(b.realized.values()):4} snr {b.snr:5.1f}  observed peak gain {peak:4}"
          f" vs baseline median {med:3.0f} robust sd {sd:4.1f} -> z {(peak - med) / sd:5.1f}")
    for pg in h.purges:
        g = observed_gains(h, pg.platform).get(pg.day)
        p(f"purge {pg.platform} {h.cal.date(pg.day)} removed {pg.removed} (observed gain {g})")
    p(f"gaps: {len(h.gaps)} ({', '.join(sorted({g['kind'] for g in h.gaps}))})")


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--preset", choices=["sample"], help="fixed scenario (ignores the others)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--difficulty", type=float, default=8.0,
                    help="burst peak = difficulty..2*difficulty x daily noise SD")
    ap.add_argument("--start", default="2024-11-01", help="first day (UTC), YYYY-MM-DD")
    ap.add_argument("--days", type=int, default=730)
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--check", action="store_true", help="print a sanity report to stderr")
    ap.add_argument("--mechanism", choices=["reach", "inactivity"], default="reach",
                    help="how the effective audience fades (see the docstring)")
    args = ap.parse_args(argv)
    if args.preset == "sample":
        scen = sample_scenario()
    else:
        if args.days < 60 or args.difficulty <= 0:
            ap.error("need --days >= 60 and --difficulty > 0")
        scen = random_scenario(args.seed, args.difficulty, args.start, args.days)
    if args.mechanism == "inactivity":
        use_inactivity(scen)
    history = generate(scen)
    write_history(history, args.out)
    if args.check:
        check_report(history)
    return 0


if __name__ == "__main__":
    sys.exit(main())
