"""What the account owner's Mastodon token adds to the census: the
owner's notifications. verify_credentials must name the tracked account
(another user's token is not used for them); then follow notifications
give each follower's exact follow time (stored for followers the walk has
not listed yet, and taken when it does), severed_relationships events
mark the followers found gone across them 'severed', and each run reads
only the notifications after the newest one read, within its share of
the census's request budget, going on where the last run stopped."""
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, TOKENS  # noqa: E402

server = harness.fake_platform_module()

KEY = 'author@mastodon.example'
SPEC = 'mastodon:@author@mastodon.example'
TOKEN = 'owner-token-of-the-author-0123'
ENV_NAME = 'TIDELINE_MASTODON_TOKEN_MASTODON_EXAMPLE'
T0 = datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.timezone.utc)
NOTIFY = '/api/v1/notifications'
VERIFY = '/api/v1/accounts/verify_credentials'


def at(days, hours=0):
    return (T0 + datetime.timedelta(days=days, hours=hours)).strftime(
        '%Y-%m-%dT%H:%M:%SZ')


def follower(i, **extra):
    """Follower i (account id 7000 + i), who posted 3 days before day 0."""
    f = {'id': str(7000 + i), 'acct': 'f%d@remote%d.example' % (i, i % 3),
         'follow_id': str(500000 + i),
         'last_status_at': (T0 - datetime.timedelta(days=3)).strftime(
             '%Y-%m-%d')}
    f.update(extra)
    return f


def follow(nid, i, when):
    return {'id': str(nid), 'type': 'follow', 'created_at': when,
            'follower': follower(i)}


def severed(nid, kind, target, count, when):
    return {'id': str(nid), 'type': 'severed_relationships',
            'created_at': when,
            'event': {'id': str(40 + nid), 'type': kind,
                      'target_name': target, 'followers_count': count,
                      'following_count': 0, 'created_at': when}}


def world(fp, ids, notes, former=(), owner=TOKEN):
    """The list (follower ids, newest first), the owner's notifications."""
    fp.control({'mastodon': {KEY: {
        'follower_list': [follower(i) for i in ids],
        'former_followers': [follower(i) for i in former],
        'followers': len(ids), 'owner_token': owner,
        'notifications': notes}}})


def snapshot(s, day, *args, token=TOKEN):
    env = dict(TOKENS, TIDELINE_NOW=at(day))
    if token is not None:
        env[ENV_NAME] = token
    return s.ok('snapshot', SPEC, '--no-history', '-v', *args, env=env)


def audience(s, day):
    return json.loads(s.ok('audience', '--as-of', at(day), '-f',
                           'json').out)[0]


def followed_at(s):
    return dict(s.query('SELECT follower, followed_at FROM census_followers'))


def notify_state(s):
    return s.query('SELECT newest, pass_top, cursor FROM census_notify')


def start(fp, s):
    s.ok('track', SPEC, '--api-base', fp.base('mastodon'))


