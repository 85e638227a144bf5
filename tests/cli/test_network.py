"""tideline snapshot against a fake server that misbehaves on purpose:
rate-limit headers with huge, negative, past or garbage values, paging
links to other hosts, replies that come just in time to hold a run for
hours, and Mastodon servers whose names differ only in '.' and '-'. Each
is checked in what was sent to the server, in the database and in the
message."""
import calendar
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, TOKENS  # noqa: E402

server = harness.fake_platform_module()


def status_requests(fp):
    """The requests for the account's statuses (not for who liked one:
    the engager lists have a budget of their own)."""
    return [r for r in fp.requests('/statuses') if not
            r['path'].endswith(('/favourited_by', '/reblogged_by'))]

ACCOUNTS = {
    'mastodon': ('mastodon:@author@mastodon.example', '/accounts/lookup'),
    'bluesky': ('bluesky:author.bsky.social', 'getProfile'),
    'x': ('x:example_author', '/users/by/username'),
}
HUGE = '99999999999999999999'
DAY = 86400


def snapshot(s, *args, env=None, code=0):
    full = dict(TOKENS)
    full.update(env or {})
    return s.fails(code, 'snapshot', *args, env=full)


def track(s, fp, platform):
    spec = ACCOUNTS[platform][0]
    s.ok('track', spec, '--api-base', fp.base(platform))
    return spec


def epoch(iso):
    return calendar.timegm(time.strptime(iso, '%Y-%m-%dT%H:%M:%SZ'))


# A 429 whose headers ask for too much, or say nothing usable: (platform,
# headers, the wait tideline must take it for, in seconds). The fake adds
# no rate headers of its own to a 'status' fault.
RATE_CASES = {
    'retry_after_huge': ('mastodon', {'Retry-After': HUGE}, DAY),
    'retry_after_int64_max': ('bluesky',
                              {'Retry-After': '9223372036854775807'}, DAY),
    'retry_after_year_9999': ('x', {'Retry-After':
                                    'Fri, 31 Dec 9999 23:59:59 GMT'}, DAY),
    'retry_after_negative': ('mastodon', {'Retry-After': '-5'}, 900),
    'retry_after_garbage': ('bluesky', {'Retry-After': 'soon'}, 900),
    'x_reset_epoch_huge': ('x', {'x-rate-limit-reset': HUGE}, DAY),
    'x_reset_epoch_negative': ('x', {'x-rate-limit-reset': '-1700000000'},
                               900),
    'bluesky_reset_delta_huge': ('bluesky',
                                 {'RateLimit-Reset': '999999999'}, DAY),
    'mastodon_reset_iso_9999': ('mastodon', {'X-RateLimit-Reset':
                                             '9999-12-31T23:59:59.999999Z'},
                                DAY),
    'mastodon_reset_iso_garbage': ('mastodon', {'X-RateLimit-Reset':
                                                '+99999-01-01T00:00:00Z'},
                                   900),
}


def run_rate_case(case):
    platform, headers, wait = RATE_CASES[case]
    spec, route = ACCOUNTS[platform]
    with Sandbox() as s, server.FakePlatform() as fp:
        track(s, fp, platform)
        fp.faults({'match': route, 'fault': 'status', 'status': 429,
                   'times': -1, 'headers': headers})
        before = time.time()
        r = snapshot(s, code=3)
        after = time.time()
        # Asked to rest: one request, no retry at once (nor three).
        sent = fp.requests(route)
        assert len(sent) == 1, (case, len(sent), r)
        rows = s.query('SELECT kind, message, retry_after FROM '
                       'fetch_errors')
        assert len(rows) == 1 and rows[0][0] == 'rate_limit', rows
        until = epoch(rows[0][2])
        assert before + wait - 2 <= until <= after + wait + 2, \
            (case, rows, before + wait)
        assert 'try again after %s' % rows[0][2] in r.err, r
        assert r.err.startswith('tideline: %s: rate limited (HTTP 429)'
                                % spec), r


def make_rate_test(case):
    def test():
        run_rate_case(case)
    return test


for _case in RATE_CASES:
    globals()['test_rate_limit_%s' % _case] = make_rate_test(_case)


def test_rate_limit_huge_wait_on_5xx_backs_off():
    """A 503 with a Retry-After of 10^20 s is retried after the usual
    backoff, not at once, and not after 10^20 s."""
    with Sandbox() as s, server.FakePlatform() as fp:
        spec = track(s, fp, 'mastodon')
        fp.faults({'match': '/accounts/lookup', 'fault': 'status',
                   'status': 503, 'times': 2,
                   'headers': {'Retry-After': HUGE}})
        snapshot(s, '--retries', '2', env={'TIDELINE_RETRY_BASE_MS': '300'})
        sent = fp.requests('/accounts/lookup')
        assert len(sent) == 3, len(sent)
        gaps = [b['time'] - a['time'] for a, b in zip(sent, sent[1:])]
        assert all(g >= 0.25 for g in gaps), gaps
        assert s.query('SELECT count(*) FROM follower_snapshots') == [(1,)]
        assert spec


def busy_mastodon(s, fp):
    """An account whose first page of statuses is all recent: paging goes
    on to the next one."""
    fp.add_account(platform='mastodon', handle='busy@mastodon.example',
                   posts=300, days=200, followers=50)
    spec = 'mastodon:@busy@mastodon.example'
    s.ok('track', spec, '--api-base', fp.base('mastodon'))
    return spec


