#!/usr/bin/env python3
"""tideline's burst method in pandas: the reference for the bursts benchmark.

usage: bursts_pandas.py DATABASE [--as-of TIME] [--since TIME]
                        [--chunk-rows N] [--out FILE]

It reads the follower snapshots of a tideline database and writes every
account's growth bursts as CSV (account_id, account, start, end, gained,
excess), found by the method of src/analyze/bursts.c, step for step:

  days      the last count of each UTC day stands for the day; a gain is
            the change since the previous observed day, its exposure the
            days it covers, its rate gain / exposure.
  weekday   per weekday, the median of single-day rates over the typical
            (median) single-day rate, if the weekday has 4 or more; kept
            within [0.5, 1.5], normalised to average 1.  A gain's factor
            is the mean factor of the days it covers; its adjusted rate
            is its rate over that factor.
  baseline  the median of the adjusted rates of the gains in the 27 days
            before the gain's day (days d with day - 28 < d < day: pandas'
            rolling('28D', closed='neither')); with fewer than 7 of them,
            the first 14 gains of the series other than the gain itself.
            The local MAD is that window's median absolute deviation from
            its median (a rolling .apply: pandas has no rolling MAD).
  expected  baseline * factor * exposure, at least 0.
  scale     1.4826 * max(local MAD, the series' MAD of adjusted rate -
            baseline) * factor * sqrt(exposure), floored at the negative-
            binomial sd sqrt(E + E^2 / k / exposure), E = max(expected, 1),
            1/k by trimmed moments over single-day gains with expected >= 1
            (0 below 30 of them).
  z         (gain - expected) / scale.
  bursts    a run of consecutive gains with z >= 1.5 (across gaps too)
            is a burst if one of its gains has z >= 6, or the summed
            excess of it and the next one or two gains of the run stands
            4.5 combined scales high.  A burst within two days of the
            previous one is joined to it if the joined window still has
            an excess of 3 followers (else the two stay apart, as a purge
            between them keeps them in tideline); bursts whose excess is
            below 3 followers are dropped.

On simulated histories (tests/sim) and on the benchmark's data it finds
the same bursts as `tideline bursts`, window for window, with the same
gained and excess.  Note the window: tideline's baseline takes the gains
before the gain's own with day > day - 28, which is closed='neither';
closed='left' would take in day - 28 as well.

Everything per gain is vectorised over all accounts of a chunk (groupby,
groupby().rolling()); only the rolling MAD and the few bursts' bookkeeping
run Python per item.  The rows are read in chunks of whole accounts, so
memory stays bounded by the chunk size, not by the database.

Standard library, numpy and pandas (Debian: python3-pandas).
"""
import argparse
import datetime
import sqlite3
import sys
import warnings

import numpy as np
import pandas as pd

DAY = 86400
TREND_DAYS = 28     # trailing window of the baseline
MIN_HISTORY = 7     # observations before the window is trusted
Z_OPEN = 4.5        # summed excess of the first days of a burst
Z_SPIKE = 6.0       # a lone day must stand out further
Z_EXTEND = 1.5
MIN_EXCESS = 3.0    # followers: below this, no burst

SERIES_SQL = ('SELECT account_id, taken_at, followers FROM follower_snapshots'
              ' WHERE followers IS NOT NULL AND taken_at >= ? AND'
              ' taken_at <= ? ORDER BY account_id, taken_at')


def iso_time(text):
    """'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SSZ' as the stored text form."""
    if len(text) == 10:
        text += 'T00:00:00Z'
    t = datetime.datetime.strptime(text, '%Y-%m-%dT%H:%M:%SZ')
    return t.strftime('%Y-%m-%dT%H:%M:%SZ')


