"""The analysis commands on the bundled sample history, whose truth is
known (data/sample/truth.json): bursts found where they were made, with
their fields; options and errors."""
import csv
import datetime
import io
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox  # noqa: E402

AS_OF = '2026-10-31T12:00:00Z'


def sample_dir():
    return os.path.join(harness.source_root(), 'data', 'sample')


def imported(s):
    for kind in ('followers', 'posts', 'metrics'):
        s.ok('import', kind, os.path.join(sample_dir(), kind + '.csv'))


def truth():
    with open(os.path.join(sample_dir(), 'truth.json')) as f:
        return json.load(f)


def day(text):
    return datetime.date.fromisoformat(text)


def overlaps(found, true):
    """The issue's rule: windows overlap, allowing one day either side."""
    one = datetime.timedelta(days=1)
    return (found['account'] == true['account'] and
            day(found['start']) <= day(true['end']) + one and
            day(found['end']) >= day(true['start']) - one)


def test_bursts_found_where_the_sample_has_them():
    with Sandbox() as s:
        imported(s)
        found = json.loads(s.ok('bursts', '--as-of', AS_OF, '--format',
                                'json').out)
        true = truth()['bursts']
        hits = [f for f in found if any(overlaps(f, t) for t in true)]
        caught = [t for t in true if any(overlaps(f, t) for f in found)]
        precision = len(hits) / len(found)
        recall = len(caught) / len(true)
        f1 = 2 * precision * recall / (precision + recall)
        print('precision %.2f recall %.2f F1 %.2f' % (precision, recall,
                                                       f1))
        assert f1 >= 0.9, (precision, recall, found)


def test_bursts_name_their_causes():
    """Top-1 attribution: the first post is the cause or of its story."""
    with Sandbox() as s:
        imported(s)
        found = json.loads(s.ok('bursts', '--as-of', AS_OF, '-f',
                                'json').out)
        right = total = 0
        for t in truth()['bursts']:
            match = [f for f in found if overlaps(f, t)]
            if not match or not match[0]['posts']:
                continue
            total += 1
            story = {(p['account'], p['post_id']) for p in t['story']}
            story.add((t['cause']['account'], t['cause']['post_id']))
            top = match[0]['posts'][0]
            right += (top['account'], top['post_id']) in story
        print('top-1 attribution %d/%d' % (right, total))
        assert total >= 8 and right / total >= 0.85, (right, total)
        kinds = {t['kind'] for t in truth()['bursts']}
        assert {'fresh', 'announced', 'second_life'} <= kinds
        whys = ' '.join(p['why'] for f in found for p in f['posts'])
        assert 'second life' in whys and 'announced by' in whys


def test_burst_causes_are_well_formed():
    with Sandbox() as s:
        imported(s)
        found = json.loads(s.ok('bursts', '--as-of', AS_OF, '-f',
                                'json').out)
        for b in found:
            assert sum(p['share'] for p in b['posts']) <= 1.0 + 1e-9
            shares = [p['share'] for p in b['posts']]
            assert shares == sorted(shares, reverse=True), shares
            for p in b['posts']:
                for key in ('account', 'post_id', 'url', 'title',
                            'published_at', 'share', 'why'):
                    assert key in p, (key, p)
                assert 0 <= p['share'] <= 1 and p['why']
                assert p['published_at'] <= b['end'] + 'T23:59:59Z'
        text = s.ok('bursts', '--as-of', AS_OF).out
        assert '1. ' in text and '%' in text


