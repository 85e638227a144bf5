"""What the replay tests share: the replay server, where the recorded
replies are, and the rows tideline stored, read the way the CLI tests
read them (tests/cli/harness.py)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'cli'))
sys.path.insert(0, HERE)
import harness  # noqa: E402
from harness import Sandbox, SkipTest, TOKENS  # noqa: E402,F401
from server import ReplayServer  # noqa: E402,F401

# The project's own recorded replies (tests/fixtures/real/README.md).
FIXTURES = os.path.join(harness.source_root(), 'tests', 'fixtures', 'real')


def shared_data():
    """The folder of recorded replies kept beside the project, never in
    it: TIDELINE_REAL_API, else ../shared/data/real-api from the source
    root. A test that needs it is skipped when it is absent."""
    path = os.environ.get('TIDELINE_REAL_API') or os.path.join(
        os.path.dirname(harness.source_root()), 'shared', 'data',
        'real-api')
    if not os.path.isdir(path):
        raise SkipTest('no recorded replies at %s (set TIDELINE_REAL_API)'
                       % path)
    return path


def snapshot(s, now, code=0, env=None):
    """Run snapshot as if it were 'now' (an ISO time): recorded posts are
    old, and tideline pages back only through recent ones. No census:
    the recordings hold no follower lists, so every census request would
    be one the server cannot answer (the census's replies are replayed
    in test_census.py)."""
    full = dict(TOKENS)
    full['TIDELINE_NOW'] = now
    full.update(env or {})
    return s.fails(code, 'snapshot', '--no-census', env=full)


def account_id(s, spec):
    return s.query('SELECT id FROM account_names WHERE account = ?',
                   (spec,))[0][0]


def followers(s, spec):
    """[(followers, following, posts, rounded)] of each snapshot."""
    return s.query('SELECT followers, following, posts, rounded FROM '
                   'follower_snapshots WHERE account_id = ?',
                   (account_id(s, spec),))


def posts(s, spec):
    """{remote_id: (title, kind, url, published_at)}."""
    return {r[0]: r[1:] for r in s.query(
        'SELECT remote_id, title, kind, url, published_at FROM posts '
        'WHERE account_id = ?', (account_id(s, spec),))}


def metrics(s, spec):
    """{remote_id: (likes, reposts, replies, quotes, views, bookmarks)}."""
    return {r[0]: r[1:] for r in s.query(
        'SELECT p.remote_id, m.likes, m.reposts, m.replies, m.quotes, '
        'm.views, m.bookmarks FROM post_metrics m JOIN posts p ON '
        'p.id = m.post_id WHERE p.account_id = ?', (account_id(s, spec),))}


def links(s, spec):
    return sorted(r[0] for r in s.query(
        'SELECT l.url FROM post_links l JOIN posts p ON p.id = l.post_id '
        'WHERE p.account_id = ?', (account_id(s, spec),)))


def errors(s):
    """The messages of the failed accounts of every run."""
    return [r[0] for r in s.query('SELECT message FROM fetch_errors')]
