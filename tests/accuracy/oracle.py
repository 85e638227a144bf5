#!/usr/bin/env python3
"""The ceiling of burst detection on the accuracy benchmark's histories.

An oracle knows what tideline has to estimate: each day's true expected
gain and noise (tests/sim/simulate.py's lam_in, unfollows and noise_sd)
on every day, with no missed snapshots. It applies tideline's opening
rule (src/analyze/bursts.c: a lone day at Z_SPIKE, or the summed excess
of up to three elevated days at Z_OPEN; windows grown over days above
Z_EXTEND) and is scored like run.py (windows overlapping, one day of
slack). What it reaches is what the rule could reach with a perfect
baseline, so tideline's F1 should be read against it, not against 1.

With --tail nb, the scores are exact negative-binomial tail
probabilities turned into z (the noise's skew accounted for) instead of
(gain - mean) / sd.

usage: oracle.py [--seeds N] [--first SEED] [--difficulty D ...]
                 [--z-open Z] [--z-spike Z] [--tail normal|nb]
"""
import argparse
import math
import os
import sys
from statistics import NormalDist

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'sim'))
import simulate as S  # noqa: E402

Z_EXTEND = 1.5
OPEN_SPAN = 3
NORMAL = NormalDist()


def nb_z(gain, mean_in, shape, mean_out):
    """z of P(new - lost >= gain), new ~ NB(mean_in, shape), lost ~
    Poisson(mean_out), by summing the tails."""
    p = shape / (shape + mean_in)
    log_p, log_q = math.log(p), math.log1p(-p)

    def nb_sf(x):
        below = sum(math.exp(math.lgamma(n + shape) - math.lgamma(shape) -
                             math.lgamma(n + 1) + shape * log_p + n * log_q)
                    for n in range(max(0, x)))
        return max(0.0, 1.0 - below)

    top = int(mean_out + 10 * math.sqrt(mean_out + 1)) + 5
    tail = 0.0
    for j in range(top):
        pj = (math.exp(-mean_out + j * math.log(mean_out) -
                       math.lgamma(j + 1)) if mean_out > 0 else float(j == 0))
        tail += pj * nb_sf(gain + j)
    tail = min(max(tail, 1e-300), 1 - 1e-16)
    return -NORMAL.inv_cdf(tail)


def history(seed, difficulty):
    scen = S.random_scenario(seed, difficulty, '2024-11-01', 730)
    cal = S.make_calendar(scen)
    gaps, purges = S.plan_gaps(scen, cal), S.plan_purges(scen, cal)
    posts, ids, texts = S.make_posts(scen, cal)
    S.sort_posts(posts)
    bursts = S.plan_bursts(scen, cal, posts, purges, gaps)
    S.add_second_life_notes(scen, cal, posts, bursts, ids, texts)
    S.sort_posts(posts)
    S.size_bursts(scen, cal, bursts)
    return scen, cal, bursts, purges


def detect(args, scen, cal, spec, bursts, purges):
    series = S.simulate_followers(scen, cal, spec, bursts, purges)
    days = sorted(series.counts)[1:]
    gain = {d: series.counts[d] - series.counts[d - 1] for d in days}
    m_in = {d: S.lam_in(spec, cal, d) for d in days}
    m_out = {d: spec.unfollow_ratio * S.trend(spec, cal, d) for d in days}
    z = {d: (gain[d] - m_in[d] + m_out[d]) / S.noise_sd(spec, cal, d)
         for d in days}

    def score(span):
        g = sum(gain[d] for d in span)
        if args.tail == 'nb':
            return nb_z(g, sum(m_in[d] for d in span),
                        spec.nb_shape * len(span),
                        sum(m_out[d] for d in span))
        excess = sum(gain[d] - m_in[d] + m_out[d] for d in span)
        var = sum(S.noise_sd(spec, cal, d) ** 2 for d in span)
        return excess / math.sqrt(var)

    def opens(i):
        if z[days[i]] < Z_EXTEND:
            return False
        if score(days[i:i + 1]) >= args.z_spike:
            return True
        for j in range(i + 1, min(i + OPEN_SPAN, len(days))):
            if z[days[j]] < Z_EXTEND:
                return False
            if score(days[i:j + 1]) >= args.z_open:
                return True
        return False

    found, i = [], 0
    while i < len(days):
        if not opens(i):
            i += 1
            continue
        a = b = i
        while a > 0 and z[days[a - 1]] >= Z_EXTEND:
            a -= 1
        while b + 1 < len(days) and z[days[b + 1]] >= Z_EXTEND:
            b += 1
        found.append((spec.platform, days[a], days[b]))
        i = b + 1
    return found


def true_windows(bursts):
    """As truth.json: days whose expected extra is >= 10% of the peak."""
    out = []
    for b in bursts:
        top = max(b.expected.values())
        days = [d for d, e in b.expected.items() if e >= 0.1 * top]
        out.append((b.platform, min(days), max(days)))
    return out


def overlaps(f, t):
    return f[0] == t[0] and f[1] <= t[2] + 1 and f[2] >= t[1] - 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seeds', type=int, default=8)
    ap.add_argument('--first', type=int, default=1)
    ap.add_argument('--difficulty', type=float, nargs='+', default=[4, 8])
    ap.add_argument('--z-open', type=float, default=4.5)
    ap.add_argument('--z-spike', type=float, default=6.0)
    ap.add_argument('--tail', choices=('normal', 'nb'), default='normal')
    args = ap.parse_args()
    hits = detections = caught = total = 0
    for seed in range(args.first, args.first + args.seeds):
        for difficulty in args.difficulty:
            scen, cal, bursts, purges = history(seed, difficulty)
            found = []
            for spec in scen.accounts:
                found += detect(args, scen, cal, spec, bursts, purges)
            true = true_windows(bursts)
            detections += len(found)
            total += len(true)
            hits += sum(1 for f in found if any(overlaps(f, t) for t in true))
            caught += sum(1 for t in true if any(overlaps(f, t) for f in found))
    p = hits / detections if detections else 0
    r = caught / total if total else 0
    print('oracle (%s tail, open %g, spike %g): %d true bursts, %d '
          'detections' % (args.tail, args.z_open, args.z_spike, total,
                          detections))
    print('%-20s %.3f' % ('burst_precision', p))
    print('%-20s %.3f' % ('burst_recall', r))
    print('%-20s %.3f' % ('burst_f1', 2 * p * r / (p + r) if p + r else 0))


if __name__ == '__main__':
    main()
