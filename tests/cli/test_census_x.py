"""The census of an X account: its follower list needs the owner's user
token and each follower read is billed, so it runs only when asked for
and configured (x_user_token.HANDLE and x_max_usd), prints its cost
before a first full walk and refuses one the month's cap cannot pay,
stops reading at the cap and goes on the next month; activity comes from
the followers' post counts compared between listings a month apart. The
fake server holds the list in X's shape and paging; the tests change it
between runs and check the exact gains, losses, activity and spend."""
import csv
import datetime
import io
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, TOKENS  # noqa: E402

server = harness.fake_platform_module()

KEY = 'example_author'
SPEC = 'x:example_author'
USER_TOKEN = 'test-user-token'
# October has 31 days: day 30 is still in it, day 31 the next month.
T0 = datetime.datetime(2026, 10, 1, 12, tzinfo=datetime.timezone.utc)


def at(days):
    return (T0 + datetime.timedelta(days=days)).strftime(
        '%Y-%m-%dT%H:%M:%SZ')


def xfollower(i, tweets=5):
    return {'id': str(4000000 + i), 'username': 'xf%d' % i,
            'tweet_count': tweets, 'followers_count': 10 + i}


def newest_first(n, tweets=lambda i: 5):
    return [xfollower(i, tweets(i)) for i in range(n, 0, -1)]


def set_list(fp, followers, count=None):
    fp.control({'x': {KEY: {
        'follower_list': followers,
        'followers': len(followers) if count is None else count}}})


def configure(s, token=USER_TOKEN, cap='2'):
    """The config file (0600) with the app's and the owner's tokens."""
    lines = ['x_bearer_token = test-bearer-token']
    if token is not None:
        lines.append('x_user_token.%s = %s' % (KEY, token))
    if cap is not None:
        lines.append('x_max_usd = %s' % cap)
    path = s.write('config', '\n'.join(lines) + '\n')
    os.chmod(path, 0o600)
    return path


def env_at(s, day):
    env = dict(TOKENS)
    env.update({'TIDELINE_NOW': at(day), 'TIDELINE_CONFIG': s.path('config'),
                'TIDELINE_X_BEARER_TOKEN': ''})
    return env


def snapshot(s, day, *args, code=0):
    return s.fails(code, 'snapshot', SPEC, '--no-history', *args,
                   env=env_at(s, day))


def audience(s, day):
    r = s.ok('audience', SPEC, '--as-of', at(day), '-f', 'json',
             env=env_at(s, day))
    rows = json.loads(r.out)
    assert len(rows) == 1, rows
    return rows[0]


def start(fp, s, census=True):
    configure(s)
    s.ok('track', SPEC, '--api-base', fp.base('x'), env=env_at(s, 0))
    if census:
        s.ok('track', SPEC, '--census', 'full', env=env_at(s, 0))


def asked(fp):
    return fp.requests('/followers')


def spend(s):
    return s.query('SELECT month, reads, usd_micro FROM census_spend '
                   'ORDER BY month')


NO_TOKEN = ('no user token (set x_user_token.example_author in the config '
            'file or TIDELINE_X_USER_TOKEN_EXAMPLE_AUTHOR in the '
            "environment to the account owner's OAuth 2.0 user token)")
NO_CAP = ('no monthly cap (set x_max_usd in the config file or '
          'TIDELINE_X_MAX_USD in the environment to the most its census '
          'may spend a month, in US dollars)')


