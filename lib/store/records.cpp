#include "store/store.hpp"

namespace ytm::store {
namespace {

constexpr const char* step_columns =
    "SELECT video_id, name, input_hash, prompt_version, model, output, input_tokens, output_tokens, cost_usd, "
    "created_at, list_cost_usd FROM steps ";

Step read_step(const Statement& st) {
  return Step{st.text(0), st.text(1),    st.text(2),    st.text(3), st.text(4),   st.text(5),
              st.integer(6), st.integer(7), st.real(8), st.integer(9), st.real(10)};
}

DocumentRecord read_document(const Statement& st) {
  return DocumentRecord{st.text(0), st.text(1), st.text(2), st.integer(3), st.text(4)};
}

// A document with what the feed, the index and the digests show of it: the title the document
// shows (yt-dlp's) before the feed's.
constexpr const char* summary_columns =
    "SELECT d.video_id, d.path, coalesce(nullif(json_extract(s.output, '$.video.title'), ''), v.title, ''), "
    "coalesce(nullif(c.title, ''), nullif(json_extract(s.output, '$.video.channel'), ''), v.channel_id, ''), "
    "coalesce(json_extract(s.output, '$.summary.tldr'), ''), v.published_at, d.written_at FROM documents d "
    "LEFT JOIN videos v ON v.id = d.video_id LEFT JOIN channels c ON c.id = v.channel_id "
    "LEFT JOIN steps s ON s.video_id = d.video_id AND s.name = 'result' ";

std::vector<DocumentSummary> read_summaries(Statement& st) {
  std::vector<DocumentSummary> out;
  while (st.step()) {
    out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.optional_integer(5), st.integer(6)});
  }
  return out;
}

}  // namespace

std::optional<Step> Store::step(const std::string& video_id, const std::string& name) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, std::string(step_columns) + "WHERE video_id = ?1 AND name = ?2");
  st.bind_all(video_id, name);
  if (!st.step()) return std::nullopt;
  return read_step(st);
}

void Store::save_step(const Step& s) {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "INSERT INTO steps (video_id, name, input_hash, prompt_version, model, output, input_tokens, "
               "output_tokens, cost_usd, created_at, list_cost_usd) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
               "ON CONFLICT (video_id, name) DO UPDATE SET input_hash = ?3, prompt_version = ?4, model = ?5, "
               "output = ?6, input_tokens = ?7, output_tokens = ?8, cost_usd = ?9, created_at = ?10, "
               "list_cost_usd = ?11");
  st.bind_all(s.video_id, s.name, s.input_hash, s.prompt_version, s.model, s.output, s.input_tokens, s.output_tokens,
              s.cost_usd, s.created_at, s.list_cost_usd)
      .run();
}

std::vector<Step> Store::steps(const std::string& video_id) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, std::string(step_columns) + "WHERE video_id = ?1 ORDER BY created_at, name");
  st.bind(1, video_id);
  std::vector<Step> out;
  while (st.step()) out.push_back(read_step(st));
  return out;
}

void Store::record_model_call(const ModelCall& c) {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "INSERT INTO model_calls (video_id, step, model, ok, failure_code, input_tokens, output_tokens, "
               "cost_usd, duration_ms, at, list_cost_usd) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  st.bind_all(c.video_id, c.step, c.model, static_cast<int>(c.ok), c.failure_code, c.input_tokens, c.output_tokens,
              c.cost_usd, c.duration_ms, c.at, c.list_cost_usd)
      .run();
}

std::int64_t Store::begin_model_call(const ModelCall& c, const std::string& owner) {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "INSERT INTO model_calls (video_id, step, model, ok, failure_code, input_tokens, output_tokens, "
               "cost_usd, duration_ms, at, state, owner, list_cost_usd, batch_id, custom_id) VALUES (?1, ?2, ?3, 0, "
               "'pending', ?4, ?5, ?6, 0, ?7, 'pending', ?8, ?9, nullif(?10, 0), ?11) RETURNING id");
  st.bind_all(c.video_id, c.step, c.model, c.input_tokens, c.output_tokens, c.cost_usd, c.at, owner, c.list_cost_usd,
              c.batch_id, c.custom_id);
  st.step();
  return st.integer(0);
}

void Store::finish_model_call(std::int64_t id, const ModelCall& c) {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "UPDATE model_calls SET model = ?2, ok = ?3, failure_code = ?4, input_tokens = ?5, output_tokens = ?6, "
               "cost_usd = ?7, duration_ms = ?8, list_cost_usd = ?9, state = 'completed' WHERE id = ?1");
  st.bind_all(id, c.model, static_cast<int>(c.ok), c.failure_code, c.input_tokens, c.output_tokens, c.cost_usd,
              c.duration_ms, c.list_cost_usd)
      .run();
}

void Store::abandon_model_call(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "UPDATE model_calls SET state = 'abandoned', failure_code = ?2 WHERE id = ?1 AND state = 'pending'");
  st.bind_all(id, to_string(FailureCode::abandoned)).run();
}

int Store::abandon_orphan_model_calls() {
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  // A call in a batch is the batch's: its end (or the batch found unsent) finishes it.
  Statement pending(*db_, "SELECT DISTINCT owner FROM model_calls WHERE state = 'pending' AND batch_id IS NULL");
  std::vector<std::string> gone;
  while (pending.step()) {
    auto owner = parse_identity(pending.text(0));
    if (!owner || !owner_may_be_running(*owner)) gone.push_back(pending.text(0));
  }
  pending.reset();
  int abandoned = 0;
  for (const auto& owner : gone) {
    Statement st(*db_,
                 "UPDATE model_calls SET state = 'abandoned', failure_code = ?2 WHERE state = 'pending' AND "
                 "owner = ?1 AND batch_id IS NULL");
    st.bind_all(owner, to_string(FailureCode::abandoned)).run();
    abandoned += static_cast<int>(db_->changes());
  }
  tx.commit();
  return abandoned;
}

