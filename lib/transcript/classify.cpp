#include "transcript/classify.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <string>

#include "core/time.hpp"
#include "core/utf8.hpp"

namespace ytm::transcript {
namespace {

using namespace std::chrono_literals;

bool has(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

template <std::size_t N>
bool has_any(std::string_view haystack, const std::array<std::string_view, N>& needles) {
  return std::any_of(needles.begin(), needles.end(), [&](std::string_view n) { return has(haystack, n); });
}

// The line worth quoting: the last "ERROR:" line, else the last non-empty one.
std::string error_line(std::string_view err) {
  std::string_view best;
  std::size_t pos = 0;
  while (pos < err.size()) {
    auto nl = err.find('\n', pos);
    auto line = err.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (line.starts_with("ERROR:") || (!best.starts_with("ERROR:") && !line.empty())) best = line;
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  std::string out = valid_utf8(best.substr(0, utf8_prefix_length(best, 300)));
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
  return out.empty() ? "no message" : out;
}

std::string quote(std::string_view err) { return " (yt-dlp said: " + error_line(err) + ")"; }

Failure upcoming(std::string_view err) {
  auto wait = parse_starts_in(err).value_or(std::chrono::seconds(1h));
  return Failure::transient(FailureCode::upcoming,
                            "the video is an upcoming live event or premiere; trying again when it starts" + quote(err),
                            std::max<std::chrono::seconds>(wait, 60s));
}

}  // namespace

std::optional<std::chrono::seconds> parse_starts_in(std::string_view message) {
  auto at = message.find(" in ");
  while (at != std::string_view::npos) {
    auto rest = message.substr(at + 4);
    if (rest.starts_with("a few moments") || rest.starts_with("a few seconds")) return 5min;
    long long amount = 1;
    if (rest.starts_with("a ") || rest.starts_with("an ")) {
      rest.remove_prefix(rest.find(' ') + 1);
    } else {
      auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), amount);
      if (ec != std::errc{}) {
        at = message.find(" in ", at + 1);
        continue;
      }
      rest.remove_prefix(static_cast<std::size_t>(ptr - rest.data()));
      while (rest.starts_with(" ")) rest.remove_prefix(1);
    }
    if (rest.starts_with("second")) return std::chrono::seconds(amount);
    if (rest.starts_with("minute")) return std::chrono::seconds(amount * 60);
    if (rest.starts_with("hour")) return std::chrono::seconds(amount * 3600);
    if (rest.starts_with("day")) return std::chrono::seconds(amount * 86400);
    if (rest.starts_with("week")) return std::chrono::seconds(amount * 7 * 86400);
    at = message.find(" in ", at + 1);
  }
  return std::nullopt;
}

Failure classify_ytdlp_failure(const YtdlpRun& run) {
  const auto err = run.err;
  if (run.timed_out)
    return Failure::transient(FailureCode::timeout,
                              "yt-dlp did not finish within transcript.timeout and was stopped" + quote(err));
  if (has_any(err,
              std::array<std::string_view, 3>{"This live event will begin in", "Premieres in", "Premiere will begin"}))
    return upcoming(err);
  if (has_any(err,
              std::array<std::string_view, 3>{"not a bot", "confirm you\xE2\x80\x99re not", "confirm you're not"})) {
    auto bot = Failure::paused(
        FailureCode::bot_check,
        run.have_cookies ? "YouTube still asks to sign in to prove this is not a bot: the cookies in "
                           "transcript.cookies_file may have expired; export fresh ones" +
                               quote(err)
                         : "YouTube asks to sign in to prove this is not a bot: set transcript.cookies_file to "
                           "a cookies.txt exported from a signed-in browser" +
                               quote(err));
    bot.retry_after = std::chrono::seconds(1h);  // the gate's first pause; it may hold the video longer
    return bot;
  }
  if (has_any(err,
              std::array<std::string_view, 3>{"confirm your age", "age-restricted", "inappropriate for some users"})) {
    return Failure::permanent(FailureCode::age_restricted, run.have_cookies
                                                    ? "the video is age-restricted and the account in "
                                                      "transcript.cookies_file cannot watch it" +
                                                          quote(err)
                                                    : "the video is age-restricted: set transcript.cookies_file to a "
                                                      "signed-in adult account's cookies to process it" +
                                                          quote(err));
  }
  if (has_any(err, std::array<std::string_view, 3>{"members-only", "available to this channel's members",
                                                   "Join this channel"}))
    return Failure::permanent(FailureCode::members_only, "the video is for channel members only" + quote(err));
  if (has(err, "Private video") || has(err, "This video is private"))
    return Failure::permanent(FailureCode::private_video, "the video is private" + quote(err));
  if (has_any(err, std::array<std::string_view, 2>{"HTTP Error 429", "Too Many Requests"}))
    return Failure::http(FailureKind::transient, 429,
                         "YouTube is rate-limiting requests (HTTP 429); backing off" + quote(err), 30min);
  if (has_any(err, std::array<std::string_view, 2>{"content isn't available, try again later",
                                                   "content isn\xE2\x80\x99t available, try again later"}))
    return Failure::transient(FailureCode::rate_limited, "YouTube limits this session for now (about an hour)" + quote(err), 1h);
  if (has_any(err, std::array<std::string_view, 5>{
                       "This video has been removed", "Video unavailable", "no longer available",
                       "account associated with this video has been terminated", "This video does not exist"}))
    return Failure::permanent(FailureCode::removed, "the video is unavailable (removed or deleted)" + quote(err));
  if (has_any(err, std::array<std::string_view, 7>{"Unable to download webpage", "Unable to download API page",
                                                   "Temporary failure in name resolution", "Connection refused",
                                                   "timed out", "Network is unreachable", "Connection reset"}))
    return Failure::transient(FailureCode::network, "yt-dlp could not reach YouTube" + quote(err), 5min);
  if (run.exit_code == 2 && (has(err, "no such option") || has(err, "error:")))
    return Failure::paused(FailureCode::ytdlp_options,
                           "yt-dlp rejected its options: check transcript.extra_args, or update yt-dlp" + quote(err));
  if (has_any(err, std::array<std::string_view, 5>{"Unable to extract", "nsig extraction failed",
                                                   "Signature extraction failed", "using the latest version",
                                                   "yt-dlp -U"})) {
    std::string js = has(err, "JavaScript runtime") ? "; recent yt-dlp also needs a JavaScript runtime (Deno)" : "";
    return Failure::paused(FailureCode::ytdlp_outdated,
                           "yt-dlp cannot read YouTube's pages any more, it is probably too old: update "
                           "it (pipx upgrade yt-dlp, or yt-dlp -U)" +
                               js + quote(err));
  }
  return Failure::transient(FailureCode::ytdlp_failed,
                            "yt-dlp failed with exit code " + std::to_string(run.exit_code) + quote(err));
}

std::string po_token_warning(std::string_view err) {
  constexpr std::array<std::string_view, 2> needles{"because a PO token was not provided",
                                                    "subtitles require a PO Token which was not provided"};
  for (auto needle : needles) {
    auto at = err.find(needle);
    if (at == std::string_view::npos) continue;
    auto begin = err.rfind('\n', at);
    begin = begin == std::string_view::npos ? 0 : begin + 1;
    auto line = err.substr(begin, err.find('\n', at) - begin);
    return valid_utf8(line.substr(0, utf8_prefix_length(line, 400)));
  }
  return {};
}

Failure captions_blocked(const std::string& what, const std::string& warning) {
  return Failure::transient(
      FailureCode::captions_blocked,
      "YouTube withheld the captions: " + what +
          (warning.empty() ? std::string(", as it does for requests without a PO token")
                           : " (yt-dlp said: " + warning + ")") +
          "; trying again later. Install a PO-token provider for yt-dlp (the bgutil-ytdlp-pot-provider plugin) "
          "or set transcript.cookies_file; see docs/troubleshooting.md, \"Captions blocked or pending\"",
      1h);
}

std::optional<std::int64_t> video_age(const VideoMetadata& m, std::int64_t now) {
  if (m.timestamp) return now - *m.timestamp;
  if (m.release_timestamp) return now - *m.release_timestamp;
  // The start of the day: the oldest the video can be, so a video is never held back for longer
  // than its day says.
  if (auto day = parse_iso8601(m.upload_date)) return now - *day;
  return std::nullopt;
}

Failure captions_pending(std::int64_t age_seconds) {
  return Failure::transient(FailureCode::captions_pending,
                            "the video went up " + std::to_string(std::max<std::int64_t>(age_seconds, 0) / 60) +
                                " minutes ago and has no automatic captions yet; YouTube usually makes them within "
                                "half an hour, trying again then",
                            30min);
}

std::optional<Failure> classify_live_status(const VideoMetadata& m, std::int64_t now) {
  if (m.live_status == "is_upcoming") {
    std::chrono::seconds wait = 1h;
    if (m.release_timestamp && *m.release_timestamp > now) wait = std::chrono::seconds(*m.release_timestamp - now);
    return Failure::transient(FailureCode::upcoming,
                              "the video is an upcoming live event or premiere; trying again when it starts",
                              std::max<std::chrono::seconds>(wait, 60s));
  }
  if (m.live_status == "is_live")
    return Failure::transient(FailureCode::live_now, "the video is live now; trying again after it ends", 1h);
  if (m.live_status == "post_live")
    return Failure::transient(FailureCode::post_live, "the live stream has just ended and YouTube is still processing it", 1h);
  return std::nullopt;
}

}  // namespace ytm::transcript
