"""tideline snapshot against the fake platform server: every adapter's
happy path, then every fault on every adapter, checked in the database
(the right rows, NULL where unknown, nothing partial, other accounts
unaffected) and in the exit code and message."""
import fcntl
import json
import os
import sqlite3
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, TOKENS, track_defaults  # noqa: E402

server = harness.fake_platform_module()

FOLLOWERS = {'mastodon': 1482, 'bluesky': 2315, 'x': 12847,
             'youtube': 12300}
STATE_KEY = {'mastodon': 'author@mastodon.example',
             'bluesky': 'author.bsky.social', 'x': 'example_author',
             'youtube': '@exampleauthor'}


def snapshot(s, *args, env=None, code=0):
    full = dict(TOKENS)
    full.update(env or {})
    return s.fails(code, 'snapshot', *args, env=full)


def account_id(s, spec):
    platform, handle = spec.split(':', 1)
    return s.query('SELECT id FROM account_names WHERE account = ?',
                   (spec,))[0][0]


def followers_rows(s, spec):
    return s.query('SELECT followers, rounded, source, run_id FROM '
                   'follower_snapshots WHERE account_id = ?',
                   (account_id(s, spec),))


def stored_posts(s, spec):
    return {r[0]: r for r in s.query(
        'SELECT remote_id, title, kind, url FROM posts WHERE account_id = ?',
        (account_id(s, spec),))}


def latest_metrics(s, spec):
    return {r[0]: r[1:] for r in s.query(
        'SELECT p.remote_id, m.likes, m.reposts, m.replies, m.quotes, '
        'm.views, m.bookmarks FROM post_metrics m JOIN posts p ON '
        'p.id = m.post_id WHERE p.account_id = ? AND m.taken_at = '
        '(SELECT max(taken_at) FROM post_metrics WHERE post_id = p.id)',
        (account_id(s, spec),))}


def test_every_adapter_stores_counts_posts_and_metrics():
    with Sandbox() as s, server.FakePlatform() as fp:
        names = track_defaults(s, fp)
        r = snapshot(s)
        assert r.out == '' and r.err == '', 'not quiet: %r' % r
        state = fp.state()
        for platform in FOLLOWERS:
            spec = names[platform]
            rows = followers_rows(s, spec)
            assert len(rows) == 1, (spec, rows)
            assert rows[0][0] == FOLLOWERS[platform], (spec, rows)
            assert rows[0][1] == (1 if platform == 'youtube' else 0)
            assert rows[0][2] == 'api'
            posts = stored_posts(s, spec)
            truth = state[platform][STATE_KEY[platform]]['posts']
            assert len(posts) >= 8, (spec, len(posts))
            for pid in posts:
                assert pid in truth, (spec, pid)
                # Boosts and reposts of others are not the account's.
                assert 'original' not in truth[pid], (spec, pid)
            metrics = latest_metrics(s, spec)
            assert set(metrics) == set(posts), spec
            for pid, (likes, reposts, *_rest) in metrics.items():
                assert likes == truth[pid].get('likes'), (spec, pid)
                if platform != 'youtube':
                    assert reposts == truth[pid].get('reposts'), (spec, pid)
                else:
                    assert reposts is None
        # Counts a platform does not have are NULL, not 0.
        m = latest_metrics(s, names['mastodon'])
        assert all(v[4] is None for v in m.values())          # views
        remote = dict(s.query('SELECT platform, remote_id FROM accounts'))
        assert remote['bluesky'] == 'did:plc:fotdko7ekhqzch5kas72s7j7'
        assert remote['x'] == '9728010288'
        assert remote['youtube'] == 'UCRdTyKPeQvTTjgnIVPN0hUm'
        feed = stored_posts(s, names['rss'])
        assert len(feed) >= 10 and all(p[2] == 'article'
                                       for p in feed.values())
        # A post announcing a blog article is tied to it by its link.
        linked = s.query("SELECT count(*) FROM post_links WHERE url LIKE "
                         "'https://blog.example/posts/%'")[0][0]
        assert linked >= 5, linked
        tags = s.query('SELECT count(DISTINCT tag) FROM post_tags')[0][0]
        assert tags >= 3
        runs = s.query('SELECT status, accounts_ok, accounts_failed FROM '
                       'fetch_runs')
        assert runs == [('ok', 5, 0)], runs