def test_off_until_asked_for_and_configured():
    """Tracked, an X account has no census: no follower list is read,
    and audience says what it takes. Asking for one without the user
    token or without the cap is refused, naming both; with them it runs,
    with the user token (the app's cannot read the list)."""
    with Sandbox() as s, server.FakePlatform() as fp:
        set_list(fp, newest_first(30))
        configure(s, token=None, cap=None)
        s.ok('track', SPEC, '--api-base', fp.base('x'), env=env_at(s, 0))
        snapshot(s, 0)
        assert asked(fp) == []
        a = audience(s, 0)
        assert a['listed'] is None, a
        assert a['note'] == (
            "X bills each follower read: its census runs only when asked "
            "for (track --census full) with the owner's user token "
            "(x_user_token.HANDLE) and a monthly cap (x_max_usd)"), a
        # No census asked for: no spend to show (README), here nor in
        # status.
        assert 'census_spend' not in a, a
        st = json.loads(s.ok('status', '-f', 'json', env=env_at(s, 0)).out)
        mine = [x for x in st['accounts'] if x['account'] == SPEC][0]
        assert 'census_spend' not in mine, mine
        assert 'spent' not in s.ok('audience', SPEC, '--as-of', at(0),
                                   env=env_at(s, 0)).out
        for token, cap in ((None, None), (None, '5'), (USER_TOKEN, None)):
            configure(s, token=token, cap=cap)
            r = s.fails(1, 'track', SPEC, '--census', 'full',
                        env=env_at(s, 0))
            assert "X's census reads followers with the owner's token " \
                'and is billed per follower read: no ' in r.err, r.err
            # What is missing, and only that, each way to set it once.
            assert (NO_TOKEN in r.err) == (token is None), r.err
            assert (NO_CAP in r.err) == (cap is None), r.err
            assert r.err.count('x_user_token') == (token is None), r.err
            assert r.err.count('x_max_usd') == (cap is None), r.err
            snapshot(s, 0)
            assert asked(fp) == [], (token, cap)
        # Hashed needs the same; off needs nothing.
        r = s.fails(1, 'track', SPEC, '--census', 'hashed', env=env_at(s, 0))
        assert NO_CAP in r.err, r.err
        s.ok('track', SPEC, '--census', 'off', env=env_at(s, 0))
        assert 'census_spend' not in audience(s, 0)
        assert 'census spent' not in s.ok('status', env=env_at(s, 0)).out
        configure(s)
        s.ok('track', SPEC, '--census', 'full', env=env_at(s, 0))
        snapshot(s, 1)
        sent = asked(fp)
        assert len(sent) == 1, sent
        assert sent[0]['headers'].get('Authorization',
                                      sent[0]['headers'].get(
                                          'authorization')) == \
            'Bearer ' + USER_TOKEN, sent[0]['headers']
        assert 'max_results=1000' in sent[0]['query'], sent
        assert 'user.fields=created_at,public_metrics' in \
            sent[0]['query'], sent
        a = audience(s, 1)
        assert a['listed'] == 30 and a['followers'] == 30, a
        assert a['census_spend']['reads'] == 30, a
        # Activity is not known from one listing: X gives no time.
        assert a['checked'] == 0 and a['active_fraction_30d'] is None, a
        assert a['note'] is None, a
        # The census's token removed: the census fails and says why.
        configure(s, token=None)
        r = snapshot(s, 2, code=3)
        assert 'x:example_author: census: ' + NO_TOKEN in r.err, r.err
        assert 'monthly cap' not in r.err, r.err


