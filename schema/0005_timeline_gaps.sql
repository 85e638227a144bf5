-- tideline schema, version 5: where a run's request budget cut an
-- account's recent posts short above the posts stored before, so that
-- the posts between are read by a later run, however old they are by
-- then.
--
-- Only a new table: no row or column of an older version changes.

-- An account whose timeline has a gap: every post published after
-- 'floor' (the newest post stored before the gap) is to be read again
-- from the newest down, until a run reaches it. The row goes then.
CREATE TABLE timeline_gaps (
    account_id INTEGER PRIMARY KEY
               REFERENCES accounts (id) ON DELETE CASCADE,
    floor      TEXT NOT NULL,
    found_at   TEXT NOT NULL
);
