"""The walk back through an account's whole post history: the first run
(and each run until it is done) pages back to the oldest post on every
platform, within a request budget per account and run, one transaction
per page; the next run goes on where one stopped (a budget, a fault);
positions that repeat or go backwards stop it with a warning; posts gone
from the platform are marked, not dropped; --no-history; an older
database gets its backfill; status and the progress line."""
import calendar
import json
import os
import pty
import re
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, TOKENS  # noqa: E402

server = harness.fake_platform_module()


ENGAGER_LISTS = ('/favourited_by', '/reblogged_by', '.getLikes',
                 '.getRepostedBy', '.getQuotes')


def status_requests(fp):
    """The requests for the account's statuses (not for who liked one:
    the engager lists have a budget of their own)."""
    return [r for r in fp.requests('/statuses') if not
            r['path'].endswith(ENGAGER_LISTS)]

OWN = ('post', 'video', 'short', 'live', 'quote', 'thread')


def snapshot(s, *args, code=0, env=None):
    full = dict(TOKENS)
    full.update(env or {})
    return s.fails(code, 'snapshot', *args, env=full)


def make(fp, platform, handle, posts=2000, days=2000):
    """A generated account with a long history, tracked as tideline sees
    it: (spec, api base or None, the server's own post ids)."""
    acct = fp.control({'platform': platform, 'handle': handle,
                       'posts': posts, 'days': days, 'quotes': False},
                      'account')['accounts'][0]
    key = acct['key']
    state = fp.control(None, 'state?path=%s/%s' % (platform, key))
    own = {pid for pid, p in state['posts'].items()
           if p.get('kind', 'post') not in ('repost', 'reply')}
    if platform == 'wordpress':
        return 'rss:' + acct['rest'], None, set(state['posts'])
    return acct['spec'], acct['api_base'], own


def track(s, spec, base):
    if base:
        s.ok('track', spec, '--api-base', base)
    else:
        s.ok('track', spec)


def posts_of(s, spec):
    return {r[0] for r in s.query(
        'SELECT p.remote_id FROM posts p JOIN account_names n ON '
        'n.id = p.account_id WHERE n.account = ?', (spec,))}


def walk_of(s, spec):
    rows = s.query('SELECT h.cursor, h.complete, h.pages FROM history_walks '
                   'h JOIN account_names n ON n.id = h.account_id WHERE '
                   'n.account = ?', (spec,))
    return rows[0] if rows else None


def status_of(s, spec):
    for a in json.loads(s.ok('status', '--format', 'json').out)['accounts']:
        if a['account'] == spec:
            return a
    raise AssertionError(spec)


def test_first_run_walks_the_whole_history_on_every_platform():
    with Sandbox() as s, server.FakePlatform() as fp:
        made = [make(fp, 'mastodon', 'long@m.example'),
                make(fp, 'bluesky', 'long.bsky.social'),
                make(fp, 'x', 'long_x', posts=900),
                make(fp, 'youtube', '@longtube', posts=700),
                make(fp, 'wordpress', 'longwp', posts=230)]
        for spec, base, _ in made:
            track(s, spec, base)
        # X's default budget is kept low (it is billed per post read).
        snapshot(s, '--max-requests', '1000')
        for spec, _, own in made:
            got = posts_of(s, spec)
            assert len(got) == len(own), (spec, len(got), len(own))
            assert walk_of(s, spec)[:2] == (None, 1), (spec, walk_of(s, spec))
            st = status_of(s, spec)
            assert st['history'] == 'complete' and st['oldest_post'], st
        # Each post has its engagement of now: one metric snapshot (a
        # blog has no engagement).
        rows = s.query('SELECT n.platform, count(m.post_id), '
                       'count(DISTINCT p.id) FROM posts p JOIN account_names '
                       'n ON n.id = p.account_id LEFT JOIN post_metrics m ON '
                       'm.post_id = p.id GROUP BY n.platform')
        for platform, metrics, posts in rows:
            assert metrics == (0 if platform == 'rss' else posts), rows
        # A second run walks no further: the histories are complete.
        pages = [walk_of(s, spec)[2] for spec, _, _ in made]
        snapshot(s)
        assert [walk_of(s, spec)[2] for spec, _, _ in made] == pages


