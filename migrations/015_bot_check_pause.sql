-- The bot-check pause of all YouTube work (transcript/bot_check_pause.hpp), kept so that a restart
-- during a block does not ask YouTube again at once. One row while a pause holds, none otherwise.
-- `cookies` identifies the cookie file as the pause began: other cookies at start end it.
CREATE TABLE bot_check_pause (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  since INTEGER NOT NULL,
  until_at INTEGER NOT NULL,
  length_s INTEGER NOT NULL,
  reason TEXT NOT NULL,
  cookies TEXT NOT NULL
);
