#pragma once
#include <span>

#include "core/embedded.hpp"
#include "store/sqlite.hpp"

namespace ytm::store {

// Applies, in order and in one transaction each, the migrations whose number ("003_x.sql" → 3)
// is above PRAGMA user_version. Throws SqliteError for a database written by a newer ytmonitor.
// Returns the schema version the database is at afterwards.
int migrate(Connection& db, std::span<const EmbeddedFile> migrations);

int schema_version(const Connection& db);

}  // namespace ytm::store
