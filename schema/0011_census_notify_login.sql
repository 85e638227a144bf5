-- tideline schema, version 11: when the census last logged in to read
-- the owner's notifications (Bluesky, with the owner's app password).
-- Bluesky's createSession allows 30 logins per 5 minutes and 300 a day
-- per account: the census reads the notifications at most once an hour,
-- and this is the time that spaces the logins, whether they succeeded
-- or not. Nothing of the session itself is stored.
--
-- One column added, NULL in every existing row: no login yet.
ALTER TABLE census_notify ADD COLUMN login_at TEXT;
