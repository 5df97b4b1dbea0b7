-- The process behind each lease: its host (boot id), pid and start time, so a claim can tell that
-- the owner of a lease is gone (kill -9, a crash) and take the video over at once instead of
-- waiting for the lease to expire. Leases from before have an empty host and simply expire.
ALTER TABLE leases ADD COLUMN owner_host TEXT NOT NULL DEFAULT '';
ALTER TABLE leases ADD COLUMN owner_pid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE leases ADD COLUMN owner_started INTEGER NOT NULL DEFAULT 0;
