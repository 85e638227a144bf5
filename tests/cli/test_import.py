"""CSV import and export: every accepted shape, one test per class of bad
input (the whole file refused with FILE:LINE, nothing written),
idempotent re-import, and the export/import round trip."""
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox  # noqa: E402

FOLLOWERS = ('platform,handle,taken_at,followers,following,posts\n'
             'x,example_author,2025-01-01T06:10:00Z,100,10,5\n'
             'x,example_author,2025-01-02T06:10:00Z,110,,\n'
             'mastodon,@author@mastodon.example,2025-01-01,50,,\n')

POSTS = ('platform,handle,post_id,published_at,url,title,tags,kind\n'
         'rss,https://blog.example/feed.xml,https://blog.example/a,'
         '2025-01-01,https://blog.example/a,"Paging, ""really"" explained",'
         'Kernel;Linux,article\n'
         'x,example_author,1001,2025-01-01T12:00:00+01:00,'
         'https://x.com/example_author/status/1001,'
         '"New post: https://blog.example/a. Enjoy 🌊",#kernel; ,post\n')

METRICS = ('platform,handle,post_id,taken_at,likes,reposts,replies,quotes,'
           'views\n'
           'x,example_author,1001,2025-01-02T06:10:00Z,10,3,1,,500\n'
           'x,example_author,1001,2025-01-08T06:10:00Z,20,6,2,1,900\n')


def seeded(s):
    """A database holding the three small files above."""
    for kind, text in (('followers', FOLLOWERS), ('posts', POSTS),
                       ('metrics', METRICS)):
        s.ok('import', kind, s.write(kind + '.csv', text))


def refused(s, kind, text, line, message, name='bad.csv'):
    """Import text; expect exit 1, 'FILE:LINE: message' and no change."""
    seeded(s)
    before = s.dump()
    path = s.write(name, text, mode='wb' if isinstance(text, bytes)
                   else 'w')
    r = s.fails(1, 'import', kind, path)
    want = '%s:%d: ' % (path, line)
    assert want in r.err, 'want %r in %r' % (want, r.err)
    assert message in r.err, 'want %r in %r' % (message, r.err)
    assert 'nothing was imported' in r.err
    assert len(r.err.strip().splitlines()) == 1, r.err
    assert s.dump() == before, 'the database changed'
    return r


def test_followers_import():
    with Sandbox() as s:
        r = s.ok('import', 'followers', s.write('f.csv', FOLLOWERS))
        assert 'imported 3 follower snapshots' in r.out
        assert '2 new accounts' in r.out
        rows = s.query('SELECT account, taken_at, followers, following, '
                       'posts, source FROM follower_snapshots JOIN '
                       'account_names ON id = account_id ORDER BY 1, 2')
        assert rows == [
            ('mastodon:@author@mastodon.example', '2025-01-01T00:00:00Z',
             50, None, None, 'import'),
            ('x:example_author', '2025-01-01T06:10:00Z', 100, 10, 5,
             'import'),
            ('x:example_author', '2025-01-02T06:10:00Z', 110, None, None,
             'import')]


def test_posts_import_tags_links_kinds():
    with Sandbox() as s:
        seeded(s)
        posts = s.query('SELECT remote_id, published_at, title, kind '
                        'FROM posts ORDER BY published_at')
        assert posts == [
            ('https://blog.example/a', '2025-01-01T00:00:00Z',
             'Paging, "really" explained', 'article'),
            ('1001', '2025-01-01T11:00:00Z',
             'New post: https://blog.example/a. Enjoy 🌊', 'post')]
        tags = s.query('SELECT p.remote_id, t.tag FROM post_tags t '
                       'JOIN posts p ON p.id = t.post_id ORDER BY 1, 2')
        assert tags == [('1001', 'kernel'),
                        ('https://blog.example/a', 'kernel'),
                        ('https://blog.example/a', 'linux')]
        links = s.query('SELECT p.remote_id, l.url FROM post_links l '
                        'JOIN posts p ON p.id = l.post_id')
        assert links == [('1001', 'https://blog.example/a')]


