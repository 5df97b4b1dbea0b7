#include "store/store.hpp"

namespace ytm::store {
namespace {

constexpr const char* batch_state_names[] = {"sending", "open", "ended", "unsent"};
constexpr const char* request_state_names[] = {"waiting", "answered", "failed", "dropped"};

constexpr const char* batch_columns =
    "SELECT id, api, server_id, input_file_id, state, server_status, cancel_sent, created_at, base_url, api_key_env, "
    "model FROM batches ";

BatchRecord read_batch(const Statement& st) {
  return BatchRecord{st.integer(0),
                     BatchServer{st.text(1), st.text(8), st.text(9), st.text(10)},
                     st.text(2),
                     st.text(3),
                     parse_batch_state(st.text(4)),
                     st.text(5),
                     st.integer(6) != 0,
                     st.integer(7)};
}

constexpr const char* request_columns =
    "SELECT id, custom_id, batch_id, video_id, step, request_hash, call_id, sends, first_sent_at, state, result "
    "FROM batch_requests ";

BatchRequestRecord read_request(const Statement& st) {
  return BatchRequestRecord{st.integer(0), st.text(1),
                            st.integer(2), st.text(3),
                            st.text(4),    st.text(5),
                            st.integer(6), static_cast<int>(st.integer(7)),
                            st.integer(8), parse_batch_request_state(st.text(9)),
                            st.text(10)};
}

}  // namespace

const char* to_string(BatchState state) { return batch_state_names[static_cast<int>(state)]; }
const char* to_string(BatchRequestState state) { return request_state_names[static_cast<int>(state)]; }

BatchState parse_batch_state(std::string_view text) {
  for (int i = 0; i < 4; ++i) {
    if (text == batch_state_names[i]) return static_cast<BatchState>(i);
  }
  return BatchState::ended;
}

BatchRequestState parse_batch_request_state(std::string_view text) {
  for (int i = 0; i < 4; ++i) {
    if (text == request_state_names[i]) return static_cast<BatchRequestState>(i);
  }
  return BatchRequestState::dropped;
}

std::pair<std::int64_t, std::vector<BatchRequestRecord>> Store::create_batch(
    const BatchServer& server, const std::vector<NewBatchRequest>& requests, const std::string& owner, UnixTime now) {
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  Statement batch(*db_,
                  "INSERT INTO batches (api, state, created_at, base_url, api_key_env, model) "
                  "VALUES (?1, 'sending', ?2, ?3, ?4, ?5) RETURNING id");
  batch.bind_all(server.api, now, server.base_url, server.api_key_env, server.model).step();
  const std::int64_t batch_id = batch.integer(0);
  batch.reset();  // a RETURNING statement left unfinished would keep the commit from ending
  Statement next(*db_, "SELECT coalesce(max(id), 0) + 1 FROM batch_requests");
  next.step();
  std::int64_t number = next.integer(0);
  next.reset();
  std::vector<BatchRequestRecord> out;
  for (const auto& r : requests) {
    // The custom id is the row's number: unique for good, and within what both APIs take.
    const std::string custom_id = "ytm-" + std::to_string(number);
    const ModelCall& c = r.call;
    Statement call(*db_,
                   "INSERT INTO model_calls (video_id, step, model, ok, failure_code, input_tokens, output_tokens, "
                   "cost_usd, duration_ms, at, state, owner, list_cost_usd, batch_id, custom_id) VALUES (?1, ?2, ?3, 0, "
                   "'pending', ?4, ?5, ?6, 0, ?7, 'pending', ?8, ?9, ?10, ?11) RETURNING id");
    call.bind_all(c.video_id, c.step, c.model, c.input_tokens, c.output_tokens, c.cost_usd, now, owner,
                  c.list_cost_usd, batch_id, custom_id)
        .step();
    const std::int64_t call_id = call.integer(0);
    call.reset();
    const UnixTime first = r.first_sent_at > 0 ? r.first_sent_at : now;
    Statement row(*db_,
                  "INSERT INTO batch_requests (id, custom_id, batch_id, video_id, step, request_hash, call_id, sends, "
                  "first_sent_at, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'waiting')");
    row.bind_all(number, custom_id, batch_id, r.video_id, r.step, r.request_hash, call_id, r.sends, first).run();
    out.push_back({number, custom_id, batch_id, r.video_id, r.step, r.request_hash, call_id, r.sends, first,
                   BatchRequestState::waiting, ""});
    ++number;
  }
  tx.commit();
  return {batch_id, std::move(out)};
}

void Store::batch_sent(std::int64_t id, const std::string& server_id, const std::string& input_file_id) {
  std::lock_guard lock(mutex_);
  Statement st(*db_, "UPDATE batches SET state = 'open', server_id = ?2, input_file_id = ?3 WHERE id = ?1");
  st.bind_all(id, server_id, input_file_id).run();
}

void Store::batch_polled(std::int64_t id, const std::string& server_status, bool cancel_sent) {
  std::lock_guard lock(mutex_);
  Statement st(*db_, "UPDATE batches SET server_status = ?2, cancel_sent = max(cancel_sent, ?3) WHERE id = ?1");
  st.bind_all(id, server_status, static_cast<int>(cancel_sent)).run();
}

void Store::end_batch(std::int64_t id, BatchState state, const std::vector<BatchRequestEnd>& ends,
                      UnixTime now) {
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  for (const auto& end : ends) {
    Statement row(*db_, "UPDATE batch_requests SET state = ?2, result = ?3 WHERE custom_id = ?1 RETURNING call_id");
    row.bind_all(end.custom_id, to_string(end.state), end.result);
    if (!row.step()) continue;  // not one of ours: a server's stray line
    const std::int64_t call_id = row.integer(0);
    row.reset();
    const ModelCall& c = end.call;
    Statement call(*db_,
                   "UPDATE model_calls SET model = ?2, ok = ?3, failure_code = ?4, input_tokens = ?5, "
                   "output_tokens = ?6, cost_usd = ?7, list_cost_usd = ?8, duration_ms = ?9, state = 'completed' "
                   "WHERE id = ?1");
    call.bind_all(call_id, c.model, static_cast<int>(c.ok), c.failure_code, c.input_tokens, c.output_tokens,
                  c.cost_usd, c.list_cost_usd, c.duration_ms)
        .run();
  }
  Statement batch(*db_, "UPDATE batches SET state = ?2, ended_at = ?3 WHERE id = ?1");
  batch.bind_all(id, to_string(state), now).run();
  tx.commit();
}

std::optional<BatchRecord> Store::batch(std::int64_t id) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, std::string(batch_columns) + "WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_batch(st);
}