def test_the_estimate_comes_first_and_a_walk_above_the_cap_waits():
    """Before the first full walk the cost is printed once (the count
    times $0.001, and the daily new-follower walk's); above what the cap
    leaves the walk is not started (exit 3, no follower read); with the
    cap raised it runs, the spend is stored, and the daily run after it
    reads one short page and prints no estimate."""
    with Sandbox() as s, server.FakePlatform() as fp:
        set_list(fp, newest_first(1200))
        start(fp, s)
        configure(s, cap='1')
        r = snapshot(s, 0, code=3)
        estimate = ('tideline: x:example_author: census: a first full walk '
                    'reads 1,200 followers, about $1.201 (owned reads, and '
                    "one to check the token is the owner's); then the new "
                    'followers about $0.10 a run ($3.00 a month with a run '
                    'a day); cap %s a month, $0.00 spent in 2026-10\n')
        assert estimate % '$1.00' in r.err, r.err
        assert 'x:example_author: census: the first full walk would cost ' \
            'about $1.201, more than the whole monthly cap (x_max_usd ' \
            '$1.00): not started, and it will not start until x_max_usd ' \
            'is raised to $1.201 or more' in r.err, r.err
        assert 'next month' not in r.err, r.err
        assert asked(fp) == [] and fp.requests('/2/users/me') == []
        assert spend(s) == []
        configure(s, cap='2')
        r = snapshot(s, 0)
        assert r.err.count(estimate % '$2.00') == 1, r.err
        sent = asked(fp)
        assert [q['query'].split('&')[0] for q in sent] == \
            ['max_results=1000', 'max_results=999'], sent  # what $2 leaves
        assert len(fp.requests('/2/users/me')) == 1
        # The followers, and the check of the token at the same price.
        assert spend(s) == [('2026-10', 1200, 1201000)]
        a = audience(s, 0)
        assert a['listed'] == 1200 and a['unlisted'] == 0, a
        assert a['census_spend'] == {'month': '2026-10', 'reads': 1200,
                                     'spent_usd': 1.201, 'cap_usd': 2.0}, a
        text = s.ok('audience', SPEC, '--as-of', at(0),
                    env=env_at(s, 0)).out
        assert 'spent          $1.201 of the $2.00 cap in 2026-10 (1,200 ' \
            'followers read)' in text, text
        # The next day: the new followers' short page, no estimate.
        fp.clear_requests()
        set_list(fp, [xfollower(2001), xfollower(2002)] + newest_first(1200))
        r = snapshot(s, 1)
        assert 'estimate' not in r.err and 'first full walk' not in r.err
        sent = asked(fp)
        assert len(sent) == 1 and 'max_results=100&' in sent[0]['query'], \
            sent
        assert fp.requests('/2/users/me') == []    # not a full walk
        assert spend(s) == [('2026-10', 1300, 1301000)]
        assert audience(s, 1)['gained_7d'] == 2
        st = json.loads(s.ok('status', '-f', 'json', env=env_at(s, 1)).out)
        mine = [x for x in st['accounts'] if x['account'] == SPEC][0]
        assert mine['census_spend']['reads'] == 1300, mine
        assert mine['census_spend']['cap_usd'] == 2.0, mine
        assert 'census spent $1.301 of the $2.00 cap in 2026-10 (1,300 ' \
            'followers read)' in s.ok('status', env=env_at(s, 1)).out


def test_the_cap_stops_a_walk_mid_list_and_the_next_month_goes_on():
    """October: the first walk reads 1,200 and checks the token ($1.201
    of a $2.00 cap). A month later (still October) the full walk checks
    the token again and may read only the 798 the cap leaves: it asks for
    798, stops with a warning, keeps its place.
    November: the new followers, then the walk goes on where it stopped
    and ends: the gains, losses and activity are exact, and each month's
    spend is what it read. (Who engaged with the posts, billed from the
    same cap, is left out here: test_engagers_x.py.)"""
    with Sandbox() as s, server.FakePlatform() as fp:
        base = newest_first(1200)
        set_list(fp, base)
        start(fp, s)
        snapshot(s, 0, '--no-engagers')
        assert spend(s) == [('2026-10', 1200, 1201000)]
        # By day 30: 3 new followers at the top, 5 of the oldest left,
        # and 10 followers (deep in the list, and near its top) posted.
        posted = {6, 50, 120, 400, 401, 900, 1000, 1100, 1150, 1199}
        kept = [f for f in base if int(f['username'][2:]) > 5]
        for f in kept:
            if int(f['username'][2:]) in posted:
                f['tweet_count'] = 9
        later = [xfollower(3001), xfollower(3002), xfollower(3003)] + kept
        set_list(fp, later)
        fp.clear_requests()
        r = snapshot(s, 30, '--no-engagers')
        sent = asked(fp)
        assert len(sent) == 1 and sent[0]['query'].startswith(
            'max_results=798&'), sent
        assert len(fp.requests('/2/users/me')) == 1
        assert "this month's cap on follower reads is spent: the walk goes " \
            'on next month, or once the cap is raised' in r.err, r.err
        assert spend(s) == [('2026-10', 1998, 2000000)]
        walk = s.query("SELECT cursor IS NOT NULL, completed_at, listed "
                       "FROM census_walks WHERE kind = 'full' ORDER BY id "
                       "DESC LIMIT 1")
        assert walk == [(1, None, 798)], walk
        a = audience(s, 30)
        assert a['lost_30d'] == 0, a   # not known before the walk's end
        # Raising nothing, the same month: no further read.
        fp.clear_requests()
        snapshot(s, 30, '--no-engagers')
        assert asked(fp) == []
        # November: the new followers' page, then the rest of the walk.
        fp.clear_requests()
        snapshot(s, 31, '--no-engagers')
        sent = asked(fp)
        assert [q['query'].split('&')[0] for q in sent] == \
            ['max_results=100', 'max_results=1000'], sent
        assert 'pagination_token=' in sent[1]['query'], sent
        # The walk goes on: no check of the token (one per walk).
        assert fp.requests('/2/users/me') == []
        assert spend(s) == [('2026-10', 1998, 2000000),
                            ('2026-11', 100 + 400, 500000)]
        a = audience(s, 31)
        assert a['listed'] == 1198, a
        assert a['gained_30d'] == 3 and a['lost_30d'] == 5, a
        assert a['lost_by_reason']['unknown'] == 5, a
        # Everyone listed a month after their first count is checked;
        # the three new ones have a first count only.
        assert a['checked'] == 1195, a
        assert a['active_30d'] == 10, a
        assert a['census_spend']['month'] == '2026-11', a
        assert a['census_spend']['reads'] == 500, a
        gone = s.query("SELECT follower FROM census_followers WHERE "
                       "left_at IS NOT NULL ORDER BY follower")
        assert gone == [(str(4000000 + i),) for i in range(1, 6)], gone