def test_burst_fields():
    with Sandbox() as s:
        imported(s)
        found = json.loads(s.ok('bursts', '--as-of', AS_OF, '-f',
                                'json').out)
        assert found
        for b in found:
            for key in ('account', 'start', 'end', 'start_time', 'end_time',
                        'peak', 'gained', 'excess', 'baseline_per_day',
                        'score', 'posts'):
                assert key in b, (key, b)
            assert b['start'] <= b['peak'] <= b['end']
            assert b['gained'] >= b['excess'] > 0
            assert b['score'] > 1.5
            assert not b['account'].startswith('rss:')
        # The missed week on x (2026-03-03..09) is no burst.
        assert not any(b['account'] == 'x:example_author' and
                       '2026-03-03' <= b['end'] and b['start'] <= '2026-03-10'
                       for b in found)
        # Nor is the purge on 2025-07-15.
        assert not any(b['start'] <= '2025-07-16' <= b['end'] or
                       b['start'] <= '2025-07-15' <= b['end'] for b in found)


def test_bursts_formats_and_filters_agree():
    with Sandbox() as s:
        imported(s)
        js = json.loads(s.ok('bursts', '--as-of', AS_OF, '-f', 'json').out)
        rows = list(csv.DictReader(io.StringIO(s.ok(
            'bursts', '--as-of', AS_OF, '-f', 'csv').out)))
        assert [(r['account'], r['start']) for r in rows] == \
            [(b['account'], b['start']) for b in js]
        text = s.ok('bursts', '--as-of', AS_OF).out
        assert all(b['start'] in text for b in js)
        only_x = json.loads(s.ok('bursts', 'x:example_author', '--as-of',
                                 AS_OF, '-f', 'json').out)
        assert only_x and all(b['account'] == 'x:example_author'
                              for b in only_x)
        assert len(only_x) == len([b for b in js
                                   if b['account'] == 'x:example_author'])
        window = json.loads(s.ok('bursts', '--since', '2026-01-01',
                                 '--until', '2026-12-31', '--as-of', AS_OF,
                                 '-f', 'json').out)
        assert window and all(b['start'] >= '2026-01-01' for b in window)
        # --as-of makes results reproducible: data after it is not used.
        early = json.loads(s.ok('bursts', '--as-of', '2025-06-01', '-f',
                                'json').out)
        assert early and all(b['end'] <= '2025-06-01' for b in early)


def test_topics_on_context_above_off_context():
    with Sandbox() as s:
        imported(s)
        rows = json.loads(s.ok('topics', '--as-of', AS_OF, '-f',
                               'json').out)
        for r in rows:
            for key in ('account', 'tag', 'posts', 'engagement_index',
                        'followers_attributed'):
                assert key in r, (key, r)
        for account, t in truth()['accounts'].items():
            mine = {r['tag']: r for r in rows if r['account'] == account}
            if account.startswith('rss:'):
                # No engagement counts in feeds: no index, but articles
                # bring followers on the other accounts.
                assert all(r['engagement_index'] is None
                           for r in mine.values())
                assert sum(r['followers_attributed']
                           for r in mine.values()) > 50
                continue
            on = sorted(mine[tag]['engagement_index']
                        for tag in t['on_context'] if tag in mine)
            off = sorted(mine[tag]['engagement_index']
                         for tag in t['off_context'] if tag in mine)
            assert on and off, (account, mine)
            assert on[len(on) // 2] > off[len(off) // 2], (account, on,
                                                           off)
            assert on[-1] > 1.0 > off[0], (account, on, off)
            brought_on = sum(mine[tag]['followers_attributed']
                             for tag in t['on_context'] if tag in mine)
            brought_off = sum(mine[tag]['followers_attributed']
                              for tag in t['off_context'] if tag in mine)
            assert brought_on > brought_off, (account, brought_on,
                                              brought_off)


