"""tideline on storage that fails it: a disk that fills up at every moment
of a snapshot (no file may grow past N bytes, RLIMIT_FSIZE with SIGXFSZ
ignored, which stops root too), and databases on read-only files,
folders and mounts."""
import os
import resource
import re
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
    # An account whose walk back through its history failed at a later
    # page keeps what it stored before (its counts, recent posts, the
    # pages before): whole, yet failed, and the message says so.
    lines = r.err.splitlines()
    kept = {a for a in stored if any(
        line.startswith('tideline: %s: not stored: ' % a) for line in lines)}
    for account in kept:
        assert any(line.startswith('tideline: %s: ' % account) and
                   '(history walk: ' in line for line in lines), r
    stored = stored - kept
    (status, ok, failed), = runs
    if status == 'running':
        assert "stays 'running' (tideline status shows it as interrupted) " \
            "with %d account%s stored" % (len(stored), '' if len(stored) == 1
                                         else 's') in r.err, r
        assert r.code == (3 if stored else 1), r
        return 'run row not finished'
    assert ok == len(stored) and failed == len(whole) - len(stored), \
        (runs, stored)
    # Every account stored, then a census (the Bluesky list's pages) or a
    # list of who engaged with a post that found no room: it fails alone,
    # says so, and the run is partial.
    if status == 'partial' and failed == 0:
        assert (': census: not stored: ' in r.err or
                re.search(r': the \w+ list of post \S+: not stored: ',
                          r.err)) and r.code == 3, r
        return 'census not stored'
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
            [100000, 150000, 200000, 250000, 1 << 20, 1 << 22, 1 << 24]
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


# The commands that only read, and what each is run with.
AS_OF = '2026-11-01'
READERS = (['accounts'], ['accounts', '--format', 'json'], ['status'],
           ['export', 'followers'], ['export', 'posts', '--format', 'json'],
           ['bursts', '--as-of', AS_OF], ['decay', '--as-of', AS_OF],
           ['topics', '--as-of', AS_OF], ['report', '--as-of', AS_OF],
           ['report', '--as-of', AS_OF, '--format', 'markdown'])


class ReadOnly:
    """Runs tideline with a folder and its files read-only, in the first
    way this machine allows that really stops writes: a read-only bind
    mount in a private mount namespace (root), the mode bits (anyone
    else), or the immutable attribute (root without mounts). A chmod
    stops no root: it is never used as root."""

    def __init__(self, probe):
        self.how = None
        if os.geteuid() != 0:
            self.how = 'chmod'
        elif shutil.which('unshare') and subprocess.run(
                self.mounted(probe, ['sh', '-c', 'exec 2>/dev/null; ! '
                                     'touch "$0/probe"', probe]),
                capture_output=True).returncode == 0:
            self.how = 'mount'
        elif shutil.which('chattr') and subprocess.run(
                ['chattr', '+i', probe], capture_output=True).returncode == 0:
            subprocess.run(['chattr', '-i', probe], check=True)
            self.how = 'chattr'
        else:
            raise harness.SkipTest('cannot make a folder read-only for '
                                   'root here (no mount namespace, no '
                                   'chattr)')

    @staticmethod
    def mounted(folder, argv):
        return ['unshare', '-m', '--propagation', 'private', 'sh', '-c',
                'mount --bind -o ro "$0" "$0" && exec "$@"', folder] + argv

    @staticmethod
    def files(target):
        if not os.path.isdir(target):
            return [target]
        return [os.path.join(target, n) for n in os.listdir(target)] + \
            [target]

    def lock(self, target, on):
        for path in self.files(target):
            if self.how == 'chmod':
                os.chmod(path, (0o555 if on else 0o755) if os.path.isdir(
                    path) else 0o444 if on else 0o644)
        if self.how == 'chattr':
            subprocess.run(['chattr', '+i' if on else '-i'] +
                           self.files(target), check=True)

    def run(self, s, folder, *args, env=None, target=None):
        """tideline ARGS on folder's database with target (the folder and
        its files, or the database alone) read-only; a Result."""
        target = target or folder
        full = dict(s.env, TIDELINE_DB=os.path.join(folder, 'tideline.db'))
        full.update(env or {})
        argv = [harness.binary()] + list(args)
        if self.how == 'mount':
            argv = self.mounted(target, argv)
        self.lock(target, True)
        try:
            # Really read-only: not even a new file goes in.
            probe = os.path.join(folder, 'probe')
            if self.how != 'mount' and target == folder:
                try:
                    with open(probe, 'x'):
                        pass
                    os.unlink(probe)
                    raise AssertionError('%s: %s is writable' % (self.how,
                                                                 folder))
                except OSError:
                    pass
            proc = subprocess.run(argv, env=full, capture_output=True,
                                  text=True, timeout=120)
        finally:
            self.lock(target, False)
        return harness.Result(proc)


