"""The command line: usage errors, help, version, the database path,
track, untrack and accounts."""
import csv
import io
import json
import os
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox  # noqa: E402

COMMANDS = ['accounts', 'bursts', 'decay', 'export', 'import', 'init', 'plot',
            'report', 'snapshot', 'status', 'topics', 'track', 'untrack']


def one_message_and_usage(err):
    """One line saying what is wrong, then the usage (wrapped at 80)."""
    lines = err.rstrip('\n').split('\n')
    return (len(lines) >= 2 and lines[0].startswith('tideline: ') and
            lines[1].startswith('usage: tideline') and
            all(line.startswith('    ') for line in lines[2:]) and
            all(len(line) <= 80 for line in lines[1:]))


def test_no_command_is_usage_error():
    with Sandbox() as s:
        r = s.fails(2, )
        assert 'usage: tideline' in r.err
        assert r.out == ''


def test_unknown_command_is_usage_error():
    with Sandbox() as s:
        r = s.fails(2, 'frobnicate')
        assert "unknown command 'frobnicate'" in r.err
        assert 'usage: tideline' in r.err
        assert not os.path.exists(s.db)


def test_unknown_global_option_is_usage_error():
    with Sandbox() as s:
        r = s.fails(2, '--bogus', 'accounts')
        assert "unknown option '--bogus'" in r.err
        assert 'usage: tideline' in r.err


def test_unknown_command_option_is_usage_error():
    with Sandbox() as s:
        for cmd in COMMANDS:
            r = s.fails(2, cmd, '--no-such-option')
            assert "unknown option '--no-such-option'" in r.err, (cmd, r)
            assert 'usage: tideline %s' % cmd in r.err, (cmd, r)
            assert one_message_and_usage(r.err), (cmd, r)


def test_missing_option_value_is_usage_error():
    with Sandbox() as s:
        r = s.fails(2, 'track', 'x:someone', '--group')
        assert "option '--group' needs a value" in r.err


def test_bad_format_is_usage_error():
    with Sandbox() as s:
        s.ok('init')
        r = s.fails(2, 'accounts', '--format', 'xml')
        assert "unknown format 'xml' (use text, json, csv)" in r.err
        r = s.fails(2, 'export', 'posts', '--format', 'text')
        assert "unknown format 'text' (use json, csv)" in r.err


def test_version():
    with Sandbox() as s:
        r = s.ok('--version')
        assert r.out.startswith('tideline ') and r.out.count('.') >= 2


def test_help_lists_every_command():
    with Sandbox() as s:
        for args in (['help'], ['--help'], ['-h']):
            r = s.ok(*args)
            for cmd in COMMANDS:
                assert '\n  %s ' % cmd in r.out, (cmd, r.out)


def test_help_for_every_command():
    with Sandbox() as s:
        for cmd in COMMANDS:
            a = s.ok('help', cmd)
            b = s.ok(cmd, '--help')
            assert a.out == b.out
            assert a.out.startswith('usage: tideline %s' % cmd)
        r = s.fails(2, 'help', 'nope')
        assert "unknown command 'nope'" in r.err
        assert not os.path.exists(s.db)


def test_help_does_not_hide_a_wrong_command_line():
    with Sandbox() as s:
        for args in (('status', '--help', '--frob'),
                     ('status', '--frob', '--help'),
                     ('bursts', '--help', '--since', 'nope')):
            r = s.fails(2, *args)
            assert r.out == '' and 'usage: tideline %s' % args[0] in r.err, r
        r = s.fails(2, 'help', 'status', 'extra')
        assert "help takes one command name, not 'extra'" in r.err, r
        # Help wins over arguments not given yet.
        assert s.ok('import', '--help').out.startswith('usage: tideline import')
        assert not os.path.exists(s.db)


