#!/usr/bin/env python3
"""Check the layer rules of src/ (like curl's checksrc, for architecture).

usage: check-layers.py SRC_DIR
       check-layers.py --self-test

Reads every .c and .h file under SRC_DIR (the tree as it is, so a file
added tomorrow is checked like the others) and prints one line per
breach, "FILE:LINE: rule: what", then each broken rule's reason. Exits 0
when every rule holds, 1 on any breach, 2 when SRC_DIR holds no C file.

Calls and identifiers are matched in the code with comments and string
literals blanked out, as whole identifiers (a call is one followed by
"("; a member called through "." or "->" is no call of the C library),
so a comment saying fork() is no breach. Includes are read from the
#include lines themselves, and a header is placed in the layer of the
folder it resolves to. --self-test writes trees with one breach per rule
(and clean ones) to a temporary folder and checks the verdicts.
"""
import os
import re
import subprocess
import sys
import tempfile

# The folders of src/, bottom to top; any other folder is a breach of
# 'known-layer'. Files at the top of src/ (main.c, and the shared headers
# types.h, platform.h and the generated version.h, the vocabulary every
# layer may include) belong to no layer.
LAYERS = ('util', 'store', 'fetch', 'analyze', 'plot', 'cmd')

# Headers of other layers the store may include: none. (Before src/types.h
# it took the analyzer's for their structs.)
STORE_ALLOW = ()

SPAWN = (r'posix_spawn\w*', 'fork', 'vfork', 'execl', 'execlp', 'execle',
         'execv', 'execvp', 'execvpe', 'execve', 'fexecve', 'system', 'popen')
CLOCK = ('time', 'clock', 'clock_gettime', 'gettimeofday', 'timespec_get',
         'time_now')
ENVIRONMENT = ('getenv', 'secure_getenv', 'setenv', 'unsetenv', 'putenv',
               'clearenv', 'localtime', 'localtime_r', 'mktime', 'tzset')
FILE_IO = ('fopen', 'freopen', 'fdopen', 'fclose', 'fflush', 'open', 'openat',
           'creat', 'close', 'read', 'write', 'pread', 'pwrite', 'fread',
           'fwrite', 'fgets', 'fgetc', 'getc', 'getchar', 'getline', 'fputc',
           'putc', 'putchar', 'fputs', 'puts', 'printf', 'fprintf',
           'vprintf', 'vfprintf', 'dprintf', 'scanf', 'fscanf', 'perror',
           'opendir', 'fdopendir', 'readdir', 'closedir', 'stat', 'lstat',
           'fstat', 'fstatat', 'access', 'unlink', 'unlinkat', 'remove',
           'rename', 'mkdir', 'mkdirat', 'rmdir', 'mkstemp', 'mkdtemp',
           'tmpfile', 'chdir', 'getcwd', 'pipe', 'dup', 'dup2', 'mmap',
           'err', 'errx', 'warn', 'warnx', 'log_error', 'log_warn',
           'log_info', 'log_notice')
# What prints a message for people.
MESSAGES = ('printf', 'fprintf', 'vfprintf', 'puts', 'fputs', 'perror',
            'err', 'errx', 'warn', 'warnx', 'log_error', 'log_warn',
            'log_info', 'log_notice')
RANDOM = ('rand', 'srand', 'rand_r', 'random', 'srandom', 'drand48',
          'erand48', 'lrand48', 'nrand48', 'mrand48', 'jrand48', 'srand48',
          r'arc4random\w*', 'getrandom', 'getentropy')

