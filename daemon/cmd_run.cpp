#include "command.hpp"

namespace ytm::cli {

void add_run(CLI::App& app, const GlobalOptions& /*global*/, Action& action) {
  auto* cmd = app.add_subcommand("run", "run the daemon: poll channels, process new videos, serve the status page");
  
  cmd->callback([&action] { action = [] { return not_built("run", "the scheduler"); }; });
}

}  // namespace ytm::cli
