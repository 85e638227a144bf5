"""Imports and snapshots on one database at once: an import reads and
checks its whole file holding nothing, then writes under the lock that
snapshots take; a snapshot waits minutes rather than seconds for another
writer. Every fetched account is stored, every run recorded, every
import whole, whichever starts first and however slow the pipe."""
import fcntl
import os
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, TOKENS, track_defaults  # noqa: E402

server = harness.fake_platform_module()
ROWS = 3000


class SlowImport:
    """`tideline import followers -` fed through a pipe that stays open
    until told: header and half the rows at once, the rest at close."""

    def __init__(self, s, *args):
        self.out = open(s.path('import.out'), 'w')
        self.err = open(s.path('import.err'), 'w')
        self.proc = subprocess.Popen(
            [harness.binary(), 'import', 'followers', '-'] + list(args),
            stdin=subprocess.PIPE, stdout=self.out, stderr=self.err,
            env=s.env)
        self.s = s
        rows = ['x,imported,2024-01-01T00:00:00Z,0']
        rows += ['x,imported,%s,%d' % (time.strftime(
            '%Y-%m-%dT%H:%M:%SZ', time.gmtime(1704067200 + 3600 * i)), i)
            for i in range(1, ROWS)]
        self.first, self.rest = rows[:ROWS // 2], rows[ROWS // 2:]
        self.write('platform,handle,taken_at,followers\n' +
                   '\n'.join(self.first) + '\n')

    def write(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def finish(self):
        """Send the rest, close the pipe; return (exit code, out, err)."""
        self.write('\n'.join(self.rest) + '\n')
        self.proc.stdin.close()
        code = self.proc.wait(120)
        self.out.close()
        self.err.close()
        with open(self.s.path('import.out')) as o, \
                open(self.s.path('import.err')) as e:
            return code, o.read(), e.read()


def start_snapshot(s, *args):
    env = dict(s.env)
    env.update(TOKENS)
    return subprocess.Popen([harness.binary(), 'snapshot'] + list(args),
                            env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(cond, seconds=30):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.05)
    raise AssertionError('timed out waiting')


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


def check_import_whole(s, code, out, err):
    assert code == 0, (code, out, err)
    assert 'imported {:,} follower snapshots'.format(ROWS) in out, out
    assert s.query("SELECT count(*) FROM follower_snapshots f JOIN "
                   "accounts a ON a.id = f.account_id WHERE a.handle = "
                   "'imported'") == [(ROWS,)]


def test_snapshot_started_during_a_slow_import():
    # The import held the write lock from its first byte: the snapshot
    # failed after 5 s ('cannot record the run: database is locked').
    with Sandbox() as s, server.FakePlatform() as fp:
        tracked = track_defaults(s, fp)
        imp = SlowImport(s)
        time.sleep(0.5)
        snap = start_snapshot(s)
        out, err = snap.communicate(timeout=120)
        assert snap.returncode == 0, (snap.returncode, out, err)
        assert imp.proc.poll() is None, 'the import ended early'
        code, out, err = imp.finish()
        check_import_whole(s, code, out, err)
        check_all_stored(s, tracked, 1)


def test_snapshot_running_when_a_slow_import_starts():
    # The import took the write lock while the snapshot fetched, and the
    # snapshot dropped what it fetched ('not stored: cannot start a
    # transaction'); now the import reads, then waits for the lock.
    with Sandbox() as s, server.FakePlatform() as fp:
        tracked = track_defaults(s, fp)
        fp.latency(1000)
        snap = start_snapshot(s)
        wait_for(lambda: os.path.exists(s.db) and s.query(
            'SELECT count(*) FROM fetch_runs') == [(1,)])
        imp = SlowImport(s)
        out, err = snap.communicate(timeout=120)
        assert snap.returncode == 0, (snap.returncode, out, err)
        assert imp.proc.poll() is None, 'the import ended early'
        code, out, err = imp.finish()
        check_import_whole(s, code, out, err)
        check_all_stored(s, tracked, 1)


def test_import_waits_for_the_snapshot_lock_then_writes():
    with Sandbox() as s:
        s.ok('init')
        before = s.dump()
        with open(s.db + '.lock', 'w') as lock:
            fcntl.lockf(lock, fcntl.LOCK_EX)
            start = time.monotonic()
            r = s.fails(4, 'import', 'followers', '--wait', '1', '-',
                        stdin='platform,handle,taken_at,followers\n'
                              'x,a,2025-01-01,1\n')
            assert time.monotonic() - start >= 1
            assert ('another tideline snapshot or import is running '
                    "(lock '%s.lock' held for over 1 s); nothing was "
                    'imported from <stdin>' % s.db) in r.err, r
            assert s.dump() == before
            # Released while it waits: the import goes on and writes.
            threading.Timer(1.0, lock.close).start()
            r = s.ok('import', 'followers', '--wait', '30', '-',
                     stdin='platform,handle,taken_at,followers\n'
                           'x,a,2025-01-01,1\n')
        assert 'imported 1 follower snapshots' in r.out, r
        assert s.query('SELECT count(*) FROM follower_snapshots') == [(1,)]


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
