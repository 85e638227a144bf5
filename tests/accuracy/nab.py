#!/usr/bin/env python3
"""The burst detector on real labelled series: five of the Numenta
Anomaly Benchmark's realTweets (tweets mentioning a company, counted
every 5 minutes for about 55 days, with labelled anomaly windows).

Each series goes through `tideline import followers` as a cumulative
count (one snapshot every 5 minutes), then `tideline bursts --format
json`, and is scored at the event level as the data's README says: a
detection that overlaps a labelled window is a hit, a window hit by
several detections counts once, a detection overlapping no window is
a false positive.

The data is not part of the repository: it is read from DIR (default
../shared/data/nab-realtweets-train beside the checkout). When DIR does
not exist the script says so and exits 77, which meson counts as a
skip.

usage: nab.py --tideline PATH [--data DIR] [--floor F1] [--verbose]
"""
import argparse
import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
DEFAULT_DATA = os.path.join(os.path.dirname(ROOT), 'shared', 'data',
                            'nab-realtweets-train')
SKIP = 77


def utc(text):
    """NAB's '2015-03-03 04:37:53[.000000]', UTC."""
    return datetime.datetime.fromisoformat(text[:19]).replace(
        tzinfo=datetime.timezone.utc)


def iso(t):
    return t.strftime('%Y-%m-%dT%H:%M:%SZ')


def tideline(args, db, *argv):
    out = subprocess.run([args.tideline, '--db', db] + list(argv),
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit('tideline %s failed (exit %d): %s' %
                         (' '.join(argv), out.returncode, out.stderr))
    return out.stdout


def followers_csv(src, dst, handle):
    """The series as cumulative counts: the follower count at each step."""
    total = 0
    first = last = None
    with open(src, newline='') as f, open(dst, 'w', newline='') as out:
        w = csv.writer(out)
        w.writerow(['platform', 'handle', 'taken_at', 'followers'])
        for row in csv.DictReader(f):
            t = utc(row['timestamp'])
            total += int(row['value'])
            w.writerow(['mastodon', handle, iso(t), total])
            first = first or t
            last = t
    return first, last


def detections(args, db, until):
    out = tideline(args, db, 'bursts', '--format', 'json',
                   '--as-of', iso(until + datetime.timedelta(days=1)))
    return [(utc(b['start_time'].replace('T', ' ')),
             utc(b['end_time'].replace('T', ' ')))
            for b in json.loads(out)]


def score(found, windows):
    hits = sum(1 for s, e in found
               if any(s <= we and e >= ws for ws, we in windows))
    caught = sum(1 for ws, we in windows
                 if any(s <= we and e >= ws for s, e in found))
    return hits, caught


def f1(p, r):
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--tideline', required=True)
    ap.add_argument('--data', default=DEFAULT_DATA)
    ap.add_argument('--floor', type=float)
    ap.add_argument('--verbose', action='store_true')
    args = ap.parse_args()

    if not os.path.isdir(args.data):
        print('skipped: no NAB data at %s (it is not part of the '
              'repository)' % args.data)
        return SKIP
    with open(os.path.join(args.data, 'labels', 'windows.json')) as f:
        labels = json.load(f)
    work = tempfile.mkdtemp(prefix='tideline-nab-')
    total_found = total_hits = total_windows = total_caught = 0
    try:
        for key in sorted(labels):
            name = os.path.basename(key)
            src = os.path.join(args.data, 'data', name)
            windows = [(utc(a), utc(b)) for a, b in labels[key]]
            db = os.path.join(work, name + '.db')
            rows = os.path.join(work, name + '.followers.csv')
            handle = '%s@nab.example' % name[:-4].split('_')[-1].lower()
            _, last = followers_csv(src, rows, handle)
            tideline(args, db, 'import', 'followers', rows)
            found = detections(args, db, last)
            hits, caught = score(found, windows)
            total_found += len(found)
            total_hits += hits
            total_windows += len(windows)
            total_caught += caught
            p = hits / len(found) if found else 0.0
            r = caught / len(windows)
            print('%-26s detections %3d  hits %3d  windows %d  caught %d  '
                  'P %.2f R %.2f F1 %.2f' % (name, len(found), hits,
                                             len(windows), caught, p, r,
                                             f1(p, r)))
            if args.verbose:
                for s, e in found:
                    hit = any(s <= we and e >= ws for ws, we in windows)
                    print('    %s .. %s %s' % (iso(s), iso(e),
                                              'hit' if hit else ''))
    finally:
        shutil.rmtree(work)
    p = total_hits / total_found if total_found else 0.0
    r = total_caught / total_windows
    print('NAB realTweets, 5 series: detections %d, windows %d: '
          'precision %.3f, recall %.3f, F1 %.3f' %
          (total_found, total_windows, p, r, f1(p, r)))
    if args.floor is not None and f1(p, r) < args.floor:
        print('F1 %.3f is below the floor %.3f' % (f1(p, r), args.floor))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
