"""Snapshots and other writers on one database at once: a snapshot waits
minutes rather than seconds for another writer, so every fetched
account is stored and every run recorded."""
import os
import sqlite3
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, TOKENS, track_defaults  # noqa: E402

server = harness.fake_platform_module()


def start_snapshot(s, *args):
    env = dict(s.env)
    env.update(TOKENS)
    return subprocess.Popen([harness.binary(), 'snapshot'] + list(args),
                            env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def check_all_stored(s, tracked, runs):
    """Each run recorded and ok; each tracked account in each run."""
    assert s.query('SELECT count(*), min(status), max(status) FROM '
                   'fetch_runs') == [(runs, 'ok', 'ok')], \
        s.query('SELECT * FROM fetch_runs')
    got = s.query('SELECT a.platform || \':\' || a.handle, count(*) FROM '
                  'follower_snapshots f JOIN accounts a ON a.id = '
                  'f.account_id WHERE f.run_id IS NOT NULL GROUP BY 1')
    counted = [spec for spec in tracked.values()
               if not spec.startswith('rss:')]
    assert sorted(got) == sorted((spec, runs) for spec in counted), got
    assert s.query('SELECT count(*) FROM fetch_errors') == [(0,)]


def test_snapshot_waits_minutes_for_another_writer():
    # A writer outside the lock (an old tideline, a sqlite3 shell) held
    # the database for 7 s: with a 5 s wait the run was never recorded.
    with Sandbox() as s, server.FakePlatform() as fp:
        tracked = track_defaults(s, fp)
        con = sqlite3.connect(s.db, isolation_level=None,
                              check_same_thread=False)
        con.execute('BEGIN IMMEDIATE')
        commit = threading.Timer(7.0, con.execute, ('COMMIT',))
        commit.start()
        snap = start_snapshot(s)
        out, err = snap.communicate(timeout=120)
        commit.join()
        con.close()
        assert snap.returncode == 0, (snap.returncode, out, err)
        check_all_stored(s, tracked, 1)


harness.main(globals())
