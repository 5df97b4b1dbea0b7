#include "command.hpp"
#include "core/log.hpp"
#include "service/daemon.hpp"

namespace ytm::cli {
namespace {

int run(const GlobalOptions& global) {
  auto loaded = load_config(global);
  if (!loaded) return exit_failure;
  setup_logging(loaded->config.log_level);
  return service::run_daemon(std::move(*loaded), [&global] { return load_with_overrides(global); });
}

}  // namespace

void add_run(CLI::App& app, const GlobalOptions& global, Action& action) {
  auto* cmd = app.add_subcommand("run", "run the daemon: poll channels, process new videos, serve the status page");
  cmd->callback([&action, &global] { action = [&global] { return run(global); }; });
}

}  // namespace ytm::cli
