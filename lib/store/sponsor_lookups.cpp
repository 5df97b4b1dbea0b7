#include "store/store.hpp"

namespace ytm::store {

std::optional<SponsorLookup> Store::sponsor_lookup(const std::string& video_id) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, "SELECT checked_at, categories, segments, tokens_saved FROM sponsor_lookups WHERE video_id = ?1");
  st.bind(1, video_id);
  if (!st.step()) return std::nullopt;
  return SponsorLookup{video_id, st.integer(0), st.text(1), st.text(2), static_cast<int>(st.integer(3))};
}

void Store::save_sponsor_lookup(const SponsorLookup& l) {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "INSERT INTO sponsor_lookups (video_id, checked_at, categories, segments) VALUES (?1, ?2, ?3, ?4) "
               "ON CONFLICT (video_id) DO UPDATE SET checked_at = ?2, categories = ?3, segments = ?4");
  st.bind_all(l.video_id, l.checked_at, l.categories, l.segments).run();
}

void Store::record_sponsor_savings(const std::string& video_id, int tokens_saved) {
  std::lock_guard lock(mutex_);
  Statement st(*db_, "UPDATE sponsor_lookups SET tokens_saved = ?2 WHERE video_id = ?1");
  st.bind_all(video_id, tokens_saved).run();
}

SponsorSavings Store::sponsor_savings() const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, "SELECT count(*), coalesce(sum(tokens_saved), 0) FROM sponsor_lookups WHERE tokens_saved > 0");
  st.step();
  return SponsorSavings{static_cast<int>(st.integer(0)), st.integer(1)};
}

}  // namespace ytm::store
