-- Batches (model.batch): a call answered inside a batch is paid at its discount, so each call keeps
-- its list price beside what was paid, and the batch and custom id it went in with. Calls and steps
-- recorded before were all paid at list price.
ALTER TABLE model_calls ADD COLUMN list_cost_usd REAL NOT NULL DEFAULT 0;
UPDATE model_calls SET list_cost_usd = cost_usd;
ALTER TABLE model_calls ADD COLUMN batch_id INTEGER;
ALTER TABLE model_calls ADD COLUMN custom_id TEXT NOT NULL DEFAULT '';
ALTER TABLE steps ADD COLUMN list_cost_usd REAL NOT NULL DEFAULT 0;
UPDATE steps SET list_cost_usd = cost_usd;

-- One batch sent to a server's batch API. It is written (state 'sending') with its requests before
-- it is sent, and given the server's id (state 'open') as soon as the server answers, so a restart
-- polls the batch it left instead of sending its requests again. 'ended': its results are stored;
-- 'unsent': the server never took it (or a kill came before its answer was stored).
CREATE TABLE batches (
  id INTEGER PRIMARY KEY,
  api TEXT NOT NULL,                        -- 'anthropic' or 'openai'
  server_id TEXT NOT NULL DEFAULT '',       -- msgbatch_… or batch_…
  input_file_id TEXT NOT NULL DEFAULT '',   -- OpenAI: the uploaded requests
  state TEXT NOT NULL CHECK (state IN ('sending', 'open', 'ended', 'unsent')),
  server_status TEXT NOT NULL DEFAULT '',   -- as the server last said: in_progress, canceling, ended, …
  cancel_sent INTEGER NOT NULL DEFAULT 0,   -- model.batch_max_wait reached: cancelled
  created_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX batches_by_state ON batches (state);

-- Each request of a batch, by the custom id it is sent with ('ytm-' and its number). state:
-- 'waiting' in its batch; 'answered' (result holds the reply); 'failed' (result holds the failure,
-- handled like a failed call of the same kind); 'dropped' (expired or cancelled: sent again once,
-- or on its own). call_id is its row in model_calls.
CREATE TABLE batch_requests (
  id INTEGER PRIMARY KEY,
  custom_id TEXT NOT NULL UNIQUE,
  batch_id INTEGER NOT NULL REFERENCES batches (id),
  video_id TEXT NOT NULL,
  step TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  call_id INTEGER NOT NULL,
  sends INTEGER NOT NULL DEFAULT 1,
  first_sent_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'answered', 'failed', 'dropped')),
  result TEXT NOT NULL DEFAULT ''
);
CREATE INDEX batch_requests_by_step ON batch_requests (video_id, step, request_hash);
CREATE INDEX batch_requests_by_batch ON batch_requests (batch_id);
