#!/usr/bin/env python3
"""tideline's burst method in pandas: the reference for the bursts benchmark.

usage: bursts_pandas.py DATABASE [--as-of TIME] [--since TIME]
                        [--chunk-rows N] [--out FILE]

It reads the follower snapshots of a tideline database and writes every
account's growth bursts as CSV (account_id, account, start, end,
start_time, end_time, gained, excess), found by the method of
src/analyze/bursts.c, step for step. Each series is read in steps of its
own cadence, as tideline reads it: the median time between its
snapshots decides. At 12 hours or more the steps are UTC days; below,
hours, or the first of 2, 3, 4, 6, 8 and 12 hours within a tenth of the
median when coarser. The daily method:

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
            an excess of 3 followers (else the two stay apart); bursts
            whose excess is below 3 followers are dropped.
  placing   a burst's start_time and end_time are its first and last
            gains' snapshots; with several snapshots a step, the
            snapshots where its gain above the baseline rate passes 5%
            and 95% of its climb (tideline's refine_times).

The hourly method (steps of an hour, or of the series' coarser cadence;
two steps are the join's distance, as two days are) differs where
tideline's does:

  typical   a trimmed mean, the largest fiftieth (n // 50 values) left
            out, wherever the daily method takes a median: the typical
            rate and the rhythm's factors, the trend, the early stand-in.
  rhythm    an hour-of-day factor per UTC hour (the ratios of single-step
            rates to the typical rate, 4 or more an hour, kept within
            [0.1, 4], normalised to average 1), then a weekday factor of
            what is left of the ratios (the rate over typical * its hour's
            factor, within [0.5, 1.5]); a step's rhythm is the product of
            its weekday's and its hour's factors, a gain's the mean over
            the steps it covers.
  baseline  the trimmed mean of the adjusted rates of the gains in the
            week before (168 hours, rolling('168h', closed='neither'):
            a rolling .apply, as pandas has no trimmed mean), the local
            MAD around that window's median; with fewer gains in it than
            a day has steps (24 hours), the mean of the first two days'
            gains (48 for hours) other than the gain itself, the MAD
            around that mean.
  tail      with 100 gains or more, the scale is widened so that the
            series' 95th percentile of z (the int(0.95 n)-th smallest) is
            1.645, if it is above.
  Poisson   a gain's z, and the z of the summed excess of an opening's
            first two or three gains, is at most the normal quantile of
            the Poisson upper tail P(X >= gain) of the expected gain
            (summed), below 50 followers expected.

On simulated histories (tests/sim) and on the benchmark's daily and
hourly data it finds the same bursts as `tideline bursts`, window for
window, with the same gained and excess.  Note the window: tideline's
baseline takes the gains before the gain's own with day > day - 28,
which is closed='neither'; closed='left' would take in day - 28 as well.

Everything per gain is vectorised over all accounts of a chunk (groupby,
groupby().rolling(), numpy over the Poisson tails); only the rolling MAD
and trimmed mean and the few bursts' bookkeeping run Python per item.
The rows are read in chunks of whole accounts, so memory stays bounded by
the chunk size, not by the database.  Exact counts only: tideline's
handling of rounded counts (YouTube's) is not reproduced.

Standard library, numpy and pandas (Debian: python3-pandas).
"""
import argparse
import datetime
import math
import sqlite3
import sys
import warnings

import numpy as np
import pandas as pd

DAY = 86400
HOUR = 3600
TREND_DAYS = 28     # trailing window of the baseline
TREND_HOURS = 168   # ... of an hourly one
MIN_HISTORY = 7     # observations before the window is trusted
Z_OPEN = 4.5        # summed excess of the first days of a burst
Z_SPIKE = 6.0       # a lone day must stand out further
Z_EXTEND = 1.5
JOIN_STEPS = 2      # bursts this close are one
MIN_EXCESS = 3.0    # followers: below this, no burst
STEPS = (HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR, 6 * HOUR, 8 * HOUR, 12 * HOUR)
TAIL_QUANTILE = 0.95    # hours: the scores' quantile ...
TAIL_NORMAL = 1.645     # ... held to a normal one's
TAIL_MIN = 100          # gains before the tail is judged
POISSON_MAX = 50        # hours: a Poisson tail below this

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