def census_shown(s, env):
    """accounts' census of each account, as text, JSON and CSV."""
    lines = s.ok('accounts', env=env).out.splitlines()
    a, b = lines[0].index('CENSUS'), lines[0].index('FOLLOWERS')
    text = {ln.split()[0]: ln[a:b].strip() for ln in lines[1:]}
    js = {r['account']: (r['census'], r['census_asked']) for r in
          json.loads(s.ok('accounts', '-f', 'json', env=env).out)}
    rows = {r['account']: (r['census'], r['census_asked']) for r in
            csv.DictReader(io.StringIO(s.ok('accounts', '-f', 'csv',
                                            env=env).out))}
    return text, js, rows


def test_accounts_shows_each_census_and_whether_x_was_asked_for():
    """accounts shows the census mode of each account (the platform's
    default where none is set: full, but off on X until asked for), and
    for X whether it was asked for; a platform without a census has
    none."""
    other, blue, feed = ('mastodon:@a@m.example', 'bluesky:a.bsky.social',
                         'rss:https://b.example/feed.xml')
    with Sandbox() as s:
        configure(s)
        env = env_at(s, 0)
        s.ok('track', SPEC, other, blue, feed, env=env)
        s.ok('track', other, '--census', 'off', env=env)
        s.ok('track', blue, '--census', 'hashed', env=dict(
            env, TIDELINE_CENSUS_KEY='a long secret for the tests 1234'))
        text, js, rows = census_shown(s, env)
        assert text == {SPEC: 'off (not asked)', other: 'off',
                        blue: 'hashed', feed: '-'}, text
        assert js == {SPEC: ('off', False), other: ('off', None),
                      blue: ('hashed', None), feed: (None, None)}, js
        assert rows == {SPEC: ('off', '0'), other: ('off', ''),
                        blue: ('hashed', ''), feed: ('', '')}, rows
        for mode in ('full', 'off'):
            s.ok('track', SPEC, '--census', mode, env=env)
            text, js, rows = census_shown(s, env)
            assert text[SPEC] == mode and js[SPEC] == (mode, True) and \
                rows[SPEC] == (mode, '1'), (text, js, rows)
        s.ok('track', 'mastodon:@new@m.example', env=env)
        assert census_shown(s, env)[1]['mastodon:@new@m.example'] == \
            ('full', None)