def test_x_history_ends_at_its_3200_newest_posts():
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, _ = make(fp, 'x', 'deep_x', posts=3400, days=3000)
        track(s, spec, base)
        snapshot(s, '--max-requests', '100')
        got = len(posts_of(s, spec))
        assert 2900 < got <= 3200, got
        assert walk_of(s, spec)[1] == 1
        # Complete as far as X goes, and status says how far that is.
        st = status_of(s, spec)
        assert st["history"] == "complete" and st["history_limit"] == 3200, st
        assert re.search(r"history complete \(X serves an account's 3200 "
                         r"newest posts only, replies and reposts among "
                         r"them; it has \d{4,}\)",
                         s.ok('status').out), s.ok('status').out
        others = [a for a in json.loads(s.ok('status', '--format', 'json')
                                        .out)['accounts']
                  if a['account'] != spec]
        assert all(a['history_limit'] is None for a in others)


def test_budget_stops_the_walk_and_the_next_run_goes_on():
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, own = make(fp, 'mastodon', 'budget@m.example')
        track(s, spec, base)
        r = snapshot(s, '--max-requests', '15', '-v')
        assert 'the next run goes on' in r.err, r
        first = posts_of(s, spec)
        cursor, complete, pages = walk_of(s, spec)
        assert complete == 0 and cursor and pages > 0
        st = status_of(s, spec)
        assert st['history'] == 'incomplete' and st['posts'] == len(first)
        assert 'history incomplete' in s.ok('status').out
        runs = 1
        while walk_of(s, spec)[1] == 0:
            before = posts_of(s, spec)
            fp.clear_requests()
            snapshot(s, '--max-requests', '15')
            assert len(status_requests(fp)) <= 15
            assert posts_of(s, spec) > before   # every run gets further
            runs += 1
            assert runs < 20
        # No gap, no duplicate: exactly the server's posts, each once.
        assert posts_of(s, spec) == own
        assert s.query('SELECT count(*) FROM posts')[0][0] == len(own)
        st = status_of(s, spec)
        assert st['history'] == 'complete'
        assert 'history complete' in s.ok('status').out


def requests_to(fp, platform):
    """The requests for the account's counts and posts: the census of its
    followers and the lists of who engaged with its posts (jobs of their
    own after them) have budgets of their own."""
    return [r for r in fp.requests('/%s/' % platform)
            if not r['path'].startswith('/_') and
            not r['path'].endswith(('/followers', '.getFollowers',
                                    '.getProfiles') + ENGAGER_LISTS)]


def later(days):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ',
                         time.gmtime(time.time() + days * 86400))


def test_the_budget_counts_every_request_of_a_busy_account():
    # 100 posts a day: the recent walk alone wants 10 pages.
    with Sandbox() as s, server.FakePlatform() as fp:
        made = [make(fp, 'x', 'busy_x', posts=2000, days=20),
                make(fp, 'mastodon', 'busy@m.example', posts=2000, days=20),
                make(fp, 'youtube', '@busytube', posts=2000, days=20)]
        for spec, base, _ in made:
            track(s, spec, base)
        snapshot(s, '--no-history', '--max-requests', '1000')
        for budget in (5, 7, 4):
            fp.clear_requests()
            r = snapshot(s, '--max-requests', str(budget), '-v')
            for platform in ('x', 'mastodon', 'youtube'):
                sent = requests_to(fp, platform)
                assert 0 < len(sent) <= budget, (platform, budget, len(sent))
            assert 'recent posts read back to' in r.err, r.err
        # X's own default (5, it is billed) holds too.
        fp.clear_requests()
        snapshot(s)
        assert 0 < len(requests_to(fp, 'x')) <= 5


def refreshes_asked(fp):
    """The ids of the statuses asked for one by one (refreshes)."""
    return {q['path'].rsplit('/', 1)[1] for q in fp.requests('/statuses/')
            if '/accounts/' not in q['path'] and
            not q['path'].endswith(ENGAGER_LISTS)}


