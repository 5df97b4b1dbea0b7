#include <algorithm>

#include "store/store.hpp"

namespace ytm::store {

void Store::save_proposed_terms(const std::string& channel_id, const std::string& video_id,
                                const TermRenderings& terms, UnixTime now) {
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  Statement clear(*db_, "DELETE FROM proposed_terms WHERE video_id = ?1");
  clear.bind(1, video_id);
  clear.run();
  for (const auto& [term, rendering] : terms) {
    Statement st(*db_,
                 "INSERT OR IGNORE INTO proposed_terms (channel_id, video_id, term, rendering, created_at) "
                 "VALUES (?1, ?2, ?3, ?4, ?5)");
    st.bind_all(channel_id, video_id, term, rendering, now).run();
  }
  tx.commit();
}

std::vector<ProposedTerm> Store::proposed_terms(const std::string& channel_id) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "SELECT term, rendering, count(*), max(created_at) FROM proposed_terms WHERE channel_id = ?1 "
               "GROUP BY term, rendering ORDER BY term, count(*) DESC, rendering");
  st.bind(1, channel_id);
  std::vector<ProposedTerm> terms;
  while (st.step()) {
    if (terms.empty() || terms.back().term != st.text(0)) terms.push_back(ProposedTerm{st.text(0), {}, 0, 0});
    ProposedTerm& term = terms.back();
    const int videos = static_cast<int>(st.integer(2));
    term.renderings.push_back(ProposedRendering{st.text(1), videos});
    term.videos += videos;
    term.last_seen = std::max(term.last_seen, st.integer(3));
  }
  std::stable_sort(terms.begin(), terms.end(),
                   [](const ProposedTerm& a, const ProposedTerm& b) { return a.videos > b.videos; });
  return terms;
}

}  // namespace ytm::store
