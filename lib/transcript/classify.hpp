#pragma once
// yt-dlp's outcomes as Failures the queue can act on. Codes (stable, shown in status):
//   transient: "upcoming" (retry_after: until the start when known), "live_now", "post_live",
//              "rate_limited", "http_429", "network", "timeout", "ytdlp_failed" (anything unrecognised),
//              "captions_blocked" (an empty track or yt-dlp's PO-token warning: YouTube withheld
//              the captions; an hour), "captions_pending" (a video under an hour old without
//              automatic captions yet; half an hour)
//   permanent: "private", "members_only", "removed", "age_restricted", "no_captions"
//   paused:    "command_missing", "ytdlp_outdated", "ytdlp_options", "bot_check" (YouTube's session
//              is blocked, not the video: YtdlpGate pauses all YouTube work)
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

// yt-dlp's warning that it dropped caption tracks for want of a PO token (the line that says so),
// or "" when stderr has none.
std::string po_token_warning(std::string_view err);

// The captions YouTube listed came back empty or not at all: `what` says how ("the zh-Hans track
// is an empty file"); `warning` is yt-dlp's PO-token warning, when it gave one.
Failure captions_blocked(const std::string& what, const std::string& warning);

// Seconds since the video went up (timestamp, else release_timestamp, else the start of its
// upload_date); nullopt when the info has none of them.
std::optional<std::int64_t> video_age(const VideoMetadata& metadata, std::int64_t now);

// A video this young may get its automatic captions yet (YouTube makes them within about half an
// hour of the upload).
inline constexpr std::chrono::seconds captions_grace{3600};
Failure captions_pending(std::int64_t age_seconds);

// "in 3 hours", "in 2 days", "in 45 minutes", "in a few moments": seconds, when the text says.
std::optional<std::chrono::seconds> parse_starts_in(std::string_view message);

}  // namespace ytm::transcript
