"""The database: migrations from empty to the newest version, upgrades of
a filled version-1 database that keep every row (with a backup first),
refusal of databases tideline must not change, and the views for hand
queries."""
import glob
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox  # noqa: E402

TABLES = {'accounts', 'follower_snapshots', 'posts', 'post_tags',
          'post_links', 'post_metrics', 'fetch_runs', 'fetch_errors'}
# Tables later versions added; an upgrade leaves them empty.
NEW_TABLES = {'history_walks', 'post_deletions', 'timeline_gaps',
              'census_settings', 'census_walks', 'census_followers',
              'census_failures', 'census_spend', 'census_notify',
              'census_follow_times', 'census_severances',
              'census_past_lives', 'census_activity_checks',
              'census_spend_reads', 'engagements', 'engager_lists',
              'census_mode_changes'}
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
                    "VALUES ('x', '', '2025-01-01T00:00:00Z')",
                    "INSERT INTO follower_snapshots (account_id, taken_at, "
                    "followers, source) VALUES (42, '2025-01-01T00:00:00Z', "
                    "1, 'import')"):
            try:
                con.execute(sql)
            except sqlite3.IntegrityError:
                continue
            raise AssertionError('accepted: ' + sql)
        con.close()


def test_unknown_platform_is_listed_never_fetched():
    # Since version 2 the platform is checked in C, not by a CHECK: a name
    # this tideline does not know (a newer one's platform) must not crash
    # it, and its rows stay.
    with Sandbox() as s:
        s.ok('init')
        con = sqlite3.connect(s.db)
        con.execute("INSERT INTO accounts (id, platform, handle, added_at) "
                    "VALUES (7, 'myspace', 'tom', '2025-01-01T00:00:00Z'), "
                    "(8, 'Twitter', 'tom', '2025-01-01T00:00:00Z')")
        con.execute("INSERT INTO follower_snapshots (account_id, taken_at, "
                    "followers, source) VALUES "
                    "(7, '2025-01-02T00:00:00Z', 5, 'import')")
        con.commit()
        con.close()
        # 'Twitter' is no spelling the store writes: unknown too. Each
        # keeps its own name, so the two stay apart, as export writes them.
        listed = json.loads(s.ok('accounts', '--format', 'json').out)
        assert [(a['account'], a['platform'], a['active'], a['followers'])
                for a in listed] == [('Twitter:tom', 'Twitter', False, None),
                                     ('myspace:tom', 'myspace', False, 5)]
        r = s.ok('snapshot')
        assert 'no active accounts' in r.err, r
        assert '(untracked)' in s.ok('status').out
        assert s.ok('export', 'followers').out.splitlines()[1:] == [
            'myspace,tom,2025-01-02T00:00:00Z,5,,,0,import']
        assert s.query('SELECT count(*) FROM fetch_runs WHERE '
                       'accounts_ok + accounts_failed > 0') == [(0,)]


# Upgrades -------------------------------------------------------------

V1_SQL = os.path.join(harness.source_root(), 'tests', 'fixtures', 'schema',
                      'v1.sql')
V1_NOTE_LINES = 4       # the FROZEN note above the verbatim copy
PLATFORM_HANDLES = {
    'mastodon': ['@author@mastodon.example', '@b@social.example',
                 '@c.d@mastodon.example'],
    'bluesky': ['author.bsky.social', 'did:plc:abc123', 'c.example.com'],
    'x': ['example_author', 'second', 'third_one'],
    'youtube': ['UCaaaaaaaaaaaaaaaaaaaaaa', '@handle', 'UCbbbbbbbbbbbbbbbbbbbbbb'],
    'rss': ['https://blog.example/feed.xml',
            'https://wp.example/wp-json/wp/v2/posts',
            'https://atom.example/atom.xml'],
}


def latest_version():
    names = os.listdir(os.path.join(harness.source_root(), 'schema'))
    return len([n for n in names if n.endswith('.sql')])


def iso(day, second=0):
    t = 1735689600 + day * 86400 + second          # 2025-01-01
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(t))


def maybe(rng, value, p=0.2):
    return None if rng.random() < p else value


