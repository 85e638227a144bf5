#!/usr/bin/env python3
"""tideline's benchmarks, each against references measured in the same run.

import: `tideline import followers` of N rows, against sqlite3's own
`.import` of the same CSV into a plain table (the practical limit: no
parsing of times or counts, no keys) and against `sqlite-utils insert
--csv` (what a Python user would reach for). Wall-clock seconds, best of
a few runs; every run starts from a fresh database.

bursts: `tideline bursts` for every account of N accounts x 3 years of
daily snapshots, then of M accounts x 90 days of hourly ones (24 a day,
read in hours), each against the same method in pandas (bursts_pandas.py,
what a Python user would write) and against a bare SELECT of the same
rows in C (bench/scan.c, the limit). Wall-clock seconds of one run each,
and each one's peak resident memory.

history: the first snapshot of 100 Mastodon accounts with 2,000 posts
each (their whole histories, 40 posts a page) from the fake server with
20 ms added to every reply, against curl --parallel fetching the very
URLs the server logged for tideline's run, at the same parallelism (the
6 connections --per-host allows); curl needs no page before the next, so
its time is a lower bound. Then tideline's peak memory at 100 accounts
and at 20, which a store of whole histories would make grow by
megabytes an account.

census: the first census of one Mastodon account with 100,000
followers (the fake server's generated list, 80 a page, 20 ms added to
every reply), its whole list walked in one run (`snapshot --no-history
--census-requests 2000`: 1,251 pages), against one curl process fetching
the very follower pages tideline asked for one after another over one
kept-alive connection (a cursor walk cannot go in parallel: each page
needs the previous one's max_id); the database must hold every follower
afterwards. --census-runs turns of tideline then curl (default 5): the
ratio is the median of each turn's, with the lowest and the highest, as
a machine shared with others moves each turn apart. Then tideline's peak
memory at 100,000 followers and at 10,000, which a walk held whole would
make grow with the list.

engagers: the lists of who liked each post of one Mastodon account with
1,000 posts of the last 30 days, 200 likes each (favourited_by, 80 a
page: 3,000 pages), from the fake server with 20 ms added to every
reply, read in one run (`snapshot --no-history --engager-requests
5000`, after a run that stored the posts), against curl --parallel
fetching the very list pages tideline asked for at the same
parallelism (the 6 connections --per-host allows); a list's pages come
one after another (each needs the previous one's max_id), the lists in
parallel; the database must hold every like afterwards.
--engager-runs turns of each, the ratio the median of each turn's.

plot: `tideline plot growth` on the bundled sample history, against bare
gnuplot running the very script and data files tideline wrote (kept with
TIDELINE_PLOT_KEEP): what tideline adds to drawing the chart (starting,
reading the store, the analyses, writing the files, waiting for
gnuplot). Median wall-clock milliseconds of --plot-runs runs of each,
taken in turns so that both see the same load; the ratio is the median
of each turn's ratio, which a machine shared with others moves less.
"""
import argparse
import os
import re
import statistics
import tempfile
import shutil
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'tests',
                                'fakeplatform'))
import server  # noqa: E402  (tests/fakeplatform/server.py)


def fresh(path):
    for suffix in ('', '-wal', '-shm'):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def timed(argv, db, runs):
    """Best wall time of `runs` runs of argv, each on a fresh database."""
    best = None
    for _ in range(runs):
        fresh(db)
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    fresh(db)
    return best


def line(what, ours, ref_name, ref, unit='s', ratio=None):
    scale = 1000 if unit == 'ms' else 1
    print('%-50s tideline %7.2f %-2s  %-26s %7.2f %-2s  ratio %.2f'
          % (what, ours * scale, unit, ref_name, ref * scale, unit,
             ours / ref if ratio is None else ratio))
    sys.stdout.flush()


