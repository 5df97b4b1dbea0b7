#include "store/store.hpp"

namespace ytm::store {

std::vector<DocumentSummary> Store::documents_first_written(UnixTime from, UnixTime to) const {
  std::lock_guard lock(mutex_);
  Statement st(
      *db_,
      "SELECT d.video_id, d.path, coalesce(nullif(json_extract(s.output, '$.video.title'), ''), v.title, ''), "
      "coalesce(nullif(c.title, ''), nullif(json_extract(s.output, '$.video.channel'), ''), v.channel_id, ''), "
      "coalesce(json_extract(s.output, '$.summary.tldr'), ''), v.published_at, d.written_at FROM documents d "
      "LEFT JOIN videos v ON v.id = d.video_id LEFT JOIN channels c ON c.id = v.channel_id "
      "LEFT JOIN steps s ON s.video_id = d.video_id AND s.name = 'result' "
      "WHERE d.first_written_at >= ?1 AND d.first_written_at < ?2 ORDER BY d.first_written_at, d.video_id");
  st.bind_all(from, to);
  std::vector<DocumentSummary> out;
  while (st.step()) {
    out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.optional_integer(5), st.integer(6)});
  }
  return out;
}

std::optional<DigestRecord> Store::digest(const std::string& period) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, "SELECT period, path, documents, channels, written_at FROM digests WHERE period = ?1");
  st.bind(1, period);
  if (!st.step()) return std::nullopt;
  return DigestRecord{st.text(0), st.text(1), static_cast<int>(st.integer(2)), static_cast<int>(st.integer(3)),
                      st.integer(4)};
}

std::vector<DigestRecord> Store::digests() const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, "SELECT period, path, documents, channels, written_at FROM digests ORDER BY period DESC");
  std::vector<DigestRecord> out;
  while (st.step()) {
    out.push_back(
        {st.text(0), st.text(1), static_cast<int>(st.integer(2)), static_cast<int>(st.integer(3)), st.integer(4)});
  }
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
