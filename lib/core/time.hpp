#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ytm {

// Seconds since the Unix epoch, UTC. The store and the queue keep all times in this form.
using UnixTime = std::int64_t;

UnixTime now_unix();

// "2026-01-08T14:03:11Z"
std::string format_iso8601(UnixTime t);
// t in UTC as strftime writes it with `pattern` ("%Y-%m-%d %H:%M:%S UTC").
std::string format_utc(UnixTime t, const char* pattern);
// "2026-01-08"
std::string format_date(UnixTime t);
// Reads RFC 3339 / ISO 8601 as YouTube's feeds write it ("2026-01-08T14:03:11+00:00", fractional
// seconds and any offset allowed) and yt-dlp's "20260108".
std::optional<UnixTime> parse_iso8601(std::string_view text);

}  // namespace ytm
