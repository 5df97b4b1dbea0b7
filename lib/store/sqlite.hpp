#pragma once
// A thin RAII layer over SQLite: one connection, prepared statements with bound parameters
// (no SQL is ever built from user data), and transactions that roll back unless committed.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace ytm::store {

class SqliteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Another connection held a lock longer than the busy timeout, or in a way SQLite will not wait for
// (switching to WAL, a read transaction upgrading to write): the caller may start over.
class SqliteBusy : public SqliteError {
 public:
  using SqliteError::SqliteError;
};

class Statement;
class CachedStatement;

class Connection {
 public:
  explicit Connection(const std::filesystem::path& file);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(std::string_view sql);  // for fixed SQL only: pragmas, migrations
  [[nodiscard]] sqlite3* handle() const { return db_; }
  [[nodiscard]] std::int64_t changes() const;
  // The statement for this fixed SQL, prepared on first use and kept: statements run for every
  // feed entry must not go through SQLite's parser each time. Not for SQL built from data.
  [[nodiscard]] CachedStatement cached(std::string_view sql);

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> cache_;
};

class Statement {
 public:
  enum class Lifetime { once, kept };
  Statement(const Connection& db, std::string_view sql, Lifetime lifetime = Lifetime::once);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds by position, starting at 1.
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::nullopt_t);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
  }
  template <class... Args>
  Statement& bind_all(const Args&... args) {
    int i = 0;
    (bind(++i, args), ...);
    return *this;
  }

  bool step();  // true while a row is available
  void run();   // steps a statement that returns no rows
  void reset();

  [[nodiscard]] std::string text(int column) const;
  [[nodiscard]] std::int64_t integer(int column) const;
  [[nodiscard]] double real(int column) const;
  [[nodiscard]] bool is_null(int column) const;
  [[nodiscard]] std::optional<std::int64_t> optional_integer(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// A statement borrowed from the connection's cache, reset when this goes so that it holds no read
// snapshot open and keeps no bound values.
class CachedStatement {
 public:
  explicit CachedStatement(Statement& statement) : statement_(statement) {}
  ~CachedStatement() { statement_.reset(); }
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;

  Statement& operator*() const { return statement_; }
  Statement* operator->() const { return &statement_; }

 private:
  Statement& statement_;
};

// BEGIN IMMEDIATE: writers queue on the busy timeout instead of failing half way. Nests: within
// an open transaction it is a savepoint.
class Transaction {
 public:
  explicit Transaction(Connection& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& db_;
  bool nested_;
  bool done_ = false;
};

}  // namespace ytm::store
