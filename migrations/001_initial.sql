-- Channels we poll. id is the UC… channel id.
CREATE TABLE channels (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',           -- the subscription as written (@handle, URL or id)
  first_seen_at INTEGER NOT NULL,
  last_poll_at INTEGER,
  last_result TEXT NOT NULL DEFAULT 'never', -- ok, unchanged, http_404, timeout, feed_invalid, ...
  last_error TEXT NOT NULL DEFAULT '',
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  not_found_since INTEGER,                   -- first of an unbroken run of 404s
  next_poll_at INTEGER,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  body_hash TEXT NOT NULL DEFAULT ''
);

-- Answers of `resolve` for subscriptions given by @handle or URL.
CREATE TABLE channel_aliases (
  source TEXT PRIMARY KEY,
  channel_id TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  resolved_at INTEGER NOT NULL
);

-- Every video we have heard of, and where it stands. States are documented in docs/architecture.md.
CREATE TABLE videos (
  id TEXT PRIMARY KEY,
  channel_id TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  link TEXT NOT NULL DEFAULT '',
  published_at INTEGER,
  is_short INTEGER NOT NULL DEFAULT 0,
  origin TEXT NOT NULL DEFAULT 'feed',       -- feed, backfill, gap, manual
  state TEXT NOT NULL CHECK (state IN ('seen', 'skipped', 'queued', 'processing', 'waiting', 'done', 'failed')),
  reason TEXT NOT NULL DEFAULT '',           -- why it is skipped, waiting or failed, in words
  failure_code TEXT NOT NULL DEFAULT '',     -- stable code of the last failure: bot_check, no_captions, ...
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  discovered_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX videos_by_state ON videos (state, next_attempt_at);
CREATE INDEX videos_by_channel ON videos (channel_id, published_at);

-- A worker's claim on a video. A lease past expires_at may be taken over.
CREATE TABLE leases (
  video_id TEXT PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
  owner TEXT NOT NULL,
  acquired_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

-- Checkpoints: every finished step of a video's processing, so a restart repeats no paid work.
CREATE TABLE steps (
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  name TEXT NOT NULL,                        -- metadata, transcript, translate/3, notes/2, summary, result
  input_hash TEXT NOT NULL,
  prompt_version TEXT NOT NULL DEFAULT '',
  model TEXT NOT NULL DEFAULT '',
  output TEXT NOT NULL,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (video_id, name)
);

-- Every model call, successful or not: spend per day, metrics.
CREATE TABLE model_calls (
  id INTEGER PRIMARY KEY,
  video_id TEXT NOT NULL,
  step TEXT NOT NULL,
  model TEXT NOT NULL,
  ok INTEGER NOT NULL,
  failure_code TEXT NOT NULL DEFAULT '',
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  duration_ms INTEGER NOT NULL DEFAULT 0,
  at INTEGER NOT NULL
);
CREATE INDEX model_calls_by_time ON model_calls (at);

-- The Markdown document written for a video: where, and the hash of what we wrote, so a document the user
-- edited since is never overwritten.
CREATE TABLE documents (
  video_id TEXT PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
  path TEXT NOT NULL,                        -- relative to output_dir
  content_hash TEXT NOT NULL,
  written_at INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT ''              -- e.g. "edited by the user; new version written beside it"
);
