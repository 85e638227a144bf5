"""How the census's outputs read: report's AUDIENCE MEASURED section beside
`audience`, the notes of a hidden list, a census turned off, the chart,
the CSV's fields, and the wording of counts."""
import csv
import io
import json
import os
import re
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox  # noqa: E402
import test_census as cen  # noqa: E402
import test_census_owner as owner  # noqa: E402
import test_census_x as xc  # noqa: E402
import test_plot as tp  # noqa: E402

server = harness.fake_platform_module()


def test_report_shows_severed_losses_and_the_severance_events():
    """The domain block of test_census_owner severs four: report's text
    and Markdown count them with the other reasons (as audience does) and
    name the event, as its JSON does."""
    with Sandbox() as s, server.FakePlatform() as fp:
        owner.start(fp, s)
        owner.severing(fp, s, 0)
        day = owner.at(3)[:10]
        for fmt in ('text', 'markdown'):
            out = s.ok('report', '--as-of', owner.at(10), '-f', fmt).out
            assert 'unfollowed 2, moved 0, deleted 0, severed 4, not yet ' \
                'asked why 0)' in out, out
            assert 'severed %s domain_block remote1.example: 5 followers ' \
                'by the server, 4 found gone here' % day in out, out



def csv_rows(s, *args, env=None):
    out = s.ok('audience', *args, '-f', 'csv', env=env).out
    return list(csv.DictReader(io.StringIO(out)))


def test_the_csv_appends_the_reason_the_excluded_and_the_spend():
    """After the note, as README promises of the scalar fields: the
    census_reason, survival_excluded and the month's spend of the X
    census (its reads, dollars spent and the cap), each as its JSON."""
    with Sandbox() as s, server.FakePlatform() as fp:
        xc.set_list(fp, xc.newest_first(30))
        xc.start(fp, s)
        xc.snapshot(s, 1)
        a = xc.audience(s, 1)
        rows = csv_rows(s, xc.SPEC, '--as-of', xc.at(1), env=xc.env_at(s, 1))
        header = list(rows[0])
        assert header[-6:] == ['note', 'census_reason', 'survival_excluded',
                               'census_reads', 'census_spent_usd',
                               'census_cap_usd'], header
        row = rows[0]
        assert row['census_reason'] == a['census_reason'], (row, a)
        assert row['survival_excluded'] == str(a['survival_excluded']), row
        assert int(row['census_reads']) == a['census_spend']['reads'] == 30
        assert float(row['census_spent_usd']) == \
            a['census_spend']['spent_usd'], row
        assert float(row['census_cap_usd']) == 2.0, row
    # Without a census to bill: empty spend fields, never zeros.
    with Sandbox() as s, server.FakePlatform() as fp:
        owner.start(fp, s)
        owner.world(fp, [3, 2, 1], [])
        owner.snapshot(s, 0, token=None)
        row = csv_rows(s, '--as-of', owner.at(0))[0]
        a = owner.audience(s, 0)
        assert row['census_reason'] == a['census_reason'], (row, a)
        assert [row['census_reads'], row['census_spent_usd'],
                row['census_cap_usd']] == ['', '', ''], row



def quiet_then_active(s, fp):
    """A Bluesky account in its first period (no follower's activity is
    known yet) and a Mastodon one whose three followers posted 3 days
    before, both walked whole on day 0."""
    cen.bstart(fp, s)
    cen.bset(fp, cen.bnewest_first(30))
    owner.start(fp, s)
    owner.world(fp, [3, 2, 1], [])
    s.ok('snapshot', '--no-history',
         env=dict(harness.TOKENS, TIDELINE_NOW=cen.at(0)))


def test_the_chart_legend_names_what_any_row_draws_and_flows_tic_whole():
    """The first row has no active count; the second draws one:
    the legend still names 'active (90%)', once. The gains and losses'
    y axis is labelled in whole followers."""
    tp.need_gnuplot()
    with Sandbox() as s, server.FakePlatform() as fp:
        quiet_then_active(s, fp)
        out = s.path('a.svg')
        r = s.ok('plot', 'audience', '--as-of', cen.at(0), '--since',
                 cen.at(-2), '-o', out, env={'TIDELINE_PLOT_KEEP': '1'})
        files = tp.kept_files(r.err)
        assert files['walks-1.dat'].split('\n')[0].endswith(
            'NaN\tNaN\tNaN'), files['walks-1.dat']
        assert 'NaN' not in files['walks-2.dat'].split('\n')[0], \
            files['walks-2.dat']
        texts = [lb[5] for lb in tp.svg_labels(out)]
        for key in ('counted', 'listed', 'active (90%)', 'gained', 'lost'):
            assert texts.count(key) == 1, (key, texts)
        for i in (1, 2):
            tics = files['flowtics-%d.gp' % i]
            values = re.findall(r"'[^']*' (-?[\d.]+)", tics)
            assert values and all(re.fullmatch(r'-?\d+', v)
                                  for v in values), tics
        assert not any(re.fullmatch(r'-?\d*\.\d+', t) for t in texts), \
            texts



def failed_after_a_walk(s, fp):
    """Three followers walked whole on day 0; from day 1 on every read of
    the list gets HTTP 502 (the run exits 3)."""
    owner.start(fp, s)
    owner.world(fp, [3, 2, 1], [])
    owner.snapshot(s, 0, token=None)
    fp.control({'rules': [{'match': 'followers', 'fault': 'status',
                           'status': 502, 'times': -1}]}, 'faults')
    env = dict(harness.TOKENS, TIDELINE_NOW=owner.at(1))
    return s.fails(3, 'snapshot', owner.SPEC, '--no-history', env=env)