def test_refreshes_leave_room_for_the_walk_and_wait_for_the_next_run():
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, own = make(fp, 'mastodon', 'due@m.example', posts=600)
        track(s, spec, base)
        snapshot(s, '--max-requests', '15')
        assert walk_of(s, spec)[1] == 0
        # Eight days on, 50 older posts are due for new numbers (one
        # request each on Mastodon) and the walk is not done: the
        # refreshes get half of what the recent posts leave.
        fp.clear_requests()
        r = snapshot(s, '--max-requests', '40', '-v',
                     env={'TIDELINE_NOW': later(8)})
        sent = len(requests_to(fp, 'mastodon'))
        first = refreshes_asked(fp)
        assert sent <= 40, sent
        assert 0 < len(first) <= 20, len(first)
        assert 'wait for the next run' in r.err, r.err
        assert walk_of(s, spec)[1] == 1, walk_of(s, spec)
        assert posts_of(s, spec) == own
        # Posts not asked for are not taken as deleted ...
        assert s.query('SELECT count(*) FROM post_deletions') == [(0,)]
        # ... and the next run refreshes the others first.
        fp.clear_requests()
        snapshot(s, '--max-requests', '1000', env={'TIDELINE_NOW': later(9)})
        second = refreshes_asked(fp)
        assert second and not (first & second), (first, second)
        assert s.query('SELECT count(*) FROM post_deletions') == [(0,)]


def test_a_budget_that_cuts_new_posts_short_says_which_are_missing():
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, own = make(fp, 'mastodon', 'gap@m.example', posts=2000,
                               days=20)
        track(s, spec, base)
        snapshot(s, '--max-requests', '1000')
        assert posts_of(s, spec) == own
        # As if the 300 newest were posted since the last run.
        con = sqlite3.connect(s.db)
        con.execute('PRAGMA foreign_keys = ON')
        con.execute('DELETE FROM posts WHERE id IN (SELECT id FROM posts '
                    'ORDER BY published_at DESC LIMIT 300)')
        con.commit()
        con.close()
        r = snapshot(s, '--max-requests', '4')
        assert 'cut the recent posts short' in r.err and \
            '--max-requests' in r.err, r.err
        assert len(posts_of(s, spec)) < len(own)
        # A run with room reads them all again: nothing is lost for good.
        r = snapshot(s, '--max-requests', '1000')
        assert 'cut the recent' not in r.err, r.err
        assert posts_of(s, spec) == own


def add_new_posts(fp, platform, handle, n):
    """n posts newer than any, a second apart, oldest first (a platform's
    ids grow with time): their ids."""
    posts = fp.state()[platform][handle]['posts']
    newest = max(calendar.timegm(time.strptime(p['created_at'][:19],
                                               '%Y-%m-%dT%H:%M:%S'))
                 for p in posts.values())
    return {fp.add_post(platform=platform, handle=handle,
                        text='new post %d' % i, created_at=time.strftime(
                            '%Y-%m-%dT%H:%M:%SZ',
                            time.gmtime(newest + 1 + i)))['id']
            for i in range(n)}


def test_more_new_posts_than_ten_pages_are_all_read():
    # The recent walk's ten pages were a cap on new posts too: of 500
    # posted since the last run, 100 were never read.
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, own = make(fp, 'mastodon', 'burst@m.example', posts=300)
        track(s, spec, base)
        snapshot(s, '--max-requests', '1000')
        assert walk_of(s, spec)[1] == 1
        new = add_new_posts(fp, 'mastodon', 'burst@m.example', 500)
        r = snapshot(s, '--max-requests', '1000', '-v')
        assert 'cut the recent' not in r.err, r.err
        assert posts_of(s, spec) == own | new