def test_accounts_columns_stay_in_line_with_a_long_handle():
    with Sandbox() as s:
        s.ok('track', 'x:someone')
        s.ok('track', 'rss:https://a-very-long-blog-domain-name.example.org/'
             'category/engineering/feed.xml', '--group', 'a-long-group-name')
        lines = s.ok('accounts').out.splitlines()
        assert len(lines) == 3, lines
        # The state starts under STATE, the posts end under POSTS.
        state = lines[0].index('STATE')
        assert all(ln[state:state + 6] == 'active' for ln in lines[1:]), lines
        assert {len(ln) for ln in lines} == {len(lines[0])}, lines

def test_global_options_after_the_command():
    """--db and -v work wherever they stand, as the README uses them."""
    with Sandbox() as s:
        other = s.path('other.db')
        s.ok('init', '--db', other)
        assert os.path.exists(other) and not os.path.exists(s.db)
        r = s.ok('accounts', '--format', 'json', '--db', other)
        assert r.out.strip() == '[]', r
        r = s.ok('track', 'x:someone', '-v', '--db', other)
        assert 'database %s' % other in r.err, r
        r = s.ok('accounts', '--db=' + other)
        assert 'x:someone' in r.out, r
        r = s.ok('bursts', 'x:someone', '--db', other, '--format', 'json')
        assert r.out.strip() == '[]', r
        r = s.ok('report', '--as-of', '2026-01-01', '--db', other, '-v')
        assert 'database %s' % other in r.err, r
        assert not os.path.exists(s.db)


def test_usage_errors_never_create_a_database():
    """Every value is checked before the database is opened or made."""
    with Sandbox() as s:
        for args in (['snapshot', '--jobs', 'many'],
                     ['snapshot', '--jobs', '0'],
                     ['snapshot', '--timeout', '9' * 30],
                     ['track', 'x:someone', '--group', 'two words'],
                     ['track', 'x:someone', '--api-base', 'ftp://x'],
                     ['track'],
                     ['import', 'likes', 'file.csv'],
                     ['import', 'posts'],
                     ['init', 'extra'],
                     ['export', 'followers', 'posts'],
                     ['track', 'nosuch:a'], ['track', 'x:'],
                     ['untrack', 'nosuch:a'], ['snapshot', 'x:bad-handle'],
                     ['bursts', 'nosuch:a'], ['report', 'x:'],
                     ['decay', 'bluesky:nodot'], ['topics', 'yt:plain'],
                     ['plot', 'growth', 'x:a-b'],
                     ['plot', 'growth', '-o', 'x.gif'],
                     ['plot', 'growth', '--term', '-o', 'a.png'],
                     ['plot', 'growth', '--size', '80x20', '-o', 'a.png'],
                     ['plot', 'growth', '--term', 'sixel'],
                     ['--db', '', 'init'], ['init', '--db', ''],
                     ['track', 'x:a', '--db=:memory:']):
            r = s.fails(2, *args)
            cmd = args[0] if not args[0].startswith('-') else ''
            assert 'usage: tideline %s' % cmd in r.err, (args, r)
            assert one_message_and_usage(r.err), (args, r)
        assert "bad value 'many' for --jobs (a whole number from 1 to " \
            "100000)" in s.fails(2, 'snapshot', '--jobs', 'many').err
        # As typed, and digits only: no blanks, signs or hex.
        for v in (' 3', '+3', '0x3', '3 '):
            assert "bad value '%s' for -j " % v in s.fails(
                2, 'snapshot', '-j', v).err, v
        assert "unknown kind 'likes' (use followers, posts or metrics)" \
            in s.fails(2, 'import', 'likes', 'f.csv').err
        r = s.fails(1, 'import', 'posts', s.path('none.csv'))
        assert "cannot open '%s'" % s.path('none.csv') in r.err, r
        assert "write --term=sixel" in s.fails(
            2, 'plot', 'growth', '--term', 'sixel').err
        assert "--db needs the path of a file, not ''" in s.fails(
            2, 'track', 'x:a', '--db', '').err
        # A snapshot on a mistyped path makes no database and says so.
        r = s.fails(1, 'snapshot')
        assert 'no database at' in r.err, r
        assert not os.path.exists(s.db)


