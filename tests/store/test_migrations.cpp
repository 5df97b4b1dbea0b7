#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <latch>
#include <thread>

#include "core/embedded.hpp"
#include "store/migrate.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"

using ytm::store::Store;
using ytm::test::TempDir;

namespace {

int latest_migration() { return static_cast<int>(ytm::embedded_migrations().size()); }

void set_user_version(const std::filesystem::path& file, int version) {
  ytm::store::Connection db(file);
  db.exec("PRAGMA user_version = " + std::to_string(version));
}

std::string pragma(const std::filesystem::path& file, const char* name) {
  ytm::store::Connection db(file);
  ytm::store::Statement st(db, std::string("PRAGMA ") + name);
  st.step();
  return st.text(0);
}

}  // namespace

TEST_CASE("a new database is created with every migration applied, in WAL mode") {
  TempDir dir;
  auto file = dir / "state/ytmonitor.db";
  Store store(file);
  CHECK(std::filesystem::exists(file));
  CHECK(store.schema_version() == latest_migration());
  CHECK(pragma(file, "journal_mode") == "wal");
  CHECK(store.channels().empty());
}

TEST_CASE("several connections opening a new database at once all succeed and migrate it once") {
  TempDir dir;
  auto file = dir / "ytmonitor.db";
  constexpr int openers = 6;
  std::latch start(openers);
  std::vector<std::string> errors(openers);
  std::vector<std::jthread> threads;
  for (int i = 0; i < openers; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        Store store(file);
        store.ensure_channel("UCbfYPyITQ-7l4upoX8nvctg", "Two Minute Papers", "@TwoMinutePapers", 100 + i);
      } catch (const std::exception& e) {
        errors[static_cast<size_t>(i)] = e.what();
      }
    });
  }
  threads.clear();
  for (const auto& error : errors) CHECK(error == "");
  Store store(file);
  CHECK(store.schema_version() == latest_migration());
  CHECK(store.channels().size() == 1);
}

TEST_CASE("opening an up-to-date database again changes nothing and keeps the data") {
  TempDir dir;
  auto file = dir / "ytmonitor.db";
  {
    Store store(file);
    store.ensure_channel("UCbfYPyITQ-7l4upoX8nvctg", "Two Minute Papers", "@TwoMinutePapers", 100);
  }
  Store again(file);
  CHECK(again.schema_version() == latest_migration());
  REQUIRE(again.channels().size() == 1);
  CHECK(again.channels()[0].title == "Two Minute Papers");
}

TEST_CASE("a database from a newer ytmonitor is refused with a clear message, untouched") {
  TempDir dir;
  auto file = dir / "ytmonitor.db";
  { Store store(file); }
  set_user_version(file, latest_migration() + 1);
  try {
    Store store(file);
    FAIL("a newer database was opened");
  } catch (const ytm::store::SqliteError& e) {
    std::string message = e.what();
    CHECK(message.find("written by a newer ytmonitor") != std::string::npos);
    CHECK(message.find("schema version " + std::to_string(latest_migration() + 1)) != std::string::npos);
  }
  CHECK(pragma(file, "user_version") == std::to_string(latest_migration() + 1));
}

TEST_CASE("migrations run in number order, one transaction each, and a failing one leaves the last good version") {
  TempDir dir;
  ytm::store::Connection db(dir / "m.db");
  std::vector<ytm::EmbeddedFile> files = {
      {"002_more.sql", "CREATE TABLE b (x REFERENCES a (x)); INSERT INTO b VALUES (1);"},
      {"001_first.sql", "CREATE TABLE a (x INTEGER PRIMARY KEY);"},
  };
  CHECK(ytm::store::migrate(db, files) == 2);
  CHECK(ytm::store::schema_version(db) == 2);
  files.push_back({"003_broken.sql", "CREATE TABLE c (y); INSERT INTO nowhere VALUES (1);"});
  CHECK_THROWS_WITH(ytm::store::migrate(db, files), Catch::Contains("migration 003_broken.sql failed"));
  CHECK(ytm::store::schema_version(db) == 2);
  ytm::store::Statement st(db, "SELECT count(*) FROM sqlite_master WHERE name = 'c'");
  st.step();
  CHECK(st.integer(0) == 0);
}

TEST_CASE("a gap in migration numbers is a build mistake that is refused") {
  TempDir dir;
  ytm::store::Connection db(dir / "m.db");
  std::vector<ytm::EmbeddedFile> files = {{"001_a.sql", "SELECT 1;"}, {"003_c.sql", "SELECT 1;"}};
  CHECK_THROWS_WITH(ytm::store::migrate(db, files), Catch::Contains("without gaps"));
}