# The rules. 'files' says which files a rule binds (by layer, or by path
# relative to src/); 'includes' are regexps of forbidden headers as
# resolved ("store/store.h", "curl/curl.h"); 'calls' of functions called,
# 'names' of identifiers used, 'strings' of text in string literals.
# 'transitive' also follows the project's headers: a file outside the
# store that includes store/internal.h includes sqlite3.h through it.
RULES = [
    {
        'id': 'sqlite-only-in-store',
        'why': 'SQL stays behind the store\'s interface (store/store.h), '
               'so the store can gain a second backend without the rest '
               'noticing.',
        'files': lambda f: f.layer != 'store',
        'includes': (r'(.*/)?sqlite3(ext)?\.h',),
        'transitive': True,
    },
    {
        'id': 'curl-only-in-fetch-c',
        'why': 'Only the transfer engine (fetch.c) drives libcurl; '
               'adapters build requests and parse bodies, so they are '
               'tested on recorded replies with no network.',
        'files': lambda f: f.rel != 'fetch/fetch.c',
        'includes': (r'curl/.*',),
        'transitive': True,
    },
    {
        'id': 'spawn-only-in-plot',
        'why': 'Only the plotter starts a program (gnuplot, with no shell, '
               'its process group and signals handled in one place); a '
               'child process started anywhere else is a hole nobody '
               'reviews.',
        'files': lambda f: f.layer != 'plot',
        'calls': SPAWN,
    },
    {
        'id': 'analyze-includes',
        'why': 'The analyzer is pure computation on the arrays its callers '
               'hand in: it never reaches for the store, the network, the '
               'command line or the charts, so it is tested with literal '
               'arrays.',
        'files': lambda f: f.layer == 'analyze',
        'includes': (r'(store|fetch|cmd|plot)/.*',),
    },
    {
        'id': 'analyze-no-clock',
        'why': 'The analyzer is given "now" (--as-of) and never reads a '
               'clock, so the same data gives the same result on any day.',
        'files': lambda f: f.layer == 'analyze',
        'calls': CLOCK,
    },
    {
        'id': 'analyze-no-environment',
        'why': 'An analysis depends on its arguments only, never on the '
               'environment of the process that runs it (nor on TZ, which '
               'localtime and mktime read).',
        'files': lambda f: f.layer == 'analyze',
        'calls': ENVIRONMENT,
        'names': ('environ',),
    },
    {
        'id': 'analyze-no-io',
        'why': 'The analyzer reads no file and writes no output, not even '
               'a warning: the subcommands do the I/O around it, which '
               'keeps it usable from tests and benchmarks alike.',
        'files': lambda f: f.layer == 'analyze',
        'calls': FILE_IO,
        'names': ('stdin', 'stdout', 'stderr'),
        'includes': (r'util/(log|lock|config|csv)\.h',),
    },
    {
        'id': 'analyze-no-system-random',
        'why': 'Randomness from the system would make analyses '
               'irreproducible; one that needs chance takes a seeded '
               'generator of its own.',
        'files': lambda f: f.layer == 'analyze',
        'calls': RANDOM,
        'strings': (r'/dev/u?random',),
    },
    {
        'id': 'errors-returned-below-cmd',
        'why': 'The store, the fetcher and the plotter return what went '
               'wrong (a message in *cause) and print nothing; the '
               'command says it, once, in one shape, or decides not to.',
        'files': lambda f: f.layer in ('store', 'fetch', 'plot'),
        'calls': MESSAGES,
        'names': ('stderr', 'stdout'),
    },
    {
        'id': 'util-includes',
        'why': 'util/ is the bottom layer that all others use; a '
               'dependency upwards would make a cycle, and drag SQLite or '
               'libcurl into every test of a string helper.',
        'files': lambda f: f.layer == 'util',
        'includes': (r'(store|fetch|analyze|plot|cmd)/.*',),
    },
    {
        'id': 'plot-includes',
        'why': 'Charts are drawn from the series and analyses that the '
               'subcommand hands in; the plotter neither queries the store '
               'nor fetches.',
        'files': lambda f: f.layer == 'plot',
        'includes': (r'(store|fetch|cmd)/.*',),
    },
    {
        'id': 'store-includes',
        'why': 'The store speaks SQL and knows nothing of the code that '
               'fills or reads it, so a second backend implements '
               'store/store.h alone.',
        'files': lambda f: f.layer == 'store',
        'includes': (r'(fetch|cmd|plot|analyze)/.*',),
        'allow': STORE_ALLOW,
    },
    {
        'id': 'shared-header-includes',
        'why': 'Headers at the top of src/ (types.h, platform.h, version.h) '
               'are the vocabulary every layer may include; one that '
               'included a layer above util/ would carry it into all of '
               'them.',
        'files': lambda f: f.layer is None and f.rel.endswith('.h'),
        'includes': (r'(store|fetch|analyze|plot|cmd)/.*',),
    },
    {
        'id': 'known-layer',
        'why': 'A folder that no rule knows escapes every rule: add it to '
               'LAYERS in tools/check-layers.py and say what it may use.',
        'files': lambda f: f.layer is not None and f.layer not in LAYERS,
        'always': True,
    },
]

