"""tideline on storage that fails it: a disk that fills up at every moment
of a snapshot (no file may grow past N bytes, RLIMIT_FSIZE with SIGXFSZ
ignored, which stops root too), and databases on read-only files,
folders and mounts."""
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, TOKENS, track_defaults  # noqa: E402

server = harness.fake_platform_module()


def limited(n):
    """In the child: no file may grow past n bytes (a full disk)."""
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))
    return limit


def fresh_copy(s, template):
    """The database as it was before any snapshot, without a -wal."""
    for ext in ('-wal', '-shm'):
        if os.path.exists(s.db + ext):
            os.unlink(s.db + ext)
    shutil.copy(template, s.db)


def snapshot_on_full_disk(s, n, env):
    """A snapshot that may grow no file past n bytes. A reader holds the
    database open meanwhile (status in another terminal), so its -shm
    exists: the write-ahead log is what fills."""
    reader = sqlite3.connect(s.db)
    reader.execute('SELECT count(*) FROM accounts').fetchall()
    try:
        proc = subprocess.run([harness.binary(), 'snapshot'], env=env,
                              capture_output=True, text=True, timeout=120,
                              preexec_fn=limited(n))
    finally:
        reader.close()
    return harness.Result(proc)


def account_state(s):
    """{account: (snapshots, metrics, posts, fetched)} as the database has
    them after one run on the template."""
    rows = s.query(
        'SELECT n.account, '
        ' (SELECT count(*) FROM follower_snapshots WHERE account_id = a.id),'
        ' (SELECT count(*) FROM post_metrics m JOIN posts p ON p.id = '
        '  m.post_id WHERE p.account_id = a.id), '
        ' (SELECT count(*) FROM posts WHERE account_id = a.id), '
        ' a.last_fetched_at IS NOT NULL '
        'FROM accounts a JOIN account_names n ON n.id = a.id')
    return {r[0]: r[1:] for r in rows}


def check_full_disk_run(s, fp, r, whole):
    """What a snapshot on a full disk may leave, whatever the moment:
    every account whole or absent, the exit code and the run row telling
    the same story, and every loss said. Returns the case seen."""
    assert 'FOREIGN KEY' not in r.err, r
    assert s.query('PRAGMA integrity_check') == [('ok',)]
    assert s.query('PRAGMA foreign_key_check') == []
    state = account_state(s)
    stored = {a for a, got in state.items() if got == whole[a]}
    for account, got in state.items():
        assert account in stored or got == (0, 0, 0, 0), (account, got, r)
    runs = s.query('SELECT status, accounts_ok, accounts_failed FROM '
                   'fetch_runs')
    if not runs:
        assert r.code == 1 and not stored, r
        assert r.err.startswith('tideline: cannot ') and \
            r.err.endswith('\n') and len(r.err.splitlines()) == 1, r
        assert fp.requests('') == [], 'fetched without a run'
        return 'no run row'
    for account in set(whole) - stored:
        assert 'tideline: %s: not stored: ' % account in r.err, r
    (status, ok, failed), = runs
    if status == 'running':
        assert "stays 'running' (tideline status shows it as interrupted) " \
            "with %d account%s stored" % (len(stored), '' if len(stored) == 1
                                         else 's') in r.err, r
        assert r.code == (3 if stored else 1), r
        return 'run row not finished'
    assert ok == len(stored) and failed == len(whole) - len(stored), \
        (runs, stored)
    assert status == ('ok' if not failed else 'partial' if ok else
                      'failed'), runs
    assert r.code == (0 if status == 'ok' else 3), r
    if status == 'ok':
        return 'all stored'
    return 'some stored' if stored else 'none stored'


def test_full_disk_at_every_moment():
    """The disk fills before the run row, between accounts, at the run's
    end, or never: a sweep of sizes reaches each moment."""
    with Sandbox() as s, server.FakePlatform() as fp:
        track_defaults(s, fp)
        template = s.path('template.db')
        shutil.copy(s.db, template)
        env = dict(s.env, **TOKENS)
        env['TIDELINE_NOW'] = time.strftime('%Y-%m-%dT%H:%M:%SZ',
                                            time.gmtime())
        r = s.run('snapshot', env=env)
        assert r.code == 0, r
        whole = account_state(s)
        assert all(w[3] == 1 for w in whole.values()), whole
        seen = {}
        sizes = [0, 1000, 4200, 8000] + list(range(12000, 90000, 6000)) + \
            [100000, 150000, 200000, 250000, 1 << 20]
        for n in sizes:
            fresh_copy(s, template)
            fp.clear_requests()
            r = snapshot_on_full_disk(s, n, env)
            try:
                case = check_full_disk_run(s, fp, r, whole)
            except AssertionError:
                print('with files of at most %d bytes:' % n)
                raise
            seen.setdefault(case, []).append(n)
        print(seen)
        for case in ('no run row', 'none stored', 'some stored',
                     'run row not finished', 'all stored'):
            assert case in seen, (case, seen)


def test_full_disk_before_the_run_row_fetches_nothing():
    """Room for no row at all: the run cannot be recorded, so nothing is
    fetched (it could not be stored), and it says so; the next run with
    room works."""
    with Sandbox() as s, server.FakePlatform() as fp:
        track_defaults(s, fp)
        env = dict(s.env, **TOKENS)
        r = snapshot_on_full_disk(s, 1000, env)
        assert r.code == 1, r
        assert r.err.startswith('tideline: cannot record the run: disk I/O '
                                'error'), r
        assert r.err.endswith('; nothing was fetched\n') and \
            len(r.err.splitlines()) == 1, r
        assert fp.requests('') == []
        assert s.query('SELECT count(*) FROM fetch_runs') == [(0,)]
        assert s.run('snapshot', env=env).code == 0
        assert s.query('SELECT status FROM fetch_runs') == [('ok',)]


harness.main(globals())