def mad(window):
    """Median absolute deviation from the median of a raw rolling window.

    Medians by sorting: on windows of a few dozen values np.median's own
    overhead costs six times as much, for the same result."""
    s = np.sort(window)
    n = len(s)
    median = (s[(n - 1) // 2] + s[n // 2]) / 2
    d = np.sort(np.abs(s - median))
    return (d[(n - 1) // 2] + d[n // 2]) / 2


def read_accounts(con):
    """Account names by id, leaving out feeds (they have no followers)."""
    names = pd.read_sql_query(
        "SELECT id, account FROM account_names WHERE platform <> 'rss'", con)
    return dict(zip(names['id'], names['account']))


def read_chunks(con, since, until, chunk_rows):
    """Yield frames of whole accounts' snapshots, about chunk_rows each."""
    carry = None
    for chunk in pd.read_sql_query(SERIES_SQL, con, params=(since, until),
                                   chunksize=chunk_rows):
        if carry is not None:
            chunk = pd.concat([carry, chunk], ignore_index=True)
        # The last account may go on in the next chunk: hold it back.
        tail = chunk['account_id'].to_numpy() == chunk['account_id'].iat[-1]
        carry = chunk[tail]
        if not tail.all():
            yield chunk[~tail]
    if carry is not None and len(carry) > 0:
        yield carry


def daily_gains(rows):
    """The gains between the last counts of consecutive observed days."""
    t = pd.to_datetime(rows['taken_at'], format='%Y-%m-%dT%H:%M:%SZ',
                       errors='coerce')
    rows = rows.assign(t=t.to_numpy().view('int64') // 10**9)[t.notna()]
    rows = rows.assign(day=rows['t'] // DAY)
    # Only the day's last count stands for the day.
    rows = rows.drop_duplicates(['account_id', 'day'], keep='last')
    acct = rows['account_id']
    g = pd.DataFrame({
        'account_id': acct,
        'day': rows['day'],
        'exposure': rows['day'].diff(),
        'value': rows['followers'].diff(),
    })[acct == acct.shift()].reset_index(drop=True)
    g['exposure'] = g['exposure'].astype('int64')
    g['rate'] = g['value'] / g['exposure']
    return g


def weekday_factors(g):
    """An accounts x 7 frame of weekday factors (columns: day % 7)."""
    single = g[g['exposure'] == 1]
    typical = single.groupby('account_id')['rate'].median()
    typical = typical.reindex(g['account_id'].unique()).fillna(0)
    single = single.assign(
        ratio=single['rate'] / single['account_id'].map(typical),
        weekday=single['day'] % 7)
    single = single[single['account_id'].map(typical).to_numpy() > 0]
    by = single.groupby(['account_id', 'weekday'])['ratio']
    factor = by.median().where(by.count() >= 4, 1.0).clip(0.5, 1.5)
    factor = factor.unstack().reindex(index=typical.index,
                                      columns=range(7)).fillna(1.0)
    return factor.mul(7 / factor.sum(axis=1), axis=0)


def exposure_factor(g, factor):
    """Mean weekday factor over the days each gain covers."""
    f = factor.to_numpy()
    row = factor.index.get_indexer(g['account_id'])
    day = g['day'].to_numpy()
    exposure = g['exposure'].to_numpy()
    total = np.zeros(len(g))
    idx = np.arange(len(g))
    d = 0
    while len(idx) > 0:    # summed day by day, as tideline does
        total[idx] += f[row[idx], (day[idx] - d) % 7]
        d += 1
        idx = idx[exposure[idx] > d]
    return total / exposure


def fallback(g, rows):
    """Baseline and MAD of the early-series stand-in for the gains at
    'rows' (too little history): the first 14 gains other than the gain
    itself."""
    span = 2 * MIN_HISTORY
    pos = g['pos'].to_numpy()[rows]
    # The first span + 1 adjusted rates of each account, NaN-padded.
    first = g[g['pos'] <= span]
    head = first.pivot(index='account_id', columns='pos',
                       values='adjusted').reindex(columns=range(span + 1))
    m = head.reindex(g['account_id'].to_numpy()[rows]).to_numpy()
    r = np.arange(len(rows))
    inside = pos <= span
    m[r[inside], pos[inside]] = np.nan     # never the gain itself
    m[pos >= span, span] = np.nan          # at most 14 others
    with warnings.catch_warnings():     # all-NaN rows: a lone gain
        warnings.simplefilter('ignore', RuntimeWarning)
        trend = np.nanmedian(m, axis=1)
        local = np.nanmedian(np.abs(m - trend[:, None]), axis=1)
    # No other gain at all: no baseline.
    return np.nan_to_num(trend), np.nan_to_num(local)


def overdispersion(g):
    """1/k of a negative binomial per account, by trimmed moments."""
    e = g['expected']
    use = (g['exposure'] == 1) & (e >= 1)
    d = g['value'] - e
    x = pd.DataFrame({'account_id': g['account_id'],
                      'x': (d * d - e) / (e * e)})[use]
    x = x.sort_values(['account_id', 'x'], kind='stable')
    m = x.groupby('account_id')['x'].transform('size')
    keep = m - m // 10
    rank = x.groupby('account_id').cumcount()
    kept = x[rank < keep].groupby('account_id')['x']
    inv_k = kept.sum() / kept.size() * 2.0
    inv_k = inv_k.where(x.groupby('account_id').size() >= 30, 0.0)
    return inv_k.clip(lower=0)


def score(g):
    """Add expected, sd and z to every gain of g (sorted by account, day)."""
    factor = weekday_factors(g)
    ef = exposure_factor(g, factor)
    g['adjusted'] = g['rate'] / ef
    g['pos'] = g.groupby('account_id').cumcount()
    g['date'] = pd.to_datetime(g['day'] * DAY, unit='s')
    # The gains of the 27 days before each gain's day.
    window = g.groupby('account_id').rolling(
        '%dD' % TREND_DAYS, on='date', closed='neither')['adjusted']
    trend = window.median().to_numpy()
    local = window.apply(mad, raw=True).to_numpy()
    count = window.count().fillna(0).to_numpy()
    early = np.flatnonzero(count < MIN_HISTORY)
    trend[early], local[early] = fallback(g, early)
    exposure = g['exposure'].to_numpy()
    expected = trend * ef * exposure
    g['expected'] = np.where(expected < 0, 0, expected)
    # The series' own MAD of residuals: a quiet month is no yardstick.
    g['residual'] = (g['adjusted'] - trend).abs()
    overall = g.groupby('account_id')['residual'].transform('median')
    inv_k = g['account_id'].map(overdispersion(g)).fillna(0).to_numpy()
    scale = np.maximum(local, overall.to_numpy())
    sd = 1.4826 * scale * ef * np.sqrt(exposure)
    floor = np.maximum(g['expected'].to_numpy(), 1)
    floor = np.sqrt(floor + floor * floor * inv_k / exposure)
    g['sd'] = np.maximum(sd, floor)
    g['z'] = (g['value'] - g['expected']) / g['sd']
    return g


def openings(g):
    """Which gains start a burst, and the run of elevated gains of each."""
    acct = g['account_id']
    elevated = g['z'] >= Z_EXTEND
    # Consecutive elevated gains of an account make one run, across gaps
    # in the snapshots too, as in tideline.
    link = elevated & elevated.shift(fill_value=False) & \
        (acct == acct.shift())
    excess = g['value'] - g['expected']
    var = g['sd'] * g['sd']
    next1 = link.shift(-1, fill_value=False)
    next2 = next1 & link.shift(-2, fill_value=False)
    two = (excess + excess.shift(-1)) / np.sqrt(var + var.shift(-1))
    three = (excess + excess.shift(-1) + excess.shift(-2)) / \
        np.sqrt(var + var.shift(-1) + var.shift(-2))
    opens = elevated & ((g['z'] >= Z_SPIKE) | (next1 & (two >= Z_OPEN)) |
                        (next2 & (three >= Z_OPEN)))
    run = (~link).cumsum()
    return opens, run


def bursts(g):
    """The bursts of the scored gains g, as a list of output rows."""
    opens, run = openings(g)
    runs = pd.DataFrame({'run': run, 'opens': opens,
                         'i': np.arange(len(g))})[g['z'] >= Z_EXTEND]
    spans = runs.groupby('run').agg(a=('i', 'min'), b=('i', 'max'),
                                    opens=('opens', 'any'))
    spans = spans[spans['opens']]
    acct = g['account_id'].to_numpy()
    day = g['day'].to_numpy()
    exposure = g['exposure'].to_numpy()
    value = g['value'].to_numpy()
    expected = g['expected'].to_numpy()
    out = []
    last = None                 # (account, a, b) of the last burst kept
    for a, b in zip(spans['a'].to_numpy(), spans['b'].to_numpy()):
        if last is not None and last[0] != acct[a]:
            last = None
        # One quiet day between two bursts does not split them, if the
        # joined window still gains enough (else they stay apart).
        if last is not None and day[a] - day[last[2]] <= 2:
            joined = sum((value[last[1]:b + 1] -
                          expected[last[1]:b + 1]).tolist())
            if joined >= MIN_EXCESS:
                a = last[1]
                out[-1] = (acct[a], day[a] - (exposure[a] - 1), day[b],
                           sum(value[a:b + 1].tolist()), joined)
                last = (acct[a], a, b)
                continue
        gained = sum(value[a:b + 1].tolist())
        excess = sum((value[a:b + 1] - expected[a:b + 1]).tolist())
        if excess >= MIN_EXCESS:
            out.append((acct[a], day[a] - (exposure[a] - 1), day[b],
                        gained, excess))
            last = (acct[a], a, b)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('database')
    ap.add_argument('--as-of', help='the time to analyse up to (now)')
    ap.add_argument('--since', default='1970-01-01')
    ap.add_argument('--chunk-rows', type=int, default=500_000,
                    help='rows read at a time (whole accounts are kept)')
    ap.add_argument('--out', help='CSV file to write (standard output)')
    args = ap.parse_args()
    until = iso_time(args.as_of) if args.as_of else \
        datetime.datetime.now(datetime.timezone.utc).strftime(
            '%Y-%m-%dT%H:%M:%SZ')
    con = sqlite3.connect('file:%s?mode=ro' % args.database, uri=True)
    names = read_accounts(con)
    out = open(args.out, 'w') if args.out else sys.stdout
    out.write('account_id,account,start,end,gained,excess\n')
    for rows in read_chunks(con, iso_time(args.since), until,
                            args.chunk_rows):
        rows = rows[rows['account_id'].isin(names.keys())]
        g = daily_gains(rows)
        if len(g) == 0:
            continue
        found = bursts(score(g))
        for acct, start, end, gained, excess in found:
            out.write('%d,%s,%s,%s,%.0f,%.2f\n' % (
                acct, names[acct],
                np.datetime64(int(start), 'D'), np.datetime64(int(end), 'D'),
                gained, excess))
    out.flush()
    con.close()


if __name__ == '__main__':
    main()