INCLUDE_RE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"\n]*)[>"]',
                        re.MULTILINE)


class Source:
    """One file of the tree: its text as written, without comments, and
    without comments or literals, each the same length with its newlines
    kept, so that an offset gives the line in all three; its string
    literals; its #include lines as (line, '<' or '"', name)."""

    def __init__(self, root, rel):
        self.rel = rel
        parts = rel.split('/')
        self.layer = parts[0] if len(parts) > 1 else None
        with open(os.path.join(root, rel), encoding='utf-8',
                  errors='replace') as f:
            self.text = f.read()
        self.nocomment, self.code, self.strings = blank(self.text)
        # Header names are no identifiers: <sys/stat.h> calls nothing.
        self.code = INCLUDE_RE.sub(lambda m: re.sub(r'[^\n]', ' ',
                                                    m.group(0)), self.code)
        self.includes = [(line_of(self.nocomment, m.start()), m.group(1),
                          m.group(2).strip())
                         for m in INCLUDE_RE.finditer(self.nocomment)]


def blank(text):
    """Return (text without comments, text without comments or string and
    character literals, the string literals as (offset, text)); what is
    removed becomes spaces, newlines stay."""
    nocomment, code, strings = [], [], []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            gap = re.sub(r'[^\n]', ' ', text[i:j])
            nocomment.append(gap)
            code.append(gap)
            i = j
        elif text.startswith('//', i):
            j = i
            while j < n and text[j] != '\n':
                j += 2 if text.startswith('\\\n', j) else 1
            gap = re.sub(r'[^\n]', ' ', text[i:j])
            nocomment.append(gap)
            code.append(gap)
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            j = min(j, n)
            if j < n and text[j] == c:
                j += 1
            nocomment.append(text[i:j])
            code.append(c + re.sub(r'[^\n]', ' ', text[i + 1:j]))
            if c == '"':
                strings.append((i, text[i:j]))
            i = j
        else:
            nocomment.append(c)
            code.append(c)
            i += 1
    return ''.join(nocomment), ''.join(code), strings


def line_of(text, offset):
    return text.count('\n', 0, offset) + 1


def scan(root):
    """Every .c and .h file under root, as Sources keyed by path relative
    to root ("store/store.c")."""
    files = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(('.c', '.h')):
                rel = os.path.relpath(os.path.join(dirpath, name), root)
                rel = rel.replace(os.sep, '/')
                files[rel] = Source(root, rel)
    return files


def norm(path):
    return os.path.normpath(path).replace(os.sep, '/')


def resolve(files, src, quote, name):
    """The path relative to src/ of a project header, or None for a
    system header. "..." looks beside the including file first, then in
    src/ (an include directory, as <...> is too). A header not in the
    tree is placed by its name: "store/x.h" in src/store/, "../store/x.h"
    from beside the file, "version.h" at the top (the generated one)."""
    top = norm(name)
    beside = norm(os.path.join(os.path.dirname(src.rel), name))
    if quote == '"' and beside in files:
        return beside
    if top in files:
        return top
    guess = beside if quote == '"' and name.startswith('.') else top
    if not guess.startswith('../') and guess.split('/')[0] in LAYERS and \
            '/' in guess:
        return guess
    if quote == '"' and '/' not in top:
        return top
    return None


def included_names(files, src, quote, name):
    """What an #include line names for the rules: the project header as
    resolved, else the name as written."""
    return resolve(files, src, quote, name) or name


