"""What the account owner's Bluesky app password adds to the census: the
owner's follow notifications. createSession logs in as the owner, at most
once an hour, and the session's DID must be the tracked account's
(another account's password is not used); then listNotifications
(reasons=follow) gives each follower's exact follow time, its indexedAt
(stored for followers the walk has not listed yet, and taken when it
does), each run reading only the notifications after the newest one
read, within its share of the census's request budget, going on where
the last run stopped. Nothing of the password or the session is printed
or stored."""
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, TOKENS  # noqa: E402

server = harness.fake_platform_module()

KEY = 'author.bsky.social'
SPEC = 'bluesky:author.bsky.social'
PASSWORD = 'abcd-efgh-ijkl-mnop'
ENV_NAME = 'TIDELINE_BLUESKY_APP_PASSWORD_AUTHOR_BSKY_SOCIAL'
T0 = datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.timezone.utc)
SESSION = 'createSession'
NOTIFY = 'listNotifications'


def at(days, hours=0, minutes=0):
    return (T0 + datetime.timedelta(days=days, hours=hours,
                                    minutes=minutes)).strftime(
        '%Y-%m-%dT%H:%M:%SZ')


def did(i):
    return server.fake_did('follower-%d' % i)


def follower(i):
    """Follower i: the higher, the newer their follow in the list."""
    return {'did': did(i), 'handle': 'f%d.bsky.social' % i,
            'posts_count': 5, 'follow_ms': 1700000000000 + i * 1000}


def follow(i, when, reason='follow', **extra):
    n = {'reason': reason, 'indexed_at': when, 'follower': follower(i)}
    n.update(extra)
    return n


def world(fp, ids, notes, password=PASSWORD, **flags):
    """The list (follower numbers, newest first), the owner's
    notifications and the app password the server takes."""
    patch = {'follower_list': [follower(i) for i in ids],
             'former_followers': [], 'followers': len(ids),
             'app_password': password, 'notifications': notes}
    patch.update(flags)
    fp.control({'bluesky': {KEY: patch}})


def snapshot(s, when, *args, password=PASSWORD):
    env = dict(TOKENS, TIDELINE_NOW=when, TIDELINE_BLUESKY_PLC=s.plc)
    if password is not None:
        env[ENV_NAME] = password
    r = s.ok('snapshot', SPEC, '--no-history', '-v', *args, env=env)
    assert PASSWORD not in r.err and PASSWORD not in r.out, r.err
    return r


def followed_at(s):
    return dict(s.query('SELECT follower, followed_at FROM census_followers'))


def notify_state(s):
    return s.query('SELECT newest, pass_top, cursor FROM census_notify')


def logins(fp):
    return fp.requests(SESSION)


def start(fp, s):
    s.ok('track', SPEC, '--api-base', fp.base('bluesky'))
    # The fake's PLC directory, where the DID documents name the PDSes.
    s.plc = fp.url + '/plc'


def db_bytes(s):
    """Every byte of the database and its journal files."""
    out = b''
    for name in os.listdir(os.path.dirname(s.db)):
        if name.startswith(os.path.basename(s.db)):
            with open(os.path.join(os.path.dirname(s.db), name), 'rb') as f:
                out += f.read()
    return out


