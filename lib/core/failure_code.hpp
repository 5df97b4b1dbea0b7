#pragma once
// Why something failed, as the queue, status, logs and tests tell it apart: an enum, so a typo in
// a code made in one layer and tested in another is a compile error. Its text (the one list below)
// is what the database's failure_code column, /api/status and the logs have always held.
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace ytm {

// X(enumerator, "stored text"); the text never changes, or stored rows stop matching.
#define YTM_FAILURE_CODES(X)                          \
  X(abandoned, "abandoned")                           \
  X(age_restricted, "age_restricted")                 \
  X(apprise_failed, "apprise_failed")                 \
  X(auth, "auth")                                     \
  X(bad_captions, "bad_captions")                     \
  X(bad_channel_ref, "bad_channel_ref")               \
  X(bad_info_json, "bad_info_json")                   \
  X(bad_request, "bad_request")                       \
  X(bad_response, "bad_response")                     \
  X(bad_result, "bad_result")                         \
  X(bad_url, "bad_url")                               \
  X(bad_video, "bad_video")                           \
  X(batch_cancelled, "batch_cancelled")               \
  X(batch_dropped, "batch_dropped")                   \
  X(batch_expired, "batch_expired")                   \
  X(batch_unsent, "batch_unsent")                     \
  X(billing, "billing")                               \
  X(body_too_large, "body_too_large")                 \
  X(bot_check, "bot_check")                           \
  X(budget, "budget")                                 \
  X(cancelled, "cancelled")                           \
  X(captions_blocked, "captions_blocked")             \
  X(captions_pending, "captions_pending")             \
  X(command_missing, "command_missing")               \
  X(connect_failed, "connect_failed")                 \
  X(consent_page, "consent_page")                     \
  X(context_too_long, "context_too_long")             \
  X(cookie_jar, "cookie_jar")                         \
  X(cookies_missing, "cookies_missing")               \
  X(crashed, "crashed")                               \
  X(cut_off, "cut_off")                               \
  X(dns_failed, "dns_failed")                         \
  X(empty_transcript, "empty_transcript")             \
  X(feed_invalid, "feed_invalid")                     \
  X(ffmpeg_failed, "ffmpeg_failed")                   \
  X(http_status, "http_")                             \
  X(internal, "internal")                             \
  X(interrupted, "interrupted")                       \
  X(invalid_output, "invalid_output")                 \
  X(live_now, "live_now")                             \
  X(members_only, "members_only")                     \
  X(network, "network")                               \
  X(no_captions, "no_captions")                       \
  X(no_result, "no_result")                           \
  X(no_structured_output, "no_structured_output")     \
  X(output_path, "output_path")                       \
  X(output_read, "output_read")                       \
  X(output_write, "output_write")                     \
  X(overloaded, "overloaded")                         \
  X(page_unrecognised, "page_unrecognised")           \
  X(post_live, "post_live")                           \
  X(private_video, "private")                         \
  X(proxy_failed, "proxy_failed")                     \
  X(rate_limited, "rate_limited")                     \
  X(removed, "removed")                               \
  X(server_error, "server_error")                     \
  X(spawn_failed, "spawn_failed")                     \
  X(target_removed, "target_removed")                 \
  X(temp_dir, "temp_dir")                             \
  X(timeout, "timeout")                               \
  X(tls_failed, "tls_failed")                         \
  X(too_many_redirects, "too_many_redirects")         \
  X(unknown_video, "unknown_video")                   \
  X(upcoming, "upcoming")                             \
  X(usage_limit, "usage_limit")                       \
  X(whisper_failed, "whisper_failed")                 \
  X(whisper_model_missing, "whisper_model_missing")   \
  X(ytdlp_broken, "ytdlp_broken")                     \
  X(ytdlp_failed, "ytdlp_failed")                     \
  X(ytdlp_options, "ytdlp_options")                   \
  X(ytdlp_outdated, "ytdlp_outdated")                 \
  X(ytdlp_update, "ytdlp_update")

enum class FailureCode {
#define YTM_FAILURE_ENUMERATOR(name, text) name,
  YTM_FAILURE_CODES(YTM_FAILURE_ENUMERATOR)
#undef YTM_FAILURE_ENUMERATOR
};

// The stored text; http_status alone is only a prefix ("http_"): a Failure adds its status.
std::string_view to_string(FailureCode code);
// The code whose stored text is text; none for "http_404" and the like, and for unknown text.
std::optional<FailureCode> failure_code_from(std::string_view text);
// "http_404": what a failure with an HTTP status is stored as.
std::string http_code_text(int status);
// For Catch and spdlog's ostream fallback: the stored text.
std::ostream& operator<<(std::ostream& out, FailureCode code);

}  // namespace ytm
