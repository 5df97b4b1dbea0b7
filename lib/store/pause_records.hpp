#pragma once
// The bot-check pause as the store keeps it across a restart (migrations/015_bot_check_pause.sql).
#include <cstdint>
#include <string>

#include "core/time.hpp"

namespace ytm::store {

struct SavedBotCheckPause {
  UnixTime since = 0;
  UnixTime until = 0;
  std::int64_t length_seconds = 0;
  std::string reason;
  std::string cookies;  // the cookie file's path and digest as the pause began
  bool operator==(const SavedBotCheckPause&) const = default;
};

}  // namespace ytm::store
