-- A model call is recorded before it is sent (pending, with the cost it may reach) and completed
-- when answered, so spend and the daily budget count every paid call, also one that a crash or
-- kill -9 cut off; owner is the calling process (host:pid:start time), so the next start can mark
-- the pending calls of a process that is gone abandoned. Calls recorded before were all completed.
ALTER TABLE model_calls ADD COLUMN state TEXT NOT NULL DEFAULT 'completed'
  CHECK (state = 'pending' OR state = 'completed' OR state = 'abandoned');
ALTER TABLE model_calls ADD COLUMN owner TEXT NOT NULL DEFAULT '';
