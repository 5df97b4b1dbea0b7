#include "store/migrate.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <string>
#include <vector>

namespace ytm::store {
namespace {

struct Migration {
  int number = 0;
  const EmbeddedFile* file = nullptr;
};

int number_of(std::string_view name) {
  int n = 0;
  auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), n);
  if (ec != std::errc() || end == name.data() || n <= 0) {
    throw SqliteError("migration file name must start with its number: " + std::string(name));
  }
  return n;
}

std::vector<Migration> sorted(std::span<const EmbeddedFile> files) {
  std::vector<Migration> out;
  for (const auto& f : files) out.push_back({number_of(f.name), &f});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i].number != static_cast<int>(i) + 1) {
      throw SqliteError("migrations must be numbered 1, 2, 3… without gaps; found " + std::string(out[i].file->name));
    }
  }
  return out;
}

}  // namespace

int schema_version(const Connection& db) {
  Statement st(db, "PRAGMA user_version");
  st.step();
  return static_cast<int>(st.integer(0));
}

int migrate(Connection& db, std::span<const EmbeddedFile> files) {
  auto migrations = sorted(files);
  int latest = static_cast<int>(migrations.size());
  int current = schema_version(db);
  if (current > latest) {
    throw SqliteError("the database is at schema version " + std::to_string(current) + ", but this ytmonitor knows " +
                      "only up to " + std::to_string(latest) +
                      ": it was written by a newer ytmonitor. Install that version again, or restore a backup.");
  }
  // A new database is made in milliseconds; an upgrade may re-index every stored passage (minutes
  // on thousands of videos) before the daemon says it is ready, so the wait is explained.
  const bool upgrading = current > 0 && current < latest;
  const auto started = std::chrono::steady_clock::now();
  if (upgrading) {
    spdlog::info("database schema {} → {}: upgrading (a large store may take minutes to re-index for search)", current,
                 latest);
  }
  for (const auto& m : migrations) {
    if (m.number <= current) continue;
    Transaction tx(db);
    // Another process (the daemon and a `status` run) may have applied it while we waited for the lock.
    if (schema_version(db) >= m.number) continue;
    try {
      db.exec(m.file->content);
    } catch (const SqliteError& e) {
      throw SqliteError("migration " + std::string(m.file->name) + " failed: " + e.what());
    }
    // PRAGMA takes no bound parameters; the number comes from our own file name.
    db.exec("PRAGMA user_version = " + std::to_string(m.number));
    tx.commit();
  }
  if (upgrading) {
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    spdlog::info("database schema {}: upgraded in {:.1f} s", latest, took.count());
  }
  return latest;
}

}  // namespace ytm::store
