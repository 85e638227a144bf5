#!/usr/bin/env python3
"""tideline's benchmarks, each against references measured in the same run.

import: `tideline import followers` of N rows, against sqlite3's own
`.import` of the same CSV into a plain table (the practical limit: no
parsing of times or counts, no keys) and against `sqlite-utils insert
--csv` (what a Python user would reach for). Wall-clock seconds, best of
a few runs; every run starts from a fresh database.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


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


def line(what, ours, ref_name, ref):
    print('%-36s tideline %7.2f s   %-26s %7.2f s   ratio %.2f'
          % (what, ours, ref_name, ref, ours / ref))
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
        print('%-36s (sqlite-utils not installed: apt-get install '
              'sqlite-utils)' % what)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--tideline', required=True)
    ap.add_argument('--out', default='bench-out')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('rows', type=int, nargs='?', default=1_000_000)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    bench_import(args)


if __name__ == '__main__':
    main()