def fill_v1(con, days=60):
    """Rows in every table of version 1, with NULLs and every kind."""
    rng = random.Random(9)
    runs = [(i + 1, iso(i * 7, 21600), None if status == 'running'
             else iso(i * 7, 21660), status, rng.randrange(20),
             rng.randrange(3), '0.1.0')
            for i, status in enumerate(['ok', 'partial', 'failed', 'ok',
                                        'running', 'partial'])]
    con.executemany('INSERT INTO fetch_runs VALUES (?, ?, ?, ?, ?, ?, ?)',
                    runs)
    account_id = 0
    post_id = 0
    for platform, handles in PLATFORM_HANDLES.items():
        for i, handle in enumerate(handles):
            account_id += 1
            con.execute(
                'INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
                (account_id, platform, handle, ['default', 'work', 'side'][i],
                 maybe(rng, 'http://127.0.0.1:9/%s' % platform, 0.6),
                 maybe(rng, 'id-%d' % account_id, 0.4), iso(0),
                 1 if i < 2 else 0, maybe(rng, iso(days - 1, 30), 0.3)))
            followers = rng.randrange(10, 5000)
            for day in range(days):
                followers += rng.randrange(-3, 40)
                con.execute(
                    'INSERT INTO follower_snapshots VALUES '
                    '(?, ?, ?, ?, ?, ?, ?, ?)',
                    (account_id, iso(day, 21600 + i),
                     maybe(rng, followers, 0.05), maybe(rng, 120 + day, 0.3),
                     maybe(rng, 300 + day, 0.3),
                     1 if platform == 'youtube' else 0,
                     rng.choice(['api', 'import', 'manual']),
                     maybe(rng, rng.randrange(1, 7), 0.5)))
            for n in range(8):
                post_id += 1
                con.execute(
                    'INSERT INTO posts VALUES (?, ?, ?, ?, ?, ?, ?)',
                    (post_id, account_id, 'p%d-%d' % (account_id, n),
                     iso(n * 7, 3600 * n), maybe(rng, 'https://p.example/%d'
                                                 % post_id),
                     maybe(rng, 'Post \u00e9 "%d", it\'s <b>%d</b>'
                           % (post_id, n)),
                     rng.choice(['post', 'reply', 'article', 'video'])))
                for tag in rng.sample(['linux', 'kernel', 'c', 'sqlite'],
                                      rng.randrange(4)):
                    con.execute('INSERT INTO post_tags VALUES (?, ?)',
                                (post_id, tag))
                for k in range(rng.randrange(3)):
                    con.execute('INSERT INTO post_links VALUES (?, ?)',
                                (post_id, 'https://l.example/%d/%d'
                                 % (post_id, k)))
                for k in range(3):
                    con.execute(
                        'INSERT INTO post_metrics VALUES '
                        '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                        (post_id, iso(n * 7 + k, 7200),
                         *[maybe(rng, rng.randrange(500)) for _ in range(6)],
                         rng.choice(['api', 'import', 'manual']),
                         maybe(rng, rng.randrange(1, 7), 0.5)))
        con.execute('INSERT INTO fetch_errors VALUES (?, ?, ?, ?, ?, ?, ?)',
                    (rng.randrange(1, 7), account_id, iso(3),
                     maybe(rng, 429, 0.5), 'rate_limit',
                     'slow down, "please" \u2014 %s' % platform,
                     maybe(rng, iso(4), 0.5)))
    con.execute('INSERT INTO fetch_errors VALUES (2, 1, ?, NULL, '
                "'network', 'connection refused', NULL)", (iso(7),))


def make_v1(path, days=60):
    """A filled version-1 database in WAL mode, as tideline v1 left it."""
    with open(V1_SQL, encoding='utf-8') as f:
        schema = f.read()
    con = sqlite3.connect(path)
    con.execute('PRAGMA journal_mode = WAL')
    con.executescript(schema)
    fill_v1(con, days)
    con.execute('PRAGMA user_version = 1')
    con.commit()
    con.close()


def every_row(s, db):
    """Every table and view: its columns and all its rows, in order."""
    out = {}
    for (name,) in s.query("SELECT name FROM sqlite_schema WHERE type IN "
                           "('table', 'view') ORDER BY name", db=db):
        cols = [r[1] for r in s.query('PRAGMA table_info("%s")' % name,
                                      db=db)]
        order = ', '.join(str(i + 1) for i in range(len(cols)))
        out[name] = (cols, s.query('SELECT * FROM "%s" ORDER BY %s'
                                   % (name, order), db=db))
    return out


def kept(after, before):
    """The rows of an older version's tables, and nothing new beside."""
    assert set(after) - set(before) <= NEW_TABLES, set(after) - set(before)
    for name in set(after) - set(before):
        assert after[name][1] == [], (name, after[name][1][:3])
    return {name: after[name] for name in before}


def schema_of(s, db):
    return s.query('SELECT type, name, tbl_name, sql FROM sqlite_schema '
                   'ORDER BY type, name', db=db)


def test_v1_fixture_is_the_landed_v1():
    # Landed migrations are never edited: the frozen copy proves it.
    with open(V1_SQL, encoding='utf-8') as f:
        frozen = f.read().split('\n', V1_NOTE_LINES)
    with open(os.path.join(harness.source_root(), 'schema',
                           '0001_initial.sql'), encoding='utf-8') as f:
        landed = f.read()
    assert frozen[0].startswith('-- FROZEN'), frozen[0]
    assert frozen[V1_NOTE_LINES] == landed