def bench_import(args):
    csv_path = os.path.join(args.out, 'followers-%d.csv' % args.rows)
    if not os.path.exists(csv_path):
        with open(csv_path + '.tmp', 'w') as f:
            subprocess.run([sys.executable,
                            os.path.join(HERE, 'gen-followers.py'),
                            str(args.rows)], stdout=f, check=True)
        os.rename(csv_path + '.tmp', csv_path)
    db = os.path.join(args.out, 'bench.db')
    what = 'import %s follower rows' % '{:,}'.format(args.rows)
    ours = timed([args.tideline, '--db', db, 'import', 'followers',
                  csv_path], db, args.runs)
    ref = timed(['sqlite3', db, '.import --csv %s followers' % csv_path],
                db, args.runs)
    line(what, ours, 'sqlite3 .import', ref)
    if shutil.which('sqlite-utils'):
        ref = timed(['sqlite-utils', 'insert', db, 'followers', csv_path,
                     '--csv'], db, 1)
        line(what, ours, 'sqlite-utils insert --csv', ref)
    else:
        print('%-50s (sqlite-utils not installed: apt-get install '
              'sqlite-utils)' % what)


def bench_snapshot(args):
    """snapshot of N accounts from the fake server with added latency,
    against curl --parallel fetching the same URLs, same parallelism."""
    db = os.path.join(args.out, 'snapshot.db')
    fresh(db)
    with server.FakePlatform() as fp:
        made = fp.control({'platform': 'mastodon', 'count': args.accounts,
                           'handle': 'u{i}@bench.example', 'posts': 5,
                           'days': 20}, 'account')['accounts']
        specs = [a['spec'] for a in made]
        subprocess.run([args.tideline, '--db', db, 'track', '--api-base',
                        fp.base('mastodon')] + specs, check=True,
                       stdout=subprocess.DEVNULL)
        fp.latency(args.latency)
        fp.clear_requests()
        start = time.perf_counter()
        subprocess.run([args.tideline, '--db', db, 'snapshot', '--jobs',
                        str(args.jobs), '--per-host', str(args.jobs)],
                       check=True)
        ours = time.perf_counter() - start
        urls = ['%s%s%s' % (fp.url, r['path'], '?' + r['query']
                            if r['query'] else '')
                for r in fp.requests('')]
        with tempfile.NamedTemporaryFile('w', suffix='.curl',
                                         delete=False) as f:
            for u in urls:
                f.write('url = "%s"\noutput = "/dev/null"\n' % u)
            config = f.name
        start = time.perf_counter()
        subprocess.run(['curl', '--silent', '--no-progress-meter',
                        '--compressed', '--parallel', '--parallel-max',
                        str(args.jobs), '-K', config], check=True)
        ref = time.perf_counter() - start
        os.remove(config)
    fresh(db)
    line('snapshot %d accounts (%d requests, %d ms)' % (
        args.accounts, len(urls), args.latency), ours,
        'curl --parallel %d' % args.jobs, ref)


def run_measured(argv):
    """(wall seconds, peak resident MiB, CPU seconds) of one run of argv,
    its output discarded. A fresh python starts it: Linux keeps a child's
    peak across fork and exec, so one forked from this process (the fake
    server, with every post it serves) would start at this one's size."""
    code = ('import os, subprocess, sys, time; s = time.perf_counter();'
            ' c = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL,'
            ' stderr=subprocess.DEVNULL); _, st, ru = os.wait4(c.pid, 0);'
            ' print(time.perf_counter() - s, ru.ru_maxrss / 1024,'
            ' ru.ru_utime + ru.ru_stime, os.waitstatus_to_exitcode(st))')
    out = subprocess.run([sys.executable, '-c', code] + argv, check=True,
                         capture_output=True, text=True).stdout.split()
    if int(out[3]) != 0:
        raise subprocess.CalledProcessError(int(out[3]), argv)
    return float(out[0]), float(out[1]), float(out[2])


