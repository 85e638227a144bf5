"""Text from elsewhere never drives the terminal: titles, tags, handles,
group names and servers' error messages that carry terminal escapes (C0
and C1 controls, CSI and OSC sequences, OSC 52 clipboard writes, OSC 8
links, DEL, bidi overrides and isolates, bytes that are not UTF-8) reach
no text output and no message raw.

Here, every message on stderr must decode as UTF-8, be one line
and hold no C0 control but the newline, no DEL, no C1 control and no
bidi override."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox  # noqa: E402

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


def test_messages_are_one_safe_line():
    """stderr: a bad account, a bad cell in an import file, each one
    line with the unsafe characters as escapes."""
    with Sandbox() as s:
        code, out, err = run(s, 'track', 'x:\x1b]52;c;eA==\x07a\nb\u202e')
        assert code == 1 and err.count('\n') == 1, err
        assert "'x:\\x1b]52;c;eA==\\x07a\\nb\\u202e'" in err, err
        bad = s.write('f.csv', 'platform,handle,taken_at,followers\n'
                      'x,someone,2025-01-01\x9b\u2066\x1b[2J,5\n')
        code, out, err = run(s, 'import', 'followers', bad)
        assert code == 1, err
        assert '\\u009b\\u2066' in err and err.count('\n') == 1, err


harness.main(globals())
