#pragma once
// Wall-clock times in IANA time zones ("Europe/Berlin"), read from the system's zoneinfo files
// (GCC 12's standard library has no time zone database). For the reset times model CLIs print.
#include <optional>
#include <string_view>

#include "core/time.hpp"

namespace ytm {

// Seconds east of UTC in force at instant t in the zone; nullopt when the zone is not installed.
std::optional<int> utc_offset(std::string_view zone, UnixTime t);

// The instant at which the zone's clocks show `wall` (a wall-clock time written as if it were UTC
// seconds); nullopt when the zone is not installed. In the hour clocks skip, the later offset wins.
std::optional<UnixTime> from_wall_clock(std::string_view zone, std::int64_t wall);

// The machine's own zone (/etc/localtime), for times printed without one.
inline constexpr std::string_view local_zone = "localtime";

}  // namespace ytm
