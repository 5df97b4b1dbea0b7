#pragma once
// The health checks `ytmonitor doctor` prints and the daemon runs at start and every hour: one
// place decides what is checked, how it is judged and what the user is told to do about it.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "config/config.hpp"

namespace ytm {
class BlockingPool;
}
namespace ytm::transcript {
struct YtdlpInstall;
}

namespace ytm::health {

enum class Level { ok, warn, fail };

// The part of the work a failed required check stops in the daemon (none: shown, nothing paused).
enum class Stage { none, transcript, model, output };

struct CheckResult {
  std::string name;  // stable, for /metrics: "state_dir", "yt-dlp", "js_runtime", "model_call", ...
  Level level = Level::ok;
  bool required = true;  // a failure fails doctor (a warning never does)
  Stage stage = Stage::none;
  std::string summary;  // what was found: "yt-dlp 2026.11.20, 11 days old (release binary, updated daily)"
  std::string fix;      // one sentence; empty when all is well

  [[nodiscard]] bool failed() const { return level == Level::fail && required; }
};

struct CheckOptions {
  bool model_call = false;       // a one-token call that proves authentication (doctor without --no-model-call)
  bool status_port = false;      // whether status.listen is free to bind (not in the daemon, which holds it)
  BlockingPool* pool = nullptr;  // for the file checks; they run inline without one
  // Added to the model command's environment (tests point the claude CLI at a stand-in).
  std::vector<std::pair<std::string, std::string>> model_env;
};

boost::asio::awaitable<std::vector<CheckResult>> run_checks(boost::asio::any_io_executor executor,
                                                            config::Config config, CheckOptions options);

// "✓ yt-dlp: …", "⚠ …" (a warning) or "✗ state_dir: … Fix: …".
std::string format_line(const CheckResult& check);
bool all_required_pass(const std::vector<CheckResult>& checks);
const char* to_string(Stage stage);
const char* to_string(Level level);
// {check, level, required, stage, summary, fix}: /api/status, and what the daemon records for `ytmonitor status`.
nlohmann::json to_json(const CheckResult& check);
CheckResult check_from_json(const nlohmann::json& value);  // unknown levels read as fail, stages as none

// The parts, each in its own file.
std::vector<CheckResult> check_folders(const config::Config& config);
std::vector<CheckResult> check_transcript_files(const config::TranscriptSettings& transcript);
boost::asio::awaitable<std::vector<CheckResult>> check_ytdlp_install(boost::asio::any_io_executor executor,
                                                                     config::TranscriptSettings transcript);
boost::asio::awaitable<std::vector<CheckResult>> check_model(boost::asio::any_io_executor executor,
                                                             config::ModelSettings model, CheckOptions options);
CheckResult check_status_port(const std::string& listen);
// The YouTube session: the cookie jar, the PO-token provider plugin and its server (warnings only).
CheckResult check_cookie_jar(const config::TranscriptSettings& transcript);
CheckResult check_pot_plugin(const transcript::YtdlpInstall& install);
boost::asio::awaitable<CheckResult> check_pot_server(boost::asio::any_io_executor executor,
                                                     config::TranscriptSettings transcript);

}  // namespace ytm::health
