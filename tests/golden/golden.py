#!/usr/bin/env python3
"""The analyses' outputs, byte for byte, against the ones recorded in
tests/golden/expected/: what a refactoring must not change.

usage: golden.py --list
       golden.py CASE [--update]      (CASE from --list)

Each case builds a database from the bundled sample or from a simulated
history (tests/sim/simulate.py, deterministic per seed), then runs
`bursts`, `decay` and `topics` in every format, `report` as JSON, text
and Markdown, and (the plots-* cases) each chart with TIDELINE_PLOT_KEEP,
comparing the gnuplot script and data files tideline wrote. A difference
fails with the first differing line. `--update` rewrites the expected
files instead: do that only for a change of output that is meant, and
say so in the commit.
"""
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXPECTED = os.path.join(HERE, 'expected')

# name: (history, as-of)
HISTORIES = {
    'sample': ('sample', '2026-10-31T12:00:00Z'),
    'sim-s3-d4': (('3', '4'), '2026-11-01T12:00:00Z'),
    'sim-s7-d8': (('7', '8'), '2026-11-01T12:00:00Z'),
    'sim-s11-d6': (('11', '6'), '2026-11-01T12:00:00Z'),
}
ANALYSES = [
    ('bursts', 'json'), ('bursts', 'text'), ('bursts', 'csv'),
    ('decay', 'json'), ('decay', 'text'), ('decay', 'csv'),
    ('topics', 'json'), ('topics', 'text'), ('topics', 'csv'),
    ('report', 'json'), ('report', 'text'), ('report', 'markdown'),
]
CHARTS = ['growth', 'decay', 'topics', 'engagement', 'audience']


def cases():
    names = []
    for h in HISTORIES:
        names.append('analyses-' + h)
    for h in ('sample', 'sim-s7-d8'):
        names.append('plots-' + h)
    return names


def binary():
    path = os.environ.get('TIDELINE_BIN')
    if not path:
        default = os.path.join(ROOT, 'build', 'src', 'tideline')
        if os.path.exists(default):
            return default
        sys.exit('TIDELINE_BIN is not set (run through meson test)')
    return path


def run(args, env, **kw):
    proc = subprocess.run(args, env=env, capture_output=True, **kw)
    if proc.returncode != 0:
        sys.exit('%s: exit %d\n%s' % (' '.join(args), proc.returncode,
                                      proc.stderr.decode(errors='replace')))
    return proc


def build_db(work, history, env):
    db = os.path.join(work, 'tideline.db')
    if history == 'sample':
        src = os.path.join(ROOT, 'data', 'sample')
    else:
        seed, difficulty = history
        src = os.path.join(work, 'history')
        run([sys.executable, os.path.join(ROOT, 'tests', 'sim',
                                          'simulate.py'),
             '--seed', seed, '--difficulty', difficulty, '--out', src], env)
    for kind in ('followers', 'posts', 'metrics'):
        run([binary(), '--db', db, 'import', kind,
             os.path.join(src, kind + '.csv')], env)
    return db


def outputs_analyses(db, as_of, env):
    out = {}
    for command, fmt in ANALYSES:
        proc = run([binary(), '--db', db, command, '--as-of', as_of,
                    '--format', fmt], env)
        ext = {'text': 'txt', 'markdown': 'md'}.get(fmt, fmt)
        out['%s.%s' % (command, ext)] = proc.stdout
    return out


def outputs_plots(db, as_of, work, env):
    out = {}
    for chart in CHARTS:
        png = os.path.join(work, chart + '.png')
        proc = run([binary(), '--db', db, 'plot', chart, '--as-of', as_of,
                    '-o', png], dict(env, TIDELINE_PLOT_KEEP='1'))
        kept = None
        for line in proc.stderr.decode().splitlines():
            if line.startswith('tideline: kept '):
                kept = line[len('tideline: kept '):].strip()
        if kept is None:
            sys.exit('plot %s: no kept folder named on stderr' % chart)
        for name in sorted(os.listdir(kept)):
            if name == 'chart.out':
                continue        # gnuplot's own output, not tideline's
            with open(os.path.join(kept, name), 'rb') as f:
                data = f.read()
            # The private folder's name is random; the chart's is ours.
            data = data.replace(kept.encode(), b'@DIR@')
            data = data.replace(png.encode(), b'@OUT@')
            out['%s/%s' % (chart, name)] = data
        shutil.rmtree(kept, ignore_errors=True)
    return out


def first_difference(name, want, got):
    diff = difflib.unified_diff(
        want.decode(errors='replace').splitlines(),
        got.decode(errors='replace').splitlines(),
        'expected/' + name, 'now/' + name, lineterm='', n=1)
    lines = list(diff)[:40]
    return '\n'.join(lines)


def check(case, update):
    kind, history = case.split('-', 1)
    source, as_of = HISTORIES[history]
    env = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
           'LC_ALL': 'C.UTF-8', 'TZ': 'UTC'}
    for key in ('ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS'):
        if key in os.environ:
            env[key] = os.environ[key]
    if kind == 'plots' and shutil.which('gnuplot') is None:
        print('gnuplot is not installed: skipped')
        return 77
    work = tempfile.mkdtemp(prefix='tideline-golden-')
    try:
        env['HOME'] = work
        env['TMPDIR'] = work
        db = build_db(work, source, env)
        if kind == 'analyses':
            got = outputs_analyses(db, as_of, env)
        else:
            got = outputs_plots(db, as_of, work, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    folder = os.path.join(EXPECTED, case)
    if update:
        shutil.rmtree(folder, ignore_errors=True)
        for name, data in got.items():
            path = os.path.join(folder, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'wb') as f:
                f.write(data)
        print('%s: wrote %d files' % (case, len(got)))
        return 0
    want = {}
    for top, _, files in os.walk(folder):
        for f in files:
            path = os.path.join(top, f)
            with open(path, 'rb') as fh:
                want[os.path.relpath(path, folder)] = fh.read()
    if not want:
        print('%s: no expected files (run with --update)' % case)
        return 1
    failed = 0
    for name in sorted(set(want) | set(got)):
        if name not in got:
            print('%s: %s is no longer written' % (case, name))
            failed += 1
        elif name not in want:
            print('%s: %s is new (not in expected/)' % (case, name))
            failed += 1
        elif want[name] != got[name]:
            print('%s: %s differs:\n%s' % (case, name, first_difference(
                case + '/' + name, want[name], got[name])))
            failed += 1
    print('%s: %d of %d files the same' % (case, len(want) - failed,
                                           len(want)))
    return 1 if failed else 0


def main(argv):
    if len(argv) == 2 and argv[1] == '--list':
        print('\n'.join(cases()))
        return 0
    if len(argv) == 2 and argv[1] == '--update-all':
        return max(check(c, True) for c in cases())
    if len(argv) in (2, 3) and argv[1] in cases():
        return check(argv[1], len(argv) == 3 and argv[2] == '--update')
    sys.exit(__doc__)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