std::vector<BatchRecord> Store::unfinished_batches() const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, std::string(batch_columns) + "WHERE state IN ('sending', 'open') ORDER BY id");
  std::vector<BatchRecord> out;
  while (st.step()) out.push_back(read_batch(st));
  return out;
}

std::set<std::string> Store::known_server_batches(const std::vector<std::string>& server_ids) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, "SELECT 1 FROM batches WHERE server_id = ?1");
  std::set<std::string> known;
  for (const auto& id : server_ids) {
    st.reset();
    st.bind(1, id);
    if (st.step()) known.insert(id);
  }
  return known;
}

std::vector<BatchRequestRecord> Store::batch_requests(std::int64_t batch_id) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, std::string(request_columns) + "WHERE batch_id = ?1 ORDER BY id");
  st.bind(1, batch_id);
  std::vector<BatchRequestRecord> out;
  while (st.step()) out.push_back(read_request(st));
  return out;
}

std::optional<BatchRequestRecord> Store::batch_request_for(const std::string& video_id, const std::string& step,
                                                           const std::string& request_hash) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, std::string(request_columns) +
                         "WHERE video_id = ?1 AND step = ?2 AND request_hash = ?3 ORDER BY id DESC LIMIT 1");
  st.bind_all(video_id, step, request_hash);
  if (!st.step()) return std::nullopt;
  return read_request(st);
}

}  // namespace ytm::store