def sample_database(s, folder):
    """The sample history in folder/tideline.db, closed (no -wal)."""
    os.makedirs(folder)
    db = os.path.join(folder, 'tideline.db')
    sample = os.path.join(harness.source_root(), 'data', 'sample')
    env = {'TIDELINE_DB': db}
    s.ok('init', env=env)
    for kind in ('followers', 'posts', 'metrics'):
        s.ok('import', kind, os.path.join(sample, kind + '.csv'), env=env)
    # The import took the lock snapshots take; its file stays, as a lock
    # file does, and a read-only folder has no use for it.
    os.unlink(db + '.lock')
    assert sorted(os.listdir(folder)) == ['tideline.db'], os.listdir(folder)
    return db


def test_read_commands_leave_nothing_beside_the_database():
    # A read-only connection cannot remove the write-ahead log and its
    # -shm file on closing, and probing the snapshot lock made its file:
    # each 'tideline status' from cron left three files behind.
    with Sandbox() as s:
        folder = s.path('db')
        db = sample_database(s, folder)
        for args in READERS:
            for name in os.listdir(folder):
                if name != 'tideline.db':
                    os.unlink(os.path.join(folder, name))
            s.ok(*args, env={'TIDELINE_DB': db})
            assert os.listdir(folder) == ['tideline.db'], \
                (args, os.listdir(folder))


def test_read_commands_on_read_only_storage():
    """Every command that only reads works on a read-only folder and
    file, or a read-only file in a writable folder, says what it says on
    a writable one, and changes nothing. The folder's name needs escaping
    in an SQLite URI."""
    with Sandbox() as s:
        folder = s.path('ro?x%41#y')
        db = sample_database(s, folder)
        ro = ReadOnly(folder)
        before = s.file_hash(db)
        for args in READERS:
            want = s.ok(*args, env={'TIDELINE_DB': db})
            for target in (folder, db):
                # What a run left beside it (status probes the snapshot's
                # lock): the read-only folder cannot have it.
                for ext in ('-wal', '-shm', '.lock'):
                    if os.path.exists(db + ext):
                        os.unlink(db + ext)
                got = ro.run(s, folder, *args, target=target)
                assert got.code == 0, (ro.how, target, args, got)
                assert (got.out, got.err) == (want.out, want.err), \
                    (target, args, got)
                assert target == db or os.listdir(folder) == [
                    'tideline.db'], os.listdir(folder)
                assert s.file_hash(db) == before
        out = s.path('growth.svg')
        r = ro.run(s, folder, 'plot', 'growth', '--as-of', AS_OF, '-o', out,
                   env={'TMPDIR': s.dir})
        if shutil.which('gnuplot'):
            assert r.code == 0 and os.path.getsize(out) > 0, r
        else:
            assert r.code == 5 and 'gnuplot is not installed' in r.err, r
        # What writes fails, and leaves the database as it was.
        r = ro.run(s, folder, 'track', 'x:someone')
        assert r.code == 1 and r.err.startswith('tideline: cannot '), r
        assert s.file_hash(db) == before


