"""Text from elsewhere never drives the terminal: titles, tags, handles,
group names and servers' error messages that carry terminal escapes (C0
and C1 controls, CSI and OSC sequences, OSC 52 clipboard writes, OSC 8
links, DEL, bidi overrides and isolates, bytes that are not UTF-8) reach
no text output and no message raw.

The bundled sample is imported with a sequence in every title and in
tags and the feed's handle; what no importer accepts (bytes that are not
UTF-8, a group name with controls, an unknown platform's handle) is
written into the database directly; a snapshot takes posts and error
messages carrying them from the fake platform server. Every text output
and stderr must then decode as UTF-8 and hold no C0 control but the
newline, no DEL, no C1 control and no bidi override."""
import csv
import io
import os
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox  # noqa: E402

AS_OF = '2026-10-31T12:00:00Z'
FFFD = '\ufffd'

# The sequences, by name; each title of the sample carries one of them.
SEQUENCES = [
    ('CSI colour (SGR)', '\x1b[31;1mred\x1b[0m'),
    ('CSI clear screen, cursor home', '\x1b[2J\x1b[H'),
    ('CSI cursor up, erase line', '\x1b[1A\x1b[2K'),
    ('OSC 52 clipboard write, BEL-ended', '\x1b]52;c;cm0gLXJmIH4K\x07'),
    ('OSC 52 clipboard write, ST-ended', '\x1b]52;p;Y3VybCBldmlsfHNo\x1b\\'),
    ('OSC 8 link', '\x1b]8;;https://evil.example/\x1b\\bank\x1b]8;;\x1b\\'),
    ('OSC 0 window title', '\x1b]0;owned\x07'),
    ('DCS string', '\x1bP+q544e\x1b\\'),
    ('lone ESC, BEL, backspace, vertical tab, form feed',
     '\x1bc\x07\x08\x0b\x0c'),
    ('carriage return (overwrites the line)', 'fake\rreal'),
    ('newline and tab', 'one\ntwo\tthree'),
    ('DEL', 'de\x7fl'),
    ('C1 CSI U+009B in UTF-8', '\x9b31mred\x9b0m'),
    ('C1 OSC U+009D ... ST U+009C in UTF-8', '\x9d52;c;cm0gLXJm\x9c'),
    ('C1 NEL U+0085, DCS U+0090, APC U+009F', 'a\x85b\x90c\x9f'),
    ('bidi LRE, RLE, PDF U+202A-U+202C', '\u202aa\u202bb\u202c'),
    ('bidi LRO, RLO U+202D, U+202E', '\u202dx\u202etxt.exe'),
    ('bidi isolates LRI, RLI, FSI, PDI U+2066-U+2069',
     '\u2066a\u2067b\u2068c\u2069'),
]
# Bytes no importer takes (not UTF-8), written into the database.
RAW_BYTES = [
    ('C1 CSI 0x9B as a raw byte', b'\x9b31mraw'),
    ('C1 OSC 0x9D ... ST 0x9C as raw bytes', b'\x9d52;c;eA==\x9c'),
    ('invalid UTF-8: stray, overlong, surrogate, truncated',
     b'\xff\xc0\xaf\xed\xa0\x80\xe2\x80'),
]
FEED = 'https://blog.example/feed.xml'
# The feed's handle: a URL may carry C1 controls and bidi overrides.
BAD_FEED = 'https://blog.example/\u202efeed\x9b\u2066.xml'
BIDI = set(range(0x202a, 0x202f)) | set(range(0x2066, 0x206a))


def unsafe(text, allow='\n'):
    """The first character a terminal could act on, or None."""
    for i, ch in enumerate(text):
        c = ord(ch)
        if (c < 0x20 and ch not in allow) or 0x7f <= c <= 0x9f or \
                c in BIDI:
            return i
    return None


def assert_safe(data, what, allow='\n'):
    assert isinstance(data, bytes), what
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        raise AssertionError('%s: not UTF-8 (%s): %r' % (
            what, e, data[max(0, e.start - 60):e.start + 20]))
    i = unsafe(text, allow)
    assert i is None, '%s: U+%04X at %d: %r' % (
        what, ord(text[i]), i, text[max(0, i - 60):i + 20])
    return text


def run(s, *args, env=None, allow='\n'):
    """Run tideline; stdout and stderr as bytes, checked as safe text."""
    full = dict(s.env)
    full.update(env or {})
    proc = subprocess.run([harness.binary()] + list(args),
                          capture_output=True, env=full, timeout=120)
    what = ' '.join(args)
    out = assert_safe(proc.stdout, what + ': stdout', allow)
    err = assert_safe(proc.stderr, what + ': stderr')
    return proc.returncode, out, err


def sample(name):
    return os.path.join(harness.source_root(), 'data', 'sample', name)