def at(minute):
    """A run's own time, so that each run's snapshot is a row of its own."""
    t = time.gmtime(time.time() + 60 * minute)
    return {'TIDELINE_NOW': time.strftime('%Y-%m-%dT%H:%M:%SZ', t)}


def foreign_link_run(s, fp, next_url, minute):
    """A snapshot whose first page's Link points at next_url."""
    fp.clear_requests()
    fp.faults({'match': '/statuses', 'fault': 'headers', 'headers': {
        'Link': '<%s>; rel="next"' % next_url}})
    r = snapshot(s, env=at(minute))
    assert s.query('SELECT count(*) FROM follower_snapshots WHERE run_id = '
                   '(SELECT max(id) FROM fetch_runs)') == [(1,)]
    pages = status_requests(fp)
    assert len(pages) == 1, [p['query'] for p in pages]
    return r


def test_paging_link_to_another_host_is_not_followed():
    with Sandbox() as s, server.FakePlatform() as fp, \
            server.FakePlatform() as evil:
        spec = busy_mastodon(s, fp)
        snapshot(s, env=at(0))
        assert len(status_requests(fp)) > 1, 'no paging to begin with'
        account = fp.state('mastodon/busy@mastodon.example')['id']
        path = '/mastodon/api/v1/accounts/%s/statuses?max_id=1' % account
        r = foreign_link_run(s, fp, evil.url + path, 1)
        assert evil.requests('') == [], evil.requests('')
        assert r.err == ("tideline: warning: %s: paging stopped after page "
                         "1: the server's next page is on '%s', not on its "
                         "API server '%s'\n" % (spec, evil.url,
                                                 fp.base('mastodon'))), r
        # The page read is stored, and the run counts the account whole.
        assert s.query('SELECT status FROM fetch_runs ORDER BY id') == \
            [('ok',), ('ok',)]
        # Another name for the same address, and a user name in front of
        # the right one, are other hosts too: never asked.
        for minute, url in enumerate((
                'http://localhost:%d%s' % (fp.port, path),
                'http://127.0.0.1:%d@127.0.0.1:%d%s' % (fp.port, evil.port,
                                                       path)), 2):
            r = foreign_link_run(s, fp, url, minute)
            assert 'paging stopped after page 1' in r.err, r
            assert evil.requests('') == []


def timed_snapshot(s, *args, code=3):
    started = time.time()
    r = snapshot(s, *args, code=code)
    return r, time.time() - started


def test_deadline_ends_a_slow_account_and_keeps_the_others():
    """Each reply just under --timeout: the account fails at its share of
    --deadline (a third), the others are stored, the run ends."""
    with Sandbox() as s, server.FakePlatform() as fp:
        for platform in ACCOUNTS:
            track(s, fp, platform)
        fp.faults({'match': '/bluesky/', 'fault': 'slow', 'seconds': 0.7,
                   'times': -1})
        r, took = timed_snapshot(s, '--timeout', '1', '--deadline', '3')
        assert took < 2.5, took
        spec = ACCOUNTS['bluesky'][0]
        m = re.fullmatch(r"tideline: %s: deadline passed after (\d+) "
                         r"requests \(an account's deadline: 1 s\)\n"
                         % re.escape(spec), r.err)
        assert m and int(m.group(1)) == 2, r
        assert len(fp.requests('/bluesky/')) == int(m.group(1))
        rows = s.query('SELECT a.account, e.kind FROM fetch_errors e JOIN '
                       'account_names a ON a.id = e.account_id')
        assert rows == [(spec, 'deadline')], rows
        stored = s.query('SELECT a.account FROM follower_snapshots f JOIN '
                         'account_names a ON a.id = f.account_id')
        assert sorted(a for a, in stored) == sorted(
            ACCOUNTS[p][0] for p in ('mastodon', 'x')), stored
        assert s.query('SELECT status, accounts_ok, accounts_failed FROM '
                       'fetch_runs') == [('partial', 2, 1)]


def test_deadline_ends_the_run():
    """Accounts queued behind slow ones (--jobs 1) meet the run's
    deadline before their own: none is sent after it, and the run ends
    on time."""
    with Sandbox() as s, server.FakePlatform() as fp:
        made = fp.add_account(platform='mastodon',
                              handle='m{i}@mastodon.example', count=8)
        for acct in made:
            s.ok('track', acct['spec'], '--api-base', acct['api_base'])
        fp.latency(600)
        r, took = timed_snapshot(s, '--jobs', '1', '--deadline', '3')
        assert took < 5, took
        lines = r.err.splitlines()
        assert len(lines) == 8, r
        run = [ln for ln in lines if ln.endswith(
            "(the run's deadline: 3 s)")]
        own = [ln for ln in lines if ln.endswith(
            "(an account's deadline: 1 s)")]
        assert run and own and len(run) + len(own) == 8, r
        assert all(re.search(r': deadline passed after \d+ requests? \(',
                             ln) for ln in lines), r
        last = max(q['time'] for q in fp.requests(''))
        first = min(q['time'] for q in fp.requests(''))
        assert last - first < 3.2, last - first
        assert s.query('SELECT status, accounts_ok, accounts_failed FROM '
                       'fetch_runs') == [('failed', 0, 8)]


harness.main(globals())