std::optional<double> Store::output_ratio(const std::string& step_kind) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "SELECT avg(CAST(output_tokens AS REAL) / input_tokens) FROM (SELECT input_tokens, output_tokens "
               "FROM model_calls WHERE state = 'completed' AND ok = 1 AND input_tokens > 0 AND "
               "(step = ?1 OR substr(step, 1, length(?1) + 1) = ?1 || '/') ORDER BY id DESC LIMIT 50)");
  st.bind(1, step_kind).step();
  if (st.is_null(0)) return std::nullopt;
  return st.real(0);
}

std::map<std::string, std::int64_t> Store::model_calls_by_state() const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, "SELECT state, count(*) FROM model_calls GROUP BY state");
  std::map<std::string, std::int64_t> out{{"pending", 0}, {"completed", 0}, {"abandoned", 0}};
  while (st.step()) out[st.text(0)] = st.integer(1);
  return out;
}

SpendSummary Store::spend_since(UnixTime since) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "SELECT count(*), coalesce(sum(ok = 0), 0), coalesce(sum(state = 'abandoned'), 0), "
               "coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0), coalesce(sum(cost_usd), 0), "
               "coalesce(sum(list_cost_usd), 0), coalesce(sum(batch_id IS NOT NULL), 0) FROM model_calls WHERE at >= ?1");
  st.bind(1, since).step();
  return SpendSummary{st.integer(0), st.integer(1), st.integer(2), st.integer(3),
                      st.integer(4), st.real(5),    st.real(6),    st.integer(7)};
}

std::vector<ChannelSpend> Store::spend_by_channel(UnixTime since) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "SELECT coalesce(v.channel_id, ''), coalesce(nullif(c.title, ''), v.channel_id, ''), count(*), "
               "coalesce(sum(m.ok = 0), 0), coalesce(sum(m.state = 'abandoned'), 0), coalesce(sum(m.input_tokens), 0), "
               "coalesce(sum(m.output_tokens), 0), coalesce(sum(m.cost_usd), 0), coalesce(sum(m.list_cost_usd), 0), "
               "coalesce(sum(m.batch_id IS NOT NULL), 0) FROM model_calls m LEFT JOIN videos v ON v.id = m.video_id "
               "LEFT JOIN channels c ON c.id = v.channel_id WHERE m.at >= ?1 GROUP BY 1 ORDER BY 8 DESC, 1");
  st.bind(1, since);
  std::vector<ChannelSpend> out;
  while (st.step()) {
    out.push_back({st.text(0), st.text(1),
                   SpendSummary{st.integer(2), st.integer(3), st.integer(4), st.integer(5), st.integer(6), st.real(7),
                                st.real(8), st.integer(9)}});
  }
  return out;
}

std::optional<DocumentRecord> Store::document(const std::string& video_id) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, "SELECT video_id, path, content_hash, written_at, note FROM documents WHERE video_id = ?1");
  st.bind(1, video_id);
  if (!st.step()) return std::nullopt;
  return read_document(st);
}

void Store::save_document(const DocumentRecord& d) {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "INSERT INTO documents (video_id, path, content_hash, written_at, note, first_written_at) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?4) "
               "ON CONFLICT (video_id) DO UPDATE SET path = ?2, content_hash = ?3, written_at = ?4, note = ?5");
  st.bind_all(d.video_id, d.path, d.content_hash, d.written_at, d.note).run();
}

std::vector<DocumentRecord> Store::documents() const {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "SELECT d.video_id, d.path, d.content_hash, d.written_at, d.note FROM documents d "
               "LEFT JOIN videos v ON v.id = d.video_id ORDER BY coalesce(v.published_at, d.written_at) DESC");
  std::vector<DocumentRecord> out;
  while (st.step()) out.push_back(read_document(st));
  return out;
}

long Store::documents_with_untranslated_passages() const {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "SELECT count(*) FROM documents d JOIN steps s ON s.video_id = d.video_id AND s.name = 'result' "
               "WHERE json_extract(s.output, '$.coverage.untranslated_passages') > 0");
  st.step();
  return static_cast<long>(st.integer(0));
}

std::vector<DocumentSummary> Store::recent_documents(int limit) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, std::string(summary_columns) + "ORDER BY coalesce(v.published_at, d.written_at) DESC LIMIT ?1");
  st.bind(1, limit);
  return read_summaries(st);
}

std::vector<DocumentSummary> Store::documents_first_written(UnixTime from, UnixTime to) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, std::string(summary_columns) +
                         "WHERE d.first_written_at >= ?1 AND d.first_written_at < ?2 "
                         "ORDER BY d.first_written_at, d.video_id");
  st.bind_all(from, to);
  return read_summaries(st);
}

QueueCounts Store::queue_counts() const {
  std::lock_guard lock(mutex_);
  QueueCounts counts;
  for (int i = 0; i < 7; ++i) counts.by_state[to_string(static_cast<VideoState>(i))] = 0;
  Statement by_state(*db_, "SELECT state, count(*) FROM videos GROUP BY state");
  while (by_state.step()) counts.by_state[by_state.text(0)] = by_state.integer(1);
  Statement by_code(*db_,
                    "SELECT failure_code, count(*) FROM videos WHERE state IN ('waiting', 'failed', 'skipped') "
                    "AND failure_code <> '' GROUP BY failure_code");
  while (by_code.step()) counts.by_failure_code[by_code.text(0)] = by_code.integer(1);
  return counts;
}

}  // namespace ytm::store
