-- Full-text search over every stored transcript, translation and summary (`ytmonitor search`, the
-- status page). Passages are kept in search_passages and indexed by an FTS5 table with the trigram
-- tokenizer, so any substring of three characters or more matches, Chinese and Japanese included
-- (they have no spaces between words). The index follows the stored results by itself: saving a
-- video's result (the step named "result") re-indexes that video in the same transaction.
CREATE TABLE search_passages (
  id INTEGER PRIMARY KEY,
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                        -- transcript, translation, summary
  start INTEGER NOT NULL DEFAULT 0,          -- seconds into the video
  text TEXT NOT NULL
);
CREATE INDEX search_passages_by_video ON search_passages (video_id);

CREATE VIRTUAL TABLE search_index USING fts5 (text, content = 'search_passages', content_rowid = 'id',
                                              tokenize = 'trigram');

-- External content: the index is told of every passage added and removed.
CREATE TRIGGER search_passage_added AFTER INSERT ON search_passages BEGIN
  INSERT INTO search_index (rowid, text) VALUES (NEW.id, NEW.text);
END;
CREATE TRIGGER search_passage_removed AFTER DELETE ON search_passages BEGIN
  INSERT INTO search_index (search_index, rowid, text) VALUES ('delete', OLD.id, OLD.text);
END;

-- A video id put here is (re)indexed from its stored transcript and result, and taken out again.
-- One place for the indexing SQL: the result triggers below and the fill at the end use it.
CREATE TABLE search_refresh (video_id TEXT NOT NULL);
CREATE TRIGGER search_refresh_video AFTER INSERT ON search_refresh BEGIN
  DELETE FROM search_passages WHERE video_id = NEW.video_id;
  -- The transcript in passages of 30 seconds, each found at its first line's time.
  INSERT INTO search_passages (video_id, kind, start, text)
    SELECT NEW.video_id, 'transcript', CAST(min(json_extract(s.value, '$.start')) AS INTEGER),
           group_concat(json_extract(s.value, '$.text'), ' ')
      FROM steps t, json_each(CASE WHEN json_valid(t.output) THEN t.output ELSE '{}' END, '$.transcript.segments') s
     WHERE t.video_id = NEW.video_id AND t.name = 'transcript'
     GROUP BY CAST(json_extract(s.value, '$.start') / 30 AS INTEGER);
  INSERT INTO search_passages (video_id, kind, start, text)
    SELECT NEW.video_id, 'translation', coalesce(json_extract(p.value, '$.start'), 0), json_extract(p.value, '$.text')
      FROM steps r, json_each(CASE WHEN json_valid(r.output) THEN r.output ELSE '{}' END, '$.translation') p
     WHERE r.video_id = NEW.video_id AND r.name = 'result'
       AND coalesce(json_extract(p.value, '$.text'), '') <> '';
  -- The summary: TL;DR, chapters, arguments, quotes, people and companies, each its own passage.
  INSERT INTO search_passages (video_id, kind, start, text)
    SELECT NEW.video_id, 'summary', 0, trim(coalesce(json_extract(r.output, '$.summary.intro'), '') || ' ' ||
                                            coalesce(json_extract(r.output, '$.summary.tldr'), ''))
      FROM steps r WHERE r.video_id = NEW.video_id AND r.name = 'result' AND json_valid(r.output);
  INSERT INTO search_passages (video_id, kind, start, text)
    SELECT NEW.video_id, 'summary', coalesce(json_extract(e.value, '$.start'), 0), coalesce(json_extract(e.value, '$.title'), '') || ': ' || coalesce(json_extract(e.value, '$.summary'), '')
      FROM steps r, json_each(CASE WHEN json_valid(r.output) THEN r.output ELSE '{}' END, '$.summary.chapters') e
     WHERE r.video_id = NEW.video_id AND r.name = 'result';
  INSERT INTO search_passages (video_id, kind, start, text)
    SELECT NEW.video_id, 'summary', 0, coalesce(json_extract(e.value, '$.title'), '') || ': ' || coalesce(json_extract(e.value, '$.content'), '') || ' ' || coalesce(json_extract(e.value, '$.practical_meaning'), '')
      FROM steps r, json_each(CASE WHEN json_valid(r.output) THEN r.output ELSE '{}' END, '$.summary.arguments') e
     WHERE r.video_id = NEW.video_id AND r.name = 'result';
  INSERT INTO search_passages (video_id, kind, start, text)
    SELECT NEW.video_id, 'summary', coalesce(json_extract(e.value, '$.timestamp'), 0), coalesce(json_extract(e.value, '$.text'), '') || ' ' || coalesce(json_extract(e.value, '$.translation'), '')
      FROM steps r, json_each(CASE WHEN json_valid(r.output) THEN r.output ELSE '{}' END, '$.summary.quotes') e
     WHERE r.video_id = NEW.video_id AND r.name = 'result';
  INSERT INTO search_passages (video_id, kind, start, text)
    SELECT NEW.video_id, 'summary', 0, coalesce(json_extract(e.value, '$.name'), '') || ': ' || coalesce(json_extract(e.value, '$.identity'), '') || ' ' || coalesce(json_extract(e.value, '$.views'), '')
      FROM steps r, json_each(CASE WHEN json_valid(r.output) THEN r.output ELSE '{}' END, '$.summary.people') e
     WHERE r.video_id = NEW.video_id AND r.name = 'result';
  INSERT INTO search_passages (video_id, kind, start, text)
    SELECT NEW.video_id, 'summary', 0, coalesce(json_extract(e.value, '$.name'), '') || ': ' || coalesce(json_extract(e.value, '$.context'), '')
      FROM steps r, json_each(CASE WHEN json_valid(r.output) THEN r.output ELSE '{}' END, '$.summary.companies') e
     WHERE r.video_id = NEW.video_id AND r.name = 'result';
  DELETE FROM search_passages WHERE video_id = NEW.video_id AND kind = 'summary' AND trim(text, ' :') = '';
  DELETE FROM search_refresh WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER search_result_saved AFTER INSERT ON steps WHEN NEW.name = 'result' BEGIN
  INSERT INTO search_refresh (video_id) VALUES (NEW.video_id);
END;
CREATE TRIGGER search_result_changed AFTER UPDATE OF output ON steps WHEN NEW.name = 'result' BEGIN
  INSERT INTO search_refresh (video_id) VALUES (NEW.video_id);
END;

-- What is stored already.
INSERT INTO search_refresh (video_id) SELECT video_id FROM steps WHERE name = 'result';
