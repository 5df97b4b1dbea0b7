#include <boost/asio/io_context.hpp>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "core/log.hpp"
#include "core/run_to_end.hpp"
#include "health/checks.hpp"
#include "service/runtime.hpp"
#include "status/daemon_health.hpp"

namespace ytm::cli {
namespace {

void print_line(const std::string& line) { std::printf("%s\n", line.c_str()); }

// "✗ youtube: youtube work paused until …" for what the running daemon has paused by itself (a bot
// check, the model's usage limit); pauses that follow a failed check are that check's line already.
std::vector<std::string> daemon_pauses(const std::filesystem::path& state_dir) {
  nlohmann::json report;
  status::add_daemon_health(report, state_dir, now_unix());
  std::vector<std::string> lines;
  for (const auto& pause : report["paused"]) {
    if (pause.value("code", "").starts_with("health:")) continue;
    lines.push_back(health::format_line({pause.value("stage", ""), health::Level::fail, true, health::Stage::none,
                                         pause.value("text", ""), ""}));
  }
  return lines;
}

int doctor(const GlobalOptions& global, bool no_model_call) {
  setup_logging(global.log_level.empty() ? "warn" : global.log_level);
  auto loaded = load_with_overrides(global);
  for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.to_string().c_str());
  if (!loaded.ok()) {
    health::CheckResult bad{
        "configuration",
        health::Level::fail,
        true,
        health::Stage::none,
        std::to_string(loaded.errors.size()) + " error(s) in " + global.config_path + " (listed above)",
        "correct each FILE:LINE:COLUMN above, then run ytmonitor doctor again"};
    print_line(health::format_line(bad));
    return exit_failure;
  }
  const auto& c = loaded.config;
  print_line(health::format_line({"configuration", health::Level::ok, true, health::Stage::none,
                                  c.file.string() + " and " + c.subscriptions_file.string() + " (" +
                                      std::to_string(loaded.subscriptions.channels.size()) + " channels)",
                                  ""}));
  health::CheckOptions options;
  options.model_call = !no_model_call;
  options.status_port = true;
  service::Runtime runtime(c);
  auto& io = runtime.io();
  const auto checks = run_to_end(io, health::run_checks(io.get_executor(), c, options));
  int failed = 0;
  for (const auto& check : checks) {
    print_line(health::format_line(check));
    if (check.failed()) ++failed;
  }
  const auto paused = daemon_pauses(c.state_dir);
  for (const auto& line : paused) print_line(line);
  if (failed == 0 && paused.empty()) {
    print_line("Every required check passes" + std::string(no_model_call ? " (the model call was skipped)." : "."));
    return exit_ok;
  }
  if (failed == 0) {
    print_line("The checks pass, but the running daemon has paused work (above): it resumes by itself at the time "
               "given, or at once after the fix.");
    return exit_failure;
  }
  print_line(std::to_string(failed) +
             " required check(s) failed: ytmonitor cannot process videos until they are fixed.");
  return exit_failure;
}

}  // namespace

void add_doctor(CLI::App& app, const GlobalOptions& global, Action& action) {
  static bool no_model_call = false;
  auto* cmd =
      app.add_subcommand("doctor", "check everything a video needs (tools, folders, model) and say how to fix it");
  cmd->add_flag("--no-model-call", no_model_call, "skip the one-token call that proves the model's credentials");
  cmd->callback([&action, &global] { action = [&global] { return doctor(global, no_model_call); }; });
}

}  // namespace ytm::cli