def test_requests_are_compressed_and_authorised():
    with Sandbox() as s, server.FakePlatform() as fp:
        track_defaults(s, fp, feeds=False)
        snapshot(s)
        for req in fp.requests('/x/'):
            assert req['headers'].get('authorization') == \
                'Bearer test-bearer-token', req
        for req in fp.requests(''):
            assert 'gzip' in req['headers'].get('accept-encoding', ''), req
            assert req['headers'].get('user-agent', '').startswith(
                'tideline/')
        for req in fp.requests('/youtube/'):
            assert 'key=test-api-key' in req['query']


def test_hidden_and_absent_counts_are_null():
    with Sandbox() as s, server.FakePlatform() as fp:
        names = track_defaults(s, fp, feeds=False)
        fp.control({'mastodon': {STATE_KEY['mastodon']: {'followers': -1}},
                    'bluesky': {STATE_KEY['bluesky']: {'followers': None,
                                                       'following': None}}})
        snapshot(s)
        assert followers_rows(s, names['mastodon'])[0][0] is None
        assert followers_rows(s, names['bluesky'])[0][0] is None
        assert followers_rows(s, names['x'])[0][0] == 12847


def test_growth_and_second_life_across_runs():
    with Sandbox() as s, server.FakePlatform() as fp:
        names = track_defaults(s, fp, feeds=False)
        snapshot(s, env={'TIDELINE_NOW': '2030-01-01T06:10:00Z'})
        truth = fp.state()['x'][STATE_KEY['x']]['posts']
        pid = sorted(p for p in latest_metrics(s, names['x']))[0]
        fp.control({'x': {STATE_KEY['x']: {
            'followers': 13000,
            'posts': {pid: {'reposts': truth[pid]['reposts'] + 180}}}}})
        snapshot(s, env={'TIDELINE_NOW': '2030-01-02T06:10:00Z'})
        rows = s.query('SELECT taken_at, followers FROM follower_snapshots '
                       'WHERE account_id = ? ORDER BY taken_at',
                       (account_id(s, names['x']),))
        assert rows == [('2030-01-01T06:10:00Z', 12847),
                        ('2030-01-02T06:10:00Z', 13000)], rows
        reposts = s.query('SELECT m.reposts FROM post_metrics m JOIN posts p '
                          'ON p.id = m.post_id WHERE p.remote_id = ? '
                          'ORDER BY m.taken_at', (pid,))
        assert reposts[1][0] - reposts[0][0] == 180, reposts


def busy_mastodon(s, fp):
    """An account with more posts than one page: old ones need refresh."""
    made = fp.control({'platform': 'mastodon',
                       'handle': 'busy@mastodon.example', 'posts': 300,
                       'days': 200, 'followers': 50}, 'account')
    spec = 'mastodon:@busy@mastodon.example'
    s.ok('track', spec, '--api-base', fp.base('mastodon'))
    posts = fp.state()['mastodon']['busy@mastodon.example']['posts']
    oldest = min(posts, key=lambda p: posts[p]['created_at'])
    return spec, oldest, posts[oldest], made


def test_old_posts_get_refreshed_by_id():
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, oldest, post, _ = busy_mastodon(s, fp)
        # The newest too: the posts after it are new, read by listing.
        posts = fp.state()['mastodon']['busy@mastodon.example']['posts']
        newest = max(posts, key=lambda p: posts[p]['created_at'])
        s.ok('import', 'posts', '-', stdin=(
            'platform,handle,post_id,published_at,url,title,tags\n'
            'mastodon,@busy@mastodon.example,%s,%s,,old one,\n'
            'mastodon,@busy@mastodon.example,%s,%s,,new one,\n'
            % (oldest, post['created_at'], newest,
               posts[newest]['created_at'])))
        snapshot(s)
        assert fp.requests('/api/v1/statuses/%s' % oldest), \
            'the old post was not refreshed'
        m = latest_metrics(s, spec)
        assert m[oldest][0] == post.get('likes'), m[oldest]
        # Fresh now: the next run leaves it alone for a week.
        fp.clear_requests()
        snapshot(s)
        assert not fp.requests('/api/v1/statuses/%s' % oldest)


def test_deleted_old_post_is_no_failure():
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, oldest, post, _ = busy_mastodon(s, fp)
        s.ok('import', 'posts', '-', stdin=(
            'platform,handle,post_id,published_at,url,title,tags\n'
            'mastodon,@busy@mastodon.example,%s,%s,,gone,\n'
            % (oldest, post['created_at'])))
        fp.control({'mastodon': {'busy@mastodon.example': {
            'posts': {oldest: None}}}})
        snapshot(s)
        assert followers_rows(s, spec)[0][0] == 50