def test_decay_estimates_with_honest_intervals():
    with Sandbox() as s:
        imported(s)
        rows = json.loads(s.ok('decay', '--as-of', AS_OF, '-f',
                               'json').out)
        accounts = {r['account']: r for r in rows}
        assert set(accounts) == {a for a in truth()['accounts']
                                 if not a.startswith('rss:')}
        for account, r in accounts.items():
            for key in ('half_life_days', 'half_life_ci', 'floor',
                        'floor_ci', 'curve', 'n_posts', 'last_post_at',
                        'days_inactive', 'followers', 'effective_fraction',
                        'effective_audience', 'note'):
                assert key in r, (key, r)
            assert r['n_posts'] >= 20 and r['half_life_days'] is not None
            days = {p['days'] for p in r['curve']}
            assert {7, 30, 90} <= days, days
            t = truth()['accounts'][account]
            covered = 0
            for p in r['curve']:
                lo, hi = p['ci']
                assert lo <= p['fraction'] <= hi, p
                if p['days'] in (30, 90):
                    true = t['floor'] + (1 - t['floor']) * \
                        2 ** (-p['days'] / t['half_life_days'])
                    covered += lo <= true <= hi
            assert covered >= 1, (account, r['curve'])
            assert 0 < r['effective_fraction'] <= 1
            assert abs(r['effective_audience'] - r['followers'] *
                       r['effective_fraction']) <= 1


def test_a_feed_named_is_answered_not_ignored():
    """A feed has no follower counts: named, it gets a sentence saying
    so; among all accounts it is left out without a word."""
    with Sandbox() as s:
        imported(s)
        feed = [a['account'] for a in json.loads(
            s.ok('accounts', '-f', 'json').out)
            if a['account'].startswith('rss:')][0]
        for cmd in ('decay', 'bursts'):
            r = s.ok(cmd, feed, '--as-of', AS_OF, '-f', 'json')
            assert json.loads(r.out) == [], r
            assert 'has no follower counts to analyse' in r.err, r
            r = s.ok(cmd, '--as-of', AS_OF, '-f', 'json')
            assert r.err == '', r


def test_decay_refuses_to_guess_without_silences():
    with Sandbox() as s:
        rows = ['platform,handle,taken_at,followers']
        posts = ['platform,handle,post_id,published_at,url,title,tags']
        metrics = ['platform,handle,post_id,taken_at,likes,reposts,replies,'
                   'quotes,views']
        for d in range(1, 29):
            rows.append('x,daily,2025-01-%02d,%d' % (d, 1000 + d))
            posts.append('x,daily,%d,2025-01-%02dT12:00:00Z,,p,' % (d, d))
            if d <= 20:
                metrics.append('x,daily,%d,2025-01-%02dT12:00:00Z,%d,1,0,0,'
                               % (d, d + 7, 10 + d % 3))
        for kind, lines in (('followers', rows), ('posts', posts),
                            ('metrics', metrics)):
            s.ok('import', kind, '-', stdin='\n'.join(lines) + '\n')
        r = json.loads(s.ok('decay', '--as-of', '2025-02-01', '-f',
                            'json').out)[0]
        assert r['half_life_days'] is None and r['floor'] is None
        assert r['effective_fraction'] is None and r['curve'] == []
        assert 'silence' in r['note'] or 'posts' in r['note'], r['note']
        text = s.ok('decay', '--as-of', '2025-02-01').out
        assert r['note'] in text


def test_report_sections_in_every_format():
    with Sandbox() as s:
        imported(s)
        pages = json.loads(s.ok('report', '--as-of', AS_OF, '-f',
                                'json').out)
        assert len(pages) == 1 and pages[0]['group'] == 'default'
        page = pages[0]
        for key in ('accounts', 'bursts', 'effective_audience', 'topics',
                    'top_posts', 'milestones', 'data_quality'):
            assert page[key], key
        x = [a for a in page['accounts']
             if a['account'] == 'x:example_author'][0]
        assert x['followers'] == 3908 and x['growth_365d'] > 0
        assert all(b['end'] >= '2025-10-31' for b in page['bursts'])
        starts = [b['start'] for b in page['bursts']]
        assert len({b['account'] for b in page['bursts']}) > 1
        assert starts == sorted(starts, reverse=True), starts
        assert any('2026-03-03 to 2026-03-09 (7 days)' in q['warning']
                   for q in page['data_quality']), page['data_quality']
        m = page['milestones'][0]
        assert m['milestone'] > m['followers']
        assert m['earliest'] <= m['date'] <= m['latest']
        text = s.ok('report', '--as-of', AS_OF).out
        for title in ('ACCOUNTS', 'BURSTS', 'EFFECTIVE AUDIENCE', 'CONTEXT',
                      'TOP POSTS', 'NEXT MILESTONE', 'DATA QUALITY'):
            assert title in text, title
        assert '3,908' in text
        # The decay line gives the fractions after silences, with intervals.
        assert re.search(r'after 30 silent days ~\d+% \(\d+-\d+%\), '
                         r'after 90 ~\d+% \(\d+-\d+%\)', text), text
        assert re.search(r'half-life \d+ d \(90%: \d+-\d+ d\), floor '
                         r'0\.\d\d \(0\.\d\d-[01]\.\d\d\)', text), text
        md = s.ok('report', '--as-of', AS_OF, '--format', 'markdown').out
        assert md.startswith('# tideline report')
        assert '## Bursts' in md and '| x:example_author | 3,908 |' in md


