#include "store/store.hpp"

namespace ytm::store {

void Store::save_bot_check_pause(const std::optional<SavedBotCheckPause>& pause) {
  std::lock_guard lock(mutex_);
  if (!pause) {
    Statement(*db_, "DELETE FROM bot_check_pause").run();
    return;
  }
  Statement st(*db_,
               "INSERT INTO bot_check_pause (id, since, until_at, length_s, reason, cookies) "
               "VALUES (1, ?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO UPDATE SET since = ?1, until_at = ?2, "
               "length_s = ?3, reason = ?4, cookies = ?5");
  st.bind_all(pause->since, pause->until, pause->length_seconds, pause->reason, pause->cookies).run();
}

std::optional<SavedBotCheckPause> Store::bot_check_pause() const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, "SELECT since, until_at, length_s, reason, cookies FROM bot_check_pause WHERE id = 1");
  if (!st.step()) return std::nullopt;
  return SavedBotCheckPause{st.integer(0), st.integer(1), st.integer(2), st.text(3), st.text(4)};
}

}  // namespace ytm::store