def test_follow_times_from_notifications_across_runs():
    """Day 0: ten followers from before the census, two of whom the
    notifications say followed on day -40 and day -10 (a like between
    them is not asked for): exactly those times, the rest none. One login,
    its password in the POST body only, and one listNotifications with
    the session's bearer. Day 1: f11 comes with a follow at 06:00 the day
    before, and f12's follow (day 0, 09:36) is read before the list shows
    f12: kept, and taken when the walk lists f12 on day 2. Neither the
    password nor the session's tokens are in the database. The survival
    by follow age then counts the two from before the census whose
    follow it knows (excluded 8, not 10), and f5, followed on day -10 and
    first listed at age 10, is at risk at 30 days (3 at risk, not 2)."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        base = list(range(10, 0, -1))
        notes = [follow(3, at(-40)), follow(5, at(-10)),
                 follow(9, at(-5), reason='like')]
        world(fp, base, notes)
        r = snapshot(s, at(0))
        assert 'census: 2 notifications read (2 follows' in r.err, r.err
        assert len(logins(fp)) == 1, logins(fp)
        assert logins(fp)[0]['method'] == 'POST', logins(fp)
        # A cursor comes with every page but an empty one: read to it.
        sent = fp.requests(NOTIFY)
        assert len(sent) == 2 and 'cursor' not in sent[0]['query'], sent
        assert sent[0]['headers']['authorization'].startswith('Bearer ')
        q = sent[0]['query']
        assert 'reasons=follow' in q and 'limit=100' in q, q
        assert PASSWORD not in json.dumps(fp.requests()), 'logged'
        f = followed_at(s)
        assert f[did(3)] == at(-40) and f[did(5)] == at(-10), f
        assert sorted(k for k, v in f.items() if v is not None) == \
            sorted([did(3), did(5)]), f
        newest = notify_state(s)[0]
        assert newest[0].startswith(at(-10)[:-1]) and did(5) in newest[0], \
            newest
        notes += [follow(11, at(0, 6)), follow(12, at(0, 9.6))]
        world(fp, [11] + base, notes)
        fp.clear_requests()
        r = snapshot(s, at(1))
        assert '2 notifications read (2 follows' in r.err, r.err
        assert len(logins(fp)) == 1 and len(fp.requests(NOTIFY)) == 1
        f = followed_at(s)
        assert f[did(11)] == at(0, 6) and did(12) not in f, f
        assert s.query('SELECT followed_at FROM census_follow_times WHERE '
                       'follower = ?', (did(12),)) == [(at(0, 9.6),)]
        world(fp, [12, 11] + base, notes)
        r = snapshot(s, at(2))
        assert 'notification read' not in r.err and \
            'notifications read' not in r.err, r.err
        f = followed_at(s)
        assert f[did(12)] == at(0, 9.6) and f[did(11)] == at(0, 6), f
        for day in range(7, 36, 7):
            snapshot(s, at(day))
        data = db_bytes(s)
        assert PASSWORD.encode() not in data
        assert b'eyJ0eXAi' not in data and b'accessJwt' not in data
        a = json.loads(s.ok('audience', '--as-of', at(35), '-f',
                            'json').out)[0]
        assert a['survival_excluded'] == 8, a
        assert a['survival'][0]['at_risk'] == 3, a['survival']


def test_the_config_file_key_is_taken_too():
    """bluesky_app_password.HANDLE in the 0600 config file logs in as
    the environment's variable does."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        world(fp, [2, 1], [follow(1, at(-3))])
        path = s.write('config', 'bluesky_app_password.%s = %s\n' % (
            KEY, PASSWORD))
        os.chmod(path, 0o600)
        env = dict(TOKENS, TIDELINE_NOW=at(0), TIDELINE_CONFIG=path,
                   TIDELINE_BLUESKY_PLC=s.plc)
        r = s.ok('snapshot', SPEC, '--no-history', '-v', env=env)
        assert PASSWORD not in r.err and PASSWORD not in r.out
        assert '1 notification read (1 follow,' in r.err, r.err
        assert followed_at(s)[did(1)] == at(-3)


def test_another_accounts_password_is_not_used():
    """The login answers with another DID (the password of another
    account): said once, no notifications asked for, no follow times;
    the census goes on and lists everyone."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        world(fp, [3, 2, 1], [follow(1, at(-3))],
              session_did='did:plc:someoneelse0000000000000')
        r = snapshot(s, at(0))
        assert r.err.count("the app password is another account's "
                           "(did:plc:someoneelse0000000000000)") == 1, r.err
        assert fp.requests(NOTIFY) == []
        f = followed_at(s)
        assert len(f) == 3 and all(v is None for v in f.values()), f


def test_a_wrong_password_is_said_once_and_the_census_goes_on():
    """A password the server refuses (401 AuthenticationRequired): one
    warning with the server's words, the census reads the list, and the
    run succeeds. An account that asks for an emailed code
    (AuthFactorTokenRequired) is told to use an app password."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        world(fp, [3, 2, 1], [follow(1, at(-3))], password='other-one')
        r = snapshot(s, at(0))
        assert r.err.count('the app password was refused (HTTP 401: '
                           'AuthenticationRequired: Invalid identifier or '
                           'password)') == 1, r.err
        assert fp.requests(NOTIFY) == []
        assert len(followed_at(s)) == 3
        world(fp, [3, 2, 1], [follow(1, at(-3))], auth_factor=True)
        r = snapshot(s, at(1))
        assert r.err.count('AuthFactorTokenRequired') == 1, r.err
        assert 'set an app password' in r.err, r.err
        assert fp.requests(NOTIFY) == []