def test_report_names_failing_fetches():
    with Sandbox() as s:
        imported(s)
        import sqlite3
        con = sqlite3.connect(s.db)
        con.execute("INSERT INTO fetch_runs (id, started_at, status, "
                    "version) VALUES (1, '2026-10-30T06:10:00Z', 'partial', "
                    "'t')")
        con.execute("INSERT INTO fetch_errors (run_id, account_id, at, "
                    "http_status, kind, message) SELECT 1, id, "
                    "'2026-10-30T06:10:01Z', 502, 'http', 'HTTP 502 from "
                    "there' FROM accounts WHERE platform = 'bluesky'")
        con.commit()
        con.close()
        text = s.ok('report', '--as-of', AS_OF).out
        assert 'bluesky:author.bsky.social: last 1 snapshot run failed ' \
            '(HTTP 502 from there)' in text, text


def test_report_on_little_data_says_so():
    with Sandbox() as s:
        s.ok('init')
        assert 'no accounts with data' in s.ok('report').out
        assert json.loads(s.ok('report', '-f', 'json').out) == []
        s.ok('import', 'followers', '-', stdin='platform,handle,taken_at,'
             'followers\nx,solo,2025-01-01,5\n')
        text = s.ok('report', '--as-of', '2025-03-01').out
        assert 'newest snapshot is 59 days old' in text, text
        assert 'too few usable posts to estimate' in text


def test_bursts_at_hourly_cadence_are_placed_within_the_day():
    """Snapshots every hour for 60 days with quiet nights; 150 followers
    arrive between 14:00 and 17:00 on one day."""
    start = datetime.datetime(2025, 3, 1, tzinfo=datetime.timezone.utc)
    burst = start + datetime.timedelta(days=40, hours=14)
    rows, followers = ['platform,handle,taken_at,followers'], 1000
    for hour in range(60 * 24):
        t = start + datetime.timedelta(hours=hour)
        followers += (hour * 7919) % 3 if 7 <= t.hour < 23 else 0
        if burst < t <= burst + datetime.timedelta(hours=3):
            followers += 50
        rows.append('mastodon,@hourly@example.social,%s,%d'
                    % (t.strftime('%Y-%m-%dT%H:%M:%SZ'), followers))
    with Sandbox() as s:
        s.ok('init')
        s.ok('import', 'followers', '-', stdin='\n'.join(rows) + '\n')
        found = json.loads(s.ok('bursts', '--as-of', '2025-05-01',
                                '-f', 'json').out)
        assert len(found) == 1, found
        b = found[0]
        assert b['start'] == b['end'] == '2025-04-10', b
        assert b['start_time'] in ('2025-04-10T14:00:00Z',
                                   '2025-04-10T15:00:00Z'), b
        assert b['end_time'] in ('2025-04-10T16:00:00Z',
                                 '2025-04-10T17:00:00Z'), b
        assert 140 <= b['excess'] <= 160, b


