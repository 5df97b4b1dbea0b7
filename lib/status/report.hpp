#pragma once
// The one status report: `ytmonitor status --json`, the status page and /api/status all show this.
#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace ytm::status {

// {"channels": [{id, name, source, last_poll, last_result, last_error, failures, not_found_since}],
//  "videos": {state: count}, "failures": {code: count}, "model_today": {calls, tokens, cost_usd},
//  "notifications": {pending, failed, sent, next_attempt, last_error}, "sponsorblock": {videos, tokens_saved},
//  "recent": [{id, title, channel_id, state, reason, document}], "generated": ISO time}
nlohmann::json status_report(const store::Store& store, const config::Subscriptions& subscriptions, UnixTime now);

// Channels that cannot be resolved get the monitor's reason, failure count and next try from
// report["youtube_feeds"]["unresolved"] (the running daemon's word: it is not in the store, which
// knows a channel only by its id).
void add_unresolved_reasons(nlohmann::json& report);
// "; 3 failures in a row, next try …" for a channel of the report that keeps failing; "" otherwise.
std::string failing_since(const nlohmann::json& channel);

// The same for people: a few aligned lines, after the daemon's health and pauses when the report
// has them (add_daemon_health).
std::string status_text(const nlohmann::json& report);

}  // namespace ytm::status
