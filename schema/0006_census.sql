-- tideline schema, version 6: the audience census. Who follows each
-- account (from the platform's follower list), whether they are still
-- active on the platform, when they came and when and why they left;
-- each walk through a follower list; and how much of it an account
-- keeps (census = full | hashed | off).
--
-- Only new tables: no row or column of an older version changes. An
-- account without a census row has never been walked (an older
-- database, or a platform without lists).

-- What the census keeps of an account's followers, when the user chose
-- (no row: the platform's default, 'full' where lists are public).
CREATE TABLE census_settings (
    account_id INTEGER PRIMARY KEY
               REFERENCES accounts (id) ON DELETE CASCADE,
    mode       TEXT NOT NULL CHECK (mode IN ('full', 'hashed', 'off')),
    key_check  TEXT     -- hashed: the key's own keyed hash of a fixed
                        -- text, so that a run with another key is refused
                        -- instead of taking every follower for new
);

-- One walk through an account's follower list, newest follower first.
-- A 'new' walk stops at the first followers it already knows (the gains
-- of a day); a 'full' walk reads the whole list, over several runs if
-- the request budget says so, and its end is where losses are known.
CREATE TABLE census_walks (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL
                   REFERENCES accounts (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('new', 'full')),
    started_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    completed_at   TEXT,        -- NULL while under way (or given up)
    cursor         TEXT,        -- where the next run goes on, in the
                                -- platform's terms; NULL at the end
    hidden         INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
                                -- 1: the platform hides the list from us
    pages          INTEGER NOT NULL DEFAULT 0 CHECK (pages >= 0),
    listed         INTEGER NOT NULL DEFAULT 0 CHECK (listed >= 0),
    gained         INTEGER NOT NULL DEFAULT 0 CHECK (gained >= 0),
    lost           INTEGER NOT NULL DEFAULT 0 CHECK (lost >= 0),
    platform_count INTEGER,     -- the platform's follower count then
    -- A full walk's end: who followed then, whose activity was known,
    -- and how many of those had posted within 30 days (NULL before).
    end_listed     INTEGER,
    end_checked    INTEGER,
    end_active_30d INTEGER
);
CREATE INDEX census_walks_account ON census_walks (account_id, kind, id);

-- Each follower an account has had. 'follower' is the platform's stable
-- id (a Mastodon account id on the creator's server, a Bluesky DID),
-- never the handle, so a renamed follower stays one follower; in hashed
-- mode it is a keyed hash of that id, and uri and handle are NULL.
CREATE TABLE census_followers (
    account_id      INTEGER NOT NULL
                    REFERENCES accounts (id) ON DELETE CASCADE,
    follower        TEXT NOT NULL,
    uri             TEXT,       -- Mastodon: the account's ActivityPub id
    handle          TEXT,       -- as last listed
    first_seen      TEXT NOT NULL,  -- the first walk that listed them
    last_seen       TEXT NOT NULL,  -- the last walk that listed them
    followed_at     TEXT,       -- when they followed, where known
    followed_after  TEXT,       -- else the walk before the first that
                                -- listed them (the follow is after it);
                                -- NULL: they were there when the census
                                -- began
    last_active     TEXT,       -- their latest post, as last checked
    active_checked  TEXT,       -- when it was checked; NULL: never
    posts           INTEGER,    -- their post count then, or NULL
    followers       INTEGER,    -- their own follower count, or NULL
    left_at         TEXT,       -- NULL while they follow
    left_reason     TEXT CHECK (left_reason IN ('unfollowed', 'moved',
                        'deleted', 'severed', 'unknown')),
    PRIMARY KEY (account_id, follower)
) WITHOUT ROWID;
CREATE INDEX census_followers_first ON census_followers
    (account_id, first_seen);
