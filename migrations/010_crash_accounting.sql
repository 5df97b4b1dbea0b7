-- A video taken over from a process that died is told apart from a video that kills its process:
-- crashes counts the deaths in a row at the same point (crash_point: how far its saved steps had
-- come) while none of its model calls was in flight, kills those while one was (the video was
-- waiting on the model: a kill from outside). Only crashes fail a video `crashed`; a kill gives its
-- attempt back. Videos recorded before start with none of either.
ALTER TABLE videos ADD COLUMN crashes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE videos ADD COLUMN kills INTEGER NOT NULL DEFAULT 0;
ALTER TABLE videos ADD COLUMN crash_point TEXT NOT NULL DEFAULT '';
-- What a dead process had in flight for a video is looked up by video when it is taken over.
CREATE INDEX model_calls_by_video ON model_calls (video_id, owner);
