#!/usr/bin/env python3
"""A fake of every platform tideline fetches from, for tests without internet.

One HTTP server on 127.0.0.1 plays Mastodon, Bluesky, X (API v2), YouTube
Data API v3, RSS/Atom feeds and a WordPress site, each under its own path
prefix, with the platforms' real response shapes (field names and types,
pagination, rate-limit headers, error bodies; see
/work/shared/docs/platform-apis.md). tideline's per-account --api-base
points at a prefix and appends the real API path:

    /mastodon   /api/v1/accounts/lookup?acct=USER[@DOMAIN]
                /api/v1/accounts/:id
                /api/v1/accounts/:id/statuses   (Link rel="next", max_id)
                /api/v1/accounts/:id/followers  (Link rel="next", max_id;
                    hide_collections: empty but to the owner_token,
                    and to it too with hide_from_owner)
                /api/v1/accounts/verify_credentials  (owner_token)
                /api/v1/notifications  (owner_token; types[], Link)
                /api/v1/statuses/:id
                /api/v1/statuses/:id/favourited_by, /reblogged_by  (Link)
    /bluesky    /xrpc/app.bsky.actor.getProfile?actor=HANDLE|DID
                /xrpc/app.bsky.feed.getAuthorFeed?actor=..&cursor=..
                /xrpc/app.bsky.feed.getPosts?uris=..&uris=..
                /xrpc/app.bsky.graph.getFollowers?actor=..&cursor=..
                /xrpc/app.bsky.actor.getProfiles?actors=..&actors=..
                /xrpc/app.bsky.feed.getLikes, getRepostedBy, getQuotes
                    ?uri=..&cursor=..
                /xrpc/com.atproto.server.createSession  (POST; app_password)
                /xrpc/app.bsky.notification.listNotifications  (session)
    /pds/P      the same login and notifications: a self-hosted PDS P,
                for the accounts whose 'pds' is P (others: /bluesky)
    /plc        /DID   a did:plc: document (PLC directory), naming the
                account's PDS
    /.well-known/did.json   the did:web: document of the account whose
                DID is did:web:HOST%3APORT of this server
    /x          /2/users/by/username/:username   /2/users/:id
                /2/users/:id/tweets   (meta.next_token -> pagination_token)
                /2/users/:id/followers   (user context; next_token)
                /2/users/me   (user context: the token's owner)
                /2/tweets?ids=a,b   /2/tweets/:id
    /youtube    /youtube/v3/channels   /youtube/v3/playlistItems
                /youtube/v3/videos
    /feeds      /NAME.xml (RSS 2.0)   /NAME.atom (Atom)
    /wp         /feed/  /feed/atom/  /wp-json/wp/v2/posts  (site "wp")
    /wpsite/S   the same for another WordPress site S

The world lives in one JSON state (GET /_control/state shows it): top-level
settings, then one object per platform mapping an account key to an
account, each with its posts keyed by post id. Counts are kept in neutral
names (followers, likes, reposts, replies, quotes, bookmarks, views) and
rendered in each platform's words; a count that is missing or null is left
out of the reply. Generated data is deterministic per handle.

Control API (JSON in and out; never delayed or faulted):

    GET    /_control/state[?path=a/b]   the state, or a part of it
    POST   /_control/state              deep-merge a patch (null deletes),
                                        or {"replace": {...}}
    POST   /_control/reset              back to the default state
    POST   /_control/account            generate account(s)
    POST   /_control/post               add one post to an account
    GET    /_control/faults             the fault rules and their hits
    POST   /_control/faults             append {"rules": [...]}
    DELETE /_control/faults             clear them
    GET    /_control/requests           what the platform routes received
    DELETE /_control/requests           forget it
    POST   /_control/latency            {"ms": N}: delay every platform reply
    POST   /_control/shutdown           stop the server
    GET    /_control/health             {"ok": true, "port": N}

Faults are described in README.md next to this file and in FAULTS below.

Python 3.11 standard library only. Run as a program (see --help), or use
FakePlatform from Python tests.
"""

import argparse
import base64
import copy
import gzip
import hashlib
import http
import json
import math
import os
import random
import re
import signal
import socket
import sys
import threading
import time
import traceback
import unicodedata
import urllib.parse
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# --------------------------------------------------------------------------
# Constants

PLATFORMS = ('mastodon', 'bluesky', 'x', 'youtube', 'feeds', 'wordpress')

JSON = 'application/json; charset=utf-8'
HTML = 'text/html; charset=UTF-8'
RSS_TYPE = 'application/rss+xml; charset=UTF-8'
ATOM_TYPE = 'application/atom+xml; charset=utf-8'

# Top-level settings of the state, with their defaults.
DEFAULT_SETTINGS = {
    'now': None,                        # ISO time generated data is based on
    'x_bearer_token': 'test-bearer-token',
    'x_user_token': 'test-user-token',  # the owner's OAuth 2.0 user token
    'x_user_token_owner': 'example_author',  # whose it is (/2/users/me)
    'youtube_api_key': 'test-api-key',
    'mastodon_token': None,             # set: Mastodon requires this Bearer
    'latency_ms': 0,                    # added to every platform reply
    'gzip': True,                       # compress when Accept-Encoding asks
    'rate_limits': {                    # what the rate headers say
        'mastodon': {'limit': 300, 'remaining': 299, 'window': 300},
        'bluesky': {'limit': 3000, 'remaining': 2999, 'window': 300},
        'x': {'limit': None, 'remaining': None, 'window': 900},
    },
}

# X's recorded per-endpoint limits (15-minute window, app auth).
X_ENDPOINT_LIMITS = {'x_user': 300, 'x_user_id': 300, 'x_tweets': 1500,
                     'x_lookup': 450, 'x_tweet': 450, 'x_followers': 15,
                     'x_liking_users': 75, 'x_retweeted_by': 75}

# Every fault, with its default number of times (-1: until cleared).
FAULTS = {
    'status': 1, 'rate_limit': 1, 'slow': 1, 'stall': 1, 'truncate': 1,
    'malformed': 1, 'wrong_type': 1, 'missing_field': 1, 'huge': 1,
    'redirect_loop': -1, 'redirect': 1, 'html_error': 1, 'x_200_errors': 1,
    'empty_cursor_page': -1, 'headers': 1, 'repeat_cursor': 1, 'rewind': 1,
}
# Faults that replace the reply before the route runs.
PRE_FAULTS = {'status', 'rate_limit', 'redirect_loop', 'redirect',
              'html_error', 'x_200_errors', 'empty_cursor_page'}
# The query parameters that say where a page starts, on every platform.
PAGE_PARAMS = ('max_id', 'cursor', 'pagination_token', 'pageToken', 'page')
# X's user timeline reaches back this far, and no further.
X_TIMELINE_MAX = 3200

MAX_LOGGED_REQUESTS = 200000
BENCH_DOMAIN = 'mastodon.example'

# --------------------------------------------------------------------------
# Time helpers (all times are UTC epoch seconds, floats)

WEEKDAYS = ('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')
MONTHS = ('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep',
          'Oct', 'Nov', 'Dec')


def parse_time(value):
    """An ISO 8601 string (Z or offset) or epoch number, as epoch seconds."""
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if text.endswith('Z') or text.endswith('z'):
        text = text[:-1] + '+00:00'
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp()


def fmt_iso(ts, digits=3):
    """2025-03-04T06:12:00.000Z (digits of fraction; 0: none)."""
    sec = math.floor(ts)
    base = time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(sec))
    if digits == 0:
        return base + 'Z'
    frac = int((ts - sec) * 10 ** digits)
    return '%s.%0*dZ' % (base, digits, frac)


def fmt_offset(ts, offset_min):
    """RFC 3339 with a numeric offset: 2025-03-04T08:12:00+02:00."""
    if offset_min == 0:
        return fmt_iso(ts, 0)
    local = time.strftime('%Y-%m-%dT%H:%M:%S',
                          time.gmtime(math.floor(ts) + offset_min * 60))
    sign = '+' if offset_min > 0 else '-'
    return '%s%s%02d:%02d' % (local, sign, abs(offset_min) // 60,
                              abs(offset_min) % 60)


def fmt_rfc822(ts, offset_min=0, gmt=False):
    """Tue, 04 Mar 2025 06:12:00 +0000 (or GMT)."""
    t = time.gmtime(math.floor(ts) + offset_min * 60)
    zone = 'GMT' if gmt and offset_min == 0 else '%s%02d%02d' % (
        '+' if offset_min >= 0 else '-', abs(offset_min) // 60,
        abs(offset_min) % 60)
    return '%s, %02d %s %04d %02d:%02d:%02d %s' % (
        WEEKDAYS[t.tm_wday], t.tm_mday, MONTHS[t.tm_mon - 1], t.tm_year,
        t.tm_hour, t.tm_min, t.tm_sec, zone)


def fmt_naive(ts, offset_min=0):
    """WordPress style, no zone: 2025-03-04T06:12:00."""
    return time.strftime('%Y-%m-%dT%H:%M:%S',
                         time.gmtime(math.floor(ts) + offset_min * 60))


def fmt_date(ts):
    return time.strftime('%Y-%m-%d', time.gmtime(math.floor(ts)))


def midnight(ts):
    return math.floor(ts / 86400) * 86400


# --------------------------------------------------------------------------
# Text helpers

URL_RE = re.compile(r'https?://[^\s<>"]*[^\s<>".,;:!?)\]\'…]')
TAG_RE = re.compile(r'(?<![\w#&/])#(\w+)')
TOKEN_RE = re.compile(r'(?P<url>https?://[^\s<>"]*[^\s<>".,;:!?)\]\'…])'
                      r'|(?<![\w#&/])#(?P<tag>\w+)')


def text_links(text):
    return URL_RE.findall(text or '')


def text_tags(text):
    return [t.lower() for t in TAG_RE.findall(text or '')]


def post_links(post):
    """Links of a post: those in its text, then its extra 'links'."""
    links = text_links(post.get('text'))
    for url in post.get('links') or []:
        if url not in links:
            links.append(url)
    return links


def xml_escape(text, quote=False):
    text = str(text).replace('&', '&amp;').replace('<', '&lt;')
    text = text.replace('>', '&gt;')
    return text.replace('"', '&quot;') if quote else text


def html_escape(text):
    return xml_escape(text, quote=True)


def html_entities(text, amp='&amp;'):
    """HTML with every non-ASCII character as a numeric reference."""
    out = []
    for ch in str(text):
        if ch == '&':
            out.append(amp)
        elif ch == '<':
            out.append('&lt;')
        elif ch == '>':
            out.append('&gt;')
        elif ord(ch) > 127:
            out.append('&#%d;' % ord(ch))
        else:
            out.append(ch)
    return ''.join(out)


def cdata(text):
    return '<![CDATA[' + str(text).replace(']]>', ']]]]><![CDATA[>') + ']]>'


def slugify(title):
    ascii_title = unicodedata.normalize('NFKD', title).encode(
        'ascii', 'ignore').decode()
    return re.sub(r'[^a-z0-9]+', '-', ascii_title.lower()).strip('-')


def url_display(url, width):
    """A URL without its scheme, cut to width characters with an ellipsis."""
    bare = re.sub(r'^https?://(www\.)?', '', url)
    return bare if len(bare) <= width else bare[:width - 1] + '…'


def digest(*parts, n=32):
    return hashlib.sha256('\0'.join(map(str, parts)).encode()).hexdigest()[:n]


def b32_lower(data):
    return base64.b32encode(data).decode().lower().rstrip('=')


def json_bytes(obj, pretty=False):
    if pretty:
        return json.dumps(obj, ensure_ascii=False, indent=2).encode()
    return json.dumps(obj, ensure_ascii=False, separators=(',', ':')).encode()


def int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------
# Generated data: what a creator who writes about systems programming posts

TOPICS = ('kernel', 'linux', 'performance', 'rust', 'databases', 'testing',
          'music')
TOPIC_WEIGHTS = (5, 3, 4, 2, 3, 2, 1)

SENTENCES = {
    'kernel': [
        'Patch for futexes finally merged 🎉 Took {n} revisions, and the '
        'reviewers were right every time.',
        'TIL RCU has a tunable I had never noticed in ten years of reading '
        'the docs.',
        'Bisected a scheduler regression all morning. It was my own commit.',
        'io_uring cut our syscalls by {n}% on the same workload.',
    ],
    'linux': [
        'The Linux man pages are better than their reputation. Read them, '
        'really.',
        'perf trace is the most underrated tool in the box.',
        'Rebuilt my laptop from scratch: {n} minutes to a working desktop.',
    ],
    'performance': [
        'A {n}× speed-up from removing one allocation in a hot loop.',
        'Benchmarks without variance are anecdotes with decimals.',
        'Flame graphs make everything look guilty. Measure twice.',
    ],
    'rust': [
        'Ported a {n}-line C parser to Rust. The borrow checker found two '
        'real bugs.',
        "Cargo's build times are the price; the tests are the reward.",
    ],
    'databases': [
        'SQLite in WAL mode handles more than you think: {n}k writes/s on a '
        'laptop.',
        'Upserts with RETURNING are a small miracle.',
    ],
    'testing': [
        'A flaky test is a bug report you have not read yet.',
        'Fuzzed the CSV reader overnight: {n} crashes, all the same '
        'off-by-one.',
    ],
    'music': [
        "Listening to Björk's Homogenic on repeat while reviewing patches.",
        'Café playlist today: naïve jazz covers of {n} punk songs.',
    ],
}

# The default blog's articles: (topic, title, tags).
ARTICLES = (
    ('kernel', 'Don’t fear the futex', ['locking', 'futex']),
    ('kernel', 'What RCU taught me about patience', ['rcu']),
    ('performance', 'Profiling & flame graphs: a field guide',
     ['perf', 'profiling']),
    ('rust', 'Rust & C: friends after all', ['ffi']),
    ('databases', 'SQLite’s WAL mode, explained', ['sqlite', 'wal']),
    ('linux', 'The man pages you’ve never read', ['docs']),
    ('testing', 'Fuzzing a CSV reader for a week', ['fuzzing', 'csv']),
    ('kernel', 'io_uring in production: “it depends”', ['io_uring']),
    ('performance', 'One allocation, 3× slower', ['allocation']),
    ('music', 'Björk, build systems & me', ['personal']),
    ('databases', 'Upserts with RETURNING', ['sql']),
    ('linux', 'perf trace is underrated', ['perf', 'tracing']),
    ('testing', 'Flaky tests are bug reports', ['ci']),
    ('rust', 'Borrow checker war stories', ['borrowck']),
)

VIDEO_TITLES = (
    ('kernel', 'Live-debugging a futex deadlock'),
    ('performance', 'Flame graphs in 10 minutes'),
    ('rust', 'Rust FFI from C, step by step'),
    ('databases', 'SQLite WAL mode under load'),
    ('testing', 'Fuzzing with AFL++: the first hour'),
    ('kernel', 'Reading the scheduler source'),
    ('kernel', "What's new in io_uring"),
    ('linux', 'My terminal setup & dotfiles'),
    ('performance', 'Benchmarking done right'),
    ('kernel', 'Q&A: your kernel questions'),
    ('performance', 'One-line perf win #shorts'),
    ('testing', 'Why your test is flaky'),
)

# Accounts of other people, for boosts/reposts/retweets and replies.
OTHERS = {
    'mastodon': [('friend@other.example', 'Friend'),
                 ('kernelnews@fosstodon.example', 'Kernel News')],
    'bluesky': [('friend.bsky.social', 'Friend'),
                ('kernelnews.bsky.social', 'Kernel News')],
    'x': [('friend_dev', 'Friend'), ('kernelnews', 'Kernel News')],
}

BLOG_SITE = 'https://blog.example'
DEFAULT_HANDLES = {
    'mastodon': 'author@mastodon.example',
    'bluesky': 'author.bsky.social',
    'x': 'example_author',
    'youtube': '@exampleauthor',
    'feeds': 'blog',
    'wordpress': 'wp',
}
DEFAULT_COUNTS = {      # followers, following, platform post count
    'mastodon': (1482, 188, 1460),
    'bluesky': (2315, 412, 980),
    'x': (12847, 412, 5310),
    'youtube': (12345, 0, 42),
}


