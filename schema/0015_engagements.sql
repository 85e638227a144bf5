-- tideline schema, version 15: who engaged with each post (the census,
-- part 2). Bluesky and Mastodon list who liked, reposted and quoted a
-- post; a new follower who engaged with a post shortly before following
-- is evidence of what brought them, a repost by a large account of what
-- started a second life.
--
-- Only new tables: no row or column of an older version changes.

-- Each engagement with one of the account's posts, one per post, kind
-- and actor (a like taken back and given again is one). The actor is
-- the platform's stable id as in census_followers (Mastodon account id
-- on the author's server, Bluesky DID), or in the hashed mode the keyed
-- hash of it, with no handle: the same 'census' setting of the account
-- decides. account_id is the post's, kept here so that an account's
-- engaged audience is one range scan.
CREATE TABLE engagements (
    account_id  INTEGER NOT NULL
                REFERENCES accounts (id) ON DELETE CASCADE,
    post_id     INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL
                CHECK (kind IN ('like', 'repost', 'quote', 'reply')),
    actor       TEXT NOT NULL CHECK (actor <> ''),
    handle      TEXT,           -- as last seen; NULL when hashed
    -- When: the record's own time (Bluesky's indexedAt, a quote's post
    -- time), a notification's, or, where the list gives no time, the
    -- read that first saw it, which came after at_after (the read of
    -- the list before it; NULL at the first read: any time before).
    at          TEXT NOT NULL,
    at_after    TEXT,
    at_source   TEXT NOT NULL
                CHECK (at_source IN ('record', 'notification', 'seen')),
    actor_followers INTEGER CHECK (actor_followers >= 0),
                            -- their followers when last seen, NULL: unknown
    first_seen  TEXT NOT NULL,
    PRIMARY KEY (post_id, kind, actor)
) WITHOUT ROWID;
CREATE INDEX engagements_by_account ON engagements (account_id, at);
CREATE INDEX engagements_by_actor ON engagements (account_id, actor, at);

-- How far each list of a post was read, newest first. A pass reads from
-- the newest down to the first page that holds an engager stored before
-- (or the end); one cut short by the request budget goes on from its
-- cursor the next run. A list whose post counts more than was stored
-- after a pass (some were missed) is read whole again.
CREATE TABLE engager_lists (
    post_id   INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('like', 'repost', 'quote')),
    cursor    TEXT,         -- a pass under way goes on here; NULL: none
    whole     INTEGER NOT NULL DEFAULT 0 CHECK (whole IN (0, 1)),
                            -- 1: the pass under way reads to the end
    read_at   TEXT NOT NULL, -- the last page read
    ended_at  TEXT,         -- the last pass that ended (at its end or a
                            -- known engager); NULL: none yet
    count     INTEGER,      -- the post's count of the kind then
    PRIMARY KEY (post_id, kind)
) WITHOUT ROWID;