def test_settings_from_the_environment_are_named_as_such():
    """The user token and the cap set in the environment: what is still
    missing is named alone, and a refused token, a bad cap or a cap too
    low is blamed on the variable that set it (it wins over the config
    file), never showing the token."""
    secret = 'env-user-token-5e1f'
    name = 'TIDELINE_X_USER_TOKEN_EXAMPLE_AUTHOR'
    with Sandbox() as s, server.FakePlatform() as fp:
        set_list(fp, newest_first(1200))
        configure(s, token=None, cap=None)
        s.ok('track', SPEC, '--api-base', fp.base('x'), env=env_at(s, 0))
        env = dict(env_at(s, 0), **{name: secret})
        r = s.fails(1, 'track', SPEC, '--census', 'full', env=env)
        assert NO_CAP in r.err and 'user token' not in r.err, r.err
        env['TIDELINE_X_MAX_USD'] = 'lots'
        r = s.fails(1, 'track', SPEC, '--census', 'full', env=env)
        assert "bad TIDELINE_X_MAX_USD 'lots'" in r.err, r.err
        env['TIDELINE_X_MAX_USD'] = '1'
        s.ok('track', SPEC, '--census', 'full', env=env)
        r = s.fails(3, 'snapshot', SPEC, '--no-history', env=env)
        said = [r.out, r.err]
        assert 'until TIDELINE_X_MAX_USD is raised to $1.201 or more' in \
            r.err and '(TIDELINE_X_MAX_USD $1.00)' in r.err, r.err
        assert 'x_max_usd' not in r.err, r.err
        # The cap gone from the environment, the token still there.
        del env['TIDELINE_X_MAX_USD']
        r = s.fails(3, 'snapshot', SPEC, '--no-history', env=env)
        assert 'census: ' + NO_CAP in r.err and 'user token' not in \
            r.err, r.err
        said += [r.out, r.err]
        # A token X refuses, from the environment over the config's.
        configure(s, token=USER_TOKEN, cap='10')
        env[name] = 'expired-token'
        r = s.fails(3, 'snapshot', SPEC, '--no-history', env=env)
        assert '(HTTP 401: Unauthorized): set a current one as %s in the ' \
            'environment' % name in r.err, r.err
        assert 'x_user_token' not in r.err, r.err
        said += [r.out, r.err]
        # From the config file, it is named there.
        configure(s, token='expired-token', cap='10')
        del env[name]
        r = s.fails(3, 'snapshot', SPEC, '--no-history', env=env)
        assert 'set a current one as x_user_token.example_author in the ' \
            'config file' in r.err and name not in r.err, r.err
        for out in said + [r.out, r.err]:
            assert secret not in out and 'expired-token' not in out, out


def test_errors_without_user_context_rate_limits_and_error_bodies():
    """The app's token where the owner's is needed (403), a token X
    refuses (401), a 429 with x-rate-limit-reset far off and a 200 with
    only errors each fail the census (exit 3) with X's words and what to
    do; the account's own fetch is stored, and the pages read before a
    failure are kept and the walk goes on from them."""
    with Sandbox() as s, server.FakePlatform() as fp:
        set_list(fp, newest_first(2500))
        start(fp, s)
        configure(s, token='test-bearer-token', cap='10')
        r = snapshot(s, 0, code=3)
        assert 'x:example_author: census: x: the follower list needs the ' \
            "account owner's user token (OAuth 2.0 user context), and it " \
            'was refused (HTTP 403: Authenticating with OAuth 2.0 ' \
            'Application-Only is forbidden for this endpoint.' in r.err, r.err
        assert 'set a current one as x_user_token.example_author' in r.err
        assert s.query('SELECT count(*) FROM follower_snapshots')[0][0] == 1
        configure(s, token='expired-token', cap='10')
        r = snapshot(s, 0, code=3)
        assert '(HTTP 401: Unauthorized)' in r.err, r.err
        assert spend(s) == [] and s.query(
            'SELECT count(*) FROM census_followers') == [(0,)]
        configure(s, cap='10')
        fp.faults({'fault': 'rate_limit', 'match': '/followers',
                   'skip': 1, 'reset_in': 3600, 'times': 1})
        r = snapshot(s, 0, code=3)
        assert 'x:example_author: census:' in r.err and 'rate limit' in \
            r.err, r.err
        assert s.query('SELECT count(*) FROM census_followers') == [(1000,)]
        assert spend(s) == [('2026-10', 1000, 1001000)]   # and the check
        fp.faults({'fault': 'x_200_errors', 'match': '/followers',
                   'times': 1})
        r = snapshot(s, 0, code=3)
        assert 'x:example_author: census: Sorry, you are not authorized to ' \
            'see the user with id' in r.err, r.err
        fp.clear_faults()
        fp.clear_requests()
        snapshot(s, 0)
        # The new followers' page, then the walk from its second page.
        sent = asked(fp)
        assert len(sent) == 3 and 'pagination_token=' in sent[1]['query'], \
            sent
        a = audience(s, 0)
        assert a['listed'] == 2500 and a['list_complete_at'] == at(0), a