def test_a_gap_left_by_the_budget_is_read_later_however_old():
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, own = make(fp, 'mastodon', 'gap2@m.example', posts=300)
        track(s, spec, base)
        snapshot(s, '--max-requests', '1000')
        new = add_new_posts(fp, 'mastodon', 'gap2@m.example', 300)
        r = snapshot(s, '--max-requests', '4')
        assert 'cut the recent posts short' in r.err, r.err
        assert s.query('SELECT count(*) FROM timeline_gaps') == [(1,)]
        # The next run with the same budget says so again ...
        r = snapshot(s, '--max-requests', '4', env={'TIDELINE_NOW': later(1)})
        assert 'cut the recent posts short' in r.err, r.err
        # ... and one with room, 45 days on (the posts are no longer
        # recent), reads them all and forgets the gap.
        r = snapshot(s, '--max-requests', '1000',
                     env={'TIDELINE_NOW': later(45)})
        assert 'cut the recent' not in r.err, r.err
        assert posts_of(s, spec) == own | new
        assert s.query('SELECT count(*) FROM timeline_gaps') == [(0,)]


def test_a_fault_mid_walk_keeps_the_pages_before_and_resumes():
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, own = make(fp, 'mastodon', 'fault@m.example')
        track(s, spec, base)
        # The 9 later recent pages and 3 pages of history go through.
        fp.control({'rules': [{'match': 'max_id=', 'fault': 'status',
                               'status': 500, 'skip': 12, 'times': -1}]},
                   'faults')
        r = snapshot(s, code=3)
        assert 'HTTP 500' in r.err and 'history walk: 3 pages stored' \
            in r.err, r
        cursor, complete, pages = walk_of(s, spec)
        assert (complete, pages) == (0, 3), walk_of(s, spec)
        kept = posts_of(s, spec)
        assert len(kept) == 13 * 40, len(kept)
        assert s.query('PRAGMA integrity_check') == [('ok',)]
        fp.control(None, 'faults', 'DELETE')
        # The next run asks first for the page the fault stopped at.
        fp.clear_requests()
        snapshot(s, '--max-requests', '1000')
        assert ('max_id=' + cursor) in fp.requests('max_id=')[0]['query'] \
            or any(('max_id=' + cursor) in q['query']
                   for q in fp.requests('max_id='))
        assert posts_of(s, spec) == own
        assert walk_of(s, spec)[1] == 1


def test_a_malformed_page_keeps_the_pages_before():
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, own = make(fp, 'bluesky', 'bad.bsky.social')
        track(s, spec, base)
        fp.control({'rules': [{'match': 'cursor=', 'fault': 'malformed',
                               'skip': 12}]}, 'faults')
        r = snapshot(s, code=3)
        assert 'history walk' in r.err, r
        pages = walk_of(s, spec)[2]
        assert pages >= 1
        snapshot(s, '--max-requests', '1000')
        assert posts_of(s, spec) == own


def test_a_repeating_cursor_stops_the_walk_with_a_warning():
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, own = make(fp, 'bluesky', 'loop.bsky.social')
        track(s, spec, base)
        fp.control({'rules': [{'match': 'cursor=', 'fault':
                               'repeat_cursor', 'skip': 13, 'times': -1}]},
                   'faults')
        t = time.time()
        r = snapshot(s)
        assert time.time() - t < 30
        assert 'repeats one already read' in r.err, r
        assert walk_of(s, spec)[1] == 0
        assert len(fp.requests('getAuthorFeed')) < 30


def test_a_server_going_backwards_stops_the_walk_with_a_warning():
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, own = make(fp, 'mastodon', 'back@m.example')
        track(s, spec, base)
        fp.control({'rules': [{'match': 'max_id=', 'fault': 'rewind',
                               'skip': 11, 'times': -1}]}, 'faults')
        r = snapshot(s)
        assert 'went back to newer posts' in r.err, r
        assert walk_of(s, spec)[1] == 0
        assert len(status_requests(fp)) < 20


