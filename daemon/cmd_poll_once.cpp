#include "command.hpp"

namespace ytm::cli {

void add_poll_once(CLI::App& app, const GlobalOptions& /*global*/, Action& action) {
  auto* cmd = app.add_subcommand("poll-once", "poll every channel once, record what is new, and exit");
  
  cmd->callback([&action] { action = [] { return not_built("poll-once", "the channel monitor"); }; });
}

}  // namespace ytm::cli
