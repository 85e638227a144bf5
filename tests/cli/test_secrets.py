"""Where tideline's secrets come from and where they must never go: the
config file (a FIFO, a folder, a device, a link, a file others can read or
another user's are refused at once, naming the real file), the per-server
token variables (two Mastodon servers never share one), core dumps during
a snapshot, and gnuplot's environment."""
import os
import resource
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import Sandbox, TOKENS, track_defaults  # noqa: E402

server = harness.fake_platform_module()

CONTENT = ('x_bearer_token = test-bearer-token\n'
           'youtube_api_key = test-api-key\n')


def run_snapshot(s, env, timeout=30):
    """snapshot with the secrets from the config file only; a hang is a
    failure, not a wait for the suite's timeout."""
    full = dict(s.env)
    full.update(TOKENS)
    full.update({'TIDELINE_X_BEARER_TOKEN': '',
                 'TIDELINE_YOUTUBE_API_KEY': ''})
    full.update(env)
    proc = subprocess.run([harness.binary(), 'snapshot'], env=full,
                          capture_output=True, text=True, timeout=timeout)
    return harness.Result(proc)


def refused(s, fp, path, message):
    """The accounts that need a secret fail with 'message'; the others
    are fetched; nothing is sent without the secret."""
    fp.clear_requests()
    started = time.time()
    r = run_snapshot(s, {'TIDELINE_CONFIG': path})
    assert time.time() - started < 20
    assert r.code == 3, r
    for spec in ('x:example_author', 'youtube:@exampleauthor'):
        assert 'tideline: %s: %s\n' % (spec, message) in r.err, (message, r)
    assert not fp.requests('/x/') and not fp.requests('/youtube/')
    assert s.query("SELECT count(*) FROM follower_snapshots f JOIN "
                   "account_names a ON a.id = f.account_id WHERE "
                   "a.account = 'bluesky:author.bsky.social'")[0][0] >= 1
    return r


def accepted(s, fp, path):
    r = run_snapshot(s, {'TIDELINE_CONFIG': path})
    assert r.code == 0, r
    assert fp.requests('/x/'), 'the token was not used'


def private_file(s, name, content=CONTENT, mode=0o600):
    path = s.write(name, content)
    os.chmod(path, mode)
    return path


def test_config_fifo_is_refused_without_waiting():
    with Sandbox() as s, server.FakePlatform() as fp:
        track_defaults(s, fp, feeds=False)
        path = s.path('config')
        os.mkfifo(path, 0o600)
        refused(s, fp, path, "config file '%s' is a FIFO, not a regular "
                "file" % path)


def test_config_folder_device_and_huge_file_are_refused():
    with Sandbox() as s, server.FakePlatform() as fp:
        track_defaults(s, fp, feeds=False)
        folder = s.path('config.d')
        os.mkdir(folder, 0o700)
        refused(s, fp, folder, "config file '%s' is a folder, not a "
                "regular file" % folder)
        refused(s, fp, '/dev/zero', "config file '/dev/zero' is a device, "
                "not a regular file")
        huge = private_file(s, 'huge', CONTENT + '#' * (1 << 20))
        refused(s, fp, huge, "config file '%s' is larger than 1024 KiB"
                % huge)


def test_config_others_may_read_is_refused():
    with Sandbox() as s, server.FakePlatform() as fp:
        track_defaults(s, fp, feeds=False)
        path = private_file(s, 'config')
        for mode in (0o644, 0o640, 0o604, 0o602, 0o620):
            os.chmod(path, mode)
            refused(s, fp, path, "config file '%s' can be read by others "
                    "(mode %03o) and holds secrets: run chmod 600 '%s'"
                    % (path, mode, path))
        os.chmod(path, 0o600)
        accepted(s, fp, path)


