#include "command.hpp"

namespace ytm::cli {

void add_check_config(CLI::App& app, const GlobalOptions& /*global*/, Action& action) {
  auto* cmd = app.add_subcommand("check-config", "validate config.yaml and the subscription list");
  
  cmd->callback([&action] { action = [] { return not_built("check-config", "config"); }; });
}

}  // namespace ytm::cli