def test_a_token_of_another_user_is_refused_before_any_follower_read():
    """A user token that X says is another user's (users/me names
    @someone_else): the walk would be billed ten times the estimate, so
    the census fails naming whose it is and what to set (exit 3), reads
    no follower and stores no spend but the check's; the owner's token
    then walks."""
    with Sandbox() as s, server.FakePlatform() as fp:
        fp.control({'platform': 'x', 'handle': 'someone_else',
                    'followers': 5, 'posts': 1, 'days': 3}, 'account')
        fp.control({'x_user_token_owner': 'someone_else'})
        set_list(fp, newest_first(30))
        start(fp, s)
        r = snapshot(s, 0, code=3)
        assert "x:example_author: census: x: the user token is " \
            "@someone_else's, not this account's own: X would bill each " \
            'follower read at the full price, ten times the owner\'s; set ' \
            "the account owner's token as x_user_token.example_author in " \
            'the config file' in r.err, r.err
        assert asked(fp) == [] and len(fp.requests('/2/users/me')) == 1
        assert s.query('SELECT count(*) FROM census_followers') == [(0,)]
        fp.control({'x_user_token_owner': KEY})
        snapshot(s, 1)
        assert audience(s, 1)['listed'] == 30


def test_a_failed_census_is_named_and_off_replaces_it():
    """A first walk the cap refuses, then a token X refuses (401): audience
    names the failure (message, when, HTTP status) in its note and its
    JSON, as status does, instead of 'no census yet'; report shows the
    note. Turned off, the account's census is said to be off, in status
    too, not failed."""
    with Sandbox() as s, server.FakePlatform() as fp:
        set_list(fp, newest_first(1200))
        start(fp, s)
        configure(s, cap='1')
        snapshot(s, 0, code=3)
        a = audience(s, 0)
        assert a['census_reason'] == 'failed', a
        assert 'the first full walk would cost about $1.201, more than ' \
            'the whole monthly cap (x_max_usd $1.00)' in a['census_error'], a
        assert a['census_error_at'] == at(0), a
        assert a['census_http_status'] is None, a
        assert a['note'].startswith('the census failed at %s: the first '
                                    'full walk would cost' % at(0)), a
        assert 'no walk has read the follower list since' in a['note'], a
        assert a['listed'] is None, a
        text = s.ok('audience', SPEC, '--as-of', at(0),
                    env=env_at(s, 0)).out
        assert 'the census failed at %s' % at(0) in text, text
        assert 'no census yet' not in text, text
        configure(s, token='expired-token', cap='10')
        snapshot(s, 1, code=3)
        a = audience(s, 1)
        assert a['census_http_status'] == 401, a
        assert 'Unauthorized' in a['census_error'], a
        assert a['census_error_at'] == at(1), a
        assert 'failed at %s (HTTP 401)' % at(1) in a['note'], a
        # Before the failure there was no census yet, and none failed.
        assert audience(s, -1)['census_error'] is None
        rep = s.ok('report', '--as-of', at(1), env=env_at(s, 1)).out
        assert 'the census failed at %s (HTTP 401)' % at(1) in rep, rep
        text = s.ok('status', env=env_at(s, 1)).out
        assert 'census failed' in text, text
        s.ok('track', SPEC, '--census', 'off', env=env_at(s, 1))
        text = s.ok('status', env=env_at(s, 1)).out
        # The runs' lines keep what the runs did; the account's says off.
        accounts = text.split('\nACCOUNTS\n')[1]
        assert 'census failed' not in accounts, text
        assert 'the census is off for this account' in accounts, text
        st = json.loads(s.ok('status', '-f', 'json', env=env_at(s, 1)).out)
        mine = [x for x in st['accounts'] if x['account'] == SPEC][0]
        assert mine['census_error'] is None, mine
        assert mine['census_http_status'] is None, mine
        assert mine['census_note'].startswith(
            'the census is off for this account since '), mine
        a = audience(s, 1)
        assert a['census_reason'] == 'off', a
        assert a['note'].startswith(
            'the census is off for this account since '), a