def test_getopt_complaints_say_what_is_wrong():
    with Sandbox() as s:
        r = s.fails(2, 'import', 'posts', 'f.csv', '--dry-run=yes')
        assert "option '--dry-run' takes no value" in r.err, r
        r = s.fails(2, 'import', 'posts', 'f.csv', '--d', 'x')
        assert "option '--d' is ambiguous (--db, --dry-run)" in r.err, r
        # A missing value never swallows the next option as a group.
        r = s.fails(2, 'track', 'x:a', '--group', '--help')
        assert "bad group '--help'" in r.err, r
        r = s.fails(2, 'track', 'x:a', '-g', '-v')
        assert "bad group '-v'" in r.err, r
        assert not os.path.exists(s.db)


def test_one_account_named_twice_is_done_once():
    with Sandbox() as s:
        r = s.ok('track', 'x:a', 'twitter:A', '@x:a'.replace('@', ''))
        assert r.out.count('tracking x:a') == 1, r
        r = s.ok('untrack', 'x:a', 'twitter:A')
        assert r.out.count('untracked x:a') == 1, r


def test_help_comes_from_the_option_tables():
    """Each option a command parses is in its help, once, with its text."""
    with Sandbox() as s:
        r = s.ok('help', 'snapshot')
        options = r.out.split('\noptions:\n')[1]
        for opt in ('-j, --jobs N', '--per-host N', '--timeout SEC',
                    '--retries N', '--max-wait SEC', '--wait SEC'):
            assert options.count(opt) == 1, (opt, r.out)
        assert 'TIDELINE_X_BEARER_TOKEN' in r.out
        assert 'TIDELINE_MASTODON_TOKEN_HOST' in r.out
        r = s.ok('export', '--help')
        assert '-f, --format FORMAT  csv (default) or json' in r.out, r.out
        r = s.ok('help', 'accounts')
        assert '-f, --format FORMAT  text (default), json or csv' in r.out
        for cmd in COMMANDS:
            for line in s.ok('help', cmd).out.splitlines():
                assert len(line) <= 80, (cmd, line)


def test_default_path_follows_xdg():
    with Sandbox() as s:
        xdg = s.path('xdg')
        r = s.ok('init', env={'TIDELINE_DB': None, 'XDG_DATA_HOME': xdg})
        want = os.path.join(xdg, 'tideline', 'tideline.db')
        assert want in r.out, r
        assert os.path.exists(want)
        mode = stat.S_IMODE(os.stat(os.path.dirname(want)).st_mode)
        assert mode == 0o700, oct(mode)


def test_default_path_falls_back_to_home():
    with Sandbox() as s:
        r = s.ok('init', env={'TIDELINE_DB': None, 'XDG_DATA_HOME': None})
        want = os.path.join(s.env['HOME'], '.local', 'share', 'tideline',
                            'tideline.db')
        assert want in r.out, r
        assert os.path.exists(want)
        for d in (os.path.dirname(want), os.path.dirname(
                os.path.dirname(want))):
            assert stat.S_IMODE(os.stat(d).st_mode) == 0o700


def test_db_flag_beats_environment():
    with Sandbox() as s:
        other = s.path('other.db')
        s.ok('--db', other, 'init')
        assert os.path.exists(other)
        assert not os.path.exists(s.db)
        s.ok('init')
        assert os.path.exists(s.db)


def test_read_commands_need_a_database():
    with Sandbox() as s:
        for args in (['accounts'], ['export', 'followers'],
                     ['untrack', 'x:someone']):
            r = s.fails(1, *args)
            assert 'no database at' in r.err and 'tideline init' in r.err
        assert not os.path.exists(s.db)


def test_init_twice_is_harmless():
    with Sandbox() as s:
        a = s.ok('init')
        b = s.ok('init')
        assert 'schema version' in a.out and a.out == b.out


