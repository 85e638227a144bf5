-- tideline schema, version 9: what the census spent, where the platform
-- bills each follower read (X), so that a month's reads stay within the
-- cap the user sets (x_max_usd).
--
-- Only a new table: no row or column of an older version changes. An
-- account without a row spent nothing that month.

-- The follower reads of an account's census in a calendar month (UTC),
-- and what they cost, as the reads were stored: each page adds its
-- followers and their price in the page's own transaction.
CREATE TABLE census_spend (
    account_id INTEGER NOT NULL
               REFERENCES accounts (id) ON DELETE CASCADE,
    month      TEXT NOT NULL,      -- 'YYYY-MM'
    reads      INTEGER NOT NULL DEFAULT 0 CHECK (reads >= 0),
    usd_micro  INTEGER NOT NULL DEFAULT 0 CHECK (usd_micro >= 0),
                                   -- millionths of a US dollar
    PRIMARY KEY (account_id, month)
) WITHOUT ROWID;
