-- tideline schema, version 16: the history of each account's census
-- mode, so that a census turned off says since when (and an as-of time
-- when it was on reads the census as it stood then); and whether a walk
-- that found the follower list hidden asked with the owner's own token.
--
-- A new table and a new column with a default: no row changes. Each
-- account's mode as census_settings holds it is kept as one change with
-- no time (since NULL): set before version 16, when is not known.

CREATE TABLE census_mode_changes (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL
               REFERENCES accounts (id) ON DELETE CASCADE,
    mode       TEXT NOT NULL CHECK (mode IN ('full', 'hashed', 'off')),
    since      TEXT             -- NULL: set before version 16
);
CREATE INDEX census_mode_changes_account ON census_mode_changes
    (account_id, since);

INSERT INTO census_mode_changes (account_id, mode, since)
    SELECT account_id, mode, NULL FROM census_settings;

-- 1: the list was hidden even from the owner's token (verified as the
-- account's own): the server shows it to nobody.
ALTER TABLE census_walks ADD COLUMN hidden_to_owner INTEGER NOT NULL
    DEFAULT 0 CHECK (hidden_to_owner IN (0, 1));