def matches(patterns, name):
    return any(re.fullmatch(p, name) for p in patterns)


def reaches(files, rel, patterns, seen):
    """The first header matching patterns that rel includes, directly or
    through the project's headers, or None."""
    if rel in seen or rel not in files:
        return None
    seen.add(rel)
    src = files[rel]
    for _, quote, name in src.includes:
        target = included_names(files, src, quote, name)
        if matches(patterns, target):
            return target
        found = reaches(files, target, patterns, seen)
        if found is not None:
            return found
    return None


def check_includes(files, src, rule):
    out = []
    for line, quote, name in src.includes:
        target = included_names(files, src, quote, name)
        if target in rule.get('allow', ()):
            continue
        if matches(rule['includes'], target):
            out.append((src.rel, line, rule['id'],
                        'includes %s' % target))
        elif rule.get('transitive') and target in files and \
                not rule['files'](files[target]):
            # Through a header allowed to include it (store/internal.h);
            # a header not allowed to is reported itself.
            found = reaches(files, target, rule['includes'], set())
            if found is not None:
                out.append((src.rel, line, rule['id'],
                            'includes %s through %s' % (found, target)))
    return out


def check_names(src, rule):
    out = []
    for kind, patterns in (('calls', rule.get('calls', ())),
                           ('names', rule.get('names', ()))):
        if not patterns:
            continue
        alt = '|'.join(patterns)
        tail = r'\s*\(' if kind == 'calls' else r'(?!\w)'
        for m in re.finditer(r'(?<!\w)(%s)%s' % (alt, tail), src.code):
            before = src.code[max(0, m.start() - 16):m.start()]
            if re.search(r'(\.|->)\s*$', before):
                continue        # a member: ops->read(), w.write()
            what = ('calls %s()' if kind == 'calls' else 'uses %s') % \
                m.group(1)
            out.append((src.rel, line_of(src.code, m.start()), rule['id'],
                        what))
    return out


def check_strings(src, rule):
    out = []
    patterns = rule.get('strings', ())
    if not patterns:
        return out
    for offset, literal in src.strings:
        for p in patterns:
            hit = re.search(p, literal)
            if hit is not None:
                out.append((src.rel, line_of(src.text, offset),
                            rule['id'], 'names %s' % hit.group(0)))
    return out


def check(root):
    """Every breach in the tree at root, as (file, line, rule id, what)
    sorted by file and line; file is relative to root."""
    files = scan(root)
    breaches = []
    for rel in sorted(files):
        src = files[rel]
        for rule in RULES:
            if not rule['files'](src):
                continue
            if rule.get('always'):
                breaches.append((rel, 1, rule['id'],
                                 'is in src/%s/' % src.layer))
            if 'includes' in rule:
                breaches += check_includes(files, src, rule)
            breaches += check_names(src, rule)
            breaches += check_strings(src, rule)
    return sorted(set(breaches)), files


def report(root, breaches):
    shown = os.path.basename(os.path.normpath(root))
    for rel, line, rule, what in breaches:
        print('%s/%s:%d: %s: %s' % (shown, rel, line, rule, what))
    broken = []
    for _, _, rule, _ in breaches:
        if rule not in broken:
            broken.append(rule)
    for rule in RULES:
        if rule['id'] in broken:
            print('%s: %s' % (rule['id'], rule['why']))
    if breaches:
        print('%d breach%s of the layer rules (see tools/check-layers.py)' %
              (len(breaches), '' if len(breaches) == 1 else 'es'))


def main(argv):
    if len(argv) == 2 and argv[1] == '--self-test':
        return self_test()
    if len(argv) != 2 or argv[1].startswith('-'):
        print('usage: check-layers.py SRC_DIR | --self-test',
              file=sys.stderr)
        return 2
    root = argv[1]
    breaches, files = check(root)
    if not any(rel.endswith('.c') for rel in files):
        print('check-layers.py: no C file under %s' % root, file=sys.stderr)
        return 2
    report(root, breaches)
    return 1 if breaches else 0


