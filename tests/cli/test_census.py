"""The audience census: snapshot reads each Mastodon account's follower
list (the new followers every run, the whole list on a weekly schedule,
over several runs when the budget says so), and `audience` shows who
follows, who is active, who came and who left and why. The fake server
holds the list; the tests change it between runs (follows, unfollows, a
rename, followers going quiet, moving, deleted) and check the exact
gains, losses and reasons."""
import csv as csvmod
import datetime
import io
import json
import math
import os
import re
import shutil
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, TOKENS  # noqa: E402

server = harness.fake_platform_module()

KEY = 'author@mastodon.example'
SPEC = 'mastodon:@author@mastodon.example'
DAY = 86400
T0 = datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.timezone.utc)


def at(days):
    return (T0 + datetime.timedelta(days=days)).strftime(
        '%Y-%m-%dT%H:%M:%SZ')


def date_at(days):
    return (T0 + datetime.timedelta(days=days)).strftime('%Y-%m-%d')


def follower(i, active_days_ago=None, now_days=0, **extra):
    """Follower i: active (last post) that many days before day now_days,
    or never (None)."""
    f = {'id': str(7000 + i), 'acct': 'f%d@remote%d.example' % (i, i % 3),
         'follow_id': str(500000 + i),
         'last_status_at': None if active_days_ago is None else
         date_at(now_days - active_days_ago)}
    f.update(extra)
    return f


def set_list(fp, followers, former=(), **flags):
    patch = {'follower_list': followers, 'former_followers': list(former),
             'followers': len(followers)}
    patch.update(flags)
    fp.control({'mastodon': {KEY: patch}})


def snapshot(s, day, *args, code=0):
    env = dict(TOKENS)
    env['TIDELINE_NOW'] = at(day)
    return s.fails(code, 'snapshot', SPEC, '--no-history', *args, env=env)


def audience(s, day, *args):
    r = s.ok('audience', '--as-of', at(day), '-f', 'json', *args)
    rows = json.loads(r.out)
    assert len(rows) == 1, rows
    return rows[0]


def followers_of(s):
    return {r[0]: r[1:] for r in s.query(
        'SELECT follower, handle, left_at IS NULL, left_reason FROM '
        'census_followers')}


def newest_first(n, now_days=0, active=lambda i: 3):
    """n followers, the last to follow first (highest follow id)."""
    return [follower(i, active(i), now_days) for i in range(n, 0, -1)]


def start(fp, s):
    s.ok('track', SPEC, '--api-base', fp.base('mastodon'))


def test_first_walk_measures_the_audience_and_its_activity():
    """The first run reads the whole list (3 pages of 80): everyone is
    there from before (no gains), each follower's activity is their
    last_status_at; audience gives the exact share (every follower
    checked, so the interval is the point)."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        # 200 followers: 1 in 4 posted 10 days ago, 1 in 4 60 days ago,
        # the rest 200 days ago or never.
        def active(i):
            return (10, 60, 200, None)[i % 4]
        set_list(fp, newest_first(200, 0, active))
        r = snapshot(s, 0, '-v')
        assert 'census: 200 followers read (the walk through the whole ' \
            'list ended), 0 new, 0 gone' in r.err, r.err
        sent = fp.requests('/followers')
        assert len(sent) == 3 and all('limit=80' in q['query']
                                      for q in sent), sent
        a = audience(s, 0)
        assert a['followers'] == 200 and a['listed'] == 200, a
        assert a['checked'] == 200
        assert a['active_30d'] == 50 and a['active_90d'] == 100, a
        assert a['active_fraction_30d'] == 0.25
        assert a['active_fraction_30d_ci'] == [0.25, 0.25]
        assert a['unlisted'] == 0, a
        assert a['gained_7d'] == a['lost_7d'] == a['gained_30d'] == 0
        assert a['list_complete_at'] == at(0)
        assert a['note'] is None, a
        assert [(h['at'], h['listed'], h['active_30d'],
                 h['active_fraction_30d']) for h in a['history']] == \
            [(at(0), 200, 50, 0.25)], a['history']
        text = s.ok('audience', '--as-of', at(0)).out
        assert 'listed         200 (the list read whole on 2026-11-01)' \
            in text, text
        assert '50 in 30 days (25.0%, every follower checked), 100 in 90 ' \
            'days' in text, text
        # As of later, the same last posts are older: fewer are active;
        # and a list last read 30 days before says so.
        later = audience(s, 30)
        assert later['active_30d'] == 0
        assert later['note'] == ('the follower list was last read on '
                                 '%s, 30 days before: who left or went '
                                 'quiet since is not known' % date_at(0))
        # report says what audience says of the list read long before.
        rep = s.ok('report', '--as-of', at(30)).out
        assert 'note: the follower list was last read on %s, 30 days ' \
            'before' % date_at(0) in rep, rep
        # Before the census began there was none by then: not one the
        # next snapshot is to read.
        before = audience(s, -2)
        assert before['listed'] is None and before['note'] == (
            "no census by %s: the census's first walk came after it"
            % date_at(-2)), before
        assert before['census_reason'] == 'not_by', before
        text = s.ok('audience', '--as-of', at(-2)).out
        assert 'no census by %s' % date_at(-2) in text and \
            'no census yet' not in text, text
        # decay holds its models' estimate against the measured share.
        d = json.loads(s.ok('decay', '--as-of', at(0), '-f', 'json').out)
        mine = [x for x in d if x['account'] == SPEC][0]
        assert mine['measured_active_fraction'] == 0.25, mine
        assert mine['measured_active_fraction_ci'] == [0.25, 0.25], mine
        # No estimate here (too few posts): nothing to hold it against.
        assert mine['effective_fraction'] is None, mine
        assert mine['measured_agrees'] is None, mine
        assert mine['model_chosen_by_census'] is False, mine
        # The CSV too; empty where there was no census yet.
        for day, want in ((0, '0.250'), (-2, '')):
            rows = list(csvmod.DictReader(io.StringIO(s.ok(
                'decay', '--as-of', at(day), '-f', 'csv').out)))
            mine = [x for x in rows if x['account'] == SPEC][0]
            assert mine['measured_active_fraction'] == want, (day, rows)
        assert 'measured: 25% of the listed followers posted within 30 ' \
            'days' in s.ok('decay', '--as-of', at(0)).out


def test_daily_runs_read_only_the_new_followers():
    """Between full walks a run reads the top of the list down to the
    first follower it knows: one page for a few new followers, and the
    gains are exact; the weekly full walk then finds who left, and asks
    each why: gone (404: deleted), moved, or there (unfollowed)."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        base = newest_first(170)
        set_list(fp, base)
        snapshot(s, 0)
        fp.clear_requests()
        new = [follower(i) for i in range(175, 170, -1)]
        set_list(fp, new + base)
        r = snapshot(s, 1, '-v')
        assert len(fp.requests('/followers')) == 1, fp.requests('/followers')
        # A daily run reads the newest only: it says so, not 'listed'.
        assert 'census: 80 followers read (the newest, down to those ' \
            'known), 5 new, 0 gone' in r.err, r.err
        a = audience(s, 1)
        assert a['gained_7d'] == 5 and a['listed'] == 175, a
        # Three leave: one unfollows, one is deleted, one moves.
        gone = {'7001': {}, '7002': {'deleted': True},
                '7003': {'moved': True}}
        kept = [f for f in new + base if f['id'] not in gone]
        former = [dict(f, **gone[f['id']]) for f in base
                  if f['id'] in gone]
        set_list(fp, kept, former)
        # Day 3: not a full walk yet, so nobody is known to have left.
        snapshot(s, 3)
        assert audience(s, 3)['lost_7d'] == 0
        fp.clear_requests()
        r = snapshot(s, 8, '-v')
        assert '3 gone' in r.err, r.err
        asked = sorted(q['path'].rsplit('/', 1)[1] for q in
                       fp.requests('/api/v1/accounts/') if
                       q['path'].count('/') == 5 and
                       not q['path'].endswith('/followers') and
                       'lookup' not in q['path'])
        # The reasons are asked for on the run after the walk found them.
        assert asked == [], asked
        snapshot(s, 9)
        a = audience(s, 9)
        assert a['lost_7d'] == 3 and a['listed'] == 172, a
        assert [h['listed'] for h in a['history']] == [170, 172], a
        assert a['lost_by_reason'] == {'unfollowed': 1, 'moved': 1,
                                       'deleted': 1, 'severed': 0,
                                       'unknown': 0}, a
        f = followers_of(s)
        assert f['7001'][1:] == (0, 'unfollowed')
        assert f['7002'][1:] == (0, 'deleted')
        assert f['7003'][1:] == (0, 'moved')
        assert f['7004'][1] == 1
        # As of a day between the walks, the list was last read whole on
        # day 0 (the later walk is not known then).
        a = audience(s, 5)
        assert a['list_complete_at'] == at(0) and a['lost_7d'] == 0, a
        assert audience(s, 9)['list_complete_at'] == at(8)


