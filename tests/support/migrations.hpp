#pragma once
// A database as an older ytmonitor left it: the migrations before a given one.
#include <string_view>
#include <vector>

#include "core/embedded.hpp"

namespace ytm::test {

// The migrations numbered below the one whose name ends with suffix; throws when none does.
std::vector<EmbeddedFile> migrations_before(std::string_view suffix);

}  // namespace ytm::test
