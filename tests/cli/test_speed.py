"""tideline snapshot takes as long as its requests: against the fake server
on 127.0.0.1 with no added latency, a run that spends a whole second more
than the others is the engine sleeping in its poll with a request it
could have sent (issue 10, "Speed"). The walk's requests are sent one
after another, so every page of a multi-page walk is a chance to stall:
with the stall, runs differ by whole seconds; without it, by noise."""
import os
import shutil
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, TOKENS  # noqa: E402

server = harness.fake_platform_module()

RUNS = 20
SLACK = 0.5     # seconds over the median that no run may take


def track_accounts(s, fp):
    """A Mastodon account whose last 30 days fill five pages of statuses,
    and the default Bluesky, X and feed accounts."""
    fp.add_account(platform='mastodon', handle='busy@mastodon.example',
                   posts=180, days=32, followers=50)
    s.ok('track', 'mastodon:@busy@mastodon.example', '--api-base',
         fp.base('mastodon'))
    for platform in ('bluesky', 'x'):
        s.ok('track', harness.DEFAULT_ACCOUNTS[platform], '--api-base',
             fp.base(platform))
    s.ok('track', 'rss:%s/feeds/blog.xml' % fp.url)


def timed_snapshot(s, fp, template):
    """One first snapshot on a fresh copy of the tracked database, so that
    every run does the same work; its seconds and requests."""
    shutil.copyfile(template, s.db)
    fp.clear_requests()
    start = time.monotonic()
    s.fails(0, 'snapshot', env=TOKENS)
    return time.monotonic() - start, len(fp.requests())


def test_no_run_waits_out_a_poll_timeout():
    with Sandbox() as s, server.FakePlatform() as fp:
        track_accounts(s, fp)
        template = s.path('tracked.db')
        shutil.copyfile(s.db, template)
        # Not timed: the first run pays for cold caches.
        _, sent = timed_snapshot(s, fp, template)
        assert sent >= 11, sent
        runs = [timed_snapshot(s, fp, template) for _ in range(RUNS)]
        assert all(n == sent for _, n in runs), runs
        times = [t for t, _ in runs]
        median = statistics.median(times)
        # A machine busy with other work slows a run now and then: a run
        # over is timed again, twice, and only one slow each time (as a
        # stall that happens on most runs is) counts.
        slow = []
        for t in times:
            again = [t]
            while again[-1] > median + SLACK and len(again) < 3:
                again.append(timed_snapshot(s, fp, template)[0])
            if min(again) > median + SLACK:
                slow.append([round(x, 3) for x in again])
        assert not slow, ('runs over the median (%.3f s) by more than '
                          '%.1f s, each timed three times: %s; all: %s' % (
                              median, SLACK, slow,
                              [round(t, 3) for t in times]))


harness.main(globals())