def self_cpu():
    """CPU seconds of this process: the fake server's threads."""
    import resource
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def history_snapshot(args, fp, prefix, count, db):
    """The first snapshot of `count` new accounts of args.history_posts
    posts each: (wall s, peak MiB, CPU s, server CPU s, requests)."""
    fresh(db)
    fp.latency(0)
    made = fp.control({'platform': 'mastodon', 'count': count,
                       'handle': prefix + '{i}@bench.example',
                       'posts': args.history_posts, 'days': 2000},
                      'account')['accounts']
    subprocess.run([args.tideline, '--db', db, 'track', '--api-base',
                    fp.base('mastodon')] + [a['spec'] for a in made],
                   check=True, stdout=subprocess.DEVNULL)
    fp.latency(args.latency)
    fp.clear_requests()
    # The defaults of --jobs and --per-host; a budget that the whole
    # history fits in (a Mastodon page is 40 posts).
    server_cpu = self_cpu()
    wall_s, peak, cpu = run_measured(
        [args.tideline, '--db', db, 'snapshot', '--max-requests',
         str(args.history_posts // 40 + 100)])
    server_cpu = self_cpu() - server_cpu
    reqs = fp.requests('')
    import sqlite3
    con = sqlite3.connect(db)
    done = con.execute('SELECT count(*) FROM history_walks '
                       'WHERE complete = 1').fetchone()[0]
    con.close()
    if done != count:
        sys.exit('history: %d of %d walks complete' % (done, count))
    return wall_s, peak, cpu, server_cpu, reqs


def curl_config(fp, reqs):
    """The URLs of the requests the fake server logged, and a curl config
    file (its path; the caller removes it) that fetches each to
    /dev/null."""
    urls = ['%s%s%s' % (fp.url, r['path'], '?' + r['query']
                        if r['query'] else '') for r in reqs]
    with tempfile.NamedTemporaryFile('w', suffix='.curl',
                                     delete=False) as f:
        for u in urls:
            f.write('url = "%s"\noutput = "/dev/null"\n' % u)
    return urls, f.name


def bench_history(args):
    """The first snapshot of N accounts with whole histories from the fake
    server with added latency, against curl --parallel fetching the very
    pages tideline asked for, at the same parallelism; and tideline's peak
    memory at N and at a fifth of N accounts."""
    db = os.path.join(args.out, 'history.db')
    n, posts = args.history_accounts, args.history_posts
    small = max(1, n // 5)
    # Every request goes to one host: --per-host (6) is what limits both.
    par = 6
    with server.FakePlatform() as fp:
        ours, peak, cpu, ours_srv, reqs = history_snapshot(args, fp, 'h',
                                                           n, db)
        urls, config = curl_config(fp, reqs)
        ref_srv = self_cpu()
        ref, _, ref_cpu = run_measured(
            ['curl', '--silent', '--show-error', '--fail', '--compressed',
             '--parallel', '--parallel-max', str(par), '-K', config])
        ref_srv = self_cpu() - ref_srv
        os.remove(config)
        # One reply, as tideline holds it before parsing: uncompressed.
        page = len(urllib.request.urlopen(urls[len(urls) // 2]).read())
        _, small_peak, _, _, _ = history_snapshot(args, fp, 's', small, db)
    fresh(db)
    what = 'first snapshot, %d accounts x %s posts' % (
        n, '{:,}'.format(posts))
    line('%s (%d requests, %d ms)' % (what, len(urls), args.latency), ours,
         'curl --parallel %d' % par, ref)
    print('  curl fetches the same URLs in any order; tideline walks each '
          'account page after page\n  (each needs the previous one\'s '
          'max_id): curl\'s time is a lower bound')
    print('  CPU: tideline %.2f s, curl %.2f s; the fake server %.2f s '
          'while tideline ran, %.2f s while curl did'
          % (cpu, ref_cpu, ours_srv, ref_srv))
    # At most --jobs replies are held at once, whatever the number of
    # accounts, and SQLite's page cache is capped at 32 MiB: going from a
    # fifth of the accounts to all of them may add that cache and a page
    # per account (an account's state between pages, generously), never
    # whole histories (posts x about 1 KiB an account).
    bound = small_peak + 32 + (n - small) * page / 2**20
    print('  peak memory: tideline %.0f MiB at %d accounts, %.0f MiB at %d '
          '(bound %.0f MiB: the smaller run, SQLite\'s 32 MiB cache, %d '
          'pages of %.0f KiB): %s'
          % (peak, n, small_peak, small, bound, n - small, page / 1024,
             'bounded' if peak <= bound else 'NOT bounded'))


def census_walk(args, fp, n, db):
    """The first census of a new account of n followers, its whole list
    in one run: (wall s, peak MiB, CPU s, server CPU s, follower-page
    requests). Exits unless the database holds all n followers."""
    fresh(db)
    fp.latency(0)
    made = fp.control({'platform': 'mastodon', 'handle':
                       'c%d@bench.example' % n, 'followers': n,
                       'posts': 5, 'days': 20}, 'account')['accounts'][0]
    fp.control({'mastodon': {made['key']: {'followers_generate': n}}})
    subprocess.run([args.tideline, '--db', db, 'track', '--api-base',
                    fp.base('mastodon'), made['spec']], check=True,
                   stdout=subprocess.DEVNULL)
    fp.latency(args.latency)
    fp.clear_requests()
    server_cpu = self_cpu()
    wall_s, peak, cpu = run_measured(
        [args.tideline, '--db', db, 'snapshot', '--no-history',
         '--census-requests', str(max(2000, n // 80 + 2))])
    server_cpu = self_cpu() - server_cpu
    pages = fp.requests('/followers')
    import sqlite3
    con = sqlite3.connect(db)
    listed, = con.execute('SELECT count(*) FROM census_followers WHERE '
                          'left_at IS NULL').fetchone()
    walks = con.execute("SELECT count(*), sum(listed) FROM census_walks "
                        "WHERE kind = 'full' AND completed_at IS NOT "
                        "NULL").fetchone()
    con.close()
    if listed != n or walks != (1, n):
        sys.exit('census: %d of %d followers stored (complete walks, '
                 'followers they listed: %s)' % (listed, n, walks))
    return wall_s, peak, cpu, server_cpu, pages


def bench_census(args):
    """A whole follower list walked in one run against curl fetching the
    same pages one after another, --census-runs turns of each; tideline's
    peak memory at N followers and at a tenth of N."""
    db = os.path.join(args.out, 'census.db')
    n = args.census_followers
    small = max(80, n // 10)
    turns = []
    with server.FakePlatform() as fp:
        for turn in range(max(1, args.census_runs)):
            ours, peak, cpu, ours_srv, reqs = census_walk(args, fp, n, db)
            if turn == 0:
                # One curl, the URLs in turn over one connection kept
                # alive.
                urls, config = curl_config(fp, reqs)
            ref_srv = self_cpu()
            ref, _, ref_cpu = run_measured(
                ['curl', '--silent', '--show-error', '--fail',
                 '--compressed', '-K', config])
            ref_srv = self_cpu() - ref_srv
            turns.append((ours, ref, cpu, ref_cpu, ours_srv, ref_srv,
                          peak))
        os.remove(config)
        page = len(urllib.request.urlopen(urls[len(urls) // 2]).read())
        small_s, small_peak, _, _, small_reqs = census_walk(args, fp,
                                                            small, db)
    fresh(db)
    # The turns share the machine's load turn by turn: the ratio is the
    # median of each turn's, its spread the lowest and highest.
    ratios = sorted(t[0] / t[1] for t in turns)
    med = statistics.median
    ours, ref = med([t[0] for t in turns]), med([t[1] for t in turns])
    peak = max(t[6] for t in turns)
    line('census, a full walk of %s followers (%d pages, %d ms)' % (
        '{:,}'.format(n), len(urls), args.latency), ours,
        'curl, the pages in turn', ref, ratio=med(ratios))
    if len(turns) > 1:
        print('  %d turns, each tideline then curl; ratio median %.2f, '
              'lowest %.2f, highest %.2f (%s)'
              % (len(turns), med(ratios), ratios[0], ratios[-1],
                 ', '.join('%.2f' % r for r in ratios)))
    print('  tideline also asked for the account and its recent posts '
          'first; curl fetched only the\n  follower pages')
    print('  CPU (median): tideline %.2f s, curl %.2f s; the fake server '
          '%.2f s while tideline ran, %.2f s while curl did'
          % tuple(med([t[i] for t in turns]) for i in (2, 3, 4, 5)))
    # A page is held at a time, whatever the list's length; SQLite's page
    # cache (capped at 32 MiB) fills as the table grows, and the walk
    # keeps each page's cursor (a few bytes) to catch a loop.
    bound = small_peak + 32
    print('  peak memory: tideline %.0f MiB at %s followers, %.0f MiB at '
          '%s (%.2f s, %d pages); bound %.0f MiB (the smaller run and '
          'SQLite\'s 32 MiB cache; a page is %.0f KiB): %s'
          % (peak, '{:,}'.format(n), small_peak, '{:,}'.format(small),
             small_s, len(small_reqs), bound, page / 1024,
             'bounded' if peak <= bound else 'NOT bounded'))


def engagers_run(args, fp, db):
    """A new account's posts stored (no lists), then its lists read in one
    run: (wall s, peak MiB, CPU s, list requests). Exits unless every
    like is stored."""
    posts, likes = args.engager_posts, args.engager_likes
    fresh(db)
    fp.latency(0)
    made = fp.control({'platform': 'mastodon', 'handle':
                       'e%d@bench.example' % posts, 'followers': 10,
                       'posts': posts, 'days': 25, 'quotes': False},
                      'account')['accounts'][0]
    key = made['key']
    state = fp.control(None, 'state?path=mastodon/%s' % key)
    fp.control({'mastodon': {key: {'posts': {
        pid: {'likes': likes, 'reposts': 0, 'quotes': 0, 'kind': 'post'}
        for pid in state['posts']}}}})
    subprocess.run([args.tideline, '--db', db, 'track', '--api-base',
                    fp.base('mastodon'), made['spec']], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([args.tideline, '--db', db, 'snapshot', '--no-engagers',
                    '--max-requests', str(posts // 40 + 100)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    fp.latency(args.latency)
    fp.clear_requests()
    wall_s, peak, cpu = run_measured(
        [args.tideline, '--db', db, 'snapshot', '--no-history',
         '--engager-requests', str(posts * (likes // 80 + 3))])
    pages = [r for r in fp.requests('/favourited_by')]
    import sqlite3
    con = sqlite3.connect(db)
    stored, = con.execute("SELECT count(*) FROM engagements WHERE kind = "
                          "'like'").fetchone()
    con.close()
    if stored != posts * likes:
        sys.exit('engagers: %d of %d likes stored' % (stored,
                                                      posts * likes))
    return wall_s, peak, cpu, pages


def bench_engagers(args):
    """Every post's like list read in one run against curl --parallel
    fetching the same pages, --engager-runs turns of each."""
    db = os.path.join(args.out, 'engagers.db')
    par = 6
    turns = []
    with server.FakePlatform() as fp:
        for turn in range(max(1, args.engager_runs)):
            ours, peak, cpu, reqs = engagers_run(args, fp, db)
            urls, config = curl_config(fp, reqs)
            ref, _, ref_cpu = run_measured(
                ['curl', '--silent', '--show-error', '--fail',
                 '--compressed', '--parallel', '--parallel-max', str(par),
                 '-K', config])
            os.remove(config)
            turns.append((ours, ref, cpu, ref_cpu, peak))
    fresh(db)
    ratios = sorted(t[0] / t[1] for t in turns)
    med = statistics.median
    line('engagers, the like lists of %s posts x %d likes (%d pages, %d '
         'ms)' % ('{:,}'.format(args.engager_posts), args.engager_likes,
                  len(urls), args.latency), med([t[0] for t in turns]),
         'curl --parallel %d' % par, med([t[1] for t in turns]),
         ratio=med(ratios))
    if len(turns) > 1:
        print('  %d turns, each tideline then curl; ratio median %.2f, '
              'lowest %.2f, highest %.2f'
              % (len(turns), med(ratios), ratios[0], ratios[-1]))
    print('  tideline also asked for the account and its recent posts '
          'first, and walks each list\n  page after page; curl fetched '
          'only the list pages, in any order: its time is a lower bound')
    print('  CPU (median): tideline %.2f s, curl %.2f s; peak memory '
          '%.0f MiB' % (med([t[2] for t in turns]),
                        med([t[3] for t in turns]),
                        max(t[4] for t in turns)))


def peak_rss_mb():
    """Peak resident memory of the children waited for so far, in MiB."""
    import resource
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def timed_peak(argv):
    """(seconds, peak MiB) of one run; run it in a fresh child python so
    the peak is its own."""
    code = ('import resource, subprocess, sys, time; s = time.perf_counter();'
            ' subprocess.run(sys.argv[1:], check=True, stdout=subprocess.'
            'DEVNULL); print(time.perf_counter() - s, resource.getrusage('
            'resource.RUSAGE_CHILDREN).ru_maxrss / 1024)')
    out = subprocess.run([sys.executable, '-c', code] + argv, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def pandas_python():
    """An interpreter that can import pandas, or None. Debian's
    python3-pandas is for /usr/bin/python3, which need not be the python3
    first on PATH (nor the one running this)."""
    tried = []
    for py in (sys.executable, '/usr/bin/python3', shutil.which('python3')):
        if py is None or py in tried or not os.path.exists(py):
            continue
        tried.append(py)
        if subprocess.run([py, '-c', 'import pandas'],
                          stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0:
            return py
    return None


def bursts_db(args, db, gen_args):
    """The bursts benchmark's database at db, made once from
    gen-followers.py's CSV for gen_args."""
    if os.path.exists(db):
        return
    csv_path = db + '.csv'
    with open(csv_path, 'w') as f:
        subprocess.run([sys.executable, os.path.join(HERE, 'gen-followers.py')]
                       + gen_args, stdout=f, check=True)
    subprocess.run([args.tideline, '--db', db, 'import', 'followers',
                    csv_path], check=True, stdout=subprocess.DEVNULL)
    os.remove(csv_path)


def bursts_lines(args, what, db):
    """tideline bursts on db against the pandas reference and the bare
    SELECT: one run each, the ratio lines and each one's peak memory."""
    scan = os.path.join(os.path.dirname(args.tideline), '..', 'bench',
                        'scan')
    # Warm the page cache, so that no one of the three pays for the disk.
    subprocess.run([scan, db], check=True, stdout=subprocess.DEVNULL)
    # In UTC, as the reference counts days and hours, whatever TZ or the
    # config file says.
    ours, ours_mb = timed_peak([args.tideline, '--db', db, 'bursts',
                                '--format', 'csv', '--as-of',
                                '2026-01-01', '--tz', 'UTC'])
    py = pandas_python()
    if py is not None:
        pd_s, pd_mb = timed_peak([py, os.path.join(HERE, 'bursts_pandas.py'),
                                  db, '--as-of', '2026-01-01'])
        line(what, ours, 'pandas reference', pd_s)
    else:
        print('%-50s (no python3 here can import pandas: apt-get install '
              'python3-pandas)' % what)
    ref, ref_mb = timed_peak([scan, db])
    line(what, ours, 'bare SELECT in C', ref)
    pandas_mb = 'pandas %7.0f MiB   ' % pd_mb if py is not None else ''
    print('%-50s tideline %7.0f MiB   %sbare SELECT %7.0f MiB'
          % ('  peak memory', ours_mb, pandas_mb, ref_mb))


def bench_bursts(args):
    """bursts for every account of N accounts x 3 years of daily
    snapshots, then of M accounts x 90 days of hourly ones, against the
    same method in pandas and against a bare SELECT of the same rows
    (the limit), with each one's peak memory."""
    rows = args.burst_accounts * 1095
    db = os.path.join(args.out, 'bursts-%d.db' % args.burst_accounts)
    bursts_db(args, db, [str(rows), '1095'])
    bursts_lines(args, 'bursts, %d accounts x 3 years (%s rows)' % (
        args.burst_accounts, '{:,}'.format(rows)), db)
    if args.hourly_accounts <= 0:
        return
    rows = args.hourly_accounts * 90 * 24
    db = os.path.join(args.out, 'bursts-hourly-%d.db' % args.hourly_accounts)
    bursts_db(args, db, ['--hourly', str(rows), '90'])
    bursts_lines(args, 'bursts, %d accounts x 90 days hourly (%s rows)' % (
        args.hourly_accounts, '{:,}'.format(rows)), db)


def wall(argv, env=None):
    """Wall-clock seconds of one run of argv, its output discarded."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench_plot(args):
    """tideline plot growth on the sample, against gnuplot alone on the
    script and data files that tideline wrote for it."""
    db = os.path.join(args.out, 'plot-sample.db')
    fresh(db)
    for kind in ('followers', 'posts', 'metrics'):
        subprocess.run([args.tideline, '--db', db, 'import', kind,
                        os.path.join(ROOT, 'data', 'sample', kind + '.csv')],
                       check=True, stdout=subprocess.DEVNULL)
    png = os.path.join(args.out, 'plot-growth.png')
    argv = [args.tideline, '--db', db, 'plot', 'growth', '--as-of',
            '2026-10-31T12:00:00Z', '-o', png]
    env = {k: v for k, v in os.environ.items()
           if k not in ('TIDELINE_PLOT_KEEP', 'TIDELINE_PLOT_TIMEOUT')}
    kept_run = subprocess.run(argv, env=dict(env, TIDELINE_PLOT_KEEP='1'),
                              check=True, capture_output=True, text=True)
    kept = re.search(r'^tideline: kept (.+)$', kept_run.stderr,
                     re.M).group(1)
    # As tideline runs it (plot.c): -d, the script's own cd to the folder.
    gnuplot = [env.get('TIDELINE_GNUPLOT') or 'gnuplot', '-d',
               os.path.join(kept, 'chart.gp')]
    ours, ref = [], []
    wall(argv, env)             # both warmed: the binaries, the database
    wall(gnuplot, env)
    for _ in range(args.plot_runs):
        ours.append(wall(argv, env))
        ref.append(wall(gnuplot, env))
    shutil.rmtree(kept, ignore_errors=True)
    fresh(db)
    line('plot growth, sample (median of %d)' % args.plot_runs,
         statistics.median(ours), 'gnuplot on its script',
         statistics.median(ref), 'ms',
         statistics.median(o / r for o, r in zip(ours, ref)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--tideline', required=True)
    ap.add_argument('--out', default='bench-out')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--accounts', type=int, default=1000)
    ap.add_argument('--latency', type=int, default=20,
                    help='milliseconds the fake server adds per request')
    ap.add_argument('--jobs', type=int, default=16)
    ap.add_argument('--history-accounts', type=int, default=100)
    ap.add_argument('--history-posts', type=int, default=2000)
    ap.add_argument('--burst-accounts', type=int, default=10000)
    ap.add_argument('--hourly-accounts', type=int, default=1000,
                    help='accounts of the hourly bursts benchmark (0: none)')
    ap.add_argument('--census-followers', type=int, default=100000)
    ap.add_argument('--census-runs', type=int, default=5,
                    help='turns of tideline and curl in the census '
                    'benchmark')
    ap.add_argument('--plot-runs', type=int, default=41)
    ap.add_argument('--engager-posts', type=int, default=1000)
    ap.add_argument('--engager-likes', type=int, default=200)
    ap.add_argument('--engager-runs', type=int, default=3)
    ap.add_argument('--only', choices=('import', 'snapshot', 'history',
                                       'census', 'engagers', 'bursts',
                                       'plot'))
    ap.add_argument('rows', type=int, nargs='?', default=1_000_000)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.only in (None, 'import'):
        bench_import(args)
    if args.only in (None, 'snapshot'):
        bench_snapshot(args)
    if args.only in (None, 'snapshot', 'history'):
        bench_history(args)
    if args.only in (None, 'census'):
        bench_census(args)
    if args.only in (None, 'engagers'):
        bench_engagers(args)
    if args.only in (None, 'bursts'):
        bench_bursts(args)
    if args.only in (None, 'plot'):
        bench_plot(args)


if __name__ == '__main__':
    main()
