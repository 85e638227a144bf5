-- tideline schema, version 2: accounts without the CHECK on the platform.
--
-- Why: version 1 listed the platforms in a CHECK on accounts.platform, and
-- SQLite cannot change a CHECK in place; every new platform would have
-- needed this rebuild again. The platform is now checked in C instead
-- (the registry, platform_table[] in src/platform.c): the store writes
-- only names from that list, and reads a name it does not know (a newer tideline's
-- platform) as an account of an unknown platform that it never fetches.
--
-- This is SQLite's 12-step rebuild (lang_altertable.html#otheralter). The
-- migration runner (src/store/store.c) turns foreign keys off outside the
-- transaction, so dropping the old table deletes no snapshot, post or
-- metric, and commits only if PRAGMA foreign_key_check finds nothing.
-- The views that read accounts are dropped first (the RENAME would fail
-- on them) and made again exactly as version 1 made them. Every other
-- column, default, constraint and the UNIQUE stay as they were.

DROP VIEW post_overview;
DROP VIEW latest_followers;
DROP VIEW daily_followers;
DROP VIEW account_names;

CREATE TABLE accounts_new (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL,  -- checked in C, see above
    handle      TEXT NOT NULL CHECK (handle <> ''),
    group_name  TEXT NOT NULL DEFAULT 'default' CHECK (group_name <> ''),
    api_base    TEXT,           -- NULL: the platform's real service
    remote_id   TEXT,           -- stable platform id (DID, user id, channel id)
    added_at    TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    last_fetched_at TEXT,       -- last snapshot run that got it whole
    UNIQUE (platform, handle)
);

INSERT INTO accounts_new (id, platform, handle, group_name, api_base,
    remote_id, added_at, active, last_fetched_at)
SELECT id, platform, handle, group_name, api_base, remote_id, added_at,
       active, last_fetched_at
FROM accounts;

DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;

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
