#!/usr/bin/env python3
"""tideline plot: every chart rendered from the sample history (PNG
signature and size, SVG that parses and carries its labels, terminal
output), post titles that try to run commands rendered as text, and the
failures: gnuplot missing, failing or hanging, bad options."""
import datetime
import json
import os
import re
import shutil
import signal
import stat
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, SkipTest  # noqa: E402

AS_OF = '2026-11-01'
CHARTS = ('growth', 'decay', 'topics', 'engagement', 'audience')
SVG = '{http://www.w3.org/2000/svg}'


def need_gnuplot():
    if shutil.which('gnuplot') is None:
        raise SkipTest('gnuplot is not installed (apt-get install '
                       'gnuplot-nox)')


def imported(s):
    sample = os.path.join(harness.source_root(), 'data', 'sample')
    s.ok('init')
    for kind in ('followers', 'posts', 'metrics'):
        s.ok('import', kind, os.path.join(sample, kind + '.csv'))


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    assert head[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG: %r' % head[:8]
    assert head[12:16] == b'IHDR'
    return struct.unpack('>II', head[16:24])


def svg_texts(path):
    """Every piece of text an SVG shows, in document order."""
    root = ET.parse(path).getroot()
    assert root.tag == SVG + 'svg', root.tag
    return [''.join(t.itertext()) for t in root.iter(SVG + 'text')]


def svg_labels(path):
    """Every piece of text with where it stands: (x, y, anchor, font
    size, rotated, text), x and y those of its anchor in pixels."""
    out = []
    for g in ET.parse(path).getroot().iter(SVG + 'g'):
        m = re.match(r'translate\(([-\d.]+),([-\d.]+)\)( rotate)?',
                     g.get('transform', ''))
        if m is None:
            continue
        for t in g.findall(SVG + 'text'):
            out.append((float(m.group(1)), float(m.group(2)),
                        t.get('text-anchor', g.get('text-anchor', 'start')),
                        float(g.get('font-size', '11')),
                        m.group(3) is not None, ''.join(t.itertext())))
    return out


def svg_frames(path):
    """The plot areas, (left, top, right, bottom) in pixels, in drawing
    order: their borders (left and bottom axes) are paths 'M l,t L l,b
    L r,b'."""
    frames = []
    for e in ET.parse(path).getroot().iter(SVG + 'path'):
        m = re.match(r'M([\d.]+),([\d.]+) L\1,([\d.]+) L([\d.]+),\3 ',
                     e.get('d', ''))
        if m is not None:
            box = tuple(float(m.group(i)) for i in (1, 2, 4, 3))
            if box not in frames:
                frames.append(box)
    return frames


def x_tic_labels(path):
    """The labels just below each plot area's bottom axis."""
    frames, labels = svg_frames(path), svg_labels(path)
    return [text for f in frames for x, y, _, _, rot, text in labels
            if not rot and f[0] - 1 <= x <= f[2] + 1 and
            f[3] < y <= f[3] + 30]


def test_every_chart_as_png_of_the_size_asked():
    need_gnuplot()
    with Sandbox() as s:
        imported(s)
        for chart in CHARTS:
            out = s.path(chart + '.png')
            r = s.ok('plot', chart, '--as-of', AS_OF, '-o', out,
                     '--size', '900x600')
            assert r.out.strip() == 'wrote %s' % out, r
            assert png_size(out) == (900, 600), (chart, png_size(out))
        # Without --size the growth chart grows with its panels.
        s.ok('plot', 'growth', '--as-of', AS_OF, '-o', s.path('g.png'))
        w, h = png_size(s.path('g.png'))
        assert w == 1200 and h > 700, (w, h)


def test_svg_charts_carry_their_labels():
    need_gnuplot()
    with Sandbox() as s:
        imported(s)
        bursts = json.loads(s.ok('bursts', '--as-of', AS_OF, '-f',
                                 'json').out)
        texts = {}
        for chart in CHARTS:
            out = s.path(chart + '.svg')
            s.ok('plot', chart, '--as-of', AS_OF, '-o', out)
            texts[chart] = '\n'.join(svg_texts(out))
        growth = texts['growth']
        for account in ('x:example_author', 'bluesky:author.bsky.social',
                        'mastodon:@author@mastodon.example'):
            assert account in growth, account
        assert 'followers' in growth and 'blog articles' in growth
        assert '2026-01' in growth, 'dates on the time axis'
        # Every burst is labelled with the start of its top post's title
        # (labels are shortened, never dropped) and its excess.
        for b in bursts:
            title = (b['posts'][0]['title'] or b['posts'][0]['post_id'])
            assert title[:10] in growth, title
            assert '(+%s)' % format(b['excess'], ',') in growth, b
        assert 'data 2024-11-01 to 2026-11-01' in growth, 'the caption'
        assert '1,000' in growth, 'thousands separators'
        assert 'days since the previous post' in texts['decay']
        assert 'effective audience' in texts['decay']
        assert 'fit: half-life' in texts['decay']
        assert 'engagement index (1.0 = typical post)' in texts['topics']
        for tag in ('kernel', 'debugging', 'music'):
            assert tag in texts['topics'], tag
        assert 'age of the post (days)' in texts['engagement']
        assert 'Rule of thumb: if it only fails' in texts['engagement']


def test_burst_labels_do_not_overlap():
    """Up to 20 bursts on one panel: labels go to rows where they clear
    each other (judged from the SVG's text anchors and lengths)."""
    need_gnuplot()
    start = datetime.date(2025, 1, 1)
    rows, posts, followers = [], [], 1000
    for d in range(400):
        day = start + datetime.timedelta(days=d)
        followers += 5 + (d * 7) % 3
        if d % 20 == 10:
            followers += 400
            posts.append('x,busy,%d,%sT08:00:00Z,,A rather long title '
                         'for burst number %d,,post' % (d, day, d // 20))
        rows.append('x,busy,%sT06:00:00Z,%d' % (day, followers))
    with Sandbox() as s:
        s.ok('init')
        s.ok('import', 'followers', '-', stdin='platform,handle,taken_at,'
             'followers\n' + '\n'.join(rows) + '\n')
        s.ok('import', 'posts', '-', stdin='platform,handle,post_id,'
             'published_at,url,title,tags,kind\n' + '\n'.join(posts) + '\n')
        found = json.loads(s.ok('bursts', '--as-of', '2026-03-01', '-f',
                                'json').out)
        assert len(found) == 20, len(found)
        out = s.path('busy.svg')
        s.ok('plot', 'growth', '--as-of', '2026-03-01', '-o', out)
        root = ET.parse(out).getroot()
        boxes = []
        for g in root.iter(SVG + 'g'):
            t = g.find(SVG + 'text')
            text = ''.join(t.itertext()) if t is not None else ''
            if 'burst number' not in text and '(+' not in text and \
                    not re.match(r'^\+[\d,]+$', text):
                continue
            x, y = [float(v) for v in g.get('transform', 'translate(0,0)')
                    [len('translate('):-1].split(',')]
            width = len(text) * 5.5   # 8 pt labels: about 5.5 px a char
            anchor = t.get('text-anchor', g.get('text-anchor', 'start'))
            left = x - width if anchor == 'end' else x
            boxes.append((left, left + width, y, text))
        assert len(boxes) == 20, len(boxes)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                same_row = abs(a[2] - b[2]) < 6
                assert not (same_row and a[0] < b[1] and b[0] < a[1]), \
                    (a, b)


def test_terminal_output():
    need_gnuplot()
    with Sandbox() as s:
        imported(s)
        for chart in CHARTS:
            r = s.ok('plot', chart, '--as-of', AS_OF, '--term',
                     env={'COLUMNS': '100', 'LINES': '40'})
            lines = r.out.splitlines()
            assert len(lines) >= 30, (chart, len(lines))
            assert max(len(line) for line in lines) <= 100, chart
            assert sum(c not in ' \n' for c in r.out) > 200, chart
        growth = s.ok('plot', 'growth', '--as-of', AS_OF, '--term').out
        assert 'x:example_author' in growth and '2026' in growth
        # No file is written for the terminal.
        assert not [f for f in os.listdir(s.dir) if f.endswith('.png')]


def test_pdf_and_sixel():
    need_gnuplot()
    with Sandbox() as s:
        imported(s)
        out = s.path('topics.pdf')
        s.ok('plot', 'topics', '--as-of', AS_OF, '-o', out)
        with open(out, 'rb') as f:
            assert f.read(5) == b'%PDF-'
        r = s.run('plot', 'topics', '--as-of', AS_OF, '--term=sixel')
        assert r.code == 0, r
        # A sixel image: DCS, then 'q' and the raster attributes.
        assert r.out.startswith('\x1bPq'), repr(r.out[:10])


def test_gaps_stay_gaps_in_a_private_folder():
    """Seen through TIDELINE_PLOT_KEEP: the folder is 0700, its files
    0600, and the followers' data breaks the line at a week without
    snapshots instead of drawing across it."""
    need_gnuplot()
    start = datetime.date(2025, 1, 1)
    rows, followers = [], 100
    for d in range(60):
        followers += 3
        if 20 <= d < 27:
            continue
        rows.append('x,gappy,%sT06:00:00Z,%d'
                    % (start + datetime.timedelta(days=d), followers))
    with Sandbox() as s:
        s.ok('init')
        s.ok('import', 'followers', '-', stdin='platform,handle,taken_at,'
             'followers\n' + '\n'.join(rows) + '\n')
        tmp = s.path('tmp')
        os.mkdir(tmp)
        r = s.ok('plot', 'growth', '--as-of', '2025-03-15', '-o',
                 s.path('g.svg'), env={'TIDELINE_PLOT_KEEP': '1',
                                      'TMPDIR': tmp})
        kept = re.search(r'kept (\S+)', r.err).group(1)
        assert os.path.dirname(kept) == tmp, kept
        assert stat.S_IMODE(os.stat(kept).st_mode) == 0o700
        for name in os.listdir(kept):
            if name != 'chart.out':
                assert stat.S_IMODE(os.stat(os.path.join(
                    kept, name)).st_mode) == 0o600, name
        with open(os.path.join(kept, 'followers-1.dat')) as f:
            blocks = f.read().strip('\n').split('\n\n')
        assert len(blocks) == 2, blocks
        assert len(blocks[0].splitlines()) == 20
        assert len(blocks[1].splitlines()) == 33


def test_rounded_counts_are_steps_in_their_band():
    """A YouTube channel's rounded counts (1.22 M, three significant
    digits, which YouTube cuts off) are drawn as steps inside the band
    where the true count lies (from the count shown to a unit above it:
    1,220,000 to 1,230,000), held until the next snapshot and broken at
    a gap; an exact account beside it keeps its line and has no band.
    The SVG names what the band is."""
    need_gnuplot()
    start = datetime.date(2025, 1, 1)
    rows = []
    for d in range(60):
        if 30 <= d < 37:
            continue
        true = 1228000 + 2500 * d
        shown = true // 10000 * 10000
        rows.append('youtube,UCroundedchannel00000001,%sT06:00:00Z,%d,1'
                    % (start + datetime.timedelta(days=d), shown))
        rows.append('x,exact,%sT06:00:00Z,%d'
                    % (start + datetime.timedelta(days=d), 500 + 3 * d) +
                    ',')
    with Sandbox() as s:
        s.ok('init')
        s.ok('import', 'followers', '-', stdin='platform,handle,taken_at,'
             'followers,rounded\n' + '\n'.join(rows) + '\n')
        r = s.ok('plot', 'growth', '--as-of', '2025-03-15', '-o',
                 s.path('g.svg'), env={'TIDELINE_PLOT_KEEP': '1'})
        kept = re.search(r'kept (\S+)', r.err).group(1)
        panels = {}
        for i in (1, 2):
            with open(os.path.join(kept, 'panel-%d.gp' % i)) as f:
                panel = f.read()
            with open(os.path.join(kept, 'band-%d.dat' % i)) as f:
                band = f.read()
            name = 'youtube' if 'youtube' in panel else 'x'
            panels[name] = (panel, band)
        panel, band = panels['youtube']
        assert 'ROUNDED = 1' in panel, panel
        blocks = band.strip('\n').split('\n\n')
        assert len(blocks) == 2, blocks
        first = [line.split('\t') for line in blocks[0].splitlines()]
        # Each count's interval twice: at its snapshot and the next one.
        assert len(first) == 2 * 30 - 1, len(first)
        t0, lo0, hi0 = first[0]
        t1, lo1, hi1 = first[1]
        assert (lo0, hi0) == ('1220000', '1230000'), first[0]
        assert (lo1, hi1) == (lo0, hi0) and int(t1) - int(t0) == 86400
        # The next count starts where the last one's interval ends, and
        # somewhere the rounding steps up by a unit (10,000).
        assert all(first[k][0] == first[k + 1][0]
                   for k in range(1, len(first) - 1, 2))
        assert any(int(first[k + 1][1]) - int(first[k][1]) == 10000
                   for k in range(1, len(first) - 1, 2))
        panel, band = panels['x']
        assert 'ROUNDED' not in panel
        assert band == '0\tNaN\tNaN\n', band
        texts = ' '.join(svg_texts(s.path('g.svg')))
        assert 'rounded counts: the true count lies in the band' in texts


def test_burst_shading_is_on_the_owners_days():
    """With --tz the burst's shading covers its local days on the UTC
    axis: a burst dated 2025-06-09 in Los Angeles is shaded from that
    day's local midnight, 07:00 UTC, not from 00:00 UTC."""
    need_gnuplot()
    harness.need_zones()
    with Sandbox() as s:
        s.ok('init')
        harness.import_zoned_history(s)
        shaded = {}
        for zone in ('UTC', 'America/Los_Angeles'):
            r = s.ok('plot', 'growth', '--as-of', '2025-09-01', '--tz',
                     zone, '-o', s.path('g.svg'),
                     env={'TIDELINE_PLOT_KEEP': '1'})
            kept = re.search(r'kept (\S+)', r.err).group(1)
            with open(os.path.join(kept, 'panel-1.gp')) as f:
                shaded[zone] = re.findall(r'set object rect from (\d+)',
                                          f.read())
        utc = datetime.datetime(2025, 6, 10, tzinfo=datetime.timezone.utc)
        assert shaded['UTC'] == [str(int(utc.timestamp()))], shaded
        la = datetime.datetime(2025, 6, 9, 7, tzinfo=datetime.timezone.utc)
        assert shaded['America/Los_Angeles'] == [
            str(int(la.timestamp()))], shaded


HOSTILE_TITLES = [
    '"; system("touch {dir}/pwned"); "',
    '`touch {dir}/pwned2`',
    "it's'; system('touch {dir}/pwned3'); '",
    'back\\\\slash \\" quote\\n not a newline',
    'line one\nline two; system("touch {dir}/pwned4")',
    '@TITLE @x &amp; ^{{sup}} _{{sub}} \U0001f389 \u00e9t\u00e9',
    '" . system("touch {dir}/pwned5") . "',
]


def hostile_history(s):
    """Followers with a burst after each hostile post, which becomes its
    top cause; metrics so that the engagement chart draws them too."""
    start = datetime.date(2025, 3, 1)
    rows, posts, metrics, followers = [], [], [], 2000
    for d in range(200):
        day = start + datetime.timedelta(days=d)
        followers += 6 + d % 3
        k = (d - 20) // 25
        if d >= 20 and (d - 20) % 25 == 0 and k < len(HOSTILE_TITLES):
            followers += 500
            title = HOSTILE_TITLES[k].format(dir=s.dir)
            posts.append('x,hostile,%d,%sT04:00:00Z,,"%s",,post'
                         % (k, day, title.replace('"', '""')))
            for age, n in ((1, 300), (7, 500), (30, 520)):
                metrics.append('x,hostile,%d,%sT06:00:00Z,%d,%d,1,1,,'
                               % (k, day + datetime.timedelta(days=age),
                                  n, n // 3))
        rows.append('x,hostile,%sT06:00:00Z,%d' % (day, followers))
    s.ok('init')
    s.ok('import', 'followers', '-', stdin='platform,handle,taken_at,'
         'followers\n' + '\n'.join(rows) + '\n')
    s.ok('import', 'posts', '-', stdin='platform,handle,post_id,'
         'published_at,url,title,tags,kind\n' + '\n'.join(posts) + '\n')
    s.ok('import', 'metrics', '-', stdin='platform,handle,post_id,'
         'taken_at,likes,reposts,replies,quotes,views,bookmarks\n' +
         '\n'.join(metrics) + '\n')


def no_pwned(s):
    for path in ['/tmp/pwned', '/tmp/pwned2'] + [
            os.path.join(s.dir, 'pwned%s' % n) for n in ('', 2, 3, 4, 5)]:
        assert not os.path.exists(path), '%s was created' % path


def test_hostile_titles_render_as_text_and_never_run():
    need_gnuplot()
    for path in ('/tmp/pwned', '/tmp/pwned2'):
        if os.path.exists(path):
            os.remove(path)
    with Sandbox() as s:
        hostile_history(s)
        found = json.loads(s.ok('bursts', '--as-of', '2025-10-01', '-f',
                                'json').out)
        assert len(found) == len(HOSTILE_TITLES), found
        ids = [str(k) for k in range(len(HOSTILE_TITLES))]
        for name in ('growth.svg', 'growth.png', 'engagement.svg'):
            chart = name.split('.')[0]
            extra = []
            if chart == 'engagement':
                for i in ids:
                    extra += ['--post', i]
            s.ok('plot', chart, '--as-of', '2025-10-01', '-o',
                 s.path(name), *extra)
            no_pwned(s)
        s.ok('plot', 'growth', '--as-of', '2025-10-01', '--term')
        no_pwned(s)
        # The titles show as text: burst labels are shortened, legend
        # entries carry 40 characters, control characters are spaces.
        growth = '\n'.join(svg_texts(s.path('growth.svg')))
        legend = '\n'.join(svg_texts(s.path('engagement.svg')))
        assert '"; system("touch ' in growth, growth
        assert '`touch ' in growth
        assert "it's'; system('touch" in growth
        assert 'back\\\\slash \\" quote' in growth
        assert 'line one line two; system' in growth
        assert '@TITLE @x &amp; ^{sup}' in growth, growth
        assert '@TITLE @x &amp; ^{sup} _{sub} \U0001f389 \u00e9t\u00e9' \
            in legend, legend
        assert '" . system("touch ' in growth


def test_without_gnuplot_a_clear_error_and_the_rest_works():
    with Sandbox() as s:
        imported(s)
        r = s.fails(5, 'plot', 'growth', '--as-of', AS_OF, '-o',
                    s.path('g.png'),
                    env={'TIDELINE_GNUPLOT': '/nonexistent/gnuplot'})
        assert 'gnuplot is not installed' in r.err, r
        assert 'apt-get install gnuplot-nox' in r.err, r
        assert not os.path.exists(s.path('g.png'))
        r = s.fails(5, 'plot', 'growth', '--as-of', AS_OF, '-o',
                    s.path('g.png'), env={'PATH': s.path('empty')})
        assert 'gnuplot-nox' in r.err
        s.ok('bursts', '--as-of', AS_OF,
             env={'TIDELINE_GNUPLOT': '/nonexistent/gnuplot'})
        s.ok('report', '--as-of', AS_OF, env={'PATH': s.path('empty')})


def fake_gnuplot(s, body):
    path = s.write('fake-gnuplot', '#!/bin/sh\n' + body + '\n')
    os.chmod(path, stat.S_IRWXU)
    return path


def test_gnuplot_failing_or_hanging_leaves_nothing_behind():
    with Sandbox() as s:
        imported(s)
        tmp = s.path('tmp')
        os.mkdir(tmp)
        out = s.path('chart.png')
        with open(out, 'wb') as f:
            f.write(b'the previous chart')
        failing = fake_gnuplot(s, 'echo "line 3: undefined variable: BOOM" '
                               '>&2; exit 1')
        r = s.fails(1, 'plot', 'growth', '--as-of', AS_OF, '-o', out,
                    env={'TIDELINE_GNUPLOT': failing, 'TMPDIR': tmp})
        assert 'gnuplot failed on the growth chart' in r.err, r
        assert 'undefined variable: BOOM' in r.err, r
        assert os.listdir(tmp) == [], os.listdir(tmp)
        with open(out, 'rb') as f:
            assert f.read() == b'the previous chart', 'old chart kept'
        hanging = fake_gnuplot(s, 'sleep 30')
        started = datetime.datetime.now()
        r = s.fails(1, 'plot', 'growth', '--as-of', AS_OF, '-o', out,
                    env={'TIDELINE_GNUPLOT': hanging, 'TMPDIR': tmp,
                         'TIDELINE_PLOT_TIMEOUT': '1'})
        took = (datetime.datetime.now() - started).total_seconds()
        assert 'gnuplot took longer than 1 s' in r.err, r
        assert took < 20, took
        assert os.listdir(tmp) == []
        silent = fake_gnuplot(s, 'exit 0')
        r = s.fails(1, 'plot', 'growth', '--as-of', AS_OF, '-o', out,
                    env={'TIDELINE_GNUPLOT': silent, 'TMPDIR': tmp})
        assert 'gnuplot drew nothing' in r.err, r
        assert os.listdir(tmp) == []
        if shutil.which('gnuplot'):
            s.ok('plot', 'growth', '--as-of', AS_OF, '-o', out,
                 env={'TMPDIR': tmp})
            assert os.listdir(tmp) == []
            assert png_size(out)[0] == 1200


def test_stopped_by_a_signal_it_cleans_up():
    """SIGTERM while gnuplot runs: gnuplot (and what it started) is
    stopped, the private folder removed, and tideline dies of the
    signal."""
    with Sandbox() as s:
        imported(s)
        tmp = s.path('tmp')
        os.mkdir(tmp)
        marker = s.path('still-running')
        slow = fake_gnuplot(s, '(sleep 2; touch %s) & wait' % marker)
        env = dict(s.env, TIDELINE_GNUPLOT=slow, TMPDIR=tmp)
        proc = subprocess.Popen([harness.binary(), 'plot', 'growth',
                                 '--as-of', AS_OF, '-o', s.path('g.png')],
                                env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        deadline = time.time() + 10
        while not os.listdir(tmp) and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)
        assert proc.returncode == -signal.SIGTERM, proc.returncode
        assert os.listdir(tmp) == [], os.listdir(tmp)
        assert not os.path.exists(s.path('g.png'))
        time.sleep(2.5)
        assert not os.path.exists(marker), 'gnuplot\'s child ran on'


def test_default_file_name_in_the_current_folder():
    need_gnuplot()
    with Sandbox() as s:
        imported(s)
        r = s.ok('plot', 'topics', '--as-of', AS_OF, cwd=s.dir)
        assert r.out.strip() == 'wrote tideline-topics-2026-11-01.png', r
        png_size(s.path('tideline-topics-2026-11-01.png'))


def test_little_data_draws_or_says_why():
    need_gnuplot()
    with Sandbox() as s:
        s.ok('init')
        s.ok('import', 'followers', '-', stdin='platform,handle,taken_at,'
             'followers\nx,solo,2025-01-01T06:00:00Z,5\n')
        s.ok('import', 'posts', '-', stdin='platform,handle,post_id,'
             'published_at,url,title,tags,kind\n'
             'x,solo,1,2025-01-01T08:00:00Z,,only post,,post\n')
        # One snapshot: drawn as a point, in the right range.
        s.ok('plot', 'growth', '--as-of', '2025-02-01', '-o',
             s.path('one.svg'))
        assert 'x:solo' in '\n'.join(svg_texts(s.path('one.svg')))
        # No decay estimate: the chart says why instead of a curve.
        s.ok('plot', 'decay', '--as-of', '2025-02-01', '-o',
             s.path('decay.svg'))
        texts = '\n'.join(svg_texts(s.path('decay.svg')))
        assert 'no estimate: too few usable posts' in texts, texts
        assert 'floor' not in texts.replace('followers', '')
        r = s.fails(1, 'plot', 'growth', '--as-of', '2025-06-01',
                    '--since', '2025-03-01', '-o', s.path('none.png'))
        assert 'nothing to draw' in r.err
        assert not os.path.exists(s.path('none.png'))
        r = s.fails(1, 'plot', 'engagement', '--as-of', '2025-02-01',
                    '--post', '1', '-o', s.path('e.png'))
        assert "post '1' has no engagement snapshots" in r.err, r
        s.fails(1, 'plot', 'topics', '--as-of', '2025-02-01', '-o',
                s.path('t.png'))



def test_hours_of_one_day_have_a_date_on_the_time_axis():
    """Data of a single day, --as-of the same day: no midnight falls in
    the range, and the time axes still read as a date, not as gnuplot's
    own numbering in seconds."""
    need_gnuplot()
    with Sandbox() as s:
        s.ok('init')
        s.ok('import', 'followers', '-', stdin='platform,handle,taken_at,'
             'followers\nx,solo,2026-11-01T06:00:00Z,50\n'
             'x,solo,2026-11-01T18:00:00Z,52\n')
        for chart in ('audience', 'growth', 'decay'):
            out = s.path(chart + '.svg')
            s.ok('plot', chart, '--as-of', '2026-11-01T20:00:00Z', '-o',
                 out)
            tics = x_tic_labels(out)
            # The time panels: each labelled 2026-11-01 (the others,
            # of days or silences, carry small whole numbers).
            assert tics.count('2026-11-01') >= (2 if chart == 'audience'
                                                else 1), (chart, tics)
            assert not [t for t in tics if re.search(r'e\+|\d{6}', t)], \
                (chart, tics)


MASTODON = 'mastodon:@author@mastodon.example'
M_KEY = 'author@mastodon.example'
T0 = datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.timezone.utc)


def m_at(days):
    return (T0 + datetime.timedelta(days=days)).strftime('%Y-%m-%dT%H:%M:%SZ')


def m_follower(i, day, quiet=False):
    last = T0 + datetime.timedelta(days=day - (200 if quiet else 1))
    return {'id': str(7000 + i), 'acct': 'f%d@remote.example' % i,
            'follow_id': str(500000 + i),
            'last_status_at': last.strftime('%Y-%m-%d')}


def censused(s, fp):
    """A Mastodon account walked on days 0 (20 followers, 5 of them
    quiet), 1 (4 come), 7 (2 of those gone) and 14; and an X account
    (no follower list) from imported counts."""
    s.ok('track', MASTODON, '--api-base', fp.base('mastodon'))
    s.ok('import', 'followers', '-', stdin='platform,handle,taken_at,'
         'followers\n' + ''.join('x,solo,%s,%d\n' % (m_at(d), 50 + d)
                                  for d in range(15)))
    for day in (0, 1, 7, 14):
        new = [m_follower(i, day) for i in range(24, 20, -1)
               if day >= 1 and not (day >= 7 and i in (21, 22))]
        old = [m_follower(i, day, quiet=i <= 5) for i in range(20, 0, -1)]
        fl = new + old
        fp.control({'mastodon': {M_KEY: {'follower_list': fl,
                                         'former_followers': [],
                                         'followers': len(fl)}}})
        s.ok('snapshot', MASTODON, '--no-history',
             env=dict(harness.TOKENS, TIDELINE_NOW=m_at(day)))


def kept_files(err):
    kept = re.search(r'kept (\S+)', err).group(1)
    out = {}
    for name in os.listdir(kept):
        with open(os.path.join(kept, name), errors='replace') as f:
            out[name] = f.read()
    shutil.rmtree(kept, ignore_errors=True)
    return out


def test_audience_chart_draws_the_census_and_says_where_there_is_none():
    """plot audience: a row per account; the walks' listed and active
    followers (with the interval), the gains and losses each walk found
    as bars (losses below zero), the survival curve; the X account,
    which has no list, says so where its census would be."""
    need_gnuplot()
    server = harness.fake_platform_module()
    with Sandbox() as s, server.FakePlatform() as fp:
        censused(s, fp)
        r = s.ok('plot', 'audience', '--as-of', m_at(14), '--since',
                 m_at(-1), '-o', s.path('a.png'),
                 env={'TIDELINE_PLOT_KEEP': '1'})
        files = kept_files(r.err)
        panels = {}
        for i in (1, 2):
            gp = files['panel-%d.gp' % i]
            name = re.search(r"PANEL_TITLE = '([^']*)'", gp).group(1)
            panels[name] = i
        m, x = panels[MASTODON], panels['x:solo']
        assert 'HAS_CENSUS = 1' in files['panel-%d.gp' % m]
        xgp = files['panel-%d.gp' % x]
        assert 'HAS_CENSUS = 0' in xgp, xgp
        # X bills each follower read: no census until asked for (the
        # note in lines that fit its panel).
        note = re.search(r'NOTE = (.*)', xgp).group(1)
        assert note.split('."\\n".') == [
            "'no census: the platform bills each follower'",
            "'read (track --census full asks for it)'"], note
        assert files['walks-%d.dat' % x] == 'NaN\tNaN\tNaN\tNaN\tNaN\n'
        # Whole walks on days 0, 7, 14: 20, 22, 22 listed, 15, 17, 17
        # active (every follower checked: the interval is the point).
        walks = [line.split('\t') for line in
                 files['walks-%d.dat' % m].splitlines()][:-1]
        assert [(int(w[0]), w[1], w[2], w[3], w[4]) for w in walks] == [
            (int(datetime.datetime.strptime(m_at(d), '%Y-%m-%dT%H:%M:%SZ')
                 .replace(tzinfo=datetime.timezone.utc).timestamp()), n,
             a, a, a)
            for d, n, a in ((0, '20', '15.0'), (7, '22', '17.0'),
                            (14, '22', '17.0'))], walks
        # Day bars (a span of two weeks): +4 on day 1, -2 on day 7.
        flows = [line.split('\t')[1:] for line in
                 files['flows-%d.dat' % m].splitlines()][:-1]
        assert ['4', '-0'] in flows or ['4', '0'] in flows, flows
        assert ['0', '-2'] in flows, flows
        assert "BAR_NAME = 'day'" in files['chart.gp'], files['chart.gp']
        # Survival: the 4 who came (on day 0.5, between the walks of
        # days 0 and 1), 2 lost on day 4 (midway between their last
        # listing on 1 and the walk of 7 that found them gone), at age
        # 3.5: 100% to day 3, 50% from day 4, watched to day 13.
        curve = [line.split('\t') for line in
                 files['curve-%d.dat' % m].splitlines()][:-1]
        assert len(curve) == 14, curve
        assert curve[3][1] == '1.0000' and curve[4][1] == '0.5000', curve
        assert files['curve-%d.dat' % x] == 'NaN\tNaN\n'
        assert png_size(s.path('a.png'))[0] == 1500
        s.ok('plot', 'audience', '--as-of', m_at(14), '--since', m_at(-1),
             '-o', s.path('a.svg'))
        texts = ' '.join(svg_texts(s.path('a.svg')))
        for want in ('no census: the platform bills each follower read',
                     'still following', 'days since they followed',
                     'gained and lost a day', 'active (90%)'):
            assert want in texts, (want, texts)
        t = s.ok('plot', 'audience', '--as-of', m_at(14), '--since',
                 m_at(-1), '--term', env={'COLUMNS': '120',
                                          'LINES': '40'}).out
        assert MASTODON in t and 'still following' in t, t
        assert max(len(line) for line in t.splitlines()) <= 120


def inside(box, x0, y0, x1, y1):
    return box[0] <= x0 and x1 <= box[2] and box[1] <= y0 and y1 <= box[3]


def text_box(label):
    """Where a label's text may reach: Sans is at most 0.6 em wide a
    character on average, and an em tall, from its baseline up."""
    x, y, anchor, size, _, text = label
    w = len(text) * size * 0.6
    left = {'start': x, 'middle': x - w / 2, 'end': x - w}[anchor]
    return left, y - size, left + w, y


def test_audience_chart_keeps_note_and_legend_clear():
    """The note of an account without a census fits inside its panel,
    clear of any y axis label, at the default size and a small one; each
    column's legend stands above the panels, over no data and under no
    panel title."""
    need_gnuplot()
    server = harness.fake_platform_module()
    note = ('no census: the platform bills each follower read (track '
            '--census full asks for it)')
    with Sandbox() as s, server.FakePlatform() as fp:
        censused(s, fp)
        for size in ([], ['--size', '900x600']):
            out = s.path('a.svg')
            s.ok('plot', 'audience', '--as-of', m_at(14), '--since',
                 m_at(-1), '-o', out, *size)
            frames, labels = svg_frames(out), svg_labels(out)
            assert len(frames) == 6, frames
            lines = [lb for lb in labels if lb[3] == 9 and
                     lb[5] not in ('no census: counts only', 'no census')]
            assert ' '.join(lb[5] for lb in lines) == note, lines
            home = [f for f in frames
                    if inside(f, *text_box(lines[0])[:2] * 2)]
            assert len(home) == 1, (lines[0], frames)
            for lb in lines:
                assert inside(home[0], *text_box(lb)), (size, lb, home)
            for lb in labels:
                if lb[4] and lb[5]:     # a y axis label
                    assert not home[0][0] <= lb[0] <= home[0][2], lb
        top = min(f[1] for f in frames)
        titles = [lb for lb in labels if lb[5].startswith(MASTODON + ':')]
        for key in ('counted', 'listed', 'active (90%)', 'gained', 'lost',
                    'Kaplan-Meier'):
            entries = [lb for lb in labels if lb[5] == key]
            assert len(entries) == 1, (key, entries)
            box = text_box(entries[0])
            assert box[3] < top, (key, box, top)
            for t in titles:
                tb = text_box(t)
                assert box[3] < tb[1] or box[2] < tb[0] or tb[2] < box[0], \
                    (key, box, t)


def test_audience_tics_keep_the_house_style_in_every_row():
    """Rows after one without a census (whose panels have no y axis)
    draw their y tics as the first does: outwards, on the left axis
    only, not inwards and mirrored on the right (the sample history has
    no census at all)."""
    need_gnuplot()
    with Sandbox() as s:
        imported(s)
        out = s.path('a.svg')
        s.ok('plot', 'audience', '--as-of', AS_OF, '-o', out)
        frames = svg_frames(out)
        assert len(frames) == 9, frames
        marks = 0
        for e in ET.parse(out).getroot().iter(SVG + 'path'):
            m = re.match(r'M([\d.]+),([\d.]+) L([\d.]+),\2 *(M|$)',
                         e.get('d', ''))
            if m is None:
                continue
            x0, y, x1 = (float(m.group(i)) for i in (1, 2, 3))
            for f in frames:
                if abs(x0 - f[0]) < 0.5 and f[1] <= y <= f[3] and \
                        abs(x1 - f[2]) > 1:     # not a grid line
                    marks += 1
                    assert x1 < x0 and m.group(4) != 'M', (f, e.get('d'))
        assert marks >= 9, marks


def test_usage_errors():
    with Sandbox() as s:
        imported(s)
        assert 'plot needs a chart (growth, decay, topics, engagement or ' \
            'audience)' in s.fails(2, 'plot').err
        assert "unknown chart 'pie' (use growth, decay, topics, " \
            "engagement or audience)" in s.fails(2, 'plot', 'pie').err
        r = s.fails(2, 'plot', 'growth', '-o', s.path('chart.gif'))
        assert '.png, .svg or .pdf' in r.err
        assert 'bad --size' in s.fails(2, 'plot', 'growth', '--size',
                                       '10').err
        assert 'at least 400x300' in s.fails(2, 'plot', 'growth', '--size',
                                             '300x200').err
        assert 'leave out -o' in s.fails(2, 'plot', 'growth', '--term',
                                         '-o', s.path('g.png')).err
        assert 'bad --term' in s.fails(2, 'plot', 'growth',
                                       '--term=vt100').err
        assert "bad value '9' for --top (a whole number from 1 to 7)" in \
            s.fails(2, 'plot', 'engagement', '--top', '9').err
        s.fails(1, 'plot', 'growth', 'x:nobody')
        r = s.fails(1, 'plot', 'engagement', '--post', 'nope',
                    '--as-of', AS_OF)
        assert "no post 'nope'" in r.err, r


def test_sizes_and_counts_are_whole_numbers_or_refused():
    """--size and --top take whole numbers in range and nothing else:
    what sscanf and atoi let through (a trailing word, a sign, blanks,
    an overflow) is refused with the usage exit code, nothing drawn."""
    with Sandbox() as s:
        imported(s)
        out = s.path('g.png')
        for size in ('1200x800junk', '1200x800 ', '1200x', 'x800', '1200',
                     '+1200x800', ' 1200x800', '1200x+800', '1200x 800',
                     '1200X800', '1200x-800', '1200.5x800',
                     '99999999999999999999x800', '1200x99999999999999999999',
                     '10001x800', '79x800'):
            r = s.fails(2, 'plot', 'growth', '--as-of', AS_OF, '--size',
                        size, '-o', out)
            assert "bad --size '%s'" % size in r.err, (size, r)
        for top in ('3x', ' 3', '+3', '', '0x3', '3.0', '0', '8',
                    '99999999999999999999'):
            r = s.fails(2, 'plot', 'engagement', '--as-of', AS_OF, '--top',
                        top, '-o', out)
            assert "bad value '%s' for --top" % top in r.err, (top, r)
        assert not os.path.exists(out)


def test_a_bad_plot_timeout_is_an_error_before_gnuplot_runs():
    """TIDELINE_PLOT_TIMEOUT that is not whole seconds from 1 to 86400
    fails the chart (exit 1) and says so before gnuplot starts, rather
    than running it with the default 60 s; empty means unset."""
    with Sandbox() as s:
        imported(s)
        ran = s.path('gnuplot-ran')
        failing = fake_gnuplot(s, 'touch %s; exit 1' % ran)
        out = s.path('g.png')
        for bad in ('5s', '0', '-1', 'abc', ' 5', '5 ', '1e3', '86401',
                    '99999999999999999999'):
            r = s.fails(1, 'plot', 'growth', '--as-of', AS_OF, '-o', out,
                        env={'TIDELINE_GNUPLOT': failing,
                             'TIDELINE_PLOT_TIMEOUT': bad})
            assert "bad TIDELINE_PLOT_TIMEOUT '%s'" % bad in r.err, (bad, r)
            assert not os.path.exists(ran), 'gnuplot ran with %r' % bad
        r = s.fails(1, 'plot', 'growth', '--as-of', AS_OF, '-o', out,
                    env={'TIDELINE_GNUPLOT': failing,
                         'TIDELINE_PLOT_TIMEOUT': ''})
        assert 'gnuplot failed on the growth chart' in r.err, r
        assert os.path.exists(ran)


def test_terminal_size_from_whole_numbers_only():
    """COLUMNS and LINES size --term when they are whole numbers (less
    two lines for the prompt); '60x' or '30junk', which atoi read as 60
    and 30, mean the usual 100 x 40 terminal instead."""
    need_gnuplot()
    with Sandbox() as s:
        imported(s)

        def drawn(columns, lines):
            out = s.ok('plot', 'growth', '--as-of', AS_OF, '--term',
                       env={'COLUMNS': columns, 'LINES': lines}).out
            # gnuplot starts the page with a form feed: no line of its own.
            rows = out.replace('\f', '').rstrip('\n').split('\n')
            return max(len(row) for row in rows), len(rows)
        wide, high = drawn('60', '30')
        assert wide <= 60 and high == 28, (wide, high)
        wide, high = drawn('60x', '30junk')
        assert 60 < wide <= 100 and high == 40, (wide, high)
        wide, high = drawn('30', '10')
        assert 60 < wide <= 100 and high == 40, (wide, high)


def test_gnuplot_closing_its_stderr_early_is_still_waited_for():
    """A gnuplot that closes its stderr long before it exits (which is
    when tideline looks for its end more often) is waited for until it
    has drawn, and still stopped at the timeout."""
    with Sandbox() as s:
        imported(s)
        tmp = s.path('tmp')
        os.mkdir(tmp)
        out = s.path('chart.png')
        late = fake_gnuplot(s, 'exec 2>&-; sleep 1; cd "$(dirname "$2")" '
                            '&& printf late > chart.out')
        s.ok('plot', 'growth', '--as-of', AS_OF, '-o', out,
             env={'TIDELINE_GNUPLOT': late, 'TMPDIR': tmp})
        with open(out, 'rb') as f:
            assert f.read() == b'late'
        hanging = fake_gnuplot(s, 'exec 2>&-; sleep 30')
        started = time.time()
        r = s.fails(1, 'plot', 'growth', '--as-of', AS_OF, '-o', out,
                    env={'TIDELINE_GNUPLOT': hanging, 'TMPDIR': tmp,
                         'TIDELINE_PLOT_TIMEOUT': '1'})
        assert 'gnuplot took longer than 1 s' in r.err, r
        assert time.time() - started < 20
        assert os.listdir(tmp) == []


def test_gnuplot_gets_no_secrets_in_its_environment():
    """gnuplot sees what it needs (programs, fonts, language, time zone,
    folders) and nothing else: no TIDELINE_* secret of a cron job's
    environment, no other variable."""
    with Sandbox() as s:
        imported(s)
        dump = s.path('gnuplot-env')
        fake = fake_gnuplot(s, 'env > %s; exit 1' % dump)
        keep = {'LANG': 'C.UTF-8', 'LC_TIME': 'C', 'TZ': 'Europe/Paris',
                'GDFONTPATH': '/usr/share/fonts', 'GNUPLOT_LIB': '/tmp',
                'FONTCONFIG_PATH': '/etc/fonts', 'TMPDIR': s.dir,
                'XDG_CACHE_HOME': s.path('cache')}
        drop = {'TIDELINE_X_BEARER_TOKEN': 'sekrit-x',
                'TIDELINE_YOUTUBE_API_KEY': 'sekrit-yt',
                'TIDELINE_MASTODON_TOKEN_MASTODON_SOCIAL': 'sekrit-m',
                'TIDELINE_CONFIG': s.path('config'),
                'AWS_SECRET_ACCESS_KEY': 'sekrit-aws', 'LD_PRELOAD': '',
                'GNUPLOTX': 'not a gnuplot variable'}
        env = dict(keep, TIDELINE_GNUPLOT=fake, **drop)
        r = s.fails(1, 'plot', 'growth', '--as-of', AS_OF, '-o',
                    s.path('g.png'), env=env)
        assert 'gnuplot failed' in r.err, r
        with open(dump, encoding='utf-8') as f:
            seen = dict(line.rstrip('\n').split('=', 1) for line in f
                        if '=' in line)
        for name, value in keep.items():
            assert seen.get(name) == value, (name, seen)
        assert seen.get('PATH') == s.env['PATH'] and 'HOME' in seen
        for name in drop:
            assert name not in seen, (name, seen)
        assert not [v for v in seen.values() if 'sekrit' in v], seen
        assert not [n for n in seen if n.startswith('TIDELINE_')], seen


harness.main(globals())
