"""The database: migrations from empty to the newest version, refusal of
databases tideline must not change, and the views for hand queries."""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox  # noqa: E402

TABLES = {'accounts', 'follower_snapshots', 'posts', 'post_tags',
          'post_links', 'post_metrics', 'fetch_runs', 'fetch_errors'}
VIEWS = {'account_names', 'daily_followers', 'latest_followers',
         'post_overview'}


def schema_version(s):
    return s.query('PRAGMA user_version')[0][0]


def test_migrates_empty_database_to_newest():
    with Sandbox() as s:
        sqlite3.connect(s.db).close()          # an empty file
        s.ok('init')
        version = schema_version(s)
        assert version >= 1
        names = dict(s.query("SELECT name, type FROM sqlite_schema"))
        assert TABLES <= {n for n, t in names.items() if t == 'table'}
        assert VIEWS <= {n for n, t in names.items() if t == 'view'}
        assert s.query('PRAGMA journal_mode') == [('wal',)]
        assert 'schema version %d' % version in s.ok('init').out


def test_newer_database_is_refused_untouched():
    with Sandbox() as s:
        s.ok('init')
        version = schema_version(s)
        con = sqlite3.connect(s.db)
        con.execute('PRAGMA journal_mode = DELETE')
        con.execute('PRAGMA user_version = %d' % (version + 1))
        con.close()
        before = s.file_hash(s.db)
        for args in (['init'], ['accounts'], ['track', 'x:someone']):
            r = s.fails(1, *args)
            assert 'newer than this tideline' in r.err, r
            assert 'not changed' in r.err
        assert s.file_hash(s.db) == before
        assert not os.path.exists(s.db + '-wal')


def test_foreign_database_is_refused():
    with Sandbox() as s:
        con = sqlite3.connect(s.db)
        con.execute('CREATE TABLE notes (x)')
        con.commit()
        con.close()
        before = s.file_hash(s.db)
        r = s.fails(1, 'init')
        assert 'not a tideline one' in r.err
        assert s.file_hash(s.db) == before


def test_garbage_file_is_refused():
    with Sandbox() as s:
        s.write('tideline.db', 'hello, this is not a database\n' * 10)
        before = s.file_hash(s.db)
        r = s.fails(1, 'accounts')
        assert 'not a database' in r.err, r
        assert s.file_hash(s.db) == before


def test_views_answer_hand_queries():
    with Sandbox() as s:
        s.write('f.csv', 'platform,handle,taken_at,followers\n'
                'x,a,2025-01-01T06:00:00Z,10\n'
                'x,a,2025-01-01T18:00:00Z,12\n'
                'x,a,2025-01-02T06:00:00Z,15\n')
        s.ok('import', 'followers', s.path('f.csv'))
        assert s.query('SELECT account, day, followers FROM daily_followers '
                       'ORDER BY day') == [('x:a', '2025-01-01', 12),
                                           ('x:a', '2025-01-02', 15)]
        assert s.query('SELECT account, followers FROM latest_followers') \
            == [('x:a', 15)]


def test_constraints_guard_the_data():
    with Sandbox() as s:
        s.ok('init')
        con = sqlite3.connect(s.db)
        con.execute('PRAGMA foreign_keys = ON')
        for sql in ("INSERT INTO accounts (platform, handle, added_at) "
                    "VALUES ('myspace', 'tom', '2025-01-01T00:00:00Z')",
                    "INSERT INTO follower_snapshots (account_id, taken_at, "
                    "followers, source) VALUES (42, '2025-01-01T00:00:00Z', "
                    "1, 'import')"):
            try:
                con.execute(sql)
            except sqlite3.IntegrityError:
                continue
            raise AssertionError('accepted: ' + sql)
        con.close()


harness.main(globals())
