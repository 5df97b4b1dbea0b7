-- SponsorBlock's answer for a video: its segments of the categories asked for, as last fetched.
-- A lookup is reused for a day, then asked again (viewers often submit segments after upload).
-- Only answers are kept (404 counts as one: no segments), never a failed request.
CREATE TABLE sponsor_lookups (
  video_id TEXT PRIMARY KEY,
  checked_at INTEGER NOT NULL,
  categories TEXT NOT NULL,                -- the categories asked for, comma-separated
  segments TEXT NOT NULL,                  -- JSON [{"start", "end", "category"}, …]
  tokens_saved INTEGER NOT NULL DEFAULT 0  -- transcript tokens the video's last run left out
);