def test_at_most_one_login_an_hour():
    """Two runs ten minutes apart log in once: the second reads no
    notifications and says why with -v; a run an hour after the login
    logs in again. A refused login counts too."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        world(fp, [2, 1], [follow(1, at(-3))])
        snapshot(s, at(0))
        read = len(fp.requests(NOTIFY))
        r = snapshot(s, at(0, minutes=10))
        assert len(logins(fp)) == 1, logins(fp)
        assert "the last login to read the owner's notifications came " \
            '10 minutes ago' in r.err, r.err
        assert read > 0 and len(fp.requests(NOTIFY)) == read
        snapshot(s, at(0, minutes=61))
        assert len(logins(fp)) == 2, logins(fp)
        world(fp, [2, 1], [follow(1, at(-3))], password='changed')
        snapshot(s, at(0, minutes=130))
        snapshot(s, at(0, minutes=140))
        assert len(logins(fp)) == 3, logins(fp)


def test_each_run_reads_only_the_new_notifications():
    """150 follows: two pages on day 0 (100, then 50, then an empty
    one, which ends the list). Day 1 has three
    more: one page from the top, no cursor, stopping at the newest one
    kept; day 2 none: one request, nothing read. A server that ignores
    reasons= sends likes too: skipped."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        ids = list(range(150, 0, -1))
        notes = [follow(i, at(-200 + i)) for i in ids]
        world(fp, ids, notes)
        snapshot(s, at(0))
        sent = fp.requests(NOTIFY)
        assert len(sent) == 3 and 'cursor=' in sent[1]['query'], sent
        f = followed_at(s)
        assert all(f[did(i)] == at(-200 + i) for i in ids), f
        new = [151, 152, 153]
        notes += [follow(i, at(0, i - 150)) for i in new]
        notes += [follow(7, at(0, 4), reason='like')]
        world(fp, new[::-1] + ids, notes, ignore_reasons=True)
        fp.clear_requests()
        r = snapshot(s, at(1))
        assert '4 notifications read (3 follows' in r.err, r.err
        sent = fp.requests(NOTIFY)
        assert len(sent) == 1 and 'cursor' not in sent[0]['query'], sent
        # The newest read, of any reason, is where the next pass stops.
        newest = notify_state(s)[0][0]
        assert newest.startswith(at(0, 4)[:-1]) and did(7) in newest and \
            'app.bsky.feed.like' in newest, newest
        f = followed_at(s)
        assert f[did(153)] == at(0, 3) and f[did(7)] == at(-193), f
        fp.clear_requests()
        r = snapshot(s, at(2))
        assert len(fp.requests(NOTIFY)) == 1
        assert 'notification read' not in r.err and \
            'notifications read' not in r.err, r.err


def test_the_budget_stops_a_pass_and_the_next_run_goes_on():
    """400 follows (4 pages) with --census-requests 10: the
    notifications take half, 5 requests (the DID document, the login and
    3 pages, 300 follows), and the walk the rest. The next run goes on from the cursor (the 100 left,
    and the empty page after them), then reads the 2 new ones from the top down to where the first pass
    began; every follower has their time."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        ids = list(range(400, 0, -1))
        notes = [follow(i, at(-400 + i)) for i in ids]
        world(fp, ids, notes)
        r = snapshot(s, at(0), '--census-requests', '10')
        assert '300 notifications read (300 follows' in r.err and \
            'their share of the budget is spent' in r.err, r.err
        assert len(fp.requests(NOTIFY)) == 3
        newest, top, cursor = notify_state(s)[0]
        assert newest is None and did(400) in top and cursor, \
            notify_state(s)
        notes += [follow(401, at(0, 1)), follow(402, at(0, 2))]
        world(fp, [402, 401] + ids, notes)
        fp.clear_requests()
        r = snapshot(s, at(1), '--census-requests', '10')
        assert '102 notifications read (102 follows' in r.err, r.err
        sent = [q['query'] for q in fp.requests(NOTIFY)]
        assert len(sent) == 3 and 'cursor=' in sent[0] and \
            'cursor=' in sent[1] and 'cursor' not in sent[2], sent
        newest, top, cursor = notify_state(s)[0]
        assert did(402) in newest and top is None and cursor is None
        for day in (2, 3, 4, 5, 6):
            snapshot(s, at(day), '--census-requests', '10')
        f = followed_at(s)
        assert len(f) == 402, len(f)
        want = {did(i): at(-400 + i) for i in ids}
        want.update({did(401): at(0, 1), did(402): at(0, 2)})
        assert f == want, [k for k in f if f[k] != want[k]][:5]


def test_a_bad_notification_is_skipped_and_counted():
    """A notification without indexedAt is skipped with a warning that
    counts them and names the first; the others are read."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        notes = [follow(1, at(-3)), follow(2, at(-2), drop=['indexedAt']),
                 follow(3, at(-1), drop=['indexedAt'])]
        world(fp, [3, 2, 1], notes)
        r = snapshot(s, at(0))
        assert "2 notifications could not be read and were skipped " \
            "(field 'indexedAt'" in r.err, r.err
        f = followed_at(s)
        assert f[did(1)] == at(-3) and f[did(2)] is None, f


