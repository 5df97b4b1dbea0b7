#pragma once
// state_dir/daemon-health.json: what the running daemon's health checks, pauses and last yt-dlp
// update say, so that `ytmonitor status` shows what the status page shows from memory.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "status/daemon_view.hpp"

namespace ytm {
class Pauses;
}

namespace ytm::status {

// {daemon: "host:pid:started", checked_at, health: [...], paused: [{stage, code, reason, until}],
//  ytdlp_update}; the daemon adds youtube_feeds (monitor::Monitor::feeds_status).
nlohmann::json daemon_health_record(const DaemonView& daemon, const Pauses& pauses);
void write_daemon_health(const std::filesystem::path& state_dir, const nlohmann::json& record);

// Adds to a status report what the daemon recorded: "daemon" {running, pid, checked_at}, and
// "health", "paused" and "youtube_feeds" (those in force, only while it runs) and "ytdlp_update",
// as /api/status has them. Without a record: {running: false} and empty lists.
void add_daemon_health(nlohmann::json& report, const std::filesystem::path& state_dir, UnixTime now);

// The other way, from a command to the running daemon: state_dir/retry-requested appears when
// `ytmonitor retry` has queued videos again; the daemon (watching for it) removes it, takes them
// at once and ends a pause of YouTube work (a bot check).
std::filesystem::path retry_request_file(const std::filesystem::path& state_dir);
void request_retry(const std::filesystem::path& state_dir);

}  // namespace ytm::status