def test_upgrade_from_v1_keeps_every_row():
    with Sandbox() as s:
        make_v1(s.db)
        before = every_row(s, s.db)
        v1_schema = schema_of(s, s.db)
        counts = {t: len(before[t][1]) for t in TABLES}
        assert min(counts.values()) >= 6, counts
        assert {p for p, in s.query('SELECT platform FROM accounts')} == \
            set(PLATFORM_HANDLES)
        r = s.ok('init')
        backup = s.db + '.bak-v1'
        assert r.err == ("tideline: backed up '%s' to '%s' before migrating "
                         "it to version %d\n" % (s.db, backup,
                                                 latest_version())), r
        assert schema_version(s) == latest_version()
        assert kept(every_row(s, s.db), before) == before
        assert s.query('PRAGMA foreign_key_check') == []
        assert s.query('PRAGMA integrity_check') == [('ok',)]
        # The schema is the one a new database gets, views and all.
        with Sandbox() as fresh:
            fresh.ok('init')
            assert schema_of(s, s.db) == schema_of(fresh, fresh.db)
        views = [row for row in v1_schema if row[0] == 'view']
        assert [row for row in schema_of(s, s.db) if row[0] == 'view'] == \
            views and len(views) == len(VIEWS)
        accounts_sql = s.query("SELECT sql FROM sqlite_schema WHERE "
                               "name = 'accounts'")[0][0]
        assert 'platform IN' not in accounts_sql
        assert 'UNIQUE (platform, handle)' in accounts_sql
        # The backup holds version 1 as it was, private to the user.
        assert os.stat(backup).st_mode & 0o777 == 0o600
        assert every_row(s, backup) == before
        assert schema_of(s, backup) == v1_schema
        assert s.query('PRAGMA user_version', db=backup) == [(1,)]
        # Up to date now: no second backup, no line.
        r = s.ok('init')
        assert r.err == '', r
        assert glob.glob(s.db + '.bak*') == [backup]
        listed = json.loads(s.ok('accounts', '--format', 'json').out)
        assert sorted((a['platform'], a['handle']) for a in listed) == \
            sorted((p, h) for p, hs in PLATFORM_HANDLES.items() for h in hs)


def make_v3(path, days=60):
    """A filled version-3 database: version 1 with 0002 and 0003 applied
    as their SQL says (the tags of fill_v1 are in their one form already,
    so 0003's data step would change none)."""
    make_v1(path, days)
    con = sqlite3.connect(path)
    for name in ('0002_accounts_without_platform_check.sql',
                 '0003_tags_in_one_form.sql'):
        with open(os.path.join(harness.source_root(), 'schema', name),
                  encoding='utf-8') as f:
            con.executescript(f.read())
    con.execute('PRAGMA user_version = 3')
    con.commit()
    con.close()


def test_upgrade_from_v3_keeps_every_row():
    """Version 4 adds the history walks and the deleted posts beside the
    old tables: every row stays, the new tables start empty, a post is
    not marked deleted and no account's walk is under way."""
    with Sandbox() as s:
        make_v3(s.db)
        before = every_row(s, s.db)
        r = s.ok('init')
        assert "before migrating it to version %d" % latest_version() \
            in r.err, r
        assert glob.glob(s.db + '.bak-v3') == [s.db + '.bak-v3']
        after = every_row(s, s.db)
        assert kept(after, before) == before
        assert NEW_TABLES <= set(after)
        assert s.query('PRAGMA foreign_key_check') == []
        with Sandbox() as fresh:
            fresh.ok('init')
            assert schema_of(s, s.db) == schema_of(fresh, fresh.db)
        # Every post exports as it was, with an empty 'deleted_at'.
        out = s.ok('export', 'posts').out.splitlines()
        assert out[0].endswith(',kind,deleted_at'), out[0]
        assert len(out) - 1 == len(before['posts'][1])
        assert all(line.endswith(',') for line in out[1:]), out[1]


def test_usage_errors_leave_an_old_database_as_it_was():
    """A mistyped command line neither migrates nor backs up."""
    with Sandbox() as s:
        make_v1(s.db, days=5)
        with open(s.db, 'rb') as f:
            before = f.read()
        for args in (['plot', 'growth', '-o', 'x.gif'],
                     ['bursts', 'nosuch:a'], ['track', 'x:'],
                     ['snapshot', '--jobs', '0'],
                     ['report', '--since', '2026-02-01', '--until',
                      '2026-01-01']):
            s.fails(2, *args)
        with open(s.db, 'rb') as f:
            assert f.read() == before
        assert not [n for n in os.listdir(s.dir) if '.bak-' in n]
        assert schema_version(s) == 1