def test_metrics_empty_cell_is_null():
    with Sandbox() as s:
        seeded(s)
        rows = s.query('SELECT taken_at, likes, reposts, replies, quotes, '
                       'views, bookmarks FROM post_metrics ORDER BY 1')
        assert rows == [('2025-01-02T06:10:00Z', 10, 3, 1, None, 500, None),
                        ('2025-01-08T06:10:00Z', 20, 6, 2, 1, 900, None)]


def test_reimport_changes_nothing():
    with Sandbox() as s:
        seeded(s)
        before = s.dump()
        for kind, text in (('followers', FOLLOWERS), ('posts', POSTS),
                           ('metrics', METRICS)):
            r = s.ok('import', kind, s.write(kind + '.csv', text))
            assert '(0 new or changed)' in r.out, r
        assert s.dump() == before


def test_reimport_updates_changed_rows():
    with Sandbox() as s:
        seeded(s)
        changed = FOLLOWERS.replace(',110,,', ',111,,')
        r = s.ok('import', 'followers', s.write('f2.csv', changed))
        assert '(1 new or changed)' in r.out, r
        assert s.query("SELECT followers FROM follower_snapshots WHERE "
                       "taken_at = '2025-01-02T06:10:00Z'") == [(111,)]


def test_bom_crlf_quotes_extra_columns_any_order():
    with Sandbox() as s:
        text = ('\ufeffnote,Followers,taken_at,handle,platform\r\n'
                '"a, b",7,2025-02-01T00:00:00Z,someone,x\r\n'
                '"multi\r\nline ""note""",8,2025-02-02T00:00:00Z,someone,x\r\n')
        r = s.ok('import', 'followers', s.write('f.csv', text))
        assert 'imported 2 follower snapshots' in r.out
        assert s.query('SELECT followers FROM follower_snapshots '
                       'ORDER BY taken_at') == [(7,), (8,)]


def test_stdin_import():
    with Sandbox() as s:
        r = s.ok('import', 'followers', '-', stdin=FOLLOWERS)
        assert 'from <stdin>' in r.out
        assert s.query('SELECT count(*) FROM follower_snapshots') == [(3,)]


def test_dry_run_writes_nothing():
    with Sandbox() as s:
        s.ok('init')
        before = s.dump()
        r = s.ok('import', '--dry-run', 'followers',
                 s.write('f.csv', FOLLOWERS))
        assert 'checked 3 follower snapshots' in r.out
        assert 'nothing written' in r.out
        assert s.dump() == before


def test_bad_missing_column_names_the_layout():
    with Sandbox() as s:
        r = refused(s, 'followers', 'platform,handle,when,followers\n'
                    'x,a,2025-01-01,1\n', 1, "missing column 'taken_at'")
        assert 'platform,handle,taken_at,followers' in r.err


def test_bad_wrong_kind_of_file_is_named():
    with Sandbox() as s:
        r = refused(s, 'followers', POSTS, 1, "missing column 'taken_at'")
        assert "this looks like a posts file" in r.err


def test_bad_duplicate_column():
    with Sandbox() as s:
        refused(s, 'followers', 'platform,handle,taken_at,followers,'
                'followers\nx,a,2025-01-01,1,2\n', 1,
                "column 'followers' appears twice")


def test_bad_empty_file():
    with Sandbox() as s:
        refused(s, 'followers', '', 1, 'empty file')


def test_bad_time():
    with Sandbox() as s:
        refused(s, 'followers', FOLLOWERS + 'x,a,2025-02-30,5,,\n', 5,
                "bad time '2025-02-30' in column 'taken_at': date out of "
                "range")


def test_bad_time_without_zone():
    with Sandbox() as s:
        refused(s, 'followers', FOLLOWERS + 'x,a,2025-02-03T10:00:00,5,,\n',
                5, 'no zone')


