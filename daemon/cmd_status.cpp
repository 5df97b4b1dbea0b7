#include "command.hpp"

namespace ytm::cli {

void add_status(CLI::App& app, const GlobalOptions& /*global*/, Action& action) {
  auto* cmd = app.add_subcommand("status", "show channels and the queue (--json for scripts)");
  static bool flag = false; cmd->add_flag("--json", flag, "print one JSON object");
  cmd->callback([&action] { action = [] { return not_built("status", "the status report"); }; });
}

}  // namespace ytm::cli
