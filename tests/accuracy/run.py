#!/usr/bin/env python3
"""The analyzer's accuracy benchmark: simulated histories with known
truth (tests/sim/simulate.py) go through `tideline import`, are analysed
through the CLI's JSON, and are scored as analysis.md asks:

- bursts: a detection matches a true burst when the windows overlap,
  allowing one day either side; precision, recall and F1 over all
  accounts and seeds;
- attribution: the first-ranked post of a matched burst is the true cause
  or a post of its story (top-1);
- topics: every on-context tag indexed above every off-context tag (the
  strict test), and the on-context median above the off-context median;
- decay (when `tideline decay` exists): the error of the effective
  fraction after 30 and 90 silent days, and how often its 90% interval
  covers the truth.

usage: run.py --tideline PATH [--seeds N] [--first SEED]
              [--difficulty D ...] [--floors JSON]

Prints one line per figure. With --floors, exits 1 when a figure falls
below its floor (or, for the decay errors, rises above its ceiling): the
regression test in the suite runs it that way.
"""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SIMULATE = os.path.join(ROOT, 'tests', 'sim', 'simulate.py')
ONE_DAY = datetime.timedelta(days=1)


def day(text):
    return datetime.date.fromisoformat(text[:10])


def overlaps(found, true):
    return (found['account'] == true['account'] and
            day(found['start']) <= day(true['end']) + ONE_DAY and
            day(found['end']) >= day(true['start']) - ONE_DAY)


def tideline(args, db, *argv):
    out = subprocess.run([args.tideline, '--db', db] + list(argv),
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit('tideline %s failed: %s' % (' '.join(argv),
                                                     out.stderr))
    return out.stdout


def history(args, seed, difficulty, work):
    """Simulate, import; return (database, truth)."""
    out = os.path.join(work, 'h-%d-%g' % (seed, difficulty))
    subprocess.run([sys.executable, SIMULATE, '--seed', str(seed),
                    '--difficulty', str(difficulty), '--out', out],
                   check=True, stdout=subprocess.DEVNULL)
    db = os.path.join(out, 'tideline.db')
    for kind in ('followers', 'posts', 'metrics'):
        tideline(args, db, 'import', kind, os.path.join(out, kind + '.csv'))
    with open(os.path.join(out, 'truth.json')) as f:
        return db, json.load(f)


class Tally:
    def __init__(self):
        self.detections = self.hits = self.true = self.caught = 0
        self.matched = self.top1 = 0
        self.topic_accounts = self.topic_strict = self.topic_median = 0
        self.decay = []      # (days, error, covered)


def score_bursts(t, found, truth):
    true = truth['bursts']
    t.detections += len(found)
    t.hits += sum(1 for f in found if any(overlaps(f, b) for b in true))
    t.true += len(true)
    for b in true:
        match = [f for f in found if overlaps(f, b)]
        if not match:
            continue
        t.caught += 1
        if not match[0]['posts']:
            t.matched += 1
            continue
        story = {(p['account'], p['post_id']) for p in b.get('story', [])}
        story.add((b['cause']['account'], b['cause']['post_id']))
        top = match[0]['posts'][0]
        t.matched += 1
        t.top1 += (top['account'], top['post_id']) in story


def score_topics(t, rows, truth):
    for account, info in truth['accounts'].items():
        if account.startswith('rss:'):
            continue
        mine = {r['tag']: r['engagement_index'] for r in rows
                if r['account'] == account and
                r['engagement_index'] is not None}
        on = sorted(mine[x] for x in info['on_context'] if x in mine)
        off = sorted(mine[x] for x in info['off_context'] if x in mine)
        if not on or not off:
            continue
        t.topic_accounts += 1
        t.topic_strict += on[0] > off[-1]
        t.topic_median += on[len(on) // 2] > off[len(off) // 2]


def score_decay(t, rows, truth):
    for r in rows:
        info = truth['accounts'].get(r['account'])
        if not info or info.get('half_life_days') is None:
            continue
        h, fl = info['half_life_days'], info['floor']
        for point in r.get('curve') or []:
            if point['days'] not in (30, 90) or point['fraction'] is None:
                continue
            true = fl + (1 - fl) * 2 ** (-point['days'] / h)
            lo, hi = point['ci']
            t.decay.append((point['days'], abs(point['fraction'] - true),
                            lo <= true <= hi))


def figures(t):
    p = t.hits / t.detections if t.detections else 0
    r = t.caught / t.true if t.true else 0
    f = {
        'burst_precision': p,
        'burst_recall': r,
        'burst_f1': 2 * p * r / (p + r) if p + r else 0,
        'top1_attribution': t.top1 / t.matched if t.matched else 0,
        'topics_strict': (t.topic_strict / t.topic_accounts
                          if t.topic_accounts else 0),
        'topics_median': (t.topic_median / t.topic_accounts
                          if t.topic_accounts else 0),
    }
    for d in (30, 90):
        errs = [e for days, e, _ in t.decay if days == d]
        cov = [c for days, _, c in t.decay if days == d]
        if errs:
            f['decay_mae_%d' % d] = sum(errs) / len(errs)
            f['decay_coverage_%d' % d] = sum(cov) / len(cov)
    return f


def has_command(args, name):
    out = subprocess.run([args.tideline, 'help', name], capture_output=True)
    return out.returncode == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--tideline', required=True)
    ap.add_argument('--seeds', type=int, default=10)
    ap.add_argument('--first', type=int, default=1)
    ap.add_argument('--difficulty', type=float, nargs='+', default=[4, 8])
    ap.add_argument('--floors', help='JSON {figure: minimum}')
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix='tideline-accuracy-')
    tally = Tally()
    decay = has_command(args, 'decay')
    try:
        for seed in range(args.first, args.first + args.seeds):
            for d in args.difficulty:
                db, truth = history(args, seed, d, work)
                as_of = truth['as_of']
                score_bursts(tally, json.loads(tideline(
                    args, db, 'bursts', '--as-of', as_of, '-f', 'json')),
                    truth)
                score_topics(tally, json.loads(tideline(
                    args, db, 'topics', '--as-of', as_of, '-f', 'json')),
                    truth)
                if decay:
                    score_decay(tally, json.loads(tideline(
                        args, db, 'decay', '--as-of', as_of, '-f',
                        'json')), truth)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = figures(tally)
    print('%d seeds x difficulty %s: %d true bursts, %d detections'
          % (args.seeds, ' '.join('%g' % d for d in args.difficulty),
             tally.true, tally.detections))
    for name, value in result.items():
        print('%-20s %.3f' % (name, value))
    if args.floors:
        floors = json.loads(args.floors)
        # Errors (decay_mae_*) are ceilings; every other figure a floor.
        low = {k: v for k, v in floors.items()
               if (result.get(k, 1) > v if '_mae_' in k
                   else result.get(k, 0) < v)}
        if low:
            print('past the bound: %s' % ', '.join(
                '%s %.3f (bound %.3f)' % (k, result.get(k, 0), v)
                for k, v in low.items()))
            return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