def poisoned_posts():
    """The sample's posts with a sequence in every title, in tags and in
    the feed's handle."""
    with open(sample('posts.csv'), encoding='utf-8', newline='') as f:
        rows = list(csv.DictReader(f))
    for i, row in enumerate(rows):
        seq = SEQUENCES[i % len(SEQUENCES)][1]
        words = row['title'].split(' ', 1)
        row['title'] = words[0] + ' ' + seq + ' ' + ''.join(words[1:])
        if row['handle'] == FEED:
            row['handle'] = BAD_FEED
        tags = row['tags'].split(';') if row['tags'] else []
        if tags and i % 2 == 0:
            tags[0] = tags[0][:2] + '\u202e' + tags[0][2:]
        if tags and i % 3 == 0:
            tags.append('esc\x1b]0:title\x07tag\x9b')
        row['tags'] = ';'.join(tags)
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
    return out.getvalue()


def poisoned_sandbox(s):
    """The sample imported poisoned, then what no importer takes."""
    s.ok('import', 'followers', sample('followers.csv'))
    s.ok('import', 'posts', s.write('posts.csv', poisoned_posts()))
    s.ok('import', 'metrics', sample('metrics.csv'))
    con = sqlite3.connect(s.db)
    ids = [r[0] for r in con.execute('SELECT id FROM posts ORDER BY id')]
    for i, pid in enumerate(ids):
        raw = RAW_BYTES[i % len(RAW_BYTES)][1]
        con.execute("UPDATE posts SET title = CAST(X'%s' AS TEXT) || "
                    "title WHERE id = ?" % raw.hex(), (pid,))
    con.execute("UPDATE accounts SET group_name = CAST(X'%s' AS TEXT) "
                "WHERE platform = 'mastodon'" % (
                    'w\x1b]52;c;eA==\x07\u202eg\x9b'.encode().hex() +
                    'ff'))
    # The importer stores tags in their one clean form ('linux',
    # 'esctag'); tags of an older database may still hold anything.
    con.execute("UPDATE post_tags SET tag = CAST(X'%s' AS TEXT) "
                "WHERE tag = 'linux'" % 'li\u202enux'.encode().hex())
    con.execute("UPDATE post_tags SET tag = CAST(X'%s' AS TEXT) "
                "WHERE tag = 'esctag'" %
                'esc\x1b]0:title\x07tag\x9b'.encode().hex())
    con.execute("INSERT INTO accounts (platform, handle, added_at) VALUES "
                "('mystery', CAST(X'%s' AS TEXT), '2025-01-01T00:00:00Z')" %
                ('h\x1b[2J\u2067x'.encode().hex() + '9b'))
    con.commit()
    con.close()


def test_analyses_text_is_safe():
    """bursts, decay and topics as text: titles, tags and the feed's
    handle are shown, each unsafe character as one replacement."""
    with Sandbox() as s:
        poisoned_sandbox(s)
        code, out, err = run(s, 'bursts', '--as-of', AS_OF)
        assert code == 0, err
        assert FFFD in out and '[31;1mred' in out, out[:2000]
        assert 'rss:https://blog.example/' + FFFD + 'feed' in out, out
        code, out, err = run(s, 'topics', '--as-of', AS_OF)
        assert code == 0, err
        assert 'li' + FFFD + 'nux' in out, out
        assert 'esc' + FFFD + ']0:title' + FFFD + 'tag' + FFFD in out, out
        code, out, err = run(s, 'decay', '--as-of', AS_OF)
        assert code == 0, err


def test_report_text_and_markdown_are_safe():
    with Sandbox() as s:
        poisoned_sandbox(s)
        for fmt in ('text', 'markdown'):
            code, out, err = run(s, 'report', '--as-of', AS_OF, '--format',
                                 fmt)
            assert code == 0, err
            assert 'w' + FFFD + ']52;c;eA==' + FFFD + FFFD + 'g' + FFFD \
                + FFFD in out, out[:500]
            assert out.count(FFFD) > 20, out


def test_listings_are_safe():
    """accounts and status: handles, group names, an unknown platform's
    handle from a newer tideline's database."""
    with Sandbox() as s:
        poisoned_sandbox(s)
        code, out, err = run(s, 'accounts')
        assert code == 0, err
        assert 'mystery:h' + FFFD + '[2J' + FFFD + 'x' + FFFD in out, out
        code, out, err = run(s, 'status')
        assert code == 0, err
        assert 'mystery:h' + FFFD in out, out


