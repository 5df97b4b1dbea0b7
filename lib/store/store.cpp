#include "store/store.hpp"

#include <chrono>
#include <thread>

#include "core/embedded.hpp"
#include "store/migrate.hpp"

namespace ytm::store {
namespace {

constexpr const char* state_names[] = {"seen", "skipped", "queued", "processing", "waiting", "done", "failed"};

ChannelRecord read_channel(const Statement& st) {
  ChannelRecord c;
  c.id = st.text(0);
  c.title = st.text(1);
  c.source = st.text(2);
  c.first_seen_at = st.integer(3);
  c.last_poll_at = st.optional_integer(4);
  c.last_result = st.text(5);
  c.last_error = st.text(6);
  c.consecutive_failures = static_cast<int>(st.integer(7));
  c.not_found_since = st.optional_integer(8);
  c.next_poll_at = st.optional_integer(9);
  c.etag = st.text(10);
  c.last_modified = st.text(11);
  c.body_hash = st.text(12);
  return c;
}

constexpr const char* channel_columns =
    "SELECT id, title, source, first_seen_at, last_poll_at, last_result, last_error, consecutive_failures, "
    "not_found_since, next_poll_at, etag, last_modified, body_hash FROM channels ";

}  // namespace

const char* to_string(VideoState state) { return state_names[static_cast<int>(state)]; }

std::optional<VideoState> parse_video_state(std::string_view text) {
  for (int i = 0; i < 7; ++i) {
    if (text == state_names[i]) return static_cast<VideoState>(i);
  }
  return std::nullopt;
}

Store::Store(const std::filesystem::path& file) : file_(file) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  db_ = std::make_unique<Connection>(file);
  // Two processes opening a new database at once (the daemon and `ytmonitor status`) can meet
  // in the switch to WAL, where SQLite returns "locked" at once instead of waiting.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    try {
      db_->exec("PRAGMA journal_mode = WAL");
      migrate(*db_, embedded_migrations());
      break;
    } catch (const SqliteBusy&) {
      if (std::chrono::steady_clock::now() > deadline) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  db_->exec("PRAGMA synchronous = NORMAL");
  // Statement journals (an upsert or a savepoint inside a batch) stay in memory: as files they
  // cost an open, unlink and close in /var/tmp for each one.
  db_->exec("PRAGMA temp_store = MEMORY");
  db_->exec("PRAGMA foreign_keys = ON");
}

std::filesystem::path Store::default_file(const std::filesystem::path& state_dir) { return state_dir / "ytmonitor.db"; }

bool Store::upgrade_pending(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) return false;
  Connection db(file);
  const int current = store::schema_version(db);
  return current > 0 && current < static_cast<int>(embedded_migrations().size());
}

int Store::schema_version() const {
  std::lock_guard lock(mutex_);
  return store::schema_version(*db_);
}

void Store::ensure_channel(const std::string& id, const std::string& title, const std::string& source, UnixTime now) {
  std::lock_guard lock(mutex_);
  auto st = db_->cached(
      "INSERT INTO channels (id, title, source, first_seen_at) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (id) DO UPDATE SET title = CASE WHEN ?2 <> '' THEN ?2 ELSE title END, source = ?3");
  st->bind_all(id, title, source, now).run();
}

void Store::record_poll(const std::string& channel_id, const PollOutcome& o) {
  std::lock_guard lock(mutex_);
  bool failed = !o.error.empty();
  auto st = db_->cached(
      "UPDATE channels SET last_poll_at = ?2, last_result = ?3, last_error = ?4, "
      "consecutive_failures = CASE WHEN ?5 THEN consecutive_failures + 1 ELSE 0 END, "
      "not_found_since = CASE WHEN ?6 THEN coalesce(not_found_since, ?2) ELSE NULL END, "
      "next_poll_at = ?7, "
      "etag = CASE WHEN ?8 <> '' THEN ?8 ELSE etag END, "
      "last_modified = CASE WHEN ?9 <> '' THEN ?9 ELSE last_modified END, "
      "body_hash = CASE WHEN ?10 <> '' THEN ?10 ELSE body_hash END WHERE id = ?1");
  st->bind_all(channel_id, o.at, o.result, o.error, static_cast<int>(failed), static_cast<int>(o.not_found),
               o.next_poll_at, o.etag, o.last_modified, o.body_hash)
      .run();
}

void Store::acquit_channel(const std::string& channel_id, const std::string& error) {
  std::lock_guard lock(mutex_);
  auto st =
      db_->cached("UPDATE channels SET last_error = ?2, not_found_since = NULL WHERE id = ?1 AND last_error <> ''");
  st->bind_all(channel_id, error).run();
}

std::optional<ChannelRecord> Store::channel(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto st = db_->cached(std::string(channel_columns) + "WHERE id = ?1");
  st->bind(1, id);
  if (!st->step()) return std::nullopt;
  return read_channel(*st);
}

std::vector<ChannelRecord> Store::channels() const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, std::string(channel_columns) + "ORDER BY title, id");
  std::vector<ChannelRecord> out;
  while (st.step()) out.push_back(read_channel(st));
  return out;
}

std::optional<Alias> Store::alias(const std::string& source) const {
  std::lock_guard lock(mutex_);
  Statement st(*db_, "SELECT channel_id, title, resolved_at FROM channel_aliases WHERE source = ?1");
  st.bind(1, source);
  if (!st.step()) return std::nullopt;
  return Alias{st.text(0), st.text(1), st.integer(2)};
}

void Store::save_alias(const std::string& source, const Alias& a) {
  std::lock_guard lock(mutex_);
  Statement st(*db_,
               "INSERT INTO channel_aliases (source, channel_id, title, resolved_at) VALUES (?1, ?2, ?3, ?4) "
               "ON CONFLICT (source) DO UPDATE SET channel_id = ?2, title = ?3, resolved_at = ?4");
  st.bind_all(source, a.channel_id, a.title, a.resolved_at).run();
}

}  // namespace ytm::store