def test_a_deleted_post_is_marked_not_dropped():
    with Sandbox() as s, server.FakePlatform() as fp:
        spec = 'mastodon:@author@mastodon.example'
        s.ok('track', spec, '--api-base', fp.base('mastodon'))
        snapshot(s)
        old = s.query("SELECT remote_id FROM posts WHERE published_at < "
                      "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-35 days') "
                      "ORDER BY published_at LIMIT 1")[0][0]
        metrics = s.query('SELECT count(*) FROM post_metrics')[0][0]
        fp.control({'mastodon': {'author@mastodon.example': {
            'posts': {old: None}}}})
        later = time.strftime('%Y-%m-%dT%H:%M:%SZ',
                              time.gmtime(time.time() + 8 * 86400))
        r = snapshot(s, env={'TIDELINE_NOW': later})
        assert r.err == '', r            # no failure, nothing to say
        assert fp.requests('/statuses/' + old), 'not refreshed'
        assert s.query('SELECT count(*) FROM posts WHERE remote_id = ?',
                       (old,)) == [(1,)]
        assert s.query('SELECT count(*) FROM post_deletions') == [(1,)]
        assert s.query('SELECT count(*) FROM post_metrics')[0][0] >= metrics
        st = status_of(s, spec)
        assert st['deleted_posts'] == 1 and st['failures_in_a_row'] == 0
        assert '1 deleted on the platform' in s.ok('status').out
        rows = s.ok('export', 'posts').out.splitlines()
        assert rows[0].endswith(',deleted_at')
        marked = [line for line in rows[1:] if (',%s,' % old) in line]
        assert len(marked) == 1 and not marked[0].endswith(','), marked
        # A deleted post is not asked for again.
        fp.clear_requests()
        later = time.strftime('%Y-%m-%dT%H:%M:%SZ',
                              time.gmtime(time.time() + 20 * 86400))
        snapshot(s, env={'TIDELINE_NOW': later})
        assert not fp.requests('/statuses/' + old)


def test_a_recent_post_deleted_is_marked_on_the_next_run():
    # A post days old is no longer listed: asked for by id, a 404 says
    # it is gone, the same run (not 30 days later, when refreshes start).
    with Sandbox() as s, server.FakePlatform() as fp:
        names = [('mastodon', 'del@m.example'), ('bluesky', 'del.bsky.social'),
                 ('x', 'del_x'), ('youtube', '@deltube')]
        made = [make(fp, platform, handle, posts=300)
                for platform, handle in names]
        for spec, base, _ in made:
            track(s, spec, base)
        snapshot(s, '--max-requests', '1000')
        gone = {}
        for (platform, handle), (spec, _, _) in zip(names, made):
            rid = s.query(
                "SELECT p.remote_id FROM posts p JOIN account_names n ON "
                "n.id = p.account_id WHERE n.account = ? AND published_at "
                "< strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 days') ORDER "
                "BY published_at DESC LIMIT 1", (spec,))[0][0]
            gone[spec] = rid
            fp.control({platform: {handle: {'posts': {rid: None}}}})
        fp.clear_requests()
        r = snapshot(s, '--max-requests', '1000')
        assert r.err == '', r
        deleted = {r[0] for r in s.query(
            'SELECT p.remote_id FROM post_deletions d JOIN posts p ON '
            'p.id = d.post_id')}
        assert deleted == set(gone.values()), (deleted, gone)
        # Only the missing one was asked for by id on Mastodon.
        assert refreshes_asked(fp) == {gone[made[0][0]]}, \
            refreshes_asked(fp)


