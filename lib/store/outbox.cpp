#include "store/store.hpp"

namespace ytm::store {

void Store::enqueue_notifications(const std::vector<Notification>& notifications, UnixTime now) {
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  auto st = db_->cached(
      "INSERT INTO outbox (subject, target, target_hash, label, title, channel, body, link, path, next_attempt_at, "
      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) "
      "ON CONFLICT (subject, target, target_hash) DO NOTHING");
  for (const auto& n : notifications) {
    st->bind_all(n.subject, n.target, n.target_hash, n.label, n.title, n.channel, n.body, n.link, n.path, now).run();
    st->reset();
  }
  tx.commit();
}

std::vector<Notification> Store::due_notifications(UnixTime now, int limit) const {
  std::lock_guard lock(mutex_);
  auto st = db_->cached(
      "SELECT id, subject, target, target_hash, label, title, channel, body, link, path, attempts, last_error "
      "FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2");
  st->bind_all(now, limit);
  std::vector<Notification> out;
  while (st->step()) {
    out.push_back({st->integer(0), st->text(1), st->text(2), st->text(3), st->text(4), st->text(5), st->text(6),
                   st->text(7), st->text(8), st->text(9), static_cast<int>(st->integer(10)), st->text(11)});
  }
  return out;
}

void Store::notification_sent(std::int64_t id, UnixTime now) {
  std::lock_guard lock(mutex_);
  auto st = db_->cached(
      "UPDATE outbox SET state = 'sent', attempts = attempts + 1, last_error = '', sent_at = ?2 WHERE id = ?1");
  st->bind_all(id, now).run();
}

void Store::notification_failed(std::int64_t id, const std::string& error, std::optional<UnixTime> retry_at,
                                UnixTime now) {
  std::lock_guard lock(mutex_);
  auto st = db_->cached(
      "UPDATE outbox SET state = CASE WHEN ?3 IS NULL THEN 'failed' ELSE 'pending' END, attempts = attempts + 1, "
      "last_error = ?2, next_attempt_at = coalesce(?3, ?4) WHERE id = ?1");
  st->bind_all(id, error, retry_at, now).run();
}

OutboxCounts Store::outbox_counts() const {
  std::lock_guard lock(mutex_);
  OutboxCounts counts;
  Statement by_state(*db_,
                     "SELECT coalesce(sum(state = 'pending'), 0), coalesce(sum(state = 'failed'), 0), "
                     "coalesce(sum(state = 'sent'), 0), min(CASE WHEN state = 'pending' THEN next_attempt_at END) "
                     "FROM outbox");
  by_state.step();
  counts.pending = by_state.integer(0);
  counts.failed = by_state.integer(1);
  counts.sent = by_state.integer(2);
  counts.next_attempt_at = by_state.optional_integer(3);
  Statement last(*db_,
                 "SELECT label || ': ' || last_error FROM outbox WHERE state <> 'sent' AND last_error <> '' "
                 "ORDER BY next_attempt_at DESC LIMIT 1");
  if (last.step()) counts.last_error = last.text(0);
  return counts;
}

}  // namespace ytm::store
