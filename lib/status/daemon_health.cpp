#include "status/daemon_health.hpp"

#include <fstream>

#include "core/process_identity.hpp"
#include "core/pauses.hpp"
#include "status/report.hpp"

namespace ytm::status {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path record_file(const fs::path& state_dir) { return state_dir / "daemon-health.json"; }

// The daemon that wrote the record runs now. (owner_may_be_running answers "maybe" for another
// host or boot; here that is "not this daemon".)
bool still_running(const json& record) {
  auto owner = parse_identity(record.value("daemon", ""));
  return owner && owner->host == self_identity().host && owner_may_be_running(*owner);
}

}  // namespace

json daemon_health_record(const DaemonView& daemon, const Pauses& pauses) {
  auto paused = json::array();
  for (const auto& p : pauses.all()) {
    paused.push_back({{"stage", p.stage},
                      {"code", p.code},
                      {"reason", p.reason},
                      {"until", p.until ? json(*p.until) : json(nullptr)},
                      {"fix", p.fix}});
  }
  return {{"daemon", self_identity().text()},
          {"checked_at", daemon.checked_at()},
          {"health", daemon.health_checks()},
          {"paused", paused},
          {"ytdlp_update", daemon.ytdlp_update()}};
}

void write_daemon_health(const fs::path& state_dir, const json& record) {
  const fs::path file = record_file(state_dir);
  const fs::path temp = file.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << record.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
    if (!out.flush()) return;  // a full disk: the status page still has it
  }
  std::error_code ec;
  fs::rename(temp, file, ec);
}

void add_daemon_health(json& report, const fs::path& state_dir, UnixTime now) {
  std::ifstream in(record_file(state_dir));
  json record = in ? json::parse(in, nullptr, false) : json();
  if (!record.is_object()) record = json::object();
  const bool running = still_running(record);
  const auto owner = parse_identity(record.value("daemon", ""));
  const auto checked = record.value("checked_at", UnixTime{0});
  report["daemon"] = {{"running", running},
                      {"pid", owner ? json(owner->pid) : json(nullptr)},
                      {"checked_at", checked > 0 ? json(format_iso8601(checked)) : json(nullptr)}};
  report["health"] = record.value("health", json::array());
  Pauses pauses;
  for (const auto& p : record.value("paused", json::array())) {
    if (!running || !p.is_object()) continue;
    const auto until = p.value("until", json());
    pauses.set({p.value("stage", ""), p.value("code", ""), p.value("reason", ""),
                until.is_number_integer() ? std::optional<UnixTime>(until.get<UnixTime>()) : std::nullopt,
                p.value("fix", "")});
  }
  report["paused"] = pauses.to_json(now);
  const auto feeds = record.value("youtube_feeds", json());
  report["youtube_feeds"] = running && feeds.is_object() ? feeds : json{{"failing", false}};
  add_unresolved_reasons(report);
  report["ytdlp_update"] = record.value("ytdlp_update", json());
}

fs::path retry_request_file(const fs::path& state_dir) { return state_dir / "retry-requested"; }

void request_retry(const fs::path& state_dir) {
  const fs::path temp = retry_request_file(state_dir).string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << format_iso8601(now_unix()) << "\n";
  }
  std::error_code ec;
  fs::rename(temp, retry_request_file(state_dir), ec);
}

}  // namespace ytm::status
