-- tideline schema, version 12: what the census knew at each time, so
-- that audience as of a time reads that and a later walk changes no
-- earlier result. census_followers keeps a follower's present life and
-- the latest check of their activity; a follower who left and is listed
-- again had their loss overwritten, and a later check their activity of
-- before. Now each earlier life and each check is kept.
--
-- Only new tables and triggers: no row or column of an older version
-- changes. The checks stored before are kept as one check each (the
-- latest, all that was kept); a return before this version is lost.

-- A follower's lives that ended: when one who left is listed again, the
-- life that ended (first listed, last listed, left, why) is kept here
-- and their census_followers row starts the new one.
CREATE TABLE census_past_lives (
    account_id     INTEGER NOT NULL,
    follower       TEXT NOT NULL,
    first_seen     TEXT NOT NULL,
    last_seen      TEXT NOT NULL,
    followed_at    TEXT,
    followed_after TEXT,
    left_at        TEXT NOT NULL,
    left_reason    TEXT,
    PRIMARY KEY (account_id, follower, first_seen),
    -- A follower hashed (census_followers rekeyed) takes their lives.
    FOREIGN KEY (account_id, follower)
        REFERENCES census_followers (account_id, follower)
        ON UPDATE CASCADE ON DELETE CASCADE
) WITHOUT ROWID;

-- Each check of a follower's activity: when, and the latest post it
-- found (NULL: none).
CREATE TABLE census_activity_checks (
    account_id  INTEGER NOT NULL,
    follower    TEXT NOT NULL,
    at          TEXT NOT NULL,
    last_active TEXT,
    PRIMARY KEY (account_id, follower, at),
    FOREIGN KEY (account_id, follower)
        REFERENCES census_followers (account_id, follower)
        ON UPDATE CASCADE ON DELETE CASCADE
) WITHOUT ROWID;

INSERT INTO census_activity_checks (account_id, follower, at, last_active)
    SELECT account_id, follower, active_checked, last_active
    FROM census_followers WHERE active_checked IS NOT NULL;

-- The triggers keep both from every statement that writes a follower
-- (a listing's batch upsert, a check of activity), whichever it is.
CREATE TRIGGER census_life_ends BEFORE UPDATE OF left_at
    ON census_followers
    WHEN OLD.left_at IS NOT NULL AND NEW.left_at IS NULL
BEGIN
    INSERT OR REPLACE INTO census_past_lives (account_id, follower,
        first_seen, last_seen, followed_at, followed_after, left_at,
        left_reason)
    VALUES (OLD.account_id, OLD.follower, OLD.first_seen, OLD.last_seen,
        OLD.followed_at, OLD.followed_after, OLD.left_at,
        OLD.left_reason);
END;

CREATE TRIGGER census_checked_first AFTER INSERT ON census_followers
    WHEN NEW.active_checked IS NOT NULL
BEGIN
    INSERT OR REPLACE INTO census_activity_checks (account_id, follower,
        at, last_active)
    VALUES (NEW.account_id, NEW.follower, NEW.active_checked,
        NEW.last_active);
END;

CREATE TRIGGER census_checked_again AFTER UPDATE OF active_checked
    ON census_followers
    WHEN NEW.active_checked IS NOT NULL
        AND NEW.active_checked IS NOT OLD.active_checked
BEGIN
    INSERT OR REPLACE INTO census_activity_checks (account_id, follower,
        at, last_active)
    VALUES (NEW.account_id, NEW.follower, NEW.active_checked,
        NEW.last_active);
END;
