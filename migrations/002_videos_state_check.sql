-- The state check on videos as ORed comparisons instead of an IN list: SQLite evaluates a CHECK's IN
-- list by building a temporary b-tree for it on every inserted or updated row, about a sixth of the
-- cost of storing a polled video. The allowed states are the same as in 001_initial.sql.
--
-- SQLite cannot change a CHECK in place, so this follows its ALTER TABLE procedure
-- (https://www.sqlite.org/lang_altertable.html#otheralter): migrations run in a transaction with
-- foreign keys off, so dropping the old table leaves leases, steps and documents alone; their
-- REFERENCES videos (id) name the new table once it is renamed.
CREATE TABLE new_videos (
  id TEXT PRIMARY KEY,
  channel_id TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  link TEXT NOT NULL DEFAULT '',
  published_at INTEGER,
  is_short INTEGER NOT NULL DEFAULT 0,
  origin TEXT NOT NULL DEFAULT 'feed',       -- feed, backfill, gap, manual
  state TEXT NOT NULL CHECK (state = 'seen' OR state = 'skipped' OR state = 'queued' OR state = 'processing'
                             OR state = 'waiting' OR state = 'done' OR state = 'failed'),
  reason TEXT NOT NULL DEFAULT '',           -- why it is skipped, waiting or failed, in words
  failure_code TEXT NOT NULL DEFAULT '',     -- stable code of the last failure: bot_check, no_captions, ...
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  discovered_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER
);
INSERT INTO new_videos (id, channel_id, title, link, published_at, is_short, origin, state, reason, failure_code,
                        attempts, next_attempt_at, discovered_at, updated_at, finished_at)
  SELECT id, channel_id, title, link, published_at, is_short, origin, state, reason, failure_code,
         attempts, next_attempt_at, discovered_at, updated_at, finished_at FROM videos;
DROP TABLE videos;
ALTER TABLE new_videos RENAME TO videos;
CREATE INDEX videos_by_state ON videos (state, next_attempt_at);
CREATE INDEX videos_by_channel ON videos (channel_id, published_at);
