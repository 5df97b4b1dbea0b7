#include "store/store.hpp"

namespace ytm::store {
namespace {

constexpr const char* digest_columns = "SELECT period, path, documents, channels, written_at FROM digests ";

DigestRecord read_digest(const Statement& st) {
  return DigestRecord{st.text(0), st.text(1), static_cast<int>(st.integer(2)), static_cast<int>(st.integer(3)),
                      st.integer(4)};
}

}  // namespace

std::optional<DigestRecord> Store::digest(const std::string& period) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, std::string(digest_columns) + "WHERE period = ?1");
  st.bind(1, period);
  if (!st.step()) return std::nullopt;
  return read_digest(st);
}

std::vector<DigestRecord> Store::digests() const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, std::string(digest_columns) + "ORDER BY period DESC");
  std::vector<DigestRecord> out;
  while (st.step()) out.push_back(read_digest(st));
  return out;
}

void Store::save_digest(const DigestRecord& d, const std::vector<Notification>& announce) {
  auto b = batch();
  {
    std::lock_guard lock(mutex_);
    Statement st(*db_,
                 "INSERT INTO digests (period, path, documents, channels, written_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                 "ON CONFLICT (period) DO UPDATE SET path = ?2, documents = ?3, channels = ?4, written_at = ?5");
    st.bind_all(d.period, d.path, d.documents, d.channels, d.written_at).run();
  }
  if (!announce.empty()) enqueue_notifications(announce, d.written_at);
  b.commit();
}

}  // namespace ytm::store
