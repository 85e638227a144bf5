-- tideline schema, version 7: the census checks activity where the
-- follower list does not show it (Bluesky), a rotating sample of the
-- followers each run, so that every follower is checked within a period
-- at a bounded cost per run.
--
-- Only new columns, NULL in the rows of older versions: no row or
-- column of an older version changes meaning.

-- When 'posts' was read: what the next check of their activity compares
-- with (a count that moved since means a post; one that did not, none).
ALTER TABLE census_followers ADD COLUMN posts_at TEXT;
-- When their activity was last asked for (the list that shows it, or
-- the check of a sample); NULL: never. The sample takes the followers
-- asked longest ago, never first.
ALTER TABLE census_followers ADD COLUMN activity_read TEXT;
-- A hash of 'follower', fixed when the row is made: among followers
-- never asked, the sample goes in this order, so that those checked
-- first are a random part of the list, not its newest (whose activity
-- differs).
ALTER TABLE census_followers ADD COLUMN sample_key INTEGER;

-- 1: the walk ended before the list's end (its cursor repeated, or an
-- empty page went on): it counted no losses, and the list was not read
-- whole, so the next run walks it again.
ALTER TABLE census_walks ADD COLUMN broken INTEGER NOT NULL DEFAULT 0
    CHECK (broken IN (0, 1));