def test_a_renamed_follower_is_no_loss_and_no_gain():
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        base = newest_first(30)
        set_list(fp, base)
        snapshot(s, 0)
        renamed = [dict(f, acct='newname@elsewhere.example')
                   if f['id'] == '7010' else f for f in base]
        set_list(fp, renamed)
        r = snapshot(s, 8, '-v')
        assert '0 new, 0 gone' in r.err, r.err
        assert followers_of(s)['7010'][:2] == ('newname@elsewhere.example',
                                               1)
        assert len(followers_of(s)) == 30


def test_followers_back_are_gains_and_one_listed_twice_counts_once():
    """Two followers unfollow; a week later they follow again and come
    back at the top of the list, with a new follower that a broken server
    lists twice on the same page: three gains, not four; the two back are
    followers again (left_at and the reason cleared, followed after the
    walk before, their lives before kept with their losses), and nobody
    else changes."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        base = newest_first(100)
        set_list(fp, base)
        snapshot(s, 0)
        left = [f for f in base if f['id'] in ('7001', '7002')]
        kept = [f for f in base if f not in left]
        set_list(fp, kept, left)
        snapshot(s, 8)
        snapshot(s, 9)
        assert audience(s, 9)['lost_by_reason']['unfollowed'] == 2
        new = follower(500, 3, 16)
        again = [dict(f, follow_id=str(600000 + i))
                 for i, f in enumerate(left)]
        top = [dict(new, follow_id='600010'), dict(new, follow_id='600009')]
        set_list(fp, top + again + kept)
        r = snapshot(s, 16, '-v')
        assert '3 new, 0 gone' in r.err, r.err
        a = audience(s, 16)
        # A gain is dated by the listing that began the follower's
        # present life: the two back were listed again on day 16, and
        # their losses of day 8 still count.
        assert a['gained_30d'] == 3 and a['gained_7d'] == 3, a
        assert a['listed'] == 101 and a['lost_7d'] == 0, a
        assert a['lost_30d'] == 2, a
        assert sorted(s.query('SELECT follower FROM census_past_lives')) \
            == [('7001',), ('7002',)]
        f = followers_of(s)
        assert f['7001'][1:] == (1, None) and f['7002'][1:] == (1, None), f
        assert len(f) == 101 and f['7500'][1:] == (1, None), f
        walk9 = s.query("SELECT started_at FROM census_walks WHERE "
                        "started_at LIKE ?", (date_at(9) + '%',))
        back = s.query("SELECT follower, followed_after FROM "
                       "census_followers WHERE followed_after IS NOT NULL "
                       "ORDER BY follower")
        assert back == [(i, walk9[0][0]) for i in ('7001', '7002', '7500')], \
            (back, walk9)
        assert s.query("SELECT gained FROM census_walks WHERE started_at "
                       "LIKE ?", (date_at(16) + '%',)) == [(3,)]


def test_a_long_list_is_walked_over_several_runs_and_resumed():
    """With a budget of 3 requests a run, a list of 600 (8 pages) takes
    four runs; each page is stored as read, the walk goes on where the
    last stopped, and new followers at the top are read first each run
    and are gains; nobody is lost for not being reached yet."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        base = newest_first(600)
        set_list(fp, base)
        if True:  # noqa
            r = snapshot(s, 0, '-v', '--census-requests', '3')
            assert 'the budget of requests is spent' in r.err, r.err
            assert audience(s, 0)['listed'] == 240
            assert 'not complete yet' in audience(s, 0)['note']
            new = [follower(i) for i in range(603, 600, -1)]
            set_list(fp, new + base)
            snapshot(s, 1, '--census-requests', '3')
            a = audience(s, 1)
            # 3 new (one page from the top), then 2 more pages on.
            assert a['gained_7d'] == 3 and a['listed'] == 403, a
            # Each later run: a page of new followers, two of the walk.
            snapshot(s, 2, '--census-requests', '3')
            assert audience(s, 2)['listed'] == 563
            snapshot(s, 3, '--census-requests', '3')
            a = audience(s, 3)
            assert a['listed'] == 603 and a['lost_7d'] == 0, a
            assert a['list_complete_at'] == at(3), a
            # One point of history, at the walk's end, over all 603.
            assert [(h['at'], h['listed']) for h in a['history']] == \
                [(at(3), 603)], a['history']
        walks = s.query('SELECT kind, completed_at IS NOT NULL, pages, '
                        'listed, gained FROM census_walks ORDER BY id')
        assert walks[0] == ('full', 1, 8, 600, 0), walks
        assert ('new', 1, 1, 80, 3) in walks, walks


