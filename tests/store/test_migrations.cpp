#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <algorithm>
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

namespace {

// A database as ytmonitor wrote it before migration 2, with a video and the rows that point at it.
void write_version_1(const std::filesystem::path& file) {
  ytm::store::Connection db(file);
  auto all = ytm::embedded_migrations();
  auto first = std::find_if(all.begin(), all.end(), [](const auto& f) { return f.name.starts_with("001_"); });
  REQUIRE(first != all.end());
  REQUIRE(ytm::store::migrate(db, std::span(&*first, 1)) == 1);
  db.exec(
      "INSERT INTO channels (id, title, first_seen_at) VALUES ('UCx', 'Channel', 10);"
      "INSERT INTO videos (id, channel_id, title, link, published_at, is_short, origin, state, reason, attempts, "
      "  next_attempt_at, discovered_at, updated_at) "
      "  VALUES ('v1', 'UCx', 'First', 'https://y/v1', 100, 1, 'gap', 'waiting', 'no captions yet', 2, 500, 110, 120);"
      "INSERT INTO videos (id, channel_id, state, discovered_at, updated_at) VALUES ('v2', 'UCx', 'done', 130, 140);"
      "INSERT INTO leases VALUES ('v1', 'worker', 200, 300);"
      "INSERT INTO steps (video_id, name, input_hash, output, created_at) VALUES ('v1', 'transcript', 'h', 'text', "
      "210);"
      "INSERT INTO documents (video_id, path, content_hash, written_at) VALUES ('v2', 'a.md', 'c', 220);");
}

std::string query(ytm::store::Connection& db, const std::string& sql) {
  ytm::store::Statement st(db, sql);
  std::string out;
  while (st.step()) out += st.text(0) + ";";
  return out;
}

}  // namespace

TEST_CASE("migration 2 keeps a version 1 database's videos, their indexes and foreign keys, and the state check") {
  TempDir dir;
  auto file = dir / "ytmonitor.db";
  write_version_1(file);
  { Store store(file); }
  ytm::store::Connection db(file);
  CHECK(ytm::store::schema_version(db) >= 2);
  CHECK(query(db,
              "SELECT id || '|' || channel_id || '|' || title || '|' || link || '|' || ifnull(published_at, '') || '|' "
              "|| is_short "
              "|| '|' || origin || '|' || state || '|' || reason || '|' || attempts || '|' || ifnull(next_attempt_at, "
              "'') || '|' "
              "|| discovered_at || '|' || updated_at FROM videos ORDER BY id") ==
        "v1|UCx|First|https://y/v1|100|1|gap|waiting|no captions yet|2|500|110|120;"
        "v2|UCx||||0|feed|done||0||130|140;");
  CHECK(query(db, "SELECT video_id || owner FROM leases") == "v1worker;");
  CHECK(query(db, "SELECT video_id || name FROM steps") == "v1transcript;");
  CHECK(query(db, "SELECT video_id || path FROM documents") == "v2a.md;");
  CHECK(query(db,
              "SELECT name FROM sqlite_master WHERE tbl_name = 'videos' AND type = 'index' AND sql IS NOT NULL "
              "ORDER BY name") == "videos_by_channel;videos_by_state;");
  CHECK(query(db, "SELECT name FROM sqlite_master WHERE name = 'new_videos'").empty());
  CHECK(query(db, "PRAGMA foreign_key_check").empty());

  db.exec("PRAGMA foreign_keys = ON");
  CHECK_THROWS_WITH(db.exec("INSERT INTO videos (id, channel_id, state, discovered_at, updated_at) "
                            "VALUES ('v3', 'UCx', 'lost', 1, 1)"),
                    Catch::Contains("CHECK constraint failed"));
  CHECK_THROWS_WITH(db.exec("UPDATE videos SET state = 'Done' WHERE id = 'v2'"), Catch::Contains("CHECK"));
  db.exec("DELETE FROM videos WHERE id = 'v1'");  // the cascades still point at videos
  CHECK(query(db, "SELECT count(*) FROM leases") == "0;");
  CHECK(query(db, "SELECT count(*) FROM steps") == "0;");
}
