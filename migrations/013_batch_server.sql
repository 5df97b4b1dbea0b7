-- Where a batch was sent: a channel's profile may send its batches to another server, with another
-- key and model, so a restart polls each batch where it went whatever the configuration says by then.
-- Batches stored before went to the configured model's server (empty here: the shared settings).
ALTER TABLE batches ADD COLUMN base_url TEXT NOT NULL DEFAULT '';
ALTER TABLE batches ADD COLUMN api_key_env TEXT NOT NULL DEFAULT '';
ALTER TABLE batches ADD COLUMN model TEXT NOT NULL DEFAULT '';
