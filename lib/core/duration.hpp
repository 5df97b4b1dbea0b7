#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ytm {

// Parses "90s", "15m", "2h", "1d", "1h30m", "500ms"; nullopt for anything else.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// The shortest form parse_duration reads back: "15m", "1h30m", "250ms"; from a minute up, to the
// second ("4m40s").
std::string format_duration(std::chrono::milliseconds d);

// Video clock: "4:05", "1:02:03".
std::string format_clock(std::chrono::seconds t);

}  // namespace ytm
