#include <cstdio>

#include "command.hpp"
#include "service/daemon_health.hpp"
#include "service/status_report.hpp"

namespace ytm::cli {
namespace {

int status(const GlobalOptions& global, bool json) {
  auto loaded = load_config(global);
  if (!loaded) return exit_failure;
  store::Store store(store::Store::default_file(loaded->config.state_dir));
  const auto now = now_unix();
  auto report = service::status_report(store, loaded->subscriptions, now);
  service::add_daemon_health(report, loaded->config.state_dir, now);
  std::fputs(json ? (report.dump() + "\n").c_str() : service::status_text(report).c_str(), stdout);
  return exit_ok;
}

}  // namespace

void add_status(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto* cmd = app.add_subcommand(
      "status", "show the daemon's health checks and pauses, channels and the queue (--json for scripts)");
  static bool json = false;
  cmd->add_flag("--json", json, "print one JSON object");
  cmd->callback([&action, &global] { action = [&global] { return status(global, json); }; });
}

}  // namespace ytm::cli