def test_the_chart_says_the_census_failed_after_an_earlier_walk():
    """audience and status say the census failed; the chart, which
    draws the day-0 walk, says so too, in the panel."""
    tp.need_gnuplot()
    with Sandbox() as s, server.FakePlatform() as fp:
        failed_after_a_walk(s, fp)
        assert owner.audience(s, 1)['census_reason'] == 'failed'
        out = s.path('a.svg')
        r = s.ok('plot', 'audience', '--as-of', owner.at(1), '--since',
                 owner.at(-1), '-o', out, env={'TIDELINE_PLOT_KEEP': '1'})
        gp = tp.kept_files(r.err)['panel-1.gp']
        assert 'HAS_CENSUS = 1' in gp, gp
        want = 'the census failed on %s (HTTP 502): drawn to its last ' \
            'walk' % owner.at(1)[:10]
        texts = ' '.join(tp.svg_texts(out))
        assert want in texts, texts



def run_lines(s):
    out = s.ok('status').out
    return [line for line in out.splitlines() if line.startswith('  #')]


def test_status_runs_say_the_census_failed_and_what_a_killed_run_stored():
    """A run whose census failed (exit 3, 'partial') says so beside its
    accounts; a run that never finished (killed during a walk: its row
    still 'running', its counts never written) says which accounts it
    stored, not only '0 ok'."""
    with Sandbox() as s, server.FakePlatform() as fp:
        failed_after_a_walk(s, fp)
        lines = run_lines(s)
        assert 'partial' in lines[0] and '1 census failed' in lines[0], \
            lines
        assert 'census failed' not in lines[1], lines
        runs = json.loads(s.ok('status', '-f', 'json').out)['runs']
        assert [r['census_failed'] for r in runs] == [1, 0], runs
        # The state a kill during the walk leaves.
        con = sqlite3.connect(s.db)
        with con:
            con.execute("UPDATE fetch_runs SET status = 'running', "
                        "finished_at = NULL, accounts_ok = 0 WHERE id = 2")
        con.close()
        lines = run_lines(s)
        assert 'interrupted' in lines[0] and \
            '(1 account stored before it stopped)' in lines[0], lines
        runs = json.loads(s.ok('status', '-f', 'json').out)['runs']
        assert runs[0]['accounts_stored'] == 1, runs
        assert runs[1]['accounts_stored'] == runs[1]['accounts_ok'] == 1


def readme_status_paragraph():
    with open(os.path.join(harness.source_root(), 'README.md'),
              encoding='utf-8') as f:
        text = f.read()
    start = text.index('What did the last run do?')
    return ' '.join(text[start:text.index('\n\n', start)].split())


def test_the_readme_names_every_field_of_the_status_runs():
    """status's JSON runs, as a run whose census failed gives them: the
    README's status paragraph names each of their fields, not only
    `tideline help status`."""
    with Sandbox() as s, server.FakePlatform() as fp:
        failed_after_a_walk(s, fp)
        runs = json.loads(s.ok('status', '-f', 'json').out)['runs']
        text = readme_status_paragraph()
        for field in runs[0]:
            assert '`%s`' % field in text, (field, text)
        assert '`census_failed` (the accounts whose census failed' in \
            text, text
        assert '`accounts_stored` (the accounts whose counts it stored' in \
            text, text



def test_help_audience_names_x_when_asked_for():
    with Sandbox() as s:
        text = ' '.join(s.ok('help', 'audience').out.split())
        assert 'Mastodon, Bluesky; X when asked for, with track --census ' \
            'full' in text, text



def test_one_is_singular_and_a_message_names_its_status_once():
    """One follower, one notification: no plural; the failed census's
    note does not say HTTP 502 twice."""
    with Sandbox() as s, server.FakePlatform() as fp:
        owner.start(fp, s)
        owner.world(fp, [1], [owner.follow(100, 1, owner.at(-2))])
        r = owner.snapshot(s, 0)
        assert 'census: 1 notification read (1 follow, 0 severed ' \
            'relationships)' in r.err, r.err
        assert 'census: 1 follower read' in r.err, r.err
    with Sandbox() as s, server.FakePlatform() as fp:
        failed_after_a_walk(s, fp)
        note = owner.audience(s, 1)['note']
        assert note.count('HTTP 502') == 1, note


def test_report_lists_an_x_account_whose_census_is_not_asked_for():
    """An X account tracked without a census: audience lists it as not
    asked for, and so does the report's AUDIENCE MEASURED section, in
    text, Markdown and JSON, with audience's reason and words."""
    with Sandbox() as s, server.FakePlatform() as fp:
        xc.set_list(fp, xc.newest_first(30))
        xc.start(fp, s, census=False)
        xc.snapshot(s, 1)
        a = xc.audience(s, 1)
        assert a['census_reason'] == 'not_asked', a
        env = xc.env_at(s, 1)
        text = s.ok('report', '--as-of', xc.at(1), env=env).out
        section = text[text.index('AUDIENCE MEASURED'):]
        assert '  %-34s %s\n' % (xc.SPEC, a['note']) in section, text
        md = s.ok('report', '--as-of', xc.at(1), '-f', 'markdown',
                  env=env).out
        assert '## Audience measured' in md, md
        assert '- %s: %s\n' % (xc.SPEC, a['note']) in md, md
        rj = json.loads(s.ok('report', '--as-of', xc.at(1), '-f', 'json',
                             env=env).out)[0]
        got = [m for m in rj['audience_measured']
               if m['account'] == xc.SPEC]
        assert len(got) == 1, rj['audience_measured']
        assert got[0]['census_reason'] == 'not_asked', got
        assert got[0]['note'] == a['note'], got


harness.main(globals())
