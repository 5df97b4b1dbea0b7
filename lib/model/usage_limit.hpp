#pragma once
// Usage limits: when a subscription's or an account's limit resets, as the claude CLI prints it
// ("You've hit your limit · resets 3pm (Europe/Berlin)") and as the APIs' headers state it, and
// the paused "usage_limit" failure that stops model work until then.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/failure.hpp"
#include "core/time.hpp"

namespace ytm::net {
struct HttpResponse;
}

namespace ytm::model {

// The reset a text states: "resets 3pm (Europe/Berlin)", "resets Dec 3, 10am", "resets at 15:30
// (UTC)", "usage limit reached|1767225600". A time without a zone is the machine's local time;
// nullopt when the text states none.
std::optional<UnixTime> reset_in_text(std::string_view text, UnixTime now);

// A reset time anywhere in a JSON result (keys such as resetsAt, resets_at, reset_at: Unix seconds,
// milliseconds or RFC 3339).
std::optional<UnixTime> reset_in_json(const nlohmann::json& value);

// A short answer that is the CLI's limit banner rather than a model's answer.
bool is_limit_banner(std::string_view text);

// How long a 429 asks to wait: retry-after, else the latest reset among the limits the headers
// show exhausted (anthropic-ratelimit-*-reset in RFC 3339 or Unix seconds, x-ratelimit-reset-* as
// "6m0s"), else the latest reset stated.
std::optional<std::chrono::seconds> limit_wait(const net::HttpResponse& response, UnixTime now);

// Waits longer than this are a usage limit (the stage pauses) rather than a retry in place.
inline constexpr std::chrono::seconds pause_beyond{120};

// The paused failure: resumes at the reset, or after an hour when none is stated.
Failure usage_limit_failure(const std::string& said, std::optional<UnixTime> reset, UnixTime now);

}  // namespace ytm::model