# The self-test ---------------------------------------------------------

# A small tree in which every rule holds, with the near misses that must
# not count: mentions in comments and strings, members named like libc
# functions, identifiers that start like them, the allowed includes.
CLEAN = {
    'main.c': '#include "cmd/cmd.h"\n#include "version.h"\n'
              'int main(void) { return (e->exec(0) + ops->execv(1) +\n'
              '    ops.\n\tsystem(2)); }\n',
    'types.h': '#include "util/buf.h"\nstruct post_ref { int id; };\n',
    'util/buf.h': '#include <stddef.h>\nstruct buf { char *data; };\n',
    'util/timeutil.c': '#include <time.h>\n#include "types.h"\n'
                       'long time_now(void) { return (time(NULL)); }\n',
    'util/log.c': '#include <stdio.h>\n'
                  'void log_error(void) { fputs("x", stderr); }\n',
    'store/internal.h': '#include <sqlite3.h>\n#include "store/store.h"\n',
    'store/store.h': '#include "types.h"\nstruct store;\n',
    'store/series.c': '#include "store/internal.h"\n'
                      '#include "types.h"\n'
                      '#include "util/buf.h"\n',
    'fetch/fetch.h': 'struct fetch_result;\n',
    'fetch/fetch.c': '#include <curl/curl.h>\n#include "fetch/fetch.h"\n'
                     'long now(void) { return (time(NULL)); }\n',
    'fetch/feed.c': '#include "fetch/fetch.h"\n'
                    '/* No fork() here, nor system("sh"); just text. */\n'
                    'static const char *s = "fork(); exec(x); popen(";\n'
                    'static char q = \'"\'; /* a quote: fork( */\n'
                    '// execv(path) in a line comment\n',
    'analyze/series.h': '#include <stdint.h>\n#include "types.h"\n'
                        'struct point { int64_t t; };\n',
    'analyze/attribute.h': 'struct post_metric { int n; };\n',
    'analyze/bursts.c':
        '#include <math.h>\n#include <stdio.h>\n#include <sys/stat.h>\n'
        '#include <time.h>\n#include "analyze/series.h"\n'
        '#include "util/xmalloc.h"\n'
        '/* Never call time(NULL), getenv("TZ") or printf() here. */\n'
        'static const char q = \'"\', *z = "\\"/dev/null";\n'
        '/* "/dev/urandom" */\n'
        'static double log_prior(double x) { return (log(x)); }\n'
        'static int timed(const struct point *p, int time, int stat_n,\n'
        '    int (*read)(void)) {\n'
        '\tchar b[8];\n'
        '\tsnprintf(b, sizeof b, "%d: rand() /dev/null", time);\n'
        '\treturn (p->t + w.write(1) + s->read() + stat_n +\n'
        '\t    log_prior(2) + mytime(1) + time_now_x);\n'
        '}\n',
    'plot/plot.c': '#include <spawn.h>\n#include <unistd.h>\n'
                   '#include "analyze/series.h"\n#include "util/buf.h"\n'
                   'int run(void) { posix_spawnp(0, "gnuplot", 0, 0, 0, 0);'
                   '\n\treturn (fork()); }\n',
    'cmd/cmd.h': '#include "store/store.h"\n#include "fetch/fetch.h"\n'
                 '#include "plot/plot.h"\n#include "analyze/series.h"\n',
    'cmd/bursts.c': '#include <stdio.h>\n#include "cmd/cmd.h"\n'
                    'int f(void) { return (printf("%ld", time_now())); }\n',
}