def test_a_post_seen_again_is_updated_and_no_longer_deleted():
    # The first run inserts every post, which has no tags to replace nor
    # a mark of deletion to take away; a later run that sees a post
    # again must do both, and update its row and metrics in place.
    with Sandbox() as s, server.FakePlatform() as fp:
        handle = 'again@m.example'
        spec, base, _ = make(fp, 'mastodon', handle, posts=300)
        track(s, spec, base)
        snapshot(s, '--max-requests', '1000')
        rid, pid = s.query(
            "SELECT remote_id, id FROM posts WHERE published_at < "
            "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 days') ORDER BY "
            "published_at DESC LIMIT 1")[0]
        total = s.query('SELECT count(*) FROM posts')[0][0]
        post = fp.control(None, 'state?path=mastodon/%s' % handle)[
            'posts'][rid]
        fp.control({'mastodon': {handle: {'posts': {rid: None}}}})
        snapshot(s, '--max-requests', '1000')
        assert s.query('SELECT post_id FROM post_deletions') == [(pid,)]
        post['text'] = 'Seen again, and edited. #Rewritten #again'
        post['likes'] = 12345
        fp.control({'mastodon': {handle: {'posts': {rid: post}}}})
        r = snapshot(s, '--max-requests', '1000')
        assert r.err == '', r
        assert s.query('SELECT count(*) FROM post_deletions') == [(0,)]
        assert s.query('SELECT count(*) FROM posts')[0][0] == total
        assert s.query('SELECT id, title FROM posts WHERE remote_id = ?',
                       (rid,)) == [
            (pid, 'Seen again, and edited. #Rewritten #again')]
        assert s.query('SELECT tag FROM post_tags WHERE post_id = ? ORDER '
                       'BY tag', (pid,)) == [('again',), ('rewritten',)]
        assert s.query('SELECT likes FROM post_metrics WHERE post_id = ? '
                       'ORDER BY taken_at DESC LIMIT 1', (pid,)) == [
            (12345,)]


def test_no_history_skips_the_walk():
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, own = make(fp, 'mastodon', 'skip@m.example')
        track(s, spec, base)
        snapshot(s, '--no-history')
        assert walk_of(s, spec) is None
        assert len(posts_of(s, spec)) <= 400
        assert status_of(s, spec)['history'] == 'not started'
        assert 'history not started' in s.ok('status').out
        snapshot(s, '--max-requests', '1000')
        assert posts_of(s, spec) == own


def test_no_history_on_an_account_read_whole_is_complete():
    # Its recent posts reach back to its first: nothing is left to walk.
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, own = make(fp, 'mastodon', 'few@m.example', posts=12)
        track(s, spec, base)
        snapshot(s, '--no-history')
        assert posts_of(s, spec) == own
        assert status_of(s, spec)['history'] == 'complete'


def test_an_older_database_gets_its_backfill_with_no_flag():
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, own = make(fp, 'mastodon', 'old@m.example')
        track(s, spec, base)
        snapshot(s, '--no-history')
        recent = posts_of(s, spec)
        # As a version-3 tideline left it: no history tables.
        con = sqlite3.connect(s.db)
        con.execute('DROP TABLE history_walks')
        con.execute('DROP TABLE post_deletions')
        con.execute('DROP TABLE timeline_gaps')
        for table in ('census_followers', 'census_walks', 'census_settings',
                      'census_failures', 'census_spend', 'census_notify',
                      'census_follow_times', 'census_severances',
                      'census_past_lives', 'census_activity_checks',
                      'census_spend_reads', 'engagements', 'engager_lists',
                      'census_mode_changes'):
            con.execute('DROP TABLE %s' % table)
        con.execute('PRAGMA user_version = 3')
        con.commit()
        con.close()
        r = snapshot(s, '--max-requests', '1000')
        assert 'before migrating it to version 16' in r.err, r
        assert posts_of(s, spec) == own and recent < own
        assert walk_of(s, spec)[1] == 1