def test_track_normalises_and_lists():
    with Sandbox() as s:
        r = s.ok('track', 'x:@Example_Author', 'bsky:Author.Bsky.Social',
                 '--group', 'main')
        assert 'tracking x:example_author in group main' in r.out
        s.ok('track', 'mastodon:author@Mastodon.Example')
        out = json.loads(s.ok('accounts', '--format', 'json').out)
        names = {a['account']: a for a in out}
        assert set(names) == {'x:example_author',
                              'bluesky:author.bsky.social',
                              'mastodon:@author@mastodon.example'}
        assert names['x:example_author']['group'] == 'main'
        assert names['mastodon:@author@mastodon.example']['group'] == \
            'default'
        assert all(a['active'] is True for a in out)
        assert all(a['followers'] is None for a in out)


def test_track_again_changes_only_what_is_given():
    with Sandbox() as s:
        s.ok('track', 'x:someone', '--group', 'work',
             '--api-base', 'http://127.0.0.1:9/')
        r = s.ok('track', 'x:someone')
        assert 'updated x:someone' in r.out
        rows = s.query('SELECT group_name, api_base, active FROM accounts')
        assert rows == [('work', 'http://127.0.0.1:9/', 1)]


def test_track_bad_input():
    with Sandbox() as s:
        # A bad name is a usage error, found before any database is made.
        r = s.fails(2, 'track', 'x:ok_one', 'x:not-valid')
        assert "bad account 'x:not-valid'" in r.err
        assert r.out == '', 'claims to have tracked: ' + r.out
        assert not os.path.exists(s.db)
        r = s.fails(2, 'track', 'myspace:tom')
        assert "unknown platform 'myspace'" in r.err
        # All or nothing: with a database, the good account is not added.
        s.ok('init')
        s.fails(2, 'track', 'x:ok_one', 'x:not-valid')
        assert s.query('SELECT count(*) FROM accounts') == [(0,)]
        r = s.fails(2, 'track', 'x:someone', '--group', 'has space')
        assert "bad group 'has space'" in r.err
        r = s.fails(2, 'track', 'x:someone', '--api-base', 'ftp://x')
        assert "bad API base 'ftp://x'" in r.err
        s.fails(2, 'track')


def test_untrack_keeps_data():
    with Sandbox() as s:
        s.ok('track', 'x:someone')
        s.write('f.csv', 'platform,handle,taken_at,followers\n'
                'x,someone,2025-01-01,5\n')
        s.ok('import', 'followers', s.path('f.csv'))
        r = s.ok('untrack', 'x:@SomeOne')
        assert 'untracked x:someone' in r.out
        out = json.loads(s.ok('accounts', '-f', 'json').out)
        assert out[0]['active'] is False and out[0]['followers'] == 5
        assert out[0]['snapshots'] == 1
        r = s.fails(1, 'untrack', 'x:nobody')
        assert "no account 'x:nobody'" in r.err
        s.ok('track', 'x:someone')
        assert s.query('SELECT active FROM accounts') == [(1,)]


def test_accounts_formats_agree():
    with Sandbox() as s:
        s.ok('track', 'x:alpha', 'rss:https://blog.example/feed.xml')
        s.write('f.csv', 'platform,handle,taken_at,followers\n'
                'x,alpha,2025-01-01,1234\nx,alpha,2025-01-02,1500\n')
        s.ok('import', 'followers', s.path('f.csv'))
        text = s.ok('accounts').out
        assert 'x:alpha' in text and '1,500' in text
        assert 'rss:https://blog.example/feed.xml' in text
        rows = list(csv.DictReader(io.StringIO(
            s.ok('accounts', '--format', 'csv').out)))
        js = json.loads(s.ok('accounts', '--format', 'json').out)
        assert [r['account'] for r in rows] == [j['account'] for j in js]
        alpha = [r for r in rows if r['account'] == 'x:alpha'][0]
        assert alpha['followers'] == '1500'
        assert alpha['last_snapshot'] == '2025-01-02T00:00:00Z'


def test_empty_accounts_says_how_to_start():
    with Sandbox() as s:
        s.ok('init')
        r = s.ok('accounts')
        assert 'tideline track' in r.out
        assert json.loads(s.ok('accounts', '-f', 'json').out) == []


harness.main(globals())
