#pragma once
// yt-dlp's outcomes as Failures the queue can act on. Codes (stable, shown in status):
//   transient: "upcoming" (retry_after: until the start when known), "live_now", "post_live",
//              "bot_check" (long backoff; set transcript.cookies_file), "rate_limited", "http_429",
//              "network", "timeout", "ytdlp_failed" (anything unrecognised)
//   permanent: "private", "members_only", "removed", "age_restricted", "no_captions"
//   paused:    "command_missing", "ytdlp_outdated", "ytdlp_options"
#include <chrono>
#include <optional>
#include <string_view>

#include "core/failure.hpp"
#include "transcript/types.hpp"

namespace ytm::transcript {

struct YtdlpRun {
  int exit_code = 0;
  std::string_view err;  // stderr (its tail)
  bool timed_out = false;
  bool have_cookies = false;
  std::int64_t now = 0;  // unix seconds, for "begins in …"
};

// A failed run (non-zero exit or timeout) to its Failure.
Failure classify_ytdlp_failure(const YtdlpRun& run);

// A run that worked but found a video that cannot be transcribed yet (upcoming, live, just ended).
std::optional<Failure> classify_live_status(const VideoMetadata& metadata, std::int64_t now);

// "in 3 hours", "in 2 days", "in 45 minutes", "in a few moments": seconds, when the text says.
std::optional<std::chrono::seconds> parse_starts_in(std::string_view message);

}  // namespace ytm::transcript