def snapshot_on_a_tty(s, columns):
    """Run snapshot with its stderr on a terminal 'columns' wide (no
    COLUMNS in its environment): what it wrote there."""
    import fcntl
    import struct
    import termios
    env = dict(s.env)
    env.update(TOKENS)
    env.pop('COLUMNS', None)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ,
                struct.pack('HHHH', 24, columns, 0, 0))
    proc = subprocess.Popen([harness.binary(), 'snapshot'], env=env,
                            stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    out = b''
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.wait(60) == 0
    return out


def test_progress_on_a_terminal_and_quiet_from_cron():
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, own = make(fp, 'mastodon', 'tty@m.example')
        track(s, spec, base)
        r = snapshot(s, '--max-requests', '30')
        assert r.err == '', r            # cron: not a word
        text = snapshot_on_a_tty(s, 200).decode('utf-8', 'replace')
        assert 'history: ' in text and ' posts, %s back to ' % spec in text, \
            text[-500:]


def test_progress_line_fits_the_terminal():
    # A line wider than the terminal wraps, and '\r' with erase-to-end
    # then clears only its last row: every update left a row behind.
    with Sandbox() as s, server.FakePlatform() as fp:
        spec, base, own = make(fp, 'mastodon', 'a-long-name-for-a-tty@'
                               'mastodon.example')
        track(s, spec, base)
        out = snapshot_on_a_tty(s, 40)
        lines = [ln.replace('\x1b[K', '') for ln in
                 out.decode('utf-8').split('\r') if 'histor' in ln]
        assert lines, out
        for ln in lines:
            assert len(ln.rstrip('\n')) <= 39, (len(ln), ln)
        assert any(ln.endswith('\u2026') for ln in lines), lines



class ShortPagesSite:
    """A WordPress site whose proxy drops the Link header and whose pages
    come short (posts hidden from the public): only X-WP-TotalPages says
    that more pages follow."""

    PAGES = [50, 31, 7]

    def __init__(self):
        import http.server
        import threading
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                import urllib.parse
                q = urllib.parse.parse_qs(urllib.parse.urlsplit(
                    self.path).query)
                page = int(q.get('page', ['1'])[0])
                site.asked.append(page)
                if page > len(site.PAGES):
                    self.send_response(400)
                    self.end_headers()
                    return
                first = sum(site.PAGES[:page - 1])
                body = json.dumps([{
                    'id': first + i,
                    'link': 'https://short.example/?p=%d' % (first + i),
                    'date_gmt': '2024-%02d-%02dT12:00:00' % (
                        12 - (first + i) // 28, 28 - (first + i) % 28),
                    'title': {'rendered': 'Post %d' % (first + i)},
                } for i in range(site.PAGES[page - 1])]).encode()
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(body)))
                self.send_header('X-WP-TotalPages', str(len(site.PAGES)))
                self.end_headers()
                self.wfile.write(body)

        self.asked = []
        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                     Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def url(self):
        return 'http://127.0.0.1:%d/wp-json/wp/v2/posts' % (
            self.httpd.server_address[1])


def test_a_wordpress_post_is_known_by_its_guid_not_its_permalink():
    with Sandbox() as s, server.FakePlatform() as fp:
        acct = fp.control({'platform': 'wordpress', 'handle': 'slugs',
                           'posts': 5}, 'account')['accounts'][0]
        spec = 'rss:' + acct['rest']
        track(s, spec, None)
        snapshot(s)
        stored = dict(s.query('SELECT remote_id, url FROM posts'))
        assert len(stored) == 5 and all('?p=' in k for k in stored), stored
        # A slug edited: the same post at a new permalink.
        state = fp.control(None, 'state?path=wordpress/' + acct['key'])
        pid, art = sorted(state['posts'].items())[0]
        moved = art['url'].rstrip('/') + '-revised/'
        fp.control({'wordpress': {acct['key']: {'posts': {
            pid: {'url': moved}}}}})
        snapshot(s)
        now = dict(s.query('SELECT remote_id, url FROM posts'))
        assert set(now) == set(stored), (now, stored)
        assert moved in now.values()
        # A database of an older tideline, which keyed them by permalink,
        # is adopted: no post twice.
        con = sqlite3.connect(s.db)
        con.execute('UPDATE posts SET remote_id = url')
        con.commit()
        con.close()
        snapshot(s)
        assert dict(s.query('SELECT remote_id, url FROM posts')) == now


def test_wordpress_pages_as_many_as_its_total_pages_says():
    # Without Link and with short pages, the walk stopped after page 1.
    with Sandbox() as s, ShortPagesSite() as site:
        spec = 'rss:' + site.url
        s.ok('track', spec)
        snapshot(s, env={'TIDELINE_NOW': '2025-01-01T00:00:00Z'})
        assert len(posts_of(s, spec)) == sum(site.PAGES), site.asked
        assert sorted(set(site.asked)) == [1, 2, 3], site.asked
        assert status_of(s, spec)['history'] == 'complete'


harness.main(globals())
