-- The names and terms a video's translation rendered, as its chunks' notes said, kept per channel:
-- proposals for the channel's glossary (`ytmonitor glossary CHANNEL`). A video done again replaces
-- its own rows.
CREATE TABLE proposed_terms (
  channel_id TEXT NOT NULL,
  video_id TEXT NOT NULL,
  term TEXT NOT NULL,
  rendering TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (video_id, term)
);
CREATE INDEX proposed_terms_channel ON proposed_terms (channel_id, term);