def test_a_repeated_cursor_ends_the_pass():
    """A notifications page whose cursor is the one asked (the fake's
    repeat_cursor fault on the second page): a warning, and the pass
    ends there with what it read, instead of asking for ever."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        ids = list(range(150, 0, -1))
        world(fp, ids, [follow(i, at(-200 + i)) for i in ids])
        fp.control({'rules': [{'match': 'listNotifications?reasons=follow'
                               '&limit=100&cursor=', 'fault':
                               'repeat_cursor', 'times': -1}]}, 'faults')
        r = snapshot(s, at(0))
        assert "the notifications' next page repeats" in r.err, r.err
        assert len(fp.requests(NOTIFY)) == 2, fp.requests(NOTIFY)
        assert notify_state(s)[0][1:] == (None, None), notify_state(s)


def pds_requests(fp, prefix):
    """The paths of the logins and notification reads sent under
    prefix (/bluesky, /pds/P)."""
    return [r['path'] for r in fp.requests(prefix + '/xrpc/')
            if SESSION in r['path'] or NOTIFY in r['path']]


def test_a_self_hosted_pds_account_logs_in_at_its_pds():
    """An account on a PDS of its own (the fake's /pds/home): its DID
    document at the PLC directory names that PDS, and the login and the
    notifications go there, none to the AppView's base (which would
    refuse the password); the follow times come through."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        world(fp, [3, 2, 1], [follow(1, at(-3)), follow(2, at(-2))],
              pds='home')
        r = snapshot(s, at(0))
        assert 'census: 2 notifications read (2 follows' in r.err, r.err
        owner = server.fake_did(KEY)
        assert len(fp.requests('/plc/' + owner)) == 1, fp.requests('/plc')
        home = pds_requests(fp, '/pds/home')
        assert len(home) == 3 and SESSION in home[0], home
        assert pds_requests(fp, '/bluesky') == [], pds_requests(fp, '/bluesky')
        f = followed_at(s)
        assert f[did(1)] == at(-3) and f[did(2)] == at(-2), f


def test_a_did_web_account_logs_in_at_the_pds_its_host_names():
    """A did:web: account (did:web:127.0.0.1%3APORT, this server): its
    document is the host's /.well-known/did.json, which names its PDS;
    the PLC directory is not asked."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        web = 'did:web:' + fp.url[len('http://'):].replace(':', '%3A')
        world(fp, [2, 1], [follow(1, at(-3))], pds='web', id=web)
        r = snapshot(s, at(0))
        assert 'census: 1 notification read (1 follow' in r.err, r.err
        assert len(fp.requests('/.well-known/did.json')) == 1
        assert fp.requests('/plc/') == []
        home = pds_requests(fp, '/pds/web')
        assert len(home) == 3 and SESSION in home[0], home
        assert followed_at(s)[did(1)] == at(-3)


def test_a_did_document_without_a_usable_pds_is_said_and_the_run_goes_on():
    """A DID document that names no #atproto_pds service, one whose PDS
    is plain http on another host, and one the directory does not have
    (404): each is one warning naming the document and what is wrong;
    the password is not sent anywhere, no follow times are read, and
    the run still stores the account's counts and lists its followers."""
    cases = [({'did_services': []}, 'names no #atproto_pds service'),
             ({'did_services': [{
                 'id': '#atproto_pds', 'type': 'AtprotoPersonalDataServer',
                 'serviceEndpoint': 'http://pds.example'}]},
              'names a PDS that is not https (http://pds.example)'),
             ({'did_doc_status': 404}, 'could not be read (HTTP 404 from ')]
    for day, (flags, words) in enumerate(cases):
        with Sandbox() as s, server.FakePlatform() as fp:
            start(fp, s)
            world(fp, [3, 2, 1], [follow(1, at(-3))], **flags)
            r = snapshot(s, at(day))
            doc = '%s/%s' % (s.plc, server.fake_did(KEY))
            assert r.err.count(words) == 1, r.err
            assert 'bluesky:author.bsky.social: census: its DID document ' \
                in r.err and doc in r.err, r.err
            assert 'the app password is not used' in r.err, r.err
            assert logins(fp) == [] and fp.requests(NOTIFY) == []
            f = followed_at(s)
            assert len(f) == 3 and all(v is None for v in f.values()), f
            assert s.query('SELECT followers FROM follower_snapshots') == \
                [(3,)], s.query('SELECT * FROM follower_snapshots')


harness.main(globals())
