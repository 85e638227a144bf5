#!/usr/bin/env python3
"""The decay models' comparison on simulated histories of both mechanisms
(tests/sim/simulate.py --mechanism reach|inactivity), imported and
analysed through `tideline decay`'s JSON, and scored:

- choice: per account, whether the model `decay` used (`model`) is the
  mechanism that made the history (used_*), and how often it was chosen
  for a clearly lower held-out error rather than kept by default
  (clear_*); wrong_clear_* counts a clear choice of the other model;
- the effective fraction now (`effective_fraction`, the chosen model's)
  against the truth: under reach floor + (1 - floor) 2^(-days / h) at
  the account's days of silence, under inactivity the true active share
  of the followers at the as-of time; mae_now_*_after is its mean
  absolute error, mae_now_*_before that of the reach model's fraction
  (the `models` entry), which is what `decay` reported before it had a
  choice; mae_now_*_when_used the error over the accounts where the true
  mechanism's model was used; coverage_now_* how often the chosen 90%
  interval holds the truth.

usage: models.py --tideline PATH [--seeds N] [--first SEED]
                 [--difficulty D] [--floors JSON] [--verbose]

With --floors, exits 1 when a figure falls below its floor (or, for the
errors, mae_* and wrong_*, rises above its ceiling).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SIMULATE = os.path.join(ROOT, 'tests', 'sim', 'simulate.py')
MECHANISMS = ('reach', 'inactivity')


def tideline(args, db, *argv):
    out = subprocess.run([args.tideline, '--db', db] + list(argv),
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit('tideline %s failed: %s' % (' '.join(argv),
                                                     out.stderr))
    return out.stdout


def history(args, seed, mechanism, work):
    out = os.path.join(work, 'h-%d-%s' % (seed, mechanism))
    subprocess.run([sys.executable, SIMULATE, '--seed', str(seed),
                    '--difficulty', str(args.difficulty), '--mechanism',
                    mechanism, '--out', out],
                   check=True, stdout=subprocess.DEVNULL)
    db = os.path.join(out, 'tideline.db')
    for kind in ('followers', 'posts', 'metrics'):
        tideline(args, db, 'import', kind, os.path.join(out, kind + '.csv'))
    with open(os.path.join(out, 'truth.json')) as f:
        return db, json.load(f)


def true_fraction(info, row):
    """The truth the effective fraction now is held against."""
    if info.get('mechanism') == 'inactivity':
        return info['active_fraction_as_of']
    if row['days_inactive'] is None:
        return None
    h, fl = info['half_life_days'], info['floor']
    return fl + (1 - fl) * 2 ** (-row['days_inactive'] / h)


def score(tally, mechanism, rows, truth, verbose, seed):
    for r in rows:
        info = truth['accounts'].get(r['account'])
        if not info or r['model'] is None:
            continue
        t = true_fraction(info, r)
        if t is None:
            continue
        reach = next(m for m in r['models'] if m['name'] == 'reach')
        cmp = r['model_comparison']
        row = {
            'used': r['model'] == mechanism,
            'clear': cmp['clear'],
            'wrong_clear': cmp['clear'] and r['model'] != mechanism,
            'after': abs(r['effective_fraction'] - t),
            'before': (abs(reach['effective_fraction'] - t)
                       if reach['effective_fraction'] is not None
                       else None),
            'covered': (r['effective_fraction_ci'][0] <= t <=
                        r['effective_fraction_ci'][1]),
        }
        tally[mechanism].append(row)
        if verbose:
            print('  seed %d %-10s %-34s model %-10s t %6s  now %.3f '
                  '(%.3f-%.3f) true %.3f  reach %s'
                  % (seed, mechanism, r['account'], r['model'],
                     cmp['heldout_t'], r['effective_fraction'],
                     r['effective_fraction_ci'][0],
                     r['effective_fraction_ci'][1], t,
                     reach['effective_fraction']))


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else float('nan')


def figures(tally):
    f = {}
    for m in MECHANISMS:
        rows = tally[m]
        if not rows:
            continue
        f['used_%s' % m] = mean([r['used'] for r in rows])
        f['clear_%s' % m] = mean([r['clear'] and r['used'] for r in rows])
        f['wrong_clear_%s' % m] = mean([r['wrong_clear'] for r in rows])
        f['mae_now_%s_before' % m] = mean([r['before'] for r in rows])
        f['mae_now_%s_after' % m] = mean([r['after'] for r in rows])
        f['mae_now_%s_when_used' % m] = mean([r['after'] for r in rows
                                              if r['used']])
        f['coverage_now_%s' % m] = mean([r['covered'] for r in rows])
    return f


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--tideline', required=True)
    ap.add_argument('--seeds', type=int, default=8)
    ap.add_argument('--first', type=int, default=1)
    ap.add_argument('--difficulty', type=float, default=8)
    ap.add_argument('--floors', help='JSON {figure: bound}')
    ap.add_argument('--verbose', action='store_true')
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix='tideline-models-')
    tally = {m: [] for m in MECHANISMS}
    try:
        for seed in range(args.first, args.first + args.seeds):
            for m in MECHANISMS:
                db, truth = history(args, seed, m, work)
                rows = json.loads(tideline(args, db, 'decay', '--as-of',
                                           truth['as_of'], '-f', 'json'))
                score(tally, m, rows, truth, args.verbose, seed)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = figures(tally)
    print('%d seeds x mechanisms %s, difficulty %g: %s accounts with an '
          'estimate' % (args.seeds, ' '.join(MECHANISMS), args.difficulty,
                        ' + '.join(str(len(tally[m])) for m in MECHANISMS)))
    for name, value in result.items():
        print('%-26s %.3f' % (name, value))
    if args.floors:
        floors = json.loads(args.floors)
        # Errors (mae_*, wrong_*) are ceilings; every other figure a floor.
        past = {k: v for k, v in floors.items()
                if (result.get(k, 1) > v
                    if k.startswith(('mae_', 'wrong_'))
                    else result.get(k, 0) < v)}
        if past:
            print('past the bound: %s' % ', '.join(
                '%s %.3f (bound %.3f)' % (k, result.get(k, 0), v)
                for k, v in past.items()))
            return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