def test_writing_to_a_read_only_folder_says_write():
    """A command that writes, on a database in a folder it may not
    write: the message says it could not write (it said 'cannot read
    database'), and names the database."""
    with Sandbox() as s:
        folder = s.path('ro')
        os.makedirs(folder)
        db = os.path.join(folder, 'tideline.db')
        s.ok('--db', db, 'init')
        argv = [harness.binary(), '--db', db, 'track', 'x:someone']
        if os.geteuid() == 0:
            if shutil.which('setpriv') is None:
                raise harness.SkipTest('root, and no setpriv to drop it')
            argv = ['setpriv', '--reuid=65534', '--regid=65534',
                    '--clear-groups'] + argv
            os.chmod(s.dir, 0o755)
            os.chmod(db, 0o644)
        os.chmod(folder, 0o555)
        try:
            r = subprocess.run(argv, env=s.env, capture_output=True,
                               text=True, timeout=60)
        finally:
            os.chmod(folder, 0o755)
        assert r.returncode == 1, r
        assert "cannot write to database '%s'" % db in r.stderr, r.stderr
        assert 'read-only' in r.stderr, r.stderr


def test_read_only_folder_with_a_live_write_ahead_log():
    """A writer holds the database open elsewhere, its last commit still
    in the -wal: a read-only command reads it through the -shm. With a
    -wal and no -shm there is no safe way to read: refused, clearly."""
    with Sandbox() as s:
        folder = s.path('live')
        db = sample_database(s, folder)
        ro = ReadOnly(folder)
        writer = sqlite3.connect(db)
        try:
            writer.execute("INSERT INTO accounts (platform, handle, "
                           "added_at) VALUES ('x', 'only_in_the_wal', "
                           "'2026-01-01T00:00:00Z')")
            writer.commit()
            assert os.path.getsize(db + '-wal') > 0
            r = ro.run(s, folder, 'accounts')
            assert r.code == 0 and 'x:only_in_the_wal' in r.out, r
            # The same files without the -shm, in a folder of their own.
            other = s.path('no-shm')
            os.mkdir(other)
            for ext in ('', '-wal'):
                shutil.copy(db + ext, os.path.join(other, 'tideline.db' +
                                                   ext))
        finally:
            writer.close()
        copy = os.path.join(other, 'tideline.db')
        r = ro.run(s, other, 'accounts')
        assert r.code == 1, r
        assert r.err == (
            "tideline: cannot read database '%s' here: its write-ahead log "
            "'%s-wal' needs a '-shm' file that this read-only folder cannot "
            "hold (any tideline command where it is writable folds the log "
            "in)\n" % (copy, copy)), r
        assert 'x:only_in_the_wal' in s.ok('accounts', env={
            'TIDELINE_DB': copy}).out


def test_read_commands_never_migrate():
    """A database at an older schema version, or an empty file: a command
    that only reads says to run 'tideline init' and writes nothing."""
    with Sandbox() as s:
        db = sample_database(s, s.path('old'))
        con = sqlite3.connect(db)
        latest = con.execute('PRAGMA user_version').fetchone()[0]
        con.execute('PRAGMA user_version = %d' % (latest - 1))
        con.close()
        before = s.file_hash(db)
        for args in READERS:
            r = s.fails(1, *args, env={'TIDELINE_DB': db})
            assert r.err == (
                "tideline: database '%s' has schema version %d and this "
                "tideline reads version %d: run 'tideline init' to migrate "
                "it (this command only reads)\n" % (db, latest - 1,
                                                    latest)), r
        assert s.file_hash(db) == before
        assert [n for n in os.listdir(s.path('old')) if '.bak' in n] == []
        empty = s.write('empty.db', '')
        r = s.fails(1, 'accounts', env={'TIDELINE_DB': empty})
        assert r.err == ("tideline: database '%s' is empty: run 'tideline "
                         "init' to make it a tideline database\n" % empty), r
        assert os.path.getsize(empty) == 0


harness.main(globals())