def spread_ages(rng, n, days):
    """n post ages in seconds, oldest first: most within the last 30 days,
    a couple older (up to 'days')."""
    horizon = max(1, days) * 86400
    recent = min(30 * 86400, horizon)
    n_old = min(n, max(2, n // 12)) if horizon > recent + 7200 else 0
    ages = [rng.uniform(recent + 3600, horizon) for _ in range(n_old)]
    ages += [rng.uniform(600, max(1200, recent - 600))
             for _ in range(n - n_old)]
    ages = sorted({round(a) for a in ages}, reverse=True)
    while len(ages) < n:            # collisions: rare, but keep n posts
        ages.append(ages[-1] - 1 if ages else 600)
    return ages


def gen_counts(rng, followers, viral=False):
    """Engagement of one post, in neutral names."""
    base = max(1.0, (followers or 100) * 0.01)
    likes = int(base * rng.lognormvariate(0, 0.9)) + rng.randint(0, 3)
    if viral:
        likes *= 8
    reposts = int(likes * rng.uniform(0.05, 0.3))
    return {
        'likes': likes,
        'reposts': reposts,
        'replies': int(likes * rng.uniform(0.02, 0.15)),
        'quotes': int(reposts * rng.uniform(0.0, 0.3)),
        'bookmarks': int(likes * rng.uniform(0.0, 0.1)),
        'views': int(likes * rng.uniform(30, 80)) + rng.randint(50, 200),
    }


def gen_sentence(rng, topic):
    return rng.choice(SENTENCES[topic]).format(n=rng.randint(3, 40))


def pick_article(rng, pool, created, topic):
    """An article published before 'created', preferably on 'topic'."""
    older = [a for a in pool if parse_time(a['created_at']) <= created - 600]
    if not older:
        return None
    same = [a for a in older if a['topic'] == topic]
    return rng.choice(same or older)


def gen_text(rng, topic, article):
    """A post's text: a sentence or an article announcement, hashtags."""
    tags = ['#' + topic]
    if rng.random() < 0.3:
        tags.append('#' + rng.choice(TOPICS))
    if article is not None:
        intro = rng.choice(['New on the blog: {t}', 'Wrote up my notes: {t}',
                            '{t} (new post)'])
        body = intro.format(t=article['title']) + ' ' + article['url']
    else:
        body = gen_sentence(rng, topic)
    if rng.random() < 0.15:
        return body                 # no hashtags at all
    return body + ' ' + ' '.join(dict.fromkeys(tags))


def make_ids(rng, platform, n):
    """n post ids, ascending (newer posts get larger ids)."""
    if platform == 'bluesky':
        micros = rng.randrange(1_700_000_000, 1_720_000_000) * 10 ** 6
        out = []
        for _ in range(n):
            micros += rng.randrange(10 ** 9, 10 ** 11)
            out.append(tid(micros, rng.randrange(1024)))
        return out
    if platform == 'youtube':
        alphabet = ('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
                    '0123456789-_')
        return [''.join(rng.choice(alphabet) for _ in range(11))
                for _ in range(n)]
    if platform == 'mastodon':
        value, step = rng.randrange(110 * 10 ** 15, 112 * 10 ** 15), 10 ** 12
    else:
        value, step = rng.randrange(17 * 10 ** 17, 18 * 10 ** 17), 10 ** 15
    out = []
    for _ in range(n):
        value += rng.randrange(step // 10, step)
        out.append(str(value))
    return out


TID_ALPHABET = '234567abcdefghijklmnopqrstuvwxyz'


def tid(micros, clock):
    """An atproto TID: 13 sortable base32 characters."""
    value = (micros << 10) | clock
    return ''.join(TID_ALPHABET[(value >> (5 * (12 - i))) & 31]
                   for i in range(13))


def fake_did(seed):
    return 'did:plc:' + b32_lower(hashlib.sha256(seed.encode()).digest())[:24]


def fake_cid(*seed):
    return 'bafyrei' + b32_lower(hashlib.sha256(
        '\0'.join(seed).encode()).digest())[:52]


def channel_id(seed):
    raw = base64.urlsafe_b64encode(hashlib.sha256(seed.encode()).digest())
    return 'UC' + raw.decode()[:22]


def gen_original(rng, platform, created, followers):
    """A post by someone else, for a boost/repost/retweet."""
    who, name = rng.choice(OTHERS[platform])
    topic = rng.choices(TOPICS, TOPIC_WEIGHTS)[0]
    orig = {'handle': who, 'display_name': name,
            'text': gen_sentence(rng, topic) + ' #' + topic,
            'created_at': fmt_iso(created - rng.uniform(3600, 3 * 86400), 0)}
    orig.update(gen_counts(rng, followers * 3))
    if platform == 'mastodon':
        orig['id'] = str(rng.randrange(100 * 10 ** 15, 110 * 10 ** 15))
        orig['account_id'] = str(rng.randrange(10 ** 5, 10 ** 17))
    elif platform == 'bluesky':
        orig['did'] = fake_did(who)
        orig['id'] = tid(int(created - 86400) * 10 ** 6, rng.randrange(1024))
    else:
        orig['id'] = str(rng.randrange(16 * 10 ** 17, 17 * 10 ** 17))
        orig['author_id'] = str(rng.randrange(10 ** 6, 10 ** 9))
    return orig


def gen_social_posts(rng, platform, n, days, now, followers, pool,
                     quotes=True):
    """n posts of a Mastodon, Bluesky or X account, keyed by id."""
    ages = spread_ages(rng, n, days)
    ids = make_ids(rng, platform, n)
    special = list(range(n))
    rng.shuffle(special)
    # A few boosts of others and replies when there are enough posts.
    reposts = set(special[:2]) if n >= 8 else set()
    replies = set(special[2:4]) if n >= 8 else set()
    viral = special[4] if n >= 6 else None
    posts = {}
    for i, (age, pid) in enumerate(zip(ages, ids)):
        created = now - age
        post = {'created_at': fmt_iso(created, 0)}
        if i in reposts:
            post.update({'kind': 'repost', 'text': '',
                         'original': gen_original(rng, platform, created,
                                                  followers)})
            posts[pid] = post
            continue
        topic = rng.choices(TOPICS, TOPIC_WEIGHTS)[0]
        article = None
        if pool and rng.random() < 0.3:
            article = pick_article(rng, pool, created, topic)
        post['text'] = gen_text(rng, topic, article)
        post.update(gen_counts(rng, followers, viral=(i == viral)))
        if not quotes:
            del post['quotes']
        if i in replies:
            post['kind'] = 'reply'
            post['text'] = '@' + OTHERS[platform][0][0].split('@')[0] + \
                ' ' + gen_sentence(rng, topic)
            post['reply_to'] = gen_original(rng, platform, created, 10)
            for k in ('likes', 'reposts', 'views'):
                post[k] = post[k] // 4
        else:
            post['kind'] = 'post'
        if platform == 'bluesky' and article is not None:
            post['card'] = rng.random() < 0.6
            post['link_in_text'] = rng.random() < 0.7
        posts[pid] = post
    if platform == 'bluesky' and n >= 5:
        own = [p for p in posts.values() if p['kind'] == 'post']
        if own:
            max(own, key=lambda p: p['likes'])['pinned'] = True
    return posts


def gen_videos(rng, n, days, now, followers, pool):
    """n YouTube uploads keyed by video id."""
    ages = spread_ages(rng, n, days)
    ids = make_ids(rng, 'youtube', n)
    videos = {}
    for i, (age, vid) in enumerate(zip(ages, ids)):
        created = now - age
        topic, title = VIDEO_TITLES[i % len(VIDEO_TITLES)]
        article = pick_article(rng, pool, created, topic) if pool else None
        desc = gen_sentence(rng, topic)
        if article is not None and rng.random() < 0.5:
            desc += '\n\nWritten version: ' + article['url']
        desc += '\n\n#' + topic
        counts = gen_counts(rng, followers * 0.3)
        video = {'created_at': fmt_iso(created, 0), 'title': title,
                 'text': desc, 'tags': [topic, 'programming'],
                 'kind': 'short' if '#shorts' in title else 'video',
                 'views': counts['views'] * 5, 'likes': counts['likes'],
                 'replies': counts['replies']}
        if i == 1:
            video['likes'] = None          # likes hidden
        if i == 2:
            video['replies'] = None        # comments disabled
        videos[vid] = {k: v for k, v in video.items() if v is not None}
    return videos


def gen_articles(rng, n, days, now, site):
    """n blog articles keyed by WordPress post id (a string)."""
    ages = spread_ages(rng, n, days)
    articles = {}
    wp_id = 100 + rng.randrange(50)
    styles = ('numeric', 'double', 'plain')
    for i, age in enumerate(ages):
        topic, title, tags = ARTICLES[i % len(ARTICLES)]
        if i >= len(ARTICLES):
            title = '%s, part %d' % (title, i // len(ARTICLES) + 1)
        wp_id += rng.randrange(3, 40)
        slug = slugify(title)
        articles[str(wp_id)] = {
            'created_at': fmt_iso(now - age, 0),
            'title': title, 'slug': slug, 'topic': topic,
            'url': '%s/posts/%s/' % (site, slug),
            'categories': [topic.capitalize()], 'tags': list(tags),
            'text': '<p>%s</p>' % html_escape(gen_sentence(rng, topic)),
            'title_escape': styles[i % 3],
            'comments': rng.randint(0, 12),
        }
    return articles


def article_pool(state):
    """Articles social posts may link to: the default blog's."""
    blog = (state.get('feeds') or {}).get('blog') or {}
    pool = []
    for art in (blog.get('posts') or {}).values():
        if art.get('url') and art.get('created_at'):
            pool.append({'url': art['url'], 'title': art.get('title', ''),
                         'topic': art.get('topic', ''),
                         'created_at': art['created_at']})
    pool.sort(key=lambda a: a['url'])
    return pool


def account_key(platform, handle):
    """The state key of an account: lower case, platform conventions."""
    handle = str(handle).strip()
    if platform == 'mastodon':
        handle = handle.lstrip('@').lower()
        return handle if '@' in handle else handle + '@' + BENCH_DOMAIN
    if platform == 'bluesky':
        handle = handle.lstrip('@')
        return handle if handle.startswith('did:') else handle.lower()
    if platform == 'x':
        return handle.lstrip('@').lower()
    if platform == 'youtube':
        if handle.startswith('UC') and len(handle) == 24:
            return handle
        return '@' + handle.lstrip('@').lower()
    return handle


def gen_account(platform, key, opts, now, pool):
    """A generated account of a platform (deterministic from key + seed)."""
    rng = random.Random('%s:%s:%s' % (platform, key, opts.get('seed', '')))
    dflt = DEFAULT_COUNTS.get(platform, (0, 0, 0))
    default_account = key == DEFAULT_HANDLES.get(platform)
    followers = opts.get('followers')
    if followers is None:
        followers = dflt[0] if default_account else rng.randint(50, 20000)
    following = opts.get('following')
    if following is None:
        following = dflt[1] if default_account else rng.randint(10, 900)
    days = opts.get('days', 60)
    created = midnight(now - rng.uniform(400, 2500) * 86400)
    name = opts.get('display_name') or key.lstrip('@').split('@')[0] \
        .split('.')[0].replace('_', ' ').title()
    acct = {'handle': key, 'display_name': name,
            'created_at': fmt_iso(created, 0),
            'followers': followers, 'following': following}
    if platform in ('mastodon', 'bluesky', 'x'):
        n = opts.get('posts', 36)
        acct['posts'] = gen_social_posts(rng, platform, n, days, now,
                                         followers, pool,
                                         quotes=opts.get('quotes', True))
        acct['posts_count'] = dflt[2] if default_account else \
            n + rng.randint(0, 3000)
    if platform == 'mastodon':
        acct['id'] = str(rng.randrange(10 ** 17, 10 ** 18))
    elif platform == 'bluesky':
        acct['id'] = key if key.startswith('did:') else fake_did(key)
    elif platform == 'x':
        acct['id'] = str(rng.randrange(10 ** 8, 10 ** 10))
        acct['listed'] = rng.randint(0, 80)
        acct['likes_given'] = rng.randint(100, 20000)
    elif platform == 'youtube':
        n = opts.get('posts', 12)
        cid = key if key.startswith('UC') else channel_id(key)
        acct.update({'id': cid, 'following': None,
                     'views': followers * rng.randint(40, 120),
                     'posts_count': dflt[2] if default_account else
                     n + rng.randint(0, 200),
                     'posts': gen_videos(rng, n, days, now, followers, pool)})
    elif platform in ('feeds', 'wordpress'):
        site = BLOG_SITE if key in ('blog', 'wp') else 'https://%s.example' % (
            slugify(key) or 'site')
        n = opts.get('posts', len(ARTICLES))
        seed_rng = random.Random('articles:%s:%s' % (
            'blog' if key in ('blog', 'wp') else key, opts.get('seed', '')))
        acct = {'title': 'Notes on systems programming' if site == BLOG_SITE
                else key.title(), 'site_url': site, 'author': 'Author',
                'flavour': 'wordpress' if platform == 'wordpress' else 'plain',
                'utc_offset_min': 0,
                'posts': gen_articles(seed_rng, n, days, now, site)}
    if opts.get('hide_followers'):
        acct['hide_followers'] = True
    if opts.get('omit_counts'):
        acct['omit_counts'] = True
    return acct


def complete_account(platform, key, acct, now):
    """Fill what a hand-made account (added by a patch) lacks."""
    acct.setdefault('posts', {})
    if platform in ('feeds', 'wordpress'):
        acct.setdefault('title', key)
        acct.setdefault('site_url', 'https://%s.example' % slugify(key))
        acct.setdefault('flavour', 'wordpress' if platform == 'wordpress'
                        else 'plain')
        return
    rng = random.Random('%s:%s:' % (platform, key))
    acct.setdefault('handle', key)
    acct.setdefault('display_name', key.split('@')[0].lstrip('@'))
    acct.setdefault('created_at', fmt_iso(midnight(now - 400 * 86400), 0))
    if 'id' not in acct:
        if platform == 'mastodon':
            acct['id'] = str(rng.randrange(10 ** 17, 10 ** 18))
        elif platform == 'bluesky':
            acct['id'] = key if key.startswith('did:') else fake_did(key)
        elif platform == 'x':
            acct['id'] = str(rng.randrange(10 ** 8, 10 ** 10))
        elif platform == 'youtube':
            acct['id'] = key if key.startswith('UC') else channel_id(key)


def default_state(now=None):
    """The default world: one account per platform, a blog, a WP site."""
    now = math.floor(time.time()) if now is None else parse_time(now)
    state = copy.deepcopy(DEFAULT_SETTINGS)
    state['now'] = fmt_iso(now, 0)
    for platform in PLATFORMS:
        state[platform] = {}
    state['feeds']['blog'] = gen_account('feeds', 'blog', {}, now, [])
    wp = copy.deepcopy(state['feeds']['blog'])
    wp['flavour'] = 'wordpress'
    wp['title'] = 'Notes on systems programming (WordPress)'
    wp['utc_offset_min'] = 60       # 'date' is local time, 'date_gmt' UTC
    state['wordpress']['wp'] = wp
    pool = article_pool(state)
    for platform in ('mastodon', 'bluesky', 'x', 'youtube'):
        key = DEFAULT_HANDLES[platform]
        state[platform][key] = gen_account(platform, key, {}, now, pool)
    return state


# --------------------------------------------------------------------------
# The state and its indexes


def deep_merge(dst, patch):
    """RFC 7396 merge patch: dicts merge, null deletes, the rest replaces."""
    for key, value in patch.items():
        if value is None:
            dst.pop(key, None)
        elif isinstance(value, dict) and isinstance(dst.get(key), dict):
            deep_merge(dst[key], value)
        else:
            dst[key] = copy.deepcopy(value)
    return dst


def normalise_account(platform, key, acct, now):
    if not isinstance(acct, dict):
        raise ValueError('%s/%s must be an object' % (platform, key))
    complete_account(platform, key, acct, now)
    if not isinstance(acct['posts'], dict):
        raise ValueError('%s/%s/posts must be an object' % (platform, key))
    for pid, post in acct['posts'].items():
        if not isinstance(post, dict):
            raise ValueError('post %s must be an object' % pid)
        if 'created_at' not in post:
            post['created_at'] = fmt_iso(now - float(post.get('age_s', 0)), 0)
        else:
            parse_time(post['created_at'])      # refuse a bad time now
        post.pop('age_s', None)


class World:
    """The state plus lazily built indexes; used under the server lock."""

    def __init__(self, state):
        self.state = {}
        self.version = 0
        self.replace(state)

    # -- changes

    def replace(self, state):
        self.state = copy.deepcopy(state)
        self.normalise()

    def patch(self, patch):
        """Merge a patch; only the accounts it names are normalised."""
        deep_merge(self.state, patch)
        touched = [(platform, key) for platform in PLATFORMS
                   if isinstance(patch.get(platform), dict)
                   for key in patch[platform]]
        self.normalise(touched)

    def normalise(self, only=None):
        """Settings defaults, platform maps, complete accounts, absolute
        post times ('age_s' becomes 'created_at'). 'only': the (platform,
        key) pairs that changed; None: all."""
        for key, value in DEFAULT_SETTINGS.items():
            if key not in self.state:
                self.state[key] = copy.deepcopy(value)
        if not self.state.get('now'):
            self.state['now'] = fmt_iso(math.floor(time.time()), 0)
        now = self.now()
        for platform in PLATFORMS:
            if not isinstance(self.state.setdefault(platform, {}), dict):
                raise ValueError('%s must be an object' % platform)
        if only is None:
            only = [(platform, key) for platform in PLATFORMS
                    for key in self.state[platform]]
        for platform, key in only:
            acct = self.state[platform].get(key)
            if acct is not None:
                normalise_account(platform, key, acct, now)
        self.version += 1
        self._accounts = None
        self._posts = None
        self._sorted = {}
        self._followers = {}

    def now(self):
        return parse_time(self.state['now'])

    # -- lookups

    def setting(self, name):
        return self.state.get(name, DEFAULT_SETTINGS.get(name))

    def accounts(self, platform):
        return self.state.get(platform) or {}

    def _account_index(self):
        """{platform: {lookup name: key}} for handles, ids, playlists."""
        if self._accounts is not None:
            return self._accounts
        index = {}
        for platform in PLATFORMS:
            names = index[platform] = {}
            for key, acct in self.accounts(platform).items():
                for name in (key, acct.get('handle'), acct.get('id')):
                    if name:
                        names.setdefault(str(name).lower(), key)
                if platform == 'mastodon':
                    user = key.split('@')[0]
                    names.setdefault('user:' + user, key)
                if platform == 'youtube' and acct.get('id'):
                    names['uu:' + acct['id'][2:].lower()] = key
                    names.setdefault(key.lstrip('@').lower(), key)
                if platform == 'youtube' and acct.get('username'):
                    names.setdefault('user:' + acct['username'].lower(), key)
        self._accounts = index
        return index

    def find(self, platform, name):
        """(key, account) by key, handle or id (case-insensitive)."""
        if name is None:
            return None, None
        key = self._account_index()[platform].get(str(name).lower())
        if key is None:
            return None, None
        return key, self.accounts(platform)[key]

    def find_mastodon(self, acct):
        acct = acct.strip().lstrip('@').lower()
        if '@' in acct:
            return self.find('mastodon', acct)
        key = self._account_index()['mastodon'].get('user:' + acct)
        return self.find('mastodon', key)

    def find_playlist(self, playlist_id):
        if not playlist_id or not playlist_id.startswith('UU'):
            return None, None
        key = self._account_index()['youtube'].get(
            'uu:' + playlist_id[2:].lower())
        return self.find('youtube', key)

    def sorted_posts(self, platform, key):
        """[(id, post)] of an account, newest first."""
        cached = self._sorted.get((platform, key))
        if cached is not None:
            return cached
        acct = self.accounts(platform)[key]
        items = sorted(acct['posts'].items(), key=lambda kv: (
            parse_time(kv[1]['created_at']), len(kv[0]), kv[0]),
            reverse=True)
        self._sorted[(platform, key)] = items
        return items

    def follower_list(self, key):
        """The FollowerList of a Mastodon account, built once a state."""
        cached = self._followers.get(key)
        if cached is None:
            cached = FollowerList(self.accounts('mastodon')[key], self.now())
            self._followers[key] = cached
        return cached

    def find_post(self, platform, post_id):
        """(key, account, post) holding a post id, or Nones."""
        if self._posts is None:
            self._posts = {}
            for plat in PLATFORMS:
                for key, acct in self.accounts(plat).items():
                    for pid in acct['posts']:
                        self._posts.setdefault((plat, pid), key)
        key = self._posts.get((platform, post_id))
        if key is None:
            return None, None, None
        acct = self.accounts(platform)[key]
        return key, acct, acct['posts'][post_id]


# --------------------------------------------------------------------------
# Replies and requests


class Reply:
    """What a route answers: a JSON object or a text body, and headers."""

    def __init__(self, status=200, obj=None, body=None, ctype=JSON,
                 headers=None, pretty=False):
        self.status = status
        self.obj = obj
        self.body = body
        self.ctype = ctype
        self.headers = list(headers or [])
        self.pretty = pretty

    def is_json(self):
        return self.body is None

    def payload(self):
        if self.body is None:
            return json_bytes(self.obj, self.pretty)
        return self.body if isinstance(self.body, bytes) else \
            self.body.encode()


class Request:
    """One platform request, parsed."""

    def __init__(self, method, target, headers, host):
        self.method = method
        split = urllib.parse.urlsplit(target)
        self.path = split.path
        self.query = split.query
        self.target = target
        self.params = urllib.parse.parse_qs(split.query,
                                            keep_blank_values=True)
        self.headers = headers
        self.root = 'http://' + host
        self.platform = None
        self.site = None        # WordPress site key
        self.prefix = ''        # e.g. '/mastodon'
        self.rest = self.path   # the path after the prefix
        self.route = None
        self._split_prefix()

    def _split_prefix(self):
        parts = self.path.split('/', 3)
        first = parts[1] if len(parts) > 1 else ''
        simple = {'mastodon': 'mastodon', 'bluesky': 'bluesky', 'x': 'x',
                  'youtube': 'youtube', 'feeds': 'feeds'}
        if first in simple:
            self.platform = simple[first]
            self.prefix = '/' + first
        elif first == 'wp':
            self.platform, self.site, self.prefix = 'wordpress', 'wp', '/wp'
        elif first == 'wpsite' and len(parts) > 2:
            self.platform, self.site = 'wordpress', parts[2]
            self.prefix = '/wpsite/' + parts[2]
        elif first == 'pds' and len(parts) > 2:
            self.platform, self.site = 'bluesky', parts[2]
            self.prefix = '/pds/' + parts[2]
        elif first == 'plc':
            self.platform, self.prefix = 'bluesky', '/plc'
        elif first == '.well-known':
            self.platform = 'bluesky'
        else:
            return
        self.rest = self.path[len(self.prefix):] or '/'

    @property
    def base(self):
        return self.root + self.prefix

    def arg(self, name, default=None):
        values = self.params.get(name)
        return values[0] if values else default

    def args(self, name):
        return self.params.get(name, [])

    def csv_arg(self, name):
        out = []
        for value in self.args(name):
            out += [v.strip() for v in value.split(',') if v.strip()]
        return out

    def flag(self, name):
        return str(self.arg(name, '')).lower() in ('true', '1', 'yes')


# --------------------------------------------------------------------------
# Platform error bodies

MASTODON_ERRORS = {
    400: 'Bad request', 401: 'This API requires an authenticated user',
    403: 'This action is not allowed', 404: 'Record not found',
    410: 'Gone', 422: 'Validation failed: invalid parameters',
    429: 'Too many requests', 500: 'Internal server error',
    502: 'Bad gateway', 503: 'Service unavailable',
}
BLUESKY_ERRORS = {
    400: 'InvalidRequest', 401: 'AuthenticationRequired', 403: 'Forbidden',
    404: 'NotFound', 429: 'RateLimitExceeded', 500: 'InternalServerError',
    501: 'MethodNotImplemented', 502: 'UpstreamFailure',
    503: 'NotEnoughResources', 504: 'UpstreamTimeout',
}
YOUTUBE_ERRORS = {
    400: ('badRequest', 'INVALID_ARGUMENT'),
    401: ('authError', 'UNAUTHENTICATED'),
    403: ('forbidden', 'PERMISSION_DENIED'),
    404: ('notFound', 'NOT_FOUND'),
    429: ('rateLimitExceeded', 'RESOURCE_EXHAUSTED'),
    500: ('backendError', 'INTERNAL'),
    503: ('backendError', 'UNAVAILABLE'),
}
WORDPRESS_ERRORS = {
    400: 'rest_invalid_param', 401: 'rest_not_logged_in',
    403: 'rest_forbidden', 404: 'rest_no_route',
    500: 'internal_server_error',
}


def phrase(status):
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return 'Error'


def html_page(status, text=None):
    title = '%d %s' % (status, phrase(status))
    return ('<html>\r\n<head><title>%s</title></head>\r\n<body>\r\n'
            '<center><h1>%s</h1></center>\r\n%s<hr><center>nginx</center>\r\n'
            '</body>\r\n</html>\r\n') % (title, title,
                                          '<p>%s</p>\r\n' % html_escape(text)
                                          if text else '')


def error_reply(platform, status, message=None):
    """A platform-shaped error body for an HTTP status."""
    if platform == 'mastodon':
        return Reply(status, {'error': message or MASTODON_ERRORS.get(
            status, phrase(status))})
    if platform == 'bluesky':
        return Reply(status, {'error': BLUESKY_ERRORS.get(
            status, 'InternalServerError'),
            'message': message or phrase(status)})
    if platform == 'x':
        return Reply(status, {'title': phrase(status),
                              'detail': message or phrase(status),
                              'type': 'about:blank', 'status': status})
    if platform == 'youtube':
        return youtube_error(status, message or phrase(status),
                             *YOUTUBE_ERRORS.get(status, ('backendError',
                                                          'UNKNOWN')))
    if platform == 'wordpress':
        return Reply(status, {'code': WORDPRESS_ERRORS.get(
            status, 'http_error'), 'message': message or phrase(status),
            'data': {'status': status}})
    return Reply(status, body=html_page(status, message), ctype=HTML)


def youtube_error(status, message, reason, status_name=None, domain='global',
                  extra=None):
    err = {'message': message, 'domain': domain, 'reason': reason}
    err.update(extra or {})
    body = {'code': status, 'message': message, 'errors': [err]}
    if status_name:
        body['status'] = status_name
    return Reply(status, {'error': body}, pretty=True)


def youtube_quota():
    return youtube_error(
        403, 'The request cannot be completed because you have exceeded '
        'your <a href="/youtube/v3/getting-started#quota">quota</a>.',
        'quotaExceeded', None, domain='youtube.quota')


def x_invalid(param, value, message):
    return Reply(400, {
        'errors': [{'parameters': {param: [value]}, 'message': message}],
        'title': 'Invalid Request',
        'detail': 'One or more parameters to your request was invalid.',
        'type': 'https://api.twitter.com/2/problems/invalid-request'})


def x_not_found(kind, param, value, what):
    return {'value': value, 'detail': 'Could not find %s with %s: [%s].' % (
        kind, what, value), 'title': 'Not Found Error',
        'resource_type': kind, 'parameter': param, 'resource_id': value,
        'type': 'https://api.twitter.com/2/problems/resource-not-found'}


# --------------------------------------------------------------------------
# Rate-limit headers


def rate_headers(world, req, remaining=None, reset_in=None):
    """The headers a platform puts on every reply."""
    limits = (world.setting('rate_limits') or {}).get(req.platform)
    if not limits:
        return []
    window = limits.get('window') or 300
    limit = limits.get('limit')
    if limit is None:
        limit = X_ENDPOINT_LIMITS.get(req.route, 900)
    if remaining is None:
        remaining = limits.get('remaining')
        if remaining is None:
            remaining = max(0, limit - 1)
    now = time.time()
    reset = now + reset_in if reset_in is not None else \
        (math.floor(now / window) + 1) * window
    if req.platform == 'mastodon':
        return [('X-RateLimit-Limit', str(limit)),
                ('X-RateLimit-Remaining', str(remaining)),
                ('X-RateLimit-Reset', fmt_iso(reset, 6))]
    if req.platform == 'bluesky':
        return [('RateLimit-Limit', str(limit)),
                ('RateLimit-Remaining', str(remaining)),
                ('RateLimit-Reset', str(math.ceil(reset))),
                ('RateLimit-Policy', '%d;w=%d' % (limit, window))]
    if req.platform == 'x':
        return [('x-rate-limit-limit', str(limit)),
                ('x-rate-limit-remaining', str(remaining)),
                ('x-rate-limit-reset', str(math.ceil(reset)))]
    return []


# --------------------------------------------------------------------------
# Mastodon

def mastodon_domain(key):
    return key.split('@', 1)[1] if '@' in key else BENCH_DOMAIN


def mastodon_count(acct, field):
    if acct.get('omit_counts'):
        return None
    if field == 'followers' and acct.get('hide_followers'):
        return -1
    return acct.get(field)


def mastodon_account(world, key, acct):
    user, domain = key.split('@', 1)[0], mastodon_domain(key)
    sorted_posts = world.sorted_posts('mastodon', key)
    last = sorted_posts[0][1]['created_at'] if sorted_posts else None
    out = {
        'id': acct['id'], 'username': user, 'acct': user,
        'display_name': acct.get('display_name', user),
        'locked': False, 'bot': False, 'discoverable': True,
        'indexable': True, 'group': False,
        'created_at': fmt_iso(midnight(parse_time(acct['created_at']))),
        'note': '<p>Systems programming, kernels and the odd record.</p>',
        'url': 'https://%s/@%s' % (domain, user),
        'uri': 'https://%s/users/%s' % (domain, user),
        'avatar': 'https://%s/avatars/original/missing.png' % domain,
        'header': 'https://%s/headers/original/missing.png' % domain,
        'followers_count': mastodon_count(acct, 'followers'),
        'following_count': mastodon_count(acct, 'following'),
        'statuses_count': mastodon_count(acct, 'posts_count'),
        'last_status_at': fmt_date(parse_time(last)) if last else None,
        'hide_collections': bool(acct.get('hide_followers')),
        'emojis': [], 'fields': [],
    }
    for field in ('followers_count', 'following_count', 'statuses_count'):
        if out[field] is None:
            del out[field]
    return out


def mastodon_html(text, domain):
    """A status's text as Mastodon's HTML: links and hashtags as <a>."""
    out, pos = [], 0
    for m in TOKEN_RE.finditer(text):
        out.append(html_escape(text[pos:m.start()]))
        if m.group('url'):
            url = m.group('url')
            scheme, _, rest = url.partition('://')
            shown, hidden = rest[:30], rest[30:]
            out.append(
                '<a href="%s" target="_blank" rel="nofollow noopener '
                'noreferrer" translate="no"><span class="invisible">%s://'
                '</span><span class="%s">%s</span><span class="invisible">%s'
                '</span></a>' % (html_escape(url), scheme,
                                 'ellipsis' if hidden else '',
                                 html_escape(shown), html_escape(hidden)))
        else:
            tag = m.group('tag')
            out.append('<a href="https://%s/tags/%s" class="mention hashtag" '
                       'rel="tag">#<span>%s</span></a>' % (
                           domain, urllib.parse.quote(tag.lower()),
                           html_escape(tag)))
        pos = m.end()
    out.append(html_escape(text[pos:]))
    body = ''.join(out).replace('\n\n', '</p><p>').replace('\n', '<br />')
    return '<p>' + body + '</p>'


def mastodon_other_account(orig):
    handle = orig['handle']
    user, domain = handle.split('@', 1)
    return {'id': orig.get('account_id', '1'), 'username': user,
            'acct': handle, 'display_name': orig.get('display_name', user),
            'url': 'https://%s/@%s' % (domain, user),
            'uri': 'https://%s/users/%s' % (domain, user),
            'created_at': '2020-01-01T00:00:00.000Z',
            'followers_count': 5000, 'following_count': 300,
            'statuses_count': 4000, 'emojis': [], 'fields': []}


def mastodon_status(world, key, acct, pid, post, account_json=None):
    """A Status entity."""
    domain = mastodon_domain(key)
    user = key.split('@', 1)[0]
    if account_json is None:
        account_json = mastodon_account(world, key, acct)
    text = post.get('text') or ''
    kind = post.get('kind', 'post')
    status = {
        'id': pid,
        'created_at': fmt_iso(parse_time(post['created_at'])),
        'edited_at': None,
        'in_reply_to_id': None, 'in_reply_to_account_id': None,
        'sensitive': False, 'spoiler_text': '', 'visibility': 'public',
        'language': 'en',
        'uri': 'https://%s/users/%s/statuses/%s' % (domain, user, pid),
        'url': 'https://%s/@%s/%s' % (domain, user, pid),
        'replies_count': post.get('replies'),
        'reblogs_count': post.get('reposts'),
        'favourites_count': post.get('likes'),
        'quotes_count': post.get('quotes'),
        'content': mastodon_html(text, domain) if text else '',
        'reblog': None,
        'account': account_json,
        'media_attachments': [], 'mentions': [], 'emojis': [],
        'card': None, 'poll': None,
        'tags': [{'name': t, 'url': 'https://%s/tags/%s' % (domain, t)}
                 for t in text_tags(text)],
    }
    if kind == 'reply' and post.get('reply_to'):
        status['in_reply_to_id'] = post['reply_to'].get('id')
        status['in_reply_to_account_id'] = post['reply_to'].get('account_id')
    if kind == 'repost' and post.get('original'):
        orig = post['original']
        status['url'] = None
        status['uri'] = 'https://%s/users/%s/statuses/%s/activity' % (
            domain, user, pid)
        for field in ('replies_count', 'reblogs_count', 'favourites_count',
                      'quotes_count'):
            status[field] = 0
        status['tags'] = []
        other = mastodon_other_account(orig)
        inner = dict(status)
        inner.update({
            'id': orig['id'], 'account': other, 'reblog': None,
            'created_at': fmt_iso(parse_time(orig['created_at'])),
            'url': other['url'] + '/' + orig['id'],
            'uri': other['uri'] + '/statuses/' + orig['id'],
            'content': mastodon_html(orig.get('text', ''),
                                     orig['handle'].split('@', 1)[1]),
            'replies_count': orig.get('replies', 0),
            'reblogs_count': orig.get('reposts', 0),
            'favourites_count': orig.get('likes', 0),
            'quotes_count': orig.get('quotes', 0),
            'tags': [{'name': t, 'url': 'https://%s/tags/%s' % (domain, t)}
                     for t in text_tags(orig.get('text', ''))]})
        status['reblog'] = inner
    for field in ('replies_count', 'reblogs_count', 'favourites_count',
                  'quotes_count'):
        if status[field] is None:
            del status[field]
    return status


def mastodon_auth(world, req):
    token = world.setting('mastodon_token')
    if token and req.headers.get('authorization') != 'Bearer ' + token:
        return error_reply('mastodon', 401)
    return None


def route_mastodon_lookup(world, req):
    acct = req.arg('acct')
    if not acct:
        return error_reply('mastodon', 400,
                           'param is missing or the value is empty: acct')
    key, account = world.find_mastodon(acct)
    if account is None:
        return error_reply('mastodon', 404)
    return Reply(200, mastodon_account(world, key, account))


def route_mastodon_account(world, req, account_id):
    key, account = world.find('mastodon', account_id)
    if account is None or account.get('id') != account_id:
        f = mastodon_any_follower(world, account_id)
        if f is None or f.get('deleted'):
            return error_reply('mastodon', 404)
        return Reply(200, mastodon_follower_json(f))
    return Reply(200, mastodon_account(world, key, account))


def page_after(items, marker):
    """The items after the one whose id is marker (ids are strings)."""
    for i, (pid, _) in enumerate(items):
        if pid == marker:
            return items[i + 1:]
    if marker.isdigit():            # a vanished id: compare as numbers
        return [kv for kv in items if kv[0].isdigit() and
                (len(kv[0]), kv[0]) < (len(marker), marker)]
    return []


def page_before(items, marker):
    """The items newer than the one whose id is marker."""
    for i, (pid, _) in enumerate(items):
        if pid == marker:
            return items[:i]
    if marker.isdigit():
        return [kv for kv in items if kv[0].isdigit() and
                (len(kv[0]), kv[0]) > (len(marker), marker)]
    return list(items)


def route_mastodon_statuses(world, req, account_id):
    key, account = world.find('mastodon', account_id)
    if account is None or account.get('id') != account_id:
        return error_reply('mastodon', 404)
    limit = int_or_none(req.arg('limit', 20)) or 20
    limit = max(1, min(40, limit))
    items = world.sorted_posts('mastodon', key)
    if req.flag('exclude_replies'):
        items = [kv for kv in items if kv[1].get('kind') != 'reply']
    if req.flag('exclude_reblogs'):
        items = [kv for kv in items if kv[1].get('kind') != 'repost']
    if req.flag('pinned'):
        items = [kv for kv in items if kv[1].get('pinned')]
    if req.arg('tagged'):
        tag = req.arg('tagged').lower()
        items = [kv for kv in items if tag in text_tags(kv[1].get('text'))]
    if req.arg('max_id'):
        items = page_after(items, req.arg('max_id'))
    if req.arg('since_id'):
        items = page_before(items, req.arg('since_id'))
    if req.arg('min_id'):
        items = page_before(items, req.arg('min_id'))[-limit:]
    page = items[:limit]
    account_json = mastodon_account(world, key, account)
    body = [mastodon_status(world, key, account, pid, post, account_json)
            for pid, post in page]
    reply = Reply(200, body)
    links = mastodon_links(req, account_id, page, limit)
    if links:
        reply.headers.append(('Link', links))
    return reply


def mastodon_links(req, account_id, page, limit):
    """Link: rel="next" when the page is full (as Mastodon does), prev."""
    keep = {k: req.arg(k) for k in ('limit', 'only_media', 'exclude_replies',
                                    'exclude_reblogs', 'pinned', 'tagged')
            if req.arg(k) is not None}
    url = '%s/api/v1/accounts/%s/statuses?' % (req.base, account_id)
    links = []
    if page and len(page) == limit:
        links.append('<%s>; rel="next"' % (url + urllib.parse.urlencode(
            dict(keep, max_id=page[-1][0]))))
    if page:
        links.append('<%s>; rel="prev"' % (url + urllib.parse.urlencode(
            dict(keep, min_id=page[0][0]))))
    return ', '.join(links)


def mastodon_follower_json(f):
    """A follower as the list shows it: a whole Account."""
    acct = f.get('acct', 'f%s@remote.example' % f['id'])
    user, _, domain = acct.partition('@')
    domain = domain or 'mastodon.example'
    out = {
        'id': str(f['id']), 'username': user, 'acct': acct,
        'display_name': f.get('display_name', user),
        'locked': False, 'bot': False, 'group': False,
        'created_at': '2022-11-01T00:00:00.000Z',
        'url': 'https://%s/@%s' % (domain, user),
        'uri': f.get('uri', 'https://%s/users/%s' % (domain, user)),
        'followers_count': f.get('followers_count', 10),
        'following_count': f.get('following_count', 20),
        'statuses_count': f.get('statuses_count', 5),
        'last_status_at': f.get('last_status_at'),
        'emojis': [], 'fields': [],
    }
    if f.get('moved'):
        out['moved'] = {'id': '9' + str(f['id']), 'username': user,
                        'acct': user + '@new.example',
                        'url': 'https://new.example/@' + user}
    if f.get('suspended'):
        out['suspended'] = True
        out['statuses_count'] = out['followers_count'] = 0
    return out


FOLLOW_ID_BASE = 100000          # follow ids count up from here
GENERATED_ID_BASE = 9000000000   # generated followers' account ids


def generated_follower(j, now):
    """Follower j of a generated list (0: the newest of them): the same
    for the same j and now, whatever else the list holds. Their last
    posts are spread over the year before now; 1 in 10 never posted."""
    h = (j * 2654435761 + 12345) % 4294967296
    fid = str(GENERATED_ID_BASE + j)
    return {'id': fid, 'acct': 'g%d@remote%d.example' % (j, h % 50),
            'followers_count': h % 5000, 'statuses_count': h % 900,
            'last_status_at': None if h % 10 == 0 else
            fmt_date(now - (h % 365) * 86400)}


class FollowerList:
    """An account's follower list, newest follow first: the explicit
    follower_list, then followers_generate generated ones (older), each
    with the id of its follow (the list's cursor). Indexed: a page from
    a max_id costs the page, not the list (the generated part is
    computed, never stored)."""

    def __init__(self, account, now):
        self.explicit = account.get('follower_list', [])
        self.generated = max(0, int(account.get('followers_generate') or 0))
        self.now = now
        # Follow ids: given, or counted down from the top; the generated
        # ones are below every explicit one.
        n = len(self.explicit)
        top = FOLLOW_ID_BASE + self.generated + n
        self.ids = [str(f.get('follow_id', top - i))
                    for i, f in enumerate(self.explicit)]
        self.position = {fid: i for i, fid in enumerate(self.ids)}

    def __len__(self):
        return len(self.explicit) + self.generated

    def item(self, i):
        """(follow id, follower) at position i."""
        n = len(self.explicit)
        if i < n:
            return self.ids[i], self.explicit[i]
        j = i - n
        return (str(FOLLOW_ID_BASE + self.generated - j),
                generated_follower(j, self.now))

    def page(self, marker, limit):
        """Up to limit (follow id, follower) after the follow whose id is
        marker (None: from the top); a vanished numeric id: the follows
        older than it (compared as numbers); another: none."""
        n = len(self.explicit)
        if marker is None or marker in self.position:
            start = 0 if marker is None else self.position[marker] + 1
            return [self.item(i) for i in
                    range(start, min(len(self), start + limit))]
        if not marker.isdigit():
            return []
        m = int(marker)
        out = [(fid, f) for fid, f in zip(self.ids, self.explicit)
               if fid.isdigit() and int(fid) < m][:limit]
        # The generated follow ids: FOLLOW_ID_BASE + generated - j.
        j = max(0, min(self.generated, FOLLOW_ID_BASE + self.generated -
                       m + 1))
        stop = min(self.generated, j + limit - len(out))
        return out + [self.item(n + k) for k in range(j, stop)]

    def find(self, follower_id):
        """A follower of this list by account id, or None."""
        for f in self.explicit:
            if str(f['id']) == follower_id:
                return f
        if follower_id.isdigit():
            j = int(follower_id) - GENERATED_ID_BASE
            if 0 <= j < self.generated:
                return generated_follower(j, self.now)
        return None


def route_mastodon_followers(world, req, account_id):
    key, account = world.find('mastodon', account_id)
    if account is None or account.get('id') != account_id:
        return error_reply('mastodon', 404)
    if account.get('followers_denied'):
        return error_reply('mastodon', 401,
                           'This method requires an authenticated user')
    limit = int_or_none(req.arg('limit', 40)) or 40
    limit = max(1, min(80, limit))
    # Mastodon shows a hidden list to its owner (their own token); a
    # server that hides it even from them: hide_from_owner.
    owner, _ = mastodon_owner(world, req)
    if account.get('hide_collections') and (
            owner != key or account.get('hide_from_owner')):
        page = []
    else:
        page = world.follower_list(key).page(req.arg('max_id'), limit)
    reply = Reply(200, [mastodon_follower_json(f) for _, f in page])
    url = '%s/api/v1/accounts/%s/followers?' % (req.base, account_id)
    links = []
    if page and len(page) == limit:
        links.append('<%s>; rel="next"' % (url + urllib.parse.urlencode(
            {'limit': limit, 'max_id': page[-1][0]})))
    if page:
        links.append('<%s>; rel="prev"' % (url + urllib.parse.urlencode(
            {'limit': limit, 'since_id': page[0][0]})))
    if links:
        reply.headers.append(('Link', ', '.join(links)))
    return reply


def mastodon_any_follower(world, account_id):
    """A follower or former follower of any account, by id, or None."""
    for key, acct in world.accounts('mastodon').items():
        f = world.follower_list(key).find(account_id)
        if f is not None:
            return f
        for f in acct.get('former_followers', []):
            if str(f['id']) == account_id:
                return f
    return None


def mastodon_owner(world, req):
    """(key, account) whose owner_token is the request's Bearer token, or
    (None, None): the token's user, as Mastodon knows it from the token."""
    auth = req.headers.get('authorization') or ''
    if not auth.startswith('Bearer '):
        return None, None
    for key, acct in world.accounts('mastodon').items():
        if acct.get('owner_token') and acct['owner_token'] == auth[7:]:
            return key, acct
    return None, None


def route_mastodon_verify(world, req):
    """GET /api/v1/accounts/verify_credentials: the token's own account
    (a CredentialAccount: the Account with its source), or 401."""
    key, account = mastodon_owner(world, req)
    if account is None:
        return error_reply('mastodon', 401, 'The access token is invalid')
    out = mastodon_account(world, key, account)
    out['source'] = {'privacy': 'public', 'sensitive': False,
                     'language': 'en', 'note': '', 'fields': [],
                     'follow_requests_count': 0}
    return Reply(200, out)


def mastodon_notification_json(world, key, account, n):
    """A notification of the state ({id, type, created_at, follower: a
    follower as in follower_list | event: a severance event}) in
    Mastodon's shape. A severed_relationships notification's account is
    the owner's own; its event names what was cut."""
    nid = str(n['id'])
    out = {'id': nid, 'type': n['type'],
           'created_at': fmt_iso(parse_time(n['created_at'])),
           'group_key': 'ungrouped-' + nid}
    if n['type'] == 'severed_relationships':
        ev = n['event']
        out['account'] = mastodon_account(world, key, account)
        out['event'] = {
            'id': str(ev['id']), 'type': ev['type'], 'purged': False,
            'target_name': ev['target_name'],
            'followers_count': ev.get('followers_count', 0),
            'following_count': ev.get('following_count', 0),
            'created_at': fmt_iso(parse_time(ev.get('created_at',
                                                    n['created_at'])))}
    else:
        out['account'] = mastodon_follower_json(n['follower'])
    if n['type'] in ('mention', 'status', 'reblog', 'favourite', 'update',
                     'poll', 'quote'):
        out['status'] = None
    return out


def route_mastodon_notifications(world, req):
    """GET /api/v1/notifications: the token owner's notifications
    (state: the account's 'notifications'), newest first by id; types[]
    and exclude_types[] filter; max_id, since_id, min_id page; limit 40
    by default, 80 at most; Link rel="next" (max_id) when the page is
    full and rel="prev" (min_id), keeping the filters, as Mastodon does.
    The bearer token is required: without the owner's, a 401."""
    key, account = mastodon_owner(world, req)
    if account is None:
        return error_reply('mastodon', 401, 'The access token is invalid')
    if account.get('notifications_denied'):
        return error_reply('mastodon', 403, 'This action is outside the '
                           'authorized scopes')
    items = sorted(account.get('notifications', []),
                   key=lambda n: int(n['id']), reverse=True)
    types, exclude = req.args('types[]'), req.args('exclude_types[]')
    items = [n for n in items if (not types or n['type'] in types) and
             n['type'] not in exclude]
    for name, keep in (('max_id', lambda i, m: i < m),
                       ('since_id', lambda i, m: i > m),
                       ('min_id', lambda i, m: i > m)):
        marker = int_or_none(req.arg(name))
        if marker is not None:
            items = [n for n in items if keep(int(n['id']), marker)]
    limit = max(1, min(80, int_or_none(req.arg('limit', 40)) or 40))
    # min_id pages up from it: the oldest ones after it.
    page = items[-limit:] if req.arg('min_id') else items[:limit]
    reply = Reply(200, [mastodon_notification_json(world, key, account, n)
                        for n in page])
    keep = [('types[]', t) for t in types] + \
        [('exclude_types[]', t) for t in exclude] + [('limit', limit)]
    url = '%s/api/v1/notifications?' % req.base
    links = []
    if page and len(page) == limit:
        links.append('<%s>; rel="next"' % (url + urllib.parse.urlencode(
            keep + [('max_id', page[-1]['id'])])))
    if page:
        links.append('<%s>; rel="prev"' % (url + urllib.parse.urlencode(
            keep + [('min_id', page[0]['id'])])))
    if links:
        reply.headers.append(('Link', ', '.join(links)))
    return reply


def route_mastodon_status(world, req, status_id):
    key, account, post = world.find_post('mastodon', status_id)
    if post is None:
        return error_reply('mastodon', 404)
    return Reply(200, mastodon_status(world, key, account, status_id, post))


# --------------------------------------------------------------------------
# Bluesky

def bluesky_count(acct, field):
    if acct.get('omit_counts'):
        return None
    if field == 'followers' and acct.get('hide_followers'):
        return None
    return acct.get(field)


def bluesky_avatar(did):
    return 'https://cdn.bsky.app/img/avatar/plain/%s/%s@jpeg' % (
        did, fake_cid(did, 'avatar'))


def bluesky_basic(key, acct):
    """profileViewBasic of an account in the state."""
    return {'did': acct['id'], 'handle': acct.get('handle', key),
            'displayName': acct.get('display_name', key),
            'avatar': bluesky_avatar(acct['id']), 'labels': [],
            'createdAt': fmt_iso(parse_time(acct['created_at']))}


def bluesky_profile(world, key, acct):
    """profileViewDetailed."""
    out = bluesky_basic(key, acct)
    out.update({
        'description': 'Systems programming, kernels and the odd record.',
        'associated': {'lists': 0, 'feedgens': 0, 'starterPacks': 0,
                       'labeler': False},
        'indexedAt': fmt_iso(parse_time(acct['created_at']) + 3.5),
    })
    for name, field in (('followersCount', 'followers'),
                        ('followsCount', 'following'),
                        ('postsCount', 'posts_count')):
        value = bluesky_count(acct, field)
        if value is not None:
            out[name] = value
    for pid, post in world.sorted_posts('bluesky', key):
        if post.get('pinned') and post.get('kind') != 'repost':
            out['pinnedPost'] = {'uri': bluesky_uri(acct['id'], pid),
                                 'cid': fake_cid(acct['id'], pid)}
            break
    return out


def bluesky_uri(did, rkey):
    return 'at://%s/app.bsky.feed.post/%s' % (did, rkey)


def bluesky_rich_text(text, link_in_text=True):
    """(text, facets) with links shortened in the text, as apps do."""
    pieces, facets, pos, nbytes = [], [], 0, 0

    def add(s):
        nonlocal nbytes
        pieces.append(s)
        nbytes += len(s.encode())

    for m in TOKEN_RE.finditer(text):
        add(text[pos:m.start()])
        pos = m.end()
        if m.group('url'):
            if not link_in_text:
                continue
            start = nbytes
            add(url_display(m.group('url'), 30).replace('…', '...'))
            facets.append({'index': {'byteStart': start, 'byteEnd': nbytes},
                           'features': [{
                               '$type': 'app.bsky.richtext.facet#link',
                               'uri': m.group('url')}]})
        else:
            start = nbytes
            add('#' + m.group('tag'))
            facets.append({'index': {'byteStart': start, 'byteEnd': nbytes},
                           'features': [{
                               '$type': 'app.bsky.richtext.facet#tag',
                               'tag': m.group('tag')}]})
    add(text[pos:])
    out = ''.join(pieces)
    if not link_in_text:
        out = re.sub(r'  +', ' ', out).strip()
        facets = []                 # offsets moved: recompute tags only
        for m in TAG_RE.finditer(out):
            start = len(out[:m.start()].encode())
            end = len(out[:m.end()].encode())
            facets.append({'index': {'byteStart': start, 'byteEnd': end},
                           'features': [{
                               '$type': 'app.bsky.richtext.facet#tag',
                               'tag': m.group(1)}]})
    return out, facets


def bluesky_post_view(world, key, acct, rkey, post):
    """postView of an account's own post (or reply)."""
    did = acct['id']
    created = parse_time(post['created_at'])
    links = post_links(post)
    link_in_text = post.get('link_in_text', True)
    text, facets = bluesky_rich_text(post.get('text') or '', link_in_text)
    record = {'$type': 'app.bsky.feed.post', 'createdAt': fmt_iso(created),
              'langs': ['en'], 'text': text}
    if facets:
        record['facets'] = facets
    if post.get('tags'):
        record['tags'] = [str(t).lstrip('#') for t in post['tags']]
    view = {'uri': bluesky_uri(did, rkey), 'cid': fake_cid(did, rkey),
            'author': bluesky_basic(key, acct), 'record': record}
    if links and (post.get('card') or not link_in_text):
        external = {'uri': links[0], 'title': bluesky_link_title(links[0]),
                    'description': ''}
        record['embed'] = {'$type': 'app.bsky.embed.external',
                           'external': dict(external)}
        view['embed'] = {'$type': 'app.bsky.embed.external#view',
                         'external': external}
    if post.get('kind') == 'reply' and post.get('reply_to'):
        parent = post['reply_to']
        ref = {'uri': bluesky_uri(parent.get('did', 'did:plc:unknown'),
                                  parent.get('id', 'x')),
               'cid': fake_cid(parent.get('id', 'x'))}
        record['reply'] = {'root': ref, 'parent': ref}
    add_bluesky_counts(view, post)
    view['indexedAt'] = fmt_iso(created + 0.75)
    view['labels'] = []
    return view


def bluesky_link_title(url):
    for art in ARTICLE_TITLES_BY_SLUG:
        if art[0] in url:
            return art[1]
    return url_display(url, 60)


ARTICLE_TITLES_BY_SLUG = [(slugify(t), t) for _, t, _ in ARTICLES]


def add_bluesky_counts(view, counts):
    for name, field in (('replyCount', 'replies'), ('repostCount', 'reposts'),
                        ('likeCount', 'likes'), ('quoteCount', 'quotes'),
                        ('bookmarkCount', 'bookmarks')):
        if counts.get(field) is not None:
            view[name] = counts[field]


def bluesky_original_view(orig):
    """postView of someone else's post (what an account reposted)."""
    did = orig.get('did') or fake_did(orig['handle'])
    created = parse_time(orig['created_at'])
    text, facets = bluesky_rich_text(orig.get('text', ''))
    record = {'$type': 'app.bsky.feed.post', 'createdAt': fmt_iso(created),
              'langs': ['en'], 'text': text}
    if facets:
        record['facets'] = facets
    view = {'uri': bluesky_uri(did, orig['id']), 'cid': fake_cid(did,
                                                                 orig['id']),
            'author': {'did': did, 'handle': orig['handle'],
                       'displayName': orig.get('display_name', ''),
                       'avatar': bluesky_avatar(did), 'labels': [],
                       'createdAt': '2023-04-01T00:00:00.000Z'},
            'record': record}
    add_bluesky_counts(view, orig)
    view['indexedAt'] = fmt_iso(created + 0.5)
    view['labels'] = []
    return view


def bluesky_feed_item(world, key, acct, rkey, post):
    if post.get('kind') == 'repost' and post.get('original'):
        return {'post': bluesky_original_view(post['original']),
                'reason': {'$type': 'app.bsky.feed.defs#reasonRepost',
                           'by': bluesky_basic(key, acct),
                           'indexedAt': fmt_iso(
                               parse_time(post['created_at']))}}
    item = {'post': bluesky_post_view(world, key, acct, rkey, post)}
    if post.get('kind') == 'reply':
        parent = item['post']['record']['reply']['parent']['uri']
        stub = {'$type': 'app.bsky.feed.defs#notFoundPost', 'uri': parent,
                'notFound': True}
        item['reply'] = {'root': stub, 'parent': dict(stub)}
    return item


def bluesky_actor(world, req):
    actor = req.arg('actor')
    if not actor:
        return None, None, Reply(400, {
            'error': 'InvalidRequest',
            'message': 'Error: Params must have the property "actor"'})
    key, acct = world.find('bluesky', actor.lstrip('@'))
    if acct is None:
        return None, None, error_reply('bluesky', 400, 'Profile not found')
    return key, acct, None


def route_bluesky_profile(world, req):
    key, acct, err = bluesky_actor(world, req)
    return err or Reply(200, bluesky_profile(world, key, acct))


def bluesky_cursor_of(post_id, post):
    ms = int(parse_time(post['created_at']) * 1000)
    return '%d::%s' % (ms, post_id)


def bluesky_after_cursor(items, cursor):
    """Items after the cursor; None if the cursor is malformed."""
    ms_text, _, rkey = cursor.partition('::')
    if not ms_text.isdigit():
        return None
    for i, (pid, _) in enumerate(items):
        if pid == rkey:
            return items[i + 1:]
    return [kv for kv in items
            if parse_time(kv[1]['created_at']) * 1000 < int(ms_text)]


def route_bluesky_feed(world, req):
    key, acct, err = bluesky_actor(world, req)
    if err:
        return err
    limit = int_or_none(req.arg('limit', 50))
    if limit is None or not 1 <= limit <= 100:
        return Reply(400, {'error': 'InvalidRequest',
                           'message': 'Error: limit must be <= 100'
                           if (limit or 0) > 100 else
                           'Error: limit must be >= 1'})
    items = world.sorted_posts('bluesky', key)
    filt = req.arg('filter', 'posts_with_replies')
    if filt in ('posts_no_replies', 'posts_and_author_threads'):
        items = [kv for kv in items if kv[1].get('kind') != 'reply']
    elif filt in ('posts_with_media', 'posts_with_video'):
        items = [kv for kv in items if kv[1].get('media')]
    cursor = req.arg('cursor')
    if cursor:
        items = bluesky_after_cursor(items, cursor)
        if items is None:
            return Reply(400, {'error': 'InvalidRequest',
                               'message': 'Malformed cursor'})
    page = items[:limit]
    feed = [bluesky_feed_item(world, key, acct, pid, post)
            for pid, post in page]
    if not cursor and req.flag('includePins'):
        for pid, post in world.sorted_posts('bluesky', key):
            if post.get('pinned') and post.get('kind') != 'repost':
                view = bluesky_post_view(world, key, acct, pid, post)
                feed.insert(0, {'post': view, 'reason': {
                    '$type': 'app.bsky.feed.defs#reasonPin'}})
                break
    body = {'feed': feed}
    if page:
        body = {'cursor': bluesky_cursor_of(*page[-1]), 'feed': feed}
    return Reply(200, body)


def route_bluesky_posts(world, req):
    uris = req.args('uris')
    if len(uris) > 25:
        return Reply(400, {'error': 'InvalidRequest',
                           'message': 'Error: uris must not have more than '
                           '25 elements'})
    if not uris:
        return Reply(400, {'error': 'InvalidRequest',
                           'message': 'Error: Params must have the property '
                           '"uris"'})
    posts = []
    for uri in uris:
        m = re.fullmatch(r'at://([^/]+)/app\.bsky\.feed\.post/([^/]+)', uri)
        if not m:
            return Reply(400, {'error': 'InvalidRequest',
                               'message': 'Error: uris/0 must be a valid '
                               'at-uri'})
        key, acct = world.find('bluesky', m.group(1))
        post = acct['posts'].get(m.group(2)) if acct else None
        if post is None or post.get('kind') == 'repost':
            continue                # unknown posts are left out
        posts.append(bluesky_post_view(world, key, acct, m.group(2), post))
    return Reply(200, {'posts': posts})


def bluesky_follow_keys(followers):
    """Each follower with the sort key of its follow (ms, newest first):
    given as 'follow_ms', or counted up from the bottom, so that followers
    added at the top leave the keys below as they were."""
    n = len(followers)
    return [(int(f.get('follow_ms', 1682000000000 + (n - i) * 1000)), f)
            for i, f in enumerate(followers)]


BSKY_GENERATED_DID = 'did:plc:gen'    # and 21 base32 characters
BSKY_GENERATED_MS = 1600000000000      # the generated follows' times
BSKY_GENERATED_MAX = 10000             # a count past the bound lists these


def bluesky_generated_count(acct):
    """How many followers an account without a follower_list lists: its
    count less the 2% deleted or deactivated (counted, not listed), as on
    real accounts (1-3%), at most BSKY_GENERATED_MAX; none for an account
    given a list."""
    if 'follower_list' in acct:
        return 0
    count = int_or_none(acct.get('followers')) or 0
    return max(0, min(BSKY_GENERATED_MAX, count - count * 2 // 100))


def bluesky_generated_follower(j):
    """Generated follower j (0: the newest of them), the same for the same
    j whatever else the list holds; followed before every explicit one."""
    h = (j * 2654435761 + 4242) % 4294967296
    digits, v = [], j
    for _ in range(21):
        digits.append('abcdefghijklmnopqrstuvwxyz234567'[v % 32])
        v //= 32
    return {'did': BSKY_GENERATED_DID + ''.join(reversed(digits)),
            'handle': 'bg%d.bsky.social' % j, 'posts_count': h % 900,
            'followers_count': h % 5000, 'following_count': h % 700}


def bluesky_generated_index(did):
    """j of a generated follower's DID, or None."""
    if not did.startswith(BSKY_GENERATED_DID) or \
            len(did) != len(BSKY_GENERATED_DID) + 21:
        return None
    j = 0
    for ch in did[len(BSKY_GENERATED_DID):]:
        k = 'abcdefghijklmnopqrstuvwxyz234567'.find(ch)
        if k < 0:
            return None
        j = j * 32 + k
    return j


def bluesky_follower_slice(acct, below, limit):
    """The list's followers whose follow key (ms) is below 'below' (None:
    from the top), newest first: (how many come before them, up to limit
    of them as (ms, follower)). The explicit follower_list without those
    marked deleted (the count holds them, the list does not), or, without
    one, followers generated to match the count, computed, not stored."""
    if 'follower_list' in acct:
        items = [kv for kv in bluesky_follow_keys(acct['follower_list'])
                 if not kv[1].get('deleted')]
        rest = items if below is None else \
            [kv for kv in items if kv[0] < below]
        return len(items) - len(rest), rest[:limit]
    n = bluesky_generated_count(acct)
    # Follower j's key is BSKY_GENERATED_MS + (n - j) * 1000.
    start = 0 if below is None else \
        max(0, min(n, n + (BSKY_GENERATED_MS - below) // 1000 + 1))
    return start, [(BSKY_GENERATED_MS + (n - j) * 1000,
                    bluesky_generated_follower(j))
                   for j in range(start, min(n, start + limit))]


def bluesky_follower_view(f, detailed=False):
    """A follower as profileView (the list) or profileViewDetailed
    (getProfiles, with the counts)."""
    did = f['did']
    handle = f.get('handle', did.rsplit(':', 1)[-1] + '.bsky.social')
    out = {'did': did, 'handle': handle,
           'displayName': f.get('display_name', handle.split('.')[0]),
           'avatar': bluesky_avatar(did),
           'indexedAt': '2024-01-10T09:00:00.000Z',
           'createdAt': '2023-11-01T00:00:00.000Z',
           'viewer': {'muted': False, 'blockedBy': False}, 'labels': []}
    if detailed:
        out['associated'] = {'lists': 0, 'feedgens': 0, 'starterPacks': 0,
                             'labeler': False}
        for name, field in (('followersCount', 'followers_count'),
                            ('followsCount', 'following_count'),
                            ('postsCount', 'posts_count')):
            value = f.get(field, {'followers_count': 10,
                                  'following_count': 20,
                                  'posts_count': 5}[field])
            if value is not None:
                out[name] = value
    return out


def route_bluesky_followers(world, req):
    """app.bsky.graph.getFollowers: the account's followers, newest
    first (bluesky_follower_slice); a cursor while more follow.
    'followers_502_from': N answers 502 for a page that starts N or more
    followers down, as large lists have."""
    key, acct, err = bluesky_actor(world, req)
    if err:
        return err
    limit = int_or_none(req.arg('limit', 50))
    if limit is None or not 1 <= limit <= 100:
        return Reply(400, {'error': 'InvalidRequest',
                           'message': 'Error: limit must be <= 100'
                           if (limit or 0) > 100 else
                           'Error: limit must be >= 1'})
    cursor = req.arg('cursor')
    below = None
    if cursor:
        ms_text, _, _ = cursor.partition('::')
        if not ms_text.isdigit():
            return Reply(400, {'error': 'InvalidRequest',
                               'message': 'Malformed cursor'})
        below = int(ms_text)
    before, items = bluesky_follower_slice(acct, below, limit + 1)
    start = acct.get('followers_502_from')
    if cursor and start is not None and before >= int(start):
        return Reply(502, body=html_page(502), ctype=HTML)
    page = items[:limit]
    body = {'subject': bluesky_basic(key, acct),
            'followers': [bluesky_follower_view(f) for _, f in page]}
    if page and len(items) > len(page):
        body['cursor'] = '%d::%s' % (page[-1][0], fake_cid(page[-1][1]['did']))
    return Reply(200, body)


def bluesky_session_owner(world, req):
    """(key, account) whose session's accessJwt is the request's Bearer
    token (createSession), or (None, None)."""
    auth = req.headers.get('authorization') or ''
    if not auth.startswith('Bearer '):
        return None, None
    for key, acct in world.accounts('bluesky').items():
        if auth[7:] in acct.get('sessions', []):
            return key, acct
    return None, None


def bluesky_pds_base(req, acct):
    """The account's PDS on this server: /pds/P for a 'pds' P, else
    /bluesky (the AppView's base plays Bluesky's own PDS)."""
    if acct.get('pds'):
        return req.root + '/pds/' + acct['pds']
    return req.root + '/bluesky'


def bluesky_at_pds(req, acct):
    """Whether the request came to the account's own PDS."""
    return req.base == bluesky_pds_base(req, acct)


def bluesky_did_doc(req, acct, did, handle):
    """The DID document: its services are the account's 'did_services'
    where set (a test's broken one), else its PDS."""
    services = acct.get('did_services')
    if services is None:
        services = [{'id': '#atproto_pds',
                     'type': 'AtprotoPersonalDataServer',
                     'serviceEndpoint': bluesky_pds_base(req, acct)}]
    return {'@context': ['https://www.w3.org/ns/did/v1',
                         'https://w3id.org/security/multikey/v1'],
            'id': did, 'alsoKnownAs': ['at://' + handle],
            'verificationMethod': [{
                'id': did + '#atproto', 'type': 'Multikey',
                'controller': did,
                'publicKeyMultibase': 'zQ3sh' + fake_cid(did)[:40]}],
            'service': services}


def bluesky_doc_reply(world, req, did):
    """The document of did: 404 for an unknown DID, or the account's
    'did_doc_status'."""
    for key, acct in world.accounts('bluesky').items():
        if acct['id'] != did:
            continue
        if acct.get('did_doc_status'):
            return Reply(acct['did_doc_status'],
                         {'message': 'DID not available: ' + did})
        return Reply(200, bluesky_did_doc(req, acct, did,
                                          acct.get('handle', key)))
    return Reply(404, {'message': 'DID not registered: ' + did})


def route_bluesky_plc(world, req, did):
    """GET /plc/DID: the PLC directory's document of a did:plc:."""
    if req.prefix != '/plc':
        return error_reply('bluesky', 404)
    return bluesky_doc_reply(world, req, did)


def route_bluesky_did_web(world, req):
    """GET /.well-known/did.json: the document of did:web:HOST, this
    server's host (its port written %3A)."""
    if req.prefix != '':
        return error_reply('bluesky', 404)
    return bluesky_doc_reply(world, req, 'did:web:' + req.root[
        len('http://'):].replace(':', '%3A'))


def route_bluesky_session(world, req):
    """POST com.atproto.server.createSession {identifier, password}: the
    account whose handle or DID the identifier is and whose
    'app_password' (set by the test) the password is, logged in; 401
    AuthenticationRequired otherwise, or AuthFactorTokenRequired where
    'auth_factor' is set. 'session_did' answers as another DID (a
    password of another account). Only at the account's PDS (see
    bluesky_pds_base): elsewhere 401 as for an unknown account. The
    session's didDoc is the account's. Each login is counted in
    'logins'."""
    if req.method != 'POST':
        return Reply(400, {'error': 'InvalidRequest',
                           'message': 'Method Not Allowed'})
    try:
        body = json.loads(req.body or b'{}')
    except ValueError:
        body = None
    if not isinstance(body, dict) or not isinstance(
            body.get('identifier'), str) or not isinstance(
            body.get('password'), str):
        return Reply(400, {'error': 'InvalidRequest',
                           'message': 'Input must have the property '
                           '"identifier" and "password"'})
    who = body['identifier'].lstrip('@').lower()
    for key, acct in world.accounts('bluesky').items():
        if who not in (key.lower(), acct.get('handle', key).lower(),
                       acct['id']) or not bluesky_at_pds(req, acct):
            continue
        acct['logins'] = acct.get('logins', 0) + 1
        if not acct.get('app_password') or \
                acct['app_password'] != body['password']:
            break
        if acct.get('auth_factor'):
            return Reply(401, {'error': 'AuthFactorTokenRequired',
                               'message': 'A sign in code has been sent '
                               'to your email address'})
        did = acct.get('session_did', acct['id'])
        handle = acct.get('handle', key)
        n = acct['logins']
        access = 'eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFUzI1NksifQ.access%d.%s' \
            % (n, fake_cid(did, 'access', str(n)))
        acct.setdefault('sessions', []).append(access)
        return Reply(200, {
            'did': did, 'handle': handle, 'email': 'owner@example.com',
            'emailConfirmed': True, 'emailAuthFactor': False,
            'active': True, 'accessJwt': access,
            'refreshJwt': 'eyJ0eXAiOiJyZWZyZXNoK2p3dCJ9.refresh%d.%s' % (
                n, fake_cid(did, 'refresh', str(n))),
            'didDoc': bluesky_did_doc(req, acct, did, handle)})
    return Reply(401, {'error': 'AuthenticationRequired',
                       'message': 'Invalid identifier or password'})


def bluesky_notification_json(acct, n):
    """A notification of the state ({reason, indexed_at, follower: a
    follower as in follower_list, created_at?, uri?}) in the
    listNotifications shape: a follow's record is the follow record."""
    f = n['follower']
    indexed = fmt_iso(parse_time(n['indexed_at']))
    rkey = n.get('rkey') or fake_cid(f['did'], indexed)[:13]
    collection = {'follow': 'app.bsky.graph.follow',
                  'like': 'app.bsky.feed.like',
                  'repost': 'app.bsky.feed.repost'}.get(
                      n['reason'], 'app.bsky.feed.post')
    uri = n.get('uri') or 'at://%s/%s/%s' % (f['did'], collection, rkey)
    record = {'$type': collection,
              'createdAt': fmt_iso(parse_time(n.get('created_at',
                                                    n['indexed_at'])))}
    if n['reason'] == 'follow':
        record['subject'] = acct['id']
    out = {'uri': uri, 'cid': fake_cid(uri), 'author':
           bluesky_follower_view(f), 'reason': n['reason'],
           'record': record, 'isRead': False, 'indexedAt': indexed,
           'labels': []}
    for name in n.get('drop', []):
        out.pop(name, None)
    return out


def route_bluesky_notifications(world, req):
    """GET app.bsky.notification.listNotifications: the session owner's
    notifications (state: the account's 'notifications'), newest first by
    indexedAt; reasons= (repeated) filters unless 'ignore_reasons' is
    set; limit 1..100 (50 by default); the cursor is the last one's
    indexedAt, sent while the page is not empty. The Bearer accessJwt of
    a createSession is required, at the account's PDS."""
    key, acct = bluesky_session_owner(world, req)
    if acct is None or not bluesky_at_pds(req, acct):
        return Reply(401, {'error': 'AuthenticationRequired',
                           'message': 'Authentication Required'})
    limit = int_or_none(req.arg('limit', 50))
    if limit is None or not 1 <= limit <= 100:
        return Reply(400, {'error': 'InvalidRequest',
                           'message': 'Error: limit must be <= 100'})
    items = sorted(acct.get('notifications', []),
                   key=lambda n: parse_time(n['indexed_at']), reverse=True)
    reasons = req.args('reasons')
    if reasons and not acct.get('ignore_reasons'):
        items = [n for n in items if n['reason'] in reasons]
    cursor = req.arg('cursor')
    if cursor:
        below = parse_time(cursor)
        items = [n for n in items if parse_time(n['indexed_at']) < below]
    page = items[:limit]
    out = {'notifications': [bluesky_notification_json(acct, n)
                             for n in page],
           'priority': False, 'seenAt': '2026-01-01T00:00:00.000Z'}
    if page:
        out['cursor'] = fmt_iso(parse_time(page[-1]['indexed_at']))
    return Reply(200, out)


def bluesky_any_follower(world, actor):
    """A follower or former follower of any Bluesky account, by DID or
    handle, or None."""
    j = bluesky_generated_index(actor)
    for acct in world.accounts('bluesky').values():
        for f in acct.get('follower_list', []) + \
                acct.get('former_followers', []):
            if actor in (f['did'], f.get('handle')):
                return f
        if j is not None and j < bluesky_generated_count(acct):
            return bluesky_generated_follower(j)
    return None


def route_bluesky_profiles(world, req):
    """app.bsky.actor.getProfiles: at most 25 actors; those it cannot
    show (unknown, deleted or deactivated) are left out."""
    actors = req.args('actors')
    if len(actors) > 25:
        return Reply(400, {'error': 'InvalidRequest',
                           'message': 'Error: actors must not have more '
                           'than 25 elements'})
    if not actors:
        return Reply(400, {'error': 'InvalidRequest',
                           'message': 'Error: Params must have the property '
                           '"actors"'})
    profiles = []
    for actor in actors:
        key, acct = world.find('bluesky', actor.lstrip('@'))
        if acct is not None:
            profiles.append(bluesky_profile(world, key, acct))
            continue
        f = bluesky_any_follower(world, actor)
        if f is not None and not f.get('deleted'):
            profiles.append(bluesky_follower_view(f, detailed=True))
            continue
        e = bluesky_any_engager(world, actor)
        if e is not None:
            profiles.append(e)
    return Reply(200, {'profiles': profiles})


# --------------------------------------------------------------------------
# X (API v2)

def x_auth(world, req):
    """The app's bearer token everywhere; the follower list needs user
    context: the app's token there is 403 Unsupported Authentication, as
    X answers, and any other token 401. Who liked or reposted a tweet
    takes either."""
    got = req.headers.get('authorization')
    if req.route in ('x_followers', 'x_me'):
        if got == 'Bearer %s' % world.setting('x_user_token'):
            return None
        if got == 'Bearer %s' % world.setting('x_bearer_token'):
            return Reply(403, {
                'title': 'Unsupported Authentication',
                'detail': 'Authenticating with OAuth 2.0 Application-Only '
                'is forbidden for this endpoint.  Supported authentication '
                'types are [OAuth 1.0a User Context, OAuth 2.0 User '
                'Context].', 'status': 403,
                'type': 'https://api.twitter.com/2/problems/'
                'unsupported-authentication'})
    elif got == 'Bearer %s' % world.setting('x_bearer_token'):
        return None
    elif req.route in ('x_liking_users', 'x_retweeted_by') and \
            got == 'Bearer %s' % world.setting('x_user_token'):
        return None     # either context may read who engaged
    return Reply(401, {'title': 'Unauthorized', 'type': 'about:blank',
                       'status': 401, 'detail': 'Unauthorized'})


def x_user(acct, fields):
    out = {'id': acct['id'], 'name': acct.get('display_name', ''),
           'username': acct.get('handle')}
    if 'public_metrics' in fields:
        metrics = {}
        for name, field in (('followers_count', 'followers'),
                            ('following_count', 'following'),
                            ('tweet_count', 'posts_count'),
                            ('listed_count', 'listed'),
                            ('like_count', 'likes_given')):
            if acct.get('omit_counts') or (
                    field == 'followers' and acct.get('hide_followers')):
                continue
            if acct.get(field) is not None:
                metrics[name] = acct[field]
        out['public_metrics'] = metrics
    optional = {
        'created_at': lambda: fmt_iso(parse_time(acct['created_at'])),
        'description': lambda: 'Systems programming, kernels.',
        'verified': lambda: False, 'protected': lambda: False,
        'profile_image_url': lambda: 'https://pbs.twimg.com/profile_images/'
        '%s/avatar_normal.jpg' % acct['id'],
        'location': lambda: '', 'url': lambda: '',
    }
    for name, make in optional.items():
        if name in fields:
            out[name] = make()
    return out


def t_co(url, salt):
    alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
    raw = hashlib.sha256(('%s\0%s' % (url, salt)).encode()).digest()
    return 'https://t.co/' + ''.join(alphabet[b % 62] for b in raw[:10])


def x_text(text, salt):
    """(text with t.co links, entities): indices in code points."""
    pieces, urls, pos, length = [], [], 0, 0
    for m in URL_RE.finditer(text):
        pieces.append(text[pos:m.start()])
        length += m.start() - pos
        short = t_co(m.group(0), salt)
        urls.append({'start': length, 'end': length + len(short),
                     'url': short, 'expanded_url': m.group(0),
                     'display_url': url_display(m.group(0), 27)})
        pieces.append(short)
        length += len(short)
        pos = m.end()
    pieces.append(text[pos:])
    out = ''.join(pieces)
    entities = {}
    if urls:
        entities['urls'] = urls
    tags = [{'start': m.start(), 'end': m.end(), 'tag': m.group(1)}
            for m in TAG_RE.finditer(out)]
    if tags:
        entities['hashtags'] = tags
    return out, entities


def x_tweet(acct, tid_, post, fields):
    kind = post.get('kind', 'post')
    counts = post
    if kind == 'repost' and post.get('original'):
        orig = post['original']
        text, entities = x_text('RT @%s: %s' % (orig['handle'],
                                               orig.get('text', '')), tid_)
        counts = orig
    else:
        text, entities = x_text(post.get('text') or '', tid_)
    out = {'id': tid_, 'text': text, 'edit_history_tweet_ids': [tid_]}
    if 'created_at' in fields:
        out['created_at'] = fmt_iso(parse_time(post['created_at']))
    if 'author_id' in fields:
        out['author_id'] = acct['id']
    if 'conversation_id' in fields:
        out['conversation_id'] = tid_
    if 'lang' in fields:
        out['lang'] = 'en'
    if 'possibly_sensitive' in fields:
        out['possibly_sensitive'] = False
    if 'public_metrics' in fields:
        metrics = {}
        for name, field in (('retweet_count', 'reposts'),
                            ('reply_count', 'replies'),
                            ('like_count', 'likes'),
                            ('quote_count', 'quotes'),
                            ('bookmark_count', 'bookmarks'),
                            ('impression_count', 'views')):
            if counts.get(field) is not None:
                metrics[name] = counts[field]
        out['public_metrics'] = metrics
    if 'entities' in fields and entities:
        out['entities'] = entities
    refs = []
    if kind == 'repost' and post.get('original'):
        refs.append({'type': 'retweeted', 'id': post['original']['id']})
    if kind == 'reply' and post.get('reply_to'):
        refs.append({'type': 'replied_to', 'id': post['reply_to']['id']})
        if 'in_reply_to_user_id' in fields:
            out['in_reply_to_user_id'] = post['reply_to'].get('author_id',
                                                              '1')
    if 'referenced_tweets' in fields and refs:
        out['referenced_tweets'] = refs
    return out


def route_x_user(world, req, username):
    if not re.fullmatch(r'\w{1,15}', username):
        return x_invalid('username', username, 'The `username` query '
                         'parameter value [%s] does not match ^[A-Za-z0-9_]'
                         '{1,15}$' % username)
    key, acct = world.find('x', username)
    if acct is None:
        return Reply(200, {'errors': [x_not_found('user', 'username',
                                                  username, 'username')]})
    fields = set(req.csv_arg('user.fields'))
    return Reply(200, {'data': x_user(acct, fields)})


def route_x_me(world, req):
    """GET /2/users/me: the user the user token belongs to (the setting
    x_user_token_owner names the account), with user context only."""
    key, acct = world.find('x', world.setting('x_user_token_owner'))
    if acct is None:
        return Reply(200, {'errors': [x_not_found('user', 'id', 'me',
                                                  'id')]})
    return Reply(200, {'data': x_user(acct, set(req.csv_arg('user.fields')))})


def route_x_user_id(world, req, user_id):
    key, acct = world.find('x', user_id)
    if acct is None or acct['id'] != user_id:
        return Reply(200, {'errors': [x_not_found('user', 'id', user_id,
                                                  'id')]})
    return Reply(200, {'data': x_user(acct, set(req.csv_arg('user.fields')))})


def x_token(tweet_id):
    return b32_lower(('next:%s' % tweet_id).encode())


def x_untoken(token):
    try:
        pad = '=' * (-len(token) % 8)
        raw = base64.b32decode(token.upper() + pad).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return raw[5:] if raw.startswith('next:') else None


def route_x_tweets(world, req, user_id):
    key, acct = world.find('x', user_id)
    if acct is None or acct['id'] != user_id:
        return Reply(200, {'errors': [x_not_found('user', 'id', user_id,
                                                  'id')]})
    max_results = int_or_none(req.arg('max_results', 10))
    if max_results is None or not 5 <= max_results <= 100:
        value = req.arg('max_results')
        return x_invalid('max_results', value, 'The `max_results` query '
                         'parameter value [%s] is not between 5 and 100'
                         % value)
    # The 3,200 newest, counted before the exclusions, as X counts them.
    items = world.sorted_posts('x', key)[:X_TIMELINE_MAX]
    exclude = set(req.csv_arg('exclude'))
    if 'replies' in exclude:
        items = [kv for kv in items if kv[1].get('kind') != 'reply']
    if 'retweets' in exclude:
        items = [kv for kv in items if kv[1].get('kind') != 'repost']
    items = x_time_filter(req, items)
    token = req.arg('pagination_token')
    if token:
        marker = x_untoken(token)
        if marker is None:
            return x_invalid('pagination_token', token, 'The `pagination_'
                             'token` query parameter value [%s] is not '
                             'valid' % token)
        items = page_after(items, marker)
    page, rest = items[:max_results], items[max_results:]
    fields = set(req.csv_arg('tweet.fields'))
    meta = {'result_count': len(page)}
    if page:
        meta['newest_id'] = page[0][0]
        meta['oldest_id'] = page[-1][0]
    if page and rest:
        meta['next_token'] = x_token(page[-1][0])
    if token and page:
        meta['previous_token'] = b32_lower(('prev:%s' % page[0][0]).encode())
    body = {}
    if page:
        body['data'] = [x_tweet(acct, pid, post, fields)
                        for pid, post in page]
    body['meta'] = meta
    return Reply(200, body)


def x_time_filter(req, items):
    """start_time/end_time/since_id/until_id, as the timeline takes them."""
    try:
        if req.arg('start_time'):
            start = parse_time(req.arg('start_time'))
            items = [kv for kv in items
                     if parse_time(kv[1]['created_at']) >= start]
        if req.arg('end_time'):
            end = parse_time(req.arg('end_time'))
            items = [kv for kv in items
                     if parse_time(kv[1]['created_at']) < end]
    except ValueError:
        pass
    if req.arg('since_id'):
        items = page_before(items, req.arg('since_id'))
    if req.arg('until_id'):
        items = page_after(items, req.arg('until_id'))
    return items


X_FOLLOW_BASE = 1000000     # follow keys of listed followers start above
X_GENERATED_ID_BASE = 8000000000


def x_follower_user(f, fields):
    """A follower as a v2 User object, with the fields asked for."""
    out = {'id': str(f['id']), 'name': f.get('name', f['username']),
           'username': f['username']}
    if 'created_at' in fields:
        out['created_at'] = f.get('created_at', '2019-05-01T10:00:00.000Z')
    if 'public_metrics' in fields:
        out['public_metrics'] = {
            'followers_count': f.get('followers_count', 10),
            'following_count': f.get('following_count', 20),
            'tweet_count': f.get('tweet_count', 5),
            'listed_count': 0, 'like_count': f.get('like_count', 3)}
    return out


def x_generated_follower(j):
    h = (j * 2654435761 + 777) % 4294967296
    return {'id': str(X_GENERATED_ID_BASE + j), 'username': 'xg%d' % j,
            'tweet_count': h % 900, 'followers_count': h % 5000}


def x_follow_items(acct):
    """[(follow key, follower)], newest follow first: the explicit
    follower_list (keys given as 'follow_key', or counted up from the
    bottom, so that followers added at the top leave the keys below as
    they were), then followers_generate generated ones below them."""
    explicit = acct.get('follower_list', [])
    generated = max(0, int(acct.get('followers_generate') or 0))
    n = len(explicit)
    items = [(int(f.get('follow_key', X_FOLLOW_BASE + generated + n - i)),
              f) for i, f in enumerate(explicit)]
    items += [(X_FOLLOW_BASE + generated - j, x_generated_follower(j))
              for j in range(generated)]
    return items


def route_x_followers(world, req, user_id):
    """GET /2/users/:id/followers: newest follow first, max_results 1 to
    1000 (default 100), meta.next_token while more follow (an opaque
    token: the follow's key), previous_token from page 2 on; with user
    context only (x_auth)."""
    key, acct = world.find('x', user_id)
    if acct is None or acct['id'] != user_id:
        return Reply(200, {'errors': [x_not_found('user', 'id', user_id,
                                                  'id')]})
    value = req.arg('max_results', '100')
    max_results = int_or_none(value)
    if max_results is None or not 1 <= max_results <= 1000:
        return x_invalid('max_results', value, 'The `max_results` query '
                         'parameter value [%s] is not between 1 and 1000'
                         % value)
    items = x_follow_items(acct)
    token = req.arg('pagination_token')
    if token:
        try:
            pad = '=' * (-len(token) % 8)
            raw = base64.b32decode(token.upper() + pad).decode()
            below = int(raw[len('follows:'):]) if raw.startswith(
                'follows:') else None
        except (ValueError, UnicodeDecodeError):
            below = None
        if below is None:
            return x_invalid('pagination_token', token, 'The `pagination_'
                             'token` query parameter value [%s] is not '
                             'valid' % token)
        items = [kv for kv in items if kv[0] < below]
    page, rest = items[:max_results], items[max_results:]
    fields = set(req.csv_arg('user.fields'))
    meta = {'result_count': len(page)}
    if page and rest:
        meta['next_token'] = b32_lower(
            ('follows:%d' % page[-1][0]).encode()).rstrip('=').upper()
    if token and page:
        meta['previous_token'] = b32_lower(
            ('prev:%d' % page[0][0]).encode()).rstrip('=').upper()
    body = {}
    if page:
        body['data'] = [x_follower_user(f, fields) for _, f in page]
    body['meta'] = meta
    return Reply(200, body)


def route_x_lookup(world, req):
    ids = req.csv_arg('ids')
    if not ids or len(ids) > 100:
        return x_invalid('ids', ','.join(ids), 'The number of values in the '
                         '`ids` query parameter list [%d] is not between 1 '
                         'and 100' % len(ids))
    fields = set(req.csv_arg('tweet.fields'))
    data, errors = [], []
    for tweet_id in ids:
        key, acct, post = world.find_post('x', tweet_id)
        if post is None:
            errors.append(x_not_found('tweet', 'ids', tweet_id, 'ids'))
        else:
            data.append(x_tweet(acct, tweet_id, post, fields))
    body = {}
    if data:
        body['data'] = data
    if errors:
        body['errors'] = errors
    return Reply(200, body)


def route_x_tweet(world, req, tweet_id):
    key, acct, post = world.find_post('x', tweet_id)
    if post is None:
        return Reply(200, {'errors': [x_not_found('tweet', 'id', tweet_id,
                                                  'id')]})
    fields = set(req.csv_arg('tweet.fields'))
    return Reply(200, {'data': x_tweet(acct, tweet_id, post, fields)})


# --------------------------------------------------------------------------
# YouTube Data API v3

def youtube_auth(world, req):
    key = req.arg('key')
    if key is None:
        return youtube_error(403, 'The request is missing a valid API key.',
                             'forbidden', 'PERMISSION_DENIED')
    if key != world.setting('youtube_api_key'):
        return youtube_error(400, 'API key not valid. Please pass a valid '
                             'API key.', 'badRequest', 'INVALID_ARGUMENT')
    return None


def youtube_parts(req):
    parts = set(req.csv_arg('part'))
    if not parts:
        return None, youtube_error(
            400, 'Required parameter: part', 'required', None,
            extra={'location': 'part', 'locationType': 'parameter'})
    return parts, None


def etag(*seed):
    return base64.urlsafe_b64encode(hashlib.sha256(
        '\0'.join(map(str, seed)).encode()).digest()).decode()[:27]


def round_3(n):
    """YouTube shows subscriber counts rounded down to 3 figures."""
    n = int(n)
    if n < 1000:
        return n
    scale = 10 ** (len(str(n)) - 3)
    return n // scale * scale


def youtube_thumbs(kind, ident):
    base = 'https://i.ytimg.com/vi/%s/' % ident if kind == 'video' else \
        'https://yt3.ggpht.com/%s=s' % ident
    return {'default': {'url': base + ('default.jpg' if kind == 'video'
                                       else '88'),
                        'width': 120 if kind == 'video' else 88,
                        'height': 90 if kind == 'video' else 88}}


def youtube_channel(key, acct, parts):
    cid = acct['id']
    item = {'kind': 'youtube#channel', 'etag': etag(cid), 'id': cid}
    if 'snippet' in parts:
        item['snippet'] = {
            'title': acct.get('display_name', key),
            'description': 'Systems programming videos.',
            'customUrl': key if key.startswith('@') else '@' + cid.lower(),
            'publishedAt': fmt_iso(parse_time(acct['created_at']), 0),
            'thumbnails': youtube_thumbs('channel', cid),
            'localized': {'title': acct.get('display_name', key),
                          'description': 'Systems programming videos.'},
        }
    if 'contentDetails' in parts:
        item['contentDetails'] = {'relatedPlaylists': {
            'likes': '', 'uploads': 'UU' + cid[2:]}}
    if 'statistics' in parts:
        stats = {}
        if not acct.get('omit_counts'):
            if acct.get('views') is not None:
                stats['viewCount'] = str(acct['views'])
            hidden = bool(acct.get('hide_followers'))
            if not hidden and acct.get('followers') is not None:
                stats['subscriberCount'] = str(round_3(acct['followers']))
            stats['hiddenSubscriberCount'] = hidden
            if acct.get('posts_count') is not None:
                stats['videoCount'] = str(acct['posts_count'])
        item['statistics'] = stats
    return item


def route_youtube_channels(world, req):
    parts, err = youtube_parts(req)
    if err:
        return err
    found = []
    if req.arg('id') is not None:
        for cid in req.csv_arg('id'):
            key, acct = world.find('youtube', cid)
            if acct is not None and acct['id'] == cid:
                found.append((key, acct))
    elif req.arg('forHandle') is not None:
        handle = '@' + req.arg('forHandle').lstrip('@').lower()
        key, acct = world.find('youtube', handle)
        if acct is not None:
            found.append((key, acct))
    elif req.arg('forUsername') is not None:
        key = world._account_index()['youtube'].get(
            'user:' + req.arg('forUsername').lower())
        if key is not None:
            found.append((key, world.accounts('youtube')[key]))
    else:
        return youtube_error(400, 'No filter selected. Expected one of: '
                             'forUsername, managedByMe, categoryId, mine, '
                             'mySubscribers, id, idParam, forHandle',
                             'missingRequiredParameter', None,
                             domain='youtube.parameter')
    body = {'kind': 'youtube#channelListResponse',
            'etag': etag('channels', req.query),
            'pageInfo': {'totalResults': len(found), 'resultsPerPage': 5}}
    if found:
        body['items'] = [youtube_channel(k, a, parts) for k, a in found]
    return Reply(200, body, pretty=True)


def youtube_page_token(offset):
    raw = base64.urlsafe_b64encode(('PT:%d' % offset).encode()).decode()
    return 'EAAa' + raw.rstrip('=')


def youtube_page_offset(token):
    if not token.startswith('EAAa'):
        return None
    raw = token[4:] + '=' * (-len(token[4:]) % 4)
    try:
        text = base64.urlsafe_b64decode(raw).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return int_or_none(text[3:]) if text.startswith('PT:') else None


def route_youtube_playlist(world, req):
    parts, err = youtube_parts(req)
    if err:
        return err
    playlist = req.arg('playlistId')
    key, acct = world.find_playlist(playlist)
    if acct is None:
        return youtube_error(
            404, "The playlist identified with the request's <code>"
            'playlistId</code> parameter cannot be found.',
            'playlistNotFound', None, domain='youtube.playlistItem',
            extra={'location': 'playlistId', 'locationType': 'parameter'})
    per_page = int_or_none(req.arg('maxResults', 5))
    if per_page is None or not 0 <= per_page <= 50:
        return youtube_error(
            400, "Invalid value '%s'. Values must be within the range: "
            '[0, 50]' % req.arg('maxResults'), 'invalidParameter',
            'INVALID_ARGUMENT', extra={'location': 'maxResults',
                                       'locationType': 'parameter'})
    offset = 0
    if req.arg('pageToken'):
        offset = youtube_page_offset(req.arg('pageToken'))
        if offset is None:
            return youtube_error(400, 'The request specifies an invalid page '
                                 'token.', 'invalidPageToken', None,
                                 domain='youtube.parameter')
    items = world.sorted_posts('youtube', key)
    page = items[offset:offset + per_page]
    body = {'kind': 'youtube#playlistItemListResponse',
            'etag': etag('pl', playlist, offset, per_page)}
    if offset + per_page < len(items):
        body['nextPageToken'] = youtube_page_token(offset + per_page)
    if offset > 0:
        body['prevPageToken'] = youtube_page_token(max(0, offset - per_page))
    body['items'] = [youtube_playlist_item(acct, playlist, offset + i, vid,
                                           video, parts)
                     for i, (vid, video) in enumerate(page)]
    body['pageInfo'] = {'totalResults': len(items), 'resultsPerPage': per_page}
    return Reply(200, body, pretty=True)


def youtube_playlist_item(acct, playlist, position, vid, video, parts):
    published = fmt_iso(parse_time(video['created_at']), 0)
    item = {'kind': 'youtube#playlistItem',
            'etag': etag('pli', vid),
            'id': base64.b64encode(('%s.%s' % (playlist, vid)).encode())
            .decode().rstrip('=')}
    if 'snippet' in parts:
        item['snippet'] = {
            'publishedAt': published, 'channelId': acct['id'],
            'title': video.get('title', ''),
            'description': video.get('text', ''),
            'thumbnails': youtube_thumbs('video', vid),
            'channelTitle': acct.get('display_name', ''),
            'playlistId': playlist, 'position': position,
            'resourceId': {'kind': 'youtube#video', 'videoId': vid},
            'videoOwnerChannelTitle': acct.get('display_name', ''),
            'videoOwnerChannelId': acct['id'],
        }
    if 'contentDetails' in parts:
        item['contentDetails'] = {'videoId': vid,
                                  'videoPublishedAt': published}
    if 'status' in parts:
        item['status'] = {'privacyStatus': 'public'}
    return item


def youtube_video(acct, vid, video, parts):
    item = {'kind': 'youtube#video', 'etag': etag('v', vid), 'id': vid}
    if 'snippet' in parts:
        snippet = {
            'publishedAt': fmt_iso(parse_time(video['created_at']), 0),
            'channelId': acct['id'], 'title': video.get('title', ''),
            'description': video.get('text', ''),
            'thumbnails': youtube_thumbs('video', vid),
            'channelTitle': acct.get('display_name', ''),
            'categoryId': '28', 'liveBroadcastContent': 'none',
            'defaultAudioLanguage': 'en',
            'localized': {'title': video.get('title', ''),
                          'description': video.get('text', '')}}
        if video.get('tags'):
            snippet['tags'] = list(video['tags'])
        item['snippet'] = snippet
    if 'contentDetails' in parts:
        seconds = 45 if video.get('kind') == 'short' else \
            300 + int(digest(vid, n=4), 16) % 1800
        item['contentDetails'] = {
            'duration': 'PT%dM%dS' % divmod(seconds, 60)
            if seconds >= 60 else 'PT%dS' % seconds,
            'dimension': '2d', 'definition': 'hd', 'caption': 'false',
            'licensedContent': False, 'projection': 'rectangular'}
    if 'statistics' in parts:
        stats = {}
        for name, field in (('viewCount', 'views'), ('likeCount', 'likes'),
                            ('favoriteCount', None),
                            ('commentCount', 'replies')):
            if field is None:
                stats[name] = '0'
            elif video.get(field) is not None:
                stats[name] = str(video[field])
        item['statistics'] = stats
    return item


def route_youtube_videos(world, req):
    parts, err = youtube_parts(req)
    if err:
        return err
    ids = req.csv_arg('id')
    if len(ids) > 50:
        return youtube_error(400, 'The request specifies an invalid filter '
                             'parameter.', 'invalidFilters', None,
                             domain='youtube.parameter')
    items = []
    for vid in ids:
        key, acct, video = world.find_post('youtube', vid)
        if video is not None:
            items.append(youtube_video(acct, vid, video, parts))
    return Reply(200, {'kind': 'youtube#videoListResponse',
                       'etag': etag('videos', req.query), 'items': items,
                       'pageInfo': {'totalResults': len(items),
                                    'resultsPerPage': len(items)}},
                 pretty=True)


# --------------------------------------------------------------------------
# Feeds: RSS 2.0 and Atom

GENERATORS = {
    'wordpress': ('https://wordpress.org/?v=6.4', 'WordPress',
                  'https://wordpress.org/', '6.4'),
    'plain': ('Hugo -- gohugo.io', 'Hugo', 'https://gohugo.io/', '0.120.4'),
}


def rss_title(title, style):
    """An article title as RSS writes it (see the README: numeric, double,
    plain)."""
    if style == 'numeric':
        return html_entities(title, amp='&#038;')
    if style == 'double':
        return xml_escape(html_entities(title))
    return xml_escape(title)


def feed_articles(world, platform, key, limit=None):
    items = world.sorted_posts(platform, key)
    return items[:limit] if limit else items


def render_rss(world, req, platform, key, acct, self_url):
    """RSS 2.0: WordPress-flavoured or a plain static-site feed."""
    wp = acct.get('flavour') == 'wordpress'
    # WordPress writes RSS dates in GMT whatever the site's zone.
    offset = 0 if wp else int(acct.get('utc_offset_min') or 0)
    site = acct.get('site_url', BLOG_SITE)
    limit = acct.get('max_items', 10 if wp else None)
    items = feed_articles(world, platform, key, limit)
    built = parse_time(items[0][1]['created_at']) if items else world.now()
    out = ['<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
           '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
           '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
           '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
           '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n\t>\n',
           '<channel>\n',
           '\t<title>%s</title>\n' % xml_escape(acct.get('title', key)),
           '\t<atom:link href="%s" rel="self" type="application/rss+xml" '
           '/>\n' % xml_escape(self_url, True),
           '\t<link>%s</link>\n' % xml_escape(
               req.base if wp else site + '/'),
           '\t<description>Kernels, performance and the odd record'
           '</description>\n',
           '\t<lastBuildDate>%s</lastBuildDate>\n' % fmt_rfc822(
               built, offset, gmt=not wp),
           '\t<language>en-US</language>\n']
    if acct.get('generator', True):
        gen = GENERATORS['wordpress' if wp else 'plain'][0]
        out.append('\t<generator>%s</generator>\n' % xml_escape(gen))
    for i, (pid, art) in enumerate(items):
        out.append(rss_item(acct, pid, art, wp, offset, i))
    out.append('</channel>\n</rss>\n')
    return ''.join(out)


def rss_item(acct, pid, art, wp, offset, index):
    created = parse_time(art['created_at'])
    style = 'numeric' if wp else art.get('title_escape', 'plain')
    url = art.get('url') or '%s/?p=%s' % (acct.get('site_url', ''), pid)
    summary = art.get('text', '')
    out = ['\t<item>\n',
           '\t\t<title>%s</title>\n' % rss_title(art.get('title', ''), style),
           '\t\t<link>%s</link>\n' % xml_escape(url)]
    if wp:
        out.append('\t\t<comments>%s#respond</comments>\n' % xml_escape(url))
        out.append('\t\t<dc:creator>%s</dc:creator>\n' % cdata(
            acct.get('author', 'Author')))
    out.append('\t\t<pubDate>%s</pubDate>\n' % fmt_rfc822(created, offset,
                                                         gmt=not wp))
    for name in list(art.get('categories') or []) + list(art.get('tags')
                                                         or []):
        out.append('\t\t<category>%s</category>\n' % (
            cdata(name) if wp else xml_escape(name)))
    if wp:
        out.append('\t\t<guid isPermaLink="false">%s/?p=%s</guid>\n' % (
            xml_escape(acct.get('site_url', '')), pid))
    else:
        out.append('\t\t<guid>%s</guid>\n' % xml_escape(url))
    if wp or index % 2 == 0:
        out.append('\t\t<description>%s</description>\n' % cdata(summary))
    else:
        out.append('\t\t<description>%s</description>\n' % xml_escape(
            summary))
    if wp:
        out.append('\t\t<content:encoded>%s</content:encoded>\n' % cdata(
            summary + '\n<p>Read more at <a href="%s">%s</a></p>' % (
                html_escape(url), html_escape(url))))
        out.append('\t\t<slash:comments>%d</slash:comments>\n' % int(
            art.get('comments', 0)))
    out.append('\t</item>\n')
    return ''.join(out)


def render_atom(world, req, platform, key, acct, self_url):
    """An Atom feed: titles of type html and text, RFC 3339 dates."""
    wp = acct.get('flavour') == 'wordpress'
    offset = int(acct.get('utc_offset_min') or 0)
    site = acct.get('site_url', BLOG_SITE)
    items = feed_articles(world, platform, key,
                          acct.get('max_items', 10 if wp else None))
    updated = parse_time(items[0][1]['created_at']) if items else world.now()
    gen = GENERATORS['wordpress' if wp else 'plain']
    out = ['<?xml version="1.0" encoding="utf-8"?>\n',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n',
           '  <title type="text">%s</title>\n' % xml_escape(
               acct.get('title', key)),
           '  <subtitle>Kernels, performance and the odd record</subtitle>\n',
           '  <updated>%s</updated>\n' % fmt_offset(updated, offset),
           '  <id>%s/</id>\n' % xml_escape(site),
           '  <link rel="alternate" type="text/html" href="%s/"/>\n'
           % xml_escape(site, True),
           '  <link rel="self" type="application/atom+xml" href="%s"/>\n'
           % xml_escape(self_url, True)]
    if acct.get('generator', True):
        out.append('  <generator uri="%s" version="%s">%s</generator>\n' % (
            gen[2], gen[3], gen[1]))
    for i, (pid, art) in enumerate(items):
        out.append(atom_entry(acct, pid, art, offset, i))
    out.append('</feed>\n')
    return ''.join(out)


def atom_entry(acct, pid, art, offset, index):
    created = parse_time(art['created_at'])
    url = art.get('url') or '%s/?p=%s' % (acct.get('site_url', ''), pid)
    style = art.get('title_escape', 'plain')
    title = art.get('title', '')
    if style == 'plain':
        title_xml = '<title%s>%s</title>' % (
            ' type="text"' if index % 2 else '', xml_escape(title))
    else:
        title_xml = '<title type="html">%s</title>' % xml_escape(
            html_entities(title))
    host = re.sub(r'^https?://', '', acct.get('site_url', 'blog.example'))
    out = ['  <entry>\n', '    %s\n' % title_xml]
    if index % 3 == 1:              # a non-alternate link first
        out.append('    <link rel="replies" type="text/html" '
                   'href="%s#comments"/>\n' % xml_escape(url, True))
    if index % 4 == 3:              # rel omitted: alternate by default
        out.append('    <link href="%s"/>\n' % xml_escape(url, True))
    else:
        out.append('    <link rel="alternate" type="text/html" href="%s"/>\n'
                   % xml_escape(url, True))
    out += ['    <id>tag:%s,%s:/p/%s</id>\n' % (host, fmt_date(created), pid),
            '    <published>%s</published>\n' % fmt_offset(created, offset),
            '    <updated>%s</updated>\n' % fmt_offset(
                created + 3600 * (index % 2), offset),
            '    <author><name>%s</name></author>\n' % xml_escape(
                acct.get('author', 'Author'))]
    for name in art.get('categories') or []:
        out.append('    <category term="%s" label="%s"/>\n' % (
            xml_escape(name.lower(), True), xml_escape(name, True)))
    for name in art.get('tags') or []:
        out.append('    <category term="%s"/>\n' % xml_escape(name, True))
    out.append('    <summary type="html">%s</summary>\n' % xml_escape(
        art.get('text', '')))
    out.append('  </entry>\n')
    return ''.join(out)


def route_feed(world, req, name, ext):
    key, acct = name, world.accounts('feeds').get(name)
    if acct is None:
        return error_reply('feeds', 404)
    self_url = req.root + req.path
    if ext == 'atom':
        return Reply(200, body=render_atom(world, req, 'feeds', key, acct,
                                           self_url), ctype=ATOM_TYPE)
    return Reply(200, body=render_rss(world, req, 'feeds', key, acct,
                                      self_url), ctype=RSS_TYPE)


# --------------------------------------------------------------------------
# WordPress: /feed/, /feed/atom/, /wp-json/wp/v2/posts

def wp_site(world, req):
    acct = world.accounts('wordpress').get(req.site)
    if acct is None:
        return None, error_reply('wordpress', 404, 'No route was found '
                                 'matching the URL and request method.')
    return acct, None


def wp_headers(req):
    return [('Link', '<%s/wp-json/>; rel="https://api.w.org/"' % req.base)]


def route_wp_feed(world, req, atom=None):
    acct, err = wp_site(world, req)
    if err:
        return error_reply('feeds', 404)
    self_url = req.root + req.path
    render = render_atom if atom else render_rss
    reply = Reply(200, body=render(world, req, 'wordpress', req.site, acct,
                                   self_url),
                  ctype=ATOM_TYPE if atom else RSS_TYPE)
    reply.headers += wp_headers(req)
    return reply


def wp_terms(acct):
    """{(taxonomy, name): id}: categories from 2, tags from 100."""
    cats, tags = set(), set()
    for art in acct['posts'].values():
        cats.update(art.get('categories') or [])
        tags.update(art.get('tags') or [])
    terms = {('category', n): 2 + i for i, n in enumerate(sorted(cats))}
    terms.update({('post_tag', n): 100 + i
                  for i, n in enumerate(sorted(tags))})
    return terms


def wp_term(req, acct, taxonomy, name, term_id):
    base = acct.get('site_url', BLOG_SITE)
    path = 'category' if taxonomy == 'category' else 'tag'
    return {'id': term_id, 'link': '%s/%s/%s/' % (base, path, slugify(name)),
            'name': html_entities(name, amp='&amp;'),
            'slug': slugify(name), 'taxonomy': taxonomy,
            '_links': {'self': [{'href': '%s/wp-json/wp/v2/%s/%d' % (
                req.base, 'categories' if taxonomy == 'category' else 'tags',
                term_id)}]}}


def wp_post(req, acct, pid, art, terms, embed):
    created = parse_time(art['created_at'])
    offset = int(acct.get('utc_offset_min') or 0)
    site = acct.get('site_url', BLOG_SITE)
    cats = [terms[('category', n)] for n in art.get('categories') or []]
    tags = [terms[('post_tag', n)] for n in art.get('tags') or []]
    post_id = int_or_none(pid)
    post = {
        'id': post_id if post_id is not None else pid,
        'date': fmt_naive(created, offset), 'date_gmt': fmt_naive(created),
        'guid': {'rendered': '%s/?p=%s' % (site, pid)},
        'modified': fmt_naive(created + 600, offset),
        'modified_gmt': fmt_naive(created + 600),
        'slug': art.get('slug') or slugify(art.get('title', pid)),
        'status': 'publish', 'type': 'post',
        'link': art.get('url') or '%s/?p=%s' % (site, pid),
        'title': {'rendered': html_entities(art.get('title', ''),
                                            amp='&#038;')},
        'content': {'rendered': art.get('text', '') + '\n',
                    'protected': False},
        'excerpt': {'rendered': art.get('text', '') + '\n',
                    'protected': False},
        'author': 1, 'featured_media': 0, 'comment_status': 'open',
        'ping_status': 'open', 'sticky': False, 'template': '',
        'format': 'standard', 'meta': {'footnotes': ''},
        'categories': cats, 'tags': tags,
        '_links': {'self': [{'href': '%s/wp-json/wp/v2/posts/%s' % (
            req.base, pid)}]},
    }
    if embed:
        post['_embedded'] = {
            'author': [{'id': 1, 'name': acct.get('author', 'Author'),
                        'url': '', 'description': '',
                        'link': site + '/author/author/', 'slug': 'author'}],
            'wp:term': [
                [wp_term(req, acct, 'category', n, terms[('category', n)])
                 for n in art.get('categories') or []],
                [wp_term(req, acct, 'post_tag', n, terms[('post_tag', n)])
                 for n in art.get('tags') or []]],
        }
    return post


def route_wp_posts(world, req):
    acct, err = wp_site(world, req)
    if err:
        return err
    per_page = int_or_none(req.arg('per_page', 10))
    page = int_or_none(req.arg('page', 1))
    if per_page is None or not 1 <= per_page <= 100:
        return wp_invalid_param('per_page', 'per_page must be between 1 '
                                '(inclusive) and 100 (inclusive)')
    if page is None or page < 1:
        return wp_invalid_param('page', 'page must be greater than or equal '
                                'to 1')
    items = world.sorted_posts('wordpress', req.site)
    total = len(items)
    pages = math.ceil(total / per_page)
    if page > max(pages, 1):
        return Reply(400, {'code': 'rest_post_invalid_page_number',
                           'message': 'The page number requested is larger '
                           'than the number of pages available.',
                           'data': {'status': 400}})
    terms = wp_terms(acct)
    embed = '_embed' in req.params
    chunk = items[(page - 1) * per_page:page * per_page]
    reply = Reply(200, [wp_post(req, acct, pid, art, terms, embed)
                        for pid, art in chunk])
    reply.headers += [('X-WP-Total', str(total)),
                      ('X-WP-TotalPages', str(pages))]
    links = []
    base = '%s/wp-json/wp/v2/posts?' % req.base
    keep = {k: v[0] for k, v in req.params.items() if k != 'page'}
    if page > 1:
        links.append('<%s>; rel="prev"' % (base + urllib.parse.urlencode(
            dict(keep, page=page - 1))))
    if page < pages:
        links.append('<%s>; rel="next"' % (base + urllib.parse.urlencode(
            dict(keep, page=page + 1))))
    if links:
        reply.headers.append(('Link', ', '.join(links)))
    return reply


def wp_invalid_param(param, message):
    return Reply(400, {'code': 'rest_invalid_param',
                       'message': 'Invalid parameter(s): %s' % param,
                       'data': {'status': 400, 'params': {param: message},
                                'details': {param: {
                                    'code': 'rest_out_of_bounds',
                                    'message': message, 'data': None}}}})


def route_wp_root(world, req):
    """/?rest_route=/wp/v2/posts: REST without pretty permalinks."""
    if req.arg('rest_route', '').rstrip('/') == '/wp/v2/posts':
        return route_wp_posts(world, req)
    acct, err = wp_site(world, req)
    if err:
        return error_reply('feeds', 404)
    reply = Reply(200, body='<!DOCTYPE html><html><head><title>%s</title>'
                  '<link rel="alternate" type="application/rss+xml" '
                  'href="%s/feed/" /></head><body></body></html>\n' % (
                      xml_escape(acct.get('title', '')), req.base),
                  ctype=HTML)
    reply.headers += wp_headers(req)
    return reply


# --------------------------------------------------------------------------
# Who engaged with a post: likes, reposts, quotes

ENGAGER_FIELDS = {'like': ('likers', 'likes'), 'repost': ('reposters',
                  'reposts'), 'quote': ('quoters', 'quotes')}
ENGAGER_STEP = 60                # seconds between generated engagements
FAV_ID_BASE = 500000             # favourite and reblog ids (Mastodon)


def generated_engager(platform, post_id, kind, k, created, now):
    """Engager k (0: the first) of a post's generated list: the same for
    the same post, kind and k, whatever the count grows to (new ones are
    added at the top)."""
    h = int(digest(platform, post_id, kind, str(k), n=8), 16)
    at = min(created + (k + 1) * ENGAGER_STEP, now - 1)
    if platform == 'mastodon':
        ident = str(8000000000 + h % 999999937)
        handle = 'e%d@remote%d.example' % (h % 100000, h % 50)
    elif platform == 'x':
        ident = str(9000000000 + h % 999999937)
        handle = 'xe%d_%x' % (k, h % 65536)
    else:
        ident = 'did:plc:' + b32_lower(bytes.fromhex(
            digest('engager', platform, post_id, kind, str(k),
                   n=30)))[:24]
        handle = 'e%d-%x.bsky.example' % (k, h % 65536)
    return {'id': ident, 'handle': handle, 'at': at,
            'followers': h % 5000}


class EngagerList:
    """A post's list of one kind, newest first: the explicit list of the
    post (its 'likers', 'reposters', 'quoters': each {id, handle, at,
    followers}, newest first, id a Mastodon account id or a DID), then
    generated ones (older) up to the post's count. Computed, never
    stored; indexed by position."""

    def __init__(self, platform, post_id, post, kind, now):
        field, count = ENGAGER_FIELDS[kind]
        self.explicit = []
        for e in post.get(field) or []:
            e = dict(e)
            e['at'] = parse_time(e['at']) if isinstance(e.get('at'), str) \
                else e.get('at', now - 1)
            self.explicit.append(e)
        self.generated = max(0, int(post.get(count) or 0) -
                             len(self.explicit))
        if post.get('engagers_generate') is False:
            self.generated = 0
        self.platform, self.post_id, self.kind = platform, post_id, kind
        self.created = parse_time(post['created_at'])
        self.now = now

    def __len__(self):
        return len(self.explicit) + self.generated

    def item(self, i):
        n = len(self.explicit)
        if i < n:
            return self.explicit[i]
        return generated_engager(self.platform, self.post_id, self.kind,
                                 self.generated - 1 - (i - n),
                                 self.created, self.now)

    def fav_id(self, i):
        """Mastodon's id of the favourite at position i (descending)."""
        return FAV_ID_BASE + len(self) - i


def engager_cache(world):
    if not hasattr(world, '_engagers'):
        world._engagers = {}
    return world._engagers


def route_mastodon_engagers(world, req, status_id, which):
    key, account, post = world.find_post('mastodon', status_id)
    if post is None:
        return error_reply('mastodon', 404)
    kind = 'like' if which == 'favourited_by' else 'repost'
    lst = EngagerList('mastodon', status_id, post, kind, world.now())
    limit = max(1, min(80, int_or_none(req.arg('limit', 40)) or 40))
    start = 0
    if req.arg('max_id'):
        m = int_or_none(req.arg('max_id'))
        if m is None:
            return Reply(200, [])
        # Positions whose favourite id is below max_id.
        start = max(0, FAV_ID_BASE + len(lst) - m + 1)
    items = [lst.item(i) for i in range(start, min(len(lst),
                                                   start + limit))]
    body = []
    for e in items:
        engager_cache(world)[str(e['id'])] = e
        body.append(mastodon_follower_json({
            'id': e['id'], 'acct': e['handle'],
            'followers_count': e.get('followers', 10)}))
    reply = Reply(200, body)
    if items and start + limit < len(lst):
        url = '%s/api/v1/statuses/%s/%s?' % (req.base, status_id, which)
        reply.headers.append(('Link', '<%s>; rel="next"' % (
            url + urllib.parse.urlencode(
                [('limit', limit),
                 ('max_id', lst.fav_id(start + len(items) - 1))]))))
    return reply


def route_x_engagers(world, req, tweet_id, which):
    """GET /2/tweets/:id/liking_users and /retweeted_by: User objects,
    newest first, max_results 1 to 100 (default 100), meta.next_token
    while more follow (opaque: the position), no times; a tweet not found
    is HTTP 200 with only errors."""
    key, acct, post = world.find_post('x', tweet_id)
    if post is None:
        return Reply(200, {'errors': [x_not_found('tweet', 'id', tweet_id,
                                                  'id')]})
    kind = 'like' if which == 'liking_users' else 'repost'
    lst = EngagerList('x', tweet_id, post, kind, world.now())
    value = req.arg('max_results', '100')
    max_results = int_or_none(value)
    if max_results is None or not 1 <= max_results <= 100:
        return x_invalid('max_results', value, 'The `max_results` query '
                         'parameter value [%s] is not between 1 and 100'
                         % value)
    start = 0
    token = req.arg('pagination_token')
    if token:
        try:
            pad = '=' * (-len(token) % 8)
            raw = base64.b32decode(token.upper() + pad).decode()
            start = int(raw[len('at:'):]) if raw.startswith('at:') \
                else None
        except (ValueError, UnicodeDecodeError):
            start = None
        if start is None:
            return x_invalid('pagination_token', token, 'The `pagination_'
                             'token` query parameter value [%s] is not '
                             'valid' % token)
    items = [lst.item(i) for i in range(start, min(len(lst),
                                                   start + max_results))]
    fields = set(req.csv_arg('user.fields'))
    meta = {'result_count': len(items)}
    if items and start + len(items) < len(lst):
        meta['next_token'] = b32_lower(
            ('at:%d' % (start + len(items))).encode()).upper()
    body = {}
    if items:
        body['data'] = [x_follower_user({
            'id': e['id'], 'username': e['handle'],
            'followers_count': e.get('followers', 10)}, fields)
            for e in items]
    body['meta'] = meta
    return Reply(200, body)


def bluesky_engager_list(world, req, kind):
    """(EngagerList, account key, account) of the post ?uri= names, or
    (None, error reply)."""
    uri = req.arg('uri') or ''
    m = re.fullmatch(r'at://([^/]+)/app\.bsky\.feed\.post/([^/]+)', uri)
    if not m:
        return None, Reply(400, {'error': 'InvalidRequest',
                                 'message': 'Error: uri must be a valid '
                                 'at-uri'})
    key, acct = world.find('bluesky', m.group(1))
    post = acct['posts'].get(m.group(2)) if acct else None
    if post is None:
        return None, Reply(400, {'error': 'NotFound',
                                 'message': 'Post not found: %s' % uri})
    return EngagerList('bluesky', m.group(2), post, kind,
                       world.now()), None


def route_bluesky_engagers(world, req, kind):
    lst, err = bluesky_engager_list(world, req, kind)
    if err:
        return err
    limit = int_or_none(req.arg('limit', 50))
    if limit is None or not 1 <= limit <= 100:
        return Reply(400, {'error': 'InvalidRequest',
                           'message': 'Error: limit must be <= 100'})
    start = 0
    cursor = req.arg('cursor')
    if cursor:
        if not cursor.startswith('e') or not cursor[1:].isdigit():
            return Reply(400, {'error': 'InvalidRequest',
                               'message': 'Malformed cursor'})
        start = int(cursor[1:])
    items = [lst.item(i) for i in range(start, min(len(lst),
                                                   start + limit))]
    out = []
    for e in items:
        engager_cache(world)[e['id']] = e
        actor = {'did': e['id'], 'handle': e['handle'],
                 'displayName': e['handle'].split('.')[0],
                 'indexedAt': fmt_iso(lst.created - 86400), 'labels': []}
        if kind == 'like':
            out.append({'createdAt': fmt_iso(e['at'] + 0.5),
                        'indexedAt': fmt_iso(e['at']), 'actor': actor})
        elif kind == 'repost':
            out.append(actor)
        else:
            rkey = 'q' + digest(e['id'], lst.post_id, n=12)
            out.append({'uri': bluesky_uri(e['id'], rkey),
                        'cid': fake_cid(e['id'], rkey), 'author': actor,
                        'record': {'$type': 'app.bsky.feed.post',
                                   'createdAt': fmt_iso(e['at']),
                                   'text': 'look at this'},
                        'indexedAt': fmt_iso(e['at']), 'labels': []})
    field = {'like': 'likes', 'repost': 'repostedBy', 'quote': 'posts'}[kind]
    body = {'uri': req.arg('uri'), field: out}
    if items and start + len(items) < len(lst):
        body['cursor'] = 'e%d' % (start + len(items))
    return Reply(200, body)


def bluesky_any_engager(world, did):
    """An engager a list served, as getProfiles shows them, or None."""
    e = engager_cache(world).get(did)
    if e is None:
        return None
    return {'did': did, 'handle': e['handle'],
            'displayName': e['handle'].split('.')[0],
            'followersCount': e.get('followers', 10), 'followsCount': 10,
            'postsCount': 10, 'indexedAt': '2024-01-01T00:00:00.000Z',
            'labels': []}


# --------------------------------------------------------------------------
# The route table: (platform, path regex, handler, missing_field default,
# wrong_type default)

ROUTES = {
    # Before mastodon_account, whose pattern takes any name.
    'mastodon_verify': ('mastodon', r'/api/v1/accounts/verify_credentials',
                        route_mastodon_verify, 'id', 'id'),
    'mastodon_notifications': ('mastodon', r'/api/v1/notifications',
                               route_mastodon_notifications, 'id', 'id'),
    'mastodon_lookup': ('mastodon', r'/api/v1/accounts/lookup',
                        route_mastodon_lookup, 'followers_count',
                        'followers_count'),
    'mastodon_statuses': ('mastodon', r'/api/v1/accounts/([^/]+)/statuses',
                          route_mastodon_statuses, 'id', 'favourites_count'),
    'mastodon_followers': ('mastodon', r'/api/v1/accounts/([^/]+)/followers',
                           route_mastodon_followers, 'id', 'statuses_count'),
    'mastodon_account': ('mastodon', r'/api/v1/accounts/([^/]+)',
                         route_mastodon_account, 'followers_count',
                         'followers_count'),
    'mastodon_engagers': ('mastodon', r'/api/v1/statuses/([^/]+)/'
                          r'(favourited_by|reblogged_by)',
                          route_mastodon_engagers, 'id', 'followers_count'),
    'mastodon_status': ('mastodon', r'/api/v1/statuses/([^/]+)',
                        route_mastodon_status, 'id', 'favourites_count'),
    'bluesky_likes': ('bluesky', r'/xrpc/app\.bsky\.feed\.getLikes',
                      lambda w, r: route_bluesky_engagers(w, r, 'like'),
                      'indexedAt', 'indexedAt'),
    'bluesky_reposted_by': ('bluesky',
                            r'/xrpc/app\.bsky\.feed\.getRepostedBy',
                            lambda w, r: route_bluesky_engagers(w, r,
                                                                'repost'),
                            'did', 'handle'),
    'bluesky_quotes': ('bluesky', r'/xrpc/app\.bsky\.feed\.getQuotes',
                       lambda w, r: route_bluesky_engagers(w, r, 'quote'),
                       'indexedAt', 'indexedAt'),
    'bluesky_profile': ('bluesky', r'/xrpc/app\.bsky\.actor\.getProfile',
                        route_bluesky_profile, 'did', 'followersCount'),
    'bluesky_feed': ('bluesky', r'/xrpc/app\.bsky\.feed\.getAuthorFeed',
                     route_bluesky_feed, 'feed', 'likeCount'),
    'bluesky_posts': ('bluesky', r'/xrpc/app\.bsky\.feed\.getPosts',
                      route_bluesky_posts, 'posts', 'likeCount'),
    'bluesky_followers': ('bluesky', r'/xrpc/app\.bsky\.graph\.getFollowers',
                          route_bluesky_followers, 'did', 'handle'),
    'bluesky_profiles': ('bluesky', r'/xrpc/app\.bsky\.actor\.getProfiles',
                         route_bluesky_profiles, 'did', 'postsCount'),
    'bluesky_session': ('bluesky',
                        r'/xrpc/com\.atproto\.server\.createSession',
                        route_bluesky_session, 'did', 'accessJwt'),
    'bluesky_notifications': ('bluesky', r'/xrpc/app\.bsky\.notification'
                              r'\.listNotifications',
                              route_bluesky_notifications, 'indexedAt',
                              'indexedAt'),
    'bluesky_plc': ('bluesky', r'/(did:plc:[a-z2-7]+)', route_bluesky_plc,
                    'service', 'service'),
    'bluesky_did_web': ('bluesky', r'/\.well-known/did\.json',
                        route_bluesky_did_web, 'service', 'service'),
    'x_user': ('x', r'/2/users/by/username/([^/]+)', route_x_user, 'data',
               'followers_count'),
    'x_tweets': ('x', r'/2/users/([^/]+)/tweets', route_x_tweets, 'id',
                 'like_count'),
    'x_followers': ('x', r'/2/users/([^/]+)/followers', route_x_followers,
                    'id', 'tweet_count'),
    'x_me': ('x', r'/2/users/me', route_x_me, 'data', 'followers_count'),
    'x_user_id': ('x', r'/2/users/([^/]+)', route_x_user_id, 'data',
                  'followers_count'),
    'x_liking_users': ('x', r'/2/tweets/([^/]+)/(liking_users)',
                       route_x_engagers, 'id', 'followers_count'),
    'x_retweeted_by': ('x', r'/2/tweets/([^/]+)/(retweeted_by)',
                       route_x_engagers, 'id', 'followers_count'),
    'x_lookup': ('x', r'/2/tweets', route_x_lookup, 'id', 'like_count'),
    'x_tweet': ('x', r'/2/tweets/([^/]+)', route_x_tweet, 'id',
                'like_count'),
    'youtube_channels': ('youtube', r'/youtube/v3/channels',
                         route_youtube_channels, 'statistics',
                         'subscriberCount'),
    'youtube_playlist': ('youtube', r'/youtube/v3/playlistItems',
                         route_youtube_playlist, 'contentDetails',
                         'videoPublishedAt'),
    'youtube_videos': ('youtube', r'/youtube/v3/videos',
                       route_youtube_videos, 'statistics', 'viewCount'),
    'feed_rss': ('feeds', r'/([^/]+)\.(xml|rss)', route_feed, 'pubDate',
                 'pubDate'),
    'feed_atom': ('feeds', r'/([^/]+)\.(atom)', route_feed,
                  ['published', 'updated'], 'published'),
    'wp_feed': ('wordpress', r'/feed/?', route_wp_feed, 'pubDate', 'pubDate'),
    'wp_feed_atom': ('wordpress', r'/feed/(atom)/?', route_wp_feed,
                     ['published', 'updated'], 'published'),
    'wp_posts': ('wordpress', r'/wp-json/wp/v2/posts', route_wp_posts,
                 'date_gmt', 'id'),
    'wp_root': ('wordpress', r'/?', route_wp_root, 'date_gmt', 'id'),
}
# The routes that take a POST (a login).
POST_ROUTES = {'bluesky_session'}
COMPILED_ROUTES = [(name, spec[0], re.compile(spec[1]), spec[2])
                   for name, spec in ROUTES.items()]

# Who checks credentials before a platform's routes run.
AUTH = {'x': x_auth, 'youtube': youtube_auth, 'mastodon': mastodon_auth}


def find_route(req):
    """(name, handler, path groups) for a request, or Nones."""
    for name, platform, regex, handler in COMPILED_ROUTES:
        if platform != req.platform:
            continue
        m = regex.fullmatch(req.rest)
        if m:
            return name, handler, m.groups()
    return None, None, ()


def run_route(world, req):
    """The normal reply of a platform request (no faults)."""
    name, handler, groups = find_route(req)
    req.route = name
    auth = AUTH.get(req.platform)
    if auth is not None:
        denied = auth(world, req)
        if denied is not None:
            return denied
    if handler is None:
        if req.platform == 'bluesky' and req.rest.startswith('/xrpc/'):
            return error_reply('bluesky', 501, 'Method Not Implemented')
        if req.platform == 'x':
            return Reply(404, {'errors': [{
                'message': 'Sorry, that page does not exist', 'code': 34}]})
        return error_reply(req.platform, 404)
    if req.method not in ('GET', 'HEAD') and name not in POST_ROUTES:
        return error_reply(req.platform, 405)
    return handler(world, req, *groups)


# --------------------------------------------------------------------------
# Faults

class Fault:
    """One fault rule: which requests it hits, what it does, how often."""

    def __init__(self, spec, number):
        if not isinstance(spec, dict):
            raise ValueError('a fault rule is a JSON object')
        name = spec.get('fault')
        if name not in FAULTS:
            raise ValueError('unknown fault %r (known: %s)' % (
                name, ', '.join(sorted(FAULTS))))
        self.spec = dict(spec)
        self.number = number
        self.name = name
        self.match = str(spec.get('match', ''))
        self.method = spec.get('method')
        self.platform = spec.get('platform')
        self.times = int(spec.get('times', FAULTS[name]))
        self.skip = int(spec.get('skip', 0))
        self.hits = 0

    def param(self, name, default=None):
        return self.spec.get(name, default)

    def matches(self, req, targets):
        if self.times == 0:
            return False
        if self.method and self.method.upper() != req.method:
            return False
        if self.platform and self.platform != req.platform:
            return False
        return any(self.match in t for t in targets)

    def take(self):
        """Count a matching request; True if the fault fires for it."""
        if self.skip > 0:
            self.skip -= 1
            return False
        if self.times > 0:
            self.times -= 1
        self.hits += 1
        return True

    def describe(self):
        out = dict(self.spec)
        out.update({'id': self.number, 'times_left': self.times,
                    'skip_left': self.skip, 'hits': self.hits})
        return out


def pre_fault(fault, world, req):
    """A reply that replaces the route's, or None to run the route."""
    name = fault.name
    if name == 'status':
        return status_fault(fault, req)
    if name == 'rate_limit':
        return rate_limit_fault(fault, world, req)
    if name == 'html_error':
        status = int(fault.param('status', 502))
        return Reply(status, body=fault.param('body') or html_page(status),
                     ctype=HTML)
    if name == 'redirect_loop':
        return Reply(int(fault.param('status', 302)), body=b'', ctype=HTML,
                     headers=[('Location', req.root + req.target)])
    if name == 'redirect':
        location = fault.param('location') or req.target
        if location.startswith('/'):
            location = req.root + location
        return Reply(int(fault.param('status', 302)), body=b'', ctype=HTML,
                     headers=[('Location', location)])
    if name == 'x_200_errors':
        return Reply(200, {'errors': fault.param('errors') or
                           x_200_errors(req)})
    if name == 'empty_cursor_page':
        lists = {'getAuthorFeed': 'feed', 'getFollowers': 'followers'}
        field = next((v for k, v in lists.items() if k in req.path), None)
        if req.platform != 'bluesky' or field is None:
            return None
        cursor = '%s~%d' % (req.arg('cursor') or 'c', fault.hits)
        return Reply(200, {'cursor': cursor, field: []})
    return None


def rewind(req):
    """The 'rewind' fault: the page asked for is served from the top, as
    a server whose positions go backwards would."""
    for name in PAGE_PARAMS:
        req.params.pop(name, None)


def repeat_cursor(reply, req):
    """The 'repeat_cursor' fault: the reply's next position is the one
    the request sent, so a client that follows it asks for the same page
    forever."""
    if not isinstance(reply.obj, dict) and not isinstance(reply.obj, list):
        return
    sent = {n: req.arg(n) for n in PAGE_PARAMS if req.arg(n)}
    if not sent:
        return
    if isinstance(reply.obj, dict) and 'cursor' in sent:
        reply.obj['cursor'] = sent['cursor']
    elif isinstance(reply.obj, dict) and 'pagination_token' in sent:
        reply.obj.setdefault('meta', {})['next_token'] = \
            sent['pagination_token']
    elif isinstance(reply.obj, dict) and 'pageToken' in sent:
        reply.obj['nextPageToken'] = sent['pageToken']
    elif 'max_id' in sent:
        url = req.root + req.target
        reply.headers = [(k, v) for k, v in reply.headers
                         if k.lower() != 'link']
        reply.headers.append(('Link', '<%s>; rel="next"' % url))
    reply.body = None


def set_headers(headers, changes):
    """A fault's 'headers': {name: value} replaces the reply's headers of
    that name (any case) or adds them; a null value removes them; a list
    of values sends the header once per value."""
    out = list(headers)
    for name, value in changes.items():
        out = [(n, v) for n, v in out if n.lower() != name.lower()]
        if value is None:
            continue
        for one in value if isinstance(value, list) else [value]:
            out.append((name, str(one)))
    return out


def status_fault(fault, req):
    status = int(fault.param('status', 500))
    body = fault.param('body')
    if body is None:
        reply = error_reply(req.platform or 'feeds', status,
                            fault.param('message'))
    elif isinstance(body, str):
        reply = Reply(status, body=body,
                      ctype=fault.param('content_type',
                                        'text/plain; charset=utf-8'))
    else:
        reply = Reply(status, body)
    if fault.param('retry_after') is not None:
        reply.headers.append(('Retry-After', str(fault.param('retry_after'))))
    return reply


def rate_limit_fault(fault, world, req):
    reset_in = float(fault.param('reset_in', 2))
    retry_after = fault.param('retry_after')
    if req.platform == 'youtube':
        return youtube_quota()
    if req.platform == 'mastodon':
        reply = Reply(429, {'error': 'Too many requests'})
    elif req.platform == 'bluesky':
        reply = Reply(429, {'error': 'RateLimitExceeded',
                            'message': 'Rate Limit Exceeded'})
        if retry_after is None:
            retry_after = math.ceil(reset_in)
    elif req.platform == 'x':
        body = {'title': 'Too Many Requests', 'detail': 'Too Many Requests',
                'type': 'about:blank', 'status': 429}
        if fault.param('style') == 'v1':
            body = {'errors': [{'code': 88, 'message': 'Rate limit exceeded'}]}
        reply = Reply(429, body)
    else:
        reply = error_reply(req.platform or 'feeds', 429)
        if retry_after is None:
            retry_after = math.ceil(reset_in)
    reply.headers += rate_headers(world, req, remaining=0, reset_in=reset_in)
    if retry_after is not None:
        reply.headers.append(('Retry-After', str(retry_after)))
    return reply


def x_200_errors(req):
    m = re.search(r'/2/users/by/username/([^/?]+)', req.path)
    if m:
        return [x_not_found('user', 'username', m.group(1), 'username')]
    m = re.search(r'/2/users/([^/?]+)', req.path)
    ident = m.group(1) if m else (req.arg('ids') or '0')
    return [{'value': ident, 'detail': 'Sorry, you are not authorized to see '
             'the user with id: [%s].' % ident, 'title': 'Authorization Error',
             'resource_type': 'user', 'parameter': 'id',
             'resource_id': ident, 'section': 'data',
             'type': 'https://api.twitter.com/2/problems/'
             'not-authorized-for-resource'}]


def walk_json(obj, fn):
    """Call fn(dict) on every object inside obj."""
    if isinstance(obj, dict):
        fn(obj)
        for value in obj.values():
            walk_json(value, fn)
    elif isinstance(obj, list):
        for value in obj:
            walk_json(value, fn)


def as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def body_fault(fault, reply, req):
    """malformed / wrong_type / missing_field: change the reply's body."""
    default = ROUTES.get(req.route, (None,) * 5)
    if fault.name == 'malformed':
        body = reply.payload()
        cut = max(1, len(body) * 2 // 3)
        reply.body = fault.param('body') or (body[:cut] + (
            b'\x00<<garbage' if reply.is_json() else b'<unclosed'))
        reply.obj = None
        return
    if fault.name == 'wrong_type':
        fields = as_list(fault.param('field') or default[4])
        value = fault.param('value', 'lots')
        if reply.is_json():
            def retype(d):
                for f in fields:
                    if f in d:
                        d[f] = value
            walk_json(reply.obj, retype)
        else:
            reply.body = xml_sub(reply.payload().decode(), fields,
                                 lambda tag, attrs, text: '<%s%s>%s</%s>' % (
                                     tag, attrs, xml_escape(value), tag))
        return
    fields = as_list(fault.param('field') or default[3])
    if reply.is_json():
        def drop(d):
            for f in fields:
                d.pop(f, None)
        walk_json(reply.obj, drop)
    else:
        reply.body = xml_sub(reply.payload().decode(), fields,
                             lambda tag, attrs, text: '')


def xml_sub(text, tags, make):
    for tag in tags:
        text = re.sub(r'[ \t]*<(%s)([^>]*)>(.*?)</%s>' % (
            re.escape(tag), re.escape(tag)),
            lambda m: make(m.group(1), m.group(2), m.group(3)), text,
            flags=re.S)
    return text


def huge_stream(reply, megabytes):
    """(length, chunk iterator) of a valid-looking body of that size."""
    size = int(float(megabytes) * 1024 * 1024)
    if reply.is_json() and isinstance(reply.obj, list):
        unit = json_bytes(reply.obj[0] if reply.obj else 'x' * 1000) + b','
        count = max(1, size // len(unit))
        head, tail = b'[', json_bytes(reply.obj[0] if reply.obj
                                      else 'x' * 1000) + b']'
        body_len = len(head) + count * len(unit) + len(tail)
        return body_len, repeat_chunks(head, unit, count, tail)
    if reply.is_json():
        rest = json_bytes(reply.obj if isinstance(reply.obj, dict) else {})
        head = b'{"_padding":"'
        tail = b'"' + (b',' + rest[1:] if len(rest) > 2 else b'}')
    else:
        body = reply.payload()
        split = body.find(b'?>') + 2 if body.startswith(b'<?xml') else 0
        head = body[:split] + b'\n<!-- '
        tail = b' -->\n' + body[split:]
    unit = b'a' * 65536
    count = max(1, size // len(unit))
    return len(head) + count * len(unit) + len(tail), repeat_chunks(
        head, unit, count, tail)


def repeat_chunks(head, unit, count, tail):
    yield head
    per = max(1, 262144 // len(unit))
    while count > 0:
        n = min(per, count)
        yield unit * n
        count -= n
    yield tail


# --------------------------------------------------------------------------
# Control API


class ControlError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class Server:
    """The fake platform: state, faults and request log behind one lock,
    served by a ThreadingHTTPServer."""

    def __init__(self, state=None, port=0, latency_ms=None, verbose=False):
        self.lock = threading.RLock()
        self.stopping = threading.Event()
        self.verbose = verbose
        self.world = World(state if state is not None else default_state())
        if latency_ms is not None:
            self.world.state['latency_ms'] = latency_ms
        self.faults = []
        self.fault_numbers = 0
        self.requests = []
        self.request_numbers = 0
        self.shutdown_pending = False
        self.httpd = HTTPServer(('127.0.0.1', port), Handler)
        self.httpd.app = self
        self.port = self.httpd.server_address[1]
        self.url = 'http://127.0.0.1:%d' % self.port

    def serve_forever(self):
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            self.stopping.set()
            self.httpd.server_close()

    def shutdown(self):
        """Stop serving (from any thread but the serving one)."""
        self.stopping.set()
        self.httpd.shutdown()

    # -- the control API, shared by HTTP and FakePlatform

    def control(self, method, path, payload=None, query='', root=None):
        """(status, JSON object) for a /_control request."""
        root = root or self.url
        params = urllib.parse.parse_qs(query)
        route = path[len('/_control'):].strip('/')
        handlers = {
            ('GET', 'health'): lambda: {'ok': True, 'port': self.port},
            ('GET', 'state'): lambda: self.get_state(params),
            ('POST', 'state'): lambda: self.set_state(payload),
            ('POST', 'reset'): lambda: self.reset(payload),
            ('POST', 'account'): lambda: self.add_accounts(payload, root),
            ('POST', 'post'): lambda: self.add_post(payload),
            ('GET', 'faults'): lambda: {'rules': [
                f.describe() for f in self.faults]},
            ('POST', 'faults'): lambda: self.add_faults(payload),
            ('DELETE', 'faults'): self.clear_faults,
            ('GET', 'requests'): lambda: self.get_requests(params),
            ('DELETE', 'requests'): self.clear_requests,
            ('POST', 'latency'): lambda: self.set_latency(payload),
            ('POST', 'shutdown'): self.request_shutdown,
        }
        handler = handlers.get((method, route))
        if handler is None:
            return 404, {'error': 'no control route %s %s' % (method, path)}
        try:
            with self.lock:
                return 200, handler()
        except ControlError as e:
            return e.status, {'error': str(e)}
        except (ValueError, TypeError, KeyError) as e:
            return 400, {'error': '%s: %s' % (type(e).__name__, e)}

    def get_state(self, params):
        node = self.world.state
        for part in (params.get('path') or [''])[0].split('/'):
            if not part:
                continue
            if not isinstance(node, dict) or part not in node:
                raise ControlError(404, 'no state at %s' % part)
            node = node[part]
        return copy.deepcopy(node)

    def set_state(self, payload):
        if not isinstance(payload, dict):
            raise ControlError(400, 'the body must be a JSON object')
        old = copy.deepcopy(self.world.state)
        try:
            if 'replace' in payload:
                self.world.replace(payload['replace'])
            else:
                self.world.patch(payload)
        except (ValueError, TypeError, KeyError, AttributeError):
            self.world.replace(old)
            raise
        return {'ok': True, 'version': self.world.version,
                'now': self.world.state['now']}

    def reset(self, payload):
        now = (payload or {}).get('now')
        self.world.replace(default_state(now))
        self.faults = []
        self.requests = []
        return {'ok': True, 'now': self.world.state['now']}

    def add_accounts(self, payload, root):
        """Generate accounts: {"platform", "handle" ("{i}" with "count"),
        "followers", "following", "posts", "days", "seed", ...}."""
        if not isinstance(payload, dict):
            raise ControlError(400, 'the body must be a JSON object')
        platform = payload.get('platform')
        if platform not in PLATFORMS:
            raise ControlError(400, 'platform must be one of %s' %
                               ', '.join(PLATFORMS))
        handle = payload.get('handle')
        if not handle:
            raise ControlError(400, 'handle is required')
        count = int(payload.get('count', 1))
        start = int(payload.get('start', 0))
        now = self.world.now()
        pool = article_pool(self.world.state)
        created = []
        accounts = self.world.state[platform]
        for i in range(start, start + count):
            name = handle.replace('{i}', str(i)) if count > 1 or \
                '{i}' in handle else handle
            key = account_key(platform, name)
            acct = gen_account(platform, key, payload, now, pool)
            deep_merge(acct, payload.get('fields') or {})
            accounts[key] = acct
            created.append((key, acct))
        self.world.normalise([(platform, k) for k, _ in created])
        return {'accounts': [account_summary(platform, k, a, root)
                             for k, a in created]}

    def add_post(self, payload):
        """Add a post: {"platform", "handle", "id"?, "text", "age_s"...}."""
        if not isinstance(payload, dict):
            raise ControlError(400, 'the body must be a JSON object')
        platform = payload.get('platform')
        if platform not in PLATFORMS:
            raise ControlError(400, 'unknown platform')
        key, acct = self.world.find(platform, payload.get('handle'))
        if acct is None:
            key, acct = self.world.find(platform, account_key(
                platform, payload.get('handle', '')))
        if acct is None:
            raise ControlError(404, 'no such account')
        post = {k: v for k, v in payload.items()
                if k not in ('platform', 'handle', 'id')}
        pid = payload.get('id') or new_post_id(platform, acct)
        acct['posts'][str(pid)] = post
        self.world.normalise([(platform, key)])
        return {'id': str(pid), 'post': acct['posts'][str(pid)]}

    def add_faults(self, payload):
        rules = payload.get('rules') if isinstance(payload, dict) and \
            'rules' in payload else payload
        if isinstance(rules, dict):
            rules = [rules]
        if not isinstance(rules, list):
            raise ControlError(400, 'expected {"rules": [...]}')
        new = []
        for spec in rules:
            self.fault_numbers += 1
            new.append(Fault(spec, self.fault_numbers))
        self.faults += new
        return {'rules': [f.describe() for f in self.faults]}

    def clear_faults(self):
        self.faults = []
        return {'ok': True}

    def get_requests(self, params):
        match = (params.get('match') or [''])[0]
        out = []
        for entry in self.requests:
            if match and match not in entry['path'] + '?' + entry['query']:
                continue
            out.append(dict(entry))
        return out

    def clear_requests(self):
        self.requests = []
        return {'ok': True}

    def set_latency(self, payload):
        ms = (payload or {}).get('ms')
        if not isinstance(ms, (int, float)) or ms < 0:
            raise ControlError(400, 'expected {"ms": N}')
        self.world.state['latency_ms'] = ms
        return {'ok': True, 'ms': ms}

    def request_shutdown(self):
        """Ask for a stop; the caller stops once its reply is out
        (after_control), or the process could end before the reply."""
        self.shutdown_pending = True
        return {'ok': True}

    def after_control(self):
        if self.shutdown_pending:
            threading.Thread(target=self.shutdown, daemon=True).start()

    # -- platform requests

    def log_request(self, req):
        entry = {'id': 0, 'method': req.method, 'path': req.path,
                 'query': req.query, 'headers': dict(req.headers),
                 'time': time.time(), 'platform': req.platform,
                 'status': None, 'fault': None}
        with self.lock:
            self.request_numbers += 1
            entry['id'] = self.request_numbers
            self.requests.append(entry)
            if len(self.requests) > MAX_LOGGED_REQUESTS:
                del self.requests[:len(self.requests) - MAX_LOGGED_REQUESTS]
        return entry

    def take_fault(self, req):
        targets = {req.target, urllib.parse.unquote(req.target)}
        with self.lock:
            for fault in self.faults:
                if fault.matches(req, targets) and fault.take():
                    return fault
        return None

    def latency(self):
        with self.lock:
            return float(self.world.setting('latency_ms') or 0) / 1000.0


def new_post_id(platform, acct):
    """An id newer than every post of the account."""
    ids = list(acct['posts'])
    if platform == 'bluesky':
        return tid(int(time.time() * 10 ** 6), len(ids) % 1024)
    if platform == 'youtube':
        return 'v' + digest(acct.get('id'), len(ids), n=10)
    numeric = [int(i) for i in ids if i.isdigit()]
    return str(max(numeric) + 1000 if numeric else 10 ** 17)


def account_summary(platform, key, acct, root):
    """How tideline names an account of the fake, and where it fetches."""
    spec_handle = {
        'mastodon': '@' + key, 'bluesky': key, 'x': key,
        'youtube': acct.get('id', key),
    }
    out = {'platform': platform, 'key': key, 'id': acct.get('id'),
           'posts': len(acct.get('posts') or {})}
    if platform in spec_handle:
        prefix = '/' + platform
        out['spec'] = '%s:%s' % (platform, spec_handle[platform])
        out['api_base'] = root + prefix
    elif platform == 'feeds':
        out['spec'] = 'rss:%s/feeds/%s.xml' % (root, key)
        out['atom'] = '%s/feeds/%s.atom' % (root, key)
    else:
        base = root + ('/wp' if key == 'wp' else '/wpsite/' + key)
        out['spec'] = 'rss:%s/feed/' % base
        out['rest'] = base + '/wp-json/wp/v2/posts'
    return out


# --------------------------------------------------------------------------
# HTTP


class HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024

    def handle_error(self, request, client_address):
        """A client that hangs up (a killed tideline, a timeout) is normal
        here; anything else is a bug worth a traceback."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'fakeplatform/1.0'
    timeout = 300       # idle keep-alive connections are dropped after this

    def setup(self):
        super().setup()
        # Headers and body may go out in separate writes: without this,
        # Nagle's algorithm and delayed ACKs add 40 ms to each reply.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        self.dispatch()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_GET

    @property
    def app(self):
        return self.server.app

    def log_message(self, fmt, *args):
        if self.app.verbose:
            sys.stderr.write('fakeplatform: %s %s\n' % (
                self.address_string(), fmt % args))

    def read_body(self):
        length = int(self.headers.get('Content-Length') or 0)
        if self.headers.get('Transfer-Encoding', '').lower() == 'chunked':
            data = b''
            while True:
                size = int(self.rfile.readline().split(b';')[0].strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(length) if length > 0 else b''

    def header_map(self):
        out = {}
        for name, value in self.headers.items():
            name = name.lower()
            out[name] = out[name] + ', ' + value if name in out else value
        return out

    def dispatch(self):
        try:
            body = self.read_body()
            if self.path.startswith('/_control'):
                self.serve_control(body)
            else:
                self.serve_platform(body)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        except Exception:                           # a bug in the fake
            traceback.print_exc()
            self.close_connection = True
            try:
                self.send_bytes(500, [], b'{"error":"fakeplatform bug"}',
                                JSON)
            except OSError:
                pass

    def host(self):
        return self.headers.get('Host') or '127.0.0.1:%d' % self.app.port

    def serve_control(self, body):
        split = urllib.parse.urlsplit(self.path)
        try:
            payload = json.loads(body) if body.strip() else None
        except ValueError as e:
            status, obj = 400, {'error': 'bad JSON: %s' % e}
        else:
            status, obj = self.app.control(self.command, split.path, payload,
                                           split.query,
                                           'http://' + self.host())
        self.send_bytes(status, [], json_bytes(obj), JSON)
        self.app.after_control()

    def serve_platform(self, body=b''):
        app = self.app
        req = Request(self.command, self.path, self.header_map(), self.host())
        req.body = body
        entry = app.log_request(req)
        delay = app.latency()
        if delay > 0:
            app.stopping.wait(delay)
        fault = app.take_fault(req)
        if fault is not None:
            entry['fault'] = fault.name
            if fault.name == 'slow':
                app.stopping.wait(float(fault.param('seconds', 30)))
        with app.lock:
            reply = pre_fault(fault, app.world, req) if fault is not None \
                and fault.name in PRE_FAULTS else None
            if fault is not None and fault.name == 'rewind':
                rewind(req)
            if reply is None:
                reply = run_route(app.world, req)
            if fault is not None and fault.name == 'repeat_cursor':
                repeat_cursor(reply, req)
            if reply.status != 429 and (fault is None or
                                        fault.name != 'html_error'):
                reply.headers += rate_headers(app.world, req)
            if fault is not None and fault.name in ('malformed', 'wrong_type',
                                                    'missing_field'):
                body_fault(fault, reply, req)
            if fault is not None and fault.param('headers'):
                reply.headers = set_headers(reply.headers,
                                            fault.param('headers'))
            gzip_on = bool(app.world.setting('gzip'))
            body = None if fault is not None and fault.name == 'huge' \
                else reply.payload()
        entry['status'] = reply.status
        self.send_reply(req, reply, body, fault, gzip_on)

    def send_reply(self, req, reply, body, fault, gzip_on):
        if fault is not None and fault.name == 'huge':
            length, chunks = huge_stream(reply, fault.param('mb', 64))
            self.send_stream(reply, length, chunks)
            return
        if fault is not None and fault.name in ('truncate', 'stall'):
            self.send_partial(reply, body, fault)
            return
        headers = list(reply.headers)
        if gzip_on and len(body) >= 64 and accepts_gzip(
                req.headers.get('accept-encoding', '')):
            body = gzip.compress(body, 5)
            headers += [('Content-Encoding', 'gzip'),
                        ('Vary', 'Accept-Encoding')]
        self.send_bytes(reply.status, headers, body, reply.ctype)

    def start_reply(self, status, headers, ctype, length, body=b''):
        """Send the status line and headers, and body in the same write."""
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(length))
        for name, value in headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header('Connection', 'close')
        self.wfile.write(self.headers_bytes() + b'\r\n' + body)

    def headers_bytes(self):
        """The headers send_response/send_header buffered, taken out."""
        data = b''.join(getattr(self, '_headers_buffer', []))
        self._headers_buffer = []
        return data

    def send_bytes(self, status, headers, body, ctype):
        self.start_reply(status, headers, ctype, len(body),
                         body if self.command != 'HEAD' else b'')

    def send_stream(self, reply, length, chunks):
        self.start_reply(reply.status, reply.headers, reply.ctype, length)
        for chunk in chunks:
            if self.app.stopping.is_set():
                break
            self.wfile.write(chunk)

    def send_partial(self, reply, body, fault):
        """Headers for the whole body, part of it, then (stall) a wait;
        the connection is closed without the rest unless finish=true."""
        part = int(len(body) * float(fault.param('fraction', 0.5)))
        self.start_reply(reply.status, reply.headers, reply.ctype, len(body),
                         body[:part])
        if fault.name == 'stall':
            self.app.stopping.wait(float(fault.param('seconds', 30)))
            if fault.param('finish'):
                self.wfile.write(body[part:])
                return
        self.close_connection = True


def accepts_gzip(header):
    for token in header.split(','):
        name, _, params = token.strip().partition(';')
        if name.strip().lower() in ('gzip', 'x-gzip', '*'):
            return params.replace(' ', '') not in ('q=0', 'q=0.0', 'q=0.00')
    return False


# --------------------------------------------------------------------------
# In-process use


class FakePlatform:
    """The server in a background thread, for Python tests:

        with FakePlatform() as fp:
            fp.url                       # http://127.0.0.1:PORT
            fp.base('mastodon')          # http://127.0.0.1:PORT/mastodon
            fp.control({'x': {'example_author': {'followers': 5}}})
            fp.control({'rules': [{'match': '/x/', 'fault': 'status',
                                   'status': 503}]}, 'faults')
            fp.requests()
    """

    def __init__(self, state=None, latency_ms=None, verbose=False):
        self.server = Server(state, 0, latency_ms, verbose)
        self.port = self.server.port
        self.url = self.server.url
        self.thread = None

    def start(self):
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       name='fakeplatform', daemon=True)
        self.thread.start()
        return self

    def stop(self):
        if self.thread is not None:
            self.server.shutdown()
            self.thread.join(10)
            self.thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def base(self, platform):
        """The --api-base of a platform."""
        return self.url + {'wordpress': '/wp'}.get(platform, '/' + platform)

    def control(self, payload=None, path='state', method=None):
        """Call the control API directly: POST with a payload, GET without
        (method overrides). Returns the JSON reply; raises on errors."""
        if method is None:
            method = 'GET' if payload is None else 'POST'
        path, _, query = path.partition('?')
        status, obj = self.server.control(method, '/_control/' + path,
                                          payload, query, self.url)
        if self.server.shutdown_pending:
            self.stop()
        if status >= 400:
            raise RuntimeError('control %s %s: %s' % (method, path,
                                                      obj.get('error')))
        return obj

    def state(self, path=''):
        status, obj = self.server.control('GET', '/_control/state', None,
                                          urllib.parse.urlencode(
                                              {'path': path}), self.url)
        if status >= 400:
            raise RuntimeError(obj.get('error'))
        return obj

    def patch(self, patch):
        return self.control(patch, 'state')

    def add_account(self, **spec):
        return self.control(spec, 'account')['accounts']

    def add_post(self, **spec):
        return self.control(spec, 'post')

    def faults(self, *rules):
        return self.control({'rules': list(rules)}, 'faults')

    def clear_faults(self):
        return self.control(None, 'faults', 'DELETE')

    def requests(self, match=''):
        return self.control(None, 'requests?' + urllib.parse.urlencode(
            {'match': match}))

    def clear_requests(self):
        return self.control(None, 'requests', 'DELETE')

    def latency(self, ms):
        return self.control({'ms': ms}, 'latency')

    def reset(self, now=None):
        return self.control({'now': now} if now else {}, 'reset')


# --------------------------------------------------------------------------
# Command line


def write_port_file(path, port):
    tmp = '%s.tmp.%d' % (path, os.getpid())
    with open(tmp, 'w') as f:
        f.write('%d\n' % port)
    os.replace(tmp, path)


def load_state_file(path, now):
    """A --state file: a patch on the default state, or {"replace": ...}."""
    with open(path, encoding='utf-8') as f:
        data = json.load(f)
    if 'replace' in data:
        return data['replace']
    state = default_state(data.get('now') or now)
    deep_merge(state, data)
    return state


def main(argv=None):
    parser = argparse.ArgumentParser(
        description='Fake Mastodon/Bluesky/X/YouTube/feeds server for '
        'tideline tests (127.0.0.1 only).')
    parser.add_argument('--port', type=int, default=0,
                        help='port to bind (0: any free port)')
    parser.add_argument('--port-file', help='write the port number here')
    parser.add_argument('--state', help='JSON patch on the default state, '
                        'or {"replace": {...}}')
    parser.add_argument('--latency-ms', type=float, default=None,
                        help='delay every platform reply')
    parser.add_argument('--now', help='ISO time generated data is based on')
    parser.add_argument('--verbose', action='store_true',
                        help='log every request to stderr')
    args = parser.parse_args(argv)

    state = load_state_file(args.state, args.now) if args.state else \
        default_state(args.now)
    server = Server(state, args.port, args.latency_ms, args.verbose)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.port_file:
        write_port_file(args.port_file, server.port)
    sys.stdout.write('port %d\n' % server.port)
    sys.stdout.flush()
    server.serve_forever()
    return 0


if __name__ == '__main__':
    sys.exit(main())