def test_charts_in_the_terminal_are_safe():
    """plot --term: gnuplot draws the labels (titles, tags, accounts) as
    characters in the terminal."""
    if shutil.which('gnuplot') is None:
        raise harness.SkipTest('gnuplot is not installed')
    with Sandbox() as s:
        poisoned_sandbox(s)
        for chart in ('growth', 'topics', 'decay', 'engagement'):
            # gnuplot's dumb terminal starts its page with a form feed.
            code, out, err = run(s, 'plot', chart, '--as-of', AS_OF,
                                 '--term', allow='\n\f')
            assert code == 0, (chart, err)
            if chart == 'topics':
                assert 'li nux' in out, out


def test_columns_stay_aligned():
    """A replaced character takes one column: the columns after a handle
    or a tag with replacements start where the header's do."""
    with Sandbox() as s:
        poisoned_sandbox(s)
        code, out, err = run(s, 'accounts')
        lines = out.splitlines()
        col = lines[0].index('GROUP')
        feed = [ln for ln in lines if ln.startswith('rss:')]
        assert feed and all(ln[col - 1] == ' ' and ln[col] != ' '
                            for ln in feed), out
        code, out, err = run(s, 'topics', '--as-of', AS_OF)
        lines = out.splitlines()
        col = lines[0].index('POSTS')
        bidi = [ln for ln in lines if FFFD in ln]
        assert bidi, out
        for ln in bidi:
            assert ln[col - 1] == ' ' and ln[col + 4].isdigit(), (ln, out)


def test_messages_are_one_safe_line():
    """stderr: a bad account, a bad cell in an import file, each one
    line with the unsafe characters as escapes."""
    with Sandbox() as s:
        code, out, err = run(s, 'track', 'x:\x1b]52;c;eA==\x07a\nb\u202e')
        # The message, then the command's usage.
        lines = err.splitlines()
        assert code == 2 and lines[1].startswith('usage:'), err
        assert "'x:\\x1b]52;c;eA==\\x07a\\nb\\u202e'" in err, err
        bad = s.write('f.csv', 'platform,handle,taken_at,followers\n'
                      'x,someone,2025-01-01\x9b\u2066\x1b[2J,5\n')
        code, out, err = run(s, 'import', 'followers', bad)
        assert code == 1, err
        assert '\\u009b\\u2066' in err and err.count('\n') == 1, err


def poisoned_state(fp):
    """Posts carrying every sequence on the fake server's accounts, and
    an article whose title and category carry what XML can."""
    for platform, key in (('mastodon', 'author@mastodon.example'),
                          ('bluesky', 'author.bsky.social'),
                          ('x', 'example_author'),
                          ('youtube', '@exampleauthor')):
        for i, (name, seq) in enumerate(SEQUENCES):
            post = {'text': 'post %d %s #t%s' % (i, seq, seq[:3]),
                    'age_s': 3600 * (i + 1), 'likes': 3, 'reposts': i}
            if platform == 'youtube':
                post.update({'kind': 'video', 'title': 'video ' + seq})
            fp.add_post(platform=platform, handle=key, **post)
    fp.control({'feeds': {'blog': {'posts': {'999': {
        'age_s': 7200, 'title': 'C1 \x9b31m, \u202etxt.exe, \u2066isolated',
        'slug': 'c1', 'url': 'https://blog.example/posts/c1/',
        'categories': ['Ke\u202ernel\x85'], 'tags': [],
        'text': '<p>\x9d52;c;eA==\x9c</p>', 'title_escape': 'numeric'}}}}})


def test_snapshot_replies_and_errors_are_safe():
    """A snapshot of posts carrying every sequence, then error messages
    carrying them: the per-account lines on stderr and status stay one
    safe line each."""
    server = harness.fake_platform_module()
    with Sandbox() as s, server.FakePlatform() as fp:
        names = harness.track_defaults(s, fp)
        poisoned_state(fp)
        code, out, err = run(s, 'snapshot', env=harness.TOKENS)
        assert code == 0, err
        for args in (('bursts',), ('topics',), ('decay',), ('report',),
                     ('report', '--format', 'markdown'), ('status',),
                     ('accounts',)):
            code, out, err = run(s, *args)
            assert code == 0, (args, err)
        message = ''.join(seq for _, seq in SEQUENCES)
        fp.control({'rules': [{'match': '', 'fault': 'status',
                               'status': 404, 'message': message,
                               'times': -1}]}, 'faults')
        code, out, err = run(s, 'snapshot', env=harness.TOKENS)
        assert code == 3, err
        lines = err.splitlines()
        assert len(lines) == len(names), err
        assert all(ln.startswith('tideline: ') for ln in lines), err
        assert '\\x1b]52;c;cm0gLXJmIH4K\\x07' in err, err
        assert '\\u202etxt.exe' in err, err
        code, out, err = run(s, 'status')
        assert code == 0, err
        assert 'failed 1 run in a row' in out and FFFD in out, out


harness.main(globals())
