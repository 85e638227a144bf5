"""Crash safety: tideline snapshot is killed with SIGKILL at random
moments, dozens of times, against a slow fake server. After every kill
the database passes PRAGMA integrity_check and every account's snapshot
of every run is whole or absent; a later run completes normally."""
import os
import random
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, TOKENS, track_defaults  # noqa: E402

server = harness.fake_platform_module()
KILLS = 30


def start_snapshot(s, hour):
    env = dict(s.env)
    env.update(TOKENS)
    env['TIDELINE_NOW'] = '2030-01-01T%02d:%02d:00Z' % (hour // 60,
                                                         hour % 60)
    return subprocess.Popen([harness.binary(), 'snapshot', '--jobs', '2'],
                            env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def per_run_counts(s):
    """{(account, run): (follower rows, metric rows)} for every run."""
    rows = s.query(
        'SELECT a.id, r.id, '
        ' (SELECT count(*) FROM follower_snapshots f WHERE f.account_id = '
        '  a.id AND f.run_id = r.id), '
        ' (SELECT count(*) FROM post_metrics m JOIN posts p ON p.id = '
        '  m.post_id WHERE p.account_id = a.id AND m.run_id = r.id) '
        'FROM accounts a, fetch_runs r')
    return {(a, r): (f, m) for a, r, f, m in rows}


def check_whole_or_absent(s, full):
    assert s.query('PRAGMA integrity_check') == [('ok',)]
    assert s.query('PRAGMA foreign_key_check') == []
    for (account, run), got in per_run_counts(s).items():
        assert got in ((0, 0), full[account]), \
            'account %d, run %d: %r, whole is %r' % (account, run, got,
                                                     full[account])


def test_sigkill_never_leaves_partial_snapshots():
    rng = random.Random(int(os.environ.get('TIDELINE_CRASH_SEED', '7')))
    with Sandbox() as s, server.FakePlatform() as fp:
        track_defaults(s, fp)
        # One complete run first: what a whole snapshot of each account is.
        p = start_snapshot(s, 0)
        assert p.wait(60) == 0
        counts = per_run_counts(s)
        full = {a: c for (a, r), c in counts.items()}
        assert all(m > 0 for a, (f, m) in full.items()
                   if f == 1), full
        fp.latency(150)
        killed_mid_run = 0
        for i in range(1, KILLS + 1):
            p = start_snapshot(s, i)
            time.sleep(rng.uniform(0.02, 1.5))
            if p.poll() is None:
                killed_mid_run += 1
            p.send_signal(signal.SIGKILL)
            p.wait(30)
            check_whole_or_absent(s, full)
        assert killed_mid_run >= KILLS // 2, killed_mid_run
        interrupted = s.query("SELECT count(*) FROM fetch_runs WHERE "
                              "status = 'running'")[0][0]
        assert interrupted >= 1
        assert 'interrupted' in s.ok('status').out
        # The lock died with the killed runs: the next one just works.
        fp.latency(0)
        p = start_snapshot(s, KILLS + 1)
        assert p.wait(60) == 0
        check_whole_or_absent(s, full)


harness.main(globals())