# One breach per case, on top of CLEAN: (files added or replaced, the
# breaches expected as (file, line, rule)). Every rule has a case.
CASES = [
    ({'cmd/init.c': '#include "cmd/cmd.h"\n#include <sqlite3.h>\n'},
     [('cmd/init.c', 2, 'sqlite-only-in-store')]),
    ({'fetch/x.c': '#include "fetch/fetch.h"\n#include "util/buf.h"\n'
                   '#include "store/internal.h"\n'},
     [('fetch/x.c', 3, 'sqlite-only-in-store')]),
    ({'fetch/mastodon.c': '/* the engine does it */\n'
                          '#include <curl/easy.h>\n'},
     [('fetch/mastodon.c', 2, 'curl-only-in-fetch-c')]),
    ({'util/http.h': '#include "curl/curl.h"\n'},
     [('util/http.h', 1, 'curl-only-in-fetch-c')]),
    ({'cmd/open.c': '#include <unistd.h>\nint f(void)\n{\n'
                    '\treturn (fork());\n}\n'},
     [('cmd/open.c', 4, 'spawn-only-in-plot')]),
    ({'util/run.c': 'void f(void) {\n\tposix_spawn_file_actions_init(&fa);'
                    '\n\texecvp (argv[0],\n\t    argv);\n'
                    '\tsystem("ls");\n}\n'},
     [('util/run.c', 2, 'spawn-only-in-plot'),
      ('util/run.c', 3, 'spawn-only-in-plot'),
      ('util/run.c', 5, 'spawn-only-in-plot')]),
    ({'fetch/rss.c': 'static void f(void)\n{\n\tFILE *p = popen("x", "r");'
                     '\n}\n'},
     [('fetch/rss.c', 3, 'spawn-only-in-plot')]),
    ({'cmd/quote.c': '#include <unistd.h>\n'
                     'int f(char *q) { *q = \'"\'; return (fork() + \'"\'); }'
                     '\n'},
     [('cmd/quote.c', 2, 'spawn-only-in-plot')]),
    ({'analyze/decay.c': '#include <math.h>\n#include "store/store.h"\n'},
     [('analyze/decay.c', 2, 'analyze-includes')]),
    ({'analyze/topics.h': '#include "../fetch/fetch.h"\n'},
     [('analyze/topics.h', 1, 'analyze-includes')]),
    ({'analyze/engagement.c': '#include "plot/plot.h"\n'
                              '#include "cmd/cmd.h"\n'},
     [('analyze/engagement.c', 1, 'analyze-includes'),
      ('analyze/engagement.c', 2, 'analyze-includes')]),
    ({'analyze/decay.c': 'long f(void)\n{\n\treturn (time(NULL));\n}\n'},
     [('analyze/decay.c', 3, 'analyze-no-clock')]),
    ({'analyze/stats.c': 'long f(void) { return (time_now()); }\n'
                         'void g(void) { clock_gettime(0, &ts); }\n'},
     [('analyze/stats.c', 1, 'analyze-no-clock'),
      ('analyze/stats.c', 2, 'analyze-no-clock')]),
    ({'analyze/topics.c': 'const char *f(void)\n{\n'
                          '\treturn (getenv("TIDELINE_X"));\n}\n'},
     [('analyze/topics.c', 3, 'analyze-no-environment')]),
    ({'analyze/stats.c': 'extern char **environ;\n'},
     [('analyze/stats.c', 1, 'analyze-no-environment')]),
    ({'analyze/decay.c': '#include <stdio.h>\nvoid f(void)\n{\n'
                         '\tFILE *fp = fopen("/tmp/x", "w");\n}\n'},
     [('analyze/decay.c', 4, 'analyze-no-io')]),
    ({'analyze/bursts.c': 'void f(int x)\n{\n'
                          '\tfprintf(stderr, "%d\\n", x);\n}\n'},
     [('analyze/bursts.c', 3, 'analyze-no-io')]),
    ({'analyze/topics.c': '#include "util/log.h"\n'
                          'int f(int fd) { return (write(fd, "", 0)); }\n'},
     [('analyze/topics.c', 1, 'analyze-no-io'),
      ('analyze/topics.c', 2, 'analyze-no-io')]),
    ({'analyze/stats.c': 'int f(void) { return (rand() % 6); }\n'},
     [('analyze/stats.c', 1, 'analyze-no-system-random')]),
    ({'analyze/stats.c': 'static const char *dev = "/dev/urandom";\n'},
     [('analyze/stats.c', 1, 'analyze-no-system-random')]),
    ({'store/store.c': 'void f(void) { log_error("migrated"); }\n'},
     [('store/store.c', 1, 'errors-returned-below-cmd')]),
    ({'fetch/feed.c': 'void f(const char *s)\n{\n'
                      '\tfprintf(stderr, "%s", s);\n}\n'},
     [('fetch/feed.c', 3, 'errors-returned-below-cmd')]),
    ({'plot/plot.c': 'void f(void) { log_notice("kept"); }\n'},
     [('plot/plot.c', 1, 'errors-returned-below-cmd')]),
    ({'util/csv.c': '#include "util/buf.h"\n#include "store/store.h"\n'},
     [('util/csv.c', 2, 'util-includes')]),
    ({'util/account.h': '#include "analyze/series.h"\n'},
     [('util/account.h', 1, 'util-includes')]),
    ({'plot/growth.c': '#include "plot/plot.h"\n#include "store/store.h"\n'},
     [('plot/growth.c', 2, 'plot-includes')]),
    ({'plot/plot.h': '#include "cmd/cmd.h"\n'},
     [('plot/plot.h', 1, 'plot-includes')]),
    ({'store/posts.c': '#include "store/internal.h"\n'
                       '#include "analyze/decay.h"\n'},
     [('store/posts.c', 2, 'store-includes')]),
    ({'store/runs.c': '#include "fetch/fetch.h"\n'},
     [('store/runs.c', 1, 'store-includes')]),
    ({'platform.h': '#include "util/buf.h"\n#include "store/store.h"\n'},
     [('platform.h', 2, 'shared-header-includes')]),
    ({'net/http.c': '#include "util/buf.h"\n'},
     [('net/http.c', 1, 'known-layer')]),
]