def test_upgrade_puts_every_tag_in_one_form():
    """Version 3 rewrites the tags older versions stored half-lowered,
    so one topic is one tag whether it was fetched, imported or kept."""
    with Sandbox() as s:
        make_v1(s.db, days=5)
        con = sqlite3.connect(s.db)
        post = con.execute('SELECT id FROM posts ORDER BY id LIMIT 1'
                           ).fetchone()[0]
        other = con.execute('SELECT id FROM posts ORDER BY id LIMIT 1 '
                            'OFFSET 1').fetchone()[0]
        con.execute('DELETE FROM post_tags WHERE post_id IN (?, ?)',
                    (post, other))
        for pid, tag in ((post, '\u00c9migr\u00e9 life'),
                         (post, '\u00e9migr\u00e9 life'),
                         (post, '\u00dcBER  cool'),
                         (post, '\x1b[31mred\x1b[0m'),
                         (post, '\x07'),
                         (other, '\u039f\u0394\u039f\u03a3'),
                         (other, 'E\u0301migre\u0301 Life')):
            con.execute('INSERT INTO post_tags (post_id, tag) VALUES (?, ?)',
                        (pid, tag))
        con.commit()
        con.close()
        s.ok('init')
        assert schema_version(s) >= 3
        got = s.query('SELECT post_id, tag FROM post_tags WHERE post_id IN '
                      '(?, ?) ORDER BY post_id, tag', (post, other))
        assert got == sorted([
            (post, '\u00e9migr\u00e9 life'), (post, '\u00fcber cool'),
            (post, 'red'), (other, '\u00e9migr\u00e9 life'),
            (other, '\u03bf\u03b4\u03bf\u03c3')]), got


def test_upgrade_backup_never_overwrites_one():
    with Sandbox() as s:
        make_v1(s.db, days=5)
        s.write('tideline.db.bak-v1', 'an older backup\n')
        r = s.ok('init')
        assert "to '%s.bak-v1.2' before migrating" % s.db in r.err, r
        with open(s.db + '.bak-v1', encoding='utf-8') as f:
            assert f.read() == 'an older backup\n'
        assert s.query('PRAGMA user_version', db=s.db + '.bak-v1.2') == \
            [(1,)]


def limit_file_size():
    """In the child: files may not grow past 64 KiB (a full disk)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))


def test_upgrade_refused_when_no_backup_can_be_written():
    # A read-only folder stops no root, so the disk fills up instead: no
    # file may grow past 64 KiB, and the backup of a larger database fails.
    with Sandbox() as s:
        make_v1(s.db, days=240)
        assert os.path.getsize(s.db) > 4 * 65536, os.path.getsize(s.db)
        before = s.file_hash(s.db)
        rows = every_row(s, s.db)
        proc = subprocess.run([harness.binary(), 'init'], env=s.env,
                              capture_output=True, text=True, timeout=120,
                              preexec_fn=limit_file_size)
        assert proc.returncode == 1, (proc.returncode, proc.stderr)
        assert proc.stderr.startswith(
            "tideline: cannot back up '%s' to '%s.bak-v1' before migrating "
            "it: " % (s.db, s.db)), proc.stderr
        assert proc.stderr.endswith('; the database was not changed\n')
        assert 'backed up' not in proc.stderr
        assert s.file_hash(s.db) == before
        assert glob.glob(s.db + '.bak*') == []
        assert schema_version(s) == 1
        # With room again the same database migrates whole.
        s.ok('init')
        assert kept(every_row(s, s.db), rows) == rows
        assert schema_version(s) == latest_version()


def test_upgrade_refused_when_rows_lack_their_parent():
    # Version 1 with foreign keys off by hand left a snapshot whose
    # account is gone: the migration names it and changes nothing.
    with Sandbox() as s:
        make_v1(s.db, days=5)
        con = sqlite3.connect(s.db)
        con.execute('DELETE FROM post_metrics')
        con.execute('DELETE FROM post_links')
        con.execute('DELETE FROM post_tags')
        con.execute('DELETE FROM posts')
        con.execute('DELETE FROM fetch_errors')
        con.execute('DELETE FROM accounts WHERE id = 3')
        con.commit()
        con.close()
        before = s.file_hash(s.db)
        r = s.fails(1, 'init')
        assert "cannot apply migration 0002_" in r.err, r
        assert "the database already has a row of 'follower_snapshots' " \
            "that refers to a missing row of 'accounts'" in r.err, r
        assert 'stays at schema version 1' in r.err
        assert s.file_hash(s.db) == before
        assert glob.glob(s.db + '.bak*') == []


harness.main(globals())
