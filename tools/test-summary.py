#!/usr/bin/env python3
"""Count meson's test results from its testlog.json files.

usage: test-summary.py TESTLOG.json...

Lists every test that did not pass, then ends with the one line CI reads:
"N passed, N failed" (", N skipped" when some were). Exits 1 when any
failed or when a log is missing or empty (no test ran is not a pass).
"""
import json
import sys

PASSED = {'OK', 'EXPECTEDFAIL'}
SKIPPED = {'SKIP'}


def main(paths):
    passed = failed = skipped = 0
    problems = []
    for path in paths:
        try:
            with open(path, encoding='utf-8') as f:
                lines = [json.loads(line) for line in f if line.strip()]
        except OSError as e:
            problems.append('cannot read %s: %s' % (path, e.strerror))
            continue
        if not lines:
            problems.append('%s: no test ran' % path)
        for t in lines:
            result = t.get('result')
            if result in PASSED:
                passed += 1
            elif result in SKIPPED:
                skipped += 1
            else:
                failed += 1
                problems.append('%s: %s %s' % (path.split('/')[0],
                                               result, t.get('name')))
    for p in problems:
        print('  ' + p)
    line = '%d passed, %d failed' % (passed, failed)
    if skipped:
        line += ', %d skipped' % skipped
    print(line)
    return 1 if failed or problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