def test_bad_time_out_of_range_in_utc():
    # In range as written, past 9999 or before 1970 once in UTC: such a
    # time was stored as year 0000 (or 1969) and broke the round trip.
    for when in ('9999-12-31T23:00:00-05:00', '1970-01-01T00:30:00+01:00'):
        with Sandbox() as s:
            refused(s, 'followers', FOLLOWERS + 'x,a,%s,5,,\n' % when, 5,
                    "bad time '%s' in column 'taken_at': time out of "
                    "range" % when)
    with Sandbox() as s:
        refused(s, 'posts', POSTS + 'x,a,9,9999-12-31T20:00-04:00,,t,,\n',
                4, 'time out of range')


def test_export_round_trip_at_the_ends_of_time():
    with Sandbox() as s:
        s.ok('import', 'followers', s.write('f.csv', (
            'platform,handle,taken_at,followers\n'
            'x,a,1970-01-01T01:00:00+01:00,1\n'
            'x,a,9999-12-31T18:59:59-05:00,2\n')))
        assert s.query('SELECT taken_at FROM follower_snapshots ORDER BY '
                       '1') == [('1970-01-01T00:00:00Z',),
                                ('9999-12-31T23:59:59Z',)]
        text = s.ok('export', 'followers').out
        other = s.path('other.db')
        s.ok('--db', other, 'import', 'followers', s.write('e.csv', text))
        assert s.ok('--db', other, 'export', 'followers').out == text


def test_bad_negative_count():
    with Sandbox() as s:
        refused(s, 'followers', FOLLOWERS + 'x,a,2025-02-03,-5,,\n', 5,
                "bad count '-5' in column 'followers': negative count")


def test_bad_non_numeric_count():
    with Sandbox() as s:
        refused(s, 'metrics', METRICS.replace(',20,6,', ',twenty,6,'), 3,
                "bad count 'twenty' in column 'likes'")


def test_bad_empty_required_count():
    with Sandbox() as s:
        refused(s, 'followers', FOLLOWERS + 'x,a,2025-02-03,,,\n', 5,
                "column 'followers' is empty")


def test_bad_metrics_for_unknown_post():
    with Sandbox() as s:
        refused(s, 'metrics', METRICS + 'x,example_author,999,2025-01-09,'
                '1,1,1,1,1\n', 4, "metrics for unknown post '999'")


def test_bad_metrics_for_unknown_account():
    with Sandbox() as s:
        refused(s, 'metrics', METRICS + 'x,stranger,1,2025-01-09,'
                '1,1,1,1,1\n', 4, "unknown account 'x:stranger'")


def test_bad_platform_and_handle():
    with Sandbox() as s:
        refused(s, 'followers', FOLLOWERS + 'myspace,tom,2025-01-01,1,,\n', 5,
                "unknown platform 'myspace'")
    with Sandbox() as s:
        refused(s, 'followers', FOLLOWERS + 'mastodon,tom,2025-01-01,1,,\n',
                5, "bad mastodon handle 'tom'")


def test_bad_conflicting_duplicate_follower_row():
    # Last row won, and every import of the file reported a change.
    with Sandbox() as s:
        refused(s, 'followers', FOLLOWERS + 'x,example_author,'
                '2025-01-02T06:10:00Z,111,,\n', 5,
                'x:example_author at 2025-01-02T06:10:00Z already given at '
                'line 3 with other values')
    # The same account and moment however written, far apart or not.
    with Sandbox() as s:
        refused(s, 'followers', FOLLOWERS + ''.join(
            'x,other,2025-03-01T%02d:00:00Z,%d,,\n' % (h, h)
            for h in range(24)) + 'X,@Example_Author,'
            '2025-01-02T07:10:00+01:00,110,,1\n', 29,
            'x:example_author at 2025-01-02T06:10:00Z already given at '
            'line 3 with other values')