def trimmed(window):
    """The mean of a raw rolling window without its largest fiftieth."""
    n = len(window)
    keep = n - n // 50
    return np.sort(window)[:keep].sum() / keep


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


def parse_times(rows):
    """The rows whose time parses, with it in seconds (t)."""
    t = pd.to_datetime(rows['taken_at'], format='%Y-%m-%dT%H:%M:%SZ',
                       errors='coerce')
    rows = rows.assign(t=t.to_numpy().view('int64') // 10**9)[t.notna()]
    return rows.reset_index(drop=True)


def cadences(rows):
    """Each account's step in seconds, as choose_cadence picks it: from
    the median of the positive times between its snapshots."""
    acct = rows['account_id']
    d = rows['t'].diff()
    d = d[(acct == acct.shift()) & (d > 0)]
    spacing = d.groupby(acct[d.index]).median()
    spacing = spacing.reindex(acct.unique()).fillna(DAY)
    step = pd.Series(DAY, index=spacing.index)
    # The first step within a tenth of the spacing, coarsest last.
    for s in reversed(STEPS):
        step[(spacing < DAY / 2) & (spacing <= s * 1.1)] = s
    return step


def step_gains(rows, seconds):
    """The gains between the last counts of consecutive observed steps."""
    rows = rows.assign(step=rows['t'] // seconds)
    # Only the step's last count stands for the step.
    rows = rows.drop_duplicates(['account_id', 'step'], keep='last')
    acct = rows['account_id']
    g = pd.DataFrame({
        'account_id': acct,
        'step': rows['step'],
        't': rows['t'],
        'exposure': rows['step'].diff(),
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
        weekday=single['step'] % 7)
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
    day = g['step'].to_numpy()
    exposure = g['exposure'].to_numpy()
    total = np.zeros(len(g))
    idx = np.arange(len(g))
    d = 0
    while len(idx) > 0:    # summed day by day, as tideline does
        total[idx] += f[row[idx], (day[idx] - d) % 7]
        d += 1
        idx = idx[exposure[idx] > d]
    return total / exposure


def fallback(g, rows, span, typical):
    """Baseline and MAD of the early-series stand-in for the gains at
    'rows' (too little history): the first 'span' gains other than the
    gain itself; typical(matrix) is the method's typical value of each
    row (NaN-padded), and the MAD is taken around it."""
    pos = g['pos'].to_numpy()[rows]
    # The first span + 1 adjusted rates of each account, NaN-padded.
    first = g[g['pos'] <= span]
    head = first.pivot(index='account_id', columns='pos',
                       values='adjusted').reindex(columns=range(span + 1))
    m = head.reindex(g['account_id'].to_numpy()[rows]).to_numpy()
    r = np.arange(len(rows))
    inside = pos <= span
    m[r[inside], pos[inside]] = np.nan     # never the gain itself
    m[pos >= span, span] = np.nan          # at most span others
    with warnings.catch_warnings():     # all-NaN rows: a lone gain
        warnings.simplefilter('ignore', RuntimeWarning)
        trend = typical(m)
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


def scale_and_z(g, trend, local, ef):
    """expected, sd and z of every gain from its trend, local MAD and
    rhythm factor: the parts the daily and hourly methods share."""
    exposure = g['exposure'].to_numpy()
    expected = trend * ef * exposure
    g['expected'] = np.where(expected < 0, 0, expected)
    # The series' own MAD of residuals: a quiet month is no yardstick.
    g['residual'] = np.abs(g['value'].to_numpy() / (ef * exposure) - trend)
    overall = g.groupby('account_id')['residual'].transform('median')
    inv_k = g['account_id'].map(overdispersion(g)).fillna(0).to_numpy()
    scale = np.maximum(local, overall.to_numpy())
    sd = 1.4826 * scale * ef * np.sqrt(exposure)
    floor = np.maximum(g['expected'].to_numpy(), 1)
    floor = np.sqrt(floor + floor * floor * inv_k / exposure)
    g['sd'] = np.maximum(sd, floor)
    g['z'] = (g['value'] - g['expected']) / g['sd']
    return g


def score(g):
    """Add expected, sd and z to every gain of g (sorted by account, day)."""
    factor = weekday_factors(g)
    ef = exposure_factor(g, factor)
    g['adjusted'] = g['rate'] / ef
    g['pos'] = g.groupby('account_id').cumcount()
    g['date'] = pd.to_datetime(g['step'] * DAY, unit='s')
    # The gains of the 27 days before each gain's day.
    window = g.groupby('account_id').rolling(
        '%dD' % TREND_DAYS, on='date', closed='neither')['adjusted']
    trend = window.median().to_numpy()
    local = window.apply(mad, raw=True).to_numpy()
    count = window.count().fillna(0).to_numpy()
    early = np.flatnonzero(count < MIN_HISTORY)
    trend[early], local[early] = fallback(
        g, early, 2 * MIN_HISTORY, lambda m: np.nanmedian(m, axis=1))
    return scale_and_z(g, trend, local, ef)


def grouped_trimmed_mean(frame, keys, column):
    """Per group of keys, the mean of column without its largest n // 50
    values, and the group's size."""
    frame = frame.sort_values(keys + [column], kind='stable')
    size = frame.groupby(keys)[column].transform('size').to_numpy()
    rank = frame.groupby(keys).cumcount().to_numpy()
    kept = frame[rank < size - size // 50].groupby(keys)[column]
    return kept.sum() / kept.size(), frame.groupby(keys).size()


def slot_factors(single, slot, nslots, lo, hi, accounts):
    """An accounts x nslots array of factors: the trimmed mean of the
    'ratio' of single-step gains of each slot that has 4 or more (else
    1), kept within [lo, hi] and normalised to average 1."""
    mean, count = grouped_trimmed_mean(single, ['account_id', slot], 'ratio')
    factor = mean.where(count >= 4, 1.0).clip(lo, hi)
    factor = factor.unstack().reindex(index=accounts,
                                      columns=range(nslots)).fillna(1.0)
    f = factor.to_numpy()
    total = f[:, 0].copy()
    for s in range(1, nslots):     # summed slot by slot, as tideline does
        total += f[:, s]
    return f * (nslots / total)[:, None]


def rhythm(g, seconds):
    """The hour-of-day (accounts x 24) and weekday (accounts x 7) factors
    of an hourly series, and each account's row in them."""
    accounts = g['account_id'].unique()
    t = g['step'].to_numpy() * seconds
    g['hour'] = (t % DAY) // HOUR
    g['weekday'] = (t // DAY) % 7
    single = g[g['exposure'] == 1]
    usual, _ = grouped_trimmed_mean(single, ['account_id'], 'rate')
    usual = usual.reindex(accounts).fillna(0)
    # No typical rate: no rhythm.
    single = single[single['account_id'].map(usual).to_numpy() > 0]
    row = pd.Index(accounts).get_indexer(single['account_id'])
    u = usual.to_numpy()[row]
    single = single.assign(ratio=single['rate'].to_numpy() / u)
    hour = slot_factors(single, 'hour', 24, 0.1, 4, accounts)
    single = single.assign(ratio=single['rate'].to_numpy() /
                           (u * hour[row, single['hour'].to_numpy()]))
    weekday = slot_factors(single, 'weekday', 7, 0.5, 1.5, accounts)
    return hour, weekday, pd.Index(accounts).get_indexer(g['account_id'])


def hourly_exposure_factor(g, seconds, hour, weekday, row):
    """Mean rhythm factor (weekday times hour) over the steps each gain
    covers."""
    step = g['step'].to_numpy()
    exposure = g['exposure'].to_numpy()
    total = np.zeros(len(g))
    idx = np.arange(len(g))
    d = 0
    while len(idx) > 0:    # summed step by step, as tideline does
        t = (step[idx] - d) * seconds
        total[idx] += weekday[row[idx], (t // DAY) % 7] * \
            hour[row[idx], (t % DAY) // HOUR]
        d += 1
        idx = idx[exposure[idx] > d]
    return total / exposure


LGAMMA = np.array([0.0])


def lgamma1(x):
    """lgamma(x + 1) of non-negative integers x, from a table."""
    global LGAMMA
    top = int(x.max()) + 1 if len(x) else 0
    if top >= len(LGAMMA):
        LGAMMA = np.array([math.lgamma(k + 1) for k in range(top + 1)])
    return LGAMMA[x.astype('int64')]


def poisson_log_upper(x, mu):
    """log P(X >= x) for X Poisson with mean mu > 0 (x > 0 integers), as
    stats_poisson_log_upper sums it: the terms from x up relative to the
    first, or near the mean 1 less the lower terms."""
    out = np.zeros(len(x))
    far = np.flatnonzero(x > mu + 1)
    xf, mf = x[far], mu[far]
    term = np.ones(len(far))
    total = np.ones(len(far))
    j = xf + 1
    on = np.arange(len(far))
    while len(on) > 0:
        term[on] *= mf[on] / j[on]
        total[on] += term[on]
        j[on] += 1
        on = on[(term[on] > 1e-17 * total[on]) & (j[on] < xf[on] + 10000)]
    out[far] = -mf + xf * np.log(mf) - lgamma1(xf) + np.log(total)
    near = np.flatnonzero(x <= mu + 1)
    xn, mn = x[near], mu[near]
    total = np.zeros(len(near))
    term = np.exp(-mn)
    on = np.arange(len(near))
    j = 0
    while len(on) > 0:
        total[on] += term[on]
        term[on] *= mn[on] / (j + 1)
        j += 1
        on = on[j < xn[on]]
    with np.errstate(divide='ignore'):
        out[near] = np.where(total < 1, np.log1p(-np.minimum(total, 1)),
                             -np.inf)
    return out


ACKLAM_A = (-3.969683028665376e+01, 2.209460984245205e+02,
            -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00)
ACKLAM_B = (-5.447609879822406e+01, 1.615858368580409e+02,
            -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01)
ACKLAM_C = (-7.784894002430293e-03, -3.223964580411365e-01,
            -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00)
ACKLAM_D = (7.784695709041462e-03, 3.224671290700398e-01,
            2.445134137142996e+00, 3.754408661907416e+00)


def tail_ratio(q):
    """Acklam's tail polynomial ratio, as stats_normal_upper has it."""
    c, d = ACKLAM_C, ACKLAM_D
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q +
            c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)


def normal_upper(log_p):
    """The z with P(Z >= z) = p, from log p (stats_normal_upper: Acklam's
    approximation)."""
    a, b = ACKLAM_A, ACKLAM_B
    out = np.full(len(log_p), -np.inf)
    p = np.exp(np.minimum(log_p, 0))
    lower = (log_p < 0) & (p > 0.97575)
    out[lower] = tail_ratio(np.sqrt(-2 * np.log1p(-p[lower])))
    mid = (log_p < 0) & (p <= 0.97575) & (p >= 0.02425)
    q = 0.5 - p[mid]
    r = q * q
    out[mid] = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) *
                r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r +
                                   b[3]) * r + b[4]) * r + 1)
    upper = (log_p < 0) & (p < 0.02425)
    out[upper] = -tail_ratio(np.sqrt(-2 * log_p[upper]))
    return out


def count_z(counted, expected):
    """The highest z a gain of 'counted' may have where 'expected' is
    expected: the Poisson tail's, below POISSON_MAX expected; else (and
    for gains not above expected) no limit."""
    z = np.full(len(counted), np.inf)
    use = np.flatnonzero((expected < POISSON_MAX) & (counted > expected))
    x = np.floor(counted[use] + 0.5)
    mu = np.maximum(expected[use], 1e-3)
    z[use] = normal_upper(poisson_log_upper(x, mu))
    return z


def score_hourly(g, seconds):
    """Add expected, sd and z to every gain of g (sorted by account,
    step), by the hourly method in steps of 'seconds'."""
    per_day = DAY // seconds
    hour, weekday, row = rhythm(g, seconds)
    ef = hourly_exposure_factor(g, seconds, hour, weekday, row)
    g['adjusted'] = g['rate'] / ef
    g['pos'] = g.groupby('account_id').cumcount()
    g['date'] = pd.to_datetime(g['step'] * seconds, unit='s')
    # The gains of the 167 hours before each gain's step.
    window = g.groupby('account_id').rolling(
        '%dh' % TREND_HOURS, on='date', closed='neither')['adjusted']
    count = window.count().fillna(0).to_numpy()
    trend = window.apply(trimmed, raw=True).to_numpy()
    local = window.apply(mad, raw=True).to_numpy()
    early = np.flatnonzero(count < per_day)
    # The stand-in has fewer than 50 gains: its trimmed mean is a mean.
    trend[early], local[early] = fallback(
        g, early, 2 * per_day, lambda m: np.nanmean(m, axis=1))
    g = scale_and_z(g, trend, local, ef)
    # The scale widened to the series' own tail: each account's
    # int(0.95 n)-th smallest z, its gains being rows start .. start + n.
    z = g['z'].to_numpy()
    acct = g['account_id'].to_numpy()
    n = g.groupby('account_id')['z'].transform('size').to_numpy()
    start = np.arange(len(g)) - g['pos'].to_numpy()
    ordered = z[np.lexsort((z, acct))]
    t = ordered[start + (TAIL_QUANTILE * n).astype('int64')] / TAIL_NORMAL
    t = np.where((n >= TAIL_MIN) & (t > 1), t, 1.0)
    z = z / t
    g['sd'] = g['sd'] * t
    # fmin, as tideline's: a NaN limit is none.
    g['z'] = np.fmin(z, count_z(g['value'].to_numpy(),
                                g['expected'].to_numpy()))
    return g


def openings(g, hourly):
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
    if hourly:
        # The summed gains held to their Poisson tail too.
        value, expected = g['value'], g['expected']
        for summed, n, on in ((two, 2, elevated & next1),
                              (three, 3, elevated & next2)):
            at = np.flatnonzero(on.to_numpy())
            counted = value.to_numpy()[at].copy()
            span = expected.to_numpy()[at].copy()
            for d in range(1, n):
                counted += value.to_numpy()[at + d]
                span += expected.to_numpy()[at + d]
            summed.iloc[at] = np.fmin(summed.to_numpy()[at],
                                      count_z(counted, span))
    opens = elevated & ((g['z'] >= Z_SPIKE) | (next1 & (two >= Z_OPEN)) |
                        (next2 & (three >= Z_OPEN)))
    run = (~link).cumsum()
    return opens, run


def place(t, followers, first, last, baseline_per_day, seconds, a_step,
          b_step):
    """start_time and end_time of a burst whose gains cover steps a_step
    to b_step, from one account's snapshots (times t, counts followers)
    as tideline's refine_times places it; (first, last) are its first
    and last gains' snapshot times, kept with one snapshot a step."""
    frm = max(int(np.searchsorted(t, a_step * seconds - 1, 'right')) - 1, 0)
    to = max(int(np.searchsorted(t, last, 'right')) - 1, 0)
    if to - frm <= b_step - a_step + 1:
        return first, last
    rate = baseline_per_day / DAY
    e = (followers[frm:to + 1] - followers[frm]) - rate * (t[frm:to + 1] -
                                                            t[frm])
    e[0] = 0.0
    high = int(np.argmax(e))        # the first of the highest
    if e[high] <= 0:
        high = 0
    if high == 0:
        return first, last
    # The last of the lowest before it (e[0] is 0: never above 0).
    low = int(np.flatnonzero(e[:high] <= e[:high].min())[-1])
    if high <= low:
        return first, last
    climb = e[high] - e[low]
    k = low + 1
    while k < high and e[k] - e[low] < 0.05 * climb:
        k += 1
    start = t[frm + k]
    while k < high and e[k] - e[low] < 0.95 * climb:
        k += 1
    return start, t[frm + k]


def bursts(g, seconds, points):
    """The bursts of the scored gains g, as a list of output rows; points
    is the chunk's snapshots (account_id, t, followers) in order."""
    opens, run = openings(g, seconds < DAY)
    runs = pd.DataFrame({'run': run, 'opens': opens,
                         'i': np.arange(len(g))})[g['z'] >= Z_EXTEND]
    spans = runs.groupby('run').agg(a=('i', 'min'), b=('i', 'max'),
                                    opens=('opens', 'any'))
    spans = spans[spans['opens']]
    acct = g['account_id'].to_numpy()
    step = g['step'].to_numpy()
    t = g['t'].to_numpy()
    exposure = g['exposure'].to_numpy()
    value = g['value'].to_numpy()
    expected = g['expected'].to_numpy()
    found = []
    last = None                 # (account, a, b) of the last burst kept
    for a, b in zip(spans['a'].to_numpy(), spans['b'].to_numpy()):
        if last is not None and last[0] != acct[a]:
            last = None
        # One quiet step between two bursts does not split them, if the
        # joined window still gains enough.
        if last is not None and step[a] - step[last[2]] <= JOIN_STEPS:
            joined = sum((value[last[1]:b + 1] -
                          expected[last[1]:b + 1]).tolist())
            if joined >= MIN_EXCESS:
                found[-1] = (acct[a], last[1], b)
                last = (acct[a], last[1], b)
                continue
        excess = sum((value[a:b + 1] - expected[a:b + 1]).tolist())
        if excess >= MIN_EXCESS:
            found.append((acct[a], a, b))
            last = (acct[a], a, b)
    per_day = DAY // seconds
    pa = points['account_id'].to_numpy()
    pt = points['t'].to_numpy()
    pf = points['followers'].to_numpy().astype('float64')
    out = []
    for account, a, b in found:
        lo, hi = np.searchsorted(pa, [account, account + 1])
        first_step = step[a] - (exposure[a] - 1)
        baseline = sum(expected[a:b + 1].tolist()) / \
            exposure[a:b + 1].sum() * per_day
        start, end = place(pt[lo:hi], pf[lo:hi], t[a], t[b], baseline,
                           seconds, first_step, step[b])
        out.append((account, first_step * seconds // DAY,
                    step[b] * seconds // DAY, start, end,
                    sum(value[a:b + 1].tolist()),
                    sum((value[a:b + 1] - expected[a:b + 1]).tolist())))
    return out


def chunk_bursts(rows):
    """The bursts of a chunk of whole accounts' snapshots, each account
    by the method of its cadence, in account order."""
    rows = parse_times(rows)
    step = cadences(rows)
    every = rows['account_id'].map(step).to_numpy()
    found = []
    for seconds in np.unique(every):
        part = rows[every == seconds].reset_index(drop=True)
        g = step_gains(part, int(seconds))
        if len(g) == 0:
            continue
        g = score(g) if seconds == DAY else score_hourly(g, int(seconds))
        found += bursts(g, int(seconds), part)
    found.sort(key=lambda b: (b[0], b[1], b[3]))
    return found


def time_text(t):
    return datetime.datetime.fromtimestamp(
        int(t), datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


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
    out.write('account_id,account,start,end,start_time,end_time,gained,'
              'excess\n')
    for rows in read_chunks(con, iso_time(args.since), until,
                            args.chunk_rows):
        rows = rows[rows['account_id'].isin(names.keys())]
        if len(rows) == 0:
            continue
        for acct, start, end, t0, t1, gained, excess in chunk_bursts(rows):
            out.write('%d,%s,%s,%s,%s,%s,%.0f,%.2f\n' % (
                acct, names[acct],
                np.datetime64(int(start), 'D'), np.datetime64(int(end), 'D'),
                time_text(t0), time_text(t1), gained, excess))
    out.flush()
    con.close()


if __name__ == '__main__':
    main()
