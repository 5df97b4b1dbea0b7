-- A search in one channel asks the word index for that channel. Migration 008 indexed each passage
-- by its video only, so a channel of more than 64 videos was found by reading every match of a
-- common word newest first, keeping that channel's (at 5,000 videos, a channel of 100 took 90 ms,
-- and a channel of 2 % takes longer the more videos there are). Each passage's video column now
-- holds two tokens: its video ('v' and the id in hex) and its channel ('c' and the channel id in hex).
--
-- The index must be told of a passage with the very tokens it was given, so a video whose channel
-- becomes known later (added by URL, completed by its metadata) is indexed again under the new one.
DROP TRIGGER search_words_added;
DROP TRIGGER search_words_removed;

CREATE TRIGGER search_words_added AFTER INSERT ON search_passages BEGIN
  INSERT INTO search_words (rowid, text, video_id)
    SELECT NEW.id, NEW.text, 'v' || hex(NEW.video_id) || ' c' || hex(coalesce(v.channel_id, ''))
      FROM (SELECT 1) LEFT JOIN videos v ON v.id = NEW.video_id;
END;
CREATE TRIGGER search_words_removed AFTER DELETE ON search_passages BEGIN
  INSERT INTO search_words (search_words, rowid, text, video_id)
    SELECT 'delete', OLD.id, OLD.text, 'v' || hex(OLD.video_id) || ' c' || hex(coalesce(v.channel_id, ''))
      FROM (SELECT 1) LEFT JOIN videos v ON v.id = OLD.video_id;
END;
CREATE TRIGGER search_words_channel_changed AFTER UPDATE OF channel_id ON videos
  WHEN OLD.channel_id IS NOT NEW.channel_id BEGIN
  INSERT INTO search_words (search_words, rowid, text, video_id)
    SELECT 'delete', id, text, 'v' || hex(OLD.id) || ' c' || hex(OLD.channel_id) FROM search_passages
     WHERE video_id = OLD.id;
  INSERT INTO search_words (rowid, text, video_id)
    SELECT id, text, 'v' || hex(NEW.id) || ' c' || hex(NEW.channel_id) FROM search_passages WHERE video_id = NEW.id;
END;

-- Nothing deletes a video today; were one deleted, its passages go first, while its channel is known.
CREATE TRIGGER search_words_video_removed BEFORE DELETE ON videos BEGIN
  DELETE FROM search_passages WHERE video_id = OLD.id;
END;

-- What is indexed already, again with its channel.
INSERT INTO search_words (search_words) VALUES ('delete-all');
INSERT INTO search_words (rowid, text, video_id)
  SELECT p.id, p.text, 'v' || hex(p.video_id) || ' c' || hex(coalesce(v.channel_id, ''))
    FROM search_passages p LEFT JOIN videos v ON v.id = p.video_id;
