-- tideline schema, version 4: each account's walk back through its whole
-- post history (resumed run after run until it reaches the oldest post),
-- and the posts a platform no longer has.
--
-- Only new tables: no row or column of an older version changes, so an
-- upgrade keeps every row as it was. An account without a history_walks
-- row has never walked back (an older database): its next snapshot
-- starts the walk.

-- Where an account's walk back through its posts stands.
CREATE TABLE history_walks (
    account_id   INTEGER PRIMARY KEY
                 REFERENCES accounts (id) ON DELETE CASCADE,
    cursor       TEXT,      -- where the next run goes on, in the platform's
                            -- own terms (a max_id, a cursor, a page token,
                            -- a page number); NULL once complete
    complete     INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
    pages        INTEGER NOT NULL DEFAULT 0 CHECK (pages >= 0),
                            -- pages of history stored, over every run
    started_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    completed_at TEXT       -- NULL until complete
);

-- Posts that a refresh found gone (a 404, or left out of a batch reply):
-- their row, metrics and tags stay, marked here; a post seen again is
-- no longer marked.
CREATE TABLE post_deletions (
    post_id    INTEGER PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    deleted_at TEXT NOT NULL    -- when it was first found gone
);