def test_bursts_errors():
    with Sandbox() as s:
        imported(s)
        r = s.fails(1, 'bursts', 'x:nobody')
        assert "no account 'x:nobody'" in r.err
        r = s.fails(2, 'bursts', '--since', 'yesterday')
        assert "bad time 'yesterday' for --since" in r.err
        r = s.fails(2, 'bursts', '--since', '2026-02-01', '--until',
                    '2026-01-01')
        assert '--since is after --until' in r.err
        s.fails(2, 'bursts', '--format', 'markdown')


def test_days_are_the_owners_days():
    """--tz counts days in the owner's zone: a snapshot at 06:00 UTC is
    the evening before in Los Angeles, so the burst's dates move a day
    back there, while its snapshot times (UTC, with Z) stay; the config
    file's tz and TZ do the same, --tz first; UTC is the default; a zone
    the database lacks is refused, naming it."""
    harness.need_zones()
    with Sandbox() as s:
        harness.import_zoned_history(s)
        args = ('bursts', '--as-of', '2025-12-01', '-f', 'json')
        utc = json.loads(s.ok(*args).out)
        assert len(utc) == 1, utc
        assert utc[0]['start'] == '2025-06-10', utc
        assert utc[0]['start_time'] == '2025-06-10T06:00:00Z'
        la = json.loads(s.ok(*args, '--tz', 'America/Los_Angeles').out)
        assert len(la) == 1, la
        assert la[0]['start'] == '2025-06-09', la
        assert la[0]['start_time'] == utc[0]['start_time']
        assert la[0]['gained'] == utc[0]['gained']
        # East of UTC, 06:00 UTC is the same day: no move.
        tokyo = json.loads(s.ok(*args, '--tz', 'Asia/Tokyo').out)
        assert tokyo[0]['start'] == '2025-06-10', tokyo
        assert json.loads(s.ok(*args, '--tz', 'UTC').out) == utc
        assert json.loads(s.ok(*args, '--tz', 'utc').out) == utc
        # A TZ the database lacks is UTC, as the C library takes it, but
        # said; a rule or a path is the C library's to read.
        r = s.ok(*args, env={'TZ': 'Mars/Olympus_Mons'})
        assert json.loads(r.out) == utc
        assert "TZ 'Mars/Olympus_Mons' is no time zone" in r.err, r.err
        assert json.loads(s.ok(*args, env={'TZ': 'PST8PDT'}).out) == la
        # TZ, then the config file's tz, which --tz overrides.
        env_la = json.loads(s.ok(*args, env={
            'TZ': 'America/Los_Angeles'}).out)
        assert env_la == la
        conf = os.path.join(s.env['HOME'], '.config', 'tideline')
        os.makedirs(conf)
        with open(os.path.join(conf, 'config'), 'w') as f:
            f.write('tz = America/Los_Angeles\n')
        os.chmod(os.path.join(conf, 'config'), 0o600)
        assert json.loads(s.ok(*args).out) == la
        assert json.loads(s.ok(*args, env={'TZ': 'UTC'}).out) == la
        assert json.loads(s.ok(*args, '--tz', 'UTC').out) == utc
        for bad in ('Mars/Olympus_Mons', '../../etc/passwd', 'Europe/',
                    'a b'):
            r = s.fails(2, *args, '--tz', bad)
            assert "bad time zone '%s' for --tz" % bad in r.err, r.err
        with open(os.path.join(conf, 'config'), 'w') as f:
            f.write('tz = Nowhere/Atall\n')
        r = s.fails(1, *args)
        assert "bad time zone 'Nowhere/Atall' for tz in the config" in \
            r.err, r.err