def test_the_user_token_never_appears_in_output_logs_or_the_database():
    """A distinctive user token, from the config file, is sent as the
    Authorization of the follower list and of the check of whose it is
    (users/me, once, before the first walk) and nowhere else: not in any
    output (with -v), not in the database or its files."""
    secret = 'owner-token-5b9e1c77d4f0a2'
    with Sandbox() as s, server.FakePlatform() as fp:
        fp.control({'x_user_token': secret})
        set_list(fp, newest_first(40))
        configure(s, token=secret)
        outputs = [s.ok('track', SPEC, '--api-base', fp.base('x'),
                        '--census', 'full', env=env_at(s, 0))]
        outputs.append(snapshot(s, 0, '-v'))
        outputs.append(snapshot(s, 1, '-v'))
        outputs.append(s.ok('audience', '--as-of', at(1), env=env_at(s, 1)))
        outputs.append(s.ok('status', '-f', 'json', env=env_at(s, 1)))
        outputs.append(s.ok('export', 'followers', env=env_at(s, 1)))
        for r in outputs:
            assert secret not in r.out and secret not in r.err, r
        assert 'followers' in outputs[1].err, outputs[1].err
        for name in os.listdir(s.dir):
            if name.startswith('tideline.db'):
                with open(s.path(name), 'rb') as f:
                    assert secret.encode() not in f.read(), name
        sent = asked(fp)
        assert sent and all(
            secret in str(q['headers']) for q in sent), sent
        me = fp.requests('/2/users/me')
        assert len(me) == 1 and secret in str(me[0]['headers']), me
        others = [q for q in fp.requests('/x/') if '/followers' not in
                  q['path'] and '/2/users/me' not in q['path']]
        assert others and not any(secret in str(q) for q in others)


def test_the_spend_as_of_a_time_is_what_was_read_by_then():
    """The spend as of a time is its month's reads up to then: before the
    first walk of the month (day 1's) nothing was spent yet; as of day 1,
    its 30 reads. A month kept as its total only (a database from before
    the reads were timed) is not known as of a time within it, and is
    its total as of its end."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        set_list(fp, newest_first(30))
        snapshot(s, 1)
        early = audience(s, 0.5)['census_spend']
        assert early['month'] == '2026-10', early
        assert early['reads'] == 0 and early['spent_usd'] == 0, early
        assert audience(s, 1)['census_spend']['reads'] == 30
        con = sqlite3.connect(s.db)
        con.execute('UPDATE census_spend_reads SET at = NULL')
        con.commit()
        con.close()

        def later(day, *args):
            """As of day, run on day 40 (the totals were kept before)."""
            return s.ok('audience', SPEC, '--as-of', at(day), *args,
                        env=env_at(s, 40)).out
        bill = json.loads(later(0.5, '-f', 'json'))[0]['census_spend']
        assert bill['reads'] is None and bill['spent_usd'] is None, bill
        assert bill['cap_usd'] == 2.0, bill
        text = ' '.join(later(0.5).split())
        assert 'spent not known as of 2026-10-02: the census kept 2026-10' in text, text
        bill = json.loads(later(30.4, '-f', 'json'))[0]['census_spend']
        assert bill['reads'] is None, bill
        bill = json.loads(later(31, '-f', 'json'))[0]['census_spend']
        assert bill['month'] == '2026-11' and bill['reads'] == 0, bill
        # As of now, the month's records are all before it: its total.
        assert audience(s, 2)['census_spend']['reads'] == 30


if __name__ == '__main__':
    harness.main(globals())
