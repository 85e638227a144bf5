#!/usr/bin/env python3
"""Run the commands of README sections in a scratch copy of the tree.

usage: readme-commands.py [--list] [--quick] [--keep] SECTION...
       readme-commands.py --table

SECTION is a heading's text ("Building by hand", "Fuzzing longer"); its
commands are the indented lines under it, up to the next heading. They
run one after another with sh, from the root of a fresh copy of the
source tree (the files git lists, as they are in the work tree; no build
folder), with CC, CFLAGS and LDFLAGS unset, as on a new checkout. The
first command that fails fails the check, with its output; a section
that asks for clang exits 77 (skipped) where there is none, and so does
the check run again by the suite that a README command started.

Exactly as written is the default: what a release check runs. --quick is
what the test suite runs (suite 'readme'), with two changes that keep it
short: a fuzzer's -max_total_time becomes 5 seconds, and 'meson test -C
DIR' runs the suites 'unit' and 'fuzz' (it still builds everything
first; the whole suite runs in CI's own builds).

--table checks the README's command table against the built tideline
($TIDELINE_BIN, else build/src/tideline): a row for every command of
'tideline help' and none for a command it lacks; every option a row
names is in the command's usage ('tideline COMMAND --help'), with the
same --format choices; and a row that does not abbreviate ('[...]' or a
lone '...') names every option of the usage.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def section_commands(readme, title):
    """The indented lines of the section headed 'title'."""
    commands, inside, level = [], False, 0
    for line in readme.splitlines():
        m = re.match(r'^(#+)\s+(.*?)\s*$', line)
        if m:
            if inside and len(m.group(1)) <= level:
                break
            if m.group(2) == title:
                inside, level = True, len(m.group(1))
            continue
        if inside and line.startswith('    ') and line.strip():
            commands.append(line[4:].rstrip())
    return commands if inside else None


def quick(command):
    command = re.sub(r'-max_total_time=\d+', '-max_total_time=5', command)
    return re.sub(r'^(meson test -C \S+)(\s|$)',
                  r'\1 --suite unit --suite fuzz\2', command)


def tree_files():
    """The source files, as git lists them (tracked or new, not ignored)."""
    out = subprocess.run(['git', '-C', ROOT, 'ls-files', '-z', '--cached',
                          '--others', '--exclude-standard'],
                         check=True, capture_output=True).stdout
    return [p for p in out.decode().split('\0') if p]


def copy_tree(dest):
    for rel in tree_files():
        src = os.path.join(ROOT, rel)
        if not os.path.isfile(src):
            continue  # deleted in the work tree
        os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
        shutil.copy2(src, os.path.join(dest, rel))


def table_rows(readme):
    """The command table's synopses: {command: the row's first cell}."""
    rows, inside = {}, False
    for line in readme.splitlines():
        if line.startswith('| command | what it does |'):
            inside = True
        elif not line.startswith('|'):
            inside = False
        m = re.match(r'^\| `([a-z]+)((?:[^`]|``)*)` \|', line)
        if inside and m:
            rows[m.group(1)] = (m.group(1) + m.group(2)).replace('\\|',
                                                                  '|')
    return rows


def option_names(text):
    return set(re.findall(r'(?<![\w-])(--?[a-z][a-z-]*)', text))


def format_choices(text):
    m = re.search(r'--format ([a-z|]+)', text)
    return m.group(1) if m else None


def tideline_out(binary, *args):
    return subprocess.run([binary] + list(args), capture_output=True,
                          text=True, check=True).stdout


def check_table(readme):
    """Option drift between the README's command table and --help."""
    binary = os.environ.get('TIDELINE_BIN') or os.path.join(
        ROOT, 'build', 'src', 'tideline')
    if not os.path.exists(binary):
        print('no tideline at %s: build it, or set TIDELINE_BIN' % binary,
              file=sys.stderr)
        return 1
    listed = tideline_out(binary, 'help')
    block = listed.split('commands:\n', 1)[1].split('\n\n', 1)[0]
    commands = {line.split()[0] for line in block.splitlines()} - {'help'}
    rows, problems = table_rows(readme), []
    for name in sorted(commands - set(rows)):
        problems.append('%s: no row in the command table' % name)
    for name in sorted(set(rows) - commands):
        problems.append('%s: in the table, but tideline has no such '
                        'command' % name)
    for name in sorted(commands & set(rows)):
        usage = tideline_out(binary, name, '--help').split('\n\n', 1)[0]
        row, have = rows[name], option_names(usage)
        named = option_names(row)
        for o in sorted(named - have):
            problems.append('%s: the table names %s, which its --help '
                            'lacks' % (name, o))
        short = re.search(r'(^|\s)(\[\.\.\.\]|\.\.\.)(\s|$)', row)
        for o in sorted(have - named) if not short else ():
            problems.append('%s: its --help has %s, which the table lacks '
                            '(or abbreviate with [...])' % (name, o))
        if format_choices(row) not in (None, format_choices(usage)):
            problems.append('%s: the table gives --format %s, its --help '
                            '%s' % (name, format_choices(row),
                                    format_choices(usage)))
    for p in problems:
        print('README.md command table: ' + p)
    if not problems:
        print('the command table agrees with --help (%d commands)'
              % len(rows))
    return 1 if problems else 0


def main(argv):
    args = [a for a in argv if not a.startswith('--')]
    opts = {a for a in argv if a.startswith('--')}
    with open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as f:
        readme = f.read()
    if argv == ['--table']:
        return check_table(readme)
    if not args or not opts <= {'--list', '--quick', '--keep'}:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    commands = []
    for title in args:
        found = section_commands(readme, title)
        if not found:
            print('README.md: no section %r with commands' % title,
                  file=sys.stderr)
            return 1
        commands += found
    if '--quick' in opts:
        commands = [quick(c) for c in commands]
    if '--list' in opts:
        print('\n'.join(commands))
        return 0
    if os.environ.get('TIDELINE_README_CHECK'):
        # A README command ran the suite, which holds this check: once.
        print('skipped: already inside a README check')
        return 77
    if any('CC=clang' in c for c in commands) and not shutil.which('clang'):
        print('clang not found: skipped (Debian: clang libclang-rt-14-dev)')
        return 77

    env = {k: v for k, v in os.environ.items()
           if k not in ('CC', 'CFLAGS', 'LDFLAGS', 'CPPFLAGS')}
    env['TIDELINE_README_CHECK'] = '1'

    scratch = tempfile.mkdtemp(prefix='tideline-readme-')
    status = 0
    try:
        copy_tree(scratch)
        print('in a copy of the tree at %s:' % scratch, flush=True)
        for c in commands:
            start = time.monotonic()
            r = subprocess.run(['sh', '-c', c], cwd=scratch, env=env,
                               stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
            took = time.monotonic() - start
            print('$ %s   (%.0f s, exit %d)' % (c, took, r.returncode),
                  flush=True)
            if r.returncode != 0:
                out = r.stdout.decode(errors='replace').splitlines()
                print('\n'.join(out[-60:]))
                print('FAILED: the README command above (exit %d)'
                      % r.returncode)
                status = 1
                break
    finally:
        if '--keep' in opts or status != 0:
            print('scratch copy kept at %s' % scratch)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