def test_the_default_budget_holds_without_the_option():
    """Without --census-requests a run walks within Mastodon's default,
    250 requests (20,000 followers): a list of 20,100 (252 pages) takes
    two runs, not one past the 300 requests of the server's 5 minutes."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        fp.control({'mastodon': {KEY: {'follower_list': [],
                                       'followers_generate': 20100,
                                       'followers': 20100}}})
        fp.clear_requests()
        snapshot(s, 0)
        pages = len(fp.requests('/followers'))
        assert pages <= 250, pages
        a = audience(s, 0)
        assert a['listed'] == pages * 80 < 20100, (pages, a['listed'])
        assert 'not complete yet' in a['note'], a
        snapshot(s, 1)
        assert audience(s, 1)['listed'] == 20100


def test_a_hidden_list_is_said_never_zero():
    """An account that hides its followers: the list is empty although
    the server counts 1,482 (or the server says 401). audience says so
    and shows no listed or active numbers as if they were measured."""
    for flag in ('hide_collections', 'followers_denied'):
        with Sandbox() as s, server.FakePlatform() as fp:
            start(fp, s)
            set_list(fp, newest_first(40), **{flag: True})
            r = snapshot(s, 0, '-v')
            assert 'follower list is hidden' in r.err, (flag, r.err)
            a = audience(s, 0)
            assert 'hidden' in a['note'], a
            assert a['active_fraction_30d'] is None, a
            assert a['listed'] is None and a['active_30d'] is None, a
            csv = s.ok('audience', '--as-of', at(0), '-f', 'csv').out
            assert a['survival'] is None, a
            header, row = list(csvmod.reader(io.StringIO(csv)))
            assert len(row) == len(header) == 32, (header, row)
            assert row[:2] == [SPEC, '40'] and row[26] == a['note'], row
            assert row[2:26] == [''] * 24, row
            assert s.query('SELECT count(*) FROM census_followers') == \
                [(0,)]
            text = s.ok('audience', '--as-of', at(0)).out
            assert 'listed' not in text, text


def test_no_census_and_platforms_without_lists():
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        set_list(fp, newest_first(10))
        fp.clear_requests()
        snapshot(s, 0, '--no-census')
        assert fp.requests('/followers') == []
        assert 'no census yet' in audience(s, 0)['note']
        assert audience(s, 0)['listed'] is None
        # Off for the account: no list is read, and audience says so.
        s.ok('track', SPEC, '--census', 'off',
             env=dict(TOKENS, TIDELINE_NOW=at(1)))
        snapshot(s, 1)
        assert fp.requests('/followers') == []
        assert audience(s, 1)['note'].startswith(
            'the census is off for this account since ')
        r = s.fails(2, 'track', SPEC, '--census', 'names')
        assert "bad census mode 'names'" in r.err, r.err
        s.ok('track', SPEC, '--census', 'full')
        snapshot(s, 2)
        assert len(fp.requests('/followers')) == 1
        assert audience(s, 2)['listed'] == 10
        # X's follower lists are paid reads: no census unless asked
        # for and configured (tests/cli/test_census_x.py).
        s.ok('track', 'x:example_author', '--api-base', fp.base('x'))
        r = json.loads(s.ok('audience', 'x:example_author',
                            '-f', 'json').out)
        assert 'X bills each follower read' in r[0]['note'], r
        # A platform without lists says so.
        s.ok('track', 'youtube:@exampleauthor', '--api-base',
             fp.base('youtube'))
        r = json.loads(s.ok('audience', 'youtube:@exampleauthor',
                            '-f', 'json').out)
        assert 'reads no follower list' in r[0]['note'], r


def test_a_killed_walk_keeps_its_pages_and_a_fault_fails_only_the_census():
    """A 502 on the third page: the two pages before are stored, the
    account's own counts and posts are stored too, the run exits 3 and
    says which account's census failed; the next run goes on from the
    third page and completes the walk without a loss."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        base = newest_first(200)
        set_list(fp, base)
        fp.control({'rules': [{'match': 'max_id=500041', 'fault': 'status',
                               'status': 502, 'times': -1}]}, 'faults')
        r = snapshot(s, 0, code=3)
        assert 'mastodon:@author@mastodon.example: census: HTTP 502' in \
            r.err, r.err
        assert 'the pages read before are stored' in r.err, r.err
        assert s.query('SELECT count(*) FROM census_followers') == [(160,)]
        assert s.query('SELECT count(*) FROM follower_snapshots')[0][0] == 1
        # The 160 read are the newest: no share of the whole list.
        a = audience(s, 0)
        assert a['listed'] == 160 and a['active_fraction_30d'] is None, a
        assert a['active_fraction_30d_ci'] is None, a
        assert 'of the newest 160 read so far (no share before the list ' \
            'is read whole)' in s.ok('audience', '--as-of', at(0)).out
        st = json.loads(s.ok('status', '-f', 'json').out)
        assert st['runs'][0]['status'] == 'partial', st['runs']
        acc = st['accounts'][0]
        assert acc['census_http_status'] == 502 and \
            'HTTP 502' in acc['census_error'], acc
        assert acc['failures_in_a_row'] == 0, acc
        assert 'census failed' in s.ok('status').out
        fp.control(None, 'faults', 'DELETE')
        snapshot(s, 1)
        st = json.loads(s.ok('status', '-f', 'json').out)
        assert st['runs'][0]['status'] == 'ok', st['runs']
        assert st['accounts'][0]['census_error'] is None, st
        a = audience(s, 1)
        assert a['listed'] == 200 and a['lost_7d'] == 0, a
        assert a['gained_7d'] == 0, a
        assert s.query('SELECT pages FROM census_walks WHERE kind = '
                       "'full'") == [(3,)]


