#include "store/sqlite.hpp"

#include <sqlite3.h>

#include "store/word_tokenizer.hpp"

namespace ytm::store {
namespace {

bool is_busy(int rc) { return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED; }

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
  if (db && is_busy(sqlite3_errcode(db))) throw SqliteBusy(message);
  throw SqliteError(message);
}

// SQLite counts every allocation under a global mutex for sqlite3_memory_used, which we never
// ask for: about 700,000 lock and unlock pairs for a cold poll of 1,000 feeds. The setting only
// takes before SQLite initialises, which the first open does; later calls are refused harmlessly.
void skip_memory_statistics() {
  static const bool once = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)once;
}

}  // namespace

Connection::Connection(const std::filesystem::path& file) {
  skip_memory_statistics();
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = "cannot open database " + file.string() + ": " + (db_ ? sqlite3_errmsg(db_) : "no memory");
    sqlite3_close(db_);
    db_ = nullptr;
    throw SqliteError(message);
  }
  sqlite3_busy_timeout(db_, 10'000);
  sqlite3_extended_result_codes(db_, 1);
  try {
    register_word_tokenizer(db_);
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

Connection::~Connection() {
  cache_.clear();  // statements are finalized before the connection closes
  sqlite3_close_v2(db_);
}

void Connection::exec(std::string_view sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    if (is_busy(rc)) throw SqliteBusy(message);
    throw SqliteError(message);
  }
}

std::int64_t Connection::changes() const { return sqlite3_changes64(db_); }

CachedStatement Connection::cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    it = cache_.emplace(std::string(sql), std::make_unique<Statement>(*this, sql, Statement::Lifetime::kept)).first;
  }
  return CachedStatement(*it->second);
}

Statement::Statement(const Connection& db, std::string_view sql, Lifetime lifetime) : db_(db.handle()) {
  unsigned flags = lifetime == Lifetime::kept ? SQLITE_PREPARE_PERSISTENT : 0;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), flags, &stmt_, nullptr) != SQLITE_OK) {
    fail(db_, "cannot prepare statement");
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::string_view value) {
  if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
    fail(db_, "bind");
  }
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  if (sqlite3_bind_double(stmt_, index, value) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, "query failed");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, column)) : std::string();
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::optional<std::int64_t> Statement::optional_integer(int column) const {
  if (is_null(column)) return std::nullopt;
  return integer(column);
}

// Inside another transaction (a Store::Batch) a savepoint stands in, so that this part still rolls
// back alone while the whole commits once.
Transaction::Transaction(Connection& db) : db_(db), nested_(sqlite3_get_autocommit(db.handle()) == 0) {
  db_.cached(nested_ ? "SAVEPOINT part" : "BEGIN IMMEDIATE")->run();
}

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec(nested_ ? "ROLLBACK TO part; RELEASE part" : "ROLLBACK");
    } catch (...) {  // NOLINT(bugprone-empty-catch): a failed rollback leaves SQLite to roll back itself
    }
  }
}

void Transaction::commit() {
  db_.cached(nested_ ? "RELEASE part" : "COMMIT")->run();
  done_ = true;
}

}  // namespace ytm::store