def test_lock_keeps_runs_from_overlapping():
    with Sandbox() as s, server.FakePlatform() as fp:
        track_defaults(s, fp, feeds=False)
        s.ok('init')
        with open(s.db + '.lock', 'w') as lock:
            fcntl.lockf(lock, fcntl.LOCK_EX)
            r = snapshot(s, '--wait', '1', code=4)
            assert 'another tideline snapshot or import is running' in \
                r.err, r
        assert s.query('SELECT count(*) FROM fetch_runs') == [(0,)]
        snapshot(s)


def test_lock_is_the_same_however_the_path_is_spelled():
    # The lock was the path as given plus '.lock': through a symlink or
    # another spelling, two snapshots of one database overlapped.
    with Sandbox() as s, server.FakePlatform() as fp:
        track_defaults(s, fp, feeds=False)
        os.makedirs(s.path('x'))
        os.symlink(s.db, s.path('link.db'))
        os.symlink(s.dir, s.path('dirlink'))
        spellings = (s.path('link.db'), s.path('x/../tideline.db'),
                     s.path('dirlink/tideline.db'), './x/../tideline.db')
        with open(s.db + '.lock', 'w') as lock:
            fcntl.lockf(lock, fcntl.LOCK_EX)
            for db in spellings:
                r = s.fails(4, 'snapshot', '--db', db, '--wait', '1',
                            env=TOKENS, cwd=s.dir)
                assert "lock '%s.lock'" % s.db in r.err, r
        assert s.query('SELECT count(*) FROM fetch_runs') == [(0,)]
        # A run marked running is live while its lock is held, by any
        # spelling; then, the lock gone, it was interrupted.
        con = sqlite3.connect(s.db)
        con.execute("INSERT INTO fetch_runs (started_at, version) VALUES "
                    "('2030-01-01T00:00:00Z', 'test')")
        con.commit()
        con.close()
        with open(s.db + '.lock', 'w') as lock:
            fcntl.lockf(lock, fcntl.LOCK_EX)
            r = s.ok('status', '--db', s.path('link.db'), '-f', 'json')
            assert json.loads(r.out)['runs'][0]['status'] == 'running', r
        r = s.ok('status', '--db', s.path('link.db'), '-f', 'json')
        assert json.loads(r.out)['runs'][0]['status'] == 'interrupted', r
        con = sqlite3.connect(s.db)
        con.execute('DELETE FROM fetch_runs')
        con.commit()
        con.close()
        assert not os.path.exists(s.path('link.db.lock'))
        snapshot(s, '--db', s.path('link.db'))
        assert s.query('SELECT count(*) FROM fetch_runs') == [(1,)]


def test_config_file_must_be_private():
    with Sandbox() as s, server.FakePlatform() as fp:
        names = track_defaults(s, fp, feeds=False)
        conf = s.write('config', 'x_bearer_token = test-bearer-token\n'
                       'youtube_api_key = test-api-key\n')
        os.chmod(conf, 0o644)
        env = {'TIDELINE_CONFIG': conf, 'TIDELINE_X_BEARER_TOKEN': '',
               'TIDELINE_YOUTUBE_API_KEY': ''}
        r = snapshot(s, env=env, code=3)
        assert "run chmod 600 '%s'" % conf in r.err, r
        assert followers_rows(s, names['bluesky'])[0][0] == 2315
        assert followers_rows(s, names['x']) == []
        os.chmod(conf, 0o600)
        snapshot(s, env=env)
        assert followers_rows(s, names['x'])[0][0] == 12847


def test_missing_token_is_a_clear_error():
    with Sandbox() as s, server.FakePlatform() as fp:
        names = track_defaults(s, fp, feeds=False)
        r = snapshot(s, env={'TIDELINE_X_BEARER_TOKEN': ''}, code=3)
        assert '%s: no X bearer token' % names['x'] in r.err, r
        assert not fp.requests('/x/')
        kind = s.query('SELECT kind FROM fetch_errors')
        assert kind == [('config',)], kind


