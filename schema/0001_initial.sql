-- tideline schema, version 1.
--
-- Times are UTC text in one fixed shape, 'YYYY-MM-DDTHH:MM:SSZ', so that
-- they sort as text, read well in sqlite3 or Datasette, and work with
-- SQLite's date functions (date(taken_at), julianday(taken_at)).
-- Counts are NULL where the platform did not tell (hidden or unknown),
-- never 0 in their place.

-- One row per tracked account. An account is written PLATFORM:HANDLE in
-- every output (see the 'account_names' view).
CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL
                CHECK (platform IN ('mastodon', 'bluesky', 'x', 'youtube', 'rss')),
    handle      TEXT NOT NULL CHECK (handle <> ''),
    group_name  TEXT NOT NULL DEFAULT 'default' CHECK (group_name <> ''),
    api_base    TEXT,           -- NULL: the platform's real service
    remote_id   TEXT,           -- stable platform id (DID, user id, channel id)
    added_at    TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    last_fetched_at TEXT,       -- last snapshot run that got it whole
    UNIQUE (platform, handle)
);

-- A snapshot run of the fetcher; imports do not create runs.
CREATE TABLE fetch_runs (
    id              INTEGER PRIMARY KEY,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,           -- NULL while running, or if it died
    status          TEXT NOT NULL DEFAULT 'running'
                    CHECK (status IN ('running', 'ok', 'partial', 'failed')),
    accounts_ok     INTEGER NOT NULL DEFAULT 0,
    accounts_failed INTEGER NOT NULL DEFAULT 0,
    version         TEXT NOT NULL   -- tideline version that ran it
);

-- Why an account failed in a run: one row per failed account and run.
CREATE TABLE fetch_errors (
    run_id      INTEGER NOT NULL REFERENCES fetch_runs (id) ON DELETE CASCADE,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    http_status INTEGER,            -- NULL for network or parse errors
    kind        TEXT NOT NULL,      -- 'http', 'network', 'parse', 'rate_limit', ...
    message     TEXT NOT NULL,      -- the platform's own words where it gave some
    retry_after TEXT,               -- when a rate-limited account may be retried
    PRIMARY KEY (run_id, account_id)
) WITHOUT ROWID;
CREATE INDEX fetch_errors_by_account ON fetch_errors (account_id, run_id);

-- Follower counts over time; the analyzer's main series. Clustered by
-- account and time, so one account's history is one range scan.
CREATE TABLE follower_snapshots (
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    taken_at    TEXT NOT NULL,
    followers   INTEGER CHECK (followers >= 0),  -- NULL: hidden
    following   INTEGER CHECK (following >= 0),
    posts       INTEGER CHECK (posts >= 0),      -- the platform's post count
    rounded     INTEGER NOT NULL DEFAULT 0 CHECK (rounded IN (0, 1)),
                                    -- 1: the platform rounds this count
    source      TEXT NOT NULL CHECK (source IN ('api', 'import', 'manual')),
    run_id      INTEGER REFERENCES fetch_runs (id) ON DELETE SET NULL,
    PRIMARY KEY (account_id, taken_at)
) WITHOUT ROWID;

-- The account's own posts (blog articles, videos, toots, tweets ...).
CREATE TABLE posts (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    remote_id    TEXT NOT NULL,     -- the platform's id (an article's URL for feeds)
    published_at TEXT NOT NULL,
    url          TEXT,
    title        TEXT,              -- title, or the text of a short post
    kind         TEXT NOT NULL DEFAULT 'post',  -- post, reply, article, video ...
    UNIQUE (account_id, remote_id)
);
CREATE INDEX posts_by_time ON posts (account_id, published_at);
CREATE INDEX posts_by_url ON posts (url);

-- Tags, hashtags and feed categories, lower case, without '#'.
CREATE TABLE post_tags (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag     TEXT NOT NULL CHECK (tag <> ''),
    PRIMARY KEY (post_id, tag)
) WITHOUT ROWID;
CREATE INDEX post_tags_by_tag ON post_tags (tag);

-- URLs a post links to: how a post announcing a blog article is tied to it.
CREATE TABLE post_links (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    url     TEXT NOT NULL CHECK (url <> ''),
    PRIMARY KEY (post_id, url)
) WITHOUT ROWID;
CREATE INDEX post_links_by_url ON post_links (url);

-- A post's engagement over time; cumulative counts as the platform shows them.
CREATE TABLE post_metrics (
    post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    taken_at  TEXT NOT NULL,
    likes     INTEGER CHECK (likes >= 0),
    reposts   INTEGER CHECK (reposts >= 0),
    replies   INTEGER CHECK (replies >= 0),
    quotes    INTEGER CHECK (quotes >= 0),
    views     INTEGER CHECK (views >= 0),
    bookmarks INTEGER CHECK (bookmarks >= 0),
    source    TEXT NOT NULL CHECK (source IN ('api', 'import', 'manual')),
    run_id    INTEGER REFERENCES fetch_runs (id) ON DELETE SET NULL,
    PRIMARY KEY (post_id, taken_at)
) WITHOUT ROWID;

-- Views for hand queries -------------------------------------------------

-- Accounts as every output writes them.
CREATE VIEW account_names AS
SELECT id, platform || ':' || handle AS account, platform, handle,
       group_name, active
FROM accounts;

-- The last follower count of each UTC day, per account.
CREATE VIEW daily_followers AS
SELECT n.account, date(s.taken_at) AS day, s.followers, s.following,
       s.posts, s.rounded
FROM follower_snapshots AS s
JOIN account_names AS n ON n.id = s.account_id
WHERE s.taken_at = (SELECT max(t.taken_at) FROM follower_snapshots AS t
                    WHERE t.account_id = s.account_id
                      AND t.taken_at >= date(s.taken_at)
                      AND t.taken_at < date(s.taken_at, '+1 day'));

-- Each account's newest snapshot.
CREATE VIEW latest_followers AS
SELECT n.account, s.taken_at, s.followers, s.following, s.posts, s.rounded
FROM follower_snapshots AS s
JOIN account_names AS n ON n.id = s.account_id
WHERE s.taken_at = (SELECT max(t.taken_at) FROM follower_snapshots AS t
                    WHERE t.account_id = s.account_id);

-- Posts with their account, tags and newest engagement.
CREATE VIEW post_overview AS
SELECT n.account, p.remote_id AS post_id, p.published_at, p.kind, p.title,
       p.url,
       (SELECT group_concat(tag, ';') FROM
          (SELECT tag FROM post_tags WHERE post_id = p.id ORDER BY tag)) AS tags,
       m.taken_at AS metrics_at, m.likes, m.reposts, m.replies, m.quotes,
       m.views, m.bookmarks
FROM posts AS p
JOIN account_names AS n ON n.id = p.account_id
LEFT JOIN post_metrics AS m
  ON m.post_id = p.id
 AND m.taken_at = (SELECT max(taken_at) FROM post_metrics WHERE post_id = p.id);
