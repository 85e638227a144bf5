#!/usr/bin/env python3
"""Fuzz one target for a bounded time (meson suite 'fuzz-run').

usage: fuzz-run.py --source DIR (--fuzzer PATH | --build DIR) TARGET

With --fuzzer, the libFuzzer binary of a build made with -Dfuzzing=true
is run. With --build, that build is made first, in DIR, with clang and
the options the README gives for fuzzing (CC=clang, -Dfuzzing=true,
-Db_sanitize=address,undefined, -Db_lundef=false); where clang cannot
link libFuzzer the target is skipped (exit 77), never passed.

The target runs for TIDELINE_FUZZ_SECONDS (default 10) on a copy of its
seed corpus (tests/fuzz/corpus/TARGET), with its dictionary when there
is one (tests/fuzz/TARGET.dict), -timeout=10 and -rss_limit_mb=2048.
A crash, a leak, undefined behaviour, a slow input or too much memory
fails the test, and the input that did it is kept (its path is the last
line of the log; replay it with the target's replay-TARGET binary or the
fuzzer itself). So does coverage at start-up below MIN_COVERAGE edges:
the library would not be instrumented, and the fuzzer would be blind.
"""
import fcntl
import glob
import os
import re
import shutil
import subprocess
import sys

MIN_COVERAGE = 100
RSS_LIMIT_MB = 2048
# Every libFuzzer binary of tests/fuzz/meson.build builds at once.
BUILD_OPTIONS = ['-Dfuzzing=true', '-Db_sanitize=address,undefined',
                 '-Db_lundef=false']
PROBE = b'''#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{ (void)d; (void)n; return 0; }
'''


def skip(why):
    print('skipped: ' + why)
    sys.exit(77)


def fail(why):
    print('FAILED: ' + why)
    sys.exit(1)


def clang_links_libfuzzer(clang, workdir):
    """Whether clang can link a libFuzzer binary with the sanitizers."""
    src = os.path.join(workdir, 'libfuzzer-probe.c')
    with open(src, 'wb') as f:
        f.write(PROBE)
    r = subprocess.run([clang, '-fsanitize=fuzzer,address,undefined', src,
                        '-o', os.path.join(workdir, 'libfuzzer-probe')],
                       capture_output=True)
    return r.returncode == 0


def build_fuzzer(source, build, target):
    """Configure (once) and build the clang build; return the binary."""
    clang = shutil.which('clang')
    if clang is None:
        skip('clang not found (Debian: clang libclang-rt-14-dev; '
             'scripts/lib.sh installs them)')
    os.makedirs(build, exist_ok=True)
    # The targets of one meson test run share the build: one at a time.
    with open(build + '.lock', 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not clang_links_libfuzzer(clang, build):
            skip('%s cannot link libFuzzer with the sanitizers (Debian: '
                 'libclang-rt-14-dev)' % clang)
        env = dict(os.environ, CC=clang)
        if not os.path.exists(os.path.join(build, 'build.ninja')):
            r = subprocess.run(['meson', 'setup', build, source] +
                               BUILD_OPTIONS, env=env,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
            if r.returncode != 0:
                print(r.stdout.decode(errors='replace'))
                fail('meson setup of the clang build failed')
        names = [os.path.basename(p)[len('fuzz-'):-len('.c')]
                 for p in glob.glob(os.path.join(source, 'tests', 'fuzz',
                                                 'fuzz-*.c'))]
        wanted = ['tests/fuzz/fuzz-' + n for n in sorted(names)
                  if n != 'adapter']
        r = subprocess.run(['ninja', '-C', build] + wanted, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            print(r.stdout.decode(errors='replace')[-20000:])
            fail('the clang build failed')
    return os.path.join(build, 'tests', 'fuzz', 'fuzz-' + target)


def main(argv):
    args, opts = [], {}
    i = 0
    while i < len(argv):
        if argv[i] in ('--source', '--fuzzer', '--build'):
            opts[argv[i]] = argv[i + 1]
            i += 2
        else:
            args.append(argv[i])
            i += 1
    if len(args) != 1 or '--source' not in opts or \
            ('--fuzzer' in opts) == ('--build' in opts):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    target, source = args[0], opts['--source']
    seconds = int(os.environ.get('TIDELINE_FUZZ_SECONDS', '10'))
    fuzz_dir = os.path.join(source, 'tests', 'fuzz')
    if '--fuzzer' in opts:
        fuzzer = opts['--fuzzer']
        work = os.path.dirname(os.path.abspath(fuzzer))
    else:
        fuzzer = build_fuzzer(source, opts['--build'], target)
        work = opts['--build']

    # A fresh copy of the seeds: what the fuzzer adds stays out of the tree.
    run_dir = os.path.join(work, 'fuzz-run', target)
    shutil.rmtree(run_dir, ignore_errors=True)
    corpus = os.path.join(run_dir, 'corpus')
    artifacts = os.path.join(run_dir, 'artifacts')
    shutil.copytree(os.path.join(fuzz_dir, 'corpus', target), corpus)
    os.makedirs(artifacts)
    cmd = [fuzzer, '-max_total_time=%d' % seconds, '-timeout=10',
           '-rss_limit_mb=%d' % RSS_LIMIT_MB, '-print_final_stats=1',
           '-artifact_prefix=' + artifacts + '/']
    dictionary = os.path.join(fuzz_dir, target + '.dict')
    if os.path.exists(dictionary):
        cmd.append('-dict=' + dictionary)
    cmd.append(corpus)
    env = dict(os.environ)
    env.setdefault('ASAN_OPTIONS', 'detect_leaks=1')
    env['UBSAN_OPTIONS'] = 'halt_on_error=1:print_stacktrace=1'
    print('$ ' + ' '.join(cmd), flush=True)
    r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    out = r.stdout.decode(errors='replace')
    # The start and the end of the run, and every report in between.
    lines = out.splitlines()
    shown = [ln for ln in lines if not re.match(
        r'^#\d+\s+(NEW|REDUCE|pulse)\s', ln)]
    print('\n'.join(shown[-300:]))

    kept = sorted(glob.glob(os.path.join(artifacts, '*')))
    if r.returncode != 0 or kept:
        for path in kept:
            print('input that failed: ' + path)
        fail('fuzz-%s stopped with exit %d%s' % (
            target, r.returncode, '' if kept else ' (no input kept)'))
    inited = re.search(r'INITED cov: (\d+)', out)
    if inited is None:
        fail('no INITED line: did libFuzzer run?')
    if int(inited.group(1)) < MIN_COVERAGE:
        fail('only %s edges covered at start: the library is not '
             'instrumented (-fsanitize=fuzzer-no-link), the fuzzer is '
             'blind' % inited.group(1))
    done = re.search(r'DONE\s+cov: (\d+).*', out)
    runs = re.search(r'stat::number_of_executed_units: (\d+)', out)
    print('fuzz-%s: %s runs in %d s, coverage %s -> %s edges, nothing found'
          % (target, runs.group(1) if runs else '?', seconds,
             inited.group(1), done.group(1) if done else '?'))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