def test_bad_conflicting_duplicates_in_one_batch_and_across():
    rows = ['x,big,%s,%d' % (
        '2020-01-%02dT%02d:00:00Z' % (1 + d // 24, d % 24), d)
        for d in range(300)]
    head = 'platform,handle,taken_at,followers\n'
    for at, of in ((10, 3), (250, 7), (299, 200)):
        lines = list(rows)
        lines[at] = lines[of].rsplit(',', 1)[0] + ',99999'
        with Sandbox() as s:
            refused(s, 'followers', head + '\n'.join(lines) + '\n',
                    at + 2, 'already given at line %d with other values'
                    % (of + 2))


def test_bad_conflicting_duplicate_post_and_metrics():
    with Sandbox() as s:
        refused(s, 'posts', POSTS + 'x,example_author,1001,'
                '2025-01-01T11:00:00Z,,another title,kernel,post\n', 4,
                "post '1001' of x:example_author already given at line 3 "
                "with other values")
    with Sandbox() as s:
        refused(s, 'metrics', METRICS + 'x,example_author,1001,'
                '2025-01-02T06:10:00Z,10,3,1,0,500\n', 4,
                "metrics of post '1001' of x:example_author at "
                "2025-01-02T06:10:00Z already given at line 2 with other "
                "values")


def test_identical_duplicate_rows_are_stored_once():
    with Sandbox() as s:
        seeded(s)
        before = s.dump()
        again = {
            'followers': FOLLOWERS + 'x,example_author,'
                         '2025-01-02T07:10:00+01:00,110,,\n',
            'posts': POSTS + 'x,example_author,1001,2025-01-01T11:00:00Z,'
                     'https://x.com/example_author/status/1001,'
                     '"New post: https://blog.example/a. Enjoy 🌊",'
                     'Kernel;kernel,post\n',
            'metrics': METRICS + METRICS.split('\n', 1)[1],
        }
        for kind, repeated in (('followers', 1), ('posts', 1),
                               ('metrics', 2)):
            for _ in range(2):
                r = s.ok('import', kind, s.write(kind + '.csv',
                                                 again[kind]))
                assert '(0 new or changed, %d repeated row%s stored once)' \
                    % (repeated, '' if repeated == 1 else 's') in r.out, r
        assert s.dump() == before


def test_bad_field_count():
    with Sandbox() as s:
        refused(s, 'followers', FOLLOWERS + 'x,a,2025-01-01\n', 5,
                'expected 6 fields as in the header, found 3')


def test_bad_unterminated_quote():
    with Sandbox() as s:
        refused(s, 'posts', POSTS + 'x,a,9,2025-01-01,,"never closed,,\n'
                'and on\n', 4, 'quoted field opened on line 4 is never '
                'closed')


def test_bad_utf8():
    with Sandbox() as s:
        refused(s, 'posts', POSTS.encode() + b'x,a,9,2025-01-01,,caf\xe9,,'
                b'\n', 4, 'invalid UTF-8 in field 6')


def test_bad_kind():
    with Sandbox() as s:
        refused(s, 'posts', POSTS + 'x,a,9,2025-01-01,,t,,tweetstorm\n', 4,
                "unknown kind 'tweetstorm'")


def test_bad_row_late_in_a_large_file_keeps_nothing():
    with Sandbox() as s:
        lines = ['platform,handle,taken_at,followers']
        for d in range(5000):
            lines.append('x,big,%s,%d' % (
                '2020-01-01' if d == 0 else '2020-01-01T00:00:00Z'
                if False else '%04d-01-01T%02d:%02d:00Z' % (
                    2020 + d // 1440, d // 60 % 24, d % 60), d))
        lines.append('x,big,2030-01-01,oops')
        refused(s, 'followers', '\n'.join(lines) + '\n', 5002,
                "bad count 'oops'")
        assert s.query("SELECT count(*) FROM accounts WHERE handle = 'big'") \
            == [(0,)]


def test_huge_field_through_a_pipe_is_refused_in_bounded_memory():
    # The reader held a whole field: 64 MiB of title cost 234 MiB.
    with Sandbox() as s:
        s.ok('init')
        before = s.dump()
        with open(s.path('out'), 'w') as out, open(s.path('err'), 'w') as err:
            p = subprocess.Popen([harness.binary(), 'import', 'posts', '-'],
                                 stdin=subprocess.PIPE, stdout=out,
                                 stderr=err, env=s.env)
            chunk = b'x' * (1 << 20)
            try:
                p.stdin.write(b'platform,handle,post_id,published_at,url,'
                              b'title,tags\nx,a,1,2025-01-01,,"')
                for _ in range(64):
                    p.stdin.write(chunk)
                p.stdin.write(b'",\n')
                p.stdin.close()
            except BrokenPipeError:
                pass
            _, status, usage = os.wait4(p.pid, 0)
            p.returncode = os.waitstatus_to_exitcode(status)
        with open(s.path('err')) as f:
            err = f.read()
        assert p.returncode == 1, (p.returncode, err)
        assert err == ('tideline: <stdin>:2: field 6 is longer than 1 MiB; '
                       'nothing was imported from it\n'), err
        # ru_maxrss is in KiB: 13 MiB here, 26 MiB with the sanitizers.
        assert usage.ru_maxrss < 48 * 1024, usage.ru_maxrss
        assert s.dump() == before


# Accounts whose handle names a host that is no public server, each
# with the reason the warning gives; and public ones, beside them.
ODD_HOSTS = [
    ('rss', 'http://127.0.0.1/feed.xml', "'127.0.0.1' is a loopback "
     'address'),
    ('mastodon', '@a@169.254.169.254', "'169.254.169.254' is a link-local "
     'address'),
    ('rss', 'http://10.0.0.7:8080/f', "'10.0.0.7' is a private address"),
    ('rss', 'http://[::1]/f', "'[::1]' is a loopback address"),
    ('rss', 'http://0.0.0.0/f', "'0.0.0.0' is an unspecified address"),
    ('rss', 'http://2130706433/f', "'2130706433' is 127.0.0.1 written as "
     'a number'),
    ('mastodon', '@b@0x7f.1', "'0x7f.1' is 127.0.0.1 written as a number"),
    ('rss', 'http://0177.0.0.1/f', "'0177.0.0.1' is 127.0.0.1 written as "
     'a number'),
    ('rss', 'http://localhost:9/f', "'localhost' is a local name"),
    ('mastodon', '@c@printer.local', "'printer.local' is a local name"),
    ('rss', 'http://intranet/f', "'intranet' is a name without a dot"),
    # (A feed URL with a user name, http://blog.example@127.0.0.2/f, is
    # refused outright: bad_rss_userinfo.)
]
PUBLIC_HOSTS = [('rss', 'https://blog.example/feed.xml'),
                ('mastodon', '@d@mastodon.example'),
                ('bluesky', 'localhost.bsky.social'),
                ('x', 'example_author')]


def odd_hosts_file():
    rows = ['platform,handle,taken_at,followers']
    for platform, handle, _ in ODD_HOSTS:
        rows.append('%s,%s,2025-01-01,1' % (platform, handle))
    for platform, handle in PUBLIC_HOSTS:
        rows.append('%s,%s,2025-01-01,1' % (platform, handle))
    return '\n'.join(rows) + '\n'


def active_of(s):
    return dict(s.query("SELECT platform || ':' || handle, active "
                        'FROM accounts'))


def test_accounts_on_odd_hosts_are_imported_inactive():
    # A file made active accounts on any host it named, which the next
    # cron run then requested.
    with Sandbox() as s:
        path = s.write('odd.csv', odd_hosts_file())
        r = s.ok('import', 'followers', path)
        n = len(ODD_HOSTS)
        assert '%d new accounts, %d of them inactive' % (
            n + len(PUBLIC_HOSTS), n) in r.out, r
        warnings = r.err.strip().splitlines()
        assert len(warnings) == n, r.err
        for line, (platform, handle, why) in enumerate(ODD_HOSTS, 2):
            account = '%s:%s' % (platform, handle)
            want = ("tideline: warning: %s:%d: %s is imported inactive: "
                    "its host %s" % (path, line, account, why))
            assert want in warnings[line - 2], (want, warnings[line - 2])
            assert ("'tideline track %s' makes it active" % account
                    in warnings[line - 2])
        active = active_of(s)
        for platform, handle, _ in ODD_HOSTS:
            assert active['%s:%s' % (platform, handle)] == 0
        for platform, handle in PUBLIC_HOSTS:
            assert active['%s:%s' % (platform, handle)] == 1
        # The rows themselves are kept.
        assert s.query('SELECT count(*) FROM follower_snapshots') == [
            (n + len(PUBLIC_HOSTS),)]


def test_posts_import_makes_odd_host_accounts_inactive_too():
    with Sandbox() as s:
        text = ('platform,handle,post_id,published_at,url,title,tags\n'
                'rss,http://192.168.1.1/feed,p1,2025-01-01,'
                'http://192.168.1.1/p1,A post,\n')
        path = s.write('p.csv', text)
        r = s.ok('import', 'posts', path)
        assert ("%s:2: rss:http://192.168.1.1/feed is imported inactive: "
                "its host '192.168.1.1' is a private address" % path
                in r.err), r.err
        assert active_of(s) == {'rss:http://192.168.1.1/feed': 0}


def test_dry_run_says_which_accounts_would_be_inactive():
    with Sandbox() as s:
        s.ok('init')
        before = s.dump()
        path = s.write('odd.csv', odd_hosts_file())
        r = s.ok('import', '--dry-run', 'followers', path)
        assert len(r.err.strip().splitlines()) == len(ODD_HOSTS), r.err
        assert '%s:2: rss:http://127.0.0.1/feed.xml is imported ' \
            'inactive' % path in r.err
        assert 'nothing written' in r.out
        assert s.dump() == before


def test_refused_file_warns_of_no_account():
    with Sandbox() as s:
        text = ('platform,handle,taken_at,followers\n'
                'rss,http://127.0.0.1/f,2025-01-01,1\n'
                'rss,http://127.0.0.1/f,2025-01-02,-1\n')
        r = s.fails(1, 'import', 'followers', s.write('bad.csv', text))
        assert 'inactive' not in r.err, r.err
        assert len(r.err.strip().splitlines()) == 1, r.err


def test_accounts_already_known_keep_their_state():
    # The user's own word (track) stands: an import changes no account.
    with Sandbox() as s:
        s.ok('track', 'rss:http://127.0.0.1/feed.xml')
        path = s.write('odd.csv', odd_hosts_file())
        r = s.ok('import', 'followers', path)
        assert 'rss:http://127.0.0.1/feed.xml' not in r.err, r.err
        assert active_of(s)['rss:http://127.0.0.1/feed.xml'] == 1
        # Nor does importing again warn again: the accounts exist.
        r = s.ok('import', 'followers', path)
        assert r.err == '', r.err
        assert active_of(s)['mastodon:@a@169.254.169.254'] == 0


def test_no_request_to_an_imported_odd_host_until_tracked():
    # The fake server is on 127.0.0.1: an imported feed there must not
    # be fetched by the next snapshot; once tracked, it is.
    server = harness.fake_platform_module()
    with Sandbox() as s, server.FakePlatform() as fp:
        feed = 'rss:%s/feeds/blog.xml' % fp.url
        text = ('platform,handle,taken_at,followers\n'
                '%s,%s,2025-01-01,1\n' % tuple(feed.split(':', 1)))
        r = s.ok('import', 'followers', s.write('f.csv', text))
        assert 'is a loopback address' in r.err, r.err
        fp.clear_requests()
        s.ok('snapshot', env=harness.TOKENS)
        assert fp.requests('/feeds/') == [], fp.requests('/feeds/')
        r = s.ok('track', feed)
        assert 'updated %s' % feed in r.out, r
        s.ok('snapshot', env=harness.TOKENS)
        assert fp.requests('/feeds/') != []


def test_track_of_an_odd_host_is_the_users_word():
    with Sandbox() as s:
        r = s.ok('track', 'rss:http://127.0.0.1/feed.xml',
                 'mastodon:@a@localhost.localdomain')
        assert r.err == '', r.err
        assert set(active_of(s).values()) == {1}


def test_missing_file():
    with Sandbox() as s:
        r = s.fails(1, 'import', 'followers', s.path('nope.csv'))
        assert "cannot open '%s'" % s.path('nope.csv') in r.err


def test_import_usage_errors():
    with Sandbox() as s:
        r = s.fails(2, 'import', 'tweets', 'x.csv')
        assert "unknown kind 'tweets'" in r.err
        s.fails(2, 'import', 'followers')
        s.fails(2, 'import')


def test_posts_past_the_caps_keep_the_first_tags_and_links():
    tags = ';'.join('T%d' % i for i in range(100)) + ';t0'
    title = ' '.join('https://l.example/%d' % i for i in range(300))
    with Sandbox() as s:
        r = s.ok('import', 'posts', s.write('p.csv', (
            'platform,handle,post_id,published_at,url,title,tags\n'
            'x,a,1,2025-01-01,,"%s",%s\n'
            'x,a,2,2025-01-02,,few,a;b\n' % (title, tags))))
        assert ('1 post from line 2 had more than 64 tags: the first 64 '
                'kept') in r.out, r
        got = [t for (t,) in s.query(
            "SELECT tag FROM post_tags JOIN posts ON id = post_id WHERE "
            "remote_id = '1'")]
        assert sorted(got) == sorted('t%d' % i for i in range(64)), got
        links = s.query("SELECT count(*) FROM post_links JOIN posts ON "
                        "id = post_id WHERE remote_id = '1'")
        assert links == [(256,)], links
        assert s.query("SELECT count(*) FROM post_links WHERE url = "
                       "'https://l.example/255'") == [(1,)]
        assert s.query("SELECT count(*) FROM post_links WHERE url = "
                       "'https://l.example/256'") == [(0,)]


def test_round_trip_of_a_fetched_post_with_many_tags():
    # An adapter kept any number of tags, and import refused more than
    # 64: a fetched post's export could not be imported.
    server = harness.fake_platform_module()
    with Sandbox() as s, server.FakePlatform() as fp:
        spec = 'mastodon:@author@mastodon.example'
        s.ok('track', spec, '--api-base', fp.base('mastodon'))
        fp.add_post(platform='mastodon', handle='author@mastodon.example',
                    text='many ' + ' '.join('#t%d' % i for i in range(100)),
                    age_s=60, likes=1)
        s.ok('snapshot', env=harness.TOKENS)
        assert s.query('SELECT max(n) FROM (SELECT count(*) AS n FROM '
                       'post_tags GROUP BY post_id)') == [(64,)]
        text = s.ok('export', 'posts').out
        other = s.path('other.db')
        s.ok('--db', other, 'import', 'posts', s.write('p.csv', text))
        assert s.ok('--db', other, 'export', 'posts').out == text


def test_export_round_trip():
    with Sandbox() as s:
        seeded(s)
        other = s.path('other.db')
        for kind in ('followers', 'posts', 'metrics'):
            text = s.ok('export', kind).out
            s.ok('--db', other, 'import', kind, s.write(kind + '.out', text))
        for kind in ('followers', 'posts', 'metrics'):
            a = s.ok('export', kind).out
            b = s.ok('--db', other, 'export', kind).out
            assert a == b, kind
        assert s.query('SELECT count(*) FROM post_links', db=other) == [(1,)]



def test_a_deleted_post_survives_the_round_trip():
    with Sandbox() as s:
        seeded(s)
        pid = s.query('SELECT id FROM posts ORDER BY id LIMIT 1')[0][0]
        con = sqlite3.connect(s.db)
        con.execute("INSERT INTO post_deletions VALUES (?, "
                    "'2025-03-04T05:06:07Z')", (pid,))
        con.commit()
        con.close()
        text = s.ok('export', 'posts').out
        assert ',2025-03-04T05:06:07Z\n' in text, text
        other = s.path('other.db')
        s.ok('--db', other, 'import', 'posts', s.write('p.csv', text))
        assert s.ok('--db', other, 'export', 'posts').out == text
        assert s.query('SELECT deleted_at FROM post_deletions',
                       db=other) == [('2025-03-04T05:06:07Z',)]
        # Imported again: the same file changes nothing.
        r = s.ok('--db', other, 'import', 'posts', s.write('p.csv', text))
        assert s.query('SELECT count(*) FROM post_deletions',
                       db=other) == [(1,)]
        # A bad time there is the file's error, with its line.
        bad = text.replace('2025-03-04T05:06:07Z', '2025-02-30')
        r = s.fails(1, '--db', other, 'import', 'posts',
                    s.write('bad.csv', bad))
        assert "bad.csv:" in r.err and "'deleted_at'" in r.err, r.err
        early = text.replace('2025-03-04T05:06:07Z', '1999-01-01')
        r = s.fails(1, '--db', other, 'import', 'posts',
                    s.write('early.csv', early))
        assert "is before 'published_at'" in r.err, r.err


FORMULAS = ('platform,handle,post_id,published_at,url,title,tags\n'
            'x,example_author,1,2025-01-01,https://x.com/a/1,'
            '"=HYPERLINK(""http://evil.example"",""click"")",+1;-a\n'
            'x,example_author,2,2025-01-02,https://x.com/a/2,'
            '@SUM(A1:A9),\n'
            'x,example_author,3,2025-01-03,https://x.com/a/3,'
            '"-2+3, a list",\n'
            'x,example_author,4,2025-01-04,https://x.com/a/4,'
            'plain = title,\n')


def test_export_excel_safe():
    """A title or tag a spreadsheet would run as a formula: written as
    stored by default (the round trip holds), and as text, a ' before it,
    with --excel-safe; numbers and times are never touched."""
    with Sandbox() as s:
        s.ok('import', 'posts', s.write('p.csv', FORMULAS))
        s.ok('import', 'metrics', s.write('m.csv', METRICS.replace(
            '1001', '1')))
        plain = list(csv.DictReader(io.StringIO(s.ok('export',
                                                      'posts').out)))
        assert plain[0]['title'].startswith('=HYPERLINK('), plain
        safe = list(csv.DictReader(io.StringIO(s.ok(
            'export', 'posts', '--excel-safe').out)))
        titles = [r['title'] for r in safe]
        assert titles == ["'=HYPERLINK(\"http://evil.example\",\"click\")",
                          "'@SUM(A1:A9)", "'-2+3, a list",
                          'plain = title'], titles
        assert safe[0]['tags'] == "'+1;-a", safe[0]
        assert all(r['published_at'][0].isdigit() for r in safe), safe
        assert [r['post_id'] for r in safe] == ['1', '2', '3', '4'], safe
        for r in csv.reader(io.StringIO(s.ok('export', 'metrics',
                                             '--excel-safe').out)):
            assert not any(c.startswith("'") for c in r), r
        r = s.fails(2, 'export', 'posts', '--excel-safe', '-f', 'json')
        assert '--excel-safe is for CSV' in r.err, r.err


def test_export_json_matches_csv():
    with Sandbox() as s:
        seeded(s)
        for kind in ('followers', 'posts', 'metrics'):
            rows = list(csv.DictReader(io.StringIO(s.ok('export',
                                                         kind).out)))
            js = json.loads(s.ok('export', kind, '--format', 'json').out)
            assert len(rows) == len(js) > 0
            for r, j in zip(rows, js):
                assert list(r) == list(j)
                for k, v in r.items():
                    want = None if v == '' else v
                    got = j[k]
                    assert (str(got) if isinstance(got, int) else got) \
                        == want, (kind, k, v, got)
        s.ok('--db', s.path('empty.db'), 'init')
        assert json.loads(s.ok('--db', s.path('empty.db'), 'export',
                               'posts', '-f', 'json').out) == []


def test_sample_history_imports_whole():
    root = harness.source_root()
    sample = os.path.join(root, 'data', 'sample')
    with Sandbox() as s:
        for kind in ('followers', 'posts', 'metrics'):
            path = os.path.join(sample, kind + '.csv')
            with open(path, encoding='utf-8') as f:
                rows = sum(1 for _ in csv.DictReader(f))
            r = s.ok('import', kind, path)
            assert 'imported {:,} '.format(rows) in r.out, r
        accounts = json.loads(s.ok('accounts', '-f', 'json').out)
        platforms = sorted(a['platform'] for a in accounts)
        assert platforms == ['bluesky', 'mastodon', 'rss', 'x'], platforms
        span = s.query('SELECT min(taken_at), max(taken_at) FROM '
                       'follower_snapshots')[0]
        assert span[0] < '2025-01-01' and span[1] > '2026-10-01', span


harness.main(globals())
