-- Digests (output.digest: daily or weekly) list the documents that first appeared in their day or
-- ISO week, so a document keeps the time it was first written: written_at changes with every
-- re-render (`ytmonitor render --all`), which must not move old documents into today's digest.
ALTER TABLE documents ADD COLUMN first_written_at INTEGER NOT NULL DEFAULT 0;
UPDATE documents SET first_written_at = written_at;
CREATE INDEX documents_by_first_written ON documents (first_written_at);

-- Each digest written: once a period is over and had new documents, its file is written, recorded
-- here and announced (the outbox rows go in the same transaction).
CREATE TABLE digests (
  period TEXT PRIMARY KEY,                   -- 2026-01-08 or 2026-W02
  path TEXT NOT NULL,                        -- relative to output_dir
  documents INTEGER NOT NULL,
  channels INTEGER NOT NULL,
  written_at INTEGER NOT NULL
);
