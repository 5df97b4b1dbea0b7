-- Notifications, written in the same transaction as the document (or digest) they announce and
-- sent afterwards, so a crash or kill -9 between the two loses none: a restart sends what is
-- pending. One row per announced thing and target; the target's URL holds secrets (tokens,
-- passwords) and is never stored: target_hash finds it in the configuration at send time.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,                     -- the video id, or "digest:2026-01-08"
  target TEXT NOT NULL,                      -- webhook, apprise
  target_hash TEXT NOT NULL,                 -- SHA-256 of the target's URL
  label TEXT NOT NULL,                       -- what status shows of the target: "apprise tgram://…"
  title TEXT NOT NULL,
  channel TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',             -- the TL;DR
  link TEXT NOT NULL DEFAULT '',             -- the video's URL
  path TEXT NOT NULL DEFAULT '',             -- the document, relative to output_dir
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state = 'pending' OR state = 'sent' OR state = 'failed'),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',       -- never the URL or the service's own output
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  UNIQUE (subject, target, target_hash)
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