def test_config_link_names_the_real_file():
    """A linked config (dotfiles) is read through the link, and every
    message and hint names the file itself: a chmod of the link would
    change it anyway, and the user should know which file that is."""
    with Sandbox() as s, server.FakePlatform() as fp:
        track_defaults(s, fp, feeds=False)
        os.mkdir(s.path('dotfiles'))
        real = private_file(s, 'dotfiles/tideline.conf', mode=0o644)
        link = s.path('config')
        os.symlink('dotfiles/tideline.conf', link)
        refused(s, fp, link, "config file '%s' (linked from '%s') can be "
                "read by others (mode 644) and holds secrets: run chmod "
                "600 '%s'" % (real, link, real))
        os.chmod(real, 0o600)
        accepted(s, fp, link)
        # A link to a link, and one to a FIFO: the end of the chain.
        os.symlink(link, s.path('config2'))
        accepted(s, fp, s.path('config2'))
        fifo = s.path('dotfiles/fifo')
        os.mkfifo(fifo, 0o600)
        os.symlink(fifo, s.path('config3'))
        refused(s, fp, s.path('config3'), "config file '%s' (linked from "
                "'%s') is a FIFO, not a regular file" % (fifo,
                                                         s.path('config3')))
        os.symlink(s.path('missing'), s.path('config4'))
        refused(s, fp, s.path('config4'), "config file '%s' is a symbolic "
                "link to nothing readable: No such file or directory"
                % s.path('config4'))


def test_config_of_another_user_is_refused():
    with Sandbox() as s, server.FakePlatform() as fp:
        track_defaults(s, fp, feeds=False)
        if os.geteuid() == 0:
            path = private_file(s, 'config')
            os.chown(path, 65534, 65534)
        else:
            path = '/etc/passwd'          # root's, and anyone may read it
            if os.stat(path).st_uid == os.geteuid():
                raise harness.SkipTest('no file of another user here')
        refused(s, fp, path, "config file '%s' belongs to another user; it "
                "holds secrets, so it must be yours" % path)


# Three servers whose names differ only in '.', '-' and '--', each with
# the variable its own token must come from.
SERVERS = {
    'social.linux.pizza': 'TIDELINE_MASTODON_TOKEN_SOCIAL_LINUX_PIZZA',
    'social-linux.pizza': 'TIDELINE_MASTODON_TOKEN_SOCIAL__LINUX_PIZZA',
    'social--linux.pizza': 'TIDELINE_MASTODON_TOKEN_SOCIAL____LINUX_PIZZA',
}


def track_servers(s, fp):
    """One account on each server; {server: the fake's account id}."""
    ids = {}
    for host in SERVERS:
        made = fp.add_account(platform='mastodon', handle='a@' + host)
        ids[host] = made[0]['id']
        s.ok('track', 'mastodon:@a@' + host, '--api-base',
             fp.base('mastodon'))
    return ids


def tokens_sent(fp, ids):
    """{server: the set of Authorization headers its requests carried}."""
    sent = {host: set() for host in ids}
    # A status's lists (who liked it) name the status, not its account.
    mastodon = fp.state('mastodon')
    owner = {pid: h for h, i in ids.items() for a in mastodon.values()
             if a.get('id') == i for pid in a.get('posts', {})}
    for req in fp.requests('/mastodon/'):
        # The census's check of whose token it is names no account: the
        # token alone does. Each server's own is checked below.
        if req['path'].endswith('/verify_credentials'):
            continue
        acct = urllib.parse.parse_qs(req['query']).get('acct')
        status = req['path'].split('/statuses/')[1].split('/')[0] \
            if '/statuses/' in req['path'] else None
        host = [h for h, i in ids.items() if acct == ['a@' + h] or
                '/accounts/%s/' % i in req['path'] or owner.get(status) == h]
        assert len(host) == 1, req
        sent[host[0]].add(req['headers'].get('authorization'))
    return sent