def write_tree(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)


def self_test():
    """Check the verdicts on CLEAN and on every case; return 0 or 1."""
    failures = []
    covered = set()
    with tempfile.TemporaryDirectory(prefix='check-layers-') as tmp:
        trees = [(dict(CLEAN), [])] + [({**CLEAN, **extra}, want)
                                       for extra, want in CASES]
        for n, (files, want) in enumerate(trees):
            root = os.path.join(tmp, 'tree%d' % n, 'src')
            write_tree(root, files)
            got = sorted(set((f, line, rule)
                             for f, line, rule, _ in check(root)[0]))
            covered.update(rule for _, _, rule in want)
            if got != sorted(want):
                failures.append('case %d (%s): expected %s, got %s' %
                                (n, ', '.join(sorted(CASES[n - 1][0]) if n
                                              else ['clean']), want, got))
        failures += check_exit_codes(tmp)
    for rule in RULES:
        if rule['id'] not in covered:
            failures.append('rule %s has no case' % rule['id'])
    for f in failures:
        print('self-test: %s' % f)
    print('self-test: %d cases, %d rules: %s' %
          (len(CASES) + 1, len(RULES), 'FAILED' if failures else 'ok'))
    return 1 if failures else 0


def check_exit_codes(tmp):
    """The script run as CI runs it: 0 and silent on the clean tree, 1 and
    "FILE:LINE: rule" on a breach, 2 on a tree with no C file."""
    failures = []
    runs = [
        ('tree0/src', 0, ''),
        ('tree1/src', 1, 'src/cmd/init.c:2: sqlite-only-in-store: '
                         'includes sqlite3.h\n'),
        ('empty', 2, ''),
    ]
    os.makedirs(os.path.join(tmp, 'empty'))
    for rel, code, start in runs:
        p = subprocess.run([sys.executable, os.path.abspath(__file__),
                            os.path.join(tmp, rel)],
                           capture_output=True, text=True)
        if p.returncode != code or not p.stdout.startswith(start) or \
                (code == 0 and p.stdout != ''):
            failures.append('%s: exit %d, output %r; expected exit %d, '
                            'output starting %r' % (rel, p.returncode,
                                                    p.stdout, code, start))
    return failures


if __name__ == '__main__':
    sys.exit(main(sys.argv))