def test_secrets_never_printed_or_stored():
    with Sandbox() as s, server.FakePlatform() as fp:
        track_defaults(s, fp, feeds=False)
        fp.control({'x_bearer_token': 'sekrit-x', 'youtube_api_key':
                    'sekrit-yt'})
        r = s.run('-v', 'snapshot', env=dict(TOKENS, **{
            'TIDELINE_X_BEARER_TOKEN': 'sekrit-x',
            'TIDELINE_YOUTUBE_API_KEY': 'sekrit-yt'}))
        assert r.code == 0, r
        assert 'key=REDACTED' in r.err, r.err
        for secret in ('sekrit-x', 'sekrit-yt'):
            assert secret not in r.out + r.err
            assert secret not in s.dump()
        # And not when the platform refuses it either.
        fp.control({'x_bearer_token': 'other'})
        r = s.run('-v', 'snapshot', env=dict(TOKENS, **{
            'TIDELINE_X_BEARER_TOKEN': 'sekrit-x'}))
        assert r.code == 3 and 'HTTP 401' in r.err and 'sekrit-x' not in \
            r.err + s.dump()


def test_status_reports_runs_and_failing_accounts():
    with Sandbox() as s, server.FakePlatform() as fp:
        names = track_defaults(s, fp, feeds=False)
        fp.control({'rules': [{'match': '/bluesky/', 'fault': 'status',
                               'status': 502, 'times': -1}]}, 'faults')
        for _ in range(2):
            snapshot(s, '--retries', '0', code=3)
        text = s.ok('status').out
        assert 'partial' in text and 'FAILING 2 runs in a row' in text, text
        assert 'HTTP 502' in text
        js = json.loads(s.ok('status', '--format', 'json').out)
        bsky = [a for a in js['accounts']
                if a['account'] == names['bluesky']][0]
        assert bsky['failing'] and bsky['http_status'] == 502
        assert bsky['last_good_fetch'] is None
        xacc = [a for a in js['accounts'] if a['account'] == names['x']][0]
        assert xacc['failures_in_a_row'] == 0 and xacc['last_good_fetch']
        # A run left 'running' by a killed process is shown as interrupted.
        s.query('SELECT 1')
        import sqlite3
        con = sqlite3.connect(s.db)
        con.execute("INSERT INTO fetch_runs (started_at, version) VALUES "
                    "('2031-01-01T00:00:00Z', 'test')")
        con.commit()
        con.close()
        assert 'interrupted' in s.ok('status').out


def test_untracked_and_named_accounts():
    with Sandbox() as s, server.FakePlatform() as fp:
        names = track_defaults(s, fp, feeds=False)
        s.ok('untrack', names['youtube'])
        snapshot(s)
        assert followers_rows(s, names['youtube']) == []
        snapshot(s, names['youtube'])
        assert len(followers_rows(s, names['youtube'])) == 1
        r = snapshot(s, 'x:nobody', code=1)
        assert "no account 'x:nobody'" in r.err


# Faults: each is injected on one platform while every other account is
# fetched too. (fault rule, snapshot options, expected exit, words in the
# error, error kind in fetch_errors or None when the run recovers).
FAULT_CASES = {
    'retried_500': ({'fault': 'status', 'status': 500, 'times': 1}, [], 0,
                    None, None),
    'always_503': ({'fault': 'status', 'status': 503, 'times': -1},
                   ['--retries', '1'], 3, 'HTTP 503', 'http'),
    'not_found_404': ({'fault': 'status', 'status': 404, 'times': -1}, [],
                      3, 'HTTP 404', 'http'),
    'unauthorized_401': ({'fault': 'status', 'status': 401, 'times': -1},
                         [], 3, 'HTTP 401', 'http'),
    'forbidden_403': ({'fault': 'status', 'status': 403, 'times': -1}, [],
                      3, 'HTTP 403', 'http'),
    'short_rate_limit': ({'fault': 'rate_limit', 'reset_in': 1,
                          'times': 1}, [], 0, None, None),
    'long_rate_limit': ({'fault': 'rate_limit', 'reset_in': 3600,
                         'times': -1}, ['--max-wait', '2'], 3,
                        'try again after', 'rate_limit'),
    'slow_reply': ({'fault': 'slow', 'seconds': 5, 'times': -1},
                   ['--timeout', '1', '--retries', '0'], 3, 'imed out',
                   'network'),
    'truncated_body': ({'fault': 'truncate', 'times': -1},
                       ['--retries', '1'], 3, 'after retries', 'network'),
    'malformed_body': ({'fault': 'malformed', 'times': -1}, [], 3,
                       'malformed', 'reply'),
    'wrong_type': ({'fault': 'wrong_type', 'times': -1}, [], 3, None,
                   'reply'),
    'missing_field': ({'fault': 'missing_field', 'times': -1}, [], 3, None,
                      'reply'),
    'huge_body': ({'fault': 'huge', 'mb': 40, 'times': -1}, [], 3,
                  'larger than 32 MiB', 'network'),
    'redirect_loop': ({'fault': 'redirect_loop'}, [], 3, 'redirect',
                      'network'),
    'html_error_page': ({'fault': 'html_error', 'status': 502,
                         'times': -1}, ['--retries', '0'], 3,
                        'HTML error page', 'http'),
}
PREFIX = {'mastodon': '/mastodon/', 'bluesky': '/bluesky/', 'x': '/x/',
          'youtube': '/youtube/', 'rss': '/feeds/'}


