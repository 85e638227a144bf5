-- tideline schema, version 7: the census checks activity where the
-- follower list does not show it (Bluesky), a rotating sample of the
-- followers each run, so that every follower is checked within a period
-- at a bounded cost per run.
--
-- Only new columns, NULL in the rows of older versions: no row or
-- column of an older version changes meaning.

-- Since when 'posts' has held its value: the first check that read it.
-- A count that has not moved since tells that no post came after.
ALTER TABLE census_followers ADD COLUMN posts_since TEXT;
-- When their activity was last asked for (the list that shows it, or
-- the check of a sample); NULL: never. The sample takes the followers
-- asked longest ago, never first.
ALTER TABLE census_followers ADD COLUMN activity_read TEXT;
-- A hash of 'follower', fixed when the row is made: among followers
-- never asked, the sample goes in this order, so that those checked
-- first are a random part of the list, not its newest (whose activity
-- differs).
ALTER TABLE census_followers ADD COLUMN sample_key INTEGER;