def test_follow_times_from_notifications_across_runs():
    """Day 0: ten followers from before the census, two of whom the
    notifications say followed on day -40 and day -10 (a mention between
    them is not asked for): exactly those times, the rest none. Day 1:
    f11 comes with a follow at 18:00 the day before, and f12's follow
    (day 0, 21:36) is read before the list shows f12: kept, and taken
    when the walk lists f12 on day 2. Each run asks once, with both
    types, and stops at the notification it knows. The survival by
    follow age then counts the two from before the census whose follow
    it knows (excluded 8, not 10), and f5, followed on day -10 and first
    listed at age 10, is at risk at 30 days (3 at risk, not 2)."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        base = list(range(10, 0, -1))
        notes = [follow(100, 3, at(-40)), follow(101, 5, at(-10)),
                 {'id': '102', 'type': 'mention', 'created_at': at(-5),
                  'follower': follower(99)}]
        world(fp, base, notes)
        r = snapshot(s, 0)
        assert 'census: 2 notifications read (2 follows, 0 severed ' \
            'relationships)' in r.err, r.err
        assert TOKEN not in r.err and TOKEN not in r.out
        sent = fp.requests(NOTIFY)
        assert len(sent) == 1 and len(fp.requests(VERIFY)) == 1, sent
        q = sent[0]['query']
        assert 'types%5B%5D=follow' in q and \
            'types%5B%5D=severed_relationships' in q and 'limit=80' in q, q
        f = followed_at(s)
        assert f['7003'] == at(-40) and f['7005'] == at(-10), f
        assert [k for k, v in f.items() if v is not None] == ['7003',
                                                              '7005'], f
        assert notify_state(s) == [('101', None, None)]
        notes += [follow(103, 11, at(0, 6)), follow(104, 12, at(0, 9.6))]
        world(fp, [11] + base, notes)
        fp.clear_requests()
        r = snapshot(s, 1)
        assert '2 notifications read (2 follows' in r.err, r.err
        sent = fp.requests(NOTIFY)
        assert len(sent) == 1 and 'max_id' not in sent[0]['query'], sent
        f = followed_at(s)
        assert f['7011'] == at(0, 6) and '7012' not in f, f
        assert s.query('SELECT followed_at FROM census_follow_times WHERE '
                       "follower = '7012'") == [(at(0, 9.6),)]
        assert notify_state(s) == [('104', None, None)]
        world(fp, [12, 11] + base, notes)
        r = snapshot(s, 2)
        assert 'notifications read' not in r.err, r.err
        f = followed_at(s)
        assert f['7012'] == at(0, 9.6) and f['7011'] == at(0, 6), f
        # A gain still: f12 came after the walk before.
        assert audience(s, 2)['gained_7d'] == 2
        for day in range(7, 36, 7):
            snapshot(s, day)
        a = audience(s, 35)
        assert a['survival_excluded'] == 8, a
        assert a['survival'][0]['at_risk'] == 3, a['survival']
        # Of those, with their activity watched and not yet quiet: f5
        # (f11 and f12, last posting on day -3, are quiet from age 27).
        # f3, followed on day -40, is not among them: not watched as a
        # follower at age 30 (first listed at 40), though its last post
        # tells of its activity back to the follow.
        assert a['survival'][0]['active_at_risk'] == 1, a['survival']
        for p in a['survival']:
            assert p['active_at_risk'] <= p['at_risk'], a['survival']


def test_a_strangers_token_reads_no_notifications():
    """The token set for the server is another user's: verify_credentials
    names @other, so no notification is asked for (theirs would give the
    author's followers false follow times), -v says so once, and the
    token is never printed; a token the server refuses, or the owner's
    without the scope for notifications (403), is said too. The census
    itself goes on."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        world(fp, list(range(10, 0, -1)), [], owner=None)
        fp.control({'mastodon': {'other@mastodon.example': {
            'owner_token': TOKEN, 'followers': 1,
            'notifications': [follow(100, 3, at(-40))]}}})
        r = snapshot(s, 0)
        assert fp.requests(NOTIFY) == [], fp.requests(NOTIFY)
        assert len(fp.requests(VERIFY)) == 1
        assert r.err.count("census: the token is another user's (@other), "
                           "not this account's own: its notifications") \
            == 1, r.err
        assert TOKEN not in r.err and TOKEN not in r.out
        assert all(v is None for v in followed_at(s).values())
        assert len(followed_at(s)) == 10
        assert notify_state(s) == []
        r = snapshot(s, 1, token='not-a-token-the-server-knows')
        assert 'the server refused the token (HTTP 401)' in r.err, r.err
        assert fp.requests(NOTIFY) == []
        # The owner's token without the scope for notifications.
        world(fp, list(range(10, 0, -1)), [follow(100, 3, at(-40))])
        fp.control({'mastodon': {KEY: {'notifications_denied': True},
                                 'other@mastodon.example': None}})
        r = snapshot(s, 2)
        assert 'the token may not read the owner\'s notifications (HTTP ' \
            '403; it needs the read:notifications scope)' in r.err, r.err
        assert 'census: 10 followers read' in r.err, r.err
        assert all(v is None for v in followed_at(s).values())
        # Without a token nothing is asked at all.
        fp.clear_requests()
        snapshot(s, 3, token=None)
        assert fp.requests(VERIFY) == [] and fp.requests(NOTIFY) == []


def severing(fp, s, token_from):
    """Twelve followers on day 0 (f1, f4, f7, f10 on remote1.example);
    on day 3 the server blocks remote1.example (5 followers, it says) and
    f2 and f5 unfollow; full walks on day 8, the reasons asked on day 9.
    The token is set from day token_from on."""
    ids = list(range(12, 0, -1))
    gone = [1, 4, 7, 10, 2, 5]
    event = severed(200, 'domain_block', 'remote1.example', 5, at(3))
    world(fp, ids, [])
    snapshot(s, 0, token=TOKEN if token_from <= 0 else None)
    world(fp, [i for i in ids if i not in gone], [event], former=gone)
    for day in (4, 8, 9, 10):
        snapshot(s, day, token=TOKEN if token_from <= day else None)


def reasons(s):
    return dict(s.query('SELECT follower, left_reason FROM census_followers '
                        'WHERE left_at IS NOT NULL'))


def test_a_domain_block_severs_the_followers_on_it():
    """The event is read on day 4, before the walk finds anyone gone: the
    day-8 walk's losses on remote1.example are severed at once, so only
    f2 and f5 are asked about (unfollowed). audience: severed 4, the
    others unfollowed, and the event with the server's 5 beside the 4
    the census matched."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        severing(fp, s, 0)
        asked = sorted(q['path'].rsplit('/', 1)[1] for q in
                       fp.requests('/api/v1/accounts/70'))
        assert asked == ['7002', '7005'], asked
        assert reasons(s) == {'7001': 'severed', '7004': 'severed',
                              '7007': 'severed', '7010': 'severed',
                              '7002': 'unfollowed', '7005': 'unfollowed'}
        a = audience(s, 10)
        assert a['lost_by_reason'] == {'unfollowed': 2, 'moved': 0,
                                       'deleted': 0, 'severed': 4,
                                       'unknown': 0}, a
        assert a['severances'] == [{
            'at': at(3), 'type': 'domain_block',
            'target': 'remote1.example', 'followers_count': 5,
            'matched': 4, 'matched_30d': 4}], a['severances']
        text = s.ok('audience', '--as-of', at(10)).out
        assert 'severed        %s domain_block remote1.example: 5 ' \
            'followers by the server, 4 found gone here' % at(3)[:10] \
            in text, text
        # As of before the walk found them gone, none is matched yet.
        assert audience(s, 5)['severances'][0]['matched'] == 0
        # Hashed, the census keeps no handle: the followers the event
        # took are those stored as severed by it, still 4.
        key = {'TIDELINE_CENSUS_KEY': 'a long secret for the tests 1234'}
        s.ok('track', SPEC, '--census', 'hashed', env=key)
        a = audience(s, 10)
        assert a['severances'][0]['matched'] == 4, a['severances']
        assert a['lost_by_reason']['severed'] == 4, a


def test_the_severances_cover_the_losses_they_explain():
    """lost_by_reason counts the followers found gone in the 30 days;
    the severances listed must explain them. As of day 35 the day-3
    event is older than 30 days, but the four it took were found gone on
    day 8, inside them: the event is listed, its matched_30d 4 like
    lost_by_reason's severed. As of day 40 both are out of the window."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        severing(fp, s, 0)
        a = audience(s, 35)
        assert a['lost_by_reason']['severed'] == 4, a
        assert [(e['at'], e['matched'], e['matched_30d'])
                for e in a['severances']] == [(at(3), 4, 4)], a
        text = s.ok('audience', '--as-of', at(35)).out
        assert '4 found gone here, all in the 30 days' in text, text
        # Inside the window both ways: matched_30d equals matched.
        assert audience(s, 10)['severances'][0]['matched_30d'] == 4
        a = audience(s, 40)
        assert a['lost_by_reason']['severed'] == 0, a
        assert a['severances'] == [], a


def test_severed_outranks_the_reason_asked_before():
    """The token comes on day 10, after the reasons were asked (all six
    'unfollowed'): the first pass reads the day-3 event, and the four on
    the blocked domain become severed; an account_suspension names one
    account, f2, who is severed too."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        severing(fp, s, 10)
        assert sorted(reasons(s).values()) == ['severed'] * 4 + \
            ['unfollowed'] * 2, reasons(s)
        notes = [severed(200, 'domain_block', 'remote1.example', 5, at(3)),
                 severed(201, 'account_suspension', 'f2@remote2.example', 1,
                         at(3, 1))]
        fp.control({'mastodon': {KEY: {'notifications': notes}}})
        snapshot(s, 11)
        assert reasons(s)['7002'] == 'severed'
        a = audience(s, 11)
        assert a['lost_by_reason']['severed'] == 5, a
        assert a['lost_by_reason']['unfollowed'] == 1, a
        assert [(e['type'], e['followers_count'], e['matched'])
                for e in a['severances']] == [('domain_block', 5, 4),
                                              ('account_suspension', 1, 1)]


def test_each_run_reads_only_the_new_notifications():
    """100 follows: two pages on day 0 (80, then 20), the newest id kept.
    Day 1 has three more: one request, from the top, no max_id, stopping
    at the kept one; day 2 none: one request, nothing read."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        ids = list(range(100, 0, -1))
        notes = [follow(1000 + i, i, at(-100 + i)) for i in ids]
        world(fp, ids, notes)
        snapshot(s, 0)
        sent = fp.requests(NOTIFY)
        assert len(sent) == 2 and 'max_id=1021' in sent[1]['query'], sent
        assert notify_state(s) == [('1100', None, None)]
        f = followed_at(s)
        assert all(f[str(7000 + i)] == at(-100 + i) for i in ids), f
        new = [101, 102, 103]
        notes += [follow(1000 + i, i, at(0, i - 100)) for i in new]
        world(fp, new[::-1] + ids, notes)
        fp.clear_requests()
        r = snapshot(s, 1)
        assert '3 notifications read (3 follows' in r.err, r.err
        sent = fp.requests(NOTIFY)
        assert len(sent) == 1 and 'max_id' not in sent[0]['query'], sent
        assert notify_state(s) == [('1103', None, None)]
        assert followed_at(s)['7103'] == at(0, 3)
        fp.clear_requests()
        r = snapshot(s, 2)
        assert len(fp.requests(NOTIFY)) == 1
        assert 'notifications read' not in r.err, r.err


def test_the_budget_stops_a_pass_and_the_next_run_goes_on():
    """300 follows (4 pages) with --census-requests 8: the notifications
    take half, 4 requests (the check of the token and 3 pages, 240
    follows), and the walk the rest. The next run goes on from the
    cursor (the 60 left), then reads the 2 new ones from the top down to
    where the first pass began; every follower has their time."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        ids = list(range(300, 0, -1))
        notes = [follow(1000 + i, i, at(-300 + i)) for i in ids]
        world(fp, ids, notes)
        r = snapshot(s, 0, '--census-requests', '8')
        assert '240 notifications read (240 follows, 0 severed ' \
            'relationships); their share of the budget is spent' in r.err, \
            r.err
        assert len(fp.requests(NOTIFY)) == 3
        assert notify_state(s) == [(None, '1300', '1061')]
        assert len(fp.requests('/followers')) >= 1
        notes += [follow(2001, 301, at(0, 1)), follow(2002, 302, at(0, 2))]
        world(fp, [302, 301] + ids, notes)
        fp.clear_requests()
        r = snapshot(s, 1, '--census-requests', '8')
        assert '62 notifications read (62 follows' in r.err, r.err
        sent = [q['query'] for q in fp.requests(NOTIFY)]
        assert len(sent) == 2 and 'max_id=1061' in sent[0] and \
            'max_id' not in sent[1], sent
        assert notify_state(s) == [('2002', None, None)]
        for day in (2, 3, 4):
            snapshot(s, day, '--census-requests', '8')
        f = followed_at(s)
        assert len(f) == 302, len(f)
        want = {str(7000 + i): at(-300 + i) for i in ids}
        want.update({'7301': at(0, 1), '7302': at(0, 2)})
        assert f == want, [k for k in f if f[k] != want[k]][:5]


def test_a_bad_notification_is_skipped_named_and_fails_nothing():
    """Every follow on the second page has a created_at that is no time
    (the fake's wrong_type fault, on every run): they stay in the
    owner's list, so failing on them would fail every later run too.
    The run says how many it skipped, naming the first and its field,
    and goes on: the pass ends, the first page's follow times are
    stored, the walk lists every follower, and the next run reads only
    what came since (and fails nothing either)."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        ids = list(range(100, 0, -1))
        world(fp, ids, [follow(1000 + i, i, at(-100 + i)) for i in ids])
        fp.control({'rules': [{'match': 'max_id=1021', 'fault':
                               'wrong_type', 'field': 'created_at',
                               'value': 7, 'times': -1}]},
                   'faults')
        r = snapshot(s, 0)
        assert "census: 20 notifications could not be read and were " \
            "skipped (notification 1020: field 'created_at' is not a " \
            "string)" in r.err, r.err
        assert notify_state(s) == [('1100', None, None)]
        f = followed_at(s)
        assert len(f) == 100, len(f)
        assert all(f[str(7000 + i)] == at(-100 + i) for i in ids if i > 20)
        times = [f[str(7000 + i)] for i in ids if i <= 20]
        assert at(-80) not in times and at(-99) not in times, times
        fp.clear_requests()
        r = snapshot(s, 1)
        assert 'could not be read' not in r.err, r.err
        sent = fp.requests(NOTIFY)
        assert len(sent) == 1 and 'max_id' not in sent[0]['query'], sent


def test_the_hashed_mode_keeps_follow_times_by_hash():
    """A hashed census: the follow times are kept by the keyed hash, as
    the followers are, and still reach their rows; no follower id is
    stored in the clear. Turning hashed forgets the times kept by id."""
    key = {'TIDELINE_CENSUS_KEY': 'a long secret for the tests 1234'}
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        world(fp, [3, 2, 1], [follow(100, 9, at(-2))])
        snapshot(s, 0)
        assert s.query('SELECT follower FROM census_follow_times') == \
            [('7009',)]
        s.ok('track', SPEC, '--census', 'hashed', env=key)
        assert s.query('SELECT count(*) FROM census_follow_times') == [(0,)]
        world(fp, [4, 3, 2, 1], [follow(100, 9, at(-2)),
                                 follow(101, 4, at(0, 5))])
        env = dict(TOKENS, TIDELINE_NOW=at(1), **key)
        env[ENV_NAME] = TOKEN
        s.ok('snapshot', SPEC, '--no-history', env=env)
        rows = s.query('SELECT follower, followed_at FROM census_followers '
                       'WHERE followed_at IS NOT NULL')
        assert len(rows) == 1 and len(rows[0][0]) == 64 and \
            rows[0][1] == at(0, 5), rows
        kept = s.query('SELECT follower FROM census_follow_times')
        assert [len(k[0]) for k in kept] == [64], kept


def test_a_hidden_list_is_read_with_the_owners_token():
    """The author hides their followers (hide_collections): without a
    token the list is hidden and -v asks for the owner's token; with it
    (verified as the author's own) every request of the followers walk
    carries it and the server, as Mastodon does for a list's owner, shows
    the list: read whole, no word of hidden. A server that hides it even
    from its owner is said to, and the owner's token is not asked for."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        world(fp, list(range(10, 0, -1)), [])
        fp.control({'mastodon': {KEY: {'hide_collections': True}}})
        r = snapshot(s, 0, token=None)
        assert "hidden from us (give the owner's token to read it)" \
            in r.err, r.err
        a = audience(s, 0)
        assert a['census_reason'] == 'hidden' and a['listed'] is None, a
        assert "with the owner's token the census reads it" in a['note']
        fp.clear_requests()
        r = snapshot(s, 1)
        sent = fp.requests('/followers')
        assert sent and all(q['headers'].get('Authorization', q['headers']
                            .get('authorization')) == 'Bearer ' + TOKEN
                            for q in sent), sent
        assert 'census: 10 followers read (the walk through the whole ' \
            'list ended)' in r.err, r.err
        assert 'hidden' not in r.err, r.err
        a = audience(s, 1)
        assert a['census_reason'] == 'read' and a['listed'] == 10, a
        # Hidden from its owner too: said so, not asked for the token.
        fp.control({'mastodon': {KEY: {'hide_from_owner': True}}})
        r = snapshot(s, 8)
        assert "census: the follower list stays hidden even with the " \
            "owner's token" in r.err, r.err
        assert "give the owner's token" not in r.err, r.err
        a = audience(s, 8)
        assert a['census_reason'] == 'hidden_to_owner', a
        assert a['note'].startswith("the follower list stays hidden even "
                                    "with the owner's token"), a
        assert "give the owner's token" not in a['note'], a
        rep = s.ok('report', '--as-of', at(8), env=dict(
            TOKENS, TIDELINE_NOW=at(8))).out
        assert 'stays hidden even with the owner' in rep, rep
        # A stranger's token is not the owner's: the list is hidden from
        # us, and the owner's token is what to give.
        fp.control({'mastodon': {KEY: {'hide_from_owner': False}}})
        r = snapshot(s, 9, token='not-a-token-the-server-knows')
        assert "hidden from us (give the owner's token to read it)" \
            in r.err, r.err
        assert "with the owner's token the census reads it" in \
            audience(s, 9)['note']


harness.main(globals())