def test_the_hour_summer_time_repeats_is_no_burst():
    """Hourly snapshots across the end of summer time in Los Angeles
    (2025-11-02, 01:00 twice): with --tz the repeated hour is two hours,
    each its own gain, so the usual rate over it is no burst; and an hour
    of ten times the rate the day after is one, on its local date."""
    harness.need_zones()
    start = datetime.datetime(2025, 10, 1, tzinfo=datetime.timezone.utc)
    rows, followers = [], 5000
    for h in range(45 * 24):
        t = start + datetime.timedelta(hours=h)
        followers += 60 + (h * 7) % 5 - 2
        if t == datetime.datetime(2025, 11, 3, 20, tzinfo=t.tzinfo):
            followers += 600
        rows.append('x,flat,%s,%d' % (t.strftime('%Y-%m-%dT%H:%M:%SZ'),
                                      followers))
    with Sandbox() as s:
        s.ok('import', 'followers', '-', stdin='platform,handle,taken_at,'
             'followers\n' + '\n'.join(rows) + '\n')
        for zone in ('America/Los_Angeles', 'Europe/Paris', 'UTC'):
            found = json.loads(s.ok('bursts', '--as-of', '2025-11-20',
                                    '--tz', zone, '-f', 'json').out)
            assert len(found) == 1, (zone, found)
            assert found[0]['start_time'] == '2025-11-03T20:00:00Z', found
        la = json.loads(s.ok('bursts', '--as-of', '2025-11-20', '--tz',
                             'America/Los_Angeles', '-f', 'json').out)
        assert la[0]['start'] == '2025-11-03', la


def test_posts_and_windows_are_on_the_owners_days():
    """Under --tz a post's day, --since and --until dates and every date
    shown are the owner's too, not only the bursts': a post at 03:00 UTC
    on 2025-06-09 is the evening of 2025-06-08 in Los Angeles, a day
    before the burst there (in UTC days it would fall on the burst's own
    day); --until 2025-06-09 there ends at 07:00 UTC on the 10th, so it
    holds the burst's snapshot; the report names its zone."""
    harness.need_zones()
    with Sandbox() as s:
        harness.import_zoned_history(s)
        s.ok('import', 'posts', '-', stdin='platform,handle,post_id,'
             'published_at,url,title,tags\n'
             'x,zoned,101,2025-06-09T03:00:00Z,,Evening thread,\n')
        la = ('--as-of', '2025-12-01', '--tz', 'America/Los_Angeles')
        b = json.loads(s.ok('bursts', *la, '-f', 'json').out)
        assert len(b) == 1 and b[0]['start'] == '2025-06-09', b
        assert b[0]['utc_offset'] == '-07:00', b
        assert b[0]['posts'][0]['post_id'] == '101', b
        assert b[0]['posts'][0]['why'].startswith(
            'published 1 day before'), b[0]['posts'][0]
        text = s.ok('bursts', *la).out
        assert '(x:zoned, 2025-06-08)' in text, text
        utc = json.loads(s.ok('bursts', '--as-of', '2025-12-01', '-f',
                              'json').out)
        assert utc[0]['utc_offset'] == '+00:00', utc
        assert utc[0]['posts'][0]['why'].startswith(
            'published 1 day before'), utc[0]['posts'][0]
        assert '(x:zoned, 2025-06-09)' in s.ok('bursts', '--as-of',
                                                '2025-12-01').out
        # --until a date: the end of the owner's day.
        cut = json.loads(s.ok('bursts', *la, '--until', '2025-06-09',
                              '-f', 'json').out)
        assert [x['start'] for x in cut] == ['2025-06-09'], cut
        assert json.loads(s.ok('bursts', '--as-of', '2025-12-01',
                               '--until', '2025-06-09', '-f',
                               'json').out) == []
        r = json.loads(s.ok('report', *la, '-f', 'json').out)[0]
        assert r['time_zone'] == 'America/Los_Angeles', r['time_zone']
        assert r['data_from'] == '2025-02-28', r['data_from']
        assert '(America/Los_Angeles)' in s.ok('report', *la).out
        r = json.loads(s.ok('report', '--as-of', '2025-12-01', '-f',
                            'json').out)[0]
        assert r['time_zone'] == 'UTC' and r['data_from'] == '2025-03-01'


harness.main(globals())