def check_untouched(s, names, target, run_id):
    """The failed account has nothing from this run; the others all."""
    for platform, spec in names.items():
        aid = account_id(s, spec)
        snaps = s.query('SELECT count(*) FROM follower_snapshots WHERE '
                        'account_id = ? AND run_id = ?', (aid, run_id))[0][0]
        metrics = s.query('SELECT count(*) FROM post_metrics m JOIN posts p '
                          'ON p.id = m.post_id WHERE p.account_id = ? AND '
                          'm.run_id = ?', (aid, run_id))[0][0]
        posts = s.query('SELECT count(*) FROM posts WHERE account_id = ?',
                        (aid,))[0][0]
        if platform == target:
            assert (snaps, metrics, posts) == (0, 0, 0), (spec, snaps,
                                                          metrics, posts)
        else:
            assert posts > 0, spec
            if platform != 'rss':
                assert snaps == 1 and metrics > 0, (spec, snaps, metrics)


def run_fault(case, platform):
    rule, opts, code, words, kind = FAULT_CASES[case]
    with Sandbox() as s, server.FakePlatform() as fp:
        names = track_defaults(s, fp)
        rule = dict(rule, match=PREFIX[platform])
        fp.control({'rules': [rule]}, 'faults')
        r = snapshot(s, *opts, code=code)
        run_id = s.query('SELECT max(id) FROM fetch_runs')[0][0]
        errors = s.query('SELECT a.account, e.kind, e.message, e.http_status '
                         'FROM fetch_errors e JOIN account_names a ON '
                         'a.id = e.account_id')
        if kind is None:
            assert errors == [] and r.err == '', (errors, r)
            check_untouched(s, names, None, run_id)
            return
        assert [e[0] for e in errors] == [names[platform]], errors
        assert errors[0][1] == kind, errors
        assert r.err.startswith('tideline: %s: ' % names[platform]), r.err
        assert len(r.err.strip().splitlines()) == 1, r.err
        if words:
            assert words in r.err and words in errors[0][2], (words, r.err)
        check_untouched(s, names, platform, run_id)
        status = s.query('SELECT status FROM fetch_runs')[0][0]
        assert status == 'partial', status


def make_fault_test(case, platform):
    def test():
        run_fault(case, platform)
    return test


for _case in FAULT_CASES:
    for _platform in PREFIX:
        if _platform == 'rss' and _case in ('wrong_type', 'missing_field',
                                            'long_rate_limit',
                                            'short_rate_limit'):
            continue
        # YouTube's limit is a daily quota: there is no short wait.
        if _platform == 'youtube' and _case == 'short_rate_limit':
            continue
        globals()['test_fault_%s_%s' % (_case, _platform)] = \
            make_fault_test(_case, _platform)


def test_fault_x_200_with_errors():
    with Sandbox() as s, server.FakePlatform() as fp:
        names = track_defaults(s, fp, feeds=False)
        fp.control({'rules': [{'match': '/x/2/users/by', 'fault':
                               'x_200_errors'}]}, 'faults')
        r = snapshot(s, code=3)
        assert 'Could not find user' in r.err, r
        assert followers_rows(s, names['x']) == []


def test_fault_bluesky_endless_empty_pages_end():
    with Sandbox() as s, server.FakePlatform() as fp:
        names = track_defaults(s, fp, feeds=False)
        fp.control({'rules': [{'match': 'cursor=', 'fault':
                               'empty_cursor_page'}]}, 'faults')
        snapshot(s)
        assert len(fp.requests('getAuthorFeed')) <= 11
        assert followers_rows(s, names['bluesky'])[0][0] == 2315


harness.main(globals())
