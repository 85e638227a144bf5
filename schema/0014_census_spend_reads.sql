-- tideline schema, version 14: each record of a billed census's reads
-- (X), with its time, so that the spend as of a time is what was read by
-- then; census_spend keeps the month's totals, which the cap is held to.
--
-- A new table only. The totals stored before are kept as one record
-- each with no time (at NULL): before every record of their month.

CREATE TABLE census_spend_reads (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL
               REFERENCES accounts (id) ON DELETE CASCADE,
    month      TEXT NOT NULL,      -- 'YYYY-MM', as census_spend's
    at         TEXT,               -- NULL: read before version 14
    reads      INTEGER NOT NULL CHECK (reads >= 0),
    usd_micro  INTEGER NOT NULL CHECK (usd_micro >= 0)
);
CREATE INDEX census_spend_reads_month ON census_spend_reads
    (account_id, month, at);

INSERT INTO census_spend_reads (account_id, month, at, reads, usd_micro)
    SELECT account_id, month, NULL, reads, usd_micro FROM census_spend;
