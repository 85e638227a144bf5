-- tideline schema, version 10: what the account owner's notifications
-- add to the census (Mastodon, with the owner's token): when each
-- follower followed ('follow' notifications), the relationships the
-- server severed (severed_relationships, Mastodon 4.3+), and how far the
-- notifications were read, so that each run reads only the new ones.
--
-- Only new tables: no row or column of an older version changes. An
-- account without a row has had no notification read.

-- How far the account's notifications were read, newest first. A pass
-- reads from the newest down to the newest one a pass before it read
-- (or the oldest); one cut short by the request budget goes on from its
-- cursor the next run.
CREATE TABLE census_notify (
    account_id INTEGER PRIMARY KEY
               REFERENCES accounts (id) ON DELETE CASCADE,
    newest     TEXT,        -- the newest notification id of the last
                            -- pass read to its end: the next stops there
    pass_top   TEXT,        -- a pass under way: the newest id it read
    cursor     TEXT         -- and where it goes on (max_id); NULL: none
);

-- Each follow notification's time, by follower (the newest follow of
-- each): census_followers.followed_at takes it when a walk lists them,
-- since a follower is in census_followers only once a list showed them.
-- In the hashed mode 'follower' is the keyed hash, like there.
CREATE TABLE census_follow_times (
    account_id  INTEGER NOT NULL
                REFERENCES accounts (id) ON DELETE CASCADE,
    follower    TEXT NOT NULL,
    followed_at TEXT NOT NULL,
    PRIMARY KEY (account_id, follower)
) WITHOUT ROWID;

-- A relationship severance event: the server (a moderator or the owner)
-- blocked a domain or suspended an account, and every follow across it
-- went. The followers the census finds gone across it are 'severed'.
CREATE TABLE census_severances (
    account_id      INTEGER NOT NULL
                    REFERENCES accounts (id) ON DELETE CASCADE,
    event_id        TEXT NOT NULL,  -- the server's RelationshipSeveranceEvent id
    kind            TEXT NOT NULL CHECK (kind IN ('domain_block',
                        'user_domain_block', 'account_suspension')),
    target          TEXT NOT NULL,  -- a domain, or an account's handle
    followers_count INTEGER,        -- the followers it removed, as the
                                    -- server counts them
    at              TEXT NOT NULL,
    PRIMARY KEY (account_id, event_id)
) WITHOUT ROWID;
