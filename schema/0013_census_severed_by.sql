-- tideline schema, version 13: each follower the census marked severed
-- keeps the severance event that took them (its event_id), so that the
-- followers an event took are counted from that, not matched again by
-- handle and domain, which a hashed census no longer keeps.
--
-- New columns only; the followers severed before are tied to the first
-- event their handle matches, as the census matched them then.

ALTER TABLE census_followers ADD COLUMN severed_by TEXT;
ALTER TABLE census_past_lives ADD COLUMN severed_by TEXT;

UPDATE census_followers SET severed_by = (SELECT e.event_id
    FROM census_severances e WHERE e.account_id = census_followers.account_id
    AND e.at >= census_followers.last_seen
    AND census_followers.left_at >= e.at
    AND census_followers.handle IS NOT NULL
    AND CASE WHEN e.kind = 'account_suspension'
        THEN lower(ltrim(census_followers.handle, '@')) =
            lower(ltrim(e.target, '@'))
        ELSE instr(census_followers.handle, '@') > 0 AND
            (lower(substr(census_followers.handle,
                instr(census_followers.handle, '@') + 1)) = lower(e.target)
            OR lower(substr(census_followers.handle,
                -length(e.target) - 1)) = '.' || lower(e.target)) END
    ORDER BY e.at, e.event_id LIMIT 1)
WHERE left_reason = 'severed';

-- A life that ends keeps the event that severed it (census_life_ends,
-- which ran before, kept the rest of it).
CREATE TRIGGER census_life_ends_severed AFTER UPDATE OF left_at
    ON census_followers
    WHEN OLD.left_at IS NOT NULL AND NEW.left_at IS NULL
        AND OLD.severed_by IS NOT NULL
BEGIN
    UPDATE census_past_lives SET severed_by = OLD.severed_by
    WHERE account_id = OLD.account_id AND follower = OLD.follower
        AND first_seen = OLD.first_seen;
END;
