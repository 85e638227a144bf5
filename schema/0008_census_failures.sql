-- tideline schema, version 8: a census that failed is recorded, so that
-- status says so. The census runs after the account's own fetch, which
-- may have succeeded in the same run (fetch_errors keeps one row per run
-- and account, and marks the account failed), so it has its own table.
--
-- Only a new table: no row or column of an older version changes.

CREATE TABLE census_failures (
    account_id  INTEGER NOT NULL
                REFERENCES accounts (id) ON DELETE CASCADE,
    run_id      INTEGER NOT NULL
                REFERENCES fetch_runs (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    http_status INTEGER,        -- NULL for network or parse errors
    message     TEXT NOT NULL,  -- the platform's own words where it gave
                                -- some
    PRIMARY KEY (account_id, run_id)
) WITHOUT ROWID;