def test_mastodon_servers_never_share_a_token_variable():
    with Sandbox() as s, server.FakePlatform() as fp:
        ids = track_servers(s, fp)
        env = {var: 'tok-' + host for host, var in SERVERS.items()}
        r = s.run('snapshot', env=env)
        assert r.code == 0 and r.err == '', r
        assert tokens_sent(fp, ids) == {
            host: {'Bearer tok-' + host} for host in SERVERS}
        # Each census asks whose its own server's token is, once.
        assert sorted(q['headers'].get('authorization') for q in
                      fp.requests('/verify_credentials')) == sorted(
            'Bearer tok-' + host for host in SERVERS)
        # The config file's keys are the names themselves.
        conf = private_file(s, 'config', ''.join(
            'mastodon_token.%s = cfg-%s\n' % (h, h) for h in SERVERS))
        fp.clear_requests()
        r = s.run('snapshot', env={'TIDELINE_CONFIG': conf,
                                   'TIDELINE_NOW': '2030-01-01T00:00:00Z'})
        assert r.code == 0, r
        assert tokens_sent(fp, ids) == {
            host: {'Bearer cfg-' + host} for host in SERVERS}


def test_mastodon_token_under_the_old_name_is_not_sent_elsewhere():
    """Only social.linux.pizza's variable set, which earlier tidelines
    also read for social-linux.pizza: that server gets no token, and a
    warning names the variable to set."""
    with Sandbox() as s, server.FakePlatform() as fp:
        ids = track_servers(s, fp)
        r = s.run('snapshot', env={SERVERS['social.linux.pizza']: 'tok-dot'})
        assert r.code == 0, r
        assert tokens_sent(fp, ids) == {
            'social.linux.pizza': {'Bearer tok-dot'},
            'social-linux.pizza': {None}, 'social--linux.pizza': {None}}
        old = SERVERS['social.linux.pizza']
        host = 'social-linux.pizza'
        assert r.err == (
            "tideline: warning: mastodon:@a@%s: no token sent: %s is "
            "another server's variable now that a '-' is written '__'; set "
            "%s or mastodon_token.%s\n" % (host, old, SERVERS[host], host)), r


def proc_status(pid):
    """(the process's real uid, the owner of /proc/PID/status): Linux makes
    root the owner of a process's /proc files when it is not dumpable."""
    path = '/proc/%d/status' % pid
    with open(path, encoding='utf-8') as f:
        uid = [int(line.split()[1]) for line in f if line.startswith('Uid:')]
    return uid[0], os.stat(path).st_uid


def core_limits(pid):
    with open('/proc/%d/limits' % pid, encoding='utf-8') as f:
        line = [ln for ln in f if ln.startswith('Max core file size')][0]
    return line.split()[4:6]


def allow_cores():
    """In the child: core files as large as the system lets them be, so
    that only tideline can turn them off."""
    hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))


def test_snapshot_keeps_secrets_out_of_core_dumps():
    """While a snapshot holds its tokens (a slow server keeps it mid-run),
    it can leave no core file and is not dumpable: /proc shows a core
    limit of 0 and root as the owner of its files. As root the snapshot
    runs as nobody, whose files would otherwise be nobody's."""
    if not os.path.isdir('/proc/self'):
        raise harness.SkipTest('no /proc here')
    with Sandbox() as s, server.FakePlatform() as fp:
        s.ok('track', 'x:example_author', '--api-base', fp.base('x'))
        user = {}
        if os.geteuid() == 0:
            user = {'user': 65534, 'group': 65534, 'extra_groups': []}
            for root, dirs, files in os.walk(s.dir):
                for name in dirs + files:
                    os.chown(os.path.join(root, name), 65534, 65534)
            os.chown(s.dir, 65534, 65534)
        fp.latency(2000)
        env = dict(s.env, **TOKENS)
        proc = subprocess.Popen([harness.binary(), 'snapshot'], env=env,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                preexec_fn=allow_cores, **user)
        try:
            deadline = time.time() + 20
            while not fp.requests('/x/') and time.time() < deadline:
                time.sleep(0.05)
            assert fp.requests('/x/'), 'the snapshot sent nothing'
            uid, owner = proc_status(proc.pid)
            limits = core_limits(proc.pid)
        finally:
            out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, (proc.returncode, err)
        assert limits == ['0', '0'], limits
        assert uid != 0, 'tideline ran as root: cannot tell'
        assert owner == 0, 'dumpable: /proc/PID is owned by %d' % owner


harness.main(globals())
