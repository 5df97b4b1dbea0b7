#include <cstdio>

#include "command.hpp"
#include "status/daemon_health.hpp"
#include "status/report.hpp"

namespace ytm::cli {
namespace {

int show_status(const GlobalOptions& global, bool json) {
  auto loaded = set_up_reading(global, "status");
  if (!loaded) return exit_failure;
  auto& store = loaded->runtime.store();
  const auto now = now_unix();
  auto report = status::status_report(store, loaded->subscriptions, now);
  status::add_daemon_health(report, loaded->config.state_dir, now);
  std::fputs(json ? (report.dump() + "\n").c_str() : status::status_text(report).c_str(), stdout);
  return exit_ok;
}

}  // namespace

void add_status(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto* cmd = app.add_subcommand(
      "status", "show the daemon's health checks and pauses, channels and the queue (--json for scripts)");
  static bool json = false;
  cmd->add_flag("--json", json, "print one JSON object");
  cmd->callback([&action, &global] { action = [&global] { return show_status(global, json); }; });
}

}  // namespace ytm::cli