def test_cohorts_and_whether_a_bursts_followers_stayed():
    """Daily runs for 45 days: 100 followers at the start, 2 new a day,
    and a burst of 60 on day 30. By month of follow, and for the burst:
    how many came, how many still follow and how many are active. The
    burst's day brings 62 (its 60 and the day's usual 2), the first 20 of
    them never post, and the 25 newest of them unfollow by day 40."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        followers = newest_first(100)
        burst_ids = set()
        n = 100
        for day in range(45):
            new = 2 + (60 if day == 30 else 0)
            for _ in range(new if day > 0 else 0):
                n += 1
                quiet = day == 30 and len(burst_ids) < 20
                f = follower(n, None if quiet else 1, day)
                followers.insert(0, f)
                if day == 30:
                    burst_ids.add(f['id'])
            if day == 40:
                leave = sorted(i for i in burst_ids)[-25:]
                followers = [f for f in followers if f['id'] not in leave]
            set_list(fp, followers)
            snapshot(s, day)
        a = audience(s, 44)
        bursts = a['burst_cohorts']
        assert len(bursts) == 1, a
        b = bursts[0]
        assert b['start'] == date_at(30) and b['listed'] == 62, b
        assert b['still_following'] == 37, b
        # The 25 who left are the newest, so the 20 quiet ones stay.
        assert b['active_30d'] == 17, b
        assert b['gained'] == 62, b
        cohorts = a['cohorts']
        assert cohorts[0]['from'] is None and cohorts[0]['followed'] == 100
        assert [c['from'] for c in cohorts[1:]] == ['2026-11-01',
                                                    '2026-12-01'], cohorts
        assert cohorts[1]['to'] == '2026-11-30'
        assert sum(c['followed'] for c in cohorts[1:]) == 44 * 2 + 60
        assert sum(c['still_following'] for c in cohorts) == a['listed']
        text = s.ok('audience', '--as-of', at(44)).out
        assert 'burst %s..' % date_at(30) in text, text
        assert '62 listed of +62, 37 still follow, 17 active' in text, text
        # The report's page says it too, beside the modelled estimate.
        page = s.ok('report', '--as-of', at(44)).out
        assert 'AUDIENCE MEASURED' in page, page
        assert 'burst of %s: 62 came, 37 still follow, 17 active' % \
            date_at(30) in page, page
        md = s.ok('report', '--as-of', at(44), '-f', 'markdown').out
        assert '## Audience measured' in md, md
        rj = json.loads(s.ok('report', '--as-of', at(44), '-f',
                             'json').out)[0]
        assert rj['audience_measured'][0]['listed'] == a['listed'], rj



def test_survival_by_follow_age_with_censoring_and_quiet_followers():
    """Runs on day 0 (10 followers from before the census), day 1 (10
    come: A1..A10, followed between the two walks, so on day 0.5) and
    each week's full walk to day 98. A1 and A2 unfollow on day 10 (last
    listed on 7, found gone on 14: lost on 10.5, at age 10), A3 on day
    40 (listed 35, gone 42: age 38); A4 and A5 post last on day 20 (the
    list's date, midnight before: 19.5), so quiet from 49.5, at age 49;
    the rest post daily and are censored at 97.5 (listed on 98). The
    Kaplan-Meier numbers, by hand: following 8/10 from age 10, times 7/8
    from 38; active also times 5/7 from 49 (7 checked at risk then)."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        z = 1.6448536269514722
        days = [0, 1] + list(range(7, 99, 7))
        for day in days:
            new = []
            for i in range(20, 10, -1):
                a = i - 10
                if day < 1 or (a <= 2 and day >= 10) or \
                        (a == 3 and day >= 40):
                    continue
                quiet = a in (4, 5) and day > 20
                f = follower(i, 1, day)
                if quiet:
                    f['last_status_at'] = date_at(20)
                new.append(f)
            set_list(fp, new + [follower(i, 1, day) for i in
                                range(10, 0, -1)])
            snapshot(s, day)
        a = audience(s, 98)
        assert a['survival_excluded'] == 10, a
        s30, s90, s365 = a['survival']
        assert s30['age_days'] == 30 and s30['following'] == 0.8, s30
        assert s30['at_risk'] == 8 and s30['active_at_risk'] == 8, s30
        assert s30['active'] == 0.8 and 'note' not in s30, s30

        def loglog(p, var):
            se = math.sqrt(var) / abs(math.log(p))
            return [round(p ** math.exp(z * se), 3),
                    round(p ** math.exp(-z * se), 3)]
        assert s30['following_ci'] == loglog(0.8, 2 / 80), s30
        assert s30['active_ci'] == s30['following_ci'], s30
        assert s90['following'] == 0.7 and s90['at_risk'] == 7, s90
        assert s90['following_ci'] == loglog(0.7, 2 / 80 + 1 / 56), s90
        assert s90['active'] == 0.5 and s90['active_at_risk'] == 5, s90
        assert s90['active_ci'] == loglog(0.5, 2 / 80 + 1 / 56 + 2 / 35)
        assert s365['following'] is None and s365['active'] is None
        assert s365['following_ci'] is None and s365['at_risk'] == 0
        assert 'watched this long' in s365['note'], s365
        text = s.ok('audience', '--as-of', at(98)).out
        assert 'survival       by follow age, of 10 followers seen come ' \
            '(10 there before the census, left out' in text, text
        assert ' 90 days     70%% still follow (90%%: %.0f-%.0f%%, 7 ' \
            'watched), 50%% also active' % tuple(
                100 * x for x in s90['following_ci']) in text, text
        csv = s.ok('audience', '--as-of', at(98), '-f', 'csv').out
        header, row = list(csvmod.reader(io.StringIO(csv)))
        row = dict(zip(header, row))
        assert [row['%s_at_%dd' % (k, d)] for k in ('following', 'active')
                for d in (30, 90, 365)] == ['0.800', '0.700', '',
                                            '0.800', '0.500', ''], row
        assert row['unlisted'] == '0' and row['note'] == '', row
        assert row['list_complete_at'] == a['list_complete_at'], row
        page = s.ok('report', '--as-of', at(98)).out
        assert 'still following 30, 90, 365 days after they came: 80%, ' \
            '70%, not yet known' in page, page
        # As of day 30 nobody has been watched 30 days (the newest were
        # listed on day 28, at age 27.5): no number, not an extrapolation.
        early = audience(s, 30)['survival'][0]
        assert early['following'] is None and 'watched this long' in \
            early['note'], early


def test_the_hashed_mode_keeps_no_names_and_still_counts():
    """census hashed: the followers stored so far become keyed hashes (no
    uri, no handle, no id left in the database file), and later runs
    still tell known followers from new ones and find who left; it needs
    a key, and cannot go back to full."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        base = newest_first(50)
        set_list(fp, base)
        snapshot(s, 0)
        r = s.fails(1, 'track', SPEC, '--census', 'hashed')
        # It names the account, the config file's path and the variable.
        assert 'the census of %s is hashed and needs a key: set ' \
            'census_key in the config file (/' % SPEC in r.err, r.err
        assert '/config) or TIDELINE_CENSUS_KEY in the environment' in \
            r.err, r.err
        r = s.fails(1, 'track', SPEC, '--census', 'hashed',
                    env={'TIDELINE_CENSUS_KEY': 'short'})
        assert 'too short for a key' in r.err, r.err
        key = {'TIDELINE_CENSUS_KEY': 'a long secret for the tests 1234'}
        s.ok('track', SPEC, '--census', 'hashed', env=key)
        rows = s.query('SELECT follower, uri, handle FROM census_followers')
        assert len(rows) == 50
        assert all(len(f) == 64 and u is None and h is None
                   for f, u, h in rows), rows[:3]
        # Without the key a run cannot match them: the census fails and
        # says why; nothing else does.
        r = snapshot(s, 1, code=3)
        assert 'the census of %s is hashed and needs a key' % SPEC in \
            r.err, r.err
        # Another key would make every follower new: refused, nothing
        # stored.
        env = dict(TOKENS, TIDELINE_CENSUS_KEY='another long secret key 99',
                   TIDELINE_NOW=at(1))
        r = s.fails(3, 'snapshot', SPEC, '--no-history', env=env)
        assert 'is not the one its followers were hashed with' in r.err, r.err
        assert s.query('SELECT count(*) FROM census_followers') == [(50,)]
        env = dict(dict(TOKENS, **key))
        env['TIDELINE_NOW'] = at(2)
        new = [follower(i) for i in range(53, 50, -1)]
        set_list(fp, new + base[1:])
        fp.clear_requests()
        r = s.fails(0, 'snapshot', SPEC, '--no-history', '-v', env=env)
        assert '3 new, 0 gone' in r.err, r.err
        env['TIDELINE_NOW'] = at(8)
        r = s.fails(0, 'snapshot', SPEC, '--no-history', '-v', env=env)
        assert '0 new, 1 gone' in r.err, r.err
        env['TIDELINE_NOW'] = at(9)
        s.fails(0, 'snapshot', SPEC, '--no-history', env=env)
        a = audience(s, 9)
        assert a['listed'] == 52 and a['gained_7d'] == 0, a
        assert a['lost_by_reason']['unknown'] == 1, a
        text = s.ok('audience', '--as-of', at(9)).out
        assert '(1 why unknown)' in text and 'not yet asked' not in text, \
            text
        # report calls them what audience does.
        rep = s.ok('report', '--as-of', at(9)).out
        assert 'why unknown 1)' in rep and 'not yet asked' not in rep, rep
        # A hashed census asks nobody about anybody.
        assert [q for q in fp.requests('/api/v1/accounts/')
                if q['path'].rstrip('/').split('/')[-1].startswith('70')
                ] == []
        assert s.query('SELECT count(*) FROM census_followers WHERE '
                       'handle IS NOT NULL OR length(follower) <> 64') == \
            [(0,)]
        data = b''
        for path in (s.db, s.db + '-wal'):
            if os.path.exists(path):
                with open(path, 'rb') as f:
                    data += f.read()
        for f in base + new:
            assert f['acct'].encode() not in data, f['acct']
        r = s.fails(1, 'track', SPEC, '--census', 'full', env=key)
        assert 'cannot be turned back' in r.err, r.err


# Bluesky --------------------------------------------------------------

BKEY = 'author.bsky.social'
BSKY = 'bluesky:author.bsky.social'


def bfollower(i, posts=5, **extra):
    """Bluesky follower i: a DID, a handle, a post count; followed at a
    time that grows with i (the higher, the newer)."""
    f = {'did': server.fake_did('follower-%d' % i),
         'handle': 'f%d.bsky.social' % i, 'posts_count': posts,
         'follow_ms': 1700000000000 + i * 1000}
    f.update(extra)
    return f


def bnewest_first(n, posts=lambda i: 5, start=1):
    return [bfollower(i, posts(i)) for i in range(start + n - 1, start - 1,
                                                   -1)]


def bset(fp, followers, former=(), count=None, **flags):
    """The list (newest first; those with 'deleted' are counted, not
    listed), who left, and the account's count (default: all in the
    list)."""
    patch = {'follower_list': followers, 'former_followers': list(former),
             'followers': len(followers) if count is None else count}
    patch.update(flags)
    fp.control({'bluesky': {BKEY: patch}})


def bsnapshot(s, day, *args, code=0):
    env = dict(TOKENS)
    env['TIDELINE_NOW'] = at(day)
    # The follower list's own getProfiles, not those of who reposted.
    return s.fails(code, 'snapshot', BSKY, '--no-history', '--no-engagers',
                   *args, env=env)


def bstart(fp, s):
    s.ok('track', BSKY, '--api-base', fp.base('bluesky'))


def baudience(s, day):
    r = s.ok('audience', BSKY, '--as-of', at(day), '-f', 'json')
    rows = json.loads(r.out)
    assert len(rows) == 1, rows
    return rows[0]


def profiles_asked(fp):
    """The DIDs each getProfiles request named, in order."""
    import urllib.parse
    return [urllib.parse.parse_qs(q['query'])['actors']
            for q in fp.requests('getProfiles')]


def test_bluesky_gains_losses_and_reasons_across_runs():
    """The first run reads the whole list (2 pages of 100); a day later
    one page holds the 4 new followers (exact gains); a week on the full
    walk finds the 2 who left, the next run asks getProfiles why (still
    there: unfollowed; not returned: deleted), and a follower who changed
    handle (same DID) is neither lost nor gained."""
    with Sandbox() as s, server.FakePlatform() as fp:
        bstart(fp, s)
        base = bnewest_first(150)
        bset(fp, base)
        r = bsnapshot(s, 0, '-v')
        assert 'census: 150 followers read (the walk through the whole ' \
            'list ended), 0 new, 0 gone' in r.err, r.err
        sent = fp.requests('getFollowers')
        assert len(sent) == 2 and all('limit=100' in q['query']
                                      for q in sent), sent
        a = baudience(s, 0)
        assert a['followers'] == 150 and a['listed'] == 150, a
        assert a['gained_7d'] == 0 and a['list_complete_at'] == at(0), a
        fp.clear_requests()
        new = bnewest_first(4, start=151)
        bset(fp, new + base)
        r = bsnapshot(s, 1, '-v')
        assert '4 new, 0 gone' in r.err, r.err
        assert len(fp.requests('getFollowers')) == 1
        assert baudience(s, 1)['gained_7d'] == 4
        gone = {base[10]['did']: {}, base[20]['did']: {'deleted': True}}
        renamed = base[30]['did']
        kept = [dict(f, handle='new-name.example.com') if f['did'] ==
                renamed else f for f in new + base if f['did'] not in gone]
        former = [dict(f, **gone[f['did']]) for f in base
                  if f['did'] in gone]
        bset(fp, kept, former)
        snapshot_days = [3, 8]
        for day in snapshot_days:
            r = bsnapshot(s, day, '-v')
        assert '0 new, 2 gone' in r.err, r.err
        bsnapshot(s, 9)
        a = baudience(s, 9)
        assert a['lost_7d'] == 2 and a['gained_7d'] == 0, a
        assert a['listed'] == 152, a
        assert a['lost_by_reason'] == {'unfollowed': 1, 'moved': 0,
                                       'deleted': 1, 'severed': 0,
                                       'unknown': 0}, a
        rows = {r[0]: r[1:] for r in s.query(
            'SELECT follower, handle, left_at IS NULL, left_reason FROM '
            'census_followers')}
        assert len(rows) == 154
        assert rows[renamed] == ('new-name.example.com', 1, None)
        assert rows[base[10]['did']][1:] == (0, 'unfollowed')
        assert rows[base[20]['did']][1:] == (0, 'deleted')
        # Two whole walks, neither with activity known yet: no line of
        # active shares without a share in it.
        assert len(a['history']) == 2 and \
            all(h['checked'] == 0 for h in a['history']), a['history']
        text = s.ok('audience', '--as-of', at(9)).out
        assert 'active then' not in text, text


def test_bluesky_sample_rotation_checks_everyone_within_the_period():
    """With a period of 10 days and 300 followers, each daily run asks
    getProfiles for 25 followers a request, ceil(300/10) rounded up to
    whole requests of those never asked: the first period reaches every
    follower once, in an order that is not the list's; after it, each is
    asked again a period after their last check (never sooner, never
    later), and a follower who comes is asked on the next run (one more
    request that day, not a check pushed past the period)."""
    with Sandbox() as s, server.FakePlatform() as fp:
        bstart(fp, s)
        base = bnewest_first(300)
        bset(fp, base)
        bsnapshot(s, 0)
        asked = {}                              # did -> [days]
        per_run = []
        for day in range(1, 26):
            if day == 12:
                late = bfollower(999)
                bset(fp, [late] + base)
            fp.clear_requests()
            bsnapshot(s, day, '--census-period', '10')
            batches = profiles_asked(fp)
            assert all(len(b) <= 25 for b in batches), batches
            per_run.append(len(batches))
            for did in sum(batches, []):
                asked.setdefault(did, []).append(day)
        assert per_run == [2] * 6 + [0] * 4 + [2, 2, 3, 2, 2, 2] + \
            [0] * 4 + [2, 2, 3, 2, 2], per_run
        everyone = [f['did'] for f in base]
        assert all(asked.get(d, [99])[0] <= 10 for d in everyone), \
            sorted(asked.get(d, [99])[0] for d in everyone)
        for did in everyone:
            days = asked[did]
            gaps = [b - a for a, b in zip(days, days[1:])]
            assert gaps and all(g == 10 for g in gaps), (did, days)
        assert asked[late['did']][0] == 13, asked[late['did']]
        # The first run's followers are not the newest 50 of the list.
        first = {d for d, days in asked.items() if days[0] == 1}
        newest = {f['did'] for f in base[:50]}
        assert len(first) == 50 and len(first & newest) < 25, \
            len(first & newest)



def test_bluesky_deleted_followers_are_counted_not_listed():
    """Bluesky's count holds deleted and deactivated followers; the list
    leaves them out. Once the list is read whole, audience gives the gap
    as unlisted and says why; before, it gives none."""
    with Sandbox() as s, server.FakePlatform() as fp:
        bstart(fp, s)
        followers = bnewest_first(250)
        for f in followers[::50]:
            f['deleted'] = True
        bset(fp, followers)
        bsnapshot(s, 0, '--census-requests', '2')
        a = baudience(s, 0)
        assert a['followers'] == 250 and a['unlisted'] is None, a
        bsnapshot(s, 1)
        a = baudience(s, 1)
        assert a['listed'] == 245 and a['unlisted'] == 5, a
        assert 'deleted or deactivated' in a['note'], a
        text = s.ok('audience', BSKY, '--as-of', at(1)).out
        assert 'unlisted       5 (counted, not in the list)' in text, text
        assert 'deleted or deactivated' in text, text


def test_bluesky_activity_interval_holds_the_true_share():
    """300 followers, a third of whom post every day. Runs every 3 days
    ask 50 followers never asked each (ceil(300 x 3/30) in whole
    requests); a follower's activity is known at their second check, 30
    days after the first (a post count that moved: active; one that did
    not: no post in those 30 days), so for 30 days nobody is counted as
    checked, then a sample is: its 90% interval holds the true third, and
    once everyone was checked twice the share is exactly a third and the
    interval is that point."""
    def posts(day):
        return lambda i: 5 + day if i % 3 == 0 else 5

    with Sandbox() as s, server.FakePlatform() as fp:
        bstart(fp, s)
        for day in range(0, 49, 3):
            bset(fp, bnewest_first(300, posts(day)))
            bsnapshot(s, day)
            if day == 30:
                a = baudience(s, day)
                assert a['checked'] == 0, a
                assert a['active_fraction_30d'] is None, a
                asked = s.query('SELECT count(*) FROM census_followers '
                                'WHERE activity_read IS NOT NULL')
                assert asked == [(300,)], asked
            if day == 39:
                a = baudience(s, day)
                assert a['checked'] == 150 and a['listed'] == 300, a
                lo, hi = a['active_fraction_30d_ci']
                assert lo <= 1 / 3 <= hi and hi - lo < 0.2, a
                assert lo < a['active_fraction_30d'] < hi, a
        a = baudience(s, 48)
        assert a['checked'] == 300 and a['active_30d'] == 100, a
        assert a['active_fraction_30d'] == 0.333, a
        assert a['active_fraction_30d_ci'] == [0.333, 0.333], a



def test_bluesky_a_repeated_cursor_or_an_empty_page_that_goes_on_counts_no_losses():
    """A full walk whose second page sends back the cursor it was asked
    with (or an empty page with a cursor) stops there: the followers read
    are stored, none of the others is lost, the list is not read whole
    (no unlisted), and the next run walks it again to its end."""
    for fault in ('repeat_cursor', 'empty_cursor_page'):
        with Sandbox() as s, server.FakePlatform() as fp:
            bstart(fp, s)
            base = bnewest_first(250)
            bset(fp, base)
            bsnapshot(s, 0)
            bset(fp, base, count=260)
            fp.control({'rules': [{'match': 'getFollowers', 'fault': fault,
                                   'skip': 1, 'times': 1}]}, 'faults')
            fp.clear_requests()
            r = bsnapshot(s, 8, '-v')
            assert 'no losses are counted' in r.err, (fault, r.err)
            # The full walk from the top (it lists the new followers too):
            # its first page, and the second that repeats or is empty.
            assert len(fp.requests('getFollowers')) == 2, (fault, r.err)
            a = baudience(s, 8)
            assert a['lost_7d'] == 0 and a['listed'] == 250, (fault, a)
            assert a['list_complete_at'] == at(0), (fault, a)
            assert s.query("SELECT broken FROM census_walks WHERE kind = "
                           "'full' ORDER BY id") == [(0,), (1,)], fault
            fp.clear_requests()
            bsnapshot(s, 9)
            assert len(fp.requests('getFollowers')) == 3, fault
            a = baudience(s, 9)
            assert a['list_complete_at'] == at(9) and a['lost_7d'] == 0, a
            assert a['unlisted'] == 10, a


def test_bluesky_an_empty_list_of_a_counted_account_loses_nobody():
    """The list's first page comes back empty while the profile counts
    250 followers (an AppView fault): the walk is not taken as complete,
    so nobody is lost; the next run reads the list again."""
    with Sandbox() as s, server.FakePlatform() as fp:
        bstart(fp, s)
        base = bnewest_first(250)
        bset(fp, base)
        bsnapshot(s, 0)
        bset(fp, [], count=250)
        r = bsnapshot(s, 8, '-v')
        assert 'came back empty although the account counts 250' in r.err, \
            r.err
        a = baudience(s, 8)
        assert a['lost_7d'] == 0 and a['listed'] == 250, a
        assert a['list_complete_at'] == at(0), a
        bset(fp, base)
        bsnapshot(s, 9)
        a = baudience(s, 9)
        assert a['list_complete_at'] == at(9) and a['lost_7d'] == 0, a


def test_bluesky_a_counted_account_whose_list_is_empty_says_so_everywhere():
    """The profile counts 976 followers and the list holds none, from the
    first walk on: audience (text, JSON, CSV), report and status say that
    the platform counts followers but lists none, not that the first walk
    is under way, and give no census numbers; once the list holds them,
    it is read."""
    with Sandbox() as s, server.FakePlatform() as fp:
        bstart(fp, s)
        bset(fp, [], count=976)
        bsnapshot(s, 0)
        a = baudience(s, 0)
        assert a['census_reason'] == 'empty', a
        assert a['note'].startswith('the platform counts followers but '
                                    'lists none'), a
        assert a['listed'] is None and a['active_30d'] is None, a
        text = s.ok('audience', BSKY, '--as-of', at(0)).out
        assert 'lists none' in text and 'first walk' not in text, text
        assert 'listed' not in text, text
        csv = s.ok('audience', BSKY, '--as-of', at(0), '-f', 'csv').out
        row = list(csvmod.reader(io.StringIO(csv)))[1]
        assert row[26] == a['note'] and row[2:26] == [''] * 24, row
        rep = s.ok('report', '--as-of', at(0)).out
        assert 'lists none' in rep and 'first walk' not in rep, rep
        env = dict(TOKENS, TIDELINE_NOW=at(0))
        text = s.ok('status', env=env).out
        assert 'the platform counts followers but lists none' in text, text
        st = json.loads(s.ok('status', '-f', 'json', env=env).out)
        assert st['accounts'][0]['census_note'] == a['note'], st
        # The chart says it in its short words, drawing no census.
        if shutil.which('gnuplot') is not None:
            r = s.ok('plot', 'audience', '--as-of', at(0), '-o',
                     s.path('a.png'), env={'TIDELINE_PLOT_KEEP': '1'})
            kept = re.search(r'kept (\S+)', r.err).group(1)
            with open(os.path.join(kept, 'panel-1.gp')) as f:
                gp = f.read()
            shutil.rmtree(kept, ignore_errors=True)
            # The note is wrapped to its panel: lines joined by "\n".
            note = re.search(r"^NOTE = (.*)$", gp, re.M).group(1)
            words = ' '.join(re.findall(r"'([^']*)'", note))
            assert 'HAS_CENSUS = 0' in gp and words == 'no census: the ' \
                'platform counts followers but lists none', gp
        bset(fp, bnewest_first(960), count=976)
        bsnapshot(s, 1)
        a = baudience(s, 1)
        assert a['census_reason'] == 'unlisted' and a['listed'] == 960, a
        assert a['unlisted'] == 16, a
        env['TIDELINE_NOW'] = at(1)
        assert 'lists none' not in s.ok('status', env=env).out


def test_bluesky_the_fake_default_account_lists_its_followers():
    """The fake server's default Bluesky account, given no list, lists
    followers to match its count, 2% fewer (deleted ones are counted but
    not listed), so that a census of it (the demo's) reads them; and
    getProfiles answers for them."""
    with Sandbox() as s, server.FakePlatform() as fp:
        bstart(fp, s)
        bsnapshot(s, 0)
        a = baudience(s, 0)
        assert a['followers'] == 2315 and a['listed'] == 2269, a
        assert a['unlisted'] == 46 and a['census_reason'] == 'unlisted', a
        fp.clear_requests()
        bsnapshot(s, 1)
        asked = sum(profiles_asked(fp), [])
        assert len(asked) == 25 * 4, len(asked)
        assert s.query('SELECT count(*) FROM census_followers WHERE '
                       'posts IS NOT NULL') == [(100,)]
        assert baudience(s, 1)['lost_7d'] == 0


def demo_live_time():
    """The time the demo dates its live snapshot (scripts/demo-run)."""
    path = os.path.join(harness.source_root(), 'scripts', 'demo-run')
    with open(path, encoding='utf-8') as f:
        return re.search(r'^live=(\S+)$', f.read(), re.M).group(1)


def test_the_demo_live_snapshot_finds_the_sample_posts_and_both_lists():
    """The demo's live part (scripts/demo-live.py) on the imported sample:
    the posts the snapshot asks for by id are the sample's, which the
    fake server holds, so none is taken for deleted on the platform; the
    Mastodon and Bluesky censuses read their lists, at the time the demo
    gives, which follows the sample's last snapshot."""
    import subprocess
    root = harness.source_root()
    live = demo_live_time()
    with Sandbox() as s:
        for kind in ('followers', 'posts', 'metrics'):
            s.ok('import', kind, os.path.join(root, 'data', 'sample',
                                              kind + '.csv'))
        last = s.query('SELECT max(taken_at) FROM follower_snapshots')[0][0]
        assert last < live, (last, live)
        env = dict(s.env, TIDELINE_DB=s.db)
        r = subprocess.run([sys.executable, os.path.join(
            root, 'scripts', 'demo-live.py'), harness.binary(), s.db, live],
            capture_output=True, text=True, env=env, timeout=300)
        assert r.returncode == 0, (r.stdout, r.stderr)
        assert 'deleted on the platform' not in r.stdout, r.stdout
        assert s.query('SELECT count(*) FROM post_deletions') == [(0,)]
        walks = s.query("SELECT DISTINCT completed_at FROM census_walks")
        assert walks == [(live,)], walks
        rows = json.loads(s.ok('audience', '--as-of', live, '-f', 'json',
                               env={'TIDELINE_NOW': live}).out)
        got = {a['account']: a for a in rows}
        b = got[BSKY]
        assert b['listed'] > 0 and b['unlisted'] > 0, b
        assert b['listed'] + b['unlisted'] == b['followers'], b
        m = got['mastodon:@author@mastodon.example']
        assert m['listed'] == m['followers'] > 0, m
        assert m['active_30d'] is not None and 0 < m['active_30d'] < \
            m['listed'], m


def test_the_demo_report_shows_the_census_and_draws_the_audience_chart():
    """The demo after its build (scripts/demo-run, as scripts/demo runs
    it): its report, as of the live snapshot's day, has an AUDIENCE
    MEASURED section with the followers its census listed and found
    active, X's listed as not asked for; it draws the audience chart as
    a PNG and names it in its closing summary."""
    import subprocess
    import test_plot as tp
    tp.need_gnuplot()
    with open(harness.binary(), 'rb') as f:
        if b'__asan_init' in f.read():
            # Its four reports alone outlast meson's 300 s there; the
            # plain build runs it whole, and the live part runs here too.
            raise harness.SkipTest('the whole demo is too slow with the '
                                   'sanitizers')
    root = harness.source_root()
    with Sandbox() as s:
        out = s.path('demo-out')
        r = subprocess.run([os.path.join(root, 'scripts', 'demo-run'),
                            harness.binary(), out], capture_output=True,
                           text=True, env=s.env, timeout=280)
        assert r.returncode == 0, (r.stdout, r.stderr)
        text = r.stdout
        section = text[text.index('AUDIENCE MEASURED'):
                       text.index('\nCONTEXT')]
        assert re.search(r'mastodon:@author@mastodon\.example +[\d,]+ '
                         r'listed, [\d,]+ active in 30 days', section), \
            section
        assert re.search(r'bluesky:author\.bsky\.social +[\d,]+ listed',
                         section), section
        assert 'x:example_author' in section and \
            'its census runs only when asked for' in section, section
        with open(os.path.join(out, 'report.json'), encoding='utf-8') as f:
            page = json.load(f)[0]
        measured = {a['account']: a for a in page['audience_measured']}
        m = measured['mastodon:@author@mastodon.example']
        assert m['listed'] > 0 and m['active_30d'] > 0, m
        assert measured[BSKY]['listed'] > 0, measured[BSKY]
        assert measured['x:example_author']['census_reason'] == \
            'not_asked', measured
        with open(os.path.join(out, 'report.md'), encoding='utf-8') as f:
            md = f.read()
        assert re.search(r'## Audience measured\n(.*\n)*- mastodon:'
                         r'@author@mastodon\.example: [\d,]+ listed', md), md
        chart = os.path.join(out, 'audience.png')
        width, height = tp.png_size(chart)
        assert width >= 640 and height >= 480, (width, height)
        assert os.path.getsize(chart) > 10000, os.path.getsize(chart)
        assert re.search(r'^  audience\.png ', text, re.M), text


def test_bluesky_activity_nobody_checked_is_null_not_zero():
    """Bluesky's first period: no follower's activity is known (a second
    check is a period away), so the active counts of the account, of each
    cohort and of each walk are null (CSV empty, text 'not checked'), not
    a measured 0; checked says why."""
    with Sandbox() as s, server.FakePlatform() as fp:
        bstart(fp, s)
        bset(fp, bnewest_first(30))
        bsnapshot(s, 0)
        bset(fp, bnewest_first(33))
        bsnapshot(s, 1)
        a = baudience(s, 1)
        assert a['checked'] == 0 and a['active_30d'] is None, a
        assert a['active_90d'] is None, a
        assert a['cohorts'] and all(c['active_30d'] is None and
                                    c['checked'] == 0
                                    for c in a['cohorts']), a['cohorts']
        assert all(h['active_30d'] is None for h in a['history']), a
        rows = list(csvmod.DictReader(io.StringIO(s.ok(
            'audience', BSKY, '--as-of', at(1), '-f', 'csv').out)))
        assert rows[0]['active_30d'] == '' and rows[0]['checked'] == '0', rows
        assert rows[0]['listed'] == '33', rows
        text = s.ok('audience', BSKY, '--as-of', at(1)).out
        assert 'activity not checked' in text and ' 0 active' not in text, \
            text
        assert 'not checked: no follower' in text, text
        rep = s.ok('report', '--as-of', at(1)).out
        assert 'activity not checked yet' in rep, rep


def test_bluesky_budget_stop_resumes_and_keeps_the_activity_check():
    """A list of 2,000 with 6 requests a run: from the second run on, the
    activity check keeps its requests (ceil(listed/30) never asked, in
    25s: 1 with 600 stored, 2 with 1,003), the walk reads the rest and
    goes on where it stopped next run; nobody is lost for not being
    reached, and the new followers read first each run are gains. A 502
    deep in the list fails only the census; the pages before are stored
    and the next run goes on."""
    with Sandbox() as s, server.FakePlatform() as fp:
        bstart(fp, s)
        base = bnewest_first(2000)
        bset(fp, base)
        r = bsnapshot(s, 0, '-v', '--census-requests', '6')
        assert 'the budget of requests is spent' in r.err, r.err
        # No sample on the first run: nobody is stored yet.
        assert baudience(s, 0)['listed'] == 600
        new = bnewest_first(3, start=2001)
        bset(fp, new + base)
        fp.clear_requests()
        r = bsnapshot(s, 1, '-v', '--census-requests', '6')
        # One page of new followers, four of the walk, one of checks.
        assert len(fp.requests('getFollowers')) == 5, r.err
        assert [len(b) for b in profiles_asked(fp)] == [25]
        a = baudience(s, 1)
        assert a['gained_7d'] == 3 and a['listed'] == 1003, a
        assert a['lost_7d'] == 0, a
        fp.clear_requests()
        # Pages that start 1,100 or more followers down answer 502.
        bset(fp, new + base, followers_502_from=1100)
        r = bsnapshot(s, 2, '--census-requests', '6', code=3)
        assert 'census: HTTP 502' in r.err, r.err
        assert 'the pages read before are stored' in r.err, r.err
        assert baudience(s, 2)['listed'] == 1103
        assert profiles_asked(fp) == []
        bset(fp, new + base, followers_502_from=None)
        checked = 25
        for day in range(3, 9):
            fp.clear_requests()
            stored = s.query('SELECT count(*) FROM census_followers')[0][0]
            # ceil(stored/30) in whole requests, at most half the budget.
            want = min(3, -(-(-(-stored // 30)) // 25))
            bsnapshot(s, day, '--census-requests', '6')
            batches = profiles_asked(fp)
            assert [len(b) for b in batches] == [25] * want, (day, stored)
            checked += 25 * want
        a = baudience(s, 8)
        assert a['listed'] == 2003 and a['lost_7d'] == 0, a
        assert a['list_complete_at'] is not None, a
        walks = s.query("SELECT pages, listed FROM census_walks WHERE "
                        "kind = 'full' ORDER BY id")
        assert walks[0] == (20, 2000), walks
        asked = s.query('SELECT count(*) FROM census_followers WHERE '
                        'activity_read IS NOT NULL')
        assert asked == [(checked,)], asked




def test_off_says_since_when_and_an_earlier_as_of_reads_the_census():
    """The census is on from day 0 (walks on days 0 and 1), turned off
    on day 3: audience, report and status say since when and when the
    list was last read (the numbers' age); an --as-of of day 2, when it
    was on, reads the census as of then, with no word of off; turning it
    on again on day 5 and off on day 6 keeps each change."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        set_list(fp, newest_first(10))
        env = dict(TOKENS, TIDELINE_NOW=at(0))
        s.ok('track', SPEC, '--census', 'full', env=env)
        snapshot(s, 0)
        snapshot(s, 1)
        env['TIDELINE_NOW'] = at(3)
        s.ok('track', SPEC, '--census', 'off', env=env)
        # The same mode again is no change.
        s.ok('track', SPEC, '--census', 'off', env=env)
        snapshot(s, 4)
        off = 'the census is off for this account since %s (the last ' \
            'list was read on %s, 3 days before)' % (date_at(3), date_at(1))
        a = audience(s, 4)
        assert a['census_reason'] == 'off', a
        assert a['note'] == off, a
        assert a['census_off_since'] == at(3), a
        assert a['census_last_read_at'] == at(1), a
        assert a['listed'] == 10, a
        then = audience(s, 2)
        assert then['census_reason'] == 'read', then
        assert then['note'] is None and then['census_off_since'] is None
        assert then['listed'] == 10 and then['census_last_read_at'] == at(1)
        rep = s.ok('report', '--as-of', at(4), env=dict(
            TOKENS, TIDELINE_NOW=at(4))).out
        assert off in rep, rep
        rep = s.ok('report', '--as-of', at(2), env=dict(
            TOKENS, TIDELINE_NOW=at(4))).out
        assert 'census is off' not in rep, rep
        st = json.loads(s.ok('status', '-f', 'json', env=dict(
            TOKENS, TIDELINE_NOW=at(4))).out)
        assert st['accounts'][0]['census_note'] == off, st
        env['TIDELINE_NOW'] = at(5)
        s.ok('track', SPEC, '--census', 'full', env=env)
        env['TIDELINE_NOW'] = at(6)
        s.ok('track', SPEC, '--census', 'off', env=env)
        assert s.query('SELECT mode, since FROM census_mode_changes '
                       'ORDER BY id') == [
            ('full', at(0)), ('off', at(3)), ('full', at(5)),
            ('off', at(6))]
        # On again: the list read 4 days before is old, not off.
        assert audience(s, 5)['census_reason'] == 'stale'
        assert audience(s, 4)['census_off_since'] == at(3)
        assert audience(s, 7)['census_off_since'] == at(6)


def test_a_mode_set_before_the_history_is_off_since_a_time_not_known():
    """A census turned off before schema 16 kept no time: the migration
    keeps its mode with since unknown, and audience says so (with the
    last read) instead of a date, census_off_since null."""
    with Sandbox() as s, server.FakePlatform() as fp:
        start(fp, s)
        set_list(fp, newest_first(4))
        snapshot(s, 0)
        s.ok('track', SPEC, '--census', 'off')
        # As version 15 left it: the setting, no history.
        con = sqlite3.connect(s.db)
        con.execute('DROP TABLE census_mode_changes')
        con.execute('ALTER TABLE census_walks DROP COLUMN hidden_to_owner')
        con.execute('PRAGMA user_version = 15')
        con.commit()
        con.close()
        snapshot(s, 2)
        assert s.query('SELECT mode, since FROM census_mode_changes') == \
            [('off', None)]
        a = audience(s, 2)
        assert a['census_reason'] == 'off', a
        assert a['census_off_since'] is None, a
        assert a['note'] == 'the census is off for this account (since a ' \
            'time not known: it was set before schema version 16) (the ' \
            'last list was read on %s, 2 days before)' % date_at(0), a


harness.main(globals())
