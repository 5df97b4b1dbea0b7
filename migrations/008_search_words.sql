-- Words looked up as words. The trigram index (006) answers a word by all its three-letter pieces,
-- and in English the common pieces ("the", "ing") are in most passages: at 5,000 one-hour videos
-- one rare word took about 100 ms and a common one two seconds; and a Chinese word of two
-- characters, too short for a trigram, meant reading every passage (a second). This second index
-- over the same passages holds words (case and accents folded) and, in Chinese, Japanese and
-- Korean, every two neighbouring characters: its tokenizer `ytm_words` is ytmonitor's own
-- (lib/store/word_tokenizer.cpp): the sqlite3 shell reads the database as before but cannot change
-- a stored result, which re-indexes its video. The trigram index still finds pieces of words.
--
-- Each passage is also indexed by its video, as one token ('v' and the id in hex, so ids that
-- differ only in case stay apart): a search in one channel asks the index for that channel's
-- videos instead of reading every match of a common word. That column is not the content table's
-- value, so the index is filled and kept here, never with FTS5's 'rebuild'.
CREATE VIRTUAL TABLE search_words USING fts5 (text, video_id, content = 'search_passages', content_rowid = 'id',
                                              tokenize = 'ytm_words');

CREATE TRIGGER search_words_added AFTER INSERT ON search_passages BEGIN
  INSERT INTO search_words (rowid, text, video_id) VALUES (NEW.id, NEW.text, 'v' || hex(NEW.video_id));
END;
CREATE TRIGGER search_words_removed AFTER DELETE ON search_passages BEGIN
  INSERT INTO search_words (search_words, rowid, text, video_id)
    VALUES ('delete', OLD.id, OLD.text, 'v' || hex(OLD.video_id));
END;

-- What is indexed already.
INSERT INTO search_words (rowid, text, video_id) SELECT id, text, 'v' || hex(video_id) FROM search_passages;
