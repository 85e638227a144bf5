"""Shared helpers for the CLI tests: run the built tideline on a private
temporary database and look at the result the way a user would.

Each tests/cli/test_*.py file ends with `harness.main(globals())`:
`python3 test_x.py --list` names its test functions (meson registers one
test per name) and `python3 test_x.py NAME` runs one of them. A failed
assertion exits 1, SkipTest exits 77 (meson's skip).
"""
import datetime
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import traceback


class SkipTest(Exception):
    """Raised by a test that cannot run here; reported as skipped."""


def binary():
    path = os.environ.get('TIDELINE_BIN')
    if not path:
        raise SystemExit('TIDELINE_BIN is not set (run through meson test)')
    return path


def source_root():
    return os.environ.get('TIDELINE_SOURCE_ROOT',
                          os.path.dirname(os.path.dirname(
                              os.path.dirname(os.path.abspath(__file__)))))


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def __repr__(self):
        return 'exit %d\nstdout:\n%s\nstderr:\n%s' % (
            self.code, self.out, self.err)


class Sandbox:
    """A temporary home with its own database; removed afterwards."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='tideline-test-')
        self.db = os.path.join(self.dir, 'tideline.db')
        self.env = {
            'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
            'HOME': os.path.join(self.dir, 'home'),
            'TIDELINE_DB': self.db,
            'LC_ALL': 'C.UTF-8',
        }
        for key in ('ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS'):
            if key in os.environ:
                self.env[key] = os.environ[key]
        os.makedirs(self.env['HOME'])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, content, mode='w'):
        path = self.path(name)
        with open(path, mode, **({} if 'b' in mode else
                                 {'encoding': 'utf-8', 'newline': ''})) as f:
            f.write(content)
        return path

    def run(self, *args, stdin=None, env=None, cwd=None):
        full_env = dict(self.env)
        if env:
            full_env.update(env)
            for key in [k for k, v in env.items() if v is None]:
                del full_env[key]
        proc = subprocess.run([binary()] + list(args), input=stdin,
                              capture_output=True, text=True, env=full_env,
                              timeout=120, cwd=cwd)
        return Result(proc)

    def ok(self, *args, **kw):
        """Run and require exit 0; return the result."""
        r = self.run(*args, **kw)
        assert r.code == 0, 'expected success: %s %r' % (args, r)
        return r

    def fails(self, code, *args, **kw):
        r = self.run(*args, **kw)
        assert r.code == code, 'expected exit %d: %s %r' % (code, args, r)
        return r

    def query(self, sql, params=(), db=None):
        con = sqlite3.connect(db or self.db)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def dump(self, db=None):
        """Every row of every table, to compare databases for equality."""
        con = sqlite3.connect(db or self.db)
        try:
            return '\n'.join(con.iterdump())
        finally:
            con.close()

    def file_hash(self, path):
        with open(path, 'rb') as f:
            return hashlib.sha256(f.read()).hexdigest()


def fake_platform_module():
    """The fake platform server (tests/fakeplatform/server.py)."""
    path = os.path.join(source_root(), 'tests', 'fakeplatform')
    if path not in sys.path:
        sys.path.insert(0, path)
    import server
    return server


# The fake server's default accounts, as tideline writes them.
DEFAULT_ACCOUNTS = {
    'mastodon': 'mastodon:@author@mastodon.example',
    'bluesky': 'bluesky:author.bsky.social',
    'x': 'x:example_author',
    'youtube': 'youtube:@exampleauthor',
}
TOKENS = {'TIDELINE_X_BEARER_TOKEN': 'test-bearer-token',
          'TIDELINE_YOUTUBE_API_KEY': 'test-api-key',
          'TIDELINE_RETRY_BASE_MS': '10'}


def track_defaults(sandbox, fp, feeds=True):
    """Track every default account of the fake server; return the names."""
    names = {}
    for platform, spec in DEFAULT_ACCOUNTS.items():
        sandbox.ok('track', spec, '--api-base', fp.base(platform))
        names[platform] = spec
    if feeds:
        names['rss'] = 'rss:%s/feeds/blog.xml' % fp.url
        sandbox.ok('track', names['rss'])
    return names


def need_zones():
    """Skip a test of time zones where the zone database is missing."""
    if not os.path.exists('/usr/share/zoneinfo/America/Los_Angeles'):
        raise SkipTest('no zone database (apt-get install tzdata)')


def import_zoned_history(sandbox):
    """Daily snapshots of x:zoned at 06:00 UTC (22:00 or 23:00 the day
    before in Los Angeles) over 200 days from 2025-03-01, with one burst:
    300 extra followers on 2025-06-10 (UTC)."""
    start = datetime.date(2025, 3, 1)
    rows, followers = [], 1000
    for d in range(200):
        day = start + datetime.timedelta(days=d)
        followers += 10 + (d * 7) % 5
        if day == datetime.date(2025, 6, 10):
            followers += 300
        rows.append('x,zoned,%sT06:00:00Z,%d' % (day, followers))
    sandbox.ok('import', 'followers', '-', stdin='platform,handle,taken_at,'
               'followers\n' + '\n'.join(rows) + '\n')


def main(namespace):
    # A test file imported by another (for its setups) runs nothing.
    if namespace.get('__name__') != '__main__':
        return
    tests = sorted(n for n, f in namespace.items()
                   if n.startswith('test_') and callable(f))
    if len(sys.argv) == 2 and sys.argv[1] == '--list':
        print('\n'.join(n[len('test_'):] for n in tests))
        return
    if len(sys.argv) != 2 or 'test_' + sys.argv[1] not in namespace:
        raise SystemExit('usage: %s --list | NAME' % sys.argv[0])
    try:
        namespace['test_' + sys.argv[1]]()
    except SkipTest as e:
        print('skipped: %s' % e)
        sys.exit(77)
    except Exception:
        traceback.print_exc()
        sys.exit(1)
    print('ok')
